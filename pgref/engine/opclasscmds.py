"""CREATE OPERATOR CLASS (PostgreSQL's opclasscmds.c, DefineOpClass).

Where it sits: ``engine/`` (spec/09-engine.md, "DDL"); the catalog rows are
``catalog/opclasses.py``.  What a CREATE OPERATOR CLASS does, in order:

  1. the access method must exist and be an index AM (42704);
  2. the input type is resolved; the class name must be new for that
     method in its schema (42710);
  3. the family is FAMILY's (it must exist, 42704) or one of the class's
     own name, created when missing (DefineOpClass makes it implicitly);
  4. each OPERATOR n op [(left, right)] resolves ``op`` for the given (or
     the input) types (42883), n within the method's strategies; each
     FUNCTION n f(args) resolves ``f`` exactly (42883), n within the
     method's support numbers; STORAGE sets the key type;
  5. DEFAULT: no other default class of the method for the type (42710).

The class is recorded, not used: pgref's indexes use built-in operator
classes (btree only), so naming a user class in CREATE INDEX is not
possible yet.

Entry point: ``define_opclass(session, stmt, text) -> Result``.
"""
from __future__ import annotations

from pgref.catalog.opclasses import AmOp, AmProc, UserOpClass, UserOpFamily
from pgref.engine.session import Result
from pgref.errors import DUPLICATE_OBJECT, UNDEFINED_OBJECT, PgError
from pgref.sql import ast as A

INVALID_OBJECT_DEFINITION = "42P17"
UNDEFINED_FUNCTION = "42883"

# pg_am: index access methods -> (oid, number of strategies, number of support functions)
INDEX_AMS = {"btree": (403, 5, 6), "hash": (405, 1, 3), "gist": (783, 0, 11), "gin": (2742, 0, 7),
             "spgist": (4000, 0, 6), "brin": (3580, 0, 5)}


def _qualified(session, names) -> tuple[int, str]:
    names = list(names)
    if len(names) > 1:
        nsp = session.db.cat.namespace_oid(names[-2])
        if nsp is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
        return nsp, names[-1]
    return session.creation_namespace(None), names[-1]


def _find_family(cat, nsp: int | None, name: str, method: int):
    from pgref.catalog import builtin
    for f in cat.opfamilies.values():
        if f.name == name and f.method == method and (nsp is None or f.namespace == nsp):
            return f.oid
    for r in builtin.rows("pg_opfamily"):
        if r["opfname"] == name and int(r["opfmethod"]) == method and (nsp is None or int(r["opfnamespace"]) == nsp):
            return int(r["oid"])
    return None


def _default_exists(cat, method: int, intype: int) -> str | None:
    from pgref.catalog import builtin
    for c in cat.opclasses.values():
        if c.method == method and c.intype == intype and c.is_default:
            return c.name
    for r in builtin.rows("pg_opclass"):
        if int(r["opcmethod"]) == method and int(r["opcintype"]) == intype and r["opcdefault"] == "t":
            return r["opcname"]
    return None


def define_opclass(session, s: A.CreateOpClassStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    ea = session.expr_analyzer()
    am = INDEX_AMS.get(s.amname)
    if am is None:
        raise PgError(UNDEFINED_OBJECT, f'access method "{s.amname}" does not exist')
    method, nstrategies, nsupport = am
    nsp, name = _qualified(session, s.opclassname)
    intype, _ = ea.type_from_name(s.datatype)
    if any(c.name == name and c.namespace == nsp and c.method == method for c in cat.opclasses.values()):
        raise PgError(DUPLICATE_OBJECT, f'operator class "{name}" for access method "{s.amname}" already exists')
    if s.opfamilyname:
        fnsp, fname = (_qualified(session, s.opfamilyname) if len(s.opfamilyname) > 1
                       else (None, s.opfamilyname[0]))
        family = _find_family(cat, fnsp, fname, method)
        if family is None:
            raise PgError(UNDEFINED_OBJECT, f'operator family "{fname}" does not exist for access method '
                          f'"{s.amname}"')
    else:
        family = _find_family(cat, nsp, name, method)
    operators: list[AmOp] = []
    procs: list[AmProc] = []
    keytype = 0
    for item in s.items:
        if item.itemtype == "operator":
            if nstrategies and not 1 <= item.number <= nstrategies:
                raise PgError(INVALID_OBJECT_DEFINITION, f"invalid operator number {item.number}, must be between 1 "
                              f"and {nstrategies}")
            left = right = intype
            if item.name.objargs:
                lt, rt = item.name.objargs
                left = ea.type_from_name(lt)[0] if lt is not None else 0
                right = ea.type_from_name(rt)[0] if rt is not None else 0
            opname = item.name.objname[-1]
            op = next((o for o in cat.operators_named(opname) if o.left == left and o.right == right), None)
            if op is None:
                raise PgError(UNDEFINED_FUNCTION, f"operator does not exist: {cat.format_type(left)} {opname} "
                              f"{cat.format_type(right)}")
            sortfamily = 0
            if item.order_family:
                sortfamily = _find_family(cat, None, item.order_family[-1], 403) or 0
            if any(o.strategy == item.number and o.lefttype == left and o.righttype == right for o in operators):
                raise PgError(INVALID_OBJECT_DEFINITION, f"operator number {item.number} for ({cat.format_type(left)},"
                              f"{cat.format_type(right)}) appears more than once")
            operators.append(AmOp(cat.new_oid(), left, right, item.number, "o" if item.order_family else "s",
                                  op.oid, sortfamily))
        elif item.itemtype == "function":
            if not 1 <= item.number <= nsupport:
                raise PgError(INVALID_OBJECT_DEFINITION, f"invalid function number {item.number}, must be between 1 "
                              f"and {nsupport}")
            from pgref.engine.functions import lookup_routine
            proc = lookup_routine(session, item.name, "function")
            left = right = intype
            if item.class_args:
                left = ea.type_from_name(item.class_args[0])[0]
                right = ea.type_from_name(item.class_args[-1])[0]
            if any(p.num == item.number and p.lefttype == left and p.righttype == right for p in procs):
                raise PgError(INVALID_OBJECT_DEFINITION, f"function number {item.number} for "
                              f"({cat.format_type(left)},{cat.format_type(right)}) appears more than once")
            if method == 405:                     # assignProcTypes' checks for hash support functions
                want = {1: (1, 23, "integer", "one"), 2: (2, 20, "bigint", "two")}.get(item.number)
                if want is not None:
                    if len(proc.argtypes) != want[0]:
                        raise PgError(INVALID_OBJECT_DEFINITION,
                                      f"hash function {item.number} must have {want[3]} argument"
                                      + ("s" if want[0] > 1 else ""))
                    if proc.rettype != want[1]:
                        raise PgError(INVALID_OBJECT_DEFINITION,
                                      f"hash function {item.number} must return {want[2]}")
                    left = right = proc.argtypes[0]
            procs.append(AmProc(cat.new_oid(), left, right, item.number, proc.oid))
        else:
            if keytype:
                raise PgError("42601", "storage type specified more than once")
            keytype = ea.type_from_name(item.storedtype)[0]
    if s.is_default:
        other = _default_exists(cat, method, intype)
        if other is not None:
            # the type as written (TypeNameToString), not its canonical name
            raise PgError(DUPLICATE_OBJECT, f'could not make operator class "{name}" be default for type '
                          f"{'.'.join(s.datatype.names)}", detail=f'Operator class "{other}" already is the default.')
    owner = getattr(session, "user_oid", 10) or 10
    if family is None:
        fam = UserOpFamily(cat.new_oid(), name, nsp, owner, method)
        cat.opfamilies[fam.oid] = fam
        family = fam.oid
    fam = cat.opfamilies.get(family)
    if fam is None and (operators or procs):
        # a built-in family cannot take members here
        raise PgError("0A000", "adding operators or functions to a built-in operator family is not supported")
    if fam is not None:
        fam.operators.extend(operators)
        fam.procs.extend(procs)
    cls = UserOpClass(cat.new_oid(), name, nsp, owner, method, family, intype, s.is_default, keytype)
    cat.opclasses[cls.oid] = cls
    cat.changed()
    return Result("CREATE OPERATOR CLASS")


def install(handlers: dict) -> None:
    handlers[A.CreateOpClassStmt] = define_opclass

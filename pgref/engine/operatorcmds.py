"""CREATE / DROP / ALTER OPERATOR: user-defined operators.

Where it sits: ``engine/`` (spec/09-engine.md, "User-defined operators").
PostgreSQL splits this work between ``operatorcmds.c`` (DefineOperator:
read the definition list, resolve the argument types, the implementing
function and the selectivity estimators; AlterOperator; RemoveOperatorById)
and ``pg_operator.c`` (OperatorCreate: validate the name and the
combination of attributes, make *shell* operators for commutator and negator
names that do not exist yet, fill a shell in, and link the pair both ways).
This module follows both, check for check and message for message.

What it guarantees:

* A created operator is a :class:`~pgref.catalog.catalog.UserOperator` in
  ``Catalog.user_operators`` (a ``pg_operator`` row), so the analyzer's
  operator resolution (``analyzer/resolve.py``, through
  ``Catalog.operators_named``) finds it exactly as it finds a built-in one,
  the executor calls its function by ``code``, it is rolled back with the
  rest of the catalog (INV-CAT-3) and persisted (``engine/persist.py``,
  catalog ``pg_operator``).
* INV-OPER-1: an operator's name passes ``valid_operator_name`` (the
  characters of scan.l's ``op_chars``, no comment starts, no trailing ``+``
  or ``-`` unless the name holds a character SQL operators lack, not ``!=``).
* INV-OPER-2: commutator and negator links are symmetric when both operators
  are complete: creating an operator points the other one back at it if
  that one has no link yet; dropping an operator clears the links that point
  at it, so no ``oprcom``/``oprnegate`` ever names a missing operator.
* INV-OPER-3: a shell operator (``code`` 0) is never executed: the analyzer
  rejects it with "operator is only a shell".

Entry points:
    define_operator(session, stmt, text)    CREATE OPERATOR
    drop_operators(session, stmt, text)     DROP OPERATOR [IF EXISTS] ...
    alter_operator(session, stmt, text)     ALTER OPERATOR ... SET (...)
    lookup_operator(session, owa, missing_ok) -> operator row | None
    valid_operator_name(name) -> bool
    install(handlers)                       adds the statements to ddl.HANDLERS
"""
from __future__ import annotations

import dataclasses

from pgref.catalog.catalog import BOOTSTRAP_SUPERUSER, UserOperator
from pgref.engine.session import Result
from pgref.errors import (AMBIGUOUS_FUNCTION, DUPLICATE_FUNCTION, FEATURE_NOT_SUPPORTED,
                          INVALID_FUNCTION_DEFINITION, SYNTAX_ERROR, UNDEFINED_FUNCTION, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T
from pgref.engine.define import (  # commands/define.c
    def_boolean as _boolean,
    def_qualified_name as _qualified_name,
    def_type_name as _type_name,
)

INVALID_NAME = "42602"
INVALID_OBJECT_DEFINITION = "42P17"
DEPENDENT_OBJECTS_STILL_EXIST = "2BP01"
INTERNAL = 2281

# scan.l's op_chars; '+' and '-' may end a multi-character name only after one of these
_OP_CHARS = set("~!@#^&|`?+-*/%<>=")
_NON_SQL_CHARS = set("~!@#^&|`?%")


def valid_operator_name(name: str) -> bool:
    """validOperatorName (pg_operator.c), INV-OPER-1."""
    if not name or len(name) >= 64:
        return False
    if any(ch not in _OP_CHARS for ch in name):
        return False
    if "/*" in name or "--" in name:
        return False
    if len(name) > 1 and name[-1] in "+-" and not any(ch in _NON_SQL_CHARS for ch in name[:-1]):
        return False
    return name != "!="


# ======================================================================= helpers


def _split(names) -> tuple[str | None, str]:
    names = tuple(names)
    return (names[-2] if len(names) > 1 else None), names[-1]


def _type_oid(session, tn: A.TypeName) -> int:
    """typenameTypeId without a parse state (no error cursor)."""
    from pgref.engine.functions import _resolve_type
    try:
        return _resolve_type(session, tn)[0]
    except PgError as e:
        e.position = None
        raise


def _current_user(session) -> int:
    from pgref.engine.functions import _role_oid
    try:
        return _role_oid(session, A.RoleSpec(roletype="current_user"))
    except PgError:
        return BOOTSTRAP_SUPERUSER


def _func_signature(cat, names, argtypes) -> str:
    """func_signature_string."""
    return f"{'.'.join(names)}({', '.join(cat.format_type(t) for t in argtypes)})"


def _lookup_func(session, names: tuple, argtypes: tuple, missing_ok: bool = False):
    """LookupFuncName: the routine ``names(argtypes)`` with exactly these
    argument types (no coercion, no defaults, no variadic expansion)."""
    cat = session.db.cat
    schema, name = _split(names)
    found = [p for p in cat.procs_named(name, schema, session.search_path()) if tuple(p.argtypes) == argtypes]
    if found:
        return found[0]
    if missing_ok:
        return None
    raise PgError(UNDEFINED_FUNCTION, f"function {_func_signature(cat, names, argtypes)} does not exist")


def _restriction_estimator(session, names: tuple) -> int:
    """ValidateRestrictionEstimator."""
    proc = _lookup_func(session, names, (INTERNAL, T.OIDOID, INTERNAL, T.INT4OID))
    if proc.rettype != T.FLOAT8OID:
        raise PgError(INVALID_OBJECT_DEFINITION, f"restriction estimator function {'.'.join(names)} must return "
                      "type double precision")
    return proc.oid


def _join_estimator(session, names: tuple) -> int:
    """ValidateJoinEstimator: the 5-argument form, or the old 4-argument one."""
    five = (INTERNAL, T.OIDOID, INTERNAL, T.INT2OID, INTERNAL)
    proc = _lookup_func(session, names, five, missing_ok=True)
    old = _lookup_func(session, names, five[:4], missing_ok=True)
    if proc is not None and old is not None:
        raise PgError(AMBIGUOUS_FUNCTION, f"join estimator function {'.'.join(names)} has multiple matches")
    if proc is None:
        proc = old if old is not None else _lookup_func(session, names, five)
    if proc.rettype != T.FLOAT8OID:
        raise PgError(INVALID_OBJECT_DEFINITION, f"join estimator function {'.'.join(names)} must return "
                      "type double precision")
    return proc.oid


def _find(session, names, left: int, right: int):
    """OpernameGetOprid: the operator ``names`` with exactly these argument
    types (shells included), by the search path unless qualified."""
    schema, name = _split(names)
    for o in session.db.cat.operators_named(name, schema, session.search_path()):
        if o.left == left and o.right == right:
            return o
    return None


def oper_signature(cat, names, left: int, right: int) -> str:
    """op_signature_string."""
    name = ".".join(names)
    if not left:
        return f"{name} {cat.format_type(right)}"
    return f"{cat.format_type(left)} {name} {cat.format_type(right)}"


def describe_operator(cat, op) -> str:
    """getObjectDescription's 'operator name(left,right)' (format_operator)."""
    left = "NONE" if not op.left else cat.format_type(op.left)
    right = "NONE" if not op.right else cat.format_type(op.right)
    return f"operator {op.name}({left},{right})"


# ======================================================================= CREATE OPERATOR
def define_operator(session, s: A.DefineStmt, text: str) -> Result:
    """DefineOperator (operatorcmds.c) + OperatorCreate (pg_operator.c)."""
    session.before_ddl()
    cat = session.db.cat
    schema, oprname = _split(s.defnames)
    nsp = session.creation_namespace(schema)
    type1 = type2 = None
    func = commutator = negator = restrict = join = None
    can_hash = can_merge = False
    for d in s.definition or ():
        name = d.defname
        if name == "leftarg":
            type1 = _type_name(d)
            if type1.setof:
                raise PgError(INVALID_FUNCTION_DEFINITION, "SETOF type not allowed for operator argument")
        elif name == "rightarg":
            type2 = _type_name(d)
            if type2.setof:
                raise PgError(INVALID_FUNCTION_DEFINITION, "SETOF type not allowed for operator argument")
        elif name in ("function", "procedure"):
            func = _qualified_name(d)
        elif name == "commutator":
            commutator = _qualified_name(d)
        elif name == "negator":
            negator = _qualified_name(d)
        elif name == "restrict":
            restrict = _qualified_name(d)
        elif name == "join":
            join = _qualified_name(d)
        elif name == "hashes":
            can_hash = _boolean(d)
        elif name == "merges":
            can_merge = _boolean(d)
        elif name in ("sort1", "sort2", "ltcmp", "gtcmp"):
            can_merge = True            # obsolete options: they imply MERGES
        else:
            session.notices.append(PgError(SYNTAX_ERROR, f'operator attribute "{name}" not recognized',
                                           severity="WARNING"))
    if func is None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "operator function must be specified")
    left = _type_oid(session, type1) if type1 is not None else 0
    right = _type_oid(session, type2) if type2 is not None else 0
    if not left and not right:
        raise PgError(INVALID_FUNCTION_DEFINITION, "operator argument types must be specified")
    if not right:
        raise PgError(INVALID_FUNCTION_DEFINITION, "operator right argument type must be specified",
                      detail="Postfix operators are not supported.")
    argtypes = (left, right) if left else (right,)
    proc = _lookup_func(session, func, argtypes)
    rest_oid = _restriction_estimator(session, restrict) if restrict else 0
    join_oid = _join_estimator(session, join) if join else 0
    operator_create(session, oprname, nsp, left, right, proc, commutator, negator, rest_oid, join_oid,
                    can_merge, can_hash)
    cat.changed()
    return Result("CREATE OPERATOR")


def operator_create(session, name: str, nsp: int, left: int, right: int, proc, commutator, negator,
                    rest: int, join: int, can_merge: bool, can_hash: bool) -> UserOperator:
    """OperatorCreate: validate, make or fill the row, link commutator and negator."""
    cat = session.db.cat
    if not valid_operator_name(name):
        raise PgError(INVALID_NAME, f'"{name}" is not a valid operator name')
    if not (left and right):
        for bad, what in ((commutator, "have commutators"), (join, "have join selectivity"),
                          (can_merge, "merge join"), (can_hash, "hash")):
            if bad:
                raise PgError(INVALID_FUNCTION_DEFINITION, f"only binary operators can {what}")
    result = proc.rettype
    if result != T.BOOLOID:
        for bad, what in ((negator, "have negators"), (rest, "have restriction selectivity"),
                          (join, "have join selectivity"), (can_merge, "merge join"), (can_hash, "hash")):
            if bad:
                raise PgError(INVALID_FUNCTION_DEFINITION, f"only boolean operators can {what}")
    existing = next((o for o in cat.user_operators.values()
                     if o.name == name and o.namespace == nsp and o.left == left and o.right == right), None)
    if existing is None and nsp == 11:
        existing = next((o for o in cat.operators_named(name, "pg_catalog")
                         if o.left == left and o.right == right), None)
    if existing is not None and existing.code:
        raise PgError(DUPLICATE_FUNCTION, f"operator {name} already exists")
    if existing is not None and existing.owner != _current_user(session):
        raise PgError("42501", f"must be owner of operator {name}")
    oid = existing.oid if existing is not None else cat.new_oid()
    self_commutator = False
    com_oid = neg_oid = 0
    if commutator:
        com_oid = _other_operator(session, commutator, right, left, name, nsp, left, right, True)
        if not com_oid:
            self_commutator = True
    if negator:
        neg_oid = _other_operator(session, negator, left, right, name, nsp, left, right, False)
    op = UserOperator(oid=oid, name=name, namespace=nsp, kind="b" if left else "l", canmerge=can_merge,
                      canhash=can_hash, left=left, right=right, result=result, commutator=com_oid,
                      negator=neg_oid, code=proc.oid, owner=_current_user(session), rest=rest, join=join,
                      comment=existing.comment if existing is not None else None)
    cat.user_operators[oid] = op
    if self_commutator:
        com_oid = oid
    if com_oid or neg_oid:
        _operator_upd(cat, oid, com_oid, neg_oid, delete=False)
    return cat.user_operators[oid]


def _other_operator(session, names, other_left: int, other_right: int, name: str, nsp: int,
                    left: int, right: int, is_commutator: bool) -> int:
    """get_other_operator: the commutator/negator's OID, a new shell if it
    does not exist, or 0 for a self-commutator (the caller links it)."""
    found = _find(session, names, other_left, other_right)
    if found is not None:
        if getattr(found, "owner", BOOTSTRAP_SUPERUSER) != _current_user(session) and \
                found.oid in session.db.cat.user_operators:
            raise PgError("42501", f"must be owner of operator {'.'.join(names)}")
        return found.oid
    schema, other_name = _split(names)
    other_nsp = session.creation_namespace(schema)
    if other_name == name and other_nsp == nsp and other_left == left and other_right == right:
        if not is_commutator:
            raise PgError(INVALID_FUNCTION_DEFINITION, "operator cannot be its own negator or sort operator")
        return 0
    return _shell_make(session, other_name, other_nsp, other_left, other_right)


def _shell_make(session, name: str, nsp: int, left: int, right: int) -> int:
    """OperatorShellMake: a placeholder row with no function (INV-OPER-3)."""
    cat = session.db.cat
    if not valid_operator_name(name):
        raise PgError(INVALID_NAME, f'"{name}" is not a valid operator name')
    oid = cat.new_oid()
    cat.user_operators[oid] = UserOperator(oid=oid, name=name, namespace=nsp, kind="b" if left and right else "l",
                                           canmerge=False, canhash=False, left=left, right=right, result=0,
                                           commutator=0, negator=0, code=0, owner=_current_user(session))
    return oid


def _operator_upd(cat, base: int, com: int, neg: int, delete: bool) -> None:
    """OperatorUpd, INV-OPER-2: point the commutator / negator back at
    ``base`` if they have no link yet; on delete, clear links to ``base``."""
    if com and com in cat.user_operators:
        t = cat.user_operators[com]
        if delete and t.commutator == base:
            cat.user_operators[com] = dataclasses.replace(t, commutator=0)
        elif not delete and not t.commutator:
            cat.user_operators[com] = dataclasses.replace(t, commutator=base)
    if neg and neg in cat.user_operators:
        t = cat.user_operators[neg]
        if delete and t.negator == base:
            cat.user_operators[neg] = dataclasses.replace(t, negator=0)
        elif not delete and not t.negator:
            cat.user_operators[neg] = dataclasses.replace(t, negator=base)


# ======================================================================= lookup / DROP
def lookup_operator(session, owa: A.ObjectWithArgs, missing_ok: bool = False):
    """LookupOperWithArgs + LookupOperName: the operator named with its two
    argument types (None for NONE); None when missing and ``missing_ok``."""
    cat = session.db.cat
    ltn, rtn = owa.objargs
    schema, _name = _split(owa.objname)
    if schema is not None and cat.namespace_oid(schema) is None:
        if missing_ok:
            return None
        raise PgError("3F000", f'schema "{schema}" does not exist')
    try:
        left = _type_oid(session, ltn) if ltn is not None else 0
        right = _type_oid(session, rtn) if rtn is not None else 0
    except PgError:
        if missing_ok:
            return None
        raise
    op = _find(session, owa.objname, left, right)
    if op is not None:
        return op
    if missing_ok:
        return None
    if not right:
        raise PgError(SYNTAX_ERROR, "postfix operators are not supported")
    raise PgError(UNDEFINED_FUNCTION, f"operator does not exist: {oper_signature(cat, owa.objname, left, right)}")


def _missing_type(session, tn: A.TypeName) -> bool:
    try:
        _type_oid(session, tn)
    except PgError:
        return True
    return False


def _dependents(cat, oid: int) -> list[str]:
    """What would stop DROP OPERATOR ... RESTRICT: operator-family members
    and aggregates' sort operators that name the operator."""
    out = []
    for f in cat.opfamilies.values():
        for m in f.operators:
            if m.opr == oid:
                out.append(f"operator {m.strategy} ({cat.format_type(m.lefttype)}, {cat.format_type(m.righttype)}) "
                           f"of operator family {f.name} for access method "
                           f"{'hash' if f.method == 405 else 'btree'}")
    for p in cat.user_procs.values():
        agg = getattr(p, "agg", None)
        if agg and agg.get("aggsortop") == oid:
            out.append(f"function {p.name}({', '.join(cat.format_type(t) for t in p.argtypes)})")
    return out


@dataclasses.dataclass(frozen=True)
class OperatorDependent:
    """An operator as engine/ddl.py's drop_relations sees a dependent object."""
    oid: int
    desc: str


def function_dependents(cat, funcoid: int) -> list[tuple[str, OperatorDependent]]:
    """The operators whose function or estimators are ``funcoid`` (their
    pg_depend 'n' entries), for DROP FUNCTION [CASCADE] (engine/ddl.py)."""
    return [("oper", OperatorDependent(o.oid, describe_operator(cat, o)))
            for o in cat.user_operators.values() if funcoid in (o.code, o.rest, o.join)]


def schema_operators(cat, nsp: int) -> list[tuple[int, str]]:
    """(oid, description) of the user operators in a schema, for DROP SCHEMA
    (engine/ddl.py); shells included."""
    name = cat.namespace_name(nsp)
    out = []
    for o in sorted(cat.user_operators.values(), key=lambda o: o.oid):
        if o.namespace == nsp:
            left = "NONE" if not o.left else cat.format_type(o.left)
            out.append((o.oid, f"operator {name}.{o.name}({left},{cat.format_type(o.right)})"))
    return out


def drop_operator_row(cat, op) -> None:
    """RemoveOperatorById: clear the links pointing at it (INV-OPER-2), then remove it."""
    if op.commutator or op.negator:
        _operator_upd(cat, op.oid, op.commutator, op.negator, delete=True)
    cat.user_operators.pop(op.oid, None)


def drop_operators(session, s: A.DropStmt, text: str) -> Result:
    from pgref.engine.functions import _notice
    session.before_ddl()
    cat = session.db.cat
    for owa in s.objects:
        op = lookup_operator(session, owa, missing_ok=s.missing_ok)
        if op is None:
            # does_not_exist_skipping: the schema, then the argument types, then the operator
            schema, _name = _split(owa.objname)
            missing_type = next((tn for tn in owa.objargs if tn is not None and _missing_type(session, tn)), None)
            if schema is not None and cat.namespace_oid(schema) is None:
                _notice(session, f'schema "{schema}" does not exist, skipping')
            elif missing_type is not None:
                _notice(session, f'type "{".".join(missing_type.names)}" does not exist, skipping')
            else:
                _notice(session, f"operator {'.'.join(owa.objname)} does not exist, skipping")
            continue
        if op.oid not in cat.user_operators:
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST, f"cannot drop {describe_operator(cat, op)} because it is "
                          "required by the database system")
        deps = _dependents(cat, op.oid)
        if deps:
            if s.behavior == "cascade":
                raise PgError(FEATURE_NOT_SUPPORTED, "DROP OPERATOR ... CASCADE of an operator that operator "
                              "families or aggregates use is not supported")
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop {describe_operator(cat, op)} because other objects depend on it",
                          detail="\n".join(f"{d} depends on {describe_operator(cat, op)}" for d in deps),
                          hint="Use DROP ... CASCADE to drop the dependent objects too.")
        drop_operator_row(cat, cat.user_operators[op.oid])
        cat.changed()
    return Result("DROP OPERATOR")


# ======================================================================= ALTER OPERATOR
def _owned(session, owa) -> UserOperator:
    """The user operator ``owa``, which the current user must own."""
    cat = session.db.cat
    op = lookup_operator(session, owa)
    if op.oid not in cat.user_operators:
        raise PgError(FEATURE_NOT_SUPPORTED, f"altering built-in {describe_operator(cat, op)} is not supported")
    if op.owner != _current_user(session) and _current_user(session) != BOOTSTRAP_SUPERUSER:
        raise PgError("42501", f"must be owner of operator {op.name}")
    return op


def alter_operator(session, s: A.AlterOperatorStmt, text: str) -> Result:
    """AlterOperator: change RESTRICT and JOIN; the other attributes are fixed."""
    session.before_ddl()
    cat = session.db.cat
    op = lookup_operator(session, s.opername)
    restrict = join = None
    set_rest = set_join = False
    for d in s.options:
        param = None if d.arg is None else _qualified_name(d)
        if d.defname == "restrict":
            restrict, set_rest = param, True
        elif d.defname == "join":
            join, set_join = param, True
        elif d.defname in ("leftarg", "rightarg", "function", "procedure", "commutator", "negator",
                           "hashes", "merges"):
            raise PgError(SYNTAX_ERROR, f'operator attribute "{d.defname}" cannot be changed')
        else:
            raise PgError(SYNTAX_ERROR, f'operator attribute "{d.defname}" not recognized')
    op = _owned(session, s.opername)
    rest_oid = _restriction_estimator(session, restrict) if restrict else 0
    join_oid = _join_estimator(session, join) if join else 0
    if not (op.left and op.right) and join_oid:
        raise PgError(INVALID_FUNCTION_DEFINITION, "only binary operators can have join selectivity")
    if op.result != T.BOOLOID:
        if rest_oid:
            raise PgError(INVALID_FUNCTION_DEFINITION, "only boolean operators can have restriction selectivity")
        if join_oid:
            raise PgError(INVALID_FUNCTION_DEFINITION, "only boolean operators can have join selectivity")
    changes = {}
    if set_rest:
        changes["rest"] = rest_oid
    if set_join:
        changes["join"] = join_oid
    cat.user_operators[op.oid] = dataclasses.replace(op, **changes)
    cat.changed()
    return Result("ALTER OPERATOR")


def owner_operator(session, s: A.AlterOwnerStmt, text: str) -> Result:
    """ALTER OPERATOR ... OWNER TO."""
    from pgref.engine.functions import _role_oid
    session.before_ddl()
    cat = session.db.cat
    op = _owned(session, s.object)
    cat.user_operators[op.oid] = dataclasses.replace(op, owner=_role_oid(session, s.newowner))
    cat.changed()
    return Result("ALTER OPERATOR")


def set_schema_operator(session, s: A.AlterObjectSchemaStmt, text: str) -> Result:
    """ALTER OPERATOR ... SET SCHEMA (AlterObjectNamespace_internal)."""
    session.before_ddl()
    cat = session.db.cat
    op = _owned(session, s.object)
    nsp = cat.namespace_oid(s.newschema)
    if nsp is None:
        raise PgError("3F000", f'schema "{s.newschema}" does not exist')
    if nsp == op.namespace:
        return Result("ALTER OPERATOR")     # already there: nothing to do, as in PostgreSQL
    clash = any(o.name == op.name and o.namespace == nsp and o.left == op.left and o.right == op.right
                for o in cat.user_operators.values())
    if clash:
        # PostgreSQL has no friendlier check for operators: the unique index reports it
        raise PgError("23505", 'duplicate key value violates unique constraint "pg_operator_oprname_l_r_n_index"',
                      detail=f"Key (oprname, oprleft, oprright, oprnamespace)=({op.name}, {op.left}, {op.right}, "
                             f"{nsp}) already exists.")
    cat.user_operators[op.oid] = dataclasses.replace(op, namespace=nsp)
    cat.changed()
    return Result("ALTER OPERATOR")


def comment_operator(session, s: A.CommentStmt, text: str) -> Result:
    """COMMENT ON OPERATOR: kept on the row (pg_description shows it, classoid pg_operator)."""
    session.before_ddl()
    cat = session.db.cat
    op = lookup_operator(session, s.object)
    if op.oid not in cat.user_operators:
        raise PgError(FEATURE_NOT_SUPPORTED, f"COMMENT ON built-in {describe_operator(cat, op)} is not supported")
    op = _owned(session, s.object)
    cat.user_operators[op.oid] = dataclasses.replace(op, comment=s.comment if s.comment else None)
    cat.changed()
    return Result("COMMENT")


# ======================================================================= catalog views
def pg_operator_rows(cat):
    """The ``pg_operator`` rows of the user operators (catalog/sysrels.py)."""
    for o in cat.user_operators.values():
        yield {"oid": o.oid, "oprname": o.name, "oprnamespace": o.namespace, "oprowner": o.owner,
               "oprkind": o.kind, "oprcanmerge": o.canmerge, "oprcanhash": o.canhash, "oprleft": o.left,
               "oprright": o.right, "oprresult": o.result, "oprcom": o.commutator, "oprnegate": o.negator,
               "oprcode": o.code, "oprrest": o.rest, "oprjoin": o.join}


def install(handlers: dict) -> None:
    """Add the operator statements to ddl.HANDLERS (chained in front of the
    handlers already there, as engine/functions.py does)."""
    from pgref.engine.functions import _chain
    _chain(handlers, A.DefineStmt, lambda st: st.kind == "operator", define_operator)
    _chain(handlers, A.DropStmt, lambda st: st.remove_type == "operator", drop_operators)
    _chain(handlers, A.AlterObjectSchemaStmt, lambda st: st.object_type == "operator", set_schema_operator)
    _chain(handlers, A.AlterOwnerStmt, lambda st: st.object_type == "operator", owner_operator)
    handlers[A.AlterOperatorStmt] = alter_operator
    prev_comment = handlers.get(A.CommentStmt)

    def comment(session, st, text):
        if st.objtype != "operator":
            return prev_comment(session, st, text)
        return comment_operator(session, st, text)
    handlers[A.CommentStmt] = comment


__all__ = ["define_operator", "drop_operators", "alter_operator", "lookup_operator", "valid_operator_name",
           "operator_create", "drop_operator_row", "schema_operators", "function_dependents", "pg_operator_rows", "install"]

"""CREATE TYPE ... AS RANGE (PostgreSQL's typecmds.c DefineRange and
pg_range.c), and what DROP TYPE needs to know about range types.

Where it sits: ``engine/`` (spec/03-types.md, "Range types"; the generic type
DDL is engine/typecmds.py, which calls in here).  A range type is four
``pg_type`` rows -- the range (typtype 'r'), its multirange (typtype 'm')
and their array types -- plus a ``pg_range`` row (kept in the range's
``TypeDef.range``) and five constructor functions: ``name(subtype,
subtype)``, ``name(subtype, subtype, text)``, ``mname()``, ``mname(name)``
and ``mname(VARIADIC name[])``, internal functions whose prosrc are
PostgreSQL's (range_constructor2 ...).  They depend on the type internally:
DROP TYPE of the range removes all of them, and they are never reported as
dependents (INV-TYPES-RANGE-5).

Entry points:
    create_range(session, stmt, text) -> Result
    multirange_type_name(range_name) -> str           makeMultirangeTypeName
    internal_objects(cat, typoid) -> (type OIDs, proc OIDs) owned by a range type
    owner_range(cat, typoid) -> range OID whose multirange ``typoid`` is, or 0
"""
from __future__ import annotations

from typing import Any

from pgref.catalog.builtin import TypeRow
from pgref.catalog.typedefs import TypeDef, array_row
from pgref.engine.session import Result
from pgref.errors import (DATATYPE_MISMATCH, DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED, INVALID_OBJECT_DEFINITION,
                          SYNTAX_ERROR, UNDEFINED_FUNCTION, UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A

NAMEDATALEN = 64
F8 = 701


def multirange_type_name(name: str) -> str:
    """makeMultirangeTypeName(): 'range' becomes 'multirange' (first one),
    else '_multirange' is appended; clipped to 63 bytes."""
    i = name.find("range")
    if i >= 0:
        out = name[:i] + "multi" + name[i:]
    else:
        out = name.encode()[:NAMEDATALEN - 12].decode("utf-8", "ignore") + "_multirange"
    return out.encode()[:NAMEDATALEN - 1].decode("utf-8", "ignore")


def _type_exists(cat, nsp: int, name: str) -> bool:
    from pgref.catalog import builtin
    if any(t.namespace == nsp and t.name == name for t in cat.user_types.values()):
        return True
    bt = builtin.types_by_name().get(name)
    return bool(bt is not None and bt.namespace == nsp)


def _names_of(arg) -> tuple[str, ...]:
    if isinstance(arg, A.TypeName):
        return tuple(arg.names)
    if isinstance(arg, A.String):
        return (arg.sval,)
    if isinstance(arg, tuple):
        return tuple(str(x.sval) if isinstance(x, A.String) else str(x) for x in arg)
    return (str(arg),)


def _default_btree_opclass(cat, subtype: int) -> tuple[int, int]:
    """(opclass OID, comparison proc OID) of the subtype's default btree
    operator class (GetDefaultOpClass); (0, cmp) for user types that sort
    through a generic opclass."""
    from pgref.types.ranges.typcache import _btree_support
    import csv
    import os
    from pgref.types.ranges.typcache import _DATA
    with open(os.path.join(_DATA, "pg_opclass.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["opcmethod"] == "403" and r["opcdefault"] == "t" and int(r["opcintype"]) == subtype:
                return int(r["oid"]), _btree_support().get(int(r["oid"]), 0)
    # types that sort with a generic opclass: domains (their base type),
    # arrays (array_ops), enums (enum_ops), composites (record_ops)
    from pgref.analyzer.coerce import base_type
    base = base_type(cat, subtype)
    t = cat.typeinfo(base)
    generic = base
    if t is not None and t.category == "A" and t.elem:
        generic = 2277
    elif t is not None and t.typtype == "e":
        generic = 3500
    elif t is not None and t.typtype == "c":
        generic = 2249
    cmp = cat.btree_cmp_proc(subtype, subtype) or cat.btree_cmp_proc(base, base) or \
        cat.btree_cmp_proc(generic, generic)
    if generic != subtype:
        with open(os.path.join(_DATA, "pg_opclass.csv"), newline="") as f:
            for r in csv.DictReader(f):
                if r["opcmethod"] == "403" and r["opcdefault"] == "t" and int(r["opcintype"]) == generic:
                    return int(r["oid"]), cmp
    return 0, cmp


def _find_subdiff(session, names: tuple[str, ...], subtype: int) -> int:
    """findRangeSubtypeDiffFunction()."""
    from pgref.types.registry import format_type
    cat = session.db.cat
    schema, name = (names[0], names[1]) if len(names) == 2 else (None, names[-1])
    for p in cat.procs_named(name, schema):
        if tuple(p.argtypes) == (subtype, subtype):
            if p.rettype != F8:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f"range subtype diff function {'.'.join(names)} must return type double precision")
            if p.volatile != "i":
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f"range subtype diff function {'.'.join(names)} must be immutable")
            return p.oid
    st = format_type(subtype)
    raise PgError(UNDEFINED_FUNCTION, f"function {'.'.join(names)}({st}, {st}) does not exist")


def _constructor(oid: int, name: str, nsp: int, rettype: int, argtypes: tuple, prosrc: str,
                 strict: bool, variadic: int = 0):
    from pgref.catalog.userprocs import UserProc
    return UserProc(oid=oid, name=name, namespace=nsp, lang=12, kind="f", strict=strict, retset=False,
                    volatile="i", nargs=len(argtypes), nargdefaults=0, rettype=rettype, argtypes=argtypes,
                    allargtypes=argtypes if variadic else None, argmodes=("v",) if variadic else None,
                    argnames=None, argdefaults="", variadic=variadic,
                    prosrc=prosrc, cost=1.0, parallel="s")


def create_range(session, s: A.CreateRangeStmt, text: str) -> Result:
    from pgref.engine import typecmds as TC
    from pgref.engine.ddl import resolve_type
    session.before_ddl()
    cat = session.db.cat
    nsp, name = TC._creation(session, s.type_name)
    TC._check_new_name(session, nsp, name)
    shell = TC._shell_oid(cat, nsp, name)
    opts: dict[str, Any] = {}
    for d in s.params:
        key = d.defname.lower()
        if key not in ("subtype", "subtype_opclass", "collation", "canonical", "subtype_diff",
                       "multirange_type_name"):
            raise PgError(SYNTAX_ERROR, f'type attribute "{d.defname}" not recognized')
        if key in opts:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options")
        opts[key] = d.arg
    if "subtype" not in opts:
        raise PgError(SYNTAX_ERROR, "type attribute \"subtype\" is required")
    targ = opts["subtype"]
    if not isinstance(targ, A.TypeName):
        targ = A.TypeName(names=_names_of(targ))
    subtype, _mod = resolve_type(session, targ)
    st = cat.typeinfo(subtype)
    if st is None or st.typtype == "p":
        raise PgError(DATATYPE_MISMATCH, f"range subtype cannot be {cat.format_type(subtype)}")
    collatable = bool(st.collation)
    collation = 0
    if "collation" in opts:
        if not collatable:
            raise PgError(WRONG_OBJECT_TYPE, "range collation specified but subtype does not support collation")
        cname = _names_of(opts["collation"])[-1]
        if cname not in ("C", "POSIX", "default", "ucs_basic"):
            raise PgError(FEATURE_NOT_SUPPORTED, f'collation "{cname}" is not supported; '
                          'pgref compares strings in the "C" collation')
        collation = {"C": 950, "POSIX": 951, "default": 100, "ucs_basic": 12546}[cname]
    elif collatable:
        collation = st.collation
    if "subtype_opclass" in opts:
        raise PgError(FEATURE_NOT_SUPPORTED, "SUBTYPE_OPCLASS is not supported yet; the subtype's default "
                      "btree operator class is used")
    subopc, cmp = _default_btree_opclass(cat, subtype)
    if not cmp:
        raise PgError(UNDEFINED_OBJECT,
                      f'data type {cat.format_type(subtype)} has no default operator class for access method "btree"',
                      hint="You must specify an operator class for the range type or define a default operator "
                           "class for the subtype.")
    if "canonical" in opts:
        raise PgError(FEATURE_NOT_SUPPORTED, "range canonical functions of user-defined range types are not "
                      "supported")
    subdiff = _find_subdiff(session, _names_of(opts["subtype_diff"]), subtype) if "subtype_diff" in opts else 0
    # the multirange type's name and schema
    if "multirange_type_name" in opts:
        mnames = _names_of(opts["multirange_type_name"])
        mnsp, mname = TC._creation(session, mnames)
        _move_array_type(session, mnsp, mname)
        if _type_exists(cat, mnsp, mname):
            raise PgError(DUPLICATE_OBJECT, f'type "{mname}" already exists')
    else:
        mnsp, mname = nsp, multirange_type_name(name)
        _move_array_type(session, mnsp, mname)
        if _type_exists(cat, mnsp, mname):
            raise PgError(DUPLICATE_OBJECT, f'type "{mname}" already exists',
                          detail=f'Failed while creating a multirange type for type "{name}".',
                          hint='You can manually specify a multirange type name using the '
                               '"multirange_type_name" attribute.')
    align = "d" if st.align == "d" else "i"
    oid = shell if shell is not None else cat.new_oid()
    moid = cat.new_oid()
    aoid = cat.new_oid()
    maoid = cat.new_oid()
    row = TypeRow(oid, name, nsp, -1, False, "r", "R", False, ",", 0, 0, aoid, align, 0, -1, 0, 0)
    mrow = TypeRow(moid, mname, mnsp, -1, False, "m", "R", False, ",", 0, 0, maoid, align, 0, -1, 0, 0)
    cat.user_types[oid] = row
    cat.user_types[aoid] = _renamed(array_row(row, aoid), TC._array_name_free(cat, nsp, name, aoid))
    cat.user_types[moid] = mrow
    cat.user_types[maoid] = _renamed(array_row(mrow, maoid), TC._array_name_free(cat, mnsp, mname, maoid))
    # constructors (DefineRange: makeRangeConstructors, makeMultirangeConstructors)
    c2, c3, m0, m1, m2 = (cat.new_oid() for _ in range(5))
    procs = [
        _constructor(c2, name, nsp, oid, (subtype, subtype), "range_constructor2", False),
        _constructor(c3, name, nsp, oid, (subtype, subtype, 25), "range_constructor3", False),
        _constructor(m0, mname, mnsp, moid, (), "multirange_constructor0", True),
        _constructor(m1, mname, mnsp, moid, (oid,), "multirange_constructor1", True),
        _constructor(m2, mname, mnsp, moid, (aoid,), "multirange_constructor2", True, variadic=oid),
    ]
    for p in procs:
        cat.user_procs[p.oid] = p
    # the explicit cast range -> multirange (makeMultirangeConstructors)
    from pgref.catalog.typedefs import UserCast
    cast = UserCast(cat.new_oid(), oid, moid, m1, "e", "f")
    cat.user_casts[(oid, moid)] = cast
    cat.type_defs[oid] = TypeDef(oid, storage="x",
                                 range={"subtype": subtype, "multirange": moid, "collation": collation,
                                        "subopc": subopc, "canonical": 0, "subdiff": subdiff, "cmp": cmp,
                                        "constructors": [p.oid for p in procs], "cast": cast.oid})
    cat.type_defs[moid] = TypeDef(moid, storage="x", range={"of": oid})
    cat.changed()
    return Result("CREATE TYPE")


def _move_array_type(session, nsp: int, name: str) -> None:
    """moveArrayTypeName(): an automatically named array type in the way
    of a new type is renamed (to the next free '_' prefixed name)."""
    cat = session.db.cat
    for t in list(cat.user_types.values()):
        if t.namespace == nsp and t.name == name and t.category == "A" and t.elem and \
                cat.typeinfo(t.elem) is not None and cat.user_types[t.oid].name.startswith("_"):
            cat.user_types[t.oid] = _renamed(t, _free_name(cat, nsp, name, t.oid))


def _free_name(cat, nsp: int, name: str, own: int) -> str:
    for i in range(1, NAMEDATALEN):
        cand = ("_" * i + name).encode()[:NAMEDATALEN - 1].decode("utf-8", "ignore")
        if not any(t.namespace == nsp and t.name == cand and t.oid != own for t in cat.user_types.values()):
            return cand
    raise PgError(DUPLICATE_OBJECT, f'could not form array type name for type "{name}"')


def _renamed(row: TypeRow, name: str) -> TypeRow:
    import dataclasses
    return dataclasses.replace(row, name=name)


def internal_objects(cat, typoid: int) -> tuple[list[int], list[int]]:
    """The types (multirange and its array) and constructor functions a
    range type owns; empty lists for any other type.  (Its range ->
    multirange cast is in ``cat.user_casts`` under (range, multirange).)"""
    td = cat.type_defs.get(typoid)
    if td is None or not td.range or "subtype" not in td.range:
        return [], []
    types = []
    m = td.range["multirange"]
    if m in cat.user_types:
        types.append(m)
        arr = cat.user_types[m].array
        if arr:
            types.append(arr)
    return types, list(td.range.get("constructors", ()))


def owner_range(cat, typoid: int) -> int:
    td = cat.type_defs.get(typoid)
    if td is not None and td.range and "of" in td.range:
        return td.range["of"]
    return 0


def constructor_oids(cat) -> set[int]:
    """Every constructor function of every user range type."""
    out: set[int] = set()
    for td in cat.type_defs.values():
        if td.range and "constructors" in td.range:
            out.update(td.range["constructors"])
    return out


def check_not_member_of_itself(session, comptype: int, typ: int) -> None:
    """CheckAttributeType()'s containment rule: a composite type may not
    contain itself, through arrays, domains, composites or range subtypes
    (42P16)."""
    cat = session.db.cat
    seen: set[int] = set()

    def contains(t: int) -> bool:
        if t == comptype:
            return True
        if t in seen:
            return False
        seen.add(t)
        row = cat.typeinfo(t)
        if row is None:
            return False
        if row.category == "A" and row.elem:
            return contains(row.elem)
        if row.typtype == "d":
            return contains(row.basetype)
        td = cat.type_defs.get(t)
        if row.typtype == "r" and td is not None and td.range:
            return contains(td.range["subtype"])
        if row.typtype == "m" and td is not None and td.range and "of" in td.range:
            return contains(td.range["of"])
        if row.typtype == "c" and td is not None:
            return any(contains(a[1]) for a in td.attributes)
        return False
    if contains(typ):
        raise PgError("42P16", f"composite type {cat.format_type(comptype)} cannot be made a member of itself")

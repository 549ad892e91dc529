"""Which hash function a hash index uses: operator classes of access method
``hash`` (pg_am oid 405) from pg_opclass / pg_amproc (spec/06-access.md,
"Hash indexes").

Where it sits: called by ``engine/ddl.py`` (CREATE INDEX ... USING hash
checks the column's type and an explicit operator class) and by
``engine/indexes.py`` (opening the index: support function 1 of the class's
family, e.g. ``hashint4``, ``hashtext``, ``uuid_hash``, ``hashenum``).

Like PostgreSQL's GetDefaultOpClass, the default class for a type is the
one declared for exactly that type, else the one of a type it is binary
coercible to (varchar -> text_ops) or of the polymorphic pseudo-type that
stands for it (enums -> enum_ops on anyenum, arrays -> array_ops, ranges
-> range_ops, composites -> record_ops); a domain uses its base type's.

Entry points: ``check_hash_index_stmt(stmt) -> options``,
``default_hash_opclass(cat, typ)``, ``named_hash_opclass(cat, names, typ)``,
``hash_support_proc(cat, typ, opclass) -> proc oid``, ``fillfactor_of(options)``.
"""
from __future__ import annotations

import functools

from pgref.catalog import builtin
from pgref.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError, UNDEFINED_OBJECT

HASH_AM_OID = 405
HASHSTANDARD_PROC = 1
HASH_MIN_FILLFACTOR = 10
ANYARRAY, ANYENUM, ANYRANGE, ANYMULTIRANGE, RECORD = 2277, 3500, 3831, 4537, 2249


@functools.cache
def _opclasses() -> tuple[dict, ...]:
    """Built-in hash operator classes as dicts (oid, name, family, intype, default)."""
    out = []
    for r in builtin.rows("pg_opclass"):
        if int(r["opcmethod"]) == HASH_AM_OID:
            out.append({"oid": int(r["oid"]), "name": r["opcname"], "family": int(r["opcfamily"]),
                        "intype": int(r["opcintype"]), "default": r["opcdefault"] == "t"})
    return tuple(out)


@functools.cache
def _support_procs() -> dict[tuple[int, int], int]:
    """(opfamily, type) -> hash support function 1 (amproc oid)."""
    out = {}
    for r in builtin.rows("pg_amproc"):
        if r["amprocnum"] == str(HASHSTANDARD_PROC) and r["amproclefttype"] == r["amprocrighttype"]:
            out[(int(r["amprocfamily"]), int(r["amproclefttype"]))] = int(r["amproc"])
    return out


def _candidate_types(cat, typ: int) -> list[int]:
    """``typ`` and the types whose operator classes accept it, best first."""
    out = [typ]
    ut = cat.user_types.get(typ) if hasattr(cat, "user_types") else None
    ti = cat.typeinfo(typ)
    if ut is not None and ut.typtype == "d":
        return out + _candidate_types(cat, ut.basetype)
    kind = ut.typtype if ut is not None else (ti.typtype if ti is not None else "b")
    if kind == "e":
        out.append(ANYENUM)
    elif kind == "r":
        out.append(ANYRANGE)
    elif kind == "m":
        out.append(ANYMULTIRANGE)
    elif kind == "c":
        out.append(RECORD)
    category = getattr(ut, "category", None) if ut is not None else getattr(ti, "category", None)
    elem = getattr(ut, "elem", 0) if ut is not None else getattr(ti, "elem", 0)
    if category == "A" and elem:
        out.append(ANYARRAY)
    for (src, dst), c in builtin.casts().items():
        if src == typ and c.method == "b":
            out.append(dst)
    return out


def default_hash_opclass(cat, typ: int) -> dict:
    """GetDefaultOpClass(typ, hash); raises 42704 when the type has none."""
    for t in _candidate_types(cat, typ):
        for oc in _opclasses():
            if oc["default"] and oc["intype"] == t:
                return oc
    raise PgError(UNDEFINED_OBJECT,
                  f'data type {cat.format_type(typ)} has no default operator class for access method "hash"',
                  hint="You must specify an operator class for the index or define a default operator "
                       "class for the data type.")


def named_hash_opclass(cat, names, typ: int) -> dict:
    """ResolveOpClass for an explicit class name: it must exist for hash
    (42704) and accept the column's type (42804)."""
    name = names[-1]
    oc = next((o for o in _opclasses() if o["name"] == name), None)
    if oc is None:
        raise PgError(UNDEFINED_OBJECT, f'operator class "{name}" does not exist for access method "hash"')
    if oc["intype"] not in _candidate_types(cat, typ):
        raise PgError("42804", f'operator class "{name}" does not accept data type {cat.format_type(typ)}')
    return oc


def hash_support_proc(cat, typ: int, opclass: dict | None = None) -> int:
    """The pg_proc oid of the hash function for column type ``typ``."""
    oc = opclass or default_hash_opclass(cat, typ)
    proc = _support_procs().get((oc["family"], oc["intype"]))
    if proc is None:
        for t in _candidate_types(cat, typ):
            proc = _support_procs().get((oc["family"], t))
            if proc is not None:
                break
    if proc is None:
        raise PgError(UNDEFINED_OBJECT, f'missing support function {HASHSTANDARD_PROC}({oc["intype"]},'
                                        f'{oc["intype"]}) in operator family {oc["family"]}')
    return proc


def check_hash_index_stmt(stmt) -> list[str] | None:
    """DefineIndex's checks of what the hash access method cannot do, in
    PostgreSQL's order (all 0A000), then its options (hashoptions: only
    ``fillfactor``, 10..100).  Returns the validated "name=value" options,
    or None when there are none."""
    if stmt.unique:
        raise PgError(FEATURE_NOT_SUPPORTED, 'access method "hash" does not support unique indexes')
    if stmt.index_including_params:
        raise PgError(FEATURE_NOT_SUPPORTED, 'access method "hash" does not support included columns')
    if len(stmt.index_params) > 1:
        raise PgError(FEATURE_NOT_SUPPORTED, 'access method "hash" does not support multicolumn indexes')
    options = _hash_reloptions(stmt.options)
    for el in stmt.index_params:
        if el.ordering != "default":
            raise PgError(FEATURE_NOT_SUPPORTED, 'access method "hash" does not support ASC/DESC options')
        if el.nulls_ordering != "default":
            raise PgError(FEATURE_NOT_SUPPORTED, 'access method "hash" does not support NULLS FIRST/LAST options')
    return options or None


def _hash_reloptions(defs) -> list[str]:
    """hashoptions / parseRelOptions for RELOPT_KIND_HASH."""
    from pgref.engine.reloptions import RelOpt, def_string, validate_value
    fillfactor = RelOpt("fillfactor", "int", frozenset(("hash",)), HASH_MIN_FILLFACTOR, 100)
    out, seen = [], set()
    for d in defs or ():
        if d.defnamespace is not None:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter namespace "{d.defnamespace}"')
        if d.defname != "fillfactor":
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{d.defname}"')
        if d.defname in seen:
            raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{d.defname}" specified more than once')
        seen.add(d.defname)
        text = def_string(d.arg) if d.arg is not None else "true"
        validate_value(fillfactor, text)
        out.append(f"fillfactor={text}")
    return out


def fillfactor_of(options: list[str] | None) -> int:
    for o in options or ():
        name, _, v = o.partition("=")
        if name == "fillfactor":
            return int(v)
    return 0

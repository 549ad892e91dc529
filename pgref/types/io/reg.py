"""OID alias types: regproc, regprocedure, regoper, regoperator, regclass,
regtype, regnamespace, regrole, regcollation, regconfig, regdictionary.

Where it sits: ``types/io/`` (spec/03-types.md, "OID alias types").  Each is
an ``oid`` (a Python int) that prints as the name of the object it points to.

* Input: ``-`` is OID 0; all digits is that OID (not checked to exist, as in
  PostgreSQL); anything else is a name, resolved by a *resolver*.
* Output: 0 prints ``-``; an OID the resolver cannot name prints as digits.
* Binary: the OID as uint32.

Names live in the catalog, which sits above ``types/``.  So name lookup goes
through hooks the catalog installs with :func:`set_reg_resolver`; until it
does, regtype, regproc and regnamespace fall back to the built-in rows
(PostgreSQL 15's own types, functions and schemas), and the other kinds raise
0A000 for names.  A resolver is a pair ``(to_oid(text) -> int,
to_name(oid) -> str | None)``; ``to_oid`` raises PostgreSQL's "does not
exist" error itself.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pgref.errors import (
    AMBIGUOUS_FUNCTION, FEATURE_NOT_SUPPORTED, UNDEFINED_FUNCTION, UNDEFINED_OBJECT,
    UNDEFINED_SCHEMA, PgError)
from pgref.types import registry
from pgref.types.fmgr import builtin
from pgref.types.io.integer import oidrecv, oidsend, uint32_in_subr

ToOid = Callable[[str], int]
ToName = Callable[[int], "str | None"]

_RESOLVERS: dict[str, tuple[ToOid, ToName]] = {}

REG_KINDS = ("regproc", "regprocedure", "regoper", "regoperator", "regclass", "regtype",
             "regnamespace", "regrole", "regcollation", "regconfig", "regdictionary")


def set_reg_resolver(kind: str, to_oid: ToOid | None, to_name: ToName | None = None) -> None:
    """Install (or with None, remove) the name resolver for one reg* kind."""
    if kind not in REG_KINDS:
        raise ValueError(f"unknown reg* type {kind!r}")
    if to_oid is None or to_name is None:
        _RESOLVERS.pop(kind, None)
    else:
        _RESOLVERS[kind] = (to_oid, to_name)


# -- built-in fallbacks --------------------------------------------------------------

def _strip_ident(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name.lower()


def _split_qualified(text: str) -> tuple[str | None, str]:
    parts = [p for p in re.split(r'\.(?=(?:[^"]*"[^"]*")*[^"]*$)', text)]
    if len(parts) == 2:
        return _strip_ident(parts[0]), _strip_ident(parts[1])
    return None, _strip_ident(text)


def _builtin_type_oid(text: str) -> int:
    spec = text.strip()
    array = 0
    while spec.endswith("[]"):
        spec = spec[:-2].rstrip()
        array += 1
    spec = re.sub(r"\s*\([^)]*\)", "", spec)           # typmods do not change the OID
    schema, name = _split_qualified(spec)
    words = " ".join(spec.lower().split())
    oid = None
    for info in registry.TYPES.values():
        if info.is_array:
            continue
        if schema is not None and registry.NAMESPACE_NAMES.get(info.typnamespace) != schema:
            continue
        if info.typname == name or (schema is None and registry.format_type(info.oid) == words):
            oid = info.oid
            break
    if oid is None:
        oid = _SQL_TYPE_ALIASES.get(words)
    if oid is None:
        raise PgError(UNDEFINED_OBJECT, f'type "{text.strip()}" does not exist')
    for _ in range(array):
        arr = registry.TYPES[oid].typarray
        if not arr:
            raise PgError(UNDEFINED_OBJECT, f'type "{text.strip()}" does not exist')
        oid = arr
    return oid


_SQL_TYPE_ALIASES = {
    "int": 23, "integer": 23, "smallint": 21, "bigint": 20, "real": 700, "float": 701,
    "double precision": 701, "boolean": 16, "decimal": 1700, "dec": 1700,
    "character varying": 1043, "varchar": 1043, "character": 1042, "char": 1042,
    "timestamp": 1114, "timestamp without time zone": 1114,
    "timestamp with time zone": 1184, "timestamptz": 1184, "time": 1083,
    "time without time zone": 1083, "time with time zone": 1266, "bit varying": 1562,
}


def _builtin_type_name(oid: int) -> str | None:
    return registry.format_type(oid) if oid in registry.TYPES else None


_procs_by_name: dict[str, list[int]] | None = None


def _procs_named(name: str) -> list[int]:
    global _procs_by_name
    if _procs_by_name is None:
        by_name: dict[str, list[int]] = {}
        for oid, (proname, _src) in registry._load_procs().items():
            by_name.setdefault(proname, []).append(oid)
        _procs_by_name = by_name
    return _procs_by_name.get(name, [])


def _builtin_proc_oid(text: str) -> int:
    schema, name = _split_qualified(text)
    matches = list(_procs_named(name))
    if schema not in (None, "pg_catalog"):
        matches = []
    if not matches:
        raise PgError(UNDEFINED_FUNCTION, f'function "{text}" does not exist')
    if len(matches) > 1:
        raise PgError(AMBIGUOUS_FUNCTION, f'more than one function named "{text}"')
    return matches[0]


def _builtin_proc_name(oid: int) -> str | None:
    procs = registry._load_procs()
    entry = procs.get(oid)
    if entry is None:
        return None
    name = entry[0]
    unique = len(_procs_named(name)) == 1
    ident = registry.quote_identifier(name)
    return ident if unique else "pg_catalog." + ident


def _builtin_namespace_oid(text: str) -> int:
    name = _strip_ident(text)
    for oid, nsname in registry.NAMESPACE_NAMES.items():
        if nsname == name:
            return oid
    raise PgError(UNDEFINED_SCHEMA, f'schema "{text}" does not exist')


def _builtin_namespace_name(oid: int) -> str | None:
    name = registry.NAMESPACE_NAMES.get(oid)
    return registry.quote_identifier(name) if name is not None else None


_FALLBACKS: dict[str, tuple[ToOid, ToName]] = {
    "regtype": (_builtin_type_oid, _builtin_type_name),
    "regproc": (_builtin_proc_oid, _builtin_proc_name),
    "regnamespace": (_builtin_namespace_oid, _builtin_namespace_name),
}


def _resolver(kind: str) -> tuple[ToOid, ToName]:
    r = _RESOLVERS.get(kind) or _FALLBACKS.get(kind)
    if r is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"{kind} name lookup is not available without the catalog")
    return r


# -- the I/O functions ---------------------------------------------------------------------

def reg_in(kind: str, text: str) -> int:
    if text == "-":
        return 0
    if text and text.isascii() and text.isdigit():
        return uint32_in_subr(text, 0, "oid", True)[0]
    return _resolver(kind)[0](text)


def reg_out(kind: str, oid: int) -> str:
    if oid == 0:
        return "-"
    name = _resolver(kind)[1](oid)
    return name if name is not None else str(oid)


def _make(kind: str) -> None:
    def fin(ctx: Any, text: str, typioparam: int = 0, typmod: int = -1) -> int:
        return reg_in(kind, text)

    def fout(ctx: Any, value: int) -> str:
        return reg_out(kind, value)

    fin.__name__, fout.__name__ = f"{kind}in", f"{kind}out"
    builtin(f"{kind}in", ctx=True)(fin)
    builtin(f"{kind}out", ctx=True)(fout)
    builtin(f"{kind}recv", ctx=True)(oidrecv)
    builtin(f"{kind}send", ctx=True)(oidsend)


for _kind in REG_KINDS:
    _make(_kind)


# -- to_regclass() & co: the name, or NULL when nothing has it --------------------------

_NOT_FOUND = frozenset((UNDEFINED_OBJECT, UNDEFINED_FUNCTION, UNDEFINED_SCHEMA, "42P01"))


def _make_to_reg(kind: str) -> None:
    def to_reg(ctx: Any, text: str) -> int | None:
        # a name only: these functions do not read numeric OIDs (PostgreSQL 15)
        if text and text.isascii() and text.isdigit():
            return None
        try:
            return _resolver(kind)[0](text)
        except PgError as e:
            if e.sqlstate in _NOT_FOUND:
                return None
            raise
    to_reg.__name__ = f"to_{kind}"
    builtin(f"to_{kind}", ctx=True)(to_reg)


for _kind in ("regclass", "regtype", "regproc", "regprocedure", "regoper", "regoperator",
              "regnamespace", "regrole", "regcollation"):
    _make_to_reg(_kind)

__all__ = ["set_reg_resolver", "reg_in", "reg_out", "REG_KINDS"]


@builtin("text_regclass", ctx=True)
def text_regclass(ctx: Any, text: str) -> int:
    """regclass(text), the text -> regclass cast: a relation name only
    (digits are a name too, unlike regclassin)."""
    return _resolver("regclass")[0](text)

"""Anonymous records: record_out / record_in text format, given column types.

Where it sits: ``types/io/`` (spec/03-types.md, "Records").  A row value is a
Python ``tuple``; a bare tuple does not say its columns' types, so the
executor (which knows them) calls :func:`record_out_typed` /
:func:`record_in_typed` with the column type OIDs.  The fmgr entries
``record_out``/``record_in`` accept a :class:`TypedRecord` (values + types).

Format (record_out): ``(`` columns separated by ``,`` ``)``; NULL is nothing
at all; a value is double-quoted when empty or containing ``"`` ``\\``
``(`` ``)`` ``,`` or whitespace, and inside it ``"`` and ``\\`` are doubled:
``ROW(1, 'a b', NULL)`` prints ``(1,"a b",)``.

Binary format (record_send / record_recv), integers big-endian:

    int32 number of columns
    per column: uint32 type OID | int32 byte length (-1 for NULL) | the
                column value in its type's binary format

record_recv reads a named composite type (its columns come from
``types/composite.py``); the column count and each column's type OID must
match, as in PostgreSQL's rowtypes.c.  An anonymous ``record`` cannot be
read (PostgreSQL's "input of anonymous composite types is not implemented").
"""
from __future__ import annotations

from typing import Any, NamedTuple

import struct

from pgref.errors import (DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, INVALID_BINARY_REPRESENTATION,
                          INVALID_TEXT_REPRESENTATION, PgError)
from pgref.types import registry
from pgref.types.fmgr import builtin

_SPACE = " \t\n\r\v\f"


class TypedRecord(NamedTuple):
    values: tuple
    types: tuple


def format_record(texts: list[str | None]) -> str:
    out = ["("]
    for i, t in enumerate(texts):
        if i:
            out.append(",")
        if t is None:
            continue
        nq = t == "" or any(ch in '"\\(),' or ch in _SPACE for ch in t)
        body = t.replace('"', '""').replace("\\", "\\\\") if nq else t
        out.append(f'"{body}"' if nq else body)
    out.append(")")
    return "".join(out)


def record_out_typed(ctx: Any, values: tuple, types: tuple) -> str:
    return format_record([registry.type_output(ctx, t, v) for v, t in zip(values, types)])


def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed record literal: "{text}"',
                   detail=detail)


def parse_record_text(text: str, ncolumns: int) -> list[str | None]:
    """record_in()'s scanner: the column strings (None for NULL)."""
    s, n, p = text, len(text), 0
    while p < n and s[p] in _SPACE:
        p += 1
    if p >= n or s[p] != "(":
        raise _malformed(text, 'Missing left parenthesis.')
    p += 1
    cols: list[str | None] = []
    for i in range(ncolumns):
        if i > 0:
            if p < n and s[p] == ",":
                p += 1
            else:
                raise _malformed(text, "Too few columns.")
        if p < n and s[p] in ",)":
            cols.append(None)
            continue
        buf: list[str] = []
        inq = False
        while inq or not (p < n and s[p] in ",)"):
            if p >= n:
                raise _malformed(text, "Unexpected end of input.")
            ch = s[p]
            p += 1
            if ch == "\\":
                if p >= n:
                    raise _malformed(text, "Unexpected end of input.")
                buf.append(s[p])
                p += 1
            elif ch == '"':
                if not inq:
                    inq = True
                elif p < n and s[p] == '"':
                    buf.append('"')
                    p += 1
                else:
                    inq = False
            else:
                buf.append(ch)
        cols.append("".join(buf))
    if p >= n or s[p] != ")":
        raise _malformed(text, "Too many columns.")
    p += 1
    if s[p:].strip(_SPACE):
        raise _malformed(text, "Junk after right parenthesis.")
    return cols


def record_in_typed(ctx: Any, text: str, types: tuple, typmods: tuple | None = None) -> tuple:
    cols = parse_record_text(text, len(types))
    mods = typmods or (-1,) * len(types)
    return tuple(registry.type_input(ctx, t, c, m) for c, t, m in zip(cols, types, mods))


@builtin("record_out", ctx=True)
def record_out(ctx: Any, value: Any) -> str:
    if isinstance(value, TypedRecord):
        return record_out_typed(ctx, value.values, value.types)
    raise PgError(FEATURE_NOT_SUPPORTED,
                  "output of a record value needs its column types (use record_out_typed)")


@builtin("record_in", ctx=True)
def record_in(ctx: Any, text: str, typioparam: int = 2249, typmod: int = -1) -> tuple:
    if typioparam != 2249:
        # a named composite type: its columns are known (types/composite.py)
        from pgref.types.composite import record_in_named
        return record_in_named(ctx, text, typioparam, typmod)
    raise PgError(FEATURE_NOT_SUPPORTED, "input of anonymous composite types is not implemented")


@builtin("record_send", ctx=True)
def record_send(ctx: Any, value: Any) -> bytes:
    if not isinstance(value, TypedRecord):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "binary output of a record value needs its column types")
    parts = [struct.pack("!i", len(value.types))]
    for v, t in zip(value.values, value.types):
        if v is None:
            parts.append(struct.pack("!Ii", t, -1))
        else:
            b = registry.type_send(ctx, t, v)
            parts.append(struct.pack("!Ii", t, len(b)) + b)
    return b"".join(parts)


@builtin("record_recv", ctx=True)
def record_recv(ctx: Any, data: bytes, typioparam: int = 2249, typmod: int = -1) -> TypedRecord:
    from pgref.types.composite import columns
    from pgref.types.io.common import Reader
    cols = columns(typioparam) if typioparam != 2249 else None
    if cols is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "input of anonymous composite types is not implemented")
    _names, types, mods = cols
    r = Reader(data)
    n = r.int32()
    if n != len(types):
        raise PgError(DATATYPE_MISMATCH, f"wrong number of columns: {n}, expected {len(types)}")
    values = []
    for i, (t, m) in enumerate(zip(types, mods), 1):
        coltype = r.uint32()
        if coltype != t:
            raise PgError(DATATYPE_MISMATCH, f"wrong data type: {coltype}, expected {t}")
        length = r.int32()
        if length < -1 or length > r.remaining():
            raise PgError(INVALID_BINARY_REPRESENTATION, "insufficient data left in message")
        if length == -1:
            values.append(None)
            continue
        try:
            values.append(registry.type_receive(ctx, t, r.take(length), m))
        except PgError as e:
            if e.sqlstate == INVALID_BINARY_REPRESENTATION and e.message == "incorrect binary data format":
                raise PgError(INVALID_BINARY_REPRESENTATION,
                              f"improper binary format in record column {i}") from None
            raise
    r.end()
    return TypedRecord(tuple(values), types)

"""pg_snapshot and txid_snapshot: text and binary I/O (xid8funcs.c).

Where it sits: ``types/io/`` (spec/03-types.md, "Network address types"
and neighbours).  Both types share one datum, :class:`PgSnapshot` (xmin,
xmax, xip) of 64-bit full transaction ids, as PostgreSQL's two types share
``pg_snapshot``.

Input (parse_snapshot): ``xmin:xmax:xip1,xip2,...``, each number read as
strtoull does (leading blanks, sign); xmin and xmax valid (low 32 bits non-zero) with
xmin <= xmax, the xips ascending within [xmin, xmax), duplicates dropped.
Anything else is 22P02 ``invalid input syntax for type pg_snapshot:
"<input>"`` -- "pg_snapshot" even for txid_snapshot, as PostgreSQL says.
Output: ``xmin:xmax:xip,...``.  Binary: int32 nxip, int64 xmin, int64
xmax, int64 xips; a malformed value is 22P03 ``invalid external
pg_snapshot data``.

Entry points: snapshot_from_text(text), snapshot_to_text(value), PgSnapshot.
"""
from __future__ import annotations

import struct
from typing import Any, NamedTuple

from pgref.errors import INVALID_BINARY_REPRESENTATION, INVALID_TEXT_REPRESENTATION, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader
from pgref.types.io.integer import _strtoul_prefix

U64_MAX = 2 ** 64 - 1
PG_SNAPSHOT_MAX_NXIP = (0x3FFFFFFF - 24) // 8   # (MaxAllocSize - header) / sizeof(xid8)


class PgSnapshot(NamedTuple):
    """A pg_snapshot / txid_snapshot value."""
    xmin: int
    xmax: int
    xip: tuple[int, ...]


def _valid(fxid: int) -> bool:
    """FullTransactionIdIsValid: the 32-bit xid part is not 0 (so 2**63 is invalid)."""
    return fxid & 0xFFFFFFFF != 0


def _strtou64(s: str, pos: int) -> tuple[int, int]:
    v, end = _strtoul_prefix(s, pos)
    if v is None:
        return 0, pos
    return min(v, U64_MAX), end


def snapshot_from_text(text: str) -> PgSnapshot:
    def bad() -> PgError:
        return PgError(INVALID_TEXT_REPRESENTATION,
                       f'invalid input syntax for type pg_snapshot: "{text}"')
    xmin, i = _strtou64(text, 0)
    if text[i:i + 1] != ":":
        raise bad()
    xmax, i = _strtou64(text, i + 1)
    if text[i:i + 1] != ":":
        raise bad()
    i += 1
    if not _valid(xmin) or not _valid(xmax) or xmax < xmin:
        raise bad()
    xip: list[int] = []
    last = 0
    while i < len(text):
        val, i = _strtou64(text, i)
        if val < xmin or val >= xmax or val < last:
            raise bad()
        if val != last:
            xip.append(val)
        last = val
        if text[i:i + 1] == ",":
            i += 1
        elif i < len(text):
            raise bad()
    return PgSnapshot(xmin, xmax, tuple(xip))


def snapshot_to_text(v: PgSnapshot) -> str:
    return f"{v.xmin}:{v.xmax}:" + ",".join(str(x) for x in v.xip)


@builtin("pg_snapshot_in", ctx=True)
def pg_snapshot_in(ctx: Any, text: str, typioparam: int = 5038, typmod: int = -1) -> PgSnapshot:
    return snapshot_from_text(text)


@builtin("pg_snapshot_out", ctx=True)
def pg_snapshot_out(ctx: Any, v: PgSnapshot) -> str:
    return snapshot_to_text(v)


@builtin("pg_snapshot_recv", ctx=True)
def pg_snapshot_recv(ctx: Any, data: bytes, typioparam: int = 5038,
                     typmod: int = -1) -> PgSnapshot:
    r = Reader(data)
    bad = PgError(INVALID_BINARY_REPRESENTATION, "invalid external pg_snapshot data")
    nxip = struct.unpack("!i", r.take(4))[0]
    if nxip < 0 or nxip > PG_SNAPSHOT_MAX_NXIP:
        raise bad
    xmin, xmax = struct.unpack("!QQ", r.take(16))
    if not _valid(xmin) or not _valid(xmax) or xmax < xmin:
        raise bad
    xip: list[int] = []
    last = 0
    for _ in range(nxip):
        cur = struct.unpack("!Q", r.take(8))[0]
        if cur < last or cur < xmin or cur >= xmax:
            raise bad
        if cur != last:
            xip.append(cur)
        last = cur
    r.end()
    return PgSnapshot(xmin, xmax, tuple(xip))


@builtin("pg_snapshot_send", ctx=True)
def pg_snapshot_send(ctx: Any, v: PgSnapshot) -> bytes:
    return struct.pack("!iQQ", len(v.xip), v.xmin, v.xmax) + b"".join(
        struct.pack("!Q", x) for x in v.xip)

"""tid (a heap tuple's address) and the comparisons of the system-column
types tid, xid and cid.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions"); the
values are what the ``ctid``, ``xmin``, ``xmax``, ``cmin`` and ``cmax``
system columns hold (spec/07-executor.md, "System columns").

A tid value is the pair ``(block, offset)`` of Python ints.  Text form is
``(0,1)``: tidin accepts optional blanks around the numbers as PostgreSQL's
strtoul-based parser does (``( 0 , 1 )``), the block number in 0..2^32-1
(negative numbers wrap like oidin) and the offset in 0..65535; anything else
is 22P02 ``invalid input syntax for type tid``.  Binary form is the 4-byte
block then the 2-byte offset, big-endian.  Ordering is by block, then
offset (bttidcmp).  xid comparisons are equality only (xid is circular, so
PostgreSQL 15 defines no ordering for it); cid has equality.
"""
from __future__ import annotations

import re
import struct
from typing import Any

from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader, invalid_syntax

_TID = re.compile(r"^\s*\(\s*([+-]?\d+)\s*,\s*([+-]?\d+)\s*\)\s*$")


@builtin("tidin", ctx=True)
def tidin(ctx: Any, text: str, typioparam: int = 27, typmod: int = -1) -> tuple[int, int]:
    m = _TID.match(text)
    if m is None:
        raise invalid_syntax("tid", text)
    blk, off = int(m.group(1)), int(m.group(2))
    if blk < 0:
        if blk < -(2 ** 31):
            raise invalid_syntax("tid", text)
        blk += 2 ** 32
    if blk > 2 ** 32 - 1 or not (-(2 ** 15) <= off <= 2 ** 16 - 1):
        raise invalid_syntax("tid", text)
    return (blk, off & 0xFFFF)


@builtin("tidout", ctx=True)
def tidout(ctx: Any, value: tuple[int, int]) -> str:
    return f"({value[0]},{value[1]})"


@builtin("tidrecv", ctx=True)
def tidrecv(ctx: Any, data: bytes, typioparam: int = 27, typmod: int = -1) -> tuple[int, int]:
    r = Reader(data)
    blk = r.uint32()
    off = r.uint16()
    r.end()
    return (blk, off)


@builtin("tidsend", ctx=True)
def tidsend(ctx: Any, value: tuple[int, int]) -> bytes:
    return struct.pack("!IH", value[0], value[1])


# ---------------------------------------------------------------- comparisons
@builtin("tideq")
def tideq(a, b) -> bool:
    return tuple(a) == tuple(b)


@builtin("tidne")
def tidne(a, b) -> bool:
    return tuple(a) != tuple(b)


@builtin("tidlt")
def tidlt(a, b) -> bool:
    return tuple(a) < tuple(b)


@builtin("tidle")
def tidle(a, b) -> bool:
    return tuple(a) <= tuple(b)


@builtin("tidgt")
def tidgt(a, b) -> bool:
    return tuple(a) > tuple(b)


@builtin("tidge")
def tidge(a, b) -> bool:
    return tuple(a) >= tuple(b)


@builtin("bttidcmp")
def bttidcmp(a, b) -> int:
    a, b = tuple(a), tuple(b)
    return (a > b) - (a < b)


@builtin("tidlarger")
def tidlarger(a, b):
    return a if tuple(a) >= tuple(b) else b


@builtin("tidsmaller")
def tidsmaller(a, b):
    return a if tuple(a) <= tuple(b) else b


# ---------------------------------------------------------------- xid, cid
@builtin("xideq", "xideqint4", "cideq")
def xideq(a: int, b: int) -> bool:
    # xideqint4 compares an xid with an int4 as unsigned 32-bit values
    return (a & 0xFFFFFFFF) == (b & 0xFFFFFFFF)


@builtin("xidneq", "xidneqint4")
def xidneq(a: int, b: int) -> bool:
    return (a & 0xFFFFFFFF) != (b & 0xFFFFFFFF)

"""Integers: int2, int4, int8, oid, xid, cid, xid8, int2vector, oidvector.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").

Text input follows PostgreSQL 15's pg_strtoint16/32/64(): optional C-locale
whitespace, an optional sign, at least one decimal digit, optional trailing
whitespace -- nothing else (no underscores, no hex: those are PostgreSQL 16).
A value outside the type's range is 22003 ``value "<input>" is out of range
for type integer``; anything else is 22P02 ``invalid input syntax for type
integer: "<input>"``.  The input is quoted exactly as given.

``oid`` (and xid, cid) follow oidin's strtoul() rules instead: a leading
minus is accepted and wraps modulo 2^32 provided the magnitude fits in a
signed 32-bit int, as on PostgreSQL's 64-bit builds ('-1' -> 4294967295).

Binary forms are big-endian two's complement of the type's width.
``int2vector`` and ``oidvector`` are one-dimensional arrays with lower bound
0 (PgArray), printed as space-separated numbers, sent as arrays.
"""
from __future__ import annotations

import re
import struct
from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import C_SPACE, Reader, invalid_syntax, out_of_range
from pgref.types.oids import INT2OID, OIDOID
from pgref.types.values import PgArray

INT16_MIN, INT16_MAX = -(2 ** 15), 2 ** 15 - 1
INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
UINT32_MAX = 2 ** 32 - 1
FUNC_MAX_ARGS = 100

_DIGITS = frozenset("0123456789")


_INT_RE = re.compile(r"[ \t\n\r\v\f]*([+-]?)0*([0-9]+)[ \t\n\r\v\f]*")


def _scan_int(text: str) -> int | None:
    """The number in ``text`` if it is [ws][sign]digits[ws], else None."""
    m = _INT_RE.fullmatch(text)
    if m is None or not m.group(2).isascii():
        return None
    mag = m.group(2)
    if len(mag) > 20:                         # beyond any int64; avoid huge int()
        mag = "1" + "0" * 20
    v = int(mag)
    return -v if m.group(1) == "-" else v


def strtoint(text: str, lo: int, hi: int, typename: str) -> int:
    """pg_strtoint16/32/64(): the value, or PostgreSQL's error."""
    v = _scan_int(text)
    if v is None:
        raise invalid_syntax(typename, text)
    if v < lo or v > hi:
        raise out_of_range(typename, text)
    return v


def int2_in(text: str) -> int:
    return strtoint(text, INT16_MIN, INT16_MAX, "smallint")


def int4_in(text: str) -> int:
    return strtoint(text, INT32_MIN, INT32_MAX, "integer")


def int8_in(text: str) -> int:
    return strtoint(text, INT64_MIN, INT64_MAX, "bigint")


@builtin("int2in", ctx=True)
def int2in(ctx: Any, text: str, typioparam: int = 21, typmod: int = -1) -> int:
    return int2_in(text)


@builtin("int4in", ctx=True)
def int4in(ctx: Any, text: str, typioparam: int = 23, typmod: int = -1) -> int:
    return int4_in(text)


@builtin("int8in", ctx=True)
def int8in(ctx: Any, text: str, typioparam: int = 20, typmod: int = -1) -> int:
    return int8_in(text)


@builtin("int2out", "int4out", "int8out", "oidout", "xidout", "cidout", "xid8out", ctx=True)
def intout(ctx: Any, value: int) -> str:
    return str(int(value))


def _recv(fmt: str, data: bytes) -> int:
    r = Reader(data)
    v = struct.unpack(fmt, r.take(struct.calcsize(fmt)))[0]
    r.end()
    return v


@builtin("int2recv", ctx=True)
def int2recv(ctx: Any, data: bytes, typioparam: int = 21, typmod: int = -1) -> int:
    return _recv("!h", data)


@builtin("int4recv", ctx=True)
def int4recv(ctx: Any, data: bytes, typioparam: int = 23, typmod: int = -1) -> int:
    return _recv("!i", data)


@builtin("int8recv", ctx=True)
def int8recv(ctx: Any, data: bytes, typioparam: int = 20, typmod: int = -1) -> int:
    return _recv("!q", data)


@builtin("oidrecv", "xidrecv", "cidrecv", ctx=True)
def oidrecv(ctx: Any, data: bytes, typioparam: int = 26, typmod: int = -1) -> int:
    return _recv("!I", data)


@builtin("xid8recv", ctx=True)
def xid8recv(ctx: Any, data: bytes, typioparam: int = 5069, typmod: int = -1) -> int:
    return _recv("!Q", data)


@builtin("int2send", ctx=True)
def int2send(ctx: Any, value: int) -> bytes:
    return struct.pack("!h", value)


@builtin("int4send", ctx=True)
def int4send(ctx: Any, value: int) -> bytes:
    return struct.pack("!i", value)


@builtin("int8send", ctx=True)
def int8send(ctx: Any, value: int) -> bytes:
    return struct.pack("!q", value)


@builtin("oidsend", "xidsend", "cidsend", ctx=True)
def oidsend(ctx: Any, value: int) -> bytes:
    return struct.pack("!I", value)


@builtin("xid8send", ctx=True)
def xid8send(ctx: Any, value: int) -> bytes:
    return struct.pack("!Q", value)


# -- oid: strtoul() semantics -----------------------------------------------------

def _strtoul_prefix(s: str, pos: int) -> tuple[int | None, int]:
    """strtoul(s + pos, &end, 10) on a 64-bit platform: (value or None when
    no digits, end position).  Overflow returns ULONG_MAX+1 as a marker."""
    i = pos
    n = len(s)
    while i < n and s[i] in C_SPACE:
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    start = i
    while i < n and s[i] in _DIGITS:
        i += 1
    if i == start:
        return None, pos
    if len(s[start:i].lstrip("0")) > 20:
        return 2 ** 64, i
    v = int(s[start:i].lstrip("0") or "0")
    if v > 2 ** 64 - 1:
        return 2 ** 64, i
    if neg:
        v = (-v) % 2 ** 64
    return v, i


def uint32_in_subr(s: str, pos: int, typename: str, full: bool) -> tuple[int, int]:
    """uint32in_subr() / oidin_subr(): parse one unsigned 32-bit number from
    ``s[pos:]``.  With ``full`` the rest must be whitespace.  Returns
    (value, end position)."""
    shown = s[pos:]
    if pos >= len(s):
        raise invalid_syntax(typename, shown)
    v, end = _strtoul_prefix(s, pos)
    if v is None:
        raise invalid_syntax(typename, shown)
    if v == 2 ** 64:
        raise out_of_range(typename, shown)
    result = v & UINT32_MAX
    signed = result - 2 ** 32 if result > INT32_MAX else result
    if v != result and v != signed % 2 ** 64:
        raise out_of_range(typename, shown)
    if full:
        rest = s[end:]
        if rest.strip(C_SPACE):
            raise invalid_syntax(typename, shown)
        end = len(s)
    return result, end


@builtin("oidin", ctx=True)
def oidin(ctx: Any, text: str, typioparam: int = 26, typmod: int = -1) -> int:
    return uint32_in_subr(text, 0, "oid", True)[0]


def _strtoul_base0(s: str) -> int:
    """C's strtoul(s, NULL, 0) on a 64-bit platform, errors ignored: an
    optional sign, then hex after 0x, octal after a leading 0, else decimal;
    the longest valid prefix counts, no digits give 0 and overflow gives
    ULONG_MAX.  PostgreSQL 15's xidin and xid8in take their input this way
    ("garbage values are not yet rejected", xid.sql)."""
    i, n = 0, len(s)
    while i < n and s[i] in C_SPACE:
        i += 1
    neg = i < n and s[i] == "-"
    if i < n and s[i] in "+-":
        i += 1
    base, digits = 10, "0123456789"
    if s[i:i + 2] in ("0x", "0X") and i + 2 < n and s[i + 2] in "0123456789abcdefABCDEF":
        base, digits, i = 16, "0123456789abcdefABCDEF", i + 2
    elif s[i:i + 1] == "0":
        base, digits = 8, "01234567"
    j = i
    while j < n and s[j] in digits:
        j += 1
    v = int(s[i:j], base) if j > i else 0
    if v > 2 ** 64 - 1:
        return 2 ** 64 - 1
    return (-v) % 2 ** 64 if neg else v


@builtin("xidin", ctx=True)
def xidin(ctx: Any, text: str, typioparam: int = 28, typmod: int = -1) -> int:
    return _strtoul_base0(text) & UINT32_MAX


@builtin("cidin", ctx=True)
def cidin(ctx: Any, text: str, typioparam: int = 29, typmod: int = -1) -> int:
    return uint32_in_subr(text, 0, "cid", True)[0]


@builtin("xid8in", ctx=True)
def xid8in(ctx: Any, text: str, typioparam: int = 5069, typmod: int = -1) -> int:
    return _strtoul_base0(text)


# -- int2vector / oidvector ----------------------------------------------------------

def _vector(values: list[int], elemtype: int) -> PgArray:
    return PgArray(values, [len(values)], [0], elemtype)


@builtin("int2vectorin", ctx=True)
def int2vectorin(ctx: Any, text: str, typioparam: int = 21, typmod: int = -1) -> PgArray:
    values: list[int] = []
    pos, n = 0, len(text)
    while True:
        while pos < n and text[pos] in C_SPACE:
            pos += 1
        if pos >= n:
            break
        if len(values) >= FUNC_MAX_ARGS:
            raise PgError(INVALID_PARAMETER_VALUE, "int2vector has too many elements")
        v, end = _strtol_prefix(text, pos)
        rest = text[pos:]
        if v is None:
            raise invalid_syntax("smallint", rest)
        if v < INT16_MIN or v > INT16_MAX:
            raise out_of_range("smallint", rest)
        if end < n and text[end] != " ":
            raise invalid_syntax("smallint", rest)
        values.append(v)
        pos = end
    return _vector(values, INT2OID)


def _strtol_prefix(s: str, pos: int) -> tuple[int | None, int]:
    i, n = pos, len(s)
    while i < n and s[i] in C_SPACE:
        i += 1
    j = i
    if j < n and s[j] in "+-":
        j += 1
    start = j
    while j < n and s[j] in _DIGITS:
        j += 1
    if j == start:
        return None, pos
    if len(s[start:j].lstrip("0")) > 20:
        return (10 ** 20 if s[i] != "-" else -(10 ** 20)), j
    v = int(s[start:j].lstrip("0") or "0")
    return (-v if s[i] == "-" else v), j


@builtin("oidvectorin", ctx=True)
def oidvectorin(ctx: Any, text: str, typioparam: int = 26, typmod: int = -1) -> PgArray:
    values: list[int] = []
    pos, n = 0, len(text)
    while True:
        while pos < n and text[pos] in C_SPACE:
            pos += 1
        if pos >= n:
            break
        if len(values) >= FUNC_MAX_ARGS:
            raise PgError(INVALID_PARAMETER_VALUE, "oidvector has too many elements")
        v, pos = uint32_in_subr(text, pos, "oid", False)
        values.append(v)
    return _vector(values, OIDOID)


@builtin("int2vectorout", "oidvectorout", ctx=True)
def vectorout(ctx: Any, value: PgArray | list[int]) -> str:
    elements = value.elements if isinstance(value, PgArray) else value
    return " ".join(str(v) for v in elements)


@builtin("int2vectorrecv", ctx=True)
def int2vectorrecv(ctx: Any, data: bytes, typioparam: int = 21, typmod: int = -1) -> PgArray:
    return _vector_recv(ctx, data, INT2OID, "int2vector")


@builtin("oidvectorrecv", ctx=True)
def oidvectorrecv(ctx: Any, data: bytes, typioparam: int = 26, typmod: int = -1) -> PgArray:
    return _vector_recv(ctx, data, OIDOID, "oidvector")


def _vector_recv(ctx: Any, data: bytes, elemtype: int, typename: str) -> PgArray:
    from pgref.types.io.array import array_recv
    arr = array_recv(ctx, data, elemtype, -1)
    if not arr.dims:                  # an empty vector (sent as ndim 1, length 0)
        return _vector([], elemtype)
    # int2vectorrecv / oidvectorrecv: sanity checks on the array shape
    if (len(arr.dims) != 1 or arr.lbounds != [0] or None in arr.elements
            or arr.elemtype != elemtype):
        from pgref.errors import INVALID_BINARY_REPRESENTATION
        raise PgError(INVALID_BINARY_REPRESENTATION, f"invalid {typename} data")
    if arr.dims[0] > FUNC_MAX_ARGS:
        raise PgError(INVALID_PARAMETER_VALUE, f"{typename} has too many elements")
    return arr


@builtin("int2vectorsend", "oidvectorsend", ctx=True)
def vectorsend(ctx: Any, value: PgArray) -> bytes:
    from pgref.types.io.array import array_send
    return array_send(ctx, value)

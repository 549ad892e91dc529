"""bit(n) and bit varying(n): bit strings.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  A bit
string datum is a Python ``str`` of ``'0'``/``'1'`` characters, one per bit
(B'1010' is ``'1010'``); string comparison of such values orders them as
PostgreSQL's bit_cmp does.

Input (bit_in/varbit_in): an optional ``b``/``B`` prefix then binary digits,
or an ``x``/``X`` prefix then hex digits (4 bits each); without a prefix the
text is binary.  ``bit(n)`` demands exactly n bits (22026 ``bit string length
3 does not match type bit(4)``); ``bit varying(n)`` at most n (22001
``bit string too long for type bit varying(2)``).  Bad digits are 22P02
``"2" is not a valid binary digit`` / ``... valid hexadecimal digit``.  The
typmod is the length itself (no header offset).  Output is the binary
digits.  Binary form: int32 bit count, then the bits packed MSB-first,
zero-padded to a byte.
"""
from __future__ import annotations

import struct
from typing import Any

from pgref.errors import (
    INVALID_BINARY_REPRESENTATION, INVALID_PARAMETER_VALUE,
    INVALID_TEXT_REPRESENTATION, STRING_DATA_LENGTH_MISMATCH,
    STRING_DATA_RIGHT_TRUNCATION, PgError)
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader
from pgref.types.io.integer import int4_in

MAX_ATTR_SIZE = 10 * 1024 * 1024
VARBITMAXLEN = 0x3FFFFFFF * 8 // 8 - 64    # generous; PostgreSQL's is INT_MAX - BITS_PER_BYTE + 1


def parse_bits(text: str) -> str:
    if text[:1] in ("b", "B"):
        hexa, body = False, text[1:]
    elif text[:1] in ("x", "X"):
        hexa, body = True, text[1:]
    else:
        hexa, body = False, text
    if not hexa:
        for c in body:
            if c not in "01":
                raise PgError(INVALID_TEXT_REPRESENTATION, f'"{c}" is not a valid binary digit')
        return body
    out = []
    for c in body:
        if c not in "0123456789abcdefABCDEF":
            raise PgError(INVALID_TEXT_REPRESENTATION, f'"{c}" is not a valid hexadecimal digit')
        out.append(format(int(c, 16), "04b"))
    return "".join(out)


def _bitlen(text: str) -> int:
    if text[:1] in ("x", "X"):
        return 4 * (len(text) - 1)
    if text[:1] in ("b", "B"):
        return len(text) - 1
    return len(text)


@builtin("bit_in", ctx=True)
def bit_in(ctx: Any, text: str, typioparam: int = 1560, typmod: int = -1) -> str:
    n = _bitlen(text)
    if typmod > 0 and n != typmod:
        raise PgError(STRING_DATA_LENGTH_MISMATCH,
                      f"bit string length {n} does not match type bit({typmod})")
    return parse_bits(text)


@builtin("varbit_in", ctx=True)
def varbit_in(ctx: Any, text: str, typioparam: int = 1562, typmod: int = -1) -> str:
    n = _bitlen(text)
    if typmod > 0 and n > typmod:
        raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                      f"bit string too long for type bit varying({typmod})")
    return parse_bits(text)


@builtin("bit_out", "varbit_out", ctx=True)
def bit_out(ctx: Any, value: str) -> str:
    return value


def _recv(data: bytes, typmod: int, fixed: bool) -> str:
    r = Reader(data)
    n = r.int32()
    if n < 0 or n > VARBITMAXLEN:
        raise PgError(INVALID_BINARY_REPRESENTATION, "invalid length in external bit string")
    if typmod > 0:
        if fixed and n != typmod:
            raise PgError(STRING_DATA_LENGTH_MISMATCH,
                          f"bit string length {n} does not match type bit({typmod})")
        if not fixed and n > typmod:
            raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                          f"bit string too long for type bit varying({typmod})")
    raw = r.take((n + 7) // 8)
    r.end()
    bits = "".join(format(b, "08b") for b in raw)
    return bits[:n]


@builtin("bit_recv", ctx=True)
def bit_recv(ctx: Any, data: bytes, typioparam: int = 1560, typmod: int = -1) -> str:
    return _recv(data, typmod, True)


@builtin("varbit_recv", ctx=True)
def varbit_recv(ctx: Any, data: bytes, typioparam: int = 1562, typmod: int = -1) -> str:
    return _recv(data, typmod, False)


@builtin("bit_send", "varbit_send", ctx=True)
def bit_send(ctx: Any, value: str) -> bytes:
    n = len(value)
    padded = value + "0" * (-n % 8)
    raw = bytes(int(padded[i:i + 8], 2) for i in range(0, len(padded), 8))
    return struct.pack("!i", n) + raw


def _anybit_typmodin(mods: list[str], typename: str) -> int:
    tl = [int4_in(m) for m in mods]
    if len(tl) != 1:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
    if tl[0] < 1:
        raise PgError(INVALID_PARAMETER_VALUE, f"length for type {typename} must be at least 1")
    if tl[0] > MAX_ATTR_SIZE * 8:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"length for type {typename} cannot exceed {MAX_ATTR_SIZE * 8}")
    return tl[0]


@builtin("bittypmodin", ctx=True)
def bittypmodin(ctx: Any, mods: list[str]) -> int:
    return _anybit_typmodin(mods, "bit")


@builtin("varbittypmodin", ctx=True)
def varbittypmodin(ctx: Any, mods: list[str]) -> int:
    return _anybit_typmodin(mods, "varbit")


@builtin("bittypmodout", "varbittypmodout", ctx=True)
def anybit_typmodout(ctx: Any, typmod: int) -> str:
    return f"({typmod})" if typmod >= 0 else ""


@builtin("bit")
def bit_length_coercion(value: str, typmod: int, explicit: bool) -> str:
    """bit(bit, int4, bool): the length coercion cast."""
    if typmod <= 0 or len(value) == typmod:
        return value
    if not explicit:
        raise PgError(STRING_DATA_LENGTH_MISMATCH,
                      f"bit string length {len(value)} does not match type bit({typmod})")
    return value[:typmod] + "0" * max(0, typmod - len(value))


@builtin("varbit")
def varbit_length_coercion(value: str, typmod: int, explicit: bool) -> str:
    """varbit(varbit, int4, bool): the length coercion cast."""
    if typmod <= 0 or len(value) <= typmod:
        return value
    if not explicit:
        raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                      f"bit string too long for type bit varying({typmod})")
    return value[:typmod]

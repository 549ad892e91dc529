"""pg_lsn: text and binary I/O (pg_lsn.c).

Where it sits: ``types/io/`` (spec/03-types.md, "Network address types"
covers it with the other small fixed types).  A pg_lsn datum is a Python
int in 0 .. 2**64-1 (XLogRecPtr), so Python's int order is the btree order.

Input: two groups of 1 to 8 hex digits separated by '/', nothing else (no
blanks); otherwise 22P02 ``invalid input syntax for type pg_lsn: "<input>"``.
Output: ``%X/%X`` -- upper case, no zero padding.  Binary: uint64, big-endian.

Entry points: lsn_from_text(text), lsn_to_text(value).
"""
from __future__ import annotations

from typing import Any

from pgref.errors import INVALID_TEXT_REPRESENTATION, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader

_HEX = frozenset("0123456789abcdefABCDEF")
MAXPG_LSNCOMPONENT = 8


def _hexspan(s: str, i: int) -> int:
    j = i
    while j < len(s) and s[j] in _HEX:
        j += 1
    return j - i


def lsn_from_text(text: str) -> int:
    len1 = _hexspan(text, 0)
    if not 1 <= len1 <= MAXPG_LSNCOMPONENT or text[len1:len1 + 1] != "/":
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type pg_lsn: "{text}"')
    len2 = _hexspan(text, len1 + 1)
    if not 1 <= len2 <= MAXPG_LSNCOMPONENT or len1 + 1 + len2 != len(text):
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type pg_lsn: "{text}"')
    return (int(text[:len1], 16) << 32) | int(text[len1 + 1:], 16)


def lsn_to_text(v: int) -> str:
    return f"{v >> 32:X}/{v & 0xFFFFFFFF:X}"


@builtin("pg_lsn_in", ctx=True)
def pg_lsn_in(ctx: Any, text: str, typioparam: int = 3220, typmod: int = -1) -> int:
    return lsn_from_text(text)


@builtin("pg_lsn_out", ctx=True)
def pg_lsn_out(ctx: Any, v: int) -> str:
    return lsn_to_text(v)


@builtin("pg_lsn_recv", ctx=True)
def pg_lsn_recv(ctx: Any, data: bytes, typioparam: int = 3220, typmod: int = -1) -> int:
    r = Reader(data)
    v = int.from_bytes(r.take(8), "big")
    r.end()
    return v


@builtin("pg_lsn_send", ctx=True)
def pg_lsn_send(ctx: Any, v: int) -> bytes:
    return v.to_bytes(8, "big")

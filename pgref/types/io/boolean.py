"""bool: boolin / boolout / boolrecv / boolsend.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  The
accepted spellings are PostgreSQL's parse_bool_with_len(): after trimming
C-locale whitespace, any case-insensitive prefix of ``true``, ``false``,
``yes``, ``no``; ``on`` and ``off`` (at least two letters, so ``o`` alone is
ambiguous and rejected); ``1`` and ``0``.  Output is ``t`` / ``f``; the binary
form is one byte, and any non-zero byte reads as true.
"""
from __future__ import annotations

from typing import Any

from pgref.types.fmgr import builtin
from pgref.types.io.common import C_SPACE, Reader, invalid_syntax


def parse_bool(text: str) -> bool | None:
    """parse_bool_with_len(): the value, or None if ``text`` is not a bool."""
    v = text.strip(C_SPACE).lower()
    n = len(v)
    if n == 0:
        return None
    c = v[0]
    if c == "t" and "true".startswith(v):
        return True
    if c == "f" and "false".startswith(v):
        return False
    if c == "y" and "yes".startswith(v):
        return True
    if c == "n" and "no".startswith(v):
        return False
    if c == "o" and n >= 2:
        if "on".startswith(v):
            return True
        if "off".startswith(v):
            return False
    if v == "1":
        return True
    if v == "0":
        return False
    return None


@builtin("boolin", ctx=True)
def boolin(ctx: Any, text: str, typioparam: int = 16, typmod: int = -1) -> bool:
    result = parse_bool(text)
    if result is None:
        raise invalid_syntax("boolean", text)
    return result


@builtin("boolout", ctx=True)
def boolout(ctx: Any, value: bool) -> str:
    return "t" if value else "f"


@builtin("boolrecv", ctx=True)
def boolrecv(ctx: Any, data: bytes, typioparam: int = 16, typmod: int = -1) -> bool:
    r = Reader(data)
    b = r.uint8()
    r.end()
    return b != 0


@builtin("boolsend", ctx=True)
def boolsend(ctx: Any, value: bool) -> bytes:
    return b"\x01" if value else b"\x00"

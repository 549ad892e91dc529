"""macaddr and macaddr8: text and binary I/O (mac.c, mac8.c).

Where it sits: ``types/io/`` (spec/03-types.md, "Network address types").
A macaddr datum is :class:`MacAddr` (6 bytes), a macaddr8 datum
:class:`MacAddr8` (8 bytes); both order like PostgreSQL's
``macaddr_cmp`` (bytewise, most significant first), so Python's tuple order
is the btree order.

Guarantees:
  * macaddr input tries PostgreSQL's seven sscanf() formats in turn
    (``08:00:2b:01:02:03``, ``08-00-...``, ``08002b:010203``,
    ``08002b-010203``, ``0800.2b01.0203``, ``0800-2b01-0203``,
    ``08002b010203``); ``%x`` skips leading blanks and takes a sign or
    ``0x``, trailing blanks are allowed.  No format fits: 22P02
    ``invalid input syntax for type macaddr: "<input>"``; an octet above
    255: 22003 ``invalid octet value in "macaddr" value: "<input>"``.
  * macaddr8 input is mac8.c's hand parser: pairs of hex digits, one
    optional spacer (``:``, ``-`` or ``.``) used consistently, 6 or 8
    bytes; a 6-byte address is widened with ``ff:fe`` in the middle.
  * Output is lower-case, colon separated; binary form is the bytes
    (macaddr8_recv also takes 6 bytes).

Entry points: macaddr_from_text, macaddr8_from_text, MacAddr, MacAddr8.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from pgref.errors import INVALID_TEXT_REPRESENTATION, NUMERIC_VALUE_OUT_OF_RANGE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import C_SPACE, Reader


class MacAddr(NamedTuple):
    """A macaddr value: its 6 bytes."""
    addr: bytes


class MacAddr8(NamedTuple):
    """A macaddr8 value: its 8 bytes."""
    addr: bytes


_HEX = "0123456789abcdefABCDEF"

# the sscanf formats of macaddr_in: (field width or None, separators between fields)
_FORMATS = [
    (None, ":::::"), (None, "-----"), (2, "  :  "), (2, "  -  "),
    (2, " . . "), (2, " - - "), (2, "     "),
]


def _scan_hex(s: str, i: int, width: int | None) -> tuple[int, int] | None:
    """glibc's %x: skip blanks, optional sign and 0x, hex digits (at most
    ``width`` characters in all).  Returns (value, next index)."""
    n = len(s)
    while i < n and s[i] in C_SPACE:
        i += 1
    limit = n if width is None else min(n, i + width)
    neg = False
    if i < limit and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    prefixed = i + 1 < limit and s[i] == "0" and s[i + 1] in "xX"
    if prefixed:                      # "0x" alone reads as 0, as glibc does
        i += 2
    j = i
    while j < limit and s[j] in _HEX:
        j += 1
    if j == i and not prefixed:
        return None
    v = int(s[i:j], 16) if j > i else 0
    return (-v if neg else v), j


def _try_format(s: str, width: int | None, seps: str) -> list[int] | None:
    vals: list[int] = []
    i = 0
    for k in range(6):
        if k > 0 and seps[k - 1] != " ":
            if i >= len(s) or s[i] != seps[k - 1]:
                return None
            i += 1
        r = _scan_hex(s, i, width)
        if r is None:
            return None
        vals.append(r[0])
        i = r[1]
    if s[i:].strip(C_SPACE):          # the trailing %1s found something
        return None
    return vals


def macaddr_from_text(text: str) -> MacAddr:
    for width, seps in _FORMATS:
        vals = _try_format(text, width, seps)
        if vals is not None:
            break
    else:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type macaddr: "{text}"')
    if any(v < 0 or v > 255 for v in vals):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f'invalid octet value in "macaddr" value: "{text}"')
    return MacAddr(bytes(vals))


def macaddr8_from_text(text: str) -> MacAddr8:
    def bad() -> PgError:
        return PgError(INVALID_TEXT_REPRESENTATION,
                       f'invalid input syntax for type macaddr8: "{text}"')
    s, n = text, len(text)
    i = 0
    while i < n and s[i] in C_SPACE:
        i += 1
    out: list[int] = []
    spacer = ""
    while i + 1 < n:
        if len(out) == 8:
            raise bad()
        if s[i] not in _HEX or s[i + 1] not in _HEX:
            raise bad()
        out.append(int(s[i:i + 2], 16))
        i += 2
        if i < n and s[i] in ":-.":
            if not spacer:
                spacer = s[i]
            elif spacer != s[i]:
                raise bad()
            i += 1
        if len(out) in (6, 8) and i < n and s[i] in C_SPACE:
            while i < n and s[i] in C_SPACE:
                i += 1
            if i < n:
                raise bad()
    if len(out) == 6:
        out = out[:3] + [0xFF, 0xFE] + out[3:]
    elif len(out) != 8:
        raise bad()
    return MacAddr8(bytes(out))


def mac_text(addr: bytes) -> str:
    return ":".join(f"{b:02x}" for b in addr)


@builtin("macaddr_in", ctx=True)
def macaddr_in(ctx: Any, text: str, typioparam: int = 829, typmod: int = -1) -> MacAddr:
    return macaddr_from_text(text)


@builtin("macaddr_out", ctx=True)
def macaddr_out(ctx: Any, v: MacAddr) -> str:
    return mac_text(v.addr)


@builtin("macaddr_recv", ctx=True)
def macaddr_recv(ctx: Any, data: bytes, typioparam: int = 829, typmod: int = -1) -> MacAddr:
    r = Reader(data)
    b = r.take(6)
    r.end()
    return MacAddr(b)


@builtin("macaddr_send", ctx=True)
def macaddr_send(ctx: Any, v: MacAddr) -> bytes:
    return bytes(v.addr)


@builtin("macaddr8_in", ctx=True)
def macaddr8_in(ctx: Any, text: str, typioparam: int = 774, typmod: int = -1) -> MacAddr8:
    return macaddr8_from_text(text)


@builtin("macaddr8_out", ctx=True)
def macaddr8_out(ctx: Any, v: MacAddr8) -> str:
    return mac_text(v.addr)


@builtin("macaddr8_recv", ctx=True)
def macaddr8_recv(ctx: Any, data: bytes, typioparam: int = 774, typmod: int = -1) -> MacAddr8:
    r = Reader(data)
    if len(data) == 6:
        b = r.take(3) + b"\xff\xfe" + r.take(3)
    else:
        b = r.take(8)
    r.end()
    return MacAddr8(b)


@builtin("macaddr8_send", ctx=True)
def macaddr8_send(ctx: Any, v: MacAddr8) -> bytes:
    return bytes(v.addr)

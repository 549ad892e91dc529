"""bytea: hex and escape text formats, raw binary form.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  A bytea
datum is Python ``bytes``.

Input (byteain): text starting with ``\\x`` is hex -- pairs of hex digits,
blanks/newlines/tabs/CRs allowed between pairs; an odd digit count is 22023
``invalid hexadecimal data: odd number of digits``, a non-hex character 22023
``invalid hexadecimal digit: "<c>"``.  Otherwise the escape format: each
character's UTF-8 bytes as they are, except ``\\\\`` (one backslash) and
``\\ooo`` with the first octal digit 0-3 (one byte); any other backslash is
22P02 ``invalid input syntax for type bytea``.

Output follows ``bytea_output``: ``hex`` prints ``\\x`` and two lower-case
hex digits per byte; ``escape`` prints printable ASCII as is, the backslash
as ``\\\\`` and every other byte as ``\\ooo``.  The binary form is the bytes.
"""
from __future__ import annotations

from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, INVALID_TEXT_REPRESENTATION, PgError
from pgref.types.fmgr import builtin

_HEX = "0123456789abcdefABCDEF"
_HEX_SKIP = " \n\t\r"


def hex_decode(text: str, start: int) -> bytes:
    out = bytearray()
    s, n, i = text, len(text), start
    while i < n:
        c = s[i]
        if c in _HEX_SKIP:
            i += 1
            continue
        if c not in _HEX:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid hexadecimal digit: "{c}"')
        i += 1
        if i >= n:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid hexadecimal data: odd number of digits")
        c2 = s[i]
        if c2 not in _HEX:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid hexadecimal digit: "{c2}"')
        i += 1
        out.append(int(c + c2, 16))
    return bytes(out)


def bytea_from_text(text: str) -> bytes:
    if text.startswith("\\x"):
        return hex_decode(text, 2)
    raw = text.encode("utf-8")
    if b"\\" not in raw:
        return raw
    out = bytearray()
    i, n = 0, len(raw)
    while i < n:
        b = raw[i]
        if b != 0x5C:
            out.append(b)
            i += 1
            continue
        if (i + 3 < n and 0x30 <= raw[i + 1] <= 0x33 and 0x30 <= raw[i + 2] <= 0x37
                and 0x30 <= raw[i + 3] <= 0x37):
            out.append(((raw[i + 1] - 0x30) << 6) | ((raw[i + 2] - 0x30) << 3) | (raw[i + 3] - 0x30))
            i += 4
        elif i + 1 < n and raw[i + 1] == 0x5C:
            out.append(0x5C)
            i += 2
        else:
            raise PgError(INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea")
    return bytes(out)


def bytea_to_text(value: bytes, output: str = "hex") -> str:
    if output == "hex":
        return "\\x" + bytes(value).hex()
    parts = []
    for b in value:
        if b == 0x5C:
            parts.append("\\\\")
        elif b < 0x20 or b > 0x7E:
            parts.append("\\" + format(b, "03o"))
        else:
            parts.append(chr(b))
    return "".join(parts)


@builtin("byteain", ctx=True)
def byteain(ctx: Any, text: str, typioparam: int = 17, typmod: int = -1) -> bytes:
    return bytea_from_text(text)


@builtin("byteaout", ctx=True)
def byteaout(ctx: Any, value: bytes) -> str:
    settings = getattr(ctx, "settings", None)
    return bytea_to_text(value, settings.bytea_output if settings is not None else "hex")


@builtin("bytearecv", ctx=True)
def bytearecv(ctx: Any, data: bytes, typioparam: int = 17, typmod: int = -1) -> bytes:
    return bytes(data)


@builtin("byteasend", ctx=True)
def byteasend(ctx: Any, value: bytes) -> bytes:
    return bytes(value)

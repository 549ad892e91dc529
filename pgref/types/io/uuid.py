"""uuid: text and binary I/O.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  A uuid
datum is ``uuid.UUID``.  Input (string_to_uuid) takes 32 hex digits in
either case, optionally wrapped in ``{}``, with an optional hyphen after any
group of four digits (so ``a0ee-bc99-...`` and the bare 32 digits both
work) -- and nothing else, not even blanks: otherwise 22P02
``invalid input syntax for type uuid: "<input>"``.  Output is the canonical
lower-case 8-4-4-4-12 form; the binary form is the 16 bytes.
"""
from __future__ import annotations

import uuid as _uuid
from typing import Any

from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader, invalid_syntax

_HEX = frozenset("0123456789abcdefABCDEF")


def uuid_from_text(text: str) -> _uuid.UUID:
    s, i, n = text, 0, len(text)
    braces = n > 0 and s[0] == "{"
    if braces:
        i = 1
    out = bytearray()
    for k in range(16):
        if i + 2 > n or s[i] not in _HEX or s[i + 1] not in _HEX:
            raise invalid_syntax("uuid", text)
        out.append(int(s[i:i + 2], 16))
        i += 2
        if i < n and s[i] == "-" and k % 2 == 1 and k < 15:
            i += 1
    if braces:
        if i >= n or s[i] != "}":
            raise invalid_syntax("uuid", text)
        i += 1
    if i != n:
        raise invalid_syntax("uuid", text)
    return _uuid.UUID(bytes=bytes(out))


@builtin("uuid_in", ctx=True)
def uuid_in(ctx: Any, text: str, typioparam: int = 2950, typmod: int = -1) -> _uuid.UUID:
    return uuid_from_text(text)


@builtin("uuid_out", ctx=True)
def uuid_out(ctx: Any, value: _uuid.UUID) -> str:
    return str(value)


@builtin("uuid_recv", ctx=True)
def uuid_recv(ctx: Any, data: bytes, typioparam: int = 2950, typmod: int = -1) -> _uuid.UUID:
    r = Reader(data)
    b = r.take(16)
    r.end()
    return _uuid.UUID(bytes=b)


@builtin("uuid_send", ctx=True)
def uuid_send(ctx: Any, value: _uuid.UUID) -> bytes:
    return value.bytes

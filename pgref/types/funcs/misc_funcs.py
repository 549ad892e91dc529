"""bool, uuid and hash support functions.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md, "Other
scalar types").  ``bool.c``, ``uuid.c`` and the integer/text hash functions
of ``hashfunc.c``.  false < true.  UUIDs compare as their 16 bytes
(memcmp), which is the order of ``uuid.UUID`` objects.

The hash functions are PostgreSQL's exactly: Bob Jenkins' lookup3
``hash_bytes`` / ``hash_bytes_uint32`` with seed 0, results as signed int4
(INV-FUNCS-13), so hash partitioning and hash-based plans place values where
PostgreSQL does.
"""
from __future__ import annotations

import uuid as _uuid

from pgref.types.fmgr import builtin

# ---- bool ---------------------------------------------------------------------------

builtin("booleq")(lambda a, b: a == b)
builtin("boolne")(lambda a, b: a != b)
builtin("boollt")(lambda a, b: a < b)
builtin("boolle")(lambda a, b: a <= b)
builtin("boolgt")(lambda a, b: a > b)
builtin("boolge")(lambda a, b: a >= b)
builtin("btboolcmp")(lambda a, b: (a > b) - (a < b))
builtin("booland_statefunc")(lambda a, b: a and b)
builtin("boolor_statefunc")(lambda a, b: a or b)

# ---- uuid --------------------------------------------------------------------------------

builtin("uuid_eq")(lambda a, b: a == b)
builtin("uuid_ne")(lambda a, b: a != b)
builtin("uuid_lt")(lambda a, b: a.bytes < b.bytes)
builtin("uuid_le")(lambda a, b: a.bytes <= b.bytes)
builtin("uuid_gt")(lambda a, b: a.bytes > b.bytes)
builtin("uuid_ge")(lambda a, b: a.bytes >= b.bytes)
builtin("uuid_cmp")(lambda a, b: (a.bytes > b.bytes) - (a.bytes < b.bytes))


@builtin("gen_random_uuid")
def gen_random_uuid() -> _uuid.UUID:
    return _uuid.uuid4()


# ---- PostgreSQL's hash functions (common/hashfn.c) ----------------------------------------

_M = 0xFFFFFFFF


def _rot(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M


def _mix(a: int, b: int, c: int) -> tuple[int, int, int]:
    a = (a - c) & _M; a ^= _rot(c, 4); c = (c + b) & _M
    b = (b - a) & _M; b ^= _rot(a, 6); a = (a + c) & _M
    c = (c - b) & _M; c ^= _rot(b, 8); b = (b + a) & _M
    a = (a - c) & _M; a ^= _rot(c, 16); c = (c + b) & _M
    b = (b - a) & _M; b ^= _rot(a, 19); a = (a + c) & _M
    c = (c - b) & _M; c ^= _rot(b, 4); b = (b + a) & _M
    return a, b, c


def _final(a: int, b: int, c: int) -> tuple[int, int, int]:
    c ^= b; c = (c - _rot(b, 14)) & _M
    a ^= c; a = (a - _rot(c, 11)) & _M
    b ^= a; b = (b - _rot(a, 25)) & _M
    c ^= b; c = (c - _rot(b, 16)) & _M
    a ^= c; a = (a - _rot(c, 4)) & _M
    b ^= a; b = (b - _rot(a, 14)) & _M
    c ^= b; c = (c - _rot(b, 24)) & _M
    return a, b, c


def _signed(x: int) -> int:
    return x - (1 << 32) if x >= 1 << 31 else x


def hash_bytes(k: bytes) -> int:
    """hash_bytes() for a little-endian machine, as unsigned 32 bits."""
    length = len(k)
    a = b = c = (0x9e3779b9 + length + 3923095) & _M
    i = 0
    while length - i >= 12:
        a = (a + int.from_bytes(k[i:i + 4], "little")) & _M
        b = (b + int.from_bytes(k[i + 4:i + 8], "little")) & _M
        c = (c + int.from_bytes(k[i + 8:i + 12], "little")) & _M
        a, b, c = _mix(a, b, c)
        i += 12
    rest = k[i:]
    n = len(rest)
    # little-endian tail handling of hash_bytes (the "case 11 .. case 1" switch)
    if n >= 9:
        c = (c + (int.from_bytes(rest[8:n], "little") << 8)) & _M
    if n >= 5:
        b = (b + int.from_bytes(rest[4:min(n, 8)], "little")) & _M
    if n >= 1:
        a = (a + int.from_bytes(rest[0:min(n, 4)], "little")) & _M
    a, b, c = _final(a, b, c)
    return c


def hash_uint32(k: int) -> int:
    a = b = c = (0x9e3779b9 + 4 + 3923095) & _M
    a = (a + (k & _M)) & _M
    a, b, c = _final(a, b, c)
    return c


@builtin("hashint2", "hashint4", "hashoid")
def hashint4(v: int) -> int:
    return _signed(hash_uint32(v & _M))


@builtin("hashint8")
def hashint8(v: int) -> int:
    lo = v & _M
    hi = (v >> 32) & _M
    return _signed(hash_uint32(lo ^ (hi if v >= 0 else ~hi & _M)))


@builtin("hashtext", "hashname")
def hashtext(s: str) -> int:
    return _signed(hash_bytes(s.encode("utf-8")))


@builtin("hashbpchar")
def hashbpchar(s: str) -> int:
    return _signed(hash_bytes(s.rstrip(" ").encode("utf-8")))


@builtin("hashchar")
def hashchar(c: str) -> int:
    v = ord(c) if c else 0
    return _signed(hash_uint32(v - 256 if v >= 128 else v))


@builtin("hashfloat8")
def hashfloat8(x: float) -> int:
    import math
    import struct
    if x == 0.0:
        return 0
    if math.isnan(x):
        x = float("nan")
    return _signed(hash_bytes(struct.pack("<d", x)))


@builtin("hashfloat4")
def hashfloat4(x: float) -> int:
    return hashfloat8(x)       # PostgreSQL hashes float4 widened to float8


@builtin("uuid_hash")
def uuid_hash(u: _uuid.UUID) -> int:
    return _signed(hash_bytes(u.bytes))

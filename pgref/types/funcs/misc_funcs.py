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


# ---- 64-bit "extended" hashes with a seed (hash partitioning, hash indexes) --------------

def _signed64(x: int) -> int:
    return x - (1 << 64) if x >= 1 << 63 else x


def _seeded(length: int, seed: int) -> tuple[int, int, int]:
    a = b = c = (0x9e3779b9 + length + 3923095) & _M
    seed &= (1 << 64) - 1
    if seed != 0:
        a = (a + (seed >> 32)) & _M
        b = (b + (seed & _M)) & _M
        a, b, c = _mix(a, b, c)
    return a, b, c


def hash_bytes_extended(k: bytes, seed: int) -> int:
    """hash_bytes_extended(): lookup3 with the seed mixed in first; the
    result is b << 32 | c, as unsigned 64 bits."""
    a, b, c = _seeded(len(k), seed)
    i = 0
    while len(k) - i >= 12:
        a = (a + int.from_bytes(k[i:i + 4], "little")) & _M
        b = (b + int.from_bytes(k[i + 4:i + 8], "little")) & _M
        c = (c + int.from_bytes(k[i + 8:i + 12], "little")) & _M
        a, b, c = _mix(a, b, c)
        i += 12
    rest = k[i:]
    n = len(rest)
    if n >= 9:
        c = (c + (int.from_bytes(rest[8:n], "little") << 8)) & _M
    if n >= 5:
        b = (b + int.from_bytes(rest[4:min(n, 8)], "little")) & _M
    if n >= 1:
        a = (a + int.from_bytes(rest[0:min(n, 4)], "little")) & _M
    a, b, c = _final(a, b, c)
    return (b << 32) | c


def hash_uint32_extended(k: int, seed: int) -> int:
    a, b, c = _seeded(4, seed)
    a = (a + (k & _M)) & _M
    a, b, c = _final(a, b, c)
    return (b << 32) | c


@builtin("hashint2extended", "hashint4extended", "hashoidextended")
def hashint4extended(v: int, seed: int) -> int:
    return _signed64(hash_uint32_extended(v & _M, seed))


@builtin("hashint8extended")
def hashint8extended(v: int, seed: int) -> int:
    lo = v & _M
    hi = (v >> 32) & _M
    return _signed64(hash_uint32_extended(lo ^ (hi if v >= 0 else ~hi & _M), seed))


@builtin("hashcharextended")
def hashcharextended(c: str, seed: int) -> int:
    v = ord(c) if c else 0
    return _signed64(hash_uint32_extended(v - 256 if v >= 128 else v, seed))


@builtin("hashtextextended", "hashnameextended")
def hashtextextended(s: str, seed: int) -> int:
    return _signed64(hash_bytes_extended(s.encode("utf-8"), seed))


@builtin("hashbpcharextended")
def hashbpcharextended(s: str, seed: int) -> int:
    return _signed64(hash_bytes_extended(s.rstrip(" ").encode("utf-8"), seed))


@builtin("hashfloat8extended", "hashfloat4extended")
def hashfloat8extended(x: float, seed: int) -> int:
    import math
    import struct
    if x == 0.0:
        return seed
    if math.isnan(x):
        x = float("nan")
    return _signed64(hash_bytes_extended(struct.pack("<d", x), seed))


@builtin("uuid_hash_extended")
def uuid_hash_extended(u: _uuid.UUID, seed: int) -> int:
    return _signed64(hash_bytes_extended(u.bytes, seed))


def _numeric_hash_input(d) -> tuple[bytes, int] | None:
    """The base-10000 digits PostgreSQL hashes for a numeric (int16,
    little-endian, leading/trailing zero groups stripped) and the weight of
    the first one; None for zero."""
    from .numeric_funcs import _nbase_digits, split
    c, s = split(d)
    if c == 0:
        return None
    weight = _nbase_digits(c, s)[0]
    # scale the magnitude so that it is an integer of whole base-10000 groups
    pad = (-s) % 4
    n = abs(c) * 10 ** pad
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    groups.reverse()
    while groups and groups[-1] == 0:
        groups.pop()
    return b"".join(g.to_bytes(2, "little") for g in groups), weight


@builtin("hash_numeric")
def hash_numeric(d) -> int:
    if not d.is_finite():
        return 0
    h = _numeric_hash_input(d)
    if h is None:
        return -1
    data, weight = h
    return _signed(hash_bytes(data) ^ (weight & _M))


@builtin("hash_numeric_extended")
def hash_numeric_extended(d, seed: int) -> int:
    if not d.is_finite():
        return seed
    h = _numeric_hash_input(d)
    if h is None:
        return _signed64((seed - 1) & ((1 << 64) - 1))
    data, weight = h
    return _signed64(hash_bytes_extended(data, seed) ^ (weight & ((1 << 64) - 1)))

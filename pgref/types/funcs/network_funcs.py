"""Operators and functions of inet/cidr, macaddr/macaddr8 and pg_lsn.

Where it sits: ``pgref/types/funcs/`` (spec/03-types.md, "Network address
types"); registered with the function manager under PostgreSQL's prosrc
names (network.c, mac.c, mac8.c, pg_lsn.c).  Values are those of
``types/io/network.py`` (:class:`Inet`), ``types/io/mac.py``
(:class:`MacAddr`, :class:`MacAddr8`) and plain ints for pg_lsn.

Guarantees (each as PostgreSQL 15):
  * inet comparisons use network_cmp (family, common prefix, mask length,
    address); ``<<`` ``<<=`` ``>>`` ``>>=`` ``&&`` test containment on the
    shorter mask; ``& | ~ + -`` are bitwise/arithmetic on the address and
    fail with PostgreSQL's messages (22023 for mixed families, 22003
    ``result is out of range`` on overflow).
  * host(), text(), abbrev(), broadcast(), network(), netmask(),
    hostmask(), masklen(), set_masklen() (22023 ``invalid mask length: N``),
    family(), inet_same_family(), inet_merge(), cidr casts.
  * hash functions are hash_any over PostgreSQL's in-memory bytes, so hash
    partitioning places rows as PostgreSQL does.
  * pg_lsn - pg_lsn is numeric; pg_lsn +/- numeric rounds half away from
    zero and fails outside 0 .. 2**64-1 (22023 ``pg_lsn out of range``).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from pgref.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                          NUMERIC_VALUE_OUT_OF_RANGE, PgError)
from pgref.types.fmgr import builtin
from pgref.types.funcs.misc_funcs import (_signed, _signed64, hash_bytes, hash_bytes_extended,
                                          hashint8, hashint8extended)
from pgref.types.io.mac import MacAddr, MacAddr8
from pgref.types.io.network import (PGSQL_AF_INET, Inet, addr_int, cidr_ntop, make,
                                    mask_int, max_bits, network_cmp, ntop)

# ---------------------------------------------------------------- inet / cidr: ordering


@builtin("network_cmp")
def _network_cmp(a: Inet, b: Inet) -> int:
    return network_cmp(a, b)


@builtin("network_lt")
def network_lt(a: Inet, b: Inet) -> bool:
    return network_cmp(a, b) < 0


@builtin("network_le")
def network_le(a: Inet, b: Inet) -> bool:
    return network_cmp(a, b) <= 0


@builtin("network_eq")
def network_eq(a: Inet, b: Inet) -> bool:
    return network_cmp(a, b) == 0


@builtin("network_ge")
def network_ge(a: Inet, b: Inet) -> bool:
    return network_cmp(a, b) >= 0


@builtin("network_gt")
def network_gt(a: Inet, b: Inet) -> bool:
    return network_cmp(a, b) > 0


@builtin("network_ne")
def network_ne(a: Inet, b: Inet) -> bool:
    return network_cmp(a, b) != 0


@builtin("network_larger")
def network_larger(a: Inet, b: Inet) -> Inet:
    return a if network_cmp(a, b) > 0 else b


@builtin("network_smaller")
def network_smaller(a: Inet, b: Inet) -> Inet:
    return a if network_cmp(a, b) < 0 else b


def _hash_image(v: Inet) -> bytes:
    """VARDATA of an inet: family, bits, address (what hashinet hashes)."""
    return bytes([v.family, v.bits]) + v.addr


@builtin("hashinet")
def hashinet(v: Inet) -> int:
    return _signed(hash_bytes(_hash_image(v)))


@builtin("hashinetextended")
def hashinetextended(v: Inet, seed: int) -> int:
    return _signed64(hash_bytes_extended(_hash_image(v), seed))


# ---------------------------------------------------------------- containment

def _prefix_eq(a: Inet, b: Inet, bits: int) -> bool:
    mb = max_bits(a.family)
    return (addr_int(a) >> (mb - bits)) == (addr_int(b) >> (mb - bits))


@builtin("network_sub")
def network_sub(a: Inet, b: Inet) -> bool:
    return a.family == b.family and b.bits < a.bits and _prefix_eq(a, b, b.bits)


@builtin("network_subeq")
def network_subeq(a: Inet, b: Inet) -> bool:
    return a.family == b.family and b.bits <= a.bits and _prefix_eq(a, b, b.bits)


@builtin("network_sup")
def network_sup(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits < b.bits and _prefix_eq(a, b, a.bits)


@builtin("network_supeq")
def network_supeq(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits <= b.bits and _prefix_eq(a, b, a.bits)


@builtin("network_overlap")
def network_overlap(a: Inet, b: Inet) -> bool:
    return a.family == b.family and _prefix_eq(a, b, min(a.bits, b.bits))


# ---------------------------------------------------------------- accessors

@builtin("network_host")
def network_host(v: Inet) -> str:
    return ntop(v, max_bits(v.family))


@builtin("network_show")
def network_show(v: Inet) -> str:
    s = ntop(v, max_bits(v.family))
    return s if "/" in s else f"{s}/{v.bits}"


@builtin("inet_abbrev")
def inet_abbrev(v: Inet) -> str:
    return ntop(v, v.bits)


@builtin("cidr_abbrev")
def cidr_abbrev(v: Inet) -> str:
    return cidr_ntop(v)


@builtin("network_masklen")
def network_masklen(v: Inet) -> int:
    return v.bits


@builtin("network_family")
def network_family(v: Inet) -> int:
    return 4 if v.family == PGSQL_AF_INET else 6


@builtin("network_broadcast")
def network_broadcast(v: Inet) -> Inet:
    full = (1 << max_bits(v.family)) - 1
    return make(v.family, v.bits, addr_int(v) | (full & ~mask_int(v.family, v.bits)))


@builtin("network_network")
def network_network(v: Inet) -> Inet:
    return make(v.family, v.bits, addr_int(v) & mask_int(v.family, v.bits))


@builtin("network_netmask")
def network_netmask(v: Inet) -> Inet:
    return make(v.family, max_bits(v.family), mask_int(v.family, v.bits))


@builtin("network_hostmask")
def network_hostmask(v: Inet) -> Inet:
    full = (1 << max_bits(v.family)) - 1
    return make(v.family, max_bits(v.family), full & ~mask_int(v.family, v.bits))


def _check_masklen(v: Inet, bits: int) -> int:
    if bits == -1:
        bits = max_bits(v.family)
    if bits < 0 or bits > max_bits(v.family):
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid mask length: {bits}")
    return bits


def cidr_set_masklen_internal(v: Inet, bits: int) -> Inet:
    """A cidr with the given mask and every host bit cleared (INV-TYPES-NET-1)."""
    return make(v.family, bits, addr_int(v) & mask_int(v.family, bits))


@builtin("inet_set_masklen")
def inet_set_masklen(v: Inet, bits: int) -> Inet:
    return Inet(v.family, _check_masklen(v, bits), v.addr)


@builtin("cidr_set_masklen")
def cidr_set_masklen(v: Inet, bits: int) -> Inet:
    return cidr_set_masklen_internal(v, _check_masklen(v, bits))


@builtin("inet_to_cidr")
def inet_to_cidr(v: Inet) -> Inet:
    return cidr_set_masklen_internal(v, v.bits)


@builtin("inet_same_family")
def inet_same_family(a: Inet, b: Inet) -> bool:
    return a.family == b.family


@builtin("inet_merge")
def inet_merge(a: Inet, b: Inet) -> Inet:
    if a.family != b.family:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot merge addresses from different families")
    common = 0
    for bits in range(min(a.bits, b.bits), -1, -1):
        if _prefix_eq(a, b, bits):
            common = bits
            break
    return cidr_set_masklen_internal(a, common)


# ---------------------------------------------------------------- bitwise and arithmetic

@builtin("inetnot")
def inetnot(v: Inet) -> Inet:
    full = (1 << max_bits(v.family)) - 1
    return make(v.family, v.bits, ~addr_int(v) & full)


@builtin("inetand")
def inetand(a: Inet, b: Inet) -> Inet:
    if a.family != b.family:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot AND inet values of different sizes")
    return make(a.family, max(a.bits, b.bits), addr_int(a) & addr_int(b))


@builtin("inetor")
def inetor(a: Inet, b: Inet) -> Inet:
    if a.family != b.family:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot OR inet values of different sizes")
    return make(a.family, max(a.bits, b.bits), addr_int(a) | addr_int(b))


def _inetpl(v: Inet, addend: int) -> Inet:
    r = addr_int(v) + addend
    if r < 0 or r >= 1 << max_bits(v.family):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range")
    return make(v.family, v.bits, r)


@builtin("inetpl")
def inetpl(v: Inet, addend: int) -> Inet:
    return _inetpl(v, addend)


@builtin("inetmi_int8")
def inetmi_int8(v: Inet, addend: int) -> Inet:
    return _inetpl(v, -addend)


@builtin("inetmi")
def inetmi(a: Inet, b: Inet) -> int:
    if a.family != b.family:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot subtract inet values of different sizes")
    r = addr_int(a) - addr_int(b)
    if not -(1 << 63) <= r < 1 << 63:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range")
    return r


# ---------------------------------------------------------------- macaddr / macaddr8

def _mac_family(cls):
    def cmp(a, b) -> int:
        return (a.addr > b.addr) - (a.addr < b.addr)

    def hsh(v) -> int:
        return _signed(hash_bytes(v.addr))

    def hsh_ext(v, seed: int) -> int:
        return _signed64(hash_bytes_extended(v.addr, seed))

    def bnot(v):
        return cls(bytes(~b & 0xFF for b in v.addr))

    def band(a, b):
        return cls(bytes(x & y for x, y in zip(a.addr, b.addr)))

    def bor(a, b):
        return cls(bytes(x | y for x, y in zip(a.addr, b.addr)))

    def trunc(v):
        return cls(v.addr[:3] + bytes(len(v.addr) - 3))
    return {
        "cmp": cmp, "lt": lambda a, b: cmp(a, b) < 0, "le": lambda a, b: cmp(a, b) <= 0,
        "eq": lambda a, b: cmp(a, b) == 0, "ge": lambda a, b: cmp(a, b) >= 0,
        "gt": lambda a, b: cmp(a, b) > 0, "ne": lambda a, b: cmp(a, b) != 0,
        "not": bnot, "and": band, "or": bor, "trunc": trunc,
    }, hsh, hsh_ext


_MAC, _hm, _hme = _mac_family(MacAddr)
_MAC8, _hm8, _hme8 = _mac_family(MacAddr8)
for _suffix, _fn in _MAC.items():
    builtin(f"macaddr_{_suffix}")(_fn)
for _suffix, _fn in _MAC8.items():
    builtin(f"macaddr8_{_suffix}")(_fn)
builtin("hashmacaddr")(_hm)
builtin("hashmacaddrextended")(_hme)
builtin("hashmacaddr8")(_hm8)
builtin("hashmacaddr8extended")(_hme8)


@builtin("macaddr8_set7bit")
def macaddr8_set7bit(v: MacAddr8) -> MacAddr8:
    return MacAddr8(bytes([v.addr[0] | 0x02]) + v.addr[1:])


@builtin("macaddrtomacaddr8")
def macaddrtomacaddr8(v: MacAddr) -> MacAddr8:
    return MacAddr8(v.addr[:3] + b"\xff\xfe" + v.addr[3:])


@builtin("macaddr8tomacaddr")
def macaddr8tomacaddr(v: MacAddr8) -> MacAddr:
    if v.addr[3] != 0xFF or v.addr[4] != 0xFE:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      "macaddr8 data out of range to convert to macaddr",
                      hint="Only addresses that have FF and FE as values in the 4th and 5th "
                           "bytes from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are "
                           "eligible to be converted from macaddr8 to macaddr.")
    return MacAddr(v.addr[:3] + v.addr[5:])


# ---------------------------------------------------------------- pg_lsn

def _lsn_cmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


builtin("pg_lsn_cmp")(_lsn_cmp)
builtin("pg_lsn_lt")(lambda a, b: a < b)
builtin("pg_lsn_le")(lambda a, b: a <= b)
builtin("pg_lsn_eq")(lambda a, b: a == b)
builtin("pg_lsn_ge")(lambda a, b: a >= b)
builtin("pg_lsn_gt")(lambda a, b: a > b)
builtin("pg_lsn_ne")(lambda a, b: a != b)
builtin("pg_lsn_larger")(lambda a, b: a if a > b else b)
builtin("pg_lsn_smaller")(lambda a, b: a if a < b else b)


def _as_int8(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


@builtin("pg_lsn_hash")
def pg_lsn_hash(v: int) -> int:
    return hashint8(_as_int8(v))


@builtin("pg_lsn_hash_extended")
def pg_lsn_hash_extended(v: int, seed: int) -> int:
    return hashint8extended(_as_int8(v), seed)


@builtin("pg_lsn_mi")
def pg_lsn_mi(a: int, b: int) -> Decimal:
    return Decimal(a - b)


@builtin("numeric_pg_lsn")
def numeric_pg_lsn(n: Decimal) -> int:
    if n.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert NaN to pg_lsn")
    if n.is_infinite():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert infinity to pg_lsn")
    r = int(n.to_integral_value(rounding=ROUND_HALF_UP))
    if not 0 <= r < 1 << 64:
        raise PgError(INVALID_PARAMETER_VALUE, "pg_lsn out of range")
    return r


@builtin("pg_lsn_pli")
def pg_lsn_pli(lsn: int, n: Decimal) -> int:
    if n.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot add NaN to pg_lsn")
    with localcontext() as c:
        c.prec = 1000
        return numeric_pg_lsn(Decimal(lsn) + n)


@builtin("pg_lsn_mii")
def pg_lsn_mii(lsn: int, n: Decimal) -> int:
    if n.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot subtract NaN from pg_lsn")
    with localcontext() as c:
        c.prec = 1000
        return numeric_pg_lsn(Decimal(lsn) - n)

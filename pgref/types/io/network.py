"""inet and cidr: text and binary I/O, and the btree order (network.c).

Where it sits: ``types/io/`` (spec/03-types.md, "Network address types").
Both types share one datum, :class:`Inet` (family, bits, addr), exactly as
PostgreSQL's ``inet_struct`` is shared -- which is why ``cidr -> inet`` is a
binary-coercible cast.  ``family`` is PostgreSQL's PGSQL_AF_INET (2) or
PGSQL_AF_INET6 (3); ``addr`` is 4 or 16 bytes in network order; ``bits``
is the netmask length.

Guarantees:
  * Input follows PostgreSQL's own parsers (src/port/inet_net_pton.c): a
    string containing ':' is IPv6, anything else IPv4.  inet input wants
    dotted decimal (missing trailing octets only with an explicit /len);
    cidr input also takes classful abbreviations ('10', '192.168.1') and
    hex ('0x0a'); every failure is 22P02 ``invalid input syntax for type
    inet: "<input>"`` (cidr likewise).
  * INV-TYPES-NET-1: a cidr value never has a bit set to the right of its
    mask; input that would is 22P02 ``invalid cidr value: "<input>"`` with
    DETAIL ``Value has bits set to right of mask.``
  * Output is pg_inet_net_ntop's: all four IPv4 octets, IPv6 with the
    longest zero run compressed and the ::ffff:a.b.c.d form, ``/bits``
    unless the mask is full; cidr output always shows ``/bits``.
  * Binary form (inet_send): family, bits, is_cidr, address length, address.
  * :func:`network_cmp` is network.c's order: family, then the common prefix
    (the shorter mask's bits), then mask length, then the whole address.
    :func:`inet_sort_key` is a Python key that orders the same way.

Entry points: inet_from_text(text, is_cidr), inet_to_text(value, is_cidr),
ntop(value, bits), cidr_ntop(value), network_cmp(a, b), inet_sort_key(v).
"""
from __future__ import annotations

from typing import Any, NamedTuple

from pgref.errors import INVALID_BINARY_REPRESENTATION, INVALID_TEXT_REPRESENTATION, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader

PGSQL_AF_INET = 2
PGSQL_AF_INET6 = 3


class Inet(NamedTuple):
    """An inet or cidr value (PostgreSQL's inet_struct)."""
    family: int      # PGSQL_AF_INET (2) or PGSQL_AF_INET6 (3)
    bits: int        # netmask length
    addr: bytes      # 4 or 16 bytes, network order


def max_bits(family: int) -> int:
    return 32 if family == PGSQL_AF_INET else 128


def addr_int(v: Inet) -> int:
    return int.from_bytes(v.addr, "big")


def make(family: int, bits: int, value: int) -> Inet:
    n = 4 if family == PGSQL_AF_INET else 16
    return Inet(family, bits, value.to_bytes(n, "big"))


def mask_int(family: int, bits: int) -> int:
    mb = max_bits(family)
    return ((1 << bits) - 1) << (mb - bits)


def address_ok(v: Inet) -> bool:
    """No bit set to the right of the mask (network.c addressOK)."""
    return addr_int(v) & ~mask_int(v.family, v.bits) & ((1 << max_bits(v.family)) - 1) == 0


# -- parsing (src/port/inet_net_pton.c) -------------------------------------------------------

_DIGITS = "0123456789"
_XDIGITS = "0123456789abcdefABCDEF"


def _net_pton_ipv4(s: str) -> tuple[bytes, int] | None:
    """inet_net_pton_ipv4: dotted decimal, /bits; the inet parser."""
    out = bytearray()
    i, n = 0, len(s)
    ch = s[0] if n else ""
    i = 1
    while ch and ch in _DIGITS:
        tmp = 0
        while True:
            tmp = tmp * 10 + int(ch)
            if tmp > 255:
                return None
            ch = s[i] if i < n else ""
            i += 1
            if not (ch and ch in _DIGITS):
                break
        if len(out) == 4:
            return None
        out.append(tmp)
        if ch == "" or ch == "/":
            break
        if ch != ".":
            return None
        ch = s[i] if i < n else ""
        i += 1
    bits = -1
    if ch == "/" and i < n and s[i] in _DIGITS and out:
        ch = s[i]
        i += 1
        bits = 0
        while True:
            bits = bits * 10 + int(ch)
            ch = s[i] if i < n else ""
            i += 1
            if not (ch and ch in _DIGITS):
                break
            if bits > 1000:        # keep the number small; anything > 32 fails below
                bits = 1000
        if ch != "":
            return None
        if bits > 32:
            return None
    if ch != "":
        return None
    if bits == -1:
        if len(out) == 4:
            bits = 32
        else:
            return None
    if not out:
        return None
    if bits // 8 > len(out):
        return None
    return bytes(out) + bytes(4 - len(out)), bits


def _cidr_pton_ipv4(s: str) -> tuple[bytes, int] | None:
    """inet_cidr_pton_ipv4: also classful ('10' is 10.0.0.0/8) and hex."""
    out = bytearray()
    n = len(s)
    ch = s[0] if n else ""
    i = 1
    if ch == "0" and i < n and s[i] in "xX" and i + 1 < n and s[i + 1] in _XDIGITS:
        i += 1
        dirty = tmp = 0
        ch = s[i] if i < n else ""
        i += 1
        while ch and ch in _XDIGITS:
            d = int(ch, 16)
            tmp = d if dirty == 0 else (tmp << 4) | d
            dirty += 1
            if dirty == 2:
                if len(out) >= 4:
                    return None
                out.append(tmp)
                dirty = 0
            ch = s[i] if i < n else ""
            i += 1
        if dirty:
            if len(out) >= 4:
                return None
            out.append((tmp << 4) & 0xFF)
    elif ch and ch in _DIGITS:
        while True:
            tmp = 0
            while True:
                tmp = tmp * 10 + int(ch)
                if tmp > 255:
                    return None
                ch = s[i] if i < n else ""
                i += 1
                if not (ch and ch in _DIGITS):
                    break
            if len(out) >= 4:
                return None
            out.append(tmp)
            if ch == "" or ch == "/":
                break
            if ch != ".":
                return None
            ch = s[i] if i < n else ""
            i += 1
            if not (ch and ch in _DIGITS):
                return None
    else:
        return None
    bits = -1
    if ch == "/" and i < n and s[i] in _DIGITS and out:
        ch = s[i]
        i += 1
        bits = 0
        while True:
            bits = min(bits * 10 + int(ch), 1000)
            ch = s[i] if i < n else ""
            i += 1
            if not (ch and ch in _DIGITS):
                break
        if ch != "":
            return None
        if bits > 32:
            return None
    if ch != "":
        return None
    if not out:
        return None
    if bits == -1:
        first = out[0]
        if first >= 240:
            bits = 32
        elif first >= 224:
            bits = 4
        elif first >= 192:
            bits = 24
        elif first >= 128:
            bits = 16
        else:
            bits = 8
        if bits < len(out) * 8:       # imputed mask narrower than the octets given
            bits = len(out) * 8
        if bits == 8 and first == 224:  # a bare class D network keeps /4
            bits = 4
    while bits > len(out) * 8:
        out.append(0)
    return bytes(out) + bytes(4 - len(out)), bits


def _getbits(s: str) -> int | None:
    """Decimal mask length 0..128, no leading zeros."""
    if not s:
        return None
    val = 0
    for k, ch in enumerate(s):
        if ch not in _DIGITS:
            return None
        if k != 0 and val == 0:
            return None
        val = val * 10 + int(ch)
        if val > 128:
            return None
    return val


def _getv4(s: str) -> tuple[bytes, int] | None:
    """An embedded dotted quad (with an optional /bits), as getv4()."""
    out = bytearray()
    val = n = 0
    for k, ch in enumerate(s):
        if ch in _DIGITS:
            if n != 0 and val == 0:
                return None
            n += 1
            val = val * 10 + int(ch)
            if val > 255:
                return None
            continue
        if ch in "./":
            if len(out) > 3:
                return None
            out.append(val)
            if ch == "/":
                b = _getbits(s[k + 1:])
                return None if b is None else (bytes(out), b)
            val = n = 0
            continue
        return None
    if n == 0 or len(out) > 3:
        return None
    out.append(val)
    return bytes(out), -1


def _pton_ipv6(s: str) -> tuple[bytes, int] | None:
    """inet_net_pton_ipv6 (the same parser serves inet and cidr)."""
    tmp = bytearray(16)
    tp = 0
    colonp = None
    i, n = 0, len(s)
    if i < n and s[i] == ":":
        i += 1
        if i >= n or s[i] != ":":
            return None
    curtok = i
    saw_xdigit = False
    val = digits = 0
    bits = -1
    while i < n:
        ch = s[i]
        i += 1
        if ch in _XDIGITS:
            val = (val << 4) | int(ch, 16)
            digits += 1
            if digits > 4:
                return None
            saw_xdigit = True
            continue
        if ch == ":":
            curtok = i
            if not saw_xdigit:
                if colonp is not None:
                    return None
                colonp = tp
                continue
            if i >= n:
                return None
            if tp + 2 > 16:
                return None
            tmp[tp] = (val >> 8) & 0xFF
            tmp[tp + 1] = val & 0xFF
            tp += 2
            saw_xdigit = False
            digits = val = 0
            continue
        if ch == "." and tp + 4 <= 16:
            v4 = _getv4(s[curtok:])
            if v4 is not None:
                octets, b = v4
                tmp[tp:tp + len(octets)] = octets
                if b != -1:
                    bits = b
                tp += 4
                saw_xdigit = False
                break
        if ch == "/":
            b = _getbits(s[i:])
            if b is not None:
                bits = b
                break
        return None
    if saw_xdigit:
        if tp + 2 > 16:
            return None
        tmp[tp] = (val >> 8) & 0xFF
        tmp[tp + 1] = val & 0xFF
        tp += 2
    if bits == -1:
        bits = 128
    if colonp is not None:
        if tp == 16:
            return None
        moved = bytes(tmp[colonp:tp])
        tmp[colonp:tp] = bytes(tp - colonp)
        tmp[16 - len(moved):] = moved
        tp = 16
    if tp != 16:
        return None
    return bytes(tmp), bits


def inet_from_text(text: str, is_cidr: bool) -> Inet:
    """network_in: parse an inet (is_cidr False) or cidr value."""
    family = PGSQL_AF_INET6 if ":" in text else PGSQL_AF_INET
    if family == PGSQL_AF_INET:
        r = _cidr_pton_ipv4(text) if is_cidr else _net_pton_ipv4(text)
    else:
        r = _pton_ipv6(text)
    typname = "cidr" if is_cidr else "inet"
    if r is None or not 0 <= r[1] <= max_bits(family):
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type {typname}: "{text}"')
    v = Inet(family, r[1], r[0])
    if is_cidr and not address_ok(v):   # INV-TYPES-NET-1
        raise PgError(INVALID_TEXT_REPRESENTATION, f'invalid cidr value: "{text}"',
                      detail="Value has bits set to right of mask.")
    return v


# -- formatting (src/port/inet_net_ntop.c, inet_cidr_ntop.c) --------------------------------

def _ntop_ipv6_addr(a: bytes) -> str:
    words = [a[i] << 8 | a[i + 1] for i in range(0, 16, 2)]
    best_base, best_len = -1, 0
    cur_base, cur_len = -1, 0
    for i, w in enumerate(words):
        if w == 0:
            if cur_base == -1:
                cur_base, cur_len = i, 1
            else:
                cur_len += 1
        elif cur_base != -1:
            if best_base == -1 or cur_len > best_len:
                best_base, best_len = cur_base, cur_len
            cur_base = -1
    if cur_base != -1 and (best_base == -1 or cur_len > best_len):
        best_base, best_len = cur_base, cur_len
    if best_base != -1 and best_len < 2:
        best_base = -1
    out = []
    for i in range(8):
        if best_base != -1 and best_base <= i < best_base + best_len:
            if i == best_base:
                out.append(":")
            continue
        if i != 0:
            out.append(":")
        if i == 6 and best_base == 0 and (best_len == 6 or (best_len == 7 and words[7] != 1)
                                          or (best_len == 5 and words[5] == 0xFFFF)):
            out.append(".".join(str(b) for b in a[12:16]))
            break
        out.append(format(words[i], "x"))
    if best_base != -1 and best_base + best_len == 8:
        out.append(":")
    return "".join(out)


def ntop(v: Inet, bits: int) -> str:
    """pg_inet_net_ntop: the address, plus /bits unless bits is the maximum."""
    if v.family == PGSQL_AF_INET:
        s = ".".join(str(b) for b in v.addr)
        return s if bits == 32 else f"{s}/{bits}"
    s = _ntop_ipv6_addr(v.addr)
    return s if bits == 128 else f"{s}/{bits}"


def cidr_ntop(v: Inet) -> str:
    """pg_inet_cidr_ntop: abbrev(cidr) -- only the octets/words the mask covers."""
    bits = v.bits
    if v.family == PGSQL_AF_INET:
        parts = [str(b) for b in v.addr[:bits // 8]]
        b = bits % 8
        if b:
            parts.append(str(v.addr[bits // 8] & (((1 << b) - 1) << (8 - b))))
        s = ".".join(parts) if parts else "0"
        return f"{s}/{bits}"
    if bits == 0:
        return "::/0"
    p = (bits + 7) // 8
    buf = bytearray(v.addr[:p]) + bytearray(16 - p)
    b = bits % 8
    if b:
        buf[p - 1] &= (0xFF << (8 - b)) & 0xFF
    words = max((bits + 15) // 16, 2)
    zero_s = zero_l = tmp_s = tmp_l = 0
    for i in range(0, words * 2, 2):
        if buf[i] | buf[i + 1] == 0:
            if tmp_l == 0:
                tmp_s = i // 2
            tmp_l += 1
        elif tmp_l and zero_l < tmp_l:
            zero_s, zero_l, tmp_l = tmp_s, tmp_l, 0
    if tmp_l and zero_l < tmp_l:
        zero_s, zero_l = tmp_s, tmp_l
    is_ipv4 = (zero_l != words and zero_s == 0
               and (zero_l == 6 or (zero_l == 5 and buf[10] == 0xFF and buf[11] == 0xFF)
                    or (zero_l == 7 and buf[14] != 0 and buf[15] != 1)))
    out: list[str] = []
    for p in range(words):
        if zero_l != 0 and zero_s <= p < zero_s + zero_l:
            if p == zero_s:
                out.append(":")
            if p == words - 1:
                out.append(":")
            continue
        if is_ipv4 and p > 5:
            out.append(":" if p == 6 else ".")
            out.append(str(buf[2 * p]))
            if p != 7 or bits > 120:
                out.append(".")
                out.append(str(buf[2 * p + 1]))
        else:
            if out:
                out.append(":")
            out.append(format(buf[2 * p] * 256 + buf[2 * p + 1], "x"))
    return "".join(out) + f"/{bits}"


def inet_to_text(v: Inet, is_cidr: bool) -> str:
    """network_out."""
    s = ntop(v, v.bits)
    if is_cidr and "/" not in s:
        s = f"{s}/{v.bits}"
    return s


# -- ordering (network.c network_cmp_internal) ------------------------------------------------

def _bitncmp(a: bytes, b: bytes, bits: int) -> int:
    n = len(a) * 8
    x = int.from_bytes(a, "big") >> (n - bits) if bits else 0
    y = int.from_bytes(b, "big") >> (n - bits) if bits else 0
    return (x > y) - (x < y)


def network_cmp(a: Inet, b: Inet) -> int:
    if a.family != b.family:
        return -1 if a.family < b.family else 1
    order = _bitncmp(a.addr, b.addr, min(a.bits, b.bits))
    if order:
        return order
    if a.bits != b.bits:
        return -1 if a.bits < b.bits else 1
    return _bitncmp(a.addr, b.addr, max_bits(a.family))


def inet_sort_key(v: Inet) -> tuple:
    """A key ordering like network_cmp (INV-EXEC-KEY-1): family, the address
    masked to its own netmask, the mask length, the whole address.  (Two
    values whose first min(bits) bits agree order by mask length in both.)"""
    n = addr_int(v)
    return (v.family, n & mask_int(v.family, v.bits), v.bits, n)


# -- fmgr registrations ------------------------------------------------------------------------

@builtin("inet_in", ctx=True)
def inet_in(ctx: Any, text: str, typioparam: int = 869, typmod: int = -1) -> Inet:
    return inet_from_text(text, False)


@builtin("cidr_in", ctx=True)
def cidr_in(ctx: Any, text: str, typioparam: int = 650, typmod: int = -1) -> Inet:
    return inet_from_text(text, True)


@builtin("inet_out", ctx=True)
def inet_out(ctx: Any, v: Inet) -> str:
    return inet_to_text(v, False)


@builtin("cidr_out", ctx=True)
def cidr_out(ctx: Any, v: Inet) -> str:
    return inet_to_text(v, True)


def _recv(data: bytes, is_cidr: bool) -> Inet:
    typname = "cidr" if is_cidr else "inet"
    r = Reader(data)
    family = r.take(1)[0]
    if family not in (PGSQL_AF_INET, PGSQL_AF_INET6):
        raise PgError(INVALID_BINARY_REPRESENTATION,
                      f'invalid address family in external "{typname}" value')
    bits = r.take(1)[0]
    if bits > max_bits(family):
        raise PgError(INVALID_BINARY_REPRESENTATION,
                      f'invalid bits in external "{typname}" value')
    r.take(1)                       # is_cidr: ignored, as PostgreSQL does
    nb = r.take(1)[0]
    if nb != (4 if family == PGSQL_AF_INET else 16):
        raise PgError(INVALID_BINARY_REPRESENTATION,
                      f'invalid length in external "{typname}" value')
    addr = r.take(nb)
    r.end()
    v = Inet(family, bits, addr)
    if is_cidr and not address_ok(v):
        raise PgError(INVALID_BINARY_REPRESENTATION, 'invalid external "cidr" value',
                      detail="Value has bits set to right of mask.")
    return v


@builtin("inet_recv", ctx=True)
def inet_recv(ctx: Any, data: bytes, typioparam: int = 869, typmod: int = -1) -> Inet:
    return _recv(data, False)


@builtin("cidr_recv", ctx=True)
def cidr_recv(ctx: Any, data: bytes, typioparam: int = 650, typmod: int = -1) -> Inet:
    return _recv(data, True)


@builtin("inet_send", ctx=True)
def inet_send(ctx: Any, v: Inet) -> bytes:
    return bytes([v.family, v.bits, 0, len(v.addr)]) + v.addr


@builtin("cidr_send", ctx=True)
def cidr_send(ctx: Any, v: Inet) -> bytes:
    return bytes([v.family, v.bits, 1, len(v.addr)]) + v.addr

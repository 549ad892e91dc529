"""Ranges and multiranges on disk: PostgreSQL's RangeType / MultirangeType
varlena payloads (rangetypes.c range_serialize, multirangetypes.c
write_multirange_data).

Where it sits: ``types/ranges/`` (spec/03-types.md, "Range types"), called by
``access/common/datum.py`` through :func:`register_codecs`.  The payload
(after the varlena header, which the heap writes) is self-describing, as
PostgreSQL's: it starts with the type OID, so one decoder serves every range
type.

    range:       uint32 rangetypid, [lower bound], [upper bound], uint8 flags
    multirange:  uint32 multirangetypid, uint32 count, (count-1) uint32 items
                 (every 4th an offset | 0x80000000, the others lengths),
                 count flag bytes, then each range's bounds (aligned)

A bound is stored as a heap attribute of the subtype would be: fixed-length
values aligned to the subtype's typalign (offsets counted from the start of
the 4-byte varlena header, as PostgreSQL), varlena values with a 1-byte
header when short enough and the subtype is packable, else a 4-byte header
after alignment (INV-TYPES-RANGE-4: decode(encode(v)) == v).
"""
from __future__ import annotations

import struct

from pgref.types.ranges import rangetypes as R
from pgref.types.ranges.typcache import multirange_info, range_info
from pgref.types.values import Multirange, Range

_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8}


def _datum():
    from pgref.access.common import datum  # noqa: PLC0415 (access sits above types)
    return datum


def _write_bound(out: bytearray, subtype: int, v) -> None:
    d = _datum()
    typlen, _byval, align, _elem, _arr = d.type_info(subtype)
    if typlen > 0:
        out += bytes(-(4 + len(out)) % _ALIGN[align])
        st, to_disk, _fd = d._fixed_codec(subtype)
        out += st.pack(*to_disk(v)) if to_disk else st.pack(v)
        return
    payload = d._varlena_codec(subtype)[0](v)
    if d.type_storage(subtype) != "p" and len(payload) + 1 <= 0x7F:
        out.append(((len(payload) + 1) << 1) | 1)
        out += payload
        return
    out += bytes(-(4 + len(out)) % _ALIGN[align])
    out += struct.pack("<I", (len(payload) + 4) << 2)
    out += payload


_READERS: dict[int, object] = {}


def clear_cache() -> None:
    """Forget the per-subtype readers (the catalog's types changed)."""
    _READERS.clear()


def _reader(subtype: int):
    """A fast reader of one bound of ``subtype``: fixed-length subtypes
    resolve their struct and alignment once."""
    f = _READERS.get(subtype)
    if f is not None:
        return f
    d = _datum()
    typlen, _byval, align, _elem, _arr = d.type_info(subtype)
    if typlen > 0:
        a = _ALIGN[align]
        st, _td, from_disk = d._fixed_codec(subtype)
        unpack = st.unpack_from

        def f(buf, pos):
            pos += -(4 + pos) % a
            t = unpack(buf, pos)
            return (from_disk(t) if from_disk else t[0]), pos + typlen
    else:
        def f(buf, pos):
            return _read_bound(buf, pos, subtype)
    _READERS[subtype] = f
    return f


def _read_bound(buf, pos: int, subtype: int):
    """(value, next position); ``pos`` is an offset into the payload."""
    d = _datum()
    typlen, _byval, align, _elem, _arr = d.type_info(subtype)
    if typlen > 0:
        pos += -(4 + pos) % _ALIGN[align]
        st, _td, from_disk = d._fixed_codec(subtype)
        t = st.unpack_from(buf, pos)
        return (from_disk(t) if from_disk else t[0]), pos + typlen
    if buf[pos] & 1:
        n = buf[pos] >> 1
        return d._varlena_codec(subtype)[1](bytes(buf[pos + 1:pos + n])), pos + n
    pos += -(4 + pos) % _ALIGN[align]
    n = struct.unpack_from("<I", buf, pos)[0] >> 2
    return d._varlena_codec(subtype)[1](bytes(buf[pos + 4:pos + n])), pos + n


def _bounds_bytes(out: bytearray, subtype: int, r: Range) -> None:
    if not r.empty:
        for v in (r.lower, r.upper):
            if v is not None:
                _write_bound(out, subtype, v)


def encode_range(r: Range) -> bytes:
    info = range_info(r.typid)
    out = bytearray(struct.pack("<I", r.typid))
    _bounds_bytes(out, info.subtype, r)
    out.append(R.flags_of(r))
    return bytes(out)


def _range_from(info, buf, pos: int, flags: int) -> tuple[Range, int]:
    if flags & R.RANGE_EMPTY:
        return Range(info.rngtypid, True), pos
    read = _reader(info.subtype)
    vals = []
    for inf in (R.RANGE_LB_INF, R.RANGE_UB_INF):
        if flags & inf:
            vals.append(None)
        else:
            v, pos = read(buf, pos)
            vals.append(v)
    return Range(info.rngtypid, False, vals[0], vals[1], bool(flags & R.RANGE_LB_INC),
                 bool(flags & R.RANGE_UB_INC)), pos


def decode_range(b) -> Range:
    typid = struct.unpack_from("<I", b, 0)[0]
    r, _pos = _range_from(range_info(typid), b, 4, b[len(b) - 1])
    return r


def encode_multirange(mr: Multirange) -> bytes:
    info = multirange_info(mr.typid)
    n = len(mr.ranges)
    datas = []
    for r in mr.ranges:
        body = bytearray()
        _bounds_bytes(body, info.subtype, r)
        datas.append(bytes(body))
    out = bytearray(struct.pack("<II", mr.typid, n))
    # items: lengths, every 4th an offset with the high bit set
    off = 0
    items = []
    for i in range(1, n):
        off += len(datas[i - 1])
        items.append((off | 0x80000000) if i % 4 == 0 else len(datas[i - 1]))
    out += struct.pack(f"<{len(items)}I", *items)
    out += bytes(R.flags_of(r) for r in mr.ranges)
    out += bytes(-(4 + len(out)) % 8)
    for r in mr.ranges:
        _bounds_bytes(out, info.subtype, r)
    return bytes(out)


def decode_multirange(b) -> Multirange:
    typid, n = struct.unpack_from("<II", b, 0)
    info = multirange_info(typid)
    pos = 8 + 4 * max(n - 1, 0)
    flags = b[pos:pos + n]
    pos += n
    pos += -(4 + pos) % 8
    ranges = []
    for i in range(n):
        r, pos = _range_from(info, b, pos, flags[i])
        ranges.append(r)
    return Multirange(typid, tuple(ranges))


def register_codecs(oids_range, oids_multirange) -> None:
    """Teach datum.py the range and multirange type OIDs given."""
    d = _datum()
    for oid in oids_range:
        d.register_codec(oid, encode=encode_range, decode=decode_range)
    for oid in oids_multirange:
        d.register_codec(oid, encode=encode_multirange, decode=decode_multirange)
    clear_cache()

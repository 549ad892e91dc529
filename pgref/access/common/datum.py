"""Datums on disk: per-type encodings, and the data area of heap and index
tuples (PostgreSQL's heaptuple.c heap_fill_tuple / heap_deform_tuple).

Where it sits: shared by the heap and every index access method
(spec/06-access.md, "Datum encoding" and "Data area").  It turns the Python
values of pgref/types/values.py into the bytes PostgreSQL itself would write
and back, keyed by type OID.  Nothing outside ``access/`` calls it.

    type (OID)                       typlen align  bytes on disk
    -------------------------------  ------ -----  ---------------------------
    bool (16)                         1      c     0 / 1
    "char" (18)                       1      c     the byte (0 = '')
    name (19)                         64     c     UTF-8, NUL padded
    int2 (21) int4 (23) int8 (20)     2/4/8  s/i/d two's complement, LE
    oid, reg*, xid, cid (26, 24...)   4      i     unsigned LE
    float4 (700) float8 (701)         4/8    i/d   IEEE 754 LE
    date (1082)                       4      i     int32 days since 2000-01-01
    time/timestamp/timestamptz        8      d     int64 microseconds
    timetz (1266)                     12     d     int64 micros, int32 zone
    interval (1186)                   16     d     int64 micros, int32 days,
                                                   int32 months
    uuid (2950)                       16     c     the 16 bytes
    point (600)                       16     d     float8 x, y
    lseg (601) box (603)              32     d     two points (box: high, low)
    line (628) circle (718)           24     d     A, B, C / center x, y, radius
    path (602)                        -1     d     varlena: int32 npts, int32
                                                   closed, int32 0, points
    polygon (604)                     -1     d     varlena: int32 npts, box
                                                   (bounding), points
    text varchar bpchar json xml      -1     i     varlena, UTF-8
    jsonb (3802)                      -1     i     varlena JsonbContainer tree
                                                   (types/io/jsonb.py)
    tsvector tsquery (3614, 3615)     -1     i     varlena TSVectorData /
                                                   TSQueryData (types/io/ts*.py)
    bytea (17)                        -1     i     varlena, raw bytes
    bit varbit (1560, 1562)           -1     i     varlena: int32 bit count,
                                                   bits MSB first
    numeric (1700)                    -1     i     varlena, PostgreSQL's
                                                   NumericShort/NumericLong
    arrays (pg_type category 'A')     -1     i/d   varlena ArrayType
    inet (869) cidr (650)             -1     i     varlena: family, bits, address
    macaddr (829) / macaddr8 (774)    6 / 8  i     the bytes
    pg_lsn (3220)                     8      d     uint64 LE
    pg_snapshot txid_snapshot         -1     d     varlena: uint32 nxip, uint64
                                                   xmin, xmax, xip[]

Varlena headers (little-endian, as PostgreSQL on x86-64)::

    1-byte ("short") header   (total_len << 1) | 1      total_len <= 127,
                                                        no alignment padding
    4-byte header             (total_len << 2), low bits 00, after padding
                              to the type's alignment

A varlena whose data is at most 126 bytes is always stored with the short
header (VARATT_CAN_MAKE_SHORT); a reader tells the two apart by the first
byte: padding bytes are zero, a short header has bit 0 set (INV-ACCESS-2).
Compressed inline varlenas (4-byte header with low bits ``10``) and
external TOAST pointers (first byte 0x01) are written only by the heap's
TOAST step as ready-made :class:`~pgref.access.common.toast.Toasted`
images, which ``fill`` copies verbatim; ``deform`` decompresses them, and
fetches external values through the descriptor's ``toast_fetch`` hook, so
callers only ever see plain values (spec/06-access.md, "TOAST").

Numeric payload (after the varlena header)::

    short: u16 n_header = 0x8000 | sign 0x2000 | dscale << 7 | weight (7-bit
           two's complement), then int16 base-10000 digits
    long:  u16 sign_dscale (0x4000 = negative), int16 weight, int16 digits
    NaN / +Infinity / -Infinity: u16 0xC000 / 0xD000 / 0xF000 alone

ArrayType payload (offsets from the start of the 4-byte-header form)::

    4  int32 ndim      8  int32 dataoffset (0 = no null bitmap)
    12 oid elemtype    16 int32 dims[ndim], int32 lbounds[ndim]
    [null bitmap, 1 bit per element, 1 = present], MAXALIGN padding,
    elements, each aligned per the element type (varlena elements always
    use 4-byte headers, as construct_md_array leaves them)

Entry points:
    type_info(typoid) -> (typlen, typbyval, typalign, typelem, is_array)
    TupleDesc(attrs)              attrs: [(typoid, typlen, typalign, typbyval)]
    TupleDesc.fill(values, bitmap_len_hint) -> (data, has_null, has_varwidth, bits)
    TupleDesc.deform(buf, base, has_null, bitmap_off) -> list of values
    register_codec(typoid, ...)   for types added later (enums, jsonb...)
"""
from __future__ import annotations

import csv
import os
import struct
import uuid
from decimal import Decimal

from pgref.errors import PgError, FEATURE_NOT_SUPPORTED, DATA_CORRUPTED, PROGRAM_LIMIT_EXCEEDED
from pgref.access.common.toast import Toasted, decompress_inline, with_stored_size
from pgref.types.geometric.base import Box, Circle, LSeg, Line, Path, Point, Polygon
from pgref.types.values import Interval, PgArray, TimeTz

_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8, 1: 1, 2: 2, 4: 4, 8: 8}
VARATT_SHORT_MAX = 0x7F
MAX_VARLENA = 0x3FFFFFFF

_U32 = struct.Struct("<I")
_u32_from = _U32.unpack_from

# -- pg_type facts --------------------------------------------------------------

_TYPES: dict[int, tuple] | None = None
_STORAGE: dict[int, str] = {}


def _load_types() -> dict[int, tuple]:
    global _TYPES
    if _TYPES is None:
        path = os.path.join(os.path.dirname(__file__), "..", "..", "catalog", "data", "pg_type.csv")
        types = {}
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                is_array = row["typcategory"] == "A" and row["typelem"] != "0" and \
                    row["typlen"] == "-1"
                types[int(row["oid"])] = (int(row["typlen"]), row["typbyval"] == "t",
                                          row["typalign"], int(row["typelem"]), is_array)
                _STORAGE[int(row["oid"])] = row["typstorage"]
        _TYPES = types
    return _TYPES


def type_info(typoid: int) -> tuple[int, bool, str, int, bool]:
    """(typlen, typbyval, typalign, typelem, is_array) from pg_type.csv."""
    info = _load_types().get(typoid)
    if info is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"storage of values of type with OID {typoid} "
                      "is not supported")
    return info


def type_storage(typoid: int) -> str:
    """pg_type.typstorage of a built-in type ('p' plain, 'e' external,
    'm' main, 'x' extended); 'p' for types pg_type.csv does not know."""
    _load_types()
    return _STORAGE.get(typoid, "p")


def attr_for_type(typoid: int) -> tuple[int, int, str, bool]:
    """The (typoid, typlen, typalign, typbyval) attribute tuple of a type."""
    typlen, byval, align, _elem, _arr = type_info(typoid)
    return (typoid, typlen, align, byval)


# -- fixed-length codecs ------------------------------------------------------------
# typoid -> (struct format, to_disk(value) -> tuple, from_disk(tuple) -> value)
# ``None`` converters mean the value is a single struct field as is.

def _uuid_out(t):
    return uuid.UUID(bytes=t[0])


def _name_out(t):
    return t[0].split(b"\0", 1)[0].decode("utf-8")


def _name_in(v):
    b = v.encode("utf-8")
    if len(b) > 63:
        b = b[:63]
    return (b,)


def _char_in(v):
    return (v.encode("latin-1")[0] if v else 0,)


def _char_out(t):
    return chr(t[0]) if t[0] else ""


_FIXED: dict[int, tuple] = {
    16: ("?", None, None),
    18: ("B", _char_in, _char_out),
    19: ("64s", _name_in, _name_out),
    21: ("h", None, None),
    23: ("i", None, None),
    20: ("q", None, None),
    26: ("I", None, None),
    28: ("I", None, None),
    29: ("I", None, None),
    5069: ("Q", None, None),
    700: ("f", None, None),
    701: ("d", None, None),
    1082: ("i", None, None),
    1083: ("q", None, None),
    1114: ("q", None, None),
    1184: ("q", None, None),
    3220: ("Q", None, None),           # pg_lsn
    790: ("q", None, None),            # money (int64 cents)
    1266: ("qi", lambda v: (v.micros, v.zone), lambda t: TimeTz(t[0], t[1])),
    1186: ("qii", lambda v: (v.micros, v.days, v.months), lambda t: Interval(t[2], t[1], t[0])),
    2950: ("16s", lambda v: (v.bytes,), _uuid_out),
}
# geometric types (spec/03-types.md, "Geometric types")
_FIXED[600] = ("dd", tuple, lambda t: Point(*t))
_FIXED[601] = ("dddd", lambda v: (v.p1.x, v.p1.y, v.p2.x, v.p2.y),
               lambda t: LSeg(Point(t[0], t[1]), Point(t[2], t[3])))
_FIXED[603] = ("dddd", lambda v: (v.high.x, v.high.y, v.low.x, v.low.y),
               lambda t: Box(Point(t[0], t[1]), Point(t[2], t[3])))
_FIXED[628] = ("ddd", tuple, lambda t: Line(*t))
_FIXED[718] = ("ddd", lambda v: (v.center.x, v.center.y, v.radius),
               lambda t: Circle(Point(t[0], t[1]), t[2]))
for _reg in (24, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096, 4191):
    _FIXED[_reg] = ("I", None, None)


# -- varlena payload codecs -------------------------------------------------------------
# typoid -> (encode(value) -> bytes, decode(bytes) -> value); bytes exclude the header.

def _text_enc(v):
    return v.encode("utf-8")


def _text_dec(b):
    return str(b, "utf-8")


NUMERIC_NAN = 0xC000
NUMERIC_PINF = 0xD000
NUMERIC_NINF = 0xF000
NUMERIC_SHORT = 0x8000
NUMERIC_NEG = 0x4000
NUMERIC_DSCALE_MAX = 0x3FFF


def numeric_encode(v: Decimal) -> bytes:
    """PostgreSQL's on-disk numeric (make_result): base-10000 digits, leading
    and trailing zero digits stripped, short header when it fits."""
    if not v.is_finite():
        if v.is_nan():
            return struct.pack("<H", NUMERIC_NAN)
        return struct.pack("<H", NUMERIC_NINF if v.is_signed() else NUMERIC_PINF)
    sign, digits, exp = v.as_tuple()
    dscale = -exp if exp < 0 else 0
    if dscale > NUMERIC_DSCALE_MAX:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "value overflows numeric format")
    if v.is_zero():
        ds: list[int] = []
        weight = 0
        neg = False
    else:
        # from the digit string: int <-> str is quadratic on 131072 digits
        from pgref.types.io.numeric import to_base10000
        neg = bool(sign)
        weight, ds = to_base10000(v)
    if dscale <= 0x3F and -64 <= weight <= 63:
        hdr = NUMERIC_SHORT | (0x2000 if neg else 0) | (dscale << 7) | \
            (0x40 if weight < 0 else 0) | (weight & 0x3F)
        return struct.pack(f"<H{len(ds)}h", hdr, *ds)
    if not -32768 <= weight <= 32767:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "value overflows numeric format")
    return struct.pack(f"<Hh{len(ds)}h", (NUMERIC_NEG if neg else 0) | dscale, weight, *ds)


def numeric_decode(b) -> Decimal:
    hdr = struct.unpack_from("<H", b, 0)[0]
    if hdr & 0xC000 == 0xC000:
        if hdr == NUMERIC_NAN:
            return Decimal("NaN")
        if hdr == NUMERIC_PINF:
            return Decimal("Infinity")
        if hdr == NUMERIC_NINF:
            return Decimal("-Infinity")
        raise PgError(DATA_CORRUPTED, f"invalid numeric header {hdr:#06x}")
    if hdr & NUMERIC_SHORT:
        neg = bool(hdr & 0x2000)
        dscale = (hdr >> 7) & 0x3F
        weight = (hdr & 0x3F) - 64 if hdr & 0x40 else hdr & 0x3F
        start = 2
    else:
        neg = bool(hdr & NUMERIC_NEG)
        dscale = hdr & NUMERIC_DSCALE_MAX
        weight = struct.unpack_from("<h", b, 2)[0]
        start = 4
    n = (len(b) - start) // 2
    if n == 0:
        return Decimal(f"0E-{dscale}")
    from pgref.types.io.numeric import from_base10000
    return from_base10000(neg, weight, struct.unpack_from(f"<{n}h", b, start), dscale)


def _array_encode(v: PgArray) -> bytes:
    if not isinstance(v, PgArray):
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot store {type(v).__name__} as an array")
    elemtype = v.elemtype
    typlen, byval, align, _e, _a = type_info(elemtype)
    ndim = len(v.dims)
    elems = v.elements
    has_null = any(e is None for e in elems)
    head = struct.pack(f"<iiI{2 * ndim}i", ndim, 0, elemtype, *v.dims, *v.lbounds)
    pos = 4 + len(head)
    bitmap = b""
    if has_null:
        bits = bytearray((len(elems) + 7) // 8)
        for i, e in enumerate(elems):
            if e is not None:
                bits[i >> 3] |= 1 << (i & 7)
        bitmap = bytes(bits)
        pos += len(bitmap)
    dataoff = (pos + 7) & ~7
    out = bytearray(head)
    out += bitmap
    out += bytes(dataoff - pos)
    if has_null:
        struct.pack_into("<i", out, 4, dataoff)
    a = _ALIGN[align]
    if typlen > 0:
        st, to_disk, _fd = _fixed_codec(elemtype)
        for e in elems:
            if e is None:
                continue
            pad = -(4 + len(out)) % a
            if pad:
                out += bytes(pad)
            out += st.pack(*to_disk(e)) if to_disk else st.pack(e)
            pad = -(4 + len(out)) % a          # every element is padded, even the last
            if pad:
                out += bytes(pad)
    else:
        enc = _varlena_codec(elemtype)[0]
        for e in elems:
            if e is None:
                continue
            pad = -(4 + len(out)) % a
            if pad:
                out += bytes(pad)
            payload = enc(e)
            out += _U32.pack((len(payload) + 4) << 2)
            out += payload
            pad = -(4 + len(out)) % a
            if pad:
                out += bytes(pad)
    return bytes(out)


def _array_decode(b) -> PgArray:
    ndim, dataoff, elemtype = struct.unpack_from("<iiI", b, 0)
    dims = list(struct.unpack_from(f"<{ndim}i", b, 12))
    lbounds = list(struct.unpack_from(f"<{ndim}i", b, 12 + 4 * ndim))
    nitems = 1
    for d in dims:
        nitems *= d
    if ndim == 0:
        nitems = 0
    pos = 4 + 12 + 8 * ndim
    bitmap = None
    if dataoff:
        bitmap = bytes(b[pos - 4:pos - 4 + (nitems + 7) // 8])
        pos = dataoff
    else:
        pos = (pos + 7) & ~7
    typlen, _byval, align, _e, _a = type_info(elemtype)
    a = _ALIGN[align]
    elems = []
    if typlen > 0:
        st, _td, from_disk = _fixed_codec(elemtype)
        for i in range(nitems):
            if bitmap is not None and not bitmap[i >> 3] & (1 << (i & 7)):
                elems.append(None)
                continue
            pos += -pos % a
            t = st.unpack_from(b, pos - 4)
            elems.append(from_disk(t) if from_disk else t[0])
            pos += typlen
    else:
        dec = _varlena_codec(elemtype)[1]
        for i in range(nitems):
            if bitmap is not None and not bitmap[i >> 3] & (1 << (i & 7)):
                elems.append(None)
                continue
            pos += -pos % a
            total = _u32_from(b, pos - 4)[0] >> 2
            elems.append(dec(bytes(b[pos:pos + total - 4])))
            pos += total
    return PgArray(elems, dims, lbounds, elemtype)


def _bits_encode(v: str) -> bytes:
    """VarBit: int32 bit_len, then the bits MSB-first, padded with zeros."""
    n = len(v)
    raw = int(v + "0" * (-n % 8), 2).to_bytes((n + 7) // 8, "big") if n else b""
    return struct.pack("<i", n) + raw


def _bits_decode(b) -> str:
    n = struct.unpack_from("<i", b, 0)[0]
    if n == 0:
        return ""
    raw = bytes(b[4:4 + (n + 7) // 8])
    return format(int.from_bytes(raw, "big"), f"0{len(raw) * 8}b")[:n]


def _path_encode(v: Path) -> bytes:
    """PATH after vl_len_: npts, closed, dummy (0), then the points."""
    pts = v.points
    return struct.pack(f"<iii{2 * len(pts)}d", len(pts), 1 if v.closed else 0, 0,
                       *[c for p in pts for c in p])


def _path_decode(b) -> Path:
    n, closed, _dummy = struct.unpack_from("<iii", b, 0)
    c = struct.unpack_from(f"<{2 * n}d", b, 12)
    return Path(tuple(Point(c[i], c[i + 1]) for i in range(0, 2 * n, 2)), bool(closed))


def _poly_encode(v: Polygon) -> bytes:
    """POLYGON after vl_len_: npts, boundbox (high, low), then the points."""
    pts = v.points
    bb = v.boundbox
    return struct.pack(f"<i4d{2 * len(pts)}d", len(pts), bb.high.x, bb.high.y, bb.low.x,
                       bb.low.y, *[c for p in pts for c in p])


def _poly_decode(b) -> Polygon:
    n = struct.unpack_from("<i", b, 0)[0]
    c = struct.unpack_from(f"<4d{2 * n}d", b, 4)
    pts = tuple(Point(c[i], c[i + 1]) for i in range(4, 4 + 2 * n, 2))
    return Polygon(pts, Box(Point(c[0], c[1]), Point(c[2], c[3])))


_VARLENA: dict[int, tuple] = {
    602: (_path_encode, _path_decode),
    604: (_poly_encode, _poly_decode),
    1560: (_bits_encode, _bits_decode),
    1562: (_bits_encode, _bits_decode),
    25: (_text_enc, _text_dec),
    1043: (_text_enc, _text_dec),
    1042: (_text_enc, _text_dec),
    114: (_text_enc, _text_dec),
    142: (_text_enc, _text_dec),
    705: (_text_enc, _text_dec),
    17: (bytes, bytes),
    1700: (numeric_encode, numeric_decode),
    3802: (lambda v: _jsonb().jsonb_encode(v), lambda b: _jsonb().jsonb_decode(b)),
    # tsvector / tsquery: PostgreSQL's own layouts (spec/14-tsearch.md, "On disk")
    3614: (lambda v: _ts("tsvector").tsvector_encode(v), lambda b: _ts("tsvector").tsvector_decode(b)),
    3615: (lambda v: _ts("tsquery").tsquery_encode(v), lambda b: _ts("tsquery").tsquery_decode(b)),
}


def _ts(name: str):
    """pgref.types.io.tsvector / tsquery (imported late, like jsonb)."""
    import importlib
    return importlib.import_module(f"pgref.types.io.{name}")


def _jsonb():
    """pgref.types.io.jsonb (imported late: it imports this module)."""
    from pgref.types.io import jsonb
    return jsonb

_FIXED_STRUCTS: dict[int, tuple] = {}


def _fixed_codec(typoid: int) -> tuple:
    c = _FIXED_STRUCTS.get(typoid)
    if c is None:
        spec = _FIXED.get(typoid)
        if spec is None:
            raise PgError(FEATURE_NOT_SUPPORTED, f"storage of values of type with OID {typoid} "
                          "is not supported")
        fmt, to_disk, from_disk = spec
        c = _FIXED_STRUCTS[typoid] = (struct.Struct("<" + fmt), to_disk, from_disk)
    return c


def _varlena_codec(typoid: int) -> tuple:
    c = _VARLENA.get(typoid)
    if c is None:
        info = _load_types().get(typoid)
        if info is not None and info[4]:
            return (_array_encode, _array_decode)
        raise PgError(FEATURE_NOT_SUPPORTED, f"storage of values of type with OID {typoid} "
                      "is not supported")
    return c


def register_codec(typoid: int, *, fixed_format: str | None = None, to_disk=None,
                   from_disk=None, encode=None, decode=None) -> None:
    """Teach the codec a type: either a fixed-length struct format (with
    optional converters to/from the tuple of struct fields) or a varlena
    payload encoder/decoder pair."""
    if fixed_format is not None:
        _FIXED[typoid] = (fixed_format, to_disk, from_disk)
        _FIXED_STRUCTS.pop(typoid, None)
    else:
        _VARLENA[typoid] = (encode, decode)


# -- the data area of a tuple ---------------------------------------------------------------

_K_FIXED1 = 0          # single struct field, value stored as is
_K_FIXED = 1           # struct with converters
_K_VARLENA = 2


class TupleDesc:
    """How a row of attributes is laid out (TupleDescData + per-attribute
    codecs).  ``attrs`` is a list of (typoid, typlen, typalign, typbyval);
    typalign is 'c'/'s'/'i'/'d'."""

    __slots__ = ("attrs", "natts", "plan", "all_fixed1", "full_struct",
                 "prefix_struct", "prefix_n", "has_varlena", "bitmap_len", "toast_fetch")

    def __init__(self, attrs):
        self.attrs = [tuple(a) for a in attrs]
        self.natts = len(self.attrs)
        self.bitmap_len = (self.natts + 7) // 8
        self.toast_fetch = None           # pointer bytes -> (payload, stored size); the heap sets it
        plan = []
        for typoid, typlen, typalign, _byval in self.attrs:
            a = _ALIGN[typalign]
            if typlen > 0:
                st, to_disk, from_disk = _fixed_codec(typoid)
                if st.size != typlen:
                    raise PgError(FEATURE_NOT_SUPPORTED, f"type with OID {typoid} has typlen "
                                  f"{typlen}, but pgref stores it in {st.size} bytes")
                kind = _K_FIXED1 if to_disk is None and from_disk is None else _K_FIXED
                plan.append((kind, a, typlen, st, to_disk, from_disk))
            elif typlen == -1:
                enc, dec = _varlena_codec(typoid)
                plan.append((_K_VARLENA, a, -1, None, enc, dec))
            else:
                raise PgError(FEATURE_NOT_SUPPORTED, f"storage of values of type with OID {typoid} "
                              f"(typlen {typlen}) is not supported")
        self.plan = plan
        self.has_varlena = any(p[0] == _K_VARLENA for p in plan)
        # fast paths: a leading run of plain fixed attributes has fixed offsets
        # when the tuple has no NULLs (PostgreSQL's attcacheoff)
        fmt = "<"
        off = 0
        n = 0
        for kind, a, typlen, st, _t, _f in plan:
            if kind != _K_FIXED1:
                break
            pad = -off % a
            fmt += "x" * pad + st.format.lstrip("<")
            off += pad + typlen
            n += 1
        self.prefix_n = n
        self.prefix_struct = struct.Struct(fmt) if n else None
        self.all_fixed1 = n == self.natts and n > 0       # a zero-column row has no struct
        self.full_struct = self.prefix_struct if self.all_fixed1 else None

    def fill(self, values) -> tuple[bytes, bool, bool, bytes]:
        """heap_fill_tuple: (data area bytes, has_null, has_varwidth,
        null bitmap bytes or b'').  Offsets inside the data area are relative
        to its start, which the caller places at a MAXALIGNed offset."""
        if len(values) != self.natts:
            raise PgError(DATA_CORRUPTED, f"tuple has {len(values)} values, "
                          f"descriptor has {self.natts} attributes")
        if self.all_fixed1 and None not in values:
            return self.full_struct.pack(*values), False, False, b""
        buf = bytearray()
        has_null = False
        varwidth = False
        bits = 0
        i = 0
        for (kind, a, typlen, st, conv_in, _conv_out), v in zip(self.plan, values):
            if v is None:
                has_null = True
                i += 1
                continue
            bits |= 1 << i
            i += 1
            if kind == _K_VARLENA:
                varwidth = True
                if type(v) is Toasted:            # compressed (aligned) or external (not)
                    if v[0] != 1:
                        pad = -len(buf) % a
                        if pad:
                            buf += bytes(pad)
                    buf += v
                    continue
                payload = conv_in(v)
                n = len(payload)
                if n < VARATT_SHORT_MAX:          # INV-ACCESS-2: n + 1 <= 127, short header
                    buf.append(((n + 1) << 1) | 1)
                else:
                    if n + 4 > MAX_VARLENA:
                        raise PgError(PROGRAM_LIMIT_EXCEEDED, "invalid memory alloc request "
                                      f"size {n + 4}")
                    pad = -len(buf) % a
                    if pad:
                        buf += bytes(pad)
                    buf += _U32.pack((n + 4) << 2)
                buf += payload
            else:
                pad = -len(buf) % a
                if pad:
                    buf += bytes(pad)
                if kind == _K_FIXED1:
                    buf += st.pack(v)
                else:
                    buf += st.pack(*conv_in(v))
        bitmap = bits.to_bytes(self.bitmap_len, "little") if has_null else b""
        return bytes(buf), has_null, varwidth, bitmap

    def _external(self, buf, pos: int, conv_out):
        """An external TOAST pointer at ``buf[pos]``: fetch, decompress,
        decode (INV-ACCESS-TOAST-3)."""
        if self.toast_fetch is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "external TOAST pointers are not supported "
                          "outside a heap relation")
        payload, stored = self.toast_fetch(bytes(buf[pos:pos + 18]))
        return with_stored_size(conv_out(payload), stored)

    @staticmethod
    def _compressed(buf, pos: int, total: int, conv_out):
        """A compressed inline varlena of ``total`` bytes at ``buf[pos]``."""
        if _u32_from(buf, pos)[0] & 3 != 2:
            raise PgError(DATA_CORRUPTED, "invalid varlena header")
        return with_stored_size(conv_out(decompress_inline(bytes(buf[pos:pos + total]))), total)

    def deform(self, buf, base: int, bitmap: bytes | None) -> list:
        """heap_deform_tuple: the values of a data area starting at
        ``buf[base]``; ``bitmap`` is the null bitmap (None: no NULLs).
        Attributes past the stored count (``natts`` of the tuple) are the
        caller's business (they read as NULL, like a column added later)."""
        plan = self.plan
        if bitmap is None:
            if self.all_fixed1:
                return list(self.full_struct.unpack_from(buf, base))
            n = self.prefix_n
            if n:
                vals = list(self.prefix_struct.unpack_from(buf, base))
                off = self.prefix_struct.size
            else:
                vals = []
                off = 0
            for kind, a, typlen, st, _ci, conv_out in plan[n:]:
                if kind == _K_VARLENA:
                    b = buf[base + off]
                    if b & 1:
                        if b == 1:
                            vals.append(self._external(buf, base + off, conv_out))
                            total = 18
                        else:
                            total = b >> 1
                            vals.append(conv_out(bytes(buf[base + off + 1:base + off + total])))
                    else:
                        off += -off % a
                        w = _u32_from(buf, base + off)[0]
                        total = w >> 2
                        if w & 3:
                            vals.append(self._compressed(buf, base + off, total, conv_out))
                        else:
                            vals.append(conv_out(bytes(buf[base + off + 4:base + off + total])))
                    off += total
                else:
                    off += -off % a
                    if kind == _K_FIXED1:
                        vals.append(st.unpack_from(buf, base + off)[0])
                    else:
                        vals.append(conv_out(st.unpack_from(buf, base + off)))
                    off += typlen
            return vals
        vals = []
        off = 0
        i = 0
        for kind, a, typlen, st, _ci, conv_out in plan:
            if not bitmap[i >> 3] & (1 << (i & 7)):
                vals.append(None)
                i += 1
                continue
            i += 1
            if kind == _K_VARLENA:
                b = buf[base + off]
                if b & 1:
                    if b == 1:
                        vals.append(self._external(buf, base + off, conv_out))
                        total = 18
                    else:
                        total = b >> 1
                        vals.append(conv_out(bytes(buf[base + off + 1:base + off + total])))
                else:
                    off += -off % a
                    w = _u32_from(buf, base + off)[0]
                    total = w >> 2
                    if w & 3:
                        vals.append(self._compressed(buf, base + off, total, conv_out))
                    else:
                        vals.append(conv_out(bytes(buf[base + off + 4:base + off + total])))
                off += total
            else:
                off += -off % a
                if kind == _K_FIXED1:
                    vals.append(st.unpack_from(buf, base + off)[0])
                else:
                    vals.append(conv_out(st.unpack_from(buf, base + off)))
                off += typlen
        return vals


# -- user-defined types -------------------------------------------------------------

def register_user_type(typoid: int, typlen: int, byval: bool, align: str, elem: int, is_array: bool, *,
                       fixed_format: str | None = None, like: int | None = None, like_is_array: bool = False,
                       encode=None, decode=None) -> None:
    """Teach storage a type created by the catalog (catalog/typedefs.py):
    its pg_type facts and its codec -- a struct format (enums: uint32),
    the codec of the type it is stored like (domains: their base type),
    or a varlena encoder/decoder pair (composites).  Arrays need only the
    facts: their elements say how they are stored."""
    _load_types()[typoid] = (typlen, byval, align, elem, is_array)
    _FIXED_STRUCTS.pop(typoid, None)
    # another database in this process may have used the OID for another kind of type
    _FIXED.pop(typoid, None)
    _VARLENA.pop(typoid, None)
    if fixed_format is not None:
        _FIXED[typoid] = (fixed_format, None, None)
    elif like is not None:
        if like in _FIXED:
            _FIXED[typoid] = _FIXED[like]
        elif like in _VARLENA:
            _VARLENA[typoid] = _VARLENA[like]
        elif like_is_array or (like in _load_types() and _load_types()[like][4]):
            _VARLENA[typoid] = (_array_encode, _array_decode)
    elif encode is not None:
        _VARLENA[typoid] = (encode, decode)


def unregister_user_type(typoid: int) -> None:
    """Forget a dropped user type (register_user_type's inverse)."""
    _load_types().pop(typoid, None)
    _FIXED.pop(typoid, None)
    _FIXED_STRUCTS.pop(typoid, None)
    _VARLENA.pop(typoid, None)


def _codec_key(typoid: int):
    if typoid in _FIXED:
        fmt, to_disk, from_disk = _FIXED[typoid]
        return ("f", fmt, to_disk, from_disk)
    if typoid in _VARLENA:
        enc, dec = _VARLENA[typoid]
        return ("v", enc, dec)
    info = _load_types().get(typoid)
    if info is not None and info[4]:
        return ("a",)
    return ("?", typoid)


def same_representation(src: int, dst: int) -> bool:
    """Do values of the two types have the same Python form (same codec)?
    A binary-coercible cast between types that do not (CREATE CAST (int4
    AS xfloat4) WITHOUT FUNCTION) must reinterpret the bits."""
    return _codec_key(src) == _codec_key(dst)


def reinterpret(value, src: int, dst: int):
    """The value of type ``dst`` with the same bytes as ``value`` of type
    ``src`` (a binary-coercible cast, PostgreSQL's RelabelType)."""
    if value is None:
        return None
    a, b = _codec_key(src), _codec_key(dst)
    if a[0] == "f" and b[0] == "f":
        sa, ta, _fa = _fixed_codec(src)
        sb, _tb, fb = _fixed_codec(dst)
        raw = sa.pack(*ta(value)) if ta else sa.pack(value)
        if len(raw) != sb.size:
            raise PgError(DATA_CORRUPTED, f"cannot reinterpret {len(raw)} bytes as a {sb.size}-byte value")
        t = sb.unpack(raw)
        return fb(t) if fb else t[0]
    ea, _da = _varlena_codec(src)
    _eb, db = _varlena_codec(dst)
    return db(ea(value))


# -- range and multirange types (spec/03-types.md, "Range types") ----------------
def _register_builtin_ranges() -> None:
    from pgref.types.ranges import storage, typcache
    infos = typcache.builtin_infos().values()
    storage.register_codecs([i.rngtypid for i in infos], [i.multirange for i in infos])


_register_builtin_ranges()


# -- network address types (spec/03-types.md, "Network address types") -----------
# inet/cidr: varlena family byte, bits byte, 4 or 16 address bytes (inet_struct);
# macaddr/macaddr8: the 6 / 8 bytes, fixed length, int alignment.
def _register_network_types() -> None:
    from pgref.types.io.mac import MacAddr, MacAddr8
    from pgref.types.io.network import Inet

    def inet_enc(v) -> bytes:
        return bytes([v.family, v.bits]) + v.addr

    def inet_dec(b) -> Inet:
        b = bytes(b)
        return Inet(b[0], b[1], b[2:])
    for oid in (869, 650):
        register_codec(oid, encode=inet_enc, decode=inet_dec)
    register_codec(829, fixed_format="6s", to_disk=tuple, from_disk=lambda t: MacAddr(t[0]))
    register_codec(774, fixed_format="8s", to_disk=tuple, from_disk=lambda t: MacAddr8(t[0]))
    register_codec(5038, encode=_snapshot_enc, decode=_snapshot_dec)    # pg_snapshot
    register_codec(2970, encode=_snapshot_enc, decode=_snapshot_dec)    # txid_snapshot


def _snapshot_enc(v) -> bytes:
    """pg_snapshot payload: uint32 nxip, uint64 xmin, xmax, xip[] (little-endian)."""
    return struct.pack(f"<IQQ{len(v.xip)}Q", len(v.xip), v.xmin, v.xmax, *v.xip)


def _snapshot_dec(b):
    from pgref.types.io.snapshot import PgSnapshot
    n, xmin, xmax = struct.unpack_from("<IQQ", b)
    return PgSnapshot(xmin, xmax, struct.unpack_from(f"<{n}Q", b, 20))


_register_network_types()

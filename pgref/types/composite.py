"""Composite types: named row types, their text input, comparison and the
on-disk format of a composite value (PostgreSQL's rowtypes.c and the
HeapTupleHeader a composite Datum is).

Where it sits: ``types/`` (spec/03-types.md, "Records").  A composite value
is a :class:`pgref.types.io.record.TypedRecord` -- a tuple of the field
values plus the field types -- so it prints itself (record_out) and can be
compared field by field.  Which fields a named composite type has is the
catalog's knowledge (a table's columns, or CREATE TYPE ... AS (...)); the
catalog pushes it here with :func:`set_columns` (catalog/typedefs.py) so
that ``record_in`` can read ``'(1,abc)'::mytype`` where no catalog is at
hand.

On disk (INV-TYPES-COMP-1) a composite value is a varlena holding
PostgreSQL's HeapTupleHeader: ``datum_len`` int32, ``datum_typmod``
int32 (-1), ``datum_typeid`` the type OID, a zero ``t_ctid`` (6 bytes),
``t_infomask2`` (the number of attributes), ``t_infomask`` (HEAP_HASNULL
0x1, HEAP_HASVARWIDTH 0x2), ``t_hoff``, the null bitmap, padding to 8,
then the attributes laid out as in a heap tuple.  Values written before
an ``ALTER TYPE ... ADD ATTRIBUTE`` read back with NULL for the new field.

Entry points:
    set_columns({typoid: [(name, type, typmod)]}) / columns(typoid)
    record_in_named(ctx, text, typoid, typmod) -> TypedRecord
    encode_for(typoid) / decode_for(typoid)     storage codecs
    fmgr builtins: record_eq record_ne record_lt record_le record_gt
    record_ge btrecordcmp
"""
from __future__ import annotations

import struct
from typing import Any

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.record import TypedRecord

# typoid -> (names, types, typmods) of the live attributes
COMPOSITES: dict[int, tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]] = {}


def set_columns(mapping: dict[int, list[tuple[str, int, int]]]) -> None:
    """The catalog's composite types.  A type no longer in ``mapping``
    (dropped) keeps its entry, so stored values of it -- in a dropped
    column -- can still be read past (OIDs are never reused)."""
    for oid, cols in mapping.items():
        COMPOSITES[oid] = (tuple(c[0] for c in cols), tuple(c[1] for c in cols), tuple(c[2] for c in cols))


def columns(typoid: int) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]] | None:
    return COMPOSITES.get(typoid)


def record_in_named(ctx: Any, text: str, typoid: int, typmod: int = -1) -> TypedRecord:
    """record_in() for a named composite type."""
    from pgref.types.io.record import record_in_typed
    cols = COMPOSITES.get(typoid)
    if cols is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "input of anonymous composite types is not implemented")
    _names, types, mods = cols
    return TypedRecord(record_in_typed(ctx, text, types, mods), types)


# ------------------------------------------------------------------- storage

_HDR = struct.Struct("<iiI6sHHB")      # datum_len, typmod, typeid, t_ctid, infomask2, infomask, hoff
HEAP_HASNULL, HEAP_HASVARWIDTH = 0x0001, 0x0002


def _desc(types: tuple[int, ...]):
    from pgref.access.common.datum import TupleDesc, attr_for_type
    return TupleDesc([attr_for_type(t) for t in types])


def encode_for(typoid: int):
    def encode(v: Any) -> bytes:
        cols = COMPOSITES.get(typoid)
        if cols is None:
            raise PgError(FEATURE_NOT_SUPPORTED, f"storage of composite type {typoid} is not supported")
        types = cols[1]
        values = tuple(v.values if isinstance(v, TypedRecord) else v)
        if len(values) != len(types):
            raise PgError("42804", f"cannot store a row of {len(values)} fields as a value of a "
                          f"composite type with {len(types)} attributes")
        data, has_null, varwidth, bitmap = _desc(types).fill(values)
        hoff = 23 + len(bitmap)
        hoff += -hoff % 8
        total = 4 + hoff - 4 + len(data)          # the varlena header is datum_len's place
        infomask = (HEAP_HASNULL if has_null else 0) | (HEAP_HASVARWIDTH if varwidth else 0)
        head = _HDR.pack(total, -1, typoid, bytes(6), len(types), infomask, hoff)
        # the caller writes its own varlena header; PostgreSQL's datum_len_
        # *is* that header, so the payload starts at datum_typmod
        out = head[4:] + bitmap
        out += bytes(hoff - 4 - len(out))
        return out + data
    return encode


def decode_for(typoid: int):
    def decode(b: bytes) -> TypedRecord:
        cols = COMPOSITES.get(typoid)
        if cols is None:
            raise PgError(FEATURE_NOT_SUPPORTED, f"storage of composite type {typoid} is not supported")
        types = cols[1]
        _typmod, _typeid, _ctid, natts, infomask, hoff = struct.unpack_from("<iI6sHHB", b, 0)
        natts &= 0x7FF
        stored = types[:natts]
        bitmap = bytes(b[19:19 + (natts + 7) // 8]) if infomask & HEAP_HASNULL else None
        vals = _desc(stored).deform(b, hoff - 4, bitmap)
        vals += [None] * (len(types) - len(vals))
        return TypedRecord(tuple(vals), types)
    return decode


# ------------------------------------------------------------------- comparison

def _field_compare(ctx: Any, typ: int):
    """The btree comparison of one field type, through the catalog's
    btree support (record_cmp's per-column lookup)."""
    from pgref.types import fmgr, registry
    cat = getattr(ctx, "cat", None)
    if cat is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "comparing composite values needs a catalog")
    procoid = cat.btree_cmp_proc(typ, typ)
    if not procoid:
        from pgref.analyzer.coerce import base_type
        b = base_type(cat, typ)
        procoid = cat.btree_cmp_proc(b, b)
    if not procoid:
        raise PgError("42883", f"could not identify a comparison function for type {registry.format_type(typ)}")
    fn = fmgr.lookup(registry.proc_src(procoid))
    if fn is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"comparison function {registry.proc_src(procoid)} is not implemented")
    if fn.ctx:
        return lambda x, y: fn.fn(ctx, x, y)
    return fn.fn


def record_cmp(ctx: Any, a: Any, b: Any) -> int:
    """record_cmp(): field by field; NULL sorts after every value and
    equals NULL, as btree ordering of records does."""
    av = a.values if isinstance(a, TypedRecord) else tuple(a)
    bv = b.values if isinstance(b, TypedRecord) else tuple(b)
    at = a.types if isinstance(a, TypedRecord) else ()
    bt = b.types if isinstance(b, TypedRecord) else ()
    n = min(len(av), len(bv))
    for i in range(n):
        x, y = av[i], bv[i]
        if x is None or y is None:
            if x is None and y is None:
                continue
            return 1 if x is None else -1
        if at and bt and at[i] != bt[i]:
            from pgref.types import registry
            raise PgError("42804", f"cannot compare dissimilar column types {registry.format_type(at[i])} "
                          f"and {registry.format_type(bt[i])} at record column {i + 1}")
        c = _field_compare(ctx, at[i] if at else bt[i])(x, y)
        if c:
            return 1 if c > 0 else -1
    if len(av) != len(bv):
        raise PgError("42804", "cannot compare record types with different numbers of columns")
    return 0


def _eq(ctx: Any, a: Any, b: Any) -> bool | None:
    """record_eq(): the btree equality of records -- false at the first
    unequal pair of fields, where two NULL fields are equal and a NULL is
    unequal to any value (PostgreSQL's record_eq)."""
    av = a.values if isinstance(a, TypedRecord) else tuple(a)
    bv = b.values if isinstance(b, TypedRecord) else tuple(b)
    at = a.types if isinstance(a, TypedRecord) else ()
    bt = b.types if isinstance(b, TypedRecord) else ()
    for i, (x, y) in enumerate(zip(av, bv)):
        if at and bt and at[i] != bt[i]:
            from pgref.types import registry
            raise PgError("42804", f"cannot compare dissimilar column types {registry.format_type(at[i])} "
                          f"and {registry.format_type(bt[i])} at record column {i + 1}")
        if x is None or y is None:
            if x is None and y is None:
                continue
            return False
        if _field_compare(ctx, at[i] if at else bt[i])(x, y) != 0:
            return False
    if len(av) != len(bv):
        raise PgError("42804", "cannot compare record types with different numbers of columns")
    return True


@builtin("btrecordcmp", ctx=True)
def btrecordcmp(ctx: Any, a: Any, b: Any) -> int:
    return record_cmp(ctx, a, b)


@builtin("record_eq", ctx=True)
def record_eq(ctx: Any, a: Any, b: Any) -> bool | None:
    return _eq(ctx, a, b)


@builtin("record_ne", ctx=True)
def record_ne(ctx: Any, a: Any, b: Any) -> bool | None:
    r = _eq(ctx, a, b)
    return None if r is None else not r


@builtin("record_lt", ctx=True)
def record_lt(ctx: Any, a: Any, b: Any) -> bool:
    return record_cmp(ctx, a, b) < 0


@builtin("record_le", ctx=True)
def record_le(ctx: Any, a: Any, b: Any) -> bool:
    return record_cmp(ctx, a, b) <= 0


@builtin("record_gt", ctx=True)
def record_gt(ctx: Any, a: Any, b: Any) -> bool:
    return record_cmp(ctx, a, b) > 0


@builtin("record_ge", ctx=True)
def record_ge(ctx: Any, a: Any, b: Any) -> bool:
    return record_cmp(ctx, a, b) >= 0


# ------------------------------------------------------------------- binary image comparison

def _image(typ: int, v: Any) -> tuple[int, Any]:
    """A field's stored image for record_image_cmp: (0, unsigned Datum) for
    by-value types, (1, bytes) for the others (compared with memcmp, then
    by length)."""
    from pgref.access.common.datum import _fixed_codec, _varlena_codec, type_info
    typlen, byval, _align, _elem, _arr = type_info(typ)
    if typlen > 0:
        st, to_disk, _from = _fixed_codec(typ)
        raw = st.pack(*to_disk(v)) if to_disk else st.pack(v)
        if byval:
            # the Datum: the value sign-extended (as Int32GetDatum does) and
            # compared as an unsigned 64-bit integer
            n = int.from_bytes(raw, "little", signed=typ not in (16, 18, 26, 28, 29) and typlen < 8)
            if typlen == 8:
                n = int.from_bytes(raw, "little")
            return 0, n & 0xFFFFFFFFFFFFFFFF
        return 1, raw
    enc, _dec = _varlena_codec(typ)
    return 1, enc(v)


def record_image_cmp(a: Any, b: Any) -> int:
    av = a.values if isinstance(a, TypedRecord) else tuple(a)
    bv = b.values if isinstance(b, TypedRecord) else tuple(b)
    at = a.types if isinstance(a, TypedRecord) else ()
    bt = b.types if isinstance(b, TypedRecord) else ()
    for i in range(min(len(av), len(bv))):
        if at and bt and at[i] != bt[i]:
            from pgref.types import registry
            raise PgError("42804", f"cannot compare dissimilar column types {registry.format_type(at[i])} "
                          f"and {registry.format_type(bt[i])} at record column {i + 1}")
        x, y = av[i], bv[i]
        if x is None or y is None:
            if x is None and y is None:
                continue
            return 1 if x is None else -1
        kx, ix = _image(at[i], x)
        _ky, iy = _image(bt[i], y)
        if kx == 0:
            c = (ix > iy) - (ix < iy)
        else:
            n = min(len(ix), len(iy))
            c = (ix[:n] > iy[:n]) - (ix[:n] < iy[:n])
            if c == 0:
                c = (len(ix) > len(iy)) - (len(ix) < len(iy))
        if c:
            return c
    if len(av) != len(bv):
        raise PgError("42804", "cannot compare record types with different numbers of columns")
    return 0


@builtin("btrecordimagecmp")
def btrecordimagecmp(a: Any, b: Any) -> int:
    return record_image_cmp(a, b)


@builtin("record_image_eq")
def record_image_eq(a: Any, b: Any) -> bool:
    return record_image_cmp(a, b) == 0


@builtin("record_image_ne")
def record_image_ne(a: Any, b: Any) -> bool:
    return record_image_cmp(a, b) != 0


@builtin("record_image_lt")
def record_image_lt(a: Any, b: Any) -> bool:
    return record_image_cmp(a, b) < 0


@builtin("record_image_le")
def record_image_le(a: Any, b: Any) -> bool:
    return record_image_cmp(a, b) <= 0


@builtin("record_image_gt")
def record_image_gt(a: Any, b: Any) -> bool:
    return record_image_cmp(a, b) > 0


@builtin("record_image_ge")
def record_image_ge(a: Any, b: Any) -> bool:
    return record_image_cmp(a, b) >= 0

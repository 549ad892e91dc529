"""Index tuples in PostgreSQL's IndexTupleData format (access/itup.h).

Where it sits: shared by the index access methods (spec/06-access.md,
"Index tuple format"); btree stores its leaf entries and pivots this way.

    offset size field        meaning
    ------ ---- ------------ ----------------------------------------------
         0    6 t_tid        heap TID (bi_hi u16, bi_lo u16, posid u16);
                             btree pivots: downlink block + attribute count
         6    2 t_info       size in bytes (low 13 bits, MAXALIGNed) |
                             0x2000 AM bit (btree: "pivot", INDEX_ALT_TID_MASK)
                             | 0x4000 has varwidth | 0x8000 has nulls
         8    4 null bitmap  only with 0x8000 (IndexAttributeBitMapData,
                             room for INDEX_MAX_KEYS = 32 attributes)
      8/16      data area    exactly as a heap tuple's (datum.py), starting
                             MAXALIGNed: offset 8, or 16 with a null bitmap

Entry points: form_index_tuple(desc, values, tid, extra=0) -> bytearray,
index_tuple_size(buf, off), index_tuple_tid(buf, off),
index_tuple_values(desc, buf, off).
"""
from __future__ import annotations

import struct

from pgref.access.common.datum import TupleDesc
from pgref.access.common.toast import compress_index_values
from pgref.errors import PgError, PROGRAM_LIMIT_EXCEEDED

INDEX_SIZE_MASK = 0x1FFF
INDEX_AM_RESERVED_BIT = 0x2000
INDEX_VAR_MASK = 0x4000
INDEX_NULL_MASK = 0x8000
INDEX_MAX_KEYS = 32
SIZEOF_INDEX_TUPLE = 8

ITUP = struct.Struct("<HHHH")      # bi_hi, bi_lo, posid, t_info
_itup_from = ITUP.unpack_from


def form_index_tuple(desc: TupleDesc, values, tid: tuple[int, int],
                     extra_size: int = 0) -> bytearray:
    """index_form_tuple: header + optional null bitmap + data area; the size
    is MAXALIGNed like PostgreSQL's.  ``extra_size`` more zero bytes are
    reserved at the end (btree puts a pivot's heap TID there)."""
    if desc.has_varlena:                       # long keys are compressed (toast.py)
        values = compress_index_values(desc, values)
    data, has_null, varwidth, bitmap = desc.fill(values)
    hoff = 16 if has_null else 8
    size = (hoff + len(data) + 7) & ~7
    size += extra_size
    if size > INDEX_SIZE_MASK:
        raise PgError(PROGRAM_LIMIT_EXCEEDED,
                      f"index row requires {size} bytes, maximum size is {INDEX_SIZE_MASK}")
    info = size | (INDEX_NULL_MASK if has_null else 0) | (INDEX_VAR_MASK if varwidth else 0)
    tup = bytearray(size)
    blk, pos = tid
    ITUP.pack_into(tup, 0, blk >> 16, blk & 0xFFFF, pos, info)
    if has_null:
        tup[8:8 + len(bitmap)] = bitmap
    tup[hoff:hoff + len(data)] = data
    return tup


def index_tuple_size(buf, off: int) -> int:
    return _itup_from(buf, off)[3] & INDEX_SIZE_MASK


def index_tuple_tid(buf, off: int) -> tuple[int, int]:
    hi, lo, pos, _info = _itup_from(buf, off)
    return ((hi << 16) | lo, pos)


def index_tuple_values(desc: TupleDesc, buf, off: int) -> list:
    """index_deform_tuple."""
    info = _itup_from(buf, off)[3]
    if info & INDEX_NULL_MASK:
        return desc.deform(buf, off + 16, bytes(buf[off + 8:off + 8 + desc.bitmap_len]))
    return desc.deform(buf, off + 8, None)

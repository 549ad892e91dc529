"""Heap tuples in PostgreSQL's exact format (htup_details.h).

Where it sits: used by heapam.py (spec/06-access.md, "Heap tuple format");
the MVCC layer reads the header fields this module names, never the bytes.

HeapTupleHeaderData, 23 bytes, then the null bitmap, then padding to t_hoff::

    offset size field         meaning
    ------ ---- ------------- -----------------------------------------------
         0    4 t_xmin        inserting transaction id
         4    4 t_xmax        deleting / locking transaction id (0 = none)
         8    4 t_cid         cmin or cmax or a combo command id (t_field3)
        12    6 t_ctid        block (bi_hi u16, bi_lo u16), offset (u16):
                              this tuple's TID, or its newer version's
        18    2 t_infomask2   natts (low 11 bits) | HEAP_KEYS_UPDATED 0x2000 |
                              HEAP_HOT_UPDATED 0x4000 | HEAP_ONLY_TUPLE 0x8000
        20    2 t_infomask    flag bits below
        22    1 t_hoff        offset of the data area, MAXALIGNed (INV-ACCESS-1)
        23    n t_bits        null bitmap, (natts+7)//8 bytes, only if
                              HEAP_HASNULL; bit i set = attribute i present
    t_hoff      data area     attributes aligned per type (datum.py)

Worked example -- ``(1, 'ab')`` as (int4, text) inserted by xid 740, cid 0,
landing at (0,1)::

    e4 02 00 00  00 00 00 00  00 00 00 00  00 00 00 00 01 00  02 00  02 08  18
    xmin=740     xmax=0       cid=0        ctid=(0,1)         natts  mask  hoff=24
    01 00 00 00  07 61 62                 data: int4 1, short varlena 'ab'
    (infomask 0x0802 = HEAP_XMAX_INVALID | HEAP_HASVARWIDTH)

Entry points: HeapTupleHeader (NamedTuple view), form_heap_tuple(desc,
values, xmin, cid), header_of(buf, off), tuple_data(desc, buf, off, length),
and the infomask constants.
"""
from __future__ import annotations

import struct
from typing import NamedTuple

from pgref.access.common.datum import TupleDesc

HEAP_HASNULL = 0x0001
HEAP_HASVARWIDTH = 0x0002
HEAP_HASEXTERNAL = 0x0004
HEAP_HASOID_OLD = 0x0008
HEAP_XMAX_KEYSHR_LOCK = 0x0010
HEAP_COMBOCID = 0x0020
HEAP_XMAX_EXCL_LOCK = 0x0040
HEAP_XMAX_LOCK_ONLY = 0x0080
HEAP_XMAX_SHR_LOCK = HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK
HEAP_XMIN_COMMITTED = 0x0100
HEAP_XMIN_INVALID = 0x0200
HEAP_XMIN_FROZEN = HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID
HEAP_XMAX_COMMITTED = 0x0400
HEAP_XMAX_INVALID = 0x0800
HEAP_XMAX_IS_MULTI = 0x1000
HEAP_UPDATED = 0x2000
HEAP_MOVED_OFF = 0x4000
HEAP_MOVED_IN = 0x8000
HEAP_XACT_MASK = 0xFFF0          # visibility-related bits

HEAP_NATTS_MASK = 0x07FF
HEAP_KEYS_UPDATED = 0x2000
HEAP_HOT_UPDATED = 0x4000
HEAP_ONLY_TUPLE = 0x8000

SIZEOF_HEAP_TUPLE_HEADER = 23
INVALID_XID = 0

HTUP = struct.Struct("<IIIHHHHHB")          # the 23 fixed header bytes
_CTID = struct.Struct("<HHH")
_XMAX_CID = struct.Struct("<II")
_MASKS = struct.Struct("<HH")
OFF_XMIN = 0
OFF_XMAX = 4
OFF_CID = 8
OFF_CTID = 12
OFF_INFOMASK2 = 18
OFF_INFOMASK = 20
OFF_HOFF = 22


class HeapTupleHeader(NamedTuple):
    """The header fields of a stored tuple (a copy, not a live view)."""
    xmin: int
    xmax: int
    cid: int
    ctid: tuple[int, int]
    infomask2: int
    infomask: int
    hoff: int

    @property
    def natts(self) -> int:
        return self.infomask2 & HEAP_NATTS_MASK


_htup_from = HTUP.unpack_from


def header_of(buf, off: int) -> HeapTupleHeader:
    xmin, xmax, cid, hi, lo, pos, m2, m, hoff = _htup_from(buf, off)
    return HeapTupleHeader(xmin, xmax, cid, ((hi << 16) | lo, pos), m2, m, hoff)


def form_heap_tuple(desc: TupleDesc, values, xmin: int, cid: int,
                    infomask_extra: int = 0) -> bytearray:
    """heap_form_tuple + the header set-up of heap_prepare_insert: xmax
    invalid, t_ctid left (0,0) for the caller to set once placed."""
    data, has_null, varwidth, bitmap = desc.fill(values)
    infomask = HEAP_XMAX_INVALID | infomask_extra
    if has_null:
        infomask |= HEAP_HASNULL
        hoff = (SIZEOF_HEAP_TUPLE_HEADER + len(bitmap) + 7) & ~7   # INV-ACCESS-1
    else:
        hoff = 24
    if varwidth:
        infomask |= HEAP_HASVARWIDTH
    tup = bytearray(hoff + len(data))
    HTUP.pack_into(tup, 0, xmin, 0, cid, 0, 0, 0, desc.natts, infomask, hoff)
    if has_null:
        tup[23:23 + len(bitmap)] = bitmap
    tup[hoff:] = data
    return tup


def set_ctid(buf, off: int, tid: tuple[int, int]) -> None:
    blk, pos = tid
    _CTID.pack_into(buf, off + OFF_CTID, blk >> 16, blk & 0xFFFF, pos)

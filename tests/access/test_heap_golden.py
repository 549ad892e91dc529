"""Golden bytes: pgref's heap tuples against PostgreSQL 15's own.

tests/access/golden_heap.sql was run on a real PostgreSQL 15 cluster with the
pageinspect extension; golden_heap_page_items.txt holds what
heap_page_items() printed (lp, lp_off, lp_len, t_infomask2, t_infomask,
t_hoff, t_bits, t_data).  The same rows stored by pgref must give the same
data area, null bitmap, infomask, t_hoff and line pointer placement
(spec/06-access.md, "Heap tuple format"; INV-ACCESS-1, INV-ACCESS-2).
"""
import os
import uuid
from decimal import Decimal

from pgref.access.common.datum import attr_for_type
from pgref.access.heap.heapam import HeapRelation
from pgref.access.heap.tuple import header_of
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile
from pgref.types.values import Interval, PgArray, TimeTz, DATE_NOEND, TIMESTAMP_NOBEGIN

HERE = os.path.dirname(__file__)
TYPES = [21, 23, 20, 700, 701, 16, 25, 1700, 1082, 1114, 1186, 2950, 17, 1007, 1266, 18, 19,
         1043, 1009, 1231]


def arr(items, elemtype, dims=None, lbounds=None):
    if dims is None:
        return PgArray.from_list(items, elemtype)
    return PgArray(items, dims, lbounds, elemtype)


ROWS = [
    (1, 2, 3, 1.5, 2.25, True, "ab", Decimal("1.50"), 1, 1_000_000,
     Interval(1, 2, 3_000_000), uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
     b"\xde\xad\xbe\xef", arr([1, 2, 3], 23), TimeTz(36_000_000_000, -18000), "x", "nm", "vc",
     arr(["a", None, "ccc"], 25), arr([Decimal("1.5"), Decimal("-2")], 1700)),
    (-1, None, -3, float("nan"), float("-inf"), False, "y" * 130, Decimal("-12345.678900"), -1,
     -500_000, Interval(0, -1, 0), uuid.UUID(int=0), b"", arr([], 23),
     TimeTz(1_000_000, 10800), "", "a", None, arr([], 25), arr([Decimal("NaN")], 1700)),
    (None, None, None, None, None, None, None, Decimal("0.000"), None, None, None, None, None,
     arr([1, 2, 3, 4], 23, [2, 2], [1, 1]), None, None, None, "", None, None),
    (32767, 2147483647, 9223372036854775807, 3.4e38, 1e308, True, "", Decimal("1E+100"),
     DATE_NOEND, TIMESTAMP_NOBEGIN, Interval(12, 0, 0),
     uuid.UUID("ffffffff-ffff-ffff-ffff-ffffffffffff"), b"z" * 300,
     arr([7, None], 23, [2], [0]), TimeTz(86_399_999_999, -50400), "z", "n" * 63, "v" * 127,
     arr(["x y"], 25), arr([Decimal("0.0001"), Decimal("12345678901234567890.123")], 1700)),
]


def load_golden():
    rows = []
    with open(os.path.join(HERE, "golden_heap_page_items.txt")) as f:
        for line in f:
            lp, lp_off, lp_len, m2, m, hoff, bits, data = line.rstrip("\n").split("|")
            rows.append((int(lp), int(lp_off), int(lp_len), int(m2), int(m), int(hoff), bits,
                         bytes.fromhex(data)))
    return rows


def test_heap_tuples_match_postgresql_bytes():
    bm = BufferManager.open(None, 16)
    rel = HeapRelation.create(bm, RelFile(5, 1), [attr_for_type(t) for t in TYPES])
    for row, (lp, lp_off, lp_len, m2, m, hoff, bits, data) in zip(ROWS, load_golden()):
        tid = rel.insert(row, 740, 0)
        assert tid == (0, lp)
        raw = rel.item_bytes(tid)
        assert len(raw) == lp_len
        hdr = header_of(raw, 0)
        assert (hdr.infomask2, hdr.infomask, hdr.hoff) == (m2, m, hoff)
        if bits:
            bitmap = raw[23:23 + 3]
            mine = "".join("1" if bitmap[i >> 3] & (1 << (i & 7)) else "0" for i in range(len(bits)))
            assert mine == bits
        assert raw[hoff:].hex() == data.hex()
        # the line pointer landed where PostgreSQL put it
        buf = bm.pin(rel.rel, 0)
        from pgref.storage.page import page_get_item
        assert page_get_item(bm.page(buf), lp)[0] == lp_off
        bm.unpin(buf)
        # and it reads back as the same values
        got = rel.fetch(tid)[1]
        for typ, a, b in zip(TYPES, got, row):
            if typ == 700 and b is not None and b == b and abs(b) != float("inf"):
                assert abs(a - b) <= abs(b) * 1e-6          # float4 rounding
            else:
                assert a == b or repr(a) == repr(b), (a, b)  # NaN != NaN

"""Heap access method (spec/06-access.md, "Heap access method";
INV-ACCESS-1..4)."""
import tempfile

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

from pgref.access.common.datum import attr_for_type, numeric_decode, numeric_encode
from pgref.access.heap.combocid import ComboCids, header_cmax, header_cmin
from pgref.access.heap.heapam import (
    ABORTED, COMMITTED, CURRENT, IN_PROGRESS, HeapRelation, TMResult,
)
from pgref.access.heap.tuple import (
    HEAP_COMBOCID, HEAP_HASNULL, HEAP_KEYS_UPDATED, HEAP_UPDATED, HEAP_XMAX_INVALID,
    HEAP_XMAX_LOCK_ONLY, HEAP_XMIN_COMMITTED,
)
from pgref.errors import PgError
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile

from .access_strategies import same_row, schema_and_rows

REL = RelFile(5, 16384)
INT_TEXT = [attr_for_type(23), attr_for_type(25)]


def heap(attrs=INT_TEXT, nbuffers=64, datadir=None):
    bm = BufferManager.open(datadir, nbuffers)
    return bm, HeapRelation.create(bm, REL, attrs, "t")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema_and_rows())
def test_insert_fetch_scan_roundtrip(data):
    cols, rows = data
    bm, rel = heap([attr_for_type(t) for t in cols], nbuffers=8)
    tids = [rel.insert(r, 100, 0) for r in rows]
    assert len(set(tids)) == len(tids)
    for tid, r in zip(tids, rows):
        hdr, vals = rel.fetch(tid)
        assert same_row(vals, r)
        assert hdr.ctid == tid and hdr.xmin == 100 and hdr.natts == len(cols)
        assert bool(hdr.infomask & HEAP_HASNULL) == (None in r)
        assert hdr.hoff % 8 == 0                                   # INV-ACCESS-1
    scanned = list(rel.scan())
    assert [t for t, _h, _v in scanned] == sorted(tids)
    by_tid = dict(zip(tids, rows))
    assert all(same_row(v, by_tid[t]) for t, _h, v in scanned)
    batches = [row for b in rel.scan_batches(batch_pages=2) for row in b]
    assert len(batches) == len(rows)
    assert bm.pinned_count() == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema_and_rows(max_rows=60), st.data())
def test_update_delete_and_reopen(data, draw):
    cols, rows = data
    attrs = [attr_for_type(t) for t in cols]
    with tempfile.TemporaryDirectory() as d:
        bm = BufferManager.open(d, 6)
        rel = HeapRelation.create(bm, REL, attrs)
        model = {}
        for r in rows:
            model[rel.insert(r, 100, 0)] = r
        for tid in list(model):
            action = draw.draw(st.sampled_from(["keep", "delete", "update"]))
            if action == "delete":
                assert rel.delete(tid, 200, 0) == TMResult.Ok
                del model[tid]
            elif action == "update":
                new = draw.draw(st.sampled_from(rows))
                res, ntid = rel.update(tid, new, 200, 0)
                assert res == TMResult.Ok
                assert rel.fetch_header(tid).ctid == ntid              # INV-ACCESS-4
                del model[tid]
                model[ntid] = new
        bm.close()
        bm = BufferManager.open(d, 6)
        rel = HeapRelation(bm, REL, attrs)
        live = {t: v for t, h, v in rel.scan(visible=lambda h: h.infomask & HEAP_XMAX_INVALID)}
        assert live.keys() == model.keys()
        assert all(same_row(live[t], model[t]) for t in model)
        # the FSM came back from its side file and new rows still fit
        rel.insert(rows[0] if rows else tuple(None for _ in cols), 300, 0)
        bm.close()


def test_header_bits_for_update_and_delete():
    bm, rel = heap()
    t1 = rel.insert((1, "a"), 10, 0)
    t2 = rel.insert((2, "b"), 10, 0)
    assert rel.delete(t1, 11, 3) == TMResult.Ok
    h = rel.fetch_header(t1)
    assert (h.xmax, h.cid, h.ctid) == (11, 3, t1)
    assert not h.infomask & HEAP_XMAX_INVALID and h.infomask2 & HEAP_KEYS_UPDATED
    res, t3 = rel.update(t2, (3, "c"), 11, 4)
    assert res == TMResult.Ok and t3 == (0, 3)
    old, new = rel.fetch_header(t2), rel.fetch(t3)
    assert old.ctid == t3 and old.xmax == 11
    assert new[0].infomask & HEAP_UPDATED and new[0].xmin == 11 and new[1] == (3, "c")


def test_tm_results():
    bm, rel = heap()
    t = rel.insert((1, "a"), 10, 0)
    status = {10: COMMITTED, 20: IN_PROGRESS, 30: ABORTED, 40: CURRENT, 50: COMMITTED}
    st_ = status.get
    assert rel.delete(t, 20, 0, xid_status=st_) == TMResult.Ok
    # xid 40 finds it being deleted by an in-progress transaction
    assert rel.delete(t, 40, 0, xid_status=st_) == TMResult.BeingModified
    status[20] = ABORTED
    assert rel.delete(t, 40, 1, xid_status=st_) == TMResult.Ok    # aborted deleter ignored
    status[40] = COMMITTED
    assert rel.delete(t, 50, 0, xid_status=lambda x: CURRENT if x == 50 else status[x]) \
        == TMResult.Deleted
    t2 = rel.insert((2, "b"), 10, 0)
    rel.update(t2, (3, "c"), 60, 0, xid_status=lambda x: CURRENT if x == 60 else COMMITTED)
    assert rel.delete(t2, 70, 0, xid_status=lambda x: CURRENT if x == 70 else COMMITTED) \
        == TMResult.Updated
    # own update in the same command vs. an earlier command
    t3 = rel.insert((4, "d"), 10, 0)
    assert rel.delete(t3, 80, 5) == TMResult.Ok
    assert rel.delete(t3, 80, 5) == TMResult.SelfModified
    assert rel.delete(t3, 80, 6) == TMResult.Invisible
    # inserted by an aborted transaction / a later command of ours
    t4 = rel.insert((5, "e"), 30, 0)
    assert rel.delete(t4, 90, 0, xid_status=st_) == TMResult.Invisible
    t5 = rel.insert((6, "f"), 90, 7)
    assert rel.delete(t5, 90, 7) == TMResult.Invisible
    assert rel.delete((0, 99), 90, 7) == TMResult.Invisible


def test_combocid_when_deleting_own_insert():
    bm, rel = heap()
    cc = ComboCids()
    t = rel.insert((1, "a"), 10, 2)
    assert rel.delete(t, 10, 5, combocids=cc) == TMResult.Ok
    h = rel.fetch_header(t)
    assert h.infomask & HEAP_COMBOCID
    assert (header_cmin(h, cc), header_cmax(h, cc)) == (2, 5)


def test_lock_tuple_and_hint_bits():
    bm, rel = heap()
    t = rel.insert((1, "a"), 10, 0)
    assert rel.lock_tuple(t, 11, 0, "update") == TMResult.Ok
    h = rel.fetch_header(t)
    assert h.xmax == 11 and h.infomask & HEAP_XMAX_LOCK_ONLY
    # a committed locker does not block a delete
    assert rel.delete(t, 12, 0) == TMResult.Ok
    rel.set_hint_bits(t, HEAP_XMIN_COMMITTED)
    assert rel.fetch_header(t).infomask & HEAP_XMIN_COMMITTED
    with pytest.raises(PgError):
        rel.set_hint_bits(t, HEAP_HASNULL)
    t2 = rel.insert((2, "b"), 10, 0)
    n = list(rel.scan(set_hints=lambda h: HEAP_XMIN_COMMITTED))
    assert len(n) == 2 and rel.fetch_header(t2).infomask & HEAP_XMIN_COMMITTED


def test_long_values_and_row_too_big():
    # without TOAST (test_toast.py covers it) a long row must fit on one page
    bm = BufferManager.open(None, 4)
    rel = HeapRelation.create(bm, REL, INT_TEXT, "t", toast=False)
    big = "x" * 8000
    t = rel.insert((1, big), 10, 0)
    assert rel.fetch(t)[1] == (1, big)
    t2 = rel.insert((2, "y" * 8000), 10, 0)
    assert t2[0] == t[0] + 1
    with pytest.raises(PgError) as e:
        rel.insert((3, "z" * 9000), 10, 0)
    assert e.value.sqlstate == "54000"
    assert e.value.message == "row is too big: size 9032, maximum size 8160"


def test_free_space_is_reused_and_scan_skips_invisible():
    bm, rel = heap(nbuffers=4)
    tids = [rel.insert((i, "v" * 500), 10, 0) for i in range(100)]
    assert rel.nblocks() == 7
    visible = [v for _t, _h, v in rel.scan(visible=lambda h: h.xmin != 10)]
    assert visible == []
    rel.truncate()
    assert rel.nblocks() == 0 and list(rel.scan()) == []
    rel.insert((1, "a"), 10, 0)
    assert rel.nblocks() == 1 and len(tids) == 100


def test_added_column_reads_null():
    bm = BufferManager.open(None, 8)
    rel = HeapRelation.create(bm, REL, INT_TEXT)
    t = rel.insert((1, "a"), 10, 0)
    wider = HeapRelation(bm, REL, INT_TEXT + [attr_for_type(20)])
    assert wider.fetch(t)[1] == (1, "a", None)


def test_numeric_codec_is_postgresql_format():
    from decimal import Decimal
    # short format: 1.50 -> header 0x8000 | dscale 2 << 7 | weight 0, digits 1, 5000
    assert numeric_encode(Decimal("1.50")).hex() == "0081" "0100" "8813"
    assert numeric_encode(Decimal("NaN")).hex() == "00c0"
    for s in ["0", "0.00", "-1", "12345678901234567890.123", "1E-40", "-0.0001", "1E+300"]:
        d = Decimal(s)
        assert numeric_decode(numeric_encode(d)) == d


def test_unsupported_type_is_a_clear_error():
    with pytest.raises(PgError) as e:
        HeapRelation(BufferManager.open(None, 4), REL, [(1033, -1, "i", False)])
    assert e.value.sqlstate == "0A000"
    assert "1033" in e.value.message

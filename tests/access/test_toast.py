"""TOAST (spec/06-access.md, "TOAST"; INV-ACCESS-TOAST-1..3): pglz is
PostgreSQL's byte for byte, large values are compressed and/or stored out
of line in PostgreSQL's formats, and read back transparently."""
import hashlib
import os
import random
import struct

import pytest
from hypothesis import given, settings, strategies as st

from pgref.access.common.datum import attr_for_type
from pgref.access.common.pglz import STRATEGY_ALWAYS, pglz_compress, pglz_decompress
from pgref.access.common.toast import (
    TOAST_MAX_CHUNK_SIZE, Toasted, compress_datum, decompress_inline, drop_toast_storage,
)
from pgref.access.heap.heapam import HeapRelation
from pgref.access.heap.tuple import HEAP_HASEXTERNAL
from pgref.errors import PgError
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile

REL = RelFile(5, 16384)
INT_TEXT = [attr_for_type(23), attr_for_type(25)]


def md5s(n):
    return "".join(hashlib.md5(str(i).encode()).hexdigest() for i in range(1, n + 1))


def heap(attrs=INT_TEXT, nbuffers=64, datadir=None):
    bm = BufferManager.open(datadir, nbuffers)
    return bm, HeapRelation.create(bm, REL, attrs, "t")


# -- pglz -----------------------------------------------------------------------

# compressed sizes PostgreSQL 15 reports (pg_column_size of the stored value
# = compressed stream + 8 header bytes), measured on a real server
PG_SIZES = [
    (b"x" * 10000, 125),
    (b"abcdefghij" * 300, 54),
]


@pytest.mark.parametrize("data,pg_size", PG_SIZES)
def test_pglz_sizes_equal_postgresql(data, pg_size):
    c = pglz_compress(data)
    assert len(c) + 8 == pg_size
    assert pglz_decompress(c, len(data)) == data


def test_pglz_bytes_of_a_short_run():
    # 'aaaa...' (40): literal 'a', then one tag offset 1 length 39 (18 + 21)
    c = pglz_compress(b"a" * 40)
    assert c == bytes([0b10, ord("a"), 0x0F, 0x01, 39 - 18])


def test_pglz_declines_incompressible_and_small():
    assert pglz_compress(b"x" * 31) is None                  # min_input_size 32
    assert pglz_compress(md5s(100).encode()) is None         # below 25 % saving
    rnd = random.Random(1).randbytes(5000)
    assert pglz_compress(rnd) is None                         # no match in the first 1 KB


@settings(max_examples=80, deadline=None)
@given(st.binary(min_size=0, max_size=3000), st.integers(1, 12))
def test_pglz_roundtrip_always(data, alphabet):
    data = bytes(b % (alphabet * 20 + 1) for b in data)
    c = pglz_compress(data, STRATEGY_ALWAYS)
    if c is not None:
        assert pglz_decompress(c, len(data)) == data


def test_pglz_corrupt_stream_is_an_error():
    c = pglz_compress(b"x" * 1000)
    with pytest.raises(PgError) as e:
        pglz_decompress(c[:-1], 1000)
    assert e.value.sqlstate == "XX001"


def test_compressed_varlena_header():
    img = compress_datum(b"x" * 10000)
    assert isinstance(img, Toasted)
    w, tcinfo = struct.unpack_from("<II", img)
    assert w & 3 == 2 and w >> 2 == len(img) == 125
    assert tcinfo == 10000                                  # pglz = method 0
    assert decompress_inline(img) == b"x" * 10000


# -- the heap -------------------------------------------------------------------------

def test_compressible_value_stays_inline_compressed():
    bm, rel = heap()
    tid = rel.insert((1, "x" * 10000), 10, 0)
    raw = rel.item_bytes(tid)
    assert len(raw) == 24 + 4 + 125                         # header, int4, compressed text
    hdr, vals = rel.fetch(tid)
    assert vals == (1, "x" * 10000)
    assert not hdr.infomask & HEAP_HASEXTERNAL
    assert vals[1].pg_stored_size == 125


def test_incompressible_value_goes_out_of_line():
    bm, rel = heap()
    big = md5s(1000)                                        # 32000 bytes
    tid = rel.insert((1, big), 10, 0)
    raw = rel.item_bytes(tid)
    assert len(raw) == 24 + 4 + 18
    hdr, vals = rel.fetch(tid)
    assert hdr.infomask & HEAP_HASEXTERNAL
    assert vals == (1, big) and vals[1].pg_stored_size == 32000
    tag, rawsize, extinfo = struct.unpack_from("<BiI", raw, 24 + 4 + 1)
    assert (raw[28], tag, rawsize, extinfo) == (1, 18, 32004, 32000)
    # the chunks: PostgreSQL's layout, 1996 bytes, four 2032-byte tuples a page
    chunks = [v for _t, _h, v in rel.toast_rel._heap.scan()]
    assert [c[1] for c in chunks] == list(range(17))
    assert all(len(c[2]) == TOAST_MAX_CHUNK_SIZE for c in chunks[:-1])
    assert "".join(c[2].decode() for c in chunks) == big
    assert len(rel.toast_rel._heap.item_bytes((0, 1))) == 2032
    assert rel.toast_rel._heap.nblocks() == 5


def test_compressed_then_external_when_still_too_big():
    bm, rel = heap()
    # compresses to ~40 KB, still more than a page: stored compressed, out of line
    rng = random.Random(7)
    words = [md5s(3)[i:i + 5] for i in range(0, 40, 5)]
    big = "".join(rng.choice(words) for _ in range(60000))
    tid = rel.insert((1, big), 10, 0)
    raw = rel.item_bytes(tid)
    rawsize, extinfo = struct.unpack_from("<iI", raw, 24 + 4 + 2)
    assert rawsize == len(big) + 4 and extinfo & 0x3FFFFFFF < len(big)
    assert extinfo >> 30 == 0
    assert rel.fetch(tid)[1][1] == big


def test_several_columns_biggest_first():
    attrs = [attr_for_type(25)] * 4
    bm, rel = heap(attrs)
    vals = ("a" * 100, md5s(40), md5s(60), "b" * 50)       # 1280 + 1920 bytes
    tid = rel.insert(vals, 10, 0)
    raw = rel.item_bytes(tid)
    # the biggest (md5s(60)) goes out of line; the rest then fits
    assert len(raw) <= 2032
    assert rel.fetch(tid)[1] == vals


def test_nulls_bytea_and_scan():
    attrs = [attr_for_type(23), attr_for_type(17), attr_for_type(25)]
    bm, rel = heap(attrs, nbuffers=16)
    rnd = random.Random(3)
    rows = [(i, rnd.randbytes(rnd.choice([10, 3000, 20000])) if i % 3 else None,
             None if i % 2 else "t" * (i * 500)) for i in range(30)]
    for r in rows:
        rel.insert(r, 10, 0)
    assert [v for _t, _h, v in rel.scan()] == rows
    assert [v for b in rel.scan_batches() for v in b] == rows


def test_update_retoasts_and_old_version_still_reads():
    bm, rel = heap()
    big = md5s(300)
    tid = rel.insert((1, big), 10, 0)
    _res, new = rel.update(tid, (2, big), 11, 0)
    assert rel.fetch(tid)[1] == (1, big)
    assert rel.fetch(new)[1] == (2, big)


def test_truncate_forgets_toast():
    bm, rel = heap()
    rel.insert((1, md5s(300)), 10, 0)
    assert bm.exists(rel.toast_rel.heap_rf)
    rel.truncate()
    assert not bm.exists(rel.toast_rel.heap_rf)
    tid = rel.insert((2, md5s(200)), 10, 0)
    assert rel.fetch(tid)[1] == (2, md5s(200))


def test_missing_chunk_is_an_error():
    bm, rel = heap()
    tid = rel.insert((1, md5s(300)), 10, 0)
    drop_toast_storage(bm, REL)
    rel2 = HeapRelation(bm, REL, INT_TEXT, "t")
    with pytest.raises(PgError) as e:
        rel2.fetch(tid)
    assert e.value.sqlstate == "XX001"
    assert "missing chunk number 0 for toast value 16384" in e.value.message


def test_values_survive_restart(tmp_path):
    bm, rel = heap(datadir=str(tmp_path), nbuffers=8)
    vals = {}
    for i, n in enumerate([10_000, 100_000, 1_000_000]):
        vals[rel.insert((i, "x" * n), 10, 0)] = (i, "x" * n)
        vals[rel.insert((i, md5s(n // 32)), 10, 0)] = (i, md5s(n // 32))
    bm.close()
    bm = BufferManager.open(str(tmp_path), 8)
    rel = HeapRelation(bm, REL, INT_TEXT, "t")
    for tid, v in vals.items():
        assert rel.fetch(tid)[1] == v
    assert os.path.exists(tmp_path / "base" / "5" / str(16384 + 2 ** 32))
    bm.close()


@pytest.mark.slow
def test_ten_megabytes():
    bm, rel = heap(nbuffers=32)
    a = "x" * 10_000_000
    b = os.urandom(5_000_000).hex()
    ta = rel.insert((1, a), 10, 0)
    tb = rel.insert((2, b), 10, 0)
    assert rel.fetch(ta)[1] == (1, a)
    assert rel.fetch(tb)[1] == (2, b)


# -- byte-for-byte against PostgreSQL 15 (heap_page_items t_data, pg_toast chunk data) ---------

# CREATE TABLE tb(a text); INSERT the three values below; t_data of each row:
PG_ROW1 = (
    "f601000010270000fe780f01ff0f01ff0f01ff0f01ff0f01ff0f01ff0f01ffff0f01ff0f01ff0f01"
    "ff0f01ff0f01ff0f01ff0f01ff0f01ffff0f01ff0f01ff0f01ff0f01ff0f01ff0f01ff0f01ff0f01"
    "ffff0f01ff0f01ff0f01ff0f01ff0f01ff0f01ff0f01ff0f01ff3f0f01ff0f01ff0f01ff0f01ff0f"
    "01ff0f0199"
)
PG_ROW3 = (
    "2202000070170000005066456b5470497500587a4d65426a516f00467455794a645969004e6e4373"
    "527847630056684b6d5a724f770044625367486c5771f04c7641610f34ff0f34ff0f34ff0f34ffff"
    "0f34ff0f34ff0f34ff0f34ff0f34ff0f34ff0f34ff0f34ffff0f34ff0f34ff0f34ff0f34ff0f34ff"
    "0f34ff0f34ff0f34ff030f34ff0f34c5"
)


def _pg_values():
    s1 = "x" * 10000
    s2 = ",".join(str(i) + "ab" * (i % 7) for i in range(1, 701))
    s3 = "".join(chr(65 + (i * 7919 % 26)) + chr(97 + (i * 31 % 26)) for i in range(1, 3001))
    return s1, s2, s3


def test_compressed_images_equal_postgresql_bytes():
    s1, _s2, s3 = _pg_values()
    bm, rel = heap([attr_for_type(25)])
    t1 = rel.insert((s1,), 10, 0)
    t3 = rel.insert((s3,), 10, 0)
    assert rel.item_bytes(t1)[24:].hex() == PG_ROW1
    assert rel.item_bytes(t3)[24:].hex() == PG_ROW3


def test_external_compressed_value_equals_postgresql():
    # PostgreSQL: pointer 01 12, va_rawsize 6895, va_extinfo 2866 (pglz), and
    # md5 of the concatenated chunk_data 252f5353...
    _s1, s2, _s3 = _pg_values()
    bm, rel = heap([attr_for_type(25)])
    tid = rel.insert((s2,), 10, 0)
    raw = rel.item_bytes(tid)[24:]
    assert raw[:2] == bytes([1, 18])
    assert struct.unpack_from("<iI", raw, 2) == (6895, 2866)
    chunks = sorted((v[1], v[2]) for _t, _h, v in rel.toast_rel._heap.scan())
    data = b"".join(c for _s, c in chunks)
    assert [len(c) for _s, c in chunks] == [1996, 870]
    assert hashlib.md5(data).hexdigest() == "252f535364bba1417ba04a342cd1ac13"
    assert rel.fetch(tid)[1][0] == s2


def test_vacuum_prune_removes_dead_tuples_chunks():
    from pgref.access.heap.prune import DEAD, LIVE, prune_page
    bm, rel = heap()
    keep = rel.insert((1, md5s(200)), 10, 0)
    gone = rel.insert((2, md5s(300)), 11, 0)
    before = sum(1 for _ in rel.toast_rel._heap.scan())
    assert before == 4 + 5                        # 6400 and 9600 bytes of chunks
    rel.delete(gone, 12, 0)
    prune_page(rel, gone[0], lambda h: DEAD if h.xmin == 11 else LIVE)
    assert sum(1 for _ in rel.toast_rel._heap.scan()) == 4
    assert list(rel.toast_rel._index.find_equal((16385,))) == []
    assert rel.fetch(keep)[1] == (1, md5s(200))
    # the freed chunk space is reused by the next value
    rel.insert((3, md5s(100)), 13, 0)
    assert rel.toast_rel._heap.nblocks() <= 3

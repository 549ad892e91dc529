"""Hash index access method against a dict model (spec/06-access.md, "Hash
indexes"; INV-ACCESS-HASH-1..4): linear-hashing splits, overflow chains, the
overflow bitmap, deletion, VACUUM's bulk delete and reopening the file."""
import struct

from hypothesis import HealthCheck, given, settings, strategies as st

from pgref.access.hash.hashindex import (
    BMSHIFT, HASH_MAGIC, INVALID_BLOCK, LH_BITMAP_PAGE, LH_BUCKET_PAGE, LH_META_PAGE, OPAQUE, SPECIAL_OFF,
    HashIndex, Meta, hashkey2bucket, spareindex, totalbuckets,
)
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile
from pgref.types.funcs.misc_funcs import hashint4, hashtext

REL = RelFile(5, 30000)


def tid(i):
    return (i // 200, i % 200 + 1)


def make(nbuffers=16, hashfn=hashint4, **kw):
    bm = BufferManager.open(None, nbuffers)
    return HashIndex.create(bm, REL, hashfn, "h", **kw)


def test_spareindex_and_totalbuckets_match_postgresql():
    # groups 0..9 double at once; later ones grow by quarters
    assert [totalbuckets(i) for i in range(12)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 640, 768]
    assert [spareindex(n) for n in (1, 2, 3, 4, 5, 512, 513, 640, 641, 1024, 1025)] == \
        [0, 1, 2, 2, 3, 9, 10, 10, 11, 13, 14]
    for phase in range(40):
        assert spareindex(totalbuckets(phase)) == phase


def test_hashkey2bucket():
    # 6 buckets: highmask 7, lowmask 3; codes mapping to 6 or 7 fold to 2, 3
    assert [hashkey2bucket(h, 5, 7, 3) for h in range(8)] == [0, 1, 2, 3, 4, 5, 2, 3]


def test_new_index_layout():
    h = make()
    bm = h.bm
    assert bm.nblocks(REL) == 4                     # meta, 2 buckets, first bitmap page
    buf = bm.pin(REL, 0)
    try:
        page = bm.page(buf)
        m = Meta.read(page)
        assert OPAQUE.unpack_from(page, SPECIAL_OFF)[3] == LH_META_PAGE
    finally:
        bm.unpin(buf)
    assert (m.magic, m.version, m.maxbucket, m.highmask, m.lowmask) == (HASH_MAGIC, 4, 1, 3, 1)
    # _hash_init: target page usage / (16-byte item + 4-byte line pointer)
    assert m.ffactor == 8192 * 75 // 100 // 20 == 307
    assert (m.bmsize, m.bmshift, m.nmaps, m.mapp[0], m.spares[1], m.ovflpoint) == (4096, BMSHIFT, 1, 3, 1, 1)
    for b, want_blk in ((0, 1), (1, 2)):
        assert m.bucket_blkno(b) == want_blk
        buf = bm.pin(REL, want_blk)
        try:
            prev, nxt, bucket, flag, _pid = OPAQUE.unpack_from(bm.page(buf), SPECIAL_OFF)
        finally:
            bm.unpin(buf)
        assert (nxt, bucket, flag) == (INVALID_BLOCK, b, LH_BUCKET_PAGE)
    buf = bm.pin(REL, 3)
    try:
        assert OPAQUE.unpack_from(bm.page(buf), SPECIAL_OFF)[3] == LH_BITMAP_PAGE
    finally:
        bm.unpin(buf)
    assert h.check() == 0


def test_inserts_split_buckets_and_scans_find_everything():
    h = make()
    model = {}
    for i in range(6000):
        k = (i * 7919) % 2500
        h.insert((k,), tid(i))
        model.setdefault(k, []).append(tid(i))
    st_ = h.stats()
    # the table grew by linear hashing: ntuples <= ffactor * buckets
    assert st_["buckets"] >= 6000 // 307 and st_["ntuples"] <= 307 * st_["buckets"]
    assert h.check() == 6000
    for k in (0, 1, 17, 2499):
        assert sorted(h.scan_equal((k,))) == sorted(model[k])
    assert h.scan_equal((2500,)) == []


def test_duplicates_make_overflow_chains():
    h = make()
    for i in range(3000):
        h.insert((1,), tid(i))
    st_ = h.stats()
    assert st_["overflow_pages"] >= 3000 // 407
    assert h.check() == 3000
    assert sorted(h.scan_equal((1,))) == sorted(tid(i) for i in range(3000))


def test_null_keys_are_not_indexed():
    h = make()
    h.insert((None,), (0, 1))
    assert h.check() == 0
    assert h.scan_equal((None,)) == []
    assert h.build([((None,), (0, 1))]) == 0


def test_delete_single_entries():
    h = make()
    for i in range(500):
        h.insert((i % 50,), tid(i))
    assert h.delete((3,), tid(3))
    assert not h.delete((3,), tid(3))
    assert not h.delete((4,), tid(3))
    assert tid(3) not in h.scan_equal((3,))
    assert len(h.scan_equal((3,))) == 9
    assert h.check() == 499


def test_bulk_delete_squeezes_and_reuses_overflow_pages():
    h = make()
    for i in range(4000):
        h.insert((7,), tid(i))
    before = h.stats()
    assert before["overflow_pages"] >= 9
    removed, kept = h.bulk_delete(lambda t: t != tid(5))
    assert (removed, kept) == (3999, 1)
    after = h.stats()
    assert after["overflow_pages"] == 0
    assert h.check() == 1
    nblocks = after["nblocks"]
    # freed overflow pages come back from the bitmap before the file grows
    for i in range(4000, 7000):
        h.insert((7,), tid(i))
    assert h.stats()["nblocks"] == nblocks
    assert h.check() == 3001
    assert len(h.scan_equal((7,))) == 3001


def test_build_sizes_buckets_for_the_entries():
    h = make()
    n = 20000
    assert h.build([((i,), tid(i)) for i in range(n)]) == n
    st_ = h.stats()
    assert st_["buckets"] == totalbuckets(spareindex(n // 307))
    assert st_["buckets"] * 307 >= n
    assert h.check() == n
    assert h.scan_equal((12345,)) == [tid(12345)]
    h.insert((n,), tid(n))                            # no split needed right after the build
    assert h.stats()["buckets"] == st_["buckets"]


def test_fillfactor_sets_ffactor():
    h = make(fillfactor=10)
    assert h.stats()["ffactor"] == 8192 * 10 // 100 // 20
    for i in range(2000):
        h.insert((i,), tid(i))
    assert h.stats()["buckets"] >= 2000 // 40
    assert h.check() == 2000


def test_text_keys_and_truncate():
    h = make(hashfn=hashtext)
    for i in range(1000):
        h.insert((f"k{i % 300}",), tid(i))
    assert sorted(h.scan_equal(("k5",))) == sorted(tid(i) for i in range(5, 1000, 300))
    h.truncate()
    assert h.stats()["buckets"] == 2 and h.check() == 0
    assert h.scan_equal(("k5",)) == []


def test_new_bitmap_page_path_with_small_maps(monkeypatch):
    # a real bitmap page covers 32768 overflow pages (13 million entries);
    # with 8 bits a map the same code adds bitmap pages after a few inserts
    import pgref.access.hash.hashindex as H
    monkeypatch.setattr(H, "BMSHIFT", 3)            # 8 overflow pages per bitmap page
    h = make(nbuffers=32)
    for i in range(407 * 20):
        h.insert((1,), tid(i))
    st_ = h.stats()
    assert st_["bitmap_pages"] >= 3
    assert h.check() == 407 * 20
    removed, kept = h.bulk_delete(lambda t: True)
    assert kept == 0 and h.stats()["overflow_pages"] == 0
    for i in range(407 * 20):
        h.insert((2,), tid(i))
    assert h.check() == 407 * 20


def test_reopen_from_files(tmp_path):
    bm = BufferManager.open(str(tmp_path), 16)
    bm.create(REL)
    h = HashIndex(bm, REL, hashint4, "h")
    for i in range(3000):
        h.insert((i % 700,), tid(i))
    h.bulk_delete(lambda t: t[1] % 2 == 0)
    want = sorted(h.scan_equal((42,)))
    bm.checkpoint()
    bm.close()
    bm2 = BufferManager.open(str(tmp_path), 16)
    h2 = HashIndex(bm2, REL, hashint4, "h")
    assert sorted(h2.scan_equal((42,))) == want
    assert h2.check() == h2.stats()["ntuples"]
    h2.insert((42,), (999, 1))
    assert (999, 1) in h2.scan_equal((42,))
    bm2.close()


def test_metapage_bytes():
    h = make()
    buf = h.bm.pin(REL, 0)
    try:
        page = bytes(h.bm.page(buf))
    finally:
        h.bm.unpin(buf)
    magic, version, ntuples = struct.unpack_from("<IId", page, 24)
    assert (magic, version, ntuples) == (0x6440640, 4, 0.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["ins", "ins", "ins", "del", "vac"]), st.integers(0, 40)),
                max_size=400))
def test_against_model(ops):
    h = make(nbuffers=8, fillfactor=10)
    model: dict[tuple, int] = {}
    n = 0
    for op, k in ops:
        if op == "ins":
            h.insert((k,), tid(n))
            model[tid(n)] = k
            n += 1
        elif op == "del":
            victims = [t for t, v in model.items() if v == k]
            if victims:
                assert h.delete((k,), victims[0])
                del model[victims[0]]
            else:
                assert not h.delete((k,), (9999, 1))
        else:
            dead = {t for t, v in model.items() if v % 3 == k % 3}
            removed, kept = h.bulk_delete(dead.__contains__)
            assert removed == len(dead)
            for t in dead:
                del model[t]
            assert kept == len(model)
    assert h.check() == len(model)
    for k in range(41):
        assert sorted(h.scan_equal((k,))) == sorted(t for t, v in model.items() if v == k)

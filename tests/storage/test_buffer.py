"""Storage manager, buffer manager and FSM (spec/05-storage.md;
INV-STORAGE-4..7)."""
import os
import random

import pytest

from pgref.errors import PgError
from pgref.storage.buffer import BufferManager
from pgref.storage.fsm import FreeSpaceMap
from pgref.storage.page import BLCKSZ, page_add_item, page_init, page_item_bytes, page_set_lsn
from pgref.storage.smgr import FileStorage, MemoryStorage, RelFile

REL = RelFile(5, 16384)


def fill_blocks(bm, rel, n, tag=b""):
    for i in range(n):
        blk, buf = bm.extend(rel)
        assert blk == i
        page = bm.page(buf)
        page_init(page)
        page_add_item(page, tag + b"block %d" % i)
        bm.mark_dirty(buf)
        bm.unpin(buf)


def read_block(bm, rel, blk):
    buf = bm.pin(rel, blk)
    try:
        return page_item_bytes(bm.page(buf), 1)
    finally:
        bm.unpin(buf)


@pytest.mark.parametrize("mode", ["file", "memory"])
def test_eviction_with_tiny_pool_keeps_every_page(tmp_path, mode):
    bm = BufferManager.open(str(tmp_path) if mode == "file" else None, 4)
    bm.create(REL)
    fill_blocks(bm, REL, 50)
    assert bm.stats["evictions"] >= 46
    order = list(range(50)) * 3
    random.Random(3).shuffle(order)
    for blk in order:
        assert read_block(bm, REL, blk) == b"block %d" % blk
    assert bm.pinned_count() == 0
    bm.close()


def test_reopen_persists_pages_and_paths(tmp_path):
    bm = BufferManager.open(str(tmp_path), 8)
    bm.create(REL)
    fill_blocks(bm, REL, 20)
    bm.close()
    path = tmp_path / "base" / "5" / "16384"
    assert os.path.getsize(path) == 20 * BLCKSZ
    bm = BufferManager.open(str(tmp_path), 8)
    assert bm.nblocks(REL) == 20
    assert [read_block(bm, REL, b) for b in range(20)] == [b"block %d" % b for b in range(20)]
    bm.close()


def test_segments(tmp_path):
    bm = BufferManager(FileStorage(str(tmp_path), relseg_size=4), 4)
    bm.create(REL)
    fill_blocks(bm, REL, 10)
    bm.close()
    base = tmp_path / "base" / "5"
    assert sorted(os.listdir(base)) == ["16384", "16384.1", "16384.2"]
    assert os.path.getsize(base / "16384.2") == 2 * BLCKSZ
    bm = BufferManager(FileStorage(str(tmp_path), relseg_size=4), 4)
    assert bm.nblocks(REL) == 10
    assert read_block(bm, REL, 9) == b"block 9"
    bm.truncate(REL, 5)
    assert bm.nblocks(REL) == 5
    assert not os.path.exists(base / "16384.2")
    assert os.path.getsize(base / "16384.1") == BLCKSZ
    bm.close()


def test_shared_catalog_goes_to_global(tmp_path):
    bm = BufferManager.open(str(tmp_path), 4)
    bm.create(RelFile(0, 1262))
    fill_blocks(bm, RelFile(0, 1262), 1)
    bm.close()
    assert os.path.getsize(tmp_path / "global" / "1262") == BLCKSZ


def test_wal_flush_called_before_dirty_page_write(tmp_path):
    events = []
    smgr = FileStorage(str(tmp_path))
    orig_write = smgr.write

    def write(rel, blkno, src):
        events.append(("write", blkno))
        orig_write(rel, blkno, src)
    smgr.write = write
    bm = BufferManager(smgr, 4, wal_flush=lambda lsn: events.append(("wal", lsn)))
    bm.create(REL)
    blk, buf = bm.extend(REL)
    page_init(bm.page(buf))
    page_set_lsn(bm.page(buf), 1234)
    bm.mark_dirty(buf)
    bm.unpin(buf)
    events.clear()
    bm.flush(REL)
    assert events == [("wal", 1234), ("write", 0)]          # INV-STORAGE-5
    events.clear()
    bm.flush(REL)
    assert events == []                                      # clean now
    bm.close()


def test_drop_and_truncate_discard_buffers(tmp_path):
    bm = BufferManager.open(str(tmp_path), 8)
    bm.create(REL)
    fill_blocks(bm, REL, 6)
    bm.truncate(REL, 2)
    assert bm.nblocks(REL) == 2
    with pytest.raises(PgError) as e:
        bm.pin(REL, 3)
    assert e.value.sqlstate == "XX001"
    assert "could not read block 3" in e.value.message
    bm.unlink(REL)
    assert not bm.exists(REL)
    assert not os.path.exists(tmp_path / "base" / "5" / "16384")
    bm.close()


def test_all_pinned_is_an_error():
    bm = BufferManager.open(None, 4)
    bm.create(REL)
    fill_blocks(bm, REL, 5)
    bufs = [bm.pin(REL, b) for b in range(4)]
    with pytest.raises(PgError) as e:
        bm.pin(REL, 4)
    assert e.value.message == "no unpinned buffers available"
    for b in bufs:
        bm.unpin(b)
    assert read_block(bm, REL, 4) == b"block 4"
    with pytest.raises(PgError):
        bm.unpin(bufs[0])


def test_create_twice_and_missing_relation(tmp_path):
    for bm in (BufferManager.open(str(tmp_path), 4), BufferManager.open(":memory:", 4)):
        bm.create(REL)
        with pytest.raises(PgError) as e:
            bm.create(REL)
        assert "File exists" in e.value.message
        with pytest.raises(PgError) as e:
            bm.nblocks(RelFile(5, 999))
        assert e.value.sqlstate == "58P01"
        bm.close()


def test_memory_mode_has_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bm = BufferManager.open(":memory:", 4)
    assert isinstance(bm.smgr, MemoryStorage)
    bm.create(REL)
    fill_blocks(bm, REL, 10)
    assert read_block(bm, REL, 0) == b"block 0"
    bm.close()
    assert os.listdir(tmp_path) == []


def test_fsm_search_and_persistence(tmp_path):
    m = FreeSpaceMap()
    for blk, free in enumerate([0, 100, 8000, 31, 500]):
        m.record(blk, free)
    assert m.search(90) == 1          # category 3 = 96 bytes >= 90
    assert m.search(200) == 2
    assert m.search(200, start=3) == 4
    assert m.search(9000) is None
    assert m.search(8010) is None     # 8000 free is category 250 < 251
    bm = BufferManager.open(str(tmp_path), 4)
    bm.create(REL)
    fill_blocks(bm, REL, 5)
    bm.fsm.put(REL, m)
    bm.close()
    bm = BufferManager.open(str(tmp_path), 4)
    assert bytes(bm.fsm.get(REL, 5).cats) == bytes(m.cats)
    assert bm.fsm.get(RelFile(5, 1), 5) is None
    bm.close()

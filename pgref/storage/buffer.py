"""The buffer manager: a bounded pool of 8 KB pages in one mmap (bufmgr.c).

Where it sits: between the access methods and the storage manager
(spec/05-storage.md, "Buffer manager").  Every page an access method reads
or writes lives, while it is used, in a slot of one shared anonymous mmap;
``page(buf)`` hands out a ``memoryview`` of that slot, so page code works in
place without copies.  Relation files are read into slots with ``preadv``
and written back with ``pwrite`` -- the pool, not the kernel, decides when a
dirty page reaches its file, which is what the WAL rule needs (INV-STORAGE-5;
the spec explains why the relation files themselves are not mmap'd).

Life of a page access::

    buf = bm.pin(rel, blkno)        # ReadBuffer: lookup or read, pin count +1
    page = bm.page(buf)             # memoryview of the slot (valid while pinned)
    ... read / modify page ...
    bm.mark_dirty(buf)              # MarkBufferDirty (if modified)
    bm.unpin(buf)                   # ReleaseBuffer

    blkno, buf = bm.extend(rel)     # P_NEW: a new zeroed block, pinned

Replacement is PostgreSQL's clock sweep: each slot has a usage count (bumped
on every pin, capped at 5); the clock hand decrements counts of unpinned
slots and takes the first unpinned slot whose count is 0.  A dirty victim is
written first -- after ``wal_flush(page_lsn)`` (INV-STORAGE-5).

Entry points: BufferManager(smgr, nbuffers, wal_flush) / pin / unpin /
page / mark_dirty / extend / nblocks / create / exists / unlink /
truncate / drop_buffers / flush / flush_all / checkpoint / close.

Locking: ``self.lock`` (one ``threading.RLock`` per pool) guards the buffer
table, the per-slot arrays and the clock hand; every method that touches
them does so inside ``with self.lock``.  Page *contents* are not locked here
-- the engine serialises statements with one lock for now; per-buffer content
locks (LWLocks) are a later issue and would sit in pin/unpin.
"""
from __future__ import annotations

import mmap
import threading

from pgref.errors import PgError, INTERNAL_ERROR, INVALID_PARAMETER_VALUE
from pgref.storage.fsm import FreeSpaceMaps
from pgref.storage.page import BLCKSZ, page_get_lsn
from pgref.storage.smgr import FileStorage, MemoryStorage, RelFile

DEFAULT_NBUFFERS = 2048           # 16 MB of 8 KB pages
BM_MAX_USAGE_COUNT = 5
_ZERO_PAGE = bytes(BLCKSZ)


def no_wal_flush(lsn: int) -> None:
    """The WAL-before-data hook until the WAL issue lands: nothing is logged,
    so nothing has to be flushed (every page LSN is 0)."""


class BufferManager:
    """A pool of ``nbuffers`` page slots over one storage manager."""

    def __init__(self, smgr: FileStorage | MemoryStorage, nbuffers: int = DEFAULT_NBUFFERS,
                 wal_flush=no_wal_flush):
        if nbuffers < 4:
            raise PgError(INVALID_PARAMETER_VALUE, f"{nbuffers} buffers is outside the valid range (4 .. )")
        self.smgr = smgr
        self.nbuffers = nbuffers
        # INV-STORAGE-5: called with a page's LSN before the page is written.
        self.wal_flush = wal_flush
        self.lock = threading.RLock()
        self.fsm = FreeSpaceMaps(smgr)
        self._mm = mmap.mmap(-1, nbuffers * BLCKSZ)
        self._mv = memoryview(self._mm)
        self._pages = [self._mv[i * BLCKSZ:(i + 1) * BLCKSZ] for i in range(nbuffers)]
        self._tags: list[tuple[RelFile, int] | None] = [None] * nbuffers
        self._pins = [0] * nbuffers
        self._usage = [0] * nbuffers
        self._dirty = bytearray(nbuffers)
        self._table: dict[tuple[RelFile, int], int] = {}
        self._free = list(range(nbuffers - 1, -1, -1))
        self._hand = 0
        self.stats = {"hits": 0, "reads": 0, "writes": 0, "evictions": 0}

    @classmethod
    def open(cls, datadir: str | None, nbuffers: int = DEFAULT_NBUFFERS, **kw) -> "BufferManager":
        """A pool over files in ``datadir``, or over memory when it is None
        or ':memory:'."""
        if datadir is None or datadir == ":memory:":
            return cls(MemoryStorage(), nbuffers, **kw)
        return cls(FileStorage(datadir), nbuffers, **kw)

    # -- pin / unpin ------------------------------------------------------------
    def pin(self, rel: RelFile, blkno: int) -> int:
        """ReadBuffer: the slot holding (rel, blkno), read in if needed, with
        its pin count raised.  Caller must ``unpin`` it."""
        key = (rel, blkno)
        with self.lock:
            b = self._table.get(key)
            if b is not None:
                self._pins[b] += 1
                if self._usage[b] < BM_MAX_USAGE_COUNT:
                    self._usage[b] += 1
                self.stats["hits"] += 1
                return b
            b = self._victim()
            try:
                self.smgr.read(rel, blkno, self._pages[b])
            except BaseException:
                self._free.append(b)
                raise
            self._install(b, key)
            self.stats["reads"] += 1
            return b

    def unpin(self, buf: int) -> None:
        """ReleaseBuffer."""
        with self.lock:
            if self._pins[buf] <= 0:
                raise PgError(INTERNAL_ERROR, f"buffer {buf} is not pinned")
            self._pins[buf] -= 1

    def page(self, buf: int) -> memoryview:
        """The slot's bytes (valid while the caller holds a pin)."""
        return self._pages[buf]

    def mark_dirty(self, buf: int) -> None:
        """MarkBufferDirty: the page must be written before eviction."""
        self._dirty[buf] = 1

    def buffer_tag(self, buf: int) -> tuple[RelFile, int] | None:
        return self._tags[buf]

    def _install(self, b: int, key) -> None:
        self._tags[b] = key
        self._table[key] = b
        self._pins[b] = 1
        self._usage[b] = 1
        self._dirty[b] = 0

    def _victim(self) -> int:
        """StrategyGetBuffer: a free slot, else clock sweep; a dirty victim is
        written out first.  Called with the lock held."""
        if self._free:
            return self._free.pop()
        pins, usage, n = self._pins, self._usage, self.nbuffers
        tries = n * (BM_MAX_USAGE_COUNT + 1)
        hand = self._hand
        while tries:
            b = hand
            hand = hand + 1 if hand + 1 < n else 0
            if pins[b] == 0:                   # INV-STORAGE-6: never a pinned slot
                if usage[b] == 0:
                    self._hand = hand
                    if self._dirty[b]:
                        self._write(b)
                    del self._table[self._tags[b]]
                    self._tags[b] = None
                    self.stats["evictions"] += 1
                    return b
                usage[b] -= 1
            tries -= 1
        self._hand = hand
        raise PgError(INTERNAL_ERROR, "no unpinned buffers available")

    def _write(self, b: int) -> None:
        """FlushBuffer: WAL first (INV-STORAGE-5), then the data page."""
        page = self._pages[b]
        self.wal_flush(page_get_lsn(page))
        rel, blkno = self._tags[b]
        self.smgr.write(rel, blkno, page)
        self._dirty[b] = 0
        self.stats["writes"] += 1

    # -- relation size and lifetime ---------------------------------------------
    def nblocks(self, rel: RelFile) -> int:
        """RelationGetNumberOfBlocks."""
        with self.lock:
            return self.smgr.nblocks(rel)

    def extend(self, rel: RelFile) -> tuple[int, int]:
        """ExtendBufferedRel: append a zeroed block; returns (blkno, pinned
        buffer).  The block reaches the file at once, like smgrextend, so
        nblocks() counts it (INV-STORAGE-4)."""
        with self.lock:
            blkno = self.smgr.nblocks(rel)
            self.smgr.extend(rel, blkno, _ZERO_PAGE)
            b = self._victim()
            self._pages[b][:] = _ZERO_PAGE
            self._install(b, (rel, blkno))
            return blkno, b

    def exists(self, rel: RelFile) -> bool:
        return self.smgr.exists(rel)

    def create(self, rel: RelFile) -> None:
        """smgrcreate: a new empty relation file."""
        with self.lock:
            self.smgr.create(rel)

    def unlink(self, rel: RelFile) -> None:
        """DROP: discard the relation's buffers unwritten, forget its FSM and
        remove its files."""
        with self.lock:
            self.drop_buffers(rel)
            self.fsm.forget(rel)
            self.smgr.unlink(rel)

    def truncate(self, rel: RelFile, nblocks: int = 0) -> None:
        """TRUNCATE (to 0) or shrink: discard buffers of blocks >= nblocks
        unwritten, then cut the file."""
        with self.lock:
            self.drop_buffers(rel, nblocks)
            self.smgr.truncate(rel, nblocks)
            self.fsm.truncate(rel, nblocks)

    def drop_buffers(self, rel: RelFile, first_block: int = 0) -> None:
        """DropRelationBuffers: forget (without writing) every buffer of
        ``rel`` at or past ``first_block``.  They must not be pinned."""
        with self.lock:
            for b, tag in enumerate(self._tags):
                if tag is not None and tag[0] == rel and tag[1] >= first_block:
                    if self._pins[b]:              # INV-STORAGE-6
                        raise PgError(INTERNAL_ERROR, f"cannot drop pinned buffer {b} of "
                                      f"relation {rel.relfilenode} block {tag[1]}")
                    del self._table[tag]
                    self._tags[b] = None
                    self._dirty[b] = 0
                    self._usage[b] = 0
                    self._free.append(b)

    # -- writing back -------------------------------------------------------------
    def flush(self, rel: RelFile) -> None:
        """FlushRelationBuffers: write every dirty buffer of ``rel``."""
        with self.lock:
            for b, tag in enumerate(self._tags):
                if tag is not None and tag[0] == rel and self._dirty[b]:
                    self._write(b)

    def flush_all(self) -> None:
        """Write every dirty buffer, in (relation, block) order."""
        with self.lock:
            order = sorted((tag, b) for b, tag in enumerate(self._tags)
                           if tag is not None and self._dirty[b])
            for _tag, b in order:
                self._write(b)

    def sync(self, rel: RelFile | None = None) -> None:
        """fsync relation files (one relation, or all) after flushing."""
        with self.lock:
            if rel is None:
                self.flush_all()
                self.smgr.sync_all()
            else:
                self.flush(rel)
                self.smgr.sync(rel)

    def checkpoint(self) -> None:
        """Make everything written so far durable: dirty pages, FSM side
        files, fsync.  (The WAL issue adds the checkpoint record.)"""
        with self.lock:
            self.flush_all()
            self.fsm.save_all()
            self.smgr.sync_all()

    def close(self) -> None:
        """Checkpoint, then release the pool and close the files."""
        with self.lock:
            if self._mm is None:
                return
            self.checkpoint()
            for p in self._pages:
                p.release()            # invalidates views still held elsewhere
            self._pages = []
            self._mv.release()
            try:
                self._mm.close()
            except BufferError:
                # a slice of a page taken by a caller is still alive; the
                # mapping is unmapped when that last view goes away
                self.stats["close_deferred"] = 1
            self._mm = None
            self.smgr.close()

    def __enter__(self) -> "BufferManager":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def pinned_count(self) -> int:
        """How many slots are pinned (tests check nothing leaks pins)."""
        with self.lock:
            return sum(1 for p in self._pins if p)

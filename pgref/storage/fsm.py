"""Free space map: which pages of a relation have room (storage/freespace).

Where it sits: beside the buffer manager (spec/05-storage.md, "Free space
map").  The heap asks it for a block with at least N free bytes before
falling back to extending the relation, so inserts never scan the whole
table.  It is a *hint*: callers re-check the page itself and report the real
free space back (INV-STORAGE-7), so a stale or lost map costs only space,
never correctness.

Representation: one byte per block, the *category* ``min(free // 32, 255)``
-- PostgreSQL's FSM uses the same 1/256-of-a-page granularity but keeps the
bytes in a tree of FSM pages; pgref keeps a flat ``bytearray`` and finds a
block with ``re.search`` over a byte class, which runs in C.  A block whose
category is c has at least c*32 free bytes.

Persistence: ``FreeSpaceMaps.save_all()`` (called by the buffer manager's
checkpoint and close) writes each map to the relation's ``_fsm`` side file.
On open a map whose length does not match the relation is discarded, and the
access method rebuilds it from the pages' own free space.

Entry points: FreeSpaceMaps(smgr).get(rel) / .put(rel, fsm) / .forget(rel) /
.save_all(); FreeSpaceMap.search(need) / .record(blkno, free) / .truncate(n).
"""
from __future__ import annotations

import re

FSM_CAT_STEP = 32

_patterns: dict[int, re.Pattern] = {}


def _pattern(cat: int) -> re.Pattern:
    p = _patterns.get(cat)
    if p is None:
        p = _patterns[cat] = re.compile(b"[" + re.escape(bytes([cat])) + b"-\xff]")
    return p


class FreeSpaceMap:
    """Free-space categories of one relation's blocks."""

    __slots__ = ("cats", "dirty")

    def __init__(self, cats: bytearray | None = None):
        self.cats = cats if cats is not None else bytearray()
        self.dirty = False

    def __len__(self) -> int:
        return len(self.cats)

    def record(self, blkno: int, free: int) -> None:
        """RecordPageWithFreeSpace."""
        cat = free // FSM_CAT_STEP
        if cat > 255:
            cat = 255
        cats = self.cats
        if blkno >= len(cats):
            cats.extend(bytes(blkno + 1 - len(cats)))
        if cats[blkno] != cat:
            cats[blkno] = cat
            self.dirty = True

    def search(self, need: int, start: int = 0) -> int | None:
        """GetPageWithFreeSpace: a block believed to have >= need bytes free,
        or None.  Prefers the first such block at or after ``start``."""
        cat = -(-need // FSM_CAT_STEP)
        if cat > 255:
            return None
        if cat == 0:
            cat = 1
        pat = _pattern(cat)
        m = pat.search(self.cats, start)
        if m is None and start:
            m = pat.search(self.cats, 0, start)
        return m.start() if m is not None else None

    def truncate(self, nblocks: int) -> None:
        del self.cats[nblocks:]
        self.dirty = True


class FreeSpaceMaps:
    """The free space maps of every open relation, keyed by RelFile."""

    def __init__(self, smgr):
        self.smgr = smgr
        self._maps: dict = {}

    def get(self, rel, nblocks: int) -> FreeSpaceMap | None:
        """The relation's map, loaded from its side file if it matches the
        relation's ``nblocks``; None when it must be rebuilt."""
        m = self._maps.get(rel)
        if m is not None:
            return m
        data = self.smgr.read_side(rel, "fsm")
        if data is None or len(data) != nblocks:
            return None
        m = self._maps[rel] = FreeSpaceMap(bytearray(data))
        return m

    def cached(self, rel) -> FreeSpaceMap | None:
        """The map if it is already loaded (no I/O)."""
        return self._maps.get(rel)

    def truncate(self, rel, nblocks: int) -> None:
        m = self._maps.get(rel)
        if m is not None:
            m.truncate(nblocks)

    def put(self, rel, fsm: FreeSpaceMap) -> None:
        fsm.dirty = True
        self._maps[rel] = fsm

    def forget(self, rel) -> None:
        self._maps.pop(rel, None)

    def save_all(self) -> None:
        for rel, m in self._maps.items():
            if m.dirty and self.smgr.exists(rel):
                self.smgr.write_side(rel, "fsm", bytes(m.cats))
                m.dirty = False

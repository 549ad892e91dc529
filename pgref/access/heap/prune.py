"""Removing dead heap tuples from pages (PostgreSQL's pruneheap.c and the
heap passes of vacuumlazy.c).

Where it sits: ``access/heap/``, called by ``engine/vacuum.py``
(spec/08-mvcc.md, "VACUUM and ANALYZE").  Whether a tuple is dead is *not*
decided here: the caller passes ``classify(header) -> LIVE | DEAD |
RECENTLY_DEAD | IN_PROGRESS`` (the MVCC layer's HeapTupleSatisfiesVacuum
against the removal horizon).  This module only changes pages, in PostgreSQL's
two steps, so that no index entry ever points at a reused line pointer
(INV-MVCC-8):

1. :func:`prune_page` -- every DEAD tuple's line pointer becomes LP_DEAD and
   the page is compacted (PageRepairFragmentation): the tuple storage is
   free, the line pointer is not, so its TID cannot be handed out again;
2. (the caller removes the index entries of those TIDs: btree bulk delete)
3. :func:`reap_page` -- the LP_DEAD pointers become LP_UNUSED and may be
   reused by later inserts; trailing unused pointers vanish.

Offset numbers of the surviving tuples never change (INV-STORAGE-3).

Entry points: prune_page(heap, blkno, classify) -> PageCounts,
reap_page(heap, blkno, offsets) -> free bytes, truncate_empty_tail(heap) -> new nblocks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pgref.access.heap.tuple import header_of
from pgref.storage.page import (
    LP_DEAD, LP_NORMAL, page_get_itemid, page_heap_free_space, page_is_new, page_mark_dead,
    page_mark_unused, page_max_offset, page_repair_fragmentation,
)

LIVE, DEAD, RECENTLY_DEAD, IN_PROGRESS = "live", "dead", "recently dead", "in progress"


@dataclass
class PageCounts:
    """What one page held, as vacuum and analyze report it."""
    dead: list = field(default_factory=list)      # offsets just marked LP_DEAD
    live: int = 0                                  # LIVE tuples
    recently_dead: int = 0                         # dead, but a snapshot may still see them
    in_progress: int = 0                           # inserted/deleted by running transactions
    all_visible: bool = True                       # every tuple LIVE (and old enough)
    empty: bool = False                            # no line pointers in use


def prune_page(heap, blkno: int, classify, live_values=None) -> PageCounts:
    """Mark the DEAD tuples of block ``blkno`` LP_DEAD and compact the page.
    ``live_values(values)`` (optional) is called with the values of each
    LIVE tuple (ANALYZE's sample).  Also counts what stays."""
    bm, rel = heap.bm, heap.rel
    buf = bm.pin(rel, blkno)
    counts = PageCounts()
    try:
        page = bm.page(buf)
        if page_is_new(page):
            counts.empty = True
            return counts
        nline = page_max_offset(page)
        in_use = 0
        for off in range(1, nline + 1):
            lp_off, flags, lp_len = page_get_itemid(page, off)
            if flags == LP_DEAD:
                counts.dead.append(off)           # left by an interrupted vacuum: reap it too
                continue
            if flags != LP_NORMAL:
                continue
            hdr = header_of(page, lp_off)
            state = classify(hdr)
            if state == DEAD:
                heap.toast_delete(page, lp_off)   # its out-of-line values go too (toast.py)
                page_mark_dead(page, off)
                counts.dead.append(off)
                continue
            in_use += 1
            if state == LIVE:
                counts.live += 1
                if live_values is not None:
                    live_values(heap._values(page, lp_off))
            elif state == RECENTLY_DEAD:
                counts.recently_dead += 1
                counts.all_visible = False
            else:
                counts.in_progress += 1
                counts.all_visible = False
        if counts.dead:
            page_repair_fragmentation(page)
            bm.mark_dirty(buf)
        counts.empty = in_use == 0
        return counts
    finally:
        bm.unpin(buf)


def reap_page(heap, blkno: int, offsets) -> int:
    """Turn the LP_DEAD pointers ``offsets`` of block ``blkno`` into unused
    ones (their index entries are gone) and compact; records and returns the
    page's free space."""
    bm, rel = heap.bm, heap.rel
    buf = bm.pin(rel, blkno)
    try:
        page = bm.page(buf)
        for off in offsets:
            if page_get_itemid(page, off)[1] == LP_DEAD:
                page_mark_unused(page, off)
        page_repair_fragmentation(page)
        bm.mark_dirty(buf)
        free = page_heap_free_space(page)
    finally:
        bm.unpin(buf)
    heap._fsm().record(blkno, free)
    return free


def page_in_use(heap, blkno: int) -> bool:
    """Does block ``blkno`` hold any line pointer that is not unused?"""
    bm, rel = heap.bm, heap.rel
    buf = bm.pin(rel, blkno)
    try:
        page = bm.page(buf)
        if page_is_new(page):
            return False
        return any(page_get_itemid(page, off)[1] != 0 for off in range(1, page_max_offset(page) + 1))
    finally:
        bm.unpin(buf)


def truncate_empty_tail(heap) -> int:
    """lazy_truncate_heap: cut trailing blocks that hold no line pointer in
    use.  Returns the new number of blocks."""
    n = heap.nblocks()
    keep = n
    while keep > 0 and not page_in_use(heap, keep - 1):
        keep -= 1
    if keep < n:
        heap.bm.truncate(heap.rel, keep)          # drops buffers and the FSM tail too
        heap._last_block = 0
    return keep

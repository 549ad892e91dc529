"""Combo command ids (PostgreSQL's utils/time/combocid.c).

Where it sits: heap tuple headers have one 32-bit field for both cmin and
cmax (spec/06-access.md, "Heap tuple format").  When a transaction deletes
or updates a tuple that it inserted itself, both are needed, so the header
stores a *combo* id -- an index into this transaction-local table of
(cmin, cmax) pairs -- and sets HEAP_COMBOCID.  The MVCC layer owns one
ComboCids per top-level transaction and passes it to heap delete/update;
it is discarded at transaction end, exactly like PostgreSQL's.

Entry points: ComboCids().get_combo(cmin, cmax) -> int, .cmin(combo),
.cmax(combo); header_cmin(header, combocids), header_cmax(header, combocids).
"""
from __future__ import annotations

from pgref.access.heap.tuple import HEAP_COMBOCID


class ComboCids:
    """Transaction-local map combo id <-> (cmin, cmax)."""

    __slots__ = ("_pairs", "_index")

    def __init__(self):
        self._pairs: list[tuple[int, int]] = []
        self._index: dict[tuple[int, int], int] = {}

    def get_combo(self, cmin: int, cmax: int) -> int:
        key = (cmin, cmax)
        combo = self._index.get(key)
        if combo is None:
            combo = self._index[key] = len(self._pairs)
            self._pairs.append(key)
        return combo

    def cmin(self, combo: int) -> int:
        return self._pairs[combo][0]

    def cmax(self, combo: int) -> int:
        return self._pairs[combo][1]

    def __len__(self) -> int:
        return len(self._pairs)


def header_cmin(header, combocids: ComboCids | None) -> int:
    """HeapTupleHeaderGetCmin (only meaningful to the inserting transaction)."""
    if header.infomask & HEAP_COMBOCID:
        return combocids.cmin(header.cid)
    return header.cid


def header_cmax(header, combocids: ComboCids | None) -> int:
    """HeapTupleHeaderGetCmax (only meaningful to the deleting transaction)."""
    if header.infomask & HEAP_COMBOCID:
        return combocids.cmax(header.cid)
    return header.cid

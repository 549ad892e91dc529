"""Tuple visibility under a snapshot (PostgreSQL's heapam_visibility.c,
HeapTupleSatisfiesMVCC).

Where it sits: ``mvcc/`` (spec/08-mvcc.md, "Visibility").  A snapshot is
PostgreSQL's triple plus the reader's own identity:

    xmin   every xid below it had finished when the snapshot was taken
    xmax   every xid at or above it had not started
    xip    the xids in between that were still running
    mine   the reader's own (sub)transaction ids that have not aborted
    curcid the reader's command counter: its own changes made by earlier
           commands are visible, those of the current command are not

A tuple version is visible when its inserting transaction counts as
committed for the snapshot (or is the reader's own, from an earlier
command) and its deleting transaction, if any, does not (INV-MVCC-2).

    xmin \\ xmax      none   aborted   mine(<cid)  mine(>=cid)  running  committed
    committed-before   yes    yes       no          yes          yes      no
    mine (cmin<cid)    yes    yes       no          yes          -        -
    running/aborted    no     no        no          no           no       no
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pgref.access.heap.combocid import header_cmax, header_cmin
from pgref.access.heap.tuple import HEAP_XMAX_INVALID, HEAP_XMAX_LOCK_ONLY
from pgref.mvcc.clog import COMMITTED


@dataclass
class Snapshot:
    xmin: int
    xmax: int
    xip: frozenset[int]
    mine: frozenset[int] = frozenset()
    curcid: int = 0
    combocids: object = None
    clog: object = None

    def committed(self, xid: int) -> bool:
        """Did ``xid`` commit before this snapshot was taken?"""
        if xid >= self.xmax or xid in self.xip:
            return False
        return self.clog.status(xid) == COMMITTED

    def visible(self, hdr) -> bool:
        xmin = hdr.xmin
        if xmin in self.mine:
            if header_cmin(hdr, self.combocids) >= self.curcid:
                return False                      # inserted by this command or later
        elif not self.committed(xmin):
            return False
        xmax = hdr.xmax
        if hdr.infomask & HEAP_XMAX_INVALID or xmax == 0 or hdr.infomask & HEAP_XMAX_LOCK_ONLY:
            return True
        if xmax in self.mine:
            return header_cmax(hdr, self.combocids) >= self.curcid   # deleted by a later command
        return not self.committed(xmax)

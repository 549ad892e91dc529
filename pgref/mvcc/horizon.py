"""The removal horizon and HeapTupleSatisfiesVacuum (PostgreSQL's
procarray.c GetOldestNonRemovableTransactionId and heapam_visibility.c
HeapTupleSatisfiesVacuum).

Where it sits: ``mvcc/`` (spec/08-mvcc.md, "VACUUM and ANALYZE").  VACUUM
may remove a tuple version only if no snapshot, present or future, can
see it.  Every snapshot's xmin is at least the *horizon*:

    horizon = min(next xid,
                  every running xid of other transactions,
                  the oldest xmin of any snapshot another transaction took)

The last term matters for repeatable read: a transaction keeps its first
snapshot, whose xmin may be older than every xid still running
(``Cluster.snapshot_xmins`` records it, like PostgreSQL's MyProc->xmin,
until the transaction ends).  A version whose deleter committed and is
older than the horizon is invisible to all of them (INV-MVCC-4).

Entry points: removal_horizon(db, own_xids) -> xid,
classify_for_vacuum(db, horizon) -> classify(header) -> LIVE | DEAD | ...
"""
from __future__ import annotations

from pgref.access.heap.prune import DEAD, IN_PROGRESS, LIVE, RECENTLY_DEAD
from pgref.access.heap.tuple import (HEAP_XMAX_INVALID, HEAP_XMAX_IS_MULTI, HEAP_XMAX_LOCK_ONLY,
                                     HEAP_XMIN_COMMITTED, HEAP_XMIN_INVALID)
from pgref.mvcc.clog import COMMITTED


def removal_horizon(db, own_xids=()) -> int:
    """The oldest xid some snapshot of another transaction may still
    consider running (own_xids: the vacuuming transaction's, ignored --
    PostgreSQL's VACUUM holds no xid and no snapshot while it prunes)."""
    db = getattr(db, "cluster", db)           # the proc array is the cluster's
    own = set(own_xids)
    horizon = db.next_xid
    for x in db.running:
        if x not in own and x < horizon:
            horizon = x
    for top, xmin in db.snapshot_xmins.items():
        if top not in own and xmin < horizon:
            horizon = xmin
    return horizon


def classify_for_vacuum(db, horizon: int):
    """HeapTupleSatisfiesVacuum against ``horizon``.  A transaction that is
    neither running nor committed aborted (or crashed: INV-MVCC-1)."""
    db = getattr(db, "cluster", db)
    running = db.running
    clog = db.clog

    def committed(x: int) -> bool:
        return x not in running and clog.status(x) == COMMITTED

    def classify(hdr) -> str:
        m = hdr.infomask
        xmin = hdr.xmin
        if m & HEAP_XMIN_INVALID and not m & HEAP_XMIN_COMMITTED:
            return DEAD                                   # inserter aborted (hint)
        if not (m & HEAP_XMIN_COMMITTED):
            if xmin in running:
                return IN_PROGRESS                        # insert in progress
            if not committed(xmin):
                return DEAD                               # aborted insert
        if m & HEAP_XMAX_INVALID or hdr.xmax == 0 or m & (HEAP_XMAX_LOCK_ONLY | HEAP_XMAX_IS_MULTI):
            return LIVE
        xmax = hdr.xmax
        if xmax in running:
            return IN_PROGRESS                            # delete in progress
        if not committed(xmax):
            return LIVE                                   # deleter aborted
        return DEAD if xmax < horizon else RECENTLY_DEAD

    return classify



def dead_index_entry_killer(ectx, relid: int, index_oid: int, heap, index):
    """PostgreSQL's kill_prior_tuple, for one index scan: remember the TIDs
    the scan fetched that are DEAD to every snapshot (INV-MVCC-4), and
    remove their index entries when the scan ends (``finish()``), so later
    scans of a hot row do not walk its whole history.  The heap tuples stay
    (VACUUM reclaims them; their line pointers are not reused before, so
    INV-MVCC-8 holds).  Returns (note(tid), finish()).  Indexes over
    expressions or with a predicate are left alone (the key could not be
    rebuilt from the heap tuple alone)."""
    db = ectx.tables
    rel = ectx.cat.relation(relid)
    idx = next((i for i in rel.indexes if i.oid == index_oid), None)
    x = getattr(ectx.session, "xact", None) if ectx.session is not None else None
    if idx is None or idx.predicate is not None or x is None or not hasattr(index, "bt"):
        return None, None
    dead: list = []
    state = {}

    def note(tid) -> None:
        hdr = heap.fetch_header(tid)
        if hdr is None or hdr.infomask & HEAP_XMAX_INVALID or hdr.xmax == 0:
            return
        classify = state.get("classify")
        if classify is None:
            # the scanning transaction's own snapshots count too: a cursor it
            # opened earlier may still need entries this statement cannot see
            classify = state["classify"] = classify_for_vacuum(db, removal_horizon(db))
        if classify(hdr) == DEAD:
            dead.append(tid)

    def finish() -> None:
        for tid in dead:
            got = heap.fetch(tid)
            if got is not None:
                index.bt.delete(tuple(got[1][a - 1] for a in idx.columns), tid)
        dead.clear()

    return note, finish

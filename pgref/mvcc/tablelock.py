"""Table-level (heavyweight relation) locks: PostgreSQL's eight lock modes
on relations, held until the end of the transaction that took them
(lmgr.c LockRelationOid and lock.c's conflict table, reduced to relations).

Where it sits: ``mvcc/`` (spec/08-mvcc.md, "Table locks").  pgref runs one
statement at a time under the cluster's statement lock, so ordinary DML and
DDL need no table locks to be correct within a statement.  What a table lock
adds is *between* statements of different transactions: after ``LOCK TABLE
t IN EXCLUSIVE MODE`` another transaction's ``LOCK TABLE t`` must wait, or
fail at once with NOWAIT.  Only the LOCK statement (engine/lockcmds.py)
takes these locks so far; other statements do not take table locks yet
(so an INSERT is not blocked by another transaction's LOCK ... EXCLUSIVE).

Guarantees:

* INV-MVCC-TL-1: two transactions never hold conflicting modes on the same
  relation at once; the conflict relation is PostgreSQL's LockConflicts
  table (``CONFLICTS`` below).  A transaction never conflicts with itself.
* INV-MVCC-TL-2: a lock is held exactly while the transaction that took it
  is its session's current transaction.  Ownership is recorded as (session,
  Transaction object); a holder whose session has moved on (COMMIT,
  ROLLBACK, or a new transaction) no longer counts and is purged lazily --
  so no commit or abort hook is needed.
* A waiter sleeps on the condition of the cluster's row-level wait table
  (mvcc/xactlock.py), which is notified whenever transactions end, and
  re-checks at least every ``poll`` seconds; cancel requests are honoured
  while asleep.  Waiting in a cycle raises 40P01 "deadlock detected".

Entry points: table_locks(cluster) -> TableLockTable;
TableLockTable.acquire(session, dbkey, relid, mode, relname, nowait),
.held(dbkey) -> [(relid, mode name, session)].
"""
from __future__ import annotations

import threading
import weakref

from pgref.errors import DEADLOCK_DETECTED, PgError

ACCESS_SHARE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE = 1, 2, 3, 4
SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE = 5, 6, 7, 8

MODE_NAMES = {1: "AccessShareLock", 2: "RowShareLock", 3: "RowExclusiveLock",
              4: "ShareUpdateExclusiveLock", 5: "ShareLock", 6: "ShareRowExclusiveLock",
              7: "ExclusiveLock", 8: "AccessExclusiveLock"}

# lock.c LockConflicts: the modes each mode conflicts with
CONFLICTS: dict[int, frozenset] = {
    1: frozenset({8}),
    2: frozenset({7, 8}),
    3: frozenset({5, 6, 7, 8}),
    4: frozenset({4, 5, 6, 7, 8}),
    5: frozenset({3, 4, 6, 7, 8}),
    6: frozenset({3, 4, 5, 6, 7, 8}),
    7: frozenset({2, 3, 4, 5, 6, 7, 8}),
    8: frozenset({1, 2, 3, 4, 5, 6, 7, 8}),
}

LOCK_NOT_AVAILABLE = "55P03"


class _Holder:
    """One transaction's modes on one relation."""
    __slots__ = ("session", "xact", "modes")

    def __init__(self, session, xact):
        self.session = session
        self.xact = xact
        self.modes: set[int] = set()

    def alive(self) -> bool:
        return self.session.xact is self.xact and self.xact is not None


class TableLockTable:
    """The relation locks of one cluster."""

    def __init__(self, cond: threading.Condition):
        self.cond = cond
        # (dbkey, relid) -> {id(session): _Holder}
        self.locks: dict[tuple, dict[int, _Holder]] = {}
        # id(waiting session) -> set of id(holding sessions) it waits for
        self.waits: dict[int, set[int]] = {}

    def _holders(self, key) -> dict[int, _Holder]:
        hs = self.locks.get(key)
        if hs is None:
            return {}
        for sid in [s for s, h in hs.items() if not h.alive()]:
            del hs[sid]                      # INV-MVCC-TL-2: the transaction has ended
        if not hs:
            del self.locks[key]
            return {}
        return hs

    def _blockers(self, session, key, mode: int) -> set[int]:
        """The sessions whose held modes conflict with ``mode`` (INV-MVCC-TL-1)."""
        conflicts = CONFLICTS[mode]
        return {sid for sid, h in self._holders(key).items()
                if sid != id(session) and h.modes & conflicts}

    def _closes_cycle(self, me: int, blockers: set[int]) -> bool:
        seen, stack = set(), list(blockers)
        while stack:
            sid = stack.pop()
            if sid == me:
                return True
            if sid in seen:
                continue
            seen.add(sid)
            stack.extend(self.waits.get(sid, ()))
        return False

    def acquire(self, session, dbkey, relid: int, mode: int, relname: str, nowait: bool = False,
                check_cancel=None, poll: float = 0.2) -> None:
        """LockRelationOid: take ``mode`` on ``relid`` for the session's
        current transaction, waiting while another transaction holds a
        conflicting mode (or raising 55P03 at once with ``nowait``)."""
        key = (dbkey, relid)
        me = id(session)
        with self.cond:
            blockers = self._blockers(session, key, mode)
            if blockers and nowait:
                raise PgError(LOCK_NOT_AVAILABLE, f'could not obtain lock on relation "{relname}"')
            if blockers:
                try:
                    while blockers:
                        if self._closes_cycle(me, blockers):
                            raise PgError(DEADLOCK_DETECTED, "deadlock detected",
                                          detail=f"Process waits for {MODE_NAMES[mode]} on relation "
                                                 f"{relid}; blocked by another process.",
                                          hint="See server log for query details.")
                        self.waits[me] = blockers
                        if check_cancel is not None:
                            check_cancel()
                        self.cond.wait(poll)
                        blockers = self._blockers(session, key, mode)
                finally:
                    self.waits.pop(me, None)
            hs = self.locks.setdefault(key, {})
            holder = hs.get(me)
            if holder is None or not holder.alive():
                holder = hs[me] = _Holder(session, session.xact)
            holder.modes.add(mode)

    def held(self, dbkey) -> list[tuple[int, str, object]]:
        """The live locks in database ``dbkey``: (relid, mode name, session)."""
        out = []
        with self.cond:
            for key in list(self.locks):
                if key[0] != dbkey:
                    continue
                for h in self._holders(key).values():
                    out.extend((key[1], MODE_NAMES[m], h.session) for m in sorted(h.modes))
        return out


_TABLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_TABLES_GUARD = threading.Lock()


def table_locks(cluster) -> TableLockTable:
    """The cluster's relation lock table (made on first use; it shares the
    condition of the cluster's transaction-wait table, which is notified
    whenever transactions end)."""
    with _TABLES_GUARD:
        t = _TABLES.get(cluster)
        if t is None:
            t = _TABLES[cluster] = TableLockTable(cluster.xactlocks.cond)
        return t

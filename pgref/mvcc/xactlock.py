"""Transaction locks: waiting for another transaction to end, and the
deadlock check (PostgreSQL's XactLockTableWait in lmgr.c, and the
wait-for graph of deadlock.c reduced to transaction waits).

Where it sits: ``mvcc/`` (spec/08-mvcc.md, "Row-level waits").  In
PostgreSQL every transaction holds an exclusive lock on its own xid until
it ends; a backend that meets a row version changed by a transaction still
in progress takes a share lock on that xid, i.e. sleeps until the holder
commits or aborts.  pgref has no lock manager, so the same contract is kept
with one condition variable over the cluster's statement lock:

* a transaction "holds its xid" exactly while the xid is in
  ``Cluster.running`` (the proc array);
* :meth:`XactLockTable.wait` sleeps on the condition until the xid has left
  ``running``.  ``Condition.wait`` releases the statement lock completely
  while sleeping (it is an ``RLock``; all recursion levels are saved and
  restored), so the holder's session can run its COMMIT or ROLLBACK --
  statements of different sessions interleave only at these waits
  (INV-MVCC-6);
* :meth:`XactLockTable.wake` is called by ``Cluster.finish_xids`` whenever
  xids end, and wakes every waiter to re-check its xid.

Deadlock detection (INV-MVCC-7): before sleeping, the waiter records the
edge "my transaction's xids -> the awaited xid" and follows the chain of
edges from the awaited xid (the holder may itself be waiting, and so on).
If the chain comes back to one of the waiter's own xids, the waiter raises
40P01 "deadlock detected" at once -- PostgreSQL runs the same check after
``deadlock_timeout`` and also picks the process that closes the cycle.

Entry points: XactLockTable(lock).wait(xid, mine, running, ...),
.wake(), .waiting_for(xids).
"""
from __future__ import annotations

import threading

from pgref.errors import DEADLOCK_DETECTED, PgError


class XactLockTable:
    """Waiters for transaction ends, and their wait-for edges."""

    def __init__(self, lock):
        self.cond = threading.Condition(lock)
        # waiter key -> (frozenset of the waiter's xids, awaited xid, pid)
        self.edges: dict[int, tuple[frozenset, int, int]] = {}

    def wake(self) -> None:
        """Some transactions ended: every waiter re-checks its xid."""
        with self.cond:
            self.cond.notify_all()

    def _holder_edge(self, xid: int):
        for key, (xids, awaited, pid) in self.edges.items():
            if xid in xids:
                return key, awaited, pid
        return None

    def _find_cycle(self, mine: frozenset, xid: int) -> list | None:
        """The chain of (pid, awaited xid) from ``xid``'s holder back to
        ``mine``, or None when the holder's chain ends elsewhere."""
        chain = []
        seen = set()
        cur = xid
        while True:
            edge = self._holder_edge(cur)
            if edge is None:
                return None
            key, awaited, pid = edge
            if key in seen:
                return None                     # a cycle not involving us: someone else's to break
            seen.add(key)
            chain.append((pid, awaited))
            if awaited in mine:
                return chain
            cur = awaited

    def waiting_for(self, xids) -> int | None:
        """The xid the transaction owning ``xids`` is waiting for, if any."""
        for _key, (mine, awaited, _pid) in self.edges.items():
            if mine & set(xids):
                return awaited
        return None

    def wait(self, xid: int, mine: frozenset, running: set, pid: int = 0, check_cancel=None, poll: float = 0.2) -> None:
        """XactLockTableWait: sleep until ``xid`` is no longer in
        ``running``.  The caller holds the database lock (the condition's
        lock).  Raises 40P01 if waiting would close a cycle, and whatever
        ``check_cancel()`` raises (query cancel) while asleep."""
        if xid not in running:
            return
        key = id(threading.current_thread()) ^ hash(mine)
        with self.cond:
            cycle = self._find_cycle(mine, xid)
            if cycle is not None:
                raise _deadlock_error(pid, xid, cycle)
            self.edges[key] = (mine, xid, pid)
            try:
                while xid in running:
                    if check_cancel is not None:
                        check_cancel()
                    self.cond.wait(poll)
            finally:
                del self.edges[key]


def _deadlock_error(pid: int, xid: int, cycle: list) -> PgError:
    """PostgreSQL's DETAIL: one line per process of the cycle.  ``cycle``
    lists (holder pid, xid that holder awaits) from the awaited xid's
    holder round to the last process, whose awaited xid is ours."""
    lines = []
    me, waits = pid, xid
    for holder, awaited in cycle:
        lines.append(f"Process {me} waits for ShareLock on transaction {waits}; blocked by process {holder}.")
        me, waits = holder, awaited
    lines.append(f"Process {me} waits for ShareLock on transaction {waits}; blocked by process {pid}.")
    return PgError(DEADLOCK_DETECTED, "deadlock detected", detail="\n".join(lines),
                   hint="See server log for query details.")

"""SQL cursors: DECLARE, FETCH, MOVE, CLOSE and the pg_cursors view.

Where it sits: engine/, beside prepared statements (spec/09-engine.md,
"Cursors").  The session keeps its open cursors by name; FETCH and MOVE
are utility statements dispatched here by engine/utility.py.

A cursor is PostgreSQL's portal for a SELECT:

* The query is planned at DECLARE and its executor is started then, with
  the snapshot and command id of that moment (INV-CURSOR-1): later changes,
  even by the same transaction, are not seen through it, as in PostgreSQL.
  Rows are pulled from the executor lazily, one batch at a time, so an error
  surfaces at a FETCH, not at DECLARE -- but at the FETCH that reaches the
  failing row's batch (up to a heap page of rows), which may be earlier
  than PostgreSQL, whose executor is row at a time.
* Every row pulled is kept, which gives backward and absolute fetches the
  rows the executor already produced (PostgreSQL re-runs the plan backward;
  the answer is the same).  A cursor that is NO SCROLL -- written so, or
  declared without SCROLL over a plan PostgreSQL cannot run backward --
  refuses every backward movement with 55000 "cursor can only scan forward"
  (INV-CURSOR-2).
* Position bookkeeping is PostgreSQL's (portalPos, atStart, atEnd) and the
  direction arithmetic is a line-by-line port of pquery.c's
  DoPortalRunFetch, so FETCH/MOVE counts and the rows returned match
  PostgreSQL for every direction, including the odd corners (FETCH 0
  re-fetches the current row, MOVE BACKWARD ALL counts to the start).
* A cursor declared in a transaction block is closed at its end; WITH HOLD
  cursors are read to completion at COMMIT and survive it (they are closed
  by a ROLLBACK of the transaction that declared them), as PortalHoldCursor
  does.  A ROLLBACK TO SAVEPOINT closes the cursors declared after the
  savepoint (INV-CURSOR-3).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from pgref.errors import PgError
from pgref.sql import ast as A

FETCH_ALL = -1
_UNIX_TO_PG_EPOCH_US = 946_684_800 * 1_000_000   # 2000-01-01 in Unix microseconds

_NO_SCROLL_HINT = "Declare it with SCROLL option to enable backward scan."


@dataclass
class Cursor:
    name: str
    statement: str
    planned: object
    columns: list
    rows_iter: object                      # iterator of rows from the executor
    scroll: bool
    holdable: bool
    binary: bool
    level: int                             # savepoint depth at DECLARE
    xact: object                           # the declaring transaction
    created: float = field(default_factory=time.time)
    rows: list = field(default_factory=list)
    exhausted: bool = False
    failed: bool = False
    # PostgreSQL's portal position: the executor sits on row ``cur``
    # (1-based; 0 = before the first row, len+1 = after the last)
    cur: int = 0
    pos: int = 0
    at_start: bool = True
    at_end: bool = False

    # ------------------------------------------------------------ rows
    def _fill(self, n: int) -> bool:
        """Make rows[n - 1] available if the query has it."""
        while len(self.rows) < n and not self.exhausted:
            try:
                self.rows.append(next(self.rows_iter))
            except StopIteration:
                self.exhausted = True
        return len(self.rows) >= n

    def read_all(self) -> None:
        while not self.exhausted:
            self._fill(len(self.rows) + 1024)

    # ------------------------------------------------------------ PortalRunSelect
    def _run_select(self, forward: bool, count: int, out: list | None) -> int:
        """Move ``count`` rows (FETCH_ALL = all) in a direction, collecting
        them into ``out`` unless it is None (MOVE).  Returns rows processed."""
        if forward:
            moving = not (self.at_end or (count <= 0 and count != FETCH_ALL))
            n = 0
            if moving:
                while count == FETCH_ALL or n < count:
                    if not self._fill(self.cur + 1):
                        self.cur = len(self.rows) + 1
                        break
                    self.cur += 1
                    n += 1
                    if out is not None:
                        out.append(self.rows[self.cur - 1])
                if n > 0:
                    self.at_start = False
                if count == FETCH_ALL or n < count:
                    self.at_end = True
                self.pos += n
            return n
        if not self.scroll:
            raise PgError("55000", "cursor can only scan forward", hint=_NO_SCROLL_HINT)
        moving = not (self.at_start or (count <= 0 and count != FETCH_ALL))
        n = 0
        if moving:
            if self.cur > len(self.rows):
                self.read_all()
                self.cur = len(self.rows) + 1
            while count == FETCH_ALL or n < count:
                if self.cur - 1 < 1:
                    self.cur = 0
                    break
                self.cur -= 1
                n += 1
                if out is not None:
                    out.append(self.rows[self.cur - 1])
            if n > 0 and self.at_end:
                self.at_end = False
                self.pos += 1
            if count == FETCH_ALL or n < count:
                self.at_start = True
                self.pos = 0
            else:
                self.pos -= n
        return n

    def _rewind(self) -> None:
        if self.at_start and not self.at_end:
            return
        if not self.scroll:
            raise PgError("55000", "cursor can only scan forward", hint=_NO_SCROLL_HINT)
        self.cur = 0
        self.at_start, self.at_end, self.pos = True, False, 0

    # ------------------------------------------------------------ DoPortalRunFetch
    def fetch(self, direction: str, count: int, out: list | None) -> int:
        if direction == "forward" and count < 0 and count != FETCH_ALL:
            direction, count = "backward", -count
        elif direction == "backward" and count < 0 and count != FETCH_ALL:
            direction, count = "forward", -count
        elif direction == "absolute":
            if count > 0:
                if count - 1 <= self.pos // 2:
                    self._rewind()
                    if count > 1:
                        self._run_select(True, count - 1, None)
                else:
                    p = self.pos + (1 if self.at_end else 0)
                    if count <= p:
                        self._run_select(False, p - count + 1, None)
                    elif count > p + 1:
                        self._run_select(True, count - p - 1, None)
                return self._run_select(True, 1, out)
            if count < 0:
                self._run_select(True, FETCH_ALL, None)
                if count < -1:
                    self._run_select(False, -count - 1, None)
                return self._run_select(False, 1, out)
            self._rewind()
            return self._run_select(True, 0, out)
        elif direction == "relative":
            if count > 0:
                if count > 1:
                    self._run_select(True, count - 1, None)
                return self._run_select(True, 1, out)
            if count < 0:
                if count < -1:
                    self._run_select(False, -count - 1, None)
                return self._run_select(False, 1, out)
            direction = "forward"
        forward = direction == "forward"
        if count == 0:
            on_row = not self.at_start and not self.at_end
            if out is None:
                return 1 if on_row else 0
            if on_row:
                self._run_select(False, 1, None)
                count, forward = 1, True
        if not forward and count == FETCH_ALL and out is None:
            result = self.pos
            if result > 0 and not self.at_end:
                result -= 1
            self._rewind()
            return result
        return self._run_select(forward, count, out)


# ====================================================================== plans
_BACKWARD_OK = {"SeqScan", "IndexScan", "Sort", "Result", "Project", "Filter", "Limit", "Append",
                "Distinct", "ValuesScan", "FunctionScan", "SubqueryScan", "Material", "WorkTableScan"}


def supports_backward(plan) -> bool:
    """ExecSupportsBackwardScan: can every node run in reverse?  Joins,
    aggregation and set operations cannot (in PostgreSQL either)."""
    if type(plan).__name__ not in _BACKWARD_OK:
        return False
    return all(supports_backward(sub) for sub in plan.children())


# ====================================================================== statements
def declare_cursor(session, s: A.DeclareCursorStmt, text: str):
    from pgref.engine.session import Result
    from pgref.executor.run import run_plan
    opts = s.options
    holdable = bool(opts & A.CURSOR_OPT_HOLD)
    if not holdable and (session.xact is None or session.implicit):
        raise PgError("25P01", "DECLARE CURSOR can only be used in transaction blocks")
    if s.portalname in session.cursors:
        raise PgError("42P03", f'cursor "{s.portalname}" already exists')
    if (opts & A.CURSOR_OPT_SCROLL) and (opts & A.CURSOR_OPT_NO_SCROLL):
        raise PgError("42P11", "cannot specify both SCROLL and NO SCROLL")
    query = s.query
    if query.into_clause is not None:
        raise PgError("42601", "SELECT ... INTO is not allowed here")
    if query.locking_clause and holdable:
        raise PgError("0A000", "DECLARE CURSOR WITH HOLD ... FOR UPDATE is not supported",
                      detail="Holdable cursors must be READ ONLY.")
    if query.locking_clause and (opts & A.CURSOR_OPT_SCROLL):
        raise PgError("0A000", "DECLARE SCROLL CURSOR ... FOR UPDATE is not supported",
                      detail="Scrollable cursors must be READ ONLY.")
    planned = session.plan(query, [])
    if planned.planner is not None and planned.planner.modifying_ctes:
        raise PgError("0A000", "DECLARE CURSOR must not contain data-modifying statements in WITH")
    if opts & A.CURSOR_OPT_SCROLL:
        scroll = True
    elif opts & A.CURSOR_OPT_NO_SCROLL or query.locking_clause:
        scroll = False
    else:
        scroll = supports_backward(planned.plan)
    session.xact.ran_query = True
    ectx = session.exec_context([])

    def rows():
        for batch in run_plan(planned.plan, ectx, planned.planner):
            yield from batch

    x = session.xact
    cur = Cursor(name=s.portalname, statement=session.query_text or text, planned=planned,
                 columns=session.describe(planned), rows_iter=rows(), scroll=scroll,
                 holdable=holdable, binary=bool(opts & A.CURSOR_OPT_BINARY),
                 level=len(x.savepoints) if x is not None else 0, xact=x)
    session.cursors[s.portalname] = cur
    return Result("DECLARE CURSOR")


def fetch(session, s: A.FetchStmt):
    from pgref.engine.session import Result
    cur = session.cursors.get(s.portalname)
    if cur is None:
        raise PgError("34000", f'cursor "{s.portalname}" does not exist')
    if cur.xact is not None and cur.xact is not session.xact and not cur.exhausted and not cur.holdable:
        raise PgError("34000", f'cursor "{s.portalname}" does not exist')
    if cur.failed:
        raise PgError("55000", f'portal "{cur.name}" cannot be run')
    out: list | None = None if s.ismove else []
    try:
        n = cur.fetch(s.direction, s.how_many, out)
    except PgError as e:
        # an error while running marks the portal failed (PortalMarkFailed):
        # if a ROLLBACK TO SAVEPOINT keeps the transaction alive, the cursor
        # stays, but can no longer run; 55000 "cursor can only scan forward"
        # is raised before anything runs and leaves it usable
        if e.sqlstate != "55000":
            cur.failed = True
        raise
    if out is None:
        return Result(f"MOVE {n}")
    return Result(f"FETCH {len(out)}", list(cur.columns), out, len(out))


def close(session, s: A.ClosePortalStmt):
    from pgref.engine.session import Result
    if s.portalname is None:
        session.cursors.clear()
    elif session.cursors.pop(s.portalname, None) is None:
        raise PgError("34000", f'cursor "{s.portalname}" does not exist')
    return Result("CLOSE CURSOR" if s.portalname is not None else "CLOSE CURSOR ALL")


# ====================================================================== transaction ends
def at_commit(session) -> None:
    """Non-holdable cursors die with the transaction; holdable ones declared
    in it are read to completion now, while its snapshot is still valid."""
    x = session.xact
    for name, cur in list(session.cursors.items()):
        if cur.xact is not x:
            continue
        if cur.holdable:
            cur.read_all()
            cur.xact = None
        else:
            del session.cursors[name]


def at_abort(session) -> None:
    x = session.xact
    for name, cur in list(session.cursors.items()):
        if cur.xact is x:
            del session.cursors[name]


def at_rollback_to(session, level: int) -> None:
    """ROLLBACK TO SAVEPOINT: cursors declared inside the rolled-back
    subtransactions are gone (AtSubAbort_Portals)."""
    x = session.xact
    for name, cur in list(session.cursors.items()):
        if cur.xact is x and cur.level > level:
            del session.cursors[name]


def pg_cursors_rows(session) -> list[tuple]:
    rows = []
    for cur in session.cursors.values():
        ts = int(cur.created * 1_000_000) - _UNIX_TO_PG_EPOCH_US
        rows.append((cur.name, cur.statement, cur.holdable, cur.binary, cur.scroll, ts))
    return rows

"""INSERT, UPDATE and DELETE (PostgreSQL's nodeModifyTable.c,
execIndexing.c, execMain.c's constraint checks, ri_triggers.c).

Where it sits: ``executor/`` (spec/07-executor.md, "Modifying tables").
For every row the child plan produces:

  INSERT  form the new row -> NOT NULL / CHECK -> unique indexes (ON
          CONFLICT decides what a conflict means) -> foreign keys ->
          heap insert -> index entries -> RETURNING
  UPDATE  fetch the old version by tuple id -> new row -> the same checks
          -> heap update (new version, old one gets xmax) -> index entries
          for the new version -> rows referencing the old key (ON UPDATE
          actions) -> RETURNING
  DELETE  rows referencing it (ON DELETE actions) -> heap delete -> RETURNING

Index entries are never removed here: an index may point at versions a
snapshot can no longer see, and every index probe rechecks the heap tuple
(INV-EXEC-MOD-1).  A row changed by a transaction still running is waited
for; under read committed the newest version is then re-checked and
changed instead (EvalPlanQual), under repeatable read the statement fails
with 40001 (spec/08-mvcc.md, "Row-level waits", INV-MVCC-5).  Uniqueness is checked against *live* versions: inserted
by a committed or the current transaction and not deleted by one
(INV-EXEC-MOD-2).  A failed row raises; the statement's effects are undone
by the transaction machinery (the statement runs as a subtransaction).
"""
from __future__ import annotations

from pgref.access.heap.heapam import IN_PROGRESS as H_IN_PROGRESS
from pgref.access.heap.heapam import TMResult
from pgref.access.heap.tuple import HEAP_XMAX_INVALID, HEAP_XMAX_LOCK_ONLY
from pgref.analyzer import nodes as N
from pgref.errors import (CHECK_VIOLATION, FEATURE_NOT_SUPPORTED, FOREIGN_KEY_VIOLATION,
                          NOT_NULL_VIOLATION, SERIALIZATION_FAILURE, UNIQUE_VIOLATION, PgError)
from pgref.executor.expr import Layout, compile_expr
from pgref.types import oids as T


def _text(ectx, typ: int, v) -> str:
    from pgref.types.registry import type_output
    if v is None:
        return "null"
    return type_output(ectx, typ, v)


def failing_row(ectx, rel, row) -> str:
    parts = [_text(ectx, c.typ, v) for c, v in zip(rel.columns, row) if not c.dropped]
    return f"Failing row contains ({', '.join(parts)})."


def view_check_options(plan, ectx, planner, rel):
    """WITH CHECK OPTION of the views the statement writes through
    (analyzer/viewupdate.py, INV-ENGINE-UVIEW-5): a function that raises
    for a new row of ``rel`` one of them rejects (NULL rejects, as
    ExecWithCheckOptions's ExecQual), or None when there are none."""
    from pgref.errors import WITH_CHECK_OPTION_VIOLATION
    wcos = getattr(getattr(plan, "query_level", None), "check_options", None) or ()
    if not wcos:
        return None
    layout = Layout(tuple(("v", plan.rtindex, i + 1) for i in range(len(rel.columns))))
    compiled = [(name, compile_expr(e, layout, ectx, planner)) for name, e in wcos if e is not None]

    def check(row) -> None:
        for name, f in compiled:
            if f(tuple(row)) is not True:
                raise PgError(WITH_CHECK_OPTION_VIOLATION, f'new row violates check option for view "{name}"',
                              detail=failing_row(ectx, rel, row))
    return check


class TableModifier:
    """Everything needed to change one table within one statement."""

    def __init__(self, ectx, rel, planner=None):
        self.ectx = ectx
        self.rel = rel
        self.heap = ectx.tables.heap(rel.oid)
        self.planner = planner
        self._checks = None
        self._preds: dict = {}           # partial index oid -> predicate test

    # ------------------------------------------------------------ checks
    def check_row(self, row: tuple) -> None:
        rel, ectx = self.rel, self.ectx
        for c, v in zip(rel.columns, row):
            if v is None and c.notnull and not c.dropped:
                raise PgError(NOT_NULL_VIOLATION,
                              f'null value in column "{c.name}" of relation "{rel.name}" violates not-null constraint',
                              detail=failing_row(ectx, rel, row), schema=ectx.cat.namespace_name(rel.namespace),
                              table=rel.name, column=c.name)
        for con, fn in self.checks():
            if fn(row) is False:
                raise PgError(CHECK_VIOLATION,
                              f'new row for relation "{rel.name}" violates check constraint "{con.name}"',
                              detail=failing_row(ectx, rel, row), table=rel.name, constraint=con.name)
        # a partition's rows satisfy its partition constraint (executor/route.py, INV-PART-3);
        # rows routed to it from a parent already do
        if rel.partbound is not None and not self.routed and not self.router().partition_ok(rel, row):
            from pgref.executor.route import partition_violation
            raise partition_violation(ectx, rel, row)

    routed = False
    _router = None

    def router(self):
        if self._router is None:
            from pgref.executor.route import Router
            self._router = Router(self.ectx)
        return self._router

    def checks(self):
        if self._checks is None:
            from pgref.engine.constraints import compile_check
            self._checks = [(con, compile_check(self.ectx, self.rel, con))
                            for con in self.rel.constraints if con.kind == "c"]
        return self._checks

    def indexes_for(self, row: tuple) -> list:
        """The table's indexes that hold ``row``: all but the partial ones
        whose predicate rejects it."""
        out = []
        for idx in self.rel.indexes:
            if idx.predicate is not None:
                fn = self._preds.get(idx.oid)
                if fn is None:
                    fn = self._preds[idx.oid] = index_predicate_fn(self.ectx, self.rel, idx)
                if not fn(row):
                    continue
            out.append(idx)
        return out

    def unique_conflict(self, row: tuple, only: list[int] | None = None, ignore=()):
        """The first unique index (and existing tuple id) that ``row`` would
        duplicate, or None."""
        for idx in self.indexes_for(row):
            if not idx.unique or (only is not None and idx.oid not in only):
                continue
            key = tuple(row[a - 1] for a in idx.columns)
            if not idx.nulls_not_distinct and any(v is None for v in key):
                continue
            index = self.ectx.tables.index(idx.oid)
            while True:
                hit, waited = self._check_equal(index, key, ignore)
                if not waited:
                    break
                # another transaction ended while we slept: look again (the
                # index may have changed meanwhile)
            if hit is not None:
                return idx, hit, key
        return None

    def _check_equal(self, index, key, ignore):
        """(tid of a live duplicate or None, whether we waited).  Like
        _bt_check_unique, a duplicate inserted or deleted by a transaction
        still in progress is waited for (INV-MVCC-5): it counts only if that
        insert commits, resp. that delete aborts."""
        session = self.ectx.session
        for tid in list(index.find_equal(key)):
            if tid in ignore:
                continue
            got = self.heap.fetch(tid)
            if got is None:
                continue
            hdr = got[0]
            other = None
            if session.xid_status(hdr.xmin) == H_IN_PROGRESS:
                other = hdr.xmin
            elif not (hdr.infomask & (HEAP_XMAX_INVALID | HEAP_XMAX_LOCK_ONLY)) and hdr.xmax \
                    and session.xid_status(hdr.xmax) == H_IN_PROGRESS:
                other = hdr.xmax
            if other is not None:
                self._wait_for(other)
                return None, True
            if session.tuple_is_live(hdr):
                return tid, False
        return None, False

    def _wait_for(self, xid: int) -> None:
        """XactLockTableWait(xid) for this statement's transaction."""
        session = self.ectx.session
        shared = getattr(session.db, "cluster", session.db)    # the proc array's owner
        shared.xactlocks.wait(xid, frozenset(session.xact.all_xids), shared.running,
                              pid=session.pid, check_cancel=self.ectx.check_cancel)

    def raise_unique(self, idx, key) -> None:
        cols = ", ".join(self.rel.columns[a - 1].name for a in idx.columns)
        vals = ", ".join(_text(self.ectx, self.rel.columns[a - 1].typ, v) for a, v in zip(idx.columns, key))
        raise PgError(UNIQUE_VIOLATION, f'duplicate key value violates unique constraint "{idx.name}"',
                      detail=f"Key ({cols})=({vals}) already exists.", table=self.rel.name, constraint=idx.name)

    def check_foreign_keys(self, row: tuple, old: tuple | None = None) -> None:
        from pgref.engine.constraints import check_fk_insert
        for con in self.rel.constraints:
            if con.kind != "f":
                continue
            key = tuple(row[a - 1] for a in con.columns)
            if old is not None and key == tuple(old[a - 1] for a in con.columns):
                continue
            check_fk_insert(self.ectx, self.rel, con, key)

    # ------------------------------------------------------------ actions
    def insert(self, row: tuple, check_unique: bool = True):
        self.ectx.session.note_write(self.rel, "INSERT")
        row = self.last_row = compute_generated(self.ectx, self.rel, row)    # INV-GEN-1
        self.check_row(row)
        if check_unique:
            hit = self.unique_conflict(row)
            if hit is not None:
                self.raise_unique(hit[0], hit[2])
        self.check_foreign_keys(row)
        ectx = self.ectx
        tid = self.heap.insert(row, ectx.xid, ectx.cid)
        self.index_insert(row, tid)
        return tid

    def index_insert(self, row: tuple, tid) -> None:
        for idx in self.indexes_for(row):
            key = tuple(row[a - 1] for a in idx.columns)
            self.ectx.tables.index(idx.oid).insert(key, tid)

    def update(self, tid, old: tuple, new: tuple, recheck=None):
        """Returns the new tuple id, or None when the row is not updated:
        this command already changed it (UPDATE ... FROM with several
        matches), or -- read committed -- a concurrent transaction deleted
        it or changed it so that it no longer qualifies.

        ``recheck(tid, values) -> new values | None`` is the EvalPlanQual
        step: given the newest version of a row a concurrent committed
        transaction updated, it re-evaluates the statement's quals and SET
        list on it (spec/08-mvcc.md, Row-level waits).  After a successful
        call, ``self.last_row`` holds the values actually written."""
        self.ectx.session.note_write(self.rel, "UPDATE")
        ectx = self.ectx
        while True:
            new = compute_generated(ectx, self.rel, new)     # INV-GEN-1 (engine/generated.py)
            self.check_row(new)
            self.check_foreign_keys(new, old)
            # the row is claimed (waiting for a concurrent updater, INV-MVCC-5)
            # before uniqueness is checked: the other version of this same
            # row must not count as a duplicate
            res, new_tid = self.heap.update(tid, new, ectx.xid, ectx.cid, ectx.session.combocids,
                                            ectx.session.xid_status)
            if res == TMResult.Ok:
                break
            if res == TMResult.SelfModified:
                self._check_self_modified(tid, "updated")
                return None
            nxt = self.concurrent_change(tid, res, recheck is not None)
            if nxt is None:
                return None
            if nxt is _RETRY:
                continue
            got = recheck(*nxt)
            if got is None:
                return None
            tid, old, new = nxt[0], nxt[1], got
        # only unique indexes whose key changes can gain a duplicate: with
        # the key unchanged, the only other versions with it are this row's
        changed = [idx.oid for idx in self.rel.indexes
                   if idx.unique and (idx.predicate is not None            # the row may just have entered it
                                      or any(old[a - 1] != new[a - 1] for a in idx.columns))]
        hit = self.unique_conflict(new, only=changed, ignore=(tid, new_tid)) if changed else None
        if hit is not None:
            self.raise_unique(hit[0], hit[2])
        self.last_row = new
        self.index_insert(new, new_tid)
        # ON UPDATE actions run once the new key exists (CASCADE re-checks it)
        from pgref.engine.constraints import referencing_actions
        referencing_actions(self.ectx, self.rel, old, new, self.planner)
        return new_tid

    def _check_self_modified(self, tid, what: str) -> None:
        """TM_SelfModified: changed by this very command (UPDATE ... FROM
        with several matches: the row is skipped) -- or by a later command
        run inside it, such as a BEFORE trigger's, which PostgreSQL refuses
        (ExecUpdate/ExecDelete) rather than silently skip the row."""
        from pgref.access.heap.tuple import HEAP_COMBOCID
        hdr = self.heap.fetch_header(tid)
        if hdr is None:
            return
        if hdr.infomask & HEAP_COMBOCID and self.ectx.session.combocids is not None:
            cmax = self.ectx.session.combocids.cmax(hdr.cid)
        else:
            cmax = hdr.cid
        if cmax != self.ectx.cid:
            raise PgError("27000", f"tuple to be {what} was already modified by an operation triggered by "
                                   "the current command",
                          hint="Consider using an AFTER trigger instead of a BEFORE trigger to propagate "
                               "changes to other rows.")

    def delete(self, tid, old: tuple, recheck=None) -> bool:
        """False when the row is not deleted (already deleted by this
        command; or, read committed, concurrently deleted or no longer
        qualifying after ``recheck(tid, values) -> truthy | None``)."""
        from pgref.engine.constraints import referencing_actions
        ectx = self.ectx
        ectx.session.note_write(self.rel, "DELETE")
        while True:
            res = self.heap.delete(tid, ectx.xid, ectx.cid, ectx.session.combocids, ectx.session.xid_status)
            if res == TMResult.Ok:
                break
            if res == TMResult.SelfModified:
                self._check_self_modified(tid, "deleted")
                return False
            nxt = self.concurrent_change(tid, res, recheck is not None)
            if nxt is None:
                return False
            if nxt is _RETRY:
                continue
            if recheck(*nxt) is None:
                return False
            tid, old = nxt
        self.last_row = old
        referencing_actions(ectx, self.rel, old, None, self.planner)
        return True

    def concurrent_change(self, tid, res, can_recheck: bool):
        """What to do when heap_update/heap_delete found the row changed by
        another transaction (PostgreSQL's ExecUpdate/ExecDelete switch on
        TM_Result).  Returns _RETRY after waiting for a transaction still in
        progress (XactLockTableWait, INV-MVCC-5), None when the row is gone
        (read committed: deleted concurrently), or (tid, values) of the
        newest version to re-evaluate (read committed: EvalPlanQual).
        Repeatable read and serializable raise 40001 instead."""
        ectx = self.ectx
        session = ectx.session
        if res == TMResult.BeingModified:
            self._wait_for(self.heap.fetch_header(tid).xmax)
            return _RETRY
        what = "delete" if res == TMResult.Deleted else "update"
        if res not in (TMResult.Updated, TMResult.Deleted) or session.xact.isolation != "read committed":
            raise PgError(SERIALIZATION_FAILURE, f"could not serialize access due to concurrent {what}")
        if res == TMResult.Deleted:
            return None
        if not can_recheck:
            raise PgError(SERIALIZATION_FAILURE, f"could not serialize access due to concurrent {what}")
        return latest_version(self.heap, tid)


_RETRY = object()


def compute_generated(ectx, rel, row):
    """engine/generated.py's INV-GEN-1 step (a no-op for tables without
    generated columns)."""
    if not any(c.generated for c in rel.columns):
        return row
    from pgref.engine.generated import compute_generated as compute
    return compute(ectx, rel, row)


def latest_version(heap, tid):
    """(tid, values) of the version ``tid``'s t_ctid points at, or None
    when the chain is broken: PostgreSQL's check that the next version's
    xmin equals this version's xmax (HeapTupleUpdateXmaxMatchesXmin)
    guards against a line pointer VACUUM freed and reused."""
    hdr = heap.fetch_header(tid)
    if hdr is None or tuple(hdr.ctid) == tuple(tid):
        return None
    got = heap.fetch(tuple(hdr.ctid))
    if got is None or got[0].xmin != hdr.xmax:
        return None
    return tuple(hdr.ctid), got[1]


def _header_columns(heap, tid) -> tuple:
    """ctid, xmin, cmin, xmax, cmax of the tuple just written at ``tid``
    (what RETURNING shows of the new row version)."""
    hdr = heap.fetch_header(tid)
    return (tid, hdr.xmin, hdr.cid, hdr.xmax, hdr.cid)


def index_predicate_fn(ectx, rel, idx):
    """row -> whether partial index ``idx`` holds it (predicate true)."""
    from pgref.analyzer.indexpred import index_predicate
    from pgref.executor.expr import Layout, compile_expr
    e = index_predicate(ectx.cat, rel, idx)
    f = compile_expr(e, Layout(tuple(("v", 1, i + 1) for i in range(len(rel.columns)))), ectx)
    return lambda row: f(row) is True


def run_modify(plan, ectx, planner):
    from pgref.executor.run import run_plan
    session = ectx.session
    if session is not None and session.__dict__.get("pinned_snapshot") is not None:
        # a STABLE/IMMUTABLE function runs read-only in its caller's
        # snapshot (SPI's read_only, fmgr_sql's readonly_func)
        raise PgError(FEATURE_NOT_SUPPORTED, f"{plan.command.upper()} is not allowed in a non-volatile function")
    rel = ectx.cat.relation(plan.relid)
    if rel.kind == "v":
        # INSERT into a view with an INSTEAD OF trigger (executor/triggers.py)
        from pgref.executor.triggers import run_instead_insert
        yield from run_instead_insert(plan, ectx, planner, rel)
        return
    tm = TableModifier(ectx, rel, planner)
    ncols = len(rel.columns)
    # user triggers of the target (executor/triggers.py, spec/09-engine.md "Triggers")
    from pgref.executor.triggers import StatementTriggers
    trig = StatementTriggers.for_table(ectx, rel, plan.command.upper(), getattr(plan, "columns", None) or ())
    if trig is not None:
        trig.before_statement()
    rti = plan.rtindex
    out: list[tuple] = []
    count = 0
    wco = view_check_options(plan, ectx, planner, rel)

    if plan.command == "insert":
        # RETURNING sees the new row, its table's OID (tableoid, attno -6)
        # and the new tuple's header columns (ctid, xmin, cmin, xmax, cmax)
        target_layout = Layout(tuple(("v", rti, i + 1) for i in range(ncols)) + (("v", rti, -6),)
                               + tuple(("v", rti, a) for a in (-1, -2, -3, -4, -5)))
        ret = [compile_expr(e, target_layout, ectx, planner) for e in plan.returning]
        toid = (rel.oid,)

        def new_sys(tid):
            return _header_columns(tm.heap, tid)
        oc = plan.on_conflict
        oc_set = oc_where = None
        if oc is not None and oc.action == "update":
            layout = Layout(tuple(("v", rti, i + 1) for i in range(ncols))
                            + tuple(("v", oc.excluded_rtindex, i + 1) for i in range(ncols)))
            oc_set = [(te.resno, compile_expr(te.expr, layout, ectx, planner)) for te in oc.set_list]
            oc_where = compile_expr(oc.where, layout, ectx, planner) if oc.where is not None else None
        touched: set = set()
        routing = PartitionInserter(ectx, rel, planner) if rel.partkey is not None else None
        for batch in run_plan(plan.child, ectx, planner):
            for row in batch:
                if trig is not None and trig.before_rows:
                    row = trig.before_row(None, row)    # BEFORE ROW may change or skip the row
                    if row is None:
                        continue
                row = compute_generated(ectx, rel, row)   # after BEFORE triggers (INV-GEN-1)
                if routing is not None:
                    # a partitioned table: the row goes to its leaf partition
                    # (executor/route.py, INV-PART-1)
                    if routing.insert(row, oc, oc_set, oc_where, touched):
                        if wco is not None:
                            wco(routing.last_row)
                        count += 1
                        if ret:
                            out.append(tuple(f(routing.last_row + (routing.last_oid,)) for f in ret))
                    continue
                if oc is not None:
                    tm.check_row(row)
                    hit = tm.unique_conflict(row, only=oc.arbiter_indexes or None)
                    if hit is not None:
                        if oc.action == "nothing":
                            continue
                        idx, old_tid, _ = hit
                        if old_tid in touched:
                            raise PgError("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time",
                                          hint="Ensure that no rows proposed for insertion within the same "
                                               "command have duplicate constrained values.")
                        old = tm.heap.fetch(old_tid)[1]
                        both = old + row
                        if oc_where is not None and oc_where(both) is not True:
                            continue
                        new = list(old)
                        for attno, f in oc_set:
                            new[attno - 1] = f(both)
                        new_tid = tm.update(old_tid, old, tuple(new))
                        new = tm.last_row
                        touched.add(new_tid)
                        if wco is not None:
                            wco(new)
                        count += 1
                        if ret:
                            out.append(tuple(f(new + toid + new_sys(new_tid)) for f in ret))
                        continue
                    tid = tm.insert(row)
                    touched.add(tid)
                else:
                    tid = tm.insert(row)
                if wco is not None:
                    wco(row)
                count += 1
                if trig is not None:
                    trig.after_row(None, row)
                if ret:
                    out.append(tuple(f(row + toid + new_sys(tid)) for f in ret))
        if trig is not None:
            trig.finish()
        ectx.session.set_rowcount(count)
        if out:
            yield out
        return

    child_layout = Layout(plan.child_layout)
    tid_pos = child_layout.find(("v", rti, -1))
    positions = [child_layout.find(("v", rti, i + 1)) for i in range(ncols)]
    done: set = set()
    # inheritance (spec/09-engine.md, "Inheritance"): rows of the target's
    # children arrive in the parent's column order, tagged with their table
    toid_pos = child_layout.find(("v", rti, -6))
    members = {rel.oid: (tm, None)}

    def member(toid):
        """The modifier of the row's table and its parent->child column map."""
        got = members.get(toid)
        if got is None:
            from pgref.catalog.inheritance import column_map
            got = members[toid] = (TableModifier(ectx, ectx.cat.relation(toid), planner),
                                   column_map(ectx.cat, rel.oid, toid))
        return got

    def child_row(mtm, cmap, tid, parent_values):
        """A child's stored row with the parent's columns replaced."""
        row = list(mtm.heap.fetch(tid)[1])
        for attno, v in zip(cmap, parent_values):
            if attno:
                row[attno - 1] = v
        return tuple(row)
    # RETURNING of UPDATE/DELETE sees the whole joined row (FROM / USING tables too)
    ret_join = [compile_expr(e, child_layout, ectx, planner) for e in plan.returning]
    from pgref.planner.planner import walk_expr
    sys_cols = any(isinstance(x, N.Var) and x.varno == rti and -5 <= x.varattno <= -1
                   for e in plan.returning for x, _ in walk_expr(e, 0))
    epq = _EvalPlanQual(plan, child_layout, tid_pos, positions, ectx, planner)
    if plan.command == "update":
        sets = [(attno, compile_expr(e, child_layout, ectx, planner))
                for attno, e in zip(plan.columns, plan.set_exprs)]
        def pending_rows():
            # each row's SET list is computed just before that row is
            # written, so a volatile function in it sees the rows this
            # statement already changed (as in PostgreSQL); the scan itself
            # cannot see them (they carry this command's id, INV-MVCC)
            for batch in run_plan(plan.child, ectx, planner):
                for jrow in batch:
                    tid = jrow[tid_pos]
                    toid = rel.oid if toid_pos is None else jrow[toid_pos]
                    if (toid, tid) in done:
                        continue
                    done.add((toid, tid))
                    old = tuple(jrow[p] for p in positions)
                    new = list(old)
                    for attno, f in sets:
                        new[attno - 1] = f(jrow)
                    yield toid, tid, old, tuple(new), jrow
        gen_cols = {c.attnum - 1 for c in rel.columns if c.generated and not c.dropped}
        for toid, tid, old, new, jrow in pending_rows():
            if trig is not None and trig.before_rows and toid == rel.oid:
                if gen_cols:
                    # BEFORE ROW sees generated columns unset (computed after it, INV-GEN-1)
                    new = tuple(None if i in gen_cols else v for i, v in enumerate(new))
                new = trig.before_row(old, new)
                if new is None:
                    continue
            new = compute_generated(ectx, rel, new)       # after BEFORE triggers (INV-GEN-1)
            mtm, cmap = member(toid)
            if cmap is not None and mtm.rel.partbound is not None and rel.partkey is not None:
                # a partition's row whose new key belongs elsewhere moves
                # there: deleted here, routed from the target (PostgreSQL's
                # ExecCrossPartitionUpdate)
                newc = child_row(mtm, cmap, tid, new)
                if not mtm.router().partition_ok(mtm.rel, newc) and _in_subtree(ectx.cat, rel, mtm.rel, newc,
                                                                                  mtm.router()):
                    if not mtm.delete(tid, mtm.heap.fetch(tid)[1]):
                        continue
                    moving = PartitionInserter(ectx, rel, planner)
                    moving.insert(new, None, None, None, set())
                    if wco is not None:
                        wco(new)
                    count += 1
                    if ret_join:
                        r = list(jrow)
                        for i, p in enumerate(positions):
                            r[p] = new[i]
                        if toid_pos is not None:
                            r[toid_pos] = moving.last_oid
                        out.append(tuple(f(tuple(r)) for f in ret_join))
                    continue
            if cmap is not None:
                # a child's row (no EvalPlanQual re-check for children yet:
                # a concurrent update of it is a serialization failure)
                if mtm.update(tid, child_row(mtm, cmap, tid, old), child_row(mtm, cmap, tid, new)) is None:
                    continue
            else:
                new_tid = tm.update(tid, old, new, epq.for_update(jrow, sets))
                if new_tid is None:
                    continue
                new = tm.last_row
                if trig is not None:
                    trig.after_row(old, new)
            if wco is not None:
                wco(new)
            count += 1
            if ret_join:
                r = list(epq.row if epq.row is not None else jrow)
                for i, p in enumerate(positions):
                    r[p] = new[i]
                if cmap is None:
                    # the new version's header columns (RETURNING ctid, xmin ...)
                    for a, v in zip((-1, -2, -3, -4, -5), _header_columns(tm.heap, new_tid)):
                        p = child_layout.find(("v", rti, a))
                        if p is not None:
                            r[p] = v
                elif sys_cols:
                    raise PgError(FEATURE_NOT_SUPPORTED, "RETURNING system columns of rows updated in "
                                                         "inheritance children is not supported yet")
                out.append(tuple(f(tuple(r)) for f in ret_join))
    else:
        pending = []
        for batch in run_plan(plan.child, ectx, planner):
            for jrow in batch:
                tid = jrow[tid_pos]
                toid = rel.oid if toid_pos is None else jrow[toid_pos]
                if (toid, tid) in done:
                    continue
                done.add((toid, tid))
                pending.append((toid, tid, tuple(jrow[p] for p in positions), jrow))
        for toid, tid, old, jrow in pending:
            if trig is not None and trig.before_rows and toid == rel.oid and trig.before_row(old, None) is None:
                continue
            mtm, cmap = member(toid)
            if cmap is not None:
                if not mtm.delete(tid, mtm.heap.fetch(tid)[1]):
                    continue
            elif not tm.delete(tid, old, epq.for_delete(jrow)):
                continue
            elif trig is not None:
                trig.after_row(old, None)
            count += 1
            if ret_join:
                out.append(tuple(f(epq.row if epq.row is not None else jrow) for f in ret_join))
    if trig is not None:
        trig.finish()
    ectx.session.set_rowcount(count)
    if out:
        yield out



def _in_subtree(cat, root, part, row, router) -> bool:
    """Can a row that left ``part`` move within the tree of the UPDATE's
    target ``root``?  Only when ``root`` is partitioned and ``part`` lies
    under it (a row updated through a partition cannot leave it)."""
    return root.partkey is not None and root.oid != part.oid


class PartitionInserter:
    """INSERT into a partitioned table: each row to its leaf's modifier
    (ON CONFLICT decided on the leaf's unique indexes)."""

    def __init__(self, ectx, rel, planner):
        from pgref.executor.route import Router
        self.ectx, self.rel, self.planner = ectx, rel, planner
        self.router = Router(ectx)
        self.mods: dict[int, TableModifier] = {}
        self.last_row = None
        self.last_oid = None

    def modifier(self, leaf):
        tm = self.mods.get(leaf.oid)
        if tm is None:
            tm = self.mods[leaf.oid] = TableModifier(self.ectx, leaf, self.planner)
            tm.routed = True
        return tm

    def insert(self, row, oc, oc_set, oc_where, touched) -> bool:
        """Insert (or ON CONFLICT-handle) one row; False when skipped."""
        if self.rel.partbound is not None and not self.router.partition_ok(self.rel, row):
            # a partition that is itself partitioned: its own constraint first
            from pgref.executor.route import partition_violation
            raise partition_violation(self.ectx, self.rel, row)
        leaf, lrow = self.router.route(self.rel, row)
        try:
            return self._insert(leaf, lrow, row, oc, oc_set, oc_where, touched)
        except PgError as e:
            if leaf.oid != self.rel.oid and e.detail and e.detail.startswith("Failing row contains") \
                    and e.sqlstate in (NOT_NULL_VIOLATION, CHECK_VIOLATION):
                # the row as the statement's table has it (ExecConstraints converts it back)
                e.detail = failing_row(self.ectx, self.rel, row)
            raise

    def _insert(self, leaf, lrow, row, oc, oc_set, oc_where, touched) -> bool:
        tm = self.modifier(leaf)
        self.last_oid = leaf.oid
        if oc is not None:
            tm.check_row(lrow)
            hit = tm.unique_conflict(lrow)
            if hit is not None:
                if oc.action == "nothing":
                    return False
                _idx, old_tid, _ = hit
                if (leaf.oid, old_tid) in touched:
                    raise PgError("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time",
                                  hint="Ensure that no rows proposed for insertion within the same "
                                       "command have duplicate constrained values.")
                old_leaf = tm.heap.fetch(old_tid)[1]
                old = self._parent_row(leaf, old_leaf)
                both = old + row
                if oc_where is not None and oc_where(both) is not True:
                    return False
                new = list(old)
                for attno, f in oc_set:
                    new[attno - 1] = f(both)
                new = compute_generated(self.ectx, self.rel, tuple(new))
                new_leaf = self._leaf_row(leaf, new)
                tm.routed = False          # the updated row must stay in its partition
                try:
                    new_tid = tm.update(old_tid, old_leaf, new_leaf)
                finally:
                    tm.routed = True
                touched.add((leaf.oid, new_tid))
                self.last_row = new
                return True
            touched.add((leaf.oid, tm.insert(lrow, check_unique=False)))
        else:
            tm.insert(lrow)
        self.last_row = tuple(row)
        return True

    def _chain(self, leaf) -> list:
        chain = [leaf]
        while chain[-1].oid != self.rel.oid:
            chain.append(self.ectx.cat.relations[chain[-1].parents[0]])
        return chain

    def _parent_row(self, leaf, row):
        chain = self._chain(leaf)
        for child, parent in zip(chain, chain[1:]):
            row = self.router.to_parent(parent, child, row)
        return tuple(row)

    def _leaf_row(self, leaf, row):
        chain = self._chain(leaf)[::-1]
        for parent, child in zip(chain, chain[1:]):
            row = self.router.to_child(parent, child, row)
        return tuple(row)


class _EvalPlanQual:
    """Read committed's re-check of a row a concurrent transaction updated
    (PostgreSQL's EvalPlanQual): the joined row is rebuilt with the newest
    version of the target row (other tables' rows stay as the plan found
    them), the statement's WHERE clause is evaluated on it, and for UPDATE
    the SET list is computed again.  The WHERE clause is compiled on first
    use (most statements never need it)."""

    def __init__(self, plan, layout, tid_pos, positions, ectx, planner):
        self.where = getattr(plan, "epq_where", None)
        self.has_where = hasattr(plan, "epq_where")
        self.layout, self.tid_pos, self.positions = layout, tid_pos, positions
        self.ectx, self.planner = ectx, planner
        self._qual = None
        self.row = None              # the re-evaluated joined row of the last recheck, if any

    def _rebuild(self, jrow, tid, values):
        r = list(jrow)
        for i, p in enumerate(self.positions):
            if p is not None and p >= 0:
                r[p] = values[i]
        r[self.tid_pos] = tid
        r = tuple(r)
        if self.where is not None:
            if self._qual is None:
                try:
                    self._qual = compile_expr(self.where, self.layout, self.ectx, self.planner)
                except Exception as exc:      # a WHERE the joined row cannot re-evaluate
                    raise PgError(SERIALIZATION_FAILURE,
                                  "could not serialize access due to concurrent update") from exc
            if self._qual(r) is not True:
                return None
        self.row = r
        return r

    def for_update(self, jrow, sets):
        self.row = None
        if not self.has_where:
            return None

        def recheck(tid, values):
            r = self._rebuild(jrow, tid, values)
            if r is None:
                return None
            new = list(values)
            for attno, f in sets:
                new[attno - 1] = f(r)
            return tuple(new)
        return recheck

    def for_delete(self, jrow):
        self.row = None
        if not self.has_where:
            return None
        return lambda tid, values: self._rebuild(jrow, tid, values)

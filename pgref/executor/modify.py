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
(INV-EXEC-MOD-1).  Uniqueness is checked against *live* versions: inserted
by a committed or the current transaction and not deleted by one
(INV-EXEC-MOD-2).  A failed row raises; the statement's effects are undone
by the transaction machinery (the statement runs as a subtransaction).
"""
from __future__ import annotations

from pgref.access.heap.heapam import TMResult
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


class TableModifier:
    """Everything needed to change one table within one statement."""

    def __init__(self, ectx, rel, planner=None):
        self.ectx = ectx
        self.rel = rel
        self.heap = ectx.tables.heap(rel.oid)
        self.planner = planner
        self._checks = None

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

    def checks(self):
        if self._checks is None:
            from pgref.engine.constraints import compile_check
            self._checks = [(con, compile_check(self.ectx, self.rel, con))
                            for con in self.rel.constraints if con.kind == "c"]
        return self._checks

    def unique_conflict(self, row: tuple, only: list[int] | None = None, ignore_tid=None):
        """The first unique index (and existing tuple id) that ``row`` would
        duplicate, or None."""
        for idx in self.rel.indexes:
            if not idx.unique or (only is not None and idx.oid not in only):
                continue
            key = tuple(row[a - 1] for a in idx.columns)
            if not idx.nulls_not_distinct and any(v is None for v in key):
                continue
            index = self.ectx.tables.index(idx.oid)
            for tid in index.find_equal(key):
                if tid == ignore_tid:
                    continue
                got = self.heap.fetch(tid)
                if got is None:
                    continue
                if self.ectx.session.tuple_is_live(got[0]):
                    return idx, tid, key
        return None

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
        for idx in self.rel.indexes:
            key = tuple(row[a - 1] for a in idx.columns)
            self.ectx.tables.index(idx.oid).insert(key, tid)

    def update(self, tid, old: tuple, new: tuple):
        """Returns the new tuple id, or None when this command already
        changed the row (UPDATE ... FROM with several matches)."""
        self.ectx.session.note_write(self.rel, "UPDATE")
        self.check_row(new)
        hit = self.unique_conflict(new, ignore_tid=tid)
        if hit is not None:
            self.raise_unique(hit[0], hit[2])
        self.check_foreign_keys(new, old)
        ectx = self.ectx
        res, new_tid = self.heap.update(tid, new, ectx.xid, ectx.cid, ectx.session.combocids,
                                        ectx.session.xid_status)
        if res == TMResult.SelfModified:
            return None
        if res != TMResult.Ok:
            raise PgError(SERIALIZATION_FAILURE, "could not serialize access due to concurrent update")
        self.index_insert(new, new_tid)
        # ON UPDATE actions run once the new key exists (CASCADE re-checks it)
        from pgref.engine.constraints import referencing_actions
        referencing_actions(self.ectx, self.rel, old, new, self.planner)
        return new_tid

    def delete(self, tid, old: tuple) -> bool:
        from pgref.engine.constraints import referencing_actions
        ectx = self.ectx
        ectx.session.note_write(self.rel, "DELETE")
        res = self.heap.delete(tid, ectx.xid, ectx.cid, ectx.session.combocids, ectx.session.xid_status)
        if res == TMResult.SelfModified:
            return False
        if res != TMResult.Ok:
            raise PgError(SERIALIZATION_FAILURE, "could not serialize access due to concurrent delete")
        referencing_actions(ectx, self.rel, old, None, self.planner)
        return True


def run_modify(plan, ectx, planner):
    from pgref.executor.run import run_plan
    rel = ectx.cat.relation(plan.relid)
    tm = TableModifier(ectx, rel, planner)
    ncols = len(rel.columns)
    rti = plan.rtindex
    out: list[tuple] = []
    count = 0

    if plan.command == "insert":
        target_layout = Layout(tuple(("v", rti, i + 1) for i in range(ncols)))
        ret = [compile_expr(e, target_layout, ectx, planner) for e in plan.returning]
        oc = plan.on_conflict
        oc_set = oc_where = None
        if oc is not None and oc.action == "update":
            layout = Layout(tuple(("v", rti, i + 1) for i in range(ncols))
                            + tuple(("v", oc.excluded_rtindex, i + 1) for i in range(ncols)))
            oc_set = [(te.resno, compile_expr(te.expr, layout, ectx, planner)) for te in oc.set_list]
            oc_where = compile_expr(oc.where, layout, ectx, planner) if oc.where is not None else None
        touched: set = set()
        for batch in run_plan(plan.child, ectx, planner):
            for row in batch:
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
                        new = tuple(new)
                        new_tid = tm.update(old_tid, old, new)
                        touched.add(new_tid)
                        count += 1
                        if ret:
                            out.append(tuple(f(new) for f in ret))
                        continue
                    tid = tm.insert(row)
                    touched.add(tid)
                else:
                    tm.insert(row)
                count += 1
                if ret:
                    out.append(tuple(f(row) for f in ret))
        ectx.session.set_rowcount(count)
        if out:
            yield out
        return

    child_layout = Layout(plan.child_layout)
    tid_pos = child_layout.find(("v", rti, -1))
    positions = [child_layout.find(("v", rti, i + 1)) for i in range(ncols)]
    done: set = set()
    # RETURNING of UPDATE/DELETE sees the whole joined row (FROM / USING tables too)
    ret_join = [compile_expr(e, child_layout, ectx, planner) for e in plan.returning]
    if plan.command == "update":
        sets = [(attno, compile_expr(e, child_layout, ectx, planner))
                for attno, e in zip(plan.columns, plan.set_exprs)]
        pending = []
        for batch in run_plan(plan.child, ectx, planner):
            for jrow in batch:
                tid = jrow[tid_pos]
                if tid in done:
                    continue
                done.add(tid)
                old = tuple(jrow[p] for p in positions)
                new = list(old)
                for attno, f in sets:
                    new[attno - 1] = f(jrow)
                pending.append((tid, old, tuple(new), jrow))
        for tid, old, new, jrow in pending:
            if tm.update(tid, old, new) is None:
                continue
            count += 1
            if ret_join:
                r = list(jrow)
                for i, p in enumerate(positions):
                    r[p] = new[i]
                out.append(tuple(f(tuple(r)) for f in ret_join))
    else:
        pending = []
        for batch in run_plan(plan.child, ectx, planner):
            for jrow in batch:
                tid = jrow[tid_pos]
                if tid in done:
                    continue
                done.add(tid)
                pending.append((tid, tuple(jrow[p] for p in positions), jrow))
        for tid, old, jrow in pending:
            if not tm.delete(tid, old):
                continue
            count += 1
            if ret_join:
                out.append(tuple(f(jrow) for f in ret_join))
    ectx.session.set_rowcount(count)
    if out:
        yield out


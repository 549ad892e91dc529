"""MERGE (PostgreSQL 15's ExecMerge, ExecMergeMatched, ExecMergeNotMatched
in nodeModifyTable.c).

Where it sits: ``executor/`` (spec/07-executor.md, "MERGE").  The child
plan is the join of target and source (planner/merge.py); each joined row
carries the target row's tuple id, NULL when the source row found no
match.  For every joined row::

    target row there?  --yes-->  first WHEN MATCHED action whose condition
                                 holds: UPDATE / DELETE / DO NOTHING
                       --no--->  first WHEN NOT MATCHED action whose
                                 condition holds: INSERT / DO NOTHING
    no action chosen  -------->  the row is skipped

The writes go through executor/modify.py's TableModifier and
PartitionInserter, so constraints, defaults, generated and identity
columns, unique and partial indexes, foreign keys, partition routing and
row movement behave exactly as in INSERT, UPDATE and DELETE.

Invariants (spec/07-executor.md):
* INV-MERGE-2: a target row is changed at most once per statement; a
  second UPDATE or DELETE of it raises 21000 "MERGE command cannot affect
  row a second time" (DO NOTHING on it is allowed).
* INV-MERGE-3: triggers fire as PostgreSQL fires them: BEFORE STATEMENT
  for INSERT, UPDATE, DELETE (each kind the statement has an action of),
  row triggers as each row is written, queued AFTER ROW events in the
  order the rows were written, then AFTER STATEMENT for DELETE, UPDATE,
  INSERT.
* INV-MERGE-5: under read committed, a target row a concurrent transaction
  updated is re-checked with its newest version (EvalPlanQual): no longer
  joining, or deleted -> the WHEN NOT MATCHED clauses; else the WHEN
  MATCHED clauses are chosen again from the top.

Entry point: ``run_merge(plan, ectx, planner)`` (a ModifyTable whose
command is "merge"; executor/run.py).  EXPLAIN ANALYZE's
"Tuples: inserted=.. updated=.. deleted=.. skipped=.." counts are left in
``ectx.instrument.merge_counts[id(plan)]``.
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.executor.expr import Layout, compile_expr
from pgref.executor.modify import PartitionInserter, TableModifier, _in_subtree, compute_generated

CARDINALITY_VIOLATION = "21000"


def run_merge(plan, ectx, planner):
    from pgref.executor.run import run_plan
    from pgref.executor.triggers import StatementTriggers
    session = ectx.session
    if session is not None and session.__dict__.get("pinned_snapshot") is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "MERGE is not allowed in a non-volatile function")
    rel = ectx.cat.relation(plan.relid)
    ncols = len(rel.columns)
    rti = plan.rtindex
    layout = Layout(plan.child_layout)
    tid_pos = layout.find(("v", rti, -1))
    toid_pos = layout.find(("v", rti, -6))
    positions = [layout.find(("v", rti, i + 1)) for i in range(ncols)]
    if tid_pos is None:
        # planner/merge.py marks the target's scan; without its tuple ids
        # every row would look unmatched
        raise PgError("XX000", "MERGE target's tuple ids are missing from the join")
    tm = TableModifier(ectx, rel, planner)

    def compile_(e):
        return compile_expr(e, layout, ectx, planner)
    matched, not_matched = [], []
    for a in plan.merge_actions:
        qual = compile_(a.qual) if a.qual is not None else None
        if a.command == "update":
            payload = [(te.resno, compile_(te.expr)) for te in a.target_list]
        elif a.command == "insert":
            payload = [compile_(te.expr) for te in a.target_list]
        else:
            payload = None
        (matched if a.matched else not_matched).append((a, qual, payload))

    # INV-MERGE-3: statement triggers of every action kind present
    kinds = {a.command for a in plan.merge_actions}
    trigs = {op: StatementTriggers.for_table(ectx, rel, op, plan.columns if op == "UPDATE" else ())
             for op in ("INSERT", "UPDATE", "DELETE") if op.lower() in kinds}
    for op in ("INSERT", "UPDATE", "DELETE"):
        if trigs.get(op) is not None:
            trigs[op].before_statement()
    after_queue: list = []

    def after(op, old, new):
        t = trigs.get(op)
        if t is not None and t.after_rows:
            after_queue.append((t, old, new))

    counts = {"inserted": 0, "updated": 0, "deleted": 0, "skipped": 0}
    touched: set = set()
    members = {rel.oid: (tm, None)}
    routing = PartitionInserter(ectx, rel, planner) if rel.partkey is not None else None
    gen_cols = {c.attnum - 1 for c in rel.columns if c.generated and not c.dropped}
    join_cond = getattr(plan, "merge_join_cond", None)
    cond_fn = [None]

    def member(toid):
        got = members.get(toid)
        if got is None:
            from pgref.catalog.inheritance import column_map
            got = members[toid] = (TableModifier(ectx, ectx.cat.relation(toid), planner),
                                   column_map(ectx.cat, rel.oid, toid))
        return got

    def child_row(mtm, cmap, tid, parent_values):
        row = list(mtm.heap.fetch(tid)[1])
        for attno, v in zip(cmap, parent_values):
            if attno:
                row[attno - 1] = v
        return tuple(row)

    def choose(jrow):
        for act in matched:
            if act[1] is None or act[1](jrow) is True:
                return act
        return None

    def recheck_for(chosen, jrow, state):
        """EvalPlanQual for a target row a concurrent committed transaction
        updated (read committed; PostgreSQL 15's ExecMergeMatched): the
        joined row is rebuilt with the newest version and the join
        condition evaluated again -- false: ``state["not_matched"]``, the
        source row goes to the WHEN NOT MATCHED clauses.  Otherwise the
        MATCHED clauses are chosen again from the top: the same action goes
        ahead on the new version; another one is left in
        ``state["again"]`` for the caller to run instead."""
        def recheck(tid, values):
            r = list(jrow)
            for i, p in enumerate(positions):
                if p is not None:
                    r[p] = values[i]
            r[tid_pos] = tid
            r = tuple(r)
            if join_cond is not None:
                if cond_fn[0] is None:
                    cond_fn[0] = compile_(join_cond)
                if cond_fn[0](r) is not True:
                    state["not_matched"] = True
                    return None
            now = choose(r)
            if now is not chosen:
                state["again"] = (tid, tuple(values), r, now)
                return None
            if chosen[0].command == "delete":
                return r
            new = list(values)
            for attno, f in chosen[2]:
                new[attno - 1] = f(r)
            return tuple(new)
        return recheck

    def do_update(toid, tid, old, jrow, act, state):
        """True: updated; False: skipped (a BEFORE trigger); None: changed
        concurrently (``state`` says how, recheck_for)."""
        new = list(old)
        for attno, f in act[2]:
            new[attno - 1] = f(jrow)
        new = tuple(new)
        trig = trigs.get("UPDATE")
        if trig is not None and trig.before_rows and toid == rel.oid:
            if gen_cols:
                new = tuple(None if i in gen_cols else v for i, v in enumerate(new))
            new = trig.before_row(old, new)
            if new is None:
                return False
        new = compute_generated(ectx, rel, new)        # INV-GEN-1
        mtm, cmap = member(toid)
        if cmap is not None and mtm.rel.partbound is not None and rel.partkey is not None:
            newc = child_row(mtm, cmap, tid, new)
            if not mtm.router().partition_ok(mtm.rel, newc) and _in_subtree(ectx.cat, rel, mtm.rel, newc,
                                                                              mtm.router()):
                # row movement (ExecCrossPartitionUpdate): delete here, route from the target
                if not mtm.delete(tid, mtm.heap.fetch(tid)[1]):
                    return False
                PartitionInserter(ectx, rel, planner).insert(new, None, None, None, set())
                return True
        if cmap is not None:
            return mtm.update(tid, child_row(mtm, cmap, tid, old), child_row(mtm, cmap, tid, new)) is not None
        if tm.update(tid, old, new, recheck_for(act, jrow, state)) is None:
            return None
        after("UPDATE", old, tm.last_row)
        return True

    def do_delete(toid, tid, old, jrow, act, state):
        """As do_update."""
        trig = trigs.get("DELETE")
        if trig is not None and trig.before_rows and toid == rel.oid and trig.before_row(old, None) is None:
            return False
        mtm, cmap = member(toid)
        if cmap is not None:
            return mtm.delete(tid, mtm.heap.fetch(tid)[1])
        if not tm.delete(tid, old, recheck_for(act, jrow, state)):
            return None
        after("DELETE", tm.last_row, None)
        return True

    def do_insert(jrow, act) -> bool:
        row = tuple(f(jrow) for f in act[2])
        trig = trigs.get("INSERT")
        if trig is not None and trig.before_rows:
            row = trig.before_row(None, row)
            if row is None:
                return False
        row = compute_generated(ectx, rel, row)        # INV-GEN-1
        if routing is not None:
            if not routing.insert(row, None, None, None, set()):
                return False
            row = routing.last_row
        else:
            tm.insert(row)
            row = tm.last_row
        after("INSERT", None, row)
        return True

    def merge_matched(toid, tid, old, jrow) -> bool:
        """The WHEN MATCHED part for one joined row; False when the target
        row turned out to be gone (concurrently deleted, or its newest
        version no longer satisfies the join) and the WHEN NOT MATCHED
        clauses apply instead."""
        act = choose(jrow)
        while True:
            if act is None or act[0].command == "nothing":
                counts["skipped"] += 1
                return True
            key = (toid, tid)
            if key in touched:      # INV-MERGE-2
                raise PgError(CARDINALITY_VIOLATION, "MERGE command cannot affect row a second time",
                              hint="Ensure that not more than one source row matches any one target row.")
            state: dict = {}
            if act[0].command == "update":
                done = do_update(toid, tid, old, jrow, act, state)
            else:
                done = do_delete(toid, tid, old, jrow, act, state)
            if done:
                touched.add(key)
                counts["updated" if act[0].command == "update" else "deleted"] += 1
                return True
            if done is False:
                counts["skipped"] += 1
                return True
            if "again" in state:            # another action now applies to the newest version
                tid, old, jrow, act = state["again"]
                continue
            return False                    # gone: WHEN NOT MATCHED

    for batch in run_plan(plan.child, ectx, planner):
        for jrow in batch:
            tid = jrow[tid_pos]
            if tid is not None:
                toid = rel.oid if toid_pos is None else jrow[toid_pos]
                if any(p is None for p in positions):
                    old = tm.heap.fetch(tid)[1] if toid == rel.oid else None
                else:
                    old = tuple(jrow[p] for p in positions)
                if merge_matched(toid, tid, old, jrow):
                    continue
                # the row was deleted or no longer joins (read committed): NOT MATCHED
            for act in not_matched:
                if act[1] is None or act[1](jrow) is True:
                    break
            else:
                act = None
            if act is None or act[0].command == "nothing":
                counts["skipped"] += 1
                continue
            counts["inserted" if do_insert(jrow, act) else "skipped"] += 1

    # INV-MERGE-3: queued AFTER ROW events in write order, then AFTER STATEMENT
    for t, old, new in after_queue:
        for tg in t.after_rows:
            if t._qualifies(tg, old, new):
                t._call(tg, "AFTER", "ROW", old, new)
    for op in ("DELETE", "UPDATE", "INSERT"):
        if trigs.get(op) is not None:
            trigs[op].finish()
    inst = getattr(ectx, "instrument", None)
    if inst is not None:
        inst.__dict__.setdefault("merge_counts", {})[id(plan)] = dict(counts)
    session.set_rowcount(counts["inserted"] + counts["updated"] + counts["deleted"])
    return
    yield  # a generator, like every plan node runner (MERGE returns no rows)


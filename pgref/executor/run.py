"""Running plan nodes: each node becomes a generator of row batches
(PostgreSQL's ExecProcNode, one file per node there; one function per node
here, named after the plan node it runs).

Where it sits: ``executor/`` (spec/07-executor.md, "Plan execution").
``run_plan(plan, ectx)`` returns an iterator of batches (lists of row
tuples, up to ``BATCH`` rows); ``run_plan_rows`` flattens them.  Rows flow
upward in batches so per-row Python overhead stays inside list
comprehensions (INV-EXEC-2: a node never materializes its whole input
unless its semantics require it -- Sort, Agg, hash-join build side,
Distinct, set operations, CTEs).  Under EXPLAIN ANALYZE (``ectx.instrument``
set, an ``Instrument``) run_plan wraps each node to count its loops, rows,
rejected rows and time; otherwise nothing is wrapped (spec/07-executor.md,
"EXPLAIN ANALYZE", INV-EXPLAIN-4).
"""
from __future__ import annotations

import functools
import itertools
from typing import Iterator

from pgref.errors import (FEATURE_NOT_SUPPORTED, INTERNAL_ERROR, INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
                          INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE, PgError)
from pgref.executor import keys as K
from pgref.executor.expr import Layout, compile_expr, compile_quals, compare_function, function_impl
from pgref.planner import plan as P
from pgref.types import oids as T

BATCH = 1024
Batch = list


def run_plan(plan: P.Plan, ectx, planner=None) -> Iterator[Batch]:
    fn = _RUNNERS.get(type(plan))
    if fn is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"plan node {type(plan).__name__} cannot be executed")
    inst = getattr(ectx, "instrument", None)
    if inst is not None:          # EXPLAIN ANALYZE (Instrument below)
        return _instrumented(fn(plan, ectx, planner), inst.record(plan), inst.clock)
    return fn(plan, ectx, planner)


# ---------------------------------------------------------------- instrumentation
class NodeStats:
    """One plan node's counters (PostgreSQL's Instrumentation): ``loops``
    the times the node was started and pulled from, ``rows`` the rows it
    returned in all, ``removed`` the rows its own quals rejected (Rows
    Removed by Filter / Join Filter), ``fetches`` heap fetches of an
    index-only scan, ``startup`` / ``total`` seconds spent in the node
    (children included) until its first row / in all."""
    __slots__ = ("plan", "loops", "rows", "removed", "fetches", "startup", "total")

    def __init__(self, plan):
        self.plan = plan          # keeps the node alive: stats are keyed by id(plan)
        self.loops = self.rows = self.removed = self.fetches = 0
        self.startup = self.total = 0.0


class Instrument:
    """Per-node counters of one EXPLAIN ANALYZE run, set as
    ``ectx.instrument``; without it run_plan runs nodes unwrapped
    (spec/07-executor.md, "EXPLAIN ANALYZE").  ``subplans`` maps
    id(SubLink) to the plan the executor compiled for it."""

    def __init__(self, timing: bool = True):
        import time
        self.timing = timing
        self.clock = time.perf_counter if timing else (lambda: 0.0)
        self.nodes: dict[int, NodeStats] = {}
        self.subplans: dict[int, P.Plan] = {}

    def record(self, plan) -> NodeStats:
        st = self.nodes.get(id(plan))
        if st is None:
            st = self.nodes[id(plan)] = NodeStats(plan)
        return st

    def get(self, plan) -> NodeStats | None:
        return self.nodes.get(id(plan))


def _instrumented(it, st: NodeStats, clock):
    """Run one loop of a node, counting its rows and time; a loop counts
    once the node is first pulled from (a node never pulled from shows
    "never executed")."""
    st.loops += 1
    spent = 0.0
    first = True
    try:
        while True:
            t = clock()
            try:
                batch = next(it)
            except StopIteration:
                spent += clock() - t
                return
            spent += clock() - t
            if first and batch:
                st.startup += spent
                first = False
            st.rows += len(batch)
            yield batch
    finally:
        if first:
            st.startup += spent
        st.total += spent
        close = getattr(it, "close", None)
        if close is not None:
            close()


def _counted(pred, plan, ectx):
    """``pred`` counting the rows it rejects into the node's stats, under
    EXPLAIN ANALYZE only."""
    inst = getattr(ectx, "instrument", None)
    if pred is None or inst is None:
        return pred
    st = inst.record(plan)

    def counted(row):
        if pred(row):
            return True
        st.removed += 1
        return False
    return counted


def run_plan_rows(plan: P.Plan, ectx, planner=None):
    for batch in run_plan(plan, ectx, planner):
        yield from batch


def batched(rows, size: int = BATCH):
    """Regroup an iterator of rows into batches of up to ``size`` rows."""
    out = []
    for r in rows:
        out.append(r)
        if len(out) >= size:
            yield out
            out = []
    if out:
        yield out


def _filter(batches, pred):
    if pred is None:
        yield from batches
        return
    for b in batches:
        out = [r for r in b if pred(r)]
        if out:
            yield out


# ---------------------------------------------------------------- scans
def run_Result(plan: P.Result, ectx, planner):
    pred = compile_quals(plan.quals, Layout(()), ectx, planner)
    if pred is None or pred(()):
        yield [()]


def _self_contained(quals, ectx) -> bool:
    """Do these quals depend only on the scanned row (no column of an
    enclosing query, no subquery, no volatile function)?"""
    from pgref.analyzer import nodes as N
    from pgref.planner.planner import walk_expr
    for q in quals:
        for e, _depth in walk_expr(q, 0):
            if isinstance(e, (N.SubLink, N.Aggref)):
                return False
            if isinstance(e, N.Var) and e.levelsup > 0:
                return False
            funcid = getattr(e, "funcid", None)
            if funcid and isinstance(funcid, int):
                try:
                    if ectx.cat.proc(funcid).volatile == "v":
                        return False
                except PgError:
                    return False
    return True


def run_SeqScan(plan: P.SeqScan, ectx, planner):
    rel = ectx.cat.relation(plan.relid)
    if rel.kind == "S":
        yield [ectx.session.sequence_row(plan.relid)]
        return
    if getattr(rel, "system", False):
        from pgref.catalog.sysrels import rows as system_rows
        # a scan whose quals read nothing but its own row gives the same
        # rows every time this statement runs it (a correlated subquery
        # over pg_attribute runs it once per outer row)
        fixed = _self_contained(plan.quals, ectx)
        rows = ectx.sysrel_cache.get(("scan", id(plan))) if fixed else None
        if rows is None:
            rows = ectx.sysrel_cache.get(plan.relid)
            if rows is None:
                rows = ectx.sysrel_cache[plan.relid] = system_rows(ectx.session, plan.relid)
            if plan.tableoid:
                rows = [r + (plan.relid,) for r in rows]
            pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
            pred = _counted(pred, plan, ectx)
            if pred is not None:
                rows = [r for r in rows if pred(r)]
            if fixed:
                ectx.sysrel_cache[("scan", id(plan))] = rows
        for i in range(0, len(rows), BATCH):
            yield rows[i:i + BATCH]
        return
    heap = ectx.tables.heap(plan.relid)
    vis = ectx.snapshot.visible
    layout = Layout(plan.layout)
    pred = compile_quals(plan.quals, layout, ectx, planner)
    pred = _counted(pred, plan, ectx)
    if plan.sysattrs:
        shape = _row_shaper(plan.colmap, ())
        extra = _system_values(plan)
        for batch in heap.scan_batches(visible=vis, with_headers=True):
            if ectx.check_cancel is not None:
                ectx.check_cancel()
            rows = [shape(vals) + extra(tid, hdr) for tid, vals, hdr in batch]
            if pred is not None:
                rows = [r for r in rows if pred(r)]
            if rows:
                yield rows
        return
    if plan.with_tid or plan.colmap or plan.tableoid:
        shape = _row_shaper(plan.colmap, (plan.relid,) if plan.tableoid else ())
        for batch in heap.scan_batches(visible=vis, with_tids=True):
            if ectx.check_cancel is not None:
                ectx.check_cancel()
            if plan.with_tid:
                rows = [shape(vals) + (tid,) for tid, vals in batch]
            else:
                rows = [shape(vals) for _tid, vals in batch]
            if pred is not None:
                rows = [r for r in rows if pred(r)]
            if rows:
                yield rows
        return
    for batch in heap.scan_batches(visible=vis):
        if ectx.check_cancel is not None:
            ectx.check_cancel()
        if pred is not None:
            batch = [r for r in batch if pred(r)]
        if batch:
            yield batch


def _system_values(plan):
    """The system-column values a scan appends after the table's columns,
    in its layout's order: tableoid (-6), xmin (-2), cmin (-3), xmax (-4),
    cmax (-5) from the tuple header (cmin and cmax both show the raw
    t_cid, as heap_getsysattr does), and the tuple id (-1)."""
    getters = []
    for key in plan.layout:
        if key[0] != "v" or key[2] >= 0:
            continue
        a = key[2]
        if a == -6:
            relid = plan.relid
            getters.append(lambda tid, hdr, relid=relid: relid)
        elif a == -1:
            getters.append(lambda tid, hdr: tid)
        elif a in (-2, -4):
            getters.append(lambda tid, hdr, f="xmin" if a == -2 else "xmax": getattr(hdr, f))
        else:
            getters.append(lambda tid, hdr: hdr.cid)
    return lambda tid, hdr: tuple(g(tid, hdr) for g in getters)


def _row_shaper(colmap: tuple[int, ...], extra: tuple):
    """Rows of an inheritance child in its parent's column order (INV-INH-1:
    ``colmap`` names the child attno of each parent column, 0 for a column
    the parent has dropped), followed by ``extra`` (the tableoid)."""
    if not colmap:
        if not extra:
            return lambda vals: vals
        return lambda vals: vals + extra
    idx = [a - 1 for a in colmap]

    def shape(vals):
        return tuple(vals[i] if i >= 0 else None for i in idx) + extra
    return shape


def run_Append(plan: P.Append, ectx, planner):
    for sub in plan.subplans:
        yield from run_plan(sub, ectx, planner)


def run_IndexScan(plan: P.IndexScan, ectx, planner):
    heap = ectx.tables.heap(plan.relid)
    index = ectx.tables.index(plan.index_oid)
    empty = Layout(())
    row: tuple = ()
    if getattr(plan, "param_layout", None) is not None:
        # the inner side of a parameterized nested loop: the index bounds
        # read the current outer row (PostgreSQL's NestLoopParams)
        empty = Layout(plan.param_layout)
        row = ectx.nestloop_rows[-1]
    eqs = [compile_expr(e, empty, ectx, planner)(row) for e in plan.eq_values]
    if any(v is None for v in eqs):
        return
    lower = upper = None
    if plan.lower is not None:
        v = compile_expr(plan.lower[0], empty, ectx, planner)(row)
        if v is None:
            return
        lower = (v, plan.lower[1])
    if plan.upper is not None:
        v = compile_expr(plan.upper[0], empty, ectx, planner)(row)
        if v is None:
            return
        upper = (v, plan.upper[1])
    layout = Layout(plan.layout)
    pred = compile_quals(plan.quals, layout, ectx, planner)
    pred = _counted(pred, plan, ectx)
    vis = ectx.snapshot.visible
    shape = _row_shaper(plan.colmap, (plan.relid,) if plan.tableoid else ())
    shape_cols = _row_shaper(plan.colmap, ())
    extra = _system_values(plan)

    from pgref.mvcc.horizon import dead_index_entry_killer
    kill, kill_finish = dead_index_entry_killer(ectx, plan.relid, plan.index_oid, heap, index)

    if plan.backward:
        # R2b: a descending ORDER BY read from an ascending index (or the
        # reverse); the same bounds, walked from the high end
        eq = tuple(eqs)
        lo, lo_inc = (eq + (lower[0],), lower[1]) if lower is not None else (eq or None, True)
        hi, hi_inc = (eq + (upper[0],), upper[1]) if upper is not None else (eq or None, True)
        tids = (tid for _key, tid in index.bt.scan(lo, lo_inc, hi, hi_inc, backward=True))
    else:
        tids = index.scan_tids(tuple(eqs), lower, upper)
    if getattr(plan, "bitmap", False):
        # a Bitmap Heap Scan: all matching tuple ids first, then the heap
        # in physical order (tbm_iterate returns blocks in order)
        tids = sorted(set(tids))
    inst = getattr(ectx, "instrument", None)
    if inst is not None and plan.index_only:
        # Heap Fetches: pgref keeps no visibility map, so an index-only
        # scan fetches the heap tuple of every entry it visits
        st = inst.record(plan)

        def fetched(tids):
            for tid in tids:
                st.fetches += 1
                yield tid
        tids = fetched(tids)

    def rows():
        # an index-only scan (plan.index_only) reads the heap tuple too:
        # pgref keeps no visibility map, so visibility is checked here for
        # every entry (spec/07-executor.md, "Index scans")
        for tid in tids:
            got = heap.fetch(tid, visible=vis)
            if got is None:
                if kill is not None:
                    kill(tid)             # kill_prior_tuple (mvcc/horizon.py)
                continue
            if plan.sysattrs:
                row = shape_cols(got[1]) + extra(tid, got[0])
            else:
                row = shape(got[1])
                if plan.with_tid:
                    row = row + (tid,)
            if pred is None or pred(row):
                yield row
        if kill_finish is not None:
            kill_finish()
    yield from batched(rows())


def run_ValuesScan(plan: P.ValuesScan, ectx, planner):
    empty = Layout(())
    rows = []
    for r in plan.rows:
        fs = [compile_expr(e, empty, ectx, planner) for e in r]
        rows.append(tuple(f(()) for f in fs))
    yield rows


def run_SubqueryScan(plan: P.SubqueryScan, ectx, planner):
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
    pred = _counted(pred, plan, ectx)
    yield from _filter(run_plan(plan.subplan, ectx, planner), pred)


class SharedRows:
    """A WITH query's rows, computed at most once and only as far as some
    reader has needed them: several CteScans of one CTE read the same
    buffer, and a LIMIT above an endless recursive CTE stops it (as
    PostgreSQL's CTE tuplestore does)."""

    def __init__(self, source):
        self.source = source
        self.buffer: list[tuple] = []
        self.done = False

    def reader(self):
        i = 0
        while True:
            if i < len(self.buffer):
                yield self.buffer[i]
                i += 1
                continue
            if self.done:
                return
            try:
                self.buffer.append(next(self.source))
            except StopIteration:
                self.done = True


def _at_outer_levels(rows, ectx, stack):
    """Run a WITH query's row source with ``ectx.outer`` set to ``stack``
    whenever it is asked for a row: its column references to enclosing
    queries (levelsup >= 2, the WITH-owning query being level 1) read the
    rows that were current when the WITH query started, wherever its
    reader sits."""
    while True:
        saved = ectx.outer
        ectx.outer = stack
        try:
            row = next(rows)
        except StopIteration:
            return
        finally:
            ectx.outer = saved
        yield row


def run_CteScan(plan: P.CteScan, ectx, planner):
    key = id(plan.subplan)
    shared = ectx.cte_cache.get(key)
    if shared is None:
        # the WITH-owning query's level: a WITH query cannot read its
        # sibling FROM items, so that level holds no row; a reader nested
        # ``levelsup`` levels below the owner drops those levels
        outer = list(ectx.outer)
        if plan.levelsup:
            outer = outer[:max(0, len(outer) - plan.levelsup)]
        stack = outer + [(Layout(()), ())]
        source = _at_outer_levels(run_plan_rows(plan.subplan, ectx, planner), ectx, stack)
        shared = ectx.cte_cache[key] = SharedRows(source)
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
    pred = _counted(pred, plan, ectx)
    out = []
    for r in shared.reader():
        if pred is None or pred(r):
            out.append(r)
            if len(out) >= 64:
                yield out
                out = []
    if out:
        yield out


def run_FunctionScan(plan: P.FunctionScan, ectx, planner):
    """One function, or several side by side (ROWS FROM: shorter results
    are padded with NULLs), plus WITH ORDINALITY (spec/12-functions.md)."""
    funcs = plan.funcs or ((plan.func, len(plan.coltypes) or 1),)
    parts = []
    start = 0
    for func, width in funcs:
        parts.append(_function_rows(func, width, plan.coltypes[start:start + width],
                                    plan.coltypmods[start:start + width], ectx, planner))
        start += width
    if len(parts) == 1:
        rows = parts[0]
    else:
        pads = [(None,) * w for _f, w in funcs]
        rows = [tuple(x for k, part in enumerate(parts) for x in (part[n] if n < len(part) else pads[k]))
                for n in range(max((len(p) for p in parts), default=0))]
    if plan.ordinality:
        rows = [r + (i,) for i, r in enumerate(rows, 1)]
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
    pred = _counted(pred, plan, ectx)
    if pred is not None:
        rows = [r for r in rows if pred(r)]
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def _function_rows(func, width: int, coltypes, coltypmods, ectx, planner) -> list[tuple]:
    from pgref.analyzer import nodes as N
    empty = Layout(())
    if isinstance(func, N.FuncExpr) and func.retset:
        proc, fn = function_impl(ectx, func.funcid, tuple(a.typ for a in func.args), func.variadic, func.typ)
        args = [compile_expr(a, empty, ectx, planner)(()) for a in func.args]
        if proc.strict and any(a is None for a in args):
            return []
        values = list(fn(*args))
    else:
        values = [compile_expr(func, empty, ectx, planner)(())]
    ti = ectx.cat.typeinfo(func.typ)
    if func.typ == T.RECORDOID or (ti is not None and ti.typtype == "c"):
        # a function returning rows: one column per field
        if func.typ == T.RECORDOID and coltypes:
            from pgref.executor.userfunc import record_matcher
            match = record_matcher(ectx, func, tuple(coltypes), tuple(coltypmods))
            return [(None,) * width if v is None else match(v) for v in values]
        return [(None,) * width if v is None else tuple(getattr(v, "values", v)) for v in values]
    return [(v,) for v in values]


# ---------------------------------------------------------------- joins
def _null_row(n: int) -> tuple:
    return (None,) * n


def _join_rows(plan, ectx, planner, right_rows, candidates, pred):
    """The join loop shared by NestLoop and HashJoin: for each left row, the
    right rows ``candidates(left)`` names (indices into ``right_rows``) that
    pass ``pred`` are joined; outer joins add the NULL-extended rows of
    whichever side found no partner."""
    jt = plan.jointype
    nl, nr = len(plan.left.layout), len(plan.right.layout)
    matched = [False] * len(right_rows) if jt in ("right", "full") else None
    for batch in run_plan(plan.left, ectx, planner):
        out = []
        for l in batch:
            hit = False
            for idx in candidates(l):
                row = l + right_rows[idx]
                if pred is None or pred(row):
                    hit = True
                    out.append(row)
                    if matched is not None:
                        matched[idx] = True
            if not hit and jt in ("left", "full"):
                out.append(l + _null_row(nr))
        if out:
            yield out
    if matched is not None:
        out = [_null_row(nl) + r for r, m in zip(right_rows, matched) if not m]
        if out:
            yield out


def run_NestLoop(plan: P.NestLoop, ectx, planner):
    layout = Layout(plan.layout)
    pred = compile_quals(plan.quals, layout, ectx, planner)
    pred = _counted(pred, plan, ectx)
    if plan.lateral:
        yield from _lateral_loop(plan, pred, ectx, planner)
        return
    if getattr(plan, "param_inner", False):
        yield from _param_loop(plan, pred, ectx, planner)
        return
    right_rows = list(run_plan_rows(plan.right, ectx, planner))
    every = range(len(right_rows))
    yield from _join_rows(plan, ectx, planner, right_rows, lambda l: every, pred)


def _param_loop(plan: P.NestLoop, pred, ectx, planner):
    """A nested loop whose inner index scan takes its bounds from each outer
    row (PostgreSQL's NestLoopParams): the row is pushed on
    ``ectx.nestloop_rows`` while the inner side re-runs."""
    yield from _rerun_loop(plan, pred, ectx, planner, ectx.nestloop_rows, lambda l: l)


def _lateral_loop(plan: P.NestLoop, pred, ectx, planner):
    """Inner or left join with a LATERAL right side: the left row is pushed
    as the outer row its correlated references read, and the right side
    re-runs."""
    left_layout = Layout(plan.left.layout)
    yield from _rerun_loop(plan, pred, ectx, planner, ectx.outer, lambda l: (left_layout, l))


def _rerun_loop(plan: P.NestLoop, pred, ectx, planner, stack: list, entry):
    """For each left row: push ``entry(row)`` on ``stack``, run the right
    side again, join its rows that pass ``pred``; a left join null-extends
    a left row nothing matched."""
    nr = len(plan.right.layout)
    for batch in run_plan(plan.left, ectx, planner):
        out = []
        for l in batch:
            stack.append(entry(l))
            try:
                rights = list(run_plan_rows(plan.right, ectx, planner))
            finally:
                stack.pop()
            hit = False
            for r in rights:
                row = l + r
                if pred is None or pred(row):
                    out.append(row)
                    hit = True
            if not hit and plan.jointype == "left":
                out.append(l + _null_row(nr))
        if out:
            yield out


def run_MergeJoin(plan: P.MergeJoin, ectx, planner):
    """ExecMergeJoin over inputs the planner sorted on the keys: for each
    outer row, the run of inner rows with equal keys (re-read from its
    mark for the next outer row of the same key); rows whose key has a
    NULL never match.  Outer rows nothing matched are null-extended where
    they are read (LEFT/FULL); inner rows are null-extended when the merge
    moves past them unmatched, the rest at the end (RIGHT/FULL)."""
    jt = plan.jointype
    pred = _counted(compile_quals(plan.quals, Layout(plan.layout), ectx, planner), plan, ectx)
    lk = [compile_expr(e, Layout(plan.left.layout), ectx, planner) for e in plan.left_keys]
    rk = [compile_expr(e, Layout(plan.right.layout), ectx, planner) for e in plan.right_keys]
    cmps = [compare_function(ectx, f) for f in plan.cmpfuncs]
    nl, nr = len(plan.left.layout), len(plan.right.layout)
    inner = list(run_plan_rows(plan.right, ectx, planner))
    ikeys = [tuple(f(r) for f in rk) for r in inner]
    n = len(inner)
    fill_inner = jt in ("right", "full")
    fill_outer = jt in ("left", "full")
    matched = [False] * n

    def compare(a, b) -> int:
        for c, x, y in zip(cmps, a, b):
            r = c(x, y)
            if r:
                return r
        return 0

    def nullkey(k) -> bool:
        return any(v is None for v in k)

    out: list = []
    j = 0                       # first inner row not yet passed
    group = None                # (start, end) of the inner run equal to the last outer key
    group_key = None
    for batch in run_plan(plan.left, ectx, planner):
        for o in batch:
            ko = tuple(f(o) for f in lk)
            hit = False
            if not nullkey(ko):
                if group is None or compare(ko, group_key) != 0:
                    if group is not None and fill_inner:
                        out.extend(_null_row(nl) + inner[i] for i in range(*group) if not matched[i])
                    if group is not None:
                        j = group[1]
                    group = None
                    while j < n and not nullkey(ikeys[j]) and compare(ikeys[j], ko) < 0:
                        if fill_inner and not matched[j]:
                            out.append(_null_row(nl) + inner[j])
                        j += 1
                    end = j
                    while end < n and not nullkey(ikeys[end]) and compare(ikeys[end], ko) == 0:
                        end += 1
                    if end > j:
                        group, group_key = (j, end), ko
                if group is not None:
                    for i in range(*group):
                        row = o + inner[i]
                        if pred is None or pred(row):
                            out.append(row)
                            matched[i] = hit = True
            if not hit and fill_outer:
                out.append(o + _null_row(nr))
        if len(out) >= 256:
            yield out
            out = []
    if fill_inner:
        start = group[0] if group is not None else j
        out.extend(_null_row(nl) + inner[i] for i in range(start, n) if not matched[i])
    if out:
        yield out


def _key_fn(exprs, types, layout, ectx, planner):
    fs = [compile_expr(e, layout, ectx, planner) for e in exprs]
    norms = [K.hash_key_function(t) for t in types]

    def key(row):
        out = []
        for f, n in zip(fs, norms):
            v = f(row)
            if v is None:
                return None
            out.append(v if n is None else n(v))
        return tuple(out)
    return key


def run_HashJoin(plan: P.HashJoin, ectx, planner):
    lkey = _key_fn(plan.left_keys, plan.key_types, Layout(plan.left.layout), ectx, planner)
    rkey = _key_fn(plan.right_keys, plan.key_types, Layout(plan.right.layout), ectx, planner)
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
    pred = _counted(pred, plan, ectx)
    table: dict = {}
    right_rows = list(run_plan_rows(plan.right, ectx, planner))
    for idx, r in enumerate(right_rows):
        k = rkey(r)
        if k is not None:                   # NULL keys never match
            table.setdefault(k, []).append(idx)
    for chain in table.values():
        # ExecHashTableInsert puts each tuple at the head of its bucket's
        # chain, so a probe meets equal keys newest first
        chain.reverse()

    def candidates(l):
        k = lkey(l)
        return table.get(k, ()) if k is not None else ()
    yield from _join_rows(plan, ectx, planner, right_rows, candidates, pred)


# ---------------------------------------------------------------- filter / project
def run_Material(plan: P.Material, ectx, planner):
    """A nested loop reads its inner side once and keeps the rows
    (run_NestLoop), so Materialize passes its input through."""
    yield from run_plan(plan.child, ectx, planner)


def run_Filter(plan: P.Filter, ectx, planner):
    layout = Layout(plan.child.layout)
    pred = compile_quals(plan.quals, layout, ectx, planner)
    pred = _counted(pred, plan, ectx)
    yield from _filter(run_plan(plan.child, ectx, planner), pred)


def run_Project(plan: P.Project, ectx, planner):
    from pgref.analyzer import nodes as N
    layout = Layout(plan.child.layout)
    if any(_srfs_in(e) for e in plan.exprs):
        yield from _project_set(plan, layout, ectx, planner)
        return
    fs = [compile_expr(e, layout, ectx, planner) for e in plan.exprs]
    if getattr(plan, "positional", False) or all(isinstance(e, N.Var) and e.varno == -1 for e in plan.exprs):
        if fs and all(isinstance(e, N.Var) and e.varno == -1 for e in plan.exprs):
            idx = [e.varattno - 1 for e in plan.exprs]
            for batch in run_plan(plan.child, ectx, planner):
                yield [tuple(r[i] for i in idx) for r in batch]
            return
    n = len(fs)
    for batch in run_plan(plan.child, ectx, planner):
        if n == 1:
            f0 = fs[0]
            yield [(f0(r),) for r in batch]
        else:
            yield [tuple([f(r) for f in fs]) for r in batch]


_DONE = object()


def _field_of_set(fn, k: int):
    def f(*args):
        return (None if v is None else tuple(getattr(v, "values", v))[k] for v in fn(*args))
    return f


def _srfs_in(e) -> list:
    """The outermost set-returning calls in a target expression, not looking
    into sub-selects or aggregates (they have their own row sets).  A set
    function in another one's arguments needs a second ProjectSet level,
    which pgref does not build: 0A000."""
    from dataclasses import fields, is_dataclass

    from pgref.analyzer import nodes as N
    out: list = []

    def walk(x, inside: bool) -> None:
        if isinstance(x, tuple):
            for y in x:
                walk(y, inside)
            return
        if not isinstance(x, N.Expr) or isinstance(x, (N.SubLink, N.Aggref, N.WindowFunc)):
            return
        if isinstance(x, N.FuncExpr) and x.retset:
            if inside:
                raise PgError(FEATURE_NOT_SUPPORTED, "set-returning functions in the arguments of "
                                                     "set-returning functions are not supported yet")
            out.append(x)
            walk(x.args, True)
            return
        for f in fields(x):
            v = getattr(x, f.name)
            if isinstance(v, (tuple, N.Expr)) and (not is_dataclass(v) or isinstance(v, N.Expr)):
                walk(v, inside)
    walk(e, False)
    return out


def _project_set(plan, layout, ectx, planner):
    """A target list with set-returning functions (PostgreSQL's ProjectSet):
    the SRFs -- whole target entries or calls inside one, like
    ``generate_series(1, 5) / 2`` -- run in lockstep; the row count is the
    longest result, and an exhausted set reads as NULL meanwhile."""
    from pgref.analyzer import nodes as N
    srfs: list = []            # (proc, fn, argfs) per set-returning call
    entries: list = []         # ("srf", k) | ("expr", fn over row + set values) | ("val", fn)
    for e in plan.exprs:
        if isinstance(e, N.FieldSelect) and isinstance(e.arg, N.FuncExpr) and e.arg.retset:
            # (srf(...)).field: the field of each row of the set
            call = e.arg
            proc, fn = function_impl(ectx, call.funcid, tuple(a.typ for a in call.args), call.variadic, call.typ)
            srfs.append((proc, _field_of_set(fn, e.fieldnum - 1),
                         [compile_expr(a, layout, ectx, planner) for a in call.args]))
            entries.append(("srf", len(srfs) - 1))
            continue
        calls = _srfs_in(e)
        if not calls:
            entries.append(("val", compile_expr(e, layout, ectx, planner)))
            continue
        first = len(srfs)
        for call in calls:
            proc, fn = function_impl(ectx, call.funcid, tuple(a.typ for a in call.args), call.variadic, call.typ)
            srfs.append((proc, fn, [compile_expr(a, layout, ectx, planner) for a in call.args]))
        if len(calls) == 1 and calls[0] is e:
            entries.append(("srf", first))
            continue
        # the enclosing expression reads each call's current value from
        # columns appended to the input row (a Result above the ProjectSet)
        wide = Layout(layout.keys + tuple(("srf", k) for k in range(len(srfs))))
        wide.index.update({c: len(layout.keys) + first + j for j, c in enumerate(calls)})
        entries.append(("expr", compile_expr(e, wide, ectx, planner)))
    # the sets are pulled lazily, a row at a time, so a LIMIT above stops an
    # endless one (generate_series(..., 'infinity', ...) LIMIT 10)
    out: list = []
    for batch in run_plan(plan.child, ectx, planner):
        for r in batch:
            its = []
            for proc, fn, argfs in srfs:
                args = [a(r) for a in argfs]
                its.append(iter(()) if proc.strict and any(a is None for a in args) else iter(fn(*args)))
            while True:
                vals, live = [], False
                for it in its:
                    v = next(it, _DONE)
                    if v is _DONE:
                        v = None
                    else:
                        live = True
                    vals.append(v)
                if not live:
                    break
                wide_row = r + tuple(vals)
                # the other target entries are evaluated for every output row
                out.append(tuple(vals[x[1]] if x[0] == "srf" else x[1](wide_row) if x[0] == "expr" else x[1](r)
                                 for x in entries))
                if len(out) >= BATCH:
                    yield out
                    out = []
    if out:
        yield out


# ---------------------------------------------------------------- aggregation
def run_Agg(plan: P.Agg, ectx, planner):
    from pgref.executor.agg import AggRunner
    yield from AggRunner(plan, ectx, planner).run()


def run_WindowAgg(plan: P.WindowAgg, ectx, planner):
    from pgref.executor.window import WindowRunner
    yield from WindowRunner(plan, ectx, planner).run()


# ---------------------------------------------------------------- sort / distinct / limit
def sort_rows(rows: list, positions, keys, ectx) -> list:
    """An in-memory stable multi-key sort (aggregate ORDER BY uses it)."""
    from pgref.executor.sort import Sorter
    return Sorter(positions, keys, lambda f: compare_function(ectx, f), 0).sort_in_memory(rows)


def run_Sort(plan: P.Sort, ectx, planner):
    from pgref.executor.sort import Sorter, work_mem_bytes
    wm = work_mem_bytes(ectx.session.settings.get("work_mem")) if ectx.session is not None else 4 << 20
    sorter = Sorter(plan.positions, plan.keys, lambda f: compare_function(ectx, f), wm)
    for batch in run_plan(plan.child, ectx, planner):
        for r in batch:
            sorter.add(r)
    if getattr(plan, "pg_qsort", False) and not sorter.runs:
        # PostgreSQL's own sort algorithms, so rows with equal keys (window
        # peers, ORDER BY ties) come out in PostgreSQL's order
        # (executor/pgsort.py, INV-WIN-1): its quicksort, or -- under a
        # LIMIT, past twice its bound rows -- its bounded heap sort
        from pgref.executor.pgsort import pg_bounded_heapsort, pg_qsort
        bound = getattr(plan, "bound", None)
        if hasattr(plan, "bound") and bound is None:
            yield from batched(sorter.finish())      # a LIMIT of unknown size
            return
        rows = sorter.rows
        if bound is not None and 0 < bound and len(rows) > 2 * bound:
            yield from batched(pg_bounded_heapsort(rows, bound, sorter._compare()))
            return
        pg_qsort(rows, sorter._compare())
        yield from batched(rows)
        return
    yield from batched(sorter.finish())


def _row_key(positions, types):
    norms = [K.hash_key_function(t) for t in types]
    pos = list(positions)

    def key(row):
        return tuple(None if row[p] is None else (row[p] if n is None else n(row[p]))
                     for p, n in zip(pos, norms))
    return key


def run_Distinct(plan: P.Distinct, ectx, planner):
    key = _row_key(plan.positions, plan.types)
    seen = set()
    for batch in run_plan(plan.child, ectx, planner):
        out = []
        for r in batch:
            k = key(r)
            if k not in seen:
                seen.add(k)
                out.append(r)
        if out:
            yield out


def _limit_value(e, ectx, planner, what: str):
    if e is None:
        return None
    v = compile_expr(e, Layout(()), ectx, planner)(())
    if v is None:
        return None
    if v < 0:
        if what == "LIMIT":
            raise PgError(INVALID_ROW_COUNT_IN_LIMIT_CLAUSE, "LIMIT must not be negative")
        raise PgError(INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE, "OFFSET must not be negative")
    return v


def run_Limit(plan: P.Limit, ectx, planner):
    offset = _limit_value(plan.offset, ectx, planner, "OFFSET") or 0
    count = _limit_value(plan.count, ectx, planner, "LIMIT")
    if count is not None and count == 0 and not plan.ties_positions:
        return
    rows_it = run_plan_rows(plan.child, ectx, planner)
    rows_it = itertools.islice(rows_it, offset, None)
    if count is None:
        yield from batched(rows_it)
        return
    out = []
    last = None
    key = _row_key(plan.ties_positions, plan.ties_types) if plan.ties_positions else None
    n = 0
    inst = getattr(ectx, "instrument", None)
    if inst is not None:
        st = inst.record(plan.child)
        before = st.rows
    peeked = 0
    for r in rows_it:
        if n >= count:
            if key is not None and count > 0 and key(r) == key(last):
                out.append(r)
                continue
            peeked = 1 if key is not None else 0     # WITH TIES read one row past
            break
        out.append(r)
        last = r
        n += 1
    if inst is not None and st.rows - before > offset + len(out) + peeked:
        # EXPLAIN ANALYZE: the child ran a whole batch, PostgreSQL's child
        # returns only the rows its Limit fetched (spec/07-executor.md,
        # "EXPLAIN ANALYZE")
        st.rows = before + offset + len(out) + peeked
    if out:
        yield out


# ---------------------------------------------------------------- set operations
def run_SetOp(plan: P.SetOp, ectx, planner):
    key = _row_key(range(len(plan.types)), plan.types)
    left = run_plan_rows(plan.left, ectx, planner)
    right = run_plan_rows(plan.right, ectx, planner)
    op, all_ = plan.op, plan.all
    if op == "union":
        if all_:
            for b in run_plan(plan.left, ectx, planner):
                yield b
            for b in run_plan(plan.right, ectx, planner):
                yield b
            return
        seen = set()
        out = []
        for r in itertools.chain(left, right):
            k = key(r)
            if k not in seen:
                seen.add(k)
                out.append(r)
        if out:
            yield out
        return
    rcount: dict = {}
    for r in right:
        k = key(r)
        rcount[k] = rcount.get(k, 0) + 1
    out = []
    if op == "intersect":
        emitted: set = set()
        for r in left:
            k = key(r)
            if all_:
                if rcount.get(k, 0) > 0:
                    rcount[k] -= 1
                    out.append(r)
            elif k in rcount and k not in emitted:
                emitted.add(k)
                out.append(r)
    else:  # except
        emitted = set()
        for r in left:
            k = key(r)
            if all_:
                if rcount.get(k, 0) > 0:
                    rcount[k] -= 1
                else:
                    out.append(r)
            elif k not in rcount and k not in emitted:
                emitted.add(k)
                out.append(r)
    if out:
        yield out


def run_RecursiveUnion(plan: P.RecursiveUnion, ectx, planner):
    """Rows are passed up as soon as they are made, so a LIMIT above an
    unbounded recursion ends it; each iteration's new rows become the work
    table of the next."""
    key = _row_key(range(len(plan.types)), plan.types)
    seen: set = set()

    def fresh(rows):
        for r in rows:
            if not plan.all:
                k = key(r)
                if k in seen:
                    continue
                seen.add(k)
            yield r

    work = []
    for r in fresh(run_plan_rows(plan.left, ectx, planner)):
        work.append(r)
        yield [r]
    inner_ctes = _cte_keys_under(plan.right)
    while work:
        if ectx.check_cancel is not None:
            ectx.check_cancel()
        ectx.worktables[plan.work_key] = work
        # the recursive term re-runs from scratch over the new work table,
        # WITH queries inside it included (INV-EXEC-CTE-2)
        ectx.initplan_cache.clear()
        for k in inner_ctes:
            ectx.cte_cache.pop(k, None)
        new = []
        for r in fresh(run_plan_rows(plan.right, ectx, planner)):
            new.append(r)
            yield [r]
        work = new
    ectx.worktables.pop(plan.work_key, None)


def _cte_keys_under(root) -> set[int]:
    """The ``cte_cache`` keys of every WITH query read somewhere below
    ``root`` (through CteScans, their own WITH queries and any plan held in
    a node's fields)."""
    import dataclasses
    keys: set[int] = set()
    seen: set[int] = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if n is None or isinstance(n, (str, int, float, bool, bytes)) or id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, P.CteScan):
            keys.add(id(n.subplan))
        if isinstance(n, (list, tuple)):
            stack.extend(n)
        elif dataclasses.is_dataclass(n) and not isinstance(n, type):
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n))
    return keys


def run_WorkTableScan(plan: P.WorkTableScan, ectx, planner):
    rows = ectx.worktables.get(plan.work_key, [])
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
    pred = _counted(pred, plan, ectx)
    if pred is not None:
        rows = [r for r in rows if pred(r)]
    if rows:
        yield list(rows)


def run_ModifyTable(plan: P.ModifyTable, ectx, planner):
    if plan.command == "merge":
        from pgref.executor.merge import run_merge
        yield from run_merge(plan, ectx, planner)
        return
    from pgref.executor.modify import run_modify
    yield from run_modify(plan, ectx, planner)


_RUNNERS = {
    P.Result: run_Result, P.SeqScan: run_SeqScan, P.IndexScan: run_IndexScan,
    P.ValuesScan: run_ValuesScan, P.SubqueryScan: run_SubqueryScan, P.CteScan: run_CteScan,
    P.FunctionScan: run_FunctionScan, P.NestLoop: run_NestLoop, P.HashJoin: run_HashJoin,
    P.Filter: run_Filter, P.Project: run_Project, P.Agg: run_Agg, P.Sort: run_Sort,
    P.Distinct: run_Distinct, P.Limit: run_Limit, P.SetOp: run_SetOp,
    P.ModifyTable: run_ModifyTable, P.RecursiveUnion: run_RecursiveUnion,
    P.WorkTableScan: run_WorkTableScan, P.Append: run_Append,
    P.WindowAgg: run_WindowAgg, P.Material: run_Material, P.MergeJoin: run_MergeJoin,
}

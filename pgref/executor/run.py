"""Running plan nodes: each node becomes a generator of row batches
(PostgreSQL's ExecProcNode, one file per node there; one function per node
here, named after the plan node it runs).

Where it sits: ``executor/`` (spec/07-executor.md, "Plan execution").
``run_plan(plan, ectx)`` returns an iterator of batches (lists of row
tuples, up to ``BATCH`` rows); ``run_plan_rows`` flattens them.  Rows flow
upward in batches so per-row Python overhead stays inside list
comprehensions (INV-EXEC-2: a node never materializes its whole input
unless its semantics require it -- Sort, Agg, hash-join build side,
Distinct, set operations, CTEs).
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
    return fn(plan, ectx, planner)


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
    eqs = [compile_expr(e, empty, ectx, planner)(()) for e in plan.eq_values]
    if any(v is None for v in eqs):
        return
    lower = upper = None
    if plan.lower is not None:
        v = compile_expr(plan.lower[0], empty, ectx, planner)(())
        if v is None:
            return
        lower = (v, plan.lower[1])
    if plan.upper is not None:
        v = compile_expr(plan.upper[0], empty, ectx, planner)(())
        if v is None:
            return
        upper = (v, plan.upper[1])
    layout = Layout(plan.layout)
    pred = compile_quals(plan.quals, layout, ectx, planner)
    vis = ectx.snapshot.visible
    shape = _row_shaper(plan.colmap, (plan.relid,) if plan.tableoid else ())
    shape_cols = _row_shaper(plan.colmap, ())
    extra = _system_values(plan)

    from pgref.mvcc.horizon import dead_index_entry_killer
    kill, kill_finish = dead_index_entry_killer(ectx, plan.relid, plan.index_oid, heap, index)

    def rows():
        for tid in index.scan_tids(tuple(eqs), lower, upper):
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
        # sibling FROM items, so that level holds no row
        stack = list(ectx.outer) + [(Layout(()), ())]
        source = _at_outer_levels(run_plan_rows(plan.subplan, ectx, planner), ectx, stack)
        shared = ectx.cte_cache[key] = SharedRows(source)
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
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
    if plan.lateral:
        yield from _lateral_loop(plan, pred, ectx, planner)
        return
    right_rows = list(run_plan_rows(plan.right, ectx, planner))
    every = range(len(right_rows))
    yield from _join_rows(plan, ectx, planner, right_rows, lambda l: every, pred)


def _lateral_loop(plan: P.NestLoop, pred, ectx, planner):
    """Inner join with a LATERAL right side: the left row is pushed as the
    outer row its correlated references read, and the right side re-runs."""
    left_layout = Layout(plan.left.layout)
    for batch in run_plan(plan.left, ectx, planner):
        out = []
        for l in batch:
            ectx.outer.append((left_layout, l))
            try:
                rights = list(run_plan_rows(plan.right, ectx, planner))
            finally:
                ectx.outer.pop()
            for r in rights:
                row = l + r
                if pred is None or pred(row):
                    out.append(row)
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
    table: dict = {}
    right_rows = list(run_plan_rows(plan.right, ectx, planner))
    for idx, r in enumerate(right_rows):
        k = rkey(r)
        if k is not None:                   # NULL keys never match
            table.setdefault(k, []).append(idx)

    def candidates(l):
        k = lkey(l)
        return table.get(k, ()) if k is not None else ()
    yield from _join_rows(plan, ectx, planner, right_rows, candidates, pred)


# ---------------------------------------------------------------- filter / project
def run_Filter(plan: P.Filter, ectx, planner):
    layout = Layout(plan.child.layout)
    pred = compile_quals(plan.quals, layout, ectx, planner)
    yield from _filter(run_plan(plan.child, ectx, planner), pred)


def run_Project(plan: P.Project, ectx, planner):
    from pgref.analyzer import nodes as N
    layout = Layout(plan.child.layout)
    srf_positions = [i for i, e in enumerate(plan.exprs) if (isinstance(e, N.FuncExpr) and e.retset) or
                     (isinstance(e, N.FieldSelect) and isinstance(e.arg, N.FuncExpr) and e.arg.retset)]
    if srf_positions:
        yield from _project_set(plan, layout, srf_positions, ectx, planner)
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


def _project_set(plan, layout, srf_positions, ectx, planner):
    """A target list with set-returning functions (PostgreSQL's ProjectSet):
    the SRFs run in lockstep; the row count is the longest result, shorter
    ones are padded with NULL."""
    from pgref.analyzer import nodes as N
    per = []
    for i, e in enumerate(plan.exprs):
        if i in srf_positions:
            field = None
            if isinstance(e, N.FieldSelect):
                # (srf(...)).field: the field of each row of the set
                field, e = e.fieldnum - 1, e.arg
            proc, fn = function_impl(ectx, e.funcid, tuple(a.typ for a in e.args), e.variadic, e.typ)
            if field is not None:
                fn = _field_of_set(fn, field)
            argfs = [compile_expr(a, layout, ectx, planner) for a in e.args]
            per.append(("srf", proc, fn, argfs))
        else:
            per.append(("val", compile_expr(e, layout, ectx, planner)))
    # the sets are pulled lazily, a row at a time, so a LIMIT above stops an
    # endless one (generate_series(..., 'infinity', ...) LIMIT 10)
    out: list = []
    for batch in run_plan(plan.child, ectx, planner):
        for r in batch:
            its = []
            for p in per:
                if p[0] == "srf":
                    _, proc, fn, argfs = p
                    args = [a(r) for a in argfs]
                    its.append(iter(()) if proc.strict and any(a is None for a in args) else iter(fn(*args)))
                else:
                    its.append(None)
            while True:
                vals, live = [], False
                for it in its:
                    v = None if it is None else next(it, _DONE)
                    if v is _DONE:
                        v = None
                    elif it is not None:
                        live = True
                    vals.append(v)
                if not live:
                    break
                # the other target entries are evaluated for every output row
                out.append(tuple(p[1](r) if it is None else v for p, it, v in zip(per, its, vals)))
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
    for r in rows_it:
        if n >= count:
            if key is not None and count > 0 and key(r) == key(last):
                out.append(r)
                continue
            break
        out.append(r)
        last = r
        n += 1
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
    while work:
        if ectx.check_cancel is not None:
            ectx.check_cancel()
        ectx.worktables[plan.work_key] = work
        # the recursive term re-runs from scratch over the new work table
        ectx.initplan_cache.clear()
        new = []
        for r in fresh(run_plan_rows(plan.right, ectx, planner)):
            new.append(r)
            yield [r]
        work = new
    ectx.worktables.pop(plan.work_key, None)


def run_WorkTableScan(plan: P.WorkTableScan, ectx, planner):
    rows = ectx.worktables.get(plan.work_key, [])
    pred = compile_quals(plan.quals, Layout(plan.layout), ectx, planner)
    if pred is not None:
        rows = [r for r in rows if pred(r)]
    if rows:
        yield list(rows)


def run_ModifyTable(plan: P.ModifyTable, ectx, planner):
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
    P.WindowAgg: run_WindowAgg,
}

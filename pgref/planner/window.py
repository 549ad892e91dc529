"""Planning window functions: one WindowAgg per active window, each above a
Sort on its partition and order keys unless the rows already come in that
order (PostgreSQL's planner.c select_active_windows / create_one_window_path).

Where it sits: ``planner/`` (spec/07-executor.md, "Window functions"),
called by ``Planner._plan_select`` after aggregation and HAVING, before the
target list is projected and before DISTINCT, ORDER BY and LIMIT (rule R4).

    SELECT a, rank() OVER (PARTITION BY g ORDER BY x), sum(x) OVER () FROM t
    Project(a, rank, sum)
      -> WindowAgg(winref 2: OVER (), sum)        -- no keys: no Sort
        -> WindowAgg(winref 1: rank)
          -> Sort(g, x) -> SeqScan t

Window order (what decides the order of the output rows when the query
has no ORDER BY): the active windows are sorted as PostgreSQL's
common_prefix_cmp does -- by the sort-group reference numbers of their
partition-then-order keys, larger first, then descending before ascending,
NULLS FIRST before LAST, and a window whose keys extend another's first --
and processed in that order, the first one lowest in the tree.  A window
whose keys are a prefix of the current row order needs no Sort; because
our sorts are stable, re-sorting would give the same order anyway, so
skipping is only about matching PostgreSQL's plan shape.

Key expressions that are not columns of the input (``PARTITION BY a % 3``)
are computed by a Project below the Sort that passes every input column
through and appends them (PostgreSQL computes them in the input's target
list).  The plan stays read-only to the executor (INV-PLAN-1).
"""
from __future__ import annotations

from functools import cmp_to_key

from pgref.analyzer import nodes as N
from pgref.planner import plan as P


def window_funcs_by_ref(q: N.Query) -> dict[int, list[N.WindowFunc]]:
    """The WindowFuncs of this query level, per winref, without duplicates
    (sub-selects are other levels: not descended into)."""
    from pgref.analyzer.funcs import _walk
    out: dict[int, list[N.WindowFunc]] = {}
    for te in q.target_list:
        for e in _walk([te.expr]):
            if isinstance(e, N.WindowFunc):
                lst = out.setdefault(e.winref, [])
                if e not in lst:
                    lst.append(e)
    return out


def _unique_order(wc: N.WindowClause) -> list[tuple[int, bool, bool]]:
    keys = wc.partition + wc.order
    out = []
    for ref, k in zip(wc.sortrefs, keys):
        item = (ref, k.descending, k.nulls_first)
        if item not in out:
            out.append(item)
    return out


def _common_prefix_cmp(a: N.WindowClause, b: N.WindowClause) -> int:
    ua, ub = _unique_order(a), _unique_order(b)
    for x, y in zip(ua, ub):
        if x != y:
            return -1 if x > y else 1      # larger ref / DESC / NULLS FIRST first
    return -1 if len(ua) > len(ub) else (1 if len(ua) < len(ub) else 0)


def _find(layout: tuple, e: N.Expr) -> int | None:
    if isinstance(e, N.Var) and e.levelsup == 0 and e.varno > 0:
        key = ("v", e.varno, e.varattno)
        for i, k in enumerate(layout):
            if k == key or (isinstance(k, N.Var) and k.levelsup == 0 and (k.varno, k.varattno) == key[1:]):
                return i
        return None
    for i, k in enumerate(layout):
        if isinstance(k, N.Expr) and type(k) is type(e) and k == e:
            return i
    return None


def plan_windows(q: N.Query, plan: P.Plan) -> P.Plan:
    funcs = window_funcs_by_ref(q)
    active = sorted((wc for wc in q.windows if wc.winref in funcs), key=cmp_to_key(_common_prefix_cmp))
    current: list[tuple] = []            # the order the rows are in: (expr, desc, nulls_first)
    for wc in active:
        keys: list[N.SortKey] = []
        for k in wc.partition + wc.order:
            if not any(k.expr == x.expr for x in keys):
                keys.append(k)
        want = [(k.expr, k.descending, k.nulls_first) for k in keys]
        missing = [k.expr for k in keys if _find(plan.layout, k.expr) is None]
        if missing:
            width = len(plan.layout)
            plan = P.Project(layout=plan.layout + tuple(missing), child=plan,
                             exprs=tuple(N.Var(-1, i + 1, 0) for i in range(width)) + tuple(missing))
        if keys and current[:len(want)] != want:
            plan = P.Sort(layout=plan.layout, child=plan,
                          positions=tuple(_find(plan.layout, k.expr) for k in keys), keys=tuple(keys))
            plan.pg_qsort = True  # type: ignore[attr-defined]  # PostgreSQL's peer order (executor/window.py)
            current = want
        plan = P.WindowAgg(layout=plan.layout + tuple(funcs[wc.winref]), child=plan, winref=wc.winref,
                           partition_positions=tuple(_find(plan.layout, k.expr) for k in wc.partition),
                           partition_keys=tuple(wc.partition),
                           order_positions=tuple(_find(plan.layout, k.expr) for k in wc.order),
                           order_keys=tuple(wc.order), frame_options=wc.frame_options,
                           start_offset=wc.start_offset, end_offset=wc.end_offset,
                           start_in_range=wc.start_in_range, end_in_range=wc.end_in_range,
                           funcs=tuple(funcs[wc.winref]))
    return plan

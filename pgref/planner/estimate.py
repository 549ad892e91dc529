"""Row, width and cost estimates for built plan nodes.

Where it sits: ``planner/`` (spec/07-executor.md, "Costs and estimates").
planner/costsize.py has PostgreSQL's cost formulas; this module feeds them
with the inputs of one plan node -- relation sizes, the selectivity of its
quals (planner/clausesel.py over ANALYZE's statistics), the widths of the
columns it produces -- and stores the answer on the node as ``plan.est``
(a costsize.Est).  The join search (planner/joinsearch.py) compares those
numbers to choose join order, join method and inner side.

``QueryStats`` is the statistics view of one query level (clausesel's
StatsSource): the pg_statistic row of a column of a plain table, and the
estimated tuples of each range-table entry.

Entry points:
    Estimator(planner).est(plan, q) -> Est        (memoized on the plan)
    QueryStats(planner, q)
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.errors import PgError
from pgref.planner import costsize as C
from pgref.planner import plan as P

DEFAULT_CTE_ROWS = 1000.0


class QueryStats:
    """clausesel.StatsSource for one query level."""

    def __init__(self, estimator: "Estimator", q: N.Query):
        self.estimator = estimator
        self.q = q
        self.catalog = estimator.cat
        self.tuples: dict[int, float] = {}        # rtindex -> estimated tuples (rel->tuples)
        self.rows: dict[int, float] = {}          # rtindex -> rows after its own quals (rel->rows)

    def column_stats(self, varno: int, attno: int):
        if not 0 < varno <= len(self.q.rtable) or attno <= 0:
            return None
        rte = self.q.rtable[varno - 1]
        if rte.kind != "relation" or self.estimator.db is None:
            return None
        if self.estimator.system_rows(rte.relid) is not None:
            return self.estimator.system_column_stats(rte.relid, attno)
        from pgref.engine.analyze import stored_stats
        return stored_stats(self.estimator.db, rte.relid, attno)

    def actual_variable_range(self, varno: int, attno: int):
        """get_actual_variable_range: the column's current extremes from a
        btree index, which replace the histogram's ends."""
        if self.estimator.db is None or not 0 < varno <= len(self.q.rtable):
            return None
        rte = self.q.rtable[varno - 1]
        if rte.kind != "relation":
            return None
        from pgref.planner.selfuncs import get_actual_variable_range
        return get_actual_variable_range(self.estimator.db, self.catalog.relation(rte.relid), attno)

    def rel_tuples(self, varno: int) -> float:
        t = self.tuples.get(varno)
        if t is not None:
            return t
        if 0 < varno <= len(self.q.rtable):
            rte = self.q.rtable[varno - 1]
            if rte.kind == "relation" and rte.relkind in ("r", "m", "t", "p", ""):
                t = self.estimator.rel_size(rte.relid)[1]
                self.tuples[varno] = t
                return t
        return 0.0

    def rel_rows(self, varno: int) -> float:
        """rel->rows: the estimate after the relation's own quals."""
        got = self.rows.get(varno)
        return got if got is not None else self.rel_tuples(varno)

    def has_unique_index(self, varno: int, attnos: tuple[int, ...]) -> bool:
        if not 0 < varno <= len(self.q.rtable):
            return False
        rte = self.q.rtable[varno - 1]
        if rte.kind != "relation":
            return False
        rel = self.catalog.relation(rte.relid)
        want = set(attnos)
        return any(ix.unique and ix.predicate is None and set(ix.columns) <= want and ix.columns
                   for ix in rel.indexes)


class Estimator:
    def __init__(self, planner):
        self.planner = planner
        self.cat = planner.cat
        self.db = getattr(planner, "db", None)
        self.p = C.CostParams.from_settings(planner.settings)
        self._stats: dict[int, QueryStats] = {}
        self._sizes: dict[int, tuple[float, float]] = {}
        self._system: dict[int, list] = {}                 # catalog rows, once per statement
        self._system_stats: dict[tuple[int, int], object] = {}

    # ------------------------------------------------------------ helpers
    def stats(self, q: N.Query) -> QueryStats:
        s = self._stats.get(id(q))
        if s is None:
            s = self._stats[id(q)] = QueryStats(self, q)
        return s

    def system_rows(self, relid: int) -> list | None:
        """The rows of a system catalog (computed, catalog/sysrels.py), which
        stand in for the statistics PostgreSQL's initdb gathers by ANALYZE
        on its catalogs; None for a table with storage, or when the planner
        has no session to compute them with."""
        session = getattr(self.planner, "session", None)
        if session is None:
            return None
        rel = self.cat.relation(relid)
        if not getattr(rel, "system", False):
            return None
        got = self._system.get(relid)
        if got is None:
            from pgref.catalog.sysrels import rows as system_rows
            try:
                got = self._system[relid] = system_rows(session, relid)
            except PgError as e:
                if e.sqlstate != "0A000":
                    raise
                got = self._system[relid] = []
        return got

    def system_column_stats(self, relid: int, attno: int):
        key = (relid, attno)
        if key not in self._system_stats:
            from pgref.engine.analyze import compute_stats
            rows = self.system_rows(relid) or []
            rel = self.cat.relation(relid)
            col = rel.columns[attno - 1] if 0 < attno <= len(rel.columns) else None
            vals = [r[attno - 1] for r in rows] if col is not None else []
            self._system_stats[key] = compute_stats(vals, float(len(rows)), col.typ if col else 0, self.cat) \
                if vals else None
        return self._system_stats[key]

    def rel_size(self, relid: int) -> tuple[float, float]:
        got = self._sizes.get(relid)
        if got is None and self.system_rows(relid) is not None:
            # a catalog's true row count, on as many pages as its width fills
            import math
            n = float(len(self.system_rows(relid)))
            rel = self.cat.relation(relid)
            width = sum(C.type_avg_width(self.cat, c.typ, c.typmod) for c in rel.columns if not c.dropped)
            pages = float(max(1, math.ceil(n * (width + C.TUPLE_HEADER + C.ITEM_ID) / (C.BLCKSZ - C.PAGE_HEADER))))
            got = self._sizes[relid] = (pages, n)
        if got is None:
            rel = self.cat.relation(relid)
            width = sum(self.column_width(relid, c.attnum, c.typ, c.typmod) for c in rel.columns if not c.dropped)
            from pgref.catalog.inheritance import find_all_inheritors
            rel.has_subclass = len(find_all_inheritors(self.cat, relid)) > 1  # type: ignore[attr-defined]
            got = self._sizes[relid] = C.estimate_rel_size(self.db, rel, width)
        return got

    def column_width(self, relid: int, attno: int, typ: int, typmod: int) -> int:
        if self.db is not None:
            from pgref.engine.analyze import stored_stats
            cs = stored_stats(self.db, relid, attno)
            if cs is not None and cs.avg_width > 0:
                return cs.avg_width
        return C.type_avg_width(self.cat, typ, typmod)

    def selectivity(self, q: N.Query, clauses, varrelid: int = 0, jointype: str = "inner", sjinfo=None) -> float:
        if not clauses:
            return 1.0
        from pgref.planner import clausesel
        return clausesel.clauselist_selectivity(self.stats(q), list(clauses), varrelid, jointype, sjinfo)

    def qual_cost(self, exprs) -> tuple[float, float]:
        return C.qual_cost(self.cat, exprs, self.p)

    def expr_width(self, e: N.Expr, q: N.Query | None) -> int:
        if isinstance(e, N.Var) and e.levelsup == 0 and q is not None and 0 < e.varno <= len(q.rtable):
            rte = q.rtable[e.varno - 1]
            if rte.kind == "relation" and e.varattno > 0:
                return self.column_width(rte.relid, e.varattno, e.typ, e.typmod)
        return C.type_avg_width(self.cat, e.typ, getattr(e, "typmod", -1))

    def scan_width(self, q: N.Query, rti: int) -> int:
        """set_rel_width: the columns of range-table entry ``rti`` the query needs."""
        rte = q.rtable[rti - 1]
        cols = rte.requiredcols
        if 0 in cols:
            cols = set(range(1, len(rte.coltypes) + 1))
        w = 0
        for a in sorted(c for c in cols if 0 < c <= len(rte.coltypes)):
            if rte.kind == "relation":
                w += self.column_width(rte.relid, a, rte.coltypes[a - 1], rte.coltypmods[a - 1])
            else:
                w += C.type_avg_width(self.cat, rte.coltypes[a - 1], rte.coltypmods[a - 1])
        return w

    # ------------------------------------------------------------ plans
    def est(self, plan: P.Plan, q: N.Query) -> C.Est:
        got = getattr(plan, "est", None)
        if got is not None:
            return got
        level = getattr(plan, "query_level", None)
        q = level or q
        fn = getattr(self, "_est_" + type(plan).__name__, None)
        e = fn(plan, q) if fn is not None else self._est_passthrough(plan, q)
        if level is not None:
            init = self._cte_cost(level)
            if init:
                # SS_charge_for_initplans: the level's WITH queries run
                # before its first row
                e = C.Est(e.rows, e.width, e.startup + init, e.total + init)
        plan.est = e  # type: ignore[attr-defined]
        return e

    def _cte_cost(self, q: N.Query) -> float:
        if not q.ctes:
            return 0.0
        from pgref.planner.planner import cte_refcounts
        refs = cte_refcounts(q)
        total = 0.0
        for sub in q.ctes.values():
            if id(sub) in self.planner.inline_ctes or not refs.get(id(sub)):
                continue
            plan = self.planner.cte_plans.get(id(sub))
            if plan is not None and getattr(sub, "modifying", None) is None:
                total += self.est(plan, sub).total
        return total

    def _restricted(self, q, rti: int, quals, tuples: float) -> tuple[float, tuple[float, float]]:
        st = self.stats(q)
        st.tuples[rti] = tuples
        sel = self.selectivity(q, quals, varrelid=rti)
        rows = C.clamp_row_est(tuples * sel)
        st.rows[rti] = rows
        return rows, self.qual_cost(quals)

    def _est_SeqScan(self, plan: P.SeqScan, q) -> C.Est:
        pages, tuples = self.rel_size(plan.relid)
        rows, qc = self._restricted(q, plan.rtindex, plan.quals, tuples)
        return C.cost_seqscan(self.p, pages, tuples, rows, self.scan_width(q, plan.rtindex), qc)

    def _est_IndexScan(self, plan: P.IndexScan, q) -> C.Est:
        from pgref.planner.indexcost import cost_index
        pages, tuples = self.rel_size(plan.relid)
        return cost_index(self, plan, q, pages, tuples)

    def _est_ValuesScan(self, plan: P.ValuesScan, q) -> C.Est:
        n = float(len(plan.rows))
        rows, qc = self._restricted(q, plan.rtindex, getattr(plan, "quals", ()), n)
        return C.cost_valuesscan(self.p, n, rows, self.scan_width(q, plan.rtindex), qc)

    def _est_FunctionScan(self, plan: P.FunctionScan, q) -> C.Est:
        calls = [f for f, _n in plan.funcs] if plan.funcs else [plan.func]
        n = max(self.function_rows(f) for f in calls)
        rows, qc = self._restricted(q, plan.rtindex, plan.quals, n)
        fc = self.qual_cost(calls)
        e = C.cost_functionscan(self.p, fc[0] + fc[1], 0.0, n, rows, self.scan_width(q, plan.rtindex), qc)
        return e

    def function_rows(self, f) -> float:
        """The rows a set-returning call returns: generate_series with
        constant arguments is counted exactly (its planner support
        function), others use prorows (1000 when unset); a plain function
        returns one row."""
        if not isinstance(f, N.FuncExpr):
            return 1.0
        pr = self.cat.proc(f.funcid)
        if not getattr(pr, "retset", False):
            return 1.0
        if pr.name == "generate_series" and all(isinstance(a, N.Const) for a in f.args):
            vals = [a.value for a in f.args]
            if all(isinstance(v, int) and not isinstance(v, bool) for v in vals) and len(vals) in (2, 3):
                start, stop = vals[0], vals[1]
                step = vals[2] if len(vals) == 3 else 1
                if step != 0:
                    n = (stop - start) // step + 1
                    return float(max(n, 1)) if n > 0 else 1.0
        r = getattr(pr, "rows", 0.0)
        return float(r) if r and r > 0 else C.DEFAULT_FUNCTION_ROWS

    def _est_CteScan(self, plan: P.CteScan, q) -> C.Est:
        sub = plan.subplan
        n = self.est(sub, q).rows if sub is not None else DEFAULT_CTE_ROWS
        rows, qc = self._restricted(q, plan.rtindex, plan.quals, n)
        return C.cost_ctescan(self.p, n, rows, self.scan_width(q, plan.rtindex), qc)

    def _est_WorkTableScan(self, plan: P.WorkTableScan, q) -> C.Est:
        n = getattr(plan, "nonrecursive_rows", None)
        n = 10.0 * n if n else DEFAULT_CTE_ROWS
        rows, qc = self._restricted(q, plan.rtindex, plan.quals, n)
        return C.cost_ctescan(self.p, n, rows, self.scan_width(q, plan.rtindex), qc)

    def _est_SubqueryScan(self, plan: P.SubqueryScan, q) -> C.Est:
        sub = self.est(plan.subplan, q)
        rows, qc = self._restricted(q, plan.rtindex, plan.quals, sub.rows)
        return C.cost_subqueryscan(self.p, sub, rows, self.scan_width(q, plan.rtindex), qc)

    def _est_Filter(self, plan: P.Filter, q) -> C.Est:
        sub = self.est(plan.child, q)
        sel = self.selectivity(q, plan.quals)
        qc = self.qual_cost(plan.quals)
        rows = C.clamp_row_est(sub.rows * sel)
        return C.Est(rows, sub.width, sub.startup + qc[0], sub.total + qc[0] + qc[1] * sub.rows)

    def _est_Append(self, plan: P.Append, q) -> C.Est:
        parts = [self.est(s, q) for s in plan.subplans]
        if not parts:
            return C.Est(1.0, 0, 0.0, 0.0)
        rows = sum(e.rows for e in parts)
        width = max(e.width for e in parts)
        return C.Est(rows, width, parts[0].startup, sum(e.total for e in parts))

    def _est_Result(self, plan: P.Result, q) -> C.Est:
        return C.Est(1.0, 0, 0.0, self.p.cpu_tuple_cost)

    def _est_NestLoop(self, plan: P.NestLoop, q) -> C.Est:
        from pgref.planner.joinsearch import join_rows
        o, i = self.est(plan.left, q), self.est(plan.right, q)
        rows = join_rows(self, q, plan.jointype, o.rows, i.rows, plan.quals)
        return C.cost_nestloop(self.p, o, i, C.rescan_cost(self.p, _kind(plan.right), i), rows,
                               o.width + i.width, self.qual_cost(plan.quals))

    def _est_HashJoin(self, plan: P.HashJoin, q) -> C.Est:
        from pgref.planner.joinsearch import hash_clauses_of, join_rows
        o, i = self.est(plan.left, q), self.est(plan.right, q)
        hc = hash_clauses_of(self.cat, plan)
        rows = join_rows(self, q, plan.jointype, o.rows, i.rows, list(hc) + list(plan.quals))
        hsel = self.selectivity(q, hc)
        return C.cost_hashjoin(self.p, o, i, rows, o.width + i.width, len(hc), self.qual_cost(hc),
                               self.qual_cost(plan.quals), 0.1, C.clamp_row_est(o.rows * i.rows * hsel))

    def _est_Sort(self, plan: P.Sort, q) -> C.Est:
        return C.cost_sort(self.p, self.est(plan.child, q), getattr(plan, "bound", None))

    def _est_Limit(self, plan: P.Limit, q) -> C.Est:
        """adjust_limit_rows_costs: the rows past OFFSET up to the count;
        the input's run cost is charged in proportion."""
        sub = self.est(plan.child, q)
        off = self._const_int(plan.offset)
        count = self._const_int(plan.count)
        off = 0 if off is None else max(off, 0)
        startup, total, rows = sub.startup, sub.total, sub.rows
        if off > 0:
            if sub.rows > 0:
                startup += sub.run * min(off / sub.rows, 1.0)
            rows = max(rows - off, 1.0)
        if count is not None and count >= 0:
            if count < rows:
                if sub.rows > 0:
                    total = sub.startup + sub.run * ((off + count) / sub.rows)
                rows = float(count)
        return C.Est(C.clamp_row_est(rows) if rows > 0 else 1.0, sub.width, startup, total)

    def _const_int(self, e) -> int | None:
        if e is None:
            return None
        if not isinstance(e, N.Const):
            from pgref.planner.planner import rels_of, walk_expr
            if rels_of(e) or any(isinstance(x, (N.Var, N.SubLink)) or type(x).__name__ == "Param"
                                 for x, _d in walk_expr(e, 0)) or self.planner.const_value is None:
                return None
            try:
                v = self.planner.const_value(e)
            except PgError:                     # not foldable now (a run-time error): no estimate
                return None
        else:
            v = e.value
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def _est_Agg(self, plan: P.Agg, q) -> C.Est:
        sub = self.est(plan.child, q)
        if plan.group_exprs:
            from pgref.planner import selfuncs
            groups = C.clamp_row_est(selfuncs.estimate_num_groups(self.stats(q), list(plan.group_exprs),
                                                                   sub.rows))
            strategy = "hashed" if plan.strategy == "hashed" else "sorted"
        else:
            groups, strategy = 1.0, "plain"
        trans, final = self.agg_costs(plan.aggs)
        width = sum(self.expr_width(g, q) for g in plan.group_exprs) + 8 * len(plan.aggs)
        return C.cost_agg(self.p, strategy, sub, len(plan.group_exprs), trans, final, groups, width)

    def agg_costs(self, aggs) -> tuple[float, float]:
        """get_agg_clause_costs: per input row, each aggregate's transition
        function and its arguments; per group, its final function."""
        from pgref.catalog import builtin
        trans = final = 0.0
        for a in aggs:
            if not isinstance(a, N.Aggref):
                continue
            row = builtin.aggregates().get(a.aggfnoid) if hasattr(a, "aggfnoid") else None
            tfn = row.transfn if row is not None else 0
            ffn = row.finalfn if row is not None else 0
            trans += self.p.cpu_operator_cost * (C._procost(self.cat, tfn) if tfn else 1.0)
            trans += self.qual_cost(list(a.args))[1]
            if a.filter is not None:
                trans += self.qual_cost([a.filter])[1]
            if ffn:
                final += self.p.cpu_operator_cost * C._procost(self.cat, ffn)
        return trans, final

    def _est_Distinct(self, plan: P.Distinct, q) -> C.Est:
        """DISTINCT: a HashAggregate without aggregates, or Unique over
        sorted input (cost_unique: one comparison per column per row)."""
        sub = self.est(plan.child, q)
        from pgref.planner import selfuncs
        exprs = _output_exprs(plan.child)
        if plan.positions and exprs:
            exprs = [exprs[i] for i in plan.positions if i < len(exprs)]
        groups = selfuncs.estimate_num_groups(self.stats(q), exprs, sub.rows) if exprs else sub.rows
        groups = C.clamp_row_est(min(groups, sub.rows))
        ncols = max(len(plan.positions), 1)
        if getattr(plan, "first_only_sorted", False):
            return C.Est(groups, sub.width, sub.startup,
                         sub.total + self.p.cpu_operator_cost * ncols * sub.rows)
        return C.cost_agg(self.p, "hashed", sub, ncols, 0.0, 0.0, groups, sub.width)

    def _est_Project(self, plan: P.Project, q) -> C.Est:
        sub = self.est(plan.child, q)
        exprs = [e for e in plan.exprs if isinstance(e, N.Expr)]
        qc = self.qual_cost(exprs)
        width = sum(self.expr_width(e, q) for e in exprs)
        return C.Est(sub.rows, width, sub.startup + qc[0], sub.total + qc[0] + qc[1] * sub.rows)

    def _est_SetOp(self, plan: P.SetOp, q) -> C.Est:
        a, b = self.est(plan.left, q), self.est(plan.right, q)
        if plan.op == "union":
            rows = a.rows + b.rows
        elif plan.op == "intersect":
            rows = min(a.rows, b.rows)
        else:
            rows = a.rows
        return C.Est(rows, max(a.width, b.width), a.startup + b.startup, a.total + b.total
                     + self.p.cpu_operator_cost * (a.rows + b.rows))

    def _est_RecursiveUnion(self, plan: P.RecursiveUnion, q) -> C.Est:
        a = self.est(plan.left, q)
        b = self.est(plan.right, q)
        return C.Est(a.rows + 10.0 * b.rows, max(a.width, b.width), a.startup, a.total + 10.0 * b.total)

    def _est_passthrough(self, plan: P.Plan, q) -> C.Est:
        kids = plan.children()
        if not kids:
            return C.Est(1000.0, 32, 0.0, 10.0)
        sub = self.est(kids[0], q)
        return C.Est(sub.rows, sub.width, sub.startup, sub.total + self.p.cpu_tuple_cost * sub.rows)


def _kind(plan: P.Plan) -> str:
    name = type(plan).__name__
    if name == "NestLoop" and getattr(plan, "materialized", False):
        return "Material"
    return name


def _output_exprs(plan: P.Plan) -> list:
    if isinstance(plan, P.Project):
        return [e for e in plan.exprs if isinstance(e, N.Expr)]
    return []

"""From analyzed Query to plan tree (PostgreSQL's planner.c, createplan.c,
setrefs.c): scans, joins and the upper nodes, with the join order, join
methods and scan choice decided by cost.

Where it sits: ``planner/`` (spec/07-executor.md, "Planning rules", "Costs
and estimates", "Join search").  The rules, in the order they are applied:

  R1  WHERE is split into AND-ed conjuncts; each is placed at the lowest
      point of the join tree where every table it mentions is available,
      never below the nullable side of an outer join.
  R2  A conjunct ``column op value`` (value free of this level's columns)
      on a btree-indexed leading column makes an IndexScan candidate
      (equality on a prefix, or one range bound); the conjunct is still
      rechecked.  Not with enable_indexscan off (unless enable_seqscan is
      off too).  R2c: the candidate is kept only if cheaper than the
      sequential scan (planner/costsize.py, planner/indexcost.py).
  R2b ORDER BY on columns of a single plain table that a btree index
      returns in order (after its equality-fixed prefix, all keys in the
      index's direction or all reversed): the index scan of R2 gives the
      order and no Sort is built; with no R2 index, a full scan of such an
      index replaces Seq Scan + Sort when the query has a LIMIT or
      enable_sort / enable_seqscan is off.  An index scan that covers every
      column the query reads from its table is index-only (EXPLAIN's
      "Index Only Scan"; enable_indexonlyscan).
  R3  Inner joins are ordered by cost (planner/joinsearch.py: dynamic
      programming over the FROM items, Nested Loop / Merge Join / Hash
      Join, both sides tried as outer); an outer join is planned in its
      written place with its method and sides chosen by cost.
  R4  Aggregation, HAVING, window functions (one WindowAgg per window,
      planner/window.py), the target list, DISTINCT, ORDER BY and
      LIMIT/OFFSET are stacked on top in that order.
  R5  A WITH query read once, not recursive, modifying or volatile, is
      planned where it is read (CTE inlining).
"""
from __future__ import annotations

from dataclasses import fields

from pgref.analyzer import nodes as N
from pgref.catalog.inheritance import column_map, find_all_inheritors
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.planner import plan as P
from pgref.types import oids as T


TABLEOID_ATTNO = -6      # PostgreSQL's TableOidAttributeNumber
JOIN_COLLAPSE_LIMIT = 8  # PostgreSQL's join_collapse_limit / from_collapse_limit defaults


def split_and(e: N.Expr | None) -> list[N.Expr]:
    if e is None:
        return []
    if isinstance(e, N.BoolExpr) and e.op == "and":
        out = []
        for a in e.args:
            out.extend(split_and(a))
        return out
    return [e]


def walk_expr(e, depth: int = 0):
    """Yield (node, depth) for every expression node, descending into
    sublink subqueries with depth+1."""
    if e is None:
        return
    yield e, depth
    if isinstance(e, N.SubLink):
        for t in e.testexprs:
            yield from walk_expr(t, depth)
        yield from walk_query(e.subquery, depth + 1)
        return
    if isinstance(e, N.Aggref):
        for a in e.args:
            yield from walk_expr(a, depth)
        for k in e.order:
            yield from walk_expr(k.expr, depth)
        yield from walk_expr(e.filter, depth)
        return
    for f in fields(e):
        v = getattr(e, f.name)
        if isinstance(v, N.Expr):
            yield from walk_expr(v, depth)
        elif isinstance(v, tuple):
            for x in v:
                if isinstance(x, N.Expr):
                    yield from walk_expr(x, depth)
                elif isinstance(x, tuple):
                    for y in x:
                        if isinstance(y, N.Expr):
                            yield from walk_expr(y, depth)


def walk_query(q: N.Query, depth: int):
    for te in q.target_list:
        yield from walk_expr(te.expr, depth)
    for te in q.returning:
        yield from walk_expr(te.expr, depth)
    yield from walk_expr(q.where, depth)
    yield from walk_expr(q.having, depth)
    for g in q.group_by:
        yield from walk_expr(g, depth)
    for rte in q.rtable:
        if rte.subquery is not None and rte.kind in ("subquery",):
            yield from walk_query(rte.subquery, depth)
        if rte.values_lists:
            for row in rte.values_lists:
                for x in row:
                    yield from walk_expr(x, depth)
        if rte.func is not None:
            yield from walk_expr(rte.func, depth)
    for node in q.jointree:
        yield from _walk_from(node, depth)
    yield from walk_expr(q.limit_count, depth)
    yield from walk_expr(q.limit_offset, depth)
    # WITH queries sit one level below q (their column references to
    # queries enclosing q have levelsup >= 2)
    for sub in q.ctes.values():
        yield from walk_query(sub, depth + 1)


def _walk_from(node, depth):
    if isinstance(node, N.JoinTree):
        yield from walk_expr(node.quals, depth)
        yield from _walk_from(node.larg, depth)
        yield from _walk_from(node.rarg, depth)


def is_correlated(q: N.Query) -> bool:
    """Does the subquery read any column of an enclosing query?"""
    for e, depth in walk_query(q, 0):
        if isinstance(e, (N.Var, N.Aggref)) and e.levelsup > depth:
            return True
    # subqueries in FROM of q see the same outer levels
    for rte in q.rtable:
        if rte.subquery is not None and rte.kind == "subquery" and is_correlated_from(rte.subquery, 1):
            return True
    return False


def is_correlated_from(q: N.Query, extra: int) -> bool:
    for e, depth in walk_query(q, 0):
        if isinstance(e, (N.Var, N.Aggref)) and e.levelsup > depth + extra - 1 + 0 and e.levelsup > depth:
            # a reference past this subquery's own parent (the query whose FROM holds it)
            if e.levelsup - depth >= extra + 1:
                return True
    return False


def rels_of(e: N.Expr) -> set[int]:
    out = set()
    for x, depth in walk_expr(e, 0):
        if isinstance(x, N.Var) and x.levelsup == depth:
            out.add(x.varno)
    return out


def bitmap_variant(idx: P.IndexScan) -> P.IndexScan:
    """The same index conditions read as a bitmap (PostgreSQL's Bitmap Heap
    Scan over a Bitmap Index Scan): every matching tuple id first, then
    the heap in physical order (executor/run.py)."""
    from dataclasses import replace
    bm = replace(idx, index_only=False)
    bm.bitmap = True  # type: ignore[attr-defined]
    for attr in ("index_quals", "rel_quals"):
        if hasattr(idx, attr):
            setattr(bm, attr, getattr(idx, attr))
    return bm


def _all_rtes(q: N.Query):
    """Every range-table entry of ``q`` and of the queries nested in it."""
    for rte in q.rtable:
        yield rte
        if rte.subquery is not None and rte.kind == "subquery":
            yield from _all_rtes(rte.subquery)
    for e, _d in walk_query(q, 0):
        if isinstance(e, N.SubLink):
            yield from _all_rtes(e.subquery)
    for sub in q.ctes.values():
        yield from _all_rtes(sub)


def cte_refcounts(q: N.Query) -> dict[int, int]:
    """How many range-table entries, anywhere in ``q``, read each WITH
    query (by id of its Query): PostgreSQL's cterefcount."""
    out: dict[int, int] = {}
    seen: set[int] = set()
    for rte in _all_rtes(q):
        if rte.kind == "cte" and rte.subquery is not None and id(rte) not in seen:
            seen.add(id(rte))
            out[id(rte.subquery)] = out.get(id(rte.subquery), 0) + 1
    return out


def has_volatile_or_sublink(e: N.Expr) -> bool:
    return any(isinstance(x, N.SubLink) for x, _ in walk_expr(e, 0))


class Planner:
    def __init__(self, cat, settings=None, db=None):
        self.cat = cat
        self.settings = settings        # engine Settings (enable_* planner switches), or None
        self.db = db                    # the Database (relation sizes and statistics), or None
        self.session = None             # the planning session (system catalogs' rows), or None
        self._estimator = None
        self.cte_plans: dict[int, P.Plan] = {}
        # R2b: per query level (id of the Query), the ORDER BY an index scan
        # of its one table may provide; "done" once a scan provides it
        self._order_requests: dict[int, dict] = {}
        self.modifying_ctes: list[P.Plan] = []
        # WITH queries planned in place of their one reference, as a
        # sub-select (PostgreSQL 12's CTE inlining; SS_process_ctes)
        self.inline_ctes: set[int] = set()
        # evaluates an expression of constants (set by the session, which
        # owns the execution context); None: no plan-time folding
        self.const_value = None

    # ================================================================= entry
    def plan(self, q: N.Query) -> P.PlannedStmt:
        if q.command == "select":
            plan = self.plan_select(q)
            outs = [te for te in q.target_list if not te.resjunk]
            return P.PlannedStmt("select", plan, [te.name for te in outs],
                                 [te.expr.typ for te in outs], [getattr(te.expr, "typmod", -1) for te in outs],
                                 [(te.resorigtbl, te.resorigcol) for te in outs], query=q,
                                 param_types=q.params)
        return self.plan_modify(q)

    # ================================================================= SELECT
    def plan_select(self, q: N.Query) -> P.Plan:
        plan = self._plan_select(q)
        # EXPLAIN names the columns of this query level's Vars by its range
        # table (planner/explain.py); the annotation is set once, at plan time
        plan.query_level = q  # type: ignore[attr-defined]
        return plan

    def _plan_select(self, q: N.Query) -> P.Plan:
        self.register_ctes(q)
        if q.set_op is not None:
            return self.plan_setop_query(q)
        conjuncts = split_and(q.where)
        ordered_by_index = False         # R2b: the scan returns ORDER BY's order
        degenerate = q.having is not None and not q.has_aggs and not q.group_by \
            and getattr(q, "grouping_sets", None) is None
        if degenerate:
            # planner.c's is_degenerate_grouping: HAVING with neither
            # aggregates nor GROUP BY makes one group, whose existence depends
            # only on the HAVING qual -- the input is never scanned.
            plan = P.Result(layout=(), quals=tuple(split_and(q.having)))
        elif q.jointree:
            req = self._index_order_request(q)
            if req is not None:
                self._order_requests[id(q)] = req
            plan = self.plan_from_list(q, q.jointree, conjuncts)
            if req is not None and self._order_requests.pop(id(q))["done"]:
                ordered_by_index = True
            if any(self._constant_false(c) for c in conjuncts):
                # a WHERE that folds to false or NULL: nothing is scanned
                # (PostgreSQL's Result with One-Time Filter: false)
                plan = P.Result(layout=plan.layout, quals=(N.Const(T.BOOLOID, False),))
        else:
            plan = P.Result(layout=(), quals=tuple(conjuncts))
        tlist = q.target_list
        agg_outputs: tuple = ()
        if q.has_aggs or q.group_by or getattr(q, "grouping_sets", None) is not None:
            group = tuple(q.group_by)
            layout = list(group) + list(q.aggs)
            strategy = "hashed"
            # an aggregate with DISTINCT or ORDER BY needs sorted input, so
            # PostgreSQL cannot hash (numOrderedAggs > 0); nor when told not to
            ordered_aggs = any(a.distinct or a.order for a in q.aggs if isinstance(a, N.Aggref))
            if group and (ordered_aggs or (self.settings is not None and self.settings.get("enable_hashagg") == "off")) \
                    and all(k.cmpfunc for k in q.group_keys):
                strategy = "sorted"
            # grouping sets and GROUPING() (planner/grouping.py)
            from pgref.planner.grouping import grouping_func_refs, plan_rollups
            rollups = ()
            if getattr(q, "grouping_sets", None) is not None:
                hashagg = self.settings is None or self.settings.get("enable_hashagg") != "off"
                rollups = plan_rollups(q, self.cat, hashagg)
            gfuncs = grouping_func_refs(q)
            layout += [g for g, _ in gfuncs]
            if rollups:
                strategy = "hashed" if all(r.hashed for r in rollups) else "sorted"
            plan = P.Agg(layout=tuple(layout), child=plan, group_exprs=group,
                         group_types=tuple(g.typ for g in group), aggs=tuple(q.aggs), strategy=strategy,
                         group_keys=tuple(q.group_keys), rollups=rollups, grouping_funcs=gfuncs)
            agg_outputs = tuple(layout)
            if rollups and not q.has_window_funcs and q.distinct is None and q.distinct_on is None:
                from pgref.planner.grouping import rollup_order_satisfies
                ordered_by_index = ordered_by_index or rollup_order_satisfies(rollups, q)
            if q.having is not None:
                plan = P.Filter(layout=plan.layout, child=plan, quals=tuple(split_and(q.having)))
        if q.has_window_funcs:
            # one WindowAgg (over a Sort) per active window (planner/window.py)
            from pgref.planner.window import plan_windows
            plan = plan_windows(q, plan)
        exprs = tuple(te.expr for te in tlist)
        if getattr(q, "grouping_sets", None) is not None:
            from pgref.planner.grouping import grouped_consts_as_refs
            exprs = grouped_consts_as_refs(q, exprs)
        types = [te.expr.typ for te in tlist]
        postponed = self._postponable(q, tlist, degenerate)
        extra_keys: list = []
        if postponed:
            # make_sort_input_target: volatile output expressions not needed
            # for sorting are computed after the Sort and Limit, so they run
            # once per row returned (nextval() in SELECT ... ORDER BY ... LIMIT)
            for i in postponed:
                for x, depth in walk_expr(exprs[i], 0):
                    if isinstance(x, N.Var) and x.levelsup == depth == 0:
                        key = ("v", x.varno, x.varattno)
                        if key not in extra_keys:
                            extra_keys.append(key)
            lower = [N.Const(types[i], None) if i in postponed else e for i, e in enumerate(exprs)]
            lower += [N.Var(k[1], k[2], 0) for k in extra_keys]
            plan = P.Project(layout=tuple(("o", i) for i in range(len(exprs))) + tuple(extra_keys),
                             child=plan, exprs=tuple(lower), agg_outputs=agg_outputs)
        else:
            plan = P.Project(layout=tuple(("o", i) for i in range(len(exprs))), child=plan, exprs=exprs,
                             agg_outputs=agg_outputs)
        visible = [i for i, te in enumerate(tlist) if not te.resjunk]
        if q.distinct is not None:
            plan = P.Distinct(layout=plan.layout, child=plan, positions=tuple(visible),
                              types=tuple(types[i] for i in visible))
        sort_keys = q.sort
        if q.distinct_on is not None:
            if not sort_keys:
                sort_keys = q.distinct_on
        if sort_keys and not ordered_by_index:
            positions = tuple(self._position_of(tlist, k.expr) for k in sort_keys)
            plan = P.Sort(layout=plan.layout, child=plan, positions=positions, keys=tuple(sort_keys))
            # rows with equal ORDER BY keys come out in PostgreSQL's order:
            # its quicksort, unless a LIMIT makes tuplesort switch to a
            # bounded heap (more than twice the bound rows; executor/run.py)
            plan.pg_qsort = True  # type: ignore[attr-defined]
            if (q.limit_count is not None or q.limit_offset is not None) and not q.limit_with_ties:
                # WITH TIES needs the rows past the bound (nodeLimit passes none down)
                plan.bound = self._sort_bound(q)  # type: ignore[attr-defined]
        if q.distinct_on is not None:
            dpos = tuple(self._position_of(tlist, k.expr) for k in q.distinct_on)
            plan = P.Distinct(layout=plan.layout, child=plan, positions=dpos,
                              types=tuple(types[i] for i in dpos))
            plan.first_only_sorted = True  # type: ignore[attr-defined]
        if q.limit_count is not None or q.limit_offset is not None:
            ties = ()
            if q.limit_with_ties:
                ties = tuple(self._position_of(tlist, k.expr) for k in q.sort)
            plan = P.Limit(layout=plan.layout, child=plan, count=q.limit_count, offset=q.limit_offset,
                           ties_positions=ties, ties_types=tuple(types[i] for i in ties))
        if postponed:
            plan = P.Project(layout=tuple(("o", i) for i in range(len(exprs))), child=plan,
                             exprs=tuple(exprs[i] if i in postponed else N.Var(-1, i + 1, types[i])
                                         for i in range(len(exprs))))
        if len(visible) != len(tlist):
            plan = P.Project(layout=tuple(("o", i) for i in range(len(visible))), child=plan,
                             exprs=tuple(N.Var(-1, i + 1, types[i]) for i in visible))
            plan.positional = True  # type: ignore[attr-defined]
        return plan

    def _postponable(self, q: N.Query, tlist, degenerate: bool) -> set[int]:
        """Output columns whose volatile expressions can wait until after
        ORDER BY / LIMIT (planner.c, make_sort_input_target): not sort keys,
        no aggregation, DISTINCT or set-returning functions involved."""
        if not (q.sort or q.limit_count is not None or q.limit_offset is not None):
            return set()
        if q.has_aggs or q.group_by or degenerate or q.distinct is not None or q.distinct_on is not None \
                or q.has_window_funcs:
            return set()
        keys = [k.expr for k in q.sort]
        out = set()
        for i, te in enumerate(tlist):
            if te.expr in keys:
                continue
            volatile = False
            for x, _ in walk_expr(te.expr, 0):
                if isinstance(x, N.SubLink) or getattr(x, "retset", False):
                    volatile = False
                    break
                if isinstance(x, (N.FuncExpr, N.OpExpr)) and x.funcid and \
                        self.cat.proc(x.funcid).volatile == "v":
                    volatile = True
            if volatile:
                out.add(i)
        return out

    def _sort_bound(self, q: N.Query) -> int | None:
        """LIMIT + OFFSET when both are constants (tuplesort_set_bound),
        else None: an unknown bound means no qsort order can be promised."""
        total = 0
        for e in (q.limit_count, q.limit_offset):
            if e is None:
                continue
            while isinstance(e, N.FuncExpr) and e.funcformat == "implicit" and e.args:
                e = e.args[0]
            if not isinstance(e, N.Const) or e.value is None:
                return None
            total += int(e.value)
        return total

    def _constant_false(self, e: N.Expr) -> bool:
        if isinstance(e, N.Const):
            return e.value is not True
        if self.const_value is None or rels_of(e) or has_volatile_or_sublink(e):
            return False
        if any(isinstance(x, (N.Var, N.Param, N.Aggref)) for x, _ in walk_expr(e, 0)):
            return False
        if any(isinstance(x, (N.FuncExpr, N.OpExpr)) and x.funcid and self.cat.proc(x.funcid).volatile != "i"
               for x, _ in walk_expr(e, 0)):
            return False
        try:
            return self.const_value(e) is not True
        except PgError:
            return False          # an error is raised at execution, as PostgreSQL would

    def _agg_layout(self, group, aggs) -> list:
        return list(group) + list(aggs)

    def _position_of(self, tlist, expr) -> int:
        for i, te in enumerate(tlist):
            if te.expr == expr:
                return i
        raise PgError("XX000", "sort expression not found in target list")

    def register_ctes(self, q: N.Query) -> None:
        refs = None
        for name, sub in q.ctes.items():
            if id(sub) in self.cte_plans or id(sub) in self.inline_ctes:
                continue
            modifying = getattr(sub, "modifying", None)
            if modifying is None:
                if refs is None:
                    refs = cte_refcounts(q)
                if self._inlinable_cte(sub, refs.get(id(sub), 0)):
                    self.inline_ctes.add(id(sub))
                    continue
            if modifying is not None:
                # data-modifying WITH: runs first and to completion (run_planned)
                plan = self.plan_modify(modifying).plan
                self.cte_plans[id(sub)] = plan
                self.modifying_ctes.append(plan)
            else:
                self.cte_plans[id(sub)] = self.plan_select(sub)

    def _inlinable_cte(self, sub: N.Query, refcount: int) -> bool:
        """SS_process_ctes: a WITH query is planned where it is used unless
        it is MATERIALIZED (or referenced more than once without NOT
        MATERIALIZED), recursive, data-modifying, reads an enclosing query,
        or calls a volatile function."""
        how = getattr(sub, "cte_materialized", "default")
        if not (how == "never" or (how == "default" and refcount == 1)):
            return False
        if getattr(sub, "recursive_work", None) is not None or sub.set_op is not None and any(
                rte.kind == "worktable" for rte in _all_rtes(sub)):
            return False
        if sub.command != "select" or is_correlated(sub):
            return False
        return not self._has_volatile(sub)

    def _has_volatile(self, q: N.Query) -> bool:
        for e, _d in walk_query(q, 0):
            fid = getattr(e, "funcid", None)
            if isinstance(e, (N.FuncExpr, N.OpExpr)) and fid:
                try:
                    if getattr(self.cat.proc(fid), "volatile", "v") == "v":
                        return True
                except PgError:
                    return True
            elif type(e).__name__ == "NextValueExpr":
                return True
        return False

    # ================================================================= set operations
    def plan_setop_query(self, q: N.Query) -> P.Plan:
        work = getattr(q, "recursive_work", None)
        if work is not None:
            width = len(q.set_op.coltypes)
            plan = P.RecursiveUnion(layout=tuple(("v", 0, i + 1) for i in range(width)),
                                    left=self.plan_select(q.rtable[0].subquery),
                                    right=self.plan_select(q.rtable[1].subquery), all=q.set_op.all,
                                    work_key=id(work), types=tuple(q.set_op.coltypes))
            return plan

        def build(node) -> P.Plan:
            if isinstance(node, int):
                rte = q.rtable[node - 1]
                sub = self.plan_select(rte.subquery)
                return sub
            left = build(node.larg)
            right = build(node.rarg)
            width = len(node.coltypes)
            return P.SetOp(layout=tuple(("o", i) for i in range(width)), op=node.op, all=node.all,
                           left=left, right=right, types=tuple(node.coltypes))
        plan = build(q.set_op)
        width = len(q.set_op.coltypes)
        plan = P.Project(layout=tuple(("v", 0, i + 1) for i in range(width)), child=plan,
                         exprs=tuple(N.Var(-1, i + 1, t) for i, t in enumerate(q.set_op.coltypes)))
        plan.positional = True  # type: ignore[attr-defined]
        tlist = q.target_list
        if q.sort:
            positions = tuple(self._position_of(tlist, k.expr) for k in q.sort)
            plan = P.Sort(layout=plan.layout, child=plan, positions=positions, keys=tuple(q.sort))
        if q.limit_count is not None or q.limit_offset is not None:
            plan = P.Limit(layout=plan.layout, child=plan, count=q.limit_count, offset=q.limit_offset)
        return plan

    # ================================================================= FROM + WHERE
    @property
    def estimator(self):
        if self._estimator is None:
            from pgref.planner.estimate import Estimator
            self._estimator = Estimator(self)
        return self._estimator

    def _flatten_inner(self, q: N.Query, items) -> tuple[list, list[N.Expr]] | None:
        """deconstruct_jointree for inner joins: the FROM items with every
        [INNER|CROSS] JOIN opened into its two sides and its ON clause as
        conjuncts; None when an item is LATERAL (its order is fixed)."""
        out: list = []
        quals: list[N.Expr] = []

        def visit(node) -> bool:
            if isinstance(node, N.RangeTblRef):
                if q.rtable[node.rtindex - 1].lateral:
                    return False
                out.append(node)
                return True
            if isinstance(node, N.JoinTree) and node.jointype == "inner":
                if not (visit(node.larg) and visit(node.rarg)):
                    return False
                quals.extend(split_and(node.quals))
                return True
            if isinstance(node, N.JoinTree) and isinstance(node.rarg, N.RangeTblRef) \
                    and q.rtable[node.rarg.rtindex - 1].lateral:
                return False
            out.append(node)                  # an outer join: planned as a unit
            return True
        for item in items:
            if not visit(item):
                return None
        return out, quals

    def plan_from_list(self, q: N.Query, items, conjuncts: list[N.Expr]) -> P.Plan:
        flat = self._flatten_inner(q, items)
        if flat is not None and 2 <= len(flat[0]) <= JOIN_COLLAPSE_LIMIT:
            return self._plan_join_search(q, flat[0], list(conjuncts) + flat[1])
        pending = list(conjuncts)
        plan = None
        avail: set[int] = set()
        for item in items:
            sub, sub_rels = self.plan_from_node(q, item, pending, pushable=True)
            if plan is None:
                plan, avail = sub, sub_rels
            elif isinstance(item, N.RangeTblRef) and q.rtable[item.rtindex - 1].lateral:
                # LATERAL: the right side reads the left row's columns
                quals = [c for c in pending if rels_of(c) and rels_of(c) <= avail | sub_rels]
                for c in quals:
                    pending.remove(c)
                plan = P.NestLoop(layout=plan.layout + sub.layout, jointype="inner", left=plan, right=sub,
                                  quals=tuple(quals), lateral=True)
                avail = avail | sub_rels
            else:
                plan = self.make_join(q, "inner", plan, avail, sub, sub_rels, pending, [])
                avail = avail | sub_rels
        # whatever is left (no tables, outer references, unplaceable) filters the top
        if pending:
            plan = P.Filter(layout=plan.layout, child=plan, quals=tuple(pending))
            pending.clear()
        return plan

    def _plan_join_search(self, q: N.Query, items, conjuncts: list[N.Expr]) -> P.Plan:
        """Inner joins by cost (planner/joinsearch.py): each item planned
        with the conjuncts it can evaluate alone, then the join clauses
        placed where the search joins their tables."""
        from pgref.planner.joinsearch import JoinItem, JoinSearch
        pending = list(conjuncts)
        joined = []
        every: set[int] = set()
        for i, item in enumerate(items):
            sub, rels = self.plan_from_node(q, item, pending, pushable=True)
            joined.append(JoinItem(sub, frozenset(rels), frozenset([i])))
            every |= rels
        clauses = [c for c in pending if rels_of(c) and rels_of(c) <= every]
        for c in clauses:
            pending.remove(c)
        best = JoinSearch(self, self.estimator, q, joined, clauses, upper=pending).run()
        plan = best.plan
        if pending:
            # no tables, outer references only, or unplaceable: filter the top
            plan = P.Filter(layout=plan.layout, child=plan, quals=tuple(pending))
        return plan

    def plan_from_node(self, q: N.Query, node, pending: list[N.Expr], pushable: bool) -> tuple[P.Plan, set[int]]:
        """Plan one FROM item.  ``pending`` holds conjuncts not yet placed;
        those this item can evaluate alone are taken from it (if pushable)."""
        if isinstance(node, N.RangeTblRef):
            rti = node.rtindex
            mine = []
            if pushable:
                for c in list(pending):
                    r = rels_of(c)
                    if r and r <= {rti}:
                        mine.append(c)
                        pending.remove(c)
            return self.plan_base(q, rti, mine), {rti}
        if isinstance(node, N.JoinTree):
            jt = node.jointype
            on = split_and(node.quals)
            if jt in ("inner", "left") and isinstance(node.rarg, N.RangeTblRef) \
                    and q.rtable[node.rarg.rtindex - 1].lateral:
                # the right side reads the left row (a function in FROM, or
                # LATERAL): a nested loop that re-runs it per left row, the
                # ON clause as its join quals
                lp, lr = self.plan_from_node(q, node.larg, pending, pushable)
                rp, rr = self.plan_from_node(q, node.rarg, [], False)
                return P.NestLoop(layout=lp.layout + rp.layout, jointype=jt, left=lp, right=rp,
                                  quals=tuple(on), lateral=True), lr | rr
            if jt == "inner":
                lp, lr = self.plan_from_node(q, node.larg, pending, pushable)
                local = on + []
                rp, rr = self.plan_from_node(q, node.rarg, local if not pushable else pending,
                                             pushable)
                # ON conjuncts that fit one side go down (inner join only)
                plan = self.make_join(q, "inner", lp, lr, rp, rr, pending if pushable else [], on)
                return plan, lr | rr
            if jt == "left":
                lp, lr = self.plan_from_node(q, node.larg, pending, pushable)
                right_only = [c for c in on if rels_of(c) and rels_of(c) <= self._rels_under(node.rarg)]
                rest = [c for c in on if c not in right_only]
                rp, rr = self.plan_from_node(q, node.rarg, right_only, True)
                rest += right_only  # anything the right side could not take
                return self.make_join(q, "left", lp, lr, rp, rr, [], rest), lr | rr
            if jt == "right":
                rp, rr = self.plan_from_node(q, node.rarg, pending, pushable)
                left_only = [c for c in on if rels_of(c) and rels_of(c) <= self._rels_under(node.larg)]
                rest = [c for c in on if c not in left_only]
                lp, lr = self.plan_from_node(q, node.larg, left_only, True)
                rest += left_only
                # a right join is a left join with the inputs swapped; keep the layout order
                return self.make_join(q, "right", lp, lr, rp, rr, [], rest), lr | rr
            if jt == "full":
                lp, lr = self.plan_from_node(q, node.larg, [], False)
                rp, rr = self.plan_from_node(q, node.rarg, [], False)
                return self.make_join(q, "full", lp, lr, rp, rr, [], on), lr | rr
        raise PgError(FEATURE_NOT_SUPPORTED, f"join type {getattr(node, 'jointype', node)} is not supported")

    def _rels_under(self, node) -> set[int]:
        if isinstance(node, N.RangeTblRef):
            return {node.rtindex}
        return self._rels_under(node.larg) | self._rels_under(node.rarg)

    def make_join(self, q, jointype: str, lp: P.Plan, lr: set[int], rp: P.Plan, rr: set[int],
                  pending: list[N.Expr], on: list[N.Expr]) -> P.Plan:
        both = lr | rr
        quals = list(on)
        for c in list(pending):
            r = rels_of(c)
            if r and r <= both:
                quals.append(c)
                pending.remove(c)
        # inner join: conjuncts on one side only could still be pushed, but the
        # sides are already planned; they stay as join quals (still correct)
        if not any(has_volatile_or_sublink(c) for c in quals):
            from pgref.planner.joinsearch import best_join
            got = best_join(self, self.estimator, q, jointype, lp, lr, rp, rr, quals)
            if got is not None:
                return got
        lkeys, rkeys, ktypes, rest = [], [], [], []
        for c in quals:
            k = self._hash_key(c, lr, rr)
            if k is not None:
                lkeys.append(k[0])
                rkeys.append(k[1])
                ktypes.append(k[2])
            else:
                rest.append(c)
        layout = lp.layout + rp.layout
        if lkeys:
            return P.HashJoin(layout=layout, jointype=jointype, left=lp, right=rp, left_keys=tuple(lkeys),
                              right_keys=tuple(rkeys), key_types=tuple(ktypes), quals=tuple(rest))
        return P.NestLoop(layout=layout, jointype=jointype, left=lp, right=rp, quals=tuple(rest))

    def _hash_key(self, c: N.Expr, lr: set[int], rr: set[int]):
        from pgref.catalog import builtin
        if not isinstance(c, N.OpExpr) or len(c.args) != 2:
            return None
        if c.opno not in builtin.hash_equality_operators():
            return None
        a, b = c.args
        if a.typ != b.typ and not (a.typ in _INTS and b.typ in _INTS):
            return None
        ra, rb = rels_of(a), rels_of(b)
        if not ra or not rb or has_volatile_or_sublink(c):
            return None
        if ra <= lr and rb <= rr:
            return a, b, a.typ
        if ra <= rr and rb <= lr:
            return b, a, a.typ
        return None

    # ================================================================= base relations
    def order_quals(self, quals: list[N.Expr]) -> list[N.Expr]:
        """order_qual_clauses: cheaper conditions first (by their per-row
        cost, planner/costsize.py), equal costs in their written order; a
        sub-select re-run per row counts as the most expensive."""
        if len(quals) < 2:
            return list(quals)
        # an equality of a column with a constant goes into an equivalence
        # class and comes back after the other conditions
        # (generate_base_implied_equalities); cost then orders them stably
        ec = [c for c in quals if self._ec_constant_equality(c)]
        quals = [c for c in quals if not any(c is e for e in ec)] + ec

        def cost(c) -> float:
            per = self.estimator.qual_cost([c])[1]
            if any(isinstance(x, N.SubLink) and is_correlated(x.subquery) for x, _d in walk_expr(c, 0)):
                per += 1.0e9
            return per
        return sorted(quals, key=cost)

    def _ec_constant_equality(self, c) -> bool:
        from pgref.catalog import builtin
        if not isinstance(c, N.OpExpr) or len(c.args) != 2:
            return False
        op = builtin.operators().get(c.opno)
        if op is None or op.name != "=" or not op.canmerge:
            return False
        a, b = c.args
        ra, rb = rels_of(a), rels_of(b)
        if bool(ra) == bool(rb):
            return False
        const = b if ra else a
        return not has_volatile_or_sublink(const) and not self._has_volatile_expr(const)

    def _has_volatile_expr(self, e) -> bool:
        for x, _d in walk_expr(e, 0):
            fid = getattr(x, "funcid", None)
            if isinstance(x, (N.FuncExpr, N.OpExpr)) and fid and getattr(self.cat.proc(fid), "volatile", "v") == "v":
                return True
        return False

    def plan_base(self, q: N.Query, rti: int, quals: list[N.Expr]) -> P.Plan:
        rte = q.rtable[rti - 1]
        quals = self.order_quals(quals)
        layout = tuple(("v", rti, i + 1) for i in range(len(rte.colnames)))
        if rte.kind == "relation":
            if rte.relkind == "S":
                return P.SeqScan(layout=layout, rtindex=rti, relid=rte.relid, quals=tuple(quals))
            tableoid = TABLEOID_ATTNO in rte.requiredcols
            if tableoid:
                layout = layout + (("v", rti, TABLEOID_ATTNO),)
            # header system columns (xmin, cmin, xmax, cmax) follow, then the
            # tuple id for ctid (spec/07-executor.md, "System columns")
            sysattrs = tuple(a for a in (-2, -3, -4, -5) if a in rte.requiredcols)
            layout = layout + tuple(("v", rti, a) for a in sysattrs)
            ctid = -1 in rte.requiredcols
            if ctid:
                layout = layout + (("v", rti, -1),)
            members = find_all_inheritors(self.cat, rte.relid) if rte.inh and rte.relid in self.cat.relations \
                else [rte.relid]
            idx = self.choose_index(rte, rti, quals,
                                    retest=q.result_relation == rti or getattr(q, "locking", False),
                                    for_bitmap=self.db is not None)
            root = self.cat.relations.get(rte.relid)
            plain = len(members) == 1 and not (root is not None and root.partkey is not None and rte.inh)
            req = self._order_requests.get(id(q))
            if plain and req is not None and req["rti"] == rti:
                idx = self._ordered_index(rte, rti, quals, idx, req)
            if idx is not None and plain and not (tableoid or sysattrs or ctid) and \
                    q.result_relation != rti and not getattr(q, "locking", False) and \
                    self._enabled("enable_indexonlyscan"):
                # conjuncts a partial index's predicate implies are not
                # rechecked, so their columns are not needed (check_index_only)
                kept = {id(c) for c in idx.quals}
                dropped = {id(c) for c in quals if id(c) not in kept}
                idx.index_only = self._covers(q, rti, idx.index_oid, rte.relid, dropped)
            if idx is not None and plain and (req is None or req["rti"] != rti or not req.get("done")) \
                    and self.db is not None:
                idx.layout, idx.tableoid = layout, tableoid
                seq = P.SeqScan(layout=layout, rtindex=rti, relid=rte.relid, quals=tuple(quals),
                                tableoid=tableoid)
                # set_plain_rel_pathlist: the sequential scan's path first,
                # then the index scan, then the bitmap heap scan over the
                # same index; the cheapest wins, a tie keeps the earlier
                cands: list[P.Plan] = [seq, idx]
                if self._enabled("enable_bitmapscan") and not idx.backward:
                    cands.append(bitmap_variant(idx))
                best = cands[0]
                for c in cands[1:]:
                    if self.estimator.est(c, q).total < self.estimator.est(best, q).total:
                        best = c
                idx = best if best is not seq else None
            if idx is not None:
                idx.layout, idx.tableoid = layout, tableoid
                first: P.Plan = idx
            else:
                first = P.SeqScan(layout=layout, rtindex=rti, relid=rte.relid, quals=tuple(quals),
                                  tableoid=tableoid)
            root = self.cat.relations.get(rte.relid)
            if root is not None and root.partkey is not None and rte.inh:
                # a partitioned table: only the leaf partitions the quals
                # leave (planner/prune.py; spec/09-engine.md, "Declarative
                # partitioning"); with none, its own empty scan
                from pgref.planner.prune import order_quals, surviving_members
                leaves = surviving_members(self.cat, self._prune_ctx(), rte.relid, rti, quals)
                quals = order_quals(quals)
                if not leaves:
                    # every partition pruned: PostgreSQL's dummy Result (no rows)
                    dummy = P.Result(layout=layout, quals=(N.Const(T.BOOLOID, False),))
                    dummy.pruned_rtindex = rti  # type: ignore[attr-defined]  # for _mark_tid
                    return dummy
                subs = [self._member_scan(rte, rti, child, quals, layout, tableoid) for child in leaves]
                for sub in subs:
                    sub.sysattrs, sub.with_tid = sysattrs, ctid
                if len(subs) == 1:
                    return subs[0]
                return P.Append(layout=layout, rtindex=rti, subplans=tuple(subs))
            if len(members) == 1:
                first.sysattrs, first.with_tid = sysattrs, ctid
                return first
            # inheritance: the parent, then each descendant with its columns
            # mapped by name onto the parent's (spec/09-engine.md, "Inheritance")
            subs = [first] + [self._member_scan(rte, rti, child, quals, layout, tableoid)
                              for child in members[1:]]
            for sub in subs:
                sub.sysattrs, sub.with_tid = sysattrs, ctid
            return P.Append(layout=layout, rtindex=rti, subplans=tuple(subs))
        if rte.kind == "values":
            scan = P.ValuesScan(layout=layout, rtindex=rti, rows=tuple(tuple(r) for r in rte.values_lists))
            if quals:
                return P.Filter(layout=layout, child=scan, quals=tuple(quals))
            return scan
        if rte.kind == "subquery":
            sub = self.plan_select(rte.subquery)
            return P.SubqueryScan(layout=layout, rtindex=rti, subplan=sub, quals=tuple(quals))
        if rte.kind == "cte" and id(rte.subquery) in self.inline_ctes:
            sub = self.plan_select(rte.subquery)
            return P.SubqueryScan(layout=layout, rtindex=rti, subplan=sub, quals=tuple(quals))
        if rte.kind == "cte":
            sub = self.cte_plans.get(id(rte.subquery))
            if sub is None:
                sub = self.cte_plans[id(rte.subquery)] = self.plan_select(rte.subquery)
            return P.CteScan(layout=layout, rtindex=rti, ctename=rte.ctename, subplan=sub, quals=tuple(quals),
                             levelsup=getattr(rte, "ctelevelsup", 0))
        if rte.kind == "worktable":
            return P.WorkTableScan(layout=layout, rtindex=rti, work_key=id(rte.subquery), quals=tuple(quals))
        if rte.kind == "function":
            ordinality = getattr(rte, "ordinality", False)
            ncols = len(rte.coltypes) - (1 if ordinality else 0)
            return P.FunctionScan(layout=layout, rtindex=rti, func=rte.func,
                                  ordinality=ordinality, quals=tuple(quals),
                                  coltypes=tuple(rte.coltypes[:ncols]), coltypmods=tuple(rte.coltypmods[:ncols]),
                                  funcs=tuple(getattr(rte, "funcs", ())))
        raise PgError(FEATURE_NOT_SUPPORTED, f"range table entry kind {rte.kind} is not supported")

    def _prune_ctx(self):
        """An execution context for comparing partition bounds at plan time."""
        from pgref.executor.context import ExecContext
        from pgref.types.values import DEFAULT_SETTINGS
        return ExecContext(settings=DEFAULT_SETTINGS, cat=self.cat)

    def _member_scan(self, rte, rti: int, child: int, quals: list[N.Expr], layout: tuple,
                     tableoid: bool) -> P.Plan:
        """The scan of one inheritance child inside the parent's Append: its
        rows in the parent's column order (INV-INH-1); through one of the
        child's own btree indexes when the quals fit it (R2)."""
        from dataclasses import replace
        from types import SimpleNamespace
        colmap = column_map(self.cat, rte.relid, child)
        parent_attno = {c: p for p, c in enumerate(colmap, 1) if c}
        crel = self.cat.relations[child]
        usable = [replace(i, columns=[parent_attno[a] for a in i.columns]) for i in crel.indexes
                  if all(a in parent_attno for a in i.columns)]
        idx = self.choose_index(rte, rti, quals, rel=SimpleNamespace(indexes=usable)) if usable else None
        if idx is not None:
            idx.relid, idx.colmap, idx.layout, idx.tableoid = child, colmap, layout, tableoid
            return idx
        return P.SeqScan(layout=layout, rtindex=rti, relid=child, quals=tuple(quals), colmap=colmap,
                         tableoid=tableoid)

    def choose_index(self, rte, rti: int, quals: list[N.Expr], rel=None, retest: bool = False,
                     for_bitmap: bool = False, param_rels=frozenset()) -> P.Plan | None:
        """``rel``: the table whose ``indexes`` to consider (an inheritance
        child's, with columns renumbered as the parent's), default the RTE's.
        ``retest``: the rows are to be updated or locked, so quals a partial
        index's predicate implies are still checked (on the newest version).
        ``for_bitmap``: the caller costs a bitmap scan of the index too, so
        the index is found even when plain index scans are off."""
        rel = rel if rel is not None else self.cat.relations.get(rte.relid)
        if rel is None or not rel.indexes:
            return None
        if not self._enabled("enable_indexscan") and self._enabled("enable_seqscan") and not (
                for_bitmap and self._enabled("enable_bitmapscan")):
            return None
        # collect col op value conjuncts
        found: dict[int, list[tuple[str, N.Expr]]] = {}
        for c in quals:
            # a boolean column as a qual is "col = true" (NOT col, col IS
            # FALSE: "col = false"), as match_boolean_index_clause reads it
            b = _boolean_index_qual(c, rti)
            if b is not None:
                found.setdefault(b[0], []).append(("=", N.Const(T.BOOLOID, b[1]), c))
                continue
            if not isinstance(c, N.OpExpr) or len(c.args) != 2:
                continue
            a, b = c.args
            op = self.cat.operator(c.opno)
            name = op.name
            if isinstance(b, N.Var) and b.levelsup == 0 and b.varno == rti and (
                    not rels_of(a) or rels_of(a) <= param_rels):
                a, b = b, a
                name = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}.get(name, "")
            if not (isinstance(a, N.Var) and a.levelsup == 0 and a.varno == rti and a.varattno > 0):
                continue
            # the value: constant in the scan, or (param_rels) read from the
            # outer row of a parameterized nested loop
            rb = rels_of(b)
            if (rb and not rb <= param_rels) or has_volatile_or_sublink(b):
                continue
            if name not in ("=", "<", "<=", ">", ">="):
                continue
            if not self._index_compatible(a.typ, b.typ, c.opno):
                continue
            found.setdefault(a.varattno, []).append((name, b, c))
        if not found:
            return None
        best = None
        for idx in rel.indexes:
            if idx.predicate is not None and not self._partial_usable(idx, rte, rti, quals):
                continue
            eqs, used = [], []
            for att in idx.columns:
                eq = next(((v, c) for n, v, c in found.get(att, []) if n == "="), None)
                if eq is None:
                    break
                eqs.append(eq[0])
                used.append(eq[1])
            lower = upper = None
            if len(eqs) < len(idx.columns):
                nxt = idx.columns[len(eqs)]
                for n, v, c in found.get(nxt, []):
                    if n in (">", ">=") and lower is None:
                        lower = (v, n == ">=")
                        used.append(c)
                    elif n in ("<", "<=") and upper is None:
                        upper = (v, n == "<=")
                        used.append(c)
            if getattr(idx, "am", "btree") == "hash":
                # a hash index answers only col = value on its one column
                # (access/hash); an equally good btree is preferred
                if len(eqs) != len(idx.columns) or not self._hash_compatible(used[0]):
                    continue
                lower = upper = None
                used = used[:len(eqs)]
            score = len(eqs) * 2 + (lower is not None) + (upper is not None)
            if len(eqs) == len(idx.columns) and idx.unique:
                score += 10
            if score and (best is None or score > best[0] or (
                    score == best[0] and getattr(best[1], "am", "btree") == "hash"
                    and getattr(idx, "am", "btree") != "hash")):
                best = (score, idx, eqs, lower, upper, used)
        if best is None:
            return None
        _, idx, eqs, lower, upper, used = best
        all_quals = tuple(quals)
        if idx.predicate is not None and not retest:
            # quals the predicate guarantees are not rechecked (nor shown)
            from pgref.planner.predtest import qual_implied_by
            pred = self._partial_pred(idx)
            quals = [c for c in quals if c in used or not qual_implied_by(self.cat, c, pred, rti)]
        layout = tuple(("v", rti, i + 1) for i in range(len(rte.colnames)))
        scan = P.IndexScan(layout=layout, rtindex=rti, relid=rte.relid, index_oid=idx.oid,
                           eq_values=tuple(eqs), lower=lower, upper=upper, quals=tuple(quals))
        # the conjuncts the index bounds implement (the executor still
        # re-checks every qual); EXPLAIN shows them as Index Cond
        scan.index_quals = tuple(used)  # type: ignore[attr-defined]
        scan.rel_quals = all_quals  # type: ignore[attr-defined]  # every qual on the table (its row estimate)
        return scan

    def _partial_pred(self, idx):
        from pgref.analyzer.indexpred import index_predicate
        rel = self.cat.relations.get(idx.relid)
        return index_predicate(self.cat, rel, idx)

    def _partial_usable(self, idx, rte, rti: int, quals: list[N.Expr]) -> bool:
        """A partial index serves the scan only if the scan's conjuncts
        prove its predicate (planner/predtest.py; check_index_predicates)."""
        from pgref.planner.predtest import predicate_implied_by
        if idx.relid != rte.relid:
            return False            # an inheritance child's index: columns renumbered
        return predicate_implied_by(self.cat, self._partial_pred(idx), quals, rti)

    # ---------------------------------------------------------------- R2b
    def _enabled(self, name: str) -> bool:
        """A planner switch (enable_seqscan, enable_sort, ...); on when the
        planner runs without session settings."""
        return self.settings is None or self.settings.get(name) != "off"

    def _index_order_request(self, q: N.Query) -> dict | None:
        """R2b: the ORDER BY keys an index scan of ``q``'s one table could
        provide, or None.  ``force``: replace a Seq Scan + Sort by a full
        index scan (a LIMIT makes the index order cheaper in PostgreSQL's
        cost model; enable_sort / enable_seqscan off forbid the other plan)."""
        if not q.sort or len(q.jointree) != 1 or not isinstance(q.jointree[0], N.RangeTblRef):
            return None
        if q.has_aggs or q.group_by or q.has_window_funcs or q.distinct is not None \
                or q.distinct_on is not None or q.having is not None:
            return None
        rti = q.jointree[0].rtindex
        rte = q.rtable[rti - 1]
        if rte.kind != "relation" or rte.relkind == "S":
            return None
        for k in q.sort:
            e = k.expr
            if not (isinstance(e, N.Var) and e.levelsup == 0 and e.varno == rti and e.varattno > 0):
                return None
            if k.cmpfunc and k.cmpfunc != self.cat.btree_cmp_proc(e.typ, e.typ):
                return None           # ORDER BY ... USING a non-default operator
        force = not self._enabled("enable_sort") or not self._enabled("enable_seqscan") or \
            q.limit_count is not None
        return {"rti": rti, "keys": list(q.sort), "force": force, "done": False}

    @staticmethod
    def _index_direction(ix, neq: int, keys) -> bool | None:
        """Does btree ``ix`` return rows ordered by ``keys`` once its first
        ``neq`` columns are fixed by equalities?  False: scanning forward,
        True: backward, None: it cannot."""
        fixed = set(ix.columns[:neq])
        keys = [k for k in keys if k.expr.varattno not in fixed]
        rest = ix.columns[neq:]
        if len(keys) > len(rest):
            return None
        backward = None
        for i, (k, att) in enumerate(zip(keys, rest)):
            if k.expr.varattno != att:
                return None
            desc = bool(ix.descending[neq + i]) if len(ix.descending) > neq + i else False
            nfirst = bool(ix.nulls_first[neq + i]) if len(ix.nulls_first) > neq + i else desc
            if k.descending == desc and k.nulls_first == nfirst:
                d = False
            elif k.descending != desc and k.nulls_first != nfirst:
                d = True
            else:
                return None
            if backward is not None and d != backward:
                return None
            backward = d
        return bool(backward)

    def _ordered_index(self, rte, rti: int, quals: list[N.Expr], idx, req: dict):
        """R2b for the scan of ``req``'s table: keep R2's index scan and
        mark it ordered when it gives ORDER BY's order; without one (and
        with ``force``), a full scan of an index that does."""
        rel = self.cat.relations.get(rte.relid)
        if idx is not None:
            ix = next(i for i in rel.indexes if i.oid == idx.index_oid)
            if getattr(ix, "am", "btree") != "btree":
                return idx
            d = self._index_direction(ix, len(idx.eq_values), req["keys"])
            if d is not None:
                idx.backward = d
                req["done"] = True
                return idx
            # another index that bounds the scan as tightly and gives the order
            from types import SimpleNamespace
            for other in rel.indexes:
                if other.oid == ix.oid or getattr(other, "am", "btree") != "btree":
                    continue
                alt = self.choose_index(rte, rti, quals, rel=SimpleNamespace(indexes=[other]))
                if alt is None or len(alt.eq_values) < len(idx.eq_values) or \
                        (idx.lower is not None and alt.lower is None) or \
                        (idx.upper is not None and alt.upper is None):
                    continue
                d = self._index_direction(other, len(alt.eq_values), req["keys"])
                if d is not None:
                    alt.backward = d
                    req["done"] = True
                    return alt
            return idx
        if not req["force"] or rel is None or not (self._enabled("enable_indexscan")
                                                   or not self._enabled("enable_seqscan")):
            return None
        for ix in rel.indexes:
            if ix.predicate is not None or getattr(ix, "am", "btree") != "btree" or 0 in ix.columns:
                continue
            d = self._index_direction(ix, 0, req["keys"])
            if d is not None:
                layout = tuple(("v", rti, i + 1) for i in range(len(rte.colnames)))
                scan = P.IndexScan(layout=layout, rtindex=rti, relid=rte.relid, index_oid=ix.oid,
                                   quals=tuple(quals), backward=d)
                scan.index_quals = ()  # type: ignore[attr-defined]
                req["done"] = True
                return scan
        return None

    def _covers(self, q: N.Query, rti: int, index_oid: int, relid: int, dropped: set[int]) -> bool:
        """Index-only: every column of ``rti`` that ``q`` reads (its
        expressions and those of its sub-selects, leaving out the WHERE
        conjuncts in ``dropped``) is a column of the index."""
        ix = next((i for i in self.cat.relations[relid].indexes if i.oid == index_oid), None)
        if ix is None or getattr(ix, "am", "btree") != "btree" or 0 in ix.columns:
            return False
        needed = set()
        roots = [te.expr for te in q.target_list] + [te.expr for te in q.returning] + list(q.group_by)
        roots += [q.having, q.limit_count, q.limit_offset]
        roots += [c for c in split_and(q.where) if id(c) not in dropped]
        stack = list(q.jointree)
        while stack:
            n = stack.pop()
            if isinstance(n, N.JoinTree):
                roots.append(n.quals)
                stack += [n.larg, n.rarg]
        for r in roots:
            for e, depth in walk_expr(r, 0):
                if isinstance(e, N.Var) and e.levelsup == depth and e.varno == rti:
                    needed.add(e.varattno)
        return bool(needed) and all(a > 0 for a in needed) and needed <= set(ix.columns)

    def _hash_compatible(self, qual: N.OpExpr) -> bool:
        """The = operator is the equality member of some hash operator
        family (pg_amop), so equal values hash alike."""
        from pgref.catalog import builtin
        return qual.opno in builtin.hash_equality_operators()

    def _index_compatible(self, coltype: int, valtype: int, opno: int) -> bool:
        if coltype == valtype:
            return True
        if coltype in _INTS and valtype in _INTS:
            return True
        if coltype in _TEXTS and valtype in _TEXTS:
            return True
        return False

    # ================================================================= INSERT / UPDATE / DELETE
    def plan_modify(self, q: N.Query) -> P.PlannedStmt:
        if q.command == "merge":            # planner/merge.py
            from pgref.planner.merge import plan_merge
            return plan_merge(self, q)
        self.register_ctes(q)
        for rte in q.rtable:
            if rte.subquery is not None:
                self.register_ctes(rte.subquery)
        rte = q.rtable[q.result_relation - 1]
        rti = q.result_relation
        if q.command == "insert":
            if q.jointree:
                child = self.plan_from_list(q, q.jointree, [])
            else:
                child = P.Result(layout=())
            exprs = tuple(te.expr for te in q.target_list)
            child = P.Project(layout=tuple(("v", rti, i + 1) for i in range(len(exprs))), child=child,
                              exprs=exprs)
            columns = tuple(range(1, len(exprs) + 1))
        else:
            conj = split_and(q.where)
            child = self.plan_from_list(q, q.jointree, conj)
            self._mark_tid(child, rti)
            columns = tuple(q.update_columns) if q.command == "update" else ()
        mt = P.ModifyTable(layout=tuple(("o", i) for i in range(len(q.returning))), command=q.command,
                           relid=rte.relid, rtindex=rti, child=child, columns=columns,
                           returning=tuple(te.expr for te in q.returning), on_conflict=q.on_conflict,
                           child_layout=child.layout)
        mt.set_exprs = tuple(te.expr for te in q.target_list) if q.command == "update" else ()  # type: ignore[attr-defined]
        mt.query_level = q  # type: ignore[attr-defined]  # for EXPLAIN (planner/explain.py)
        if q.command in ("update", "delete"):
            mt.epq_where = q.where  # type: ignore[attr-defined]  # EvalPlanQual re-check (executor/modify.py)
        outs = q.returning
        return P.PlannedStmt(q.command, mt, [te.name for te in outs], [te.expr.typ for te in outs],
                             [getattr(te.expr, "typmod", -1) for te in outs],
                             [(te.resorigtbl, te.resorigcol) for te in outs], query=q, param_types=q.params)

    def _mark_tid(self, plan: P.Plan, rti: int) -> None:
        """Make the scan of the target table expose tuple ids (and, for a
        table with inheritance children, which table each row is in)."""
        def mark(p) -> None:
            if isinstance(p.layout, tuple) and ("v", rti, TABLEOID_ATTNO) not in p.layout:
                p.tableoid = True
                p.layout = p.layout + (("v", rti, TABLEOID_ATTNO),)
            if not p.with_tid:
                p.with_tid = True
                p.layout = p.layout + (("v", rti, -1),)

        def visit(p: P.Plan) -> bool:
            if isinstance(p, P.SubqueryScan):
                return False                 # another query level: its range-table indexes are its own
            if isinstance(p, P.Result) and getattr(p, "pruned_rtindex", None) == rti:
                p.layout = p.layout + (("v", rti, TABLEOID_ATTNO), ("v", rti, -1))
                return True
            if isinstance(p, P.Append) and p.rtindex == rti:
                for sub in p.subplans:
                    mark(sub)
                p.layout = p.subplans[0].layout
                return True
            if isinstance(p, (P.SeqScan, P.IndexScan)) and p.rtindex == rti and getattr(p, "colmap", None):
                mark(p)                      # the one partition left of a partitioned table
                return True
            if isinstance(p, (P.SeqScan, P.IndexScan)) and p.rtindex == rti:
                if not p.with_tid:
                    p.with_tid = True
                    p.layout = p.layout + (("v", rti, -1),)
                return True
            if isinstance(p, (P.CteScan, P.SubqueryScan)):
                return False                 # another query level: its range-table numbers are its own
            for ch in p.children():
                if ch is not None and visit(ch):
                    p.layout = self._recompute_layout(p)
                    return True
            return False
        if not visit(plan):
            raise PgError("XX000", "target relation scan not found")

    def _recompute_layout(self, p: P.Plan) -> tuple:
        if isinstance(p, (P.NestLoop, P.HashJoin, P.MergeJoin)):
            return p.left.layout + p.right.layout
        if isinstance(p, (P.Filter, P.Material, P.Sort)):
            return p.child.layout
        return p.layout


def _boolean_index_qual(c, rti: int):
    """(attno, value) when ``c`` is a boolean column of ``rti`` tested for
    true or false: ``b``, ``NOT b``, ``b IS TRUE``, ``b IS FALSE``."""
    def col(e):
        return isinstance(e, N.Var) and e.levelsup == 0 and e.varno == rti and e.varattno > 0 \
            and e.typ == T.BOOLOID
    if col(c):
        return c.varattno, True
    if isinstance(c, N.BoolExpr) and c.op == "not" and len(c.args) == 1 and col(c.args[0]):
        return c.args[0].varattno, False
    if isinstance(c, N.BooleanTest) and c.kind in ("is_true", "is_false") and col(c.arg):
        return c.arg.varattno, c.kind == "is_true"
    return None


_INTS = {T.INT2OID, T.INT4OID, T.INT8OID}
_TEXTS = {T.TEXTOID, T.VARCHAROID, T.NAMEOID}

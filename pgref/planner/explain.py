"""EXPLAIN: print the plan pgref will run, in PostgreSQL's text format.

Where it sits: ``planner/`` (spec/07-executor.md, "EXPLAIN"); called by
engine/utility.py for ``EXPLAIN (COSTS OFF [, VERBOSE]) statement``.  It
walks the plan tree of planner/plan.py and prints each node the way
explain.c prints PostgreSQL's node of the same algorithm ("Seq Scan on t",
"Index Only Scan using i on t", "Hash Join", "HashAggregate", ...), with
the node's properties (Output, Filter, Sort Key, Hash Cond, Group Key,
One-Time Filter, ...) deparsed as ruleutils.c would print them through
catalog/querydeparse.py's expression printer: ``(a > 1)``,
``'abc'::text``, ``'-1'::integer``.

What it guarantees (INV-EXPLAIN-1): the output describes pgref's own plan,
never a plan pgref would not run.  Where pgref's planner makes
the same choice PostgreSQL's does (scans, joins,
sorts, simple aggregates), the text is PostgreSQL's byte for byte; where
the planners differ the shape differs, and that is the truth about pgref.
VERBOSE (INV-EXPLAIN-2): ``Output:`` lines, schema-qualified relations,
prefixed keys and quals.  Sub-selects (INV-EXPLAIN-3): numbered as
PostgreSQL numbers them, printed as ``$k`` (InitPlan), ``(SubPlan n)`` or
``(hashed SubPlan n)``, their plans listed under the node that uses them.

ANALYZE (spec/07-executor.md, "EXPLAIN ANALYZE"; INV-EXPLAIN-4, 5): the
statement runs with executor/run.py's Instrument on its execution context,
and each shown node gets ``(actual [time=a..b ]rows=N loops=L)`` or
``(never executed)`` from the counts of the pgref nodes folded into it,
with the counters explain.c shows under it (Rows Removed by Filter / Join
Filter, Sort Method, Buckets, Batches, Heap Fetches); SUMMARY adds the
planning and execution times.

COSTS (the default): each node shows ``(cost=startup..total rows=N
width=W)`` from the planner's estimates (planner/estimate.py,
spec/07-executor.md "Costs and estimates"); a Hash shows its input's
total as both costs.

What it refuses (0A000): BUFFERS, WAL, SETTINGS, formats other than text.

Text layout (explain.c, ExplainNode): the root node at column 0, each child
as ``->  Name`` indented 6 columns deeper than its parent's name, and each
node's properties 2 columns right of its name; a sub-select's label at its
node's property column and its plan 2 columns further in::

    Seq Scan on t
      Filter: (a > $0)
      InitPlan 1 (returns $0)
        ->  Aggregate
              ->  Seq Scan on u

Entry points: ``explain(session, stmt, text)`` (the utility command) and
``Explainer(session, planned, verbose, instrument=None).run()`` (the lines).
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.catalog.querydeparse import Deparser, assign_names
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.planner import plan as P
from pgref.types import oids as T
from pgref.types.registry import quote_identifier

_SCANS = ("SeqScan", "IndexScan", "ValuesScan", "CteScan", "FunctionScan", "WorkTableScan")

_JOIN_WORDS = {"inner": "", "left": " Left", "right": " Right", "full": " Full",
               "semi": " Semi", "anti": " Anti"}


def unsupported(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f"EXPLAIN {what} is not supported yet")


# ====================================================================== names
class _Names:
    """Reference names of every range-table entry of every query level
    (querydeparse.assign_names: a second ``t`` becomes ``t_1``), and whether
    columns need them: EXPLAIN prefixes column names once the statement has
    more than one range-table entry in all."""

    def __init__(self, top: N.Query):
        self.refname = assign_names(top)
        seen: set[int] = set()
        self._setop_leaves(top, set())

        def count(q: N.Query) -> int:
            if id(q) in seen:
                return 0
            seen.add(id(q))
            n = len(q.rtable)
            n += sum(count(rte.subquery) for rte in q.rtable if rte.subquery is not None)
            # sub-selects' range tables join the plan's (es->rtable)
            for x in _walk_exprs_of_query(q):
                if isinstance(x, N.SubLink):
                    n += count(x.subquery)
            return n + sum(count(c) for c in q.ctes.values())
        self.useprefix = count(top) > 1


    def _setop_leaves(self, q: N.Query, seen: set[int]) -> None:
        """A set operation's branches are named "*SELECT* n" by their
        range-table position (transformSetOperationTree)."""
        if id(q) in seen:
            return
        seen.add(id(q))
        for i, rte in enumerate(q.rtable, 1):
            if q.set_op is not None and rte.alias == "*SELECT*":
                self.refname[id(rte)] = f"*SELECT* {i}"
            if rte.subquery is not None:
                self._setop_leaves(rte.subquery, seen)
        for c in q.ctes.values():
            self._setop_leaves(c, seen)


# ====================================================================== expressions
class _Deparser(Deparser):
    """Plan expressions as EXPLAIN prints them: deparse_expression without
    pretty flags (every operator parenthesized, one line), columns prefixed
    when the statement has more than one range-table entry, and immutable
    calls of constants shown folded, as the executor's compiler folds them
    (eval_const_expressions)."""

    def __init__(self, session, names: _Names, verbose: bool = False):
        super().__init__(session, pretty=False, names=names.refname, varprefix=names.useprefix or verbose,
                         indent_mode=False)
        self.verbose = verbose
        self.useprefix = names.useprefix
        self.subplans: dict[int, dict] | None = None     # id(SubLink) -> Explainer._number's entry
        self.outer: list[N.Query] = []      # the query levels enclosing a sub-select's plan
        # tables of a nested loop's outer side whose columns a parameterized
        # inner scan reads (PostgreSQL's NestLoopParams: printed prefixed)
        self.param_varnos: set[int] = set()

    def e_Var(self, e: N.Var) -> str:
        if e.levelsup == 0 and e.varno not in self.param_varnos:
            return super().e_Var(e)
        # get_parameter: an outer reference (a PARAM_EXEC in PostgreSQL's
        # plan) prints as its Var, always prefixed
        saved, self.varprefix = self.varprefix, True
        try:
            return super().e_Var(e)
        finally:
            self.varprefix = saved

    def quals(self, q: N.Query, quals, scan: bool = False) -> str:
        """A qual list as one expression.  ``scan``: the quals of a scan
        node, which explain.c's show_scan_qual prints without table prefixes
        (upper quals -- joins, HAVING -- get them when the statement has
        more than one range-table entry)."""
        quals = list(quals)
        if len(quals) == 1:
            return self.at(q, quals[0], scan)
        return "(" + " AND ".join(self.at(q, e, scan) for e in quals) + ")"

    def at(self, q: N.Query, e, scan: bool = False) -> str:
        """Print ``e`` whose Vars belong to query level ``q``."""
        saved, self.stack = self.stack, self.outer + [q]
        saved_prefix = self.varprefix
        if scan and not self.verbose:
            # show_scan_qual: prefixes only for VERBOSE (or a Subquery Scan)
            self.varprefix = False
        try:
            return self.expr(e)
        finally:
            self.stack = saved
            self.varprefix = saved_prefix

    def output_at(self, q: N.Query, e, computed: bool) -> str:
        """One entry of a VERBOSE ``Output:`` line (show_plan_tlist, whose
        prefixes follow the range-table count only).  ``computed``: the
        node evaluates ``e`` itself; otherwise it passes on its input's
        column, and ruleutils prints a reference to an input expression
        that is not a plain column in parentheses."""
        saved_prefix, self.varprefix = self.varprefix, self.useprefix
        try:
            text = self.at(q, e)
        finally:
            self.varprefix = saved_prefix
        if not computed and not isinstance(self.fold(e), N.Var):
            text = "(" + text + ")"
        return text

    def expr(self, e, parent=None, top: bool = False, implicit: bool = False) -> str:
        return super().expr(self.fold(e), parent, top, implicit)

    def e_SubLink(self, e: N.SubLink) -> str:
        """A sub-select as explain.c shows its SubPlan: ``$k`` for an
        InitPlan's value, ``(SubPlan n)`` / ``(hashed SubPlan n)``."""
        info = self.subplans.get(id(e)) if self.subplans is not None else None
        if info is None:
            raise unsupported("of this sub-select")
        if info["how"] == "init" and e.kind in ("expr", "exists", "array"):
            return "$" + str(info["params"][0])
        if info["how"] == "hashed":
            return f"(hashed SubPlan {info['n']})"
        return "(" + info["label"] + ")"

    def e_FieldSelect(self, e: N.FieldSelect) -> str:
        """A column of UPDATE ... SET (a, b) = (SELECT ...): PostgreSQL's
        MULTIEXPR SubPlan sets one Param per column."""
        info = self.subplans.get(id(e.arg)) if isinstance(e.arg, N.SubLink) and self.subplans else None
        if info is not None and info["params"] and e.fieldnum <= len(info["params"]):
            return "$" + str(info["params"][e.fieldnum - 1])
        base = getattr(super(), "e_FieldSelect", None)
        if base is None:
            raise unsupported("of a field selection")
        return base(e)

    def fold(self, e):
        if isinstance(e, (N.FuncExpr, N.OpExpr)) and not getattr(e, "retset", False) and e.args:
            args = [self.fold(a) for a in e.args]
            if all(isinstance(a, N.Const) for a in args):
                proc = self.cat.proc(e.funcid) if e.funcid else None
                if proc is not None and proc.volatile == "i" and not (
                        isinstance(e, N.FuncExpr) and e.funcformat in ("cast", "implicit")
                        and args[0].typ == e.typ):
                    from pgref.executor.expr import Layout, compile_expr
                    value = compile_expr(e, Layout(()), self.session.exec_context())(())
                    return N.Const(e.typ, value, getattr(e, "typmod", -1))
        if isinstance(e, N.ArrayExpr) and e.elements and \
                all(isinstance(self.fold(x), N.Const) for x in e.elements):
            # ARRAY[1, 2] of constants is one array constant ('{1,2}'::integer[])
            from pgref.executor.expr import Layout, compile_expr
            value = compile_expr(e, Layout(()), self.session.exec_context())(())
            return N.Const(e.typ, value, getattr(e, "typmod", -1))
        return e

    def sort_key_at(self, q: N.Query, k: N.SortKey) -> str:
        """A Sort node's key.  A key that is not a plain column is computed
        by the node below, and ruleutils prints such a reference to a
        subplan's expression in an extra pair of parentheses."""
        saved, self.stack = self.stack, self.outer + [q]
        try:
            text = self.expr(k.expr)
            if not isinstance(self.fold(k.expr), N.Var):
                text = "(" + text + ")"
            if k.descending:
                text += " DESC" + ("" if k.nulls_first else " NULLS LAST")
            elif k.nulls_first:
                text += " NULLS FIRST"
            return text
        finally:
            self.stack = saved


# ====================================================================== plan tree
class Explainer:
    def __init__(self, session, planned, verbose: bool = False, instrument=None, costs: bool = False):
        self.session = session
        self.costs = costs            # print (cost=s..t rows=r width=w) from planner/estimate.py
        self._q = None                # the query level of the node being printed
        self.inst = instrument        # EXPLAIN ANALYZE: executor/run.py's Instrument
        self.timing = instrument is not None and instrument.timing
        self.chain: list = []         # the nodes folded into the next node shown, outermost first
        self.planned = planned
        self.cat = session.db.cat
        self.verbose = verbose
        self.names = _Names(planned.query)
        self.dp = _Deparser(session, self.names, verbose)
        self.lines: list[str] = []
        self._after_emit = None   # (sub-selects, depth): InitPlans to print below the next node line
        self.levels_seen: set[int] = set()
        self.level_init: list[dict] = []     # InitPlans waiting for their level's first shown node
        self.postponed: list | None = None   # the final outputs of a Project above a Limit
        self.shift = 0            # extra columns of a sub-select's plan (ExplainSubPlans)
        self.carry: list = []     # expressions of the Project / Filter nodes folded into the next node
        # scans whose parent wants only the columns it needs (CP_SMALL_TLIST:
        # the input of a Hash)
        self.small: set[int] = set()

    def run(self) -> list[str]:
        q = self.planned.query
        self.subplans: dict[int, dict] = {}
        self.next_plan = 0
        self.next_param = 0
        self.plan_order: list[N.Query] = []
        self._number(q)
        fresh = self._plan_names(q)
        self.names.refname.clear()
        self.names.refname.update(fresh)
        self.names._setop_leaves(q, set())
        self.dp.subplans = self.subplans
        self.node(self.planned.plan, q, 0, [])
        return self.lines

    # ---------------------------------------------------------------- sub-selects
    def _number(self, q: N.Query) -> None:
        """Number the sub-selects as PostgreSQL's planner does: WITH
        queries first (SS_process_ctes), then each expression of the level
        in preprocess_expression's order (target list, RETURNING, WHERE and
        JOIN/ON quals, HAVING, OFFSET, LIMIT), a sub-select's own
        sub-selects (and those of its left-hand side) before it; FROM
        subqueries after their parent's expressions.  PARAM_EXEC numbers
        ($k) go to a sub-select's outer references when it is planned,
        then to an InitPlan's outputs (build_subplan)."""
        planner = self.planned.planner
        inlined = getattr(planner, "inline_ctes", set())
        refs = None
        for name, cte in q.ctes.items():
            if id(cte) in inlined:
                continue                     # planned as a sub-select where it is read
            if refs is None:
                from pgref.planner.planner import cte_refcounts
                refs = cte_refcounts(q)
            if not refs.get(id(cte)) and getattr(cte, "modifying", None) is None:
                continue                     # never read: never planned (SS_process_ctes)
            self._number(cte)
            self.next_plan += 1
            self.next_param += 1             # the CTE's own PARAM_EXEC (assign_special_exec_param)
            self.plan_order.append(cte)
            if getattr(cte, "modifying", None) is None and planner is not None:
                self.subplans[id(cte)] = {"n": self.next_plan, "how": "init", "params": [],
                                          "label": f"CTE {quote_identifier(name)}", "sublink": None,
                                          "query": cte, "level": q, "plan": planner.cte_plans.get(id(cte))}
        roots = [te.expr for te in q.target_list] + [te.expr for te in q.returning] + [q.where]
        stack = list(q.jointree)
        while stack:
            n = stack.pop(0)
            if isinstance(n, N.JoinTree):
                roots.append(n.quals)
                stack += [n.larg, n.rarg]
        roots += [q.having, q.limit_offset, q.limit_count]
        for r in roots:
            for sl in _sublinks_postorder(r):
                self._number_sublink(sl, q)
        for rte in q.rtable:
            if rte.subquery is not None and (rte.kind == "subquery" or (
                    rte.kind == "cte" and id(rte.subquery) in inlined)):
                self._number(rte.subquery)

    def _plan_names(self, top: N.Query) -> dict[int, str]:
        """set_rtable_names over the plan's flat range table: the top
        query's entries (its FROM subqueries' after its own), then each
        sub-plan's (WITH queries and sub-selects) in plan-number order; a
        repeated name gets ``_1``, ``_2`` ..."""
        used: dict[str, int] = {}
        names: dict[int, str] = {}
        seen: set[int] = set()

        def add(q: N.Query) -> None:
            if id(q) in seen:
                return
            seen.add(id(q))
            for rte in q.rtable:
                if rte.kind == "join" and rte.alias == "unnamed_join":
                    continue
                base = rte.alias or rte.relname or rte.ctename or ""
                if base in used:
                    used[base] += 1
                    names[id(rte)] = f"{base}_{used[base]}"
                else:
                    used[base] = 0
                    names[id(rte)] = base
            for rte in q.rtable:
                if rte.subquery is not None and rte.kind == "subquery":
                    add(rte.subquery)
        add(top)
        for sub in self.plan_order:
            add(sub)
        return names

    def _number_sublink(self, sl: N.SubLink, level: N.Query) -> None:
        from pgref.planner.planner import is_correlated, walk_query
        if id(sl) in self.subplans:
            return
        sub = sl.subquery
        self._number(sub)
        outer = {(e.varno, e.varattno) for e, depth in walk_query(sub, 0)
                 if isinstance(e, N.Var) and e.levelsup == depth + 1}
        self.next_param += len(outer)
        correlated = is_correlated(sub)
        self.next_plan += 1
        n = self.next_plan
        self.plan_order.append(sub)
        params: list[int] = []
        if not correlated and sl.kind in ("expr", "exists", "array", "row"):
            how = "init"
        elif not correlated and sl.kind == "any":
            how = "hashed"
        else:
            how = "sub"
        if how == "init" or sl.kind == "row":
            width = sum(1 for te in sub.target_list if not te.resjunk) if sl.kind == "row" else 1
            params = list(range(self.next_param, self.next_param + width))
            self.next_param += width
        kind = "InitPlan" if how == "init" else "SubPlan"
        label = f"{kind} {n}"
        if params:
            label += " (returns " + ",".join(f"${p}" for p in params) + ")"
        self.subplans[id(sl)] = {"n": n, "how": how, "params": params, "label": label, "sublink": sl,
                                 "level": level}

    def _node_sublinks(self, plan, carry: list) -> list[dict]:
        """The sub-selects in a node's expressions (and in the expressions
        of the Project / Filter folded into it), by number."""
        exprs = list(carry)
        for f in ("quals", "eq_values", "exprs", "group_exprs", "aggs", "funcs", "returning",
                  "left_keys", "right_keys"):
            exprs += [e for e in getattr(plan, f, ()) or ()]
        for f in ("count", "offset", "func"):
            v = getattr(plan, f, None)
            if isinstance(v, N.Expr):
                exprs.append(v)
        for b in (getattr(plan, "lower", None), getattr(plan, "upper", None)):
            if b is not None:
                exprs.append(b[0])
        if type(plan).__name__ == "ValuesScan":
            exprs += [e for row in plan.rows for e in row]
        found: dict[int, dict] = {}
        for e in exprs:
            for sl in _sublinks_postorder(e):
                info = self.subplans.get(id(sl))
                if info is not None and info["how"] != "init":
                    found[id(sl)] = info
        return sorted(found.values(), key=lambda i: i["n"])

    def _print_subplans(self, infos: list[dict], depth: int, init: bool, q: N.Query) -> None:
        """ExplainSubPlans: the label at the node's property column, the
        sub-select's plan as a child two columns further in."""
        for info in infos:
            if (info["how"] == "init") != init:
                continue
            pad = 2 if depth == 0 else 2 + 6 * (depth - 1) + 6 + self.shift
            self.lines.append(" " * pad + info["label"])
            sl = info["sublink"]
            sub = info.get("query") or sl.subquery
            plan = info.get("plan")
            if plan is None and self.inst is not None and sl is not None:
                plan = self.inst.subplans.get(id(sl))
            if plan is None:
                plan = info["plan"] = self.planned.planner.plan_select(sub)
            self.shift += 2
            saved, self.carry = self.carry, []
            self.dp.outer.append(q)
            try:
                self.node(plan, sub, depth + 1, [])
            finally:
                self.shift -= 2
                self.carry = saved
                self.dp.outer.pop()

    # ---------------------------------------------------------------- output
    def _emit(self, depth: int, name: str, props: list[tuple[str, str]], stats=None, est=None) -> None:
        chain, self.chain = self.chain, []
        if self.costs and name:
            if est is None and chain:
                est = self._est(chain[0])
            if est is not None:
                name += f"  (cost={est.startup:.2f}..{est.total:.2f} rows={est.rows:.0f} width={est.width})"
        if self.inst is not None and name:
            if stats is None and chain:
                stats = self._stats(chain)
            if stats is not None:
                name, props = self._analyzed(name, props, stats)
        if depth == 0:
            self.lines.append(name)
            pad = 2
        else:
            arrow = 2 + 6 * (depth - 1) + self.shift
            self.lines.append(" " * arrow + "->  " + name)
            pad = arrow + 6
        for k, v in props:
            self.lines.append(" " * pad + f"{k}: {v}")
        if self._after_emit is not None:
            subs, d, q = self._after_emit
            self._after_emit = None
            self._print_subplans(subs, d, init=True, q=q)

    def _est(self, plan: P.Plan):
        """The planner's estimate for a shown node (planner/estimate.py)."""
        planner = self.planned.planner
        if getattr(planner, "db", None) is None:
            planner.db = self.session.db
        return planner.estimator.est(plan, self._q or self.planned.query)

    def _hash_est(self, inner: P.Plan):
        """A Hash node: all of its input's cost is startup (cost_hashjoin)."""
        from pgref.planner.costsize import Est
        e = self._est(inner)
        return Est(e.rows, e.width, e.total, e.total)

    def _keyed_join_props(self, q, plan, label: str) -> list:
        """A merge or hash join's properties: Inner Unique (VERBOSE), the
        key equalities outer = inner, the other join conditions."""
        out = []
        if self.verbose and getattr(plan, "inner_unique", False):
            out.append(("Inner Unique", "true"))
        conds = [N.OpExpr(_eq_opno(self.cat, lk.typ, rk.typ), 0, T.BOOLOID, (lk, rk))
                 for lk, rk in zip(plan.left_keys, plan.right_keys)]
        out.append((label, self.dp.quals(q, conds)))
        if plan.quals:
            out.append(("Join Filter", self.dp.quals(q, plan.quals)))
        return out

    def _bitmap_predicate(self, plan) -> list:
        """A partial index's predicate conjuncts its index conditions do not
        imply: part of a bitmap scan's Recheck Cond (create_bitmap_subplan)."""
        idx = self._index(plan)
        if idx.predicate is None:
            return []
        from pgref.planner.planner import split_and
        from pgref.planner.predtest import qual_implied_by, retarget
        planner = self.planned.planner
        pred = split_and(retarget(planner._partial_pred(idx), plan.rtindex))
        iq = list(getattr(plan, "index_quals", ()))
        return [c for c in pred if not any(qual_implied_by(self.cat, c, x, plan.rtindex) for x in iq)]

    def _rte(self, q: N.Query, rtindex: int):
        return q.rtable[rtindex - 1]

    def _scan_target(self, q, rtindex: int, relid: int = 0, member: int = 0) -> str:
        rte = self._rte(q, rtindex)
        from pgref.types.registry import quote_identifier
        ref = self.names.refname.get(id(rte), rte.alias)
        relname = rte.relname or (self.cat.relation(relid).name if relid else ref)
        if relid and getattr(rte, "relid", None) and relid != rte.relid:
            # an inheritance child or partition scanned for its parent: its
            # own name, the parent's alias numbered by Append position
            relname = self.cat.relation(relid).name
        if member:
            ref = f"{ref}_{member}"
        out = quote_identifier(relname)
        if self.verbose:
            # ExplainScanTarget: VERBOSE names the schema
            rel = self.cat.relation(relid or rte.relid)
            out = quote_identifier(self._schema(rel.namespace)) + "." + out
        if ref != relname:
            out += " " + quote_identifier(ref)
        return out

    def _schema(self, nsp: int) -> str:
        name = self.cat.namespace_name(nsp)
        # get_namespace_name_or_temp: the session's own temp schema is pg_temp
        return "pg_temp" if name.startswith("pg_temp_") else name

    # ---------------------------------------------------------------- VERBOSE
    def _outputs(self, plan: P.Plan) -> list:
        """The expressions a node's rows hold, position by position, in
        terms of the query's columns and aggregates."""
        kind = type(plan).__name__
        if kind == "Project":
            child = self._outputs(plan.child) if plan.child is not None else []
            return [self._resolve(e, child) for e in plan.exprs]
        if kind in ("Filter", "Sort", "Limit", "Distinct", "Material"):
            return self._outputs(plan.child)
        if kind == "WindowAgg":
            return self._outputs(plan.child) + list(plan.funcs)
        if kind in ("NestLoop", "HashJoin", "MergeJoin"):
            return self._outputs(plan.left) + self._outputs(plan.right)
        if kind == "Agg":
            return list(plan.group_exprs) + list(plan.aggs) + [g for g, _r in plan.grouping_funcs]
        if kind in ("Append",) and plan.subplans:
            return self._outputs(plan.subplans[0])
        if kind in ("SetOp", "RecursiveUnion"):
            return self._outputs(plan.left)
        if kind == "ModifyTable":
            return list(plan.returning)
        return [N.Var(k[1], k[2], 0) for k in plan.layout if k[0] == "v" and k[2] > 0]

    @staticmethod
    def _resolve(e, child: list):
        """A positional reference (Var -1.i: the i-th input column) as the
        input's own expression."""
        if isinstance(e, N.Var) and e.varno == -1 and 0 < e.varattno <= len(child):
            return child[e.varattno - 1]
        return e

    def _project_tlist(self, plan) -> list:
        """What a Project computes, for the node below it that PostgreSQL
        would have compute it: (expression, computed-here) pairs."""
        child = self._outputs(plan.child) if plan.child is not None else []
        out = []
        for e in plan.exprs:
            r = self._resolve(e, child)
            out.append((r, r is e))
        return out

    def _scan_columns(self, plan, q: N.Query) -> list:
        """A scan's output without a projection above it: the columns of
        its table the rest of the query reads (build_base_rel_tlists),
        grouping columns first, then in order of appearance."""
        from pgref.planner.planner import split_and, walk_expr
        own = {id(c) for c in getattr(plan, "quals", ())}
        roots = list(q.group_by) + [te.expr for te in q.target_list]
        roots += [c for c in split_and(q.where) if id(c) not in own] + [q.having]
        stack = list(q.jointree)
        while stack:
            n = stack.pop(0)
            if isinstance(n, N.JoinTree):
                roots.append(n.quals)
                stack += [n.larg, n.rarg]
        seen: list[int] = []
        for r in roots:
            if r is None:
                continue
            for x, depth in walk_expr(r, 0):
                if isinstance(x, N.Var) and x.levelsup == depth and x.varno == plan.rtindex \
                        and x.varattno > 0 and x.varattno not in seen:
                    seen.append(x.varattno)
        return [(N.Var(plan.rtindex, a, 0), True) for a in seen]

    def _output_prop(self, plan, q: N.Query, tlist) -> tuple[str, str]:
        if tlist is None:
            kind = type(plan).__name__
            if kind in ("SeqScan", "IndexScan") and id(plan) in self.small:
                tlist = self._scan_columns(plan, q)
            elif kind == "IndexScan" and plan.index_only:
                # an index-only scan's physical tlist: the index's columns
                tlist = [(N.Var(plan.rtindex, a, 0), True) for a in self._index(plan).columns]
            elif kind in ("SeqScan", "IndexScan"):
                # use_physical_tlist: every column of the table
                tlist = [(e, True) for e in self._outputs(plan)]
            elif kind == "Agg":
                tlist = [(e, True) for e in self._outputs(plan)]
            else:
                tlist = [(e, False) for e in self._outputs(plan)]
        return ("Output", ", ".join(self.dp.output_at(q, e, c) for e, c in tlist)) if tlist else None

    # ---------------------------------------------------------------- nodes
    def node(self, plan: P.Plan, q: N.Query, depth: int, extra: list[tuple[str, str]],
             tlist: list | None = None) -> None:
        """Print ``plan`` at ``depth``; ``extra``: properties of nodes
        folded into it (a Filter above a scan); ``tlist``: what a Project
        above computes over its rows (VERBOSE prints it as the Output)."""
        level = getattr(plan, "query_level", None)
        if level is not None and id(level) not in self.levels_seen:
            # SS_attach_initplans: a query level's InitPlans hang off its top
            # plan node, listed right below that node's own lines
            self.levels_seen.add(id(level))
            self.level_init = sorted((i for i in self.subplans.values()
                                      if i["how"] == "init" and i["level"] is level), key=lambda i: i["n"])
        q = level or q
        self._q = q
        dp = self.dp
        kind = type(plan).__name__
        if kind == "Project" and _has_srf(plan.exprs):
            # set-returning functions in a target list: PostgreSQL's
            # ProjectSet node, which is what pgref's Project does with them
            subs = self.level_init + self._node_sublinks(plan, self.carry)
            self.carry, self.level_init = [], []
            props = [("Output", ", ".join(self.dp.output_at(q, e, True) for e, _c in self._project_tlist(plan)))] \
                if self.verbose else []
            if subs:
                self._after_emit = (subs, depth, q)
            self.chain.append(plan)
            self._emit(depth, "ProjectSet", self._order(props, extra))
            self.node(plan.child, q, depth + 1, [])
            if subs:
                self._print_subplans(subs, depth, init=False, q=q)
            return
        if kind in ("Project", "Filter"):
            self.carry = self.carry + list(plan.exprs if kind == "Project" else plan.quals)
        elif not (kind == "SubqueryScan" and not plan.quals and self._trivial(plan, tlist)):
            # a node PostgreSQL shows: its InitPlans right after its own
            # lines, its SubPlans after its children (ExplainNode)
            subs = self.level_init + self._node_sublinks(plan, self.carry)
            self.carry, self.level_init = [], []
            if subs:
                self._after_emit = (subs, depth, q)
                self._node(plan, q, depth, extra, tlist)
                self._print_subplans(subs, depth, init=False, q=q)
                return
        self._node(plan, q, depth, extra, tlist)

    def _node(self, plan: P.Plan, q: N.Query, depth: int, extra: list[tuple[str, str]],
              tlist: list | None = None) -> None:
        dp = self.dp
        kind = type(plan).__name__
        self.chain.append(plan)     # EXPLAIN ANALYZE: the shown node's counts (_stats)
        child_tlist = None          # what the one child computes for this node (VERBOSE)
        sort_below = None           # props of a Sort shown between this node and its child
        if kind == "Project":
            # a positional Project only reorders or drops (resjunk) columns:
            # PostgreSQL's node below keeps its own output
            # (computed in plain EXPLAIN too: it tells a trivial Subquery Scan)
            computes = not getattr(plan, "positional", False)
            tl = self._project_tlist(plan) if computes else None
            if computes and type(plan.child).__name__ == "Limit":
                # volatile outputs evaluated after the LIMIT (planner.py,
                # _postponable): PostgreSQL computes them below the Limit,
                # in the projection of the node that returns rows in order
                final = [e for e, _c in tl]
                below = plan.child.child
                while type(below).__name__ == "Filter":
                    below = below.child
                if type(below).__name__ == "Project":
                    self.postponed = final
                tl = [(e, False) for e in final]
            elif computes and self.postponed is not None:
                final, self.postponed = self.postponed, None
                tl = [(final[i], True) if i < len(final) else t for i, t in enumerate(tl)]
            return self.node(plan.child, q, depth, extra, tl)
        if kind == "Filter":
            scan = type(plan.child).__name__ in _SCANS
            return self.node(plan.child, q, depth, extra + [("Filter", dp.quals(q, plan.quals, scan))], tlist)
        if kind == "SubqueryScan" and not plan.quals and self._trivial(plan, tlist):
            # setrefs.c, trivial_subqueryscan: a Subquery Scan that neither
            # filters nor computes is removed from the plan
            return self.node(plan.subplan, q, depth, extra, None)
        # show_plan_tlist: an Append's (and Recursive Union's) tlist is not shown
        no_tlist = kind in ("ModifyTable", "Append", "RecursiveUnion") or (
            kind == "SetOp" and plan.op == "union" and plan.all)
        out = self._output_prop(plan, q, tlist) if self.verbose and not no_tlist else None
        if out is not None:         # show_plan_tlist: an empty tlist shows nothing
            extra = [out] + extra
        props: list[tuple[str, str]] = []
        children: list[P.Plan] = []
        if kind == "Result":
            name = "Result"
            if plan.quals:
                props.append(("One-Time Filter", dp.quals(q, plan.quals)))
        elif kind == "SeqScan":
            name = "Seq Scan on " + self._scan_target(q, plan.rtindex, plan.relid, getattr(plan, "append_member", 0))
            if plan.quals:
                props.append(("Filter", dp.quals(q, plan.quals, scan=True)))
        elif kind == "IndexScan" and getattr(plan, "bitmap", False):
            # a bitmap heap scan over one Bitmap Index Scan (create_bitmap_scan_plan)
            name = "Bitmap Heap Scan on " + self._scan_target(q, plan.rtindex, plan.relid,
                                                              getattr(plan, "append_member", 0))
            recheck = list(getattr(plan, "index_quals", ())) + self._bitmap_predicate(plan)
            if recheck:
                saved, dp.param_varnos = dp.param_varnos, set(getattr(plan, "param_rels", ()) or ())
                try:
                    props.append(("Recheck Cond", dp.quals(q, recheck, scan=True)))
                finally:
                    dp.param_varnos = saved
            used = {id(c) for c in getattr(plan, "index_quals", ())}
            rest = [c for c in plan.quals if id(c) not in used]
            if rest:
                props.append(("Filter", dp.quals(q, rest, scan=True)))
            self._emit(depth, name, self._order(props, extra))
            conds = self._index_conds(q, plan)
            bi = getattr(plan, "bitmap_index_est", None) if self.costs else None
            self._emit(depth + 1, f"Bitmap Index Scan on {quote_identifier(self._index(plan).name)}",
                       [("Index Cond", conds)] if conds else [], est=bi)
            return
        elif kind == "IndexScan":
            idx = self._index(plan).name
            what = "Index Only Scan" if plan.index_only else "Index Scan"
            if plan.backward:
                what += " Backward"
            name = f"{what} using {quote_identifier(idx)} on " + self._scan_target(q, plan.rtindex, plan.relid,
                                                                     getattr(plan, "append_member", 0))
            conds = self._index_conds(q, plan)
            if conds:
                props.append(("Index Cond", conds))
            used = {id(c) for c in getattr(plan, "index_quals", ())}
            rest = [c for c in plan.quals if id(c) not in used]
            if rest:
                props.append(("Filter", dp.quals(q, rest, scan=True)))
        elif kind == "Append":
            name = "Append"
            children = list(plan.subplans)
            for i, sub in enumerate(children, 1):
                if getattr(sub, "rtindex", None) == plan.rtindex:
                    sub.append_member = i       # "Seq Scan on child parent_i"
        elif kind == "ValuesScan":
            # INSERT ... VALUES (one row) computes its row in a Result
            # (transformInsertStmt never makes a VALUES entry for one row)
            one_row_insert = len(plan.rows) == 1 and q.command == "insert"
            rte = self._rte(q, plan.rtindex)
            ref = self.names.refname.get(id(rte), rte.alias) or "*VALUES*"
            name = "Result" if one_row_insert else "Values Scan on " + quote_identifier(ref)
        elif kind in ("SubqueryScan", "CteScan", "FunctionScan", "WorkTableScan"):
            rte = self._rte(q, plan.rtindex)
            ref = self.names.refname.get(id(rte), rte.alias)
            if kind == "SubqueryScan":
                name = f"Subquery Scan on {ref}"
                children = [plan.subplan]
            elif kind == "CteScan":
                name = f"CTE Scan on {plan.ctename}" + (f" {ref}" if ref != plan.ctename else "")
            elif kind == "FunctionScan":
                fname = self.cat.proc(plan.func.funcid).name if isinstance(plan.func, N.FuncExpr) else "function"
                name = f"Function Scan on {fname}" + (f" {ref}" if ref != fname else "")
            else:
                name = f"WorkTable Scan on {ref}"
            if plan.quals:
                # a SubqueryScan's quals keep their prefixes (explain.c)
                props.append(("Filter", dp.quals(q, plan.quals, scan=kind != "SubqueryScan")))
        elif kind == "NestLoop":
            name = "Nested Loop" + _JOIN_WORDS.get(plan.jointype, "") + (
                " Join" if plan.jointype != "inner" else "")
            if self.verbose and getattr(plan, "inner_unique", False):
                props.append(("Inner Unique", "true"))
            hidden = {id(c) for c in getattr(plan, "param_clauses", ())}
            shown = [c for c in plan.quals if id(c) not in hidden]
            if shown:
                props.append(("Join Filter", dp.quals(q, shown)))
            children = [plan.left, plan.right]
        elif kind == "MergeJoin":
            name = "Merge" + _JOIN_WORDS.get(plan.jointype, "") + " Join"
            props += self._keyed_join_props(q, plan, "Merge Cond")
            children = [plan.left, plan.right]
        elif kind == "HashJoin":
            name = "Hash" + _JOIN_WORDS.get(plan.jointype, "") + " Join"
            props += self._keyed_join_props(q, plan, "Hash Cond")
            self._emit(depth, name, self._order(props, extra))
            self.node(plan.left, q, depth + 1, [])
            inner = plan.right.child if type(plan.right).__name__ == "Filter" else plan.right
            self.small.add(id(inner))
            out = self._output_prop(plan.right, q, None) if self.verbose else None
            self._emit(depth + 1, "Hash", [out] if out is not None else [],
                       self._stats([plan.right], "Hash") if self.inst is not None else None,
                       est=self._hash_est(plan.right) if self.costs else None)
            self.node(plan.right, q, depth + 2, [])
            return
        elif kind == "Agg" and plan.rollups:
            # grouping sets (explain.c show_grouping_sets; planner/grouping.py)
            from pgref.planner.grouping import explain_grouping_sets
            name, gprops, children = explain_grouping_sets(plan, lambda g: dp.at(q, g),
                                                           lambda k: dp.sort_key_at(q, k),
                                                           getattr(q, "group_extra_from", None))
            props = self._order(props + gprops, extra)
            extra = []
        elif kind == "Agg":
            if not plan.group_exprs:
                name = "Aggregate"
            else:
                name = "HashAggregate" if plan.strategy == "hashed" else "GroupAggregate"
                props.append(("Group Key", ", ".join(dp.at(q, g) for g in plan.group_exprs)))
                if plan.strategy == "sorted":
                    # pgref's GroupAggregate sorts its input itself; PostgreSQL
                    # shows that as a Sort node under it
                    sort_below = [("Sort Key", ", ".join(dp.at(q, g) for g in plan.group_exprs))]
            props = self._order(props, extra)
            extra = []
            children = [plan.child]
        elif kind == "Sort":
            name = "Sort"
            props.append(("Sort Key", ", ".join(dp.sort_key_at(q, k) for k in plan.keys)))
            children = [plan.child]
        elif kind == "Material":
            name = "Materialize"
            children = [plan.child]
        elif kind == "Distinct":
            if getattr(plan, "first_only_sorted", False):
                name = "Unique"
            else:
                name = "HashAggregate"
                keys = self._output_exprs(q, plan.child, plan.positions)
                props.append(("Group Key", ", ".join(dp.at(q, k) for k in keys)))
            children = [plan.child]
        elif kind == "WindowAgg":
            name = "WindowAgg"
            children = [plan.child]
        elif kind == "Limit":
            name = "Limit"
            children = [plan.child]
        elif kind == "SetOp":
            # PostgreSQL's shapes for what pgref's SetOp does: UNION ALL
            # appends; UNION appends then drops duplicates through a hash
            # table keyed by all columns (HashAggregate); INTERSECT / EXCEPT
            # count each branch's rows in a hash table (HashSetOp) fed by
            # an Append of the branches, each in its Subquery Scan
            if plan.op == "union":
                members = _union_members(plan, plan.all)
                if plan.all:
                    name = "Append"
                    children = members
                else:
                    first = members[0]
                    fq = getattr(first, "query_level", None) or q
                    keys = [_pulled_up(fq, e) for e in self._outputs(first)]
                    texts = [dp.at(lq, e) if isinstance(e, N.Var) else "(" + dp.at(lq, e) + ")"
                             for lq, e in keys]
                    if texts:           # a UNION of zero columns has no key
                        props.append(("Group Key", ", ".join(texts)))
                    if self.verbose:
                        extra = [("Output", ", ".join(
                            dp.output_at(lq, e, isinstance(e, N.Var)) for lq, e in keys))] + \
                            [x for x in extra if x[0] != "Output"]
                    self._emit(depth, "HashAggregate", self._order(props, extra))
                    self._emit(depth + 1, "Append", [], self._sum_stats(members))
                    for m in members:
                        self.node(m, q, depth + 2, [])
                    return
            else:
                name = "HashSetOp " + plan.op.capitalize() + (" All" if plan.all else "")
                self._emit(depth, name, self._order(props, extra))
                self._emit(depth + 1, "Append", [], self._sum_stats([plan.left, plan.right]))
                for branch in (plan.left, plan.right):
                    sub = getattr(branch, "query_level", None)
                    rte = next((r for r in q.rtable if sub is not None and r.subquery is sub), None)
                    if rte is None:
                        self.node(branch, q, depth + 2, [])
                        continue
                    ref = self.names.refname.get(id(rte), rte.alias)
                    self._emit(depth + 2, "Subquery Scan on " + quote_identifier(ref), [],
                               self._sum_stats([branch]))
                    self.node(branch, q, depth + 3, [])
                return
        elif kind == "RecursiveUnion":
            name = "Recursive Union"
            children = [plan.left, plan.right]
        elif kind == "ModifyTable":
            verb = {"insert": "Insert", "update": "Update", "delete": "Delete", "merge": "Merge"}[plan.command]
            name = f"{verb} on " + self._scan_target(q, plan.rtindex, plan.relid)
            children = [plan.child]
            if plan.command == "merge" and self.inst is not None:
                # show_modifytable_info: MERGE's per-action counts (executor/merge.py)
                got = getattr(self.inst, "merge_counts", {}).get(id(plan))
                if got is not None and sum(got.values()) > 0:
                    props.append(("Tuples", " ".join(f"{k}={v}" for k, v in got.items() if v > 0)))
            if self.verbose:
                if plan.returning:
                    props.append(("Output", ", ".join(dp.output_at(q, e, True) for e in plan.returning)))
                if plan.command != "insert":
                    # the subplan yields the new values of the SET columns,
                    # then the row's ctid (preprocess_targetlist)
                    sets = list(getattr(plan, "set_exprs", ()))
                    child_tlist = [(e, True) for e in sets]
                    # each multiple-assignment sub-select, as its own junk entry
                    rows = []
                    for e in sets:
                        if isinstance(e, N.FieldSelect) and isinstance(e.arg, N.SubLink) and \
                                all(e.arg is not r for r in rows):
                            rows.append(e.arg)
                    child_tlist += [(r, True) for r in rows]
                    child_tlist.append((N.Var(plan.rtindex, -1, T.TIDOID), True))
            # an inherited / partitioned target: one line per result relation
            # ("Update on r1 r_1"), members numbered as the Append numbers them
            members = _result_scans(plan.child, plan.rtindex, plan.relid) if plan.command != "insert" else []
            if members:
                for i, m in enumerate(members, 1):
                    m.append_member = i
                result_lines = [f"{verb} on " + self._scan_target(q, plan.rtindex, m.relid, i)
                                for i, m in enumerate(members, 1)]
                self._emit(depth, name, [])
                pad = 2 if depth == 0 else 2 + 6 * (depth - 1) + 6
                self.lines.extend(" " * pad + line for line in result_lines)
                if props or extra:
                    n = len(self.lines)
                    self._emit(depth, "", props + extra)
                    del self.lines[n]          # the props only, under the lines above
                for c in children:
                    self.carry = [e for e, _c in child_tlist or ()]
                    self.node(c, q, depth + 1, [], child_tlist)
                return
        else:
            raise unsupported(f"of a {kind} plan node")
        self._emit(depth, name, self._order(props, extra))
        for c in children:
            # the child computes child_tlist, so its sub-selects are the child's
            self.carry = [e for e, _c in child_tlist or ()]
            if sort_below is not None:
                out = self._output_prop(c, q, None) if self.verbose else None
                self._emit(depth + 1, "Sort", ([out] if out is not None else []) + sort_below,
                           self._stats([c], "Sort") if self.inst is not None else None)
                self.node(c, q, depth + 2, [], child_tlist)
                continue
            self.node(c, q, depth + 1, [], child_tlist)

    # ---------------------------------------------------------------- ANALYZE
    def _stats(self, chain: list, shown: str | None = None) -> dict:
        """The counts of a shown node from the pgref nodes folded into it
        (``chain``, outermost first): rows and loops of the outermost (what
        the node hands its parent), rows removed by the quals of every
        Filter and scan in the chain, by a join's own quals.  ``shown``: a
        node PostgreSQL has and pgref folds into its parent (the Hash of a
        Hash Join, the Sort of a GroupAggregate), counted from its input."""
        top = self.inst.get(chain[0])
        if top is None or top.loops == 0:
            return {"loops": 0}
        removed = joinrm = 0
        for p in chain:
            st = self.inst.get(p)
            if st is None:
                continue
            if type(p).__name__ in ("NestLoop", "HashJoin"):
                joinrm += st.removed
            else:
                removed += st.removed
        bottom = self.inst.get(chain[-1])
        kind = shown or type(chain[-1]).__name__
        if shown is not None:
            removed = joinrm = 0
        out = {"loops": top.loops, "rows": top.rows, "startup": top.startup, "total": top.total,
               "removed": removed, "joinrm": joinrm, "kind": kind,
               "fetches": bottom.fetches if bottom is not None else 0,
               "plan": chain[-1]}
        return out

    def _sum_stats(self, plans: list) -> dict | None:
        """An Append PostgreSQL shows over pgref's branches: their rows."""
        if self.inst is None:
            return None
        sts = [self.inst.get(p) for p in plans]
        sts = [st for st in sts if st is not None and st.loops]
        if not sts:
            return {"loops": 0}
        return {"loops": 1, "rows": sum(st.rows for st in sts), "startup": min(st.startup for st in sts),
                "total": sum(st.total for st in sts), "removed": 0, "joinrm": 0, "kind": "Append",
                "fetches": 0, "plan": None}

    def _analyzed(self, name: str, props: list, stats: dict) -> tuple[str, list]:
        """explain.c's ANALYZE additions to a node: ``(actual time=a..b
        rows=N loops=L)`` (``(actual rows=N loops=L)`` with TIMING OFF,
        ``(never executed)``), each per loop, and the counters shown after
        the node's properties."""
        loops = stats["loops"]
        if not loops:
            return name + " (never executed)", props
        rows = stats["rows"] / loops
        if self.timing:
            name += (f" (actual time={1000.0 * stats['startup'] / loops:.3f}.."
                     f"{1000.0 * stats['total'] / loops:.3f} rows={rows:.0f} loops={loops})")
        else:
            name += f" (actual rows={rows:.0f} loops={loops})"
        out = []
        for k, v in props:
            out.append((k, v))
            # show_instrumentation_count: only counts above zero
            if k == "Filter" and stats["removed"]:
                out.append(("Rows Removed by Filter", f"{stats['removed'] / loops:.0f}"))
            elif k == "Join Filter" and stats["joinrm"]:
                out.append(("Rows Removed by Join Filter", f"{stats['joinrm'] / loops:.0f}"))
        kind = stats["kind"]
        plan = stats["plan"]
        if kind == "IndexScan" and plan is not None and plan.index_only:
            out.append(("Heap Fetches", str(stats["fetches"])))
        elif kind == "Sort":
            # show_sort_info; pgref sorts in memory below work_mem: the size
            # is an estimate of PostgreSQL's tuple memory, not a measurement
            method = "quicksort"
            sorted_rows = stats["rows"]
            child = self.inst.get(plan.child) if plan is not None and hasattr(plan, "child") else None
            if child is not None and type(plan).__name__ == "Sort":
                sorted_rows = child.rows          # the memory holds the input
                bound = getattr(plan, "bound", None)
                if bound and child.rows / loops > 2 * bound:
                    method = "top-N heapsort"     # a Sort under a LIMIT (pg_bounded_heapsort)
                    sorted_rows = bound * loops
            out.append(("Sort Method", f"{method}  Memory: {_mem_kb(sorted_rows / loops, 25)}kB"))
        elif kind == "Hash":
            # show_hash_info: buckets a power of two, at least 1024
            nb = 1024
            while nb < stats["rows"] / loops:
                nb *= 2
            out.append(("Buckets", f"{nb}  Batches: 1  Memory Usage: {_mem_kb(stats['rows'] / loops, 9)}kB"))
        elif kind == "Agg" and plan is not None and getattr(plan, "strategy", None) == "hashed" \
                and plan.group_exprs and not plan.rollups:
            # show_hashagg_info
            out.append(("Batches", f"1  Memory Usage: {_mem_kb(stats['rows'] / loops, 24)}kB"))
        elif kind == "SetOp" and plan is not None and plan.op == "union" and not plan.all \
                and name.startswith("HashAggregate"):
            out.append(("Batches", f"1  Memory Usage: {_mem_kb(stats['rows'] / loops, 24)}kB"))
        return name, out

    @staticmethod
    def _trivial(plan, tlist) -> bool:
        """Does the Subquery Scan only hand on its subquery's columns, all
        of them in order?"""
        if tlist is None:
            return True
        ncols = sum(1 for k in plan.layout if k[0] == "v")
        return len(tlist) == ncols and all(
            isinstance(e, N.Var) and e.varno == plan.rtindex and e.levelsup == 0 and e.varattno == i
            for i, (e, _c) in enumerate(tlist, 1))

    @staticmethod
    def _order(props: list, extra: list) -> list:
        """explain.c's order: Output first, then the node's own properties,
        then quals folded in from above."""
        out = [p for p in extra if p[0] == "Output"]
        return out + props + [p for p in extra if p[0] != "Output"]

    def _output_exprs(self, q, child: P.Plan, positions) -> list:
        while type(child).__name__ in ("Filter", "Sort", "Limit"):
            child = child.child
        if type(child).__name__ != "Project":
            raise unsupported("of DISTINCT over this plan")
        return [child.exprs[i] for i in positions]

    def _index_conds(self, q, plan: P.IndexScan) -> str:
        rel = self.cat.relation(plan.relid)
        cols = self._index(plan).columns
        conds = []
        rtindex = plan.rtindex

        def var(attno):
            c = rel.columns[attno - 1]
            return N.Var(rtindex, attno, c.typ, c.typmod)

        def cmp(attno, op, value):
            left = var(attno)
            opno = _cmp_opno(self.cat, left.typ, value.typ, op)
            return N.OpExpr(opno, 0, T.BOOLOID, (left, value))

        for i, v in enumerate(plan.eq_values):
            conds.append(cmp(cols[i], "=", v))
        n = len(plan.eq_values)
        if plan.lower is not None:
            conds.append(cmp(cols[n], ">=" if plan.lower[1] else ">", plan.lower[0]))
        if plan.upper is not None:
            conds.append(cmp(cols[n], "<=" if plan.upper[1] else "<", plan.upper[0]))
        saved = self.dp.param_varnos
        self.dp.param_varnos = set(getattr(plan, "param_rels", ()) or ())
        try:
            return self.dp.quals(q, conds, scan=True) if conds else ""
        finally:
            self.dp.param_varnos = saved

    def _index(self, plan: P.IndexScan):
        for idx in self.cat.relation(plan.relid).indexes:
            if idx.oid == plan.index_oid:
                return idx
        raise unsupported("of a scan of a dropped index")


def _mem_kb(rows: float, base: int) -> int:
    """An estimate, in kB, of the memory PostgreSQL's in-memory sort or
    hash table of ``rows`` rows uses: its fixed allocation ``base`` (kB)
    and about 40 bytes a row.  Not a measurement: tests that show these
    numbers filter them."""
    return base + int(rows * 40 // 1024)


def _eq_opno(cat, left: int, right: int) -> int:
    return _cmp_opno(cat, left, right, "=")


def _cmp_opno(cat, left: int, right: int, op: str) -> int:
    for o in cat.operators_named(op):
        if o.left == left and o.right == right:
            return o.oid
    strategy = {"<": 1, "<=": 2, "=": 3, ">=": 4, ">": 5}[op]
    ti = cat.typeinfo(left)
    if left == right and ti is not None and ti.typtype == "e" and left != 3500:
        return _cmp_opno(cat, 3500, 3500, op)      # enums compare with the anyenum operators
    oid = cat.btree_operator(left, right, strategy)
    if not oid:
        raise unsupported("of a comparison between these types")
    return oid


def _pulled_up(q: N.Query, e):
    """(query level, expression) of a column of a FROM subquery, followed
    down to what it stands for (PostgreSQL pulls simple subqueries up, so
    its plans name the underlying column)."""
    while isinstance(e, N.Var) and e.levelsup == 0 and 0 < e.varno <= len(q.rtable):
        rte = q.rtable[e.varno - 1]
        if rte.kind != "subquery" or rte.subquery is None or rte.subquery.set_op is not None:
            break
        outs = [te for te in rte.subquery.target_list if not te.resjunk]
        if not 0 < e.varattno <= len(outs) or rte.subquery.jointree is None:
            break
        q, e = rte.subquery, outs[e.varattno - 1].expr
    return q, e


def _has_srf(exprs) -> bool:
    from pgref.planner.planner import walk_expr
    return any(getattr(x, "retset", False) and depth == 0
               for e in exprs for x, depth in walk_expr(e, 0))


def _union_members(plan, all_: bool) -> list:
    """The branches of a chain of UNIONs of one kind, flattened as
    PostgreSQL flattens them into one Append."""
    if type(plan).__name__ == "SetOp" and plan.op == "union" and plan.all == all_:
        return _union_members(plan.left, all_) + _union_members(plan.right, all_)
    return [plan]


def _sublinks_postorder(e):
    """The SubLinks of ``e`` at its own level (not those inside their
    subqueries), each after the SubLinks of its left-hand side."""
    if e is None:
        return
    if isinstance(e, N.SubLink):
        for t in e.testexprs:
            yield from _sublinks_postorder(t)
        yield e
        return
    if isinstance(e, N.Aggref):
        for a in e.args:
            yield from _sublinks_postorder(a)
        for k in e.order:
            yield from _sublinks_postorder(k.expr)
        yield from _sublinks_postorder(e.filter)
        return
    if not isinstance(e, N.Expr):
        return
    from dataclasses import fields
    for f in fields(e):
        v = getattr(e, f.name)
        if isinstance(v, N.Expr):
            yield from _sublinks_postorder(v)
        elif isinstance(v, tuple):
            for x in v:
                if isinstance(x, N.Expr):
                    yield from _sublinks_postorder(x)
                elif isinstance(x, tuple):
                    for y in x:
                        if isinstance(y, N.Expr):
                            yield from _sublinks_postorder(y)


def _walk_exprs_of_query(q: N.Query):
    from pgref.planner.planner import walk_expr
    roots = [te.expr for te in q.target_list] + [q.where, q.having] + [te.expr for te in q.returning]
    for r in roots:
        if r is not None:
            for x, _ in walk_expr(r, 0):
                yield x
    for rte in q.rtable:
        if rte.subquery is not None:
            yield from _walk_exprs_of_query(rte.subquery)
    for cte in q.ctes.values():
        yield from _walk_exprs_of_query(cte)


# ====================================================================== statement
def explain(session, s, text: str):
    from pgref.engine.session import Column, Result
    from pgref.sql import ast as A
    costs = True
    verbose = False
    analyze = False
    timing = summary = None
    for opt in s.options:
        name = opt.defname.lower()
        if name == "format":
            fmt = _opt_text(opt)
            if fmt != "text":
                raise unsupported(f"FORMAT {fmt.upper()}")
        elif name == "costs":
            costs = _opt_bool(opt)
        elif name == "verbose":
            verbose = _opt_bool(opt)
        elif name == "analyze":
            analyze = _opt_bool(opt)
        elif name in ("buffers", "wal", "settings"):
            if _opt_bool(opt):
                raise unsupported(name.upper())
        elif name == "timing":
            timing = _opt_bool(opt)
        elif name == "summary":
            summary = _opt_bool(opt)
        else:
            raise PgError("42601", f'unrecognized EXPLAIN option "{opt.defname}"')
    if timing and not analyze:
        raise PgError("22023", "EXPLAIN option TIMING requires ANALYZE")
    stmt = s.query
    if isinstance(stmt, A.ExecuteStmt):
        raise unsupported("EXECUTE")
    ctas = isinstance(stmt, A.CreateTableAsStmt) or (
        isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None)
    if not ctas and not isinstance(stmt, (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt, A.MergeStmt)):
        raise unsupported(f"of {type(stmt).__name__}")
    import time
    from pgref.executor.run import Instrument
    columns = [Column("QUERY PLAN", T.TEXTOID)]
    t0 = time.perf_counter()
    inst = Instrument(timing is not False) if analyze else None
    if ctas and analyze:
        # ExplainOneUtility: CREATE TABLE AS really creates and fills the
        # table, its query instrumented (WITH NO DATA: never executed)
        from pgref.engine.ddl import create_table_as
        hook = _CtasRun(session, inst)
        create_table_as(session, stmt, text, explain=hook)
        if hook.planned is None:        # IF NOT EXISTS of an existing table
            return Result("EXPLAIN", columns, [], 0)
        planned = hook.planned
        planning = hook.planned_at - t0
        executing = time.perf_counter() - hook.planned_at
    else:
        if ctas:
            stmt = stmt.query if isinstance(stmt, A.CreateTableAsStmt) else A.SelectStmt(
                **{**{f: getattr(stmt, f) for f in stmt.__dataclass_fields__}, "into_clause": None})
            if not isinstance(stmt, (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt)):
                raise unsupported(f"of {type(stmt).__name__}")
        planned = session.plan(stmt, [])
        planning = time.perf_counter() - t0
        if getattr(planned, "rule_program", None) is not None:       # planner/rewrite.py
            from pgref import errors as _errors
            raise _errors.PgError(_errors.FEATURE_NOT_SUPPORTED,
                                  "EXPLAIN of a statement rewritten by rules is not supported yet")
        from pgref.auth.aclcheck import check_plan
        check_plan(session, planned)           # ExecutorStart checks privileges for EXPLAIN too
        if analyze:
            t1 = time.perf_counter()
            _run_analyzed(session, planned, inst)
            executing = time.perf_counter() - t1
    lines = Explainer(session, planned, verbose, inst, costs).run()
    if summary if summary is not None else analyze:
        # ExplainPrintPlan / ExplainOnePlan: the summary lines
        lines.append(f"Planning Time: {planning * 1000.0:.3f} ms")
        if analyze:
            lines.append(f"Execution Time: {executing * 1000.0:.3f} ms")
    return Result("EXPLAIN", columns, [(ln,) for ln in lines], len(lines))


class _CtasRun:
    """create_table_as's hook under EXPLAIN ANALYZE: keeps the plan, runs
    the query instrumented and hands its rows on for the new table."""

    def __init__(self, session, inst):
        self.session, self.inst = session, inst
        self._planned = None
        self.planned_at = 0.0

    @property
    def planned(self):
        return self._planned

    @planned.setter
    def planned(self, p):
        import time
        self._planned = p
        self.planned_at = time.perf_counter()

    def run(self, planned, params=None):
        from pgref.engine.session import Result
        rows = _run_analyzed(self.session, planned, self.inst)
        return Result(f"SELECT {len(rows)}", None, rows, len(rows))


def _run_analyzed(session, planned, inst) -> list:
    """Run the statement as Session.run_planned does (its changes stay in
    the statement's transaction, as PostgreSQL's EXPLAIN ANALYZE), with
    the per-node instrumentation ``inst``; returns its rows."""
    from pgref.engine.session import check_read_only_plan
    from pgref.executor.run import SharedRows, run_plan, run_plan_rows
    session.xact.ran_query = True
    if session.xact.read_only:
        check_read_only_plan(session, planned)
    ectx = session.exec_context([])
    ectx.instrument = inst
    planner = getattr(planned, "planner", None)
    if planner is not None and planner.modifying_ctes:
        for plan in planner.modifying_ctes:
            ectx.cte_cache[id(plan)] = SharedRows(iter(list(run_plan_rows(plan, ectx, planner))))
    session._rowcount = 0
    rows: list = []
    for batch in run_plan(planned.plan, ectx, planner):
        rows.extend(batch)
    return rows


def _opt_bool(opt) -> bool:
    from pgref.sql import ast as A
    a = opt.arg
    if a is None:
        return True
    v = a.val if isinstance(a, A.A_Const) else a
    for attr in ("boolval", "ival", "sval"):
        if hasattr(v, attr):
            x = getattr(v, attr)
            if isinstance(x, str):
                lx = x.lower()
                if lx in ("true", "on", "1", "yes"):
                    return True
                if lx in ("false", "off", "0", "no"):
                    return False
                raise PgError("22023", f'{opt.defname} requires a Boolean value')
            return bool(x)
    if isinstance(v, str):
        return v.lower() in ("true", "on", "1", "yes")
    return bool(v)


def _opt_text(opt) -> str:
    from pgref.sql import ast as A
    a = opt.arg
    v = a.val if isinstance(a, A.A_Const) else a
    return str(getattr(v, "sval", v)).lower()


def _result_scans(plan, rtindex: int, relid: int) -> list:
    """The scans of an UPDATE/DELETE target's inheritance members (the
    Append's members, or the one partition left after pruning); empty for
    a plain table."""
    def find(p):
        if type(p).__name__ == "SubqueryScan":
            return None                  # another query level (its own range-table indexes)
        if type(p).__name__ == "Append" and p.rtindex == rtindex:
            return list(p.subplans)
        if type(p).__name__ in ("SeqScan", "IndexScan") and p.rtindex == rtindex:
            return [p] if p.relid != relid else []
        for ch in p.children():
            if ch is not None:
                got = find(ch)
                if got is not None:
                    return got
        return None
    return find(plan) or []

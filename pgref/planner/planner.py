"""From analyzed Query to plan tree (PostgreSQL's planner.c, createplan.c,
setrefs.c -- by simple rules for now; the cost-based planner is its own issue).

Where it sits: ``planner/`` (spec/07-executor.md, "Planning rules").  The
rules, in the order they are applied:

  R1  WHERE is split into AND-ed conjuncts; each is placed at the lowest
      point of the join tree where every table it mentions is available,
      never below the nullable side of an outer join.
  R2  A conjunct ``column op value`` (value free of this level's columns)
      on a btree-indexed leading column turns the scan into an IndexScan
      (equality on a prefix, or one range bound); the conjunct is still
      rechecked.
  R3  Joins are built left-deep in FROM order.  Equality conjuncts between
      the two sides with a hashable operator make a HashJoin; otherwise a
      NestLoop.  Outer joins keep their ON clause as join quals.
  R4  Aggregation, HAVING, the target list, DISTINCT, ORDER BY and
      LIMIT/OFFSET are stacked on top in that order.
"""
from __future__ import annotations

from dataclasses import fields

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.planner import plan as P
from pgref.types import oids as T


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


def has_volatile_or_sublink(e: N.Expr) -> bool:
    return any(isinstance(x, N.SubLink) for x, _ in walk_expr(e, 0))


class Planner:
    def __init__(self, cat, settings=None):
        self.cat = cat
        self.settings = settings        # engine Settings (enable_* planner switches), or None
        self.cte_plans: dict[int, P.Plan] = {}
        self.modifying_ctes: list[P.Plan] = []

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
        self.register_ctes(q)
        if q.set_op is not None:
            return self.plan_setop_query(q)
        conjuncts = split_and(q.where)
        if q.jointree:
            plan = self.plan_from_list(q, q.jointree, conjuncts)
        else:
            plan = P.Result(layout=(), quals=tuple(conjuncts))
        tlist = q.target_list
        agg_outputs: tuple = ()
        if q.has_aggs or q.group_by:
            group = tuple(q.group_by)
            layout = list(group) + list(q.aggs)
            strategy = "hashed"
            if group and self.settings is not None and self.settings.get("enable_hashagg") == "off" \
                    and all(k.cmpfunc for k in q.group_keys):
                strategy = "sorted"
            plan = P.Agg(layout=tuple(self._agg_layout(group, q.aggs)), child=plan, group_exprs=group,
                         group_types=tuple(g.typ for g in group), aggs=tuple(q.aggs), strategy=strategy,
                         group_keys=tuple(q.group_keys))
            agg_outputs = tuple(layout)
            if q.having is not None:
                plan = P.Filter(layout=plan.layout, child=plan, quals=tuple(split_and(q.having)))
        elif q.having is not None:
            plan = P.Filter(layout=plan.layout, child=plan, quals=tuple(split_and(q.having)))
        exprs = tuple(te.expr for te in tlist)
        plan = P.Project(layout=tuple(("o", i) for i in range(len(exprs))), child=plan, exprs=exprs,
                         agg_outputs=agg_outputs)
        visible = [i for i, te in enumerate(tlist) if not te.resjunk]
        types = [te.expr.typ for te in tlist]
        if q.distinct is not None:
            plan = P.Distinct(layout=plan.layout, child=plan, positions=tuple(visible),
                              types=tuple(types[i] for i in visible))
        sort_keys = q.sort
        if q.distinct_on is not None:
            if not sort_keys:
                sort_keys = q.distinct_on
        if sort_keys:
            positions = tuple(self._position_of(tlist, k.expr) for k in sort_keys)
            plan = P.Sort(layout=plan.layout, child=plan, positions=positions, keys=tuple(sort_keys))
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
        if len(visible) != len(tlist):
            plan = P.Project(layout=tuple(("o", i) for i in range(len(visible))), child=plan,
                             exprs=tuple(N.Var(-1, i + 1, types[i]) for i in visible))
            plan.positional = True  # type: ignore[attr-defined]
        return plan

    def _agg_layout(self, group, aggs) -> list:
        return list(group) + list(aggs)

    def _position_of(self, tlist, expr) -> int:
        for i, te in enumerate(tlist):
            if te.expr == expr:
                return i
        raise PgError("XX000", "sort expression not found in target list")

    def register_ctes(self, q: N.Query) -> None:
        for name, sub in q.ctes.items():
            if id(sub) in self.cte_plans:
                continue
            modifying = getattr(sub, "modifying", None)
            if modifying is not None:
                # data-modifying WITH: runs first and to completion (run_planned)
                plan = self.plan_modify(modifying).plan
                self.cte_plans[id(sub)] = plan
                self.modifying_ctes.append(plan)
            else:
                self.cte_plans[id(sub)] = self.plan_select(sub)

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
    def plan_from_list(self, q: N.Query, items, conjuncts: list[N.Expr]) -> P.Plan:
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
            if jt == "inner":
                lp, lr = self.plan_from_node(q, node.larg, pending, pushable)
                local = on + []
                rp, rr = self.plan_from_node(q, node.rarg, local if not pushable else pending + [],
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
    def plan_base(self, q: N.Query, rti: int, quals: list[N.Expr]) -> P.Plan:
        rte = q.rtable[rti - 1]
        layout = tuple(("v", rti, i + 1) for i in range(len(rte.colnames)))
        if rte.kind == "relation":
            if rte.relkind == "S":
                return P.SeqScan(layout=layout, rtindex=rti, relid=rte.relid, quals=tuple(quals))
            idx = self.choose_index(rte, rti, quals)
            if idx is not None:
                return idx
            return P.SeqScan(layout=layout, rtindex=rti, relid=rte.relid, quals=tuple(quals))
        if rte.kind == "values":
            return P.ValuesScan(layout=layout, rtindex=rti, rows=tuple(tuple(r) for r in rte.values_lists))
        if rte.kind == "subquery":
            sub = self.plan_select(rte.subquery)
            return P.SubqueryScan(layout=layout, rtindex=rti, subplan=sub, quals=tuple(quals))
        if rte.kind == "cte":
            sub = self.cte_plans.get(id(rte.subquery))
            if sub is None:
                sub = self.cte_plans[id(rte.subquery)] = self.plan_select(rte.subquery)
            return P.CteScan(layout=layout, rtindex=rti, ctename=rte.ctename, subplan=sub, quals=tuple(quals))
        if rte.kind == "worktable":
            return P.WorkTableScan(layout=layout, rtindex=rti, work_key=id(rte.subquery), quals=tuple(quals))
        if rte.kind == "function":
            return P.FunctionScan(layout=layout, rtindex=rti, func=rte.func,
                                  ordinality=getattr(rte, "ordinality", False), quals=tuple(quals))
        raise PgError(FEATURE_NOT_SUPPORTED, f"range table entry kind {rte.kind} is not supported")

    def choose_index(self, rte, rti: int, quals: list[N.Expr]) -> P.Plan | None:
        rel = self.cat.relations.get(rte.relid)
        if rel is None or not rel.indexes:
            return None
        # collect col op value conjuncts
        found: dict[int, list[tuple[str, N.Expr]]] = {}
        for c in quals:
            if not isinstance(c, N.OpExpr) or len(c.args) != 2:
                continue
            a, b = c.args
            op = self.cat.operator(c.opno)
            name = op.name
            if isinstance(b, N.Var) and b.levelsup == 0 and b.varno == rti and not rels_of(a):
                a, b = b, a
                name = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}.get(name, "")
            if not (isinstance(a, N.Var) and a.levelsup == 0 and a.varno == rti and a.varattno > 0):
                continue
            if rels_of(b) or has_volatile_or_sublink(b):
                continue
            if name not in ("=", "<", "<=", ">", ">="):
                continue
            if not self._index_compatible(a.typ, b.typ, c.opno):
                continue
            found.setdefault(a.varattno, []).append((name, b))
        if not found:
            return None
        best = None
        for idx in rel.indexes:
            if idx.predicate is not None:
                continue
            eqs = []
            for att in idx.columns:
                eq = next((v for n, v in found.get(att, []) if n == "="), None)
                if eq is None:
                    break
                eqs.append(eq)
            lower = upper = None
            if len(eqs) < len(idx.columns):
                nxt = idx.columns[len(eqs)]
                for n, v in found.get(nxt, []):
                    if n in (">", ">=") and lower is None:
                        lower = (v, n == ">=")
                    elif n in ("<", "<=") and upper is None:
                        upper = (v, n == "<=")
            score = len(eqs) * 2 + (lower is not None) + (upper is not None)
            if len(eqs) == len(idx.columns) and idx.unique:
                score += 10
            if score and (best is None or score > best[0]):
                best = (score, idx, eqs, lower, upper)
        if best is None:
            return None
        _, idx, eqs, lower, upper = best
        layout = tuple(("v", rti, i + 1) for i in range(len(rte.colnames)))
        return P.IndexScan(layout=layout, rtindex=rti, relid=rte.relid, index_oid=idx.oid,
                           eq_values=tuple(eqs), lower=lower, upper=upper, quals=tuple(quals))

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
        outs = q.returning
        return P.PlannedStmt(q.command, mt, [te.name for te in outs], [te.expr.typ for te in outs],
                             [getattr(te.expr, "typmod", -1) for te in outs],
                             [(te.resorigtbl, te.resorigcol) for te in outs], query=q, param_types=q.params)

    def _mark_tid(self, plan: P.Plan, rti: int) -> None:
        """Make the scan of the target table expose tuple ids."""
        def visit(p: P.Plan) -> bool:
            if isinstance(p, (P.SeqScan, P.IndexScan)) and p.rtindex == rti:
                p.with_tid = True
                p.layout = p.layout + (("v", rti, -1),)
                return True
            for ch in p.children():
                if ch is not None and visit(ch):
                    p.layout = self._recompute_layout(p)
                    return True
            return False
        if not visit(plan):
            raise PgError("XX000", "target relation scan not found")

    def _recompute_layout(self, p: P.Plan) -> tuple:
        if isinstance(p, (P.NestLoop, P.HashJoin)):
            return p.left.layout + p.right.layout
        if isinstance(p, P.Filter):
            return p.child.layout
        return p.layout


_INTS = {T.INT2OID, T.INT4OID, T.INT8OID}
_TEXTS = {T.TEXTOID, T.VARCHAROID, T.NAMEOID}

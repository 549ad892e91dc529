"""Choosing join order, join method and inner side by cost (PostgreSQL's
standard_join_search, join_search_one_level, make_join_rel and
add_paths_to_joinrel, in their simplest form).

Where it sits: ``planner/`` (spec/07-executor.md, "Join search"), called
by planner/planner.py for a FROM list whose items are joined by inner
joins (comma-separated tables and ``[INNER] JOIN`` trees, flattened).
Each item arrives planned (a base table scan with its own quals, or an
outer-join subtree planned as a unit) and estimated (planner/estimate.py).

The search is PostgreSQL's dynamic programming over levels: level k holds
the best plan for every set of k items that can be joined; a set at level
k is made by joining a set of level k-1 with one item it shares a join
clause with (or with any item, when the set has no join clauses at all),
then bushy pairs of smaller sets; if a level comes out empty, every
level k-1 set is joined to every item (Cartesian products).  For each
pair both sides are tried as outer, and for each the join methods pgref
executes:

  * Nested Loop with the inner as it is, and with the inner under a
    Materialize (unless it keeps its rows anyway: a CTE, function or
    work-table scan), as match_unsorted_outer tries them;
  * Hash Join on the hashable equality clauses, hashing the inner.

Every candidate is costed with costsize.py's formulas and the cheapest
total cost is kept; as in add_path, a later candidate replaces the kept
one only if it is cheaper by more than a rounding error, so equal costs
keep the earlier (outer-first, FROM-order) plan (INV-COST-2).  The join's
row estimate is computed once per set of items, from the first pair that
makes it, as set_joinrel_size_estimates does.

Merge joins, parameterized inner index scans and join-order restrictions
around outer joins are not part of pgref's search yet (spec/07-executor.md,
"Differences"): outer joins are planned as units in their written order.
"""
from __future__ import annotations

from dataclasses import dataclass

from pgref.analyzer import nodes as N
from pgref.planner import costsize as C
from pgref.planner import plan as P

MAX_EXHAUSTIVE = 12                  # PostgreSQL's geqo_threshold; beyond it joins stay in FROM order


@dataclass
class JoinItem:
    plan: P.Plan
    relids: frozenset        # range-table indexes under the item
    members: frozenset       # indexes into the item list


def join_rows(est, q, jointype: str, outer_rows: float, inner_rows: float, clauses) -> float:
    """calc_joinrel_size_estimate."""
    sel = est.selectivity(q, list(clauses), 0, jointype if jointype in ("semi", "anti") else "inner")
    if jointype == "semi":
        return C.clamp_row_est(outer_rows * sel)
    if jointype == "anti":
        return C.clamp_row_est(outer_rows * (1.0 - sel))
    n = outer_rows * inner_rows * sel
    if jointype == "left" and n < outer_rows:
        n = outer_rows
    elif jointype == "right" and n < inner_rows:
        n = inner_rows
    elif jointype == "full":
        n = max(n, outer_rows, inner_rows)
    return C.clamp_row_est(n)


def merge_keys(planner, clauses: list, left: P.Plan, right: P.Plan):
    """The mergejoinable clauses among ``clauses`` -- ``l = r`` with a
    btree-ordered operator, each side a column the other input does not
    provide -- with the Sort nodes that order each input on them; None
    when there are none.  Returns (clauses, left keys, right keys,
    comparison functions, left Sort, right Sort)."""
    from pgref.catalog import builtin
    cat = planner.cat
    lpos = {k: i for i, k in enumerate(left.layout)}
    rpos = {k: i for i, k in enumerate(right.layout)}
    mclauses, lk, rk, cmps, lsort, rsort = [], [], [], [], [], []
    for c in clauses:
        if not isinstance(c, N.OpExpr) or len(c.args) != 2:
            continue
        op = builtin.operators().get(c.opno)
        if op is None or not op.canmerge or op.name != "=":
            continue
        a, b = c.args
        if not (isinstance(a, N.Var) and isinstance(b, N.Var) and a.levelsup == 0 and b.levelsup == 0):
            continue
        if a.typ != b.typ:
            continue
        ka, kb = ("v", a.varno, a.varattno), ("v", b.varno, b.varattno)
        if ka in lpos and kb in rpos:
            lv, rv, lp, rp = a, b, lpos[ka], rpos[kb]
        elif kb in lpos and ka in rpos:
            lv, rv, lp, rp = b, a, lpos[kb], rpos[ka]
        else:
            continue
        cmp = cat.btree_cmp_proc(a.typ, a.typ)
        if not cmp:
            continue
        mclauses.append(c)
        lk.append(lv)
        rk.append(rv)
        cmps.append(cmp)
        lsort.append((lp, N.SortKey(lv, False, False, a.typ, cmp)))
        rsort.append((rp, N.SortKey(rv, False, False, b.typ, cmp)))
    if not mclauses:
        return None
    ls = P.Sort(layout=left.layout, child=left, positions=tuple(x for x, _ in lsort),
                keys=tuple(k for _, k in lsort))
    rs = P.Sort(layout=right.layout, child=right, positions=tuple(x for x, _ in rsort),
                keys=tuple(k for _, k in rsort))
    ls.pg_qsort = rs.pg_qsort = True  # type: ignore[attr-defined]
    return mclauses, lk, rk, cmps, ls, rs


def orient_equality(c, outer_relids, inner_relids):
    """An inner join's ``inner = outer`` equality as ``outer = inner``:
    PostgreSQL rebuilds such clauses from their equivalence class with the
    outer side's member first (build_implied_join_equality), which is how
    EXPLAIN prints them."""
    from pgref.catalog import builtin
    from pgref.planner.planner import rels_of
    if not isinstance(c, N.OpExpr) or len(c.args) != 2:
        return c
    op = builtin.operators().get(c.opno)
    if op is None or op.name != "=" or not op.canmerge or not op.commutator:
        return c
    a, b = c.args
    ra, rb = rels_of(a), rels_of(b)
    if not (ra and rb and ra <= set(inner_relids) and rb <= set(outer_relids)):
        return c
    comm = builtin.operators().get(op.commutator)
    if comm is None:
        return c
    return N.OpExpr(comm.oid, comm.code, c.typ, (b, a), getattr(c, "typmod", -1))


def base_restriction_consts(plan: P.Plan, rti: int) -> set[int]:
    """The columns of ``rti`` a scan's own quals fix to a constant
    (``col = const``), which count toward a unique index's columns."""
    while isinstance(plan, (P.Filter, P.Material)):
        plan = plan.child
    out: set[int] = set()
    for c in getattr(plan, "quals", ()) or ():
        if isinstance(c, N.OpExpr) and len(c.args) == 2:
            a, b = c.args
            for x, y in ((a, b), (b, a)):
                if isinstance(x, N.Var) and x.levelsup == 0 and x.varno == rti and isinstance(y, N.Const):
                    from pgref.catalog import builtin
                    op = builtin.operators().get(c.opno)
                    if op is not None and op.name == "=" and op.canmerge:
                        out.add(x.varattno)
    return out


def inner_is_unique(planner, q, inner: P.Plan, inner_relids, outer_relids, clauses: list) -> bool:
    """innerrel_is_unique for a plain table: some unique, non-partial index
    has every column equated, by a mergejoinable join clause, to an
    expression of the outer side, or fixed by the table's own
    ``col = const`` quals -- so each outer row matches at most one inner
    row (EXPLAIN VERBOSE's "Inner Unique: true")."""
    from pgref.catalog import builtin
    from pgref.planner.planner import rels_of
    if len(inner_relids) != 1:
        return False
    (rti,) = tuple(inner_relids)
    rte = q.rtable[rti - 1]
    if rte.kind != "relation":
        return False
    rel = planner.cat.relations.get(rte.relid)
    if rel is None or not rel.indexes:
        return False
    cols = set(base_restriction_consts(inner, rti))
    for c in clauses:
        if not isinstance(c, N.OpExpr) or len(c.args) != 2:
            continue
        op = builtin.operators().get(c.opno)
        if op is None or op.name != "=" or not op.canmerge:
            continue
        a, b = c.args
        for x, y in ((a, b), (b, a)):
            while type(x).__name__ == "RelabelType":
                x = x.arg
            if isinstance(x, N.Var) and x.levelsup == 0 and x.varno == rti and x.varattno > 0:
                ry = rels_of(y)
                if ry and ry <= set(outer_relids):
                    cols.add(x.varattno)
    return any(ix.unique and ix.predicate is None and ix.columns and set(ix.columns) <= cols
               and getattr(ix, "am", "btree") == "btree" for ix in rel.indexes)


def hash_clauses_of(cat, plan: P.HashJoin) -> list:
    from pgref.planner.explain import _eq_opno
    from pgref.types import oids as T
    return [N.OpExpr(_eq_opno(cat, lk.typ, rk.typ), 0, T.BOOLOID, (lk, rk))
            for lk, rk in zip(plan.left_keys, plan.right_keys)]


def _level_columns(exprs) -> set[tuple[int, int]]:
    """(range-table index, column) of every Var of this query level in
    ``exprs`` (inside sub-selects too)."""
    from pgref.planner.planner import walk_expr
    out: set[tuple[int, int]] = set()
    for e in exprs:
        if e is None:
            continue
        for x, depth in walk_expr(e, 0):
            if isinstance(x, N.Var) and x.levelsup == depth:
                out.add((x.varno, x.varattno))
    return out


class JoinSearch:
    def __init__(self, planner, est, q, items: list[JoinItem], clauses: list, upper: list | None = None):
        self.planner = planner
        self.est = est
        self.q = q
        self.items = items
        self.clauses = clauses                 # join clauses not yet placed
        from pgref.planner.planner import rels_of
        self.clause_rels = [frozenset(rels_of(c)) for c in clauses]
        self.best: dict[frozenset, JoinItem] = {}
        self.rows: dict[frozenset, float] = {}
        # the columns the query reads above the joins (build_base_rel_tlists:
        # the output, grouping, ordering, and quals left for the top)
        tops = [te.expr for te in q.target_list] + [te.expr for te in q.returning] + list(q.group_by)
        tops += [k.expr for k in q.sort] + [k.expr for k in (q.distinct_on or ())] + [q.having]
        self.upper_cols = _level_columns(tops + list(upper or ()))
        self.clause_cols = [_level_columns([c]) for c in clauses]
        self._widths: dict[frozenset, int] = {}

    def join_width(self, relids: frozenset) -> int:
        """set_joinrel_size_estimates' width: the columns of these tables
        still needed above the join -- by the query's output and by join
        clauses that reach tables outside it."""
        got = self._widths.get(relids)
        if got is not None:
            return got
        need = {c for c in self.upper_cols if c[0] in relids}
        for cols, r in zip(self.clause_cols, self.clause_rels):
            if not r <= relids:
                need |= {c for c in cols if c[0] in relids}
        w = 0
        for varno, attno in need:
            rte = self.q.rtable[varno - 1]
            if attno == 0:
                w += self.est.scan_width(self.q, varno)
            elif attno > 0 and attno <= len(rte.coltypes):
                if rte.kind == "relation":
                    w += self.est.column_width(rte.relid, attno, rte.coltypes[attno - 1], rte.coltypmods[attno - 1])
                else:
                    w += C.type_avg_width(self.est.cat, rte.coltypes[attno - 1], rte.coltypmods[attno - 1])
        self._widths[relids] = w
        return w

    # ------------------------------------------------------------ the levels
    def run(self) -> JoinItem:
        n = len(self.items)
        levels: list[list[frozenset]] = [[] for _ in range(n + 1)]
        for i, it in enumerate(self.items):
            key = frozenset([i])
            self.best[key] = it
            levels[1].append(key)
        for k in range(2, n + 1):
            made: list[frozenset] = []
            for old in levels[k - 1]:
                if self._has_join_clauses(old):
                    partners = [j for j in range(n) if self._linked(old, frozenset([j]))]
                else:
                    partners = list(range(n))
                for j in partners:
                    self._make_join(old, frozenset([j]), made)
            for a in range(2, k // 2 + 1):
                for left in levels[a]:
                    for right in levels[k - a]:
                        if self._linked(left, right):
                            self._make_join(left, right, made)
            if not made:
                for old in levels[k - 1]:
                    for j in range(n):
                        self._make_join(old, frozenset([j]), made)
            levels[k] = made
        return self.best[frozenset(range(n))]

    def _has_join_clauses(self, s: frozenset) -> bool:
        rels = self._relids(s)
        return any(r & rels and not r <= rels for r in self.clause_rels)

    def _relids(self, s: frozenset) -> frozenset:
        out = frozenset()
        for i in s:
            out |= self.items[i].relids
        return out

    def _linked(self, a: frozenset, b: frozenset) -> bool:
        if a & b:
            return False
        ra, rb = self._relids(a), self._relids(b)
        both = ra | rb
        return any(r <= both and r & ra and r & rb for r in self.clause_rels)

    # ------------------------------------------------------------ one join
    def _make_join(self, a: frozenset, b: frozenset, made: list) -> None:
        if a & b:
            return
        key = a | b
        ra, rb = self._relids(a), self._relids(b)
        both = ra | rb
        clauses = [c for c, r in zip(self.clauses, self.clause_rels)
                   if r <= both and not r <= ra and not r <= rb]
        A, B = self.best[a], self.best[b]
        ea, eb = self.est.est(A.plan, self.q), self.est.est(B.plan, self.q)
        if key not in self.rows:
            self.rows[key] = join_rows(self.est, self.q, "inner", ea.rows, eb.rows, clauses)
            made.append(key)
        rows = self.rows[key]
        for outer, inner in ((A, B), (B, A)):
            for cand in self._candidates(outer, inner, clauses, rows):
                self._add(key, both, cand)

    def _add(self, key: frozenset, relids: frozenset, plan: P.Plan) -> None:
        old = self.best.get(key)
        e = plan.est
        if old is not None and len(old.members) == len(key):
            oe = old.plan.est
            if not (e.total < oe.total * (1 - 1e-10) or (abs(e.total - oe.total) <= oe.total * 1e-10
                                                          and e.startup < oe.startup * (1 - 1e-10))):
                return
        self.best[key] = JoinItem(plan, relids, key)

    def _candidates(self, outer: JoinItem, inner: JoinItem, clauses: list, rows: float, jointype: str = "inner"):
        p = self.est.p
        q = self.q
        if jointype == "inner":
            clauses = [orient_equality(c, outer.relids, inner.relids) for c in clauses]
        eo = self.est.est(outer.plan, q)
        ei = self.est.est(inner.plan, q)
        width = self.join_width(frozenset(outer.relids) | frozenset(inner.relids)) if self.items \
            else eo.width + ei.width
        layout = outer.plan.layout + inner.plan.layout
        qc = self.est.qual_cost(clauses)
        unique = jointype in ("inner", "left") and inner_is_unique(
            self.planner, q, inner.plan, inner.relids, outer.relids, clauses)
        sf = self._semifactors(outer, inner, clauses, ei, jointype) if unique else None
        # nested loops (which cannot preserve their inner side)
        inner_kind = type(inner.plan).__name__
        if jointype in ("inner", "left"):
            plain = P.NestLoop(layout=layout, jointype=jointype, left=outer.plan, right=inner.plan,
                               quals=tuple(clauses))
            plain.est = C.cost_nestloop(p, eo, ei, C.rescan_cost(p, inner_kind, ei), rows, width, qc,
                                        semifactors=sf)
            plain.inner_unique = unique  # type: ignore[attr-defined]
            yield plain
            if "enable_material" not in p.enable and inner_kind not in C.MATERIALIZING:
                mat = P.Material(layout=inner.plan.layout, child=inner.plan)
                em = mat.est = C.cost_material(p, ei)
                nl = P.NestLoop(layout=layout, jointype=jointype, left=outer.plan, right=mat, quals=tuple(clauses))
                nl.est = C.cost_nestloop(p, eo, em, C.rescan_cost(p, "Material", em), rows, width, qc,
                                         semifactors=sf)
                nl.inner_unique = unique  # type: ignore[attr-defined]
                yield nl
            param = self._param_candidate(outer, inner, clauses, rows, eo, width, layout, jointype, unique, sf)
            if param is not None:
                yield param
        merge = self._merge_candidate(outer, inner, clauses, rows, eo, ei, width, layout, jointype, unique)
        if merge is not None:
            yield merge
        # hash join
        lkeys, rkeys, ktypes, rest, hclauses = [], [], [], [], []
        for c in clauses:
            k = self.planner._hash_key(c, set(outer.relids), set(inner.relids))
            if k is not None:
                lkeys.append(k[0])
                rkeys.append(k[1])
                ktypes.append(k[2])
                hclauses.append(c)
            else:
                rest.append(c)
        if lkeys and (jointype != "full" or not rest):
            hj = P.HashJoin(layout=layout, jointype=jointype, left=outer.plan, right=inner.plan,
                            left_keys=tuple(lkeys), right_keys=tuple(rkeys), key_types=tuple(ktypes),
                            quals=tuple(rest))
            hsel = self.est.selectivity(q, hclauses)
            bucket = min(self._bucketsize(k, ei.rows) for k in rkeys)
            hj.est = C.cost_hashjoin(p, eo, ei, rows, width, len(hclauses), self.est.qual_cost(hclauses),
                                     self.est.qual_cost(rest), bucket,
                                     C.clamp_row_est(eo.rows * ei.rows * hsel), semifactors=sf,
                                     jointype=jointype)
            hj.inner_unique = unique  # type: ignore[attr-defined]
            yield hj

    def _param_candidate(self, outer: JoinItem, inner: JoinItem, clauses: list, rows: float, eo, width: int,
                         layout: tuple, jointype: str, unique: bool, sf):
        """A nested loop whose inner side is an index scan of one plain table
        with the join clauses as index conditions, re-run for each outer
        row with its values (PostgreSQL's parameterized path with
        NestLoopParams)."""
        from pgref.planner.planner import rels_of
        if len(inner.relids) != 1 or "enable_indexscan" in self.est.p.enable:
            return None
        (rti,) = tuple(inner.relids)
        q = self.q
        base = inner.plan
        if not isinstance(base, (P.SeqScan, P.IndexScan)) or base.rtindex != rti or base.colmap \
                or base.with_tid or base.sysattrs or base.tableoid or getattr(base, "bitmap", False):
            return None
        rte = q.rtable[rti - 1]
        if rte.kind != "relation" or q.result_relation == rti or getattr(q, "locking", False):
            return None
        own = list(getattr(base, "rel_quals", base.quals))
        # index conditions read "indexed column op outer value"
        params = [orient_equality(c, inner.relids, outer.relids) for c in clauses
                  if rti in rels_of(c) and rels_of(c) - {rti} <= set(outer.relids)]
        if not params:
            return None
        scan = self.planner.choose_index(rte, rti, own + params, param_rels=frozenset(outer.relids))
        if scan is None:
            return None
        used = [c for c in params if any(c is u for u in getattr(scan, "index_quals", ()))]
        if not used:
            return None
        scan.quals = tuple(c for c in scan.quals if not any(c is x for x in params))
        scan.param_layout = outer.plan.layout  # type: ignore[attr-defined]
        scan.param_rels = frozenset(outer.relids)  # type: ignore[attr-defined]
        scan.rel_quals = tuple(own) + tuple(used)  # type: ignore[attr-defined]
        scan.loop_count = eo.rows  # type: ignore[attr-defined]
        if self.planner._enabled("enable_indexonlyscan"):
            kept = {id(c) for c in scan.quals} | {id(c) for c in used}
            dropped = {id(c) for c in own if id(c) not in kept}
            scan.index_only = self.planner._covers(q, rti, scan.index_oid, rte.relid, dropped)
        # the same scan read as a bitmap, when cheaper (as create_index_paths offers both)
        cands = [scan]
        if self.planner._enabled("enable_bitmapscan"):
            from pgref.planner.planner import bitmap_variant
            bm = bitmap_variant(scan)
            for attr in ("param_layout", "param_rels", "loop_count"):
                setattr(bm, attr, getattr(scan, attr))
            cands.append(bm)
        scan = cands[0]
        for c in cands[1:]:
            if self.est.est(c, q).total < self.est.est(scan, q).total:
                scan = c
        ei = self.est.est(scan, q)
        swapped = {id(o): n for o, n in zip([c for c in clauses if rti in rels_of(c)
                                              and rels_of(c) - {rti} <= set(outer.relids)], params)}
        clauses = [swapped.get(id(c), c) for c in clauses]
        nl = P.NestLoop(layout=outer.plan.layout + scan.layout, jointype=jointype, left=outer.plan, right=scan,
                        quals=tuple(clauses))
        nl.param_inner = True  # type: ignore[attr-defined]
        nl.param_clauses = tuple(used)  # type: ignore[attr-defined]
        nl.inner_unique = unique  # type: ignore[attr-defined]
        rest = [c for c in clauses if not any(c is u for u in used)]
        indexed = not rest
        nl.est = C.cost_nestloop(self.est.p, eo, ei, (ei.startup, ei.total), rows, width,
                                 self.est.qual_cost(rest), semifactors=sf, indexed_join_quals=indexed)
        return nl

    def _semifactors(self, outer: JoinItem, inner: JoinItem, clauses: list, ei, jointype: str) -> C.SemiFactors:
        """compute_semi_anti_join_factors: the semi-join selectivity of the
        join clauses is the fraction of outer rows with a match; the
        inner-join selectivity over it, times the inner rows, is how many
        rows each of them matches."""
        from pgref.planner.selfuncs import SemiJoinInfo
        # the estimators read the join type from the SpecialJoinInfo, which
        # for a plain inner or left join says so: a unique inner side's
        # "semi" selectivity is then the inner-join one, as in PostgreSQL
        sj = SemiJoinInfo(jointype, frozenset(outer.relids), frozenset(inner.relids), ei.rows)
        jsel = self.est.selectivity(self.q, clauses, 0, "semi", sj)
        nsel = self.est.selectivity(self.q, clauses, 0, "inner", None)
        avgmatch = max(1.0, nsel * ei.rows / jsel) if jsel > 0 else 1.0
        return C.SemiFactors(jsel, avgmatch)

    def _merge_candidate(self, outer: JoinItem, inner: JoinItem, clauses: list, rows: float, eo, ei,
                         width: int, layout: tuple, jointype: str = "inner", unique: bool = False):
        """sort_inner_and_outer: both sides sorted on the mergejoinable
        equality clauses (in clause order), then merged."""
        keys = merge_keys(self.planner, clauses, outer.plan, inner.plan)
        if keys is None:
            return None
        mclauses, okeys, ikeys, cmps, osort, isort = keys
        rest = [c for c in clauses if not any(c is m for m in mclauses)]
        if jointype == "full" and rest:
            return None                  # a full merge join's conditions must all be merge clauses
        p = self.est.p
        q = self.q
        osort.est = C.cost_sort(p, eo)
        isort.est = C.cost_sort(p, ei)
        msel = self.est.selectivity(q, mclauses)
        est, materialize = C.cost_mergejoin(p, eo, ei, osort.est, isort.est, rows, width,
                                            self.est.qual_cost(mclauses), self.est.qual_cost(rest),
                                            C.clamp_row_est(eo.rows * ei.rows * msel),
                                            skip_mark_restore=unique and not rest)
        right: P.Plan = isort
        if materialize:
            right = P.Material(layout=isort.layout, child=isort)
            right.est = C.cost_material(p, isort.est)
        mj = P.MergeJoin(layout=layout, jointype=jointype, left=osort, right=right, left_keys=tuple(okeys),
                         right_keys=tuple(ikeys), cmpfuncs=tuple(cmps), quals=tuple(rest))
        mj.est = est
        mj.inner_unique = unique  # type: ignore[attr-defined]
        return mj

    def _bucketsize(self, key: N.Expr, inner_rows: float) -> float:
        """estimate_hash_bucket_stats: the fraction of the inner rows in one
        bucket -- one over the distinct values (or over the buckets, when
        there are more values than buckets), raised by the most common
        value's excess over the average; 0.1 when the distinct count is a
        guess (PostgreSQL's DEFAULT_NUM_DISTINCT)."""
        nbuckets = 1024
        while nbuckets < inner_rows:
            nbuckets *= 2
        while type(key).__name__ == "RelabelType":
            key = key.arg
        if not (isinstance(key, N.Var) and key.levelsup == 0):
            return 0.1
        st = self.est.stats(self.q)
        tuples = st.rel_tuples(key.varno)
        cs = st.column_stats(key.varno, key.varattno)
        mcv_freq = 0.0
        nullfrac = 0.0
        if st.has_unique_index(key.varno, (key.varattno,)):
            nd = tuples
        elif cs is not None and cs.n_distinct != 0:
            nd = cs.n_distinct if cs.n_distinct > 0 else -cs.n_distinct * tuples
            nullfrac = cs.null_frac
            if cs.mcf:
                mcv_freq = cs.mcf[0]
        elif 0 < tuples < 200:
            nd = tuples
        else:
            return max(0.1, mcv_freq)
        nd = C.clamp_row_est(nd)
        avgfreq = (1.0 - nullfrac) / nd
        if tuples > 0:
            nd = C.clamp_row_est(nd * min(inner_rows, tuples) / tuples)
        frac = 1.0 / nbuckets if nd > nbuckets else 1.0 / nd
        if avgfreq > 0 and mcv_freq > avgfreq:
            frac *= mcv_freq / avgfreq
        return min(max(frac, 1.0e-6), 1.0)


def best_join(planner, est, q, jointype: str, lp: P.Plan, lr: set, rp: P.Plan, rr: set, clauses: list) -> P.Plan | None:
    """The cheapest way to join two planned inputs with a given join type
    (an outer join, or an inner join outside the search): PostgreSQL's
    add_paths_to_joinrel for the pair in both orders.  A RIGHT JOIN is
    first tried as the LEFT JOIN of its inputs swapped, as
    deconstruct_jointree turns it; the other order runs as a Right Join
    (Hash or Merge).  None when no method applies."""
    if jointype == "right":
        return best_join(planner, est, q, "left", rp, rr, lp, lr, clauses)
    js = JoinSearch(planner, est, q, [], clauses)
    L = JoinItem(lp, frozenset(lr), frozenset())
    R = JoinItem(rp, frozenset(rr), frozenset())
    eo, ei = est.est(lp, q), est.est(rp, q)
    rows = join_rows(est, q, jointype, eo.rows, ei.rows, clauses)
    cands = list(js._candidates(L, R, clauses, rows, jointype))
    flipped = {"inner": "inner", "left": "right", "full": "full"}.get(jointype)
    if flipped is not None:
        cands += list(js._candidates(R, L, clauses, rows, flipped))
    best = None
    for c in cands:
        e, b = c.est, (best.est if best is not None else None)
        if b is None or e.total < b.total * (1 - 1e-10) or (
                abs(e.total - b.total) <= b.total * 1e-10 and e.startup < b.startup * (1 - 1e-10)):
            best = c
    return best

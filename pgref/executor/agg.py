"""Hash aggregation (PostgreSQL's nodeAgg.c, AGG_HASHED / AGG_PLAIN).

Where it sits: ``executor/`` (spec/07-executor.md, "Aggregation").  Input
rows are grouped by the GROUP BY values (NULLs group together, values equal
by the type's btree equality group together -- ``executor/keys.py``); each
group keeps one transition state per aggregate.  The aggregate's own
semantics (initial state, transition, final function, result for no rows)
come from ``pgref.types.aggregates``; this node adds what the SQL syntax
asks for around it:

  FILTER (WHERE ...)   rows failing it are not fed to that aggregate
  DISTINCT             each aggregate remembers the argument tuples it saw
  ORDER BY             the group's inputs are buffered and sorted first
  shared states        compatible user aggregates share one transition
                       state (spec/12-functions.md, INV-UAGG-3)

With no GROUP BY there is exactly one output row, even for empty input.
"""
from __future__ import annotations

from pgref.executor import keys as K
from pgref.executor.expr import Layout, compile_expr, compile_quals


def aggregate_impl(agg, ectx):
    from pgref.types import aggregates
    return aggregates.get_aggregate(agg.aggfnoid, agg.argtypes, ectx)


class _AggSpec:
    def __init__(self, agg, layout, ectx, planner, group_layout=None):
        self.agg = agg
        nd = getattr(agg, "ndirect", 0)
        self.osa = None
        if getattr(agg, "aggkind", "n") != "n":
            # WITHIN GROUP (spec/07-executor.md "Ordered-set aggregates")
            from pgref.executor.ordered_set import OrderedSetAgg
            self.osa = OrderedSetAgg(agg, ectx)
            self.impl = None
        else:
            self.impl = aggregate_impl(agg, ectx)
        self.args = [compile_expr(a, layout, ectx, planner) for a in agg.args[nd:]]
        # direct arguments are evaluated per group over the group values,
        # NULL where a grouping set leaves a column out (INV-OSA-2)
        self.direct = [compile_expr(a, group_layout, ectx, planner) for a in agg.args[:nd]]
        self.filter = compile_quals((agg.filter,), layout, ectx, planner) if agg.filter is not None else None
        self.order = [compile_expr(k.expr, layout, ectx, planner) for k in agg.order]
        self.distinct = agg.distinct
        self.buffered = bool(agg.order) or agg.distinct or self.osa is not None
        self.norms = [K.hash_key_function(t) for t in agg.argtypes[nd:]]


class AggRunner:
    def __init__(self, plan, ectx, planner):
        self.plan = plan
        self.ectx = ectx
        self.planner = planner
        layout = Layout(plan.child.layout)
        self.groups = [compile_expr(e, layout, ectx, planner) for e in plan.group_exprs]
        self.gnorms = [K.hash_key_function(t) for t in plan.group_types]
        glayout = Layout(plan.group_exprs)
        self.specs = [_AggSpec(a, layout, ectx, planner, glayout) for a in plan.aggs]
        self.share = _shared_states(self.specs, ectx)

    def _new_states(self):
        out = []
        for s in self.specs:
            out.append([] if s.buffered else s.impl.init())
        return out

    def run(self):
        if self.plan.rollups:
            yield from self.run_grouping_sets()
            return
        if self.plan.strategy == "sorted":
            yield from self.run_sorted()
            return
        groups: dict = {}
        for batch in _batches(self.plan.child, self.ectx, self.planner):
            for row in batch:
                gvals = tuple(g(row) for g in self.groups)
                key = tuple(None if v is None else (v if n is None else n(v))
                            for v, n in zip(gvals, self.gnorms))
                entry = groups.get(key)
                if entry is None:
                    entry = groups[key] = (gvals, self._new_states())
                self._advance(entry[1], row)
        if not groups and not self.plan.group_exprs:
            groups[()] = ((), self._new_states())
        out = []
        for gvals, states in groups.values():
            out.append(self._result(gvals, states))
            if len(out) >= 1024:
                yield out
                out = []
        if out:
            yield out

    def _advance(self, states, row) -> None:
        ectx = self.ectx
        for i, s in enumerate(self.specs):
            if self.share[i] != i or s.filter is not None and not s.filter(row):
                continue
            args = tuple(a(row) for a in s.args)
            if s.buffered:
                states[i].append((args, tuple(o(row) for o in s.order)))
            else:
                states[i] = s.impl.trans(states[i], *args, ctx=ectx)

    def _result(self, gvals, states, gset=None) -> tuple:
        """One output row: the group values (those not in grouping set
        ``gset`` as NULL), the aggregate results, the GROUPING() values."""
        if gset is not None:
            gvals = tuple(v if i in gset else None for i, v in enumerate(gvals))
        out = []
        replayed: dict = {}
        for i, s in enumerate(self.specs):
            lead = self.share[i]
            st = states[lead]
            if s.osa is not None:
                out.append(self._ordered_set_result(s, st, gvals))
                continue
            if s.buffered:
                if lead not in replayed:
                    replayed[lead] = self._replay(self.specs[lead], st)
                st = replayed[lead]
            out.append(s.impl.final(st, ctx=self.ectx))
        for _g, refs in self.plan.grouping_funcs:
            mask = 0
            for r in refs:
                mask = (mask << 1) | (1 if gset is not None and r not in gset else 0)
            out.append(mask)
        return gvals + tuple(out)

    # ------------------------------------------------------------ grouping sets
    def run_grouping_sets(self):
        """GROUPING SETS / ROLLUP / CUBE (spec/07-executor.md "Grouping
        sets").  The input is read once; each sorted rollup sorts it by its
        columns and walks the runs: when the leading ``p`` columns change,
        every set of the rollup with more than ``p`` columns has finished a
        group, and their rows are emitted largest set first; the empty set
        ends only with the input, so its row comes last (nodeAgg.c
        agg_retrieve_direct).  Hashed rollups follow, one table per set.
        With no input only the empty sets produce rows.  INV-GSET-7."""
        ng = len(self.groups)
        items = []
        for batch in _batches(self.plan.child, self.ectx, self.planner):
            for row in batch:
                items.append((tuple(g(row) for g in self.groups), row))
        out: list = []
        # sorted passes first: a MixedAggregate returns its hash tables
        # once the input is exhausted (nodeAgg.c, AGG_MIXED)
        for r in sorted(self.plan.rollups, key=lambda r: r.hashed):
            rows = self._hashed_sets(r, items) if r.hashed else self._sorted_rollup(r, items, ng)
            for row in rows:
                out.append(row)
                if len(out) >= 1024:
                    yield out
                    out = []
        if out:
            yield out

    def _norm_key(self, gvals, positions):
        return tuple(None if gvals[p] is None else (gvals[p] if self.gnorms[p] is None else self.gnorms[p](gvals[p]))
                     for p in positions)

    def _sorted_rollup(self, r, items, ng):
        from pgref.executor.expr import compare_function
        from pgref.executor.sort import Sorter, work_mem_bytes
        ectx = self.ectx
        n = len(r.keys)
        sets = [frozenset(s) for s in r.sets]
        sizes = [len(s) for s in r.sets]
        if n:
            wm = work_mem_bytes(ectx.session.settings.get("work_mem")) if ectx.session is not None else 4 << 20
            sorter = Sorter(range(n), r.sort_keys, lambda f: compare_function(ectx, f), wm)
            for gvals, row in items:
                sorter.add(tuple(gvals[k] for k in r.keys) + (gvals, row))
            seq = ((it[n], it[n + 1]) for it in sorter.finish())
        else:
            seq = iter(items)
        states = None
        prev_key = prev_vals = None
        for gvals, row in seq:
            key = self._norm_key(gvals, r.keys)
            if states is None:
                states = [self._new_states() for _ in sets]
            elif key != prev_key:
                p = next(i for i in range(n) if key[i] != prev_key[i])
                for i, size in enumerate(sizes):
                    if size <= p:
                        break
                    yield self._result(prev_vals, states[i], sets[i])
                    states[i] = self._new_states()
            for st in states:
                self._advance(st, row)
            prev_key, prev_vals = key, gvals
        if states is not None:
            for i, gs in enumerate(sets):
                yield self._result(prev_vals, states[i], gs)
        else:
            for gs in sets:
                if not gs:
                    yield self._result((None,) * ng, self._new_states(), gs)

    def _hashed_sets(self, r, items):
        for s in r.sets:
            gs = frozenset(s)
            groups: dict = {}
            for gvals, row in items:
                key = self._norm_key(gvals, s)
                entry = groups.get(key)
                if entry is None:
                    entry = groups[key] = (gvals, self._new_states())
                self._advance(entry[1], row)
            for gvals, states in groups.values():
                yield self._result(gvals, states, gs)

    def run_sorted(self):
        """GroupAggregate: sort (group values, row) pairs by the group keys,
        then aggregate each run of equal keys."""
        from pgref.executor.expr import compare_function
        from pgref.executor.sort import Sorter, work_mem_bytes
        ectx = self.ectx
        ng = len(self.groups)
        wm = work_mem_bytes(ectx.session.settings.get("work_mem")) if ectx.session is not None else 4 << 20
        sorter = Sorter(range(ng), self.plan.group_keys, lambda f: compare_function(ectx, f), wm)
        for batch in _batches(self.plan.child, ectx, self.planner):
            for row in batch:
                sorter.add(tuple(g(row) for g in self.groups) + (row,))
        cur_key = None
        cur_vals = None
        states = None
        out = []
        if not sorter.runs:
            # PostgreSQL's quicksort, so a group's first row -- whose key
            # values the group shows (0 or 0.00?) -- and the order its rows
            # reach the aggregates are PostgreSQL's (executor/pgsort.py)
            from pgref.executor.pgsort import pg_qsort
            pg_qsort(sorter.rows, sorter._compare())
            items = iter(sorter.rows)
        else:
            items = sorter.finish()
        for item in items:
            gvals, row = item[:ng], item[ng]
            key = tuple(None if v is None else (v if n is None else n(v)) for v, n in zip(gvals, self.gnorms))
            if states is None or key != cur_key:
                if states is not None:
                    out.append(self._result(cur_vals, states))
                    if len(out) >= 1024:
                        yield out
                        out = []
                cur_key, cur_vals, states = key, gvals, self._new_states()
            self._advance(states, row)
        if states is not None:
            out.append(self._result(cur_vals, states))
        if out:
            yield out

    def _ordered_set_result(self, s: _AggSpec, items, gvals):
        """An ordered-set aggregate's value for a group: its inputs sorted,
        its direct arguments evaluated over the group values ``gvals``
        (they use only grouped columns, INV-OSA-2)."""
        from pgref.executor.run import sort_rows
        direct = tuple(d(gvals) for d in s.direct)
        n = len(s.args)
        rows = sort_rows([a + o for a, o in items], [n + i for i in range(len(s.agg.order))],
                         list(s.agg.order), self.ectx)
        return s.osa.result([r[:n] for r in rows], direct)

    def _replay(self, s: _AggSpec, items):
        from pgref.executor.run import sort_rows
        if s.agg.order:
            n = len(s.args)
            rows = [a + o for a, o in items]
            rows = sort_rows(rows, [n + i for i in range(len(s.agg.order))], list(s.agg.order), self.ectx)
            items = [(r[:n], None) for r in rows]
        state = s.impl.init()
        seen = set()
        for args, _ in items:
            if s.distinct:
                k = tuple(None if v is None else (v if nm is None else nm(v)) for v, nm in zip(args, s.norms))
                if k in seen:
                    continue
                seen.add(k)
            state = s.impl.trans(state, *args, ctx=self.ectx)
        return state


def _shared_states(specs, ectx) -> list[int]:
    """For each aggregate, the index of the one whose transition state it
    uses (itself unless shared).  As PostgreSQL's find_compatible_pertrans,
    aggregates with the same transition function, initial value, inputs,
    DISTINCT, ORDER BY and FILTER share one state when the final function
    does not modify it -- visible when a user transition function has side
    effects (RAISE NOTICE).  Only user-defined aggregates share here: their
    states are plain values, while some built-in final functions finish
    their Python state objects in place."""
    out = []
    users = getattr(ectx.cat, "user_procs", {})
    for i, s in enumerate(specs):
        lead = i
        a = getattr(users.get(s.agg.aggfnoid), "agg", None)
        if a is not None and a["aggfinalmodify"] != "w" and s.osa is None:
            for j in range(i):
                o = specs[j]
                b = getattr(users.get(o.agg.aggfnoid), "agg", None)
                if out[j] == j and b is not None and b["aggfinalmodify"] != "w" and o.osa is None \
                        and (a["aggtransfn"], a["agginitval"]) == (b["aggtransfn"], b["agginitval"]) \
                        and s.impl.transtype == o.impl.transtype and s.agg.args == o.agg.args \
                        and s.agg.distinct == o.agg.distinct and s.agg.order == o.agg.order \
                        and s.agg.filter == o.agg.filter:
                    lead = j
                    break
        out.append(lead)
    return out


def _batches(plan, ectx, planner):
    from pgref.executor.run import run_plan
    return run_plan(plan, ectx, planner)

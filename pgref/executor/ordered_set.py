"""Ordered-set and hypothetical-set aggregates at execution time
(PostgreSQL's orderedsetaggs.c).

Where it sits: ``executor/`` (spec/07-executor.md, "Ordered-set aggregates").
The Agg node (executor/agg.py) buffers a group's WITHIN GROUP values like
any aggregate with ORDER BY, sorts them by the aggregate's sort keys and
hands them here, with the direct arguments evaluated once per group
(INV-OSA-2: the direct arguments use only grouped columns, so any row of
the group -- or, for the single group of an empty input, a row of NULLs --
gives their value).  :func:`ordered_set_result` computes the result:

* aggkind 'o' (percentile_disc, percentile_cont, mode and user aggregates
  built on their final functions): the transition/final machine of
  ``pgref.types.aggregates`` (NULL inputs skipped, as by
  ordered_set_transition), direct arguments given to the final function;
* aggkind 'h' (rank, dense_rank, percent_rank, cume_dist): the hypothetical
  row is placed among the sorted rows with the aggregate's own comparison
  (direction, NULLS FIRST/LAST included); NULL inputs count (INV-OSA-3).

Entry point: ``OrderedSetAgg(aggref, ectx).result(sorted_rows, direct)``.
"""
from __future__ import annotations

from typing import Any, Sequence

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError


def _agg_row(aggref, ectx) -> tuple[dict, str]:
    """The pg_aggregate row (as the strings of pg_aggregate.csv) and the
    aggregate's name; user aggregates (CREATE AGGREGATE) included."""
    from pgref.types.aggregates import _catalog
    aggs, procs = _catalog()
    row = aggs.get(aggref.aggfnoid)
    if row is not None:
        return row, procs[aggref.aggfnoid]["proname"]
    user = getattr(ectx.cat, "user_procs", {}).get(aggref.aggfnoid)
    a = user.agg
    return {"aggfinalfn": str(a["aggfinalfn"]), "aggnumdirectargs": str(a["aggnumdirectargs"]),
            "aggkind": a["aggkind"]}, user.name


class OrderedSetAgg:
    """One WITHIN GROUP aggregate of an Agg node."""

    def __init__(self, aggref, ectx):
        from pgref.executor.expr import compare_function
        from pgref.executor.sort import Sorter
        from pgref.types.aggregates import _catalog, _make_ordered_set
        self.aggref = aggref
        self.ectx = ectx
        row, name = _agg_row(aggref, ectx)
        procs = _catalog()[1]
        fin = procs.get(int(row["aggfinalfn"]))
        self.final_src = fin["prosrc"] if fin is not None else ""
        self.nagg = len(aggref.args) - aggref.ndirect
        if aggref.aggkind == "o":
            if self.nagg != 1:
                raise PgError(FEATURE_NOT_SUPPORTED, f"ordered-set aggregate {name} with {self.nagg} "
                              "aggregated arguments is not supported")
            self.impl = _make_ordered_set(aggref.aggfnoid, name, tuple(aggref.argtypes), row)
        elif self.final_src not in _HYPOTHETICAL:
            raise PgError(FEATURE_NOT_SUPPORTED, f"hypothetical-set aggregate {name} with final function "
                          f"{self.final_src or '-'} is not supported")
        self.compare = Sorter(range(self.nagg), aggref.order,
                              lambda f: compare_function(ectx, f), 0)._compare()

    def result(self, sorted_rows: Sequence[tuple], direct: Sequence[Any]) -> Any:
        """``sorted_rows``: the group's aggregated-argument tuples, sorted by
        the aggregate's ORDER BY (FILTER already applied)."""
        if self.aggref.aggkind == "o":
            impl = self.impl
            state = impl.init()
            for r in sorted_rows:
                state = impl.trans(state, *r, ctx=self.ectx)
            return impl.final(state, ctx=self.ectx, direct=tuple(direct))
        hyp = tuple(direct[len(direct) - self.nagg:])
        return _HYPOTHETICAL[self.final_src](sorted_rows, hyp, self.compare)


def _rank(rows, hyp, cmp) -> int:
    # hypothetical_rank_final: 1 + the rows sorting strictly before it
    return 1 + sum(1 for r in rows if cmp(r, hyp) < 0)


def _percent_rank(rows, hyp, cmp) -> float:
    n = len(rows)
    if n == 0:
        return 0.0
    return float(sum(1 for r in rows if cmp(r, hyp) < 0)) / n


def _cume_dist(rows, hyp, cmp) -> float:
    return float(sum(1 for r in rows if cmp(r, hyp) <= 0) + 1) / (len(rows) + 1)


def _dense_rank(rows, hyp, cmp) -> int:
    # peer groups among the rows sorting before it, plus one
    groups = 0
    prev = None
    for r in rows:
        if cmp(r, hyp) >= 0:
            break
        if prev is None or cmp(prev, r) != 0:
            groups += 1
        prev = r
    return groups + 1


_HYPOTHETICAL = {
    "hypothetical_rank_final": _rank,
    "hypothetical_percent_rank_final": _percent_rank,
    "hypothetical_cume_dist_final": _cume_dist,
    "hypothetical_dense_rank_final": _dense_rank,
}

"""Aggregates (pgref.types.aggregates) against PostgreSQL 15 results.

fixtures/expected_aggs.json holds, for each case, the aggregate's OID, the
argument rows and what PostgreSQL returned (gen_fixtures.py).  The rows are
fed through AggImpl.init/trans/final exactly as the executor would.
"""
from __future__ import annotations

import json
import os

import pytest

from pgref.errors import PgError
from pgref.types.aggregates import NO_VALUE, get_aggregate, implemented_aggregates, run_aggregate
from pgref.types.registry import type_input, type_output

from .test_pg_fixtures import Ctx, parse_type

with open(os.path.join(os.path.dirname(__file__), "fixtures", "expected_aggs.json")) as _f:
    AGGS = json.load(_f)


def _rows(case):
    types = [parse_type(t)[0] for t in case["types"]]
    rows = [tuple(type_input(Ctx(), t, v) for t, v in zip(types, row)) for row in case["rows"]]
    return types, rows


@pytest.mark.parametrize("case", AGGS, ids=[f"{c['agg']}({','.join(c['types'])})x{len(c['rows'])}-{i}"
                                            for i, c in enumerate(AGGS)])
def test_aggregate_matches_postgresql(case):
    types, rows = _rows(case)
    agg = get_aggregate(case["aggfnoid"], types)
    if "error" in case:
        with pytest.raises(PgError) as ei:
            run_aggregate(agg, rows)
        assert [ei.value.sqlstate, ei.value.message] == case["error"]
        return
    got = run_aggregate(agg, rows)
    assert type_output(Ctx(), case["type"], got) == case["result"]


def test_strict_transition_starts_from_first_non_null():
    # INV-AGG-2: max(int4) has no initial value; the first input is the state
    agg = get_aggregate(2116, (23,))
    state = agg.init()
    assert state is NO_VALUE
    state = agg.trans(state, None)
    assert state is NO_VALUE
    state = agg.trans(state, 5)
    assert state == 5
    assert agg.final(agg.trans(state, 9)) == 9


def test_zero_rows():
    assert run_aggregate(get_aggregate(2803, ()), []) == 0         # count(*)
    assert run_aggregate(get_aggregate(2803, ()), [(), ()]) == 2
    assert run_aggregate(get_aggregate(2108, (23,)), []) is None   # sum(int4)


def test_hypothetical_set_aggregates_are_refused():
    with pytest.raises(PgError) as ei:
        get_aggregate(3986, (23, 23))                               # rank(...) WITHIN GROUP
    assert ei.value.sqlstate == "0A000"


# PostgreSQL 15: select percentile_disc(0) within group (order by x), percentile_disc(0.5) ...,
#   percentile_cont(0.25) ..., mode() ..., percentile_cont(array[0.1,null,1]) ...
#   from (values (1),(2),(2),(3),(null),(3)) v(x)    ->   1 | 2 | 2 | 2 | {1.4,NULL,3}
SORTED = [(1.0,), (2.0,), (2.0,), (3.0,), (3.0,), (None,)]


def test_ordered_set_aggregates():
    from pgref.types.values import PgArray
    disc = get_aggregate(3972, (701, 701))
    assert run_aggregate(disc, SORTED, direct=(0.0,)) == 1.0
    assert run_aggregate(disc, SORTED, direct=(0.5,)) == 2.0
    cont = get_aggregate(3974, (701, 701))
    assert run_aggregate(cont, SORTED, direct=(0.25,)) == 2.0
    assert run_aggregate(get_aggregate(3984, (701,)), SORTED) == 2.0
    multi = get_aggregate(3980, (1022, 701))
    got = run_aggregate(multi, SORTED, direct=(PgArray.from_list([0.1, None, 1.0], 701),))
    assert got.elements == [1.4, None, 3.0]
    assert run_aggregate(cont, [], direct=(0.5,)) is None
    with pytest.raises(PgError) as ei:
        run_aggregate(cont, [(1.0,)], direct=(1.5,))
    assert (ei.value.sqlstate, ei.value.message) == ("22003", "percentile value 1.5 is not between 0 and 1")


def test_most_aggregates_are_implemented():
    n = len(implemented_aggregates())
    print(f"{n} aggregates implemented")
    assert n >= 90

"""GROUPING SETS / ROLLUP / CUBE, GROUPING(), and aggregates of an outer
query level (spec/07-executor.md "Grouping sets").  Expected rows were
taken from PostgreSQL 15."""
import pytest

import pgref
from pgref.analyzer.grouping import _GSet, expand_grouping_sets
from pgref.planner.grouping import extract_rollup_sets, reorder_grouping_sets

ROWS = [(1, 1, 10), (1, 1, 11), (1, 2, 12), (1, 2, 13), (1, 3, 14), (2, 3, 15), (3, 3, 16), (3, 4, 17),
        (4, 1, 18), (4, 1, 19)]


@pytest.fixture()
def cur():
    c = pgref.connect(":memory:", autocommit=True)
    cur = c.cursor()
    cur.execute("create table g (a int, b int, v int)")
    cur.executemany("insert into g values (%s, %s, %s)", ROWS)
    cur.execute("create table e (a int, b int, v int)")
    cur.execute("set enable_hashagg = off")
    yield cur
    c.close()


def q(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def test_rollup_sorted_order_and_grouping(cur):
    rows = q(cur, "select a, b, grouping(a,b), sum(v), count(*) from g group by rollup (a,b)")
    assert rows == [
        (1, 1, 0, 21, 2), (1, 2, 0, 25, 2), (1, 3, 0, 14, 1), (1, None, 1, 60, 5),
        (2, 3, 0, 15, 1), (2, None, 1, 15, 1),
        (3, 3, 0, 16, 1), (3, 4, 0, 17, 1), (3, None, 1, 33, 2),
        (4, 1, 0, 37, 2), (4, None, 1, 37, 2),
        (None, None, 3, 145, 10)]


def test_cube_runs_two_rollups(cur):
    rows = q(cur, "select a, b, grouping(a,b), sum(v) from g group by cube (a,b)")
    # first rollup (a,b),(a),() in a,b order, then the (b) rollup re-sorted by b
    assert rows[-4:] == [(None, 1, 2, 58), (None, 2, 2, 25), (None, 3, 2, 45), (None, 4, 2, 17)]
    assert rows[-5] == (None, None, 3, 145)
    assert len(rows) == 12 + 4


def test_order_by_direction_is_taken_by_the_rollup(cur):
    rows = q(cur, "select a, b, sum(v) from g group by rollup (a,b) order by b desc, a")
    # DESC sorts NULLs (the subtotals) first
    assert rows[:6] == [(1, None, 60), (2, None, 15), (3, None, 33), (4, None, 37), (None, None, 145), (3, 4, 17)]


def test_empty_input_gives_one_row_per_empty_set(cur):
    assert q(cur, "select a, b, sum(v) from e group by grouping sets ((a,b),a)") == []
    assert q(cur, "select sum(v), count(*) from e group by grouping sets ((a,b),(),(),())") == \
        [(None, 0), (None, 0), (None, 0)]


def test_group_by_distinct_and_nested_sets(cur):
    plain = q(cur, "select a, b, sum(v) from g group by rollup(a,b), rollup(a)")
    distinct = q(cur, "select a, b, sum(v) from g group by distinct rollup(a,b), rollup(a)")
    assert len(plain) > len(distinct)
    assert sorted(map(repr, set(plain))) == sorted(map(repr, distinct))
    assert q(cur, "select sum(v) from g group by grouping sets((), grouping sets((), grouping sets(())))") \
        == [(145,), (145,), (145,)]


def test_constant_grouping_column_goes_null(cur):
    rows = q(cur, "select 1 as x, a, sum(v) from g group by grouping sets (1, 2) order by 2, 1")
    assert rows[0] == (None, 1, 60) and rows[-1] == (1, None, 145)


def test_hashed_and_sorted_agree(cur):
    sql = "select a, b, grouping(a,b), sum(v) from g group by cube (a,b)"
    ordered = q(cur, sql)
    cur.execute("set enable_hashagg = on")
    hashed = q(cur, sql)
    assert sorted(map(repr, hashed)) == sorted(map(repr, ordered))


def test_grouping_errors(cur):
    with pytest.raises(pgref.dbapi.Error) as e:
        cur.execute("select grouping(a, v) from g group by rollup (a, b)")
    assert e.value.sqlstate == "42803"
    assert "arguments to GROUPING must be grouping expressions" in str(e.value)
    with pytest.raises(pgref.dbapi.Error) as e:
        cur.execute("select a from g where grouping(a) = 0 group by a")
    assert str(e.value) == "grouping operations are not allowed in WHERE"
    with pytest.raises(pgref.dbapi.Error) as e:
        cur.execute("select count(*) from g group by grouping sets (()) for update")
    assert str(e.value) == "FOR UPDATE is not allowed with GROUP BY clause"


def test_outer_level_aggregate(cur):
    # max(g.v) belongs to the outer query: one row, computed over g
    assert q(cur, "select (select max(g.v) from (values (1)) x) from g") == [(19,)]
    assert q(cur, "select (select max((select i.v from g i where i.v = o.v))) from g o") == [(19,)]
    # count(*) has no columns: it belongs to the sub-select (two rows there)
    assert q(cur, "select (select max(g.v) + count(*) from (values (1), (2)) x) from g") == [(21,)]
    # an empty sub-select gives NULL, although the outer aggregate ran
    assert q(cur, "select (select max(g.v) from e) from g") == [(None,)]


def test_explain_shows_grouping_sets(cur):
    cur.execute("explain (costs off) select a, b, sum(v) from g group by cube (a,b)")
    lines = [r[0] for r in cur.fetchall()]
    assert lines[:6] == ["GroupAggregate", "  Group Key: a, b", "  Group Key: a", "  Group Key: ()",
                         "  Sort Key: b", "    Group Key: b"]


def test_view_deparses_grouping_sets(cur):
    cur.execute("create view gv as select a, b, grouping(a,b), sum(v) from g group by rollup ((a,b),(b,v))")
    cur.execute("select pg_get_viewdef('gv'::regclass, true)")
    text = cur.fetchone()[0]
    assert "GROUPING(g.a, g.b)" in text
    assert "GROUP BY ROLLUP((g.a, g.b), (g.b, g.v))" in text


def test_expand_grouping_sets_order():
    # rollup(a, b) x cube(c): shortest first
    sets = expand_grouping_sets([_GSet("rollup", [_GSet("simple", [0]), _GSet("simple", [1])]),
                                 _GSet("cube", [_GSet("simple", [2])])], False, -1, [1, 2, 3])
    assert sorted(map(len, sets)) == [len(s) for s in sets]
    assert sorted(map(sorted, sets)) == sorted([[0, 1], [0, 1, 2], [0], [0, 2], [], [2]])
    assert expand_grouping_sets([_GSet("cube", [_GSet("simple", [i]) for i in range(13)])], False, 4096, []) \
        is None


def test_extract_rollup_sets_minimal_chains():
    # cube(a, b): {}, {a}, {b}, {a, b} -> two chains, the empty set in the first
    chains = extract_rollup_sets([[], [0], [1], [0, 1]])
    assert chains == [[[], [0], [0, 1]], [[1]]]
    assert reorder_grouping_sets(chains[0], []) == [[0, 1], [0], []]
    # ORDER BY b, a puts b first where the chain allows it
    assert reorder_grouping_sets([[1], [0, 1]], [1, 0]) == [[1, 0], [1]]

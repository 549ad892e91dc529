"""EXPLAIN (spec/07-executor.md, EXPLAIN): what it refuses, and the layout
of nested nodes.  Byte-for-byte agreement with PostgreSQL on simple plans is
pinned by tests/differential/corpus/14-explain.sql."""
import pytest

import pgref
from pgref.errors import PgError
from .sqlhelp import rows


@pytest.fixture
def s():
    conn = pgref.connect(":memory:", autocommit=True)
    sess = conn._session
    sess.execute("create table t (a int, b int)")
    sess.execute("create table u (x int, y int)")
    yield sess
    conn.close()


def plan(s, sql):
    return [r[0] for r in s.execute("explain (costs off) " + sql)[-1].rows]


@pytest.mark.parametrize("sql", ["explain (buffers) select 1", "explain (wal, analyze) select 1",
                                 "explain (costs off, format json) select 1"])
def test_refusals(s, sql):
    with pytest.raises(PgError) as e:
        s.execute(sql)
    assert e.value.sqlstate == "0A000"


def test_nested_layout(s):
    # PostgreSQL 15 prints exactly this for the same never-analyzed tables
    lines = plan(s, "select * from t join u on t.a = u.x where t.b > 0 order by u.y")
    assert lines == [
        "Sort",
        "  Sort Key: u.y",
        "  ->  Merge Join",
        "        Merge Cond: (t.a = u.x)",
        "        ->  Sort",
        "              Sort Key: t.a",
        "              ->  Seq Scan on t",
        "                    Filter: (b > 0)",
        "        ->  Sort",
        "              Sort Key: u.x",
        "              ->  Seq Scan on u",
    ]
    s.execute("set enable_mergejoin = off")
    # and with merge joins off: the filtered t (753 estimated rows) is hashed, u (2260) probes
    assert plan(s, "select * from t join u on t.a = u.x where t.b > 0 order by u.y") == [
        "Sort",
        "  Sort Key: u.y",
        "  ->  Hash Join",
        "        Hash Cond: (u.x = t.a)",
        "        ->  Seq Scan on u",
        "        ->  Hash",
        "              ->  Seq Scan on t",
        "                    Filter: (b > 0)",
    ]


def test_one_time_filter(s):
    assert plan(s, "select * from t where null::boolean") == ["Result", "  One-Time Filter: false"]


def vplan(s, sql):
    return [r[0] for r in s.execute("explain (verbose, costs off) " + sql)[-1].rows]


def test_verbose_scan_and_sort(s):
    # Output lines: prefixes only with more than one range-table entry;
    # Sort Key and scan Filter always prefixed; a resjunk sort column stays
    assert vplan(s, "select a, b + 1 from t where b > 3 order by a desc") == [
        "Sort",
        "  Output: a, ((b + 1))",
        "  Sort Key: t.a DESC",
        "  ->  Seq Scan on public.t",
        "        Output: a, (b + 1)",
        "        Filter: (t.b > 3)",
    ]


def test_verbose_aggregate_trivial_subquery(s):
    # the Subquery Scan that only hands on columns is removed
    # (trivial_subqueryscan); HashAggregate computes the DISTINCT
    assert vplan(s, "select count(*) from (select distinct a, b, a from t) ss") == [
        "Aggregate",
        "  Output: count(*)",
        "  ->  HashAggregate",
        "        Output: t.a, t.b, t.a",
        "        Group Key: t.a, t.b, t.a",
        "        ->  Seq Scan on public.t",
        "              Output: t.a, t.b, t.a",
    ]


def test_verbose_hash_input_and_append(s):
    # the outer scan keeps its physical tlist; the hashed side outputs only
    # what the query needs (CP_SMALL_TLIST), in order of appearance
    s.execute("set enable_mergejoin = off")     # as PostgreSQL, pgref merges two unanalyzed tables
    assert vplan(s, "select t.a, u.y from t join u on t.a = u.x") == [
        "Hash Join",
        "  Output: t.a, u.y",
        "  Hash Cond: (t.a = u.x)",
        "  ->  Seq Scan on public.t",
        "        Output: t.a, t.b",
        "  ->  Hash",
        "        Output: u.y, u.x",
        "        ->  Seq Scan on public.u",
        "              Output: u.y, u.x",
    ]
    assert vplan(s, "select a from t union all select x from u")[0] == "Append"
    assert not vplan(s, "select a from t union all select x from u")[1].strip().startswith("Output")


def test_initplan_and_subplans(s):
    assert plan(s, "select * from t where a > (select max(x) from u)") == [
        "Seq Scan on t",
        "  Filter: (a > $0)",
        "  InitPlan 1 (returns $0)",
        "    ->  Aggregate",
        "          ->  Seq Scan on u",
    ]
    assert plan(s, "select * from t where a not in (select x from u)") == [
        "Seq Scan on t",
        "  Filter: (NOT (hashed SubPlan 1))",
        "  SubPlan 1",
        "    ->  Seq Scan on u",
    ]
    # a correlated sub-select: its outer reference is prefixed, its
    # SubPlan follows the node's children
    assert vplan(s, "select a, (select y from u where u.x = t.a) from t order by b") == [
        "Sort",
        "  Output: t.a, ((SubPlan 1)), t.b",
        "  Sort Key: t.b",
        "  ->  Seq Scan on public.t",
        "        Output: t.a, (SubPlan 1), t.b",
        "        SubPlan 1",
        "          ->  Seq Scan on public.u",
        "                Output: u.y",
        "                Filter: (u.x = t.a)",
    ]


@pytest.fixture
def ix():
    conn = pgref.connect(":memory:", autocommit=True)
    sess = conn._session
    sess.execute("create table t (a int, b int, c text)")
    sess.execute("insert into t select g % 10, g, 'x' || g from generate_series(1, 50) g")
    sess.execute("insert into t values (null, 100, 'n')")
    sess.execute("create index t_ab on t (a, b)")
    yield sess
    conn.close()


def test_index_provides_order_with_limit(ix):
    assert plan(ix, "select a, b from t order by a, b limit 3") == [
        "Limit", "  ->  Index Only Scan using t_ab on t"]
    assert rows(ix, "select a, b from t order by a, b limit 3") == [(0, 10), (0, 20), (0, 30)]
    # a descending ORDER BY walks the index backward: NULLs first, as DESC sorts them
    assert plan(ix, "select * from t order by a desc, b desc limit 2") == [
        "Limit", "  ->  Index Scan Backward using t_ab on t"]
    assert rows(ix, "select * from t order by a desc, b desc limit 2") == [(None, 100, "n"), (9, 49, "x49")]
    # mixed directions cannot come from the index: a Sort stays
    assert plan(ix, "select * from t order by a, b desc limit 2")[1] == "  ->  Sort"


def test_index_order_after_equality_prefix(ix):
    assert plan(ix, "select * from t where a = 3 order by b desc") == [
        "Index Scan Backward using t_ab on t", "  Index Cond: (a = 3)"]
    assert [r[1] for r in rows(ix, "select * from t where a = 3 order by b desc")] == [43, 33, 23, 13, 3]


def test_enable_switches(ix):
    # without a LIMIT the Sort stays, unless enable_sort / enable_seqscan forbid it
    assert plan(ix, "select a from t order by a")[0] == "Sort"
    ix.execute("set enable_seqscan = off")
    assert plan(ix, "select a from t order by a") == ["Index Only Scan using t_ab on t"]
    assert len(rows(ix, "select a from t order by a")) == 51
    ix.execute("reset enable_seqscan")
    ix.execute("set enable_indexscan = off")
    assert plan(ix, "select * from t where a = 3") == ["Seq Scan on t", "  Filter: (a = 3)"]


def test_with_ties_ignores_sort_bound(s):
    s.execute("insert into t select 1, g from generate_series(1, 10) g")
    s.execute("insert into t values (0, 0), (2, 2)")
    got = rows(s, "select a from t order by a fetch first 2 rows with ties")
    assert got == [(0,)] + [(1,)] * 10
    with pytest.raises(PgError) as e:
        s.execute("select a from t order by a fetch first null rows with ties")
    assert e.value.sqlstate == "2201W"


def test_set_operations(s):
    # UNION: an Append under a HashAggregate keyed by the first branch's
    # columns; INTERSECT / EXCEPT: HashSetOp over the branches' Subquery Scans
    assert plan(s, "select a from t union select x from u union select y from u") == [
        "HashAggregate",
        "  Group Key: t.a",
        "  ->  Append",
        "        ->  Seq Scan on t",
        "        ->  Seq Scan on u",
        "        ->  Seq Scan on u u_1",
    ]
    assert plan(s, "select a from t intersect all select x from u") == [
        "HashSetOp Intersect All",
        "  ->  Append",
        '        ->  Subquery Scan on "*SELECT* 1"',
        "              ->  Seq Scan on t",
        '        ->  Subquery Scan on "*SELECT* 2"',
        "              ->  Seq Scan on u",
    ]
    lines = plan(s, "select x from (values (1), (2)) _(x) union select x from (values (3)) _(x)")
    assert lines[1] == '  Group Key: "*VALUES*".column1'
    assert lines[-1] == '        ->  Values Scan on "*VALUES*_1"'


def test_verbose_project_set_and_modify(s):
    assert vplan(s, "select generate_series(1, 3) as g order by g desc") == [
        "Sort",
        "  Output: (generate_series(1, 3))",
        "  Sort Key: (generate_series(1, 3)) DESC",
        "  ->  ProjectSet",
        "        Output: generate_series(1, 3)",
        "        ->  Result",
    ]
    assert vplan(s, "update t set b = a + 1 where b > 0 returning a, b") == [
        "Update on public.t",
        "  Output: a, b",
        "  ->  Seq Scan on public.t",
        "        Output: (a + 1), ctid",
        "        Filter: (t.b > 0)",
    ]
    # UPDATE SET (a, b) = (SELECT ...): one Param per column, the SubPlan a junk entry
    assert vplan(s, "update t set (a, b) = (select y, x from u where u.x = t.a)") == [
        "Update on public.t",
        "  ->  Seq Scan on public.t",
        "        Output: $1, $2, (SubPlan 1 (returns $1,$2)), t.ctid",
        "        SubPlan 1 (returns $1,$2)",
        "          ->  Seq Scan on public.u",
        "                Output: u.y, u.x",
        "                Filter: (u.x = t.a)",
    ]


def test_subquery_scan_shown_only_when_it_works(s):
    # it computes x + 1: shown; it hands on its one column: removed
    assert plan(s, "select x + 1 from (select distinct a as x from t) ss") == [
        "Subquery Scan on ss", "  ->  HashAggregate", "        Group Key: t.a", "        ->  Seq Scan on t"]
    assert plan(s, "select * from (select distinct a as x from t) ss") == [
        "HashAggregate", "  Group Key: t.a", "  ->  Seq Scan on t"]


def test_constant_arrays_fold(s):
    assert plan(s, "select * from t where a in (1, 42, 7)") == [
        "Seq Scan on t", "  Filter: (a = ANY ('{1,42,7}'::integer[]))"]


def test_boolean_index_quals():
    conn = pgref.connect(":memory:", autocommit=True)
    s = conn._session
    try:
        s.execute("create table bi (b bool, i int, unique (b, i))")
        s.execute("insert into bi select g % 2 = 0, g from generate_series(1, 20) g")
        assert plan(s, "select * from bi where not b order by i limit 3") == [
            "Limit", "  ->  Index Only Scan using bi_b_i_key on bi", "        Index Cond: (b = false)"]
        assert [r[1] for r in s.execute("select * from bi where b is true order by i desc limit 3")[-1].rows] \
            == [20, 18, 16]
    finally:
        conn.close()


def test_initplans_hang_off_the_levels_top_node(s):
    # SS_attach_initplans; range-table names follow plan numbers (the target
    # list's sub-select is planned first, so its u keeps the plain name)
    assert plan(s, "select a, (select max(x) from u) from t where b < (select min(y) from u) order by b") == [
        "Sort",
        "  Sort Key: t.b",
        "  InitPlan 1 (returns $0)",
        "    ->  Aggregate",
        "          ->  Seq Scan on u",
        "  InitPlan 2 (returns $1)",
        "    ->  Aggregate",
        "          ->  Seq Scan on u u_1",
        "  ->  Seq Scan on t",
        "        Filter: (b < $1)",
    ]


def test_costs_are_postgresql_s(s):
    """The numbers PostgreSQL 15 prints for the same never-analyzed tables
    (ten pages assumed; planner/costsize.py)."""
    got = [r[0] for r in s.execute("explain select * from t join u on t.a = u.x where t.b > 0 order by u.y")[-1].rows]
    assert got == [
        "Sort  (cost=919.55..940.82 rows=8509 width=16)",
        "  Sort Key: u.y",
        "  ->  Merge Join  (cost=232.74..364.14 rows=8509 width=16)",
        "        Merge Cond: (t.a = u.x)",
        "        ->  Sort  (cost=74.23..76.11 rows=753 width=8)",
        "              Sort Key: t.a",
        "              ->  Seq Scan on t  (cost=0.00..38.25 rows=753 width=8)",
        "                    Filter: (b > 0)",
        "        ->  Sort  (cost=158.51..164.16 rows=2260 width=8)",
        "              Sort Key: u.x",
        "              ->  Seq Scan on u  (cost=0.00..32.60 rows=2260 width=8)",
    ]
    s.execute("set enable_mergejoin = off")
    got = [r[0] for r in s.execute("explain select * from t join u on t.a = u.x where t.b > 0 order by u.y")[-1].rows]
    assert got == [
        "Sort  (cost=938.29..959.57 rows=8509 width=16)",
        "  Sort Key: u.y",
        "  ->  Hash Join  (cost=47.66..382.88 rows=8509 width=16)",
        "        Hash Cond: (u.x = t.a)",
        "        ->  Seq Scan on u  (cost=0.00..32.60 rows=2260 width=8)",
        "        ->  Hash  (cost=38.25..38.25 rows=753 width=8)",
        "              ->  Seq Scan on t  (cost=0.00..38.25 rows=753 width=8)",
        "                    Filter: (b > 0)",
    ]
    got = [r[0] for r in s.execute("explain select * from t, u")[-1].rows]
    assert got == [
        "Nested Loop  (cost=0.00..63915.85 rows=5107600 width=16)",
        "  ->  Seq Scan on t  (cost=0.00..32.60 rows=2260 width=8)",
        "  ->  Materialize  (cost=0.00..43.90 rows=2260 width=8)",
        "        ->  Seq Scan on u  (cost=0.00..32.60 rows=2260 width=8)",
    ]

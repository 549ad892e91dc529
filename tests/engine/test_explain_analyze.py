"""EXPLAIN ANALYZE (spec/07-executor.md, "EXPLAIN ANALYZE"): the statement
really runs, each node shows its rows and loops as PostgreSQL 15 prints
them, the counters shown under a node, and the options' rules.  The
expected texts were checked against PostgreSQL 15."""
import re

import pytest

import pgref
from pgref.errors import PgError

OFF = "explain (analyze, costs off, summary off, timing off) "


@pytest.fixture
def s():
    conn = pgref.connect(":memory:", autocommit=True)
    sess = conn._session
    sess.execute("create table t (a int, b int)")
    sess.execute("create table u (x int, y int)")
    sess.execute("insert into t select g, g % 10 from generate_series(1, 100) g")
    sess.execute("insert into u select g, g from generate_series(1, 20) g")
    sess.execute("create index t_a on t(a)")
    yield sess
    conn.close()


def plan(s, sql, prefix=OFF):
    return [r[0] for r in s.execute(prefix + sql)[-1].rows]


def test_filter_counts(s):
    assert plan(s, "select * from t where b > 5") == [
        "Seq Scan on t (actual rows=40 loops=1)",
        "  Filter: (b > 5)",
        "  Rows Removed by Filter: 60",
    ]


def test_no_removed_line_when_nothing_removed(s):
    assert plan(s, "select * from t where b >= 0") == [
        "Seq Scan on t (actual rows=100 loops=1)",
        "  Filter: (b >= 0)",
    ]


def test_hash_aggregate(s):
    assert plan(s, "select b, count(*) from t group by b") == [
        "HashAggregate (actual rows=10 loops=1)",
        "  Group Key: b",
        "  Batches: 1  Memory Usage: 24kB",
        "  ->  Seq Scan on t (actual rows=100 loops=1)",
    ]


def test_sort_method(s):
    lines = plan(s, "select * from t order by b")
    assert lines[0] == "Sort (actual rows=100 loops=1)"
    assert lines[1] == "  Sort Key: b"
    assert re.fullmatch(r"  Sort Method: quicksort  Memory: \d+kB", lines[2])
    assert lines[3] == "  ->  Seq Scan on t (actual rows=100 loops=1)"


def test_index_scan_filter_and_heap_fetches(s):
    s.execute("set enable_seqscan = off")        # 100 rows on one page: PostgreSQL reads the table too
    assert plan(s, "select * from t where a = 1 and b is null") == [
        "Index Scan using t_a on t (actual rows=0 loops=1)",
        "  Index Cond: (a = 1)",
        "  Filter: (b IS NULL)",
        "  Rows Removed by Filter: 1",
    ]
    assert plan(s, "select a from t where a < 3") == [
        "Index Only Scan using t_a on t (actual rows=2 loops=1)",
        "  Index Cond: (a < 3)",
        "  Heap Fetches: 2",
    ]


def test_subplan_loops_and_initplan(s):
    lines = plan(s, "select * from t where a = (select max(x) from u) or b in (select y from u where y = t.a)")
    assert lines[0] == "Seq Scan on t (actual rows=10 loops=1)"
    assert lines[2] == "  Rows Removed by Filter: 90"
    assert lines[3:6] == [
        "  InitPlan 1 (returns $0)",
        "    ->  Aggregate (actual rows=1 loops=1)",
        "          ->  Seq Scan on u (actual rows=20 loops=1)",
    ]
    assert lines[6] == "  SubPlan 2"
    # the correlated sub-select runs once per row the OR did not decide
    assert lines[7] == "    ->  Seq Scan on u u_1 (actual rows=0 loops=99)"


def test_hash_join_shows_hash_node(s):
    s.execute("set enable_mergejoin = off")     # as PostgreSQL, pgref merges two unanalyzed tables
    lines = plan(s, "select * from t join u on t.a = u.x")
    # PostgreSQL 15's output: t's 100 rows (known since CREATE INDEX) are
    # hashed, the never-analyzed u (estimated 2260) probes
    assert lines == [
        "Hash Join (actual rows=20 loops=1)",
        "  Hash Cond: (u.x = t.a)",
        "  ->  Seq Scan on u (actual rows=20 loops=1)",
        "  ->  Hash (actual rows=100 loops=1)",
        "        Buckets: 1024  Batches: 1  Memory Usage: 12kB",
        "        ->  Seq Scan on t (actual rows=100 loops=1)",
    ]


def test_join_filter_counts(s):
    s.execute("set enable_mergejoin = off")
    lines = plan(s, "select * from t left join u on t.a = u.x and u.y > t.b where t.a < 5")
    assert lines[:4] == [                      # PostgreSQL hashes the smaller filtered t too
        "Hash Right Join (actual rows=4 loops=1)",
        "  Hash Cond: (u.x = t.a)",
        "  Join Filter: (u.y > t.b)",
        "  Rows Removed by Join Filter: 4",
    ]


def test_never_executed(s):
    assert plan(s, "create table z as select generate_series(1, 3) with no data") == [
        "ProjectSet (never executed)",
        "  ->  Result (never executed)",
    ]
    assert s.execute("select count(*) from z")[-1].rows == [(0,)]


def test_create_table_as_fills_table(s):
    assert plan(s, "create table z as select generate_series(1, 3)") == [
        "ProjectSet (actual rows=3 loops=1)",
        "  ->  Result (actual rows=1 loops=1)",
    ]
    assert s.execute("select count(*) from z")[-1].rows == [(3,)]
    # IF NOT EXISTS of an existing table: no plan, a notice
    assert plan(s, "create table if not exists z as select 1 / 0") == []
    with pytest.raises(PgError) as e:
        plan(s, "create table z as select 1 / 0")
    assert e.value.sqlstate == "42P07"


def test_modification_really_happens(s):
    lines = plan(s, "delete from u where x > 15")
    assert lines == [
        "Delete on u (actual rows=0 loops=1)",
        "  ->  Seq Scan on u (actual rows=5 loops=1)",
        "        Filter: (x > 15)",
        "        Rows Removed by Filter: 15",
    ]
    assert s.execute("select count(*) from u")[-1].rows == [(15,)]
    assert plan(s, "update u set y = 0 where x = 1 returning *")[0] == "Update on u (actual rows=1 loops=1)"
    assert s.execute("select y from u where x = 1")[-1].rows == [(0,)]


def test_modification_rolls_back_with_transaction(s):
    s.execute("begin")
    plan(s, "insert into u values (100, 100)")
    s.execute("rollback")
    assert s.execute("select count(*) from u where x = 100")[-1].rows == [(0,)]


def test_timing_and_summary(s):
    lines = plan(s, "select * from u", prefix="explain (analyze, costs off) ")
    assert re.fullmatch(r"Seq Scan on u \(actual time=\d+\.\d{3}\.\.\d+\.\d{3} rows=20 loops=1\)", lines[0])
    assert re.fullmatch(r"Planning Time: \d+\.\d{3} ms", lines[1])
    assert re.fullmatch(r"Execution Time: \d+\.\d{3} ms", lines[2])
    assert len(lines) == 3


def test_options(s):
    with pytest.raises(PgError) as e:
        s.execute("explain (timing on, costs off) select 1")
    assert e.value.sqlstate == "22023"
    assert e.value.message == "EXPLAIN option TIMING requires ANALYZE"
    with pytest.raises(PgError) as e:
        s.execute("explain (analyze, buffers, costs off) select 1")
    assert e.value.sqlstate == "0A000"
    # SUMMARY without ANALYZE: the planning time only
    lines = plan(s, "select 1", prefix="explain (costs off, summary) ")
    assert lines[0] == "Result"
    assert re.fullmatch(r"Planning Time: \d+\.\d{3} ms", lines[1])


def test_plain_execution_not_instrumented(s):
    """Without an Instrument run_plan hands back the node's own runner
    (no wrapper, no counting)."""
    from pgref.executor.run import Instrument, run_plan
    from pgref.sql.parser import parse_one
    s.execute("begin")
    try:
        planned = s.plan(parse_one("select * from u"))
        ectx = s.exec_context()
        assert run_plan(planned.plan, ectx).gi_code.co_name.startswith("run_")
        ectx.instrument = Instrument(timing=False)
        it = run_plan(planned.plan, ectx)
        assert it.gi_code.co_name == "_instrumented"
        assert sum(len(b) for b in it) == 20
        st = ectx.instrument.get(planned.plan)
        assert (st.loops, st.rows, st.startup, st.total) == (1, 20, 0.0, 0.0)
    finally:
        s.execute("rollback")


def test_limit_counts_rows_fetched(s):
    # the child ran a whole batch; shown: the rows the Limit fetched
    assert plan(s, "select * from t limit 5 offset 2") == [
        "Limit (actual rows=5 loops=1)",
        "  ->  Seq Scan on t (actual rows=7 loops=1)",
    ]
    assert plan(s, "select * from t limit 0") == [
        "Limit (actual rows=0 loops=1)",
        "  ->  Seq Scan on t (never executed)",
    ]
    lines = plan(s, "select * from t order by b fetch first 2 rows with ties")
    assert lines[:2] == ["Limit (actual rows=10 loops=1)", "  ->  Sort (actual rows=11 loops=1)"]


def test_top_n_heapsort(s):
    assert plan(s, "select * from t order by b limit 3") == [
        "Limit (actual rows=3 loops=1)",
        "  ->  Sort (actual rows=3 loops=1)",
        "        Sort Key: b",
        "        Sort Method: top-N heapsort  Memory: 25kB",
        "        ->  Seq Scan on t (actual rows=100 loops=1)",
    ]

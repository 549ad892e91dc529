"""EXPLAIN (spec/07-executor.md, EXPLAIN): what it refuses, and the layout
of nested nodes.  Byte-for-byte agreement with PostgreSQL on simple plans is
pinned by tests/differential/corpus/14-explain.sql."""
import pytest

import pgref
from pgref.errors import PgError


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


@pytest.mark.parametrize("sql", ["explain select 1", "explain analyze select 1",
                                 "explain (costs off, verbose) select 1",
                                 "explain (costs off, format json) select 1",
                                 "explain (costs off) select * from t where a in (select x from u)"])
def test_refusals(s, sql):
    with pytest.raises(PgError) as e:
        s.execute(sql)
    assert e.value.sqlstate == "0A000"


def test_nested_layout(s):
    lines = plan(s, "select * from t join u on t.a = u.x where t.b > 0 order by u.y")
    assert lines == [
        "Sort",
        "  Sort Key: u.y",
        "  ->  Hash Join",
        "        Hash Cond: (t.a = u.x)",
        "        ->  Seq Scan on t",
        "              Filter: (b > 0)",
        "        ->  Hash",
        "              ->  Seq Scan on u",
    ]


def test_one_time_filter(s):
    assert plan(s, "select * from t where null::boolean") == ["Result", "  One-Time Filter: false"]

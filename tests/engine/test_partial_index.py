"""Partial indexes (spec/07-executor.md, "Partial indexes"): an index holds
exactly the rows its predicate accepts, a unique partial index constrains
only those rows, the planner uses one only when the query's conjuncts prove
the predicate (planner/predtest.py), and the predicate survives a restart."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pgref
from pgref.errors import PgError
from .sqlhelp import rows


def plan(s, sql):
    return [r[0] for r in rows(s, "explain (costs off) " + sql)]


def index_entries(s, name):
    for rel in s.db.cat.relations.values():
        for idx in rel.indexes:
            if idx.name == name:
                return sorted(k for k, _ in s.db.index(idx.oid).bt.scan(None, True, None, True))
    raise KeyError(name)


def setup(s):
    s.execute("create table p (a int, b text, c int)")
    s.execute("insert into p select g, 'x' || (g % 7), g % 3 from generate_series(1, 500) g")
    s.execute("create index p_a_prtl on p (a int4_ops) where a < 20 or a > 480")
    s.execute("create index p_c_prtl on p (c) where b < 'x3'")


def test_index_holds_only_accepted_rows(s):
    setup(s)
    keys = [k[0] for k in index_entries(s, "p_a_prtl")]
    assert keys == list(range(1, 20)) + list(range(481, 501))
    s.execute("insert into p values (10000, 'q', 0), (5, 'q', 0)")
    s.execute("update p set a = 600 where a = 200")
    keys = [k[0] for k in index_entries(s, "p_a_prtl")]
    assert 5 in keys and 600 in keys and 10000 in keys and 200 not in keys


def test_planner_uses_partial_index_only_when_implied(s):
    setup(s)
    # by cost a third of 500 rows is a sequential scan (as in PostgreSQL) ...
    assert plan(s, "select * from p where a < 10") == ["Seq Scan on p", "  Filter: (a < 10)"]
    # ... but the one-row probe below uses the partial index; and with
    # sequential scans off the index serves exactly the implied queries
    assert plan(s, "select * from p where c = 1 and b < 'x3'") == [
        "Index Scan using p_c_prtl on p", "  Index Cond: (c = 1)"]
    s.execute("set enable_seqscan = off")
    s.execute("set enable_bitmapscan = off")
    assert plan(s, "select * from p where a < 10") == ["Index Scan using p_a_prtl on p", "  Index Cond: (a < 10)"]
    assert plan(s, "select * from p where a < 30")[0] == "Seq Scan on p"
    # the predicate b < 'x3' follows from b = 'x1' (kept as a filter) ...
    assert plan(s, "select * from p where c = 1 and b = 'x1'") == [
        "Index Scan using p_c_prtl on p", "  Index Cond: (c = 1)", "  Filter: (b = 'x1'::text)"]
    # ... and b < 'x3' itself needs no recheck
    assert plan(s, "select * from p where c = 1 and b < 'x3'") == [
        "Index Scan using p_c_prtl on p", "  Index Cond: (c = 1)"]
    assert plan(s, "select * from p where c = 1")[0] == "Seq Scan on p"


@settings(max_examples=40, deadline=None)
@given(st.integers(-5, 505), st.sampled_from(["<", "<=", "=", ">=", ">"]))
def test_partial_scan_answers_like_seq_scan(lim, op):
    conn = pgref.connect(":memory:", autocommit=True)
    s = conn._session
    try:
        setup(s)
        got = sorted(rows(s, f"select a from p where a {op} {lim} and (a < 20 or a > 480)"))
        s.execute("set enable_indexscan = off")
        want = sorted(rows(s, f"select a from p where a {op} {lim} and (a < 20 or a > 480)"))
        assert got == want
    finally:
        conn.close()


def test_unique_partial_index_constrains_only_its_rows(s):
    s.execute("create table u (k int, active bool)")
    s.execute("create unique index u_active on u (k) where active")
    s.execute("insert into u values (1, true), (1, false), (1, false)")
    with pytest.raises(PgError) as e:
        s.execute("insert into u values (1, true)")
    assert e.value.sqlstate == "23505"
    # a row entering the predicate with an unchanged key is checked too
    with pytest.raises(PgError):
        s.execute("update u set active = true where not active")


def test_predicate_rules(s):
    s.execute("create table r (a int)")
    for sql, state, msg in [
        ("create index on r (a) where random() > 0.5", "42P17",
         "functions in index predicate must be marked IMMUTABLE"),
        ("create index on r (a) where a in (select 1)", "0A000", "cannot use subquery in index predicate"),
        ("create index on r (a) where sum(a) > 1", "42803", "aggregate functions are not allowed in index predicates"),
        ("create index on r (a nosuch_ops)", "42704", 'operator class "nosuch_ops" does not exist for access method "btree"'),
        ("create index on r (a text_ops)", "42804", 'operator class "text_ops" does not accept data type integer'),
    ]:
        with pytest.raises(PgError) as e:
            s.execute(sql)
        assert (e.value.sqlstate, e.value.message) == (state, msg)


def test_predicate_survives_restart(tmp_path):
    conn = pgref.connect(str(tmp_path / "data"), autocommit=True)
    setup(conn._session)
    conn.close()
    conn = pgref.connect(str(tmp_path / "data"), autocommit=True)
    s = conn._session
    try:
        assert rows(s, "select pg_get_indexdef('p_a_prtl'::regclass)") == [
            ("CREATE INDEX p_a_prtl ON public.p USING btree (a) WHERE ((a < 20) OR (a > 480))",)]
        s.execute("insert into p values (2000, 'z', 1), (300, 'z', 1)")
        keys = [k[0] for k in index_entries(s, "p_a_prtl")]
        assert 2000 in keys and 300 not in keys
        s.execute("set enable_seqscan = off")      # the index is chosen for the predicate, not by size
        s.execute("set enable_bitmapscan = off")
        assert plan(s, "select * from p where a > 490")[0] == "Index Scan using p_a_prtl on p"
    finally:
        conn.close()

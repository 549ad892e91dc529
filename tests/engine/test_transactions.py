"""Transactions, savepoints and statement atomicity (spec/08-mvcc.md)."""
import pytest

import pgref
from pgref.errors import PgError
from .sqlhelp import rows


def test_rollback_undoes_dml(s):
    s.execute("create table t (a int primary key, b text)")
    s.execute("insert into t values (1, 'x')")
    s.execute("begin")
    s.execute("insert into t values (2, 'y')")
    s.execute("update t set b = 'z' where a = 1")
    assert rows(s, "select a, b from t order by a") == [(1, "z"), (2, "y")]
    s.execute("rollback")
    assert rows(s, "select a, b from t order by a") == [(1, "x")]


def test_failed_statement_is_atomic(s):
    s.execute("create table t (a int primary key)")
    s.execute("insert into t values (1), (2)")
    with pytest.raises(PgError) as e:
        s.execute("insert into t values (3), (1)")
    assert e.value.sqlstate == "23505"
    assert rows(s, "select count(*) from t") == [(2,)]


def test_failed_block_rejects_until_rollback(s):
    s.execute("begin")
    with pytest.raises(PgError):
        s.execute("select 1/0")
    assert s.transaction_status == "E"
    with pytest.raises(PgError) as e:
        s.execute("select 1")
    assert e.value.sqlstate == "25P02"
    assert e.value.message == "current transaction is aborted, commands ignored until end of transaction block"
    assert s.execute("rollback")[0].tag == "ROLLBACK"
    assert s.transaction_status == "I"


def test_commit_of_failed_block_rolls_back(s):
    s.execute("create table t (a int)")
    s.execute("begin")
    s.execute("insert into t values (1)")
    with pytest.raises(PgError):
        s.execute("select nosuchcolumn from t")
    assert s.execute("commit")[0].tag == "ROLLBACK"
    assert rows(s, "select count(*) from t") == [(0,)]


def test_savepoints(s):
    s.execute("create table t (a int)")
    s.execute("begin")
    s.execute("insert into t values (1)")
    s.execute("savepoint sp1")
    s.execute("insert into t values (2)")
    s.execute("savepoint sp2")
    s.execute("insert into t values (3)")
    s.execute("rollback to savepoint sp2")
    s.execute("insert into t values (4)")
    s.execute("rollback to sp1")
    s.execute("insert into t values (5)")
    s.execute("release sp1")
    s.execute("commit")
    assert rows(s, "select a from t order by a") == [(1,), (5,)]


def test_rollback_to_recovers_failed_block(s):
    s.execute("create table t (a int)")
    s.execute("begin")
    s.execute("savepoint a")
    with pytest.raises(PgError):
        s.execute("insert into t values ('x')")
    s.execute("rollback to a")
    s.execute("insert into t values (7)")
    s.execute("commit")
    assert rows(s, "select a from t") == [(7,)]


def test_ddl_rollback(s):
    s.execute("create table keep (a int)")
    s.execute("begin")
    s.execute("create table gone (a int)")
    s.execute("drop table keep")
    s.execute("rollback")
    assert rows(s, "select count(*) from keep") == [(0,)]
    with pytest.raises(PgError) as e:
        s.execute("select * from gone")
    assert e.value.sqlstate == "42P01"


def test_statement_does_not_see_its_own_inserts(s):
    s.execute("create table t (a int)")
    s.execute("insert into t values (1), (2)")
    s.execute("insert into t select a + 10 from t")
    assert rows(s, "select a from t order by a") == [(1,), (2,), (11,), (12,)]


def test_multi_statement_string_is_one_transaction(s):
    s.execute("create table t (a int primary key)")
    with pytest.raises(PgError):
        s.execute("insert into t values (1); insert into t values (1)")
    assert rows(s, "select count(*) from t") == [(0,)]


def test_repeatable_read_keeps_snapshot():
    c1 = pgref.connect(":memory:", autocommit=True)
    s1 = c1._session
    from pgref.engine.session import Session
    s2 = Session(s1.db)
    s1.execute("create table t (a int)")
    s2.execute("begin isolation level repeatable read")
    assert rows(s2, "select count(*) from t") == [(0,)]
    s1.execute("insert into t values (1)")
    assert rows(s2, "select count(*) from t") == [(0,)]
    s2.execute("commit")
    assert rows(s2, "select count(*) from t") == [(1,)]
    c1.close()


def test_read_committed_sees_new_commits():
    c1 = pgref.connect(":memory:", autocommit=True)
    s1 = c1._session
    from pgref.engine.session import Session
    s2 = Session(s1.db)
    s1.execute("create table t (a int)")
    s2.execute("begin")
    s1.execute("begin")
    s1.execute("insert into t values (1)")
    assert rows(s2, "select count(*) from t") == [(0,)]   # not yet committed
    s1.execute("commit")
    assert rows(s2, "select count(*) from t") == [(1,)]
    s2.execute("commit")
    c1.close()

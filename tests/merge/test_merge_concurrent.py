"""MERGE meeting a target row a concurrent transaction changed: it waits,
then (read committed) re-checks the join condition and WHEN clauses on the
newest version -- as UPDATE's EvalPlanQual does -- or (repeatable read)
fails with 40001 (spec/07-executor.md, "MERGE"; spec/08-mvcc.md, "Row-level
waits").  Two in-process sessions, the second in a thread."""
import threading

import pytest

import pgref
from pgref.engine.session import Session
from pgref.errors import PgError


@pytest.fixture
def pair():
    conn = pgref.connect(":memory:", autocommit=True)
    a = conn._session
    b = Session(a.db)
    a.execute("create table t (id int primary key, v int); create table s (id int, d int)")
    a.execute("insert into t values (1, 0), (2, 0); insert into s values (1, 10), (2, 10)")
    yield a, b
    b.close()
    conn.close()


class Bg:
    """Run one statement in a thread; .result is its Result or PgError."""

    def __init__(self, session, sql):
        self.result = None
        self.thread = threading.Thread(target=self._run, args=(session, sql), daemon=True)
        self.thread.start()

    def _run(self, session, sql):
        try:
            self.result = session.execute(sql)[-1]
        except PgError as e:
            self.result = e

    def blocked(self, wait=0.3) -> bool:
        self.thread.join(wait)
        return self.thread.is_alive()

    def join(self):
        self.thread.join(10)
        assert not self.thread.is_alive(), "statement still waiting"
        return self.result


def v(a, id_):
    return a.execute(f"select v from t where id = {id_}")[-1].rows[0][0]


def test_merge_update_waits_then_updates_newest_version(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = v + 1 where id = 1")
    bg = Bg(b, "merge into t using s on t.id = s.id and s.id = 1 when matched then update set v = t.v + s.d")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "MERGE 1"
    assert v(a, 1) == 11


def test_merge_rechecks_when_clause_on_new_version(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = 5 where id = 2")
    bg = Bg(b, "merge into t using s on t.id = s.id when matched and t.v = 0 then update set v = 100")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "MERGE 1"              # row 1 only: row 2 no longer qualifies
    assert (v(a, 1), v(a, 2)) == (100, 5)


def test_merge_delete_of_concurrently_deleted_row_skips(pair):
    a, b = pair
    a.execute("begin")
    a.execute("delete from t where id = 1")
    bg = Bg(b, "merge into t using s on t.id = s.id when matched then delete")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "MERGE 1"
    assert a.execute("select count(*) from t")[-1].rows == [(0,)]


def test_merge_repeatable_read_fails(pair):
    a, b = pair
    b.execute("begin isolation level repeatable read")
    b.execute("select 1 from t")
    a.execute("update t set v = 7 where id = 1")
    with pytest.raises(PgError) as e:
        b.execute("merge into t using s on t.id = s.id when matched then update set v = 1")
    assert e.value.sqlstate == "40001"
    b.execute("rollback")


def test_merge_rechooses_action_on_new_version(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = 5 where id = 2")
    bg = Bg(b, "merge into t using s on t.id = s.id when matched and t.v = 0 then update set v = 100 "
               "when matched then delete")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "MERGE 2"
    assert a.execute("select * from t order by id")[-1].rows == [(1, 100)]


def test_merge_row_no_longer_joining_goes_to_not_matched(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set id = 10 where id = 1")
    bg = Bg(b, "merge into t using s on t.id = s.id when matched then update set v = 1 "
               "when not matched then insert values (s.id + 100, 0)")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "MERGE 2"
    assert a.execute("select * from t order by id")[-1].rows == [(2, 1), (10, 0), (101, 0)]


def test_merge_concurrently_deleted_row_goes_to_not_matched(pair):
    a, b = pair
    a.execute("begin")
    a.execute("delete from t where id = 2")
    bg = Bg(b, "merge into t using s on t.id = s.id when matched then update set v = 1 "
               "when not matched then insert values (s.id, -1)")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "MERGE 2"
    assert a.execute("select * from t order by id")[-1].rows == [(1, 1), (2, -1)]

"""Row-level waits: an UPDATE/DELETE that meets a row changed by a running
transaction waits for it, then (read committed) re-checks the newest
version -- EvalPlanQual -- or (repeatable read) fails with 40001; a wait
that would close a cycle fails with 40P01 (spec/08-mvcc.md, "Row-level
waits", INV-MVCC-5..7).  Two in-process sessions, the second in a thread."""
import threading
import time

import pytest

import pgref
from pgref.engine.session import Session
from pgref.errors import PgError
from .sqlhelp import rows


@pytest.fixture
def pair():
    conn = pgref.connect(":memory:", autocommit=True)
    a = conn._session
    b = Session(a.db)
    a.execute("create table t (id int primary key, v int)")
    a.execute("insert into t values (1, 0), (2, 0), (3, 0)")
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


def test_update_waits_for_commit_then_updates_newest_version(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = v + 1 where id = 1")
    bg = Bg(b, "update t set v = v + 10 where id = 1")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "UPDATE 1"
    assert rows(a, "select v from t where id = 1") == [(11,)]


def test_update_waits_for_abort_then_updates_original(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = 100 where id = 1")
    bg = Bg(b, "update t set v = v + 10 where id = 1")
    assert bg.blocked()
    a.execute("rollback")
    assert bg.join().tag == "UPDATE 1"
    assert rows(a, "select v from t where id = 1") == [(10,)]


def test_epq_rechecks_where_on_new_version(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = 5 where id = 2")
    bg = Bg(b, "update t set v = v + 1 where v = 0 returning id, v")
    assert bg.blocked()
    a.execute("commit")
    r = bg.join()
    # row 2 no longer has v = 0: it is skipped, the others are updated
    assert sorted(r.rows) == [(1, 1), (3, 1)]
    assert rows(a, "select id, v from t order by id") == [(1, 1), (2, 5), (3, 1)]


def test_epq_recomputes_set_list_from_new_version(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = 7 where id = 3")
    bg = Bg(b, "update t set v = v * 2 where id = 3 returning v")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().rows == [(14,)]


def test_delete_of_concurrently_deleted_row_deletes_nothing(pair):
    a, b = pair
    a.execute("begin")
    a.execute("delete from t where id = 1")
    bg = Bg(b, "delete from t where id = 1")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "DELETE 0"


def test_delete_follows_update_chain(pair):
    a, b = pair
    a.execute("begin")
    a.execute("update t set v = 9 where id = 1")
    bg = Bg(b, "delete from t where id = 1 returning v")
    assert bg.blocked()
    a.execute("commit")
    r = bg.join()
    assert r.tag == "DELETE 1" and r.rows == [(9,)]
    assert rows(a, "select count(*) from t where id = 1") == [(0,)]


def test_repeatable_read_fails_after_concurrent_commit(pair):
    a, b = pair
    b.execute("begin isolation level repeatable read")
    assert rows(b, "select v from t where id = 1") == [(0,)]
    a.execute("begin")
    a.execute("update t set v = 1 where id = 1")
    bg = Bg(b, "update t set v = 2 where id = 1")
    assert bg.blocked()
    a.execute("commit")
    err = bg.join()
    assert isinstance(err, PgError) and err.sqlstate == "40001"
    assert err.message == "could not serialize access due to concurrent update"
    b.execute("rollback")


def test_repeatable_read_proceeds_after_concurrent_abort(pair):
    a, b = pair
    b.execute("begin isolation level repeatable read")
    rows(b, "select 1")
    a.execute("begin")
    a.execute("update t set v = 1 where id = 1")
    bg = Bg(b, "update t set v = 2 where id = 1")
    assert bg.blocked()
    a.execute("rollback")
    assert bg.join().tag == "UPDATE 1"
    b.execute("commit")
    assert rows(a, "select v from t where id = 1") == [(2,)]


def test_repeatable_read_already_committed_update(pair):
    a, b = pair
    b.execute("begin isolation level repeatable read")
    rows(b, "select 1")
    a.execute("update t set v = 1 where id = 1")
    with pytest.raises(PgError) as e:
        b.execute("delete from t where id = 1")
    assert e.value.sqlstate == "40001"
    b.execute("rollback")


def test_deadlock_detected(pair):
    a, b = pair
    a.execute("begin")
    b.execute("begin")
    a.execute("update t set v = 1 where id = 1")
    b.execute("update t set v = 2 where id = 2")
    bg = Bg(a, "update t set v = 1 where id = 2")
    assert bg.blocked()
    with pytest.raises(PgError) as e:
        b.execute("update t set v = 2 where id = 1")
    assert e.value.sqlstate == "40P01"
    assert e.value.message == "deadlock detected"
    assert "waits for ShareLock on transaction" in e.value.detail
    b.execute("rollback")
    assert bg.join().tag == "UPDATE 1"
    a.execute("commit")
    assert rows(a, "select id, v from t order by id") == [(1, 1), (2, 1), (3, 0)]


def test_select_for_share_style_lock_only_waits(pair):
    """A row locked (xmax lock-only) by a running transaction is waited for too."""
    a, b = pair
    a.execute("begin")
    tid = a.db.heap(a.db.cat.lookup_relation(None, "t", a.search_path()).oid)
    hdr_tid = next(t for t, h, v in tid.scan() if v[0] == 3)
    assert tid.lock_tuple(hdr_tid, a.xact.current_xid, a.xact.cid, "update", a.xid_status).name == "Ok"
    bg = Bg(b, "update t set v = 4 where id = 3")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "UPDATE 1"


def test_many_concurrent_increments_are_not_lost(pair):
    a, _ = pair
    sessions = [Session(a.db) for _ in range(4)]
    errors = []

    def work(s):
        for _ in range(15):
            try:
                s.execute("begin")
                s.execute("update t set v = v + 1 where id = 1")
                s.execute("update t set v = v + 1 where id = 2")
                s.execute("commit")
            except PgError as e:           # a deadlock cannot happen: same order everywhere
                errors.append(e)
                s.execute("rollback")
    threads = [threading.Thread(target=work, args=(s,)) for s in sessions]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    assert rows(a, "select v from t where id in (1, 2) order by id") == [(60,), (60,)]
    for s in sessions:
        s.close()


def test_insert_waits_for_conflicting_insert_that_aborts(pair):
    a, b = pair
    a.execute("begin")
    a.execute("insert into t values (10, 1)")
    bg = Bg(b, "insert into t values (10, 2)")
    assert bg.blocked()
    a.execute("rollback")
    assert bg.join().tag == "INSERT 0 1"
    assert rows(a, "select v from t where id = 10") == [(2,)]


def test_insert_waits_for_conflicting_insert_that_commits(pair):
    a, b = pair
    a.execute("begin")
    a.execute("insert into t values (10, 1)")
    bg = Bg(b, "insert into t values (10, 2)")
    assert bg.blocked()
    a.execute("commit")
    err = bg.join()
    assert isinstance(err, PgError) and err.sqlstate == "23505"


def test_insert_waits_for_running_delete_of_the_key(pair):
    a, b = pair
    a.execute("begin")
    a.execute("delete from t where id = 1")
    bg = Bg(b, "insert into t values (1, 42)")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "INSERT 0 1"
    assert rows(a, "select v from t where id = 1") == [(42,)]


def test_on_conflict_do_nothing_after_wait(pair):
    a, b = pair
    a.execute("begin")
    a.execute("insert into t values (20, 1)")
    bg = Bg(b, "insert into t values (20, 2) on conflict do nothing")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "INSERT 0 0"

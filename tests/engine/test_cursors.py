"""SQL cursors (spec/09-engine.md, Cursors) and read-only transactions.

Expected answers are PostgreSQL 15's (checked with psql against a real
server when written); the direction arithmetic is pquery.c's."""
import pytest

import pgref
from pgref.errors import PgError


@pytest.fixture
def s():
    conn = pgref.connect(":memory:", autocommit=True)
    sess = conn._session
    sess.execute("create table ct (a int)")
    sess.execute("insert into ct values " + ",".join(f"({i})" for i in range(1, 11)))
    yield sess
    conn.close()


def last(s, sql):
    return s.execute(sql)[-1]


def vals(s, sql):
    return [r[0] for r in last(s, sql).rows]


def test_scroll_cursor_directions(s):
    s.execute("begin")
    s.execute("declare c scroll cursor for select a from ct order by a")
    assert vals(s, "fetch 2 from c") == [1, 2]
    assert vals(s, "fetch backward 1 from c") == [1]
    assert vals(s, "fetch absolute 5 from c") == [5]
    assert vals(s, "fetch relative -2 from c") == [3]
    assert last(s, "move forward all in c").tag == "MOVE 7"
    assert vals(s, "fetch backward 3 from c") == [10, 9, 8]
    assert vals(s, "fetch 0 from c") == [8]
    assert last(s, "move backward all in c").tag == "MOVE 7"
    assert vals(s, "fetch last from c") == [10]
    assert vals(s, "fetch first from c") == [1]
    assert vals(s, "fetch absolute -3 from c") == [8]
    assert vals(s, "fetch absolute 0 from c") == []
    r = last(s, "fetch all from c")
    assert r.tag == "FETCH 10" and [x[0] for x in r.rows] == list(range(1, 11))
    assert vals(s, "fetch next from c") == []
    assert vals(s, "fetch prior from c") == [10]
    s.execute("commit")


def test_no_scroll_refuses_backward(s):
    s.execute("begin")
    s.execute("declare d no scroll cursor for select a from ct")
    assert vals(s, "fetch 2 from d") == [1, 2]
    with pytest.raises(PgError) as e:
        s.execute("fetch backward 1 from d")
    assert e.value.sqlstate == "55000" and e.value.message == "cursor can only scan forward"
    assert e.value.hint == "Declare it with SCROLL option to enable backward scan."
    s.execute("rollback")


def test_cursor_sees_its_snapshot(s):
    s.execute("begin")
    s.execute("declare c cursor for select a from ct order by a")
    s.execute("delete from ct")
    assert len(last(s, "fetch all from c").rows) == 10
    s.execute("rollback")


def test_errors_surface_at_fetch(s):
    s.execute("begin")
    s.execute("declare c cursor for select 10 / (a - 3) from ct")   # DECLARE does not run it
    with pytest.raises(PgError) as e:
        s.execute("fetch 1 from c")
    assert e.value.sqlstate == "22012"
    s.execute("rollback")


def test_lifetimes(s):
    with pytest.raises(PgError) as e:
        s.execute("declare c cursor for select 1")
    assert e.value.sqlstate == "25P01"
    s.execute("begin")
    s.execute("declare h cursor with hold for select a from ct where a < 4 order by a")
    s.execute("declare n cursor for select a from ct")
    s.execute("commit")
    rows = last(s, "select name, is_holdable, is_binary, is_scrollable from pg_cursors").rows
    assert rows == [("h", True, False, True)]
    assert vals(s, "fetch all from h") == [1, 2, 3]
    with pytest.raises(PgError) as e:
        s.execute("fetch from n")
    assert e.value.sqlstate == "34000" and e.value.message == 'cursor "n" does not exist'
    assert last(s, "close h").tag == "CLOSE CURSOR"
    s.execute("begin")
    s.execute("declare h2 cursor with hold for select 1")
    s.execute("rollback")
    with pytest.raises(PgError):
        s.execute("fetch from h2")


def test_duplicate_name(s):
    s.execute("begin")
    s.execute("declare n cursor for select a from ct")
    with pytest.raises(PgError) as e:
        s.execute("declare n cursor for select a from ct")
    assert e.value.sqlstate == "42P03" and e.value.message == 'cursor "n" already exists'
    s.execute("rollback")


def test_rollback_to_savepoint_closes_later_cursors(s):
    s.execute("begin")
    s.execute("declare a cursor for select 1")
    s.execute("savepoint sp")
    s.execute("declare b cursor for select 2")
    s.execute("rollback to savepoint sp")
    assert vals(s, "fetch a") == [1]
    with pytest.raises(PgError):
        s.execute("fetch b")
    s.execute("commit")


def test_released_savepoint_aborts_with_parent(s):
    s.execute("create table t (a int)")
    s.execute("begin")
    s.execute("insert into t values (1)")
    s.execute("savepoint three")
    s.execute("savepoint four")
    s.execute("insert into t values (2)")
    s.execute("release savepoint four")
    s.execute("rollback to savepoint three")
    s.execute("release savepoint three")
    s.execute("insert into t values (3)")
    s.execute("commit")
    assert vals(s, "select a from t order by a") == [1, 3]


def test_read_only_transactions(s):
    s.execute("create temp table tt (a int)")
    s.execute("begin transaction read only")
    assert vals(s, "select count(*) from ct") == [10]
    with pytest.raises(PgError) as e:
        s.execute("set transaction read write")
    assert e.value.message == "transaction read-write mode must be set before any query"
    s.execute("rollback")
    s.execute("begin")
    s.execute("set transaction read only")
    with pytest.raises(PgError) as e:
        s.execute("update ct set a = a where false")       # fails before touching a row
    assert e.value.sqlstate == "25006"
    assert e.value.message == "cannot execute UPDATE in a read-only transaction"
    s.execute("rollback")
    s.execute("begin read only")
    s.execute("delete from tt")                             # temporary tables may be written
    with pytest.raises(PgError) as e:
        s.execute("drop table ct")
    assert e.value.message == "cannot execute DROP TABLE in a read-only transaction"
    s.execute("rollback")
    s.execute("begin")
    s.execute("savepoint x")
    s.execute("set transaction read only")
    with pytest.raises(PgError) as e:
        s.execute("set transaction read write")
    assert e.value.message == "cannot set transaction read-write mode inside a read-only transaction"
    s.execute("rollback to savepoint x")
    assert vals(s, "show transaction_read_only") == ["off"]
    s.execute("commit")


def test_failed_cursor_cannot_run_after_rollback_to(s):
    s.execute("begin")
    s.execute("declare c cursor for select 1 / (a - a) from ct")
    s.execute("savepoint two")
    with pytest.raises(PgError):
        s.execute("fetch 10 from c")
    s.execute("rollback to savepoint two")
    with pytest.raises(PgError) as e:
        s.execute("fetch 10 from c")
    assert e.value.message == 'portal "c" cannot be run'
    s.execute("commit")

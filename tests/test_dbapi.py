"""PEP 249 surface of pgref.connect (spec/09-engine.md, "Embedded use")."""
import datetime
import uuid
from decimal import Decimal

import pytest

import pgref


@pytest.fixture
def conn():
    c = pgref.connect(":memory:")
    yield c
    if not c.closed:
        c.close()


def test_module_globals():
    assert pgref.apilevel == "2.0"
    assert pgref.paramstyle == "format"
    assert issubclass(pgref.IntegrityError, pgref.DatabaseError)
    assert issubclass(pgref.DatabaseError, pgref.Error)


def test_description_carries_type_oids(conn):
    cur = conn.cursor()
    cur.execute("select 1 as a, 'x'::text as b, 2.5 as c, true as d, null as e")
    assert [(d[0], d[1]) for d in cur.description] == [("a", 23), ("b", 25), ("c", 1700), ("d", 16), ("e", 25)]
    assert cur.fetchone() == (1, "x", Decimal("2.5"), True, None)
    assert cur.fetchone() is None


def test_parameters_round_trip(conn):
    cur = conn.cursor()
    cur.execute("create table t (i int, b bigint, f float8, n numeric, s text, d date, u uuid, by bytea)")
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    cur.execute("insert into t values (%s, %s, %s, %s, %s, %s, %s, %s)",
                (1, 2 ** 40, 1.5, Decimal("3.25"), "it's", datetime.date(2020, 2, 29), u, b"\x00\xff"))
    assert cur.rowcount == 1
    cur.execute("select i, b, f, n, s, u, by from t where s = %s and i = %s", ("it's", 1))
    assert cur.fetchall() == [(1, 2 ** 40, 1.5, Decimal("3.25"), "it's", u, b"\x00\xff")]
    cur.execute("select d::text from t")
    assert cur.fetchall() == [("2020-02-29",)]


def test_percent_escaping_and_placeholder_count(conn):
    cur = conn.cursor()
    cur.execute("select 'a%%b' like %s", ("a%b",))
    assert cur.fetchall() == [(True,)]
    with pytest.raises(pgref.ProgrammingError):
        cur.execute("select %s, %s", (1,))


def test_commit_and_rollback(conn):
    cur = conn.cursor()
    cur.execute("create table t (a int)")
    conn.commit()
    cur.execute("insert into t values (1)")
    conn.rollback()
    cur.execute("insert into t values (2)")
    conn.commit()
    cur.execute("select a from t")
    assert cur.fetchall() == [(2,)]


def test_executemany_and_rowcount(conn):
    cur = conn.cursor()
    cur.execute("create table t (a int, b text)")
    cur.executemany("insert into t values (%s, %s)", [(i, str(i)) for i in range(10)])
    assert cur.rowcount == 10
    cur.execute("update t set b = 'x' where a < 4")
    assert cur.rowcount == 4
    cur.execute("delete from t where a >= 8")
    assert cur.rowcount == 2
    cur.execute("select count(*) from t")
    assert cur.fetchmany(5) == [(8,)]


def test_error_classes(conn):
    cur = conn.cursor()
    cur.execute("create table t (a int primary key)")
    cur.execute("insert into t values (1)")
    with pytest.raises(pgref.IntegrityError) as e:
        cur.execute("insert into t values (1)")
    assert e.value.sqlstate == "23505"
    conn.rollback()
    with pytest.raises(pgref.DataError):
        cur.execute("select 1/0")
    conn.rollback()
    with pytest.raises(pgref.ProgrammingError):
        cur.execute("select * from nosuchtable")


def test_context_manager_commits(tmp_path):
    d = str(tmp_path / "db")
    with pgref.connect(d) as c:
        c.cursor().execute("create table t (a int)")
        c.cursor().execute("insert into t values (5)")
    with pgref.connect(d) as c:
        assert c.cursor().execute("select a from t").fetchall() == [(5,)]


def test_closed_connection_refuses(conn):
    conn.close()
    with pytest.raises(pgref.InterfaceError):
        conn.cursor()

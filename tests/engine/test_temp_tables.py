"""Temporary tables: private to their session, gone when it ends."""
import pytest

import pgref
from pgref.engine.session import Session
from pgref.errors import PgError


def test_temp_table_is_private_and_dropped_at_close(tmp_path):
    d = str(tmp_path / "db")
    a = pgref.connect(d, autocommit=True)
    s2 = Session(a._session.db)
    a.cursor().execute("create table t (a int)")
    a.cursor().execute("create temp table t (a int)")          # shadows the permanent one
    a.cursor().execute("insert into t values (1)")
    assert a.cursor().execute("select count(*) from public.t").fetchall() == [(0,)]
    assert a.cursor().execute("select count(*) from pg_temp.t").fetchall() == [(1,)]
    assert s2.execute("select count(*) from t")[0].rows == [(0,)]   # another session sees public.t
    a.close()
    s2.execute("select 1")
    names = [r[0] for r in s2.execute("select nspname from pg_namespace")[0].rows]
    assert not any(n.startswith("pg_temp_") for n in names)


def test_on_commit_drop_and_delete_rows():
    c = pgref.connect(":memory:", autocommit=True)
    s = c._session
    s.execute("begin")
    s.execute("create temp table gone (a int) on commit drop")
    s.execute("create temp table emptied (a int) on commit delete rows")
    s.execute("insert into emptied values (1)")
    assert s.execute("select count(*) from emptied")[0].rows == [(1,)]
    s.execute("commit")
    assert s.execute("select count(*) from emptied")[0].rows == [(0,)]
    with pytest.raises(PgError) as e:
        s.execute("select * from gone")
    assert e.value.sqlstate == "42P01"
    with pytest.raises(PgError) as e:
        s.execute("create table x (a int) on commit drop")
    assert e.value.message == "ON COMMIT can only be used on temporary tables"
    c.close()


def test_create_temp_table_as_is_temporary(tmp_path):
    """CREATE TEMP TABLE ... AS and SELECT ... INTO TEMP make session-private
    tables (they once landed in public and outlived the session)."""
    d = str(tmp_path / "db")
    a = pgref.connect(d, autocommit=True)
    s = a._session
    s.execute("create temp table rows as select 1 as x")
    s.execute("select 2 as y into temp t2")
    s.execute("create temp table gone on commit drop as select 3 as z")
    got = s.execute("select relname, relpersistence from pg_class where relname in ('rows', 't2', 'gone') "
                    "order by relname")[0].rows
    assert got == [("rows", "t"), ("t2", "t")]
    with pytest.raises(PgError) as e:
        s.execute("select * from public.rows")
    assert e.value.sqlstate == "42P01"
    with pytest.raises(PgError) as e:
        s.execute("create table x on commit drop as select 1")
    assert e.value.message == "ON COMMIT can only be used on temporary tables"
    a.close()
    b = pgref.connect(d, autocommit=True)
    try:
        assert b._session.execute("select count(*) from pg_class where relname in ('rows', 't2')")[0].rows == [(0,)]
        b._session.execute("create temp table rows as select 1 as x")
    finally:
        b.close()

"""Data and catalog survive closing and reopening a data directory."""
import pytest

import pgref
from pgref.errors import PgError


def test_reopen_keeps_tables_rows_indexes_sequences(tmp_path):
    d = str(tmp_path / "data")
    conn = pgref.connect(d, autocommit=True)
    cur = conn.cursor()
    cur.execute("create table t (id serial primary key, name text not null, v numeric(10,2) check (v > 0))")
    cur.execute("create index t_name_idx on t (name)")
    cur.executemany("insert into t (name, v) values (%s, %s)", [(f"n{i}", i + 0.5) for i in range(500)])
    cur.execute("create view big as select * from t where v > 400")
    conn.close()

    conn = pgref.connect(d, autocommit=True)
    cur = conn.cursor()
    from decimal import Decimal
    assert cur.execute("select count(*), sum(v) from t").fetchall() == [(500, Decimal("125000.00"))]
    cur.execute("select count(*) from t")
    assert cur.fetchall() == [(500,)]
    cur.execute("select name from t where name = 'n42'")
    assert cur.fetchall() == [("n42",)]
    cur.execute("select count(*) from big")
    assert cur.fetchall() == [(100,)]
    cur.execute("insert into t (name, v) values ('new', 1) returning id")
    assert cur.fetchall() == [(501,)]
    with pytest.raises(pgref.IntegrityError):
        cur.execute("insert into t (id, name, v) values (1, 'dup', 1)")
    with pytest.raises(pgref.IntegrityError):
        cur.execute("insert into t (name, v) values ('neg', -1)")
    conn.close()


def test_uncommitted_work_is_gone_after_reopen(tmp_path):
    d = str(tmp_path / "data")
    conn = pgref.connect(d)
    cur = conn.cursor()
    cur.execute("create table t (a int)")
    conn.commit()
    cur.execute("insert into t values (1)")
    conn.rollback()
    cur.execute("insert into t values (2)")
    conn.commit()
    cur.execute("insert into t values (3)")
    conn.close()                       # closing with an open transaction rolls it back
    conn = pgref.connect(d)
    assert conn.cursor().execute("select a from t").fetchall() == [(2,)]
    conn.close()


def test_second_process_is_refused(tmp_path):
    import subprocess
    import sys
    d = str(tmp_path / "data")
    conn = pgref.connect(d)
    code = ("import pgref\n"
            "try:\n    pgref.connect(%r)\nexcept pgref.Error as e:\n    print(e.sqlstate, e)\n") % d
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "55006" in out.stdout and "in use by another process" in out.stdout
    conn.close()


def test_same_process_shares_the_database(tmp_path):
    d = str(tmp_path / "data")
    a = pgref.connect(d, autocommit=True)
    b = pgref.connect(d, autocommit=True)
    a.cursor().execute("create table t (a int)")
    a.cursor().execute("insert into t values (1)")
    assert b.cursor().execute("select a from t").fetchall() == [(1,)]
    a.close()
    b.close()


def test_bad_sql_error_shape():
    conn = pgref.connect(":memory:")
    with pytest.raises(pgref.ProgrammingError) as e:
        conn.cursor().execute("selec 1")
    assert e.value.sqlstate == "42601"
    assert e.value.pgerror.message == 'syntax error at or near "selec"'
    assert e.value.pgerror.position == 1
    assert isinstance(e.value.pgerror, PgError)
    conn.close()

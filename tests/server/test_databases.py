"""Several databases behind one ``pgref serve``, over the wire with psycopg 3
and psql 15 (spec/09-engine.md, "Databases and the cluster"): the startup
packet's database selects one, an unknown one is FATAL 3D000, objects stay
in their database, DROP DATABASE sees other sessions, ``\\l`` prints what
PostgreSQL 15 prints, and everything survives a server restart."""
from __future__ import annotations

import shutil
import subprocess

import psycopg
import pytest

from pgref.engine import boot
from pgref.engine.cluster import Cluster
from pgref.server.main import Server

PSQL = shutil.which("psql") or "/usr/bin/psql"

# psql 15's \l against a fresh PostgreSQL 15 cluster (initdb -E UTF8 --locale=C)
PG_LIST = """\
                                            List of databases
   Name    |  Owner   | Encoding | Collate | Ctype | ICU Locale | Locale Provider |   Access privileges   
-----------+----------+----------+---------+-------+------------+-----------------+-----------------------
 postgres  | postgres | UTF8     | C       | C     |            | libc            | 
 template0 | postgres | UTF8     | C       | C     |            | libc            | =c/postgres          +
           |          |          |         |       |            |                 | postgres=CTc/postgres
 template1 | postgres | UTF8     | C       | C     |            | libc            | =c/postgres          +
           |          |          |         |       |            |                 | postgres=CTc/postgres
(3 rows)

"""


@pytest.fixture(scope="module")
def cluster_server(tmp_path_factory):
    boot.ensure_loaded()
    base = tmp_path_factory.mktemp("pgref_dbs")
    cluster = Cluster(str(base / "data"))
    cluster.busy_wait = 1.0          # PostgreSQL waits 5 s for other sessions to leave
    srv = Server(cluster, "127.0.0.1", 0, socket_dir=str(base))
    srv.start()
    yield srv
    srv.stop()
    cluster.close()


def connect(server, dbname="postgres", **kw):
    return psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname=dbname,
                           autocommit=True, connect_timeout=10, **kw)


def psql(server, *args, dbname="postgres"):
    cmd = [PSQL, "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "-d", dbname, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "10"})


def test_psql_list_matches_postgresql(cluster_server):
    r = psql(cluster_server, "-c", r"\l")
    assert r.returncode == 0, r.stderr
    assert r.stdout == PG_LIST


def test_psql_list_verbose(cluster_server):
    r = psql(cluster_server, "-c", r"\l+")
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[1]
    assert [h.strip() for h in header.split("|")] == [
        "Name", "Owner", "Encoding", "Collate", "Ctype", "ICU Locale", "Locale Provider", "Access privileges",
        "Size", "Tablespace", "Description"]
    assert "default administrative connection database" in r.stdout


def test_create_connect_isolate_drop(cluster_server):
    with connect(cluster_server) as a:
        a.execute("create database wire1")
        a.execute("create table here (a int)")
        with connect(cluster_server, "wire1") as b:
            assert b.execute("select current_database()").fetchone() == ("wire1",)
            b.execute("create table there (a int)")
            b.execute("insert into there values (1), (2)")
            with pytest.raises(psycopg.errors.UndefinedTable):
                b.execute("select * from here")
            with pytest.raises(psycopg.errors.UndefinedTable):
                a.execute("select * from there")
            with pytest.raises(psycopg.errors.ObjectInUse) as e:
                a.execute("drop database wire1")
            assert e.value.diag.message_primary == 'database "wire1" is being accessed by other users'
            assert e.value.diag.message_detail == "There is 1 other session using the database."
            with pytest.raises(psycopg.errors.ObjectInUse) as e:
                b.execute("drop database wire1")
            assert e.value.diag.message_primary == "cannot drop the currently open database"
        a.execute("drop database wire1")
        assert a.execute("select count(*) from pg_database where datname = 'wire1'").fetchone() == (0,)
        a.execute("drop table here")


def test_unknown_database_is_fatal(cluster_server):
    with pytest.raises(psycopg.OperationalError) as e:
        connect(cluster_server, "nope")
    assert 'database "nope" does not exist' in str(e.value)
    r = psql(cluster_server, "-c", "select 1", dbname="nope")
    assert r.returncode == 2
    assert 'FATAL:  database "nope" does not exist' in r.stderr
    with pytest.raises(psycopg.OperationalError) as e:
        connect(cluster_server, "template0")
    assert 'database "template0" is not currently accepting connections' in str(e.value)


def test_errors_over_the_wire(cluster_server):
    with connect(cluster_server) as a:
        a.execute("create database wire2")
        with pytest.raises(psycopg.errors.DuplicateDatabase):
            a.execute("create database wire2")
        with pytest.raises(psycopg.errors.InvalidCatalogName):
            a.execute("drop database nope")
        a.autocommit = False
        with pytest.raises(psycopg.errors.ActiveSqlTransaction) as e:
            a.execute("create database wire3")
        assert e.value.diag.message_primary == "CREATE DATABASE cannot run inside a transaction block"
        a.rollback()
        a.autocommit = True
        with connect(cluster_server, "template1"):
            with pytest.raises(psycopg.errors.ObjectInUse) as e:
                a.execute("create database wire3")
            assert e.value.diag.message_primary == 'source database "template1" is being accessed by other users'
        a.execute("drop database wire2")


def test_psql_connect_meta_command_and_database_settings(cluster_server):
    with connect(cluster_server) as a:
        a.execute("create database wire4")
        a.execute("alter database wire4 set datestyle = 'SQL, DMY'")
    r = psql(cluster_server, "-c", r"\c wire4", "-c", "select current_database()", "-c", "show datestyle")
    assert r.returncode == 0, r.stderr
    assert "wire4" in r.stdout and "SQL, DMY" in r.stdout
    r = psql(cluster_server, "-c", r"\drds")
    assert r.returncode == 0, r.stderr
    assert "wire4" in r.stdout and "DateStyle=SQL, DMY".lower() in r.stdout.lower()
    with connect(cluster_server) as a:
        a.execute("drop database wire4")


def test_drop_force_ends_other_sessions(cluster_server):
    with connect(cluster_server) as a:
        a.execute("create database wire5")
        b = connect(cluster_server, "wire5")
        a.execute("drop database wire5 with (force)")
        with pytest.raises(psycopg.Error) as e:
            b.execute("select 1")
        assert e.value.diag.sqlstate == "57P01"
        b.close()


def test_restart_keeps_databases(tmp_path):
    boot.ensure_loaded()
    d = str(tmp_path / "data")
    cluster = Cluster(d)
    srv = Server(cluster, "127.0.0.1", 0, socket_dir=str(tmp_path))
    srv.start()
    try:
        with connect(srv) as a:
            a.execute("create database kept")
            with connect(srv, "kept") as b:
                b.execute("create table t (a int primary key, b text)")
                b.execute("insert into t values (1, 'x'), (2, 'y')")
    finally:
        srv.stop()
        cluster.close()
    cluster = Cluster(d)
    srv = Server(cluster, "127.0.0.1", 0, socket_dir=str(tmp_path))
    srv.start()
    try:
        with connect(srv, "kept") as b:
            assert b.execute("select a, b from t order by a").fetchall() == [(1, "x"), (2, "y")]
        with connect(srv) as a:
            with pytest.raises(psycopg.errors.UndefinedTable):
                a.execute("select * from t")
            assert a.execute("select datname from pg_database order by oid").fetchall() == \
                [("template1",), ("template0",), ("postgres",), ("kept",)]
    finally:
        srv.stop()
        cluster.close()

"""Several databases in one cluster, in-process (spec/09-engine.md,
"Databases and the cluster"): the three initdb databases, CREATE / DROP /
ALTER DATABASE with PostgreSQL's errors, isolation between databases,
pg_database seen from everywhere, persistence across a restart."""
import json
import os

import pytest

import pgref
from pgref.engine.cluster import Cluster


def run(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur.fetchall() if cur.description is not None else None


def err(conn, sql):
    with pytest.raises(pgref.Error) as e:
        conn.cursor().execute(sql)
    return e.value.pgerror


@pytest.fixture
def datadir(tmp_path):
    return str(tmp_path / "data")


@pytest.fixture
def conn(datadir):
    c = pgref.connect(datadir, autocommit=True)
    c._cluster.busy_wait = 0.05      # PostgreSQL waits 5 s for other sessions to leave
    yield c
    c.close()


# ---------------------------------------------------------------- the initdb cluster
def test_fresh_cluster_has_postgres_template1_template0(conn, datadir):
    rows = run(conn, "select oid, datname, datdba, encoding, datlocprovider, datistemplate, datallowconn, "
                     "datconnlimit, datcollate, datctype, array_to_string(datacl, ',') "
                     "from pg_database order by oid")
    assert rows == [
        (1, "template1", 10, 6, "c", True, True, -1, "C", "C", "=c/postgres,postgres=CTc/postgres"),
        (4, "template0", 10, 6, "c", True, False, -1, "C", "C", "=c/postgres,postgres=CTc/postgres"),
        (5, "postgres", 10, 6, "c", False, True, -1, "C", "C", None),
    ]
    assert run(conn, "select current_database()") == [("postgres",)]
    assert sorted(os.listdir(os.path.join(datadir, "base"))) == ["1", "4", "5"]
    assert os.path.exists(os.path.join(datadir, "global", "pg_filenode.map"))


def test_psql_list_databases_query(conn):
    # the query psql 15's \l sends
    rows = run(conn, """SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate", d.datctype as "Ctype", d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\\n') AS "Access privileges"
FROM pg_catalog.pg_database d ORDER BY 1""")
    assert rows == [("postgres", "postgres", "UTF8", "C", "C", None, "libc", None),
                    ("template0", "postgres", "UTF8", "C", "C", None, "libc", "=c/postgres\npostgres=CTc/postgres"),
                    ("template1", "postgres", "UTF8", "C", "C", None, "libc", "=c/postgres\npostgres=CTc/postgres")]


def test_in_memory_cluster_has_the_same_databases():
    c = pgref.connect(":memory:", autocommit=True)
    assert run(c, "select datname from pg_database order by 1") == [("postgres",), ("template0",), ("template1",)]
    run(c, "create database m")
    run(c, "create table t (a int)")
    assert run(c, "select count(*) from pg_database") == [(4,)]
    # another session of the same in-memory cluster, in the new database
    from pgref.engine.session import Session
    s = Session(c._cluster.open_database("m"), database="m")
    assert s.execute("select current_database()")[0].rows == [("m",)]
    assert s.execute("select count(*) from pg_class where relname = 't'")[0].rows == [(0,)]
    s.close()
    run(c, "drop database m")
    assert run(c, "select count(*) from pg_database") == [(3,)]
    # a copy of a database with rows, in memory (block copy through the pool)
    run(c, "insert into t select generate_series(1, 500)")
    run(c, "create index t_a on t (a)")
    run(c, "create database m2 template postgres")
    s = Session(c._cluster.open_database("m2"), database="m2")
    assert s.execute("select count(*), sum(a) from t where a > 0")[0].rows == [(500, 125250)]
    assert s.execute("select a from t where a = 77")[0].rows == [(77,)]
    s.close()
    c.close()


# ---------------------------------------------------------------- create, connect, isolate
def test_create_connect_isolate(conn, datadir):
    assert run(conn, "create database app") is None
    run(conn, "create table only_in_postgres (a int)")
    app = pgref.connect(datadir, autocommit=True, dbname="app")
    try:
        assert run(app, "select current_database()") == [("app",)]
        run(app, "create table t (id serial primary key, v text)")
        run(app, "insert into t (v) values ('x'), ('y')")
        assert run(app, "select id, v from t order by id") == [(1, "x"), (2, "y")]
        assert err(app, "select * from only_in_postgres").sqlstate == "42P01"
        assert err(conn, "select * from t").sqlstate == "42P01"
        # pg_database is shared: the same rows from every database
        assert run(app, "select datname from pg_database order by 1") == \
            run(conn, "select datname from pg_database order by 1")
        # the same table name in two databases: two tables
        run(conn, "create table t (other int)")
        run(conn, "insert into t values (42)")
        assert run(app, "select count(*) from t") == [(2,)]
        assert run(conn, "select other from t") == [(42,)]
    finally:
        app.close()
    dboid = run(conn, "select oid from pg_database where datname = 'app'")[0][0]
    assert dboid >= 16384
    small = run(conn, "select pg_database_size('postgres')")[0][0]
    app = pgref.connect(datadir, autocommit=True, dbname="app")
    run(app, "insert into t (v) select 'row ' || g from generate_series(1, 300) g")
    app.close()
    assert run(conn, "select pg_database_size('app') > %s, pg_database_size(%s) = pg_database_size('app')",
               (small, dboid)) == [(True, True)]
    assert run(conn, "select pg_database_size(99999::oid)") == [(None,)]
    assert err(conn, "select pg_database_size('nope')").sqlstate == "3D000"
    assert os.path.isdir(os.path.join(datadir, "base", str(dboid)))


def test_template_contents_are_copied(conn, datadir):
    t1 = pgref.connect(datadir, autocommit=True, dbname="template1")
    run(t1, "create table common (a int primary key, b text)")
    run(t1, "insert into common select g, 'v' || g from generate_series(1, 300) g")
    run(t1, "create sequence s")
    run(t1, "select nextval('s'), nextval('s')")
    run(t1, "create view v as select a from common where a < 3")
    t1.close()
    run(conn, "create database copy1")
    run(conn, "create database copy2 strategy file_copy")
    for name in ("copy1", "copy2"):
        c = pgref.connect(datadir, autocommit=True, dbname=name)
        try:
            assert run(c, "select count(*), sum(a) from common") == [(300, 45150)]
            assert run(c, "select b from common where a = 17") == [("v17",)]
            assert run(c, "select * from v order by 1") == [(1,), (2,)]
            assert run(c, "select nextval('s')") == [(3,)]
            run(c, "insert into common values (301, 'new')")
            assert err(c, "insert into common values (1, 'dup')").sqlstate == "23505"
        finally:
            c.close()
    # the copies are independent of the template and of each other
    t1 = pgref.connect(datadir, autocommit=True, dbname="template1")
    assert run(t1, "select count(*) from common") == [(300,)]
    assert run(t1, "select nextval('s')") == [(3,)]
    t1.close()
    # template0 stays empty: a database made from it has no user tables
    run(conn, "create database clean template template0")
    c = pgref.connect(datadir, autocommit=True, dbname="clean")
    assert err(c, "select * from common").sqlstate == "42P01"
    c.close()


def test_create_database_errors(conn, datadir):
    run(conn, "create database d")
    cases = [
        ("create database d", "42P04", 'database "d" already exists'),
        ("create database postgres", "42P04", 'database "postgres" already exists'),
        ("create database x template nope", "3D000", 'template database "nope" does not exist'),
        ("create database x foo 1", "42601", 'option "foo" not recognized'),
        ("create database x template template1 template template0", "42601", "conflicting or redundant options"),
        ("create database x connection limit -5", "22023", "invalid connection limit: -5"),
        ("create database x encoding 'foo'", "42704", "foo is not a valid encoding name"),
        ("create database x encoding 99", "42704", "99 is not a valid encoding code"),
        ("create database x encoding 'LATIN1'", "22023",
         "new encoding (LATIN1) is incompatible with the encoding of the template database (UTF8)"),
        ("create database x lc_collate 'xx'", "42809", 'invalid locale name: "xx"'),
        ("create database x locale 'C' lc_collate 'C'", "42601", "conflicting or redundant options"),
        ("create database x owner nobody", "42704", 'role "nobody" does not exist'),
        ("create database x strategy bad", "22023", 'invalid create database strategy "bad"'),
        ("create database x oid 100", "22023", "OIDs less than 16384 are reserved for system objects"),
        ("create database x tablespace foo", "42704", 'tablespace "foo" does not exist'),
        ("create database x icu_locale 'und'", "42P17",
         "ICU locale cannot be specified unless locale provider is ICU"),
    ]
    for sql, code, message in cases:
        e = err(conn, sql)
        assert (e.sqlstate, e.message) == (code, message), sql
    e = err(conn, "create database x encoding 'LATIN1'")
    assert e.hint == "Use the same encoding as in the template database, or use template0 as template."
    e = err(conn, "create database x foo 1")
    assert e.position == 19
    assert err(conn, "create database x encoding 'LATIN1' template template0").sqlstate == "0A000"
    # nothing was made by the failures
    assert run(conn, "select count(*) from pg_database") == [(4,)]


def test_create_database_options_are_stored(conn, datadir):
    run(conn, "create database o with owner = postgres template = template0 encoding = 'UTF8' "
              "lc_collate = 'C' lc_ctype = 'C' connection limit = 7 is_template = true "
              "allow_connections = false oid = 20000 tablespace = pg_default")
    assert run(conn, "select oid, datconnlimit, datistemplate, datallowconn from pg_database "
                     "where datname = 'o'") == [(20000, 7, True, False)]
    e = err(conn, "create database o2 oid 20000")
    assert (e.sqlstate, e.message) == ("22023", 'database OID 20000 is already in use by database "o"')
    with pytest.raises(pgref.Error) as e:
        pgref.connect(datadir, dbname="o")
    assert (e.value.sqlstate, str(e.value)) == ("55000", 'database "o" is not currently accepting connections')
    run(conn, "create database w with locale 'C'")
    run(conn, "create database w2 location 'somewhere'")
    assert [(n.severity, n.message) for n in conn.notices][-1] == ("WARNING", "LOCATION is not supported anymore")


def test_create_database_not_in_transaction_block(datadir):
    c = pgref.connect(datadir)          # not autocommit: a transaction block is open
    run(c, "select 1")
    e = err(c, "create database x")
    assert (e.sqlstate, e.message) == ("25001", "CREATE DATABASE cannot run inside a transaction block")
    c.rollback()
    run(c, "select 1")
    e = err(c, "drop database if exists x")
    assert (e.sqlstate, e.message) == ("25001", "DROP DATABASE cannot run inside a transaction block")
    c.close()


def test_source_database_busy(conn, datadir):
    t1 = pgref.connect(datadir, dbname="template1")
    e = err(conn, "create database x")
    assert (e.sqlstate, e.message, e.detail) == (
        "55006", 'source database "template1" is being accessed by other users',
        "There is 1 other session using the database.")
    t2 = pgref.connect(datadir, dbname="template1")
    e = err(conn, "create database x template template1")
    assert e.detail == "There are 2 other sessions using the database."
    t1.close()
    t2.close()
    run(conn, "create database x")
    # copying the database one is connected to is allowed (no *other* session)
    run(conn, "create table t (a int)")
    run(conn, "insert into t values (5)")
    run(conn, "create database y template postgres")
    y = pgref.connect(datadir, dbname="y")
    assert run(y, "select a from t") == [(5,)]
    y.close()


def test_connect_to_missing_database(conn, datadir):
    with pytest.raises(pgref.ProgrammingError) as e:
        pgref.connect(datadir, dbname="nope")
    assert (e.value.sqlstate, str(e.value)) == ("3D000", 'database "nope" does not exist')
    # the failed attempt left the cluster usable and open
    assert run(conn, "select 1") == [(1,)]


# ---------------------------------------------------------------- drop
def test_drop_database(conn, datadir):
    run(conn, "create database gone")
    c = pgref.connect(datadir, autocommit=True, dbname="gone")
    run(c, "create table t (a int)")
    run(c, "insert into t select generate_series(1, 1000)")
    dboid = run(conn, "select oid from pg_database where datname = 'gone'")[0][0]
    e = err(conn, "drop database gone")
    assert (e.sqlstate, e.message, e.detail) == ("55006", 'database "gone" is being accessed by other users',
                                                 "There is 1 other session using the database.")
    e = err(c, "drop database gone")
    assert (e.sqlstate, e.message) == ("55006", "cannot drop the currently open database")
    c.close()
    assert run(conn, "drop database gone") is None
    assert not os.path.exists(os.path.join(datadir, "base", str(dboid)))
    assert run(conn, "select count(*) from pg_database where datname = 'gone'") == [(0,)]
    e = err(conn, "drop database gone")
    assert (e.sqlstate, e.message) == ("3D000", 'database "gone" does not exist')
    run(conn, "drop database if exists gone")
    assert conn.notices[-1].message == 'database "gone" does not exist, skipping'
    e = err(conn, "drop database template1")
    assert (e.sqlstate, e.message) == ("42809", "cannot drop a template database")
    e = err(conn, "drop database postgres")
    assert (e.sqlstate, e.message) == ("55006", "cannot drop the currently open database")
    # the name can be used again, for a new and empty database
    run(conn, "create database gone")
    c = pgref.connect(datadir, dbname="gone")
    assert err(c, "select * from t").sqlstate == "42P01"
    c.close()


def test_drop_database_force(conn, datadir):
    run(conn, "create database f")
    a = pgref.connect(datadir, dbname="f")
    b = pgref.connect(datadir, dbname="f")
    run(a, "create table t (a int)")            # a open transaction block in a
    e = err(conn, "drop database f")
    assert e.detail == "There are 2 other sessions using the database."
    run(conn, "drop database f with (force)")
    e = err(a, "select 1")
    assert (e.sqlstate, e.message, e.severity) == ("57P01", "terminating connection due to administrator command",
                                                   "FATAL")
    a.close()
    b.close()
    assert run(conn, "select count(*) from pg_database where datname = 'f'") == [(0,)]
    # nothing of the aborted transaction holds back others
    assert conn._cluster.running == set()


# ---------------------------------------------------------------- alter
def test_rename_database(conn, datadir):
    run(conn, "create database r1")
    c = pgref.connect(datadir, dbname="r1")
    e = err(conn, "alter database r1 rename to r2")
    assert (e.sqlstate, e.message) == ("55006", 'database "r1" is being accessed by other users')
    e = err(c, "alter database r1 rename to r2")
    assert (e.sqlstate, e.message) == ("0A000", "current database cannot be renamed")
    c.close()
    e = err(conn, "alter database r1 rename to postgres")
    assert (e.sqlstate, e.message) == ("42P04", 'database "postgres" already exists')
    e = err(conn, "alter database nope rename to x")
    assert (e.sqlstate, e.message) == ("3D000", 'database "nope" does not exist')
    run(conn, "alter database r1 rename to r2")
    c = pgref.connect(datadir, dbname="r2")
    assert run(c, "select current_database()") == [("r2",)]
    c.close()


def test_alter_database_options(conn, datadir):
    run(conn, "create database a")
    run(conn, "alter database a connection limit 5")
    run(conn, "alter database a with is_template true allow_connections false")
    assert run(conn, "select datconnlimit, datistemplate, datallowconn from pg_database where datname = 'a'") == \
        [(5, True, False)]
    e = err(conn, "drop database a")
    assert e.sqlstate == "42809"
    run(conn, "alter database a is_template false allow_connections true")
    e = err(conn, "alter database a foo 1")
    assert (e.sqlstate, e.message) == ("42601", 'option "foo" not recognized')
    e = err(conn, "alter database postgres allow_connections false")
    assert (e.sqlstate, e.message) == ("55006", "cannot disallow connections for current database")
    e = err(conn, "alter database nope connection limit 1")
    assert (e.sqlstate, e.message) == ("3D000", 'database "nope" does not exist')
    run(conn, "alter database a set tablespace pg_default")
    run(conn, "alter database a owner to postgres")
    run(conn, "drop database a")


def test_alter_database_set(conn, datadir):
    run(conn, "create database s")
    run(conn, "alter database s set work_mem = '2MB'")
    run(conn, "alter database s set search_path = a, b")
    run(conn, "alter database s set DateStyle to 'SQL, DMY'")
    oid = run(conn, "select oid from pg_database where datname = 's'")[0][0]
    assert run(conn, "select setdatabase, setrole, array_to_string(setconfig, ';') from pg_db_role_setting") == \
        [(oid, 0, "work_mem=2MB;search_path=a, b;DateStyle=SQL, DMY")]
    c = pgref.connect(datadir, dbname="s")
    assert run(c, "show search_path") == [("a, b",)]
    assert run(c, "show datestyle") == [("SQL, DMY",)]
    run(c, "set datestyle = 'ISO'")
    run(c, "reset datestyle")
    assert run(c, "show datestyle") == [("SQL, DMY",)]       # RESET goes back to the database's value
    c.close()
    # settings given at connection time win over the database's
    c = pgref.connect(datadir, dbname="s", DateStyle="ISO, MDY")
    assert run(c, "show datestyle") == [("ISO, MDY",)]
    c.close()
    # postgres is not affected
    assert run(conn, "show search_path") == [('"$user", public',)]
    run(conn, "alter database s reset work_mem")
    assert run(conn, "select array_to_string(setconfig, ';') from pg_db_role_setting") == \
        [("search_path=a, b;DateStyle=SQL, DMY",)]
    run(conn, "alter database s set search_path to default")
    run(conn, "alter database s reset all")
    assert run(conn, "select count(*) from pg_db_role_setting") == [(0,)]
    run(conn, "alter database s set timezone = 'UTC'")
    run(conn, '''alter database s set search_path = 'a b', c, "D"''')
    assert run(conn, "select setconfig::text from pg_db_role_setting") == \
        [('{TimeZone=UTC,"search_path=\\"a b\\", c, \\"D\\""}',)]
    run(conn, "alter database s reset all")
    e = err(conn, "alter database s set nosuch = 1")
    assert (e.sqlstate, e.message) == ("42704", 'unrecognized configuration parameter "nosuch"')
    e = err(conn, "alter database s set datestyle = 'bogus'")
    assert e.sqlstate == "22023"
    e = err(conn, "alter database nope set work_mem = '1MB'")
    assert (e.sqlstate, e.message) == ("3D000", 'database "nope" does not exist')
    run(conn, "alter database s set work_mem = '3MB'")
    run(conn, "drop database s")
    assert run(conn, "select count(*) from pg_db_role_setting") == [(0,)]


# ---------------------------------------------------------------- persistence
def test_databases_survive_restart(datadir):
    c = pgref.connect(datadir, autocommit=True)
    run(c, "create database keep")
    run(c, "create database renamed_later")
    run(c, "alter database keep set work_mem = '5MB'")
    k = pgref.connect(datadir, autocommit=True, dbname="keep")
    run(k, "create table t (a int primary key, b text)")
    run(k, "insert into t values (1, 'one'), (2, 'two')")
    run(k, "create sequence s")
    run(k, "select nextval('s')")
    k.close()
    run(c, "create table p (x int)")
    run(c, "alter database renamed_later rename to renamed")
    c.close()

    c = pgref.connect(datadir, autocommit=True)
    assert run(c, "select datname from pg_database order by oid") == \
        [("template1",), ("template0",), ("postgres",), ("keep",), ("renamed",)]
    assert run(c, "select setconfig::text from pg_db_role_setting") == [("{work_mem=5MB}",)]
    assert run(c, "select count(*) from p") == [(0,)]
    assert err(c, "select * from t").sqlstate == "42P01"
    k = pgref.connect(datadir, autocommit=True, dbname="keep")
    assert run(k, "select a, b from t order by a") == [(1, "one"), (2, "two")]
    assert run(k, "select nextval('s')") == [(2,)]
    assert run(k, "show work_mem") == [("5MB",)]
    assert err(k, "select * from p").sqlstate == "42P01"
    k.close()
    # a new database made after the restart gets a new OID
    run(c, "create database later")
    oids = [r[0] for r in run(c, "select oid from pg_database order by oid")]
    assert len(set(oids)) == len(oids) == 6
    c.close()


def test_xids_are_cluster_wide(datadir):
    c = pgref.connect(datadir, autocommit=True)
    run(c, "create database other")
    o = pgref.connect(datadir, autocommit=True, dbname="other")
    xids = [run(conn, "select txid_current()")[0][0] for conn in (c, o, c, o, o, c)]
    assert xids == sorted(xids) and len(set(xids)) == 6     # one xid space: never the same xid twice
    o.close()
    c.close()


def test_cluster_object_and_old_layout(tmp_path):
    d = str(tmp_path / "data")
    cl = Cluster(d)
    assert sorted(e.datname for e in cl.databases.values()) == ["postgres", "template0", "template1"]
    db = cl.open_database("postgres")
    assert db.cluster is cl and db.dboid == 5 and db.dbname == "postgres"
    with pytest.raises(pgref.errors.PgError) as e:
        cl.open_database("nope")
    assert e.value.sqlstate == "3D000"
    cl.close()
    # a data directory of the one-database layout is refused with a clear message
    old = tmp_path / "old"
    (old / "global").mkdir(parents=True)
    (old / "PG_VERSION").write_text("15\n")
    (old / "global" / "pg_filenode.map").write_text(json.dumps({"version": 2, "next_oid": 16400,
                                                                "files": {"pg_class": 16384}}))
    with pytest.raises(pgref.errors.PgError) as e:
        Cluster(str(old))
    assert "earlier pgref" in e.value.message
    # and the failed open released the lock file
    assert not os.path.exists(old / "pgref.pid")


def test_cli_init(tmp_path, capsys):
    from pgref.cli import main
    d = str(tmp_path / "cl")
    assert main(["init", "-D", d]) == 0
    assert "postgres, template0, template1" in capsys.readouterr().out
    assert main(["init", "-D", d]) == 1
    assert main(["sql", "-D", d, "-c", "create database x"]) == 0
    assert main(["sql", "-D", d, "-d", "x", "-c", "select current_database()"]) == 0
    assert "x" in capsys.readouterr().out

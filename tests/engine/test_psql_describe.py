"""psql 15's describe commands (``\\dt``, ``\\d t``, ``\\di`` ...) against
``pgref serve`` print exactly what they print against PostgreSQL 15.

The real psql sends its catalog queries (pg_class, pg_attribute,
pg_get_indexdef(), pg_get_constraintdef(), pg_table_is_visible() ...) to a
``pgref serve --port 0`` subprocess on a temporary data directory and to a
throwaway PostgreSQL (the ``pg_cluster`` fixture, in a database of its
own); both got the same CREATE statements, and stdout must be
byte-identical.  Commands that still differ are marked xfail with the
reason (spec/04-catalog.md, "Queryable catalogs").
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

PSQL = shutil.which("psql")
PGREF = os.path.join(os.path.dirname(sys.executable), "pgref")
PG_DB = "psql_describe"

SETUP = """
create table t (id int primary key, name text not null default 'x', v numeric(10,2),
                c varchar(20) unique, check (v > 0));
create table u (a int references t(id), b text);
create index u_b on u (b);
create view vv as select id, name from t;
create sequence s1;
create schema sc;
create table t2 (id serial primary key, n bigint default -1, d date default current_date,
                 f float8 check (f > 0), k int check (k > 0 and k < 100), vc varchar(5) check (vc <> ''));
create unique index t2_n_d on t2 (n desc, d);
create table sc.st (x int generated always as identity, y text);
create table r (a int, b int, primary key (a, b));
create table rr (x int, y int, foreign key (x, y) references r on delete cascade);
create view v2 as select 1 as one;
"""

pytestmark = pytest.mark.skipif(PSQL is None, reason="psql is not installed")


@pytest.fixture(scope="module")
def pgref_port(tmp_path_factory):
    datadir = tmp_path_factory.mktemp("pgref_describe")
    proc = subprocess.Popen([PGREF, "serve", "-D", str(datadir), "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        assert m, f"pgref serve did not report its port: {line!r}"
        yield int(m.group(1))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


@pytest.fixture(scope="module")
def targets(pgref_port, pg_cluster):
    """(pgref connection args, PostgreSQL connection args), set up alike."""
    pg_cluster.drop_database(PG_DB)
    pg_cluster.create_database(PG_DB)
    ours = ["-h", "127.0.0.1", "-p", str(pgref_port), "-d", "postgres"]
    theirs = ["-h", pg_cluster.sockdir, "-p", str(pg_cluster.port), "-d", PG_DB]
    for conn in (ours, theirs):
        r = subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", "postgres", *conn],
                           input=SETUP, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
    yield ours, theirs
    pg_cluster.drop_database(PG_DB)


def psql(conn, command: str) -> str:
    r = subprocess.run([PSQL, "-X", "-U", "postgres", *conn, "-c", command],
                       capture_output=True, text=True, timeout=60)
    return r.stdout + r.stderr


MATCHING = [
    r"\dt", r"\d", r"\dn", r"\du", r"\di", r"\dv", r"\ds", r"\df",
    r"\d vv", r"\d v2", r"\d s1", r"\d+ s1", r"\d t_pkey", r"\d t_c_key", r"\d u_b", r"\d t2_n_d",
    r"\d r_pkey", r"\dt sc.*", r"\d sc.*_seq", r"\dt t*", r"\d nosuch",
]

# \d <table> sends a pg_policy query comparing ``pol.polroles = '{0}'``;
# pgref's operator resolution finds oidvector = oidvector and
# anyarray = anyarray both applicable to oid[] = unknown (PostgreSQL picks
# array_eq) -- an analyzer fix outside the catalog.
POLICY_QUERY = "analyzer: oid[] = unknown is ambiguous in pgref (psql's pg_policy query)"
# The '+' forms call obj_description()/col_description(), SQL-language
# built-ins with query bodies that the analyzer does not inline; native
# versions are registered as "sql:<pg_proc oid>" but the analyzer does not
# dispatch to them yet.
QUERY_BODY = "analyzer: SQL built-ins with query bodies (obj_description) are not dispatched natively"

DIFFERING = [
    pytest.param(r"\d t", marks=pytest.mark.xfail(reason=POLICY_QUERY)),
    pytest.param(r"\d u", marks=pytest.mark.xfail(reason=POLICY_QUERY)),
    pytest.param(r"\d t2", marks=pytest.mark.xfail(reason=POLICY_QUERY)),
    pytest.param(r"\d rr", marks=pytest.mark.xfail(reason=POLICY_QUERY)),
    pytest.param(r"\d sc.st", marks=pytest.mark.xfail(reason=POLICY_QUERY)),
    # and then the Size column: PostgreSQL counts TOAST tables and the btree
    # metapage of an empty index (8192 bytes), pgref has neither
    pytest.param(r"\dt+", marks=pytest.mark.xfail(reason=QUERY_BODY)),
    pytest.param(r"\di+", marks=pytest.mark.xfail(reason=QUERY_BODY)),
    pytest.param(r"\l", marks=pytest.mark.xfail(
        reason="pgref serves one database; PostgreSQL also lists template0 and template1")),
]


@pytest.mark.parametrize("command", MATCHING + DIFFERING)
def test_describe_matches_postgresql(targets, command):
    ours, theirs = targets
    assert psql(ours, command) == psql(theirs, command)


def test_describe_table_columns_and_footers(targets):
    """The parts of ``\\d t`` that do not depend on the pg_policy query:
    the catalog queries psql sends for columns, indexes, CHECK and foreign
    keys, run directly."""
    ours, theirs = targets
    queries = [
        "select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "(select pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) from pg_catalog.pg_attrdef d "
        " where d.adrelid = a.attrelid and d.adnum = a.attnum and a.atthasdef), a.attnotnull "
        "from pg_catalog.pg_attribute a where a.attrelid = '{rel}'::regclass and a.attnum > 0 "
        "and not a.attisdropped order by a.attnum",
        "select c2.relname, i.indisprimary, i.indisunique, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), "
        "pg_catalog.pg_get_constraintdef(con.oid, true), contype "
        "from pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i "
        "left join pg_catalog.pg_constraint con on (conrelid = i.indrelid and conindid = i.indexrelid "
        "and contype in ('p','u','x')) where c.oid = '{rel}'::regclass and c.oid = i.indrelid "
        "and i.indexrelid = c2.oid order by i.indisprimary desc, c2.relname",
        "select conname, pg_catalog.pg_get_constraintdef(oid, true), pg_catalog.pg_get_constraintdef(oid) "
        "from pg_catalog.pg_constraint where conrelid = '{rel}'::regclass order by 1",
        "select conname, conrelid::pg_catalog.regclass, pg_catalog.pg_get_constraintdef(oid, true) "
        "from pg_catalog.pg_constraint c where confrelid = '{rel}'::regclass and contype = 'f' order by 1",
        "select pg_catalog.pg_get_indexdef(indexrelid) from pg_catalog.pg_index "
        "where indrelid = '{rel}'::regclass order by 1",
    ]
    for rel in ("t", "u", "t2", "r", "rr", "sc.st"):
        for q in queries:
            sql = q.format(rel=rel)
            assert psql(ours, sql) == psql(theirs, sql), sql


def test_visibility_and_sizes(targets):
    ours, theirs = targets
    for sql in ("select relname, pg_catalog.pg_table_is_visible(oid) from pg_catalog.pg_class "
                "where relname in ('t', 'st', 't_pkey', 'pg_class') order by 1",
                "select pg_catalog.pg_get_userbyid(10), pg_catalog.pg_get_userbyid(6171)",
                "select pg_catalog.pg_size_pretty(x) from (values (0::bigint), (10239), (10240), "
                "(123456789), (-123456789), (9876543210987)) v(x)",
                # pg_table_size differs: PostgreSQL counts t's TOAST table, pgref has none
                "select pg_catalog.pg_relation_size('t'), pg_catalog.pg_relation_size('t', 'fsm')",
                "select pg_catalog.pg_encoding_to_char(6), pg_catalog.pg_my_temp_schema()",
                # abs(integer), substr(text, integer), pg_get_keywords() (OUT arguments)
                "select oid, pg_catalog.pg_get_function_result(oid), pg_catalog.pg_get_function_arguments(oid) "
                "from pg_catalog.pg_proc where oid in (1397, 937, 1686) order by oid"):
        assert psql(ours, sql) == psql(theirs, sql), sql

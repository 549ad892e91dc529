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
create table "Weird Name" ("Col A" int default 5, b text check (length(b) > 2), c int);
alter table "Weird Name" drop column c;
create table p (id int primary key);
create table q (pid int references p, z int not null);
create index "Idx Q" on q (z, pid);
create sequence s2 increment 5 minvalue 10 maxvalue 1000 start 20 cycle;
create view v3 as select * from t where id > 1 and v > 0;
create view v4 (a, b) as select x.id, x.name || 'z' from t x;
create view v5 as select id + 1 as nx, name as nm from t where name <> 'q';
create view sc.sv as select b from "Weird Name";
create table d (a varchar(20) default 'abc', b int default '5', c date default '2020-01-01', n numeric default 0,
                f float8 default 1.5, g bool default true, h text default null, i timestamptz default now(),
                j int8 default 42, k numeric default 1.5, l char(3) default 'x', m int default 2+3,
                a2 int2 default '5', b2 int8 default '5', c2 numeric default '5', d2 numeric(5,2) default '5.5',
                e2 float8 default '2', f2 bool default 't', g2 int default '-3', i2 name default 'n',
                j2 json default '{}', k2 int default -3);
create table d3 (x date check (x > '2020-01-01'), y int check (y <> '7'), z text check (z > 'a'));
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
    r"\d r_pkey", r"\dt sc.*", r"\d sc.*_seq", r"\dt t*", r"\d nosuch", r"\d s2", r"\d \"Idx Q\"",
    r"\dt \"Weird Name\"", r"\dc", r"\drds", r"\dE", r"\dm", r"\db", r"\dg", r"\dC", r"\dD", r"\dy",
    r"\des", r"\dfS abs", r"\dfS percentile*", r"\dfa", r"\dfS pg_get_keywords", r"\dt pg_catalog.pg_class",
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
QUERY_BODY = ("sizes differ: PostgreSQL counts TOAST tables and the btree metapage of an empty index, "
              "pgref has neither")

DIFFERING = [
    r"\d t",
    r"\d u",
    r"\d t2",
    r"\d rr",
    r"\d sc.st",
    # and then the Size column: PostgreSQL counts TOAST tables and the btree
    # metapage of an empty index (8192 bytes), pgref has neither
    pytest.param(r"\dt+", marks=pytest.mark.xfail(reason=QUERY_BODY)),
    r"\di+",
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
    for rel in ("t", "u", "t2", "r", "rr", "sc.st", '"Weird Name"', "p", "q"):
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


def test_view_definitions(targets):
    ours, theirs = targets
    for sql in ("select viewname, pg_catalog.pg_get_viewdef(c.oid), pg_catalog.pg_get_viewdef(c.oid, true) "
                "from pg_catalog.pg_views v join pg_catalog.pg_class c on c.relname = v.viewname "
                "where schemaname in ('public', 'sc') order by 1",
                "select schemaname, viewname, definition from pg_catalog.pg_views "
                "where schemaname in ('public', 'sc') order by 2"):
        assert psql(ours, sql) == psql(theirs, sql), sql


def test_stored_defaults_and_checks(targets):
    """Defaults and CHECK expressions print with the constants' types as
    PostgreSQL's analyzer gave them (a bare string literal becomes a
    constant of the column's type; DEFAULT NULL stores nothing)."""
    ours, theirs = targets
    for sql in ("select a.attname, a.atthasdef, pg_catalog.pg_get_expr(d.adbin, d.adrelid, true), "
                "pg_catalog.pg_get_expr(d.adbin, d.adrelid) from pg_catalog.pg_attribute a "
                "left join pg_catalog.pg_attrdef d on a.attrelid = d.adrelid and a.attnum = d.adnum "
                "where a.attrelid = 'd'::regclass and a.attnum > 0 order by a.attnum",
                "select conname, pg_catalog.pg_get_constraintdef(oid), pg_catalog.pg_get_constraintdef(oid, true) "
                "from pg_catalog.pg_constraint where conrelid = 'd3'::regclass order by 1",
                "select column_name, column_default from information_schema.columns "
                "where table_name = 'd' order by ordinal_position"):
        assert psql(ours, sql) == psql(theirs, sql), sql


def test_builtin_function_signatures(targets):
    """pg_get_function_arguments / _result / _identity_arguments of every
    built-in (defaults decoded from proargdefaults, ORDER BY of
    ordered-set aggregates, OUT and TABLE columns) -- what \\df shows."""
    ours, theirs = targets
    sql = ("select oid, pg_catalog.pg_get_function_arguments(oid), pg_catalog.pg_get_function_result(oid), "
           "pg_catalog.pg_get_function_identity_arguments(oid) from pg_catalog.pg_proc "
           "where oid < 16384 order by oid")
    assert psql(ours, sql) == psql(theirs, sql)

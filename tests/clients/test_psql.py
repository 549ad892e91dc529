"""psql 15's meta-commands against ``pgref serve``, compared with the same
script on the PostgreSQL oracle (a fresh database there, a fresh server
here, so both hold the same objects).

psql's describe commands (\\d, \\dt, \\dn, \\du, \\df, \\dT, \\do ...) are
catalog queries with regular expressions, format_type, pg_get_expr,
pg_get_indexdef, pg_get_constraintdef, pg_table_is_visible, array functions
and obj_description; \\copy is COPY FROM STDIN / TO STDOUT; an error with a
position is printed with psql's ``LINE 1:`` and caret (spec/10-wire-protocol.md,
"Tests that pin it down").
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

PSQL = shutil.which("psql") or "/usr/bin/psql"

OBJECTS_AND_DESCRIBE = r"""
create table dept (id serial primary key, name varchar(40) not null unique, budget numeric(12,2) default 0);
create table emp (
    id bigint primary key,
    dept_id int references dept(id) on delete cascade,
    name text not null,
    email text,
    salary numeric(10,2) default 1000 check (salary >= 0),
    hired date default current_date,
    active boolean default true,
    constraint emp_email_key unique (email)
);
create index emp_name_idx on emp (name);
create index emp_dept_salary_idx on emp (dept_id, salary desc);
create view rich as select name, salary from emp where salary > 5000;
create sequence myseq start 5;
create schema other;
create table other.t2 (a int);
\d
\dt
\d dept
\d emp
\d rich
\d myseq
\d emp_pkey
\dn
\du
\dv
\ds
\di
\df abs
\x
select 1 as a, 'two' as b;
\x
insert into dept (name) values ('eng'), ('ops');
insert into emp (id, dept_id, name, email, salary) values (1, 1, 'ann', 'a@x', 7000), (2, 2, 'bob', null, 100);
\copy emp (id, name, salary) to stdout
\copy emp (id, name) to stdout with (format csv, header)
\copy dept (name) from stdin
sales
hr
\.
select id, name from dept order by id;
select * from emp where zzz = 1;
select 1 +;
\d nosuch
"""

COMMENTS_AND_CATALOG = r"""
create table p (id int primary key, note text);
comment on table p is 'the p table';
comment on column p.note is 'a note';
create table c (id int, pid int references p(id), v varchar(5) default 'x', primary key (id));
\d+ p
\d+ c
\dT
\dT+ int4
\dx
\dp p
\dd
\sf abs
\dD
\dc
\do ||
\db
\dg
"""


CATALOG_QUERIES = r"""
create table rp (a int, b int, primary key (a, b));
create table ru (x int unique);
create table rf (a int, b int, x int references ru(x) on delete set null,
                foreign key (a, b) references rp match full on update cascade);
select constraint_schema, constraint_name, unique_constraint_schema, unique_constraint_name, match_option,
       update_rule, delete_rule from information_schema.referential_constraints
 where constraint_name like 'rf%' order by constraint_name;
select conname, conindid::regclass from pg_constraint where conrelid = 'rf'::regclass order by 1;
select relname, n_live_tup, seq_scan, idx_scan from pg_stat_user_tables where relname like 'r_' order by relname;
select extname, extversion, extnamespace::regnamespace from pg_extension;
select rngtypid::regtype, rngsubtype::regtype, rngmultitypid::regtype from pg_range order by 1;
select obj_description('abs(integer)'::regprocedure, 'pg_proc'), obj_description('int4'::regtype, 'pg_type');
select json_build_object('a', 1, 'b', array[1,2], 'c', null), json_build_array(1, 'x', true), to_json('a"b'::text);
select generate_subscripts('[2:3]={7,8}'::int[], 1);
select to_regclass('pg_class'), to_regclass('nosuch'), to_regtype('integer'), 'pg_type'::regclass,
       '+(integer,integer)'::regoperator, 'postgres'::regrole, '"C"'::regcollation;
"""


def run_psql(host: str, port: int, dbname: str, script: str, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "script.sql"
    path.write_text(script)
    return subprocess.run([PSQL, "-X", "-h", host, "-p", str(port), "-U", "postgres", "-d", dbname,
                           "-f", str(path)], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "10"})


def compare_with_postgres(server, pg_cluster, script: str, tmp_path, dbname: str) -> str:
    pg_cluster.create_database(dbname)
    try:
        want = run_psql(pg_cluster.sockdir, pg_cluster.port, dbname, script, tmp_path)
    finally:
        pg_cluster.drop_database(dbname)
    got = run_psql("127.0.0.1", server.port, "postgres", script, tmp_path)
    assert got.stderr == want.stderr
    assert got.stdout == want.stdout
    return got.stdout + got.stderr


@pytest.mark.oracle
def test_describe_copy_expanded_and_error_cursor(server, pg_cluster, tmp_path):
    out = compare_with_postgres(server, pg_cluster, OBJECTS_AND_DESCRIBE, tmp_path, "cl_psql_describe")
    # the comparison is the test; these make sure the script did its work
    assert 'Referenced by:\n    TABLE "emp" CONSTRAINT "emp_dept_id_fkey" FOREIGN KEY (dept_id) ' \
           "REFERENCES dept(id) ON DELETE CASCADE" in out
    assert '    "emp_dept_salary_idx" btree (dept_id, salary DESC)' in out
    assert "-[ RECORD 1 ]\na | 1\nb | two\n" in out
    assert "1\tann\t7000.00\n2\tbob\t100.00\n" in out
    assert "LINE 1: select * from emp where zzz = 1;\n                                ^\n" in out


@pytest.mark.oracle
def test_comments_types_operators_extensions(server, pg_cluster, tmp_path):
    out = compare_with_postgres(server, pg_cluster, COMMENTS_AND_CATALOG, tmp_path, "cl_psql_catalog")
    assert "-2 billion to 2 billion integer, 4-byte storage" in out
    assert " plpgsql | 1.0     | pg_catalog | PL/pgSQL procedural language" in out


@pytest.mark.oracle
def test_list_databases_row(server, pg_cluster, tmp_path):
    """\\l: the row of the database connected to is PostgreSQL's (the other
    rows depend on which databases exist)."""
    def cells(line):
        return [c.strip() for c in line.split("|")]

    def row(r):
        return cells(next(line for line in r.stdout.splitlines() if line.startswith(" postgres ")))
    want = run_psql(pg_cluster.sockdir, pg_cluster.port, "postgres", "\\l\n", tmp_path)
    got = run_psql("127.0.0.1", server.port, "postgres", "\\l\n", tmp_path)
    assert got.stderr == ""
    # column widths depend on the other databases listed: compare cells
    assert row(got) == row(want)
    assert got.stdout.splitlines()[0].strip() == want.stdout.splitlines()[0].strip() == "List of databases"
    assert cells(got.stdout.splitlines()[1]) == cells(want.stdout.splitlines()[1])


@pytest.mark.oracle
def test_catalog_queries_of_clients(server, pg_cluster, tmp_path):
    """Catalog rows and functions that drivers and ORMs read."""
    out = compare_with_postgres(server, pg_cluster, CATALOG_QUERIES, tmp_path, "cl_psql_queries")
    assert "rf_x_fkey       | public                   | ru_x_key" in out

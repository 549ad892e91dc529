"""User-defined functions and procedures end to end (engine/functions.py,
catalog/userprocs.py, analyzer/sqlfuncs.py, executor/userfunc.py,
pgref/regresslib): CREATE/ALTER/DROP, overloading, defaults, named and
variadic arguments, SQL bodies (validation, DML, recursion, SETOF, OUT
parameters, composite results), CALL, LANGUAGE internal / C, persistence
and rollback.  Expected texts are PostgreSQL 15's (spec/12-functions.md)."""

import pgref
from .sqlhelp import err, rows


# ------------------------------------------------------------------ creation and catalog rows
def test_sql_function_call_and_pg_proc_row(s):
    s.execute("create function add1(a int) returns int language sql immutable strict as 'select a + 1'")
    assert rows(s, "select add1(41), add1(null)") == [(42, None)]
    r = rows(s, "select proname, prorettype::regtype::text, provolatile, proisstrict, prokind, prosrc, pronargs "
                "from pg_proc where oid = 'add1'::regproc")
    assert r == [("add1", "integer", "i", True, "f", "select a + 1", 1)]
    assert rows(s, "select 'add1(int)'::regprocedure::text") == [("add1(integer)",)]


def test_sql_standard_bodies(s):
    s.execute("create function dbl(int) returns int return $1 * 2")
    s.execute("create table t (a int)")
    s.execute("create procedure ins(x int) begin atomic insert into t values (x); insert into t values (x + 1); end")
    s.execute("call ins(dbl(5))")
    assert rows(s, "select a from t order by a") == [(10,), (11,)]


def test_duplicate_and_replace(s):
    s.execute("create function f(int) returns int language sql as 'select 1'")
    e = err(s, "create function f(int) returns int language sql as 'select 2'")
    assert (e.sqlstate, e.message) == ("42723", 'function "f" already exists with same argument types')
    s.execute("create or replace function f(int) returns int language sql as 'select 2'")
    assert rows(s, "select f(0)") == [(2,)]
    e = err(s, "create or replace function f(int) returns text language sql as 'select 2::text'")
    assert (e.sqlstate, e.message, e.hint) == ("42P13", "cannot change return type of existing function",
                                               "Use DROP FUNCTION f(integer) first.")
    e = err(s, "create or replace procedure f(int) language sql as 'select 1'")
    assert (e.sqlstate, e.message, e.detail) == ("42809", "cannot change routine kind", '"f" is a function.')


def test_validation_errors(s):
    e = err(s, "create function f() returns int language sql as $$ select 'foo'::text $$")
    assert (e.sqlstate, e.message, e.detail, e.context) == (
        "42P13", "return type mismatch in function declared to return integer", "Actual return type is text.",
        'SQL function "f"')
    e = err(s, "create function f() returns int language sql as 'select 1, 2'")
    assert e.detail == "Final statement must return exactly one column."
    e = err(s, "create function f(int) returns int language sql as 'select $2'")
    assert (e.sqlstate, e.message) == ("42P02", "there is no parameter $2")
    e = err(s, "create function f() returns int language sql as 'update nosuch set a = 1'")
    assert e.sqlstate == "42P01"
    e = err(s, "create function f() language sql as 'select 1'")
    assert (e.sqlstate, e.message) == ("42P13", "function result type must be specified")
    e = err(s, "create function f() returns int as 'select 1'")
    assert (e.sqlstate, e.message) == ("42P13", "no language specified")
    e = err(s, "create function f(int) returns anyelement language sql as 'select 1'")
    assert (e.message, e.detail) == ("cannot determine result data type",
                                     "A result of type anyelement requires at least one input of type anyelement, "
                                     "anyarray, anynonarray, anyenum, anyrange, or anymultirange.")
    e = err(s, "create function f(a int default 1, b int) returns int language sql as 'select 1'")
    assert e.message == "input parameters after one with a default value must also have defaults"
    e = err(s, "create function f(a int, a int) returns int language sql as 'select 1'")
    assert e.message == 'parameter name "a" used more than once'
    e = err(s, "create function f(variadic a int) returns int language sql as 'select 1'")
    assert e.message == "VARIADIC parameter must be an array"
    e = err(s, "create function f() returns int language sql immutable stable as 'select 1'")
    assert (e.sqlstate, e.message) == ("42601", "conflicting or redundant options")
    e = err(s, "create procedure p() language sql immutable as 'select 1'")
    assert (e.sqlstate, e.message) == ("42P13", "invalid attribute in procedure definition")


def test_check_function_bodies_off_skips_analysis(s):
    s.execute("set check_function_bodies = off")
    s.execute("create function later() returns int language sql as 'select a from nosuch'")
    s.execute("set check_function_bodies = on")
    e = err(s, "select later()")
    assert e.sqlstate == "42P01" and e.context == 'SQL function "later" statement 1'


def test_unknown_languages(s):
    e = err(s, "create function f() returns int language nosuch as 'x'")
    assert (e.sqlstate, e.message) == ("42704", 'language "nosuch" does not exist')
    e = err(s, "do language sql $$ select 1 $$")
    assert (e.sqlstate, e.message) == ("0A000", 'language "sql" does not support inline code execution')


# ------------------------------------------------------------------ calling
def test_overloading_defaults_named_and_variadic(s):
    s.execute("create function ov(int) returns text language sql as $$ select 'int' $$")
    s.execute("create function ov(text) returns text language sql as $$ select 'text' $$")
    assert rows(s, "select ov(1), ov('a'::text), ov('x')") == [("int", "text", "text")]
    s.execute("create function d(a int, b int default 10, c int default 100) returns int "
              "language sql as 'select a + b + c'")
    assert rows(s, "select d(1), d(1, 2), d(1, 2, 3), d(a => 1, c => 0), d(c := 5, a := 0, b := 0)") == \
        [(111, 103, 6, 11, 5)]
    e = err(s, "select d(b => 1)")
    assert (e.sqlstate, e.message) == ("42883", "function d(b => integer) does not exist")
    e = err(s, "select d(a => 1, a => 2)")
    assert (e.sqlstate, e.message) == ("42601", 'argument name "a" used more than once')
    e = err(s, "select d(a => 1, 2)")
    assert e.message == "positional argument cannot follow named argument"
    s.execute("create function vsum(variadic xs int[]) returns int language sql "
              "as 'select sum(x)::int from unnest(xs) x'")
    assert rows(s, "select vsum(1, 2, 3), vsum(variadic array[4, 5])") == [(6, 9)]


def test_parameter_names_columns_win(s):
    s.execute("create table t (a int)")
    s.execute("insert into t values (1), (2)")
    s.execute("create function cnt(a int) returns bigint language sql as 'select count(*) from t where a = a'")
    assert rows(s, "select cnt(1)") == [(2,)]          # the column a, not the parameter
    s.execute("create function cnt2(x int) returns bigint language sql "
              "as 'select count(*) from t where a = cnt2.x'")
    assert rows(s, "select cnt2(1)") == [(1,)]


def test_recursion_and_dml(s):
    s.execute("create function fact(n int) returns numeric language sql as "
              "'select case when n <= 1 then 1 else n * fact(n - 1) end'")
    assert rows(s, "select fact(20)::text") == [("2432902008176640000",)]
    s.execute("create table log (v int)")
    s.execute("create function addlog(int) returns int language sql as "
              "$$ insert into log values ($1); insert into log values ($1 + 1); select count(*)::int from log $$")
    assert rows(s, "select addlog(7)") == [(2,)]
    assert rows(s, "select v from log order by v") == [(7,), (8,)]


def test_setof_table_and_out_parameters(s):
    s.execute("create table emp (name text, salary int)")
    s.execute("insert into emp values ('a', 100), ('b', 800)")
    s.execute("create function rich(int) returns setof emp language sql as 'select * from emp where salary > $1'")
    assert rows(s, "select * from rich(0) order by name") == [("a", 100), ("b", 800)]
    assert rows(s, "select name from rich(500)") == [("b",)]
    s.execute("create function gen(n int) returns table(i int, sq int) language sql "
              "as 'select g, g * g from generate_series(1, n) g'")
    assert rows(s, "select * from gen(3)") == [(1, 1), (2, 4), (3, 9)]
    assert rows(s, "select i from gen(2) as g(i, sq) where sq > 1") == [(2,)]
    s.execute("create function two(in x int, out y int, out z text) language sql as $$ select x * 2, 'z' $$")
    assert rows(s, "select * from two(4)") == [(8, "z")]
    assert rows(s, "select (two(4)).z") == [("z",)]
    s.execute("create function recs() returns setof record language sql as $$ select 1, 'a'::text $$")
    assert rows(s, "select * from recs() as r(p int, q text)") == [(1, "a")]
    e = err(s, "select * from recs()")
    assert (e.sqlstate, e.message) == ("42601", 'a column definition list is required for functions returning '
                                                '"record"')
    s.execute("create function v(int) returns setof void language sql as 'select generate_series(1, $1)'")
    assert rows(s, "select * from v(3)") == []


def test_polymorphic_sql_function(s):
    s.execute("create function first_of(x anyarray) returns anyelement language sql as 'select x[1]'")
    assert rows(s, "select first_of(array[3, 4]), first_of(array['a', 'b'])") == [(3, "a")]


# ------------------------------------------------------------------ procedures
def test_call_with_output_parameters(s):
    s.execute("create procedure swap(inout a int, inout b int) language sql as 'select b, a'")
    r = s.execute("call swap(1, 2)")[-1]
    assert [c.name for c in r.columns] == ["a", "b"] and r.rows == [(2, 1)]
    s.execute("create procedure outp(in a int, out b int) language sql as 'select a + 1'")
    assert rows(s, "call outp(1, null)") == [(2,)]
    e = err(s, "select swap(1, 2)")
    assert (e.sqlstate, e.hint) == ("42809", "To call a procedure, use CALL.")
    e = err(s, "call nosuch()")
    assert (e.sqlstate, e.message) == ("42883", "procedure nosuch() does not exist")
    s.execute("create function fn() returns int language sql as 'select 1'")
    e = err(s, "call fn()")
    assert (e.sqlstate, e.message) == ("42809", "fn() is not a procedure")


# ------------------------------------------------------------------ ALTER / DROP
def test_alter_and_drop(s):
    s.execute("create function a1(int) returns int language sql as 'select $1'")
    s.execute("alter function a1(int) immutable strict cost 5")
    assert rows(s, "select provolatile, proisstrict, procost from pg_proc where proname = 'a1'") == [("i", True, 5.0)]
    s.execute("alter function a1(int) rename to a2")
    assert rows(s, "select a2(3)") == [(3,)]
    s.execute("create schema other")
    s.execute("alter function a2(int) set schema other")
    assert rows(s, "select other.a2(4)") == [(4,)]
    e = err(s, "drop function a2(int)")
    assert (e.sqlstate, e.message) == ("42883", "function a2(integer) does not exist")
    s.execute("drop function other.a2(int)")
    s.execute("drop function if exists other.a2(int)")
    assert s.notices[-1].message == "function other.a2(integer) does not exist, skipping"
    s.execute("create function u(int) returns int language sql as 'select 1'")
    s.execute("create function u(text) returns int language sql as 'select 2'")
    e = err(s, "drop function u")
    assert (e.sqlstate, e.message) == ("42725", 'function name "u" is not unique')
    s.execute("drop function u(int), u(text)")
    e = err(s, "drop function int4pl(int, int)")
    assert e.sqlstate == "2BP01"


def test_drop_schema_cascade_drops_functions(s):
    s.execute("create schema sc")
    s.execute("create function sc.f1() returns int language sql as 'select 1'")
    s.execute("create function sc.f2() returns int language sql as 'select 2'")
    e = err(s, "drop schema sc")
    assert e.sqlstate == "2BP01"
    s.execute("drop schema sc cascade")
    assert s.notices[-1].message == "drop cascades to 2 other objects"
    assert rows(s, "select count(*) from pg_proc where proname in ('f1', 'f2')") == [(0,)]


# ------------------------------------------------------------------ internal and C
def test_language_internal(s):
    s.execute("create function myabs(int) returns int language internal strict as 'int4abs'")
    assert rows(s, "select myabs(-5)") == [(5,)]
    e = err(s, "create function bad(int) returns int language internal as 'nosuch'")
    assert (e.sqlstate, e.message) == ("42883", 'there is no built-in function named "nosuch"')


def test_language_c_regress_library(s):
    lib = "/usr/lib/postgresql/15/lib/regress.so"
    s.execute(f"create function reverse_name(name) returns name as '{lib}' language c strict")
    assert rows(s, "select reverse_name('abc')") == [("cba",)]
    s.execute(f"create function test_canonicalize_path(text) returns text as '{lib}' language c strict")
    assert rows(s, "select test_canonicalize_path('/a/./b/../c/')") == [("/a/c",)]
    s.execute(f"create function binary_coercible(oid, oid) returns bool as '{lib}', 'binary_coercible' "
              "language c strict")
    assert rows(s, "select binary_coercible('varchar'::regtype, 'text'::regtype), "
                   "binary_coercible('int4'::regtype, 'int8'::regtype)") == [(True, False)]
    e = err(s, f"create function x(int) returns int as '{lib}', 'nosuchsymbol' language c")
    assert (e.sqlstate, e.message) == ("42883", f'could not find function "nosuchsymbol" in file "{lib}"')
    e = err(s, "create function x(int) returns int as 'nosuchfile' language c")
    assert (e.sqlstate, e.message) == ("58P01", 'could not access file "nosuchfile": No such file or directory')
    s.execute(f"create function ttdummy() returns trigger as '{lib}' language c")
    s.execute(f"load '{lib}'")


def test_shell_return_type_for_c_function(s):
    s.execute("create function widget_in(cstring) returns widget "
              "as '/usr/lib/postgresql/15/lib/regress.so' language c strict immutable")
    assert s.notices[-1].message == 'type "widget" is not yet defined'
    assert s.notices[-1].detail == "Creating a shell type definition."
    e = err(s, "create function w2(widget) returns int language sql as 'select 1'")
    assert (e.sqlstate, e.message) == ("42P13", "SQL function cannot accept shell type widget")


# ------------------------------------------------------------------ transactions and persistence
def test_create_function_rolls_back(s):
    s.execute("begin")
    s.execute("create function gone() returns int language sql as 'select 1'")
    assert rows(s, "select gone()") == [(1,)]
    s.execute("rollback")
    e = err(s, "select gone()")
    assert e.sqlstate == "42883"


def test_functions_persist_across_reopen(tmp_path):
    c = pgref.connect(str(tmp_path / "db"), autocommit=True)
    c._session.execute("create function keep(a int, b int default 2) returns int immutable language sql "
                       "as 'select a * b'")
    c._session.execute("create function keep2() returns int return 40 + 2")
    c.close()
    c = pgref.connect(str(tmp_path / "db"), autocommit=True)
    try:
        assert c._session.execute("select keep(21), keep(1, 5), keep2()")[-1].rows == [(42, 5, 42)]
    finally:
        c.close()


# ------------------------------------------------------------------ ROWS FROM and column definition lists
def test_rows_from_and_multi_argument_unnest(s):
    s.execute("create function rf(int) returns table(a int, b int) language sql as 'select $1, $1 * 11'")
    assert rows(s, "select * from rows from(rf(1), generate_series(5, 6)) with ordinality as z(a, b, c, o)") == \
        [(1, 11, 5, 1), (None, None, 6, 2)]
    r = s.execute("select * from unnest(array[10, 20], array['foo', 'bar'], array[1.0])")[-1]
    assert [c.name for c in r.columns] == ["unnest", "unnest", "unnest"]
    assert [tuple(map(str, x)) for x in r.rows] == [("10", "foo", "1.0"), ("20", "bar", "None")]


def test_column_definition_list_errors_and_coercion(s):
    s.execute("create function pairs() returns setof record language sql as $$ select 1, 'one'::text $$")
    assert [tuple(map(str, x)) for x in rows(s, "select * from pairs() as t(f1 numeric(4,2), f2 text)")] == \
        [("1.00", "one")]
    e = err(s, "select * from pairs() as t(f1 int, f2 text, f3 int)")
    assert (e.sqlstate, e.message) == ("42P13", "return type mismatch in function declared to return record")
    s.execute("create function outs(out a int, out b numeric) language sql as 'select (1, 2)'")
    e = err(s, "select * from outs()")
    assert (e.sqlstate, e.message, e.detail) == (
        "42804", "function return row and query-specified return row do not match",
        "Returned type integer at ordinal position 2, but query expects numeric.")
    e = err(s, "select * from outs() as t(x int, y int)")
    assert e.message == "a column definition list is redundant for a function with OUT parameters"
    e = err(s, "select * from sin(3) as t(x int)")
    assert e.message == 'a column definition list is only allowed for functions returning "record"'


def test_procedure_with_composite_inout(s):
    s.execute("create table it (q1 int8, q2 int8)")
    s.execute("create procedure p4c(inout comp it) language sql as $$ select row(1, 2); $$")
    (v,), = rows(s, "call p4c(null)")
    assert tuple(v.values) == (1, 2) and tuple(v.types) == (20, 20)


def test_row_star_and_field_of_set_returning_call(s):
    s.execute("create function dfunc(a int, b int, out c int, out d int) language sql as 'select $1, $2'")
    r = s.execute("select (dfunc(b := 1, a := 2)).*")[-1]
    assert [c.name for c in r.columns] == ["c", "d"] and r.rows == [(2, 1)]
    s.execute("create table t (a int, b text)")
    s.execute("insert into t values (1, 'x'), (2, 'y')")
    s.execute("create function ft(int) returns setof t language sql as 'select * from t where a >= $1 order by a'")
    assert rows(s, "select (ft(1)).b, (ft(1)).*") == [("x", 1, "x"), ("y", 2, "y")]


def test_dependencies_of_sql_standard_bodies_and_defaults(s):
    s.execute("create table functest2 (a int)")
    s.execute("create function uses_table() returns int begin atomic select max(a) from functest2; end")
    s.execute("create function f4a(int) returns int language sql as 'select 1'")
    s.execute("create function f4b(x int default f4a(1)) returns int language sql as 'select x'")
    e = err(s, "drop function f4a(int)")
    assert (e.sqlstate, e.message, e.detail) == ("2BP01", "cannot drop function f4a(integer) because other objects "
                                                 "depend on it", "function f4b(integer) depends on function f4a(integer)")
    s.execute("drop function f4a(int) cascade")
    assert s.notices[-1].message == "drop cascades to function f4b(integer)"
    e = err(s, "drop table functest2")
    assert e.detail == "function uses_table() depends on table functest2"
    s.execute("drop table functest2 cascade")
    assert s.notices[-1].message == "drop cascades to function uses_table()"
    assert rows(s, "select count(*) from pg_proc where proname in ('uses_table', 'f4b')") == [(0,)]

"""PL/pgSQL end to end (pgref/plpgsql, spec/13-plpgsql.md): blocks and
declarations, control flow, SQL inside functions, INTO / STRICT, dynamic
EXECUTE, RETURN NEXT / QUERY, OUT parameters, RAISE and EXCEPTION blocks
(subtransactions), GET DIAGNOSTICS, cursors, CONTEXT lines and compile-time
errors.  Expected texts are PostgreSQL 15's (checked on a real server)."""
import pytest

import pgref
from pgref.errors import PgError


@pytest.fixture
def s():
    c = pgref.connect(":memory:", autocommit=True)
    yield c._session
    c.close()


def rows(s, sql):
    return s.execute(sql)[-1].rows


def val(s, sql):
    return rows(s, sql)[0][0]


def err(s, sql) -> PgError:
    with pytest.raises(PgError) as e:
        s.execute(sql)
    return e.value


def notices(s):
    out = [n.message for n in s.notices]
    s.notices.clear()
    return out


# ------------------------------------------------------------------ blocks, variables
def test_declare_assign_if_return(s):
    s.execute("""create function f(a int) returns text language plpgsql as $$
        declare x int := 2; y text; z constant int = 10;
        begin
          x := x + a;
          if x > 5 then y := 'big'; elsif x > 3 then y = 'mid'; else y := 'small'; end if;
          return y || ':' || (x * z);
        end $$""")
    assert rows(s, "select f(1), f(2), f(5), f(null)") == [("small:30", "mid:40", "big:70", None)]


def test_nested_blocks_labels_and_shadowing(s):
    s.execute("""create function f() returns text language plpgsql as $$
        <<blk>> declare x int := 1;
        begin
          declare x int := 2;
          begin
            return blk.x || ',' || x || ',' || f.found;
          end;
        end $$""")
    assert val(s, "select f()") == "1,2,false"


def test_type_and_rowtype_declarations(s):
    s.execute("create table t (a int, b text)")
    s.execute("insert into t values (1, 'one'), (2, 'two')")
    s.execute("""create function f() returns text language plpgsql as $$
        declare r t%rowtype; b t.b%type; c b%type; rec record;
        begin
          select * into r from t where a = 2;
          b := r.b; c := b || '!';
          select a, b into rec from t where a = 1;
          return r.a || b || c || rec.b;
        end $$""")
    assert val(s, "select f()") == "2twotwo!one"


def test_not_null_and_constant(s):
    e = err(s, """do $$ declare x int not null; begin end $$""")
    assert e.sqlstate == "22004"
    e = err(s, """create function f() returns int language plpgsql as $$
        declare c constant int := 1; begin c := 2; return c; end $$""")
    assert e.sqlstate == "42601" and e.message == 'variable "c" is declared CONSTANT'
    s.execute("""create function g() returns int language plpgsql as $$
        declare x int not null := 1; begin x := null; return x; end $$""")
    e = err(s, "select g()")
    assert e.sqlstate == "22004"
    assert e.message == 'null value cannot be assigned to variable "x" declared NOT NULL'


# ------------------------------------------------------------------ control flow
def test_loops(s):
    s.execute("""create function f() returns text language plpgsql as $$
        declare i int; acc text := ''; n int := 0;
        begin
          for i in 1..10 by 3 loop acc := acc || i; end loop;
          for i in reverse 3..1 loop acc := acc || i; end loop;
          while n < 3 loop n := n + 1; continue when n = 2; acc := acc || 'w'; end loop;
          loop n := n + 1; exit when n > 5; end loop;
          <<l>> loop loop exit l; end loop; end loop;
          foreach i in array array[7,8] loop acc := acc || i; end loop;
          return acc || n;
        end $$""")
    assert val(s, "select f()") == "1471032 1ww786".replace(" ", "")


def test_case_statement(s):
    s.execute("""create function f(x int) returns text language plpgsql as $$
        begin
          case x when 1, 2 then return 'low'; when 3 then return 'three'; else return 'other'; end case;
        end $$""")
    assert rows(s, "select f(1), f(3), f(9)") == [("low", "three", "other")]
    s.execute("""create function g(x int) returns text language plpgsql as $$
        begin case when x > 0 then return 'pos'; end case; end $$""")
    e = err(s, "select g(-1)")
    assert (e.sqlstate, e.message, e.hint) == ("20000", "case not found", "CASE statement is missing ELSE part.")


def test_for_over_query_and_found(s):
    s.execute("create table t (a int)")
    s.execute("insert into t select generate_series(1, 4)")
    s.execute("""create function f() returns text language plpgsql as $$
        declare r record; total int := 0; a1 int; f1 bool; f2 bool;
        begin
          for r in select a from t order by a loop total := total + r.a; end loop;
          f1 := found;
          for a1 in select a from t where a > 100 loop end loop;
          f2 := found;
          return total || ' ' || f1 || ' ' || f2;
        end $$""")
    assert val(s, "select f()") == "10 true false"


# ------------------------------------------------------------------ SQL inside
def test_dml_into_strict_and_diagnostics(s):
    s.execute("create table t (a int, b text)")
    s.execute("""create function f() returns text language plpgsql as $$
        declare n int; x int; rc bigint;
        begin
          insert into t values (1, 'a'), (2, 'b'), (3, 'c');
          get diagnostics rc = row_count;
          update t set b = b || b where a > 1 returning a into x;
          exception when too_many_rows then return 'tmr ' || rc;
        end $$""")
    assert val(s, "select f()") == "tmr 3"
    assert rows(s, "select count(*) from t") == [(0,)]          # the block's work was rolled back
    s.execute("""create function g(k int) returns int language plpgsql as $$
        declare x int; begin select a into strict x from t where a = k; return x; end $$""")
    s.execute("insert into t values (1, 'a'), (1, 'b')")
    e = err(s, "select g(5)")
    assert (e.sqlstate, e.message) == ("P0002", "query returned no rows")
    assert e.context == "PL/pgSQL function g(integer) line 2 at SQL statement"
    e = err(s, "select g(1)")
    assert (e.sqlstate, e.message) == ("P0003", "query returned more than one row")
    assert e.hint == "Make sure the query returns a single row, or use LIMIT 1."


def test_select_without_into_and_perform(s):
    s.execute("""create function f() returns int language plpgsql as $$ begin select 1; return 1; end $$""")
    e = err(s, "select f()")
    assert (e.sqlstate, e.message) == ("42601", "query has no destination for result data")
    s.execute("""create function g() returns bool language plpgsql as $$
        begin perform 1 where false; return found; end $$""")
    assert val(s, "select g()") is False


def test_execute_dynamic(s):
    s.execute("create table t (a int)")
    s.execute("""create function f(tbl text) returns bigint language plpgsql as $$
        declare n bigint;
        begin
          execute format('insert into %I values ($1), ($2)', tbl) using 5, 6;
          execute 'select count(*) from ' || quote_ident(tbl) || ' where a > $1' into n using 4;
          return n;
        end $$""")
    assert val(s, "select f('t')") == 2


def test_utility_statements_run(s):
    s.execute("""do $$ begin create table made_in_do (x int); insert into made_in_do values (1); end $$""")
    assert rows(s, "select x from made_in_do") == [(1,)]


# ------------------------------------------------------------------ results
def test_setof_return_next_and_query(s):
    s.execute("""create function f(n int) returns setof int language plpgsql as $$
        begin
          for i in 1..n loop return next i * 10; end loop;
          return query select g from generate_series(1, 2) g;
        end $$""")
    assert rows(s, "select * from f(2)") == [(10,), (20,), (1,), (2,)]


def test_out_parameters_and_composites(s):
    s.execute("""create function f(a int, out b int, out c text) language plpgsql as $$
        begin b := a * 2; c := 'x' || a; end $$""")
    assert rows(s, "select * from f(4)") == [(8, "x4")]
    s.execute("create type pair as (x int, y text)")
    s.execute("""create function g() returns pair language plpgsql as $$
        declare p pair; begin p.x := 1; p.y := 'one'; return p; end $$""")
    assert rows(s, "select (g()).y, * from g()") == [("one", 1, "one")]
    s.execute("""create function h() returns table (k int, v text) language plpgsql as $$
        begin k := 1; v := 'a'; return next; k := 2; v := 'b'; return next; end $$""")
    assert rows(s, "select * from h()") == [(1, "a"), (2, "b")]


def test_missing_return(s):
    s.execute("create function f() returns int language plpgsql as $$ begin end $$")
    e = err(s, "select f()")
    assert (e.sqlstate, e.message, e.context) == ("2F005", "control reached end of function without RETURN",
                                                  "PL/pgSQL function f()")


# ------------------------------------------------------------------ RAISE, exceptions
def test_raise_levels_and_options(s):
    s.execute("""do $$ begin raise notice 'a % b %', 1, null; raise info 'i'; end $$""")
    assert notices(s) == ["a 1 b <NULL>", "i"]
    e = err(s, """do $$ begin raise exception 'boom %', 2 using detail = 'd', hint = 'h', errcode = '22012'; end $$""")
    assert (e.sqlstate, e.message, e.detail, e.hint) == ("22012", "boom 2", "d", "h")
    assert e.context == "PL/pgSQL function inline_code_block line 1 at RAISE"
    e = err(s, "do $$ begin raise division_by_zero; end $$")
    assert (e.sqlstate, e.message) == ("22012", "division_by_zero")
    e = err(s, "do $$ begin raise sqlstate 'U0001'; end $$")
    assert (e.sqlstate, e.message) == ("U0001", "U0001")


def test_exception_handlers_roll_back_the_block(s):
    s.execute("create table t (a int)")
    s.execute("""create function f() returns text language plpgsql as $$
        declare msg text; st text; det text;
        begin
          insert into t values (1);
          begin
            insert into t values (2);
            perform 1 / 0;
          exception when division_by_zero or unique_violation then
            get stacked diagnostics st = returned_sqlstate, msg = message_text;
            return st || ' ' || msg || ' ' || sqlstate || ' ' || sqlerrm;
          end;
        end $$""")
    assert val(s, "select f()") == "22012 division by zero 22012 division by zero"
    assert rows(s, "select a from t") == [(1,)]


def test_reraise_and_others(s):
    s.execute("""create function f() returns int language plpgsql as $$
        begin
          begin raise exception 'inner'; exception when others then raise notice 'caught %', sqlerrm; raise; end;
        end $$""")
    e = err(s, "select f()")
    assert e.message == "inner" and notices(s) == ["caught inner"]


def test_assert(s):
    e = err(s, "do $$ begin assert 1 = 2, 'custom'; end $$")
    assert (e.sqlstate, e.message) == ("P0004", "custom")
    e = err(s, "do $$ begin assert false; end $$")
    assert e.message == "assertion failed"
    s.execute("set plpgsql.check_asserts = off")
    s.execute("do $$ begin assert false; end $$")


# ------------------------------------------------------------------ CONTEXT lines and errors
def test_context_of_runtime_errors(s):
    s.execute("create function f3(a int) returns int language plpgsql as $$\nbegin\n  return 1/0;\nend $$")
    e = err(s, "select f3(1)")
    assert e.context == 'SQL expression "1/0"\nPL/pgSQL function f3(integer) line 3 at RETURN'
    s.execute("create function inv(x float8) returns float8 language plpgsql as $$ begin return 1/x; end $$")
    e = err(s, "select inv(0)")
    assert e.context == "PL/pgSQL function inv(double precision) line 1 at RETURN"
    s.execute("create function outer_f() returns float8 language plpgsql as $$\ndeclare r float8;\n"
              "begin\n  r := inv(0);\n  return r;\nend $$")
    e = err(s, "select outer_f()")
    assert e.context == ('PL/pgSQL function inv(double precision) line 1 at RETURN\n'
                         'PL/pgSQL function outer_f() line 4 at assignment')


def test_analysis_error_has_query_and_position(s):
    s.execute("create function f1() returns int language plpgsql as $$\ndeclare x int;\nbegin\n"
              "  x := nosuch + 1;\n  return x;\nend $$")
    e = err(s, "select f1()")
    assert e.message == 'column "nosuch" does not exist'
    assert (e.internal_query, e.internal_position) == ("x := nosuch + 1", 6)
    assert e.context == "PL/pgSQL function f1() line 4 at assignment"


def test_compile_errors_point_into_create(s):
    sql = "create function f5() returns int language plpgsql as $$\nbegin\n  foo bar;\nend $$"
    e = err(s, sql)
    assert (e.sqlstate, e.message) == ("42601", 'syntax error at or near "foo"')
    assert sql[e.position - 1:].startswith("foo bar")
    sql = "create function f4() returns int language plpgsql as $$\nbegin\n  x := 1;\nend $$"
    e = err(s, sql)
    assert e.message == '"x" is not a known variable' and sql[e.position - 1:].startswith("x := 1")
    e = err(s, "create function f6() returns int language plpgsql as $$ begin return 1 +; end $$")
    assert e.sqlstate == "42601"
    e = err(s, "create function f7() returns setof int language plpgsql as $$ begin return 1; end $$")
    assert e.message == "RETURN cannot have a parameter in function returning set"
    assert rows(s, "select count(*) from pg_proc where proname like 'f_'") == [(0,)]


def test_trigger_function_created_but_not_callable(s):
    s.execute("create function trig() returns trigger language plpgsql as $$ "
              "begin new.a := tg_argv[0]; return new; end $$")
    e = err(s, "select trig()")
    assert (e.sqlstate, e.message) == ("0A000", "trigger functions can only be called as triggers")
    assert e.context == 'compilation of PL/pgSQL function "trig" near line 1'


# ------------------------------------------------------------------ cursors
def test_cursors(s):
    s.execute("create table t (a int)")
    s.execute("insert into t values (1), (2), (3)")
    s.execute("""create function f() returns text language plpgsql as $$
        declare c scroll cursor for select a from t order by a; c2 cursor (lim int) for select a from t where a <= lim;
                x int; acc text := '';
        begin
          open c;
          fetch last from c into x; acc := acc || x;
          fetch prior from c into x; acc := acc || x;
          move first from c; fetch next from c into x; acc := acc || x;
          close c;
          for r in c2(2) loop acc := acc || '-' || r.a; end loop;
          return acc;
        end $$""")
    assert val(s, "select f()") == "322-1-2"
    s.execute("""create function rc() returns refcursor language plpgsql as $$
        declare c refcursor; begin open c for select a from t order by a desc; return c; end $$""")
    s.execute("begin")
    name = val(s, "select rc()")
    assert name == "<unnamed portal 1>"
    assert rows(s, f'fetch all from "{name}"') == [(3,), (2,), (1,)]
    s.execute("commit")


def test_plans_follow_catalog_changes(s):
    s.execute("create table t (a int)")
    s.execute("insert into t values (1)")
    s.execute("create function f() returns bigint language plpgsql as $$ begin return count(*) from t; end $$")
    assert val(s, "select f()") == 1
    s.execute("drop table t")
    s.execute("create table t (a int, b int)")
    assert val(s, "select f()") == 0


def test_trigger_function_runs_through_call_trigger(s):
    """The PL/pgSQL side of triggers (CREATE TRIGGER is not implemented yet):
    NEW / OLD / TG_* are set, RETURN NEW gives the (modified) row, RETURN
    NULL gives None."""
    from pgref import plpgsql
    s.execute("create table t (a int, b text)")
    s.execute("""create function trig() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then return null; end if;
          new.b := tg_name || ':' || tg_when || ':' || tg_level || ':' || tg_table_name || ':' || tg_argv[0]
                   || ':' || coalesce(old.a, -1);
          new.a := new.a * 10;
          return new;
        end $$""")
    s.execute("begin")
    cat = s.db.cat
    proc = next(p for p in cat.user_procs.values() if p.name == "trig")
    rel = cat.lookup_relation(None, "t", s.search_path())
    got = plpgsql.call_trigger(s, proc, name="tg", when="BEFORE", level="ROW", op="INSERT", relid=rel.oid,
                               relname="t", schema="public", args=("x",), new=(4, None))
    assert got == (40, "tg:BEFORE:ROW:t:x:-1")
    assert plpgsql.call_trigger(s, proc, name="tg", when="BEFORE", level="ROW", op="DELETE", relid=rel.oid,
                                relname="t", schema="public", old=(1, "a")) is None
    s.execute("commit")


def test_extra_checks_pragmas_and_strict_params(s):
    s.execute("set plpgsql.extra_warnings to 'shadowed_variables'")
    sql = "create function sh(in1 int) returns void language plpgsql as $$\ndeclare in1 int;\nbegin\nend $$"
    s.execute(sql)
    w = s.notices[-1]
    assert (w.severity, w.message) == ("WARNING", 'variable "in1" shadows a previously defined variable')
    assert sql[w.position - 1:].startswith("in1 int;")
    s.notices.clear()
    s.execute("set plpgsql.extra_errors to 'strict_multi_assignment'")
    e = err(s, "do $$ declare x int; y int; begin select 1, 2, 3 into x, y; end $$")
    assert e.message == "number of source and target fields in assignment does not match"
    assert e.detail == "strict_multi_assignment check of extra_errors is active."
    s.execute("reset plpgsql.extra_errors")
    s.execute("create table foo (f1 int, f2 text)")
    s.execute("insert into foo values (1, 'a'), (2, 'b')")
    s.execute("""create function st() returns void language plpgsql as $$
        #print_strict_params on
        declare x record; p1 int := 0; p3 text := 'foo';
        begin select * from foo where f1 > p1 or f2 = p3 into strict x; end $$""")
    e = err(s, "select st()")
    assert (e.message, e.detail) == ("query returned more than one row", "parameters: p1 = '0', p3 = 'foo'")


def test_pg_context_lists_the_call_stack(s):
    s.execute("""create function inner_f() returns text language plpgsql as $$
        declare c text; begin get diagnostics c = pg_context; return c; end $$""")
    s.execute("""create function outer_f() returns text language plpgsql as $$
        declare r text; begin r := inner_f(); return r; end $$""")
    assert val(s, "select outer_f()") == ("PL/pgSQL function inner_f() line 2 at GET DIAGNOSTICS\n"
                                         "PL/pgSQL function outer_f() line 2 at assignment")


def test_array_element_and_declaration_scoping(s):
    s.execute("""do $$ declare a text[] := '{{foo,bar},{baz,quux}}'; b int[];
        begin a[1][2] := 'fool'; b[3] := 7; raise notice '% %', a, b; end $$""")
    assert notices(s) == ["{{foo,fool},{baz,quux}} [3:3]={7}"]
    s.execute("""do $$ declare x int := 42; y int := x + 1;
        begin declare y int := x + 1; x int := x + 2; z int := x * 10;
              begin raise notice '% % %', x, y, z; end; end $$""")
    assert notices(s) == ["44 43 440"]
    e = err(s, "do $$ declare y int := x + 1; x int := 42; begin end $$")
    assert e.message == 'column "x" does not exist'
    assert e.context == "PL/pgSQL function inline_code_block line 1 during statement block local variable initialization"

-- PL/pgSQL (spec/13-plpgsql.md): declarations, control flow, SQL inside
-- functions, INTO / STRICT, EXECUTE, SETOF / OUT / composite results,
-- RAISE and exception blocks, cursors, DO, and creation-time errors.

-- case: plpgsql_scalar_if_loop
CREATE FUNCTION f(a int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE x int := 2; y text; s int := 0;
BEGIN
  x := x + a;
  IF x > 5 THEN y := 'big'; ELSIF x > 3 THEN y := 'mid'; ELSE y := 'small'; END IF;
  FOR i IN 1..x LOOP s := s + i; END LOOP;
  RETURN y || s;
END $$;
SELECT f(1), f(2), f(5);

-- case: plpgsql_while_exit_continue_foreach
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$
DECLARE n int := 0; acc text := ''; e int;
BEGIN
  WHILE n < 6 LOOP
    n := n + 1;
    CONTINUE WHEN n % 2 = 0;
    acc := acc || n;
  END LOOP;
  <<outer_loop>> LOOP
    LOOP EXIT outer_loop WHEN n > 8; n := n + 1; END LOOP;
  END LOOP;
  FOREACH e IN ARRAY ARRAY[[1,2],[3,4]] LOOP acc := acc || '.' || e; END LOOP;
  FOR i IN REVERSE 10..1 BY 4 LOOP acc := acc || '/' || i; END LOOP;
  RETURN acc || ':' || n;
END $$;
SELECT f();

-- case: plpgsql_case_statement
CREATE FUNCTION f(x int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  CASE x WHEN 1, 2 THEN RETURN 'low'; WHEN 3 THEN RETURN 'three'; ELSE RETURN 'other'; END CASE;
END $$;
SELECT f(1), f(3), f(7);

-- case: plpgsql_case_not_found
-- expect: error 20000
CREATE FUNCTION f(x int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN CASE WHEN x > 0 THEN RETURN 'pos'; END CASE; END $$;
SELECT f(-1);

-- case: plpgsql_rowtype_and_record
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'one'), (2, 'two');
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$
DECLARE r t%ROWTYPE; b t.b%TYPE; rec record; total int := 0;
BEGIN
  SELECT * INTO r FROM t WHERE a = 2;
  b := r.b || '!';
  FOR rec IN SELECT * FROM t ORDER BY a LOOP total := total + rec.a; END LOOP;
  RETURN r.a || b || total || found;
END $$;
SELECT f();

-- case: plpgsql_select_into_strict_no_rows
-- expect: error P0002
CREATE TABLE t (a int);
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
DECLARE x int; BEGIN SELECT a INTO STRICT x FROM t; RETURN x; END $$;
SELECT f();

-- case: plpgsql_select_into_strict_many_rows
-- expect: error P0003
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
DECLARE x int; BEGIN SELECT a INTO STRICT x FROM t; RETURN x; END $$;
SELECT f();

-- case: plpgsql_dml_returning_and_row_count
CREATE TABLE t (a int, b text);
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$
DECLARE n bigint; k int;
BEGIN
  INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE t SET b = upper(b) WHERE a = 2 RETURNING a INTO k;
  DELETE FROM t WHERE a = 3;
  RETURN n || ' ' || k || ' ' || found;
END $$;
SELECT f();
SELECT a, b FROM t ORDER BY a;

-- case: plpgsql_execute_using
CREATE TABLE t (a int);
CREATE FUNCTION f(tbl text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  EXECUTE format('INSERT INTO %I SELECT generate_series(1, $1)', tbl) USING 5;
  EXECUTE 'SELECT count(*) FROM ' || quote_ident(tbl) || ' WHERE a > $1' INTO n USING 2;
  RETURN n;
END $$;
SELECT f('t');

-- case: plpgsql_setof_and_table_results
CREATE FUNCTION f(n int) RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP RETURN NEXT i * 10; END LOOP;
  RETURN QUERY SELECT g FROM generate_series(1, 2) g;
END $$;
CREATE FUNCTION g() RETURNS TABLE (k int, v text) LANGUAGE plpgsql AS $$
BEGIN k := 1; v := 'a'; RETURN NEXT; k := 2; v := 'b'; RETURN NEXT; END $$;
SELECT * FROM f(3) UNION ALL SELECT k FROM g();

-- case: plpgsql_out_params_and_composite
CREATE TYPE pair AS (x int, y text);
CREATE FUNCTION f(a int, OUT b int, OUT c text) LANGUAGE plpgsql AS $$
BEGIN b := a * 2; c := 'x' || a; END $$;
CREATE FUNCTION g() RETURNS pair LANGUAGE plpgsql AS $$
DECLARE p pair; BEGIN p.x := 1; p.y := 'one'; RETURN p; END $$;
SELECT (f(4)).*, (g()).y, g()::text;

-- case: plpgsql_exception_rolls_back_block
CREATE TABLE t (a int);
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text;
BEGIN
  INSERT INTO t VALUES (1);
  BEGIN
    INSERT INTO t VALUES (2);
    PERFORM 1 / 0;
  EXCEPTION WHEN division_by_zero THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN st || ' ' || msg || ' ' || SQLSTATE || ' ' || SQLERRM;
  END;
END $$;
SELECT f();
SELECT a FROM t;

-- case: plpgsql_raise_exception_with_errcode
-- expect: error 22012
DO $$ BEGIN RAISE EXCEPTION 'boom %', 2 USING ERRCODE = 'division_by_zero', HINT = 'h'; END $$;

-- case: plpgsql_raise_condition_name_caught
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE unique_violation USING MESSAGE = 'dup';
EXCEPTION WHEN integrity_constraint_violation THEN RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT f();

-- case: plpgsql_assert_failure
-- expect: error P0004
DO $$ BEGIN ASSERT 1 + 1 = 3, 'math is broken'; END $$;

-- case: plpgsql_missing_return
-- expect: error 2F005
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN END $$;
SELECT f();

-- case: plpgsql_runtime_error_in_expression
-- expect: error 22012
CREATE FUNCTION f(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 10 / x; END $$;
SELECT f(0);

-- case: plpgsql_syntax_error_position
-- expect: error 42601
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  foo bar;
END $$;

-- case: plpgsql_unknown_variable_assignment
-- expect: error 42601
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  x := 1;
END $$;

-- case: plpgsql_return_in_setof
-- expect: error 42804
CREATE FUNCTION f() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;

-- case: plpgsql_unknown_column_in_body
-- expect: error 42703
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ DECLARE x int; BEGIN x := nosuch + 1; RETURN x; END $$;
SELECT f();

-- case: plpgsql_cursors
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$
DECLARE c SCROLL CURSOR FOR SELECT a FROM t ORDER BY a;
        c2 CURSOR (lim int) FOR SELECT a FROM t WHERE a <= lim ORDER BY a;
        x int; acc text := '';
BEGIN
  OPEN c;
  FETCH LAST FROM c INTO x; acc := acc || x;
  FETCH PRIOR FROM c INTO x; acc := acc || x;
  MOVE FIRST FROM c; FETCH NEXT FROM c INTO x; acc := acc || x;
  CLOSE c;
  FOR r IN c2(2) LOOP acc := acc || '-' || r.a; END LOOP;
  RETURN acc;
END $$;
SELECT f();

-- case: plpgsql_do_block_ddl_and_dml
DO $$
BEGIN
  CREATE TABLE made_in_do (x int);
  INSERT INTO made_in_do SELECT generate_series(1, 3);
END $$;
SELECT sum(x) FROM made_in_do;

-- case: plpgsql_recursion
CREATE FUNCTION fact(n int) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN IF n <= 1 THEN RETURN 1; END IF; RETURN n * fact(n - 1); END $$;
SELECT fact(20);

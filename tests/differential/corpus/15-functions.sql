-- User-defined functions and procedures (spec/12-functions.md): SQL bodies,
-- SQL-standard bodies, overloading, defaults, named and variadic arguments,
-- SETOF / TABLE / OUT results, CALL, validation errors, DROP / ALTER and the
-- pg_proc rows they make.

-- case: functions_scalar_sql
CREATE FUNCTION add1(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + 1';
SELECT add1(41), add1(NULL);

-- case: functions_return_body
CREATE FUNCTION dbl(int) RETURNS int RETURN $1 * 2;
SELECT dbl(21), dbl(dbl(2));

-- case: functions_pg_proc_row
CREATE FUNCTION f(a int, INOUT b text DEFAULT 'x', OUT c int) LANGUAGE sql STABLE STRICT AS $$ SELECT b, a $$;
SELECT proname, prorettype::regtype, proargtypes::text, proallargtypes::text, proargmodes::text,
       proargnames::text, pronargs, pronargdefaults, provolatile, proisstrict, proretset, prokind
FROM pg_proc WHERE proname = 'f';

-- case: functions_overloading
CREATE FUNCTION ov(int) RETURNS text LANGUAGE sql AS $$ SELECT 'int' $$;
CREATE FUNCTION ov(text) RETURNS text LANGUAGE sql AS $$ SELECT 'text' $$;
CREATE FUNCTION ov(numeric) RETURNS text LANGUAGE sql AS $$ SELECT 'numeric' $$;
SELECT ov(1), ov('a'), ov(1.5), ov(2::int8);

-- case: functions_defaults_and_named
CREATE FUNCTION d(a int, b int DEFAULT 10, c int DEFAULT 100) RETURNS int LANGUAGE sql AS 'SELECT a + b + c';
SELECT d(1), d(1, 2), d(1, 2, 3), d(a => 1, c => 0), d(c := 5, a := 0, b := 0), d(1, c => 7);

-- case: functions_named_unknown
-- expect: error 42883
CREATE FUNCTION d(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql AS 'SELECT a + b';
SELECT d(b => 1);

-- case: functions_named_twice
-- expect: error 42601
CREATE FUNCTION d(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql AS 'SELECT a + b';
SELECT d(a => 1, a => 2);

-- case: functions_variadic
CREATE FUNCTION vsum(VARIADIC xs int[]) RETURNS int LANGUAGE sql AS 'SELECT sum(x)::int FROM unnest(xs) x';
SELECT vsum(1, 2, 3), vsum(VARIADIC ARRAY[4, 5]);

-- case: functions_setof_table
CREATE TABLE emp (name text, salary int);
INSERT INTO emp VALUES ('a', 100), ('b', 800), ('c', 900);
CREATE FUNCTION rich(int) RETURNS SETOF emp LANGUAGE sql AS 'SELECT * FROM emp WHERE salary > $1 ORDER BY name';
SELECT * FROM rich(500);

-- case: functions_returns_table_ordinality
CREATE FUNCTION gen(n int) RETURNS TABLE(i int, sq int) LANGUAGE sql AS 'SELECT g, g * g FROM generate_series(1, n) g';
SELECT * FROM gen(3) WITH ORDINALITY AS t(a, b, o);

-- case: functions_out_params_in_from
CREATE FUNCTION two(IN x int, OUT y int, OUT z text) LANGUAGE sql AS $$ SELECT x * 2, 'z' $$;
SELECT * FROM two(4);

-- case: functions_record_coldef
CREATE FUNCTION recs() RETURNS SETOF record LANGUAGE sql AS $$ SELECT 1, 'a'::text UNION ALL SELECT 2, 'b' $$;
SELECT * FROM recs() AS r(p int, q text) ORDER BY p;

-- case: functions_record_needs_coldef
-- expect: error 42601
CREATE FUNCTION recs() RETURNS SETOF record LANGUAGE sql AS $$ SELECT 1, 'a'::text $$;
SELECT * FROM recs();

-- case: functions_lateral_call
CREATE FUNCTION rs(int, int) RETURNS SETOF int LANGUAGE sql AS 'SELECT generate_series($1, $2)';
SELECT * FROM (VALUES (1), (2)) v(r), rs(r, r + 1) ORDER BY 1, 2;

-- case: functions_recursion
CREATE FUNCTION fact(n int) RETURNS numeric LANGUAGE sql AS 'SELECT CASE WHEN n <= 1 THEN 1 ELSE n * fact(n - 1) END';
SELECT fact(20);

-- case: functions_dml_body
CREATE TABLE log (v int);
CREATE FUNCTION addlog(int) RETURNS bigint LANGUAGE sql AS $$ INSERT INTO log VALUES ($1); INSERT INTO log VALUES ($1 + 1); SELECT count(*) FROM log $$;
SELECT addlog(7);
SELECT v FROM log ORDER BY v;

-- case: functions_column_beats_parameter
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
CREATE FUNCTION cnt(a int) RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM t WHERE a = a';
CREATE FUNCTION cnt2(a int) RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM t WHERE t.a = cnt2.a';
SELECT cnt(1), cnt2(1);

-- case: functions_polymorphic
CREATE FUNCTION first_of(x anyarray) RETURNS anyelement LANGUAGE sql AS 'SELECT x[1]';
SELECT first_of(ARRAY[3, 4]), first_of(ARRAY['a', 'b']), pg_typeof(first_of(ARRAY[1.5]));

-- case: functions_void
CREATE FUNCTION v1(int) RETURNS void LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION v2(int) RETURNS SETOF void LANGUAGE sql AS 'SELECT generate_series(1, $1)';
SELECT v1(1);
SELECT * FROM v2(3);

-- case: functions_return_type_mismatch
-- expect: error 42P13
CREATE FUNCTION bad() RETURNS int LANGUAGE sql AS $$ SELECT 'foo'::text $$;

-- case: functions_too_many_columns
-- expect: error 42P13
CREATE FUNCTION bad() RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$;

-- case: functions_no_such_parameter
-- expect: error 42P02
CREATE FUNCTION bad(int) RETURNS int LANGUAGE sql AS 'SELECT $2';

-- case: functions_polymorphic_result_needs_input
-- expect: error 42P13
CREATE FUNCTION bad(int) RETURNS anyelement LANGUAGE sql AS 'SELECT 1';

-- case: functions_defaults_order
-- expect: error 42P13
CREATE FUNCTION bad(a int DEFAULT 1, b int) RETURNS int LANGUAGE sql AS 'SELECT 1';

-- case: functions_duplicate
-- expect: error 42723
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 2';

-- case: functions_replace_return_type
-- expect: error 42P13
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION f(int) RETURNS text LANGUAGE sql AS 'SELECT 1::text';

-- case: functions_internal
CREATE FUNCTION myabs(int) RETURNS int LANGUAGE internal STRICT AS 'int4abs';
SELECT myabs(-5), myabs(NULL);

-- case: functions_internal_unknown
-- expect: error 42883
CREATE FUNCTION bad(int) RETURNS int LANGUAGE internal AS 'nosuch';

-- case: functions_c_missing_file
-- expect: error 58P01
CREATE FUNCTION bad(int) RETURNS int LANGUAGE c AS 'nosuchfile';

-- case: functions_alter_rename_drop
CREATE FUNCTION a1(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
ALTER FUNCTION a1(int) IMMUTABLE STRICT COST 5;
ALTER FUNCTION a1(int) RENAME TO a2;
SELECT proname, provolatile, proisstrict, procost FROM pg_proc WHERE proname IN ('a1', 'a2');
DROP FUNCTION a2(int);
DROP FUNCTION IF EXISTS a2(int);
SELECT count(*) FROM pg_proc WHERE proname = 'a2';

-- case: functions_drop_not_unique
-- expect: error 42725
CREATE FUNCTION u(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION u(text) RETURNS int LANGUAGE sql AS 'SELECT 2';
DROP FUNCTION u;

-- case: procedures_call
CREATE TABLE cp (a int, b text);
CREATE PROCEDURE ins(x int, y text) LANGUAGE sql AS $$ INSERT INTO cp VALUES (x, y) $$;
CALL ins(1, 'a');
CALL ins(y => 'b', x => 2);
SELECT * FROM cp ORDER BY a;

-- case: procedures_output_parameters
CREATE PROCEDURE swap(INOUT a int, INOUT b int) LANGUAGE sql AS 'SELECT b, a';
CALL swap(1, 2);

-- case: procedures_select_is_error
-- expect: error 42809
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
SELECT p();

-- case: procedures_call_function_is_error
-- expect: error 42809
CREATE FUNCTION fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
CALL fn();

-- case: functions_rows_from
CREATE FUNCTION rf(int) RETURNS TABLE(a int, b int) LANGUAGE sql AS 'SELECT $1, $1 * 11';
SELECT * FROM ROWS FROM(rf(1), generate_series(5, 6)) WITH ORDINALITY AS z(a, b, c, o);

-- case: functions_multi_unnest
SELECT * FROM unnest(ARRAY[10, 20], ARRAY['foo', 'bar'], ARRAY[1.0]);

-- case: functions_coldef_coercion
CREATE FUNCTION pairs() RETURNS SETOF record LANGUAGE sql AS $$ SELECT 1, 'one'::text $$;
SELECT * FROM pairs() AS t(f1 numeric(4,2), f2 text);

-- case: functions_out_row_mismatch
-- expect: error 42804
CREATE FUNCTION outs(OUT a int, OUT b numeric) LANGUAGE sql AS 'SELECT (1, 2)';
SELECT * FROM outs();

-- case: functions_coldef_redundant
-- expect: error 42601
CREATE FUNCTION outs(OUT a int, OUT b numeric) LANGUAGE sql AS 'SELECT 1, 2.0';
SELECT * FROM outs() AS t(x int, y int);


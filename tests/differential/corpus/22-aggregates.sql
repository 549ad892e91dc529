-- User-defined aggregates (engine/aggregatecmds.py, types/aggregates.py;
-- spec/12-functions.md, "User-defined aggregates"): both CREATE AGGREGATE
-- syntaxes, built-in and SQL support functions, strict transition
-- semantics, polymorphic states, FINALFUNC_EXTRA, pg_aggregate rows,
-- validation errors and DROP AGGREGATE.

-- case: uagg_builtin_support_functions
CREATE AGGREGATE newavg (sfunc = int4_avg_accum, basetype = int4, stype = _int8,
                         finalfunc = int8_avg, initcond1 = '{0,0}');
CREATE AGGREGATE newcnt (*) (sfunc = int8inc, stype = int8, initcond = '0');
CREATE TABLE t (x int);
INSERT INTO t VALUES (1), (2), (NULL), (6);
SELECT newavg(x)::text, newcnt(*) FROM t;

-- case: uagg_empty_input
CREATE AGGREGATE newsum (sfunc1 = int4pl, basetype = int4, stype1 = int4, initcond1 = '0');
CREATE AGGREGATE newcnt ("any") (sfunc = int8inc_any, stype = int8, initcond = '0');
SELECT newsum(x), newcnt(x) FROM (VALUES (1)) v(x) WHERE false;

-- case: uagg_sql_strict_first_input
CREATE FUNCTION mymax(int, int) RETURNS int LANGUAGE sql STRICT AS 'select greatest($1, $2)';
CREATE AGGREGATE mmax(int) (sfunc = mymax, stype = int);
SELECT mmax(x) FROM (VALUES (NULL::int), (3), (7), (NULL), (5)) v(x);

-- case: uagg_polymorphic_state
CREATE FUNCTION acc(anyarray, anyelement) RETURNS anyarray LANGUAGE sql IMMUTABLE AS 'select $1 || $2';
CREATE AGGREGATE collect(anyelement) (sfunc = acc, stype = anyarray, initcond = '{}');
SELECT collect(x)::text, collect(x::text)::text FROM (VALUES (1), (2), (NULL)) v(x);

-- case: uagg_group_by
CREATE FUNCTION acc8(int8, int) RETURNS int8 LANGUAGE sql STRICT AS 'select $1 + $2';
CREATE AGGREGATE s8(int) (sfunc = acc8, stype = int8, initcond = '0');
SELECT g, s8(x) FROM (VALUES (1, 1), (1, 2), (2, 5)) v(g, x) GROUP BY g ORDER BY g;

-- case: uagg_finalfunc_extra
CREATE FUNCTION fin(int8, int) RETURNS text LANGUAGE sql
  AS 'select ''n='' || $1 || '' extra='' || coalesce($2::text, ''null'')';
CREATE AGGREGATE cnt_extra(int) (sfunc = int8inc_any, stype = int8, initcond = '0',
                                 finalfunc = fin, finalfunc_extra);
SELECT cnt_extra(x) FROM (VALUES (1), (2)) v(x);

-- case: uagg_pg_aggregate_row
CREATE AGGREGATE newavg (sfunc = int4_avg_accum, basetype = int4, stype = _int8,
                         finalfunc = int8_avg, initcond1 = '{0,0}');
SELECT aggkind, aggtransfn::text, aggfinalfn::text, aggtranstype::regtype::text, agginitval, p.prokind
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.proname = 'newavg';

-- case: uagg_missing_final
-- expect: error 42883
CREATE AGGREGATE newavg2 (sfunc = int4pl, basetype = int4, stype = int4, finalfunc = int2um, initcond = '0');

-- case: uagg_missing_basetype
-- expect: error 42P13
CREATE AGGREGATE newcnt1 (sfunc = int4inc, stype = int4, initcond = '0');

-- case: uagg_missing_stype
-- expect: error 42P13
CREATE AGGREGATE a1 (int) (sfunc = int4pl);

-- case: uagg_runtime_coercion
-- expect: error 42804
CREATE FUNCTION least_accum(int8, int8) RETURNS int8 LANGUAGE sql AS 'select least($1, $2)';
CREATE AGGREGATE least_agg(int4) (stype = int8, sfunc = least_accum);

-- case: uagg_drop_nonesuch
-- expect: error 42883
DROP AGGREGATE nonesuch (int4);

-- case: uagg_drop_not_aggregate
-- expect: error 42809
DROP AGGREGATE int4pl (int4, int4);

-- case: uagg_drop_then_call
-- expect: error 42883
CREATE AGGREGATE mysum (int4) (sfunc = int4pl, stype = int4);
DROP AGGREGATE mysum (int4);
SELECT mysum(1);

-- case: uagg_drop_support_function_restrict
-- expect: error 2BP01
CREATE FUNCTION f_acc(int, int) RETURNS int LANGUAGE sql AS 'select coalesce($1, 0) + $2';
CREATE AGGREGATE f_agg(int) (sfunc = f_acc, stype = int);
DROP FUNCTION f_acc(int, int);

-- case: uagg_moving_window_frame
CREATE FUNCTION madd(int8, int) RETURNS int8 LANGUAGE sql STRICT AS 'select $1 + $2';
CREATE FUNCTION msub(int8, int) RETURNS int8 LANGUAGE sql STRICT AS 'select $1 - $2';
CREATE AGGREGATE msum(int) (sfunc = madd, stype = int8, initcond = '0',
                            msfunc = madd, minvfunc = msub, mstype = int8, minitcond = '0');
SELECT x, msum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
FROM (VALUES (1), (2), (NULL), (4), (8)) v(x) ORDER BY x;

-- case: uagg_drop_function_on_aggregate
-- expect: error 42809
CREATE AGGREGATE mysum (int4) (sfunc = int4pl, stype = int4);
DROP FUNCTION mysum(int4);

-- case: uagg_polymorphic_transtype_needs_polymorphic_arg
-- expect: error 42P13
CREATE AGGREGATE bad_poly (int4) (sfunc = array_append, stype = anyarray);

-- case: uagg_comment_and_rename
CREATE AGGREGATE mysum (int4) (sfunc = int4pl, stype = int4);
COMMENT ON AGGREGATE mysum (int4) IS 'a sum';
ALTER AGGREGATE mysum (int4) RENAME TO mysum2;
SELECT obj_description('mysum2'::regproc, 'pg_proc'), mysum2(x) FROM (VALUES (1), (2)) v(x);

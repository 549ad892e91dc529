-- pg_get_viewdef in both layouts (catalog/querydeparse.py, spec/04-catalog.md):
-- the view's query is analyzed again and printed as ruleutils.c prints it.

-- case: viewdef_simple_where
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a, b from t where a > 1;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_join_on_exprs
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select t.a, u.y as yy, a + 1 as a1 from t join u on t.a = u.x where b = 'q' and (c > 1.5 or c is null);
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_group_having_order_limit
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a, count(*) as n, sum(c) from t group by a having count(*) > 1 order by a desc limit 5;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_sublinks
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select * from t where a in (select x from u) and exists (select 1 from u where x = t.a);
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_casts_case_coalesce
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a::text, cast(c as int) as ci, case when a > 0 then 'pos' else 'neg' end as sg, coalesce(b, 'z') from t;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_union_all
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a from t union all select x from u;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_scalar_subquery_not_between
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select (select max(x) from u) as m, -a as na, not (a > 1) as nb, a between 1 and 3 as bt from t;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_subquery_in_from
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select * from (select a, b from t where a < 5) s where s.b like 'x%';
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_natural_and_using
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select * from t natural join w;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_using_then_left_join
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select * from t join w using (a, b) left join u on u.x = t.a;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_comma_and_cross_join
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select t.a, w.b from t, w cross join u where t.a = w.a;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_self_join_aliases_order
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select t1.a, t2.a as a2 from t t1, t t2 order by 1, t2.b nulls first;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_distinct_on
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select distinct on (a) a, b from t order by a, b desc;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_values_in_from
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select * from (values (1, 'a'), (2, 'b')) v(x, y);
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_any_all_arrays
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a, b from t where b like 'a%' and a in (1, 2, 3) and b <> all (array['x','y']);
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_nested_setops
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a from t intersect select x from u except select 5 order by 1;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_aggregate_filter_order
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select count(*) filter (where a > 1), string_agg(b, ',' order by b) from t;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_lateral_subquery
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select a, x.y from t, lateral (select y from u where u.x = t.a) x;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_function_in_from
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS select * from generate_series(1, 3) g;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_with_query
CREATE TABLE t (a int, b text, c numeric);
CREATE TABLE u (x int, y text);
CREATE TABLE w (a int, b text);
CREATE VIEW v AS with q as (select a from t) select * from q;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_sql_syntax_functions
CREATE TABLE tz (f1 timetz, t text, d date);
CREATE VIEW v AS SELECT f1 AT TIME ZONE 'UTC' AS a, extract(year FROM d) AS y, substring(t FROM 2 FOR 3) AS s, trim(both 'x' FROM t) AS tr, position('a' IN t) AS p, overlay(t placing 'q' FROM 2) AS o FROM tz;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

-- case: viewdef_implicit_casts_shown_in_operands
CREATE TABLE tv (c varchar(5), n numeric, i int);
CREATE VIEW v AS SELECT c, c || 'a' AS ca, n + 1 AS n1, i + 1.5 AS i1, coalesce(c, 'z') AS cz, CASE WHEN i > 0 THEN c ELSE 'q' END AS cc FROM tv WHERE c = 'x' AND n > 0;
SELECT pg_get_viewdef('v'), pg_get_viewdef('v', true);

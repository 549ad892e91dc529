-- GROUP BY, HAVING and aggregates: count/sum/avg/min/max/bool_and/bool_or/
-- string_agg/array_agg, DISTINCT and FILTER and ORDER BY inside aggregates,
-- grouping by expressions and positions, aggregates over empty input, and the
-- grouping errors.

-- case: count_star_and_column
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (NULL), (3), (3);
SELECT count(*), count(a), count(DISTINCT a) FROM t;

-- case: aggregates_empty_table
CREATE TABLE t (a int);
SELECT count(*), count(a), sum(a), avg(a), min(a), max(a) FROM t;

-- case: aggregates_all_null
CREATE TABLE t (a int);
INSERT INTO t VALUES (NULL), (NULL);
SELECT count(*), count(a), sum(a), max(a), bool_and(a > 0) FROM t;

-- case: sum_int_types
CREATE TABLE t (s smallint, i int, b bigint);
INSERT INTO t VALUES (1, 10, 100), (2, 20, 200), (3, 30, 300);
SELECT sum(s), sum(i), sum(b), pg_typeof(sum(s))::text, pg_typeof(sum(i))::text, pg_typeof(sum(b))::text FROM t;

-- case: avg_int_is_numeric
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (2);
SELECT avg(a) FROM t;

-- case: avg_numeric_scale
CREATE TABLE t (a numeric);
INSERT INTO t VALUES (1.5), (2.25), (3);
SELECT avg(a), sum(a) FROM t;

-- case: avg_float
CREATE TABLE t (a float8);
INSERT INTO t VALUES (1.5), (2.5);
SELECT avg(a), sum(a) FROM t;

-- case: min_max_text
CREATE TABLE t (s text);
INSERT INTO t VALUES ('pear'), ('Apple'), ('apple'), (NULL);
SELECT min(s), max(s) FROM t;

-- case: sum_bigint_overflow_to_numeric
CREATE TABLE t (b bigint);
INSERT INTO t VALUES (9223372036854775807), (9223372036854775807);
SELECT sum(b) FROM t;

-- case: sum_int4_no_overflow
CREATE TABLE t (a int);
INSERT INTO t VALUES (2147483647), (2147483647);
SELECT sum(a) FROM t;

-- case: group_by_single
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 1), ('b', 2), ('a', 3), (NULL, 4), (NULL, 5);
SELECT g, count(*), sum(v) FROM t GROUP BY g;

-- case: group_by_two_columns_ordered
CREATE TABLE t (g1 int, g2 text, v int);
INSERT INTO t VALUES (1, 'x', 1), (1, 'x', 2), (1, 'y', 3), (2, 'x', 4);
SELECT g1, g2, sum(v) FROM t GROUP BY g1, g2 ORDER BY g1, g2;

-- case: group_by_expression
CREATE TABLE t (v int);
INSERT INTO t SELECT generate_series(1, 10);
SELECT v % 3 AS r, count(*), array_agg(v ORDER BY v) FROM t GROUP BY v % 3 ORDER BY r;

-- case: group_by_position
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 3);
SELECT g, max(v) FROM t GROUP BY 1 ORDER BY 1;

-- case: group_by_alias
CREATE TABLE t (v int);
INSERT INTO t VALUES (1), (2), (3), (4);
SELECT v > 2 AS big, count(*) FROM t GROUP BY big ORDER BY big;

-- case: group_by_primary_key_functional_dependency
CREATE TABLE t (id int PRIMARY KEY, name text);
CREATE TABLE s (tid int, amount int);
INSERT INTO t VALUES (1, 'one'), (2, 'two');
INSERT INTO s VALUES (1, 10), (1, 5), (2, 7);
SELECT t.id, t.name, sum(s.amount) FROM t JOIN s ON s.tid = t.id GROUP BY t.id ORDER BY t.id;

-- case: group_by_missing_column_error
-- expect: error 42803
CREATE TABLE t (g text, v int);
SELECT g, v FROM t GROUP BY g;

-- case: aggregate_in_where_error
-- expect: error 42803
CREATE TABLE t (v int);
SELECT v FROM t WHERE sum(v) > 1;

-- case: nested_aggregate_error
-- expect: error 42803
CREATE TABLE t (v int);
SELECT sum(max(v)) FROM t;

-- case: having_basic
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 3), ('c', 10);
SELECT g, sum(v) FROM t GROUP BY g HAVING sum(v) > 2;

-- case: having_without_group_by
CREATE TABLE t (v int);
INSERT INTO t VALUES (1), (2);
SELECT sum(v) FROM t HAVING count(*) > 1;

-- case: having_false_without_group_by
CREATE TABLE t (v int);
SELECT count(*) FROM t HAVING count(*) > 0;

-- case: having_ungrouped_column_error
-- expect: error 42803
CREATE TABLE t (g text, v int);
SELECT g FROM t GROUP BY g HAVING v > 1;

-- case: count_distinct_multiple
CREATE TABLE t (g int, v text);
INSERT INTO t VALUES (1, 'a'), (1, 'a'), (1, 'b'), (2, NULL), (2, 'c');
SELECT g, count(DISTINCT v), count(v), count(*) FROM t GROUP BY g ORDER BY g;

-- case: sum_distinct
CREATE TABLE t (v int);
INSERT INTO t VALUES (1), (1), (2), (3), (3);
SELECT sum(DISTINCT v), sum(v), avg(DISTINCT v) FROM t;

-- case: aggregate_filter
CREATE TABLE t (g int, v int);
INSERT INTO t VALUES (1, 1), (1, -2), (2, 3), (2, -4), (2, 5);
SELECT g, count(*) FILTER (WHERE v > 0) AS pos, sum(v) FILTER (WHERE v < 0) AS neg FROM t GROUP BY g ORDER BY g;

-- case: aggregate_filter_none_match
CREATE TABLE t (v int);
INSERT INTO t VALUES (1), (2);
SELECT count(*) FILTER (WHERE v > 5), sum(v) FILTER (WHERE v > 5) FROM t;

-- case: string_agg_ordered
CREATE TABLE t (g int, s text);
INSERT INTO t VALUES (1, 'c'), (1, 'a'), (1, 'b'), (2, 'z'), (2, NULL);
SELECT g, string_agg(s, ',' ORDER BY s) FROM t GROUP BY g ORDER BY g;

-- case: string_agg_desc
CREATE TABLE t (s text);
INSERT INTO t VALUES ('a'), ('b'), ('c');
SELECT string_agg(s, '-' ORDER BY s DESC) FROM t;

-- case: array_agg_ordered
CREATE TABLE t (v int);
INSERT INTO t VALUES (3), (1), (NULL), (2);
SELECT array_agg(v ORDER BY v NULLS FIRST) FROM t;

-- case: array_agg_distinct_ordered
CREATE TABLE t (v int);
INSERT INTO t VALUES (3), (1), (3), (1);
SELECT array_agg(DISTINCT v ORDER BY v) FROM t;

-- case: bool_and_or
CREATE TABLE t (g int, b boolean);
INSERT INTO t VALUES (1, true), (1, true), (2, true), (2, false), (3, NULL), (3, false);
SELECT g, bool_and(b), bool_or(b), every(b) FROM t GROUP BY g ORDER BY g;

-- case: min_max_dates_numeric
CREATE TABLE t (d date, n numeric);
INSERT INTO t VALUES ('2020-01-05', 1.10), ('2019-12-31', 10.5), ('2021-03-01', -3);
SELECT min(d), max(d), min(n), max(n) FROM t;

-- case: group_by_with_null_group_ordered
CREATE TABLE t (g int, v int);
INSERT INTO t VALUES (NULL, 1), (1, 2), (NULL, 3);
SELECT g, sum(v) FROM t GROUP BY g ORDER BY g NULLS FIRST;

-- case: aggregate_over_join
CREATE TABLE c (id int, name text);
CREATE TABLE o (cid int, amount numeric(10,2));
INSERT INTO c VALUES (1, 'ann'), (2, 'bob'), (3, 'cid');
INSERT INTO o VALUES (1, 10.50), (1, 4.25), (2, 99.99);
SELECT c.name, count(o.cid), coalesce(sum(o.amount), 0) FROM c LEFT JOIN o ON o.cid = c.id GROUP BY c.name ORDER BY c.name;

-- case: group_by_order_by_aggregate
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 5), ('b', 1), ('c', 3), ('b', 10);
SELECT g, sum(v) AS s FROM t GROUP BY g ORDER BY s DESC;

-- case: count_star_group_by_constant_expr
CREATE TABLE t (v int);
INSERT INTO t VALUES (1), (2), (3);
SELECT v < 3 AS small, count(*) FROM t GROUP BY 1 HAVING count(*) >= 1 ORDER BY 1;

-- case: select_aggregate_without_from
SELECT count(*), sum(1), max('a'::text);

-- case: distinct_with_group_by
CREATE TABLE t (g int, v int);
INSERT INTO t VALUES (1, 1), (2, 1), (3, 2);
SELECT DISTINCT sum(v) FROM t GROUP BY g ORDER BY 1;

-- case: sum_text_error
-- expect: error 42883
CREATE TABLE t (s text);
SELECT sum(s) FROM t;

-- case: avg_interval
CREATE TABLE t (i interval);
INSERT INTO t VALUES ('1 hour'), ('3 hours'), ('1 day');
SELECT avg(i), sum(i) FROM t;

-- case: count_distinct_null_only
CREATE TABLE t (v int);
INSERT INTO t VALUES (NULL), (NULL);
SELECT count(DISTINCT v) FROM t;

-- case: stddev_variance
CREATE TABLE t (v int);
INSERT INTO t VALUES (2), (4), (4), (4), (5), (5), (7), (9);
SELECT stddev_pop(v), var_pop(v), variance(v) FROM t;

-- case: rollup_sorted_order
-- order: as-is
CREATE TABLE t (a int, b int, v int);
INSERT INTO t VALUES (1, 1, 10), (1, 2, 12), (1, 2, 13), (2, 3, 15), (3, 3, 16), (3, 4, 17), (NULL, 1, 20);
SET enable_hashagg = off;
SELECT a, b, grouping(a, b), sum(v), count(*) FROM t GROUP BY ROLLUP (a, b);

-- case: cube_sorted_order_two_rollups
-- order: as-is
CREATE TABLE t (a int, b int, v int);
INSERT INTO t VALUES (1, 1, 10), (1, 2, 12), (2, 2, 15), (3, 1, 16);
SET enable_hashagg = off;
SELECT a, b, grouping(b, a), sum(v) FROM t GROUP BY CUBE (a, b);

-- case: grouping_sets_nested_and_distinct
CREATE TABLE t (a int, b int, c int, v int);
INSERT INTO t VALUES (1, 1, 1, 1), (1, 2, 2, 2), (2, 2, 1, 3);
SELECT a, b, c, sum(v) FROM t GROUP BY DISTINCT ROLLUP (a, (b, c)), GROUPING SETS (a, ()) ORDER BY 1, 2, 3, 4;

-- case: grouping_sets_empty_input
CREATE TABLE t (a int, b int, v int);
SELECT a, b, sum(v), count(*) FROM t GROUP BY GROUPING SETS ((a, b), (), ());

-- case: grouping_argument_not_grouped
-- expect: error 42803
CREATE TABLE t (a int, b int);
SELECT grouping(a, b) FROM t GROUP BY ROLLUP (a);

-- case: outer_level_aggregate_in_subselect
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (5), (3);
SELECT (SELECT max(t.a) FROM (VALUES (1), (2)) v(x) LIMIT 1) FROM t;

-- case: sublink_inside_outer_level_aggregate
CREATE TABLE t (a int, b int);
INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);
SELECT (SELECT max((SELECT i.b FROM t i WHERE i.a = o.a)) FILTER (WHERE o.a < 3)) FROM t o;

-- Subqueries: scalar subqueries (including the more-than-one-row error),
-- EXISTS / NOT EXISTS, IN / NOT IN (with NULLs), ANY / SOME / ALL, correlated
-- subqueries in the target list, WHERE and HAVING, and WITH (CTEs,
-- including recursive ones).

-- case: scalar_subquery_target
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
SELECT (SELECT max(a) FROM t) AS m, (SELECT count(*) FROM t) AS c;

-- case: scalar_subquery_no_rows_is_null
CREATE TABLE t (a int);
SELECT (SELECT a FROM t) AS x;

-- case: scalar_subquery_more_than_one_row
-- expect: error 21000
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
SELECT (SELECT a FROM t) AS x;

-- case: scalar_subquery_too_many_columns
-- expect: error 42601
SELECT (SELECT 1, 2);

-- case: scalar_subquery_in_where
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (5, 'y'), (3, 'z');
SELECT b FROM t WHERE a = (SELECT max(a) FROM t);

-- case: correlated_scalar_subquery
CREATE TABLE dept (id int, name text);
CREATE TABLE emp (dept int, salary int);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (1, 100), (1, 200), (2, 50);
SELECT name, (SELECT sum(salary) FROM emp WHERE emp.dept = dept.id) AS total FROM dept;

-- case: correlated_where_above_average
CREATE TABLE emp (name text, dept int, salary int);
INSERT INTO emp VALUES ('a', 1, 100), ('b', 1, 200), ('c', 2, 50), ('d', 2, 70), ('e', 2, 60);
SELECT name FROM emp e WHERE salary > (SELECT avg(salary) FROM emp WHERE dept = e.dept);

-- case: exists
CREATE TABLE a (id int);
CREATE TABLE b (aid int);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (1), (1), (3);
SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.aid = a.id);

-- case: not_exists
CREATE TABLE a (id int);
CREATE TABLE b (aid int);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (1), (NULL);
SELECT id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.aid = a.id);

-- case: exists_uncorrelated
CREATE TABLE a (id int);
CREATE TABLE b (aid int);
INSERT INTO a VALUES (1), (2);
SELECT id FROM a WHERE EXISTS (SELECT * FROM b);

-- case: exists_in_target_list
CREATE TABLE b (x int);
INSERT INTO b VALUES (1);
SELECT EXISTS (SELECT 1 FROM b WHERE x = 1) AS yes, EXISTS (SELECT 1 FROM b WHERE x = 2) AS no;

-- case: in_subquery
CREATE TABLE a (id int);
CREATE TABLE b (aid int);
INSERT INTO a VALUES (1), (2), (3), (NULL);
INSERT INTO b VALUES (1), (3), (3);
SELECT id FROM a WHERE id IN (SELECT aid FROM b);

-- case: not_in_subquery
CREATE TABLE a (id int);
CREATE TABLE b (aid int);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (1);
SELECT id FROM a WHERE id NOT IN (SELECT aid FROM b);

-- case: not_in_subquery_with_null_is_empty
CREATE TABLE a (id int);
CREATE TABLE b (aid int);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (1), (NULL);
SELECT id FROM a WHERE id NOT IN (SELECT aid FROM b);

-- case: in_subquery_three_valued
CREATE TABLE b (x int);
INSERT INTO b VALUES (1), (NULL);
SELECT 1 IN (SELECT x FROM b) AS one, 2 IN (SELECT x FROM b) AS two, 2 NOT IN (SELECT x FROM b) AS not_two;

-- case: in_subquery_empty
CREATE TABLE b (x int);
SELECT 1 IN (SELECT x FROM b) AS a, NULL::int IN (SELECT x FROM b) AS b, 1 NOT IN (SELECT x FROM b) AS c;

-- case: in_subquery_row_constructor
CREATE TABLE a (x int, y text);
CREATE TABLE b (x int, y text);
INSERT INTO a VALUES (1, 'a'), (2, 'b');
INSERT INTO b VALUES (1, 'a'), (2, 'c');
SELECT * FROM a WHERE (x, y) IN (SELECT x, y FROM b);

-- case: any_subquery
CREATE TABLE a (x int);
CREATE TABLE b (y int);
INSERT INTO a VALUES (1), (5), (10);
INSERT INTO b VALUES (3), (7);
SELECT x FROM a WHERE x > ANY (SELECT y FROM b);

-- case: some_subquery
CREATE TABLE a (x int);
CREATE TABLE b (y int);
INSERT INTO a VALUES (1), (3), (10);
INSERT INTO b VALUES (3), (7);
SELECT x FROM a WHERE x = SOME (SELECT y FROM b);

-- case: all_subquery
CREATE TABLE a (x int);
CREATE TABLE b (y int);
INSERT INTO a VALUES (1), (5), (10);
INSERT INTO b VALUES (3), (7);
SELECT x FROM a WHERE x > ALL (SELECT y FROM b);

-- case: all_subquery_empty_is_true
CREATE TABLE a (x int);
CREATE TABLE b (y int);
INSERT INTO a VALUES (1), (2);
SELECT x FROM a WHERE x > ALL (SELECT y FROM b);

-- case: all_subquery_with_null
CREATE TABLE b (y int);
INSERT INTO b VALUES (1), (NULL);
SELECT 5 > ALL (SELECT y FROM b) AS gt_all, 0 > ALL (SELECT y FROM b) AS zero_gt_all, 5 > ANY (SELECT y FROM b) AS gt_any;

-- case: any_array
SELECT 3 = ANY (ARRAY[1, 2, 3]) AS a, 4 = ANY (ARRAY[1, 2, 3]) AS b, 4 = ANY (ARRAY[1, NULL]) AS c, 1 < ALL (ARRAY[2, 3]) AS d;

-- case: subquery_in_having
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 10), ('c', 4);
SELECT g, sum(v) FROM t GROUP BY g HAVING sum(v) > (SELECT avg(v) FROM t);

-- case: correlated_exists_with_outer_aggregate
CREATE TABLE o (id int, cid int);
CREATE TABLE c (id int);
INSERT INTO c VALUES (1), (2), (3);
INSERT INTO o VALUES (1, 1), (2, 1), (3, 3);
SELECT count(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.id);

-- case: nested_correlated_subqueries
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
SELECT a, (SELECT count(*) FROM t t2 WHERE t2.a < t.a AND EXISTS (SELECT 1 FROM t t3 WHERE t3.a = t2.a + 1)) AS c FROM t;

-- case: subquery_in_from_with_join
CREATE TABLE t (a int, b int);
INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);
SELECT x.a, y.b FROM (SELECT a FROM t WHERE a < 3) x JOIN (SELECT a, b FROM t WHERE b > 10) y ON x.a = y.a;

-- case: with_simple
WITH nums AS (SELECT generate_series(1, 5) AS n)
SELECT sum(n), max(n) FROM nums;

-- case: with_multiple_ctes
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3), (4);
WITH small AS (SELECT a FROM t WHERE a <= 2),
     big AS (SELECT a FROM t WHERE a > 2)
SELECT (SELECT sum(a) FROM small) AS s, (SELECT sum(a) FROM big) AS b;

-- case: with_cte_referencing_earlier_cte
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a)
SELECT * FROM a, b;

-- case: with_column_aliases
WITH c(p, q) AS (VALUES (1, 'one'), (2, 'two'))
SELECT q, p FROM c ORDER BY p;

-- case: with_cte_used_twice
WITH c AS (SELECT 1 AS x UNION ALL SELECT 2)
SELECT a.x AS ax, b.x AS bx FROM c a, c b ORDER BY 1, 2;

-- case: with_recursive_counter
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10)
SELECT n FROM r ORDER BY n;

-- case: with_recursive_tree
CREATE TABLE tree (id int, parent int, name text);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x');
WITH RECURSIVE sub(id, name, depth) AS (
  SELECT id, name, 0 FROM tree WHERE parent IS NULL
  UNION ALL
  SELECT t.id, t.name, s.depth + 1 FROM tree t JOIN sub s ON t.parent = s.id
)
SELECT id, name, depth FROM sub ORDER BY id;

-- case: with_recursive_union_dedup
WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT (n % 3) + 1 FROM r)
SELECT n FROM r ORDER BY n;

-- case: with_shadowing_table
CREATE TABLE t (a int);
INSERT INTO t VALUES (100);
WITH t AS (SELECT 1 AS a)
SELECT a FROM t;

-- case: with_materialized
WITH c AS MATERIALIZED (SELECT 1 AS x), d AS NOT MATERIALIZED (SELECT 2 AS y)
SELECT x, y FROM c, d;

-- case: with_data_modifying_insert
CREATE TABLE t (a int);
WITH ins AS (INSERT INTO t VALUES (1), (2) RETURNING a)
SELECT sum(a) FROM ins;

-- case: with_unknown_cte_error
-- expect: error 42P01
WITH a AS (SELECT 1 AS x) SELECT * FROM b;

-- case: subquery_missing_alias_column_error
-- expect: error 42703
SELECT y FROM (SELECT 1 AS x) s;

-- case: lateral_subquery
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
SELECT t.a, l.b FROM t, LATERAL (SELECT t.a * 10 AS b) l;

-- case: in_list_with_subquery_and_expression
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3), (4);
SELECT a FROM t WHERE a IN (SELECT a * 2 FROM t) ORDER BY a;

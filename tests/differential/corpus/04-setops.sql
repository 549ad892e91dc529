-- Set operations: UNION, INTERSECT, EXCEPT, each with and without ALL,
-- precedence (INTERSECT binds tighter), ORDER BY / LIMIT on the whole set
-- operation, type resolution across branches, and column-count errors.

-- case: union_removes_duplicates
SELECT 1 AS x UNION SELECT 2 UNION SELECT 1;

-- case: union_all_keeps_duplicates
SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 1;

-- case: union_tables
CREATE TABLE a (x int, y text);
CREATE TABLE b (x int, y text);
INSERT INTO a VALUES (1, 'a'), (2, 'b'), (2, 'b'), (NULL, NULL);
INSERT INTO b VALUES (2, 'b'), (3, 'c'), (NULL, NULL);
SELECT x, y FROM a UNION SELECT x, y FROM b;

-- case: union_all_tables_ordered
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (3), (1);
INSERT INTO b VALUES (2), (1);
SELECT x FROM a UNION ALL SELECT x FROM b ORDER BY x;

-- case: intersect
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (1), (2), (2), (3), (NULL);
INSERT INTO b VALUES (2), (2), (3), (4), (NULL);
SELECT x FROM a INTERSECT SELECT x FROM b;

-- case: intersect_all
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (1), (2), (2), (2), (3);
INSERT INTO b VALUES (2), (2), (3), (3);
SELECT x FROM a INTERSECT ALL SELECT x FROM b;

-- case: except
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (1), (1), (2), (3), (NULL);
INSERT INTO b VALUES (2), (NULL);
SELECT x FROM a EXCEPT SELECT x FROM b;

-- case: except_all
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (1), (1), (1), (2), (3);
INSERT INTO b VALUES (1), (3), (3);
SELECT x FROM a EXCEPT ALL SELECT x FROM b;

-- case: intersect_binds_tighter_than_union
SELECT 1 AS x UNION SELECT 2 INTERSECT SELECT 3;

-- case: setop_left_associative
SELECT 1 AS x UNION ALL SELECT 1 EXCEPT SELECT 1;

-- case: setop_parentheses
SELECT 1 AS x UNION (SELECT 2 INTERSECT SELECT 2) ORDER BY x;

-- case: union_order_by_limit
SELECT 3 AS n UNION SELECT 1 UNION SELECT 2 ORDER BY n DESC LIMIT 2;

-- case: union_order_by_position
SELECT 'b' AS s, 2 AS n UNION ALL SELECT 'a', 1 ORDER BY 2;

-- case: union_column_names_from_first_branch
SELECT 1 AS first_name UNION SELECT 2 AS second_name;

-- case: union_type_resolution_int_numeric
SELECT 1 AS x UNION SELECT 2.5 ORDER BY x;

-- case: union_type_resolution_int_bigint
SELECT 1 AS x UNION ALL SELECT 10000000000;

-- case: union_unknown_literals_become_text
SELECT 'a' AS x UNION SELECT 'b' ORDER BY 1;

-- case: union_null_and_int
SELECT NULL AS x UNION ALL SELECT 1;

-- case: union_type_mismatch
-- expect: error 42804
SELECT 1 UNION SELECT 'a'::text;

-- case: union_column_count_mismatch
-- expect: error 42601
SELECT 1, 2 UNION SELECT 1;

-- case: union_in_subquery
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (2), (3);
SELECT count(*), sum(x) FROM (SELECT x FROM a UNION SELECT x FROM b) u;

-- case: except_empty_result
SELECT 1 AS x EXCEPT SELECT 1;

-- case: union_values
VALUES (1, 'a') UNION VALUES (1, 'a'), (2, 'b') ORDER BY 1;

-- case: union_order_by_expression_error
-- expect: error 0A000
SELECT 1 AS x UNION SELECT 2 ORDER BY x + 1;

-- case: intersect_multi_column
CREATE TABLE a (x int, y text);
CREATE TABLE b (x int, y text);
INSERT INTO a VALUES (1, 'a'), (1, 'b'), (2, NULL);
INSERT INTO b VALUES (1, 'a'), (2, NULL), (3, 'c');
SELECT * FROM a INTERSECT SELECT * FROM b ORDER BY 1;

-- case: union_text_varchar
SELECT 'a'::varchar(3) AS v UNION SELECT 'b'::text ORDER BY 1;

-- case: setop_leaves_see_with_queries
WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL SELECT a + 1 FROM x ORDER BY 1;

-- case: setop_in_correlated_subquery
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
SELECT a, (SELECT count(*) FROM (SELECT a UNION SELECT t.a + 10) z) FROM t ORDER BY 1;

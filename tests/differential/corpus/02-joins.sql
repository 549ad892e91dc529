-- Joins: CROSS, INNER, LEFT/RIGHT/FULL OUTER, USING, NATURAL, ON with
-- non-equality conditions, self joins, joins of subqueries and VALUES,
-- lateral-free nesting, and the errors for ambiguous or unknown names.

-- case: cross_join
CREATE TABLE a (x int);
CREATE TABLE b (y text);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES ('p'), ('q'), ('r');
SELECT x, y FROM a CROSS JOIN b;

-- case: comma_join_with_where
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (4, 'b4');
SELECT a.v, b.w FROM a, b WHERE a.id = b.id;

-- case: inner_join_on
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3'), (NULL, 'anull');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (3, 'b3bis'), (4, 'b4'), (NULL, 'bnull');
SELECT a.id, a.v, b.w FROM a INNER JOIN b ON a.id = b.id;

-- case: join_without_inner_keyword
CREATE TABLE a (id int);
CREATE TABLE b (id int);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (2), (3);
SELECT * FROM a JOIN b ON a.id = b.id;

-- case: left_join
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3'), (NULL, 'anull');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (3, 'b3bis'), (4, 'b4');
SELECT a.id, a.v, b.id, b.w FROM a LEFT JOIN b ON a.id = b.id;

-- case: left_outer_join_keyword
CREATE TABLE a (id int);
CREATE TABLE b (id int);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (2);
SELECT a.id AS aid, b.id AS bid FROM a LEFT OUTER JOIN b ON a.id = b.id;

-- case: right_join
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'bnull');
SELECT a.v, b.id, b.w FROM a RIGHT JOIN b ON a.id = b.id;

-- case: full_join
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'anull');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'bnull');
SELECT a.id, a.v, b.id, b.w FROM a FULL OUTER JOIN b ON a.id = b.id;

-- case: full_join_order_by_nulls
CREATE TABLE a (id int);
CREATE TABLE b (id int);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (2), (3);
SELECT a.id AS aid, b.id AS bid FROM a FULL JOIN b ON a.id = b.id ORDER BY a.id NULLS FIRST, b.id;

-- case: join_using
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3');
SELECT * FROM a JOIN b USING (id);

-- case: join_using_multiple_columns
CREATE TABLE a (k1 int, k2 text, v int);
CREATE TABLE b (k2 text, k1 int, w int);
INSERT INTO a VALUES (1, 'x', 10), (1, 'y', 20), (2, 'x', 30);
INSERT INTO b VALUES ('x', 1, 100), ('y', 2, 200), ('x', 2, 300);
SELECT * FROM a JOIN b USING (k1, k2);

-- case: full_join_using_merged_column
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3');
SELECT id, v, w FROM a FULL JOIN b USING (id) ORDER BY id;

-- case: left_join_using_star
CREATE TABLE a (id int, v text);
CREATE TABLE b (id int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2');
SELECT * FROM a LEFT JOIN b USING (id);

-- case: join_using_unknown_column
-- expect: error 42703
CREATE TABLE a (id int);
CREATE TABLE b (key int);
SELECT * FROM a JOIN b USING (id);

-- case: natural_join
CREATE TABLE a (id int, name text, x int);
CREATE TABLE b (name text, id int, y int);
INSERT INTO a VALUES (1, 'n1', 10), (2, 'n2', 20), (3, 'n3', 30);
INSERT INTO b VALUES ('n1', 1, 100), ('n2', 5, 200), ('n3', 3, 300);
SELECT * FROM a NATURAL JOIN b;

-- case: natural_left_join
CREATE TABLE a (id int, x int);
CREATE TABLE b (id int, y int);
INSERT INTO a VALUES (1, 10), (2, 20);
INSERT INTO b VALUES (1, 100);
SELECT * FROM a NATURAL LEFT JOIN b;

-- case: natural_join_no_common_columns
CREATE TABLE a (x int);
CREATE TABLE b (y int);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (3);
SELECT * FROM a NATURAL JOIN b;

-- case: join_on_inequality
CREATE TABLE a (x int);
CREATE TABLE b (lo int, hi int);
INSERT INTO a VALUES (1), (5), (10);
INSERT INTO b VALUES (0, 4), (3, 7), (8, 20);
SELECT x, lo, hi FROM a JOIN b ON x BETWEEN lo AND hi;

-- case: left_join_condition_on_right_side
CREATE TABLE a (id int);
CREATE TABLE b (id int, flag boolean);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (1, true), (2, false), (3, NULL);
SELECT a.id, b.flag FROM a LEFT JOIN b ON a.id = b.id AND b.flag;

-- case: left_join_where_is_null_antijoin
CREATE TABLE a (id int);
CREATE TABLE b (id int);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (2);
SELECT a.id FROM a LEFT JOIN b ON a.id = b.id WHERE b.id IS NULL;

-- case: self_join
CREATE TABLE emp (id int, name text, boss int);
INSERT INTO emp VALUES (1, 'root', NULL), (2, 'ann', 1), (3, 'bob', 1), (4, 'cid', 2);
SELECT e.name AS employee, m.name AS manager FROM emp e LEFT JOIN emp m ON e.boss = m.id;

-- case: three_way_join
CREATE TABLE a (id int, bid int);
CREATE TABLE b (id int, cid int);
CREATE TABLE c (id int, label text);
INSERT INTO a VALUES (1, 10), (2, 20), (3, 30);
INSERT INTO b VALUES (10, 100), (20, 200);
INSERT INTO c VALUES (100, 'hundred'), (200, 'two hundred');
SELECT a.id, c.label FROM a JOIN b ON a.bid = b.id JOIN c ON b.cid = c.id;

-- case: mixed_outer_joins
CREATE TABLE a (id int);
CREATE TABLE b (id int);
CREATE TABLE c (id int);
INSERT INTO a VALUES (1), (2), (3);
INSERT INTO b VALUES (2), (3);
INSERT INTO c VALUES (3), (4);
SELECT a.id AS a, b.id AS b, c.id AS c FROM a LEFT JOIN b ON a.id = b.id FULL JOIN c ON b.id = c.id;

-- case: parenthesized_join
CREATE TABLE a (id int);
CREATE TABLE b (id int);
CREATE TABLE c (id int);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (1);
INSERT INTO c VALUES (1), (2);
SELECT a.id AS a, b.id AS b, c.id AS c FROM a LEFT JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id;

-- case: join_subquery_in_from
CREATE TABLE orders (id int, customer text, amount int);
INSERT INTO orders VALUES (1, 'x', 10), (2, 'x', 20), (3, 'y', 5);
SELECT s.customer, s.total FROM (SELECT customer, sum(amount) AS total FROM orders GROUP BY customer) AS s WHERE s.total > 10;

-- case: subquery_in_from_requires_alias_ok_in_15
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
SELECT * FROM (SELECT a FROM t) sub;

-- case: join_values_list
CREATE TABLE t (code int, n int);
INSERT INTO t VALUES (1, 5), (2, 6), (3, 7);
SELECT v.label, t.n FROM t JOIN (VALUES (1, 'one'), (3, 'three')) AS v(code, label) ON v.code = t.code;

-- case: join_ambiguous_column
-- expect: error 42702
CREATE TABLE a (id int);
CREATE TABLE b (id int);
SELECT id FROM a JOIN b ON a.id = b.id;

-- case: join_duplicate_alias
-- expect: error 42712
CREATE TABLE a (id int);
SELECT * FROM a x JOIN a x ON true;

-- case: join_missing_from_entry
-- expect: error 42P01
CREATE TABLE a (id int);
SELECT b.id FROM a;

-- case: join_on_non_boolean
-- expect: error 42804
CREATE TABLE a (id int);
CREATE TABLE b (id int);
SELECT * FROM a JOIN b ON a.id + b.id;

-- case: join_with_null_keys_never_match
CREATE TABLE a (k int);
CREATE TABLE b (k int);
INSERT INTO a VALUES (NULL), (1);
INSERT INTO b VALUES (NULL), (1);
SELECT a.k AS ak, b.k AS bk FROM a FULL JOIN b ON a.k = b.k;

-- case: join_is_not_distinct_from
CREATE TABLE a (k int);
CREATE TABLE b (k int);
INSERT INTO a VALUES (NULL), (1);
INSERT INTO b VALUES (NULL), (2);
SELECT a.k AS ak, b.k AS bk FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k;

-- case: join_text_keys
CREATE TABLE a (k text);
CREATE TABLE b (k varchar(10));
INSERT INTO a VALUES ('x'), ('y'), ('z ');
INSERT INTO b VALUES ('x'), ('z');
SELECT a.k, b.k FROM a JOIN b ON a.k = b.k;

-- case: join_int_bigint_keys
CREATE TABLE a (k int);
CREATE TABLE b (k bigint);
INSERT INTO a VALUES (1), (2);
INSERT INTO b VALUES (2), (3000000000);
SELECT a.k AS ak, b.k AS bk FROM a RIGHT JOIN b ON a.k = b.k;

-- case: join_using_column_qualified_star
CREATE TABLE a (id int, x int);
CREATE TABLE b (id int, y int);
INSERT INTO a VALUES (1, 10);
INSERT INTO b VALUES (1, 20);
SELECT a.*, b.* FROM a JOIN b USING (id);

-- case: cross_join_empty
CREATE TABLE a (x int);
CREATE TABLE b (y int);
INSERT INTO a VALUES (1);
SELECT * FROM a, b;

-- Data modification: INSERT (single and multi-row, column lists, DEFAULT,
-- DEFAULT VALUES, INSERT ... SELECT, RETURNING, ON CONFLICT DO NOTHING / DO
-- UPDATE with EXCLUDED and WHERE), UPDATE (SET lists, expressions, FROM,
-- RETURNING), DELETE (WHERE, USING, RETURNING), and their row counts.

-- case: insert_single_row_count
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x');

-- case: insert_multi_row
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL);
SELECT * FROM t;

-- case: insert_column_list_reordered
CREATE TABLE t (a int, b text, c int);
INSERT INTO t (c, a) VALUES (30, 1), (40, 2);
SELECT * FROM t;

-- case: insert_default_keyword
CREATE TABLE t (a int, b text DEFAULT 'dflt', c int DEFAULT 42);
INSERT INTO t VALUES (1, DEFAULT, DEFAULT), (2, 'given', DEFAULT);
SELECT * FROM t;

-- case: insert_default_values
CREATE TABLE t (a int DEFAULT 7, b text DEFAULT 'x', c int);
INSERT INTO t DEFAULT VALUES;
SELECT * FROM t;

-- case: insert_default_expression
CREATE TABLE t (a int, b int DEFAULT 2 + 3, c text DEFAULT 'a' || 'b');
INSERT INTO t (a) VALUES (1);
SELECT * FROM t;

-- case: insert_select
CREATE TABLE src (a int, b text);
CREATE TABLE dst (a int, b text);
INSERT INTO src VALUES (1, 'x'), (2, 'y'), (3, 'z');
INSERT INTO dst SELECT a * 10, upper(b) FROM src WHERE a >= 2;
SELECT * FROM dst;

-- case: insert_select_count
CREATE TABLE dst (a int);
INSERT INTO dst SELECT generate_series(1, 25);

-- case: insert_returning
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y') RETURNING a, b, a * 2 AS dbl;

-- case: insert_returning_star
CREATE TABLE t (a int, b text DEFAULT 'd');
INSERT INTO t (a) VALUES (5) RETURNING *;

-- case: insert_implicit_cast_numeric_to_int
CREATE TABLE t (a int, b numeric(5,2), c text);
INSERT INTO t VALUES (2.5, 3.14159, 123);
SELECT * FROM t;

-- case: insert_text_into_int_error
-- expect: error 22P02
CREATE TABLE t (a int);
INSERT INTO t VALUES ('abc');

-- case: insert_too_many_values
-- expect: error 42601
CREATE TABLE t (a int);
INSERT INTO t VALUES (1, 2);

-- case: insert_unknown_column
-- expect: error 42703
CREATE TABLE t (a int);
INSERT INTO t (b) VALUES (1);

-- case: insert_duplicate_column
-- expect: error 42701
CREATE TABLE t (a int);
INSERT INTO t (a, a) VALUES (1, 2);

-- case: insert_into_missing_table
-- expect: error 42P01
INSERT INTO nosuch VALUES (1);

-- case: insert_varchar_too_long
-- expect: error 22001
CREATE TABLE t (v varchar(3));
INSERT INTO t VALUES ('abcd');

-- case: insert_varchar_trailing_spaces_truncated
CREATE TABLE t (v varchar(3), c char(3));
INSERT INTO t VALUES ('ab   ', 'x  ');
SELECT v, c, length(v), octet_length(c) FROM t;

-- case: insert_expression_type_error
-- expect: error 42804
CREATE TABLE t (a int);
INSERT INTO t VALUES (true);

-- case: on_conflict_do_nothing
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a'), (2, 'b');
INSERT INTO t VALUES (2, 'new'), (3, 'c') ON CONFLICT DO NOTHING;
SELECT * FROM t;

-- case: on_conflict_do_nothing_target
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
INSERT INTO t VALUES (1, 'b') ON CONFLICT (id) DO NOTHING RETURNING *;

-- case: on_conflict_do_update
CREATE TABLE t (id int PRIMARY KEY, v text, n int DEFAULT 0);
INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 1);
INSERT INTO t VALUES (2, 'bb', 5), (3, 'c', 5) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v, n = t.n + EXCLUDED.n;
SELECT * FROM t;

-- case: on_conflict_do_update_returning
CREATE TABLE t (id int PRIMARY KEY, hits int);
INSERT INTO t VALUES (1, 1);
INSERT INTO t VALUES (1, 1), (2, 1) ON CONFLICT (id) DO UPDATE SET hits = t.hits + 1 RETURNING id, hits;

-- case: on_conflict_do_update_where
CREATE TABLE t (id int PRIMARY KEY, v int);
INSERT INTO t VALUES (1, 10), (2, 20);
INSERT INTO t VALUES (1, 100), (2, 200) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v WHERE t.v < 15;
SELECT * FROM t;

-- case: on_conflict_unique_constraint_columns
CREATE TABLE t (a int, b int, v text, UNIQUE (a, b));
INSERT INTO t VALUES (1, 1, 'x');
INSERT INTO t VALUES (1, 1, 'y') ON CONFLICT (a, b) DO UPDATE SET v = t.v || EXCLUDED.v;
SELECT * FROM t;

-- case: on_conflict_on_constraint
CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
INSERT INTO t VALUES (1, 'z') ON CONFLICT ON CONSTRAINT t_pk DO UPDATE SET v = EXCLUDED.v;
SELECT * FROM t;

-- case: on_conflict_no_matching_constraint
-- expect: error 42P10
CREATE TABLE t (id int, v text);
INSERT INTO t VALUES (1, 'a') ON CONFLICT (id) DO NOTHING;

-- case: on_conflict_do_update_twice_in_one_command
-- expect: error 21000
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a'), (1, 'b') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;

-- case: on_conflict_do_update_requires_target
-- expect: error 42601
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a') ON CONFLICT DO UPDATE SET v = 'x';

-- case: update_all_rows
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y');
UPDATE t SET a = a + 100;
SELECT * FROM t;

-- case: update_where_count
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');
UPDATE t SET b = 'changed' WHERE a >= 2;

-- case: update_multiple_columns_uses_old_values
CREATE TABLE t (a int, b int);
INSERT INTO t VALUES (1, 2);
UPDATE t SET a = b, b = a;
SELECT * FROM t;

-- case: update_row_syntax
CREATE TABLE t (a int, b int, c int);
INSERT INTO t VALUES (1, 2, 3);
UPDATE t SET (a, b) = (b * 10, a * 10);
SELECT * FROM t;

-- case: update_set_default
CREATE TABLE t (a int, b text DEFAULT 'dflt');
INSERT INTO t VALUES (1, 'x');
UPDATE t SET b = DEFAULT;
SELECT * FROM t;

-- case: update_set_null
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x');
UPDATE t SET b = NULL RETURNING *;

-- case: update_returning
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y');
UPDATE t SET b = b || '!' WHERE a = 2 RETURNING a, b;

-- case: update_from
CREATE TABLE prices (id int, price int);
CREATE TABLE changes (id int, delta int);
INSERT INTO prices VALUES (1, 100), (2, 200), (3, 300);
INSERT INTO changes VALUES (1, 5), (3, -50);
UPDATE prices p SET price = p.price + c.delta FROM changes c WHERE c.id = p.id RETURNING p.id, p.price, c.delta;

-- case: update_from_then_select
CREATE TABLE prices (id int, price int);
CREATE TABLE changes (id int, delta int);
INSERT INTO prices VALUES (1, 100), (2, 200);
INSERT INTO changes VALUES (2, 1);
UPDATE prices SET price = price + changes.delta FROM changes WHERE changes.id = prices.id;
SELECT * FROM prices ORDER BY id;

-- case: update_no_rows
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
UPDATE t SET a = 2 WHERE a = 99;

-- case: update_unknown_column
-- expect: error 42703
CREATE TABLE t (a int);
UPDATE t SET nosuch = 1;

-- case: update_subquery_in_set
CREATE TABLE t (a int, total int);
CREATE TABLE s (a int, v int);
INSERT INTO t VALUES (1, 0), (2, 0);
INSERT INTO s VALUES (1, 5), (1, 6), (2, 7);
UPDATE t SET total = (SELECT sum(v) FROM s WHERE s.a = t.a);
SELECT * FROM t;

-- case: update_overflow_error
-- expect: error 22003
CREATE TABLE t (a smallint);
INSERT INTO t VALUES (32767);
UPDATE t SET a = a + 1;

-- case: delete_where
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3), (4);
DELETE FROM t WHERE a % 2 = 0;
SELECT * FROM t;

-- case: delete_all_count
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
DELETE FROM t;

-- case: delete_returning
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');
DELETE FROM t WHERE a <> 2 RETURNING *;

-- case: delete_using
CREATE TABLE items (id int, tag text);
CREATE TABLE banned (tag text);
INSERT INTO items VALUES (1, 'ok'), (2, 'bad'), (3, 'ugly'), (4, 'ok');
INSERT INTO banned VALUES ('bad'), ('ugly');
DELETE FROM items i USING banned b WHERE i.tag = b.tag RETURNING i.id, b.tag;

-- case: delete_using_then_select
CREATE TABLE items (id int, tag text);
CREATE TABLE banned (tag text);
INSERT INTO items VALUES (1, 'ok'), (2, 'bad');
INSERT INTO banned VALUES ('bad');
DELETE FROM items USING banned WHERE items.tag = banned.tag;
SELECT * FROM items;

-- case: delete_with_subquery
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
DELETE FROM t WHERE a IN (SELECT max(a) FROM t);
SELECT * FROM t ORDER BY a;

-- case: delete_no_match
CREATE TABLE t (a int);
DELETE FROM t WHERE a = 1;

-- case: returning_expression_names
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x') RETURNING a + 1, upper(b), b AS bee;

-- case: insert_then_aggregate_numeric
CREATE TABLE t (n numeric(6,2));
INSERT INTO t VALUES (1.005), (2.5), (-3);
SELECT n, n * 2 AS twice FROM t ORDER BY n;

-- case: insert_select_from_same_table
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
INSERT INTO t SELECT a + 10 FROM t;
SELECT a FROM t ORDER BY a;

-- case: update_multiple_columns_from_subquery
CREATE TABLE t (a int, b text, c int);
INSERT INTO t VALUES (1, 'x', 0), (2, 'y', 0);
CREATE TABLE s (a int, v text, w int);
INSERT INTO s VALUES (1, 'one', 10);
UPDATE t SET (b, c) = (SELECT v, w FROM s WHERE s.a = t.a);
SELECT * FROM t ORDER BY a;

-- EXPLAIN with costs (spec/07-executor.md, "Costs and estimates", "Join
-- search"): pgref's estimates and plan choices are PostgreSQL's for the same
-- tables -- never-analyzed ones sized from their pages and column widths,
-- analyzed ones from ANALYZE's statistics, and tables whose size CREATE
-- INDEX recorded.  Each case compares the whole EXPLAIN text.

-- case: costs_never_analyzed_scans
CREATE TABLE t (a int, b int);
CREATE TABLE w (a int, b text, c numeric, d varchar(20), e char(5));
EXPLAIN SELECT * FROM t;
EXPLAIN SELECT a FROM t WHERE a > 1;
EXPLAIN SELECT * FROM w;
EXPLAIN SELECT * FROM t WHERE a = 1;
EXPLAIN SELECT * FROM t WHERE a <> 1;
EXPLAIN SELECT * FROM t WHERE a IS NULL;
EXPLAIN SELECT * FROM t WHERE a > 1 AND a < 10;
EXPLAIN SELECT * FROM t WHERE a IN (1, 2, 3);

-- case: costs_sort_limit_aggregate
CREATE TABLE t (a int, b int);
EXPLAIN SELECT * FROM t ORDER BY a;
EXPLAIN SELECT * FROM t ORDER BY a LIMIT 5;
EXPLAIN SELECT count(*) FROM t;
EXPLAIN SELECT a, count(*) FROM t GROUP BY a;
EXPLAIN SELECT DISTINCT a FROM t;

-- case: costs_function_values_cte
CREATE TABLE t (a int, b int);
EXPLAIN SELECT * FROM generate_series(1, 10) g;
EXPLAIN VALUES (1), (2), (3);
EXPLAIN WITH v(x) AS (VALUES (1), (2)) SELECT * FROM v v1, v v2;
EXPLAIN WITH v AS MATERIALIZED (SELECT * FROM t) SELECT * FROM v WHERE a = 1;

-- case: costs_joins_never_analyzed
CREATE TABLE t (a int, b int);
CREATE TABLE u (x int, y int);
CREATE TABLE w (a int, b text, c numeric, d varchar(20), e char(5));
EXPLAIN SELECT * FROM t, u;
EXPLAIN SELECT * FROM t, u WHERE t.a = u.x;
EXPLAIN SELECT * FROM t JOIN u ON t.a = u.x AND t.b = u.y;
EXPLAIN SELECT * FROM t, u WHERE t.a < u.x;
EXPLAIN SELECT * FROM t, u, w WHERE t.a = u.x AND u.y = w.a;
EXPLAIN SELECT * FROM t LEFT JOIN u ON t.a = u.x;
EXPLAIN SELECT * FROM t RIGHT JOIN u ON t.a = u.x;
EXPLAIN SELECT * FROM t FULL JOIN u ON t.a = u.x;
EXPLAIN SELECT * FROM generate_series(1, 10) g, t WHERE g = t.a;

-- case: costs_joins_hash_and_nestloop
CREATE TABLE t (a int, b int);
CREATE TABLE u (x int, y int);
SET enable_mergejoin = off;
EXPLAIN SELECT * FROM t, u WHERE t.a = u.x;
EXPLAIN SELECT * FROM t JOIN u ON t.a = u.x WHERE t.b > 0 ORDER BY u.y;
EXPLAIN SELECT * FROM t LEFT JOIN u ON t.a = u.x;
SET enable_hashjoin = off;
EXPLAIN SELECT * FROM t, u WHERE t.a = u.x;

-- case: costs_after_analyze
CREATE TABLE t (a int, b int);
INSERT INTO t SELECT g, g % 10 FROM generate_series(1, 1000) g;
EXPLAIN SELECT * FROM t;
ANALYZE t;
EXPLAIN SELECT * FROM t;
EXPLAIN SELECT * FROM t WHERE a = 5;
EXPLAIN SELECT * FROM t WHERE b = 5;
EXPLAIN SELECT * FROM t WHERE a < 100;
EXPLAIN SELECT b, count(*) FROM t GROUP BY b;
CREATE INDEX t_a ON t (a);
EXPLAIN SELECT * FROM t WHERE a = 5;
EXPLAIN SELECT * FROM t WHERE a < 10;

-- case: costs_index_build_records_size
CREATE TABLE p (a int, b text, c int);
INSERT INTO p SELECT g, 'x' || (g % 7), g % 3 FROM generate_series(1, 500) g;
CREATE INDEX p_a_prtl ON p (a int4_ops) WHERE a < 20 OR a > 480;
CREATE INDEX p_c_prtl ON p (c) WHERE b < 'x3';
SELECT relname, relpages, reltuples FROM pg_class WHERE relname IN ('p', 'p_a_prtl', 'p_c_prtl') ORDER BY 1;
EXPLAIN SELECT * FROM p WHERE a < 10;
EXPLAIN SELECT * FROM p WHERE c = 1 AND b < 'x3';

-- case: costs_unique_inner
CREATE TABLE a (id int PRIMARY KEY, v int);
CREATE TABLE b (aid int, w int);
INSERT INTO a SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO b SELECT g % 100 + 1, g FROM generate_series(1, 1000) g;
ANALYZE a;
ANALYZE b;
EXPLAIN (VERBOSE) SELECT * FROM b JOIN a ON a.id = b.aid;
EXPLAIN SELECT * FROM b LEFT JOIN a ON a.id = b.aid;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET enable_memoize = off;
EXPLAIN SELECT * FROM b JOIN a ON a.id = b.aid;

-- case: costs_qual_order
CREATE TABLE t (a int, b int);
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE a = 1 AND b + 1 > 2 AND b IS NOT NULL;

-- case: merge_join_rows_in_postgresql_order
CREATE TABLE a (k int, v text);
CREATE TABLE b (k int, w text);
INSERT INTO a VALUES (3, 'a3'), (1, 'a1'), (NULL, 'an'), (2, 'a2'), (1, 'a1b'), (5, 'a5');
INSERT INTO b VALUES (1, 'b1'), (4, 'b4'), (1, 'b1b'), (NULL, 'bn'), (3, 'b3'), (3, 'b3b');
EXPLAIN (COSTS OFF) SELECT * FROM a JOIN b ON a.k = b.k;
SELECT * FROM a JOIN b ON a.k = b.k;
SELECT * FROM a LEFT JOIN b ON a.k = b.k;
SELECT * FROM a RIGHT JOIN b ON a.k = b.k;
SELECT * FROM a FULL JOIN b ON a.k = b.k;
SELECT * FROM a LEFT JOIN b ON a.k = b.k AND b.w > 'b1';
SELECT * FROM a JOIN b ON a.k = b.k AND a.v < b.w;

-- case: parameterized_inner_index_scan
CREATE TABLE big (id int PRIMARY KEY, grp int, v text);
INSERT INTO big SELECT g, g % 50, 'v' || g FROM generate_series(1, 5000) g;
CREATE INDEX big_grp ON big (grp);
CREATE TABLE small (id int, grp int);
INSERT INTO small VALUES (10, 3), (4000, 7), (77, 49), (9999, 1);
ANALYZE big;
ANALYZE small;
EXPLAIN SELECT * FROM small s JOIN big b ON b.id = s.id;
SELECT * FROM small s JOIN big b ON b.id = s.id;
SELECT * FROM small s LEFT JOIN big b ON b.id = s.id;
SELECT s.id, count(*) FROM small s JOIN big b ON b.grp = s.grp GROUP BY s.id ORDER BY 1;

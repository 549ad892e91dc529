-- EXPLAIN (COSTS OFF) where pgref's rule-based planner makes PostgreSQL's
-- choice (spec/07-executor.md, EXPLAIN): single-table scans with filters,
-- sorts, aggregation, limits, constant-false WHERE, UNION ALL; plus the
-- statements EXPLAIN refuses.

-- case: explain_seqscan_filter
CREATE TABLE t (a int, b text, c numeric);
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE a > 1 AND b = 'x';

-- case: explain_constants
CREATE TABLE t (a int, b text, c numeric);
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE a = -1 OR c = 1.5 OR c = 2 OR b IS NULL;

-- case: explain_similar_to_folds
CREATE TABLE t (f1 text);
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE f1 SIMILAR TO '_[_[:alpha:]_]_';

-- case: explain_sort
CREATE TABLE t (a int, b text);
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY b DESC, a NULLS FIRST;

-- case: explain_aggregate
CREATE TABLE t (a int, b int);
EXPLAIN (COSTS OFF) SELECT count(*) FROM t;

-- case: explain_hashagg_having
CREATE TABLE t (a int, b int);
EXPLAIN (COSTS OFF) SELECT a, sum(b) FROM t GROUP BY a HAVING sum(b) > 10;

-- case: explain_limit
CREATE TABLE t (a int);
EXPLAIN (COSTS OFF) SELECT * FROM t LIMIT 3;

-- case: explain_where_false
CREATE TABLE t (a int);
EXPLAIN (COSTS OFF) SELECT * FROM t WHERE 1 = 0;

-- case: explain_union_all
CREATE TABLE t (a int);
CREATE TABLE u (x int);
EXPLAIN (COSTS OFF) SELECT a FROM t UNION ALL SELECT x FROM u;

-- case: explain_dml
CREATE TABLE t (a int, b int);
EXPLAIN (COSTS OFF) INSERT INTO t VALUES (1, 2);
EXPLAIN (COSTS OFF) DELETE FROM t WHERE b = 3;
EXPLAIN (COSTS OFF) UPDATE t SET b = 1 WHERE a < 0;

-- case: explain_alias_and_self_reference
CREATE TABLE t (a int, b int);
EXPLAIN (COSTS OFF) SELECT * FROM t x WHERE x.a = 1;

-- case: explain_sort_key_expressions
CREATE TABLE t (x int, y int);
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY x % 3;
EXPLAIN (COSTS OFF) SELECT x % 3, count(*) FROM t GROUP BY x % 3;
EXPLAIN (COSTS OFF) SELECT x, sum(y) FROM t GROUP BY x ORDER BY sum(y);
EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY x + 1 LIMIT 2;

-- case: explain_scan_quals_unprefixed_under_join
CREATE TABLE t (a int, b int);
CREATE TABLE u (x int, y int);
EXPLAIN (COSTS OFF) SELECT * FROM t JOIN u ON t.a = u.x WHERE t.b > 0 AND u.y < 5;

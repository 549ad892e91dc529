-- Rows with equal ORDER BY keys come out in PostgreSQL's order
-- (executor/pgsort.py): its quicksort for a plain ORDER BY, its bounded heap
-- sort under a LIMIT once more than twice the bound rows arrive.

-- case: ties_quicksort
CREATE TABLE t (a int, b int);
INSERT INTO t SELECT g % 7, g FROM generate_series(1, 2000) g;
SELECT a, b FROM t ORDER BY a;

-- case: ties_quicksort_desc_nulls
CREATE TABLE t (a int, b int);
INSERT INTO t SELECT CASE WHEN g % 11 = 0 THEN NULL ELSE g % 5 END, g FROM generate_series(1, 500) g;
SELECT a, b FROM t ORDER BY a DESC NULLS LAST;

-- case: ties_bounded_heap
CREATE TABLE t (a int, b int);
INSERT INTO t SELECT g % 7, g FROM generate_series(1, 2000) g;
SELECT a, b FROM t ORDER BY a LIMIT 10;

-- case: ties_bounded_heap_offset
CREATE TABLE t (a int, b int);
INSERT INTO t SELECT g % 3, g FROM generate_series(1, 300) g;
SELECT a, b FROM t ORDER BY a DESC LIMIT 7 OFFSET 5;

-- case: ties_small_limit_is_quicksort
CREATE TABLE t (a int, b int);
INSERT INTO t SELECT g % 2, g FROM generate_series(1, 30) g;
SELECT a, b FROM t ORDER BY a LIMIT 20;

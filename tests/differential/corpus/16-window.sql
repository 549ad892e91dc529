-- Window functions: ranking, lag/lead, first/last/nth_value, aggregates
-- over ROWS / RANGE / GROUPS frames with EXCLUDE, RANGE offsets on dates and
-- numerics, named windows and their inheritance, window functions over
-- grouped rows, FILTER, and the analyzer's and executor's errors.
-- Results depend only on the window definitions (every ORDER BY inside a
-- window is total, or the function is insensitive to peer order).

-- case: ranking_functions
CREATE TABLE e (depname text, empno int, salary int);
INSERT INTO e VALUES ('develop', 10, 5200), ('sales', 1, 5000), ('personnel', 5, 3500), ('sales', 4, 4800),
  ('personnel', 2, 3900), ('develop', 7, 4200), ('develop', 9, 4500), ('sales', 3, 4800), ('develop', 8, 6000),
  ('develop', 11, 5200);
SELECT depname, empno, salary, rank() OVER w, dense_rank() OVER w, percent_rank() OVER w, cume_dist() OVER w
FROM e WINDOW w AS (PARTITION BY depname ORDER BY salary) ORDER BY depname, salary, empno;

-- case: row_number_and_ntile
CREATE TABLE e (depname text, empno int, salary int);
INSERT INTO e VALUES ('develop', 10, 5200), ('sales', 1, 5000), ('personnel', 5, 3500), ('sales', 4, 4800),
  ('personnel', 2, 3900), ('develop', 7, 4200), ('develop', 9, 4500), ('sales', 3, 4800), ('develop', 8, 6000),
  ('develop', 11, 5200);
SELECT empno, row_number() OVER (ORDER BY empno), ntile(3) OVER (ORDER BY empno), ntile(4) OVER (PARTITION BY depname ORDER BY empno)
FROM e ORDER BY empno;

-- case: lag_lead_with_offset_and_default
CREATE TABLE e (empno int, salary int);
INSERT INTO e VALUES (1, 10), (2, NULL), (3, 30), (4, 40), (5, 50);
SELECT empno, lag(salary) OVER w, lead(salary, 2) OVER w, lag(salary, 2, -1) OVER w, lead(salary, -1) OVER w,
  lag(salary, NULL) OVER w
FROM e WINDOW w AS (ORDER BY empno) ORDER BY empno;

-- case: first_last_nth_value_frames
CREATE TABLE e (empno int);
INSERT INTO e SELECT generate_series(1, 8);
SELECT empno, first_value(empno) OVER w, last_value(empno) OVER w, nth_value(empno, 3) OVER w
FROM e WINDOW w AS (ORDER BY empno ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) ORDER BY empno;

-- case: default_frame_includes_peers
CREATE TABLE t (x int);
INSERT INTO t VALUES (1), (2), (2), (3), (NULL);
SELECT x, sum(x) OVER (ORDER BY x), count(*) OVER (ORDER BY x), last_value(x) OVER (ORDER BY x),
  sum(x) OVER (), count(x) OVER (ORDER BY x ROWS UNBOUNDED PRECEDING) - count(x) OVER (ORDER BY x ROWS UNBOUNDED PRECEDING)
FROM t ORDER BY x;

-- case: range_frames_with_offsets
CREATE TABLE t (x int);
INSERT INTO t VALUES (1), (2), (2), (4), (7), (8), (NULL);
SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING),
  count(*) OVER (ORDER BY x DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW),
  sum(x) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING EXCLUDE TIES),
  count(*) OVER (ORDER BY x NULLS FIRST RANGE BETWEEN 1 FOLLOWING AND 5 FOLLOWING)
FROM t ORDER BY x;

-- case: groups_frames_with_exclusion
CREATE TABLE t (x int);
INSERT INTO t VALUES (1), (1), (2), (3), (3), (3), (5);
SELECT x, sum(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
  sum(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP),
  count(*) OVER (ORDER BY x GROUPS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
  sum(x) OVER (ORDER BY x GROUPS 2 PRECEDING)
FROM t ORDER BY x;

-- case: range_offset_on_dates_and_numeric
CREATE TABLE t (d date, n numeric);
INSERT INTO t VALUES ('2024-01-01', 1.5), ('2024-01-02', 2.0), ('2024-01-05', 2.25), ('2024-02-01', 10), (NULL, NULL);
SELECT d, n, count(*) OVER (ORDER BY d RANGE BETWEEN '3 days'::interval PRECEDING AND CURRENT ROW),
  sum(n) OVER (ORDER BY n RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING)
FROM t ORDER BY d;

-- case: window_over_grouped_rows
CREATE TABLE t (g int, x int);
INSERT INTO t VALUES (1, 10), (1, 20), (2, 5), (3, 7), (3, 8), (3, 9);
SELECT g, sum(x), rank() OVER (ORDER BY sum(x) DESC), sum(sum(x)) OVER (), avg(count(*)) OVER (ORDER BY g)
FROM t GROUP BY g ORDER BY g;

-- case: named_window_inheritance
CREATE TABLE t (g int, x int);
INSERT INTO t VALUES (1, 10), (1, 20), (2, 5), (3, 7), (3, 8), (3, 9);
SELECT g, x, sum(x) OVER w, sum(x) OVER (w ORDER BY x), count(*) OVER (w ORDER BY x ROWS 1 PRECEDING)
FROM t WINDOW w AS (PARTITION BY g) ORDER BY g, x;

-- case: aggregate_filter_over_window
CREATE TABLE t (g int, x int);
INSERT INTO t VALUES (1, 10), (1, 20), (2, 5), (3, 7), (3, 8), (3, 9);
SELECT g, x, count(*) FILTER (WHERE x > 7) OVER (PARTITION BY g), sum(x) FILTER (WHERE x % 2 = 0) OVER (ORDER BY x)
FROM t ORDER BY g, x;

-- case: window_in_order_by_and_subquery
CREATE TABLE t (g int, x int);
INSERT INTO t VALUES (1, 10), (1, 20), (2, 5), (3, 7), (3, 8), (3, 9);
SELECT * FROM (SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x DESC) AS rn FROM t) s
WHERE rn = 1 ORDER BY sum(x) OVER (ORDER BY g), g;

-- case: string_and_array_aggregates_over_frames
CREATE TABLE t (x int, s text);
INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
SELECT x, string_agg(s, ',') OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
  array_agg(x) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
  max(s) OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING)
FROM t ORDER BY x;

-- case: err_window_in_where
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT * FROM t WHERE row_number() OVER () > 1;

-- case: err_window_in_group_by
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT rank() OVER (ORDER BY 1), count(*) FROM t GROUP BY 1;

-- case: err_nested_window
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT sum(rank() OVER ()) OVER () FROM t;

-- case: err_aggregate_of_window
-- expect: error 42803
CREATE TABLE t (x int);
SELECT sum(rank() OVER ()) FROM t;

-- case: err_unknown_window
-- expect: error 42704
CREATE TABLE t (x int);
SELECT count(*) OVER w FROM t;

-- case: err_window_defined_twice
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT count(*) OVER w FROM t WINDOW w AS (), w AS (ORDER BY x);

-- case: err_override_partition
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT count(*) OVER (w PARTITION BY x) FROM t WINDOW w AS (ORDER BY x);

-- case: err_copy_window_with_frame
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT count(*) OVER (w) FROM t WINDOW w AS (ORDER BY x ROWS UNBOUNDED PRECEDING);

-- case: err_range_offset_needs_one_order_column
-- expect: error 42P20
CREATE TABLE t (x int, y int);
SELECT count(*) OVER (ORDER BY x, y RANGE 1 PRECEDING) FROM t;

-- case: err_range_offset_type
-- expect: error 0A000
CREATE TABLE t (x int);
SELECT count(*) OVER (ORDER BY x RANGE 1.5 PRECEDING) FROM t;

-- case: err_groups_needs_order_by
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT count(*) OVER (GROUPS 1 PRECEDING) FROM t;

-- case: err_frame_offset_negative
-- expect: error 22013
CREATE TABLE t (x int);
SELECT sum(x) OVER (ORDER BY x ROWS -1 PRECEDING) FROM t;

-- case: err_frame_offset_null
-- expect: error 22004
CREATE TABLE t (x int);
SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM t;

-- case: err_ntile_zero
-- expect: error 22014
CREATE TABLE t (x int);
INSERT INTO t VALUES (1);
SELECT ntile(0) OVER () FROM t;

-- case: err_nth_value_zero
-- expect: error 22016
CREATE TABLE t (x int);
INSERT INTO t VALUES (1);
SELECT nth_value(x, 0) OVER () FROM t;

-- case: err_window_function_needs_over
-- expect: error 42809
CREATE TABLE t (x int);
SELECT row_number() FROM t;

-- case: err_distinct_window_aggregate
-- expect: error 0A000
CREATE TABLE t (x int);
SELECT count(DISTINCT x) OVER () FROM t;

-- case: err_srf_in_window_args
-- expect: error 0A000
CREATE TABLE t (x int);
SELECT x, min(generate_series(1, 3)) OVER () FROM t;

-- case: err_window_in_join_condition
-- expect: error 42P20
CREATE TABLE t (x int);
SELECT * FROM t a JOIN t b ON row_number() OVER (ORDER BY a.x) < 10;

-- case: err_ungrouped_partition_column
-- expect: error 42803
CREATE TABLE t (g int, x int);
SELECT x, rank() OVER (PARTITION BY g) FROM t GROUP BY x;

-- case: window_functions_on_empty_input
CREATE TABLE t (x int);
SELECT x, row_number() OVER (), sum(x) OVER (ORDER BY x ROWS 1 PRECEDING), ntile(2) OVER () FROM t;

-- case: peers_in_postgresql_order_with_rows_frame
CREATE TABLE e (depname text, empno int, salary int);
INSERT INTO e VALUES ('develop', 10, 5200), ('sales', 1, 5000), ('personnel', 5, 3500), ('sales', 4, 4800),
  ('personnel', 2, 3900), ('develop', 7, 4200), ('develop', 9, 4500), ('sales', 3, 4800), ('develop', 8, 6000),
  ('develop', 11, 5200);
SELECT depname, empno, salary, rank() OVER w FROM e WINDOW w AS (PARTITION BY depname ORDER BY salary)
ORDER BY rank() OVER w, depname, empno;

-- case: lag_default_common_type
CREATE TABLE t (x int);
INSERT INTO t VALUES (1), (2), (3);
SELECT x, lag(x, 1, 0.5) OVER (ORDER BY x), pg_typeof(lag(x, 1, 0.5) OVER (ORDER BY x))::text,
  lead(x::text, 1, 'none') OVER (ORDER BY x), ntile(NULL) OVER (ORDER BY x), nth_value(x, NULL) OVER (ORDER BY x)
FROM t ORDER BY x;

-- case: window_result_types
CREATE TABLE t (x int, n numeric, f float8);
INSERT INTO t VALUES (1, 1.5, 0.25), (2, 2.5, 0.5);
SELECT pg_typeof(row_number() OVER ())::text, pg_typeof(rank() OVER ())::text, pg_typeof(percent_rank() OVER ())::text,
  pg_typeof(ntile(2) OVER ())::text, pg_typeof(sum(x) OVER ())::text, pg_typeof(avg(n) OVER ())::text,
  pg_typeof(first_value(f) OVER ())::text
FROM t LIMIT 1;

-- case: frame_offset_from_expression
CREATE TABLE t (x int);
INSERT INTO t SELECT generate_series(1, 6);
SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN (1 + 1) PRECEDING AND CURRENT ROW),
  sum(x) OVER (ORDER BY x RANGE BETWEEN '1' PRECEDING AND '1' FOLLOWING),
  sum(x) OVER (ORDER BY x RANGE BETWEEN 1::bigint PRECEDING AND 1::smallint FOLLOWING)
FROM t ORDER BY x;

-- case: range_current_row_without_order_is_whole_partition
CREATE TABLE t (g int, x int);
INSERT INTO t VALUES (1, 1), (1, 2), (2, 3);
SELECT g, x, sum(x) OVER (PARTITION BY g RANGE BETWEEN CURRENT ROW AND CURRENT ROW),
  count(*) OVER (PARTITION BY g ROWS BETWEEN CURRENT ROW AND CURRENT ROW EXCLUDE CURRENT ROW)
FROM t ORDER BY g, x;

-- case: timestamp_and_interval_range
CREATE TABLE t (ts timestamp, iv interval);
INSERT INTO t VALUES ('2024-01-01 00:00', '1 hour'), ('2024-01-01 06:00', '2 hours'), ('2024-01-02 00:00', '1 day'),
  ('2024-01-05 00:00', '3 days');
SELECT ts, count(*) OVER (ORDER BY ts RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW),
  count(*) OVER (ORDER BY iv RANGE BETWEEN '1 day' PRECEDING AND '1 day' FOLLOWING)
FROM t ORDER BY ts;

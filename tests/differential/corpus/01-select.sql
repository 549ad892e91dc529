-- Basic SELECT: target lists, FROM-less selects, WHERE, DISTINCT, DISTINCT ON,
-- ORDER BY (ASC/DESC, NULLS FIRST/LAST, by position, by alias, by expression),
-- LIMIT / OFFSET / FETCH FIRST, and VALUES lists.

-- case: select_constant
SELECT 1;

-- case: select_constants_named
SELECT 1 AS one, 'two' AS two, 3.0 AS three, true AS t, NULL AS n;

-- case: select_unnamed_columns
SELECT 1 + 1, 'a' || 'b', -5, NOT false;

-- case: select_star
CREATE TABLE t (a int, b text, c boolean);
INSERT INTO t VALUES (1, 'one', true), (2, 'two', false), (3, NULL, NULL);
SELECT * FROM t;

-- case: select_qualified_star
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y');
SELECT t.*, a * 10 AS ten_a FROM t;

-- case: select_table_alias
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y');
SELECT q.a, q.b FROM t AS q WHERE q.a > 1;

-- case: select_column_alias_in_from
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x');
SELECT x, y FROM t AS q(x, y);

-- case: select_where_and_or
CREATE TABLE t (a int, b int);
INSERT INTO t VALUES (1, 1), (1, 2), (2, 1), (2, 2), (3, NULL);
SELECT a, b FROM t WHERE (a = 1 OR b = 1) AND a <> 2;

-- case: select_where_null_filtered
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (NULL), (3);
SELECT a FROM t WHERE a > 0;

-- case: select_where_false
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
SELECT a FROM t WHERE false;

-- case: select_empty_table
CREATE TABLE t (a int, b text);
SELECT * FROM t;

-- case: select_distinct
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (1, 'x'), (2, 'y'), (2, NULL), (2, NULL);
SELECT DISTINCT a, b FROM t;

-- case: select_distinct_nulls_collapse
CREATE TABLE t (a int);
INSERT INTO t VALUES (NULL), (NULL), (1);
SELECT DISTINCT a FROM t ORDER BY a;

-- case: select_distinct_order_by
CREATE TABLE t (a int);
INSERT INTO t VALUES (3), (1), (3), (2), (1);
SELECT DISTINCT a FROM t ORDER BY a DESC;

-- case: select_distinct_on
CREATE TABLE t (g int, v int, name text);
INSERT INTO t VALUES (1, 10, 'a'), (1, 5, 'b'), (2, 7, 'c'), (2, 9, 'd'), (3, 1, 'e');
SELECT DISTINCT ON (g) g, v, name FROM t ORDER BY g, v DESC;

-- case: select_distinct_on_expression
CREATE TABLE t (x int, name text);
INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
SELECT DISTINCT ON (x % 2) x % 2 AS parity, name FROM t ORDER BY x % 2, name;

-- case: select_distinct_on_order_mismatch
-- expect: error 42P10
CREATE TABLE t (a int, b int);
SELECT DISTINCT ON (a) a, b FROM t ORDER BY b;

-- case: order_by_asc_desc
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (2, 'b'), (1, 'z'), (3, 'a'), (1, 'a');
SELECT a, b FROM t ORDER BY a ASC, b DESC;

-- case: order_by_nulls_default_asc
CREATE TABLE t (a int);
INSERT INTO t VALUES (2), (NULL), (1);
SELECT a FROM t ORDER BY a;

-- case: order_by_nulls_default_desc
CREATE TABLE t (a int);
INSERT INTO t VALUES (2), (NULL), (1);
SELECT a FROM t ORDER BY a DESC;

-- case: order_by_nulls_first
CREATE TABLE t (a int);
INSERT INTO t VALUES (2), (NULL), (1);
SELECT a FROM t ORDER BY a ASC NULLS FIRST;

-- case: order_by_desc_nulls_last
CREATE TABLE t (a int);
INSERT INTO t VALUES (2), (NULL), (1);
SELECT a FROM t ORDER BY a DESC NULLS LAST;

-- case: order_by_position
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'c'), (2, 'a'), (3, 'b');
SELECT a, b FROM t ORDER BY 2;

-- case: order_by_alias
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (-5), (3);
SELECT a * -1 AS neg FROM t ORDER BY neg;

-- case: order_by_expression_not_in_list
CREATE TABLE t (a int, b int);
INSERT INTO t VALUES (1, 30), (2, 10), (3, 20);
SELECT a FROM t ORDER BY b + a;

-- case: order_by_text_c_collation
CREATE TABLE t (s text);
INSERT INTO t VALUES ('b'), ('B'), ('a'), ('A'), ('_'), ('1'), ('ä'), ('');
SELECT s FROM t ORDER BY s;

-- case: order_by_position_out_of_range
-- expect: error 42P10
SELECT 1 AS a ORDER BY 2;

-- case: limit_basic
CREATE TABLE t (a int);
INSERT INTO t SELECT generate_series(1, 10);
SELECT a FROM t ORDER BY a LIMIT 3;

-- case: limit_offset
CREATE TABLE t (a int);
INSERT INTO t SELECT generate_series(1, 10);
SELECT a FROM t ORDER BY a LIMIT 3 OFFSET 4;

-- case: offset_only
CREATE TABLE t (a int);
INSERT INTO t SELECT generate_series(1, 5);
SELECT a FROM t ORDER BY a OFFSET 3;

-- case: limit_all
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
SELECT a FROM t ORDER BY a LIMIT ALL;

-- case: limit_null
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
SELECT a FROM t ORDER BY a LIMIT NULL;

-- case: limit_zero
SELECT 1 LIMIT 0;

-- case: limit_negative
-- expect: error 2201W
SELECT 1 LIMIT -1;

-- case: offset_negative
-- expect: error 2201X
SELECT 1 OFFSET -1;

-- case: offset_beyond_end
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
SELECT a FROM t ORDER BY a OFFSET 10;

-- case: fetch_first
CREATE TABLE t (a int);
INSERT INTO t SELECT generate_series(1, 10);
SELECT a FROM t ORDER BY a FETCH FIRST 2 ROWS ONLY;

-- case: fetch_next_with_offset
CREATE TABLE t (a int);
INSERT INTO t SELECT generate_series(1, 10);
SELECT a FROM t ORDER BY a OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY;

-- case: fetch_first_row_only
CREATE TABLE t (a int);
INSERT INTO t VALUES (5), (4);
SELECT a FROM t ORDER BY a FETCH FIRST ROW ONLY;

-- case: fetch_with_ties
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd');
SELECT a FROM t ORDER BY a FETCH FIRST 2 ROWS WITH TIES;

-- case: values_list
VALUES (1, 'one'), (2, 'two'), (3, NULL);

-- case: values_order_by
VALUES (3, 'c'), (1, 'a'), (2, 'b') ORDER BY 1 DESC;

-- case: values_in_from_with_alias
SELECT x, y FROM (VALUES (1, 'a'), (2, 'b')) AS v(x, y) WHERE x > 1;

-- case: values_type_resolution
VALUES (1), (2.5), (NULL);

-- case: values_mismatched_types
-- expect: error 42804
VALUES (1), ('a'::text);

-- case: values_different_lengths
-- expect: error 42601
VALUES (1, 2), (3);

-- case: select_from_function_generate_series
SELECT * FROM generate_series(1, 4) AS g;

-- case: select_where_in_list_with_order
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
SELECT b FROM t WHERE a IN (4, 2) ORDER BY b;

-- case: select_duplicate_output_names
SELECT 1 AS x, 2 AS x;

-- case: select_case_insensitive_identifiers
CREATE TABLE MyTable (MyCol int, "QuotedCol" int);
INSERT INTO mytable VALUES (1, 2);
SELECT mycol, MYCOL, "QuotedCol" FROM MYTABLE;

-- case: select_quoted_column_missing
-- expect: error 42703
CREATE TABLE t ("QuotedCol" int);
SELECT quotedcol FROM t;

-- case: select_where_non_boolean
-- expect: error 42804
CREATE TABLE t (a int);
SELECT * FROM t WHERE a;

-- case: select_large_result
SELECT g, g * g AS sq FROM generate_series(1, 200) g ORDER BY g;

-- Errors a client sees for malformed or meaningless SQL: syntax errors with
-- their cursor positions, unterminated literals and comments, unknown
-- relations/columns/functions with positions, and name-resolution errors.

-- case: syntax_error_misspelled_keyword
-- expect: error 42601
SELEC 1;

-- case: syntax_error_missing_from_item
-- expect: error 42601
SELECT * FROM;

-- case: syntax_error_trailing_comma
-- expect: error 42601
SELECT 1, FROM t;

-- case: syntax_error_at_end_of_input
-- expect: error 42601
SELECT 1 +

-- case: syntax_error_unbalanced_paren
-- expect: error 42601
SELECT (1 + 2;

-- case: syntax_error_extra_paren
-- expect: error 42601
SELECT 1 + 2);

-- case: syntax_error_reserved_word_as_column
-- expect: error 42601
CREATE TABLE t (select int);

-- case: syntax_error_in_second_line
-- expect: error 42601
SELECT 1,
       2 3 4
FROM t;

-- case: syntax_error_missing_values
-- expect: error 42601
CREATE TABLE t (a int);
INSERT INTO t VALUES;

-- case: syntax_error_where_without_condition
-- expect: error 42601
SELECT 1 WHERE;

-- case: syntax_error_double_operator
-- expect: error 42601
SELECT 1 * * 2;

-- case: syntax_error_group_without_by
-- expect: error 42601
SELECT 1 GROUP 1;

-- case: unterminated_string
-- expect: error 42601
SELECT 'abc

-- case: unterminated_quoted_identifier
-- expect: error 42601
SELECT "abc

-- case: unterminated_comment
-- expect: error 42601
SELECT 1 /* never closed

-- case: unterminated_dollar_quote
-- expect: error 42601
SELECT $$abc

-- case: zero_length_identifier
-- expect: error 42601
SELECT "" FROM t;

-- case: invalid_unicode_escape
-- expect: error 22025
SELECT E'\u00zz';

-- case: trailing_junk_after_number
-- expect: error 42601
SELECT 123abc;

-- case: long_identifier_truncated
CREATE TABLE t (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa int);
SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0;

-- case: undefined_table_position
-- expect: error 42P01
SELECT a FROM nosuch_table;

-- case: undefined_table_in_join_position
-- expect: error 42P01
CREATE TABLE t (a int);
SELECT * FROM t JOIN missing m ON m.a = t.a;

-- case: undefined_column_position
-- expect: error 42703
CREATE TABLE t (a int);
SELECT a, b FROM t;

-- case: undefined_column_in_where_position
-- expect: error 42703
CREATE TABLE t (a int);
SELECT a FROM t WHERE nosuch > 1;

-- case: undefined_qualified_column
-- expect: error 42703
CREATE TABLE t (a int);
SELECT t.nosuch FROM t;

-- case: undefined_column_hint_other_table
-- expect: error 42703
CREATE TABLE t (a int);
CREATE TABLE u (b int);
SELECT b FROM t;

-- case: undefined_function_position
-- expect: error 42883
SELECT 1 + nosuch_fn(2, 'x');

-- case: wrong_argument_types
-- expect: error 42883
SELECT length(1, 2);

-- case: ambiguous_column_position
-- expect: error 42702
CREATE TABLE a (x int);
CREATE TABLE b (x int);
SELECT x FROM a, b;

-- case: table_name_not_in_from
-- expect: error 42P01
CREATE TABLE t (a int);
SELECT u.a FROM t;

-- case: invalid_reference_to_table_via_alias
-- expect: error 42P01
CREATE TABLE t (a int);
SELECT t.a FROM t AS x;

-- case: column_reference_in_values_error
-- expect: error 42703
VALUES (nosuch);

-- case: invalid_input_syntax_position
-- expect: error 22P02
SELECT 1 + 'x'::int;

-- case: invalid_input_in_table_insert_position
-- expect: error 22007
CREATE TABLE t (a int, d date);
INSERT INTO t VALUES (1, 'garbage');

-- case: aggregate_in_group_by_error
-- expect: error 42803
CREATE TABLE t (a int);
SELECT count(*) FROM t GROUP BY count(*);

-- case: order_by_unknown_column
-- expect: error 42703
CREATE TABLE t (a int);
SELECT a FROM t ORDER BY zz;

-- case: distinct_order_by_not_in_list
-- expect: error 42P10
CREATE TABLE t (a int, b int);
SELECT DISTINCT a FROM t ORDER BY b;

-- case: select_star_without_from
-- expect: error 42601
SELECT *;

-- case: insert_select_column_count_mismatch
-- expect: error 42601
CREATE TABLE t (a int);
INSERT INTO t SELECT 1, 2;

-- case: update_target_alias_in_set_error
-- expect: error 42703
CREATE TABLE t (a int);
UPDATE t SET t.a = 1;

-- case: comments_are_ignored
SELECT 1 -- trailing comment
  + /* inline /* nested */ comment */ 2 AS three;

-- case: empty_statement_between_semicolons
SELECT 1 AS x;;

-- case: keywords_case_insensitive
select DISTINCT a From (VaLuEs (1), (1)) AS v(a) ORDER by a;

-- case: quoted_identifier_with_spaces_and_quotes
CREATE TABLE "my table" ("my col" int, "we""ird" text);
INSERT INTO "my table" VALUES (1, 'x');
SELECT "my col", "we""ird" FROM "my table";

-- case: non_reserved_keywords_as_names
CREATE TABLE t (name text, value int, type text, year int);
INSERT INTO t VALUES ('n', 1, 'k', 2024);
SELECT name, value, type, year FROM t;

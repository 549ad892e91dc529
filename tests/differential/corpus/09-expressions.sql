-- Expressions: arithmetic and its result types, operator precedence,
-- comparison, three-valued logic, CASE, COALESCE, NULLIF, GREATEST/LEAST,
-- BETWEEN [SYMMETRIC], IN lists, LIKE/ILIKE/SIMILAR TO and escapes, POSIX
-- regular expressions, IS [NOT] NULL / TRUE / FALSE / UNKNOWN, IS [NOT]
-- DISTINCT FROM, and casts (CAST, ::, type 'literal').

-- case: arithmetic_int
SELECT 2 + 3, 2 - 3, 2 * 3, 7 / 2, -7 / 2, 7 % 3, -7 % 3, 2 ^ 10;

-- case: arithmetic_precedence
SELECT 2 + 3 * 4, (2 + 3) * 4, -2 ^ 2, 2 * 3 % 4, 10 - 2 - 3;

-- case: arithmetic_numeric
SELECT 1.5 + 2.25, 10.0 / 3, 1 / 3.0, 2.50 * 2, 7.5 % 2;

-- case: arithmetic_mixed_types
SELECT pg_typeof(1 + 1::int8)::text, pg_typeof(1 + 1.5)::text, pg_typeof(1::int2 + 1::int2)::text, pg_typeof(1.5::float8 * 2)::text, pg_typeof(1::float4 + 1::int4)::text;

-- case: arithmetic_float
SELECT 1.5::float8 / 2, 0.1::float8 + 0.2::float8, 1e300::float8 * 10, 3::float4 / 7;

-- case: unary_operators
SELECT -(-5), +5, -'5'::int, |/ 16::float8, @ -3, 5 & 3, 5 | 3, 5 # 3, ~5, 1 << 4, 256 >> 2;

-- case: division_by_zero_int
-- expect: error 22012
SELECT 1 / 0;

-- case: division_by_zero_numeric
-- expect: error 22012
SELECT 1.0 / 0;

-- case: division_by_zero_float
-- expect: error 22012
SELECT 1.0::float8 / 0;

-- case: modulo_by_zero
-- expect: error 22012
SELECT 5 % 0;

-- case: int4_overflow_add
-- expect: error 22003
SELECT 2147483647 + 1;

-- case: int4_overflow_mul
-- expect: error 22003
SELECT 100000 * 100000;

-- case: int2_overflow
-- expect: error 22003
SELECT 32767::int2 + 1::int2;

-- case: int8_overflow
-- expect: error 22003
SELECT 9223372036854775807 + 1;

-- case: int4_min_div_minus_one
-- expect: error 22003
SELECT (-2147483648)::int4 / -1;

-- case: int_literal_widening
SELECT 2147483647, 2147483648, 9223372036854775807, 9223372036854775808, pg_typeof(2147483648)::text, pg_typeof(9223372036854775808)::text;

-- case: comparison_operators
SELECT 1 < 2, 2 <= 2, 3 > 4, 4 >= 4, 5 = 5, 5 <> 6, 5 != 5, 'a' < 'b', 'B' < 'a';

-- case: comparison_with_null
SELECT 1 = NULL, NULL = NULL, NULL <> 1, NULL < 2;

-- case: three_valued_and
SELECT a, b, a AND b AS "and" FROM (VALUES (true), (false), (NULL::boolean)) x(a), (VALUES (true), (false), (NULL::boolean)) y(b);

-- case: three_valued_or
SELECT a, b, a OR b AS "or" FROM (VALUES (true), (false), (NULL::boolean)) x(a), (VALUES (true), (false), (NULL::boolean)) y(b);

-- case: three_valued_not
SELECT NOT true, NOT false, NOT NULL::boolean;

-- case: logic_precedence
SELECT true OR false AND false, NOT true OR true, NOT (true OR true);

-- case: case_searched
SELECT x, CASE WHEN x < 0 THEN 'neg' WHEN x = 0 THEN 'zero' ELSE 'pos' END FROM (VALUES (-1), (0), (1), (NULL)) v(x);

-- case: case_simple
SELECT x, CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM (VALUES (1), (2), (3), (NULL)) v(x);

-- case: case_type_resolution
SELECT CASE WHEN true THEN 1 ELSE 2.5 END, pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END)::text;

-- case: case_type_mismatch
-- expect: error 42804
SELECT CASE WHEN true THEN 1 ELSE 'x'::text END;

-- case: case_lazy_evaluation
CREATE TABLE t (a int);
INSERT INTO t VALUES (0), (2);
SELECT a, CASE WHEN a = 0 THEN NULL ELSE 10 / a END FROM t;

-- case: coalesce
SELECT coalesce(NULL, 1, 2), coalesce(NULL::int, NULL), coalesce('a', 'b'), coalesce(NULL, 2.5, 1);

-- case: coalesce_type_mismatch
-- expect: error 42804
SELECT coalesce(1, 'x'::text);

-- case: nullif
SELECT nullif(1, 1), nullif(1, 2), nullif('a', 'b'), nullif(NULL::int, 1);

-- case: greatest_least
SELECT greatest(1, 5, 3), least(1, 5, 3), greatest(1, NULL, 3), least(NULL::int, NULL), greatest('a', 'B'), greatest(1, 2.5);

-- case: between
SELECT 5 BETWEEN 1 AND 10, 5 BETWEEN 10 AND 1, 5 NOT BETWEEN 1 AND 4, NULL BETWEEN 1 AND 2, 5 BETWEEN SYMMETRIC 10 AND 1;

-- case: between_in_where
CREATE TABLE t (a int);
INSERT INTO t SELECT generate_series(1, 10);
SELECT a FROM t WHERE a BETWEEN 3 AND 5 ORDER BY a;

-- case: in_list
SELECT 1 IN (1, 2), 3 IN (1, 2), 3 NOT IN (1, 2), 1 IN (NULL, 1), 3 IN (NULL, 1), 3 NOT IN (NULL, 1), NULL IN (1);

-- case: in_list_mixed_types
SELECT 1 IN (1.0, 2), 'a' IN ('a', 'b');

-- case: like_patterns
SELECT 'hello' LIKE 'h%', 'hello' LIKE 'h_llo', 'hello' LIKE 'H%', 'hello' NOT LIKE '%x%', 'h%llo' LIKE 'h\%%', 'abc' LIKE 'abc', '' LIKE '%';

-- case: like_escape_clause
SELECT 'a_c' LIKE 'a#_c' ESCAPE '#', 'abc' LIKE 'a#_c' ESCAPE '#', '100%' LIKE '100!%' ESCAPE '!';

-- case: like_null
SELECT NULL LIKE 'a', 'a' LIKE NULL;

-- case: ilike
SELECT 'Hello' ILIKE 'h%', 'HELLO' ILIKE '%ll%', 'Hello' NOT ILIKE 'x%', 'ÄBC' ILIKE 'äbc';

-- case: like_operators
SELECT 'abc' ~~ 'a%', 'abc' !~~ 'a%', 'ABC' ~~* 'a%', 'ABC' !~~* 'a%';

-- case: like_trailing_escape_no_match
SELECT 'abc' LIKE 'abc\';

-- case: like_invalid_escape_string
-- expect: error 22025
SELECT 'a' LIKE 'a' ESCAPE 'xy';

-- case: similar_to
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'a', 'abc' SIMILAR TO '%(b|d)%', 'abd' SIMILAR TO 'a(b|c)d', 'aaa' SIMILAR TO 'a*', 'ab' NOT SIMILAR TO 'a_';

-- case: regex_match
SELECT 'foobar' ~ 'o+b', 'foobar' ~ '^bar', 'FOOBAR' ~* 'foo', 'foobar' !~ 'z', 'foobar' !~* 'FOO';

-- case: regex_invalid
-- expect: error 2201B
SELECT 'a' ~ '(';

-- case: regex_in_where
CREATE TABLE t (s text);
INSERT INTO t VALUES ('abc123'), ('xyz'), ('a1'), (NULL);
SELECT s FROM t WHERE s ~ '[0-9]+$' ORDER BY s;

-- case: is_null
SELECT NULL IS NULL, 1 IS NULL, NULL IS NOT NULL, 1 IS NOT NULL, NULL::int ISNULL, 1 NOTNULL;

-- case: is_null_in_where
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, NULL), (NULL, 'x'), (3, 'y');
SELECT a, b FROM t WHERE a IS NULL OR b IS NULL;

-- case: is_true_false_unknown
SELECT x, x IS TRUE AS t, x IS NOT TRUE AS nt, x IS FALSE AS f, x IS NOT FALSE AS nf, x IS UNKNOWN AS u, x IS NOT UNKNOWN AS nu FROM (VALUES (true), (false), (NULL::boolean)) v(x);

-- case: is_distinct_from
SELECT 1 IS DISTINCT FROM 1, 1 IS DISTINCT FROM 2, 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, NULL::int IS NOT DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 2;

-- case: cast_syntaxes
SELECT CAST('42' AS int), '42'::int + 1, int '42', '3.5'::numeric, text 'abc', CAST(1 AS text), 12::text || 'x';

-- case: cast_numeric_to_int_rounds
SELECT 2.5::int, 3.5::int, (-2.5)::int, 2.4::int, 2.5::float8::int, 3.5::float8::int, (-0.5)::float8::int;

-- case: cast_to_varchar_truncates_silently
SELECT 'abcdef'::varchar(3), 'abcdef'::char(2), 'a'::char(3) || 'b';

-- case: cast_bool
SELECT 'yes'::boolean, 'off'::boolean, 't'::boolean, '0'::boolean, true::text, false::int, 1::boolean;

-- case: cast_invalid_int
-- expect: error 22P02
SELECT 'abc'::int;

-- case: cast_invalid_bool
-- expect: error 22P02
SELECT 'maybe'::boolean;

-- case: cast_int_out_of_range
-- expect: error 22003
SELECT '99999999999'::int;

-- case: cast_numeric_overflow_typmod
-- expect: error 22003
SELECT 1000.5::numeric(4,1);

-- case: cast_nonexistent
-- expect: error 42846
SELECT true::date;

-- case: string_concatenation
SELECT 'a' || 'b', 'a' || NULL, 'n=' || 5, 5 || '=n', 1.5 || '';

-- case: string_functions
SELECT length('héllo'), octet_length('héllo'), upper('abc'), lower('ÀBC'), substr('hello', 2, 3), substring('hello' FROM 2 FOR 2), position('l' IN 'hello'), trim('  x  '), btrim('xxaxx', 'x'), replace('abab', 'b', 'c');

-- case: string_functions_more
SELECT left('hello', 2), right('hello', 2), lpad('7', 3, '0'), rpad('a', 3, '-'), repeat('ab', 3), reverse('abc'), split_part('a,b,c', ',', 2), initcap('hello world'), concat('a', NULL, 1), concat_ws('-', 'a', NULL, 'b');

-- case: math_functions
SELECT abs(-3), abs(-2.5), round(2.567, 2), round(2.5), trunc(2.9), ceil(2.1), floor(-2.1), mod(7, 3), sign(-4), sqrt(16), power(2, 10), div(7, 2);

-- case: math_function_errors
-- expect: error 2201F
SELECT power(0, -1);

-- case: sqrt_negative
-- expect: error 2201F
SELECT sqrt(-1);

-- case: expression_in_where_and_target
CREATE TABLE t (price numeric(8,2), qty int);
INSERT INTO t VALUES (9.99, 3), (0.01, 100), (100.00, 0);
SELECT price * qty AS total, price * qty > 10 AS big FROM t WHERE qty > 0;

-- case: null_propagation_arithmetic
SELECT 1 + NULL, NULL * 2, -NULL::int, NULL::numeric / 0, abs(NULL::int);

-- case: row_comparison
SELECT (1, 2) < (1, 3), (1, 2) = (1, 2), (1, NULL) = (1, 2), (2, NULL) > (1, 5), ROW(1, 'a') <> ROW(1, 'b');

-- case: array_expressions
SELECT ARRAY[1, 2, 3], ARRAY['a', NULL], (ARRAY[10, 20, 30])[2], array_length(ARRAY[1, 2], 1), ARRAY[1, 2] || 3, cardinality(ARRAY[[1, 2], [3, 4]]);

-- case: unknown_function
-- expect: error 42883
SELECT no_such_function(1);

-- case: operator_does_not_exist
-- expect: error 42883
SELECT 'a'::text + 1;

-- case: mixed_operator_resolution
SELECT 1 + '1' || '2';

-- case: ambiguous_operator_unknown_literals
-- expect: error 42725
SELECT '1' + '1';

-- case: operator_position_in_error
-- expect: error 42883
CREATE TABLE t (a int, b text);
SELECT a FROM t WHERE b > 1;

-- case: constant_folding_errors_before_rows
-- expect: error 22012
CREATE TABLE e (a int);
SELECT 1/0 FROM e;

-- case: constant_folding_skips_dead_case_arm
SELECT CASE WHEN false THEN 1/0 ELSE 2 END, false AND 1/0 = 1, true OR 1/0 = 1, coalesce(1, 1/0);

-- case: constant_folding_inside_live_case_arm
-- expect: error 22012
CREATE TABLE e (a int);
SELECT CASE WHEN a > 0 THEN 1/0 END FROM e;

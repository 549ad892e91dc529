-- Typed values of every foundation type: input forms, output forms, type
-- OIDs, typmods, limits, and the errors for overflow and invalid input.

-- case: int2_int4_int8_limits
SELECT (-32768)::int2, 32767::int2, (-2147483648)::int4, 2147483647::int4, (-9223372036854775808)::int8, 9223372036854775807::int8;

-- case: int_input_whitespace_and_sign
SELECT ' 42 '::int, '+7'::int4, '-0'::int8, '0012'::int2;

-- case: int2_out_of_range_input
-- expect: error 22003
SELECT '32768'::int2;

-- case: int8_invalid_input
-- expect: error 22P02
SELECT '12a'::int8;

-- case: int_empty_string
-- expect: error 22P02
SELECT ''::int;

-- case: numeric_display_scale
SELECT 1.50::numeric, 0.0::numeric, -0.000::numeric, 100::numeric, 1e3::numeric, 1.5e-3::numeric, '  12.340 '::numeric;

-- case: numeric_typmod_rounding
SELECT 3.14159::numeric(5,2), 2.675::numeric(4,2), (-2.675)::numeric(4,2), 12345.678::numeric(10,0);

-- case: numeric_special_values
SELECT 'NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric, 'NaN'::numeric = 'NaN'::numeric, 'NaN'::numeric > 1e100;

-- case: numeric_big_precision
SELECT 123456789012345678901234567890.123456789 * 2, 1::numeric / 7, 2::numeric ^ 100;

-- case: numeric_invalid
-- expect: error 22P02
SELECT '1.2.3'::numeric;

-- case: numeric_typmod_invalid
-- expect: error 22023
SELECT 1::numeric(2,5000);

-- case: float8_output
SELECT 0.1::float8, 1e100::float8, 1.5e-300::float8, 123456789012345678::float8, -0.0::float8, 3.0::float8;

-- case: float4_output
SELECT 0.1::float4, 1.17549435e-38::float4, 3.4028235e38::float4, 16777217::float4, 1.0::float4 / 3;

-- case: float_special_values
SELECT 'NaN'::float8, 'inf'::float8, '-Infinity'::float8, 'nan'::float4, 'infinity'::float8 > 1e308;

-- case: float8_overflow_input
-- expect: error 22003
SELECT '1e400'::float8;

-- case: float4_overflow_cast
-- expect: error 22003
SELECT 1e300::float8::float4;

-- case: float8_overflow_arith
-- expect: error 22003
SELECT 1e308::float8 * 10;

-- case: float_invalid_input
-- expect: error 22P02
SELECT 'one'::float8;

-- case: bool_inputs_outputs
SELECT 'TRUE'::bool, ' f '::bool, 'on'::bool, 'n'::bool, true AND 'y'::bool, 'true'::bool::text;

-- case: text_varchar_char
SELECT 'abc'::text, 'abc'::varchar, 'abc'::varchar(5), 'abc'::char(5), 'abc'::char(5) = 'abc   '::char(5), length('abc'::char(5)), 'abc'::char, pg_typeof('x'::char)::text;

-- case: char_padding_in_table
CREATE TABLE t (c char(4), v varchar(4));
INSERT INTO t VALUES ('ab', 'ab'), ('abcd', 'abcd');
SELECT c, v, c || '|', v || '|', length(c), octet_length(c) FROM t ORDER BY v;

-- case: char_too_long_insert
-- expect: error 22001
CREATE TABLE t (c char(2));
INSERT INTO t VALUES ('abc');

-- case: string_escape_literals
SELECT 'it''s', E'tab\there', E'\x41\101\u00e9', U&'\0041\00e9', $$dollar 'quoted'$$, $tag$a$$b$tag$;

-- case: unicode_text
SELECT 'héllo wörld ✓ 日本', length('日本語'), upper('straße'), '😀'::text, octet_length('😀');

-- case: bytea_hex_output
SELECT '\x48656c6c6f'::bytea, 'abc'::bytea, ''::bytea, E'\\000\\377'::bytea, length('\xdeadbeef'::bytea);

-- case: bytea_invalid_hex
-- expect: error 22023
SELECT '\xZZ'::bytea;

-- case: date_input_output
SELECT '2024-02-29'::date, 'January 8, 1999'::date, '1999-01-08'::date + 30, date '2000-03-01' - date '2000-02-01', '20240115'::date, 'infinity'::date, '-infinity'::date;

-- case: date_bc_and_far_future
SELECT '0001-01-01 BC'::date, '4713-01-01 BC'::date, '5874897-12-31'::date;

-- case: date_invalid
-- expect: error 22008
SELECT '2023-02-29'::date;

-- case: date_garbage
-- expect: error 22007
SELECT 'not a date'::date;

-- case: time_values
SELECT '13:14:15'::time, '13:14:15.123456'::time, '1:02 pm'::time, '24:00:00'::time, '13:14:15.1234567'::time, time '04:05:06' + interval '2 hours';

-- case: time_invalid
-- expect: error 22008
SELECT '25:00:00'::time;

-- case: timetz_values
SELECT '13:14:15+02'::timetz, '13:14:15-07:30'::timetz, '00:00:00 UTC'::timetz;

-- case: timestamp_values
SELECT '2024-03-05 13:14:15'::timestamp, '2024-03-05T13:14:15.5'::timestamp, '2024-03-05'::timestamp, 'epoch'::timestamp, 'infinity'::timestamp, timestamp '2024-01-31 10:00' + interval '1 month';

-- case: timestamp_precision
SELECT '2024-03-05 13:14:15.123456789'::timestamp, '2024-03-05 13:14:15.987654'::timestamp(2), '2024-03-05 13:14:15.5'::timestamp(0);

-- case: timestamptz_values
SELECT '2024-03-05 13:14:15+02'::timestamptz, '2024-03-05 13:14:15 America/New_York'::timestamptz, '2024-07-01 00:00:00'::timestamptz, 'epoch'::timestamptz;

-- case: timestamp_arithmetic
SELECT timestamp '2024-03-05 12:00' - timestamp '2024-03-01 06:30', timestamptz '2024-03-05 12:00+00' - interval '1 day 2 hours', date '2024-03-05' + time '10:30';

-- case: timestamp_invalid
-- expect: error 22007
SELECT 'yesterday-ish'::timestamp;

-- case: timestamp_field_out_of_range
-- expect: error 22008
SELECT '2024-13-01 00:00'::timestamp;

-- case: interval_values
SELECT '1 day'::interval, '1 year 2 months 3 days 04:05:06.789'::interval, '-1 hours'::interval, '90 minutes'::interval, 'P1Y2M3DT4H5M6S'::interval, '1.5 days'::interval, '@ 1 hour ago'::interval;

-- case: interval_arithmetic
SELECT interval '1 day' + interval '25 hours', interval '1 month' * 2, interval '1 hour' / 4, -interval '1 day', interval '1 day' = interval '24 hours', interval '1 month' > interval '29 days';

-- case: interval_justify
SELECT justify_hours(interval '27 hours'), justify_days(interval '35 days'), justify_interval(interval '1 month -1 hour');

-- case: interval_invalid
-- expect: error 22007
SELECT 'three days'::interval;

-- case: uuid_values
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'::uuid, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid < 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;

-- case: uuid_invalid
-- expect: error 22P02
SELECT 'not-a-uuid'::uuid;

-- case: typed_table_round_trip
CREATE TABLE t (i2 int2, i4 int4, i8 int8, n numeric(10,3), f4 float4, f8 float8, b bool, t text, vc varchar(5), c char(3), by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval, u uuid);
INSERT INTO t VALUES (1, 2, 3, 4.5, 5.25, 6.125, true, 'text', 'vc', 'c', '\x01ff', '2024-01-02', '03:04:05', '2024-01-02 03:04:05', '2024-01-02 03:04:05+01', '1 day 2 hours', '00000000-0000-0000-0000-000000000001');
INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM t ORDER BY i2 NULLS LAST;

-- case: type_oids_of_literals
SELECT 1, 1.0, 'x', true, NULL, 10000000000, 1e3, B'101', ARRAY[1], '{1}'::int[], now()::date - now()::date;

-- case: pg_typeof_names
SELECT pg_typeof(1::int2)::text, pg_typeof(1.0)::text, pg_typeof('a'::bpchar)::text, pg_typeof('1 day'::interval)::text, pg_typeof(current_date)::text, pg_typeof('x'::name)::text;

-- case: comparisons_across_types
SELECT 1::int2 = 1::int8, 1 = 1.0, 1.0::float8 = 1::numeric, '2024-01-01'::date = '2024-01-01 00:00'::timestamp, 'a'::char(3) = 'a'::varchar;

-- case: extract_and_date_part
SELECT extract(year FROM date '2024-03-05'), extract(dow FROM date '2024-03-05'), extract(epoch FROM timestamp '2000-01-01 00:00:10'), date_part('hour', time '13:14'), extract(day FROM interval '3 days 4 hours');

-- case: date_trunc
SELECT date_trunc('month', timestamp '2024-03-05 13:14:15'), date_trunc('hour', timestamptz '2024-03-05 13:14:15+00'), date_trunc('day', interval '3 days 04:05');

-- case: to_char_basic
SELECT to_char(timestamp '2024-03-05 13:14:15', 'YYYY-MM-DD HH24:MI:SS'), to_char(1234.5, '9999.99'), to_char(42, '000');

-- case: array_output_quoting
SELECT ARRAY['a b', 'c,d', '"q"', NULL, ''], ARRAY[[1, 2], [3, 4]], '{}'::int[], ARRAY[1.5, 2.25];

-- case: array_input_invalid
-- expect: error 22P02
SELECT '{1,2'::int[];

-- Range and multirange types: text I/O (quoting, whitespace, canonical
-- forms, malformed literals), constructors, accessors, operators and their
-- errors, btree ordering, range_agg / range_intersect_agg, storage in
-- tables, CREATE TYPE ... AS RANGE with its multirange, constructors,
-- cast and pg_range row, and DROP TYPE.

-- case: range_io_canonical
SELECT '[1,10]'::int4range::text, '(1,10)'::int4range::text, '(,5]'::int4range::text,
       '[3,3)'::int4range::text, ' [ 1 , 5 ] '::int8range::text, 'EMPTY'::int4range::text;

-- case: range_io_numeric_dates
SELECT '(1.5,2.50]'::numrange::text, '[2020-01-01,2020-01-31]'::daterange::text,
       '[2000-01-01 10:00, 2000-01-02)'::tsrange::text, '(,)'::numrange::text,
       daterange('-infinity', '2000-01-01', '()')::text, daterange('2000-01-01', 'infinity', '[]')::text;

-- case: range_quoting
CREATE TYPE textrange AS RANGE (subtype = text, collation = "C");
SELECT textrange('', 'a b')::text, textrange('a"b', 'c\d')::text, '["",")")'::textrange::text,
       '[a\,b,c]'::textrange::text, textrange('(', '[')::text;

-- case: range_malformed_missing_bracket
-- expect: error 22P02
SELECT 'x'::int4range;

-- case: range_malformed_junk_after_empty
-- expect: error 22P02
SELECT 'empty x'::int4range;

-- case: range_malformed_eof
-- expect: error 22P02
SELECT '[1,2'::int4range;

-- case: range_malformed_too_many_commas
-- expect: error 22P02
SELECT '[1,2,3]'::int4range;

-- case: range_malformed_missing_comma
-- expect: error 22P02
SELECT '[1]'::int4range;

-- case: range_malformed_junk
-- expect: error 22P02
SELECT '[1,2] x'::int4range;

-- case: range_bad_bound
-- expect: error 22P02
SELECT '[a,2]'::int4range;

-- case: range_lower_gt_upper
-- expect: error 22000
SELECT '[5,1]'::int4range;

-- case: range_canonical_overflow
-- expect: error 22003
SELECT int4range(1, 2147483647, '[]');

-- case: range_constructors
SELECT int4range(1, 5)::text, int4range(1, 5, '(]')::text, int4range(NULL, 5)::text,
       numrange(1.1, NULL, '()')::text, int8range(5, 5)::text, int8range(5, 5, '[]')::text;

-- case: range_constructor_bad_flags
-- expect: error 42601
SELECT int4range(1, 5, 'x]');

-- case: range_constructor_null_flags
-- expect: error 22000
SELECT int4range(1, 5, NULL);

-- case: range_accessors
SELECT lower(r), upper(r), isempty(r), lower_inc(r), upper_inc(r), lower_inf(r), upper_inf(r)
FROM (VALUES ('[1,5)'::int4range), ('empty'), ('(,3]'), ('[2,)')) v(r);

-- case: range_operators
SELECT int4range(1, 5) @> 3, 7 <@ int4range(1, 5), int4range(1, 10) @> int4range(2, 3),
       int4range(1, 5) && int4range(4, 8), int4range(1, 5) << int4range(5, 8),
       int4range(6, 9) >> int4range(1, 5), int4range(1, 5) -|- int4range(5, 8),
       numrange(1, 2) -|- numrange(2, 3, '(]'), int4range(1, 5) &< int4range(3, 6),
       int4range(1, 5) &> int4range(0, 6), 'empty'::int4range <@ int4range(1, 2);

-- case: range_set_operations
SELECT (int4range(1, 5) + int4range(5, 8))::text, (int4range(1, 5) * int4range(3, 8))::text,
       (int4range(1, 10) - int4range(5, 20))::text, (int4range(1, 5) * int4range(6, 8))::text,
       (numrange(1, 10) - numrange(1, 10))::text, range_merge(int4range(1, 2), int4range(5, 6))::text;

-- case: range_union_not_contiguous
-- expect: error 22000
SELECT int4range(1, 2) + int4range(5, 6);

-- case: range_difference_not_contiguous
-- expect: error 22000
SELECT int4range(1, 10) - int4range(4, 5);

-- case: range_ordering
CREATE TABLE rt (r numrange);
INSERT INTO rt VALUES ('[3,)'), ('empty'), ('(,5)'), ('[1.1,2.2)'), ('(,)'), ('[1.1,2.2]'), ('(1.1,2)');
SELECT r::text, r < numrange(1.1, 2.2), r = numrange(1.1, 2.2) FROM rt ORDER BY r;

-- case: range_group_distinct
SELECT r::text, count(*) FROM (VALUES (int4range(1, 3)), ('[1,2]'), ('empty'), ('(0,3)')) v(r)
GROUP BY r ORDER BY r;

-- case: range_table_storage
CREATE TABLE rs (a int4range, b numrange, c daterange, d tstzrange, e int8multirange);
INSERT INTO rs VALUES ('[1,5)', '(1.25,)', '[2000-01-01,2000-02-01)', '[2000-01-01 00:00+00,)',
                       '{[1,3),[10,20)}'),
                      ('empty', 'empty', 'empty', 'empty', '{}');
SELECT a::text, b::text, c::text, e::text FROM rs WHERE a @> 2 OR isempty(a) ORDER BY a;

-- case: multirange_io
SELECT '{[1,3), [2,7), empty, [10,12]}'::int4multirange::text, '{}'::int4multirange::text,
       ' { (1.5,2] , [2.5,3) } '::nummultirange::text, '{[1,2),[2,3)}'::int4multirange::text;

-- case: multirange_malformed_brace
-- expect: error 22P02
SELECT '[1,2)'::int4multirange;

-- case: multirange_malformed_range_start
-- expect: error 22P02
SELECT '{x}'::int4multirange;

-- case: multirange_malformed_junk
-- expect: error 22P02
SELECT '{[1,2)} x'::int4multirange;

-- case: multirange_malformed_comma
-- expect: error 22P02
SELECT '{[1,2) [3,4)}'::int4multirange;

-- case: multirange_constructors_and_functions
SELECT int4multirange()::text, int4multirange(int4range(1, 3))::text,
       int4multirange(int4range(5, 6), int4range(1, 3), int4range(2, 4))::text,
       multirange(numrange(1, 2))::text, lower('{[1,3),[5,7)}'::int4multirange),
       upper('{[1,3),[5,7)}'::int4multirange), isempty('{}'::int4multirange),
       range_merge('{[1,3),[5,7)}'::int4multirange)::text, int4range(1, 3)::int4multirange::text;

-- case: multirange_null_member
-- expect: error 22004
SELECT int4multirange(int4range(1, 2), NULL);

-- case: multirange_unnest
SELECT u::text FROM unnest('{[1,3),[5,7),[9,10]}'::int4multirange) u;

-- case: multirange_operators
SELECT '{[1,3),[5,7)}'::int4multirange @> 6, '{[1,3),[5,7)}'::int4multirange @> int4range(1, 2),
       '{[1,3),[5,7)}'::int4multirange && '{[2,6)}'::int4multirange,
       int4range(0, 10) @> '{[1,3),[5,7)}'::int4multirange,
       '{[1,3)}'::int4multirange << int4range(3, 4), '{[1,3)}'::int4multirange -|- '{[3,4)}'::int4multirange,
       '{[1,3),[5,7)}'::int4multirange = '{[5,7),[1,3)}'::int4multirange,
       '{[1,3)}'::int4multirange < '{[1,3),[5,7)}'::int4multirange;

-- case: multirange_set_operations
SELECT ('{[1,3),[5,7)}'::int4multirange + '{[3,5)}'::int4multirange)::text,
       ('{[1,10)}'::int4multirange - '{[2,3),[5,6)}'::int4multirange)::text,
       ('{[1,5),[7,10)}'::int4multirange * '{[3,8)}'::int4multirange)::text,
       ('{}'::int4multirange * '{[3,8)}'::int4multirange)::text;

-- case: range_aggregates
SELECT range_agg(r)::text, range_intersect_agg(r)::text
FROM (VALUES (int4range(1, 10)), (int4range(2, 5)), (int4range(4, 12))) v(r);
SELECT range_agg(m)::text, range_intersect_agg(m)::text
FROM (VALUES ('{[1,3),[5,9)}'::int4multirange), ('{[2,6)}'::int4multirange)) v(m);

-- case: create_range_type
CREATE TYPE float8range AS RANGE (subtype = float8, subtype_diff = float8mi);
SELECT '[1.5,3)'::float8range::text, float8range(1, 2, '[]')::text,
       float8multirange(float8range(1, 2), float8range(2, 3))::text,
       float8range(1, 2)::float8multirange::text;
SELECT t.typname, t.typtype, t.typcategory FROM pg_type t
WHERE t.typname IN ('float8range', 'float8multirange', '_float8range', '_float8multirange') ORDER BY 1;
SELECT rngsubtype::regtype, rngmultitypid::regtype, rngsubdiff::regproc FROM pg_range
WHERE rngtypid = 'float8range'::regtype;
SELECT proname, pg_get_function_arguments(oid) FROM pg_proc
WHERE proname IN ('float8range', 'float8multirange') ORDER BY 1, 2;

-- case: create_range_multirange_name
CREATE TYPE myrng AS RANGE (subtype = int8, multirange_type_name = mymulti);
CREATE TYPE floats AS RANGE (subtype = float4);
SELECT typname FROM pg_type WHERE typname IN ('mymulti', 'floats_multirange') ORDER BY 1;

-- case: create_range_multirange_name_taken
-- expect: error 42710
CREATE TYPE textmultirange AS ENUM ('a');
CREATE TYPE textrange AS RANGE (subtype = text);

-- case: create_range_no_subtype
-- expect: error 42601
CREATE TYPE r AS RANGE (subtype_diff = float8mi);

-- case: create_range_bad_attribute
-- expect: error 42601
CREATE TYPE r AS RANGE (subtype = int4, foo = bar);

-- case: create_range_collation_not_collatable
-- expect: error 42809
CREATE TYPE r AS RANGE (subtype = int4, collation = "C");

-- case: create_range_bad_subdiff
-- expect: error 42883
CREATE TYPE r AS RANGE (subtype = int4, subtype_diff = float8mi);

-- case: drop_range_type_with_dependents
-- expect: error 2BP01
CREATE TYPE float8range AS RANGE (subtype = float8);
CREATE TABLE t (r float8range);
DROP TYPE float8range;

-- case: drop_range_type
CREATE TYPE float8range AS RANGE (subtype = float8);
DROP TYPE float8range;
SELECT count(*) FROM pg_type WHERE typname LIKE '%float8%range%';
SELECT count(*) FROM pg_proc WHERE proname LIKE 'float8%range';

-- case: drop_multirange_refused
-- expect: error 2BP01
CREATE TYPE float8range AS RANGE (subtype = float8);
DROP TYPE float8multirange;

-- case: range_over_domain
CREATE DOMAIN mydomain AS int4 CHECK (VALUE > 0);
CREATE TYPE mydomainrange AS RANGE (subtype = mydomain);
SELECT '[4,50)'::mydomainrange @> 7::mydomain, mydomainrange(1, 3)::text;
DROP DOMAIN mydomain CASCADE;
SELECT count(*) FROM pg_type WHERE typname LIKE 'mydomain%';

-- case: range_format_type
CREATE TYPE float8range AS RANGE (subtype = float8);
SELECT format_type('int4range'::regtype, NULL), format_type('float8multirange'::regtype, NULL),
       pg_typeof('[1,2)'::int4range)::text, pg_typeof('{}'::datemultirange)::text;

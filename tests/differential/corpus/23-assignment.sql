-- Assignment to array elements, slices and composite fields in INSERT and
-- UPDATE (analyzer/assign.py, executor/assign.py; spec/07-executor.md,
-- "Assignment to subscripts and fields").

-- case: assign_array_element_extends_with_nulls
CREATE TABLE t (id int, a int[]);
INSERT INTO t VALUES (1, '{1,2,3}'), (2, NULL), (3, '{}');
UPDATE t SET a[5] = 50;
SELECT id, a::text FROM t ORDER BY id;

-- case: assign_array_element_before_lower_bound
CREATE TABLE t (a int[]);
INSERT INTO t VALUES ('{1,2}');
UPDATE t SET a[-1] = 0, a[2] = 20;
SELECT a::text, array_lower(a, 1) FROM t;

-- case: assign_array_slices
CREATE TABLE t (id int, a int[]);
INSERT INTO t VALUES (1, '{1,2,3,4,5}'), (2, NULL);
UPDATE t SET a[2:3] = '{20,30}' WHERE id = 1;
UPDATE t SET a[:1] = '{10}', a[5:] = '{50,60}' WHERE id = 1;
UPDATE t SET a[7:8] = '{70,80,90}' WHERE id = 1;
UPDATE t SET a[2:3] = '{7,8}' WHERE id = 2;
UPDATE t SET a[1:2] = NULL WHERE id = 1;
SELECT id, a::text FROM t ORDER BY id;

-- case: assign_slice_empty_array_needs_bounds
-- expect: error 2202E
CREATE TABLE t (a int[]);
INSERT INTO t VALUES ('{}');
UPDATE t SET a[2:] = '{1}';

-- case: assign_slice_source_too_small
-- expect: error 2202E
CREATE TABLE t (a int[]);
INSERT INTO t VALUES ('{1,2,3}');
UPDATE t SET a[1:3] = '{9,9}';

-- case: assign_multidim_element_and_out_of_range
-- expect: error 2202E
CREATE TABLE t (a int[]);
INSERT INTO t VALUES ('{{1,2},{3,4}}');
UPDATE t SET a[2][1] = 30, a[1:2][2:2] = '{20,40}';
SELECT a::text FROM t;
UPDATE t SET a[3][1] = 5;

-- case: assign_multidim_into_null
CREATE TABLE t (a int[]);
INSERT INTO t VALUES (NULL);
UPDATE t SET a[2][3] = 4;
SELECT a::text FROM t;

-- case: assign_null_subscript
-- expect: error 22004
CREATE TABLE t (a int[]);
INSERT INTO t VALUES ('{1}');
UPDATE t SET a[NULL] = 2;

-- case: assign_wrong_number_of_subscripts
-- expect: error 2202E
CREATE TABLE t (a int[]);
INSERT INTO t VALUES ('{1}');
UPDATE t SET a[1][1] = 2;

-- case: assign_element_type_mismatch
-- expect: error 42804
CREATE TABLE t (a int[]);
UPDATE t SET a[1] = 'x'::text;

-- case: insert_array_elements
CREATE TABLE t (a varchar(3)[], b int);
INSERT INTO t (a[2], b, a[1]) VALUES ('x', 1, 'y'), ('p', 2, 'q');
INSERT INTO t (a[3], b) SELECT 'z', 3;
SELECT a::text, b FROM t ORDER BY b;

-- case: assign_composite_fields
CREATE TYPE cpx AS (r float8, i float8);
CREATE TYPE outer_t AS (c cpx, tags text[]);
CREATE TABLE t (id int, c cpx, o outer_t);
INSERT INTO t (id, c.r, o.c.i, o.tags[2]) VALUES (1, 1.5, 2.5, 'b');
INSERT INTO t (id) VALUES (2);
UPDATE t SET c.i = 7, o.tags[1] = 'a', o.c.r = 3 WHERE id = 1;
UPDATE t SET c.r = 1, c.i = (c).r WHERE id = 2;
SELECT id, c::text, o::text FROM t ORDER BY id;

-- case: assign_array_of_composite_field
CREATE TYPE cpx AS (r float8, i float8);
CREATE TABLE t (a cpx[]);
INSERT INTO t VALUES (NULL);
UPDATE t SET a[2].r = 1;
UPDATE t SET a[2].i = 2, a[1] = ROW(5, 6);
SELECT a::text FROM t;

-- case: assign_field_type_mismatch
-- expect: error 42804
CREATE TYPE cpx AS (r float8, i float8);
CREATE TABLE t (c cpx);
UPDATE t SET c.r = 'x'::text;

-- case: assign_no_such_field
-- expect: error 42703
CREATE TYPE cpx AS (r float8, i float8);
CREATE TABLE t (c cpx);
UPDATE t SET c.zz = 1;

-- case: assign_field_of_scalar
-- expect: error 42804
CREATE TABLE t (c int);
UPDATE t SET c.x = 1;

-- case: assign_whole_and_part_of_column
-- expect: error 42601
CREATE TABLE t (a int[]);
UPDATE t SET a[1] = 1, a = '{2}';

-- case: assign_subfield_default
-- expect: error 0A000
CREATE TABLE t (a int[]);
UPDATE t SET a[1] = DEFAULT;

-- case: assign_domain_over_array_checked
-- expect: error 23514
CREATE DOMAIN short_arr AS int[] CHECK (array_length(VALUE, 1) <= 3);
CREATE TABLE t (a short_arr);
INSERT INTO t VALUES ('{1,2}');
UPDATE t SET a[3] = 3;
SELECT a::text FROM t;
UPDATE t SET a[4] = 4;

-- case: assign_domain_over_composite_checked
-- expect: error 23514
CREATE TYPE cpx AS (r float8, i float8);
CREATE DOMAIN pos_cpx AS cpx CHECK ((VALUE).r > 0);
CREATE TABLE t (c pos_cpx);
INSERT INTO t (c.r, c.i) VALUES (1, 2);
UPDATE t SET c.r = 5, c.i = 0;
SELECT c::text FROM t;
UPDATE t SET c.r = -1;

-- case: update_set_row_of_whole_row
CREATE TABLE t (a int, b int);
INSERT INTO t VALUES (1, 2);
UPDATE t SET (a, b) = ROW(v.*) FROM (VALUES (10, 20)) AS v(i, j);
SELECT a, b FROM t;

-- case: update_set_whole_row_to_scalar
-- expect: error 42804
CREATE TABLE t (a int, b int);
UPDATE t SET a = v.* FROM (VALUES (10, 20)) AS v(i, j);

-- User-defined types: enums (labels, sort order, ADD VALUE placement, the
-- support functions), composite types (ROW(...)::type, text I/O, field
-- selection, comparison, storage), domains (NOT NULL, CHECK, DEFAULT,
-- ALTER DOMAIN against stored data), DROP TYPE dependencies, and the
-- pg_type / pg_enum rows they make.

-- case: enum_io
CREATE TYPE rainbow AS ENUM ('red', 'orange', 'yellow', 'green');
SELECT 'red'::rainbow::text, 'green'::rainbow::text, '{red,green}'::rainbow[]::text;

-- case: enum_invalid_input
-- expect: error 22P02
CREATE TYPE rainbow AS ENUM ('red', 'orange');
SELECT 'mauve'::rainbow;

-- case: enum_order_and_operators
CREATE TYPE rainbow AS ENUM ('red', 'orange', 'yellow', 'green');
CREATE TABLE t (c rainbow);
INSERT INTO t VALUES ('green'), ('red'), ('yellow'), ('orange');
SELECT c::text, c > 'orange', c = 'red' FROM t ORDER BY c DESC;

-- case: enum_min_max_index
CREATE TYPE rainbow AS ENUM ('red', 'orange', 'yellow', 'green');
CREATE TABLE t (c rainbow);
INSERT INTO t VALUES ('green'), ('red'), ('yellow');
CREATE UNIQUE INDEX t_c ON t (c);
SELECT min(c)::text, max(c)::text, (SELECT c FROM t WHERE c < 'yellow' ORDER BY c DESC LIMIT 1)::text FROM t;

-- case: enum_add_value_sort_order
CREATE TYPE planets AS ENUM ('venus', 'earth', 'mars');
ALTER TYPE planets ADD VALUE 'uranus';
ALTER TYPE planets ADD VALUE 'mercury' BEFORE 'venus';
ALTER TYPE planets ADD VALUE 'saturn' BEFORE 'uranus';
ALTER TYPE planets ADD VALUE 'jupiter' AFTER 'mars';
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'planets'::regtype ORDER BY 2;

-- case: enum_add_existing_label
-- expect: error 42710
CREATE TYPE planets AS ENUM ('venus', 'earth');
ALTER TYPE planets ADD VALUE 'earth';

-- case: enum_add_bad_neighbor
-- expect: error 22023
CREATE TYPE planets AS ENUM ('venus', 'earth');
ALTER TYPE planets ADD VALUE 'pluto' AFTER 'zeus';

-- case: enum_support_functions
CREATE TYPE rainbow AS ENUM ('red', 'orange', 'yellow', 'green');
SELECT enum_first(NULL::rainbow)::text, enum_last('red'::rainbow)::text, enum_range(NULL::rainbow)::text,
       enum_range('orange'::rainbow, NULL)::text, enum_range(NULL, 'orange'::rainbow)::text;

-- case: enum_rename_value
CREATE TYPE rainbow AS ENUM ('red', 'orange');
ALTER TYPE rainbow RENAME VALUE 'red' TO 'crimson';
SELECT enum_range(NULL::rainbow)::text;

-- case: enum_any_array
CREATE TYPE rainbow AS ENUM ('red', 'orange', 'yellow');
SELECT 'red' = ANY ('{red,yellow}'::rainbow[]), 'orange' = ANY ('{red,yellow}'::rainbow[]);

-- case: enum_pg_type_row
CREATE TYPE rainbow AS ENUM ('red');
SELECT typname, typlen, typbyval, typtype, typcategory, typinput, typoutput, typreceive, typsend, typalign,
       typstorage, (SELECT typname FROM pg_type a WHERE a.oid = t.typarray)
FROM pg_type t WHERE typname = 'rainbow';

-- case: enum_drop_type_with_dependents
-- expect: error 2BP01
CREATE TYPE rainbow AS ENUM ('red');
CREATE TABLE t (c rainbow);
DROP TYPE rainbow;

-- case: enum_drop_type_cascade
CREATE TYPE rainbow AS ENUM ('red');
CREATE TABLE t (a int, c rainbow);
INSERT INTO t VALUES (1, 'red');
DROP TYPE rainbow CASCADE;
SELECT * FROM t;

-- case: composite_row_cast_and_output
CREATE TYPE pair AS (a int, b text);
SELECT ROW(1, 'x y')::pair::text, ROW(2, NULL)::pair::text, ROW(3, '')::pair::text, ROW(4, 'q"uote')::pair::text;

-- case: composite_text_input
CREATE TYPE pair AS (a int, b text);
SELECT '(1,"a,b")'::pair::text, ('(7,zz)'::pair).b, ('(7,zz)'::pair).a + 1;

-- case: composite_input_too_many_columns
-- expect: error 22P02
CREATE TYPE pair AS (a int, b text);
SELECT '(1,2,3)'::pair;

-- case: composite_unknown_field
-- expect: error 42703
CREATE TYPE pair AS (a int, b text);
SELECT ('(1,x)'::pair).c;

-- case: composite_storage_and_order
CREATE TYPE pair AS (a int, b text);
CREATE TABLE t (p pair);
INSERT INTO t VALUES (ROW(2, 'b')), ('(1,z)'), (ROW(2, 'a')), (NULL);
SELECT p::text, (p).b FROM t ORDER BY p;

-- case: composite_compare
CREATE TYPE pair AS (a int, b text);
SELECT ROW(1, 'a')::pair < ROW(1, 'b')::pair, ROW(1, 'a')::pair = ROW(1, 'a')::pair,
       ROW(2, 'a')::pair > ROW(1, 'z')::pair;

-- case: composite_compare_dissimilar
-- expect: error 42804
CREATE TYPE p1 AS (a int, b int);
CREATE TYPE p2 AS (a int, b text);
SELECT ROW(1, 2)::p1 < ROW(1, 'abc')::p2;

-- case: table_row_type_exists
CREATE TABLE t (a int, b text);
SELECT typtype, typcategory, (SELECT relname FROM pg_class WHERE oid = typrelid) FROM pg_type WHERE typname = 't';

-- case: domain_check_and_not_null
CREATE DOMAIN posint AS int NOT NULL CHECK (VALUE > 0);
SELECT 3::posint::int, '7'::posint + 1;

-- case: domain_check_violation
-- expect: error 23514
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
SELECT (-1)::posint;

-- case: domain_null_violation
-- expect: error 23502
CREATE DOMAIN nn AS text NOT NULL;
SELECT NULL::nn;

-- case: domain_insert_default
CREATE DOMAIN d5 AS int DEFAULT 5 CHECK (VALUE < 100);
CREATE TABLE t (a d5, b int);
INSERT INTO t (b) VALUES (1);
INSERT INTO t VALUES (42, 2);
SELECT a::int, b FROM t ORDER BY b;

-- case: domain_insert_violation
-- expect: error 23514
CREATE DOMAIN d5 AS int CHECK (VALUE < 100);
CREATE TABLE t (a d5);
INSERT INTO t VALUES (100);

-- case: domain_missing_column_not_null
-- expect: error 23502
CREATE DOMAIN nn AS int NOT NULL;
CREATE TABLE t (a nn, b int);
INSERT INTO t (b) VALUES (1);

-- case: domain_update_violation
-- expect: error 23514
CREATE DOMAIN d5 AS int CHECK (VALUE < 100);
CREATE TABLE t (a d5);
INSERT INTO t VALUES (1);
UPDATE t SET a = a + 200;

-- case: domain_over_varchar_typmod
CREATE DOMAIN v3 AS varchar(3);
SELECT 'abcd'::v3::text, 'abcdef'::text::v3::text;

-- case: domain_over_varchar_assignment
-- expect: error 22001
CREATE DOMAIN v3 AS varchar(3);
CREATE TABLE t (a v3);
INSERT INTO t VALUES ('abcd');

-- case: domain_alter_add_constraint_checks_data
-- expect: error 23514
CREATE DOMAIN d AS int;
CREATE TABLE t (a d);
INSERT INTO t VALUES (5);
ALTER DOMAIN d ADD CONSTRAINT small CHECK (VALUE < 3);

-- case: domain_alter_set_not_null_checks_data
-- expect: error 23502
CREATE DOMAIN d AS int;
CREATE TABLE t (a d);
INSERT INTO t VALUES (NULL);
ALTER DOMAIN d SET NOT NULL;

-- case: domain_alter_drop_constraint
CREATE DOMAIN d AS int CONSTRAINT small CHECK (VALUE < 3);
ALTER DOMAIN d DROP CONSTRAINT small;
SELECT 10::d::int;

-- case: domain_alter_set_default
CREATE DOMAIN d AS int;
ALTER DOMAIN d SET DEFAULT 7;
CREATE TABLE t (a d, b int);
INSERT INTO t (b) VALUES (1);
SELECT a::int FROM t;

-- case: domain_not_valid_then_validate
-- expect: error 23514
CREATE DOMAIN d AS int;
CREATE TABLE t (a d);
INSERT INTO t VALUES (5);
ALTER DOMAIN d ADD CONSTRAINT small CHECK (VALUE < 3) NOT VALID;
ALTER DOMAIN d VALIDATE CONSTRAINT small;

-- case: domain_nested
CREATE DOMAIN d1 AS int CHECK (VALUE > 0);
CREATE DOMAIN d2 AS d1 CHECK (VALUE < 10);
SELECT 5::d2::int;

-- case: domain_nested_violation_inner
-- expect: error 23514
CREATE DOMAIN d1 AS int CHECK (VALUE > 0);
CREATE DOMAIN d2 AS d1 CHECK (VALUE < 10);
SELECT 0::d2;

-- case: domain_pg_type_row
CREATE DOMAIN d AS numeric(6,2) NOT NULL DEFAULT 1.5;
SELECT typname, typtype, typbasetype::regtype, typtypmod, typnotnull, typdefault, typlen, typcategory,
       format_type(oid, NULL) FROM pg_type WHERE typname = 'd';

-- case: drop_domain_cascade_to_column
CREATE DOMAIN d AS int;
CREATE TABLE t (a int, b d);
DROP DOMAIN d CASCADE;
SELECT * FROM t;

-- case: drop_type_if_exists
DROP TYPE IF EXISTS nosuch;

-- case: drop_type_missing
-- expect: error 42704
DROP TYPE nosuch;

-- case: create_type_duplicate
-- expect: error 42710
CREATE TYPE rainbow AS ENUM ('red');
CREATE TYPE rainbow AS (a int);

-- case: alter_type_rename
CREATE TYPE rainbow AS ENUM ('red');
ALTER TYPE rainbow RENAME TO colors;
SELECT 'red'::colors::text, typname FROM pg_type WHERE typname LIKE '%colors' ORDER BY 2;

-- case: composite_alter_add_attribute
CREATE TYPE pair AS (a int, b text);
ALTER TYPE pair ADD ATTRIBUTE c bool, DROP ATTRIBUTE b;
SELECT ROW(1, true)::pair::text, '(2,f)'::pair::text;

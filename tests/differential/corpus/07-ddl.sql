-- Definitions: CREATE/DROP TABLE with every constraint kind (NOT NULL, CHECK,
-- UNIQUE, PRIMARY KEY, FOREIGN KEY with actions, DEFAULT) and the errors
-- their violations raise; schemas and search_path; views; sequences, serial
-- and identity columns; ALTER TABLE forms; TRUNCATE.

-- case: create_table_status
CREATE TABLE t (a int, b text);

-- case: create_table_duplicate
-- expect: error 42P07
CREATE TABLE t (a int);
CREATE TABLE t (a int);

-- case: create_table_if_not_exists
CREATE TABLE t (a int);
CREATE TABLE IF NOT EXISTS t (a int);

-- case: create_table_duplicate_column
-- expect: error 42701
CREATE TABLE t (a int, a text);

-- case: create_table_unknown_type
-- expect: error 42704
CREATE TABLE t (a nosuchtype);

-- case: drop_table
CREATE TABLE t (a int);
DROP TABLE t;
SELECT count(*) FROM pg_class WHERE relname = 't';

-- case: drop_table_missing
-- expect: error 42P01
DROP TABLE nosuch;

-- case: drop_table_if_exists
DROP TABLE IF EXISTS nosuch;

-- case: drop_multiple_tables
CREATE TABLE a (x int);
CREATE TABLE b (x int);
DROP TABLE a, b;

-- case: select_dropped_table
-- expect: error 42P01
CREATE TABLE t (a int);
DROP TABLE t;
SELECT * FROM t;

-- case: not_null_violation
-- expect: error 23502
CREATE TABLE t (a int NOT NULL, b text);
INSERT INTO t VALUES (NULL, 'x');

-- case: not_null_violation_update
-- expect: error 23502
CREATE TABLE t (a int NOT NULL);
INSERT INTO t VALUES (1);
UPDATE t SET a = NULL;

-- case: not_null_omitted_column
-- expect: error 23502
CREATE TABLE t (a int, b text NOT NULL);
INSERT INTO t (a) VALUES (1);

-- case: check_constraint_ok
CREATE TABLE t (a int CHECK (a > 0), b int, CONSTRAINT b_small CHECK (b < 10));
INSERT INTO t VALUES (1, 5), (2, NULL);
SELECT * FROM t;

-- case: check_violation_column
-- expect: error 23514
CREATE TABLE t (a int CHECK (a > 0));
INSERT INTO t VALUES (0);

-- case: check_violation_named
-- expect: error 23514
CREATE TABLE t (a int, b int, CONSTRAINT a_lt_b CHECK (a < b));
INSERT INTO t VALUES (5, 1);

-- case: check_null_passes
CREATE TABLE t (a int CHECK (a > 0));
INSERT INTO t VALUES (NULL);
SELECT count(*) FROM t;

-- case: check_violation_on_update
-- expect: error 23514
CREATE TABLE t (a int CHECK (a < 10));
INSERT INTO t VALUES (5);
UPDATE t SET a = a * 3;

-- case: unique_violation
-- expect: error 23505
CREATE TABLE t (a int UNIQUE);
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (1);

-- case: unique_allows_multiple_nulls
CREATE TABLE t (a int UNIQUE);
INSERT INTO t VALUES (NULL), (NULL), (1);
SELECT count(*) FROM t;

-- case: unique_multi_column_violation
-- expect: error 23505
CREATE TABLE t (a int, b text, UNIQUE (a, b));
INSERT INTO t VALUES (1, 'x'), (1, 'y');
INSERT INTO t VALUES (1, 'x');

-- case: unique_violation_within_statement
-- expect: error 23505
CREATE TABLE t (a int UNIQUE);
INSERT INTO t VALUES (1), (2), (1);

-- case: primary_key_violation
-- expect: error 23505
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
INSERT INTO t VALUES (1, 'b');

-- case: primary_key_null
-- expect: error 23502
CREATE TABLE t (id int PRIMARY KEY);
INSERT INTO t VALUES (NULL);

-- case: primary_key_composite
CREATE TABLE t (a int, b int, v text, PRIMARY KEY (a, b));
INSERT INTO t VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z');
SELECT * FROM t ORDER BY a, b;

-- case: primary_key_twice_error
-- expect: error 42P16
CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY);

-- case: unique_violation_after_update
-- expect: error 23505
CREATE TABLE t (a int PRIMARY KEY);
INSERT INTO t VALUES (1), (2);
UPDATE t SET a = 2 WHERE a = 1;

-- case: foreign_key_ok
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int, pid int REFERENCES p (id));
INSERT INTO p VALUES (1), (2);
INSERT INTO c VALUES (10, 1), (11, NULL);
SELECT * FROM c;

-- case: foreign_key_violation_insert
-- expect: error 23503
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int, pid int REFERENCES p);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (10, 2);

-- case: foreign_key_violation_delete_parent
-- expect: error 23503
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (1);
DELETE FROM p;

-- case: foreign_key_on_delete_cascade
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int, pid int REFERENCES p ON DELETE CASCADE);
INSERT INTO p VALUES (1), (2);
INSERT INTO c VALUES (10, 1), (11, 1), (12, 2);
DELETE FROM p WHERE id = 1;
SELECT * FROM c;

-- case: foreign_key_on_delete_set_null
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int, pid int REFERENCES p ON DELETE SET NULL);
INSERT INTO p VALUES (1), (2);
INSERT INTO c VALUES (10, 1), (12, 2);
DELETE FROM p WHERE id = 1;
SELECT * FROM c;

-- case: foreign_key_on_update_cascade
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p ON UPDATE CASCADE);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (1), (1);
UPDATE p SET id = 5;
SELECT * FROM c;

-- case: foreign_key_table_constraint_multi_column
-- expect: error 23503
CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE c (x int, y int, FOREIGN KEY (x, y) REFERENCES p (a, b));
INSERT INTO p VALUES (1, 1);
INSERT INTO c VALUES (1, 1), (NULL, 5);
INSERT INTO c VALUES (1, 2);

-- case: foreign_key_to_non_unique_error
-- expect: error 42830
CREATE TABLE p (id int);
CREATE TABLE c (pid int REFERENCES p (id));

-- case: foreign_key_drop_referenced_table_error
-- expect: error 2BP01
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p);
DROP TABLE p;

-- case: drop_table_cascade_drops_fk
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p);
DROP TABLE p CASCADE;
INSERT INTO c VALUES (99);
SELECT * FROM c;

-- case: default_now_like_constant
CREATE TABLE t (a int, d date DEFAULT '2024-02-29');
INSERT INTO t (a) VALUES (1);
SELECT * FROM t;

-- case: create_table_as
CREATE TABLE src (a int, b text);
INSERT INTO src VALUES (1, 'x'), (2, 'y');
CREATE TABLE dst AS SELECT a * 2 AS a2, b FROM src WHERE a > 1;
SELECT * FROM dst;

-- case: create_table_as_count
CREATE TABLE dst AS SELECT generate_series(1, 7) AS n;

-- case: schema_create_and_use
CREATE SCHEMA s1;
CREATE TABLE s1.t (a int);
INSERT INTO s1.t VALUES (1);
SELECT * FROM s1.t;

-- case: schema_duplicate
-- expect: error 42P06
CREATE SCHEMA s1;
CREATE SCHEMA s1;

-- case: schema_missing_for_table
-- expect: error 3F000
CREATE TABLE nosuch.t (a int);

-- case: schema_search_path_resolution
CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE TABLE s1.t (v text);
CREATE TABLE s2.t (v text);
INSERT INTO s1.t VALUES ('one');
INSERT INTO s2.t VALUES ('two');
SET search_path = s2, s1;
SELECT v FROM t;

-- case: schema_search_path_create_in_first
CREATE SCHEMA s1;
SET search_path = s1, public;
CREATE TABLE t (a int);
SELECT table_schema FROM information_schema.tables WHERE table_name = 't';

-- case: schema_search_path_show
SET search_path = a, "B", public;
SHOW search_path;

-- case: schema_search_path_missing_table
-- expect: error 42P01
CREATE SCHEMA s1;
CREATE TABLE s1.t (a int);
SELECT * FROM t;

-- case: schema_drop_nonempty_error
-- expect: error 2BP01
CREATE SCHEMA s1;
CREATE TABLE s1.t (a int);
DROP SCHEMA s1;

-- case: schema_drop_cascade
CREATE SCHEMA s1;
CREATE TABLE s1.t (a int);
DROP SCHEMA s1 CASCADE;
SELECT count(*) FROM pg_namespace WHERE nspname = 's1';

-- case: schema_current_schema
CREATE SCHEMA s1;
SET search_path = s1, public;
SELECT current_schema();

-- case: view_basic
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');
CREATE VIEW v AS SELECT a, upper(b) AS ub FROM t WHERE a > 1;
SELECT * FROM v;

-- case: view_sees_later_changes
CREATE TABLE t (a int);
CREATE VIEW v AS SELECT sum(a) AS s FROM t;
INSERT INTO t VALUES (5), (6);
SELECT * FROM v;

-- case: view_column_names
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
CREATE VIEW v (renamed) AS SELECT a FROM t;
SELECT renamed FROM v;

-- case: view_join_with_table
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
CREATE VIEW v AS SELECT a, a * 10 AS b FROM t;
SELECT t.a, v.b FROM t JOIN v ON v.a = t.a;

-- case: view_drop_table_dependency_error
-- expect: error 2BP01
CREATE TABLE t (a int);
CREATE VIEW v AS SELECT * FROM t;
DROP TABLE t;

-- case: view_create_or_replace
CREATE TABLE t (a int);
INSERT INTO t VALUES (3);
CREATE VIEW v AS SELECT a FROM t;
CREATE OR REPLACE VIEW v AS SELECT a, a + 1 AS b FROM t;
SELECT * FROM v;

-- case: view_drop
CREATE VIEW v AS SELECT 1 AS x;
DROP VIEW v;
SELECT count(*) FROM pg_class WHERE relname = 'v';

-- case: drop_view_on_table_error
-- expect: error 42809
CREATE TABLE t (a int);
DROP VIEW t;

-- case: sequence_nextval
CREATE SEQUENCE s;
SELECT nextval('s'), nextval('s'), nextval('s');

-- case: sequence_start_increment
CREATE SEQUENCE s START 10 INCREMENT 5;
SELECT nextval('s');
SELECT nextval('s'), currval('s');

-- case: sequence_currval_before_nextval
-- expect: error 55000
CREATE SEQUENCE s;
SELECT currval('s');

-- case: sequence_setval
CREATE SEQUENCE s;
SELECT setval('s', 42);
SELECT nextval('s');

-- case: sequence_setval_is_called_false
CREATE SEQUENCE s;
SELECT setval('s', 42, false);
SELECT nextval('s');

-- case: sequence_maxvalue_reached
-- expect: error 2200H
CREATE SEQUENCE s MAXVALUE 2;
SELECT nextval('s');
SELECT nextval('s');
SELECT nextval('s');

-- case: sequence_cycle
CREATE SEQUENCE s MINVALUE 1 MAXVALUE 2 CYCLE;
SELECT nextval('s');
SELECT nextval('s');
SELECT nextval('s');

-- case: sequence_missing
-- expect: error 42P01
SELECT nextval('nosuch');

-- case: serial_column
CREATE TABLE t (id serial, v text);
INSERT INTO t (v) VALUES ('a'), ('b');
INSERT INTO t (v) VALUES ('c') RETURNING id;
SELECT * FROM t ORDER BY id;

-- case: bigserial_column_type
CREATE TABLE t (id bigserial PRIMARY KEY, v text);
INSERT INTO t (v) VALUES ('a') RETURNING id, pg_typeof(id)::text;

-- case: serial_sequence_name
CREATE TABLE t (id serial);
SELECT pg_get_serial_sequence('t', 'id');

-- case: identity_always
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);
INSERT INTO t (v) VALUES ('a'), ('b');
SELECT * FROM t ORDER BY id;

-- case: identity_always_explicit_value_error
-- expect: error 428C9
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);
INSERT INTO t VALUES (5, 'x');

-- case: identity_always_overriding
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);
INSERT INTO t OVERRIDING SYSTEM VALUE VALUES (100, 'x');
INSERT INTO t (v) VALUES ('y');
SELECT * FROM t ORDER BY id;

-- case: identity_by_default
CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 7), v text);
INSERT INTO t (v) VALUES ('a');
INSERT INTO t VALUES (1, 'b');
INSERT INTO t (v) VALUES ('c');
SELECT * FROM t ORDER BY id;

-- case: alter_table_add_column
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
ALTER TABLE t ADD COLUMN b text DEFAULT 'new';
SELECT * FROM t;

-- case: alter_table_add_column_null_default
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
ALTER TABLE t ADD COLUMN b int;
INSERT INTO t VALUES (2, 20);
SELECT * FROM t;

-- case: alter_table_add_column_exists
-- expect: error 42701
CREATE TABLE t (a int);
ALTER TABLE t ADD COLUMN a int;

-- case: alter_table_add_column_if_not_exists
CREATE TABLE t (a int);
ALTER TABLE t ADD COLUMN IF NOT EXISTS a int;

-- case: alter_table_drop_column
CREATE TABLE t (a int, b text, c int);
INSERT INTO t VALUES (1, 'x', 3);
ALTER TABLE t DROP COLUMN b;
SELECT * FROM t;

-- case: alter_table_drop_column_missing
-- expect: error 42703
CREATE TABLE t (a int);
ALTER TABLE t DROP COLUMN nosuch;

-- case: alter_table_rename_column
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
ALTER TABLE t RENAME COLUMN a TO z;
SELECT z FROM t;

-- case: alter_table_rename_table
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
ALTER TABLE t RENAME TO t2;
SELECT * FROM t2;

-- case: alter_table_alter_type
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
ALTER TABLE t ALTER COLUMN a TYPE bigint;
SELECT a, pg_typeof(a)::text FROM t ORDER BY a;

-- case: alter_table_alter_type_using
CREATE TABLE t (a text);
INSERT INTO t VALUES ('1'), ('22');
ALTER TABLE t ALTER COLUMN a TYPE int USING a::int;
SELECT a + 1 FROM t ORDER BY 1;

-- case: alter_table_alter_type_invalid_data
-- expect: error 22P02
CREATE TABLE t (a text);
INSERT INTO t VALUES ('x');
ALTER TABLE t ALTER COLUMN a TYPE int USING a::int;

-- case: alter_table_set_not_null
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
ALTER TABLE t ALTER COLUMN a SET NOT NULL;
SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a';

-- case: alter_table_set_not_null_violation
-- expect: error 23502
CREATE TABLE t (a int);
INSERT INTO t VALUES (NULL);
ALTER TABLE t ALTER COLUMN a SET NOT NULL;

-- case: alter_table_drop_not_null
CREATE TABLE t (a int NOT NULL);
ALTER TABLE t ALTER COLUMN a DROP NOT NULL;
INSERT INTO t VALUES (NULL);
SELECT count(*) FROM t;

-- case: alter_table_set_default
CREATE TABLE t (a int, b int);
ALTER TABLE t ALTER COLUMN b SET DEFAULT 9;
INSERT INTO t (a) VALUES (1);
ALTER TABLE t ALTER COLUMN b DROP DEFAULT;
INSERT INTO t (a) VALUES (2);
SELECT * FROM t ORDER BY a;

-- case: alter_table_add_check_constraint_violation
-- expect: error 23514
CREATE TABLE t (a int);
INSERT INTO t VALUES (-1);
ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0);

-- case: alter_table_add_unique_then_violate
-- expect: error 23505
CREATE TABLE t (a int);
INSERT INTO t VALUES (1);
ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);
INSERT INTO t VALUES (1);

-- case: alter_table_add_primary_key
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
ALTER TABLE t ADD PRIMARY KEY (a);
SELECT conname, contype FROM pg_constraint WHERE conrelid = 't'::regclass;

-- case: alter_table_drop_constraint
CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0));
ALTER TABLE t DROP CONSTRAINT pos;
INSERT INTO t VALUES (-5);
SELECT * FROM t;

-- case: alter_table_drop_constraint_missing
-- expect: error 42704
CREATE TABLE t (a int);
ALTER TABLE t DROP CONSTRAINT nosuch;

-- case: alter_table_missing_table
-- expect: error 42P01
ALTER TABLE nosuch ADD COLUMN a int;

-- case: truncate
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2), (3);
TRUNCATE t;
SELECT count(*) FROM t;

-- case: truncate_table_keyword_multiple
CREATE TABLE a (x int);
CREATE TABLE b (x int);
INSERT INTO a VALUES (1);
INSERT INTO b VALUES (2);
TRUNCATE TABLE a, b;
SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b) AS total;

-- case: truncate_restart_identity
CREATE TABLE t (id serial, v text);
INSERT INTO t (v) VALUES ('a'), ('b');
TRUNCATE t RESTART IDENTITY;
INSERT INTO t (v) VALUES ('c') RETURNING id;

-- case: truncate_continue_identity
CREATE TABLE t (id serial, v text);
INSERT INTO t (v) VALUES ('a'), ('b');
TRUNCATE t;
INSERT INTO t (v) VALUES ('c') RETURNING id;

-- case: truncate_referenced_table_error
-- expect: error 0A000
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p);
TRUNCATE p;

-- case: truncate_cascade
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (1);
TRUNCATE p CASCADE;
SELECT count(*) FROM c;

-- case: information_schema_columns
CREATE TABLE t (a int NOT NULL, b varchar(10), c numeric(8,3) DEFAULT 0);
SELECT column_name, data_type, is_nullable, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position;

-- case: regclass_cast_and_typeof
CREATE TABLE t (a int);
SELECT 't'::regclass::text, pg_typeof(1)::text, pg_typeof('x'::varchar)::text;

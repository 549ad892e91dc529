-- Table inheritance (spec/09-engine.md, "Inheritance") and stored
-- privileges (spec/09-engine.md, "Privileges (stored, not enforced)"):
-- scans of a parent cover its children, ONLY, tableoid, UPDATE/DELETE
-- through the parent, column merging, pg_inherits and the inhcount
-- bookkeeping, INHERIT / NO INHERIT, DROP with and without CASCADE, and
-- GRANT / REVOKE as relacl / nspacl show them.

-- case: parent_scan_covers_children
CREATE TABLE p (a int, b text);
CREATE TABLE c1 (x int) INHERITS (p);
CREATE TABLE c2 (b text, a int) INHERITS (p);
INSERT INTO p VALUES (1, 'p');
INSERT INTO c1 VALUES (2, 'c1', 20);
INSERT INTO c2 (a, b) VALUES (3, 'c2');
SELECT tableoid::regclass::text AS t, a, b FROM p ORDER BY a;

-- case: only_and_star
CREATE TABLE p (a int);
CREATE TABLE c (b int) INHERITS (p);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (2, 3);
SELECT (SELECT count(*) FROM ONLY p) AS only_p, (SELECT count(*) FROM p*) AS star, (SELECT count(*) FROM c) AS c;

-- case: update_through_parent
CREATE TABLE p (a int, b text);
CREATE TABLE c (z int, a int) INHERITS (p);
INSERT INTO p VALUES (1, 'x');
INSERT INTO c (a, b, z) VALUES (2, 'y', 9);
UPDATE p SET b = b || '!' WHERE a > 0;
UPDATE ONLY p SET a = a * 10;
SELECT tableoid::regclass::text AS t, * FROM p ORDER BY a;

-- case: delete_through_parent_returning
CREATE TABLE p (a int);
CREATE TABLE c (b int) INHERITS (p);
INSERT INTO p VALUES (1), (2);
INSERT INTO c VALUES (3, 30), (4, 40);
DELETE FROM p WHERE a % 2 = 0 RETURNING tableoid::regclass::text AS t, a;

-- case: child_check_constraint_applies_through_parent
-- expect: error 23514
CREATE TABLE p (a int CHECK (a > 0));
CREATE TABLE c () INHERITS (p);
INSERT INTO c VALUES (5);
UPDATE p SET a = -a;

-- case: pg_inherits_and_inhcounts
CREATE TABLE p1 (a int NOT NULL, b text);
CREATE TABLE p2 (a int, c int);
CREATE TABLE k (b text, d int) INHERITS (p1, p2);
SELECT inhrelid::regclass::text, inhparent::regclass::text, inhseqno, inhdetachpending FROM pg_inherits
 WHERE inhrelid = 'k'::regclass ORDER BY inhseqno;
SELECT attname, attnum, attinhcount, attislocal, attnotnull FROM pg_attribute
 WHERE attrelid = 'k'::regclass AND attnum > 0 ORDER BY attnum;

-- case: inherited_type_conflict
-- expect: error 42804
CREATE TABLE p1 (a int);
CREATE TABLE p3 (a text);
CREATE TABLE k () INHERITS (p1, p3);

-- case: local_type_conflict
-- expect: error 42804
CREATE TABLE p1 (a int);
CREATE TABLE k (a text) INHERITS (p1);

-- case: inherited_check_constraint_counts
CREATE TABLE p (a int, CONSTRAINT pos CHECK (a > 0));
CREATE TABLE c (CONSTRAINT pos CHECK (a > 0)) INHERITS (p);
SELECT conrelid::regclass::text AS rel, conname, conislocal, coninhcount FROM pg_constraint
 WHERE conname = 'pos' ORDER BY 1;

-- case: drop_parent_needs_cascade
-- expect: error 2BP01
CREATE TABLE p (a int);
CREATE TABLE c () INHERITS (p);
DROP TABLE p;

-- case: drop_parent_cascade
CREATE TABLE p (a int);
CREATE TABLE c1 () INHERITS (p);
CREATE TABLE c2 () INHERITS (p);
DROP TABLE p CASCADE;
SELECT count(*) FROM pg_class WHERE relname IN ('p', 'c1', 'c2');

-- case: add_column_propagates
CREATE TABLE p (a int);
CREATE TABLE c (b int) INHERITS (p);
INSERT INTO c VALUES (1, 2);
ALTER TABLE p ADD COLUMN e int DEFAULT 7;
SELECT * FROM c;

-- case: add_column_only_fails
-- expect: error 42P16
CREATE TABLE p (a int);
CREATE TABLE c () INHERITS (p);
ALTER TABLE ONLY p ADD COLUMN e int;

-- case: drop_inherited_column_fails
-- expect: error 42P16
CREATE TABLE p (a int, b int);
CREATE TABLE c () INHERITS (p);
ALTER TABLE c DROP COLUMN a;

-- case: drop_parent_column_drops_child_column
CREATE TABLE p (a int, b int);
CREATE TABLE c () INHERITS (p);
ALTER TABLE p DROP COLUMN b;
SELECT attname FROM pg_attribute WHERE attrelid = 'c'::regclass AND attnum > 0 AND NOT attisdropped;

-- case: inherit_and_no_inherit
CREATE TABLE p (a int);
CREATE TABLE c (a int, b int);
INSERT INTO c VALUES (1, 2);
ALTER TABLE c INHERIT p;
SELECT count(*) FROM p;
ALTER TABLE c NO INHERIT p;
SELECT count(*) FROM p;

-- case: inherit_missing_column
-- expect: error 42804
CREATE TABLE p (a int, z int);
CREATE TABLE c (a int);
ALTER TABLE c INHERIT p;

-- case: inherit_circular
-- expect: error 42P07
CREATE TABLE p (a int);
CREATE TABLE c () INHERITS (p);
ALTER TABLE p INHERIT c;

-- case: truncate_parent_truncates_children
CREATE TABLE p (a int);
CREATE TABLE c () INHERITS (p);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (2);
TRUNCATE p;
SELECT count(*) FROM c;

-- case: grant_relacl
CREATE TABLE g (a int);
GRANT SELECT, INSERT ON g TO PUBLIC;
REVOKE INSERT ON g FROM PUBLIC;
GRANT ALL ON TABLE g TO postgres WITH GRANT OPTION;
SELECT relacl FROM pg_class WHERE relname = 'g';

-- case: grant_column_privileges
CREATE TABLE g (a int, b int);
GRANT UPDATE (a), SELECT (a, b) ON g TO PUBLIC;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'g'::regclass AND attnum > 0 ORDER BY attnum;

-- case: grant_schema_public
GRANT ALL ON SCHEMA public TO public;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';

-- case: grant_all_tables_in_schema
CREATE TABLE g1 (a int);
CREATE TABLE g2 (a int);
CREATE SEQUENCE gs;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;
SELECT relname, relacl FROM pg_class WHERE relname IN ('g1', 'g2', 'gs') ORDER BY 1;

-- case: grant_unknown_role
-- expect: error 42704
CREATE TABLE g (a int);
GRANT SELECT ON g TO regress_nobody_here;

-- case: grant_invalid_privilege_for_table
-- expect: error 0LP01
CREATE TABLE g (a int);
GRANT USAGE ON g TO PUBLIC;

-- case: grant_unrecognized_privilege
-- expect: error 42601
CREATE TABLE g (a int);
GRANT frobnicate ON g TO PUBLIC;

-- case: grant_on_sequence_not_sequence
-- expect: error 42809
CREATE TABLE g (a int);
GRANT USAGE ON SEQUENCE g TO PUBLIC;

-- case: has_table_privilege_public
CREATE TABLE g (a int);
GRANT SELECT ON g TO PUBLIC;
SELECT has_table_privilege('public', 'g', 'select') AS sel, has_table_privilege('public', 'g', 'insert') AS ins,
       has_table_privilege('g', 'delete') AS mine;

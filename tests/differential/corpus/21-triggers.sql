-- Triggers (spec/09-engine.md, "Triggers"): CREATE / DROP / ALTER TRIGGER,
-- BEFORE / AFTER row and statement triggers, WHEN, UPDATE OF, TG_*
-- variables, ENABLE / DISABLE, TRUNCATE triggers, pg_trigger and
-- pg_get_triggerdef, and creation-time errors.

-- case: trigger_before_row_modifies_and_skips
CREATE TABLE t (a int, b text);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.a < 0 THEN RETURN NULL; END IF;
  NEW.b := upper(NEW.b) || TG_ARGV[0];
  RETURN NEW;
END $$;
CREATE TRIGGER t_bump BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION bump('!');
INSERT INTO t VALUES (1, 'a'), (-1, 'skip'), (2, 'b');
UPDATE t SET b = 'c' WHERE a = 2;
SELECT * FROM t ORDER BY a;

-- case: trigger_insert_returning_sees_trigger_row
CREATE TABLE t (a int, b text);
CREATE FUNCTION fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.b := 'row ' || NEW.a; RETURN NEW; END $$;
CREATE TRIGGER t_fill BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION fill();
INSERT INTO t(a) VALUES (1), (2) RETURNING *;

-- case: trigger_order_levels_and_variables
CREATE TABLE t (a int);
CREATE TABLE log (n serial, msg text);
CREATE FUNCTION logit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log(msg) VALUES (concat_ws(' ', TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, TG_TABLE_NAME,
    TG_TABLE_SCHEMA, TG_NARGS, CASE WHEN TG_LEVEL = 'ROW' AND TG_OP <> 'DELETE' THEN NEW.a END,
    CASE WHEN TG_LEVEL = 'ROW' AND TG_OP <> 'INSERT' THEN OLD.a END));
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER zb BEFORE INSERT OR UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION logit();
CREATE TRIGGER ab BEFORE INSERT OR UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION logit('x');
CREATE TRIGGER aa AFTER INSERT OR UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION logit();
CREATE TRIGGER sb BEFORE INSERT OR UPDATE OR DELETE ON t FOR EACH STATEMENT EXECUTE FUNCTION logit();
CREATE TRIGGER sa AFTER INSERT OR UPDATE OR DELETE ON t EXECUTE PROCEDURE logit();
INSERT INTO t VALUES (1), (2);
UPDATE t SET a = a * 10;
DELETE FROM t WHERE a = 10;
UPDATE t SET a = 0 WHERE false;
SELECT * FROM log ORDER BY n;

-- case: trigger_when_and_update_of
CREATE TABLE t (a int, b int);
CREATE TABLE log (n serial, msg text);
CREATE FUNCTION logit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO log(msg) VALUES (TG_NAME || ' ' || NEW.a || ' ' || NEW.b); RETURN NEW; END $$;
CREATE TRIGGER big AFTER INSERT OR UPDATE ON t FOR EACH ROW WHEN (NEW.a > 5) EXECUTE FUNCTION logit();
CREATE TRIGGER changed AFTER UPDATE ON t FOR EACH ROW WHEN (OLD.b IS DISTINCT FROM NEW.b) EXECUTE FUNCTION logit();
CREATE TRIGGER ofb BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION logit();
INSERT INTO t VALUES (1, 1), (7, 1);
UPDATE t SET a = a + 1;
UPDATE t SET b = 2 WHERE a = 2;
UPDATE t SET b = b;
SELECT * FROM log ORDER BY n;

-- case: trigger_disable_enable_rename_drop
CREATE TABLE t (a int);
CREATE TABLE log (n serial, msg text);
CREATE FUNCTION logit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO log(msg) VALUES (TG_NAME || ' ' || NEW.a); RETURN NEW; END $$;
CREATE TRIGGER t1 AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION logit();
CREATE TRIGGER t2 AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION logit();
ALTER TABLE t DISABLE TRIGGER t1;
INSERT INTO t VALUES (1);
ALTER TABLE t DISABLE TRIGGER USER;
INSERT INTO t VALUES (2);
ALTER TABLE t ENABLE TRIGGER ALL;
ALTER TRIGGER t2 ON t RENAME TO t0;
INSERT INTO t VALUES (3);
DROP TRIGGER t1 ON t;
DROP TRIGGER IF EXISTS t1 ON t;
INSERT INTO t VALUES (4);
SELECT * FROM log ORDER BY n;

-- case: trigger_catalog_and_triggerdef
CREATE TABLE t (a int, b text);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 BEFORE INSERT OR UPDATE OF a, b OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION nothing('a', 'it''s', 3);
CREATE TRIGGER s1 AFTER TRUNCATE ON t EXECUTE FUNCTION nothing();
CREATE TRIGGER w1 AFTER UPDATE ON t FOR EACH ROW WHEN (OLD.a <> NEW.a) EXECUTE FUNCTION nothing();
ALTER TABLE t DISABLE TRIGGER s1;
SELECT tgname, tgtype, tgenabled, tgnargs, tgisinternal, tgattr::text, tgargs,
       pg_get_triggerdef(oid), pg_get_triggerdef(oid, true)
FROM pg_trigger WHERE tgrelid = 't'::regclass ORDER BY tgname;

-- case: trigger_truncate_statement
CREATE TABLE t (a int);
CREATE TABLE log (n serial, msg text);
CREATE FUNCTION logit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO log(msg) VALUES (TG_NAME || ' ' || TG_WHEN || ' ' || TG_OP || ' ' || (SELECT count(*) FROM t)); RETURN NULL; END $$;
CREATE TRIGGER tb BEFORE TRUNCATE ON t EXECUTE FUNCTION logit();
CREATE TRIGGER ta AFTER TRUNCATE ON t EXECUTE FUNCTION logit();
INSERT INTO t VALUES (1), (2);
TRUNCATE t;
SELECT * FROM log ORDER BY n;

-- case: trigger_rolled_back_with_transaction
CREATE TABLE t (a int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
BEGIN;
CREATE TRIGGER r1 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nothing();
ROLLBACK;
INSERT INTO t VALUES (1);
SELECT count(*), (SELECT count(*) FROM pg_trigger WHERE tgrelid = 't'::regclass) FROM t;

-- case: trigger_error_view_row_trigger
-- expect: error 42809
CREATE TABLE t (a int);
CREATE VIEW v AS SELECT * FROM t;
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 BEFORE INSERT ON v FOR EACH ROW EXECUTE FUNCTION nothing();

-- case: trigger_error_instead_on_table
-- expect: error 42809
CREATE TABLE t (a int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 INSTEAD OF INSERT ON t FOR EACH ROW EXECUTE FUNCTION nothing();

-- case: trigger_error_function_not_trigger
-- expect: error 42P17
CREATE TABLE t (a int);
CREATE FUNCTION notrig() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE TRIGGER r1 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION notrig();

-- case: trigger_error_duplicate
-- expect: error 42710
CREATE TABLE t (a int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nothing();
CREATE TRIGGER r1 AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION nothing();

-- case: trigger_error_drop_missing
-- expect: error 42704
CREATE TABLE t (a int);
DROP TRIGGER nope ON t;

-- case: trigger_error_when_old_in_insert
-- expect: error 42P17
CREATE TABLE t (a int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 BEFORE INSERT ON t FOR EACH ROW WHEN (OLD.a > 0) EXECUTE FUNCTION nothing();

-- case: trigger_error_truncate_row
-- expect: error 0A000
CREATE TABLE t (a int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 BEFORE TRUNCATE ON t FOR EACH ROW EXECUTE FUNCTION nothing();

-- case: trigger_error_raised_in_trigger_aborts_statement
-- expect: error P0001
CREATE TABLE t (a int);
CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW.a > 10 THEN RAISE EXCEPTION 'too big: %', NEW.a; END IF; RETURN NEW; END $$;
CREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION guard();
INSERT INTO t VALUES (1), (11);

-- case: trigger_instead_of_insert_on_view
CREATE TABLE t (a int, b text);
CREATE VIEW v AS SELECT a, b FROM t;
CREATE FUNCTION vi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO t VALUES (NEW.a * 10, NEW.b);
  IF NEW.a = 2 THEN RETURN NULL; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER vi INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION vi();
INSERT INTO v VALUES (1, 'x'), (2, 'y') RETURNING *;
SELECT * FROM t ORDER BY a;

-- case: trigger_when_whole_row_and_statement_update_of
CREATE TABLE t (a int, b text);
CREATE TABLE log (n serial, msg text);
CREATE FUNCTION logit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO log(msg) VALUES (TG_NAME || ' ' || TG_LEVEL || ' ' || pg_trigger_depth()); RETURN NULL; END $$;
CREATE TRIGGER sb AFTER UPDATE OF b ON t EXECUTE FUNCTION logit();
CREATE TRIGGER w AFTER UPDATE ON t FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION logit();
INSERT INTO t VALUES (1, 'x'), (2, 'y');
UPDATE t SET a = a;
UPDATE t SET b = 'x';
SELECT n, msg, pg_trigger_depth() FROM log ORDER BY n;

-- case: trigger_drop_function_in_use
-- expect: error 2BP01
CREATE TABLE t (a int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER r1 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nothing();
DROP FUNCTION nothing();

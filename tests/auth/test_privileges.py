"""Privilege checks (spec/16-auth.md, "Privilege checks"): table and
column privileges at executor start, views checked as their owner,
sequences, schemas, ownership, GRANT's grantor, has_*_privilege."""
from __future__ import annotations

import pytest


@pytest.fixture
def setup(db):
    db.run("GRANT ALL ON SCHEMA public TO public")   # as the regression suite's test_setup does
    db.run("CREATE USER owner1")
    db.run("CREATE USER u2")
    db.run("CREATE USER u3")
    db.run("SET SESSION AUTHORIZATION owner1")
    db.run("CREATE TABLE t (a int, b text)")
    db.run("INSERT INTO t VALUES (1, 'one')")
    return db


def denied(db, sql, what="table t"):
    e = db.err(sql)
    assert (e.sqlstate, e.message) == ("42501", f"permission denied for {what}"), sql


def test_owner_may_do_everything_others_nothing(setup):
    db = setup
    assert db.one("SELECT relowner::regrole::text FROM pg_class WHERE relname = 't'") == "owner1"
    db.run("SET SESSION AUTHORIZATION u2")
    for sql in ("SELECT * FROM t", "INSERT INTO t VALUES (2, 'x')", "UPDATE t SET a = 2", "DELETE FROM t",
                "TRUNCATE t", "SELECT 1 FROM t", "COPY t TO STDOUT"):
        denied(db, sql)
    e = db.err("DROP TABLE t")
    assert (e.sqlstate, e.message) == ("42501", "must be owner of table t")
    e = db.err("ALTER TABLE t ADD COLUMN c int")
    assert e.message == "must be owner of table t"
    e = db.err("CREATE INDEX ON t (a)")
    assert e.message == "must be owner of table t"


def test_table_grants(setup):
    db = setup
    db.run("GRANT SELECT ON t TO u2")
    db.run("GRANT INSERT, UPDATE ON t TO u3")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.run("SELECT a FROM t") == [(1,)]
    denied(db, "INSERT INTO t VALUES (2, 'x')")
    denied(db, "SELECT * FROM t FOR UPDATE")
    db.run("SET SESSION AUTHORIZATION u3")
    db.run("INSERT INTO t VALUES (2, 'x')")
    denied(db, "UPDATE t SET a = a + 1")        # reads a: needs SELECT
    db.run("UPDATE t SET a = 5")
    denied(db, "SELECT * FROM t WHERE a IN (SELECT a FROM t)")


def test_column_privileges(setup):
    db = setup
    db.run("GRANT SELECT (a), UPDATE (b) ON t TO u2")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.run("SELECT a FROM t") == [(1,)]
    assert db.run("SELECT 1 FROM t") == [(1,)]
    denied(db, "SELECT * FROM t")
    denied(db, "SELECT b FROM t")
    denied(db, "SELECT 1 FROM t WHERE b = 'x'")
    db.run("UPDATE t SET b = 'two'")
    db.run("UPDATE t SET b = 'three' WHERE a = 1")
    denied(db, "UPDATE t SET a = 3")
    denied(db, "UPDATE t SET b = b || 'x'")
    assert db.run("SELECT has_column_privilege('t', 'a', 'SELECT'), has_column_privilege('t', 'b', 'SELECT'), "
                  "has_table_privilege('t', 'SELECT'), has_any_column_privilege('t', 'SELECT')") \
        == [(True, False, False, True)]


def test_views_are_checked_as_their_owner(setup):
    db = setup
    db.run("CREATE VIEW v AS SELECT a FROM t")
    db.run("GRANT SELECT ON v TO u2")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.run("SELECT * FROM v") == [(1,)]
    denied(db, "SELECT * FROM t")
    db.run("SET SESSION AUTHORIZATION u3")
    denied(db, "SELECT * FROM v", "view v")
    db.run("CREATE VIEW v3 AS SELECT * FROM t")       # u3's view over a table u3 may not read
    denied(db, "SELECT * FROM v3")


def test_membership_gives_privileges_only_with_inherit(setup):
    db = setup
    db.run("RESET SESSION AUTHORIZATION")
    db.run("CREATE ROLE readers")
    db.run("GRANT readers TO u2")
    db.run("GRANT SELECT ON t TO readers")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.run("SELECT a FROM t") == [(1,)]
    db.run("RESET SESSION AUTHORIZATION")
    db.run("ALTER ROLE u2 NOINHERIT")
    db.run("SET SESSION AUTHORIZATION u2")
    denied(db, "SELECT a FROM t")
    db.run("SET ROLE readers")
    assert db.run("SELECT a FROM t") == [(1,)]


def test_predefined_read_and_write_all_data(setup):
    db = setup
    db.run("RESET SESSION AUTHORIZATION")
    db.run("GRANT pg_read_all_data TO u2")
    db.run("GRANT pg_write_all_data TO u3")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.run("SELECT * FROM t") == [(1, "one")]
    denied(db, "DELETE FROM t")
    db.run("SET SESSION AUTHORIZATION u3")
    db.run("INSERT INTO t VALUES (9, 'nine')")
    denied(db, "SELECT * FROM t")


def test_grant_uses_the_real_grantor(setup):
    db = setup
    db.run("GRANT SELECT ON t TO u2 WITH GRANT OPTION")
    db.run("SET SESSION AUTHORIZATION u2")
    db.run("GRANT SELECT ON t TO u3")
    assert db.one("SELECT relacl::text FROM pg_class WHERE relname = 't'") == \
        "{owner1=arwdDxt/owner1,u2=r*/owner1,u3=r/u2}"
    db.run("GRANT INSERT ON t TO u3")
    assert db.notices() == [("WARNING", 'no privileges were granted for "t"')]
    db.run("GRANT SELECT, INSERT ON t TO u3")
    assert db.notices() == [("WARNING", 'not all privileges were granted for "t"')]
    db.run("SET SESSION AUTHORIZATION u3")
    e = db.err("GRANT SELECT ON t TO u2 GRANTED BY owner1")
    assert e.message == "grantor must be current user"
    db.run("SET SESSION AUTHORIZATION owner1")
    e = db.err("REVOKE GRANT OPTION FOR SELECT ON t FROM u2")
    assert (e.sqlstate, e.message) == ("2BP01", "dependent privileges exist")
    db.run("REVOKE GRANT OPTION FOR SELECT ON t FROM u2 CASCADE")
    assert db.one("SELECT relacl::text FROM pg_class WHERE relname = 't'") == \
        "{owner1=arwdDxt/owner1,u2=r/owner1}"


def test_grant_without_any_privilege_is_denied(setup):
    db = setup
    db.run("SET SESSION AUTHORIZATION u2")
    denied(db, "GRANT SELECT ON t TO u3")


def test_sequences(setup):
    db = setup
    db.run("CREATE SEQUENCE s")
    db.run("SET SESSION AUTHORIZATION u2")
    denied(db, "SELECT nextval('s')", "sequence s")
    denied(db, "SELECT * FROM s", "sequence s")
    db.run("SET SESSION AUTHORIZATION owner1")
    db.run("GRANT USAGE ON SEQUENCE s TO u2")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.one("SELECT nextval('s')") == 1
    assert db.one("SELECT currval('s')") == 1
    denied(db, "SELECT setval('s', 5)", "sequence s")
    assert db.one("SELECT has_sequence_privilege('s', 'USAGE')") is True
    assert db.one("SELECT has_sequence_privilege('s', 'UPDATE')") is False


def test_schema_create_privilege(setup):
    db = setup
    db.run("RESET SESSION AUTHORIZATION")
    db.run("CREATE SCHEMA locked")
    db.run("SET SESSION AUTHORIZATION u2")
    denied(db, "CREATE TABLE locked.x (a int)", "schema locked")
    db.run("RESET SESSION AUTHORIZATION")
    db.run("GRANT CREATE ON SCHEMA locked TO u2")
    db.run("SET SESSION AUTHORIZATION u2")
    db.run("CREATE TABLE locked.x (a int)")
    assert db.one("SELECT has_schema_privilege('locked', 'CREATE')") is True


def test_superuser_bypasses_checks(setup):
    db = setup
    db.run("RESET SESSION AUTHORIZATION")
    db.run("REVOKE ALL ON t FROM owner1")
    assert db.run("SELECT a FROM t") == [(1,)]
    db.run("SET SESSION AUTHORIZATION owner1")
    denied(db, "SELECT a FROM t")               # the owner revoked its own rights


def test_public_schema_has_no_create_for_public_by_default(db):
    db.run("CREATE USER u")
    db.run("SET SESSION AUTHORIZATION u")
    denied(db, "CREATE TABLE x (a int)", "schema public")


def test_alter_owner_requires_membership(setup):
    db = setup
    e = db.err("ALTER TABLE t OWNER TO u2")
    assert (e.sqlstate, e.message) == ("42501", 'must be member of role "u2"')


def test_function_execute_privilege_and_security_definer(setup):
    db = setup
    db.run("CREATE FUNCTION f1(int) RETURNS int AS 'select $1 * 2' LANGUAGE sql")
    db.run("CREATE FUNCTION readt() RETURNS int AS 'select a from t' LANGUAGE sql SECURITY DEFINER")
    db.run("REVOKE ALL ON FUNCTION f1(int) FROM PUBLIC")
    assert db.one("SELECT proacl::text FROM pg_proc WHERE proname = 'f1'") == "{owner1=X/owner1}"
    db.run("SET SESSION AUTHORIZATION u2")
    denied(db, "SELECT f1(5)", "function f1")
    assert db.one("SELECT has_function_privilege('f1(int)', 'execute')") is False
    assert db.one("SELECT readt()") == 1              # runs as owner1, who may read t
    denied(db, "SELECT a FROM t")
    e = db.err("DROP FUNCTION f1(int)")
    assert (e.sqlstate, e.message) == ("42501", "must be owner of function f1")
    db.run("SET SESSION AUTHORIZATION owner1")
    db.run("GRANT EXECUTE ON FUNCTION f1(int) TO u2")
    db.run("SET SESSION AUTHORIZATION u2")
    assert db.one("SELECT f1(5)") == 10

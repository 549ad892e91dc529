"""ALTER DEFAULT PRIVILEGES (spec/16-auth.md, "Default privileges")."""
from __future__ import annotations


def acl(db, sql):
    v = db.one(sql)
    return None if v is None else list(v.elements)


def test_schema_defaults_are_added_for_new_tables(db):
    db.run("CREATE USER u1")
    db.run("CREATE SCHEMA testns")
    db.run("ALTER DEFAULT PRIVILEGES IN SCHEMA testns, testns GRANT SELECT ON TABLES TO public, public")
    db.run("CREATE TABLE testns.t (x int)")
    assert acl(db, "SELECT relacl FROM pg_class WHERE relname = 't'") == \
        ["postgres=arwdDxt/postgres", "=r/postgres"]
    assert db.one("SELECT has_table_privilege('u1', 'testns.t', 'SELECT')") is True
    db.run("CREATE TABLE other (x int)")                          # another schema: the plain default
    assert db.one("SELECT relacl FROM pg_class WHERE relname = 'other'") is None
    db.run("ALTER DEFAULT PRIVILEGES IN SCHEMA testns REVOKE SELECT ON TABLES FROM public")
    db.run("CREATE TABLE testns.t2 (x int)")
    assert db.one("SELECT relacl FROM pg_class WHERE relname = 't2'") is None


def test_global_defaults_replace_the_builtin_default(db):
    db.run("CREATE USER u1")
    db.run("ALTER DEFAULT PRIVILEGES FOR ROLE u1 REVOKE EXECUTE ON FUNCTIONS FROM public")
    db.run("GRANT CREATE ON SCHEMA public TO u1")
    db.run("SET SESSION AUTHORIZATION u1")
    db.run("CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql")
    db.run("RESET SESSION AUTHORIZATION")
    assert db.one("SELECT proacl::text FROM pg_proc WHERE proname = 'f'") == "{u1=X/u1}"


def test_schemas_and_rollback(db):
    db.run("CREATE USER u2")
    db.run("BEGIN")
    db.run("ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO u2")
    db.run("CREATE SCHEMA s2")
    assert db.one("SELECT has_schema_privilege('u2', 's2', 'USAGE')") is True
    assert db.one("SELECT has_schema_privilege('u2', 's2', 'CREATE')") is False
    db.run("ROLLBACK")
    db.run("CREATE SCHEMA s3")
    assert db.one("SELECT has_schema_privilege('u2', 's3', 'USAGE')") is False


def test_errors_and_drop_role_dependency(db):
    db.run("CREATE USER u1")
    db.run("CREATE SCHEMA testns")
    e = db.err("ALTER DEFAULT PRIVILEGES IN SCHEMA testns GRANT USAGE ON SCHEMAS TO u1")
    assert (e.sqlstate, e.message) == ("0LP01", "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS")
    db.run("ALTER DEFAULT PRIVILEGES FOR ROLE u1 IN SCHEMA testns GRANT SELECT ON TABLES TO postgres")
    e = db.err("DROP ROLE u1")
    assert e.detail == "owner of default privileges on new relations belonging to role u1 in schema testns"
    db.run("DROP OWNED BY u1")
    db.run("DROP ROLE u1")
    db.run("CREATE USER u3")
    db.run("SET SESSION AUTHORIZATION u3")
    e = db.err("ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT SELECT ON TABLES TO u3")
    assert (e.sqlstate, e.message) == ("42501", "permission denied to change default privileges")

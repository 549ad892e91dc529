"""The role catalog and role commands (spec/16-auth.md, "Roles",
"Membership"): CREATE / ALTER / DROP ROLE, GRANT / REVOKE role, the
catalogs that show them, membership and INHERIT, persistence and rollback."""
from __future__ import annotations

import pgref

from pgref.auth.roles import scram_verifier


def test_create_user_and_role_defaults(db):
    db.run("CREATE USER u1")
    db.run("CREATE ROLE r1")
    db.run("CREATE GROUP g1")
    rows = db.run("SELECT rolname, rolcanlogin, rolinherit, rolsuper FROM pg_roles "
                  "WHERE rolname IN ('u1', 'r1', 'g1') ORDER BY rolname")
    assert rows == [("g1", False, True, False), ("r1", False, True, False), ("u1", True, True, False)]
    assert db.run("SELECT usename FROM pg_user WHERE usename = 'u1'") == [("u1",)]
    assert db.one("SELECT count(*) FROM pg_authid WHERE rolname LIKE 'pg\\_%'") == 12


def test_role_oids_come_from_the_object_counter(db):
    db.run("CREATE ROLE a")
    db.run("CREATE TABLE t (x int)")
    db.run("CREATE ROLE b")
    a, t, b = (db.one(q) for q in ("SELECT oid FROM pg_roles WHERE rolname = 'a'",
                                   "SELECT 't'::regclass::oid", "SELECT oid FROM pg_roles WHERE rolname = 'b'"))
    assert a >= 16384 and a < t < b


def test_duplicate_and_reserved_names(db):
    db.run("CREATE ROLE r1")
    e = db.err("CREATE ROLE r1")
    assert (e.sqlstate, e.message) == ("42710", 'role "r1" already exists')
    e = db.err("CREATE ROLE pg_foo")
    assert (e.sqlstate, e.message) == ("42939", 'role name "pg_foo" is reserved')
    e = db.err("CREATE ROLE public")
    assert (e.sqlstate, e.message) == ("42939", 'role name "public" is reserved')
    e = db.err("CREATE ROLE current_user")
    assert e.message == "CURRENT_USER cannot be used as a role name here"
    e = db.err("CREATE ROLE x WITH frobnicate")
    assert (e.sqlstate, e.message) == ("42601", 'unrecognized role option "frobnicate"')


def test_options_and_alter_role(db):
    db.run("CREATE ROLE r WITH LOGIN CREATEDB CONNECTION LIMIT 5 VALID UNTIL '2030-01-01 00:00:00+00' NOINHERIT")
    assert db.run("SELECT rolcanlogin, rolcreatedb, rolconnlimit, rolinherit, rolvaliduntil::text FROM pg_roles "
                  "WHERE rolname = 'r'") == [(True, True, 5, False, "2030-01-01 00:00:00+00")]
    db.run("ALTER ROLE r NOLOGIN CONNECTION LIMIT -1 INHERIT SUPERUSER")
    assert db.run("SELECT rolcanlogin, rolconnlimit, rolinherit, rolsuper FROM pg_roles WHERE rolname = 'r'") \
        == [(False, -1, True, True)]
    e = db.err("ALTER ROLE nobody NOLOGIN")
    assert (e.sqlstate, e.message) == ("42704", 'role "nobody" does not exist')


def test_password_is_stored_as_scram_verifier(db):
    db.run("CREATE ROLE r LOGIN PASSWORD 'secret'")
    pw = db.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'r'")
    assert pw.startswith("SCRAM-SHA-256$4096:")
    assert db.one("SELECT passwd FROM pg_user WHERE usename = 'r'") == "********"
    # a verifier given as the password is stored as it is
    v = scram_verifier("x", salt=b"0123456789abcdef")
    db.run(f"ALTER ROLE r PASSWORD '{v}'")
    assert db.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'r'") == v
    db.run("ALTER ROLE r PASSWORD NULL")
    assert db.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'r'") is None


def test_scram_verifier_matches_rfc7677_shape():
    v = scram_verifier("pencil", salt=b"\x00" * 16, iterations=4096)
    head, keys = v.split("$", 1)[1].split("$")
    assert head.startswith("4096:") and len(keys.split(":")) == 2
    assert v == scram_verifier("pencil", salt=b"\x00" * 16, iterations=4096)


def test_rename_and_set(db):
    db.run("CREATE ROLE r")
    db.run("CREATE TABLE t (a int)")
    db.run("GRANT SELECT ON t TO r")
    db.run("ALTER ROLE r RENAME TO r2")
    assert db.one("SELECT relacl::text FROM pg_class WHERE relname = 't'") == \
        "{postgres=arwdDxt/postgres,r2=r/postgres}"
    db.run("ALTER ROLE r2 SET work_mem = '64kB'")
    assert db.one("SELECT rolconfig::text FROM pg_roles WHERE rolname = 'r2'") == "{work_mem=64kB}"
    db.run("ALTER ROLE r2 RESET work_mem")
    assert db.one("SELECT rolconfig FROM pg_roles WHERE rolname = 'r2'") is None


def test_membership_and_admin_option(db):
    db.run("CREATE ROLE g")
    db.run("CREATE ROLE u")
    db.run("GRANT g TO u")
    db.run("GRANT g TO u")
    assert db.notices() == [("NOTICE", 'role "u" is already a member of role "g"')]
    db.run("GRANT g TO u WITH ADMIN OPTION")
    assert db.run("SELECT roleid::regrole::text, member::regrole::text, admin_option FROM pg_auth_members "
                  "WHERE member >= 16384") == [("g", "u", True)]
    db.run("REVOKE ADMIN OPTION FOR g FROM u")
    assert db.one("SELECT admin_option FROM pg_auth_members WHERE member >= 16384") is False
    e = db.err("GRANT u TO g")
    assert (e.sqlstate, e.message) == ("0LP01", 'role "u" is a member of role "g"')
    e = db.err("GRANT g TO g")
    assert e.message == 'role "g" is a member of role "g"'
    db.run("REVOKE g FROM u")
    db.run("REVOKE g FROM u")
    assert db.notices() == [("WARNING", 'role "u" is not a member of role "g"')]
    e = db.err("GRANT pg_database_owner TO u")
    assert e.message == 'role "pg_database_owner" cannot have explicit members'


def test_in_role_role_admin_and_alter_group(db):
    db.run("CREATE ROLE g")
    db.run("CREATE ROLE a IN ROLE g")
    db.run("CREATE ROLE h")
    db.run("CREATE ROLE b ROLE a ADMIN h")
    db.run("ALTER GROUP g ADD USER b")
    rows = db.run("SELECT roleid::regrole::text, member::regrole::text, admin_option FROM pg_auth_members "
                  "WHERE member >= 16384 ORDER BY 1, 2")
    assert rows == [("b", "a", False), ("b", "h", True), ("g", "a", False), ("g", "b", False)]
    e = db.err("ALTER GROUP b ADD USER g")
    assert e.message == 'role "b" is a member of role "g"'
    db.run("ALTER GROUP g DROP USER a")
    assert not db.run("SELECT 1 FROM pg_auth_members WHERE roleid = 'g'::regrole AND member = 'a'::regrole")


def test_pg_has_role_and_inherit(db):
    db.run("CREATE ROLE g")
    db.run("CREATE ROLE u NOINHERIT")
    db.run("GRANT g TO u")
    assert db.run("SELECT pg_has_role('u', 'g', 'MEMBER'), pg_has_role('u', 'g', 'USAGE'), "
                  "pg_has_role('u', 'g', 'MEMBER WITH ADMIN OPTION')") == [(True, False, False)]
    db.run("ALTER ROLE u INHERIT")
    assert db.one("SELECT pg_has_role('u', 'g', 'USAGE')") is True
    assert db.one("SELECT pg_has_role('postgres', 'g', 'USAGE')") is True


def test_drop_role_errors_and_dependencies(db):
    e = db.err("DROP ROLE nobody")
    assert (e.sqlstate, e.message) == ("42704", 'role "nobody" does not exist')
    db.run("DROP ROLE IF EXISTS nobody")
    assert db.notices() == [("NOTICE", 'role "nobody" does not exist, skipping')]
    db.run("CREATE ROLE r")
    db.run("CREATE TABLE t (a int, b int)")
    db.run("ALTER TABLE t OWNER TO r")
    db.run("CREATE TABLE t2 (a int)")
    db.run("GRANT SELECT ON t2 TO r")
    e = db.err("DROP ROLE r")
    assert (e.sqlstate, e.message) == ("2BP01", 'role "r" cannot be dropped because some objects depend on it')
    assert e.detail == "owner of table t\nprivileges for table t2"
    e = db.err("DROP ROLE postgres")
    assert e.sqlstate in ("55006", "2BP01")
    db.run("REASSIGN OWNED BY r TO postgres")
    db.run("DROP OWNED BY r")
    db.run("DROP ROLE r")
    assert db.one("SELECT count(*) FROM pg_roles WHERE rolname = 'r'") == 0


def test_role_changes_roll_back(db):
    db.run("CREATE ROLE keep")
    db.run("BEGIN")
    db.run("CREATE ROLE gone")
    db.run("DROP ROLE keep")
    db.run("ROLLBACK")
    assert db.run("SELECT rolname FROM pg_roles WHERE rolname IN ('keep', 'gone')") == [("keep",)]
    db.run("BEGIN")
    db.run("SAVEPOINT s")
    db.run("CREATE ROLE inner_r")
    db.run("ROLLBACK TO s")
    db.run("CREATE ROLE outer_r")
    db.run("COMMIT")
    assert db.run("SELECT rolname FROM pg_roles WHERE rolname IN ('inner_r', 'outer_r')") == [("outer_r",)]


def test_roles_persist_with_the_cluster(tmp_path):
    path = str(tmp_path / "data")
    c = pgref.connect(path)
    cur = c.cursor()
    cur.execute("CREATE ROLE g")
    cur.execute("CREATE USER u PASSWORD 'pw'")
    cur.execute("GRANT g TO u WITH ADMIN OPTION")
    c.commit()
    c.close()
    c = pgref.connect(path)
    cur = c.cursor()
    cur.execute("SELECT r.rolname, m.admin_option, a.rolpassword LIKE 'SCRAM-SHA-256$%' "
                "FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_authid a ON a.oid = m.member "
                "WHERE a.rolname = 'u'")
    assert cur.fetchall() == [("g", True, True)]
    c.close()


def test_database_owner_change_rolls_back(db):
    db.run("CREATE ROLE g")
    db.run("BEGIN")
    db.run("ALTER DATABASE postgres OWNER TO g")
    assert db.one("SELECT datdba::regrole::text FROM pg_database WHERE datname = 'postgres'") == "g"
    assert db.one("SELECT pg_has_role('g', 'pg_database_owner', 'MEMBER')") is True
    db.run("ROLLBACK")
    assert db.one("SELECT datdba::regrole::text FROM pg_database WHERE datname = 'postgres'") == "postgres"
    db.run("DROP ROLE g")

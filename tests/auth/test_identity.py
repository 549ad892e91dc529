"""Session identity (spec/16-auth.md, "Session identity"): SET ROLE,
SET SESSION AUTHORIZATION, their rollback, and the login check."""
from __future__ import annotations

import psycopg
import pytest

from pgref.auth.identity import check_login
from pgref.engine import boot
from pgref.engine.cluster import Cluster
from pgref.errors import PgError
from pgref.server.main import Server


def ids(db):
    return db.run("SELECT session_user, current_user, current_role, current_setting('role')")[0]


def test_set_role_and_reset(db):
    db.run("CREATE ROLE g")
    db.run("SET ROLE g")
    assert ids(db) == ("postgres", "g", "g", "g")
    db.run("RESET ROLE")
    assert ids(db) == ("postgres", "postgres", "postgres", "none")
    db.run("SET ROLE g")
    db.run("SET ROLE NONE")
    assert ids(db)[1] == "postgres"
    e = db.err("SET ROLE nobody")
    assert (e.sqlstate, e.message) == ("42704", 'role "nobody" does not exist')


def test_set_session_authorization_and_role_membership(db):
    db.run("CREATE USER u")
    db.run("CREATE ROLE g")
    db.run("CREATE ROLE other")
    db.run("GRANT g TO u")
    db.run("SET SESSION AUTHORIZATION u")
    assert ids(db) == ("u", "u", "u", "none")
    db.run("SET ROLE g")
    assert ids(db) == ("u", "g", "g", "g")
    e = db.err("SET ROLE other")
    assert (e.sqlstate, e.message) == ("42501", 'permission denied to set role "other"')
    # the login role (postgres) is a superuser: it may become anyone
    db.run("SET SESSION AUTHORIZATION other")
    assert ids(db) == ("other", "other", "other", "none")
    db.run("RESET SESSION AUTHORIZATION")
    assert ids(db)[:2] == ("postgres", "postgres")
    assert db.one("SHOW is_superuser") == "on"


def test_identity_rolls_back_like_a_setting(db):
    db.run("CREATE ROLE g")
    db.run("BEGIN")
    db.run("SET ROLE g")
    assert ids(db)[1] == "g"
    db.run("ROLLBACK")
    assert ids(db)[1] == "postgres"
    db.run("BEGIN")
    db.run("SET LOCAL ROLE g")
    assert ids(db)[1] == "g"
    db.run("COMMIT")
    assert ids(db)[1] == "postgres"
    db.run("SET ROLE g")
    db.run("BEGIN")
    db.run("SET SESSION AUTHORIZATION DEFAULT")
    assert ids(db) == ("postgres", "postgres", "postgres", "none")
    db.run("ROLLBACK")
    assert ids(db) == ("postgres", "g", "g", "g")


def test_non_superuser_cannot_change_session_authorization(db):
    db.run("CREATE USER u")
    db.run("CREATE USER v")
    db.s.login_user = "u"
    db.run("SET SESSION AUTHORIZATION u")
    e = db.err("SET SESSION AUTHORIZATION v")
    assert (e.sqlstate, e.message) == ("42501", "permission denied to set session authorization")


def test_current_user_cannot_be_dropped_or_renamed(db):
    db.run("CREATE ROLE g SUPERUSER")
    db.run("SET ROLE g")
    e = db.err("DROP ROLE g")
    assert (e.sqlstate, e.message) == ("55006", "current user cannot be dropped")
    e = db.err("ALTER ROLE g RENAME TO h")
    assert e.message == "current user cannot be renamed"


def test_check_login():
    c = Cluster(None)
    check_login(c, "postgres")
    with pytest.raises(PgError) as ei:
        check_login(c, "nobody")
    assert (ei.value.sqlstate, ei.value.message, ei.value.severity) == \
        ("28000", 'role "nobody" does not exist', "FATAL")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    boot.ensure_loaded()
    base = tmp_path_factory.mktemp("pgref_auth")
    cluster = Cluster(str(base / "data"))
    srv = Server(cluster, "127.0.0.1", 0, socket_dir=str(base))
    srv.start()
    yield srv
    srv.stop()
    cluster.close()


def _connect(server, user):
    return psycopg.connect(host="127.0.0.1", port=server.port, user=user, dbname="postgres",
                           autocommit=True, connect_timeout=10)


def test_startup_user_must_exist_and_may_log_in(server):
    with pytest.raises(psycopg.OperationalError, match='role "ghost" does not exist'):
        _connect(server, "ghost")
    with _connect(server, "postgres") as c:
        c.execute("CREATE ROLE nologin_r")
        c.execute("CREATE USER app")
    with pytest.raises(psycopg.OperationalError, match='role "nologin_r" is not permitted to log in'):
        _connect(server, "nologin_r")
    with _connect(server, "app") as c:
        assert c.execute("SELECT session_user, current_user").fetchone() == ("app", "app")
        assert c.info.parameter_status("session_authorization") == "app"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("CREATE ROLE x")


def test_discard_all_returns_to_the_login_role(db):
    db.run("CREATE USER u")
    db.s.login_user = "u"
    db.run("SET SESSION AUTHORIZATION u")
    db.run("DISCARD ALL")
    assert ids(db) == ("u", "u", "u", "none")

"""Fixtures for the real-client tests: a pgref server in this process, one
per test module (the same set-up as tests/server/conftest.py), and helpers
to reach it and the PostgreSQL oracle (tests/conftest.py's ``pg_cluster``).

spec/10-wire-protocol.md, "Tests that pin it down": asyncpg, SQLAlchemy on
psycopg 3, the PostgreSQL JDBC driver and psql's describe commands are driven
unmodified against ``pgref serve``.
"""
import pytest

from pgref.engine import boot
from pgref.engine.database import Database
from pgref.server.main import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    boot.ensure_loaded()
    base = tmp_path_factory.mktemp("pgref_clients")
    db = Database(str(base / "data"))
    srv = Server(db, "127.0.0.1", 0, socket_dir=str(base))
    srv.start()
    yield srv
    srv.stop()
    db.close()


@pytest.fixture(scope="module")
def psycopg_dsn(server):
    return f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres connect_timeout=10"

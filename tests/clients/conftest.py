"""Fixtures for the real-client tests: how to reach the in-process pgref
server (tests/conftest.py's ``server``, one per test module) and the
PostgreSQL oracle (tests/conftest.py's ``pg_cluster``).

spec/10-wire-protocol.md, "Tests that pin it down": asyncpg, SQLAlchemy on
psycopg 3, the PostgreSQL JDBC driver and psql's describe commands are driven
unmodified against ``pgref serve``.
"""
import pytest


@pytest.fixture(scope="module")
def psycopg_dsn(server):
    return f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres connect_timeout=10"

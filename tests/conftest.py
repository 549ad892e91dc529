"""Shared pytest fixtures: the PostgreSQL oracle and the differential harness.

The oracle is one throwaway PostgreSQL 15 cluster per test process (so each
pytest-xdist worker has its own; initdb + start takes about a second) and is
created lazily, the first time a test asks for it.  It is stopped and its
directory removed at the end of the session, also when tests fail.

If PostgreSQL 15 is not installed the tests that need it FAIL with a message
saying how to install it: they are never skipped silently.

Fixtures:
    pg_cluster            session  oracle.PostgresCluster (running)
    pg_target             session  oracle.PostgresTarget: fresh database per session
    differential          session  oracle.Differential(PostgreSQL, <actual>), where
                                   <actual> is pgref, or PostgreSQL itself when
                                   PGREF_DIFF_TARGET=postgres (checks the harness
                                   and the corpus without the engine)
    pg_self_differential  session  oracle.Differential(PostgreSQL, PostgreSQL)

Environment:
    PGREF_PG_BINDIR       where initdb/pg_ctl/postgres live (default: autodetect)
    PGREF_DIFF_TARGET     pgref (default) | postgres
"""
from __future__ import annotations

import os
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
if TESTS_DIR not in sys.path:          # makes tests/oracle importable as `oracle`
    sys.path.append(TESTS_DIR)

from oracle import (Differential, OracleUnavailable, PgrefTarget,  # noqa: E402
                    PostgresCluster, PostgresTarget)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "differential: compares pgref with PostgreSQL (fails until the engine "
        "supports the statement)")


@pytest.fixture(scope="session")
def pg_cluster():
    try:
        cluster = PostgresCluster().start()
    except OracleUnavailable as e:
        pytest.fail(f"the PostgreSQL oracle is unavailable: {e}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_target(pg_cluster):
    target = PostgresTarget(pg_cluster)
    try:
        yield target
    finally:
        target.close()


def diff_target_name() -> str:
    name = os.environ.get("PGREF_DIFF_TARGET", "pgref").strip().lower()
    if name not in ("pgref", "postgres"):
        raise pytest.UsageError(f"PGREF_DIFF_TARGET must be 'pgref' or 'postgres', not {name!r}")
    return name


@pytest.fixture(scope="session")
def differential(pg_cluster, pg_target):
    if diff_target_name() == "postgres":
        actual = PostgresTarget(pg_cluster)
        actual.name = "PostgreSQL (self-check)"
    else:
        actual = PgrefTarget()
    try:
        yield Differential(pg_target, actual)
    finally:
        actual.close()


@pytest.fixture(scope="session")
def pg_self_differential(pg_cluster, pg_target):
    other = PostgresTarget(pg_cluster)
    try:
        yield Differential(pg_target, other)
    finally:
        other.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A pgref server in this process, one per test module (tests/server,
    tests/clients)."""
    from pgref.engine import boot
    from pgref.engine.database import Database
    from pgref.server.main import Server
    boot.ensure_loaded()
    base = tmp_path_factory.mktemp("pgref_serve")
    db = Database(str(base / "data"))
    srv = Server(db, "127.0.0.1", 0, socket_dir=str(base))
    srv.start()
    yield srv
    srv.stop()
    db.close()

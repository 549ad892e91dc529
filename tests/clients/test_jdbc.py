"""The PostgreSQL JDBC driver (Debian's libpostgresql-jdbc-java, Java 17)
against ``pgref serve``: tests/clients/jdbc/PgrefJdbcCheck.java is compiled
into a temporary directory and run against pgref and against the PostgreSQL
oracle; both runs must print the same lines (spec/10-wire-protocol.md,
"Tests that pin it down").

The driver is installed by scripts/setup_jdbc.sh (idempotent, apt-get);
the test runs it and is skipped only when apt is not available to install
the driver.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

pytestmark = [pytest.mark.oracle, pytest.mark.slow]

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = pathlib.Path(__file__).resolve().parent / "jdbc" / "PgrefJdbcCheck.java"
JAR = os.environ.get("PGREF_JDBC_JAR", "/usr/share/java/postgresql.jar")

# DatabaseMetaData calls whose catalog queries pgref cannot answer yet:
#   (none: getColumns needed window functions, which pgref now has)
NOT_YET: tuple[str, ...] = ()


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    setup = subprocess.run([str(ROOT / "scripts" / "setup_jdbc.sh")], capture_output=True, text=True,
                           timeout=600)
    if setup.returncode == 2:
        pytest.skip(f"the JDBC driver cannot be installed here: {setup.stderr.strip()}")
    assert setup.returncode == 0, setup.stderr
    assert shutil.which("javac") and shutil.which("java"), "scripts/setup_jdbc.sh left no JDK"
    out = tmp_path_factory.mktemp("jdbc_classes")
    r = subprocess.run(["javac", "-d", str(out), "-cp", JAR, str(SOURCE)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return out


def run_java(classes, port: int, dbname: str, *skip: str) -> list[str]:
    r = subprocess.run(["java", "-cp", f"{JAR}:{classes}", "PgrefJdbcCheck",
                        f"jdbc:postgresql://127.0.0.1:{port}/{dbname}", *skip],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    # server_version: pgref reports "15.18", a Debian build "15.18 (Debian ...)"
    return [line.split(" (")[0] if line.startswith("product: ") else line for line in lines]


def test_jdbc_program_prints_what_postgresql_prints(server, pg_cluster, compiled):
    pg_cluster.create_database("cl_jdbc")
    try:
        want = run_java(compiled, pg_cluster.port, "cl_jdbc", *NOT_YET)
    finally:
        pg_cluster.drop_database("cl_jdbc")
    got = run_java(compiled, server.port, "postgres", *NOT_YET)
    assert got == want
    assert want[-1] == "done" and "batch: 1 1 1 1 1 1" in want
    assert any(line.startswith("fk: PKTABLE_NAME=jdept") for line in want)
    assert "pk: TABLE_NAME=jemp COLUMN_NAME=id KEY_SEQ=1 PK_NAME=jemp_pkey" in want

"""A throwaway PostgreSQL 15 cluster: the oracle pgref is checked against.

Where it sits: test infrastructure, outside the ``pgref`` package.  The
differential harness (``tests/oracle/differential.py``), the session fixture
in ``tests/conftest.py`` and ``benchmarks/embedded.py`` all start their
PostgreSQL through :class:`PostgresCluster`; nothing here imports pytest, so
the benchmark can use it as a plain library.

What it guarantees:

1. The cluster is private: a fresh ``initdb`` in a new temporary directory,
   listening on 127.0.0.1 at a free port and on a unix socket inside that
   directory, ``trust`` authentication, superuser ``postgres``.
2. It answers like a stock PostgreSQL 15 with the settings pgref assumes by
   default: ``-E UTF8 --locale=C``, ``TimeZone = 'UTC'``,
   ``DateStyle = 'ISO, MDY'``, ``IntervalStyle = postgres``,
   ``extra_float_digits = 1`` (the server default).  Durability is switched
   off (``fsync``, ``synchronous_commit``, ``full_page_writes``): nothing
   here needs to survive a crash.
3. ``initdb`` refuses to run as root.  When the current user is root the data
   directory is handed to the ``postgres`` OS user and every server binary is
   run through ``runuser -u postgres --``; otherwise the binaries run as the
   current user.
4. :meth:`PostgresCluster.stop` stops the server and removes the directory;
   it is idempotent and is also registered with :mod:`atexit`, so a crashed
   test session does not leave a postmaster behind.
5. If the binaries are missing or are not version 15, :func:`find_bindir`
   raises :class:`OracleUnavailable` with a message saying what to install
   or which environment variable to set (``PGREF_PG_BINDIR``).  Callers in
   tests turn this into a failure, never a skip: CI machines have PostgreSQL.

Entry points::

    find_bindir() -> str
    PostgresCluster(bindir=None).start() -> PostgresCluster
    cluster.connect(dbname="postgres", autocommit=True) -> psycopg.Connection
    cluster.create_database(name) / cluster.drop_database(name)
    cluster.conninfo(dbname) -> str
    cluster.stop()
"""
from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_MAJOR = "15"
DEFAULT_BINDIRS = (
    f"/usr/lib/postgresql/{PG_MAJOR}/bin",
    f"/usr/pgsql-{PG_MAJOR}/bin",
    f"/usr/local/pgsql/bin",
    f"/opt/homebrew/opt/postgresql@{PG_MAJOR}/bin",
    f"/usr/local/opt/postgresql@{PG_MAJOR}/bin",
)

# Settings written into postgresql.conf of every oracle cluster (guarantee 2).
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "timezone": "'UTC'",
    "log_timezone": "'UTC'",
    "datestyle": "'iso, mdy'",
    "intervalstyle": "'postgres'",
    "lc_messages": "'C'",
    "max_connections": "40",
    "shared_buffers": "32MB",
    "max_wal_size": "1GB",
    "logging_collector": "off",
    "log_min_messages": "warning",
    "log_statement": "none",
    "dynamic_shared_memory_type": "posix",
}


class OracleUnavailable(RuntimeError):
    """PostgreSQL 15 cannot be found or started on this machine."""


def find_bindir() -> str:
    """The directory holding PostgreSQL 15's ``initdb``, ``pg_ctl`` and
    ``postgres``.  ``PGREF_PG_BINDIR`` wins; then the usual install places;
    then ``pg_config --bindir`` and ``initdb`` on ``PATH``."""
    candidates: list[str] = []
    env = os.environ.get("PGREF_PG_BINDIR")
    if env:
        candidates.append(env)
    candidates.extend(DEFAULT_BINDIRS)
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True,
                                 text=True, timeout=10, check=True).stdout.strip()
            candidates.append(out)
        except (OSError, subprocess.SubprocessError):
            pass  # pg_config is only one of several hints; the others remain
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).resolve().parent))
    tried = []
    for d in candidates:
        if not d or d in tried:
            continue
        tried.append(d)
        if all(os.access(os.path.join(d, exe), os.X_OK) for exe in ("initdb", "pg_ctl", "postgres")):
            version = _server_version(d)
            if version.split(".")[0] == PG_MAJOR:
                return d
    raise OracleUnavailable(
        "PostgreSQL %s server binaries (initdb, pg_ctl, postgres) were not found; "
        "looked in: %s. The differential tests compare pgref with a real PostgreSQL %s: "
        "install it (Debian/Ubuntu: apt-get install postgresql-%s) or set "
        "PGREF_PG_BINDIR to its bin directory." % (PG_MAJOR, ", ".join(tried) or "(nothing)",
                                                    PG_MAJOR, PG_MAJOR))


def _server_version(bindir: str) -> str:
    try:
        out = subprocess.run([os.path.join(bindir, "postgres"), "--version"],
                             capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    # "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    parts = out.split()
    return parts[2] if len(parts) >= 3 else ""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """One private PostgreSQL server (see the module docstring)."""

    def __init__(self, bindir: str | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.version = _server_version(self.bindir)
        self.as_root = os.geteuid() == 0
        self.root: str | None = None        # the temporary directory
        self.datadir: str | None = None
        self.sockdir: str | None = None
        self.logfile: str | None = None
        self.port: int | None = None
        self.running = False
        self.start_seconds: float | None = None   # initdb + start, measured

    # -- running binaries -------------------------------------------------
    def _cmd(self, exe: str, *args: str) -> list[str]:
        cmd = [os.path.join(self.bindir, exe), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return cmd

    def _run(self, exe: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        proc = subprocess.run(self._cmd(exe, *args), cwd=self.root, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise OracleUnavailable("%s failed (exit %d):\n%s%s%s" % (
                exe, proc.returncode, proc.stdout, proc.stderr, self._log_tail()))
        return proc

    def _log_tail(self) -> str:
        if self.logfile and os.path.exists(self.logfile):
            with open(self.logfile, encoding="utf-8", errors="replace") as f:
                return "\n--- server log ---\n" + "".join(f.readlines()[-30:])
        return ""

    # -- life cycle -------------------------------------------------------
    def start(self) -> "PostgresCluster":
        """initdb + pg_ctl start; returns self.  Retries with another port
        if the chosen one was taken between picking and binding."""
        t0 = time.perf_counter()
        self.root = tempfile.mkdtemp(prefix="pgref-oracle-")
        atexit.register(self.stop)
        os.chmod(self.root, 0o755)
        self.datadir = os.path.join(self.root, "data")
        self.sockdir = self.root
        self.logfile = os.path.join(self.root, "server.log")
        if self.as_root:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                self.stop()
                raise OracleUnavailable(
                    "running as root, but there is no 'postgres' OS user to run initdb as "
                    "(initdb refuses root); create one or run the tests as a normal user")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        try:
            self._run("initdb", "-D", self.datadir, "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--locale=C", "-N")
            with open(os.path.join(self.datadir, "postgresql.conf"), "a", encoding="utf-8") as f:
                f.write("\n# pgref oracle settings\n")
                for k, v in SERVER_SETTINGS.items():
                    f.write(f"{k} = {v}\n")
                f.write(f"listen_addresses = '127.0.0.1'\n")
                f.write(f"unix_socket_directories = '{self.sockdir}'\n")
            last_error: Exception | None = None
            for _attempt in range(3):
                self.port = free_port()
                try:
                    self._run("pg_ctl", "-D", self.datadir, "-l", self.logfile, "-w", "-t", "60",
                              "-o", f"-p {self.port}", "start")
                    self.running = True
                    break
                except OracleUnavailable as e:
                    last_error = e
            if not self.running:
                raise last_error  # type: ignore[misc]
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.perf_counter() - t0
        return self

    def stop(self) -> None:
        """Stop the server (immediate shutdown: nothing needs to survive) and
        remove its directory."""
        if self.running and self.datadir:
            try:
                subprocess.run(self._cmd("pg_ctl", "-D", self.datadir, "-m", "immediate", "-w",
                                         "-t", "30", "stop"),
                               cwd=self.root, capture_output=True, timeout=60,
                               stdin=subprocess.DEVNULL)
            except (OSError, subprocess.SubprocessError):
                self._kill_postmaster()
            self.running = False
        if self.root and os.path.isdir(self.root):
            shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def _kill_postmaster(self) -> None:
        pidfile = os.path.join(self.datadir or "", "postmaster.pid")
        try:
            with open(pidfile, encoding="ascii") as f:
                pid = int(f.readline().strip())
            os.kill(pid, 9)
        except (OSError, ValueError):
            pass  # already gone: nothing left to stop

    def __enter__(self) -> "PostgresCluster":
        return self.start() if not self.running else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- clients ----------------------------------------------------------
    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.sockdir} port={self.port} user=postgres dbname={dbname}"

    def connect(self, dbname: str = "postgres", autocommit: bool = True):
        import psycopg
        return psycopg.connect(self.conninfo(dbname), autocommit=autocommit)

    def create_database(self, name: str, template: str = "template0") -> None:
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {template} '
                         "STRATEGY FILE_COPY")

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

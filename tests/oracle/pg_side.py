"""Running statements on the PostgreSQL oracle and capturing text outcomes.

Where it sits: the PostgreSQL half of the differential harness
(docs/guide/testing.md).  A :class:`PostgresTarget` wraps one running
:class:`~oracle.cluster.PostgresCluster`; each :meth:`PostgresTarget.open`
returns a :class:`PostgresSession` on a new connection to a clean
database, so cases never see each other's tables, sequences, schemas or
session settings (:class:`PostgresTarget` describes the two isolation
modes).  Closing the session cleans up after it.

Values are taken from libpq's result *as the server sent them* (the text
protocol, ``PGresult.get_value``), never through psycopg's type loaders, so
what is compared is exactly what psql would print.

Guarantees:

1. Sessions are in autocommit mode, like psql: every statement is its own
   transaction unless the script says BEGIN.
2. ``execute`` never raises for SQL errors; it returns a
   :class:`~oracle.outcome.Failure`.  Connection-level problems (the server
   died) do raise.
3. With ``params=None`` the statement text is sent as is ("%" is not
   special); with params, psycopg's ``%s`` placeholders are used with
   server-side binding.

Entry points:
    PostgresTarget(cluster).open() -> PostgresSession
    PostgresSession.execute(sql, params=None) -> Outcome
    PostgresSession.close()
"""
from __future__ import annotations

import itertools
import os

import psycopg
from psycopg import pq

from .cluster import PostgresCluster
from .outcome import Command, Failure, Outcome, ResultSet

_counter = itertools.count(1)


class PostgresSession:
    """One connection to one throwaway database."""

    name = "PostgreSQL"

    def __init__(self, target: "PostgresTarget", dbname: str) -> None:
        self.target = target
        self.name = target.name
        self.dbname = dbname
        self.conn = target.cluster.connect(dbname, autocommit=True)

    def execute(self, sql: str, params=None) -> Outcome:
        cur = self.conn.cursor()
        try:
            if params is None:
                cur.execute(sql.encode("utf-8"), prepare=False)  # bytes: no placeholder parsing
            else:
                cur.execute(sql, params, prepare=False)
        except psycopg.Error as e:
            if e.sqlstate is None:      # not a server error: a broken connection
                raise
            d = e.diag
            pos = d.statement_position
            return Failure(sqlstate=e.sqlstate, message=d.message_primary or str(e),
                           position=int(pos) if pos else None,
                           detail=d.message_detail, hint=d.message_hint)
        return pgresult_outcome(cur.pgresult, cur.rowcount)

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            self.target.release(self.dbname)


def pgresult_outcome(res, rowcount: int) -> Outcome:
    """Turn a libpq result into an Outcome with text values."""
    if res is None or res.status != pq.ExecStatus.TUPLES_OK:
        return Command(rowcount)
    nf, nt = res.nfields, res.ntuples
    columns = tuple(res.fname(j).decode("utf-8") for j in range(nf))
    oids = tuple(res.ftype(j) for j in range(nf))
    rows = []
    for i in range(nt):
        row = []
        for j in range(nf):
            v = res.get_value(i, j)
            row.append(None if v is None else bytes(v).decode("utf-8"))
        rows.append(tuple(row))
    return ResultSet(columns, oids, tuple(rows))


RESET_SQL = """
DO $reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  CREATE SCHEMA public AUTHORIZATION pg_database_owner;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
END
$reset$
"""


class PostgresTarget:
    """Hands out sessions on clean databases of one cluster.

    Isolation (``isolation=``):

    ``"reset"`` (default)  one database per target, reused: after each
        session every schema is dropped (CASCADE) and an empty ``public`` is
        recreated as initdb leaves it.  A new connection per session resets
        all session state.  About 20 ms per case.
    ``"database"``  a new database from template0 per session, dropped
        afterwards.  Airtight but about 250 ms per case (CREATE DATABASE
        checkpoints).

    Cases must not create cluster-wide objects (roles, databases,
    tablespaces) or change database-level settings; the corpus does not.
    """

    name = "PostgreSQL"

    def __init__(self, cluster: PostgresCluster, isolation: str | None = None) -> None:
        self.cluster = cluster
        self.isolation = isolation or os.environ.get("PGREF_ORACLE_ISOLATION", "reset")
        if self.isolation not in ("reset", "database"):
            raise ValueError(f"unknown isolation {self.isolation!r}")
        self._admin = None
        self._dbname: str | None = None      # the reused database ("reset")
        self._maint = None                   # connection to it for RESET_SQL

    def _admin_conn(self):
        if self._admin is None or self._admin.closed:
            self._admin = self.cluster.connect("postgres", autocommit=True)
        return self._admin

    def _create(self) -> str:
        dbname = f"case_{os.getpid()}_{next(_counter)}"
        self._admin_conn().execute(
            f'CREATE DATABASE "{dbname}" TEMPLATE template0 STRATEGY FILE_COPY')
        return dbname

    def open(self) -> PostgresSession:
        if self.isolation == "database":
            return PostgresSession(self, self._create())
        if self._dbname is None:
            self._dbname = self._create()
        return PostgresSession(self, self._dbname)

    def release(self, dbname: str) -> None:
        """Called by a closing session: make ``dbname`` clean again."""
        if self.isolation == "database":
            self.drop(dbname)
            return
        if self._maint is None or self._maint.closed:
            self._maint = self.cluster.connect(dbname, autocommit=True)
        self._maint.execute(RESET_SQL)

    def drop(self, dbname: str) -> None:
        self._admin_conn().execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    def close(self) -> None:
        if self._maint is not None:
            self._maint.close()
            self._maint = None
        if self._dbname is not None and self._admin is not None:
            self.drop(self._dbname)
            self._dbname = None
        if self._admin is not None:
            self._admin.close()
            self._admin = None

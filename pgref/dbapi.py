"""PEP 249 (DB-API 2.0) over the embedded engine: ``pgref.connect(path)``.

Where it sits: the top of the package, beside ``server/`` (spec/09-engine.md,
"Embedded use").  A :class:`Connection` is one engine session; cursors run
statements through it.  Like psycopg, a connection opens a transaction
implicitly on the first statement and keeps it open until ``commit()`` or
``rollback()`` (``autocommit = True`` runs each statement on its own).

Parameters use the ``format`` style (``%s``, ``%%`` for a literal percent):
the placeholders become ``$1 .. $n`` and the values travel as typed
parameters, never spliced into the SQL text.

Errors are PEP 249's classes, chosen from the SQLSTATE class as psycopg
does; each carries ``sqlstate`` and ``pgerror`` (the PgError with detail,
hint and position).
"""
from __future__ import annotations

import os
import threading
import weakref

from pgref.errors import PgError

apilevel = "2.0"
threadsafety = 2
paramstyle = "format"


class Warning(Exception):  # noqa: A001 - PEP 249 name
    """Important warnings (PEP 249); pgref reports notices on Connection.notices instead."""


class Error(Exception):
    def __init__(self, pgerror: PgError | str):
        if isinstance(pgerror, PgError):
            super().__init__(pgerror.message)
            self.pgerror = pgerror
            self.sqlstate = pgerror.sqlstate
        else:
            super().__init__(pgerror)
            self.pgerror = None
            self.sqlstate = None

    @property
    def diag(self):
        return self.pgerror


class InterfaceError(Error):
    """Misuse of the DB-API itself (a closed connection or cursor)."""


class DatabaseError(Error):
    """Any error the database reported."""


class DataError(DatabaseError):
    """Class 22: bad data (division by zero, invalid input, out of range)."""


class OperationalError(DatabaseError):
    """Classes 08, 40, 53-58: the database could not carry out the operation."""


class IntegrityError(DatabaseError):
    """Class 23: a constraint was violated."""


class InternalError(DatabaseError):
    """Classes 25, XX and the like: the database's own state."""


class ProgrammingError(DatabaseError):
    """Class 42 and friends: the statement itself is wrong."""


class NotSupportedError(DatabaseError):
    """Class 0A: pgref (or PostgreSQL) does not support this."""


_BY_CLASS = {
    "0A": NotSupportedError, "21": ProgrammingError, "22": DataError, "23": IntegrityError,
    "24": InternalError, "25": InternalError, "26": ProgrammingError, "27": OperationalError,
    "28": OperationalError, "2B": InternalError, "2D": InternalError, "2F": OperationalError,
    "34": ProgrammingError, "3D": ProgrammingError, "3F": ProgrammingError, "40": OperationalError,
    "42": ProgrammingError, "44": ProgrammingError, "53": OperationalError, "54": OperationalError,
    "55": OperationalError, "57": OperationalError, "58": OperationalError, "F0": OperationalError,
    "P0": InternalError, "XX": InternalError, "08": OperationalError,
}


def wrap_error(e: PgError) -> Error:
    return _BY_CLASS.get(e.sqlstate[:2], DatabaseError)(e)


def convert_placeholders(sql: str, nparams: int) -> str:
    """%s -> $n outside string literals, quoted identifiers and comments;
    %% -> %."""
    out, i, n, k = [], 0, len(sql), 0
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1].replace("%%", "%"))
            i = j + 1
            continue
        if ch == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j])
            i = j
            continue
        if ch == "%" and i + 1 < n:
            nxt = sql[i + 1]
            if nxt == "s":
                k += 1
                out.append(f"${k}")
                i += 2
                continue
            if nxt == "%":
                out.append("%")
                i += 2
                continue
        out.append(ch)
        i += 1
    if k != nparams:
        raise ProgrammingError(f"the query has {k} placeholders but {nparams} parameters were passed")
    return "".join(out)


class Cursor:
    arraysize = 1

    def __init__(self, conn: "Connection"):
        self.connection = conn
        self.description = None
        self.rowcount = -1
        self._rows: list[tuple] = []
        self._pos = 0
        self.statusmessage: str | None = None
        self.closed = False

    def _check(self) -> None:
        if self.closed:
            raise InterfaceError("the cursor is closed")
        self.connection._check()

    def execute(self, sql: str, params=None) -> "Cursor":
        self._check()
        params = list(params) if params is not None else None
        if params is not None:
            sql = convert_placeholders(sql, len(params))
        conn = self.connection
        s = conn._session
        with conn._lock:
            try:
                if not conn.autocommit and s.xact is None:
                    s.execute("BEGIN")
                results = s.execute(sql, params)
            except PgError as e:
                raise wrap_error(e) from None
            finally:
                conn.notices.extend(s.notices)
                s.notices.clear()
        if not results:
            self.description, self._rows, self.rowcount = None, [], -1
            return self
        r = results[-1]
        self.statusmessage = r.tag
        if r.columns is not None:
            self.description = [(c.name, c.type_oid, None, None, None, None, None) for c in r.columns]
            self._rows = _python_rows(conn._session, r)
        else:
            self.description = None
            self._rows = []
        self._pos = 0
        self.rowcount = r.rowcount
        return self

    def executemany(self, sql: str, seq_of_params) -> "Cursor":
        total = 0
        for p in seq_of_params:
            self.execute(sql, p)
            if self.rowcount > 0:
                total += self.rowcount
        self.rowcount = total
        return self

    def _need_result(self) -> None:
        if self.description is None:
            raise ProgrammingError("the last operation didn't produce a result")

    def fetchone(self):
        self._check()
        self._need_result()
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return row

    def fetchmany(self, size: int | None = None):
        self._check()
        self._need_result()
        size = self.arraysize if size is None else size
        out = self._rows[self._pos:self._pos + size]
        self._pos += len(out)
        return out

    def fetchall(self):
        self._check()
        self._need_result()
        out = self._rows[self._pos:]
        self._pos = len(self._rows)
        return out

    def __iter__(self):
        while True:
            row = self.fetchone()
            if row is None:
                return
            yield row

    def close(self) -> None:
        self.closed = True

    def setinputsizes(self, sizes) -> None:
        """PEP 249: may do nothing."""

    def setoutputsize(self, size, column=None) -> None:
        """PEP 249: may do nothing."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_clusters: dict[str, object] = {}
_dblock = threading.Lock()


def _open_cluster(path: str):
    """The Cluster behind ``path``: one per data directory in this process,
    shared by all its connections (a second process is refused by the lock
    file); ``":memory:"`` is a new throwaway cluster each time."""
    from pgref.engine.cluster import Cluster
    if path == ":memory:":
        cluster = Cluster(None)
        cluster._connections = 0
        return cluster
    key = os.path.abspath(path)
    with _dblock:
        ref = _clusters.get(key)
        cluster = ref() if ref is not None else None
        if cluster is None or cluster.closed:
            cluster = Cluster(key)
            cluster._connections = 0
            _clusters[key] = weakref.ref(cluster)
        return cluster


class Connection:
    def __init__(self, path: str, autocommit: bool = False, dbname: str = "postgres", **settings):
        from pgref.engine import boot
        boot.ensure_loaded()
        from pgref.engine.session import Session
        self._cluster = _open_cluster(path)
        with _dblock:
            self._cluster._connections += 1
        try:
            self._db = self._cluster.connect(dbname)
            options = self._cluster.session_settings(self._db.dboid)
            options.update({k: str(v) for k, v in settings.items()})
            self._session = Session(self._db, options=options, database=dbname)
        except BaseException:
            self._release_cluster()
            raise
        self._lock = threading.RLock()
        self.autocommit = autocommit
        self.closed = False
        self.notices: list[PgError] = []

    def _release_cluster(self) -> None:
        with _dblock:
            self._cluster._connections -= 1
            last = self._cluster._connections == 0
        if last:
            self._cluster.close()

    def _check(self) -> None:
        if self.closed:
            raise InterfaceError("the connection is closed")

    @property
    def io_settings(self):
        """The session's output settings (DateStyle, TimeZone ...), for
        printing values as PostgreSQL would."""
        return self._session.settings.io

    def cursor(self) -> Cursor:
        self._check()
        return Cursor(self)

    def execute(self, sql: str, params=None) -> Cursor:
        return self.cursor().execute(sql, params)

    def commit(self) -> None:
        self._check()
        s = self._session
        with self._lock:
            if s.xact is not None:
                try:
                    s.execute("COMMIT")
                except PgError as e:
                    raise wrap_error(e) from None
                finally:
                    s.notices.clear()

    def rollback(self) -> None:
        self._check()
        s = self._session
        with self._lock:
            if s.xact is not None:
                s.execute("ROLLBACK")
                s.notices.clear()

    def close(self) -> None:
        if self.closed:
            return
        self._session.close()
        self.closed = True
        self._release_cluster()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        # like psycopg 3, leaving the block closes the connection
        self.close()


def connect(path: str = ":memory:", autocommit: bool = False, dbname: str = "postgres",
            **settings) -> Connection:
    """Open (creating if needed) the data directory ``path``, or a throwaway
    in-memory cluster for ``":memory:"``, and connect to its database
    ``dbname`` (spec/09-engine.md, "Databases and the cluster")."""
    try:
        return Connection(path, autocommit=autocommit, dbname=dbname, **settings)
    except PgError as e:
        raise wrap_error(e) from None


def _python_rows(session, result) -> list[tuple]:
    """Rows as Python values.  Enum values are held as their label's OID
    (pg_enum.oid, as PostgreSQL stores them); callers get the label text."""
    cat = session.db.cat
    enum_cols = [i for i, c in enumerate(result.columns)
                 if (ti := cat.typeinfo(c.type_oid)) is not None and ti.category == "E"]
    if not enum_cols:
        return [tuple(row) for row in result.rows]
    from pgref.types.registry import IOContext, type_output
    io = IOContext(session.settings.io)
    out = []
    for row in result.rows:
        row = list(row)
        for i in enum_cols:
            if row[i] is not None:
                row[i] = type_output(io, result.columns[i].type_oid, row[i])
        out.append(tuple(row))
    return out

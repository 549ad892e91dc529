"""Running statements on pgref and capturing the same text outcomes.

Where it sits: the pgref half of the differential harness
(docs/guide/testing.md).  It goes through the public DB-API only
(``pgref.connect``; PEP 249, ``%s`` placeholders), then prints every value
with pgref's own type output functions, so the comparison with PostgreSQL
happens on the text a client would see.

This adapter is deliberately tiny: when the engine grows a direct way to get
text results, only :func:`pgref_text_rows` and :func:`_output_context` need
to change.

Assumptions about the engine (adjust here if the engine differs):

* ``cursor.description`` holds 7-tuples whose ``type_code`` is the column's
  PostgreSQL type OID; ``description is None`` for commands.
* errors are ``pgref.Error`` subclasses carrying ``.sqlstate`` and
  ``.pgerror`` (a :class:`pgref.errors.PgError`), or bare ``PgError``;
* ``pgref.types.registry.type_output(ctx, oid, value) -> str`` prints a value
  the way PostgreSQL's typoutput does, ``ctx.settings`` being an
  ``IOSettings``;
* the connection runs in autocommit mode when ``conn.autocommit = True`` is
  set (the harness needs psql-like behaviour: BEGIN/COMMIT in the script).

Entry points:
    pgref_text_rows(conn, sql, params=None) -> Outcome
    PgrefTarget().open() -> PgrefSession
"""
from __future__ import annotations

from .outcome import Command, Failure, Outcome, ResultSet


def _output_context(conn):
    """The ``ctx`` handed to type_output: the session's I/O settings (so
    SET DateStyle etc. affect printing, as in PostgreSQL)."""
    from pgref.types.registry import IOContext
    from pgref.types.values import DEFAULT_SETTINGS
    settings = getattr(conn, "io_settings", None) or DEFAULT_SETTINGS
    return IOContext(settings=settings)


def pgref_text_rows(conn, sql: str, params=None) -> Outcome:
    """Execute one statement on a pgref DB-API connection; return its
    outcome with every value in PostgreSQL text form."""
    import pgref
    from pgref.errors import PgError
    from pgref.types.registry import type_output

    error_types = tuple(t for t in (getattr(pgref, "Error", None), PgError) if t is not None)
    cur = conn.cursor()
    try:
        if params is None:
            cur.execute(sql)
        else:
            cur.execute(sql, params)
        if cur.description is None:
            return Command(cur.rowcount if cur.rowcount is not None else -1)
        names = tuple(d[0] for d in cur.description)
        oids = tuple(int(d[1]) for d in cur.description)
        values = cur.fetchall()
    except error_types as e:
        pg = getattr(e, "pgerror", None) or e
        return Failure(sqlstate=getattr(pg, "sqlstate", None) or getattr(e, "sqlstate", ""),
                       message=getattr(pg, "message", str(e)),
                       position=getattr(pg, "position", None),
                       detail=getattr(pg, "detail", None), hint=getattr(pg, "hint", None))
    ctx = _output_context(conn)
    rows = tuple(tuple(None if v is None else type_output(ctx, oid, v)
                       for v, oid in zip(row, oids)) for row in values)
    return ResultSet(names, oids, rows)


class PgrefSession:
    name = "pgref"

    def __init__(self) -> None:
        import pgref
        self.conn = pgref.connect(":memory:")
        if hasattr(self.conn, "autocommit"):
            self.conn.autocommit = True

    def execute(self, sql: str, params=None) -> Outcome:
        return pgref_text_rows(self.conn, sql, params)

    def close(self) -> None:
        self.conn.close()


class PgrefTarget:
    """Each session is a fresh in-memory pgref database."""

    name = "pgref"

    def open(self) -> PgrefSession:
        return PgrefSession()

    def close(self) -> None:
        """Nothing shared to release: every session owns its database."""

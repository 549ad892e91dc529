"""pgref: PostgreSQL 15 re-derived in Python, as a reference implementation.

    >>> import pgref
    >>> conn = pgref.connect(":memory:")
    >>> cur = conn.cursor()
    >>> cur.execute("select 1 + 1 as two").fetchall()
    [(2,)]

See spec/01-overview.md for the map of the subsystems and the life of a
statement through them.
"""
from pgref.dbapi import (DatabaseError, DataError, Error, IntegrityError, InterfaceError,
                         InternalError, NotSupportedError, OperationalError, ProgrammingError,
                         Warning, apilevel, connect, paramstyle, threadsafety)
from pgref.errors import PgError

__version__ = "0.1.0"
__all__ = ["connect", "PgError", "Error", "Warning", "InterfaceError", "DatabaseError", "DataError",
           "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
           "NotSupportedError", "apilevel", "threadsafety", "paramstyle"]

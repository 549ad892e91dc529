"""Loading everything the engine registers at import time: type I/O,
built-in functions, session functions, reg* resolvers (spec/09-engine.md).

Where it sits: ``engine/``.  Function implementations register themselves
with the function manager when their module is imported; this is the one
place that imports them all, once per process.
"""
from __future__ import annotations

_loaded = False


def ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    import sys
    # numeric values may have up to 131072 digits before the point; Python's
    # default cap on int <-> str conversion (4300 digits) would refuse them
    sys.set_int_max_str_digits(0)
    import pgref.types.io  # noqa: F401  type input/output
    import pgref.types.datetime  # noqa: F401
    import pgref.types.funcs  # noqa: F401  operators and functions
    import pgref.engine.sessionfuncs  # noqa: F401
    import pgref.engine.dbcommands  # noqa: F401  pg_database_size
    import pgref.engine.grant  # noqa: F401  has_table_privilege & co, acldefault
    import pgref.engine.notify  # noqa: F401  pg_notify, pg_listening_channels
    from pgref.engine import regresolve
    regresolve.install()
    _loaded = True

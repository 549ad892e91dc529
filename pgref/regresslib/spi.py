"""contrib/spi's trigger functions (autoinc.so, refint.so), as the
regression suite's triggers test declares them.

They are trigger functions; pgref has no triggers yet, so the symbols exist
(CREATE FUNCTION succeeds as in PostgreSQL) and calling them raises 0A000
(spec/12-functions.md, "LANGUAGE C").
"""
from __future__ import annotations

from pgref.regresslib import declare_unsupported

declare_unsupported("autoinc", "autoinc")
declare_unsupported("refint", "check_primary_key", "check_foreign_key")

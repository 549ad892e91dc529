"""CURRENT_DATE, CURRENT_TIMESTAMP(p), LOCALTIME ... (PostgreSQL's
ExecEvalSQLValueFunction).

Where it sits: ``executor/`` (spec/07-executor.md, "Expressions").  Each is
the transaction's start time converted with the same built-in cast
functions a user would call (``timestamptz_date``, ``timestamptz_time``...),
found through fmgr by their PostgreSQL C names, then rounded to the
requested precision with the type's scale function.
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.types import fmgr

_CONVERT = {
    "current_date": ("timestamptz_date", None),
    "current_time": ("timestamptz_timetz", None),
    "current_time_n": ("timestamptz_timetz", "timetz_scale"),
    "current_timestamp": (None, None),
    "current_timestamp_n": (None, "timestamptz_scale"),
    "localtime": ("timestamptz_time", None),
    "localtime_n": ("timestamptz_time", "time_scale"),
    "localtimestamp": ("timestamptz_timestamp", None),
    "localtimestamp_n": ("timestamptz_timestamp", "timestamp_scale"),
}


def _impl(name: str):
    b = fmgr.lookup(name)
    if b is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{name} is not implemented in pgref yet")
    return b


def sql_value_function(ectx, op: str, typmod: int):
    conv_name, scale_name = _CONVERT[op]
    conv = _impl(conv_name) if conv_name else None
    scale = _impl(scale_name) if scale_name and typmod >= 0 else None

    def call(b, *args):
        return b.fn(ectx, *args) if b.ctx else b.fn(*args)

    def f(row):
        v = ectx.now
        if conv is not None:
            v = call(conv, v)
        if scale is not None:
            v = call(scale, v, typmod)
        return v
    return f

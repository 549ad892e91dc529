"""types/: SQL values -- how they are held, read, printed and computed.

Where it sits: a leaf package that every other layer uses (spec/03-types.md;
date/time in spec/03-types-datetime.md).  Its parts, bottom up:

    values.py     the datum contract: which Python object holds each SQL type
    oids.py       PostgreSQL's type OIDs as named constants
    fmgr.py       the function manager: implementations keyed by pg_proc.prosrc
    registry.py   every built-in pg_type row; I/O by type OID; format_type()
    io/           text and binary I/O of the non-datetime built-in types
    datetime/     date, time, timestamp, interval I/O and arithmetic
    funcs/        operators, functions and casts

Typical use, from any layer:

    >>> from pgref.types import type_input, type_output, INT4OID
    >>> type_output(None, INT4OID, type_input(None, INT4OID, " 42 "))
    '42'

The names below are re-exported lazily, so importing ``pgref.types`` costs
nothing until one is used.
"""
from __future__ import annotations

from typing import Any

_REGISTRY_NAMES = {
    "TYPES", "TypeInfo", "get_type", "type_by_name", "type_input", "type_output",
    "type_receive", "type_send", "typmod_in", "typmod_out", "format_type",
    "register_type", "IOContext", "quote_identifier",
}


def __getattr__(name: str) -> Any:
    if name in _REGISTRY_NAMES:
        from pgref.types import registry
        return getattr(registry, name)
    if name.endswith("OID") or name.endswith("_NAMESPACE"):
        from pgref.types import oids
        if hasattr(oids, name):
            return getattr(oids, name)
    raise AttributeError(f"module 'pgref.types' has no attribute {name!r}")

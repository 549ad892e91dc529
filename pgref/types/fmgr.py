"""The function manager: PostgreSQL's built-in functions by their C name.

Where it sits: ``types/`` (spec/03-types.md, "Built-in functions").  The
catalog's ``pg_proc`` rows are PostgreSQL 15's own (same OIDs, same
``prosrc``); this module maps a row's ``prosrc`` -- the C symbol PostgreSQL
would call, e.g. ``int4pl`` or ``textcat`` -- to the Python function that
implements it, like PostgreSQL's ``fmgr_builtins`` table.

Calling convention (INV-TYPES-FMGR-1): an implementation takes the SQL
arguments positionally, already in the Python form of ``types/values.py``.
Strict functions are never called with a NULL argument: the executor returns
NULL for them.  Implementations that need the session (time zone, DateStyle,
extra_float_digits, the transaction's start time) are registered with
``ctx=True`` and receive an :class:`ExecContext`-like object first; it has at
least ``.settings`` (an ``IOSettings``) and ``.now`` (the transaction start
timestamp as int microseconds since 2000-01-01 UTC).

Type I/O functions follow PostgreSQL's own signatures and are registered
with ``ctx=True`` (INV-TYPES-FMGR-2):

    typinput    f(ctx, text: str, typioparam: int, typmod: int) -> value
    typoutput   f(ctx, value) -> str
    typreceive  f(ctx, data: bytes, typioparam: int, typmod: int) -> value
    typsend     f(ctx, value) -> bytes           (PostgreSQL's binary format)
    typmodin    f(ctx, mods: list[str]) -> int    (e.g. varchar(10) -> 14)
    typmodout   f(ctx, typmod: int) -> str        (e.g. 14 -> "(10)")

``typioparam`` is the element type for arrays and the type's own OID
otherwise, as in PostgreSQL's getTypeIOParam().  Length coercions
(``varchar(varchar, int4, bool)``, ``numeric(numeric, int4)``,
``timestamp_scale``...) are ordinary functions with the usual convention.

A ``pg_proc`` row whose ``prosrc`` has no entry here exists in the catalog (so
overload resolution behaves as PostgreSQL's), but calling it raises
0A000 feature_not_supported.

Entry points:
    @builtin("prosrc_name", ctx=False)   register an implementation
    lookup(prosrc) -> Builtin | None
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Builtin:
    name: str                 # pg_proc.prosrc
    fn: Callable[..., Any]
    ctx: bool = False         # receives the execution context first


BUILTINS: dict[str, Builtin] = {}


def builtin(*names: str, ctx: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` as the implementation of each prosrc in ``names``."""
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            if name in BUILTINS and BUILTINS[name].fn is not fn:
                raise ValueError(f"builtin {name!r} registered twice")
            BUILTINS[name] = Builtin(name, fn, ctx)
        return fn
    return deco


def lookup(prosrc: str) -> Builtin | None:
    return BUILTINS.get(prosrc)

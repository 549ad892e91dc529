"""Sort and hash keys: making Python's ordering and equality agree with
PostgreSQL's btree comparison for each type.

Where it sits: ``executor/`` (spec/07-executor.md, "Ordering and
equality").  Sorting, grouping, DISTINCT, hash joins, set operations and
btree indexes all need "the same order / the same value" exactly as
PostgreSQL's btree operator class decides it.  For most types the Python
value already orders correctly (ints, str in the C collation -- code point
order equals UTF-8 byte order --, bytes, bool, date/timestamp as ints); a
few need a transformation (INV-EXEC-KEY-1):

  float4/float8   NaN equals NaN and sorts above +Infinity; -0.0 == 0.0
  numeric         NaN likewise (above +Infinity); 1.0 == 1.00
  bpchar          trailing blanks do not count
  interval        compared by its total span (months*30 days + days)
  timetz          by UTC time, then zone
Anything else falls back to the type's btree comparison function through
``functools.cmp_to_key``, which is always right but slower.
"""
from __future__ import annotations

import functools
import math
from decimal import Decimal
from typing import Any, Callable

from pgref.types import oids as T
from pgref.types.io.network import inet_sort_key
from pgref.types.values import Interval, PgArray

USECS_PER_DAY = 86_400_000_000


def _float_key(v: float):
    if v != v:
        return (1, 0.0)
    return (0, v + 0.0)


def _numeric_key(v: Decimal):
    if v.is_nan():
        return (1, Decimal(0))
    return (0, v)


def _bpchar_key(v: str):
    return v.rstrip(" ")


def _interval_key(v: Interval):
    return v.months * 30 * USECS_PER_DAY + v.days * USECS_PER_DAY + v.micros


def _timetz_key(v):
    return (v.micros + v.zone * 1_000_000, v.zone)


_NATURAL = {T.BOOLOID, T.INT2OID, T.INT4OID, T.INT8OID, T.OIDOID, T.TEXTOID, T.VARCHAROID,
            T.NAMEOID, T.BYTEAOID, T.DATEOID, T.TIMEOID, T.TIMESTAMPOID, T.TIMESTAMPTZOID,
            T.CHAROID, T.UUIDOID, T.REGCLASSOID, T.REGTYPEOID, T.REGPROCOID, T.UNKNOWNOID,
            T.XIDOID, T.CIDOID}
# macaddr (829), macaddr8 (774), pg_lsn: bytes / int order is PostgreSQL's
_NATURAL |= {829, 774, T.PG_LSNOID}

_SPECIAL: dict[int, Callable[[Any], Any]] = {
    T.FLOAT4OID: _float_key, T.FLOAT8OID: _float_key, T.NUMERICOID: _numeric_key,
    T.BPCHAROID: _bpchar_key, T.INTERVALOID: _interval_key, T.TIMETZOID: _timetz_key,
}
# inet (869) / cidr (650): network_cmp's order (spec/03-types.md, "Network address types")
_SPECIAL[T.INETOID] = _SPECIAL[650] = inet_sort_key


def key_function(typ: int, cmp: Callable[[Any, Any], int] | None = None) -> Callable[[Any], Any] | None:
    """A function turning a non-NULL value into something Python orders and
    hashes as PostgreSQL does; ``None`` means the value itself will do."""
    if typ in _NATURAL:
        return None
    f = _SPECIAL.get(typ)
    if f is not None:
        return f
    if cmp is not None:
        return functools.cmp_to_key(cmp)
    return None


def hash_key_function(typ: int, cmp=None) -> Callable[[Any], Any] | None:
    """Like key_function, but the result must also be hashable."""
    f = key_function(typ, None)
    if f is not None or typ in _NATURAL:
        return f
    if typ in _SPECIAL:
        return _SPECIAL[typ]
    return _generic_hashable


def _generic_hashable(v):
    if isinstance(v, PgArray):
        return ("A", tuple(v.elements), tuple(v.dims), tuple(v.lbounds))
    if isinstance(v, list):
        return tuple(_generic_hashable(x) for x in v)
    if isinstance(v, float) and math.isnan(v):
        return ("NaN",)
    return v


class _Null:
    """Sorts before (nulls_first) or after everything else."""
    __slots__ = ()

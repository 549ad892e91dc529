"""Query parameters from Python: choosing their types and converting values.

Where it sits: ``engine/`` (spec/09-engine.md, "Parameters").  The DB-API
passes Python objects; the wire protocol passes text or binary plus type
OIDs.  For Python objects, types are chosen the way psycopg 3 does, so an
application sees the same types against pgref and PostgreSQL:

    None -> unknown        bool -> bool            int -> int2/int4/int8/numeric by size
    float -> float8        Decimal -> numeric      str -> unknown (the context decides)
    bytes -> bytea         date -> date            datetime -> timestamp[tz]
    time -> time           timedelta -> interval   UUID -> uuid    list -> array

After analysis a parameter may have a different type than it was given
(``unknown`` -> the column's type); ``convert_params`` turns each value
into the datum of the final type, through that type's input function when
the Python type does not already match.
"""
from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from pgref.types import oids as T
from pgref.types.values import (DATE_NOBEGIN, POSTGRES_EPOCH_JDATE, UNIX_EPOCH_JDATE, Interval,
                                PgArray)

_INTS = {T.INT2OID, T.INT4OID, T.INT8OID, T.OIDOID}
_FLOATS = {T.FLOAT4OID, T.FLOAT8OID}
_TEXTS = {T.TEXTOID, T.VARCHAROID, T.BPCHAROID, T.NAMEOID, T.UNKNOWNOID}


def infer_param_type(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, bool):
        return T.BOOLOID
    if isinstance(v, int):
        if -32768 <= v <= 32767:
            return T.INT2OID
        if -(2 ** 31) <= v < 2 ** 31:
            return T.INT4OID
        if -(2 ** 63) <= v < 2 ** 63:
            return T.INT8OID
        return T.NUMERICOID
    if isinstance(v, float):
        return T.FLOAT8OID
    if isinstance(v, Decimal):
        return T.NUMERICOID
    if isinstance(v, str):
        return 0
    if isinstance(v, (bytes, bytearray, memoryview)):
        return T.BYTEAOID
    if isinstance(v, datetime.datetime):
        return T.TIMESTAMPTZOID if v.tzinfo is not None else T.TIMESTAMPOID
    if isinstance(v, datetime.date):
        return T.DATEOID
    if isinstance(v, datetime.time):
        return T.TIMETZOID if v.tzinfo is not None else T.TIMEOID
    if isinstance(v, datetime.timedelta):
        return T.INTERVALOID
    if isinstance(v, uuid.UUID):
        return T.UUIDOID
    if isinstance(v, (list, tuple)):
        from pgref.catalog.builtin import types
        for x in v:
            if x is not None:
                et = infer_param_type(x)
                if et:
                    return types()[et].array
        return T.TEXTARRAYOID
    return 0


def _text_of(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return f"{v.days} days {v.seconds} seconds {v.microseconds} microseconds"
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(v).hex()
    return str(v)


def to_datum(session, v: Any, typ: int) -> Any:
    """The Python object ``v`` as a datum of type ``typ``."""
    if v is None:
        return None
    if typ in (0, T.UNKNOWNOID) or typ in _TEXTS:
        return v if isinstance(v, str) else _text_of(v)
    if isinstance(v, bool):
        if typ == T.BOOLOID:
            return v
    elif isinstance(v, int):
        if typ in _INTS:
            return v
        if typ == T.NUMERICOID:
            return Decimal(v)
        if typ in _FLOATS:
            return float(v)
    elif isinstance(v, float):
        if typ in _FLOATS:
            return v
    elif isinstance(v, Decimal):
        if typ == T.NUMERICOID:
            return v
    elif isinstance(v, (bytes, bytearray, memoryview)):
        if typ == T.BYTEAOID:
            return bytes(v)
    elif isinstance(v, uuid.UUID):
        if typ == T.UUIDOID:
            return v
    elif isinstance(v, datetime.timedelta) and typ == T.INTERVALOID:
        return Interval(0, v.days, v.seconds * 1_000_000 + v.microseconds)
    elif isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) and typ == T.DATEOID:
        return v.toordinal() - datetime.date(2000, 1, 1).toordinal()
    elif isinstance(v, (list, tuple)):
        from pgref.catalog.builtin import types
        t = types().get(typ)
        if t is not None and t.category == "A":
            return PgArray.from_list([to_datum(session, x, t.elem) for x in v], t.elem)
    from pgref.types.registry import type_input
    ctx = session.exec_context() if session.xact is not None else None
    return type_input(ctx, typ, _text_of(v), -1)


def convert_params(session, params, types: list[int]) -> list[Any]:
    if not params:
        return []
    out = []
    for i, v in enumerate(params):
        typ = types[i] if i < len(types) else 0
        out.append(to_datum(session, v, typ))
    return out


del DATE_NOBEGIN, POSTGRES_EPOCH_JDATE, UNIX_EPOCH_JDATE

"""Building json values from SQL values: to_json, array_to_json,
json_build_object, json_build_array (PostgreSQL's utils/adt/json.c).

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md).  A json
datum is its text (``types/io/json.py``); these functions write that text
from values of any type, as ``datum_to_json`` does:

    NULL                      null
    bool                      true / false
    int2 int4 int8 oid float numeric
                              the output text when it is a JSON number
                              (so NaN and Infinity are quoted strings)
    date timestamp timestamptz
                              ISO 8601 with a "T" whatever DateStyle says
                              ("2020-01-02T03:04:05+00:00"), infinity quoted
    json                      embedded as is;  jsonb: its text
    arrays                    [...] nested by dimension, elements converted
                              the same way (no blanks: "[1,2]")
    composite / record        {"f1":1,"f2":"a"} (field names, anonymous
                              records f1, f2, ...)
    anything else             its output text as a JSON string

json_build_object/json_build_array separate with ", " and " : " (the
spaced layout of PostgreSQL's builders); to_json of an array or record uses
the compact layout.  Object keys must be non-NULL scalars.
"""
from __future__ import annotations

from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, PgError
from pgref.types import oids as T
from pgref.types.fmgr import builtin
from pgref.types.funcs._common import argtypes, output_text
from pgref.types.values import PgArray

_NUMERIC = frozenset((T.INT2OID, T.INT4OID, T.INT8OID, T.OIDOID, T.FLOAT4OID, T.FLOAT8OID, T.NUMERICOID))
_JSONOID, _JSONBOID = 114, 3802
_NULL_VALUE_NOT_ALLOWED = "22004"


def escape_json(s: str) -> str:
    """PostgreSQL's escape_json(): a JSON string literal."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch < " ":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _is_json_number(s: str) -> bool:
    """IsValidJsonNumber(): -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?"""
    import re
    return re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", s) is not None


def _iso_datetime(ctx: Any, typoid: int, value: Any) -> str:
    """JsonEncodeDateTime(): XSD date/time text, independent of DateStyle."""
    from dataclasses import replace
    settings = getattr(ctx, "settings", None)
    iso_ctx = ctx
    if settings is not None and getattr(settings, "datestyle", "ISO, MDY") != "ISO, MDY":
        from pgref.types.registry import IOContext
        iso_ctx = IOContext(settings=replace(settings, datestyle="ISO, MDY"))
    text = output_text(iso_ctx, typoid, value)
    if text in ("infinity", "-infinity") or typoid == T.DATEOID:
        return text
    bc = text.endswith(" BC")
    if bc:
        text = text[:-3]
    date, _, rest = text.partition(" ")
    if typoid == T.TIMESTAMPTZOID:
        # "+05:30" / "+00": XSD writes the offset as +hh:mm
        k = max(rest.rfind("+"), rest.rfind("-"))
        time, zone = rest[:k], rest[k:]
        if len(zone) == 3:
            zone += ":00"
        rest = time + zone
    return f"{date}T{rest}" + (" BC" if bc else "")


def _composite_fields(value: Any, typoid: int) -> list[tuple[str, int, Any]]:
    from pgref.types.composite import columns
    from pgref.types.io.record import TypedRecord
    if isinstance(value, TypedRecord):
        vals, types = value.values, value.types
    else:
        vals, types = tuple(value), (0,) * len(value)
    cols = columns(typoid) if typoid not in (0, T.RECORDOID) else None
    carried = getattr(value, "names", None)     # a record that knows its column names
    if cols is not None and len(cols[0]) == len(vals):
        names = list(cols[0])
    elif carried is not None and len(carried) == len(vals):
        names = list(carried)
    else:
        names = [f"f{i}" for i in range(1, len(vals) + 1)]
    return list(zip(names, types, vals))


def datum_to_json(ctx: Any, typoid: int, value: Any, key_scalar: bool = False) -> str:
    """datum_to_json(): one value as JSON text (see the module table)."""
    from pgref.types.io.record import TypedRecord
    if value is None:
        return "null"
    info = None
    try:
        from pgref.types.registry import get_type
        info = get_type(typoid)
    except PgError:
        info = None
    base = typoid
    if info is not None and info.typtype == "d":
        base = info.typbasetype
    is_array = isinstance(value, PgArray)
    is_record = isinstance(value, (TypedRecord, tuple)) and not is_array
    if key_scalar and (is_array or is_record or base in (_JSONOID, _JSONBOID)):
        raise PgError(INVALID_PARAMETER_VALUE, "key value must be scalar, not array, composite, or json")
    if is_array:
        return _array_to_json(ctx, value, False)
    if is_record:
        fields = _composite_fields(value, base)
        return "{" + ",".join(escape_json(n) + ":" + datum_to_json(ctx, t, v) for n, t, v in fields) + "}"
    if base == T.BOOLOID:
        return "true" if value else "false"
    if base in _NUMERIC:
        text = output_text(ctx, base, value)
        return text if _is_json_number(text) else escape_json(text)
    if base in (T.DATEOID, T.TIMESTAMPOID, T.TIMESTAMPTZOID):
        return escape_json(_iso_datetime(ctx, base, value))
    if base in (_JSONOID, _JSONBOID):
        return output_text(ctx, base, value)
    return escape_json(output_text(ctx, base, value))


def _array_to_json(ctx: Any, arr: PgArray, pretty: bool) -> str:
    if not arr.dims:
        return "[]"
    elemtype = arr.elemtype
    sep = ",\n " if pretty else ","
    pos = 0

    def level(d: int) -> str:
        nonlocal pos
        parts = []
        for _ in range(arr.dims[d]):
            if d + 1 < len(arr.dims):
                parts.append(level(d + 1))
            else:
                parts.append(datum_to_json(ctx, elemtype, arr.elements[pos]))
                pos += 1
        return "[" + (sep if d == 0 else ",").join(parts) + "]"
    return level(0)


def _variadic(ctx: Any, args: tuple) -> list[tuple[int, Any]]:
    if getattr(ctx, "funcvariadic", False):
        arr = args[-1] if args else None
        if arr is None:
            return []
        return [(arr.elemtype, v) for v in arr.elements]
    return list(zip(argtypes(ctx, len(args)), args))


@builtin("to_json", ctx=True)
def to_json(ctx: Any, value: Any) -> str:
    return datum_to_json(ctx, argtypes(ctx, 1)[0], value)


@builtin("array_to_json", ctx=True)
def array_to_json(ctx: Any, arr: PgArray) -> str:
    return _array_to_json(ctx, arr, False)


@builtin("array_to_json_pretty", ctx=True)
def array_to_json_pretty(ctx: Any, arr: PgArray, pretty: bool) -> str:
    return _array_to_json(ctx, arr, pretty)


@builtin("json_build_object", ctx=True)
def json_build_object(ctx: Any, *args: Any) -> str | None:
    if getattr(ctx, "funcvariadic", False) and args and args[-1] is None:
        return None
    pairs = _variadic(ctx, args)
    if len(pairs) % 2:
        raise PgError(INVALID_PARAMETER_VALUE, "argument list must have even number of elements",
                      hint="The arguments of json_build_object() must consist of alternating keys and values.")
    items = []
    for i in range(0, len(pairs), 2):
        (kt, k), (vt, v) = pairs[i], pairs[i + 1]
        if k is None:
            raise PgError(_NULL_VALUE_NOT_ALLOWED, f"argument {i + 1} cannot be null",
                          hint="Object keys should be text.")
        key = datum_to_json(ctx, kt, k, key_scalar=True)
        if not key.startswith('"'):
            key = escape_json(key)
        items.append(f"{key} : {datum_to_json(ctx, vt, v)}")
    return "{" + ", ".join(items) + "}"


@builtin("json_build_object_noargs")
def json_build_object_noargs() -> str:
    return "{}"


@builtin("json_build_array", ctx=True)
def json_build_array(ctx: Any, *args: Any) -> str | None:
    if getattr(ctx, "funcvariadic", False) and args and args[-1] is None:
        return None
    return "[" + ", ".join(datum_to_json(ctx, t, v) for t, v in _variadic(ctx, args)) + "]"


@builtin("json_build_array_noargs")
def json_build_array_noargs() -> str:
    return "[]"


from pgref.types.funcs import jsonb_funcs  # noqa: E402,F401  (jsonb operators and functions)

"""Shared helpers of the built-in function modules: range checks and errors.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Calling convention").  Every module in this package raises errors through
these helpers so that the SQLSTATE and the message text are PostgreSQL's, in
one place:

    int_range(v, INT4)      -> v, or 22003 "integer out of range"
    division_by_zero()      -> 22012 "division by zero"
    float_overflow() / float_underflow()  -> 22003 "value out of range: ..."
    f4(x)                   -> x rounded to single precision (float4 datum)
    argtypes(ctx, n)        -> the call's actual argument type OIDs (for
                               functions over "any" / anynonarray)
"""
from __future__ import annotations

import struct
from typing import Any, NoReturn

from pgref.errors import (DIVISION_BY_ZERO, FEATURE_NOT_SUPPORTED,
                          INTERNAL_ERROR, NUMERIC_VALUE_OUT_OF_RANGE, PgError)

INT2 = (-(2 ** 15), 2 ** 15 - 1, "smallint out of range")
INT4 = (-(2 ** 31), 2 ** 31 - 1, "integer out of range")
INT8 = (-(2 ** 63), 2 ** 63 - 1, "bigint out of range")
OID_MAX = 2 ** 32 - 1


def int_range(v: int, rng: tuple[int, int, str]) -> int:
    """Return ``v`` if it fits the integer type ``rng`` (INV-FUNCS-1)."""
    if v < rng[0] or v > rng[1]:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, rng[2])
    return v


def wrap(v: int, bits: int) -> int:
    """Two's-complement wrap-around, as C integer arithmetic without checks."""
    m = 1 << bits
    v &= m - 1
    return v - m if v >= m >> 1 else v


def division_by_zero() -> NoReturn:
    raise PgError(DIVISION_BY_ZERO, "division by zero")


def float_overflow() -> NoReturn:
    raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow")


def float_underflow() -> NoReturn:
    raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow")


def f4(x: float) -> float:
    """Round a double to the nearest float4 (C's ``(float4) x``); values
    beyond FLT_MAX become +/-infinity as in C (callers check overflow)."""
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


def not_supported(what: str) -> NoReturn:
    raise PgError(FEATURE_NOT_SUPPORTED, what)


def argtypes(ctx: Any, n: int) -> tuple[int, ...]:
    """The actual argument type OIDs of a call to a function over "any" or
    a polymorphic type.  The executor supplies them as ``ctx.argtypes``
    (spec/03-types-functions.md, INV-FUNCS-4)."""
    types = getattr(ctx, "argtypes", None)
    if types is None or len(types) < n:
        raise PgError(INTERNAL_ERROR,
                      "could not determine data type of input (ctx.argtypes missing)")
    return tuple(types)


def output_text(ctx: Any, typoid: int, value: Any) -> str:
    """A value's text form through the type's output function (lazy import:
    the I/O package sits beside this one)."""
    from pgref.types.registry import type_output  # noqa: PLC0415 (lazy by design)
    return type_output(ctx, typoid, value)


def input_value(ctx: Any, typoid: int, text: str, typmod: int = -1) -> Any:
    from pgref.types.registry import type_input  # noqa: PLC0415
    return type_input(ctx, typoid, text, typmod)

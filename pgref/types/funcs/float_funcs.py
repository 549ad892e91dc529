"""float4 and float8: arithmetic, comparison and the math library.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Floating point").  This is PostgreSQL's ``float.c``.  Python floats are C
doubles, so float8 arithmetic is native; a float4 result is the double result
rounded once to single precision (``f4``), which for + - * / and sqrt gives
exactly the IEEE single-precision answer.

Checks, as PostgreSQL's ``float_overflow_error`` / ``float_underflow_error``
(INV-FUNCS-3): an infinite result from finite inputs is 22003 "value out of
range: overflow"; a zero result of a multiplication or division whose inputs
were non-zero and finite is 22003 "value out of range: underflow".  Division
by zero is 22012 unless the dividend is NaN.

Ordering (INV-FUNCS-6): for sorting and comparison operators NaN equals NaN
and is greater than every other value, including +Infinity; -0 equals +0.
"""
from __future__ import annotations

import math
import random as _random

from pgref.errors import (INVALID_ARGUMENT_FOR_LOG, INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                          INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                          INVALID_PARAMETER_VALUE, NUMERIC_VALUE_OUT_OF_RANGE, PgError)
from pgref.types.fmgr import builtin

from ._common import INT4, division_by_zero, f4, float_overflow, float_underflow, int_range

INF = math.inf
NAN = math.nan
isinf = math.isinf
isnan = math.isnan


def check(r: float, inf_ok: bool, zero_ok: bool) -> float:
    """PostgreSQL's check_float8_val (INV-FUNCS-3)."""
    if isinf(r) and not inf_ok:
        float_overflow()
    if r == 0.0 and not zero_ok:
        float_underflow()
    return r


def check4(r: float, inf_ok: bool, zero_ok: bool) -> float:
    """check_float4_val after rounding the double result to float4."""
    return check(f4(r), inf_ok, zero_ok)


# ---- arithmetic ------------------------------------------------------------

def f8pl(a: float, b: float) -> float:
    r = a + b
    if isinf(r) and not isinf(a) and not isinf(b):
        float_overflow()
    return r


def f8mi(a: float, b: float) -> float:
    r = a - b
    if isinf(r) and not isinf(a) and not isinf(b):
        float_overflow()
    return r


def f8mul(a: float, b: float) -> float:
    r = a * b
    if isinf(r) and not isinf(a) and not isinf(b):
        float_overflow()
    if r == 0.0 and a != 0.0 and b != 0.0:
        float_underflow()
    return r


def f8div(a: float, b: float) -> float:
    if b == 0.0 and not isnan(a):
        division_by_zero()
    if b == 0.0:
        return NAN
    r = a / b
    if isinf(r) and not isinf(a):
        float_overflow()
    if r == 0.0 and a != 0.0 and not isinf(b):
        float_underflow()
    return r


def _f4(op):
    """A float4 operator: compute in double, round to float4, then apply
    the same overflow / underflow checks as PostgreSQL's float4_* helpers."""
    def fn(a: float, b: float) -> float:
        r = f4(op(a, b))
        if isinf(r) and not isinf(a) and not isinf(b):
            float_overflow()
        if op is f8mul and r == 0.0 and a != 0.0 and b != 0.0:
            float_underflow()
        if op is f8div and r == 0.0 and a != 0.0 and not isinf(b):
            float_underflow()
        return r
    return fn


builtin("float8pl", "float48pl", "float84pl")(f8pl)
builtin("float8mi", "float48mi", "float84mi")(f8mi)
builtin("float8mul", "float48mul", "float84mul")(f8mul)
builtin("float8div", "float48div", "float84div")(f8div)
builtin("float4pl")(_f4(f8pl))
builtin("float4mi")(_f4(f8mi))
builtin("float4mul")(_f4(f8mul))
builtin("float4div")(_f4(f8div))
builtin("float4um", "float8um")(lambda a: -a)
builtin("float4up", "float8up")(lambda a: a)
builtin("float4abs", "float8abs")(lambda a: abs(a))


# ---- comparison (INV-FUNCS-6) ----------------------------------------------

def float_cmp(a: float, b: float) -> int:
    if isnan(a):
        return 0 if isnan(b) else 1
    if isnan(b):
        return -1
    return (a > b) - (a < b)


for _prefix in ("float4", "float8", "float48", "float84"):
    builtin(_prefix + "eq")(lambda a, b: float_cmp(a, b) == 0)
    builtin(_prefix + "ne")(lambda a, b: float_cmp(a, b) != 0)
    builtin(_prefix + "lt")(lambda a, b: float_cmp(a, b) < 0)
    builtin(_prefix + "le")(lambda a, b: float_cmp(a, b) <= 0)
    builtin(_prefix + "gt")(lambda a, b: float_cmp(a, b) > 0)
    builtin(_prefix + "ge")(lambda a, b: float_cmp(a, b) >= 0)
builtin("btfloat4cmp", "btfloat8cmp", "btfloat48cmp", "btfloat84cmp")(float_cmp)
builtin("float4larger", "float8larger")(lambda a, b: a if float_cmp(a, b) > 0 else b)
builtin("float4smaller", "float8smaller")(lambda a, b: a if float_cmp(a, b) < 0 else b)


# ---- rounding ----------------------------------------------------------------

def _keep_sign(r: float, x: float) -> float:
    """C's rint/ceil/floor/trunc keep the sign of a zero result."""
    return math.copysign(0.0, x) if r == 0.0 else r


@builtin("dround")
def dround(x: float) -> float:
    if isinf(x) or isnan(x):
        return x
    return _keep_sign(float(round(x)), x)        # round() is half-even = rint


@builtin("dtrunc")
def dtrunc(x: float) -> float:
    if isinf(x) or isnan(x):
        return x
    return _keep_sign(float(math.trunc(x)), x)


@builtin("dceil")
def dceil(x: float) -> float:
    if isinf(x) or isnan(x):
        return x
    return _keep_sign(float(math.ceil(x)), x)


@builtin("dfloor")
def dfloor(x: float) -> float:
    if isinf(x) or isnan(x):
        return x
    return _keep_sign(float(math.floor(x)), x)


@builtin("dsign")
def dsign(x: float) -> float:
    return 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)


# ---- powers and logarithms ---------------------------------------------------

@builtin("dsqrt")
def dsqrt(x: float) -> float:
    if x < 0:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "cannot take square root of a negative number")
    if isnan(x):
        return x
    return check(math.sqrt(x), isinf(x), x == 0)


@builtin("dcbrt")
def dcbrt(x: float) -> float:
    if isnan(x) or isinf(x):
        return x
    return check(math.cbrt(x), isinf(x), x == 0)


@builtin("dpow")
def dpow(x: float, y: float) -> float:
    if isnan(x):
        return NAN if (isnan(y) or y != 0.0) else 1.0
    if isnan(y):
        return NAN if x != 1.0 else 1.0
    if x == 0 and y < 0:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "zero raised to a negative power is undefined")
    if x < 0 and not isinf(y) and math.floor(y) != y:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "a negative number raised to a non-integer power yields a complex result")
    if isinf(y):
        ax = abs(x)
        if ax == 1.0:
            return 1.0
        if y > 0:
            return y if ax > 1.0 else 0.0
        return 0.0 if ax > 1.0 else -y
    if isinf(x):
        if y == 0.0:
            return 1.0
        if x > 0:
            return x if y > 0 else 0.0
        half = y / 2
        odd = math.floor(half) != half
        if y > 0:
            return x if odd else -x
        return -0.0 if odd else 0.0
    try:
        r = math.pow(x, y)
    except OverflowError:
        float_overflow()
    if isinf(r):
        float_overflow()
    if r == 0.0 and x != 0.0:
        float_underflow()
    return r


@builtin("dexp")
def dexp(x: float) -> float:
    if isnan(x):
        return x
    if isinf(x):
        return x if x > 0 else 0.0
    try:
        r = math.exp(x)
    except OverflowError:
        float_overflow()
    if r == 0.0:
        float_underflow()
    return r


def _log_check(x: float) -> None:
    if x == 0.0:
        raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of zero")
    if x < 0:
        raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number")


@builtin("dlog1")
def dlog1(x: float) -> float:
    _log_check(x)
    if isnan(x) or isinf(x):
        return x
    return check(math.log(x), isinf(x), x == 1.0)


@builtin("dlog10")
def dlog10(x: float) -> float:
    _log_check(x)
    if isnan(x) or isinf(x):
        return x
    return check(math.log10(x), isinf(x), x == 1.0)


# ---- trigonometry ----------------------------------------------------------------

def _out_of_range() -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range")


def _trig(fn, domain_pm1: bool = False, inf_ok: bool = False):
    def impl(x: float) -> float:
        if isnan(x):
            return x
        if domain_pm1:
            if x < -1.0 or x > 1.0:
                raise _out_of_range()
        elif isinf(x) and fn not in (math.atan,):
            raise _out_of_range()
        r = fn(x)
        return check(r, inf_ok, True)
    return impl


builtin("dsin")(_trig(math.sin))
builtin("dcos")(_trig(math.cos))
builtin("dtan")(_trig(math.tan, inf_ok=True))
builtin("dasin")(_trig(math.asin, domain_pm1=True))
builtin("dacos")(_trig(math.acos, domain_pm1=True))
builtin("datan")(_trig(math.atan))


@builtin("dcot")
def dcot(x: float) -> float:
    if isnan(x):
        return x
    if isinf(x):
        raise _out_of_range()
    t = math.tan(x)
    return INF if t == 0.0 else 1.0 / t


@builtin("datan2")
def datan2(y: float, x: float) -> float:
    if isnan(y) or isnan(x):
        return NAN
    return math.atan2(y, x)


@builtin("dsinh")
def dsinh(x: float) -> float:
    try:
        return math.sinh(x)
    except OverflowError:
        return INF if x > 0 else -INF


@builtin("dcosh")
def dcosh(x: float) -> float:
    try:
        return math.cosh(x)
    except OverflowError:
        return INF


@builtin("dtanh")
def dtanh(x: float) -> float:
    return math.tanh(x)


@builtin("dasinh")
def dasinh(x: float) -> float:
    return math.asinh(x)


@builtin("dacosh")
def dacosh(x: float) -> float:
    if x < 1.0:
        raise _out_of_range()
    return math.acosh(x)


@builtin("datanh")
def datanh(x: float) -> float:
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    if x == 1.0:
        return INF
    if x == -1.0:
        return -INF
    return math.atanh(x)


# Degree-based trigonometry, with PostgreSQL's care to return exact results
# at multiples of 30, 45 and 90 degrees (float.c: sind_q1, cosd_q1 ...).
RADIANS_PER_DEGREE = 0.0174532925199432957692
_SIN_30 = math.sin(30.0 * RADIANS_PER_DEGREE)
_ONE_MINUS_COS_60 = 1.0 - math.cos(60.0 * RADIANS_PER_DEGREE)
_ASIN_0_5 = math.asin(0.5)
_ACOS_0_5 = math.acos(0.5)
_ATAN_1_0 = math.atan(1.0)


def _sind_0_to_30(x: float) -> float:
    return (math.sin(x * RADIANS_PER_DEGREE) / _SIN_30) / 2.0


def _cosd_0_to_60(x: float) -> float:
    return 1.0 - ((1.0 - math.cos(x * RADIANS_PER_DEGREE)) / _ONE_MINUS_COS_60) / 2.0


def _sind_q1(x: float) -> float:
    return _sind_0_to_30(x) if x <= 30.0 else _cosd_0_to_60(90.0 - x)


def _cosd_q1(x: float) -> float:
    return _cosd_0_to_60(x) if x <= 60.0 else _sind_0_to_30(90.0 - x)


_TAN_45 = _sind_q1(45.0) / _cosd_q1(45.0)
_COT_45 = _cosd_q1(45.0) / _sind_q1(45.0)


def _deg_arg(x: float) -> float:
    if isinf(x):
        raise _out_of_range()
    return math.fmod(x, 360.0)


@builtin("dsind")
def dsind(x: float) -> float:
    if isnan(x):
        return x
    x = _deg_arg(x)
    sign = 1.0
    if x < 0.0:
        x, sign = -x, -sign
    if x > 180.0:
        x, sign = 360.0 - x, -sign
    if x > 90.0:
        x = 180.0 - x
    return sign * _sind_q1(x)


@builtin("dcosd")
def dcosd(x: float) -> float:
    if isnan(x):
        return x
    x = _deg_arg(x)
    sign = 1.0
    if x < 0.0:
        x = -x
    if x > 180.0:
        x = 360.0 - x
    if x > 90.0:
        x, sign = 180.0 - x, -sign
    return sign * _cosd_q1(x)


def _tan_like(x: float, cot: bool) -> float:
    if isnan(x):
        return x
    x = _deg_arg(x)
    sign = 1.0
    if x < 0.0:
        x, sign = -x, -sign
    if x > 180.0:
        x, sign = 360.0 - x, -sign
    if x > 90.0:
        x, sign = 180.0 - x, -sign
    s, c = _sind_q1(x), _cosd_q1(x)
    if cot:
        r = sign * ((c / s if s != 0.0 else INF) / _COT_45)
    else:
        r = sign * ((s / c if c != 0.0 else INF) / _TAN_45)
    return 0.0 if r == 0.0 else r      # never minus zero


@builtin("dtand")
def dtand(x: float) -> float:
    return _tan_like(x, cot=False)


@builtin("dcotd")
def dcotd(x: float) -> float:
    return _tan_like(x, cot=True)


def _asind_q1(x: float) -> float:
    if x <= 0.5:
        return (math.asin(x) / _ASIN_0_5) * 30.0
    return 90.0 - (math.acos(x) / _ACOS_0_5) * 60.0


def _acosd_q1(x: float) -> float:
    if x <= 0.5:
        return 90.0 - (math.asin(x) / _ASIN_0_5) * 30.0
    return (math.acos(x) / _ACOS_0_5) * 60.0


@builtin("dasind")
def dasind(x: float) -> float:
    if isnan(x):
        return x
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    return _asind_q1(x) if x >= 0.0 else -_asind_q1(-x)


@builtin("dacosd")
def dacosd(x: float) -> float:
    if isnan(x):
        return x
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    return _acosd_q1(x) if x >= 0.0 else 90.0 + _asind_q1(-x)


@builtin("datand")
def datand(x: float) -> float:
    if isnan(x):
        return x
    return (math.atan(x) / _ATAN_1_0) * 45.0


@builtin("datan2d")
def datan2d(y: float, x: float) -> float:
    if isnan(y) or isnan(x):
        return NAN
    return (math.atan2(y, x) / _ATAN_1_0) * 45.0


@builtin("degrees")
def degrees(x: float) -> float:
    return f8div(x, RADIANS_PER_DEGREE)


@builtin("radians")
def radians(x: float) -> float:
    return f8mul(x, RADIANS_PER_DEGREE)


@builtin("dpi")
def dpi() -> float:
    return math.pi


# ---- random ------------------------------------------------------------------------

_RNG = _random.Random()


@builtin("drandom")
def drandom() -> float:
    """random(): uniform in [0, 1).  The sequence differs from PostgreSQL's
    (it uses a different generator) -- see the spec's Differences section."""
    return _RNG.random()


@builtin("setseed")
def setseed(seed: float) -> None:
    if seed < -1 or seed > 1 or isnan(seed):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"setseed parameter {seed:g} is out of allowed range [-1,1]")
    _RNG.seed(seed)
    return None


# ---- width_bucket ---------------------------------------------------------------

@builtin("width_bucket_float8")
def width_bucket_float8(op: float, b1: float, b2: float, count: int) -> int:
    if count <= 0:
        raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                      "count must be greater than zero")
    if isnan(op) or isnan(b1) or isnan(b2):
        raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                      "operand, lower bound, and upper bound cannot be NaN")
    if isinf(b1) or isinf(b2):
        raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                      "lower and upper bounds must be finite")
    if b1 < b2:
        if op < b1:
            return 0
        if op >= b2:
            return int_range(count + 1, INT4)
        if not isinf(b2 - b1):
            r = (float(count) * (op - b1) / (b2 - b1)) + 1
        else:
            r = (float(count) * (op / 2 - b1 / 2) / (b2 / 2 - b1 / 2)) + 1
        return int(r)
    if b1 > b2:
        if op > b1:
            return 0
        if op <= b2:
            return int_range(count + 1, INT4)
        if not isinf(b1 - b2):
            r = (float(count) * (b1 - op) / (b1 - b2)) + 1
        else:
            r = (float(count) * (b1 / 2 - op / 2) / (b1 / 2 - b2 / 2)) + 1
        return int(r)
    raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                  "lower bound cannot equal upper bound")


# ---- aggregate support: float8_accum & co (state: [N, Sx, Sxx]) ----------------

def _accum(state: list, x: float) -> list:
    # PostgreSQL's Youngs-Cramer algorithm (float.c, float8_accum).
    n, sx, sxx = state
    n1 = n + 1.0
    sx1 = sx + x
    if n > 0.0:
        tmp = x * n1 - sx1
        sxx1 = sxx + tmp * tmp / (n * n1)
        if isinf(sx1) or isinf(sxx1):
            if not isinf(sx) and not isinf(x):
                float_overflow()
            sxx1 = NAN
    else:
        # first input: Sxx is 0 unless x is NaN/Inf (propagate NaN)
        sxx1 = x * 0.0 if (isnan(x) or isinf(x)) else 0.0
    return [n1, sx1, sxx1]


builtin("float8_accum", "float4_accum")(_accum)


@builtin("float8_avg")
def float8_avg(state: list) -> float | None:
    n, sx, _ = state
    return None if n == 0.0 else sx / n


def _var(state: list, samp: bool) -> float | None:
    n, _, sxx = state
    if n == 0.0 or (samp and n <= 1.0):
        return None
    if sxx <= 0.0 and not isnan(sxx):
        return 0.0
    return sxx / (n - 1.0 if samp else n)


builtin("float8_var_samp")(lambda s: _var(s, True))
builtin("float8_var_pop")(lambda s: _var(s, False))


@builtin("float8_stddev_samp")
def float8_stddev_samp(state: list) -> float | None:
    v = _var(state, True)
    return None if v is None else math.sqrt(v)


@builtin("float8_stddev_pop")
def float8_stddev_pop(state: list) -> float | None:
    v = _var(state, False)
    return None if v is None else math.sqrt(v)


# regr_* / covar / corr: state [N, Sx, Sxx, Sy, Syy, Sxy]

@builtin("float8_regr_accum")
def float8_regr_accum(state: list, y: float, x: float) -> list:
    n, sx, sxx, sy, syy, sxy = state
    n1 = n + 1.0
    sx1 = sx + x
    sy1 = sy + y
    if n > 0.0:
        tmpx = x * n1 - sx1
        tmpy = y * n1 - sy1
        scale = 1.0 / (n * n1)
        sxx1 = sxx + tmpx * tmpx * scale
        syy1 = syy + tmpy * tmpy * scale
        sxy1 = sxy + tmpx * tmpy * scale
        if isinf(sx1) or isinf(sxx1) or isinf(sy1) or isinf(syy1) or isinf(sxy1):
            if ((isinf(sx1) and not isinf(sx) and not isinf(x))
                    or (isinf(sy1) and not isinf(sy) and not isinf(y))
                    or (isinf(sxx1) and not isinf(sxx) and not isinf(x))
                    or (isinf(syy1) and not isinf(syy) and not isinf(y))
                    or (isinf(sxy1) and not isinf(sxy) and not isinf(x) and not isinf(y))):
                float_overflow()
            if isinf(sxx1):
                sxx1 = NAN
            if isinf(syy1):
                syy1 = NAN
            if isinf(sxy1):
                sxy1 = NAN
    else:
        sxx1 = x * 0.0 if (isnan(x) or isinf(x)) else 0.0
        syy1 = y * 0.0 if (isnan(y) or isinf(y)) else 0.0
        sxy1 = x * y * 0.0 if (isnan(x) or isinf(x) or isnan(y) or isinf(y)) else 0.0
    return [n1, sx1, sxx1, sy1, syy1, sxy1]


def _regr(fn):
    def final(state: list):
        if state[0] < 1.0:
            return None
        return fn(*state)
    return final


builtin("float8_regr_sxx")(_regr(lambda n, sx, sxx, sy, syy, sxy: sxx))
builtin("float8_regr_syy")(_regr(lambda n, sx, sxx, sy, syy, sxy: syy))
builtin("float8_regr_sxy")(_regr(lambda n, sx, sxx, sy, syy, sxy: sxy))
builtin("float8_regr_avgx")(_regr(lambda n, sx, sxx, sy, syy, sxy: sx / n))
builtin("float8_regr_avgy")(_regr(lambda n, sx, sxx, sy, syy, sxy: sy / n))
builtin("float8_covar_pop")(_regr(lambda n, sx, sxx, sy, syy, sxy: sxy / n))


@builtin("float8_covar_samp")
def float8_covar_samp(state: list):
    n, sx, sxx, sy, syy, sxy = state
    if n < 2.0:
        return None
    return sxy / (n - 1.0)


@builtin("float8_corr")
def float8_corr(state: list):
    n, sx, sxx, sy, syy, sxy = state
    if n < 1.0 or sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


@builtin("float8_regr_r2")
def float8_regr_r2(state: list):
    n, sx, sxx, sy, syy, sxy = state
    if n < 1.0 or sxx == 0:
        return None
    if syy == 0:
        return 1.0
    return (sxy * sxy) / (sxx * syy)


@builtin("float8_regr_slope")
def float8_regr_slope(state: list):
    n, sx, sxx, sy, syy, sxy = state
    if n < 1.0 or sxx == 0:
        return None
    return sxy / sxx


@builtin("float8_regr_intercept")
def float8_regr_intercept(state: list):
    n, sx, sxx, sy, syy, sxy = state
    if n < 1.0 or sxx == 0:
        return None
    return (sy - sx * sxy / sxx) / n

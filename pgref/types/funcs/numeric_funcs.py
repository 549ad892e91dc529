"""numeric: exact decimal arithmetic with PostgreSQL's result-scale rules.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"numeric").  This is PostgreSQL's ``numeric.c`` re-derived.  A numeric datum
is a ``decimal.Decimal`` whose exponent is the display scale (dscale), plus
NaN, +Infinity and -Infinity (types/values.py).  Internally every finite value
is handled as an exact integer pair ``(c, s)`` meaning ``c / 10**s``, so +, -
and * are exact and every rounding is an explicit integer rounding, half away
from zero, exactly like PostgreSQL's ``round_var`` (INV-FUNCS-7).

Result scales (INV-FUNCS-8):

    a + b, a - b          max(dscale a, dscale b)
    a * b                 dscale a + dscale b (capped at 16383)
    a / b                 select_div_scale: enough digits for 16 significant
                          digits, at least either input's dscale, <= 1000
    a % b                 max(dscale a, dscale b)
    sqrt, exp, ln, log,   at least 16 significant digits and at least the
    power                 input's dscale (each with PostgreSQL's estimate of
                          the result's decimal weight)

PostgreSQL computes in base 10000 ("NBASE"); where its scale rules depend on
base-10000 digits (select_div_scale, estimate_ln_dweight) the helper
``_nbase_digits`` recovers them from the decimal value.

Comparison (INV-FUNCS-6): NaN equals NaN and sorts above +Infinity; values
that differ only in display scale are equal.
"""
from __future__ import annotations

import sys

import decimal
import math
from decimal import Decimal

from pgref.errors import (FEATURE_NOT_SUPPORTED, INVALID_ARGUMENT_FOR_LOG,
                          INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                          INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                          INVALID_PARAMETER_VALUE, NUMERIC_VALUE_OUT_OF_RANGE, PgError)
from pgref.types.fmgr import builtin

from ._common import INT4, INT8, division_by_zero, int_range

NAN = Decimal("NaN")
PINF = Decimal("Infinity")
NINF = Decimal("-Infinity")

MIN_SIG_DIGITS = 16
MAX_DISPLAY_SCALE = 1000
MAX_RESULT_SCALE = 2000
DSCALE_MAX = 0x3FFF
DEC_DIGITS = 4


_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def ndigits(a: int) -> int:
    """Number of decimal digits of |a| (1 for 0), without str(): Python
    limits int->str conversion of very long integers."""
    a = abs(a)
    if a < 10 ** 18:
        return len(str(a))
    d = int(a.bit_length() * 0.30102999566398120)
    p = 10 ** d
    while p <= a:
        d += 1
        p *= 10
    while d > 1 and p // 10 > a:
        d -= 1
        p //= 10
    return d


def overflow() -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")


# ---- conversion between Decimal and the exact (c, s) pair -------------------

# numeric has up to 147455 digits; Python refuses str<->int conversions of
# more than 4300 unless told otherwise (engine/boot.py does it too)
sys.set_int_max_str_digits(0)


def split(d: Decimal) -> tuple[int, int]:
    """A finite Decimal as (coefficient, scale): value = c / 10**s, s >= 0."""
    # from the digit tuple: int(Decimal) is quadratic in the digit count and
    # dominated numeric's huge-value tests (10 ^ 131071)
    sign, digits, exp = d.as_tuple()
    c = int("".join(map(str, digits))) if len(digits) > 1 else (digits[0] if digits else 0)
    if sign:
        c = -c
    if exp > 0:
        return c * 10 ** exp, 0
    return c, -exp


def make(c: int, s: int) -> Decimal:
    """The datum for c / 10**s with display scale s; never negative zero.
    Raises 22003 when the value is outside numeric's range."""
    if s > DSCALE_MAX:
        c, s = rescale(c, s, DSCALE_MAX), DSCALE_MAX
    if c != 0:
        dweight = ndigits(c) - 1 - s
        if dweight // DEC_DIGITS > 32767:
            raise overflow()
    return _EXACT.scaleb(Decimal(c), -s)


def rescale(c: int, s: int, new_s: int) -> int:
    """c / 10**s expressed at scale new_s, rounding half away from zero."""
    if new_s >= s:
        return c * 10 ** (new_s - s)
    return round_div(c, 10 ** (s - new_s))


def trunc_scale(c: int, s: int, new_s: int) -> int:
    if new_s >= s:
        return c * 10 ** (new_s - s)
    q = abs(c) // 10 ** (s - new_s)
    return q if c >= 0 else -q


def round_div(n: int, d: int) -> int:
    """n / d rounded half away from zero (d != 0)."""
    if d < 0:
        n, d = -n, -d
    q = (2 * abs(n) + d) // (2 * d)
    return q if n >= 0 else -q


def div_round(c1: int, s1: int, c2: int, s2: int, rscale: int) -> int:
    """(c1/10^s1) / (c2/10^s2) at scale rscale, rounded half away from zero."""
    num = c1 * 10 ** (s2 + rscale)
    den = c2 * 10 ** s1
    return round_div(num, den)


def div_trunc(c1: int, s1: int, c2: int, s2: int) -> int:
    num = c1 * 10 ** s2
    den = c2 * 10 ** s1
    q = abs(num) // abs(den)
    return q if (num >= 0) == (den >= 0) else -q


def is_special(d: Decimal) -> bool:
    return not d.is_finite()


def dscale(d: Decimal) -> int:
    return max(0, -d.as_tuple().exponent)


def sign_of(d: Decimal) -> int:
    if d.is_nan():
        return 0
    if d.is_zero():
        return 0
    return -1 if d.is_signed() else 1


def _nbase_digits(c: int, s: int) -> tuple[int, int, int | None]:
    """PostgreSQL's view of a nonzero value: (weight, digits[0], digits[1]
    or None when there is no further nonzero base-10000 digit)."""
    a = abs(c)
    dweight = ndigits(a) - 1 - s
    weight = dweight // DEC_DIGITS
    shift = s + DEC_DIGITS * weight            # a / 10**shift = |v| / NBASE**weight
    if shift >= 0:
        first, rest = divmod(a, 10 ** shift)
        rest_scale = shift
    else:
        first, rest, rest_scale = a * 10 ** (-shift), 0, 0
    second = None
    if rest:
        second = (rest * 10 ** DEC_DIGITS) // 10 ** rest_scale
    return weight, first, second


# ---- comparison ------------------------------------------------------------------

def cmp(a: Decimal, b: Decimal) -> int:
    """cmp_numerics (INV-FUNCS-6)."""
    if a.is_nan():
        return 0 if b.is_nan() else 1
    if b.is_nan():
        return -1
    return (a > b) - (a < b)


builtin("numeric_eq")(lambda a, b: cmp(a, b) == 0)
builtin("numeric_ne")(lambda a, b: cmp(a, b) != 0)
builtin("numeric_lt")(lambda a, b: cmp(a, b) < 0)
builtin("numeric_le")(lambda a, b: cmp(a, b) <= 0)
builtin("numeric_gt")(lambda a, b: cmp(a, b) > 0)
builtin("numeric_ge")(lambda a, b: cmp(a, b) >= 0)
builtin("numeric_cmp")(cmp)
builtin("numeric_larger")(lambda a, b: a if cmp(a, b) > 0 else b)
builtin("numeric_smaller")(lambda a, b: a if cmp(a, b) < 0 else b)


# ---- arithmetic ----------------------------------------------------------------------

@builtin("numeric_add")
def numeric_add(a: Decimal, b: Decimal) -> Decimal:
    if is_special(a) or is_special(b):
        if a.is_nan() or b.is_nan():
            return NAN
        if a.is_infinite() and b.is_infinite():
            return a if a == b else NAN
        return a if a.is_infinite() else b
    c1, s1 = split(a)
    c2, s2 = split(b)
    s = max(s1, s2)
    return make(c1 * 10 ** (s - s1) + c2 * 10 ** (s - s2), s)


@builtin("numeric_sub")
def numeric_sub(a: Decimal, b: Decimal) -> Decimal:
    if is_special(b):
        if b.is_nan():
            return NAN
        b = NINF if b == PINF else PINF
        return numeric_add(a, b)
    return numeric_add(a, b.copy_negate() if not b.is_zero() else b)


@builtin("numeric_mul")
def numeric_mul(a: Decimal, b: Decimal) -> Decimal:
    if is_special(a) or is_special(b):
        if a.is_nan() or b.is_nan():
            return NAN
        sa, sb = sign_of(a), sign_of(b)
        if sa == 0 or sb == 0:
            return NAN                        # Inf * 0
        return PINF if sa * sb > 0 else NINF
    c1, s1 = split(a)
    c2, s2 = split(b)
    return make(c1 * c2, s1 + s2)


def select_div_scale(c1: int, s1: int, c2: int, s2: int) -> int:
    """PostgreSQL's select_div_scale (INV-FUNCS-8)."""
    w1, f1 = (0, 0) if c1 == 0 else _nbase_digits(c1, s1)[:2]
    w2, f2 = (0, 0) if c2 == 0 else _nbase_digits(c2, s2)[:2]
    qweight = w1 - w2
    if f1 <= f2:
        qweight -= 1
    rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS
    rscale = max(rscale, s1, s2, 0)
    return min(rscale, MAX_DISPLAY_SCALE)


def _div_special(a: Decimal, b: Decimal) -> Decimal:
    if a.is_nan() or b.is_nan():
        return NAN
    if a.is_infinite():
        if b.is_infinite():
            return NAN
        sb = sign_of(b)
        if sb == 0:
            division_by_zero()
        return a if sb > 0 else -a
    return Decimal(0)              # finite / infinity


@builtin("numeric_div")
def numeric_div(a: Decimal, b: Decimal) -> Decimal:
    if is_special(a) or is_special(b):
        return _div_special(a, b)
    c1, s1 = split(a)
    c2, s2 = split(b)
    if c2 == 0:
        division_by_zero()
    rscale = select_div_scale(c1, s1, c2, s2)
    return make(div_round(c1, s1, c2, s2, rscale), rscale)


@builtin("numeric_div_trunc")
def numeric_div_trunc(a: Decimal, b: Decimal) -> Decimal:
    if is_special(a) or is_special(b):
        return _div_special(a, b)
    c1, s1 = split(a)
    c2, s2 = split(b)
    if c2 == 0:
        division_by_zero()
    return make(div_trunc(c1, s1, c2, s2), 0)


@builtin("numeric_mod")
def numeric_mod(a: Decimal, b: Decimal) -> Decimal:
    if is_special(a) or is_special(b):
        if a.is_nan() or b.is_nan():
            return NAN
        if a.is_infinite():
            if sign_of(b) == 0:
                division_by_zero()
            return NAN
        return a
    c1, s1 = split(a)
    c2, s2 = split(b)
    if c2 == 0:
        division_by_zero()
    s = max(s1, s2)
    q = div_trunc(c1, s1, c2, s2)
    return make(c1 * 10 ** (s - s1) - q * c2 * 10 ** (s - s2), s)


@builtin("numeric_inc")
def numeric_inc(a: Decimal) -> Decimal:
    return numeric_add(a, Decimal(1))


@builtin("numeric_uminus")
def numeric_uminus(a: Decimal) -> Decimal:
    if a.is_nan():
        return a
    if a.is_zero():
        return make(0, dscale(a))
    return a.copy_negate()


@builtin("numeric_uplus")
def numeric_uplus(a: Decimal) -> Decimal:
    return a


@builtin("numeric_abs")
def numeric_abs(a: Decimal) -> Decimal:
    if a.is_nan():
        return a
    return a.copy_abs()


@builtin("numeric_sign")
def numeric_sign(a: Decimal) -> Decimal:
    if a.is_nan():
        return NAN
    return Decimal(sign_of(a))


# ---- rounding --------------------------------------------------------------------------

def _clamp_scale(scale: int) -> int:
    return max(-MAX_RESULT_SCALE, min(MAX_RESULT_SCALE, scale))


@builtin("numeric_round")
def numeric_round(a: Decimal, scale: int) -> Decimal:
    if is_special(a):
        return a
    scale = _clamp_scale(scale)
    c, s = split(a)
    if scale >= 0:
        return make(rescale(c, s, scale), scale)
    q = round_div(c, 10 ** (s - scale))
    return make(q * 10 ** (-scale), 0)


@builtin("numeric_trunc")
def numeric_trunc(a: Decimal, scale: int) -> Decimal:
    if is_special(a):
        return a
    scale = _clamp_scale(scale)
    c, s = split(a)
    if scale >= 0:
        return make(trunc_scale(c, s, scale), scale)
    q = _tdiv(c, 10 ** (s - scale))
    return make(q * 10 ** (-scale), 0)


def _tdiv(n: int, d: int) -> int:
    q = abs(n) // d
    return q if n >= 0 else -q


@builtin("numeric_ceil")
def numeric_ceil(a: Decimal) -> Decimal:
    if is_special(a):
        return a
    c, s = split(a)
    return make(-((-c) // 10 ** s), 0)


@builtin("numeric_floor")
def numeric_floor(a: Decimal) -> Decimal:
    if is_special(a):
        return a
    c, s = split(a)
    return make(c // 10 ** s, 0)


@builtin("numeric_scale")
def numeric_scale(a: Decimal) -> int | None:
    return None if is_special(a) else dscale(a)


@builtin("numeric_min_scale")
def numeric_min_scale(a: Decimal) -> int | None:
    if is_special(a):
        return None
    c, s = split(a)
    while s > 0 and c % 10 == 0:
        c //= 10
        s -= 1
    return s


@builtin("numeric_trim_scale")
def numeric_trim_scale(a: Decimal) -> Decimal:
    if is_special(a):
        return a
    c, s = split(a)
    while s > 0 and c % 10 == 0:
        c //= 10
        s -= 1
    return make(c, s)


# ---- typmod coercion: numeric(numeric, int4) -------------------------------------------

VARHDRSZ = 4


def typmod_precision_scale(typmod: int) -> tuple[int, int]:
    t = typmod - VARHDRSZ
    precision = (t >> 16) & 0xFFFF
    scale = ((t & 0x7FF) ^ 1024) - 1024
    return precision, scale


def apply_typmod(a: Decimal, typmod: int) -> Decimal:
    """numeric(p, s) coercion: round to s, then require |value| < 10^(p-s)
    (PostgreSQL's apply_typmod / apply_typmod_special)."""
    if typmod < VARHDRSZ:
        return a
    precision, scale = typmod_precision_scale(typmod)
    if is_special(a):
        if a.is_nan():
            return a
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                      detail=f"A field with precision {precision}, scale {scale} "
                             "cannot hold an infinite value.")
    maxdigits = precision - scale
    c, s = split(a)
    if scale >= 0:
        c2, s2 = rescale(c, s, scale), scale
    else:
        c2, s2 = round_div(c, 10 ** (s - scale)) * 10 ** (-scale), 0
    if c2 != 0:
        intdigits = ndigits(c2) - s2     # digits before the point
        if intdigits > maxdigits:
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                          detail=f"A field with precision {precision}, scale {scale} "
                                 "must round to an absolute value less than "
                                 + (f"10^{maxdigits}" if maxdigits else "1") + ".")
    return make(c2, s2)


builtin("numeric")(apply_typmod)


# ---- sqrt, exp, ln, log, power ---------------------------------------------------------

def _ctx(prec: int) -> decimal.Context:
    return decimal.Context(prec=max(prec, 28), rounding=decimal.ROUND_HALF_EVEN,
                           Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _to_scale(d: Decimal, rscale: int) -> Decimal:
    """Round an (approximate, high-precision) Decimal to rscale, half away
    from zero, as the datum."""
    c, s = split(d)
    return make(rescale(c, s, rscale), rscale)


def _weight(c: int, s: int) -> int:
    return 0 if c == 0 else _nbase_digits(c, s)[0]


@builtin("numeric_sqrt")
def numeric_sqrt(a: Decimal) -> Decimal:
    if is_special(a):
        if a.is_nan() or a == PINF:
            return a
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "cannot take square root of a negative number")
    if a < 0:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "cannot take square root of a negative number")
    c, s = split(a)
    sweight = (_weight(c, s) + 1) * DEC_DIGITS // 2 - 1
    rscale = max(MIN_SIG_DIGITS - sweight, s, 0)
    rscale = min(rscale, MAX_DISPLAY_SCALE)
    return make(_isqrt_round(c, s, rscale), rscale)


def _isqrt_round(c: int, s: int, rscale: int) -> int:
    """sqrt(c / 10**s) at scale rscale, rounded half away from zero; exact,
    via an integer square root one digit beyond rscale
    (floor(sqrt(floor(x))) == floor(sqrt(x)) for x >= 0)."""
    e = 2 * rscale + 2 - s
    n = c * 10 ** e if e >= 0 else c // 10 ** (-e)
    return (math.isqrt(n) + 5) // 10


def estimate_ln_dweight(c: int, s: int) -> int:
    """PostgreSQL's estimate of the decimal weight of ln(c / 10**s)."""
    if c <= 0:
        return 0
    # 0.9 <= v <= 1.1  <=>  9 * 10**(s-1) <= c <= 11 * 10**(s-1)
    if 9 * 10 ** s <= 10 * c <= 11 * 10 ** s:
        x = c - 10 ** s
        if x == 0:
            return 0
        return ndigits(x) - 1 - s
    weight, first, second = _nbase_digits(c, s)
    digits = first
    dweight = weight * DEC_DIGITS
    if second is not None:
        digits = digits * 10000 + second
        dweight -= DEC_DIGITS
    ln_var = math.log(digits) + dweight * 2.302585092994046
    return int(math.log10(abs(ln_var)))


def _check_ln_arg(c: int) -> None:
    if c == 0:
        raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of zero")
    if c < 0:
        raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number")


def _dec(c: int, s: int) -> Decimal:
    return _EXACT.scaleb(Decimal(c), -s)


@builtin("numeric_ln")
def numeric_ln(a: Decimal) -> Decimal:
    if is_special(a):
        if a == NINF:
            raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number")
        return a
    c, s = split(a)
    _check_ln_arg(c)
    ln_dweight = estimate_ln_dweight(c, s)
    rscale = min(max(MIN_SIG_DIGITS - ln_dweight, s, 0), MAX_DISPLAY_SCALE)
    ctx = _ctx(rscale + max(ln_dweight, 0) + 12)
    return _to_scale(_dec(c, s).ln(ctx), rscale)


@builtin("numeric_log")
def numeric_log(base: Decimal, num: Decimal) -> Decimal:
    if is_special(base) or is_special(num):
        if base.is_nan() or num.is_nan():
            return NAN
        s1, s2 = sign_of(base), sign_of(num)
        if s1 < 0 or s2 < 0:
            raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number")
        if s1 == 0 or s2 == 0:
            raise PgError(INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of zero")
        if base == PINF:
            return NAN if num == PINF else Decimal(0)
        return PINF
    cb, sb = split(base)
    cn, sn = split(num)
    ln_base_dw = estimate_ln_dweight(cb, sb)
    ln_num_dw = estimate_ln_dweight(cn, sn)
    result_dw = ln_num_dw - ln_base_dw
    rscale = min(max(MIN_SIG_DIGITS - result_dw, sb, sn, 0), MAX_DISPLAY_SCALE)
    _check_ln_arg(cb)
    _check_ln_arg(cn)
    if cb == 10 ** sb:                        # ln(1) = 0
        division_by_zero()
    ctx = _ctx(rscale + abs(result_dw) + abs(ln_base_dw) + abs(ln_num_dw) + 12)
    r = ctx.divide(_dec(cn, sn).ln(ctx), _dec(cb, sb).ln(ctx))
    return _to_scale(r, rscale)


@builtin("numeric_exp")
def numeric_exp(a: Decimal) -> Decimal:
    if is_special(a):
        if a.is_nan() or a == PINF:
            return a
        return Decimal(0)
    c, s = split(a)
    val = float(a) * 0.434294481903252
    val = max(-MAX_RESULT_SCALE, min(MAX_RESULT_SCALE, val))
    rscale = min(max(MIN_SIG_DIGITS - int(val), s, 0), MAX_DISPLAY_SCALE)
    return _exp_to_scale(_dec(c, s), float(a), rscale)


def _exp_to_scale(x: Decimal, xf: float, rscale: int) -> Decimal:
    """exp(x) rounded to rscale, with exp_var's overflow guard."""
    if abs(xf) >= MAX_RESULT_SCALE * 3:
        if xf > 0:
            raise overflow()
        return make(0, rscale)
    dweight = int(xf * 0.434294481903252)
    ctx = _ctx(rscale + max(dweight, 0) + 12)
    if rscale + dweight + 2 < 0:
        return make(0, rscale)
    return _to_scale(x.exp(ctx), rscale)


def _is_integral(c: int, s: int) -> bool:
    return c % 10 ** s == 0


@builtin("numeric_power")
def numeric_power(x: Decimal, y: Decimal) -> Decimal:
    if is_special(x) or is_special(y):
        return _power_special(x, y)
    sx, sy = sign_of(x), sign_of(y)
    if sx == 0 and sy < 0:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "zero raised to a negative power is undefined")
    cx, scx = split(x)
    cy, scy = split(y)
    if _is_integral(cy, scy):
        e = cy // 10 ** scy
        if -2 ** 31 <= e < 2 ** 31:
            return _power_int(cx, scx, e, scy)
    if cx == 0:
        return make(0, MIN_SIG_DIGITS)
    if cx < 0:
        if not _is_integral(cy, scy):
            raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                          "a negative number raised to a non-integer power yields a complex result")
        neg = (cy // 10 ** scy) % 2 == 1
    else:
        neg = False
    absx = _dec(abs(cx), scx)
    ydec = _dec(cy, scy)
    # initial low-precision estimate of y * ln(|x|)
    lo = _ctx(30)
    val = float(lo.multiply(ydec, absx.ln(lo)))
    if abs(val) > MAX_RESULT_SCALE * 3.01:
        if val > 0:
            raise overflow()
        return make(0, MAX_DISPLAY_SCALE)
    dval = val * 0.434294481903252
    rscale = min(max(MIN_SIG_DIGITS - int(dval), scx, scy, 0), MAX_DISPLAY_SCALE)
    ctx = _ctx(rscale + max(int(dval), 0) + ndigits(cy) + 15)
    arg = ctx.multiply(ydec, absx.ln(ctx))
    r = _exp_to_scale(arg, float(arg), rscale)
    return r.copy_negate() if neg and not r.is_zero() else r


def _power_int(cx: int, scx: int, e: int, exp_dscale: int) -> Decimal:
    """power_var_int: base ** e for an exponent that fits int32.  PostgreSQL
    15 uses rscale = max(16, base dscale) here; the result is the exact
    power rounded to that scale."""
    rscale = min(max(MIN_SIG_DIGITS, scx, 0), MAX_DISPLAY_SCALE)
    if e == 0:
        return make(10 ** rscale, rscale)
    if cx == 0:
        return make(0, rscale)
    a = abs(cx)
    nd = ndigits(a)
    lg = (math.log10(a) if nd < 300 else math.log10(a >> (a.bit_length() - 60))
          + (a.bit_length() - 60) * math.log10(2)) - scx
    f = e * lg                      # approximate decimal weight of the result
    if f > 32768 * DEC_DIGITS:
        raise overflow()
    if f + 1 < -rscale:
        return make(0, rscale)
    if abs(e) * nd <= 20000:
        # exact power, then one rounding
        if e > 0:
            return make(rescale(cx ** e, scx * e, rscale), rscale)
        n = -e
        return make(round_div(10 ** (scx * n + rscale), cx ** n), rscale)
    # too long to compute exactly: enough working digits for rscale
    ctx = _ctx(rscale + max(int(f), 0) + 20)
    return _to_scale(ctx.power(_dec(cx, scx), e), rscale)


def _power_special(x: Decimal, y: Decimal) -> Decimal:
    if x.is_nan():
        if not is_special(y) and y.is_zero():
            return Decimal(1)
        return NAN
    if y.is_nan():
        if not is_special(x) and x == 1:
            return Decimal(1)
        return NAN
    sx, sy = sign_of(x), sign_of(y)
    if sx == 0 and sy < 0:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "zero raised to a negative power is undefined")
    y_integral = y.is_infinite() or _is_integral(*split(y))
    if sx < 0 and not y_integral:
        raise PgError(INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                      "a negative number raised to a non-integer power yields a complex result")
    if not is_special(x) and x == 1:
        return Decimal(1)
    if sy == 0:
        return Decimal(1)
    if sx == 0 and sy > 0:
        return Decimal(0)
    if y.is_infinite():
        if is_special(x):
            gt_one = True
        else:
            if x == -1:
                return Decimal(1)
            gt_one = abs(x) > 1
        return PINF if gt_one == (sy > 0) else Decimal(0)
    if x == PINF:
        return PINF if sy > 0 else Decimal(0)
    if sy < 0:
        return Decimal(0)
    c, s = split(y)
    odd = _is_integral(c, s) and (c // 10 ** s) % 2 == 1
    return NINF if odd else PINF


# ---- factorial, gcd, lcm, width_bucket ----------------------------------------------------

@builtin("numeric_fac")
def numeric_fac(n: int) -> Decimal:
    if n < 0:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "factorial of a negative number is undefined")
    if n <= 1:
        return Decimal(1)
    if n > 32177:
        raise overflow()
    return make(math.factorial(n), 0)


def _gcd_lcm(a: Decimal, b: Decimal, lcm: bool) -> Decimal:
    if is_special(a) or is_special(b):
        return NAN
    c1, s1 = split(a)
    c2, s2 = split(b)
    s = max(s1, s2)
    i1, i2 = c1 * 10 ** (s - s1), c2 * 10 ** (s - s2)
    g = math.gcd(i1, i2)
    if not lcm:
        return make(g, s)
    if i1 == 0 or i2 == 0:
        return make(0, s)
    return make(abs(i1 // g * i2), s)


builtin("numeric_gcd")(lambda a, b: _gcd_lcm(a, b, False))
builtin("numeric_lcm")(lambda a, b: _gcd_lcm(a, b, True))


@builtin("width_bucket_numeric")
def width_bucket_numeric(op: Decimal, b1: Decimal, b2: Decimal, count: int) -> int:
    if count <= 0:
        raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                      "count must be greater than zero")
    if is_special(op) or is_special(b1) or is_special(b2):
        if op.is_nan() or b1.is_nan() or b2.is_nan():
            raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                          "operand, lower bound, and upper bound cannot be NaN")
        if b1.is_infinite() or b2.is_infinite():
            raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                          "lower and upper bounds must be finite")
    order = cmp(b1, b2)
    if order == 0:
        raise PgError(INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                      "lower bound cannot equal upper bound")
    if order < 0:
        if cmp(op, b1) < 0:
            return 0
        if cmp(op, b2) >= 0:
            return int_range(count + 1, INT4)
        num, den = numeric_sub(op, b1), numeric_sub(b2, b1)
    else:
        if cmp(op, b1) > 0:
            return 0
        if cmp(op, b2) <= 0:
            return int_range(count + 1, INT4)
        num, den = numeric_sub(b1, op), numeric_sub(b1, b2)
    cn, sn = split(num)
    cd, sd = split(den)
    return int_range(div_trunc(cn * count, sn, cd, sd) + 1, INT4)


# ---- casts to and from numeric -------------------------------------------------------------

builtin("int4_numeric", "int2_numeric", "int8_numeric")(lambda i: Decimal(i))

_INT_NAMES = {"int2": ("smallint", (-(2 ** 15), 2 ** 15 - 1, "smallint out of range")),
              "int4": ("integer", INT4), "int8": ("bigint", INT8)}


def _numeric_to_int(a: Decimal, typname: str) -> int:
    word, rng = _INT_NAMES[typname]
    if a.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot convert NaN to {word}")
    if a.is_infinite():
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot convert infinity to {word}")
    c, s = split(a)
    return int_range(round_div(c, 10 ** s), rng)


builtin("numeric_int2")(lambda a: _numeric_to_int(a, "int2"))
builtin("numeric_int4")(lambda a: _numeric_to_int(a, "int4"))
builtin("numeric_int8")(lambda a: _numeric_to_int(a, "int8"))


def _float_to_numeric(x: float, digits: int) -> Decimal:
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return PINF if x > 0 else NINF
    c, s = split(Decimal(f"{x:.{digits}g}"))
    return make(c, s)


builtin("float8_numeric")(lambda x: _float_to_numeric(x, 15))
builtin("float4_numeric")(lambda x: _float_to_numeric(x, 6))


def numeric_text(a: Decimal) -> str:
    """numeric_out's text (no exponent), used in error messages here."""
    if a.is_nan():
        return "NaN"
    if a.is_infinite():
        return "-Infinity" if a < 0 else "Infinity"
    return format(a, "f")


@builtin("numeric_float8")
def numeric_float8(a: Decimal) -> float:
    if is_special(a):
        return float(a)
    r = float(a)
    if math.isinf(r) or (r == 0.0 and not a.is_zero()):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f"\"{numeric_text(a)}\" is out of range for type double precision")
    return r


@builtin("numeric_float4")
def numeric_float4(a: Decimal) -> float:
    from ._common import f4
    if is_special(a):
        return float(a)
    r = f4(float(a))
    if math.isinf(r) or (r == 0.0 and not a.is_zero()):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f"\"{numeric_text(a)}\" is out of range for type real")
    return r


# ---- aggregate support (transition state: NumericAggState, "internal") -----------------------

class NumericAggState:
    """PostgreSQL's NumericAggState / PolyNumAggState in one: exact sums of
    the finite inputs, their largest display scale, and counts of NaN and
    infinite inputs."""
    __slots__ = ("n", "sum_c", "sum2_c", "scale", "nan", "pinf", "ninf", "calc_sum2")

    def __init__(self, calc_sum2: bool):
        self.n = 0
        self.sum_c = 0          # sum of X at self.scale
        self.sum2_c = 0         # sum of X*X at 2*self.scale
        self.scale = 0
        self.nan = self.pinf = self.ninf = 0
        self.calc_sum2 = calc_sum2

    def add(self, x: Decimal) -> None:
        if x.is_nan():
            self.nan += 1
            return
        if x.is_infinite():
            if x > 0:
                self.pinf += 1
            else:
                self.ninf += 1
            return
        c, s = split(x)
        if s > self.scale:
            k = s - self.scale
            self.sum_c *= 10 ** k
            self.sum2_c *= 10 ** (2 * k)
            self.scale = s
        c = c * 10 ** (self.scale - s)
        self.n += 1
        self.sum_c += c
        if self.calc_sum2:
            self.sum2_c += c * c

    def add_int(self, i: int) -> None:
        c = i * 10 ** self.scale
        self.n += 1
        self.sum_c += c
        if self.calc_sum2:
            self.sum2_c += c * c

    @property
    def total(self) -> int:
        return self.n + self.nan + self.pinf + self.ninf


def _accum(calc_sum2: bool, is_int: bool):
    def trans(state: NumericAggState | None, x) -> NumericAggState | None:
        if state is None:
            state = NumericAggState(calc_sum2)
        if x is not None:
            if is_int:
                state.add_int(x)
            else:
                state.add(x)
        return state
    return trans


builtin("numeric_accum")(_accum(True, False))
builtin("numeric_avg_accum")(_accum(False, False))
builtin("int2_accum", "int4_accum", "int8_accum")(_accum(True, True))
builtin("int8_avg_accum")(_accum(False, True))


def _special_result(st: NumericAggState) -> Decimal | None:
    if st.nan > 0 or (st.pinf > 0 and st.ninf > 0):
        return NAN
    if st.pinf > 0:
        return PINF
    if st.ninf > 0:
        return NINF
    return None


@builtin("numeric_sum", "numeric_poly_sum")
def numeric_sum(st: NumericAggState | None) -> Decimal | None:
    if st is None or st.total == 0:
        return None
    sp = _special_result(st)
    return sp if sp is not None else make(st.sum_c, st.scale)


@builtin("numeric_avg", "numeric_poly_avg")
def numeric_avg(st: NumericAggState | None) -> Decimal | None:
    if st is None or st.total == 0:
        return None
    sp = _special_result(st)
    if sp is not None:
        return sp
    return numeric_div(make(st.sum_c, st.scale), Decimal(st.n))


def _stddev(st: NumericAggState | None, variance: bool, sample: bool) -> Decimal | None:
    if st is None or st.total == 0:
        return None
    if sample and st.total <= 1:
        return None
    if st.nan or st.pinf or st.ninf:
        return NAN
    n, s = st.n, st.scale
    # numerator N*sumX2 - sumX^2 at scale 2s; denominator N*(N-1) or N*N
    num = n * st.sum2_c - st.sum_c * st.sum_c
    if num <= 0:
        return Decimal(0)
    den = n * (n - 1) if sample else n * n
    rscale = select_div_scale(num, 2 * s, den, 0)
    q = div_round(num, 2 * s, den, 0, rscale)
    if variance:
        return make(q, rscale)
    return make(_isqrt_round(q, rscale, rscale), rscale)


for _names, _var, _samp in (
        (("numeric_var_samp", "numeric_poly_var_samp"), True, True),
        (("numeric_var_pop", "numeric_poly_var_pop"), True, False),
        (("numeric_stddev_samp", "numeric_poly_stddev_samp"), False, True),
        (("numeric_stddev_pop", "numeric_poly_stddev_pop"), False, False)):
    builtin(*_names)(lambda st, _v=_var, _s=_samp: _stddev(st, _v, _s))


def _int_sum(state: int | None, x: int | None) -> int | None:
    """int2_sum / int4_sum: sum(int2|int4) -> int8 (non-strict transition)."""
    if state is None:
        return x
    if x is None:
        return state
    return int_range(state + x, INT8)


builtin("int2_sum", "int4_sum")(_int_sum)


@builtin("int8_sum")
def int8_sum(state: Decimal | None, x: int | None) -> Decimal | None:
    if state is None:
        return None if x is None else Decimal(x)
    if x is None:
        return state
    return numeric_add(state, Decimal(x))


def _int_avg_accum(state: list, x: int) -> list:
    """int2_avg_accum / int4_avg_accum: state is int8[] {count, sum}."""
    return [state[0] + 1, state[1] + x]


builtin("int2_avg_accum", "int4_avg_accum")(_int_avg_accum)


@builtin("int8_avg")
def int8_avg(state: list) -> Decimal | None:
    count, total = state[0], state[1]
    if count == 0:
        return None
    return numeric_div(Decimal(total), Decimal(count))


# ---- generate_series(numeric, numeric[, numeric]) ------------------------------------------

@builtin("generate_series_numeric", "generate_series_step_numeric")
def generate_series_numeric(start: Decimal, stop: Decimal, step: Decimal = Decimal(1)):
    if start.is_nan() or stop.is_nan() or step.is_nan():
        raise PgError(INVALID_PARAMETER_VALUE, "start value cannot be NaN" if start.is_nan()
                      else ("stop value cannot be NaN" if stop.is_nan() else "step size cannot be NaN"))
    if start.is_infinite():
        raise PgError(INVALID_PARAMETER_VALUE, "start value cannot be infinity")
    if stop.is_infinite():
        raise PgError(INVALID_PARAMETER_VALUE, "stop value cannot be infinity")
    if step.is_infinite():
        raise PgError(INVALID_PARAMETER_VALUE, "step size cannot be infinity")
    if step.is_zero():
        raise PgError(INVALID_PARAMETER_VALUE, "step size cannot equal zero")

    def gen():
        # the running value is PostgreSQL's NumericVar: exact and unbounded,
        # only the values returned are numeric datums (the step past a stop
        # near numeric's limit must not overflow)
        c1, s1 = split(start)
        c2, s2 = split(step)
        sc = max(s1, s2)
        cur, inc = c1 * 10 ** (sc - s1), c2 * 10 ** (sc - s2)
        cs, ss = split(stop)
        limit = cs * 10 ** (sc - ss) if ss <= sc else None
        while True:
            if limit is not None:
                if (inc > 0 and cur > limit) or (inc < 0 and cur < limit):
                    return
            else:
                value = make(cur, sc)
                if (inc > 0 and value > stop) or (inc < 0 and value < stop):
                    return
            yield make(cur, sc)
            cur += inc
    return gen()

"""numeric: exact decimal arithmetic with PostgreSQL's result-scale rules.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"numeric").  This is PostgreSQL's ``numeric.c`` re-derived.  A numeric datum
is a ``decimal.Decimal`` whose exponent is the display scale (dscale), plus
NaN, +Infinity and -Infinity (types/values.py).

Two exact representations do the work.  The arithmetic that dominates real
use -- +, -, *, /, %, div, round, trunc, ceil, floor, trim_scale, the
aggregates' sums -- runs on the Decimals themselves in ``_EXACT``, a context
with the largest precision libmpdec allows, so no operation ever rounds
implicitly; every rounding is an explicit ``quantize`` half away from zero
(ROUND_HALF_UP) or toward zero, exactly like PostgreSQL's ``round_var`` and
``trunc_var`` (INV-FUNCS-7).  ``finish`` is make_result(): dscale above
NUMERIC_DSCALE_MAX rounds to it, negative zero becomes zero, a weight above
NUMERIC_WEIGHT_MAX raises "value overflows numeric format".  Code that is
clearer on integers (ln/log/exp/power scale estimates, gcd/lcm, factorial,
generate_series) uses the pair ``(c, s)`` meaning ``c / 10**s`` from
``split``/``make``, which convert by divide and conquer: CPython 3.11's own
int <-> Decimal conversions are quadratic and took seconds on the 131072-digit
values of the regression tests.

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

# CPython 3.11 converts between int and Decimal (and int and str) in time
# quadratic in the digit count: 131072 digits take about a second each way.
# Values that long are converted by divide and conquer instead (splitting at
# a power of ten, or of two, and joining with one big multiplication), which
# is subquadratic; shorter ones use the builtin conversions.
_SHORT_DIGITS = 3000
_SHORT_BITS = 10000
_POW10: dict[int, int] = {}
_POW2: dict[int, Decimal] = {}
_QUANT: dict[int, Decimal] = {}


def pow10(k: int) -> int:
    """10**k as an int, cached (the large powers recur: 10^131071 and kin)."""
    r = _POW10.get(k)
    if r is None:
        r = 10 ** k
        if k > 64:
            _POW10[k] = r
    return r


def quantum(scale: int) -> Decimal:
    """The Decimal 1E-scale, the quantize() target for a display scale."""
    q = _QUANT.get(scale)
    if q is None:
        q = _QUANT[scale] = Decimal((0, (1,), -scale))
    return q


def _dec_to_int(d: Decimal, n: int) -> int:
    """A non-negative integral Decimal of n digits as an int."""
    if n <= _SHORT_DIGITS:
        return int(d)
    k = n // 2
    hi = _EXACT.scaleb(d, -k).to_integral_value(rounding=decimal.ROUND_DOWN, context=_EXACT)
    lo = _EXACT.subtract(d, _EXACT.scaleb(hi, k))
    return _dec_to_int(hi, n - k) * pow10(k) + _dec_to_int(lo, k)


def int_to_dec(i: int) -> Decimal:
    """An int as an exact Decimal (exponent 0)."""
    if i.bit_length() <= _SHORT_BITS:
        return Decimal(i)
    neg = i < 0
    if neg:
        i = -i
    k = i.bit_length() // 2
    p = _POW2.get(k)
    if p is None:
        p = _POW2[k] = _EXACT.power(Decimal(2), k)
    r = _EXACT.fma(int_to_dec(i >> k), p, int_to_dec(i & ((1 << k) - 1)))
    return r.copy_negate() if neg else r


def split(d: Decimal) -> tuple[int, int]:
    """A finite Decimal as (coefficient, scale): value = c / 10**s, s >= 0."""
    sign, digits, exp = d.as_tuple()
    n = len(digits)
    if n <= _SHORT_DIGITS:
        c = int("".join(map(str, digits))) if n > 1 else (digits[0] if digits else 0)
    else:
        c = _dec_to_int(_EXACT.scaleb(d.copy_abs(), -exp), n)
    if sign:
        c = -c
    if exp > 0:
        return c * pow10(exp), 0
    return c, -exp


def make(c: int, s: int) -> Decimal:
    """The datum for c / 10**s with display scale s; never negative zero.
    Raises 22003 when the value is outside numeric's range."""
    return finish(_EXACT.scaleb(int_to_dec(c), -s))


def finish(d: Decimal) -> Decimal:
    """make_result() for an exact finite Decimal result: a display scale
    above NUMERIC_DSCALE_MAX is rounded to it (as numeric_mul does), an
    exponent above zero becomes scale 0, negative zero becomes zero, and a
    decimal weight beyond NUMERIC_WEIGHT_MAX raises 22003 (INV-TYPES-7)."""
    if d.is_zero():
        return Decimal(0) if d.as_tuple().exponent >= 0 else d.copy_abs()
    exp = d.as_tuple().exponent
    if exp < -DSCALE_MAX:
        d = d.quantize(quantum(DSCALE_MAX), rounding=decimal.ROUND_HALF_UP, context=_EXACT)
    elif exp > 0:
        if d.adjusted() // DEC_DIGITS > 32767:
            raise overflow()
        d = _EXACT.quantize(d, _ONE)
    if d.is_zero():
        return d.copy_abs()
    if d.adjusted() // DEC_DIGITS > 32767:
        raise overflow()
    return d


_ONE = Decimal(1)


def rescale(c: int, s: int, new_s: int) -> int:
    """c / 10**s expressed at scale new_s, rounding half away from zero."""
    if new_s >= s:
        return c * 10 ** (new_s - s)
    return round_div(c, 10 ** (s - new_s))



def round_div(n: int, d: int) -> int:
    """n / d rounded half away from zero (d != 0)."""
    if d < 0:
        n, d = -n, -d
    q = (2 * abs(n) + d) // (2 * d)
    return q if n >= 0 else -q



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
    # exact: the context holds every digit; the exponent is the smaller one,
    # i.e. the result's dscale is max(dscale a, dscale b)
    return finish(_EXACT.add(a, b))


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
    # exact product at dscale a + dscale b; finish() rounds a scale beyond
    # NUMERIC_DSCALE_MAX as numeric_mul does
    return finish(_EXACT.multiply(a, b))


def lead(d: Decimal) -> tuple[int, int]:
    """A finite Decimal's NumericVar weight and first base-10000 digit
    ((0, 0) for zero)."""
    if d.is_zero():
        return 0, 0
    weight = d.adjusted() // DEC_DIGITS
    top = _EXACT.scaleb(d.copy_abs(), -DEC_DIGITS * weight)
    return weight, int(top.to_integral_value(rounding=decimal.ROUND_DOWN, context=_EXACT))


def select_div_scale_dec(a: Decimal, b: Decimal) -> int:
    """select_div_scale for two finite Decimals."""
    w1, f1 = lead(a)
    w2, f2 = lead(b)
    return _div_scale(w1, f1, dscale(a), w2, f2, dscale(b))


def select_div_scale(c1: int, s1: int, c2: int, s2: int) -> int:
    """PostgreSQL's select_div_scale (INV-FUNCS-8)."""
    w1, f1 = (0, 0) if c1 == 0 else _nbase_digits(c1, s1)[:2]
    w2, f2 = (0, 0) if c2 == 0 else _nbase_digits(c2, s2)[:2]
    return _div_scale(w1, f1, s1, w2, f2, s2)


def _div_scale(w1: int, f1: int, s1: int, w2: int, f2: int, s2: int) -> int:
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
    if b.is_zero():
        division_by_zero()
    return div_dec(a, b, select_div_scale_dec(a, b))


def div_dec(a: Decimal, b: Decimal, rscale: int) -> Decimal:
    """a / b rounded half away from zero to rscale (b finite, nonzero): an
    exact integer quotient of a * 10**rscale by b and its remainder."""
    q, r = _EXACT.divmod(_EXACT.scaleb(a, rscale), b)
    if not r.is_zero() and _EXACT.add(r, r).copy_abs() >= b.copy_abs():
        q = _EXACT.add(q, -1 if a.is_signed() != b.is_signed() else 1)
    return finish(_EXACT.scaleb(q, -rscale))


@builtin("numeric_div_trunc")
def numeric_div_trunc(a: Decimal, b: Decimal) -> Decimal:
    if is_special(a) or is_special(b):
        return _div_special(a, b)
    if b.is_zero():
        division_by_zero()
    return finish(_EXACT.divide_int(a, b))


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
    if b.is_zero():
        division_by_zero()
    # Decimal's remainder truncates the quotient and keeps the dividend's
    # sign, like mod_var; its exponent gives dscale max(dscale a, dscale b)
    return finish(_EXACT.remainder(a, b))


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

# numeric_round / numeric_trunc limit the scale to what a numeric can hold:
# NUMERIC_DSCALE_MAX digits after the point, and one digit beyond the
# largest weight before it (the top digit may round up and overflow)
MIN_ROUND_SCALE = -(32767 + 1) * DEC_DIGITS - 1


def _clamp_scale(scale: int) -> int:
    return max(MIN_ROUND_SCALE, min(DSCALE_MAX, scale))


def _round_to(a: Decimal, scale: int, rounding: str) -> Decimal:
    """round_var / trunc_var at ``scale`` (negative: before the point); the
    result's dscale is max(scale, 0) (INV-FUNCS-7)."""
    scale = _clamp_scale(scale)
    r = a.quantize(quantum(scale), rounding=rounding, context=_EXACT)
    return finish(r)


@builtin("numeric_round")
def numeric_round(a: Decimal, scale: int) -> Decimal:
    if is_special(a):
        return a
    return _round_to(a, scale, decimal.ROUND_HALF_UP)


@builtin("numeric_trunc")
def numeric_trunc(a: Decimal, scale: int) -> Decimal:
    if is_special(a):
        return a
    return _round_to(a, scale, decimal.ROUND_DOWN)


@builtin("numeric_ceil")
def numeric_ceil(a: Decimal) -> Decimal:
    if is_special(a):
        return a
    return finish(a.quantize(_ONE, rounding=decimal.ROUND_CEILING, context=_EXACT))


@builtin("numeric_floor")
def numeric_floor(a: Decimal) -> Decimal:
    if is_special(a):
        return a
    return finish(a.quantize(_ONE, rounding=decimal.ROUND_FLOOR, context=_EXACT))


@builtin("numeric_scale")
def numeric_scale(a: Decimal) -> int | None:
    return None if is_special(a) else dscale(a)


def _trimmed(a: Decimal) -> Decimal:
    """a without trailing fractional zeros (exponent <= 0 kept)."""
    if a.is_zero():
        return Decimal(0)
    r = _EXACT.normalize(a)
    return r if r.as_tuple().exponent <= 0 else _EXACT.quantize(r, _ONE)


@builtin("numeric_min_scale")
def numeric_min_scale(a: Decimal) -> int | None:
    if is_special(a):
        return None
    return dscale(_trimmed(a))


@builtin("numeric_trim_scale")
def numeric_trim_scale(a: Decimal) -> Decimal:
    if is_special(a):
        return a
    return finish(_trimmed(a))


# ---- typmod coercion: numeric(numeric, int4) -------------------------------------------

VARHDRSZ = 4


def typmod_precision_scale(typmod: int) -> tuple[int, int]:
    t = typmod - VARHDRSZ
    precision = (t >> 16) & 0xFFFF
    scale = ((t & 0x7FF) ^ 1024) - 1024
    return precision, scale


def apply_typmod(a: Decimal, typmod: int) -> Decimal:
    """numeric(p, s) coercion: round to s, then require |value| < 10^(p-s)
    (PostgreSQL's apply_typmod / apply_typmod_special); one implementation
    with numeric_in's, in types/io/numeric.py."""
    from pgref.types.io.numeric import apply_typmod as io_apply_typmod
    return io_apply_typmod(a, typmod)


builtin("numeric")(apply_typmod)


# ---- sqrt, exp, ln, log, power ---------------------------------------------------------

def _ctx(prec: int) -> decimal.Context:
    return decimal.Context(prec=max(prec, 28), rounding=decimal.ROUND_HALF_EVEN,
                           Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _to_scale(d: Decimal, rscale: int) -> Decimal:
    """Round an (approximate, high-precision) Decimal to rscale, half away
    from zero, as the datum."""
    return finish(d.quantize(quantum(rscale), rounding=decimal.ROUND_HALF_UP, context=_EXACT))



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
    sweight = (lead(a)[0] + 1) * DEC_DIGITS // 2 - 1
    rscale = max(MIN_SIG_DIGITS - sweight, dscale(a), 0)
    rscale = min(rscale, MAX_DISPLAY_SCALE)
    return sqrt_dec(a, rscale)


def sqrt_dec(x: Decimal, rscale: int) -> Decimal:
    """sqrt(x) (x finite, >= 0) at rscale, rounded half away from zero,
    exactly as ``_isqrt_round``: the square root truncated one digit beyond
    rscale (a high-precision decimal sqrt, cut and then corrected by one
    unit so that t**2 <= x < (t + unit)**2), then that digit rounds."""
    if x.is_zero():
        return finish(Decimal(0).scaleb(-rscale, context=_EXACT))
    prec = max(x.adjusted() // 2 + 1, 0) + rscale + 4
    r = x.sqrt(context=_ctx(prec))
    unit = quantum(rscale + 1)
    t = r.quantize(unit, rounding=decimal.ROUND_DOWN, context=_EXACT)
    if _EXACT.multiply(t, t) > x:
        t = _EXACT.subtract(t, unit)
    else:
        up = _EXACT.add(t, unit)
        if _EXACT.multiply(up, up) <= x:
            t = up
    return finish(t.quantize(quantum(rscale), rounding=decimal.ROUND_HALF_UP, context=_EXACT))



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
    return _EXACT.scaleb(int_to_dec(c), -s)


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


@builtin("sql:1741")
def log_numeric(num: Decimal) -> Decimal:
    """log(numeric): PostgreSQL defines it in SQL as ``select
    pg_catalog.log(10, $1)`` and runs it as a SQL function, so its errors
    carry that function's context line."""
    try:
        return numeric_log(Decimal(10), num)
    except PgError as err:
        if err.context is None:
            err.context = 'SQL function "log" statement 1'
        raise


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
    if a.adjusted() > 20:                     # far outside any integer type
        return int_range(10 ** 21 if a > 0 else -10 ** 21, rng)
    return int_range(int(a.quantize(_ONE, rounding=decimal.ROUND_HALF_UP, context=_EXACT)), rng)


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
    the finite inputs (Decimals added in a context that keeps every digit,
    so sum_x carries the largest input display scale and sum_x2 twice it),
    and counts of NaN and infinite inputs."""
    __slots__ = ("n", "sum_x", "sum_x2", "nan", "pinf", "ninf", "calc_sum2")

    def __init__(self, calc_sum2: bool):
        self.n = 0
        self.sum_x = Decimal(0)
        self.sum_x2 = Decimal(0)
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
        self.n += 1
        self.sum_x = _EXACT.add(self.sum_x, x)
        if self.calc_sum2:
            self.sum_x2 = _EXACT.add(self.sum_x2, _EXACT.multiply(x, x))

    def add_int(self, i: int) -> None:
        self.add(Decimal(i))

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
    return sp if sp is not None else finish(st.sum_x)


@builtin("numeric_avg", "numeric_poly_avg")
def numeric_avg(st: NumericAggState | None) -> Decimal | None:
    if st is None or st.total == 0:
        return None
    sp = _special_result(st)
    if sp is not None:
        return sp
    return numeric_div(finish(st.sum_x), Decimal(st.n))


def _stddev(st: NumericAggState | None, variance: bool, sample: bool) -> Decimal | None:
    """numeric_stddev_internal: (N * sumX2 - sumX^2) / (N * (N - 1)) (or
    N * N), exact until the one division at select_div_scale; the square
    root for stddev at that same scale."""
    if st is None or st.total == 0:
        return None
    if sample and st.total <= 1:
        return None
    if st.nan or st.pinf or st.ninf:
        return NAN
    n = st.n
    num = _EXACT.subtract(_EXACT.multiply(Decimal(n), st.sum_x2),
                          _EXACT.multiply(st.sum_x, st.sum_x))
    if num <= 0:
        return Decimal(0)
    den = Decimal(n * (n - 1) if sample else n * n)
    rscale = select_div_scale_dec(num, den)
    q = div_dec(num, den, rscale)
    return q if variance else sqrt_dec(q, rscale)


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

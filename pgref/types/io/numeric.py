"""numeric: arbitrary-precision decimal I/O, typmods and the wire format.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  A
numeric datum is a ``decimal.Decimal`` whose exponent is the display scale
(``Decimal('1.50')`` prints ``1.50``); NaN and +/-Infinity are the Decimal
specials (spec/03-types.md, "Datum representation").

Input (numeric_in + set_var_from_str): leading whitespace; ``NaN``,
``Infinity``, ``inf`` with optional sign, case-insensitive; else
``[sign][digits][.digits][e[sign]digits]`` with at least one digit, then
only whitespace.  The display scale is the number of fraction digits minus
the exponent, never below 0 (``1.5e3`` -> ``1500``, ``1.50e-3`` ->
``0.00150``).  Values whose base-10000 weight or display scale do not fit
PostgreSQL's storage (more than 131072 integer digits, more than 16383
fraction digits) raise 22003 ``value overflows numeric format``
(INV-TYPES-7).

Typmod ``numeric(p, s)`` is ``((p << 16) | (s & 0x7ff)) + 4``; 1 <= p <= 1000,
-1000 <= s <= 1000.  apply_typmod rounds half away from zero to ``s`` places
and then demands fewer than ``p - s`` integer digits, else 22003
``numeric field overflow`` with PostgreSQL's DETAIL.

Output prints every digit, no exponent, exactly ``dscale`` fraction digits;
negative zero prints without its sign.  The binary form is PostgreSQL's:
int16 ndigits, int16 weight, uint16 sign (0x0000 +, 0x4000 -, 0xC000 NaN,
0xD000 +Inf, 0xF000 -Inf), uint16 dscale, then ndigits base-10000 digits,
most significant first, with leading and trailing zero digits stripped.
"""
from __future__ import annotations

import struct
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from typing import Any

from pgref.errors import (
    INVALID_BINARY_REPRESENTATION, INVALID_PARAMETER_VALUE,
    NUMERIC_VALUE_OUT_OF_RANGE, PgError)
from pgref.types.fmgr import builtin
from pgref.types.io.common import C_SPACE, Reader, invalid_syntax
from pgref.types.io.integer import int4_in

VARHDRSZ = 4
NBASE = 10000
DEC_DIGITS = 4
NUMERIC_MAX_PRECISION = 1000
NUMERIC_MIN_SCALE = -1000
NUMERIC_MAX_SCALE = 1000
NUMERIC_DSCALE_MAX = 0x3FFF
NUMERIC_WEIGHT_MAX = 32767
NUMERIC_WEIGHT_MIN = -32768
INT_MAX = 2 ** 31 - 1

NUMERIC_POS = 0x0000
NUMERIC_NEG = 0x4000
NUMERIC_NAN = 0xC000
NUMERIC_PINF = 0xD000
NUMERIC_NINF = 0xF000

NAN = Decimal("NaN")
PINF = Decimal("Infinity")
NINF = Decimal("-Infinity")

# Enough precision for any numeric PostgreSQL can store.
_CTX = Context(prec=200_000, Emax=999_999_999, Emin=-999_999_999)

_SPECIALS = [("nan", NAN), ("infinity", PINF), ("+infinity", PINF), ("-infinity", NINF),
             ("inf", PINF), ("+inf", PINF), ("-inf", NINF)]


def _overflow() -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")


def dscale_of(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def check_storable(value: Decimal) -> Decimal:
    """make_result(): the value must fit numeric's int16 weight and 14-bit
    display scale (INV-TYPES-7).  Negative zero becomes zero."""
    if not value.is_finite():
        return value
    if dscale_of(value) > NUMERIC_DSCALE_MAX:
        raise _overflow()
    if value.is_zero():
        return value.copy_abs()
    weight = value.adjusted() // DEC_DIGITS
    if weight > NUMERIC_WEIGHT_MAX or weight < NUMERIC_WEIGHT_MIN:
        raise _overflow()
    return value


def _parse_number(text: str, pos: int) -> tuple[Decimal, int]:
    """set_var_from_str(): the value and the position after it."""
    s, n, i = text, len(text), pos
    sign = ""
    if i < n and s[i] in "+-":
        sign = "-" if s[i] == "-" else ""
        i += 1
    digits: list[str] = []
    frac = 0
    have_dp = False
    if i < n and s[i] == ".":
        have_dp = True
        i += 1
    if i >= n or not ("0" <= s[i] <= "9"):
        raise invalid_syntax("numeric", text)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            digits.append(c)
            if have_dp:
                frac += 1
            i += 1
        elif c == ".":
            if have_dp:
                raise invalid_syntax("numeric", text)
            have_dp = True
            i += 1
        else:
            break
    exponent = 0
    if i < n and s[i] in "eE":
        i += 1
        # strtol(): optional whitespace, sign, digits
        j = i
        while j < n and s[j] in C_SPACE:
            j += 1
        k = j
        if k < n and s[k] in "+-":
            k += 1
        start = k
        while k < n and "0" <= s[k] <= "9":
            k += 1
        if k == start:
            raise invalid_syntax("numeric", text)
        mag = s[start:k].lstrip("0") or "0"
        exponent = int(mag) if len(mag) <= 18 else 10 ** 18
        if s[j] == "-":
            exponent = -exponent
        if exponent >= INT_MAX // 2 or exponent <= -(INT_MAX // 2):
            raise _overflow()
        i = k
    dscale = max(0, frac - exponent)
    if dscale > NUMERIC_DSCALE_MAX:
        raise _overflow()
    coeff = "".join(digits).lstrip("0")
    # weight check before materialising a huge number
    if coeff:
        top = len(coeff) - 1 + exponent - frac
        if top // DEC_DIGITS > NUMERIC_WEIGHT_MAX:
            raise _overflow()
    # value = coeff * 10^(exponent - frac), shown with dscale fraction digits
    value = Decimal(f"{sign}{coeff or '0'}E{exponent - frac}")
    value = value.quantize(Decimal(1).scaleb(-dscale), context=_CTX)
    return value, i


def numeric_from_str(text: str) -> tuple[Decimal, bool]:
    """Parse numeric text; returns (value, is_special).  Trailing junk is a
    syntax error raised before any typmod error, as in numeric_in()."""
    n = len(text)
    i = 0
    while i < n and text[i] in C_SPACE:
        i += 1
    low = text[i:i + 9].lower()
    special = None
    for word, val in _SPECIALS:
        if low.startswith(word):
            special, i = val, i + len(word)
            break
    if special is None:
        value, i = _parse_number(text, i)
    else:
        value = special
    if text[i:].strip(C_SPACE):
        raise invalid_syntax("numeric", text)
    return value, special is not None


def typmod_precision_scale(typmod: int) -> tuple[int, int]:
    t = typmod - VARHDRSZ
    precision = (t >> 16) & 0xFFFF
    scale = ((t & 0x7FF) ^ 1024) - 1024
    return precision, scale


def apply_typmod(value: Decimal, typmod: int) -> Decimal:
    """apply_typmod()/apply_typmod_special(): round to the column's scale and
    check its precision.  NaN passes; infinities never fit."""
    if typmod < VARHDRSZ:
        return value
    precision, scale = typmod_precision_scale(typmod)
    if value.is_nan():
        return value
    if value.is_infinite():
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                      detail=f"A field with precision {precision}, scale {scale} "
                             "cannot hold an infinite value.")
    maxdigits = precision - scale
    rounded = value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP, context=_CTX)
    if scale < 0:
        rounded = rounded.quantize(Decimal(1), context=_CTX)
    if not rounded.is_zero() and rounded.adjusted() + 1 > maxdigits:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                      detail=f"A field with precision {precision}, scale {scale} must round "
                             f"to an absolute value less than "
                             f"{'10^' if maxdigits else ''}{maxdigits if maxdigits else 1}.")
    return check_storable(rounded)


def numeric_in_text(text: str, typmod: int = -1) -> Decimal:
    value, _ = numeric_from_str(text)
    return check_storable(apply_typmod(value, typmod))


def numeric_out_text(value: Decimal) -> str:
    """get_str_from_var(): all digits, no exponent, dscale fraction digits."""
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "-Infinity" if value.is_signed() else "Infinity"
    if value.is_zero():
        value = value.copy_abs()
    exp = value.as_tuple().exponent
    if isinstance(exp, int) and exp > 0:
        value = value.quantize(Decimal(1), context=_CTX)
    return format(value, "f")


@builtin("numeric_in", ctx=True)
def numeric_in(ctx: Any, text: str, typioparam: int = 1700, typmod: int = -1) -> Decimal:
    return numeric_in_text(text, typmod)


@builtin("numeric_out", ctx=True)
def numeric_out(ctx: Any, value: Decimal) -> str:
    return numeric_out_text(value)


# -- binary ----------------------------------------------------------------------------

def to_base10000(value: Decimal) -> tuple[int, list[int]]:
    """A finite non-zero value's (weight, base-10000 digits), stripped of
    leading and trailing zero digits, as PostgreSQL's NumericVar.  Works on
    the digit string, so huge values need no big-integer conversion."""
    t = value.as_tuple()
    exp = t.exponent
    assert isinstance(exp, int)
    digits = "".join(map(str, t.digits))
    # pad on the right so the last digit sits at a multiple-of-4 exponent,
    # and on the left to a whole number of groups
    pad_right = exp % DEC_DIGITS
    digits += "0" * pad_right
    low = exp - pad_right                      # exponent of the last digit
    digits = "0" * (-len(digits) % DEC_DIGITS) + digits
    groups = [int(digits[k:k + DEC_DIGITS]) for k in range(0, len(digits), DEC_DIGITS)]
    lowest = low // DEC_DIGITS                 # weight of the last group
    while groups and groups[-1] == 0:
        groups.pop()
        lowest += 1
    while groups and groups[0] == 0:
        groups.pop(0)
    weight = lowest + len(groups) - 1
    return weight, groups


def from_base10000(neg: bool, weight: int, digits, dscale: int) -> Decimal:
    """The datum for a NumericVar's base-10000 digits shown at dscale
    (digits beyond dscale are dropped, as trunc_var does).  Built from the
    digit string, like to_base10000, so huge values need no big integers."""
    if not digits:
        return Decimal(0).scaleb(-dscale, context=_CTX) if dscale else Decimal(0)
    coeff = "".join(["%04d" % d for d in digits])
    exp10 = (weight - len(digits) + 1) * DEC_DIGITS
    value = Decimal(f"{'-' if neg else ''}{coeff}E{exp10}")
    return value.quantize(Decimal(1).scaleb(-dscale), rounding=ROUND_DOWN, context=_CTX)


def numeric_send_bytes(value: Decimal) -> bytes:
    if value.is_nan():
        return struct.pack("!hhHH", 0, 0, NUMERIC_NAN, 0)
    if value.is_infinite():
        # PostgreSQL sends 0x20 in the dscale field of an infinity (what
        # NUMERIC_DSCALE() reads from the special value's header bits)
        return struct.pack("!hhHH", 0, 0, NUMERIC_NINF if value.is_signed() else NUMERIC_PINF, 0x20)
    dscale = dscale_of(value)
    if value.is_zero():
        return struct.pack("!hhHH", 0, 0, NUMERIC_POS, dscale)
    weight, digits = to_base10000(value)
    sign = NUMERIC_NEG if value.is_signed() else NUMERIC_POS
    return struct.pack(f"!hhHH{len(digits)}H", len(digits), weight, sign, dscale, *digits)


def numeric_recv_bytes(data: bytes, typmod: int = -1) -> Decimal:
    r = Reader(data)
    ndigits = r.uint16()
    weight = r.int16()
    sign = r.uint16()
    if sign not in (NUMERIC_POS, NUMERIC_NEG, NUMERIC_NAN, NUMERIC_PINF, NUMERIC_NINF):
        raise PgError(INVALID_BINARY_REPRESENTATION, 'invalid sign in external "numeric" value')
    dscale = r.uint16()
    if dscale & NUMERIC_DSCALE_MAX != dscale:
        raise PgError(INVALID_BINARY_REPRESENTATION, 'invalid scale in external "numeric" value')
    digits = []
    for _ in range(ndigits):
        d = r.int16()
        if d < 0 or d >= NBASE:
            raise PgError(INVALID_BINARY_REPRESENTATION,
                          'invalid digit in external "numeric" value')
        digits.append(d)
    r.end()
    if sign == NUMERIC_NAN:
        return NAN
    if sign in (NUMERIC_PINF, NUMERIC_NINF):
        return apply_typmod(PINF if sign == NUMERIC_PINF else NINF, typmod)
    coeff = "".join(f"{d:04d}" for d in digits) or "0"
    exp10 = (weight - len(digits) + 1) * DEC_DIGITS
    value = Decimal(f"{'-' if sign == NUMERIC_NEG else ''}{coeff}E{exp10}")
    # trunc_var(dscale): digits the display scale would hide are dropped
    value = value.quantize(Decimal(1).scaleb(-dscale), rounding=ROUND_DOWN, context=_CTX)
    return check_storable(apply_typmod(value, typmod))


@builtin("numeric_recv", ctx=True)
def numeric_recv(ctx: Any, data: bytes, typioparam: int = 1700, typmod: int = -1) -> Decimal:
    return numeric_recv_bytes(data, typmod)


@builtin("numeric_send", ctx=True)
def numeric_send(ctx: Any, value: Decimal) -> bytes:
    return numeric_send_bytes(value)


# -- typmod ----------------------------------------------------------------------------

def _int_typmods(mods: list[str]) -> list[int]:
    """ArrayGetIntegerTypmods(): each modifier parsed as int4."""
    return [int4_in(m) for m in mods]


def make_numeric_typmod(precision: int, scale: int) -> int:
    return ((precision << 16) | (scale & 0x7FF)) + VARHDRSZ


@builtin("numerictypmodin", ctx=True)
def numerictypmodin(ctx: Any, mods: list[str]) -> int:
    tl = _int_typmods(mods)
    if len(tl) not in (1, 2):
        raise PgError(INVALID_PARAMETER_VALUE, "invalid NUMERIC type modifier")
    if tl[0] < 1 or tl[0] > NUMERIC_MAX_PRECISION:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"NUMERIC precision {tl[0]} must be between 1 and {NUMERIC_MAX_PRECISION}")
    if len(tl) == 2:
        if tl[1] < NUMERIC_MIN_SCALE or tl[1] > NUMERIC_MAX_SCALE:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"NUMERIC scale {tl[1]} must be between {NUMERIC_MIN_SCALE} "
                          f"and {NUMERIC_MAX_SCALE}")
        return make_numeric_typmod(tl[0], tl[1])
    return make_numeric_typmod(tl[0], 0)


@builtin("numerictypmodout", ctx=True)
def numerictypmodout(ctx: Any, typmod: int) -> str:
    if typmod < 0:
        return ""
    precision, scale = typmod_precision_scale(typmod)
    return f"({precision},{scale})"

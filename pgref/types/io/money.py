"""money: PostgreSQL's fixed-point currency type, its I/O, arithmetic and casts.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  A money
value is a Python ``int`` counting the smallest currency unit (cents): the
int64 ``Cash`` of PostgreSQL's cash.c.  pgref always runs with
``lc_monetary = 'C'``, so the locale-dependent symbols are fixed at what
PostgreSQL 15's cash.c derives from the C locale: two fractional digits,
``.`` as decimal point, ``,`` as thousands separator (groups of three),
``$`` as currency symbol, ``-`` / ``+`` as signs.

Guarantees:

* ``cash_in`` follows cash.c's scanner exactly: optional currency symbol
  and sign (or an opening parenthesis) in either order, digits with
  thousands separators skipped anywhere, at most two fractional digits
  kept and the next digit rounding half away from zero, then only
  trailing digits, blanks, ``)``, signs and currency symbols.  Errors are
  22P02 ``invalid input syntax for type money: "<input>"`` and 22003
  ``value "<input>" is out of range for type money``.
* ``cash_out`` prints ``-$1,234.56`` -- the C locale's format.
* Arithmetic mirrors PostgreSQL 15: ``cash_pl``/``cash_mi`` check int64
  overflow (22003 ``money out of range``), multiplication by a float
  rounds with rint() (half to even), division by an integer truncates
  toward zero, any division by zero is 22012 ``division by zero``.
* ``cash_words`` spells an amount in English words as cash.c does,
  including its double blanks after an empty group.

Entry points: the fmgr builtins registered below (``cash_in``, ``cash_out``,
``cash_recv``, ``cash_send``, ``cash_pl`` ... ``numeric_cash``); the
aggregates sum/min/max(money) reach them through pg_aggregate.
"""
from __future__ import annotations

import math
import struct
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pgref.errors import DIVISION_BY_ZERO, NUMERIC_VALUE_OUT_OF_RANGE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import invalid_syntax, out_of_range

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1

# The C locale's monetary conventions, as cash.c derives them.
FPOINT = 2
DSYMBOL = "."
SSYMBOL = ","
CSYMBOL = "$"
PSYMBOL = "+"
NSYMBOL = "-"
_C_SPACE = " \t\n\r\v\f"


def _money_overflow() -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE, "money out of range")


def _div_zero() -> PgError:
    return PgError(DIVISION_BY_ZERO, "division by zero")


def _check(v: int) -> int:
    if v < INT64_MIN or v > INT64_MAX:
        raise _money_overflow()
    return v


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in _C_SPACE:
        i += 1
    return i


def money_in(text: str) -> int:
    """cash_in() in the C locale: ``text`` -> cents."""
    s, i, n = text, 0, len(text)
    i = _skip_space(s, i)
    if s.startswith(CSYMBOL, i):
        i = _skip_space(s, i + len(CSYMBOL))
    sgn = 1
    if s.startswith(NSYMBOL, i):
        sgn = -1
        i = _skip_space(s, i + len(NSYMBOL))
    elif i < n and s[i] == "(":
        sgn = -1
        i += 1
    elif s.startswith(PSYMBOL, i):
        i += len(PSYMBOL)
    i = _skip_space(s, i)
    if s.startswith(CSYMBOL, i):
        i = _skip_space(s, i + len(CSYMBOL))

    # Accumulate as a negative number, as cash.c does, so that the most
    # negative int64 can be read.
    value, dec, seen_dot = 0, 0, False
    while i < n:
        c = s[i]
        if "0" <= c <= "9" and (not seen_dot or dec < FPOINT):
            value = value * 10 - (ord(c) - 48)
            if value < INT64_MIN:
                raise out_of_range("money", text)
            if seen_dot:
                dec += 1
        elif c == DSYMBOL and not seen_dot:
            seen_dot = True
        elif s.startswith(SSYMBOL, i):
            i += len(SSYMBOL) - 1
        else:
            break
        i += 1
    # round off if there's another digit
    if i < n and "5" <= s[i] <= "9":
        value -= 1
        if value < INT64_MIN:
            raise out_of_range("money", text)
    while dec < FPOINT:
        value *= 10
        if value < INT64_MIN:
            raise out_of_range("money", text)
        dec += 1
    while i < n and "0" <= s[i] <= "9":
        i += 1
    while i < n:
        if s[i] in _C_SPACE or s[i] == ")":
            i += 1
        elif s.startswith(NSYMBOL, i):
            sgn = -1
            i += len(NSYMBOL)
        elif s.startswith(PSYMBOL, i):
            i += len(PSYMBOL)
        elif s.startswith(CSYMBOL, i):
            i += len(CSYMBOL)
        else:
            raise invalid_syntax("money", text)
    if sgn > 0:
        if value == INT64_MIN:
            raise out_of_range("money", text)
        return -value
    return value


def money_out(value: int) -> str:
    """cash_out() in the C locale: cents -> ``-$1,234.56``."""
    sign = ""
    if value < 0:
        sign = NSYMBOL
        value = -value
    whole, frac = divmod(value, 10 ** FPOINT)
    digits = f"{whole:,}".replace(",", SSYMBOL)
    return f"{sign}{CSYMBOL}{digits}{DSYMBOL}{frac:0{FPOINT}d}"


@builtin("cash_in", ctx=True)
def cash_in(ctx: Any, text: str, typioparam: int = 790, typmod: int = -1) -> int:
    return money_in(text)


@builtin("cash_out", ctx=True)
def cash_out(ctx: Any, value: int) -> str:
    return money_out(value)


@builtin("cash_recv", ctx=True)
def cash_recv(ctx: Any, data: bytes, typioparam: int = 790, typmod: int = -1) -> int:
    return struct.unpack(">q", data)[0]


@builtin("cash_send", ctx=True)
def cash_send(ctx: Any, value: int) -> bytes:
    return struct.pack(">q", value)


# ---- comparison ------------------------------------------------------------

builtin("cash_eq")(lambda a, b: a == b)
builtin("cash_ne")(lambda a, b: a != b)
builtin("cash_lt")(lambda a, b: a < b)
builtin("cash_le")(lambda a, b: a <= b)
builtin("cash_gt")(lambda a, b: a > b)
builtin("cash_ge")(lambda a, b: a >= b)


@builtin("cash_cmp")
def cash_cmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


@builtin("cashlarger")
def cashlarger(a: int, b: int) -> int:
    return a if a > b else b


@builtin("cashsmaller")
def cashsmaller(a: int, b: int) -> int:
    return a if a < b else b


# ---- arithmetic ------------------------------------------------------------

@builtin("cash_pl")
def cash_pl(a: int, b: int) -> int:
    return _check(a + b)


@builtin("cash_mi")
def cash_mi(a: int, b: int) -> int:
    return _check(a - b)


def _rint_to_cash(x: float) -> int:
    """(Cash) rint(x): round half to even; out-of-range values are an error
    here where C would be undefined."""
    if math.isnan(x) or math.isinf(x):
        raise _money_overflow()
    return _check(int(round(x)))


@builtin("cash_mul_flt8", "cash_mul_flt4")
def cash_mul_flt(c: int, f: float) -> int:
    return _rint_to_cash(c * f)


@builtin("flt8_mul_cash", "flt4_mul_cash")
def flt_mul_cash(f: float, c: int) -> int:
    return _rint_to_cash(f * c)


@builtin("cash_div_flt8", "cash_div_flt4")
def cash_div_flt(c: int, f: float) -> int:
    if f == 0.0:
        raise _div_zero()
    return _rint_to_cash(c / f)


@builtin("cash_mul_int8", "cash_mul_int4", "cash_mul_int2")
def cash_mul_int(c: int, i: int) -> int:
    return _check(c * i)


@builtin("int8_mul_cash", "int4_mul_cash", "int2_mul_cash")
def int_mul_cash(i: int, c: int) -> int:
    return _check(i * c)


@builtin("cash_div_int8", "cash_div_int4", "cash_div_int2")
def cash_div_int(c: int, i: int) -> int:
    if i == 0:
        raise _div_zero()
    q = abs(c) // abs(i)                       # C division truncates toward zero
    return _check(q if (c < 0) == (i < 0) else -q)


@builtin("cash_div_cash")
def cash_div_cash(a: int, b: int) -> float:
    if b == 0:
        raise _div_zero()
    return float(a) / float(b)


# ---- casts -----------------------------------------------------------------

@builtin("cash_numeric")
def cash_numeric(c: int) -> Decimal:
    return Decimal(c).scaleb(-FPOINT)


@builtin("numeric_cash")
def numeric_cash(n: Decimal) -> int:
    if not n.is_finite():
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "cannot convert NaN to bigint"
                      if n.is_nan() else "cannot convert infinity to bigint")
    v = int((n.scaleb(FPOINT)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if v < INT64_MIN or v > INT64_MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range")
    return v


@builtin("int4_cash", "int8_cash")
def int_cash(i: int) -> int:
    v = i * 10 ** FPOINT
    if v < INT64_MIN or v > INT64_MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range")
    return v


# ---- cash_words ------------------------------------------------------------

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven",
          "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
          "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
          "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_BIG = _SMALL[18:]


def _num_word(value: int) -> str:
    """cash.c's num_word() for 0 <= value < 1000."""
    tu = value % 100
    if value <= 20:
        return _SMALL[value]
    if tu == 0:
        return f"{_SMALL[value // 100]} hundred"
    if value > 99:
        if value % 10 == 0 and tu > 10:
            return f"{_SMALL[value // 100]} hundred {_BIG[tu // 10]}"
        if tu < 20:
            return f"{_SMALL[value // 100]} hundred and {_SMALL[tu]}"
        return f"{_SMALL[value // 100]} hundred {_BIG[tu // 10]} {_SMALL[tu % 10]}"
    if value % 10 == 0 and tu > 10:
        return _BIG[tu // 10]
    if tu < 20:
        return _SMALL[tu]
    return f"{_BIG[tu // 10]} {_SMALL[tu % 10]}"


@builtin("cash_words")
def cash_words(value: int) -> str:
    buf = ""
    if value < 0:
        value = -value
        buf = "minus "
    prefix_len = len(buf)
    val = value
    groups = [((val // 10 ** 17) % 1000, " quadrillion "),
              ((val // 10 ** 14) % 1000, " trillion "),
              ((val // 10 ** 11) % 1000, " billion "),
              ((val // 10 ** 8) % 1000, " million "),
              ((val // 10 ** 5) % 1000, " thousand ")]
    for m, word in groups:
        if m:
            buf += _num_word(m) + word
    m1 = (val // 100) % 1000
    if m1:
        buf += _num_word(m1)
    if len(buf) == prefix_len:
        buf += "zero"
    buf += " dollar and " if val // 100 == 1 else " dollars and "
    m0 = val % 100
    buf += _num_word(m0)
    buf += " cent" if m0 == 1 else " cents"
    return buf[:1].upper() + buf[1:]

"""float4 (real) and float8 (double precision): text and binary I/O.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").

Input is PostgreSQL's float8in_internal()/float4in() over glibc strtod():
leading whitespace, a decimal number (``.5``, ``5.``, ``1e-5``), a hex float
(``0x1p3``), ``inf``/``infinity``/``nan`` in any case with an optional sign,
then only whitespace.  A finite number that overflows to infinity or a
non-zero one that underflows to zero is 22003
``"<number>" is out of range for type double precision`` -- quoting just the
number, not the surrounding blanks; denormals are accepted.  float4 values
are rounded once, directly from the decimal input to single precision (no
double rounding through float8).

Output follows extra_float_digits (INV-TYPES-6):

* ``> 0`` (the default 1): the shortest string that reads back as the same
  value -- PostgreSQL uses Ryu; Python's ``repr`` finds the same digits for
  doubles, and :func:`float4_shortest_digits` searches them for singles.
  Fixed notation when the decimal exponent is in [-4, 15) for float8 and
  [-4, 6) for float4, else ``d.ddde+XX`` with at least two exponent digits.
* ``<= 0``: C's ``%.*g`` with DBL_DIG (15) / FLT_DIG (6) plus
  extra_float_digits significant digits (at least 1).

``NaN``, ``Infinity`` and ``-Infinity`` print as such; ``-0`` keeps its sign.
The binary form is the IEEE 754 bit pattern, big-endian.
"""
from __future__ import annotations

import math
import re
import struct
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from pgref.errors import NUMERIC_VALUE_OUT_OF_RANGE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import C_SPACE, Reader, invalid_syntax

DBL_DIG = 15
FLT_DIG = 6
FLT_MAX = struct.unpack("!f", b"\x7f\x7f\xff\xff")[0]

# What strtod() consumes (after leading whitespace), in glibc's C locale.
_STRTOD = re.compile(
    r"""[+-]?(?:
          (?P<hex>0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)
        | (?P<dec>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
        | (?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)
        | (?P<nan>[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)
        )""", re.VERBOSE)


def _scan(text: str, typename: str) -> tuple[str, str, str]:
    """Split input into (number, kind, sign) or raise invalid syntax."""
    s = text.lstrip(C_SPACE)
    if not s:
        raise invalid_syntax(typename, text)
    m = _STRTOD.match(s)
    if m is None or s[m.end():].strip(C_SPACE):
        raise invalid_syntax(typename, text)
    kind = m.lastgroup or "dec"
    return m.group(0), kind, "-" if s.startswith("-") else "+"


def _exact(num: str, kind: str) -> Fraction:
    if kind == "hex":
        body = num.lstrip("+-")[2:]
        mant, _, exp = body.replace("P", "p").partition("p")
        ip, _, fp = mant.partition(".")
        value = Fraction(int((ip + fp) or "0", 16), 16 ** len(fp)) * Fraction(2) ** int(exp or "0")
        return -value if num.startswith("-") else value
    return Fraction(Decimal(num))


def _is_zero_literal(num: str, kind: str) -> bool:
    body = num.lstrip("+-")
    if kind == "hex":
        body = body[2:].split("p")[0].split("P")[0]
        return all(c in "0." for c in body)
    mant = body.split("e")[0].split("E")[0]
    return all(c in "0." for c in mant)


def float8_in(text: str, typename: str = "double precision") -> float:
    num, kind, sign = _scan(text, typename)
    if kind == "nan":
        return -math.nan if sign == "-" else math.nan
    if kind == "inf":
        return -math.inf if sign == "-" else math.inf
    if kind == "hex":
        try:
            val = float(_exact(num, kind))
        except OverflowError:
            val = math.inf
    else:
        val = float(num)
    if math.isinf(val) or (val == 0.0 and not _is_zero_literal(num, kind)):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f'"{num}" is out of range for type {typename}')
    return val


def to_float4(x: float) -> float:
    """Round a double to single precision (round-half-even), or raise
    OverflowError when it exceeds FLT_MAX."""
    return struct.unpack("!f", struct.pack("!f", x))[0]


def _f32_neighbors(f: float) -> tuple[float, float]:
    bits = struct.unpack("!I", struct.pack("!f", f))[0]
    if f == 0.0:
        tiny = struct.unpack("!f", struct.pack("!I", 1))[0]
        return -tiny, tiny
    up = struct.unpack("!f", struct.pack("!I", bits + 1))[0]
    down = struct.unpack("!f", struct.pack("!I", bits - 1))[0]
    return (down, up) if f > 0 else (up, down)


def _round_to_float4(exact: Fraction) -> float:
    """Nearest single-precision value to an exact rational (ties to even);
    math.inf beyond the largest finite single."""
    approx = float(exact) if abs(exact) < 2 ** 1000 else (math.inf if exact > 0 else -math.inf)
    try:
        f = to_float4(approx)
    except OverflowError:
        f = math.copysign(math.inf, approx)
    if math.isinf(f):
        # overflow unless exact rounds down to FLT_MAX
        limit = Fraction(FLT_MAX) + Fraction(2) ** (127 - 24)   # FLT_MAX + half ulp
        if abs(exact) < limit:
            return math.copysign(FLT_MAX, approx)
        return f
    # Correct a possible double-rounding error: compare with neighbours exactly.
    best = f
    best_err = abs(Fraction(f) - exact)
    for g in _f32_neighbors(f):
        if math.isinf(g):
            continue
        err = abs(Fraction(g) - exact)
        if err < best_err or (err == best_err and
                               (struct.unpack("!I", struct.pack("!f", g))[0] & 1) == 0):
            best, best_err = g, err
    return best


def float4_in(text: str) -> float:
    num, kind, sign = _scan(text, "real")
    if kind == "nan":
        return -math.nan if sign == "-" else math.nan
    if kind == "inf":
        return -math.inf if sign == "-" else math.inf
    val = _fast_float4(num) if kind == "dec" else None
    if val is None:
        val = _round_to_float4(_exact(num, kind))
    if math.isinf(val) or (val == 0.0 and not _is_zero_literal(num, kind)):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f'"{num}" is out of range for type real')
    if val == 0.0 and sign == "-":
        return -0.0
    return val


def _fast_float4(num: str) -> float | None:
    """Decimal -> single via double, when that cannot double-round: only a
    double lying exactly on a single-precision midpoint (or overflowing)
    needs the exact path.  None means 'use the exact path'."""
    v = float(num)
    try:
        f = to_float4(v)
    except OverflowError:
        return None
    if math.isinf(f) or f == v or f == 0.0:
        return None if math.isinf(f) or (f == 0.0 and v != 0.0) else f
    down, up = _f32_neighbors(f)
    other = up if v > f else down
    if v == (f + other) / 2:
        return None
    return f


# -- output -------------------------------------------------------------------------

def _digits_exponent(s: str) -> tuple[str, int]:
    """'1.25e-07' -> ('125', -7): significant digits and the exponent of the
    first digit (scientific notation), trailing zeros removed."""
    t = Decimal(s).as_tuple()
    digits = "".join(map(str, t.digits)).lstrip("0") or "0"
    # exponent of the last digit is t.exponent; of the first: + len - 1
    nd = len("".join(map(str, t.digits)))
    exp = t.exponent + nd - 1  # type: ignore[operator]
    digits = digits.rstrip("0") or "0"
    return digits, exp


def _format_shortest(neg: bool, digits: str, exp: int, fixed_hi: int) -> str:
    """Ryu's to_chars as PostgreSQL modified it: fixed notation for
    -4 <= exp < fixed_hi, else scientific."""
    sign = "-" if neg else ""
    if digits == "0":
        return sign + "0"
    if -4 <= exp < fixed_hi:
        if exp >= 0:
            if len(digits) <= exp + 1:
                return sign + digits + "0" * (exp + 1 - len(digits))
            return sign + digits[:exp + 1] + "." + digits[exp + 1:]
        return sign + "0." + "0" * (-exp - 1) + digits
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _special(x: float) -> str | None:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return None


def _printf_g(x: float, ndig: int) -> str:
    return "%.*g" % (max(ndig, 1), x)


def float8_out(x: float, extra_float_digits: int = 1) -> str:
    sp = _special(x)
    if sp is not None:
        return sp
    if extra_float_digits > 0:
        digits, exp = float8_shortest_digits(abs(x))
        return _format_shortest(math.copysign(1.0, x) < 0, digits, exp, DBL_DIG)
    return _printf_g(x, DBL_DIG + extra_float_digits)


# Exact decimal arithmetic on binary floats: a double's exact decimal
# expansion has at most 767 significant digits.
_EXACT = Context(prec=1200, Emax=999_999, Emin=-999_999)


def _reads_back(c: Decimal, x: float, single: bool) -> bool:
    """Whether the decimal ``c`` lies strictly inside ``x``'s rounding
    interval.  PostgreSQL's Ryu treats both interval end points as
    exclusive, even for an even mantissa where round-half-even input would
    map them back to ``x`` (so it prints 1e23 as 9.999999999999999e+22) --
    as the fixtures recorded from PostgreSQL 15 show."""
    dx = Decimal(x)
    diff = _EXACT.subtract(c, dx)
    if diff == 0:
        return True
    if single:
        down, up = _f32_neighbors(x)
    else:
        down, up = math.nextafter(x, -math.inf), math.nextafter(x, math.inf)
    nb = up if diff > 0 else down
    if math.isinf(nb):      # above the largest finite value: mirror the gap below
        gap = _EXACT.subtract(dx, Decimal(down))
    else:
        gap = abs(_EXACT.subtract(Decimal(nb), dx))
    return _EXACT.multiply(abs(diff), 2) < gap


def _shortest_from(x: float, single: bool, first_p: int, last_p: int) -> tuple[str, int] | None:
    """The shortest p-digit decimal (first_p <= p <= last_p) inside x's
    rounding interval, nearest to x; None if there is none."""
    dx = Decimal(x)
    for p in range(first_p, last_p + 1):
        base = Decimal("%.*e" % (p - 1, x))
        if _reads_back(base, x, single):
            return _digits_exponent(str(base))
        # the nearest p-digit string misses an asymmetric interval; one on
        # the other side of x may still hit it
        step = Decimal(1).scaleb(base.adjusted() - (p - 1))
        good = [c for c in (_EXACT.subtract(base, step), _EXACT.add(base, step))
                if _reads_back(c, x, single)]
        if good:
            best = min(good, key=lambda c: abs(_EXACT.subtract(c, dx)))
            return _digits_exponent(str(best))
    return None


def float8_shortest_digits(x: float) -> tuple[str, int]:
    """Shortest round-trip digits of a positive double as Ryu prints them.
    Python's repr finds the same digits unless they are exactly an end
    point of the rounding interval (see :func:`_reads_back`)."""
    digits, exp = _digits_exponent(repr(x))
    if x == 0.0:
        return digits, exp
    cand = Decimal(f"{digits[0]}.{digits[1:]}e{exp}" if len(digits) > 1 else f"{digits}e{exp}")
    if _reads_back(cand, x, False):
        return digits, exp
    found = _shortest_from(x, False, len(digits), 17)
    return found if found is not None else (digits, exp)


def float4_shortest_digits(x: float) -> tuple[str, int]:
    """Shortest decimal digits that read back (as a float4) to the positive
    single ``x``, the nearest to ``x`` among those of that length (what
    Ryu's f2s prints).  Returns (digits, exponent of first digit)."""
    found = _shortest_from(x, True, 1, 9)
    return found if found is not None else _digits_exponent(repr(x))


def float4_out(x: float, extra_float_digits: int = 1) -> str:
    try:
        x = to_float4(x)        # a value computed in double precision
    except OverflowError:
        x = math.inf if x > 0 else -math.inf
    sp = _special(x)
    if sp is not None:
        return sp
    if extra_float_digits > 0:
        if x == 0.0:
            return "-0" if math.copysign(1.0, x) < 0 else "0"
        digits, exp = float4_shortest_digits(abs(x))
        return _format_shortest(x < 0, digits, exp, FLT_DIG)
    return _printf_g(x, FLT_DIG + extra_float_digits)


def _efd(ctx: Any) -> int:
    settings = getattr(ctx, "settings", None)
    return settings.extra_float_digits if settings is not None else 1


@builtin("float8in", ctx=True)
def float8in(ctx: Any, text: str, typioparam: int = 701, typmod: int = -1) -> float:
    return float8_in(text)


@builtin("float4in", ctx=True)
def float4in(ctx: Any, text: str, typioparam: int = 700, typmod: int = -1) -> float:
    return float4_in(text)


@builtin("float8out", ctx=True)
def float8out(ctx: Any, value: float) -> str:
    return float8_out(float(value), _efd(ctx))


@builtin("float4out", ctx=True)
def float4out(ctx: Any, value: float) -> str:
    return float4_out(float(value), _efd(ctx))


@builtin("float8recv", ctx=True)
def float8recv(ctx: Any, data: bytes, typioparam: int = 701, typmod: int = -1) -> float:
    r = Reader(data)
    v = struct.unpack("!d", r.take(8))[0]
    r.end()
    return v


@builtin("float4recv", ctx=True)
def float4recv(ctx: Any, data: bytes, typioparam: int = 700, typmod: int = -1) -> float:
    r = Reader(data)
    v = struct.unpack("!f", r.take(4))[0]
    r.end()
    return v


@builtin("float8send", ctx=True)
def float8send(ctx: Any, value: float) -> bytes:
    return struct.pack("!d", value)


@builtin("float4send", ctx=True)
def float4send(ctx: Any, value: float) -> bytes:
    return struct.pack("!f", value)

"""numeric rounding, scale limits and huge values (spec/03-types-functions.md,
"numeric"; INV-FUNCS-7, INV-FUNCS-8).

Pins down: round/trunc/ceil/floor/div/mod against an exact integer reference
at random scales; round()/trunc() scale limits at numeric's edges (PostgreSQL
clamps the scale to [-131073, 16383]); the subquadratic int <-> Decimal
conversions; the on-disk numeric codec; to_char of float NaN/Infinity.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pgref.access.common.datum import numeric_decode, numeric_encode
from pgref.errors import PgError
from pgref.types.funcs import numeric_funcs as nf
from pgref.types.funcs.num_format import _float_to_char, numeric_to_char

X = nf._EXACT


def num(c: int, s: int) -> Decimal:
    """The datum c / 10**s (display scale s)."""
    return X.scaleb(Decimal(c), -s)


def big(text: str) -> Decimal:
    """A literal as numeric_in would store it: exponent <= 0."""
    d = Decimal(text)
    return d.quantize(Decimal(1), context=X) if d.as_tuple().exponent > 0 else d


def ref_round(v: Fraction, scale: int, mode: str) -> Fraction:
    """Exact reference: v rounded to 10**-scale, half away from zero or
    toward zero."""
    unit = Fraction(1, 10 ** scale) if scale >= 0 else Fraction(10 ** -scale)
    q = abs(v) / unit
    n = int(q)                       # floor of a non-negative value
    if mode == "round" and q - n >= Fraction(1, 2):
        n += 1
    r = n * unit
    return -r if v < 0 else r


values = st.builds(num, st.integers(-10 ** 40, 10 ** 40), st.integers(0, 30))


@settings(max_examples=300, deadline=None)
@given(values, st.integers(-45, 45))
def test_round_and_trunc_match_exact_reference(v, scale):
    exact = Fraction(v)
    for mode, fn in (("round", nf.numeric_round), ("trunc", nf.numeric_trunc)):
        r = fn(v, scale)
        assert Fraction(r) == ref_round(exact, scale, mode)
        assert nf.dscale(r) == max(scale, 0)
        assert not (r.is_zero() and r.is_signed())


@settings(max_examples=300, deadline=None)
@given(values, values)
def test_division_and_mod_match_exact_reference(a, b):
    if b.is_zero():
        with pytest.raises(PgError):
            nf.numeric_div(a, b)
        return
    q = nf.numeric_div(a, b)
    rscale = nf.dscale(q)
    assert rscale == nf.select_div_scale(*nf.split(a), *nf.split(b))
    assert Fraction(q) == ref_round(Fraction(a) / Fraction(b), rscale, "round")
    t = nf.numeric_div_trunc(a, b)
    assert Fraction(t) == ref_round(Fraction(a) / Fraction(b), 0, "trunc")
    m = nf.numeric_mod(a, b)
    assert Fraction(m) == Fraction(a) - Fraction(t) * Fraction(b)
    assert nf.dscale(m) == max(nf.dscale(a), nf.dscale(b))


@settings(max_examples=200, deadline=None)
@given(values)
def test_ceil_floor_trim_scale(v):
    f = Fraction(v)
    assert Fraction(nf.numeric_ceil(v)) == -((-f.numerator) // f.denominator)
    assert Fraction(nf.numeric_floor(v)) == f.numerator // f.denominator
    t = nf.numeric_trim_scale(v)
    assert t == v and nf.dscale(t) == nf.numeric_min_scale(v)
    assert t.is_zero() or nf.dscale(t) == 0 or t.as_tuple().digits[-1] != 0


@settings(max_examples=100, deadline=None)
@given(st.integers(-10 ** 12000, 10 ** 12000), st.integers(0, 20))
def test_split_make_roundtrip_long_values(c, s):
    d = nf.make(c, s)
    assert nf.split(d) == (c, s)
    assert nf.int_to_dec(c) == Decimal(c)


# ---- scale limits (numeric.sql, "Check limits of rounding") ----------------------------

def test_round_before_the_point_at_numeric_limits():
    assert nf.numeric_round(big("4.4e131071"), -131071) == big("4e131071")
    assert nf.numeric_round(big("4.5e131071"), -131071) == big("5e131071")
    assert str(nf.numeric_round(big("4.5e131071"), -131072)) == "0"
    assert str(nf.numeric_round(big("5.5e131071"), -131073)) == "0"
    assert str(nf.numeric_round(big("5.5e131071"), -1000000)) == "0"
    with pytest.raises(PgError) as e:
        nf.numeric_round(big("5.5e131071"), -131072)
    assert e.value.message == "value overflows numeric format"
    assert nf.numeric_trunc(big("9.9e131071"), -131071) == big("9e131071")
    assert str(nf.numeric_trunc(big("9.9e131071"), -131072)) == "0"
    assert str(nf.numeric_trunc(big("9.9e131071"), -1000000)) == "0"


def test_round_after_the_point_is_limited_to_dscale_max():
    tiny = Decimal("5e-16383")
    assert nf.numeric_round(tiny, 1000000) == tiny
    assert nf.dscale(nf.numeric_round(tiny, 1000000)) == 16383
    assert nf.numeric_round(tiny, 16382) == Decimal("1e-16382")
    assert nf.numeric_round(tiny, 16381) == 0
    assert nf.numeric_trunc(tiny, 16382) == 0
    assert nf.dscale(nf.numeric_trunc(Decimal("1.5"), 100000)) == 16383


def test_product_scale_is_rounded_to_dscale_max():
    r = nf.numeric_mul(Decimal("1.5e-16382"), Decimal("1e-5"))
    assert nf.dscale(r) == 16383 and r == 0


def test_huge_arithmetic():
    # (speed is measured in benchmarks/, never asserted here)
    p = nf.numeric_power(Decimal(10), Decimal(131071))
    s = nf.numeric_add(p, Decimal("0.5"))
    q = nf.numeric_div(s, nf.numeric_sub(p, Decimal(7)))
    assert q == Decimal("1.0000000000000000000")
    assert nf.numeric_mod(s, Decimal(9)) == Decimal("1.5")
    c, sc = nf.split(s)
    assert Fraction(c, 10 ** sc) == 10 ** 131071 + Fraction(1, 2)
    assert numeric_decode(numeric_encode(s)) == s


# ---- on-disk codec ------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.integers(-10 ** 30, 10 ** 30), st.integers(0, 40), st.integers(0, 30))
def test_disk_codec_roundtrip(c, s, trailing):
    d = X.scaleb(Decimal(c // 10 ** trailing * 10 ** trailing), -s)
    r = numeric_decode(numeric_encode(d))
    assert r == d and nf.dscale(r) == nf.dscale(d)
    assert r.is_signed() == (d.is_signed() and not d.is_zero())


# ---- to_char of NaN and infinities ------------------------------------------------------
# expected values from PostgreSQL 15

@pytest.mark.parametrize("value, fmt, dig, expected", [
    (float("inf"), "MI9999999999.99", 15, "   Infinity"),
    (float("-inf"), "MI9999999999.99", 15, "-  Infinity"),
    (float("nan"), "MI9999999999.99", 15, "        NaN"),
    (float("inf"), "MI99.99", 6, " ##."),
    (float("-inf"), "MI99.99", 6, "-##."),
    (float("nan"), "MI99.99", 6, " ##.##"),
    (float("-inf"), "MI99.99", 15, "-##.##"),
    (float("-inf"), "9999999999.99PR", 15, "  <Infinity"),
    (float("nan"), "9999.999S", 6, " NaN"),
    (float("nan"), "RN", 15, "###############"),
])
def test_float_to_char_specials(value, fmt, dig, expected):
    assert _float_to_char(value, fmt, dig) == expected


@pytest.mark.parametrize("value, fmt, expected", [
    ("-Infinity", "9999999999.99PR", "  <Infinity"),
    ("NaN", "99V9", " NaN"),
    ("Infinity", "99V9", " ###"),
    ("-5", "9999999999.99PR", "         <5.00>"),
])
def test_numeric_to_char_specials(value, fmt, expected):
    assert numeric_to_char(Decimal(value), fmt) == expected


def test_int_casts_of_huge_values_fail_fast():
    with pytest.raises(PgError) as e:
        nf._numeric_to_int(big("1e131071"), "int4")
    assert e.value.message == "integer out of range"
    assert nf._numeric_to_int(Decimal("-2.5"), "int8") == -3
    assert nf._numeric_to_int(Decimal("2147483647.4"), "int4") == 2 ** 31 - 1


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10 ** 60), st.integers(0, 30), st.integers(0, 40))
def test_sqrt_matches_integer_square_root(c, s, rscale):
    # floor(sqrt(x) * 10**(rscale+1)) by math.isqrt, then the last digit
    # rounds half away from zero
    e = 2 * rscale + 2 - s
    n = c * 10 ** e if e >= 0 else c // 10 ** (-e)
    expected = Fraction((math.isqrt(n) + 5) // 10, 10 ** rscale)
    r = nf.sqrt_dec(num(c, s), rscale)
    assert Fraction(r) == expected and nf.dscale(r) == rscale

"""Property tests: text output reads back as the same value, and the binary
form receives as the same value (INV-TYPES-4), over generated values."""
from __future__ import annotations

import json
import math
import struct
import uuid
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pgref.types import oids
from pgref.types.registry import IOContext, type_input, type_output, type_receive, type_send
from pgref.types.values import DEFAULT_SETTINGS, PgArray

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)


def roundtrip(oid: int, value, ctx=None, typmod: int = -1):
    text = type_output(ctx, oid, value)
    back = type_input(ctx, oid, text, typmod)
    data = type_send(ctx, oid, value)
    received = type_receive(ctx, oid, data, typmod)
    return text, back, received


@settings(deadline=None)
@given(st.integers(-(2 ** 63), 2 ** 63 - 1))
def test_int8(v: int) -> None:
    _, back, rec = roundtrip(oids.INT8OID, v)
    assert back == v == rec


@settings(deadline=None)
@given(st.integers(-(2 ** 31), 2 ** 31 - 1))
def test_int4(v: int) -> None:
    _, back, rec = roundtrip(oids.INT4OID, v)
    assert back == v == rec


def _bits(x: float, fmt: str) -> bytes:
    return struct.pack(fmt, x)


@settings(deadline=None, max_examples=300)
@given(st.floats(allow_nan=False))
def test_float8_shortest_reads_back(x: float) -> None:
    text, back, rec = roundtrip(oids.FLOAT8OID, x)
    assert _bits(back, "!d") == _bits(x, "!d") == _bits(rec, "!d")
    if math.isfinite(x) and x != 0:
        # shortest: one digit fewer would not read back
        assert len(text.replace("-", "")) <= 24


@settings(deadline=None, max_examples=300)
@given(st.floats(width=32, allow_nan=False))
def test_float4_shortest_reads_back(x: float) -> None:
    _, back, rec = roundtrip(oids.FLOAT4OID, x)
    assert _bits(back, "!f") == _bits(x, "!f") == _bits(rec, "!f")


@settings(deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(-15, 0))
def test_float8_printf_mode_is_close(x: float, efd: int) -> None:
    ctx = IOContext(settings=replace(DEFAULT_SETTINGS, extra_float_digits=efd))
    text = type_output(ctx, oids.FLOAT8OID, x)
    assert text == "%.*g" % (max(15 + efd, 1), x)


@settings(deadline=None, max_examples=300)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=None)
       .filter(lambda d: abs(d.as_tuple().exponent) < 1000 and d.adjusted() < 1000))
def test_numeric(d: Decimal) -> None:
    text, back, rec = roundtrip(oids.NUMERICOID, d)
    assert back == d == rec
    assert type_output(None, oids.NUMERICOID, back) == text == type_output(None, oids.NUMERICOID, rec)
    assert "E" not in text and "e" not in text


@settings(deadline=None)
@given(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
def test_numeric_specials(s: str) -> None:
    text, back, rec = roundtrip(oids.NUMERICOID, Decimal(s))
    assert text == s
    assert type_output(None, oids.NUMERICOID, rec) == s


@settings(deadline=None)
@given(TEXT)
def test_text(s: str) -> None:
    _, back, rec = roundtrip(oids.TEXTOID, s)
    assert back == s == rec


def _arrays(elem):
    @st.composite
    def build(draw):
        ndim = draw(st.integers(0, 3))
        if ndim == 0:
            return [], [], []
        dims = [draw(st.integers(1, 3)) for _ in range(ndim)]
        lbs = [draw(st.integers(-3, 3)) for _ in range(ndim)]
        n = math.prod(dims)
        items = draw(st.lists(st.one_of(st.none(), elem), min_size=n, max_size=n))
        return items, dims, lbs
    return build()


@settings(deadline=None, max_examples=200)
@given(_arrays(TEXT))
def test_text_arrays(parts) -> None:
    items, dims, lbs = parts
    arr = PgArray(items, dims, lbs, oids.TEXTOID)
    _, back, rec = roundtrip(oids.TEXTARRAYOID, arr)
    assert back == arr == rec


@settings(deadline=None, max_examples=100)
@given(_arrays(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6, max_value=10**6)))
def test_numeric_arrays(parts) -> None:
    items, dims, lbs = parts
    arr = PgArray(items, dims, lbs, oids.NUMERICOID)
    _, back, rec = roundtrip(oids.NUMERICARRAYOID, arr)
    assert back == arr == rec


@settings(deadline=None)
@given(st.binary(max_size=40), st.sampled_from(["hex", "escape"]))
def test_bytea(b: bytes, fmt: str) -> None:
    ctx = IOContext(settings=replace(DEFAULT_SETTINGS, bytea_output=fmt))
    _, back, rec = roundtrip(oids.BYTEAOID, b, ctx)
    assert back == b == rec


@settings(deadline=None)
@given(st.uuids())
def test_uuid(u: uuid.UUID) -> None:
    text, back, rec = roundtrip(oids.UUIDOID, u)
    assert back == u == rec and text == str(u)


@settings(deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | TEXT |
                    st.floats(allow_nan=False, allow_infinity=False),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3),
                    max_leaves=10))
def test_json_accepts_json(obj) -> None:
    s = json.dumps(obj)
    _, back, rec = roundtrip(oids.JSONOID, s)
    assert back == s == rec


@settings(deadline=None)
@given(st.text("01", max_size=30))
def test_varbit(bits: str) -> None:
    _, back, rec = roundtrip(oids.VARBITOID, bits)
    assert back == bits == rec


@settings(deadline=None)
@given(st.booleans())
def test_bool(b: bool) -> None:
    _, back, rec = roundtrip(oids.BOOLOID, b)
    assert back is b and rec is b


@settings(deadline=None, max_examples=200)
@given(st.floats(width=32, min_value=0.5, max_value=2.0 ** 100))
def test_float4_input_rounds_once(x: float) -> None:
    """A decimal exactly halfway between two singles rounds to the even one;
    a hair above rounds up -- no double rounding through float8."""
    from decimal import localcontext

    from pgref.types.io.floats import _f32_neighbors, float4_in
    up = _f32_neighbors(x)[1]
    with localcontext() as c:
        c.prec = 400
        mid = (Decimal(x) + Decimal(up)) / 2                   # exact
        above = mid + (Decimal(up) - Decimal(x)) / 1000
    even = x if struct.unpack("!I", struct.pack("!f", x))[0] % 2 == 0 else up
    assert float4_in(str(mid)) == even
    assert float4_in(str(above)) == up

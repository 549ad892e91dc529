"""Hypothesis strategies: random column types and values as pgref holds them
(pgref/types/values.py)."""
import struct
from decimal import Decimal

from hypothesis import strategies as st

from pgref.types.values import Interval, PgArray, TimeTz


def _f4(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                max_size=200)
_numeric = st.one_of(
    st.builds(lambda i, s: Decimal(i).scaleb(-s), st.integers(-10**25, 10**25), st.integers(0, 30)),
    st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("0.000"),
                     Decimal("1E+12"), Decimal("0.00000001"), Decimal("-99999999.99999999")]),
)
_i4 = st.integers(-2**31, 2**31 - 1)

VALUES = {
    16: st.booleans(),
    21: st.integers(-2**15, 2**15 - 1),
    23: _i4,
    20: st.integers(-2**63, 2**63 - 1),
    26: st.integers(0, 2**32 - 1),
    700: st.floats(width=32).map(_f4),
    701: st.floats(),
    25: _text,
    1043: _text,
    1042: _text,
    17: st.binary(max_size=200),
    1700: _numeric,
    1082: _i4,
    1083: st.integers(0, 86_400_000_000),
    1114: st.integers(-2**63, 2**63 - 1),
    1184: st.integers(-2**63, 2**63 - 1),
    1186: st.builds(Interval, _i4, _i4, st.integers(-2**63, 2**63 - 1)),
    1266: st.builds(TimeTz, st.integers(0, 86_400_000_000), st.integers(-57600, 57600)),
    2950: st.uuids(),
    18: st.sampled_from(["", "a", "Z", "~"]),
    19: st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=63),
    1007: st.lists(st.one_of(st.none(), _i4), max_size=20).map(lambda l: PgArray.from_list(l, 23)),
    1009: st.lists(st.one_of(st.none(), st.text(max_size=10)), max_size=8).map(
        lambda l: PgArray.from_list(l, 25)),
    1022: st.lists(st.floats(), max_size=8).map(lambda l: PgArray.from_list(l, 701)),
    1562: st.text("01", max_size=40),
    1560: st.text("01", min_size=1, max_size=12),
}
TYPE_OIDS = sorted(VALUES)


def same(a, b) -> bool:
    """Equality that treats NaN as equal to itself and keeps numeric scale."""
    if isinstance(a, float) and isinstance(b, float):
        return (a != a and b != b) or a == b
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        if a.is_nan() or b.is_nan():
            return a.is_nan() and b.is_nan()
        if a != b:
            return False
        if a.is_finite() and b.as_tuple().exponent <= 0:
            return a.as_tuple().exponent == b.as_tuple().exponent
        return True
    if isinstance(a, PgArray) and isinstance(b, PgArray):
        return (a.dims == b.dims and a.lbounds == b.lbounds and a.elemtype == b.elemtype
                and len(a.elements) == len(b.elements)
                and all(same(x, y) for x, y in zip(a.elements, b.elements)))
    return a == b


def same_row(r1, r2) -> bool:
    return len(r1) == len(r2) and all(same(a, b) for a, b in zip(r1, r2))


@st.composite
def schema_and_rows(draw, max_cols=8, max_rows=40):
    cols = draw(st.lists(st.sampled_from(TYPE_OIDS), min_size=1, max_size=max_cols))
    row = st.tuples(*[st.one_of(st.none(), VALUES[t]) for t in cols])
    rows = draw(st.lists(row, max_size=max_rows))
    return cols, rows

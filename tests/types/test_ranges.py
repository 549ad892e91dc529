"""Range and multirange types (spec/03-types.md, "Range types").

Expected values were recorded from PostgreSQL 15 (text output, SQLSTATEs,
DETAIL lines, binary send bytes, hash values).  The engine-level part
(CREATE TYPE ... AS RANGE, DROP TYPE, polymorphic resolution) runs through
an embedded connection.
"""
from __future__ import annotations

import tempfile
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

import pgref
from pgref.access.common import datum
from pgref.errors import PgError
from pgref.types import fmgr
from pgref.types.registry import type_input, type_output, type_receive, type_send
from pgref.types.values import Multirange, Range

INT4RANGE, NUMRANGE, TSRANGE, DATERANGE, INT8RANGE = 3904, 3906, 3908, 3912, 3926
INT4MULTI, NUMMULTI = 4451, 4532


def rin(t, s):
    return type_input(None, t, s)


def rout(t, s):
    return type_output(None, t, rin(t, s))


def call(name, *args):
    b = fmgr.lookup(name)
    return b.fn(None, *args) if b.ctx else b.fn(*args)


# ---------------------------------------------------------------- text I/O

@pytest.mark.parametrize("typ,text,out", [
    (INT4RANGE, "[1,10]", "[1,11)"),
    (INT4RANGE, "(1,10)", "[2,10)"),
    (INT4RANGE, "(,5]", "(,6)"),
    (INT4RANGE, "[3,3)", "empty"),
    (INT4RANGE, "[3,3]", "[3,4)"),
    (INT4RANGE, "  [ 1 , 5 ]  ", "[1,6)"),
    (INT4RANGE, "EmPtY", "empty"),
    (INT4RANGE, "[,]", "(,)"),
    (INT8RANGE, "(,)", "(,)"),
    (NUMRANGE, "(1.5,2.50]", "(1.5,2.50]"),
    (NUMRANGE, '["1.0","2"]', "[1.0,2]"),
    (DATERANGE, "[2020-01-01,2020-01-31]", "[2020-01-01,2020-02-01)"),
    (DATERANGE, "(-infinity,2000-01-01]", "(-infinity,2000-01-02)"),
    (DATERANGE, "[2000-01-01,infinity]", "[2000-01-01,infinity]"),
    (TSRANGE, "[2000-01-01 10:00, 2000-01-02)", '["2000-01-01 10:00:00","2000-01-02 00:00:00")'),
])
def test_range_text(typ, text, out):
    assert rout(typ, text) == out


@pytest.mark.parametrize("text,detail", [
    ("x", "Missing left parenthesis or bracket."),
    ("empty x", 'Junk after "empty" key word.'),
    ("[1", "Unexpected end of input."),
    ("[1,2", "Unexpected end of input."),
    ('["1', "Unexpected end of input."),
    ("[1\\", "Unexpected end of input."),
    ("[1]", "Missing comma after lower bound."),
    ("[1,2,3]", "Too many commas."),
    ("[1,2] x", "Junk after right parenthesis or bracket."),
])
def test_range_malformed(text, detail):
    with pytest.raises(PgError) as e:
        rin(INT4RANGE, text)
    assert e.value.sqlstate == "22P02"
    assert e.value.message == f'malformed range literal: "{text}"'
    assert e.value.detail == detail


def test_range_bound_errors():
    with pytest.raises(PgError) as e:
        rin(INT4RANGE, "[5,1]")
    assert (e.value.sqlstate, e.value.message) == \
        ("22000", "range lower bound must be less than or equal to range upper bound")
    with pytest.raises(PgError) as e:
        rin(INT4RANGE, "[1,2147483647]")
    assert (e.value.sqlstate, e.value.message) == ("22003", "integer out of range")
    with pytest.raises(PgError) as e:
        rin(INT4RANGE, "[a,2]")
    assert e.value.sqlstate == "22P02"


def test_bound_quoting():
    from pgref.types.ranges.rangetypes import bound_escape, parse_range_text
    assert bound_escape("") == '""'
    assert bound_escape("a b") == '"a b"'
    assert bound_escape('a"b') == '"a""b"'
    assert bound_escape("c\\d") == '"c\\\\d"'
    assert bound_escape("abc") == "abc"
    assert parse_range_text('["a""b",c\\,d)')[1:] == ('a"b', "c,d")
    assert parse_range_text('("",)')[1:] == ("", None)


def test_range_value_shape():
    r = rin(INT4RANGE, "(,5]")
    assert r == Range(INT4RANGE, False, None, 6, False, False)
    assert rin(INT4RANGE, "empty") == Range(INT4RANGE, True)
    # an infinite bound is never inclusive
    assert rin(NUMRANGE, "[,1]") == Range(NUMRANGE, False, None, Decimal(1), False, True)


# ---------------------------------------------------------------- binary I/O and storage

@pytest.mark.parametrize("typ,text,hexbytes", [
    (INT4RANGE, "[1,5)", "0200000004000000010000000400000005"),
    (NUMRANGE, "(,5.5]", "0c0000000c000200000000000100051388"),
    (INT4RANGE, "empty", "01"),
    (INT4MULTI, "{[1,5),[7,9)}",
     "00000002000000110200000004000000010000000400000005000000110200000004000000070000000400000009"),
    (INT4MULTI, "{}", "00000000"),
])
def test_send_matches_postgres(typ, text, hexbytes):
    v = rin(typ, text)
    assert type_send(None, typ, v).hex() == hexbytes
    assert type_receive(None, typ, bytes.fromhex(hexbytes)) == v


def test_receive_errors():
    with pytest.raises(PgError) as e:
        type_receive(None, INT4RANGE, bytes.fromhex("02000000040000"))
    assert e.value.sqlstate == "08P01"


@pytest.mark.parametrize("typ,text", [
    (INT4RANGE, "[1,10]"), (NUMRANGE, "(1.5,)"), (NUMRANGE, "empty"), (DATERANGE, "[2000-01-01,)"),
    (INT4MULTI, "{[1,3),[5,7),[9,10)}"), (NUMMULTI, "{[1.5,2),(3,)}"), (INT4MULTI, "{}"),
])
def test_storage_roundtrip(typ, text):
    v = rin(typ, text)
    enc, dec = datum._varlena_codec(typ)
    assert dec(enc(v)) == v


def test_storage_layout_is_postgres_rangetype():
    enc, _dec = datum._varlena_codec(INT4RANGE)
    # rangetypid, lower, upper, flags (RANGE_LB_INC)
    assert enc(rin(INT4RANGE, "[1,10]")).hex() == "400f0000" "01000000" "0b000000" "02"


@settings(max_examples=150, deadline=None)
@given(st.integers(-1000, 1000), st.integers(0, 50), st.sampled_from(["[]", "[)", "(]", "()"]),
       st.booleans(), st.booleans())
def test_int4range_roundtrip(lo, width, flags, lo_inf, hi_inf):
    text = f"{flags[0]}{'' if lo_inf else lo},{'' if hi_inf else lo + width}{flags[1]}"
    v = rin(INT4RANGE, text)
    out = type_output(None, INT4RANGE, v)
    assert rin(INT4RANGE, out) == v
    assert type_receive(None, INT4RANGE, type_send(None, INT4RANGE, v)) == v


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=6))
def test_multirange_is_canonical(pairs):
    """INV-TYPES-RANGE-3: sorted, non-empty, neither overlapping nor
    adjacent, and containing exactly the points of its input ranges."""
    text = "{" + ",".join(f"[{a},{a + w})" for a, w in pairs) + "}"
    mr = rin(INT4MULTI, text)
    points = {x for a, w in pairs for x in range(a, a + w)}
    got = {x for r in mr.ranges for x in range(r.lower, r.upper)}
    assert got == points
    for a, b in zip(mr.ranges, mr.ranges[1:]):
        assert a.upper < b.lower
    assert rin(INT4MULTI, type_output(None, INT4MULTI, mr)) == mr


# ---------------------------------------------------------------- operators

def r4(text):
    return rin(INT4RANGE, text)


def test_range_operators():
    assert call("range_contains_elem", r4("[1,5)"), 3)
    assert not call("range_contains_elem", r4("[1,5)"), 5)
    assert call("range_contains", r4("[1,10)"), r4("[2,3)"))
    assert call("range_contains", r4("[1,2)"), r4("empty"))
    assert call("range_overlaps", r4("[1,5)"), r4("[4,8)"))
    assert call("range_before", r4("[1,5)"), r4("[5,8)"))
    assert call("range_after", r4("[6,9)"), r4("[1,5)"))
    assert call("range_adjacent", r4("[1,5)"), r4("[5,8)"))
    assert call("range_adjacent", r4("[1,4]"), r4("[5,8)"))      # discrete: [1,5) meets [5,8)
    nr = lambda s: rin(NUMRANGE, s)  # noqa: E731
    assert call("range_adjacent", nr("[1,2)"), nr("[2,3]"))
    assert not call("range_adjacent", nr("[1,2]"), nr("[2,3]"))
    assert call("range_overleft", r4("[1,5)"), r4("[3,6)"))
    assert call("range_overright", r4("[1,5)"), r4("[0,6)"))


def test_range_set_operations_and_errors():
    out = lambda v: type_output(None, INT4RANGE, v)  # noqa: E731
    assert out(call("range_union", r4("[1,5)"), r4("[5,8)"))) == "[1,8)"
    assert out(call("range_intersect", r4("[1,5)"), r4("[3,8)"))) == "[3,5)"
    assert out(call("range_intersect", r4("[1,5)"), r4("[6,8)"))) == "empty"
    assert out(call("range_minus", r4("[1,10)"), r4("[5,20)"))) == "[1,5)"
    assert out(call("range_merge", r4("[1,2)"), r4("[5,6)"))) == "[1,6)"
    with pytest.raises(PgError) as e:
        call("range_union", r4("[1,2)"), r4("[5,6)"))
    assert (e.value.sqlstate, e.value.message) == ("22000", "result of range union would not be contiguous")
    with pytest.raises(PgError) as e:
        call("range_minus", r4("[1,10)"), r4("[4,5)"))
    assert e.value.message == "result of range difference would not be contiguous"


def test_range_cmp_order():
    texts = ["[3,)", "empty", "(,5)", "[1,3)", "(,)", "[1,4)"]
    import functools
    got = sorted((r4(t) for t in texts), key=functools.cmp_to_key(lambda a, b: call("range_cmp", a, b)))
    assert [type_output(None, INT4RANGE, v) for v in got] == ["empty", "(,5)", "(,)", "[1,3)", "[1,4)", "[3,)"]


def test_hash_matches_postgres():
    assert call("hash_range", r4("[1,5)")) == 728650269
    assert call("hash_range", rin(NUMRANGE, "(,5.5]")) == -1600497888
    assert call("hash_range", r4("empty")) == 484847245
    assert call("hash_multirange", rin(INT4MULTI, "{[1,5),[7,9)}")) == -1306636527
    assert call("hash_range_extended", r4("[1,5)"), 7) == 1320964691323871286
    assert call("hash_multirange_extended", rin(INT4MULTI, "{[1,5),[7,9)}"), 11) == -7941487263098576766


def test_multirange_operations():
    m = lambda s: rin(INT4MULTI, s)  # noqa: E731
    out = lambda v: type_output(None, INT4MULTI, v)  # noqa: E731
    assert out(call("multirange_minus", m("{[1,10)}"), m("{[2,3),[5,6)}"))) == "{[1,2),[3,5),[6,10)}"
    assert out(call("multirange_intersect", m("{[1,5),[7,10)}"), m("{[3,8)}"))) == "{[3,5),[7,8)}"
    assert out(call("multirange_union", m("{[1,3),[5,7)}"), m("{[3,5)}"))) == "{[1,7)}"
    assert call("multirange_contains_elem", m("{[1,3),[5,7)}"), 6)
    assert call("range_contains_multirange", r4("[0,10)"), m("{[1,3),[5,7)}"))
    assert call("multirange_adjacent_multirange", m("{[1,3)}"), m("{[3,4)}"))
    assert call("multirange_lt", m("{[1,3)}"), m("{[1,3),[5,7)}"))
    with pytest.raises(PgError) as e:
        rin(INT4MULTI, "{[1,2) [3,4)}")
    assert e.value.detail == "Expected comma or end of multirange."
    with pytest.raises(PgError) as e:
        rin(INT4MULTI, "[1,2)")
    assert (e.value.message, e.value.detail) == ('malformed multirange literal: "[1,2)"', "Missing left brace.")


def test_range_agg_state():
    st_ = None
    for t in ("[5,8)", "[1,3)", "[2,4)"):
        st_ = call("range_agg_transfn", st_, r4(t))
    assert call("range_agg_finalfn", st_) == Multirange(INT4MULTI, (r4("[1,4)"), r4("[5,8)")))
    assert call("range_agg_finalfn", None) is None


# ---------------------------------------------------------------- engine: SQL and DDL

@pytest.fixture(scope="module")
def cur():
    con = pgref.connect(tempfile.mkdtemp())
    con.autocommit = True
    c = con.cursor()
    yield c
    con.close()


def one(cur, sql):
    cur.execute(sql)
    return cur.fetchone()


def test_sql_constructors_and_polymorphism(cur):
    assert one(cur, "select int4range(1,5,'(]')::text, numrange(null, 2)::text, "
                    "int4multirange(int4range(5,6), int4range(1,3))::text, multirange(int4range(1,2))::text") == \
        ("[2,6)", "(,2)", "{[1,3),[5,6)}", "{[1,2)}")
    assert one(cur, "select lower(int4range(2,9)), upper('{[1,3),[5,7)}'::int4multirange), "
                    "int4range(1,5) @> 3, 2 <@ '{[1,3)}'::int4multirange") == (2, 7, True, True)
    assert one(cur, "select range_agg(r)::text from (values (int4range(1,3)), (int4range(2,5)), "
                    "(int4range(7,8))) v(r)") == ("{[1,5),[7,8)}",)


def test_sql_errors(cur):
    with pytest.raises(pgref.Error) as e:
        cur.execute("select int4range(1,5,'x')")
    assert e.value.sqlstate == "42601"
    with pytest.raises(pgref.Error) as e:
        cur.execute("select int4range(1,2) + int4range(5,6)")
    assert e.value.sqlstate == "22000"


def test_create_and_drop_range_type(cur):
    cur.execute("create type f8r as range (subtype = float8, subtype_diff = float8mi)")
    cur.execute("create type textrange as range (subtype = text, collation = \"C\")")
    assert one(cur, "select f8r(1, 2, '[]')::text, f8r_multirange(f8r(1,2), f8r(2,3))::text, "
                    "textrange('a', 'b c')::text, f8r(1,2)::f8r_multirange::text") == \
        ("[1,2]", "{[1,3)}", '[a,"b c")', "{[1,2)}")
    assert one(cur, "select typname from pg_type where oid = (select rngmultitypid from pg_range "
                    "where rngtypid = 'textrange'::regtype)") == ("textmultirange",)
    cur.execute("create table tr (r textrange, m f8r_multirange)")
    cur.execute("insert into tr values ('[a,m)', '{[1,2),[5,)}')")
    assert one(cur, "select r::text, m::text, r @> 'b'::text, m @> 7::float8 from tr") == \
        ("[a,m)", "{[1,2),[5,)}", True, True)
    with pytest.raises(pgref.Error) as e:
        cur.execute("drop type textrange")
    assert e.value.sqlstate == "2BP01"
    with pytest.raises(pgref.Error) as e:
        cur.execute("drop type f8r_multirange")
    assert e.value.sqlstate == "2BP01"
    cur.execute("drop table tr")
    cur.execute("drop type textrange")
    cur.execute("drop type f8r")
    assert one(cur, "select count(*) from pg_type where typname like '%textrange%' or typname like '%f8r%'") == (0,)
    assert one(cur, "select count(*) from pg_proc where proname like 'f8r%' or proname like 'text%range'") == (0,)


def test_multirange_name_rules():
    from pgref.engine.rangecmds import multirange_type_name
    assert multirange_type_name("textrange") == "textmultirange"
    assert multirange_type_name("floats") == "floats_multirange"
    assert multirange_type_name("rangex_range") == "multirangex_range"


def test_subdiff_functions():
    assert call("int4range_subdiff", 5, 2) == 3.0
    assert call("numrange_subdiff", Decimal("1.5"), Decimal("0.25")) == 1.25
    assert call("tsrange_subdiff", 1_500_000, 0) == 1.5

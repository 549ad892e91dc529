"""Geometric types (spec/03-types.md, "Geometric types"; INV-TYPES-GEO-1..3):
text I/O, operators and errors against outputs recorded from PostgreSQL 15,
binary send/recv round trips, and on-disk storage through the heap."""
import math
import struct

import pytest
from hypothesis import given, settings, strategies as st

import pgref
from pgref.access.common.datum import TupleDesc, attr_for_type
from pgref.errors import PgError
from pgref.types.geometric import io as gio
from pgref.types.geometric.base import Box, Circle, LSeg, Line, Path, Point, Polygon, hypot
from pgref.types.registry import type_receive, type_send


@pytest.fixture(scope="module")
def cur():
    c = pgref.connect(":memory:")
    yield c.cursor()
    c.close()


def one(cur, expr):
    cur.execute(f"select ({expr})::text")
    return cur.fetchall()[0][0]


# (expression, PostgreSQL 15's text output), extra_float_digits = 1
CASES = [
    ("point '(1,2)'", "(1,2)"),
    ("point ' ( 1e-300 , -1e300 ) '", "(1e-300,-1e+300)"),
    ("point '3,4'", "(3,4)"),
    ("lseg '((1,2),(3,4))'", "[(1,2),(3,4)]"),
    ("lseg '1,2,3,4'", "[(1,2),(3,4)]"),
    ("box '(1,1),(0,0)'", "(1,1),(0,0)"),
    ("box '(0,0,2,3)'", "(2,3),(0,0)"),
    ("line '[(0,0),(1,1)]'", "{1,-1,0}"),
    ("line '{1,2,3}'", "{1,2,3}"),
    ("path '(1,2),(3,4)'", "((1,2),(3,4))"),
    ("path '[(1,2),(3,4)]'", "[(1,2),(3,4)]"),
    ("polygon '(0,0),(1,1),(1,0)'", "((0,0),(1,1),(1,0))"),
    ("polygon '(0,0,1,1,1,0)'", "((0,0),(1,1),(1,0))"),
    ("circle '<(1,2),3>'", "<(1,2),3>"),
    ("circle '((1,2),3)'", "<(1,2),3>"),
    ("circle '1,2,3'", "<(1,2),3>"),
    ("point '(0.1,0.2)' + point '(0.2,0.1)'", "(0.30000000000000004,0.30000000000000004)"),
    ("point '(1,1)' <-> point '(4,5)'", "5"),
    ("lseg '[(0,0),(3,4)]' <-> point '(5,5)'", "2.23606797749979"),
    ("box '(0,0),(2,2)' <-> point '(5,5)'", "4.242640687119286"),
    ("circle '<(0,0),1>' <-> point '(5,5)'", "6.0710678118654755"),
    ("line '{1,-1,0}' <-> point '(1,0)'", "0.7071067811865476"),
    ("box '(0,0),(2,2)' # box '(1,1),(3,3)'", "(2,2),(1,1)"),
    ("area(box '(0,0),(2,3)')", "6"),
    ("center(box '(0,0),(2,3)')", "(1,1.5)"),
    ("polygon '((0,0),(4,0),(4,4),(0,4))' @> point '(2,2)'", "true"),
    ("polygon '((0,0),(4,0),(4,4),(0,4))' @> point '(4,2)'", "true"),
    ("polygon '((0,0),(4,0),(4,4),(0,4))' @> polygon '((1,1),(2,1),(2,2))'", "true"),
    ("lseg '[(0,0),(2,2)]' # lseg '[(0,2),(2,0)]'", "(1,1)"),
    ("line '{1,-1,0}' # line '{1,1,-2}'", "(1,1)"),
    ("point '(1,1)' ## lseg '[(0,0),(2,0)]'", "(1,0)"),
    ("npoints(path '[(1,2),(3,4),(5,6)]')", "3"),
    ("length(path '((0,0),(3,4))')", "10"),
    ("area(path '((0,0),(3,0),(3,3))')", "4.5"),
    ("circle '<(1,1),2>' && circle '<(4,1),1>'", "true"),
    ("circle(point '(0,0)', 2)", "<(0,0),2>"),
    ("polygon(4, circle '<(0,0),1>')",
     "((-1,0),(-6.123233995736766e-17,1),(1,1.2246467991473532e-16),(1.8369701987210297e-16,-1))"),
    ("box(circle '<(0,0),1>')",
     "(0.7071067811865475,0.7071067811865475),(-0.7071067811865475,-0.7071067811865475)"),
    ("circle(box '(0,0),(2,2)')", "<(1,1),1.4142135623730951>"),
    ("(point '(1,2)')[0]", "1"),
    ("(lseg '[(1,2),(3,4)]')[1]", "(3,4)"),
    ("(point '(1,2)')[2] is null", "true"),
]


@pytest.mark.parametrize("expr,expected", CASES)
def test_matches_postgresql(cur, expr, expected):
    assert one(cur, expr) == expected


ERRORS = [
    ("point '(1e300,1e300)' * point '(1e300,1e300)'", "22003", "value out of range: overflow"),
    ("point '(1,1)' / point '(0,0)'", "22012", "division by zero"),
    ("line '{0,0,1}'", "22023", "invalid line specification: A and B cannot both be zero"),
    ("line '[(1,1),(1,1)]'", "22023", "invalid line specification: must be two distinct points"),
    ("circle '<(1,1),-1>'", "22P02", 'invalid input syntax for type circle: "<(1,1),-1>"'),
    ("point '(10.0 10.0)'", "22P02", 'invalid input syntax for type point: "(10.0 10.0)"'),
    ("point '(10.0, 1e+500)'", "22003", '"1e+500" is out of range for type double precision'),
    ("path '[(1,2),(3,4)'", "22P02", 'invalid input syntax for type path: "[(1,2),(3,4)"'),
    ("polygon '(0,1,2)'", "22P02", 'invalid input syntax for type polygon: "(0,1,2)"'),
    ("polygon(path '[(1,2),(3,4)]')", "22023", "open path cannot be converted to polygon"),
]


@pytest.mark.parametrize("expr,sqlstate,message", ERRORS)
def test_errors_match_postgresql(expr, sqlstate, message):
    c = pgref.connect(":memory:")
    try:
        with pytest.raises(Exception) as e:
            c.cursor().execute(f"select {expr}")
        err = e.value
        assert getattr(err, "sqlstate", None) == sqlstate
        assert message in str(err)
    finally:
        c.close()


def test_extra_float_digits_zero(cur):
    cur.execute("set extra_float_digits = 0")
    try:
        assert one(cur, "point '(0.1,0.2)' + point '(0.2,0.1)'") == "(0.3,0.3)"
        assert one(cur, "circle '<(0,0),1>' <-> point '(5,5)'") == "6.07106781186548"
    finally:
        cur.execute("set extra_float_digits = 1")


def test_pg_hypot_is_not_libm():
    assert hypot(3.0, 4.0) == 5.0
    assert hypot(math.inf, math.nan) == math.inf
    assert math.isnan(hypot(1.0, math.nan))


VALUES = {
    600: Point(1.5, -2.0),
    601: LSeg(Point(1, 2), Point(3, 4)),
    602: Path((Point(1, 2), Point(3, 4), Point(5, 6)), True),
    603: Box(Point(2, 3), Point(0, 1)),
    604: Polygon((Point(0, 0), Point(1, 1), Point(1, 0)), Box(Point(1, 1), Point(0, 0))),
    628: Line(1.0, -1.0, 0.0),
    718: Circle(Point(1, 2), 3.0),
}


@pytest.mark.parametrize("typoid", sorted(VALUES))
def test_binary_round_trip(typoid):
    v = VALUES[typoid]
    data = type_send(None, typoid, v)
    assert type_receive(None, typoid, data) == v


def test_binary_layouts():
    assert type_send(None, 600, Point(1, 2)) == struct.pack("!dd", 1, 2)
    assert type_send(None, 602, VALUES[602])[:5] == b"\x01\x00\x00\x00\x03"
    assert type_send(None, 604, VALUES[604])[:4] == b"\x00\x00\x00\x03"


def test_disk_layouts():
    desc = TupleDesc([attr_for_type(t) for t in sorted(VALUES)])
    data, has_null, _vw, _bm = desc.fill([VALUES[t] for t in sorted(VALUES)])
    assert not has_null
    assert desc.deform(data, 0, None) == [VALUES[t] for t in sorted(VALUES)]
    assert [attr_for_type(t)[1] for t in (600, 601, 603, 628, 718)] == [16, 32, 32, 24, 24]
    # point: two float8 at offset 0
    assert data[:16] == struct.pack("<dd", 1.5, -2.0)
    # lseg at offset 16; path (short varlena) after it: npts, closed, 0, points
    assert data[16:48] == struct.pack("<4d", 1, 2, 3, 4)
    assert data[48] == ((1 + 12 + 48) << 1) | 1
    assert data[49:61] == struct.pack("<iii", 3, 1, 0)


def test_storage_round_trip_through_sql(cur):
    cur.execute("create table geo(p point, l lseg, b box, pa path, po polygon, c circle, li line)")
    cur.execute("insert into geo values ('(1,2)', '[(1,2),(3,4)]', '(0,0),(2,2)', "
                "'((1,2),(3,4),(5,5))', '(0,0),(4,4),(4,0)', '<(1,1),2>', '{1,-1,0}')")
    cur.execute("select p::text, l::text, b::text, pa::text, po::text, c::text, li::text from geo")
    assert cur.fetchall() == [("(1,2)", "[(1,2),(3,4)]", "(2,2),(0,0)", "((1,2),(3,4),(5,5))",
                               "((0,0),(4,4),(4,0))", "<(1,1),2>", "{1,-1,0}")]


coords = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coords, coords), min_size=1, max_size=20), st.booleans())
def test_text_round_trip(points, closed):
    path = Path(tuple(Point(x, y) for x, y in points), closed)
    assert gio.path_from_text(gio.path_to_text(path)) == path
    poly = gio.poly_from_text(gio.poly_to_text(Polygon(path.points, None)))
    assert poly.points == path.points
    p = path.points[0]
    assert gio.point_from_text(gio.point_to_text(p)) == p


def test_bad_input_is_22p02():
    for bad in ("asdfasdf", "(10.0,10.0", "(10.0, 10.0) x"):
        with pytest.raises(PgError) as e:
            gio.point_from_text(bad)
        assert e.value.sqlstate == "22P02"

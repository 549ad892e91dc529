"""Geometric values and the arithmetic they are built from (PostgreSQL's
geo_decls.h and the float8 helpers of float.h).

Where it sits: the bottom of ``types/geometric/`` (spec/03-types.md,
"Geometric types").  Every geometric function in io.py, lines.py and
shapes.py works on the immutable values defined here and on these helpers,
so the fuzzy comparisons and the overflow checks are the same everywhere.

Python representation (the datum contract, as values.py for other types)::

    point    Point(x, y)                      16 bytes on disk
    lseg     LSeg(p1, p2)                     32
    box      Box(high, low)  high >= low      32 (high.x, high.y, low.x, low.y)
    line     Line(a, b, c)   Ax + By + C = 0  24
    circle   Circle(center, radius)           24
    path     Path(points, closed)             varlena: npts, closed, pad, points
    polygon  Polygon(points, boundbox)        varlena: npts, boundbox, points

Fuzzy comparisons (INV-TYPES-GEO-1): geometric predicates compare with
EPSILON = 1e-6 exactly as the FP* macros do -- ``FPlt(a, b)`` is
``a + EPSILON < b`` and so on -- while NaN-involving equalities use exact
float8 equality (NaN = NaN).

float8 arithmetic (INV-TYPES-GEO-2): ``pl, mi, mul, div`` raise 22003
"value out of range: overflow/underflow" and 22012 "division by zero" as
float8_pl & co. do; ``hypot`` is pg_hypot (x * sqrt(1 + (y/x)^2)), not
libm's, so distances are bit-identical to PostgreSQL's.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from pgref.errors import PgError

EPSILON = 1.0e-06
INF = math.inf
NAN = math.nan
isnan = math.isnan
isinf = math.isinf


class Point(NamedTuple):
    x: float
    y: float


class LSeg(NamedTuple):
    p1: Point
    p2: Point


class Box(NamedTuple):
    high: Point
    low: Point


class Line(NamedTuple):
    a: float
    b: float
    c: float


class Circle(NamedTuple):
    center: Point
    radius: float


class Path(NamedTuple):
    points: tuple
    closed: bool


class Polygon(NamedTuple):
    points: tuple
    boundbox: Box


# -- FP macros ------------------------------------------------------------------

def FPzero(a: float) -> bool:
    return abs(a) <= EPSILON


def FPeq(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= EPSILON


def FPne(a: float, b: float) -> bool:
    return a != b and abs(a - b) > EPSILON


def FPlt(a: float, b: float) -> bool:
    return a + EPSILON < b


def FPle(a: float, b: float) -> bool:
    return a <= b + EPSILON


def FPgt(a: float, b: float) -> bool:
    return a > b + EPSILON


def FPge(a: float, b: float) -> bool:
    return a + EPSILON >= b


# -- float8 helpers (float.h) ------------------------------------------------------------

def _overflow():
    return PgError("22003", "value out of range: overflow")


def _underflow():
    return PgError("22003", "value out of range: underflow")


def pl(a: float, b: float) -> float:
    r = a + b
    if isinf(r) and not isinf(a) and not isinf(b):
        raise _overflow()
    return r


def mi(a: float, b: float) -> float:
    r = a - b
    if isinf(r) and not isinf(a) and not isinf(b):
        raise _overflow()
    return r


def mul(a: float, b: float) -> float:
    r = a * b
    if isinf(r) and not isinf(a) and not isinf(b):
        raise _overflow()
    if r == 0.0 and a != 0.0 and b != 0.0:
        raise _underflow()
    return r


def div(a: float, b: float) -> float:
    if b == 0.0 and not isnan(a):
        raise PgError("22012", "division by zero")
    if b == 0.0:
        return NAN
    r = a / b
    if isinf(r) and not isinf(a):
        raise _overflow()
    if r == 0.0 and a != 0.0 and not isinf(b):
        raise _underflow()
    return r


def f8_eq(a: float, b: float) -> bool:
    """float8_eq: NaN equals NaN."""
    if isnan(a):
        return isnan(b)
    return not isnan(b) and a == b


def f8_lt(a: float, b: float) -> bool:
    """float8_lt: NaN sorts above everything."""
    if isnan(a):
        return False
    return isnan(b) or a < b


def f8_gt(a: float, b: float) -> bool:
    if isnan(a):
        return not isnan(b)
    return not isnan(b) and a > b


def f8_min(a: float, b: float) -> float:
    return a if f8_lt(a, b) else b


def f8_max(a: float, b: float) -> float:
    return a if f8_gt(a, b) else b


def hypot(x: float, y: float) -> float:
    """pg_hypot."""
    if isinf(x) or isinf(y):
        return INF
    if isnan(x) or isnan(y):
        return NAN
    x = abs(x)
    y = abs(y)
    if x < y:
        x, y = y, x
    if y == 0.0:
        return x
    yx = y / x
    return x * math.sqrt(1.0 + yx * yx)


# -- points -------------------------------------------------------------------------------------

def point_eq_point(p1: Point, p2: Point) -> bool:
    if isnan(p1.x) or isnan(p1.y) or isnan(p2.x) or isnan(p2.y):
        return f8_eq(p1.x, p2.x) and f8_eq(p1.y, p2.y)
    return FPeq(p1.x, p2.x) and FPeq(p1.y, p2.y)


def point_dt(p1: Point, p2: Point) -> float:
    return hypot(mi(p1.x, p2.x), mi(p1.y, p2.y))


def point_sl(p1: Point, p2: Point) -> float:
    if FPeq(p1.x, p2.x):
        return INF
    if FPeq(p1.y, p2.y):
        return 0.0
    return div(mi(p1.y, p2.y), mi(p1.x, p2.x))


def point_invsl(p1: Point, p2: Point) -> float:
    if FPeq(p1.x, p2.x):
        return 0.0
    if FPeq(p1.y, p2.y):
        return INF
    return div(mi(p1.x, p2.x), mi(p2.y, p1.y))


def point_add(p1: Point, p2: Point) -> Point:
    return Point(pl(p1.x, p2.x), pl(p1.y, p2.y))


def point_sub(p1: Point, p2: Point) -> Point:
    return Point(mi(p1.x, p2.x), mi(p1.y, p2.y))


def point_mul(p1: Point, p2: Point) -> Point:
    return Point(mi(mul(p1.x, p2.x), mul(p1.y, p2.y)),
                 pl(mul(p1.x, p2.y), mul(p1.y, p2.x)))


def point_div(p1: Point, p2: Point) -> Point:
    d = pl(mul(p2.x, p2.x), mul(p2.y, p2.y))
    return Point(div(pl(mul(p1.x, p2.x), mul(p1.y, p2.y)), d),
                 div(mi(mul(p1.y, p2.x), mul(p1.x, p2.y)), d))


def box_construct(p1: Point, p2: Point) -> Box:
    """box_construct: the corners ordered high/low."""
    if f8_gt(p1.x, p2.x):
        hx, lx = p1.x, p2.x
    else:
        hx, lx = p2.x, p1.x
    if f8_gt(p1.y, p2.y):
        hy, ly = p1.y, p2.y
    else:
        hy, ly = p2.y, p1.y
    return Box(Point(hx, hy), Point(lx, ly))


def make_bound_box(points) -> Box:
    if not points:
        raise PgError("22023", "cannot create bounding box for empty polygon")
    x1 = x2 = points[0].x
    y1 = y2 = points[0].y
    for p in points[1:]:
        if f8_lt(p.x, x1):
            x1 = p.x
        if f8_gt(p.x, x2):
            x2 = p.x
        if f8_lt(p.y, y1):
            y1 = p.y
        if f8_gt(p.y, y2):
            y2 = p.y
    return Box(Point(x2, y2), Point(x1, y1))

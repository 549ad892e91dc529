"""Points, line segments and lines: the geometry every other shape is
reduced to (geo_ops.c, the point_*, lseg_*, line_* families and their
closest-point helpers).

Where it sits: ``types/geometric/`` (spec/03-types.md, "Geometric
types").  The helpers named ``*_closept_*`` and ``*_interpt_*`` follow
PostgreSQL's: they return a distance (or whether there is an intersection)
and, when asked, the point found, so functions such as ``close_ps`` and
``dist_ps`` share one computation.  Operator implementations are
registered with the function manager under PostgreSQL's prosrc names.
"""
from __future__ import annotations

from pgref.errors import PgError
from pgref.types.fmgr import builtin
from pgref.types.geometric.base import (
    Box, FPeq, FPge, FPgt, FPle, FPlt, FPzero, INF, LSeg, Line, NAN, Point, box_construct, div,
    f8_eq, f8_lt,
    f8_max, f8_min, hypot, isinf, isnan, mi, mul, pl, point_add, point_div, point_dt,
    point_eq_point, point_invsl, point_mul, point_sl, point_sub,
)

# -- lines -----------------------------------------------------------------------------


def line_construct(pt: Point, m: float) -> Line:
    """The line through ``pt`` with slope ``m``."""
    if isinf(m):
        return Line(-1.0, 0.0, pt.x)
    if m == 0:
        return Line(0.0, -1.0, pt.y)
    c = mi(pt.y, mul(m, pt.x))
    return Line(m, -1.0, 0.0 if c == 0.0 else c)


def line_sl(line: Line) -> float:
    if FPzero(line.a):
        return 0.0
    if FPzero(line.b):
        return INF
    return div(line.a, -line.b)


def line_invsl(line: Line) -> float:
    if FPzero(line.a):
        return INF
    if FPzero(line.b):
        return 0.0
    return div(line.b, line.a)


def line_interpt_line(l1: Line, l2: Line) -> Point | None:
    """The intersection point of two lines, None when parallel."""
    if not FPzero(l1.b):
        if FPeq(l2.a, mul(l1.a, div(l2.b, l1.b))):
            return None
        x = div(mi(mul(l1.b, l2.c), mul(l2.b, l1.c)), mi(mul(l1.a, l2.b), mul(l2.a, l1.b)))
        y = div(-pl(mul(l1.a, x), l1.c), l1.b)
    elif not FPzero(l2.b):
        if FPeq(l1.a, mul(l2.a, div(l1.b, l2.b))):
            return None
        x = div(mi(mul(l2.b, l1.c), mul(l1.b, l2.c)), mi(mul(l2.a, l1.b), mul(l1.a, l2.b)))
        y = div(-pl(mul(l2.a, x), l2.c), l2.b)
    else:
        return None
    return Point(0.0 if x == 0.0 else x, 0.0 if y == 0.0 else y)


def line_contain_point(line: Line, p: Point) -> bool:
    return FPzero(pl(pl(mul(line.a, p.x), mul(line.b, p.y)), line.c))


def line_closept_point(line: Line, pt: Point) -> tuple[float, Point]:
    """Drop a perpendicular from ``pt``; NaN distance when it cannot be found."""
    tmp = line_construct(pt, line_invsl(line))
    closept = line_interpt_line(tmp, line)
    if closept is None:
        return NAN, pt
    return point_dt(closept, pt), closept


# -- line segments ----------------------------------------------------------------------------

def lseg_sl(s: LSeg) -> float:
    return point_sl(s.p1, s.p2)


def lseg_contain_point(s: LSeg, p: Point) -> bool:
    return FPeq(pl(point_dt(p, s.p1), point_dt(p, s.p2)), point_dt(s.p1, s.p2))


def lseg_interpt_line(s: LSeg, line: Line) -> Point | None:
    tmp = line_construct(s.p1, lseg_sl(s))
    interpt = line_interpt_line(tmp, line)
    if interpt is None or not lseg_contain_point(s, interpt):
        return None
    if point_eq_point(s.p1, interpt):
        return s.p1
    if point_eq_point(s.p2, interpt):
        return s.p2
    return interpt


def lseg_interpt_lseg(l1: LSeg, l2: LSeg) -> Point | None:
    tmp = line_construct(l2.p1, lseg_sl(l2))
    interpt = lseg_interpt_line(l1, tmp)
    if interpt is None or not lseg_contain_point(l2, interpt):
        return None
    return interpt


def lseg_closept_line(s: LSeg, line: Line) -> tuple[float, Point]:
    ip = lseg_interpt_line(s, line)
    if ip is not None:
        return 0.0, ip
    d1, _ = line_closept_point(line, s.p1)
    d2, _ = line_closept_point(line, s.p2)
    if d1 < d2:
        return d1, s.p1
    return d2, s.p2


def lseg_closept_point(s: LSeg, pt: Point) -> tuple[float, Point]:
    tmp = line_construct(pt, point_invsl(s.p1, s.p2))
    _d, closept = lseg_closept_line(s, tmp)
    return point_dt(closept, pt), closept


def lseg_closept_lseg(on: LSeg, to: LSeg) -> tuple[float, Point | None]:
    ip = lseg_interpt_lseg(on, to)
    if ip is not None:
        return 0.0, ip
    dist, result = lseg_closept_point(on, to.p1)
    d, point = lseg_closept_point(on, to.p2)
    if f8_lt(d, dist):
        dist, result = d, point
    d, _ = lseg_closept_point(to, on.p1)
    if f8_lt(d, dist):
        dist, result = d, on.p1
    d, _ = lseg_closept_point(to, on.p2)
    if f8_lt(d, dist):
        dist, result = d, on.p2
    return dist, result


# -- boxes, as far as the segment code needs them ----------------------------------------------

def box_ov(b1: Box, b2: Box) -> bool:
    return (FPle(b1.low.x, b2.high.x) and FPle(b2.low.x, b1.high.x) and
            FPle(b1.low.y, b2.high.y) and FPle(b2.low.y, b1.high.y))


def box_cn(b: Box) -> Point:
    return Point(div(pl(b.high.x, b.low.x), 2.0), div(pl(b.high.y, b.low.y), 2.0))


def box_contain_point(b: Box, p: Point) -> bool:
    return b.high.x >= p.x and b.low.x <= p.x and b.high.y >= p.y and b.low.y <= p.y


def _box_sides(b: Box):
    """The four sides in PostgreSQL's order of examination."""
    pt = Point(b.low.x, b.high.y)
    yield LSeg(b.low, pt)
    yield LSeg(b.high, pt)
    pt = Point(b.high.x, b.low.y)
    yield LSeg(b.low, pt)
    yield LSeg(b.high, pt)


def box_closept_point(b: Box, pt: Point) -> tuple[float, Point]:
    if box_contain_point(b, pt):
        return 0.0, pt
    sides = _box_sides(b)
    dist, result = lseg_closept_point(next(sides), pt)
    for s in sides:
        d, closept = lseg_closept_point(s, pt)
        if f8_lt(d, dist):
            dist, result = d, closept
    return dist, result


def box_interpt_lseg(b: Box, s: LSeg, want_point: bool = False):
    """(intersects, a point) -- the point is the segment's point closest to
    the box centre, as PostgreSQL reports it."""
    lbox = Box(Point(f8_max(s.p1.x, s.p2.x), f8_max(s.p1.y, s.p2.y)),
               Point(f8_min(s.p1.x, s.p2.x), f8_min(s.p1.y, s.p2.y)))
    if not box_ov(lbox, b):
        return False, None
    point = lseg_closept_point(s, box_cn(b))[1] if want_point else None
    if box_contain_point(b, s.p1) or box_contain_point(b, s.p2):
        return True, point
    for side in _box_sides(b):
        if lseg_interpt_lseg(side, s) is not None:
            return True, point
    return False, None


def box_closept_lseg(b: Box, s: LSeg) -> tuple[float, Point | None]:
    hit, point = box_interpt_lseg(b, s, True)
    if hit:
        return 0.0, point
    sides = _box_sides(b)
    dist, result = lseg_closept_lseg(next(sides), s)
    for side in sides:
        d, closept = lseg_closept_lseg(side, s)
        if f8_lt(d, dist):
            dist, result = d, closept
    return dist, result


# -- SQL functions: point ------------------------------------------------------------------------

@builtin("construct_point")
def construct_point(x, y):
    return Point(x, y)


@builtin("point_left")
def point_left(a, b):
    return FPlt(a.x, b.x)


@builtin("point_right")
def point_right(a, b):
    return FPgt(a.x, b.x)


@builtin("point_above")
def point_above(a, b):
    return FPgt(a.y, b.y)


@builtin("point_below")
def point_below(a, b):
    return FPlt(a.y, b.y)


@builtin("point_vert")
def point_vert(a, b):
    return FPeq(a.x, b.x)


@builtin("point_horiz")
def point_horiz(a, b):
    return FPeq(a.y, b.y)


@builtin("point_eq")
def point_eq(a, b):
    return point_eq_point(a, b)


@builtin("point_ne")
def point_ne(a, b):
    return not point_eq_point(a, b)


@builtin("point_distance")
def point_distance(a, b):
    return point_dt(a, b)


@builtin("point_slope")
def point_slope(a, b):
    return point_sl(a, b)


builtin("point_add")(point_add)
builtin("point_sub")(point_sub)
builtin("point_mul")(point_mul)
builtin("point_div")(point_div)


@builtin("points_box")
def points_box(a, b):
    return box_construct(a, b)


@builtin("point_box")
def point_box(p):
    return Box(p, p)


# -- lseg ------------------------------------------------------------------------------------------

@builtin("lseg_construct")
def lseg_construct(a, b):
    return LSeg(a, b)


@builtin("lseg_length")
def lseg_length(s):
    return point_dt(s.p1, s.p2)


@builtin("lseg_parallel")
def lseg_parallel(l1, l2):
    return FPeq(lseg_sl(l1), lseg_sl(l2))


@builtin("lseg_perp")
def lseg_perp(l1, l2):
    return FPeq(lseg_sl(l1), point_invsl(l2.p1, l2.p2))


@builtin("lseg_vertical")
def lseg_vertical(s):
    return FPeq(s.p1.x, s.p2.x)


@builtin("lseg_horizontal")
def lseg_horizontal(s):
    return FPeq(s.p1.y, s.p2.y)


@builtin("lseg_eq")
def lseg_eq(l1, l2):
    return point_eq_point(l1.p1, l2.p1) and point_eq_point(l1.p2, l2.p2)


@builtin("lseg_ne")
def lseg_ne(l1, l2):
    return not point_eq_point(l1.p1, l2.p1) or not point_eq_point(l1.p2, l2.p2)


def _len_cmp(op):
    def f(l1, l2):
        return op(point_dt(l1.p1, l1.p2), point_dt(l2.p1, l2.p2))
    return f


builtin("lseg_lt")(_len_cmp(FPlt))
builtin("lseg_le")(_len_cmp(FPle))
builtin("lseg_gt")(_len_cmp(FPgt))
builtin("lseg_ge")(_len_cmp(FPge))


@builtin("lseg_center")
def lseg_center(s):
    return Point(div(pl(s.p1.x, s.p2.x), 2.0), div(pl(s.p1.y, s.p2.y), 2.0))


@builtin("lseg_interpt")
def lseg_interpt(l1, l2):
    return lseg_interpt_lseg(l1, l2)


@builtin("lseg_intersect")
def lseg_intersect(l1, l2):
    return lseg_interpt_lseg(l1, l2) is not None


@builtin("lseg_distance")
def lseg_distance(l1, l2):
    return lseg_closept_lseg(l1, l2)[0]


# -- line ------------------------------------------------------------------------------------------

@builtin("line_construct_pp")
def line_construct_pp(p1, p2):
    if point_eq_point(p1, p2):
        raise PgError("22023", "invalid line specification: must be two distinct points")
    return line_construct(p1, point_sl(p1, p2))


@builtin("line_intersect")
def line_intersect(l1, l2):
    return line_interpt_line(l1, l2) is not None


@builtin("line_parallel")
def line_parallel(l1, l2):
    return line_interpt_line(l1, l2) is None


@builtin("line_perp")
def line_perp(l1, l2):
    if FPzero(l1.a):
        return FPzero(l2.b)
    if FPzero(l2.a):
        return FPzero(l1.b)
    if FPzero(l1.b):
        return FPzero(l2.a)
    if FPzero(l2.b):
        return FPzero(l1.a)
    return FPeq(div(mul(l1.a, l2.a), mul(l1.b, l2.b)), -1.0)


@builtin("line_vertical")
def line_vertical(line):
    return FPzero(line.b)


@builtin("line_horizontal")
def line_horizontal(line):
    return FPzero(line.a)


@builtin("line_eq")
def line_eq(l1, l2):
    if any(isnan(v) for v in (*l1, *l2)):
        return f8_eq(l1.a, l2.a) and f8_eq(l1.b, l2.b) and f8_eq(l1.c, l2.c)
    if not FPzero(l2.a):
        ratio = div(l1.a, l2.a)
    elif not FPzero(l2.b):
        ratio = div(l1.b, l2.b)
    elif not FPzero(l2.c):
        ratio = div(l1.c, l2.c)
    else:
        ratio = 1.0
    return (FPeq(l1.a, mul(ratio, l2.a)) and FPeq(l1.b, mul(ratio, l2.b)) and
            FPeq(l1.c, mul(ratio, l2.c)))


@builtin("line_distance")
def line_distance(l1, l2):
    if line_interpt_line(l1, l2) is not None:
        return 0.0
    if not FPzero(l1.a) and not isnan(l1.a) and not FPzero(l2.a) and not isnan(l2.a):
        ratio = div(l1.a, l2.a)
    elif not FPzero(l1.b) and not isnan(l1.b) and not FPzero(l2.b) and not isnan(l2.b):
        ratio = div(l1.b, l2.b)
    else:
        ratio = 1.0
    return div(abs(mi(l1.c, mul(ratio, l2.c))), hypot(l1.a, l1.b))


@builtin("line_interpt")
def line_interpt(l1, l2):
    return line_interpt_line(l1, l2)


# -- distances, closest points, intersections, containment ---------------------------------------

@builtin("dist_pl")
def dist_pl(pt, line):
    return line_closept_point(line, pt)[0]


@builtin("dist_lp")
def dist_lp(line, pt):
    return line_closept_point(line, pt)[0]


@builtin("dist_ps")
def dist_ps(pt, s):
    return lseg_closept_point(s, pt)[0]


@builtin("dist_sp")
def dist_sp(s, pt):
    return lseg_closept_point(s, pt)[0]


@builtin("dist_sl")
def dist_sl(s, line):
    return lseg_closept_line(s, line)[0]


@builtin("dist_ls")
def dist_ls(line, s):
    return lseg_closept_line(s, line)[0]


@builtin("dist_sb")
def dist_sb(s, b):
    return box_closept_lseg(b, s)[0]


@builtin("dist_bs")
def dist_bs(b, s):
    return box_closept_lseg(b, s)[0]


@builtin("dist_pb")
def dist_pb(pt, b):
    return box_closept_point(b, pt)[0]


@builtin("dist_bp")
def dist_bp(b, pt):
    return box_closept_point(b, pt)[0]


@builtin("close_pl")
def close_pl(pt, line):
    d, p = line_closept_point(line, pt)
    return None if isnan(d) else p


@builtin("close_ps")
def close_ps(pt, s):
    d, p = lseg_closept_point(s, pt)
    return None if isnan(d) else p


@builtin("close_lseg")
def close_lseg(l1, l2):
    if lseg_sl(l1) == lseg_sl(l2):
        return None
    d, p = lseg_closept_lseg(l2, l1)
    return None if isnan(d) else p


@builtin("close_pb")
def close_pb(pt, b):
    d, p = box_closept_point(b, pt)
    return None if isnan(d) else p


@builtin("close_ls")
def close_ls(line, s):
    if lseg_sl(s) == line_sl(line):
        return None
    d, p = lseg_closept_line(s, line)
    return None if isnan(d) else p


@builtin("close_sb")
def close_sb(s, b):
    d, p = box_closept_lseg(b, s)
    return None if isnan(d) else p


@builtin("on_pl")
def on_pl(pt, line):
    return line_contain_point(line, pt)


@builtin("on_ps")
def on_ps(pt, s):
    return lseg_contain_point(s, pt)


@builtin("on_pb")
def on_pb(pt, b):
    return box_contain_point(b, pt)


@builtin("box_contain_pt")
def box_contain_pt(b, pt):
    return box_contain_point(b, pt)


@builtin("on_sl")
def on_sl(s, line):
    return line_contain_point(line, s.p1) and line_contain_point(line, s.p2)


@builtin("on_sb")
def on_sb(s, b):
    return box_contain_point(b, s.p1) and box_contain_point(b, s.p2)


@builtin("inter_sl")
def inter_sl(s, line):
    return lseg_interpt_line(s, line) is not None


@builtin("inter_sb")
def inter_sb(s, b):
    return box_interpt_lseg(b, s)[0]


@builtin("inter_lb")
def inter_lb(line, b):
    p1 = Point(b.low.x, b.low.y)
    p2 = Point(b.low.x, b.high.y)
    if lseg_interpt_line(LSeg(p1, p2), line) is not None:
        return True
    p1 = Point(b.high.x, b.high.y)
    if lseg_interpt_line(LSeg(p1, p2), line) is not None:
        return True
    p2 = Point(b.high.x, b.low.y)
    if lseg_interpt_line(LSeg(p1, p2), line) is not None:
        return True
    p1 = Point(b.low.x, b.low.y)
    return lseg_interpt_line(LSeg(p1, p2), line) is not None


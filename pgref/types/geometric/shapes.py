"""Boxes, paths, polygons and circles: their operators and functions
(geo_ops.c, the box_*, path_*, poly_*, circle_* families).

Where it sits: ``types/geometric/`` (spec/03-types.md, "Geometric types"),
above lines.py whose segment helpers it uses.  Polygons are tested with
PostgreSQL's crossing-number walk (``point_inside`` / ``lseg_crossing``:
0 outside, 1 inside, 2 on the boundary) and polygon containment with the
recursive ``lseg_inside_poly``, so answers on edges and vertices are
PostgreSQL's.  Registered under PostgreSQL's prosrc names.
"""
from __future__ import annotations

import math

from pgref.errors import PgError
from pgref.types.fmgr import builtin
from pgref.types.geometric.base import (
    Box, Circle, FPeq, FPge, FPgt, FPle, FPlt, FPne, FPzero, LSeg, Path, Point, Polygon,
    box_construct, div, f8_lt, f8_max, f8_min, hypot, isnan, make_bound_box, mi, mul, pl,
    point_add, point_div, point_dt, point_eq_point, point_mul, point_sub,
)
from pgref.types.geometric.lines import (
    box_cn, box_contain_point, box_ov, lseg_closept_lseg, lseg_closept_point,
    lseg_contain_point, lseg_interpt_lseg,
)

POINT_ON_POLYGON = 2 ** 31 - 1

# -- box -----------------------------------------------------------------------------------


def box_ar(b: Box) -> float:
    return mul(mi(b.high.x, b.low.x), mi(b.high.y, b.low.y))


def box_contain_box(outer: Box, inner: Box) -> bool:
    return (FPge(outer.high.x, inner.high.x) and FPle(outer.low.x, inner.low.x) and
            FPge(outer.high.y, inner.high.y) and FPle(outer.low.y, inner.low.y))


@builtin("box_same")
def box_same(a, b):
    return point_eq_point(a.high, b.high) and point_eq_point(a.low, b.low)


@builtin("box_overlap")
def box_overlap(a, b):
    return box_ov(a, b)


_BOX_POS = {
    "box_left": lambda a, b: FPlt(a.high.x, b.low.x),
    "box_overleft": lambda a, b: FPle(a.high.x, b.high.x),
    "box_right": lambda a, b: FPgt(a.low.x, b.high.x),
    "box_overright": lambda a, b: FPge(a.low.x, b.low.x),
    "box_below": lambda a, b: FPlt(a.high.y, b.low.y),
    "box_overbelow": lambda a, b: FPle(a.high.y, b.high.y),
    "box_above": lambda a, b: FPgt(a.low.y, b.high.y),
    "box_overabove": lambda a, b: FPge(a.low.y, b.low.y),
    "box_below_eq": lambda a, b: FPle(a.high.y, b.low.y),
    "box_above_eq": lambda a, b: FPge(a.low.y, b.high.y),
    "box_contained": lambda a, b: box_contain_box(b, a),
    "box_contain": lambda a, b: box_contain_box(a, b),
    "box_lt": lambda a, b: FPlt(box_ar(a), box_ar(b)),
    "box_gt": lambda a, b: FPgt(box_ar(a), box_ar(b)),
    "box_eq": lambda a, b: FPeq(box_ar(a), box_ar(b)),
    "box_le": lambda a, b: FPle(box_ar(a), box_ar(b)),
    "box_ge": lambda a, b: FPge(box_ar(a), box_ar(b)),
}
for _n, _f in _BOX_POS.items():
    builtin(_n)(_f)


@builtin("box_area")
def box_area(b):
    return box_ar(b)


@builtin("box_width")
def box_width(b):
    return mi(b.high.x, b.low.x)


@builtin("box_height")
def box_height(b):
    return mi(b.high.y, b.low.y)


@builtin("box_distance")
def box_distance(a, b):
    return point_dt(box_cn(a), box_cn(b))


@builtin("box_center")
def box_center(b):
    return box_cn(b)


@builtin("box_intersect")
def box_intersect(a, b):
    if not box_ov(a, b):
        return None
    return Box(Point(f8_min(a.high.x, b.high.x), f8_min(a.high.y, b.high.y)),
               Point(f8_max(a.low.x, b.low.x), f8_max(a.low.y, b.low.y)))


@builtin("box_diagonal")
def box_diagonal(b):
    return LSeg(b.high, b.low)


@builtin("box_add")
def box_add(b, p):
    return Box(point_add(b.high, p), point_add(b.low, p))


@builtin("box_sub")
def box_sub(b, p):
    return Box(point_sub(b.high, p), point_sub(b.low, p))


@builtin("box_mul")
def box_mul(b, p):
    return box_construct(point_mul(b.high, p), point_mul(b.low, p))


@builtin("box_div")
def box_div(b, p):
    return box_construct(point_div(b.high, p), point_div(b.low, p))


@builtin("boxes_bound_box")
def boxes_bound_box(a, b):
    return Box(Point(f8_max(a.high.x, b.high.x), f8_max(a.high.y, b.high.y)),
               Point(f8_min(a.low.x, b.low.x), f8_min(a.low.y, b.low.y)))


@builtin("box_poly")
def box_poly(b):
    pts = (Point(b.low.x, b.low.y), Point(b.low.x, b.high.y), Point(b.high.x, b.high.y),
           Point(b.high.x, b.low.y))
    return Polygon(pts, b)


@builtin("box_circle")
def box_circle(b):
    c = Point(div(pl(b.high.x, b.low.x), 2.0), div(pl(b.high.y, b.low.y), 2.0))
    return Circle(c, point_dt(c, b.high))


# -- polygons: the crossing-number walk -------------------------------------------------------

def lseg_crossing(x: float, y: float, prev_x: float, prev_y: float) -> int:
    if FPzero(y):
        if FPzero(x):
            return POINT_ON_POLYGON
        if FPgt(x, 0):
            if FPzero(prev_y):
                return 0 if FPgt(prev_x, 0.0) else POINT_ON_POLYGON
            return 1 if FPlt(prev_y, 0.0) else -1
        if FPzero(prev_y):
            return 0 if FPlt(prev_x, 0.0) else POINT_ON_POLYGON
        return 0
    y_sign = 1 if FPgt(y, 0.0) else -1
    if FPzero(prev_y):
        return 0 if FPlt(prev_x, 0.0) else y_sign
    if (y_sign < 0 and FPlt(prev_y, 0.0)) or (y_sign > 0 and FPgt(prev_y, 0.0)):
        return 0
    if FPge(x, 0.0) and FPgt(prev_x, 0.0):
        return 2 * y_sign
    if FPlt(x, 0.0) and FPle(prev_x, 0.0):
        return 0
    z = mi(mul(mi(x, prev_x), y), mul(mi(y, prev_y), x))
    if FPzero(z):
        return POINT_ON_POLYGON
    if (y_sign < 0 and FPlt(z, 0.0)) or (y_sign > 0 and FPgt(z, 0.0)):
        return 0
    return 2 * y_sign


def point_inside(p: Point, plist) -> int:
    """0 outside, 1 inside, 2 on the boundary."""
    x0 = mi(plist[0].x, p.x)
    y0 = mi(plist[0].y, p.y)
    prev_x, prev_y = x0, y0
    total = 0
    for q in plist[1:]:
        x = mi(q.x, p.x)
        y = mi(q.y, p.y)
        cross = lseg_crossing(x, y, prev_x, prev_y)
        if cross == POINT_ON_POLYGON:
            return 2
        total += cross
        prev_x, prev_y = x, y
    cross = lseg_crossing(x0, y0, prev_x, prev_y)
    if cross == POINT_ON_POLYGON:
        return 2
    total += cross
    return 1 if total != 0 else 0


def _touched_lseg_inside_poly(a: Point, b: Point, s: LSeg, poly, start: int) -> bool:
    t = LSeg(a, b)
    if point_eq_point(a, s.p1):
        if lseg_contain_point(t, s.p2):
            return lseg_inside_poly(b, s.p2, poly, start)
    elif point_eq_point(a, s.p2):
        if lseg_contain_point(t, s.p1):
            return lseg_inside_poly(b, s.p1, poly, start)
    elif lseg_contain_point(t, s.p1):
        return lseg_inside_poly(b, s.p1, poly, start)
    elif lseg_contain_point(t, s.p2):
        return lseg_inside_poly(b, s.p2, poly, start)
    return True


def lseg_inside_poly(a: Point, b: Point, poly: Polygon, start: int) -> bool:
    pts = poly.points
    n = len(pts)
    t = LSeg(a, b)
    res = True
    intersection = False
    s0 = pts[n - 1] if start == 0 else pts[start - 1]
    i = start
    while i < n and res:
        s = LSeg(s0, pts[i])
        if lseg_contain_point(s, t.p1):
            if lseg_contain_point(s, t.p2):
                return True
            res = _touched_lseg_inside_poly(t.p1, t.p2, s, poly, i + 1)
        elif lseg_contain_point(s, t.p2):
            res = _touched_lseg_inside_poly(t.p2, t.p1, s, poly, i + 1)
        else:
            ip = lseg_interpt_lseg(t, s)
            if ip is not None:
                intersection = True
                res = lseg_inside_poly(t.p1, ip, poly, i + 1)
                if res:
                    res = lseg_inside_poly(t.p2, ip, poly, i + 1)
        s0 = s.p2
        i += 1
    if res and not intersection:
        p = Point(div(pl(t.p1.x, t.p2.x), 2.0), div(pl(t.p1.y, t.p2.y), 2.0))
        res = point_inside(p, pts) != 0
    return res


def poly_contain_poly(outer: Polygon, inner: Polygon) -> bool:
    if not box_contain_box(outer.boundbox, inner.boundbox):
        return False
    p0 = inner.points[-1]
    for p in inner.points:
        if not lseg_inside_poly(p0, p, outer, 0):
            return False
        p0 = p
    return True


def poly_overlap_internal(a: Polygon, b: Polygon) -> bool:
    if not box_ov(a.boundbox, b.boundbox):
        return False
    sa0 = a.points[-1]
    for pa in a.points:
        sb0 = b.points[-1]
        for pb in b.points:
            if lseg_interpt_lseg(LSeg(sa0, pa), LSeg(sb0, pb)) is not None:
                return True
            sb0 = pb
        sa0 = pa
    return bool(point_inside(a.points[0], b.points) or point_inside(b.points[0], a.points))


def dist_ppoly_internal(pt: Point, poly: Polygon) -> float:
    pts = poly.points
    if point_inside(pt, pts) != 0:
        return 0.0
    result = lseg_closept_point(LSeg(pts[0], pts[-1]), pt)[0]
    for i in range(len(pts) - 1):
        d = lseg_closept_point(LSeg(pts[i], pts[i + 1]), pt)[0]
        if f8_lt(d, result):
            result = d
    return result


def plist_same(p1, p2) -> bool:
    n = len(p1)
    for i in range(n):
        if point_eq_point(p2[i], p1[0]):
            ii, j = 1, i + 1
            while ii < n:
                if j >= n:
                    j = 0
                if not point_eq_point(p2[j], p1[ii]):
                    break
                ii += 1
                j += 1
            if ii == n:
                return True
            ii, j = 1, i - 1
            while ii < n:
                if j < 0:
                    j = n - 1
                if not point_eq_point(p2[j], p1[ii]):
                    break
                ii += 1
                j -= 1
            if ii == n:
                return True
    return False


def poly_to_circle(poly: Polygon) -> Circle:
    pts = poly.points
    n = len(pts)
    c = Point(0.0, 0.0)
    for p in pts:
        c = point_add(c, p)
    c = Point(div(c.x, n), div(c.y, n))
    r = 0.0
    for p in pts:
        r = pl(r, point_dt(p, c))
    return Circle(c, div(r, n))


_POLY_POS = {
    "poly_left": lambda a, b: a.boundbox.high.x < b.boundbox.low.x,
    "poly_overleft": lambda a, b: a.boundbox.high.x <= b.boundbox.high.x,
    "poly_right": lambda a, b: a.boundbox.low.x > b.boundbox.high.x,
    "poly_overright": lambda a, b: a.boundbox.low.x >= b.boundbox.low.x,
    "poly_below": lambda a, b: a.boundbox.high.y < b.boundbox.low.y,
    "poly_overbelow": lambda a, b: a.boundbox.high.y <= b.boundbox.high.y,
    "poly_above": lambda a, b: a.boundbox.low.y > b.boundbox.high.y,
    "poly_overabove": lambda a, b: a.boundbox.low.y >= b.boundbox.low.y,
    "poly_same": lambda a, b: len(a.points) == len(b.points) and plist_same(a.points, b.points),
    "poly_overlap": poly_overlap_internal,
    "poly_contain": poly_contain_poly,
    "poly_contained": lambda a, b: poly_contain_poly(b, a),
    "poly_contain_pt": lambda poly, p: point_inside(p, poly.points) != 0,
    "pt_contained_poly": lambda p, poly: point_inside(p, poly.points) != 0,
    "poly_npoints": lambda poly: len(poly.points),
    "poly_center": lambda poly: poly_to_circle(poly).center,
    "poly_circle": poly_to_circle,
    "poly_box": lambda poly: poly.boundbox,
    "poly_path": lambda poly: Path(tuple(poly.points), True),
    "dist_ppoly": lambda p, poly: dist_ppoly_internal(p, poly),
    "dist_polyp": lambda poly, p: dist_ppoly_internal(p, poly),
}
for _n, _f in _POLY_POS.items():
    builtin(_n)(_f)


@builtin("poly_distance")
def poly_distance(a, b):
    if poly_overlap_internal(a, b):
        return 0.0
    best = None
    pa = a.points
    pb = b.points
    for i in range(len(pa)):
        s1 = LSeg(pa[i - 1], pa[i])
        for j in range(len(pb)):
            d = lseg_closept_lseg(s1, LSeg(pb[j - 1], pb[j]))[0]
            if best is None or f8_lt(d, best):
                best = d
    return best


# -- paths ------------------------------------------------------------------------------------

def _segments(path: Path):
    """The segments of a path, closing one included when it is closed."""
    pts = path.points
    for i in range(len(pts)):
        if i > 0:
            yield LSeg(pts[i - 1], pts[i])
        elif path.closed:
            yield LSeg(pts[-1], pts[0])


def _bbox(points) -> Box:
    hx = lx = points[0].x
    hy = ly = points[0].y
    for p in points[1:]:
        hx = f8_max(p.x, hx)
        hy = f8_max(p.y, hy)
        lx = f8_min(p.x, lx)
        ly = f8_min(p.y, ly)
    return Box(Point(hx, hy), Point(lx, ly))


@builtin("path_inter")
def path_inter(p1, p2):
    if not box_ov(_bbox(p1.points), _bbox(p2.points)):
        return False
    for s1 in _segments(p1):
        for s2 in _segments(p2):
            if lseg_interpt_lseg(s1, s2) is not None:
                return True
    return False


@builtin("path_distance")
def path_distance(p1, p2):
    best = None
    for s1 in _segments(p1):
        for s2 in _segments(p2):
            d = lseg_closept_lseg(s1, s2)[0]
            if best is None or f8_lt(d, best):
                best = d
    return best


@builtin("path_length")
def path_length(path):
    r = 0.0
    for s in _segments(path):
        r = pl(r, point_dt(s.p1, s.p2))
    return r


@builtin("path_area")
def path_area(path):
    if not path.closed:
        return None
    pts = path.points
    n = len(pts)
    area = 0.0
    for i in range(n):
        j = (i + 1) % n
        area = pl(area, mul(pts[i].x, pts[j].y))
        area = mi(area, mul(pts[i].y, pts[j].x))
    return div(abs(area), 2.0)


_PATH_FUNCS = {
    "path_n_lt": lambda a, b: len(a.points) < len(b.points),
    "path_n_gt": lambda a, b: len(a.points) > len(b.points),
    "path_n_eq": lambda a, b: len(a.points) == len(b.points),
    "path_n_le": lambda a, b: len(a.points) <= len(b.points),
    "path_n_ge": lambda a, b: len(a.points) >= len(b.points),
    "path_isclosed": lambda p: p.closed,
    "path_isopen": lambda p: not p.closed,
    "path_npoints": lambda p: len(p.points),
    "path_close": lambda p: Path(p.points, True),
    "path_open": lambda p: Path(p.points, False),
    "path_add_pt": lambda p, q: Path(tuple(point_add(x, q) for x in p.points), p.closed),
    "path_sub_pt": lambda p, q: Path(tuple(point_sub(x, q) for x in p.points), p.closed),
    "path_mul_pt": lambda p, q: Path(tuple(point_mul(x, q) for x in p.points), p.closed),
    "path_div_pt": lambda p, q: Path(tuple(point_div(x, q) for x in p.points), p.closed),
}
for _n, _f in _PATH_FUNCS.items():
    builtin(_n)(_f)


@builtin("path_add")
def path_add(p1, p2):
    if p1.closed or p2.closed:
        return None
    return Path(tuple(p1.points) + tuple(p2.points), False)


@builtin("path_poly")
def path_poly(path):
    if not path.closed:
        raise PgError("22023", "open path cannot be converted to polygon")
    return Polygon(tuple(path.points), make_bound_box(path.points))


def dist_ppath_internal(pt: Point, path: Path) -> float:
    best = None
    for s in _segments(path):
        d = lseg_closept_point(s, pt)[0]
        if best is None or f8_lt(d, best):
            best = d
    return 0.0 if best is None else best


@builtin("dist_ppath")
def dist_ppath(pt, path):
    return dist_ppath_internal(pt, path)


@builtin("dist_pathp")
def dist_pathp(path, pt):
    return dist_ppath_internal(pt, path)


@builtin("on_ppath")
def on_ppath(pt, path):
    pts = path.points
    if not path.closed:
        a = point_dt(pt, pts[0])
        for i in range(len(pts) - 1):
            b = point_dt(pt, pts[i + 1])
            if FPeq(pl(a, b), point_dt(pts[i], pts[i + 1])):
                return True
            a = b
        return False
    return point_inside(pt, pts) != 0


# -- circles ------------------------------------------------------------------------------------

def circle_ar(c: Circle) -> float:
    return mul(mul(c.radius, c.radius), math.pi)


@builtin("circle_same")
def circle_same(a, b):
    return ((isnan(a.radius) and isnan(b.radius)) or FPeq(a.radius, b.radius)) and \
        point_eq_point(a.center, b.center)


_CIRCLE_POS = {
    "circle_overlap": lambda a, b: FPle(point_dt(a.center, b.center), pl(a.radius, b.radius)),
    "circle_overleft": lambda a, b: FPle(pl(a.center.x, a.radius), pl(b.center.x, b.radius)),
    "circle_left": lambda a, b: FPlt(pl(a.center.x, a.radius), mi(b.center.x, b.radius)),
    "circle_right": lambda a, b: FPgt(mi(a.center.x, a.radius), pl(b.center.x, b.radius)),
    "circle_overright": lambda a, b: FPge(mi(a.center.x, a.radius), mi(b.center.x, b.radius)),
    "circle_contained": lambda a, b: FPle(point_dt(a.center, b.center), mi(b.radius, a.radius)),
    "circle_contain": lambda a, b: FPle(point_dt(a.center, b.center), mi(a.radius, b.radius)),
    "circle_below": lambda a, b: FPlt(pl(a.center.y, a.radius), mi(b.center.y, b.radius)),
    "circle_above": lambda a, b: FPgt(mi(a.center.y, a.radius), pl(b.center.y, b.radius)),
    "circle_overbelow": lambda a, b: FPle(pl(a.center.y, a.radius), pl(b.center.y, b.radius)),
    "circle_overabove": lambda a, b: FPge(mi(a.center.y, a.radius), mi(b.center.y, b.radius)),
    "circle_eq": lambda a, b: FPeq(circle_ar(a), circle_ar(b)),
    "circle_ne": lambda a, b: FPne(circle_ar(a), circle_ar(b)),
    "circle_lt": lambda a, b: FPlt(circle_ar(a), circle_ar(b)),
    "circle_gt": lambda a, b: FPgt(circle_ar(a), circle_ar(b)),
    "circle_le": lambda a, b: FPle(circle_ar(a), circle_ar(b)),
    "circle_ge": lambda a, b: FPge(circle_ar(a), circle_ar(b)),
    "circle_add_pt": lambda c, p: Circle(point_add(c.center, p), c.radius),
    "circle_sub_pt": lambda c, p: Circle(point_sub(c.center, p), c.radius),
    "circle_mul_pt": lambda c, p: Circle(point_mul(c.center, p), mul(c.radius, hypot(p.x, p.y))),
    "circle_div_pt": lambda c, p: Circle(point_div(c.center, p), div(c.radius, hypot(p.x, p.y))),
    "circle_area": circle_ar,
    "circle_diameter": lambda c: mul(c.radius, 2.0),
    "circle_radius": lambda c: c.radius,
    "circle_center": lambda c: c.center,
    "cr_circle": lambda p, r: Circle(p, r),
    "circle_contain_pt": lambda c, p: FPle(point_dt(c.center, p), c.radius),
    "pt_contained_circle": lambda p, c: FPle(point_dt(c.center, p), c.radius),
}
for _n, _f in _CIRCLE_POS.items():
    builtin(_n)(_f)


def _nonneg(x: float) -> float:
    return 0.0 if x < 0.0 else x


@builtin("circle_distance")
def circle_distance(a, b):
    return _nonneg(mi(point_dt(a.center, b.center), pl(a.radius, b.radius)))


@builtin("dist_pc")
def dist_pc(p, c):
    return _nonneg(mi(point_dt(p, c.center), c.radius))


@builtin("dist_cpoint")
def dist_cpoint(c, p):
    return _nonneg(mi(point_dt(p, c.center), c.radius))


@builtin("dist_cpoly")
def dist_cpoly(c, poly):
    return _nonneg(mi(dist_ppoly_internal(c.center, poly), c.radius))


@builtin("dist_polyc")
def dist_polyc(poly, c):
    return _nonneg(mi(dist_ppoly_internal(c.center, poly), c.radius))


@builtin("circle_box")
def circle_box(c):
    delta = div(c.radius, math.sqrt(2.0))
    return Box(Point(pl(c.center.x, delta), pl(c.center.y, delta)),
               Point(mi(c.center.x, delta), mi(c.center.y, delta)))


@builtin("circle_poly")
def circle_poly(npts, c):
    if FPzero(c.radius):
        raise PgError("0A000", "cannot convert circle with radius zero to polygon")
    if npts < 2:
        raise PgError("22023", "must request at least 2 points")
    step = div(2.0 * math.pi, npts)
    pts = []
    for i in range(npts):
        angle = mul(step, i)
        pts.append(Point(mi(c.center.x, mul(c.radius, math.cos(angle))),
                         pl(c.center.y, mul(c.radius, math.sin(angle)))))
    return Polygon(tuple(pts), make_bound_box(pts))


# -- SQL-language built-ins, as native stand-ins (executor: fmgr "sql:<oid>") ------------------

@builtin("sql:1544")
def polygon_of_circle(c):
    """polygon(circle) = polygon(12, $1)."""
    return circle_poly(12, c)


@builtin("sql:1426")
def path_contain_pt(path, p):
    """path_contain_pt(path, point) = on_ppath($2, $1)."""
    return on_ppath(p, path)

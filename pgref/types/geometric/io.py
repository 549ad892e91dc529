"""Text and binary I/O of point, lseg, line, box, path, polygon, circle
(PostgreSQL's geo_ops.c *_in/_out/_recv/_send).

Where it sits: ``types/geometric/`` (spec/03-types.md, "Geometric types").
Registered with the function manager under PostgreSQL's prosrc names.

Text forms (input is liberal about blanks and parentheses, as
path_decode/pair_decode are; output is fixed)::

    point    (x,y)                    input also  x,y
    lseg     [(x1,y1),(x2,y2)]        input also  ((x1,y1),(x2,y2)), x1,y1,x2,y2
    box      (x1,y1),(x2,y2)          corners reordered to high, low
    line     {A,B,C}                  input also  two distinct points as lseg
    path     [(..),..] open / ((..),..) closed
    polygon  ((x1,y1),...)
    circle   <(x,y),r>                input also  ((x,y),r), (x,y),r, x,y,r

Numbers are read by float8in_internal (so NaN, Infinity, out-of-range
errors as float8) and printed by float8out_internal under the session's
extra_float_digits.  Errors are 22P02 'invalid input syntax for type
point: "<input>"' and the special messages of line_in, circle_in and
poly_in.  Binary forms are big-endian float8s: path = closed byte, int32
npts, points; polygon = int32 npts, points; box = high then low.
"""
from __future__ import annotations

import math
import struct
from typing import Any

from pgref.errors import PgError
from pgref.types.fmgr import builtin
from pgref.types.geometric.base import (
    Box, Circle, FPzero, LSeg, Line, Path, Point, Polygon, make_bound_box, point_eq_point,
    point_sl,
)
from pgref.types.geometric.lines import line_construct
from pgref.types.io.floats import _STRTOD, _exact, _is_zero_literal, float8_out

_SPACE = " \t\n\r\f\v"


def _syntax(typename: str, orig: str) -> PgError:
    return PgError("22P02", f'invalid input syntax for type {typename}: "{orig}"')


def _efd(ctx: Any) -> int:
    s = getattr(ctx, "settings", None)
    return s.extra_float_digits if s is not None else 1


class _Parser:
    """A cursor over the input string, with PostgreSQL's decoders."""

    def __init__(self, text: str, typename: str):
        self.s = text
        self.i = 0
        self.typename = typename

    def error(self) -> PgError:
        return _syntax(self.typename, self.s)

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_space(self) -> None:
        s, i = self.s, self.i
        while i < len(s) and s[i] in _SPACE:
            i += 1
        self.i = i

    def float8(self) -> float:
        """float8in_internal with an end pointer: leading and trailing
        blanks are consumed."""
        self.skip_space()
        s = self.s
        if self.i >= len(s):
            raise self.error()
        m = _STRTOD.match(s, self.i)
        if m is None:
            raise self.error()
        num = m.group(0)
        kind = m.lastgroup or "dec"
        neg = num.startswith("-")
        if kind == "nan":
            val = math.nan
        elif kind == "inf":
            val = -math.inf if neg else math.inf
        else:
            try:
                val = float(_exact(num, kind)) if kind == "hex" else float(num)
            except OverflowError:
                val = math.inf
            if math.isinf(val) or (val == 0.0 and not _is_zero_literal(num, kind)):
                raise PgError("22003", f'"{num}" is out of range for type double precision')
        self.i = m.end()
        self.skip_space()
        return val

    def pair(self) -> Point:
        """pair_decode with an end pointer."""
        self.skip_space()
        has_delim = self.peek() == "("
        if has_delim:
            self.i += 1
        x = self.float8()
        if self.peek() != ",":
            raise self.error()
        self.i += 1
        y = self.float8()
        if has_delim:
            if self.peek() != ")":
                raise self.error()
            self.i += 1
            self.skip_space()
        return Point(x, y)

    def path(self, opentype: bool, npts: int) -> tuple[list[Point], bool]:
        """path_decode with an end pointer: (points, isopen)."""
        self.skip_space()
        depth = 0
        s = self.s
        isopen = self.peek() == "["
        if isopen:
            if not opentype:
                raise self.error()
            depth += 1
            self.i += 1
        elif self.peek() == "(":
            cp = self.i + 1
            while cp < len(s) and s[cp] in _SPACE:
                cp += 1
            if cp < len(s) and s[cp] == "(":
                depth += 1
                self.i = cp
            elif s.rfind("(") == self.i:
                depth += 1
                self.i = cp
        pts = []
        for _ in range(npts):
            pts.append(self.pair())
            if self.peek() == ",":
                self.i += 1
        self.skip_space()
        while depth > 0:
            c = self.peek()
            if c == ")" or (c == "]" and isopen and depth == 1):
                depth -= 1
                self.i += 1
                self.skip_space()
            else:
                raise self.error()
        return pts, isopen

    def end(self) -> None:
        if self.i != len(self.s):
            raise self.error()


def _pair_count(s: str) -> int:
    n = s.count(",")
    return (n + 1) // 2 if n % 2 else -1


def _pair_out(p: Point, efd: int) -> str:
    return f"({float8_out(p.x, efd)},{float8_out(p.y, efd)})"


def _points_out(points, efd: int) -> str:
    return ",".join(_pair_out(p, efd) for p in points)


# -- parsing entry points (also used by tests) ----------------------------------------

def point_from_text(text: str) -> Point:
    p = _Parser(text, "point")
    pt = p.pair()
    p.end()
    return pt


def lseg_from_text(text: str) -> LSeg:
    p = _Parser(text, "lseg")
    pts, _open = p.path(True, 2)
    p.end()
    return LSeg(pts[0], pts[1])


def box_from_text(text: str) -> Box:
    p = _Parser(text, "box")
    pts, _open = p.path(False, 2)
    p.end()
    high, low = pts
    hx, lx = (high.x, low.x) if not high.x < low.x else (low.x, high.x)
    hy, ly = (high.y, low.y) if not high.y < low.y else (low.y, high.y)
    return Box(Point(hx, hy), Point(lx, ly))


def line_from_text(text: str) -> Line:
    p = _Parser(text, "line")
    p.skip_space()
    if p.peek() == "{":
        p.i += 1
        a = p.float8()
        if p.peek() != ",":
            raise p.error()
        p.i += 1
        b = p.float8()
        if p.peek() != ",":
            raise p.error()
        p.i += 1
        c = p.float8()
        if p.peek() != "}":
            raise p.error()
        p.i += 1
        p.skip_space()
        p.end()
        if FPzero(a) and FPzero(b):
            raise PgError("22023", "invalid line specification: A and B cannot both be zero")
        return Line(a, b, c)
    pts, _open = p.path(True, 2)
    p.end()
    if point_eq_point(pts[0], pts[1]):
        raise PgError("22023", "invalid line specification: must be two distinct points")
    return line_construct(pts[0], point_sl(pts[0], pts[1]))


def path_from_text(text: str) -> Path:
    npts = _pair_count(text)
    if npts <= 0:
        raise _syntax("path", text)
    p = _Parser(text, "path")
    p.skip_space()
    depth = 0
    if p.peek() == "(" and text.rfind("(") == p.i:
        p.i += 1
        depth += 1
    pts, isopen = p.path(True, npts)
    if depth >= 1:
        if p.peek() != ")":
            raise p.error()
        p.i += 1
        p.skip_space()
    p.end()
    return Path(tuple(pts), not isopen)


def poly_from_text(text: str) -> Polygon:
    npts = _pair_count(text)
    if npts <= 0:
        raise _syntax("polygon", text)
    p = _Parser(text, "polygon")
    pts, _open = p.path(False, npts)
    p.end()
    return Polygon(tuple(pts), make_bound_box(pts))


def circle_from_text(text: str) -> Circle:
    p = _Parser(text, "circle")
    s = text
    p.skip_space()
    depth = 0
    if p.peek() == "<":
        depth += 1
        p.i += 1
    elif p.peek() == "(":
        cp = p.i + 1
        while cp < len(s) and s[cp] in _SPACE:
            cp += 1
        if cp < len(s) and s[cp] == "(":
            depth += 1
            p.i = cp
    center = p.pair()
    if p.peek() == ",":
        p.i += 1
    radius = p.float8()
    if radius < 0.0:                         # NaN is accepted
        raise p.error()
    while depth > 0:
        c = p.peek()
        if c == ")" or (c == ">" and depth == 1):
            depth -= 1
            p.i += 1
            p.skip_space()
        else:
            raise p.error()
    p.end()
    return Circle(center, radius)


# -- output ------------------------------------------------------------------------------

def point_to_text(v: Point, efd: int = 1) -> str:
    return _pair_out(v, efd)


def lseg_to_text(v: LSeg, efd: int = 1) -> str:
    return f"[{_points_out(v, efd)}]"


def box_to_text(v: Box, efd: int = 1) -> str:
    return _points_out(v, efd)


def line_to_text(v: Line, efd: int = 1) -> str:
    return "{" + ",".join(float8_out(x, efd) for x in v) + "}"


def path_to_text(v: Path, efd: int = 1) -> str:
    inner = _points_out(v.points, efd)
    return f"({inner})" if v.closed else f"[{inner}]"


def poly_to_text(v: Polygon, efd: int = 1) -> str:
    return f"({_points_out(v.points, efd)})"


def circle_to_text(v: Circle, efd: int = 1) -> str:
    return f"<{_pair_out(v.center, efd)},{float8_out(v.radius, efd)}>"


# -- fmgr registrations ---------------------------------------------------------------------

_IN = {"point_in": point_from_text, "lseg_in": lseg_from_text, "box_in": box_from_text,
       "line_in": line_from_text, "path_in": path_from_text, "poly_in": poly_from_text,
       "circle_in": circle_from_text}
_OUT = {"point_out": point_to_text, "lseg_out": lseg_to_text, "box_out": box_to_text,
        "line_out": line_to_text, "path_out": path_to_text, "poly_out": poly_to_text,
        "circle_out": circle_to_text}


def _make_in(fn):
    def typin(ctx: Any, text: str, typioparam: int = 0, typmod: int = -1):
        return fn(text)
    return typin


def _make_out(fn):
    def typout(ctx: Any, value) -> str:
        return fn(value, _efd(ctx))
    return typout


for _name, _fn in _IN.items():
    builtin(_name, ctx=True)(_make_in(_fn))
for _name, _fn in _OUT.items():
    builtin(_name, ctx=True)(_make_out(_fn))


class _Msg:
    """pq_getmsg* over a binary value."""

    def __init__(self, data: bytes):
        self.d = bytes(data)
        self.i = 0

    def take(self, fmt: str):
        st = struct.Struct("!" + fmt)
        if self.i + st.size > len(self.d):
            raise PgError("08P01", "insufficient data left in message")
        v = st.unpack_from(self.d, self.i)
        self.i += st.size
        return v

    def end(self) -> None:
        if self.i != len(self.d):
            raise PgError("08P01", "incorrect binary data format")


def _recv_points(m: _Msg, n: int) -> tuple:
    return tuple(Point(*m.take("dd")) for _ in range(n))


@builtin("point_recv", ctx=True)
def point_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    v = Point(*m.take("dd"))
    m.end()
    return v


@builtin("point_send", ctx=True)
def point_send(ctx, v):
    return struct.pack("!dd", v.x, v.y)


@builtin("lseg_recv", ctx=True)
def lseg_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    v = LSeg(*_recv_points(m, 2))
    m.end()
    return v


@builtin("lseg_send", ctx=True)
def lseg_send(ctx, v):
    return struct.pack("!dddd", v.p1.x, v.p1.y, v.p2.x, v.p2.y)


@builtin("box_recv", ctx=True)
def box_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    hx, hy, lx, ly = m.take("dddd")
    m.end()
    if hx < lx:
        hx, lx = lx, hx
    if hy < ly:
        hy, ly = ly, hy
    return Box(Point(hx, hy), Point(lx, ly))


@builtin("box_send", ctx=True)
def box_send(ctx, v):
    return struct.pack("!dddd", v.high.x, v.high.y, v.low.x, v.low.y)


@builtin("line_recv", ctx=True)
def line_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    a, b, c = m.take("ddd")
    m.end()
    if FPzero(a) and FPzero(b):
        raise PgError("22P03", 'invalid line specification: A and B cannot both be zero')
    return Line(a, b, c)


@builtin("line_send", ctx=True)
def line_send(ctx, v):
    return struct.pack("!ddd", v.a, v.b, v.c)


@builtin("path_recv", ctx=True)
def path_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    closed, = m.take("B")
    npts, = m.take("i")
    if npts <= 0 or npts > (0x3FFFFFFF - 16) // 16:
        raise PgError("22P03", 'invalid number of points in external "path" value')
    pts = _recv_points(m, npts)
    m.end()
    return Path(pts, bool(closed))


@builtin("path_send", ctx=True)
def path_send(ctx, v):
    return struct.pack(f"!Bi{2 * len(v.points)}d", 1 if v.closed else 0, len(v.points),
                       *[c for p in v.points for c in p])


@builtin("poly_recv", ctx=True)
def poly_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    npts, = m.take("i")
    if npts <= 0 or npts > (0x3FFFFFFF - 40) // 16:
        raise PgError("22P03", 'invalid number of points in external "polygon" value')
    pts = _recv_points(m, npts)
    m.end()
    return Polygon(pts, make_bound_box(pts))


@builtin("poly_send", ctx=True)
def poly_send(ctx, v):
    return struct.pack(f"!i{2 * len(v.points)}d", len(v.points),
                       *[c for p in v.points for c in p])


@builtin("circle_recv", ctx=True)
def circle_recv(ctx, data, typioparam=0, typmod=-1):
    m = _Msg(data)
    x, y, r = m.take("ddd")
    m.end()
    if r < 0.0:
        raise PgError("22P03", 'invalid radius in external "circle" value')
    return Circle(Point(x, y), r)


@builtin("circle_send", ctx=True)
def circle_send(ctx, v):
    return struct.pack("!ddd", v.center.x, v.center.y, v.radius)


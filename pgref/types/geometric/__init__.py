"""The geometric types: point, lseg, line, box, path, polygon, circle
(PostgreSQL's geo_ops.c and geo_decls.h).

Where it sits: ``types/geometric/`` (spec/03-types.md, "Geometric types").
Importing the package registers every I/O function, operator and function
below with the function manager under PostgreSQL's prosrc names; the type
registry imports it with the other function modules.

    base.py     the Python values (Point, LSeg, Box, Line, Circle, Path,
                Polygon), the EPSILON comparisons (FPeq & co.) and the
                overflow-checked float8 arithmetic everything uses
    io.py       text and binary I/O (point_in ... circle_send)
    lines.py    point, lseg and line operators; closest points,
                distances, intersections (the *_closept_* helpers)
    shapes.py   box, path, polygon and circle operators

On disk (access/common/datum.py) the fixed-size types are their float8
fields in order (point 16 bytes, lseg/box 32, line/circle 24, all
double-aligned); path is a varlena of int32 npts, int32 closed, int32 0,
then the points; polygon a varlena of int32 npts, the bounding box, then
the points -- PostgreSQL's PATH and POLYGON structs.
"""
from __future__ import annotations

from pgref.types.geometric import io, lines, shapes  # noqa: F401
from pgref.types.geometric.base import Box, Circle, LSeg, Line, Path, Point, Polygon  # noqa: F401

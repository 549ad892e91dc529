"""Multirange types: I/O, constructors, operators, range_agg (PostgreSQL's
utils/adt/multirangetypes.c).

Where it sits: ``types/ranges/`` (spec/03-types.md, "Range types").  A
multirange is a :class:`~pgref.types.values.Multirange`: its type OID and a
tuple of ranges.  Every value is built by :func:`make_multirange`
(multirange_canonicalize): empty ranges are dropped, the rest sorted with
range_cmp and overlapping or adjacent neighbours merged, so the ranges are
sorted, non-empty, and pairwise neither overlapping nor adjacent
(INV-TYPES-RANGE-3).  Operators are the ``*_internal`` functions of
multirangetypes.c over that form.

Entry points:
    make_multirange(mltrngtypid, info, ranges) -> Multirange
    multirange_text(ctx, mr) -> str
    fmgr builtins under PostgreSQL's prosrc names (multirange_in ...
    multirange_minus, range_agg_transfn, range_agg_finalfn, ...)
"""
from __future__ import annotations

import struct
from typing import Any

from pgref.errors import INVALID_TEXT_REPRESENTATION, NULL_VALUE_NOT_ALLOWED, PgError
from pgref.types.fmgr import builtin
from pgref.types.ranges import rangetypes as R
from pgref.types.ranges.typcache import RangeTypeInfo, multirange_info, range_info
from pgref.types.values import Multirange, PgArray, Range


# ------------------------------------------------------------------ construction

def make_multirange(mltrngtypid: int, info: RangeTypeInfo, ranges) -> Multirange:
    """multirange_canonicalize(): sort, drop empties, merge what touches."""
    import functools
    rs = sorted((r for r in ranges if not r.empty),
                key=functools.cmp_to_key(lambda a, b: R.range_cmp_internal(info, a, b)))
    out: list[Range] = []
    for r in rs:
        if not out:
            out.append(r)
            continue
        last = out[-1]
        if R.adjacent(info, last, r):
            out[-1] = R.union(info, last, r, False)
        elif R.before(info, last, r):
            out.append(r)
        else:
            out[-1] = R.union(info, last, r, True)
    return Multirange(mltrngtypid, tuple(out))


def _info(mr: Multirange) -> RangeTypeInfo:
    return multirange_info(mr.typid)


def _check_same(a: Multirange, b: Multirange) -> RangeTypeInfo:
    if a.typid != b.typid:
        raise PgError("XX000", "multirange types do not match")
    return _info(a)


def _check_range(mr: Multirange, r: Range) -> RangeTypeInfo:
    info = _info(mr)
    if info.rngtypid != r.typid:
        raise PgError("XX000", "range types do not match")
    return info


# ------------------------------------------------------------------ text I/O

def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed multirange literal: "{text}"', detail=detail)


@builtin("multirange_in", ctx=True)
def multirange_in(ctx: Any, text: str, typioparam: int, typmod: int = -1) -> Multirange:
    info = multirange_info(typioparam)
    n = len(text)
    i = 0
    while i < n and R._isspace(text[i]):
        i += 1
    if i < n and text[i] == "{":
        i += 1
    else:
        raise _malformed(text, "Missing left brace.")
    BEFORE, IN, IN_ESC, IN_Q, IN_Q_ESC, AFTER, DONE = range(7)
    state = BEFORE
    seen = 0
    start = 0
    ranges: list[Range] = []
    while state != DONE:
        if i >= n:
            raise _malformed(text, "Unexpected end of input.")
        ch = text[i]
        if R._isspace(ch):
            i += 1
            continue
        if state == BEFORE:
            if ch in "[(":
                start = i
                state = IN
            elif ch == "}" and seen == 0:
                state = DONE
            elif text[i:i + 5].lower() == "empty":
                seen += 1
                i += 4
                state = AFTER
            else:
                raise _malformed(text, "Expected range start.")
        elif state == IN:
            if ch in "])":
                seen += 1
                ranges.append(R.range_in(ctx, text[start:i + 1], info.rngtypid, typmod))
                state = AFTER
            elif ch == '"':
                state = IN_Q
            elif ch == "\\":
                state = IN_ESC
        elif state == IN_ESC:
            state = IN
        elif state == IN_Q:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    state = IN
            elif ch == "\\":
                state = IN_Q_ESC
        elif state == IN_Q_ESC:
            state = IN_Q
        elif state == AFTER:
            if ch == ",":
                state = BEFORE
            elif ch == "}":
                state = DONE
            else:
                raise _malformed(text, "Expected comma or end of multirange.")
        i += 1
    while i < n and R._isspace(text[i]):
        i += 1
    if i != n:
        raise _malformed(text, "Junk after closing right brace.")
    return make_multirange(typioparam, info, ranges)


def multirange_text(ctx: Any, mr: Multirange) -> str:
    return "{" + ",".join(R.range_text(ctx, r) for r in mr.ranges) + "}"


@builtin("multirange_out", ctx=True)
def multirange_out(ctx: Any, mr: Multirange) -> str:
    return multirange_text(ctx, mr)


@builtin("multirange_send", ctx=True)
def multirange_send(ctx: Any, mr: Multirange) -> bytes:
    out = bytearray(struct.pack("!I", len(mr.ranges)))
    for r in mr.ranges:
        data = R.range_send(ctx, r)
        out += struct.pack("!I", len(data)) + data
    return bytes(out)


@builtin("multirange_recv", ctx=True)
def multirange_recv(ctx: Any, data: bytes, typioparam: int, typmod: int = -1) -> Multirange:
    info = multirange_info(typioparam)
    if len(data) < 4:
        raise R._insufficient()
    count = struct.unpack_from("!I", data, 0)[0]
    pos = 4
    ranges = []
    for _ in range(count):
        if pos + 4 > len(data):
            raise R._insufficient()
        n = struct.unpack_from("!I", data, pos)[0]
        pos += 4
        if pos + n > len(data):
            raise R._insufficient()
        ranges.append(R.range_recv(ctx, bytes(data[pos:pos + n]), info.rngtypid, typmod))
        pos += n
    if pos != len(data):
        raise PgError("08P01", "invalid message format")
    return make_multirange(typioparam, info, ranges)


# ------------------------------------------------------------------ constructors

@builtin("multirange_constructor0", ctx=True)
def multirange_constructor0(ctx: Any) -> Multirange:
    t = R._rettype(ctx)
    multirange_info(t)
    return Multirange(t, ())


@builtin("multirange_constructor1")
def multirange_constructor1(r: Range) -> Multirange:
    info = range_info(r.typid)
    return make_multirange(info.multirange, info, [r])


@builtin("multirange_constructor2", ctx=True)
def multirange_constructor2(ctx: Any, arr: PgArray) -> Multirange:
    t = R._rettype(ctx)
    info = multirange_info(t)
    if len(arr.dims) > 1:
        raise PgError("2202E", "multiranges cannot be constructed from multidimensional arrays")
    if any(e is None for e in arr.elements):
        raise PgError(NULL_VALUE_NOT_ALLOWED, "multirange values cannot contain null members")
    return make_multirange(t, info, arr.elements)


# ------------------------------------------------------------------ accessors

@builtin("multirange_lower")
def multirange_lower(mr: Multirange) -> Any:
    return mr.ranges[0].lower if mr.ranges else None


@builtin("multirange_upper")
def multirange_upper(mr: Multirange) -> Any:
    return mr.ranges[-1].upper if mr.ranges else None


@builtin("multirange_empty")
def multirange_empty(mr: Multirange) -> bool:
    return not mr.ranges


@builtin("multirange_lower_inc")
def multirange_lower_inc(mr: Multirange) -> bool:
    return bool(mr.ranges) and mr.ranges[0].lower_inc


@builtin("multirange_upper_inc")
def multirange_upper_inc(mr: Multirange) -> bool:
    return bool(mr.ranges) and mr.ranges[-1].upper_inc


@builtin("multirange_lower_inf")
def multirange_lower_inf(mr: Multirange) -> bool:
    return bool(mr.ranges) and mr.ranges[0].lower is None


@builtin("multirange_upper_inf")
def multirange_upper_inf(mr: Multirange) -> bool:
    return bool(mr.ranges) and mr.ranges[-1].upper is None


@builtin("range_merge_from_multirange")
def range_merge_from_multirange(mr: Multirange) -> Range:
    info = _info(mr)
    if not mr.ranges:
        return Range(info.rngtypid, True)
    first, last = mr.ranges[0], mr.ranges[-1]
    return R.make_range(info, R.bounds(first)[0], R.bounds(last)[1], False)


@builtin("multirange_unnest")
def multirange_unnest(mr: Multirange):
    return iter(mr.ranges)


# ------------------------------------------------------------------ comparison

def mr_cmp(info: RangeTypeInfo, a: Multirange, b: Multirange) -> int:
    """multirange_cmp()."""
    if not a.ranges or not b.ranges:
        if not a.ranges and not b.ranges:
            return 0
        return -1 if not a.ranges else 1
    for r1, r2 in zip(a.ranges, b.ranges):
        l1, u1 = R.bounds(r1)
        l2, u2 = R.bounds(r2)
        c = R.cmp_bounds(info, l1, l2)
        if c == 0:
            c = R.cmp_bounds(info, u1, u2)
        if c:
            return c
    return (len(a.ranges) > len(b.ranges)) - (len(a.ranges) < len(b.ranges))


def mr_eq(info: RangeTypeInfo, a: Multirange, b: Multirange) -> bool:
    if len(a.ranges) != len(b.ranges):
        return False
    return all(R.range_eq_internal(info, x, y) for x, y in zip(a.ranges, b.ranges))


# ------------------------------------------------------------------ containment & position

def mr_contains_elem(info: RangeTypeInfo, mr: Multirange, val: Any) -> bool:
    return any(R.contains_elem(info, r, val) for r in mr.ranges)


def mr_contains_range(info: RangeTypeInfo, mr: Multirange, r: Range) -> bool:
    if r.empty:
        return True
    return any(R.contains(info, x, r) for x in mr.ranges)


def range_contains_mr(info: RangeTypeInfo, r: Range, mr: Multirange) -> bool:
    if not mr.ranges:
        return True
    if r.empty:
        return False
    lo = R.bounds(mr.ranges[0])[0]
    hi = R.bounds(mr.ranges[-1])[1]
    l1, u1 = R.bounds(r)
    return R.cmp_bounds(info, l1, lo) <= 0 and R.cmp_bounds(info, u1, hi) >= 0


def mr_contains_mr(info: RangeTypeInfo, a: Multirange, b: Multirange) -> bool:
    return all(mr_contains_range(info, a, r) for r in b.ranges)


def mr_overlaps_range(info: RangeTypeInfo, mr: Multirange, r: Range) -> bool:
    return any(R.overlaps(info, x, r) for x in mr.ranges)


def mr_overlaps_mr(info: RangeTypeInfo, a: Multirange, b: Multirange) -> bool:
    return any(R.overlaps(info, x, y) for x in a.ranges for y in b.ranges)


def _first_lower(mr: Multirange) -> R.Bound:
    return R.bounds(mr.ranges[0])[0]


def _last_upper(mr: Multirange) -> R.Bound:
    return R.bounds(mr.ranges[-1])[1]


def _as_mr(info: RangeTypeInfo, r: Range) -> Multirange:
    return Multirange(info.multirange, () if r.empty else (r,))


def mr_before(info, a: Multirange, b: Multirange) -> bool:
    if not a.ranges or not b.ranges:
        return False
    return R.cmp_bounds(info, _last_upper(a), _first_lower(b)) < 0


def mr_overleft(info, a: Multirange, b: Multirange) -> bool:
    if not a.ranges or not b.ranges:
        return False
    return R.cmp_bounds(info, _last_upper(a), _last_upper(b)) <= 0


def mr_overright(info, a: Multirange, b: Multirange) -> bool:
    if not a.ranges or not b.ranges:
        return False
    return R.cmp_bounds(info, _first_lower(a), _first_lower(b)) >= 0


def mr_adjacent(info, a: Multirange, b: Multirange) -> bool:
    if not a.ranges or not b.ranges:
        return False
    if R.bounds_adjacent(info, _last_upper(a), _first_lower(b)):
        return True
    return R.bounds_adjacent(info, _last_upper(b), _first_lower(a))


# ------------------------------------------------------------------ set operations

def _subtract(info: RangeTypeInfo, r1: Range, r2: Range) -> list[Range]:
    """r1 minus r2 as up to two ranges (range_split_internal + range_minus)."""
    if not R.overlaps(info, r1, r2):
        return [r1]
    l1, u1 = R.bounds(r1)
    l2, u2 = R.bounds(r2)
    out = []
    if R.cmp_bounds(info, l1, l2) < 0:
        out.append(R.make_range(info, l1, R.Bound(l2.val, l2.infinite, not l2.inclusive, False), False))
    if R.cmp_bounds(info, u1, u2) > 0:
        out.append(R.make_range(info, R.Bound(u2.val, u2.infinite, not u2.inclusive, True), u1, False))
    return [r for r in out if not r.empty]


def mr_minus(info: RangeTypeInfo, a: Multirange, b: Multirange) -> Multirange:
    pieces = list(a.ranges)
    for r2 in b.ranges:
        pieces = [p for r1 in pieces for p in _subtract(info, r1, r2)]
    return make_multirange(a.typid, info, pieces)


def mr_intersect(info: RangeTypeInfo, a: Multirange, b: Multirange) -> Multirange:
    out = [R.intersect(info, x, y) for x in a.ranges for y in b.ranges if R.overlaps(info, x, y)]
    return make_multirange(a.typid, info, out)


# ------------------------------------------------------------------ fmgr registrations

def _mm(name: str, fn):
    def op(a: Multirange, b: Multirange):
        return fn(_check_same(a, b), a, b)
    op.__name__ = name
    builtin(name)(op)


def _mr(name: str, fn):
    def op(a: Multirange, r: Range):
        return fn(_check_range(a, r), a, r)
    op.__name__ = name
    builtin(name)(op)


def _rm(name: str, fn):
    def op(r: Range, a: Multirange):
        return fn(_check_range(a, r), r, a)
    op.__name__ = name
    builtin(name)(op)


_mm("multirange_eq", mr_eq)
_mm("multirange_ne", lambda i, a, b: not mr_eq(i, a, b))
_mm("multirange_lt", lambda i, a, b: mr_cmp(i, a, b) < 0)
_mm("multirange_le", lambda i, a, b: mr_cmp(i, a, b) <= 0)
_mm("multirange_gt", lambda i, a, b: mr_cmp(i, a, b) > 0)
_mm("multirange_ge", lambda i, a, b: mr_cmp(i, a, b) >= 0)
_mm("multirange_cmp", mr_cmp)
_mm("multirange_contains_multirange", mr_contains_mr)
_mm("multirange_contained_by_multirange", lambda i, a, b: mr_contains_mr(i, b, a))
_mm("multirange_overlaps_multirange", mr_overlaps_mr)
_mm("multirange_before_multirange", mr_before)
_mm("multirange_after_multirange", lambda i, a, b: mr_before(i, b, a))
_mm("multirange_overleft_multirange", mr_overleft)
_mm("multirange_overright_multirange", mr_overright)
_mm("multirange_adjacent_multirange", mr_adjacent)
_mm("multirange_union", lambda i, a, b: make_multirange(a.typid, i, a.ranges + b.ranges))
_mm("multirange_minus", mr_minus)
_mm("multirange_intersect", mr_intersect)
_mm("multirange_intersect_agg_transfn", mr_intersect)

_mr("multirange_contains_range", mr_contains_range)
_mr("multirange_overlaps_range", mr_overlaps_range)
_mr("multirange_before_range", lambda i, a, r: mr_before(i, a, _as_mr(i, r)))
_mr("multirange_after_range", lambda i, a, r: mr_before(i, _as_mr(i, r), a))
_mr("multirange_overleft_range", lambda i, a, r: mr_overleft(i, a, _as_mr(i, r)))
_mr("multirange_overright_range", lambda i, a, r: mr_overright(i, a, _as_mr(i, r)))
_mr("multirange_adjacent_range", lambda i, a, r: mr_adjacent(i, a, _as_mr(i, r)))
_mr("multirange_contained_by_range", lambda i, a, r: range_contains_mr(i, r, a))

_rm("range_contains_multirange", range_contains_mr)
_rm("range_contained_by_multirange", lambda i, r, a: mr_contains_range(i, a, r))
_rm("range_overlaps_multirange", lambda i, r, a: mr_overlaps_range(i, a, r))
_rm("range_before_multirange", lambda i, r, a: mr_before(i, _as_mr(i, r), a))
_rm("range_after_multirange", lambda i, r, a: mr_before(i, a, _as_mr(i, r)))
_rm("range_overleft_multirange", lambda i, r, a: mr_overleft(i, _as_mr(i, r), a))
_rm("range_overright_multirange", lambda i, r, a: mr_overright(i, _as_mr(i, r), a))
_rm("range_adjacent_multirange", lambda i, r, a: mr_adjacent(i, _as_mr(i, r), a))


@builtin("multirange_contains_elem")
def multirange_contains_elem(mr: Multirange, val: Any) -> bool:
    return mr_contains_elem(_info(mr), mr, val)


@builtin("elem_contained_by_multirange")
def elem_contained_by_multirange(val: Any, mr: Multirange) -> bool:
    return mr_contains_elem(_info(mr), mr, val)


# ------------------------------------------------------------------ range_agg

class RangeAggState:
    """range_agg's internal state: the range type and the ranges seen."""
    __slots__ = ("rngtypid", "ranges")

    def __init__(self, rngtypid: int) -> None:
        self.rngtypid = rngtypid
        self.ranges: list[Range] = []


@builtin("range_agg_transfn")
def range_agg_transfn(state: RangeAggState | None, r: Range | None) -> RangeAggState | None:
    if r is None:
        return state
    if state is None:
        state = RangeAggState(r.typid)
    state.ranges.append(r)
    return state


@builtin("multirange_agg_transfn")
def multirange_agg_transfn(state: RangeAggState | None, mr: Multirange | None) -> RangeAggState | None:
    if mr is None:
        return state
    if state is None:
        state = RangeAggState(_info(mr).rngtypid)
    state.ranges.extend(mr.ranges)
    return state


@builtin("range_agg_finalfn")
def range_agg_finalfn(state: RangeAggState | None, _dummy: Any = None) -> Multirange | None:
    if state is None:
        return None
    info = range_info(state.rngtypid)
    return make_multirange(info.multirange, info, state.ranges)


# ------------------------------------------------------------------ hashing

@builtin("hash_multirange")
def hash_multirange(mr: Multirange) -> int:
    """hash_multirange(): result = 31 * result + hash of each range."""
    result = 1
    for r in mr.ranges:
        h = R.hash_range(r) & 0xFFFFFFFF
        result = (result * 31 + h) & 0xFFFFFFFF
    return struct.unpack("i", struct.pack("I", result))[0]


@builtin("hash_multirange_extended")
def hash_multirange_extended(mr: Multirange, seed: int) -> int:
    result = 1
    for r in mr.ranges:
        result = (result * 31 + R.range_hash_extended_u64(r, seed)) & 0xFFFFFFFFFFFFFFFF
    return struct.unpack("q", struct.pack("Q", result))[0]

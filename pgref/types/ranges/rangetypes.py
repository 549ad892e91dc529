"""Range types: I/O, constructors, operators and functions (PostgreSQL's
utils/adt/rangetypes.c).

Where it sits: ``types/ranges/`` (spec/03-types.md, "Range types").  A range
value is a :class:`~pgref.types.values.Range` (INV-TYPES-RANGE-1): its own
type OID, an empty flag, two bounds (``None`` = infinite) and two
inclusivity flags.  Every value is built by :func:`make_range`, PostgreSQL's
make_range(): it checks lower <= upper (22000), turns equal bounds that are
not both inclusive into ``empty``, drops the inclusive flag of infinite
bounds and calls the type's canonical function (int4range, int8range,
daterange become ``[)``), so two equal ranges are equal Python values
(INV-TYPES-RANGE-2).

Bounds are compared with the subtype's btree ordering (typcache.py) exactly
as range_cmp_bounds / range_cmp_bound_values do; the operators are the
``*_internal`` functions of rangetypes.c and carry their error messages
(``result of range union would not be contiguous`` ...).

Entry points:
    make_range(info, lower, upper, empty) -> Range     bounds are Bound tuples
    bounds(r) -> (lower Bound, upper Bound)
    cmp_bounds(info, b1, b2) / range_cmp(info, r1, r2)
    overlaps / contains / before / after / adjacent / overleft / overright
    union(info, r1, r2, strict) / intersect / minus
    fmgr builtins under PostgreSQL's prosrc names: range_in range_out
    range_recv range_send range_constructor2/3 range_lower ... range_cmp
    hash_range int4range_canonical ... (see the registrations below)
"""
from __future__ import annotations

import struct
from typing import Any, NamedTuple

from pgref.errors import (DATA_EXCEPTION, INVALID_TEXT_REPRESENTATION, NULL_VALUE_NOT_ALLOWED,
                          NUMERIC_VALUE_OUT_OF_RANGE, PgError)
from pgref.types.fmgr import builtin
from pgref.types.ranges.typcache import RangeTypeInfo, range_info
from pgref.types.values import DATE_NOBEGIN, DATE_NOEND, Range

RANGE_EMPTY, RANGE_LB_INC, RANGE_UB_INC = 0x01, 0x02, 0x04
RANGE_LB_INF, RANGE_UB_INF = 0x08, 0x10


class Bound(NamedTuple):
    """PostgreSQL's RangeBound."""
    val: Any
    infinite: bool
    inclusive: bool
    lower: bool


def bounds(r: Range) -> tuple[Bound, Bound]:
    return (Bound(r.lower, r.lower is None, r.lower_inc, True),
            Bound(r.upper, r.upper is None, r.upper_inc, False))


def empty_range(typid: int) -> Range:
    return Range(typid, True)


# ------------------------------------------------------------------ comparison

def cmp_bounds(info: RangeTypeInfo, b1: Bound, b2: Bound) -> int:
    """range_cmp_bounds(): a lower bound sorts before an upper bound at the
    same value unless exclusivity says otherwise."""
    if b1.infinite and b2.infinite:
        if b1.lower == b2.lower:
            return 0
        return -1 if b1.lower else 1
    if b1.infinite:
        return -1 if b1.lower else 1
    if b2.infinite:
        return 1 if b2.lower else -1
    result = info.cmp(b1.val, b2.val)
    if result == 0:
        if not b1.inclusive and not b2.inclusive:
            if b1.lower == b2.lower:
                return 0
            return 1 if b1.lower else -1
        if not b1.inclusive:
            return 1 if b1.lower else -1
        if not b2.inclusive:
            return -1 if b2.lower else 1
    return result


def cmp_bound_values(info: RangeTypeInfo, b1: Bound, b2: Bound) -> int:
    """range_cmp_bound_values(): like cmp_bounds but ignoring inclusivity."""
    if b1.infinite and b2.infinite:
        if b1.lower == b2.lower:
            return 0
        return -1 if b1.lower else 1
    if b1.infinite:
        return -1 if b1.lower else 1
    if b2.infinite:
        return 1 if b2.lower else -1
    return info.cmp(b1.val, b2.val)


# ------------------------------------------------------------------ construction

def serialize(info: RangeTypeInfo, lower: Bound, upper: Bound, empty: bool) -> Range:
    """range_serialize(): validate and normalize, without canonicalizing."""
    if empty:
        return Range(info.rngtypid, True)
    c = cmp_bound_values(info, lower, upper)
    if c > 0:
        raise PgError(DATA_EXCEPTION, "range lower bound must be less than or equal to range upper bound")
    if c == 0 and not (lower.inclusive and upper.inclusive):
        return Range(info.rngtypid, True)
    return Range(info.rngtypid, False,
                 None if lower.infinite else lower.val, None if upper.infinite else upper.val,
                 lower.inclusive and not lower.infinite, upper.inclusive and not upper.infinite)


def make_range(info: RangeTypeInfo, lower: Bound, upper: Bound, empty: bool = False) -> Range:
    """make_range(): serialize, then canonicalize a discrete type."""
    r = serialize(info, lower, upper, empty)
    if not r.empty and info.canonical:
        r = canonicalize(info, r)
    return r


def canonicalize(info: RangeTypeInfo, r: Range) -> Range:
    fn = _CANONICAL.get(info.canonical)
    if fn is None:
        from pgref.types import fmgr, registry
        b = fmgr.lookup(registry.proc_src(info.canonical))
        if b is None:
            raise PgError("0A000", f"canonical function {registry.proc_src(info.canonical)} is not supported")
        return b.fn(None, r) if b.ctx else b.fn(r)
    return fn(r)


def _discrete_canonical(info: RangeTypeInfo, r: Range, step) -> Range:
    lower, upper = bounds(r)
    # ``step`` returns None for a value it leaves alone (date +/-infinity)
    if not lower.infinite and not lower.inclusive:
        v = step(lower.val)
        if v is not None:
            lower = Bound(v, False, True, True)
    if not upper.infinite and upper.inclusive:
        v = step(upper.val)
        if v is not None:
            upper = Bound(v, False, False, False)
    return serialize(info, lower, upper, False)


def _int_step(limit: int, what: str):
    def step(v: int) -> int:
        if v + 1 > limit:
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"{what} out of range")
        return v + 1
    return step


def _date_step(v: int) -> int | None:
    return None if v in (DATE_NOBEGIN, DATE_NOEND) else v + 1


@builtin("int4range_canonical")
def int4range_canonical(r: Range) -> Range:
    if r.empty:
        return r
    return _discrete_canonical(range_info(r.typid), r, _int_step(2 ** 31 - 1, "integer"))


@builtin("int8range_canonical")
def int8range_canonical(r: Range) -> Range:
    if r.empty:
        return r
    return _discrete_canonical(range_info(r.typid), r, _int_step(2 ** 63 - 1, "bigint"))


@builtin("daterange_canonical")
def daterange_canonical(r: Range) -> Range:
    if r.empty:
        return r
    return _discrete_canonical(range_info(r.typid), r, _date_step)


_CANONICAL = {3914: int4range_canonical, 3928: int8range_canonical, 3915: daterange_canonical}


# ------------------------------------------------------------------ text I/O

def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed range literal: "{text}"', detail=detail)


def _isspace(ch: str) -> bool:
    return ch in " \t\n\r\v\f"


def _parse_bound(text: str, i: int) -> tuple[str | None, int]:
    """range_parse_bound(): (bound text or None for infinite, next index)."""
    n = len(text)
    if i < n and text[i] in ",)]":
        return None, i
    if i >= n:
        raise _malformed(text, "Unexpected end of input.")
    buf = []
    inquote = False
    while inquote or not (i < n and text[i] in ",)]"):
        if i >= n:
            raise _malformed(text, "Unexpected end of input.")
        ch = text[i]
        i += 1
        if ch == "\\":
            if i >= n:
                raise _malformed(text, "Unexpected end of input.")
            buf.append(text[i])
            i += 1
        elif ch == '"':
            if not inquote:
                inquote = True
            elif i < n and text[i] == '"':
                buf.append('"')
                i += 1
            else:
                inquote = False
        else:
            buf.append(ch)
    return "".join(buf), i


def parse_range_text(text: str) -> tuple[int, str | None, str | None]:
    """range_parse(): (flags, lower text, upper text)."""
    n = len(text)
    i = 0
    while i < n and _isspace(text[i]):
        i += 1
    if text[i:i + 5].lower() == "empty":
        i += 5
        while i < n and _isspace(text[i]):
            i += 1
        if i != n:
            raise _malformed(text, 'Junk after "empty" key word.')
        return RANGE_EMPTY, None, None
    flags = 0
    if i < n and text[i] == "[":
        flags |= RANGE_LB_INC
    elif not (i < n and text[i] == "("):
        raise _malformed(text, "Missing left parenthesis or bracket.")
    i += 1
    lo, i = _parse_bound(text, i)
    if lo is None:
        flags = (flags | RANGE_LB_INF) & ~RANGE_LB_INC
    if i < n and text[i] == ",":
        i += 1
    else:
        raise _malformed(text, "Missing comma after lower bound.")
    hi, i = _parse_bound(text, i)
    if hi is None:
        flags |= RANGE_UB_INF
    if i >= n or text[i] not in "])":
        raise _malformed(text, "Too many commas.")
    if text[i] == "]" and hi is not None:
        flags |= RANGE_UB_INC
    i += 1
    while i < n and _isspace(text[i]):
        i += 1
    if i != n:
        raise _malformed(text, "Junk after right parenthesis or bracket.")
    return flags, lo, hi


def bound_escape(value: str) -> str:
    """range_bound_escape(): quote a bound's text when it needs it."""
    nq = value == "" or any(ch in '"\\()[],' or _isspace(ch) for ch in value)
    out = value.replace("\\", "\\\\").replace('"', '""') if any(c in value for c in '"\\') else value
    return f'"{out}"' if nq else out


def flags_of(r: Range) -> int:
    if r.empty:
        return RANGE_EMPTY
    f = 0
    if r.lower_inc:
        f |= RANGE_LB_INC
    if r.upper_inc:
        f |= RANGE_UB_INC
    if r.lower is None:
        f |= RANGE_LB_INF
    if r.upper is None:
        f |= RANGE_UB_INF
    return f


def bounds_from_flags(flags: int, lo: Any, hi: Any) -> tuple[Bound, Bound]:
    return (Bound(lo, bool(flags & RANGE_LB_INF), bool(flags & RANGE_LB_INC), True),
            Bound(hi, bool(flags & RANGE_UB_INF), bool(flags & RANGE_UB_INC), False))


@builtin("range_in", ctx=True)
def range_in(ctx: Any, text: str, typioparam: int, typmod: int = -1) -> Range:
    from pgref.types import registry
    info = range_info(typioparam)
    flags, lo, hi = parse_range_text(text)
    if flags & RANGE_EMPTY:
        return Range(info.rngtypid, True)
    lv = registry.type_input(ctx, info.subtype, lo, typmod) if lo is not None else None
    hv = registry.type_input(ctx, info.subtype, hi, typmod) if hi is not None else None
    lower, upper = bounds_from_flags(flags, lv, hv)
    return make_range(info, lower, upper, False)


def range_text(ctx: Any, r: Range) -> str:
    """range_out() of a value."""
    if r.empty:
        return "empty"
    from pgref.types import registry
    info = range_info(r.typid)
    out = registry.output_caller(info.subtype)
    lo = "" if r.lower is None else bound_escape(out(ctx, r.lower))
    hi = "" if r.upper is None else bound_escape(out(ctx, r.upper))
    return f"{'[' if r.lower_inc else '('}{lo},{hi}{']' if r.upper_inc else ')'}"


@builtin("range_out", ctx=True)
def range_out(ctx: Any, r: Range) -> str:
    return range_text(ctx, r)


@builtin("range_send", ctx=True)
def range_send(ctx: Any, r: Range) -> bytes:
    from pgref.types import registry
    info = range_info(r.typid)
    out = bytearray([flags_of(r)])
    for v in (r.lower, r.upper):
        if not r.empty and v is not None:
            data = registry.type_send(ctx, info.subtype, v)
            out += struct.pack("!I", len(data)) + data
    return bytes(out)


def _insufficient() -> PgError:
    return PgError("08P01", "insufficient data left in message")


@builtin("range_recv", ctx=True)
def range_recv(ctx: Any, data: bytes, typioparam: int, typmod: int = -1) -> Range:
    from pgref.types import registry
    info = range_info(typioparam)
    if not data:
        raise _insufficient()
    flags = data[0] & (RANGE_EMPTY | RANGE_LB_INC | RANGE_LB_INF | RANGE_UB_INC | RANGE_UB_INF)
    pos = 1
    vals = []
    for inf in (RANGE_LB_INF, RANGE_UB_INF):
        if flags & (RANGE_EMPTY | inf):
            vals.append(None)
            continue
        if pos + 4 > len(data):
            raise _insufficient()
        n = struct.unpack_from("!I", data, pos)[0]
        pos += 4
        if pos + n > len(data):
            raise _insufficient()
        vals.append(registry.type_receive(ctx, info.subtype, bytes(data[pos:pos + n]), typmod))
        pos += n
    if pos != len(data):
        raise PgError("08P01", "invalid message format")
    lower, upper = bounds_from_flags(flags, vals[0], vals[1])
    return make_range(info, lower, upper, bool(flags & RANGE_EMPTY))


# ------------------------------------------------------------------ constructors

def _rettype(ctx: Any) -> int:
    t = getattr(ctx, "rettype", None)
    if not t:
        raise PgError("XX000", "could not determine the range type of a range constructor call")
    return t


@builtin("range_constructor2", ctx=True)
def range_constructor2(ctx: Any, lo: Any, hi: Any) -> Range:
    info = range_info(_rettype(ctx))
    return make_range(info, Bound(lo, lo is None, True, True), Bound(hi, hi is None, False, False))


def parse_flags(flags: str) -> int:
    """range_parse_flags()."""
    if len(flags) != 2 or flags[0] not in "[(" or flags[1] not in "])":
        raise PgError("42601", "invalid range bound flags",
                      hint='Valid values are "[]", "[)", "(]", and "()".')
    return (RANGE_LB_INC if flags[0] == "[" else 0) | (RANGE_UB_INC if flags[1] == "]" else 0)


@builtin("range_constructor3", ctx=True)
def range_constructor3(ctx: Any, lo: Any, hi: Any, flags: str | None) -> Range:
    info = range_info(_rettype(ctx))
    if flags is None:
        raise PgError(DATA_EXCEPTION, "range constructor flags argument must not be null")
    f = parse_flags(flags)
    return make_range(info, Bound(lo, lo is None, bool(f & RANGE_LB_INC), True),
                      Bound(hi, hi is None, bool(f & RANGE_UB_INC), False))


# ------------------------------------------------------------------ accessors

@builtin("range_lower")
def range_lower(r: Range) -> Any:
    return None if r.empty else r.lower


@builtin("range_upper")
def range_upper(r: Range) -> Any:
    return None if r.empty else r.upper


@builtin("range_empty")
def range_empty(r: Range) -> bool:
    return r.empty


@builtin("range_lower_inc")
def range_lower_inc(r: Range) -> bool:
    return r.lower_inc


@builtin("range_upper_inc")
def range_upper_inc(r: Range) -> bool:
    return r.upper_inc


@builtin("range_lower_inf")
def range_lower_inf(r: Range) -> bool:
    return not r.empty and r.lower is None


@builtin("range_upper_inf")
def range_upper_inf(r: Range) -> bool:
    return not r.empty and r.upper is None


# ------------------------------------------------------------------ internal operators

def _check_same(r1: Range, r2: Range) -> RangeTypeInfo:
    if r1.typid != r2.typid:
        raise PgError("XX000", "range types do not match")
    return range_info(r1.typid)


def range_eq_internal(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return r1.empty and r2.empty
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    return cmp_bounds(info, l1, l2) == 0 and cmp_bounds(info, u1, u2) == 0


def range_cmp_internal(info: RangeTypeInfo, r1: Range, r2: Range) -> int:
    """range_cmp(): empty sorts first, then lower bound, then upper bound."""
    if r1.empty or r2.empty:
        if r1.empty and r2.empty:
            return 0
        return -1 if r1.empty else 1
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    c = cmp_bounds(info, l1, l2)
    if c == 0:
        c = cmp_bounds(info, u1, u2)
    return c


def contains_elem(info: RangeTypeInfo, r: Range, val: Any) -> bool:
    """range_contains_elem_internal()."""
    if r.empty:
        return False
    if r.lower is not None:
        c = info.cmp(r.lower, val)
        if c > 0 or (c == 0 and not r.lower_inc):
            return False
    if r.upper is not None:
        c = info.cmp(r.upper, val)
        if c < 0 or (c == 0 and not r.upper_inc):
            return False
    return True


def contains(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r2.empty:
        return True
    if r1.empty:
        return False
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    return cmp_bounds(info, l1, l2) <= 0 and cmp_bounds(info, u1, u2) >= 0


def overlaps(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    if cmp_bounds(info, l1, l2) >= 0 and cmp_bounds(info, l1, u2) <= 0:
        return True
    if cmp_bounds(info, l2, l1) >= 0 and cmp_bounds(info, l2, u1) <= 0:
        return True
    return False


def before(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(info, bounds(r1)[1], bounds(r2)[0]) < 0


def after(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(info, bounds(r1)[0], bounds(r2)[1]) > 0


def bounds_adjacent(info: RangeTypeInfo, a: Bound, b: Bound) -> bool:
    """bounds_adjacent(): upper bound ``a`` meets lower bound ``b`` with
    nothing between them (for a discrete type, nothing canonical)."""
    c = cmp_bound_values(info, a, b)
    if c < 0:
        if not info.canonical:
            return False
        # a discrete type: is the range between the two bounds empty?
        lo = Bound(a.val, a.infinite, not a.inclusive, True)
        hi = Bound(b.val, b.infinite, not b.inclusive, False)
        return make_range(info, lo, hi, False).empty
    if c == 0:
        return a.inclusive != b.inclusive
    return False


def adjacent(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    return bounds_adjacent(info, u1, l2) or bounds_adjacent(info, u2, l1)


def overleft(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(info, bounds(r1)[1], bounds(r2)[1]) <= 0


def overright(info: RangeTypeInfo, r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(info, bounds(r1)[0], bounds(r2)[0]) >= 0


def union(info: RangeTypeInfo, r1: Range, r2: Range, strict: bool) -> Range:
    """range_union_internal()."""
    if r1.empty:
        return r2
    if r2.empty:
        return r1
    if strict and not overlaps(info, r1, r2) and not adjacent(info, r1, r2):
        raise PgError(DATA_EXCEPTION, "result of range union would not be contiguous")
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    lo = l1 if cmp_bounds(info, l1, l2) < 0 else l2
    hi = u1 if cmp_bounds(info, u1, u2) > 0 else u2
    return make_range(info, lo, hi, False)


def intersect(info: RangeTypeInfo, r1: Range, r2: Range) -> Range:
    """range_intersect_internal()."""
    if r1.empty or r2.empty or not overlaps(info, r1, r2):
        return Range(info.rngtypid, True)
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    lo = l1 if cmp_bounds(info, l1, l2) >= 0 else l2
    hi = u1 if cmp_bounds(info, u1, u2) <= 0 else u2
    return make_range(info, lo, hi, False)


def minus(info: RangeTypeInfo, r1: Range, r2: Range) -> Range:
    """range_minus_internal()."""
    if r1.empty or r2.empty:
        return r1
    l1, u1 = bounds(r1)
    l2, u2 = bounds(r2)
    c_l1l2 = cmp_bounds(info, l1, l2)
    c_l1u2 = cmp_bounds(info, l1, u2)
    c_u1l2 = cmp_bounds(info, u1, l2)
    c_u1u2 = cmp_bounds(info, u1, u2)
    if c_l1l2 < 0 and c_u1u2 > 0:
        raise PgError(DATA_EXCEPTION, "result of range difference would not be contiguous")
    if c_l1u2 > 0 or c_u1l2 < 0:
        return r1
    if c_l1l2 >= 0 and c_u1u2 <= 0:
        return Range(info.rngtypid, True)
    if c_l1l2 <= 0 and c_u1l2 >= 0 and c_u1u2 <= 0:
        return make_range(info, l1, Bound(l2.val, l2.infinite, not l2.inclusive, False), False)
    if c_l1l2 >= 0 and c_u1u2 >= 0 and c_l1u2 <= 0:
        return make_range(info, Bound(u2.val, u2.infinite, not u2.inclusive, True), u1, False)
    raise PgError("XX000", "unexpected case in range_minus")


# ------------------------------------------------------------------ fmgr: operators

def _binop(name: str, fn):
    def op(r1: Range, r2: Range):
        return fn(_check_same(r1, r2), r1, r2)
    op.__name__ = name
    builtin(name)(op)
    return op


range_eq = _binop("range_eq", range_eq_internal)
range_ne = _binop("range_ne", lambda i, a, b: not range_eq_internal(i, a, b))
range_lt = _binop("range_lt", lambda i, a, b: range_cmp_internal(i, a, b) < 0)
range_le = _binop("range_le", lambda i, a, b: range_cmp_internal(i, a, b) <= 0)
range_gt = _binop("range_gt", lambda i, a, b: range_cmp_internal(i, a, b) > 0)
range_ge = _binop("range_ge", lambda i, a, b: range_cmp_internal(i, a, b) >= 0)
range_cmp = _binop("range_cmp", range_cmp_internal)
range_contains = _binop("range_contains", contains)
range_contained_by = _binop("range_contained_by", lambda i, a, b: contains(i, b, a))
range_overlaps = _binop("range_overlaps", overlaps)
range_before = _binop("range_before", before)
range_after = _binop("range_after", after)
range_adjacent = _binop("range_adjacent", adjacent)
range_overleft = _binop("range_overleft", overleft)
range_overright = _binop("range_overright", overright)
range_union = _binop("range_union", lambda i, a, b: union(i, a, b, True))
range_merge = _binop("range_merge", lambda i, a, b: union(i, a, b, False))
range_intersect = _binop("range_intersect", intersect)
range_minus = _binop("range_minus", minus)


@builtin("range_intersect_agg_transfn")
def range_intersect_agg_transfn(r1: Range, r2: Range) -> Range:
    return intersect(_check_same(r1, r2), r1, r2)


@builtin("range_contains_elem")
def range_contains_elem(r: Range, val: Any) -> bool:
    return contains_elem(range_info(r.typid), r, val)


@builtin("elem_contained_by_range")
def elem_contained_by_range(val: Any, r: Range) -> bool:
    return contains_elem(range_info(r.typid), r, val)


# ------------------------------------------------------------------ hashing

def _subtype_hash(info: RangeTypeInfo, v: Any, seed: int | None) -> int:
    """The subtype's hash support function (hash opclass of the subtype)."""
    from pgref.types import fmgr
    name, ext = _HASH_SRC.get(info.subtype, (None, None))
    if name is None:
        raise PgError("42883", "could not identify a hash function for type "
                      f"{__import__('pgref.types.registry', fromlist=['x']).format_type(info.subtype)}")
    b = fmgr.lookup(ext if seed is not None else name)
    if b is None:
        raise PgError("0A000", f"hash function {name} is not implemented")
    args = (v,) if seed is None else (v, seed)
    return b.fn(None, *args) if b.ctx else b.fn(*args)


_HASH_SRC = {23: ("hashint4", "hashint4extended"), 20: ("hashint8", "hashint8extended"),
             1700: ("hash_numeric", "hash_numeric_extended"), 1082: ("hashint4", "hashint4extended"),
             1114: ("timestamp_hash", "hashint8extended"),       # timestamps hash as int8
             1184: ("timestamp_hash", "hashint8extended"),
             701: ("hashfloat8", "hashfloat8extended"), 25: ("hashtext", "hashtextextended")}


def _u32(x: int) -> int:
    return x & 0xFFFFFFFF


@builtin("hash_range")
def hash_range(r: Range) -> int:
    """hash_range(): flags byte hashed with the bound hashes, as PostgreSQL."""
    info = range_info(r.typid)
    flags = flags_of(r)
    lh = _u32(_subtype_hash(info, r.lower, None)) if not r.empty and r.lower is not None else 0
    uh = _u32(_subtype_hash(info, r.upper, None)) if not r.empty and r.upper is not None else 0
    result = _hash_uint32(flags)
    result ^= lh
    result = _u32((result << 1) | (result >> 31))
    result ^= uh
    return struct.unpack("i", struct.pack("I", result))[0]


def _hash_uint32(v: int) -> int:
    from pgref.types.funcs.misc_funcs import hash_uint32
    return _u32(hash_uint32(v))


def _rotate_high_and_low(v: int) -> int:
    """ROTATE_HIGH_AND_LOW_32BITS()."""
    return ((v << 1) & 0xFFFFFFFEFFFFFFFE) | ((v >> 31) & 0x100000001)


def range_hash_extended_u64(r: Range, seed: int) -> int:
    """hash_range_extended() as an unsigned 64-bit value."""
    from pgref.types.funcs.misc_funcs import hash_uint32_extended
    info = range_info(r.typid)
    m = 0xFFFFFFFFFFFFFFFF
    lh = _subtype_hash(info, r.lower, seed) & m if not r.empty and r.lower is not None else 0
    uh = _subtype_hash(info, r.upper, seed) & m if not r.empty and r.upper is not None else 0
    result = hash_uint32_extended(flags_of(r), seed) & m
    result ^= lh
    result = _rotate_high_and_low(result)
    result ^= uh
    return result


@builtin("hash_range_extended")
def hash_range_extended(r: Range, seed: int) -> int:
    return struct.unpack("q", struct.pack("Q", range_hash_extended_u64(r, seed)))[0]


# ------------------------------------------------------------------ pseudo-type I/O

def _pseudo_in(name: str):
    def f(ctx: Any, text: str, typioparam: int = 0, typmod: int = -1):
        raise PgError("0A000", f"cannot accept a value of type {name}")
    return f


def _pseudo_out(name: str):
    def f(ctx: Any, value: Any):
        raise PgError("0A000", f"cannot display a value of type {name}")
    return f


for _name in ("anyrange", "anymultirange", "anycompatiblerange", "anycompatiblemultirange"):
    builtin(f"{_name}_in", ctx=True)(_pseudo_in(_name))
    builtin(f"{_name}_out", ctx=True)(_pseudo_out(_name))


# ------------------------------------------------------------------ subtype_diff functions

@builtin("int4range_subdiff", "int8range_subdiff", "daterange_subdiff")
def int_subdiff(a: int, b: int) -> float:
    return float(a - b)


@builtin("numrange_subdiff")
def numrange_subdiff(a, b) -> float:
    return float(a - b)


@builtin("tsrange_subdiff", "tstzrange_subdiff")
def ts_subdiff(a: int, b: int) -> float:
    """Seconds between two timestamps (microsecond values)."""
    return (float(a) - float(b)) / 1000000.0       # as PostgreSQL: in float8

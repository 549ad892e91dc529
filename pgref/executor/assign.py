"""Evaluating assignments to array elements, slices and composite fields
(arraysubs.c's array_subscript_assign[_slice], arrayfuncs.c's
array_set_element / array_set_slice, execExprInterp.c's FieldStore).

Where it sits: ``executor/`` (spec/07-executor.md, "Assignment to
subscripts and fields").  The analyzer (analyzer/assign.py) builds
:class:`ArrayAssign`, :class:`FieldStore` and :class:`AssignCurrent`
nodes; the expression compiler hands them to the ``compile_*`` functions
here, which return closures like every other node (INV-EXEC-1).

An inner assignment reads "the current value of the part being replaced"
through an AssignCurrent node; the enclosing ArrayAssign / FieldStore
compiles its value with a fresh one-slot cell on the compiler's stack
(``Compiler.assign_cells``), fills the cell with the old element or field
just before evaluating the value, and AssignCurrent reads it.

Guarantees (INV-EXEC-ASSIGN-1..3 in the spec):
    a NULL array becomes an empty one before the assignment; a NULL
    composite becomes a row of NULLs; assignment never modifies the input
    PgArray / TypedRecord in place (values are shared between rows).
"""
from __future__ import annotations

from pgref.errors import ARRAY_SUBSCRIPT_ERROR, PgError
from pgref.types.io.record import TypedRecord
from pgref.types.values import PgArray

NULL_VALUE_NOT_ALLOWED = "22004"


MAX_ARRAY_SIZE = 0x3FFFFFFF // 8       # MaxArraySize: MaxAllocSize / sizeof(Datum) = 134217727


def _err(msg: str, detail: str | None = None) -> PgError:
    return PgError(ARRAY_SUBSCRIPT_ERROR, msg, detail=detail)


def _check_size(dims) -> None:
    """ArrayGetNItems' limit, checked before any NULL padding is built."""
    total = 1
    for d in dims:
        total *= d
    if total > MAX_ARRAY_SIZE or any(d > MAX_ARRAY_SIZE for d in dims):
        raise PgError("54000", f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")


# ------------------------------------------------------------------ compile
def compile_assign_current(compiler, e):
    cells = getattr(compiler, "assign_cells", None)
    if not cells:
        from pgref.errors import INTERNAL_ERROR
        raise PgError(INTERNAL_ERROR, "assignment placeholder outside an assignment")
    cell = cells[-1]
    return lambda row: cell[0]


def _compile_value(compiler, value):
    """Compile ``value`` with a fresh cell for the AssignCurrent nodes
    directly inside it; returns (fn, cell, needs_current)."""
    cell = [None]
    stack = getattr(compiler, "assign_cells", None)
    if stack is None:
        stack = compiler.assign_cells = []
    stack.append(cell)
    try:
        fn = compiler.compile(value)
    finally:
        stack.pop()
    return fn, cell, _uses_current(value)


def _uses_current(e) -> bool:
    from pgref.analyzer.assign import AssignCurrent
    from pgref.planner.planner import walk_expr
    return any(isinstance(n, AssignCurrent) for n, _d in walk_expr(e))


def compile_array_assign(compiler, e):
    from pgref.executor.expr import _subscript
    base = compiler.compile(e.arg)
    subs = [(compiler.compile(lo) if lo is not None else None,
             compiler.compile(hi) if hi is not None else None, sl) for lo, hi, sl in e.indexes]
    value, cell, needs_current = _compile_value(compiler, e.value)
    is_slice, elemtype, fixed = e.is_slice, e.elemtype, e.fixed_length

    def f(row):
        arr = base(row)
        if fixed:
            return None if arr is None else _fixed_length_assign(arr, subs, value, is_slice, row)
        idx = []
        for lo, hi, sl in subs:
            lv = lo(row) if lo is not None else None
            hv = hi(row) if hi is not None else None
            if (lo is not None and lv is None) or (hi is not None and hv is None):
                raise PgError(NULL_VALUE_NOT_ALLOWED, "array subscript in assignment must not be null")
            idx.append((lv, hv, sl))
        if arr is None:
            arr = PgArray([], [], [], elemtype)
        if needs_current:
            cell[0] = _subscript(arr, idx, is_slice) if arr.dims else None
        v = value(row)
        if is_slice:
            return array_set_slice(arr, idx, v)
        return array_set_element(arr, [hv if lv is None else lv for lv, hv, _ in idx], v)
    return f


def compile_field_store(compiler, e):
    base = compiler.compile(e.arg)
    vals = [_compile_value(compiler, v) for v in e.newvals]
    slots = [k - 1 for k in e.fieldnums]
    ncols, types = e.ncols, e.fieldtypes

    def f(row):
        rec = base(row)
        values = [None] * ncols if rec is None else list(rec.values)
        rtypes = types or (rec.types if rec is not None else ())
        for k, (fn, cell, needs_current) in zip(slots, vals):
            if needs_current:
                cell[0] = values[k]
            values[k] = fn(row)
        return TypedRecord(tuple(values), tuple(rtypes))
    return f


# ------------------------------------------------------------------ arrays
def _fixed_length_assign(arr, subs, value, is_slice: bool, row):
    """array_subscript_assign for a fixed-length "array" (point, lseg,
    box, line): a NULL value is ignored; no growing, no slices."""
    idx = []
    for lo, hi, _sl in subs:
        for part in (lo, hi):
            if part is not None:
                v = part(row)
                if v is None:
                    raise PgError(NULL_VALUE_NOT_ALLOWED, "array subscript in assignment must not be null")
                idx.append(v)
    if is_slice:
        from pgref.errors import FEATURE_NOT_SUPPORTED
        raise PgError(FEATURE_NOT_SUPPORTED, "slices of fixed-length arrays not implemented")
    v = value(row)
    if v is None:
        return arr
    if len(idx) != 1:
        raise _err("wrong number of array subscripts")
    if not 0 <= idx[0] < len(arr):
        raise _err("array subscript out of range")
    items = list(arr)
    items[idx[0]] = v
    return type(arr)(*items)


def array_set_element(arr: PgArray, indx: list[int], value) -> PgArray:
    """array_set_element: a copy of ``arr`` with the element at ``indx``
    set; a one-dimensional array grows (gaps become NULL)."""
    n = len(indx)
    nd = len(arr.dims)
    if nd == 0:
        return PgArray([value], [1] * n, list(indx), arr.elemtype)
    if nd != n:
        raise _err("wrong number of array subscripts")
    dims, lbs = list(arr.dims), list(arr.lbounds)
    elems = list(arr.elements)
    if nd == 1:
        i = indx[0]
        _check_size([max(dims[0] + lbs[0], i + 1) - min(lbs[0], i)])
        if i < lbs[0]:
            elems[0:0] = [None] * (lbs[0] - i)
            dims[0] += lbs[0] - i
            lbs[0] = i
        if i >= dims[0] + lbs[0]:
            extra = i - (dims[0] + lbs[0]) + 1
            elems.extend([None] * extra)
            dims[0] += extra
        elems[i - lbs[0]] = value
        return PgArray(elems, dims, lbs, arr.elemtype)
    off = 0
    for d, i in enumerate(indx):
        if i < lbs[d] or i >= dims[d] + lbs[d]:
            raise _err("array subscript out of range")
        off = off * dims[d] + (i - lbs[d])
    elems[off] = value
    return PgArray(elems, dims, lbs, arr.elemtype)


def array_set_slice(arr: PgArray, idx, src) -> PgArray:
    """array_set_slice: a copy of ``arr`` with the slice ``idx`` (a list of
    (lower, upper, is_slice); None bounds were omitted) replaced by the
    elements of ``src`` read in storage order.  Assigning NULL is a no-op."""
    if src is None:
        return arr
    n = len(idx)
    lower, upper, lprov, uprov = [], [], [], []
    for lo, hi, sl in idx:
        if not sl:
            lo, hi = 1, hi if lo is None else lo     # a plain subscript in a slice means 1..n
        lower.append(lo)
        upper.append(hi)
        lprov.append(lo is not None)
        uprov.append(hi is not None)
    nd = len(arr.dims)
    if nd == 0:
        if not all(lprov) or not all(uprov):
            raise _err("array slice subscript must provide both boundaries",
                       "When assigning to a slice of an empty array value, slice boundaries must be fully "
                       "specified.")
        dims = []
        for lo, hi in zip(lower, upper):
            if lo > hi:
                raise _err("upper bound cannot be less than lower bound")
            dims.append(hi - lo + 1)
        _check_size(dims)
        total = 1
        for d in dims:
            total *= d
        if len(src.elements) < total:
            raise _err("source array too small")
        return PgArray(list(src.elements[:total]), dims, list(lower), arr.elemtype)
    if nd < n:
        raise _err("wrong number of array subscripts")
    dims, lbs = list(arr.dims), list(arr.lbounds)
    if nd == 1:
        lo = lower[0] if lprov[0] else lbs[0]
        hi = upper[0] if uprov[0] else dims[0] + lbs[0] - 1
        if lo > hi:
            raise _err("upper bound cannot be less than lower bound")
        _check_size([max(dims[0] + lbs[0], hi + 1) - min(lbs[0], lo)])
        elems = list(arr.elements)
        if lo < lbs[0]:
            elems[0:0] = [None] * (lbs[0] - lo)
            dims[0] += lbs[0] - lo
            lbs[0] = lo
        if hi >= dims[0] + lbs[0]:
            extra = hi - (dims[0] + lbs[0]) + 1
            elems.extend([None] * extra)
            dims[0] += extra
        count = hi - lo + 1
        if len(src.elements) < count:
            raise _err("source array too small")
        elems[lo - lbs[0]:hi - lbs[0] + 1] = src.elements[:count]
        return PgArray(elems, dims, lbs, arr.elemtype)
    los, his = [], []
    for d in range(nd):
        if d < n:
            lo = lower[d] if lprov[d] else lbs[d]
            hi = upper[d] if uprov[d] else dims[d] + lbs[d] - 1
        else:
            lo, hi = lbs[d], dims[d] + lbs[d] - 1
        if lo > hi:
            raise _err("upper bound cannot be less than lower bound")
        if d < n and (lo < lbs[d] or hi >= dims[d] + lbs[d]):
            raise _err("array subscript out of range")
        los.append(lo)
        his.append(hi)
    total = 1
    for lo, hi in zip(los, his):
        total *= hi - lo + 1
    if len(src.elements) < total:
        raise _err("source array too small")
    elems = list(arr.elements)
    k = 0
    for pos in _positions(los, his):
        off = 0
        for d, i in enumerate(pos):
            off = off * dims[d] + (i - lbs[d])
        elems[off] = src.elements[k]
        k += 1
    return PgArray(elems, dims, lbs, arr.elemtype)


def array_get_slice(arr: PgArray, idx) -> PgArray:
    """array_get_slice: the box ``idx`` (clipped to the array; omitted
    trailing dimensions taken whole) as a new array with lower bounds 1;
    an empty array when the box is empty."""
    nd = len(arr.dims)
    empty = PgArray([], [], [], arr.elemtype)
    if nd < len(idx) or nd == 0:
        return empty
    los, his = [], []
    for d in range(nd):
        lb, ub = arr.lbounds[d], arr.lbounds[d] + arr.dims[d] - 1
        if d < len(idx):
            lo, hi, sl = idx[d]
            if not sl:
                lo, hi = 1, hi if lo is None else lo
            lo = lb if lo is None or lo < lb else lo
            hi = ub if hi is None or hi > ub else hi
        else:
            lo, hi = lb, ub
        if lo > hi:
            return empty
        los.append(lo)
        his.append(hi)
    out = []
    for pos in _positions(los, his):
        off = 0
        for d, i in enumerate(pos):
            off = off * arr.dims[d] + (i - arr.lbounds[d])
        out.append(arr.elements[off])
    return PgArray(out, [h - l + 1 for l, h in zip(los, his)], [1] * nd, arr.elemtype)


def _positions(los: list[int], his: list[int]):
    """Every subscript tuple of the box los..his, in row-major order."""
    if not los:
        yield ()
        return
    for i in range(los[0], his[0] + 1):
        for rest in _positions(los[1:], his[1:]):
            yield (i,) + rest

"""Array functions: array_length, array_lower/upper, cardinality, array_dims,
array_ndims, array_append/prepend/cat, array_position(s), array_remove,
array_replace, array_fill (PostgreSQL's arrayfuncs.c / array_userfuncs.c).

Where it sits: ``types/funcs/`` (spec/03-types-functions.md, "Arrays").
Arrays are ``PgArray`` values (types/values.py): a flat element list in
row-major order plus per-dimension lengths and lower bounds.  Element
equality for position/remove/replace is Python equality, which agrees with
PostgreSQL's ``=`` for the element types whose values compare naturally.
"""
from __future__ import annotations

from pgref.errors import ARRAY_SUBSCRIPT_ERROR, FEATURE_NOT_SUPPORTED, PgError
from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

MAXDIM = 6


@builtin("array_length")
def array_length(a: PgArray, dim: int):
    if dim < 1 or dim > len(a.dims):
        return None
    return a.dims[dim - 1]


@builtin("array_lower")
def array_lower(a: PgArray, dim: int):
    if dim < 1 or dim > len(a.dims):
        return None
    return a.lbounds[dim - 1]


@builtin("array_upper")
def array_upper(a: PgArray, dim: int):
    if dim < 1 or dim > len(a.dims):
        return None
    return a.lbounds[dim - 1] + a.dims[dim - 1] - 1


@builtin("array_cardinality")
def array_cardinality(a: PgArray):
    return len(a.elements)


@builtin("array_ndims")
def array_ndims(a: PgArray):
    return len(a.dims) if a.dims else None


@builtin("array_dims")
def array_dims(a: PgArray):
    if not a.dims:
        return None
    return "".join(f"[{lb}:{lb + n - 1}]" for lb, n in zip(a.lbounds, a.dims))


def _one_dim(a: PgArray, what: str) -> None:
    if len(a.dims) > 1:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} on multidimensional arrays is not supported yet")


def _elemtype(ctx, i: int) -> int:
    types = getattr(ctx, "argtypes", None)
    return types[i] if types else 0


@builtin("array_append", ctx=True)
def array_append(ctx, a, elem):
    if a is None:
        return PgArray([elem], [1], [1], _elemtype(ctx, 1))
    _one_dim(a, "array_append")
    if not a.dims:
        return PgArray([elem], [1], [1], a.elemtype)
    return PgArray(a.elements + [elem], [a.dims[0] + 1], list(a.lbounds), a.elemtype)


@builtin("array_prepend", ctx=True)
def array_prepend(ctx, elem, a):
    if a is None:
        return PgArray([elem], [1], [1], _elemtype(ctx, 0))
    _one_dim(a, "array_prepend")
    if not a.dims:
        return PgArray([elem], [1], [1], a.elemtype)
    return PgArray([elem] + a.elements, [a.dims[0] + 1], [a.lbounds[0] - 1], a.elemtype)


@builtin("array_cat")
def array_cat(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if not a.dims:
        return b
    if not b.dims:
        return a
    if len(a.dims) == len(b.dims):
        if a.dims[1:] != b.dims[1:]:
            raise PgError("2202E", "cannot concatenate incompatible arrays",
                          detail="Arrays with differing element dimensions are not compatible for concatenation.")
        return PgArray(a.elements + b.elements, [a.dims[0] + b.dims[0]] + list(a.dims[1:]),
                       list(a.lbounds), a.elemtype)
    if len(a.dims) == len(b.dims) + 1 and a.dims[1:] == b.dims:
        return PgArray(a.elements + b.elements, [a.dims[0] + 1] + list(a.dims[1:]), list(a.lbounds), a.elemtype)
    if len(b.dims) == len(a.dims) + 1 and b.dims[1:] == a.dims:
        return PgArray(a.elements + b.elements, [b.dims[0] + 1] + list(b.dims[1:]),
                       [b.lbounds[0] - 1] + list(b.lbounds[1:]), a.elemtype)
    raise PgError("2202E", "cannot concatenate incompatible arrays",
                  detail=f"Arrays of {len(a.dims)} and {len(b.dims)} dimensions are not compatible for concatenation.")


def _positions(a: PgArray, elem, start_index: int = 0):
    _one_dim(a, "searching for elements")
    lb = a.lbounds[0] if a.dims else 1
    for i, x in enumerate(a.elements):
        if i < start_index:
            continue
        if (x is None and elem is None) or (x is not None and elem is not None and x == elem):
            yield lb + i


@builtin("array_position")
def array_position(a, elem):
    if a is None:
        return None
    return next(_positions(a, elem), None)


@builtin("array_position_start")
def array_position_start(a, elem, start):
    if a is None:
        return None
    if start is None:
        raise PgError("22004", "initial position must not be null")
    lb = a.lbounds[0] if a.dims else 1
    return next(_positions(a, elem, max(start - lb, 0)), None)


@builtin("array_positions")
def array_positions(a, elem):
    if a is None:
        return None
    from pgref.types.oids import INT4OID
    return PgArray.from_list(list(_positions(a, elem)), INT4OID)


@builtin("array_remove")
def array_remove(a, elem):
    if a is None:
        return None
    _one_dim(a, "array_remove")
    keep = [x for x in a.elements if not ((x is None and elem is None) or
                                          (x is not None and elem is not None and x == elem))]
    if not keep:
        return PgArray([], [], [], a.elemtype)
    return PgArray(keep, [len(keep)], [1], a.elemtype)


@builtin("array_replace")
def array_replace(a, old, new):
    if a is None:
        return None
    out = [new if ((x is None and old is None) or (x is not None and old is not None and x == old)) else x
           for x in a.elements]
    return PgArray(out, list(a.dims), list(a.lbounds), a.elemtype)


@builtin("array_fill", ctx=True)
def array_fill(ctx, value, dims):
    return array_fill_with_lower_bounds(ctx, value, dims, None)


@builtin("array_fill_with_lower_bounds", ctx=True)
def array_fill_with_lower_bounds(ctx, value, dims, lbs):
    if dims is None:
        raise PgError("22004", "dimension array or low bound array cannot be null")
    d = dims.elements
    if any(x is None for x in d):
        raise PgError("22004", "dimension values cannot be null")
    if len(d) > MAXDIM:
        raise PgError("54000", f"number of array dimensions ({len(d)}) exceeds the maximum allowed ({MAXDIM})")
    lb = lbs.elements if lbs is not None else [1] * len(d)
    if len(lb) != len(d):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts",
                      detail="Low bound array has different size than dimensions array.")
    n = 1
    for x in d:
        n *= max(x, 0)
    elemtype = ctx.argtypes[0] if getattr(ctx, "argtypes", None) else 0
    if n == 0:
        return PgArray([], [], [], elemtype)
    return PgArray([value] * n, list(d), list(lb), elemtype)


# -- comparison (array_eq ... btarraycmp) -----------------------------------------
# PostgreSQL compares arrays element by element with the element type's
# btree ordering (NULL elements sort after non-NULL ones), then by the number
# of elements, then by dimensions and lower bounds.

def _elem_cmp(ctx, elemtype: int):
    from pgref.executor.keys import key_function
    cmp_proc = ctx.cat.btree_cmp_proc(elemtype, elemtype) if getattr(ctx, "cat", None) else 0
    cmp_fn = None
    if cmp_proc:
        from pgref.executor.expr import compare_function
        cmp_fn = compare_function(ctx, cmp_proc)
    norm = key_function(elemtype, cmp_fn)
    if norm is None:
        return lambda x, y: (x > y) - (x < y)
    return lambda x, y: (norm(x) > norm(y)) - (norm(x) < norm(y))


def _array_cmp(ctx, a: PgArray, b: PgArray) -> int:
    cmp = _elem_cmp(ctx, a.elemtype or b.elemtype)
    for x, y in zip(a.elements, b.elements):
        if x is None or y is None:
            if x is None and y is None:
                continue
            return 1 if x is None else -1
        c = cmp(x, y)
        if c:
            return c
    na, nb = len(a.elements), len(b.elements)
    if na != nb:
        return -1 if na < nb else 1
    if len(a.dims) != len(b.dims):
        return -1 if len(a.dims) < len(b.dims) else 1
    for da, db in zip(a.dims, b.dims):
        if da != db:
            return -1 if da < db else 1
    for la, lb in zip(a.lbounds, b.lbounds):
        if la != lb:
            return -1 if la < lb else 1
    return 0


@builtin("btarraycmp", ctx=True)
def btarraycmp(ctx, a, b):
    return _array_cmp(ctx, a, b)


@builtin("array_eq", ctx=True)
def array_eq(ctx, a, b):
    return _array_cmp(ctx, a, b) == 0


@builtin("array_ne", ctx=True)
def array_ne(ctx, a, b):
    return _array_cmp(ctx, a, b) != 0


@builtin("array_lt", ctx=True)
def array_lt(ctx, a, b):
    return _array_cmp(ctx, a, b) < 0


@builtin("array_gt", ctx=True)
def array_gt(ctx, a, b):
    return _array_cmp(ctx, a, b) > 0


@builtin("array_le", ctx=True)
def array_le(ctx, a, b):
    return _array_cmp(ctx, a, b) <= 0


@builtin("array_ge", ctx=True)
def array_ge(ctx, a, b):
    return _array_cmp(ctx, a, b) >= 0


@builtin("generate_subscripts")
def generate_subscripts(arr: PgArray, dim: int, reverse: bool = False):
    """generate_subscripts(array, dim [, reverse]): the subscripts of one
    dimension, lower bound to upper (or back); none for a dimension the
    array does not have."""
    if dim < 1 or dim > len(arr.dims):
        return iter(())
    lo = arr.lbounds[dim - 1]
    hi = lo + arr.dims[dim - 1] - 1
    return iter(range(hi, lo - 1, -1) if reverse else range(lo, hi + 1))


@builtin("generate_subscripts_nodir")
def generate_subscripts_nodir(arr: PgArray, dim: int):
    return generate_subscripts(arr, dim, False)


"""Arrays: array_in / array_out / array_recv / array_send over any element type.

Where it sits: ``types/io/`` (spec/03-types.md, "Arrays").  An array datum is
a :class:`~pgref.types.values.PgArray`: the elements flat in row-major
order, each dimension's length and lower bound, and the element type's OID.
Element values go through the element type's own I/O functions via the
registry, so ``int4[]``, ``text[]`` or ``numeric(10,2)[]`` all share this
code (``typioparam`` is the element type, ``typmod`` applies to elements).

Text format (INV-TYPES-8: output reads back as the same array):

    '{1,2,3}'                     one dimension, lower bound 1
    '{{1,2},{3,4}}'               two dimensions, 2 x 2
    '[0:1]={7,8}'                 explicit bounds (printed when any is not 1)
    '{NULL,"NULL","",a\\,b}'      a NULL, the word NULL, the empty string, 'a,b'
    '{}'                          empty (no dimensions)

Input is parsed in PostgreSQL 15's two passes: ``ArrayCount`` validates the
brace structure with a small state machine and learns the dimensions --
every rejection is 22P02 ``malformed array literal: "<input>"`` with a
DETAIL naming the problem ("Unexpected end of input.", "Junk after closing
right brace.", "Multidimensional arrays must have sub-arrays with matching
dimensions." ...); then ``ReadArrayStr`` splits items, removes quotes and
backslashes, trims unquoted blanks and maps an unquoted ``NULL`` (any case)
to NULL.  The delimiter is the element type's ``typdelim`` (``;`` for box).

Output quotes an element when it is empty, equals ``NULL`` in any case, or
contains ``"``, ``\\``, ``{``, ``}``, the delimiter or whitespace; inside
quotes ``"`` and ``\\`` get a backslash.

Binary format (array_send), all integers big-endian int32:

    ndim | flags (1 if any NULL) | element type OID
    ndim x (length, lower bound)
    per element: byte length (-1 for NULL), then the element's binary form
"""
from __future__ import annotations

import struct
from typing import Any

from pgref.errors import (
    ARRAY_SUBSCRIPT_ERROR, DATATYPE_MISMATCH, INTERNAL_ERROR,
    INVALID_BINARY_REPRESENTATION, INVALID_TEXT_REPRESENTATION,
    PROGRAM_LIMIT_EXCEEDED, PgError)
from pgref.types import registry
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader
from pgref.types.values import PgArray

MAXDIM = 6
MAX_ARRAY_SIZE = 0x3FFFFFFF // 8
_SPACE = " \t\n\r\v\f"      # array_isspace()
INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1

# ArrayCount parse states
NO_LEVEL, LEVEL_STARTED, ELEM_STARTED, ELEM_COMPLETED, QUOTED_ELEM_STARTED, \
    QUOTED_ELEM_COMPLETED, ELEM_DELIMITED, LEVEL_COMPLETED, LEVEL_DELIMITED = range(9)


def _malformed(text: str, detail: str | None) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed array literal: "{text}"',
                   detail=detail)


def _too_many_dims(n: int) -> PgError:
    return PgError(PROGRAM_LIMIT_EXCEEDED,
                   f"number of array dimensions ({n}) exceeds the maximum allowed ({MAXDIM})")


def _atoi(s: str) -> int:
    """C atoi() over [+-digits]: leading sign(s) then digits, int32 wrap."""
    i, neg = 0, False
    if i < len(s) and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    j = i
    while j < len(s) and s[j].isdigit():
        j += 1
    digits = s[i:j].lstrip("0")
    v = int(digits[-12:]) if digits else 0      # atoi overflow is undefined; keep it bounded
    v = -v if neg else v
    return ((v + 2 ** 31) % 2 ** 32) - 2 ** 31


def array_count(s: str, start: int, orig: str, delim: str) -> list[int]:
    """ArrayCount(): validate the brace structure starting at ``s[start]``
    (a '{') and return the dimensions ([] for an empty array)."""
    nest_level = 0
    ndim = 1
    temp = [0] * MAXDIM
    nelems = [1] * MAXDIM
    nelems_last = [0] * MAXDIM
    in_quotes = False
    eo_array = False
    empty_array = True
    state = NO_LEVEL
    p, n = start, len(s)
    while not eo_array:
        itemdone = False
        while not itemdone:
            if state in (ELEM_STARTED, QUOTED_ELEM_STARTED):
                empty_array = False
            c = s[p] if p < n else "\0"
            if c == "\0":
                raise _malformed(orig, "Unexpected end of input.")
            if c == "\\":
                if state not in (LEVEL_STARTED, ELEM_STARTED, QUOTED_ELEM_STARTED, ELEM_DELIMITED):
                    raise _malformed(orig, 'Unexpected "\\" character.')
                if state != QUOTED_ELEM_STARTED:
                    state = ELEM_STARTED
                if p + 1 < n:
                    p += 1
                else:
                    raise _malformed(orig, "Unexpected end of input.")
            elif c == '"':
                if state not in (LEVEL_STARTED, QUOTED_ELEM_STARTED, ELEM_DELIMITED):
                    raise _malformed(orig, "Unexpected array element.")
                in_quotes = not in_quotes
                state = QUOTED_ELEM_STARTED if in_quotes else QUOTED_ELEM_COMPLETED
            elif c == "{" and not in_quotes:
                if state not in (NO_LEVEL, LEVEL_STARTED, LEVEL_DELIMITED):
                    raise _malformed(orig, 'Unexpected "{" character.')
                state = LEVEL_STARTED
                if nest_level >= MAXDIM:
                    raise _too_many_dims(nest_level + 1)
                temp[nest_level] = 0
                nest_level += 1
                if ndim < nest_level:
                    ndim = nest_level
            elif c == "}" and not in_quotes:
                if state not in (ELEM_STARTED, ELEM_COMPLETED, QUOTED_ELEM_COMPLETED,
                                 LEVEL_COMPLETED) and not (nest_level == 1 and state == LEVEL_STARTED):
                    raise _malformed(orig, 'Unexpected "}" character.')
                state = LEVEL_COMPLETED
                if nest_level == 0:
                    raise _malformed(orig, 'Unmatched "}" character.')
                nest_level -= 1
                if nelems_last[nest_level] != 0 and nelems[nest_level] != nelems_last[nest_level]:
                    raise _malformed(orig, "Multidimensional arrays must have sub-arrays with "
                                           "matching dimensions.")
                nelems_last[nest_level] = nelems[nest_level]
                nelems[nest_level] = 1
                if nest_level == 0:
                    eo_array = itemdone = True
                else:
                    temp[nest_level - 1] += 1
            elif c not in "{}" and not in_quotes:
                if c == delim:
                    if state not in (ELEM_STARTED, ELEM_COMPLETED, QUOTED_ELEM_COMPLETED,
                                     LEVEL_COMPLETED):
                        raise _malformed(orig, f'Unexpected "{delim}" character.')
                    state = LEVEL_DELIMITED if state == LEVEL_COMPLETED else ELEM_DELIMITED
                    itemdone = True
                    nelems[nest_level - 1] += 1
                elif c not in _SPACE:
                    if state not in (LEVEL_STARTED, ELEM_STARTED, ELEM_DELIMITED):
                        raise _malformed(orig, "Unexpected array element.")
                    state = ELEM_STARTED
            if not itemdone:
                p += 1
        temp[ndim - 1] += 1
        p += 1
    while p < n:
        if s[p] not in _SPACE:
            raise _malformed(orig, "Junk after closing right brace.")
        p += 1
    if empty_array:
        return []
    return temp[:ndim]


def _nitems(dims: list[int]) -> int:
    """ArrayGetNItems(): the element count, or 54000 when too large."""
    total = 1
    for d in dims:
        if d < 0:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
        total *= d
        if total > MAX_ARRAY_SIZE:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
    return total if dims else 0


def _check_bounds(dims: list[int], lbounds: list[int]) -> None:
    """ArrayCheckBounds(): lower bound + length must fit an int32."""
    for d, lb in zip(dims, lbounds):
        if lb + d - 1 > INT32_MAX:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"array lower bound is too large: {lb}")


def read_array_items(s: str, start: int, orig: str, dims: list[int],
                     delim: str) -> list[tuple[str, bool]]:
    """ReadArrayStr(): the de-quoted items in row-major order, each with
    whether it was quoted/escaped (and so cannot be the NULL marker)."""
    ndim = len(dims)
    nitems = _nitems(dims)
    prod = [1] * ndim
    for k in range(ndim - 2, -1, -1):
        prod[k] = prod[k + 1] * dims[k + 1]
    items: list[tuple[str, bool] | None] = [None] * nitems
    indx = [0] * ndim
    nest_level = 0
    in_quotes = False
    eo_array = False
    p, n = start, len(s)
    while not eo_array:
        itemdone = False
        leadingspace = True
        hasquoting = False
        buf: list[str] = []
        end = 0                # length of buf up to the last significant char
        i = -1
        while not itemdone:
            if p >= n:
                raise _malformed(orig, None)
            c = s[p]
            if c == "\\":
                p += 1
                if p >= n:
                    raise _malformed(orig, None)
                buf.append(s[p])
                p += 1
                leadingspace = False
                end = len(buf)
                hasquoting = True
            elif c == '"':
                in_quotes = not in_quotes
                if in_quotes:
                    leadingspace = False
                else:
                    end = len(buf)
                hasquoting = True
                p += 1
            elif c == "{" and not in_quotes:
                if nest_level >= ndim:
                    raise _malformed(orig, None)
                nest_level += 1
                indx[nest_level - 1] = 0
                p += 1
            elif c == "}" and not in_quotes:
                if nest_level == 0:
                    raise _malformed(orig, None)
                if i == -1:
                    i = sum(x * y for x, y in zip(indx, prod))
                indx[nest_level - 1] = 0
                nest_level -= 1
                if nest_level == 0:
                    eo_array = itemdone = True
                else:
                    indx[nest_level - 1] += 1
                p += 1
            elif in_quotes:
                buf.append(c)
                p += 1
            elif c == delim:
                if i == -1:
                    i = sum(x * y for x, y in zip(indx, prod))
                itemdone = True
                indx[ndim - 1] += 1
                p += 1
            elif c in _SPACE:
                if leadingspace:
                    p += 1
                else:
                    buf.append(c)
                    p += 1
            else:
                buf.append(c)
                p += 1
                leadingspace = False
                end = len(buf)
        if i < 0 or i >= nitems:
            raise _malformed(orig, None)
        items[i] = ("".join(buf[:end]), hasquoting)
    return [it if it is not None else ("NULL", False) for it in items]


def parse_array_text(text: str, delim: str = ",") -> tuple[list[int], list[int], list[str | None]]:
    """array_in()'s parsing without element conversion: (dims, lbounds,
    item strings with None for NULL)."""
    s = text
    p, n = 0, len(s)
    dims: list[int] = []
    lbounds: list[int] = []
    while True:
        while p < n and s[p] in _SPACE:
            p += 1
        if p >= n or s[p] != "[":
            break
        p += 1
        if len(dims) >= MAXDIM:
            raise _too_many_dims(len(dims) + 1)
        q = p
        while q < n and (s[q].isdigit() and s[q] < "\x80" or s[q] in "+-"):
            q += 1
        if q == p:
            raise _malformed(text, '"[" must introduce explicitly-specified array dimensions.')
        if q < n and s[q] == ":":
            lb = _atoi(s[p:q])
            p = q + 1
            q = p
            while q < n and (s[q].isdigit() and s[q] < "\x80" or s[q] in "+-"):
                q += 1
            if q == p:
                raise _malformed(text, "Missing array dimension value.")
        else:
            lb = 1
        if q >= n or s[q] != "]":
            raise _malformed(text, 'Missing "]" after array dimensions.')
        ub = _atoi(s[p:q])
        p = q + 1
        if ub < lb:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "upper bound cannot be less than lower bound")
        dims.append(ub - lb + 1)
        lbounds.append(lb)
    if not dims:
        if p >= n or s[p] != "{":
            raise _malformed(text, 'Array value must start with "{" or dimension information.')
        dims = array_count(s, p, text, delim)
        lbounds = [1] * len(dims)
    else:
        if not s.startswith("=", p):
            raise _malformed(text, 'Missing "=" after array dimensions.')
        p += 1
        while p < n and s[p] in _SPACE:
            p += 1
        if p >= n or s[p] != "{":
            raise _malformed(text, 'Array contents must start with "{".')
        braces = array_count(s, p, text, delim)
        if braces != dims:
            raise _malformed(text, "Specified array dimensions do not match array contents.")
    nitems = _nitems(dims)
    _check_bounds(dims, lbounds)
    if nitems == 0:
        return [], [], []
    if len(dims) == 1 and '"' not in s and "\\" not in s:
        # fast path, same result: one level, nothing quoted or escaped, so
        # the items are the delimiter-separated pieces, blanks trimmed
        inner = s[p + 1:s.rindex("}")]
        items = [(piece.strip(_SPACE), False) for piece in inner.split(delim)]
    else:
        items = read_array_items(s, p, text, dims, delim)
    values: list[str | None] = [None if (not quoted and item.lower() == "null") else item
                                for item, quoted in items]
    return dims, lbounds, values


def _delim(elemtype: int) -> str:
    info = registry.TYPES.get(elemtype)
    return info.typdelim if info is not None else ","


@builtin("array_in", ctx=True)
def array_in(ctx: Any, text: str, typioparam: int, typmod: int = -1) -> PgArray:
    dims, lbounds, items = parse_array_text(text, _delim(typioparam))
    fin = registry.input_caller(typioparam)
    elements = [fin(ctx, item, typmod) for item in items]
    return PgArray(elements, dims, lbounds, typioparam)


def _needs_quotes(s: str, delim: str) -> bool:
    if s == "" or s.lower() == "null":
        return True
    for ch in s:
        if ch in '"\\{}' or ch == delim or ch in _SPACE:
            return True
    return False


def format_array(texts: list[str | None], dims: list[int], lbounds: list[int],
                 delim: str = ",") -> str:
    """array_out()'s layout from already-printed elements (None = NULL)."""
    if not dims or _nitems(dims) == 0:
        return "{}"
    out: list[str] = []
    if any(lb != 1 for lb in lbounds):
        for d, lb in zip(dims, lbounds):
            out.append(f"[{lb}:{lb + d - 1}]")
        out.append("=")
    items: list[str] = []
    for t in texts:
        if t is None:
            items.append("NULL")
        elif _needs_quotes(t, delim):
            items.append('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"')
        else:
            items.append(t)

    def level(k: int, offset: int) -> tuple[str, int]:
        if k == len(dims) - 1:
            chunk = items[offset:offset + dims[k]]
            return "{" + delim.join(chunk) + "}", offset + dims[k]
        parts = []
        for _ in range(dims[k]):
            part, offset = level(k + 1, offset)
            parts.append(part)
        return "{" + delim.join(parts) + "}", offset

    body, _ = level(0, 0)
    out.append(body)
    return "".join(out)


def _elemtype_of(value: PgArray) -> int:
    if not value.elemtype:
        raise PgError(INTERNAL_ERROR, "array value carries no element type")
    return value.elemtype


@builtin("array_out", "anyarray_out", ctx=True)        # anyarray_out: pg_stats columns
def array_out(ctx: Any, value: PgArray) -> str:
    elemtype = _elemtype_of(value)
    fout = registry.output_caller(elemtype)
    texts = [fout(ctx, v) for v in value.elements]
    return format_array(texts, value.dims, value.lbounds, _delim(elemtype))


@builtin("array_recv", ctx=True)
def array_recv(ctx: Any, data: bytes, typioparam: int, typmod: int = -1) -> PgArray:
    r = Reader(data)
    ndim = r.int32()
    if ndim < 0:
        raise PgError(INVALID_BINARY_REPRESENTATION, f"invalid number of dimensions: {ndim}")
    if ndim > MAXDIM:
        raise _too_many_dims(ndim)
    flags = r.int32()
    if flags not in (0, 1):
        raise PgError(INVALID_BINARY_REPRESENTATION, "invalid array flags")
    elemtype = r.uint32()
    if elemtype != typioparam:
        raise PgError(DATATYPE_MISMATCH,
                      f"binary data has array element type {elemtype} "
                      f"({registry.format_type(elemtype, -1)}) instead of expected "
                      f"{typioparam} ({registry.format_type(typioparam, -1)})")
    dims, lbounds = [], []
    for _ in range(ndim):
        dims.append(r.int32())
        lbounds.append(r.int32())
    nitems = _nitems(dims)
    _check_bounds(dims, lbounds)
    if nitems == 0:
        return PgArray([], [], [], elemtype)
    elements: list[Any] = []
    frecv = registry.receive_caller(elemtype)
    for k in range(nitems):
        length = r.int32()
        if length < -1 or length > r.remaining():
            raise PgError(INVALID_BINARY_REPRESENTATION, "insufficient data left in message")
        if length == -1:
            elements.append(None)
            continue
        chunk = r.take(length)
        try:
            elements.append(frecv(ctx, chunk, typmod))
        except PgError as e:
            if e.sqlstate == INVALID_BINARY_REPRESENTATION and e.message == "incorrect binary data format":
                raise PgError(INVALID_BINARY_REPRESENTATION,
                              f"improper binary format in array element {k + 1}") from None
            raise
    r.end()
    return PgArray(elements, dims, lbounds, elemtype)


@builtin("array_send", "anyarray_send", ctx=True)
def array_send(ctx: Any, value: PgArray) -> bytes:
    elemtype = _elemtype_of(value)
    hasnull = any(v is None for v in value.elements)
    parts = [struct.pack("!iiI", len(value.dims), 1 if hasnull else 0, elemtype)]
    for d, lb in zip(value.dims, value.lbounds):
        parts.append(struct.pack("!ii", d, lb))
    fsend = registry.send_caller(elemtype)
    for v in value.elements:
        if v is None:
            parts.append(struct.pack("!i", -1))
        else:
            b = fsend(ctx, v)
            assert b is not None
            parts.append(struct.pack("!i", len(b)) + b)
    return b"".join(parts)

"""Support functions the executor calls on behalf of SQL constructs:
``in_range`` for window frames ``RANGE offset PRECEDING/FOLLOWING``, the
inverse and combine transition functions of moving/parallel aggregates, and
a few small text utilities (normalize, unistr, parse_ident, bytea trims).

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Support functions").

in_range(val, base, offset, sub, less) answers "is val <= base -/+ offset"
(``less``) or ">=" (not ``less``), computed without overflow, with
PostgreSQL's NaN/infinity rules for float and numeric, and 22013 for a
negative or NaN offset.
"""
from __future__ import annotations

import math
import unicodedata
from decimal import Decimal

from pgref.errors import (INVALID_PARAMETER_VALUE, INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                          SYNTAX_ERROR, PgError)
from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

from .numeric_funcs import cmp as numeric_cmp
from .numeric_funcs import numeric_add, numeric_sub


def _bad_size() -> PgError:
    return PgError(INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                   "invalid preceding or following size in window function")


@builtin("in_range_int2_int2", "in_range_int2_int4", "in_range_int2_int8", "in_range_int4_int2",
         "in_range_int4_int4", "in_range_int4_int8", "in_range_int8_int8")
def in_range_int(val: int, base: int, offset: int, sub: bool, less: bool) -> bool:
    if offset < 0:
        raise _bad_size()
    total = base - offset if sub else base + offset       # exact: no overflow cases
    return val <= total if less else val >= total


@builtin("in_range_float8_float8", "in_range_float4_float8")
def in_range_float(val: float, base: float, offset: float, sub: bool, less: bool) -> bool:
    if math.isnan(offset) or offset < 0:
        raise _bad_size()
    if math.isnan(val):
        return True if math.isnan(base) else not less
    if math.isnan(base):
        return less
    if math.isinf(offset) and math.isinf(base) and (base > 0 if sub else base < 0):
        return True
    total = base - offset if sub else base + offset
    return val <= total if less else val >= total


@builtin("in_range_numeric_numeric")
def in_range_numeric(val: Decimal, base: Decimal, offset: Decimal, sub: bool, less: bool) -> bool:
    if offset.is_nan() or offset < 0:
        raise _bad_size()
    if val.is_nan():
        return True if base.is_nan() else not less
    if base.is_nan():
        return less
    if offset.is_infinite() and base.is_infinite() and (base > 0 if sub else base < 0):
        return True
    total = numeric_sub(base, offset) if sub else numeric_add(base, offset)
    c = numeric_cmp(val, total)
    return c <= 0 if less else c >= 0


# ---- moving-aggregate inverse transitions and parallel combine functions -----------------

@builtin("int2_avg_accum_inv", "int4_avg_accum_inv")
def int_avg_accum_inv(state: list, x: int) -> list:
    return [state[0] - 1, state[1] - x]


@builtin("int4_avg_combine")
def int4_avg_combine(a: list, b: list) -> list:
    return [a[0] + b[0], a[1] + b[1]]


@builtin("int2int4_sum")
def int2int4_sum(state: list) -> int | None:
    return None if state[0] == 0 else state[1]


@builtin("float8_combine")
def float8_combine(a: list, b: list) -> list:
    n1, sx1, sxx1 = a
    n2, sx2, sxx2 = b
    if n1 == 0.0:
        return list(b)
    if n2 == 0.0:
        return list(a)
    n = n1 + n2
    sx = sx1 + sx2
    tmp = sx1 / n1 - sx2 / n2
    sxx = sxx1 + sxx2 + n1 * n2 * tmp * tmp / n
    return [n, sx, sxx]


# ---- text utilities ---------------------------------------------------------------------------

_FORMS = {"NFC", "NFD", "NFKC", "NFKD"}


@builtin("unicode_normalize_func")
def unicode_normalize(s: str, form: str) -> str:
    f = form.upper()
    if f not in _FORMS:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid normalization form: {form}")
    return unicodedata.normalize(f, s)


@builtin("unicode_is_normalized")
def unicode_is_normalized(s: str, form: str) -> bool:
    f = form.upper()
    if f not in _FORMS:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid normalization form: {form}")
    return unicodedata.is_normalized(f, s)


@builtin("unistr")
def unistr(s: str) -> str:
    """Unicode escapes: \\XXXX, \\+XXXXXX, \\uXXXX, \\UXXXXXXXX and \\\\."""
    out = []
    i, n = 0, len(s)

    def bad() -> PgError:
        return PgError(SYNTAX_ERROR, "invalid Unicode escape",
                       hint="Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.")

    pending_high = None
    while i < n:
        c = s[i]
        if c != "\\":
            if pending_high is not None:
                raise PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair")
            out.append(c)
            i += 1
            continue
        if s.startswith("\\\\", i):
            out.append("\\")
            i += 2
            continue
        for prefix, width in (("\\+", 6), ("\\u", 4), ("\\U", 8), ("\\", 4)):
            if s.startswith(prefix, i):
                digits = s[i + len(prefix):i + len(prefix) + width]
                if len(digits) != width or any(ch not in "0123456789abcdefABCDEF" for ch in digits):
                    if prefix == "\\":
                        raise bad()
                    continue
                cp = int(digits, 16)
                i += len(prefix) + width
                break
        else:
            raise bad()
        if 0xD800 <= cp <= 0xDBFF:
            if pending_high is not None:
                raise PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair")
            pending_high = cp
            continue
        if 0xDC00 <= cp <= 0xDFFF:
            if pending_high is None:
                raise PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair")
            cp = 0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00)
            pending_high = None
        elif pending_high is not None:
            raise PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair")
        if cp == 0 or cp > 0x10FFFF:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid Unicode code point: %04X" % cp)
        out.append(chr(cp))
    if pending_high is not None:
        raise PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair")
    return "".join(out)


@builtin("bytealtrim")
def bytealtrim(b: bytes, chars: bytes) -> bytes:
    return b.lstrip(chars) if chars else b


@builtin("byteartrim")
def byteartrim(b: bytes, chars: bytes) -> bytes:
    return b.rstrip(chars) if chars else b


@builtin("bytea_bit_count")
def bytea_bit_count(b: bytes) -> int:
    return sum(bin(x).count("1") for x in b)


@builtin("getdatabaseencoding", "pg_client_encoding")
def getdatabaseencoding() -> str:
    return "UTF8"


@builtin("nameconcatoid")
def nameconcatoid(name: str, oid: int) -> str:
    from .cast_funcs import NAMEDATALEN
    suffix = f"_{oid}"
    b = name.encode("utf-8")
    room = NAMEDATALEN - 1 - len(suffix)
    if len(b) > room:
        b = b[:room]
        while True:
            try:
                return b.decode("utf-8") + suffix
            except UnicodeDecodeError:
                b = b[:-1]
    return name + suffix


@builtin("parse_ident")
def parse_ident(s: str, strict: bool = True) -> PgArray:
    """Split a qualified identifier ("a"."B".c) into its parts."""
    parts: list[str] = []
    i, n = 0, len(s)
    err = PgError(INVALID_PARAMETER_VALUE, f"string is not a valid identifier: \"{s}\"")
    while True:
        while i < n and s[i].isspace():
            i += 1
        if i < n and s[i] == '"':
            j = i + 1
            buf = []
            while True:
                k = s.find('"', j)
                if k < 0:
                    raise PgError(INVALID_PARAMETER_VALUE,
                                  f"string is not a valid identifier: \"{s}\"",
                                  detail="String has unclosed double quotes.")
                buf.append(s[j:k])
                if s.startswith('""', k):
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            ident = "".join(buf)
            if ident == "":
                raise PgError(INVALID_PARAMETER_VALUE,
                              f"string is not a valid identifier: \"{s}\"",
                              detail="Quoted identifier must not be empty.")
            parts.append(ident)
        else:
            j = i
            while j < n and (s[j].isalnum() or s[j] in "_$" or ord(s[j]) >= 0x80):
                j += 1
            if j == i or s[i].isdigit() or s[i] == "$":
                raise PgError(INVALID_PARAMETER_VALUE,
                              f"string is not a valid identifier: \"{s}\"",
                              detail="No valid identifier before \".\"." if i < n and s[i] == "."
                              else ("No valid identifier after \".\"." if parts else None))
            parts.append(s[i:j].translate({c: c + 32 for c in range(65, 91)}))
            i = j
        while i < n and s[i].isspace():
            i += 1
        if i < n and s[i] == ".":
            i += 1
            continue
        if i < n and strict:
            raise err
        break
    return PgArray.from_list(parts, 25)


@builtin("float8_regr_combine")
def float8_regr_combine(a: list, b: list) -> list:
    """Merge two [N, Sx, Sxx, Sy, Syy, Sxy] states (parallel aggregation)."""
    n1, sx1, sxx1, sy1, syy1, sxy1 = a
    n2, sx2, sxx2, sy2, syy2, sxy2 = b
    if n1 == 0.0:
        return list(b)
    if n2 == 0.0:
        return list(a)
    n = n1 + n2
    tmp1 = sx1 / n1 - sx2 / n2
    tmp2 = sy1 / n1 - sy2 / n2
    return [n, sx1 + sx2, sxx1 + sxx2 + n1 * n2 * tmp1 * tmp1 / n,
            sy1 + sy2, syy1 + syy2 + n1 * n2 * tmp2 * tmp2 / n,
            sxy1 + sxy2 + n1 * n2 * tmp1 * tmp2 / n]

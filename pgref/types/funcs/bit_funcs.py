"""Functions and operators of bit(n) and bit varying(n) (varbit.c).

Where it sits: ``types/funcs/`` (spec/03-types.md, "Built-in functions");
the values are the ``'0'``/``'1'`` strings of ``types/io/bit.py``.

(varbit's operators share these prosrc names.)  Comparison is bit_cmp's: the bits compared left to right, a shorter string
that is a prefix of a longer one sorting first -- which is exactly Python's
string order on these values.  Bitwise AND/OR/XOR need equal lengths (22026);
shifts keep the length and fill with zeros; substring/overlay/position use
1-based bit positions with SQL's rules; get_bit/set_bit use 0-based ones.
Casts to and from integers follow bittoint4/bitfromint4: a bit string longer
than the integer is 22003 ``integer out of range`` (``bigint out of range``),
and an integer becomes the low n bits of its two's complement, sign-extended
when n is wider than the integer.
"""
from __future__ import annotations

from pgref.errors import (INVALID_PARAMETER_VALUE, NUMERIC_VALUE_OUT_OF_RANGE, STRING_DATA_LENGTH_MISMATCH,
                          PgError)
from pgref.types.fmgr import builtin

ARRAY_SUBSCRIPT_ERROR = "2202E"
SUBSTRING_ERROR = "22011"


# ---------------------------------------------------------------- comparison
@builtin("biteq")
def biteq(a: str, b: str) -> bool:
    return a == b


@builtin("bitne")
def bitne(a: str, b: str) -> bool:
    return a != b


@builtin("bitlt")
def bitlt(a: str, b: str) -> bool:
    return a < b


@builtin("bitle")
def bitle(a: str, b: str) -> bool:
    return a <= b


@builtin("bitgt")
def bitgt(a: str, b: str) -> bool:
    return a > b


@builtin("bitge")
def bitge(a: str, b: str) -> bool:
    return a >= b


@builtin("bitcmp")
def bitcmp(a: str, b: str) -> int:
    return (a > b) - (a < b)


# ---------------------------------------------------------------- bitwise
def _same_size(a: str, b: str, what: str) -> None:
    if len(a) != len(b):
        raise PgError(STRING_DATA_LENGTH_MISMATCH, f"cannot {what} bit strings of different sizes")


@builtin("bit_and")
def bitand(a: str, b: str) -> str:
    _same_size(a, b, "AND")
    return "".join("1" if x == "1" and y == "1" else "0" for x, y in zip(a, b))


@builtin("bit_or")
def bitor(a: str, b: str) -> str:
    _same_size(a, b, "OR")
    return "".join("1" if x == "1" or y == "1" else "0" for x, y in zip(a, b))


@builtin("bitxor")
def bitxor(a: str, b: str) -> str:
    _same_size(a, b, "XOR")
    return "".join("1" if x != y else "0" for x, y in zip(a, b))


@builtin("bitnot")
def bitnot(a: str) -> str:
    return a.translate(str.maketrans("01", "10"))


@builtin("bitshiftleft")
def bitshiftleft(a: str, n: int) -> str:
    if n < 0:
        return bitshiftright(a, -n) if n > -(2 ** 31) else "0" * len(a)
    if n >= len(a):
        return "0" * len(a)
    return a[n:] + "0" * n


@builtin("bitshiftright")
def bitshiftright(a: str, n: int) -> str:
    if n < 0:
        return bitshiftleft(a, -n) if n > -(2 ** 31) else "0" * len(a)
    if n >= len(a):
        return "0" * len(a)
    return "0" * n + a[:len(a) - n]


@builtin("bitcat")
def bitcat(a: str, b: str) -> str:
    return a + b


# ---------------------------------------------------------------- length and pieces
@builtin("bitlength")
def bitlength(a: str) -> int:
    return len(a)


@builtin("bitoctetlength")
def bitoctetlength(a: str) -> int:
    return (len(a) + 7) // 8


@builtin("bit_bit_count")
def bit_bit_count(a: str) -> int:
    return a.count("1")


@builtin("bitsubstr")
def bitsubstr(a: str, start: int, length: int) -> str:
    if length < 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    begin = max(start, 1)
    end = start + length            # exclusive, 1-based
    if end <= begin:
        return ""
    return a[begin - 1:end - 1]


@builtin("bitsubstr_no_len")
def bitsubstr_no_len(a: str, start: int) -> str:
    return a[max(start, 1) - 1:]


@builtin("bitoverlay")
def bitoverlay(a: str, b: str, start: int, length: int) -> str:
    if start <= 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    if length < 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    return bitsubstr(a, 1, start - 1) + b + bitsubstr_no_len(a, start + length)


@builtin("bitoverlay_no_len")
def bitoverlay_no_len(a: str, b: str, start: int) -> str:
    return bitoverlay(a, b, start, len(b))


@builtin("bitposition")
def bitposition(a: str, sub: str) -> int:
    if a == "":
        return 0                 # bitposition: nothing is found in an empty string
    if sub == "":
        return 1
    return a.find(sub) + 1


@builtin("bitgetbit")
def bitgetbit(a: str, n: int) -> int:
    if n < 0 or n >= len(a):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, f"bit index {n} out of valid range (0..{len(a) - 1})")
    return int(a[n])


@builtin("bitsetbit")
def bitsetbit(a: str, n: int, newbit: int) -> str:
    if n < 0 or n >= len(a):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, f"bit index {n} out of valid range (0..{len(a) - 1})")
    if newbit not in (0, 1):
        raise PgError(INVALID_PARAMETER_VALUE, "new bit must be 0 or 1")
    return a[:n] + str(newbit) + a[n + 1:]


# ---------------------------------------------------------------- integer casts
def _to_int(a: str, width: int, typename: str) -> int:
    if len(a) > width:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"{typename} out of range")
    v = int(a, 2) if a else 0
    if v >= 1 << (width - 1):
        v -= 1 << width
    return v


@builtin("bittoint4")
def bittoint4(a: str) -> int:
    return _to_int(a, 32, "integer")


@builtin("bittoint8")
def bittoint8(a: str) -> int:
    return _to_int(a, 64, "bigint")


def _from_int(v: int, typmod: int) -> str:
    n = typmod if 0 < typmod <= 83886080 else 1
    return format(v & ((1 << n) - 1), "b").zfill(n)


@builtin("bitfromint4")
def bitfromint4(v: int, typmod: int = -1) -> str:
    return _from_int(v, typmod)


@builtin("bitfromint8")
def bitfromint8(v: int, typmod: int = -1) -> str:
    return _from_int(v, typmod)

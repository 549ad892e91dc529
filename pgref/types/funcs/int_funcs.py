"""Integer arithmetic, comparison and bit operations: int2, int4, int8, oid.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Integers").  PostgreSQL's ``int.c`` and ``int8.c`` define one C function per
operator and per pair of argument types (``int4pl``, ``int24pl``,
``int48mul``...).  Python integers never overflow, so every function here is
the exact mathematical result followed by a range check against the result
type (INV-FUNCS-1), which raises what PostgreSQL raises:

    int2 results  -> 22003 "smallint out of range"
    int4 results  -> 22003 "integer out of range"
    int8 results  -> 22003 "bigint out of range"
    x / 0, x % 0  -> 22012 "division by zero"

Division truncates toward zero and ``%`` takes the sign of the dividend, as
C does (INV-FUNCS-2); Python's ``//`` and ``%`` floor, so they are not used.
Shifts behave as on x86-64 (the count is taken modulo the register width,
and the result wraps without an overflow check), as in PostgreSQL.

The functions are generated from tables below rather than written out one by
one; each registered name is a pg_proc ``prosrc``.
"""
from __future__ import annotations

from typing import Callable

from pgref.errors import NUMERIC_VALUE_OUT_OF_RANGE, PgError
from pgref.types.fmgr import builtin

from ._common import INT2, INT4, INT8, OID_MAX, division_by_zero, int_range, wrap

_RANGES = {"2": INT2, "4": INT4, "8": INT8}
_BITS = {"2": 16, "4": 32, "8": 64}


def tdiv(a: int, b: int) -> int:
    """C integer division: truncates toward zero (INV-FUNCS-2)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def tmod(a: int, b: int) -> int:
    """C ``%``: the remainder has the sign of the dividend (INV-FUNCS-2)."""
    return a - b * tdiv(a, b)


def _arith(rng: tuple[int, int, str]) -> dict[str, Callable[[int, int], int]]:
    def pl(a: int, b: int) -> int:
        return int_range(a + b, rng)

    def mi(a: int, b: int) -> int:
        return int_range(a - b, rng)

    def mul(a: int, b: int) -> int:
        return int_range(a * b, rng)

    def div(a: int, b: int) -> int:
        if b == 0:
            division_by_zero()
        return int_range(tdiv(a, b), rng)

    return {"pl": pl, "mi": mi, "mul": mul, "div": div}


_CMP: dict[str, Callable[[int, int], bool]] = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
}


def _btcmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


def _register_all() -> None:
    # Same-type and cross-type arithmetic and comparison.  The result type
    # of a cross-type operator is the wider argument type.
    pairs = ["2", "4", "8", "24", "42", "48", "84", "28", "82"]
    for p in pairs:
        widest = max(p, key=lambda c: int(c))
        for op, fn in _arith(_RANGES[widest]).items():
            builtin(f"int{p}{op}")(fn)
        for op, fn in _CMP.items():
            builtin(f"int{p}{op}")(fn)
        builtin(f"btint{p}cmp")(_btcmp)

    for t in "248":
        rng, bits = _RANGES[t], _BITS[t]

        def mod(a: int, b: int) -> int:
            if b == 0:
                division_by_zero()
            return tmod(a, b)      # b == -1 gives 0, never an overflow

        def um(a: int, rng=rng) -> int:
            return int_range(-a, rng)

        def up(a: int) -> int:
            return a

        def iabs(a: int, rng=rng) -> int:
            return int_range(abs(a), rng)

        def larger(a: int, b: int) -> int:
            return a if a >= b else b

        def smaller(a: int, b: int) -> int:
            return a if a <= b else b

        def shl(a: int, n: int, bits=bits) -> int:
            # int2 is promoted to a 32-bit int before shifting, as in C.
            width = max(bits, 32)
            return wrap(wrap(a << (n & (width - 1)), width), bits)

        def shr(a: int, n: int, bits=bits) -> int:
            width = max(bits, 32)
            return wrap(a >> (n & (width - 1)), bits)

        builtin(f"int{t}mod")(mod)
        builtin(f"int{t}um")(um)
        builtin(f"int{t}up")(up)
        builtin(f"int{t}abs")(iabs)
        builtin(f"int{t}larger")(larger)
        builtin(f"int{t}smaller")(smaller)
        builtin(f"int{t}and")(lambda a, b: a & b)
        builtin(f"int{t}or")(lambda a, b: a | b)
        builtin(f"int{t}xor")(lambda a, b: a ^ b)
        builtin(f"int{t}not")(lambda a: ~a)
        builtin(f"int{t}shl")(shl)
        builtin(f"int{t}shr")(shr)


_register_all()


@builtin("int4inc")
def int4inc(a: int) -> int:
    return int_range(a + 1, INT4)


@builtin("int8inc")
def int8inc(a: int) -> int:
    """count(*)'s transition function."""
    return int_range(a + 1, INT8)


@builtin("int8dec")
def int8dec(a: int) -> int:
    return int_range(a - 1, INT8)


@builtin("int8inc_any")
def int8inc_any(a: int, _x: object) -> int:
    """count(x)'s transition function (strict: NULL x is skipped)."""
    return int_range(a + 1, INT8)


@builtin("int8dec_any")
def int8dec_any(a: int, _x: object) -> int:
    return int_range(a - 1, INT8)


@builtin("int8inc_float8_float8")
def int8inc_float8_float8(a: int, _x: float, _y: float) -> int:
    """regr_count's transition function."""
    return int_range(a + 1, INT8)


def _gcd(a: int, b: int, rng: tuple[int, int, str]) -> int:
    # PostgreSQL computes with the sign trick to keep INT_MIN working and
    # fails only when the true result does not fit (gcd(INT_MIN, 0) etc.).
    from math import gcd
    return int_range(gcd(a, b), rng)


@builtin("int4gcd")
def int4gcd(a: int, b: int) -> int:
    return _gcd(a, b, INT4)


@builtin("int8gcd")
def int8gcd(a: int, b: int) -> int:
    return _gcd(a, b, INT8)


def _lcm(a: int, b: int, rng: tuple[int, int, str]) -> int:
    from math import gcd
    if a == 0 or b == 0:
        return 0
    return int_range(abs(a // gcd(a, b) * b), rng)


@builtin("int4lcm")
def int4lcm(a: int, b: int) -> int:
    return _lcm(a, b, INT4)


@builtin("int8lcm")
def int8lcm(a: int, b: int) -> int:
    return _lcm(a, b, INT8)


# ---- oid: an unsigned 32-bit integer --------------------------------------

for _op, _fn in _CMP.items():
    builtin(f"oid{_op}")(_fn)
builtin("btoidcmp")(_btcmp)
builtin("oidlarger")(lambda a, b: a if a >= b else b)
builtin("oidsmaller")(lambda a, b: a if a <= b else b)


@builtin("i8tooid")
def i8tooid(a: int) -> int:
    if a < 0 or a > OID_MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "OID out of range")
    return a


@builtin("oidtoi8")
def oidtoi8(a: int) -> int:
    return a


# ---- generate_series (set-returning: an iterator of values, INV-FUNCS-5) --

def _series(start: int, stop: int, step: int):
    if step == 0:
        from pgref.errors import INVALID_PARAMETER_VALUE
        raise PgError(INVALID_PARAMETER_VALUE, "step size cannot equal zero")
    cur = start
    if step > 0:
        while cur <= stop:
            yield cur
            cur += step
    else:
        while cur >= stop:
            yield cur
            cur += step


@builtin("generate_series_int4", "generate_series_int8")
def generate_series_int(start: int, stop: int):
    return _series(start, stop, 1)


@builtin("generate_series_step_int4", "generate_series_step_int8")
def generate_series_step_int(start: int, stop: int, step: int):
    return _series(start, stop, step)

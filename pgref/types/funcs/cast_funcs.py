"""Cast functions among the built-in scalar types (pg_cast.castfunc).

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md, "Casts").
The analyzer finds a cast in ``pg_cast``; when its method is 'f' the
executor calls the ``castfunc`` pg_proc row, whose prosrc is registered
here.  (Casts through text I/O -- method 'i' -- call the types' input and
output functions instead; binary-coercible casts -- method 'b' -- need no
call at all.)

Rounding rules, as PostgreSQL (INV-FUNCS-9):
    float -> integer   rint(): round half to EVEN (2.5 -> 2), then range check
    numeric -> integer round half AWAY from zero (2.5 -> 3), then range check
                       (numeric casts live in numeric_funcs.py)
Length coercions (``varchar(varchar, int4, bool)``, ``bpchar(...)``)
receive the typmod (declared length + 4) and whether the cast is explicit:
an explicit cast truncates silently, an implicit one may drop only blanks.
"""
from __future__ import annotations

import math

from pgref.errors import NUMERIC_VALUE_OUT_OF_RANGE, STRING_DATA_RIGHT_TRUNCATION, PgError
from pgref.types.fmgr import builtin

from ._common import INT2, INT4, INT8, f4, float_overflow, float_underflow, int_range

NAMEDATALEN = 64

# ---- integer <-> integer ------------------------------------------------------

builtin("int48", "int28", "i2toi4")(lambda i: i)


def _narrow(rng):
    return lambda i: int_range(i, rng)


builtin("int84")(_narrow(INT4))
builtin("i4toi2", "int82")(_narrow(INT2))

# ---- integer -> float ----------------------------------------------------------

builtin("i2tod", "i4tod", "i8tod")(lambda i: float(i))
builtin("i2tof", "i4tof", "i8tof")(lambda i: f4(float(i)))


# ---- float -> integer (rint, then range: INV-FUNCS-9) ----------------------------

def _float_to_int(x: float, rng) -> int:
    if math.isnan(x) or math.isinf(x):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, rng[2])
    r = round(x)                      # Python round() on floats is half-to-even
    return int_range(r, rng)


builtin("dtoi2", "ftoi2")(lambda x: _float_to_int(x, INT2))
builtin("dtoi4", "ftoi4")(lambda x: _float_to_int(x, INT4))
builtin("dtoi8", "ftoi8")(lambda x: _float_to_int(x, INT8))


# ---- float4 <-> float8 -------------------------------------------------------------

builtin("ftod")(lambda x: x)


@builtin("dtof")
def dtof(x: float) -> float:
    r = f4(x)
    if math.isinf(r) and not math.isinf(x):
        float_overflow()
    if r == 0.0 and x != 0.0:
        float_underflow()
    return r


# ---- bool ------------------------------------------------------------------------------

builtin("int4_bool")(lambda i: i != 0)
builtin("bool_int4")(lambda b: 1 if b else 0)
builtin("booltext")(lambda b: "true" if b else "false")


# ---- "char" ------------------------------------------------------------------------------

@builtin("chartoi4")
def chartoi4(c: str) -> int:
    if c == "":
        return 0
    v = ord(c)
    return v - 256 if v >= 128 else v


@builtin("i4tochar")
def i4tochar(i: int) -> str:
    if i < -128 or i > 127:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "\"char\" out of range")
    if i == 0:
        return ""
    return chr(i & 0xFF)


@builtin("text_char")
def text_char(s: str) -> str:
    """text/varchar/bpchar -> "char": the first byte (empty stays empty);
    the four-character form char_text makes of a high-bit byte (``\\377``)
    converts back to that byte (char.c, text_char)."""
    if s == "":
        return ""
    if len(s) == 4 and s[0] == "\\" and all(c in "01234567" for c in s[1:]):
        b = ((int(s[1]) << 6) + (int(s[2]) << 3) + int(s[3])) & 0xFF
        return chr(b) if b else ""
    b = s[0].encode("utf-8")[0]
    return chr(b)


@builtin("char_text")
def char_text(c: str) -> str:
    if c == "":
        return ""
    v = ord(c)
    if v >= 128:
        # a high-bit byte is not text on its own: PostgreSQL 15 spells it
        # as a backslash and three octal digits, as charout does
        return "\\" + format(v, "03o")
    return c


builtin("char_bpchar")(char_text)


# ---- name <-> text / bpchar -------------------------------------------------------------

def clip_name(s: str) -> str:
    """Truncate to NAMEDATALEN-1 bytes at a character boundary (pg_mbcliplen)."""
    b = s.encode("utf-8")
    if len(b) < NAMEDATALEN:
        return s
    b = b[:NAMEDATALEN - 1]
    while True:
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            b = b[:-1]


builtin("text_name")(clip_name)
builtin("name_text", "name_bpchar")(lambda s: s)


@builtin("bpchar_name")
def bpchar_name(s: str) -> str:
    return clip_name(s.rstrip(" "))


# ---- bpchar -> text: drop the padding ---------------------------------------------------

@builtin("rtrim1")
def rtrim1(s: str) -> str:
    """bpchar -> text/varchar (and rtrim(text) with one argument)."""
    return s.rstrip(" ")


# ---- length coercions ----------------------------------------------------------------------

VARHDRSZ = 4


@builtin("varchar")
def varchar_coerce(s: str, typmod: int, explicit: bool) -> str:
    maxlen = typmod - VARHDRSZ
    if typmod < VARHDRSZ or len(s) <= maxlen:
        return s
    if not explicit and s[maxlen:].strip(" ") != "":
        raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                      f"value too long for type character varying({maxlen})")
    return s[:maxlen]


@builtin("bpchar")
def bpchar_coerce(s: str, typmod: int, explicit: bool) -> str:
    maxlen = typmod - VARHDRSZ
    if typmod < VARHDRSZ:
        return s
    if len(s) > maxlen:
        if not explicit and s[maxlen:].strip(" ") != "":
            raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                          f"value too long for type character({maxlen})")
        return s[:maxlen]
    return s + " " * (maxlen - len(s))

"""Character strings: text, varchar, bpchar, name and "char".

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Strings").  PostgreSQL's ``varlena.c``, ``varchar.c``, ``name.c``,
``char.c``, ``oracle_compat.c`` and ``quote.c``.  Strings are Python ``str``
(types/values.py); lengths count characters, ``octet_length`` counts UTF-8
bytes.

Collation (INV-FUNCS-10): pgref behaves as a database created with
``--locale=C``: strings compare by code point (the same order as comparing
their UTF-8 bytes), and ``lower``/``upper``/``initcap`` change only the ASCII
letters, exactly as PostgreSQL does under the C locale.

bpchar (INV-FUNCS-11): comparison, hashing and ``length`` ignore trailing
blanks; ``octet_length`` and LIKE / regular expressions see them.

Functions over "any" (``concat``, ``concat_ws``, ``format``) print their
arguments with each argument type's output function; they need the call's
argument type OIDs in ``ctx.argtypes`` (INV-FUNCS-4).
"""
from __future__ import annotations

import base64
import hashlib
from typing import Any

from pgref.errors import (ARRAY_SUBSCRIPT_ERROR, INVALID_PARAMETER_VALUE,
                          INVALID_TEXT_REPRESENTATION, NULL_VALUE_NOT_ALLOWED,
                          PROGRAM_LIMIT_EXCEEDED, SUBSTRING_ERROR, PgError)
from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

from ._common import INT4, argtypes, int_range, output_text

TEXTOID, BPCHAROID, VARCHAROID, NAMEOID, UNKNOWNOID, CHAROID = 25, 1042, 1043, 19, 705, 18
_STRING_TYPES = {TEXTOID, BPCHAROID, VARCHAROID, NAMEOID, UNKNOWNOID, CHAROID}
MAX_ALLOC = 0x3FFFFFFF      # PostgreSQL's MaxAllocSize (1 GB - 1)


def _cmp(a: str, b: str) -> int:
    # INV-FUNCS-10: code point order == UTF-8 byte order == C collation
    return (a > b) - (a < b)


def _register_cmp(prefix_names: dict[str, str], key=lambda s: s) -> None:
    ops = {
        "eq": lambda a, b: key(a) == key(b), "ne": lambda a, b: key(a) != key(b),
        "lt": lambda a, b: key(a) < key(b), "le": lambda a, b: key(a) <= key(b),
        "gt": lambda a, b: key(a) > key(b), "ge": lambda a, b: key(a) >= key(b),
    }
    for op, name in prefix_names.items():
        builtin(name)(ops[op])


# text (and varchar, which uses the text functions)
_register_cmp({"eq": "texteq", "ne": "textne", "lt": "text_lt", "le": "text_le",
               "gt": "text_gt", "ge": "text_ge"})
_register_cmp({"lt": "text_pattern_lt", "le": "text_pattern_le",
               "gt": "text_pattern_gt", "ge": "text_pattern_ge"})
builtin("bttextcmp", "bttext_pattern_cmp")(_cmp)
builtin("text_larger")(lambda a, b: a if a > b else b)
builtin("text_smaller")(lambda a, b: a if a < b else b)

# name, and name/text cross-type
_register_cmp({op: "name" + op for op in ("eq", "ne", "lt", "le", "gt", "ge")})
_register_cmp({op: f"name{op}text" for op in ("eq", "ne", "lt", "le", "gt", "ge")})
_register_cmp({op: f"text{op}name" for op in ("eq", "ne", "lt", "le", "gt", "ge")})
builtin("btnamecmp", "btnametextcmp", "bttextnamecmp")(_cmp)


# bpchar: trailing blanks do not count (INV-FUNCS-11)
def _bp(s: str) -> str:
    return s.rstrip(" ")


_register_cmp({op: "bpchar" + op for op in ("eq", "ne", "lt", "le", "gt", "ge")}, key=_bp)
_register_cmp({"lt": "bpchar_pattern_lt", "le": "bpchar_pattern_le",
               "gt": "bpchar_pattern_gt", "ge": "bpchar_pattern_ge"}, key=_bp)
builtin("bpcharcmp", "btbpchar_pattern_cmp")(lambda a, b: _cmp(_bp(a), _bp(b)))
builtin("bpchar_larger")(lambda a, b: a if _bp(a) >= _bp(b) else b)
builtin("bpchar_smaller")(lambda a, b: a if _bp(a) <= _bp(b) else b)


# "char": one byte, compared unsigned
def _charkey(c: str) -> int:
    return ord(c) if c else 0


_register_cmp({op: "char" + op for op in ("eq", "ne", "lt", "le", "gt", "ge")}, key=_charkey)
builtin("btcharcmp")(lambda a, b: _cmp(chr(_charkey(a)), chr(_charkey(b))))


# ---- lengths -------------------------------------------------------------------

builtin("textlen")(len)
builtin("textoctetlen", "bpcharoctetlen")(lambda s: len(s.encode("utf-8")))
builtin("bpcharlen")(lambda s: len(_bp(s)))


# ---- concatenation -------------------------------------------------------------

@builtin("textcat")
def textcat(a: str, b: str) -> str:
    return _check_size(a + b)


def _check_size(s: str) -> str:
    if len(s) > MAX_ALLOC // 4 and len(s.encode("utf-8")) > MAX_ALLOC:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "requested length too large")
    return s


def any_to_text(ctx: Any, typoid: int, value: Any) -> str:
    """A value of any type as text, through its output function."""
    if typoid in _STRING_TYPES and isinstance(value, str):
        return value
    return output_text(ctx, typoid, value)


def _variadic_args(ctx: Any, args: tuple, first: int) -> list[tuple[int, Any]]:
    """(type, value) pairs of a variadic "any" call.  With ``VARIADIC
    array`` (ctx.funcvariadic) the array's elements are the arguments."""
    types = argtypes(ctx, len(args))
    if getattr(ctx, "funcvariadic", False):
        arr = args[-1]
        if arr is None:
            return []
        if not isinstance(arr, PgArray):
            raise PgError(INVALID_PARAMETER_VALUE, "VARIADIC argument must be an array")
        return [(arr.elemtype, v) for v in arr.elements]
    return list(zip(types[first:], args[first:]))


@builtin("text_concat", ctx=True)
def text_concat(ctx: Any, *args: Any) -> str | None:
    if getattr(ctx, "funcvariadic", False) and args and args[-1] is None:
        return None
    parts = [any_to_text(ctx, t, v) for t, v in _variadic_args(ctx, args, 0) if v is not None]
    return _check_size("".join(parts))


@builtin("text_concat_ws", ctx=True)
def text_concat_ws(ctx: Any, sep: str | None, *args: Any) -> str | None:
    if sep is None:
        return None
    if getattr(ctx, "funcvariadic", False) and args and args[-1] is None:
        return None
    pairs = _variadic_args(ctx, (sep,) + args, 1)
    return _check_size(sep.join(any_to_text(ctx, t, v) for t, v in pairs if v is not None))


# ---- case mapping (ASCII only: C locale, INV-FUNCS-10) ---------------------------

_LOWER = {ord(c): ord(c) + 32 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_UPPER = {ord(c): ord(c) - 32 for c in "abcdefghijklmnopqrstuvwxyz"}


@builtin("lower")
def lower(s: str) -> str:
    return s.translate(_LOWER)


@builtin("upper")
def upper(s: str) -> str:
    return s.translate(_UPPER)


def _ascii_alnum(c: str) -> bool:
    return c < "\x80" and c.isalnum()


@builtin("initcap")
def initcap(s: str) -> str:
    out = []
    was_alnum = False
    for c in s:
        out.append(c.translate(_LOWER if was_alnum else _UPPER))
        was_alnum = _ascii_alnum(c)
    return "".join(out)


# ---- substrings ----------------------------------------------------------------------

def substr_bounds(n: int, start: int, length: int | None) -> tuple[int, int]:
    """SQL's SUBSTRING(... FROM start FOR length) as a Python slice of a
    sequence of n items (1-based start; may be <= 0)."""
    if length is None:
        return max(start, 1) - 1, n
    if length < 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    end = start + length             # exclusive, 1-based; Python ints: no overflow
    if end < 1:
        return 0, 0
    return max(start, 1) - 1, min(end - 1, n)


@builtin("text_substr")
def text_substr(s: str, start: int, length: int) -> str:
    a, b = substr_bounds(len(s), start, length)
    return s[a:b] if a < b else ""


@builtin("text_substr_no_len")
def text_substr_no_len(s: str, start: int) -> str:
    a, b = substr_bounds(len(s), start, None)
    return s[a:b]


@builtin("textpos")
def textpos(s: str, sub: str) -> int:
    return s.find(sub) + 1


@builtin("textoverlay")
def textoverlay(s: str, repl: str, start: int, length: int) -> str:
    if start <= 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    end = int_range(start + length, INT4)
    return text_substr(s, 1, start - 1) + repl + text_substr_no_len(s, end)


@builtin("textoverlay_no_len")
def textoverlay_no_len(s: str, repl: str, start: int) -> str:
    return textoverlay(s, repl, start, len(repl))


@builtin("text_left")
def text_left(s: str, n: int) -> str:
    return s[:n] if n >= 0 else s[:max(len(s) + n, 0)]


@builtin("text_right")
def text_right(s: str, n: int) -> str:
    if n >= 0:
        return s[len(s) - n:] if n < len(s) else s
    return s[-n:]


@builtin("text_starts_with")
def text_starts_with(s: str, prefix: str) -> bool:
    return s.startswith(prefix)


# ---- trimming and padding -------------------------------------------------------------

builtin("btrim")(lambda s, chars: s.strip(chars) if chars else s)
builtin("btrim1")(lambda s: s.strip(" "))
builtin("ltrim")(lambda s, chars: s.lstrip(chars) if chars else s)
builtin("ltrim1")(lambda s: s.lstrip(" "))
builtin("rtrim")(lambda s, chars: s.rstrip(chars) if chars else s)


def _pad(s: str, length: int, fill: str, left: bool) -> str:
    if length < 0:
        length = 0
    if len(s) >= length or not fill:
        return s[:length]
    if length * 4 > MAX_ALLOC:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "requested length too large")
    need = length - len(s)
    padding = (fill * (need // len(fill) + 1))[:need]
    return padding + s if left else s + padding


builtin("lpad")(lambda s, n, fill: _pad(s, n, fill, True))
builtin("rpad")(lambda s, n, fill: _pad(s, n, fill, False))


@builtin("repeat")
def repeat(s: str, n: int) -> str:
    if n <= 0 or not s:
        return ""
    if n * len(s.encode("utf-8")) > MAX_ALLOC:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "requested length too large")
    return s * n


@builtin("replace_text")
def replace_text(s: str, old: str, new: str) -> str:
    if not old or not s:
        return s
    return _check_size(s.replace(old, new))


@builtin("text_reverse")
def text_reverse(s: str) -> str:
    return s[::-1]


@builtin("split_part")
def split_part(s: str, delim: str, n: int) -> str:
    if n == 0:
        raise PgError(INVALID_PARAMETER_VALUE, "field position must not be zero")
    if s == "":
        return ""
    if delim == "":
        return s if n in (1, -1) else ""
    fields = s.split(delim)
    if n > 0:
        return fields[n - 1] if n <= len(fields) else ""
    return fields[n] if -n <= len(fields) else ""


@builtin("translate")
def translate(s: str, frm: str, to: str) -> str:
    table: dict[int, Any] = {}
    for i, c in enumerate(frm):
        if ord(c) in table:
            continue
        table[ord(c)] = to[i] if i < len(to) else None
    return s.translate(table)


@builtin("ascii")
def ascii_(s: str) -> int:
    return ord(s[0]) if s else 0


@builtin("chr")
def chr_(n: int) -> str:
    if n < 0:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "character number must be positive")
    if n == 0:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, "null character not permitted")
    if n > 0x10FFFF:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, f"requested character too large for encoding: {n}")
    if 0xD800 <= n <= 0xDFFF:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, f"requested character not valid for encoding: {n}")
    return chr(n)


# ---- hashing digests and binary encodings ----------------------------------------------

builtin("md5_text")(lambda s: hashlib.md5(s.encode("utf-8")).hexdigest())
builtin("md5_bytea")(lambda b: hashlib.md5(b).hexdigest())
builtin("sha224_bytea")(lambda b: hashlib.sha224(b).digest())
builtin("sha256_bytea")(lambda b: hashlib.sha256(b).digest())
builtin("sha384_bytea")(lambda b: hashlib.sha384(b).digest())
builtin("sha512_bytea")(lambda b: hashlib.sha512(b).digest())


def _unrecognized_encoding(fmt: str) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, f"unrecognized encoding: \"{fmt}\"")


@builtin("binary_encode")
def binary_encode(data: bytes, fmt: str) -> str:
    f = fmt.lower()
    if f == "hex":
        return data.hex()
    if f == "base64":
        enc = base64.b64encode(data).decode("ascii")
        return "\n".join(enc[i:i + 76] for i in range(0, len(enc), 76))
    if f == "escape":
        out = []
        for byte in data:
            if byte == 0 or byte >= 0x80:
                out.append(f"\\{byte:03o}")
            elif byte == 0x5C:
                out.append("\\\\")
            else:
                out.append(chr(byte))
        return "".join(out)
    raise _unrecognized_encoding(fmt)


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64_decode(s: str) -> bytes:
    """PostgreSQL's pg_b64_decode rules: whitespace ignored; '=' only at the
    end; a wrong symbol or end sequence is an error."""
    out = bytearray()
    buf = 0
    pos = 0
    end = 0
    for ch in s:
        if ch in " \t\n\r":
            continue
        if ch == "=":
            if end == 0:
                if pos == 2:
                    end = 1
                elif pos == 3:
                    end = 2
                else:
                    raise PgError(INVALID_PARAMETER_VALUE,
                                  "unexpected \"=\" while decoding base64 sequence")
            b = 0
        else:
            b = _B64.find(ch)
            if b < 0 or ord(ch) > 127:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f"invalid symbol \"{ch}\" found while decoding base64 sequence")
        buf = (buf << 6) + b
        pos += 1
        if pos == 4:
            out.append((buf >> 16) & 255)
            if end == 0 or end > 1:
                out.append((buf >> 8) & 255)
            if end == 0 or end > 2:
                out.append(buf & 255)
            buf = 0
            pos = 0
    if pos != 0:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid base64 end sequence",
                      hint="Input data is missing padding, is truncated, or is otherwise corrupted.")
    return bytes(out)


def hex_decode(s: str) -> bytes:
    out = bytearray()
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in " \t\n\r":
            i += 1
            continue
        hi = _hexval(c)
        if i + 1 >= n:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid hexadecimal data: odd number of digits")
        lo = _hexval(s[i + 1])
        out.append(hi * 16 + lo)
        i += 2
    return bytes(out)


def _hexval(c: str) -> int:
    v = "0123456789abcdef".find(c.lower()) if len(c) == 1 else -1
    if v < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid hexadecimal digit: \"{c}\"")
    return v


def escape_decode(s: str) -> bytes:
    out = bytearray()
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
        elif i + 1 < n and s[i + 1] == "\\":
            out.append(0x5C)
            i += 2
        elif (i + 3 < n + 0 and "0" <= s[i + 1] <= "3" and "0" <= s[i + 2] <= "7"
              and "0" <= s[i + 3] <= "7"):
            out.append(int(s[i + 1:i + 4], 8))
            i += 4
        else:
            raise PgError(INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea")
    return bytes(out)


@builtin("binary_decode")
def binary_decode(s: str, fmt: str) -> bytes:
    f = fmt.lower()
    if f == "hex":
        return hex_decode(s)
    if f == "base64":
        return _b64_decode(s)
    if f == "escape":
        return escape_decode(s)
    raise _unrecognized_encoding(fmt)


@builtin("to_hex32")
def to_hex32(i: int) -> str:
    return format(i & 0xFFFFFFFF, "x")


@builtin("to_hex64")
def to_hex64(i: int) -> str:
    return format(i & 0xFFFFFFFFFFFFFFFF, "x")


# ---- quoting ----------------------------------------------------------------------------

# Keywords that quote_ident must quote: every keyword whose category is not
# UNRESERVED (pg_get_keywords() where catcode <> 'U', PostgreSQL 15).
QUOTED_KEYWORDS = frozenset("""
all analyse analyze and any array as asc asymmetric authorization between bigint
binary bit boolean both case cast char character check coalesce collate collation
column concurrently constraint create cross current_catalog current_date
current_role current_schema current_time current_timestamp current_user dec
decimal default deferrable desc distinct do else end except exists extract false
fetch float for foreign freeze from full grant greatest group grouping having
ilike in initially inner inout int integer intersect interval into is isnull join
lateral leading least left like limit localtime localtimestamp national natural
nchar none normalize not notnull null nullif numeric offset on only or order out
outer overlaps overlay placing position precision primary real references
returning right row select session_user setof similar smallint some substring
symmetric table tablesample then time timestamp to trailing treat trim true union
unique user using values varchar variadic verbose when where window with
xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse
xmlpi xmlroot xmlserialize xmltable
""".split())


@builtin("quote_ident")
def quote_ident(s: str) -> str:
    """quote_identifier(): quote unless the name is a lower-case identifier
    that is not a (non-unreserved) keyword."""
    safe = bool(s) and (s[0] in "abcdefghijklmnopqrstuvwxyz_") and all(
        c in "abcdefghijklmnopqrstuvwxyz0123456789_" for c in s)
    if safe and s not in QUOTED_KEYWORDS:
        return s
    return '"' + s.replace('"', '""') + '"'


@builtin("quote_literal")
def quote_literal(s: str) -> str:
    body = s.replace("'", "''")
    if "\\" in s:
        return "E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


@builtin("quote_nullable")
def quote_nullable(s: str | None) -> str:
    return "NULL" if s is None else quote_literal(s)


# ---- format() ----------------------------------------------------------------------------

def _fmt_error(msg: str, hint: str | None = None) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, msg, hint=hint)


_FMT_HINT = "For a single \"%\" use \"%%\"."


@builtin("text_format", ctx=True)
def text_format(ctx: Any, fmt: str | None, *args: Any) -> str | None:
    """format(formatstr, VARIADIC "any"): %s %I %L with optional argument
    position (n$), '-' flag and width (number, * or *n$), as PostgreSQL's
    text_format()."""
    if fmt is None:
        return None
    if getattr(ctx, "funcvariadic", False):
        arr = args[-1] if args else None
        pairs = [] if arr is None else [(arr.elemtype, v) for v in arr.elements]
    else:
        types = argtypes(ctx, len(args) + 1)
        pairs = list(zip(types[1:], args))
    out: list[str] = []
    i, n = 0, len(fmt)
    arg = 0                                  # next implicit argument (0-based)
    while i < n:
        c = fmt[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            raise _fmt_error("unterminated format() type specifier", _FMT_HINT)
        if fmt[i] == "%":
            out.append("%")
            i += 1
            continue
        # [argpos$][flags][width]type
        argpos, i = _fmt_int_dollar(fmt, i)
        left = False
        while i < n and fmt[i] == "-":
            left = True
            i += 1
        width = 0
        if i < n and fmt[i] == "*":
            i += 1
            wpos, i = _fmt_int_dollar(fmt, i)
            if wpos is not None:
                widx = wpos - 1
            else:
                widx = arg
            if widx >= len(pairs):
                raise _fmt_error("too few arguments for format()")
            wval = pairs[widx][1]
            arg = widx + 1
            if wval is None:
                width = 0
            else:
                width = int(wval) if pairs[widx][0] in (21, 23, 20) else _int_arg(wval)
            if width < 0:
                left = True
                width = -width
        else:
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                width = int(fmt[start:i])
        if i >= n:
            raise _fmt_error("unterminated format() type specifier", _FMT_HINT)
        kind = fmt[i]
        i += 1
        if kind not in "sIL":
            raise _fmt_error(f"unrecognized format() type specifier \"{kind}\"", _FMT_HINT)
        idx = argpos - 1 if argpos is not None else arg
        if idx >= len(pairs):
            raise _fmt_error("too few arguments for format()")
        arg = idx + 1
        typ, val = pairs[idx]
        if val is None:
            if kind == "I":
                raise PgError(NULL_VALUE_NOT_ALLOWED,
                              "null values cannot be formatted as an SQL identifier")
            text = "NULL" if kind == "L" else ""
        else:
            text = any_to_text(ctx, typ, val)
            if kind == "I":
                text = quote_ident(text)
            elif kind == "L":
                text = quote_literal(text)
        if len(text) < width:
            text = text.ljust(width) if left else text.rjust(width)
        out.append(text)
    return "".join(out)


def _int_arg(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        raise _fmt_error("width argument must be an integer") from None


def _fmt_int_dollar(fmt: str, i: int) -> tuple[int | None, int]:
    """Parse "n$" at fmt[i:]; return (n, new index) or (None, i)."""
    j = i
    while j < len(fmt) and fmt[j].isdigit():
        j += 1
    if j > i and j < len(fmt) and fmt[j] == "$":
        n = int(fmt[i:j])
        if n == 0:
            raise _fmt_error("format specifies argument 0, but arguments are numbered from 1")
        return n, j + 1
    return None, i


@builtin("text_format_nv", ctx=True)
def text_format_nv(ctx: Any, fmt: str) -> str:
    class _NoArgs:
        argtypes = (TEXTOID,)
        funcvariadic = False
    return text_format(_NoArgs(), fmt)


# ---- string <-> array ---------------------------------------------------------------------

def _split_for_array(s: str, delim: str | None, null_str: str | None) -> list[str | None]:
    if s == "":
        return []
    if delim is None:
        items: list[str | None] = list(s)
    elif delim == "":
        items = [s]
    else:
        items = s.split(delim)
    if null_str is not None:
        items = [None if x == null_str else x for x in items]
    return items


@builtin("text_to_array")
def text_to_array(s: str | None, delim: str | None) -> PgArray | None:
    if s is None:
        return None
    return PgArray.from_list(_split_for_array(s, delim, None), TEXTOID)


@builtin("text_to_array_null")
def text_to_array_null(s: str | None, delim: str | None, null_str: str | None) -> PgArray | None:
    if s is None:
        return None
    return PgArray.from_list(_split_for_array(s, delim, null_str), TEXTOID)


@builtin("text_to_table")
def text_to_table(s: str | None, delim: str | None):
    """string_to_table (set-returning: an iterable of values, INV-FUNCS-5)."""
    return [] if s is None else _split_for_array(s, delim, None)


@builtin("text_to_table_null")
def text_to_table_null(s: str | None, delim: str | None, null_str: str | None):
    return [] if s is None else _split_for_array(s, delim, null_str)


def _array_to_text(ctx: Any, arr: PgArray, delim: str, null_str: str | None) -> str:
    parts = []
    for v in arr.elements:
        if v is None:
            if null_str is not None:
                parts.append(null_str)
            continue
        parts.append(any_to_text(ctx, arr.elemtype, v))
    return delim.join(parts)


@builtin("array_to_text", ctx=True)
def array_to_text(ctx: Any, arr: PgArray, delim: str) -> str:
    return _array_to_text(ctx, arr, delim, None)


@builtin("array_to_text_null", ctx=True)
def array_to_text_null(ctx: Any, arr: PgArray | None, delim: str | None,
                       null_str: str | None) -> str | None:
    if arr is None or delim is None:
        return None
    return _array_to_text(ctx, arr, delim, null_str)


# ---- string_agg support -----------------------------------------------------------------------

@builtin("string_agg_transfn")
def string_agg_transfn(state: list | None, value: str | None, delim: str | None) -> list | None:
    """State: [parts...]; the delimiter is added before every value but the
    first (PostgreSQL keeps the first delimiter and strips it at the end)."""
    if value is None:
        return state
    if state is None:
        return [value]
    state.append(delim or "")
    state.append(value)
    return state


@builtin("string_agg_finalfn")
def string_agg_finalfn(state: list | None) -> str | None:
    return None if state is None else "".join(state)


@builtin("bytea_string_agg_transfn")
def bytea_string_agg_transfn(state: list | None, value: bytes | None,
                             delim: bytes | None) -> list | None:
    if value is None:
        return state
    if state is None:
        return [value]
    state.append(delim or b"")
    state.append(value)
    return state


@builtin("bytea_string_agg_finalfn")
def bytea_string_agg_finalfn(state: list | None) -> bytes | None:
    return None if state is None else b"".join(state)


# ---- bytea --------------------------------------------------------------------------------------

_register_cmp({op: "bytea" + op for op in ("eq", "ne", "lt", "le", "gt", "ge")})
builtin("byteacmp")(lambda a, b: (a > b) - (a < b))
builtin("byteacat")(lambda a, b: a + b)
builtin("byteaoctetlen")(len)


@builtin("bytea_substr")
def bytea_substr(b: bytes, start: int, length: int) -> bytes:
    x, y = substr_bounds(len(b), start, length)
    return b[x:y] if x < y else b""


@builtin("bytea_substr_no_len")
def bytea_substr_no_len(b: bytes, start: int) -> bytes:
    x, y = substr_bounds(len(b), start, None)
    return b[x:y]


@builtin("byteapos")
def byteapos(b: bytes, sub: bytes) -> int:
    return b.find(sub) + 1


@builtin("byteaoverlay")
def byteaoverlay(b: bytes, repl: bytes, start: int, length: int) -> bytes:
    if start <= 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    end = int_range(start + length, INT4)
    return bytea_substr(b, 1, start - 1) + repl + bytea_substr_no_len(b, end)


@builtin("byteaoverlay_no_len")
def byteaoverlay_no_len(b: bytes, repl: bytes, start: int) -> bytes:
    return byteaoverlay(b, repl, start, len(repl))


@builtin("byteatrim")
def byteatrim(b: bytes, chars: bytes) -> bytes:
    return b.strip(chars) if chars else b


@builtin("byteaGetByte")
def bytea_get_byte(b: bytes, n: int) -> int:
    if n < 0 or n >= len(b):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, f"index {n} out of valid range, 0..{len(b) - 1}")
    return b[n]


@builtin("byteaSetByte")
def bytea_set_byte(b: bytes, n: int, v: int) -> bytes:
    if n < 0 or n >= len(b):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, f"index {n} out of valid range, 0..{len(b) - 1}")
    out = bytearray(b)
    out[n] = v & 0xFF
    return bytes(out)


@builtin("byteaGetBit")
def bytea_get_bit(b: bytes, n: int) -> int:
    if n < 0 or n >= len(b) * 8:
        raise PgError(ARRAY_SUBSCRIPT_ERROR, f"index {n} out of valid range, 0..{len(b) * 8 - 1}")
    return (b[n // 8] >> (n % 8)) & 1


@builtin("byteaSetBit")
def bytea_set_bit(b: bytes, n: int, v: int) -> bytes:
    if n < 0 or n >= len(b) * 8:
        raise PgError(ARRAY_SUBSCRIPT_ERROR, f"index {n} out of valid range, 0..{len(b) * 8 - 1}")
    if v not in (0, 1):
        raise PgError(INVALID_PARAMETER_VALUE, "new bit must be 0 or 1")
    out = bytearray(b)
    if v:
        out[n // 8] |= 1 << (n % 8)
    else:
        out[n // 8] &= ~(1 << (n % 8)) & 0xFF
    return bytes(out)

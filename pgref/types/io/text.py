"""Character types: text, varchar, bpchar, name, "char", cstring, unknown, void.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  All of
them hold a Python ``str`` (INV-TYPES-5: never NUL, always valid UTF-8);
text arriving as bytes (binary receive) is decoded with PostgreSQL's errors.

Length rules (varchar.c), where lengths count characters, not bytes:

* ``varchar(n)`` input: a longer value is an error 22001
  ``value too long for type character varying(n)`` unless every character
  past ``n`` is a space, in which case it is silently cut.  The explicit
  cast ``varchar(x, typmod, true)`` (registered by ``types/funcs``) cuts
  anything; :func:`varchar_coerce` / :func:`bpchar_coerce` implement both.
* ``character(n)`` (bpchar) does the same with ``character(n)`` in the
  message and then pads with spaces to ``n``; the padding is part of the
  stored value and of its output.  ``bpchar`` without a length keeps the
  value as given.
* ``name`` is cut to 63 bytes (NAMEDATALEN - 1) at a character boundary.
* ``"char"`` is one byte, held as a str of one code point 0..255 (or ''):
  input keeps the first byte of the UTF-8 text ('\\ooo' octal escapes
  allowed); output prints bytes >= 0x80 as '\\ooo'.

Typmods (anychar_typmodin): ``(n)`` becomes ``n + 4``; 1 <= n <= 10485760.
"""
from __future__ import annotations

from typing import Any

from pgref.errors import (
    INVALID_PARAMETER_VALUE, NAME_TOO_LONG, STRING_DATA_RIGHT_TRUNCATION, PgError)
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader, check_text, decode_utf8, encode_utf8
from pgref.types.io.integer import int4_in

VARHDRSZ = 4
NAMEDATALEN = 64
MAX_ATTR_SIZE = 10 * 1024 * 1024


# -- text ------------------------------------------------------------------------

@builtin("textin", ctx=True)
def textin(ctx: Any, text: str, typioparam: int = 25, typmod: int = -1) -> str:
    return check_text(text)


@builtin("textout", "varcharout", "bpcharout", "nameout", "unknownout",
         "cstring_out", ctx=True)
def textout(ctx: Any, value: str) -> str:
    return value


@builtin("textrecv", ctx=True)
def textrecv(ctx: Any, data: bytes, typioparam: int = 25, typmod: int = -1) -> str:
    return decode_utf8(data)


@builtin("textsend", "varcharsend", "bpcharsend", "namesend", "unknownsend",
         "cstring_send", ctx=True)
def textsend(ctx: Any, value: str) -> bytes:
    return value.encode("utf-8")


# -- varchar / bpchar -----------------------------------------------------------------

def varchar_coerce(value: str, typmod: int, explicit: bool) -> str:
    """varchar(varchar, int4, bool) and varchar_input(): enforce the length."""
    if typmod < VARHDRSZ:
        return value
    maxlen = typmod - VARHDRSZ
    if len(value) <= maxlen:
        return value
    if not explicit and value[maxlen:].strip(" "):
        raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                      f"value too long for type character varying({maxlen})")
    return value[:maxlen]


def bpchar_coerce(value: str, typmod: int, explicit: bool) -> str:
    """bpchar(bpchar, int4, bool) and bpchar_input(): enforce the length,
    then blank-pad to it."""
    if typmod < VARHDRSZ:
        return value
    maxlen = typmod - VARHDRSZ
    if len(value) > maxlen:
        if not explicit and value[maxlen:].strip(" "):
            raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                          f"value too long for type character({maxlen})")
        return value[:maxlen]
    return value + " " * (maxlen - len(value))


@builtin("varcharin", ctx=True)
def varcharin(ctx: Any, text: str, typioparam: int = 1043, typmod: int = -1) -> str:
    return varchar_coerce(check_text(text), typmod, False)


@builtin("bpcharin", ctx=True)
def bpcharin(ctx: Any, text: str, typioparam: int = 1042, typmod: int = -1) -> str:
    return bpchar_coerce(check_text(text), typmod, False)


@builtin("varcharrecv", ctx=True)
def varcharrecv(ctx: Any, data: bytes, typioparam: int = 1043, typmod: int = -1) -> str:
    return varchar_coerce(decode_utf8(data), typmod, False)


@builtin("bpcharrecv", ctx=True)
def bpcharrecv(ctx: Any, data: bytes, typioparam: int = 1042, typmod: int = -1) -> str:
    return bpchar_coerce(decode_utf8(data), typmod, False)


def _anychar_typmodin(mods: list[str], typename: str) -> int:
    tl = [int4_in(m) for m in mods]
    if len(tl) != 1:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
    if tl[0] < 1:
        raise PgError(INVALID_PARAMETER_VALUE, f"length for type {typename} must be at least 1")
    if tl[0] > MAX_ATTR_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"length for type {typename} cannot exceed {MAX_ATTR_SIZE}")
    return VARHDRSZ + tl[0]


@builtin("varchartypmodin", ctx=True)
def varchartypmodin(ctx: Any, mods: list[str]) -> int:
    return _anychar_typmodin(mods, "varchar")


@builtin("bpchartypmodin", ctx=True)
def bpchartypmodin(ctx: Any, mods: list[str]) -> int:
    return _anychar_typmodin(mods, "char")


@builtin("varchartypmodout", "bpchartypmodout", ctx=True)
def anychar_typmodout(ctx: Any, typmod: int) -> str:
    return f"({typmod - VARHDRSZ})" if typmod > VARHDRSZ else ""


# -- name ---------------------------------------------------------------------------

def truncate_name(text: str) -> str:
    """namein(): at most NAMEDATALEN-1 bytes, cut at a character boundary."""
    b = text.encode("utf-8")
    if len(b) < NAMEDATALEN:
        return text
    return b[:NAMEDATALEN - 1].decode("utf-8", "ignore")


@builtin("namein", ctx=True)
def namein(ctx: Any, text: str, typioparam: int = 19, typmod: int = -1) -> str:
    return truncate_name(check_text(text))


@builtin("namerecv", ctx=True)
def namerecv(ctx: Any, data: bytes, typioparam: int = 19, typmod: int = -1) -> str:
    text = decode_utf8(data)
    if len(text.encode("utf-8")) >= NAMEDATALEN:
        raise PgError(NAME_TOO_LONG, "identifier too long",
                      detail=f"Identifier must be less than {NAMEDATALEN} characters.")
    return text


# -- "char" ---------------------------------------------------------------------------

_OCT = "01234567"


@builtin("charin", ctx=True)
def charin(ctx: Any, text: str, typioparam: int = 18, typmod: int = -1) -> str:
    if len(text) == 4 and text[0] == "\\" and all(c in _OCT for c in text[1:]):
        c = ((int(text[1]) << 6) + (int(text[2]) << 3) + int(text[3])) & 0xFF
        return chr(c) if c else ""
    b = text.encode("utf-8")
    if not b or b[0] == 0:
        return ""
    return chr(b[0])


@builtin("charout", ctx=True)
def charout(ctx: Any, value: str) -> str:
    if not value:
        return ""
    c = ord(value) & 0xFF
    if c & 0x80:
        return "\\" + format(c, "03o")
    return chr(c)


@builtin("charrecv", ctx=True)
def charrecv(ctx: Any, data: bytes, typioparam: int = 18, typmod: int = -1) -> str:
    r = Reader(data)
    b = r.uint8()
    r.end()
    return chr(b) if b else ""


@builtin("charsend", ctx=True)
def charsend(ctx: Any, value: str) -> bytes:
    return bytes([ord(value) & 0xFF]) if value else b"\x00"


# -- cstring / unknown / void ------------------------------------------------------------

@builtin("cstring_in", "unknownin", ctx=True)
def cstring_in(ctx: Any, text: str, typioparam: int = 2275, typmod: int = -1) -> str:
    return check_text(text)


@builtin("cstring_recv", "unknownrecv", ctx=True)
def cstring_recv(ctx: Any, data: bytes, typioparam: int = 2275, typmod: int = -1) -> str:
    return decode_utf8(data)


VOID = ""
"""The one value of type void (a non-NULL datum that prints as '')."""


@builtin("void_in", ctx=True)
def void_in(ctx: Any, text: str, typioparam: int = 2278, typmod: int = -1) -> str:
    return VOID


@builtin("void_out", ctx=True)
def void_out(ctx: Any, value: Any) -> str:
    return ""


@builtin("void_recv", ctx=True)
def void_recv(ctx: Any, data: bytes, typioparam: int = 2278, typmod: int = -1) -> str:
    return VOID


@builtin("void_send", ctx=True)
def void_send(ctx: Any, value: Any) -> bytes:
    return b""


# -- pg_node_tree ------------------------------------------------------------------
# Catalog columns holding stored expressions (pg_type.typdefaultbin,
# pg_proc.proargdefaults ...) print their node-tree text as is.  PostgreSQL
# refuses to read one in from SQL ("cannot accept a value of type
# pg_node_tree"); pgref's catalog loader reads them with node_tree_text().

@builtin("pg_node_tree_out", ctx=True)
def pg_node_tree_out(ctx: Any, value: str) -> str:
    return value


@builtin("pg_node_tree_in", ctx=True)
def pg_node_tree_in(ctx: Any, text: str, typioparam: int = 194, typmod: int = -1) -> str:
    from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
    raise PgError(FEATURE_NOT_SUPPORTED, "cannot accept a value of type pg_node_tree")


@builtin("pg_node_tree_send", ctx=True)
def pg_node_tree_send(ctx: Any, value: str) -> bytes:
    """PostgreSQL sends a node tree as its text (pg_node_tree_send is textsend)."""
    return encode_utf8(pg_node_tree_out(ctx, value))


@builtin("pg_node_tree_recv", ctx=True)
def pg_node_tree_recv(ctx: Any, data: bytes, typioparam: int = 194, typmod: int = -1) -> str:
    from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
    raise PgError(FEATURE_NOT_SUPPORTED, "cannot accept a value of type pg_node_tree")


# -- aclitem -----------------------------------------------------------------------
# Privileges ("grantee=privs/grantor") are held as their text form until the
# roles-and-privileges issue gives them structure; input checks the shape.

@builtin("aclitemout", ctx=True)
def aclitemout(ctx: Any, value: str) -> str:
    return value


@builtin("aclitemin", ctx=True)
def aclitemin(ctx: Any, text: str, typioparam: int = 1033, typmod: int = -1) -> str:
    import re
    from pgref.errors import INVALID_TEXT_REPRESENTATION, PgError
    s = text.strip()
    if not re.fullmatch(r'[^=/]*=[rwadDxtXUCcTsAm*]*/[^=/]+', s):
        raise PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type aclitem: "{text}"')
    return s

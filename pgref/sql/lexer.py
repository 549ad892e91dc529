"""The SQL lexer: PostgreSQL 15's ``scan.l`` and ``parser.c`` filter, in PLY.

Where it sits: ``sql/`` (spec/02-sql.md, "Lexer").  ``parser.py`` feeds the
tokens produced here to the LALR grammar of ``grammar.py``.

What it guarantees:

* The token stream is the one PostgreSQL's scanner would produce for the same
  text with ``standard_conforming_strings = on`` (INV-SQL-6): identifiers are
  down-cased (ASCII letters only, as ``downcase_identifier``) and truncated to
  63 bytes (NAMEDATALEN-1, on a character boundary); keywords become their
  own token (``keywords.TOKEN_OF``) carrying the lower-case word as value;
  quoted identifiers keep their case; string constants of every flavour
  (``'..'``, ``E'..'``, ``U&'..' [UESCAPE 'c']``, ``$tag$..$tag$``, adjacent
  literals separated by a newline) arrive as one ``SCONST`` with the decoded
  text; ``B'..'``/``X'..'`` arrive as ``BCONST``/``XCONST`` whose value starts
  with ``b``/``x`` as in PostgreSQL; integers that fit int4 are ``ICONST``
  (an ``int``), other numbers ``FCONST`` (the text).
* Operators are split as scan.l does: a run of operator characters stops
  before an embedded ``/*`` or ``--``; a multi-character operator ending in
  ``+`` or ``-`` loses that tail unless it contains one of ``~ ! @ # % ^ & |
  ` ?``; single characters that the grammar knows (``+ - * / % ^ < > = , ( )
  [ ] . ; :``) are returned as literal tokens; ``<> != >= <= => :: .. :=``
  have their own tokens (``!=`` becomes ``<>``).
* Every token carries ``lexpos`` (0-based start) and ``endpos`` (0-based end)
  in the whole input; errors are PostgreSQL's, worded and positioned the way
  ``scanner_yyerror`` reports them: ``<message> at or near "<text from the
  token start to the end of the token>"`` with a 1-based ``position``.
* The lookahead filter of ``parser.c`` (``base_yylex``) is applied: ``NOT``
  before BETWEEN/IN/LIKE/ILIKE/SIMILAR becomes ``NOT_LA``, ``NULLS`` before
  FIRST/LAST becomes ``NULLS_LA``, ``WITH`` before TIME/ORDINALITY becomes
  ``WITH_LA``; ``UIDENT``/``USCONST`` absorb a following ``UESCAPE 'c'``
  and become IDENT/SCONST.

Entry points:
    tokens                          the token names (for grammar.py)
    Lexer(text).token()             PLY-compatible token source (with filter)
    tokenize(text) -> list[LexToken]    convenience for tests
"""
from __future__ import annotations

import re

import ply.lex as lex

from pgref.errors import (PgError, SYNTAX_ERROR, CHARACTER_NOT_IN_REPERTOIRE, FEATURE_NOT_SUPPORTED,
                          INVALID_ESCAPE_SEQUENCE)
from pgref.sql.keywords import KEYWORDS, TOKEN_OF

NAMEDATALEN = 64

# Tokens other than keywords and literal characters (gram.y's %token list).
_BASE_TOKENS = (
    "IDENT", "UIDENT", "FCONST", "SCONST", "USCONST", "BCONST", "XCONST", "Op",
    "ICONST", "PARAM", "TYPECAST", "DOT_DOT", "COLON_EQUALS", "EQUALS_GREATER",
    "LESS_EQUALS", "GREATER_EQUALS", "NOT_EQUALS",
)
# Produced by the lookahead filter only (gram.y: NOT_LA NULLS_LA WITH_LA).
_LA_TOKENS = ("NOT_LA", "NULLS_LA", "WITH_LA")

tokens = _BASE_TOKENS + _LA_TOKENS + tuple(sorted(set(TOKEN_OF.values())))

# scan.l's {self}: single characters returned as themselves.
literals = [",", "(", ")", "[", "]", ".", ";", ":", "+", "-", "*", "/", "%",
            "^", "<", ">", "="]
_SELF = frozenset(literals)

_IDENT_START = r"A-Za-z\x80-\U0010FFFF_"
_IDENT_CONT = r"A-Za-z\x80-\U0010FFFF_0-9$"
_ident_re = re.compile(f"[{_IDENT_START}][{_IDENT_CONT}]*")
_ident_tail_re = re.compile(f"[{_IDENT_START}][{_IDENT_CONT}]*")

_DOWNCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# whitespace between two adjacent string literals must contain a newline
# (scan.l {quotecontinue}); comments are allowed in it.
_quotecontinue_re = re.compile(
    r"[ \t\f]*(?:--[^\n\r]*)?[\n\r](?:[ \t\n\r\f]|--[^\n\r]*[\n\r])*'")   # no nested repeat: no backtracking blow-up

_INT4_MIN, _INT4_MAX = -2**31, 2**31 - 1


def truncate_identifier(ident: str) -> str:
    """Clip ``ident`` to NAMEDATALEN-1 bytes of UTF-8 on a character boundary
    (PostgreSQL's truncate_identifier, without its NOTICE)."""
    if len(ident) < NAMEDATALEN // 4:       # cannot exceed 63 bytes
        return ident
    b = ident.encode("utf-8")
    if len(b) < NAMEDATALEN:
        return ident
    return b[:NAMEDATALEN - 1].decode("utf-8", errors="ignore")


def downcase_identifier(ident: str) -> str:
    """ASCII-only down-casing, as PostgreSQL does for UTF-8 databases."""
    return truncate_identifier(ident.translate(_DOWNCASE))


def _err(msg: str, text: str, start: int, end: int | None = None) -> PgError:
    near = text[start:end] if end is not None else text[start:]
    if start >= len(text):
        return PgError(SYNTAX_ERROR, f"{msg} at end of input", position=len(text) + 1)
    return PgError(SYNTAX_ERROR, f'{msg} at or near "{near}"', position=start + 1)


# ---------------------------------------------------------------------------
# PLY rules.  Functions are tried in definition order (first match wins), so
# prefixed literals come before identifiers and comments before operators.
# ---------------------------------------------------------------------------

t_ignore = " \t\n\r\f\v"


def t_comment(t):
    r"--[^\n\r]*"
    return None


def t_xc(t):
    r"/\*"
    # nested C-style comments (scan.l <xc>)
    text = t.lexer.lexdata
    depth, pos = 1, t.lexpos + 2
    while depth:
        i = text.find("*/", pos)
        j = text.find("/*", pos)
        if i < 0:
            raise _err("unterminated /* comment", text, t.lexpos)
        if 0 <= j < i:
            depth += 1
            pos = j + 2
        else:
            depth -= 1
            pos = i + 2
    t.lexer.lexpos = pos
    return None


def _scan_quoted(t, start_body: int, kind: str):
    """Scan a '...' literal body starting at ``start_body`` with '' escapes
    (and backslash escapes for E-strings), plus newline-separated
    continuations.  Returns the list of raw body pieces; sets lexpos."""
    text = t.lexer.lexdata
    pos = start_body
    pieces: list[str] = []
    starts: list[int] = []
    n = len(text)
    while True:
        buf_start = pos
        while True:
            if pos >= n:
                msg = {"xb": "unterminated bit string literal",
                       "xh": "unterminated hexadecimal string literal"}.get(
                           kind, "unterminated quoted string")
                raise _err(msg, text, t.lexpos)
            c = text[pos]
            if c == "'":
                if pos + 1 < n and text[pos + 1] == "'":
                    pos += 2
                    continue
                break
            if c == "\\" and kind == "xe" and pos + 1 < n:
                pos += 2
                continue
            pos += 1
        pieces.append(text[buf_start:pos])
        starts.append(buf_start)
        pos += 1                                  # closing quote
        m = _quotecontinue_re.match(text, pos)
        if m:
            pos = m.end()
            continue
        break
    t.lexer.lexpos = pos
    t.piece_starts = starts          # absolute offsets, for escape errors
    return pieces


def t_xus(t):
    r"[uU]&'"
    if not getattr(t.lexer, "standard_strings", True):
        raise PgError(FEATURE_NOT_SUPPORTED, "unsafe use of string constant with Unicode escapes",
                      detail="String constants with Unicode escapes cannot be used when "
                             "standard_conforming_strings is off.", position=t.lexpos + 1)
    pieces = _scan_quoted(t, t.lexpos + 3, "xus")
    t.type = "USCONST"
    t.value = "".join(p.replace("''", "'") for p in pieces)
    return t


def t_xui(t):
    r'[uU]&"'
    t.type = "UIDENT"
    t.value = _scan_delimited_ident(t, t.lexpos + 3)
    return t


def t_xb(t):
    r"[bB]'"
    pieces = _scan_quoted(t, t.lexpos + 2, "xb")
    t.type = "BCONST"
    t.value = "b" + "".join(pieces)
    return t


def t_xh(t):
    r"[xX]'"
    pieces = _scan_quoted(t, t.lexpos + 2, "xh")
    t.type = "XCONST"
    t.value = "x" + "".join(pieces)
    return t


def t_xn(t):
    r"[nN]'"
    # National character literal: scan.l returns the keyword NCHAR and
    # rescans the quote (yyless(1)), so N'x' parses as NCHAR 'x'.
    t.lexer.lexpos = t.lexpos + 1
    t.type = "NCHAR"
    t.value = "nchar"
    return t


def t_xe(t):
    r"[eE]'"
    pieces = _scan_quoted(t, t.lexpos + 2, "xe")
    t.type = "SCONST"
    t.value = _decode_escape_string(pieces, t)
    return t


def t_xq(t):
    r"'"
    if not getattr(t.lexer, "standard_strings", True):
        # standard_conforming_strings = off: '...' takes backslash escapes
        # like E'...', and each literal using one draws scan.l's warning
        pieces = _scan_quoted(t, t.lexpos + 1, "xe")
        _nonstandard_escape_warning(t, pieces)
        t.type = "SCONST"
        t.value = _decode_escape_string(pieces, t)
        return t
    pieces = _scan_quoted(t, t.lexpos + 1, "xq")
    t.type = "SCONST"
    t.value = "".join(p.replace("''", "'") for p in pieces)
    return t


_ESCAPE_WARNINGS = {
    "'": ("nonstandard use of \\' in a string literal",
          "Use '' to write quotes in strings, or use the escape string syntax (E'...')."),
    "\\": ("nonstandard use of \\\\ in a string literal",
           "Use the escape string syntax for backslashes, e.g., E'\\\\'."),
}


def _nonstandard_escape_warning(t, pieces: list[str]) -> None:
    """check_string_escape_warning: the first backslash escape of a plain
    literal, when escape_string_warning is on, warns at the literal."""
    warnings = getattr(t.lexer, "warnings", None)
    if warnings is None:
        return
    for piece in pieces:
        i = piece.find("\\")
        if i >= 0 and i + 1 < len(piece):
            msg, hint = _ESCAPE_WARNINGS.get(piece[i + 1], (
                "nonstandard use of escape in a string literal",
                "Use the escape string syntax for escapes, e.g., E'\\r\\n'."))
            warnings.append(PgError("22P06", msg, hint=hint, position=t.lexpos + 1, severity="WARNING"))
            return


def t_xd(t):
    r'"'
    t.type = "IDENT"
    t.value = truncate_identifier(_scan_delimited_ident(t, t.lexpos + 1))
    return t


def _scan_delimited_ident(t, pos: int) -> str:
    text = t.lexer.lexdata
    out = []
    while True:
        i = text.find('"', pos)
        if i < 0:
            raise _err("unterminated quoted identifier", text, t.lexpos)
        out.append(text[pos:i])
        if i + 1 < len(text) and text[i + 1] == '"':
            out.append('"')
            pos = i + 2
            continue
        pos = i + 1
        break
    t.lexer.lexpos = pos
    ident = "".join(out)
    if not ident:
        raise _err("zero-length delimited identifier", text, t.lexpos, pos)
    return ident


_dolq_re = re.compile(r"\$(?:[A-Za-z\x80-\U0010FFFF_][A-Za-z\x80-\U0010FFFF_0-9]*)?\$")


def t_dolq(t):
    r"\$(?:[A-Za-z\x80-\U0010FFFF_][A-Za-z\x80-\U0010FFFF_0-9]*)?\$"
    text = t.lexer.lexdata
    delim = t.value
    i = text.find(delim, t.lexpos + len(delim))
    if i < 0:
        raise _err("unterminated dollar-quoted string", text, t.lexpos)
    t.type = "SCONST"
    t.value = text[t.lexpos + len(delim):i]
    t.lexer.lexpos = i + len(delim)
    return t


def t_param(t):
    r"\$\d+"
    text = t.lexer.lexdata
    m = _ident_tail_re.match(text, t.lexer.lexpos)
    if m:
        raise _err("trailing junk after parameter", text, t.lexpos, m.end())
    v = int(t.value[1:])
    if v > _INT4_MAX:
        raise _err("parameter number too large", text, t.lexpos, t.lexer.lexpos)
    t.type = "PARAM"
    t.value = v
    return t


def t_dolqfailed(t):
    r"\$"
    # scan.l {dolqfailed}/{other}: a lone '$' is returned as itself
    t.type = "$"
    return t


_int_re = re.compile(r"\d+")
_dec_re = re.compile(r"\d+\.\d*|\.\d+")
_decfail_re = re.compile(r"\d+\.\.")
_real_re = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)[Ee][-+]?\d+")
_realfail_re = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)[Ee][-+]")


def t_number(t):
    r"\.?\d"
    # Emulate flex's longest-match among scan.l's numeric rules, in order:
    # integer, decimal, decimalfail, real, realfail, *_junk.
    text = t.lexer.lexdata
    p = t.lexpos
    best = (0, "")
    for name, rx in (("integer", _int_re), ("decimal", _dec_re),
                     ("decimalfail", _decfail_re), ("real", _real_re),
                     ("realfail", _realfail_re)):
        m = rx.match(text, p)
        if m and m.end() - p > best[0]:
            best = (m.end() - p, name)
    for name, rx in (("integer", _int_re), ("decimal", _dec_re), ("real", _real_re)):
        m = rx.match(text, p)
        if m:
            j = _ident_tail_re.match(text, m.end())
            if j and j.end() - p > best[0]:
                best = (j.end() - p, "junk")
    length, kind = best
    if kind == "junk":
        raise _err("trailing junk after numeric literal", text, p, p + length)
    if kind == "decimalfail":
        length -= 2
        kind = "integer"
    elif kind == "realfail":
        # PostgreSQL 15 rejects "1e+" / "1.5e-" outright (scan.l {realfail})
        raise _err("trailing junk after numeric literal", text, p, p + length)
    s = text[p:p + length]
    t.lexer.lexpos = p + length
    if kind == "integer":
        v = int(s)
        if v <= _INT4_MAX:
            t.type, t.value = "ICONST", v
        else:
            t.type, t.value = "FCONST", s
    else:
        t.type, t.value = "FCONST", s
    return t


def t_typecast(t):
    r"::"
    t.type = "TYPECAST"
    return t


def t_dot_dot(t):
    r"\.\."
    t.type = "DOT_DOT"
    return t


def t_colon_equals(t):
    r":="
    t.type = "COLON_EQUALS"
    return t


_TWO_CHAR = {"=>": "EQUALS_GREATER", ">=": "GREATER_EQUALS", "<=": "LESS_EQUALS",
             "<>": "NOT_EQUALS", "!=": "NOT_EQUALS"}


def t_operator(t):
    r"[~!@\#^&|`?+\-*/%<>=]+"
    s = t.value
    # an operator never swallows the start of a comment
    for marker in ("/*", "--"):
        k = s.find(marker)
        if k > 0:
            s = s[:k]
        elif k == 0:    # cannot happen: comment rules come first
            s = s[:1]
    # trailing +/- is not part of a multi-char operator unless the operator
    # contains one of ~ ! @ # % ^ & | ` ? (scan.l, {operator} action)
    if len(s) > 1 and s[-1] in "+-":
        if not any(c in "~!@#%^&|`?" for c in s):
            s = s.rstrip("+-") or s[0]
            while len(s) > 1 and s[-1] in "+-":
                s = s[:-1]
    t.lexer.lexpos = t.lexpos + len(s)
    if len(s) == 1 and s in _SELF:
        t.type = s
        t.value = s
        return t
    if len(s) == 2 and s in _TWO_CHAR:
        t.type = _TWO_CHAR[s]
        t.value = "<>" if t.type == "NOT_EQUALS" else s
        return t
    if len(s) >= NAMEDATALEN:
        raise _err("operator too long", t.lexer.lexdata, t.lexpos, t.lexpos + len(s))
    t.type = "Op"
    t.value = s
    return t


def t_self(t):
    r"[,()\[\].;:+\-*/%^<>=]"
    t.type = t.value
    return t


def t_identifier(t):
    r"[A-Za-z\x80-\U0010FFFF_][A-Za-z\x80-\U0010FFFF_0-9$]*"
    word = t.value.translate(_DOWNCASE)
    kw = KEYWORDS.get(word)
    if kw is not None:
        t.type = TOKEN_OF[word]
        t.value = word
    else:
        t.type = "IDENT"
        t.value = truncate_identifier(word)
    return t


def t_error(t):
    # scan.l {other}: any other character is returned as itself, so the
    # grammar reports 'syntax error at or near "c"'.
    t.type = t.value[0]
    t.value = t.value[0]
    t.lexer.lexpos += 1
    return t


# ---------------------------------------------------------------------------
# Escape-string decoding (scan.l <xe>, <xus>)
# ---------------------------------------------------------------------------

_SIMPLE_ESC = {"b": b"\b", "f": b"\f", "n": b"\n", "r": b"\r", "t": b"\t"}


def _invalid_bytes(data: bytes) -> PgError:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 2] if e.start + 1 < len(data) else data[e.start:e.start + 1]
        shown = " ".join(f"0x{b:02x}" for b in bad)
        return PgError(CHARACTER_NOT_IN_REPERTOIRE,
                       f'invalid byte sequence for encoding "UTF8": {shown}')
    raise AssertionError("valid")


def _decode_escape_string(pieces: list[str], t) -> str:
    out = bytearray()
    text = t.lexer.lexdata
    for piece, base in zip(pieces, t.piece_starts):
        i, n = 0, len(piece)
        while i < n:
            c = piece[i]
            if c == "'":           # '' inside the literal
                out += b"'"
                i += 2
                continue
            if c != "\\":
                j = i
                while j < n and piece[j] not in "\\'":
                    j += 1
                out += piece[i:j].encode("utf-8")
                i = j
                continue
            # backslash escape
            i += 1
            e = piece[i]
            if e in "01234567":
                j = i
                while j < n and j < i + 3 and piece[j] in "01234567":
                    j += 1
                out.append(int(piece[i:j], 8) & 0xFF)
                i = j
            elif e == "x" and i + 1 < n and piece[i + 1] in "0123456789abcdefABCDEF":
                j = i + 1
                while j < n and j < i + 3 and piece[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(int(piece[i + 1:j], 16))
                i = j
            elif e in "uU" and re.match(r"[0-9A-Fa-f]{4}" if e == "u" else r"[0-9A-Fa-f]{8}",
                                        piece[i + 1:]):
                # scan.l <xe>{xeunicode} / <xeu>: errors point at the escape
                width = 4 if e == "u" else 8
                esc_at = base + i - 1
                cp = int(piece[i + 1:i + 1 + width], 16)
                i += 1 + width
                if 0xD800 <= cp <= 0xDBFF:     # high surrogate: need a low one
                    m = re.match(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", piece[i:])
                    if m is None:
                        at = base + i
                        raise _err("invalid Unicode surrogate pair", text, at,
                                   at + 1 if at < len(text) else None)
                    low = int(m.group(1) or m.group(2), 16)
                    if not (0xDC00 <= low <= 0xDFFF):
                        raise _err("invalid Unicode surrogate pair", text, base + i,
                                   base + i + m.end())
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                    i += m.end()
                elif 0xDC00 <= cp <= 0xDFFF:
                    raise _err("invalid Unicode surrogate pair", text, esc_at, base + i)
                if cp == 0 or cp > 0x10FFFF:
                    raise _err("invalid Unicode escape value", text, esc_at, base + i)
                out += chr(cp).encode("utf-8")
            elif e in "uU":
                raise PgError(INVALID_ESCAPE_SEQUENCE, "invalid Unicode escape",
                              hint="Unicode escapes must be \\uXXXX or \\UXXXXXXXX.",
                              position=base + i)
            else:
                out += _SIMPLE_ESC.get(e, e.encode("utf-8"))
                i += 1
    if 0 in out:
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      'invalid byte sequence for encoding "UTF8": 0x00')
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid_bytes(bytes(out)) from None


def decode_unicode_escapes(s: str, escape: str, pos: int) -> str:
    """Process U&'...' / U&"..." escapes (parser.c's str_udeescape).  Errors
    point at the escape (or the character) where the problem shows, as
    ``token start + 3 + offset in the literal``; a high surrogate must be
    followed at once by an escaped low one."""
    out = []
    i, n = 0, len(s)
    pair_first = 0

    def at(k: int) -> int:
        return pos + 3 + k + 1

    def bad_pair(k: int) -> PgError:
        return PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair", position=at(k))

    hexdigits = "0123456789abcdefABCDEF"
    while i < n:
        c = s[i]
        if c != escape:
            if pair_first:
                raise bad_pair(i)
            out.append(c)
            i += 1
            continue
        if i + 1 < n and s[i + 1] == escape:
            if pair_first:
                raise bad_pair(i)
            out.append(escape)
            i += 2
            continue
        if i + 4 < n + 0 and all(ch in hexdigits for ch in s[i + 1:i + 5]) and len(s[i + 1:i + 5]) == 4:
            cp, width = int(s[i + 1:i + 5], 16), 5
        elif i + 1 < n and s[i + 1] == "+" and len(s[i + 2:i + 8]) == 6 and all(ch in hexdigits for ch in s[i + 2:i + 8]):
            cp, width = int(s[i + 2:i + 8], 16), 8
        else:
            raise PgError(SYNTAX_ERROR, "invalid Unicode escape",
                          hint="Unicode escapes must be \\XXXX or \\+XXXXXX.", position=at(i))
        if not 0 < cp <= 0x10FFFF:
            raise PgError(SYNTAX_ERROR, "invalid Unicode escape value", position=at(i))
        if pair_first:
            if 0xDC00 <= cp <= 0xDFFF:
                cp = 0x10000 + ((pair_first - 0xD800) << 10) + (cp - 0xDC00)
                pair_first = 0
            else:
                raise bad_pair(i)
        elif 0xDC00 <= cp <= 0xDFFF:
            raise bad_pair(i)
        if 0xD800 <= cp <= 0xDBFF:
            pair_first = cp
        else:
            out.append(chr(cp))
        i += width
    if pair_first:
        raise bad_pair(i)
    return "".join(out)


# ---------------------------------------------------------------------------
# The lexer object with parser.c's lookahead filter
# ---------------------------------------------------------------------------

_base_lexer = lex.lex(optimize=False, errorlog=lex.NullLogger())
# Literal characters outside `literals` ('$', '\\' ...) are returned as their
# own token type so that the grammar reports them; skip PLY's type check.
_base_lexer.lexoptimize = True

_NOT_LA_NEXT = frozenset({"BETWEEN", "IN_P", "LIKE", "ILIKE", "SIMILAR"})
_NULLS_LA_NEXT = frozenset({"FIRST_P", "LAST_P"})
_WITH_LA_NEXT = frozenset({"TIME", "ORDINALITY"})


class Lexer:
    """PLY-compatible token source over ``text`` (``token()`` returns the
    next LexToken or None), applying parser.c's one-token lookahead filter.
    Every token gets ``endpos``.  ``lexpos`` mirrors the raw lexer's
    position, as PLY's tracking needs for empty productions."""

    def __init__(self, text: str, standard_strings: bool = True, escape_warning: bool = True):
        self.text = text
        self._lex = _base_lexer.clone()
        self._lex.input(text)
        # standard_conforming_strings = off (and escape_string_warning):
        # read by t_xq/t_xus through the PLY lexer object
        self._lex.standard_strings = standard_strings
        self.warnings: list = []
        self._lex.warnings = self.warnings if (escape_warning and not standard_strings) else None
        self._pending = None
        self.lexpos = 0
        self.lineno = 1
        self.last = None            # the last token handed to the parser

    def _raw(self):
        tok = self._lex.token()
        if tok is not None:
            tok.endpos = self._lex.lexpos
        return tok

    def _next_raw(self):
        if self._pending is not None:
            tok, self._pending = self._pending, None
            return tok
        return self._raw()

    def _peek(self):
        if self._pending is None:
            self._pending = self._raw()
        return self._pending

    def token(self):
        tok = self._next_raw()
        if tok is None:
            self.lexpos = len(self.text)
            self.last = None
            return None
        ty = tok.type
        if ty == "NOT":
            nxt = self._peek()
            if nxt is not None and nxt.type in _NOT_LA_NEXT:
                tok.type = "NOT_LA"
        elif ty == "NULLS_P":
            nxt = self._peek()
            if nxt is not None and nxt.type in _NULLS_LA_NEXT:
                tok.type = "NULLS_LA"
        elif ty == "WITH":
            nxt = self._peek()
            if nxt is not None and nxt.type in _WITH_LA_NEXT:
                tok.type = "WITH_LA"
        elif ty == "UIDENT" or ty == "USCONST":
            escape = "\\"
            nxt = self._peek()
            if nxt is not None and nxt.type == "UESCAPE":
                self._pending = None
                lit = self._raw()
                if lit is None or lit.type != "SCONST":
                    where = lit if lit is not None else None
                    if where is None:
                        raise PgError(SYNTAX_ERROR,
                                      "UESCAPE must be followed by a simple string literal "
                                      "at end of input", position=len(self.text) + 1)
                    raise _err("UESCAPE must be followed by a simple string literal",
                               self.text, where.lexpos, where.endpos)
                esc = lit.value
                if len(esc) != 1 or esc in "0123456789abcdefABCDEF+'\" \t\n\r\f":
                    raise _err("invalid Unicode escape character", self.text,
                               lit.lexpos, lit.endpos)
                escape = esc
                tok.endpos = lit.endpos
            value = decode_unicode_escapes(tok.value, escape, tok.lexpos)
            if ty == "UIDENT":
                tok.type = "IDENT"
                tok.value = truncate_identifier(value)
            else:
                tok.type = "SCONST"
                tok.value = value
        self.lexpos = self._lex.lexpos
        self.last = tok
        return tok


def tokenize(text: str) -> list:
    """All tokens of ``text`` (after the lookahead filter)."""
    lx = Lexer(text)
    out = []
    while True:
        tok = lx.token()
        if tok is None:
            return out
        out.append(tok)

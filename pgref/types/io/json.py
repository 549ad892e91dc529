"""json: validated text, and the JSON parser jsonb and the json functions share.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions" and "json
and jsonb").  A json
datum is the input ``str`` exactly as given -- whitespace, key order and
duplicate keys preserved, as PostgreSQL's json type does.  Input is checked
with a lexer and recursive-descent parser shaped like PostgreSQL's
``common/jsonapi.c``, so a rejection carries the same three parts:

    ERROR:   invalid input syntax for type json            (22P02)
    DETAIL:  Token "tru" is invalid.    / Expected ":", but found "1". ...
    CONTEXT: JSON data, line 1: {"a" 1...

Lexing rules worth knowing: a bad token is reported as the whole run of
letters, digits, underscores and non-ASCII characters around it ("1.e5",
"01"); control characters inside strings must be escaped; ``\\u`` needs four
hex digits, but surrogates are not paired up (that happens only when a
value is de-escaped, e.g. by jsonb).  The binary form is the text (json has
no version byte; jsonb's does).

Entry points: json_validate(text) (json_in), json_parse(text) -> a tree
(objects as JsonPairs of (key, value) in input order, numbers as JsonNumber
token text; strings de-escaped with jsonapi.c's surrogate and \\u0000
checks), json_children(text) -> (tree, source text of each child of the
root).
"""
from __future__ import annotations

from typing import Any

from pgref.errors import INVALID_TEXT_REPRESENTATION, UNTRANSLATABLE_CHARACTER, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import check_text, decode_utf8

_WS = " \t\n\r"
_PUNCT = "{}[],:"
END = "END"


def _alnum(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9") or c == "_" or c >= "\x80"


class _JsonError(Exception):
    def __init__(self, detail: str):
        self.detail = detail


class _JsonUnicodeError(_JsonError):
    """\\u0000 (and untranslatable code points): 22P05, a different message."""


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _Lexer:
    def __init__(self, text: str):
        self.s = text
        self.n = len(text)
        self.pos = 0
        self.line_number = 1
        self.line_start = 0
        self.tok_type = ""
        self.tok_start = 0
        self.tok_end = 0
        self.prev_end = 0
        # need_escapes: de-escape string tokens into strval (jsonb, json
        # processing functions); surrogate pairs are checked only then
        self.need_escapes = False
        self.strval = ""

    def token_text(self) -> str:
        return self.s[self.tok_start:self.tok_end]

    def lex(self) -> None:
        self.prev_end = self.tok_end
        s, n = self.s, self.n
        p = self.pos
        while p < n and s[p] in _WS:
            if s[p] == "\n":
                self.line_number += 1
                self.line_start = p + 1
            p += 1
        self.tok_start = p
        if p >= n:
            self.tok_type, self.tok_end, self.pos = END, p, p
            return
        c = s[p]
        if c in _PUNCT:
            self.tok_type, self.tok_end, self.pos = c, p + 1, p + 1
        elif c == '"':
            self._string(p)
        elif c == "-" or "0" <= c <= "9":
            self._number(p)
        else:
            q = p
            while q < n and _alnum(s[q]):
                q += 1
            if q == p:
                self.tok_end = p + 1
                raise _JsonError(f'Token "{s[p]}" is invalid.')
            word = s[p:q]
            self.tok_end = self.pos = q
            if word not in ("true", "false", "null"):
                raise _JsonError(f'Token "{word}" is invalid.')
            self.tok_type = word

    def _string(self, start: int) -> None:
        if self.need_escapes:
            self._string_decoded(start)
            return
        s, n = self.s, self.n
        p = start + 1
        while True:
            if p >= n:
                self.tok_end = n
                raise _JsonError(f'Token "{s[start:n]}" is invalid.')
            c = s[p]
            if c == '"':
                break
            if c == "\\":
                p += 1
                if p >= n:
                    self.tok_end = n
                    raise _JsonError(f'Token "{s[start:n]}" is invalid.')
                e = s[p]
                if e == "u":
                    for _ in range(4):
                        p += 1
                        if p >= n:
                            self.tok_end = n
                            raise _JsonError(f'Token "{s[start:n]}" is invalid.')
                        if s[p] not in "0123456789abcdefABCDEF":
                            self.tok_end = p + 1
                            raise _JsonError('"\\u" must be followed by four hexadecimal digits.')
                elif e not in '"\\/bfnrt':
                    self.tok_end = p + 1
                    raise _JsonError(f'Escape sequence "\\{e}" is invalid.')
            elif ord(c) < 32:
                self.tok_end = p
                raise _JsonError(f"Character with value 0x{ord(c):02x} must be escaped.")
            p += 1
        self.tok_type, self.tok_end, self.pos = "STRING", p + 1, p + 1

    def _string_decoded(self, start: int) -> None:
        """json_lex_string() with need_escapes: the value of the string, with
        \\u escapes and surrogate pairs decoded (jsonapi.c's checks)."""
        s, n = self.s, self.n
        p = start + 1
        out: list[str] = []
        hi = -1
        while True:
            if p >= n:
                self.tok_end = n
                raise _JsonError(f'Token "{s[start:n]}" is invalid.')
            c = s[p]
            if c == '"':
                if hi != -1:
                    self.tok_end = p + 1
                    raise _JsonError("Unicode low surrogate must follow a high surrogate.")
                break
            if c == "\\":
                p += 1
                if p >= n:
                    self.tok_end = n
                    raise _JsonError(f'Token "{s[start:n]}" is invalid.')
                e = s[p]
                if e == "u":
                    for _ in range(4):
                        p += 1
                        if p >= n:
                            self.tok_end = n
                            raise _JsonError(f'Token "{s[start:n]}" is invalid.')
                        if s[p] not in "0123456789abcdefABCDEF":
                            self.tok_end = p + 1
                            raise _JsonError('"\\u" must be followed by four hexadecimal digits.')
                    ch = int(s[p - 3:p + 1], 16)
                    self.tok_end = p + 1
                    if 0xD800 <= ch <= 0xDBFF:
                        if hi != -1:
                            raise _JsonError("Unicode high surrogate must not follow a high surrogate.")
                        hi = ch
                        p += 1
                        continue
                    if 0xDC00 <= ch <= 0xDFFF:
                        if hi == -1:
                            raise _JsonError("Unicode low surrogate must follow a high surrogate.")
                        ch = 0x10000 + ((hi & 0x3FF) << 10) + (ch & 0x3FF)
                        hi = -1
                    if hi != -1:
                        raise _JsonError("Unicode low surrogate must follow a high surrogate.")
                    if ch == 0:
                        raise _JsonUnicodeError("\\u0000 cannot be converted to text.")
                    out.append(chr(ch))
                else:
                    if hi != -1:
                        self.tok_end = p + 1
                        raise _JsonError("Unicode low surrogate must follow a high surrogate.")
                    if e not in _ESCAPES:
                        self.tok_end = p + 1
                        raise _JsonError(f'Escape sequence "\\{e}" is invalid.')
                    out.append(_ESCAPES[e])
            else:
                if hi != -1:
                    self.tok_end = p + 1
                    raise _JsonError("Unicode low surrogate must follow a high surrogate.")
                if ord(c) < 32:
                    self.tok_end = p
                    raise _JsonError(f"Character with value 0x{ord(c):02x} must be escaped.")
                out.append(c)
            p += 1
        self.strval = "".join(out)
        self.tok_type, self.tok_end, self.pos = "STRING", p + 1, p + 1

    def _number(self, start: int) -> None:
        s, n = self.s, self.n
        p = start
        error = False
        if s[p] == "-":
            p += 1
        if p < n and s[p] == "0":
            p += 1
        elif p < n and "1" <= s[p] <= "9":
            while p < n and "0" <= s[p] <= "9":
                p += 1
        else:
            error = True
        if not error and p < n and s[p] == ".":
            p += 1
            if p >= n or not ("0" <= s[p] <= "9"):
                error = True
            else:
                while p < n and "0" <= s[p] <= "9":
                    p += 1
        if not error and p < n and s[p] in "eE":
            p += 1
            if p < n and s[p] in "+-":
                p += 1
            if p >= n or not ("0" <= s[p] <= "9"):
                error = True
            else:
                while p < n and "0" <= s[p] <= "9":
                    p += 1
        while p < n and _alnum(s[p]):
            p += 1
            error = True
        self.tok_end = self.pos = p
        if error:
            raise _JsonError(f'Token "{s[start:p]}" is invalid.')
        self.tok_type = "NUMBER"


class _Parser:
    def __init__(self, lex: _Lexer):
        self.lex = lex

    def found(self, template: str) -> _JsonError:
        if self.lex.tok_type == END:
            return _JsonError("The input string ended unexpectedly.")
        return _JsonError(template.replace("%s", self.lex.token_text()))

    def parse(self) -> None:
        self.lex.lex()
        self.value()
        if self.lex.tok_type != END:
            raise self.found('Expected end of input, but found "%s".')

    def value(self) -> None:
        t = self.lex.tok_type
        if t == "{":
            self.obj()
        elif t == "[":
            self.arr()
        elif t in ("STRING", "NUMBER", "true", "false", "null"):
            self.lex.lex()
        else:
            raise self.found('Expected JSON value, but found "%s".')

    def obj(self) -> None:
        self.lex.lex()
        t = self.lex.tok_type
        if t == "STRING":
            self.field()
            while self.lex.tok_type == ",":
                self.lex.lex()
                self.field()
        elif t != "}":
            raise self.found('Expected string or "}", but found "%s".')
        if self.lex.tok_type != "}":
            raise self.found('Expected "," or "}", but found "%s".')
        self.lex.lex()

    def field(self) -> None:
        if self.lex.tok_type != "STRING":
            raise self.found('Expected string, but found "%s".')
        self.lex.lex()
        if self.lex.tok_type != ":":
            raise self.found('Expected ":", but found "%s".')
        self.lex.lex()
        self.value()

    def arr(self) -> None:
        self.lex.lex()
        if self.lex.tok_type != "]":
            self.value()
            while self.lex.tok_type == ",":
                self.lex.lex()
                self.value()
        if self.lex.tok_type != "]":
            raise self.found('Expected "," or "]", but found "%s".')
        self.lex.lex()


def _context(lex: _Lexer) -> str:
    """report_json_context(): the current line up to the bad token, cut to
    about 50 characters, with '...' where the excerpt is partial."""
    line_start = lex.line_start
    context_start = line_start
    context_end = lex.tok_end
    while context_end - context_start >= 50:
        context_start += 1
    if context_start - line_start <= 3:
        context_start = line_start
    prefix = "..." if context_start > line_start else ""
    suffix = ("..." if lex.tok_type != END and context_end < lex.n
              and lex.s[context_end] not in "\n\r" else "")
    return f"JSON data, line {lex.line_number}: {prefix}{lex.s[context_start:context_end]}{suffix}"


class _Builder(_Parser):
    """The same grammar, building the value: objects as lists of (key, value)
    pairs in input order (duplicates kept), arrays as lists, strings
    de-escaped, numbers as their token text wrapped in :class:`JsonNumber`,
    true/false as bool, null as None."""

    def parse(self):
        self.lex.need_escapes = True
        self.lex.lex()
        v = self.value()
        if self.lex.tok_type != END:
            raise self.found('Expected end of input, but found "%s".')
        return v

    def value(self):
        lex = self.lex
        t = lex.tok_type
        if t == "{":
            return self.obj()
        if t == "[":
            return self.arr()
        if t == "STRING":
            v = lex.strval
        elif t == "NUMBER":
            v = JsonNumber(lex.token_text())
        elif t == "true":
            v = True
        elif t == "false":
            v = False
        elif t == "null":
            v = None
        else:
            raise self.found('Expected JSON value, but found "%s".')
        lex.lex()
        return v

    def obj(self):
        pairs = JsonPairs()
        self.lex.lex()
        t = self.lex.tok_type
        if t == "STRING":
            pairs.append(self.field())
            while self.lex.tok_type == ",":
                self.lex.lex()
                pairs.append(self.field())
        elif t != "}":
            raise self.found('Expected string or "}", but found "%s".')
        if self.lex.tok_type != "}":
            raise self.found('Expected "," or "}", but found "%s".')
        self.lex.lex()
        return pairs

    def field(self):
        if self.lex.tok_type != "STRING":
            raise self.found('Expected string, but found "%s".')
        key = self.lex.strval
        self.lex.lex()
        if self.lex.tok_type != ":":
            raise self.found('Expected ":", but found "%s".')
        self.lex.lex()
        return (key, self.value())

    def arr(self):
        items: list = []
        self.lex.lex()
        if self.lex.tok_type != "]":
            items.append(self.value())
            while self.lex.tok_type == ",":
                self.lex.lex()
                items.append(self.value())
        if self.lex.tok_type != "]":
            raise self.found('Expected "," or "]", but found "%s".')
        self.lex.lex()
        return items


class _SpanBuilder(_Builder):
    """_Builder that also notes the source text of each direct child of the
    root container (json's -> returns that text verbatim)."""

    def __init__(self, lex: _Lexer):
        super().__init__(lex)
        self.depth = 0
        self.children: list[tuple[int, int]] = []

    def value(self):
        start = self.lex.tok_start
        self.depth += 1
        v = super().value()
        self.depth -= 1
        if self.depth == 1:
            self.children.append((start, self.lex.prev_end))
        return v


def json_children(text: str) -> tuple[Any, list[str]]:
    """The parsed value of json text and the raw text of each direct child
    of its root (in order; for an object, the values)."""
    lex = _Lexer(text)
    b = _SpanBuilder(lex)
    try:
        v = b.parse()
    except _JsonError as e:
        _raise(e, lex)
    return v, [text[a:z] for a, z in b.children]


class JsonNumber(str):
    """A JSON number token's text, as parsed (not yet numeric)."""


class JsonPairs(list):
    """A JSON object as parsed: its (key, value) pairs in input order."""


def _raise(e: _JsonError, lex: _Lexer) -> None:
    if isinstance(e, _JsonUnicodeError):
        raise PgError(UNTRANSLATABLE_CHARACTER, "unsupported Unicode escape sequence",
                      detail=e.detail, context=_context(lex)) from None
    raise PgError(INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json",
                  detail=e.detail, context=_context(lex)) from None


def json_validate(text: str) -> str:
    lex = _Lexer(text)
    try:
        _Parser(lex).parse()
    except _JsonError as e:
        _raise(e, lex)
    return text


def json_parse(text: str) -> Any:
    """Parse JSON text into the structure described at :class:`_Builder`
    (with jsonb's escape checks: surrogates paired, no \\u0000)."""
    lex = _Lexer(text)
    try:
        return _Builder(lex).parse()
    except _JsonError as e:
        _raise(e, lex)


@builtin("json_in", ctx=True)
def json_in(ctx: Any, text: str, typioparam: int = 114, typmod: int = -1) -> str:
    return json_validate(check_text(text))


@builtin("json_out", ctx=True)
def json_out(ctx: Any, value: str) -> str:
    return value


@builtin("json_recv", ctx=True)
def json_recv(ctx: Any, data: bytes, typioparam: int = 114, typmod: int = -1) -> str:
    return json_validate(decode_utf8(data))


@builtin("json_send", ctx=True)
def json_send(ctx: Any, value: str) -> bytes:
    return value.encode("utf-8")


from pgref.types.io import jsonb  # noqa: E402,F401  (registers jsonb I/O)

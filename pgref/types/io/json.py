"""json: validated text.  (jsonb is not implemented yet: its I/O raises 0A000.)

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  A json
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
"""
from __future__ import annotations

from typing import Any

from pgref.errors import INVALID_TEXT_REPRESENTATION, PgError
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

    def token_text(self) -> str:
        return self.s[self.tok_start:self.tok_end]

    def lex(self) -> None:
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


def json_validate(text: str) -> str:
    lex = _Lexer(text)
    try:
        _Parser(lex).parse()
    except _JsonError as e:
        raise PgError(INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json",
                      detail=e.detail, context=_context(lex)) from None
    return text


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

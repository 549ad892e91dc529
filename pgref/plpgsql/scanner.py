"""The PL/pgSQL scanner: a function body as a list of tokens with offsets.

Where it sits: ``plpgsql/`` (spec/13-plpgsql.md, "Parsing").  PostgreSQL's
pl_scanner.c runs the core SQL lexer over the body and lets the PL/pgSQL
grammar look at identifiers as keywords when it wants them; SQL fragments
(expressions, statements) are then cut out of the body text by offsets.
This scanner does the same, in the small: it knows SQL's lexical shapes
(quoted strings of every kind, dollar quotes, quoted identifiers, numbers,
comments, multi-character operators, ``$n``) so that the parser never
mistakes a ``;`` inside a string for the end of a statement, and it keeps
every token's start and end offset so a fragment is a slice of the body.

Entry point: ``scan(text) -> list[Token]``; the last token is ``EOF``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pgref.errors import SYNTAX_ERROR, PgError


@dataclass(slots=True)
class Token:
    kind: str        # 'ident' | 'qident' | 'num' | 'str' | 'param' | 'op' | 'EOF'
    value: str       # identifiers downcased (unless quoted); operators as written
    start: int
    end: int

    def is_kw(self, *words: str) -> bool:
        return self.kind == "ident" and self.value in words


_IDENT = re.compile(r"[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*")
_NUM = re.compile(r"(\d+\.\d*(?:[eE][+-]?\d+)?|\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)")
_DOLQ = re.compile(r"\$([A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)?\$")
_OPCHARS = set("+-*/<>=~!@#%^&|`?")
_TWO = {"::", ":=", "..", "<<", ">>", "=>", "<=", ">=", "<>", "!="}


def _error(msg: str, pos: int) -> PgError:
    return PgError(SYNTAX_ERROR, msg, position=pos + 1)


def scan(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            if depth:
                raise _error("unterminated /* comment", i)
            i = j
            continue
        start = i
        if c == "'" or (c in "eEbBxXnN" and i + 1 < n and text[i + 1] == "'"):
            j = i + 1 if c == "'" else i + 2
            backslash = c in "eE"
            while True:
                if j >= n:
                    raise _error("unterminated quoted string", start)
                ch = text[j]
                if backslash and ch == "\\":
                    j += 2
                    continue
                if ch == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out.append(Token("str", text[start:j + 1], start, j + 1))
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise _error("unterminated quoted identifier", start)
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            out.append(Token("qident", "".join(buf), start, j + 1))
            i = j + 1
            continue
        if c == "$":
            m = re.match(r"\$(\d+)", text[i:])
            if m:
                out.append(Token("param", m.group(0), i, i + len(m.group(0))))
                i += len(m.group(0))
                continue
            m = _DOLQ.match(text, i)
            if m:
                tag = m.group(0)
                j = text.find(tag, m.end())
                if j < 0:
                    raise _error("unterminated dollar-quoted string", start)
                out.append(Token("str", text[start:j + len(tag)], start, j + len(tag)))
                i = j + len(tag)
                continue
        m = _IDENT.match(text, i)
        if m and not c.isdigit():
            out.append(Token("ident", m.group(0).lower(), i, m.end()))
            i = m.end()
            continue
        if c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            num = _NUM.match(text, i).group(0)
            dot = num.find(".")
            if dot >= 0 and text.startswith("..", i + dot):
                num = num[:dot]           # 1..10: an integer, then '..'
            out.append(Token("num", num, i, i + len(num)))
            i += len(num)
            continue
        two = text[i:i + 2]
        if two in _TWO:
            out.append(Token("op", two, i, i + 2))
            i += 2
            continue
        if c in _OPCHARS:
            j = i
            while j < n and text[j] in _OPCHARS and not text.startswith("--", j) and not text.startswith("/*", j):
                j += 1
            out.append(Token("op", text[i:j], i, j))
            i = j
            continue
        out.append(Token("op", c, i, i + 1))
        i += 1
    out.append(Token("EOF", "", n, n))
    return out

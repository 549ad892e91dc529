"""Just enough SQL lexing for the harness: split scripts, find ORDER BY.

Where it sits: test infrastructure.  The corpus files hold several statements
per case; this module cuts them apart the way psql does (at semicolons that
are outside quotes, dollar quotes, comments and parentheses) and tells
whether a query's result order is defined (a top-level ORDER BY).  It is not
pgref's lexer, on purpose: the harness must not share bugs with the engine
it checks.

Guarantees:

1. ``split_statements`` never cuts inside '...', E'...', "...", $tag$...$tag$,
   -- comments or /* nested */ comments.  A statement that is only comments
   and blanks is dropped.  Text after the last semicolon is a statement too
   (so an unterminated quote at the end of a case stays one statement).
2. Each returned statement is stripped of surrounding whitespace and of its
   terminating semicolon; interior text is untouched, so error positions
   computed by the server refer to the string the harness sent.
3. ``has_top_level_order_by`` looks only at parenthesis depth 0 (so ORDER BY
   in subqueries, window clauses and aggregate calls does not count).

Entry points:
    split_statements(script) -> list[str]
    has_top_level_order_by(sql) -> bool
    top_level_words(sql) -> list[str]
"""
from __future__ import annotations

import re

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9$]*")


def _scan(sql: str):
    """Yield (kind, start, end, depth) for each lexical piece: kinds are
    'word', 'semi', 'other' (one character) and 'skip' (strings, comments,
    quoted identifiers).  ``depth`` is the parenthesis depth before it."""
    i, n, depth = 0, len(sql), 0
    while i < n:
        c = sql[i]
        if c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j + 1
            yield "skip", i, j, depth
            i = j
        elif c == "/" and sql.startswith("/*", i):
            level, j = 1, i + 2
            while j < n and level:
                if sql.startswith("/*", j):
                    level, j = level + 1, j + 2
                elif sql.startswith("*/", j):
                    level, j = level - 1, j + 2
                else:
                    j += 1
            yield "skip", i, j, depth
            i = j
        elif c == "'" or (c in "eE" and sql.startswith("'", i + 1) and not _word_before(sql, i)):
            backslash = c in "eE"
            j = i + (2 if backslash else 1)
            while j < n:
                if backslash and sql[j] == "\\":
                    j += 2
                    continue
                if sql[j] == "'":
                    if sql.startswith("''", j):
                        j += 2
                        continue
                    j += 1
                    break
                j += 1
            else:
                j = n
            yield "skip", i, j, depth
            i = j
        elif c == '"':
            j = i + 1
            while j < n:
                if sql[j] == '"':
                    if sql.startswith('""', j):
                        j += 2
                        continue
                    j += 1
                    break
                j += 1
            else:
                j = n
            yield "skip", i, j, depth
            i = j
        elif c == "$" and not _word_before(sql, i) and _DOLLAR_TAG.match(sql, i):
            tag = _DOLLAR_TAG.match(sql, i).group(0)
            j = sql.find(tag, i + len(tag))
            j = n if j < 0 else j + len(tag)
            yield "skip", i, j, depth
            i = j
        elif c.isalpha() or c == "_":
            m = _WORD.match(sql, i)
            yield "word", i, m.end(), depth
            i = m.end()
        elif c == ";":
            yield "semi", i, i + 1, depth
            i += 1
        else:
            if c == "(":
                yield "other", i, i + 1, depth
                depth += 1
            elif c == ")":
                depth = max(depth - 1, 0)
                yield "other", i, i + 1, depth
            else:
                yield "other", i, i + 1, depth
            i += 1


def _word_before(sql: str, i: int) -> bool:
    """True when position i continues an identifier (so 'e' + quote after
    a word like 'code' is not an E'' string, and $ inside a name is not a
    dollar quote)."""
    return i > 0 and (sql[i - 1].isalnum() or sql[i - 1] in "_$")


def split_statements(script: str) -> list[str]:
    """Cut a script into statements (guarantees 1 and 2)."""
    out: list[str] = []
    start = None            # where the current statement's first token is
    for kind, s, e, depth in _scan(script):
        if kind == "semi" and depth == 0:
            if start is not None:
                out.append(script[start:s].strip())
            start = None
        elif kind == "skip" and script.startswith(("--", "/*"), s):
            continue        # comments before the first token are dropped
        elif start is None and (kind != "other" or not script[s:e].isspace()):
            start = s
    if start is not None:
        out.append(script[start:].strip())
    return out


def top_level_words(sql: str) -> list[str]:
    """Upper-cased keywords/identifiers at parenthesis depth 0."""
    return [sql[s:e].upper() for kind, s, e, depth in _scan(sql) if kind == "word" and depth == 0]


def has_top_level_order_by(sql: str) -> bool:
    """Whether the statement's result order is defined by an ORDER BY of the
    outermost query (guarantee 3)."""
    words = top_level_words(sql)
    return any(a == "ORDER" and b == "BY" for a, b in zip(words, words[1:]))

"""Pattern matching: LIKE / ILIKE, SIMILAR TO, and POSIX regular expressions.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Pattern matching").  PostgreSQL's ``like.c``, ``like_match.c`` and
``regexp.c``.

LIKE is a direct port of PostgreSQL's ``MatchText`` (including when the error
"LIKE pattern must not end with escape character" is raised: only when the
matcher reaches the dangling escape).  ILIKE lower-cases both sides with the
C locale's ASCII-only mapping (INV-FUNCS-10).

Regular expressions: PostgreSQL implements Henry Spencer's ARE engine;
pgref translates an ARE into a Python ``re`` pattern (``translate_are``) and
lets ``re`` match.  The translation covers the ARE syntax PostgreSQL users
write -- bracket expressions with ``[:class:]``, the escapes ``\\m \\M \\y
\\Y \\A \\Z \\d \\s \\w``, ARE character-entry escapes, back references,
lookahead/lookbehind, embedded options ``(?i)``, the ``***=`` and ``***:``
directors, and the flags ``i c n m p w s x q``.  Two semantic differences
exist (spec: Differences from PostgreSQL, INV-FUNCS-12):

* POSIX prefers the *longest* match among alternatives, Python the *first*.
  pgref reorders alternatives that are plain literals longest-first, which
  makes ``a|ab`` behave as in PostgreSQL; other alternations follow Python.
* PostgreSQL decides the greediness of a whole expression from its first
  quantifier.  A pattern that mixes greedy and non-greedy quantifiers is
  refused with 0A000 rather than risk a different answer -- except for the
  ``(...){1,1}?`` wrapper that SIMILAR TO produces, which is translated
  faithfully by making the wrapped group's quantifiers non-greedy.

Character classes are ASCII-only, as under PostgreSQL's C locale.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from pgref.errors import (FEATURE_NOT_SUPPORTED, INVALID_ESCAPE_SEQUENCE,
                          INVALID_PARAMETER_VALUE, INVALID_REGULAR_EXPRESSION,
                          INVALID_USE_OF_ESCAPE_CHARACTER, PgError)
from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

from .string_funcs import lower

TEXTOID = 25


# ============================================================================
# LIKE
# ============================================================================

_ABORT = None        # MatchText's LIKE_ABORT: no match possible from here on


def _like_error() -> PgError:
    return PgError(INVALID_ESCAPE_SEQUENCE, "LIKE pattern must not end with escape character")


def match_text(t: Any, p: Any, ti: int = 0, pi: int = 0) -> bool | None:
    """PostgreSQL's MatchText over two sequences (str or bytes).  Returns
    True, False or _ABORT (no match possible for any shorter suffix)."""
    tl, pl = len(t), len(p)
    bs = "\\" if isinstance(p, str) else 0x5C
    pct = "%" if isinstance(p, str) else 0x25
    und = "_" if isinstance(p, str) else 0x5F
    while ti < tl and pi < pl:
        c = p[pi]
        if c == bs:
            pi += 1
            if pi >= pl:
                raise _like_error()
            if t[ti] != p[pi]:
                return False
        elif c == pct:
            pi += 1
            while pi < pl:
                if p[pi] == pct:
                    pi += 1
                elif p[pi] == und:
                    if ti >= tl:
                        return _ABORT
                    ti += 1
                    pi += 1
                else:
                    break
            if pi >= pl:
                return True
            if p[pi] == bs:
                if pi + 1 >= pl:
                    raise _like_error()
                first = p[pi + 1]
            else:
                first = p[pi]
            while ti < tl:
                if t[ti] == first:
                    r = match_text(t, p, ti, pi)
                    if r is not False:
                        return r
                ti += 1
            return _ABORT
        elif c == und:
            pass
        elif c != t[ti]:
            return False
        ti += 1
        pi += 1
    if ti < tl:
        return False
    while pi < pl and p[pi] == pct:
        pi += 1
    if pi >= pl:
        return True
    return _ABORT


def like(s: Any, pattern: Any) -> bool:
    return match_text(s, pattern) is True


builtin("textlike", "namelike", "bytealike")(like)
builtin("textnlike", "namenlike", "byteanlike")(lambda s, p: not like(s, p))
builtin("texticlike", "nameiclike")(lambda s, p: like(lower(s), lower(p)))
builtin("texticnlike", "nameicnlike")(lambda s, p: not like(lower(s), lower(p)))


def _invalid_escape_string() -> PgError:
    return PgError(INVALID_ESCAPE_SEQUENCE, "invalid escape string",
                   hint="Escape string must be empty or one character.")


def _like_escape(pattern: Any, esc: Any, bs: Any) -> Any:
    """Rewrite a LIKE pattern with ESCAPE esc into backslash-escape form."""
    empty = pattern[:0]
    if len(esc) == 0:
        # no escape character: every backslash becomes a literal backslash
        return pattern.replace(bs, bs + bs)
    if len(esc) != 1:
        raise _invalid_escape_string()
    if esc == bs:
        return pattern
    out = []
    after = False
    for i in range(len(pattern)):
        c = pattern[i:i + 1]
        if after:
            out.append(bs + c)
            after = False
        elif c == esc:
            after = True
        elif c == bs:
            out.append(bs + bs)
        else:
            out.append(c)
    if after:
        out.append(bs)      # a dangling escape stays dangling (MatchText decides)
    return empty.join(out)


builtin("like_escape")(lambda p, e: _like_escape(p, e, "\\"))
builtin("like_escape_bytea")(lambda p, e: _like_escape(p, e, b"\\"))


# ============================================================================
# SIMILAR TO -> ARE (PostgreSQL's similar_escape_internal)
# ============================================================================

def similar_to_are(pat: str, esc: str | None) -> str:
    if esc is not None and len(esc) > 1:
        raise _invalid_escape_string()
    e = esc if esc else None
    out = ["^(?:"]
    after = False
    nquotes = 0
    depth = 0            # bracket nesting
    cstart = 0
    for c in pat:
        if after:
            if c == '"' and depth < 1:
                if nquotes == 0:
                    out.append("){1,1}?(")
                elif nquotes == 1:
                    out.append("){1,1}(?:")
                else:
                    raise PgError(INVALID_USE_OF_ESCAPE_CHARACTER,
                                  "SQL regular expression may not contain more than two "
                                  "escape-double-quote separators")
                nquotes += 1
            else:
                out.append("\\" + c)
                cstart = 3       # an escaped character: no longer at a class's start
            after = False
        elif e is not None and c == e:
            after = True
        elif depth > 0:
            if c == "\\":
                out.append("\\")
            out.append(c)
            if c == "]" and cstart > 2:
                depth -= 1
            elif c == "[":
                depth += 1
            if c == "^":
                cstart += 1
            else:
                cstart = 3
        elif c == "[":
            out.append(c)
            depth += 1
            cstart = 1
        elif c == "%":
            out.append(".*")
        elif c == "_":
            out.append(".")
        elif c == "(":
            out.append("(?:")
        elif c in "\\.^$":
            out.append("\\" + c)
        else:
            out.append(c)
    out.append(")$")
    return "".join(out)


builtin("similar_to_escape_1")(lambda p: similar_to_are(p, "\\"))
builtin("similar_to_escape_2")(lambda p, e: similar_to_are(p, e))


@builtin("sql:2074")
def substring_similar(s: str, p: str, e: str) -> str | None:
    """substring(text, text, text): SUBSTRING(s SIMILAR p ESCAPE e).
    PostgreSQL defines it in SQL as ``select pg_catalog.substring($1,
    pg_catalog.similar_to_escape($2, $3))``, so its errors carry that
    function's context line."""
    try:
        return textregexsubstr(s, similar_to_are(p, e))
    except PgError as err:
        if err.context is None:
            err.context = 'SQL function "substring" statement 1'
        raise


@builtin("similar_escape")
def similar_escape(p: str | None, e: str | None) -> str | None:
    if p is None:
        return None
    return similar_to_are(p, "\\" if e is None else e)


# ============================================================================
# ARE -> Python re
# ============================================================================

class _Flags:
    __slots__ = ("icase", "newline_dot", "newline_anchor", "expanded", "literal", "glob")

    def __init__(self) -> None:
        self.icase = False
        self.newline_dot = False      # '.' and [^...] do not match newline
        self.newline_anchor = False   # ^ and $ match at newlines
        self.expanded = False
        self.literal = False
        self.glob = False


def parse_flags(flags: str | None, allow_glob: bool = True, fname: str = "") -> _Flags:
    f = _Flags()
    for ch in flags or "":
        if ch == "g":
            if not allow_glob:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f"{fname}() does not support the \"global\" option",
                              hint="Use the regexp_matches function instead."
                              if fname == "regexp_match" else None)
            f.glob = True
        elif ch == "i":
            f.icase = True
        elif ch == "c":
            f.icase = False
        elif ch in "nm":
            f.newline_dot = f.newline_anchor = True
        elif ch == "s":
            f.newline_dot = f.newline_anchor = False
        elif ch == "p":
            f.newline_dot, f.newline_anchor = True, False
        elif ch == "w":
            f.newline_dot, f.newline_anchor = False, True
        elif ch == "x":
            f.expanded = True
        elif ch == "t":
            f.expanded = False
        elif ch == "q":
            f.literal = True
        elif ch in "be":
            if ch == "b":
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "basic regular expressions (flag \"b\") are not supported")
        else:
            raise PgError(INVALID_PARAMETER_VALUE, f"invalid regular expression option: \"{ch}\"")
    return f


def _bad(msg: str) -> PgError:
    return PgError(INVALID_REGULAR_EXPRESSION, f"invalid regular expression: {msg}")


_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
    "lower": "a-z", "space": " \\t\\n\\r\\f\\v", "blank": " \\t",
    "punct": "!-/:-@\\[-`{-~", "xdigit": "0-9A-Fa-f", "cntrl": "\\x00-\\x1f\\x7f",
    "print": " -~", "graph": "!-~", "word": "a-zA-Z0-9_",
}

_SPECIAL_PY = set(".^$*+?{}[]\\|()")


class _Translator:
    """Recursive-descent translation of one ARE into Python syntax."""

    def __init__(self, pat: str, flags: _Flags):
        self.p = pat
        self.i = 0
        self.f = flags
        self.ngroups = 0
        self.greedy = 0
        self.lazy = 0

    # -- top level ----------------------------------------------------------
    def translate(self) -> str:
        out = self.alternation(lazy=False)
        if self.i < len(self.p):
            raise _bad("parentheses () not balanced")
        if self.greedy and self.lazy:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "regular expressions mixing greedy and non-greedy quantifiers "
                          "are not supported")
        return out

    def alternation(self, lazy: bool) -> str:
        branches = [self.branch(lazy)]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.branch(lazy))
        if len(branches) > 1 and all(b[1] for b in branches):
            # POSIX longest-match among literal alternatives (INV-FUNCS-12)
            ordered = sorted(branches, key=lambda b: -len(b[2]))
            return "|".join(b[0] for b in ordered)
        return "|".join(b[0] for b in branches)

    def branch(self, lazy: bool) -> tuple[str, bool, str]:
        """Returns (python text, is_plain_literal, literal value)."""
        out: list[str] = []
        literal = True
        lit = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            atom, atom_lit = self.atom(lazy)
            if atom is None:
                continue
            q = self.quantifier(lazy, atom)
            if q:
                literal = False
            if atom_lit is None:
                literal = False
            else:
                lit.append(atom_lit)
            out.append(atom + q)
        return "".join(out), literal and bool(out), "".join(lit)

    # -- atoms ----------------------------------------------------------------
    def atom(self, lazy: bool) -> tuple[str | None, str | None]:
        p, f = self.p, self.f
        c = p[self.i]
        if f.expanded and c in " \t\n\r\f\v":
            self.i += 1
            return None, None
        if f.expanded and c == "#":
            while self.i < len(p) and p[self.i] != "\n":
                self.i += 1
            return None, None
        self.i += 1
        if c == "(":
            if p.startswith("?", self.i):
                kind = p[self.i:self.i + 3]
                for prefix in ("?:", "?=", "?!", "?<=", "?<!"):
                    if p.startswith(prefix, self.i):
                        self.i += len(prefix)
                        inner_start = self.i
                        inner = self.alternation(lazy)
                        self.close_paren()
                        if prefix == "?:" and self.wrapper_lazy():
                            inner = self.retranslate(inner_start)
                        return "(" + prefix + inner + ")", None
                raise _bad(f"quantifier operand invalid" if kind else "parentheses () not balanced")
            self.ngroups += 1
            inner_start = self.i
            inner = self.alternation(lazy)
            self.close_paren()
            if self.wrapper_lazy():
                inner = self.retranslate(inner_start)
            return "(" + inner + ")", None
        if c == ")":
            raise _bad("parentheses () not balanced")
        if c == "[":
            if p.startswith("[:<:]]", self.i):
                self.i += 6
                return "\\b(?=\\w)", None
            if p.startswith("[:>:]]", self.i):
                self.i += 6
                return "\\b(?<=\\w)", None
            return self.bracket(), None
        if c == ".":
            return ("[^\\n]" if f.newline_dot else "."), None
        if c == "^":
            return ("(?m:^)" if f.newline_anchor else "^"), None
        if c == "$":
            return ("(?=\\n|\\Z)" if f.newline_anchor else "\\Z"), None
        if c == "\\":
            return self.escape()
        if c in "*+?":
            raise _bad("quantifier operand invalid")
        if c == "{" and self.bound_at(self.i - 1):
            raise _bad("quantifier operand invalid")
        return re.escape(c), c

    def close_paren(self) -> None:
        if self.i >= len(self.p) or self.p[self.i] != ")":
            raise _bad("parentheses () not balanced")
        self.i += 1

    def wrapper_lazy(self) -> bool:
        """Is the group just closed followed by SIMILAR TO's '{1,1}?' ?"""
        return self.p.startswith("{1,1}?", self.i)

    def retranslate(self, start: int) -> str:
        """Translate a group body again with every quantifier non-greedy
        (PostgreSQL: a non-greedy group prefers its shortest match)."""
        saved = (self.i, self.greedy, self.lazy, self.ngroups)
        self.i = start
        body = self.alternation(lazy=True)
        self.i, self.greedy, self.lazy, _ = saved
        return body

    def bound_at(self, j: int) -> bool:
        return re.match(r"\{\d+(,\d*)?\}", self.p[j:]) is not None

    def quantifier(self, lazy: bool, atom: str) -> str:
        p = self.p
        if self.i >= len(p):
            return ""
        c = p[self.i]
        if c in "*+?":
            q = c
            self.i += 1
        elif c == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", p[self.i:])
            if not m:
                return ""
            lo = int(m.group(1))
            hi = m.group(3)
            if lo > 255 or (hi and int(hi) > 255) or (hi and int(hi) < lo):
                raise _bad("invalid repetition count(s)")
            q = m.group(0)
            self.i += len(q)
        else:
            return ""
        nongreedy = self.i < len(p) and p[self.i] == "?"
        if nongreedy:
            self.i += 1
        if q in ("{1,1}", "{1}"):
            return ""                      # a no-op quantifier
        if self.i < len(p) and p[self.i] in "*+?" :
            raise _bad("quantifier operand invalid")
        if nongreedy or lazy:
            if not lazy:
                self.lazy += 1
            return q + "?"
        self.greedy += 1
        return q

    def escape(self) -> tuple[str, str | None]:
        p = self.p
        if self.i >= len(p):
            raise _bad("invalid escape \\ sequence")
        c = p[self.i]
        self.i += 1
        simple = {"a": "\x07", "b": "\x08", "e": "\x1b", "f": "\x0c", "n": "\n",
                  "r": "\r", "t": "\t", "v": "\x0b", "B": "\\"}
        if c in simple:
            return re.escape(simple[c]), simple[c]
        if c in "dswDSW":
            return "\\" + c, None
        if c == "A":
            return "\\A", None
        if c == "Z":
            return "\\Z", None
        if c == "m":
            return "\\b(?=\\w)", None
        if c == "M":
            return "\\b(?<=\\w)", None
        if c == "y":
            return "\\b", None
        if c == "Y":
            return "\\B", None
        if c in "xuU":
            n = {"x": 8, "u": 4, "U": 8}[c]
            m = re.match(r"[0-9A-Fa-f]{1,%d}" % n, p[self.i:])
            if not m or (c != "x" and len(m.group(0)) != n):
                raise _bad("invalid escape \\ sequence")
            self.i += len(m.group(0))
            ch = chr(int(m.group(0), 16))
            return re.escape(ch), ch
        if c == "c":
            if self.i >= len(p):
                raise _bad("invalid escape \\ sequence")
            ch = chr(ord(p[self.i]) & 0x1F)
            self.i += 1
            return re.escape(ch), ch
        if c == "0":
            m = re.match(r"[0-7]{0,2}", p[self.i:])
            self.i += len(m.group(0))
            ch = chr(int("0" + m.group(0), 8))
            return re.escape(ch), ch
        if c.isdigit():
            m = re.match(r"\d*", p[self.i:])
            num = int(c + m.group(0))
            self.i += len(m.group(0))
            if num > self.ngroups:
                raise _bad("invalid backreference number")
            return "(?:\\%d)" % num, None
        if c.isalnum():
            raise _bad("invalid escape \\ sequence")
        return re.escape(c), c

    # -- bracket expressions -------------------------------------------------------
    def bracket(self) -> str:
        p, n = self.p, len(self.p)
        parts: list[str] = []
        negate = False
        if self.i < n and p[self.i] == "^":
            negate = True
            self.i += 1
        first = True
        while True:
            if self.i >= n:
                raise _bad("brackets [] not balanced")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[" and self.i + 1 < n and p[self.i + 1] in ":.=":
                kind = p[self.i + 1]
                end = p.find(kind + "]", self.i + 2)
                if end < 0:
                    raise _bad("brackets [] not balanced")
                name = p[self.i + 2:end]
                self.i = end + 2
                if kind == ":":
                    if name not in _CLASSES:
                        raise _bad("invalid character class")
                    parts.append(_CLASSES[name])
                    continue
                if len(name) != 1:
                    raise _bad("invalid collating element")
                lo = name
            elif c == "\\":
                self.i += 1
                if self.i >= n:
                    raise _bad("brackets [] not balanced")
                e = p[self.i]
                if e in "dswDSW":
                    self.i += 1
                    parts.append("\\" + e)
                    continue
                self.i -= 1
                text, lit = self.escape_in_bracket()
                if lit is None:
                    parts.append(text)
                    continue
                lo = lit
            else:
                lo = c
                self.i += 1
            # range?
            if self.i + 1 < n and p[self.i] == "-" and p[self.i + 1] != "]":
                self.i += 1
                hc = p[self.i]
                if hc == "\\":
                    text, hi = self.escape_in_bracket()
                    if hi is None:
                        raise _bad("invalid character range")
                elif hc == "[" and self.i + 1 < n and p[self.i + 1] in ".=":
                    kind = p[self.i + 1]
                    end = p.find(kind + "]", self.i + 2)
                    hi = p[self.i + 2:end]
                    self.i = end + 2
                else:
                    hi = hc
                    self.i += 1
                if ord(hi) < ord(lo):
                    raise _bad("invalid character range")
                parts.append(_cls_char(lo) + "-" + _cls_char(hi))
                if self.f.icase:
                    parts.append(_cls_char(lo).swapcase() + "-" + _cls_char(hi).swapcase()
                                 if lo.isalpha() and hi.isalpha() and lo.isascii() else "")
            else:
                parts.append(_cls_char(lo))
        body = "".join(parts)
        if negate:
            if self.f.newline_dot:
                body += "\\n"
            return "[^" + body + "]"
        return "[" + body + "]"

    def escape_in_bracket(self) -> tuple[str, str | None]:
        self.i += 1          # skip the backslash
        text, lit = self.escape()
        if lit is None and not text.startswith("\\"):
            raise _bad("invalid escape \\ sequence")
        return text, lit


def _cls_char(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


@lru_cache(maxsize=256)
def compile_are(pattern: str, flags_key: tuple) -> re.Pattern:
    f = _Flags()
    f.icase, f.newline_dot, f.newline_anchor, f.expanded, f.literal = flags_key
    pat = pattern
    if pat.startswith("***="):
        f.literal = True
        pat = pat[4:]
    elif pat.startswith("***:"):
        pat = pat[4:]
    m = re.match(r"\(\?([bceimnpqstwx]+)\)", pat)
    if m and not f.literal:
        inner = parse_flags(m.group(1))
        f.icase = inner.icase or f.icase if "c" not in m.group(1) else inner.icase
        if any(ch in m.group(1) for ch in "nmpsw"):
            f.newline_dot, f.newline_anchor = inner.newline_dot, inner.newline_anchor
        f.expanded = f.expanded or inner.expanded
        f.literal = inner.literal
        pat = pat[m.end():]
    if f.literal:
        py = re.escape(pat)
    else:
        py = _Translator(pat, f).translate()
    pyflags = re.ASCII
    if f.icase:
        pyflags |= re.IGNORECASE
    if not f.newline_dot:
        pyflags |= re.DOTALL
    try:
        return re.compile(py, pyflags)
    except re.error as e:
        raise _bad(str(e)) from None
    except RecursionError:
        raise PgError(FEATURE_NOT_SUPPORTED, "regular expression is too complex") from None


def get_re(pattern: str, flags: _Flags | None = None) -> re.Pattern:
    f = flags or _Flags()
    return compile_are(pattern, (f.icase, f.newline_dot, f.newline_anchor, f.expanded, f.literal))


def _icase() -> _Flags:
    f = _Flags()
    f.icase = True
    return f


# ---- the ~ operators ----------------------------------------------------------------

builtin("textregexeq", "nameregexeq")(lambda s, p: get_re(p).search(s) is not None)
builtin("textregexne", "nameregexne")(lambda s, p: get_re(p).search(s) is None)
builtin("texticregexeq", "nameicregexeq")(lambda s, p: get_re(p, _icase()).search(s) is not None)
builtin("texticregexne", "nameicregexne")(lambda s, p: get_re(p, _icase()).search(s) is None)


# ---- matching loop shared by the regexp_* functions (regexp.c) ------------------------

def iter_matches(rx: re.Pattern, s: str, start: int, glob: bool,
                 ignore_degenerate: bool = False) -> Iterator[re.Match]:
    """PostgreSQL's setup_regexp_matches loop: after an empty match the
    search advances one character; with ignore_degenerate (regexp_split)
    empty matches at the ends or right after a match are skipped."""
    prev_end = 0
    pos = start
    n = len(s)
    while True:
        m = rx.search(s, pos)
        if m is None:
            return
        if not ignore_degenerate or (m.start() < n and m.end() > prev_end):
            yield m
        prev_end = m.end()
        if not glob:
            return
        pos = prev_end + (1 if m.start() == m.end() else 0)
        if pos > n:
            return


def _match_array(m: re.Match) -> PgArray:
    if m.re.groups:
        return PgArray.from_list(list(m.groups()), TEXTOID)
    return PgArray.from_list([m.group(0)], TEXTOID)


@builtin("textregexsubstr")
def textregexsubstr(s: str, p: str) -> str | None:
    m = get_re(p).search(s)
    if m is None:
        return None
    if m.re.groups:
        return m.group(1)
    return m.group(0)


def _replacement(m: re.Match, repl: str) -> str:
    out = []
    i, n = 0, len(repl)
    while i < n:
        c = repl[i]
        if c == "\\" and i + 1 < n:
            d = repl[i + 1]
            if d.isdigit() and d != "0" or d == "&":
                if d == "&":
                    out.append(m.group(0))
                else:
                    k = int(d)
                    if k <= m.re.groups:
                        out.append(m.group(k) or "")
                i += 2
                continue
            if d == "\\":
                out.append("\\")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def regexp_replace(s: str, p: str, repl: str, start: int, nth: int, flags: _Flags) -> str:
    """Replace the nth match at or after offset ``start`` (nth == 0: every
    match), as PostgreSQL's replace_text_regexp."""
    rx = get_re(p, flags)
    out = []
    last = 0
    for k, m in enumerate(iter_matches(rx, s, start, glob=True), 1):
        if nth and k < nth:
            continue
        out.append(s[last:m.start()])
        out.append(_replacement(m, repl))
        last = m.end()
        if nth:
            break
    out.append(s[last:])
    return "".join(out)


@builtin("textregexreplace_noopt")
def textregexreplace_noopt(s: str, p: str, r: str) -> str:
    return regexp_replace(s, p, r, 0, 1, _Flags())


@builtin("textregexreplace")
def textregexreplace(s: str, p: str, r: str, flags: str) -> str:
    if flags[:1].isdigit() and flags[:1].isascii():
        # regexp_replace(s, p, r, '1') resolves to this form; the user
        # probably meant the start parameter (PostgreSQL's textregexreplace)
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid regular expression option: "{flags[0]}"',
                      hint="If you meant to use regexp_replace() with a start parameter, cast the "
                           "fourth argument to integer explicitly.")
    f = parse_flags(flags)
    return regexp_replace(s, p, r, 0, 0 if f.glob else 1, f)


def _check_param(name: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid value for parameter \"{name}\": {value}")


@builtin("textregexreplace_extended")
def textregexreplace_extended(s: str, p: str, r: str, start: int = 1, n: int | None = None,
                              flags: str = "") -> str:
    _check_param("start", start, 1)
    f = parse_flags(flags)
    if n is None:
        n = 0 if f.glob else 1
    _check_param("n", n, 0)
    return regexp_replace(s, p, r, start - 1, n, f)


builtin("textregexreplace_extended_no_flags")(
    lambda s, p, r, start, n: textregexreplace_extended(s, p, r, start, n, ""))
builtin("textregexreplace_extended_no_n")(
    lambda s, p, r, start: textregexreplace_extended(s, p, r, start, None, ""))


@builtin("regexp_match")
def regexp_match(s: str, p: str, flags: str = "") -> PgArray | None:
    f = parse_flags(flags, allow_glob=False, fname="regexp_match")
    m = get_re(p, f).search(s)
    return None if m is None else _match_array(m)


builtin("regexp_match_no_flags")(lambda s, p: regexp_match(s, p, ""))


@builtin("regexp_matches")
def regexp_matches(s: str, p: str, flags: str = "") -> list[PgArray]:
    """Set-returning: a list of text[] rows (INV-FUNCS-5)."""
    f = parse_flags(flags)
    return [_match_array(m) for m in iter_matches(get_re(p, f), s, 0, f.glob)]


builtin("regexp_matches_no_flags")(lambda s, p: regexp_matches(s, p, ""))


def _split(s: str, p: str, flags: str, fname: str) -> list[str]:
    f = parse_flags(flags, allow_glob=False, fname=fname)
    parts = []
    start = 0
    for m in iter_matches(get_re(p, f), s, 0, glob=True, ignore_degenerate=True):
        parts.append(s[start:m.start()])
        start = m.end()
    parts.append(s[start:])
    return parts


@builtin("regexp_split_to_array")
def regexp_split_to_array(s: str, p: str, flags: str = "") -> PgArray:
    return PgArray.from_list(_split(s, p, flags, "regexp_split_to_array"), TEXTOID)


builtin("regexp_split_to_array_no_flags")(lambda s, p: regexp_split_to_array(s, p, ""))


@builtin("regexp_split_to_table")
def regexp_split_to_table(s: str, p: str, flags: str = "") -> list[str]:
    return _split(s, p, flags, "regexp_split_to_table")


builtin("regexp_split_to_table_no_flags")(lambda s, p: regexp_split_to_table(s, p, ""))


# ---- PostgreSQL 15's regexp_count / regexp_instr / regexp_like / regexp_substr ----------

@builtin("regexp_count")
def regexp_count(s: str, p: str, start: int = 1, flags: str = "") -> int:
    _check_param("start", start, 1)
    f = parse_flags(flags, allow_glob=False, fname="regexp_count")
    return sum(1 for _ in iter_matches(get_re(p, f), s, start - 1, glob=True))


builtin("regexp_count_no_start")(lambda s, p: regexp_count(s, p))
builtin("regexp_count_no_flags")(lambda s, p, start: regexp_count(s, p, start))


def _nth_match(s: str, p: str, start: int, n: int, flags: str, fname: str) -> re.Match | None:
    _check_param("start", start, 1)
    _check_param("n", n, 1)
    f = parse_flags(flags, allow_glob=False, fname=fname)
    for k, m in enumerate(iter_matches(get_re(p, f), s, start - 1, glob=True), 1):
        if k == n:
            return m
    return None


@builtin("regexp_instr")
def regexp_instr(s: str, p: str, start: int = 1, n: int = 1, endoption: int = 0,
                 flags: str = "", subexpr: int = 0) -> int:
    if endoption not in (0, 1):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"invalid value for parameter \"endoption\": {endoption}")
    _check_param("subexpr", subexpr, 0)
    m = _nth_match(s, p, start, n, flags, "regexp_instr")
    if m is None or subexpr > m.re.groups or m.start(subexpr) < 0:
        return 0
    return (m.end(subexpr) if endoption else m.start(subexpr)) + 1


builtin("regexp_instr_no_start")(lambda s, p: regexp_instr(s, p))
builtin("regexp_instr_no_n")(lambda s, p, st: regexp_instr(s, p, st))
builtin("regexp_instr_no_endoption")(lambda s, p, st, n: regexp_instr(s, p, st, n))
builtin("regexp_instr_no_flags")(lambda s, p, st, n, e: regexp_instr(s, p, st, n, e))
builtin("regexp_instr_no_subexpr")(lambda s, p, st, n, e, fl: regexp_instr(s, p, st, n, e, fl))


@builtin("regexp_like")
def regexp_like(s: str, p: str, flags: str = "") -> bool:
    f = parse_flags(flags, allow_glob=False, fname="regexp_like")
    return get_re(p, f).search(s) is not None


builtin("regexp_like_no_flags")(lambda s, p: regexp_like(s, p))


@builtin("regexp_substr")
def regexp_substr(s: str, p: str, start: int = 1, n: int = 1, flags: str = "",
                  subexpr: int = 0) -> str | None:
    _check_param("subexpr", subexpr, 0)
    m = _nth_match(s, p, start, n, flags, "regexp_substr")
    if m is None or subexpr > m.re.groups:
        return None
    return m.group(subexpr)


builtin("regexp_substr_no_start")(lambda s, p: regexp_substr(s, p))
builtin("regexp_substr_no_n")(lambda s, p, st: regexp_substr(s, p, st))
builtin("regexp_substr_no_flags")(lambda s, p, st, n: regexp_substr(s, p, st, n))
builtin("regexp_substr_no_subexpr")(lambda s, p, st, n, fl: regexp_substr(s, p, st, n, fl))

"""The default text search parser (PostgreSQL's wparser_def.c), in a
compact, rule-ordered form.

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Parsing").  The parser
splits a document into typed tokens; configurations map token types to
dictionaries.  Token type ids, aliases and descriptions are PostgreSQL's
(``ts_token_type('default')``):

     1 asciiword  2 word  3 numword  4 email  5 url  6 host  7 sfloat
     8 version  9 hword_numpart  10 hword_part  11 hword_asciipart
    12 blank  13 tag  14 protocol  15 numhword  16 asciihword  17 hword
    18 url_path  19 file  20 float  21 int  22 uint  23 entity

PostgreSQL's parser is a ~100-state character machine.  This module
recognizes the same token classes with an ordered list of rules tried at
each position, longest sensible match first (INV-TS-5: every character of
the input belongs to exactly one top-level token, so concatenating the
top-level tokens gives the input back).  Compound tokens are followed by
their parts, as in PostgreSQL: a hyphenated word ``foo-bar`` yields
asciihword ``foo-bar``, then hword_asciipart ``foo``, blank ``-``,
hword_asciipart ``bar``; a URL ``http://x.com/a`` yields protocol
``http://``, url ``x.com/a``, host ``x.com``, url_path ``/a``.  Corner
cases of PostgreSQL's machine that the rules do not reproduce are listed in
the spec chapter under "Differences from PostgreSQL".

Entry points: TOKEN_TYPES, parse_text(text) -> list[(type id, token)].
"""
from __future__ import annotations

import re

TOKEN_TYPES: list[tuple[int, str, str]] = [
    (1, "asciiword", "Word, all ASCII"),
    (2, "word", "Word, all letters"),
    (3, "numword", "Word, letters and digits"),
    (4, "email", "Email address"),
    (5, "url", "URL"),
    (6, "host", "Host"),
    (7, "sfloat", "Scientific notation"),
    (8, "version", "Version number"),
    (9, "hword_numpart", "Hyphenated word part, letters and digits"),
    (10, "hword_part", "Hyphenated word part, all letters"),
    (11, "hword_asciipart", "Hyphenated word part, all ASCII"),
    (12, "blank", "Space symbols"),
    (13, "tag", "XML tag"),
    (14, "protocol", "Protocol head"),
    (15, "numhword", "Hyphenated word, letters and digits"),
    (16, "asciihword", "Hyphenated word, all ASCII"),
    (17, "hword", "Hyphenated word, all letters"),
    (18, "url_path", "URL path"),
    (19, "file", "File or path name"),
    (20, "float", "Decimal notation"),
    (21, "int", "Signed integer"),
    (22, "uint", "Unsigned integer"),
    (23, "entity", "XML entity"),
]
ASCIIWORD, WORD, NUMWORD, EMAIL, URL, HOST, SFLOAT, VERSION, HWORD_NUMPART, HWORD_PART, \
    HWORD_ASCIIPART, BLANK, TAG, PROTOCOL, NUMHWORD, ASCIIHWORD, HWORD, URL_PATH, FILE, \
    FLOAT, INT, UINT, ENTITY = range(1, 24)

# a "letter" is any alphabetic character; an alnum run may mix in digits
_L = r"[^\W\d_]"
_AN = r"[^\W_]"
_HOSTPART = r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
_HOST = rf"(?:{_HOSTPART}\.)+[A-Za-z]{{2,}}(?![A-Za-z0-9])"
_PATHCH = r"[A-Za-z0-9_\-./~%?=&+#:,;!@$*'()]"
_FSEG = r"[A-Za-z0-9_\-~]+(?:\.[A-Za-z0-9_\-~]+)*"
_HOSTURL = re.compile(rf"(?P<host>{_HOST})(?P<port>:\d+)?(?P<path>/{_PATHCH}*)?")

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("tag", re.compile(r"</?[A-Za-z][A-Za-z0-9_\-:.]*(?:\s+[A-Za-z_:][A-Za-z0-9_\-:.]*"
                       r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>|<!--.*?-->", re.S)),
    ("entity", re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")),
    ("url", re.compile(rf"(?P<proto>[A-Za-z][A-Za-z0-9+.\-]*://)(?=[A-Za-z0-9])")),
    ("email", re.compile(rf"[A-Za-z0-9_][A-Za-z0-9_.\-+]*@{_HOST}")),
    ("hosturl", _HOSTURL),
    ("version", re.compile(r"\d+\.\d+(?:\.\d+)+(?![\d.])")),
    ("sfloat", re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+(?!\.?\d)(?![^\W\d_])")),
    ("float", re.compile(r"[-+]?(?:\d+\.\d+|\.\d+)(?!\.?\d)")),
    ("file", re.compile(rf"~?/?{_FSEG}(?:/{_FSEG})*/?")),
    ("hword", re.compile(rf"\d*{_L}{_AN}*(?:-\d*{_L}{_AN}*)+")),
    ("word", re.compile(rf"{_AN}+")),
    ("int", re.compile(r"[-+]\d+(?!\.?\d)(?![^\W\d_])")),
]


def _word_type(tok: str) -> int:
    if any(c.isdigit() for c in tok):
        return NUMWORD
    if tok.isascii():
        return ASCIIWORD
    return WORD


def _part_type(tok: str) -> int:
    if any(c.isdigit() for c in tok):
        return HWORD_NUMPART
    if tok.isascii():
        return HWORD_ASCIIPART
    return HWORD_PART


def _emit_hword(tok: str, out: list[tuple[int, str]]) -> None:
    parts = tok.split("-")
    if any(any(c.isdigit() for c in p) for p in parts):
        head = NUMHWORD
    elif tok.isascii():
        head = ASCIIHWORD
    else:
        head = HWORD
    out.append((head, tok))
    for k, p in enumerate(parts):
        if k:
            out.append((BLANK, "-"))
        out.append((_part_type(p), p))


def _emit_hosturl(m: re.Match[str], out: list[tuple[int, str]]) -> int:
    """host[:port][/path]; a path of just "/" is left to the blank that
    follows.  Returns where the token ends."""
    host = m.group("host")
    path = m.group("path")
    port = m.group("port") or ""
    if path and len(path) > 1:
        out.append((URL, m.group(0)))
        out.append((HOST, host + port))
        out.append((URL_PATH, path))
        return m.end()
    out.append((HOST, host + port))
    return m.start() + len(host) + len(port)


def parse_text(text: str) -> list[tuple[int, str]]:
    """The token stream of ``text``: (token type id, token) pairs, compound
    tokens followed by their parts."""
    out: list[tuple[int, str]] = []
    i, n = 0, len(text)
    blank_start = 0
    while i < n:
        c = text[i]
        may_start = i == blank_start or not text[i - 1].isalnum() or c in "<&"
        matched = None
        if may_start:
            for name, rx in _RULES:
                m = rx.match(text, i)
                if not m or m.end() == i:
                    continue
                if name == "file" and not ("/" in m.group(0) or
                                           ("." in m.group(0) and "-" not in m.group(0))):
                    continue
                if name == "url":
                    hm = _HOSTURL.match(text, m.end())
                    if hm is None:
                        continue
                    m = hm
                    name = "protourl"
                matched = (name, m)
                break
        if matched is None:
            if c == "<" and blank_start < i:
                out.append((BLANK, text[blank_start:i]))     # a failed tag starts a new blank
                blank_start = i
            i += 1
            continue
        name, m = matched
        if blank_start < i:
            out.append((BLANK, text[blank_start:i]))
        tok = m.group(0)
        end = m.end()
        if name == "tag":
            out.append((TAG, tok))
        elif name == "entity":
            out.append((ENTITY, tok))
        elif name == "protourl":
            out.append((PROTOCOL, text[i:m.start()]))
            end = _emit_hosturl(m, out)
        elif name == "email":
            out.append((EMAIL, tok))
        elif name == "hosturl":
            end = _emit_hosturl(m, out)
        elif name == "file":
            if tok.endswith("/") and len(tok) > 1:
                tok = tok[:-1]
                end -= 1
            out.append((FILE, tok))
        elif name == "version":
            out.append((VERSION, tok))
        elif name == "sfloat":
            out.append((SFLOAT, tok))
        elif name == "float":
            out.append((FLOAT, tok))
        elif name == "hword":
            _emit_hword(tok, out)
        elif name == "word":
            out.append((UINT, tok) if tok.isdigit() else (_word_type(tok), tok))
        elif name == "int":
            out.append((INT, tok))
        i = end
        blank_start = i
    if blank_start < n:
        out.append((BLANK, text[blank_start:n]))
    return out

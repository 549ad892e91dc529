"""Statement-level scoring of one regression test's output.

Where it sits: the scoring half of the ``regress`` runner (spec/11-regress.md,
"Statement parity").  :mod:`regress.runner` produces ``results/NAME.out`` the
way pg_regress does; this module says *how much* of it matches, not just
whether all of it does.

What it guarantees:

1. :func:`split_script` cuts a ``.sql`` script into *chunks*: the input lines
   psql reads up to and including the line that completes a statement (a
   ``;`` at parenthesis depth 0 outside quotes, comments and ``BEGIN ATOMIC``
   bodies, or a backslash meta-command).  Its search *key* is the lines psql
   -a echoes: every line but an empty one outside quotes and comments.  Comment and blank lines belong to
   the chunk of the statement that follows them; ``COPY ... FROM stdin`` data
   up to ``\\.`` belongs to the COPY's chunk (psql -a does not echo it)
   (INV-REGRESS-2).
2. :func:`split_output` locates each chunk's echo in an output file, in
   order, and returns one *block* per chunk: the echo plus everything up to
   the next chunk's echo.  A chunk whose echo cannot be found (psql died, the
   test timed out) gets ``None``.  Expected and actual outputs are cut with the
   same chunk list, so block ``i`` of both always belongs to statement ``i``
   (INV-REGRESS-3).
3. :func:`score` compares blocks pairwise and classifies each mismatch as
   *direct* or *cascade* (INV-REGRESS-4): a cascade block is one whose actual
   output is an error about a relation/column/function/type/schema/... that a
   statement of an earlier non-matching block mentions, or "current
   transaction is aborted" after an earlier non-matching block.
4. :func:`normalize_message` strips names and numbers from an error message so
   that identical causes rank together.

Entry points::

    split_script(sql_text) -> list[Chunk]
    split_output(out_text, chunks) -> list[list[str] | None]
    score(chunks, expected_text, actual_text) -> Score
    normalize_message(msg) -> str
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_COPY_STDIN = re.compile(r"\bcopy\s+(?!\()[^;]*?\bfrom\s+std(?:in|out)\b", re.IGNORECASE)


@dataclass
class Chunk:
    """The input lines of one statement (with its leading comments)."""
    lines: list[str]
    key: list[str]          # lines searched for in the output (no COPY data)
    statement: str          # the statement text without comment lines, one line

    def short(self, width: int = 90) -> str:
        s = self.statement
        return s if len(s) <= width else s[: width - 3] + "..."


class _Lexer:
    """Just enough of psql's lexer (psqlscan.l) to find statement ends."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.quote: str | None = None      # "'", "e'", '"', or a $tag$
        self.comment_depth = 0
        self.paren = 0
        self.begin_depth = 0
        self.idents: list[str] = []
        self.has_text = False              # statement text since last ';'

    def _ident(self, word: str) -> None:
        w = word.lower()
        self.idents.append(w)
        head = [x for x in self.idents[:4]]
        is_func = (len(head) >= 2 and head[0] == "create" and
                   (head[1] in ("function", "procedure") or
                    (head[1] == "or" and len(head) >= 4 and head[2] == "replace"
                     and head[3] in ("function", "procedure"))))
        if is_func and self.paren == 0:
            if w == "begin":
                self.begin_depth += 1
            elif w == "case" and self.begin_depth >= 1:
                self.begin_depth += 1
            elif w == "end" and self.begin_depth > 0:
                self.begin_depth -= 1

    def feed_line(self, line: str) -> tuple[bool, bool]:
        """Consume one input line.  Returns (statement_ended, meta_command)."""
        ended = False
        i, n = 0, len(line)
        while i < n:
            c = line[i]
            if self.comment_depth:
                if line.startswith("*/", i):
                    self.comment_depth -= 1
                    i += 2
                elif line.startswith("/*", i):
                    self.comment_depth += 1
                    i += 2
                else:
                    i += 1
                continue
            if self.quote is not None:
                q = self.quote
                if q == "e'":
                    if c == "\\":
                        i += 2
                        continue
                    if c == "'":
                        if line.startswith("''", i):
                            i += 2
                            continue
                        self.quote = None
                    i += 1
                    continue
                if q in ("'", '"'):
                    if line.startswith(q * 2, i):
                        i += 2
                        continue
                    if c == q:
                        self.quote = None
                    i += 1
                    continue
                # dollar quote
                if line.startswith(q, i):
                    self.quote = None
                    i += len(q)
                else:
                    i += 1
                continue
            if line.startswith("--", i):
                break
            if line.startswith("/*", i):
                self.comment_depth = 1
                i += 2
                continue
            if c in "'\"":
                prev = line[i - 1] if i else " "
                self.quote = "e'" if (c == "'" and prev in "eE" and
                                      (i < 2 or not (line[i - 2].isalnum() or line[i - 2] == "_"))) else c
                self.has_text = True
                i += 1
                continue
            if c == "$":
                m = re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$", line[i:])
                if m and not (i and (line[i - 1].isalnum() or line[i - 1] == "_")):
                    self.quote = m.group(0)
                    self.has_text = True
                    i += len(m.group(0))
                    continue
            if line.startswith("\\;", i):
                # psql's "\;": a semicolon that does not send the query yet
                self.has_text = True
                i += 2
                continue
            if c == "\\":
                # a meta-command: the rest of the line is its argument and it
                # ends whatever statement was being collected
                return True, True
            if c == "(":
                self.paren += 1
            elif c == ")":
                self.paren = max(0, self.paren - 1)
            elif c == ";" and self.paren == 0 and self.begin_depth == 0:
                ended = True
                self.has_text = False
                self.idents = []
                i += 1
                continue
            if c.isalpha() or c == "_":
                m = re.match(r"[A-Za-z_][A-Za-z_0-9$]*", line[i:])
                self._ident(m.group(0))
                self.has_text = True
                i += len(m.group(0))
                continue
            if not c.isspace():
                self.has_text = True
            i += 1
        return ended, False


def _statement_text(lines: list[str]) -> str:
    body = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("--")]
    return " ".join(body)


def _has_copy_data(lines: list[str], i: int) -> bool:
    """Heuristic: a COPY FROM stdin that the server rejects at once has no
    data after it in the scripts; data is present when a "\\." line comes
    before any line that looks like SQL (a comment, or a line ending in ';')."""
    for ln in lines[i:]:
        if ln == "\\.":
            return True
        if ln.startswith("--") or re.match(r"^[A-Za-z]+\s.*;\s*$", ln):
            return False
    return False


def split_script(sql: str) -> list[Chunk]:
    """Cut a psql script into statement chunks (guarantee 1)."""
    lines = sql.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    chunks: list[Chunk] = []
    lex = _Lexer()
    cur: list[str] = []
    i = 0
    key: list[str] = []
    while i < len(lines):
        line = lines[i]
        cur.append(line)
        i += 1
        # psql skips (and does not echo) an empty line outside quotes/comments
        if line != "" or lex.quote is not None or lex.comment_depth > 0:
            key.append(line)
        ended, meta = lex.feed_line(line)
        in_string = lex.quote is not None or lex.comment_depth > 0
        if meta or (ended and not lex.has_text and not in_string):
            stmt = _statement_text(cur)
            if meta:
                lex.reset()
            # COPY data: not echoed by psql -a, up to and including "\." --
            # once per COPY ... FROM stdin (several can share a line via \;)
            for _ in range(len(_COPY_STDIN.findall(stmt))):
                if not _has_copy_data(lines, i):
                    break
                while i < len(lines):
                    cur.append(lines[i])
                    i += 1
                    if lines[i - 1] == "\\.":
                        break
            chunks.append(Chunk(cur, key, stmt))
            cur, key = [], []
    if key:
        chunks.append(Chunk(cur, key, _statement_text(cur)))
    return chunks


def _find(out: list[str], key: list[str], start: int) -> int:
    if not key:
        return -1
    first = key[0]
    j = start
    n = len(key)
    while True:
        try:
            j = out.index(first, j)
        except ValueError:
            return -1
        if out[j:j + n] == key:
            return j
        j += 1


def split_output(out: str, chunks: list[Chunk]) -> list[list[str] | None]:
    """One block per chunk: its echo and the output that follows (guarantee 2)."""
    lines = out.split("\n")
    starts: list[int] = []
    pos = 0
    for ch in chunks:
        j = _find(lines, ch.key, pos)
        starts.append(j)
        if j >= 0:
            pos = j + len(ch.key)
    found = [(k, s) for k, s in enumerate(starts) if s >= 0]
    blocks: list[list[str] | None] = [None] * len(chunks)
    for idx, (k, s) in enumerate(found):
        end = found[idx + 1][1] if idx + 1 < len(found) else len(lines)
        blocks[k] = lines[s:end]
    return blocks


# --------------------------------------------------------------------------
# classification of a mismatch
# --------------------------------------------------------------------------

_MISSING = [
    re.compile(r'relation "([^"]+)" does not exist'),
    re.compile(r'column "([^"]+)" does not exist'),
    re.compile(r'column ([\w.]+)\.(\w+) does not exist'),
    re.compile(r'function ([\w.]+)\(.*\) does not exist'),
    re.compile(r'procedure ([\w.]+)\(.*\) does not exist'),
    re.compile(r'type "([^"]+)" does not exist'),
    re.compile(r'schema "([^"]+)" does not exist'),
    re.compile(r'(?:table|view|index|sequence|role|domain|trigger|rule|policy|collation|'
               r'operator class|publication|server|foreign table|materialized view|'
               r'constraint|large object) "?([^"\s]+)"? (?:for [^ ]+ )?does not exist'),
    re.compile(r'operator does not exist: .*?(\S+) '),
]
_ABORTED = "current transaction is aborted, commands ignored until end of transaction block"

_SQLSTATE_BY_MESSAGE = [
    (re.compile(r"^syntax error"), "42601"),
    (re.compile(r'^relation ".*" does not exist'), "42P01"),
    (re.compile(r"^column .* does not exist"), "42703"),
    (re.compile(r"^(function|procedure) .* does not exist"), "42883"),
    (re.compile(r"^operator does not exist"), "42883"),
    (re.compile(r'^type ".*" does not exist'), "42704"),
    (re.compile(r'^schema ".*" does not exist'), "3F000"),
    (re.compile(r"^current transaction is aborted"), "25P02"),
    (re.compile(r"not (yet )?supported|is not implemented|unsupported", re.I), "0A000"),
    (re.compile(r"^duplicate key value"), "23505"),
    (re.compile(r'already exists$'), "42P07"),
    (re.compile(r"^invalid input syntax"), "22P02"),
    (re.compile(r"^division by zero"), "22012"),
    (re.compile(r"out of range"), "22003"),
    (re.compile(r"^permission denied"), "42501"),
    (re.compile(r"^unrecognized configuration parameter"), "42704"),
]


def guess_sqlstate(message: str) -> str:
    """Best-effort SQLSTATE for a message text (psql's default verbosity
    prints no SQLSTATE); '' when unknown."""
    for rx, code in _SQLSTATE_BY_MESSAGE:
        if rx.search(message):
            return code
    return ""


def normalize_message(msg: str) -> str:
    """Strip names and numbers from an error message (guarantee 4)."""
    s = re.sub(r'"[^"]*"', '"X"', msg)
    s = re.sub(r"'[^']*'", "'X'", s)
    s = re.sub(r"\b\d+(\.\d+)?\b", "N", s)
    s = re.sub(r"(function|procedure) [\w.]+\([^)]*\)", r"\1 F(...)", s)
    s = re.sub(r"operator does not exist: .*", "operator does not exist: ...", s)
    s = re.sub(r"column [\w]+\.[\w]+ does not exist", 'column "X" does not exist', s)
    # pgref's own "not implemented" messages name C functions and types bare
    s = re.sub(r"(input|output|receive|send) function \w+ for type \w+", r"\1 function F for type T", s)
    s = re.sub(r"F\(\.\.\.\) \(\w+\)", "F(...) (C)", s)
    return s.strip()


def _errors(block: list[str] | None) -> list[str]:
    if not block:
        return []
    out = []
    for ln in block:
        for tag in ("ERROR:  ", "FATAL:  ", "PANIC:  "):
            if ln.startswith(tag):
                out.append(ln[len(tag):])
        if ln.startswith("psql:") and ("ERROR:" in ln or "FATAL:" in ln):
            out.append(ln.split(":  ", 1)[-1])
    return out


@dataclass
class BlockResult:
    index: int
    statement: str
    match: bool
    cascade: bool = False
    cause: str = ""             # normalized cause (for ranking)
    message: str = ""           # raw message of the cause
    root: int | None = None     # for cascades: the block that caused it


@dataclass
class Score:
    total: int
    matched: int
    cascade: int
    blocks: list[BlockResult] = field(default_factory=list)

    @property
    def first_failure(self) -> BlockResult | None:
        for b in self.blocks:
            if not b.match:
                return b
        return None


def _verb(statement: str) -> str:
    """The statement's leading keyword(s): ``SELECT``, ``CREATE TABLE``, ``\\d+``."""
    words = statement.split()
    if not words:
        return "?"
    if words[0].startswith("\\"):
        return words[0]
    w = [x.upper().strip("(;") for x in words[:3]]
    if w[0] in ("CREATE", "ALTER", "DROP") and len(w) > 1:
        if w[1] in ("OR", "UNIQUE", "TEMP", "TEMPORARY", "UNLOGGED") and len(w) > 2:
            return "%s %s" % (w[0], w[2])
        return "%s %s" % (w[0], w[1])
    return w[0]


def _cause(exp: list[str] | None, act: list[str] | None, statement: str = "") -> tuple[str, str]:
    if act is None:
        return "statement not reached (psql stopped or swallowed the rest of the script)", ""
    ae, ee = _errors(act), _errors(exp)
    new = [e for e in ae if e not in ee]
    if new:
        return normalize_message(new[0]), new[0]
    gone = [e for e in ee if e not in ae]
    if gone:
        return "expected error not raised: " + normalize_message(gone[0]), gone[0]
    return "result differs (no error): %s" % _verb(statement), ""


def score(chunks: list[Chunk], expected: str, actual: str) -> Score:
    """Compare expected and actual outputs statement by statement (guarantee 3)."""
    eb = split_output(expected, chunks)
    ab = split_output(actual, chunks)
    results: list[BlockResult] = []
    failed_before: list[int] = []
    for i, ch in enumerate(chunks):
        # both missing: psql skipped it in both runs (\if branch, \quit)
        ok = eb[i] == ab[i]
        r = BlockResult(i, ch.short(), ok)
        if not ok:
            cause, raw = _cause(eb[i], ab[i], ch.statement)
            r.cause, r.message = cause, raw
            root = _cascade_root(ab[i], eb[i], failed_before, chunks)
            if root is None and ab[i] is None:
                # psql stopped (crash, timeout, failed \\connect) or an
                # unexpectedly accepted COPY FROM stdin swallowed the rest of
                # the script: charge it to the last statement that was reached
                reached = [k for k in failed_before if ab[k] is not None]
                root = reached[-1] if reached else None
            if root is not None:
                r.cascade, r.root = True, root
                # a cascade costs what its root cause costs
                root_r = results[root]
                r.cause = root_r.cause
                r.message = root_r.message
            failed_before.append(i)
        results.append(r)
    matched = sum(1 for r in results if r.match)
    cascade = sum(1 for r in results if r.cascade)
    return Score(len(chunks), matched, cascade, results)


def _cascade_root(act, exp, failed_before, chunks) -> int | None:
    """INV-REGRESS-4: the index of the earlier failed block this one follows
    from, or None when the mismatch is its own (direct) failure."""
    if not failed_before:
        return None
    new = [e for e in _errors(act) if e not in _errors(exp)]
    if not new:
        return None
    msg = new[0]
    # walk back to the first non-cascade root
    if msg.startswith(_ABORTED):
        return failed_before[-1]
    for rx in _MISSING:
        m = rx.search(msg)
        if not m:
            continue
        names = [g for g in m.groups() if g]
        for name in names:
            last = name.split(".")[-1].lower()
            pat = re.compile(r"(?<![\w$])" + re.escape(last) + r"(?![\w$])", re.I)
            for k in failed_before:
                if pat.search(chunks[k].statement):
                    return k
        return None
    return None

"""Reading the hand-written differential corpus (tests/differential/corpus/).

Where it sits: test infrastructure; the format is documented in
docs/guide/testing.md.  A corpus file is plain SQL divided into cases::

    -- case: distinct_on_keeps_first
    -- expect: ok                (or: error 22012 -- what PostgreSQL does with
    --                              the LAST statement; checked by the
    --                              corpus self-test against PostgreSQL)
    -- setup-errors: allowed     (earlier statements may fail too)
    -- order: as-is | any        (override ORDER BY detection for the last one)
    CREATE TABLE t (a int, b text);
    INSERT INTO t VALUES (1, 'x'), (1, 'y');
    SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b;

Lines before the first ``-- case:`` are the file's commentary.  Directive
lines are the ``-- key: value`` comments directly under ``-- case:``; other
comments are part of the SQL.  Statements are split with
:func:`oracle.sqlsplit.split_statements`.

Guarantees: case names are unique per file (``load_corpus`` raises
ValueError otherwise) and every case has at least one statement.

Entry points:
    Case (dataclass): file, name, statements, expect_error, setup_errors, ordered, line
    Case.id -> "file-stem::name"
    load_corpus(directory) -> list[Case]
    parse_corpus_file(path) -> list[Case]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .sqlsplit import split_statements

_CASE = re.compile(r"^--\s*case:\s*(\S+)\s*$")
_DIRECTIVE = re.compile(r"^--\s*(expect|setup-errors|order):\s*(.*?)\s*$")
_SQLSTATE = re.compile(r"^[0-9A-Z]{5}$")


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    statements: tuple[str, ...]
    expect_error: str | None = None     # SQLSTATE the last statement raises on PostgreSQL
    setup_errors: bool = False
    ordered: bool | None = None         # None: detect top-level ORDER BY
    line: int = 0

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}::{self.name}"


def parse_corpus_file(path: str | Path) -> list[Case]:
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cases: list[Case] = []
    current: dict | None = None

    def finish() -> None:
        if current is None:
            return
        stmts = split_statements("".join(current["sql"]))
        if not stmts:
            raise ValueError(f"{path}:{current['line']}: case {current['name']} has no statements")
        cases.append(Case(file=str(path), name=current["name"], statements=tuple(stmts),
                          expect_error=current["expect_error"],
                          setup_errors=current["setup_errors"], ordered=current["ordered"],
                          line=current["line"]))

    for lineno, line in enumerate(lines, 1):
        m = _CASE.match(line)
        if m:
            finish()
            current = {"name": m.group(1), "line": lineno, "sql": [], "expect_error": None,
                       "setup_errors": False, "ordered": None, "in_header": True}
            continue
        if current is None:
            continue
        d = _DIRECTIVE.match(line) if current["in_header"] else None
        if d:
            key, value = d.group(1), d.group(2)
            if key == "expect":
                if value == "ok":
                    current["expect_error"] = None
                elif value.startswith("error ") and _SQLSTATE.match(value[6:].strip()):
                    current["expect_error"] = value[6:].strip()
                else:
                    raise ValueError(f"{path}:{lineno}: bad expect directive {value!r}")
            elif key == "setup-errors":
                if value not in ("allowed", "forbidden"):
                    raise ValueError(f"{path}:{lineno}: bad setup-errors directive {value!r}")
                current["setup_errors"] = value == "allowed"
            elif key == "order":
                if value not in ("as-is", "any"):
                    raise ValueError(f"{path}:{lineno}: bad order directive {value!r}")
                current["ordered"] = value == "as-is"
            continue
        current["in_header"] = False
        current["sql"].append(line)
    finish()
    names = [c.name for c in cases]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        raise ValueError(f"{path}: duplicate case names {sorted(dups)}")
    return cases


def load_corpus(directory: str | Path) -> list[Case]:
    out: list[Case] = []
    for p in sorted(Path(directory).glob("*.sql")):
        out.extend(parse_corpus_file(p))
    return out

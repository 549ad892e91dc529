"""The hand-written differential corpus: every case, pgref against PostgreSQL.

Each case of tests/differential/corpus/*.sql (format: docs/guide/testing.md,
parser: tests/oracle/corpus.py) is one parametrized test with the id
``<file>::<case>``, so per-case pass/fail is visible:

    pytest tests/differential -k '03-grouping'

``test_corpus_case`` compares every statement of the case on pgref and on a
fresh PostgreSQL database.  ``test_corpus_case_valid_on_postgres`` checks the
corpus itself against PostgreSQL alone: setup statements succeed (unless the
case says ``-- setup-errors: allowed``) and the last statement does what its
``-- expect:`` line says -- so a typo in the corpus shows up as a corpus bug,
not as a pgref bug.

With PGREF_DIFF_TARGET=postgres the first test compares PostgreSQL with
itself, which exercises the harness end to end without the engine.

Gating: ``test_corpus_case`` carries the ``differential`` marker (deselect
with ``-m "not differential"``), and cases listed in known_failures.txt run
as non-strict xfails.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from oracle.corpus import load_corpus
from oracle.outcome import Failure, outcome_lines

pytestmark = pytest.mark.oracle

CORPUS_DIR = Path(__file__).parent / "corpus"
CASES = load_corpus(CORPUS_DIR)
KNOWN_FAILURES_FILE = Path(__file__).parent / "known_failures.txt"


def load_known_failures(path: Path = KNOWN_FAILURES_FILE) -> set[str]:
    """Case ids (``file::case``) expected to fail against pgref for now:
    one per line, ``#`` starts a comment.  They run as non-strict xfails, so
    the list is a gate the lead can tighten as the engine grows."""
    if not path.is_file():
        return set()
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ids.add(line)
    return ids


KNOWN_FAILURES = load_known_failures()


def _differential_params():
    out = []
    for c in CASES:
        marks = [pytest.mark.differential]
        if c.id in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason="listed in known_failures.txt", strict=False))
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


def test_corpus_is_large_enough():
    assert len(CASES) >= 250, f"the corpus has only {len(CASES)} cases"
    assert len({c.id for c in CASES}) == len(CASES)


def test_known_failures_name_real_cases():
    unknown = KNOWN_FAILURES - {c.id for c in CASES}
    assert not unknown, f"known_failures.txt names cases that do not exist: {sorted(unknown)}"


@pytest.mark.parametrize("case", _differential_params())
def test_corpus_case(differential, case):
    differential.run_script(list(case.statements), ordered=case.ordered,
                            label=f"{case.id} ({Path(case.file).name}:{case.line})")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case_valid_on_postgres(pg_target, case):
    session = pg_target.open()
    try:
        outcomes = [session.execute(sql) for sql in case.statements]
    finally:
        session.close()
    where = f"{Path(case.file).name}:{case.line} case {case.name}"
    if not case.setup_errors:
        for sql, o in zip(case.statements[:-1], outcomes[:-1]):
            assert not isinstance(o, Failure), (
                f"{where}: setup statement failed on PostgreSQL (add '-- setup-errors: allowed' "
                f"if intended):\n    {sql}\n" + "\n".join(outcome_lines(o)))
    last = outcomes[-1]
    if case.expect_error is None:
        assert not isinstance(last, Failure), (
            f"{where}: last statement failed on PostgreSQL but the case expects success:\n"
            f"    {case.statements[-1]}\n" + "\n".join(outcome_lines(last)))
    else:
        assert isinstance(last, Failure) and last.sqlstate == case.expect_error, (
            f"{where}: expected error {case.expect_error} from the last statement, PostgreSQL "
            f"gave:\n    {case.statements[-1]}\n" + "\n".join(outcome_lines(last)))

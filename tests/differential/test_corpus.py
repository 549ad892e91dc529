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
"""
from __future__ import annotations

from pathlib import Path

import pytest

from oracle.corpus import load_corpus
from oracle.outcome import Failure, outcome_lines

pytestmark = pytest.mark.oracle

CORPUS_DIR = Path(__file__).parent / "corpus"
CASES = load_corpus(CORPUS_DIR)


def test_corpus_is_large_enough():
    assert len(CASES) >= 250, f"the corpus has only {len(CASES)} cases"
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
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

"""Tests of the differential harness itself (no pgref engine needed).

The comparison rules and the script splitter are checked on synthetic
inputs; the PostgreSQL side is checked against the real oracle, including a
deliberate mismatch to see the report a developer would read.
"""
from __future__ import annotations

import textwrap

import pytest

from oracle import (Command, Differential, DifferentialMismatch, Failure, PostgresTarget,
                    ResultSet, diff_outcomes, render_side_by_side)
from oracle.corpus import parse_corpus_file
from oracle.sqlsplit import has_top_level_order_by, split_statements

RS = ResultSet(("a", "b"), (23, 25), (("1", "x"), ("2", None), ("2", None)))


# -- comparison rules (outcome.py) ---------------------------------------------

def test_equal_result_sets_have_no_diff():
    assert diff_outcomes(RS, RS, ordered=True) == []


def test_unordered_comparison_is_a_multiset_comparison():
    shuffled = ResultSet(RS.columns, RS.typeoids, (("2", None), ("1", "x"), ("2", None)))
    assert diff_outcomes(RS, shuffled, ordered=False) == []
    diffs = diff_outcomes(RS, shuffled, ordered=True)
    assert diffs and "first differing row (#1" in diffs[0]


def test_multiset_counts_duplicates():
    fewer = ResultSet(RS.columns, RS.typeoids, (("1", "x"), ("2", None)))
    diffs = diff_outcomes(RS, fewer, ordered=False)
    assert "row count: expected 3, got 2" in diffs
    assert any("missing from pgref" in d and "('2', NULL)" in d for d in diffs)


def test_null_differs_from_string_null():
    a = ResultSet(("a",), (25,), ((None,),))
    b = ResultSet(("a",), (25,), (("NULL",),))
    assert diff_outcomes(a, b, ordered=False)


def test_text_form_is_compared_exactly():
    a = ResultSet(("n",), (1700,), (("1.50",),))
    b = ResultSet(("n",), (1700,), (("1.5",),))
    assert diff_outcomes(a, b, ordered=False)


def test_column_names_and_type_oids_are_compared():
    other = ResultSet(("a", "c"), (20, 25), RS.rows)
    diffs = diff_outcomes(RS, other, ordered=False)
    assert any(d.startswith("column names") for d in diffs)
    assert any(d.startswith("column type OIDs") for d in diffs)


def test_kind_mismatch():
    diffs = diff_outcomes(RS, Failure("22012", "division by zero"), ordered=False)
    assert diffs == ["expected a result set of 3 row(s), got error 22012 'division by zero'"]


def test_command_rowcount():
    assert diff_outcomes(Command(3), Command(3), ordered=False) == []
    assert diff_outcomes(Command(3), Command(2), ordered=False) == ["row count: expected 3, got 2"]
    assert diff_outcomes(Command(-1), Command(0), ordered=False) == []


def test_failure_fields():
    e = Failure("42601", 'syntax error at or near "selec"', 1, None, None)
    assert diff_outcomes(e, e, ordered=False) == []
    assert diff_outcomes(e, Failure("42601", 'syntax error at or near "selec"', 2),
                         ordered=False) == ["error position: expected 1, got 2"]
    assert diff_outcomes(e, Failure("42000", e.message, 1), ordered=False)[0].startswith(
        "error sqlstate")
    with_detail = Failure("42601", e.message, 1, detail="d")
    assert diff_outcomes(e, with_detail, ordered=False) == []
    assert diff_outcomes(e, with_detail, ordered=False, compare_detail=True) == [
        "error detail: expected None, got 'd'"]


def test_side_by_side_marks_differing_lines():
    other = ResultSet(RS.columns, RS.typeoids, (("1", "y"),))
    text = render_side_by_side(RS, other)
    lines = text.splitlines()
    assert lines[0].startswith("PostgreSQL") and lines[0].rstrip().endswith("pgref")
    assert any("≠" in ln and "1 | x" in ln and "1 | y" in ln for ln in lines)
    assert "(3 rows)" in text and "(1 row)" in text


# -- statement splitting (sqlsplit.py) ------------------------------------------

def test_split_respects_quotes_comments_and_dollar_quotes():
    script = textwrap.dedent("""\
        -- leading comment; with semicolon
        SELECT 'a;b', "c;d", $$e;f$$, $x$g;$$;h$x$;
        /* block; /* nested; */ still; */ SELECT E'\\';' AS s;
        SELECT (1;
        ;
        SELECT 'unterminated;
        """)
    assert split_statements(script) == [
        "SELECT 'a;b', \"c;d\", $$e;f$$, $x$g;$$;h$x$",
        "SELECT E'\\';' AS s",
        "SELECT (1;\n;\nSELECT 'unterminated;",
    ]


def test_split_drops_comment_only_statements():
    assert split_statements("SELECT 1; -- done\n") == ["SELECT 1"]
    assert split_statements("  ;; /* x */ ; ") == []


def test_top_level_order_by_detection():
    assert has_top_level_order_by("SELECT a FROM t ORDER BY a")
    assert has_top_level_order_by("select 1 union select 2 order\nby 1")
    assert not has_top_level_order_by("SELECT * FROM (SELECT a FROM t ORDER BY a) s")
    assert not has_top_level_order_by("SELECT string_agg(a, ',' ORDER BY a) FROM t")
    assert not has_top_level_order_by("SELECT 'ORDER BY' FROM t")
    assert not has_top_level_order_by("SELECT \"order\", by FROM t")


# -- corpus format (corpus.py) ------------------------------------------------

def test_corpus_parser(tmp_path):
    p = tmp_path / "99-demo.sql"
    p.write_text(textwrap.dedent("""\
        -- commentary before the first case is ignored
        SELECT 'ignored';

        -- case: first
        -- expect: error 22012
        -- setup-errors: allowed
        -- order: any
        CREATE TABLE t (a int);
        -- a comment inside the SQL
        SELECT 1 / 0;

        -- case: second
        SELECT 1;
        """))
    first, second = parse_corpus_file(p)
    assert first.id == "99-demo::first"
    assert first.statements == ("CREATE TABLE t (a int)", "SELECT 1 / 0")
    assert (first.expect_error, first.setup_errors, first.ordered) == ("22012", True, False)
    assert second.statements == ("SELECT 1",) and second.expect_error is None
    assert second.ordered is None and second.line == 12


def test_corpus_parser_rejects_duplicates_and_bad_directives(tmp_path):
    p = tmp_path / "dup.sql"
    p.write_text("-- case: a\nSELECT 1;\n-- case: a\nSELECT 2;\n")
    with pytest.raises(ValueError, match="duplicate"):
        parse_corpus_file(p)
    p.write_text("-- case: a\n-- expect: maybe\nSELECT 1;\n")
    with pytest.raises(ValueError, match="bad expect"):
        parse_corpus_file(p)


# -- against the real oracle ---------------------------------------------------

class _FakeSession:
    """A stand-in for pgref that answers from a fixed script of outcomes."""
    name = "fake"

    def __init__(self, outcomes):
        self.outcomes = list(outcomes)

    def execute(self, sql, params=None):
        return self.outcomes.pop(0)

    def close(self):
        self.outcomes = []


class _FakeTarget:
    name = "fake"

    def __init__(self, outcomes):
        self.outcomes = outcomes

    def open(self):
        return _FakeSession(self.outcomes)

    def close(self):
        """Nothing to release."""


@pytest.mark.oracle
def test_postgres_side_outcomes(pg_target):
    s = pg_target.open()
    try:
        assert s.execute("CREATE TABLE t (a int, n numeric, s text)") == Command(-1)
        assert s.execute("INSERT INTO t VALUES (1, 1.50, 'x'), (NULL, NULL, NULL)") == Command(2)
        got = s.execute("SELECT a, n, s, a + 1 FROM t ORDER BY a")
        assert got == ResultSet(("a", "n", "s", "?column?"), (23, 1700, 25, 23),
                                (("1", "1.50", "x", "2"), (None, None, None, None)))
        assert s.execute("SELECT %s::int + 1 AS p", (41,)) == ResultSet(("p",), (23,), (("42",),))
        assert s.execute("SELECT '100%'") == ResultSet(("?column?",), (25,), (("100%",),))
        err = s.execute("SELECT a FROM t WHERE nosuch = 1")
        assert err == Failure("42703", 'column "nosuch" does not exist', 23)
        dup = s.execute("CREATE TABLE t (a int)")
        assert isinstance(dup, Failure) and dup.sqlstate == "42P07"
    finally:
        s.close()


@pytest.mark.oracle
def test_sessions_are_isolated(pg_target):
    s = pg_target.open()
    try:
        s.execute("CREATE SCHEMA extra")
        s.execute("CREATE TABLE extra.t (a int)")
        s.execute("CREATE TABLE t (a int)")
        s.execute("SET datestyle = 'German'")
        s.execute("BEGIN")
    finally:
        s.close()
    s = pg_target.open()
    try:
        tables = s.execute("SELECT count(*) FROM pg_class WHERE relname = 't'")
        assert tables == ResultSet(("count",), (20,), (("0",),))
        schemas = s.execute("SELECT nspname FROM pg_namespace WHERE nspname IN ('extra', 'public')")
        assert schemas == ResultSet(("nspname",), (19,), (("public",),))
        assert s.execute("SHOW datestyle").rows == (("ISO, MDY",),)
        assert s.execute("CREATE TABLE t (a int)") == Command(-1)
    finally:
        s.close()


@pytest.mark.oracle
def test_database_isolation_mode(pg_cluster):
    target = PostgresTarget(pg_cluster, isolation="database")
    try:
        s = target.open()
        s.execute("CREATE TABLE t (a int)")
        s.close()
        s = target.open()
        assert s.execute("SELECT count(*) FROM pg_class WHERE relname = 't'").rows == (("0",),)
        s.close()
    finally:
        target.close()


@pytest.mark.oracle
def test_self_differential_agrees(pg_self_differential):
    results = pg_self_differential.run(
        ["CREATE TABLE t (a int PRIMARY KEY, b text)",
         "INSERT INTO t VALUES (2, 'b'), (1, 'a')"],
        "SELECT b FROM t WHERE a = %s", params=(2,))
    assert results[-1][0] == results[-1][1] == ResultSet(("b",), (25,), (("b",),))


@pytest.mark.oracle
def test_mismatch_report_shows_sql_and_both_sides(pg_target):
    fake = _FakeTarget([Command(-1), Command(1), ResultSet(("a",), (23,), (("2",),))])
    d = Differential(pg_target, fake)
    with pytest.raises(DifferentialMismatch) as info:
        d.run(["CREATE TABLE t (a int)", "INSERT INTO t VALUES (1)"], "SELECT a FROM t",
              )
    msg = str(info.value)
    assert "statement 3 of 3 differs" in msg
    assert "    SELECT a FROM t" in msg
    assert "rows missing from pgref (unordered): ('1')" in msg
    assert "PostgreSQL" in msg and "fake" in msg
    assert "    CREATE TABLE t (a int);" in msg        # the replayable prefix


@pytest.mark.oracle
def test_mismatch_on_error_position(pg_target):
    fake = _FakeTarget([Failure("42601", 'syntax error at or near "FROM"', 9)])
    d = Differential(pg_target, fake)
    with pytest.raises(DifferentialMismatch, match="error position: expected 11, got 9"):
        d.run_script(["SELECT 1, FROM t"])


@pytest.mark.oracle
def test_engine_crash_is_reported_with_context(pg_target):
    class Crashing(_FakeSession):
        def execute(self, sql, params=None):
            raise RuntimeError("boom")

    class CrashTarget(_FakeTarget):
        def open(self):
            return Crashing([])

    with pytest.raises(DifferentialMismatch, match="raised RuntimeError: boom"):
        Differential(pg_target, CrashTarget([])).run_script(["SELECT 1"])

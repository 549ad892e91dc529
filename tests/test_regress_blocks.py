"""Unit tests of the regression runner's statement splitting and scoring
(regress/blocks.py, spec/11-regress.md INV-REGRESS-2..4, -6)."""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:          # the regress/ package lives at the repo root
    sys.path.insert(0, _ROOT)

from regress import blocks, runner, status
from regress.blocks import normalize_message, score, split_output, split_script

SQL = """--
-- demo
--

SELECT 1 AS one;
CREATE TABLE t (a int);
COPY t FROM stdin;
1
2
\\.
SELECT $$a;
b$$ AS x;
CREATE FUNCTION f() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
END;
\\d t
SELECT 1\\; SELECT 2;
SELECT * FROM t;
INSERT INTO t VALUES (3);
"""


def test_split_script_statement_boundaries():
    ch = split_script(SQL)
    stmts = [c.statement for c in ch]
    assert stmts[0] == "SELECT 1 AS one;"
    assert ch[0].key == ["--", "-- demo", "--", "SELECT 1 AS one;"]   # empty line not echoed
    assert stmts[2] == "COPY t FROM stdin;" and ch[2].lines[-1] == "\\." and ch[2].key == ["COPY t FROM stdin;"]
    assert stmts[3] == "SELECT $$a; b$$ AS x;"
    assert stmts[4].startswith("CREATE FUNCTION") and stmts[4].endswith("END;")
    assert stmts[5] == "\\d t"
    assert stmts[6] == "SELECT 1\\; SELECT 2;"
    assert len(ch) == 9


def test_copy_without_data_takes_no_lines():
    ch = split_script("COPY x (xyz) from stdin;\n-- next\nSELECT 1;\n")
    assert [c.statement for c in ch] == ["COPY x (xyz) from stdin;", "SELECT 1;"]


EXPECTED = """SELECT 1 AS one;
 one 
-----
   1
(1 row)

CREATE TABLE t (a int);
SELECT * FROM t;
 a 
---
(0 rows)

BEGIN;
SELECT 2 AS two;
 two 
-----
   2
(1 row)

"""
SCRIPT = "SELECT 1 AS one;\nCREATE TABLE t (a int);\nSELECT * FROM t;\nBEGIN;\nSELECT 2 AS two;\n"


def test_identical_output_matches_every_statement():
    s = score(split_script(SCRIPT), EXPECTED, EXPECTED)
    assert (s.matched, s.total, s.cascade) == (5, 5, 0)


def test_cascade_heuristic():
    actual = EXPECTED.replace("CREATE TABLE t (a int);\n",
                              'CREATE TABLE t (a int);\nERROR:  syntax error at or near "int"\n')
    actual = actual.replace(" a \n---\n(0 rows)\n", 'ERROR:  relation "t" does not exist\n'
                            "LINE 1: SELECT * FROM t;\n                      ^\n")
    s = score(split_script(SCRIPT), EXPECTED, actual)
    assert s.matched == 3 and s.total == 5
    direct, casc = s.blocks[1], s.blocks[2]
    assert not direct.match and not direct.cascade
    assert direct.cause == 'syntax error at or near "X"'
    assert casc.cascade and casc.root == 1 and casc.cause == direct.cause
    assert s.first_failure is direct


def test_unrelated_missing_relation_is_direct():
    actual = EXPECTED.replace(" one \n-----\n   1\n(1 row)\n", 'ERROR:  relation "zzz" does not exist\n')
    s = score(split_script(SCRIPT), EXPECTED, actual)
    assert not s.blocks[0].match and not s.blocks[0].cascade


def test_truncated_output_blocks_are_not_reached():
    actual = EXPECTED.split("BEGIN;")[0]
    s = score(split_script(SCRIPT), EXPECTED, actual)
    assert s.blocks[0].match and s.blocks[1].match
    # the unreached statements are charged to the last reached failure
    last = s.blocks[2]
    assert not last.match
    assert all(b.cascade and b.root == 2 and b.cause == last.cause for b in s.blocks[3:])
    alone = score(split_script(SCRIPT), EXPECTED, "")
    assert all(b.cause.startswith("statement not reached") for b in alone.blocks)


def test_normalize_message():
    assert normalize_message('relation "foo_123" does not exist') == 'relation "X" does not exist'
    assert normalize_message("value 42 is out of range for type integer") == \
        "value N is out of range for type integer"
    assert normalize_message("function foo(integer, text) does not exist") == "function F(...) does not exist"
    assert blocks.guess_sqlstate('relation "t" does not exist') == "42P01"


def test_expected_outputs_split_cleanly():
    """Every block of the suite's own expected files is found for (almost)
    every statement: the splitter agrees with psql's echo."""
    found = total = 0
    for name in ["boolean", "int4", "strings", "copy2", "copyselect", "plpgsql", "create_function_sql"]:
        ch = split_script((runner.SUITE / "sql" / (name + ".sql")).read_text())
        bl = split_output((runner.SUITE / "expected" / (name + ".out")).read_text(), ch)
        total += len(ch)
        found += sum(b is not None for b in bl)
    assert found == total


def test_status_rendering():
    ch = split_script(SCRIPT)
    ok = runner.TestResult("a", True, "a.out", 0, 0.1, "ok", score(ch, EXPECTED, EXPECTED))
    bad_out = EXPECTED.replace("   2\n", "   3\n")
    bad = runner.TestResult("b", False, "b.out", 2, 0.1, "FAILED", score(ch, EXPECTED, bad_out))
    text = status.render_status([ok, bad], "test", "2 tests")
    assert "**1/2 tests pass, 9/10 statements match**" in text
    assert "| b | FAILED | 4/5 | 0 | #5: SELECT 2 AS two; | result differs (no error): SELECT |" in text
    assert status.passing_list([ok, bad]) == "a\n"

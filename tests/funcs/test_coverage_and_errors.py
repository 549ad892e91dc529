"""How much of pg_proc has an implementation, and error paths with no
PostgreSQL counterpart to record (pgref's own refusals)."""
from __future__ import annotations

import csv
import os
from collections import Counter
from decimal import Decimal

import pytest

import pgref.types.funcs  # noqa: F401
from pgref.errors import PgError
from pgref.types import fmgr
from pgref.types.funcs import regex_funcs, string_funcs

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "pgref", "catalog", "data")


def _procs():
    with open(os.path.join(DATA, "pg_proc.csv"), newline="") as f:
        return list(csv.DictReader(f))


def test_coverage_report():
    rows = [r for r in _procs() if r["prolang"] == "12"]          # internal functions
    implemented = [r for r in rows if fmgr.lookup(r["prosrc"]) is not None]
    # Rows in the areas this package owns: the non-datetime scalar types.
    by_kind = Counter("implemented" if fmgr.lookup(r["prosrc"]) else "missing" for r in rows)
    print(f"\npg_proc internal rows: {len(rows)}; implemented: {len(implemented)} "
          f"({100 * len(implemented) // len(rows)}%); {dict(by_kind)}")
    ours = [r for r in implemented
            if not fmgr.lookup(r["prosrc"]).fn.__module__.endswith("datetime_funcs")]
    print(f"implemented outside datetime_funcs: {len(ours)}")
    assert len(ours) >= 680


def test_every_registered_name_is_a_real_prosrc():
    """No typo'd registrations: every builtin name exists in pg_proc."""
    names = {r["prosrc"] for r in _procs()}
    # native stand-ins for SQL-language built-ins are keyed "sql:<pg_proc oid>"
    names |= {f"sql:{r['oid']}" for r in _procs() if r["prolang"] == "14"}
    ours = [n for n, b in fmgr.BUILTINS.items()
            if b.fn.__module__.startswith("pgref.types.funcs")
            and not b.fn.__module__.endswith("datetime_funcs") and n not in names]
    assert ours == []


@pytest.mark.parametrize("pattern", ["a.*?b.*", "(a+)(b*?)"])
def test_mixed_greediness_is_refused(pattern):
    with pytest.raises(PgError) as ei:
        regex_funcs.get_re(pattern)
    assert ei.value.sqlstate == "0A000"


def test_similar_to_substring_is_shortest_prefix():
    are = regex_funcs.similar_to_are('%#"o_b#"%', "#")
    assert regex_funcs.textregexsubstr("foobarfoobar", are) == "oob"


def test_basic_regex_flag_refused():
    with pytest.raises(PgError) as ei:
        regex_funcs.textregexreplace("abc", "b", "x", "b")
    assert ei.value.sqlstate == "0A000"


def test_regexp_match_rejects_global():
    with pytest.raises(PgError) as ei:
        regex_funcs.regexp_match("abc", "b", "g")
    assert ei.value.sqlstate == "22023"
    assert ei.value.message == 'regexp_match() does not support the "global" option'
    assert ei.value.hint == "Use the regexp_matches function instead."


def test_concat_needs_argument_types():
    class NoTypes:
        pass
    with pytest.raises(PgError) as ei:
        string_funcs.text_concat(NoTypes(), "a", 1)
    assert ei.value.sqlstate == "XX000"


def test_variadic_array_call_of_concat():
    from pgref.types.values import PgArray

    class Ctx:
        argtypes = (1009,)
        funcvariadic = True
    assert string_funcs.text_concat(Ctx(), PgArray.from_list(["a", None, "b"], 25)) == "ab"
    assert string_funcs.text_concat(Ctx(), None) is None


def test_regexp_matches_is_set_returning():
    rows = regex_funcs.regexp_matches("abcabc", "(b)(c)", "g")
    assert [r.elements for r in rows] == [["b", "c"], ["b", "c"]]


def test_numeric_overflow():
    from pgref.types.funcs.numeric_funcs import numeric_exp, numeric_power
    with pytest.raises(PgError) as ei:
        numeric_exp(Decimal("7000"))
    assert (ei.value.sqlstate, ei.value.message) == ("22003", "value overflows numeric format")
    with pytest.raises(PgError):
        numeric_power(Decimal("10"), Decimal("1000000"))

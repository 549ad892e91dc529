"""The grammar module itself: conflict counts, layout conventions, the
%nonassoc fix, the table cache, and robustness on random input."""
from __future__ import annotations

import inspect
import re
import string

from hypothesis import given, settings, strategies as st

from pgref.errors import PgError
from pgref.sql import grammar, keywords, lexer
from pgref.sql.parser import parse, table_info


def test_conflict_counts_are_pinned():
    # gram.y has no conflicts; neither does this grammar (INV-SQL-8)
    info = table_info()
    assert info["shift_reduce"] == 0, info["sr_conflicts"][:10]
    assert info["reduce_reduce"] == 0, info["rr_conflicts"][:10]


def test_precedence_table_is_gram_y():
    levels = [tuple(x) for x in grammar.precedence]
    assert levels[0] == ("nonassoc", "SET")
    assert levels[1] == ("left", "UNION", "EXCEPT")
    assert ("right", "UMINUS") in levels
    assert levels[-1] == ("left", "JOIN", "CROSS", "LEFT", "FULL", "RIGHT", "INNER_P", "NATURAL")
    order = [x[1] for x in levels]
    assert order.index("OR") < order.index("AND") < order.index("NOT") < order.index("IS")
    assert order.index("UNBOUNDED") < order.index("IDENT") < order.index("Op") < order.index("+")


def test_rule_functions_follow_naming_convention():
    names = [n for n, f in vars(grammar).items() if n.startswith("p_") and callable(f)
             and n != "p_error"]
    assert len(names) > 500
    for n in names:
        f = getattr(grammar, n)
        doc = f.__doc__
        lhs = doc.split(":", 1)[0].strip()
        assert re.fullmatch(rf"p_{re.escape(lhs)}_\d+", n), (n, lhs)


def test_keyword_categories_are_generated():
    doc = grammar.p_unreserved_keyword_1.__doc__
    assert doc.count("|") == len(keywords.UNRESERVED) - 1
    assert grammar.p_reserved_keyword_1.__doc__.count("|") == len(keywords.RESERVED) - 1


def test_nonassoc_comparisons_reject_chains():
    for sql in ("select 1 < 2 < 3", "select a = b = c", "select a like b like c"):
        try:
            parse(sql)
        except PgError as e:
            assert e.message.startswith("syntax error")
        else:
            raise AssertionError(sql)


def test_parser_source_has_no_optimize_dependency():
    # PLY reads rules from docstrings; they must be present
    assert grammar.p_a_expr_1.__doc__


_WORDS = sorted(keywords.KEYWORDS)[::7] + [
    "select", "from", "where", "(", ")", ",", ";", "1", "'x'", "a", "+", "-", "*", "::",
    "int", "[", "]", ".", "=", "<>", "and", "or", "not", "in", "is", "null", "as", "$1",
    "e'\\n'", "1.5", "$$q$$", '"Q"', "||", "@", "case", "when", "then", "end", "over",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=12))
def test_token_soup_raises_only_pgerror(words):
    sql = " ".join(words)
    try:
        parse(sql)
    except PgError as e:
        assert e.sqlstate and e.message
        if e.position is not None:
            assert 1 <= e.position <= len(sql) + 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.printable + "éß€", max_size=40))
def test_random_text_raises_only_pgerror(text):
    try:
        parse(text)
    except PgError as e:
        if e.position is not None:
            assert 1 <= e.position <= len(text) + 1


def _no_lists(v, path="stmt"):
    import dataclasses
    assert not isinstance(v, (list, dict, set)), path
    if isinstance(v, tuple):
        for i, x in enumerate(v):
            _no_lists(x, f"{path}[{i}]")
    elif dataclasses.is_dataclass(v):
        for f in dataclasses.fields(v):
            _no_lists(getattr(v, f.name), f"{path}.{f.name}")


def test_trees_are_immutable_and_hashable():
    # INV-SQL-2: tuples only, so parse results can be shared (parse() memoizes)
    import pathlib
    import ast as pyast
    here = pathlib.Path(__file__).parent
    sqls = []
    for name in ("test_sql_statements.py", "test_sql_expressions.py"):
        tree = pyast.parse((here / name).read_text())
        for node in pyast.walk(tree):
            if isinstance(node, pyast.Constant) and isinstance(node.value, str):
                v = node.value.strip().lower()
                if v.split(" ", 1)[0] in ("select", "insert", "update", "delete", "create",
                                          "alter", "drop", "with", "copy", "set", "explain",
                                          "values", "declare", "begin", "vacuum", "comment"):
                    sqls.append(node.value)
    assert len(sqls) > 60
    for sql in sqls:
        try:
            raws = parse(sql)
        except PgError:
            continue
        for r in raws:
            _no_lists(r.stmt)
            hash(r.stmt)


def test_parse_results_are_memoized_but_fresh_lists():
    a, b = parse("select 1"), parse("select 1")
    assert a == b and a is not b and a[0] is b[0]


def test_module_docstring_examples():
    import doctest
    from pgref.sql import ast as ast_mod
    res = doctest.testmod(ast_mod)
    assert res.attempted >= 1 and res.failed == 0


def test_driver_matches_ply():
    # parser._drive must build exactly what PLY's own LR driver builds
    from ply import yacc
    from pgref.sql import parser as P
    from pgref.sql.lexer import Lexer
    ply = yacc.LRParser(P._lr, grammar.p_error)
    sqls = ["select a, b + 1 as c from t join u using (x) where a in (1, 2) "
            "group by rollup (a) having count(*) > 0 order by 1 desc limit 3",
            "insert into t (a, b[1]) values (1, default) on conflict (a) do update set b = 2 "
            "returning *",
            "with recursive r as (select 1) update t set (a, b) = (select 1, 2) from r "
            "where current of c",
            "create table t (a int primary key, b text default 'x' check (b <> ''), "
            "foreign key (a) references u)",
            "select sum(x) over (partition by y rows between unbounded preceding and current "
            "row) from t; begin; commit; set x = 1; show x",
            "select case when a then b end, array[1], row(1), (select 1), exists (select 1), "
            "interval '1' day, x::int[], extract(year from d), trim(both from s)"]
    for sql in sqls:
        assert P._drive(Lexer(sql)) == ply.parse(lexer=Lexer(sql), tracking=True)

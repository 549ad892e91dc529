"""jsonpath parser, printer and engine, tested directly (spec/03-types.md,
"jsonpath").  Expected texts are PostgreSQL 15's (checked with psql)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pgref.errors import PgError
from pgref.types.funcs.jsonpath_exec import NOT_FOUND, OK, execute
from pgref.types.io.jsonb import parse as jsonb_parse
from pgref.types.io.jsonpath import (Lexer, jsonpath_recv, jsonpath_send, parse_jsonpath,
                                     to_text)


def out(text: str) -> str:
    return to_text(parse_jsonpath(text))


def err(text: str) -> str:
    with pytest.raises(PgError) as e:
        parse_jsonpath(text)
    return e.value.message


@pytest.mark.parametrize("src, want", [
    ("$.a[*] ? (@ > 1)", '$."a"[*]?(@ > 1)'),
    ("(1).a", '(1)."a"'),
    ("$.a/+-1", '($."a" / -1)'),
    ("- - 1", "1"),
    ("- -$", "(-(-$))"),
    ("0.0010e-1", "0.00010"),
    ("1 == 1 && 2 == 2 || 3 == 3", "(1 == 1 && 2 == 2 || 3 == 3)"),
    ("($.a == 1) && ($.b == 2 || $.c == 3)", '($."a" == 1 && ($."b" == 2 || $."c" == 3))'),
    ("1 + ($.a.b > 2).c.d", '(1 + ($."a"."b" > 2)."c"."d")'),
    ("$.abc.ABS()", '$."abc".abs()'),
    ("$.datetime", '$."datetime"'),
    ('$ ? (@ like_regex "^a" flag "smi")', '$?(@ like_regex "^a" flag "ism")'),
    ("strict $.**{last to 2}", "strict $.**{last to 2}"),
])
def test_canonical_output(src, want):
    assert out(src) == want


@pytest.mark.parametrize("src, want", [
    ("$.a b", "syntax error at end of jsonpath input"),
    ("$.a b c", 'syntax error at or near " " of jsonpath input'),
    ("abc", "syntax error at end of jsonpath input"),
    ('"a" "b"', 'syntax error at or near """ of jsonpath input'),
    ("true && false", 'syntax error at or near "&&" of jsonpath input'),
    ("1 + ($.a > 1)", "syntax error at end of jsonpath input"),
    ("$.a ? (exists (@ > 1))", 'syntax error at or near ">" of jsonpath input'),
    ("1.2e3a", 'trailing junk after numeric literal at or near "1.2e3a" of jsonpath input'),
    ("1e+", 'invalid numeric literal at or near "1e+" of jsonpath input'),
    ('"\\u00"', 'invalid unicode sequence at or near "\\u00" of jsonpath input'),
    ("@ + 1", "@ is not allowed in root expressions"),
    ("$ ? (last > 0)", "LAST is allowed only in array subscripts"),
    ("", 'invalid input syntax for type jsonpath: ""'),
])
def test_errors(src, want):
    assert err(src) == want


def test_lexer_tokens():
    lex = Lexer('$."a b".c1 ? (@ == $var && @ <> "x")')
    types = []
    while True:
        t = lex.next()
        types.append(t.type)
        if t.type == "EOF":
            break
    assert types == ["$", ".", "STRING", ".", "IDENT", "?", "(", "@", "==", "VARIABLE", "AND",
                     "@", "<>", "STRING", ")", "EOF"]


def test_binary_roundtrip():
    jp = parse_jsonpath("strict $.a[1 to last]")
    data = jsonpath_send(None, jp)
    assert data == b"\x01strict $.\"a\"[1 to last]"
    assert to_text(jsonpath_recv(None, data)) == to_text(jp)


def run(doc: str, path: str, vars_: str | None = None, throw: bool = True):
    vals = None if vars_ is None else jsonb_parse(vars_).root
    return execute(parse_jsonpath(path), jsonb_parse(doc).root, vals, throw, True)


def test_engine_lax_strict_and_silent():
    assert run('{"a": [1, 2, 3]}', "$.a[*] ? (@ >= 2)") == (OK, [Decimal(2), Decimal(3)])
    assert run('{"a": 1}', "$.b") == (NOT_FOUND, [])
    with pytest.raises(PgError, match='JSON object does not contain key "b"'):
        run('{"a": 1}', "strict $.b")
    assert run('{"a": 1}', "strict $.b", throw=False)[0] is None


def test_keyvalue_ids_follow_jsonb_layout():
    res = run('[{"a": 1, "b": [1, 2]}, {"c": {"a": "bbb"}}]', "$[*].keyvalue().id")[1]
    assert res == [Decimal(12), Decimal(12), Decimal(72)]
    res = run('{}', "$v.keyvalue().value.keyvalue().id", '{"v": {"q": {"z": 1}}}')[1]
    assert res == [Decimal(20000000056)]


# ---------------------------------------------------------------- properties

_KEYS = st.sampled_from(["a", "b", "key with space", "type", "last", "é"])
_NUM = st.integers(-50, 50).map(str) | st.sampled_from(["1.5", "0.25", "1e3"])


def _paths():
    base = st.sampled_from(["$", "@"])
    acc = st.one_of(_KEYS.map(lambda k: "." + '"' + k + '"'), st.just("[*]"), st.just(".*"),
                    _NUM.filter(lambda n: "." not in n and "e" not in n and not n.startswith("-"))
                    .map(lambda n: f"[{n}]"), st.just(".**{1 to 2}"), st.just(".size()"))
    chain = st.tuples(base, st.lists(acc, max_size=4)).map(lambda t: t[0] + "".join(t[1]))
    expr = st.recursive(chain | _NUM, lambda e: st.tuples(e, st.sampled_from(["+", "-", "*", "/", "%"]), e)
                        .map(lambda t: f"({t[0]} {t[1]} {t[2]})") | e.map(lambda x: f"-({x})"),
                        max_leaves=4)
    pred = st.tuples(expr, st.sampled_from(["==", "!=", "<", ">=", "<>"]), expr).map(" ".join)
    preds = st.recursive(pred, lambda p: st.tuples(p, st.sampled_from(["&&", "||"]), p)
                         .map(lambda t: f"({t[0]} {t[1]} {t[2]})")
                         | p.map(lambda x: f"!({x})"), max_leaves=3)
    return st.tuples(st.sampled_from(["", "strict ", "lax "]), chain, preds).map(
        lambda t: f"{t[0]}{t[1].replace('@', '$')} ? ({t[2]})")


@settings(max_examples=150, deadline=None)
@given(_paths())
def test_output_is_a_fixpoint(src):
    """INV-TYPES-JSONPATH-2: printing is canonical -- parse(print(x)) prints the same."""
    first = out(src)
    assert out(first) == first

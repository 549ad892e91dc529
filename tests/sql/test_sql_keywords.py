"""Keywords as identifiers: gram.y's ColId / type_function_name / ColLabel /
BareColLabel rules, generated from keywords.py (INV-SQL-5)."""
from __future__ import annotations

import pytest

from pgref.errors import PgError
from pgref.sql import ast as A
from pgref.sql import keywords as K
from pgref.sql.parser import parse_one


def test_keyword_table_size_and_categories():
    assert len(K.KEYWORDS) == 460
    assert K.KEYWORDS["select"] == (K.RESERVED_KEYWORD, True)
    assert K.KEYWORDS["year"] == (K.UNRESERVED_KEYWORD, False)
    assert K.KEYWORDS["between"][0] == K.COL_NAME_KEYWORD
    assert K.KEYWORDS["left"][0] == K.TYPE_FUNC_NAME_KEYWORD
    assert K.token_name("null") == "NULL_P" and K.token_name("select") == "SELECT"


def test_documented_examples():
    assert parse_one("select 1 as year").target_list[0].name == "year"
    s = parse_one("create table t(type int, name text, value int, position int)")
    assert [c.colname for c in s.table_elts] == ["type", "name", "value", "position"]
    with pytest.raises(PgError):          # YEAR is not a bare label (as in PostgreSQL)
        parse_one("select x year from t")


@pytest.mark.parametrize("word", sorted(K.UNRESERVED | K.COL_NAME))
def test_colid_keywords_as_column_and_table_names(word):
    # every unreserved and col_name keyword is a ColId: usable as a table,
    # alias and (qualified) column name
    s = parse_one(f"select t.{word} from {word} as t")
    assert s.from_clause[0].relname == word


@pytest.mark.parametrize("word", sorted(K.UNRESERVED))
def test_unreserved_keywords_everywhere(word):
    s = parse_one(f"select {word} from t where {word} > 0 order by {word}")
    assert s.target_list[0].val.fields == (word,)
    s = parse_one(f"create table {word} ({word} int)")
    assert s.table_elts[0].colname == word
    if word == "operator":             # OPERATOR ( starts qual_Op, as in PostgreSQL
        with pytest.raises(PgError):
            parse_one(f"select {word}(1)")
    else:
        s = parse_one(f"select {word}(1)")
        assert s.target_list[0].val.funcname == (word,)


@pytest.mark.parametrize("word", sorted(K.KEYWORDS))
def test_every_keyword_is_a_label_after_as(word):
    s = parse_one(f"select 1 as {word}")
    assert s.target_list[0].name == word


@pytest.mark.parametrize("word", sorted(w for w in K.KEYWORDS
                                        if K.KEYWORDS[w][1] and w not in K.RESERVED))
def test_bare_labels(word):
    s = parse_one(f"select 1 {word}")
    assert s.target_list[0].name == word


@pytest.mark.parametrize("word", sorted(K.TYPE_FUNC_NAME))
def test_type_func_name_keywords_as_functions(word):
    s = parse_one(f"select {word}(1)")
    assert s.target_list[0].val.funcname == (word,)


@pytest.mark.parametrize("word", sorted(K.RESERVED - {"default"}))
def test_reserved_keywords_are_not_table_names(word):
    with pytest.raises(PgError):
        parse_one(f"create table {word} (a int)")


def test_quoted_keywords_are_identifiers():
    s = parse_one('select "select" from "from"')
    assert s.target_list[0].val.fields == ("select",) and s.from_clause[0].relname == "from"
    assert isinstance(s, A.SelectStmt)

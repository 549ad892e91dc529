"""Records, length coercions and other helpers outside the fixture files."""
from __future__ import annotations

import pytest

from pgref.errors import PgError
from pgref.types import oids
from pgref.types.io.bit import bit_length_coercion, varbit_length_coercion
from pgref.types.io.record import TypedRecord, parse_record_text, record_in_typed, record_out_typed
from pgref.types.io.text import bpchar_coerce, truncate_name, varchar_coerce
from pgref.types.registry import type_output


def test_record_out_matches_postgres() -> None:
    # SELECT row(1,'a b',null,'', 'x"y', 'b\c', '(p)', 'plain') in PostgreSQL 15
    values = (1, "a b", None, "", 'x"y', "b\\c", "(p)", "plain")
    types = (oids.INT4OID,) + (oids.TEXTOID,) * 7
    expected = '(1,"a b",,"","x""y","b\\\\c","(p)",plain)'
    assert record_out_typed(None, values, types) == expected
    assert type_output(None, oids.RECORDOID, TypedRecord(values, types)) == expected
    assert record_in_typed(None, expected, types) == values


def test_record_out_needs_types() -> None:
    with pytest.raises(PgError) as ei:
        type_output(None, oids.RECORDOID, (1, 2))
    assert ei.value.sqlstate == "0A000"


def test_record_parse_errors() -> None:
    with pytest.raises(PgError) as ei:
        parse_record_text("1,2)", 2)
    assert (ei.value.message, ei.value.detail) == \
        ('malformed record literal: "1,2)"', "Missing left parenthesis.")
    with pytest.raises(PgError) as ei:
        parse_record_text("(1)", 2)
    assert ei.value.detail == "Too few columns."
    with pytest.raises(PgError) as ei:
        parse_record_text("(1,2,3)", 2)
    assert ei.value.detail == "Too many columns."
    with pytest.raises(PgError) as ei:
        parse_record_text("(1,2) x", 2)
    assert ei.value.detail == "Junk after right parenthesis."


def test_length_coercions() -> None:
    assert varchar_coerce("abcd", 7, True) == "abc"
    assert varchar_coerce("abc  ", 7, False) == "abc"
    with pytest.raises(PgError) as ei:
        varchar_coerce("abcd", 7, False)
    assert (ei.value.sqlstate, ei.value.message) == \
        ("22001", "value too long for type character varying(3)")
    assert bpchar_coerce("ab", 8, False) == "ab  "
    assert bpchar_coerce("abcdef", 8, True) == "abcd"
    assert bit_length_coercion("101", 5, True) == "10100"
    assert bit_length_coercion("101", 2, True) == "10"
    with pytest.raises(PgError) as ei:
        bit_length_coercion("101", 2, False)
    assert ei.value.message == "bit string length 3 does not match type bit(2)"
    assert varbit_length_coercion("101", 2, True) == "10"
    with pytest.raises(PgError) as ei:
        varbit_length_coercion("101", 2, False)
    assert ei.value.message == "bit string too long for type bit varying(2)"


def test_name_truncation_at_character_boundary() -> None:
    assert truncate_name("é" * 40) == "é" * 31          # 62 bytes, not a split character
    assert len(truncate_name("x" * 100).encode()) == 63

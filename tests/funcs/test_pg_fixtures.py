"""Table-driven checks of pgref's built-in functions against PostgreSQL 15.

The expected values were produced by the real server (gen_fixtures.py ->
fixtures/expected.json); the test parses each argument with the type's
input function, calls the implementation registered under the case's
prosrc, prints the result with the result type's output function and
compares the text -- or compares SQLSTATE and message when PostgreSQL
raised an error.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

import pytest

import pgref.types.funcs  # noqa: F401  (registers the builtins)
from pgref.errors import PgError
from pgref.types import fmgr
from pgref.types.registry import type_by_name, type_input, type_output
from pgref.types.values import DEFAULT_SETTINGS, IOSettings

with open(os.path.join(os.path.dirname(__file__), "fixtures", "expected.json")) as _f:
    FIXTURES = json.load(_f)


@dataclass
class Ctx:
    argtypes: tuple = ()
    funcvariadic: bool = False
    settings: IOSettings = field(default_factory=lambda: DEFAULT_SETTINGS)
    now: int = 0


def parse_type(name: str) -> tuple[int, int]:
    """'int4[]' / '"char"' / 'char(5)' -> (type oid, typmod)."""
    typmod = -1
    m = re.fullmatch(r"char\((\d+)\)", name)
    if m:
        return type_by_name("bpchar").oid, int(m.group(1)) + 4
    if name.endswith("[]"):
        name = "_" + name[:-2]
    name = name.strip('"')
    info = type_by_name(name)
    assert info is not None, name
    return info.oid, typmod


def call(case: dict):
    b = fmgr.lookup(case["prosrc"])
    assert b is not None, f"{case['prosrc']} not implemented"
    types, values = [], []
    for tname, text in case["args"]:
        oid, typmod = parse_type(tname)
        types.append(oid)
        values.append(type_input(Ctx(), oid, text, typmod))
    # length coercions take (value, typmod, explicit) -- supplied by the template
    m = re.search(r"::(varchar|char)\((\d+)\)$", case["sql"])
    if case["prosrc"] in ("varchar", "bpchar") and m:
        values += [int(m.group(2)) + 4, True]
    m = re.search(r"::numeric\((\d+),(-?\d+)\)$", case["sql"])
    if case["prosrc"] == "numeric" and m:
        p, s = int(m.group(1)), int(m.group(2))
        values.append(((p << 16) | (s & 0x7FF)) + 4)
    if b.ctx:
        return b.fn(Ctx(tuple(types)), *values)
    return b.fn(*values)


@pytest.mark.parametrize("case", FIXTURES, ids=[f"{i}:{c['sql'][:60]}" for i, c in enumerate(FIXTURES)])
def test_matches_postgresql(case):
    if "error" in case:
        with pytest.raises(PgError) as ei:
            call(case)
        assert [ei.value.sqlstate, ei.value.message] == case["error"]
        if "detail" in case:
            assert ei.value.detail == case["detail"]
        return
    got = call(case)
    assert type_output(Ctx(), case["type"], got) == case["result"]

"""jsonpath against PostgreSQL 15's own answers (spec/03-types.md, "jsonpath").

cases.json holds, for each query of cases.py, the rows or the error
(SQLSTATE and message) that a real PostgreSQL 15 returned; gen_cases.py
regenerates it.  Each case runs through pgref's SQL engine in-process.
"""
from __future__ import annotations

import json
import os

import pytest

import pgref.dbapi as dbapi

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "cases.json")) as f:
    CASES = json.load(f)


@pytest.fixture(scope="module")
def cur():
    conn = dbapi.connect(autocommit=True)
    c = conn.cursor()
    c.execute("set timezone = 'UTC'")
    c.execute("set datestyle = 'ISO, MDY'")
    return c


def _run(cur, sql: str) -> dict:
    try:
        cur.execute(sql)
        return {"rows": [[None if v is None else str(v) for v in r] for r in cur.fetchall()]}
    except dbapi.Error as e:
        return {"error": [e.sqlstate, e.pgerror.message if e.pgerror else str(e)]}


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_case(cur, case):
    got = _run(cur, case["sql"])
    want = {k: case[k] for k in ("rows", "error") if k in case}
    assert got == want, case["sql"]

"""Regenerate cases.json: run every query of CASES on a real PostgreSQL 15
and store its rows (as text) or its error (SQLSTATE, message).

    .venv/bin/python tests/jsonpath/gen_cases.py "host=/tmp/pg port=5432 user=postgres"

The tests (test_differential.py) then hold pgref to these answers without
needing PostgreSQL at test time.
"""
from __future__ import annotations

import json
import os
import sys

import psycopg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from cases import CASES  # noqa: E402


def run(conn, sql: str) -> dict:
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            return {"rows": [[None if v is None else str(v) for v in r] for r in cur.fetchall()]}
    except psycopg.Error as e:
        return {"error": [e.sqlstate, e.diag.message_primary]}


def main(dsn: str) -> None:
    out = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("set timezone = 'UTC'")
        conn.execute("set datestyle = 'ISO, MDY'")
        for sql in CASES:
            out.append({"sql": sql, **run(conn, sql)})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(out)} cases written")


if __name__ == "__main__":
    main(sys.argv[1])

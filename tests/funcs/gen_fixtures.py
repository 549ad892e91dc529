"""Regenerate fixtures/expected.json from a real PostgreSQL 15.

    .venv/bin/python tests/funcs/gen_fixtures.py "host=/tmp/pg_funcs port=55414 user=postgres"

Not run by the test suite: the tests read the JSON (see cases.py).
"""
from __future__ import annotations

import json
import os
import sys

import psycopg
from psycopg.pq import ExecStatus

sys.path.insert(0, os.path.dirname(__file__))
from cases import AGG_CASES, CASES  # noqa: E402


def literal(typ: str, text: str | None) -> str:
    if text is None:
        return "NULL::" + typ
    return "'" + text.replace("'", "''") + "'::" + typ


def main(dsn: str) -> None:
    conn = psycopg.connect(dsn, autocommit=True)
    pg = conn.pgconn
    out = []
    for prosrc, tmpl, args in CASES:
        expr = tmpl.format(*[literal(t, v) for t, v in args])
        sql = f"select ({expr}), pg_typeof({expr})::oid"
        res = pg.exec_(sql.encode())
        rec = {"prosrc": prosrc, "sql": expr, "args": args}
        if res.status == ExecStatus.TUPLES_OK:
            v = res.get_value(0, 0)
            rec["result"] = None if v is None else v.decode()
            rec["type"] = int(res.get_value(0, 1).decode())
        else:
            rec["error"] = [res.error_field(ord("C")).decode(),
                            res.error_field(ord("M")).decode()]
            d = res.error_field(ord("D"))
            if d:
                rec["detail"] = d.decode()
            # argument types, for calling pgref with the right result type
        out.append(rec)
    out_aggs = []
    for name, types, rows in AGG_CASES:
        cols = ", ".join(f"c{i}" for i in range(len(types)))
        if rows:
            values = ", ".join("(" + ", ".join(literal(t, v) for t, v in zip(types, row)) + ")"
                               for row in rows)
            src = f"(values {values}) v({cols})"
        else:
            src = "(select " + ", ".join(f"{literal(t, 'x' if t in ('text', 'bytea') else '1' if not t.endswith('[]') else '{{1}}')} as c{i}"
                                         for i, t in enumerate(types)) + " where false) v"
        call = f"{name}({cols})"
        aggfnoid = None
        poly = ["anyarray", "anynonarray"] if types[0].endswith("[]") else ["anynonarray", "anyarray"]
        for sig in [f"{name}({', '.join(types)})"] + [f"{name}({p})" for p in poly] + [f'{name}("any")']:
            r0 = pg.exec_(f"select '{sig}'::regprocedure::oid".encode())
            if r0.status == ExecStatus.TUPLES_OK:
                aggfnoid = int(r0.get_value(0, 0).decode())
                break
        res = pg.exec_(f"select {call}, pg_typeof({call})::oid from {src}".encode())
        rec = {"agg": name, "types": types, "rows": rows, "aggfnoid": aggfnoid}
        if res.status == ExecStatus.TUPLES_OK:
            v = res.get_value(0, 0)
            rec["result"] = None if v is None else v.decode()
            rec["type"] = int(res.get_value(0, 1).decode())
        else:
            rec["error"] = [res.error_field(ord("C")).decode(), res.error_field(ord("M")).decode()]
        out_aggs.append(rec)
    with open(os.path.join(os.path.dirname(__file__), "fixtures", "expected_aggs.json"), "w") as f:
        json.dump(out_aggs, f, indent=0, ensure_ascii=False)
    print(f"wrote {len(out_aggs)} aggregate cases")
    path = os.path.join(os.path.dirname(__file__), "fixtures", "expected.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0, ensure_ascii=False)
    print(f"wrote {len(out)} cases to {path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "host=/tmp/pg_funcs port=55414 user=postgres")

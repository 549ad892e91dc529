#!/usr/bin/env python3
"""Embedded benchmark: pgref in-process vs PostgreSQL 15 (psycopg) vs SQLite.

Where it sits: ``make bench``; the method and the results are described in
docs/benchmarks.md.  The same workload runs on every system in the same
process and the same run, and the report gives medians and *ratios*
(pgref/PostgreSQL, pgref/SQLite), because ratios survive noisy machines.

Workload (one fresh database per repetition):

    insert        N orders (default 100 000) with executemany, one transaction
    point select  2 000 lookups by primary key
    range select  200 primary-key ranges of 500 rows
    join          orders JOIN customers, aggregated per country
    group by      orders grouped by status: count, sum, avg

Time to first query:

    memory        connect(":memory:") + SELECT 1        (pgref, SQLite)
    fresh dir     connect(new directory) + SELECT 1     (pgref, SQLite file)
                  initdb + pg_ctl start + connect + SELECT 1   (PostgreSQL)

PostgreSQL runs in a throwaway cluster this script starts and removes itself
(tests/oracle/cluster.py), reached over its unix socket.  Time is measured
with time.perf_counter() around each step.

Usage:
    python benchmarks/embedded.py [--only pgref,pg,sqlite] [--rows N]
                                  [--repeat R] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))          # the oracle cluster code

SYSTEMS = ("pgref", "pg", "sqlite")
TITLES = {"pgref": "pgref", "pg": "PostgreSQL", "sqlite": "SQLite"}
STATUSES = ("new", "paid", "shipped", "returned", "cancelled")
COUNTRIES = ("DE", "FR", "JP", "US", "BR", "IN", "NG", "AU")
N_CUSTOMERS = 1000
N_POINT = 2000
N_RANGES = 200
RANGE_LEN = 500


# -- systems -------------------------------------------------------------------

class System:
    """A way to open a fresh database; SQL uses %s placeholders throughout."""
    name = ""

    def fresh(self):
        raise NotImplementedError

    def done(self, conn) -> None:
        conn.close()

    def sql(self, text: str) -> str:
        return text


class Pgref(System):
    name = "pgref"

    def fresh(self):
        import pgref
        return pgref.connect(":memory:")


class Sqlite(System):
    name = "sqlite"

    def fresh(self):
        return sqlite3.connect(":memory:")

    def sql(self, text: str) -> str:
        return text.replace("%s", "?")


class Postgres(System):
    name = "pg"

    def __init__(self):
        from oracle.cluster import PostgresCluster
        self.cluster = PostgresCluster().start()
        self.n = 0

    def fresh(self):
        self.n += 1
        self.dbname = f"bench{self.n}"
        with self.cluster.connect() as admin:
            admin.execute(f"CREATE DATABASE {self.dbname} TEMPLATE template0")
        return self.cluster.connect(self.dbname, autocommit=False)

    def done(self, conn) -> None:
        conn.close()
        with self.cluster.connect() as admin:
            admin.execute(f"DROP DATABASE {self.dbname} WITH (FORCE)")

    def stop(self) -> None:
        self.cluster.stop()


# -- workload ------------------------------------------------------------------

def make_data(rows: int, seed: int = 42):
    rnd = random.Random(seed)
    customers = [(i, f"customer {i}", COUNTRIES[i % len(COUNTRIES)]) for i in range(1, N_CUSTOMERS + 1)]
    orders = [(i, rnd.randint(1, N_CUSTOMERS), f"{rnd.randint(100, 999999) / 100:.2f}",
               STATUSES[rnd.randrange(len(STATUSES))]) for i in range(1, rows + 1)]
    points = [rnd.randint(1, rows) for _ in range(N_POINT)]
    ranges = [rnd.randint(1, max(1, rows - RANGE_LEN)) for _ in range(N_RANGES)]
    return customers, orders, points, ranges


def run_workload(system: System, data) -> dict[str, float]:
    customers, orders, points, ranges = data
    q = system.sql
    times: dict[str, float] = {}
    conn = system.fresh()
    try:
        cur = conn.cursor()
        cur.execute("CREATE TABLE customers (id int PRIMARY KEY, name text, country text)")
        cur.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, "
                    "amount numeric(10,2), status text)")
        cur.executemany(q("INSERT INTO customers VALUES (%s, %s, %s)"), customers)
        conn.commit()

        t = time.perf_counter()
        cur.executemany(q("INSERT INTO orders VALUES (%s, %s, %s, %s)"), orders)
        conn.commit()
        times["insert"] = time.perf_counter() - t

        t = time.perf_counter()
        for k in points:
            cur.execute(q("SELECT id, customer_id, amount, status FROM orders WHERE id = %s"), (k,))
            rows = cur.fetchall()
            assert len(rows) == 1
        times["point select"] = time.perf_counter() - t

        t = time.perf_counter()
        for lo in ranges:
            cur.execute(q("SELECT id, amount FROM orders WHERE id BETWEEN %s AND %s"),
                        (lo, lo + RANGE_LEN - 1))
            cur.fetchall()
        times["range select"] = time.perf_counter() - t

        t = time.perf_counter()
        cur.execute("SELECT c.country, count(*), sum(o.amount) FROM orders o "
                    "JOIN customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY c.country")
        assert len(cur.fetchall()) == len(COUNTRIES)
        times["join"] = time.perf_counter() - t

        t = time.perf_counter()
        cur.execute("SELECT status, count(*), sum(amount), avg(amount) FROM orders "
                    "GROUP BY status ORDER BY status")
        assert len(cur.fetchall()) == len(STATUSES)
        times["group by"] = time.perf_counter() - t
        conn.commit()
    finally:
        system.done(conn)
    return times


# -- time to first query -------------------------------------------------------

def first_query(conn) -> None:
    cur = conn.cursor()
    cur.execute("SELECT 1")
    assert cur.fetchall()[0][0] == 1
    conn.close()


def startup_times(name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    if name == "pgref":
        import pgref
        t = time.perf_counter()
        first_query(pgref.connect(":memory:"))
        out["startup, memory"] = time.perf_counter() - t
        d = tempfile.mkdtemp(prefix="pgref-bench-")
        try:
            t = time.perf_counter()
            first_query(pgref.connect(os.path.join(d, "data")))
            out["startup, fresh dir"] = time.perf_counter() - t
        finally:
            shutil.rmtree(d, ignore_errors=True)
    elif name == "sqlite":
        t = time.perf_counter()
        first_query(sqlite3.connect(":memory:"))
        out["startup, memory"] = time.perf_counter() - t
        d = tempfile.mkdtemp(prefix="sqlite-bench-")
        try:
            t = time.perf_counter()
            first_query(sqlite3.connect(os.path.join(d, "db.sqlite")))
            out["startup, fresh dir"] = time.perf_counter() - t
        finally:
            shutil.rmtree(d, ignore_errors=True)
    else:
        from oracle.cluster import PostgresCluster
        t = time.perf_counter()
        cluster = PostgresCluster().start()
        try:
            first_query(cluster.connect())
            out["startup, fresh dir"] = time.perf_counter() - t
        finally:
            cluster.stop()
    return out


# -- report --------------------------------------------------------------------

STEPS = ("startup, memory", "startup, fresh dir", "insert", "point select", "range select",
         "join", "group by")


def fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1000:.2f} ms" if s < 1 else f"{s:.3f} s"


def fmt_ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x"


def report(medians: dict[str, dict[str, float]], systems: list[str], rows: int, repeat: int) -> str:
    header = ["step", *[TITLES[s] for s in systems]]
    if "pgref" in systems and "pg" in systems:
        header.append("pgref/PostgreSQL")
    if "pgref" in systems and "sqlite" in systems:
        header.append("pgref/SQLite")
    lines = [f"Embedded benchmark: {rows} rows, median of {repeat} run(s)", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for step in STEPS:
        vals = {s: medians.get(s, {}).get(step) for s in systems}
        if all(v is None for v in vals.values()):
            continue
        row = [step, *[fmt_time(vals[s]) for s in systems]]
        if "pgref" in systems and "pg" in systems:
            row.append(fmt_ratio(vals["pgref"], vals["pg"]))
        if "pgref" in systems and "sqlite" in systems:
            row.append(fmt_ratio(vals["pgref"], vals["sqlite"]))
        lines.append("| " + " | ".join(row) + " |")
    if "pgref" in systems and len(systems) > 1:
        lines.append("")
        lines.append("Ratios below 1 mean pgref is faster.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(SYSTEMS),
                    help="comma-separated systems among pgref,pg,sqlite (default: all)")
    ap.add_argument("--rows", type=int, default=100_000, help="orders to insert (default 100000)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions; the median is reported")
    ap.add_argument("--markdown", help="also write the table to this file")
    args = ap.parse_args(argv)
    systems = [s.strip() for s in args.only.split(",") if s.strip()]
    bad = [s for s in systems if s not in SYSTEMS]
    if bad or not systems:
        ap.error(f"unknown system(s) {bad}; choose from {','.join(SYSTEMS)}")
    if args.rows < RANGE_LEN:
        ap.error(f"--rows must be at least {RANGE_LEN}")

    data = make_data(args.rows)
    samples: dict[str, dict[str, list[float]]] = {s: {} for s in systems}
    for s in systems:
        print(f"[{TITLES[s]}] time to first query ...", file=sys.stderr)
        for _ in range(args.repeat):
            for step, v in startup_times(s).items():
                samples[s].setdefault(step, []).append(v)
        impl: System = {"pgref": Pgref, "pg": Postgres, "sqlite": Sqlite}[s]()
        try:
            for i in range(args.repeat):
                print(f"[{TITLES[s]}] workload run {i + 1}/{args.repeat} ...", file=sys.stderr)
                for step, v in run_workload(impl, data).items():
                    samples[s].setdefault(step, []).append(v)
        finally:
            if isinstance(impl, Postgres):
                impl.stop()
    medians = {s: {step: statistics.median(v) for step, v in steps.items()}
               for s, steps in samples.items()}
    text = report(medians, systems, args.rows, args.repeat)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

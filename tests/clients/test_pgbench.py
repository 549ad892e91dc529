"""pgbench 15 against `pgref serve` (spec/08-mvcc.md, "Row-level waits";
docs/benchmarks.md, "pgbench"): initialization (drop, create with
fillfactor, client-side COPY, VACUUM, primary keys), then short TPC-B-like
runs with two clients in simple and prepared mode.  Every transaction of
the two clients updates the one pgbench_branches row, so they must wait
for each other rather than fail: no failed transactions, and pgbench's
balance invariant holds."""
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PGBENCH = shutil.which("pgbench")
PSQL = shutil.which("psql")

needs_pgbench = pytest.mark.skipif(PGBENCH is None or PSQL is None, reason="pgbench/psql not installed")


def _run(server, *args, timeout=300):
    cmd = [PGBENCH, "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", *args, "postgres"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def _sql(server, sql):
    proc = subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "-XAtq",
                           "-c", sql, "postgres"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def _balances(server):
    return _sql(server, "select (select sum(abalance) from pgbench_accounts) || ' ' || "
                        "(select sum(tbalance) from pgbench_tellers) || ' ' || "
                        "(select sum(bbalance) from pgbench_branches) || ' ' || "
                        "(select sum(delta) from pgbench_history)").split()


@pytest.mark.slow
@needs_pgbench
def test_pgbench_init_and_tpcb_both_modes(server):
    out = _run(server, "-i", "-s", "1")
    assert "done in" in out
    assert _sql(server, "select count(*) from pgbench_accounts") == "100000"
    assert _sql(server, "select relpages > 0, reltuples from pg_class where relname = 'pgbench_branches'") \
        == "t|1"
    assert _sql(server, "select conname from pg_constraint where conname = 'pgbench_accounts_pkey'") \
        == "pgbench_accounts_pkey"
    total = 0
    for mode in ("simple", "prepared"):
        out = _run(server, "-n", "-T", "3", "-c", "2", "-j", "2", "-M", mode)
        n = int(re.search(r"number of transactions actually processed: (\d+)", out).group(1))
        failed = int(re.search(r"number of failed transactions: (\d+)", out).group(1))
        assert n > 0 and failed == 0, out
        total += n
    a, t, b, h = _balances(server)
    assert a == t == b == h
    assert _sql(server, "select count(*) from pgbench_history") == str(total)
    out = _run(server, "-n", "-T", "2", "-c", "2", "-j", "2", "-S", "-M", "prepared")
    assert int(re.search(r"number of failed transactions: (\d+)", out).group(1)) == 0


SAMPLE = """pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: <builtin: TPC-B (sort of)>
number of transactions actually processed: 435
number of failed transactions: 0 (0.000%)
latency average = 93.141 ms
initial connection time = 3.617 ms
tps = 42.945445 (without initial connection time)
"""


def test_benchmark_script_parses_and_reports():
    """benchmarks/pgbench.py reads pgbench's report and prints the ratio
    table (no timing is asserted)."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "pgbench.py"
    spec = importlib.util.spec_from_file_location("bench_pgbench", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod              # dataclasses look their module up
    try:
        spec.loader.exec_module(mod)
    finally:
        del sys.modules[spec.name]
    run = mod.parse_run(SAMPLE)
    assert (run.tps, run.latency_ms, run.transactions, run.failed) == (42.945445, 93.141, 435, 0)
    other = mod.Run(429.4, 9.3, 4350, 0)
    text = mod.report({"pgref": {"runs": {("TPC-B-like", "simple", 4): run}, "init": 7.0, "balance": "-5"},
                       "pg": {"runs": {("TPC-B-like", "simple", 4): other}, "init": 0.2, "balance": "9"}},
                      1, 10)
    assert "| TPC-B-like | simple | 4 | 42.9 | 93.14 ms | 429.4 | 9.30 ms | 0.100x | 10.0x | 0 / 0 |" in text

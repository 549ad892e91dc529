"""Smoke test of benchmarks/embedded.py on a tiny workload (the PostgreSQL
and SQLite sides; the pgref side runs once the engine does).  Only checks
that the script runs and reports every step -- timings are never asserted."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "embedded.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_embedded", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.oracle
def test_benchmark_runs_on_postgres_and_sqlite(tmp_path, capsys):
    bench = _load()
    out = tmp_path / "bench.md"
    assert bench.main(["--only", "pg,sqlite", "--rows", "600", "--repeat", "1",
                       "--markdown", str(out)]) == 0
    table = out.read_text(encoding="utf-8")
    for step in ("startup, fresh dir", "insert", "point select", "range select", "join",
                 "group by"):
        assert f"| {step} |" in table
    assert "| step | PostgreSQL | SQLite |" in table


def test_benchmark_rejects_unknown_system():
    bench = _load()
    with pytest.raises(SystemExit):
        bench.main(["--only", "oracle"])

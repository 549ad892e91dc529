"""The ratchet: every test in regress/passing.txt must keep passing.

spec/11-regress.md, "Tests that pin it down".  Starts its own ``pgref serve
--port 0`` on a temporary data directory, replays ``test_setup`` and then the
tests of regress/passing.txt in schedule order with the real psql (exactly as
``python -m regress`` does), and fails if any of them no longer matches its
expected output byte for byte.  When passing.txt is empty it still checks the
runner's machinery on ``boolean`` (statement parity > 0).
"""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:          # the regress/ package lives at the repo root
    sys.path.insert(0, _ROOT)

import shutil

import pytest

from regress import runner

PASSING = Path(__file__).resolve().parent.parent / "regress" / "passing.txt"

pytestmark = pytest.mark.skipif(shutil.which(runner.psql_bin()) is None and
                                not Path(runner.psql_bin()).exists(),
                                reason="psql 15 is needed to replay the regression suite")


def _passing() -> list[str]:
    if not PASSING.exists():
        return []
    return [ln.strip() for ln in PASSING.read_text().splitlines() if ln.strip()]


def _plan(passing: list[str]) -> list[str]:
    """test_setup first (most tests need its tables), then the passing tests
    in schedule order (INV-REGRESS-7)."""
    schedule, _ = runner.read_schedule(runner.SUITE / "parallel_schedule")
    want = set(passing)
    order = [t for t in schedule if t in want]
    order += [t for t in passing if t not in order]
    if "test_setup" not in order:
        order.insert(0, "test_setup")
    return order


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    out = tmp_path_factory.mktemp("regress_out")
    base = tmp_path_factory.mktemp("regress_srv")
    srv = runner.PgrefServer(base / "data", out / "server.log").start()
    tgt = runner.Target(srv.host, srv.port, server=srv)
    assert "pgref" in tgt.version(out)
    runner.prepare_database(tgt, out, log=lambda msg: None)
    yield tgt, out
    srv.stop()


def test_passing_tests_still_pass(target):
    tgt, out = target
    passing = _passing()
    if not passing:
        pytest.skip("regress/passing.txt is empty; test_runner_machinery covers the runner")
    results = runner.run_tests(_plan(passing), tgt, out, timeout=60, log=lambda m: None)
    broken = [(r.name, r.status, r.note) for r in results if r.name in passing and not r.passed]
    diffs = (out / "regression.diffs").read_text()
    assert not broken, "tests that stopped passing: %r\n%s" % (broken, diffs[:4000])


def test_runner_machinery(target):
    """One real replay through the runner: results file written, scored per
    statement, and the statement parity of boolean is above zero."""
    tgt, out = target
    mo = out / "machinery"
    mo.mkdir()
    (r,) = runner.run_tests(["boolean"], tgt, mo, timeout=60, log=lambda m: None)
    assert (mo / "results" / "boolean.out").stat().st_size > 0
    assert r.score is not None and r.score.total > 50
    assert r.score.matched > 0
    assert r.status in ("ok", "FAILED")
    if r.passed:
        assert r.score.matched == r.score.total
    else:
        assert "diff -U3 expected/boolean" in (mo / "regression.diffs").read_text()


def test_dead_server_is_recorded_as_crash_and_restarted(target):
    """INV-REGRESS-7: the server dies; the test is recorded as a crash, the
    runner restarts pgref on the same data directory, and the next test runs.
    (Last in this module: it replaces the fixture's server process.)"""
    tgt, out = target
    co = out / "crash"
    co.mkdir()
    tgt.server.proc.kill()
    tgt.server.proc.wait()
    first, second = runner.run_tests(["int2", "int2"], tgt, co, timeout=60, log=lambda m: None)
    assert first.status == "crash" and "server died" in first.note
    assert tgt.server.alive() and tgt.responsive(co)
    assert second.status in ("ok", "FAILED") and second.score.matched > 0
    assert "crash" in (co / "summary.txt").read_text()

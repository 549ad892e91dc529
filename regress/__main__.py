"""Command line of the regression runner: ``python -m regress``.

See spec/11-regress.md ("Interface") and regress/runner.py.  Without
``--host``/``--port`` it starts its own pgref server on a fresh temporary data
directory (and checks that ``version()`` says pgref); with them it runs against
whatever server is there, e.g. a real PostgreSQL 15 as a control.
"""
from __future__ import annotations

import argparse
import shutil
import signal
import sys
import time
from pathlib import Path

from regress import runner, status

HERE = Path(__file__).resolve().parent


def _exit_on_signal(signum, frame) -> None:
    # turn SIGTERM/SIGHUP (e.g. from `timeout`) into SystemExit so the
    # finally clause in _run stops the server the runner started: it runs in
    # its own session and would otherwise outlive the runner
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    ap = argparse.ArgumentParser(prog="python -m regress", description=__doc__.split("\n")[0])
    ap.add_argument("--host")
    ap.add_argument("--port", type=int)
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--schedule", type=Path, default=runner.SUITE / "parallel_schedule")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per test (default 60)")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--update-status", action="store_true",
                    help="write regress/STATUS.md and regress/passing.txt")
    ap.add_argument("--max-time", type=float, default=0,
                    help="stop starting new tests after this many seconds (0 = no limit)")
    ap.add_argument("--rescore", action="store_true",
                    help="do not run anything: score OUT/results of an earlier run again")
    ap.add_argument("tests", nargs="*")
    a = ap.parse_args(argv)

    out = a.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    sched, ignored = runner.read_schedule(a.schedule)
    tests = a.tests or sched

    def log(msg: str) -> None:
        print(msg, flush=True)

    if a.rescore:
        results = runner.rescore(tests, out, ignored)
        desc = "pgref (rescored from the run in %s)" % out
    else:
        results, desc = _run(a, tests, ignored, out, log)

    line = status.summary_line(results)
    log("== " + line + " ==")
    if a.update_status:
        note = ("the full schedule (%d tests)" % len(sched) if [r.name for r in results] == sched
                else "%d of the schedule's %d tests (%s .. %s)" % (
                    len(results), len(sched), results[0].name, results[-1].name))
        (HERE / "STATUS.md").write_text(status.render_status(results, desc, note))
        (HERE / "passing.txt").write_text(status.passing_list(results))
        log("wrote %s and %s" % (HERE / "STATUS.md", HERE / "passing.txt"))
    return 0 if all(r.passed or r.status == "failed(ignored)" for r in results) else 1


def _run(a, tests, ignored, out, log):
    base = None
    if a.host or a.port:
        target = runner.Target(a.host or "127.0.0.1", a.port or 5432, user=a.user)
        desc = "the server at %s:%s (%s)" % (target.host, target.port, target.version(out))
    else:
        target, base = runner.start_own_server(out, log)
        desc = "pgref (%s)" % target.version(out)
    try:
        runner.prepare_database(target, out, log)
        deadline = time.monotonic() + a.max_time if a.max_time else None
        results = runner.run_tests(tests, target, out, a.timeout, ignored, log, deadline)
    finally:
        if target.server is not None:
            target.server.stop()
        if base is not None:
            shutil.rmtree(base, ignore_errors=True)
    return results, desc


if __name__ == "__main__":
    sys.exit(main())

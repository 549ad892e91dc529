"""Replay PostgreSQL 15's regression suite against pgref (or any server).

Where it sits: ``python -m regress`` (spec/11-regress.md, "Interface").  It
reproduces what ``pg_regress`` does in ``make installcheck`` (described in
/work/shared/pg_regress/README.md): one real ``psql -X -a -q`` per test, fed
``sql/NAME.sql`` on stdin, output compared byte for byte with
``expected/NAME.out`` and ``NAME_0.out`` .. ``NAME_9.out``.

What it guarantees:

1. The psql environment is pg_regress's (INV-REGRESS-1): ``PGTZ``,
   ``PGDATESTYLE``, ``PGOPTIONS`` (+ intervalstyle), ``LC_MESSAGES=C``,
   ``PGAPPNAME=pg_regress/NAME``, ``PG_ABS_SRCDIR``, ``PG_ABS_BUILDDIR``,
   ``PG_LIBDIR``, ``PG_DLSUFFIX``.  When the target is pgref (which has one
   database and no CREATE DATABASE) the database is not dropped or created; the
   ``ALTER DATABASE ... SET`` settings are tried and, if refused, sent as
   ``-c`` options in ``PGOPTIONS`` instead.
2. Tests run serially in schedule order; each gets a timeout.  When the server
   this runner started dies during a test, the crash is recorded against that
   test and the server is restarted on the same data directory.
3. Every result is written to ``OUT/results/NAME.out``; failures add a
   ``diff -U3`` against the closest expected variant to
   ``OUT/regression.diffs``.
4. Each test is also scored statement by statement (:mod:`regress.blocks`).

Entry points::

    Target / PgrefServer(datadir).start() / .stop() / .alive()
    run_tests(tests, target, out_dir, timeout, log) -> list[TestResult]
    read_schedule(path) -> (list[str], set[str])
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from regress.blocks import Score, score, split_script

REPO = Path(__file__).resolve().parent.parent
SUITE = Path(os.environ.get("PGREF_REGRESS_SUITE", "/work/shared/pg_regress"))
DB = "regression"

# pg_regress's ALTER DATABASE settings (README step 2), as GUC name -> value
DATABASE_SETTINGS = [
    ("lc_messages", "C"), ("lc_monetary", "C"), ("lc_numeric", "C"),
    ("lc_time", "C"), ("bytea_output", "hex"), ("timezone_abbreviations", "Default"),
]


def read_schedule(path: Path) -> tuple[list[str], set[str]]:
    """Test names of every ``test:`` line in order, and the ``ignore:`` set."""
    tests: list[str] = []
    ignored: set[str] = set()
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("test:"):
            tests.extend(line[5:].split())
        elif line.startswith("ignore:"):
            ignored.update(line[7:].split())
    return tests, ignored


def psql_bin() -> str:
    p = os.environ.get("PSQL") or shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
    return p


def pg_libdir() -> str:
    if os.environ.get("PG_LIBDIR"):
        return os.environ["PG_LIBDIR"]
    pgc = shutil.which("pg_config")
    if pgc:
        r = subprocess.run([pgc, "--pkglibdir"], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.strip()
    return ""


class PgrefServer:
    """A ``pgref serve`` subprocess on ``datadir`` at 127.0.0.1, port chosen
    by the server (``--port 0``)."""

    def __init__(self, datadir: Path, log_path: Path) -> None:
        self.datadir = datadir
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.host = "127.0.0.1"
        self.port: int | None = None

    def start(self, timeout: float = 60) -> "PgrefServer":
        exe = REPO / ".venv" / "bin" / "pgref"
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pgref.cli"]
        cmd += ["serve", "-D", str(self.datadir), "--host", self.host, "--port", "0"]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        line = b""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(rb"serving .* on ([\d.]+):(\d+)", line)
            if m:
                self.port = int(m.group(2))
                # keep draining stdout into the log so the server never blocks
                self._drain()
                return self
        self.stop()
        raise RuntimeError("pgref serve did not start: %r (log: %s)" % (line, self.log_path))

    def _drain(self) -> None:
        import threading

        def pump(src, path):
            with open(path, "ab") as f:
                for chunk in iter(lambda: src.readline(), b""):
                    f.write(chunk)
                    f.flush()
        threading.Thread(target=pump, args=(self.proc.stdout, self.log_path), daemon=True).start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            # fast shutdown (SIGINT): sessions are aborted, not waited for
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.proc = None


@dataclass
class Target:
    host: str
    port: int
    user: str = "postgres"
    server: PgrefServer | None = None      # set when the runner owns the server
    extra_options: str = ""                # settings that ALTER DATABASE could not store

    def env(self, appname: str, out_dir: Path) -> dict[str, str]:
        """INV-REGRESS-1: the environment pg_regress gives psql."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("LANGUAGE", "LC_ALL", "PGHOSTADDR", "PGDATABASE", "PGSERVICE",
                            "PGSERVICEFILE", "PGCLIENTENCODING", "PGPASSFILE")}
        env.update({
            "PG_ABS_SRCDIR": str(SUITE),
            "PG_ABS_BUILDDIR": str(out_dir),
            "PG_LIBDIR": pg_libdir() or str(out_dir / "lib"),
            "PG_DLSUFFIX": ".so",
            "PGTZ": "America/Los_Angeles",
            "PGDATESTYLE": "Postgres, MDY",
            "PGOPTIONS": (os.environ.get("PGOPTIONS", "") + " -c intervalstyle=postgres_verbose"
                          + self.extra_options).strip(),
            "LC_MESSAGES": "C",
            "PGAPPNAME": appname,
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
        })
        return env

    def psql(self, args: list[str], out_dir: Path, timeout: float = 30,
             appname: str = "pg_regress") -> subprocess.CompletedProcess:
        return subprocess.run([psql_bin(), "-X", "-q", *args], env=self.env(appname, out_dir),
                              capture_output=True, text=True, timeout=timeout)

    def responsive(self, out_dir: Path) -> bool:
        try:
            r = self.psql(["-d", DB, "-At", "-c", "select 1"], out_dir, timeout=10)
        except subprocess.TimeoutExpired:
            return False
        return r.returncode == 0 and r.stdout.strip() == "1"

    def version(self, out_dir: Path) -> str:
        r = self.psql(["-d", "postgres", "-At", "-c", "select version()"], out_dir)
        if r.returncode != 0:
            raise RuntimeError("cannot connect to %s:%s: %s" % (self.host, self.port, r.stderr))
        return r.stdout.strip()


def prepare_database(target: Target, out_dir: Path, log) -> None:
    """README step 2: DROP/CREATE DATABASE regression (pgref too: a data
    directory holds several databases); ALTER DATABASE SET, else PGOPTIONS."""
    target.extra_options = ""
    for cmd in ('DROP DATABASE IF EXISTS "%s"' % DB, 'CREATE DATABASE "%s" TEMPLATE=template0' % DB):
        r = target.psql(["-d", "postgres", "-c", "SET client_min_messages = warning", "-c", cmd],
                        out_dir, timeout=120)
        if r.returncode != 0:
            raise RuntimeError("%s failed: %s" % (cmd, r.stderr.strip()))
    stmts = ";".join("ALTER DATABASE \"%s\" SET %s TO '%s'" % (DB, k, v) for k, v in DATABASE_SETTINGS)
    r = target.psql(["-d", "postgres", "-c", stmts + ";"], out_dir)
    if r.returncode != 0:
        if target.server is None:
            raise RuntimeError("ALTER DATABASE failed: %s" % r.stderr.strip())
        target.extra_options = "".join(" -c %s=%s" % (k, v) for k, v in DATABASE_SETTINGS)
        log("ALTER DATABASE ... SET refused (%s); sending the settings in PGOPTIONS instead"
            % r.stderr.strip().splitlines()[0])


@dataclass
class TestResult:
    name: str
    passed: bool
    matched_file: str           # expected file matched, or the closest one
    diff_lines: int
    elapsed: float
    status: str                 # ok / FAILED / failed(ignored) / timeout / crash / missing
    score: Score | None = None
    psql_rc: int | None = None
    note: str = ""
    diff: str = field(default="", repr=False)


def _lines(text: str) -> list[str]:
    """Split on newline only: psql output may carry a bare carriage return
    inside a line (name.sql's parse_ident case), which str.splitlines would
    treat as a line break and so report a difference that is not there."""
    parts = text.split("\n")
    return [ln + "\n" for ln in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def candidates(name: str) -> list[Path]:
    out = []
    for cand in [name] + ["%s_%d" % (name, i) for i in range(10)]:
        p = SUITE / "expected" / (cand + ".out")
        if p.is_file():
            out.append(p)
    return out


def compare(name: str, result_path: Path) -> tuple[bool, str, int, str, Score | None]:
    """INV-REGRESS-5: pass iff byte-identical to one candidate; else the
    closest candidate by diff lines, its unified diff, and the best score."""
    actual_b = result_path.read_bytes() if result_path.exists() else b""
    cands = candidates(name)
    for p in cands:
        if p.read_bytes() == actual_b:
            chunks = split_script((SUITE / "sql" / (name + ".sql")).read_text(errors="replace"))
            txt = actual_b.decode("utf-8", "replace")
            return True, p.name, 0, "", score(chunks, txt, txt)
    if not cands:
        return False, "", 0, "", None
    actual = actual_b.decode("utf-8", "replace")
    act_lines = _lines(actual)
    best = None
    for p in cands:
        exp = p.read_text(errors="replace")
        d = list(difflib.unified_diff(_lines(exp), act_lines,
                                      "expected/" + p.name, "results/" + name + ".out", n=3))
        n = sum(1 for ln in d if ln[:1] in "+-" and not ln.startswith(("+++", "---")))
        if best is None or n < best[0]:
            best = (n, p, exp, d)
    chunks = split_script((SUITE / "sql" / (name + ".sql")).read_text(errors="replace"))
    # statement parity against the variant that matches the most statements
    best_score = None
    for p in cands:
        s = score(chunks, p.read_text(errors="replace"), actual)
        if best_score is None or s.matched > best_score.matched:
            best_score = s
    n, p, _exp, d = best
    text = "diff -U3 expected/%s results/%s.out\n" % (p.name, name)
    text += "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n" for ln in d)
    return False, p.name, n, text, best_score


def run_one(name: str, target: Target, out_dir: Path, timeout: float,
            ignored: set[str], log) -> TestResult:
    sql = SUITE / "sql" / (name + ".sql")
    res = out_dir / "results" / (name + ".out")
    if not sql.is_file():
        return TestResult(name, False, "", 0, 0.0, "missing", note="no sql/%s.sql" % name)
    t0 = time.monotonic()
    rc: int | None
    note = ""
    status = ""
    with open(sql, "rb") as fin, open(res, "wb") as fout:
        proc = subprocess.Popen(
            [psql_bin(), "-X", "-a", "-q", "-d", DB, "-v", "HIDE_TABLEAM=on",
             "-v", "HIDE_TOAST_COMPRESSION=on"],
            stdin=fin, stdout=fout, stderr=subprocess.STDOUT,
            env=target.env("pg_regress/" + name, out_dir), cwd=str(out_dir),
            start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # like pressing Ctrl-C: psql sends a CancelRequest for the running
            # statement and, reading a script, exits; the server is then free
            # for the next test.  Kill it only if it does not go.
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            rc = None
            status, note = "timeout", "timed out after %ds" % timeout
    elapsed = time.monotonic() - t0
    srv = target.server
    if srv is not None and not srv.alive():
        status, note = "crash", "server died (exit %s)" % srv.proc.returncode
    elif srv is not None and status == "timeout" and not target.responsive(out_dir):
        status, note = "crash", "server unresponsive after a timeout; restarted"
        srv.stop()
    if srv is not None and status == "crash":
        log("  %s: %s -- restarting the server" % (name, note))
        srv.proc = None
        srv.start()
        target.port = srv.port
    passed, matched, ndiff, diff, sc = compare(name, res)
    if passed:
        status = "ok"
    elif not status:
        status = "failed(ignored)" if name in ignored else "FAILED"
    return TestResult(name, passed, matched, ndiff, elapsed, status, sc, rc, note, diff)


def run_tests(tests: list[str], target: Target, out_dir: Path, timeout: float,
              ignored: set[str] = frozenset(), log=print,
              deadline: float | None = None) -> list[TestResult]:
    """Run the tests in order; write results/, regression.diffs, summary.txt.
    With ``deadline`` (a time.monotonic() value) no test starts after it."""
    (out_dir / "results").mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir / "results", 0o777)
    results: list[TestResult] = []
    with open(out_dir / "regression.diffs", "w") as diffs, open(out_dir / "summary.txt", "w") as summ:
        for name in tests:
            if deadline is not None and time.monotonic() > deadline:
                log("time budget spent; stopping before %s" % name)
                break
            r = run_one(name, target, out_dir, timeout, ignored, log)
            results.append(r)
            if r.diff:
                diffs.write(r.diff)
                diffs.flush()
            s = r.score
            parity = "%d/%d stmts" % (s.matched, s.total) if s else "-"
            line = "%-28s %-16s %7d ms  %-14s %s%s" % (
                name, r.status, int(r.elapsed * 1000), parity,
                ("expected/" + r.matched_file) if r.passed else
                ("best %s, %d diff lines" % (r.matched_file, r.diff_lines) if r.matched_file else "no expected file"),
                (", " + r.note) if r.note else "")
            summ.write(line + "\n")
            summ.flush()
            log(line)
    return results


def rescore(tests: list[str], out_dir: Path, ignored: set[str] = frozenset()) -> list[TestResult]:
    """Score the ``results/`` of an earlier run again without running psql
    (statuses such as timeout/crash are taken from its ``summary.txt``)."""
    earlier: dict[str, tuple[str, str, int]] = {}
    summ = out_dir / "summary.txt"
    if summ.exists():
        for line in summ.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[2].isdigit():
                note = line.split(", ", 2)[-1] if ("timed out" in line or "server" in line) else ""
                earlier[parts[0]] = (parts[1], note, int(parts[2]))
    results = []
    for name in tests:
        res = out_dir / "results" / (name + ".out")
        if name not in earlier or not res.exists():
            continue
        st, note, ms = earlier[name]
        passed, matched, ndiff, diff, sc = compare(name, res)
        if passed:
            st = "ok"
        elif st == "ok":
            st = "failed(ignored)" if name in ignored else "FAILED"
        results.append(TestResult(name, passed, matched, ndiff, ms / 1000, st, sc, None, note, diff))
    return results


def start_own_server(out_dir: Path, log) -> tuple[Target, Path]:
    """Start pgref on a fresh temporary data directory and check it is pgref."""
    base = Path(tempfile.mkdtemp(prefix="pgref_regress_"))
    srv = PgrefServer(base / "data", out_dir / "server.log").start()
    target = Target(srv.host, srv.port, server=srv)
    v = target.version(out_dir)
    if "pgref" not in v:
        srv.stop()
        raise RuntimeError("the server on port %s is not pgref: %s" % (srv.port, v))
    log("pgref server: %s (port %d, data %s)" % (v, srv.port, srv.datadir))
    return target, base

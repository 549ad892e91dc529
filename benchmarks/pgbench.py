#!/usr/bin/env python3
"""pgbench against `pgref serve` and against PostgreSQL 15, in the same run.

Where it sits: the OLTP half of ``benchmarks/`` (docs/benchmarks.md,
"pgbench").  The real ``pgbench`` client drives both servers over TCP on
the loopback interface with identical settings; the report gives TPS, mean
latency, failed transactions and the pgref/PostgreSQL ratio of each
(ratios survive noisy machines, absolute numbers do not).

What runs, for each system:

    pgbench -i -s SCALE                       drop, create, COPY data, VACUUM, primary keys
    then for each workload x mode x clients, on each system back to back
    (both servers are up for the whole run, so load from elsewhere on the
    machine hits both alike):
        pgbench -n -T SECONDS -c CLIENTS -j CLIENTS -M MODE [-S]

    workloads: select-only (-S) and TPC-B-like (the default script);
    modes: simple and prepared; clients: 1 and 4 (by default).

After the TPC-B runs the script checks pgbench's own invariant: the sum of
pgbench_accounts.abalance equals the sum of pgbench_history.delta (and the
branch and teller sums), so "fast" never hides "wrong".

PostgreSQL runs in a throwaway cluster (initdb as the ``postgres`` OS user
when run as root, ``pg_ctl`` on a loopback port, removed at the end) with
``fsync=off`` and ``synchronous_commit=off``: pgref has no WAL yet and does
not fsync at commit, so PostgreSQL is measured without waiting for the
disk either.  pgref runs as ``python -m pgref.cli serve`` on a fresh data
directory.

Usage:
    python benchmarks/pgbench.py [--seconds 10] [--scale 1] [--clients 1,4]
                                 [--only pgref,pg] [--pg-port 55414]
                                 [--markdown FILE]
"""
from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PGBIN = "/usr/lib/postgresql/15/bin"
TITLES = {"pgref": "pgref", "pg": "PostgreSQL"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 60.0) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


# -- servers -------------------------------------------------------------------

class PgrefServer:
    name = "pgref"

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="pgref-bench-")
        self.port = free_port()
        self.log = open(os.path.join(self.root, "server.log"), "w")
        python = REPO / ".venv" / "bin" / "python"
        self.proc = subprocess.Popen(
            [str(python if python.exists() else sys.executable), "-m", "pgref.cli", "serve",
             "-D", os.path.join(self.root, "data"), "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_port(self.port)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


class PostgresServer:
    name = "pg"

    def __init__(self, port: int) -> None:
        self.port = port
        self.root = tempfile.mkdtemp(prefix="pgref-bench-pg-")
        os.chmod(self.root, 0o755)
        self.data = os.path.join(self.root, "data")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.running = False
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "-N")
        opts = (f"-p {port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"), "-w", "-o", opts, "start")
        self.running = True

    def _run(self, exe: str, *args: str) -> None:
        cmd = [os.path.join(PGBIN, exe), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd=self.root, stdin=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)


# -- pgbench -------------------------------------------------------------------

@dataclass
class Run:
    tps: float
    latency_ms: float
    transactions: int
    failed: int


def pgbench(port: int, *args: str, timeout: float = 600) -> str:
    cmd = ["pgbench", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", *args, "postgres"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PGCONNECT_TIMEOUT": "30"})
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout + proc.stderr


def parse_run(out: str) -> Run:
    tps = re.search(r"^tps = ([\d.]+)", out, re.M)
    lat = re.search(r"^latency average = ([\d.]+) ms", out, re.M)
    n = re.search(r"^number of transactions actually processed: (\d+)", out, re.M)
    failed = re.search(r"^number of failed transactions: (\d+)", out, re.M)
    if not (tps and lat and n):
        raise RuntimeError(f"cannot read pgbench's report:\n{out}")
    return Run(float(tps.group(1)), float(lat.group(1)), int(n.group(1)), int(failed.group(1)) if failed else 0)


def psql_value(port: int, sql: str) -> str:
    proc = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-XAtq", "-c", sql,
                           "postgres"], capture_output=True, text=True, timeout=120, check=True)
    return proc.stdout.strip()


def check_balances(port: int) -> str:
    """pgbench's invariant after TPC-B runs: every delta went to one account,
    one teller and one branch, and into the history."""
    row = psql_value(port, "select (select coalesce(sum(abalance), 0) from pgbench_accounts) || ' ' || "
                           "(select coalesce(sum(tbalance), 0) from pgbench_tellers) || ' ' || "
                           "(select coalesce(sum(bbalance), 0) from pgbench_branches) || ' ' || "
                           "(select coalesce(sum(delta), 0) from pgbench_history)")
    a, t, b, h = row.split()
    if not a == t == b == h:
        raise RuntimeError(f"balance invariant violated: accounts {a}, tellers {t}, branches {b}, history {h}")
    return a


WORKLOADS = (("select-only", ("-S",)), ("TPC-B-like", ()))


def run_all(servers: dict, scale: int, seconds: int, clients: list[int], modes: list[str]) -> dict:
    """Initialize every system, then run each configuration on every system
    back to back (so a noisy neighbour hits both alike), then check the
    balances."""
    out = {name: {"runs": {}} for name in servers}
    for name, server in servers.items():
        t0 = time.perf_counter()
        pgbench(server.port, "-i", "-s", str(scale), "-q")
        out[name]["init"] = time.perf_counter() - t0
    for wname, wargs in WORKLOADS:
        for mode in modes:
            for c in clients:
                for name, server in servers.items():
                    res = parse_run(pgbench(server.port, "-n", "-T", str(seconds), "-c", str(c), "-j", str(c),
                                            "-M", mode, *wargs, timeout=seconds * 10 + 120))
                    out[name]["runs"][(wname, mode, c)] = res
                    print(f"  {TITLES[name]:10} {wname:12} {mode:9} {c} client(s): {res.tps:9.1f} tps",
                          file=sys.stderr)
    for name, server in servers.items():
        out[name]["balance"] = check_balances(server.port)
    return out


def report(all_results: dict, scale: int, seconds: int) -> str:
    systems = list(all_results)
    keys = list(next(iter(all_results.values()))["runs"])
    lines = [f"scale {scale}, {seconds} s per run, pgbench 15 over TCP on 127.0.0.1", ""]
    head = ["workload", "mode", "clients"]
    for s in systems:
        head += [f"{TITLES[s]} tps", f"{TITLES[s]} latency"]
    if len(systems) == 2:
        head += ["pgref/PostgreSQL tps", "pgref/PostgreSQL latency"]
    head += ["failed"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for k in keys:
        row = [k[0], k[1], str(k[2])]
        failed = []
        for s in systems:
            r = all_results[s]["runs"][k]
            row += [f"{r.tps:.1f}", f"{r.latency_ms:.2f} ms"]
            failed.append(str(r.failed))
        if len(systems) == 2:
            a, b = (all_results[s]["runs"][k] for s in systems)
            row += [f"{a.tps / b.tps:.3f}x" if b.tps else "-", f"{a.latency_ms / b.latency_ms:.1f}x"
                    if b.latency_ms else "-"]
        row.append(" / ".join(failed))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for s in systems:
        lines.append(f"- {TITLES[s]}: `pgbench -i -s {scale}` took {all_results[s]['init']:.1f} s; "
                     f"balance check passed (sum of deltas {all_results[s]['balance']}).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--clients", default="1,4")
    ap.add_argument("--modes", default="simple,prepared")
    ap.add_argument("--only", default="pgref,pg")
    ap.add_argument("--pg-port", type=int, default=55414)
    ap.add_argument("--markdown")
    a = ap.parse_args(argv)
    clients = [int(c) for c in a.clients.split(",")]
    modes = a.modes.split(",")
    servers = {}
    try:
        for name in a.only.split(","):
            servers[name] = PgrefServer() if name == "pgref" else PostgresServer(a.pg_port)
        out = run_all(servers, a.scale, a.seconds, clients, modes)
    finally:
        for server in servers.values():
            server.stop()
    text = report(out, a.scale, a.seconds)
    print(text)
    if a.markdown:
        Path(a.markdown).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

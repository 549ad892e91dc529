"""Clean shutdown of a real ``pgref serve`` process on SIGINT (fast) and
SIGTERM (smart, then fast) (spec/10-wire-protocol.md, "Shutdown";
INV-WIRE-12).

Each test opens sessions -- one with an uncommitted insert, one idle after
a commit -- signals the process, and checks: clients get FATAL 57P01
"terminating connection due to administrator command" and then EOF; the
process exits 0; the lock file is gone; after a restart the committed row
is there and the uncommitted one is not.
"""
from __future__ import annotations

import os
import signal
import time

import pytest

import pgref

from pgref.wire import messages as M
from tests.server.wireclient import RawClient, ServeProcess, errors, rows

SHUTDOWN = ("57P01", "terminating connection due to administrator command")


def _setup(srv):
    a = RawClient(srv.port)
    assert not errors(a.query("create table t (id int primary key, v text); insert into t values (1, 'kept')"))
    b = RawClient(srv.port)
    assert not errors(b.query("begin; insert into t values (2, 'lost')"))
    return a, b


def _ends_with_fatal(c: RawClient) -> None:
    c.sock.settimeout(20)
    m = c.recv_message()
    assert isinstance(m, M.ErrorResponse), m
    assert m.get("V") == "FATAL" and (m.get("C"), m.get("M")) == SHUTDOWN
    assert c.recv_message() is None                 # then the server hangs up


def _check_after_restart(datadir: str) -> None:
    assert not os.path.exists(os.path.join(datadir, "pgref.pid"))     # lock file removed
    conn = pgref.connect(datadir)                   # the data directory opens again
    try:
        assert conn.cursor().execute("select id, v from t order by id").fetchall() == [(1, "kept")]
    finally:
        conn.close()


def test_sigint_fast_shutdown(tmp_path):
    datadir = str(tmp_path / "data")
    srv = ServeProcess(datadir)
    a, b = _setup(srv)
    srv.signal(signal.SIGINT)
    _ends_with_fatal(a)
    _ends_with_fatal(b)
    rc, out, err = srv.wait()
    assert rc == 0, err
    assert "fast shutdown" in out and "server stopped" in out
    _check_after_restart(datadir)


def test_sigterm_waits_for_clients_then_ends_the_rest(tmp_path):
    datadir = str(tmp_path / "data")
    srv = ServeProcess(datadir, "--shutdown-grace", "1.0")
    a, b = _setup(srv)
    srv.signal(signal.SIGTERM)
    time.sleep(0.3)
    # during the grace period the sessions keep working
    assert rows(a.query("select count(*) from t")) == [("1",)]
    a.close()                                       # leaves on its own
    _ends_with_fatal(b)                             # still there after the grace period
    rc, out, err = srv.wait()
    assert rc == 0, err
    assert "smart shutdown" in out
    _check_after_restart(datadir)


@pytest.mark.slow
def test_sigterm_without_clients_is_quick(tmp_path):
    datadir = str(tmp_path / "data")
    srv = ServeProcess(datadir, "--shutdown-grace", "3600")
    a, b = _setup(srv)
    b.query("commit")
    a.close()
    b.close()
    srv.signal(signal.SIGTERM)
    rc, _out, err = srv.wait(timeout=300)          # far short of the hour-long grace period
    assert rc == 0, err
    assert not os.path.exists(os.path.join(datadir, "pgref.pid"))


def test_sigint_stops_a_running_statement(tmp_path):
    datadir = str(tmp_path / "data")
    srv = ServeProcess(datadir)
    c = RawClient(srv.port)
    c.query("create table big as select g from generate_series(1, 2000) g")
    c.send(M.Query("select count(*) from big a, big b where a.g + b.g = 7"))
    time.sleep(0.5)
    srv.signal(signal.SIGINT)
    _ends_with_fatal(c)                             # 57P01, not 57014
    rc, _out, err = srv.wait()
    assert rc == 0, err


@pytest.mark.slow
def test_new_connections_refused_during_smart_shutdown(tmp_path):
    datadir = str(tmp_path / "data")
    srv = ServeProcess(datadir, "--shutdown-grace", "2")
    a = RawClient(srv.port)
    srv.signal(signal.SIGTERM)
    time.sleep(0.3)
    try:
        late = RawClient(srv.port, timeout=5)
        refused = bool(errors(late.startup)) or not late.startup
    except OSError:
        refused = True                              # the listener is closed
    assert refused
    _ends_with_fatal(a)
    rc, _out, err = srv.wait()
    assert rc == 0, err


@pytest.mark.slow
def test_sigint_during_smart_shutdown_makes_it_fast(tmp_path):
    datadir = str(tmp_path / "data")
    srv = ServeProcess(datadir, "--shutdown-grace", "3600")
    a, b = _setup(srv)
    srv.signal(signal.SIGTERM)
    time.sleep(0.5)
    srv.signal(signal.SIGINT)                       # PostgreSQL: smart becomes fast
    _ends_with_fatal(a)
    _ends_with_fatal(b)
    rc, _out, err = srv.wait(timeout=300)           # far short of the hour-long grace period
    assert rc == 0, err
    _check_after_restart(datadir)

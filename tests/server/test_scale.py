"""Many connections at once against a real ``pgref serve`` process
(spec/10-wire-protocol.md, "Capacity"; INV-WIRE-9, INV-WIRE-10).

N idle connections stay open (startup done, then silent) while M busy ones
run statements from threads; nothing may fail, the idle ones must still
answer afterwards, and a new connection must get through its startup while
a long statement runs.  The server's RSS growth per idle connection is
printed (run with -s to see it) and bounded loosely.

The fast variant (200 idle + 20 busy) runs in ``make test``; the full one
(1,000 idle + 100 busy) is marked slow.
"""
from __future__ import annotations

import contextlib
import os
import resource
import select
import socket
import threading
import time

import pytest

from pgref.engine import boot
from pgref.engine.database import Database
from pgref.errors import PgError
from pgref.server.main import Server, raise_fd_limit, server_settings
from pgref.wire import messages as M
from pgref.wire.codec import encode_frontend
from tests.server.wireclient import RawClient, ServeProcess, errors, rows, rss_kb


@pytest.fixture(scope="module", autouse=True)
def _fd_limit():
    raise_fd_limit()
    yield


@contextlib.contextmanager
def inproc(tmp_path, **kw):
    """A Server in this process (faster than a subprocess to start)."""
    boot.ensure_loaded()
    db = Database(str(tmp_path / "data"))
    srv = Server(db, "127.0.0.1", 0, socket_dir=None, **kw)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
        db.close()


def _run_scale(tmp_path, n_idle: int, n_busy: int, queries_each: int) -> dict:
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n_idle + n_busy + 64:
        pytest.skip(f"open-file limit {soft} too low for {n_idle + n_busy} connections")
    srv = ServeProcess(str(tmp_path / "data"), "--max-connections", str(n_idle + n_busy + 20))
    try:
        setup = RawClient(srv.port)
        assert not errors(setup.query("create table t (id int, who int, v text)"))
        setup.close()
        time.sleep(0.2)
        base = rss_kb(srv.pid)
        idle = [RawClient(srv.port) for _ in range(n_idle)]
        assert all(isinstance(c.startup[-1], M.ReadyForQuery) for c in idle)
        time.sleep(0.2)
        per_idle_kb = (rss_kb(srv.pid) - base) / n_idle

        failures: list = []
        barrier = threading.Barrier(n_busy)

        def busy(k: int) -> None:
            try:
                c = RawClient(srv.port)
                barrier.wait(timeout=60)
                for i in range(queries_each):
                    got = c.query(f"insert into t values ({i}, {k}, 'x{i}'); "
                                  f"select count(*) from t where who = {k}")
                    if errors(got) or rows(got) != [(str(i + 1),)]:
                        failures.append((k, i, errors(got), rows(got)))
                        break
                c.close()
            except Exception as e:  # collected and asserted below
                failures.append((k, repr(e)))

        threads = [threading.Thread(target=busy, args=(k,)) for k in range(n_busy)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        busy_s = time.monotonic() - t0
        assert not failures, failures[:5]

        # every idle connection is still served, in a different order than opened
        for c in reversed(idle):
            assert rows(c.query("select 1")) == [("1",)]
        check = RawClient(srv.port)
        assert rows(check.query("select count(*) from t")) == [(str(n_busy * queries_each),)]
        check.close()
        for c in idle:
            c.close()
        return {"per_idle_kb": per_idle_kb, "busy_seconds": busy_s, "rss_kb": rss_kb(srv.pid)}
    finally:
        srv.stop()


def test_many_idle_and_busy_connections(tmp_path):
    got = _run_scale(tmp_path, n_idle=200, n_busy=20, queries_each=10)
    print(f"\n200 idle + 20 busy: {got['per_idle_kb']:.1f} KB RSS per idle connection, "
          f"busy phase {got['busy_seconds']:.2f}s")
    assert got["per_idle_kb"] < 400


@pytest.mark.slow
def test_thousand_idle_hundred_busy(tmp_path):
    got = _run_scale(tmp_path, n_idle=1000, n_busy=100, queries_each=20)
    print(f"\n1000 idle + 100 busy: {got['per_idle_kb']:.1f} KB RSS per idle connection, "
          f"busy phase {got['busy_seconds']:.2f}s, server RSS {got['rss_kb'] / 1024:.0f} MB")
    assert got["per_idle_kb"] < 400


def _no_reply_yet(c: RawClient) -> bool:
    """The server has sent nothing on `c` since its last query: the statement
    it runs is still running (an ordering check, not a timing one)."""
    return not select.select([c.sock], [], [], 0)[0]


def test_accepts_and_reads_during_a_long_statement(tmp_path):
    """INV-WIRE-9: a statement running in one session does not stop the
    server from accepting and reading other connections: an SSLRequest is
    answered, a new session starts up, a CancelRequest from a new
    connection stops the statement, and a client that sends half a message
    stalls nobody."""
    with inproc(tmp_path) as srv:
        slow = RawClient(srv.port)
        slow.query("create table big as select g from generate_series(1, 3000) g")
        half = RawClient(srv.port)
        half.sock.sendall(b"Q\x00\x00\x00\x20sel")      # a Query cut short, never finished
        key = next(m for m in slow.startup if isinstance(m, M.BackendKeyData))
        slow.send(M.Query("select count(*) from big a, big b where a.g + b.g = 7"))
        time.sleep(0.3)                                  # the statement is running now
        ssl = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        ssl.sendall(encode_frontend(M.SSLRequest()))
        assert ssl.recv(1) == b"N"
        assert _no_reply_yet(slow)                       # answered while the statement runs
        ssl.close()
        fresh = RawClient(srv.port)                      # a whole startup while it runs
        assert isinstance(fresh.startup[-1], M.ReadyForQuery)
        assert _no_reply_yet(slow)
        cancel = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        cancel.sendall(encode_frontend(M.CancelRequest(key.pid, key.secret)))
        got = slow.until_ready()                         # (the executor checks between batches)
        cancel.close()
        assert errors(got) == [("57014", "canceling statement due to user request")]
        assert rows(slow.query("select 2")) == [("2",)]
        assert rows(fresh.query("select 3")) == [("3",)]
        for c in (slow, half, fresh):
            c.close()


def test_client_that_does_not_read_stalls_nobody(tmp_path):
    """A client that asks for a big result and never reads it only holds up
    itself: its output waits in the server, others are served."""
    with inproc(tmp_path) as srv:
        hog = RawClient(srv.port)
        hog.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        hog.send(M.Query("select repeat('x', 1000) from generate_series(1, 20000)"))
        time.sleep(1.0)
        other = RawClient(srv.port)
        assert rows(other.query("select 'ok'")) == [("ok",)]
        other.close()
        hog.sock.close()


def test_max_connections_exceeded(tmp_path):
    """INV-WIRE-11: beyond max_connections, FATAL 53300 and the connection
    closes; a slot freed by a leaving client is reusable."""
    conf = server_settings(str(tmp_path / "nodir"), None, ["max_connections=5", "superuser_reserved_connections=0"])
    with inproc(tmp_path, **conf) as srv:
        conns = [RawClient(srv.port) for _ in range(5)]
        extra = RawClient(srv.port)
        assert errors(extra.startup) == [("53300", "sorry, too many clients already")]
        assert extra.startup[0].get("V") == "FATAL"
        assert extra.recv_message() is None               # closed by the server
        conns.pop().close()
        again = None
        for _ in range(100):                              # the slot comes back when the session ends
            again = RawClient(srv.port)
            if not errors(again.startup):
                break
            time.sleep(0.05)
        assert rows(again.query("select 1")) == [("1",)]
        for c in conns + [again]:
            c.close()


def test_max_connections_from_pgref_conf(tmp_path):
    data = tmp_path / "data"
    os.makedirs(data)
    (data / "pgref.conf").write_text("# server settings\nmax_connections = 2   # two only\n"
                                     "superuser_reserved_connections = 1\nport = 5999\n")
    conf = server_settings(str(data))
    assert conf == {"max_connections": 2, "superuser_reserved_connections": 1}
    assert server_settings(str(data), 7, ["superuser_reserved_connections = 2"]) == \
        {"max_connections": 7, "superuser_reserved_connections": 2}
    with inproc(tmp_path, **conf) as srv:
        a, b = RawClient(srv.port), RawClient(srv.port)
        c = RawClient(srv.port)
        assert errors(c.startup) == [("53300", "sorry, too many clients already")]
        a.close()
        b.close()


def test_reserved_slots_are_for_superusers(tmp_path):
    """superuser_reserved_connections: the last slots refuse non-superusers
    with PostgreSQL's message (alice and bob are not superusers)."""
    from pgref.engine import boot
    from pgref.engine.database import Database
    from pgref.server.main import Server
    boot.ensure_loaded()
    from pgref.engine.session import Session
    db = Database(str(tmp_path / "data"))
    Session(db).execute("CREATE USER alice; CREATE USER bob")     # non-superuser login roles
    srv = Server(db, "127.0.0.1", 0, socket_dir=None, max_connections=3, superuser_reserved_connections=2)
    port = srv.start()
    try:
        a = RawClient(port, user="alice")
        b = RawClient(port, user="bob")
        assert errors(b.startup) == [("53300", "remaining connection slots are reserved for "
                                      "non-replication superuser connections")]
        p1, p2 = RawClient(port), RawClient(port)
        assert not errors(p1.startup) and not errors(p2.startup)
        p3 = RawClient(port)
        assert errors(p3.startup) == [("53300", "sorry, too many clients already")]
        for c in (a, p1, p2):
            c.close()
    finally:
        srv.stop()
        db.close()


def test_bad_server_settings(tmp_path):
    d = str(tmp_path / "d")
    with pytest.raises(PgError, match='unrecognized configuration parameter "nosuch"'):
        server_settings(d, None, ["nosuch=1"])
    with pytest.raises(PgError, match='outside the valid range for parameter "max_connections"'):
        server_settings(d, 0)
    with pytest.raises(PgError, match=r"superuser_reserved_connections \(3\) must be less than "
                                      r"max_connections \(3\)"):
        Server(None, max_connections=3, superuser_reserved_connections=3)


def test_bad_setting_on_the_command_line(tmp_path):
    import subprocess
    import sys
    from tests.server.wireclient import ROOT
    p = subprocess.run([sys.executable, "-m", "pgref.cli", "serve", "-D", str(tmp_path / "d"), "--port", "0",
                        "-c", "max_connections=3", "-c", "superuser_reserved_connections=3"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert "superuser_reserved_connections (3) must be less than max_connections (3)" in p.stderr

"""``pgref serve`` on a loopback port, driven by real clients: psycopg 3
and the real psql 15 (spec/10-wire-protocol.md, "Tests that pin it down").
"""
from __future__ import annotations

import shutil
import socket
import struct
import subprocess
import threading

import psycopg
import pytest

from pgref.wire import messages as M
from pgref.wire.codec import encode_frontend, split_backend

PSQL = shutil.which("psql") or "/usr/bin/psql"


def dsn(server, **kw):
    opts = {"host": "127.0.0.1", "port": server.port, "user": "postgres", "dbname": "postgres",
            "connect_timeout": 10, **kw}
    return " ".join(f"{k}={v}" for k, v in opts.items())


def psql(server, *args, stdin=None, host="127.0.0.1"):
    cmd = [PSQL, "-X", "-h", host, "-p", str(server.port), "-U", "postgres", "-d", "postgres", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "10"})


def test_psql_select(server):
    r = psql(server, "-c", "select 1 as a, 'x' as b")
    assert r.returncode == 0, r.stderr
    assert r.stdout == " a | b \n---+---\n 1 | x\n(1 row)\n\n"


def test_psql_script_via_stdin(server):
    script = ("create table ps(id int primary key, name text);\n"
              "insert into ps values (1, 'one'), (2, NULL);\n"
              "select id, name from ps order by id;\n"
              "select 1/0;\n"
              "\\echo after\n")
    r = psql(server, stdin=script)
    assert r.stdout == ("CREATE TABLE\nINSERT 0 2\n"
                        " id | name \n----+------\n  1 | one\n  2 | \n(2 rows)\n\n"
                        "after\n")
    assert r.stderr == "ERROR:  division by zero\n"


def test_psql_error_position_and_unix_socket(server):
    r = psql(server, "-c", "select * from nosuch_table", host=server.socket_dir)
    assert r.returncode == 1
    assert r.stderr == ('ERROR:  relation "nosuch_table" does not exist\n'
                        "LINE 1: select * from nosuch_table\n"
                        "                      ^\n")


def test_psycopg_text_and_binary(server):
    with psycopg.connect(dsn(server)) as conn:
        assert conn.info.server_version == 150018
        assert conn.info.parameter_status("integer_datetimes") == "on"
        cur = conn.cursor()
        cur.execute("create table pc(id int, v text, n numeric, ok bool)")
        cur.executemany("insert into pc values (%s, %s, %s, %s)", [(1, "héllo", 1.5, True), (2, None, None, False)])
        cur.execute("select id, v, n, ok from pc where id >= %s order by id", (1,))
        rows = cur.fetchall()
        assert [(r[0], r[1], float(r[2]) if r[2] is not None else None, r[3]) for r in rows] == \
            [(1, "héllo", 1.5, True), (2, None, None, False)]
        assert [d.type_code for d in cur.description] == [23, 25, 1700, 16]
        conn.commit()
        bcur = conn.cursor(binary=True)
        bcur.execute("select id, v, ok from pc where id = %s", (1,))
        assert bcur.fetchall() == [(1, "héllo", True)]
        bcur.execute("select %s::bytea, %s::int8", (b"\x00\xff", 2**40))
        assert bcur.fetchone() == (b"\x00\xff", 2**40)


def test_psycopg_errors_map_to_sqlstate(server):
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero) as ei:
            conn.execute("select 1/%s", (0,))
        assert ei.value.sqlstate == "22012"
        with pytest.raises(psycopg.errors.UndefinedTable):
            conn.execute("select * from nosuch")
        conn.execute("create table pu(a int primary key)")
        conn.execute("insert into pu values (1)")
        with pytest.raises(psycopg.errors.UniqueViolation) as ei:
            conn.execute("insert into pu values (%s)", (1,))
        assert ei.value.diag.constraint_name == "pu_pkey"
        assert conn.execute("select 2").fetchone() == (2,)


def test_psycopg_transactions(server):
    with psycopg.connect(dsn(server)) as conn:
        conn.execute("create table pt(a int)")
        conn.commit()
        conn.execute("insert into pt values (1)")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        conn.rollback()
        assert conn.execute("select count(*) from pt").fetchone() == (0,)
        with pytest.raises(psycopg.errors.DivisionByZero):
            conn.execute("select 1/0")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        with pytest.raises(psycopg.errors.InFailedSqlTransaction):
            conn.execute("select 1")
        conn.rollback()


def test_psycopg_prepared_and_set(server):
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        for _ in range(3):
            assert conn.execute("select %s::int * 2", (21,), prepare=True).fetchone() == (42,)
        conn.execute("set timezone = 'Europe/Berlin'")
        assert conn.info.parameter_status("TimeZone") == "Europe/Berlin"


def test_two_concurrent_connections(server):
    with psycopg.connect(dsn(server), autocommit=True) as c0:
        c0.execute("create table cc(w int, i int)")
    errors = []

    def work(w):
        try:
            with psycopg.connect(dsn(server)) as c:
                for i in range(20):
                    c.execute("insert into cc values (%s, %s)", (w, i))
                c.commit()
        except Exception as e:  # collected and asserted below
            errors.append(e)
    ts = [threading.Thread(target=work, args=(w,)) for w in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    assert errors == []
    with psycopg.connect(dsn(server), autocommit=True) as c:
        assert c.execute("select w, count(*) from cc group by w order by w").fetchall() == [(0, 20), (1, 20)]


def _raw(server, data: bytes) -> list:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(encode_frontend(M.StartupMessage(M.PROTOCOL_3_0, {"user": "postgres"})))
        s.sendall(data)
        buf = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    return split_backend(buf)


def test_malformed_message_closes_only_that_connection(server):
    with psycopg.connect(dsn(server), autocommit=True) as other:
        msgs = _raw(server, b"Q" + struct.pack("!i", 2**31 - 1))
        err = msgs[-1]
        assert err.is_fatal and err.get("C") == "08P01" and err.get("M") == "invalid message length"
        msgs = _raw(server, b"\x01garbage")
        assert msgs[-1].get("M") == "invalid frontend message type 1"
        assert other.execute("select 1").fetchone() == (1,)
    assert psql(server, "-c", "select 1").returncode == 0


def test_ssl_request_refused(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(encode_frontend(M.SSLRequest()))
        assert s.recv(1) == b"N"
        s.sendall(encode_frontend(M.StartupMessage(M.PROTOCOL_3_0, {"user": "postgres"})) +
                  encode_frontend(M.Terminate()))
        buf = b""
        while chunk := s.recv(65536):
            buf += chunk
    assert split_backend(buf)[-1] == M.ReadyForQuery("I")
    with psycopg.connect(dsn(server, sslmode="prefer")) as c:
        assert c.execute("select 1").fetchone() == (1,)


def test_cancel_request_stops_a_running_query(server):
    with psycopg.connect(dsn(server), autocommit=True) as c:
        c.execute("create table big as select g from generate_series(1, 2000) g")
        threading.Timer(0.3, c.cancel_safe).start()   # cancel() would hold the GIL in libpq, and this server runs in-process
        with pytest.raises(psycopg.errors.QueryCanceled) as ei:
            c.execute("select count(*) from big a, big b where a.g + b.g = 7")
        assert ei.value.sqlstate == "57014"
        assert c.execute("select 1").fetchone() == (1,)


def test_pgref_serve_command(tmp_path):
    """The CLI entry point: `pgref serve -D DIR --port 0` prints the port it took."""
    import os
    import re
    import signal
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "pgref.cli", "serve", "-D", str(tmp_path / "d"),
                             "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(
                                os.path.dirname(os.path.abspath(__file__))))})
    try:
        line = proc.stdout.readline()
        m = re.search(r"on 127\.0\.0\.1:(\d+)", line)
        assert m, line + proc.stderr.read()
        port = int(m.group(1))
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres") as c:
            assert c.execute("select 40 + %s", (2,)).fetchone() == (42,)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "server stopped" in out


def test_sessions_see_each_other_only_after_commit(server):
    with psycopg.connect(dsn(server), autocommit=True) as a, psycopg.connect(dsn(server), autocommit=True) as b:
        a.execute("create table vis(a int)")
        a.execute("begin")
        a.execute("insert into vis values (1)")
        assert b.execute("select count(*) from vis").fetchone() == (0,)
        a.execute("commit")
        assert b.execute("select count(*) from vis").fetchone() == (1,)
        a.execute("create temp table mine(x int)")
        with pytest.raises(psycopg.errors.UndefinedTable):
            b.execute("select * from mine")


def test_many_connections_in_parallel(server):
    with psycopg.connect(dsn(server), autocommit=True) as c0:
        c0.execute("create table par(w int, i int)")
    errors = []

    def work(w):
        try:
            with psycopg.connect(dsn(server), autocommit=True) as c:
                for i in range(10):
                    c.execute("insert into par values (%s, %s)", (w, i))
                    c.execute("select count(*) from par where w = %s", (w,)).fetchone()
        except Exception as e:  # collected and asserted below
            errors.append(e)
    ts = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert errors == []
    with psycopg.connect(dsn(server), autocommit=True) as c:
        assert c.execute("select count(*), count(distinct w) from par").fetchone() == (80, 8)

"""COPY FROM STDIN / TO STDOUT through the wire protocol (spec/10-wire-protocol.md,
"COPY"): psycopg 3's ``cursor.copy`` in both directions, text and CSV, the
real psql's ``\\copy`` and a psql script with ``COPY ... FROM stdin;`` and
inline data, plus the raw message flows through a Pump.
"""
from __future__ import annotations

import shutil
import subprocess

import psycopg
import pytest

from pgref.engine import boot
from pgref.engine.database import Database
from pgref.wire import messages as M
from pgref.wire.codec import encode_frontend, split_backend

PSQL = shutil.which("psql") or "/usr/bin/psql"


def dsn(server):
    return f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres connect_timeout=10"


def psql(server, *args, stdin=None):
    cmd = [PSQL, "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "-d", "postgres", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "10"})


def test_psycopg_copy_in_and_out_text(server):
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("create table cw1(a int, b text)")
        with cur.copy("COPY cw1 FROM STDIN") as cp:
            cp.write_row((1, "one"))
            cp.write_row((2, None))
            cp.write_row((3, "tab\there\nnewline \\ back"))
        assert cur.rowcount == 3
        cur.execute("select a, b from cw1 order by a")
        assert cur.fetchall() == [(1, "one"), (2, None), (3, "tab\there\nnewline \\ back")]
        with cur.copy("COPY cw1 TO STDOUT") as cp:
            data = b"".join(bytes(b) for b in cp)
        assert data == b"1\tone\n2\t\\N\n3\ttab\\there\\nnewline \\\\ back\n"
        with cur.copy("COPY (select a, b from cw1 order by a desc) TO STDOUT") as cp:
            rows = list(cp.rows())
        assert rows == [("3", "tab\there\nnewline \\ back"), ("2", None), ("1", "one")]


def test_psycopg_copy_csv_and_raw_write(server):
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("create table cw2(a int, b text)")
        with cur.copy("COPY cw2 FROM STDIN (FORMAT csv, HEADER true)") as cp:
            cp.write(b'a,b\n1,"x, ""quoted"""\n2,\n3,""\n')
        cur.execute("select a, b from cw2 order by a")
        assert cur.fetchall() == [(1, 'x, "quoted"'), (2, None), (3, "")]
        with cur.copy("COPY cw2 TO STDOUT WITH (FORMAT csv, HEADER)") as cp:
            data = b"".join(bytes(b) for b in cp)
        assert data == b'a,b\n1,"x, ""quoted"""\n2,\n3,""\n'


def test_psycopg_copy_error_rolls_back(server):
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("create table cw3(a int)")
        with pytest.raises(psycopg.errors.InvalidTextRepresentation) as ei:
            with cur.copy("COPY cw3 FROM STDIN") as cp:
                cp.write(b"1\n2\nx\n")
        assert ei.value.diag.context.startswith('COPY cw3, line 3, column a: "x"')
        cur.execute("select count(*) from cw3")
        assert cur.fetchone() == (0,)
        # the connection is usable afterwards
        cur.execute("select 1")
        assert cur.fetchone() == (1,)


def test_psycopg_copy_in_transaction_block(server):
    with psycopg.connect(dsn(server)) as conn:
        cur = conn.cursor()
        cur.execute("create table cw4(a int)")
        with cur.copy("COPY cw4 FROM STDIN") as cp:
            cp.write_row((7,))
        cur.execute("select a from cw4")
        assert cur.fetchall() == [(7,)]
        conn.rollback()
        cur.execute("select count(*) from pg_class where relname = 'cw4'")
        assert cur.fetchone() == (0,)


def test_psql_backslash_copy(server, tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("1,alpha\n2,beta\n")
    r = psql(server, "-c", "create table cw5(a int, b text)")
    assert r.returncode == 0, r.stderr
    r = psql(server, "-c", f"\\copy cw5 from '{f}' csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "COPY 2"
    out = tmp_path / "out.txt"
    r = psql(server, "-c", f"\\copy cw5 to '{out}'")
    assert r.returncode == 0, r.stderr
    assert out.read_text() == "1\talpha\n2\tbeta\n"


def test_psql_script_with_inline_data(server):
    script = ("create table cw6(a int, b text);\n"
              "COPY cw6 FROM stdin;\n"
              "1\tone\n"
              "2\t\\N\n"
              "\\.\n"
              "select a, coalesce(b, 'null') from cw6 order by a;\n")
    r = psql(server, "-A", "-t", stdin=script)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "CREATE TABLE\nCOPY 2\n1|one\n2|null\n"


def test_psql_copy_to_stdout(server):
    r = psql(server, "-c", "copy (select 1 as a, 'x,y' as b union all select 2, null order by 1) to stdout csv header")
    assert r.returncode == 0, r.stderr
    assert r.stdout == 'a,b\n1,"x,y"\n2,\n'


def test_psql_copy_error_reports_context(server):
    script = ("create table cw7(a int);\n"
              "COPY cw7 FROM stdin;\n"
              "1\n"
              "oops\n"
              "\\.\n"
              "select count(*) from cw7;\n")
    r = psql(server, "-A", "-t", stdin=script)
    assert 'ERROR:  invalid input syntax for type integer: "oops"' in r.stderr
    assert 'CONTEXT:  COPY cw7, line 2, column a: "oops"' in r.stderr
    assert r.stdout.endswith("0\n")


# ---------------------------------------------------------------- raw message flows

def _pump():
    from pgref.server.backend import Backend
    from pgref.server.pump import Pump
    boot.ensure_loaded()
    db = Database(None)
    pump = Pump(lambda: Backend(db, 1, 2), lambda ev: None)
    out = split_backend(pump.feed(encode_frontend(M.StartupMessage(M.PROTOCOL_3_0, {"user": "postgres"}))))
    assert isinstance(out[-1], M.ReadyForQuery)
    return pump


def _send(pump, *msgs):
    return split_backend(pump.feed(b"".join(encode_frontend(m) for m in msgs)))


def test_raw_copy_in_simple_query_then_rest_of_query():
    p = _pump()
    _send(p, M.Query("create table r1(a int)"))
    out = _send(p, M.Query("insert into r1 values (0); copy r1 from stdin; select count(*) from r1"))
    assert isinstance(out[-1], M.CopyInResponse) and out[-1].column_formats == (0,)
    assert _send(p, M.CopyData(b"1\n2"), M.CopyData(b"\n3\n")) == []
    out = _send(p, M.CopyDone())
    assert M.CommandComplete("COPY 3") in out
    assert any(isinstance(m, M.DataRow) and m.values == (b"4",) for m in out)
    assert out[-1] == M.ReadyForQuery("I")


def test_raw_two_copies_in_one_query_and_error_after():
    p = _pump()
    _send(p, M.Query("create table r4(a int)"))
    out = _send(p, M.Query("copy r4 from stdin; copy r4 from stdin; select count(*) from r4; select 1/0"))
    assert out[-1] == M.CopyInResponse(0, (0,))
    out = _send(p, M.CopyData(b"1\n"), M.CopyDone())
    assert out == [M.CommandComplete("COPY 1"), M.CopyInResponse(0, (0,))]
    out = _send(p, M.CopyData(b"2\n3\n"), M.CopyDone())
    assert out[0] == M.CommandComplete("COPY 2")
    assert M.DataRow((b"3",)) in out
    assert out[-2].get("C") == "22012" and out[-1] == M.ReadyForQuery("I")
    # the whole Query string was one implicit transaction: the error undid the copies
    out = _send(p, M.Query("select count(*) from r4"))
    assert out[1] == M.DataRow((b"0",))


def test_raw_copy_fail_and_unexpected_message():
    p = _pump()
    _send(p, M.Query("create table r2(a int)"))
    _send(p, M.Query("copy r2 from stdin"))
    out = _send(p, M.CopyData(b"1\n"), M.CopyFail("client gave up"))
    err = out[0]
    assert isinstance(err, M.ErrorResponse)
    assert (err.get("C"), err.get("M")) == ("57014", "COPY from stdin failed: client gave up")
    assert out[-1] == M.ReadyForQuery("I")
    _send(p, M.Query("copy r2 from stdin"))
    out = _send(p, M.Query("select 1"))
    assert out[0].get("C") == "08P01"
    assert out[0].get("M") == "unexpected message type 0x51 during COPY from stdin"
    out = _send(p, M.Query("select count(*) from r2"))
    assert out[1] == M.DataRow((b"0",))


def test_raw_copy_extended_protocol():
    p = _pump()
    _send(p, M.Query("create table r3(a int, b text)"))
    out = _send(p, M.Parse("", "copy r3 from stdin (format csv)"), M.Bind("", "", (), (), ()),
                M.Execute("", 0), M.Sync())
    assert out[:2] == [M.ParseComplete(), M.BindComplete()]
    assert out[2] == M.CopyInResponse(0, (0, 0))
    assert len(out) == 3                       # the Sync is ignored during copy-in
    out = _send(p, M.CopyData(b'1,"a\nb"\n'), M.CopyDone(), M.Sync())
    assert out == [M.CommandComplete("COPY 1"), M.ReadyForQuery("I")]
    out = _send(p, M.Parse("", "copy r3 to stdout"), M.Bind("", "", (), (), ()), M.Execute("", 0), M.Sync())
    assert out[2:] == [M.CopyOutResponse(0, (0, 0)), M.CopyData(b"1\ta\\nb\n"), M.CopyDone(),
                       M.CommandComplete("COPY 1"), M.ReadyForQuery("I")]

"""The same protocol conversations against PostgreSQL 15 and `pgref serve`,
compared message by message (spec/10-wire-protocol.md, "Tests that pin it
down").  Uses the project's oracle cluster (tests/conftest.py: pg_cluster).

What is compared: the kinds of the backend messages in order, and their
contents that do not depend on the server (command tags, row values, column
names/type OIDs/formats, SQLSTATE and message of errors, ReadyForQuery
status, parameter types).  ParameterStatus and BackendKeyData are compared
only at startup, by name.
"""
from __future__ import annotations

import socket
import struct

import pytest

from pgref.engine import boot
from pgref.engine.database import Database
from pgref.server.main import Server
from pgref.wire import messages as M
from pgref.wire.codec import decode_backend, encode_frontend


@pytest.fixture(scope="module")
def pgref_port(tmp_path_factory):
    boot.ensure_loaded()
    db = Database(str(tmp_path_factory.mktemp("wire_diff") / "data"))
    srv = Server(db, "127.0.0.1", 0, socket_dir=None)
    srv.start()
    yield srv.port
    srv.stop()
    db.close()


class RawClient:
    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""
        self.sock.sendall(encode_frontend(M.StartupMessage(M.PROTOCOL_3_0,
                                                           {"user": "postgres", "database": "postgres"})))
        self.startup = self.until_ready(1)

    def _read_one(self):
        while True:
            if len(self.buf) >= 5:
                (ln,) = struct.unpack("!i", self.buf[1:5])
                if len(self.buf) >= 1 + ln:
                    t, body, self.buf = self.buf[0], self.buf[5:1 + ln], self.buf[1 + ln:]
                    return decode_backend(t, body)
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buf += chunk

    def until_ready(self, n: int) -> list:
        out = []
        while n:
            m = self._read_one()
            if m is None:
                break
            out.append(m)
            if isinstance(m, (M.ReadyForQuery,)):
                n -= 1
            if isinstance(m, M.ErrorResponse) and m.is_fatal:
                break
        return out

    def talk(self, msgs) -> list:
        self.sock.sendall(b"".join(encode_frontend(m) for m in msgs))
        syncs = sum(isinstance(m, (M.Sync, M.Query)) for m in msgs)
        return self.until_ready(syncs)

    def close(self):
        self.sock.sendall(encode_frontend(M.Terminate()))
        self.sock.close()


def normalize(msgs) -> list:
    out = []
    for m in msgs:
        if isinstance(m, (M.ParameterStatus, M.BackendKeyData)):
            continue
        if isinstance(m, M.RowDescription):
            out.append(("T", tuple((f.name, f.type_oid, f.typmod, f.format, f.type_size) for f in m.fields)))
        elif isinstance(m, (M.ErrorResponse, M.NoticeResponse)):
            out.append((type(m).__name__, m.get("S"), m.get("C"), m.get("M"), m.get("D"), m.get("P")))
        else:
            out.append(m)
    return out


I4 = lambda v: struct.pack("!i", v)  # noqa: E731

CONVERSATIONS = {
    "simple": [M.Query("select 1 as a, 'x'::text as b, null::int as c")],
    "simple_multi_error": [M.Query("select 1; select 1/0; select 2")],
    "empty": [M.Query(""), M.Query(";")],
    "syntax_error": [M.Query("selec 1")],
    "block": [M.Query("begin"), M.Query("select 1/0"), M.Query("select 1"), M.Query("rollback")],
    "notice": [M.Query("begin"), M.Query("begin"), M.Query("commit"), M.Query("commit")],
    "ddl_dml": [M.Query("create table wd1(a int primary key, b text)"),
                M.Query("insert into wd1 values (1, 'a'), (2, null) returning a"),
                M.Query("update wd1 set b = 'z' where a = 2"), M.Query("delete from wd1 where a = 1"),
                M.Query("insert into wd1 values (2, 'dup')"), M.Query("drop table wd1")],
    "extended_basic": [M.Parse("", "select $1::int + 1 as r", ()), M.Bind("", "", (), (b"41",), ()),
                       M.Describe("P", ""), M.Execute("", 0), M.Sync()],
    "extended_describe_statement": [M.Parse("s", "select $1::int4, $2::text", (0, 0)), M.Describe("S", "s"),
                                    M.Sync(), M.Close("S", "s"), M.Sync()],
    "extended_binary": [M.Parse("", "select $1::int4 * 2 as r, 'x'::text as t", (23,)),
                        M.Bind("", "", (1,), (I4(21),), (1, 0)), M.Describe("P", ""), M.Execute("", 0), M.Sync()],
    "extended_row_limit": [M.Parse("", "select g from generate_series(1, 5) g", ()), M.Bind("", "", (), (), ()),
                           M.Execute("", 2), M.Execute("", 2), M.Execute("", 2), M.Sync()],
    "extended_error_skips": [M.Parse("", "select 1/g from generate_series($1::int, $1::int) g", ()), M.Bind("", "", (), (b"0",), ()),
                             M.Execute("", 0), M.Parse("", "select 2", ()), M.Sync(), M.Query("select 3")],
    "extended_utility": [M.Parse("", "set application_name = 'wd'", ()), M.Bind("", "", (), (), ()),
                         M.Execute("", 0), M.Sync(), M.Query("reset application_name")],
    "extended_empty": [M.Parse("", "", ()), M.Bind("", "", (), (), ()), M.Describe("P", ""), M.Execute("", 0),
                       M.Sync()],
    "bind_errors": [M.Bind("", "nosuch", (), (), ()), M.Sync(),
                    M.Parse("", "select $1::int", ()), M.Bind("", "", (), (), ()), M.Sync(),
                    M.Parse("", "select $1::int", ()), M.Bind("", "", (), (b"zz",), ()), M.Sync(),
                    M.Execute("nope", 0), M.Sync()],
    "parse_errors": [M.Parse("", "select 1; select 2", ()), M.Sync(),
                     M.Parse("d", "select 1", ()), M.Parse("d", "select 1", ()), M.Sync()],
    "close_portal": [M.Parse("q", "select 1", ()), M.Bind("p", "q", (), (), ()), M.Close("P", "p"),
                     M.Execute("p", 0), M.Sync()],
    "in_failed_block_extended": [M.Query("begin; select 1/0"), M.Parse("", "select 1", ()), M.Sync(),
                                 M.Query("rollback")],
    "extended_in_block": [M.Parse("", "begin", ()), M.Bind("", "", (), (), ()), M.Execute("", 0), M.Sync(),
                          M.Parse("", "select 1", ()), M.Bind("", "", (), (), ()), M.Execute("", 0), M.Sync(),
                          M.Query("commit")],
    "values_text_and_binary": [
        M.Parse("v", "select 1::int2, 2::int8, 1.50::numeric(5,2), 2.5::float8, true, 'ab'::bytea, "
                "date '2024-02-29', timestamp '2024-01-02 03:04:05.5', interval '1 day 2 hours', "
                "array[1, null, 3], 'x'::varchar(3), 'y'::char(2), 'a b'::name", ()),
        M.Bind("", "v", (), (), (0,)), M.Describe("P", ""), M.Execute("", 0),
        M.Bind("", "v", (), (), (1,)), M.Describe("P", ""), M.Execute("", 0), M.Sync()],
    "describe_inferred_params": [M.Parse("", "select $1, $2::int8 + $3", ()), M.Describe("S", ""), M.Sync(),
                                 M.Parse("", "insert into nosuch_wd values ($1)", ()), M.Sync()],
    "describe_dml": [M.Query("create table wd2(a int, b text)"),
                     M.Parse("", "insert into wd2 values ($1, $2)", ()), M.Describe("S", ""), M.Sync(),
                     M.Parse("", "update wd2 set b = $1 where a = $2 returning b", ()), M.Describe("S", ""),
                     M.Sync(), M.Query("drop table wd2")],
    "implicit_block_until_sync": [
        M.Query("create table wd3(a int)"),
        M.Parse("", "insert into wd3 values ($1)", ()), M.Bind("", "", (), (b"1",), ()), M.Execute("", 0),
        M.Parse("", "insert into wd3 select 1/g from generate_series($1::int, $1::int) g", ()),
        M.Bind("", "", (), (b"0",), ()),
        M.Execute("", 0), M.Sync(),
        M.Parse("", "insert into wd3 values ($1)", ()), M.Bind("", "", (), (b"2",), ()), M.Execute("", 0),
        M.Bind("", "", (), (b"x",), ()), M.Sync(),
        M.Parse("", "insert into wd3 values ($1)", ()), M.Bind("", "", (), (b"3",), ()), M.Execute("", 0),
        M.Sync(),
        M.Query("select a from wd3 order by a"), M.Query("drop table wd3")],
    "error_outside_statement_fails_block": [
        M.Query("begin"), M.Parse("", "select $1::int", ()), M.Bind("", "", (), (b"x",), ()), M.Sync(),
        M.Query("select 1"), M.Query("rollback")],
    "status_inside_pipeline": [
        M.Parse("", "select 1", ()), M.Bind("", "", (), (), ()), M.Execute("", 0), M.Flush(),
        M.Query("select 2"), M.Sync()],
}

REPORTING = {
    "set_reports": [M.Query("set datestyle = 'German'"), M.Query("set application_name = 'wd'"),
                    M.Query("begin; set timezone = 'Europe/Berlin'; rollback"), M.Query("reset all")],
}


@pytest.mark.parametrize("name", sorted(REPORTING))
def test_parameter_status_matches_postgres(name, pg_cluster, pgref_port):
    answers = []
    for port in (pg_cluster.port, pgref_port):
        c = RawClient(port)
        try:
            answers.append([m for m in c.talk(REPORTING[name]) if isinstance(m, (M.ParameterStatus,
                                                                                 M.ReadyForQuery))])
        finally:
            c.close()
    assert answers[1] == answers[0]


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_conversation_matches_postgres(name, pg_cluster, pgref_port):
    msgs = CONVERSATIONS[name]
    answers = []
    for port in (pg_cluster.port, pgref_port):
        c = RawClient(port)
        try:
            answers.append(normalize(c.talk(msgs)))
        finally:
            c.close()
    pg, ours = answers
    assert ours == pg


def test_startup_reports_the_same_settings(pg_cluster, pgref_port):
    names = []
    for port in (pg_cluster.port, pgref_port):
        c = RawClient(port)
        names.append(sorted(m.name for m in c.startup if isinstance(m, M.ParameterStatus)))
        assert isinstance(c.startup[0], M.AuthenticationOk) and c.startup[-1] == M.ReadyForQuery("I")
        c.close()
    assert names[1] == names[0]


def _framing_answer(port: int, data: bytes) -> list:
    c = RawClient(port)
    c.sock.sendall(data)
    msgs = c.until_ready(1)
    c.sock.close()
    return [(m.get("S"), m.get("C"), m.get("M")) for m in msgs if isinstance(m, M.ErrorResponse)]


def test_unknown_message_type_matches_postgres(pg_cluster, pgref_port):
    data = b"\x01\x00\x00\x00\x04"
    assert _framing_answer(pgref_port, data) == _framing_answer(pg_cluster.port, data) == [
        ("FATAL", "08P01", "invalid frontend message type 1")]


def test_bad_length_differs_only_by_telling_the_client(pg_cluster, pgref_port):
    """PostgreSQL logs a bad message length (COMMERROR) and hangs up without
    a word; pgref says FATAL 08P01 first (spec: Differences)."""
    data = b"Q\x00\x00\x00\x03"
    assert _framing_answer(pg_cluster.port, data) == []
    assert _framing_answer(pgref_port, data) == [("FATAL", "08P01", "invalid message length")]

"""The sans-IO state machine fed with bytes (spec/10-wire-protocol.md,
"State machine"; INV-WIRE-1, -3, -4, -5)."""
from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pgref.wire import messages as M
from pgref.wire.codec import LocalProtocolError, ProtocolError, encode_frontend, split_backend
from pgref.wire.connection import (AUTH, CLOSED, CONNECTION_CLOSED, ERROR, NEED_DATA, READY, READY_RECEIVED,
                                   STARTUP, ServerConnection)

STARTUP_MSG = M.StartupMessage(M.PROTOCOL_3_0, {"user": "postgres", "database": "postgres"})


def events(conn):
    out = []
    while True:
        ev = conn.next_event()
        if ev is NEED_DATA or ev is CONNECTION_CLOSED:
            return out
        out.append(ev)


def ready_conn() -> ServerConnection:
    c = ServerConnection()
    c.receive_data(encode_frontend(STARTUP_MSG))
    assert c.next_event() == STARTUP_MSG
    for m in (M.AuthenticationOk(), M.ParameterStatus("a", "b"), M.BackendKeyData(1, 2), M.ReadyForQuery("I")):
        c.send(m)
    assert c.state == READY
    return c


def test_startup_byte_by_byte():
    """INV-WIRE-1: nothing is returned before the packet is complete."""
    c = ServerConnection()
    raw = encode_frontend(STARTUP_MSG)
    for b in raw[:-1]:
        c.receive_data(bytes([b]))
        assert c.next_event() is NEED_DATA
    c.receive_data(raw[-1:])
    assert c.next_event() == STARTUP_MSG
    assert c.state == AUTH


def test_ssl_then_startup():
    c = ServerConnection()
    c.receive_data(encode_frontend(M.SSLRequest()) + encode_frontend(STARTUP_MSG))
    assert c.next_event() == M.SSLRequest()
    assert c.next_event() is NEED_DATA           # the server must answer first
    assert c.send(M.SSLRefused()) == b"N"
    assert c.next_event() == STARTUP_MSG


def test_gssenc_refused():
    c = ServerConnection()
    c.receive_data(encode_frontend(M.GSSENCRequest()))
    assert c.next_event() == M.GSSENCRequest()
    assert c.send(M.SSLRefused()) == b"N"
    assert c.state == STARTUP


def test_cancel_request_closes():
    c = ServerConnection()
    c.receive_data(encode_frontend(M.CancelRequest(5, 6)))
    assert c.next_event() == M.CancelRequest(5, 6)
    assert c.state == CLOSED
    assert c.next_event() is CONNECTION_CLOSED


def test_auth_phase_ordering_is_enforced():
    c = ServerConnection()
    c.receive_data(encode_frontend(STARTUP_MSG))
    c.next_event()
    with pytest.raises(LocalProtocolError):
        c.send(M.DataRow((b"1",)))
    with pytest.raises(LocalProtocolError):
        ServerConnection().send(M.SSLRefused())


def test_simple_and_extended_events():
    c = ready_conn()
    msgs = [M.Query("select 1"), M.Parse("", "select $1", (23,)), M.Bind("", "", (), (b"1",), ()),
            M.Describe("P", ""), M.Execute("", 0), M.Sync()]
    c.receive_data(b"".join(encode_frontend(m) for m in msgs))
    assert events(c) == msgs


def test_error_in_extended_skips_until_sync():
    """INV-WIRE-4."""
    c = ready_conn()
    c.receive_data(b"".join(encode_frontend(m) for m in (
        M.Parse("", "bad", ()), M.Bind("", "", (), (), ()), M.Execute("", 0), M.Query("x"), M.Sync(),
        M.Query("select 2"))))
    assert c.next_event() == M.Parse("", "bad", ())
    c.send(M.ErrorResponse((("S", "ERROR"), ("V", "ERROR"), ("C", "42601"), ("M", "syntax error"))))
    assert c.ignore_till_sync
    assert c.next_event() == M.Sync()
    assert not c.ignore_till_sync
    c.send(M.ReadyForQuery("I"))
    assert c.next_event() == M.Query("select 2")


def test_error_in_simple_query_does_not_skip():
    c = ready_conn()
    c.receive_data(encode_frontend(M.Query("x")) + encode_frontend(M.Query("y")))
    assert c.next_event() == M.Query("x")
    c.send(M.ErrorResponse((("S", "ERROR"), ("V", "ERROR"), ("C", "42601"), ("M", "e"))))
    c.send(M.ReadyForQuery("I"))
    assert c.next_event() == M.Query("y")


def test_fatal_closes():
    """INV-WIRE-5."""
    c = ready_conn()
    c.send(M.ErrorResponse((("S", "FATAL"), ("V", "FATAL"), ("C", "57P01"), ("M", "bye"))))
    assert c.closed and c.next_event() is CONNECTION_CLOSED


def test_terminate_and_eof():
    c = ready_conn()
    c.receive_data(encode_frontend(M.Terminate()) + encode_frontend(M.Sync()))
    assert c.next_event() == M.Terminate()
    assert c.next_event() is CONNECTION_CLOSED
    c2 = ready_conn()
    c2.receive_data(b"Q\x00\x00")
    c2.receive_data(b"")
    assert c2.next_event() is CONNECTION_CLOSED


@pytest.mark.parametrize("data,message", [
    (b"Q\x00\x00\x00\x03", "invalid message length"),
    (b"Q\x7f\xff\xff\xff", "invalid message length"),
    (b"S\x00\x01\x00\x00", "invalid message length"),      # Sync must be small
    (b"\x00", "invalid frontend message type 0"),
    (b"Q\x00\x00\x00\x06a\x00extra", None),                # fine: the next message is broken
    (b"D\x00\x00\x00\x04", "insufficient data left in message"),
])
def test_malformed_messages_raise_08P01(data, message):
    """INV-WIRE-3."""
    c = ready_conn()
    c.receive_data(data)
    if message is None:
        assert c.next_event() == M.Query("a")
        with pytest.raises(ProtocolError):
            events(c)
        return
    with pytest.raises(ProtocolError) as ei:
        c.next_event()
    assert ei.value.sqlstate == "08P01" and ei.value.message == message
    assert c.state == ERROR
    with pytest.raises(ProtocolError):
        c.next_event()                    # and nothing more is interpreted
    assert split_backend(c.send(M.ErrorResponse((("S", "FATAL"), ("V", "FATAL"), ("C", "08P01"),
                                                  ("M", message))))) [0].is_fatal
    assert c.closed


@pytest.mark.parametrize("length", [0, 7, 10001, 2**31 - 1])
def test_bad_startup_length(length):
    c = ServerConnection()
    c.receive_data(struct.pack("!i", length) + b"\x00" * 8)
    with pytest.raises(ProtocolError, match="invalid length of startup packet"):
        c.next_event()


@given(st.binary(max_size=200))
@settings(max_examples=300, deadline=None)
def test_random_bytes_after_startup_only_events_or_protocol_errors(data):
    c = ready_conn()
    c.receive_data(data)
    try:
        for ev in events(c):
            assert isinstance(ev, READY_RECEIVED + (M.Terminate,))
    except ProtocolError as e:
        assert e.sqlstate in ("08P01", "22021")
        assert c.state == ERROR

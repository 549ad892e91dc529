"""Bytes <-> messages (spec/10-wire-protocol.md, "Framing"; INV-WIRE-2)."""
from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pgref.wire import messages as M
from pgref.wire.codec import (ProtocolError, decode_backend, decode_frontend, decode_startup,
                              encode_backend, encode_frontend, split_backend)

text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30)
blob = st.one_of(st.none(), st.binary(max_size=20))


def frontend_roundtrip(msg):
    raw = encode_frontend(msg)
    (ln,) = struct.unpack("!i", raw[1:5])
    assert ln == len(raw) - 1
    return decode_frontend(raw[0], raw[5:])


FRONTEND = [
    M.Query("select 1"), M.Parse("s1", "select $1", (23,)), M.Parse("", "", ()),
    M.Bind("p", "s", (0, 1), (b"1", None), (1,)), M.Describe("S", "s1"), M.Describe("P", ""),
    M.Execute("", 0), M.Execute("p", 10), M.Close("S", "x"), M.Close("P", "y"), M.Sync(), M.Flush(),
    M.Terminate(), M.CopyDone(), M.CopyFail("boom"), M.CopyData(b"abc"), M.FunctionCall(b"\x00\x01"),
]


@pytest.mark.parametrize("msg", FRONTEND, ids=lambda m: type(m).__name__)
def test_frontend_roundtrip(msg):
    assert frontend_roundtrip(msg) == msg


@pytest.mark.parametrize("msg", [M.SSLRequest(), M.GSSENCRequest(), M.CancelRequest(7, 99),
                                 M.StartupMessage(M.PROTOCOL_3_0, {"user": "postgres", "database": "db"})])
def test_startup_roundtrip(msg):
    raw = encode_frontend(msg)
    (ln,) = struct.unpack("!i", raw[:4])
    assert ln == len(raw)
    assert decode_startup(raw[4:]) == msg


def test_startup_bytes_exact():
    raw = encode_frontend(M.StartupMessage(M.PROTOCOL_3_0, {"user": "u"}))
    assert raw == b"\x00\x00\x00\x10\x00\x03\x00\x00user\x00u\x00\x00"


BACKEND = [
    M.AuthenticationOk(), M.ParameterStatus("TimeZone", "UTC"), M.BackendKeyData(12, 34), M.ReadyForQuery("I"),
    M.RowDescription((M.FieldDescription("a", 0, 0, 23, 4, -1, 0), M.FieldDescription("b", 16384, 2, 25))),
    M.DataRow((b"1", None, b"")), M.CommandComplete("SELECT 1"), M.EmptyQueryResponse(),
    M.ErrorResponse((("S", "ERROR"), ("V", "ERROR"), ("C", "22012"), ("M", "division by zero"))),
    M.NoticeResponse((("S", "NOTICE"), ("M", "hi"))), M.ParseComplete(), M.BindComplete(), M.CloseComplete(),
    M.NoData(), M.ParameterDescription((23, 25)), M.PortalSuspended(), M.NegotiateProtocolVersion(0, ("_pq_.x",)),
]


@pytest.mark.parametrize("msg", BACKEND, ids=lambda m: type(m).__name__)
def test_backend_roundtrip(msg):
    raw = encode_backend(msg)
    assert split_backend(raw) == [msg]


def test_backend_exact_bytes():
    assert encode_backend(M.ReadyForQuery("I")) == b"Z\x00\x00\x00\x05I"
    assert encode_backend(M.CommandComplete("SELECT 1")) == b"C\x00\x00\x00\rSELECT 1\x00"
    assert encode_backend(M.DataRow((None,))) == b"D\x00\x00\x00\x0a\x00\x01\xff\xff\xff\xff"
    assert encode_backend(M.SSLRefused()) == b"N"


@given(st.builds(M.Bind, text, text, st.lists(st.sampled_from([0, 1]), max_size=3).map(tuple),
                 st.lists(blob, max_size=4).map(tuple), st.lists(st.sampled_from([0, 1]), max_size=3).map(tuple)))
@settings(max_examples=60, deadline=None)
def test_bind_roundtrip_property(msg):
    assert frontend_roundtrip(msg) == msg


@given(st.builds(M.Parse, text, text, st.lists(st.integers(0, 2**32 - 1), max_size=4).map(tuple)))
@settings(max_examples=60, deadline=None)
def test_parse_roundtrip_property(msg):
    assert frontend_roundtrip(msg) == msg


@given(st.lists(blob, max_size=5).map(tuple))
@settings(max_examples=60, deadline=None)
def test_datarow_roundtrip_property(vals):
    assert split_backend(encode_backend(M.DataRow(vals))) == [M.DataRow(vals)]


@pytest.mark.parametrize("t,body,message", [
    (b"Q", b"select 1", "invalid string in message"),                 # no NUL
    (b"Q", b"select 1\x00x", "invalid message format"),               # trailing bytes
    (b"E", b"\x00\x00\x00", "insufficient data left in message"),     # short int32
    (b"D", b"Xname\x00", "invalid Describe message subtype 88"),
    (b"C", b"Zname\x00", "invalid Close message subtype 90"),
    (b"B", b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x09ab\x00\x00", "insufficient data left in message"),
    (b"P", b"s\x00q\x00\xff\xff", "invalid message format"),         # negative count
    (b"z", b"", "invalid frontend message type 122"),
])
def test_malformed_frontend(t, body, message):
    with pytest.raises(ProtocolError) as ei:
        decode_frontend(t[0], body)
    assert ei.value.sqlstate == "08P01"
    assert ei.value.message == message


def test_invalid_utf8_is_22021():
    with pytest.raises(ProtocolError) as ei:
        decode_frontend(ord("Q"), b"select '\xff'\x00")
    assert ei.value.sqlstate == "22021"
    assert ei.value.message == 'invalid byte sequence for encoding "UTF8": 0xff 0x27'


def test_startup_layout_errors():
    with pytest.raises(ProtocolError, match="expected terminator"):
        decode_startup(struct.pack("!I", M.PROTOCOL_3_0) + b"user\x00u\x00")
    with pytest.raises(ProtocolError):
        decode_startup(struct.pack("!I", M.PROTOCOL_3_0) + b"user\x00")


def test_decode_backend_rejects_unknown():
    with pytest.raises(ProtocolError):
        decode_backend(ord("?"), b"")

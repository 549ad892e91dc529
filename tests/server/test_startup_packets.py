"""The startup phase byte for byte against PostgreSQL 15's answers
(spec/10-wire-protocol.md, "Startup"): NegotiateProtocolVersion for 3.x
with x > 0 and for ``_pq_.`` options, GSSENCRequest and SSLRequest refused
with 'N', protocol 2 refused in protocol 2's own error format, protocol 4
in protocol 3's.  The expected bytes were recorded from PostgreSQL 15.
"""
from __future__ import annotations

import struct

import pytest

from tests.server.wireclient import RawClient
from pgref.wire import messages as M
from pgref.wire.codec import encode_frontend, split_backend


def startup(proto: int, params: dict) -> bytes:
    body = struct.pack("!I", proto) + b"".join(k.encode() + b"\0" + v.encode() + b"\0"
                                               for k, v in params.items()) + b"\0"
    return struct.pack("!i", len(body) + 4) + body


BASE = {"user": "postgres", "database": "postgres"}


def conversation(server, *packets: bytes) -> bytes:
    c = RawClient(server.port, startup=False, timeout=10)
    out = b""
    for p in packets:
        c.sock.sendall(p)
        if p[4:8] in (struct.pack("!I", M.SSL_REQUEST_CODE), struct.pack("!I", M.GSSENC_REQUEST_CODE)):
            out += c.sock.recv(1)
            continue
        while True:
            d = c.sock.recv(65536)
            if not d:
                out += b"<EOF>"
                break
            out += d
            if out.endswith(b"Z\x00\x00\x00\x05I"):
                break
    c.close()
    return out


def test_protocol_2_gets_a_protocol_2_error(server):
    assert conversation(server, startup(2 << 16, BASE)) == (
        b"EFATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.0\n\x00<EOF>")


def test_protocol_4_gets_a_protocol_3_error(server):
    got = conversation(server, startup(4 << 16, BASE))
    assert got.endswith(b"<EOF>")
    (err,) = split_backend(got[:-5])
    assert err.fields == (("S", "FATAL"), ("V", "FATAL"), ("C", "0A000"),
                          ("M", "unsupported frontend protocol 4.0: server supports 3.0 to 3.0"))


@pytest.mark.parametrize("minor,params,expected", [
    (1, {}, b"v\x00\x00\x00\x0c\x00\x03\x00\x00\x00\x00\x00\x00"),
    (0, {"_pq_.foo": "x", "_pq_.bar": "y"},
     b"v\x00\x00\x00\x1e\x00\x03\x00\x00\x00\x00\x00\x02_pq_.foo\x00_pq_.bar\x00"),
    (5, {"_pq_.a": "1"}, b"v\x00\x00\x00\x13\x00\x03\x00\x00\x00\x00\x00\x01_pq_.a\x00"),
])
def test_negotiate_protocol_version_comes_first(server, minor, params, expected):
    got = conversation(server, startup((3 << 16) | minor, {**BASE, **params}))
    assert got.startswith(expected + b"R\x00\x00\x00\x08\x00\x00\x00\x00")
    assert got.endswith(b"Z\x00\x00\x00\x05I")


def test_plain_3_0_has_no_negotiation(server):
    got = conversation(server, startup(3 << 16, BASE))
    assert got.startswith(b"R\x00\x00\x00\x08\x00\x00\x00\x00")


def test_gssenc_then_ssl_then_startup(server):
    got = conversation(server, encode_frontend(M.GSSENCRequest()), encode_frontend(M.SSLRequest()),
                       startup(3 << 16, BASE))
    assert got.startswith(b"NNR\x00\x00\x00\x08\x00\x00\x00\x00")
    assert got.endswith(b"Z\x00\x00\x00\x05I")

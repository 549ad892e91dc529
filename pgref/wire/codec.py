"""Bytes <-> protocol v3 messages (spec/10-wire-protocol.md, "Framing").

Where it sits: ``wire/``, between ``messages.py`` (the dataclasses) and
``connection.py`` (the state machine).  Pure functions, no buffering: a
caller hands over one complete message body and gets one message back.

Framing::

    startup packet    int32 length (incl. itself) | int32 code | body
    normal message    byte1 type | int32 length (incl. itself, not the type) | body

Strings are NUL-terminated UTF-8.  Every decoder checks that the body is
consumed exactly (INV-WIRE-2): a short field, a missing NUL or trailing bytes
raise :class:`ProtocolError` (SQLSTATE 08P01, PostgreSQL's wording), and
invalid UTF-8 raises it with 22021.  The server answers a ProtocolError with
a FATAL ErrorResponse and closes the connection (INV-WIRE-3).

Entry points:
    decode_startup(body) / decode_frontend(type_byte, body)  -> frontend message
    encode_backend(message) -> bytes                          (server side)
    encode_frontend(message) -> bytes / decode_backend(type_byte, body)  (test clients)
"""
from __future__ import annotations

import struct

from pgref.wire import messages as M

MAX_STARTUP_PACKET_LENGTH = 10000        # PostgreSQL's limit (pqcomm.h)
MAX_MESSAGE_LENGTH = 0x3FFFFFFF          # PQ_LARGE_MESSAGE_LIMIT: 1 GB - 1
SMALL_MESSAGE_LIMIT = 10000              # PQ_SMALL_MESSAGE_LIMIT for Sync, Flush, ...


class ProtocolError(Exception):
    """The remote peer broke the protocol (h11's RemoteProtocolError)."""

    def __init__(self, message: str, sqlstate: str = "08P01"):
        super().__init__(message)
        self.message = message
        self.sqlstate = sqlstate


class LocalProtocolError(Exception):
    """This side tried to do something the protocol does not allow."""


class Reader:
    """A cursor over one message body (PostgreSQL's pq_getmsg* family)."""

    def __init__(self, data: bytes):
        self.data = bytes(data)
        self.pos = 0

    def _take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ProtocolError("insufficient data left in message")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def byte(self) -> int:
        return self._take(1)[0]

    def int16(self) -> int:
        return struct.unpack("!h", self._take(2))[0]

    def uint16(self) -> int:
        return struct.unpack("!H", self._take(2))[0]

    def int32(self) -> int:
        return struct.unpack("!i", self._take(4))[0]

    def uint32(self) -> int:
        return struct.unpack("!I", self._take(4))[0]

    def string(self) -> str:
        end = self.data.find(b"\x00", self.pos)
        if end < 0:
            raise ProtocolError("invalid string in message")
        raw = self.data[self.pos:end]
        self.pos = end + 1
        return decode_text(raw)

    def bytes_(self, n: int) -> bytes:
        return self._take(n)

    def rest(self) -> bytes:
        b = self.data[self.pos:]
        self.pos = len(self.data)
        return b

    def end(self) -> None:
        if self.pos != len(self.data):
            raise ProtocolError("invalid message format")


def decode_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = raw[e.start:e.start + min(2, len(raw) - e.start)]
        shown = " ".join(f"0x{b:02x}" for b in bad)
        raise ProtocolError(f'invalid byte sequence for encoding "UTF8": {shown}', "22021") from None


# ---------------------------------------------------------------- frontend decoding

def decode_startup(body: bytes) -> M.FrontendMessage:
    """One startup-phase packet, without its length word."""
    r = Reader(body)
    code = r.uint32()
    if code == M.SSL_REQUEST_CODE:
        r.end()
        return M.SSLRequest()
    if code == M.GSSENC_REQUEST_CODE:
        r.end()
        return M.GSSENCRequest()
    if code == M.CANCEL_REQUEST_CODE:
        pid, secret = r.int32(), r.int32()
        r.end()
        return M.CancelRequest(pid, secret)
    params: dict[str, str] = {}
    if code >> 16 == 3:
        # name/value pairs, then a terminating NUL (ProcessStartupPacket)
        while True:
            if r.pos >= len(r.data):
                raise ProtocolError("invalid startup packet layout: expected terminator as last byte")
            if r.data[r.pos] == 0:
                r.pos += 1
                break
            name = r.string()
            if r.pos >= len(r.data):
                raise ProtocolError("invalid startup packet layout: expected terminator as last byte")
            params[name] = r.string()
        r.end()
    return M.StartupMessage(code, params)


def _formats(r: Reader) -> tuple[int, ...]:
    n = r.int16()
    if n < 0:
        raise ProtocolError("invalid message format")
    return tuple(r.int16() for _ in range(n))


def decode_frontend(type_byte: int, body: bytes) -> M.FrontendMessage:
    """One normal-phase message: its type byte and body (without length)."""
    r = Reader(body)
    t = chr(type_byte)
    if t == "Q":
        msg = M.Query(r.string())
    elif t == "P":
        name, query = r.string(), r.string()
        n = r.int16()
        if n < 0:
            raise ProtocolError("invalid message format")
        msg = M.Parse(name, query, tuple(r.uint32() for _ in range(n)))
    elif t == "B":
        portal, stmt = r.string(), r.string()
        pformats = _formats(r)
        n = r.int16()
        if n < 0:
            raise ProtocolError("invalid message format")
        params: list[bytes | None] = []
        for _ in range(n):
            ln = r.int32()
            if ln == -1:
                params.append(None)
            elif ln < 0:
                raise ProtocolError("insufficient data left in message")
            else:
                params.append(r.bytes_(ln))
        msg = M.Bind(portal, stmt, pformats, tuple(params), _formats(r))
    elif t in ("D", "C"):
        kind = chr(r.byte())
        if kind not in ("S", "P"):
            what = "Describe" if t == "D" else "Close"
            raise ProtocolError(f"invalid {what} message subtype {ord(kind)}")
        msg = (M.Describe if t == "D" else M.Close)(kind, r.string())
    elif t == "E":
        msg = M.Execute(r.string(), r.int32())
    elif t == "S":
        msg = M.Sync()
    elif t == "H":
        msg = M.Flush()
    elif t == "X":
        msg = M.Terminate()
    elif t == "p":
        msg = M.PasswordMessage(r.rest())
    elif t == "F":
        msg = M.FunctionCall(r.rest())
    elif t == "d":
        msg = M.CopyData(r.rest())
    elif t == "c":
        msg = M.CopyDone()
    elif t == "f":
        msg = M.CopyFail(r.string())
    else:
        raise ProtocolError(f"invalid frontend message type {type_byte}")
    r.end()
    return msg


# ---------------------------------------------------------------- encoding helpers

def _cstr(s: str) -> bytes:
    b = s.encode("utf-8")
    if b"\x00" in b:
        raise LocalProtocolError("a protocol string cannot contain NUL")
    return b + b"\x00"


def _frame(t: bytes, body: bytes) -> bytes:
    return t + struct.pack("!i", len(body) + 4) + body


def _fields(fields) -> bytes:
    return b"".join(k.encode("ascii") + _cstr(v) for k, v in fields) + b"\x00"


def encode_backend(msg: M.BackendMessage) -> bytes:
    if isinstance(msg, M.SSLRefused):
        return b"N"
    if isinstance(msg, M.AuthenticationOk):
        return _frame(b"R", struct.pack("!i", 0))
    if isinstance(msg, M.ParameterStatus):
        return _frame(b"S", _cstr(msg.name) + _cstr(msg.value))
    if isinstance(msg, M.BackendKeyData):
        return _frame(b"K", struct.pack("!ii", msg.pid, msg.secret))
    if isinstance(msg, M.ReadyForQuery):
        return _frame(b"Z", msg.status.encode("ascii"))
    if isinstance(msg, M.RowDescription):
        body = [struct.pack("!h", len(msg.fields))]
        for f in msg.fields:
            body.append(_cstr(f.name) + struct.pack("!IhIhih", f.table_oid, f.column_number, f.type_oid,
                                                    f.type_size, f.typmod, f.format))
        return _frame(b"T", b"".join(body))
    if isinstance(msg, M.DataRow):
        body = [struct.pack("!h", len(msg.values))]
        for v in msg.values:
            body.append(struct.pack("!i", -1) if v is None else struct.pack("!i", len(v)) + v)
        return _frame(b"D", b"".join(body))
    if isinstance(msg, M.CommandComplete):
        return _frame(b"C", _cstr(msg.tag))
    if isinstance(msg, M.EmptyQueryResponse):
        return _frame(b"I", b"")
    if isinstance(msg, M.ErrorResponse):
        return _frame(b"E", _fields(msg.fields))
    if isinstance(msg, M.NoticeResponse):
        return _frame(b"N", _fields(msg.fields))
    if isinstance(msg, M.ParseComplete):
        return _frame(b"1", b"")
    if isinstance(msg, M.BindComplete):
        return _frame(b"2", b"")
    if isinstance(msg, M.CloseComplete):
        return _frame(b"3", b"")
    if isinstance(msg, M.NoData):
        return _frame(b"n", b"")
    if isinstance(msg, M.ParameterDescription):
        return _frame(b"t", struct.pack("!h", len(msg.type_oids))
                      + b"".join(struct.pack("!I", o) for o in msg.type_oids))
    if isinstance(msg, M.PortalSuspended):
        return _frame(b"s", b"")
    if isinstance(msg, (M.CopyInResponse, M.CopyOutResponse)):
        t = b"G" if isinstance(msg, M.CopyInResponse) else b"H"
        return _frame(t, struct.pack("!bh", msg.format, len(msg.column_formats))
                      + b"".join(struct.pack("!h", f) for f in msg.column_formats))
    if isinstance(msg, M.CopyData):
        return _frame(b"d", msg.data)
    if isinstance(msg, M.CopyDone):
        return _frame(b"c", b"")
    if isinstance(msg, M.NotificationResponse):
        return _frame(b"A", struct.pack("!i", msg.pid) + _cstr(msg.channel) + _cstr(msg.payload))
    if isinstance(msg, M.NegotiateProtocolVersion):
        return _frame(b"v", struct.pack("!ii", M.PROTOCOL_3_0 | msg.newest_minor, len(msg.unrecognized))
                      + b"".join(_cstr(o) for o in msg.unrecognized))
    raise LocalProtocolError(f"not a backend message: {msg!r}")


# ---------------------------------------------------------------- the client side (tests, tools)

def encode_frontend(msg: M.FrontendMessage) -> bytes:
    if isinstance(msg, M.SSLRequest):
        return struct.pack("!iI", 8, M.SSL_REQUEST_CODE)
    if isinstance(msg, M.GSSENCRequest):
        return struct.pack("!iI", 8, M.GSSENC_REQUEST_CODE)
    if isinstance(msg, M.CancelRequest):
        return struct.pack("!iIii", 16, M.CANCEL_REQUEST_CODE, msg.pid, msg.secret)
    if isinstance(msg, M.StartupMessage):
        body = struct.pack("!I", msg.protocol) + b"".join(_cstr(k) + _cstr(v) for k, v in msg.params.items())
        body += b"\x00"
        return struct.pack("!i", len(body) + 4) + body
    if isinstance(msg, M.Query):
        return _frame(b"Q", _cstr(msg.sql))
    if isinstance(msg, M.Parse):
        return _frame(b"P", _cstr(msg.name) + _cstr(msg.query) + struct.pack("!h", len(msg.param_types))
                      + b"".join(struct.pack("!I", t) for t in msg.param_types))
    if isinstance(msg, M.Bind):
        body = [_cstr(msg.portal), _cstr(msg.statement), struct.pack("!h", len(msg.param_formats))]
        body += [struct.pack("!h", f) for f in msg.param_formats]
        body.append(struct.pack("!h", len(msg.params)))
        for p in msg.params:
            body.append(struct.pack("!i", -1) if p is None else struct.pack("!i", len(p)) + p)
        body.append(struct.pack("!h", len(msg.result_formats)))
        body += [struct.pack("!h", f) for f in msg.result_formats]
        return _frame(b"B", b"".join(body))
    if isinstance(msg, M.Describe):
        return _frame(b"D", msg.kind.encode("ascii") + _cstr(msg.name))
    if isinstance(msg, M.Close):
        return _frame(b"C", msg.kind.encode("ascii") + _cstr(msg.name))
    if isinstance(msg, M.Execute):
        return _frame(b"E", _cstr(msg.portal) + struct.pack("!i", msg.max_rows))
    if isinstance(msg, M.Sync):
        return _frame(b"S", b"")
    if isinstance(msg, M.Flush):
        return _frame(b"H", b"")
    if isinstance(msg, M.Terminate):
        return _frame(b"X", b"")
    if isinstance(msg, M.PasswordMessage):
        return _frame(b"p", msg.data)
    if isinstance(msg, M.FunctionCall):
        return _frame(b"F", msg.data)
    if isinstance(msg, M.CopyData):
        return _frame(b"d", msg.data)
    if isinstance(msg, M.CopyDone):
        return _frame(b"c", b"")
    if isinstance(msg, M.CopyFail):
        return _frame(b"f", _cstr(msg.message))
    raise LocalProtocolError(f"not a frontend message: {msg!r}")


def _read_fields(r: Reader) -> tuple[tuple[str, str], ...]:
    out = []
    while True:
        code = r.byte()
        if code == 0:
            return tuple(out)
        out.append((chr(code), r.string()))


def decode_backend(type_byte: int, body: bytes) -> M.BackendMessage:
    r = Reader(body)
    t = chr(type_byte)
    if t == "R":
        code = r.int32()
        if code != 0:
            raise ProtocolError(f"unsupported authentication request {code}")
        msg = M.AuthenticationOk()
    elif t == "S":
        msg = M.ParameterStatus(r.string(), r.string())
    elif t == "K":
        msg = M.BackendKeyData(r.int32(), r.int32())
    elif t == "Z":
        msg = M.ReadyForQuery(chr(r.byte()))
    elif t == "T":
        fields = []
        for _ in range(r.int16()):
            name = r.string()
            toid, col, typ, size, mod, fmt = r.uint32(), r.int16(), r.uint32(), r.int16(), r.int32(), r.int16()
            fields.append(M.FieldDescription(name, toid, col, typ, size, mod, fmt))
        msg = M.RowDescription(tuple(fields))
    elif t == "D":
        vals: list[bytes | None] = []
        for _ in range(r.int16()):
            ln = r.int32()
            vals.append(None if ln == -1 else r.bytes_(ln))
        msg = M.DataRow(tuple(vals))
    elif t == "C":
        msg = M.CommandComplete(r.string())
    elif t == "I":
        msg = M.EmptyQueryResponse()
    elif t == "E":
        msg = M.ErrorResponse(_read_fields(r))
    elif t == "N":
        msg = M.NoticeResponse(_read_fields(r))
    elif t == "1":
        msg = M.ParseComplete()
    elif t == "2":
        msg = M.BindComplete()
    elif t == "3":
        msg = M.CloseComplete()
    elif t == "n":
        msg = M.NoData()
    elif t == "t":
        msg = M.ParameterDescription(tuple(r.uint32() for _ in range(r.int16())))
    elif t == "s":
        msg = M.PortalSuspended()
    elif t in ("G", "H"):
        fmt = r.byte()
        fmts = tuple(r.int16() for _ in range(r.int16()))
        msg = (M.CopyInResponse if t == "G" else M.CopyOutResponse)(fmt, fmts)
    elif t == "d":
        msg = M.CopyData(r.rest())
    elif t == "c":
        msg = M.CopyDone()
    elif t == "A":
        msg = M.NotificationResponse(r.int32(), r.string(), r.string())
    elif t == "v":
        newest = r.int32() & 0xFFFF
        msg = M.NegotiateProtocolVersion(newest, tuple(r.string() for _ in range(r.int32())))
    else:
        raise ProtocolError(f"invalid backend message type {type_byte}")
    r.end()
    return msg


def split_backend(data: bytes) -> list[M.BackendMessage]:
    """Decode a run of complete backend messages (tests); a lone b'N' as the
    whole input is the SSL refusal."""
    if data == b"N":
        return [M.SSLRefused()]
    out = []
    pos = 0
    while pos < len(data):
        if pos + 5 > len(data):
            raise ProtocolError("truncated backend message")
        (ln,) = struct.unpack("!i", data[pos + 1:pos + 5])
        if ln < 4 or pos + 1 + ln > len(data):
            raise ProtocolError("truncated backend message")
        out.append(decode_backend(data[pos], data[pos + 5:pos + 1 + ln]))
        pos += 1 + ln
    return out

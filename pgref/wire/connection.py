"""The server side of one protocol v3 connection, sans I/O
(spec/10-wire-protocol.md, "State machine").

Where it sits: the top of ``wire/``; ``server/`` owns the socket and feeds
this object, ``server/backend.py`` decides what to answer.  The h11 way::

    conn.receive_data(bytes_from_socket)      # b"" means the peer closed
    while (ev := conn.next_event()) is not NEED_DATA: ...   # typed messages
    sock.sendall(conn.send(backend_message))  # bytes out

The whole state machine is the table ``TRANSITIONS`` in ``wire/state.py``.  States:

    STARTUP     expecting a startup-phase packet (no type byte)
    AUTH        StartupMessage received; the server must answer (AuthenticationOk,
                ParameterStatus..., ReadyForQuery) before the client may send more
    READY       normal phase: typed messages
    CLOSED      Terminate received, CancelRequest handled, FATAL sent, or EOF
    ERROR       the client broke the protocol; next_event raises again

Invariants (numbered in the spec):
  INV-WIRE-1  next_event() never returns a partial message: it returns
              NEED_DATA until a whole packet is buffered.
  INV-WIRE-3  a ProtocolError leaves the connection in ERROR; the server sends
              FATAL 08P01 and closes, and no later byte is interpreted.
  INV-WIRE-4  after an ErrorResponse sent while an extended-query message was
              being processed, every message up to the next Sync is dropped
              (Terminate still closes); Sync clears the condition.
  INV-WIRE-5  an ErrorResponse with severity FATAL moves the connection to CLOSED.
"""
from __future__ import annotations

import struct

from pgref.wire import messages as M
from pgref.wire.state import AUTH, CLOSED, ERROR, READY, READY_RECEIVED, STARTUP, TRANSITIONS  # noqa: F401
from pgref.wire.codec import (MAX_MESSAGE_LENGTH, MAX_STARTUP_PACKET_LENGTH, SMALL_MESSAGE_LIMIT,
                              LocalProtocolError, ProtocolError, decode_frontend, decode_startup,
                              encode_backend)


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


NEED_DATA = _Sentinel("NEED_DATA")
CONNECTION_CLOSED = _Sentinel("CONNECTION_CLOSED")

_SMALL = {ord(c) for c in "SHXc"}         # bodies that must be small (PQ_SMALL_MESSAGE_LIMIT)
_KNOWN = {ord(c) for c in "QPBDECSHXpFdcf"}


class ServerConnection:
    def __init__(self) -> None:
        self.state = STARTUP
        self._buf = bytearray()
        self._eof = False
        self.ignore_till_sync = False
        self._in_extended = False     # the last received message was an extended-query one
        self._ssl_pending = False

    # ------------------------------------------------------------ input
    def receive_data(self, data: bytes) -> None:
        if data:
            self._buf += data
        else:
            self._eof = True

    def next_event(self):
        """The next complete frontend message, NEED_DATA, or CONNECTION_CLOSED."""
        while True:
            ev = self._next_raw()
            if ev is NEED_DATA or ev is CONNECTION_CLOSED:
                return ev
            if self.state == READY:
                self._in_extended = isinstance(ev, M.EXTENDED)
                if self.ignore_till_sync:              # INV-WIRE-4
                    if isinstance(ev, M.Sync):
                        self.ignore_till_sync = False
                    elif not isinstance(ev, M.Terminate):
                        continue
                if isinstance(ev, M.Terminate):
                    self.state = CLOSED
                return ev
            self.state = TRANSITIONS[(self.state, type(ev))]
            if isinstance(ev, (M.SSLRequest, M.GSSENCRequest)):
                self._ssl_pending = True
            return ev

    def _next_raw(self):
        if self.state == ERROR:
            raise ProtocolError("connection is in an error state")
        if self.state == CLOSED:
            return CONNECTION_CLOSED
        if self.state == AUTH or self._ssl_pending:
            # the server has to answer first (INV-WIRE-1: nothing is parsed early)
            return CONNECTION_CLOSED if self._eof and not self._buf else NEED_DATA
        buf = self._buf
        try:
            if self.state == STARTUP:
                if len(buf) < 4:
                    return self._need()
                (ln,) = struct.unpack("!i", buf[:4])
                if ln < 8 or ln > MAX_STARTUP_PACKET_LENGTH:
                    raise ProtocolError("invalid length of startup packet")
                if len(buf) < ln:
                    return self._need()
                body = bytes(buf[4:ln])
                del buf[:ln]
                return decode_startup(body)
            # READY
            if not buf:
                return self._need()
            t = buf[0]
            if t not in _KNOWN:
                raise ProtocolError(f"invalid frontend message type {t}")
            if len(buf) < 5:
                return self._need()
            (ln,) = struct.unpack("!i", buf[1:5])
            limit = SMALL_MESSAGE_LIMIT if t in _SMALL else MAX_MESSAGE_LENGTH
            if ln < 4 or ln > limit:
                raise ProtocolError("invalid message length")
            if len(buf) < 1 + ln:
                return self._need()
            body = bytes(buf[5:1 + ln])
            del buf[:1 + ln]
            return decode_frontend(t, body)
        except ProtocolError:
            self.state = ERROR                          # INV-WIRE-3
            raise

    def _need(self):
        if self._eof:
            self.state = CLOSED
            return CONNECTION_CLOSED
        return NEED_DATA

    # ------------------------------------------------------------ output
    def send(self, msg) -> bytes:
        """Encode one backend message and advance the state machine."""
        if isinstance(msg, M.ErrorResponse):
            if msg.is_fatal:
                self.state = CLOSED                     # INV-WIRE-5
            elif self.state == READY and self._in_extended:
                self.ignore_till_sync = True            # INV-WIRE-4
            return encode_backend(msg)
        if self.state in (STARTUP, AUTH):
            nxt = TRANSITIONS.get((self.state, type(msg)))
            if nxt is None:
                raise LocalProtocolError(f"cannot send {type(msg).__name__} in state {self.state}")
            if isinstance(msg, M.SSLRefused):
                if not self._ssl_pending:
                    raise LocalProtocolError("SSLRefused without an SSLRequest")
                self._ssl_pending = False
            self.state = nxt
            return encode_backend(msg)
        if self.state != READY:
            raise LocalProtocolError(f"cannot send {type(msg).__name__} in state {self.state}")
        if isinstance(msg, M.ReadyForQuery):
            self._in_extended = False
        return encode_backend(msg)

    @property
    def closed(self) -> bool:
        return self.state in (CLOSED, ERROR)

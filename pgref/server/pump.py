"""One connection's loop body without the socket (spec/10-wire-protocol.md,
"Server").

Where it sits: ``server/``, between ``main.py`` (which owns the socket) and
``wire.connection.ServerConnection`` + ``backend.Backend``.  ``feed(bytes)``
returns the bytes to write back; ``closed`` says when to hang up.  Tests
drive whole conversations through it without a network.

    pump = Pump(new_backend, cancel, admit=None)
    out = pump.feed(received)      # b"" = the client closed
    sock.sendall(out); if pump.closed: close
    out = pump.poll_async()        # NotificationResponse for an idle session
    out = pump.terminate(error)    # shutdown: one FATAL ErrorResponse, then closed

``admit(startup_message)`` (optional) runs before a session is created for
a protocol-3 StartupMessage; a PgError it raises (max_connections, 53300)
is sent as FATAL and closes the connection.  ``admitted`` says the
connection holds a slot that the server must give back.
"""
from __future__ import annotations

import sys
from typing import Callable

from pgref.errors import PgError
from pgref.server.backend import Backend, error_fields
from pgref.wire import messages as M
from pgref.wire.codec import ProtocolError
from pgref.wire.connection import CONNECTION_CLOSED, NEED_DATA, ServerConnection


class Pump:
    def __init__(self, new_backend: Callable[[], Backend], cancel: Callable[[M.CancelRequest], None],
                 admit: Callable[[M.StartupMessage], None] | None = None):
        self.conn = ServerConnection()
        self.backend: Backend | None = None
        self._new_backend = new_backend
        self._cancel = cancel
        self._admit = admit
        self.admitted = False
        self.eof = False

    @property
    def closed(self) -> bool:
        return self.eof or self.conn.closed

    def feed(self, data: bytes) -> bytes:
        """Take received bytes, handle every complete message, return the answer."""
        if not data:
            self.eof = True
            return b""
        self.conn.receive_data(data)
        out = bytearray()
        conn = self.conn
        try:
            while True:
                ev = conn.next_event()
                if ev is NEED_DATA or ev is CONNECTION_CLOSED:
                    break
                if isinstance(ev, (M.SSLRequest, M.GSSENCRequest)):
                    out += conn.send(M.SSLRefused())
                    continue
                if isinstance(ev, M.CancelRequest):
                    self._cancel(ev)
                    break
                if isinstance(ev, M.Terminate):
                    break
                if isinstance(ev, M.StartupMessage) and ev.major < 3:
                    # PostgreSQL 15 answers an old client in its own (protocol 2)
                    # format: 'E', "FATAL:  <message>\n", NUL -- no length word
                    msg = (f"unsupported frontend protocol {ev.major}.{ev.minor}: "
                           "server supports 3.0 to 3.0")
                    conn.send(M.ErrorResponse((("S", "FATAL"), ("V", "FATAL"), ("C", "0A000"), ("M", msg))))
                    out += b"E" + f"FATAL:  {msg}\n".encode() + b"\x00"
                    break
                if self.backend is None:
                    if self._admit is not None and isinstance(ev, M.StartupMessage) and ev.major == 3:
                        try:
                            self._admit(ev)
                        except PgError as e:
                            out += conn.send(M.ErrorResponse(error_fields(e, fatal=True)))
                            break
                        self.admitted = True
                    self.backend = self._new_backend()
                for m in self.backend.handle(ev):
                    out += conn.send(m)
                    if conn.closed:
                        break              # a FATAL error ends the conversation (INV-WIRE-5)
                if conn.closed:
                    break
        except ProtocolError as e:                  # INV-WIRE-3
            out += conn.send(M.ErrorResponse(error_fields(PgError(e.sqlstate, e.message), fatal=True)))
            print(f"pgref: protocol violation from client: {e.message}", file=sys.stderr)
        return bytes(out)

    def poll_async(self) -> bytes:
        """Asynchronous messages (NotificationResponse) that may go out now,
        while the session waits for the client."""
        if self.backend is None or self.closed or self.conn.state != "READY":
            return b""
        return b"".join(self.conn.send(m) for m in self.backend.async_messages())

    def terminate(self, err: PgError) -> bytes:
        """End the connection from the server side with a FATAL error
        (shutdown); nothing more is read or sent afterwards."""
        if self.closed:
            return b""
        if self.backend is None:
            self.eof = True            # still in the startup phase: just hang up
            return b""
        return self.conn.send(M.ErrorResponse(error_fields(err, fatal=True)))

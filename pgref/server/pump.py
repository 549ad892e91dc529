"""One connection's loop body without the socket (spec/10-wire-protocol.md,
"Server").

Where it sits: ``server/``, between ``main.py`` (which owns the socket) and
``wire.connection.ServerConnection`` + ``backend.Backend``.  ``feed(bytes)``
returns the bytes to write back; ``closed`` says when to hang up.  Tests
drive whole conversations through it without a network.

    pump = Pump(new_backend, cancel)
    out = pump.feed(received)      # b"" = the client closed
    sock.sendall(out); if pump.closed: close
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
    def __init__(self, new_backend: Callable[[], Backend], cancel: Callable[[M.CancelRequest], None]):
        self.conn = ServerConnection()
        self.backend: Backend | None = None
        self._new_backend = new_backend
        self._cancel = cancel
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
                if self.backend is None:
                    self.backend = self._new_backend()
                for m in self.backend.handle(ev):
                    out += conn.send(m)
                if conn.closed:
                    break
        except ProtocolError as e:                  # INV-WIRE-3
            out += conn.send(M.ErrorResponse(error_fields(PgError(e.sqlstate, e.message), fatal=True)))
            print(f"pgref: protocol violation from client: {e.message}", file=sys.stderr)
        return bytes(out)

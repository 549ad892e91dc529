"""``pgref serve``: sockets and threads around the sans-IO protocol
(spec/10-wire-protocol.md, "Server").

Where it sits: the top of the package.  One :class:`Server` per data
directory: it opens the :class:`~pgref.engine.database.Database` once (the
directory's process lock allows one opener) and shares it between all
connections; statements of different connections interleave between
statements (INV-ENG-1, the Database lock).

Threads::

    listener (TCP host:port)  --accept-->  one thread per connection:
    listener (unix socket)    --accept-->    recv -> ServerConnection.receive_data
                                             next_event -> Backend.handle -> conn.send
                                             sendall after each batch of buffered input

A connection thread owns its socket, its ``ServerConnection`` and its
``Backend``; the only shared objects are the Database and the pid->Backend
map used by CancelRequest.  Whatever goes wrong in one connection ends that
connection only (INV-WIRE-8): exceptions are logged to stderr, the socket is
closed, the listener keeps accepting.

Entry points:
    Server(db, host="127.0.0.1", port=5433, socket_dir="/tmp")
    Server.start() -> port   (port 0 picks a free one)
    Server.stop()
    serve(args)              the CLI: args.datadir, args.host, args.port
"""
from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import signal
import socket
import sys
import threading
import traceback

from pgref.server.backend import Backend
from pgref.server.pump import Pump
from pgref.wire import messages as M

RECV_SIZE = 65536


class Server:
    def __init__(self, db, host: str = "127.0.0.1", port: int = 5433, socket_dir: str | None = "/tmp"):
        self.db = db
        self.host = host
        self.port = port
        self.socket_dir = socket_dir
        self.socket_path: str | None = None
        self._listeners: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._conn_threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._backends: dict[int, Backend] = {}
        self._lock = threading.Lock()
        self._pids = itertools.count(os.getpid() * 100 % 2_000_000_000 + 1)
        self._stopping = threading.Event()

    # ------------------------------------------------------------ lifecycle
    def start(self) -> int:
        tcp = socket.create_server((self.host, self.port), reuse_port=False)
        self.port = tcp.getsockname()[1]
        self._listeners.append(tcp)
        if self.socket_dir:
            path = os.path.join(self.socket_dir, f".s.PGSQL.{self.port}")
            try:
                if os.path.exists(path):
                    if _socket_alive(path):
                        raise OSError(f"another server is listening on {path}")
                    os.unlink(path)          # a stale socket file of a server that died
                unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                unix.bind(path)
                os.chmod(path, 0o777)        # as PostgreSQL's default unix_socket_permissions
                unix.listen(64)
                self._listeners.append(unix)
                self.socket_path = path
            except OSError as e:
                print(f"pgref: could not create unix socket {path}: {e}", file=sys.stderr)
        for ls in self._listeners:
            t = threading.Thread(target=self._accept_loop, args=(ls,), daemon=True,
                                 name=f"pgref-listen-{ls.family.name}")
            t.start()
            self._threads.append(t)
        return self.port

    def stop(self) -> None:
        self._stopping.set()
        for ls in self._listeners:
            # a listening socket cannot be shut down on every OS; closing it is what counts
            with contextlib.suppress(OSError):
                ls.shutdown(socket.SHUT_RDWR)
            ls.close()
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            with contextlib.suppress(OSError):     # already closed by its own thread
                c.shutdown(socket.SHUT_RDWR)
        with self._lock:
            threads = self._threads + self._conn_threads
        for t in threads:
            t.join(timeout=5)      # a statement still running finishes first
        if self.socket_path and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)

    # ------------------------------------------------------------ threads
    def _accept_loop(self, ls: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                sock, _addr = ls.accept()
            except OSError:
                if self._stopping.is_set():
                    return
                continue
            t = threading.Thread(target=self._serve_connection, args=(sock,), daemon=True,
                                 name="pgref-conn")
            with self._lock:
                self._conn_threads = [x for x in self._conn_threads if x.is_alive()] + [t]
            t.start()

    def _serve_connection(self, sock: socket.socket) -> None:
        with self._lock:
            self._conns.add(sock)
        pump = Pump(self._new_backend, self._cancel)
        try:
            if sock.family != socket.AF_UNIX:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while not pump.closed:
                out = pump.feed(sock.recv(RECV_SIZE))
                if out:
                    sock.sendall(out)
        except OSError as e:
            if not self._stopping.is_set():
                print(f"pgref: connection lost: {e}", file=sys.stderr)
        except Exception:  # INV-WIRE-8: a bug ends this connection, never the server
            print("pgref: internal error, closing the connection:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
        finally:
            with self._lock:
                self._conns.discard(sock)
            backend = pump.backend
            if backend is not None:
                with self._lock:
                    self._backends.pop(backend.pid, None)
                try:
                    backend.close()
                except Exception:  # logged: closing must not take the thread down with it
                    traceback.print_exc(file=sys.stderr)
            sock.close()

    def _new_backend(self) -> Backend:
        b = Backend(self.db, next(self._pids), secrets.randbits(31), self)
        with self._lock:
            self._backends[b.pid] = b
        return b

    def _cancel(self, req: M.CancelRequest) -> None:
        with self._lock:
            target = self._backends.get(req.pid)
        if target is not None and target.secret == req.secret:
            target.cancel()


def _socket_alive(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def serve(args) -> int:
    """``pgref serve -D DIR --host H --port P``: run until SIGINT/SIGTERM."""
    from pgref.engine import boot
    from pgref.engine.database import Database
    boot.ensure_loaded()
    db = Database(args.datadir)
    server = Server(db, args.host, args.port, getattr(args, "socket_dir", "/tmp"))
    try:
        port = server.start()
    except OSError as e:
        db.close()
        print(f"pgref: could not listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    print(f"pgref: serving {db.path} on {args.host}:{port}"
          + (f" and {server.socket_path}" if server.socket_path else ""), flush=True)
    done = threading.Event()

    def stop(_sig, _frame):
        done.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        done.wait()
    finally:
        server.stop()
        db.close()
    print("pgref: server stopped", flush=True)
    return 0

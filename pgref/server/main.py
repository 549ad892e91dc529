"""``pgref serve``: sockets, an event loop and worker threads around the
sans-IO protocol (spec/10-wire-protocol.md, "Server" and "Capacity").

Where it sits: the top of the package.  One :class:`Server` per data
directory: it opens the :class:`~pgref.engine.database.Database` once (the
directory's process lock allows one opener) and shares it between all
connections; statements of different connections interleave between
statements (INV-ENG-1, the Database lock).

Threads::

    I/O loop (1 thread, selectors/epoll)      workers (one per busy connection,
      accept on TCP + unix listeners              cached, made on demand)
      recv -> connection's input buffer  --job-->  Pump.feed(bytes) -> Backend.handle
      send <- connection's output buffer <-post--  answer bytes
      NotificationResponse for idle sessions       Backend.close() at disconnect

The loop never blocks and never takes the Database lock, so a slow query, a
lock wait, a client that sends one byte a minute or one that stops reading
stalls nobody else (INV-WIRE-9).  An idle connection costs a socket and
its session objects, no thread (INV-WIRE-10); a connection gets a worker only
while it has input to handle, and handles it in order.  Workers are made
when none is free and end after a while idle, so there is never a fixed
pool that sessions waiting for each other's locks could exhaust; at most
one worker per connection, and connections are bounded by max_connections.

Backpressure: a connection is not read while its input is being handled or
while more than ``OUT_HIGH_WATER`` bytes of its output wait for the client;
what the kernel buffers meanwhile stays in the kernel.

Connection slots (INV-WIRE-11): a StartupMessage is admitted only while
fewer than ``max_connections`` sessions exist, otherwise FATAL 53300 "sorry,
too many clients already"; the last ``superuser_reserved_connections`` slots
are for superusers (FATAL 53300 "remaining connection slots are reserved for
non-replication superuser connections").

Shutdown (INV-WIRE-12): ``shutdown("fast")`` (SIGINT) closes the listeners,
sends FATAL 57P01 "terminating connection due to administrator command" to
every session (a running statement stops at its next cancel check), rolls
back their transactions and waits for them to end.  ``shutdown("smart",
grace)`` (SIGTERM) closes the listeners and waits up to ``grace`` seconds for
the clients to leave on their own, then does a fast shutdown.  ``serve``
then closes the Database (checkpoint, lock file removed) and exits 0.

Entry points:
    Server(db, host="127.0.0.1", port=5433, socket_dir="/tmp",
           max_connections=100, superuser_reserved_connections=3)
    Server.start() -> port   (port 0 picks a free one)
    Server.shutdown(mode="fast"|"smart", grace=5.0)
    Server.stop()            fast shutdown
    serve(args)              the CLI: args.datadir, host, port, max_connections, config, shutdown_grace
    read_conf(path) -> dict  DIR/pgref.conf ("name = value" lines, # comments)
    raise_fd_limit()         RLIMIT_NOFILE soft limit up to the hard limit
"""
from __future__ import annotations

import collections
import contextlib
import itertools
import os
import resource
import secrets
import selectors
import signal
import socket
import sys
import threading
import time
import traceback

from pgref.errors import PgError
from pgref.server.backend import ADMIN_SHUTDOWN_ERROR, Backend
from pgref.server.pump import Pump
from pgref.wire import messages as M

RECV_SIZE = 65536
OUT_HIGH_WATER = 1 << 20          # stop reading a connection whose client does not read its answers
AUTHENTICATION_TIMEOUT = 60.0     # PostgreSQL's authentication_timeout: finish the startup by then
CLOSE_LINGER = 10.0               # a closing connection's unsent output is dropped after this
WORKER_IDLE_SECONDS = 30.0

_READ, _WRITE = selectors.EVENT_READ, selectors.EVENT_WRITE


def raise_fd_limit() -> int:
    """Raise this process's open-file limit to the hard limit (each
    connection is a file descriptor); returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1 << 20)
    if soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return soft


class _Workers:
    """A cached thread pool: a job goes to an idle worker if there is one,
    otherwise to a new thread; workers idle for ``WORKER_IDLE_SECONDS`` end
    (``core`` of them stay)."""

    def __init__(self, core: int = 4):
        self.core = core
        self._cv = threading.Condition()
        self._jobs: collections.deque = collections.deque()
        self._idle = 0
        self._threads = 0
        self._stopping = False

    def submit(self, job) -> None:
        with self._cv:
            self._jobs.append(job)
            if len(self._jobs) > self._idle:
                self._threads += 1
                threading.Thread(target=self._run, daemon=True, name="pgref-worker").start()
            else:
                self._cv.notify()

    def _run(self) -> None:
        while True:
            with self._cv:
                self._idle += 1
                deadline = time.monotonic() + WORKER_IDLE_SECONDS
                while not self._jobs and not self._stopping:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cv.wait(left)
                self._idle -= 1
                if not self._jobs:
                    if self._stopping or self._threads > self.core:
                        self._threads -= 1
                        return
                    continue
                job = self._jobs.popleft()
            try:
                job()
            except Exception:  # INV-WIRE-8: a bug in one job ends nothing else
                print("pgref: internal error in a worker:", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)

    def stop(self) -> None:
        with self._cv:
            self._stopping = True
            self._cv.notify_all()


class _Conn:
    """One client connection as the loop sees it.  ``busy`` (a worker is
    handling its input) is read and written by the loop thread only; while
    it is set, the loop does not touch ``pump``."""
    __slots__ = ("sock", "pump", "inbuf", "eof", "fed_eof", "outbuf", "busy", "closing", "dying",
                 "mask", "opened", "close_deadline", "notify_pending", "torn_down", "ended")

    def __init__(self, sock: socket.socket, pump: Pump):
        self.sock = sock
        self.pump = pump
        self.inbuf = bytearray()
        self.eof = False               # the client closed (or the socket failed)
        self.fed_eof = False
        self.outbuf = bytearray()
        self.busy = False
        self.closing = False           # hang up once the output is sent
        self.dying = False             # shutdown: FATAL 57P01 then close
        self.mask = 0
        self.opened = time.monotonic()
        self.close_deadline = 0.0
        self.notify_pending = False
        self.torn_down = False
        self.ended = False             # the session is closed and its slot given back


class Server:
    def __init__(self, db, host: str = "127.0.0.1", port: int = 5433, socket_dir: str | None = "/tmp",
                 max_connections: int = 100, superuser_reserved_connections: int = 3):
        if superuser_reserved_connections >= max_connections:
            raise PgError("22023", f"superuser_reserved_connections ({superuser_reserved_connections}) "
                          f"must be less than max_connections ({max_connections})")
        self.db = db
        self.host = host
        self.port = port
        self.socket_dir = socket_dir
        self.socket_path: str | None = None
        self.max_connections = max_connections
        self.superuser_reserved_connections = superuser_reserved_connections
        # superuser_reserved_connections: a role with rolsuper (auth/roles.py)
        self.is_superuser = self._role_is_superuser
        self.authentication_timeout = AUTHENTICATION_TIMEOUT
        self._listeners: list[socket.socket] = []
        self._backends: dict[int, Backend] = {}
        self._lock = threading.Lock()          # _backends, _nsessions, _posts
        self._nsessions = 0
        self._pids = itertools.count(os.getpid() * 100 % 2_000_000_000 + 1)
        self._sel: selectors.BaseSelector | None = None
        self._conns: set[_Conn] = set()        # loop thread only
        self._nconns = 0                       # len(_conns), readable from any thread
        self._posts: collections.deque = collections.deque()
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._wake_sent = False
        self._loop_thread: threading.Thread | None = None
        self._loop_done = threading.Event()
        self._gone = threading.Condition()     # notified when a connection ends
        self._workers = _Workers()
        self._terminating = False
        self._stopped = False
        self._next_sweep = 0.0

    # ------------------------------------------------------------ lifecycle
    def start(self) -> int:
        raise_fd_limit()
        backlog = min(max(128, 2 * self.max_connections), 4096)
        tcp = socket.create_server((self.host, self.port), reuse_port=False, backlog=backlog)
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
                unix.listen(backlog)
                self._listeners.append(unix)
                self.socket_path = path
            except OSError as e:
                print(f"pgref: could not create unix socket {path}: {e}", file=sys.stderr)
        self._sel = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._sel.register(self._wake_r, _READ, "wake")
        for ls in self._listeners:
            ls.setblocking(False)
            self._sel.register(ls, _READ, "listen")
        self._loop_thread = threading.Thread(target=self._loop, daemon=True, name="pgref-io")
        self._loop_thread.start()
        return self.port

    def stop(self) -> None:
        """Fast shutdown (the in-process fixture's and SIGINT's)."""
        self.shutdown("fast")

    def shutdown(self, mode: str = "fast", grace: float = 5.0, escalate=None) -> None:
        """Stop accepting, end every session (INV-WIRE-12), stop the loop.
        ``mode="smart"`` first waits up to ``grace`` seconds for clients to
        leave; ``escalate()`` returning true cuts that wait short."""
        if self._stopped or self._loop_thread is None:
            return
        self._post(("close_listeners",))
        if mode == "smart":
            end = time.monotonic() + grace
            with self._gone:
                while self._nconns and time.monotonic() < end and not (escalate and escalate()):
                    self._gone.wait(min(0.1, max(0.0, end - time.monotonic())))
        self._post(("terminate_all",))
        # every session ends: a statement that never checks for cancel runs to its end first
        with self._gone:
            while self._nconns:
                self._gone.wait(0.2)
        self._post(("exit",))
        self._loop_done.wait()
        self._loop_thread.join()
        self._workers.stop()
        self._stopped = True
        if self.socket_path and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)

    def connection_count(self) -> int:
        return self._nconns

    # ------------------------------------------------------------ cross-thread posts
    def _post(self, item) -> None:
        with self._lock:
            self._posts.append(item)
            if self._wake_sent:
                return
            self._wake_sent = True
        try:
            self._wake_w.send(b"x")
        except (BlockingIOError, OSError):
            pass   # the pipe is full: the loop is already due to wake up

    # ------------------------------------------------------------ the loop
    def _loop(self) -> None:
        sel = self._sel
        exiting = False
        try:
            while not exiting:
                for key, mask in sel.select(timeout=1.0):
                    tag = key.data
                    if tag == "wake":
                        with contextlib.suppress(BlockingIOError, OSError):
                            self._wake_r.recv(4096)
                    elif tag == "listen":
                        self._accept(key.fileobj)
                    else:
                        self._io(tag, mask)
                exiting = self._drain_posts()
                now = time.monotonic()
                if now >= self._next_sweep:
                    self._sweep(now)
                    self._next_sweep = now + 1.0
        except Exception:
            print("pgref: internal error in the I/O loop:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
        finally:
            self._close_listeners()
            for c in list(self._conns):
                with contextlib.suppress(OSError):
                    c.sock.close()
            sel.close()
            self._wake_r.close()
            self._wake_w.close()
            self._loop_done.set()

    def _drain_posts(self) -> bool:
        with self._lock:
            posts = list(self._posts)
            self._posts.clear()
            self._wake_sent = False
        exiting = False
        for item in posts:
            kind = item[0]
            if kind == "done":
                self._done(item[1], item[2])
            elif kind == "notify":
                c = item[1]
                c.notify_pending = True
                self._deliver_async(c)
            elif kind == "gone":
                self._forget(item[1])
            elif kind == "close_listeners":
                self._close_listeners()
            elif kind == "terminate_all":
                self._terminating = True
                for c in list(self._conns):
                    self._terminate(c)
            elif kind == "exit":
                exiting = True
        return exiting

    def _close_listeners(self) -> None:
        for ls in self._listeners:
            with contextlib.suppress(KeyError, ValueError):
                self._sel.unregister(ls)
            ls.close()
        self._listeners = []

    def _accept(self, ls: socket.socket) -> None:
        while True:
            try:
                sock, _addr = ls.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:      # EMFILE and friends: log, keep serving the others
                print(f"pgref: could not accept a connection: {e}", file=sys.stderr)
                return
            sock.setblocking(False)
            if sock.family != socket.AF_UNIX:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            c = _Conn(sock, None)
            c.pump = Pump(lambda c=c: self._new_backend(c), self._cancel, self._admit)
            self._conns.add(c)
            self._nconns = len(self._conns)
            self._interest(c)

    def _io(self, c: _Conn, mask: int) -> None:
        if mask & _WRITE:
            self._flush(c)
        if mask & _READ and not c.busy and not c.eof:
            try:
                data = c.sock.recv(RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                data = None
            except OSError:
                data = b""             # reset by the peer: the same as a close
            if data is not None:
                if data:
                    c.inbuf += data
                else:
                    c.eof = True
                self._kick(c)
        self._settle(c)

    def _kick(self, c: _Conn) -> None:
        """Hand buffered input (or the end of input) to a worker."""
        if c.busy or c.torn_down or c.closing:
            return
        eof = c.eof and not c.fed_eof
        if not c.inbuf and not eof:
            return
        data = bytes(c.inbuf)
        c.inbuf.clear()
        c.fed_eof = c.fed_eof or eof
        c.busy = True
        self._workers.submit(lambda: self._work(c, data, eof))

    def _work(self, c: _Conn, data: bytes, eof: bool) -> None:
        """Worker: run the protocol over one chunk of input."""
        out = b""
        try:
            if data:
                out = c.pump.feed(data)
            if eof and not c.pump.closed:
                c.pump.feed(b"")
        except Exception:  # INV-WIRE-8: a bug ends this connection, never the server
            print("pgref: internal error, closing the connection:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            c.pump.eof = True
        if c.pump.closed:
            self._end_session(c)       # at once, so the session is gone when the client's close returns
        self._post(("done", c, out))

    def _done(self, c: _Conn, out: bytes) -> None:
        c.busy = False
        c.outbuf += out
        if c.dying and not c.pump.closed:
            c.outbuf += c.pump.terminate(ADMIN_SHUTDOWN_ERROR)
        if c.pump.closed:
            self._start_closing(c)
        self._flush(c)
        if not c.closing:
            if c.inbuf or (c.eof and not c.fed_eof):
                self._kick(c)
            elif c.notify_pending:
                self._deliver_async(c)
        self._settle(c)

    def _deliver_async(self, c: _Conn) -> None:
        """NotificationResponse to a session that waits for its client."""
        if c.busy or c.closing or c.torn_down:
            return                     # sent with the next ReadyForQuery, or after the batch
        c.notify_pending = False
        try:
            out = c.pump.poll_async()
        except Exception:  # INV-WIRE-8
            traceback.print_exc(file=sys.stderr)
            out = b""
        if out:
            c.outbuf += out
            self._flush(c)
            self._settle(c)

    def _terminate(self, c: _Conn) -> None:
        c.dying = True
        if c.torn_down or c.closing:
            return
        if c.busy:
            b = c.pump.backend
            if b is not None:
                b.terminate()          # the worker's statement stops; _done sends the FATAL
            return
        c.outbuf += c.pump.terminate(ADMIN_SHUTDOWN_ERROR)
        self._start_closing(c)
        self._flush(c)
        self._settle(c)

    def _start_closing(self, c: _Conn) -> None:
        if not c.closing:
            c.closing = True
            c.close_deadline = time.monotonic() + CLOSE_LINGER

    def _flush(self, c: _Conn) -> None:
        while c.outbuf:
            try:
                n = c.sock.send(c.outbuf)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                c.outbuf.clear()       # the client is gone: nothing more to say to it
                c.eof = True
                self._start_closing(c)
                return
            del c.outbuf[:n]

    def _settle(self, c: _Conn) -> None:
        """Tear down a finished connection, or set what the loop waits for."""
        if c.torn_down:
            return
        if c.closing and not c.busy and (not c.outbuf or time.monotonic() > c.close_deadline):
            self._teardown(c)
            return
        if c.eof and not c.busy and not c.inbuf and c.fed_eof and not c.closing:
            self._start_closing(c)     # the pump saw the end of input
            self._settle(c)
            return
        self._interest(c)

    def _interest(self, c: _Conn) -> None:
        want = 0
        if not c.busy and not c.eof and not c.closing and len(c.outbuf) < OUT_HIGH_WATER:
            want |= _READ
        if c.outbuf:
            want |= _WRITE
        if want == c.mask:
            return
        if c.mask == 0:
            self._sel.register(c.sock, want, c)
        elif want == 0:
            self._sel.unregister(c.sock)
        else:
            self._sel.modify(c.sock, want, c)
        c.mask = want

    def _teardown(self, c: _Conn) -> None:
        """Stop watching the socket; a worker ends the session (it may wait
        for the Database lock), then the loop closes the socket."""
        c.torn_down = True
        if c.mask:
            self._sel.unregister(c.sock)
            c.mask = 0
        with contextlib.suppress(OSError):
            c.sock.shutdown(socket.SHUT_RDWR)
        if c.ended:
            self._forget(c)
        else:
            self._workers.submit(lambda: (self._end_session(c), self._post(("gone", c))))

    def _end_session(self, c: _Conn) -> None:
        """Worker: roll back and close the session, give its slot back."""
        if c.ended:
            return
        c.ended = True
        try:
            backend = c.pump.backend
            if backend is not None:
                with self._lock:
                    self._backends.pop(backend.pid, None)
                backend.close()        # INV-WIRE-8: roll back, drop temporary tables
        except Exception:  # logged: closing must not take the worker down with it
            traceback.print_exc(file=sys.stderr)
        finally:
            if c.pump.admitted:
                with self._lock:
                    self._nsessions -= 1

    def _forget(self, c: _Conn) -> None:
        with contextlib.suppress(OSError):
            c.sock.close()
        self._conns.discard(c)
        with self._gone:
            self._nconns = len(self._conns)
            self._gone.notify_all()

    def _sweep(self, now: float) -> None:
        for c in list(self._conns):
            if c.torn_down:
                continue
            if c.closing:
                self._settle(c)        # gives up on output a client never reads
            elif c.pump.backend is None and not c.busy and now - c.opened > self.authentication_timeout:
                # PostgreSQL's startup-packet / authentication timeout: hang up without a word
                c.eof = True
                self._start_closing(c)
                self._settle(c)

    # ------------------------------------------------------------ sessions
    def _admit(self, msg: M.StartupMessage) -> None:
        """A connection slot for a new session, or FATAL 53300 (INV-WIRE-11)."""
        if self._terminating:
            raise PgError("57P03", "the database system is shutting down")
        with self._lock:
            n = self._nsessions
            if n >= self.max_connections:
                raise PgError("53300", "sorry, too many clients already")
            reserved = self.superuser_reserved_connections
            if reserved > 0 and n >= self.max_connections - reserved \
                    and not self.is_superuser(msg.params.get("user", "")):
                raise PgError("53300", "remaining connection slots are reserved for non-replication "
                              "superuser connections")
            self._nsessions = n + 1

    def _role_is_superuser(self, user: str) -> bool:
        from pgref.auth.roles import role_catalog
        role = role_catalog(getattr(self.db, "cluster", self.db)).by_name(user)
        return role is not None and role.rolsuper

    def _new_backend(self, c: _Conn) -> Backend:
        b = Backend(self.db, next(self._pids), secrets.randbits(31), self)
        b.on_async = lambda: self._post(("notify", c))
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


# ---------------------------------------------------------------- configuration

SERVER_SETTINGS = {"max_connections": (1, 262143), "superuser_reserved_connections": (0, 262143)}


def read_conf(path: str) -> dict[str, str]:
    """``name = value`` lines of a PostgreSQL-style configuration file; ``#``
    starts a comment, values may be single-quoted, ``=`` is optional.  A
    missing file is an empty configuration."""
    out: dict[str, str] = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            text = _strip_comment(line).strip()
            if not text:
                continue
            name, sep, value = text.partition("=")
            if not sep:
                name, _, value = text.partition(" ")
            name, value = name.strip().lower(), value.strip()
            if not name:
                raise PgError("42601", f'syntax error in file "{path}" line {lineno}')
            if len(value) >= 2 and value[0] == value[-1] == "'":
                value = value[1:-1].replace("''", "'")
            out[name] = value
    return out


def _strip_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == "'":
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i]
    return line


def server_settings(datadir: str, max_connections: int | None = None,
                    config: list[str] | None = None) -> dict[str, int]:
    """max_connections and superuser_reserved_connections: PostgreSQL's
    defaults (100, 3), then DIR/pgref.conf, then ``-c name=value`` and
    ``--max-connections`` from the command line.  Other names in pgref.conf
    belong to other subsystems and are left alone; an unknown ``-c`` name is
    an error."""
    vals = {"max_connections": "100", "superuser_reserved_connections": "3"}
    for k, v in read_conf(os.path.join(datadir, "pgref.conf")).items():
        if k in SERVER_SETTINGS:
            vals[k] = v
    for item in config or []:
        name, sep, value = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep:
            raise PgError("42601", f"-c {item} requires a value")
        if name not in SERVER_SETTINGS:
            raise PgError("42704", f'unrecognized configuration parameter "{name}"')
        vals[name] = value.strip()
    if max_connections is not None:
        vals["max_connections"] = str(max_connections)
    out = {}
    for k, v in vals.items():
        lo, hi = SERVER_SETTINGS[k]
        try:
            n = int(v)
        except ValueError:
            raise PgError("22023", f'invalid value for parameter "{k}": "{v}"') from None
        if not lo <= n <= hi:
            raise PgError("22023", f'{n} is outside the valid range for parameter "{k}" ({lo} .. {hi})')
        out[k] = n
    return out


def serve(args) -> int:
    """``pgref serve -D DIR --host H --port P [--max-connections N] [-c name=value]``:
    run until SIGINT (fast shutdown) or SIGTERM (smart, then fast)."""
    from pgref.engine import boot
    from pgref.engine.database import Database
    boot.ensure_loaded()
    try:
        conf = server_settings(args.datadir, getattr(args, "max_connections", None),
                               getattr(args, "config", None))
    except PgError as e:
        print(f"pgref: {e.message}", file=sys.stderr)
        return 1
    db = Database(args.datadir)
    try:
        server = Server(db, args.host, args.port, getattr(args, "socket_dir", "/tmp"),
                        max_connections=conf["max_connections"],
                        superuser_reserved_connections=conf["superuser_reserved_connections"])
        port = server.start()
    except (OSError, PgError) as e:
        db.close()
        print(f"pgref: could not start the server on {args.host}:{args.port}: "
              f"{getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    print(f"pgref: serving {db.path} on {args.host}:{port}"
          + (f" and {server.socket_path}" if server.socket_path else ""), flush=True)
    print(f"pgref: connect with: psql -h {args.host} -p {port} -U postgres postgres", flush=True)
    received: list[int] = []
    done = threading.Event()

    def on_signal(sig, _frame):
        received.append(sig)
        done.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        while not done.wait(0.5):
            pass
    finally:
        smart = received and received[0] == signal.SIGTERM
        grace = float(getattr(args, "shutdown_grace", 5.0) or 0.0)
        print(f"pgref: received {'smart' if smart else 'fast'} shutdown request", flush=True)
        # a SIGINT during the smart wait turns it into a fast shutdown, as in PostgreSQL
        server.shutdown("smart" if smart else "fast", grace,
                        escalate=lambda: signal.SIGINT in received[1:])
        db.close()
    print("pgref: server stopped", flush=True)
    return 0

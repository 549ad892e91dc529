"""A minimal blocking protocol-v3 client over a raw socket, and a
``pgref serve`` subprocess, for the server tests that need many
connections, exact bytes, or a real process to signal."""
from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time

from pgref.wire import messages as M
from pgref.wire.codec import decode_backend, encode_frontend

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class RawClient:
    def __init__(self, port: int, user: str = "postgres", database: str = "postgres",
                 host: str = "127.0.0.1", timeout: float = 30.0, startup: bool = True):
        if host.startswith("/"):                       # a unix socket directory, as libpq's host=
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(os.path.join(host, f".s.PGSQL.{port}"))
        else:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = bytearray()
        self.startup: list = []
        if startup:
            self.send(M.StartupMessage(M.PROTOCOL_3_0, {"user": user, "database": database}))
            self.startup = self.until_ready()

    def send(self, *msgs) -> None:
        self.sock.sendall(b"".join(encode_frontend(m) for m in msgs))

    def recv_message(self):
        """The next backend message, or None at EOF."""
        while True:
            if len(self.buf) >= 5:
                (ln,) = struct.unpack("!i", self.buf[1:5])
                if len(self.buf) >= 1 + ln:
                    t, body = self.buf[0], bytes(self.buf[5:1 + ln])
                    del self.buf[:1 + ln]
                    return decode_backend(t, body)
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buf += data

    def until_ready(self) -> list:
        """Messages up to and including ReadyForQuery (or up to EOF)."""
        out = []
        while True:
            m = self.recv_message()
            if m is None:
                return out
            out.append(m)
            if isinstance(m, M.ReadyForQuery):
                return out

    def query(self, sql: str) -> list:
        self.send(M.Query(sql))
        return self.until_ready()

    def close(self) -> None:
        import contextlib
        # the server may already have closed the socket (a FATAL it sent);
        # Terminate is then moot
        with contextlib.suppress(OSError):
            self.send(M.Terminate())
        self.sock.close()


def errors(msgs) -> list[tuple[str, str]]:
    return [(m.get("C"), m.get("M")) for m in msgs if isinstance(m, M.ErrorResponse)]


def rows(msgs) -> list[tuple]:
    return [tuple(None if v is None else v.decode() for v in m.values) for m in msgs
            if isinstance(m, M.DataRow)]


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class ServeProcess:
    """``pgref serve -D datadir --port 0 ...`` in a subprocess."""

    def __init__(self, datadir: str, *args: str):
        self.datadir = datadir
        cmd = [sys.executable, "-m", "pgref.cli", "serve", "-D", datadir, "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r" on [^:]+:(\d+)", line)
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.proc.kill()
            raise RuntimeError(f"pgref serve did not start: {line!r} {err}")
        self.port = int(m.group(1))
        self.pid = self.proc.pid

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 60.0) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.communicate()


def wait_for(pred, timeout: float = 10.0, step: float = 0.02) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()

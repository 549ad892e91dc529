"""The commit log: what became of every transaction id (PostgreSQL's
pg_xact, src/backend/access/transam/clog.c).

Where it sits: ``mvcc/`` (spec/08-mvcc.md, "Commit log").  Two bits per
transaction, four transactions per byte, exactly PostgreSQL's encoding:

    00 IN_PROGRESS   01 COMMITTED   10 ABORTED   11 SUB_COMMITTED

On disk it is ``DATA/pg_xact/0000`` (one file; PostgreSQL splits it into
256 KB SLRU segments).  A transaction that was in progress when the
process stopped is, on the next open, simply never COMMITTED: readers treat
it as aborted (INV-MVCC-1), which is what crash recovery needs.

Entry points: CommitLog(path|None).status(xid), set(xid, status), flush()
"""
from __future__ import annotations

import os

IN_PROGRESS, COMMITTED, ABORTED, SUB_COMMITTED = 0, 1, 2, 3
FIRST_NORMAL_XID = 3


class CommitLog:
    def __init__(self, path: str | None):
        self.path = path
        self.bits = bytearray()
        self.dirty = False
        if path and os.path.exists(path):
            with open(path, "rb") as f:
                self.bits = bytearray(f.read())
        self._dirty_range = (len(self.bits), 0)      # bytes changed since the last flush

    def status(self, xid: int) -> int:
        if xid < FIRST_NORMAL_XID:
            return COMMITTED if xid in (1, 2) else ABORTED   # bootstrap / frozen xids
        byte, shift = divmod(xid, 4)
        if byte >= len(self.bits):
            return IN_PROGRESS
        return (self.bits[byte] >> (shift * 2)) & 3

    def set(self, xid: int, status: int) -> None:
        byte, shift = divmod(xid, 4)
        if byte >= len(self.bits):
            self.bits.extend(b"\0" * (byte - len(self.bits) + 1024))
        self.bits[byte] = (self.bits[byte] & ~(3 << (shift * 2))) | (status << (shift * 2))
        self.dirty = True
        lo, hi = self._dirty_range
        self._dirty_range = (min(lo, byte), max(hi, byte + 1))

    def flush(self, fsync: bool = False) -> None:
        """Write the changed bytes in place (a COMMIT changes one byte, so
        this is one small pwrite, not a rewrite of the file).  Each byte
        holds its xids' statuses either as before or as after, and before a
        COMMIT returns it is written, so a crash never shows a half-made
        commit (INV-MVCC-1).  A new file is created whole."""
        if not self.path or not self.dirty:
            if fsync and self.path and os.path.exists(self.path):
                fd = os.open(self.path, os.O_RDWR)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            return
        if not os.path.exists(self.path):
            tmp = self.path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(self.bits)
                if fsync:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(tmp, self.path)
        else:
            lo, hi = self._dirty_range
            size = os.path.getsize(self.path)
            if size < len(self.bits):
                lo = min(lo, size)
                hi = len(self.bits)
            fd = os.open(self.path, os.O_RDWR)
            try:
                if hi > lo:
                    os.pwrite(fd, bytes(self.bits[lo:hi]), lo)
                if fsync:
                    os.fsync(fd)
            finally:
                os.close(fd)
        self.dirty = False
        self._dirty_range = (len(self.bits), 0)

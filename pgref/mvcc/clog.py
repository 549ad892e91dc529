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

    def flush(self, fsync: bool = False) -> None:
        if not self.path or not self.dirty:
            return
        tmp = self.path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(self.bits)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, self.path)
        self.dirty = False

"""One database: its catalog, its storage, and its transactions.

Where it sits: ``engine/`` (spec/09-engine.md, "Databases").  A
:class:`Database` owns the shared state every session of it uses:

  catalog        ``catalog.Catalog`` (relations, types, sequences...)
  storage        a ``BufferManager`` over the relation files
  commit log     ``mvcc.clog.CommitLog`` (pg_xact)
  proc array     the set of running transaction ids (for snapshots)
  lock           statements run one at a time (INV-ENG-1): a session holds
                 ``lock`` while a statement executes, so sessions interleave
                 between statements but never within one.  Row-level
                 locking and waiting come with the MVCC issue.

Data directory::

    DATA/PG_VERSION                 "15"
    DATA/global/pg_control.json     next xid / next oid, checkpoint state
    DATA/global/catalog.json        the user catalog (see persist.py)
    DATA/base/<dboid>/<relfilenode> relation files (8 KB pages)
    DATA/pg_xact/0000               commit status, 2 bits per xid
    DATA/pgref.pid                  the lock file: one process at a time
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading

from pgref.access.heap.heapam import HeapRelation
from pgref.catalog.catalog import Catalog
from pgref.errors import FEATURE_NOT_SUPPORTED, OBJECT_IN_USE, PgError
from pgref.mvcc.clog import ABORTED, COMMITTED, FIRST_NORMAL_XID, CommitLog
from pgref.mvcc.visibility import Snapshot
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile

DEFAULT_DBOID = 5


class Database:
    def __init__(self, path: str | None, dbname: str = "postgres", dboid: int = DEFAULT_DBOID):
        self.path = None if path in (None, ":memory:") else os.path.abspath(path)
        self.dbname = dbname
        self.dboid = dboid
        self.lock = threading.RLock()
        self._pidfile = None
        if self.path:
            self._init_dir()
        self.bm = BufferManager.open(self.path)
        self.clog = CommitLog(os.path.join(self.path, "pg_xact", "0000") if self.path else None)
        self.next_xid = FIRST_NORMAL_XID
        self.running: set[int] = set()
        self.cat = Catalog(dboid, dbname)
        self.seq_state: dict[int, list] = {}     # seq oid -> [last_value, is_called, log_cnt]
        self.seq_logged: dict[int, int] = {}
        self._heaps: dict[int, tuple[int, HeapRelation]] = {}
        self._indexes: dict[int, tuple[int, object]] = {}
        self.closed = False
        if self.path:
            from pgref.engine.persist import load_catalog
            self._load_control()
            load_catalog(self)

    # ------------------------------------------------------------ directory
    def _init_dir(self) -> None:
        p = self.path
        os.makedirs(os.path.join(p, "global"), exist_ok=True)
        os.makedirs(os.path.join(p, "pg_xact"), exist_ok=True)
        os.makedirs(os.path.join(p, "base", str(self.dboid)), exist_ok=True)
        ver = os.path.join(p, "PG_VERSION")
        if not os.path.exists(ver):
            with open(ver, "w") as f:
                f.write("15\n")
        else:
            with open(ver) as f:
                if f.read().strip() != "15":
                    raise PgError("XX000", f'database files are incompatible with server: "{p}" is not '
                                  "a pgref data directory for PostgreSQL 15")
        self._pidfile = open(os.path.join(p, "pgref.pid"), "a+")
        try:
            fcntl.flock(self._pidfile.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._pidfile.close()
            self._pidfile = None
            raise PgError(OBJECT_IN_USE, f'data directory "{p}" is in use by another process',
                          hint="Is another pgref server or program running on this data directory?")
        self._pidfile.seek(0)
        self._pidfile.truncate()
        self._pidfile.write(f"{os.getpid()}\n{p}\n")
        self._pidfile.flush()

    def _control_path(self) -> str:
        return os.path.join(self.path, "global", "pg_control.json")

    def _load_control(self) -> None:
        path = self._control_path()
        if os.path.exists(path):
            with open(path) as f:
                ctl = json.load(f)
            self.next_xid = ctl["next_xid"]

    def save_control(self) -> None:
        if not self.path:
            return
        # xids are handed out in blocks so a crash never reuses one (like
        # PostgreSQL's XID logging): persist a value ahead of next_xid
        tmp = self._control_path() + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"next_xid": self.next_xid + 1000, "version": 1}, f)
        os.replace(tmp, self._control_path())
        self._xid_saved_upto = self.next_xid + 1000

    # ------------------------------------------------------------ transactions
    def assign_xid(self) -> int:
        xid = self.next_xid
        self.next_xid += 1
        if self.path and xid >= getattr(self, "_xid_saved_upto", 0):
            self.save_control()
        self.running.add(xid)
        return xid

    def finish_xids(self, xids, committed: bool) -> None:
        status = COMMITTED if committed else ABORTED
        for x in xids:
            self.clog.set(x, status)
            self.running.discard(x)

    def snapshot(self, mine: frozenset[int], curcid: int, combocids) -> Snapshot:
        running = frozenset(self.running - mine)
        xmin = min(running) if running else self.next_xid
        return Snapshot(xmin, self.next_xid, running, mine, curcid, combocids, self.clog)

    def xid_committed(self, xid: int) -> bool:
        return self.clog.status(xid) == COMMITTED

    # ------------------------------------------------------------ storage
    def relfile(self, relfilenode: int) -> RelFile:
        return RelFile(self.dboid, relfilenode)

    def create_storage(self, relfilenode: int) -> None:
        self.bm.create(self.relfile(relfilenode))

    def drop_storage(self, relfilenode: int) -> None:
        rf = self.relfile(relfilenode)
        self.bm.drop_buffers(rf)
        if self.bm.exists(rf):
            self.bm.unlink(rf)

    def heap(self, relid: int) -> HeapRelation:
        rel = self.cat.relation(relid)
        got = self._heaps.get(relid)
        key = (rel.relfilenode, len(rel.columns))
        if got is not None and got[0] == key:
            return got[1]
        from pgref.catalog.builtin import types as builtin_types
        attrs = []
        for c in rel.columns:
            t = self.cat.typeinfo(c.typ)
            if t.typtype in ("e",):
                attrs.append((c.typ, 4, "i", True))
            else:
                attrs.append((c.typ, t.typlen, t.align, t.typbyval))
        del builtin_types
        h = HeapRelation(self.bm, self.relfile(rel.relfilenode), attrs, name=rel.name)
        self._heaps[relid] = (key, h)
        return h

    def index(self, index_oid: int):
        from pgref.engine.indexes import open_index
        rel, idx = self._find_index(index_oid)
        got = self._indexes.get(index_oid)
        if got is not None and got[0] == idx.relfilenode:
            return got[1]
        handle = open_index(self, rel, idx)
        self._indexes[index_oid] = (idx.relfilenode, handle)
        return handle

    def _find_index(self, index_oid: int):
        for rel in self.cat.relations.values():
            for idx in rel.indexes:
                if idx.oid == index_oid:
                    return rel, idx
        raise PgError("XX000", f"could not open index with OID {index_oid}")

    def seq_logged_state(self) -> dict[int, list]:
        """Sequence state as written to disk: ahead of the real state by the
        logged margin (INV-SEQ-1), exact after a clean close."""
        out = {}
        for oid, st in self.seq_state.items():
            if oid in self.seq_logged:
                out[oid] = [self.seq_logged[oid], True]
            else:
                out[oid] = list(st)
        return out

    def flush(self) -> None:
        """Write every dirty page and the commit log (at COMMIT: without
        a WAL, committed data reaches the files before the commit returns)."""
        self.bm.flush_all()
        self.bm.fsm.save_all()
        self.clog.flush()

    def checkpoint(self) -> None:
        if self.closed:
            return
        with self.lock:
            self.bm.checkpoint()
            self.clog.flush(fsync=True)
            if self.path:
                from pgref.engine.persist import save_catalog
                save_catalog(self)

    def close(self) -> None:
        if self.closed:
            return
        with self.lock:
            # a transaction still running at close never committed
            self.finish_xids(list(self.running), committed=False)
            self.seq_logged.clear()          # a clean close saves exact sequence state
            self.checkpoint()
            self.bm.close()
            self.closed = True
            if self._pidfile is not None:
                self._pidfile.close()
                # the lock is released with the file; a vanished pid file is fine
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(self.path, "pgref.pid"))

"""One database of a cluster: its catalog and its relations.

Where it sits: ``engine/`` (spec/09-engine.md, "Databases and the
cluster").  A :class:`Database` is what a session is connected to: the
objects it can see and nothing of any other database's.  It owns

  catalog        ``catalog.Catalog`` (relations, types, sequences...),
                 saved under ``DATA/base/<dboid>/`` (persist.py)
  relations      heap and index handles over ``RelFile(dboid, relfilenode)``
  sequences      their non-transactional state
  sessions       the sessions connected to it (DROP DATABASE counts them)

and borrows from its :class:`~pgref.engine.cluster.Cluster` everything the
cluster shares: the statement lock (INV-ENG-1: a session holds ``lock``
while a statement executes, so sessions interleave between statements but
never within one), the buffer pool, the commit log and the transaction ids
(INV-CLUSTER-1), so code that holds a Database never needs the cluster.

``Database(path | None)`` -- a data directory rather than a cluster --
opens the cluster at ``path`` and connects to its ``postgres`` database;
closing that Database closes the cluster (the embedded engine's and the
older tests' way in).
"""
from __future__ import annotations

import threading
import weakref

from pgref.access.heap.heapam import HeapRelation
from pgref.catalog.catalog import Catalog
from pgref.errors import PgError
from pgref.storage.smgr import RelFile

DEFAULT_DBOID = 5


class Database:
    def __init__(self, cluster, dbname: str | None = None, dboid: int | None = None):
        from pgref.engine.cluster import Cluster
        self.owns_cluster = not isinstance(cluster, Cluster)
        if self.owns_cluster:
            cluster = Cluster(cluster)
            try:
                entry = cluster.entry(dbname or "postgres")
                if entry is None:
                    raise PgError("3D000", f'database "{dbname}" does not exist')
            except BaseException:
                cluster.close()
                raise
            dboid = entry.oid
            cluster.open_dbs[dboid] = self
        elif dboid is None:
            entry = cluster.entry(dbname or "postgres")
            if entry is None:
                raise PgError("3D000", f'database "{dbname}" does not exist')
            dboid = entry.oid
        self.cluster = cluster
        self.dboid = dboid
        self.sessions: weakref.WeakSet = weakref.WeakSet()
        self._sessions_lock = threading.Lock()   # not the statement lock: connecting never waits for one
        self.cat = Catalog(dboid, self.dbname)
        self.seq_state: dict[int, list] = {}     # seq oid -> [last_value, is_called, log_cnt]
        self.seq_logged: dict[int, int] = {}
        self._heaps: dict[int, tuple[int, HeapRelation]] = {}
        self._indexes: dict[int, tuple[int, object]] = {}
        self.closed = False
        if self.path:
            from pgref.engine.persist import load_catalog
            load_catalog(self)

    # ------------------------------------------------------------ shared with the cluster
    @property
    def dbname(self) -> str:
        e = self.cluster.databases.get(self.dboid)
        return e.datname if e is not None else ""

    @property
    def path(self) -> str | None:
        return self.cluster.path

    @property
    def lock(self):
        return self.cluster.lock

    @property
    def bm(self):
        return self.cluster.bm

    @property
    def clog(self):
        return self.cluster.clog

    @property
    def running(self) -> set[int]:
        return self.cluster.running

    @property
    def next_xid(self) -> int:
        return self.cluster.next_xid

    def assign_xid(self) -> int:
        return self.cluster.assign_xid()

    def finish_xids(self, xids, committed: bool) -> None:
        self.cluster.finish_xids(xids, committed)

    def snapshot(self, mine: frozenset[int], curcid: int, combocids):
        return self.cluster.snapshot(mine, curcid, combocids)

    def xid_committed(self, xid: int) -> bool:
        return self.cluster.xid_committed(xid)

    def save_control(self) -> None:
        self.cluster.save_control()

    # ------------------------------------------------------------ sessions
    def attach(self, session) -> None:
        """A session connected to this database (counted by DROP DATABASE)."""
        with self._sessions_lock:
            self.sessions.add(session)

    def detach(self, session) -> None:
        with self._sessions_lock:
            self.sessions.discard(session)

    def other_sessions(self, besides=None) -> list:
        with self._sessions_lock:
            return [s for s in self.sessions if s is not besides]

    # ------------------------------------------------------------ storage
    def relfile(self, relfilenode: int) -> RelFile:
        return RelFile(self.dboid, relfilenode)      # INV-CLUSTER-2: always this database's directory

    def create_storage(self, relfilenode: int) -> None:
        self.bm.create(self.relfile(relfilenode))

    def drop_storage(self, relfilenode: int) -> None:
        rf = self.relfile(relfilenode)
        self.bm.drop_buffers(rf)
        if self.bm.exists(rf):
            self.bm.unlink(rf)
        from pgref.access.common.toast import drop_toast_storage
        drop_toast_storage(self.bm, rf)          # the TOAST companion files go with it

    def relfilenodes(self) -> list[int]:
        """Every relation file of this database's (non-temporary) objects."""
        out = []
        for rel in self.cat.relations.values():
            if rel.persistence == "t":
                continue
            if rel.relfilenode:
                out.append(rel.relfilenode)
            out.extend(idx.relfilenode for idx in rel.indexes if idx.relfilenode)
        return out

    def heap(self, relid: int) -> HeapRelation:
        rel = self.cat.relation(relid)
        got = self._heaps.get(relid)
        from pgref.engine.reloptions import heap_storage
        storages, toast_target = heap_storage(self.cat, rel)     # attstorage, toast_tuple_target
        key = (rel.relfilenode, len(rel.columns), tuple(storages), toast_target)
        if got is not None and got[0] == key:
            return got[1]
        attrs = []
        for c in rel.columns:
            t = self.cat.typeinfo(c.typ)
            if t is None:
                # a dropped column whose type was dropped too: storage still
                # knows how its values are laid out (INV-CAT-2)
                from pgref.access.common.datum import attr_for_type
                attrs.append(attr_for_type(c.typ))
            elif t.typtype in ("e",):
                attrs.append((c.typ, 4, "i", True))
            else:
                attrs.append((c.typ, t.typlen, t.align, t.typbyval))
        h = HeapRelation(self.bm, self.relfile(rel.relfilenode), attrs, name=rel.name, storages=storages)
        if toast_target is not None and h.toast_rel is not None:
            h.toast_rel.tuple_target = toast_target
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
        self.cluster.flush()

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
        """Close the cluster if this Database opened it (``Database(path)``);
        a database of a cluster stays open until the cluster closes."""
        if self.closed:
            return
        if self.owns_cluster:
            self.cluster.close()
        self.closed = True

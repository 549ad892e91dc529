"""A cluster: one data directory holding several databases.

Where it sits: ``engine/``, under ``engine/database.py`` (spec/09-engine.md,
"Databases and the cluster").  PostgreSQL splits its state in two: what the
whole cluster shares -- the transaction id counter and the commit log, the
shared catalogs in ``global/`` (``pg_database``, ``pg_authid``,
``pg_db_role_setting`` ...), the buffer pool, the postmaster's lock file --
and what each database has for itself: its own ``pg_class``, ``pg_type`` ...
and relation files under ``base/<dboid>/``.  A :class:`Cluster` is the first
half, a :class:`~pgref.engine.database.Database` the second::

    Cluster (DATA/)                       shared by every database
      lock               INV-ENG-1: one statement at a time, cluster-wide
      bm                 one buffer pool; a page's tag names its database
      clog, next_xid,    one transaction id space (INV-CLUSTER-1)
        running
      databases          pg_database rows: oid -> DbEntry
      role_settings      pg_db_role_setting: (dboid, roleid) -> ["name=value"]
      open_dbs           oid -> Database, opened on first connection

    DATA/PG_VERSION                    "15"
    DATA/pgref.pid                     the lock file (postmaster.pid)
    DATA/global/pg_control.json        next xid (logged ahead)
    DATA/global/pg_filenode.map        which files hold the shared catalogs
    DATA/global/<relfilenode>          pg_database, pg_db_role_setting
    DATA/base/<dboid>/pg_filenode.map  that database's catalog files (persist.py)
    DATA/base/<dboid>/<relfilenode>    that database's relations
    DATA/pg_xact/0000                  commit status, 2 bits per xid

A new cluster holds PostgreSQL's three databases: ``template1`` (oid 1),
``template0`` (oid 4, not connectable) and ``postgres`` (oid 5), all owned
by the bootstrap superuser ``postgres`` (oid 10).  CREATE DATABASE copies a
template's relations (``dbcommands.py``); DROP DATABASE removes
``base/<dboid>/``.

Entry points:
    Cluster(path | None)              open or create; None / ":memory:" = in memory
    Cluster.entry(name) -> DbEntry | None
    Cluster.open_database(name) -> Database            3D000 if there is none
    Cluster.connect(name, user) -> Database            plus the connection checks
    Cluster.assign_xid / finish_xids / snapshot        the shared xid space
    Cluster.save_shared()                              write global/ (INV-CLUSTER-3)
    Cluster.checkpoint() / close()
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
import time
from dataclasses import dataclass

from pgref.errors import OBJECT_IN_USE, PgError
from pgref.mvcc.clog import ABORTED, COMMITTED, FIRST_NORMAL_XID, CommitLog
from pgref.mvcc.visibility import Snapshot
from pgref.mvcc.xactlock import XactLockTable
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile
from pgref.types import oids as T

LAYOUT_VERSION = 3               # 3: a cluster of databases (2: one database per directory)
FIRST_NORMAL_OID = 16384         # FirstNormalObjectId
BOOTSTRAP_SUPERUSER = 10
UTF8 = 6                         # pg_enc PG_UTF8
TEMPLATE_ACL = ["=c/postgres", "postgres=CTc/postgres"]
FROZEN_XID = 2

# the databases initdb makes, with their fixed OIDs (pg_database.dat, initdb.c)
TEMPLATE1_OID, TEMPLATE0_OID, POSTGRES_OID = 1, 4, 5


@dataclass
class DbEntry:
    """One pg_database row; the attribute names are PostgreSQL 15's columns."""
    oid: int
    datname: str
    datdba: int = BOOTSTRAP_SUPERUSER
    encoding: int = UTF8
    datlocprovider: str = "c"
    datistemplate: bool = False
    datallowconn: bool = True
    datconnlimit: int = -1
    datfrozenxid: int = FIRST_NORMAL_XID
    datminmxid: int = 1
    dattablespace: int = 1663                  # pg_default
    datcollate: str = "C"
    datctype: str = "C"
    daticulocale: str | None = None
    datcollversion: str | None = None
    datacl: list[str] | None = None            # aclitem texts; None = default privileges


# how the shared catalogs are stored: (column, type) in heap pages, frozen rows
SHARED_CATALOGS: dict[str, list[tuple[str, int]]] = {
    "pg_database": [("oid", T.OIDOID), ("datname", T.NAMEOID), ("datdba", T.OIDOID), ("encoding", T.INT4OID),
                    ("datlocprovider", T.CHAROID), ("datistemplate", T.BOOLOID), ("datallowconn", T.BOOLOID),
                    ("datconnlimit", T.INT4OID), ("datfrozenxid", T.INT8OID), ("datminmxid", T.INT8OID),
                    ("dattablespace", T.OIDOID), ("datcollate", T.TEXTOID), ("datctype", T.TEXTOID),
                    ("daticulocale", T.TEXTOID), ("datcollversion", T.TEXTOID), ("datacl", T.TEXTOID)],
    "pg_db_role_setting": [("setdatabase", T.OIDOID), ("setrole", T.OIDOID), ("setconfig", T.TEXTOID)],
}
# pg_authid and pg_auth_members: the roles (auth/roles.py, spec/16-auth.md)
from pgref.auth.roles import shared_catalog_columns as _role_catalog_columns  # noqa: E402
SHARED_CATALOGS.update(_role_catalog_columns())


def _attrs(columns):
    from pgref.catalog.builtin import types as builtin_types
    bt = builtin_types()
    return [(typ, bt[typ].typlen, bt[typ].align, bt[typ].typbyval) for _name, typ in columns]


def busy_detail(n: int) -> str:
    """errdetail_busy_db's text (prepared transactions do not exist here)."""
    if n == 1:
        return "There is 1 other session using the database."
    return f"There are {n} other sessions using the database."


class Cluster:
    def __init__(self, path: str | None):
        self.path = None if path in (None, ":memory:") else os.path.abspath(path)
        self.lock = threading.RLock()
        self.busy_wait = 5.0             # seconds DROP/CREATE DATABASE wait for other sessions
        self._pidfile = None
        self.closed = False
        fresh = True
        if self.path:
            fresh = self._init_dir()
        try:
            self.bm = BufferManager.open(self.path)
            self.clog = CommitLog(os.path.join(self.path, "pg_xact", "0000") if self.path else None)
            self.next_xid = FIRST_NORMAL_XID
            self._xid_saved_upto = 0
            self.running: set[int] = set()
            self.xactlocks = XactLockTable(self.lock)     # row-level waits (spec/08-mvcc.md)
            self.snapshot_xmins: dict[int, int] = {}      # top xid -> oldest xmin of its snapshots
            self.next_oid = FIRST_NORMAL_OID
            self.databases: dict[int, DbEntry] = {}
            self.role_settings: dict[tuple[int, int], list[str]] = {}
            self.open_dbs: dict[int, object] = {}
            if self.path and not fresh:
                self._load_control()
                self._load_shared()
            else:
                self._bootstrap()
        except BaseException:
            self._release_pidfile()
            raise

    # ------------------------------------------------------------ directory
    def _init_dir(self) -> bool:
        """Make or check DATA/ and take the lock file.  True if new."""
        p = self.path
        ver = os.path.join(p, "PG_VERSION")
        fresh = not os.path.exists(os.path.join(p, "global", "pg_filenode.map"))
        os.makedirs(os.path.join(p, "global"), exist_ok=True)
        os.makedirs(os.path.join(p, "pg_xact"), exist_ok=True)
        os.makedirs(os.path.join(p, "base"), exist_ok=True)
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
        return fresh

    def _release_pidfile(self) -> None:
        if self._pidfile is not None:
            self._pidfile.close()
            self._pidfile = None
            # the lock goes with the file; a vanished pid file is fine
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self.path, "pgref.pid"))

    def _bootstrap(self) -> None:
        """initdb: template1, then template0 and postgres as its copies
        (all empty of user objects, so a copy is an empty directory)."""
        self.databases = {
            TEMPLATE1_OID: DbEntry(TEMPLATE1_OID, "template1", datistemplate=True, datacl=list(TEMPLATE_ACL)),
            TEMPLATE0_OID: DbEntry(TEMPLATE0_OID, "template0", datistemplate=True, datallowconn=False,
                                   datacl=list(TEMPLATE_ACL)),
            POSTGRES_OID: DbEntry(POSTGRES_OID, "postgres"),
        }
        if self.path:
            for oid in self.databases:
                os.makedirs(self.db_dir(oid), exist_ok=True)
            self.save_control()
            self.save_shared()

    def db_dir(self, dboid: int) -> str:
        return os.path.join(self.path, "base", str(dboid))

    # ------------------------------------------------------------ pg_control
    def _control_path(self) -> str:
        return os.path.join(self.path, "global", "pg_control.json")

    def _load_control(self) -> None:
        path = self._control_path()
        if os.path.exists(path):
            with open(path) as f:
                self.next_xid = json.load(f)["next_xid"]

    def save_control(self) -> None:
        if not self.path:
            return
        # xids are handed out in blocks so a crash never reuses one (like
        # PostgreSQL's XID logging): persist a value ahead of next_xid
        tmp = self._control_path() + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"next_xid": self.next_xid + 1000, "version": LAYOUT_VERSION}, f)
        os.replace(tmp, self._control_path())
        self._xid_saved_upto = self.next_xid + 1000

    # ------------------------------------------------------------ shared catalogs
    def _map_path(self) -> str:
        return os.path.join(self.path, "global", "pg_filenode.map")

    def _read_map(self) -> dict | None:
        if not os.path.exists(self._map_path()):
            return None
        with open(self._map_path()) as f:
            return json.load(f)

    def new_oid(self) -> int:
        """The next OID of the shared counter, skipping database OIDs in use."""
        while True:
            oid = self.next_oid
            self.next_oid += 1
            if oid not in self.databases:
                return oid

    def save_shared(self) -> None:
        """Write pg_database and pg_db_role_setting into new files under
        global/, then switch global/pg_filenode.map to them atomically and
        remove the old ones (INV-CLUSTER-3)."""
        if not self.path:
            return
        from pgref.access.heap.heapam import HeapRelation
        old = self._read_map()
        rows = {
            "pg_database": [(e.oid, e.datname, e.datdba, e.encoding, e.datlocprovider, e.datistemplate,
                             e.datallowconn, e.datconnlimit, e.datfrozenxid, e.datminmxid, e.dattablespace,
                             e.datcollate, e.datctype, e.daticulocale, e.datcollversion,
                             None if e.datacl is None else json.dumps(e.datacl))
                            for e in self.databases.values()],
            "pg_db_role_setting": [(db, role, json.dumps(conf))
                                   for (db, role), conf in self.role_settings.items() if conf],
        }
        from pgref.auth.roles import role_catalog
        rolecat = role_catalog(self)
        rows.update(rolecat.shared_rows())
        new_map = {"version": LAYOUT_VERSION, "files": {}}
        written = []
        for name, cols in SHARED_CATALOGS.items():
            rf = RelFile(0, self.new_oid())
            heap = HeapRelation.create(self.bm, rf, _attrs(cols), name=name)
            for r in rows[name]:
                heap.insert(r, FROZEN_XID, 0)
            written.append(rf)
            new_map["files"][name] = rf.relfilenode
        new_map["next_oid"] = self.next_oid
        for rf in written:
            self.bm.flush(rf)
            self.bm.sync(rf)
        tmp = self._map_path() + ".tmp"
        with open(tmp, "w") as f:
            json.dump(new_map, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._map_path())
        for node in (old or {}).get("files", {}).values():
            rf = RelFile(0, node)
            self.bm.drop_buffers(rf)
            if self.bm.exists(rf):
                self.bm.unlink(rf)

    def _load_shared(self) -> None:
        from pgref.access.heap.heapam import HeapRelation
        m = self._read_map()
        if m is None or "pg_database" not in m.get("files", {}):
            raise PgError("XX000", f'database files are incompatible with server: "{self.path}" was made by '
                          "an earlier pgref (one database per data directory)",
                          hint="Make a new data directory with \"pgref init\" and load the data again.")
        self.next_oid = m["next_oid"]
        tables = {}
        for name, cols in SHARED_CATALOGS.items():
            if name not in m["files"]:
                continue              # written before this catalog existed (roles: bootstrapped)
            heap = HeapRelation(self.bm, RelFile(0, m["files"][name]), _attrs(cols), name=name)
            names = [c for c, _ in cols]
            tables[name] = [dict(zip(names, vals)) for _tid, _hdr, vals in heap.scan()]
        for r in tables["pg_database"]:
            acl = r.pop("datacl")
            self.databases[r["oid"]] = DbEntry(**r, datacl=None if acl is None else json.loads(acl))
        for r in tables["pg_db_role_setting"]:
            self.role_settings[(r["setdatabase"], r["setrole"])] = json.loads(r["setconfig"])
        if "pg_authid" in tables:
            from pgref.auth.roles import RoleCatalog
            self.rolecat = RoleCatalog.from_rows(tables["pg_authid"], tables.get("pg_auth_members", []),
                                                 tables.get("pg_default_acl", []))

    # ------------------------------------------------------------ databases
    def entry(self, name: str) -> DbEntry | None:
        for e in list(self.databases.values()):
            if e.datname == name:
                return e
        return None

    def open_database(self, name: str):
        """The Database called ``name``, opened (its catalog loaded) on
        first use and kept open until the cluster closes."""
        e = self.entry(name)
        if e is None:
            raise PgError("3D000", f'database "{name}" does not exist')
        return self.database_by_oid(e.oid)

    def database_by_oid(self, dboid: int):
        from pgref.engine.database import Database
        with self.lock:
            db = self.open_dbs.get(dboid)
            if db is None:
                db = Database(self, dboid=dboid)
                self.open_dbs[dboid] = db
            return db

    def connect(self, name: str, user: str = "postgres"):
        """What a new connection asks for (PostgreSQL's InitPostgres):
        the database must exist and accept connections; its connection
        limit binds everyone but superusers (everyone is one, for now)."""
        # no statement lock here: a new connection must not wait for a
        # running statement (spec/10, INV-WIRE-10); only the first opening
        # of a database (loading its catalog) takes it
        e = self.entry(name)
        if e is None:
            raise PgError("3D000", f'database "{name}" does not exist')
        if not e.datallowconn:
            raise PgError("55000", f'database "{name}" is not currently accepting connections')
        db = self.open_dbs.get(e.oid)
        return db if db is not None else self.database_by_oid(e.oid)

    def session_settings(self, dboid: int, roleid: int = BOOTSTRAP_SUPERUSER) -> dict[str, str]:
        """pg_db_role_setting for a new session, least specific first:
        database-wide, role-wide, then database and role (process_settings)."""
        out: dict[str, str] = {}
        for key in ((dboid, 0), (0, roleid), (dboid, roleid)):
            for item in self.role_settings.get(key, []):
                name, _, value = item.partition("=")
                out[name] = value
        return out

    def sessions_in(self, dboid: int, besides=None) -> int:
        db = self.open_dbs.get(dboid)
        if db is None:
            return 0
        return len(db.other_sessions(besides))

    def wait_for_others(self, dboid: int, besides=None) -> int:
        """CountOtherDBBackends: the number of other sessions connected to
        ``dboid``, after waiting up to ``busy_wait`` seconds (PostgreSQL:
        5) for them to go -- a client that just disconnected may not be
        gone yet.  The caller holds ``lock``; it is released while waiting
        (INV-CLUSTER-5)."""
        n = self.sessions_in(dboid, besides)
        if n and self.busy_wait > 0:
            cond = threading.Condition(self.lock)
            deadline = time.monotonic() + self.busy_wait
            while n and time.monotonic() < deadline:
                cond.wait(0.05)
                n = self.sessions_in(dboid, besides)
        return n

    # ------------------------------------------------------------ transactions (INV-CLUSTER-1)
    def assign_xid(self) -> int:
        xid = self.next_xid
        self.next_xid += 1
        if self.path and xid >= self._xid_saved_upto:
            self.save_control()
        self.running.add(xid)
        return xid

    def finish_xids(self, xids, committed: bool) -> None:
        status = COMMITTED if committed else ABORTED
        for x in xids:
            self.clog.set(x, status)
            self.running.discard(x)
            self.snapshot_xmins.pop(x, None)
        self.xactlocks.wake()                 # waiters for these xids re-check (mvcc/xactlock.py)

    def snapshot(self, mine: frozenset[int], curcid: int, combocids) -> Snapshot:
        running = frozenset(self.running - mine)
        xmin = min(running) if running else self.next_xid
        if mine:
            # the vacuum horizon must not pass a snapshot still in use
            # (PostgreSQL's MyProc->xmin; spec/08-mvcc.md, VACUUM and ANALYZE)
            top = min(mine)
            if xmin < self.snapshot_xmins.get(top, xmin + 1):
                self.snapshot_xmins[top] = xmin
        return Snapshot(xmin, self.next_xid, running, mine, curcid, combocids, self.clog)

    def xid_committed(self, xid: int) -> bool:
        return self.clog.status(xid) == COMMITTED

    # ------------------------------------------------------------ storage
    def flush(self) -> None:
        """Every dirty page and the commit log to the files (at COMMIT:
        without a WAL, committed data reaches the files first)."""
        self.bm.flush_all()
        # the free space map is a hint (INV-STORAGE-7): it is saved at
        # checkpoint and close, not at every commit
        self.clog.flush()

    def checkpoint(self) -> None:
        if self.closed:
            return
        with self.lock:
            self.bm.checkpoint()
            self.clog.flush(fsync=True)
            if self.path:
                from pgref.engine.persist import save_catalog
                for db in list(self.open_dbs.values()):
                    save_catalog(db)
                self.save_shared()

    def close(self) -> None:
        if self.closed:
            return
        with self.lock:
            # a transaction still running at close never committed
            self.finish_xids(list(self.running), committed=False)
            for db in self.open_dbs.values():
                db.seq_logged.clear()        # a clean close saves exact sequence state
            self.checkpoint()
            self.bm.close()
            self.closed = True
            for db in self.open_dbs.values():
                db.closed = True
            self._release_pidfile()

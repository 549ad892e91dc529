"""A session: SQL text in, results out -- the one entry point shared by the
server and the DB-API (spec/09-engine.md).

Where it sits: the top of the engine, below ``server/`` and ``dbapi``.
Life of a statement (each name is a real function; tests/test_walkthrough.py
checks they exist)::

    Session.execute(sql)                      split into statements: sql.parser.parse
      Session._run_statement(raw)             transaction state checks, implicit xact
        Session._dispatch(stmt)               utility or optimizable?
          analyzer.query.QueryAnalyzer.analyze_select / modify.ModifyAnalyzer
          planner.planner.Planner.plan        -> PlannedStmt
          executor.run.run_plan               -> batches of rows
        Result(tag, columns, rows)            -> wire protocol / DB-API

Transactions (spec/08-mvcc.md): outside BEGIN each statement (or each
multi-statement query string) is its own transaction.  Inside a block an
error leaves the transaction *failed* (status 'E') until ROLLBACK; savepoints
are subtransactions with their own xids, so ROLLBACK TO marks just their
work aborted.  The catalog is snapshotted before the first DDL of each
(sub)transaction and restored if it aborts (INV-CAT-3).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from pgref.access.heap.combocid import ComboCids
from pgref.access.heap.heapam import ABORTED as H_ABORTED
from pgref.access.heap.heapam import COMMITTED as H_COMMITTED
from pgref.access.heap.heapam import CURRENT as H_CURRENT
from pgref.access.heap.heapam import IN_PROGRESS as H_IN_PROGRESS
from pgref.access.heap.tuple import HEAP_XMAX_INVALID, HEAP_XMAX_LOCK_ONLY
from pgref.analyzer import nodes as AN
from pgref.analyzer.expr import ExprAnalyzer
from pgref.catalog.catalog import PG_CATALOG, PUBLIC
from pgref.engine.guc import Settings
from pgref.errors import (ACTIVE_SQL_TRANSACTION, FEATURE_NOT_SUPPORTED, IN_FAILED_SQL_TRANSACTION,
                          INVALID_SAVEPOINT_SPECIFICATION, NO_ACTIVE_SQL_TRANSACTION,
                          INVALID_SQL_STATEMENT_NAME, DUPLICATE_OBJECT, READ_ONLY_SQL_TRANSACTION,
                          PgError)
from pgref.executor.context import ExecContext
from pgref.mvcc.clog import COMMITTED
from pgref.sql import ast as A
from pgref.types import oids as T
from pgref.types.values import POSTGRES_EPOCH_JDATE, UNIX_EPOCH_JDATE

EPOCH_OFFSET_US = (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86_400_000_000


def now_micros() -> int:
    return time.time_ns() // 1000 - EPOCH_OFFSET_US


@dataclass
class Column:
    name: str
    type_oid: int
    typmod: int = -1
    table_oid: int = 0
    column_number: int = 0


@dataclass
class Result:
    """One statement's outcome.  ``columns`` is None for statements that
    return no rows (RowDescription is not sent); ``tag`` is the exact
    CommandComplete text."""
    tag: str
    columns: list[Column] | None = None
    rows: list[tuple] = field(default_factory=list)
    rowcount: int = -1
    notices: list[Any] = field(default_factory=list)


@dataclass
class Savepoint:
    name: str
    xid: int
    catalog_snap: dict | None = None
    created_files: list[int] = field(default_factory=list)
    dropped_files: list[int] = field(default_factory=list)
    prepared: dict | None = None
    auth_snap: Any = None              # the RoleCatalog before this savepoint's role changes (auth/roles.py)
    child_xids: list[int] = field(default_factory=list)   # released subtransactions folded in
    prev_read_only: bool = False       # XactReadOnly when the savepoint began (restored at its end)


class Transaction:
    def __init__(self, db, isolation: str, read_only: bool):
        self.db = db
        self.xid = db.assign_xid()
        self.mine: set[int] = {self.xid}
        self.all_xids: list[int] = [self.xid]
        self.cid = 0
        self.combocids = ComboCids()
        self.start = now_micros()
        self.isolation = isolation
        self.read_only = read_only
        self.savepoints: list[Savepoint] = [Savepoint("", self.xid)]
        self.snapshot = None          # repeatable read / serializable: the first snapshot
        self.ran_query = False        # SET TRANSACTION must come before any query
        self.wrote_catalog = False

    @property
    def current_xid(self) -> int:
        return self.savepoints[-1].xid


class Session:
    def __init__(self, db, user: str = "postgres", options: dict[str, str] | None = None,
                 database: str | None = None):
        self.db = db
        self.login_user = user                    # the authenticated role (auth/identity.py)
        self.database = database or db.dbname
        self.settings = Settings(options)
        self.settings.values["session_authorization"] = user
        self.settings.reset_values["session_authorization"] = user
        self.xact: Transaction | None = None
        self.failed = False
        self.implicit = False
        self.prepared: dict[str, Any] = {}
        self.currvals: dict[int, int] = {}
        self.lastval_seq: int | None = None
        self.notices: list[PgError] = []
        self._rowcount = 0
        self.pid = os.getpid()
        self._temp_nsp: int | None = None
        self.on_commit: dict[int, str] = {}       # temp table oid -> drop | delete_rows
        self._plan_cache: dict = {}
        self.cancel_requested = False
        self.terminated = False                   # DROP DATABASE ... WITH (FORCE) ended it (dbcommands)
        if hasattr(db, "attach"):
            db.attach(self)                       # counted by DROP / CREATE DATABASE (55006)
        self.cursors: dict = {}                   # name -> engine.cursors.Cursor
        self.query_text = ""

    # ================================================================= identity
    @property
    def user(self) -> str:
        """current_user (spec/16-auth.md, "Session identity")."""
        from pgref.auth.identity import current_user_name
        return current_user_name(self)

    @property
    def session_user(self) -> str:
        from pgref.auth.identity import session_user_name
        return session_user_name(self)

    # ================================================================= status
    @property
    def transaction_status(self) -> str:
        """ReadyForQuery's status byte: I idle, T in a block, E failed block."""
        if self.xact is None or self.implicit:
            return "I"
        return "E" if self.failed else "T"

    @property
    def combocids(self):
        return self.xact.combocids if self.xact else None

    # ================================================================= entry
    def execute(self, sql: str, params: list | None = None,
                param_types: list[int] | None = None) -> list[Result]:
        """Run every statement in ``sql``; returns one Result per statement.
        An error raises PgError after the statements before it have run."""
        from pgref.engine.regresolve import current_session, install
        install()
        token = current_session.set(self)
        try:
            return self._execute(self.parse(sql), sql, params, param_types)
        finally:
            current_session.reset(token)

    def execute_each(self, sql: str, emit) -> None:
        """Like :meth:`execute`, but hands each statement's Result to
        ``emit(result)`` as soon as the statement is done, so the wire
        protocol can send it before a later statement fails (spec/10, Simple
        Query)."""
        from pgref.engine.regresolve import current_session, install
        install()
        token = current_session.set(self)
        try:
            self._execute(self.parse(sql), sql, None, None, emit=emit)
        finally:
            current_session.reset(token)

    def parse(self, sql: str):
        """Parse under this session's standard_conforming_strings; the
        lexer's escape warnings become notices of the statement."""
        from pgref.sql.parser import parse, parse_with_settings
        if self.settings.get("standard_conforming_strings") == "on":
            return parse(sql)
        stmts, warnings = parse_with_settings(sql, False, self.settings.get("escape_string_warning") == "on")
        self.notices.extend(warnings)
        return stmts

    def run_as_statement(self, stmt, run):
        """Run ``run()`` with the transaction handling of one statement
        ``stmt`` (failed-block check, implicit transaction, the database
        lock); the wire protocol's Parse and Execute use it (spec/10,
        Extended Query).  Returns what ``run()`` returns."""
        from pgref.engine.regresolve import current_session, install
        install()
        token = current_session.set(self)
        try:
            return self._run_statement(stmt, "", None, None, run=run)
        finally:
            current_session.reset(token)

    def begin_implicit_block(self) -> None:
        """Open an implicit transaction block if none is open: the extended
        query protocol runs everything from the first Parse/Execute to Sync
        in one, like a multi-statement query string (spec/10, Extended Query)."""
        if self.xact is None:
            self._begin(implicit=True)

    def end_implicit_block(self) -> None:
        """Commit the implicit block (Sync); an explicit block stays open."""
        if self.xact is not None and self.implicit:
            self._commit()

    def note_error(self) -> None:
        """An error raised outside statement execution (a Bind parameter
        that does not parse, an unknown portal) ends an implicit block and
        fails an explicit one, as every error does in PostgreSQL."""
        if self.xact is None:
            return
        if self.implicit:
            self._abort()
        else:
            self.failed = True

    def _execute(self, raws, sql: str, params, param_types, emit=None) -> list[Result]:
        results = []
        self.query_text = sql         # the client's whole query string (debug_query_string)
        multi = len(raws) > 1
        if multi and self.xact is None:
            self._begin(implicit=True)
        try:
            for raw in raws:
                if multi and self.xact is None:
                    # a COMMIT or ROLLBACK inside the string ended the
                    # implicit block: the statements after it get a new one
                    # (exec_simple_query starts one per remaining command)
                    self._begin(implicit=True)
                text = sql[raw.stmt_location:raw.stmt_location + raw.stmt_len] if raw.stmt_len else sql[raw.stmt_location:]
                results.append(self._run_statement(raw.stmt, text, params, param_types, in_multi=multi))
                if emit is not None:
                    emit(results[-1])
        except PgError:
            if multi and self.implicit and self.xact is not None:
                self._abort()
            raise
        if multi and self.implicit and self.xact is not None:
            self._commit()
        return results

    def execute_one(self, stmt, text: str, params=None, param_types=None) -> Result:
        self.query_text = text
        return self._run_statement(stmt, text, params, param_types)

    def _run_statement(self, stmt, text: str, params, param_types, in_multi: bool = False,
                       run=None) -> Result:
        self.in_multi_statement = in_multi      # PreventInTransactionBlock (engine/vacuum.py)
        if self.terminated:
            raise PgError("57P01", "terminating connection due to administrator command", severity="FATAL")
        if self.failed and self.xact is not None:
            if not (isinstance(stmt, A.TransactionStmt) and stmt.kind in ("rollback", "rollback_to", "commit",
                                                                          "prepare")):
                raise PgError(IN_FAILED_SQL_TRANSACTION,
                              "current transaction is aborted, commands ignored until end of transaction block")
        implicit_here = self.xact is None and not isinstance(stmt, A.TransactionStmt)
        if implicit_here:
            self._begin(implicit=True)
        with self.db.lock:
            try:
                first_oid = self.db.cat.next_oid
                result = run() if run is not None else self._dispatch(stmt, text, params, param_types)
                from pgref.auth.aclcheck import adopt_new_objects
                adopt_new_objects(self, first_oid)          # owned by the current user (INV-AUTH-8)
            except PgError:
                if implicit_here or (self.implicit and self.xact is not None):
                    self._abort()
                elif self.xact is not None:
                    self.failed = True
                raise
            except Exception as exc:
                # a bug in pgref must not leave the session in an undefined
                # state: the statement fails like any other (XX000), its
                # transaction is rolled back or marked failed
                if isinstance(exc, RecursionError):
                    err = PgError("54001", "stack depth limit exceeded",
                                  hint="Increase the configuration parameter \"max_stack_depth\".")
                else:
                    err = PgError("XX000", f"internal error in pgref: {type(exc).__name__}: {exc}")
                if implicit_here or (self.implicit and self.xact is not None):
                    self._abort()
                elif self.xact is not None:
                    self.failed = True
                raise err from exc
            if self.xact is not None:
                self.xact.cid += 1
            if implicit_here and self.xact is not None:
                self._commit()
        return result

    # ================================================================= transactions
    def _begin(self, implicit: bool, isolation: str | None = None, read_only: bool | None = None,
               deferrable: bool | None = None) -> None:
        iso = isolation or self.settings.get("default_transaction_isolation")
        ro = read_only if read_only is not None else self.settings.get("default_transaction_read_only") == "on"
        with self.db.lock:
            self.xact = Transaction(self.db, iso, ro)
            self.xact.deferrable = bool(deferrable) if deferrable is not None else \
                self.settings.get("default_transaction_deferrable") == "on"
        self.implicit = implicit
        self.failed = False
        self.settings.begin()

    def _commit(self) -> None:
        if self.cursors:
            from pgref.engine.cursors import at_commit
            at_commit(self)
        if self.on_commit:
            self._run_on_commit_actions()
        x = self.xact
        db = self.db
        with db.lock:
            # dropped relations' files go at commit (created ones stay)
            for sp in x.savepoints:
                for fn in sp.dropped_files:
                    db.drop_storage(fn)
            db.finish_xids([xid for xid in x.all_xids if xid in x.mine], committed=True)
            db.finish_xids([xid for xid in x.all_xids if xid not in x.mine], committed=False)
            db.flush()
            if x.wrote_catalog and db.path:
                from pgref.engine.persist import save_catalog
                save_catalog(db)
            if getattr(x, "wrote_roles", False) and hasattr(db, "cluster"):
                db.cluster.save_shared()          # roles are shared catalogs (INV-AUTH-2)
        self.xact = None
        self.implicit = False
        self.failed = False
        self.settings.end(committed=True)
        if getattr(self, "notify", None) is not None:
            from pgref.engine import notify            # LISTEN/NOTIFY take effect (INV-NOTIFY-1)
            notify.at_commit(self, x.mine)

    def _run_on_commit_actions(self) -> None:
        """ON COMMIT DROP / DELETE ROWS of temporary tables, run inside the
        committing transaction as PostgreSQL's PreCommit_on_commit_actions."""
        from pgref.engine.ddl import drop_relation
        cat = self.db.cat
        for oid, action in list(self.on_commit.items()):
            rel = cat.relations.get(oid)
            if rel is None:
                del self.on_commit[oid]
                continue
            self.before_ddl()
            if action == "drop":
                drop_relation(self, rel, True, "table")
                del self.on_commit[oid]
            elif action == "delete_rows":
                self.note_dropped_file(rel.relfilenode)
                rel.relfilenode = cat.new_oid()
                self.db.create_storage(rel.relfilenode)
                self.note_new_file(rel.relfilenode)
                for idx in rel.indexes:
                    self.note_dropped_file(idx.relfilenode)
                    idx.relfilenode = cat.new_oid()
                    self.db.create_storage(idx.relfilenode)
                    self.note_new_file(idx.relfilenode)
                cat.changed()

    def _abort(self) -> None:
        x = self.xact
        if x is None:
            return
        if self.cursors:
            from pgref.engine.cursors import at_abort
            at_abort(self)
        db = self.db
        with db.lock:
            for sp in reversed(x.savepoints):
                self._undo_savepoint(sp)
            db.finish_xids(x.all_xids, committed=False)
            db.clog.flush()
        self.xact = None
        self.implicit = False
        self.failed = False
        self.settings.end(committed=False)
        if getattr(self, "notify", None) is not None:
            from pgref.engine import notify
            notify.at_abort(self)

    def _undo_savepoint(self, sp: Savepoint) -> None:
        if sp.catalog_snap is not None:
            self.db.cat.restore(sp.catalog_snap)
            sp.catalog_snap = None
        if sp.auth_snap is not None:
            from pgref.auth.roles import rolecat
            rolecat(self).restore(sp.auth_snap)     # INV-AUTH-2
            sp.auth_snap = None
        for fn in sp.created_files:
            self.db.drop_storage(fn)
        sp.created_files = []
        sp.dropped_files = []

    def xid_status(self, xid: int) -> str:
        x = self.xact
        if x is not None and xid in x.mine:
            return H_CURRENT
        if xid in self.db.running:
            return H_IN_PROGRESS
        return H_COMMITTED if self.db.clog.status(xid) == COMMITTED else H_ABORTED

    def tuple_is_live(self, hdr) -> bool:
        """INV-EXEC-MOD-2: inserted by a committed or our own (sub)transaction,
        not deleted by one.  An insert of another running transaction counts
        as live (PostgreSQL would wait for it)."""
        st = self.xid_status(hdr.xmin)
        if st == H_ABORTED:
            return False
        if hdr.infomask & HEAP_XMAX_INVALID or hdr.xmax == 0 or hdr.infomask & HEAP_XMAX_LOCK_ONLY:
            return True
        st = self.xid_status(hdr.xmax)
        return st in (H_ABORTED, H_IN_PROGRESS)

    def before_ddl(self) -> None:
        """Take the catalog snapshot for the current (sub)transaction."""
        x = self.xact
        sp = x.savepoints[-1]
        if sp.catalog_snap is None:
            sp.catalog_snap = self.db.cat.snapshot()
        x.wrote_catalog = True

    def note_new_file(self, relfilenode: int) -> None:
        self.xact.savepoints[-1].created_files.append(relfilenode)

    def note_dropped_file(self, relfilenode: int) -> None:
        self.xact.savepoints[-1].dropped_files.append(relfilenode)

    def note_write(self, rel, command: str = "INSERT") -> None:
        if self.xact.read_only and rel.persistence != "t":
            raise PgError(READ_ONLY_SQL_TRANSACTION, f"cannot execute {command} in a read-only transaction")

    def set_rowcount(self, n: int) -> None:
        self._rowcount = n

    def transaction_stmt(self, s: A.TransactionStmt) -> Result:
        k = s.kind
        if k in ("begin", "start"):
            tag = "BEGIN" if k == "begin" else "START TRANSACTION"
            iso, ro, dfr = self._xact_options(s.options)
            if self.xact is not None and not self.implicit:
                self.notices.append(PgError(ACTIVE_SQL_TRANSACTION, "there is already a transaction in progress",
                                            severity="WARNING"))
                return Result(tag)
            if self.xact is not None and self.implicit:
                self.implicit = False
                if iso:
                    self.xact.isolation = iso
                if ro is not None:
                    self.xact.read_only = ro
                if dfr is not None:
                    self.xact.deferrable = dfr
                return Result(tag)
            self._begin(implicit=False, isolation=iso, read_only=ro, deferrable=dfr)
            return Result(tag)
        if k in ("commit", "rollback") and s.chain and (self.xact is None or self.implicit):
            raise PgError(NO_ACTIVE_SQL_TRANSACTION,
                          f"{k.upper()} AND CHAIN can only be used in transaction blocks")
        if k == "commit":
            if self.xact is None or self.implicit:
                self.notices.append(PgError(NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress",
                                            severity="WARNING"))
                if self.xact is not None:
                    self._commit()
                return Result("COMMIT")
            chain = (self.xact.isolation, self.xact.read_only, self.xact.deferrable) if s.chain else None
            if self.failed:
                self._abort()
                tag = "ROLLBACK"
            else:
                self._commit()
                tag = "COMMIT"
            if chain:
                self._begin(False, *chain)
            return Result(tag)
        if k == "rollback":
            if self.xact is None or self.implicit:
                self.notices.append(PgError(NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress",
                                            severity="WARNING"))
                if self.xact is not None:
                    self._abort()
                return Result("ROLLBACK")
            chain = (self.xact.isolation, self.xact.read_only, self.xact.deferrable) if s.chain else None
            self._abort()
            if chain:
                self._begin(False, *chain)
            return Result("ROLLBACK")
        if k == "savepoint":
            self._require_block("SAVEPOINT")
            x = self.xact
            sub = self.db.assign_xid()
            x.mine.add(sub)
            x.all_xids.append(sub)
            x.savepoints.append(Savepoint(s.savepoint_name, sub, prev_read_only=x.read_only))
            return Result("SAVEPOINT")
        if k == "release":
            self._require_block("RELEASE SAVEPOINT")
            i = self._find_savepoint(s.savepoint_name)
            x = self.xact
            released = x.savepoints[i:]
            parent = x.savepoints[i - 1]
            for sp in released:
                if sp.catalog_snap is not None and parent.catalog_snap is None:
                    parent.catalog_snap = sp.catalog_snap
                if sp.auth_snap is not None and parent.auth_snap is None:
                    parent.auth_snap = sp.auth_snap
                parent.created_files += sp.created_files
                parent.dropped_files += sp.dropped_files
                # a released subtransaction's xid stays distinct (its tuples
                # keep it) but now commits or aborts with the parent
                parent.child_xids += [sp.xid] + sp.child_xids
            # a subtransaction's SET TRANSACTION READ ONLY ends with it
            # (CommitSubTransaction restores XactReadOnly)
            x.read_only = released[0].prev_read_only
            del x.savepoints[i:]
            # the released subtransactions' work now belongs to the parent
            return Result("RELEASE")
        if k == "rollback_to":
            self._require_block("ROLLBACK TO SAVEPOINT", failed_ok=True)
            i = self._find_savepoint(s.savepoint_name)
            x = self.xact
            if self.cursors:
                from pgref.engine.cursors import at_rollback_to
                at_rollback_to(self, i)
            for sp in reversed(x.savepoints[i:]):
                self._undo_savepoint(sp)
                for xid in [sp.xid] + sp.child_xids:
                    x.mine.discard(xid)
                self.db.finish_xids([sp.xid] + sp.child_xids, committed=False)
            name = x.savepoints[i].name
            x.read_only = x.savepoints[i].prev_read_only
            del x.savepoints[i:]
            sub = self.db.assign_xid()
            x.mine.add(sub)
            x.all_xids.append(sub)
            x.savepoints.append(Savepoint(name, sub, prev_read_only=x.read_only))
            self.failed = False
            return Result("ROLLBACK")
        raise PgError(FEATURE_NOT_SUPPORTED, "two-phase commit (PREPARE TRANSACTION) is not supported yet")

    def _require_block(self, what: str, failed_ok: bool = False) -> None:
        if self.xact is None or self.implicit:
            raise PgError(NO_ACTIVE_SQL_TRANSACTION, f"{what} can only be used in transaction blocks")

    def _find_savepoint(self, name: str) -> int:
        for i in range(len(self.xact.savepoints) - 1, 0, -1):
            if self.xact.savepoints[i].name == name:
                return i
        what = "savepoint"
        raise PgError(INVALID_SAVEPOINT_SPECIFICATION, f'{what} "{name}" does not exist')

    def _xact_options(self, options) -> tuple[str | None, bool | None, bool | None]:
        iso, ro, dfr = None, None, None
        for d in options:
            if d.defname == "transaction_isolation":
                iso = d.arg.val.sval if isinstance(d.arg, A.A_Const) else getattr(d.arg, "sval", None)
            elif d.defname in ("transaction_read_only", "transaction_deferrable"):
                v = d.arg.val.ival if isinstance(d.arg, A.A_Const) else getattr(d.arg, "ival", 0)
                if d.defname == "transaction_read_only":
                    ro = bool(v)
                else:
                    dfr = bool(v)
        return iso, ro, dfr

    # ================================================================= execution context
    def snapshot(self):
        x = self.xact
        pinned = self.__dict__.get("pinned_snapshot")
        if pinned is not None:
            return pinned[0]          # a stable function runs in its caller's snapshot
        if x.isolation in ("repeatable read", "serializable"):
            if x.snapshot is None:
                x.snapshot = self.db.snapshot(frozenset(x.mine), x.cid, x.combocids)
            snap = x.snapshot
            snap.mine = frozenset(x.mine)
            snap.curcid = x.cid
            return snap
        return self.db.snapshot(frozenset(x.mine), x.cid, x.combocids)

    def exec_context(self, params=None) -> ExecContext:
        x = self.xact
        pinned = self.__dict__.get("pinned_snapshot")
        if pinned is not None:
            return ExecContext(settings=self.settings.io, now=x.start, stmt_now=now_micros(),
                               params=list(params or []), session=self, cat=self.db.cat, tables=self.db,
                               snapshot=pinned[0], xid=x.current_xid, cid=pinned[1],
                               check_cancel=self._check_cancel)
        return ExecContext(settings=self.settings.io, now=x.start, stmt_now=now_micros(),
                           params=list(params or []), session=self, cat=self.db.cat, tables=self.db,
                           snapshot=self.snapshot(), xid=x.current_xid, cid=x.cid,
                           check_cancel=self._check_cancel)

    def _check_cancel(self) -> None:
        if self.cancel_requested:
            self.cancel_requested = False
            raise PgError("57014", "canceling statement due to user request")

    def temp_namespace(self) -> int:
        """This session's pg_temp_N schema, made on first use; other
        sessions do not search it, and it is dropped when the session ends."""
        if self._temp_nsp is None:
            from pgref.catalog.catalog import Namespace
            cat = self.db.cat
            oid = cat.new_oid()
            cat.namespaces[oid] = Namespace(oid, f"pg_temp_{oid}")
            self._temp_nsp = oid
        return self._temp_nsp

    def close(self) -> None:
        """End the session: roll back, drop temporary tables."""
        from pgref.engine.regresolve import current_session
        if self.xact is not None:
            self._abort()
        if getattr(self, "notify", None) is not None:
            from pgref.engine import notify
            notify.at_close(self)
        if self._temp_nsp is not None and not self.terminated:
            token = current_session.set(self)
            try:
                self.execute(f"DROP SCHEMA pg_temp_{self._temp_nsp} CASCADE")
            finally:
                current_session.reset(token)
                self.notices.clear()
            self._temp_nsp = None
        if hasattr(self.db, "detach"):
            self.db.detach(self)

    def search_path(self) -> list[int]:
        out = [self._temp_nsp] if self._temp_nsp is not None else []
        for part in self.settings.get("search_path").split(","):
            name = part.strip()
            if name.startswith('"') and name.endswith('"'):
                name = name[1:-1].replace('""', '"')
            if name == "$user":
                name = self.user
            if name == "pg_temp":
                continue
            oid = self.db.cat.namespace_oid(name)
            if oid is not None and oid not in out:
                out.append(oid)
        return out

    def creation_namespace(self, schema: str | None, location: int = -1) -> int:
        if schema is not None:
            oid = self.db.cat.namespace_oid(schema)
            if oid is None:
                raise PgError("3F000", f'schema "{schema}" does not exist',
                              position=location + 1 if location >= 0 else None)
            return oid
        for oid in self.search_path():
            if oid != PG_CATALOG and oid != self._temp_nsp:
                return oid
        raise PgError("3F000", "no schema has been selected to create in")

    def current_schema(self) -> str | None:
        for oid in self.search_path():
            if oid != self._temp_nsp:
                return self.db.cat.namespace_name(oid)
        return None

    def expr_analyzer(self, param_types: list[int] | None = None) -> ExprAnalyzer:
        ctx = self.exec_context() if self.xact is not None else None
        return ExprAnalyzer(self.db.cat, self.search_path(), ctx, param_types)

    # ================================================================= dispatch
    def _dispatch(self, stmt, text: str, params, param_types) -> Result:
        if isinstance(stmt, (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt, A.MergeStmt)):
            if isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None:
                from pgref.engine.ddl import create_table_as
                if self.xact.read_only:
                    raise PgError(READ_ONLY_SQL_TRANSACTION, "cannot execute SELECT INTO in a read-only transaction")
                return create_table_as(self, stmt, text)
            types = param_types or self._infer_param_types(params)
            if params:
                # a parameterized statement is planned once per text and
                # parameter types, like a prepared statement (plans are
                # read-only, INV-PLAN-1); the plan is dropped when the
                # catalog or the settings analysis depends on change
                io = self.settings.io
                key = (text, tuple(types), self.db.cat.version, self.settings.get("search_path"),
                       io.datestyle, io.intervalstyle, io.timezone)
                planned = self._plan_cache.get(key)
                if planned is None:
                    planned = self.plan(stmt, types)
                    if len(self._plan_cache) >= 256:
                        self._plan_cache.clear()
                    self._plan_cache[key] = planned
            else:
                planned = self.plan(stmt, types)
            return self.run_planned(planned, params)
        if isinstance(stmt, A.TransactionStmt):
            return self.transaction_stmt(stmt)
        from pgref.engine.utility import run_utility
        return run_utility(self, stmt, text, params)

    def _infer_param_types(self, params) -> list[int]:
        from pgref.engine.params import infer_param_type
        return [infer_param_type(p) for p in (params or [])]

    def plan(self, stmt, param_types: list[int] | None = None):
        from pgref.analyzer.modify import ModifyAnalyzer
        from pgref.planner.planner import Planner
        ea = self.expr_analyzer(list(param_types or []))
        qa = ModifyAnalyzer(ea)
        if isinstance(stmt, A.SelectStmt):
            q = qa.analyze_select(stmt)
        elif isinstance(stmt, A.InsertStmt):
            q = qa.analyze_insert(stmt)
        elif isinstance(stmt, A.UpdateStmt):
            q = qa.analyze_update(stmt)
        elif isinstance(stmt, A.DeleteStmt):
            q = qa.analyze_delete(stmt)
        elif isinstance(stmt, A.MergeStmt):
            from pgref.analyzer.merge import analyze_merge
            q = analyze_merge(ea, stmt)
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, f"{type(stmt).__name__} cannot be planned")
        from pgref.planner.rewrite import rewrite_statement       # rules (spec/17-rewrite.md)
        program = rewrite_statement(qa, q) if q.command in ("insert", "update", "delete") or any(
            getattr(c, "modifying", None) is not None for c in q.ctes.values()) else [(q, True)]
        if len(program) != 1 or program[0][0] is not q or not program[0][1]:
            from pgref.engine.rulecmds import plan_program
            ps = plan_program(self, q, program, self._plan_one)
            ps.param_types = [t if t else T.UNKNOWNOID for t in ea.param_types]
            return ps
        planner = Planner(self.db.cat, self.settings, self.db)
        planner.session = self
        planner.const_value = self._const_value
        ps = planner.plan(q)
        ps.planner = planner
        ps.param_types = [t if t else T.UNKNOWNOID for t in ea.param_types]
        return ps

    def _plan_one(self, q):
        """One Query of a rule-rewritten statement, planned on its own."""
        from pgref.planner.planner import Planner
        planner = Planner(self.db.cat, self.settings, self.db)
        planner.session = self
        planner.const_value = self._const_value
        ps = planner.plan(q)
        ps.planner = planner
        return ps

    def _const_value(self, e):
        from pgref.executor.expr import Layout, compile_expr
        return compile_expr(e, Layout(()), self.exec_context())(())

    def run_planned(self, planned, params=None, values: list | None = None) -> Result:
        """Execute a planned statement.  ``params`` are Python objects (DB-API),
        ``values`` datums already of the parameters' types (EXECUTE, Bind)."""
        from pgref.executor.run import run_plan
        from pgref.engine.params import convert_params
        if values is None:
            values = convert_params(self, params, planned.param_types)
        if len(values) < len(planned.param_types):
            raise PgError("42P02", f"there is no parameter ${len(values) + 1}")
        self.xact.ran_query = True
        if getattr(planned, "rule_program", None) is not None:
            from pgref.engine.rulecmds import run_program      # spec/17-rewrite.md
            return run_program(self, planned, values)
        if self.xact.read_only:
            check_read_only_plan(self, planned)
        from pgref.auth.aclcheck import check_plan
        check_plan(self, planned)                   # ExecCheckRTPerms (INV-AUTH-6)
        ectx = self.exec_context(values)
        rows = []
        planner = getattr(planned, "planner", None)
        if planner is not None and planner.modifying_ctes:
            # data-modifying WITH queries run once, to completion, first
            from pgref.executor.run import SharedRows, run_plan_rows
            for plan in planner.modifying_ctes:
                shared = SharedRows(iter(list(run_plan_rows(plan, ectx, planner))))
                ectx.cte_cache[id(plan)] = shared
            # no command-counter bump: the main query shares the WITH
            # queries' snapshot and does not see their changes (as PostgreSQL)
        self._rowcount = 0
        for batch in run_plan(planned.plan, ectx, planner):
            rows.extend(batch)
        cmd = planned.command
        columns = self.describe(planned)
        if cmd == "select":
            return Result(f"SELECT {len(rows)}", columns, rows, len(rows))
        n = self._rowcount
        tag = {"insert": f"INSERT 0 {n}", "update": f"UPDATE {n}", "delete": f"DELETE {n}", "merge": f"MERGE {n}"}[cmd]
        return Result(tag, columns if planned.query.returning else None, rows, n)

    def describe(self, planned) -> list[Column]:
        """The result's columns as RowDescription reports them: a domain-typed
        column is described by its base type, as PostgreSQL does."""
        from pgref.analyzer.coerce import base_type
        cat = self.db.cat
        return [Column(n, base_type(cat, t), m, o[0], o[1]) for n, t, m, o in
                zip(planned.colnames, planned.coltypes, planned.coltypmods, planned.origins)]

    # ================================================================= session functions
    def call_function(self, name: str, ectx, args: list) -> Any:
        from pgref.engine.sessionfuncs import call_session_function
        return call_session_function(self, name, ectx, args)

    def sequence_row(self, relid: int) -> tuple:
        from pgref.engine.sequences import sequence_row
        return sequence_row(self, relid)

    def column_default_value(self, ectx, rel, col):
        from pgref.analyzer.modify import ModifyAnalyzer
        from pgref.executor.expr import Layout, compile_expr
        qa = ModifyAnalyzer(self.expr_analyzer())
        e = qa.default_expr(rel, col)
        return compile_expr(e, Layout(()), ectx)(())


def check_read_only_plan(session, planned) -> None:
    """ExecCheckXactReadOnly: in a read-only transaction a statement that
    writes a permanent table fails before it runs, whether or not it would
    touch a row (temporary tables may be written)."""
    cat = session.db.cat

    def check(q) -> None:
        for sub in q.ctes.values():
            check(sub)
        if q.command == "select" or not q.result_relation:
            return
        rel = cat.relations.get(q.rtable[q.result_relation - 1].relid)
        if rel is None or rel.persistence != "t":
            raise PgError(READ_ONLY_SQL_TRANSACTION,
                          f"cannot execute {q.command.upper()} in a read-only transaction")
    check(planned.query)

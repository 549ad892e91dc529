"""One client's backend: frontend messages in, backend messages out, a
:class:`~pgref.engine.session.Session` in between (spec/10-wire-protocol.md,
"Backend").

Where it sits: ``server/``, above ``wire/`` and the engine.  Like the wire
layer it does no I/O -- ``server/main.py`` reads the socket, feeds a
``wire.connection.ServerConnection``, passes each event to
:meth:`Backend.handle` and writes what comes back -- so every flow below is
tested by feeding messages (tests/server/test_backend.py).

Entry points:
    Backend(db, pid, secret, registry=None)
    Backend.handle(message) -> list[backend message]
    Backend.close()           roll back an open transaction when the client goes
    Backend.async_messages()  NotificationResponse messages that may go out now (idle session)
    Backend.terminate()       shutdown: the running statement ends with FATAL 57P01

Flows (the diagrams are in the spec):
  startup        StartupMessage -> AuthenticationOk, ParameterStatus*, BackendKeyData,
                 ReadyForQuery (trust authentication only)
  simple query   Query -> per statement [RowDescription] DataRow* CommandComplete |
                 EmptyQueryResponse | ErrorResponse (rest skipped); ReadyForQuery
  extended       Parse / Bind / Describe / Execute / Close / Flush; Sync -> ReadyForQuery.
                 SELECT/INSERT/UPDATE/DELETE are planned at Parse (Session.plan) and
                 run at the portal's first Execute; the rows are kept and handed out
                 max_rows at a time (PortalSuspended).  Other statements keep their
                 text and run at Execute (or at Describe of their portal, which
                 needs the row shape).  Outside a transaction block everything
                 from the first Parse/Execute to Sync is one implicit transaction
                 (Session.begin_implicit_block / end_implicit_block).
  copy           COPY ... TO STDOUT -> CopyOutResponse, CopyData per row, CopyDone,
                 CommandComplete.  COPY ... FROM STDIN -> CopyInResponse; then
                 CopyData* (buffered) and CopyDone -> the rows are inserted as the
                 statement (CommandComplete 'COPY n'), or CopyFail -> ErrorResponse
                 57014.  Sync and Flush are ignored while copy-in lasts (libpq sends
                 Sync after CopyDone); any other message is a protocol violation
                 (08P01) that ends the copy.  In a simple Query the statements
                 after the COPY run once the copy is done.
  notifications  NotificationResponse messages (engine/notify.py) go out just before a
                 ReadyForQuery that ends a transaction, or -- unasked -- when the
                 server sees the session idle (async_messages, INV-NOTIFY-4).

Invariants (spec):
  INV-WIRE-6  every PgError reaches the client as an ErrorResponse with its
              fields; no exception escapes handle() (an unexpected one becomes
              XX000 and is logged to stderr).
  INV-WIRE-7  ParameterStatus is sent for a reported setting whose value
              changed, just before the next ReadyForQuery.
"""
from __future__ import annotations

import sys
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pgref.engine.copy import CopyInResult, CopyOutResult
from pgref.errors import PgError
from pgref.sql import ast as A
from pgref.types import oids as T
from pgref.types.registry import IOContext, output_caller, type_input, type_receive, type_send
from pgref.wire import messages as M
from pgref.wire.codec import ProtocolError

SERVER_VERSION = "15.18"
# the settings PostgreSQL 15 marks GUC_REPORT, in its startup order
REPORTED = ("application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
            "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
            "server_version", "session_authorization", "standard_conforming_strings", "TimeZone")
_MIN_MESSAGES = ("debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error")
_PLANNABLE = (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt, A.MergeStmt)


@dataclass
class PreparedStatement:
    query: str
    stmt: Any = None                 # AST, None for an empty query
    text: str = ""
    planned: Any = None              # PlannedStmt, None for utility statements
    param_types: list[int] = field(default_factory=list)
    cat_version: Any = None


class _CopyPause(Exception):
    """Raised from a simple Query's emit callback to stop executing the
    statement list when COPY FROM STDIN starts waiting for data."""


@dataclass
class CopyInState:
    """A COPY FROM STDIN waiting for the client's data."""
    copy: Any                        # engine.copy.CopyIn
    extended: bool                   # started by Execute (no ReadyForQuery of our own)
    rest: list = field(default_factory=list)   # simple Query: statements still to run
    sql: str = ""


_MESSAGE_TYPE = {"Query": "Q", "Parse": "P", "Bind": "B", "Describe": "D", "Execute": "E", "Close": "C",
                 "FunctionCall": "F", "PasswordMessage": "p"}


@dataclass
class Portal:
    ps: PreparedStatement
    values: list
    result_formats: tuple[int, ...]
    result: Any = None               # Session Result once run
    pos: int = 0


def error_fields(e: PgError, fatal: bool = False) -> tuple[tuple[str, str], ...]:
    sev = "FATAL" if fatal else (e.severity or "ERROR")
    f = [("S", sev), ("V", sev), ("C", e.sqlstate), ("M", e.message)]
    for code, val in (("D", e.detail), ("H", e.hint), ("P", e.position), ("p", e.internal_position),
                      ("q", e.internal_query), ("W", e.context), ("s", e.schema), ("t", e.table),
                      ("c", e.column), ("d", e.datatype), ("n", e.constraint)):
        if val is not None and val != "":
            f.append((code, str(val)))
    return tuple(f)


def parse_options(text: str) -> dict[str, str]:
    """The startup packet's ``options``: ``-c name=value`` / ``--name=value``
    words separated by spaces, a backslash escaping the next character
    (pg_split_opts)."""
    words, cur, esc, have = [], [], False, False
    for ch in text:
        if esc:
            cur.append(ch)
            esc = False
            have = True
        elif ch == "\\":
            esc = True
        elif ch.isspace():
            if have:
                words.append("".join(cur))
            cur, have = [], False
        else:
            cur.append(ch)
            have = True
    if have:
        words.append("".join(cur))
    out: dict[str, str] = {}
    i = 0
    while i < len(words):
        w = words[i]
        if w == "-c" and i + 1 < len(words):
            kv, i = words[i + 1], i + 2
        elif w.startswith("-c"):
            kv, i = w[2:], i + 1
        elif w.startswith("--"):
            kv, i = w[2:], i + 1
        else:
            raise PgError("42601", f'invalid command-line argument for server process: {w}',
                          hint='Try "postgres --help" for more information.')
        if "=" not in kv:
            raise PgError("42601", f'--{kv} requires a value' if w.startswith("--")
                          else f"-c {kv} requires a value")
        name, value = kv.split("=", 1)
        out[name.replace("-", "_")] = value
    return out


class Backend:
    def __init__(self, db, pid: int, secret: int, registry=None):
        self.db = db
        self.pid = pid
        self.secret = secret
        self.registry = registry          # server's pid -> Backend map, for CancelRequest
        self.session = None
        self.statements: dict[str, PreparedStatement] = {}
        self.portals: dict[str, Portal] = {}
        self.reported: dict[str, str] = {}
        self.busy = False
        self._plan_cache: dict = {}
        self._parse_cache: dict = {}
        self.copy_in: CopyInState | None = None
        self.on_async = None              # server callback: asynchronous messages are waiting
        self.terminating = False          # shutdown: end at the next check with FATAL 57P01

    # ------------------------------------------------------------ dispatch
    def handle(self, msg) -> list:
        """Answer one frontend message (INV-WIRE-6)."""
        out: list = []
        try:
            if isinstance(msg, M.StartupMessage):
                self._startup(msg, out)
                if self.session is not None:
                    self.session.async_wake = self._async_wake    # engine/notify.py wakes us
                return out
            with self._scope():
                self._dispatch(msg, out)
        except PgError as e:
            if self.session is not None:
                self.session.note_error()
            self._notices(out)
            if self.terminating and e.sqlstate == "57014":
                # the cancel was the server's shutdown, not the client's (ProcDiePending)
                out.append(M.ErrorResponse(error_fields(ADMIN_SHUTDOWN_ERROR, fatal=True)))
                return out
            out.append(M.ErrorResponse(error_fields(e)))
            if isinstance(msg, (M.Query, M.FunctionCall, M.Sync)):
                self._ready(out)             # these always end with ReadyForQuery
        except ProtocolError as e:
            out.append(M.ErrorResponse(error_fields(PgError(e.sqlstate, e.message), fatal=True)))
        except Exception as exc:  # a bug: report it, keep the server and the session going
            if self.session is not None:
                self.session.note_error()
            print(f"pgref: internal error in backend {self.pid}:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            out.append(M.ErrorResponse(error_fields(
                PgError("XX000", f"internal error in pgref: {type(exc).__name__}: {exc}"))))
            if isinstance(msg, (M.Query, M.FunctionCall, M.Sync)):
                self._ready(out)             # these always end with ReadyForQuery
        return out

    @contextmanager
    def _scope(self):
        from pgref.engine.regresolve import current_session
        token = current_session.set(self.session)
        self.busy = True
        try:
            yield
        finally:
            self.busy = False
            if self.session is not None:
                self.session.cancel_requested = False
            current_session.reset(token)

    def _dispatch(self, msg, out: list) -> None:
        if self.copy_in is not None:
            self._copy_message(msg, out)
            return
        if isinstance(msg, M.Query):
            self._simple_query(msg.sql, out)
        elif isinstance(msg, M.Parse):
            self._parse(msg, out)
        elif isinstance(msg, M.Bind):
            self._bind(msg, out)
        elif isinstance(msg, M.Describe):
            self._describe(msg, out)
        elif isinstance(msg, M.Execute):
            self._execute(msg, out)
        elif isinstance(msg, M.Close):
            (self.statements if msg.kind == "S" else self.portals).pop(msg.name, None)
            out.append(M.CloseComplete())
        elif isinstance(msg, M.Sync):
            self.session.end_implicit_block()
            self._end_of_batch()
            self._ready(out)
        elif isinstance(msg, (M.Flush, M.CopyData, M.CopyDone, M.CopyFail)):
            pass   # Flush: the server writes after every batch; Copy*: ignored outside COPY (as PostgreSQL)
        elif isinstance(msg, M.FunctionCall):
            raise PgError("0A000", "the function call protocol message is not supported by pgref")
        elif isinstance(msg, M.Terminate):
            pass   # the server closes the connection after handing it over
        elif isinstance(msg, M.PasswordMessage):
            # no authentication exchange is in progress (trust): PostgreSQL's
            # PostgresMain does not accept 'p' in the normal phase either
            raise ProtocolError(f"invalid frontend message type {ord('p')}")
        else:
            raise ProtocolError(f"unexpected frontend message {type(msg).__name__}")

    # ------------------------------------------------------------ startup
    def _startup(self, msg: M.StartupMessage, out: list) -> None:
        from pgref.engine import boot
        from pgref.engine.session import Session
        boot.ensure_loaded()
        if msg.major != 3:
            raise ProtocolError(f"unsupported frontend protocol {msg.major}.{msg.minor}: "
                                "server supports 3.0 to 3.0", "0A000")
        params = dict(msg.params)
        unrecognized = tuple(k for k in params if k.startswith("_pq_."))
        if msg.minor > 0 or unrecognized:
            out.append(M.NegotiateProtocolVersion(0, unrecognized))
        user = params.get("user")
        if not user:
            raise ProtocolError("no PostgreSQL user name specified in startup packet", "28000")
        if params.get("replication", "false").lower() not in ("false", "off", "no", "0"):
            raise ProtocolError("replication connections are not supported by pgref", "0A000")
        database = params.get("database") or user
        options: dict[str, str] = {}
        try:
            # the startup packet names the database (spec/09-engine.md, "Databases
            # and the cluster"); self.db is the Cluster or one of its Databases
            cluster = getattr(self.db, "cluster", self.db)
            from pgref.auth.identity import check_login
            check_login(cluster, user)                         # FATAL 28000 (spec/16-auth.md)
            self.db = cluster.connect(database, user)          # FATAL 3D000 / 55000
            options.update(cluster.session_settings(self.db.dboid))  # ALTER DATABASE ... SET
            for k, v in params.items():
                if k in ("user", "database", "replication") or k.startswith("_pq_."):
                    continue
                if k == "options":
                    options.update(parse_options(v))
                else:
                    options[k] = v
            self.session = Session(self.db, user=user, options=options, database=database)
        except PgError as e:
            raise ProtocolError(e.message, e.sqlstate) from None
        self.session.pid = self.pid
        self.session.wire_copy = True        # COPY FROM STDIN / TO STDOUT go through us
        out.append(M.AuthenticationOk())
        for name in REPORTED:
            value = self._setting(name)
            self.reported[name] = value
            out.append(M.ParameterStatus(name, value))
        out.append(M.BackendKeyData(self.pid, self.secret))
        out.append(M.ReadyForQuery(self.session.transaction_status))

    def _setting(self, name: str) -> str:
        if name == "in_hot_standby":
            return "off"
        if name == "session_authorization":
            return self.session.session_user
        if name == "server_version":
            return SERVER_VERSION
        return self.session.settings.get(name)

    def _ready(self, out: list) -> None:
        for name in REPORTED:                      # INV-WIRE-7
            value = self._setting(name)
            if self.reported.get(name) != value:
                self.reported[name] = value
                out.append(M.ParameterStatus(name, value))
        out.extend(self.async_messages())          # notifications come just before ReadyForQuery
        out.append(M.ReadyForQuery(self.session.transaction_status))

    def async_messages(self) -> list:
        """NotificationResponse messages that may be sent now: only between
        transactions (INV-NOTIFY-4) and not during COPY FROM STDIN."""
        s = self.session
        sn = getattr(s, "notify", None) if s is not None else None
        if sn is None or s.xact is not None or self.copy_in is not None or not sn.has_incoming():
            return []
        return [M.NotificationResponse(pid, ch, payload) for pid, ch, payload in sn.take()]

    def _async_wake(self) -> None:
        if self.on_async is not None:
            self.on_async()

    def _end_of_batch(self) -> None:
        """Portals live until their transaction ends."""
        if self.session.transaction_status == "I":
            self.portals.clear()

    def _notices(self, out: list) -> None:
        s = self.session
        if s is None or not s.notices:
            return
        try:
            floor = _MIN_MESSAGES.index(s.settings.get("client_min_messages"))
        except ValueError:
            floor = _MIN_MESSAGES.index("notice")
        for n in s.notices:
            sev = (n.severity or "NOTICE").lower()
            level = _MIN_MESSAGES.index(sev) if sev in _MIN_MESSAGES else _MIN_MESSAGES.index("notice")
            if level >= floor:
                out.append(M.NoticeResponse(error_fields(n)))
        s.notices.clear()

    def _io(self):
        return IOContext(settings=self.session.settings.io)

    # ------------------------------------------------------------ simple query
    def _simple_query(self, sql: str, out: list) -> None:
        self.statements.pop("", None)
        self.portals.pop("", None)
        emitted = 0

        def emit(result) -> None:
            nonlocal emitted
            emitted += 1
            self._emit_result(result, out)
            if isinstance(result, CopyInResult):
                raise _CopyPause(result.copy)

        try:
            self.session.execute_each(sql, emit)
        except _CopyPause as p:
            from pgref.sql.parser import parse
            self.copy_in = CopyInState(p.args[0], False, list(self.session.parse(sql))[emitted:], sql)
            return
        self._finish_simple_query(emitted, out)

    def _finish_simple_query(self, emitted: int, out: list) -> None:
        self.session.end_implicit_block()   # one left open by Parse/Execute without Sync
        self._notices(out)
        if emitted == 0:
            out.append(M.EmptyQueryResponse())
        self._end_of_batch()
        self._ready(out)

    def _emit_result(self, result, out: list) -> None:
        """One statement's messages in a simple Query."""
        self._notices(out)
        if isinstance(result, CopyInResult):
            fmt = 1 if getattr(result, "binary", False) else 0
            out.append(M.CopyInResponse(fmt, (fmt,) * result.ncolumns))
            return
        if isinstance(result, CopyOutResult):
            self._copy_out(result, out)
            return
        if result.columns is not None:
            out.append(self._row_description(result.columns, ()))
        self._data_rows(result.columns or [], result.rows, (), out)
        out.append(M.CommandComplete(result.tag))
        if self.session.transaction_status == "I":
            self.portals.clear()

    # ------------------------------------------------------------ COPY
    @staticmethod
    def _copy_out(result, out: list) -> None:
        fmt = 1 if getattr(result, "binary", False) else 0      # COPY ... (FORMAT binary)
        out.append(M.CopyOutResponse(fmt, (fmt,) * result.ncolumns))
        out.extend(M.CopyData(line) for line in result.data)
        out.append(M.CopyDone())
        out.append(M.CommandComplete(result.tag))

    def _copy_message(self, msg, out: list) -> None:
        """A frontend message while COPY FROM STDIN waits for data."""
        st = self.copy_in
        if isinstance(msg, M.CopyData):
            st.copy.feed(msg.data)
            return
        if isinstance(msg, (M.Sync, M.Flush)):
            return                           # ignored during copy-in, as PostgreSQL does
        if isinstance(msg, M.Terminate):
            self.copy_in = None
            return
        self.copy_in = None
        s = self.session
        try:
            if isinstance(msg, M.CopyDone):
                result = s.run_as_statement(st.copy.stmt, st.copy.done)
                self._notices(out)
                out.append(M.CommandComplete(result.tag))
            elif isinstance(msg, M.CopyFail):
                s.run_as_statement(st.copy.stmt, lambda: st.copy.fail(msg.message))
            else:
                code = _MESSAGE_TYPE.get(type(msg).__name__, "?")
                err = PgError("08P01", f"unexpected message type 0x{ord(code):02X} during COPY from stdin")
                s.run_as_statement(st.copy.stmt, lambda: _raise(err))
        except PgError as e:
            self._notices(out)
            out.append(M.ErrorResponse(error_fields(e)))
            if not st.extended:
                self._finish_simple_query(1, out)
            return
        if st.extended:
            return
        # the simple Query's remaining statements
        emitted = 1
        if st.rest:
            def emit(result) -> None:
                nonlocal emitted
                emitted += 1
                self._emit_result(result, out)
                if isinstance(result, CopyInResult):
                    raise _CopyPause(result.copy)
            try:
                s._execute(st.rest, st.sql, None, None, emit=emit)
            except _CopyPause as p:
                self.copy_in = CopyInState(p.args[0], False, st.rest[emitted - 1:], st.sql)
                return
            except PgError as e:
                s.note_error()
                self._notices(out)
                out.append(M.ErrorResponse(error_fields(e)))
        self._finish_simple_query(emitted, out)

    # ------------------------------------------------------------ rows
    @staticmethod
    def _formats(formats: tuple[int, ...], n: int) -> list[int]:
        if not formats:
            return [0] * n
        if len(formats) == 1:
            return [formats[0]] * n
        return list(formats)

    def _row_description(self, columns, formats) -> M.RowDescription:
        from pgref.types.registry import get_type
        fmts = self._formats(formats, len(columns))
        fields = []
        for c, f in zip(columns, fmts):
            try:
                size = get_type(c.type_oid).typlen
            except (PgError, KeyError):
                size = -1
            fields.append(M.FieldDescription(c.name, c.table_oid or 0, c.column_number or 0, c.type_oid,
                                             size, c.typmod if c.typmod is not None else -1, f))
        return M.RowDescription(tuple(fields))

    def _data_rows(self, columns, rows, formats, out: list) -> None:
        if not rows:
            return
        fmts = self._formats(formats, len(columns))
        ctx = self._io()
        conv = []
        for c, f in zip(columns, fmts):
            if f == 1:
                conv.append(lambda v, oid=c.type_oid: type_send(ctx, oid, v))
            else:
                outp = output_caller(c.type_oid)
                conv.append(lambda v, outp=outp: outp(ctx, v).encode("utf-8"))
        for row in rows:
            out.append(M.DataRow(tuple(None if v is None else fn(v) for fn, v in zip(conv, row))))

    # ------------------------------------------------------------ extended query
    def _parse(self, msg: M.Parse, out: list) -> None:
        from pgref.sql.parser import parse
        if msg.name and msg.name in self.statements:
            raise PgError("42P05", f'prepared statement "{msg.name}" already exists')
        standard = self.session.settings.get("standard_conforming_strings") == "on"
        raws = self._parse_cache.get(msg.query) if standard else None
        if raws is None:
            # the AST is frozen dataclasses: safe to share
            raws = parse(msg.query) if standard else self.session.parse(msg.query)
            if len(self._parse_cache) >= 128:
                self._parse_cache.clear()
            self._parse_cache[msg.query] = raws
        if len(raws) > 1:
            raise PgError("42601", "cannot insert multiple commands into a prepared statement")
        ps = PreparedStatement(msg.query, param_types=list(msg.param_types))
        if raws:
            raw = raws[0]
            ps.stmt = raw.stmt
            ps.text = (msg.query[raw.stmt_location:raw.stmt_location + raw.stmt_len] if raw.stmt_len
                       else msg.query[raw.stmt_location:])
            if self._plannable(ps.stmt):
                self._plan(ps)
        self.statements[msg.name] = ps
        out.append(M.ParseComplete())

    @staticmethod
    def _plannable(stmt) -> bool:
        if isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None:
            return False
        return isinstance(stmt, _PLANNABLE)

    def _plan(self, ps: PreparedStatement) -> None:
        s = self.session
        given = list(ps.param_types)
        s.begin_implicit_block()
        # Plans are read-only (INV-PLAN-1), so drivers that Parse the same
        # unnamed statement again and again reuse one, as long as nothing
        # analysis depends on has changed (the key says what that is).
        io = s.settings.io
        key = (ps.text, tuple(given), self.db.cat.version, s.settings.get("search_path"),
               io.datestyle, io.intervalstyle, io.timezone)
        planned = self._plan_cache.get(key)
        if planned is None or (s.failed and s.xact is not None):
            planned = s.run_as_statement(ps.stmt, lambda: s.plan(ps.stmt, given))
            if len(self._plan_cache) >= 128:
                self._plan_cache.clear()
            self._plan_cache[key] = planned
        ps.planned = planned
        ps.param_types = list(planned.param_types)
        ps.cat_version = self.db.cat.version

    def _statement(self, name: str) -> PreparedStatement:
        ps = self.statements.get(name)
        if ps is None:
            if name:
                raise PgError("26000", f'prepared statement "{name}" does not exist')
            raise PgError("26000", "unnamed prepared statement does not exist")
        return ps

    def _portal(self, name: str) -> Portal:
        p = self.portals.get(name)
        if p is None:
            raise PgError("34000", f'portal "{name}" does not exist')
        return p

    def _bind(self, msg: M.Bind, out: list) -> None:
        ps = self._statement(msg.statement)
        if msg.portal and msg.portal in self.portals:
            raise PgError("42P03", f'cursor "{msg.portal}" already exists')
        n = len(msg.params)
        if len(msg.param_formats) > 1 and len(msg.param_formats) != n:
            raise PgError("08P01", f"bind message has {len(msg.param_formats)} parameter formats "
                          f"but {n} parameters")
        need = len(ps.param_types) if ps.planned is not None else n
        if n != need:
            raise PgError("08P01", f'bind message supplies {n} parameters, but prepared statement '
                          f'"{msg.statement}" requires {need}')
        if ps.planned is not None and ps.cat_version != self.db.cat.version:
            self._plan(ps)                         # the catalog changed since Parse: plan again
        s = self.session
        if s.failed and s.xact is not None and not isinstance(ps.stmt, A.TransactionStmt):
            raise PgError("25P02", "current transaction is aborted, commands ignored until end of "
                          "transaction block")
        ctx = self._io()
        pfmts = self._formats(msg.param_formats, n)
        values = []
        for i, (raw, fmt) in enumerate(zip(msg.params, pfmts)):
            oid = ps.param_types[i] if i < len(ps.param_types) else 0
            if oid in (0, T.UNKNOWNOID):
                oid = T.TEXTOID
            if raw is None:
                values.append(None)
            elif fmt == 0:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise PgError("22021", f'invalid byte sequence for encoding "UTF8": 0x{raw[e.start]:02x}') \
                        from None
                if "\x00" in text:
                    raise PgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00')
                values.append(type_input(ctx, oid, text, -1))
            elif fmt == 1:
                values.append(type_receive(ctx, oid, raw, -1))
            else:
                raise PgError("22023", f"unsupported format code: {fmt}")
        for f in msg.result_formats:
            if f not in (0, 1):
                raise PgError("22023", f"unsupported format code: {f}")
        if ps.planned is not None:
            ncols = len(ps.planned.colnames)
            if len(msg.result_formats) > 1 and len(msg.result_formats) != ncols:
                raise PgError("08P01", f"bind message has {len(msg.result_formats)} result formats "
                              f"but query has {ncols} columns")
        self.portals[msg.portal] = Portal(ps, values, msg.result_formats)
        out.append(M.BindComplete())

    def _returns_rows(self, ps: PreparedStatement) -> bool:
        p = ps.planned
        return p.command == "select" or bool(getattr(p.query, "returning", None))

    def _describe(self, msg: M.Describe, out: list) -> None:
        if msg.kind == "S":
            ps = self._statement(msg.name)
            out.append(M.ParameterDescription(tuple(t if t else T.UNKNOWNOID for t in ps.param_types)))
            if ps.planned is not None and self._returns_rows(ps):
                out.append(self._row_description(self.session.describe(ps.planned), ()))
            else:
                out.append(M.NoData())
            return
        if msg.name and msg.name not in self.portals and msg.name in self.session.cursors:
            # a cursor made by DECLARE is a portal too (psycopg's named
            # cursors describe it this way)
            out.append(self._row_description(self.session.cursors[msg.name].columns, ()))
            return
        portal = self._portal(msg.name)
        ps = portal.ps
        if ps.stmt is None:
            out.append(M.NoData())
        elif ps.planned is not None:
            if self._returns_rows(ps):
                out.append(self._row_description(self.session.describe(ps.planned), portal.result_formats))
            else:
                out.append(M.NoData())
        else:
            # a utility statement's row shape is known only by running it
            self._run_portal(portal, out)
            if portal.result.columns is not None:
                out.append(self._row_description(portal.result.columns, portal.result_formats))
            else:
                out.append(M.NoData())

    def _run_portal(self, portal: Portal, out: list) -> None:
        if portal.result is not None:
            return
        s = self.session
        ps = portal.ps
        if not (s.failed and s.xact is not None):
            s.begin_implicit_block()
        try:
            if ps.planned is not None:
                portal.result = s.run_as_statement(
                    ps.stmt, lambda: s.run_planned(ps.planned, values=list(portal.values)))
            else:
                portal.result = s.execute_one(ps.stmt, ps.text, params=list(portal.values) or None)
        finally:
            self._notices(out)

    def _execute(self, msg: M.Execute, out: list) -> None:
        portal = self._portal(msg.portal)
        if portal.ps.stmt is None:
            out.append(M.EmptyQueryResponse())
            return
        self._run_portal(portal, out)
        r = portal.result
        if isinstance(r, CopyOutResult):
            self._copy_out(r, out)
            return
        if isinstance(r, CopyInResult):
            fmt = 1 if getattr(r, "binary", False) else 0
            out.append(M.CopyInResponse(fmt, (fmt,) * r.ncolumns))
            self.copy_in = CopyInState(r.copy, True)
            return
        rows = r.rows if r.columns is not None else []
        start = portal.pos
        end = len(rows) if msg.max_rows <= 0 else min(len(rows), start + msg.max_rows)
        cols = r.columns or []
        self._data_rows(cols, rows[start:end], portal.result_formats, out)
        portal.pos = end
        if msg.max_rows > 0 and end - start == msg.max_rows and r.columns is not None:
            # like PostgreSQL: a fetch that filled its limit suspends even if
            # no row is left; the next Execute then completes with SELECT 0
            out.append(M.PortalSuspended())
            return
        if r.tag.startswith("SELECT") and r.columns is not None:
            # a SELECT's tag counts the rows of this Execute call (PostgreSQL's
            # PortalRunSelect); CREATE TABLE AS keeps its own count
            out.append(M.CommandComplete(f"SELECT {end - start}"))
        else:
            out.append(M.CommandComplete(r.tag))

    # ------------------------------------------------------------ cancel / close
    def cancel(self) -> None:
        """CancelRequest from another connection: stop the running statement."""
        if self.busy and self.session is not None:
            self.session.cancel_requested = True

    def terminate(self) -> None:
        """Fast shutdown: a running statement stops at its next cancel
        check and the client gets FATAL 57P01 instead of 57014."""
        self.terminating = True
        if self.session is not None:
            self.session.cancel_requested = True

    def close(self) -> None:
        """The client went away: roll back what it left open and drop its
        temporary tables (Session.close)."""
        s = self.session
        if s is None:
            return
        self.session = None
        try:
            s.close()
        except PgError as e:
            print(f"pgref: backend {self.pid}: ending the session failed: {e.message}", file=sys.stderr)


ADMIN_SHUTDOWN_ERROR = PgError("57P01", "terminating connection due to administrator command")


def _raise(err: PgError):
    raise err

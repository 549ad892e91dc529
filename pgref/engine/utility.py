"""Utility statements: SET / SHOW / RESET, PREPARE / EXECUTE / DEALLOCATE,
DISCARD, CHECKPOINT, and the dispatch of DDL to ``ddl.py``
(PostgreSQL's utility.c, ProcessUtility).

Where it sits: ``engine/`` (spec/09-engine.md, "Utility statements").
"""
from __future__ import annotations

from pgref.engine.session import Column, Result
from pgref.errors import (DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED, INVALID_SQL_STATEMENT_NAME,
                          SYNTAX_ERROR, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T


def _const_text(node) -> str:
    if isinstance(node, A.A_Const):
        v = node.val
        if isinstance(v, A.String):
            return v.sval
        if isinstance(v, A.Integer):
            return str(v.ival)
        if isinstance(v, A.Float):
            return v.fval
        if isinstance(v, A.Boolean):
            return "on" if v.boolval else "off"
    if isinstance(node, A.TypeCast):
        return _const_text(node.arg)
    if isinstance(node, str):
        return node
    raise PgError(SYNTAX_ERROR, "SET requires a constant value")


def _quote_ident(name: str) -> str:
    from pgref.types.registry import quote_identifier
    return quote_identifier(name)


def variable_set(session, s: A.VariableSetStmt) -> Result:
    in_xact = session.xact is not None and not session.implicit
    if s.name is not None and s.name.lower() in ("role", "session_authorization"):
        from pgref.auth.identity import set_identity      # spec/16-auth.md, "Session identity"
        return set_identity(session, s)
    if s.kind == "multi" and s.name in ("TRANSACTION", "SESSION CHARACTERISTICS"):
        for d in s.args:
            if d.defname == "transaction_isolation":
                val = _const_text(d.arg)
                if s.name == "TRANSACTION":
                    if session.xact is None or session.implicit:
                        session.notices.append(PgError("25P01", "SET TRANSACTION can only be used in transaction blocks",
                                                       severity="WARNING"))
                    else:
                        if session.xact.ran_query:
                            raise PgError("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query")
                        session.xact.isolation = val
                        session.settings.set("transaction_isolation", val, in_xact=True)
                else:
                    session.settings.set("default_transaction_isolation", val, in_xact=in_xact)
            elif d.defname == "transaction_read_only":
                ro = bool(d.arg.val.ival) if isinstance(d.arg, A.A_Const) else bool(d.arg)
                if s.name == "TRANSACTION" and session.xact is not None:
                    x = session.xact
                    if x.read_only and not ro:
                        # check_transaction_read_only (variable.c)
                        if len(x.savepoints) > 1:
                            raise PgError("25001", "cannot set transaction read-write mode inside a "
                                                   "read-only transaction")
                        if x.ran_query:
                            raise PgError("25001", "transaction read-write mode must be set before any query")
                    x.read_only = ro
                else:
                    session.settings.set("default_transaction_read_only", "on" if ro else "off", in_xact=in_xact)
        return Result("SET")
    if s.kind == "reset_all":
        for name in list(session.settings.values):
            from pgref.engine.guc import SETTINGS
            if SETTINGS[name].context != "internal":
                session.settings.reset(name, in_xact=in_xact)
        return Result("RESET")
    if s.kind in ("reset", "default"):
        session.settings.reset(s.name, in_xact=in_xact)
        return Result("RESET" if s.kind == "reset" else "SET")
    if s.kind == "current":
        return Result("SET")
    name = s.name
    if name.lower() == "search_path" or len(s.args) > 1:
        parts = []
        for a in s.args:
            t = _const_text(a)
            parts.append(t if (isinstance(a, A.A_Const) and isinstance(a.val, A.String) and name.lower() != "search_path")
                         else _quote_ident(t) if name.lower() == "search_path" else t)
        value = ", ".join(parts)
    else:
        value = _const_text(s.args[0])
    if name.lower() == "timezone" and s.args and isinstance(s.args[0], A.TypeCast):
        raise PgError(FEATURE_NOT_SUPPORTED, "SET TIME ZONE INTERVAL is not supported yet")
    session.settings.set(name, value, local=s.is_local, in_xact=in_xact)
    return Result("SET")


def variable_show(session, s: A.VariableShowStmt) -> Result:
    name = s.name
    if name.lower() == "all":
        rows = session.settings.show_all()
        return Result("SHOW", [Column("name", T.TEXTOID), Column("setting", T.TEXTOID),
                               Column("description", T.TEXTOID)], rows, len(rows))
    x = session.xact
    if x is not None and name.lower() in ("transaction_isolation", "transaction_read_only",
                                          "transaction_deferrable"):
        value = {"transaction_isolation": x.isolation,
                 "transaction_read_only": "on" if x.read_only else "off",
                 "transaction_deferrable": "on" if getattr(x, "deferrable", False) else "off"}[name.lower()]
        return Result("SHOW", [Column(name.lower(), T.TEXTOID)], [(value,)], 1)
    from pgref.engine.guc import lookup
    st = lookup(name)
    return Result("SHOW", [Column(st.name, T.TEXTOID)],
                  [(session.settings.get(name),)], 1)


# Utility statements a read-only transaction may run
# (ClassifyUtilityCommandAsReadOnly in tcop/utility.c): they change no table.
_READ_ONLY_OK = ("VariableSetStmt", "VariableShowStmt", "PrepareStmt", "ExecuteStmt", "DeallocateStmt",
                 "DiscardStmt", "DeclareCursorStmt", "FetchStmt", "ClosePortalStmt", "ExplainStmt",
                 "CheckPointStmt", "ListenStmt", "NotifyStmt", "UnlistenStmt", "VacuumStmt", "DoStmt",
                 "CallStmt", "ConstraintsSetStmt", "LoadStmt", "CopyStmt", "TransactionStmt",
                 "ClusterStmt", "ReindexStmt", "AlterSystemStmt")
_LOCK_ROW_EXCLUSIVE = 3


def command_tag(stmt) -> str:
    """CreateCommandName: the command tag of a utility statement, as the
    read-only error names it."""
    name = type(stmt).__name__
    if name == "DropStmt":
        return "DROP " + stmt.remove_type.upper().replace("_", " ")
    if name == "CreateTableAsStmt":
        if stmt.is_select_into:
            return "SELECT INTO"
        return "CREATE MATERIALIZED VIEW" if stmt.objtype == "matview" else "CREATE TABLE AS"
    if name == "CreateStmt":
        return "CREATE TABLE"
    if name == "IndexStmt":
        return "CREATE INDEX"
    if name == "ViewStmt":
        return "CREATE VIEW"
    if name == "TruncateStmt":
        return "TRUNCATE TABLE"
    if name == "LockStmt":
        return "LOCK TABLE"
    if name == "AlterTableStmt":
        return "ALTER " + stmt.objtype.upper().replace("_", " ")
    if name == "CreateSeqStmt":
        return "CREATE SEQUENCE"
    if name == "AlterSeqStmt":
        return "ALTER SEQUENCE"
    if name == "CommentStmt":
        return "COMMENT"
    if name == "CreateSchemaStmt":
        return "CREATE SCHEMA"
    if name == "CreateFunctionStmt":
        return "CREATE PROCEDURE" if getattr(stmt, "is_procedure", False) else "CREATE FUNCTION"
    if name == "GrantStmt":
        return "GRANT" if getattr(stmt, "is_grant", True) else "REVOKE"
    if name in ("CreatedbStmt",):
        return "CREATE DATABASE"
    if name in ("DropdbStmt",):
        return "DROP DATABASE"
    return _statement_name(stmt)


def check_read_only_utility(session, stmt) -> None:
    x = session.xact
    if x is None or not x.read_only:
        return
    name = type(stmt).__name__
    if name in _READ_ONLY_OK:
        return
    if name == "LockStmt" and stmt.mode <= _LOCK_ROW_EXCLUSIVE:
        return
    raise PgError("25006", f"cannot execute {command_tag(stmt)} in a read-only transaction")


def run_utility(session, stmt, text: str, params) -> Result:
    from pgref.engine import ddl
    from pgref.auth.aclcheck import check_utility
    check_read_only_utility(session, stmt)
    check_utility(session, stmt)                 # privileges and ownership (spec/16-auth.md)
    if isinstance(stmt, A.VariableSetStmt):
        return variable_set(session, stmt)
    if isinstance(stmt, A.VariableShowStmt):
        return variable_show(session, stmt)
    if isinstance(stmt, A.PrepareStmt):
        return prepare(session, stmt, text)
    if isinstance(stmt, A.ExecuteStmt):
        return execute_prepared(session, stmt)
    if isinstance(stmt, A.DeallocateStmt):
        if stmt.name is None:
            session.prepared.clear()
        elif session.prepared.pop(stmt.name, None) is None:
            raise PgError(INVALID_SQL_STATEMENT_NAME, f'prepared statement "{stmt.name}" does not exist')
        return Result("DEALLOCATE ALL" if stmt.name is None else "DEALLOCATE")
    if isinstance(stmt, A.DiscardStmt):
        if stmt.target in ("all", "temp") and session._temp_nsp is not None and any(
                r.namespace == session._temp_nsp for r in session.db.cat.relations.values()):
            raise PgError(FEATURE_NOT_SUPPORTED, f"DISCARD {stmt.target.upper()} with temporary tables "
                                                 "is not supported yet")
        if stmt.target == "all":
            if session.xact is not None and not session.implicit:
                raise PgError("25001", "DISCARD ALL cannot run inside a transaction block")
            session.prepared.clear()
            session.cursors.clear()
            session.settings.__init__()
            # SET SESSION AUTHORIZATION DEFAULT (auth/identity.py)
            session.settings.values["session_authorization"] = getattr(session, "login_user", "postgres")
            session.settings.reset_values["session_authorization"] = session.settings.values["session_authorization"]
            from pgref.engine import notify      # DISCARD ALL includes UNLISTEN *
            notify.unlisten(session, None)
        elif stmt.target == "plans":
            # keep the statements, forget their plans: they are re-planned on next use
            for k, (q, types, _v, planned) in list(session.prepared.items()):
                session.prepared[k] = (q, types, -1, planned)
        elif stmt.target == "sequences":
            session.currvals.clear()
            session.lastval_seq = None
        # DISCARD TEMP with no temporary tables has nothing to drop
        return Result(f"DISCARD {stmt.target.upper()}")
    if isinstance(stmt, (A.NotifyStmt, A.ListenStmt, A.UnlistenStmt)):
        from pgref.engine import notify         # engine/notify.py: take effect at commit
        if isinstance(stmt, A.NotifyStmt):
            notify.notify(session, stmt.conditionname, stmt.payload)
            return Result("NOTIFY")
        if isinstance(stmt, A.ListenStmt):
            notify.listen(session, stmt.conditionname)
            return Result("LISTEN")
        notify.unlisten(session, stmt.conditionname)
        return Result("UNLISTEN")
    if isinstance(stmt, A.DeclareCursorStmt):
        from pgref.engine.cursors import declare_cursor
        return declare_cursor(session, stmt, text)
    if isinstance(stmt, A.FetchStmt):
        from pgref.engine.cursors import fetch
        return fetch(session, stmt)
    if isinstance(stmt, A.ClosePortalStmt):
        from pgref.engine.cursors import close
        return close(session, stmt)
    if isinstance(stmt, (A.CreatedbStmt, A.DropdbStmt, A.AlterDatabaseStmt, A.AlterDatabaseSetStmt)) or \
            (isinstance(stmt, (A.RenameStmt, A.AlterOwnerStmt)) and
             getattr(stmt, "rename_type", getattr(stmt, "object_type", None)) == "database"):
        from pgref.engine.dbcommands import run_dbcommand    # engine/dbcommands.py
        return run_dbcommand(session, stmt)
    if isinstance(stmt, A.CheckPointStmt):
        session.db.flush()
        return Result("CHECKPOINT")
    if isinstance(stmt, A.VacuumStmt):
        from pgref.engine.vacuum import run_vacuum
        return run_vacuum(session, stmt)
    if isinstance(stmt, A.CopyStmt):
        from pgref.engine.copy import run_copy
        return run_copy(session, stmt, text, params)
    if isinstance(stmt, A.ExplainStmt):
        from pgref.planner.explain import explain
        return explain(session, stmt, text)
    if isinstance(stmt, A.ReindexStmt):
        from pgref.engine.reindex import reindex          # engine/reindex.py
        return reindex(session, stmt)
    if isinstance(stmt, A.LockStmt):
        from pgref.engine.lockcmds import lock_tables     # engine/lockcmds.py
        return lock_tables(session, stmt)
    if isinstance(stmt, A.AlterTableStmt) and stmt.objtype == "index":
        from pgref.engine.reindex import alter_index_options, is_index_options_stmt
        if is_index_options_stmt(stmt):                   # ALTER INDEX ... SET / RESET (...)
            return alter_index_options(session, stmt)
    handler = ddl.HANDLERS.get(type(stmt))
    if handler is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{_statement_name(stmt)} is not supported yet")
    return handler(session, stmt, text)


def _statement_name(stmt) -> str:
    import re
    name = type(stmt).__name__.removesuffix("Stmt")
    return " ".join(re.findall(r"[A-Z][a-z]*", name)).upper() or name


def prepare(session, s: A.PrepareStmt, text: str) -> Result:
    if s.name in session.prepared:
        raise PgError("42P05", f'prepared statement "{s.name}" already exists')
    ea = session.expr_analyzer()
    types = [ea.type_from_name(t)[0] for t in s.argtypes]
    planned = session.plan(s.query, types) if isinstance(s.query, (A.SelectStmt, A.InsertStmt, A.UpdateStmt,
                                                                     A.DeleteStmt, A.MergeStmt)) else None
    if planned is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "PREPARE of utility statements is not supported")
    session.prepared[s.name] = (s.query, planned.param_types, session.db.cat.version, planned)
    return Result("PREPARE")


def execute_prepared(session, s: A.ExecuteStmt) -> Result:
    got = session.prepared.get(s.name)
    if got is None:
        raise PgError(INVALID_SQL_STATEMENT_NAME, f'prepared statement "{s.name}" does not exist')
    query, types, version, planned = got
    if len(s.params) != len(types):
        raise PgError(SYNTAX_ERROR, f'wrong number of parameters for prepared statement "{s.name}"',
                      detail=f"Expected {len(types)} parameters but got {len(s.params)}.")
    if version != session.db.cat.version:
        planned = session.plan(query, types)
        session.prepared[s.name] = (query, planned.param_types, session.db.cat.version, planned)
    from pgref.analyzer.coerce import ASSIGNMENT
    from pgref.analyzer.parse_state import ParseState
    from pgref.executor.expr import Layout, compile_expr
    ea = session.expr_analyzer()
    ectx = session.exec_context()
    values = []
    for p, t in zip(s.params, planned.param_types):
        e = ea.coerce(ea.transform(ParseState(), p), t, -1, ASSIGNMENT, getattr(p, "location", -1))
        values.append(compile_expr(e, Layout(()), ectx)(()))
    return session.run_planned(planned, values=values)

"""Built-in functions that need the session: sequences, settings, the
current user and database, version() (spec/09-engine.md, "Session
functions").

Where it sits: ``engine/``.  They are registered with the function manager
under PostgreSQL's C names (``nextval_oid``, ``show_config_by_name`` ...)
like every other built-in, with ``ctx=True``: the execution context carries
``session``.  Set-returning built-ins whose rows come from the executor's
FunctionScan (``unnest``) live here too because they are generators, which
the executor drives.
"""
from __future__ import annotations

from pgref.engine import sequences
from pgref.errors import UNDEFINED_OBJECT, PgError
from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

VERSION = ("PostgreSQL 15.18 (pgref 0.1.0) on x86_64-pc-linux-gnu, compiled by Python, 64-bit")


@builtin("nextval_oid", ctx=True)
def nextval_oid(ctx, relid):
    return sequences.nextval(ctx.session, relid)


@builtin("currval_oid", ctx=True)
def currval_oid(ctx, relid):
    return sequences.currval(ctx.session, relid)


@builtin("setval_oid", ctx=True)
def setval_oid(ctx, relid, value):
    return sequences.setval(ctx.session, relid, value)


@builtin("setval3_oid", ctx=True)
def setval3_oid(ctx, relid, value, is_called):
    return sequences.setval(ctx.session, relid, value, is_called)


@builtin("lastval", ctx=True)
def lastval(ctx):
    return sequences.lastval(ctx.session)


@builtin("current_database", ctx=True)
def current_database(ctx):
    return ctx.session.database


@builtin("current_schema", ctx=True)
def current_schema(ctx):
    return ctx.session.current_schema()


@builtin("current_schemas", ctx=True)
def current_schemas(ctx, include_implicit):
    s = ctx.session
    names = [s.db.cat.namespace_name(o) for o in s.search_path()]
    if include_implicit and "pg_catalog" not in names:
        names.insert(0, "pg_catalog")
    return PgArray.from_list(names, 19)


@builtin("current_user", "session_user", ctx=True)
def current_user(ctx):
    return ctx.session.user


@builtin("pgsql_version", ctx=True)
def pgsql_version(ctx):
    return VERSION


@builtin("show_config_by_name", ctx=True)
def show_config_by_name(ctx, name):
    return ctx.session.settings.get(name)


@builtin("show_config_by_name_missing_ok", ctx=True)
def show_config_by_name_missing_ok(ctx, name, missing_ok):
    try:
        return ctx.session.settings.get(name)
    except PgError as e:
        if missing_ok and e.sqlstate == UNDEFINED_OBJECT:
            return None
        raise


@builtin("set_config_by_name", ctx=True)
def set_config_by_name(ctx, name, value, is_local):
    s = ctx.session
    s.settings.set(name, value, local=bool(is_local), in_xact=s.xact is not None)
    return s.settings.get(name)


@builtin("pg_backend_pid", ctx=True)
def pg_backend_pid(ctx):
    return ctx.session.pid


@builtin("pg_current_xact_id", ctx=True)
def pg_current_xact_id(ctx):
    return ctx.session.xact.xid


@builtin("pg_typeof", ctx=True)
def pg_typeof(ctx, value):
    """The type of the argument as written in the call (get_fn_expr_argtype)."""
    return ctx.argtypes[0]


@builtin("pg_get_serial_sequence", ctx=True)
def pg_get_serial_sequence(ctx, table, column):
    from pgref.engine.regresolve import split_qualified
    from pgref.types.registry import quote_identifier
    s = ctx.session
    cat = s.db.cat
    parts = split_qualified(table)
    rel = cat.lookup_relation(parts[-2] if len(parts) > 1 else None, parts[-1], s.search_path())
    if rel is None:
        raise PgError("42P01", f'relation "{table}" does not exist')
    col = rel.column(column)
    if col is None:
        raise PgError("42703", f'column "{column}" of relation "{rel.name}" does not exist')
    for seq in cat.relations.values():
        if seq.kind == "S" and seq.sequence.owned_by == (rel.oid, col.attnum):
            return quote_identifier(cat.namespace_name(seq.namespace)) + "." + quote_identifier(seq.name)
    return None


# ---------------------------------------------------------------- set-returning
@builtin("array_unnest")
def array_unnest(arr):
    return iter(arr.elements)


def call_session_function(session, name: str, ectx, args: list):
    from pgref.types.fmgr import lookup
    b = lookup(name)
    if b is None:
        raise PgError("XX000", f"unknown session function {name}")
    if any(a is None for a in args):
        return None
    return b.fn(ectx, *args) if b.ctx else b.fn(*args)

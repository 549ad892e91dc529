"""Built-in functions that need the session: sequences, settings, the
current user and database, version(), and the catalog-inspection functions
psql's describe commands call -- pg_get_userbyid, pg_table_is_visible,
format_type, pg_get_expr / pg_get_constraintdef / pg_get_indexdef /
pg_get_viewdef (text from ``catalog/ruleutils.py``), pg_relation_size and
friends, pg_get_function_arguments/result, has_*_privilege
(spec/09-engine.md, "Session functions").

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
from collections.abc import Mapping

from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

VERSION = ("PostgreSQL 15.18 (pgref 0.1.0) on x86_64-pc-linux-gnu, compiled by Python, 64-bit")


def _seq_priv(session, relid: int, letters: str) -> None:
    """The sequence functions' privilege checks (auth/aclcheck.py)."""
    from pgref.auth.aclcheck import check_sequence
    check_sequence(session, session.db.cat.relations.get(relid), letters)


@builtin("nextval_oid", ctx=True)
def nextval_oid(ctx, relid):
    _seq_priv(ctx.session, relid, "Uw")
    return sequences.nextval(ctx.session, relid)


@builtin("currval_oid", ctx=True)
def currval_oid(ctx, relid):
    _seq_priv(ctx.session, relid, "rU")
    return sequences.currval(ctx.session, relid)


@builtin("setval_oid", ctx=True)
def setval_oid(ctx, relid, value):
    _seq_priv(ctx.session, relid, "w")
    return sequences.setval(ctx.session, relid, value)


@builtin("setval3_oid", ctx=True)
def setval3_oid(ctx, relid, value, is_called):
    _seq_priv(ctx.session, relid, "w")
    return sequences.setval(ctx.session, relid, value, is_called)


@builtin("lastval", ctx=True)
def lastval(ctx):
    s = ctx.session
    if s.lastval_seq is not None:
        _seq_priv(s, s.lastval_seq, "rU")
    return sequences.lastval(s)


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


@builtin("current_user", ctx=True)
def current_user(ctx):
    return ctx.session.user


@builtin("session_user", ctx=True)
def session_user(ctx):
    return ctx.session.session_user


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


@builtin("pg_sleep", ctx=True)
def pg_sleep(ctx, seconds: float) -> None:
    """Sleep, giving the cluster's statement lock to other sessions
    meanwhile (a sleeping session must not stall the others) and waking
    early for a cancel request (57014), as PostgreSQL's pg_sleep does."""
    import math
    import threading
    import time
    if seconds is None or math.isnan(seconds) or seconds <= 0:
        return None
    deadline = time.monotonic() + seconds
    cond = threading.Condition(ctx.session.db.lock)
    with cond:
        while True:
            if ctx.check_cancel is not None:
                ctx.check_cancel()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            cond.wait(min(left, 0.05))


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


# ---------------------------------------------------------------- catalog inspection
# The functions psql's describe commands (\d, \dt, \l, \du ...) call on the
# catalogs (PostgreSQL's ruleutils.c, namespace.c, dbsize.c, acl.c).

@builtin("format_type", ctx=True)
def format_type(ctx, typ, typmod):
    """format_type(oid, typmod): not strict; NULL typmod means "not given"."""
    if typ is None:
        return None
    if typ != 0 and ctx.session.db.cat.typeinfo(typ) is None:
        return "???"
    if typ == 0:
        return "-"
    return ctx.session.db.cat.format_type(typ, typmod)


class _RoleNames(Mapping):
    """oid -> role name of the current session's cluster (pg_authid through
    auth/roles.py); outside a session, the roles every cluster starts with."""

    def _roles(self) -> dict[int, str]:
        from pgref.auth.roles import PREDEFINED, rolecat
        from pgref.engine.regresolve import current_session
        s = current_session.get()
        if s is None:
            return {10: "postgres", **PREDEFINED}
        return {oid: r.rolname for oid, r in rolecat(s).roles.items()}

    def __getitem__(self, oid):
        return self._roles()[oid]

    def __iter__(self):
        return iter(self._roles())

    def __len__(self):
        return len(self._roles())


ROLE_NAMES = _RoleNames()


@builtin("pg_get_userbyid", ctx=True)
def pg_get_userbyid(ctx, roleid):
    from pgref.auth.roles import rolecat
    return rolecat(ctx.session).name(roleid)


def _first_visible(session, nsp_oid: int, found_in) -> bool:
    """PostgreSQL's *IsVisible: an object in ``nsp_oid`` is visible when no
    schema earlier on the search path (pg_catalog first unless listed) has
    an object of the same name (``found_in(nsp)`` says whether it does)."""
    path = session.search_path()
    from pgref.catalog.catalog import PG_CATALOG
    if PG_CATALOG not in path:
        path = ([path[0]] if path and path[0] == session._temp_nsp else []) + [PG_CATALOG] + \
            [n for n in path if n != session._temp_nsp]
    if nsp_oid not in path:
        return False
    for nsp in path:
        if nsp == nsp_oid:
            return True
        if found_in(nsp):
            return False
    return False


@builtin("pg_table_is_visible", ctx=True)
def pg_table_is_visible(ctx, relid):
    from pgref.catalog import sysrels
    s = ctx.session
    cat = s.db.cat
    rel = cat.relations.get(relid) or sysrels.system_relations().get(relid)
    if rel is None:
        idx = next(((r, i) for r in cat.relations.values() for i in r.indexes if i.oid == relid), None)
        if idx is None:
            from pgref.catalog.typedefs import composite_class_rows   # CREATE TYPE ... AS (...)
            ct = next((t for t, _td in composite_class_rows(cat) if t.relid == relid), None)
            if ct is None:
                return None
            idx = (ct, ct)
        nsp, name = idx[0].namespace, idx[1].name
    else:
        nsp, name = rel.namespace, rel.name

    def found_in(n):
        if (n, name) in sysrels.by_name():
            return True
        return cat.relation_in(n, name) is not None or any(
            i.name == name for r in cat.relations.values() if r.namespace == n for i in r.indexes)
    return _first_visible(s, nsp, found_in)


@builtin("pg_type_is_visible", ctx=True)
def pg_type_is_visible(ctx, typid):
    s = ctx.session
    t = s.db.cat.typeinfo(typid)
    if t is None:
        return None
    return _first_visible(s, t.namespace, lambda n: s.db.cat.type_oid(None, t.name, [n]) is not None)


@builtin("pg_function_is_visible", ctx=True)
def pg_function_is_visible(ctx, funcid):
    # built-ins are in pg_catalog, first on the path; a user routine is
    # visible if no earlier routine of its name and argument types hides it
    from pgref.catalog import builtin as B
    if funcid in B.procs():
        return True
    cat = ctx.session.db.cat
    p = cat.user_procs.get(funcid)
    if p is None:
        return None
    return any(q.oid == funcid for q in cat.procs_named(p.name, None, ctx.session.search_path()))


def _any_proc(ctx, funcid):
    """A built-in or user routine's pg_proc row (spec/12-functions.md)."""
    from pgref.catalog import builtin as B
    p = B.procs().get(funcid)
    return p if p is not None else ctx.session.db.cat.user_procs.get(funcid)


@builtin("pg_collation_is_visible", "pg_conversion_is_visible", "pg_opclass_is_visible",
         "pg_opfamily_is_visible", "pg_operator_is_visible", "pg_statistics_obj_is_visible",
         "pg_ts_config_is_visible", "pg_ts_dict_is_visible", "pg_ts_parser_is_visible",
         "pg_ts_template_is_visible", ctx=True)
def pg_catalog_object_is_visible(ctx, oid):
    # objects of these kinds exist only as pg_catalog built-ins in pgref
    return True


@builtin("pg_my_temp_schema", ctx=True)
def pg_my_temp_schema(ctx):
    return ctx.session._temp_nsp or 0


@builtin("pg_is_other_temp_schema", ctx=True)
def pg_is_other_temp_schema(ctx, nsp):
    name = ctx.session.db.cat.namespaces.get(nsp)
    return bool(name is not None and name.name.startswith("pg_temp_") and nsp != ctx.session._temp_nsp)


@builtin("pg_get_expr", ctx=True)
def pg_get_expr(ctx, tree, relid):
    return pg_get_expr_ext(ctx, tree, relid, False)


@builtin("pg_get_expr_ext", ctx=True)
def pg_get_expr_ext(ctx, tree, relid, pretty):
    from pgref.catalog.ruleutils import expr_def
    return expr_def(ctx.session.db.cat, tree, relid, bool(pretty), ctx)


@builtin("pg_get_constraintdef", ctx=True)
def pg_get_constraintdef(ctx, conid):
    return pg_get_constraintdef_ext(ctx, conid, False)


@builtin("pg_get_constraintdef_ext", ctx=True)
def pg_get_constraintdef_ext(ctx, conid, pretty):
    from pgref.catalog.ruleutils import constraint_def
    return constraint_def(ctx.session.db.cat, conid, ctx.session.search_path(), bool(pretty))


@builtin("pg_get_triggerdef", ctx=True)
def pg_get_triggerdef(ctx, trigid):
    from pgref.engine.triggercmds import trigger_def     # spec/09-engine.md, "Triggers"
    return trigger_def(ctx.session, trigid, False)


@builtin("pg_trigger_depth", ctx=True)
def pg_trigger_depth(ctx):
    """How many trigger functions are running (executor/triggers.py)."""
    return ctx.session.__dict__.get("trigger_depth", 0)


@builtin("pg_get_triggerdef_ext", ctx=True)
def pg_get_triggerdef_ext(ctx, trigid, pretty):
    from pgref.engine.triggercmds import trigger_def
    return trigger_def(ctx.session, trigid, bool(pretty))


@builtin("pg_get_indexdef", ctx=True)
def pg_get_indexdef(ctx, indexid):
    from pgref.catalog.ruleutils import index_def
    return index_def(ctx.session.db.cat, indexid, ctx.session.search_path())


@builtin("pg_get_indexdef_ext", ctx=True)
def pg_get_indexdef_ext(ctx, indexid, column, pretty):
    from pgref.catalog.ruleutils import index_def
    return index_def(ctx.session.db.cat, indexid, ctx.session.search_path(), column, bool(pretty))


@builtin("pg_get_viewdef", ctx=True)
def pg_get_viewdef(ctx, relid):
    return pg_get_viewdef_ext(ctx, relid, False)


@builtin("pg_get_viewdef_ext", ctx=True)
def pg_get_viewdef_ext(ctx, relid, pretty):
    from pgref.catalog.querydeparse import view_definition
    return view_definition(ctx.session, relid, bool(pretty))


@builtin("pg_get_viewdef_wrap", ctx=True)
def pg_get_viewdef_wrap(ctx, relid, wrap):
    return pg_get_viewdef_ext(ctx, relid, True)


@builtin("pg_get_viewdef_name", ctx=True)
def pg_get_viewdef_name(ctx, name):
    return pg_get_viewdef_name_ext(ctx, name, False)


@builtin("pg_get_viewdef_name_ext", ctx=True)
def pg_get_viewdef_name_ext(ctx, name, pretty):
    from pgref.types import oids as T
    from pgref.types.registry import type_input
    relid = type_input(ctx, T.REGCLASSOID, name)
    return pg_get_viewdef_ext(ctx, relid, pretty)


@builtin("pg_get_function_arguments", ctx=True)
def pg_get_function_arguments(ctx, funcid):
    """The argument list of a built-in (names and modes as pg_proc has
    them; default expressions of built-ins are not shown)."""
    p = _any_proc(ctx, funcid)
    if p is None:
        return None
    return _function_arguments(ctx, p, with_defaults=True)


@builtin("pg_get_function_identity_arguments", ctx=True)
def pg_get_function_identity_arguments(ctx, funcid):
    """The argument list without defaults (PostgreSQL 15 keeps the OUT
    arguments in it)."""
    p = _any_proc(ctx, funcid)
    return None if p is None else _function_arguments(ctx, p, with_defaults=False)


def _function_arguments(ctx, p, with_defaults: bool) -> str:
    from pgref.catalog.ruleutils import builtin_arg_defaults
    cat = ctx.session.db.cat
    types = p.allargtypes or p.argtypes
    modes = p.argmodes or ("i",) * len(types)
    names = p.argnames or ("",) * len(types)
    defaults = builtin_arg_defaults(p.argdefaults) if with_defaults and p.argdefaults else []
    if with_defaults and getattr(p, "defaults", None):
        from pgref.engine.functions import default_texts     # user routines
        defaults = default_texts(ctx.session, p)
    first_default = p.nargs - len(defaults)     # defaults belong to the last input arguments
    # ordered-set and hypothetical-set aggregates: "direct args ORDER BY aggregated args"
    order_by_at = -1
    if p.kind == "a":
        from pgref.catalog import sysrels
        agg = next((a for a in sysrels.g_pg_aggregate(ctx.session) if a["aggfnoid"] == p.oid), None)
        if agg is not None and agg["aggkind"] in ("o", "h"):
            order_by_at = agg["aggnumdirectargs"]
    args = [(t, m, n) for t, m, n in zip(types, modes, names) if m != "t"]
    out = ""
    printed = inputs = 0
    i = 0
    while i < len(args):
        t, m, n = args[i]
        if printed == order_by_at:
            out += " ORDER BY " if printed else "ORDER BY "
        elif printed:
            out += ", "
        prefix = {"o": "OUT ", "b": "INOUT ", "v": "VARIADIC "}.get(m, "")
        if m == "i" and p.kind == "p":
            prefix = "IN "          # procedures mark every mode (print_function_arguments)
        text = prefix + (quote_ident_name(n) + " " if n else "") + cat.format_type(t)
        if m in ("i", "b", "v"):
            if defaults and inputs >= first_default:
                text += " DEFAULT " + defaults[inputs - first_default]
            inputs += 1
        out += text
        printed += 1
        # a hypothetical-set aggregate's VARIADIC "any" stands on both sides
        # of ORDER BY: PostgreSQL prints it twice
        if printed == order_by_at and i == len(args) - 1 and m == "v":
            order_by_at = -2
            out += " ORDER BY " + text
        i += 1
    return out


def quote_ident_name(name: str) -> str:
    from pgref.types.registry import quote_identifier
    return quote_identifier(name)


@builtin("pg_get_function_result", ctx=True)
def pg_get_function_result(ctx, funcid):
    p = _any_proc(ctx, funcid)
    if p is None:
        return None
    if p.kind == "p":
        return None
    cat = ctx.session.db.cat
    modes = p.argmodes or ()
    if p.retset and "t" in modes:
        cols = [f"{quote_ident_name(n)} {cat.format_type(t)}"
                for t, m, n in zip(p.allargtypes, modes, p.argnames) if m == "t"]
        return f"TABLE({', '.join(cols)})"
    return ("SETOF " if p.retset else "") + cat.format_type(p.rettype)


def _superuser_privilege(*args):
    """has_*_privilege: the only role is the bootstrap superuser, who holds
    every privilege on every object."""
    return True


# (table and schema privileges read the stored ACLs: engine/grant.py)
# (column, any_column and sequence privileges too; pg_has_role reads roles)
for _kind in ("database", "language", "tablespace",
              "type", "foreign_data_wrapper", "server"):
    for _sfx in ("_name_name", "_name_id", "_id_name", "_id_id", "_name", "_id",
                 "_name_name_name", "_name_name_attnum", "_name_id_name", "_name_id_attnum",
                 "_id_name_name", "_id_name_attnum", "_id_id_name", "_id_id_attnum",
                 "_name_attnum", "_id_attnum"):
        builtin(f"has_{_kind}_privilege{_sfx}")(_superuser_privilege)


# pg_has_role: membership (auth/roles.py), read by engine/grant.py


@builtin("PG_encoding_to_char")
def pg_encoding_to_char(encoding):
    return {0: "SQL_ASCII", 6: "UTF8"}.get(encoding, "")


def _relation_files(session, relid: int) -> list[int]:
    """The relfilenodes behind a relation oid (table or index)."""
    cat = session.db.cat
    rel = cat.relations.get(relid)
    if rel is not None:
        return [rel.relfilenode] if rel.relfilenode else []
    for r in cat.relations.values():
        for i in r.indexes:
            if i.oid == relid:
                return [i.relfilenode] if i.relfilenode else []
        if r.toast_oid and relid in (r.toast_oid, r.toast_index_oid):
            # a TOAST relation is a companion file of its owner (access/common/toast.py)
            from pgref.access.common.toast import TOAST_HEAP_FILE, TOAST_INDEX_FILE
            return [r.relfilenode + (TOAST_HEAP_FILE if relid == r.toast_oid else TOAST_INDEX_FILE)]
    return []


def _file_bytes(session, relfilenode: int) -> int:
    db = session.db
    rf = db.relfile(relfilenode)
    return db.bm.nblocks(rf) * 8192 if db.bm.exists(rf) else 0


def _known_relation(session, relid: int) -> bool:
    from pgref.catalog import sysrels
    return bool(_relation_files(session, relid)) or relid in session.db.cat.relations or \
        relid in sysrels.system_relations()


@builtin("pg_relation_is_updatable", ctx=True)
def pg_relation_is_updatable(ctx, relid, include_triggers):
    # automatically updatable views (analyzer/viewupdate.py)
    from pgref.analyzer.viewupdate import relation_events
    return relation_events(ctx.session, relid, include_triggers)


@builtin("pg_column_is_updatable", ctx=True)
def pg_column_is_updatable(ctx, relid, attnum, include_triggers):
    from pgref.analyzer.viewupdate import column_updatable
    return column_updatable(ctx.session, relid, attnum, include_triggers)


@builtin("pg_relation_size", ctx=True)
def pg_relation_size(ctx, relid, fork):
    s = ctx.session
    if not _known_relation(s, relid):
        return None
    if fork != "main":
        if fork not in ("fsm", "vm", "init"):
            raise PgError("22023", "invalid fork name",
                          hint='Valid fork names are "main", "fsm", "vm", and "init".')
        return 0
    return sum(_file_bytes(s, f) for f in _relation_files(s, relid))


@builtin("pg_table_size", ctx=True)
def pg_table_size(ctx, relid):
    s = ctx.session
    if not _known_relation(s, relid):
        return None
    files = _relation_files(s, relid)
    rel = s.db.cat.relations.get(relid)
    if rel is not None and rel.toast_oid:        # calculate_table_size counts the TOAST relation too
        files = files + _relation_files(s, rel.toast_oid) + _relation_files(s, rel.toast_index_oid)
    return sum(_file_bytes(s, f) for f in files)


@builtin("pg_indexes_size", ctx=True)
def pg_indexes_size(ctx, relid):
    s = ctx.session
    rel = s.db.cat.relations.get(relid)
    if rel is None:
        return None if not _known_relation(s, relid) else 0
    return sum(_file_bytes(s, i.relfilenode) for i in rel.indexes if i.relfilenode)


@builtin("pg_total_relation_size", ctx=True)
def pg_total_relation_size(ctx, relid):
    t = pg_table_size(ctx, relid)
    return None if t is None else t + pg_indexes_size(ctx, relid)


def _size_pretty(size: int) -> str:
    """PostgreSQL's pg_size_pretty: bytes below 10240, then kB, MB, GB, TB,
    PB, each unit taken while the value is >= 20 * 1024 half-rounded."""
    units = ["bytes", "kB", "MB", "GB", "TB", "PB"]
    limit = 10 * 1024
    limit2 = limit * 2 - 1
    if abs(size) < limit:
        return f"{size} bytes"
    size >>= 9                              # half-kB, keep one extra bit for rounding
    for unit in units[1:]:
        if abs(size) < limit2 or unit == "PB":
            # half_rounded(): C division truncates toward zero
            half = (size + 1) // 2 if size >= 0 else -((-size + 1) // 2)
            return f"{half} {unit}"
        size >>= 10
    raise AssertionError("unreachable")


@builtin("pg_size_pretty")
def pg_size_pretty(size):
    return _size_pretty(size)


@builtin("pg_get_statisticsobjdef",
         "pg_get_statisticsobjdef_columns", "pg_get_statisticsobjdef_expressions")
def pg_get_absent_objectdef(oid, pretty=False):
    """Definitions of object kinds pgref cannot have (extended
    statistics, partition keys): like PostgreSQL for an OID that names no
    such object, NULL."""
    return None


@builtin("pg_get_ruledef", ctx=True)
def pg_get_ruledef(ctx, ruleoid):
    return pg_get_ruledef_ext(ctx, ruleoid, False)


@builtin("pg_get_ruledef_ext", ctx=True)
def pg_get_ruledef_ext(ctx, ruleoid, pretty):
    """make_ruledef for the only rules pgref has, a view's ON SELECT rule
    "_RETURN" (pg_rewrite.oid is the view's OID + 1, catalog/sysrels.py);
    NULL for any other OID."""
    from pgref.catalog.querydeparse import quote_ident, view_definition
    cat = ctx.session.db.cat
    for rel in list(cat.relations.values()):
        for rule in rel.rules:
            if rule.oid == ruleoid:           # a CREATE RULE rule (planner/rewrite_deparse.py)
                from pgref.planner.rewrite_deparse import rule_definition
                return rule_definition(ctx.session, rel, rule, bool(pretty))
    view = cat.relations.get(ruleoid - 1)
    if view is None or view.kind != "v":
        return None
    name = quote_ident(view.name)
    if not pretty or view.namespace not in ctx.session.search_path():    # PRETTYFLAG_SCHEMA
        name = quote_ident(cat.namespace_name(view.namespace)) + "." + name
    return ('CREATE RULE "_RETURN" AS\n    ON SELECT TO ' + name + " DO INSTEAD "
            + view_definition(ctx.session, view.oid, bool(pretty)))


@builtin("pg_get_partkeydef", ctx=True)
def pg_get_partkeydef(ctx, relid):
    """The partition key of a partitioned table (catalog/partbounds.py); NULL otherwise."""
    from pgref.catalog.partbounds import partkey_def
    rel = ctx.session.db.cat.relations.get(relid)
    return None if rel is None or rel.partkey is None else partkey_def(ctx.session.db.cat, rel)


@builtin("pg_get_partition_constraintdef", ctx=True)
def pg_get_partition_constraintdef(ctx, relid):
    """A partition's implied constraint, ancestors' included; NULL otherwise."""
    from pgref.catalog.partbounds import constraint_text
    rel = ctx.session.db.cat.relations.get(relid)
    return None if rel is None else constraint_text(ctx.session, rel)


@builtin("pg_relation_is_publishable", ctx=True)
def pg_relation_is_publishable(ctx, relid):
    """PostgreSQL's is_publishable_class: a permanent user table."""
    rel = ctx.session.db.cat.relations.get(relid)
    if rel is None:
        from pgref.catalog import sysrels
        return False if relid in sysrels.system_relations() else None
    return rel.kind == "r" and rel.persistence == "p"


def _partition_chain(cat, relid):
    """``relid`` and its partitioned ancestors, nearest first (get_partition_ancestors)."""
    rel = cat.relations.get(relid)
    out = []
    while rel is not None:
        out.append(rel.oid)
        if rel.partbound is None or not rel.parents:
            break
        rel = cat.relations.get(rel.parents[0])
    return out


def _in_partition_tree(rel) -> bool:
    return rel is not None and (rel.partkey is not None or rel.partbound is not None)


@builtin("pg_partition_ancestors", ctx=True)
def pg_partition_ancestors(ctx, relid):
    """setof regclass: the relation and the partitioned tables above it
    (spec/09-engine.md, "Declarative partitioning"); no rows for a relation
    that is neither a partition nor partitioned."""
    cat = ctx.session.db.cat
    if not _in_partition_tree(cat.relations.get(relid)):
        return iter(())
    return iter(_partition_chain(cat, relid))


@builtin("pg_partition_root", ctx=True)
def pg_partition_root(ctx, relid):
    cat = ctx.session.db.cat
    if not _in_partition_tree(cat.relations.get(relid)):
        return None
    return _partition_chain(cat, relid)[-1]


@builtin("pg_partition_tree", ctx=True)
def pg_partition_tree(ctx, relid):
    """(relid, parentrelid, isleaf, level) for the relation and every
    partition below it, breadth first."""
    from pgref.catalog.inheritance import inheritance_children
    cat = ctx.session.db.cat
    rel = cat.relations.get(relid)
    if not _in_partition_tree(rel):
        return iter(())
    out = []
    queue = [(rel, rel.parents[0] if rel.partbound is not None and rel.parents else None, 0)]
    while queue:
        r, parent, level = queue.pop(0)
        out.append((r.oid, parent, r.partkey is None, level))
        if r.partkey is not None:
            queue.extend((cat.relations[c], r.oid, level + 1) for c in inheritance_children(cat, r.oid))
    return iter(out)


# SQL-language built-ins whose bodies are queries (not inlinable) are
# implemented natively, keyed "sql:<pg_proc oid>"; they read the comments
# pg_description / pg_shdescription would hold.
def _comment(session, objoid: int, classoid: int, subid: int):
    from pgref.catalog import sysrels
    if objoid < 16384 and classoid != 1262:
        return sysrels.builtin_descriptions().get((objoid, classoid, subid))
    gen = sysrels.g_pg_shdescription(session) if classoid in (1262, 1260) else sysrels.g_pg_description(session)
    for d in gen:
        if d["objoid"] == objoid and d["classoid"] == classoid and d.get("objsubid", 0) == subid:
            return d["description"]
    return None


_CATALOG_OIDS = {"pg_class": 1259, "pg_namespace": 2615, "pg_proc": 1255, "pg_type": 1247,
                 "pg_constraint": 2606, "pg_database": 1262, "pg_authid": 1260, "pg_tablespace": 1213,
                 "pg_am": 2601, "pg_operator": 2617, "pg_cast": 2605, "pg_language": 2612,
                 "pg_collation": 3456, "pg_opclass": 2616, "pg_opfamily": 2753, "pg_rewrite": 2618,
                 "pg_trigger": 2620, "pg_extension": 3079}


@builtin("sql:1215", ctx=True)
def obj_description(ctx, objoid, catalog):
    classoid = _CATALOG_OIDS.get(catalog)
    return None if classoid is None else _comment(ctx.session, objoid, classoid, 0)


@builtin("sql:1348", ctx=True)
def obj_description_any(ctx, objoid):
    """obj_description(oid): deprecated one-argument form, any catalog."""
    for classoid in _CATALOG_OIDS.values():
        c = _comment(ctx.session, objoid, classoid, 0)
        if c is not None:
            return c
    return None


@builtin("sql:1216", ctx=True)
def col_description(ctx, relid, attnum):
    return _comment(ctx.session, relid, 1259, attnum)


@builtin("sql:1993", ctx=True)
def shobj_description(ctx, objoid, catalog):
    classoid = _CATALOG_OIDS.get(catalog)
    return None if classoid is None else _comment(ctx.session, objoid, classoid, 0)


@builtin("pg_tablespace_location")
def pg_tablespace_location(oid):
    return ""


# ---------------------------------------------------------------- set-returning

@builtin("sql:13208")
def information_schema_pg_expandarray(arr):
    """information_schema._pg_expandarray(anyarray, OUT x anyelement, OUT n
    int): a native stand-in for the SQL function initdb creates (pg_proc
    OID 13208): for each subscript s of the first dimension the element
    ``$1[s]`` and its position ``s - array_lower($1, 1) + 1``.  JDBC's
    getPrimaryKeys and getIndexInfo expand pg_index.indkey with it."""
    from pgref.types.io.record import TypedRecord
    if not arr.dims:
        return iter(())
    n = arr.dims[0]
    one_dim = len(arr.dims) == 1
    types = (arr.elemtype, 23)
    return iter(TypedRecord((arr.elements[i] if one_dim else None, i + 1), types) for i in range(n))


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

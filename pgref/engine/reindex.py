"""REINDEX and ALTER INDEX ... SET / RESET (storage parameters of an index).

Where it sits: ``engine/`` utility commands (spec/09-engine.md, "REINDEX"),
dispatched by ``engine/utility.py``.  It follows PostgreSQL 15's
``ExecReindex`` (commands/indexcmds.c) for the checks and messages, and
rebuilds an index the way ``reindex_index`` does: the index gets a brand-new
relation file (a new relfilenode) filled from the table's rows by
``ddl.fill_index`` -- the same builder CREATE INDEX uses, so partial and
hash indexes are rebuilt with their predicate and access method.  The old
file is only scheduled for deletion at commit (``note_dropped_file``) and
the new one for deletion at abort (``note_new_file``), so a rolled-back
REINDEX leaves the index exactly as it was (INV-ENG-REINDEX-1).

What it guarantees:

1. The checks run in PostgreSQL's order: CONCURRENTLY, SCHEMA, SYSTEM and
   DATABASE, and any REINDEX of a partitioned table or index, refuse to run
   in a transaction block (25001); ``REINDEX INDEX`` needs an index and
   ``REINDEX TABLE`` a table or materialized view (42809); system catalogs
   cannot be reindexed concurrently (0A000).
2. A table without indexes gives PostgreSQL's NOTICE; ``(VERBOSE)`` gives
   one INFO per rebuilt index.
3. CONCURRENTLY rebuilds the same way: pgref runs one statement at a time
   under the cluster's statement lock, so no other session can observe the
   intermediate state that PostgreSQL's concurrent build has to manage.

Differences from PostgreSQL: pgref's system catalogs are computed, not
stored, and have no index files, so REINDEX of a catalog, of SYSTEM, or of a
catalog index is accepted and does nothing.  pgref keeps no catalog rows for
catalog indexes; a name is taken as a catalog index when it is ``pg_*_index``
with a catalog table's name as prefix (e.g. ``pg_class_oid_index``), and
``pg_toast.pg_toast_<catalog oid>[_index]`` as a catalog TOAST relation.
The TABLESPACE option is not supported.

Entry points: reindex(session, stmt), alter_index_options(session, stmt),
index_reloptions(defs, am, existing, reset).
"""
from __future__ import annotations

from pgref.errors import (FEATURE_NOT_SUPPORTED, PgError, SYNTAX_ERROR, UNDEFINED_TABLE,
                          WRONG_OBJECT_TYPE)
from pgref.sql import ast as A

ACTIVE_SQL_TRANSACTION = "25001"


def _notice(session, message: str, severity: str = "NOTICE", sqlstate: str = "00000",
            detail: str | None = None) -> None:
    session.notices.append(PgError(sqlstate, message, detail=detail, severity=severity))


def _prevent_in_block(session, what: str, context: str | None = None) -> None:
    """PreventInTransactionBlock: an explicit block, or the implicit block of
    a multi-statement query string."""
    if session.xact is not None and (not session.implicit or getattr(session, "in_multi_statement", False)):
        raise PgError(ACTIVE_SQL_TRANSACTION, f"{what} cannot run inside a transaction block", context=context)


def _options(stmt) -> tuple[bool, bool]:
    """(verbose, concurrently) from the option list (ExecReindex)."""
    from pgref.engine.reloptions import def_string, parse_bool
    verbose = concurrently = False
    for d in stmt.params:
        name = d.defname.lower()
        if name in ("verbose", "concurrently"):
            value = True if d.arg is None else parse_bool(def_string(d.arg))
            if value is None:
                raise PgError("22023", f"{name} requires a Boolean value")
            if name == "verbose":
                verbose = value
            else:
                concurrently = value
        elif name == "tablespace":
            raise PgError(FEATURE_NOT_SUPPORTED, "REINDEX (TABLESPACE) is not supported")
        else:
            pos = d.location + 1 if getattr(d, "location", None) is not None and d.location >= 0 else None
            raise PgError(SYNTAX_ERROR, f'unrecognized REINDEX option "{d.defname}"', position=pos)
    return verbose, concurrently


def reindex(session, stmt: A.ReindexStmt):
    from pgref.engine.session import Result
    verbose, concurrently = _options(stmt)
    if concurrently:
        _prevent_in_block(session, "REINDEX CONCURRENTLY")
    if stmt.kind == "index":
        _reindex_index(session, stmt.relation, verbose, concurrently)
    elif stmt.kind == "table":
        _reindex_table(session, stmt.relation, verbose, concurrently)
    else:
        _prevent_in_block(session, "REINDEX " + stmt.kind.upper())
        _reindex_multiple(session, stmt.kind, stmt.name, verbose, concurrently)
    return Result("REINDEX")


# -- resolving names -------------------------------------------------------------------

def _is_catalog_table(session, rel) -> bool:
    from pgref.catalog.catalog import PG_CATALOG
    return getattr(rel, "system", False) or rel.namespace == PG_CATALOG


def _catalog_names() -> set[str]:
    from pgref.catalog.sysrels import by_name
    return {name for (_nsp, name) in by_name()}


def _catalog_toast(session, rv) -> str | None:
    """'table' or 'index' when ``rv`` names a catalog's TOAST table or its
    index (pg_toast.pg_toast_<oid>[_index]), else None."""
    if rv.schemaname != "pg_toast" or not rv.relname.startswith("pg_toast_"):
        return None
    rest = rv.relname[len("pg_toast_"):]
    kind = "table"
    if rest.endswith("_index"):
        rest, kind = rest[:-len("_index")], "index"
    if not rest.isdigit():
        return None
    from pgref.catalog.sysrels import by_name
    if any(getattr(r, "oid", None) == int(rest) for r in by_name().values()):
        return kind
    return None


def _catalog_index_name(session, rv) -> bool:
    """Is ``rv`` a catalog index name (pgref keeps none; see the docstring)?"""
    if rv.schemaname not in (None, "pg_catalog"):
        return False
    name = rv.relname
    if not (name.startswith("pg_") and name.endswith("_index")):
        return False
    return any(name.startswith(t + "_") for t in _catalog_names())


def _undefined(rv) -> PgError:
    qual = f"{rv.schemaname}.{rv.relname}" if rv.schemaname else rv.relname
    return PgError(UNDEFINED_TABLE, f'relation "{qual}" does not exist')


def _check_schema(session, rv) -> None:
    if rv.schemaname is not None and session.db.cat.namespace_oid(rv.schemaname) is None:
        raise PgError("3F000", f'schema "{rv.schemaname}" does not exist')


# -- REINDEX INDEX ---------------------------------------------------------------------

def _reindex_index(session, rv, verbose: bool, concurrently: bool) -> None:
    from pgref.engine import ddl
    cat = session.db.cat
    _check_schema(session, rv)
    found = ddl._lookup_index(session, rv)
    if found is None:
        if _catalog_toast(session, rv) == "index" or _catalog_index_name(session, rv):
            if concurrently:
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot reindex system catalogs concurrently")
            return                    # catalogs have no index files in pgref
        rel = cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())
        if rel is not None or _catalog_toast(session, rv) == "table":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rv.relname}" is not an index')
        raise _undefined(rv)
    rel, idx = found
    if rel.partkey is not None:
        # ReindexPartitions: each partition's index in its own transaction
        _prevent_in_block(session, "REINDEX INDEX", context="while reindexing partitioned index "
                          f'"{cat.namespace_name(rel.namespace)}.{idx.name}"')
        for part, pidx in _partition_indexes(session, rel, idx):
            rebuild_index(session, part, pidx, verbose, concurrently)
        return
    rebuild_index(session, rel, idx, verbose, concurrently)


def _partition_indexes(session, rel, idx):
    """The indexes of ``rel``'s leaf partitions that match ``idx`` (pgref
    keeps no pg_inherits rows between indexes: they are matched by column
    names, uniqueness, order and access method, as ensure_index makes them)."""
    from pgref.catalog.inheritance import find_all_inheritors
    cat = session.db.cat
    names = [rel.columns[a - 1].name for a in idx.columns]
    for oid in find_all_inheritors(cat, rel.oid):
        part = cat.relations[oid]
        if part.oid == rel.oid or part.partkey is not None:
            continue
        cols = [part.column(n).attnum if part.column(n) is not None else None for n in names]
        for pidx in part.indexes:
            if pidx.columns == cols and pidx.unique == idx.unique and pidx.am == idx.am \
                    and pidx.descending == idx.descending:
                yield part, pidx
                break


# -- REINDEX TABLE ---------------------------------------------------------------------

def _reindex_table(session, rv, verbose: bool, concurrently: bool) -> None:
    from pgref.engine import ddl
    cat = session.db.cat
    _check_schema(session, rv)
    rel = cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())
    if rel is None:
        if _catalog_toast(session, rv) == "table":
            if concurrently:
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot reindex system catalogs concurrently")
            return
        if ddl._lookup_index(session, rv) is not None or _catalog_toast(session, rv) == "index":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rv.relname}" is not a table or materialized view')
        raise _undefined(rv)
    if rel.kind not in ("r", "m", "t", "p"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{rv.relname}" is not a table or materialized view')
    if _is_catalog_table(session, rel):
        if concurrently:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot reindex system catalogs concurrently")
        return                        # computed catalogs: nothing stored to rebuild
    if rel.partkey is not None:
        _prevent_in_block(session, "REINDEX TABLE", context="while reindexing partitioned table "
                          f'"{cat.namespace_name(rel.namespace)}.{rel.name}"')
        from pgref.catalog.inheritance import find_all_inheritors
        leaves = [cat.relations[o] for o in find_all_inheritors(cat, rel.oid)
                  if cat.relations[o].partkey is None]
        if not any(p.indexes for p in leaves):
            _notice(session, f'table "{rel.name}" has no indexes to reindex' if not concurrently else
                    f'table "{rel.name}" has no indexes that can be reindexed concurrently')
            return
        for part in leaves:
            for idx in list(part.indexes):
                rebuild_index(session, part, idx, verbose, concurrently)
        return
    if not reindex_relation(session, rel, verbose, concurrently):
        _notice(session, f'table "{rel.name}" has no indexes to reindex' if not concurrently else
                f'table "{rel.name}" has no indexes that can be reindexed concurrently')


def reindex_relation(session, rel, verbose: bool = False, concurrently: bool = False) -> bool:
    """Rebuild every index of ``rel``; False when it has none."""
    if not rel.indexes:
        return False
    for idx in list(rel.indexes):
        rebuild_index(session, rel, idx, verbose, concurrently)
    if verbose and concurrently:
        _notice(session, f'table "{session.db.cat.namespace_name(rel.namespace)}.{rel.name}" was reindexed',
                severity="INFO", detail="CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s.")
    return True


def rebuild_index(session, rel, idx, verbose: bool = False, concurrently: bool = False) -> None:
    """reindex_index: a new relfilenode for ``idx`` built from ``rel``'s
    rows; the old file goes at commit, the new one at abort
    (INV-ENG-REINDEX-1).  A unique violation raises 23505 and, the
    statement failing, the transaction's abort keeps the old file."""
    from pgref.engine.ddl import _new_storage, fill_index
    cat = session.db.cat
    session.before_ddl()
    old = idx.relfilenode
    if old:
        session.note_dropped_file(old)
    idx.relfilenode = cat.new_oid()
    _new_storage(session, idx.relfilenode)
    cat.changed()
    fill_index(session, rel, idx)
    if verbose:
        # ReindexRelationConcurrently reports schema-qualified names, and the
        # timing once per table (reindex_relation_verbose_done)
        if concurrently:
            _notice(session, f'index "{cat.namespace_name(rel.namespace)}.{idx.name}" was reindexed',
                    severity="INFO")
        else:
            _notice(session, f'index "{idx.name}" was reindexed', severity="INFO",
                    detail="CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s")


# -- REINDEX SCHEMA / SYSTEM / DATABASE ------------------------------------------------

def _reindex_multiple(session, kind: str, name: str, verbose: bool, concurrently: bool) -> None:
    """ReindexMultipleTables."""
    from pgref.catalog.catalog import PG_CATALOG
    cat = session.db.cat
    if kind == "schema":
        nsp = cat.namespace_oid(name)
        if nsp is None:
            raise PgError("3F000", f'schema "{name}" does not exist')
        if concurrently and nsp == PG_CATALOG:
            _notice(session, "cannot reindex system catalogs concurrently, skipping all",
                    severity="WARNING", sqlstate="0A000")
            return
        rels = [r for r in cat.relations.values() if r.namespace == nsp]
    else:
        if kind == "system" and concurrently:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot reindex system catalogs concurrently")
        if name != session.db.dbname:
            raise PgError(FEATURE_NOT_SUPPORTED, "can only reindex the currently open database")
        if kind == "system":
            return                    # catalogs have no index files in pgref
        rels = list(cat.relations.values())
    for rel in sorted(rels, key=lambda r: r.oid):
        if rel.kind not in ("r", "m") or rel.partkey is not None or _is_catalog_table(session, rel):
            continue
        if getattr(rel, "persistence", "p") == "t" and rel.namespace not in session.search_path():
            continue                  # other sessions' temporary tables
        reindex_relation(session, rel, verbose, concurrently)


# -- ALTER INDEX ... SET / RESET ---------------------------------------------------------

def index_reloptions(defs, am: str, existing: list[str] | None = None,
                     reset: bool = False, alter: bool = False) -> list[str] | None:
    """The validated option list of an index of access method ``am`` after
    ``defs`` (CREATE INDEX ... WITH / ALTER INDEX SET / RESET): an index
    accepts no namespace, and only its access method's options
    (engine/reloptions.py INDEX_RELOPTS).  None when empty."""
    from pgref.engine import reloptions as R
    named = {d.defname for d in defs if d.defnamespace is None}
    out = [item for item in existing or () if item.partition("=")[0] not in named]
    for d in defs:
        if reset:
            if d.arg is not None:
                raise PgError(SYNTAX_ERROR, "RESET must not include values for parameters")
            continue
        if d.defnamespace is not None:
            if alter and d.defnamespace == "toast":
                continue          # ATExecSetRelOptions accepts heap namespaces; an index ignores them
            raise PgError(R.INVALID_PARAMETER_VALUE, f'unrecognized parameter namespace "{d.defnamespace}"')
        out.append(f"{d.defname}={R.def_string(d.arg)}")
    table = R.INDEX_RELOPTS.get(am, {})
    seen = set()
    for item in out:
        key, _, text = item.partition("=")
        opt = table.get(key)
        if opt is None:
            raise PgError(R.INVALID_PARAMETER_VALUE, f'unrecognized parameter "{key}"')
        if key in seen:
            raise PgError(R.INVALID_PARAMETER_VALUE, f'parameter "{key}" specified more than once')
        seen.add(key)
        R.validate_value(opt, text)
    return out or None


def is_index_options_stmt(stmt) -> bool:
    return isinstance(stmt, A.AlterTableStmt) and stmt.objtype == "index" and bool(stmt.cmds) and all(
        c.subtype in ("set_rel_options", "reset_rel_options") for c in stmt.cmds)


def alter_index_options(session, stmt):
    """ALTER INDEX [IF EXISTS] name SET (...) / RESET (...)."""
    from pgref.engine import ddl
    from pgref.engine.session import Result
    session.before_ddl()
    _check_schema(session, stmt.relation)
    found = ddl._lookup_index(session, stmt.relation)
    if found is None:
        rel = session.db.cat.lookup_relation(stmt.relation.schemaname, stmt.relation.relname,
                                             session.search_path())
        if rel is not None:
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not an index')
        if stmt.missing_ok:
            ddl.notice(session, f'relation "{stmt.relation.relname}" does not exist, skipping')
            return Result("ALTER INDEX")
        raise _undefined(stmt.relation)
    rel, idx = found
    options = idx.reloptions
    for cmd in stmt.cmds:
        defs = tuple(cmd.def_ or ())
        options = index_reloptions(defs, idx.am, options, reset=cmd.subtype == "reset_rel_options",
                                   alter=True)
    idx.reloptions = options
    session.db.cat.changed()
    return Result("ALTER INDEX")

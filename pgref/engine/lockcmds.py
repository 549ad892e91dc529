"""LOCK [TABLE] [ONLY] name [*] [, ...] [IN lockmode MODE] [NOWAIT]
(PostgreSQL's commands/lockcmds.c).

Where it sits: ``engine/`` utility commands (spec/09-engine.md, "LOCK"),
dispatched by ``engine/utility.py``; the locks themselves live in
``mvcc/tablelock.py`` (spec/08-mvcc.md, "Table locks") and are held until
the transaction ends.

What it guarantees, in PostgreSQL's order:

1. LOCK outside a transaction block fails with 25P01 "LOCK TABLE can only
   be used in transaction blocks" (RequireTransactionBlock; the implicit
   block of a multi-statement query string counts as a block).
2. Each name must be a table, a partitioned table or a view: a missing one
   gives 42P01, any other kind 42809 "cannot lock relation" with
   PostgreSQL's DETAIL for the kind.
3. The named relation is locked in the requested mode (default ACCESS
   EXCLUSIVE); without ONLY its inheritance children and partitions are
   locked too (LockTableRecurse); a view locks, recursively, every relation
   its query reads, stopping at a view already on the path (LockViewRecurse).
4. NOWAIT turns a conflict into 55P03 'could not obtain lock on relation
   "x"'; otherwise the statement waits, honouring cancel requests.

Differences from PostgreSQL: privileges are not checked (pgref has no SET
ROLE yet, so the current user is the owner/superuser), and other
statements take no table locks yet (mvcc/tablelock.py).

Entry point: lock_tables(session, stmt) -> Result.
"""
from __future__ import annotations

import dataclasses

from pgref.errors import PgError, WRONG_OBJECT_TYPE
from pgref.mvcc.tablelock import table_locks
from pgref.sql import ast as A

NO_ACTIVE_SQL_TRANSACTION = "25P01"

_KIND_DETAIL = {"S": "sequences", "i": "indexes", "m": "materialized views", "c": "composite types",
                "t": "TOAST tables", "f": "foreign tables"}


def lock_tables(session, stmt: A.LockStmt):
    from pgref.engine.session import Result
    # RequireTransactionBlock (1)
    if session.xact is None or (session.implicit and not getattr(session, "in_multi_statement", False)):
        raise PgError(NO_ACTIVE_SQL_TRANSACTION, "LOCK TABLE can only be used in transaction blocks")
    for rv in stmt.relations:
        rel = _resolve(session, rv)
        _lock(session, rel, stmt.mode, stmt.nowait)
        if rel.kind == "v":
            _lock_view(session, rel, stmt.mode, stmt.nowait, [rel.oid])
        elif rv.inh:
            _lock_children(session, rel, stmt.mode, stmt.nowait)
    return Result("LOCK TABLE")


def _resolve(session, rv):
    """RangeVarGetRelidExtended with RangeVarCallbackForLockTable (2)."""
    from pgref.engine import ddl
    cat = session.db.cat
    rel = cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())
    if rel is None:
        if ddl._lookup_index(session, rv) is not None:
            raise _not_lockable(rv.relname, "i")
        if rv.schemaname is None or cat.namespace_oid(rv.schemaname) is not None:
            composite = _composite_type(session, rv)
            if composite:
                raise _not_lockable(rv.relname, "c")
        return ddl.lookup_rel(session, rv)       # raises 3F000 / 42P01
    kind = "p" if rel.kind == "r" and rel.partkey is not None else rel.kind
    if kind not in ("r", "p", "v"):
        raise _not_lockable(rv.relname, kind)
    return rel


def _composite_type(session, rv) -> bool:
    from pgref.catalog.typedefs import composite_class_rows
    cat = session.db.cat
    nsps = [cat.namespace_oid(rv.schemaname)] if rv.schemaname else session.search_path()
    return any(t.name == rv.relname and t.namespace in nsps for t, _td in composite_class_rows(cat))


def _not_lockable(name: str, kind: str) -> PgError:
    what = _KIND_DETAIL.get(kind, "this kind of relation")
    return PgError(WRONG_OBJECT_TYPE, f'cannot lock relation "{name}"',
                   detail=f"This operation is not supported for {what}.")


def _lock(session, rel, mode: int, nowait: bool) -> None:
    table_locks(session.db.cluster).acquire(session, session.db.dboid, rel.oid, mode, rel.name, nowait,
                                            check_cancel=getattr(session, "_check_cancel", None))


def _lock_children(session, rel, mode: int, nowait: bool) -> None:
    """LockTableRecurse: every inheritance child and partition, at any depth."""
    from pgref.catalog.inheritance import find_all_inheritors
    cat = session.db.cat
    for oid in find_all_inheritors(cat, rel.oid):
        if oid != rel.oid and oid in cat.relations:
            _lock(session, cat.relations[oid], mode, nowait)


def _lock_view(session, view, mode: int, nowait: bool, ancestors: list[int]) -> None:
    """LockViewRecurse: lock what the view's query reads; a view already on
    the path (a self-referential definition) is not entered again."""
    cat = session.db.cat
    for rv in _range_vars(view.view_query):
        rel = cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())
        if rel is None or rel.oid in ancestors:
            continue
        if rel.kind not in ("r", "v"):
            continue
        _lock(session, rel, mode, nowait)
        if rel.kind == "v":
            _lock_view(session, rel, mode, nowait, ancestors + [rel.oid])
        elif rv.inh:
            _lock_children(session, rel, mode, nowait)


def _range_vars(node) -> list:
    """The table references (RangeVar) of a raw query tree, in FROM lists,
    subqueries and sublinks; names of the query's own CTEs are left out."""
    out: list = []
    ctes: set[str] = set()

    def walk(n):
        if isinstance(n, A.RangeVar):
            if n.schemaname is not None or n.relname not in ctes:
                out.append(n)
            return
        if isinstance(n, (list, tuple)):
            for x in n:
                walk(x)
            return
        if not dataclasses.is_dataclass(n) or isinstance(n, type):
            return
        w = getattr(n, "with_clause", None)
        if w is not None:
            for cte in getattr(w, "ctes", ()):
                name = getattr(cte, "ctename", None)
                if name:
                    ctes.add(name)
        for f in dataclasses.fields(n):
            walk(getattr(n, f.name))

    walk(node)
    return out


def held_locks(session) -> list[tuple[int, str, object]]:
    """The table locks live in the session's database (for pg_locks)."""
    return table_locks(session.db.cluster).held(session.db.dboid)

"""User-defined functions and procedures as ``pg_proc`` rows.

Where it sits: ``catalog/`` (spec/12-functions.md, "Catalog rows").  A
CREATE FUNCTION / PROCEDURE adds a :class:`UserProc` to
``Catalog.user_procs``; it is a :class:`~pgref.catalog.builtin.ProcRow`
(so overload resolution, the executor and ``pg_proc`` queries treat built-in
and user functions alike) plus the columns only user functions need:
``probin``, the SQL-standard body (``prosqlbody``), the raw DEFAULT
expressions, and the options PostgreSQL keeps (security definer, leakproof,
parallel, cost, rows, support, proconfig).

Invariants (spec/12-functions.md):
  INV-FUNC-1  ``argtypes`` are the input arguments (IN, INOUT, VARIADIC);
              ``allargtypes``/``argmodes`` are set only when some argument is
              not IN (as PostgreSQL); ``nargdefaults == len(defaults)`` and the
              defaults belong to the last input arguments.
  INV-FUNC-2  In one namespace no two routines share a name and input
              argument types (checked by CREATE, ALTER ... RENAME / SET
              SCHEMA).

Entry points:
    UserProc                        the row
    visible_procs(cat, name, schema, search_path) -> list[ProcRow]
    pg_proc_rows(cat)               the rows ``pg_proc`` shows for them
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pgref.catalog.builtin import ProcRow

BOOTSTRAP_SUPERUSER = 10
LANG_INTERNAL, LANG_C, LANG_SQL = 12, 13, 14


@dataclass(frozen=True, slots=True)
class UserProc(ProcRow):
    owner: int = BOOTSTRAP_SUPERUSER
    probin: str | None = None          # C: the library path as written
    sqlbody: Any = None                # SQL-standard body: ReturnStmt or tuple of statements
    defaults: tuple = ()               # raw ASTs of the DEFAULT expressions (trailing inputs)
    secdef: bool = False
    leakproof: bool = False
    parallel: str = "u"
    cost: float = 100.0
    rows: float = 0.0
    support: int = 0
    config: tuple = ()                 # proconfig: 'name=value' strings
    text: str = ""                     # the CREATE statement (for error context)
    depends: tuple = ()                # (("rel" | "func", oid), ...) pg_depend 'n' entries
    agg: Any = None                    # kind 'a': the pg_aggregate columns (engine/aggregatecmds.py)
    acl: tuple | None = None           # proacl (aclitem texts; None = default; engine/grant.py)


def visible_procs(cat, name: str, schema: str | None, search_path: list[int] | None,
                  builtins: list) -> list:
    """The routines a call of ``name`` can mean (FuncnameGetCandidates): with
    a schema, those in it; otherwise those in the search path (pg_catalog
    first unless the path names it), a routine hiding any later one with the
    same input argument types."""
    from pgref.catalog.catalog import PG_CATALOG
    users = [p for p in cat.user_procs.values() if p.name == name]
    if schema is not None:
        nsp = cat.namespace_oid(schema)
        if nsp is None:
            return []
        mine = [p for p in users if p.namespace == nsp]
        return (list(builtins) + mine) if nsp == PG_CATALOG else mine
    if not users:
        return list(builtins)
    if search_path is None:
        return list(builtins) + users
    spaces = [n for n in search_path
              if not (cat.namespaces.get(n) is not None and cat.namespaces[n].name.startswith("pg_temp_"))]
    if PG_CATALOG not in spaces:
        spaces.insert(0, PG_CATALOG)
    out, seen = [], set()
    for nsp in spaces:
        here = (list(builtins) if nsp == PG_CATALOG else []) + [p for p in users if p.namespace == nsp]
        for p in here:
            if p.argtypes in seen:
                continue
            out.append(p)
        seen.update(p.argtypes for p in here)
    return out


# ======================================================================= pg_proc rows
def pg_proc_rows(cat):
    """The ``pg_proc`` rows of the user routines (catalog/sysrels.py)."""
    from pgref.types import oids as T
    from pgref.types.values import PgArray
    for p in cat.user_procs.values():
        yield {
            "oid": p.oid, "proname": p.name, "pronamespace": p.namespace, "proowner": p.owner,
            "prolang": p.lang, "procost": p.cost, "prorows": p.rows, "provariadic": p.variadic,
            "prosupport": p.support, "prokind": p.kind, "prosecdef": p.secdef, "proleakproof": p.leakproof,
            "proisstrict": p.strict, "proretset": p.retset, "provolatile": p.volatile, "proparallel": p.parallel,
            "pronargs": p.nargs, "pronargdefaults": p.nargdefaults, "prorettype": p.rettype,
            "proargtypes": PgArray(list(p.argtypes), [len(p.argtypes)] if p.argtypes else [],
                                   [0] if p.argtypes else [], T.OIDOID),
            "proallargtypes": PgArray.from_list(list(p.allargtypes), T.OIDOID) if p.allargtypes else None,
            "proargmodes": PgArray.from_list(list(p.argmodes), T.CHAROID) if p.argmodes else None,
            "proargnames": PgArray.from_list(list(p.argnames), T.TEXTOID) if p.argnames else None,
            "proargdefaults": None, "protrftypes": None,
            "prosrc": p.prosrc if p.sqlbody is None else "", "probin": p.probin,
            "prosqlbody": None, "proconfig": PgArray.from_list(list(p.config), T.TEXTOID) if p.config else None,
            "proacl": None if getattr(p, "acl", None) is None else PgArray.from_list(list(p.acl), 1033),
        }

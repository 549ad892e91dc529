"""Name scopes while analyzing one query level (PostgreSQL's ParseState).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Name resolution").  A
:class:`ParseState` holds the range table being built for one SELECT (or
INSERT/UPDATE/DELETE) and the *namespace*: which range-table entries a bare
or qualified column name may refer to.  Scopes nest: a subquery's state has
its parent as ``parent``, and a column found ``n`` levels up becomes a Var
with ``levelsup = n`` (a correlated reference).

Visibility follows PostgreSQL's ParseNamespaceItem flags:
    cols_visible  -- an unqualified column name may resolve here
    rel_visible   -- ``name.column`` may use this item's name
A JOIN adds its own item (the merged USING columns come first) with columns
visible, and keeps its inputs for qualified references only; an aliased JOIN
hides its inputs' names altogether.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pgref.analyzer.nodes import Aggref, Expr, Query, RangeTblEntry, Var
from pgref.errors import (AMBIGUOUS_COLUMN, DUPLICATE_ALIAS, UNDEFINED_COLUMN,
                          UNDEFINED_TABLE, PgError)


@dataclass
class NamespaceItem:
    rtindex: int
    refname: str | None
    cols_visible: bool = True
    rel_visible: bool = True
    lateral_only: bool = False


@dataclass
class ParseState:
    parent: "ParseState | None" = None
    rtable: list[RangeTblEntry] = field(default_factory=list)
    namespace: list[NamespaceItem] = field(default_factory=list)
    ctes: dict[str, Query] = field(default_factory=dict)
    cte_colnames: dict[str, list[str]] = field(default_factory=dict)
    # aggregate bookkeeping for this level
    aggs: list[Aggref] = field(default_factory=list)
    agg_allowed: str | None = None       # None ok; else the clause name that forbids them
    in_agg_arg: bool = False
    has_sublinks: bool = False
    sublinks: list[Any] = field(default_factory=list)
    # for INSERT ... ON CONFLICT: EXCLUDED
    target_rtindex: int = 0

    def add_rte(self, rte: RangeTblEntry) -> int:
        self.rtable.append(rte)
        return len(self.rtable)

    def rte(self, rtindex: int) -> RangeTblEntry:
        return self.rtable[rtindex - 1]

    def check_duplicate_names(self, items: list[NamespaceItem]) -> None:
        """42712 'table name "x" specified more than once' (checkNameSpaceConflicts)."""
        seen: set[str] = set()
        for it in items:
            if it.refname is None or not it.rel_visible:
                continue
            if it.refname in seen:
                raise PgError(DUPLICATE_ALIAS, f'table name "{it.refname}" specified more than once')
            seen.add(it.refname)

    def find_cte(self, name: str) -> tuple[Query, int, list[str]] | None:
        level, ps = 0, self
        while ps is not None:
            if name in ps.ctes:
                return ps.ctes[name], level, ps.cte_colnames.get(name, [])
            ps, level = ps.parent, level + 1
        return None


def make_var(ps: ParseState, rtindex: int, attno: int, levelsup: int, location: int = -1) -> Expr:
    rte = ps.rte(rtindex)
    if rte.kind == "join" and rte.joinvars is not None:
        expr = rte.joinvars[attno - 1]
        if isinstance(expr, Var) and location >= 0:
            from dataclasses import replace
            expr = replace(expr, location=location)
        return _raise_levels(expr, levelsup) if levelsup else expr
    rte.requiredcols.add(attno)
    return Var(rtindex, attno, rte.coltypes[attno - 1], rte.coltypmods[attno - 1], levelsup, location)


def _raise_levels(expr: Expr, levelsup: int) -> Expr:
    """A join alias expression seen from ``levelsup`` levels down."""
    from dataclasses import fields, replace
    if isinstance(expr, Var):
        return replace(expr, levelsup=expr.levelsup + levelsup)
    changes = {}
    for f in fields(expr):
        v = getattr(expr, f.name)
        if isinstance(v, Expr):
            changes[f.name] = _raise_levels(v, levelsup)
        elif isinstance(v, tuple) and v and all(isinstance(x, Expr) for x in v):
            changes[f.name] = tuple(_raise_levels(x, levelsup) for x in v)
    return replace(expr, **changes) if changes else expr


def resolve_column(ps: ParseState, name: str, location: int) -> Expr:
    """An unqualified column name, searched outward through the scopes."""
    level, cur = 0, ps
    while cur is not None:
        found: tuple[int, int] | None = None
        for item in cur.namespace:
            if not item.cols_visible:
                continue
            rte = cur.rte(item.rtindex)
            hits = [i for i, c in enumerate(rte.colnames) if c == name]
            if len(hits) > 1 or (hits and found is not None):
                raise PgError(AMBIGUOUS_COLUMN, f'column reference "{name}" is ambiguous',
                              position=location + 1 if location >= 0 else None)
            if hits:
                found = (item.rtindex, hits[0] + 1)
        if found is not None:
            return make_var(cur, found[0], found[1], level, location)
        cur, level = cur.parent, level + 1
    raise PgError(UNDEFINED_COLUMN, f'column "{name}" does not exist',
                  position=location + 1 if location >= 0 else None)


def find_relation_item(ps: ParseState, refname: str, schema: str | None,
                       location: int) -> tuple[ParseState, NamespaceItem, int] | None:
    level, cur = 0, ps
    while cur is not None:
        match = None
        for item in cur.namespace:
            if not item.rel_visible or item.refname != refname:
                continue
            rte = cur.rte(item.rtindex)
            if schema is not None and rte.kind == "relation" and rte.alias != refname:
                continue
            if match is not None:
                raise PgError("42P09",
                              f'table reference "{refname}" is ambiguous',
                              position=location + 1 if location >= 0 else None)
            match = item
        if match is not None:
            return cur, match, level
        cur, level = cur.parent, level + 1
    return None


def resolve_qualified(ps: ParseState, refname: str, colname: str, location: int,
                      schema: str | None = None) -> Expr:
    hit = find_relation_item(ps, refname, schema, location)
    if hit is None:
        raise missing_from_entry(ps, refname, location)
    cur, item, level = hit
    rte = cur.rte(item.rtindex)
    for i, c in enumerate(rte.colnames):
        if c == colname:
            return make_var(cur, item.rtindex, i + 1, level, location)
    raise PgError(UNDEFINED_COLUMN, f"column {refname}.{colname} does not exist",
                  position=location + 1 if location >= 0 else None)


def missing_from_entry(ps: ParseState, refname: str, location: int) -> PgError:
    """errorMissingRTE: when a table is in FROM under an alias, PostgreSQL
    says "invalid reference" and hints at the alias."""
    from pgref.errors import UNDEFINED_TABLE
    cur = ps
    while cur is not None:
        for item in cur.namespace:
            rte = cur.rte(item.rtindex)
            if rte.kind == "relation" and item.rel_visible and item.refname != refname and \
                    getattr(rte, "relname", None) == refname:
                return PgError(UNDEFINED_TABLE, f'invalid reference to FROM-clause entry for table "{refname}"',
                               hint=f'Perhaps you meant to reference the table alias "{item.refname}".',
                               position=location + 1 if location >= 0 else None)
        cur = cur.parent
    return PgError(UNDEFINED_TABLE, f'missing FROM-clause entry for table "{refname}"',
                   position=location + 1 if location >= 0 else None)

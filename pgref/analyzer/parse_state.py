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
    last_srf: int = -2                   # location of the latest set-returning call (p_last_srf)
    in_agg_arg: bool = False
    has_sublinks: bool = False
    sublinks: list[Any] = field(default_factory=list)
    # for INSERT ... ON CONFLICT: EXCLUDED
    target_rtindex: int = 0
    # a FROM subquery that is not LATERAL cannot see its query level's
    # columns (parent skips that level) but does see its WITH queries
    cte_outer: "ParseState | None" = None

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
            if ps.cte_outer is not None:
                found = ps.cte_outer.find_cte(name)
                if found is not None:
                    return found[0], level + 1 + found[1], found[2]
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


# PostgreSQL's system attribute numbers (sysattr.h) and their types
# (spec/07-executor.md, "System columns")
SYSTEM_COLUMNS = {"ctid": -1, "xmin": -2, "cmin": -3, "xmax": -4, "cmax": -5, "tableoid": -6}
SYSTEM_COLUMN_TYPES = {-1: 27, -2: 28, -3: 29, -4: 28, -5: 29, -6: 26}     # tid, xid, cid, oid


def system_column_var(ps: ParseState, rtindex: int, name: str, levelsup: int, location: int) -> Expr:
    """``t.ctid``, ``t.xmin``, ... ``t.tableoid``: values from the heap tuple
    header (and the table a row comes from: a parent's scan covers its
    inheritance children, so tableoid can differ from row to row)."""
    attno = SYSTEM_COLUMNS[name]
    rte = ps.rte(rtindex)
    rte.requiredcols.add(attno)
    return Var(rtindex, attno, SYSTEM_COLUMN_TYPES[attno], -1, levelsup, location)


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
            if not hits and name in SYSTEM_COLUMNS and rte.kind == "relation":
                hits = [SYSTEM_COLUMNS[name] - 1]
            if len(hits) > 1 or (hits and found is not None):
                raise PgError(AMBIGUOUS_COLUMN, f'column reference "{name}" is ambiguous',
                              position=location + 1 if location >= 0 else None)
            if hits:
                found = (item.rtindex, hits[0] + 1)
        if found is not None:
            if found[1] < 0:
                return system_column_var(cur, found[0], name, level, location)
            return make_var(cur, found[0], found[1], level, location)
        cur, level = cur.parent, level + 1
    raise missing_column(ps, None, name, location)


def find_relation_item(ps: ParseState, refname: str, schema: str | None,
                       location: int, relid: int | None = None) -> tuple[ParseState, NamespaceItem, int] | None:
    """refnameNamespaceItem: the nearest entry named ``refname``; with a
    schema, only an unaliased entry for that schema's relation (``relid``,
    when the caller resolved it) matches."""
    level, cur = 0, ps
    while cur is not None:
        match = None
        for item in cur.namespace:
            if not item.rel_visible or item.refname != refname:
                continue
            rte = cur.rte(item.rtindex)
            if schema is not None and rte.kind == "relation" and rte.alias != refname:
                continue
            if schema is not None and relid is not None and rte.relid != relid:
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
                      schema: str | None = None, relid: int | None = None) -> Expr:
    hit = find_relation_item(ps, refname, schema, location, relid)
    if hit is None:
        raise missing_from_entry(ps, refname, location)
    cur, item, level = hit
    rte = cur.rte(item.rtindex)
    for i, c in enumerate(rte.colnames):
        if c == colname:
            return make_var(cur, item.rtindex, i + 1, level, location)
    if colname in SYSTEM_COLUMNS and rte.kind == "relation":
        return system_column_var(cur, item.rtindex, colname, level, location)
    raise missing_column(ps, refname, colname, location)


MAX_FUZZY_DISTANCE = 3


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def missing_column(ps: ParseState, relname: str | None, colname: str, location: int) -> PgError:
    """errorMissingColumn(): 42703, with PostgreSQL's hint naming the
    closest column of any range table entry in scope (searchRangeTableForCol:
    Levenshtein distance at most 3 and at most half the name, a mistyped
    table alias adding its own distance; two equally close columns are both
    named, more are not), or saying that a column of that exact name exists
    but cannot be referenced from here."""
    best = MAX_FUZZY_DISTANCE + 1
    first: tuple[str, str] | None = None
    second: tuple[str, str] | None = None
    exact: str | None = None
    cur = ps
    while cur is not None and exact is None:
        for rte in cur.rtable:
            if rte.kind == "join":
                continue
            alias = rte.alias or rte.relname
            penalty = 0 if relname is None else min(_levenshtein(relname, alias), MAX_FUZZY_DISTANCE + 1)
            if colname in rte.colnames and penalty == 0:
                exact = alias
                break
            if penalty > best:
                continue
            for actual in rte.colnames:
                if actual == "":
                    continue                  # a dropped column
                d = _levenshtein(actual, colname)
                if d > len(colname) // 2:
                    continue
                d += penalty
                if d < best:
                    best, first, second = d, (alias, actual), None
                elif d == best:
                    if second is not None:    # three equally close: none is useful
                        first = second = None
                        best = d - 1
                    elif first is not None:
                        second = (alias, actual)
                    elif best <= MAX_FUZZY_DISTANCE:
                        first = (alias, actual)
        cur = cur.parent
    message = f"column {relname}.{colname} does not exist" if relname is not None \
        else f'column "{colname}" does not exist'
    hint = None
    if exact is not None:
        hint = (f'There is a column named "{colname}" in table "{exact}", but it cannot be referenced '
                "from this part of the query.")
    elif first is not None and second is not None:
        hint = (f'Perhaps you meant to reference the column "{first[0]}.{first[1]}" or the column '
                f'"{second[0]}.{second[1]}".')
    elif first is not None:
        hint = f'Perhaps you meant to reference the column "{first[0]}.{first[1]}".'
    return PgError(UNDEFINED_COLUMN, message, hint=hint, position=location + 1 if location >= 0 else None)


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
    # an entry of that name that is out of scope here (a LATERAL-less
    # subquery in FROM, a JOIN ... ON naming a later table):
    # searchRangeTableForRel finds it in any enclosing range table
    cur = ps
    while cur is not None:
        for rte in cur.rtable:
            if rte.kind != "join" and (rte.alias == refname or (rte.kind == "relation" and rte.relname == refname)):
                return PgError(UNDEFINED_TABLE, f'invalid reference to FROM-clause entry for table "{refname}"',
                               hint=f'There is an entry for table "{rte.alias or rte.relname}", but it cannot '
                                    "be referenced from this part of the query.",
                               position=location + 1 if location >= 0 else None)
        # a FROM subquery's scope skips its own query level (cte_outer), whose
        # range table searchRangeTableForRel still searches (MERGE's source)
        cur = cur.parent if cur.parent is not None else cur.cte_outer
    return PgError(UNDEFINED_TABLE, f'missing FROM-clause entry for table "{refname}"',
                   position=location + 1 if location >= 0 else None)


def table_parse_state(rel) -> ParseState:
    """A parse state whose only FROM item is table ``rel`` (RTE 1): the
    scope of CHECK constraints, index predicates and partition keys."""
    ps = ParseState()
    rte = RangeTblEntry("relation", rel.name, [c.name if not c.dropped else "" for c in rel.columns],
                        [c.typ for c in rel.columns], [c.typmod for c in rel.columns],
                        relid=rel.oid, relkind="r")
    ps.add_rte(rte)
    ps.namespace.append(NamespaceItem(1, rel.name))
    return ps

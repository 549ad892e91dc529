"""Views: CREATE [OR REPLACE] VIEW, the stored query tree, and what a view
depends on (PostgreSQL's view.c DefineView plus the parts of
dependency.c / ruleutils.c that concern views).

Where it sits: ``engine/`` (spec/09-engine.md, "Views").  ``ddl.py`` routes
ViewStmt here; the analyzer (analyzer/query.py ``view_query``) expands a
view reference through :func:`instantiate`, and pg_get_viewdef
(catalog/querydeparse.py) prints :func:`instantiate`'s result too.

What it guarantees:

* A view stores its *analyzed* query (``Relation.view_tree``), as
  PostgreSQL stores the rewritten query in pg_rewrite: relations are held
  by OID and columns by attribute number, so renaming a table or a column
  under a view, adding columns to it, or moving it to another schema does
  not change what the view means (INV-ENGINE-VIEW-1).  ``SELECT *`` is
  expanded once, at CREATE VIEW.
* :func:`instantiate` hands out a private copy with every relation entry's
  names brought up to date from the catalog (an unaliased entry follows its
  table's new name) and every view referenced inside re-expanded from that
  view's current definition (INV-ENGINE-VIEW-2).
* Dependencies are recorded at the column level (a column a view reads
  cannot be dropped without CASCADE) and on constraints (a view whose
  GROUP BY relies on a primary key's functional dependency keeps that key
  from being dropped), as recordDependencyOnExpr / constraintDeps do
  (INV-ENGINE-VIEW-3).
* CREATE OR REPLACE VIEW may only add columns at the end; names, types,
  typmods and collations of existing columns must stay (checkViewColumns).
* View options (security_barrier, security_invoker, check_option) are
  validated and kept in ``Relation.reloptions``.

Entry points: :func:`create_view`, :func:`instantiate`,
:func:`relations_used`, :func:`column_used`, :func:`constraint_dependents`.
"""
from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass

from pgref.analyzer import nodes as N
from pgref.catalog.catalog import Column, Relation
from pgref.engine.session import Result
from pgref.errors import (DUPLICATE_COLUMN, DUPLICATE_TABLE, FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                          INVALID_TABLE_DEFINITION, SYNTAX_ERROR, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

# collation OIDs (pg_collation.dat)
DEFAULT_COLLATION_OID = 100
C_COLLATION_OID = 950
POSIX_COLLATION_OID = 951
_COLLATION_OIDS = {"default": DEFAULT_COLLATION_OID, "C": C_COLLATION_OID, "POSIX": POSIX_COLLATION_OID}
_COLLATION_NAMES = {v: k for k, v in _COLLATION_OIDS.items()}


# ====================================================================== view options
_VIEW_BOOL_OPTIONS = ("security_barrier", "security_invoker")


def view_reloptions(defs, check_option: str) -> list[str]:
    """transformRelOptions + view_reloptions(validate): the ``name=value``
    list of a view's WITH (...) plus WITH [LOCAL|CASCADED] CHECK OPTION."""
    from pgref.engine.reloptions import parse_bool, transform
    out = transform(None, tuple(defs or ()), None, False, False)
    seen = set()
    for item in out:
        name, _, text = item.partition("=")
        if name in _VIEW_BOOL_OPTIONS:
            if parse_bool(text) is None:
                raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for boolean option "{name}": {text}')
        elif name == "check_option":
            if text.lower() not in ("local", "cascaded"):
                raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for enum option "check_option": {text}',
                              detail='Valid values are "local" and "cascaded".')
        else:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{name}"')
        if name in seen:
            raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{name}" specified more than once')
        seen.add(name)
    if check_option != "no":
        out = [o for o in out if not o.startswith("check_option=")] + [f"check_option={check_option}"]
    return out


# ====================================================================== the stored tree
def _all_queries(root: N.Query):
    """Every Query in a tree (sub-selects in FROM and in expressions,
    WITH queries), each once."""
    seen: set[int] = set()
    out: list[N.Query] = []

    def visit(obj) -> None:
        if isinstance(obj, N.Query):
            if id(obj) in seen:
                return
            seen.add(id(obj))
            out.append(obj)
        if isinstance(obj, (list, tuple)):
            for x in obj:
                visit(x)
            return
        if isinstance(obj, dict):
            for x in obj.values():
                visit(x)
            return
        if is_dataclass(obj) and not isinstance(obj, type):
            for f in fields(obj):
                v = getattr(obj, f.name)
                if v is None or isinstance(v, (str, int, float, bool, set)):
                    continue
                visit(v)
    visit(root)
    return out


def analyze_view(session, raw, names: list[str]) -> N.Query:
    """The view's query analyzed once, output columns named as the view's
    columns, view references marked with the view's name."""
    from pgref.analyzer.modify import ModifyAnalyzer
    q = ModifyAnalyzer(session.expr_analyzer()).analyze_select(raw)
    i = 0
    for te in q.target_list:
        if not te.resjunk and i < len(names):
            te.name = names[i]
            i += 1
    cat = session.db.cat
    for sub in _all_queries(q):
        for rte in sub.rtable:
            if rte.kind == "subquery" and rte.relkind == "v" and rte.relid in cat.relations:
                rte.relname = cat.relations[rte.relid].name
                rte.created_names = [c.name for c in cat.relations[rte.relid].live_columns()]
            elif rte.kind == "relation" and rte.relid in cat.relations:
                # the column names of the time: an entry name still equal to
                # one of them was not an alias and follows later renames
                rte.created_names = [c.name if not c.dropped else "" for c in cat.relations[rte.relid].columns]
    return q


def _current_names(rte, now: list[str]) -> list[str]:
    """An entry's column names with renames applied, aliases kept."""
    was = rte.created_names
    if was is None:
        return now
    out = []
    for i, name in enumerate(now):
        if i < len(rte.colnames) and i < len(was) and rte.colnames[i] != was[i]:
            out.append(rte.colnames[i])        # FROM t AS x(alias, ...)
        else:
            out.append(name)
    return out


def instantiate(cat, rel: Relation, depth: int = 0) -> N.Query:
    """A private copy of a view's stored query with the catalog's current
    names (INV-ENGINE-VIEW-2)."""
    if depth > 100:
        raise PgError("42P17", f'infinite recursion detected in rules for relation "{rel.name}"')
    q = copy.deepcopy(rel.view_tree)
    for sub in _all_queries(q):
        for rte in sub.rtable:
            if rte.kind == "relation" and rte.relid in cat.relations:
                cur = cat.relations[rte.relid]
                if rte.alias == rte.relname:
                    rte.alias = cur.name
                rte.relname = cur.name
                rte.colnames = _current_names(rte, [c.name if not c.dropped else "" for c in cur.columns])
                rte.coltypes = [c.typ for c in cur.columns]
                rte.coltypmods = [c.typmod for c in cur.columns]
            elif rte.kind == "subquery" and rte.relkind == "v" and rte.relid in cat.relations:
                cur = cat.relations[rte.relid]
                if cur.view_tree is None:
                    continue
                if rte.alias == rte.relname:
                    rte.alias = cur.name
                rte.relname = cur.name
                ncols = len(rte.colnames)
                fresh = instantiate(cat, cur, depth + 1)
                rte.subquery = fresh
                live = cur.live_columns()
                # the view's current column names (ALTER VIEW ... RENAME COLUMN),
                # aliases kept; columns added later by CREATE OR REPLACE are not seen
                rte.colnames = _current_names(rte, [c.name for c in live])[:ncols]
                rte.coltypes = [c.typ for c in live][:max(ncols, 0)] or rte.coltypes
                rte.coltypmods = [c.typmod for c in live][:max(ncols, 0)] or rte.coltypmods
                _trim_targets(fresh, ncols)
    return q


def _trim_targets(q: N.Query, ncols: int) -> None:
    """A view referenced from another keeps the columns it had then
    (CREATE OR REPLACE may have appended more): later ones become junk."""
    n = 0
    for te in q.target_list:
        if te.resjunk:
            continue
        n += 1
        if n > ncols:
            te.resjunk = True


# ====================================================================== dependencies
def _var_refs(cat, root: N.Query):
    """(relid, attno) of every column of a plain relation the query reads,
    at any level; attno 0 for a whole-row reference."""
    out: set[tuple[int, int]] = set()
    rowtype_rels = {r.rowtype: r for r in cat.relations.values() if r.rowtype and r.kind in ("r", "p")}

    def walk_query(q: N.Query, stack: list[N.Query]) -> None:
        stack = stack + [q]
        for f in fields(q):
            if f.name in ("rtable", "ctes"):
                continue
            walk(getattr(q, f.name), stack)
        for rte in q.rtable:
            if rte.kind == "subquery" and rte.subquery is not None:
                walk_query(rte.subquery, stack)
            if rte.values_lists:
                walk(rte.values_lists, stack)
            if rte.func is not None:
                walk(rte.func, stack)
                # a function returning a table's row type: the stored entry
                # numbers that table's columns as they are now, so none of
                # them may be dropped under the view (stricter than
                # PostgreSQL, which tracks the columns used one by one)
                rel = rowtype_rels.get(getattr(rte.func, "typ", 0))
                if rel is not None:
                    out.add((rel.oid, 0))
        for sub in q.ctes.values():
            walk_query(sub, stack)

    def walk(obj, stack) -> None:
        if obj is None or isinstance(obj, (str, int, float, bool, set)):
            return
        if isinstance(obj, N.Query):
            walk_query(obj, stack)
            return
        if isinstance(obj, N.Var):
            if obj.levelsup < len(stack) and obj.varno >= 1:
                q = stack[-1 - obj.levelsup]
                if obj.varno <= len(q.rtable):
                    rte = q.rtable[obj.varno - 1]
                    if rte.kind == "relation" and rte.relid:
                        out.add((rte.relid, obj.varattno))
            return
        if isinstance(obj, (list, tuple)):
            for x in obj:
                walk(x, stack)
            return
        if isinstance(obj, dict):
            for x in obj.values():
                walk(x, stack)
            return
        if is_dataclass(obj) and not isinstance(obj, type):
            for f in fields(obj):
                walk(getattr(obj, f.name), stack)
    walk_query(root, [])
    return out


def _tree(session, view):
    tree = view.view_tree
    if tree is None and view.view_query is not None:
        # a view loaded from disk: analyze its stored statement once
        try:
            tree = analyze_view(session, view.view_query, [c.name for c in view.live_columns()])
        except PgError:
            return None
        view.view_tree = tree
    return tree


def relations_used(q: N.Query) -> list[int]:
    """OIDs of the relations (tables, views, sequences) a query reads, in
    order of first appearance."""
    out: list[int] = []
    for sub in _all_queries(q):
        for rte in sub.rtable:
            if rte.relid and rte.relid not in out:
                out.append(rte.relid)
    return out


def view_relations(session, view) -> list[int]:
    tree = _tree(session, view)
    return [] if tree is None else relations_used(tree)


def column_used(session, view, relid: int, attno: int) -> bool:
    """Does ``view`` read column ``attno`` of relation ``relid`` (a
    whole-row reference reads every column)?"""
    tree = _tree(session, view)
    if tree is None:
        return False
    refs = _var_refs(session.db.cat, tree)
    return (relid, attno) in refs or (relid, 0) in refs


def constraint_dependents(session, con) -> list:
    """Views whose query relies on constraint ``con`` (a primary key that
    makes grouped columns functionally dependent)."""
    out = []
    for other in session.db.cat.relations.values():
        if other.kind != "v":
            continue
        tree = _tree(session, other)
        if tree is None:
            continue
        if any(con.oid in q.constraint_deps for q in _all_queries(tree)):
            out.append(other)
    return out


def check_drop_constraint(session, rel, con, cascade: bool) -> None:
    """DROP CONSTRAINT when views depend on it: an error without CASCADE,
    else the views go too."""
    views = constraint_dependents(session, con)
    if not views:
        return
    if not cascade:
        detail = "\n".join(f"view {v.name} depends on constraint {con.name} on table {rel.name}" for v in views)
        raise PgError("2BP01", f"cannot drop constraint {con.name} on table {rel.name} because other objects "
                      "depend on it", detail=detail, hint="Use DROP ... CASCADE to drop the dependent objects too.")
    from pgref.engine.ddl import drop_relations
    drop_relations(session, [(v, "view") for v in views], True)


def check_alter_column_type(session, rel, col) -> None:
    """ALTER COLUMN TYPE is refused while a view reads the column
    (ATExecAlterColumnType's dependency scan)."""
    for other in session.db.cat.relations.values():
        if other.kind == "v" and column_used(session, other, rel.oid, col.attnum):
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot alter type of a column used by a view or rule",
                          detail=f'rule _RETURN on view {other.name} depends on column "{col.name}"')


# ====================================================================== CREATE VIEW
def _is_temp(cat, session, relid: int) -> bool:
    r = cat.relations.get(relid)
    if r is None:
        return False
    return r.persistence == "t" or r.namespace == getattr(session, "_temp_nsp", None)


def _expr_type(e) -> int:
    from pgref.analyzer.expr import expr_type
    return expr_type(e)


def _column_collations(session, raw, q: N.Query) -> list[int]:
    """Collations of the view's columns: COLLATE in the select list, or
    the collation of a plain table column the entry reads."""
    cat = session.db.cat
    targets = [te for te in q.target_list if not te.resjunk]
    raw_targets = list(getattr(raw, "target_list", None) or ())
    # raw select-list entries line up with output columns unless a * expands
    star = not raw_targets or any(isinstance(getattr(t, "val", None), A.ColumnRef)
                                  and any(isinstance(f, A.A_Star) for f in t.val.fields) for t in raw_targets)
    out = []
    for i, te in enumerate(targets):
        coll = 0
        if not star and i < len(raw_targets):
            val = getattr(raw_targets[i], "val", None)
            if isinstance(val, A.CollateClause):
                coll = _COLLATION_OIDS.get(val.collname[-1], DEFAULT_COLLATION_OID)
                if coll == DEFAULT_COLLATION_OID:
                    coll = 0            # the type's default collation, as a column stores it
        if not coll and isinstance(te.expr, N.Var) and te.expr.levelsup == 0 and q.set_op is None:
            rte = q.rtable[te.expr.varno - 1] if 0 < te.expr.varno <= len(q.rtable) else None
            if rte is not None and rte.kind == "relation" and rte.relid in cat.relations and te.expr.varattno > 0:
                cols = cat.relations[rte.relid].columns
                if te.expr.varattno <= len(cols):
                    coll = cols[te.expr.varattno - 1].collation
        out.append(coll)
    return out


def _coll_name(oid: int) -> str:
    return _COLLATION_NAMES.get(oid or DEFAULT_COLLATION_OID, str(oid))


def create_view(session, s: A.ViewStmt, text: str) -> Result:
    """DefineView: analyze the query, decide temporary-ness, check an
    existing view's columns on OR REPLACE, store the analyzed tree."""
    session.before_ddl()
    cat = session.db.cat
    rv = s.view
    options = view_reloptions(s.options, s.with_check_option)
    q = analyze_view(session, s.query, [])
    targets = [te for te in q.target_list if not te.resjunk]
    # DefineView: a view over a temporary relation is itself temporary
    temp = rv.relpersistence == "t" or rv.schemaname == "pg_temp"
    used = relations_used(q)
    if not temp and any(_is_temp(cat, session, r) for r in used):
        from pgref.engine.ddl import notice
        notice(session, f'view "{rv.relname}" will be a temporary view')
        temp = True
    if temp:
        if rv.schemaname is not None and rv.schemaname != "pg_temp":
            raise PgError(INVALID_TABLE_DEFINITION, "cannot create temporary relation in non-temporary schema")
        nsp = session.temp_namespace()
    else:
        nsp = session.creation_namespace(rv.schemaname, rv.location)
    names = [te.name if te.name is not None else "?column?" for te in targets]
    if s.aliases:
        if len(s.aliases) > len(names):
            raise PgError(SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns")
        names[:len(s.aliases)] = s.aliases
    seen = set()
    for n in names:
        if n in seen:
            raise PgError(DUPLICATE_COLUMN, f'column "{n}" specified more than once')
        seen.add(n)
    from pgref.analyzer.expr import expr_typmod
    types = [T.TEXTOID if _expr_type(te.expr) == T.UNKNOWNOID else _expr_type(te.expr) for te in targets]
    typmods = [expr_typmod(te.expr) for te in targets]
    colls = _column_collations(session, s.query, q)
    i = 0
    for te in q.target_list:
        if not te.resjunk:
            te.name = names[i]
            i += 1
    old = cat.relation_in(nsp, rv.relname)
    if old is not None:
        if not s.replace:
            raise PgError(DUPLICATE_TABLE, f'relation "{rv.relname}" already exists')
        if old.kind != "v":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rv.relname}" is not a view')
        oldcols = old.live_columns()
        if len(names) < len(oldcols):
            raise PgError(INVALID_TABLE_DEFINITION, "cannot drop columns from view")
        for c, n, t, m, co in zip(oldcols, names, types, typmods, colls):
            if c.name != n:
                raise PgError(INVALID_TABLE_DEFINITION, f'cannot change name of view column "{c.name}" to "{n}"',
                              hint="Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
            if c.typ != t or c.typmod != m:
                raise PgError(INVALID_TABLE_DEFINITION, f'cannot change data type of view column "{c.name}" from '
                              f"{cat.format_type(c.typ, c.typmod)} to {cat.format_type(t, m)}")
            if (c.collation or 0) != (co or 0):
                raise PgError(INVALID_TABLE_DEFINITION, f'cannot change collation of view column "{c.name}" from '
                              f'"{_coll_name(c.collation)}" to "{_coll_name(co)}"')
        rel = old
        start = len(oldcols)
        rel.columns = list(rel.columns) + [Column(len(rel.columns) + 1 + j, n, t, m)
                                           for j, (n, t, m) in enumerate(zip(names[start:], types[start:],
                                                                             typmods[start:]))]
        for c, co in zip(rel.columns[len(rel.columns) - (len(names) - start):], colls[start:]):
            c.collation = co
    else:
        rel = Relation(cat.new_oid(), rv.relname, nsp, "v", persistence="t" if temp else "p")
        cat.add_rowtype(rel)
        rel.columns = [Column(i + 1, n, t, m) for i, (n, t, m) in enumerate(zip(names, types, typmods))]
        for c, co in zip(rel.columns, colls):
            c.collation = co
    rel.view_query = s.query
    rel.view_tree = q
    rel.reloptions = options or None
    if old is None:
        cat.add_relation(rel)
    cat.changed()
    return Result("CREATE VIEW")

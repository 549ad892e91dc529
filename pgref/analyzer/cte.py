"""WITH queries: ordering, recursion checks, SEARCH/CYCLE, recursive analysis.

Where it sits: ``analyzer/`` beside ``query.py`` (spec/07-executor.md,
"WITH queries").  :meth:`QueryAnalyzer.transform_with` hands a raw
``WithClause`` to :func:`transform_with`, which does what PostgreSQL's
parse_cte.c and rewriteSearchCycle.c do:

1. Duplicate names are rejected (42712) before anything else.
2. For ``WITH RECURSIVE`` the items are put in an order without forward
   references (a topological sort of their cross-references, PostgreSQL's
   makeDependencyGraph); an item is *recursive* when it names itself.  A
   cycle between two or more items is 0A000 "mutual recursion between WITH
   items is not implemented" (INV-CTE-1).
3. Each recursive item must be ``non-recursive-term UNION [ALL]
   recursive-term`` with exactly one self-reference, in the recursive term,
   outside sub-queries, outer joins' nullable sides, INTERSECT ALL and
   EXCEPT; the same walk as checkWellFormedRecursion, with the same
   messages and positions (INV-CTE-2).  ORDER BY / OFFSET / LIMIT / FOR
   UPDATE on top of the UNION are 0A000.
4. ``SEARCH`` and ``CYCLE`` are rewritten on the raw tree, before analysis,
   into extra columns computed by the two terms (INV-CTE-3) -- the shape of
   rewriteSearchAndCycle: the non-recursive term becomes
   ``SELECT *TLOCRN*.*, <initial values> FROM (term) *TLOCRN*`` and the
   recursive term ``SELECT *TROCRN*.cols, <next values> FROM (term plus the
   work table's extra columns) *TROCRN*``.  A depth-first sequence is an
   array of ROW(search columns), breadth-first a ROW(depth, search columns)
   whose depth is ``int8inc`` of the previous one; a cycle is marked when
   ROW(cycle columns) already occurs in the path array, and marked rows are
   not expanded further.
5. A recursive item's column types are those of its non-recursive term
   (unknown becomes text); the UNION's common type of each column must be
   exactly that type and typmod (42804 otherwise).  ``UNION`` without ALL
   needs hashable column types, as PostgreSQL's RecursiveUnion does
   (0A000 "could not implement recursive UNION").

6. A reference to a WITH item records how many *run-time* query levels
   up its owner sits (:func:`runtime_cte_level`; a non-LATERAL FROM
   subquery is the same run-time level as its enclosing query), so the
   executor evaluates a correlated WITH query against the right outer rows.
   A data-modifying item without RETURNING cannot be read (0A000).

Entry points: :func:`transform_with` and :func:`transform_recursive_cte`,
both taking the calling :class:`~pgref.analyzer.query.QueryAnalyzer`;
:func:`check_cte_reference` and :func:`runtime_cte_level` for
``QueryAnalyzer.add_range_var``.
"""
from __future__ import annotations

import dataclasses

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.expr import expr_location, expr_type, expr_typmod, pos
from pgref.errors import (DATATYPE_MISMATCH, DUPLICATE_ALIAS, DUPLICATE_COLUMN, FEATURE_NOT_SUPPORTED,
                          INVALID_RECURSION, SYNTAX_ERROR, UNDEFINED_FUNCTION, UNDEFINED_TABLE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

_INT8INC = 1219          # pg_proc oid of int8inc(bigint)

# Contexts in which a self-reference is not allowed (parse_cte.c).
_OK, _NONRECURSIVE, _SUBLINK, _OUTERJOIN, _INTERSECT, _EXCEPT = range(6)
_RECURSION_MSG = {
    _NONRECURSIVE: 'recursive reference to query "{}" must not appear within its non-recursive term',
    _SUBLINK: 'recursive reference to query "{}" must not appear within a subquery',
    _OUTERJOIN: 'recursive reference to query "{}" must not appear within an outer join',
    _INTERSECT: 'recursive reference to query "{}" must not appear within INTERSECT',
    _EXCEPT: 'recursive reference to query "{}" must not appear within EXCEPT',
}

_MODIFYING = (A.InsertStmt, A.UpdateStmt, A.DeleteStmt)


def _children(node):
    """The direct sub-nodes of a raw node (PostgreSQL's raw_expression_tree_walker)."""
    if isinstance(node, tuple):
        for x in node:
            yield from _children_of_value(x)
        return
    for f in dataclasses.fields(node):
        yield from _children_of_value(getattr(node, f.name))


def _children_of_value(v):
    if isinstance(v, A.Node):
        yield v
    elif isinstance(v, tuple):
        for x in v:
            yield from _children_of_value(x)


def _colname(c) -> str:
    return c.sval if isinstance(c, A.String) else str(c)


# ------------------------------------------------------------ dependency order
class _DependencyWalker:
    """makeDependencyGraphWalker: which items each item names, honouring
    inner WITHs that hide a name."""

    def __init__(self, ctes):
        self.ctes = ctes
        self.names = [c.ctename for c in ctes]
        self.depends: list[set[int]] = [set() for _ in ctes]
        self.recursive = [False] * len(ctes)
        self.cur = 0
        self.inner: list[list[str]] = []

    def walk(self, node) -> None:
        if node is None:
            return
        if isinstance(node, A.RangeVar):
            if node.schemaname is None and not any(node.relname in w for w in self.inner):
                if node.relname in self.names:
                    i = self.names.index(node.relname)
                    if i == self.cur:
                        self.recursive[i] = True
                    else:
                        self.depends[self.cur].add(i)
            return
        if isinstance(node, A.WithClause):
            return                      # only reached under the owning statement below
        w = getattr(node, "with_clause", None) if isinstance(node, A.Node) else None
        if isinstance(w, A.WithClause):
            if w.recursive:
                self.inner.insert(0, [c.ctename for c in w.ctes])
                for c in w.ctes:
                    self.walk(c.ctequery)
            else:
                self.inner.insert(0, [])
                for c in w.ctes:
                    self.walk(c.ctequery)
                    self.inner[0].append(c.ctename)
            for child in _children(node):
                self.walk(child)
            self.inner.pop(0)
            return
        for child in _children(node):
            self.walk(child)


def order_with_items(ctes) -> list[tuple[A.CommonTableExpr, bool]]:
    """WITH RECURSIVE items in a safe analysis order, each with whether it
    refers to itself (INV-CTE-1)."""
    dw = _DependencyWalker(ctes)
    for i, c in enumerate(ctes):
        dw.cur = i
        dw.walk(c.ctequery)
    items = list(range(len(ctes)))
    deps = [set(d) for d in dw.depends]
    for i in range(len(items)):
        for j in range(i, len(items)):
            if not deps[items[j]]:
                break
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, "mutual recursion between WITH items is not implemented",
                          position=pos(ctes[items[i]].location))
        items[i], items[j] = items[j], items[i]
        for k in items[i + 1:]:
            deps[k].discard(items[i])
    return [(ctes[i], dw.recursive[i]) for i in items]


# ------------------------------------------------------------ well-formedness
class _RecursionChecker:
    """checkWellFormedRecursionWalker for one recursive item."""

    def __init__(self, name: str):
        self.name = name
        self.inner: list[list[str]] = []
        self.selfrefs = 0
        self.context = _OK

    def walk(self, node) -> None:
        if node is None:
            return
        save = self.context
        if isinstance(node, A.RangeVar):
            if node.schemaname is None and node.relname == self.name \
                    and not any(node.relname in w for w in self.inner):
                if self.context != _OK:
                    raise PgError(INVALID_RECURSION, _RECURSION_MSG[self.context].format(self.name),
                                  position=pos(node.location))
                self.selfrefs += 1
                if self.selfrefs > 1:
                    raise PgError(INVALID_RECURSION, f'recursive reference to query "{self.name}" must not '
                                  "appear more than once", position=pos(node.location))
            return
        if isinstance(node, A.WithClause):
            return
        if isinstance(node, A.SelectStmt):
            w = node.with_clause
            if w is not None:
                if w.recursive:
                    self.inner.insert(0, [c.ctename for c in w.ctes])
                    for c in w.ctes:
                        self.walk(c.ctequery)
                else:
                    self.inner.insert(0, [])
                    for c in w.ctes:
                        self.walk(c.ctequery)
                        self.inner[0].append(c.ctename)
                self._select(node)
                self.inner.pop(0)
            else:
                self._select(node)
            return
        if isinstance(node, A.JoinExpr):
            jt = node.jointype
            if jt == "left":
                self.walk(node.larg)
                if save == _OK:
                    self.context = _OUTERJOIN
                self.walk(node.rarg)
                self.context = save
            elif jt == "full":
                if save == _OK:
                    self.context = _OUTERJOIN
                self.walk(node.larg)
                self.walk(node.rarg)
                self.context = save
            elif jt == "right":
                if save == _OK:
                    self.context = _OUTERJOIN
                self.walk(node.larg)
                self.context = save
                self.walk(node.rarg)
            else:
                self.walk(node.larg)
                self.walk(node.rarg)
            self.walk(node.quals)
            return
        if isinstance(node, A.SubLink):
            self.context = _SUBLINK
            self.walk(node.subselect)
            self.context = save
            self.walk(node.testexpr)
            return
        for child in _children(node):
            self.walk(child)

    def _select(self, stmt: A.SelectStmt) -> None:
        """checkWellFormedSelectStmt: a SelectStmt without its WITH."""
        save = self.context
        plain = dataclasses.replace(stmt, with_clause=None)
        if save != _OK or stmt.op in (None, "union"):
            for child in _children(plain):
                self.walk(child)
            return
        if stmt.op == "intersect":
            if stmt.all:
                self.context = _INTERSECT
            self.walk(stmt.larg)
            self.walk(stmt.rarg)
        else:                                           # except
            if stmt.all:
                self.context = _EXCEPT
            self.walk(stmt.larg)
            self.context = _EXCEPT
            self.walk(stmt.rarg)
        self.context = save
        self.walk(stmt.sort_clause)
        self.walk(stmt.limit_offset)
        self.walk(stmt.limit_count)
        self.walk(stmt.locking_clause)


def check_well_formed_recursion(cte: A.CommonTableExpr) -> None:
    """checkWellFormedRecursion for one item found to be recursive (INV-CTE-2)."""
    stmt = cte.ctequery
    if not isinstance(stmt, A.SelectStmt):
        raise PgError(INVALID_RECURSION, f'recursive query "{cte.ctename}" must not contain data-modifying '
                      "statements", position=pos(cte.location))
    if stmt.op != "union":
        raise PgError(INVALID_RECURSION, f'recursive query "{cte.ctename}" does not have the form '
                      "non-recursive-term UNION [ALL] recursive-term", position=pos(cte.location))
    ck = _RecursionChecker(cte.ctename)
    ck.context = _NONRECURSIVE
    ck.walk(stmt.larg)
    ck = _RecursionChecker(cte.ctename)
    ck.walk(stmt.rarg)
    if stmt.with_clause is not None:
        ck = _RecursionChecker(cte.ctename)
        ck.context = _SUBLINK
        ck.walk(stmt.with_clause.ctes)
    if stmt.sort_clause:
        raise PgError(FEATURE_NOT_SUPPORTED, "ORDER BY in a recursive query is not implemented",
                      position=pos(expr_location(stmt.sort_clause[0].node)))
    if stmt.limit_offset is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "OFFSET in a recursive query is not implemented",
                      position=pos(expr_location(stmt.limit_offset)))
    if stmt.limit_count is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "LIMIT in a recursive query is not implemented",
                      position=pos(expr_location(stmt.limit_count)))
    if stmt.locking_clause:
        raise PgError(FEATURE_NOT_SUPPORTED, "FOR UPDATE/SHARE in a recursive query is not implemented")


# ------------------------------------------------------------ WITH clause
def transform_with(qa, ps, w: A.WithClause) -> None:
    """transformWithClause: analyze every item of ``w`` into ``ps.ctes``."""
    seen: set[str] = set()
    for cte in w.ctes:
        if cte.ctename in seen:
            raise PgError(DUPLICATE_ALIAS, f'WITH query name "{cte.ctename}" specified more than once',
                          position=pos(cte.location))
        seen.add(cte.ctename)
    if w.recursive:
        items = order_with_items(w.ctes)
        for cte, rec in items:
            if rec:
                check_well_formed_recursion(cte)
    else:
        items = [(cte, False) for cte in w.ctes]
    future = [c.ctename for c in w.ctes]
    for cte, rec in items:
        if (cte.search_clause is not None or cte.cycle_clause is not None) and not rec:
            raise PgError(SYNTAX_ERROR, "WITH query is not recursive", position=pos(cte.location))
        try:
            if isinstance(cte.ctequery, A.MergeStmt):
                raise PgError(FEATURE_NOT_SUPPORTED, "MERGE not supported in WITH query", position=pos(cte.location))
            if isinstance(cte.ctequery, _MODIFYING):
                sub = qa.transform_modifying_cte(ps, cte)
            elif not isinstance(cte.ctequery, A.SelectStmt):
                raise PgError(FEATURE_NOT_SUPPORTED, f"{type(cte.ctequery).__name__} in WITH is not supported",
                              position=pos(cte.location))
            elif rec:
                sub = transform_recursive_cte(qa, ps, cte)
            else:
                sub = qa.analyze_select(cte.ctequery, parent=ps)
        except PgError as e:
            if not w.recursive:
                _explain_forward_reference(e, future)
            raise
        if not w.recursive:
            future.remove(cte.ctename)
        names = [te.name for te in sub.target_list if not te.resjunk]
        if cte.aliascolnames and not rec:
            if len(cte.aliascolnames) > len(names):
                raise PgError("42P10", f'WITH query "{cte.ctename}" has {len(names)} columns available but '
                              f'{len(cte.aliascolnames)} columns specified', position=pos(cte.location))
            names = [_colname(c) for c in cte.aliascolnames] + names[len(cte.aliascolnames):]
        # what the deparser needs to print the item as written (querydeparse.py)
        sub.cte_materialized = cte.ctematerialized  # type: ignore[attr-defined]
        sub.cte_recursive_with = w.recursive  # type: ignore[attr-defined]
        sub.cte_aliascolnames = tuple(_colname(c) for c in cte.aliascolnames)  # type: ignore[attr-defined]
        ps.ctes[cte.ctename] = sub
        ps.cte_colnames[cte.ctename] = names


def _explain_forward_reference(e: PgError, future: list[str]) -> None:
    """parserOpenTable's hint for a name that is a WITH item not yet visible."""
    if e.sqlstate != UNDEFINED_TABLE or getattr(e, "detail", None):
        return
    for name in future:
        if e.message == f'relation "{name}" does not exist':
            e.detail = (f'There is a WITH item named "{name}", but it cannot be referenced from this '
                        "part of the query.")
            e.hint = "Use WITH RECURSIVE, or re-order the WITH items to remove forward references."
            return


def check_cte_reference(sub: N.Query, rv: A.RangeVar) -> None:
    """addRangeTableEntryForCTE: a data-modifying item has rows to read
    only through its RETURNING list."""
    modifying = getattr(sub, "modifying", None)
    if modifying is not None and not modifying.returning:
        raise PgError(FEATURE_NOT_SUPPORTED, f'WITH query "{rv.relname}" does not have a RETURNING clause',
                      position=pos(rv.location))


def runtime_cte_level(ps, name: str) -> int:
    """How many run-time query levels above ``ps`` the WITH owning ``name``
    sits.  Like ParseState.find_cte, but a non-LATERAL FROM subquery's
    enclosing level (``cte_outer``) is the same run-time level: the
    executor pushes an outer row only for sub-selects in expressions."""
    level = 0
    while ps is not None:
        if name in ps.ctes:
            return level
        if ps.cte_outer is not None:
            inner = runtime_cte_level(ps.cte_outer, name)
            if inner >= 0:
                return level + inner
        ps, level = ps.parent, level + 1
    return -1


# ------------------------------------------------------------ recursive item
def _type_hashable(cat, typ: int) -> bool:
    """Has ``typ`` a default hash operator class (directly, through a
    binary-coercible type, or as an array/enum/range/record)?"""
    from pgref.catalog import builtin
    typ = C.base_type(cat, typ)
    if typ in (T.RECORDOID,) or (cat.typeinfo(typ) is not None and cat.typeinfo(typ).typtype in ("c", "e", "r", "m")):
        return True
    if C.is_array_type(cat, typ):
        return _type_hashable(cat, C.elem_of(cat, typ))
    for r in builtin.rows("pg_opclass"):
        if int(r["opcmethod"]) != 405 or r["opcdefault"] != "t":
            continue
        intype = int(r["opcintype"])
        if intype == typ:
            return True
        try:
            kind, _f = C.find_coercion_pathway(cat, intype, typ, C.IMPLICIT)
        except PgError:
            continue
        if kind == C.RELABEL:
            return True
    return False


def _worktable_refname(stmt: A.SelectStmt, name: str) -> str | None:
    """The range-table name of the self-reference in the top-level FROM
    list of ``stmt`` (looking through joins, not into sub-queries); None
    when the name there means a WITH item of ``stmt`` itself."""
    if stmt.with_clause is not None and any(c.ctename == name for c in stmt.with_clause.ctes):
        return None
    def find(item):
        if isinstance(item, A.RangeVar):
            if item.schemaname is None and item.relname == name:
                return item.alias.aliasname if item.alias is not None else item.relname
            return None
        if isinstance(item, A.JoinExpr):
            return find(item.larg) or find(item.rarg)
        return None
    for it in stmt.from_clause:
        got = find(it)
        if got is not None:
            return got
    return None


def _col(rel: str, col: str):
    return A.ColumnRef(fields=(rel, col))


def _and(a, b):
    if a is None:
        return b
    return A.BoolExpr(boolop="and", args=(a, b))


def rewrite_search_cycle(qa, ps, cte: A.CommonTableExpr, names: list[str]):
    """rewriteSearchAndCycle on the raw tree (INV-CTE-3); ``names`` is the
    item's column list before the new columns.  Returns the rewritten item
    and the analyzed (mark value, mark default) of a CYCLE clause."""
    stmt: A.SelectStmt = cte.ctequery
    sc, cc = cte.search_clause, cte.cycle_clause
    _check_search_cycle_names(cte, names)
    if stmt.larg.op is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "with a SEARCH or CYCLE clause, the left side of the UNION must "
                      "be a SELECT")
    if stmt.rarg.op is not None:
        raise PgError(SYNTAX_ERROR, "with a SEARCH or CYCLE clause, the right side of the UNION must be a SELECT")
    if cc is not None:
        cte_cycle_marks = _check_cycle_mark(qa, ps, cc)
    wt = _worktable_refname(stmt.rarg, cte.ctename)
    if wt is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f'with a SEARCH or CYCLE clause, the recursive reference to WITH '
                      f'query "{cte.ctename}" must be at the top level of its right-hand SELECT')
    L, R = "*TLOCRN*", "*TROCRN*"
    extra_names: list[str] = []
    ltargets = [A.ResTarget(val=A.ColumnRef(fields=(L, A.A_Star())))]
    rtargets = [A.ResTarget(val=_col(R, n)) for n in names]
    inner_extra = []            # (hidden column name, work table column)
    if sc is not None:
        cols = [_colname(c) for c in sc.search_col_list]
        seq = sc.search_seq_column
        hidden = "*SEQ*"
        inner_extra.append((hidden, seq))
        if sc.search_breadth_first:
            first = A.RowExpr(args=(A.TypeCast(arg=A.A_Const(val=A.Integer(0)),
                                               type_name=A.TypeName(names=("pg_catalog", "int8"))),)
                              + tuple(_col(L, c) for c in cols))
            # the first field is turned into int8inc((prev)."*DEPTH*") after analysis
            nxt = A.RowExpr(args=(_col(R, hidden),) + tuple(_col(R, c) for c in cols))
        else:
            first = A.A_ArrayExpr(elements=(A.RowExpr(args=tuple(_col(L, c) for c in cols)),))
            nxt = A.FuncCall(funcname=("array_cat",),
                             args=(_col(R, hidden), A.A_ArrayExpr(elements=(
                                 A.RowExpr(args=tuple(_col(R, c) for c in cols)),))))
        ltargets.append(A.ResTarget(name=seq, val=first))
        rtargets.append(A.ResTarget(name=seq, val=nxt))
        extra_names.append(seq)
    where = stmt.rarg.where_clause
    if cc is not None:
        cols = [_colname(c) for c in cc.cycle_col_list]
        mark, path = cc.cycle_mark_column, cc.cycle_path_column
        inner_extra.append(("*MARK*", mark))
        inner_extra.append(("*PATH*", path))
        ltargets.append(A.ResTarget(name=mark, val=cc.cycle_mark_default))
        ltargets.append(A.ResTarget(name=path, val=A.A_ArrayExpr(elements=(
            A.RowExpr(args=tuple(_col(L, c) for c in cols)),))))
        row = A.RowExpr(args=tuple(_col(R, c) for c in cols))
        seen = A.A_Expr(kind="op_any", name=("=",), lexpr=row, rexpr=_col(R, "*PATH*"))
        rtargets.append(A.ResTarget(name=mark, val=A.CaseExpr(
            args=(A.CaseWhen(expr=seen, result=cc.cycle_mark_value),), defresult=cc.cycle_mark_default)))
        rtargets.append(A.ResTarget(name=path, val=A.FuncCall(funcname=("array_cat",), args=(
            _col(R, "*PATH*"), A.A_ArrayExpr(elements=(A.RowExpr(args=tuple(_col(R, c) for c in cols)),))))))
        where = _and(where, A.A_Expr(kind="op", name=("<>",), lexpr=_col(wt, mark), rexpr=cc.cycle_mark_value))
        extra_names += [mark, path]
    inner = dataclasses.replace(
        stmt.rarg, where_clause=where,
        target_list=tuple(stmt.rarg.target_list) + tuple(A.ResTarget(name=h, val=_col(wt, c))
                                                        for h, c in inner_extra))
    new_l = A.SelectStmt(target_list=tuple(ltargets), from_clause=(A.RangeSubselect(
        subquery=stmt.larg, alias=A.Alias(aliasname=L, colnames=tuple(names))),))
    new_r = A.SelectStmt(target_list=tuple(rtargets), from_clause=(A.RangeSubselect(
        subquery=inner, alias=A.Alias(aliasname=R, colnames=tuple(names) + tuple(h for h, _c in inner_extra))),))
    new_stmt = dataclasses.replace(stmt, larg=new_l, rarg=new_r)
    marks = cte_cycle_marks if cc is not None else None
    return dataclasses.replace(cte, ctequery=new_stmt, aliascolnames=tuple(names) + tuple(extra_names),
                               search_clause=None, cycle_clause=None), marks


def _check_search_cycle_names(cte: A.CommonTableExpr, names: list[str]) -> None:
    """analyzeCTETargetList's checks of the SEARCH and CYCLE column names."""
    sc, cc = cte.search_clause, cte.cycle_clause
    if sc is not None:
        seen: list[str] = []
        for c in map(_colname, sc.search_col_list):
            if c not in names:
                raise PgError(SYNTAX_ERROR, f'search column "{c}" not in WITH query column list',
                              position=pos(sc.location))
            if c in seen:
                raise PgError(DUPLICATE_COLUMN, f'search column "{c}" specified more than once',
                              position=pos(sc.location))
            seen.append(c)
        if sc.search_seq_column in names:
            raise PgError(SYNTAX_ERROR, f'search sequence column name "{sc.search_seq_column}" already used '
                          "in WITH query column list", position=pos(sc.location))
    if cc is not None:
        seen = []
        for c in map(_colname, cc.cycle_col_list):
            if c not in names:
                raise PgError(SYNTAX_ERROR, f'cycle column "{c}" not in WITH query column list',
                              position=pos(cc.location))
            if c in seen:
                raise PgError(DUPLICATE_COLUMN, f'cycle column "{c}" specified more than once',
                              position=pos(cc.location))
            seen.append(c)
        if cc.cycle_mark_column in names:
            raise PgError(SYNTAX_ERROR, f'cycle mark column name "{cc.cycle_mark_column}" already used in '
                          "WITH query column list", position=pos(cc.location))
        if cc.cycle_path_column in names:
            raise PgError(SYNTAX_ERROR, f'cycle path column name "{cc.cycle_path_column}" already used in '
                          "WITH query column list", position=pos(cc.location))
        if cc.cycle_mark_column == cc.cycle_path_column:
            raise PgError(SYNTAX_ERROR, "cycle mark column name and cycle path column name are the same",
                          position=pos(cc.location))
    if sc is not None and cc is not None:
        if sc.search_seq_column == cc.cycle_mark_column:
            raise PgError(SYNTAX_ERROR, "search sequence column name and cycle mark column name are the same",
                          position=pos(sc.location))
        if sc.search_seq_column == cc.cycle_path_column:
            raise PgError(SYNTAX_ERROR, "search sequence column name and cycle path column name are the same",
                          position=pos(sc.location))


def _check_cycle_mark(qa, ps, cc: A.CTECycleClause) -> tuple[N.Expr, N.Expr]:
    """The mark value and default need a common type with an equality operator."""
    v = qa.ea.transform(ps, cc.cycle_mark_value)
    d = qa.ea.transform(ps, cc.cycle_mark_default)
    typ = C.select_common_type(qa.cat, [expr_type(v), expr_type(d)], "CYCLE",
                               [expr_location(cc.cycle_mark_value), expr_location(cc.cycle_mark_default)])
    if typ == T.UNKNOWNOID:
        typ = T.TEXTOID
    cat = qa.cat
    base = C.base_type(cat, typ)
    ok = bool(cat.btree_cmp_proc(base, base)) or _type_hashable(cat, base)
    if not ok and C.is_array_type(cat, base):
        ok = bool(cat.btree_cmp_proc(T.ANYARRAYOID, T.ANYARRAYOID))
    if not ok:
        raise PgError(UNDEFINED_FUNCTION, f"could not identify an equality operator for type "
                      f"{cat.format_type(typ)}")
    return (qa.ea.coerce(v, typ, -1, C.IMPLICIT, -1), qa.ea.coerce(d, typ, -1, C.IMPLICIT, -1))


def transform_recursive_cte(qa, ps, cte: A.CommonTableExpr) -> N.Query:
    """WITH RECURSIVE name AS (non-recursive term UNION [ALL] recursive
    term): the non-recursive term fixes the column types; the recursive
    term reads the rows of the previous iteration (the *work table*)."""
    q = cte.ctequery
    if cte.search_clause is not None or cte.cycle_clause is not None:
        probe = qa.analyze_select(q.larg, parent=ps)
        pnames = [te.name for te in probe.target_list if not te.resjunk]
        if len(cte.aliascolnames) > len(pnames):
            raise PgError("42P10", f'WITH query "{cte.ctename}" has {len(pnames)} columns available but '
                          f'{len(cte.aliascolnames)} columns specified', position=pos(cte.location))
        pnames = [_colname(c) for c in cte.aliascolnames] + pnames[len(cte.aliascolnames):]
        breadth = cte.search_clause is not None and cte.search_clause.search_breadth_first
        had_cycle = cte.cycle_clause is not None
        original = cte
        cte, marks = rewrite_search_cycle(qa, ps, cte, pnames)
        q = cte.ctequery
        try:
            display = transform_recursive_cte(qa, ps, dataclasses.replace(original, search_clause=None,
                                                                          cycle_clause=None))
        except PgError:
            # the recursive term reads the SEARCH/CYCLE columns themselves, so
            # it has no meaning without them; deparse shows the rewritten form
            display = None
    else:
        breadth = had_cycle = False
        display = None
    scope = None
    if q.with_clause is not None:
        # a WITH on the UNION itself is seen by both terms (as the leaves
        # of any set operation see the WITH of the whole)
        from pgref.analyzer.parse_state import ParseState
        scope = ParseState(parent=ps)
        transform_with(qa, scope, q.with_clause)
    left = qa.analyze_select(q.larg, parent=ps, ctes=scope)
    lcols = [te for te in left.target_list if not te.resjunk]
    names = [te.name for te in lcols]
    if cte.aliascolnames:
        if len(cte.aliascolnames) > len(names):
            raise PgError("42P10", f'WITH query "{cte.ctename}" has {len(names)} columns available but '
                          f'{len(cte.aliascolnames)} columns specified', position=pos(cte.location))
        names = [_colname(c) for c in cte.aliascolnames] + names[len(cte.aliascolnames):]
    types = [expr_type(te.expr) if expr_type(te.expr) != T.UNKNOWNOID else T.TEXTOID for te in lcols]
    typmods = [expr_typmod(te.expr) if expr_type(te.expr) != T.UNKNOWNOID else -1 for te in lcols]
    for te, t in zip(lcols, types):
        if expr_type(te.expr) != t:
            te.expr = qa.ea.coerce(te.expr, t, -1, C.IMPLICIT, -1)
    work = N.Query("select")
    work.target_list = [N.TargetEntry(N.Const(t, None, m), i + 1, n)
                        for i, (t, m, n) in enumerate(zip(types, typmods, names))]
    work.worktable = True  # type: ignore[attr-defined]
    ps.ctes[cte.ctename] = work
    ps.cte_colnames[cte.ctename] = names
    try:
        right = qa.analyze_select(q.rarg, parent=ps, ctes=scope)
    finally:
        del ps.ctes[cte.ctename]
        del ps.cte_colnames[cte.ctename]
    if right.has_aggs:
        loc = next((x.location for x, _d in _walk_exprs(right) if isinstance(x, N.Aggref)), -1)
        raise PgError(INVALID_RECURSION,
                      "aggregate functions are not allowed in a recursive query's recursive term",
                      position=pos(loc))
    rcols = [te for te in right.target_list if not te.resjunk]
    if len(rcols) != len(lcols):
        raise PgError(SYNTAX_ERROR, "each UNION query must have the same number of columns",
                      position=pos(expr_location(q.rarg.target_list[0].val) if q.rarg.target_list else -1))
    if breadth:
        _fix_breadth_first_depth(rcols[len(rcols) - (3 if had_cycle else 1)])
    lexprs = _leaf_target_exprs(q.larg)
    for i, (te, t, m) in enumerate(zip(rcols, types, typmods)):
        rt = expr_type(te.expr)
        common = t if rt == t else C.select_common_type(qa.cat, [t, rt], "UNION")
        ctypmod = m if expr_typmod(te.expr) == m else -1
        if common != t or ctypmod != m:
            loc = expr_location(lexprs[i]) if i < len(lexprs) else -1
            raise PgError(DATATYPE_MISMATCH, f'recursive query "{cte.ctename}" column {i + 1} has type '
                          f"{_fmt(qa.cat, t, m)} in non-recursive term but type {_fmt(qa.cat, common, ctypmod)} "
                          "overall", hint="Cast the output of the non-recursive term to the correct type.",
                          position=pos(loc))
        if rt != t:
            te.expr = qa.ea.coerce(te.expr, t, -1, C.IMPLICIT, -1)
    if not q.all:
        for t in types:
            if not _type_hashable(qa.cat, t):
                raise PgError(FEATURE_NOT_SUPPORTED, "could not implement recursive UNION",
                              detail="All column datatypes must be hashable.")
    out = N.Query("select")
    out.rtable = [N.RangeTblEntry("subquery", "*SELECT*", names, types, list(typmods), subquery=left),
                  N.RangeTblEntry("subquery", "*SELECT*", names, types, list(typmods), subquery=right)]
    out.set_op = N.SetOperation("union", q.all, 1, 2, types, list(typmods))
    out.recursive_work = work  # type: ignore[attr-defined]
    out.target_list = [N.TargetEntry(N.Var(0, i + 1, t, m), i + 1, n)
                       for i, (t, m, n) in enumerate(zip(types, typmods, names))]
    if display is not None:
        sc, cc = original.search_clause, original.cycle_clause
        out.cte_display = display  # type: ignore[attr-defined]
        if sc is not None:
            out.cte_search = (sc.search_breadth_first,  # type: ignore[attr-defined]
                              tuple(map(_colname, sc.search_col_list)), sc.search_seq_column)
        if cc is not None:
            out.cte_cycle = (tuple(map(_colname, cc.cycle_col_list)),  # type: ignore[attr-defined]
                             cc.cycle_mark_column, marks[0], marks[1], cc.cycle_path_column)
    return out


def _fmt(cat, typ: int, typmod: int) -> str:
    return cat.format_type(typ, typmod)


def _leaf_target_exprs(stmt: A.SelectStmt) -> list:
    """The raw output expressions of the leftmost leaf of a set operation."""
    while stmt.op is not None:
        stmt = stmt.larg
    if stmt.values_lists:
        return list(stmt.values_lists[0])
    return [rt.val for rt in stmt.target_list]


def _walk_exprs(q: N.Query):
    from pgref.analyzer.funcs import _walk
    exprs = [te.expr for te in q.target_list]
    if getattr(q, "having", None) is not None:
        exprs.append(q.having)
    for x in _walk(exprs):
        yield x, 0


def _fix_breadth_first_depth(te: N.TargetEntry) -> None:
    """ROW(prev, cols...) -> ROW(int8inc((prev)."*DEPTH*"), cols...): the
    breadth-first sequence's depth is one more than the work table row's."""
    row = te.expr
    if not isinstance(row, N.RowExpr) or not row.args:
        raise PgError(FEATURE_NOT_SUPPORTED, "SEARCH BREADTH FIRST is not supported for this query")
    prev = row.args[0]
    depth = N.FuncExpr(_INT8INC, T.INT8OID, (N.FieldSelect(prev, 1, T.INT8OID),))
    te.expr = dataclasses.replace(row, args=(depth,) + tuple(row.args[1:]))

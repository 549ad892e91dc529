"""Statements: SELECT / VALUES / set operations / INSERT / UPDATE / DELETE
into :class:`~pgref.analyzer.nodes.Query` (PostgreSQL's analyze.c,
parse_clause.c, parse_target.c, parse_agg.c).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Analyzed query").
Order of work for a SELECT, as transformSelectStmt:
  WITH -> FROM (range table + namespace) -> target list (``*`` expanded)
  -> WHERE -> GROUP BY -> HAVING -> ORDER BY (output names, positions or
  expressions; unmatched expressions become resjunk columns) -> DISTINCT
  -> LIMIT/OFFSET -> unknown-typed outputs become text -> grouping check
  (every ungrouped column must be inside an aggregate, 42803).
"""
from __future__ import annotations

import dataclasses

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.expr import ExprAnalyzer, expr_location, expr_type, expr_typmod, pos
from pgref.analyzer.funcs import _walk
from pgref.analyzer.parse_state import NamespaceItem, ParseState, make_var
from pgref.errors import (AMBIGUOUS_COLUMN, DATATYPE_MISMATCH, DUPLICATE_ALIAS, DUPLICATE_COLUMN,
                          FEATURE_NOT_SUPPORTED, GROUPING_ERROR, INVALID_COLUMN_REFERENCE,
                          SYNTAX_ERROR, UNDEFINED_COLUMN, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                          WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T


def make_sort_key(ea: ExprAnalyzer, e: N.Expr, sb: A.SortBy) -> N.SortKey:
    desc = sb.sortby_dir == "desc"
    if sb.sortby_dir == "using":
        op = sb.use_op[-1]
        if op in ("<", "~<~"):
            desc = False
        elif op in (">", "~>~"):
            desc = True
        else:
            raise PgError("42809",
                          f"operator {op} is not a valid ordering operator",
                          hint="Ordering operators must be \"<\" or \">\" members of btree operator families.",
                          position=pos(sb.location))
    nulls_first = desc if sb.sortby_nulls == "default" else sb.sortby_nulls == "first"
    typ = expr_type(e)
    cmp = ea.cat.btree_cmp_proc(typ, typ) if typ != T.UNKNOWNOID else ea.cat.btree_cmp_proc(T.TEXTOID, T.TEXTOID)
    if not cmp:
        base = C.base_type(ea.cat, typ)
        cmp = ea.cat.btree_cmp_proc(base, base)
    if not cmp and C.is_array_type(ea.cat, typ):
        cmp = ea.cat.btree_cmp_proc(T.ANYARRAYOID, T.ANYARRAYOID)
    if not cmp and ea.cat.typeinfo(typ) and ea.cat.typeinfo(typ).typtype == "e":
        cmp = ea.cat.btree_cmp_proc(T.ANYENUMOID, T.ANYENUMOID)
    if not cmp and typ != T.RECORDOID:
        raise PgError("42883", f"could not identify an ordering operator for type {ea.cat.format_type(typ)}",
                      hint="Use an explicit ordering operator or modify the query.",
                      position=pos(expr_location(sb.node)))
    return N.SortKey(e, desc, nulls_first, typ, cmp)


def figure_colname(node) -> str:
    name, strength = _figure(node)
    return name if strength > 0 else "?column?"


def _figure(node) -> tuple[str, int]:
    if isinstance(node, A.ColumnRef):
        for f in reversed(node.fields):
            if isinstance(f, str):
                return f, 2
        return "?column?", 0
    if isinstance(node, A.A_Indirection):
        for f in reversed(node.indirection):
            if isinstance(f, str):
                return f, 2
        return _figure(node.arg)
    if isinstance(node, A.FuncCall):
        return node.funcname[-1], 2
    if isinstance(node, A.A_Expr):
        if node.kind == "nullif":
            return "nullif", 2
        return "?column?", 0
    if isinstance(node, A.TypeCast):
        name, strength = _figure(node.arg)
        if strength <= 1:
            tn = node.type_name.names[-1]
            return tn, 1
        return name, strength
    if isinstance(node, A.CollateClause):
        return _figure(node.arg)
    if isinstance(node, A.SubLink):
        if node.sub_link_type == "exists":
            return "exists", 2
        if node.sub_link_type == "array":
            return "array", 2
        if node.sub_link_type == "expr":
            sel = node.subselect
            while isinstance(sel, A.SelectStmt) and sel.op is not None:
                sel = sel.larg
            if isinstance(sel, A.SelectStmt) and sel.values_lists:
                return "column1", 2             # the VALUES list's first column
            if isinstance(sel, A.SelectStmt) and sel.target_list:
                rt = sel.target_list[0]
                if rt.name:
                    return rt.name, 2
                return _figure(rt.val)
        return "?column?", 0
    if isinstance(node, A.CaseExpr):
        name, strength = _figure(node.defresult) if node.defresult is not None else ("", 0)
        return ("case", 1) if strength <= 1 else (name, strength)
    if isinstance(node, A.A_ArrayExpr):
        return "array", 2
    if isinstance(node, A.RowExpr):
        return "row", 2
    if isinstance(node, A.CoalesceExpr):
        return "coalesce", 2
    if isinstance(node, A.MinMaxExpr):
        return node.op, 2
    if isinstance(node, A.SQLValueFunction):
        return {"current_time_n": "current_time", "current_timestamp_n": "current_timestamp",
                "localtime_n": "localtime", "localtimestamp_n": "localtimestamp",
                "user": "current_user"}.get(node.op, node.op), 2
    if isinstance(node, A.GroupingFunc):
        return "grouping", 2
    return "?column?", 0


class QueryAnalyzer:
    def __init__(self, ea: ExprAnalyzer):
        self.ea = ea
        self.cat = ea.cat

    # ================================================================= SELECT
    def analyze_select(self, stmt, parent: ParseState | None = None,
                       resolve_unknowns: bool = True, ctes: ParseState | None = None,
                       cte_outer: ParseState | None = None) -> N.Query:
        """``ctes``: a scope whose WITH queries this statement sees as its own
        (the leaves of a set operation share the WITH of the whole);
        ``cte_outer``: the enclosing level of a non-LATERAL FROM subquery,
        whose WITH queries (not columns) it can see."""
        if not isinstance(stmt, A.SelectStmt):
            raise PgError(FEATURE_NOT_SUPPORTED, f"{type(stmt).__name__} is not supported as a subquery")
        ps = ParseState(parent=parent, cte_outer=cte_outer)
        if ctes is not None:
            ps.ctes.update(ctes.ctes)
            ps.cte_colnames.update(ctes.cte_colnames)
        if stmt.with_clause is not None:
            self.transform_with(ps, stmt.with_clause)
        if stmt.op is not None:
            q = self.transform_setop(ps, stmt)
        elif stmt.values_lists:
            q = self.transform_values(ps, stmt)
        else:
            q = self.transform_plain_select(ps, stmt, resolve_unknowns)
        q.ctes = dict(ps.ctes)
        return q

    def transform_with(self, ps: ParseState, w: A.WithClause) -> None:
        """WITH items into ``ps.ctes`` (analyzer/cte.py)."""
        from pgref.analyzer.cte import transform_with
        transform_with(self, ps, w)

    def transform_modifying_cte(self, ps: ParseState, cte: A.CommonTableExpr) -> N.Query:
        """WITH x AS (INSERT/UPDATE/DELETE ... RETURNING ...): the statement
        runs once, to completion, before the main query; its RETURNING rows
        are the CTE's rows (PostgreSQL's data-modifying WITH)."""
        from pgref.analyzer.modify import ModifyAnalyzer
        if ps.parent is not None or ps.cte_outer is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "WITH clause containing a data-modifying statement must be at "
                          "the top level", position=pos(cte.location))
        ma = ModifyAnalyzer(self.ea)
        ma.cte_scope = ps
        stmt = cte.ctequery
        if isinstance(stmt, A.InsertStmt):
            q = ma.analyze_insert(stmt)
        elif isinstance(stmt, A.UpdateStmt):
            q = ma.analyze_update(stmt)
        else:
            q = ma.analyze_delete(stmt)
        q.target_list_for_cte = q.returning  # type: ignore[attr-defined]
        wrapper = N.Query("select")
        wrapper.target_list = [N.TargetEntry(te.expr, i + 1, te.name) for i, te in enumerate(q.returning)]
        wrapper.modifying = q  # type: ignore[attr-defined]
        return wrapper

    def transform_recursive_cte(self, ps: ParseState, cte: A.CommonTableExpr) -> N.Query:
        """A recursive WITH item (analyzer/cte.py)."""
        from pgref.analyzer.cte import transform_recursive_cte
        return transform_recursive_cte(self, ps, cte)

    # ----------------------------------------------------------------- FROM
    def transform_from(self, ps: ParseState, items) -> list[N.FromNode]:
        nodes = []
        all_items: list[NamespaceItem] = []
        for it in items:
            node, ns_items = self.transform_from_item(ps, it)
            nodes.append(node)
            self._check_conflicts(all_items, ns_items)
            all_items.extend(ns_items)
            ps.namespace.extend(ns_items)
        return nodes

    def _check_conflicts(self, existing: list[NamespaceItem], new: list[NamespaceItem]) -> None:
        names = {i.refname for i in existing if i.rel_visible and i.refname is not None}
        for i in new:
            if i.rel_visible and i.refname is not None and i.refname in names:
                raise PgError(DUPLICATE_ALIAS, f'table name "{i.refname}" specified more than once')

    def transform_from_item(self, ps: ParseState, it) -> tuple[N.FromNode, list[NamespaceItem]]:
        if isinstance(it, A.RangeVar):
            rtindex = self.add_range_var(ps, it)
            rte = ps.rte(rtindex)
            return N.RangeTblRef(rtindex), [NamespaceItem(rtindex, rte.alias)]
        if isinstance(it, A.RangeSubselect):
            if it.alias is None:
                raise PgError(SYNTAX_ERROR, "subquery in FROM must have an alias",
                              hint="For example, FROM (SELECT ...) [AS] foo.")
            saved_agg = ps.agg_allowed
            if it.lateral:      # an aggregate of this level inside its own FROM (parse_agg.c)
                ps.agg_allowed = "FROM clause of their own query level"
            try:
                sub = self.analyze_select(it.subquery, parent=ps if it.lateral else ps.parent,
                                          cte_outer=None if it.lateral else ps)
            finally:
                ps.agg_allowed = saved_agg
            names = [te.name for te in sub.target_list if not te.resjunk]
            cols = [te for te in sub.target_list if not te.resjunk]
            names = self._apply_alias_cols(it.alias, names)
            rte = N.RangeTblEntry("subquery", it.alias.aliasname, names,
                                  [expr_type(te.expr) for te in cols], [expr_typmod(te.expr) for te in cols],
                                  subquery=sub, lateral=it.lateral)
            rtindex = ps.add_rte(rte)
            return N.RangeTblRef(rtindex), [NamespaceItem(rtindex, it.alias.aliasname)]
        if isinstance(it, A.JoinExpr):
            return self.transform_join(ps, it)
        if isinstance(it, A.RangeFunction):
            return self.transform_range_function(ps, it)
        raise PgError(FEATURE_NOT_SUPPORTED, f"{type(it).__name__} in FROM is not supported yet")

    def _apply_alias_cols(self, alias: A.Alias | None, names: list[str]) -> list[str]:
        if alias is None or not alias.colnames:
            return names
        if len(alias.colnames) > len(names):
            raise PgError("42601",
                          f'table "{alias.aliasname}" has {len(names)} columns available but '
                          f'{len(alias.colnames)} columns specified')
        return list(alias.colnames) + names[len(alias.colnames):]

    def add_range_var(self, ps: ParseState, rv: A.RangeVar) -> int:
        alias = rv.alias.aliasname if rv.alias else rv.relname
        if rv.schemaname is None:
            cte = ps.find_cte(rv.relname)
            if cte is not None:
                sub, _level, names = cte
                cols = [te for te in sub.target_list if not te.resjunk]
                names = self._apply_alias_cols(rv.alias, list(names))
                kind = "worktable" if getattr(sub, "worktable", False) else "cte"
                rte = N.RangeTblEntry(kind, alias, names, [expr_type(te.expr) for te in cols],
                                      [expr_typmod(te.expr) for te in cols], subquery=sub, ctename=rv.relname)
                from pgref.analyzer.cte import check_cte_reference, runtime_cte_level
                check_cte_reference(sub, rv)
                rte.ctelevelsup = runtime_cte_level(ps, rv.relname)  # type: ignore[attr-defined]
                return ps.add_rte(rte)
        rel = self.lookup_relation(rv)
        if rel.kind == "v":
            sub = self.view_query(rel)
            cols = [te for te in sub.target_list if not te.resjunk]
            names = self._apply_alias_cols(rv.alias, [c.name for c in rel.live_columns()])
            rte = N.RangeTblEntry("subquery", alias, names, [expr_type(te.expr) for te in cols],
                                  [expr_typmod(te.expr) for te in cols], subquery=sub, relid=rel.oid,
                                  relkind="v")
            return ps.add_rte(rte)
        if rel.kind == "S":
            names = ["last_value", "log_cnt", "is_called"]
            rte = N.RangeTblEntry("relation", alias, self._apply_alias_cols(rv.alias, names),
                                  [T.INT8OID, T.INT8OID, T.BOOLOID], [-1, -1, -1], relid=rel.oid, relkind="S")
            return ps.add_rte(rte)
        if rel.kind != "r":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a table', position=pos(rv.location))
        cols = rel.columns
        names = [c.name if not c.dropped else "" for c in cols]
        if rv.alias and rv.alias.colnames:
            live = [c for c in cols if not c.dropped]
            if len(rv.alias.colnames) > len(live):
                raise PgError("42601",
                              f'table "{alias}" has {len(live)} columns available but '
                              f'{len(rv.alias.colnames)} columns specified')
            it = iter(rv.alias.colnames)
            new = []
            for c in cols:
                if c.dropped:
                    new.append("")
                else:
                    new.append(next(it, c.name))
            names = new
        rte = N.RangeTblEntry("relation", alias, names, [c.typ for c in cols], [c.typmod for c in cols],
                              relid=rel.oid, relkind="r", inh=rv.inh, relname=rel.name)
        return ps.add_rte(rte)

    def lookup_relation(self, rv: A.RangeVar):
        rel = self.cat.lookup_relation(rv.schemaname, rv.relname, self.ea.search_path)
        if rel is None:
            if rv.schemaname is not None and self.cat.namespace_oid(rv.schemaname) is None:
                raise PgError("3F000", f'schema "{rv.schemaname}" does not exist', position=pos(rv.location))
            name = f"{rv.schemaname}.{rv.relname}" if rv.schemaname else rv.relname
            raise PgError(UNDEFINED_TABLE, f'relation "{name}" does not exist', position=pos(rv.location))
        return rel

    def view_query(self, rel) -> N.Query:
        if rel.view_tree is not None:
            # the stored, analyzed tree (engine/viewcmds.py, INV-ENGINE-VIEW-1)
            from pgref.engine.viewcmds import instantiate
            return instantiate(self.cat, rel)
        sub = self.analyze_select(rel.view_query, parent=None)
        names = [c.name for c in rel.live_columns()]
        i = 0
        for te in sub.target_list:
            if not te.resjunk and i < len(names):
                te.name = names[i]
                i += 1
        return sub

    def transform_join(self, ps: ParseState, j: A.JoinExpr) -> tuple[N.FromNode, list[NamespaceItem]]:
        lnode, litems = self.transform_from_item(ps, j.larg)
        # a LATERAL item on the right (a function in FROM is one implicitly)
        # may read the left side's columns: they are in the namespace while
        # the right side is analyzed (transformFromClauseItem's
        # setNamespaceLateralState); a plain subquery there still looks only
        # at the enclosing query, as it is analyzed with the parent's state
        mark = len(ps.namespace)
        ps.namespace.extend(litems)
        try:
            rnode, ritems = self.transform_from_item(ps, j.rarg)
        finally:
            del ps.namespace[mark:]
        self._check_conflicts(litems, ritems)
        jointype = "inner" if j.jointype == "cross" else j.jointype
        lcols = self._output_columns(ps, litems)
        rcols = self._output_columns(ps, ritems)
        using = list(j.using_clause)
        if j.is_natural:
            rnames = {n for n, _ in rcols}
            using = [n for n, _ in lcols if n in rnames and n]
        colnames, colexprs = [], []
        quals = None
        # visible scope for ON: both sides
        saved = ps.namespace
        ps.namespace = saved + litems + ritems
        try:
            if using or j.is_natural:
                conds = []
                lused, rused = set(), set()
                for name in using:
                    lm = [(n, e) for n, e in lcols if n == name]
                    rm = [(n, e) for n, e in rcols if n == name]
                    if not lm:
                        raise PgError(UNDEFINED_COLUMN, f'column "{name}" specified in USING clause does not exist in left table')
                    if not rm:
                        raise PgError(UNDEFINED_COLUMN, f'column "{name}" specified in USING clause does not exist in right table')
                    if len(lm) > 1:
                        raise PgError(AMBIGUOUS_COLUMN, f'common column name "{name}" appears more than once in left table')
                    if len(rm) > 1:
                        raise PgError(AMBIGUOUS_COLUMN, f'common column name "{name}" appears more than once in right table')
                    if name in lused:
                        raise PgError(DUPLICATE_COLUMN, f'column name "{name}" appears more than once in USING clause')
                    lused.add(name)
                    rused.add(name)
                    le, re_ = lm[0][1], rm[0][1]
                    cond = self.ea.make_op(("=",), le, re_, -1)
                    conds.append(self.ea.coerce_to_boolean(cond, "JOIN/USING", -1))
                    common = C.select_common_type(self.cat, [expr_type(le), expr_type(re_)], "JOIN/USING")
                    lc = self.ea.coerce(le, common, -1, C.IMPLICIT, -1)
                    rc = self.ea.coerce(re_, common, -1, C.IMPLICIT, -1)
                    if jointype == "full":
                        merged: N.Expr = N.CoalesceExpr(common, (lc, rc))
                    elif jointype == "right":
                        merged = rc
                    elif jointype == "inner" and not isinstance(lc, N.Var) and isinstance(rc, N.Var):
                        merged = rc         # buildMergedJoinVar: prefer the side needing no coercion
                    else:
                        merged = lc
                    colnames.append(name)
                    colexprs.append(merged)
                quals = conds[0] if len(conds) == 1 else (N.BoolExpr("and", tuple(conds)) if conds else None)
                for n, e in lcols:
                    if n not in lused:
                        colnames.append(n)
                        colexprs.append(e)
                for n, e in rcols:
                    if n not in rused:
                        colnames.append(n)
                        colexprs.append(e)
            else:
                for n, e in lcols + rcols:
                    colnames.append(n)
                    colexprs.append(e)
                if j.quals is not None:
                    quals = self.ea.coerce_to_boolean(self.ea.transform(ps, j.quals), "JOIN/ON",
                                                      expr_location(j.quals))
        finally:
            ps.namespace = saved
        alias = j.alias.aliasname if j.alias else None
        if j.alias and j.alias.colnames:
            colnames = self._apply_alias_cols(j.alias, colnames)
        rte = N.RangeTblEntry("join", alias or "unnamed_join", colnames, [expr_type(e) for e in colexprs],
                              [expr_typmod(e) for e in colexprs], joinvars=colexprs, jointype=jointype)
        rtindex = ps.add_rte(rte)
        node = N.JoinTree(jointype, lnode, rnode, quals, rtindex,
                          using=tuple(using))
        # scope: the join's columns; the inputs for qualified references only
        items = [NamespaceItem(rtindex, alias, cols_visible=True, rel_visible=alias is not None)]
        if j.join_using_alias is not None:
            # JOIN ... USING (...) AS alias: the merged columns by that name
            ua = j.join_using_alias.aliasname
            urte = N.RangeTblEntry("join", ua, colnames[:len(using)], [expr_type(e) for e in colexprs[:len(using)]],
                                   [expr_typmod(e) for e in colexprs[:len(using)]], joinvars=colexprs[:len(using)])
            uidx = ps.add_rte(urte)
            items.append(NamespaceItem(uidx, ua, cols_visible=False, rel_visible=True))
        for it in litems + ritems:
            items.append(NamespaceItem(it.rtindex, it.refname, cols_visible=False,
                                       rel_visible=it.rel_visible and alias is None))
        return node, items

    def _output_columns(self, ps: ParseState, items: list[NamespaceItem]) -> list[tuple[str, N.Expr]]:
        out = []
        for it in items:
            if not it.cols_visible:
                continue
            rte = ps.rte(it.rtindex)
            for i, name in enumerate(rte.colnames):
                if name == "":
                    continue
                out.append((name, make_var(ps, it.rtindex, i + 1, 0)))
        return out

    def transform_range_function(self, ps: ParseState, rf: A.RangeFunction):
        """A function (or ROWS FROM list of functions) in FROM: one column per
        scalar result, one per field of a row result (addRangeTableEntryForFunction)."""
        from pgref.analyzer.sqlfuncs import function_result_columns
        first = (rf.functions[0] if isinstance(rf.functions[0], tuple) else (rf.functions[0], ()))[0]
        items = []
        for f in rf.functions:
            fn, defs = f if isinstance(f, tuple) else (f, ())
            if (isinstance(fn, A.FuncCall) and fn.funcname in (("unnest",), ("pg_catalog", "unnest"))
                    and len(fn.args) > 1 and not defs and not rf.coldeflist
                    and not any(isinstance(a, A.NamedArgExpr) for a in fn.args)):
                # unnest(a, b, ...) is ROWS FROM(unnest(a), unnest(b), ...)
                items += [(dataclasses.replace(fn, args=(a,)), ()) for a in fn.args]
            else:
                items.append((fn, defs))
        lateral = rf.lateral

        def transform(lateral):
            out = []
            for fn_node, _defs in items:
                fps = ParseState(parent=ps if lateral else ps.parent)
                fps.ctes = ps.ctes
                fps.agg_allowed = "functions in FROM"
                out.append(self.ea.transform(fps, fn_node))
            return out
        try:
            exprs = transform(lateral)
        except PgError as err:
            # a function in FROM may read earlier FROM items even without
            # LATERAL (PostgreSQL treats the keyword as noise there)
            if lateral or err.sqlstate not in (UNDEFINED_COLUMN, UNDEFINED_TABLE):
                raise
            lateral = True
            exprs = transform(lateral)
        name = first.funcname[-1] if isinstance(first, A.FuncCall) else "?column?"
        alias = rf.alias.aliasname if rf.alias else name
        single = len(items) == 1
        names, types, mods, funcs = [], [], [], []
        for (fn_node, defs), e in zip(items, exprs):
            spec = rf if single else A.RangeFunction(coldeflist=tuple(defs))
            cols = function_result_columns(self.ea, e, spec, fn_node)
            if cols is None:
                fname = fn_node.funcname[-1] if isinstance(fn_node, A.FuncCall) else "?column?"
                # chooseScalarFunctionAlias: a single named OUT parameter names the column
                out_name = _single_out_name(self.ea.cat, e)
                cols = [(out_name or (alias if single else fname), expr_type(e), expr_typmod(e))]
            names += [c[0] for c in cols]
            types += [c[1] for c in cols]
            mods += [c[2] for c in cols]
            funcs.append((e, len(cols)))
        given = list(rf.alias.colnames) if rf.alias and rf.alias.colnames else []
        avail = len(types) + (1 if rf.ordinality else 0)
        if len(given) > avail:
            raise PgError("42P10", f'table "{alias}" has {avail} columns available but {len(given)} '
                          "columns specified")
        names = given[:len(types)] + names[len(given):]
        if rf.ordinality:
            k = len(types)
            names.append(given[k] if len(given) > k else "ordinality")
            types.append(T.INT8OID)
            mods.append(-1)
        rte = N.RangeTblEntry("function", alias, names, types, mods, func=exprs[0], lateral=lateral)
        rte.ordinality = rf.ordinality  # type: ignore[attr-defined]
        rte.funcs = funcs if not single else []  # type: ignore[attr-defined]
        rtindex = ps.add_rte(rte)
        return N.RangeTblRef(rtindex), [NamespaceItem(rtindex, alias)]

    # ----------------------------------------------------------------- target list
    def transform_target_list(self, ps: ParseState, targets) -> list[N.TargetEntry]:
        out: list[N.TargetEntry] = []
        for rt in targets:
            val = rt.val
            if isinstance(val, A.ColumnRef) and isinstance(val.fields[-1], A.A_Star):
                out.extend(self.expand_star(ps, val, len(out)))
                continue
            if isinstance(val, A.A_Indirection) and val.indirection and isinstance(val.indirection[-1], A.A_Star):
                # (expr).* : one column per field of a row value (ExpandRowReference)
                from pgref.analyzer.sqlfuncs import expand_row_star
                expanded = expand_row_star(self.ea, ps, val, len(out))
                if expanded is not None:
                    out.extend(expanded)
                    continue
            e = self.ea.transform(ps, val)
            name = rt.name if rt.name is not None else figure_colname(val)
            te = N.TargetEntry(e, len(out) + 1, name)
            if isinstance(e, N.Var) and e.levelsup == 0:
                rte = ps.rte(e.varno)
                if rte.kind == "relation":
                    te.resorigtbl, te.resorigcol = rte.relid, e.varattno
            out.append(te)
        return out

    def expand_star(self, ps: ParseState, cref: A.ColumnRef, start: int) -> list[N.TargetEntry]:
        out = []
        if len(cref.fields) == 1:
            items = [it for it in ps.namespace if it.cols_visible and not it.lateral_only]
            if not items:
                raise PgError(SYNTAX_ERROR, "SELECT * with no tables specified is not valid",
                              position=pos(cref.location))
        else:
            from pgref.analyzer.parse_state import find_relation_item
            refname = cref.fields[-2]
            hit = find_relation_item(ps, refname, cref.fields[-3] if len(cref.fields) > 2 else None, cref.location)
            if hit is None:
                raise PgError(UNDEFINED_TABLE, f'missing FROM-clause entry for table "{refname}"',
                              position=pos(cref.location))
            # ``t.*`` may name an enclosing query's table (a correlated or
            # LATERAL reference): its columns come in as outer Vars
            home, levelsup = hit[0], hit[2]
            items = [hit[1]]
        if len(cref.fields) == 1:
            home, levelsup = ps, 0
        for it in items:
            rte = home.rte(it.rtindex)
            for i, name in enumerate(rte.colnames):
                if name == "":
                    continue
                e = make_var(home, it.rtindex, i + 1, levelsup)
                te = N.TargetEntry(e, start + len(out) + 1, name)
                if rte.kind == "relation" and levelsup == 0:
                    te.resorigtbl, te.resorigcol = rte.relid, i + 1
                out.append(te)
        return out

    def transform_plain_select(self, ps: ParseState, s: A.SelectStmt, resolve_unknowns: bool) -> N.Query:
        q = N.Query("select")
        if s.into_clause is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "SELECT INTO is not supported here")
        if s.locking_clause:
            q.locking = True
        ps.win_kind = "JOIN conditions"          # where window functions may not appear (analyzer/window.py)
        q.jointree = self.transform_from(ps, s.from_clause)
        ps.agg_allowed = None
        ps.windowdefs = list(s.window_clause)    # OVER w refers to these first
        ps.win_kind = None
        q.target_list = self.transform_target_list(ps, s.target_list)
        if s.where_clause is not None:
            ps.agg_allowed = ps.win_kind = "WHERE"
            q.where = self.ea.coerce_to_boolean(self.ea.transform(ps, s.where_clause), "WHERE",
                                                expr_location(s.where_clause))
            ps.agg_allowed = ps.win_kind = None
        if s.having_clause is not None:
            ps.win_kind = "HAVING"
            q.having = self.ea.coerce_to_boolean(self.ea.transform(ps, s.having_clause), "HAVING",
                                                 expr_location(s.having_clause))
            ps.win_kind = None
        # ORDER BY
        q.sort = self.transform_sort(ps, q, s.sort_clause)
        # GROUP BY (after ORDER BY, as transformSelectStmt does: errors in
        # ORDER BY are reported first)
        if s.group_clause:
            # plain expressions, GROUPING SETS / ROLLUP / CUBE (analyzer/grouping.py)
            from pgref.analyzer.grouping import group_sort_keys, transform_group_clause
            ps.agg_allowed = ps.win_kind = "GROUP BY"
            transform_group_clause(self, ps, q, s.group_clause, s.group_distinct)
            ps.agg_allowed = ps.win_kind = None
            q.group_keys = group_sort_keys(self, q)
        # DISTINCT
        if s.distinct_clause is not None:
            if len(s.distinct_clause) == 0:
                keys = [self.sort_key_for(te.expr) for te in q.target_list if not te.resjunk]
                # ORDER BY expressions must appear in the select list
                for k, sb in zip(q.sort, s.sort_clause):
                    if not any(te.expr == k.expr and not te.resjunk for te in q.target_list):
                        raise PgError(INVALID_COLUMN_REFERENCE,
                                      "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                                      position=pos(expr_location(sb.node)))
                q.distinct = keys
            else:
                don = []
                for d in s.distinct_clause:
                    e = self.find_order_target(ps, q, d)
                    don.append(self.sort_key_for(e))
                # transformDistinctOnClause: once an ORDER BY item not in
                # DISTINCT ON is skipped, no DISTINCT ON item may follow --
                # neither a later ORDER BY item nor one ORDER BY lacks; the
                # error points at that DISTINCT ON expression
                skipped = False
                placed = []
                for k in q.sort:
                    hit = next((i for i, d in enumerate(don) if d.expr == k.expr), None)
                    if hit is None:
                        skipped = True
                        continue
                    if skipped:
                        raise PgError(INVALID_COLUMN_REFERENCE,
                                      "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                                      position=pos(expr_location(s.distinct_clause[hit])))
                    placed.append(hit)
                for i, d in enumerate(don):
                    if i not in placed and skipped:
                        raise PgError(INVALID_COLUMN_REFERENCE,
                                      "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                                      position=pos(expr_location(s.distinct_clause[i])))
                q.distinct_on = don
        # LIMIT / OFFSET
        if s.limit_count is not None:
            if s.limit_option == "with_ties" and isinstance(s.limit_count, A.A_Const) and s.limit_count.isnull:
                # transformLimitClause: a literal NULL count is refused at once
                raise PgError("2201W", "row count cannot be null in FETCH FIRST ... WITH TIES clause")
            q.limit_count = self.transform_limit(ps, s.limit_count, "LIMIT")
        if s.limit_offset is not None:
            q.limit_offset = self.transform_limit(ps, s.limit_offset, "OFFSET")
        if s.limit_option == "with_ties":
            if not q.sort:
                raise PgError("42601", "WITH TIES cannot be specified without ORDER BY clause")
            q.limit_with_ties = True
        if ps.windowdefs:
            from pgref.analyzer.window import transform_window_definitions
            transform_window_definitions(self, ps, q)
            q.has_window_funcs = any(isinstance(x, N.WindowFunc) for x in _walk([te.expr for te in q.target_list]))
        if resolve_unknowns:
            for te in q.target_list:
                if expr_type(te.expr) == T.UNKNOWNOID:
                    te.expr = self.ea.coerce(te.expr, T.TEXTOID, -1, C.IMPLICIT, -1)
        q.aggs = ps.aggs
        from pgref.analyzer import grouping as G
        q.has_aggs = bool(ps.aggs) or bool(G.grouping_funcs_of(ps))
        if q.has_aggs or q.group_by or q.having is not None or getattr(q, "grouping_sets_raw", None):
            G.prepare_grouping_sets(q)
            G.check_grouping_funcs(ps, q)
            n_grouped = len(q.group_by)
            self.check_grouping(ps, q)
            G.finalize_grouping(ps, q, n_grouped)
        if s.locking_clause:
            check_select_locking(q, s.locking_clause[0].strength)
        q.has_sublinks = ps.has_sublinks
        q.rtable = ps.rtable
        q.params = self.ea.param_types
        return q

    def sort_key_for(self, e: N.Expr) -> N.SortKey:
        return make_sort_key(self.ea, e, A.SortBy(node=None))

    def transform_limit(self, ps, node, what: str) -> N.Expr:
        sub = ParseState(parent=ps.parent)
        sub.ctes = ps.ctes
        sub.agg_allowed = what
        e = self.ea.transform(sub, node)
        # outer-level references are fine (a correlated LIMIT is evaluated
        # per outer row); only this query's own columns are refused
        if any(isinstance(x, N.Var) and x.levelsup == 0 for x in _walk([e])):
            raise PgError("42P10",
                          f"argument of {what} must not contain variables", position=pos(expr_location(node)))
        return self.ea.coerce(e, T.INT8OID, -1, C.ASSIGNMENT, expr_location(node), what=f"argument of {what}")

    def find_group_target(self, ps: ParseState, q: N.Query, node) -> N.Expr:
        # SQL92: an output column position or (if not an input column) an output name
        if isinstance(node, A.A_Const) and isinstance(node.val, A.Integer):
            return self._by_position(q, node.val.ival, "GROUP BY", node.location)
        if isinstance(node, A.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], str):
            name = node.fields[0]
            try:
                return self.ea.transform(ps, node)
            except PgError as e:
                if e.sqlstate != UNDEFINED_COLUMN:
                    raise
                hits = [te for te in q.target_list if te.name == name and not te.resjunk]
                if not hits:
                    raise
                return hits[0].expr
        e = self.ea.transform(ps, node)
        if expr_type(e) == T.UNKNOWNOID:
            e = self.ea.coerce(e, T.TEXTOID, -1, C.IMPLICIT, -1)
        return e

    def _by_position(self, q: N.Query, k: int, what: str, location: int) -> N.Expr:
        cols = [te for te in q.target_list if not te.resjunk]
        if k < 1 or k > len(cols):
            raise PgError(INVALID_COLUMN_REFERENCE, f"{what} position {k} is not in select list",
                          position=pos(location))
        return cols[k - 1].expr

    def find_order_target(self, ps: ParseState, q: N.Query, node) -> N.Expr:
        if isinstance(node, A.A_Const) and isinstance(node.val, A.Integer):
            return self._by_position(q, node.val.ival, "ORDER BY", node.location)
        if isinstance(node, A.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], str):
            name = node.fields[0]
            hits = [te for te in q.target_list if te.name == name and not te.resjunk]
            if len(hits) > 1:
                first = hits[0].expr
                if not all(h.expr == first for h in hits):
                    raise PgError(AMBIGUOUS_COLUMN, f'ORDER BY "{name}" is ambiguous', position=pos(node.location))
            if hits:
                return hits[0].expr
        e = self.ea.transform(ps, node)
        if expr_type(e) == T.UNKNOWNOID:
            e = self.ea.coerce(e, T.TEXTOID, -1, C.IMPLICIT, -1)
        return e

    def transform_sort(self, ps: ParseState, q: N.Query, sort_clause) -> list[N.SortKey]:
        keys = []
        for sb in sort_clause:
            e = self.find_order_target(ps, q, sb.node)
            if not any(te.expr == e for te in q.target_list):
                q.target_list.append(N.TargetEntry(e, len(q.target_list) + 1, None, resjunk=True))
            keys.append(make_sort_key(self.ea, e, sb))
        return keys

    def check_grouping(self, ps: ParseState, q: N.Query) -> None:
        groups = list(q.group_by)
        # functional dependency: grouping by a table's primary key covers its
        # columns -- with grouping sets only keys grouped in every set count
        from pgref.analyzer.grouping import common_group_indexes
        common = common_group_indexes(q)
        fd_groups = groups if common is None else [groups[i] for i in common]
        covered: dict[int, int] = {}           # rtindex -> the primary key's constraint OID
        for rtindex, rte in enumerate(ps.rtable, 1):
            if rte.kind != "relation" or rte.relkind != "r":
                continue
            rel = self.cat.relations.get(rte.relid)
            if rel is None:
                continue
            for con in rel.constraints:
                if con.kind == "p" and all(N.Var(rtindex, a, rte.coltypes[a - 1], rte.coltypmods[a - 1]) in fd_groups
                                           for a in con.columns):
                    covered[rtindex] = con.oid

        def check(e: N.Expr, clause: str) -> None:
            if e is None:
                return
            if e in groups:
                return
            if isinstance(e, N.Aggref) and e.ndirect and e.levelsup == 0:
                # an ordered-set aggregate's direct arguments are evaluated
                # once per group (analyzer/funcs.py, INV-OSA-2)
                try:
                    for d in e.args[:e.ndirect]:
                        check(d, clause)
                except PgError as err:
                    if err.sqlstate == GROUPING_ERROR and not err.detail:
                        err.detail = "Direct arguments of an ordered-set aggregate must use only grouped columns."
                    raise
                return
            if isinstance(e, (N.Aggref, N.GroupingFunc)):
                return
            if isinstance(e, N.Var):
                if e.levelsup == 0 and e.varno not in covered:
                    rte = ps.rte(e.varno)
                    colname = rte.colnames[e.varattno - 1] if e.varattno > 0 else "*"
                    raise PgError(GROUPING_ERROR, f'column "{rte.alias}.{colname}" must appear in the '
                                  "GROUP BY clause or be used in an aggregate function",
                                  position=e.location + 1 if e.location >= 0 else None)
                if e.levelsup == 0 and e not in extra:
                    # functionally dependent on a grouped primary key: carry it
                    # through the Agg as an extra (redundant) grouping column
                    extra.append(e)
                    if covered[e.varno] not in q.constraint_deps:
                        q.constraint_deps.append(covered[e.varno])
                return
            if isinstance(e, N.SubLink):
                for t in e.testexprs:
                    check(t, clause)
                return
            from dataclasses import fields
            for f in fields(e):
                v = getattr(e, f.name)
                if isinstance(v, N.Expr):
                    check(v, clause)
                elif isinstance(v, tuple):
                    for x in v:
                        if isinstance(x, N.Expr):
                            check(x, clause)
                        elif isinstance(x, tuple):
                            for y in x:
                                if isinstance(y, N.Expr):
                                    check(y, clause)
        extra: list[N.Expr] = []
        for te in q.target_list:
            check(te.expr, "SELECT")
        check(q.having, "HAVING")
        for e in extra:
            if e not in q.group_by:
                q.group_by.append(e)
                q.group_keys.append(self.sort_key_for(e))

    # ----------------------------------------------------------------- VALUES
    def _values_row(self, ps: ParseState, row) -> list[N.Expr]:
        """One VALUES list; ``t.*`` in it stands for t's columns
        (transformExpressionList expands it as a select list would)."""
        out: list[N.Expr] = []
        for e in row:
            if isinstance(e, A.ColumnRef) and isinstance(e.fields[-1], A.A_Star) and len(e.fields) > 1:
                out.extend(te.expr for te in self.expand_star(ps, e, 0))
            else:
                out.append(self.ea.transform(ps, e))
        return out

    def transform_values(self, ps: ParseState, s: A.SelectStmt) -> N.Query:
        ps.win_kind = "VALUES"                   # no window functions here (analyzer/window.py)
        rows = [self._values_row(ps, row) for row in s.values_lists]
        ncols = len(rows[0])
        for r, raw in zip(rows, s.values_lists):
            if len(r) != ncols:
                raise PgError(SYNTAX_ERROR, "VALUES lists must all be the same length",
                              position=pos(expr_location(raw[0])))
        types = []
        for c in range(ncols):
            col = [r[c] for r in rows]
            locs = [expr_location(row[c]) if c < len(row) else -1 for row in s.values_lists]
            typ = C.select_common_type(self.cat, [expr_type(e) for e in col], "VALUES", locs)
            types.append(typ)
            for r, l in zip(rows, locs):
                r[c] = self.ea.coerce(r[c], typ, -1, C.IMPLICIT, l, what="VALUES")
        names = [f"column{i + 1}" for i in range(ncols)]
        # a column keeps a typmod that every row agrees on (transformValuesClause)
        typmods = []
        for c in range(ncols):
            mods = {expr_typmod(r[c]) for r in rows}
            typmods.append(mods.pop() if len(mods) == 1 else -1)
        rte = N.RangeTblEntry("values", "*VALUES*", names, types, typmods, values_lists=rows)
        rtindex = ps.add_rte(rte)
        q = N.Query("select")
        q.jointree = [N.RangeTblRef(rtindex)]
        ps.namespace.append(NamespaceItem(rtindex, "*VALUES*"))
        q.target_list = [N.TargetEntry(N.Var(rtindex, i + 1, types[i], typmods[i]), i + 1, names[i])
                         for i in range(ncols)]
        q.sort = self.transform_sort(ps, q, s.sort_clause)
        if s.limit_count is not None:
            q.limit_count = self.transform_limit(ps, s.limit_count, "LIMIT")
        if s.limit_offset is not None:
            q.limit_offset = self.transform_limit(ps, s.limit_offset, "OFFSET")
        q.rtable = ps.rtable
        q.has_sublinks = ps.has_sublinks
        q.params = self.ea.param_types
        return q

    # ----------------------------------------------------------------- set operations
    def transform_setop(self, ps: ParseState, s: A.SelectStmt) -> N.Query:
        if s.locking_clause:
            raise PgError(FEATURE_NOT_SUPPORTED, f"{_lock_strength(s.locking_clause[0].strength)} "
                                                 "is not allowed with UNION/INTERSECT/EXCEPT")
        q = N.Query("select")
        leaves: list[N.Query] = []

        def build(node: A.SelectStmt):
            if node.op is None or (node is not s and (node.sort_clause or node.limit_count is not None
                                                       or node.limit_offset is not None or node.with_clause)):
                sub = self.analyze_select(node, parent=ps.parent, resolve_unknowns=False, ctes=ps)
                leaves.append(sub)
                cols = [te for te in sub.target_list if not te.resjunk]
                rte = N.RangeTblEntry("subquery", "*SELECT*", [te.name for te in cols],
                                      [expr_type(te.expr) for te in cols], [expr_typmod(te.expr) for te in cols],
                                      subquery=sub)
                return ps.add_rte(rte)
            left = build(node.larg)
            right = build(node.rarg)
            lt = self._setop_types(ps, left)
            rt = self._setop_types(ps, right)
            if len(lt) != len(rt):
                raise PgError(SYNTAX_ERROR, f"each {node.op.upper()} query must have the same number of columns",
                              position=pos(self._first_location(node.rarg)))
            types, mods = [], []
            for i, (a, b) in enumerate(zip(lt, rt)):
                typ = C.select_common_type(self.cat, [a[0], b[0]], node.op.upper(),
                                           [-1, self._col_location(node.rarg, i)])
                if typ == T.UNKNOWNOID:
                    typ = T.TEXTOID
                types.append(typ)
                mods.append(a[1] if a[1] == b[1] and a[0] == b[0] else -1)
            return N.SetOperation(node.op, node.all, left, right, types, mods)

        # a set op whose leaves may themselves use CTEs from this level
        tree = build(s)
        if not isinstance(tree, N.SetOperation):
            raise PgError(FEATURE_NOT_SUPPORTED, "malformed set operation")
        # coerce each leaf's outputs to the final column types
        self._coerce_leaves(ps, tree, tree.coltypes)
        q.set_op = tree
        first = leaves[0]
        names = [te.name for te in first.target_list if not te.resjunk]
        q.target_list = [N.TargetEntry(N.Var(0, i + 1, t, m), i + 1, names[i])
                         for i, (t, m) in enumerate(zip(tree.coltypes, tree.coltypmods))]
        # ORDER BY over the result columns only
        for sb in s.sort_clause:
            node = sb.node
            if isinstance(node, A.A_Const) and isinstance(node.val, A.Integer):
                e = self._by_position(q, node.val.ival, "ORDER BY", node.location)
            elif isinstance(node, A.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], str):
                hits = [te for te in q.target_list if te.name == node.fields[0]]
                if not hits:
                    raise PgError(UNDEFINED_COLUMN, f'column "{node.fields[0]}" does not exist',
                                  position=pos(node.location))
                e = hits[0].expr
            else:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                              detail="Only result column names can be used, not expressions or functions.",
                              hint="Add the expression/function to every SELECT, or move the UNION into a FROM clause.",
                              position=pos(expr_location(node)))
            q.sort.append(make_sort_key(self.ea, e, sb))
        if s.limit_count is not None:
            q.limit_count = self.transform_limit(ps, s.limit_count, "LIMIT")
        if s.limit_offset is not None:
            q.limit_offset = self.transform_limit(ps, s.limit_offset, "OFFSET")
        q.rtable = ps.rtable
        q.params = self.ea.param_types
        return q

    def _setop_types(self, ps, node) -> list[tuple[int, int]]:
        if isinstance(node, N.SetOperation):
            return list(zip(node.coltypes, node.coltypmods))
        rte = ps.rte(node)
        return list(zip(rte.coltypes, rte.coltypmods))

    def _coerce_leaves(self, ps, node, types: list[int]) -> None:
        if isinstance(node, N.SetOperation):
            node.coltypes = list(types)
            self._coerce_leaves(ps, node.larg, types)
            self._coerce_leaves(ps, node.rarg, types)
            return
        rte = ps.rte(node)
        sub = rte.subquery
        cols = [te for te in sub.target_list if not te.resjunk]
        for te, typ in zip(cols, types):
            if expr_type(te.expr) != typ:
                te.expr = self.ea.coerce(te.expr, typ, -1, C.IMPLICIT, -1)
        rte.coltypes = list(types)

    def _first_location(self, node) -> int:
        while isinstance(node, A.SelectStmt) and node.op is not None:
            node = node.larg
        if isinstance(node, A.SelectStmt) and node.target_list:
            return node.target_list[0].location
        return -1

    def _col_location(self, node, i: int) -> int:
        while isinstance(node, A.SelectStmt) and node.op is not None:
            node = node.larg
        if isinstance(node, A.SelectStmt) and len(node.target_list) > i:
            return expr_location(node.target_list[i].val)
        return -1


def _references(node, name: str) -> bool:
    """Does the raw statement mention ``name`` as an unqualified table?"""
    import dataclasses
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, A.RangeVar):
            if n.schemaname is None and n.relname == name:
                return True
        elif isinstance(n, A.Node):
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n))
        elif isinstance(n, tuple):
            stack.extend(n)
    return False


def _lock_strength(strength: str) -> str:
    """LCS_asString: 'for_no_key_update' -> 'FOR NO KEY UPDATE'."""
    return strength.upper().replace("_", " ")


def check_select_locking(q: N.Query, strength: str) -> None:
    """CheckSelectLocking (analyze.c): row locks need rows of a table, which
    DISTINCT, grouping, aggregates and set-returning outputs do not give."""
    what = None
    if q.distinct is not None or q.distinct_on is not None:
        what = "DISTINCT clause"
    elif q.group_by or getattr(q, "grouping_sets_raw", None):
        what = "GROUP BY clause"
    elif q.having is not None:
        what = "HAVING clause"
    elif q.has_aggs:
        what = "aggregate functions"
    elif q.has_window_funcs:
        what = "window functions"
    elif any(getattr(x, "retset", False) for x in _walk([te.expr for te in q.target_list])):
        what = "set-returning functions in the target list"
    if what is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{_lock_strength(strength)} is not allowed with {what}")


def _single_out_name(cat, e) -> str | None:
    """The name of a function's only OUT parameter (pg_partition_ancestors'
    ``relid``), which PostgreSQL uses for the column of a scalar function in FROM."""
    fid = getattr(e, "funcid", None)
    if not isinstance(fid, int) or not fid:
        return None
    try:
        p = cat.proc(fid)
    except PgError:
        return None
    modes, names = getattr(p, "argmodes", None), getattr(p, "argnames", None)
    if not modes or not names:
        return None
    outs = [n for m, n in zip(modes, names) if m in ("o", "b", "t")]
    return outs[0] if len(outs) == 1 and outs[0] else None

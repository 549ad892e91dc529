"""INSERT, UPDATE and DELETE into Query trees (analyze.c's
transformInsertStmt / transformUpdateStmt / transformDeleteStmt).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Data-modifying
statements").  The target table is range-table entry 1.  What the planner
gets:

* INSERT: ``insert_source`` is a Query producing rows in the order of
  ``insert_columns``; ``target_list`` has one expression per table column
  (in attnum order) over that source -- the value itself (coerced for
  assignment), the column default, or NULL.
* UPDATE: ``update_columns`` and, in ``target_list``, one new-value
  expression per updated column, over the target row (rtindex 1) and any
  FROM items; the executor keeps the other columns.
* DELETE: the rows of rtindex 1 that survive WHERE (and USING joins).
* ``returning``: expressions over rtindex 1 (new row for INSERT/UPDATE,
  old row for DELETE).
"""
from __future__ import annotations

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.expr import expr_location, expr_type, pos
from pgref.analyzer.parse_state import NamespaceItem, ParseState, make_var
from pgref.analyzer.query import QueryAnalyzer
from pgref.errors import (DATATYPE_MISMATCH, DUPLICATE_COLUMN, FEATURE_NOT_SUPPORTED,
                          INVALID_COLUMN_REFERENCE, SYNTAX_ERROR, UNDEFINED_COLUMN,
                          WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

GENERATED_ALWAYS = "428C9"


class ModifyAnalyzer(QueryAnalyzer):
    # a data-modifying WITH item sees its sibling WITH items (analyzer/cte.py)
    cte_scope: "ParseState | None" = None
    # a rule's action sees the rule's OLD and NEW one level up (planner/rewrite.py)
    rule_scope: "ParseState | None" = None

    def target_relation(self, ps: ParseState, rv: A.RangeVar, what: str):
        rel = self.lookup_relation(rv)
        if getattr(rel, "system", False):
            raise PgError("42501", f"permission denied for table {rel.name}",
                          detail="pgref's system catalogs are read-only.")
        from pgref.executor.triggers import has_instead_trigger     # spec/09-engine.md, "Triggers"
        auto_view = rel.kind == "v" and not (what == "insert into" and has_instead_trigger(rel, "INSERT"))
        if auto_view and any(r.event == what.split()[0] for r in rel.rules):
            # a view with rules for this event: planner/rewrite.py decides
            # after applying them whether it is updated automatically
            auto_view = False
        if auto_view:
            # an automatically updatable view: rewritten to its base table
            # once analyzed (analyzer/viewupdate.py, spec/09-engine.md "Updatable views")
            from pgref.analyzer import viewupdate
            cmd = {"insert into": "INSERT", "update": "UPDATE", "delete from": "DELETE"}[what]
            if cmd != "INSERT" and has_instead_trigger(rel, cmd):
                raise PgError(FEATURE_NOT_SUPPORTED, f'cannot {what} view "{rel.name}"',
                              detail=f"INSTEAD OF {cmd} triggers are not supported yet.")
            viewupdate.check_target_view(self, rel, what)
        if rel.kind not in ("r", "v"):
            raise PgError(WRONG_OBJECT_TYPE, f'cannot {what} relation "{rel.name}"' if rel.kind != "S"
                          else f'cannot change sequence "{rel.name}"')
        alias = rv.alias.aliasname if rv.alias else rel.name
        rte = N.RangeTblEntry("relation", alias, [c.name if not c.dropped else "" for c in rel.columns],
                              [c.typ for c in rel.columns], [c.typmod for c in rel.columns],
                              relid=rel.oid, relkind="v" if auto_view else "r", relname=rel.name,
                              inh=rv.inh and what != "insert into")
        rtindex = ps.add_rte(rte)
        return rel, rtindex

    def default_expr(self, rel, col, update: bool = False) -> N.Expr:
        if rel.kind == "v" and col.default is None:
            # a view column without its own default: INSERT takes the base
            # column's, UPDATE ... SET c = DEFAULT NULL (rewriteTargetListIU)
            if update:
                return self.ea.coerce(N.Const(T.UNKNOWNOID, None), col.typ, col.typmod, C.ASSIGNMENT, -1)
            from pgref.analyzer.viewupdate import view_default
            return view_default(self, rel, col)
        if col.generated:
            # computed by the executor from the new row (engine/generated.py, INV-GEN-1)
            from pgref.engine.generated import generated_default
            return generated_default(col)
        if col.identity:
            from pgref.analyzer.nodes import SessionFunc
            return SessionFunc("nextval_oid", T.INT8OID if col.typ == T.INT8OID else col.typ,
                               (N.Const(T.OIDOID, col.identity_seq),))
        default = col.default
        if default is None:
            t = self.cat.typeinfo(col.typ)
            td = getattr(self.cat, "type_defs", {}).get(col.typ)
            if t is not None and t.typtype == "b" and td is not None and td.default_text is not None:
                # a base type's DEFAULT (get_typdefault): its text, read by the type
                return self.ea.coerce(N.Const(T.UNKNOWNOID, td.default_text), col.typ, col.typmod,
                                      C.ASSIGNMENT, -1)
            if t is None or t.typtype != "d":
                return N.Const(col.typ, None, col.typmod)
            # a domain column: the domain's default, else NULL -- which must
            # pass the domain's NOT NULL (rewriteTargetListIU's coerce_to_domain)
            default = td.default if td is not None else None
            if default is None:
                return self.ea.coerce(N.Const(T.UNKNOWNOID, None), col.typ, col.typmod, C.ASSIGNMENT, -1)
        ps = ParseState()
        ps.agg_allowed = "DEFAULT expressions"
        e = self.ea.transform(ps, default)
        return self.assign_coerce(e, col, expr_location(default))

    def assign_coerce(self, e: N.Expr, col, location: int) -> N.Expr:
        src = expr_type(e)
        if src == col.typ and (col.typmod < 0 or getattr(e, "typmod", -1) == col.typmod):
            return e
        try:
            return self.ea.coerce(e, col.typ, col.typmod, C.ASSIGNMENT, location)
        except PgError as err:
            if err.sqlstate == DATATYPE_MISMATCH and err.message.startswith("cannot cast"):
                raise PgError(DATATYPE_MISMATCH,
                              f'column "{col.name}" is of type {self.cat.format_type(col.typ, -1)}'
                              f" but expression is of type {self.cat.format_type(src)}",
                              hint="You will need to rewrite or cast the expression.",
                              position=pos(location))
            raise

    def _columns(self, rel, cols) -> list:
        if not cols:
            return [c for c in rel.columns if not c.dropped]
        out, whole, partial = [], set(), set()
        for rt in cols:
            c = rel.column(rt.name)
            if c is None:
                raise PgError(UNDEFINED_COLUMN, f'column "{rt.name}" of relation "{rel.name}" does not exist',
                              position=pos(rt.location))
            # INSERT INTO t (c.f, c.g) assigns parts of one column twice (analyzer/assign.py)
            if c.attnum in whole or (not rt.indirection and c.attnum in partial):
                raise PgError(DUPLICATE_COLUMN, f'column "{rt.name}" specified more than once',
                              position=pos(rt.location))
            (partial if rt.indirection else whole).add(c.attnum)
            out.append(c)
        return out

    def _assigned(self, ps: ParseState, e: N.Expr, c, rt, location: int, base: N.Expr) -> N.Expr:
        """The value column ``c`` gets from ``e``: coerced for assignment,
        or, when the target names a part of the column (``a[1]``, ``c.f``),
        ``base`` with that part replaced (analyzer/assign.py)."""
        if rt is None or not rt.indirection:
            return self.assign_coerce(e, c, location)
        from pgref.analyzer.assign import AssignmentBuilder
        return AssignmentBuilder(self.ea).build(ps, base, c.name, c.typ, c.typmod, rt.indirection, e,
                                                rt.location)

    def _merge_targets(self, cols, exprs, rts) -> tuple[list, list]:
        """Several targets on one column become one nested assignment
        (rewriteHandler.c's process_matched_tle), in first-appearance order."""
        if len({c.attnum for c in cols}) == len(cols):
            return list(cols), list(exprs)
        from pgref.analyzer.assign import AssignmentBuilder
        out_cols, out_exprs, where = [], [], {}
        for c, e, rt in zip(cols, exprs, rts):
            if c.attnum in where:
                k = where[c.attnum]
                out_exprs[k] = AssignmentBuilder(self.ea).merge(out_exprs[k], e, c.name, rt.location)
                continue
            where[c.attnum] = len(out_cols)
            out_cols.append(c)
            out_exprs.append(e)
        return out_cols, out_exprs

    def _no_default(self, rt) -> None:
        if rt is not None and rt.indirection:
            first = rt.indirection[0]
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot set an array element to DEFAULT" if isinstance(first, A.A_Indices)
                          else "cannot set a subfield to DEFAULT", position=pos(rt.location))

    # ================================================================= INSERT
    def analyze_insert(self, s: A.InsertStmt) -> N.Query:
        ps = ParseState(parent=self.rule_scope, cte_outer=self.cte_scope)
        if s.with_clause is not None:
            self.transform_with(ps, s.with_clause)
        rel, rtindex = self.target_relation(ps, s.relation, "insert into")
        q = N.Query("insert")
        q.result_relation = rtindex
        cols = self._columns(rel, s.cols)
        # identity ALWAYS columns refuse explicit values unless OVERRIDING SYSTEM VALUE
        values: dict[int, N.Expr] = {}
        src = s.select_stmt
        if src is None:
            source_q = None
        elif isinstance(src, A.SelectStmt) and src.values_lists and src.op is None and not src.sort_clause \
                and src.limit_count is None and src.with_clause is None:
            if not s.cols:
                # INSERT INTO t VALUES (...) with fewer values fills the leading columns
                cols = cols[:max(len(r) for r in src.values_lists)] if len(src.values_lists[0]) < len(cols) else cols
            source_q = self._insert_values(ps, rel, cols, src, s)
        else:
            # the source sees the statement's WITH queries but none of its columns
            cte_scope = ParseState(parent=self.rule_scope, cte_outer=self.cte_scope)
            cte_scope.ctes, cte_scope.cte_colnames = ps.ctes, ps.cte_colnames
            sub = self.analyze_select(src, parent=cte_scope)
            outs = [te for te in sub.target_list if not te.resjunk]
            if not s.cols and len(outs) < len(cols):
                cols = cols[:len(outs)]
            self._check_counts(len(outs), len(cols), s, src)
            source_q = sub
            sub_names = [te.name for te in outs]
            rte = N.RangeTblEntry("subquery", "*SELECT*", sub_names, [expr_type(te.expr) for te in outs],
                                  [-1] * len(outs), subquery=sub)
            sidx = ps.add_rte(rte)
            assigned = []
            for i, c in enumerate(cols):
                v = N.Var(sidx, i + 1, expr_type(outs[i].expr))
                assigned.append(self._assigned(ps, v, c, s.cols[i] if s.cols else None,
                                               expr_location(src.target_list[i].val)
                                               if i < len(src.target_list) else -1, N.Const(c.typ, None, c.typmod)))
                self._check_identity(c, s)
            for c, e in zip(*self._merge_targets(cols, assigned, s.cols or [None] * len(cols))):
                values[c.attnum] = e
            q.jointree = [N.RangeTblRef(sidx)]
        if source_q is not None and source_q is not True and not q.jointree:
            # VALUES: an RTE whose columns are already of the target types
            q.jointree = [N.RangeTblRef(source_q)]
            vrte = ps.rte(source_q)
            cols = list({c.attnum: c for c in cols}.values())
            for i, c in enumerate(cols):
                values[c.attnum] = N.Var(source_q, i + 1, vrte.coltypes[i], vrte.coltypmods[i])
        q.target_list = []
        for c in rel.columns:
            if c.dropped:
                e: N.Expr = N.Const(T.INT4OID, None)
            elif c.attnum in values:
                e = values[c.attnum]
            else:
                e = self.default_expr(rel, c)
            q.target_list.append(N.TargetEntry(e, c.attnum, c.name))
        q.insert_columns = list(dict.fromkeys(c.attnum for c in cols))
        # ON CONFLICT
        if s.on_conflict is not None:
            q.on_conflict = self.transform_on_conflict(ps, rel, rtindex, s.on_conflict)
        # RETURNING sees the target table
        if s.returning_list:
            ps.namespace = [NamespaceItem(rtindex, ps.rte(rtindex).alias)]
            q.returning = self.transform_returning(ps, s.returning_list)
        q.rtable = ps.rtable
        q.ctes = dict(ps.ctes)
        q.params = self.ea.param_types
        from pgref.analyzer.viewupdate import rewrite_target_view
        return rewrite_target_view(self, q)

    def _check_counts(self, nvals: int, ncols: int, s: A.InsertStmt, src) -> None:
        if nvals > ncols:
            raise PgError(SYNTAX_ERROR, "INSERT has more expressions than target columns",
                          position=pos(self._loc_of_value(src, ncols)))
        if nvals < ncols and s.cols:
            raise PgError(SYNTAX_ERROR, "INSERT has more target columns than expressions",
                          position=pos(s.cols[nvals].location))

    def _loc_of_value(self, src, i: int) -> int:
        if isinstance(src, A.SelectStmt):
            if src.values_lists:
                row = src.values_lists[0]
                return expr_location(row[i]) if i < len(row) else -1
            if i < len(src.target_list):
                return expr_location(src.target_list[i].val)
        return -1

    def _check_identity(self, c, s: A.InsertStmt) -> None:
        if c.generated:                     # INV-GEN-3
            raise PgError(GENERATED_ALWAYS, f'cannot insert a non-DEFAULT value into column "{c.name}"',
                          detail=f'Column "{c.name}" is a generated column.')
        if c.identity == "a" and s.override != "system":
            raise PgError(GENERATED_ALWAYS, f'cannot insert a non-DEFAULT value into column "{c.name}"',
                          detail=f'Column "{c.name}" is an identity column defined as GENERATED ALWAYS.',
                          hint="Use OVERRIDING SYSTEM VALUE to override.")

    def _insert_values(self, ps: ParseState, rel, cols, src: A.SelectStmt, s: A.InsertStmt) -> int:
        rows = []
        vps = ParseState(parent=self.rule_scope, cte_outer=self.cte_scope)
        vps.ctes, vps.cte_colnames = ps.ctes, ps.cte_colnames
        vps.agg_allowed = "VALUES"
        for row in src.values_lists:
            self._check_counts(len(row), len(cols), s, A.SelectStmt(values_lists=(row,)))
            out = []
            for k, (c, node) in enumerate(zip(cols, row)):
                rt = s.cols[k] if s.cols else None
                if isinstance(node, A.SetToDefault):
                    self._no_default(rt)
                    out.append(self.default_expr(rel, c))
                    continue
                e = self.ea.transform(vps, node)
                self._check_identity(c, s)
                out.append(self._assigned(vps, e, c, rt, expr_location(node), N.Const(c.typ, None, c.typmod)))
            rows.append(self._merge_targets(cols, out, s.cols or [None] * len(cols))[1])
        ps.has_sublinks = ps.has_sublinks or vps.has_sublinks
        if not cols:
            # INSERT INTO t VALUES () is a syntax error; a zero-column table takes ()
            pass
        cols = list({c.attnum: c for c in cols}.values())
        names = [f"column{i + 1}" for i in range(len(cols))]
        rte = N.RangeTblEntry("values", "*VALUES*", names, [c.typ for c in cols], [c.typmod for c in cols],
                              values_lists=rows)
        return ps.add_rte(rte)

    def transform_on_conflict(self, ps: ParseState, rel, rtindex: int, oc: A.OnConflictClause) -> N.OnConflict:
        arbiters: list[int] = []
        # a view's conflict target is its base table's (analyzer/viewupdate.py)
        from pgref.analyzer.viewupdate import inference_relation
        irel, amap = inference_relation(self, rel)
        if oc.infer is not None:
            if oc.infer.conname:
                con = next((c for c in irel.constraints if c.name == oc.infer.conname), None)
                if con is None:
                    raise PgError("42704", f'constraint "{oc.infer.conname}" for table "{irel.name}" does not exist')
                if not con.index_oid:
                    raise PgError("42809", "constraint in ON CONFLICT clause has no associated index")
                arbiters = [con.index_oid]
            else:
                attnums = []
                for el in oc.infer.index_elems:
                    if el.name is None:
                        raise PgError(FEATURE_NOT_SUPPORTED, "expressions in ON CONFLICT inference are not supported yet")
                    c = rel.column(el.name)
                    if c is None:
                        raise PgError(UNDEFINED_COLUMN, f'column "{el.name}" does not exist',
                                      position=pos(oc.infer.location))
                    attnums.append(amap(c.attnum))
                for idx in irel.indexes:
                    if idx.unique and idx.predicate is None and sorted(idx.columns) == sorted(attnums):
                        arbiters.append(idx.oid)
                if not arbiters:
                    raise PgError("42P10",
                                  "there is no unique or exclusion constraint matching the ON CONFLICT specification")
        elif oc.action == "update":
            raise PgError(SYNTAX_ERROR, "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                          hint="For example, ON CONFLICT (column_name).", position=pos(oc.location))
        else:
            arbiters = [i.oid for i in irel.indexes if i.unique]
        out = N.OnConflict(oc.action, arbiters, [], None)
        if oc.action == "update":
            rte = ps.rte(rtindex)
            excl = N.RangeTblEntry("relation", "excluded", list(rte.colnames), list(rte.coltypes),
                                   list(rte.coltypmods), relid=rel.oid, relkind="r")
            eidx = ps.add_rte(excl)
            out.excluded_rtindex = eidx
            ups = ParseState(cte_outer=self.cte_scope)
            ups.rtable = ps.rtable
            ups.ctes, ups.cte_colnames = ps.ctes, ps.cte_colnames
            ups.namespace = [NamespaceItem(rtindex, rte.alias), NamespaceItem(eidx, "excluded")]
            ups.agg_allowed = "ON CONFLICT DO UPDATE"
            out.set_list = self._set_list(ups, rel, oc.target_list, rtindex)
            if oc.where_clause is not None:
                out.where = self.ea.coerce_to_boolean(self.ea.transform(ups, oc.where_clause), "WHERE", -1)
        return out

    def transform_returning(self, ps: ParseState, lst) -> list[N.TargetEntry]:
        ps.agg_allowed = "RETURNING"
        out = self.transform_target_list(ps, lst)
        for te in out:
            if expr_type(te.expr) == T.UNKNOWNOID:
                te.expr = self.ea.coerce(te.expr, T.TEXTOID, -1, C.IMPLICIT, -1)
        return out

    def _set_list(self, ps: ParseState, rel, targets, rtindex: int = 1) -> list[N.TargetEntry]:
        out: list[N.TargetEntry] = []
        seen: set[int] = set()
        multi_cache: dict[int, list[N.Expr]] = {}
        for rt in targets:
            c = rel.column(rt.name)
            if c is None:
                raise PgError(UNDEFINED_COLUMN, f'column "{rt.name}" of relation "{rel.name}" does not exist',
                              position=pos(rt.location))
            val = rt.val
            base = N.Var(rtindex, c.attnum, c.typ, c.typmod)
            if isinstance(val, A.SetToDefault):
                self._no_default(rt)
                e = self.default_expr(rel, c, update=True)
            elif isinstance(val, A.MultiAssignRef):
                key = id(val.source)
                if key not in multi_cache:
                    src = val.source
                    if isinstance(src, A.RowExpr):
                        # ROW(..., DEFAULT, ...) keeps DEFAULT as None; ROW(v.*) expands
                        multi_cache[key] = self.ea.row_args(ps, src.args, default_ok=True)
                        if len(multi_cache[key]) != val.ncolumns:
                            raise PgError(SYNTAX_ERROR, "number of columns does not match number of values",
                                          position=pos(rt.location))
                    elif isinstance(src, A.SubLink) and src.sub_link_type in ("multiexpr", "expr"):
                        # SET (a, b) = (SELECT x, y ...): one row-valued subquery, one field per column
                        from pgref.analyzer.query import QueryAnalyzer
                        sub = QueryAnalyzer(self.ea).analyze_select(src.subselect, parent=ps)
                        ps.has_sublinks = True
                        cols = [te for te in sub.target_list if not te.resjunk]
                        if len(cols) != val.ncolumns:
                            raise PgError(SYNTAX_ERROR, "number of columns does not match number of values",
                                          position=pos(rt.location))
                        row = N.SubLink("row", sub, T.RECORDOID)
                        multi_cache[key] = [N.FieldSelect(row, i + 1, te.expr.typ) for i, te in enumerate(cols)]
                    else:
                        raise PgError(SYNTAX_ERROR, "source for a multiple-column UPDATE item must be a sub-SELECT "
                                      "or ROW() expression", position=pos(expr_location(src)))
                e0 = multi_cache[key][val.colno - 1]
                if e0 is None:
                    self._no_default(rt)
                e = self.default_expr(rel, c, update=True) if e0 is None else \
                    self._assigned(ps, e0, c, rt, rt.location, base)
            else:
                e = self._assigned(ps, self.ea.transform(ps, val), c, rt, expr_location(val), base)
            if c.generated and not isinstance(val, A.SetToDefault) and \
                    not (isinstance(val, A.MultiAssignRef) and e0 is None):
                raise PgError(GENERATED_ALWAYS, f'column "{c.name}" can only be updated to DEFAULT',
                              detail=f'Column "{c.name}" is a generated column.')
            if c.identity == "a" and not isinstance(val, A.SetToDefault):
                raise PgError(GENERATED_ALWAYS, f'column "{c.name}" can only be updated to DEFAULT',
                              detail=f'Column "{c.name}" is an identity column defined as GENERATED ALWAYS.')
            if c.attnum in seen:
                # several assignments to parts of one column nest (analyzer/assign.py)
                from pgref.analyzer.assign import AssignmentBuilder
                k = next(i for i, te in enumerate(out) if te.resno == c.attnum)
                out[k] = N.TargetEntry(AssignmentBuilder(self.ea).merge(out[k].expr, e, c.name, rt.location),
                                       c.attnum, c.name)
                continue
            seen.add(c.attnum)
            out.append(N.TargetEntry(e, c.attnum, c.name))
        return out

    # ================================================================= UPDATE / DELETE
    def _target_and_from(self, s, command: str, what: str, extra_from) -> tuple[ParseState, N.Query, object]:
        """The part UPDATE and DELETE share: WITH, the target (range-table
        entry 1), and the FROM / USING items joined to it."""
        ps = ParseState(parent=self.rule_scope, cte_outer=self.cte_scope)
        if s.with_clause is not None:
            self.transform_with(ps, s.with_clause)
        rel, rtindex = self.target_relation(ps, s.relation, what)
        q = N.Query(command)
        q.result_relation = rtindex
        target_item = NamespaceItem(rtindex, ps.rte(rtindex).alias)
        ps.namespace.append(target_item)
        q.jointree = [N.RangeTblRef(rtindex)] + self.transform_from_extra(ps, extra_from, [target_item])
        return ps, q, rel

    def _finish(self, ps: ParseState, q: N.Query, s) -> N.Query:
        if s.where_clause is not None:
            ps.agg_allowed = "WHERE"
            q.where = self.ea.coerce_to_boolean(self.ea.transform(ps, s.where_clause), "WHERE",
                                                expr_location(s.where_clause))
        if s.returning_list:
            q.returning = self.transform_returning(ps, s.returning_list)
        q.rtable = ps.rtable
        q.ctes = dict(ps.ctes)
        q.has_sublinks = ps.has_sublinks
        q.params = self.ea.param_types
        from pgref.analyzer.viewupdate import rewrite_target_view
        return rewrite_target_view(self, q)

    def analyze_update(self, s: A.UpdateStmt) -> N.Query:
        ps, q, rel = self._target_and_from(s, "update", "update", s.from_clause)
        ps.agg_allowed = "UPDATE"
        sets = self._set_list(ps, rel, s.target_list, q.result_relation)
        q.update_columns = [te.resno for te in sets]
        q.target_list = sets
        return self._finish(ps, q, s)

    def transform_from_extra(self, ps: ParseState, items, existing) -> list[N.FromNode]:
        nodes = []
        all_items = list(existing)
        for it in items:
            node, ns_items = self.transform_from_item(ps, it)
            self._check_conflicts(all_items, ns_items)
            all_items.extend(ns_items)
            ps.namespace.extend(ns_items)
            nodes.append(node)
        return nodes

    def analyze_delete(self, s: A.DeleteStmt) -> N.Query:
        ps, q, _rel = self._target_and_from(s, "delete", "delete from", s.using_clause)
        return self._finish(ps, q, s)

"""MERGE into a Query tree (PostgreSQL 15's parse_merge.c, transformMergeStmt).

Where it sits: ``analyzer/`` (spec/07-executor.md, "MERGE").  A MERGE is
analyzed like the other data-modifying statements (analyzer/modify.py,
whose ModifyAnalyzer it extends) and yields one ``Query("merge")``:

* range-table entry 1 is the target table, then the source's entries, then
  a ``join`` entry for the join of the two;
* ``jointree`` is that one join: ``target RIGHT JOIN source ON cond`` when
  some WHEN NOT MATCHED clause inserts (so source rows without a match
  survive, the target's columns NULL), else ``target JOIN source ON cond``
  (transform_MERGE_to_join);
* ``merge_actions`` lists one :class:`MergeAction` per WHEN clause, in
  order.  The executor (executor/merge.py) runs, for each joined row, the
  first action of the right kind (MATCHED when the target row is there)
  whose condition holds.

What is checked here (with PostgreSQL's messages): the target must be a
plain or partitioned table; the target's name must differ from the
source's; no WHEN clause may follow an unconditional one of the same kind;
WHEN NOT MATCHED clauses cannot see the target (INV-MERGE-1); a WHEN
condition cannot use system columns; WITH RECURSIVE is refused.

Entry point: ``MergeAnalyzer(ea).analyze_merge(stmt) -> Query``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pgref.analyzer import nodes as N
from pgref.analyzer.expr import expr_location, expr_type, expr_typmod, pos
from pgref.analyzer.modify import ModifyAnalyzer
from pgref.analyzer.parse_state import NamespaceItem, ParseState
from pgref.errors import DUPLICATE_ALIAS, FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, PgError
from pgref.sql import ast as A
from pgref.types import oids as T

_RELKIND_PLURAL = {"v": "views", "m": "materialized views", "f": "foreign tables", "S": "sequences",
                   "i": "indexes", "c": "composite types", "I": "partitioned indexes", "t": "TOAST tables"}


@dataclass
class MergeAction:
    """One analyzed WHEN clause (PostgreSQL's MergeAction).  ``command`` is
    'update', 'delete', 'insert' or 'nothing'; ``qual`` the AND condition
    (over the joined row) or None.  UPDATE: ``target_list`` holds one
    new-value entry per SET column (resno = attnum).  INSERT: one entry per
    table column in attnum order (the value, the default, or NULL), over
    the source's columns only."""
    matched: bool
    command: str
    qual: N.Expr | None = None
    target_list: list = field(default_factory=list)
    override: str | None = None
    insert_columns: list = field(default_factory=list)


class MergeAnalyzer(ModifyAnalyzer):

    def analyze_merge(self, s: A.MergeStmt) -> N.Query:
        ps = ParseState(cte_outer=self.cte_scope)
        if s.with_clause is not None:
            if s.with_clause.recursive:
                raise PgError(FEATURE_NOT_SUPPORTED, "WITH RECURSIVE is not supported for MERGE statement")
            self.transform_with(ps, s.with_clause)
        self._check_reachable(s.when_clauses)
        rel, rti = self._target(ps, s.relation)
        q = N.Query("merge")
        q.result_relation = rti
        target_rte = ps.rte(rti)

        # the source: its own entries, seen by nothing but the statement
        src_node, src_items = self.transform_from_item(ps, s.source_relation)
        for it in src_items:
            if it.rel_visible and it.refname == target_rte.alias:
                raise PgError(DUPLICATE_ALIAS, f'name "{target_rte.alias}" specified more than once',
                              detail="The name is used both as MERGE target table and data source.")
        target_item = NamespaceItem(rti, target_rte.alias)
        ps.namespace = [target_item] + list(src_items)
        ps.agg_allowed = "JOIN conditions"
        cond = self.ea.coerce_to_boolean(self.ea.transform(ps, s.join_condition), "JOIN/ON",
                                         expr_location(s.join_condition))

        actions = []
        for clause in s.when_clauses:
            # INV-MERGE-1: NOT MATCHED clauses see the source only (setNamespaceForMergeWhen)
            target_item.cols_visible = target_item.rel_visible = clause.matched
            actions.append(self._action(ps, rel, rti, clause))
        target_item.cols_visible = target_item.rel_visible = True
        outer = any(a.command == "insert" for a in actions)

        # the join of target and source (transform_MERGE_to_join)
        tcols = [(n, N.Var(rti, i + 1, target_rte.coltypes[i], target_rte.coltypmods[i]))
                 for i, n in enumerate(target_rte.colnames)]
        scols = self._output_columns(ps, src_items)
        cols = tcols + scols
        jointype = "right" if outer else "inner"
        jrte = N.RangeTblEntry("join", "unnamed_join", [n for n, _ in cols], [expr_type(e) for _, e in cols],
                               [expr_typmod(e) for _, e in cols], joinvars=[e for _, e in cols],
                               jointype=jointype)
        jrti = ps.add_rte(jrte)
        q.jointree = [N.JoinTree(jointype, N.RangeTblRef(rti), src_node, cond, jrti)]
        q.merge_actions = actions  # type: ignore[attr-defined]
        q.merge_use_outer_join = outer  # type: ignore[attr-defined]
        q.update_columns = sorted({te.resno for a in actions if a.command == "update" for te in a.target_list})
        q.rtable = ps.rtable
        q.ctes = dict(ps.ctes)
        q.has_sublinks = ps.has_sublinks
        q.params = self.ea.param_types
        return q

    # ------------------------------------------------------------ pieces
    @staticmethod
    def _check_reachable(clauses) -> None:
        terminal = {True: False, False: False}
        for c in clauses:
            if terminal[c.matched]:
                raise PgError(SYNTAX_ERROR, "unreachable WHEN clause specified after unconditional WHEN clause")
            if c.condition is None:
                terminal[c.matched] = True

    def _target(self, ps: ParseState, rv: A.RangeVar):
        rel = self.lookup_relation(rv)
        if getattr(rel, "system", False):
            raise PgError("42501", f"permission denied for table {rel.name}",
                          detail="pgref's system catalogs are read-only.")
        if rel.kind != "r":
            detail = f"This operation is not supported for {_RELKIND_PLURAL.get(rel.kind, 'this relation')}."
            raise PgError(FEATURE_NOT_SUPPORTED, f'cannot execute MERGE on relation "{rel.name}"', detail=detail)
        if getattr(rel, "rules", None):
            raise PgError(FEATURE_NOT_SUPPORTED, f'cannot execute MERGE on relation "{rel.name}"',
                          detail="MERGE is not supported for relations with rules.")
        alias = rv.alias.aliasname if rv.alias else rel.name
        rte = N.RangeTblEntry("relation", alias, [c.name if not c.dropped else "" for c in rel.columns],
                              [c.typ for c in rel.columns], [c.typmod for c in rel.columns],
                              relid=rel.oid, relkind="r", relname=rel.name, inh=rv.inh)
        return rel, ps.add_rte(rte)

    def _action(self, ps: ParseState, rel, rti: int, clause: A.MergeWhenClause) -> MergeAction:
        act = MergeAction(clause.matched, clause.command, override=clause.override)
        if clause.condition is not None:
            ps.agg_allowed = "MERGE WHEN conditions"
            qual = self.ea.transform(ps, clause.condition)
            self._no_system_columns(qual)
            act.qual = self.ea.coerce_to_boolean(qual, "WHEN", expr_location(clause.condition))
        if clause.command == "update":
            ps.agg_allowed = "UPDATE"
            act.target_list = self._set_list(ps, rel, clause.target_list, rti)
        elif clause.command == "insert":
            act.target_list, act.insert_columns = self._insert_row(ps, rel, clause)
        return act

    def _no_system_columns(self, e: N.Expr) -> None:
        """A WHEN condition may use no system column but tableoid
        (scanNSItemForColumn under EXPR_KIND_MERGE_WHEN)."""
        from pgref.analyzer.parse_state import SYSTEM_COLUMNS
        from pgref.planner.planner import walk_expr
        names = {v: k for k, v in SYSTEM_COLUMNS.items()}
        for x, depth in walk_expr(e, 0):
            if isinstance(x, N.Var) and x.levelsup == depth and x.varattno < 0 and x.varattno != -6:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f'cannot use system column "{names.get(x.varattno, "?")}" in MERGE WHEN condition',
                              position=pos(x.location))

    def _insert_row(self, ps: ParseState, rel, clause: A.MergeWhenClause):
        """The row a WHEN NOT MATCHED THEN INSERT writes: one entry per
        table column (transformInsertRow, then the defaults)."""
        cols = self._columns(rel, clause.target_list)
        values: dict[int, N.Expr] = {}
        stub = A.InsertStmt(cols=clause.target_list, override=clause.override)
        if clause.values is not None:
            vals = clause.values
            if len(vals) > len(cols):
                raise PgError(SYNTAX_ERROR, "INSERT has more expressions than target columns",
                              position=pos(expr_location(vals[len(cols)])))
            if len(vals) < len(cols):
                if clause.target_list:
                    raise PgError(SYNTAX_ERROR, "INSERT has more target columns than expressions",
                                  position=pos(clause.target_list[len(vals)].location))
                cols = cols[:len(vals)]
            ps.agg_allowed = "VALUES"
            out = []
            for k, (c, node) in enumerate(zip(cols, vals)):
                rt = clause.target_list[k] if clause.target_list else None
                if isinstance(node, A.SetToDefault):
                    self._no_default(rt)
                    out.append(self.default_expr(rel, c))
                    continue
                e = self.ea.transform(ps, node)
                if c.identity and clause.override == "user" and not c.generated:
                    out.append(self.default_expr(rel, c))     # OVERRIDING USER VALUE: the value is ignored
                    continue
                self._check_identity(c, stub)
                out.append(self._assigned(ps, e, c, rt, expr_location(node), N.Const(c.typ, None, c.typmod)))
            mcols, mexprs = self._merge_targets(cols, out, clause.target_list or [None] * len(cols))
            for c, e in zip(mcols, mexprs):
                values[c.attnum] = e
        else:
            cols = []
        tl = []
        for c in rel.columns:
            if c.dropped:
                e: N.Expr = N.Const(T.INT4OID, None)
            elif c.attnum in values:
                e = values[c.attnum]
            else:
                e = self.default_expr(rel, c)
            tl.append(N.TargetEntry(e, c.attnum, c.name))
        return tl, list(dict.fromkeys(c.attnum for c in cols))


def analyze_merge(ea, stmt: A.MergeStmt, cte_scope=None) -> N.Query:
    """The one entry the engine's dispatchers call."""
    ma = MergeAnalyzer(ea)
    ma.cte_scope = cte_scope
    return ma.analyze_merge(stmt)

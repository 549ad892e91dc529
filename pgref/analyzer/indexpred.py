"""A partial index's predicate as an analyzed expression.

Where it sits: ``analyzer/`` (spec/07-executor.md, "Partial indexes").  The
catalog keeps ``Index.predicate`` as the parse tree of CREATE INDEX's WHERE
clause (so it persists and prints back like a CHECK constraint, see
catalog/ruleutils.py); the executor (which rows get index entries) and the
planner (may this index serve the query, planner/predtest.py) need it
analyzed against the table, with the table as range-table entry 1.  The
analyzed tree is cached on the Index object.

``check_index_predicate`` applies DefineIndex's rules at CREATE INDEX time:
no sub-queries, aggregates or window functions, and only IMMUTABLE
functions and operators.
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, INVALID_OBJECT_DEFINITION, PgError

PG_CATALOG = 11


def index_predicate(cat, rel, idx, ea=None):
    """``idx.predicate`` analyzed (table = RTE 1), or None for a full index."""
    if idx.predicate is None:
        return None
    got = idx.__dict__.get("_pred_expr")
    if got is not None and got[0] is idx.predicate:
        return got[1]
    from pgref.analyzer.expr import ExprAnalyzer, expr_location
    from pgref.analyzer.parse_state import table_parse_state
    if ea is None:
        ea = ExprAnalyzer(cat, [PG_CATALOG, rel.namespace], None)
    ps = table_parse_state(rel)
    ps.agg_allowed = "index predicates"
    e = ea.coerce_to_boolean(ea.transform(ps, idx.predicate), "WHERE", expr_location(idx.predicate))
    if ps.has_sublinks:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in index predicate")
    idx.__dict__["_pred_expr"] = (idx.predicate, e)
    return e


def check_index_predicate(cat, e) -> None:
    """CheckPredicate: an index predicate may call only IMMUTABLE functions."""
    from pgref.planner.planner import walk_expr
    for x, _ in walk_expr(e, 0):
        fid = getattr(x, "funcid", None)
        if isinstance(x, (N.FuncExpr, N.OpExpr)) and fid and cat.proc(fid).volatile != "i":
            raise PgError(INVALID_OBJECT_DEFINITION, "functions in index predicate must be marked IMMUTABLE")

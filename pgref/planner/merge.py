"""Planning MERGE (PostgreSQL 15's transform_MERGE_to_join plus the MERGE
part of preprocess_targetlist / make_modifytable).

Where it sits: ``planner/`` (spec/07-executor.md, "MERGE").  The analyzed
MERGE (analyzer/merge.py) already holds its join as its only FROM item;
this plans that join like any other (``plan_from_list``), makes the
target's scan expose each row's tuple id and table OID (NULL for a source
row without a match), and puts a ModifyTable("merge") on top carrying the
WHEN actions.  Nothing is reordered or pushed into the actions: the WHEN
conditions are evaluated by the executor per joined row, in order.

Entry point: ``plan_merge(planner, query) -> PlannedStmt`` (called by
``Planner.plan_modify``).
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.planner import plan as P


def plan_merge(planner, q: N.Query) -> P.PlannedStmt:
    planner.register_ctes(q)
    for rte in q.rtable:
        if rte.subquery is not None:
            planner.register_ctes(rte.subquery)
    rti = q.result_relation
    rte = q.rtable[rti - 1]
    child = planner.plan_from_list(q, q.jointree, [])
    planner._mark_tid(child, rti)
    actions = tuple(q.merge_actions)
    mt = P.ModifyTable(layout=(), command="merge", relid=rte.relid, rtindex=rti, child=child,
                       columns=tuple(q.update_columns), child_layout=child.layout, merge_actions=actions)
    mt.query_level = q  # type: ignore[attr-defined]  # for EXPLAIN (planner/explain.py)
    mt.merge_join_cond = q.jointree[0].quals  # type: ignore[attr-defined]  # EvalPlanQual (executor/merge.py)
    return P.PlannedStmt("merge", mt, [], [], [], [], query=q, param_types=q.params)

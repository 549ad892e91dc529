"""Plan nodes: what the planner hands the executor (PostgreSQL's plannodes.h).

Where it sits: ``planner/`` (spec/07-executor.md, "Plan nodes").  A plan is
a tree of these dataclasses and is read-only to the executor (INV-PLAN-1):
the executor keeps all run-time state in its own objects, so a cached plan
can be run again (prepared statements).

Every node produces rows (tuples) and has a ``layout``: what each position
of its rows holds, so expressions above it can find their inputs.  Layout
keys are ``("v", varno, attno)`` for a column of range-table entry
``varno`` and ``("o", i)`` for the i-th output of a Project or Agg.

    SELECT a, sum(b) FROM t WHERE c > 0 GROUP BY a ORDER BY 2
    Limit? -> Project(a, sum) -> Sort(2) -> Project(a, sum(b))
           -> Agg(group a; sum(b)) -> SeqScan(t, quals c > 0)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pgref.analyzer.nodes import Aggref, Expr, Query, SortKey


@dataclass(eq=False)
class Plan:
    layout: tuple = ()

    def children(self) -> list["Plan"]:
        return []


@dataclass(eq=False)
class Result(Plan):
    """One row with no columns (a SELECT without FROM), optionally gated by
    a constant qual."""
    quals: tuple[Expr, ...] = ()


@dataclass(eq=False)
class SeqScan(Plan):
    """Rows of ``relid``.  ``colmap`` (inheritance children) gives, for each
    column of the range-table entry's table, the attno in ``relid`` that
    holds it (0: NULL); empty means the table's own columns.  ``tableoid``
    appends ``relid`` at ("v", rtindex, -6), before the tuple id."""
    rtindex: int = 0
    relid: int = 0
    quals: tuple[Expr, ...] = ()
    with_tid: bool = False       # expose the tuple id at ("v", rtindex, -1)
    colmap: tuple[int, ...] = ()
    tableoid: bool = False
    sysattrs: tuple[int, ...] = ()   # xmin/cmin/xmax/cmax attnos, in layout order


@dataclass(eq=False)
class IndexScan(Plan):
    """Rows of ``relid`` found through btree ``index_oid``: ``eq_values``
    fix the leading index columns; ``lower``/``upper`` (value expr,
    inclusive) bound the next one.  Rows come in index order (reversed
    when ``backward``), which lets the planner drop a Sort (rule R2b).
    ``index_only``: every column the query reads from this table is an
    index column (PostgreSQL's Index Only Scan); pgref has no visibility
    map, so the executor still fetches each heap tuple to check its
    visibility -- the flag changes what EXPLAIN prints, not the rows."""
    rtindex: int = 0
    relid: int = 0
    index_oid: int = 0
    eq_values: tuple[Expr, ...] = ()
    lower: tuple[Expr, bool] | None = None
    upper: tuple[Expr, bool] | None = None
    quals: tuple[Expr, ...] = ()
    with_tid: bool = False
    tableoid: bool = False
    sysattrs: tuple[int, ...] = ()   # xmin/cmin/xmax/cmax attnos, in layout order
    colmap: tuple[int, ...] = ()         # as SeqScan.colmap (an inheritance child's index scan)
    backward: bool = False
    index_only: bool = False


@dataclass(eq=False)
class Append(Plan):
    """A table and its inheritance children, one after the other
    (PostgreSQL's Append over the member scans): every subplan produces
    rows in the same layout, the parent's columns (spec/09-engine.md,
    "Inheritance")."""
    rtindex: int = 0
    subplans: tuple[Plan, ...] = ()

    def children(self):
        return list(self.subplans)


@dataclass(eq=False)
class ValuesScan(Plan):
    rtindex: int = 0
    rows: tuple[tuple[Expr, ...], ...] = ()


@dataclass(eq=False)
class SubqueryScan(Plan):
    rtindex: int = 0
    subplan: Plan | None = None
    quals: tuple[Expr, ...] = ()

    def children(self):
        return [self.subplan]


@dataclass(eq=False)
class CteScan(Plan):
    """Reads a WITH query's rows, computed once per execution."""
    rtindex: int = 0
    ctename: str = ""
    subplan: Plan | None = None
    quals: tuple[Expr, ...] = ()
    levelsup: int = 0          # run-time query levels up to the WITH's owner

    def children(self):
        return [self.subplan]


@dataclass(eq=False)
class FunctionScan(Plan):
    rtindex: int = 0
    func: Expr | None = None
    ordinality: bool = False
    quals: tuple[Expr, ...] = ()
    coltypes: tuple[int, ...] = ()       # the function's columns (a row result: one per field)
    coltypmods: tuple[int, ...] = ()
    funcs: tuple = ()                    # ROWS FROM: ((call, number of columns), ...)


@dataclass(eq=False)
class NestLoop(Plan):
    jointype: str = "inner"
    left: Plan | None = None
    right: Plan | None = None
    quals: tuple[Expr, ...] = ()
    lateral: bool = False        # re-run the right side for each left row

    def children(self):
        return [self.left, self.right]


@dataclass(eq=False)
class HashJoin(Plan):
    """Build a hash table on the right input keyed by ``right_keys``, probe
    it with each left row's ``left_keys``; ``quals`` are the remaining join
    conditions.  NULL keys never match (strict equality)."""
    jointype: str = "inner"
    left: Plan | None = None
    right: Plan | None = None
    left_keys: tuple[Expr, ...] = ()
    right_keys: tuple[Expr, ...] = ()
    key_types: tuple[int, ...] = ()
    quals: tuple[Expr, ...] = ()

    def children(self):
        return [self.left, self.right]


@dataclass(eq=False)
class Filter(Plan):
    child: Plan | None = None
    quals: tuple[Expr, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class MergeJoin(Plan):
    """Join two inputs sorted ascending (NULLS LAST) on their keys: runs of
    equal keys on both sides are joined, the inner run re-read for each
    outer row of the same key (PostgreSQL's Merge Join with mark and
    restore).  ``cmpfuncs``: the btree comparison function of each key
    pair; ``quals``: the other join conditions."""
    jointype: str = "inner"
    left: Plan | None = None
    right: Plan | None = None
    left_keys: tuple[Expr, ...] = ()
    right_keys: tuple[Expr, ...] = ()
    cmpfuncs: tuple[int, ...] = ()
    quals: tuple[Expr, ...] = ()

    def children(self):
        return [self.left, self.right]


@dataclass(eq=False)
class Material(Plan):
    """Keeps its input's rows so a nested loop re-reads them instead of
    re-running the input (PostgreSQL's Materialize; the join search puts it
    on a nested loop's inner side when that is cheaper, planner/joinsearch.py)."""
    child: Plan | None = None

    def children(self):
        return [self.child]


@dataclass(eq=False)
class Agg(Plan):
    """Aggregation: one output row per distinct ``group_exprs`` value
    (exactly one row when there is no GROUP BY), holding the group values
    then the aggregate results.  ``strategy`` "hashed" keeps a hash table of
    groups (PostgreSQL's HashAggregate); "sorted" sorts the input by
    ``group_keys`` and aggregates runs of equal keys (GroupAggregate), which
    also returns the groups in key order."""
    child: Plan | None = None
    group_exprs: tuple[Expr, ...] = ()
    group_types: tuple[int, ...] = ()
    aggs: tuple[Aggref, ...] = ()
    strategy: str = "hashed"
    group_keys: tuple[SortKey, ...] = ()
    # grouping sets (planner/grouping.py, spec/07-executor.md "Grouping
    # sets"): the rollups computed in order, each a Rollup; a grouped column
    # not in the set that produced a row is NULL in it.  ``grouping_funcs``:
    # (GroupingFunc, group_exprs positions of its arguments), computed after
    # the aggregates in the output row.
    rollups: tuple[Any, ...] = ()
    grouping_funcs: tuple[Any, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class WindowAgg(Plan):
    """Window functions over one window (PostgreSQL's WindowAgg; executor/
    window.py, spec/07-executor.md "Window functions").  The input arrives
    sorted by the partition keys then the order keys (a Sort below, unless
    an earlier WindowAgg left it so); ``partition_positions`` /
    ``order_positions`` index the input layout.  Each output row is the
    input row followed by one value per entry of ``funcs`` (WindowFunc
    expressions, which are also the layout keys of those positions).
    ``frame_options`` is PostgreSQL's FRAMEOPTION_* mask; the offsets are
    expressions evaluated once per execution; ``*_in_range`` the in_range
    support functions of a RANGE offset frame."""
    child: Plan | None = None
    winref: int = 0
    partition_positions: tuple[int, ...] = ()
    partition_keys: tuple[SortKey, ...] = ()
    order_positions: tuple[int, ...] = ()
    order_keys: tuple[SortKey, ...] = ()
    frame_options: int = 0
    start_offset: Expr | None = None
    end_offset: Expr | None = None
    start_in_range: int = 0
    end_in_range: int = 0
    funcs: tuple[Expr, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class Project(Plan):
    child: Plan | None = None
    exprs: tuple[Expr, ...] = ()
    # for expressions evaluated over an Agg: which sub-expressions are outputs of it
    agg_outputs: tuple[Expr, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class Sort(Plan):
    """Sort on output positions (``keys`` index this node's input layout)."""
    child: Plan | None = None
    positions: tuple[int, ...] = ()
    keys: tuple[SortKey, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class Distinct(Plan):
    """Keep the first row for each distinct value of ``positions``
    (all positions when empty)."""
    child: Plan | None = None
    positions: tuple[int, ...] = ()
    types: tuple[int, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class Limit(Plan):
    child: Plan | None = None
    count: Expr | None = None
    offset: Expr | None = None
    ties_positions: tuple[int, ...] = ()     # WITH TIES: positions of the sort keys
    ties_types: tuple[int, ...] = ()

    def children(self):
        return [self.child]


@dataclass(eq=False)
class SetOp(Plan):
    """UNION / INTERSECT / EXCEPT [ALL] of two inputs with the same layout width."""
    op: str = "union"
    all: bool = False
    left: Plan | None = None
    right: Plan | None = None
    types: tuple[int, ...] = ()

    def children(self):
        return [self.left, self.right]


@dataclass(eq=False)
class RecursiveUnion(Plan):
    """WITH RECURSIVE: emit ``left``'s rows, then run ``right`` over the
    previous iteration's new rows (the work table ``work_key``) until it
    yields nothing new.  Without ``all``, duplicate rows are dropped."""
    left: Plan | None = None
    right: Plan | None = None
    all: bool = False
    work_key: int = 0
    types: tuple[int, ...] = ()

    def children(self):
        return [self.left, self.right]


@dataclass(eq=False)
class WorkTableScan(Plan):
    rtindex: int = 0
    work_key: int = 0
    quals: tuple[Expr, ...] = ()


@dataclass(eq=False)
class ModifyTable(Plan):
    """INSERT / UPDATE / DELETE on ``relid``.  The child yields, per row:
    INSERT -- the new row's values (all columns, attnum order);
    UPDATE -- the old tuple id followed by the new values of ``columns``;
    DELETE -- the old tuple id.  ``returning`` is projected over the
    affected row (layout ("v", result_rtindex, attno))."""
    command: str = "insert"
    relid: int = 0
    rtindex: int = 1
    child: Plan | None = None
    columns: tuple[int, ...] = ()
    returning: tuple[Expr, ...] = ()
    on_conflict: Any = None
    child_layout: tuple = ()
    # MERGE (planner/merge.py): the analyzed WHEN clauses, in order
    # (analyzer/merge.py's MergeAction), over the child's joined row
    merge_actions: tuple = ()

    def children(self):
        return [self.child]


@dataclass
class PlannedStmt:
    """A planned query: the plan, its output column names/types, and what
    the statement is (for the command tag)."""
    command: str
    plan: Plan
    colnames: list[str] = field(default_factory=list)
    coltypes: list[int] = field(default_factory=list)
    coltypmods: list[int] = field(default_factory=list)
    origins: list[tuple[int, int]] = field(default_factory=list)
    ctes: dict[str, Plan] = field(default_factory=dict)
    query: Query | None = None
    param_types: list[int] = field(default_factory=list)

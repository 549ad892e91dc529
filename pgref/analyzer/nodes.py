"""The analyzed query tree: what the analyzer hands the planner.

Where it sits: between ``sql/`` (raw AST, names unresolved, types unknown) and
``planner/``.  Mirrors PostgreSQL's ``Query`` and primnodes.h expression nodes
(spec/07-executor.md, "Analyzed query").  Every name is resolved to an OID or
a range-table position and every expression carries its result type, so the
planner and executor never look at names or the raw AST (INV-AN-1).

An expression is one of the frozen dataclasses below.  A column reference is
a :class:`Var`: ``varno`` is the 1-based index of a range-table entry of the
query ``levelsup`` levels up, ``varattno`` the 1-based column of that entry.

    SELECT a + 1 FROM t WHERE b > 2
    Query(rtable=[RTE(relation t)],
          target_list=[TargetEntry(OpExpr(int4pl, [Var(1,1,int4), Const(1)]))],
          jointree=FromExpr([RangeTblRef(1)], quals=OpExpr(int4gt, [Var(1,2), Const(2)])))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Expr:
    """Base of analyzed expressions. ``typ``/``typmod`` is the result type."""
    __slots__ = ()


@dataclass(frozen=True, eq=True)
class Const(Expr):
    typ: int
    value: Any
    typmod: int = -1
    location: int = -1

    def __eq__(self, other: object) -> bool:  # location is not part of identity
        return (type(other) is Const and self.typ == other.typ and self.typmod == other.typmod
                and type(self.value) is type(other.value) and self.value == other.value)

    def __hash__(self) -> int:
        try:
            return hash((self.typ, self.typmod, self.value))
        except TypeError:
            return hash((self.typ, self.typmod))


@dataclass(frozen=True)
class Param(Expr):
    number: int              # $n, 1-based
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class Var(Expr):
    varno: int               # range-table index (1-based) at its query level
    varattno: int            # column number (1-based); 0 = whole row
    typ: int
    typmod: int = -1
    levelsup: int = 0
    location: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class FuncExpr(Expr):
    funcid: int              # pg_proc oid
    typ: int
    args: tuple[Expr, ...]
    retset: bool = False
    typmod: int = -1
    variadic: bool = False   # called as f(..., VARIADIC array) (funcvariadic)
    funcformat: str = "call" # call | cast | implicit | sql (EXTRACT(..), SUBSTRING(..), ...)


@dataclass(frozen=True)
class OpExpr(Expr):
    opno: int                # pg_operator oid
    funcid: int              # its oprcode
    typ: int
    args: tuple[Expr, ...]
    typmod: int = -1


@dataclass(frozen=True)
class DistinctExpr(Expr):
    """a IS DISTINCT FROM b (negated: IS NOT DISTINCT FROM)."""
    opno: int
    funcid: int
    args: tuple[Expr, ...]
    negated: bool = False
    typ: int = 16
    typmod: int = -1


@dataclass(frozen=True)
class NullIfExpr(Expr):
    opno: int
    funcid: int
    typ: int
    args: tuple[Expr, ...]
    typmod: int = -1


@dataclass(frozen=True)
class ScalarArrayOpExpr(Expr):
    """left op ANY/ALL (array); also x IN (list) after analysis."""
    opno: int
    funcid: int
    use_or: bool
    args: tuple[Expr, Expr]
    typ: int = 16
    typmod: int = -1


@dataclass(frozen=True)
class BoolExpr(Expr):
    op: str                  # and | or | not
    args: tuple[Expr, ...]
    typ: int = 16
    typmod: int = -1


@dataclass(frozen=True)
class CaseTestExpr(Expr):
    """The value of CASE's test expression inside its WHEN clauses."""
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class CaseExpr(Expr):
    typ: int
    arg: Expr | None
    whens: tuple[tuple[Expr, Expr], ...]
    default: Expr
    typmod: int = -1


@dataclass(frozen=True)
class CoalesceExpr(Expr):
    typ: int
    args: tuple[Expr, ...]
    typmod: int = -1


@dataclass(frozen=True)
class MinMaxExpr(Expr):
    typ: int
    op: str                  # greatest | least
    args: tuple[Expr, ...]
    cmpfunc: int             # btree comparison support proc
    typmod: int = -1


@dataclass(frozen=True)
class NullTest(Expr):
    arg: Expr
    is_null: bool
    typ: int = 16
    typmod: int = -1


@dataclass(frozen=True)
class BooleanTest(Expr):
    arg: Expr
    kind: str                # is_true is_not_true is_false is_not_false is_unknown is_not_unknown
    typ: int = 16
    typmod: int = -1


@dataclass(frozen=True)
class RelabelType(Expr):
    """A binary-coercible cast: same bits, new type.  ``reinterpret``: the
    two types hold those bits as different Python values (a user's CREATE
    CAST ... WITHOUT FUNCTION between, say, int4 and a float4-like type)."""
    arg: Expr
    typ: int
    typmod: int = -1
    reinterpret: bool = False
    explicit: bool = field(default=False, compare=False)   # written as a cast (printed back as one)


@dataclass(frozen=True)
class CoerceViaIO(Expr):
    """A cast through the text form: output of the source, input of the target."""
    arg: Expr
    typ: int
    typmod: int = -1
    explicit: bool = field(default=False, compare=False)   # written as a cast (printed back as one)


@dataclass(frozen=True)
class CoerceToDomain(Expr):
    """A value becoming a domain: ``arg`` (of the domain's base type) is
    checked against the domain's NOT NULL and CHECK constraints
    (types/domain.py, engine/typecmds.py domain_check)."""
    arg: Expr
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class ArrayCoerceExpr(Expr):
    """Apply ``elemexpr`` (over a CaseTestExpr) to each element of an array."""
    arg: Expr
    elemexpr: Expr
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class ArrayExpr(Expr):
    typ: int                 # array type
    elemtype: int
    elements: tuple[Expr, ...]
    multidims: bool = False
    typmod: int = -1


@dataclass(frozen=True)
class ArraySubscript(Expr):
    typ: int
    arg: Expr
    indexes: tuple[tuple[Expr | None, Expr | None, bool], ...]  # (lower, upper, is_slice)
    typmod: int = -1


@dataclass(frozen=True)
class RowExpr(Expr):
    args: tuple[Expr, ...]
    typ: int = 2249          # record
    colnames: tuple[str, ...] = ()
    typmod: int = -1


@dataclass(frozen=True)
class FieldSelect(Expr):
    """Field ``fieldnum`` (1-based) of a row value."""
    arg: Expr
    fieldnum: int
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class RowCompareExpr(Expr):
    op: str                  # < <= > >= (= and <> become AND/OR of OpExprs)
    opnos: tuple[int, ...]
    funcids: tuple[int, ...]
    cmpfuncs: tuple[int, ...]
    largs: tuple[Expr, ...]
    rargs: tuple[Expr, ...]
    typ: int = 16
    typmod: int = -1


@dataclass(frozen=True)
class SQLValueFunction(Expr):
    op: str
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class SessionFunc(Expr):
    """A function that needs the running session (nextval, currval, setval,
    current_setting, version(), current_schema ...): the executor hands
    the call to the session object by name."""
    name: str
    typ: int
    args: tuple[Expr, ...]
    typmod: int = -1


@dataclass(frozen=True)
class Aggref(Expr):
    aggfnoid: int
    typ: int
    args: tuple[Expr, ...]
    argtypes: tuple[int, ...]
    star: bool = False
    distinct: bool = False
    order: tuple["SortKey", ...] = ()
    filter: Expr | None = None
    levelsup: int = 0
    typmod: int = -1
    location: int = field(default=-1, compare=False)
    # ordered-set / hypothetical-set aggregates (aggkind 'o' / 'h'):
    # ``args`` holds the ``ndirect`` direct arguments first, then the
    # WITHIN GROUP values that ``order`` sorts (analyzer/funcs.py)
    ndirect: int = 0
    aggkind: str = "n"


@dataclass(frozen=True)
class WindowFunc(Expr):
    """A window function call ``f(args) OVER w`` (PostgreSQL's WindowFunc).
    ``winref`` is the 1-based number of its :class:`WindowClause` in
    ``Query.windows``; ``winagg``: ``winfnoid`` is an aggregate used as a
    window function (then ``filter`` may be set); ``star``: ``count(*)``."""
    winfnoid: int
    typ: int
    args: tuple[Expr, ...]
    winref: int
    argtypes: tuple[int, ...] = ()
    star: bool = False
    filter: Expr | None = None
    winagg: bool = False
    typmod: int = -1
    location: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class SubLink(Expr):
    """A subquery in an expression.  kind: exists | any | all | expr | array |
    row (one row of several columns, for UPDATE ... SET (a, b) = (SELECT ...)).
    For any/all, ``testexprs`` are the left-hand values and ``operators``
    the (opno, funcid) pairs comparing them to the subquery's columns."""
    kind: str
    subquery: "Query"
    typ: int
    testexprs: tuple[Expr, ...] = ()
    operators: tuple[tuple[int, int], ...] = ()
    typmod: int = -1

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY / DISTINCT / GROUP BY key: an expression and how it sorts.
    ``cmpfunc`` is the btree comparison support function (0: natural order)."""
    expr: Expr
    descending: bool = False
    nulls_first: bool = False
    typ: int = 0
    cmpfunc: int = 0


# ---------------------------------------------------------------- queries

@dataclass
class TargetEntry:
    expr: Expr
    resno: int
    name: str | None
    resjunk: bool = False
    ressortgroupref: int = 0
    # where the column came from (RowDescription's table oid / column number)
    resorigtbl: int = 0
    resorigcol: int = 0


@dataclass
class RangeTblRef:
    rtindex: int


@dataclass
class JoinTree:
    """A join in FROM: jointype inner | left | right | full; ``rtindex`` is the
    join's own range-table entry (its output columns)."""
    jointype: str
    larg: "FromNode"
    rarg: "FromNode"
    quals: Expr | None
    rtindex: int
    using: tuple[str, ...] = ()      # USING / NATURAL columns (for printing the join back)


FromNode = RangeTblRef | JoinTree


@dataclass
class RangeTblEntry:
    kind: str                          # relation | subquery | join | values | cte | function | result
    alias: str
    colnames: list[str]
    coltypes: list[int]
    coltypmods: list[int]
    relid: int = 0                     # relation
    relkind: str = ""
    relname: str = ""
    subquery: "Query | None" = None    # subquery / cte / view
    values_lists: list[list[Expr]] | None = None
    joinvars: list[Expr] | None = None # join: each output column as a Var/COALESCE
    jointype: str = ""
    func: Expr | None = None           # function: the (set-returning) call
    ctename: str = ""
    lateral: bool = False
    inh: bool = True
    # which columns some expression uses (for RowDescription origins etc.)
    requiredcols: set[int] = field(default_factory=set)
    # a stored view's relation/view entry: the column names when the view
    # was created (engine/viewcmds.py tells renamed columns from aliases)
    created_names: list[str] | None = None


@dataclass
class OnConflict:
    action: str                        # nothing | update
    arbiter_indexes: list[int]         # index oids
    set_list: list[TargetEntry]        # for update: expressions over target & EXCLUDED
    where: Expr | None
    excluded_rtindex: int = 0


@dataclass
class SetOperation:
    op: str                            # union | intersect | except
    all: bool
    larg: "SetOperation | int"         # int: index into Query.rtable (a subquery RTE)
    rarg: "SetOperation | int"
    coltypes: list[int]
    coltypmods: list[int]


@dataclass
class Query:
    command: str                       # select | insert | update | delete
    rtable: list[RangeTblEntry] = field(default_factory=list)
    jointree: list[FromNode] = field(default_factory=list)
    where: Expr | None = None
    target_list: list[TargetEntry] = field(default_factory=list)
    group_by: list[Expr] = field(default_factory=list)
    group_keys: list[SortKey] = field(default_factory=list)
    having: Expr | None = None
    has_aggs: bool = False
    aggs: list[Aggref] = field(default_factory=list)
    sort: list[SortKey] = field(default_factory=list)
    distinct: list[SortKey] | None = None          # DISTINCT: all output columns
    distinct_on: list[SortKey] | None = None       # DISTINCT ON (...)
    limit_count: Expr | None = None
    limit_offset: Expr | None = None
    limit_with_ties: bool = False
    set_op: SetOperation | None = None
    ctes: dict[str, "Query"] = field(default_factory=dict)
    # data-modifying statements
    result_relation: int = 0                       # rtable index of the target
    insert_source: "Query | None" = None           # INSERT ... SELECT / VALUES
    insert_columns: list[int] = field(default_factory=list)  # attnos
    update_columns: list[int] = field(default_factory=list)
    returning: list[TargetEntry] = field(default_factory=list)
    on_conflict: OnConflict | None = None
    params: list[int] = field(default_factory=list)  # $n types (0 = unknown)
    has_sublinks: bool = False
    locking: bool = False
    # window functions (analyzer/window.py): the WINDOW clause entries and
    # OVER specifications, numbered by WindowFunc.winref
    windows: list["WindowClause"] = field(default_factory=list)
    has_window_funcs: bool = False
    # pg_constraint OIDs the query's validity relies on (a primary key that
    # makes grouped columns functionally dependent; PostgreSQL's constraintDeps)
    constraint_deps: list[int] = field(default_factory=list)
    # WITH CHECK OPTION of views written through (analyzer/viewupdate.py):
    # (view name, qual over the target row or None), innermost view first
    check_options: list[tuple[str, "Expr | None"]] = field(default_factory=list)


@dataclass
class WindowClause:
    """One window: a WINDOW clause entry or an OVER (...) specification
    (PostgreSQL's WindowClause, spec/07-executor.md "Window functions").
    ``partition``/``order`` are sort keys; ``frame_options`` PostgreSQL's
    FRAMEOPTION_* mask (sql/ast.py); the offsets are analyzed expressions
    (int8 for ROWS/GROUPS, the in_range function's offset type for RANGE)
    and ``start_in_range``/``end_in_range`` the btree in_range support
    function (pg_proc oid) used for RANGE offset frames."""
    name: str | None
    refname: str | None
    partition: list[SortKey]
    order: list[SortKey]
    frame_options: int
    start_offset: Expr | None = None
    end_offset: Expr | None = None
    start_in_range: int = 0
    end_in_range: int = 0
    winref: int = 0
    copied_order: bool = False
    # PostgreSQL's tleSortGroupRef of each partition/order key (window
    # processing order, planner.c common_prefix_cmp)
    sortrefs: tuple[int, ...] = ()


@dataclass(frozen=True)
class GroupingFunc(Expr):
    """``GROUPING(a, b, ...)`` (PostgreSQL's GroupingFunc): an int4 bit mask,
    most significant bit first, with bit i set when argument i is *not*
    grouped in the grouping set that produced the row.  Like an
    :class:`Aggref` it belongs to the query ``levelsup`` levels up, whose
    Agg node computes it (analyzer/grouping.py, spec/07-executor.md
    "Grouping sets")."""
    args: tuple[Expr, ...]
    typ: int = 23                      # int4
    levelsup: int = 0
    location: int = field(default=-1, compare=False)

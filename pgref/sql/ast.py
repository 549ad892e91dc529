"""The raw parse tree: what the grammar builds, before any name is resolved.

Where it sits: ``sql/`` (spec/02-sql.md, "AST conventions").  The lexer
(``lexer.py``) turns text into tokens, the grammar (``grammar.py``) turns
tokens into the nodes defined here, and the analyzer consumes them.  Nothing
in this module knows about catalogs, types or OIDs: a node records only what
was written, exactly like PostgreSQL's *raw parse tree* (the output of
``raw_parser()``; ``src/include/nodes/parsenodes.h``, ``primnodes.h`` and
``value.h``).

Naming (INV-SQL-1): every class carries PostgreSQL's node name (``SelectStmt``,
``A_Expr``, ``ColumnRef`` ...) and every field the snake_case form of
PostgreSQL's field (``targetList`` -> ``target_list``, ``fromClause`` ->
``from_clause``).  Where a Python keyword collides the field gets a trailing
underscore (``AlterTableCmd.def_``).  PostgreSQL's C enums become short
lower-case strings (``SETOP_UNION`` -> ``'union'``, ``AEXPR_OP_ANY`` ->
``'op_any'``); the few that PostgreSQL stores in catalogs as single
characters keep those characters (foreign-key actions ``'a' 'r' 'c' 'n'
'd'``, match types ``'f' 'p' 's'``, identity kinds ``'a' 'd'``,
relpersistence ``'p' 'u' 't'``); window frame options keep PostgreSQL's
bit mask (``FRAMEOPTION_*`` below) and lock modes PostgreSQL's numbers.

Shape (INV-SQL-2): nodes are frozen dataclasses; sequences are tuples, never
lists, so a whole tree is immutable and hashable.  Lists that PostgreSQL
leaves NIL are ``()`` here; optional single nodes are ``None``.

Locations (INV-SQL-3): every expression node, and ``RangeVar``,
``TypeName``, ``ColumnDef``, ``Constraint``, ``ResTarget`` and friends, has
``location``: the 0-based character offset of the node's first token in the
*whole* query string passed to ``parse()`` (not in the single statement), or
-1 when unknown -- as PostgreSQL's ``location`` fields.  An error about a
node reports ``position = location + 1``.

Entry points:
    every node class below;  ``Node`` their common base
    dump(node, locations=False) -> str      indented text form for golden tests
    walk(node)                              pre-order iterator over sub-nodes

Example::

    >>> from pgref.sql.parser import parse_one
    >>> print(dump(parse_one("select a + 1 from t")))
    SelectStmt
      target_list:
        ResTarget
          val: A_Expr name=('+',)
            lexpr: ColumnRef fields=('a',)
            rexpr: A_Const val=Integer(1)
      from_clause:
        RangeVar relname='t'
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterator, Optional

__all__ = ["Node", "dump", "walk"]  # extended at the bottom with every class


class Node:
    """Base of every parse-tree node (PostgreSQL's ``Node``/``NodeTag``)."""
    __slots__ = ()

    @property
    def tag(self) -> str:
        """The PostgreSQL node tag name, e.g. ``'SelectStmt'``."""
        return type(self).__name__


def node(cls):
    """Class decorator: a frozen, slotted dataclass that is a Node."""
    return dataclass(frozen=True, slots=True, repr=True, eq=True)(cls)


Loc = int

# ---------------------------------------------------------------------------
# Value nodes (value.h).  Used inside A_Const and as plain names/arguments
# (e.g. DefElem.arg, TypeName.typmods constants).
# ---------------------------------------------------------------------------


@node
class Integer(Node):
    """An integer that fits in int4 (PostgreSQL's Integer value node)."""
    ival: int = 0


@node
class Float(Node):
    """A numeric literal kept as its text: decimals, exponents, and integers
    too large for int4 (PostgreSQL 15 makes those Float too; the analyzer
    types them int8 or numeric)."""
    fval: str = "0"


@node
class Boolean(Node):
    """TRUE / FALSE literal (PostgreSQL 15 value node)."""
    boolval: bool = False


@node
class String(Node):
    """A string constant, or a name used as a value."""
    sval: str = ""


@node
class BitString(Node):
    """B'...' or X'...' literal; ``bsval`` starts with 'b' or 'x' like PG's."""
    bsval: str = ""


# ---------------------------------------------------------------------------
# Expressions (parsenodes.h "raw" expression nodes and a few primnodes.h ones)
# ---------------------------------------------------------------------------


@node
class A_Star(Node):
    """``*`` in a column reference or select list."""


@node
class ColumnRef(Node):
    """A (possibly qualified) column reference: ``fields`` holds str parts and
    possibly a final A_Star (``t.*``)."""
    fields: tuple = ()
    location: Loc = -1


@node
class ParamRef(Node):
    """``$n``."""
    number: int = 0
    location: Loc = -1


@node
class A_Const(Node):
    """A literal constant.  ``val`` is Integer/Float/Boolean/String/BitString,
    or None when ``isnull`` (the NULL keyword)."""
    val: Optional[Node] = None
    isnull: bool = False
    location: Loc = -1


@node
class A_Expr(Node):
    """An operator expression.  ``kind`` is one of 'op', 'op_any', 'op_all',
    'distinct', 'not_distinct', 'nullif', 'in', 'like', 'ilike', 'similar',
    'between', 'not_between', 'between_sym', 'not_between_sym'.
    ``name`` is the operator name as a tuple (``('pg_catalog', '+')`` for
    OPERATOR(pg_catalog.+)).  Prefix operators have ``lexpr=None``.
    For 'in' the ``rexpr`` is a tuple of expressions; for the BETWEEN kinds a
    2-tuple (lower, upper)."""
    kind: str = "op"
    name: tuple = ()
    lexpr: Any = None
    rexpr: Any = None
    location: Loc = -1


@node
class BoolExpr(Node):
    """AND / OR / NOT; ``boolop`` is 'and', 'or' or 'not'."""
    boolop: str = "and"
    args: tuple = ()
    location: Loc = -1


@node
class NullTest(Node):
    """``IS [NOT] NULL``, ``ISNULL``, ``NOTNULL``: 'is_null' / 'is_not_null'."""
    arg: Any = None
    nulltesttype: str = "is_null"
    argisrow: bool = False
    location: Loc = -1


@node
class BooleanTest(Node):
    """``IS [NOT] TRUE|FALSE|UNKNOWN``; booltesttype is 'is_true',
    'is_not_true', 'is_false', 'is_not_false', 'is_unknown', 'is_not_unknown'."""
    arg: Any = None
    booltesttype: str = "is_true"
    location: Loc = -1


@node
class FuncCall(Node):
    """A function call ``name(args)`` before resolution.  ``funcformat`` is
    'explicit_call' for ordinary calls and 'sql_syntax' for the special SQL
    forms (EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY, AT TIME ZONE ...), as
    PostgreSQL 15's COERCE_SQL_SYNTAX."""
    funcname: tuple = ()
    args: tuple = ()
    agg_order: tuple = ()
    agg_filter: Any = None
    over: Any = None                 # WindowDef or None
    agg_within_group: bool = False
    agg_star: bool = False
    agg_distinct: bool = False
    func_variadic: bool = False
    funcformat: str = "explicit_call"
    location: Loc = -1


@node
class NamedArgExpr(Node):
    """``name => value`` argument of a function call."""
    arg: Any = None
    name: str = ""
    argnumber: int = -1
    location: Loc = -1


@node
class TypeName(Node):
    """A type as written.  ``names`` is the qualified name (SQL-standard
    spellings are already mapped, e.g. INTEGER -> ('pg_catalog', 'int4'));
    ``typmods`` the raw modifier expressions; ``array_bounds`` one int per
    ``[]`` / ``[n]`` (-1 when no bound was given)."""
    names: tuple = ()
    typmods: tuple = ()
    typemod: int = -1
    array_bounds: tuple = ()
    setof: bool = False
    pct_type: bool = False
    location: Loc = -1


@node
class TypeCast(Node):
    """``CAST(x AS t)``, ``x::t``, and typed literals ``t 'text'``."""
    arg: Any = None
    type_name: Optional[TypeName] = None
    location: Loc = -1


@node
class CollateClause(Node):
    """``x COLLATE name``; ``arg`` is None inside column definitions."""
    arg: Any = None
    collname: tuple = ()
    location: Loc = -1


@node
class SubLink(Node):
    """A subquery in an expression.  ``sub_link_type``: 'exists', 'all',
    'any', 'rowcompare', 'expr', 'multiexpr', 'array'.  For 'any'/'all'
    ``testexpr`` is the left operand and ``oper_name`` the operator (empty
    for IN, which PostgreSQL treats as ``= ANY``)."""
    sub_link_type: str = "expr"
    testexpr: Any = None
    oper_name: tuple = ()
    subselect: Any = None
    location: Loc = -1


@node
class CaseWhen(Node):
    """One ``WHEN expr THEN result`` arm."""
    expr: Any = None
    result: Any = None
    location: Loc = -1


@node
class CaseExpr(Node):
    """``CASE [arg] WHEN ... [ELSE defresult] END``."""
    arg: Any = None
    args: tuple = ()
    defresult: Any = None
    location: Loc = -1


@node
class CoalesceExpr(Node):
    """``COALESCE(args)``."""
    args: tuple = ()
    location: Loc = -1


@node
class MinMaxExpr(Node):
    """``GREATEST(args)`` / ``LEAST(args)``; op is 'greatest' or 'least'."""
    op: str = "greatest"
    args: tuple = ()
    location: Loc = -1


@node
class SQLValueFunction(Node):
    """CURRENT_DATE, CURRENT_TIMESTAMP(p), CURRENT_USER ...  ``op`` is one of
    'current_date', 'current_time', 'current_time_n', 'current_timestamp',
    'current_timestamp_n', 'localtime', 'localtime_n', 'localtimestamp',
    'localtimestamp_n', 'current_role', 'current_user', 'user',
    'session_user', 'current_catalog', 'current_schema'; ``typmod`` the
    precision for the *_n forms, else -1."""
    op: str = "current_date"
    typmod: int = -1
    location: Loc = -1


@node
class A_ArrayExpr(Node):
    """``ARRAY[elements]`` (elements may themselves be A_ArrayExpr)."""
    elements: tuple = ()
    location: Loc = -1


@node
class A_Indices(Node):
    """A subscript ``[i]`` or slice ``[l:u]`` (either bound may be None)."""
    is_slice: bool = False
    lidx: Any = None
    uidx: Any = None


@node
class A_Indirection(Node):
    """Subscripts / field selections applied to an expression:
    ``indirection`` holds A_Indices, str field names, or A_Star."""
    arg: Any = None
    indirection: tuple = ()


@node
class RowExpr(Node):
    """``ROW(a, b)`` ('explicit_call') or ``(a, b)`` ('implicit_cast')."""
    args: tuple = ()
    row_format: str = "explicit_call"
    colnames: tuple = ()
    location: Loc = -1


@node
class GroupingFunc(Node):
    """``GROUPING(args)`` in a select list or HAVING."""
    args: tuple = ()
    location: Loc = -1


@node
class GroupingSet(Node):
    """GROUP BY ``()``, ROLLUP, CUBE, GROUPING SETS; kind is 'empty',
    'simple', 'rollup', 'cube', 'sets'."""
    kind: str = "empty"
    content: tuple = ()
    location: Loc = -1


@node
class SetToDefault(Node):
    """``DEFAULT`` in INSERT VALUES or UPDATE SET."""
    location: Loc = -1


@node
class CurrentOfExpr(Node):
    """``WHERE CURRENT OF cursor``."""
    cursor_name: str = ""


@node
class MultiAssignRef(Node):
    """Column ``colno`` (1-based) of a ``SET (a, b) = (source)`` row source."""
    source: Any = None
    colno: int = 0
    ncolumns: int = 0


# --- target lists, sorting, windows ----------------------------------------


@node
class ResTarget(Node):
    """A select-list item (``val AS name``), an INSERT column (``name`` +
    ``indirection``), or an UPDATE assignment (all three)."""
    name: Optional[str] = None
    indirection: tuple = ()
    val: Any = None
    location: Loc = -1


@node
class SortBy(Node):
    """``node [ASC|DESC|USING op] [NULLS FIRST|LAST]``; sortby_dir is
    'default', 'asc', 'desc' or 'using'; sortby_nulls 'default', 'first' or
    'last'; ``use_op`` the operator name tuple for USING."""
    node: Any = None
    sortby_dir: str = "default"
    sortby_nulls: str = "default"
    use_op: tuple = ()
    location: Loc = -1


# Window frame option bits, exactly PostgreSQL's FRAMEOPTION_* (parsenodes.h).
FRAMEOPTION_NONDEFAULT = 0x00001
FRAMEOPTION_RANGE = 0x00002
FRAMEOPTION_ROWS = 0x00004
FRAMEOPTION_GROUPS = 0x00008
FRAMEOPTION_BETWEEN = 0x00010
FRAMEOPTION_START_UNBOUNDED_PRECEDING = 0x00020
FRAMEOPTION_END_UNBOUNDED_PRECEDING = 0x00040
FRAMEOPTION_START_UNBOUNDED_FOLLOWING = 0x00080
FRAMEOPTION_END_UNBOUNDED_FOLLOWING = 0x00100
FRAMEOPTION_START_CURRENT_ROW = 0x00200
FRAMEOPTION_END_CURRENT_ROW = 0x00400
FRAMEOPTION_START_OFFSET_PRECEDING = 0x00800
FRAMEOPTION_END_OFFSET_PRECEDING = 0x01000
FRAMEOPTION_START_OFFSET_FOLLOWING = 0x02000
FRAMEOPTION_END_OFFSET_FOLLOWING = 0x04000
FRAMEOPTION_EXCLUDE_CURRENT_ROW = 0x08000
FRAMEOPTION_EXCLUDE_GROUP = 0x10000
FRAMEOPTION_EXCLUDE_TIES = 0x20000
FRAMEOPTION_DEFAULTS = (FRAMEOPTION_RANGE | FRAMEOPTION_START_UNBOUNDED_PRECEDING
                        | FRAMEOPTION_END_CURRENT_ROW)


@node
class WindowDef(Node):
    """``OVER (...)`` or a WINDOW clause entry.  ``name`` is the WINDOW
    clause's name (or the bare ``OVER name``), ``refname`` the base window
    inside parentheses; ``frame_options`` PostgreSQL's FRAMEOPTION_* mask."""
    name: Optional[str] = None
    refname: Optional[str] = None
    partition_clause: tuple = ()
    order_clause: tuple = ()
    frame_options: int = FRAMEOPTION_DEFAULTS
    start_offset: Any = None
    end_offset: Any = None
    location: Loc = -1


# ---------------------------------------------------------------------------
# FROM clause items
# ---------------------------------------------------------------------------


@node
class Alias(Node):
    """``AS aliasname (colnames)``."""
    aliasname: str = ""
    colnames: tuple = ()


@node
class RangeVar(Node):
    """A table name.  ``inh`` is False for ``ONLY t``; ``relpersistence`` is
    'p' (permanent), 'u' (unlogged) or 't' (temporary)."""
    catalogname: Optional[str] = None
    schemaname: Optional[str] = None
    relname: str = ""
    inh: bool = True
    relpersistence: str = "p"
    alias: Optional[Alias] = None
    location: Loc = -1


@node
class RangeSubselect(Node):
    """``[LATERAL] (subquery) [AS] alias``."""
    lateral: bool = False
    subquery: Any = None
    alias: Optional[Alias] = None


@node
class RangeFunction(Node):
    """A function in FROM.  ``functions`` is a tuple of (FuncCall-ish expr,
    coldeflist tuple) pairs -- one pair unless ``ROWS FROM(...)``;
    ``coldeflist`` the outer ``AS (col type, ...)`` list."""
    lateral: bool = False
    ordinality: bool = False
    is_rowsfrom: bool = False
    functions: tuple = ()
    alias: Optional[Alias] = None
    coldeflist: tuple = ()


@node
class JoinExpr(Node):
    """``larg [NATURAL] jointype JOIN rarg [ON quals | USING (...) [AS a]]``;
    jointype is 'inner', 'left', 'right', 'full' or 'cross' (CROSS JOIN is
    stored as PostgreSQL does: 'inner' with no quals; 'cross' is never
    produced but accepted by consumers)."""
    jointype: str = "inner"
    is_natural: bool = False
    larg: Any = None
    rarg: Any = None
    using_clause: tuple = ()
    join_using_alias: Optional[Alias] = None
    quals: Any = None
    alias: Optional[Alias] = None


@node
class CTESearchClause(Node):
    """``SEARCH {BREADTH|DEPTH} FIRST BY cols SET col``."""
    search_col_list: tuple = ()
    search_breadth_first: bool = False
    search_seq_column: str = ""
    location: Loc = -1


@node
class CTECycleClause(Node):
    """``CYCLE cols SET col [TO v DEFAULT d] USING path``."""
    cycle_col_list: tuple = ()
    cycle_mark_column: str = ""
    cycle_mark_value: Any = None
    cycle_mark_default: Any = None
    cycle_path_column: str = ""
    location: Loc = -1


@node
class CommonTableExpr(Node):
    """One WITH entry; ``ctematerialized`` is 'default', 'always' or 'never'."""
    ctename: str = ""
    aliascolnames: tuple = ()
    ctematerialized: str = "default"
    ctequery: Any = None
    search_clause: Optional[CTESearchClause] = None
    cycle_clause: Optional[CTECycleClause] = None
    location: Loc = -1


@node
class WithClause(Node):
    """``WITH [RECURSIVE] ctes``."""
    ctes: tuple = ()
    recursive: bool = False
    location: Loc = -1


@node
class LockingClause(Node):
    """``FOR UPDATE [OF rels] [NOWAIT|SKIP LOCKED]``; strength is
    'for_key_share', 'for_share', 'for_no_key_update', 'for_update';
    wait_policy 'block', 'skip' or 'error'."""
    locked_rels: tuple = ()
    strength: str = "for_update"
    wait_policy: str = "block"


@node
class IntoClause(Node):
    """Target of ``SELECT INTO`` / ``CREATE TABLE AS``."""
    rel: Optional[RangeVar] = None
    col_names: tuple = ()
    access_method: Optional[str] = None
    options: tuple = ()
    on_commit: str = "noop"
    table_space_name: Optional[str] = None
    skip_data: bool = False


# ---------------------------------------------------------------------------
# Optimizable statements
# ---------------------------------------------------------------------------


@node
class SelectStmt(Node):
    """SELECT, VALUES, or a set operation.  A leaf has ``op=None``; a set
    operation has ``op`` in ('union', 'intersect', 'except'), ``all`` and
    ``larg``/``rarg`` and uses only the sort/limit/locking/with clauses.
    ``distinct_clause``: None (no DISTINCT), ``()`` (plain DISTINCT) or a
    tuple of expressions (DISTINCT ON).  ``limit_option`` is 'count' or
    'with_ties'."""
    distinct_clause: Optional[tuple] = None
    into_clause: Optional[IntoClause] = None
    target_list: tuple = ()
    from_clause: tuple = ()
    where_clause: Any = None
    group_clause: tuple = ()
    group_distinct: bool = False
    having_clause: Any = None
    window_clause: tuple = ()
    values_lists: tuple = ()
    sort_clause: tuple = ()
    limit_offset: Any = None
    limit_count: Any = None
    limit_option: str = "count"
    locking_clause: tuple = ()
    with_clause: Optional[WithClause] = None
    op: Optional[str] = None
    all: bool = False
    larg: Optional["SelectStmt"] = None
    rarg: Optional["SelectStmt"] = None


@node
class InferClause(Node):
    """ON CONFLICT's arbiter: ``(index_elems) [WHERE ...]`` or
    ``ON CONSTRAINT conname``."""
    index_elems: tuple = ()
    where_clause: Any = None
    conname: Optional[str] = None
    location: Loc = -1


@node
class OnConflictClause(Node):
    """``ON CONFLICT [infer] DO NOTHING | DO UPDATE SET ... [WHERE]``;
    action is 'nothing' or 'update'."""
    action: str = "nothing"
    infer: Optional[InferClause] = None
    target_list: tuple = ()
    where_clause: Any = None
    location: Loc = -1


@node
class InsertStmt(Node):
    """INSERT.  ``select_stmt`` None means DEFAULT VALUES; ``override`` is
    None, 'user' or 'system' (OVERRIDING ... VALUE)."""
    relation: Optional[RangeVar] = None
    cols: tuple = ()
    select_stmt: Any = None
    on_conflict: Optional[OnConflictClause] = None
    returning_list: tuple = ()
    with_clause: Optional[WithClause] = None
    override: Optional[str] = None


@node
class UpdateStmt(Node):
    """UPDATE."""
    relation: Optional[RangeVar] = None
    target_list: tuple = ()
    where_clause: Any = None
    from_clause: tuple = ()
    returning_list: tuple = ()
    with_clause: Optional[WithClause] = None


@node
class DeleteStmt(Node):
    """DELETE."""
    relation: Optional[RangeVar] = None
    using_clause: tuple = ()
    where_clause: Any = None
    returning_list: tuple = ()
    with_clause: Optional[WithClause] = None


# ---------------------------------------------------------------------------
# Utility statements: DDL
# ---------------------------------------------------------------------------


@node
class DefElem(Node):
    """A generic ``name [= value]`` option.  ``arg`` is a value node
    (Integer, Float, String, Boolean), a TypeName, a tuple, or None."""
    defnamespace: Optional[str] = None
    defname: str = ""
    arg: Any = None
    defaction: str = "unspec"
    location: Loc = -1


@node
class RoleSpec(Node):
    """A role name or CURRENT_USER etc.; roletype is 'cstring',
    'current_role', 'current_user', 'session_user' or 'public'."""
    roletype: str = "cstring"
    rolename: Optional[str] = None
    location: Loc = -1


@node
class ObjectWithArgs(Node):
    """``name(argtypes)`` naming a function/operator.  ``objargs`` are the
    TypeNames of the input arguments; ``objfuncargs`` the FunctionParameters
    as written (modes and names), as PostgreSQL's extractArgTypes keeps both."""
    objname: tuple = ()
    objargs: tuple = ()
    args_unspecified: bool = False
    objfuncargs: tuple = ()


@node
class Constraint(Node):
    """A column or table constraint.  ``contype`` is 'null', 'not_null',
    'default', 'identity', 'generated', 'check', 'primary', 'unique',
    'exclusion', 'foreign', or one of the attribute kinds
    'attr_deferrable', 'attr_not_deferrable', 'attr_deferred',
    'attr_immediate' (which appear only in column constraint lists, as in
    PostgreSQL).  Foreign keys: ``fk_matchtype`` 'f'/'p'/'s',
    ``fk_upd_action``/``fk_del_action`` 'a'/'r'/'c'/'n'/'d'.  Identity:
    ``generated_when`` 'a' (ALWAYS) or 'd' (BY DEFAULT) and ``options`` the
    sequence options; generated columns: ``generated_when`` 'a'."""
    contype: str = "check"
    conname: Optional[str] = None
    deferrable: bool = False
    initdeferred: bool = False
    location: Loc = -1
    is_no_inherit: bool = False
    raw_expr: Any = None
    generated_when: Optional[str] = None
    nulls_not_distinct: bool = False
    keys: tuple = ()
    including: tuple = ()
    exclusions: tuple = ()
    options: tuple = ()
    indexname: Optional[str] = None
    indexspace: Optional[str] = None
    access_method: Optional[str] = None
    where_clause: Any = None
    pktable: Optional[RangeVar] = None
    fk_attrs: tuple = ()
    pk_attrs: tuple = ()
    fk_matchtype: str = "s"
    fk_upd_action: str = "a"
    fk_del_action: str = "a"
    fk_del_set_cols: tuple = ()
    skip_validation: bool = False
    initially_valid: bool = True


@node
class ColumnDef(Node):
    """A column in CREATE TABLE / ALTER TABLE ADD COLUMN / composite types.
    The grammar leaves ``is_not_null``, ``raw_default``, ``identity`` and
    ``generated`` unset and puts everything in ``constraints`` as
    PostgreSQL's grammar does (parse_utilcmd fills them later)."""
    colname: str = ""
    type_name: Optional[TypeName] = None
    compression: Optional[str] = None
    is_local: bool = True
    is_not_null: bool = False
    storage: Optional[str] = None
    raw_default: Any = None
    identity: Optional[str] = None
    generated: Optional[str] = None
    coll_clause: Optional[CollateClause] = None
    constraints: tuple = ()
    fdwoptions: tuple = ()
    location: Loc = -1


@node
class TableLikeClause(Node):
    """``LIKE source [INCLUDING|EXCLUDING ...]``; options is PostgreSQL's
    CREATE_TABLE_LIKE_* bit mask."""
    relation: Optional[RangeVar] = None
    options: int = 0


# CREATE_TABLE_LIKE_* bits (parsenodes.h, PostgreSQL 15)
CREATE_TABLE_LIKE_COMMENTS = 1 << 0
CREATE_TABLE_LIKE_COMPRESSION = 1 << 1
CREATE_TABLE_LIKE_CONSTRAINTS = 1 << 2
CREATE_TABLE_LIKE_DEFAULTS = 1 << 3
CREATE_TABLE_LIKE_GENERATED = 1 << 4
CREATE_TABLE_LIKE_IDENTITY = 1 << 5
CREATE_TABLE_LIKE_INDEXES = 1 << 6
CREATE_TABLE_LIKE_STATISTICS = 1 << 7
CREATE_TABLE_LIKE_STORAGE = 1 << 8
CREATE_TABLE_LIKE_ALL = 0x7FFFFFFF


@node
class PartitionElem(Node):
    """One column/expression of PARTITION BY."""
    name: Optional[str] = None
    expr: Any = None
    collation: tuple = ()
    opclass: tuple = ()
    location: Loc = -1


@node
class PartitionSpec(Node):
    """``PARTITION BY strategy (params)``; strategy 'list', 'range', 'hash'."""
    strategy: str = "range"
    part_params: tuple = ()
    location: Loc = -1


@node
class PartitionBoundSpec(Node):
    """``FOR VALUES ...`` / ``DEFAULT`` of a partition; strategy 'l', 'r',
    'h' as PostgreSQL's PARTITION_STRATEGY_* chars, or None for DEFAULT."""
    strategy: Optional[str] = None
    is_default: bool = False
    modulus: int = -1
    remainder: int = -1
    listdatums: tuple = ()
    lowerdatums: tuple = ()
    upperdatums: tuple = ()
    location: Loc = -1


@node
class CreateStmt(Node):
    """CREATE TABLE.  ``table_elts`` holds ColumnDef, Constraint and
    TableLikeClause in written order; ``oncommit`` is 'noop',
    'preserve_rows', 'delete_rows' or 'drop'."""
    relation: Optional[RangeVar] = None
    table_elts: tuple = ()
    inh_relations: tuple = ()
    partbound: Optional[PartitionBoundSpec] = None
    partspec: Optional[PartitionSpec] = None
    of_typename: Optional[TypeName] = None
    constraints: tuple = ()
    options: tuple = ()
    oncommit: str = "noop"
    tablespacename: Optional[str] = None
    access_method: Optional[str] = None
    if_not_exists: bool = False


@node
class CreateTableAsStmt(Node):
    """CREATE TABLE AS / SELECT INTO / CREATE MATERIALIZED VIEW;
    objtype 'table' or 'matview'."""
    query: Any = None
    into: Optional[IntoClause] = None
    objtype: str = "table"
    is_select_into: bool = False
    if_not_exists: bool = False


@node
class DropStmt(Node):
    """DROP <object type> [IF EXISTS] names [CASCADE|RESTRICT].
    ``objects`` is a tuple of qualified-name tuples (ObjectWithArgs for
    functions, TypeName for types); ``remove_type`` e.g. 'table', 'view',
    'index', 'sequence', 'schema', 'type', 'function', 'materialized_view',
    'domain', 'extension', ...; behavior 'restrict' or 'cascade'."""
    objects: tuple = ()
    remove_type: str = "table"
    behavior: str = "restrict"
    missing_ok: bool = False
    concurrent: bool = False


@node
class CreateSchemaStmt(Node):
    """CREATE SCHEMA [IF NOT EXISTS] [name] [AUTHORIZATION role] [elements]."""
    schemaname: Optional[str] = None
    authrole: Optional[RoleSpec] = None
    schema_elts: tuple = ()
    if_not_exists: bool = False


@node
class ViewStmt(Node):
    """CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW; with_check_option 'no',
    'local' or 'cascaded'."""
    view: Optional[RangeVar] = None
    aliases: tuple = ()
    query: Any = None
    replace: bool = False
    options: tuple = ()
    with_check_option: str = "no"


@node
class CreateSeqStmt(Node):
    """CREATE SEQUENCE; options are DefElems named like PostgreSQL's
    ('as', 'increment', 'minvalue', 'maxvalue', 'start', 'cache', 'cycle',
    'owned_by', 'restart', 'sequence_name')."""
    sequence: Optional[RangeVar] = None
    options: tuple = ()
    for_identity: bool = False
    if_not_exists: bool = False


@node
class AlterSeqStmt(Node):
    """ALTER SEQUENCE [IF EXISTS] name options."""
    sequence: Optional[RangeVar] = None
    options: tuple = ()
    for_identity: bool = False
    missing_ok: bool = False


@node
class AlterTableCmd(Node):
    """One ALTER TABLE action.  ``subtype`` names PostgreSQL's
    AlterTableType in snake case without the AT_ prefix: 'add_column',
    'column_default', 'drop_not_null', 'set_not_null', 'drop_column',
    'alter_column_type', 'add_constraint', 'drop_constraint',
    'validate_constraint', 'add_identity', 'set_identity', 'drop_identity',
    'drop_expression', 'set_statistics', 'set_storage', 'change_owner',
    'set_logged', 'set_unlogged', 'enable_trig', 'disable_trig', ...
    ``def_`` is a ColumnDef, Constraint, expression, or tuple of DefElem."""
    subtype: str = ""
    name: Optional[str] = None
    num: int = 0
    newowner: Optional[RoleSpec] = None
    def_: Any = None
    behavior: str = "restrict"
    missing_ok: bool = False
    recurse: bool = True


@node
class AlterTableStmt(Node):
    """ALTER TABLE/INDEX/SEQUENCE/VIEW [IF EXISTS] [ONLY] rel cmds;
    objtype 'table', 'index', 'sequence', 'view', 'matview'."""
    relation: Optional[RangeVar] = None
    cmds: tuple = ()
    objtype: str = "table"
    missing_ok: bool = False


@node
class RenameStmt(Node):
    """ALTER ... RENAME.  rename_type 'table', 'column', 'tabconstraint',
    'index', 'sequence', 'view', 'schema', 'database', 'type', ...;
    relation_type the owning relation's kind for column/constraint renames."""
    rename_type: str = "table"
    relation_type: str = "table"
    relation: Optional[RangeVar] = None
    object: Any = None
    subname: Optional[str] = None
    newname: str = ""
    behavior: str = "restrict"
    missing_ok: bool = False


@node
class AlterObjectSchemaStmt(Node):
    """ALTER ... SET SCHEMA."""
    object_type: str = "table"
    relation: Optional[RangeVar] = None
    object: Any = None
    newschema: str = ""
    missing_ok: bool = False


@node
class IndexElem(Node):
    """An index column: ``name`` or ``expr``, plus collation/opclass and
    ordering ('default', 'asc', 'desc') / nulls_ordering ('default',
    'first', 'last')."""
    name: Optional[str] = None
    expr: Any = None
    indexcolname: Optional[str] = None
    collation: tuple = ()
    opclass: tuple = ()
    opclassopts: tuple = ()
    ordering: str = "default"
    nulls_ordering: str = "default"


@node
class IndexStmt(Node):
    """CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON rel."""
    idxname: Optional[str] = None
    relation: Optional[RangeVar] = None
    access_method: str = "btree"
    table_space: Optional[str] = None
    index_params: tuple = ()
    index_including_params: tuple = ()
    options: tuple = ()
    where_clause: Any = None
    unique: bool = False
    nulls_not_distinct: bool = False
    primary: bool = False
    isconstraint: bool = False
    deferrable: bool = False
    initdeferred: bool = False
    concurrent: bool = False
    if_not_exists: bool = False


@node
class CreateEnumStmt(Node):
    """CREATE TYPE name AS ENUM (labels)."""
    type_name: tuple = ()
    vals: tuple = ()


@node
class CompositeTypeStmt(Node):
    """CREATE TYPE name AS (columns)."""
    typevar: Optional[RangeVar] = None
    coldeflist: tuple = ()


@node
class AlterEnumStmt(Node):
    """ALTER TYPE name ADD VALUE [IF NOT EXISTS] v [BEFORE|AFTER n] /
    RENAME VALUE old TO new."""
    type_name: tuple = ()
    old_val: Optional[str] = None
    new_val: str = ""
    new_val_neighbor: Optional[str] = None
    new_val_is_after: bool = True
    skip_if_new_val_exists: bool = False


@node
class CreateDomainStmt(Node):
    """CREATE DOMAIN name [AS] type [constraints]."""
    domainname: tuple = ()
    type_name: Optional[TypeName] = None
    coll_clause: Optional[CollateClause] = None
    constraints: tuple = ()


@node
class DefineStmt(Node):
    """CREATE TYPE name [(definition)]: a shell type when ``definition`` is
    None, else a base type (INPUT = ..., OUTPUT = ..., ...).  ``kind``
    'type' (PostgreSQL's OBJECT_TYPE); ``definition`` a tuple of DefElem."""
    kind: str = "type"
    defnames: tuple = ()
    definition: Optional[tuple] = None
    if_not_exists: bool = False
    # CREATE [OR REPLACE] AGGREGATE (kind 'aggregate', spec/12-functions.md
    # "User-defined aggregates"): ``args`` the FunctionParameters (None for the
    # old-style syntax), ``ndirect`` the number of direct arguments of an
    # ordered-set aggregate (-1 for a plain one), ``replace`` OR REPLACE
    args: Optional[tuple] = None
    ndirect: int = -1
    replace: bool = False


@node
class CreateRangeStmt(Node):
    """CREATE TYPE name AS RANGE (subtype = ..., ...)."""
    type_name: tuple = ()
    params: tuple = ()


@node
class CreateCastStmt(Node):
    """CREATE CAST (source AS target) WITH FUNCTION f(args) | WITHOUT
    FUNCTION | WITH INOUT [AS ASSIGNMENT | AS IMPLICIT].  ``context`` is
    pg_cast.castcontext: 'e' explicit, 'a' assignment, 'i' implicit."""
    sourcetype: Optional[TypeName] = None
    targettype: Optional[TypeName] = None
    func: Any = None                 # ObjectWithArgs, None without function / inout
    context: str = "e"
    inout: bool = False


@node
class DropCastStmt(Node):
    """DROP CAST [IF EXISTS] (source AS target) [CASCADE | RESTRICT]."""
    sourcetype: Optional[TypeName] = None
    targettype: Optional[TypeName] = None
    missing_ok: bool = False
    behavior: str = "restrict"


@node
class AlterTypeStmt(Node):
    """ALTER TYPE name SET (option = value, ...): storage, I/O and
    typmod functions, analyze, subscript of a base type.  ``options`` is a
    tuple of DefElem (arg None for ``= NONE``)."""
    type_name: tuple = ()
    options: tuple = ()


@node
class AlterOperatorStmt(Node):
    """ALTER OPERATOR name (left, right) SET (option = value, ...)
    (engine/operatorcmds.py).  ``opername`` an ObjectWithArgs; ``options``
    a tuple of DefElem (arg None for ``= NONE``)."""
    opername: Any = None
    options: tuple = ()


@node
class AlterDomainStmt(Node):
    """ALTER DOMAIN name ...: ``subtype`` 'T' SET/DROP DEFAULT (``def_`` the
    expression or None), 'N' DROP NOT NULL, 'O' SET NOT NULL, 'C' ADD
    constraint (``def_`` a Constraint), 'X' DROP CONSTRAINT ``name``,
    'V' VALIDATE CONSTRAINT ``name`` -- PostgreSQL's letters."""
    subtype: str = ""
    type_name: tuple = ()
    name: Optional[str] = None
    def_: Any = None
    behavior: str = "restrict"
    missing_ok: bool = False


@node
class TruncateStmt(Node):
    """TRUNCATE [TABLE] rels [RESTART|CONTINUE IDENTITY] [CASCADE|RESTRICT]."""
    relations: tuple = ()
    restart_seqs: bool = False
    behavior: str = "restrict"


@node
class CommentStmt(Node):
    """COMMENT ON objtype object IS 'text' | NULL.  ``object`` is a name
    tuple (ObjectWithArgs for functions, TypeName for types)."""
    objtype: str = "table"
    object: Any = None
    comment: Optional[str] = None


@node
class AlterDatabaseStmt(Node):
    """ALTER DATABASE name [WITH] options; SET TABLESPACE t is the option
    'tablespace'."""
    dbname: str = ""
    options: tuple = ()


@node
class AlterDatabaseSetStmt(Node):
    """ALTER DATABASE name SET ... / RESET ... (``setstmt`` a VariableSetStmt)."""
    dbname: str = ""
    setstmt: Any = None


@node
class CreatedbStmt(Node):
    """CREATE DATABASE name [WITH] options."""
    dbname: str = ""
    options: tuple = ()


@node
class DropdbStmt(Node):
    """DROP DATABASE [IF EXISTS] name [WITH (FORCE)]."""
    dbname: str = ""
    missing_ok: bool = False
    options: tuple = ()


@node
class LockStmt(Node):
    """LOCK [TABLE] rels [IN mode MODE] [NOWAIT]; ``mode`` uses PostgreSQL's
    lock mode numbers (1 AccessShare .. 8 AccessExclusive, the default)."""
    relations: tuple = ()
    mode: int = 8
    nowait: bool = False


# ---------------------------------------------------------------------------
# Utility statements: session, transactions, misc
# ---------------------------------------------------------------------------


@node
class VariableSetStmt(Node):
    """SET / RESET.  kind is 'value', 'default', 'current', 'multi',
    'reset', 'reset_all'.  ``args`` holds A_Const nodes (or a TypeCast for
    SET TIME ZONE INTERVAL ...).  Special forms use PostgreSQL's names:
    SET TIME ZONE -> name 'timezone'; SET SCHEMA 'x' -> 'search_path';
    SET NAMES -> 'client_encoding'; SET TRANSACTION -> kind 'multi',
    name 'TRANSACTION' with DefElem args."""
    kind: str = "value"
    name: Optional[str] = None
    args: tuple = ()
    is_local: bool = False


@node
class VariableShowStmt(Node):
    """SHOW name (PostgreSQL's special names: 'timezone',
    'transaction_isolation', 'session_authorization', 'all')."""
    name: str = ""


@node
class TransactionStmt(Node):
    """Transaction control; kind is 'begin', 'start', 'commit', 'rollback',
    'savepoint', 'release', 'rollback_to', 'prepare', 'commit_prepared',
    'rollback_prepared'.  ``options`` are DefElems named
    'transaction_isolation' (String 'read committed' ...),
    'transaction_read_only' and 'transaction_deferrable' (Integer 0/1) as in
    gram.y."""
    kind: str = "begin"
    options: tuple = ()
    savepoint_name: Optional[str] = None
    gid: Optional[str] = None
    chain: bool = False


@node
class ExplainStmt(Node):
    """EXPLAIN [ANALYZE] [VERBOSE] | (options) query; options are DefElems."""
    query: Any = None
    options: tuple = ()


@node
class PrepareStmt(Node):
    """PREPARE name [(types)] AS query."""
    name: str = ""
    argtypes: tuple = ()
    query: Any = None


@node
class ExecuteStmt(Node):
    """EXECUTE name [(params)]."""
    name: str = ""
    params: tuple = ()


@node
class DeallocateStmt(Node):
    """DEALLOCATE [PREPARE] name | ALL (name None)."""
    name: Optional[str] = None


@node
class CopyStmt(Node):
    """COPY.  Exactly one of ``relation`` / ``query``; ``filename`` None
    means STDIN/STDOUT; options are DefElems ('format', 'header',
    'delimiter', 'null', 'quote', 'escape', 'force_quote', 'force_not_null',
    'force_null', 'encoding', 'freeze', 'default' ...), with the old
    option syntax mapped as gram.y does (CSV -> format 'csv', BINARY ->
    format 'binary')."""
    relation: Optional[RangeVar] = None
    query: Any = None
    attlist: tuple = ()
    is_from: bool = False
    is_program: bool = False
    filename: Optional[str] = None
    options: tuple = ()
    where_clause: Any = None


@node
class ListenStmt(Node):
    """LISTEN channel."""
    conditionname: str = ""


@node
class UnlistenStmt(Node):
    """UNLISTEN channel | * (None)."""
    conditionname: Optional[str] = None


@node
class NotifyStmt(Node):
    """NOTIFY channel [, 'payload']."""
    conditionname: str = ""
    payload: Optional[str] = None


@node
class DiscardStmt(Node):
    """DISCARD ALL | PLANS | SEQUENCES | TEMP (target)."""
    target: str = "all"


@node
class CheckPointStmt(Node):
    """CHECKPOINT."""


@node
class VacuumRelation(Node):
    """A table (and optional column list) named by VACUUM/ANALYZE."""
    relation: Optional[RangeVar] = None
    va_cols: tuple = ()


@node
class VacuumStmt(Node):
    """VACUUM / ANALYZE (parsed; options are DefElems, e.g. 'full',
    'freeze', 'verbose', 'analyze')."""
    options: tuple = ()
    rels: tuple = ()
    is_vacuumcmd: bool = True


@node
class ReindexStmt(Node):
    """REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY]
    name.  ``kind`` is 'index', 'table', 'schema', 'database' or 'system';
    ``relation`` is a RangeVar for INDEX/TABLE, ``name`` the object name
    otherwise; ``params`` holds the option DefElems (VERBOSE, CONCURRENTLY,
    TABLESPACE); the CONCURRENTLY keyword adds a 'concurrently' DefElem."""
    kind: str = ""
    relation: object = None
    name: str | None = None
    params: tuple = ()


@node
class DeclareCursorStmt(Node):
    """DECLARE name [BINARY] [[NO] SCROLL] CURSOR [WITH HOLD] FOR query;
    ``options`` is PostgreSQL's CURSOR_OPT_* mask."""
    portalname: str = ""
    options: int = 0
    query: Any = None


# CURSOR_OPT_* bits (parsenodes.h)
CURSOR_OPT_BINARY = 0x0001
CURSOR_OPT_SCROLL = 0x0002
CURSOR_OPT_NO_SCROLL = 0x0004
CURSOR_OPT_INSENSITIVE = 0x0008
CURSOR_OPT_ASENSITIVE = 0x0010
CURSOR_OPT_HOLD = 0x0020


@node
class FetchStmt(Node):
    """FETCH / MOVE; direction 'forward', 'backward', 'absolute',
    'relative'; how_many -1 for ALL (PostgreSQL's FETCH_ALL)."""
    direction: str = "forward"
    how_many: int = 1
    portalname: str = ""
    ismove: bool = False


@node
class ClosePortalStmt(Node):
    """CLOSE name | ALL (None)."""
    portalname: Optional[str] = None


@node
class FunctionParameter(Node):
    """One parameter of CREATE FUNCTION / PROCEDURE (or of a function named
    with argument types).  ``mode`` is PostgreSQL's FunctionParameterMode
    character: 'i' IN, 'o' OUT, 'b' INOUT, 'v' VARIADIC, 't' TABLE column,
    'd' no mode written (treated as IN)."""
    name: Optional[str] = None
    arg_type: Optional[TypeName] = None
    mode: str = "d"
    defexpr: Any = None
    location: Loc = -1


@node
class ReturnStmt(Node):
    """``RETURN expr``, the SQL-standard body of a function."""
    returnval: Any = None


@node
class CreateFunctionStmt(Node):
    """CREATE [OR REPLACE] FUNCTION / PROCEDURE.  ``options`` are DefElems
    as in PostgreSQL (as, language, volatility, strict, security, leakproof,
    parallel, cost, rows, support, set, window, transform); ``sql_body`` is
    a ReturnStmt, a tuple of statements (BEGIN ATOMIC ... END), or None."""
    is_procedure: bool = False
    replace: bool = False
    funcname: tuple = ()
    parameters: tuple = ()
    return_type: Optional[TypeName] = None
    options: tuple = ()
    sql_body: Any = None
    location: Loc = -1


@node
class AlterFunctionStmt(Node):
    """ALTER FUNCTION / PROCEDURE / ROUTINE f(args) action ...; ``objtype``
    'function', 'procedure' or 'routine'."""
    objtype: str = "function"
    func: Any = None                 # ObjectWithArgs
    actions: tuple = ()


@node
class DoStmt(Node):
    """DO [LANGUAGE lang] 'code': ``args`` are DefElems 'as' and 'language'."""
    args: tuple = ()


@node
class CallStmt(Node):
    """CALL proc(args)."""
    funccall: Any = None             # FuncCall


@node
class LoadStmt(Node):
    """LOAD 'library'."""
    filename: str = ""


@node
class AlterOwnerStmt(Node):
    """ALTER <object> ... OWNER TO role."""
    object_type: str = "function"
    relation: Any = None
    object: Any = None
    newowner: Any = None             # RoleSpec


@node
class AccessPriv(Node):
    """One privilege named in GRANT/REVOKE: ``priv_name`` in lower case
    ('select', 'insert', 'usage', ...) or None for ALL [PRIVILEGES] with a
    column list; ``cols`` the column names, if any."""
    priv_name: Optional[str] = None
    cols: tuple = ()


@node
class GrantStmt(Node):
    """GRANT / REVOKE on objects.  ``targtype`` is 'object' or
    'all_in_schema' (ALL TABLES IN SCHEMA ...; ``objects`` are then schema
    names); ``objtype`` is 'table', 'sequence', 'function', 'procedure',
    'routine', 'database', 'domain', 'language', 'largeobject', 'schema',
    'tablespace', 'type', 'fdw' or 'foreign_server'.  ``objects`` hold
    RangeVars (tables, sequences), names, any_name tuples (types, domains)
    or ObjectWithArgs (routines).  ``privileges`` () means ALL PRIVILEGES."""
    is_grant: bool = True
    targtype: str = "object"
    objtype: str = "table"
    objects: tuple = ()
    privileges: tuple = ()
    grantees: tuple = ()
    grant_option: bool = False
    grantor: Optional[RoleSpec] = None
    behavior: str = "restrict"
    location: Loc = -1


@node
class CreateOpClassItem(Node):
    """One item of CREATE OPERATOR CLASS: ``itemtype`` 'operator' (``name``
    an ObjectWithArgs naming the operator, ``number`` the strategy,
    ``order_family`` for FOR ORDER BY), 'function' (``name`` the support
    function, ``number`` its support number, ``class_args`` the optional
    left/right types) or 'storage' (``storedtype``)."""
    itemtype: str = "operator"
    name: Any = None
    number: int = 0
    order_family: tuple = ()
    class_args: tuple = ()
    storedtype: Optional[TypeName] = None


@node
class CreateOpClassStmt(Node):
    """CREATE OPERATOR CLASS name [DEFAULT] FOR TYPE t USING am [FAMILY f] AS items."""
    opclassname: tuple = ()
    opfamilyname: tuple = ()
    amname: str = ""
    datatype: Optional[TypeName] = None
    items: tuple = ()
    is_default: bool = False


@node
class CreateTrigStmt(Node):
    """CREATE [OR REPLACE] [CONSTRAINT] TRIGGER (gram.y's CreateTrigStmt).
    ``timing`` 'before' / 'after' / 'instead'; ``events`` a set of
    'insert' / 'update' / 'delete' / 'truncate'; ``columns`` the UPDATE OF
    list; ``row`` True for FOR EACH ROW; ``transition_rels`` a tuple of
    (is_new, is_table, name); ``args`` the argument strings."""
    replace: bool = False
    isconstraint: bool = False
    trigname: str = ""
    relation: Optional[RangeVar] = None
    funcname: tuple = ()
    args: tuple = ()
    row: bool = False
    timing: str = "before"
    events: tuple = ()
    columns: tuple = ()
    when_clause: Any = None
    transition_rels: tuple = ()
    deferrable: bool = False
    initdeferred: bool = False
    constrrel: Optional[RangeVar] = None
    location: int = -1


@node
class RawStmt(Node):
    """One statement of a multi-statement string: ``stmt_location`` is the
    0-based offset of its first character in the whole string and
    ``stmt_len`` its length in characters (0 means "to the end of the
    string"), computed exactly as PostgreSQL's gram.y does (INV-SQL-4)."""
    stmt: Any = None
    stmt_location: int = 0
    stmt_len: int = 0


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default and type(value) is type(f.default)
    return False


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _short(v: Any, locations: bool) -> Optional[str]:
    """One-line text for small nodes/values, or None if it needs a block."""
    if _scalar(v):
        return repr(v)
    if isinstance(v, (Integer, Float, Boolean, String, BitString)):
        f = dataclasses.fields(v)[0]
        return f"{type(v).__name__}({getattr(v, f.name)!r})"
    if isinstance(v, A_Star):
        return "A_Star"
    if isinstance(v, tuple) and all(_scalar(x) or isinstance(x, A_Star) for x in v):
        return "(" + ", ".join("*" if isinstance(x, A_Star) else repr(x) for x in v) + \
            ("," if len(v) == 1 else "") + ")"
    return None


def dump(n: Any, locations: bool = False, indent: int = 0) -> str:
    """Render a tree as indented text, omitting fields at their default.

    Scalar fields print inline after the node name; node-valued fields print
    as ``name: Node ...`` with their sub-tree indented below; tuples of nodes
    as ``name:`` followed by one entry per line.  ``locations=True`` keeps
    the ``location`` fields (they are omitted by default so golden dumps
    survive whitespace changes)."""
    lines: list[str] = []
    _dump(n, locations, indent, None, lines)
    return "\n".join(lines)


def _dump(n: Any, locations: bool, ind: int, label: Optional[str], out: list[str]) -> None:
    pad = "  " * ind
    prefix = f"{pad}{label}: " if label else pad
    s = _short(n, locations)
    if s is not None:
        out.append(prefix + s)
        return
    if isinstance(n, tuple):
        out.append(prefix.rstrip() if label else pad + "(")
        for x in n:
            if isinstance(x, tuple) and _short(x, locations) is None:
                out.append("  " * (ind + 1) + "-")
                for y in x:
                    _dump(y, locations, ind + 2, None, out)
            else:
                _dump(x, locations, ind + 1, None, out)
        return
    if not isinstance(n, Node):
        out.append(prefix + repr(n))
        return
    inline: list[str] = []
    blocks: list[tuple[str, Any]] = []
    for f in dataclasses.fields(n):
        v = getattr(n, f.name)
        if f.name == "location" and not locations:
            continue
        if _is_default(f, v) and not (f.name == "location" and locations):
            continue
        s = _short(v, locations)
        if s is not None:
            inline.append(f"{f.name}={s}")
        else:
            blocks.append((f.name, v))
    out.append(prefix + " ".join([type(n).__name__] + inline))
    for name, v in blocks:
        _dump(v, locations, ind + 1, name, out)


def walk(n: Any) -> Iterator[Node]:
    """Yield ``n`` (if a Node) and every Node below it, pre-order."""
    if isinstance(n, Node):
        yield n
        for f in dataclasses.fields(n):
            yield from walk(getattr(n, f.name))
    elif isinstance(n, tuple):
        for x in n:
            yield from walk(x)


__all__ += [name for name, obj in list(globals().items())
            if isinstance(obj, type) and issubclass(obj, Node) and obj is not Node]


@node
class RuleStmt(Node):
    """CREATE [OR REPLACE] RULE name AS ON event TO relation [WHERE qual]
    DO [ALSO | INSTEAD] {NOTHING | action | (action; ...)} (gram.y's
    RuleStmt; engine/rulecmds.py).  ``event`` 'select' / 'insert' /
    'update' / 'delete'; ``actions`` the raw action statements (empty for
    NOTHING)."""
    relation: Optional[RangeVar] = None
    rulename: str = ""
    where_clause: Any = None
    event: str = "select"
    instead: bool = False
    actions: tuple = ()
    replace: bool = False


__all__ += ["RuleStmt"]


# ---------------------------------------------------------------------------
# MERGE (PostgreSQL 15's MergeStmt / MergeWhenClause; analyzer/merge.py)
# ---------------------------------------------------------------------------


@node
class MergeWhenClause(Node):
    """``WHEN [NOT] MATCHED [AND condition] THEN action``.  ``command`` is
    'update', 'delete', 'insert' or 'nothing'; for UPDATE ``target_list``
    holds the SET items (ResTarget), for INSERT the column list; ``values``
    is the INSERT's VALUES row, None for DEFAULT VALUES; ``override`` as
    InsertStmt's."""
    matched: bool = True
    command: str = "nothing"
    condition: Any = None
    target_list: tuple = ()
    values: Optional[tuple] = None
    override: Optional[str] = None
    location: Loc = -1


@node
class MergeStmt(Node):
    """``[WITH ...] MERGE INTO relation USING source ON join_condition
    when_clauses``."""
    relation: Optional[RangeVar] = None
    source_relation: Any = None
    join_condition: Any = None
    when_clauses: tuple = ()
    with_clause: Optional[WithClause] = None
    location: Loc = -1

__all__ += ["MergeWhenClause", "MergeStmt"]


# ---------------------------------------------------------------------------
# Roles (gram.y's CreateRoleStmt ... ReassignOwnedStmt; pgref/auth/roles.py,
# spec/16-auth.md)
# ---------------------------------------------------------------------------

@node
class CreateRoleStmt(Node):
    """CREATE ROLE / USER / GROUP name [WITH] options.  ``stmt_type`` is
    'role', 'user' or 'group'; ``options`` DefElems named as gram.y names
    them ('superuser', 'createdb', 'canlogin', 'password', 'validUntil',
    'connectionlimit', 'addroleto', 'rolemembers', 'adminmembers', ...)."""
    stmt_type: str = "role"
    role: str = ""
    options: tuple = ()
    location: Loc = -1


@node
class AlterRoleStmt(Node):
    """ALTER ROLE / USER name [WITH] options, and ALTER GROUP name
    ADD|DROP USER list (``action`` +1 / -1, options = rolemembers)."""
    role: Optional[RoleSpec] = None
    options: tuple = ()
    action: int = 1
    stmt_type: str = "role"


@node
class AlterRoleSetStmt(Node):
    """ALTER ROLE name|ALL [IN DATABASE db] SET / RESET ... (``role``
    None: ALL)."""
    role: Optional[RoleSpec] = None
    database: Optional[str] = None
    setstmt: Any = None


@node
class DropRoleStmt(Node):
    """DROP ROLE / USER / GROUP [IF EXISTS] name, ..."""
    roles: tuple = ()
    missing_ok: bool = False


@node
class GrantRoleStmt(Node):
    """GRANT role, ... TO role, ... [WITH ADMIN OPTION] [GRANTED BY r] and
    REVOKE [ADMIN OPTION FOR] role, ... FROM role, ... (``granted_roles``
    AccessPriv nodes whose priv_name is the role name)."""
    granted_roles: tuple = ()
    grantee_roles: tuple = ()
    is_grant: bool = True
    admin_opt: bool = False
    grantor: Optional[RoleSpec] = None
    behavior: str = "restrict"
    location: Loc = -1


@node
class DropOwnedStmt(Node):
    """DROP OWNED BY role, ... [CASCADE | RESTRICT]."""
    roles: tuple = ()
    behavior: str = "restrict"


@node
class ReassignOwnedStmt(Node):
    """REASSIGN OWNED BY role, ... TO role."""
    roles: tuple = ()
    newrole: Optional[RoleSpec] = None


__all__ += ["CreateRoleStmt", "AlterRoleStmt", "AlterRoleSetStmt", "DropRoleStmt", "GrantRoleStmt",
            "DropOwnedStmt", "ReassignOwnedStmt"]


@node
class AlterDefaultPrivilegesStmt(Node):
    """ALTER DEFAULT PRIVILEGES [FOR ROLE r, ...] [IN SCHEMA s, ...]
    GRANT | REVOKE ... ON TABLES | FUNCTIONS | ROUTINES | SEQUENCES | TYPES |
    SCHEMAS ... (gram.y's AlterDefaultPrivilegesStmt; pgref/auth/defacl.py).
    ``options`` DefElems 'schemas' (names) and 'roles' (RoleSpecs);
    ``action`` a GrantStmt whose objtype is the object kind and whose
    objects are empty."""
    options: tuple = ()
    action: Any = None


__all__ += ["AlterDefaultPrivilegesStmt"]

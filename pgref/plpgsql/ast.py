"""The PL/pgSQL syntax tree (PostgreSQL's plpgsql.h PLpgSQL_stmt_* nodes).

Where it sits: ``plpgsql/`` (spec/13-plpgsql.md, "Data structures").  The
parser (``parser.py``) builds these; the interpreter (``interp.py``) walks
them.  Every statement carries ``lineno`` (1-based line in the body, for the
CONTEXT line ``... line N at WHAT``).  SQL fragments are :class:`Expr`:
the fragment's text plus the namespace in scope where it was written; the
interpreter analyzes and plans each one once per catalog version and
variable-type signature (INV-PLPGSQL-2).
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any


# ----------------------------------------------------------------------- variables
@dataclass(eq=False)
class Var:
    """A datum: a scalar variable, a composite ("row") variable or a record.
    ``typ`` is the declared type (RECORD for a ``record`` variable, whose
    actual field types come with its value)."""
    name: str
    typ: int
    typmod: int = -1
    constant: bool = False
    notnull: bool = False
    default: "Expr | None" = None
    is_record: bool = False        # declared `record` (fields known only at run time)
    is_row: bool = False           # a composite type (a %ROWTYPE or a table/composite type name)
    slot: int = -1                 # index in the frame's value list
    lineno: int = 0
    cursor_query: "Expr | None" = None     # a bound cursor: its query (the args are in its scope)
    cursor_args: list = _field(default_factory=list)
    cursor_scroll: bool | None = None


@dataclass(eq=False)
class Scope:
    """One level of the namespace (plpgsql_ns): names declared by a block,
    a loop variable, or the function's parameters (labelled with its name)."""
    parent: "Scope | None"
    label: str | None = None
    names: dict[str, Var] = _field(default_factory=dict)

    def lookup(self, name: str) -> Var | None:
        s = self
        while s is not None:
            v = s.names.get(name)
            if v is not None:
                return v
            s = s.parent
        return None

    def lookup_label(self, label: str) -> "Scope | None":
        s = self
        while s is not None:
            if s.label == label:
                return s
            s = s.parent
        return None


@dataclass(eq=False)
class Expr:
    """A SQL fragment: ``SELECT <text>`` for an expression, or a whole
    statement.  ``offset`` is where the text starts in the body."""
    text: str
    scope: Scope
    offset: int = 0
    is_stmt: bool = False
    cache: Any = None
    query: str | None = None       # the text error reports show (QUERY / CONTEXT), if not ``text``
    qoff: int = 0                  # where ``text`` starts inside ``query``
    kind: str = "SQL expression"   # the CONTEXT line's words


# ----------------------------------------------------------------------- statements
@dataclass(eq=False)
class Stmt:
    lineno: int


@dataclass(eq=False)
class Block(Stmt):
    label: str | None
    decls: list[Var]
    body: list[Stmt]
    handlers: list["Handler"] | None
    scope: Scope
    sqlstate_var: Var | None = None
    sqlerrm_var: Var | None = None


@dataclass(eq=False)
class Handler:
    conditions: list[tuple[str, str]]      # ('state', '22012') | ('name', 'others')
    body: list[Stmt]


@dataclass(eq=False)
class Assign(Stmt):
    target: "Target"
    expr: Expr


@dataclass(eq=False)
class Target:
    """An assignment / INTO target: a variable, optionally a field of it or
    an array element (subscripts are expressions)."""
    var: Var
    field: str | None = None
    subscripts: list[Expr] = _field(default_factory=list)


@dataclass(eq=False)
class If(Stmt):
    branches: list[tuple[Expr, list[Stmt]]]
    else_body: list[Stmt] | None


@dataclass(eq=False)
class Case(Stmt):
    expr: Expr | None
    whens: list[tuple[Expr, list[Stmt]]]
    else_body: list[Stmt] | None
    tmp: Var | None = None


@dataclass(eq=False)
class Loop(Stmt):
    label: str | None
    body: list[Stmt]


@dataclass(eq=False)
class While(Stmt):
    label: str | None
    cond: Expr
    body: list[Stmt]


@dataclass(eq=False)
class ForInt(Stmt):
    label: str | None
    var: Var
    lower: Expr
    upper: Expr
    step: Expr | None
    reverse: bool
    body: list[Stmt]


@dataclass(eq=False)
class ForQuery(Stmt):
    label: str | None
    targets: list[Target]
    query: Expr | None             # static query
    dynamic: Expr | None           # FOR ... IN EXECUTE expr
    using: list[Expr]
    body: list[Stmt]


@dataclass(eq=False)
class ForEach(Stmt):
    label: str | None
    targets: list[Target]
    slice: int
    expr: Expr
    body: list[Stmt]


@dataclass(eq=False)
class Exit(Stmt):
    is_exit: bool
    label: str | None
    cond: Expr | None


@dataclass(eq=False)
class Return(Stmt):
    expr: Expr | None
    var: Var | None = None


@dataclass(eq=False)
class ReturnNext(Stmt):
    expr: Expr | None
    var: Var | None = None


@dataclass(eq=False)
class ReturnQuery(Stmt):
    query: Expr | None
    dynamic: Expr | None
    using: list[Expr]


@dataclass(eq=False)
class Raise(Stmt):
    level: str                     # debug log info notice warning exception
    condname: str | None           # condition name or None
    sqlstate: str | None
    message: str | None            # the format string (None: re-raise or condition only)
    params: list[Expr]
    options: list[tuple[str, Expr]]


@dataclass(eq=False)
class Assert(Stmt):
    cond: Expr
    message: Expr | None


@dataclass(eq=False)
class Perform(Stmt):
    expr: Expr


@dataclass(eq=False)
class ExecSql(Stmt):
    sql: Expr
    into: list[Target] | None
    strict: bool
    command: str                   # 'select' 'insert' ... or 'utility'


@dataclass(eq=False)
class DynExecute(Stmt):
    query: Expr
    into: list[Target] | None
    strict: bool
    using: list[Expr]


@dataclass(eq=False)
class GetDiag(Stmt):
    stacked: bool
    items: list[tuple[Target, str]]


@dataclass(eq=False)
class Null(Stmt):
    pass


@dataclass(eq=False)
class Open(Stmt):
    var: Var
    scroll: bool | None
    query: Expr | None             # OPEN c FOR query
    dynamic: Expr | None           # OPEN c FOR EXECUTE expr
    using: list[Expr]
    args: list[tuple[str | None, Expr]]   # OPEN bound_c(args)


@dataclass(eq=False)
class Fetch(Stmt):
    var: Var
    direction: str                 # forward backward absolute relative
    count: Expr | int
    into: list[Target] | None
    is_move: bool


@dataclass(eq=False)
class Close(Stmt):
    var: Var


@dataclass(eq=False)
class ForCursor(Stmt):
    label: str | None
    target: Target
    cursor: Var
    args: list[tuple[str | None, Expr]]
    body: list[Stmt]


@dataclass(eq=False)
class Call(Stmt):
    sql: Expr


# what ``PL/pgSQL function f() line N at WHAT`` says (plpgsql_stmt_typename)
def stmt_typename(s: Stmt) -> str:
    if isinstance(s, Block):
        return "statement block"
    if isinstance(s, Assign):
        return "assignment"
    if isinstance(s, ForInt):
        return "FOR with integer loop variable"
    if isinstance(s, ForQuery):
        return "FOR over EXECUTE statement" if s.dynamic is not None else "FOR over SELECT rows"
    if isinstance(s, ForEach):
        return "FOREACH over array"
    if isinstance(s, Exit):
        return "EXIT" if s.is_exit else "CONTINUE"
    if isinstance(s, ReturnNext):
        return "RETURN NEXT"
    if isinstance(s, ReturnQuery):
        return "RETURN QUERY"
    if isinstance(s, ExecSql):
        return "SQL statement"
    if isinstance(s, ForCursor):
        return "FOR over cursor"
    if isinstance(s, Fetch):
        return "MOVE" if s.is_move else "FETCH"
    if isinstance(s, DynExecute):
        return "EXECUTE"
    if isinstance(s, GetDiag):
        return "GET STACKED DIAGNOSTICS" if s.stacked else "GET DIAGNOSTICS"
    return {If: "IF", Case: "CASE", Loop: "LOOP", While: "WHILE", Return: "RETURN", Raise: "RAISE",
            Assert: "ASSERT", Perform: "PERFORM", Null: "NULL", Call: "CALL", Open: "OPEN",
            Close: "CLOSE"}.get(type(s), "statement")

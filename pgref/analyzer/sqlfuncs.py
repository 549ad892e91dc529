"""The analyzer's side of user-defined functions (spec/12-functions.md).

Where it sits: ``analyzer/``, next to ``funcs.py``.  Three things:

* ``user_function_call``: the expression a call of a user-defined routine
  becomes.  A SQL function whose body is a single ``SELECT expr`` (or
  ``RETURN expr``) is inlined as PostgreSQL's ``inline_function`` does,
  under the same conditions (not strict, not SECURITY DEFINER, no SET
  clause, not set-returning, no RECORD result, an expression no more
  volatile than the function, each argument used at most once unless it is
  cheap and stable); every other call stays a ``FuncExpr`` that the
  executor runs through ``executor/userfunc.py``.
* ``default_exprs``: the analyzed DEFAULT expressions of a user routine.
* ``ParamScope``: the names of a SQL function's parameters while its body
  is analyzed (PostgreSQL's ``sql_fn_post_column_ref``): a name that is not
  a column is the parameter of that name, also written ``fname.pname``.
  Table columns win over parameter names (INV-FUNC-4).
"""
from __future__ import annotations

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.parse_state import ParseState
from pgref.errors import PgError
from pgref.sql import ast as A


class ParamScope:
    """Parameter names of the function whose body is being analyzed."""

    def __init__(self, funcname: str, names: list[str | None], types: list[int]):
        self.funcname = funcname
        self.names = names
        self.types = types

    def lookup(self, name: str) -> N.Expr | None:
        for i, n in enumerate(self.names):
            if n and n == name:
                return N.Param(i + 1, self.types[i])
        return None

    def __call__(self, ea, ps, cref: A.ColumnRef) -> N.Expr | None:
        f = cref.fields
        if not all(isinstance(x, str) for x in f):
            return None
        if len(f) == 1:
            return self.lookup(f[0])
        if len(f) == 2:
            if f[0] == self.funcname:
                got = self.lookup(f[1])
                if got is not None:
                    return got
            p = self.lookup(f[0])
            if p is not None:
                return _field(ea, p, f[1], cref.location)
        if len(f) == 3 and f[0] == self.funcname:
            p = self.lookup(f[1])
            if p is not None:
                return _field(ea, p, f[2], cref.location)
        return None


def _field(ea, arg: N.Expr, name: str, location: int) -> N.Expr | None:
    from pgref.catalog.typedefs import composite_columns
    for i, (cname, ct, cm) in enumerate(composite_columns(ea.cat, arg.typ) or (), 1):
        if cname == name:
            return N.FieldSelect(arg, i, ct, cm)
    return None


def default_exprs(ea, proc, ndefaults: int, targets=None) -> list[N.Expr]:
    """The last ``ndefaults`` DEFAULT expressions of a user routine, analyzed
    and coerced to their parameters' types (as CREATE FUNCTION stored them);
    ``targets``: the call's resolved parameter types (polymorphic ones)."""
    out = []
    nin = len(proc.argtypes)
    first = nin - len(proc.defaults)
    for k in range(nin - ndefaults, nin):
        node = proc.defaults[k - first]
        e = ea.transform(ParseState(), node)
        typ = proc.argtypes[k]
        if targets is not None and targets[k] and targets[k] not in C.POLYMORPHIC:
            typ = targets[k]
        if typ not in C.POLYMORPHIC and typ not in (C.ANY,):
            e = ea.coerce(e, typ, -1, C.ASSIGNMENT, -1)
        else:
            e = ea.resolve_unknown(e)
        out.append(e)
    return out


def user_function_call(ea, proc, args: tuple, rettype: int, n: A.FuncCall) -> N.Expr:
    call = N.FuncExpr(proc.oid, rettype, tuple(args), retset=proc.retset, variadic=n.func_variadic)
    if proc.lang != 14:
        return call
    inlined = _try_inline(ea, proc, args, rettype)
    return inlined if inlined is not None else call


# ---------------------------------------------------------------- inlining
_VOLATILITY_RANK = {"i": 0, "s": 1, "v": 2}


_INLINING: set[int] = set()      # functions being inlined now (PostgreSQL's active_fns)


def _try_inline(ea, proc, args: tuple, rettype: int) -> N.Expr | None:
    """inline_function: a SQL function whose body is ``SELECT expr`` becomes
    that expression with the arguments substituted; None if it may not be
    (also for a function already being inlined: recursion stays a call)."""
    if proc.oid in _INLINING:
        return None
    _INLINING.add(proc.oid)
    try:
        return _inline(ea, proc, args, rettype)
    finally:
        _INLINING.discard(proc.oid)


def _inline(ea, proc, args: tuple, rettype: int) -> N.Expr | None:
    if (proc.kind != "f" or proc.secdef or proc.retset or proc.rettype == C.RECORD or proc.config
            or proc.strict or len(args) != len(proc.argtypes)):
        return None
    if getattr(proc, "acl", None) is not None:
        return None          # EXECUTE is checked on the call (inline_function's aclcheck; spec/16-auth.md)
    stmts = body_statements(proc)
    if stmts is None or len(stmts) != 1:
        return None
    s = stmts[0]
    if not isinstance(s, A.SelectStmt) or s.op is not None or len(s.target_list) != 1 or s.from_clause \
            or s.where_clause is not None or s.group_clause or s.having_clause is not None or s.window_clause \
            or s.distinct_clause is not None or s.sort_clause or s.limit_count is not None \
            or s.limit_offset is not None or s.with_clause is not None or s.values_lists \
            or s.into_clause is not None or s.locking_clause:
        return None
    val = s.target_list[0].val
    if any(isinstance(x, (A.SubLink, A.ColumnRef)) and not _is_param_name(proc, x) for x in A.walk(val)):
        return None
    if any(isinstance(x, A.FuncCall) and (x.agg_star or x.over is not None or x.agg_order or x.agg_distinct
                                          or x.agg_filter is not None) for x in A.walk(val)):
        return None
    from pgref.analyzer.expr import ExprAnalyzer
    sub = ExprAnalyzer(ea.cat, ea.search_path, ea.ioctx, [a.typ for a in args])
    sub.post_columnref_hook = ParamScope(proc.name, list(_input_names(proc)), [a.typ for a in args])
    sub.max_params = len(args)
    ps = ParseState()
    try:
        e = sub.transform(ps, val)
    except PgError:
        return None                  # let the executor report it, with the function's context
    if ps.aggs or getattr(ps, "has_srfs", False):
        return None
    e = sub.resolve_unknown(e)
    if e.typ != rettype:
        kind, _ = C.find_coercion_pathway(ea.cat, rettype, e.typ, C.ASSIGNMENT)
        if kind == C.NONE:
            return None              # check_sql_fn_retval will complain at run time
        try:
            e = sub.coerce(e, rettype, -1, C.ASSIGNMENT, -1)
        except PgError:
            return None
    if _has_retset(e):
        return None
    rank = _max_volatility(ea.cat, e)
    if rank > _VOLATILITY_RANK.get(proc.volatile, 2):
        return None
    uses = [0] * len(args)
    _count_params(e, uses)
    for a, u in zip(args, uses):
        if u > 1 and not isinstance(a, (N.Const, N.Param, N.Var)):
            return None
    return substitute_params(e, tuple(args))


def substitute_params(e, args: tuple):
    """substitute_actual_parameters: every Param $n becomes argument n,
    also inside nested tuples (CASE arms) and other node dataclasses."""
    import dataclasses
    if isinstance(e, N.Param):
        return args[e.number - 1]
    if isinstance(e, tuple):
        new = tuple(substitute_params(x, args) for x in e)
        return new if any(a is not b for a, b in zip(new, e)) else e
    if isinstance(e, N.SubLink) or not dataclasses.is_dataclass(e) or isinstance(e, type):
        return e
    changes = {}
    for f in dataclasses.fields(e):
        v = getattr(e, f.name)
        if isinstance(v, (tuple, N.Expr)) or dataclasses.is_dataclass(v):
            nv = substitute_params(v, args)
            if nv is not v:
                changes[f.name] = nv
    return dataclasses.replace(e, **changes) if changes else e


def _is_param_name(proc, node) -> bool:
    if not isinstance(node, A.ColumnRef):
        return False
    names = set(n for n in _input_names(proc) if n)
    f = node.fields
    return (len(f) == 1 and f[0] in names) or (len(f) == 2 and f[0] == proc.name and f[1] in names)


def _input_names(proc) -> list[str | None]:
    names = proc.argnames or ()
    if not proc.argmodes:
        return [names[i] if i < len(names) and names[i] else None for i in range(len(proc.argtypes))]
    return [names[i] if i < len(names) and names[i] else None
            for i, m in enumerate(proc.argmodes) if m in ("i", "b", "v")]


def _count_params(e, uses: list[int]) -> None:
    from pgref.analyzer.funcs import _walk
    for x in _walk([e]):
        if isinstance(x, N.Param) and 0 < x.number <= len(uses):
            uses[x.number - 1] += 1


def _has_retset(e) -> bool:
    from pgref.analyzer.funcs import _walk
    return any(isinstance(x, N.FuncExpr) and x.retset for x in _walk([e]))


def _max_volatility(cat, e) -> int:
    from pgref.analyzer.funcs import _walk
    rank = 0
    for x in _walk([e]):
        fid = getattr(x, "funcid", None)
        if isinstance(fid, int) and fid:
            try:
                p = cat.proc(fid)
            except PgError:
                return 2
            rank = max(rank, _VOLATILITY_RANK.get(p.volatile, 2))
        elif isinstance(x, (N.SessionFunc, N.SubLink)):
            rank = 2
    return rank


def body_statements(proc) -> list | None:
    """The raw statements of a SQL function's body (RETURN becomes SELECT);
    None if the body text does not parse."""
    from pgref.sql.parser import parse
    if proc.sqlbody is not None:
        body = proc.sqlbody if isinstance(proc.sqlbody, tuple) else (proc.sqlbody,)
        return [return_as_select(s) for s in body]
    try:
        return [r.stmt for r in parse(proc.prosrc)]
    except PgError:
        return None


def return_as_select(s):
    if isinstance(s, A.ReturnStmt):
        return A.SelectStmt(target_list=(A.ResTarget(val=s.returnval, location=-1),))
    return s


# ---------------------------------------------------------------- functions in FROM
def function_result_columns(ea, e: N.Expr, rf: A.RangeFunction, fn_node) -> list | None:
    """The columns a function in FROM produces when its result is a row
    (a named composite type, a RECORD described by OUT parameters or by a
    column definition list); None for a scalar result.  PostgreSQL's
    addRangeTableEntryForFunction / get_expr_result_type."""
    from pgref.errors import SYNTAX_ERROR
    cat = ea.cat
    typ = e.typ
    ti = cat.typeinfo(typ)
    loc = getattr(fn_node, "location", -1)
    coldef_loc = rf.coldeflist[0].location if rf.coldeflist and hasattr(rf.coldeflist[0], "location") else loc
    pos = coldef_loc + 1 if coldef_loc is not None and coldef_loc >= 0 else None
    from pgref.catalog.typedefs import composite_columns
    comp = composite_columns(cat, C.base_type(cat, typ)) if ti is not None else None
    if comp is not None:
        if rf.coldeflist:
            raise PgError(SYNTAX_ERROR, "a column definition list is redundant for a function returning a named "
                          "composite type", position=pos)
        return list(comp)
    if typ != C.RECORD:
        if rf.coldeflist:
            raise PgError(SYNTAX_ERROR, 'a column definition list is only allowed for functions returning "record"',
                          position=pos)
        return None
    outs = out_columns(cat, e)
    if rf.coldeflist:
        if outs is not None:
            raise PgError(SYNTAX_ERROR, "a column definition list is redundant for a function with OUT parameters",
                          position=pos)
        cols = []
        for cd in rf.coldeflist:
            t, m = ea.type_from_name(cd.type_name)
            cols.append((cd.colname, t, m))
        return cols
    if outs is None:
        raise PgError(SYNTAX_ERROR, 'a column definition list is required for functions returning "record"',
                      position=loc + 1 if loc is not None and loc >= 0 else None)
    return outs


def out_columns(cat, e: N.Expr) -> list | None:
    """The (name, type, typmod) of a RECORD-returning call's OUT
    parameters (polymorphic ones resolved from the call's arguments)."""
    if not isinstance(e, N.FuncExpr):
        return None
    p = cat.proc(e.funcid)
    if not p.argmodes or not any(m in ("o", "b", "t") for m in p.argmodes):
        return None
    actual = [a.typ for a in e.args][:len(p.argtypes)]
    out = []
    for i, (t, m) in enumerate(zip(p.allargtypes, p.argmodes)):
        if m not in ("o", "b", "t"):
            continue
        if t in C.POLYMORPHIC:
            _, t = C.resolve_polymorphic(cat, actual, p.argtypes, t)
        name = p.argnames[i] if p.argnames and i < len(p.argnames) and p.argnames[i] else f"column{len(out) + 1}"
        out.append((name, t, -1))
    return out


# ---------------------------------------------------------------- (expr).*
def expand_row_star(ea, ps, node: A.A_Indirection, start: int) -> list | None:
    """``(f(x)).*`` in a select list: one target entry per field of the
    row value, when the fields are known (a named composite type, or a
    function's OUT parameters); None to let the caller decide otherwise."""
    from pgref.catalog.typedefs import composite_columns
    inner = node.indirection[:-1]
    arg_node = A.A_Indirection(arg=node.arg, indirection=inner) if inner else node.arg
    e = ea.transform(ps, arg_node)
    cols = composite_columns(ea.cat, C.base_type(ea.cat, e.typ))
    if cols is None and e.typ == C.RECORD:
        if isinstance(e, N.RowExpr) and e.colnames:
            return [N.TargetEntry(a, start + i + 1, name) for i, (a, name) in enumerate(zip(e.args, e.colnames))]
        cols = out_columns(ea.cat, e)
    if cols is None:
        return None
    return [N.TargetEntry(N.FieldSelect(e, i, ct, cm), start + i, name)
            for i, (name, ct, cm) in enumerate(cols, 1)]

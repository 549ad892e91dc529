"""Function calls: ordinary functions, aggregates and function-style casts
(PostgreSQL's ParseFuncOrColumn).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Function calls").
Resolution order, as in parse_func.c:
  1. the pg_proc rows named ``name`` that accept this many arguments
     (counting VARIADIC expansion and defaulted trailing arguments);
  2. ``resolve_function`` picks one (exact, then implicit-coercion rules);
  3. no candidate and a single argument whose name is a type: a
     function-style cast ``int4(x)``;
  4. otherwise 42883 "function f(types) does not exist".
An aggregate (prokind 'a') becomes an :class:`Aggref`, collected on the
query level its arguments belong to.
"""
from __future__ import annotations

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.resolve import resolve_function
from pgref.errors import (DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, GROUPING_ERROR, SYNTAX_ERROR,
                          UNDEFINED_FUNCTION, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import fmgr
from pgref.types import oids as T


SRF_HINT = "You might be able to move the set-returning function into a LATERAL FROM item."


def pos(loc: int) -> int | None:
    return loc + 1 if loc is not None and loc >= 0 else None


def named_arguments(args) -> list[str]:
    """The names of the named-notation arguments, checked as
    ParseFuncOrColumn does (no duplicates, none before a positional one)."""
    from pgref.analyzer.expr import expr_location
    names: list[str] = []
    for a in args:
        if isinstance(a, A.NamedArgExpr):
            if a.name in names:
                raise PgError(SYNTAX_ERROR, f'argument name "{a.name}" used more than once',
                              position=pos(a.location))
            names.append(a.name)
        elif names:
            raise PgError(SYNTAX_ERROR, "positional argument cannot follow named argument",
                          position=pos(expr_location(a)))
    return names


def transform_func_call(ea, ps, n: A.FuncCall, include_out: bool = False) -> N.Expr:
    """``include_out``: the call of CALL, which names a procedure and passes
    its OUT arguments too (PostgreSQL's include_out_arguments)."""
    names = n.funcname
    schema = names[0] if len(names) > 1 else None
    name = names[-1]
    if n.agg_within_group:
        return transform_within_group(ea, ps, n)
    argnames = named_arguments(n.args)
    is_agg_ctx = bool(n.agg_star or n.agg_distinct or n.agg_order or n.agg_filter is not None)
    # aggregate arguments are evaluated below the aggregate: mark the state
    args = []
    was = ps.in_agg_arg
    last_srf = ps.last_srf
    for a in n.args:
        args.append(ea.transform(ps, a.arg if isinstance(a, A.NamedArgExpr) else a))
    ps.in_agg_arg = was
    argtypes = tuple(e.typ for e in args)

    if n.agg_star:
        argtypes = ()
    # typename('literal') is always a coercion, tried before candidate
    # resolution (PostgreSQL's func_get_detail / FuncNameAsType)
    if (len(args) == 1 and not is_agg_ctx and not argnames and schema in (None, "pg_catalog")
            and isinstance(args[0], N.Const) and args[0].typ == T.UNKNOWNOID):
        typ = ea.cat.type_oid(schema, name, ea.search_path)
        ti = ea.cat.typeinfo(typ) if typ is not None else None
        if ti is not None and ti.category != "C":
            return ea.coerce(args[0], typ, -1, C.EXPLICIT, n.location, explicit=True)
    cand = resolve_function(ea.cat, name, schema, argtypes, pos(n.location),
                            signature=_signature(ea, names, argtypes, argnames=argnames),
                            search_path=ea.search_path, argnames=argnames,
                            expand_variadic=not n.func_variadic, include_out=include_out)
    if cand is None:
        if len(args) == 1 and not is_agg_ctx and schema in (None, "pg_catalog"):
            typ = ea.cat.type_oid(schema, name, ea.search_path)
            if typ is not None:
                src = args[0].typ
                kind, _ = C.find_coercion_pathway(ea.cat, typ, src, C.EXPLICIT)
                if src == T.UNKNOWNOID or kind in (C.RELABEL, C.COERCEVIAIO, C.FUNC):
                    return ea.coerce(args[0], typ, -1, C.EXPLICIT, n.location, explicit=True)
        if n.agg_star:
            raise PgError(UNDEFINED_FUNCTION, f"function {_signature(ea, names, (), star=True)} does not exist",
                          hint="No function matches the given name and argument types. "
                               "You might need to add explicit type casts.",
                          position=pos(n.location))
        what = "procedure" if include_out else "function"
        raise PgError(UNDEFINED_FUNCTION, f"{what} {_signature(ea, names, argtypes, argnames=argnames)} "
                      "does not exist",
                      hint=f"No {what} matches the given name and argument types. "
                           "You might need to add explicit type casts.", position=pos(n.location))
    proc = cand.row
    declared = cand.argtypes
    rettype = proc.rettype
    actual = list(argtypes)
    if n.func_variadic and args and proc.variadic == T.ANYOID:
        from pgref.analyzer.expr import expr_location
        # VARIADIC "any" called with VARIADIC: the last argument is passed
        # as the array of variadic values, so it must be one
        ti = ea.cat.typeinfo(C.base_type(ea.cat, argtypes[-1]))
        if ti is None or ti.category != "A" or not ti.elem:
            raise PgError(DATATYPE_MISMATCH, "VARIADIC argument must be an array",
                          position=pos(expr_location(n.args[-1])))
    if any(d in C.POLYMORPHIC for d in declared) or rettype in C.POLYMORPHIC:
        declared_l, rettype = C.resolve_polymorphic(ea.cat, actual, declared, rettype)
        declared = tuple(declared_l)
    coerced = [ea.coerce(a, d, -1, C.IMPLICIT, n.location) for a, d in zip(args, declared)]
    if cand.nvargs:
        nfixed = len(coerced) - cand.nvargs
        elem = declared[-1] if declared else proc.variadic
        arrtype = ea.cat.typeinfo(elem).array
        coerced = coerced[:nfixed] + [N.ArrayExpr(arrtype, elem, tuple(coerced[nfixed:]))]
    if cand.argnumbers is not None:
        coerced = _place_named(ea, proc, cand, coerced, declared, n.location)
    elif cand.ndefaults:
        coerced += _defaults(ea, proc, cand.ndefaults, n.location, dict(enumerate(coerced)))

    if proc.kind != "p" and include_out:
        raise PgError(WRONG_OBJECT_TYPE, f"{_signature(ea, names, argtypes, argnames=argnames)} is not a procedure",
                      hint="To call a function, use SELECT.", position=pos(n.location))
    if n.over is not None or proc.kind == "w":
        # window function calls (analyzer/window.py, spec/07-executor.md "Window functions")
        from pgref.analyzer.window import transform_window_func
        return transform_window_func(ea, ps, n, proc, coerced, rettype)
    if proc.kind == "a":
        agg = ea.cat.aggregate(proc.oid)
        ordered_set = agg is not None and agg.kind in ("o", "h")
        if ordered_set and not n.agg_within_group:
            raise PgError(WRONG_OBJECT_TYPE, f"WITHIN GROUP is required for ordered-set aggregate {name}",
                          position=pos(n.location))
        if n.agg_within_group and not ordered_set:
            raise PgError(WRONG_OBJECT_TYPE, f"{name} is not an ordered-set aggregate, so it cannot have "
                          "WITHIN GROUP", position=pos(n.location))
        if ps.last_srf != last_srf:
            raise PgError(FEATURE_NOT_SUPPORTED, "aggregate function calls cannot contain set-returning "
                          "function calls", hint=SRF_HINT, position=pos(ps.last_srf))
        return _make_aggref(ea, ps, n, proc, coerced, argtypes, rettype)
    if is_agg_ctx:
        what = "DISTINCT" if n.agg_distinct else ("ORDER BY" if n.agg_order else
                                                  ("FILTER" if n.agg_filter is not None else "*"))
        if n.agg_star:
            raise PgError(WRONG_OBJECT_TYPE, f"{_signature(ea, names, ())} specified, but {name} is not an "
                          "aggregate function", position=pos(n.location))
        raise PgError(WRONG_OBJECT_TYPE, f"{what} specified, but {name} is not an aggregate function",
                      position=pos(n.location))
    if proc.kind == "p" and include_out:
        return N.FuncExpr(proc.oid, rettype, tuple(coerced), variadic=n.func_variadic)
    if proc.kind == "p":
        raise PgError(WRONG_OBJECT_TYPE, f"{name}({', '.join(ea.cat.format_type(t) for t in argtypes)}) "
                      "is a procedure", hint="To call a procedure, use CALL.", position=pos(n.location))
    if hasattr(proc, "sqlbody"):
        # a user-defined routine (catalog/userprocs.py, spec/12-functions.md)
        from pgref.analyzer.sqlfuncs import user_function_call
        return user_function_call(ea, proc, tuple(coerced), rettype, n)
    if proc.lang == 14 and not proc.retset and fmgr.lookup(f"sql:{proc.oid}") is None:
        # (a SQL built-in with a native implementation registered as
        # "sql:<oid>" is called like any other function instead)
        return inline_sql_function(ea, proc, tuple(coerced), rettype, n.location)
    # EXTRACT, SUBSTRING, AT TIME ZONE ... remember their SQL syntax, so
    # ruleutils prints them back that way (COERCE_SQL_SYNTAX)
    fmt = "sql" if n.funcformat == "sql_syntax" else "call"
    if proc.retset:
        ps.last_srf = n.location          # p_last_srf: CASE, COALESCE and aggregates check it
        return N.FuncExpr(proc.oid, rettype, tuple(coerced), retset=True, variadic=n.func_variadic,
                          funcformat=fmt)
    return N.FuncExpr(proc.oid, rettype, tuple(coerced), variadic=n.func_variadic, funcformat=fmt)


def inline_sql_function(ea, proc, args: tuple, rettype: int, location: int) -> N.Expr:
    """A SQL-language function whose body is one expression is replaced by
    that expression with its $n set to the arguments (PostgreSQL's
    inline_function).  Bodies that are whole queries are not supported yet."""
    from pgref.analyzer.parse_state import ParseState
    from pgref.catalog.builtin import sql_function_bodies
    from pgref.sql.parser import parse_one
    body = sql_function_bodies().get(proc.oid, "").strip()
    if body.upper().startswith("RETURN "):
        text = "SELECT " + body[7:]
    elif body.lower().startswith("select ") and ";" not in body:
        text = body
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f"SQL function {proc.name}() with a query body is not supported yet",
                      position=pos(location))
    stmt = parse_one(text)
    if not isinstance(stmt, A.SelectStmt) or stmt.from_clause or len(stmt.target_list) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, f"SQL function {proc.name}() cannot be inlined",
                      position=pos(location))
    from pgref.analyzer.expr import ExprAnalyzer
    sub = ExprAnalyzer(ea.cat, ea.search_path, ea.ioctx, [a.typ for a in args])
    e = sub.transform(ParseState(), stmt.target_list[0].val)
    e = sub.coerce(e, rettype, -1, C.ASSIGNMENT, location)
    return _substitute_params(e, args)


def _substitute_params(e, args: tuple):
    from dataclasses import fields, replace
    if isinstance(e, N.Param):
        return args[e.number - 1]
    if not isinstance(e, N.Expr) or isinstance(e, N.SubLink):
        return e
    changes = {}
    for f in fields(e):
        v = getattr(e, f.name)
        if isinstance(v, N.Expr):
            nv = _substitute_params(v, args)
            if nv is not v:
                changes[f.name] = nv
        elif isinstance(v, tuple) and any(isinstance(x, N.Expr) for x in v):
            changes[f.name] = tuple(_substitute_params(x, args) for x in v)
    return replace(e, **changes) if changes else e


def _signature(ea, names, argtypes, star: bool = False, argnames=()) -> str:
    """func_signature_string: named arguments print as ``name => type``."""
    name = ".".join(names)
    if star:
        return f"{name}(*)"
    npos = len(argtypes) - len(argnames or ())
    parts = [ea.cat.format_type(t) if i < npos else f"{argnames[i - npos]} => {ea.cat.format_type(t)}"
             for i, t in enumerate(argtypes)]
    return f"{name}({', '.join(parts)})"


def _place_named(ea, proc, cand, coerced, declared, location: int) -> list[N.Expr]:
    """Named notation: put each argument at its parameter's position and fill
    the positions left open with the parameters' defaults."""
    nparams = max(cand.argnumbers) + 1 if cand.argnumbers else 0
    nparams = max(nparams, len(cand.argnumbers) + cand.ndefaults)
    full: list = [None] * nparams
    for e, k in zip(coerced, cand.argnumbers):
        full[k] = e
    if None in full:
        defaults = _defaults(ea, proc, proc.nargdefaults, location,
                             {k: e for k, e in enumerate(full) if e is not None})
        first = len(proc.argtypes) - proc.nargdefaults
        for k in range(nparams):
            if full[k] is None:
                full[k] = defaults[k - first]
    return full


def _defaults(ea, proc, ndefaults: int, location: int, given=None) -> list[N.Expr]:
    """The trailing defaults; ``given`` (position -> argument) lets a
    polymorphic parameter's default take the type the call resolves."""
    if hasattr(proc, "sqlbody"):
        from pgref.analyzer.sqlfuncs import default_exprs
        targets = None
        if given is not None and any(t in C.POLYMORPHIC for t in proc.argtypes):
            actual = [given[k].typ if k in given else C.UNKNOWN for k in range(len(proc.argtypes))]
            targets, _ = C.resolve_polymorphic(ea.cat, actual, proc.argtypes, proc.rettype, allow_unresolved=True)
        return default_exprs(ea, proc, ndefaults, targets)
    from pgref.catalog.nodetree import parse_default_tree
    trees = parse_default_tree(proc.argdefaults)
    if trees is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"default arguments of function {proc.name} are not supported",
                      position=pos(location))

    def build(t) -> N.Expr:
        if t[0] == "const":
            return N.Const(t[1], t[2])
        return N.FuncExpr(t[1], t[2], tuple(build(a) for a in t[3]), funcformat="implicit")
    return [build(t) for t in trees[len(trees) - ndefaults:]]


def _make_aggref(ea, ps, n: A.FuncCall, proc, args, argtypes, rettype) -> N.Expr:
    from pgref.analyzer.grouping import agg_level, register_upper
    order = []
    for sb in n.agg_order:
        from pgref.analyzer.query import make_sort_key
        e = ea.resolve_unknown(ea.transform(ps, sb.node))
        order.append(make_sort_key(ea, e, sb))
    flt = None
    if n.agg_filter is not None:
        saved = ps.agg_allowed          # EXPR_KIND_FILTER: no aggregates of this level inside
        ps.agg_allowed = "FILTER"
        try:
            flt = ea.coerce_to_boolean(ea.transform(ps, n.agg_filter), "FILTER", -1)
        finally:
            ps.agg_allowed = saved
    # which query level does the aggregate belong to? the lowest level of
    # any column its arguments, ORDER BY and FILTER mention (sub-selects
    # included): check_agg_arguments, analyzer/grouping.py INV-GSET-5
    level, nested = agg_level(list(args) + [k.expr for k in order] + ([flt] if flt is not None else []))
    target = ps
    for _ in range(level):
        target = target.parent
    if target.agg_allowed is not None:
        raise PgError(GROUPING_ERROR, f"aggregate functions are not allowed in {target.agg_allowed}",
                      position=pos(n.location))
    win = next((e for e in _walk(args) if isinstance(e, N.WindowFunc)), None)
    if win is not None:
        raise PgError(GROUPING_ERROR, "aggregate function calls cannot contain window function calls",
                      position=pos(win.location if win.location >= 0 else n.location))
    if nested is not None:
        raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                      position=pos(nested.location if nested.location >= 0 else n.location))
    if n.agg_distinct:
        for a in args:
            if not ea.cat.btree_cmp_proc(a.typ, a.typ):
                raise PgError(UNDEFINED_FUNCTION, f"could not identify an ordering operator for type "
                              f"{ea.cat.format_type(a.typ)}", position=pos(n.location))
    agg = N.Aggref(proc.oid, rettype, tuple(args), tuple(a.typ for a in args), star=n.agg_star,
                   distinct=n.agg_distinct, order=tuple(order), filter=flt, levelsup=level,
                   location=n.location)
    return register_upper(ps, agg, level, "agg")


def _min_var_level(exprs) -> int | None:
    best = None
    for e in _walk(exprs):
        if isinstance(e, N.Var):
            best = e.levelsup if best is None else min(best, e.levelsup)
    return best


def _walk(exprs):
    from dataclasses import fields
    stack = list(exprs)
    while stack:
        e = stack.pop()
        if e is None:
            continue
        yield e
        if isinstance(e, N.SubLink):
            stack.extend(e.testexprs)
            continue
        if isinstance(e, N.Expr):
            for f in fields(e):
                v = getattr(e, f.name)
                if isinstance(v, N.Expr):
                    stack.append(v)
                elif isinstance(v, tuple):
                    for x in v:
                        if isinstance(x, N.Expr):
                            stack.append(x)
                        elif isinstance(x, tuple):
                            stack.extend(y for y in x if isinstance(y, N.Expr))
                        elif isinstance(x, N.SortKey):
                            stack.append(x.expr)


# ---- ordered-set and hypothetical-set aggregates (WITHIN GROUP) ---------------------
#
# spec/07-executor.md "Ordered-set aggregates".  As PostgreSQL's
# transformFuncCall / ParseFuncOrColumn: the WITHIN GROUP expressions are
# appended to the direct arguments and the function is resolved over all of
# them; then the direct-argument count is checked against
# pg_aggregate.aggnumdirectargs, hypothetical arguments are unified with
# their ordering columns (unify_hypothetical_args), and the Aggref keeps the
# direct arguments first in ``args`` (``ndirect`` of them, INV-OSA-1).

def aggregate_numdirectargs(ea, fnoid: int) -> int:
    user = getattr(ea.cat, "user_procs", {}).get(fnoid)
    if user is not None and getattr(user, "agg", None):
        return int(user.agg["aggnumdirectargs"])
    from pgref.types.aggregates import _catalog
    return int(_catalog()[0][fnoid]["aggnumdirectargs"])


def transform_within_group(ea, ps, n: A.FuncCall) -> N.Expr:
    from pgref.analyzer.expr import expr_location
    from pgref.analyzer.query import make_sort_key
    names = n.funcname
    schema = names[0] if len(names) > 1 else None
    name = names[-1]
    argnames = named_arguments(n.args)
    last_srf = ps.last_srf
    direct = [ea.transform(ps, a.arg if isinstance(a, A.NamedArgExpr) else a) for a in n.args]
    aggregated = [ea.transform(ps, sb.node) for sb in n.agg_order]
    args = direct + aggregated
    argtypes = tuple(e.typ for e in args)
    nagg = len(aggregated)
    ndirect = len(direct)
    sig = _signature(ea, names, argtypes, argnames=argnames)
    cand = resolve_function(ea.cat, name, schema, argtypes, pos(n.location), signature=sig,
                            search_path=ea.search_path, argnames=argnames,
                            expand_variadic=not n.func_variadic)
    if cand is None:
        raise PgError(UNDEFINED_FUNCTION, f"function {sig} does not exist",
                      hint="No function matches the given name and argument types. "
                           "You might need to add explicit type casts.", position=pos(n.location))
    proc = cand.row
    if proc.kind != "a":
        raise PgError(WRONG_OBJECT_TYPE, f"WITHIN GROUP specified, but {name} is not an aggregate function",
                      position=pos(n.location))
    agg = ea.cat.aggregate(proc.oid)
    if agg is None or agg.kind not in ("o", "h"):
        raise PgError(WRONG_OBJECT_TYPE, f"{name} is not an ordered-set aggregate, so it cannot have "
                      "WITHIN GROUP", position=pos(n.location))
    if n.over is not None:
        raise PgError(WRONG_OBJECT_TYPE, f"OVER is not supported for ordered-set aggregate {name}",
                      position=pos(n.location))
    if ps.last_srf != last_srf:
        raise PgError(FEATURE_NOT_SUPPORTED, "aggregate function calls cannot contain set-returning "
                      "function calls", hint=SRF_HINT, position=pos(ps.last_srf))
    cat_direct = aggregate_numdirectargs(ea, proc.oid)
    nargs = len(args)

    def wrong_count(at_least: bool = False):
        s = "" if cat_direct == 1 else "s"
        hint = (f"There is an ordered-set aggregate {'.'.join(names)}, but it requires at least "
                f"{cat_direct} direct argument{s}." if at_least else
                f"There is an ordered-set aggregate {'.'.join(names)}, but it requires {cat_direct} "
                f"direct argument{s}, not {ndirect}.")
        return PgError(UNDEFINED_FUNCTION, f"function {sig} does not exist", hint=hint, position=pos(n.location))

    pronargs = len(proc.argtypes)
    if not proc.variadic:
        if ndirect != cat_direct:
            raise wrong_count()
    else:
        nvargs = nargs - pronargs + 1
        if cat_direct < pronargs:
            if ndirect != cat_direct:
                raise wrong_count()
        elif agg.kind == "h":
            if nvargs != 2 * nagg:
                raise PgError(UNDEFINED_FUNCTION, f"function {sig} does not exist",
                              hint=f"To use the hypothetical-set aggregate {'.'.join(names)}, the number of "
                                   f"hypothetical direct arguments (here {nvargs - nagg}) must match the number "
                                   f"of ordering columns (here {nagg}).", position=pos(n.location))
        elif nvargs <= nagg:
            raise wrong_count(at_least=True)
    declared = list(cand.argtypes)
    actual = list(argtypes)
    if agg.kind == "h":
        # unify_hypothetical_args: each hypothetical argument and its ordering
        # column take their common type, preferring the ordering column's
        for i in range(ndirect - nagg, ndirect):
            j = ndirect + (i - (ndirect - nagg))
            if declared[i] != C.ANY:
                continue
            common = C.select_common_type(ea.cat, [actual[j], actual[i]], "WITHIN GROUP",
                                          [expr_location(args[j]), expr_location(args[i])])
            args[i] = ea.coerce(args[i], common, -1, C.IMPLICIT, expr_location(args[i]))
            args[j] = ea.coerce(args[j], common, -1, C.IMPLICIT, expr_location(args[j]))
            actual[i] = actual[j] = common
    rettype = proc.rettype
    if any(d in C.POLYMORPHIC for d in declared) or rettype in C.POLYMORPHIC:
        declared, rettype = C.resolve_polymorphic(ea.cat, actual, declared, rettype)
        declared = list(declared)
    coerced = [a if d == C.ANY else ea.coerce(a, d, -1, C.IMPLICIT, n.location) for a, d in zip(args, declared)]
    coerced = [ea.resolve_unknown(a) for a in coerced]
    dargs, aargs = coerced[:ndirect], coerced[ndirect:]
    order = tuple(make_sort_key(ea, e, sb) for e, sb in zip(aargs, n.agg_order))
    flt = None
    if n.agg_filter is not None:
        saved = ps.agg_allowed
        ps.agg_allowed = "FILTER"
        try:
            flt = ea.coerce_to_boolean(ea.transform(ps, n.agg_filter), "FILTER", -1)
        finally:
            ps.agg_allowed = saved
    return _register_ordered_set(ea, ps, n, proc, agg.kind, dargs, aargs, order, flt, rettype)


def _register_ordered_set(ea, ps, n, proc, kind, dargs, aargs, order, flt, rettype) -> N.Expr:
    """check_agg_arguments for an ordered-set aggregate: its level comes from
    the aggregated arguments and FILTER; the direct arguments may not use a
    lower level's columns nor contain aggregates of its level."""
    from pgref.analyzer.grouping import _walk_levels, agg_level, register_upper
    level, nested = agg_level(list(aargs) + ([flt] if flt is not None else []))
    target = ps
    for _ in range(level):
        target = target.parent
    if target.agg_allowed is not None:
        raise PgError(GROUPING_ERROR, f"aggregate functions are not allowed in {target.agg_allowed}",
                      position=pos(n.location))
    win = next((e for e in _walk(list(aargs) + list(dargs)) if isinstance(e, N.WindowFunc)), None)
    if win is not None:
        raise PgError(GROUPING_ERROR, "aggregate function calls cannot contain window function calls",
                      position=pos(win.location if win.location >= 0 else n.location))
    if nested is not None:
        raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                      position=pos(nested.location if nested.location >= 0 else n.location))
    for e, depth in _walk_levels(list(dargs)):
        lv = e.levelsup - depth if isinstance(e, (N.Var, N.Aggref, N.GroupingFunc)) else -1
        if isinstance(e, N.Var) and 0 <= lv < level:
            raise PgError(GROUPING_ERROR, "outer-level aggregate cannot contain a lower-level variable in its "
                          "direct arguments", position=pos(e.location if e.location >= 0 else n.location))
        if isinstance(e, (N.Aggref, N.GroupingFunc)) and 0 <= lv <= level:
            raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                          position=pos(e.location if e.location >= 0 else n.location))
    allargs = tuple(dargs) + tuple(aargs)
    agg = N.Aggref(proc.oid, rettype, allargs, tuple(a.typ for a in allargs), order=order, filter=flt,
                   levelsup=level, location=n.location, ndirect=len(dargs), aggkind=kind)
    return register_upper(ps, agg, level, "agg")

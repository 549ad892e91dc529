"""Window functions in the analyzer: ``f(...) OVER (...)`` calls and the
WINDOW clause (PostgreSQL's parse_func.c window branch, parse_agg.c
transformWindowFuncCall and parse_clause.c transformWindowDefinitions).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Window functions").
Two entry points, called at the two moments PostgreSQL does the same work:

``transform_window_func(ea, ps, call, proc, args, rettype)``
    while the target list (or ORDER BY) is analyzed, from
    ``analyzer/funcs.py``: checks the call (a true window function needs
    OVER, an aggregate used with OVER may not have DISTINCT or ORDER BY,
    calls cannot nest, only the SELECT list and ORDER BY may hold them) and
    gives it a ``winref``: ``OVER w`` finds the WINDOW clause entry named
    ``w``; ``OVER (...)`` reuses an identical earlier specification or is
    appended to the query's window definitions (``ps.windowdefs``, which
    starts as the WINDOW clause, so its entries are windows 1..n).

``transform_window_definitions(qa, ps, q)``
    once the rest of the SELECT is analyzed: each definition becomes a
    :class:`~pgref.analyzer.nodes.WindowClause` -- ORDER BY and PARTITION BY
    keys (analyzed as SQL99 expressions; keys not already output columns
    become resjunk target entries, so the grouping check sees them), the
    inheritance rules of ``(w ...)`` with PostgreSQL's 42P20 errors, and the
    frame: ROWS/GROUPS offsets as bigint, RANGE offsets typed by the btree
    ``in_range`` support function chosen for the ORDER BY column.

A worked example::

    SELECT sum(x) OVER w, rank() OVER (w ORDER BY y) FROM t
    WINDOW w AS (PARTITION BY g)
    -> windows = [WindowClause("w", partition=[g]),             # winref 1
                  WindowClause(refname="w", partition=[g], order=[y])]  # 2
       sum -> WindowFunc(winagg=True, winref=1), rank -> WindowFunc(winref=2)

Where window functions may appear is kept on the ParseState:
``ps.win_kind`` is None where they are allowed, otherwise the clause name
used in "window functions are not allowed in <clause>" (42P20).
"""
from __future__ import annotations

from functools import lru_cache

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.errors import (FEATURE_NOT_SUPPORTED, INVALID_FUNCTION_DEFINITION, UNDEFINED_OBJECT,
                          WINDOWING_ERROR, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T


def pos(loc) -> int | None:
    return loc + 1 if loc is not None and loc >= 0 else None


def window_kind(ps) -> str | None:
    """None if window functions are allowed here, else the clause name."""
    kind = getattr(ps, "win_kind", "unset")
    if kind != "unset":
        return kind
    return ps.agg_allowed or "this context"


def contains_window_func(exprs) -> N.WindowFunc | None:
    from pgref.analyzer.funcs import _walk
    return next((e for e in _walk(exprs) if isinstance(e, N.WindowFunc)), None)


def check_no_window_funcs(e: N.Expr, clause: str) -> None:
    """checkTargetlistEntrySQL92: GROUP BY 1 naming a window function's column."""
    w = contains_window_func([e])
    if w is not None:
        raise PgError(WINDOWING_ERROR, f"window functions are not allowed in {clause}", position=pos(_loc(w)))


def _loc(e: N.Expr) -> int:
    loc = getattr(e, "location", -1)
    return loc if isinstance(loc, int) else -1


# ================================================================ the call
def transform_window_func(ea, ps, n: A.FuncCall, proc, args: list, rettype: int) -> N.Expr:
    """A call with OVER, or of a true window function (prokind 'w')."""
    name = ".".join(n.funcname)
    if proc.kind not in ("a", "w"):
        # ParseFuncOrColumn: a plain function with aggregate/window decoration
        if n.agg_star:
            raise PgError(WRONG_OBJECT_TYPE, f"{name}(*) specified, but {name} is not an aggregate function",
                          position=pos(n.location))
        for flag, what in ((n.agg_distinct, "DISTINCT"), (n.agg_within_group, "WITHIN GROUP"),
                           (bool(n.agg_order), "ORDER BY"), (n.agg_filter is not None, "FILTER")):
            if flag:
                raise PgError(WRONG_OBJECT_TYPE, f"{what} specified, but {name} is not an aggregate function",
                              position=pos(n.location))
        raise PgError(WRONG_OBJECT_TYPE, f"OVER specified, but {name} is not a window function nor an "
                      "aggregate function", position=pos(n.location))
    winagg = proc.kind == "a"
    if winagg:
        agg = ea.cat.aggregate(proc.oid)
        ordered_set = agg is not None and agg.kind in ("o", "h")
        if ordered_set and not n.agg_within_group:
            raise PgError(WRONG_OBJECT_TYPE, f"WITHIN GROUP is required for ordered-set aggregate {name}",
                          position=pos(n.location))
        if n.agg_within_group and not ordered_set:
            raise PgError(WRONG_OBJECT_TYPE, f"{name} is not an ordered-set aggregate, so it cannot have "
                          "WITHIN GROUP", position=pos(n.location))
        if ordered_set:
            raise PgError(FEATURE_NOT_SUPPORTED, f"OVER is not supported for ordered-set aggregate {name}",
                          position=pos(n.location))
    else:
        if n.over is None:
            raise PgError(WRONG_OBJECT_TYPE, f"window function {name} requires an OVER clause",
                          position=pos(n.location))
        if n.agg_within_group:
            raise PgError(WRONG_OBJECT_TYPE, f"window function {name} cannot have WITHIN GROUP",
                          position=pos(n.location))
    if n.agg_distinct:
        raise PgError(FEATURE_NOT_SUPPORTED, "DISTINCT is not implemented for window functions",
                      position=pos(n.location))
    if winagg and not args and not n.agg_star:
        raise PgError(WRONG_OBJECT_TYPE, f"{name}(*) must be used to call a parameterless aggregate function",
                      position=pos(n.location))
    if n.agg_order:
        raise PgError(FEATURE_NOT_SUPPORTED, "aggregate ORDER BY is not implemented for window functions",
                      position=pos(n.location))
    if not winagg and n.agg_filter is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "FILTER is not implemented for non-aggregate window functions",
                      position=pos(n.location))
    from pgref.analyzer.funcs import _walk
    srf = next((e for e in _walk(args) if getattr(e, "retset", False)), None)
    if srf is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "window function calls cannot contain set-returning function calls",
                      hint="You might be able to move the set-returning function into a LATERAL FROM item.",
                      position=pos(_srf_location(ea, n.args, n.location)))
    if proc.retset:
        raise PgError(INVALID_FUNCTION_DEFINITION, "window functions cannot return sets",
                      position=pos(n.location))
    flt = None
    if n.agg_filter is not None:
        saved = getattr(ps, "win_kind", "unset")
        ps.win_kind = "FILTER"
        try:
            flt = ea.coerce_to_boolean(ea.transform(ps, n.agg_filter), "FILTER", -1)
        finally:
            if saved == "unset":
                del ps.win_kind
            else:
                ps.win_kind = saved
    # transformWindowFuncCall: no nesting, only where allowed
    inner = contains_window_func(list(args) + ([flt] if flt is not None else []))
    if inner is not None:
        raise PgError(WINDOWING_ERROR, "window function calls cannot be nested", position=pos(_loc(inner)))
    kind = window_kind(ps)
    if kind is not None:
        raise PgError(WINDOWING_ERROR, f"window functions are not allowed in {kind}", position=pos(n.location))
    winref = _assign_winref(ps, n.over)
    return N.WindowFunc(proc.oid, rettype, tuple(args), winref, tuple(a.typ for a in args),
                        star=n.agg_star, filter=flt, winagg=winagg, location=n.location)


def _srf_location(ea, raw_args, default: int) -> int:
    """Where the first set-returning call among the raw arguments is
    (analyzed FuncExprs keep no location; PostgreSQL points at the SRF)."""
    import dataclasses
    stack = list(reversed(raw_args))
    while stack:
        node = stack.pop()
        if isinstance(node, A.FuncCall):
            procs = ea.cat.procs_named(node.funcname[-1], node.funcname[0] if len(node.funcname) > 1 else None,
                                       ea.search_path)
            if any(getattr(p, "retset", False) for p in procs):
                return node.location
        if isinstance(node, A.Node):
            stack.extend(reversed([getattr(node, f.name) for f in dataclasses.fields(node)]))
        elif isinstance(node, (tuple, list)):
            stack.extend(reversed(node))
    return default


def _nolocs(node):
    """A location-free rendering of a raw parse tree, for comparisons."""
    import dataclasses
    if isinstance(node, A.Node):
        return (type(node).__name__,) + tuple(_nolocs(getattr(node, f.name)) for f in dataclasses.fields(node)
                                              if f.name not in ("location", "name", "refname"))
    if isinstance(node, (tuple, list)):
        return tuple(_nolocs(x) for x in node)
    return node


def _assign_winref(ps, over: A.WindowDef) -> int:
    defs = getattr(ps, "windowdefs", None)
    if defs is None:
        defs = ps.windowdefs = []
    if over.name is not None and over.refname is None and not over.partition_clause and \
            not over.order_clause and over.frame_options == A.FRAMEOPTION_DEFAULTS and \
            over.start_offset is None:
        # OVER w: a WINDOW clause entry
        for i, d in enumerate(defs, 1):
            if d.name == over.name:
                return i
        raise PgError(UNDEFINED_OBJECT, f'window "{over.name}" does not exist', position=pos(over.location))
    for i, d in enumerate(defs, 1):
        if d.refname != over.refname:
            continue
        if _nolocs(d) == _nolocs(over):
            return i
    defs.append(over)
    return len(defs)


# ================================================================ the windows
def transform_window_definitions(qa, ps, q: N.Query) -> None:
    """Build ``q.windows`` from ``ps.windowdefs`` (transformWindowDefinitions)."""
    defs = getattr(ps, "windowdefs", None) or []
    ea = qa.ea
    refs = _initial_sortrefs(q)
    result: list[N.WindowClause] = []
    saved_kind = getattr(ps, "win_kind", "unset")
    saved_agg = ps.agg_allowed
    try:
        for winref, wd in enumerate(defs, 1):
            if wd.name is not None and any(w.name == wd.name for w in result):
                raise PgError(WINDOWING_ERROR, f'window "{wd.name}" is already defined',
                              position=pos(wd.location))
            ref = None
            if wd.refname is not None:
                ref = next((w for w in result if w.name == wd.refname), None)
                if ref is None:
                    raise PgError(UNDEFINED_OBJECT, f'window "{wd.refname}" does not exist',
                                  position=pos(wd.location))
            ps.win_kind = "window definitions"
            ps.agg_allowed = None
            order = _transform_order(qa, ps, q, wd.order_clause)
            partition = _transform_partition(qa, ps, q, wd.partition_clause, order)
            if ref is not None:
                if partition:
                    raise PgError(WINDOWING_ERROR, f'cannot override PARTITION BY clause of window "{wd.refname}"',
                                  position=pos(wd.location))
                partition = list(ref.partition)
                if order and ref.order:
                    raise PgError(WINDOWING_ERROR, f'cannot override ORDER BY clause of window "{wd.refname}"',
                                  position=pos(wd.location))
                copied = not order
                if copied:
                    order = list(ref.order)
                if ref.frame_options != A.FRAMEOPTION_DEFAULTS:
                    if wd.name is not None or order and not copied or \
                            wd.frame_options != A.FRAMEOPTION_DEFAULTS:
                        raise PgError(WINDOWING_ERROR, f'cannot copy window "{wd.refname}" because it has a '
                                      "frame clause", position=pos(wd.location))
                    raise PgError(WINDOWING_ERROR, f'cannot copy window "{wd.refname}" because it has a '
                                  "frame clause", hint="Omit the parentheses in this OVER clause.",
                                  position=pos(wd.location))
            else:
                copied = False
            opts = wd.frame_options
            range_type = 0
            if opts & A.FRAMEOPTION_RANGE and opts & (A.FRAMEOPTION_START_OFFSET_PRECEDING
                                                      | A.FRAMEOPTION_START_OFFSET_FOLLOWING
                                                      | A.FRAMEOPTION_END_OFFSET_PRECEDING
                                                      | A.FRAMEOPTION_END_OFFSET_FOLLOWING):
                if len(order) != 1:
                    raise PgError(WINDOWING_ERROR, "RANGE with offset PRECEDING/FOLLOWING requires exactly one "
                                  "ORDER BY column", position=pos(wd.location))
                range_type = order[0].typ
            if opts & A.FRAMEOPTION_GROUPS and not order:
                raise PgError(WINDOWING_ERROR, "GROUPS mode requires an ORDER BY clause", position=pos(wd.location))
            start, start_fn = _frame_offset(ea, ps, opts, range_type, wd.start_offset)
            end, end_fn = _frame_offset(ea, ps, opts, range_type, wd.end_offset)
            sortrefs = []
            for k in order + partition:
                if k.expr not in refs:
                    refs[k.expr] = len(refs) + 1
            for k in partition + order:
                sortrefs.append(refs[k.expr])
            result.append(N.WindowClause(wd.name, wd.refname, partition, order, opts, start, end, start_fn,
                                         end_fn, winref, copied, tuple(sortrefs)))
    finally:
        ps.agg_allowed = saved_agg
        if saved_kind == "unset":
            if hasattr(ps, "win_kind"):
                del ps.win_kind
        else:
            ps.win_kind = saved_kind
    q.windows = result


def _initial_sortrefs(q: N.Query) -> dict:
    """ressortgroupref numbers handed out before the windows: ORDER BY,
    GROUP BY, then DISTINCT [ON] (the order transformSelectStmt uses)."""
    refs: dict = {}
    exprs = [k.expr for k in q.sort] + list(q.group_by)
    if q.distinct is not None:
        exprs += [k.expr for k in q.distinct]
    if q.distinct_on is not None:
        exprs += [k.expr for k in q.distinct_on]
    for e in exprs:
        if e not in refs:
            refs[e] = len(refs) + 1
    return refs


def _add_junk(q: N.Query, e: N.Expr) -> None:
    if not any(te.expr == e for te in q.target_list):
        q.target_list.append(N.TargetEntry(e, len(q.target_list) + 1, None, resjunk=True))


def _transform_order(qa, ps, q, clause) -> list[N.SortKey]:
    from pgref.analyzer.query import make_sort_key
    out: list[N.SortKey] = []
    for sb in clause:
        e = qa.ea.resolve_unknown(qa.ea.transform(ps, sb.node))
        _add_junk(q, e)
        if any(k.expr == e for k in out):
            continue                       # addTargetToSortList: first mention wins
        out.append(make_sort_key(qa.ea, e, sb))
    return out


def _transform_partition(qa, ps, q, clause, order: list[N.SortKey]) -> list[N.SortKey]:
    out: list[N.SortKey] = []
    for node in clause:
        e = qa.ea.resolve_unknown(qa.ea.transform(ps, node))
        _add_junk(q, e)
        if any(k.expr == e for k in out):
            continue
        # a key also in the window's ORDER BY sorts the way ORDER BY says
        same = next((k for k in order if k.expr == e), None)
        out.append(same if same is not None else qa.sort_key_for(e))
    return out


@lru_cache(maxsize=1)
def _in_range_procs() -> dict[int, list[tuple[int, int]]]:
    """btree in_range support functions (amproc 3): left type ->
    [(offset type, pg_proc oid)] in catalog index order (by offset type)."""
    from pgref.catalog import builtin
    btree = {int(r["oid"]) for r in builtin.rows("pg_opfamily") if r["opfmethod"] == "403"}
    out: dict[int, list[tuple[int, int]]] = {}
    for r in builtin.rows("pg_amproc"):
        if r["amprocnum"] == "3" and int(r["amprocfamily"]) in btree:
            out.setdefault(int(r["amproclefttype"]), []).append((int(r["amprocrighttype"]), int(r["amproc"])))
    for v in out.values():
        v.sort()
    return out


def _opcintype(typ: int) -> int:
    """The input type of the default btree opclass of ``typ`` (varchar sorts
    with text_ops, so its RANGE offsets are looked up for text)."""
    from pgref.catalog import builtin
    support = builtin.btree_opfamily_support()
    if (typ, typ) in support:
        return typ
    for (src, dst), c in builtin.casts().items():
        if src == typ and c.method == "b" and (dst, dst) in support:
            return dst
    return typ


def _frame_offset(ea, ps, opts: int, range_type: int, node) -> tuple[N.Expr | None, int]:
    """transformFrameOffset: the offset expression and (RANGE) its in_range proc."""
    from pgref.analyzer.expr import expr_location
    if node is None:
        return None, 0
    what = "ROWS" if opts & A.FRAMEOPTION_ROWS else ("RANGE" if opts & A.FRAMEOPTION_RANGE else "GROUPS")
    ps.agg_allowed = f"window {what}"
    e = ea.transform(ps, node)
    loc = expr_location(node)
    fn = 0
    if what in ("ROWS", "GROUPS"):
        e = ea.coerce(e, T.INT8OID, -1, C.ASSIGNMENT, loc, what=f"argument of {what}")
    else:
        coltype = _opcintype(C.base_type(ea.cat, range_type))
        cands = _in_range_procs().get(coltype, [])
        node_type = e.typ
        preferred = node_type if node_type != T.UNKNOWNOID else coltype
        selected, nmatches = 0, 0
        for righttype, proc in cands:
            if not C.can_coerce(ea.cat, (node_type,), (righttype,), C.IMPLICIT):
                continue
            nmatches += 1
            if selected != preferred:
                selected, fn = righttype, proc
        if not cands:
            raise PgError(FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING is not supported for "
                          f"column type {ea.cat.format_type(coltype)}", position=pos(loc))
        if nmatches == 0:
            raise PgError(FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING is not supported for "
                          f"column type {ea.cat.format_type(coltype)} and offset type "
                          f"{ea.cat.format_type(node_type)}", hint="Cast the offset value to an appropriate type.",
                          position=pos(loc))
        if nmatches != 1 and selected != preferred:
            raise PgError(FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING has multiple "
                          f"interpretations for column type {ea.cat.format_type(coltype)} and offset type "
                          f"{ea.cat.format_type(node_type)}", hint="Cast the offset value to the exact intended type.",
                          position=pos(loc))
        e = ea.coerce(e, selected, -1, C.ASSIGNMENT, loc, what=f"argument of {what}")
    from pgref.analyzer.funcs import _walk
    var = next((x for x in _walk([e]) if isinstance(x, N.Var) and x.levelsup == 0), None)
    if var is not None:
        raise PgError("42P10", f"argument of {what} must not contain variables", position=pos(var.location))
    return e, fn

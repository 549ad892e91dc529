"""Automatically updatable views: INSERT, UPDATE and DELETE on a simple
view become the same statement on its base table (PostgreSQL's
rewriteHandler.c view_query_is_auto_updatable, view_cols_are_auto_updatable
and rewriteTargetView).

Where it sits: ``analyzer/`` (spec/09-engine.md, "Updatable views").
analyzer/modify.py analyzes the statement against the view as if it were a
table -- range-table entry ``result_relation`` carries the view's columns
and ``relkind="v"`` -- and then hands the finished Query to
:func:`rewrite_target_view`, which replaces the view by the single relation
its query reads, one view level at a time, until the target is a table:

* every Var of the target (in WHERE, SET expressions and RETURNING, also
  inside sub-selects) becomes the view column's defining expression over
  the base relation (INV-ENGINE-UVIEW-1);
* INSERT's target list is re-expressed per base column: a value given for a
  view column goes to the base column it reads, the other base columns get
  the base column's default; UPDATE's assignments are renumbered likewise;
* the view's WHERE is ANDed to UPDATE's and DELETE's quals, so only rows
  visible through the view are touched (INV-ENGINE-UVIEW-2);
* a view that is not automatically updatable, or a write to a column that
  is not a plain base column, fails with PostgreSQL's message, DETAIL and
  HINT (INV-ENGINE-UVIEW-3);
* WITH [LOCAL | CASCADED] CHECK OPTION becomes ``Query.check_options``
  (view name, WHERE over the base row), innermost view first, which
  executor/modify.py checks on every new row (INV-ENGINE-UVIEW-5).

Entry points: :func:`not_updatable_detail`, :func:`check_target_view`,
:func:`view_default`, :func:`rewrite_target_view`, :func:`is_updatable`.
"""
from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass, replace

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, OBJECT_NOT_IN_PREREQUISITE_STATE, PgError
from pgref.types import oids as T

_NOT_SINGLE = "Views that do not select from a single table or view are not automatically updatable."
_NOT_COLUMN = "View columns that are not columns of their base relation are not updatable."

_WHAT = {"insert into": ("insert into", "inserting into", "INSERT"),
         "update": ("update", "updating", "UPDATE"),
         "delete from": ("delete from", "deleting from", "DELETE")}


# ====================================================================== the checks
def _has_srf(q: N.Query) -> bool:
    from pgref.analyzer.funcs import _walk
    return any(isinstance(x, N.FuncExpr) and x.retset
               for x in _walk([te.expr for te in q.target_list]))


def _from_item(q: N.Query):
    """The view query's single FROM item (its range-table index and entry),
    or None."""
    if len(q.jointree) != 1 or not isinstance(q.jointree[0], N.RangeTblRef):
        return None
    j = q.jointree[0].rtindex
    rte = q.rtable[j - 1]
    if rte.kind == "relation" and rte.relkind in ("r", "p", "f", ""):
        return j, rte
    if rte.kind == "subquery" and rte.relkind == "v" and rte.relid:
        return j, rte
    return None


def not_updatable_detail(q: N.Query, check_cols: bool) -> str | None:
    """view_query_is_auto_updatable: why a view's query is not
    automatically updatable, or None when it is."""
    if q.distinct is not None or q.distinct_on is not None:
        return "Views containing DISTINCT are not automatically updatable."
    if q.group_by or q.group_keys:
        return "Views containing GROUP BY are not automatically updatable."
    if q.having is not None:
        return "Views containing HAVING are not automatically updatable."
    if q.set_op is not None:
        return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable."
    if q.ctes:
        return "Views containing WITH are not automatically updatable."
    if q.limit_count is not None or q.limit_offset is not None:
        return "Views containing LIMIT or OFFSET are not automatically updatable."
    if q.has_aggs:
        return "Views that return aggregate functions are not automatically updatable."
    if q.has_window_funcs:
        return "Views that return window functions are not automatically updatable."
    if _has_srf(q):
        return "Views that return set-returning functions are not automatically updatable."
    if _from_item(q) is None:
        return _NOT_SINGLE
    if check_cols and all(isinstance(m, str) for m in column_map(q).values()):
        return "Views that have no updatable columns are not automatically updatable."
    return None


def column_map(q: N.Query) -> dict[int, int | str]:
    """view_col_is_auto_updatable per view column: the base attribute
    number it reads, or why it is not updatable."""
    item = _from_item(q)
    out: dict[int, int | str] = {}
    k = 0
    for te in q.target_list:
        if te.resjunk:
            continue
        k += 1
        e = te.expr
        if item is None or not isinstance(e, N.Var) or e.varno != item[0] or e.levelsup != 0:
            out[k] = _NOT_COLUMN
        elif e.varattno < 0:
            out[k] = "View columns that refer to system columns are not updatable."
        elif e.varattno == 0:
            out[k] = "View columns that return whole-row references are not updatable."
        else:
            out[k] = e.varattno
    return out


def check_target_view(ma, rel, what: str) -> None:
    """rewriteTargetView's first test: the view must be automatically
    updatable for this command (INV-ENGINE-UVIEW-3)."""
    detail = not_updatable_detail(ma.view_query(rel), what != "delete from")
    if detail is not None:
        verb, gerund, cmd = _WHAT[what]
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, f'cannot {verb} view "{rel.name}"', detail=detail,
                      hint=f"To enable {gerund} the view, provide an INSTEAD OF {cmd} trigger or an "
                           f"unconditional ON {cmd} DO INSTEAD rule.")


def is_updatable(ma, rel, what: str) -> bool:
    """Whether ``rel`` (a view) takes ``what`` automatically (for
    information_schema-style questions); tables always do."""
    if rel.kind != "v":
        return rel.kind in ("r", "p", "f")
    try:
        q = ma.view_query(rel)
    except PgError:
        return False
    if not_updatable_detail(q, what != "delete from") is not None:
        return False
    j, rte = _from_item(q)
    inner = ma.cat.relations.get(rte.relid)
    return inner is not None and is_updatable(ma, inner, what)


def inference_relation(ma, rel):
    """ON CONFLICT's inference target: for a table itself, for an
    automatically updatable view the table beneath it; with a function
    mapping ``rel``'s attribute numbers to that table's (-1: a column that
    is not a base column)."""
    maps = []
    cur = rel
    for _ in range(100):
        if cur.kind != "v":
            break
        q = ma.view_query(cur)
        item = _from_item(q)
        if item is None or not_updatable_detail(q, True) is not None:
            break
        maps.append(column_map(q))
        nxt = ma.cat.relations.get(item[1].relid)
        if nxt is None:
            break
        cur = nxt

    def amap(attnum: int) -> int:
        for m in maps:
            attnum = m.get(attnum, -1)
            if not isinstance(attnum, int):
                return -1
        return attnum
    return cur, amap


# ====================================================================== defaults
def view_default(ma, rel, col) -> N.Expr:
    """The default of a view column without its own (ALTER VIEW ... SET
    DEFAULT): the default of the base column it reads, NULL for a computed
    column.  analyzer/modify.py reads a view column's own default itself."""
    try:
        q = ma.view_query(rel)
    except PgError:
        return N.Const(col.typ, None, col.typmod)
    item = _from_item(q)
    m = column_map(q).get(col.attnum) if not_updatable_detail(q, True) is None else None
    if item is None or not isinstance(m, int):
        return N.Const(col.typ, None, col.typmod)
    inner = ma.cat.relations.get(item[1].relid)
    icol = next((c for c in inner.columns if c.attnum == m), None) if inner is not None else None
    if icol is None:
        return N.Const(col.typ, None, col.typmod)
    return ma.default_expr(inner, icol)


# ====================================================================== Var substitution
def _mutate(obj, fn, depth: int):
    """Every Var in ``obj`` passed through ``fn(var, depth)``; a Query is
    one level deeper (its Vars' ``levelsup`` count from there).  Mutable
    nodes are changed in place, frozen ones replaced."""
    if isinstance(obj, N.Var):
        return fn(obj, depth)
    if isinstance(obj, N.Query):
        for f in fields(obj):
            v = getattr(obj, f.name)
            nv = _mutate(v, fn, depth + 1)
            if nv is not v:
                setattr(obj, f.name, nv)
        return obj
    if isinstance(obj, list):
        for i, x in enumerate(obj):
            nx = _mutate(x, fn, depth)
            if nx is not x:
                obj[i] = nx
        return obj
    if isinstance(obj, tuple):
        new = tuple(_mutate(x, fn, depth) for x in obj)
        return new if any(a is not b for a, b in zip(new, obj)) else obj
    if isinstance(obj, dict):
        for k, x in list(obj.items()):
            nx = _mutate(x, fn, depth)
            if nx is not x:
                obj[k] = nx
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in fields(obj):
            v = getattr(obj, f.name)
            if v is None or isinstance(v, (str, int, float, bool, bytes, set, frozenset)):
                continue
            nv = _mutate(v, fn, depth)
            if nv is not v:
                changes[f.name] = nv
        if changes:
            if type(obj).__dataclass_params__.frozen:
                return replace(obj, **changes)
            for k, v in changes.items():
                setattr(obj, k, v)
        return obj
    return obj


def _shift(e, d: int):
    """A copy of ``e`` placed ``d`` query levels deeper."""
    e = copy.deepcopy(e)
    if d == 0:
        return e
    return _mutate(e, lambda v, k: replace(v, levelsup=v.levelsup + d) if v.levelsup >= k else v, 0)


# ====================================================================== the rewrite
def rewrite_target_view(ma, q: N.Query) -> N.Query:
    """Replace a view target by its base relation, level by level
    (rewriteTargetView); a Query whose target is not a view comes back
    unchanged."""
    cascaded = False
    for _ in range(100):
        rte = q.rtable[q.result_relation - 1]
        if rte.kind != "relation" or rte.relkind != "v":
            return q
        view = ma.cat.relations[rte.relid]
        from pgref.executor.triggers import has_instead_trigger     # spec/09-engine.md, "Triggers"
        cmd = q.command.upper()
        if has_instead_trigger(view, cmd):
            # a view with INSTEAD OF triggers is the target itself: the
            # executor fires them (only INSERT ones are supported so far)
            if cmd != "INSERT":
                raise PgError(FEATURE_NOT_SUPPORTED, f'cannot {q.command} view "{view.name}"'
                              if cmd == "UPDATE" else f'cannot delete from view "{view.name}"',
                              detail=f"INSTEAD OF {cmd} triggers are not supported yet.")
            rte.relkind = "r"
            return q
        cascaded = _one_level(ma, q, view, cascaded)
    raise PgError("42P17", "infinite recursion detected in rules for relation "
                  f'"{q.rtable[q.result_relation - 1].relname}"')


def _one_level(ma, q: N.Query, view, cascaded: bool) -> bool:
    """One view level replaced by its FROM item; returns whether a
    CASCADED check option applies to the next level."""
    what = {"insert": "insert into", "update": "update", "delete": "delete from"}[q.command]
    check_target_view(ma, view, what)
    vq = ma.view_query(view)
    j, base_rte = _from_item(vq)
    rt = q.result_relation
    cmap = column_map(vq)
    # the view's columns and WHERE over range-table entry ``rt``
    renum = lambda v, k: replace(v, varno=rt) if v.varno == j and v.levelsup == k else v  # noqa: E731
    exprs = [_mutate(copy.deepcopy(te.expr), renum, 0) for te in vq.target_list if not te.resjunk]
    vwhere = _mutate(copy.deepcopy(vq.where), renum, 0) if vq.where is not None else None

    subst = _substituter(view, rt, exprs)
    for name in ("where", "returning", "check_options"):
        setattr(q, name, _mutate(getattr(q, name), subst, 0))
    cascaded = _add_check_option(q, view, vwhere, cascaded) if q.command != "delete" else False
    if q.command == "update":
        q.target_list = _mutate(q.target_list, subst, 0)

    inner = ma.cat.relations[base_rte.relid]
    inner_cols = {c.attnum: c for c in inner.columns}
    oc = q.on_conflict
    if oc is not None and oc.action == "update":
        # DO UPDATE: the target row and EXCLUDED both read through the view
        ex = oc.excluded_rtindex
        renum_ex = lambda v, k: replace(v, varno=ex) if v.varno == rt and v.levelsup == k else v  # noqa: E731
        subst_ex = _substituter(view, ex, [_mutate(copy.deepcopy(e), renum_ex, 0) for e in exprs])
        for name in ("set_list", "where"):
            setattr(oc, name, _mutate(_mutate(getattr(oc, name), subst, 0), subst_ex, 0))
        _map_assignments(oc.set_list, cmap, inner_cols, view, "insert into")
        old_ex = q.rtable[ex - 1]
        q.rtable[ex - 1] = N.RangeTblEntry(
            "relation", old_ex.alias, [c.name if not c.dropped else "" for c in inner.columns],
            [c.typ for c in inner.columns], [c.typmod for c in inner.columns], relid=inner.oid,
            relkind="r", relname=inner.name)
    if q.command == "insert":
        _map_insert(ma, q, view, inner, cmap)
    elif q.command == "update":
        _map_assignments(q.target_list, cmap, inner_cols, view)
        q.update_columns = [te.resno for te in q.target_list]
    if q.command != "insert" and vwhere is not None:
        # the view's quals first, as AddQual does for a security-barrier-free view
        q.where = vwhere if q.where is None else N.BoolExpr("and", (vwhere, q.where))
    q.rtable[rt - 1] = N.RangeTblEntry(
        "relation", base_rte.alias, [c.name if not c.dropped else "" for c in inner.columns],
        [c.typ for c in inner.columns], [c.typmod for c in inner.columns], relid=inner.oid,
        relkind="v" if inner.kind == "v" else "r", relname=inner.name,
        inh=False if q.command == "insert" else base_rte.inh)
    return cascaded


def _add_check_option(q: N.Query, view, vwhere, parent_cascaded: bool) -> bool:
    """WITH CHECK OPTION (rewriteTargetView): the view's own, or CASCADED
    inherited from the view above; its qual is the view's WHERE over the
    target row, checked by the executor on each new row (INV-ENGINE-UVIEW-5)."""
    opt = next((o.split("=", 1)[1].lower() for o in (view.reloptions or ()) if o.startswith("check_option=")),
               None)
    if parent_cascaded:
        opt = "cascaded"
    if opt is None:
        return False
    q.check_options.insert(0, (view.name, copy.deepcopy(vwhere)))
    return opt == "cascaded"


def _substituter(view, rt: int, exprs: list):
    """The Var mapper replacing view columns (Vars of ``rt``) by their
    defining expressions (INV-ENGINE-UVIEW-1)."""
    def subst(v: N.Var, k: int):
        if v.varno != rt or v.levelsup != k:
            return v
        if v.varattno == 0:
            return N.RowExpr(tuple(_shift(e, k) for e in exprs), v.typ,
                             tuple(c.name for c in view.live_columns()))
        if v.varattno < 0 or v.varattno > len(exprs):
            raise PgError(FEATURE_NOT_SUPPORTED, f'system columns of view "{view.name}" cannot be referenced')
        return _shift(exprs[v.varattno - 1], k)
    return subst


def _map_assignments(targets, cmap, inner_cols, view, verb: str = "update") -> None:
    """UPDATE's (and DO UPDATE's) assignments renumbered to the inner
    relation's columns; a computed view column cannot be assigned."""
    seen: set[int] = set()
    for te in targets:
        m = cmap.get(te.resno, _NOT_COLUMN)
        if isinstance(m, str):
            raise PgError(FEATURE_NOT_SUPPORTED, f'cannot {verb} column "{te.name}" of view "{view.name}"',
                          detail=m)
        if m in seen:
            raise PgError("42601", f'multiple assignments to same column "{inner_cols[m].name}"')
        if getattr(inner_cols[m], "generated", ""):
            from pgref.engine.generated import is_generated_default     # INV-GEN-3 through a view
            if not is_generated_default(te.expr):
                raise PgError("428C9", f'column "{inner_cols[m].name}" can only be updated to DEFAULT',
                              detail=f'Column "{inner_cols[m].name}" is a generated column.')
        seen.add(m)
        te.resno, te.name = m, inner_cols[m].name


def _map_insert(ma, q: N.Query, view, inner, cmap) -> None:
    """INSERT's per-column values re-expressed per column of ``inner``."""
    explicit = set(q.insert_columns)
    given: dict[int, N.Expr] = {}
    defaults: dict[int, N.Expr] = {}
    names = {c.attnum: c.name for c in view.columns}
    # a view column's own default is a value written to it, like an explicit one
    own_default = {c.attnum for c in view.columns if c.default is not None}
    for te in q.target_list:
        m = cmap.get(te.resno, _NOT_COLUMN)
        if te.resno in explicit or (te.resno in own_default and isinstance(m, str)):
            if isinstance(m, str):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f'cannot insert into column "{names.get(te.resno, te.name)}" of view "{view.name}"',
                              detail=m)
            if m in given:
                name = next(c.name for c in inner.columns if c.attnum == m)
                raise PgError("42601", f'multiple assignments to same column "{name}"')
            given[m] = te.expr
        elif isinstance(m, int) and m not in defaults:
            defaults[m] = te.expr
    from pgref.engine.generated import check_view_insert
    check_view_insert(q, inner, {**defaults, **given})      # INV-GEN-3 through a view
    out = []
    for c in inner.columns:
        if c.dropped:
            e: N.Expr = N.Const(T.INT4OID, None)
        elif c.attnum in given:
            e = given[c.attnum]
        elif c.attnum in defaults:
            e = defaults[c.attnum]
        else:
            e = ma.default_expr(inner, c)
        out.append(N.TargetEntry(e, c.attnum, c.name))
    q.target_list = out
    q.insert_columns = list(dict.fromkeys(cmap[a] for a in q.insert_columns))


# ====================================================================== updatability questions
CMD_UPDATE_BIT, CMD_INSERT_BIT, CMD_DELETE_BIT = 1 << 2, 1 << 3, 1 << 4      # 1 << CmdType
ALL_EVENTS = CMD_UPDATE_BIT | CMD_INSERT_BIT | CMD_DELETE_BIT


def relation_events(session, relid: int, include_triggers: bool, include_cols: set | None = None,
                    depth: int = 0) -> int:
    """relation_is_updatable: the bit set of the commands (1 << CMD_UPDATE,
    CMD_INSERT, CMD_DELETE) ``relid`` takes -- always for a table, through
    INSTEAD OF triggers (when asked) or automatically for a view.
    ``include_cols`` limits the view columns that count (attnums)."""
    rel = session.db.cat.relations.get(relid)
    if rel is None or depth > 100:
        return 0
    if rel.kind in ("r", "p"):
        return ALL_EVENTS
    if rel.kind != "v":
        return 0
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.executor.triggers import has_instead_trigger
    events = 0
    if include_triggers:
        for cmd, bit in (("UPDATE", CMD_UPDATE_BIT), ("INSERT", CMD_INSERT_BIT), ("DELETE", CMD_DELETE_BIT)):
            if has_instead_trigger(rel, cmd):
                events |= bit
        if events == ALL_EVENTS:
            return events
    try:
        q = ModifyAnalyzer(session.expr_analyzer()).view_query(rel)
    except PgError:
        return events
    if not_updatable_detail(q, False) is not None:
        return events
    cmap = column_map(q)
    cols = {a: m for a, m in cmap.items() if isinstance(m, int) and (include_cols is None or a in include_cols)}
    auto = ALL_EVENTS if cols else CMD_DELETE_BIT
    inner = _from_item(q)[1].relid
    auto &= relation_events(session, inner, include_triggers, set(cols.values()), depth + 1)
    return events | auto


def column_updatable(session, relid: int, attnum: int, include_triggers: bool) -> bool:
    """pg_column_is_updatable: the column takes both UPDATE and DELETE."""
    need = CMD_UPDATE_BIT | CMD_DELETE_BIT
    return relation_events(session, relid, include_triggers, {attnum}) & need == need

"""GROUP BY with grouping sets, GROUPING(), and aggregates that belong to an
outer query level (PostgreSQL's parse_clause.c transformGroupClause /
flatten_grouping_sets / transformGroupingSet, and parse_agg.c
expand_grouping_sets, transformGroupingFunc, check_agg_arguments,
finalize_grouping_exprs).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Grouping sets").  The
SELECT analyzer (analyzer/query.py) hands the raw GROUP BY list to
:func:`transform_group_clause`; aggregate and GROUPING() calls come through
:func:`agg_level` / :func:`transform_grouping_func`; after the grouping
check :func:`finalize_grouping` validates GROUPING() arguments and settles
the expanded sets.  What the planner receives (INV-GSET-1..3):

  ``Query.group_by``       every distinct grouping expression, once
  ``Query.grouping_sets``  None for a plain GROUP BY; else the expanded
                           sets, each a list of indexes into ``group_by``,
                           shortest first (expand_grouping_sets' order)
  ``Query.grouping_funcs`` the GROUPING() calls this level's Agg computes
  ``Query.group_refs``     PostgreSQL's tleSortGroupRef of each grouping
                           expression (ORDER BY targets are numbered
                           first), which orders sets for GROUP BY DISTINCT

An aggregate (or GROUPING) whose arguments mention only columns of an outer
query belongs to that query (INV-GSET-5): the call is recorded, with its
``levelsup`` references lowered to that level, in the outer level's list,
and the inner occurrence keeps ``levelsup = k``; the executor reads its
value from the outer Agg's output row (PostgreSQL turns it into a Param).

Entry points: :func:`transform_group_clause`, :func:`transform_grouping_func`,
:func:`agg_level`, :func:`register_upper`, :func:`finalize_grouping`,
:func:`expand_grouping_sets`, :func:`adjust_levels`.
"""
from __future__ import annotations

import dataclasses
import functools

from pgref.analyzer import nodes as N
from pgref.analyzer.expr import expr_location, pos
from pgref.errors import (GROUPING_ERROR, STATEMENT_TOO_COMPLEX, TOO_MANY_ARGUMENTS, TOO_MANY_COLUMNS,
                          PgError)
from pgref.sql import ast as A

MAX_GROUPING_SETS = 4096          # parseCheckAggregates' limit on the expansion
MAX_CUBE_ELEMENTS = 12            # transformGroupingSet: "CUBE is limited to 12 elements"


# ====================================================================== levels
def _children(x):
    """The sub-objects of an analyzed node worth walking, with the level
    increment of each (entering a Query is one level down)."""
    if isinstance(x, (list, tuple)):
        return [(y, 0) for y in x]
    if isinstance(x, dict):
        return [(y, 0) for y in x.values()]
    if _is_node(x):
        out = [(getattr(x, f.name), 0) for f in dataclasses.fields(x)]
        if isinstance(x, N.Query):       # annotations set outside the dataclass fields
            names = {f.name for f in dataclasses.fields(x)}
            out.extend((v, 0) for k, v in vars(x).items() if k not in names)
        return out
    return []


def _is_node(x) -> bool:
    """An analyzed-tree object (analyzer/nodes.py dataclass)."""
    return dataclasses.is_dataclass(x) and not isinstance(x, type) and type(x).__module__ == N.__name__


def _walk_levels(roots):
    """Yield (node, depth) for every expression node under ``roots``,
    descending into sub-queries (depth + 1 per Query entered)."""
    seen: set[int] = set()
    stack = [(r, 0) for r in roots]
    while stack:
        x, depth = stack.pop()
        if x is None or isinstance(x, (str, int, float, bool, bytes)):
            continue
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, N.Query):
            depth_in = depth + 1
        else:
            depth_in = depth
        if isinstance(x, N.Expr):
            yield x, depth
        for child, _ in _children(x):
            stack.append((child, depth_in))


def agg_level(exprs) -> tuple[int, N.Expr | None]:
    """check_agg_arguments: the query level (0 = this one) an aggregate or
    GROUPING() with these arguments belongs to -- the lowest level of any
    column (or aggregate) they mention, looking into sub-selects too --
    and a nested aggregate of that same level, if any (an error)."""
    min_var = -1
    min_agg = -1
    for e, depth in _walk_levels(list(exprs)):
        if isinstance(e, N.Var):
            lv = e.levelsup - depth
            if lv >= 0 and (min_var < 0 or lv < min_var):
                min_var = lv
        elif isinstance(e, (N.Aggref, N.GroupingFunc)):
            lv = e.levelsup - depth
            if lv >= 0 and (min_agg < 0 or lv < min_agg):
                min_agg = lv
    if min_var < 0:
        if min_agg < 0:
            return 0, None
        level = min_agg
    elif min_agg < 0:
        level = min_var
    else:
        level = min(min_var, min_agg)
    nested = None
    if level == min_agg:
        for e, depth in _walk_levels(list(exprs)):
            if isinstance(e, (N.Aggref, N.GroupingFunc)) and e.levelsup - depth == level:
                nested = e
                break
    return level, nested


def adjust_levels(node, delta: int):
    """A copy of ``node`` whose references to query levels outside it
    (``levelsup`` >= the depth they appear at) are moved by ``delta``
    (PostgreSQL's IncrementVarSublevelsUp).  Objects shared inside the tree
    stay shared in the copy."""
    memo: dict[int, object] = {}

    def visit(x, depth):
        if x is None or isinstance(x, (str, int, float, bool, bytes)):
            return x
        key = (id(x), depth)
        if key in memo:
            return memo[key]
        if isinstance(x, list):
            out = [visit(y, depth) for y in x]
        elif isinstance(x, tuple):
            vals = tuple(visit(y, depth) for y in x)
            out = x if all(a is b for a, b in zip(vals, x)) else vals
        elif isinstance(x, dict):
            out = {k: visit(v, depth) for k, v in x.items()}
        elif _is_node(x):
            inner = depth + 1 if isinstance(x, N.Query) else depth
            changes = {}
            for f in dataclasses.fields(x):
                v = getattr(x, f.name)
                nv = visit(v, inner)
                if nv is not v:
                    changes[f.name] = nv
            if isinstance(x, (N.Var, N.Aggref, N.GroupingFunc)) and x.levelsup >= depth:
                changes["levelsup"] = x.levelsup + delta
            if isinstance(x, N.Query):
                out = dataclasses.replace(x, **changes)
                names = {f.name for f in dataclasses.fields(x)}
                for k, v in vars(x).items():          # annotations set outside the dataclass
                    if k not in names:
                        setattr(out, k, visit(v, inner))
            elif not changes:
                out = x
            elif getattr(type(x), "__dataclass_params__").frozen:
                out = dataclasses.replace(x, **changes)
            else:
                import copy
                out = copy.copy(x)
                for k, v in changes.items():
                    setattr(out, k, v)
        else:
            out = x
        memo[key] = out
        return out

    return visit(node, 0)


def register_upper(ps, node, level: int, kind: str) -> N.Expr:
    """Record an aggregate (``kind`` 'agg') or GROUPING() ('grouping') of
    query level ``level`` (0 = the current one) in that level's parse
    state.  For an outer level the recorded copy has its references
    lowered to that level, and the inner node remembers it (the executor
    finds its value in the outer Agg's row).  INV-GSET-5."""
    target = ps
    for _ in range(level):
        target = target.parent
    recorded = node if level == 0 else adjust_levels(node, -level)
    if level:
        object.__setattr__(node, "upper_ref", recorded)
    if kind == "agg":
        target.aggs.append(recorded)
    else:
        _grouping_list(target).append(recorded)
    return node


def _grouping_list(ps) -> list:
    lst = ps.__dict__.get("grouping_funcs")
    if lst is None:
        lst = ps.__dict__["grouping_funcs"] = []
    return lst


def grouping_funcs_of(ps) -> list:
    """The GROUPING() calls recorded for this parse state's level."""
    return list(ps.__dict__.get("grouping_funcs") or [])


def transform_grouping_func(ea, ps, n: A.GroupingFunc) -> N.Expr:
    """transformGroupingFunc: analyze the arguments (whether they are
    grouping expressions is checked once GROUP BY is known,
    :func:`finalize_grouping`)."""
    if len(n.args) > 31:
        raise PgError(TOO_MANY_ARGUMENTS, "GROUPING must have fewer than 32 arguments",
                      position=pos(n.location))
    args = tuple(ea.transform(ps, a) for a in n.args)
    level, nested = agg_level(args)
    target = ps
    for _ in range(level):
        if target.parent is None:
            break
        target = target.parent
    if target.agg_allowed is not None:
        raise PgError(GROUPING_ERROR, f"grouping operations are not allowed in {target.agg_allowed}",
                      position=pos(n.location))
    if nested is not None:
        raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                      position=pos(nested.location if nested.location >= 0 else n.location))
    g = N.GroupingFunc(args, levelsup=level, location=n.location)
    return register_upper(ps, g, level, "grouping")


# ====================================================================== GROUP BY
@dataclasses.dataclass
class _GSet:
    """A grouping set while GROUP BY is analyzed (PostgreSQL's GroupingSet):
    kind 'empty' | 'simple' | 'rollup' | 'cube' | 'sets'; ``content`` is a
    list of refs for 'simple', else a list of _GSet."""
    kind: str
    content: list
    location: int = -1


def _flatten(node, toplevel: bool, flags: dict):
    """flatten_grouping_sets: implicit row constructors ``(a, b)`` become
    lists, GROUPING SETS nested in GROUPING SETS are spliced into their
    parent, and empty sets at the top level vanish."""
    if isinstance(node, A.RowExpr) and node.row_format == "implicit_cast":
        return _flatten(list(node.args), False, flags)
    if isinstance(node, A.GroupingSet):
        flags["has_sets"] = True
        if toplevel and node.kind == "empty":
            return []
        result = []
        for n1 in node.content:
            n2 = _flatten(n1, False, flags)
            if isinstance(n1, A.GroupingSet) and n1.kind == "sets":
                result.extend(n2)
            else:
                result.append(n2)
        if toplevel or node.kind != "sets":
            return _GSet(node.kind, result, node.location)
        return result
    if isinstance(node, (list, tuple)):
        out = []
        for x in node:
            n = _flatten(x, toplevel, flags)
            if isinstance(n, list):
                out.extend(n)             # NIL (an empty set at the top) adds nothing
            else:
                out.append(n)
        return out
    return node


class _GroupBuilder:
    """Collects the grouping expressions of one GROUP BY (the groupClause)
    and numbers them as PostgreSQL's tleSortGroupRef would."""

    def __init__(self, qa, ps, q, by_target: bool = False):
        self.qa, self.ps, self.q = qa, ps, q
        # with grouping sets a grouping column is a target entry, as
        # PostgreSQL's SortGroupClause is: two output columns that are the
        # same expression (GROUP BY alias1, ROLLUP(alias2)) are two columns,
        # each NULL in the sets that lack it
        self.by_target = by_target
        self.keys: list = []               # per q.group_by index: tle index or expression
        self.tles: dict[int, int] = {}     # tle index -> q.group_by index
        # ORDER BY targets were given their refs first (transformSortClause
        # runs before transformGroupClause)
        self.sort_exprs: list = []
        for k in q.sort:
            if k.expr not in self.sort_exprs:
                self.sort_exprs.append(k.expr)
        self.next_ref = len(self.sort_exprs) + 1
        self.refs: list[int] = []          # per q.group_by index

    def add(self, node) -> int:
        """transformGroupClauseExpr: the index of ``node`` in q.group_by."""
        from pgref.analyzer.window import check_no_window_funcs
        e = self.qa.find_group_target(self.ps, self.q, node)
        check_no_window_funcs(e, "GROUP BY")
        tle = self._target_of(node, e) if self.by_target else None
        key = ("tle", tle) if tle is not None else ("expr", e)
        if key in self.keys:
            return self.keys.index(key)
        self.keys.append(key)
        if tle is not None:
            self.tles[tle] = len(self.q.group_by)
        self.q.group_by.append(e)
        if e in self.sort_exprs:
            self.refs.append(self.sort_exprs.index(e) + 1)
        else:
            self.refs.append(self.next_ref)
            self.next_ref += 1
        return len(self.q.group_by) - 1

    def _target_of(self, node, e) -> int | None:
        """The target entry a GROUP BY item denotes (findTargetlistEntry):
        an output position, an output name, or the first entry equal to
        the expression."""
        tl = self.q.target_list
        visible = [i for i, te in enumerate(tl) if not te.resjunk]
        if isinstance(node, A.A_Const) and isinstance(node.val, A.Integer):
            k = node.val.ival
            return visible[k - 1] if 1 <= k <= len(visible) else None
        if isinstance(node, A.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], str):
            for i in visible:
                if tl[i].name == node.fields[0] and tl[i].expr == e:
                    return i
        for i, te in enumerate(tl):
            if te.expr == e:
                return i
        return None

    def add_list(self, items) -> list[int]:
        out: list[int] = []
        for x in items:
            if isinstance(x, list):
                for i in self.add_list(x):
                    if i not in out:
                        out.append(i)
                continue
            i = self.add(x)
            if i not in out:
                out.append(i)
        return out

    def transform_set(self, gs: _GSet) -> _GSet:
        """transformGroupingSet: every element becomes a simple set of
        indexes, a nested set, or the empty set."""
        content: list = []
        for n in gs.content:
            if isinstance(n, list):
                content.append(_GSet("simple", self.add_list(n)))
            elif isinstance(n, _GSet):
                if n.kind == "empty":
                    content.append(_GSet("empty", []))
                else:
                    content.append(self.transform_set(n))
            else:
                content.append(_GSet("simple", [self.add(n)]))
        if gs.kind == "cube" and len(content) > MAX_CUBE_ELEMENTS:
            raise PgError(TOO_MANY_COLUMNS, "CUBE is limited to 12 elements", position=pos(gs.location))
        return _GSet(gs.kind, content, gs.location)


def transform_group_clause(qa, ps, q: N.Query, group_clause, group_distinct: bool) -> None:
    """transformGroupClause: fill ``q.group_by`` (and, with grouping sets,
    ``q.grouping_sets_raw``, the unexpanded structure of indexes)."""
    flags = {"has_sets": False}
    flat = _flatten(list(group_clause), True, flags)
    b = _GroupBuilder(qa, ps, q, by_target=flags["has_sets"])
    gsets: list[_GSet] = []
    seen_top: set[int] = set()
    for item in flat:
        if isinstance(item, _GSet):
            if item.kind == "empty":
                gsets.append(_GSet("empty", []))
            else:
                gsets.append(b.transform_set(item))
            continue
        i = b.add(item)
        if i in seen_top:
            continue
        seen_top.add(i)
        if flags["has_sets"]:
            gsets.append(_GSet("simple", [i]))
    q.group_refs = b.refs  # type: ignore[attr-defined]
    q.group_tles = b.tles  # type: ignore[attr-defined]
    q.group_distinct = group_distinct  # type: ignore[attr-defined]
    if flags["has_sets"]:
        if not gsets:
            gsets = [_GSet("empty", [])]
        q.grouping_sets_raw = gsets  # type: ignore[attr-defined]
    else:
        q.grouping_sets_raw = None  # type: ignore[attr-defined]


# ====================================================================== expansion
def _expand_node(gs: _GSet) -> list[list[int]]:
    """expand_groupingset_node."""
    if gs.kind == "empty":
        return [[]]
    if gs.kind == "simple":
        return [list(gs.content)]
    if gs.kind == "rollup":
        parts = [list(c.content) for c in gs.content]
        out = []
        for size in range(len(parts), 0, -1):
            cur: list[int] = []
            for p in parts[:size]:
                cur.extend(p)
            out.append(cur)
        out.append([])
        return out
    if gs.kind == "cube":
        parts = [list(c.content) for c in gs.content]
        out = []
        for mask in range(1 << len(parts)):
            cur = []
            for bit, p in enumerate(parts):
                if mask & (1 << bit):
                    cur.extend(p)
            out.append(cur)
        return out
    out = []
    for c in gs.content:
        out.extend(_expand_node(c))
    return out


def _union(a: list[int], b: list[int]) -> list[int]:
    """list_union_int: a's members, then b's not already present."""
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def expand_grouping_sets(gsets: list[_GSet], distinct: bool, limit: int, refs: list[int]) -> list[list[int]] | None:
    """expand_grouping_sets: the cartesian product of the top-level items'
    expansions, each set without duplicates, ordered by length (PostgreSQL's
    list_sort, which is its quicksort).  GROUP BY DISTINCT sorts each set by
    ref and drops repeated sets.  None when more than ``limit`` sets would
    result."""
    from pgref.executor.pgsort import pg_qsort
    if not gsets:
        return []
    expanded = []
    numsets = 1
    for gs in gsets:
        cur = _expand_node(gs)
        numsets *= len(cur)
        if limit >= 0 and numsets > limit:
            return None
        expanded.append(cur)
    result = [_union([], s) for s in expanded[0]]
    for p in expanded[1:]:
        result = [_union(q, s) for q in result for s in p]
    if not distinct or len(result) < 2:
        pg_qsort(result, lambda x, y: (len(x) > len(y)) - (len(x) < len(y)))
        return result
    keyed = [sorted(s, key=lambda i: refs[i]) for s in result]

    def cmp_len_contents(x, y):
        if len(x) != len(y):
            return (len(x) > len(y)) - (len(x) < len(y))
        for a, b in zip(x, y):
            if refs[a] != refs[b]:
                return (refs[a] > refs[b]) - (refs[a] < refs[b])
        return 0
    pg_qsort(keyed, cmp_len_contents)
    out = [keyed[0]]
    for s in keyed[1:]:
        if s != out[-1]:
            out.append(s)
    return out


# ====================================================================== finalize
def common_group_indexes(q: N.Query) -> list[int] | None:
    """The grouping expressions present in every grouping set (the only
    ones a functional dependency may rest on); None without grouping sets."""
    sets = getattr(q, "grouping_sets", None)
    if sets is None:
        return None
    if not sets:
        return []
    common = list(sets[0])
    for s in sets[1:]:
        common = [i for i in common if i in s]
    return common


def prepare_grouping_sets(q: N.Query) -> None:
    """parseCheckAggregates' first step: expand the sets (at most 4096),
    and treat a single non-empty set as a plain GROUP BY."""
    raw = getattr(q, "grouping_sets_raw", None)
    q.grouping_sets = None  # type: ignore[attr-defined]
    if raw is None:
        return
    sets = expand_grouping_sets(raw, getattr(q, "group_distinct", False), MAX_GROUPING_SETS,
                                getattr(q, "group_refs", []))
    if sets is None:
        raise PgError(STATEMENT_TOO_COMPLEX, "too many grouping sets present (maximum 4096)")
    if len(sets) == 1 and q.group_by:
        return
    q.grouping_sets = sets  # type: ignore[attr-defined]


def check_grouping_funcs(ps, q: N.Query) -> None:
    """finalize_grouping_exprs: every argument of a GROUPING() of this
    level must be one of its grouping expressions."""
    for g in grouping_funcs_of(ps):
        for a in g.args:
            if a not in q.group_by:
                loc = expr_location(a)
                raise PgError(GROUPING_ERROR, "arguments to GROUPING must be grouping expressions of the "
                              "associated query level", position=pos(loc) if loc is not None else None)


def finalize_grouping(ps, q: N.Query, n_before_extra: int) -> None:
    """After the grouping check: grouping expressions it added (columns
    functionally dependent on a grouped primary key, which rests on the
    columns common to all sets) belong to every set; GROUPING() calls are
    handed to the planner."""
    sets = getattr(q, "grouping_sets", None)
    if sets is not None and len(q.group_by) > n_before_extra:
        extra = list(range(n_before_extra, len(q.group_by)))
        q.grouping_sets = [list(s) + extra for s in sets]  # type: ignore[attr-defined]
    q.group_extra_from = n_before_extra  # type: ignore[attr-defined]
    q.grouping_funcs = grouping_funcs_of(ps)  # type: ignore[attr-defined]



def group_sort_keys(qa, q: N.Query) -> list[N.SortKey]:
    """The sort semantics of each grouping expression (SortGroupClause).
    With grouping sets, an expression also sorted by ORDER BY takes that
    key's direction but always NULLS LAST, since a sorted Agg emits each
    subtotal row (NULL in that column) after the rows it sums
    (transformGroupClauseExpr)."""
    keys = []
    sets = getattr(q, "grouping_sets_raw", None) is not None
    unsortable = []
    for i, e in enumerate(q.group_by):
        try:
            k = qa.sort_key_for(e)
        except PgError as err:
            # no ordering: still groupable by hashing (xid), else the error
            if err.sqlstate != "42883" or not type_is_hashable(qa.cat, e.typ):
                raise
            k = N.SortKey(e, False, False, e.typ, 0)
            unsortable.append(i)
            keys.append(k)
            continue
        if sets:
            hit = next((s for s in q.sort if s.expr == e), None)
            if hit is not None:
                k = dataclasses.replace(hit, nulls_first=False)
        keys.append(k)
    q.group_unsortable = unsortable  # type: ignore[attr-defined]
    return keys


def type_is_hashable(cat, typ: int) -> bool:
    """Has the type a hash operator class (directly, or as an array, enum
    or user type)?  bit, for one, has none."""
    from pgref.types import oids as T
    hashed = _hash_types()
    if typ in hashed:
        return True
    info = cat.typeinfo(typ)
    if info is None:
        return True
    if info.typtype == "e":
        return T.ANYENUMOID in hashed
    if info.typtype == "d":
        return type_is_hashable(cat, info.basetype) if getattr(info, "basetype", 0) else True
    if info.category == "A" and getattr(info, "elem", 0):
        return type_is_hashable(cat, info.elem)
    if info.typtype in ("c", "r", "m"):
        return True
    return typ in getattr(cat, "user_types", {})


@functools.cache
def _hash_types() -> set[int]:
    from pgref.catalog import builtin
    fam_am = {int(r["oid"]): int(r["opfmethod"]) for r in builtin.rows("pg_opfamily")}
    return {int(r["amoplefttype"]) for r in builtin.rows("pg_amop") if fam_am.get(int(r["amopfamily"])) == 405}


def deparse_group_by(q: N.Query, show) -> str:
    """The GROUP BY list as ruleutils.c prints it (get_rule_groupingset):
    ``show(expr)`` prints one grouping expression."""
    prefix = "DISTINCT " if getattr(q, "group_distinct", False) else ""
    raw = getattr(q, "grouping_sets_raw", None)
    if raw is None or getattr(q, "grouping_sets", None) is None:
        return prefix + ", ".join(show(g) for g in q.group_by)

    def one(gs: _GSet, omit_parens: bool) -> str:
        if gs.kind == "empty":
            return "()"
        if gs.kind == "simple":
            inner = ", ".join(show(q.group_by[i]) for i in gs.content)
            return inner if omit_parens and len(gs.content) == 1 else "(" + inner + ")"
        head = {"rollup": "ROLLUP(", "cube": "CUBE(", "sets": "GROUPING SETS ("}[gs.kind]
        child_omit = gs.kind != "sets"
        return head + ", ".join(one(c, child_omit) for c in gs.content) + ")"
    return prefix + ", ".join(one(gs, True) for gs in raw)

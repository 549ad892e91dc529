"""Planning grouping sets: which sets are computed together in one sorted
pass, and in which order (PostgreSQL's planner.c preprocess_grouping_sets,
extract_rollup_sets, reorder_grouping_sets; lib/bipartite_match.c).

Where it sits: ``planner/`` (spec/07-executor.md, "Grouping sets").  The
analyzer hands over ``Query.grouping_sets`` (expanded, shortest first, as
indexes into ``Query.group_by``).  A *rollup* is a chain of sets, each
contained in the next; one sort of the input by the largest set's columns
serves all of them, because a smaller set's groups are runs of the larger
one's.  :func:`plan_rollups` splits the sets into as few chains as possible
(a minimum chain cover of the inclusion order, found by the same
Hopcroft-Karp matching PostgreSQL uses, so the chains -- and therefore the
output row order -- are PostgreSQL's) and orders each chain's columns, the
ORDER BY's order first when there is a single chain (INV-GSET-6).

Sets with a column that cannot be sorted are computed by hashing instead
(one hash table per set, ``Rollup.hashed``); PostgreSQL would also hash
sortable sets when it estimates that cheaper (MixedAggregate), which is
not reproduced: every sortable set is computed by sorting.

Entry points: :func:`plan_rollups`, :func:`grouping_func_refs`,
:class:`Rollup`.
"""
from __future__ import annotations

from dataclasses import dataclass

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError


@dataclass(frozen=True)
class Rollup:
    """One pass of a grouping-sets Agg.  ``keys``: positions in the Agg's
    ``group_exprs`` in sort order, ``sort_keys`` their SortKeys; ``sets``:
    largest first, each a tuple of positions that is a prefix of ``keys``
    (for a hashed rollup, of its own columns); ``hashed``: computed with one
    hash table per set instead of by sorting."""
    keys: tuple[int, ...]
    sort_keys: tuple[N.SortKey, ...]
    sets: tuple[tuple[int, ...], ...]
    hashed: bool = False


# ---------------------------------------------------------------- matching
def bipartite_match(size: int, adjacency: list[list[int] | None]) -> tuple[list[int], list[int]]:
    """Hopcroft-Karp maximum matching between U = V = 1..size
    (BipartiteMatch); ``adjacency[u]`` lists u's neighbours in the order
    PostgreSQL scans them.  Returns (pair_uv, pair_vu), 0 = unmatched."""
    inf = float("inf")
    pair_uv = [0] * (size + 1)
    pair_vu = [0] * (size + 1)
    distance = [0.0] * (size + 1)

    def breadth() -> bool:
        queue = []
        distance[0] = inf
        for u in range(1, size + 1):
            if pair_uv[u] == 0:
                distance[u] = 0
                queue.append(u)
            else:
                distance[u] = inf
        qtail = 0
        while qtail < len(queue):
            u = queue[qtail]
            qtail += 1
            if distance[u] < distance[0]:
                for v in adjacency[u] or ():
                    u_next = pair_vu[v]
                    if distance[u_next] == inf:
                        distance[u_next] = 1 + distance[u]
                        queue.append(u_next)
        return distance[0] != inf

    def depth(u: int) -> bool:
        if u == 0:
            return True
        for v in adjacency[u] or ():
            if distance[pair_vu[v]] == distance[u] + 1:
                if depth(pair_vu[v]):
                    pair_vu[v] = u
                    pair_uv[u] = v
                    return True
        distance[u] = inf
        return False

    while breadth():
        for u in range(1, size + 1):
            if pair_uv[u] == 0:
                depth(u)
    return pair_uv, pair_vu


def extract_rollup_sets(sets: list[list[int]]) -> list[list[list[int]]]:
    """Split ``sets`` (shortest first) into chains of inclusion
    (extract_rollup_sets): empty sets go to the first chain, duplicate sets
    stay together, and each chain lists its sets shortest first."""
    i0 = 0
    while i0 < len(sets) and not sets[i0]:
        i0 += 1
    num_empty = i0
    if i0 == len(sets):
        return [list(sets)]
    orig: list = [None]
    masks: list = [None]
    adjacency: list = [None]
    j_size, j = 0, 0
    for cand in sets[i0:]:
        cset = frozenset(cand)
        dup_of = 0
        if j_size == len(cand):
            for k in range(j, len(orig)):
                if masks[k] == cset:
                    dup_of = k
                    break
        elif j_size < len(cand):
            j_size = len(cand)
            j = len(orig)
        if dup_of:
            orig[dup_of].append(cand)
            continue
        orig.append([cand])
        masks.append(cset)
        # PostgreSQL fills the list from k = j-1 down and scans it from the
        # end: the scan order is ascending k
        adj = [k for k in range(1, j) if masks[k] <= cset]
        adjacency.append(adj or None)
    num_sets = len(orig) - 1
    pair_uv, pair_vu = bipartite_match(num_sets, adjacency)
    chains = [0] * (num_sets + 1)
    num_chains = 0
    for i in range(1, num_sets + 1):
        u, v = pair_vu[i], pair_uv[i]
        if 0 < u < i:
            chains[i] = chains[u]
        elif 0 < v < i:
            chains[i] = chains[v]
        else:
            num_chains += 1
            chains[i] = num_chains
    results: list[list] = [[] for _ in range(num_chains + 1)]
    for i in range(1, num_sets + 1):
        results[chains[i]].extend(orig[i])
    results[1] = [[] for _ in range(num_empty)] + results[1]
    return results[1:]


def reorder_grouping_sets(sets: list[list[int]], sort_refs: list[int]) -> list[list[int]]:
    """Give a chain's sets (shortest first) a common column order, each set
    a prefix of the next, following ``sort_refs`` (ORDER BY) while it fits;
    the result is largest first (reorder_grouping_sets)."""
    previous: list[int] = []
    result: list[list[int]] = []
    sort_refs = list(sort_refs)
    for cand in sets:
        new_elems = [x for x in cand if x not in previous]
        while len(sort_refs) > len(previous) and new_elems:
            ref = sort_refs[len(previous)]
            if ref in new_elems:
                previous.append(ref)
                new_elems.remove(ref)
            else:
                sort_refs = []
                break
        previous = previous + new_elems
        result.insert(0, list(previous))
    return result


# ---------------------------------------------------------------- entry
def plan_rollups(q: N.Query, cat, hashagg: bool = True) -> tuple[Rollup, ...]:
    """The passes of a grouping-sets Agg for ``q`` (preprocess_grouping_sets
    and consider_groupingsets_paths, INV-GSET-6).  Sets with a column that
    cannot be sorted are hashed (an unsortable and unhashable mix is an
    error).  With ``hashagg`` (enable_hashagg) and nothing that needs sorted
    input -- every column hashable, no aggregate with DISTINCT or ORDER BY
    -- every non-empty set is hashed, as PostgreSQL's cost model chooses
    for inputs that fit in hash_mem; the empty sets then form a sorted pass
    of their own (MixedAggregate).  Otherwise sortable sets are sorted."""
    from pgref.analyzer.grouping import type_is_hashable
    sets = [list(s) for s in q.grouping_sets]
    keys = q.group_keys
    unsortable = set(getattr(q, "group_unsortable", ()) or ())
    unhashable = {i for i, e in enumerate(q.group_by) if not type_is_hashable(cat, e.typ)}
    for s in sets:
        if unsortable & set(s) and unhashable & set(s):
            raise PgError(FEATURE_NOT_SUPPORTED, "could not implement GROUP BY",
                          detail="Some of the datatypes only support hashing, while others only support sorting.")
    hashed_sets = [s for s in sets if unsortable & set(s)]
    sorted_sets = [s for s in sets if not (unsortable & set(s))]
    out: list[Rollup] = []
    chains = extract_rollup_sets(sorted_sets) if sorted_sets else []
    sort_refs = []
    for i, k in enumerate(q.sort):
        # ORDER BY as grouping positions (a key that is no grouping column
        # matches nothing and ends the prefix)
        sort_refs.append(q.group_by.index(k.expr) if k.expr in q.group_by else -1 - i)
    ordered = [reorder_grouping_sets(c, sort_refs if len(chains) == 1 else []) for c in chains]
    ordered_aggs = any(a.order or a.distinct for a in q.aggs)
    if hashed_sets and ordered_aggs:
        # the unsortable sets must be hashed, which such aggregates forbid
        raise PgError(FEATURE_NOT_SUPPORTED, "could not implement GROUP BY",
                      detail="Some of the datatypes only support hashing, while others only support sorting.")
    can_hash = hashagg and not ordered_aggs and not any(unhashable & set(c[0]) for c in ordered if c)
    if can_hash and any(s for c in ordered for s in c):
        all_hashed = list(hashed_sets) + [s for c in ordered for s in c]
        hashed = [s for s in all_hashed if s]
        empties = [s for s in all_hashed if not s]
        out.append(Rollup((), (), tuple(tuple(s) for s in hashed), hashed=True))
        if empties:
            out.append(Rollup((), (), tuple(() for _ in empties)))
        return tuple(out)
    for c in ordered:
        top = c[0]
        out.append(Rollup(tuple(top), tuple(keys[i] for i in top), tuple(tuple(s) for s in c)))
    if hashed_sets:
        out.insert(0, Rollup((), (), tuple(tuple(s) for s in hashed_sets), hashed=True))
    return tuple(out)


def rollup_order_satisfies(rollups, q: N.Query) -> bool:
    """Does a single sorted rollup already return its rows in ORDER BY's
    order?  Its rows are sorted by its columns with each subtotal row
    (NULL, nulls last) after the rows it sums, so an ORDER BY that is a
    prefix of its sort keys (NULLS LAST) needs no Sort
    (create_groupingsets_path's pathkeys)."""
    if len(rollups) != 1 or rollups[0].hashed or not q.sort:
        return False
    r = rollups[0]
    if len(q.sort) > len(r.keys):
        return False
    for k, pos, rk in zip(q.sort, r.keys, r.sort_keys):
        if k.expr != q.group_by[pos] or k.descending != rk.descending or k.nulls_first or k.cmpfunc != rk.cmpfunc:
            return False
    return True


def grouping_func_refs(q: N.Query) -> tuple:
    """(GroupingFunc, positions of its arguments in group_by) for the Agg."""
    out = []
    for g in getattr(q, "grouping_funcs", None) or ():
        refs = []
        for a in g.args:
            if a not in q.group_by:
                raise PgError(FEATURE_NOT_SUPPORTED, "GROUPING argument is not a grouping column")
            refs.append(q.group_by.index(a))
        out.append((g, tuple(refs)))
    return tuple(out)


def grouped_consts_as_refs(q: N.Query, exprs: tuple) -> tuple:
    """Output columns that *are* a grouping column read it from the Agg's
    row by position (set_upper_references matches grouping columns by
    their sortgroupref), so each goes NULL in the sets that do not group
    it -- also a constant, which the row layout's lookup by equality
    leaves alone, and the second of two equal columns grouped separately."""
    tles = getattr(q, "group_tles", None) or {}
    out = []
    for i, e in enumerate(exprs):
        g = tles.get(i)
        if g is None and isinstance(e, N.Const) and e in q.group_by:
            g = q.group_by.index(e)
        out.append(N.Var(-1, g + 1, e.typ) if g is not None and q.group_by[g] == e else e)
    return tuple(out)


def explain_grouping_sets(plan, show_expr, show_sort_key, shown: int | None = None):
    """EXPLAIN's text for a grouping-sets Agg (explain.c
    show_grouping_sets): the node name, its properties -- one ``Group Key``
    per set of the first rollup, then for each further rollup its ``Sort
    Key`` and, indented, its sets -- and the children to print (the Sort of
    the input for the first sorted rollup)."""
    from pgref.planner import plan as P

    # columns the grouping check added (functionally dependent on a grouped
    # primary key) are carried along but are no grouping keys to show
    shown = len(plan.group_exprs) if shown is None else shown

    def keys_of(s):
        s = [i for i in s if i < shown]
        return ", ".join(show_expr(plan.group_exprs[i]) for i in s) if s else "()"

    rollups = list(plan.rollups)
    sorted_r = [r for r in rollups if not r.hashed]
    hashed_r = [r for r in rollups if r.hashed]
    props = []
    if sorted_r and hashed_r:
        name = "MixedAggregate"
    elif hashed_r:
        name = "HashAggregate"
    elif not any(s for r in rollups for s in r.sets):
        name = "Aggregate"
    else:
        name = "GroupAggregate"
    for r in hashed_r:
        for s in r.sets:
            props.append(("Hash Key", keys_of(s)))
    for n, r in enumerate(sorted_r):
        if n == 0:
            for s in r.sets:
                props.append(("Group Key", keys_of(s)))
        else:
            props.append(("Sort Key", ", ".join(show_sort_key(k) for i, k in zip(r.keys, r.sort_keys) if i < shown)))
            for s in r.sets:
                props.append(("  Group Key", keys_of(s)))
    child = plan.child
    if sorted_r and sorted_r[0].keys:
        first = sorted_r[0]
        # a constant key orders nothing (PostgreSQL drops it from the pathkeys)
        # (nor does a repeated one: equal expressions are one pathkey)
        skeys = []
        for i, k in zip(first.keys, first.sort_keys):
            if i < shown and not isinstance(k.expr, N.Const) and all(k.expr != o.expr for o in skeys):
                skeys.append(k)
        skeys = tuple(skeys)
        if skeys:
            child = P.Sort(layout=plan.child.layout, child=plan.child, positions=tuple(range(len(skeys))),
                           keys=skeys)
    return name, props, [child]

"""Partition pruning at plan time (a small part of PostgreSQL's
partprune.c): which leaf partitions of a partitioned table can hold rows
that satisfy a scan's constant quals.

Where it sits: ``planner/`` (spec/09-engine.md, "Declarative
partitioning").  ``Planner.plan_base`` asks :func:`surviving_members` for
the members of a partitioned table's Append; partitioned tables
themselves are never scanned (INV-PART-1) and a leaf survives unless its
bound (or an ancestor's) provably excludes every row the quals accept.
Pruning is conservative: a qual it does not understand prunes nothing, so
the result is always a superset of the partitions holding matching rows
(INV-PART-4) -- the scans still apply every qual.

Understood quals, on a partition key column (not an expression) against a
constant of the key's type family: ``=``, ``<``, ``<=``, ``>``, ``>=``
(either operand order), ``IS NULL`` / ``IS NOT NULL``, ``= ANY (array)``,
and AND of those.

Entry point:
    surviving_members(cat, ectx, root_oid, rti, quals) -> list[int]   leaf OIDs in find_all_inheritors order
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.catalog import partbounds as PB
from pgref.catalog.inheritance import column_map
from pgref.errors import PgError
from pgref.types import oids as T

_FAMILIES = [{T.INT2OID, T.INT4OID, T.INT8OID}, {T.TEXTOID, T.VARCHAROID, T.BPCHAROID, T.NAMEOID},
             {T.FLOAT4OID, T.FLOAT8OID}]
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def _same_family(a: int, b: int) -> bool:
    return a == b or any(a in f and b in f for f in _FAMILIES)


def _strip(e):
    while isinstance(e, N.RelabelType):
        e = e.arg
    return e


class _Restriction:
    """What the quals say about one parent column: an interval, a set of
    possible values, NULL-ness."""

    def __init__(self):
        self.lo = None          # (value, inclusive)
        self.hi = None
        self.values = None      # list of possible values (= / = ANY)
        self.is_null = False
        self.not_null = False


def _restrictions(cat, rti: int, quals, key_types: dict[int, int]) -> dict[int, _Restriction]:
    out: dict[int, _Restriction] = {}

    def get(attno):
        return out.setdefault(attno, _Restriction())

    def visit(q):
        q = _strip(q)
        if isinstance(q, N.BoolExpr) and q.op == "and":
            for a in q.args:
                visit(a)
            return
        if isinstance(q, N.NullTest):
            v = _strip(q.arg)
            if isinstance(v, N.Var) and v.varno == rti and v.levelsup == 0 and v.varattno in key_types:
                if q.is_null:
                    get(v.varattno).is_null = True
                else:
                    get(v.varattno).not_null = True
            return
        if isinstance(q, N.OpExpr) and len(q.args) == 2:
            name = cat.operator(q.opno).name
            left, right = _strip(q.args[0]), _strip(q.args[1])
            if isinstance(right, N.Var) and isinstance(left, N.Const):
                left, right, name = right, left, _FLIP.get(name)
            if name not in _FLIP or not isinstance(left, N.Var) or not isinstance(right, N.Const):
                return
            if left.varno != rti or left.levelsup or left.varattno not in key_types:
                return
            if not _same_family(key_types[left.varattno], right.typ):
                return
            r = get(left.varattno)
            if right.value is None:
                r.values = []              # col op NULL: nothing passes
                return
            r.not_null = True
            if name == "=":
                r.values = [right.value] if r.values is None else [v for v in r.values if v == right.value]
            elif name in ("<", "<="):
                r.hi = _tighter(r.hi, (right.value, name == "<="), upper=True)
            else:
                r.lo = _tighter(r.lo, (right.value, name == ">="), upper=False)
            return
        if isinstance(q, N.ScalarArrayOpExpr) and q.use_or and cat.operator(q.opno).name == "=":
            left, right = _strip(q.args[0]), _strip(q.args[1])
            if isinstance(left, N.Var) and left.varno == rti and not left.levelsup and left.varattno in key_types \
                    and isinstance(right, N.Const) and right.value is not None \
                    and hasattr(right.value, "elements"):
                from pgref.analyzer.coerce import elem_of
                if not _same_family(key_types[left.varattno], elem_of(cat, right.typ) or 0):
                    return
                vals = [v for v in _flat(right.value.elements) if v is not None]
                r = get(left.varattno)
                r.not_null = True
                r.values = vals if r.values is None else [v for v in r.values if v in vals]
    for q in quals:
        visit(q)
    return out


def _flat(elements):
    for e in elements:
        if isinstance(e, list):
            yield from _flat(e)
        else:
            yield e


def _tighter(cur, new, upper: bool):
    if cur is None:
        return new
    (cv, ci), (nv, ni) = cur, new
    if nv == cv:
        return (cv, ci and ni)
    if upper:
        return new if nv < cv else cur
    return new if nv > cv else cur


def _value_ok(r: _Restriction, v, cmp) -> bool:
    if r.lo is not None:
        c = cmp(v, r.lo[0])
        if c < 0 or (c == 0 and not r.lo[1]):
            return False
    if r.hi is not None:
        c = cmp(v, r.hi[0])
        if c > 0 or (c == 0 and not r.hi[1]):
            return False
    if r.values is not None and not any(cmp(v, w) == 0 for w in r.values):
        return False
    return True


def _may_hold(cmps, parent, part, restr: dict[int, _Restriction], siblings) -> bool:
    """Can ``part`` (a partition of ``parent``) hold a row the quals accept?
    ``restr`` is keyed by ``parent``'s attribute numbers."""
    key = parent.partkey
    b = part.partbound
    rs = [restr.get(a) if a else None for a in key.attnums]
    if b.is_default:
        # the default holds what no sibling does: prune it only when each
        # possible value of a single-column key belongs to a sibling
        r = rs[0]
        if len(rs) != 1 or r is None:
            return True
        if r.is_null:
            return not any(PB.row_in_bound(cmps, key, s.partbound, (None,)) for s in siblings
                           if not s.partbound.is_default)
        if r.values is None:
            return True
        return not all(any(PB.row_in_bound(cmps, key, s.partbound, (v,)) for s in siblings
                           if not s.partbound.is_default) for v in r.values)
    if any(r is not None and r.is_null for r in rs):
        if b.strategy == "l":
            return any(d is None for d in b.listdatums)
        return b.strategy == "h"
    if b.strategy == "l":
        r = rs[0]
        if r is None:
            return True
        return any(d is not None and _value_ok(r, d, cmps[0]) for d in b.listdatums)
    if b.strategy == "h":
        if cmps.hashers is None:
            return True
        if any(r is None or r.values is None or len(r.values) != 1 for r in rs):
            return True
        return PB.hash_row(key, [r.values[0] for r in rs], cmps.hashers) % b.modulus == b.remainder
    # range: the first key column lies within [lower[0], upper[0]] (exclusive
    # at the top when the key has one column)
    r = rs[0]
    if r is None:
        return True
    (lk, lv), (uk, uv) = b.lower[0], b.upper[0]
    cmp = cmps[0]
    single = len(rs) == 1
    if r.values is not None:
        def inside(v):
            if lk == PB.MAXVALUE or uk == PB.MINVALUE:
                return False
            if lk == PB.VALUE and cmp(v, lv) < 0:
                return False
            if uk == PB.VALUE and (cmp(v, uv) >= 0 if single else cmp(v, uv) > 0):
                return False
            return _value_ok(r, v, cmp)
        return any(inside(v) for v in r.values)
    if r.hi is not None and lk == PB.VALUE:
        c = cmp(r.hi[0], lv)
        if c < 0 or (c == 0 and not r.hi[1]):
            return False
    if r.lo is not None and uk == PB.VALUE:
        c = cmp(r.lo[0], uv)
        if c > 0 or (c == 0 and (single or not r.lo[1])):
            return False
    return True


def order_quals(quals) -> list:
    """Quals with subqueries last (order_qual_clauses puts the costly ones
    after the cheap ones), so a partition's scan filters rows by its plain
    conditions before running a subplan per row."""
    from pgref.analyzer.funcs import _walk

    def costly(q) -> bool:
        return any(isinstance(x, N.SubLink) for x in _walk([q]))
    return sorted(quals, key=costly)


def surviving_members(cat, ectx, root_oid: int, rti: int, quals) -> list[int]:
    """The leaf partitions under partitioned table ``root_oid`` a scan with
    ``quals`` (on range-table entry ``rti``, in the root's columns) must
    visit, depth first in each table's partition order (PostgreSQL's
    expand_partitioned_rtentry)."""
    from pgref.catalog.inheritance import inheritance_children
    root = cat.relations[root_oid]
    all_types = {c.attnum: c.typ for c in root.columns if not c.dropped}
    base = _restrictions(cat, rti, quals, all_types)
    out: list[int] = []

    def expand(parent) -> None:
        parts = [cat.relations[o] for o in inheritance_children(cat, parent.oid)]
        parts = [p for p in parts if p.partbound is not None]
        try:
            cmps = PB.key_comparators(ectx, parent.partkey, hashers=False)
        except PgError:
            cmps = None                   # no comparison for the key type: nothing is pruned
        if cmps is not None and parent.partkey.strategy == "h" and not any(o >= 16384 for o in
                                                                          parent.partkey.opclasses):
            cmps.hashers = PB.key_hashers(ectx, parent.partkey)      # the built-in ones need no session
        # the root's restrictions in this table's attribute numbers
        if parent.oid == root_oid:
            restr = base
        else:
            pmap = column_map(cat, root_oid, parent.oid)
            restr = {pmap[a - 1]: r for a, r in base.items() if pmap[a - 1]}
        ordered = PB.ordered_partitions(cmps, parent.partkey, parts) if cmps is not None else parts
        for part in ordered:
            if cmps is not None and not _may_hold(cmps, parent, part, restr, parts):
                continue
            if part.partkey is not None:
                expand(part)
            else:
                out.append(part.oid)
    expand(root)
    return out


__all__ = ["surviving_members", "order_quals"]

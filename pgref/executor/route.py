"""Tuple routing and partition constraints (PostgreSQL's execPartition.c:
ExecFindPartition, and execMain.c: ExecPartitionCheck).

Where it sits: ``executor/`` (spec/09-engine.md, "Declarative
partitioning").  A row inserted into a partitioned table is stored in
exactly one leaf partition, found level by level from the partition key
(INV-PART-1: a partitioned table stores no rows of its own).  A row
written directly into a partition must satisfy the partition's bound and
every ancestor's (INV-PART-3), which is what ``partition_ok`` checks.

Rows travel in the column order of the table they are addressed to;
moving between a parent and a partition maps columns by name
(``catalog.inheritance.column_map``, INV-INH-1): a partition may store
the parent's columns at other attribute numbers (dropped columns, ATTACH
of a table built separately).

Entry points:
    Router(ectx).route(rel, row) -> (leaf_rel, leaf_row)   (23514 when no partition accepts the row)
    Router(ectx).partition_ok(rel, row) -> bool              (the partition constraint of ``rel``)
    partition_violation(ectx, rel, row) -> PgError           ('new row for relation "p" violates partition constraint')
"""
from __future__ import annotations

from pgref.catalog import partbounds as PB
from pgref.catalog.inheritance import column_map, inheritance_children
from pgref.errors import CHECK_VIOLATION, PgError


class Router:
    """Per-statement routing state: comparators, compiled key expressions
    and column maps, each computed once per table."""

    def __init__(self, ectx):
        self.ectx = ectx
        self.cat = ectx.cat
        self._cmps: dict[int, list] = {}
        self._exprs: dict[int, list] = {}
        self._maps: dict[tuple[int, int], tuple] = {}
        self._parts: dict[int, list] = {}

    # ------------------------------------------------------------ helpers
    def cmps(self, parent) -> list:
        got = self._cmps.get(parent.oid)
        if got is None:
            got = self._cmps[parent.oid] = PB.key_comparators(self.ectx, parent.partkey)
        return got

    def key_values(self, parent, row) -> tuple:
        """FormPartitionKeyDatum: the key columns and expressions of ``row``
        (a row of ``parent``)."""
        key = parent.partkey
        exprs = self._exprs.get(parent.oid)
        if exprs is None:
            exprs = self._exprs[parent.oid] = compile_key_exprs(self.ectx, parent)
        out = []
        e_i = 0
        for a in key.attnums:
            if a:
                out.append(row[a - 1])
            else:
                out.append(exprs[e_i](row))
                e_i += 1
        return tuple(out)

    def cmap(self, parent_oid: int, child_oid: int) -> tuple:
        got = self._maps.get((parent_oid, child_oid))
        if got is None:
            got = self._maps[(parent_oid, child_oid)] = column_map(self.cat, parent_oid, child_oid)
        return got

    def to_child(self, parent, child, row) -> tuple:
        cmap = self.cmap(parent.oid, child.oid)
        if cmap == tuple(range(1, len(child.columns) + 1)):
            return tuple(row)
        out = [None] * len(child.columns)
        for i, a in enumerate(cmap):
            if a:
                out[a - 1] = row[i]
        return tuple(out)

    def to_parent(self, parent, child, row) -> tuple:
        cmap = self.cmap(parent.oid, child.oid)
        return tuple(row[a - 1] if a else None for a in cmap)

    def partitions(self, parent) -> list:
        got = self._parts.get(parent.oid)
        if got is None:
            got = self._parts[parent.oid] = [self.cat.relations[o]
                                             for o in inheritance_children(self.cat, parent.oid)]
        return got

    def accepts(self, parent, part, kv) -> bool:
        """Does ``part`` (a partition of ``parent``) take a row with key ``kv``?"""
        cmps = self.cmps(parent)
        b = part.partbound
        if not b.is_default:
            return PB.row_in_bound(cmps, parent.partkey, b, kv)
        return not any(PB.row_in_bound(cmps, parent.partkey, s.partbound, kv)
                       for s in self.partitions(parent) if s.oid != part.oid and not s.partbound.is_default)

    # ------------------------------------------------------------ routing
    def route(self, rel, row):
        """The leaf partition of partitioned table ``rel`` that ``row``
        (in ``rel``'s column order) belongs to, and the row in its order."""
        while rel.partkey is not None:
            kv = self.key_values(rel, row)
            parts = self.partitions(rel)
            chosen = None
            default = None
            for p in parts:
                if p.partbound.is_default:
                    default = p
                elif PB.row_in_bound(self.cmps(rel), rel.partkey, p.partbound, kv):
                    chosen = p
                    break
            chosen = chosen or default
            if chosen is None:
                raise self.no_partition(rel, kv)
            row = self.to_child(rel, chosen, row)
            rel = chosen
        return rel, row

    def no_partition(self, rel, kv) -> PgError:
        from pgref.executor.modify import _text
        key = rel.partkey
        names = ", ".join(PB._key_col_text(self.cat, rel, key, i) if key.attnums[i] else
                          PB._key_col_text(self.cat, rel, key, i) for i in range(len(key.attnums)))
        vals = ", ".join(_text(self.ectx, t, v) for t, v in zip(key.types, kv))
        return PgError(CHECK_VIOLATION, f'no partition of relation "{rel.name}" found for row',
                       detail=f"Partition key of the failing row contains ({names}) = ({vals}).",
                       table=rel.name)

    def partition_ok(self, rel, row) -> bool:
        """ExecPartitionCheck: ``row`` (of partition ``rel``) satisfies the
        bounds of ``rel`` and of each partitioned ancestor."""
        while rel.partbound is not None and rel.parents:
            parent = self.cat.relations[rel.parents[0]]
            prow = self.to_parent(parent, rel, row)
            if not self.accepts(parent, rel, self.key_values(parent, prow)):
                return False
            rel, row = parent, prow
        return True


def compile_key_exprs(ectx, rel) -> list:
    """The partition key's expressions compiled against ``rel``'s row."""
    key = rel.partkey
    if not key.exprs:
        return []
    from pgref.analyzer.parse_state import table_parse_state
    from pgref.executor.expr import Layout, compile_expr
    layout = Layout(tuple(("v", 1, i + 1) for i in range(len(rel.columns))))
    ea = ectx.session.expr_analyzer()
    out = []
    for raw in key.exprs:
        e = ea.transform(table_parse_state(rel), raw)
        out.append(compile_expr(e, layout, ectx))
    return out


def partition_violation(ectx, rel, row) -> PgError:
    from pgref.executor.modify import failing_row
    return PgError(CHECK_VIOLATION, f'new row for relation "{rel.name}" violates partition constraint',
                   detail=failing_row(ectx, rel, row), table=rel.name)


__all__ = ["Router", "compile_key_exprs", "partition_violation"]

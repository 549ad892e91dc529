"""Table inheritance in the catalog: who inherits from whom, and how a
child's columns line up with its parent's (PostgreSQL's pg_inherits.c and
the attribute mapping of tupconvert.c / prepunion.c).

Where it sits: ``catalog/`` (spec/09-engine.md, "Inheritance").  A
relation lists its direct parents in ``Relation.parents`` (pg_inherits rows
in ``inhseqno`` order); children are found by looking for relations that
name a table as a parent.  The planner asks ``find_all_inheritors`` which
tables a scan of ``t`` (not ``ONLY t``) covers, and ``column_map`` how each
of them stores the parent's columns: a child stores the inherited columns
under the same *names* but possibly at other attribute numbers (a column
merged from a second parent, a column dropped and re-added ...), so rows
are always translated by name (INV-INH-1).

Entry points:
    inheritance_children(cat, oid) -> list[int]      direct children, by OID
    find_all_inheritors(cat, oid) -> list[int]       oid itself, then every descendant once
    has_subclass(cat, oid) -> bool                    pg_class.relhassubclass (parents_with_children: all)
    column_map(cat, parent_oid, child_oid) -> tuple[int, ...]
                                   child attno for each parent attno (0 = dropped in the parent)
"""
from __future__ import annotations


def inheritance_children(cat, oid: int) -> list[int]:
    """Direct children of ``oid``, in OID order (find_inheritance_children
    sorts them by OID, so scans visit children in creation order)."""
    return sorted(r.oid for r in cat.relations.values() if oid in r.parents)


def has_subclass(cat, oid: int) -> bool:
    return any(oid in r.parents for r in cat.relations.values())


def parents_with_children(cat) -> set[int]:
    """Every table that has at least one child (relhassubclass), at once."""
    return {p for r in cat.relations.values() for p in r.parents}


def find_all_inheritors(cat, oid: int) -> list[int]:
    """``oid`` followed by all its descendants, breadth first, each once
    (a table reached through two parents -- diamond inheritance -- is
    scanned once), as PostgreSQL's find_all_inheritors."""
    out = [oid]
    seen = {oid}
    i = 0
    while i < len(out):
        for child in inheritance_children(cat, out[i]):
            if child not in seen:
                seen.add(child)
                out.append(child)
        i += 1
    return out


def all_ancestors(cat, oid: int) -> set[int]:
    """Every table ``oid`` inherits from, directly or not."""
    out: set[int] = set()
    stack = list(cat.relations[oid].parents) if oid in cat.relations else []
    while stack:
        p = stack.pop()
        if p in out:
            continue
        out.add(p)
        rel = cat.relations.get(p)
        if rel is not None:
            stack.extend(rel.parents)
    return out


def column_map(cat, parent_oid: int, child_oid: int) -> tuple[int, ...]:
    """INV-INH-1: for each attribute of the parent (attnum order, dropped
    ones included), the child's attribute number of the column with the
    same name, or 0 for a column dropped in the parent."""
    parent = cat.relation(parent_oid)
    child = cat.relation(child_oid)
    out = []
    for c in parent.columns:
        if c.dropped:
            out.append(0)
            continue
        cc = child.column(c.name)
        if cc is None:
            from pgref.errors import INTERNAL_ERROR, PgError
            raise PgError(INTERNAL_ERROR, f'could not find inherited attribute "{c.name}" of relation '
                          f'"{child.name}"')
        out.append(cc.attnum)
    return tuple(out)

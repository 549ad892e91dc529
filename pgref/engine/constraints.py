"""CHECK and FOREIGN KEY enforcement (PostgreSQL's ExecConstraints and the
RI triggers of ri_triggers.c).

Where it sits: ``engine/`` (spec/07-executor.md, "Constraints").  CHECK
expressions are stored as raw ASTs in the catalog and analyzed against the
table's own columns (range-table entry 1).  Foreign keys are checked when a
referencing row is written -- through the referenced table's unique index,
never a scan (INV-CON-1) -- and when a referenced row is updated or deleted,
where ON UPDATE / ON DELETE decide: NO ACTION and RESTRICT raise 23503,
CASCADE deletes or updates the referencing rows, SET NULL / SET DEFAULT
rewrite them.  All checks are immediate (DEFERRABLE is not supported yet).
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.analyzer.parse_state import table_parse_state
from pgref.errors import FEATURE_NOT_SUPPORTED, FOREIGN_KEY_VIOLATION, PgError


def analyze_check(session, rel, raw) -> N.Expr:
    ea = session.expr_analyzer()
    ps = table_parse_state(rel)
    ps.agg_allowed = "check constraints"
    from pgref.analyzer.expr import expr_location
    e = ea.coerce_to_boolean(ea.transform(ps, raw), "CHECK", expr_location(raw))
    if ps.has_sublinks:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in check constraint")
    return e


def compile_check(ectx, rel, con):
    from pgref.executor.expr import Layout, compile_expr
    e = analyze_check(ectx.session, rel, con.check)
    layout = Layout(tuple(("v", 1, i + 1) for i in range(len(rel.columns))))
    return compile_expr(e, layout, ectx)


def _unique_index_on(rel, cols: list[int]):
    for idx in rel.indexes:
        if idx.unique and idx.predicate is None and sorted(idx.columns) == sorted(cols):
            return idx
    return None


def _key_text(ectx, rel, cols, key) -> tuple[str, str]:
    from pgref.executor.modify import _text
    names = ", ".join(rel.columns[a - 1].name for a in cols)
    vals = ", ".join(_text(ectx, rel.columns[a - 1].typ, v) for a, v in zip(cols, key))
    return names, vals


def check_fk_insert(ectx, rel, con, key: tuple) -> None:
    """A referencing row's key must exist in the referenced table (MATCH
    SIMPLE: a key with any NULL is not checked)."""
    if any(v is None for v in key):
        if con.match == "f" and not all(v is None for v in key):
            raise PgError(FOREIGN_KEY_VIOLATION,
                          f'insert or update on table "{rel.name}" violates foreign key constraint "{con.name}"',
                          detail="MATCH FULL does not allow mixing of null and nonnull key values.")
        return
    pk = ectx.cat.relation(con.ref_relid)
    idx = _unique_index_on(pk, con.ref_columns)
    heap = ectx.tables.heap(pk.oid)
    # order the key like the index columns
    pos = {a: i for i, a in enumerate(con.ref_columns)}
    ikey = tuple(key[pos[a]] for a in idx.columns)
    index = ectx.tables.index(idx.oid)
    for tid in index.find_equal(ikey):
        got = heap.fetch(tid)
        if got is not None and ectx.session.tuple_is_live(got[0]):
            return
    names, vals = _key_text(ectx, rel, con.columns, key)
    raise PgError(FOREIGN_KEY_VIOLATION,
                  f'insert or update on table "{rel.name}" violates foreign key constraint "{con.name}"',
                  detail=f'Key ({names})=({vals}) is not present in table "{pk.name}".',
                  table=rel.name, constraint=con.name)


def referencing_actions(ectx, rel, old: tuple, new: tuple | None, planner=None) -> None:
    """``old`` of ``rel`` is being deleted (new None) or updated to ``new``:
    apply every foreign key that references ``rel``."""
    from pgref.executor.modify import TableModifier
    for other in list(ectx.cat.relations.values()):
        for con in other.constraints:
            if con.kind != "f" or con.ref_relid != rel.oid:
                continue
            oldkey = tuple(old[a - 1] for a in con.ref_columns)
            if any(v is None for v in oldkey):
                continue
            if new is not None and tuple(new[a - 1] for a in con.ref_columns) == oldkey:
                continue
            action = con.on_delete if new is None else con.on_update
            rows = list(_referencing_rows(ectx, other, con, oldkey))
            if not rows:
                continue
            if action in ("a", "r"):
                names, vals = _key_text(ectx, rel, con.ref_columns, oldkey)
                raise PgError(FOREIGN_KEY_VIOLATION,
                              f'update or delete on table "{rel.name}" violates foreign key constraint '
                              f'"{con.name}" on table "{other.name}"',
                              detail=f'Key ({names})=({vals}) is still referenced from table "{other.name}".',
                              table=other.name, constraint=con.name)
            tm = TableModifier(ectx, other, planner)
            for tid, row in rows:
                if action == "c" and new is None:
                    tm.delete(tid, row)
                    continue
                updated = list(row)
                for i, a in enumerate(con.columns):
                    if action == "c":
                        updated[a - 1] = new[con.ref_columns[i] - 1]
                    elif action == "n":
                        updated[a - 1] = None
                    else:
                        updated[a - 1] = ectx.session.column_default_value(ectx, other, other.columns[a - 1])
                tm.update(tid, row, tuple(updated))


def _referencing_rows(ectx, rel, con, key):
    heap = ectx.tables.heap(rel.oid)
    vis = ectx.session.tuple_is_live
    idx = None
    for i in rel.indexes:
        # a btree: its entries are exact (a hash index's are candidates only)
        # and whole (a partial index does not hold every row)
        if i.columns[:len(con.columns)] == con.columns and i.am == "btree" and i.predicate is None:
            idx = i
            break
    if idx is not None:
        index = ectx.tables.index(idx.oid)
        for tid in index.scan_tids(tuple(key), None, None):
            got = heap.fetch(tid)
            if got is not None and vis(got[0]):
                yield tid, got[1]
        return
    for tid, hdr, row in heap.scan():
        if vis(hdr) and tuple(row[a - 1] for a in con.columns) == key:
            yield tid, row

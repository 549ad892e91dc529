"""Table inheritance DDL: CREATE TABLE ... INHERITS, ALTER TABLE ... INHERIT /
NO INHERIT, and the recursion of ALTER TABLE and DROP through a table's
children (PostgreSQL's tablecmds.c: MergeAttributes, ATExecAddInherit,
ATExecDropInherit, and the ``recurse`` paths of ATExecAddColumn,
ATExecDropColumn, ATExecAddConstraint, ATExecDropConstraint,
ATPrepAlterColumnType, renameatt).

Where it sits: ``engine/`` (spec/09-engine.md, "Inheritance").  The catalog
side is ``catalog/inheritance.py`` (who inherits from whom, column maps);
the query side is the planner's Append over a table and its descendants
and the executor's per-table modifiers.  This module keeps the catalog
bookkeeping PostgreSQL keeps:

* ``Relation.parents`` are the pg_inherits rows (``inhseqno`` = position);
* ``Column.inhcount`` / ``islocal`` are attinhcount / attislocal: a column
  exists in a child while some parent defines it or the child itself does;
* ``Constraint.inhcount`` / ``islocal`` likewise for CHECK constraints
  (NO INHERIT constraints are never copied).

Worked example (CREATE TABLE c (b text, d int) INHERITS (p1, p2) with
p1(a int not null, b text) and p2(a int, c int)):

    inherited:  a (from p1)  b (p1)  +a (p2: "merging multiple inherited
                definitions")  c (p2)
    local:      b merges into inherited b (it was written first, inherited
                b is second: "moving and merging column"), d is new
    result:     a inh 2 local f, b inh 1 local t, c inh 1, d local

Invariants (spec/09-engine.md):
  INV-INH-2  a child has every live column of each parent, same name and
             type; a column with inhcount > 0 cannot be dropped, retyped or
             renamed on its own (42P16).
  INV-INH-3  inheritance is acyclic: INHERIT refuses a parent that is the
             table itself or one of its descendants (42P07).

Entry points:
    inherit_columns(session, rel, parents_rv) -> list[Relation]   (CREATE TABLE, before local columns)
    merge_local_column(builder, cd, local_position) -> bool        (a local column named like an inherited one)
    inherit_constraints(builder, parents)                           (CREATE TABLE, before local constraints)
    alter_cmd(session, rel, cmd, recurse) -> bool                   (ALTER TABLE commands that recurse)
    check_rename_column / check_rename_constraint                   (ALTER TABLE ... RENAME)
    child_dependents(session, rel) -> list[Relation]                (DROP TABLE)
"""
from __future__ import annotations

from pgref.catalog.catalog import Column, Constraint
from pgref.catalog.inheritance import find_all_inheritors, inheritance_children
from pgref.errors import (DATATYPE_MISMATCH, DUPLICATE_COLUMN, DUPLICATE_OBJECT, DUPLICATE_TABLE,
                          INVALID_TABLE_DEFINITION, UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A

INVALID_COLUMN_DEFINITION = "42611"
INVALID_OBJECT_DEFINITION = "42P17"


def _notice(session, message: str, detail: str | None = None) -> None:
    session.notices.append(PgError("00000", message, detail=detail, severity="NOTICE"))


def _type_name(session, col) -> str:
    return session.db.cat.format_type(col.typ, col.typmod)


def _same_expr(a, b) -> bool:
    """Two raw expressions that differ at most in their locations."""
    return A.dump(a) == A.dump(b)


# ------------------------------------------------------------------ CREATE TABLE
def inherit_columns(session, rel, parent_rvs) -> list:
    """MergeAttributes, first half: check the parents and give ``rel`` their
    columns (in parent order, each name once), before any local column."""
    from pgref.engine.ddl import lookup_rel
    cat = session.db.cat
    parents = []
    for rv in parent_rvs:
        parent = lookup_rel(session, rv)
        if parent.kind != "r" or getattr(parent, "system", False):
            raise PgError(WRONG_OBJECT_TYPE, f'inherited relation "{parent.name}" is not a table or foreign table')
        if parent.persistence == "t" and rel.persistence != "t":
            raise PgError(WRONG_OBJECT_TYPE, f'cannot inherit from temporary relation "{parent.name}"')
        if parent.persistence == "t" and parent.namespace != session.temp_namespace():
            raise PgError(WRONG_OBJECT_TYPE, "cannot inherit from temporary relation of another session")
        if any(p.oid == parent.oid for p in parents):
            raise PgError(DUPLICATE_TABLE, f'relation "{parent.name}" would be inherited from more than once')
        parents.append(parent)
    for parent in parents:
        for pc in parent.live_columns():
            mine = rel.column(pc.name)
            if mine is not None:
                _notice(session, f'merging multiple inherited definitions of column "{pc.name}"')
                if mine.typ != pc.typ or mine.typmod != pc.typmod:
                    raise PgError(DATATYPE_MISMATCH, f'inherited column "{pc.name}" has a type conflict',
                                  detail=f"{_type_name(session, mine)} versus {_type_name(session, pc)}")
                from pgref.engine.reloptions import column_storage, storage_name
                if column_storage(cat, mine) != column_storage(cat, pc):
                    raise PgError(DATATYPE_MISMATCH, f'inherited column "{pc.name}" has a storage parameter conflict',
                                  detail=f"{storage_name(column_storage(cat, mine))} versus "
                                         f"{storage_name(column_storage(cat, pc))}")
                mine.inhcount += 1
                mine.notnull = mine.notnull or pc.notnull
                if bool(mine.generated) != bool(pc.generated):
                    raise PgError(DATATYPE_MISMATCH, f'inherited column "{pc.name}" has a generation conflict')
                if pc.default is not None:
                    if mine.default is None:
                        mine.default = pc.default
                    elif not _same_expr(mine.default, pc.default):
                        mine.conflicting_default = True  # type: ignore[attr-defined]
                continue
            rel.columns.append(Column(len(rel.columns) + 1, pc.name, pc.typ, pc.typmod, notnull=pc.notnull,
                                      default=pc.default, collation=pc.collation, inhcount=1, islocal=False,
                                      storage=pc.storage, compression=pc.compression,
                                      generated=pc.generated))     # engine/generated.py
    rel.parents = [p.oid for p in parents]
    cat.changed()
    return parents


def merge_local_column(builder, cd: A.ColumnDef, local_position: int) -> bool:
    """A column of the CREATE TABLE list whose name an inherited column
    already has: merge the two (MergeAttributes, second half).  Returns
    False when ``cd`` names no inherited column (the caller adds it)."""
    session, rel = builder.session, builder.rel
    col = rel.column(cd.colname)
    if col is None:
        return False
    if col.islocal:
        raise PgError(DUPLICATE_COLUMN, f'column "{cd.colname}" specified more than once')
    from pgref.engine.ddl import resolve_type
    if col.attnum == local_position:
        _notice(session, f'merging column "{cd.colname}" with inherited definition')
    else:
        _notice(session, f'moving and merging column "{cd.colname}" with inherited definition',
                detail="User-specified column moved to the position of the inherited column.")
    typ, typmod = resolve_type(session, cd.type_name)
    if typ != col.typ or typmod != col.typmod:
        raise PgError(DATATYPE_MISMATCH, f'column "{cd.colname}" has a type conflict',
                      detail=f"{_type_name(session, col)} versus {session.db.cat.format_type(typ, typmod)}")
    if cd.compression is not None:
        # MergeAttributes compares the names before GetAttributeCompression checks them
        from pgref.engine.reloptions import check_compression_merge
        check_compression_merge(session.db.cat, col, cd.compression)
    from pgref.engine.generated import merge_local
    merge_local(col, cd)                       # an inherited generated column (engine/generated.py)
    col.islocal = True
    if any(c.contype == "default" for c in cd.constraints):
        col.default = None                     # the local default wins
        col.__dict__.pop("conflicting_default", None)
    for con in cd.constraints:
        builder.column_constraint(col, con)
    return True


def check_defaults(rel) -> None:
    for c in rel.columns:
        if getattr(c, "conflicting_default", False) and c.generated:
            raise PgError(INVALID_COLUMN_DEFINITION, f'column "{c.name}" inherits conflicting generation expressions')
        if getattr(c, "conflicting_default", False):
            raise PgError(INVALID_COLUMN_DEFINITION, f'column "{c.name}" inherits conflicting default values',
                          hint="To resolve the conflict, specify a default explicitly.")


def inherit_constraints(builder, parents) -> None:
    """Copy the parents' inheritable CHECK constraints (one per name: the
    same constraint reached through two parents is merged)."""
    rel, cat = builder.rel, builder.cat
    for parent in parents:
        for pc in parent.constraints:
            if pc.kind != "c" or pc.no_inherit:
                continue
            mine = next((c for c in rel.constraints if c.name == pc.name), None)
            if mine is not None:
                if not _same_expr(mine.check, pc.check):
                    raise PgError(DUPLICATE_OBJECT, f'check constraint name "{pc.name}" appears multiple times '
                                  "but with different expressions")
                mine.inhcount += 1
                continue
            rel.constraints.append(_copy_check(cat, rel, pc))
            builder.taken.add(pc.name)


def merge_local_constraint(builder, con: A.Constraint):
    """A local CHECK constraint named like an inherited one
    (MergeWithExistingConstraint): the same expression merges (the
    constraint becomes local too), another one is an error.  Returns the
    merged constraint, or None when there is none to merge with."""
    rel = builder.rel
    if con.contype != "check" or not con.conname:
        return None
    mine = next((c for c in rel.constraints if c.name == con.conname and c.inhcount > 0), None)
    if mine is None:
        return None
    if mine.kind != "c" or not _same_expr(mine.check, con.raw_expr):
        raise PgError(DUPLICATE_OBJECT, f'constraint "{con.conname}" for relation "{rel.name}" already exists')
    if con.is_no_inherit:
        raise PgError(INVALID_OBJECT_DEFINITION, f'constraint "{con.conname}" conflicts with inherited constraint '
                      f'on relation "{rel.name}"')
    _notice(builder.session, f'merging constraint "{con.conname}" with inherited definition')
    mine.islocal = True
    return mine


def merge_like_column(builder, lc, local_position: int) -> bool:
    """A LIKE column named like an inherited one merges with it, as a
    written column would (LIKE columns are local columns)."""
    session, rel = builder.session, builder.rel
    col = rel.column(lc.name)
    if col is None:
        return False
    if col.islocal:
        raise PgError(DUPLICATE_COLUMN, f'column "{lc.name}" specified more than once')
    if col.attnum == local_position:
        _notice(session, f'merging column "{lc.name}" with inherited definition')
    else:
        _notice(session, f'moving and merging column "{lc.name}" with inherited definition',
                detail="User-specified column moved to the position of the inherited column.")
    if lc.typ != col.typ or lc.typmod != col.typmod:
        raise PgError(DATATYPE_MISMATCH, f'column "{lc.name}" has a type conflict',
                      detail=f"{_type_name(session, col)} versus {_type_name(session, lc)}")
    col.islocal = True
    col.notnull = col.notnull or lc.notnull
    return True


def _copy_check(cat, rel, pc: Constraint) -> Constraint:
    cols = [rel.column(n).attnum for n in _column_names(cat, pc) if rel.column(n) is not None]
    return Constraint(cat.new_oid(), pc.name, "c", rel.oid, cols, check=pc.check, check_text=pc.check_text,
                      validated=pc.validated, inhcount=1, islocal=False)


def _column_names(cat, con: Constraint) -> list[str]:
    rel = cat.relations.get(con.relid)
    if rel is None:
        return []
    return [rel.columns[a - 1].name for a in con.columns if 0 < a <= len(rel.columns)]


# ------------------------------------------------------------------ DROP TABLE
def child_dependents(session, rel) -> list:
    """The direct inheritance children of ``rel`` (they depend on it:
    DROP needs CASCADE, which drops them too)."""
    cat = session.db.cat
    return [cat.relations[o] for o in inheritance_children(cat, rel.oid)]


def forget_parent(session, parent_oid: int) -> None:
    """After a parent is dropped: its surviving children (reached through
    another path of a CASCADE) no longer list it."""
    for r in session.db.cat.relations.values():
        if parent_oid in r.parents:
            r.parents = [p for p in r.parents if p != parent_oid]


# ------------------------------------------------------------------ ALTER TABLE
def alter_cmd(session, rel, cmd: A.AlterTableCmd, recurse: bool) -> bool:
    """Run one ALTER TABLE command that inheritance affects; returns False
    for commands (or tables) this module leaves to ``alter._alter_cmd``."""
    st = cmd.subtype
    if st == "add_inherit":
        add_inherit(session, rel, cmd.def_)
        return True
    if st == "drop_inherit":
        drop_inherit(session, rel, cmd.def_)
        return True
    cat = session.db.cat
    has_children = bool(inheritance_children(cat, rel.oid))
    if st == "add_column":
        return _add_column(session, rel, cmd, recurse, has_children)
    if st == "drop_column":
        return _drop_column(session, rel, cmd, recurse, has_children)
    if st == "add_constraint":
        return _add_constraint(session, rel, cmd, recurse, has_children)
    if st == "drop_constraint":
        return _drop_constraint(session, rel, cmd, recurse, has_children)
    if st == "alter_column_type":
        col = rel.column(cmd.name)
        if col is not None and col.inhcount > 0:
            raise PgError(INVALID_TABLE_DEFINITION, f'cannot alter inherited column "{cmd.name}"')
        if has_children and not recurse:
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'type of inherited column "{cmd.name}" must be changed in child tables too')
        if not has_children:
            return False
        members = find_all_inheritors(cat, rel.oid)
        covered = set(members)
        for oid in members[1:]:
            child = cat.relations[oid]
            cc = child.column(cmd.name)
            # a column the child also inherits from outside this tree
            if cc is not None and cc.inhcount > sum(1 for p in child.parents if p in covered):
                raise PgError(INVALID_TABLE_DEFINITION,
                              f'cannot alter inherited column "{cmd.name}" of relation "{child.name}"')
        _each_member(session, rel, cmd)
        return True
    if st in ("set_not_null", "drop_not_null", "column_default") and has_children and recurse:
        _each_member(session, rel, cmd)
        return True
    return False


def _each_member(session, rel, cmd) -> None:
    """Apply ``cmd`` to ``rel`` and every descendant (each once)."""
    from pgref.engine.alter import _alter_cmd
    cat = session.db.cat
    for oid in find_all_inheritors(cat, rel.oid):
        _alter_cmd(session, cat.relations[oid], cmd)


def _add_column(session, rel, cmd, recurse: bool, has_children: bool) -> bool:
    from pgref.engine.alter import _alter_cmd
    if not has_children:
        return False
    if not recurse:
        raise PgError(INVALID_TABLE_DEFINITION, "column must be added to child tables too")
    before = len(rel.columns)
    cons_before = {c.oid for c in rel.constraints}
    _alter_cmd(session, rel, cmd)
    if len(rel.columns) == before:           # ADD COLUMN IF NOT EXISTS found it
        return True
    col = rel.columns[-1]
    children = inheritance_children(session.db.cat, rel.oid)
    for child_oid in children:
        _add_inherited_column(session, session.db.cat.relations[child_oid], col)
    # the column's CHECK constraints follow, as separate ADD CONSTRAINTs do
    for con in [c for c in rel.constraints if c.oid not in cons_before and c.kind == "c" and not c.no_inherit]:
        for child_oid in children:
            _add_inherited_check(session, session.db.cat.relations[child_oid], rel, con)
    return True


def _add_inherited_column(session, child, pcol: Column) -> None:
    mine = child.column(pcol.name)
    if mine is not None:
        if mine.typ != pcol.typ or mine.typmod != pcol.typmod:
            raise PgError(DATATYPE_MISMATCH, f'child table "{child.name}" has different type for column '
                          f'"{pcol.name}"')
        _notice(session, f'merging definition of column "{pcol.name}" for child "{child.name}"')
        mine.inhcount += 1
        mine.notnull = mine.notnull or pcol.notnull
        return
    from pgref.engine.alter import _rewrite_rows, _visible_rows
    from pgref.errors import NOT_NULL_VIOLATION
    col = Column(len(child.columns) + 1, pcol.name, pcol.typ, pcol.typmod, notnull=pcol.notnull,
                 default=pcol.default, collation=pcol.collation, inhcount=1, islocal=False,
                 generated=pcol.generated)
    old_n = len(child.columns)
    child.columns.append(col)
    session.db.cat.changed()
    if col.default is not None:
        ectx = session.exec_context()
        rows = [row for _tid, row in _visible_rows(session, child)]
        _rewrite_rows(session, child, rows, lambda row: tuple(row[:old_n]) + (
            session.column_default_value(ectx, child, col),))
    elif col.notnull and any(True for _ in _visible_rows(session, child)):
        raise PgError(NOT_NULL_VIOLATION, f'column "{col.name}" of relation "{child.name}" contains null values')
    for grandchild in inheritance_children(session.db.cat, child.oid):
        _add_inherited_column(session, session.db.cat.relations[grandchild], col)


def _drop_column(session, rel, cmd, recurse: bool, has_children: bool, inherited_drop: bool = False) -> bool:
    from pgref.engine.alter import _alter_cmd
    col = rel.column(cmd.name)
    if col is None:
        return False                          # alter.py reports it (or skips IF EXISTS)
    if col.inhcount > 0 and not inherited_drop:
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot drop inherited column "{cmd.name}"')
    if not has_children:
        if inherited_drop:
            _alter_cmd(session, rel, cmd)
            return True
        return False
    cat = session.db.cat
    name = col.name
    _alter_cmd(session, rel, cmd)
    for child_oid in inheritance_children(cat, rel.oid):
        child = cat.relations[child_oid]
        cc = child.column(name)
        if cc is None:
            continue
        if recurse:
            if cc.inhcount == 1 and not cc.islocal:
                _drop_column(session, child, cmd, True, bool(inheritance_children(cat, child.oid)),
                             inherited_drop=True)
            else:
                cc.inhcount -= 1
        else:
            cc.inhcount -= 1
            cc.islocal = True
    return True


def _add_constraint(session, rel, cmd, recurse: bool, has_children: bool) -> bool:
    from pgref.engine.alter import _alter_cmd
    con_ast = cmd.def_
    if isinstance(con_ast, A.Constraint) and con_ast.contype == "primary" and has_children:
        before = {c.oid for c in rel.constraints}
        _alter_cmd(session, rel, cmd)
        for c in rel.constraints:
            if c.oid not in before and c.kind == "p":
                set_not_null_in_children(session, rel, c.columns)
        return True
    if not isinstance(con_ast, A.Constraint) or con_ast.contype != "check":
        return False
    if not has_children:
        return False
    if not recurse and not con_ast.is_no_inherit:
        raise PgError(INVALID_TABLE_DEFINITION, "constraint must be added to child tables too")
    before = {c.oid for c in rel.constraints}
    _alter_cmd(session, rel, cmd)
    added = [c for c in rel.constraints if c.oid not in before]
    if not added or added[0].no_inherit:
        return True
    for child_oid in inheritance_children(session.db.cat, rel.oid):
        _add_inherited_check(session, session.db.cat.relations[child_oid], rel, added[0])
    return True


def _add_inherited_check(session, child, parent, pcon: Constraint) -> None:
    cat = session.db.cat
    mine = next((c for c in child.constraints if c.name == pcon.name), None)
    if mine is not None:
        if mine.kind != "c" or not _same_expr(mine.check, pcon.check):
            raise PgError(DUPLICATE_OBJECT, f'constraint "{pcon.name}" for relation "{child.name}" already exists')
        if mine.no_inherit:
            raise PgError(INVALID_OBJECT_DEFINITION, f'constraint "{pcon.name}" conflicts with non-inherited '
                          f'constraint on relation "{child.name}"')
        if not mine.validated and pcon.validated:
            raise PgError(INVALID_OBJECT_DEFINITION, f'constraint "{pcon.name}" conflicts with NOT VALID constraint '
                          f'on relation "{child.name}"')
        _notice(session, f'merging constraint "{pcon.name}" with inherited definition')
        mine.inhcount += 1
        if child.partbound is not None:
            mine.islocal = False          # a partition's constraints are never local (PostgreSQL 15)
        return
    con = _copy_check(cat, child, pcon)
    from pgref.engine.alter import _visible_rows
    from pgref.engine.constraints import compile_check
    from pgref.errors import CHECK_VIOLATION
    f = compile_check(session.exec_context(), child, con)
    for _tid, row in (_visible_rows(session, child) if con.validated else ()):
        if f(row) is False:
            raise PgError(CHECK_VIOLATION, f'check constraint "{con.name}" of relation "{child.name}" '
                          "is violated by some row")
    child.constraints.append(con)
    for grandchild in inheritance_children(cat, child.oid):
        _add_inherited_check(session, cat.relations[grandchild], child, con)


def _drop_constraint(session, rel, cmd, recurse: bool, has_children: bool, inherited_drop: bool = False) -> bool:
    con = next((c for c in rel.constraints if c.name == cmd.name), None)
    if con is None:
        return False
    if con.inhcount > 0 and not inherited_drop:
        raise PgError(INVALID_TABLE_DEFINITION,
                      f'cannot drop inherited constraint "{cmd.name}" of relation "{rel.name}"')
    if con.kind != "c" or (not has_children and not inherited_drop):
        return False
    cat = session.db.cat
    rel.constraints = [c for c in rel.constraints if c is not con]
    cat.changed()
    if con.no_inherit:
        return True
    for child_oid in inheritance_children(cat, rel.oid):
        child = cat.relations[child_oid]
        cc = next((c for c in child.constraints if c.name == con.name and c.kind == "c"), None)
        if cc is None:
            continue
        if recurse:
            if cc.inhcount == 1 and not cc.islocal:
                _drop_constraint(session, child, cmd, True, bool(inheritance_children(cat, child.oid)),
                                 inherited_drop=True)
            else:
                cc.inhcount -= 1
        else:
            cc.inhcount -= 1
            cc.islocal = True
    return True


# ------------------------------------------------------------------ INHERIT / NO INHERIT
def add_inherit(session, rel, parent_rv: A.RangeVar) -> None:
    """ALTER TABLE child INHERIT parent (ATExecAddInherit): the child must
    already have every parent column (same type, NOT NULL where the parent
    has it) and every inheritable CHECK constraint; their inhcounts go up."""
    from pgref.engine.ddl import lookup_rel
    cat = session.db.cat
    parent = lookup_rel(session, parent_rv)
    if parent.kind != "r" or getattr(parent, "system", False):
        raise PgError(WRONG_OBJECT_TYPE, f'"{parent.name}" is not a table')
    if parent.persistence == "t" and rel.persistence != "t":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot inherit from temporary relation "{parent.name}"')
    if parent.persistence != "t" and rel.persistence == "t":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot inherit to temporary relation "{rel.name}"')
    # INV-INH-3: no cycles (the parent may not be the table or one of its descendants)
    if parent.oid == rel.oid or parent.oid in find_all_inheritors(cat, rel.oid):
        raise PgError(DUPLICATE_TABLE, "circular inheritance not allowed",
                      detail=f'"{parent.name}" is already a child of "{rel.name}".')
    if parent.oid in rel.parents:
        raise PgError(DUPLICATE_TABLE, f'relation "{parent.name}" would be inherited from more than once')
    matched = []
    for pc in parent.live_columns():
        cc = rel.column(pc.name)
        if cc is None:
            raise PgError(DATATYPE_MISMATCH, f'child table is missing column "{pc.name}"')
        if cc.typ != pc.typ or cc.typmod != pc.typmod:
            raise PgError(DATATYPE_MISMATCH, f'child table "{rel.name}" has different type for column "{pc.name}"')
        if pc.notnull and not cc.notnull:
            raise PgError(DATATYPE_MISMATCH, f'column "{pc.name}" in child table must be marked NOT NULL')
        if pc.generated:                # engine/generated.py (MergeAttributesIntoExisting)
            if not cc.generated:
                raise PgError(DATATYPE_MISMATCH, f'column "{pc.name}" in child table must be a generated column')
            if not _same_expr(cc.default, pc.default):
                raise PgError(DATATYPE_MISMATCH, f'column "{pc.name}" in child table has a conflicting generation '
                              'expression')
        matched.append(cc)
    cons = []
    for pcon in parent.constraints:
        if pcon.kind != "c" or pcon.no_inherit:
            continue
        cc = next((c for c in rel.constraints if c.name == pcon.name and c.kind == "c"), None)
        if cc is None:
            raise PgError(DATATYPE_MISMATCH, f'child table is missing constraint "{pcon.name}"')
        if not _same_expr(cc.check, pcon.check):
            raise PgError(DATATYPE_MISMATCH, f'child table "{rel.name}" has different definition for check '
                          f'constraint "{pcon.name}"')
        if cc.no_inherit:
            raise PgError(DATATYPE_MISMATCH, f'constraint "{pcon.name}" conflicts with non-inherited constraint '
                          f'on child table "{rel.name}"')
        cons.append(cc)
    for cc in matched:
        cc.inhcount += 1
    for cc in cons:
        cc.inhcount += 1
    rel.parents = rel.parents + [parent.oid]
    cat.changed()


def drop_inherit(session, rel, parent_rv: A.RangeVar) -> None:
    """ALTER TABLE child NO INHERIT parent (ATExecDropInherit): columns and
    constraints the parent gave lose one inheritance; those left with none
    become the child's own."""
    from pgref.engine.ddl import lookup_rel
    cat = session.db.cat
    parent = lookup_rel(session, parent_rv)
    if parent.oid not in rel.parents:
        raise PgError(UNDEFINED_TABLE, f'relation "{parent.name}" is not a parent of relation "{rel.name}"')
    for pc in parent.live_columns():
        cc = rel.column(pc.name)
        if cc is not None and cc.inhcount > 0:
            cc.inhcount -= 1
            if cc.inhcount == 0:
                cc.islocal = True
    for pcon in parent.constraints:
        if pcon.kind != "c" or pcon.no_inherit:
            continue
        cc = next((c for c in rel.constraints if c.name == pcon.name and c.kind == "c"), None)
        if cc is not None and cc.inhcount > 0:
            cc.inhcount -= 1
            if cc.inhcount == 0:
                cc.islocal = True
    rel.parents = [p for p in rel.parents if p != parent.oid]
    cat.changed()


# ------------------------------------------------------------------ RENAME COLUMN
def check_rename_column(session, rel, colname: str, recurse: bool) -> list:
    """renameatt's inheritance rules: an inherited column cannot be renamed
    alone (42P16); renaming a parent's column renames it in every
    descendant (ONLY with children: 42P16).  Returns the descendants whose
    column must be renamed too."""
    cat = session.db.cat
    col = rel.column(colname)
    if col is None:
        return []
    if col.inhcount > 0:
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot rename inherited column "{colname}"')
    members = find_all_inheritors(cat, rel.oid)[1:]
    if members and not recurse:
        raise PgError(INVALID_TABLE_DEFINITION, f'inherited column "{colname}" must be renamed in child tables too')
    covered = {rel.oid, *members}
    for oid in members:
        child = cat.relations[oid]
        cc = child.column(colname)
        # a column a descendant also inherits from a table outside this
        # tree cannot follow the rename (renameatt's expected_parents)
        if cc is not None and cc.inhcount > sum(1 for p in child.parents if p in covered):
            raise PgError(INVALID_TABLE_DEFINITION, f'cannot rename inherited column "{colname}"')
    return [cat.relations[o] for o in members]


def check_rename_constraint(session, rel, con, recurse: bool) -> list:
    """rename_constraint_internal's inheritance rules for a CHECK
    constraint: an inherited one cannot be renamed alone (42P16); renaming
    a parent's renames the descendants' copies, which ONLY refuses (42P16).
    Returns (table, constraint) pairs of the copies to rename."""
    if con.kind != "c":
        return []
    if con.inhcount > 0:
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot rename inherited constraint "{con.name}"')
    cat = session.db.cat
    members = find_all_inheritors(cat, rel.oid)[1:]
    out = []
    for oid in members:
        child = cat.relations[oid]
        cc = next((c for c in child.constraints if c.name == con.name and c.kind == "c"), None)
        if cc is not None:
            out.append((child, cc))
    if out and not recurse:
        raise PgError(INVALID_TABLE_DEFINITION, f'inherited constraint "{con.name}" must be renamed in child '
                      "tables too")
    return out


def set_not_null_in_children(session, rel, attnums) -> None:
    """ADD PRIMARY KEY on a parent makes its key columns NOT NULL in every
    descendant too (the recursed SET NOT NULL of ATPrepAddPrimaryKey)."""
    from pgref.engine.alter import _visible_rows
    from pgref.errors import NOT_NULL_VIOLATION
    cat = session.db.cat
    names = [rel.columns[a - 1].name for a in attnums]
    for oid in find_all_inheritors(cat, rel.oid)[1:]:
        child = cat.relations[oid]
        for name in names:
            c = child.column(name)
            if c is None or c.notnull:
                continue
            if any(row[c.attnum - 1] is None for _tid, row in _visible_rows(session, child)):
                raise PgError(NOT_NULL_VIOLATION, f'column "{name}" of relation "{child.name}" contains null values')
            c.notnull = True
    cat.changed()


__all__ = ["inherit_columns", "merge_local_column", "merge_like_column", "check_defaults", "inherit_constraints",
           "merge_local_constraint", "child_dependents", "forget_parent", "alter_cmd", "add_inherit",
           "drop_inherit", "check_rename_column", "check_rename_constraint", "set_not_null_in_children"]

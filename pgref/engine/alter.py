"""ALTER TABLE, renames and SET SCHEMA (PostgreSQL's tablecmds.c).

Where it sits: ``engine/`` (spec/09-engine.md, "DDL").  Changes that alter
how stored rows look -- ADD COLUMN with a default, ALTER COLUMN TYPE --
rewrite the table: every live row is read, converted, and written into a
new relation file by the current transaction; indexes are rebuilt; the old
files are deleted at commit (INV-DDL-2: a rewrite is atomic -- an abort
leaves the old files and catalog untouched).  DROP COLUMN only marks the
column dropped (attisdropped), exactly like PostgreSQL.
"""
from __future__ import annotations

from pgref.catalog.catalog import Column
from pgref.engine import ddl
from pgref.engine.session import Result
from pgref.engine.viewcmds import check_alter_column_type, check_drop_constraint, column_used
from pgref.errors import (CHECK_VIOLATION, DUPLICATE_COLUMN, DUPLICATE_OBJECT, DUPLICATE_TABLE,
                          FEATURE_NOT_SUPPORTED, NOT_NULL_VIOLATION, UNDEFINED_COLUMN,
                          UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, INVALID_TABLE_DEFINITION, PgError)
from pgref.sql import ast as A


def _visible_rows(session, rel):
    ectx = session.exec_context()
    heap = session.db.heap(rel.oid)
    for tid, hdr, row in heap.scan(visible=ectx.snapshot.visible):
        yield tid, row


def alter_table(session, s: A.AlterTableStmt, text: str) -> Result:
    session.before_ddl()
    if any(c.subtype == "attach_index_partition" for c in s.cmds):
        raise PgError(FEATURE_NOT_SUPPORTED, "ALTER INDEX ... ATTACH PARTITION is not supported yet")
    rel = ddl.lookup_rel(session, s.relation, missing_ok=s.missing_ok)
    tag = {"table": "ALTER TABLE", "index": "ALTER INDEX", "sequence": "ALTER SEQUENCE",
           "view": "ALTER VIEW"}.get(s.objtype, "ALTER TABLE")
    if rel is None:
        ddl.notice(session, f'relation "{s.relation.relname}" does not exist, skipping')
        return Result(tag)
    if getattr(rel, "system", False):          # RangeVarCallbackForAlterRelation (INV-CAT-6)
        raise PgError("42501", f'permission denied: "{rel.name}" is a system catalog')
    # (ALTER TABLE ... OWNER TO also serves views and sequences, as in PostgreSQL)
    if rel.kind != "r" and s.objtype == "table" and any(c.subtype != "change_owner" for c in s.cmds):
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a table')
    from pgref.engine import inherit
    for cmd in s.cmds:
        if cmd.subtype == "change_owner":
            from pgref.engine.grant import alter_relation_owner
            alter_relation_owner(session, rel, cmd.newowner)
            continue
        if rel.partkey is not None or rel.partbound is not None:
            from pgref.engine.partition import check_alter_command
            check_alter_command(rel, cmd)
        if cmd.subtype in ("attach_partition", "detach_partition"):
            # declarative partitioning (engine/partition.py)
            from pgref.engine import partition
            (partition.attach_partition if cmd.subtype == "attach_partition" else
             partition.detach_partition)(session, rel, cmd)
            continue
        if cmd.subtype in _STORAGE_CMDS and s.relation.inh and cmd.subtype not in _LOCAL_ONLY:
            # ATSimpleRecursion: storage settings of a column go to every descendant
            from pgref.catalog.inheritance import find_all_inheritors
            for oid in find_all_inheritors(session.db.cat, rel.oid):
                _alter_cmd(session, session.db.cat.relations[oid], cmd)
            continue
        if cmd.subtype == "drop_expression":
            # generated columns (engine/generated.py): ONLY must not leave children generated
            from pgref.engine.generated import drop_expression
            drop_expression(session, rel, cmd.name, cmd.missing_ok, recurse=s.relation.inh)
            continue
        # commands that recurse to inheritance children (engine/inherit.py)
        if rel.kind == "r" and inherit.alter_cmd(session, rel, cmd, s.relation.inh):
            continue
        _alter_cmd(session, rel, cmd)
    _ensure_toast_tables(session, rel)
    session.db.cat.changed()
    return Result(tag)


# the storage commands (engine/reloptions.py); SET/RESET (...) of the table itself
# does not recurse
_STORAGE_CMDS = ("set_storage", "set_compression", "set_options", "reset_options",
                 "set_rel_options", "reset_rel_options")
_LOCAL_ONLY = ("set_rel_options", "reset_rel_options")


def _ensure_toast_tables(session, rel) -> None:
    """AlterTableCreateToastTable for the table and its descendants: an
    ALTER TABLE may have made a TOAST relation necessary (INV-ACCESS-TOAST-5)."""
    if rel.kind != "r":
        return
    from pgref.catalog.inheritance import find_all_inheritors
    from pgref.engine.reloptions import ensure_toast_table
    cat = session.db.cat
    for oid in find_all_inheritors(cat, rel.oid):
        member = cat.relations.get(oid)
        if member is not None:
            ensure_toast_table(cat, member)


def _column(rel, name: str):
    c = rel.column(name)
    if c is None:
        raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation "{rel.name}" does not exist')
    return c


def _alter_cmd(session, rel, cmd: A.AlterTableCmd) -> None:
    st = cmd.subtype
    if st == "add_column":
        cd = cmd.def_
        if rel.column(cd.colname) is not None:
            if cmd.missing_ok:
                ddl.notice(session, f'column "{cd.colname}" of relation "{rel.name}" already exists, skipping')
                return
            raise PgError(DUPLICATE_COLUMN, f'column "{cd.colname}" of relation "{rel.name}" already exists')
        b = ddl.TableBuilder(session, rel)
        b.altering = True
        old_n = len(rel.columns)
        col = b.add_column(cd)
        session.db.cat.changed()
        needs_value = col.default is not None or col.identity
        if col.generated:
            # a generated column: checked, then computed for every row (engine/generated.py)
            from pgref.engine.generated import check_generation_expr, compute_generated
            try:
                check_generation_expr(session, rel, col)
            except PgError as err:
                err.position = None      # ALTER TABLE cooks the expression without a source position
                raise
            ectx = session.exec_context()
            rows = [row for _tid, row in _visible_rows(session, rel)]
            _rewrite_rows(session, rel, rows, lambda row: compute_generated(
                ectx, rel, tuple(row[:old_n]) + (None,) * (len(rel.columns) - old_n)))
            if b.pending_indexes:
                b.build_indexes()
            return
        if needs_value:
            ectx = session.exec_context()
            rows = [row for _tid, row in _visible_rows(session, rel)]

            def fill(row):
                return tuple(row[:old_n]) + (None,) * (len(rel.columns) - old_n - 1) + (
                    session.column_default_value(ectx, rel, col),)
            _rewrite_rows(session, rel, rows, fill)
        elif col.notnull and any(True for _ in _visible_rows(session, rel)):
            raise PgError(NOT_NULL_VIOLATION, f'column "{col.name}" of relation "{rel.name}" contains null values')
        if b.pending_indexes:
            b.build_indexes()
        return
    if st == "drop_column":
        c = rel.column(cmd.name)
        if c is None:
            if cmd.missing_ok:
                ddl.notice(session, f'column "{cmd.name}" of relation "{rel.name}" does not exist, skipping')
                return
            raise PgError(UNDEFINED_COLUMN, f'column "{cmd.name}" of relation "{rel.name}" does not exist')
        for other in session.db.cat.relations.values():
            if other.kind == "v" and column_used(session, other, rel.oid, c.attnum) and cmd.behavior != "cascade":
                raise PgError("2BP01", f"cannot drop column {c.name} of table {rel.name} because other objects "
                              "depend on it", detail=f"view {other.name} depends on column {c.name} of table {rel.name}",
                              hint="Use DROP ... CASCADE to drop the dependent objects too.")
        from pgref.engine.generated import dependent_generated     # generated columns using it
        for g in dependent_generated(session, rel, c):
            if cmd.behavior != "cascade":
                raise PgError("2BP01", f"cannot drop column {c.name} of table {rel.name} because other objects "
                              "depend on it", detail=f"column {g.name} of table {rel.name} depends on column "
                              f"{c.name} of table {rel.name}",
                              hint="Use DROP ... CASCADE to drop the dependent objects too.")
            ddl.notice(session, f"drop cascades to column {g.name} of table {rel.name}")
            _alter_cmd(session, rel, A.AlterTableCmd(subtype="drop_column", name=g.name, behavior="cascade"))
        from pgref.engine.triggercmds import drop_column_triggers     # triggers using the column
        drop_column_triggers(session, rel, c, cmd.behavior == "cascade")
        c.dropped = True
        c.name = f"........pg.dropped.{c.attnum}........"
        rel.indexes = [i for i in rel.indexes if c.attnum not in i.columns]
        kept = []
        for con in rel.constraints:
            if c.attnum in con.columns:
                continue
            kept.append(con)
        rel.constraints = kept
        return
    if st == "drop_expression":
        from pgref.engine.generated import drop_expression
        drop_expression(session, rel, cmd.name, cmd.missing_ok)
        return
    if st == "column_default":
        c = _column(rel, cmd.name)
        if c.generated:
            raise PgError("42601", f'column "{c.name}" of relation "{rel.name}" is a generated column',
                          hint="Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead."
                          if cmd.def_ is None else None)
        c.default = cmd.def_
        if cmd.def_ is not None:
            ddl.TableBuilder(session, rel).check_default(c)
        return
    if st == "drop_not_null":
        c = _column(rel, cmd.name)
        if any(con.kind == "p" and c.attnum in con.columns for con in rel.constraints):
            raise PgError(INVALID_TABLE_DEFINITION, f'column "{c.name}" is in a primary key')
        c.notnull = False
        return
    if st == "set_not_null":
        c = _column(rel, cmd.name)
        for _tid, row in _visible_rows(session, rel):
            if row[c.attnum - 1] is None:
                raise PgError(NOT_NULL_VIOLATION, f'column "{c.name}" of relation "{rel.name}" contains null values')
        c.notnull = True
        return
    if st == "add_constraint":
        b = ddl.TableBuilder(session, rel)
        con = b.table_constraint(cmd.def_)
        if con.kind == "c" and con.validated:      # NOT VALID skips the existing rows
            from pgref.engine.constraints import compile_check
            ectx = session.exec_context()
            f = compile_check(ectx, rel, con)
            for _tid, row in _visible_rows(session, rel):
                if f(row) is False:
                    raise PgError(CHECK_VIOLATION, f'check constraint "{con.name}" of relation "{rel.name}" '
                                  "is violated by some row")
        elif con.kind == "f":
            from pgref.engine.constraints import check_fk_insert
            ectx = session.exec_context()
            for _tid, row in _visible_rows(session, rel):
                check_fk_insert(ectx, rel, con, tuple(row[a - 1] for a in con.columns))
        b.build_indexes()
        return
    if st == "drop_constraint":
        con = next((c for c in rel.constraints if c.name == cmd.name), None)
        if con is None:
            if cmd.missing_ok:
                ddl.notice(session, f'constraint "{cmd.name}" of relation "{rel.name}" does not exist, skipping')
                return
            raise PgError(UNDEFINED_OBJECT, f'constraint "{cmd.name}" of relation "{rel.name}" does not exist')
        check_drop_constraint(session, rel, con, cmd.behavior == "cascade")    # views relying on it
        if con.kind in ("p", "u"):
            for other in session.db.cat.relations.values():
                for fk in other.constraints:
                    if fk.kind == "f" and fk.ref_relid == rel.oid and sorted(fk.ref_columns) == sorted(con.columns):
                        if cmd.behavior != "cascade":
                            raise PgError("2BP01", f"cannot drop constraint {con.name} on table {rel.name} because "
                                          "other objects depend on it",
                                          detail=f"constraint {fk.name} on table {other.name} depends on index {con.name}",
                                          hint="Use DROP ... CASCADE to drop the dependent objects too.")
                        ddl.notice(session, f"drop cascades to constraint {fk.name} on table {other.name}")
                        other.constraints = [x for x in other.constraints if x is not fk]
            for idx in rel.indexes:
                if idx.oid == con.index_oid:
                    session.note_dropped_file(idx.relfilenode)
            rel.indexes = [i for i in rel.indexes if i.oid != con.index_oid]
        rel.constraints = [c for c in rel.constraints if c is not con]
        return
    if st == "alter_column_type":
        _alter_type(session, rel, cmd)
        return
    if st in _STORAGE_CMDS:
        from pgref.engine import reloptions
        if st == "set_storage":
            reloptions.set_storage(session, rel, cmd.name, cmd.def_.sval)
        elif st == "set_compression":
            reloptions.set_compression(session, rel, cmd.name, cmd.def_.sval)
        elif st in ("set_options", "reset_options"):
            reloptions.set_attribute_options(session, rel, cmd.name, cmd.def_, st == "reset_options")
        else:
            reloptions.set_rel_options(session, rel, cmd.def_, st == "reset_rel_options")
        return
    raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER TABLE ... {st.upper().replace('_', ' ')} is not supported yet")


def _alter_type(session, rel, cmd) -> None:
    from pgref.analyzer.coerce import ASSIGNMENT
    from pgref.analyzer import nodes as N
    from pgref.analyzer.parse_state import table_parse_state
    from pgref.executor.expr import Layout, compile_expr
    c = _column(rel, cmd.name)
    check_alter_column_type(session, rel, c)               # views reading it
    cd = cmd.def_
    from pgref.engine.generated import check_alter_type
    check_alter_type(session, rel, c, cd.raw_default is not None)    # engine/generated.py
    typ, typmod = ddl.resolve_type(session, cd.type_name)
    ea = session.expr_analyzer()
    ps = table_parse_state(rel)
    if cd.raw_default is not None:
        src = ea.transform(ps, cd.raw_default)
    else:
        src = N.Var(1, c.attnum, c.typ, c.typmod)
    try:
        conv = ea.coerce(src, typ, typmod, ASSIGNMENT, -1)
    except PgError:
        raise PgError("42804", f'column "{c.name}" cannot be cast automatically to type '
                      f"{session.db.cat.format_type(typ)}",
                      hint=f'You might need to specify "USING {c.name}::{session.db.cat.format_type(typ, typmod)}".')
    ectx = session.exec_context()
    f = compile_expr(conv, Layout(tuple(("v", 1, i + 1) for i in range(len(rel.columns)))), ectx)
    pos = c.attnum - 1
    rows = [tuple(f(row) if i == pos else v for i, v in enumerate(row))
            for _tid, row in _visible_rows(session, rel)]
    c.typ, c.typmod = typ, typmod
    c.storage = ""                      # ATExecAlterColumnType: attstorage becomes the new type's
    from pgref.engine.reloptions import type_default_storage
    if type_default_storage(session.db.cat, typ) == "p":
        c.compression = ""
    session.db.cat.changed()
    if c.generated:
        # a generated column's values are recomputed in the new type (INV-GEN-1)
        from pgref.engine.generated import compute_generated
        _rewrite_rows(session, rel, rows, lambda row: compute_generated(ectx, rel, row))
        return
    _rewrite_rows(session, rel, rows, lambda row: row)


def _rewrite_rows(session, rel, rows, transform) -> None:
    cat = session.db.cat
    new_rows = [transform(r) for r in rows]
    session.note_dropped_file(rel.relfilenode)
    rel.relfilenode = cat.new_oid()
    # make_new_heap: the new file gets a new TOAST relation, and only if it
    # still needs one (alter_table's _ensure_toast_tables; INV-ACCESS-TOAST-5)
    rel.toast_oid = rel.toast_index_oid = 0
    ddl._new_storage(session, rel.relfilenode)
    for idx in rel.indexes:
        session.note_dropped_file(idx.relfilenode)
        idx.relfilenode = cat.new_oid()
        ddl._new_storage(session, idx.relfilenode)
    cat.changed()
    from pgref.executor.modify import TableModifier
    ectx = session.exec_context()
    tm = TableModifier(ectx, rel)
    for row in new_rows:
        tm.check_row(row)
        tm.heap.insert(row, ectx.xid, ectx.cid)
    for idx in rel.indexes:
        ddl.fill_index(session, rel, idx)
    if session.xact is not None:
        # CommandCounterIncrement: the next subcommand of this ALTER TABLE
        # (ADD COLUMN a ..., ADD COLUMN b ...) reads the rewritten rows
        session.xact.cid += 1


def rename(session, s: A.RenameStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    t = s.rename_type
    tag = {"table": "ALTER TABLE", "column": "ALTER TABLE", "view": "ALTER VIEW", "sequence": "ALTER SEQUENCE",
           "index": "ALTER INDEX", "schema": "ALTER SCHEMA", "tabconstraint": "ALTER TABLE"}.get(t, "ALTER TABLE")
    if t == "schema":
        oid = cat.namespace_oid(s.subname)
        if oid is None:
            raise PgError("3F000", f'schema "{s.subname}" does not exist')
        if cat.namespace_oid(s.newname) is not None:
            raise PgError("42P06", f'schema "{s.newname}" already exists')
        cat.namespaces[oid].name = s.newname
        cat.changed()
        return Result(tag)
    if t == "index":
        found = ddl._lookup_index(session, s.relation)
        if found is None:
            if s.missing_ok:
                return Result(tag)
            raise PgError(UNDEFINED_OBJECT, f'relation "{s.relation.relname}" does not exist')
        rel, idx = found
        idx.name = s.newname
        for con in rel.constraints:
            if con.index_oid == idx.oid:
                con.name = s.newname
        cat.changed()
        return Result(tag)
    rel = ddl.lookup_rel(session, s.relation, missing_ok=s.missing_ok)
    if rel is None:
        ddl.notice(session, f'relation "{s.relation.relname}" does not exist, skipping')
        return Result(tag)
    if t in ("table", "view", "sequence"):
        if cat.relation_in(rel.namespace, s.newname) is not None:
            raise PgError(DUPLICATE_TABLE, f'relation "{s.newname}" already exists')
        rel.name = s.newname
    elif t == "column":
        from pgref.analyzer.parse_state import SYSTEM_COLUMNS
        c = rel.column(s.subname)
        if c is None:
            # renameatt_internal's message names no relation
            raise PgError(UNDEFINED_COLUMN, f'column "{s.subname}" does not exist')
        from pgref.engine.inherit import check_rename_column
        members = check_rename_column(session, rel, s.subname, s.relation.inh) if rel.kind == "r" else []
        # the descendants are renamed first, so a clash shows there first
        # (check_for_column_name_collision)
        for r in members + [rel]:
            if s.newname in SYSTEM_COLUMNS:
                raise PgError(DUPLICATE_COLUMN, f'column name "{s.newname}" conflicts with a system column name')
            if r.column(s.newname) is not None:
                raise PgError(DUPLICATE_COLUMN, f'column "{s.newname}" of relation "{r.name}" already exists')
        c.name = s.newname
        for r in members:
            r.column(s.subname).name = s.newname
    elif t == "tabconstraint":
        con = next((c for c in rel.constraints if c.name == s.subname), None)
        if con is None:
            raise PgError(UNDEFINED_OBJECT, f'constraint "{s.subname}" for table "{rel.name}" does not exist')
        if any(c.name == s.newname for c in rel.constraints):
            raise PgError(DUPLICATE_OBJECT, f'constraint "{s.newname}" for relation "{rel.name}" already exists')
        from pgref.engine.inherit import check_rename_constraint
        children = check_rename_constraint(session, rel, con, s.relation.inh)
        con.name = s.newname
        for idx in rel.indexes:
            if idx.oid == con.index_oid:
                idx.name = s.newname
        for child, ccon in children:
            ccon.name = s.newname
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER ... RENAME of {t} is not supported yet")
    cat.changed()
    return Result(tag)


def alter_object_schema(session, s: A.AlterObjectSchemaStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    rel = ddl.lookup_rel(session, s.relation, missing_ok=s.missing_ok)
    tag = {"table": "ALTER TABLE", "view": "ALTER VIEW", "sequence": "ALTER SEQUENCE"}.get(s.object_type, "ALTER TABLE")
    if rel is None:
        ddl.notice(session, f'relation "{s.relation.relname}" does not exist, skipping')
        return Result(tag)
    nsp = cat.namespace_oid(s.newschema)
    if nsp is None:
        raise PgError("3F000", f'schema "{s.newschema}" does not exist')
    if cat.relation_in(nsp, rel.name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{rel.name}" already exists in schema "{s.newschema}"')
    rel.namespace = nsp
    for other in cat.relations.values():
        if other.kind == "S" and other.sequence.owned_by and other.sequence.owned_by[0] == rel.oid:
            other.namespace = nsp
    cat.changed()
    return Result(tag)

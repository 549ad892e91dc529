"""CREATE / DROP / ALTER TRIGGER, ALTER TABLE ... ENABLE / DISABLE TRIGGER,
pg_trigger and pg_get_triggerdef (PostgreSQL's commands/trigger.c
CreateTriggerFiringOn, RemoveTriggerById, renametrig, EnableDisableTrigger,
and ruleutils.c pg_get_triggerdef_worker).

Where it sits: ``engine/`` (spec/09-engine.md, "Triggers").  A trigger is a
``catalog.Trigger`` row on its relation (``Relation.triggers``), so it is
saved with the relation (``engine/persist.py``, catalog ``pg_trigger``),
rolled back with the catalog snapshot (INV-CAT-3) and dropped with its
table.  Firing is ``executor/triggers.py``; TRUNCATE's statement triggers
are fired here around the TRUNCATE handler.

Entry points:
    install(handlers)                       add the statements to ddl.HANDLERS
    create_trigger(session, stmt, text)     CREATE [OR REPLACE] [CONSTRAINT] TRIGGER
    trigger_def(session, oid, pretty)       pg_get_triggerdef()
    pg_trigger_rows(session)                the rows of the pg_trigger catalog
    triggers_using(cat, funcoid)            triggers whose function is funcoid (DROP FUNCTION)
"""
from __future__ import annotations

from pgref.catalog.catalog import Trigger
from pgref.engine.session import Result
from pgref.errors import FEATURE_NOT_SUPPORTED, UNDEFINED_OBJECT, PgError
from pgref.executor import triggers as TR
from pgref.sql import ast as A
from pgref.types import oids as T

TRIGGEROID = 2279
WRONG_OBJECT_TYPE = "42809"
INVALID_OBJECT_DEFINITION = "42P17"

_KIND_PLURAL = {"S": "sequences", "i": "indexes", "m": "materialized views", "c": "composite types",
                "f": "foreign tables"}


def _quote(name: str) -> str:
    from pgref.types.registry import quote_identifier
    return quote_identifier(name)


def _pos(loc):
    return loc + 1 if loc is not None and loc >= 0 else None


def _when_refs(node):
    """(which, field, location) of every NEW / OLD column reference in a raw tree."""
    for n in A.walk(node):
        if isinstance(n, A.ColumnRef) and n.fields and isinstance(n.fields[0], str) \
                and n.fields[0] in ("new", "old"):
            field = n.fields[1] if len(n.fields) > 1 else None
            yield n.fields[0], field, n.location


# ---------------------------------------------------------------- CREATE TRIGGER
def create_trigger(session, s: A.CreateTrigStmt, text: str) -> Result:
    from pgref.engine.ddl import lookup_rel
    session.before_ddl()
    cat = session.db.cat
    rel = lookup_rel(session, s.relation)
    row = s.row
    timing = s.timing
    if rel.kind == "r":
        if timing == "instead":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is a table',
                          detail="Tables cannot have INSTEAD OF triggers.")
        if rel.partkey is not None and row:
            raise PgError(FEATURE_NOT_SUPPORTED, "row-level triggers on partitioned tables are not supported yet")
    elif rel.kind == "v":
        if timing != "instead" and row:
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is a view',
                          detail="Views cannot have row-level BEFORE or AFTER triggers.")
        if "truncate" in s.events:
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is a view',
                          detail="Views cannot have TRUNCATE triggers.")
    else:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" cannot have triggers',
                      detail=f"This operation is not supported for {_KIND_PLURAL.get(rel.kind, 'this relation')}.")
    if getattr(rel, "system", False):
        raise PgError("42501", f'permission denied: "{rel.name}" is a system catalog')
    tgtype = TR.TRIGGER_TYPE_ROW if row else 0
    tgtype |= {"before": TR.TRIGGER_TYPE_BEFORE, "after": 0, "instead": TR.TRIGGER_TYPE_INSTEAD}[timing]
    for ev in s.events:
        tgtype |= TR.EVENT_BITS[ev.upper()]
    if "truncate" in s.events and row:
        raise PgError(FEATURE_NOT_SUPPORTED, "TRUNCATE FOR EACH ROW triggers are not supported")
    if timing == "instead":
        if not row:
            raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD OF triggers must be FOR EACH ROW")
        if s.when_clause is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD OF triggers cannot have WHEN conditions")
        if s.columns:
            raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD OF triggers cannot have column lists")
    if s.transition_rels:
        raise PgError(FEATURE_NOT_SUPPORTED, "transition tables (REFERENCING ... TABLE) are not supported yet")
    # the WHEN condition (CreateTriggerFiringOn's checks, then analysis)
    qual_text = None
    if s.when_clause is not None:
        for which, field, loc in _when_refs(s.when_clause):
            if not row:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              "statement trigger's WHEN condition cannot reference column values",
                              position=_pos(loc))
            if which == "old" and "insert" in s.events:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              "INSERT trigger's WHEN condition cannot reference OLD values", position=_pos(loc))
            if which == "new" and "delete" in s.events:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              "DELETE trigger's WHEN condition cannot reference NEW values", position=_pos(loc))
            if which == "new" and timing == "before" and field is not None and rel.column(field) is None and \
                    field in ("ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "BEFORE trigger's WHEN condition cannot reference NEW system columns",
                              position=_pos(loc))
            if which == "new" and timing == "before" and any(c.generated for c in rel.columns):
                # generated columns are computed after BEFORE triggers (engine/generated.py)
                col = rel.column(field) if isinstance(field, str) else None
                if field is None or not isinstance(field, str):
                    raise PgError(INVALID_OBJECT_DEFINITION,
                                  "BEFORE trigger's WHEN condition cannot reference NEW generated columns",
                                  detail="A whole-row reference is used and the table contains generated columns.",
                                  position=_pos(loc))
                if col is not None and col.generated:
                    raise PgError(INVALID_OBJECT_DEFINITION,
                                  "BEFORE trigger's WHEN condition cannot reference NEW generated columns",
                                  detail=f'Column "{col.name}" is a generated column.', position=_pos(loc))
        planned, _refs = TR.plan_when(session, rel, s.when_clause)
        if planned.coltypes[0] not in (T.BOOLOID, T.UNKNOWNOID):
            raise PgError("42804", "argument of WHEN must be type boolean, not type "
                          f"{cat.format_type(planned.coltypes[0])}")
    # UPDATE OF columns
    attrs: list[int] = []
    for name in s.columns:
        col = rel.column(name)
        if col is None:
            raise PgError("42703", f'column "{name}" of relation "{rel.name}" does not exist')
        if col.attnum in attrs:
            raise PgError("42701", f'column "{name}" specified more than once')
        attrs.append(col.attnum)
    # the function: no arguments, returning trigger
    funcname = list(s.funcname)
    schema = funcname[-2] if len(funcname) > 1 else None
    cands = [p for p in cat.procs_named(funcname[-1], schema, session.search_path()) if not tuple(p.argtypes)]
    if not cands:
        raise PgError("42883", f"function {'.'.join(funcname)}() does not exist")
    proc = cands[0]
    if proc.rettype != TRIGGEROID:
        raise PgError(INVALID_OBJECT_DEFINITION, f"function {'.'.join(funcname)} must return type trigger")
    constrrelid = 0
    if s.constrrel is not None:
        constrrelid = lookup_rel(session, s.constrrel).oid
    existing = next((t for t in rel.triggers if t.name == s.trigname), None)
    if existing is not None:
        if not s.replace:
            raise PgError("42710", f'trigger "{s.trigname}" for relation "{rel.name}" already exists')
        if existing.constraint or s.isconstraint:
            raise PgError(WRONG_OBJECT_TYPE, f'trigger "{s.trigname}" for relation "{rel.name}" '
                                             "is a constraint trigger")
    tg = Trigger(existing.oid if existing is not None else cat.new_oid(), s.trigname, rel.oid, proc.oid, tgtype,
                 args=list(s.args), attrs=attrs, qual=s.when_clause, qual_text=qual_text,
                 constraint=s.isconstraint, deferrable=s.deferrable, initdeferred=s.initdeferred,
                 constrrelid=constrrelid)
    if s.isconstraint and s.initdeferred:
        raise PgError(FEATURE_NOT_SUPPORTED, "deferred constraint triggers are not supported yet")
    rel.triggers = [t for t in rel.triggers if t.name != s.trigname] + [tg]
    cat.changed()
    return Result("CREATE TRIGGER")


# ---------------------------------------------------------------- DROP / RENAME / ENABLE
def _trigger_rel(session, names, missing_ok: bool):
    from pgref.engine.ddl import lookup_rel
    rv = A.RangeVar(schemaname=names[-2] if len(names) > 1 else None, relname=names[-1])
    return lookup_rel(session, rv, missing_ok=missing_ok)


def drop_trigger(session, s: A.DropStmt, text: str) -> Result:
    from pgref.engine.ddl import notice
    session.before_ddl()
    cat = session.db.cat
    for obj in s.objects:
        relnames, trigname = list(obj[:-1]), obj[-1]
        rel = _trigger_rel(session, relnames, s.missing_ok)
        if rel is None:
            notice(session, f'relation "{".".join(relnames)}" does not exist, skipping')
            continue
        tg = next((t for t in rel.triggers if t.name == trigname), None)
        if tg is None:
            if s.missing_ok:
                notice(session, f'trigger "{trigname}" for relation "{".".join(relnames)}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_OBJECT, f'trigger "{trigname}" for table "{rel.name}" does not exist')
        rel.triggers = [t for t in rel.triggers if t is not tg]
        cat.changed()
    return Result("DROP TRIGGER")


def rename_trigger(session, s: A.RenameStmt, text: str) -> Result:
    from pgref.engine.ddl import lookup_rel
    session.before_ddl()
    rel = lookup_rel(session, s.relation)
    if rel.kind not in ("r", "v"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a table or view')
    if any(t.name == s.newname for t in rel.triggers):
        raise PgError("42710", f'trigger "{s.newname}" for relation "{rel.name}" already exists')
    tg = next((t for t in rel.triggers if t.name == s.subname), None)
    if tg is None:
        raise PgError(UNDEFINED_OBJECT, f'trigger "{s.subname}" for table "{rel.name}" does not exist')
    tg.name = s.newname
    session.db.cat.changed()
    return Result("ALTER TRIGGER")


_ENABLE = {"enable_trig": "O", "disable_trig": "D", "enable_always_trig": "A", "enable_replica_trig": "R",
           "enable_trig_all": "O", "disable_trig_all": "D", "enable_trig_user": "O", "disable_trig_user": "D"}


def is_trigger_cmd(cmd) -> bool:
    return cmd.subtype in _ENABLE


def alter_table_triggers(session, s: A.AlterTableStmt, text: str) -> Result:
    """ALTER TABLE ... ENABLE / DISABLE TRIGGER (EnableDisableTrigger)."""
    from pgref.engine.ddl import lookup_rel, notice
    session.before_ddl()
    rel = lookup_rel(session, s.relation, missing_ok=s.missing_ok)
    if rel is None:
        notice(session, f'relation "{s.relation.relname}" does not exist, skipping')
        return Result("ALTER TABLE")
    if rel.kind != "r" and s.objtype == "table":
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a table')
    for cmd in s.cmds:
        state = _ENABLE[cmd.subtype]
        if cmd.name is not None:
            tg = next((t for t in rel.triggers if t.name == cmd.name), None)
            if tg is None:
                raise PgError(UNDEFINED_OBJECT, f'trigger "{cmd.name}" for table "{rel.name}" does not exist')
            tg.enabled = state
            continue
        for tg in rel.triggers:
            if cmd.subtype.endswith("_user") and tg.internal:
                continue
            tg.enabled = state
    session.db.cat.changed()
    return Result("ALTER TABLE")


def truncate_with_triggers(prev):
    """TRUNCATE: BEFORE / AFTER TRUNCATE statement triggers of the named tables around ``prev``."""
    def handler(session, s, text):
        from pgref.engine.ddl import lookup_rel
        rels = []
        for rv in s.relations:
            rel = lookup_rel(session, rv, missing_ok=True)
            if rel is not None and rel.triggers and all(r.oid != rel.oid for r in rels):
                rels.append(rel)
        for rel in rels:
            TR.fire_truncate(session, rel, "BEFORE")
        res = prev(session, s, text)
        for rel in rels:
            TR.fire_truncate(session, rel, "AFTER")
        return res
    handler.__name__ = "truncate_with_triggers"
    return handler


# ---------------------------------------------------------------- catalog views
def _find(cat, oid: int):
    for r in cat.relations.values():
        for t in r.triggers:
            if t.oid == oid:
                return r, t
    return None, None


def triggers_using(cat, funcoid: int) -> list:
    return [(r, t) for r in cat.relations.values() for t in r.triggers if t.funcoid == funcoid]


def drop_function_triggers(session, proc, sig: str, what: str, cascade: bool) -> None:
    """DROP FUNCTION: triggers calling it depend on it (pg_depend 'n'):
    2BP01 without CASCADE, dropped with it otherwise."""
    from pgref.engine.ddl import notice
    users = triggers_using(session.db.cat, proc.oid)
    if not users:
        return
    descs = [f"trigger {t.name} on table {r.name}" for r, t in users]
    if not cascade:
        raise PgError("2BP01", f"cannot drop {what} {sig} because other objects depend on it",
                      detail="\n".join(f"{d} depends on {what} {sig}" for d in descs),
                      hint="Use DROP ... CASCADE to drop the dependent objects too.")
    if len(descs) == 1:
        notice(session, f"drop cascades to {descs[0]}")
    else:
        session.notices.append(PgError("00000", f"drop cascades to {len(descs)} other objects",
                                       detail="\n".join(f"drop cascades to {d}" for d in descs),
                                       severity="NOTICE"))
    for r, t in users:
        r.triggers = [x for x in r.triggers if x is not t]
    session.db.cat.changed()


def drop_column_triggers(session, rel, col, cascade: bool) -> None:
    """ALTER TABLE ... DROP COLUMN: triggers whose UPDATE OF list or WHEN
    condition uses the column depend on it (2BP01, or dropped with CASCADE)."""
    from pgref.engine.ddl import notice
    users = [t for t in rel.triggers if col.attnum in t.attrs or (
        t.qual is not None and any(f == col.name for _w, f, _l in _when_refs(t.qual)))]
    if not users:
        return
    what = f"column {col.name} of table {rel.name}"
    if not cascade:
        raise PgError("2BP01", f"cannot drop {what} because other objects depend on it",
                      detail="\n".join(f"trigger {t.name} on table {rel.name} depends on {what}" for t in users),
                      hint="Use DROP ... CASCADE to drop the dependent objects too.")
    for t in users:
        notice(session, f"drop cascades to trigger {t.name} on table {rel.name}")
    rel.triggers = [t for t in rel.triggers if t not in users]


def trigger_def(session, oid: int, pretty: bool) -> str | None:
    """pg_get_triggerdef_worker."""
    cat = session.db.cat
    rel, tg = _find(cat, oid)
    if tg is None:
        return None
    t = tg.tgtype
    out = [f"CREATE {'CONSTRAINT ' if tg.constraint else ''}TRIGGER {_quote(tg.name)} {TR.timing_of(t)}"]
    evs = []
    if t & TR.TRIGGER_TYPE_INSERT:
        evs.append("INSERT")
    if t & TR.TRIGGER_TYPE_DELETE:
        evs.append("DELETE")
    if t & TR.TRIGGER_TYPE_UPDATE:
        u = "UPDATE"
        if tg.attrs:
            names = {c.attnum: c.name for c in rel.columns}
            u += " OF " + ", ".join(_quote(names[a]) for a in tg.attrs)
        evs.append(u)
    if t & TR.TRIGGER_TYPE_TRUNCATE:
        evs.append("TRUNCATE")
    out.append(" " + " OR ".join(evs))
    out.append(f" ON {_relname(session, rel, pretty)} ")
    if tg.constraint:
        if tg.constrrelid:
            out.append(f"FROM {_relname(session, cat.relation(tg.constrrelid), pretty)} ")
        if not tg.deferrable:
            out.append("NOT ")
        out.append("DEFERRABLE INITIALLY " + ("DEFERRED " if tg.initdeferred else "IMMEDIATE "))
    out.append("FOR EACH ROW " if t & TR.TRIGGER_TYPE_ROW else "FOR EACH STATEMENT ")
    if tg.qual is not None:
        from pgref.catalog.deparse import deparse_expr
        out.append(f"WHEN ({deparse_expr(tg.qual, rel, pretty)}) ")
    proc = cat.proc(tg.funcoid)
    fname = _quote(proc.name)
    if pretty is False or proc.namespace not in session.search_path():
        if proc.namespace not in session.search_path():
            fname = f"{_quote(cat.namespace_name(proc.namespace))}.{fname}"
    args = ", ".join("'" + a.replace("'", "''") + "'" for a in tg.args)
    out.append(f"EXECUTE FUNCTION {fname}({args})")
    return "".join(out)


def _relname(session, rel, pretty: bool) -> str:
    cat = session.db.cat
    name = _quote(rel.name)
    if not pretty or rel.namespace not in session.search_path() or \
            cat.lookup_relation(None, rel.name, session.search_path()) is not rel:
        return f"{_quote(cat.namespace_name(rel.namespace))}.{name}"
    return name


def pg_trigger_rows(session):
    from pgref.types.values import PgArray
    cat = session.db.cat
    for r in cat.relations.values():
        for tg in r.triggers:
            n = len(tg.attrs)
            yield {"oid": tg.oid, "tgrelid": r.oid, "tgparentid": 0, "tgname": tg.name, "tgfoid": tg.funcoid,
                   "tgtype": tg.tgtype, "tgenabled": tg.enabled, "tgisinternal": tg.internal,
                   "tgconstrrelid": tg.constrrelid, "tgconstrindid": 0, "tgconstraint": 0,
                   "tgdeferrable": tg.deferrable, "tginitdeferred": tg.initdeferred, "tgnargs": len(tg.args),
                   "tgattr": PgArray(list(tg.attrs), [n] if n else [], [0] if n else [], T.INT2OID),
                   "tgargs": b"".join(a.encode() + b"\x00" for a in tg.args),
                   "tgqual": None if tg.qual is None else f"{{PGREF_TRIGQUAL :trigid {tg.oid}}}",
                   "tgoldtable": tg.oldtable, "tgnewtable": tg.newtable}


def install(handlers: dict) -> None:
    from pgref.engine.functions import _chain
    handlers[A.CreateTrigStmt] = create_trigger
    _chain(handlers, A.DropStmt, lambda st: st.remove_type == "trigger", drop_trigger)
    _chain(handlers, A.RenameStmt, lambda st: st.rename_type == "trigger", rename_trigger)
    _chain(handlers, A.AlterTableStmt, lambda st: bool(st.cmds) and all(is_trigger_cmd(c) for c in st.cmds),
           alter_table_triggers)
    handlers[A.TruncateStmt] = truncate_with_triggers(handlers[A.TruncateStmt])

"""Firing user triggers (PostgreSQL's commands/trigger.c: ExecBSInsertTriggers,
ExecBRInsertTriggers, ExecARInsertTriggers, AfterTriggerSaveEvent ... ).

Where it sits: ``executor/`` (spec/09-engine.md, "Triggers").  The
catalog keeps a relation's triggers as ``catalog.Trigger`` rows whose
``tgtype`` carries PostgreSQL's TRIGGER_TYPE_* bits; ``engine/triggercmds.py``
creates them.  The statement executors (``executor/modify.py``,
``engine/copy.py``, TRUNCATE in ``engine/triggercmds.py``) hold one
``StatementTriggers`` per target table and call its hooks:

  before_statement()            BEFORE ... FOR EACH STATEMENT, once, even for 0 rows
  before_row(op, old, new)      BEFORE ... FOR EACH ROW: the returned row replaces
                                NEW (INSERT/UPDATE) -- None skips the row
  after_row(op, old, new)       AFTER ... FOR EACH ROW: queued (INV-TRIG-2)
  finish()                      the queued AFTER ROW events in order, then
                                AFTER ... FOR EACH STATEMENT

Invariants (spec/09-engine.md):
  INV-TRIG-1  Triggers of one event fire in name order (strcmp of the
              names, like PostgreSQL's RelationBuildTriggers sort); a
              disabled trigger ('D') never fires; a WHEN condition that is
              not true skips the trigger; an UPDATE OF trigger fires only
              when the UPDATE's SET list assigns one of its columns (even
              to the same value: PostgreSQL's updatedCols, not a comparison).
  INV-TRIG-2  AFTER ROW events are queued while the statement runs and
              fired when it ends (AfterTriggerEndQuery), in the order the
              rows were processed, before the AFTER STATEMENT triggers and
              before the statement's row count is reported.
  INV-TRIG-3  The trigger function sees NEW and OLD as the table's row
              type (its live columns); dropped columns are filled back in
              as NULL in the returned row.

Entry points:
    StatementTriggers.for_table(ectx_or_session, rel, op, updated_cols=()) -> StatementTriggers | None
    call_trigger_function(session, rel, tg, when, level, op, old, new) -> row | None
    plan_when(session, rel, qual) -> (planned, refs)    a WHEN condition as SELECT with $n
    has_instead_trigger(rel, op) / run_instead_insert(plan, ectx, planner, rel)   views
    fire_truncate(session, rel, when)
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.sql import ast as A

# PostgreSQL's include/catalog/pg_trigger.h TRIGGER_TYPE_* bits
TRIGGER_TYPE_ROW = 1 << 0
TRIGGER_TYPE_BEFORE = 1 << 1
TRIGGER_TYPE_INSERT = 1 << 2
TRIGGER_TYPE_DELETE = 1 << 3
TRIGGER_TYPE_UPDATE = 1 << 4
TRIGGER_TYPE_TRUNCATE = 1 << 5
TRIGGER_TYPE_INSTEAD = 1 << 6

EVENT_BITS = {"INSERT": TRIGGER_TYPE_INSERT, "UPDATE": TRIGGER_TYPE_UPDATE,
              "DELETE": TRIGGER_TYPE_DELETE, "TRUNCATE": TRIGGER_TYPE_TRUNCATE}


def timing_of(tgtype: int) -> str:
    if tgtype & TRIGGER_TYPE_INSTEAD:
        return "INSTEAD OF"
    return "BEFORE" if tgtype & TRIGGER_TYPE_BEFORE else "AFTER"


def _enabled(tg, session) -> bool:
    """session_replication_role 'origin' (the default): O and A fire, R and D do not."""
    role = session.settings.get("session_replication_role") if hasattr(session.settings, "get") else "origin"
    if role == "replica":
        return tg.enabled in ("R", "A")
    return tg.enabled in ("O", "A")


def triggers_for(session, rel, op: str, timing: str, row: bool) -> list:
    """The enabled triggers of one event, in name order (INV-TRIG-1)."""
    want = EVENT_BITS[op]
    out = []
    for tg in getattr(rel, "triggers", ()):
        t = tg.tgtype
        if not t & want or bool(t & TRIGGER_TYPE_ROW) != row or timing_of(t) != timing:
            continue
        if not _enabled(tg, session):
            continue
        out.append(tg)
    out.sort(key=lambda tg: tg.name.encode())
    return out


class StatementTriggers:
    """The triggers of one statement on one table (spec/09-engine.md, "Triggers")."""

    def __init__(self, session, rel, op: str, updated_cols=()):
        self.session = session
        self.updated_cols = set(updated_cols)      # the attnums an UPDATE's SET list assigns
        self.rel = rel
        self.op = op
        self.before_rows = triggers_for(session, rel, op, "BEFORE", True)
        self.after_rows = triggers_for(session, rel, op, "AFTER", True)
        self.instead_rows = triggers_for(session, rel, op, "INSTEAD OF", True)
        self.queue: list = []
        self.live = [i for i, c in enumerate(rel.columns) if not c.dropped]

    @classmethod
    def for_table(cls, ctx, rel, op: str, updated_cols=()):
        """None when the table has no triggers at all (the common case costs nothing)."""
        if not getattr(rel, "triggers", None):
            return None
        session = getattr(ctx, "session", ctx)
        return cls(session, rel, op, updated_cols)

    # ------------------------------------------------------------ hooks
    def before_statement(self) -> None:
        for tg in triggers_for(self.session, self.rel, self.op, "BEFORE", False):
            if self._columns_ok(tg):
                self._call(tg, "BEFORE", "STATEMENT", None, None)

    def before_row(self, old, new):
        """BEFORE ROW: the row to write (maybe changed), or None to skip it."""
        cur = new if self.op != "DELETE" else old
        for tg in self.before_rows:
            if not self._qualifies(tg, old, new if self.op != "DELETE" else None):
                continue
            got = self._call(tg, "BEFORE", "ROW", old, new if self.op != "DELETE" else None)
            if got is None:
                return None
            if self.op != "DELETE":
                new = got
            cur = new if self.op != "DELETE" else old
        return cur

    def instead_row(self, old, new):
        """INSTEAD OF ROW on a view: the row the function returned (None: nothing done)."""
        got = None
        for tg in self.instead_rows:
            got = self._call(tg, "INSTEAD OF", "ROW", old, new)
            if got is None:
                return None
            if self.op != "DELETE":
                new = got
        return got

    def after_row(self, old, new) -> None:
        if self.after_rows:
            self.queue.append((old, new))

    def finish(self) -> None:
        """AfterTriggerEndQuery: queued AFTER ROW events, then AFTER STATEMENT (INV-TRIG-2)."""
        queue, self.queue = self.queue, []
        for old, new in queue:
            for tg in self.after_rows:
                if self._qualifies(tg, old, new):
                    self._call(tg, "AFTER", "ROW", old, new)
        for tg in triggers_for(self.session, self.rel, self.op, "AFTER", False):
            if self._columns_ok(tg):
                self._call(tg, "AFTER", "STATEMENT", None, None)

    # ------------------------------------------------------------ conditions
    def _columns_ok(self, tg) -> bool:
        """UPDATE OF: one of the trigger's columns is assigned (INV-TRIG-1)."""
        return not (self.op == "UPDATE" and tg.attrs and not self.updated_cols & set(tg.attrs))

    def _qualifies(self, tg, old, new) -> bool:
        if not self._columns_ok(tg):
            return False
        if tg.qual is None:
            return True
        return when_condition(self.session, self.rel, tg, old, new) is True

    # ------------------------------------------------------------ calling
    def _call(self, tg, when: str, level: str, old, new):
        return call_trigger_function(self.session, self.rel, tg, when, level, self.op, old, new)


def call_trigger_function(session, rel, tg, when: str, level: str, op: str, old, new):
    """Run the trigger's function; returns the full-width row it returned (or None)."""
    from pgref import plpgsql
    cat = session.db.cat
    proc = cat.user_procs.get(tg.funcoid)
    if proc is None and getattr(cat.proc(tg.funcoid), "prosrc", None) == "suppress_redundant_updates_trigger":
        return _suppress_redundant_updates(when, level, op, old, new)
    prosrc = getattr(cat.proc(tg.funcoid), "prosrc", None) if proc is None else None
    if prosrc in ("tsvector_update_trigger_byid", "tsvector_update_trigger_bycolumn"):
        from pgref.tsearch.config import tsvector_update_trigger      # spec/14-tsearch.md
        return tsvector_update_trigger(rel, tuple(tg.args), when, level, op, old, new,
                                       prosrc.endswith("bycolumn"))
    if proc is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"trigger function {tg.funcoid} is not a user-defined "
                                             "PL/pgSQL function; built-in trigger functions are not supported yet")
    if getattr(proc, "lang", None) != 13563:
        raise PgError(FEATURE_NOT_SUPPORTED, "trigger functions in languages other than PL/pgSQL are not supported")
    live = [i for i, c in enumerate(rel.columns) if not c.dropped]

    def narrow(row):
        return None if row is None else tuple(row[i] for i in live)
    depth = session.__dict__.get("trigger_depth", 0)
    session.trigger_depth = depth + 1           # pg_trigger_depth()
    try:
        out = plpgsql.call_trigger(session, proc, name=tg.name, when=when, level=level, op=op, relid=rel.oid,
                                   relname=rel.name, schema=cat.namespace_name(rel.namespace),
                                   args=tuple(tg.args), new=narrow(new), old=narrow(old))
    finally:
        session.trigger_depth = depth
    if out is None or level == "STATEMENT":
        return None
    if len(live) == len(rel.columns):
        return tuple(out)
    full = [None] * len(rel.columns)
    for i, v in zip(live, out):
        full[i] = v
    return tuple(full)


def _suppress_redundant_updates(when: str, level: str, op: str, old, new):
    """The built-in suppress_redundant_updates_trigger (utils/adt/trigfuncs.c):
    an UPDATE that leaves the row bit-for-bit the same is skipped.  "The
    same" is compared per value by type and repr, so 1.0 and 1.00 differ
    as their stored forms do."""
    name = "suppress_redundant_updates_trigger"
    if op != "UPDATE":
        raise PgError("39P01", f"{name}: must be called on update")
    if when != "BEFORE":
        raise PgError("39P01", f"{name}: must be called before update")
    if level != "ROW":
        raise PgError("39P01", f"{name}: must be called for each row")
    if len(old) == len(new) and all(type(a) is type(b) and repr(a) == repr(b) for a, b in zip(old, new)):
        return None
    return new


# ---------------------------------------------------------------- WHEN
class _WhenHook:
    """Column references NEW.x / OLD.x (and whole-row NEW / OLD) in a WHEN
    condition become parameters $1 .. $n."""

    def __init__(self, rel, ea):
        self.rel, self.ea, self.refs = rel, ea, []

    def _param(self, which: str, col):
        from pgref.analyzer import nodes as N
        key = (which, col.attnum if col is not None else 0)
        if key in self.refs:
            k = self.refs.index(key) + 1
        else:
            self.refs.append(key)
            self.ea.param_types.append(col.typ if col is not None else self.rel.rowtype)
            k = len(self.refs)
        return N.Param(k, col.typ if col is not None else self.rel.rowtype,
                       col.typmod if col is not None else -1)

    def __call__(self, ea, ps, cref: A.ColumnRef):
        f = cref.fields
        if not f or not isinstance(f[0], str) or f[0] not in ("new", "old"):
            return None
        if len(f) == 1:
            return self._param(f[0], None)
        if len(f) == 2 and f[1] == "tableoid" and self.rel.column("tableoid") is None:
            from pgref.analyzer import nodes as N
            from pgref.types import oids as T
            return N.Const(T.OIDOID, self.rel.oid)
        if len(f) == 2 and isinstance(f[1], str):
            col = self.rel.column(f[1])
            if col is None:
                return None
            return self._param(f[0], col)
        if len(f) == 2:       # NEW.*
            return self._param(f[0], None)
        return None


def _whole_rows(n):
    """NEW.* / OLD.* in a WHEN condition as whole-row references NEW / OLD
    (they compare the same way; the analyzer does not expand ``x.*`` here)."""
    import dataclasses
    if isinstance(n, A.ColumnRef) and len(n.fields) == 2 and n.fields[0] in ("new", "old") \
            and isinstance(n.fields[1], A.A_Star):
        return dataclasses.replace(n, fields=(n.fields[0],))
    if isinstance(n, A.Node):
        changes = {}
        for f in dataclasses.fields(n):
            v = getattr(n, f.name)
            w = _whole_rows(v)
            if w is not v:
                changes[f.name] = w
        return dataclasses.replace(n, **changes) if changes else n
    if isinstance(n, tuple):
        out = tuple(_whole_rows(x) for x in n)
        return n if all(a is b for a, b in zip(out, n)) else out
    return n


def plan_when(session, rel, qual):
    """Analyze and plan ``SELECT <qual>`` with NEW/OLD references as
    parameters; returns (planned, refs)."""
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.planner.planner import Planner
    ea = session.expr_analyzer([])
    hook = _WhenHook(rel, ea)
    ea.post_columnref_hook = hook
    stmt = A.SelectStmt(target_list=(A.ResTarget(val=_whole_rows(qual)),))
    q = ModifyAnalyzer(ea).analyze_select(stmt)
    planner = Planner(session.db.cat, session.settings, session.db)
    planner.const_value = session._const_value
    ps = planner.plan(q)
    ps.planner = planner
    ps.param_types = list(ea.param_types)
    return ps, hook.refs


def when_condition(session, rel, tg, old, new):
    cache = session.__dict__.setdefault("_trigger_when_plans", {})
    key = (tg.oid, session.db.cat.version)
    got = cache.get(key)
    if got is None:
        if len(cache) > 64:
            cache.clear()
        got = cache[key] = plan_when(session, rel, tg.qual)
    planned, refs = got
    live = [i for i, c in enumerate(rel.columns) if not c.dropped]
    values = []
    for which, attnum in refs:
        row = new if which == "new" else old
        if row is None:
            values.append(None)
        elif attnum == 0:
            from pgref.types.io.record import TypedRecord
            values.append(TypedRecord(tuple(row[i] for i in live), tuple(rel.columns[i].typ for i in live)))
        else:
            values.append(row[attnum - 1])
    saved = session._rowcount
    try:
        res = session.run_planned(planned, values=values)
    finally:
        session._rowcount = saved
    return res.rows[0][0] if res.rows else None


def has_instead_trigger(rel, op: str) -> bool:
    """Does the view have an INSTEAD OF ROW trigger for ``op`` (enabled or not,
    like PostgreSQL's view_has_instead_trigger)?"""
    bits = TRIGGER_TYPE_INSTEAD | TRIGGER_TYPE_ROW | EVENT_BITS[op]
    return any(tg.tgtype & bits == bits for tg in getattr(rel, "triggers", ()))


def run_instead_insert(plan, ectx, planner, rel):
    """INSERT into a view: each row goes to the INSTEAD OF INSERT triggers
    instead of a table; a row the trigger returns (NULL: nothing done) is
    counted and is what RETURNING sees."""
    from pgref.executor.expr import Layout, compile_expr
    from pgref.executor.run import run_plan
    trig = StatementTriggers(ectx.session, rel, "INSERT")
    trig.before_statement()
    rti = plan.rtindex
    layout = Layout(tuple(("v", rti, i + 1) for i in range(len(rel.columns))) + (("v", rti, -6),))
    ret = [compile_expr(e, layout, ectx, planner) for e in plan.returning]
    out: list[tuple] = []
    count = 0
    for batch in run_plan(plan.child, ectx, planner):
        for row in batch:
            got = trig.instead_row(None, row)
            if got is None:
                continue
            count += 1
            if ret:
                out.append(tuple(f(tuple(got) + (rel.oid,)) for f in ret))
    trig.finish()
    ectx.session.set_rowcount(count)
    if out:
        yield out


def fire_truncate(session, rel, when: str) -> None:
    """TRUNCATE triggers (statement level only) of one table."""
    for tg in triggers_for(session, rel, "TRUNCATE", when, False):
        call_trigger_function(session, rel, tg, when, "STATEMENT", "TRUNCATE", None, None)

"""The rule rewriter: INSERT / UPDATE / DELETE through CREATE RULE rules
(PostgreSQL's rewriteHandler.c: RewriteQuery, fireRules,
rewriteRuleAction, CopyAndAddInvertedQual, QueryRewrite's canSetTag).

Where it sits: ``planner/`` (spec/17-rewrite.md).  The engine analyzes a
data-modifying statement into a Query (analyzer/modify.py), hands it to
:func:`rewrite_statement`, and plans every Query that comes back, in
order; the one marked as setting the command tag gives the statement's
tag, row count and RETURNING rows (engine/session.py ``run_planned``).

What it guarantees (spec/17-rewrite.md, "Invariants"):

* Rules of the target relation for the statement's event fire in name
  order (INV-REWRITE-1).  A rule's actions become new Queries: OLD is the
  original's target row, NEW the row the original writes (for UPDATE an
  unassigned column is the old value; for INSERT the column's value or
  default), the original's range table, FROM items and WHERE are joined
  in, and so is the rule's own WHERE (INV-REWRITE-2).
* The original runs unless an unqualified INSTEAD rule fired; qualified
  INSTEAD rules make it run only where every one of their conditions is
  not true (``cond IS NOT TRUE``, INV-REWRITE-3).  An INSERT's original
  runs before the actions, an UPDATE's or DELETE's after them
  (INV-REWRITE-4).
* Products are rewritten again, recursively; a relation reached again
  for the same event is "infinite recursion" (INV-REWRITE-5).
* The command tag is the original's if it runs, else that of the last
  INSTEAD action of the same command, else the original's with 0 rows
  (INV-REWRITE-6).
* A view without an unqualified INSTEAD rule (or INSTEAD OF trigger) for
  the event is updated automatically after its ALSO rules are applied
  (analyzer/viewupdate.py), or fails as PostgreSQL does.

Worked example::

    CREATE RULE log_upd AS ON UPDATE TO t DO ALSO
        INSERT INTO log VALUES (old.a, new.b);
    UPDATE t SET b = b + 1 WHERE a < 3;

becomes, in order,

    INSERT INTO log SELECT t.a, t.b + 1 FROM t WHERE t.a < 3;   -- the action
    UPDATE t SET b = b + 1 WHERE a < 3;                         -- the original

Entry points: :func:`rewrite_statement`, :func:`analyze_rule`.
"""
from __future__ import annotations

import copy
from dataclasses import fields, replace

from pgref.analyzer import nodes as N
from pgref.analyzer.viewupdate import _mutate, _shift
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError

# where a rewritten Query came from (PostgreSQL's QuerySource)
ORIGINAL, INSTEAD, QUAL_INSTEAD, ALSO = "original", "instead", "qual_instead", "also"
OLD_VARNO, NEW_VARNO = 1, 2           # PRS2_OLD_VARNO / PRS2_NEW_VARNO of the rule's own level
INFINITE_RECURSION = "42P17"

_VERB = {"insert": ("insert into", "inserting into", "INSERT"), "update": ("update", "updating", "UPDATE"),
         "delete": ("delete from", "deleting from", "DELETE")}


# ====================================================================== rule analysis
def rule_scope(rel, event: str | None = None):
    """The rule's own query level: range-table entries OLD (1) and NEW (2),
    both the rule's relation (transformRuleStmt).  For the WHERE condition
    (``event`` given) the entries the event has expose their columns
    unqualified; rule actions must qualify them."""
    from pgref.analyzer.parse_state import NamespaceItem, ParseState

    def entry(alias: str) -> N.RangeTblEntry:
        return N.RangeTblEntry("relation", alias, [c.name if not c.dropped else "" for c in rel.columns],
                               [c.typ for c in rel.columns], [c.typmod for c in rel.columns], relid=rel.oid,
                               relkind="v" if rel.kind == "v" else "r", relname=rel.name, inh=False)
    ps = ParseState()
    ps.add_rte(entry("old"))
    ps.add_rte(entry("new"))
    cols = {"select": ("old",), "update": ("old", "new"), "insert": ("new",), "delete": ("old",)}.get(event, ())
    ps.namespace = [NamespaceItem(OLD_VARNO, "old", cols_visible="old" in cols),
                    NamespaceItem(NEW_VARNO, "new", cols_visible="new" in cols)]
    return ps


def analyze_rule(ma, rel, qual, actions, event: str | None = None):
    """The rule's WHERE condition (an expression over the rule level, OLD
    and NEW at levelsup 0) and its actions (Queries whose references to
    OLD / NEW point one level above the action; a NOTIFY stays a raw
    statement)."""
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.sql import ast as A
    cond = None
    if qual is not None:
        qps = rule_scope(rel, event)
        qps.agg_allowed = "rule WHERE conditions"
        cond = ma.ea.coerce_to_boolean(ma.ea.transform(qps, qual), "WHERE", -1)
    ps = rule_scope(rel)
    out = []
    for stmt in actions:
        stmt = expand_rule_stars(stmt, rel)
        sub = ModifyAnalyzer(ma.ea)
        sub.rule_scope = ps
        if isinstance(stmt, A.SelectStmt):
            out.append(sub.analyze_select(stmt, parent=ps))
        elif isinstance(stmt, A.InsertStmt):
            out.append(sub.analyze_insert(stmt))
        elif isinstance(stmt, A.UpdateStmt):
            out.append(sub.analyze_update(stmt))
        elif isinstance(stmt, A.DeleteStmt):
            out.append(sub.analyze_delete(stmt))
        else:
            out.append(stmt)                     # NOTIFY
    return cond, out


def _star_of(node) -> str | None:
    from pgref.sql import ast as A
    if isinstance(node, A.ColumnRef) and len(node.fields) == 2 and isinstance(node.fields[1], A.A_Star) \
            and node.fields[0] in ("new", "old"):
        return node.fields[0]
    return None


def expand_rule_stars(stmt, rel):
    """``NEW.*`` and ``OLD.*`` in an action's VALUES rows and select list
    stand for the relation's columns one by one (ExpandColumnRefStar at an
    outer level, which the analyzer treats as a whole-row reference)."""
    from dataclasses import replace as dc_replace

    from pgref.sql import ast as A
    cols = [c.name for c in rel.columns if not c.dropped]

    def expand_exprs(items):
        out, changed = [], False
        for e in items:
            who = _star_of(e)
            if who is None:
                out.append(e)
                continue
            changed = True
            out.extend(A.ColumnRef(fields=(who, c), location=e.location) for c in cols)
        return tuple(out), changed

    def fix_select(sel):
        if not isinstance(sel, A.SelectStmt):
            return sel
        if sel.values_lists:
            rows = tuple(expand_exprs(r)[0] for r in sel.values_lists)
            return dc_replace(sel, values_lists=rows)
        if sel.target_list:
            tl = []
            for rt in sel.target_list:
                who = _star_of(getattr(rt, "val", None))
                if who is None or rt.name is not None:
                    tl.append(rt)
                    continue
                tl.extend(A.ResTarget(val=A.ColumnRef(fields=(who, c), location=rt.location), location=rt.location)
                          for c in cols)
            return dc_replace(sel, target_list=tuple(tl))
        return sel
    if isinstance(stmt, A.InsertStmt) and stmt.select_stmt is not None:
        return dc_replace(stmt, select_stmt=fix_select(stmt.select_stmt))
    if isinstance(stmt, A.SelectStmt):
        return fix_select(stmt)
    return stmt


def refs_rule_level(tree, rlevel: int, varno: int | None = None) -> bool:
    """Does ``tree`` reference OLD or NEW (or only ``varno``)?  ``rlevel``
    is how many levels up the rule level is from ``tree``'s top."""
    found = []

    def fn(v: N.Var, k: int):
        if v.levelsup == k + rlevel and (varno is None or v.varno == varno):
            found.append(v)
        return v
    _mutate(copy.deepcopy(tree), fn, -1 if isinstance(tree, N.Query) else 0)
    return bool(found)


# ====================================================================== helpers
def _offset(tree, off: int, top_is_query: bool = False):
    """Vars of ``tree``'s own level renumbered by ``off`` (OffsetVarNodes),
    range-table references in join trees too."""
    def fn(v: N.Var, k: int):
        return replace(v, varno=v.varno + off) if v.levelsup == k else v
    tree = _mutate(tree, fn, -1 if top_is_query else 0)
    return tree


def _offset_jointree(items, off: int):
    out = []
    for it in items:
        if isinstance(it, N.RangeTblRef):
            out.append(N.RangeTblRef(it.rtindex + off))
        elif isinstance(it, N.JoinTree):
            out.append(N.JoinTree(it.jointype, _offset_jointree([it.larg], off)[0],
                                  _offset_jointree([it.rarg], off)[0],
                                  _offset(copy.deepcopy(it.quals), off), it.rtindex + off, it.using))
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, f"cannot apply a rule to a join tree item {type(it).__name__}")
    return out


def _jointree_uses(items, rtindex: int) -> bool:
    for it in items:
        if isinstance(it, N.RangeTblRef) and it.rtindex == rtindex:
            return True
        if isinstance(it, N.JoinTree) and (it.rtindex == rtindex or _jointree_uses([it.larg, it.rarg], rtindex)):
            return True
    return False


def _uses(tree, rtindex: int) -> bool:
    found = []

    def fn(v: N.Var, k: int):
        if v.levelsup == k and v.varno == rtindex:
            found.append(v)
        return v
    if tree is not None:
        _mutate(copy.deepcopy(tree), fn, 0)
    return bool(found)


def _and(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return N.BoolExpr("and", (a, b))


def _target_exprs(q: N.Query) -> dict[int, N.Expr]:
    return {te.resno: te.expr for te in q.target_list if not te.resjunk}


class _Substituter:
    """The Var mapper for OLD and NEW (ChangeVarNodes for OLD,
    ReplaceVarsFromTargetList for NEW): the original's expressions, their
    own Vars moved by ``off`` range-table entries, placed at the depth of
    the reference."""

    def __init__(self, q: N.Query, rel, event: str, off: int, rlevel: int):
        self.q, self.rel, self.event, self.off, self.rlevel = q, rel, event, off, rlevel
        self.rt = q.result_relation + off
        self.targets = {n: _offset(copy.deepcopy(e), off) for n, e in _target_exprs(q).items()}
        self.used_old = self.used_new = False

    def new_value(self, attno: int, typ: int, typmod: int) -> N.Expr:
        if attno in self.targets:
            return self.targets[attno]
        if self.event == "update":
            return N.Var(self.rt, attno, typ, typmod)
        return N.Const(typ, None, typmod)

    def __call__(self, v: N.Var, k: int):
        if v.levelsup != k + self.rlevel:
            return v
        if v.varno == OLD_VARNO:
            self.used_old = True
            return N.Var(self.rt, v.varattno, v.typ, v.typmod, k)
        if v.varno != NEW_VARNO:
            return v
        self.used_new = True
        if v.varattno == 0:
            cols = [c for c in self.rel.columns if not c.dropped]
            row = N.RowExpr(tuple(self.new_value(c.attnum, c.typ, c.typmod) for c in cols), v.typ,
                            tuple(c.name for c in cols))
            return _shift(row, k)
        if v.varattno < 0:
            raise PgError(FEATURE_NOT_SUPPORTED, "system columns of NEW cannot be referenced in rule actions")
        return _shift(self.new_value(v.varattno, v.typ, v.typmod), k)


# ====================================================================== rewriteRuleAction
def _inline_single_values(a: N.Query) -> None:
    """A one-row VALUES source folded into the INSERT's target list (as
    PostgreSQL analyzes INSERT ... VALUES (...)), so that it may refer to
    OLD and NEW; several rows may not."""
    if len(a.jointree) != 1 or not isinstance(a.jointree[0], N.RangeTblRef):
        return
    vidx = a.jointree[0].rtindex
    vrte = a.rtable[vidx - 1]
    if vrte.kind != "values":
        return
    if len(vrte.values_lists) != 1:
        return                      # several rows: read LATERAL once OLD / NEW are substituted
    row = vrte.values_lists[0]

    def fn(v: N.Var, k: int):
        if v.levelsup == k and v.varno == vidx:
            return _shift(row[v.varattno - 1], k)
        return v
    a.target_list = _mutate(a.target_list, fn, 0)
    a.returning = _mutate(a.returning, fn, 0)
    a.jointree = []


def _lateral_values(a: N.Query, off: int) -> None:
    """A several-row VALUES of an INSERT action that reads the original's
    rows (OLD / NEW substituted) becomes a LATERAL sub-SELECT over it, as
    PostgreSQL marks such a VALUES entry lateral."""
    for i in range(off):
        rte = a.rtable[i]
        if rte.kind != "values" or not _uses_level(rte.values_lists):
            continue
        inner_rte = N.RangeTblEntry("values", rte.alias, list(rte.colnames), list(rte.coltypes),
                                    list(rte.coltypmods), values_lists=_shift(rte.values_lists, 1))
        inner = N.Query("select", rtable=[inner_rte], jointree=[N.RangeTblRef(1)],
                        target_list=[N.TargetEntry(N.Var(1, j + 1, t, m), j + 1, n) for j, (n, t, m)
                                     in enumerate(zip(rte.colnames, rte.coltypes, rte.coltypmods))])
        a.rtable[i] = N.RangeTblEntry("subquery", rte.alias, list(rte.colnames), list(rte.coltypes),
                                      list(rte.coltypmods), subquery=inner, lateral=True)
        # after the entries it reads
        mine = [it for it in a.jointree if isinstance(it, N.RangeTblRef) and it.rtindex == i + 1]
        a.jointree = [it for it in a.jointree if it not in mine] + mine


def _uses_level(tree) -> bool:
    found = []

    def fn(v: N.Var, k: int):
        if v.levelsup == k:
            found.append(v)
        return v
    _mutate(copy.deepcopy(tree), fn, 0)
    return bool(found)


def _insert_with_qual(a: N.Query, where) -> N.Query:
    """An INSERT whose rows come from a join with a condition: the rows
    become a sub-SELECT over the same range table, which the INSERT reads
    (the planner plans an INSERT's FROM list but no WHERE)."""
    if where is None:
        return a
    rtable = copy.deepcopy(a.rtable)
    for i, rte in enumerate(rtable):
        if rte.kind == "values":
            # a VALUES entry under a condition is read through a sub-SELECT
            # (the planner's ValuesScan takes no quals)
            inner = N.Query("select", rtable=[rte], jointree=[N.RangeTblRef(1)],
                            target_list=[N.TargetEntry(N.Var(1, j + 1, t, m), j + 1, n) for j, (n, t, m)
                                         in enumerate(zip(rte.colnames, rte.coltypes, rte.coltypmods))])
            rtable[i] = N.RangeTblEntry("subquery", rte.alias, list(rte.colnames), list(rte.coltypes),
                                        list(rte.coltypmods), subquery=inner)
    sub = N.Query("select", rtable=rtable, jointree=a.jointree, where=where,
                  target_list=[N.TargetEntry(te.expr, i + 1, te.name or f"c{i + 1}")
                               for i, te in enumerate(a.target_list)],
                  ctes=dict(a.ctes), has_sublinks=True, params=a.params)
    from pgref.analyzer.expr import expr_type, expr_typmod
    types = [expr_type(te.expr) for te in sub.target_list]
    typmods = [expr_typmod(te.expr) for te in sub.target_list]
    rte = N.RangeTblEntry("subquery", "*SELECT*", [te.name for te in sub.target_list], types, typmods,
                          subquery=sub)
    a.rtable.append(rte)
    sidx = len(a.rtable)
    a.jointree = [N.RangeTblRef(sidx)]
    a.where = None
    a.target_list = [N.TargetEntry(N.Var(sidx, i + 1, t, m), te.resno, te.name)
                     for i, (te, t, m) in enumerate(zip(a.target_list, types, typmods))]
    return a


def rule_action(q: N.Query, rel, action: N.Query, qual, event: str, returning_flag: list) -> N.Query:
    """One rule action applied to the original ``q`` (rewriteRuleAction)."""
    a = copy.deepcopy(action)
    qual = copy.deepcopy(qual)
    insert_select = None
    if a.command == "insert":
        _inline_single_values(a)
        if len(a.jointree) == 1 and isinstance(a.jointree[0], N.RangeTblRef):
            src = a.rtable[a.jointree[0].rtindex - 1]
            if src.kind == "subquery" and src.alias == "*SELECT*" and src.subquery is not None:
                insert_select = src.subquery
    if insert_select is not None and any(getattr(c, "modifying", None) is not None for c in q.ctes.values()):
        raise PgError(FEATURE_NOT_SUPPORTED, "INSERT...SELECT rule actions are not supported for queries having "
                                             "data-modifying statements in WITH")
    w, rlevel = (insert_select, 2) if insert_select is not None else (a, 1)
    off = len(w.rtable)
    # the original's range table after the action's own entries
    w.rtable.extend(_offset(copy.deepcopy(e), off) for e in q.rtable)
    subst = _Substituter(q, rel, event, off, rlevel)
    for name in [f.name for f in fields(w) if f.name != "rtable"]:
        setattr(w, name, _mutate(getattr(w, name), subst, 0))
    for i in range(off):
        w.rtable[i] = _mutate(w.rtable[i], subst, 0)
    qsub = _Substituter(q, rel, event, off, 0)
    if qual is not None:
        qual = _mutate(qual, qsub, 0)
    rt = q.result_relation + off
    if event in ("update", "delete") and (subst.used_old or (subst.used_new and event == "update")):
        w.jointree = list(w.jointree) + [N.RangeTblRef(rt)]
    orig_where = _offset(copy.deepcopy(q.where), off)
    items = _offset_jointree(q.jointree, off)
    keeporig = not _jointree_uses(w.jointree, rt) and (_uses(qual, rt) or _uses(orig_where, rt))
    if not keeporig:
        items = [it for it in items if not (isinstance(it, N.RangeTblRef) and it.rtindex == rt)]
    if items:
        if w.set_op is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "conditional UNION/INTERSECT/EXCEPT statements are not implemented")
        w.jointree = items + list(w.jointree)
    if (qual is not None or orig_where is not None) and w.set_op is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "conditional UNION/INTERSECT/EXCEPT statements are not implemented")
    w.where = _and(_and(w.where, qual), orig_where)
    w.has_sublinks = True
    # the original's WITH queries are visible to the action
    for name, cte in q.ctes.items():
        if name in a.ctes:
            raise PgError(FEATURE_NOT_SUPPORTED, f'WITH query name "{name}" appears in both a rule action and '
                                                 "the query being rewritten")
        a.ctes[name] = copy.deepcopy(cte)
        if w is not a:
            w.ctes[name] = copy.deepcopy(cte)
    # RETURNING: the original's, over the action's RETURNING entries
    if not q.returning:
        a.returning = []
    elif a.returning:
        if returning_flag[0]:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot have RETURNING lists in multiple rules")
        returning_flag[0] = True
        mine = [te.expr for te in a.returning if not te.resjunk]
        qrt = q.result_relation

        def ret(v: N.Var, k: int):
            if v.levelsup != k:
                return v
            if v.varno != qrt:
                # a FROM item of the original: its copy in the action
                if w is not a:
                    raise PgError(FEATURE_NOT_SUPPORTED, "RETURNING that reads other tables of a statement "
                                                         "rewritten into INSERT ... SELECT is not supported")
                return replace(v, varno=v.varno + off)
            if v.varattno == 0:
                return N.RowExpr(tuple(_shift(e, k) for e in mine), v.typ,
                                 tuple(c.name for c in rel.columns if not c.dropped))
            if v.varattno < 0 or v.varattno > len(mine):
                raise PgError(FEATURE_NOT_SUPPORTED, "system columns cannot be returned through a rule")
            return _shift(mine[v.varattno - 1], k)
        a.returning = _mutate(copy.deepcopy(q.returning), ret, 0)
    if a.command == "insert" and w is a:
        _lateral_values(a, off)
        a = _insert_with_qual(a, a.where)
    a.params = q.params
    return a


# ====================================================================== CopyAndAddInvertedQual
def _inverted_qual(q: N.Query, rel, qual, event: str) -> N.Query:
    """The original restricted to rows where the rule's condition is not
    true (AddInvertedQual: ``cond IS NOT TRUE``)."""
    out = copy.deepcopy(q)
    sub = _Substituter(out, rel, event, 0, 0)
    cond = _mutate(copy.deepcopy(qual), sub, 0)
    inv = N.BooleanTest(cond, "is_not_true")
    if out.command == "insert":
        return _insert_with_qual(out, inv)
    out.where = _and(out.where, inv)
    return out


# ====================================================================== RewriteQuery
class Rewriter:
    """One statement's rewrite: the analyzer ``ma`` (for rule actions and
    automatic view updates) and a cache of analyzed rules."""

    def __init__(self, ma):
        self.ma = ma
        self.cat = ma.cat
        self._rules: dict[int, tuple] = {}

    def rules_for(self, rel, event: str) -> list:
        """The rules that fire (matchLocks): O on origin, R on replica, A
        always, D never (session_replication_role)."""
        session = getattr(getattr(self.ma.ea, "ioctx", None), "session", None)
        replica = session is not None and session.settings.get("session_replication_role") == "replica"
        skip = ("O", "D") if replica else ("R", "D")
        return sorted((r for r in rel.rules if r.event == event and r.enabled not in skip), key=lambda r: r.name)

    def expand_views(self, q: N.Query) -> None:
        """Views read by a rule action (OLD of a view, or the original's
        FROM items) become their queries, as ApplyRetrieveRule does; a
        statement's own target stays."""
        from pgref.engine.viewcmds import _all_queries
        for sub in _all_queries(q):
            for i, rte in enumerate(sub.rtable):
                if rte.kind != "relation" or (sub.command != "select" and i + 1 == sub.result_relation):
                    continue
                rel = self.cat.relations.get(rte.relid)
                if rel is None or rel.kind != "v":
                    continue
                rte.kind, rte.relkind = "subquery", "v"
                rte.subquery = self.ma.view_query(rel)

    def analyzed(self, rel, rule):
        got = self._rules.get(rule.oid)
        if got is None:
            got = self._rules[rule.oid] = analyze_rule(self.ma, rel, rule.qual, rule.actions, rule.event)
        return got

    def rewrite(self, q: N.Query, events: tuple, source: str) -> list[tuple]:
        """RewriteQuery: ``q`` and the Queries its rules make, in execution
        order, each with where it came from."""
        self._check_modifying_ctes(q, events)
        if q.command not in ("insert", "update", "delete") or not q.result_relation:
            return [(q, source)]
        rte = q.rtable[q.result_relation - 1]
        rel = self.cat.relations.get(rte.relid)
        if rel is None:
            return [(q, source)]
        event = q.command
        products: list[tuple] = []
        instead = False
        qual_product = None
        returning_flag = [False]
        for rule in self.rules_for(rel, event):          # INV-REWRITE-1
            qual, actions = self.analyzed(rel, rule)
            if rule.instead:
                src = QUAL_INSTEAD if qual is not None else INSTEAD
                if qual is None:
                    instead = True
            else:
                src = ALSO
            if src == QUAL_INSTEAD and not instead:      # INV-REWRITE-3
                qual_product = _inverted_qual(qual_product or q, rel, qual, event)
            for act in actions:
                if not isinstance(act, N.Query):
                    products.append((act, src))           # NOTIFY
                    continue
                pt = rule_action(q, rel, act, qual, event, returning_flag)
                self.expand_views(pt)
                products.append((pt, src))
        rule_products = len(products)
        updatable_view = False
        if not instead and rel.kind == "v" and not _has_instead_trigger(rel, event):
            if qual_product is not None:
                verb, gerund, cmd = _VERB[event]
                raise PgError(FEATURE_NOT_SUPPORTED, f'cannot {verb} view "{rel.name}"',
                              detail="Views with conditional DO INSTEAD rules are not automatically updatable.",
                              hint=f"To enable {gerund} the view, provide an INSTEAD OF {cmd} trigger or an "
                                   f"unconditional ON {cmd} DO INSTEAD rule.")
            from pgref.analyzer.viewupdate import rewrite_target_view
            view_q = copy.deepcopy(q)
            view_q.rtable[view_q.result_relation - 1].relkind = "v"
            view_q = rewrite_target_view(self.ma, view_q)
            if event == "insert":
                products.insert(0, (view_q, source))
            else:
                products.append((view_q, source))
            instead = updatable_view = True
            returning_flag[0] = True
        if event == "insert" and q.on_conflict is not None and not updatable_view \
                and (rule_products or self.rules_for(rel, "update")):
            raise PgError(FEATURE_NOT_SUPPORTED, "INSERT with ON CONFLICT clause cannot be used with table that "
                                                 "has INSERT or UPDATE rules")
        if (instead or qual_product is not None) and q.returning and not returning_flag[0]:
            verb, gerund, cmd = _VERB[event]
            raise PgError(FEATURE_NOT_SUPPORTED, f'cannot perform {cmd} RETURNING on relation "{rel.name}"',
                          hint=f"You need an unconditional ON {cmd} DO INSTEAD rule with a RETURNING clause.")
        out: list[tuple] = []
        if products:
            if (rel.oid, event) in events:               # INV-REWRITE-5
                raise PgError(INFINITE_RECURSION, f'infinite recursion detected in rules for relation "{rel.name}"')
            for pt, src in products:
                if isinstance(pt, N.Query):
                    out.extend(self.rewrite(pt, events + ((rel.oid, event),), src))
                else:
                    out.append((pt, src))
        if not instead:                                  # INV-REWRITE-4
            final = qual_product if qual_product is not None else q
            if event == "insert":
                out.insert(0, (final, source))
            else:
                out.append((final, source))
        return out

    def _check_modifying_ctes(self, q: N.Query, events: tuple) -> None:
        """Rules on the target of a data-modifying WITH query: only one
        unconditional INSTEAD action may replace it (RewriteQuery)."""
        for wrapper in list(q.ctes.values()):
            cte = getattr(wrapper, "modifying", None)       # analyzer/query.py transform_modifying_cte
            if cte is None or not cte.result_relation:
                continue
            rel = self.cat.relations.get(cte.rtable[cte.result_relation - 1].relid)
            if rel is None or not self.rules_for(rel, cte.command):
                continue
            got = self.rewrite(cte, events, ORIGINAL)
            if len(got) == 1 and not isinstance(got[0][0], N.Query):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "DO INSTEAD NOTIFY rules are not supported for data-modifying statements in WITH")
            if len(got) == 1 and isinstance(got[0][0], N.Query):
                new = got[0][0]
                wrapper.modifying = new
                wrapper.target_list = [N.TargetEntry(te.expr, i + 1, te.name) for i, te in enumerate(new.returning)]
                continue
            if not got:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "DO INSTEAD NOTHING rules are not supported for data-modifying statements in WITH")
            for _pt, src in got:
                if src == QUAL_INSTEAD:
                    raise PgError(FEATURE_NOT_SUPPORTED, "conditional DO INSTEAD rules are not supported for "
                                                         "data-modifying statements in WITH")
                if src == ALSO:
                    raise PgError(FEATURE_NOT_SUPPORTED,
                                  "DO ALSO rules are not supported for data-modifying statements in WITH")
            raise PgError(FEATURE_NOT_SUPPORTED, "multi-statement DO INSTEAD rules are not supported for "
                                                 "data-modifying statements in WITH")


def _has_instead_trigger(rel, event: str) -> bool:
    from pgref.executor.triggers import has_instead_trigger
    return has_instead_trigger(rel, event.upper())


def has_rules(cat, q: N.Query) -> bool:
    """Whether rewriting can change ``q``: its target (or a data-modifying
    WITH query's) has rules, at any depth of rule products."""
    qs = [q] + [c.modifying for c in q.ctes.values() if getattr(c, "modifying", None) is not None]
    for x in qs:
        if x.command in ("insert", "update", "delete") and x.result_relation:
            rel = cat.relations.get(x.rtable[x.result_relation - 1].relid)
            if rel is not None and rel.rules:
                return True
    return False


def rewrite_statement(ma, q: N.Query) -> list[tuple]:
    """QueryRewrite: the Queries to run for ``q`` in order, each as
    ``(query_or_notify, sets_tag)``; at most one sets the command tag
    (INV-REWRITE-6)."""
    if not has_rules(ma.cat, q):
        return [(q, True)]
    got = Rewriter(ma).rewrite(q, (), ORIGINAL)
    tagger = None
    for i, (pt, src) in enumerate(got):
        if src == ORIGINAL:
            tagger = i
            break
        if isinstance(pt, N.Query) and pt.command == q.command and src in (INSTEAD, QUAL_INSTEAD):
            tagger = i
    return [(pt, i == tagger) for i, (pt, src) in enumerate(got)]

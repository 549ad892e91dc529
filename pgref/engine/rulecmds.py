"""Rules: CREATE [OR REPLACE] RULE, DROP RULE, ALTER RULE ... RENAME TO,
and running a statement that rules rewrote into several (PostgreSQL's
rewriteDefine.c DefineQueryRewrite / RenameRewriteRule, rewriteRemove.c,
and the part of pquery.c PortalRunMulti that runs rewritten queries).

Where it sits: ``engine/`` (spec/17-rewrite.md).  ``ddl.py`` routes the
statements here (:func:`install`); ``Session.plan`` calls
:func:`plan_program` when planner/rewrite.py turned one statement into
several Queries, and ``Session.run_planned`` calls :func:`run_program`.

What it guarantees:

* A rule is stored as its raw parse trees (``catalog.Rule``: the WHERE
  condition and the action statements, NEW / OLD written as range names)
  and analyzed again where it is applied, so renaming a column or table
  under it is seen; CREATE RULE analyzes it once to report errors as
  PostgreSQL's transformRuleStmt / DefineQueryRewrite do (INV-REWRITE-7).
* The statement's command tag, row count and RETURNING rows are those of
  the one Query marked as setting the tag; with none, the original's
  command with 0 rows (INV-REWRITE-6).  The Queries run in order, each
  seeing what the ones before it wrote (CommandCounterIncrement).
* DROP TABLE drops the table's rules; a rule whose actions read or write
  another relation keeps that relation from being dropped without
  CASCADE, which drops the rule (INV-REWRITE-8).

Entry points: :func:`create_rule`, :func:`drop_rule`, :func:`rename_rule`,
:func:`comment_rule`, :func:`alter_table_rules` (ENABLE / DISABLE RULE),
:func:`plan_program`, :func:`run_program`, :func:`rule_relations`,
:func:`rule_dependents`.
"""
from __future__ import annotations

from pgref.catalog.catalog import Rule
from pgref.engine.session import Result
from pgref.errors import (DEPENDENT_OBJECTS_STILL_EXIST, DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED,
                          INVALID_OBJECT_DEFINITION, UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A

VIEW_SELECT_RULE = "_RETURN"


def _analyzer(session):
    from pgref.analyzer.modify import ModifyAnalyzer
    return ModifyAnalyzer(session.expr_analyzer())


def _find(rel, name: str):
    return next((r for r in rel.rules if r.name == name), None)


# ====================================================================== checkRuleResultList
def check_result_list(session, targets, rel, is_select: bool) -> None:
    """A SELECT rule's target list or a RETURNING list must match the
    relation's columns one by one (checkRuleResultList)."""
    from pgref.analyzer.expr import expr_type, expr_typmod
    cat = session.db.cat
    i = 0
    for te in targets:
        if te.resjunk:
            continue
        i += 1
        if i > len(rel.columns):
            raise PgError(INVALID_OBJECT_DEFINITION, "SELECT rule's target list has too many entries"
                          if is_select else "RETURNING list has too many entries")
        col = rel.columns[i - 1]
        if col.dropped:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert relation containing dropped columns to view"
                          if is_select else "cannot create a RETURNING list for a relation containing dropped columns")
        if is_select and te.name != col.name:
            raise PgError(INVALID_OBJECT_DEFINITION, f"SELECT rule's target entry {i} has different column name "
                          f'from column "{col.name}"', detail=f'SELECT target entry is named "{te.name}".')
        t = expr_type(te.expr)
        if t != col.typ:
            what = "SELECT rule's target entry" if is_select else "RETURNING list's entry"
            who = "SELECT target entry" if is_select else "RETURNING list entry"
            raise PgError(INVALID_OBJECT_DEFINITION, f'{what} {i} has different type from column "{col.name}"',
                          detail=f"{who} has type {cat.format_type(t, -1)}, but column has type "
                                 f"{cat.format_type(col.typ, -1)}.")
        m = expr_typmod(te.expr)
        if col.typmod != m and col.typmod >= 0 and m >= 0:
            what = "SELECT rule's target entry" if is_select else "RETURNING list's entry"
            who = "SELECT target entry" if is_select else "RETURNING list entry"
            raise PgError(INVALID_OBJECT_DEFINITION, f'{what} {i} has different size from column "{col.name}"',
                          detail=f"{who} has type {cat.format_type(t, m)}, but column has type "
                                 f"{cat.format_type(col.typ, col.typmod)}.")
    if i != len(rel.columns):
        raise PgError(INVALID_OBJECT_DEFINITION, "SELECT rule's target list has too few entries"
                      if is_select else "RETURNING list has too few entries")


# ====================================================================== CREATE RULE
def create_rule(session, s: A.RuleStmt, text: str) -> Result:
    """DefineRule: analyze, check, store (INV-REWRITE-7)."""
    from pgref.engine.ddl import lookup_rel
    from pgref.planner.rewrite import analyze_rule, refs_rule_level
    session.before_ddl()
    cat = session.db.cat
    rel = lookup_rel(session, s.relation)
    if getattr(rel, "system", False):
        raise PgError("42501", f'permission denied: "{rel.name}" is a system catalog')
    if rel.kind not in ("r", "v"):
        raise PgError(WRONG_OBJECT_TYPE, f'relation "{rel.name}" cannot have rules',
                      detail="This operation is not supported for "
                             + {"S": "sequences", "i": "indexes"}.get(rel.kind, "this kind of relation") + ".")
    if s.where_clause is not None and any(isinstance(a, A.NotifyStmt) for a in s.actions):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "rules with WHERE conditions can only have SELECT, INSERT, UPDATE, or DELETE actions")
    ma = _analyzer(session)
    qual, actions = analyze_rule(ma, rel, s.where_clause, s.actions, s.event)
    # transformRuleStmt: which of OLD and NEW the event allows
    from pgref.analyzer import nodes as N
    queries = [a for a in actions if isinstance(a, N.Query)]
    has_old = any(refs_rule_level(a, 1, 1) for a in queries) or (qual is not None and refs_rule_level(qual, 0, 1))
    has_new = any(refs_rule_level(a, 1, 2) for a in queries) or (qual is not None and refs_rule_level(qual, 0, 2))
    for q in queries:
        for cte in q.ctes.values():
            inner = getattr(cte, "modifying", None) or cte
            for varno, word in ((1, "OLD"), (2, "NEW")):
                if refs_rule_level(inner, 2, varno):
                    raise PgError(FEATURE_NOT_SUPPORTED, f"cannot refer to {word} within WITH query")
    ev = s.event
    if ev in ("select", "insert") and has_old:
        raise PgError(INVALID_OBJECT_DEFINITION, f"ON {ev.upper()} rule cannot use OLD")
    if ev in ("select", "delete") and has_new:
        raise PgError(INVALID_OBJECT_DEFINITION, f"ON {ev.upper()} rule cannot use NEW")
    name = s.rulename
    if ev == "select":
        return _create_select_rule(session, s, rel, actions)
    have_returning = False
    for q in queries:
        if not q.returning:
            continue
        if have_returning:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot have multiple RETURNING lists in a rule")
        have_returning = True
        if qual is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "RETURNING lists are not supported in conditional rules")
        if not s.instead:
            raise PgError(FEATURE_NOT_SUPPORTED, "RETURNING lists are not supported in non-INSTEAD rules")
        check_result_list(session, q.returning, rel, False)
    if name == VIEW_SELECT_RULE:
        raise PgError(INVALID_OBJECT_DEFINITION, f'non-view rule for "{rel.name}" must not be named "{name}"')
    old = _find(rel, name)
    if old is not None and not s.replace:
        raise PgError(DUPLICATE_OBJECT, f'rule "{name}" for relation "{rel.name}" already exists')
    rule = Rule(old.oid if old is not None else cat.new_oid(), name, rel.oid, ev, s.instead,
                qual=s.where_clause, actions=tuple(s.actions))
    if old is not None:
        rel.rules[rel.rules.index(old)] = rule
    else:
        rel.rules.append(rule)
    cat.changed()
    return Result("CREATE RULE")


def _create_select_rule(session, s: A.RuleStmt, rel, actions) -> Result:
    """ON SELECT rules: only a view's own "_RETURN" (DefineQueryRewrite)."""
    from pgref.analyzer import nodes as N
    if not actions:
        raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD NOTHING rules on SELECT are not implemented",
                      hint="Use views instead.")
    if len(actions) > 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "multiple actions for rules on SELECT are not implemented")
    q = actions[0]
    if not s.instead or not isinstance(q, N.Query) or q.command != "select":
        raise PgError(FEATURE_NOT_SUPPORTED, "rules on SELECT must have action INSTEAD SELECT")
    if any(c.command != "select" for c in q.ctes.values()):
        raise PgError(FEATURE_NOT_SUPPORTED, "rules on SELECT must not contain data-modifying statements in WITH")
    if s.where_clause is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "event qualifications are not implemented for rules on SELECT")
    check_result_list(session, q.target_list, rel, True)
    if rel.kind == "v" and not s.replace:
        raise PgError(INVALID_OBJECT_DEFINITION, f'"{rel.name}" is already a view')
    name = s.rulename
    if name != VIEW_SELECT_RULE and not (name.startswith("_RET") and name[4:].startswith(rel.name[:56])):
        raise PgError(INVALID_OBJECT_DEFINITION, f'view rule for "{rel.name}" must be named "{VIEW_SELECT_RULE}"')
    if rel.kind != "v":
        raise PgError(FEATURE_NOT_SUPPORTED, "converting a table to a view with CREATE RULE is not supported")
    # CREATE OR REPLACE RULE "_RETURN": the view's query replaced
    from pgref.engine.viewcmds import analyze_view
    rel.view_query = s.actions[0]
    rel.view_tree = analyze_view(session, s.actions[0], [c.name for c in rel.live_columns()])
    session.db.cat.changed()
    return Result("CREATE RULE")


# ====================================================================== DROP / ALTER RULE
def drop_rule(session, s: A.DropStmt, text: str) -> Result:
    """RemoveRewriteRule for DROP RULE [IF EXISTS] name ON table."""
    from pgref.engine.ddl import lookup_rel, notice
    session.before_ddl()
    for obj in s.objects:
        relnames, rulename = list(obj[:-1]), obj[-1]
        rv = A.RangeVar(schemaname=relnames[-2] if len(relnames) > 1 else None, relname=relnames[-1])
        rel = lookup_rel(session, rv, missing_ok=s.missing_ok)
        if rel is None:
            notice(session, f'relation "{".".join(relnames)}" does not exist, skipping')
            continue
        rule = _find(rel, rulename)
        if rule is None:
            if rel.kind == "v" and rulename == VIEW_SELECT_RULE:
                raise PgError(DEPENDENT_OBJECTS_STILL_EXIST, f"cannot drop rule _RETURN on view {rel.name} because "
                              f"view {rel.name} requires it", hint=f"You can drop view {rel.name} instead.")
            if s.missing_ok:
                notice(session, f'rule "{rulename}" for relation "{rel.name}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_OBJECT, f'rule "{rulename}" for relation "{rel.name}" does not exist')
        rel.rules.remove(rule)
    session.db.cat.changed()
    return Result("DROP RULE")


def rename_rule(session, s: A.RenameStmt, text: str) -> Result:
    """RenameRewriteRule: ALTER RULE name ON table RENAME TO new."""
    from pgref.engine.ddl import lookup_rel
    session.before_ddl()
    rel = lookup_rel(session, s.relation)
    rule = _find(rel, s.subname)
    if rule is None:
        if rel.kind == "v" and s.subname == VIEW_SELECT_RULE:
            raise PgError(FEATURE_NOT_SUPPORTED, "renaming an ON SELECT rule is not allowed")
        raise PgError(UNDEFINED_OBJECT, f'rule "{s.subname}" for relation "{rel.name}" does not exist')
    if _find(rel, s.newname) is not None or (rel.kind == "v" and s.newname == VIEW_SELECT_RULE):
        raise PgError(DUPLICATE_OBJECT, f'rule "{s.newname}" for relation "{rel.name}" already exists')
    rule.name = s.newname
    session.db.cat.changed()
    return Result("ALTER RULE")


# ====================================================================== dependencies
def rule_relations(session, rel, rule) -> list[int]:
    """OIDs of the relations a rule's actions and condition use, other
    than its own relation (recordDependencyOnExpr for pg_rewrite)."""
    from pgref.analyzer import nodes as N
    from pgref.engine.viewcmds import relations_used
    from pgref.planner.rewrite import analyze_rule
    try:
        qual, actions = analyze_rule(_analyzer(session), rel, rule.qual, rule.actions, rule.event)
    except PgError:
        return []
    out: list[int] = []
    trees = [a for a in actions if isinstance(a, N.Query)]
    if qual is not None:
        trees.append(N.Query("select", where=qual))
    for q in trees:
        for oid in relations_used(q) + _sublink_relations(q):
            if oid != rel.oid and oid not in out:
                out.append(oid)
    return out


def _sublink_relations(q) -> list[int]:
    """Relations read by sub-selects in expressions (relations_used walks
    range tables of every Query it reaches, so hand it each SubLink's)."""
    from pgref.engine.viewcmds import _all_queries, relations_used
    out: list[int] = []
    for sub in _all_queries(q):
        for oid in relations_used(sub):
            if oid not in out:
                out.append(oid)
    return out


class RuleDependent:
    """A rule as an object DROP ... CASCADE reaches (engine/ddl.py
    drop_relations): its OID, how dependency.c describes it, and how it
    goes away."""

    def __init__(self, rel, rule):
        self.rel, self.rule, self.oid = rel, rule, rule.oid
        self.desc = f"rule {rule.name} on {'view' if rel.kind == 'v' else 'table'} {rel.name}"

    def drop(self) -> None:
        if self.rule in self.rel.rules:
            self.rel.rules.remove(self.rule)


def rule_dependents(session, relid: int) -> list[tuple]:
    """("rule", RuleDependent) for every rule of another relation that
    reads or writes relation ``relid`` (INV-REWRITE-8)."""
    out = []
    for other in list(session.db.cat.relations.values()):
        if other.oid == relid:
            continue
        for rule in other.rules:
            if relid in rule_relations(session, other, rule):
                out.append(("rule", RuleDependent(other, rule)))
    return out


# ====================================================================== running a rewritten statement
def plan_program(session, q, program, plan_one):
    """The Queries of a rewritten statement planned one by one; the
    result is a PlannedStmt standing for the statement (the tag-setting
    Query's, or an empty one of the original's command) whose
    ``rule_program`` lists ``(planned_or_NOTIFY, sets_tag)`` in order."""
    from pgref.planner import plan as P
    items = []
    carrier = None
    for pt, tag in program:
        if isinstance(pt, A.Node):
            items.append((pt, False))
            continue
        planned = plan_one(pt)
        items.append((planned, tag))
        if tag:
            carrier = planned
    if carrier is None:
        out = P.PlannedStmt(q.command, None, query=q, param_types=q.params)
        out.planner = None
    else:
        out = P.PlannedStmt(carrier.command, carrier.plan, list(carrier.colnames), list(carrier.coltypes),
                            list(carrier.coltypmods), list(carrier.origins), dict(carrier.ctes), carrier.query,
                            list(carrier.param_types))
        out.planner = getattr(carrier, "planner", None)
    out.rule_program = items
    return out


def run_program(session, planned, values) -> Result:
    """PortalRunMulti: each Query in order, a command-counter step between
    them; the tag-setting one's result is the statement's (INV-REWRITE-6)."""
    result = None
    for i, (item, tag) in enumerate(planned.rule_program):
        if i > 0 and session.xact is not None and session.__dict__.get("pinned_snapshot") is None:
            session.xact.cid += 1
        if isinstance(item, A.Node):
            from pgref.engine.utility import run_utility
            run_utility(session, item, "", None)
            continue
        res = session.run_planned(item, values=list(values))
        if tag:
            result = res
    if result is None:
        cmd = planned.command
        tag = {"insert": "INSERT 0 0", "update": "UPDATE 0", "delete": "DELETE 0"}.get(cmd, "SELECT 0")
        session._rowcount = 0
        return Result(tag, None, [], 0)
    session._rowcount = result.rowcount if hasattr(result, "rowcount") else 0
    return result


def comment_rule(session, s: A.CommentStmt, text: str) -> Result:
    """COMMENT ON RULE name ON table IS 'text' | NULL."""
    from pgref.engine.ddl import lookup_rel
    session.before_ddl()
    names = list(s.object)
    rv = A.RangeVar(schemaname=names[-3] if len(names) > 2 else None, relname=names[-2])
    rel = lookup_rel(session, rv)
    rule = _find(rel, names[-1])
    if rule is None:
        raise PgError(UNDEFINED_OBJECT, f'rule "{names[-1]}" for relation "{rel.name}" does not exist')
    rule.comment = s.comment
    session.db.cat.changed()
    return Result("COMMENT")


_ENABLED = {"enable_rule": "O", "disable_rule": "D", "enable_always_rule": "A", "enable_replica_rule": "R"}


def alter_table_rules(session, s: A.AlterTableStmt, text: str) -> Result:
    """ALTER TABLE ... ENABLE [ALWAYS | REPLICA] / DISABLE RULE
    (EnableDisableRule)."""
    from pgref.engine.ddl import lookup_rel, notice
    session.before_ddl()
    rel = lookup_rel(session, s.relation, missing_ok=s.missing_ok)
    if rel is None:
        notice(session, f'relation "{s.relation.relname}" does not exist, skipping')
        return Result("ALTER TABLE")
    for cmd in s.cmds:
        rule = _find(rel, cmd.name)
        if rule is None:
            raise PgError(UNDEFINED_OBJECT, f'rule "{cmd.name}" for relation "{rel.name}" does not exist')
        rule.enabled = _ENABLED[cmd.subtype]
    session.db.cat.changed()
    return Result("ALTER TABLE")


def install(handlers: dict) -> None:
    from pgref.engine.functions import _chain
    handlers[A.RuleStmt] = create_rule
    _chain(handlers, A.CommentStmt, lambda st: st.objtype == "rule", comment_rule)
    _chain(handlers, A.AlterTableStmt, lambda st: bool(st.cmds) and all(getattr(c, "subtype", "") in _ENABLED
                                                                         for c in st.cmds), alter_table_rules)
    _chain(handlers, A.DropStmt, lambda st: st.remove_type == "rule", drop_rule)
    _chain(handlers, A.RenameStmt, lambda st: st.rename_type == "rule", rename_rule)

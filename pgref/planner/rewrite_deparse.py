"""pg_get_ruledef for CREATE RULE rules (ruleutils.c make_ruledef,
get_insert_query_def, get_update_query_def, get_delete_query_def).

Where it sits: ``planner/`` beside rewrite.py (spec/17-rewrite.md,
"Printing rules").  A rule is analyzed as planner/rewrite.py analyzes it
for use (OLD / NEW as the level above each action) and printed with
catalog/querydeparse.py's Deparser, whose expression and SELECT printing
it shares; this module adds the rule header and the three data-modifying
statements.

Layout, as PostgreSQL prints it without the pretty flag (only
PRETTYFLAG_INDENT)::

    CREATE RULE r AS
        ON UPDATE TO public.t
       WHERE (old.a <> new.a) DO  INSERT INTO log (a, b)
      VALUES (old.a, new.b);

Entry point: :func:`rule_definition`.
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.catalog.querydeparse import INDENT_STD, Deparser, assign_names, quote_ident


def _relname(session, rel, schema: bool) -> str:
    cat = session.db.cat
    name = quote_ident(rel.name)
    if schema or rel.namespace not in session.search_path():
        name = quote_ident(cat.namespace_name(rel.namespace)) + "." + name
    return name


def rule_definition(session, rel, rule, pretty: bool) -> str:
    """make_ruledef: the CREATE RULE statement of ``rule``."""
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.planner.rewrite import analyze_rule, rule_scope
    ma = ModifyAnalyzer(session.expr_analyzer())
    qual, actions = analyze_rule(ma, rel, rule.qual, rule.actions, rule.event)
    outer = N.Query("select", rtable=rule_scope(rel).rtable)
    buf = [f"CREATE RULE {quote_ident(rule.name)} AS", "\n    ON ", rule.event.upper(),
           " TO " + _relname(session, rel, not pretty)]
    first = next((a for a in actions if isinstance(a, N.Query)), None)
    if qual is not None:
        d = _deparser(session, pretty, outer, first)
        d.stack = [outer]
        buf.append("\n  ")
        buf.append(" WHERE " + d.expr(qual, top=True))
    buf.append(" DO ")
    if rule.instead:
        buf.append("INSTEAD ")
    texts = [_action(session, pretty, outer, a) for a in actions]
    if len(texts) > 1:
        buf.append("(" + "".join(t + (";\n" if pretty else "; ") for t in texts) + ");")
    elif not texts:
        buf.append("NOTHING;")
    else:
        if texts[0].startswith("\n"):
            buf[-1] = buf[-1].rstrip(" ")      # appendContextKeyword drops trailing spaces
        buf.append(texts[0] + ";")
    return "".join(buf)


def _deparser(session, pretty: bool, outer: N.Query, action) -> Deparser:
    names = {id(rte): rte.alias for rte in outer.rtable}
    if action is not None:
        names.update(assign_names(action, {"old": 0, "new": 0}, per_level=True))
    return Deparser(session, pretty, names)


def _action(session, pretty: bool, outer: N.Query, a) -> str:
    if not isinstance(a, N.Query):                       # NOTIFY
        return f"\n NOTIFY {quote_ident(a.conditionname)}" + (
            "" if a.payload is None else ", " + _literal(a.payload))
    d = _deparser(session, pretty, outer, a)
    d.stack = [outer]
    if a.command == "select":
        return d.query(a)
    d.stack.append(a)
    try:
        return {"insert": _insert, "update": _update, "delete": _delete}[a.command](session, d, a)
    finally:
        d.stack.pop()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _target(session, d: Deparser, q: N.Query) -> tuple:
    rte = q.rtable[q.result_relation - 1]
    rel = session.db.cat.relation(rte.relid)
    name = _relname(session, rel, False)
    alias = rte.alias if rte.alias and rte.alias != rel.name else None
    return rte, rel, name, alias


def _returning(d: Deparser, buf: list, q: N.Query) -> None:
    if q.returning:
        d.keyword(buf, " RETURNING", -INDENT_STD, INDENT_STD, 1)
        saved = q.target_list
        q.target_list = q.returning
        try:
            d.target_list(buf, q, None)
        finally:
            q.target_list = saved


def _insert(session, d: Deparser, q: N.Query) -> str:
    """get_insert_query_def."""
    buf: list[str] = []
    d.indent += INDENT_STD
    rte, rel, name, alias = _target(session, d, q)
    buf.append(" INSERT INTO " + name + " ")
    if alias is not None:
        buf.append("AS " + quote_ident(alias) + " ")
    cols = [c for c in q.insert_columns]
    by_attno = {te.resno: te.expr for te in q.target_list}
    colnames = {c.attnum: c.name for c in rel.columns}
    if cols:
        buf.append("(" + ", ".join(quote_ident(colnames[c]) for c in cols) + ") ")
    src = None
    if len(q.jointree) == 1 and isinstance(q.jointree[0], N.RangeTblRef):
        src = q.rtable[q.jointree[0].rtindex - 1]
    if src is not None and src.kind == "subquery":
        buf.append(d.query(src.subquery, None, d.indent))
    elif src is not None and src.kind == "values" and len(src.values_lists) > 1:
        rows = ["(" + ",".join(d.expr(e) for e in row) + ")" for row in src.values_lists]
        buf.append("VALUES " + ", ".join(rows))
    elif cols:
        exprs = []
        for c in cols:
            e = by_attno[c]
            if src is not None and src.kind == "values" and isinstance(e, N.Var) and e.levelsup == 0 \
                    and q.rtable[e.varno - 1] is src:
                e = src.values_lists[0][e.varattno - 1]
            exprs.append(e)
        d.keyword(buf, "VALUES (", -INDENT_STD, INDENT_STD, 2)
        buf.append(", ".join(d.expr(e, top=True) for e in exprs) + ")")
    else:
        buf.append("DEFAULT VALUES")
    if q.on_conflict is not None:
        oc = q.on_conflict
        if oc.action == "nothing":
            buf.append(" ON CONFLICT DO NOTHING")
        else:
            sets = ", ".join(quote_ident(colnames[te.resno]) + " = " + d.expr(te.expr, top=True)
                             for te in oc.set_list)
            buf.append(" ON CONFLICT DO UPDATE SET " + sets)
            if oc.where is not None:
                d.keyword(buf, " WHERE ", -INDENT_STD, INDENT_STD, 1)
                buf.append(d.expr(oc.where, top=True))
    _returning(d, buf, q)
    d.indent -= INDENT_STD
    return "".join(buf)


def _from_items(d: Deparser, buf: list, q: N.Query, word: str) -> None:
    first = True
    for node in q.jointree:
        if isinstance(node, N.RangeTblRef) and node.rtindex == q.result_relation:
            continue
        item = d.from_item(q, node)
        if first:
            d.keyword(buf, word, -INDENT_STD, INDENT_STD, 2)
            first = False
            buf.append(item)
        else:
            buf.append(", " + item)


def _update(session, d: Deparser, q: N.Query) -> str:
    """get_update_query_def."""
    buf: list[str] = [" "]
    d.indent += INDENT_STD
    rte, rel, name, alias = _target(session, d, q)
    buf.append("UPDATE " + ("" if rte.inh else "ONLY ") + name + ("" if alias is None else " " + quote_ident(alias)))
    colnames = {c.attnum: c.name for c in rel.columns}
    buf.append(" SET " + ", ".join(quote_ident(colnames[te.resno]) + " = " + d.expr(te.expr, top=True)
                                   for te in q.target_list if not te.resjunk))
    _from_items(d, buf, q, " FROM ")
    if q.where is not None:
        d.keyword(buf, " WHERE ", -INDENT_STD, INDENT_STD, 1)
        buf.append(d.expr(q.where, top=True))
    _returning(d, buf, q)
    d.indent -= INDENT_STD
    return "".join(buf)


def _delete(session, d: Deparser, q: N.Query) -> str:
    """get_delete_query_def."""
    buf: list[str] = [" "]
    d.indent += INDENT_STD
    rte, rel, name, alias = _target(session, d, q)
    buf.append("DELETE FROM " + ("" if rte.inh else "ONLY ") + name
               + ("" if alias is None else " " + quote_ident(alias)))
    _from_items(d, buf, q, " USING ")
    if q.where is not None:
        d.keyword(buf, " WHERE ", -INDENT_STD, INDENT_STD, 1)
        buf.append(d.expr(q.where, top=True))
    _returning(d, buf, q)
    d.indent -= INDENT_STD
    return "".join(buf)

"""Printing analyzed queries and expressions back as SQL (ruleutils.c's
get_query_def and get_rule_expr).

Where it sits: ``catalog/`` (spec/04-catalog.md, "Showing stored
definitions").  pg_get_viewdef re-analyzes a view's stored query and prints
it here; EXPLAIN (planner/explain.py) prints plan expressions with the same
expression printer.  Input is the bound tree of analyzer/nodes.py, so what is
printed is what the analyzer understood: columns qualified by their range
table names, implicit casts invisible, explicit ones and literal types
shown (``'abc'::text``), ``x IN (1, 2)`` as ``x = ANY (ARRAY[1, 2])``.

Two layouts, as PostgreSQL's prettyFlags:

* ``pretty=False`` (PRETTYFLAG_INDENT, pg_get_viewdef(v)): every operator,
  boolean and cast is parenthesized: ``WHERE ((t.a > 1) AND (t.b IS NULL))``.
* ``pretty=True`` (PRETTYFLAG_INDENT | PRETTYFLAG_PAREN,
  pg_get_viewdef(v, true), psql's ``\\d+``): parentheses only where
  isSimpleNode says the precedence needs them.

Line layout is appendContextKeyword's: an indent level that grows by 8 inside
each SELECT, keywords at fixed offsets from it (`` FROM`` at level-5,
`` WHERE`` at level-6 ...), every output column on its own line.

Anything this printer does not know raises 0A000 rather than print SQL that
would mean something else (INV-CATALOG-DEPARSE-1).
"""
from __future__ import annotations

from dataclasses import fields

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.types import oids as T

INDENT_STD = 8      # PRETTYINDENT_STD
INDENT_JOIN = 4     # PRETTYINDENT_JOIN
INDENT_VAR = 4      # PRETTYINDENT_VAR

# nodes that print with their own delimiters (isSimpleNode's "own
# parentheses" / "other separators" parents)
_DELIMITED_PARENTS = (N.CoalesceExpr, N.MinMaxExpr, N.NullIfExpr, N.Aggref, N.CaseExpr, N.ArrayExpr, N.RowExpr)


# expressions a merged JOIN USING column can be (COALESCE for FULL JOIN, an
# implicit coercion to the common type)
_JOIN_MERGE_NODES = (N.CoalesceExpr, N.RelabelType, N.CoerceViaIO, N.FuncExpr)


def unsupported(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f"displaying {what} is not supported yet")


def quote_ident(name: str) -> str:
    from pgref.types.registry import quote_identifier
    return quote_identifier(name)


def quote_literal(text: str, standard_strings: bool = True) -> str:
    """simple_quote_literal: quotes doubled; backslashes doubled too only
    when standard_conforming_strings is off (no E'' prefix either way)."""
    text = text.replace("'", "''")
    if not standard_strings:
        text = text.replace("\\", "\\\\")
    return "'" + text + "'"


class Namespace:
    """One query level: its range table and the (unique) name each entry is
    printed with."""

    def __init__(self, q: N.Query, names: dict[int, str]):
        self.q = q
        self.names = names


def assign_names(q: N.Query, used: dict[str, int] | None = None, per_level: bool = False) -> dict[int, str]:
    """set_rtable_names: an entry's alias (or table name), with ``_1``,
    ``_2`` appended to later duplicates across all levels.  With
    ``per_level`` (pg_get_viewdef) a name only has to differ from those of
    its own and enclosing levels, so sibling sub-selects (UNION branches)
    may reuse one; EXPLAIN names every entry of the plan uniquely."""
    used = {} if used is None else used
    names: dict[int, str] = {}
    seen: set[int] = set()

    def visit(q: N.Query, used: dict[str, int]) -> None:
        if id(q) in seen:
            return              # one sub-select reached twice (UPDATE SET (a, b) = (SELECT ...))
        seen.add(id(q))
        for rte in q.rtable:
            if rte.kind == "join" and rte.alias == "unnamed_join":
                continue
            base = rte.alias or rte.relname or rte.ctename or ""
            if base in used:
                used[base] += 1
                suffix = f"_{used[base]}"
                # keep the result a legal name (NAMEDATALEN - 1 bytes)
                trimmed = base
                while len((trimmed + suffix).encode("utf-8")) > 63:
                    trimmed = trimmed[:-1]
                names[id(rte)] = trimmed + suffix
            else:
                used[base] = 0
                names[id(rte)] = base
        # a level's own entries are named before anything below it
        # (set_rtable_names runs per level, before its subqueries print)
        def below() -> dict[str, int]:
            return dict(used) if per_level else used
        for rte in q.rtable:
            if rte.subquery is not None and rte.kind not in ("cte", "worktable") and rte.relkind != "v":
                visit(rte.subquery, below())
        for cte in q.ctes.values():
            visit(cte, below())
        for sub in _direct_sublinks(q):
            visit(sub, below())
    visit(q, used)
    return names


def _direct_sublinks(q: N.Query) -> list[N.Query]:
    """The sub-selects in expressions of one query level (not those of
    its FROM subqueries or WITH queries), in field order."""
    from dataclasses import is_dataclass
    out: list[N.Query] = []

    def walk(obj) -> None:
        if obj is None or isinstance(obj, (str, int, float, bool, set, N.Query)):
            return
        if isinstance(obj, N.SubLink):
            walk(obj.testexprs)
            out.append(obj.subquery)
            return
        if isinstance(obj, (list, tuple)):
            for x in obj:
                walk(x)
            return
        if is_dataclass(obj) and not isinstance(obj, type):
            for f in fields(obj):
                walk(getattr(obj, f.name))
    for f in fields(q):
        if f.name not in ("rtable", "ctes"):
            walk(getattr(q, f.name))
    for rte in q.rtable:
        if rte.kind in ("values", "function"):
            walk(rte.values_lists)
            walk(rte.func)
    return out


class Deparser:
    def __init__(self, session, pretty: bool, names: dict[int, str] | None = None,
                 varprefix: bool = True, indent_mode: bool = True):
        self.session = session
        self.cat = session.db.cat
        self.pretty = pretty
        self.names = names or {}
        self.varprefix = varprefix
        self.indent_mode = indent_mode      # PRETTYFLAG_INDENT (off for EXPLAIN)
        self.stack: list[N.Query] = []
        # join alias columns (see _join_ref): per query level, and the
        # narrower scope used while printing one join's ON clause
        self._join_scopes: dict[int, list] = {}
        self._colname_cache: dict[int, tuple] = {}
        self._scope_override: dict[int, list] = {}
        self.indent = 0

    # ================================================================ layout
    def keyword(self, buf: list[str], text: str, before: int, after: int, plus: int) -> None:
        """appendContextKeyword."""
        if not self.indent_mode:
            buf.append(text)
            return
        self.indent += before
        while buf and buf[-1].endswith(" "):
            buf[-1] = buf[-1].rstrip(" ")
            if not buf[-1]:
                buf.pop()
        buf.append("\n" + " " * (max(self.indent, 0) + plus) + text)
        self.indent = max(self.indent + after, 0)

    def p_open(self) -> str:
        return "" if self.pretty else "("

    def p_close(self) -> str:
        return "" if self.pretty else ")"

    # ================================================================ queries
    def query(self, q: N.Query, colnames: list[str] | None = None, indent: int = 0) -> str:
        saved = self.indent
        self.indent = indent
        buf: list[str] = []
        self.stack.append(q)
        try:
            if q.ctes:
                self.with_clause(buf, q)
            if q.set_op is not None:
                self.setop_query(buf, q, colnames)
            else:
                self.select_query(buf, q, colnames)
        finally:
            self.stack.pop()
            self.indent = saved
        return "".join(buf)

    def with_clause(self, buf, q: N.Query) -> None:
        """get_with_clause."""
        self.indent += INDENT_STD
        recursive = any(getattr(c, "cte_recursive_with", False) for c in q.ctes.values())
        buf.append(" WITH RECURSIVE " if recursive else " WITH ")
        for i, (name, cte) in enumerate(q.ctes.items()):
            if i:
                buf.append(", ")
            buf.append(quote_ident(name))
            aliases = getattr(cte, "cte_aliascolnames", ())
            if aliases:
                buf.append("(" + ", ".join(quote_ident(c) for c in aliases) + ")")
            buf.append(" AS " + {"always": "MATERIALIZED ", "never": "NOT MATERIALIZED "}.get(
                getattr(cte, "cte_materialized", "default"), "") + "(")
            self.keyword(buf, "", 0, 0, 0)
            # a SEARCH/CYCLE item shows its query as written (analyzer/cte.py)
            buf.append(self.query(getattr(cte, "cte_display", None) or cte, None, self.indent))
            self.keyword(buf, "", 0, 0, 0)
            buf.append(")")
            sc = getattr(cte, "cte_search", None)
            if sc is not None:
                buf.append(" SEARCH " + ("BREADTH" if sc[0] else "DEPTH") + " FIRST BY "
                           + ", ".join(quote_ident(c) for c in sc[1]) + " SET " + quote_ident(sc[2]))
            cc = getattr(cte, "cte_cycle", None)
            if cc is not None:
                cols, mark, value, default, path = cc
                buf.append(" CYCLE " + ", ".join(quote_ident(c) for c in cols) + " SET " + quote_ident(mark))
                if not (isinstance(value, N.Const) and value.value is True
                        and isinstance(default, N.Const) and default.value is False):
                    buf.append(" TO " + self.expr(value) + " DEFAULT " + self.expr(default))
                buf.append(" USING " + quote_ident(path))
        self.indent -= INDENT_STD
        self.keyword(buf, "", 0, 0, 0)

    def select_query(self, buf, q: N.Query, colnames) -> None:
        if q.command != "select":
            raise unsupported("this statement")
        self.indent += INDENT_STD
        buf.append(" SELECT")
        if q.distinct_on is not None:
            buf.append(" DISTINCT ON (" + ", ".join(self.expr(k.expr) for k in q.distinct_on) + ")")
        elif q.distinct is not None:
            buf.append(" DISTINCT")
        self.target_list(buf, q, colnames)
        self.from_clause(buf, q)
        if q.where is not None:
            self.keyword(buf, " WHERE ", -INDENT_STD, INDENT_STD, 1)
            buf.append(self.expr(q.where, top=True))
        if q.group_by or getattr(q, "grouping_sets", None) is not None:
            from pgref.analyzer.grouping import deparse_group_by
            self.keyword(buf, " GROUP BY ", -INDENT_STD, INDENT_STD, 1)
            buf.append(deparse_group_by(q, lambda g: self.sortgroup_expr(q, g)))
        if q.having is not None:
            self.keyword(buf, " HAVING ", -INDENT_STD, INDENT_STD, 0)
            buf.append(self.expr(q.having, top=True))
        self.order_limit(buf, q)
        self.indent -= INDENT_STD

    def order_limit(self, buf, q: N.Query, positional: bool = False) -> None:
        if q.sort:
            self.keyword(buf, " ORDER BY ", -INDENT_STD, INDENT_STD, 1)
            keys = []
            for k in q.sort:
                if positional:
                    pos = next((i + 1 for i, te in enumerate(q.target_list) if te.expr == k.expr), None)
                    if pos is None:
                        raise unsupported("this ORDER BY")
                    text = str(pos)
                else:
                    text = self.sortgroup_expr(q, k.expr)
                if k.descending:
                    text += " DESC"
                    if not k.nulls_first:
                        text += " NULLS LAST"
                elif k.nulls_first:
                    text += " NULLS FIRST"
                keys.append(text)
            buf.append(", ".join(keys))
        if q.limit_offset is not None:
            self.keyword(buf, " OFFSET ", -INDENT_STD, INDENT_STD, 0)
            buf.append(self.expr(q.limit_offset))
        if q.limit_count is not None:
            if q.limit_with_ties:
                self.keyword(buf, " FETCH FIRST ", -INDENT_STD, INDENT_STD, 0)
                # the count is a c_expr in the grammar: always parenthesized
                text = self.expr(q.limit_count)
                if _is_implicit_cast(q.limit_count) and self.pretty and \
                        not self.is_simple(_cast_arg(q.limit_count), q.limit_count):
                    text = "(" + text + ")"     # get_func_expr: get_rule_expr_paren of the cast's argument
                buf.append("(" + text + ") ROWS WITH TIES")
            else:
                self.keyword(buf, " LIMIT ", -INDENT_STD, INDENT_STD, 0)
                if isinstance(q.limit_count, N.Const) and q.limit_count.value is None:
                    buf.append("ALL")
                else:
                    buf.append(self.expr(q.limit_count))

    def sortgroup_expr(self, q: N.Query, e: N.Expr) -> str:
        """get_rule_sortgroupclause: a constant key prints through its
        output position so it is not read back as a column number."""
        if isinstance(e, N.Const):
            for i, te in enumerate(q.target_list):
                if te.expr == e and not te.resjunk:
                    return str(i + 1)
        return self.expr(e)

    def target_list(self, buf, q: N.Query, colnames) -> None:
        visible = [te for te in q.target_list if not te.resjunk]
        sep = " "
        for i, te in enumerate(visible):
            if i:
                buf.append(",")
            text = self.arg(te.expr)
            name = colnames[i] if colnames is not None and i < len(colnames) else te.name
            # a Var shows AS only when renamed; anything else unless "?column?"
            hit = self._join_ref(te.expr) if isinstance(te.expr, (N.Var,) + _JOIN_MERGE_NODES) else None
            if hit is not None:
                attname = hit[1]
            else:
                attname = self._var_attname(te.expr) if isinstance(te.expr, N.Var) else "?column?"
            if name is not None and attname != name:
                text += " AS " + quote_ident(name)
            if i == 0:
                buf.append(sep + text)
            elif text.startswith("\n"):
                while buf and buf[-1].endswith(" "):
                    buf[-1] = buf[-1].rstrip(" ")
                buf.append(text)
            else:
                self.keyword(buf, "", -INDENT_STD, INDENT_STD, INDENT_VAR)
                buf.append(text)

    # ---------------------------------------------------------------- column names
    def _column_names(self, q: N.Query):
        """set_using_names + set_relation_column_names, for relation
        entries: a column joined by USING is printed with the USING name
        (the name the join was written with, even after a rename), other
        columns keep their names unless they would clash with one of those
        (``c_1``); after an unnamed FULL JOIN USING every merged name must
        be unique in the whole level.  Returns (per-entry names, per-join
        USING names)."""
        cached = self._colname_cache.get(id(q))
        if cached is not None:
            return cached[0], cached[1]
        forced: dict[tuple[int, int], str] = {}
        forced_merged: dict[tuple[int, int], str] = {}
        parent_using: dict[int, list[str]] = {}
        using_names: list[str] = []
        join_using: dict[int, list[str]] = {}

        def dangerous(node) -> bool:
            if not isinstance(node, N.JoinTree):
                return False
            rte = q.rtable[node.rtindex - 1]
            # has_dangerous_join_using: an unnamed join whose merged column is
            # not a plain column of one side (FULL JOIN's COALESCE, a coercion)
            if node.using and rte.alias == "unnamed_join" and \
                    any(not isinstance(je, N.Var) for je in (rte.joinvars or ())[:len(node.using)]):
                return True
            return dangerous(node.larg) or dangerous(node.rarg)
        unique_using = any(dangerous(n) for n in q.jointree)

        def strip(e):
            while _is_implicit_cast(e):
                e = _cast_arg(e)
            return e

        merged_keys: dict[int, set] = {}     # join rtindex -> input column keys its USING merges

        def push(side_node, e, name):
            """Hand a USING name down to the input column it joins: a
            merged USING column of a join below, or a table's column.
            Returns that column's key."""
            e = strip(e)
            if isinstance(side_node, N.JoinTree) and side_node.using:
                jr = q.rtable[side_node.rtindex - 1]
                for k, je in enumerate((jr.joinvars or ())[:len(side_node.using)]):
                    if je == e or strip(je) == e:
                        forced_merged[(side_node.rtindex, k)] = name
                        return ("m", side_node.rtindex, k)
            if isinstance(e, N.Var) and e.levelsup == 0 and 0 < e.varno <= len(q.rtable):
                rte = q.rtable[e.varno - 1]
                if rte.kind == "relation" and e.varattno > 0:
                    forced[(e.varno, e.varattno)] = name
                return ("r", e.varno, e.varattno)
            return None

        def visit(node, pu: list[str]) -> None:
            if isinstance(node, N.RangeTblRef):
                parent_using[node.rtindex] = pu
                return
            if not isinstance(node, N.JoinTree):
                return
            pu = list(pu)
            chosen: list[str] = []
            conds = []
            if node.using and node.quals is not None:
                conds = list(node.quals.args) if isinstance(node.quals, N.BoolExpr) and node.quals.op == "and" \
                    else [node.quals]
            for k, u in enumerate(node.using):
                name = forced_merged.get((node.rtindex, k))
                if name is None:
                    name = u
                    taken = set(pu) | set(chosen) | (set(using_names) if unique_using else set())
                    n = 0
                    while name in taken:
                        n += 1
                        name = f"{u}_{n}"
                    if unique_using:
                        using_names.append(name)
                chosen.append(name)
                pu.append(name)
                if k < len(conds) and isinstance(strip(conds[k]), N.OpExpr) and len(strip(conds[k]).args) == 2:
                    left, right = strip(conds[k]).args
                    merged_keys.setdefault(node.rtindex, set()).update(
                        {push(node.larg, left, name), push(node.rarg, right, name)} - {None})
            join_using[node.rtindex] = chosen
            visit(node.larg, pu)
            visit(node.rarg, pu)
        for node in q.jointree:
            visit(node, [])
        per_rte: dict[int, list[str]] = {}
        for rtindex, rte in enumerate(q.rtable, 1):
            if rte.kind != "relation":
                continue
            fixed = {a: n for (ri, a), n in forced.items() if ri == rtindex}
            if not fixed and not (unique_using and using_names) and not parent_using.get(rtindex):
                continue
            names: list[str] = []
            for i, real in enumerate(rte.colnames):
                if real == "" or (i + 1) in fixed:
                    names.append(fixed.get(i + 1, real))
                    continue
                taken = set(names) | set(fixed.values()) | set(parent_using.get(rtindex, ())) | \
                    (set(using_names) if unique_using else set())
                name, n = real, 0
                while name in taken:
                    n += 1
                    name = f"{real}_{n}"
                names.append(name)
            per_rte[rtindex] = names
        join_names: dict[int, tuple[list[str], dict[int, str], bool]] = {}

        def outputs(node) -> list[tuple[tuple, str]]:
            """set_join_column_names: a join's current output columns as
            (key, name), merged USING columns first; an aliased join keeps
            the names its columns had and uniquifies new ones."""
            if isinstance(node, N.RangeTblRef):
                rte = q.rtable[node.rtindex - 1]
                names = per_rte.get(node.rtindex, rte.colnames)
                return [(("r", node.rtindex, i + 1), n) for i, n in enumerate(names) if n != ""]
            rte = q.rtable[node.rtindex - 1]
            chosen = join_using.get(node.rtindex, [])
            mk = merged_keys.get(node.rtindex, set())
            out = [(("m", node.rtindex, k), n) for k, n in enumerate(chosen)]
            out += [c for c in outputs(node.larg) if c[0] not in mk]
            out += [c for c in outputs(node.rarg) if c[0] not in mk]
            if rte.alias == "unnamed_join":
                return out
            # which stored join column each current one is (by the expression under it)
            old_index: dict[tuple, int] = {}
            for k, je in enumerate(rte.joinvars or ()):
                if k < len(chosen):
                    old_index[("m", node.rtindex, k)] = k
                    continue
                v = strip(je)
                if isinstance(v, N.Var) and v.levelsup == 0:
                    old_index.setdefault(("r", v.varno, v.varattno), k)
                for key, _n in out:
                    if key[0] == "m" and key[1] != node.rtindex:
                        jr = q.rtable[key[1] - 1]
                        if jr.joinvars and key[2] < len(jr.joinvars) and jr.joinvars[key[2]] == je:
                            old_index.setdefault(key, k)
            # columns the join had keep their names; new ones get unique names
            final: list[str | None] = [None] * len(out)
            by_old: dict[int, str] = {}
            for second in (False, True):
                for pos_, (key, child) in enumerate(out):
                    k = old_index.get(key)
                    if (k is None or k >= len(rte.colnames)) != second:
                        continue
                    want = child if second else rte.colnames[k]
                    name, n = want, 0
                    while name in final:
                        n += 1
                        name = f"{want}_{n}"
                    final[pos_] = name
                    if not second:
                        by_old[k] = name
            changed = any(name != child for name, (_key, child) in zip(final, out))
            join_names[node.rtindex] = (final, by_old, changed)
            return [(key, n) for (key, _c), n in zip(out, final)]
        for node in q.jointree:
            outputs(node)
        self._colname_cache[id(q)] = (per_rte, join_using, join_names)
        return per_rte, join_using

    def _rte_colnames(self, q: N.Query, rte) -> list[str]:
        if rte.kind != "relation":
            return rte.colnames
        per_rte, _ = self._column_names(q)
        for rtindex, other in enumerate(q.rtable, 1):
            if other is rte:
                return per_rte.get(rtindex, rte.colnames)
        return rte.colnames

    # ---------------------------------------------------------------- join alias columns
    def _join_entries(self, q: N.Query, roots) -> list:
        """(expression, join entry, column index, named) for the columns a
        reference may have gone through: every column of an aliased join
        (whose inputs it hides, so the outermost alias wins) and the merged
        USING columns of unnamed joins."""
        entries: list = []

        def visit(node) -> None:
            if not isinstance(node, N.JoinTree):
                return
            rte = q.rtable[node.rtindex - 1]
            named = rte.alias != "unnamed_join"
            for i, je in enumerate(rte.joinvars or ()):
                if named or not isinstance(je, N.Var):
                    entries.append((je, rte, i, named))
            if not named:
                visit(node.larg)
                visit(node.rarg)
        for node in roots:
            visit(node)
        return entries

    def _join_ref(self, e):
        """The analyzer resolves a join's columns to the expressions under
        them; PostgreSQL keeps join Vars.  Map such an expression back:
        ``j.col`` for an aliased join, the bare merged name for an unnamed
        join's USING column.  Returns (text, column name) or None."""
        levelsup = e.levelsup if isinstance(e, N.Var) else 0
        if levelsup >= len(self.stack):
            return None
        q = self.stack[-1 - levelsup]
        entries = self._scope_override.get(id(q))
        if entries is None:
            entries = self._join_scopes.get(id(q))
            if entries is None:
                entries = self._join_entries(q, q.jointree)
                self._join_scopes[id(q)] = entries
        for je, rte, i, named in entries:
            if isinstance(e, N.Var):
                if not (isinstance(je, N.Var) and je.levelsup == 0 and je.varno == e.varno
                        and je.varattno == e.varattno):
                    continue
            elif je != e:
                continue
            col = rte.colnames[i]
            if not named:
                _, join_using = self._column_names(q)
                for rtindex, other in enumerate(q.rtable, 1):
                    if other is rte and i < len(join_using.get(rtindex, ())):
                        col = join_using[rtindex][i]
                return quote_ident(col), col
            self._column_names(q)
            for rtindex, other in enumerate(q.rtable, 1):
                if other is rte and rtindex in self._colname_cache[id(q)][2]:
                    col = self._colname_cache[id(q)][2][rtindex][1].get(i, col)
            name = self.names.get(id(rte), rte.alias)
            if self.varprefix:
                return quote_ident(name) + "." + quote_ident(col), col
            return quote_ident(col), col
        return None

    def _var_attname(self, e) -> str | None:
        if isinstance(e, N.Var) and e.varattno > 0:
            q = self.stack[-1 - e.levelsup]
            rte = q.rtable[e.varno - 1]
            if rte.kind == "join":
                inner = rte.joinvars[e.varattno - 1] if rte.joinvars else None
                if isinstance(inner, N.Var):
                    return rte.colnames[e.varattno - 1]
                return None
            return self._rte_colnames(q, rte)[e.varattno - 1]
        return None

    # ---------------------------------------------------------------- FROM
    def from_clause(self, buf, q: N.Query) -> None:
        first = True
        for node in q.jointree:
            if first:
                self.keyword(buf, " FROM ", -INDENT_STD, INDENT_STD, 2)
                first = False
                buf.append(self.from_item(q, node))
            else:
                buf.append(",")
                item = self.from_item(q, node)
                self.keyword(buf, "", -INDENT_STD, INDENT_STD, INDENT_VAR)
                buf.append(item)

    def from_item(self, q: N.Query, node) -> str:
        if isinstance(node, N.RangeTblRef):
            return self.rte_text(q, q.rtable[node.rtindex - 1])
        if not isinstance(node, N.JoinTree):
            raise unsupported("this FROM item")
        rte = q.rtable[node.rtindex - 1]
        alias = self.names.get(id(rte), rte.alias) if rte.alias != "unnamed_join" else None
        out: list[str] = []
        paren = not self.pretty or alias is not None
        if paren:
            out.append("(")
        out.append(self.from_item(q, node.larg))
        word = {"inner": " JOIN ", "left": " LEFT JOIN ", "right": " RIGHT JOIN ",
                "full": " FULL JOIN "}.get(node.jointype)
        if word is None:
            raise unsupported("this join")
        using = getattr(node, "using", None)
        if node.jointype == "inner" and node.quals is None and not using:
            word = " CROSS JOIN "
        self.keyword(out, word, -INDENT_STD, INDENT_STD, INDENT_JOIN)
        right = self.from_item(q, node.rarg)
        if isinstance(node.rarg, N.JoinTree) and self.pretty and not out[-1].endswith("("):
            right = "(" + right + ")"
        out.append(right)
        if using:
            using = self._column_names(q)[1].get(node.rtindex, using)
            out.append(" USING (" + ", ".join(quote_ident(c) for c in using) + ")")
            ua = q.rtable[node.rtindex] if node.rtindex < len(q.rtable) else None
            if ua is not None and ua.kind == "join" and ua.alias != "unnamed_join" and ua.joinvars \
                    and list(ua.joinvars) == list(rte.joinvars or ())[:len(using)] and len(ua.colnames) == len(using):
                out.append(" AS " + quote_ident(self.names.get(id(ua), ua.alias)))   # JOIN ... USING (...) AS x
        elif node.quals is not None:
            # the ON clause sees the join's inputs (aliases inside them only)
            saved = self._scope_override.get(id(q))
            self._scope_override[id(q)] = self._join_entries(q, [node.larg, node.rarg])
            try:
                out.append(" ON " + self.p_open() + self.expr(node.quals, top=True) + self.p_close())
            finally:
                if saved is None:
                    del self._scope_override[id(q)]
                else:
                    self._scope_override[id(q)] = saved
        elif node.jointype != "inner":
            out.append(" ON TRUE")        # an outer join without condition (NATURAL, no common column)
        if paren:
            out.append(")")
        if alias is not None:
            out.append(" " + quote_ident(alias))
            self._column_names(q)
            final, _by_old, changed = self._colname_cache[id(q)][2].get(node.rtindex, ([], {}, False))
            if changed:
                out.append("(" + ", ".join(quote_ident(n) for n in final) + ")")
        return "".join(out)

    def rte_text(self, q: N.Query, rte) -> str:
        name = self.names.get(id(rte), rte.alias)
        lateral = "LATERAL " if rte.lateral and rte.kind in ("subquery", "function") else ""
        if rte.kind == "relation" or (rte.kind == "subquery" and rte.relkind == "v" and rte.relid):
            # a view is printed by name, as the relation it is in pg_rewrite
            rel = self.cat.relation(rte.relid)
            text = quote_ident(rel.name)
            if rel.namespace not in self.session.search_path():
                text = quote_ident(self.cat.namespace_name(rel.namespace)) + "." + text
            if not getattr(rte, "inh", True):
                text = "ONLY " + text
            # column aliases that differ from the relation's own names are
            # printed as a list (and then the alias too, set_relation_column_names)
            if rte.kind == "relation":
                real = [c.name if not c.dropped else "" for c in rel.columns]
            else:
                real = [c.name for c in rel.live_columns()]
            pairs = [(n, r) for n, r in zip(self._rte_colnames(q, rte), real) if r != ""]
            if any(n != r for n, r in pairs):
                text += " " + quote_ident(name) + "(" + ", ".join(quote_ident(n) for n, _ in pairs) + ")"
            elif name != rel.name:
                text += " " + quote_ident(name)
            return text
        if rte.kind == "subquery":
            values = _bare_values(rte.subquery)
            if values is not None:
                rows = ", ".join("(" + ",".join(self.expr(e) for e in row) + ")" for row in values)
                cols = ", ".join(quote_ident(c) for c in rte.colnames)
                return f"( VALUES {rows}) {quote_ident(name)}({cols})"
            inner = self.query(rte.subquery, None, self.indent)
            return f"{lateral}({inner}) {quote_ident(name)}"
        if rte.kind in ("cte", "worktable"):
            text = quote_ident(rte.ctename)
            return text if name == rte.ctename else f"{text} {quote_ident(name)}"
        if rte.kind == "values":
            rows = ", ".join("(" + ",".join(self.expr(e) for e in row) + ")" for row in rte.values_lists)
            cols = ", ".join(quote_ident(c) for c in rte.colnames)
            return f"( VALUES {rows}) {quote_ident(name)}({cols})"
        if rte.kind == "function":
            cols = ", ".join(quote_ident(c) for c in rte.colnames)
            return f"{lateral}{self.expr(rte.func)} {quote_ident(name)}({cols})"
        raise unsupported(f"a {rte.kind} in FROM")

    # ---------------------------------------------------------------- set operations
    def setop_query(self, buf, q: N.Query, colnames) -> None:
        """get_setop_query: parentheses where the operator changes, leaves
        printed with the set operation's column names."""
        given = colnames is not None
        colnames = colnames or [te.name for te in q.target_list if not te.resjunk]

        def word(node) -> str:
            return node.op.upper() + " " + ("ALL " if node.all else "")

        # a view's column names show in every leaf; otherwise (a WITH query,
        # a subquery) the leaves after the first keep their own names
        leftmost = [True]

        def walk(node) -> None:
            if isinstance(node, int):
                sub = q.rtable[node - 1].subquery
                names, leftmost[0] = (colnames if given or leftmost[0] else None), False
                values = _bare_values(sub)
                if values is not None:
                    # get_values_def: a VALUES leaf prints as written
                    buf.append(" VALUES " + ", ".join("(" + ",".join(self.expr(e) for e in row) + ")"
                                                      for row in values))
                    return
                need = bool(sub.ctes or sub.sort or sub.limit_count is not None or sub.limit_offset is not None)
                if need:
                    buf.append("(")
                buf.append(self.query(sub, names, self.indent))
                if need:
                    buf.append(")")
                return
            need = False
            if not isinstance(node.larg, int):
                need = not (node.larg.op == node.op and node.larg.all == node.all)
            sub = INDENT_STD if need else 0
            if need:
                buf.append("(")
                self.keyword(buf, "", sub, 0, 0)
            walk(node.larg)
            if need:
                self.keyword(buf, ") ", -sub, 0, 0)
            else:
                self.keyword(buf, "", -sub, 0, 0)
            buf.append(word(node))
            need = not isinstance(node.rarg, int)
            sub = INDENT_STD if need else 0
            if need:
                buf.append("(")
            self.keyword(buf, "", sub, 0, 0)
            walk(node.rarg)
            self.indent -= sub
            if need:
                self.keyword(buf, ")", 0, 0, 0)
        walk(q.set_op)
        self.order_limit(buf, q, positional=True)

    # ================================================================ expressions
    def expr(self, e, parent=None, top: bool = False, implicit: bool = False) -> str:
        """get_rule_expr; ``implicit`` is its showimplicit: operands of
        operators and arguments of functions show implicit casts too."""
        if isinstance(e, _JOIN_MERGE_NODES):
            hit = self._join_ref(e)
            if hit is not None:
                return hit[0]
        if _is_implicit_cast(e):
            if not implicit:
                return self.expr(_cast_arg(e), parent, top)
            return self.coercion(_cast_arg(e), e.typ, getattr(e, "typmod", -1), e)
        m = getattr(self, "e_" + type(e).__name__, None)
        if m is None:
            raise unsupported(f"a {type(e).__name__} expression")
        return m(e)

    def arg(self, e) -> str:
        return self.expr(e, implicit=True)

    def paren(self, e, parent, implicit: bool = True) -> str:
        """get_rule_expr_paren: parenthesize unless isSimpleNode."""
        text = self.expr(e, parent, implicit=implicit)
        shown = e if (implicit or not _is_implicit_cast(e)) else _cast_arg(e)
        if self.pretty and not self.is_simple(shown, parent):
            return "(" + text + ")"
        return text

    def is_simple(self, node, parent) -> bool:
        if isinstance(node, (N.Var, N.Const, N.Param, N.CoalesceExpr, N.MinMaxExpr, N.NullIfExpr,
                             N.Aggref, N.GroupingFunc, N.CaseExpr, N.ArrayExpr, N.RowExpr, N.SQLValueFunction,
                             N.CaseTestExpr)):
            return True
        if isinstance(node, N.FuncExpr):
            return node.funcformat in ("call", "implicit", "sql")
        if isinstance(node, (N.RelabelType, N.CoerceViaIO, N.CoerceToDomain)):
            return True
        if isinstance(node, N.OpExpr) and isinstance(parent, N.OpExpr):
            op = self._binop(node)
            pop = self._binop(parent)
            if op is None or pop is None:
                return False
            lo, hi = op in "+-", op in "*/%"
            plo, phi = pop in "+-", pop in "*/%"
            if not (lo or hi) or not (plo or phi):
                return False
            if hi and plo:
                return True
            if lo and phi:
                return False
            return parent.args[0] is node
        if isinstance(node, (N.OpExpr, N.SubLink, N.NullTest, N.BooleanTest, N.DistinctExpr,
                             N.ScalarArrayOpExpr)):
            if isinstance(parent, N.FuncExpr):
                return parent.funcformat == "call"
            return isinstance(parent, (N.BoolExpr,) + _DELIMITED_PARENTS)
        if isinstance(node, N.BoolExpr):
            if isinstance(parent, N.BoolExpr):
                if node.op in ("not", "and"):
                    return parent.op in ("and", "or")
                return parent.op == "or"
            if isinstance(parent, N.FuncExpr):
                return parent.funcformat == "call"
            return isinstance(parent, _DELIMITED_PARENTS)
        return False

    def _binop(self, e) -> str | None:
        if not isinstance(e, N.OpExpr) or len(e.args) != 2:
            return None
        name = self.cat.operator(e.opno).name
        return name if len(name) == 1 else None

    # ---------------------------------------------------------------- leaves
    def e_Var(self, e: N.Var) -> str:
        if e.levelsup >= len(self.stack) or e.varno < 1:
            raise unsupported("this column reference")
        hit = self._join_ref(e)
        if hit is not None:
            return hit[0]
        q = self.stack[-1 - e.levelsup]
        rte = q.rtable[e.varno - 1]
        if rte.kind == "join" and rte.alias == "unnamed_join":
            inner = rte.joinvars[e.varattno - 1] if rte.joinvars and e.varattno > 0 else None
            if inner is None:
                raise unsupported("a whole-row join reference")
            if isinstance(inner, N.Var):
                return self.e_Var(N.Var(inner.varno, inner.varattno, inner.typ, inner.typmod,
                                        inner.levelsup + e.levelsup))
            return self.expr(inner)
        name = self.names.get(id(rte), rte.alias)
        if e.varattno == 0:
            return quote_ident(name) + ".*"
        if e.varattno < 0:
            from pgref.analyzer.parse_state import SYSTEM_COLUMNS
            col = next(n for n, a in SYSTEM_COLUMNS.items() if a == e.varattno)
        else:
            col = self._rte_colnames(q, rte)[e.varattno - 1]
        if self.varprefix:
            return quote_ident(name) + "." + quote_ident(col)
        return quote_ident(col)

    def e_Const(self, e: N.Const, showtype: int = 0) -> str:
        name = self.cat.format_type(e.typ, e.typmod)
        if e.value is None:
            return "NULL" if showtype < 0 else f"NULL::{name}"
        from pgref.types.registry import IOContext, type_output
        text = type_output(IOContext(self.session.settings.io), e.typ, e.value)
        needlabel = True
        if e.typ == T.INT4OID:
            if not text.startswith("-"):
                out, needlabel = text, False
            else:
                out = f"'{text}'"
        elif e.typ == T.NUMERICOID:
            if text[:1].isdigit() and any(c in text for c in "eE."):
                out, needlabel = text, e.typmod >= 0
            else:
                out = f"'{text}'"
        elif e.typ == T.BOOLOID:
            out, needlabel = ("true" if e.value else "false"), False
        else:
            out = quote_literal(text, self.session.settings.get("standard_conforming_strings") != "off")
            if e.typ == T.UNKNOWNOID:
                needlabel = False
        if showtype < 0 or not needlabel:
            return out
        return f"{out}::{name}"

    def e_Param(self, e: N.Param) -> str:
        return f"${e.number}"

    def e_SQLValueFunction(self, e) -> str:
        text = e.op.upper()
        if e.typmod is not None and e.typmod >= 0 and text in ("CURRENT_TIME", "CURRENT_TIMESTAMP",
                                                               "LOCALTIME", "LOCALTIMESTAMP"):
            text += f"({e.typmod})"
        return text

    # ---------------------------------------------------------------- operators
    def op_name(self, opno: int) -> str:
        """generate_operator_name: the operator's name, as OPERATOR(schema.name)
        when the search path would not find this operator by its name and
        argument types (a user operator, engine/operatorcmds.py)."""
        op = self.cat.operator(opno)
        if opno < 16384:
            return op.name
        visible = next((o for o in self.cat.operators_named(op.name, None, self.session.search_path())
                        if o.left == op.left and o.right == op.right), None)
        if visible is not None and visible.oid == opno:
            return op.name
        return f"OPERATOR({quote_ident(self.cat.namespace_name(op.namespace))}.{op.name})"

    def e_OpExpr(self, e: N.OpExpr) -> str:
        op = self.op_name(e.opno)
        if len(e.args) == 2:
            inner = f"{self.paren(e.args[0], e)} {op} {self.paren(e.args[1], e)}"
        else:
            inner = f"{op} {self.paren(e.args[0], e)}"
        return self.p_open() + inner + self.p_close()

    def e_DistinctExpr(self, e: N.DistinctExpr) -> str:
        word = "IS NOT DISTINCT FROM" if e.negated else "IS DISTINCT FROM"
        inner = f"{self.paren(e.args[0], e)} {word} {self.paren(e.args[1], e)}"
        return self.p_open() + inner + self.p_close()

    def e_NullIfExpr(self, e: N.NullIfExpr) -> str:
        return f"NULLIF({self.arg(e.args[0])}, {self.arg(e.args[1])})"

    def e_ScalarArrayOpExpr(self, e: N.ScalarArrayOpExpr) -> str:
        op = self.op_name(e.opno)
        word = "ANY" if e.use_or else "ALL"
        return f"({self.paren(e.args[0], e)} {op} {word} ({self.arg(e.args[1])}))"

    def e_BoolExpr(self, e: N.BoolExpr) -> str:
        if e.op == "not":
            return self.p_open() + "NOT " + self.paren(e.args[0], e, False) + self.p_close()
        inner = f" {e.op.upper()} ".join(self.paren(a, e, False) for a in e.args)
        return self.p_open() + inner + self.p_close()

    def e_NullTest(self, e: N.NullTest) -> str:
        return self.p_open() + f"{self.paren(e.arg, e)} IS {'NULL' if e.is_null else 'NOT NULL'}" + self.p_close()

    def e_BooleanTest(self, e: N.BooleanTest) -> str:
        words = e.kind[3:].upper().replace("_", " ")
        return self.p_open() + f"{self.paren(e.arg, e, False)} IS {words}" + self.p_close()

    # ---------------------------------------------------------------- calls and casts
    def coercion(self, arg, typ: int, typmod: int, parent) -> str:
        name = self.cat.format_type(typ, typmod)
        if isinstance(arg, N.Const) and arg.typ == typ and arg.typmod == -1:
            return f"{self.e_Const(arg, -1)}::{name}"
        inner = self.paren(arg, parent, False)
        if not self.pretty:
            inner = "(" + inner + ")"
        return f"{inner}::{name}"

    def e_FuncExpr(self, e: N.FuncExpr) -> str:
        if e.funcformat == "cast" and e.args:
            return self.coercion(e.args[0], e.typ, e.typmod, e)
        name = self.cat.proc(e.funcid).name
        args = [self.arg(a) for a in e.args]
        if e.funcformat == "sql":
            text = _sql_syntax(name, args, e.args)
            if text is not None:
                return text
        if e.variadic and args:
            args[-1] = "VARIADIC " + args[-1]
        return f"{quote_ident(name) if name != name.lower() else name}({', '.join(args)})"

    def e_RelabelType(self, e: N.RelabelType) -> str:
        return self.coercion(e.arg, e.typ, e.typmod, e)

    def e_CoerceViaIO(self, e: N.CoerceViaIO) -> str:
        return self.coercion(e.arg, e.typ, e.typmod, e)

    def e_CoerceToDomain(self, e) -> str:
        return self.expr(e.arg)

    def e_CaseExpr(self, e: N.CaseExpr) -> str:
        buf: list[str] = []
        self.keyword(buf, "CASE", 0, INDENT_VAR, 0)
        if e.arg is not None:
            buf.append(" " + self.expr(e.arg))
        for c, r in e.whens:
            if e.arg is not None and isinstance(c, N.OpExpr) and isinstance(c.args[0], N.CaseTestExpr):
                c = c.args[1]
            if not self.indent_mode:
                buf.append(" ")
            self.keyword(buf, "WHEN ", 0, 0, 0)
            buf.append(self.expr(c, top=True) + " THEN " + self.arg(r))
        if not self.indent_mode:
            buf.append(" ")
        self.keyword(buf, "ELSE ", 0, 0, 0)
        buf.append(self.arg(e.default))
        if not self.indent_mode:
            buf.append(" ")
        self.keyword(buf, "END", -INDENT_VAR, 0, 0)
        return "".join(buf)

    def e_CaseTestExpr(self, e) -> str:
        raise unsupported("a CASE test value")

    def e_CoalesceExpr(self, e: N.CoalesceExpr) -> str:
        return "COALESCE(" + ", ".join(self.arg(a) for a in e.args) + ")"

    def e_MinMaxExpr(self, e: N.MinMaxExpr) -> str:
        return e.op.upper() + "(" + ", ".join(self.arg(a) for a in e.args) + ")"

    def e_ArrayExpr(self, e: N.ArrayExpr) -> str:
        return "ARRAY[" + ", ".join(self.arg(a) for a in e.elements) + "]"

    def e_RowExpr(self, e: N.RowExpr) -> str:
        return "ROW(" + ", ".join(self.arg(a) for a in e.args) + ")"

    def e_GroupingFunc(self, e: N.GroupingFunc) -> str:
        return "GROUPING(" + ", ".join(self.arg(a) for a in e.args) + ")"

    def e_Aggref(self, e: N.Aggref) -> str:
        name = self.cat.proc(e.aggfnoid).name
        if getattr(e, "aggkind", "n") != "n":
            # ordered-set aggregate: f(direct args) WITHIN GROUP (ORDER BY ...)
            out = (f"{name}({', '.join(self.arg(a) for a in e.args[:e.ndirect])}) WITHIN GROUP (ORDER BY "
                   + ", ".join(self.sort_key(k) for k in e.order) + ")")
            if e.filter is not None:
                out += f" FILTER (WHERE {self.expr(e.filter, top=True)})"
            return out
        if e.star:
            inner = "*"
        else:
            inner = ("DISTINCT " if e.distinct else "") + ", ".join(self.arg(a) for a in e.args)
            if e.order:
                inner += " ORDER BY " + ", ".join(self.sort_key(k) for k in e.order)
        out = f"{name}({inner})"
        if e.filter is not None:
            out += f" FILTER (WHERE {self.expr(e.filter, top=True)})"
        return out

    def sort_key(self, k: N.SortKey) -> str:
        # get_rule_sortgroupclause: implicit casts shown, and function-like
        # expressions parenthesized
        e = k.expr
        if isinstance(e, (N.Const, N.Var)):
            out = self.expr(e)
        elif isinstance(e, (N.FuncExpr, N.Aggref, N.WindowFunc)):
            out = "(" + self.expr(e, implicit=True) + ")"
        else:
            out = self.expr(e, implicit=True)
        if k.descending:
            out += " DESC"
            if not k.nulls_first:
                out += " NULLS LAST"
        elif k.nulls_first:
            out += " NULLS FIRST"
        return out

    def e_SubLink(self, e: N.SubLink) -> str:
        out = "("
        if e.kind == "exists":
            out += "EXISTS ("
        elif e.kind in ("any", "all"):
            if len(e.testexprs) != 1:
                raise unsupported("a row comparison with a sub-select")
            opname = self.op_name(e.operators[0][0])
            out += self.expr(e.testexprs[0])
            out += " IN (" if (e.kind == "any" and opname == "=") else f" {opname} {e.kind.upper()} ("
        elif e.kind == "array":
            out = "ARRAY("
        elif e.kind != "expr":
            raise unsupported(f"a {e.kind} sub-select")
        out += self.query(e.subquery, None, self.indent)
        return out + ("))" if e.kind in ("exists", "any", "all") else ")")


def _sql_syntax(name: str, args: list[str], nodes) -> str | None:
    """get_func_sql_syntax: the special SQL forms of some functions."""
    n = len(args)
    if name == "timezone" and n == 2:
        return f"({args[1]} AT TIME ZONE {args[0]})"
    if name == "extract" and n == 2 and isinstance(nodes[0], N.Const) and isinstance(nodes[0].value, str):
        return f"EXTRACT({nodes[0].value} FROM {args[1]})"
    if name == "overlay" and n in (3, 4):
        return f"OVERLAY({args[0]} PLACING {args[1]} FROM {args[2]}" + (f" FOR {args[3]})" if n == 4 else ")")
    if name == "position" and n == 2:
        return f"POSITION(({args[1]}) IN ({args[0]}))"
    if name == "substring" and n in (2, 3):
        return f"SUBSTRING({args[0]} FROM {args[1]}" + (f" FOR {args[2]})" if n == 3 else ")")
    if name == "similar_substring" and n == 3:
        return f"SUBSTRING({args[0]} SIMILAR {args[1]} ESCAPE {args[2]})"
    if name in ("btrim", "ltrim", "rtrim") and n in (1, 2):
        where = {"btrim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"}[name]
        return f"TRIM({where}" + (f" {args[1]}" if n == 2 else "") + f" FROM {args[0]})"
    if name == "normalize" and n in (1, 2):
        form = f", {nodes[1].value}" if n == 2 and isinstance(nodes[1], N.Const) else ""
        return f"NORMALIZE({args[0]}{form})"
    if name == "is_normalized" and n in (1, 2):
        form = f" {nodes[1].value}" if n == 2 and isinstance(nodes[1], N.Const) else ""
        return f"({args[0]} IS{form} NORMALIZED)"
    if name == "collation_for" and n == 1:
        return f"COLLATION FOR ({args[0]})"
    return None


def _is_implicit_cast(e) -> bool:
    if isinstance(e, N.FuncExpr):
        return e.funcformat == "implicit" and bool(e.args)
    return isinstance(e, (N.RelabelType, N.CoerceViaIO)) and not e.explicit


def _cast_arg(e):
    return e.args[0] if isinstance(e, N.FuncExpr) else e.arg


def _bare_values(q: N.Query):
    """The rows of a subquery that is only ``VALUES (...), (...)`` (the
    analyzer wraps VALUES in FROM in a SELECT of its columns; PostgreSQL
    keeps a VALUES range-table entry), else None."""
    if q.set_op is not None or q.where is not None or q.group_by or q.sort or q.distinct is not None \
            or q.limit_count is not None or q.limit_offset is not None or q.ctes or len(q.rtable) != 1:
        return None
    rte = q.rtable[0]
    if rte.kind != "values":
        return None
    for i, te in enumerate(q.target_list):
        if not (isinstance(te.expr, N.Var) and te.expr.varno == 1 and te.expr.varattno == i + 1):
            return None
    return rte.values_lists


# ====================================================================== entry points
def view_definition(session, relid: int, pretty: bool) -> str | None:
    """pg_get_viewdef: the view's stored analyzed query (with the
    catalog's current names, engine/viewcmds.instantiate) printed with the
    view's column names."""
    from pgref.analyzer.modify import ModifyAnalyzer
    cat = session.db.cat
    rel = cat.relations.get(relid)
    if rel is None or rel.kind not in ("v", "m"):
        return None
    if rel.view_tree is not None:
        from pgref.engine.viewcmds import instantiate
        q = instantiate(cat, rel)
    else:
        q = ModifyAnalyzer(session.expr_analyzer()).analyze_select(rel.view_query)
    d = Deparser(session, pretty, assign_names(q, per_level=True))
    return d.query(q, [c.name for c in rel.live_columns()]) + ";"

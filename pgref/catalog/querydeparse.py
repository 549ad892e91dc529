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

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.types import oids as T

INDENT_STD = 8      # PRETTYINDENT_STD
INDENT_JOIN = 4     # PRETTYINDENT_JOIN
INDENT_VAR = 4      # PRETTYINDENT_VAR

# nodes that print with their own delimiters (isSimpleNode's "own
# parentheses" / "other separators" parents)
_DELIMITED_PARENTS = (N.CoalesceExpr, N.MinMaxExpr, N.NullIfExpr, N.Aggref, N.CaseExpr, N.ArrayExpr, N.RowExpr)


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


def assign_names(q: N.Query, used: dict[str, int] | None = None) -> dict[int, str]:
    """set_rtable_names: an entry's alias (or table name), with ``_1``,
    ``_2`` appended to later duplicates across all levels."""
    used = {} if used is None else used
    names: dict[int, str] = {}

    def visit(q: N.Query) -> None:
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
            if rte.subquery is not None and rte.kind != "cte":
                visit(rte.subquery)
        for cte in q.ctes.values():
            visit(cte)
    visit(q)
    return names


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
        buf.append(" WITH ")
        for i, (name, cte) in enumerate(q.ctes.items()):
            if i:
                buf.append(", ")
            buf.append(quote_ident(name) + " AS (")
            self.keyword(buf, "", 0, 0, 0)
            buf.append(self.query(cte, None, self.indent))
            self.keyword(buf, "", 0, 0, 0)
            buf.append(")")
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
        if q.group_by:
            self.keyword(buf, " GROUP BY ", -INDENT_STD, INDENT_STD, 1)
            buf.append(", ".join(self.sortgroup_expr(q, g) for g in q.group_by))
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
                buf.append(self.expr(q.limit_count) + " ROWS WITH TIES")
            else:
                self.keyword(buf, " LIMIT ", -INDENT_STD, INDENT_STD, 0)
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

    def _var_attname(self, e) -> str | None:
        if isinstance(e, N.Var) and e.varattno > 0:
            q = self.stack[-1 - e.levelsup]
            rte = q.rtable[e.varno - 1]
            if rte.kind == "join":
                inner = rte.joinvars[e.varattno - 1] if rte.joinvars else None
                if isinstance(inner, N.Var):
                    return rte.colnames[e.varattno - 1]
                return None
            return rte.colnames[e.varattno - 1]
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
        alias = rte.alias if rte.alias != "unnamed_join" else None
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
            out.append(" USING (" + ", ".join(quote_ident(c) for c in using) + ")")
        elif node.quals is not None:
            out.append(" ON " + self.p_open() + self.expr(node.quals, top=True) + self.p_close())
        if paren:
            out.append(")")
        if alias is not None:
            out.append(" " + quote_ident(alias))
        return "".join(out)

    def rte_text(self, q: N.Query, rte) -> str:
        name = self.names.get(id(rte), rte.alias)
        lateral = "LATERAL " if rte.lateral and rte.kind in ("subquery", "function") else ""
        if rte.kind == "relation":
            rel = self.cat.relation(rte.relid)
            text = quote_ident(rel.name)
            if rel.namespace not in self.session.search_path():
                text = quote_ident(self.cat.namespace_name(rel.namespace)) + "." + text
            if not getattr(rte, "inh", True):
                text = "ONLY " + text
            if name != rel.name:
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
        if rte.kind == "cte":
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
        colnames = colnames or [te.name for te in q.target_list if not te.resjunk]

        def word(node) -> str:
            return node.op.upper() + " " + ("ALL " if node.all else "")

        def walk(node) -> None:
            if isinstance(node, int):
                sub = q.rtable[node - 1].subquery
                need = bool(sub.ctes or sub.sort or sub.limit_count is not None or sub.limit_offset is not None)
                if need:
                    buf.append("(")
                buf.append(self.query(sub, colnames, self.indent))
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
                             N.Aggref, N.CaseExpr, N.ArrayExpr, N.RowExpr, N.SQLValueFunction,
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
            col = rte.colnames[e.varattno - 1]
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
    def e_OpExpr(self, e: N.OpExpr) -> str:
        op = self.cat.operator(e.opno).name
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
        op = self.cat.operator(e.opno).name
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
            self.keyword(buf, "WHEN ", 0, 0, 0)
            buf.append(self.expr(c, top=True) + " THEN " + self.arg(r))
        self.keyword(buf, "ELSE ", 0, 0, 0)
        buf.append(self.arg(e.default))
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

    def e_Aggref(self, e: N.Aggref) -> str:
        name = self.cat.proc(e.aggfnoid).name
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
        out = self.expr(k.expr)
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
            opname = self.cat.operator(e.operators[0][0]).name
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
    """pg_get_viewdef: the view's stored query, analyzed again under the
    current catalog and printed with the view's column names."""
    from pgref.analyzer.modify import ModifyAnalyzer
    cat = session.db.cat
    rel = cat.relations.get(relid)
    if rel is None or rel.kind not in ("v", "m"):
        return None
    q = ModifyAnalyzer(session.expr_analyzer()).analyze_select(rel.view_query)
    d = Deparser(session, pretty, assign_names(q))
    return d.query(q, [c.name for c in rel.live_columns()]) + ";"

"""Printing stored expressions back as SQL, the way pg_get_expr() and
pg_get_constraintdef() show a column default or a CHECK expression (a small
part of PostgreSQL's ruleutils.c).

Where it sits: ``catalog/`` (spec/04-catalog.md, "Queryable catalogs"),
used by ``catalog/ruleutils.py`` and information_schema.columns.
Defaults and CHECK expressions are stored as raw parse trees; PostgreSQL
prints the *analyzed* tree, so a literal shows with its type
(``'x'::text``), integers bare, and a constant implicitly coerced to the
type of the column it is compared with shows its cast (``(0)::numeric``,
or ``0::numeric`` in pretty mode).  Those coercions are reconstructed
from the column types of the relation (``rel``) for the cases PostgreSQL's
operator resolution makes obvious: an integer or numeric literal against a
numeric or double precision column, a string literal against a varchar or
char column.  Pretty mode (``pretty=True``) drops the parentheses
PostgreSQL's PRETTYFLAG_PAREN drops: around the whole expression and
around the operands of AND / OR.  Shapes not covered raise 0A000 rather
than print something PostgreSQL would not.

Entry point: deparse_expr(node, rel=None, pretty=False).
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.sql import ast as A
from pgref.types import oids as T


def _quote_literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    from pgref.types.registry import quote_identifier
    return quote_identifier(name)


_CAST_NAMES = {T.NUMERICOID: "numeric", T.FLOAT8OID: "double precision", T.TEXTOID: "text"}


class _Deparser:
    def __init__(self, rel, pretty: bool, qualifier: str | None = None, ioctx=None):
        self.rel = rel
        self.pretty = pretty
        self.qualifier = qualifier      # views print their column references qualified
        self.ioctx = ioctx              # settings for type output (DateStyle ...)

    def typed_literal(self, text: str, typ: int) -> str:
        """A string literal the analyzer turned into a constant of ``typ``,
        printed as get_const_expr() prints a Const: the type's output form,
        bare for non-negative integers, true/false and numerics with a
        decimal point or exponent, else quoted with a ``::type`` label."""
        from pgref.types.registry import format_type, type_input, type_output
        out = type_output(self.ioctx, typ, type_input(self.ioctx, typ, text, -1))
        if typ == T.INT4OID and not out.startswith("-"):
            return out
        if typ == T.NUMERICOID and out[:1].isdigit() and any(ch in out for ch in "eE."):
            return out
        if typ == T.BOOLOID:
            return out if out in ("true", "false") else {"t": "true", "f": "false"}[out]
        return _quote_literal(out) + "::" + format_type(typ, -1)

    def coltype(self, n) -> int | None:
        if self.rel is None or not isinstance(n, A.ColumnRef) or not all(isinstance(f, str) for f in n.fields):
            return None
        col = self.rel.column(n.fields[-1])
        return None if col is None else col.typ

    def coerced(self, n, typ: int) -> str:
        """``n`` printed as the implicit coercion to ``typ`` PostgreSQL's
        analyzer put around it (get_coercion_expr)."""
        inner = self.expr(n, top=False)
        return (inner if self.pretty else f"({inner})") + "::" + _CAST_NAMES[typ]

    def operand(self, n, other_type: int | None) -> str:
        if isinstance(n, A.A_Const) and not n.isnull:
            v = n.val
            if other_type in (T.NUMERICOID, T.FLOAT8OID) and isinstance(v, A.Integer):
                return self.coerced(n, other_type)
            if other_type == T.FLOAT8OID and isinstance(v, A.Float):
                return self.coerced(n, other_type)
            if isinstance(v, A.String) and other_type is not None and other_type not in (T.VARCHAROID,
                                                                                         T.BPCHAROID):
                return self.typed_literal(v.sval, other_type)
        if self.coltype(n) in (T.VARCHAROID, T.BPCHAROID) and other_type is None:
            return self.coerced(n, T.TEXTOID)
        return self.expr(n, top=False)

    def paren(self, s: str, top: bool) -> str:
        return s if (top and self.pretty) else f"({s})"

    def expr(self, n, top: bool = False) -> str:
        if isinstance(n, A.A_Const):
            v = n.val
            if n.isnull:
                return "NULL"
            if isinstance(v, A.Integer):
                return str(v.ival) if v.ival >= 0 else f"'{v.ival}'::integer"
            if isinstance(v, A.Float):
                return v.fval
            if isinstance(v, A.Boolean):
                return "true" if v.boolval else "false"
            if isinstance(v, A.String):
                return _quote_literal(v.sval) + "::text"
        if isinstance(n, A.TypeCast) and isinstance(n.arg, A.A_Const) and isinstance(n.arg.val, A.String):
            name = n.type_name.names[-1]
            return _quote_literal(n.arg.val.sval) + "::" + name
        if isinstance(n, A.FuncCall) and not n.agg_star:
            return f"{n.funcname[-1]}({', '.join(self.expr(a) for a in n.args)})"
        if isinstance(n, A.ColumnRef) and all(isinstance(f, str) for f in n.fields):
            fields = n.fields
            if self.qualifier is not None and len(fields) == 1:
                fields = (self.qualifier, fields[0])
            return ".".join(_quote_ident(f) for f in fields)
        if isinstance(n, A.A_Expr) and n.kind == "op" and n.lexpr is not None and len(n.name) == 1:
            lt, rt = self.coltype(n.lexpr), self.coltype(n.rexpr)
            if lt in (T.VARCHAROID, T.BPCHAROID) and isinstance(n.rexpr, A.A_Const) \
                    and isinstance(n.rexpr.val, A.String):
                left = self.coerced(n.lexpr, T.TEXTOID)
                right = self.expr(n.rexpr)
            else:
                left, right = self.operand(n.lexpr, rt), self.operand(n.rexpr, lt)
            return self.paren(f"{left} {n.name[-1]} {right}", top)
        if isinstance(n, A.BoolExpr) and n.boolop in ("and", "or"):
            sep = f" {n.boolop.upper()} "
            return self.paren(sep.join(self.expr(a, top=True) if self.pretty else self.expr(a) for a in n.args),
                              top)
        if isinstance(n, A.BoolExpr) and n.boolop == "not":
            return self.paren(f"NOT {self.expr(n.args[0])}", top)
        if isinstance(n, A.NullTest):
            op = "IS NULL" if n.nulltesttype == "is_null" else "IS NOT NULL"
            return self.paren(f"{self.expr(n.arg)} {op}", top)
        if isinstance(n, A.SQLValueFunction):
            return {"current_timestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE",
                    "localtimestamp": "LOCALTIMESTAMP", "current_user": "CURRENT_USER"}.get(n.op, n.op.upper())
        if isinstance(n, A.ColumnRef) and len(n.fields) == 2 and isinstance(n.fields[1], A.A_Star):
            return f"{_quote_ident(n.fields[0])}.*"       # a trigger's WHEN (old.* ...)
        if isinstance(n, A.A_Expr) and n.kind in ("distinct", "not_distinct"):
            op = "IS DISTINCT FROM" if n.kind == "distinct" else "IS NOT DISTINCT FROM"
            return self.paren(f"{self.expr(n.lexpr)} {op} {self.expr(n.rexpr)}", top)
        raise PgError(FEATURE_NOT_SUPPORTED, "displaying this stored expression is not supported yet")


def deparse_expr(n, rel=None, pretty: bool = False, ioctx=None) -> str:
    """``n`` (a raw expression tree) as pg_get_expr() prints it; ``rel`` is
    the relation whose columns it references."""
    return _Deparser(rel, pretty, ioctx=ioctx).expr(n, top=True)


def deparse_default(n, typ: int, pretty: bool = False, ioctx=None) -> str:
    """A column default of type ``typ``: a bare string literal was coerced
    to the column's type when the default was stored (cookDefault)."""
    d = _Deparser(None, pretty, ioctx=ioctx)
    if isinstance(n, A.A_Const) and isinstance(n.val, A.String):
        return d.typed_literal(n.val.sval, typ)
    return d.expr(n, top=True)

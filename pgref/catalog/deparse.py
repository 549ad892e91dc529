"""Printing stored expressions back as SQL, the way pg_get_expr() shows a
column default (a small part of PostgreSQL's ruleutils.c).

Where it sits: ``catalog/`` (spec/04-catalog.md, "Queryable catalogs").
Defaults are stored as raw parse trees; PostgreSQL prints the analyzed
tree, so a literal shows with its cast (``'x'::text``) and integers bare.
The shapes defaults usually take are covered: constants, casts, function
calls, column references and operators.  Anything else raises 0A000 rather
than print something PostgreSQL would not.
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.sql import ast as A


def _quote_literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def deparse_expr(n) -> str:
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
        return f"{n.funcname[-1]}({', '.join(deparse_expr(a) for a in n.args)})"
    if isinstance(n, A.ColumnRef) and all(isinstance(f, str) for f in n.fields):
        return ".".join(n.fields)
    if isinstance(n, A.A_Expr) and n.kind == "op" and n.lexpr is not None:
        return f"({deparse_expr(n.lexpr)} {n.name[-1]} {deparse_expr(n.rexpr)})"
    if isinstance(n, A.SQLValueFunction):
        return {"current_timestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE",
                "localtimestamp": "LOCALTIMESTAMP", "current_user": "CURRENT_USER"}.get(n.op, n.op.upper())
    raise PgError(FEATURE_NOT_SUPPORTED, "displaying this default expression is not supported yet")

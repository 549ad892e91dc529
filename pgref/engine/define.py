"""Reading the values of ``name = value`` definition lists (CREATE
AGGREGATE, CREATE OPERATOR, ...): PostgreSQL's commands/define.c.

Where it sits: ``engine/`` (spec/09-engine.md), used by the DDL modules
that take a DefElem list.  Each helper returns the value in the form its
caller needs or raises PostgreSQL's error for a missing or ill-typed value
(42601, "X requires a parameter" and the like).
"""
from __future__ import annotations

from pgref.errors import SYNTAX_ERROR, PgError
from pgref.sql import ast as A


def def_qualified_name(d: A.DefElem) -> tuple:
    """defGetQualifiedName."""
    v = d.arg
    if isinstance(v, A.TypeName):
        return tuple(v.names)
    if isinstance(v, A.String):
        return (v.sval,)
    if isinstance(v, tuple):
        return tuple(v)
    if v is None:
        raise PgError(SYNTAX_ERROR, f"{d.defname} requires a parameter")
    raise PgError(SYNTAX_ERROR, f"argument of {d.defname} must be a name")


def def_string(d: A.DefElem) -> str:
    """defGetString."""
    v = d.arg
    if v is None:
        raise PgError(SYNTAX_ERROR, f"{d.defname} requires a parameter")
    if isinstance(v, A.String):
        return v.sval
    if isinstance(v, A.TypeName):
        return ".".join(v.names)
    if isinstance(v, tuple):
        return ".".join(str(x) for x in v)
    return str(getattr(v, "ival", getattr(v, "fval", getattr(v, "sval", v))))


def def_boolean(d: A.DefElem) -> bool:
    """defGetBoolean: no value means true."""
    if d.arg is None:
        return True
    text = def_string(d).lower()
    if text in ("true", "on", "1", "t", "yes"):
        return True
    if text in ("false", "off", "0", "f", "no"):
        return False
    raise PgError(SYNTAX_ERROR, f"{d.defname} requires a Boolean value")


def def_type_name(d: A.DefElem) -> A.TypeName:
    """defGetTypeName."""
    v = d.arg
    if isinstance(v, A.TypeName):
        return v
    if isinstance(v, A.String):
        return A.TypeName(names=(v.sval,))
    if v is None:
        raise PgError(SYNTAX_ERROR, f"{d.defname} requires a parameter")
    raise PgError(SYNTAX_ERROR, f"argument of {d.defname} must be a type name")

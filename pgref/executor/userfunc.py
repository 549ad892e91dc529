"""Calling user-defined routines from the executor.

Where it sits: ``executor/`` (spec/12-functions.md, "Calling").  The
executor finds a routine's implementation with ``expr.function_impl``; for a
user-defined SQL or C routine (a ``catalog.userprocs.UserProc`` whose
language is not ``internal``) it asks this module.  Running a SQL function
means analyzing, planning and executing its statements in the calling
session -- work that belongs to the engine, which sits above the executor --
so the engine installs the caller here at import (``install``), the same
inversion PostgreSQL gets from fmgr's per-language call handlers.

Contract of the installed caller: ``caller(ectx, proc, argtypes, rettype)``
returns ``f(*args)``; ``f`` returns the value (a tuple for a composite
result, ``''`` for void) or, for a set-returning routine, an iterable of
values (INV-FUNCS-5).  Strictness is the executor's business, as for
built-ins: ``f`` is never called with a NULL argument if ``proc.strict``.
"""
from __future__ import annotations

from typing import Any, Callable

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError

_caller: Callable[..., Callable[..., Any]] | None = None


def install(caller: Callable[..., Callable[..., Any]]) -> None:
    global _caller
    _caller = caller


def callable_for(ectx, proc, argtypes, rettype) -> Callable[..., Any]:
    if _caller is None:
        import pgref.engine.functions  # noqa: F401  (installs the caller)
    if _caller is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"user-defined function {proc.name}() cannot be called here")
    return _caller(ectx, proc, argtypes, rettype)


def _columns_record_class():
    from pgref.types.io.record import TypedRecord

    class ColumnsRecord(TypedRecord):
        """A row a SQL function built from its final statement's columns
        (check_sql_fn_retval may still coerce it to a column definition list)."""
        __slots__ = ()
        from_columns = True
    return ColumnsRecord


_COLUMNS_RECORD = None


def columns_record(values: tuple, types: tuple):
    global _COLUMNS_RECORD
    if _COLUMNS_RECORD is None:
        _COLUMNS_RECORD = _columns_record_class()
    return _COLUMNS_RECORD(values, types)


def record_matcher(ectx, func, coltypes, coltypmods) -> Callable[[Any], tuple]:
    """A RECORD-returning call in FROM: check each returned row against the
    query's column definition list (execSRF's tupledesc_match, 42804).  The
    rows a SQL function builds from its final statement's columns are
    coerced to the list instead, by assignment rules, as check_sql_fn_retval
    does with the caller's row description (42P13 if impossible)."""
    from pgref.types.io.record import TypedRecord
    cat = ectx.cat
    proc = cat.proc(func.funcid) if hasattr(func, "funcid") else None
    coercible = proc is not None and getattr(proc, "sqlbody", "x") != "x" and proc.lang == 14 \
        and not proc.argmodes
    convs: dict[tuple[int, int], Any] = {}

    def conv(src: int, i: int):
        key = (src, i)
        if key not in convs:
            convs[key] = _converter(ectx, src, coltypes[i], coltypmods[i], proc, i)
        return convs[key]

    n = len(coltypes)

    def match(v) -> tuple:
        vals = tuple(v.values) if isinstance(v, TypedRecord) else tuple(v)
        types = tuple(v.types) if isinstance(v, TypedRecord) else coltypes
        if coercible and isinstance(v, TypedRecord) and getattr(v, "from_columns", False):
            if len(vals) != n:
                raise _retval_error(cat, proc, "Final statement returns too many columns." if len(vals) > n
                                    else "Final statement returns too few columns.")
            return tuple(x if (t == coltypes[i] and coltypmods[i] == -1) else conv(t, i)(x)
                         for i, (x, t) in enumerate(zip(vals, types)))
        if len(vals) != n:
            word = "attribute" if len(vals) == 1 else "attributes"
            raise PgError("42804", "function return row and query-specified return row do not match",
                          detail=f"Returned row contains {len(vals)} {word}, but query expects {n}.")
        for i, t in enumerate(types):
            if t != coltypes[i] and t != 705:
                raise PgError("42804", "function return row and query-specified return row do not match",
                              detail=f"Returned type {cat.format_type(t)} at ordinal position {i + 1}, "
                                     f"but query expects {cat.format_type(coltypes[i])}.")
        return vals
    return match


def _retval_error(cat, proc, detail: str) -> PgError:
    return PgError("42P13", "return type mismatch in function declared to return record", detail=detail,
                   context=f'SQL function "{proc.name}" during startup')


def _converter(ectx, src: int, dst: int, typmod: int, proc, i: int):
    from pgref.analyzer import coerce as C
    from pgref.analyzer import nodes as N
    from pgref.analyzer.expr import ExprAnalyzer
    from pgref.executor.expr import Layout, compile_expr
    cat = ectx.cat
    kind, _ = C.find_coercion_pathway(cat, dst, src, C.ASSIGNMENT)
    if kind == C.NONE and src != dst:
        raise _retval_error(cat, proc, f"Final statement returns {cat.format_type(src)} instead of "
                                       f"{cat.format_type(dst)} at column {i + 1}.")
    ea = ExprAnalyzer(cat, [], ectx)
    f = compile_expr(ea.coerce(N.Var(-1, 1, src), dst, typmod, C.ASSIGNMENT, -1), Layout(()), ectx)
    return lambda x: f((x,))

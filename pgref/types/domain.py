"""Domains at the type level: domain_in / domain_recv, and the hook through
which a domain's constraints are checked (PostgreSQL's domains.c).

Where it sits: ``types/`` (spec/03-types.md, "Domains").  A domain value is
held, printed and stored exactly as a value of its base type
(INV-TYPES-DOM-1); what a domain adds is a check on every value that
becomes one: NOT NULL (23502 ``domain d does not allow null values``) and
its CHECK constraints (23514 ``value for domain d violates check
constraint "c"``).  Evaluating a CHECK needs the analyzer and executor, so
the engine installs the checker with :func:`set_checker`; the analyzer's
CoerceToDomain node, ``domain_in`` (COPY, typed parameters) and
``domain_recv`` all call :func:`checker`.

Entry points:
    set_checker(f)            f(ctx, domain_oid) -> check(value) (engine)
    checker(ctx, domain_oid)  the check function for one domain
    fmgr builtins: domain_in, domain_recv
"""
from __future__ import annotations

from typing import Any, Callable

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.types.fmgr import builtin

_CHECKER: Callable[[Any, int], Callable[[Any], None]] | None = None


def set_checker(fn: Callable[[Any, int], Callable[[Any], None]]) -> None:
    global _CHECKER
    _CHECKER = fn


def checker(ctx: Any, domain_oid: int) -> Callable[[Any], None]:
    if _CHECKER is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "domain constraints cannot be checked here")
    return _CHECKER(ctx, domain_oid)


def _base(domain_oid: int) -> tuple[int, int]:
    from pgref.types.registry import get_type
    info = get_type(domain_oid)
    return info.typbasetype, info.typtypmod


@builtin("domain_in", ctx=True)
def domain_in(ctx: Any, text: str | None, typioparam: int, typmod: int = -1) -> Any:
    """domain_in(): the base type's input (with the domain's typmod), then
    the domain's constraints."""
    from pgref.types.registry import type_input
    base, basemod = _base(typioparam)
    value = type_input(ctx, base, text, basemod) if text is not None else None
    checker(ctx, typioparam)(value)
    return value


@builtin("domain_recv", ctx=True)
def domain_recv(ctx: Any, data: bytes | None, typioparam: int, typmod: int = -1) -> Any:
    from pgref.types.registry import type_receive
    base, basemod = _base(typioparam)
    value = type_receive(ctx, base, data, basemod) if data is not None else None
    checker(ctx, typioparam)(value)
    return value

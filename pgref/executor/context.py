"""The run-time state of one statement (PostgreSQL's EState).

Where it sits: ``executor/`` (spec/07-executor.md, "Execution state").  Plans
are read-only; everything that changes while a statement runs lives here:
parameter values, the snapshot, the command id, the stack of outer rows for
correlated subqueries, materialized CTEs and cached uncorrelated subquery
results.  Type and function implementations receive it as their ``ctx``
(fmgr convention): they read ``settings`` and ``now``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExecContext:
    settings: Any                       # IOSettings
    now: int = 0                        # transaction start, micros since 2000-01-01 UTC
    stmt_now: int = 0
    params: list[Any] = field(default_factory=list)
    session: Any = None                 # engine Session (nextval, current_setting, ...)
    cat: Any = None
    tables: Any = None                  # storage access: heap(relid), index(oid)
    snapshot: Any = None
    xid: int = 0
    cid: int = 0
    outer: list[tuple[dict, tuple]] = field(default_factory=list)
    # the outer rows of the parameterized nested loops running now (run._param_loop)
    nestloop_rows: list[tuple] = field(default_factory=list)
    cte_cache: dict[int, list[tuple]] = field(default_factory=dict)
    initplan_cache: dict[int, Any] = field(default_factory=dict)
    worktables: dict[int, list[tuple]] = field(default_factory=dict)
    # rows of the system catalogs this statement has read: the catalog does
    # not change while one statement runs, and a correlated subquery over
    # pg_attribute (client drivers' type introspection) reads it per row
    sysrel_cache: dict[Any, list[tuple]] = field(default_factory=dict)
    check_cancel: Any = None            # callable raising 57014 when cancelled

"""What one statement produced, and how two of them are compared.

Where it sits: the neutral ground of the differential harness.  The
PostgreSQL side (``pg_side.py``) and the pgref side (``pgref_side.py``) each
turn "execute this statement" into an :data:`Outcome`; this module decides
whether two outcomes are the same and renders them side by side when not.
See docs/guide/testing.md for the whole harness.

An outcome is one of three things:

    ResultSet  the statement returned rows: column names, column type OIDs,
               and every value in PostgreSQL's *text* output form (None for
               NULL) -- so 1.50::numeric and 1.5::numeric differ, as they do
               in psql.
    Command    the statement returned no rows: its row count (-1 when the
               command has none, e.g. CREATE TABLE).
    Failure    the statement raised an error: SQLSTATE, primary message,
               cursor position (1-based, or None), detail, hint.

Comparison rules (:func:`diff_outcomes`):

1. Both outcomes must be of the same kind.
2. Result sets: same column names, same type OIDs, same rows.  Rows are
   compared in order when the statement has a top-level ORDER BY (see
   ``sqlsplit.has_top_level_order_by``), otherwise as multisets.
3. Commands: the row counts must agree whenever PostgreSQL reports one (>= 0).
4. Failures: SQLSTATE, primary message and position must agree; detail and
   hint only when ``compare_detail`` is set.

Entry points:
    ResultSet, Command, Failure, Outcome
    diff_outcomes(expected, actual, ordered, compare_detail=False) -> list[str]
    render_side_by_side(left, right, titles) -> str
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class ResultSet:
    columns: tuple[str, ...]
    typeoids: tuple[int, ...]
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class Command:
    rowcount: int = -1


@dataclass(frozen=True)
class Failure:
    sqlstate: str
    message: str
    position: int | None = None
    detail: str | None = None
    hint: str | None = None


Outcome = Union[ResultSet, Command, Failure]


def diff_outcomes(expected: Outcome, actual: Outcome, ordered: bool,
                  compare_detail: bool = False) -> list[str]:
    """The differences between ``expected`` (PostgreSQL) and ``actual``
    (pgref) as short human-readable lines; an empty list means equal."""
    if type(expected) is not type(actual):
        return [f"expected {_kind(expected)}, got {_kind(actual)}"]
    if isinstance(expected, Failure):
        assert isinstance(actual, Failure)
        out = []
        fields = ["sqlstate", "message", "position"]
        if compare_detail:
            fields += ["detail", "hint"]
        for f in fields:
            e, a = getattr(expected, f), getattr(actual, f)
            if e != a:
                out.append(f"error {f}: expected {e!r}, got {a!r}")
        return out
    if isinstance(expected, Command):
        assert isinstance(actual, Command)
        if expected.rowcount >= 0 and expected.rowcount != actual.rowcount:
            return [f"row count: expected {expected.rowcount}, got {actual.rowcount}"]
        return []
    assert isinstance(expected, ResultSet) and isinstance(actual, ResultSet)
    out = []
    if expected.columns != actual.columns:
        out.append(f"column names: expected {list(expected.columns)}, got {list(actual.columns)}")
    if expected.typeoids != actual.typeoids:
        out.append(f"column type OIDs: expected {list(expected.typeoids)}, got {list(actual.typeoids)}")
    if ordered:
        if expected.rows != actual.rows:
            if len(expected.rows) != len(actual.rows):
                out.append(f"row count: expected {len(expected.rows)}, got {len(actual.rows)}")
            for i, (e, a) in enumerate(zip(expected.rows, actual.rows)):
                if e != a:
                    out.append(f"first differing row (#{i + 1}, ordered): expected {_fmt_row(e)}, "
                               f"got {_fmt_row(a)}")
                    break
    else:
        ce, ca = Counter(expected.rows), Counter(actual.rows)
        if ce != ca:
            missing = list((ce - ca).elements())
            extra = list((ca - ce).elements())
            if len(expected.rows) != len(actual.rows):
                out.append(f"row count: expected {len(expected.rows)}, got {len(actual.rows)}")
            if missing:
                out.append("rows missing from pgref (unordered): "
                           + ", ".join(_fmt_row(r) for r in missing[:5])
                           + (f" ... (+{len(missing) - 5})" if len(missing) > 5 else ""))
            if extra:
                out.append("rows pgref has in excess (unordered): "
                           + ", ".join(_fmt_row(r) for r in extra[:5])
                           + (f" ... (+{len(extra) - 5})" if len(extra) > 5 else ""))
    return out


def _kind(o: Outcome) -> str:
    if isinstance(o, ResultSet):
        return f"a result set of {len(o.rows)} row(s)"
    if isinstance(o, Command):
        return f"a command (rowcount {o.rowcount})"
    return f"error {o.sqlstate} {o.message!r}"


def _fmt_value(v: str | None) -> str:
    return "NULL" if v is None else repr(v)


def _fmt_row(row: tuple[str | None, ...]) -> str:
    return "(" + ", ".join(_fmt_value(v) for v in row) + ")"


MAX_ROWS_SHOWN = 40


def outcome_lines(o: Outcome | None) -> list[str]:
    """A compact, psql-like rendering of one outcome."""
    if o is None:
        return ["(not run)"]
    if isinstance(o, Failure):
        lines = [f"ERROR {o.sqlstate}: {o.message}"]
        if o.position is not None:
            lines.append(f"  position: {o.position}")
        if o.detail:
            lines.append(f"  DETAIL: {o.detail}")
        if o.hint:
            lines.append(f"  HINT: {o.hint}")
        return lines
    if isinstance(o, Command):
        return [f"OK (rowcount {o.rowcount})"]
    header = " | ".join(f"{c}:{t}" for c, t in zip(o.columns, o.typeoids))
    lines = [header, "-" * min(len(header), 60)]
    for r in o.rows[:MAX_ROWS_SHOWN]:
        lines.append(" | ".join("NULL" if v is None else repr(v)[1:-1] if isinstance(v, str) else str(v)
                                for v in r))
    if len(o.rows) > MAX_ROWS_SHOWN:
        lines.append(f"... {len(o.rows) - MAX_ROWS_SHOWN} more row(s)")
    lines.append(f"({len(o.rows)} row{'s' if len(o.rows) != 1 else ''})")
    return lines


def render_side_by_side(left: Outcome | None, right: Outcome | None,
                        titles: tuple[str, str] = ("PostgreSQL", "pgref"),
                        width: int = 48) -> str:
    """Two outcomes in two columns, ``width`` characters each."""
    ll, rl = outcome_lines(left), outcome_lines(right)
    ll = [_clip(s, width) for s in ll]
    rl = [_clip(s, width) for s in rl]
    n = max(len(ll), len(rl))
    ll += [""] * (n - len(ll))
    rl += [""] * (n - len(rl))
    out = [f"{titles[0]:<{width}} ‖ {titles[1]}", f"{'=' * width}=‖={'=' * width}"]
    for a, b in zip(ll, rl):
        mark = "‖" if a == b else "≠"
        out.append(f"{a:<{width}} {mark} {b}")
    return "\n".join(out)


def _clip(s: str, width: int) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"

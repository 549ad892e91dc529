"""The differential check: same statements on PostgreSQL and on pgref.

Where it sits: the heart of the harness (docs/guide/testing.md).  A
:class:`Differential` holds two *targets* -- ``expected`` (always the
PostgreSQL oracle) and ``actual`` (pgref, or a second PostgreSQL database
when the harness checks itself) -- and runs a script on a fresh session of
each, comparing every statement's outcome with
:func:`oracle.outcome.diff_outcomes`.

Guarantees:

1. Every statement of a script is compared, setup included: a CREATE TABLE
   that fails on one side only is reported at that statement, not as a
   confusing difference later.
2. Row order matters only for statements with a top-level ORDER BY (or when
   the caller passes ``ordered=``).
3. On the first difference, :class:`DifferentialMismatch` (an
   AssertionError) is raised whose message shows the statement, the list of
   differences, and both outcomes side by side; the statements before it are
   listed so the case can be replayed in psql.
4. Both sessions are closed (and the PostgreSQL database dropped) whatever
   happens.

Entry points:
    Differential(expected_target, actual_target, compare_detail=False)
    .run(sql_setup, query, params=None, ordered=None) -> list[tuple[Outcome, Outcome]]
    .run_script(statements, params=None, ordered=None) -> list[tuple[Outcome, Outcome]]
"""
from __future__ import annotations

from .outcome import Outcome, diff_outcomes, render_side_by_side
from .sqlsplit import has_top_level_order_by


class DifferentialMismatch(AssertionError):
    """pgref and PostgreSQL disagreed on a statement."""


class Differential:
    def __init__(self, expected_target, actual_target, compare_detail: bool = False) -> None:
        self.expected_target = expected_target
        self.actual_target = actual_target
        self.compare_detail = compare_detail

    def run(self, sql_setup: list[str], query: str, params=None,
            ordered: bool | None = None) -> list[tuple[Outcome, Outcome]]:
        """Run ``sql_setup`` then ``query`` (with ``params``) on both sides."""
        return self.run_script([*sql_setup, query], params=params, ordered=ordered)

    def run_script(self, statements: list[str], params=None, ordered: bool | None = None,
                   label: str | None = None) -> list[tuple[Outcome, Outcome]]:
        """Run ``statements`` in order on a fresh session of each target.
        ``params`` and ``ordered`` apply to the last statement only."""
        exp = self.expected_target.open()
        try:
            act = self.actual_target.open()
            try:
                return self._run(exp, act, statements, params, ordered, label)
            finally:
                act.close()
        finally:
            exp.close()

    def _run(self, exp, act, statements, params, ordered, label):
        results: list[tuple[Outcome, Outcome]] = []
        last = len(statements) - 1
        for i, sql in enumerate(statements):
            p = params if i == last else None
            e = exp.execute(sql, p)
            try:
                a = act.execute(sql, p)
            except Exception as crash:  # the engine crashed: report it with context
                raise DifferentialMismatch(self._report(
                    label, statements, i, e, None,
                    [f"{act.name} raised {type(crash).__name__}: {crash}"], p)) from crash
            is_ordered = ordered if (ordered is not None and i == last) else has_top_level_order_by(sql)
            diffs = diff_outcomes(e, a, is_ordered, self.compare_detail)
            if diffs:
                raise DifferentialMismatch(self._report(label, statements, i, e, a, diffs, p,
                                                        act.name, exp.name))
            results.append((e, a))
        return results

    @staticmethod
    def _report(label, statements, i, e, a, diffs, params, act_name="pgref",
                exp_name="PostgreSQL") -> str:
        lines = []
        if label:
            lines.append(f"case {label}")
        lines.append(f"statement {i + 1} of {len(statements)} differs:")
        lines.append("")
        lines.extend("    " + ln for ln in statements[i].splitlines())
        if params is not None:
            lines.append(f"    -- params: {params!r}")
        lines.append("")
        lines.extend("  * " + d for d in diffs)
        lines.append("")
        lines.append(render_side_by_side(e, a, (exp_name, act_name)))
        if i:
            lines.append("")
            lines.append("statements before it (all agreed):")
            for s in statements[:i]:
                lines.append("    " + s.replace("\n", "\n    ") + ";")
        return "\n".join(lines)

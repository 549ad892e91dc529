"""Clause selectivity: PostgreSQL's clausesel.c.

Where it sits: ``planner/`` (spec/07-executor.md, "Statistics and
selectivity").  The planner asks what fraction of a relation's rows (or of a
join's cross product) a qualification keeps; this module walks the boolean
structure of the qualification and hands each leaf to the estimator in
``planner/selfuncs.py`` that PostgreSQL would call.

    clauselist_selectivity([a > 10, a < 20, b = 3])
      = P(b = 3) * P(10 < a < 20)          independent clauses multiply,
                                           except a range pair on one
                                           expression: P(>10) + P(<20) - 1
                                           (addRangeClause; DEFAULT_RANGE_INEQ_SEL
                                           when either side is a default guess)

NOT is 1 - s, OR is s1 + s2 - s1*s2, a bare boolean column is "col = true"
(boolvarsel), constants are 0 or 1.  An operator clause whose Vars come from
more than one relation is a join clause (oprjoin estimator) unless
``varrelid`` forces restriction mode (treat_as_join_clause).

Entry points: clause_selectivity, clauselist_selectivity; SemiJoinInfo
(re-exported from selfuncs).  INV-STATS-3 (spec) holds here too: the
arithmetic follows clausesel.c step by step.
"""
from __future__ import annotations

from dataclasses import dataclass

from pgref.analyzer import nodes as N
from pgref.planner import selfuncs as S
from pgref.planner.selfuncs import SemiJoinInfo  # noqa: F401  (part of this module's interface)


@dataclass
class _RangeQuery:
    var: object
    have_lobound: bool = False
    have_hibound: bool = False
    lobound: float = 0.0
    hibound: float = 0.0


def _add_range_clause(rqlist: list, clause: N.OpExpr, varonleft: bool, is_lt: bool, s2: float) -> None:
    """addRangeClause: remember one side of a possible x > a AND x < b pair;
    of two clauses on the same side the more restrictive one is kept."""
    var = clause.args[0] if varonleft else clause.args[1]
    is_lobound = not is_lt
    if not varonleft:
        is_lobound = not is_lobound
    for rq in rqlist:
        if rq.var != var:
            continue
        if is_lobound:
            if not rq.have_lobound:
                rq.have_lobound, rq.lobound = True, s2
            elif rq.lobound > s2:
                rq.lobound = s2
        else:
            if not rq.have_hibound:
                rq.have_hibound, rq.hibound = True, s2
            elif rq.hibound > s2:
                rq.hibound = s2
        return
    rq = _RangeQuery(var)
    if is_lobound:
        rq.have_lobound, rq.lobound = True, s2
    else:
        rq.have_hibound, rq.hibound = True, s2
    rqlist.insert(0, rq)


def clauselist_selectivity(src, clauses: list, varrelid: int = 0, jointype: str = "inner",
                           sjinfo: SemiJoinInfo | None = None) -> float:
    """clauselist_selectivity: the selectivity of the implicitly-ANDed ``clauses``."""
    clauses = list(clauses)
    if len(clauses) == 1:
        return clause_selectivity(src, clauses[0], varrelid, jointype, sjinfo)
    s1 = 1.0
    rqlist: list[_RangeQuery] = []
    for clause in clauses:
        s2 = clause_selectivity(src, clause, varrelid, jointype, sjinfo)
        if isinstance(clause, N.OpExpr) and len(clause.args) == 2 and S.num_relids(clause) == 1:
            varonleft = True
            ok = S.is_pseudo_constant(src, clause.args[1])
            if not ok:
                varonleft = False
                ok = S.is_pseudo_constant(src, clause.args[0])
            if ok:
                rest = S.oprrest(src, clause.opno)
                if rest in ("scalarltsel", "scalarlesel"):
                    _add_range_clause(rqlist, clause, varonleft, True, s2)
                elif rest in ("scalargtsel", "scalargesel"):
                    _add_range_clause(rqlist, clause, varonleft, False, s2)
                else:
                    s1 = s1 * s2
                continue
        s1 = s1 * s2
    for rq in rqlist:
        if rq.have_lobound and rq.have_hibound:
            if rq.hibound == S.DEFAULT_INEQ_SEL or rq.lobound == S.DEFAULT_INEQ_SEL:
                s2 = S.DEFAULT_RANGE_INEQ_SEL
            else:
                s2 = rq.hibound + rq.lobound - 1.0
                s2 += S.nulltestsel(src, True, rq.var, varrelid, jointype, sjinfo)
                if s2 <= 0.0:
                    s2 = S.DEFAULT_RANGE_INEQ_SEL if s2 < -0.01 else 1.0e-10
            s1 *= s2
        else:
            s1 *= rq.lobound if rq.have_lobound else rq.hibound
    return s1


def clauselist_selectivity_or(src, clauses, varrelid: int, jointype: str, sjinfo) -> float:
    s1 = 0.0
    for clause in clauses:
        s2 = clause_selectivity(src, clause, varrelid, jointype, sjinfo)
        s1 = s1 + s2 - s1 * s2
    return s1


def treat_as_join_clause(clause, varrelid: int) -> bool:
    """A clause is estimated as a join clause when no relation is forced
    (varrelid 0) and it uses Vars of more than one relation.  (PostgreSQL
    also requires a SpecialJoinInfo; clauses of several relations reach it
    only through join size estimation, where one is always passed.)"""
    if varrelid != 0:
        return False
    return S.num_relids(clause) > 1


def clause_selectivity(src, clause, varrelid: int = 0, jointype: str = "inner",
                       sjinfo: SemiJoinInfo | None = None) -> float:
    """clause_selectivity: the fraction of rows for which ``clause`` is true."""
    s1 = 0.5
    if clause is None:
        return s1
    if isinstance(clause, N.Var):
        if clause.levelsup == 0 and (varrelid == 0 or varrelid == clause.varno):
            s1 = S.boolvarsel(src, clause, varrelid)
    elif isinstance(clause, N.Const):
        s1 = 0.0 if clause.value is None else (1.0 if clause.value else 0.0)
    elif isinstance(clause, N.Param):
        pass                                       # a Param of unknown value: the default
    elif isinstance(clause, N.BoolExpr) and clause.op == "not":
        s1 = 1.0 - clause_selectivity(src, clause.args[0], varrelid, jointype, sjinfo)
    elif isinstance(clause, N.BoolExpr) and clause.op == "and":
        s1 = clauselist_selectivity(src, list(clause.args), varrelid, jointype, sjinfo)
    elif isinstance(clause, N.BoolExpr) and clause.op == "or":
        s1 = clauselist_selectivity_or(src, clause.args, varrelid, jointype, sjinfo)
    elif isinstance(clause, (N.OpExpr, N.DistinctExpr)):
        if treat_as_join_clause(clause, varrelid):
            s1 = S.join_selectivity(src, clause.opno, clause.args, jointype, sjinfo)
        else:
            s1 = S.restriction_selectivity(src, clause.opno, clause.args, varrelid)
        if isinstance(clause, N.DistinctExpr):
            s1 = 1.0 - s1
            if clause.negated:                     # IS NOT DISTINCT FROM: NOT of the above
                s1 = 1.0 - s1
    elif isinstance(clause, N.FuncExpr):
        s1 = 0.3333333                             # function_selectivity without a support function
    elif isinstance(clause, N.ScalarArrayOpExpr):
        s1 = S.scalararraysel(src, clause, treat_as_join_clause(clause, varrelid), varrelid, jointype, sjinfo)
    elif isinstance(clause, N.RowCompareExpr):
        s1 = _rowcomparesel(src, clause, varrelid, jointype, sjinfo)
    elif isinstance(clause, N.NullTest):
        s1 = S.nulltestsel(src, clause.is_null, clause.arg, varrelid, jointype, sjinfo)
    elif isinstance(clause, N.BooleanTest):
        s1 = S.booltestsel(src, clause.kind, clause.arg, varrelid, jointype, sjinfo)
    elif isinstance(clause, (N.RelabelType, N.CoerceToDomain)):
        s1 = clause_selectivity(src, clause.arg, varrelid, jointype, sjinfo)
    else:
        s1 = S.boolvarsel(src, clause, varrelid)
    return s1


def _rowcomparesel(src, clause, varrelid, jointype, sjinfo) -> float:
    """rowcomparesel: the selectivity of the first column pair's operator."""
    opno = clause.opnos[0]
    args = (clause.largs[0], clause.rargs[0])
    probe = N.OpExpr(opno, 0, 16, args)
    if treat_as_join_clause(probe, varrelid):
        return S.join_selectivity(src, opno, args, jointype, sjinfo)
    return S.restriction_selectivity(src, opno, args, varrelid)

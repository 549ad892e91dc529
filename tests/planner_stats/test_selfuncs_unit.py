"""Estimator rules without a database: a FakeStatsSource supplies the
statistics, so each of PostgreSQL's default and clamp rules (selfuncs.h,
get_variable_numdistinct, clausesel.c's range pairs, estimate_num_groups'
clamps) is pinned by a hand-computed number."""
import pytest

from pgref.analyzer import nodes as N
from pgref.engine.analyze import ColumnStats
from pgref.planner import selfuncs as S
from pgref.planner.clausesel import SemiJoinInfo, clause_selectivity, clauselist_selectivity
from pgref.types import oids as T

INT4EQ, INT4NE, INT4LT, INT4GT, INT4LE, INT4GE = 96, 518, 97, 521, 523, 525


class FakeStatsSource:
    def __init__(self, stats=None, tuples=None, unique=()):
        self.catalog = _catalog()
        self.stats = stats or {}
        self.tuples = tuples or {}
        self.unique = set(unique)

    def column_stats(self, varno, attno):
        return self.stats.get((varno, attno))

    def rel_tuples(self, varno):
        return self.tuples.get(varno, 1000.0)

    def has_unique_index(self, varno, attnos):
        return (varno, attnos) in self.unique


_CAT = None


def _catalog():
    global _CAT
    if _CAT is None:
        import pgref
        conn = pgref.connect(":memory:", autocommit=True)
        _CAT = conn._session.db.cat
    return _CAT


def var(varno=1, attno=1, typ=T.INT4OID):
    return N.Var(varno, attno, typ)


def op(opno, left, right):
    return N.OpExpr(opno, 0, T.BOOLOID, (left, right))


def c(v, typ=T.INT4OID):
    return N.Const(typ, v)


def test_defaults_without_statistics():
    src = FakeStatsSource(tuples={1: 1000.0})
    assert clause_selectivity(src, op(INT4EQ, var(), c(5))) == pytest.approx(S.DEFAULT_EQ_SEL)
    assert clause_selectivity(src, op(INT4NE, var(), c(5))) == pytest.approx(1 - S.DEFAULT_EQ_SEL)
    assert clause_selectivity(src, op(INT4LT, var(), c(5))) == S.DEFAULT_INEQ_SEL
    assert clause_selectivity(src, N.NullTest(var(), True)) == S.DEFAULT_UNK_SEL
    assert clause_selectivity(src, N.NullTest(var(), False)) == S.DEFAULT_NOT_UNK_SEL
    # a pair of default inequalities on one column: DEFAULT_RANGE_INEQ_SEL, not 1/9
    pair = [op(INT4GT, var(), c(1)), op(INT4LT, var(), c(9))]
    assert clauselist_selectivity(src, pair) == S.DEFAULT_RANGE_INEQ_SEL


def test_numdistinct_rules():
    # small table without stats: ndistinct = rows
    small = FakeStatsSource(tuples={1: 50.0})
    assert clause_selectivity(small, op(INT4EQ, var(), c(5))) == pytest.approx(1 / 50)
    # unique index: one row
    uniq = FakeStatsSource(tuples={1: 4000.0}, unique={(1, (1,))})
    assert clause_selectivity(uniq, op(INT4EQ, var(), c(5))) == pytest.approx(1 / 4000)
    # boolean: two values
    b = FakeStatsSource(tuples={1: 4000.0})
    vd = S.examine_variable(b, var(typ=T.BOOLOID))
    assert S.get_variable_numdistinct(vd) == (2.0, False)
    # negative n_distinct scales with the table
    neg = FakeStatsSource({(1, 1): ColumnStats(0.0, 4, -0.5)}, {1: 4000.0})
    assert S.get_variable_numdistinct(S.examine_variable(neg, var())) == (2000.0, False)


def test_var_eq_const_with_mcvs():
    st = ColumnStats(0.1, 4, 10.0, mcv=[1, 2], mcf=[0.5, 0.2])
    src = FakeStatsSource({(1, 1): st}, {1: 1000.0})
    assert clause_selectivity(src, op(INT4EQ, var(), c(1))) == pytest.approx(0.5)
    # not an MCV: (1 - 0.7 - 0.1) / (10 - 2), clamped to the least common MCV
    assert clause_selectivity(src, op(INT4EQ, var(), c(7))) == pytest.approx(0.2 / 8)
    assert clause_selectivity(src, op(INT4NE, var(), c(1))) == pytest.approx(1 - 0.5 - 0.1)
    assert clause_selectivity(src, op(INT4EQ, var(), c(None))) == 0.0
    # var = outer reference: var_eq_non_const, (1 - nullfrac) / ndistinct
    outer = N.Var(1, 1, T.INT4OID, levelsup=1)
    assert clause_selectivity(src, op(INT4EQ, var(), outer)) == pytest.approx(0.9 / 10)


def test_histogram_interpolation():
    st = ColumnStats(0.0, 4, -1.0, histogram=[0, 10, 20, 30, 40])
    src = FakeStatsSource({(1, 1): st}, {1: 1000.0})
    # 15 sits halfway in the second of four bins: (1 + 0.5) / 4
    assert clause_selectivity(src, op(INT4LE, var(), c(15))) == pytest.approx(1.5 / 4)
    assert clause_selectivity(src, op(INT4GT, var(), c(15))) == pytest.approx(1 - 1.5 / 4)
    # beyond the histogram: the hundredth-of-a-bin clamp
    assert clause_selectivity(src, op(INT4LT, var(), c(-5))) == pytest.approx(0.01 / 4)


def test_boolean_clauses_and_combinations():
    st = ColumnStats(0.2, 1, 2.0, mcv=[True, False], mcf=[0.6, 0.2])
    src = FakeStatsSource({(1, 1): st}, {1: 1000.0})
    b = var(typ=T.BOOLOID)
    assert clause_selectivity(src, b) == pytest.approx(0.6)
    assert clause_selectivity(src, N.BoolExpr("not", (b,))) == pytest.approx(0.4)
    assert clause_selectivity(src, N.BooleanTest(b, "is_false")) == pytest.approx(0.2)
    assert clause_selectivity(src, N.BooleanTest(b, "is_unknown")) == pytest.approx(0.2)
    assert clause_selectivity(src, N.BooleanTest(b, "is_not_true")) == pytest.approx(0.4)
    assert clause_selectivity(src, N.Const(T.BOOLOID, True)) == 1.0
    assert clause_selectivity(src, N.Const(T.BOOLOID, None)) == 0.0
    either = N.BoolExpr("or", (b, N.NullTest(b, True)))
    assert clause_selectivity(src, either) == pytest.approx(0.6 + 0.2 - 0.6 * 0.2)


def test_in_list_sums_disjoint_probabilities():
    st = ColumnStats(0.0, 4, 10.0, mcv=list(range(10)), mcf=[0.1] * 10)
    src = FakeStatsSource({(1, 1): st}, {1: 1000.0})
    arr = N.ArrayExpr(T.INT4ARRAYOID, T.INT4OID, (c(1), c(2), c(3)))
    saop = N.ScalarArrayOpExpr(INT4EQ, 0, True, (var(), arr))
    assert clause_selectivity(src, saop) == pytest.approx(0.3)
    notin = N.ScalarArrayOpExpr(INT4NE, 0, False, (var(), arr))
    assert clause_selectivity(src, notin) == pytest.approx(0.7)


def test_join_without_mcvs_uses_larger_ndistinct():
    s1 = ColumnStats(0.0, 4, 100.0)
    s2 = ColumnStats(0.5, 4, 400.0)
    src = FakeStatsSource({(1, 1): s1, (2, 1): s2}, {1: 1000.0, 2: 1000.0})
    clause = op(INT4EQ, var(1), var(2))
    sj = SemiJoinInfo("inner", frozenset({1}), frozenset({2}), 1000.0)
    assert clause_selectivity(src, clause, 0, "inner", sj) == pytest.approx(0.5 / 400)
    semi = SemiJoinInfo("semi", frozenset({1}), frozenset({2}), 1000.0)
    # nd1 100 <= nd2 400: every non-null outer row has a partner
    assert clause_selectivity(src, clause, 0, "semi", semi) == pytest.approx(1.0)


def test_estimate_num_groups_clamps():
    src = FakeStatsSource({(1, 1): ColumnStats(0.0, 4, 50.0), (1, 2): ColumnStats(0.0, 4, 80.0)},
                          {1: 1000.0})
    # two columns of one table: 50*80 clamped to a tenth of the table, but not below 80
    assert S.estimate_num_groups(src, [var(1, 1), var(1, 2)], 1000.0) == 100.0
    assert S.estimate_num_groups(src, [var(1, 1)], 20.0) == 20.0          # never more than the input
    assert S.estimate_num_groups(src, [N.Const(T.INT4OID, 1)], 1000.0) == 1.0
    assert S.estimate_num_groups(src, [var(1, 3, T.BOOLOID)], 1000.0) == 2.0


def test_clamp_row_est_rounds_half_even():
    assert S.clamp_row_est(0.3) == 1.0
    assert S.clamp_row_est(2.5) == 2.0
    assert S.clamp_row_est(3.5) == 4.0

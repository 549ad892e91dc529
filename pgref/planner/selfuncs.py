"""Selectivity estimators: PostgreSQL's selfuncs.c.

Where it sits: ``planner/`` (spec/07-executor.md, "Statistics and
selectivity").  ``planner/clausesel.py`` walks a qualification and, for each
operator clause, calls the estimator PostgreSQL's catalog names for that
operator (``pg_operator.oprrest`` for a restriction, ``oprjoin`` for a join
clause; pg_proc ``prosrc`` names such as ``eqsel`` or ``scalarltsel``).  The
estimators read the per-column statistics ANALYZE left behind
(``engine/analyze.py``'s ``ColumnStats``) through a ``StatsSource`` the
planner implements, so this module knows nothing of plans or paths.

    clause  x < 42       oprrest scalarltsel
      -> examine_variable(x)        VariableStatData: stats, rel tuples, unique?
      -> mcv_selectivity            MCVs that satisfy "mcv < 42"
      -> ineq_histogram_selectivity position of 42 in the histogram
      selec = mcv_part + (1 - nullfrac - sum(mcf)) * hist_part

Guarantees (INV-STATS-3): for the operators, statistics and constants
PostgreSQL 15 handles, the estimate is computed with PostgreSQL's formulas in
PostgreSQL's order of floating-point operations, so ``rows = clamp_row_est(
tuples * selectivity)`` equals PostgreSQL's EXPLAIN row count.  Without
statistics the defaults are PostgreSQL's (DEFAULT_EQ_SEL 0.005, ...).

Entry points: restriction_selectivity, join_selectivity (by operator),
nulltestsel, booltestsel, boolvarsel, scalararraysel, estimate_num_groups,
get_variable_numdistinct, clamp_row_est; ``StatsSource`` and
``SemiJoinInfo`` are the interface types.

Differences from PostgreSQL: no extended statistics, no expression-index
statistics, no equivalence classes in estimate_num_groups (so known-equal
GROUP BY columns are not merged), a regular expression's fixed prefix is
read off the pattern text rather than the compiled NFA.  get_actual_variable_range is used only when the
StatsSource offers ``actual_variable_range``.
"""
from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any, Protocol

from pgref.analyzer import nodes as N
from pgref.types import oids as T

# selfuncs.h defaults
DEFAULT_EQ_SEL = 0.005
DEFAULT_INEQ_SEL = 0.3333333333333333
DEFAULT_RANGE_INEQ_SEL = 0.005
DEFAULT_MULTIRANGE_INEQ_SEL = 0.005
DEFAULT_MATCH_SEL = 0.005
DEFAULT_MATCHING_SEL = 0.010
DEFAULT_NUM_DISTINCT = 200
DEFAULT_UNK_SEL = 0.005
DEFAULT_NOT_UNK_SEL = 1.0 - DEFAULT_UNK_SEL
DEFAULT_CONTAIN_SEL = 0.005          # arrays
FIXED_CHAR_SEL = 0.20
CHAR_RANGE_SEL = 0.25
ANY_CHAR_SEL = 0.9
FULL_WILDCARD_SEL = 5.0
MAXIMUM_ROWCOUNT = 1e100

BOOL_EQ_OP = 91                      # BooleanEqualOperator


class StatsSource(Protocol):
    """What the estimators need from the planner.  Optional extras, used
    when present: ``rel_rows(varno)`` (rel->rows, the row estimate after the
    relation's restrictions; defaults to rel_tuples) and
    ``actual_variable_range(varno, attno) -> (min, max) | None`` (the current
    extremes read from a btree index on the column, PostgreSQL's
    get_actual_variable_range)."""
    catalog: Any

    def column_stats(self, varno: int, attno: int): ...

    def rel_tuples(self, varno: int) -> float: ...

    def has_unique_index(self, varno: int, attnos: tuple[int, ...]) -> bool: ...


@dataclass
class SemiJoinInfo:
    """The parts of PostgreSQL's SpecialJoinInfo the join estimators use.
    ``jointype``: inner, left, full, semi or anti; ``righthand_rows``: the
    estimated rows of the join's inner (righthand) input."""
    jointype: str
    min_lefthand: frozenset
    min_righthand: frozenset
    righthand_rows: float


def clamp_probability(p: float) -> float:
    """CLAMP_PROBABILITY."""
    if p < 0.0:
        return 0.0
    if p > 1.0:
        return 1.0
    return p


def clamp_row_est(nrows: float) -> float:
    """costsize.c clamp_row_est: at least 1, rounded half-even (rint)."""
    if nrows > MAXIMUM_ROWCOUNT or nrows != nrows:
        return MAXIMUM_ROWCOUNT
    if nrows <= 1.0:
        return 1.0
    return float(round(nrows))


# ---------------------------------------------------------------- expression helpers
def _children(e):
    if not dataclasses.is_dataclass(e) or isinstance(e, N.SubLink):
        return
    for f in dataclasses.fields(e):
        v = getattr(e, f.name)
        if isinstance(v, N.Expr):
            yield v
        elif isinstance(v, (tuple, list)):
            for x in v:
                if isinstance(x, N.Expr):
                    yield x
                elif isinstance(x, (tuple, list)):
                    yield from (y for y in x if isinstance(y, N.Expr))


def walk(e):
    """Every node of an expression tree (not into sub-queries)."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(_children(x))


def varnos(e) -> frozenset:
    """pull_varnos: range-table indexes of the current level's Vars."""
    return frozenset(x.varno for x in walk(e) if isinstance(x, N.Var) and x.levelsup == 0)


def num_relids(e) -> int:
    return len(varnos(e))


def _volatile(src, e) -> bool:
    cat = src.catalog
    for x in walk(e):
        if isinstance(x, N.SubLink):
            return True
        fid = getattr(x, "funcid", None)
        if fid and isinstance(x, (N.FuncExpr, N.OpExpr)):
            from pgref.errors import PgError
            try:
                proc = cat.proc(fid)
            except PgError:
                return True                 # an unknown function: assume the worst
            if getattr(proc, "volatile", "i") == "v":
                return True
    return False


def is_pseudo_constant(src, e) -> bool:
    """is_pseudo_constant_clause: no Vars of this query level, nothing volatile."""
    return not varnos(e) and not _volatile(src, e)


def strip_relabel(e):
    while isinstance(e, N.RelabelType):
        e = e.arg
    return e


_ECTX: dict = {}


def _ectx(cat):
    from pgref.executor.context import ExecContext
    from pgref.types.values import DEFAULT_SETTINGS
    got = _ECTX.get(id(cat))
    if got is None or got[0] is not cat:
        got = _ECTX[id(cat)] = (cat, ExecContext(settings=DEFAULT_SETTINGS, cat=cat))
    return got[1]


def estimate_expression_value(src, e):
    """estimate_expression_value: fold a Var-free, non-volatile expression
    to a Const by evaluating it; anything else comes back unchanged."""
    if isinstance(e, N.Const):
        return e
    base = strip_relabel(e)
    if isinstance(base, N.Const):
        return N.Const(e.typ, base.value, getattr(e, "typmod", -1))
    if any(isinstance(x, (N.Var, N.Param, N.Aggref, N.WindowFunc, N.CaseTestExpr, N.SessionFunc,
                          N.SQLValueFunction))
           for x in walk(e)) or _volatile(src, e):
        return e
    from pgref.errors import PgError
    from pgref.executor.expr import Layout, compile_expr
    try:
        value = compile_expr(e, Layout(()), _ectx(src.catalog))(())
    except PgError:
        return e                           # PostgreSQL leaves an erroring expression unfolded
    return N.Const(e.typ, value, getattr(e, "typmod", -1))


# ---------------------------------------------------------------- operators
@functools.cache
def _builtin_estimators() -> dict[int, tuple[str, str]]:
    from pgref.catalog import builtin
    procs = builtin.procs()

    def name(oid: str) -> str:
        p = procs.get(int(oid)) if oid and oid != "0" else None
        return p.prosrc if p is not None else ""
    return {int(r["oid"]): (name(r["oprrest"]), name(r["oprjoin"])) for r in builtin.rows("pg_operator")}


def _estimators(src, opno: int) -> tuple[str, str]:
    got = _builtin_estimators().get(opno)
    if got is not None:
        return got
    op = src.catalog.user_operators.get(opno) if hasattr(src.catalog, "user_operators") else None
    if op is None:
        return "", ""
    names = []
    for oid in (getattr(op, "rest", 0), getattr(op, "join", 0)):
        names.append(src.catalog.proc(oid).prosrc if oid else "")
    return names[0], names[1]


def oprrest(src, opno: int) -> str:
    return _estimators(src, opno)[0]


def oprjoin(src, opno: int) -> str:
    return _estimators(src, opno)[1]


def _op(src, opno: int):
    return src.catalog.operator(opno) if opno else None


def get_negator(src, opno: int) -> int:
    op = _op(src, opno)
    return op.negator if op is not None else 0


def get_commutator(src, opno: int) -> int:
    op = _op(src, opno)
    return op.commutator if op is not None else 0


def op_function(src, opno: int):
    """The operator's implementation as fn(a, b) -> bool | None."""
    from pgref.executor.expr import function_impl
    op = _op(src, opno)
    _proc, fn = function_impl(_ectx(src.catalog), op.code, (op.left, op.right))
    return fn


def _test(fn, a, b) -> bool:
    return fn(a, b) is True


# ---------------------------------------------------------------- variables
@dataclass
class RelInfo:
    """The RelOptInfo fields the estimators read."""
    relids: frozenset
    tuples: float
    rows: float


@dataclass
class VariableStatData:
    var: Any                       # the expression (relabeling stripped for plain Vars)
    rel: RelInfo | None            # the relation it belongs to, None for a pseudo-constant
    stats: Any = None              # ColumnStats or None
    vartype: int = 0
    isunique: bool = False


def _relinfo(src, varno: int) -> RelInfo:
    tuples = float(src.rel_tuples(varno))
    rows = float(src.rel_rows(varno)) if hasattr(src, "rel_rows") else tuples
    return RelInfo(frozenset((varno,)), tuples, rows)


def examine_variable(src, node, varrelid: int = 0) -> VariableStatData:
    """examine_variable: is ``node`` a column (or an expression) of one
    relation, and what statistics describe it?"""
    vartype = getattr(node, "typ", 0)
    basenode = strip_relabel(node)
    if isinstance(basenode, N.Var) and basenode.levelsup == 0 and basenode.varattno != 0 \
            and (varrelid == 0 or varrelid == basenode.varno):
        rel = _relinfo(src, basenode.varno)
        stats = src.column_stats(basenode.varno, basenode.varattno) if basenode.varattno > 0 else None
        isunique = basenode.varattno > 0 and src.has_unique_index(basenode.varno, (basenode.varattno,))
        return VariableStatData(basenode, rel, stats, vartype, bool(isunique))
    vs = varnos(basenode)
    if not vs:
        return VariableStatData(node, None, None, vartype)
    if len(vs) == 1:
        (relid,) = tuple(vs)
        if varrelid == 0 or varrelid == relid:
            return VariableStatData(basenode, _relinfo(src, relid), None, vartype)
        return VariableStatData(node, None, None, vartype)
    if varrelid == 0:
        # a variable of a join relation: no statistics, tuples unknown
        return VariableStatData(basenode, RelInfo(vs, 0.0, 0.0), None, vartype)
    if varrelid in vs:
        return VariableStatData(basenode, _relinfo(src, varrelid), None, vartype)
    return VariableStatData(node, None, None, vartype)


def get_variable_numdistinct(vardata: VariableStatData) -> tuple[float, bool]:
    """get_variable_numdistinct -> (ndistinct, isdefault)."""
    st = vardata.stats
    if st is not None:
        stadistinct, stanullfrac = st.n_distinct, st.null_frac
    elif vardata.vartype == T.BOOLOID:
        stadistinct, stanullfrac = 2.0, 0.0
    elif isinstance(vardata.var, N.Var) and vardata.var.varattno < 0:
        # system columns: ctid and oid are unique, the others one value per table
        stadistinct = -1.0 if vardata.var.varattno in (-1, -2) else 1.0
        stanullfrac = 0.0
    else:
        stadistinct, stanullfrac = 0.0, 0.0
    if vardata.isunique:
        stadistinct = -1.0 * (1.0 - stanullfrac)
    if stadistinct > 0.0:
        return clamp_row_est(stadistinct), False
    if vardata.rel is None:
        return float(DEFAULT_NUM_DISTINCT), True
    ntuples = vardata.rel.tuples
    if ntuples <= 0.0:
        return float(DEFAULT_NUM_DISTINCT), True
    if stadistinct < 0.0:
        return clamp_row_est(-stadistinct * ntuples), False
    if ntuples < DEFAULT_NUM_DISTINCT:
        return clamp_row_est(ntuples), False
    return float(DEFAULT_NUM_DISTINCT), True


def get_restriction_variable(src, args, varrelid: int):
    """-> (vardata, other, varonleft) or None when the clause is not
    "variable op pseudo-constant" in either order."""
    if len(args) != 2:
        return None
    left = examine_variable(src, args[0], varrelid)
    right = examine_variable(src, args[1], varrelid)
    if left.rel is not None and right.rel is None:
        return left, estimate_expression_value(src, right.var), True
    if left.rel is None and right.rel is not None:
        return right, estimate_expression_value(src, left.var), False
    return None


# ---------------------------------------------------------------- equality
def var_eq_const(src, vardata: VariableStatData, opno: int, constval, constisnull: bool,
                 varonleft: bool, negate: bool) -> float:
    if constisnull:
        return 0.0
    nullfrac = 0.0
    st = vardata.stats
    if vardata.isunique and vardata.rel is not None and vardata.rel.tuples >= 1.0:
        selec = 1.0 / vardata.rel.tuples
    elif st is not None:
        nullfrac = st.null_frac
        match = None
        if st.mcv:
            fn = op_function(src, opno)
            for v, f in zip(st.mcv, st.mcf):
                if _test(fn, v, constval) if varonleft else _test(fn, constval, v):
                    match = f
                    break
        if match is not None:
            selec = match
        else:
            sumcommon = 0.0
            for f in st.mcf:
                sumcommon += f
            selec = 1.0 - sumcommon - nullfrac
            selec = clamp_probability(selec)
            otherdistinct = get_variable_numdistinct(vardata)[0] - len(st.mcf)
            if otherdistinct > 1:
                selec /= otherdistinct
            if st.mcf and selec > st.mcf[-1]:
                selec = st.mcf[-1]
    else:
        selec = 1.0 / get_variable_numdistinct(vardata)[0]
    if negate:
        selec = 1.0 - selec - nullfrac
    return clamp_probability(selec)


def var_eq_non_const(src, vardata: VariableStatData, opno: int, other, varonleft: bool, negate: bool) -> float:
    nullfrac = 0.0
    st = vardata.stats
    if vardata.isunique and vardata.rel is not None and vardata.rel.tuples >= 1.0:
        selec = 1.0 / vardata.rel.tuples
    elif st is not None:
        nullfrac = st.null_frac
        selec = 1.0 - nullfrac
        ndistinct = get_variable_numdistinct(vardata)[0]
        if ndistinct > 1:
            selec /= ndistinct
        if st.mcf and selec > st.mcf[0]:
            selec = st.mcf[0]
    else:
        selec = 1.0 / get_variable_numdistinct(vardata)[0]
    if negate:
        selec = 1.0 - selec - nullfrac
    return clamp_probability(selec)


def eqsel_internal(src, opno: int, args, varrelid: int, negate: bool) -> float:
    if negate:
        opno = get_negator(src, opno)
        if not opno:
            return 1.0 - DEFAULT_EQ_SEL
    got = get_restriction_variable(src, args, varrelid)
    if got is None:
        return 1.0 - DEFAULT_EQ_SEL if negate else DEFAULT_EQ_SEL
    vardata, other, varonleft = got
    if isinstance(other, N.Const):
        return var_eq_const(src, vardata, opno, other.value, other.value is None, varonleft, negate)
    return var_eq_non_const(src, vardata, opno, other, varonleft, negate)


# ---------------------------------------------------------------- inequalities
def mcv_selectivity(src, vardata: VariableStatData, fn, constval, varonleft: bool) -> tuple[float, float]:
    """-> (fraction of rows whose MCV satisfies the operator, sum of all MCV frequencies)."""
    mcv_selec = sumcommon = 0.0
    st = vardata.stats
    if st is not None and st.mcv:
        for v, f in zip(st.mcv, st.mcf):
            if _test(fn, v, constval) if varonleft else _test(fn, constval, v):
                mcv_selec += f
            sumcommon += f
    return mcv_selec, sumcommon


def histogram_selectivity(src, vardata: VariableStatData, fn, constval, varonleft: bool,
                          min_hist_size: int, n_skip: int) -> tuple[float, int]:
    """-> (fraction of the histogram entries satisfying the operator or -1, histogram size)."""
    st = vardata.stats
    if st is None or not st.histogram:
        return -1.0, 0
    hist = st.histogram
    if len(hist) < min_hist_size:
        return -1.0, len(hist)
    nmatch = 0
    for v in hist[n_skip:len(hist) - n_skip]:
        if (fn(v, constval) if varonleft else fn(constval, v)) is True:
            nmatch += 1
    return nmatch / (len(hist) - 2 * n_skip), len(hist)


def _actual_range(src, vardata: VariableStatData):
    if not hasattr(src, "actual_variable_range") or not isinstance(vardata.var, N.Var):
        return None
    return src.actual_variable_range(vardata.var.varno, vardata.var.varattno)


def ineq_histogram_selectivity(src, vardata: VariableStatData, opno: int, fn, isgt: bool, iseq: bool,
                               constval, consttype: int) -> float:
    st = vardata.stats
    if st is None or len(st.histogram) <= 1:
        return -1.0
    values = list(st.histogram)
    nvalues = len(values)
    have_end = False
    actual = None
    if nvalues == 2:
        actual = _actual_range(src, vardata)
        if actual is not None:
            values[0], values[1] = actual
            have_end = True
    lobound, hibound = 0, nvalues
    while lobound < hibound:
        probe = (lobound + hibound) // 2
        if nvalues > 2 and probe in (0, nvalues - 1):
            actual = _actual_range(src, vardata)
            have_end = actual is not None
            if have_end:
                values[probe] = actual[0] if probe == 0 else actual[1]
        ltcmp = fn(values[probe], constval) is True
        if isgt:
            ltcmp = not ltcmp
        if ltcmp:
            lobound = probe + 1
        else:
            hibound = probe
    if lobound <= 0:
        histfrac = 0.0
    elif lobound >= nvalues:
        histfrac = 1.0
    else:
        i = lobound
        eq_selec = 0.0
        if i == 1 or isgt == iseq:
            otherdistinct = get_variable_numdistinct(vardata)[0]
            otherdistinct -= len(st.mcf)
            if otherdistinct > 1:
                eq_selec = 1.0 / otherdistinct
        conv = convert_to_scalar(constval, consttype, values[i - 1], values[i], vardata.vartype)
        if conv is not None:
            val, low, high = conv
            if high <= low:
                binfrac = 0.5
            elif val <= low:
                binfrac = 0.0
            elif val >= high:
                binfrac = 1.0
            else:
                binfrac = (val - low) / (high - low)
                if binfrac != binfrac or binfrac < 0.0 or binfrac > 1.0:
                    binfrac = 0.5
        else:
            binfrac = 0.5
        histfrac = float(i - 1) + binfrac
        histfrac /= float(nvalues - 1)
        if i == 1:
            histfrac += eq_selec * (1.0 - binfrac)
        if isgt == iseq:
            histfrac -= eq_selec
    hist_selec = 1.0 - histfrac if isgt else histfrac
    if have_end:
        hist_selec = clamp_probability(hist_selec)
    else:
        cutoff = 0.01 / float(nvalues - 1)
        if hist_selec < cutoff:
            hist_selec = cutoff
        elif hist_selec > 1.0 - cutoff:
            hist_selec = 1.0 - cutoff
    return hist_selec


def scalarineqsel(src, opno: int, isgt: bool, iseq: bool, vardata: VariableStatData, constval,
                  consttype: int) -> float:
    st = vardata.stats
    if st is None:
        return DEFAULT_INEQ_SEL
    fn = op_function(src, opno)
    mcv_selec, sumcommon = mcv_selectivity(src, vardata, fn, constval, True)
    hist_selec = ineq_histogram_selectivity(src, vardata, opno, fn, isgt, iseq, constval, consttype)
    selec = 1.0 - st.null_frac - sumcommon
    if hist_selec >= 0.0:
        selec *= hist_selec
    else:
        selec *= 0.5
    selec += mcv_selec
    return clamp_probability(selec)


def scalarineqsel_wrapper(src, opno: int, args, varrelid: int, isgt: bool, iseq: bool) -> float:
    got = get_restriction_variable(src, args, varrelid)
    if got is None:
        return DEFAULT_INEQ_SEL
    vardata, other, varonleft = got
    if not isinstance(other, N.Const):
        return DEFAULT_INEQ_SEL
    if other.value is None:
        return 0.0
    if not varonleft:
        opno = get_commutator(src, opno)
        if not opno:
            return DEFAULT_INEQ_SEL
        isgt = not isgt
    return scalarineqsel(src, opno, isgt, iseq, vardata, other.value, other.typ)


# ---------------------------------------------------------------- convert_to_scalar
_NUMERIC_TYPES = {T.BOOLOID, T.INT2OID, T.INT4OID, T.INT8OID, T.FLOAT4OID, T.FLOAT8OID, T.NUMERICOID,
                  T.OIDOID, T.REGPROCOID, T.REGPROCEDUREOID, T.REGOPEROID, T.REGOPERATOROID,
                  T.REGCLASSOID, T.REGTYPEOID, T.REGCOLLATIONOID, T.REGCONFIGOID, 3769, T.REGROLEOID,
                  T.REGNAMESPACEOID}
_STRING_TYPES = {T.CHAROID, T.BPCHAROID, T.VARCHAROID, T.TEXTOID, T.NAMEOID}
_TIME_TYPES = {T.TIMESTAMPOID, T.TIMESTAMPTZOID, T.DATEOID, T.INTERVALOID, T.TIMEOID, T.TIMETZOID}
USECS_PER_DAY = 86_400_000_000


def _numeric_scalar(v, typ: int) -> float | None:
    if typ not in _NUMERIC_TYPES:
        return None
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    try:
        return float(v)
    except (TypeError, ValueError, OverflowError):
        return None


def _time_scalar(v, typ: int) -> float | None:
    from pgref.types.values import DATE_NOBEGIN, DATE_NOEND
    if typ in (T.TIMESTAMPOID, T.TIMESTAMPTZOID, T.TIMEOID):
        return float(v)
    if typ == T.DATEOID:
        if v == DATE_NOBEGIN:
            return -math.inf
        if v == DATE_NOEND:
            return math.inf
        return float(v) * USECS_PER_DAY
    if typ == T.INTERVALOID:
        return v.micros + v.days * float(USECS_PER_DAY) + v.months * ((365.25 / 12.0) * USECS_PER_DAY)
    if typ == T.TIMETZOID:
        return float(v.micros + v.zone * 1000000.0)
    return None


def _string_bytes(v, typ: int) -> bytes | None:
    if typ not in _STRING_TYPES:
        return None
    if isinstance(v, bytes):
        return v
    return str(v).encode()


def _one_string(s: bytes, rangelo: int, rangehi: int) -> float:
    if not s:
        return 0.0
    s = s[:12]
    base = rangehi - rangelo + 1
    num = 0.0
    denom = float(base)
    for ch in s:
        if ch < rangelo:
            ch = rangelo - 1
        elif ch > rangehi:
            ch = rangehi + 1
        num += float(ch - rangelo) / denom
        denom *= base
    return num


def convert_string_to_scalar(value: bytes, lo: bytes, hi: bytes) -> tuple[float, float, float]:
    rangelo = rangehi = hi[0] if hi else 0
    for s in (lo, hi):
        for ch in s:
            rangelo = min(rangelo, ch)
            rangehi = max(rangehi, ch)
    if rangelo <= ord("Z") and rangehi >= ord("A"):
        rangelo, rangehi = min(rangelo, ord("A")), max(rangehi, ord("Z"))
    if rangelo <= ord("z") and rangehi >= ord("a"):
        rangelo, rangehi = min(rangelo, ord("a")), max(rangehi, ord("z"))
    if rangelo <= ord("9") and rangehi >= ord("0"):
        rangelo, rangehi = min(rangelo, ord("0")), max(rangehi, ord("9"))
    if rangehi - rangelo < 9:
        rangelo, rangehi = ord(" "), 127
    k = 0
    while k < len(lo) and k < len(hi) and k < len(value) and lo[k] == hi[k] == value[k]:
        k += 1
    return (_one_string(value[k:], rangelo, rangehi), _one_string(lo[k:], rangelo, rangehi),
            _one_string(hi[k:], rangelo, rangehi))


def _one_bytea(s: bytes) -> float:
    if not s:
        return 0.0
    num, denom = 0.0, 256.0
    for ch in s[:10]:
        num += float(ch) / denom
        denom *= 256
    return num


def convert_to_scalar(value, valuetyp: int, lo, hi, boundstyp: int):
    """convert_to_scalar -> (value, low, high) on one numeric scale, or None."""
    if valuetyp in _NUMERIC_TYPES:
        got = (_numeric_scalar(value, valuetyp), _numeric_scalar(lo, boundstyp), _numeric_scalar(hi, boundstyp))
        return None if None in got else got
    if valuetyp in _STRING_TYPES:
        vs, ls, hs = _string_bytes(value, valuetyp), _string_bytes(lo, boundstyp), _string_bytes(hi, boundstyp)
        if vs is None or ls is None or hs is None:
            return None
        return convert_string_to_scalar(vs, ls, hs)
    if valuetyp == T.BYTEAOID:
        if boundstyp != T.BYTEAOID:
            return None
        value, lo, hi = bytes(value), bytes(lo), bytes(hi)
        k = 0
        while k < min(len(value), len(lo), len(hi)) and lo[k] == hi[k] == value[k]:
            k += 1
        return _one_bytea(value[k:]), _one_bytea(lo[k:]), _one_bytea(hi[k:])
    if valuetyp in _TIME_TYPES:
        if boundstyp not in _TIME_TYPES:
            return None
        got = (_time_scalar(value, valuetyp), _time_scalar(lo, boundstyp), _time_scalar(hi, boundstyp))
        return None if None in got else got
    return None


# ---------------------------------------------------------------- generic and pattern
def generic_restriction_selectivity(src, opno: int, args, varrelid: int, default: float) -> float:
    got = get_restriction_variable(src, args, varrelid)
    if got is None:
        return default
    vardata, other, varonleft = got
    if isinstance(other, N.Const) and other.value is None:
        return 0.0
    if not isinstance(other, N.Const):
        return clamp_probability(default)
    fn = op_function(src, opno)
    mcvsel, mcvsum = mcv_selectivity(src, vardata, fn, other.value, varonleft)
    selec, hist_size = histogram_selectivity(src, vardata, fn, other.value, varonleft, 10, 1)
    if selec < 0:
        selec = default
    elif hist_size < 100:
        w = hist_size / 100.0
        selec = selec * w + default * (1.0 - w)
    selec = min(max(selec, 0.0001), 0.9999)
    nullfrac = vardata.stats.null_frac if vardata.stats is not None else 0.0
    selec *= 1.0 - nullfrac - mcvsum
    selec += mcvsel
    return clamp_probability(selec)


def like_fixed_prefix(patt: str, case_insensitive: bool) -> tuple[str, str, float]:
    """-> (status exact/partial/none, prefix, selectivity of the rest)."""
    prefix = []
    pos = 0
    n = len(patt)
    while pos < n:
        c = patt[pos]
        if c in "%_":
            break
        if c == "\\":
            pos += 1
            if pos >= n:
                break
            c = patt[pos]
        if case_insensitive and c.lower() != c.upper():
            break
        prefix.append(c)
        pos += 1
    rest = like_selectivity(patt[pos:], case_insensitive)
    if pos == n:
        return "exact", "".join(prefix), rest
    return ("partial" if prefix else "none"), "".join(prefix), rest


def like_selectivity(patt: str, case_insensitive: bool) -> float:
    sel = 1.0
    pos = 1 if patt.startswith("%") else 0
    n = len(patt)
    while pos < n:
        c = patt[pos]
        if c == "%":
            sel *= FULL_WILDCARD_SEL
        elif c == "_":
            sel *= ANY_CHAR_SEL
        elif c == "\\":
            pos += 1
            if pos >= n:
                break
            sel *= FIXED_CHAR_SEL
        else:
            sel *= FIXED_CHAR_SEL
        pos += 1
    return min(sel, 1.0)


PARTIAL_WILDCARD_SEL = 2.0
_REGEX_META = set(".[](){}*+?|^$\\")


def regex_fixed_prefix(patt: str, case_insensitive: bool) -> tuple[str, str, float]:
    """regex_fixed_prefix: the literal characters a pattern anchored with
    ``^`` must start with (PostgreSQL reads them off the compiled NFA;
    this follows the pattern text, which gives the same prefix for the
    literal-then-operator patterns of practice)."""
    prefix: list[str] = []
    exact = False
    if patt.startswith("^"):
        pos = 1
        while pos < len(patt):
            ch = patt[pos]
            if ch == "\\" and pos + 1 < len(patt) and not patt[pos + 1].isalnum():
                lit, nxt = patt[pos + 1], pos + 2
            elif ch in _REGEX_META:
                break
            else:
                lit, nxt = ch, pos + 1
            if case_insensitive and lit.lower() != lit.upper():
                break
            if nxt < len(patt) and patt[nxt] in "*?{":
                break                               # optional: not part of the prefix
            prefix.append(lit)
            pos = nxt
            if nxt < len(patt) and patt[nxt] == "+":
                break
        exact = bool(prefix) and pos == len(patt) - 1 and patt[pos] == "$"
    if not prefix:
        return "none", "", regex_selectivity(patt, case_insensitive, 0)
    if exact:
        return "exact", "".join(prefix), 1.0
    return "partial", "".join(prefix), regex_selectivity(patt, case_insensitive, len(prefix))


def _regex_selectivity_sub(patt: str, case_insensitive: bool) -> float:
    sel = 1.0
    depth = 0
    paren_pos = 0
    pos = 0
    n = len(patt)
    while pos < n:
        ch = patt[pos]
        if ch == "(":
            if depth == 0:
                paren_pos = pos
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                sel *= _regex_selectivity_sub(patt[paren_pos + 1:pos], case_insensitive)
        elif ch == "|" and depth == 0:
            sel += _regex_selectivity_sub(patt[pos + 1:], case_insensitive)
            break
        elif ch == "[":
            pos += 1
            negclass = pos < n and patt[pos] == "^"
            if negclass:
                pos += 1
            if pos < n and patt[pos] == "]":
                pos += 1
            while pos < n and patt[pos] != "]":
                pos += 1
            if depth == 0:
                sel *= (1.0 - CHAR_RANGE_SEL) if negclass else CHAR_RANGE_SEL
        elif ch == ".":
            if depth == 0:
                sel *= ANY_CHAR_SEL
        elif ch in "*?+":
            if depth == 0:
                sel *= PARTIAL_WILDCARD_SEL
        elif ch == "{":
            while pos < n and patt[pos] != "}":
                pos += 1
            if depth == 0:
                sel *= PARTIAL_WILDCARD_SEL
        elif ch == "\\":
            pos += 1
            if pos >= n:
                break
            if depth == 0:
                sel *= FIXED_CHAR_SEL
        elif depth == 0:
            sel *= FIXED_CHAR_SEL
        pos += 1
    return min(sel, 1.0)


def regex_selectivity(patt: str, case_insensitive: bool, fixed_prefix_len: int) -> float:
    if patt.endswith("$") and (len(patt) == 1 or patt[-2] != "\\"):
        sel = _regex_selectivity_sub(patt[:-1], case_insensitive)
    else:
        sel = _regex_selectivity_sub(patt, case_insensitive) * FULL_WILDCARD_SEL
    if fixed_prefix_len > 0:
        prefixsel = math.pow(FIXED_CHAR_SEL, fixed_prefix_len)
        if prefixsel > 0.0:
            sel /= prefixsel
    return clamp_probability(sel)


def make_greater_string(s: str) -> str | None:
    """make_greater_string in the C collation: bump the last character,
    dropping characters that cannot be bumped."""
    while s:
        last = ord(s[-1])
        if last < 0x10FFFF and not 0xD7FF <= last < 0xE000:
            return s[:-1] + chr(last + 1)
        s = s[:-1]
    return None


# text/name/bpchar: (=, <, >=, comparison constant type)
_PATTERN_OPS = {T.TEXTOID: (98, 664, 667, T.TEXTOID), T.NAMEOID: (254, 255, 257, T.TEXTOID),
                T.BPCHAROID: (1054, 1058, 1061, T.BPCHAROID)}


def prefix_selectivity(src, vardata: VariableStatData, eqopr: int, ltopr: int, geopr: int, prefix: str,
                       prefixtyp: int) -> float:
    prefixsel = ineq_histogram_selectivity(src, vardata, geopr, op_function(src, geopr), True, True,
                                           prefix, prefixtyp)
    if prefixsel < 0.0:
        return DEFAULT_MATCH_SEL
    greater = make_greater_string(prefix)
    if greater is not None:
        topsel = ineq_histogram_selectivity(src, vardata, ltopr, op_function(src, ltopr), False, False,
                                            greater, prefixtyp)
        prefixsel = topsel + prefixsel - 1.0
    eq_sel = var_eq_const(src, vardata, eqopr, prefix, False, True, False)
    return max(prefixsel, eq_sel)


def patternsel(src, opno: int, args, varrelid: int, kind: str, negate: bool) -> float:
    """patternsel_common for LIKE / ILIKE / ~ / ~* (``kind`` like, ilike,
    regex, iregex)."""
    result = 1.0 - DEFAULT_MATCH_SEL if negate else DEFAULT_MATCH_SEL
    got = get_restriction_variable(src, args, varrelid)
    if got is None:
        return result
    vardata, other, varonleft = got
    if not isinstance(other, N.Const):
        return result
    if other.value is None:
        return 0.0
    if other.typ != T.TEXTOID:
        return result
    ops = _PATTERN_OPS.get(vardata.vartype)
    if ops is None:
        return result
    eqopr, ltopr, geopr, rtyp = ops
    nullfrac = vardata.stats.null_frac if vardata.stats is not None else 0.0
    if kind in ("like", "ilike"):
        status, prefix, rest_selec = like_fixed_prefix(str(other.value), kind == "ilike")
    else:
        status, prefix, rest_selec = regex_fixed_prefix(str(other.value), kind == "iregex")
    if negate:
        opno = get_negator(src, opno) or opno
    if status == "exact":
        result = var_eq_const(src, vardata, eqopr, prefix, False, True, False)
    else:
        fn = op_function(src, opno)
        selec, hist_size = histogram_selectivity(src, vardata, fn, other.value, True, 10, 1)
        if hist_size < 100:
            prefixsel = prefix_selectivity(src, vardata, eqopr, ltopr, geopr, prefix, rtyp) \
                if status == "partial" else 1.0
            heursel = prefixsel * rest_selec
            if selec < 0:
                selec = heursel
            else:
                w = hist_size / 100.0
                selec = selec * w + heursel * (1.0 - w)
        selec = min(max(selec, 0.0001), 0.9999)
        mcv_selec, sumcommon = mcv_selectivity(src, vardata, fn, other.value, True)
        selec *= 1.0 - nullfrac - sumcommon
        selec += mcv_selec
        result = selec
    if negate:
        result = 1.0 - result - nullfrac
    return clamp_probability(result)


# ---------------------------------------------------------------- restriction dispatch
# estimators pgref has no statistics for: PostgreSQL's default for them
# (networksel/networkjoinsel: the inclusion default; PostgreSQL refines it
# from inet statistics pgref does not collect)
_FIXED_REST = {"areasel": 0.005, "positionsel": 0.1, "contsel": 0.001, "networksel": 0.005,
               "tsmatchsel": 0.005, "rangesel": 0.005,
               "multirangesel": 0.005, "prefixsel": DEFAULT_MATCH_SEL}
_FIXED_JOIN = {"areajoinsel": 0.005, "positionjoinsel": 0.1, "contjoinsel": 0.001,
               "networkjoinsel": 0.005, "tsmatchjoinsel": 0.005,
               "arraycontjoinsel": DEFAULT_CONTAIN_SEL, "matchingjoinsel": DEFAULT_MATCHING_SEL,
               "scalarltjoinsel": DEFAULT_INEQ_SEL, "scalarlejoinsel": DEFAULT_INEQ_SEL,
               "scalargtjoinsel": DEFAULT_INEQ_SEL, "scalargejoinsel": DEFAULT_INEQ_SEL,
               "likejoinsel": DEFAULT_MATCH_SEL, "iclikejoinsel": DEFAULT_MATCH_SEL,
               "regexeqjoinsel": DEFAULT_MATCH_SEL, "icregexeqjoinsel": DEFAULT_MATCH_SEL,
               "nlikejoinsel": 1.0 - DEFAULT_MATCH_SEL, "icnlikejoinsel": 1.0 - DEFAULT_MATCH_SEL,
               "regexnejoinsel": 1.0 - DEFAULT_MATCH_SEL, "icregexnejoinsel": 1.0 - DEFAULT_MATCH_SEL,
               "prefixjoinsel": DEFAULT_MATCH_SEL}


def restriction_selectivity(src, opno: int, args, varrelid: int = 0) -> float:
    """restriction_selectivity: call the operator's oprrest estimator."""
    name = oprrest(src, opno)
    if not name:
        return 0.5
    if name == "eqsel":
        s = eqsel_internal(src, opno, args, varrelid, False)
    elif name == "neqsel":
        s = eqsel_internal(src, opno, args, varrelid, True)
    elif name in ("scalarltsel", "scalarlesel", "scalargtsel", "scalargesel"):
        s = scalarineqsel_wrapper(src, opno, args, varrelid, name in ("scalargtsel", "scalargesel"),
                                  name in ("scalarlesel", "scalargesel"))
    elif name in ("likesel", "nlikesel", "iclikesel", "icnlikesel"):
        s = patternsel(src, opno, args, varrelid, "ilike" if name.startswith("ic") else "like",
                       name in ("nlikesel", "icnlikesel"))
    elif name in ("regexeqsel", "icregexeqsel", "regexnesel", "icregexnesel"):
        s = patternsel(src, opno, args, varrelid, "iregex" if name.startswith("ic") else "regex",
                       name in ("regexnesel", "icregexnesel"))
    elif name == "arraycontsel":
        s = arraycontsel(src, opno, args, varrelid)
    elif name == "matchingsel":
        s = generic_restriction_selectivity(src, opno, args, varrelid, DEFAULT_MATCHING_SEL)
    elif name in _FIXED_REST:
        s = _FIXED_REST[name]
    else:
        s = 0.5
    if s < 0.0 or s > 1.0:
        from pgref.errors import INTERNAL_ERROR, PgError
        raise PgError(INTERNAL_ERROR, f"invalid restriction selectivity: {s}")
    return s


# ---------------------------------------------------------------- joins
def get_join_variables(src, args, sjinfo: SemiJoinInfo | None):
    v1 = examine_variable(src, args[0], 0)
    v2 = examine_variable(src, args[1], 0)
    reversed_ = False
    if sjinfo is not None:
        if v1.rel is not None and v1.rel.relids <= sjinfo.min_righthand:
            reversed_ = True
        elif v2.rel is not None and v2.rel.relids <= sjinfo.min_lefthand:
            reversed_ = True
    return v1, v2, reversed_


def eqjoinsel_inner(fn, v1: VariableStatData, v2: VariableStatData, nd1: float, nd2: float) -> float:
    s1, s2 = v1.stats, v2.stats
    if s1 is not None and s2 is not None and s1.mcv and s2.mcv and fn is not None:
        nullfrac1, nullfrac2 = s1.null_frac, s2.null_frac
        has1 = [False] * len(s1.mcv)
        has2 = [False] * len(s2.mcv)
        matchprodfreq = 0.0
        nmatches = 0
        for i, a in enumerate(s1.mcv):
            for j, b in enumerate(s2.mcv):
                if has2[j]:
                    continue
                if fn(a, b) is True:
                    has1[i] = has2[j] = True
                    matchprodfreq += s1.mcf[i] * s2.mcf[j]
                    nmatches += 1
                    break
        matchprodfreq = clamp_probability(matchprodfreq)
        matchfreq1 = unmatchfreq1 = 0.0
        for i, f in enumerate(s1.mcf):
            if has1[i]:
                matchfreq1 += f
            else:
                unmatchfreq1 += f
        matchfreq1, unmatchfreq1 = clamp_probability(matchfreq1), clamp_probability(unmatchfreq1)
        matchfreq2 = unmatchfreq2 = 0.0
        for j, f in enumerate(s2.mcf):
            if has2[j]:
                matchfreq2 += f
            else:
                unmatchfreq2 += f
        matchfreq2, unmatchfreq2 = clamp_probability(matchfreq2), clamp_probability(unmatchfreq2)
        otherfreq1 = clamp_probability(1.0 - nullfrac1 - matchfreq1 - unmatchfreq1)
        otherfreq2 = clamp_probability(1.0 - nullfrac2 - matchfreq2 - unmatchfreq2)
        totalsel1 = matchprodfreq
        if nd2 > len(s2.mcv):
            totalsel1 += unmatchfreq1 * otherfreq2 / (nd2 - len(s2.mcv))
        if nd2 > nmatches:
            totalsel1 += otherfreq1 * (otherfreq2 + unmatchfreq2) / (nd2 - nmatches)
        totalsel2 = matchprodfreq
        if nd1 > len(s1.mcv):
            totalsel2 += unmatchfreq2 * otherfreq1 / (nd1 - len(s1.mcv))
        if nd1 > nmatches:
            totalsel2 += otherfreq2 * (otherfreq1 + unmatchfreq1) / (nd1 - nmatches)
        return totalsel1 if totalsel1 < totalsel2 else totalsel2
    nullfrac1 = s1.null_frac if s1 is not None else 0.0
    nullfrac2 = s2.null_frac if s2 is not None else 0.0
    selec = (1.0 - nullfrac1) * (1.0 - nullfrac2)
    if nd1 > nd2:
        selec /= nd1
    else:
        selec /= nd2
    return selec


def eqjoinsel_semi(fn, v1: VariableStatData, v2: VariableStatData, nd1: float, nd2: float, isdefault1: bool,
                   isdefault2: bool, inner_rows: float) -> float:
    s1, s2 = v1.stats, v2.stats
    if v2.rel is not None and nd2 >= v2.rel.rows:
        nd2 = v2.rel.rows
        isdefault2 = False
    if nd2 >= inner_rows:
        nd2 = inner_rows
        isdefault2 = False
    if s1 is not None and s2 is not None and s1.mcv and s2.mcv and fn is not None:
        nullfrac1 = s1.null_frac
        clamped2 = min(len(s2.mcv), nd2)
        has1 = [False] * len(s1.mcv)
        has2 = [False] * len(s2.mcv)
        nmatches = 0
        for i, a in enumerate(s1.mcv):
            j = 0
            while j < clamped2:
                if not has2[j] and fn(a, s2.mcv[j]) is True:
                    has1[i] = has2[j] = True
                    nmatches += 1
                    break
                j += 1
        matchfreq1 = 0.0
        for i, f in enumerate(s1.mcf):
            if has1[i]:
                matchfreq1 += f
        matchfreq1 = clamp_probability(matchfreq1)
        if not isdefault1 and not isdefault2:
            nd1 -= nmatches
            nd2 -= nmatches
            uncertainfrac = 1.0 if nd1 <= nd2 or nd2 < 0 else nd2 / nd1
        else:
            uncertainfrac = 0.5
        uncertain = clamp_probability(1.0 - matchfreq1 - nullfrac1)
        return matchfreq1 + uncertainfrac * uncertain
    nullfrac1 = s1.null_frac if s1 is not None else 0.0
    if not isdefault1 and not isdefault2:
        if nd1 <= nd2 or nd2 < 0:
            return 1.0 - nullfrac1
        return (nd2 / nd1) * (1.0 - nullfrac1)
    return 0.5 * (1.0 - nullfrac1)


def eqjoinsel(src, opno: int, args, jointype: str, sjinfo: SemiJoinInfo | None) -> float:
    v1, v2, reversed_ = get_join_variables(src, args, sjinfo)
    nd1, isdefault1 = get_variable_numdistinct(v1)
    nd2, isdefault2 = get_variable_numdistinct(v2)
    fn = op_function(src, opno)
    selec_inner = eqjoinsel_inner(fn, v1, v2, nd1, nd2)
    kind = sjinfo.jointype if sjinfo is not None else "inner"
    if kind in ("semi", "anti"):
        inner_rows = sjinfo.righthand_rows
        if not reversed_:
            selec = eqjoinsel_semi(fn, v1, v2, nd1, nd2, isdefault1, isdefault2, inner_rows)
        else:
            comm = get_commutator(src, opno)
            cfn = op_function(src, comm) if comm else None
            selec = eqjoinsel_semi(cfn, v2, v1, nd2, nd1, isdefault2, isdefault1, inner_rows)
        selec = min(selec, inner_rows * selec_inner)
    else:
        selec = selec_inner
    return clamp_probability(selec)


def neqjoinsel(src, opno: int, args, jointype: str, sjinfo: SemiJoinInfo | None) -> float:
    if jointype in ("semi", "anti"):
        v1, _v2, _r = get_join_variables(src, args, sjinfo)
        nullfrac = v1.stats.null_frac if v1.stats is not None else 0.0
        result = 1.0 - nullfrac
    else:
        eqop = get_negator(src, opno)
        result = eqjoinsel(src, eqop, args, jointype, sjinfo) if eqop else DEFAULT_EQ_SEL
        result = 1.0 - result
    return clamp_probability(result)


def join_selectivity(src, opno: int, args, jointype: str = "inner", sjinfo: SemiJoinInfo | None = None) -> float:
    """join_selectivity: call the operator's oprjoin estimator."""
    name = oprjoin(src, opno)
    if not name:
        return 0.5
    if name == "eqjoinsel":
        s = eqjoinsel(src, opno, args, jointype, sjinfo)
    elif name == "neqjoinsel":
        s = neqjoinsel(src, opno, args, jointype, sjinfo)
    else:
        s = _FIXED_JOIN.get(name, 0.5)
    if s < 0.0 or s > 1.0:
        from pgref.errors import INTERNAL_ERROR, PgError
        raise PgError(INTERNAL_ERROR, f"invalid join selectivity: {s}")
    return s


# ---------------------------------------------------------------- other clause kinds
def boolvarsel(src, arg, varrelid: int) -> float:
    vardata = examine_variable(src, arg, varrelid)
    if vardata.stats is not None:
        return var_eq_const(src, vardata, BOOL_EQ_OP, True, False, True, False)
    return 0.5


def booltestsel(src, kind: str, arg, varrelid: int, jointype: str, sjinfo) -> float:
    from pgref.planner.clausesel import clause_selectivity
    vardata = examine_variable(src, arg, varrelid)
    st = vardata.stats
    if st is not None:
        freq_null = st.null_frac
        if st.mcv and st.mcf:
            freq_true = st.mcf[0] if st.mcv[0] is True else 1.0 - st.mcf[0] - freq_null
            freq_false = 1.0 - freq_true - freq_null
            selec = {"is_unknown": freq_null, "is_not_unknown": 1.0 - freq_null, "is_true": freq_true,
                     "is_not_true": 1.0 - freq_true, "is_false": freq_false,
                     "is_not_false": 1.0 - freq_false}[kind]
        else:
            selec = {"is_unknown": freq_null, "is_not_unknown": 1.0 - freq_null,
                     "is_true": (1.0 - freq_null) / 2.0, "is_false": (1.0 - freq_null) / 2.0,
                     "is_not_true": (1.0 + freq_null) / 2.0, "is_not_false": (1.0 + freq_null) / 2.0}[kind]
    elif kind == "is_unknown":
        selec = DEFAULT_UNK_SEL
    elif kind == "is_not_unknown":
        selec = DEFAULT_NOT_UNK_SEL
    elif kind in ("is_true", "is_not_false"):
        selec = clause_selectivity(src, arg, varrelid, jointype, sjinfo)
    else:
        selec = 1.0 - clause_selectivity(src, arg, varrelid, jointype, sjinfo)
    return clamp_probability(selec)


def nulltestsel(src, is_null: bool, arg, varrelid: int, jointype: str = "inner", sjinfo=None) -> float:
    vardata = examine_variable(src, arg, varrelid)
    if vardata.stats is not None:
        selec = vardata.stats.null_frac if is_null else 1.0 - vardata.stats.null_frac
    elif isinstance(vardata.var, N.Var) and vardata.var.varattno < 0:
        selec = 0.0 if is_null else 1.0
    else:
        selec = DEFAULT_UNK_SEL if is_null else DEFAULT_NOT_UNK_SEL
    return clamp_probability(selec)


def _element_type(src, arrtyp: int) -> int:
    t = src.catalog.typeinfo(arrtyp)
    while t is not None and t.typtype == "d" and t.basetype:
        t = src.catalog.typeinfo(t.basetype)
    return t.elem if t is not None and t.category == "A" else 0


def _eq_operator(src, typ: int) -> int:
    from pgref.engine.analyze import sort_operators
    return sort_operators(src.catalog, typ)[1]


def scalararraysel(src, clause: N.ScalarArrayOpExpr, is_join: bool, varrelid: int, jointype: str,
                   sjinfo) -> float:
    """scalararraysel: x op ANY/ALL (array): combine the element operator's
    selectivity over the elements (disjoint sum for = ANY / <> ALL)."""
    opno = clause.opno
    use_or = clause.use_or
    leftop = estimate_expression_value(src, clause.args[0])
    rightop = estimate_expression_value(src, clause.args[1])
    elemtyp = _element_type(src, rightop.typ)
    if not elemtyp:
        return 0.5
    rightop = strip_relabel(rightop)
    while isinstance(rightop, N.ArrayCoerceExpr) and isinstance(strip_relabel(rightop.elemexpr), N.CaseTestExpr):
        rightop = strip_relabel(rightop.arg)
    is_equality = is_inequality = False
    eq = _eq_operator(src, elemtyp)
    if eq:
        if opno == eq:
            is_equality = True
        elif get_negator(src, opno) == eq:
            is_inequality = True
    if (is_equality or is_inequality) and not is_join:
        s1 = scalararraysel_containment(src, leftop, rightop, elemtyp, is_equality, use_or, varrelid)
        if s1 >= 0.0:
            return s1
    name = oprjoin(src, opno) if is_join else oprrest(src, opno)
    if not name:
        return 0.5
    if name in ("eqsel", "eqjoinsel"):
        is_equality = True
    elif name in ("neqsel", "neqjoinsel"):
        is_inequality = True

    def oprsel(args):
        if is_join:
            return join_selectivity(src, opno, args, jointype, sjinfo)
        return restriction_selectivity(src, opno, args, varrelid)

    elems = None
    if isinstance(rightop, N.Const):
        if rightop.value is None:
            return 0.0
        elems = [N.Const(elemtyp, v) for v in rightop.value.elements]
    elif isinstance(rightop, N.ArrayExpr) and not getattr(rightop, "multidims", False):
        elems = list(rightop.elements)
    if elems is not None:
        s1 = s1disjoint = 0.0 if use_or else 1.0
        for el in elems:
            s2 = oprsel((leftop, el))
            if use_or:
                s1 = s1 + s2 - s1 * s2
                if is_equality:
                    s1disjoint += s2
            else:
                s1 = s1 * s2
                if is_inequality:
                    s1disjoint += s2 - 1.0
        if (is_equality if use_or else is_inequality) and 0.0 <= s1disjoint <= 1.0:
            s1 = s1disjoint
    else:
        s2 = oprsel((leftop, N.CaseTestExpr(elemtyp)))
        s1 = 0.0 if use_or else 1.0
        for _ in range(10):
            s1 = s1 + s2 - s1 * s2 if use_or else s1 * s2
    return clamp_probability(s1)


# ---------------------------------------------------------------- arrays
ARRAY_OVERLAP_OP, ARRAY_CONTAINS_OP, ARRAY_CONTAINED_OP = 2750, 2751, 2752


def _contain_overlap_selec(elems: list, operator: int) -> float:
    """mcelem_array_contain_overlap_selec without most-common-element
    statistics (ANALYZE in pgref collects none): each distinct element
    matches with min(DEFAULT_CONTAIN_SEL, minfreq / 2), minfreq being
    2 * DEFAULT_CONTAIN_SEL."""
    from pgref.executor import keys as K
    elem_selec = min(DEFAULT_CONTAIN_SEL, _float4_round(2 * DEFAULT_CONTAIN_SEL) / 2)
    selec = 1.0 if operator == ARRAY_CONTAINS_OP else 0.0
    seen = set()
    for e in elems:
        k = K._generic_hashable(e)
        if k in seen:
            continue
        seen.add(k)
        if operator == ARRAY_CONTAINS_OP:
            selec *= elem_selec
        else:
            selec = selec + elem_selec - selec * elem_selec
        selec = clamp_probability(selec)
    return selec


def _float4_round(x: float) -> float:
    import struct
    return struct.unpack("f", struct.pack("f", x))[0]


def scalararraysel_containment(src, leftop, rightop, elemtyp: int, is_equality: bool, use_or: bool,
                               varrelid: int) -> float:
    """scalararraysel_containment: ``const = ANY (array_column)`` as
    ``array_column @> ARRAY[const]``; -1 when it does not apply."""
    vardata = examine_variable(src, rightop, varrelid)
    if vardata.rel is None or not isinstance(leftop, N.Const):
        return -1.0
    if leftop.value is None:
        return 0.0
    if not is_equality:
        use_or = not use_or
    if use_or:
        selec = _contain_overlap_selec([leftop.value], ARRAY_CONTAINS_OP)
    else:
        selec = DEFAULT_CONTAIN_SEL      # mcelem_array_contained_selec without element statistics
    if vardata.stats is not None:
        selec *= (1.0 - vardata.stats.null_frac)
    if not is_equality:
        selec = 1.0 - selec
    return clamp_probability(selec)


def arraycontsel(src, opno: int, args, varrelid: int) -> float:
    """arraycontsel for @>, && and <@, computed as PostgreSQL does for a
    column without most-common-element statistics (pgref collects none)."""
    default = 0.01 if opno == ARRAY_OVERLAP_OP else DEFAULT_CONTAIN_SEL
    got = get_restriction_variable(src, args, varrelid)
    if got is None:
        return default
    vardata, other, varonleft = got
    if not isinstance(other, N.Const):
        return default
    if other.value is None:
        return 0.0
    if not varonleft:
        opno = {ARRAY_CONTAINS_OP: ARRAY_CONTAINED_OP, ARRAY_CONTAINED_OP: ARRAY_CONTAINS_OP}.get(opno, opno)
    elem = _element_type(src, other.typ)
    if not elem or elem != _element_type(src, vardata.vartype):
        return default
    elems = list(other.value.elements)
    if opno == ARRAY_CONTAINS_OP and any(e is None for e in elems):
        return 0.0
    if opno == ARRAY_CONTAINED_OP:
        selec = DEFAULT_CONTAIN_SEL              # mcelem_array_contained_selec without element statistics
    else:
        selec = _contain_overlap_selec([e for e in elems if e is not None], opno)
    if vardata.stats is not None:
        selec *= (1.0 - vardata.stats.null_frac)
    return clamp_probability(selec)


# ---------------------------------------------------------------- estimate_num_groups
@dataclass
class _GroupVar:
    var: Any
    rel: RelInfo | None
    ndistinct: float
    isdefault: bool


def _add_unique_group_var(varinfos: list, var, vardata: VariableStatData) -> None:
    ndistinct, isdefault = get_variable_numdistinct(vardata)
    for vi in varinfos:
        if vi.var == var:
            return
    varinfos.append(_GroupVar(var, vardata.rel, ndistinct, isdefault))


def estimate_num_groups(src, exprs: list, input_rows: float) -> float:
    """estimate_num_groups: the number of distinct combinations of
    ``exprs`` among ``input_rows`` rows (GROUP BY / DISTINCT)."""
    input_rows = clamp_row_est(input_rows)
    if not exprs:
        return 1.0
    numdistinct = 1.0
    varinfos: list[_GroupVar] = []
    for e in exprs:
        if getattr(e, "typ", 0) == T.BOOLOID:
            numdistinct *= 2.0
            continue
        vardata = examine_variable(src, e, 0)
        if vardata.stats is not None or vardata.isunique:
            _add_unique_group_var(varinfos, e, vardata)
            continue
        vars_here = []
        for x in walk(e):
            if isinstance(x, N.Var) and x.levelsup == 0 and x not in vars_here:
                vars_here.append(x)
        vars_here.reverse()                 # walk() is depth-first from the right
        if not vars_here:
            if _volatile(src, e):
                return input_rows
            continue
        for v in vars_here:
            _add_unique_group_var(varinfos, v, examine_variable(src, v, 0))
    if not varinfos:
        numdistinct = math.ceil(numdistinct)
        return max(min(numdistinct, input_rows), 1.0)
    while varinfos:
        first = varinfos[0]
        rel = first.rel
        same = [vi for vi in varinfos if vi.rel is rel or (vi.rel is not None and rel is not None
                                                           and vi.rel.relids == rel.relids)]
        varinfos = [vi for vi in varinfos if vi not in same]
        reldistinct = 1.0
        relmaxndistinct = reldistinct
        relvarcount = 0
        for vi in same:
            reldistinct *= vi.ndistinct
            if relmaxndistinct < vi.ndistinct:
                relmaxndistinct = vi.ndistinct
            relvarcount += 1
        tuples = rel.tuples if rel is not None else 0.0
        if tuples > 0:
            clamp = tuples
            if relvarcount > 1:
                clamp *= 0.1
                if clamp < relmaxndistinct:
                    clamp = relmaxndistinct
                    if clamp > tuples:
                        clamp = tuples
            if reldistinct > clamp:
                reldistinct = clamp
            if reldistinct > 0 and rel.rows < tuples:
                reldistinct *= (1 - math.pow((tuples - rel.rows) / tuples, tuples / reldistinct))
            reldistinct = clamp_row_est(reldistinct)
            numdistinct *= reldistinct
    numdistinct = math.ceil(numdistinct)
    if numdistinct > input_rows:
        numdistinct = input_rows
    if numdistinct < 1.0:
        numdistinct = 1.0
    return numdistinct


# ---------------------------------------------------------------- index endpoints
def get_actual_variable_range(db, rel, attno: int):
    """get_actual_variable_range: the current smallest and largest non-NULL
    values of column ``attno``, read from the ends of a btree index whose
    first column it is (not a partial one), skipping entries whose heap
    tuple is dead to every transaction (PostgreSQL's SnapshotNonVacuumable).
    None when no such index exists or it holds no live non-NULL entry.  A
    planner's StatsSource.actual_variable_range can return this."""
    from pgref.access.heap.prune import DEAD
    from pgref.mvcc.horizon import classify_for_vacuum, removal_horizon
    classify = None
    for idx in rel.indexes:
        if idx.am != "btree" or not idx.columns or idx.columns[0] != attno or idx.predicate is not None:
            continue
        bt = db.index(idx.oid).bt
        heap = db.heap(rel.oid)
        if classify is None:
            classify = classify_for_vacuum(db, removal_horizon(db, ()))
        ends = []
        for backward in (False, True):
            found = None
            for key, tid in bt.scan(backward=backward):
                if key[0] is None:
                    continue
                hdr = heap.fetch_header(tid)
                if hdr is not None and classify(hdr) != DEAD:
                    found = key[0]
                    break
            if found is None:
                return None
            ends.append(found)
        desc = bool(idx.descending and idx.descending[0])
        return (ends[1], ends[0]) if desc else (ends[0], ends[1])
    return None

"""Cost and size estimates (PostgreSQL's costsize.c, plancat.c's
estimate_rel_size, lsyscache's get_typavgwidth).

Where it sits: ``planner/`` (spec/07-executor.md, "Costs and estimates").
The planner asks this module what a plan node will cost and how many rows
it will return, and chooses among alternatives by those numbers (the join
search in planner/joinsearch.py).  Costs are in PostgreSQL's units: one
sequential page fetch is 1.0 (seq_page_cost), one tuple processed 0.01
(cpu_tuple_cost), one operator or function call 0.0025
(cpu_operator_cost) times the function's ``procost``.  Each estimate is an
``Est``: rows, average row width in bytes, the cost before the first row
(startup) and the cost of all rows (total), as EXPLAIN prints them.

The formulas are PostgreSQL 15's, term for term, so that pgref makes the
choices PostgreSQL makes wherever the inputs (relation sizes, statistics,
selectivities) agree (INV-COST-1).  Relation sizes follow
table_block_relation_estimate_size: the current number of blocks in the
heap file, the tuple density from pg_class.reltuples/relpages once the
table was vacuumed or analyzed, and otherwise a density computed from the
column widths -- with PostgreSQL's ten-page minimum for a table never
vacuumed (so an empty new table is estimated at 2550 rows of one int4).

Entry points:
    CostParams.from_settings(settings)
    estimate_rel_size(db, rel, widths) -> (pages, tuples)
    type_avg_width(cat, typ, typmod) -> int
    qual_cost(cat, exprs) -> (startup, per_tuple)
    cost_seqscan / cost_ctescan / cost_functionscan / cost_valuesscan /
    cost_subqueryscan / cost_material / rescan_cost / cost_nestloop /
    cost_hashjoin / cost_sort
    clamp_row_est(n)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from pgref.analyzer import nodes as N
from pgref.errors import PgError
from pgref.types import oids as T

BLCKSZ = 8192
PAGE_HEADER = 24                 # SizeOfPageHeaderData
TUPLE_HEADER = 24                # MAXALIGN(SizeofHeapTupleHeader)
ITEM_ID = 4                      # sizeof(ItemIdData)
DEFAULT_FUNCTION_ROWS = 1000.0   # prorows of a set-returning function without one


@dataclass
class Est:
    """What a plan node is expected to do (EXPLAIN's cost=startup..total
    rows=rows width=width)."""
    rows: float
    width: int
    startup: float
    total: float

    @property
    def run(self) -> float:
        return self.total - self.startup


@dataclass(frozen=True)
class CostParams:
    seq_page_cost: float = 1.0
    random_page_cost: float = 4.0
    cpu_tuple_cost: float = 0.01
    cpu_index_tuple_cost: float = 0.005
    cpu_operator_cost: float = 0.0025
    work_mem_kb: int = 4096
    effective_cache_size_pages: int = 524288
    enable: frozenset = frozenset()      # enable_* switches that are off

    @classmethod
    def from_settings(cls, settings) -> "CostParams":
        if settings is None:
            return cls()

        def num(name, default):
            try:
                v = settings.get(name)
            except PgError as e:                 # an unknown setting name: PostgreSQL's default
                if e.sqlstate != "42704":
                    raise
                return default
            return default if v in (None, "") else float(str(v).split()[0])
        off = frozenset(n for n in ("enable_seqscan", "enable_indexscan", "enable_nestloop", "enable_hashjoin",
                                    "enable_mergejoin", "enable_material", "enable_hashagg", "enable_sort",
                                    "enable_bitmapscan", "enable_indexonlyscan")
                        if _is_off(settings, n))
        return cls(seq_page_cost=num("seq_page_cost", 1.0), random_page_cost=num("random_page_cost", 4.0),
                   cpu_tuple_cost=num("cpu_tuple_cost", 0.01),
                   cpu_index_tuple_cost=num("cpu_index_tuple_cost", 0.005),
                   cpu_operator_cost=num("cpu_operator_cost", 0.0025), enable=off)

    @property
    def disable_cost(self) -> float:
        return 1.0e10


def _is_off(settings, name: str) -> bool:
    try:
        return settings.get(name) == "off"
    except PgError as e:                         # a setting pgref does not have is on
        if e.sqlstate != "42704":
            raise
        return False


def clamp_row_est(n: float) -> float:
    """costsize.c clamp_row_est: at least one row, a whole number."""
    if n <= 1.0 or math.isnan(n):
        return 1.0
    return float(_rint(n))


def _rint(x: float) -> float:
    """C's rint (round half to even), which PostgreSQL's estimates use."""
    return float(round(x))


# ================================================================ widths
def type_avg_width(cat, typ: int, typmod: int) -> int:
    """lsyscache.c get_typavgwidth: fixed-length types are their length;
    a length-limited varlena is guessed from its limit; anything else 32."""
    ti = cat.typeinfo(typ) if cat is not None else None
    typlen = ti.typlen if ti is not None else -1
    if typlen > 0:
        return typlen
    if typmod > 0:
        maxwidth = _type_maximum_size(typ, typmod)
        if maxwidth > 0:
            if typ == T.BPCHAROID:
                return maxwidth
            if maxwidth <= 32:
                return maxwidth
            if maxwidth < 1000:
                return 32 + (maxwidth - 32) // 2
            return 32 + (1000 - 32) // 2
    return 32


def _type_maximum_size(typ: int, typmod: int) -> int:
    """format_type.c type_maximum_size, for a UTF8 database (4 bytes per
    character at most)."""
    if typ in (T.BPCHAROID, T.VARCHAROID):
        return (typmod - 4) * 4 + 4
    if typ == T.NUMERICOID:
        precision = ((typmod - 4) >> 16) & 0xFFFF
        scale = (typmod - 4) & 0xFFFF
        del scale
        # numeric_maximum_size: digit groups of 4 decimal digits, 2 bytes each
        numeric_digits = (precision + 2 * 4 - 1) // 4      # DEC_DIGITS = 4
        return 4 + 4 + numeric_digits * 2                  # NUMERIC_HDRSZ + digits
    if typ in (T.BITOID, T.VARBITOID):
        return (typmod + 7) // 8 + 8
    return -1


# ================================================================ relation size
def estimate_rel_size(db, rel, data_width: int) -> tuple[float, float]:
    """(pages, tuples) of a plain table (table_block_relation_estimate_size).
    ``data_width`` is the sum of the average widths of its columns."""
    from pgref.engine.vacuum import db_stats
    # system catalogs are computed rows in pgref (catalog/sysrels.py): no
    # file to measure, so they are sized like a table never vacuumed
    physical = db is not None and not getattr(rel, "system", False)
    curpages = db.heap(rel.oid).nblocks() if physical else 0
    relpages, reltuples, _ = db_stats(db).get(rel.oid, (0, -1.0, 0)) if physical else (0, -1.0, 0)
    has_subclass = bool(getattr(rel, "has_subclass", False))
    if curpages < 10 and reltuples < 0 and not has_subclass:
        curpages = 10                     # never vacuumed: assume at least ten pages
    if curpages == 0:
        return 0.0, 0.0
    if reltuples >= 0 and relpages > 0:
        density = reltuples / relpages
    else:
        tuple_width = data_width + TUPLE_HEADER + ITEM_ID
        fillfactor = 100
        density = float(((BLCKSZ - PAGE_HEADER) * fillfactor // 100) // tuple_width)
    return float(curpages), _rint(density * curpages)


def relation_byte_size(rows: float, width: int) -> float:
    """costsize.c relation_byte_size: rows times (MAXALIGN(width) + tuple header)."""
    return rows * (_maxalign(width) + TUPLE_HEADER)


def _maxalign(n: int) -> int:
    return (n + 7) & ~7


# ================================================================ expression costs
def qual_cost(cat, exprs, p: CostParams) -> tuple[float, float]:
    """cost_qual_eval: (startup, per-tuple) cost of evaluating ``exprs``.
    Each operator or function call costs its procost times
    cpu_operator_cost; Vars, constants, AND/OR/NOT, CASE, COALESCE and
    NULL tests cost nothing of their own."""
    startup = 0.0
    per_tuple = 0.0
    stack = list(exprs)
    while stack:
        e = stack.pop()
        if e is None or not isinstance(e, N.Expr):
            continue
        if isinstance(e, (N.FuncExpr, N.OpExpr)):
            fid = e.funcid
            per_tuple += _procost(cat, fid) * p.cpu_operator_cost
        elif isinstance(e, N.ScalarArrayOpExpr):
            n = _array_length(e.args[1])
            per_tuple += _procost(cat, e.funcid) * p.cpu_operator_cost * max(n, 1) * 0.5
        elif isinstance(e, N.SubLink):
            # a sub-select: charged as one operator per evaluation here; its
            # plan's own cost is added where the sub-plan is planned
            per_tuple += p.cpu_operator_cost
            stack.extend(e.testexprs)
            continue
        elif isinstance(e, N.Aggref):
            continue                       # aggregates are costed by the Agg node
        elif type(e).__name__ in ("CoerceViaIO", "MinMaxExpr", "SQLValueFunction", "CoerceToDomain",
                                  "NextValueExpr", "ArrayCoerceExpr", "RowCompareExpr"):
            per_tuple += p.cpu_operator_cost
        for f in getattr(e, "__dataclass_fields__", {}):
            v = getattr(e, f, None)
            if isinstance(v, N.Expr):
                stack.append(v)
            elif isinstance(v, tuple):
                for x in v:
                    if isinstance(x, N.Expr):
                        stack.append(x)
                    elif isinstance(x, tuple):
                        stack.extend(y for y in x if isinstance(y, N.Expr))
    return startup, per_tuple


def _procost(cat, funcid: int) -> float:
    if not funcid or cat is None:
        return 1.0
    try:
        pr = cat.proc(funcid)
    except PgError:                        # a dropped function: PostgreSQL's default procost
        return 1.0
    c = getattr(pr, "cost", 1.0)
    return float(c) if c else 1.0


def _array_length(e) -> int:
    """estimate_array_length: the element count of a constant array, else 10."""
    if isinstance(e, N.Const) and isinstance(e.value, list):
        return len(e.value)
    if type(e).__name__ == "ArrayExpr":
        return len(getattr(e, "elements", ()) or ())
    return 10


# ================================================================ scans
def cost_seqscan(p: CostParams, pages: float, tuples: float, rows: float, width: int,
                 qual: tuple[float, float], tlist_per_tuple: float = 0.0) -> Est:
    startup = qual[0]
    cpu_per_tuple = p.cpu_tuple_cost + qual[1]
    run = p.seq_page_cost * pages + cpu_per_tuple * tuples + tlist_per_tuple * rows
    if "enable_seqscan" in p.enable:
        startup += p.disable_cost
    return Est(rows, width, startup, startup + run)


def cost_ctescan(p: CostParams, tuples: float, rows: float, width: int, qual: tuple[float, float]) -> Est:
    """cost_ctescan (also WorkTable scans): a tuplestore read per row."""
    cpu_per_tuple = p.cpu_tuple_cost + p.cpu_tuple_cost + qual[1]
    return Est(rows, width, qual[0], qual[0] + cpu_per_tuple * tuples)


def cost_functionscan(p: CostParams, func_startup: float, func_per_tuple: float, tuples: float, rows: float,
                      width: int, qual: tuple[float, float]) -> Est:
    """cost_functionscan: the function runs to completion before the first
    row (its cost is startup), then a tuplestore is read."""
    startup = func_startup + func_per_tuple * tuples + qual[0]
    run = (p.cpu_tuple_cost + qual[1]) * tuples
    return Est(rows, width, startup, startup + run)


def cost_valuesscan(p: CostParams, tuples: float, rows: float, width: int, qual: tuple[float, float]) -> Est:
    """cost_valuesscan: each row costs one operator (its expressions) plus
    the usual tuple cost."""
    cpu_per_tuple = p.cpu_operator_cost + p.cpu_tuple_cost + qual[1]
    return Est(rows, width, qual[0], qual[0] + cpu_per_tuple * tuples)


def cost_subqueryscan(p: CostParams, sub: Est, rows: float, width: int, qual: tuple[float, float]) -> Est:
    startup = sub.startup + qual[0]
    run = sub.run + (p.cpu_tuple_cost + qual[1]) * sub.rows
    return Est(rows, width, startup, startup + run)


# ================================================================ materialization and rescans
def cost_material(p: CostParams, sub: Est) -> Est:
    """cost_material: two operator costs per row for the tuplestore, and
    the writes if it outgrows work_mem."""
    run = sub.run + 2 * p.cpu_operator_cost * sub.rows
    nbytes = relation_byte_size(sub.rows, sub.width)
    if nbytes > p.work_mem_kb * 1024:
        run += p.seq_page_cost * math.ceil(nbytes / BLCKSZ)
    return Est(sub.rows, sub.width, sub.startup, sub.startup + run)


def rescan_cost(p: CostParams, kind: str, e: Est) -> tuple[float, float]:
    """cost_rescan: (startup, total) of running a node again.  Nodes that
    keep their result (Materialize, Sort, CTE and function scans) only
    re-read it."""
    if kind == "FunctionScan":
        return 0.0, e.run
    if kind in ("CteScan", "WorkTableScan", "Material", "Sort"):
        per = p.cpu_tuple_cost if kind in ("CteScan", "WorkTableScan") else p.cpu_operator_cost
        run = per * e.rows
        nbytes = relation_byte_size(e.rows, e.width)
        if nbytes > p.work_mem_kb * 1024:
            run += p.seq_page_cost * math.ceil(nbytes / BLCKSZ)
        return 0.0, run
    return e.startup, e.total


MATERIALIZING = frozenset({"Material", "FunctionScan", "CteScan", "WorkTableScan", "Sort"})


# ================================================================ joins
@dataclass(frozen=True)
class SemiFactors:
    """compute_semi_anti_join_factors: the fraction of outer rows that find
    a match, and how many inner rows an outer row matches on average."""
    outer_match_frac: float
    match_count: float


def cost_nestloop(p: CostParams, outer: Est, inner: Est, inner_rescan: tuple[float, float], rows: float,
                  width: int, qual: tuple[float, float], jointype: str = "inner",
                  semifactors: SemiFactors | None = None, tlist_per_tuple: float = 0.0,
                  indexed_join_quals: bool = False) -> Est:
    """initial_cost_nestloop + final_cost_nestloop.  With ``semifactors``
    (a semi or anti join, or an inner side proven unique) the executor stops
    at an outer row's first match: matched rows read ``inner_scan_frac`` of
    the inner, unmatched ones all of it, and the first scan is charged
    whole once."""
    startup = outer.startup + inner.startup
    run = outer.run
    outer_rows = outer.rows
    if outer_rows > 1:
        run += (outer_rows - 1) * inner_rescan[0]
    inner_run = inner.run
    inner_rescan_run = inner_rescan[1] - inner_rescan[0]
    if semifactors is None:
        run += inner_run
        if outer_rows > 1:
            run += (outer_rows - 1) * inner_rescan_run
        ntuples = outer_rows * inner.rows
    else:
        matched = _rint(outer_rows * semifactors.outer_match_frac)
        unmatched = outer_rows - matched
        scan_frac = 2.0 / (semifactors.match_count + 1.0)
        ntuples = matched * inner.rows * scan_frac
        if indexed_join_quals:
            # every join qual is an index condition of the inner scan: an
            # unmatched outer row costs about one inner tuple's share
            run += inner_run * scan_frac
            if matched > 1:
                run += (matched - 1) * inner_rescan_run * scan_frac
            run += unmatched * inner_rescan_run / max(inner.rows, 1.0)
        else:
            ntuples += unmatched * inner.rows
            run += inner_run
            if unmatched >= 1:
                unmatched -= 1
            else:
                matched -= 1
            if matched > 0:
                run += matched * inner_rescan_run * scan_frac
            if unmatched > 0:
                run += unmatched * inner_rescan_run
    if "enable_nestloop" in p.enable:
        startup += p.disable_cost
    startup += qual[0]
    run += (p.cpu_tuple_cost + qual[1]) * ntuples + tlist_per_tuple * rows
    return Est(rows, width, startup, startup + run)


def cost_hashjoin(p: CostParams, outer: Est, inner: Est, rows: float, width: int, nclauses: int,
                  hash_qual: tuple[float, float], other_qual: tuple[float, float], inner_bucketsize: float,
                  hashjointuples: float, tlist_per_tuple: float = 0.0, semifactors: SemiFactors | None = None,
                  jointype: str = "inner") -> Est:
    """initial_cost_hashjoin + final_cost_hashjoin for one batch (pgref's
    hash joins are in memory): building the table costs one operator per
    hash clause per inner row plus a tuple cost, probing one operator per
    clause per outer row; each probe compares against the rows of its
    bucket (``inner_bucketsize`` of the inner), and every row the hash
    clauses pass (``hashjointuples``) pays a tuple cost and the other quals."""
    startup = outer.startup + inner.total + (p.cpu_operator_cost * nclauses + p.cpu_tuple_cost) * inner.rows
    run = outer.run + p.cpu_operator_cost * nclauses * outer.rows
    if "enable_hashjoin" in p.enable:
        startup += p.disable_cost
    startup += hash_qual[0]
    if semifactors is None:
        run += hash_qual[1] * outer.rows * clamp_row_est(inner.rows * inner_bucketsize) * 0.5
    else:
        # stop at the first match; an unmatched probe is assumed to compare
        # against 5 % of an average bucket's rows
        matched = _rint(outer.rows * semifactors.outer_match_frac)
        scan_frac = 2.0 / (semifactors.match_count + 1.0)
        run += hash_qual[1] * matched * clamp_row_est(inner.rows * inner_bucketsize * scan_frac) * 0.5
        nbuckets = 1024
        while nbuckets < inner.rows:
            nbuckets *= 2
        run += hash_qual[1] * (outer.rows - matched) * clamp_row_est(inner.rows / nbuckets) * 0.05
        hashjointuples = outer.rows - matched if jointype == "anti" else matched
    startup += other_qual[0]
    run += (p.cpu_tuple_cost + other_qual[1]) * hashjointuples + tlist_per_tuple * rows
    return Est(rows, width, startup, startup + run)


def cost_mergejoin(p: CostParams, outer: Est, inner: Est, outer_sort: Est | None, inner_sort: Est | None,
                   rows: float, width: int, merge_qual: tuple[float, float], other_qual: tuple[float, float],
                   mergejointuples: float, tlist_per_tuple: float = 0.0,
                   skip_mark_restore: bool = False) -> tuple[Est, bool]:
    """initial_cost_mergejoin + final_cost_mergejoin, both inputs read to
    the end (mergejoinscansel's fractions 0..1): the sorts, one merge
    comparison per row read, and the inner rows read again for each
    further outer row of an equal key (``rescanratio``).  Returns the
    estimate and whether the inner side should be materialized."""
    o = outer_sort or outer
    i = inner_sort or inner
    outer_rows = max(outer.rows, 1.0)
    inner_rows = max(inner.rows, 1.0)
    startup = o.startup + i.startup
    run = o.run
    inner_run = i.run
    rescanned = 0.0 if skip_mark_restore else max(mergejointuples - inner_rows, 0.0)
    rescanratio = 1.0 + rescanned / inner_rows
    bare_inner = inner_run * rescanratio
    mat_inner = inner_run + p.cpu_operator_cost * inner_rows * rescanratio
    materialize = False
    if skip_mark_restore:
        materialize = False              # nothing is re-read: no Materialize
    elif "enable_material" not in p.enable and mat_inner < bare_inner:
        materialize = True
    elif "enable_material" not in p.enable and inner_sort is not None \
            and relation_byte_size(inner_rows, inner.width) > p.work_mem_kb * 1024:
        materialize = True
    run += mat_inner if materialize else bare_inner
    startup += merge_qual[0]
    run += merge_qual[1] * (outer_rows + inner_rows * rescanratio)
    startup += other_qual[0]
    run += (p.cpu_tuple_cost + other_qual[1]) * mergejointuples + tlist_per_tuple * rows
    if "enable_mergejoin" in p.enable:
        startup += p.disable_cost
    return Est(rows, width, startup, startup + run), materialize


# ================================================================ sorting
def cost_sort(p: CostParams, sub: Est, limit_tuples: float | None = None, comparison_cost: float = 0.0) -> Est:
    """cost_sort: an in-memory quicksort is N log2 N comparisons (each two
    operator costs); a bounded heap sort for a LIMIT is N log2(2K); the
    rows are then returned at one operator each."""
    tuples = max(sub.rows, 2.0)
    comparison_cost = comparison_cost + 2.0 * p.cpu_operator_cost
    startup = sub.total
    nbytes = relation_byte_size(tuples, sub.width)
    if limit_tuples is not None and 0 < limit_tuples < tuples and tuples > 2 * limit_tuples:
        startup += comparison_cost * tuples * math.log2(2.0 * limit_tuples)
    elif nbytes > p.work_mem_kb * 1024:
        npages = math.ceil(nbytes / BLCKSZ)
        nruns = nbytes / (p.work_mem_kb * 1024)
        log_runs = max(1.0, math.ceil(math.log(nruns) / math.log(6.0))) if nruns > 1 else 1.0
        npageaccesses = 2.0 * npages * log_runs
        startup += comparison_cost * tuples * math.log2(tuples)
        startup += npageaccesses * (p.seq_page_cost * 0.75 + p.random_page_cost * 0.25)
    else:
        startup += comparison_cost * tuples * math.log2(tuples)
    if "enable_sort" in p.enable:
        startup += p.disable_cost
    run = p.cpu_operator_cost * tuples
    return Est(sub.rows, sub.width, startup, startup + run)


def cost_agg(p: CostParams, strategy: str, sub: Est, ngroup_cols: int, trans_per_tuple: float,
             final_per_group: float, num_groups: float, width: int) -> Est:
    """cost_agg: a plain aggregate reads everything before its one row;
    a sorted one compares the grouping columns of each input row and emits
    groups as they end; a hashed one hashes them and emits after the input."""
    if strategy == "plain":
        startup = sub.total + trans_per_tuple * sub.rows + final_per_group
        return Est(1.0, width, startup, startup + p.cpu_tuple_cost)
    if strategy == "sorted":
        total = sub.total + (p.cpu_operator_cost * ngroup_cols + trans_per_tuple) * sub.rows
        total += (final_per_group + p.cpu_tuple_cost) * num_groups
        return Est(num_groups, width, sub.startup, total)
    startup = sub.total + (p.cpu_operator_cost * ngroup_cols + trans_per_tuple) * sub.rows
    total = startup + (final_per_group + p.cpu_tuple_cost) * num_groups
    if "enable_hashagg" in p.enable:
        startup += p.disable_cost
        total += p.disable_cost
    return Est(num_groups, width, startup, total)

"""The cost of an index scan (PostgreSQL's cost_index, genericcostestimate,
btcostestimate and index_pages_fetched).

Where it sits: ``planner/`` (spec/07-executor.md, "Costs and estimates"),
called by planner/estimate.py for an IndexScan node.  The cost has two
halves, as in PostgreSQL:

  index  descending the tree (log2 of the index tuples comparisons plus
         50 operator costs per level), then one random page per leaf page
         the matching entries fill, and a CPU cost per entry;
  heap   between every heap page fetched at random (Mackert and Lohman's
         estimate of distinct pages touched, for an uncorrelated index)
         and the matching fraction of the table read in order (a
         perfectly correlated one), interpolated by the square of the
         leading column's correlation; then a tuple cost per row fetched
         and the cost of the quals the index does not check.

An index-only scan skips the heap pages the visibility map marks
all-visible (pg_class.relallvisible).
"""
from __future__ import annotations

import math

from pgref.planner import costsize as C
from pgref.planner import plan as P


def _index_size(est, rel, idx) -> tuple[float, int]:
    """(pages, tree height) of index ``idx``."""
    db = est.db
    if db is None:
        return 1.0, 0
    handle = db.index(idx.oid)
    bt = getattr(handle, "bt", None)
    if bt is None or not hasattr(bt, "_meta"):
        from pgref.engine.vacuum import db_stats
        pages = db_stats(db).get(idx.oid, (1, 0, 0))[0]
        return float(max(pages, 1)), 0
    pages = bt.bm.nblocks(bt.rel)
    try:
        _root, level = bt._meta()
    except ValueError:                     # an empty index file has no metapage yet
        level = 0
    return float(max(pages, 1)), int(level)


def _index_of(est, plan):
    return next(i for i in est.cat.relation(plan.relid).indexes if i.oid == plan.index_oid)


def _total_table_pages(est, q, default: float) -> float:
    """root->total_table_pages: the pages of every plain table the query
    level reads (the buffer share Mackert-Lohman assumes is theirs)."""
    total = 0.0
    seen = False
    for rte in q.rtable:
        if rte.kind == "relation" and rte.relkind in ("r", "m", "t", ""):
            total += est.rel_size(rte.relid)[0]
            seen = True
    return total if seen else default


def index_pages_fetched(p: C.CostParams, tuples_fetched: float, pages: float, index_pages: float,
                        total_pages: float) -> float:
    """Mackert and Lohman's formula for distinct pages fetched, with
    effective_cache_size as the buffer size."""
    T = max(pages, 1.0)
    total_pages = max(total_pages, 1.0)
    b = max(math.ceil(p.effective_cache_size_pages * T / total_pages), 1.0)
    N = tuples_fetched
    if T <= b:
        fetched = (2.0 * T * N) / (2.0 * T + N)
        fetched = T if fetched >= T else math.ceil(fetched)
    else:
        lim = (2.0 * T * b) / (2.0 * T - b)
        if N <= lim:
            fetched = (2.0 * T * N) / (2.0 * T + N)
        else:
            fetched = b + (N - lim) * (T - b) / T
        fetched = math.ceil(fetched)
    return float(fetched)


def _predicate_conjuncts(est, idx, rti: int) -> list:
    """A partial index's predicate as conjuncts over range-table entry ``rti``."""
    if idx.predicate is None:
        return []
    from pgref.planner.planner import split_and
    pred = est.planner._partial_pred(idx)
    if pred is None:
        return []
    from pgref.planner.predtest import retarget
    return split_and(retarget(pred, rti))


def cost_index(est, plan: P.IndexScan, q, pages: float, tuples: float) -> C.Est:
    p = est.p
    rel = est.cat.relation(plan.relid)
    idx = next((i for i in rel.indexes if i.oid == plan.index_oid), None)
    index_quals = list(getattr(plan, "index_quals", ()) or ())
    other_quals = [c for c in plan.quals if c not in index_quals]
    st = est.stats(q)
    st.tuples[plan.rtindex] = tuples
    pred = _predicate_conjuncts(est, idx, plan.rtindex) if idx is not None else []
    # add_predicate_to_index_quals: a partial index's predicate narrows
    # what the index returns, unless an index qual already implies it
    from pgref.planner.predtest import qual_implied_by
    pred = [c for c in pred if not any(qual_implied_by(est.cat, c, iq, plan.rtindex) for iq in index_quals)]
    sel_index = est.selectivity(q, index_quals + pred, varrelid=plan.rtindex) if index_quals or pred else 1.0
    sel_all = est.selectivity(q, list(getattr(plan, "rel_quals", plan.quals)), varrelid=plan.rtindex)
    rows = C.clamp_row_est(tuples * sel_all)
    index_pages, height = _index_size(est, rel, idx) if idx is not None else (1.0, 0)
    index_tuples = tuples
    if idx is not None and idx.predicate is not None and est.db is not None:
        # get_relation_info: a partial index is sized from its own pg_class row
        from pgref.engine.vacuum import db_stats
        ipages, ituples, _ = db_stats(est.db).get(idx.oid, (0, -1.0, 0))
        if ituples >= 0 and ipages > 0:
            index_tuples = float(round(ituples / ipages * index_pages))
        else:
            index_tuples = C.clamp_row_est(tuples * sel_index)
    # genericcostestimate
    num_index_tuples = C.clamp_row_est(sel_index * tuples)
    if num_index_tuples > index_tuples:
        num_index_tuples = index_tuples
    if index_pages > 1 and index_tuples > 1:
        num_index_pages = math.ceil(num_index_tuples * index_pages / index_tuples)
    else:
        num_index_pages = 1.0
    qual_op_cost = p.cpu_operator_cost * len(index_quals)
    index_startup = 0.0
    loops = float(getattr(plan, "loop_count", 1.0) or 1.0)
    total_pages = _total_table_pages(est, q, pages) + index_pages
    if loops > 1:
        # repeated scans (a parameterized nested loop's inner side) find
        # the upper index pages cached: Mackert-Lohman over all the loops
        fetched = index_pages_fetched(p, num_index_pages * loops, index_pages, index_pages, total_pages)
        index_total = fetched * p.random_page_cost / loops
    else:
        index_total = num_index_pages * p.random_page_cost
    index_total += num_index_tuples * (p.cpu_index_tuple_cost + qual_op_cost)
    # btcostestimate: the descent
    if index_tuples > 1:
        descent = math.ceil(math.log(index_tuples) / math.log(2.0)) * p.cpu_operator_cost
        index_startup += descent
        index_total += descent
    descent = (height + 1) * 50.0 * p.cpu_operator_cost
    index_startup += descent
    index_total += descent
    correlation = 0.0
    if idx is not None and idx.columns:
        cs = st.column_stats(plan.rtindex, idx.columns[0])
        corr = getattr(cs, "correlation", None) if cs is not None else None
        if corr is not None:
            correlation = corr * (0.75 if len(idx.columns) > 1 else 1.0)
            if plan.backward:
                correlation = -correlation
    # cost_index: the heap
    startup = index_startup
    run = index_total - index_startup
    tuples_fetched = C.clamp_row_est(sel_index * tuples)
    pages_fetched = index_pages_fetched(p, tuples_fetched * loops, pages, index_pages, total_pages)
    allvisfrac = 0.0
    if plan.index_only and est.db is not None and pages > 0:
        from pgref.engine.vacuum import db_stats
        relpages, _rt, allvis = db_stats(est.db).get(plan.relid, (0, -1.0, 0))
        if relpages > 0:
            allvisfrac = min(allvis / relpages, 1.0)
    if plan.index_only:
        pages_fetched = math.ceil(pages_fetched * (1.0 - allvisfrac))
    max_io = pages_fetched * p.random_page_cost / loops
    pages_fetched = math.ceil(sel_index * pages)
    if plan.index_only:
        pages_fetched = math.ceil(pages_fetched * (1.0 - allvisfrac))
    min_io = 0.0
    if loops > 1:
        pages_fetched = index_pages_fetched(p, pages_fetched * loops, pages, index_pages, total_pages)
        min_io = pages_fetched * p.random_page_cost / loops
    elif pages_fetched > 0:
        min_io = p.random_page_cost + max(pages_fetched - 1, 0) * p.seq_page_cost
    csquared = correlation * correlation
    run += max_io + csquared * (min_io - max_io)
    qc = est.qual_cost(other_quals)
    startup += qc[0]
    run += (p.cpu_tuple_cost + qc[1]) * tuples_fetched
    if getattr(plan, "bitmap", False):
        return _bitmap_heap_cost(est, plan, q, pages, tuples, rows, index_total, sel_index)
    if "enable_indexscan" in p.enable or (plan.index_only and "enable_indexonlyscan" in p.enable):
        startup += p.disable_cost
    return C.Est(rows, est.scan_width(q, plan.rtindex), startup, startup + run)


def _bitmap_heap_cost(est, plan, q, pages: float, tuples: float, rows: float, index_total: float,
                      sel_index: float) -> C.Est:
    """cost_bitmap_heap_scan over one Bitmap Index Scan: the index's cost
    (plus a tenth of an operator per tuple id for the bitmap) is all
    startup; then each heap page fetched once, in order -- between random
    and sequential price by how much of the table is read -- and every
    qual rechecked on each fetched row."""
    p = est.p
    tuples_fetched = C.clamp_row_est(sel_index * tuples)
    index_cost = index_total + 0.1 * p.cpu_operator_cost * rows
    plan.bitmap_index_est = C.Est(tuples_fetched, 0, 0.0, index_total)
    T = pages if pages > 1 else 1.0
    loops = float(getattr(plan, "loop_count", 1.0) or 1.0)
    if loops > 1:
        # compute_bitmap_pages for repeated scans: the pages all the loops
        # touch, shared out among them
        index_pages = _index_size(est, est.cat.relation(plan.relid), _index_of(est, plan))[0]
        fetched = index_pages_fetched(p, tuples_fetched * loops, pages, index_pages,
                                      _total_table_pages(est, q, pages) + index_pages) / loops
    else:
        fetched = (2.0 * T * tuples_fetched) / (2.0 * T + tuples_fetched)
        fetched = T if fetched >= T else float(math.ceil(fetched))
    if fetched >= 2.0:
        per_page = p.random_page_cost - (p.random_page_cost - p.seq_page_cost) * math.sqrt(fetched / T)
    else:
        per_page = p.random_page_cost
    startup = index_cost
    run = fetched * per_page
    qc = est.qual_cost(list(getattr(plan, "rel_quals", plan.quals)))
    startup += qc[0]
    run += (p.cpu_tuple_cost + qc[1]) * tuples_fetched
    if "enable_bitmapscan" in p.enable:
        startup += p.disable_cost
    return C.Est(rows, est.scan_width(q, plan.rtindex), startup, startup + run)

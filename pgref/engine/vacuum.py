"""VACUUM and ANALYZE (PostgreSQL's vacuum.c, vacuumlazy.c, analyze.c).

Where it sits: ``engine/`` (spec/08-mvcc.md, "VACUUM and ANALYZE"), called
by ``utility.run_utility`` for a ``VacuumStmt``.  It combines three layers:

  mvcc/horizon.py       the removal horizon and HeapTupleSatisfiesVacuum
  access/heap/prune.py  LP_DEAD, compaction, LP_UNUSED, tail truncation
  access/btree          ``BTree.bulk_delete`` (btbulkdelete)

A plain VACUUM of one table is PostgreSQL's lazy vacuum in three passes:

  1. prune every heap page: tuples dead to every snapshot (INV-MVCC-4)
     become LP_DEAD and their storage is freed;
  2. remove the index entries of those TIDs from every index;
  3. turn the LP_DEAD line pointers into unused ones and record each page's
     free space in the FSM (INV-MVCC-8: a TID is reused only after no index
     points at it).

Then pg_class's relpages / reltuples / relallvisible (kept in
``Database.relstats``) are updated.  ANALYZE (or VACUUM ANALYZE) counts the
live rows and computes per-column statistics -- null_frac, avg_width,
n_distinct, most common values and frequencies, histogram, correlation
(engine/analyze.py, PostgreSQL's analyze.c) -- into
``Database.colstats`` (PostgreSQL's pg_statistic; sampled over at most
30 000 rows, as PostgreSQL's default statistics target of 100 gives).

Empty pages at the end of the table are cut off (lazy_truncate_heap) when
no other transaction is running.  VACUUM FULL is the same lazy vacuum;
PostgreSQL rewrites the whole table instead (spec/08-mvcc.md, Differences).  FREEZE is accepted and has no effect:
pgref has no xid wraparound yet.

Entry point: run_vacuum(session, stmt) -> Result.
"""
from __future__ import annotations

import math

from dataclasses import dataclass, field

from pgref.access.heap.prune import (DEAD, IN_PROGRESS, LIVE, RECENTLY_DEAD, prune_page, reap_page,
                                     truncate_empty_tail)
from pgref.errors import (ACTIVE_SQL_TRANSACTION, DUPLICATE_COLUMN, FEATURE_NOT_SUPPORTED, SYNTAX_ERROR,
                          UNDEFINED_COLUMN, PgError)
from pgref.mvcc.horizon import classify_for_vacuum, removal_horizon
from pgref.sql import ast as A

from pgref.engine.analyze import SAMPLE_ROWS, ColumnStats, compute_stats  # noqa: F401  (ColumnStats re-exported)

_BOOL_OPTIONS = {"verbose", "analyze", "full", "freeze", "skip_locked", "disable_page_skipping",
                 "process_toast", "truncate", "skip_database_stats", "only_database_stats"}


@dataclass
class VacuumOptions:
    vacuum: bool = True
    analyze: bool = False
    verbose: bool = False
    full: bool = False
    freeze: bool = False
    truncate: bool = True
    truncate_given: bool = False     # TRUNCATE was written; else the vacuum_truncate reloption decides
    index_cleanup: str = "auto"
    parallel: bool = False
    workers: int = 0
    process_toast: bool = True
    disable_page_skipping: bool = False


def _bool_arg(d: A.DefElem, what: str) -> bool:
    arg = d.arg
    if arg is None:
        return True
    if isinstance(arg, A.A_Const):
        arg = arg.val
    if isinstance(arg, A.Integer):
        if arg.ival in (0, 1):
            return bool(arg.ival)
    elif isinstance(arg, A.Boolean):
        return arg.boolval
    elif isinstance(arg, A.String):
        v = arg.sval.lower()
        if v in ("true", "on", "yes", "1", "t", "y"):
            return True
        if v in ("false", "off", "no", "0", "f", "n"):
            return False
    elif isinstance(arg, str):
        return _bool_arg(A.DefElem(defname=d.defname, arg=A.String(sval=arg)), what)
    raise PgError(SYNTAX_ERROR, f"{d.defname} requires a Boolean value")


def parse_options(stmt: A.VacuumStmt) -> VacuumOptions:
    """ExecVacuum's option loop: PostgreSQL's names, checks and messages."""
    what = "VACUUM" if stmt.is_vacuumcmd else "ANALYZE"
    o = VacuumOptions(vacuum=stmt.is_vacuumcmd, analyze=not stmt.is_vacuumcmd)
    for d in stmt.options:
        name = d.defname.lower()
        loc = getattr(d, "location", -1)
        if not stmt.is_vacuumcmd and name not in ("verbose", "skip_locked"):
            raise PgError(SYNTAX_ERROR, f'unrecognized ANALYZE option "{d.defname}"',
                          position=loc + 1 if loc is not None and loc >= 0 else None)
        if name in _BOOL_OPTIONS:
            val = _bool_arg(d, what)
            if name in ("verbose", "analyze", "full", "freeze", "truncate", "process_toast",
                        "disable_page_skipping"):
                setattr(o, name, val)
                o.truncate_given = o.truncate_given or name == "truncate"
        elif name == "index_cleanup":
            if d.arg is None:
                o.index_cleanup = "on"
            else:
                raw = d.arg.val if isinstance(d.arg, A.A_Const) else d.arg
                text = (raw.sval if isinstance(raw, A.String) else str(getattr(raw, "ival", raw))).lower()
                if text == "auto":
                    o.index_cleanup = "auto"
                else:
                    o.index_cleanup = "on" if _bool_arg(d, what) else "off"
        elif name == "parallel":
            if d.arg is None:
                raise PgError(SYNTAX_ERROR, "parallel option requires a value between 0 and 1024",
                              position=loc + 1 if loc is not None and loc >= 0 else None)
            raw = d.arg.val if isinstance(d.arg, A.A_Const) else d.arg
            n = getattr(raw, "ival", None)
            if not isinstance(n, int):
                raise PgError(SYNTAX_ERROR, "parallel requires an integer value")
            if not 0 <= n <= 1024:
                raise PgError(SYNTAX_ERROR, "parallel workers for vacuum must be between 0 and 1024",
                              position=loc + 1 if loc is not None and loc >= 0 else None)
            o.parallel = True
            o.workers = n
        else:
            raise PgError(SYNTAX_ERROR, f'unrecognized {what} option "{d.defname}"',
                          position=loc + 1 if loc is not None and loc >= 0 else None)
    if o.full and o.parallel:
        raise PgError(FEATURE_NOT_SUPPORTED, "VACUUM FULL cannot be performed in parallel")
    if o.full and o.disable_page_skipping:
        raise PgError(FEATURE_NOT_SUPPORTED, "VACUUM option DISABLE_PAGE_SKIPPING cannot be used with FULL")
    if o.full and not o.process_toast:
        raise PgError(FEATURE_NOT_SUPPORTED, "PROCESS_TOAST required with VACUUM FULL")
    if o.vacuum and not o.analyze:
        for vr in stmt.rels:
            if vr.va_cols:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "ANALYZE option must be specified when a column list is provided")
    return o


def _targets(session, stmt: A.VacuumStmt, opts: VacuumOptions) -> list[tuple]:
    """(relation, column attnos or None) for each table to process; WARNING
    and skip for relations that are not tables (expand_vacuum_rel)."""
    from pgref.engine.ddl import lookup_rel
    cat = session.db.cat
    out = []
    if not stmt.rels:
        for rel in list(cat.relations.values()):
            if rel.kind in ("r", "m") and (rel.persistence != "t" or rel.namespace == session._temp_nsp):
                out.append((rel, None))
        return out
    word = "vacuum" if opts.vacuum else "analyze"
    for vr in stmt.rels:
        rel = lookup_rel(session, vr.relation)
        if rel.kind not in ("r", "m"):
            session.notices.append(PgError(
                "01000", f'skipping "{rel.name}" --- cannot {word} non-tables or special system tables',
                severity="WARNING"))
            continue
        cols = None
        if vr.va_cols:
            cols = []
            for name in vr.va_cols:
                cname = name.sval if isinstance(name, A.String) else str(name)
                col = rel.column(cname)
                if col is None:
                    raise PgError(UNDEFINED_COLUMN, f'column "{cname}" of relation "{rel.name}" does not exist')
                attno = rel.columns.index(col) + 1
                if attno in cols:
                    raise PgError(DUPLICATE_COLUMN,
                                  f'column "{cname}" of relation "{rel.name}" appears more than once')
                cols.append(attno)
        out.append((rel, cols))
    return out


def run_vacuum(session, stmt: A.VacuumStmt):
    from pgref.engine.session import Result
    opts = parse_options(stmt)
    x = session.xact
    # PreventInTransactionBlock: an explicit block, or the implicit block of
    # a multi-statement query string
    if opts.vacuum and x is not None and (not session.implicit or getattr(session, "in_multi_statement", False)):
        raise PgError(ACTIVE_SQL_TRANSACTION, "VACUUM cannot run inside a transaction block")
    for rel, cols in _targets(session, stmt, opts):
        if not rel.relfilenode:
            continue          # a system catalog pgref computes: nothing stored, nothing to reclaim
        if opts.vacuum and opts.workers > 0 and rel.persistence == "t" and len(rel.indexes) > 1:
            session.notices.append(PgError(
                "01000", f'disabling parallel option of vacuum on "{rel.name}" --- cannot vacuum '
                "temporary tables in parallel", severity="WARNING"))
        if opts.vacuum:
            vacuum_relation(session, rel, opts)
        if opts.analyze:
            analyze_relation(session, rel, cols, opts)
    return Result("VACUUM" if stmt.is_vacuumcmd else "ANALYZE")


def _info(session, message: str, detail: str | None = None) -> None:
    session.notices.append(PgError("00000", message, detail=detail, severity="INFO"))


@dataclass
class VacuumCounts:
    pages: int = 0
    removed: int = 0
    live: int = 0
    recently_dead: int = 0
    in_progress: int = 0
    all_visible: int = 0
    index_removed: dict = field(default_factory=dict)
    truncated_to: int | None = None


def vacuum_relation(session, rel, opts: VacuumOptions) -> VacuumCounts:
    """Lazy vacuum of one table and its indexes (module docstring)."""
    db = session.db
    heap = db.heap(rel.oid)
    x = session.xact
    own = x.all_xids if x is not None else ()
    horizon = removal_horizon(db, own)
    classify = classify_for_vacuum(db, horizon)
    nsp = db.cat.namespace_name(rel.namespace)
    if opts.verbose:
        _info(session, f'vacuuming "{db.dbname}.{nsp}.{rel.name}"')
    counts = VacuumCounts()
    nblocks = heap.nblocks()
    counts.pages = nblocks
    dead_by_page: dict[int, list[int]] = {}
    for blk in range(nblocks):                              # pass 1: prune
        c = prune_page(heap, blk, classify)
        if c.dead:
            dead_by_page[blk] = c.dead
        counts.removed += len(c.dead)
        counts.live += c.live
        counts.recently_dead += c.recently_dead
        counts.in_progress += c.in_progress
        if c.all_visible and not c.empty:
            counts.all_visible += 1
    if dead_by_page:
        dead = {(blk, off) for blk, offs in dead_by_page.items() for off in offs}
        for idx in rel.indexes:                             # pass 2: index entries
            removed, kept = db.index(idx.oid).bt.bulk_delete(dead.__contains__)
            counts.index_removed[idx.name] = removed
        for blk, offs in dead_by_page.items():              # pass 3: free the line pointers
            reap_page(heap, blk, offs)
    # lazy_truncate_heap needs PostgreSQL's AccessExclusiveLock, which it
    # takes only if nobody else holds a lock on the table; pgref's stand-in:
    # no other transaction is running, so no suspended scan can still
    # address the blocks that go
    others = set(getattr(db, "cluster", db).running) - set(own)
    truncate = opts.truncate
    if not opts.truncate_given and rel.reloptions:             # vacuum_truncate (engine/reloptions.py)
        from pgref.engine.reloptions import parse_bool, reloption_value
        truncate = parse_bool(reloption_value(rel.reloptions, "vacuum_truncate") or "true") is not False
    if (opts.full or truncate) and not others:
        n = truncate_empty_tail(heap)
        counts.truncated_to = n
        nblocks = n
    reltuples = float(counts.live + counts.in_progress)
    db_stats(db)[rel.oid] = (nblocks, reltuples, min(counts.all_visible, nblocks))
    for idx in rel.indexes:
        bt = db.index(idx.oid).bt
        db_stats(db)[idx.oid] = (bt.bm.nblocks(bt.rel), reltuples, 0)
    if opts.verbose:
        _info(session, f'finished vacuuming "{db.dbname}.{nsp}.{rel.name}": index scans: '
              f'{1 if dead_by_page and rel.indexes else 0}\n'
              f"pages: {counts.pages - nblocks} removed, {nblocks} remain\n"
              f"tuples: {counts.removed} removed, {counts.live + counts.in_progress} remain, "
              f"{counts.recently_dead} are dead but not yet removable\n"
              f"removable cutoff: {horizon}")
    return counts


def db_stats(db) -> dict:
    """pg_class statistics by relation oid: (relpages, reltuples, relallvisible)."""
    st = getattr(db, "relstats", None)
    if st is None:
        st = db.relstats = {}
    return st


def db_colstats(db) -> dict:
    """pg_statistic by (relation oid, attnum): ColumnStats."""
    st = getattr(db, "colstats", None)
    if st is None:
        st = db.colstats = {}
    return st


def analyze_relation(session, rel, cols, opts: VacuumOptions) -> None:
    """do_analyze_rel: count live rows, sample them, compute column
    statistics.  Live means LIVE for HeapTupleSatisfiesVacuum, plus rows
    this transaction inserted (PostgreSQL counts its own inserts too)."""
    db = session.db
    heap = db.heap(rel.oid)
    x = session.xact
    mine = set(x.mine) if x is not None else set()
    classify = classify_for_vacuum(db, removal_horizon(db, x.all_xids if x is not None else ()))
    nsp = db.cat.namespace_name(rel.namespace)
    if opts.verbose:
        _info(session, f'analyzing "{nsp}.{rel.name}"')
    nblocks = heap.nblocks()
    live = dead = 0
    sample: list[tuple] = []
    seen = 0
    rng = _Lcg(0x5EED)
    for tid, hdr, values in heap.scan():
        state = classify(hdr)
        own_insert = hdr.xmin in mine and (hdr.xmax == 0 or hdr.xmax not in mine
                                           or hdr.infomask & 0x0080)
        if state == LIVE or (state == IN_PROGRESS and own_insert):
            live += 1
            seen += 1
            if len(sample) < SAMPLE_ROWS:
                sample.append((tid, values))
            else:                                  # reservoir sampling (Vitter's algorithm R)
                j = rng.below(seen)
                if j < SAMPLE_ROWS:
                    sample[j] = (tid, values)
        elif state in (DEAD, RECENTLY_DEAD):
            dead += 1
    old = db_stats(db).get(rel.oid)
    allvis = old[2] if old else 0
    db_stats(db)[rel.oid] = (nblocks, float(live), min(allvis, nblocks))
    for idx in rel.indexes:
        bt = db.index(idx.oid).bt
        rows = float(live)
        if idx.predicate is not None and sample:
            # a partial index holds the sampled share of rows its predicate accepts
            from pgref.executor.modify import index_predicate_fn
            accepts = index_predicate_fn(session.exec_context(), rel, idx)
            rows = float(math.ceil(sum(1 for tv in sample if accepts(tv[1])) / len(sample) * live))
        db_stats(db)[idx.oid] = (bt.bm.nblocks(bt.rel), rows, 0)
    attnos = cols if cols is not None else [i + 1 for i, c in enumerate(rel.columns) if not c.dropped]
    if seen > SAMPLE_ROWS:
        sample.sort(key=lambda tv: tv[0])          # acquire_sample_rows: back into physical order
    rows_ = [v for _tid, v in sample]
    if rows_:                                      # do_analyze_rel keeps old statistics for an empty sample
        for attno in attnos:
            col = rel.columns[attno - 1]
            db_colstats(db)[(rel.oid, attno)] = column_stats([r[attno - 1] for r in rows_], float(live),
                                                             col.typ, db.cat)
    if opts.verbose:
        _info(session, f'"{rel.name}": scanned {nblocks} of {nblocks} pages, containing {live} live rows '
              f"and {dead} dead rows; {len(sample)} rows in sample, {live} estimated total rows")


def column_stats(values: list, total_rows: float, typ: int = 0, cat=None) -> ColumnStats:
    """One column's pg_statistic row from its sample (engine/analyze.py,
    PostgreSQL's std_typanalyze and compute_*_stats)."""
    return compute_stats(values, total_rows, typ, cat)


class _Lcg:
    """A small deterministic generator for the reservoir (so ANALYZE of the
    same data gives the same statistics)."""

    def __init__(self, seed: int):
        self.state = seed

    def below(self, n: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & (2 ** 64 - 1)
        return (self.state >> 33) % n

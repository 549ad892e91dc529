"""Running a WindowAgg: window functions over partitions, peer groups and
frames (PostgreSQL's nodeWindowAgg.c and windowfuncs.c).

Where it sits: ``executor/`` (spec/07-executor.md, "Window functions"),
run by ``run.py``'s ``run_WindowAgg`` for a :class:`~pgref.planner.plan.WindowAgg`.
The input arrives sorted by the partition keys, then the order keys.  The
node reads one *partition* at a time (consecutive rows with equal partition
keys -- NULLs equal -- so it holds one partition in memory, never the whole
input), computes every window function's value for every row of it, and
emits each input row extended by those values, in input order.

Vocabulary, for a partition of ``n`` rows numbered 0..n-1:

  peer group   consecutive rows with equal ORDER BY values (no ORDER BY:
               the whole partition is one peer group)
  frame        the rows an aggregate or first_value/last_value/nth_value
               sees for the current row ``i``: ``[start, end)`` from the
               frame clause, minus the EXCLUDE rows.  A frame is kept as a
               tuple of half-open index ranges (EXCLUDE can cut a hole).

              ROWS                 RANGE                    GROUPS
  CURRENT ROW i / i+1              peer group of i          peer group of i
  k PRECEDING i-k                  first/last row whose     k groups back
  k FOLLOWING i+k                  key is within k (in_range)  k groups on

Functions:

  row_number rank dense_rank percent_rank cume_dist ntile lag lead
      depend only on positions, peers and the partition size;
  first_value last_value nth_value
      read the frame;
  any aggregate (``WindowFunc.winagg``)
      runs its transition function over the frame's rows (FILTER drops
      rows first).  Frames that start at UNBOUNDED PRECEDING without
      EXCLUDE only grow, so one running state serves the whole partition
      (linear, PostgreSQL's forward-only aggregation); an aggregate with
      an inverse transition function (pg_aggregate's moving-aggregate
      functions) removes the rows that leave the frame head, as
      eval_windowaggregates does; other frames reuse the previous row's
      value when the frame is unchanged, keep running when only the end
      moved forward, and otherwise aggregate the frame from scratch.

Errors are PostgreSQL's: 22004 frame offsets must not be null, 22013 must
not be negative (ROWS/GROUPS here; RANGE in the in_range function), 22014
ntile and 22016 nth_value arguments must be greater than zero.
"""
from __future__ import annotations

from types import SimpleNamespace

from pgref.errors import (INVALID_ARGUMENT_FOR_NTH_VALUE, INVALID_ARGUMENT_FOR_NTILE,
                          INVALID_PRECEDING_OR_FOLLOWING_SIZE, NULL_VALUE_NOT_ALLOWED, PgError)
from pgref.executor import keys as K
from pgref.executor.expr import Layout, compile_expr, compile_quals, function_impl
from pgref.sql import ast as A
from pgref.types.aggregates import NO_VALUE

BATCH = 1024

_START_OFFSET = A.FRAMEOPTION_START_OFFSET_PRECEDING | A.FRAMEOPTION_START_OFFSET_FOLLOWING
_END_OFFSET = A.FRAMEOPTION_END_OFFSET_PRECEDING | A.FRAMEOPTION_END_OFFSET_FOLLOWING
_EXCLUDE = A.FRAMEOPTION_EXCLUDE_CURRENT_ROW | A.FRAMEOPTION_EXCLUDE_GROUP | A.FRAMEOPTION_EXCLUDE_TIES


class Partition:
    """One partition's rows, peer groups and frames."""

    def __init__(self, rows: list, group_of: list[int], gstart: list[int], gend: list[int]):
        self.rows = rows
        self.n = len(rows)
        self.group_of = group_of        # row -> peer group number
        self.gstart = gstart            # peer group -> first row
        self.gend = gend                # peer group -> one past its last row
        self.frames: list[tuple] | None = None


class WindowRunner:
    def __init__(self, plan, ectx, planner):
        self.plan = plan
        self.ectx = ectx
        self.planner = planner
        layout = Layout(plan.child.layout)
        self.opts = plan.frame_options
        self.pnorms = [K.hash_key_function(k.typ) for k in plan.partition_keys]
        self.onorms = [K.hash_key_function(k.typ) for k in plan.order_keys]
        self.funcs = [_make_function(wf, layout, ectx, planner) for wf in plan.funcs]
        self.start_off = self._offset(plan.start_offset, "starting", layout, planner)
        self.end_off = self._offset(plan.end_offset, "ending", layout, planner)
        self.start_fn = function_impl(ectx, plan.start_in_range)[1] if plan.start_in_range else None
        self.end_fn = function_impl(ectx, plan.end_in_range)[1] if plan.end_in_range else None

    def _offset(self, e, which: str, layout, planner):
        """calculate_frame_offsets: evaluated once, before any row is read."""
        if e is None:
            return None
        value = compile_expr(e, Layout(()), self.ectx, planner)(())
        if value is None:
            raise PgError(NULL_VALUE_NOT_ALLOWED, f"frame {which} offset must not be null")
        if self.opts & (A.FRAMEOPTION_ROWS | A.FRAMEOPTION_GROUPS) and value < 0:
            raise PgError(INVALID_PRECEDING_OR_FOLLOWING_SIZE, f"frame {which} offset must not be negative")
        return value

    # ------------------------------------------------------------ partitions
    def run(self):
        from pgref.executor.run import run_plan
        ppos = self.plan.partition_positions
        norms = self.pnorms
        cur_key = None
        rows: list = []
        out: list = []
        for batch in run_plan(self.plan.child, self.ectx, self.planner):
            for r in batch:
                key = tuple(None if r[p] is None else (r[p] if nm is None else nm(r[p]))
                            for p, nm in zip(ppos, norms))
                if rows and key != cur_key:
                    out.extend(self.process(rows))
                    rows = []
                    if len(out) >= BATCH:
                        yield out
                        out = []
                cur_key = key
                rows.append(r)
        if rows:
            out.extend(self.process(rows))
        for i in range(0, len(out), BATCH):
            yield out[i:i + BATCH]

    def process(self, rows: list) -> list:
        part = self.peer_groups(rows)
        columns = [f(self, part) for f in self.funcs]
        return [r + tuple(col[i] for col in columns) for i, r in enumerate(rows)]

    def peer_groups(self, rows: list) -> Partition:
        n = len(rows)
        opos = self.plan.order_positions
        if not opos:
            return Partition(rows, [0] * n, [0], [n])
        norms = self.onorms
        group_of, gstart, gend = [], [], []
        prev = object()
        for i, r in enumerate(rows):
            key = tuple(None if r[p] is None else (r[p] if nm is None else nm(r[p])) for p, nm in zip(opos, norms))
            if key != prev:
                if gstart:
                    gend.append(i)
                gstart.append(i)
                prev = key
            group_of.append(len(gstart) - 1)
        gend.append(n)
        return Partition(rows, group_of, gstart, gend)

    # ------------------------------------------------------------ frames
    def frames(self, part: Partition) -> list[tuple]:
        """Each row's frame as a tuple of half-open row ranges (computed once
        per partition, shared by the framed functions)."""
        if part.frames is not None:
            return part.frames
        opts = self.opts
        n, group_of, gstart, gend = part.n, part.group_of, part.gstart, part.gend
        ngroups = len(gstart)
        rows_mode = bool(opts & A.FRAMEOPTION_ROWS)
        groups_mode = bool(opts & A.FRAMEOPTION_GROUPS)
        range_offsets = bool(opts & A.FRAMEOPTION_RANGE) and bool(opts & (_START_OFFSET | _END_OFFSET))
        if range_offsets:
            heads, tails = self._range_bounds(part)
        so, eo = self.start_off, self.end_off
        out = []
        for i in range(n):
            g = group_of[i]
            # frame start
            if opts & A.FRAMEOPTION_START_UNBOUNDED_PRECEDING:
                s = 0
            elif opts & A.FRAMEOPTION_START_CURRENT_ROW:
                s = i if rows_mode else gstart[g]
            elif range_offsets:
                s = heads[i]
            elif opts & A.FRAMEOPTION_START_OFFSET_PRECEDING:
                if rows_mode:
                    s = i - so
                else:
                    s = gstart[g - so] if g - so >= 0 else 0
            else:                                   # offset FOLLOWING
                if rows_mode:
                    s = i + so
                else:
                    s = gstart[g + so] if g + so < ngroups else n
            # frame end (exclusive)
            if opts & A.FRAMEOPTION_END_UNBOUNDED_FOLLOWING:
                e = n
            elif opts & A.FRAMEOPTION_END_CURRENT_ROW:
                e = i + 1 if rows_mode else gend[g]
            elif range_offsets:
                e = tails[i]
            elif opts & A.FRAMEOPTION_END_OFFSET_PRECEDING:
                if rows_mode:
                    e = i - eo + 1
                else:
                    e = gend[g - eo] if g - eo >= 0 else 0
            else:
                if rows_mode:
                    e = i + eo + 1
                else:
                    e = gend[min(g + eo, ngroups - 1)]
            s = min(max(s, 0), n)
            e = min(max(e, s), n)
            if opts & _EXCLUDE and s < e:
                out.append(self._exclude(s, e, i, gstart[g], gend[g]))
            else:
                out.append(((s, e),) if s < e else ())
        part.frames = out
        return out

    def _exclude(self, s: int, e: int, i: int, gs: int, ge: int) -> tuple:
        opts = self.opts
        if opts & A.FRAMEOPTION_EXCLUDE_CURRENT_ROW:
            parts = [(s, min(e, i)), (max(s, i + 1), e)]
        elif opts & A.FRAMEOPTION_EXCLUDE_GROUP:
            parts = [(s, min(e, gs)), (max(s, ge), e)]
        else:                                       # EXCLUDE TIES
            parts = [(s, min(e, gs))]
            if s <= i < e:
                parts.append((i, i + 1))
            parts.append((max(s, ge), e))
        return tuple((a, b) for a, b in parts if a < b)

    def _range_bounds(self, part: Partition) -> tuple[list[int], list[int]]:
        """RANGE with offsets: frame head and tail per row, found by moving
        two pointers forward through the partition as PostgreSQL's
        update_frameheadpos / update_frametailpos do (INV-WIN-2)."""
        opts = self.opts
        n = part.n
        key = self.plan.order_keys[0]
        asc = not key.descending
        nulls_first = key.nulls_first
        p = self.plan.order_positions[0]
        vals = [r[p] for r in part.rows]
        heads = [0] * n
        tails = [n] * n
        # start
        h = 0
        if opts & _START_OFFSET:
            sub = bool(opts & A.FRAMEOPTION_START_OFFSET_PRECEDING)
            less = False
            if not asc:
                sub, less = not sub, True
            for i in range(n):
                cv = vals[i]
                while h < n:
                    hv = vals[h]
                    if hv is None or cv is None:
                        if nulls_first:
                            if hv is not None or cv is None:
                                break
                        elif hv is None or cv is not None:
                            break
                    elif self.start_fn(hv, cv, self.start_off, sub, less):
                        break
                    h += 1
                heads[i] = h
        # end
        t = 0
        if opts & _END_OFFSET:
            sub = bool(opts & A.FRAMEOPTION_END_OFFSET_PRECEDING)
            less = True
            if not asc:
                sub, less = not sub, False
            for i in range(n):
                cv = vals[i]
                while t < n:
                    tv = vals[t]
                    if tv is None or cv is None:
                        if nulls_first:
                            if tv is not None:
                                break
                        elif cv is not None:
                            break
                    elif not self.end_fn(tv, cv, self.end_off, sub, less):
                        break
                    t += 1
                tails[i] = t
        return heads, tails


# ================================================================ functions
def _make_function(wf, layout, ectx, planner):
    """A per-partition evaluator: (runner, partition) -> list of values."""
    args = [compile_expr(a, layout, ectx, planner) for a in wf.args]
    if wf.winagg:
        return _aggregate(wf, args, layout, ectx, planner)
    prosrc = ectx.cat.proc(wf.winfnoid).prosrc
    maker = _BUILTINS.get(prosrc)
    if maker is None:
        from pgref.errors import FEATURE_NOT_SUPPORTED
        raise PgError(FEATURE_NOT_SUPPORTED, f"window function {prosrc} is not supported")
    return maker(args)


def _row_number(args):
    return lambda w, part: list(range(1, part.n + 1))


def _rank(args):
    return lambda w, part: [part.gstart[g] + 1 for g in part.group_of]


def _dense_rank(args):
    return lambda w, part: [g + 1 for g in part.group_of]


def _percent_rank(args):
    def run(w, part):
        if part.n <= 1:
            return [0.0] * part.n
        return [part.gstart[g] / (part.n - 1) for g in part.group_of]
    return run


def _cume_dist(args):
    return lambda w, part: [part.gend[g] / part.n for g in part.group_of]


def _ntile(args):
    arg = args[0]

    def run(w, part):
        out = []
        ntile = rows_per_bucket = boundary = remainder = 0
        for row in part.rows:
            if ntile == 0:
                nbuckets = arg(row)
                if nbuckets is None:               # per spec: NULL in, NULL out
                    out.append(None)
                    continue
                if nbuckets <= 0:
                    raise PgError(INVALID_ARGUMENT_FOR_NTILE, "argument of ntile must be greater than zero")
                ntile, rows_per_bucket = 1, 0
                boundary = part.n // nbuckets
                if boundary <= 0:
                    boundary = 1
                else:
                    remainder = part.n % nbuckets
                    if remainder:
                        boundary += 1
            rows_per_bucket += 1
            if boundary < rows_per_bucket:
                if remainder and ntile == remainder:
                    remainder = 0
                    boundary -= 1
                ntile += 1
                rows_per_bucket = 1
            out.append(ntile)
        return out
    return run


def _leadlag(forward: bool):
    def maker(args):
        value = args[0]
        offset = args[1] if len(args) > 1 else None
        default = args[2] if len(args) > 2 else None

        def run(w, part):
            rows, n = part.rows, part.n
            out = []
            for i, row in enumerate(rows):
                k = 1
                if offset is not None:
                    k = offset(row)
                    if k is None:
                        out.append(None)
                        continue
                j = i + k if forward else i - k
                if 0 <= j < n:
                    out.append(value(rows[j]))
                else:
                    out.append(default(row) if default is not None else None)
            return out
        return run
    return maker


def _frame_row(frame: tuple, k: int, from_end: bool) -> int | None:
    """The k-th row (0-based) of a frame counted from its head (or tail)."""
    ranges = reversed(frame) if from_end else frame
    for a, b in ranges:
        if k < b - a:
            return b - 1 - k if from_end else a + k
        k -= b - a
    return None


def _first_last(from_end: bool):
    def maker(args):
        value = args[0]

        def run(w, part):
            out = []
            for fr in w.frames(part):
                j = _frame_row(fr, 0, from_end)
                out.append(None if j is None else value(part.rows[j]))
            return out
        return run
    return maker


def _nth_value(args):
    value, nth_arg = args

    def run(w, part):
        out = []
        for row, fr in zip(part.rows, w.frames(part)):
            nth = nth_arg(row)
            if nth is None:
                out.append(None)
                continue
            if nth <= 0:
                raise PgError(INVALID_ARGUMENT_FOR_NTH_VALUE, "argument of nth_value must be greater than zero")
            j = _frame_row(fr, nth - 1, False)
            out.append(None if j is None else value(part.rows[j]))
        return out
    return run


_BUILTINS = {
    "window_row_number": _row_number,
    "window_rank": _rank,
    "window_dense_rank": _dense_rank,
    "window_percent_rank": _percent_rank,
    "window_cume_dist": _cume_dist,
    "window_ntile": _ntile,
    "window_lag": _leadlag(False),
    "window_lag_with_offset": _leadlag(False),
    "window_lag_with_offset_and_default": _leadlag(False),
    "window_lead": _leadlag(True),
    "window_lead_with_offset": _leadlag(True),
    "window_lead_with_offset_and_default": _leadlag(True),
    "window_first_value": _first_last(False),
    "window_last_value": _first_last(True),
    "window_nth_value": _nth_value,
}


def _aggregate(wf, args, layout, ectx, planner):
    """An aggregate over each row's frame (see the module docstring)."""
    from pgref.executor.agg import aggregate_impl
    impl = aggregate_impl(SimpleNamespace(aggfnoid=wf.winfnoid, argtypes=wf.argtypes), ectx)
    flt = compile_quals((wf.filter,), layout, ectx, planner) if wf.filter is not None else None
    moving = _moving_aggregate(wf, ectx)

    def run(w, part):
        rows = part.rows
        inputs = [None if flt is not None and not flt(r) else tuple(a(r) for a in args) for r in rows]
        frames = w.frames(part)
        if moving is not None and not w.opts & (_EXCLUDE | A.FRAMEOPTION_START_UNBOUNDED_PRECEDING):
            return _run_moving(moving, inputs, frames, ectx)
        out = []
        state = None
        prev_frame = None
        prev_value = None
        for fr in frames:
            if fr == prev_frame:
                out.append(prev_value)
                continue
            if (state is not None and len(fr) == 1 and len(prev_frame) == 1
                    and fr[0][0] == prev_frame[0][0] and fr[0][1] >= prev_frame[0][1]):
                # same head, the tail moved on: keep running (INV-WIN-3)
                lo = prev_frame[0][1]
            else:
                state = impl.init()
                lo = None
            for a, b in fr if lo is None else ((lo, fr[0][1]),):
                for j in range(a, b):
                    x = inputs[j]
                    if x is not None:
                        state = impl.trans(state, *x, ctx=ectx)
            if not fr:
                state = None                    # an empty frame is not a base to extend
                prev_value = impl.final(impl.init(), ctx=ectx)
            else:
                prev_value = impl.final(state, ctx=ectx)
            prev_frame = fr
            out.append(prev_value)
        return out
    return run


# ================================================================ moving aggregation
def _moving_aggregate(wf, ectx):
    """PostgreSQL's moving-aggregate implementation of ``wf``'s aggregate
    (pg_aggregate aggmtransfn / aggminvtransfn / aggmfinalfn, aggminitval):
    (AggImpl over the moving functions, inverse function, inverse takes a
    context, inverse strict) -- or None when the aggregate has no inverse,
    one of its functions is not implemented, or its arguments or FILTER hold
    volatile functions or sub-selects (restarting would then be visible;
    PostgreSQL makes the same choice in initialize_peragg)."""
    from pgref.analyzer import nodes as N
    from pgref.catalog import builtin
    from pgref.planner.planner import walk_expr
    from pgref.types import fmgr
    from pgref.types.aggregates import AggImpl
    row = _pg_aggregate_rows().get(wf.winfnoid)
    if row is None and wf.winfnoid in getattr(ectx.cat, "user_procs", {}):
        row = {"aggminvtransfn": "user"}            # CREATE AGGREGATE (types/aggregates.py)
    if row is None or row["aggminvtransfn"] == "0":
        return None
    for e in list(wf.args) + ([wf.filter] if wf.filter is not None else []):
        for x, _ in walk_expr(e, 0):
            if isinstance(x, N.SubLink):
                return None
            funcid = getattr(x, "funcid", 0)
            if isinstance(funcid, int) and funcid and ectx.cat.proc(funcid).volatile == "v":
                return None
    if row["aggminvtransfn"] == "user":
        from pgref.types.aggregates import user_moving_aggregate
        return user_moving_aggregate(ectx, wf.winfnoid, wf.argtypes)
    procs = builtin.procs()
    t = procs.get(int(row["aggmtransfn"]))
    inv = procs.get(int(row["aggminvtransfn"]))
    fin = procs.get(int(row["aggmfinalfn"])) if row["aggmfinalfn"] != "0" else None
    tb = fmgr.lookup(t.prosrc) if t else None
    ib = fmgr.lookup(inv.prosrc) if inv else None
    fb = fmgr.lookup(fin.prosrc) if fin else None
    if tb is None or ib is None or (fin is not None and fb is None):
        return None
    impl = AggImpl(wf.winfnoid, procs[wf.winfnoid].name, wf.argtypes, tb.fn, t.strict, tb.ctx,
                   fb.fn if fb else None, fin.strict if fin else False, fb.ctx if fb else False,
                   row["aggminitval"] or None, int(row["aggmtranstype"]))
    return impl, ib.fn, ib.ctx, inv.strict


def _pg_aggregate_rows() -> dict:
    global _AGG_ROWS
    if _AGG_ROWS is None:
        from pgref.catalog import builtin
        _AGG_ROWS = {int(r["aggfnoid"]): r for r in builtin.rows("pg_aggregate")}
    return _AGG_ROWS


_AGG_ROWS = None


def _run_moving(moving, inputs: list, frames: list, ectx) -> list:
    """eval_windowaggregates with an inverse transition function: rows
    leaving the frame head are taken out of the running state, rows
    entering at the tail are added; the state restarts from the frame's
    rows when the inverse function gives up (returns NULL) or the frame
    moved backwards.  ``count`` is PostgreSQL's transValueCount: removing
    the only aggregated row resets the state to the initial value instead
    of calling the inverse (INV-WIN-3)."""
    impl, inv, inv_ctx, inv_strict = moving
    strict = impl.trans_strict
    out = []
    state, count, base, upto = None, 0, None, None
    prev_frame, prev_value = None, None

    def add(j):
        nonlocal state, count
        x = inputs[j]
        if x is None or strict and any(v is None for v in x):
            return
        state = impl.trans(state, *x, ctx=ectx)
        count += 1

    for fr in frames:
        if fr == prev_frame:
            out.append(prev_value)
            continue
        prev_frame = fr
        if not fr:
            base = upto = None                       # nothing aggregated: restart next time
            prev_value = impl.final(impl.init(), ctx=ectx)
            out.append(prev_value)
            continue
        s, e = fr[0]
        restart = base is None or s < base or e < upto or s > upto
        if not restart:
            for j in range(base, s):                 # rows leaving the frame
                x = inputs[j]
                if x is None or inv_strict and any(v is None for v in x):
                    continue
                if count == 1:
                    state, count = impl.init(), 0
                    continue
                if state is None or state is NO_VALUE:
                    restart = True                   # a NULL state cannot be inverted
                    break
                new = inv(ectx, state, *x) if inv_ctx else inv(state, *x)
                if new is None:
                    restart = True
                    break
                state, count = new, count - 1
        if restart:
            state, count, upto = impl.init(), 0, s
        base = s
        for j in range(upto, e):                     # rows entering the frame
            add(j)
        upto = e
        prev_value = impl.final(state, ctx=ectx)
        out.append(prev_value)
    return out


# ================================================================ PostgreSQL's quicksort


from pgref.executor.pgsort import pg_qsort  # noqa: E402,F401  (re-exported: its first user)

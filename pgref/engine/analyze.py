"""Per-column statistics: PostgreSQL's analyze.c, the part after sampling.

Where it sits: ``engine/`` (spec/07-executor.md, "Statistics and
selectivity").  ``engine/vacuum.py``'s ``analyze_relation`` collects the
sample rows (every live row when the table has at most 30 000 of them, as
PostgreSQL's two-stage block sampling does) and calls ``compute_stats`` for
each column; the result, a ``ColumnStats``, is PostgreSQL's pg_statistic row
and is what ``planner/selfuncs.py`` estimates selectivities from and what the
``pg_stats`` view shows.

std_typanalyze picks one of three algorithms by the column type's default
operators (``sort_operators``):

  no equality operator        compute_trivial_stats   null_frac, avg_width only
  "=" but no "<"              compute_distinct_stats  + n_distinct, MCVs
  "=" and "<" (btree opclass) compute_scalar_stats    + histogram, correlation

Guarantees (INV-STATS-1): when the whole table is in the sample, the
statistics equal PostgreSQL 15's exactly -- the same Haas-Stokes n_distinct
estimate, rounded the same way, the same MCV tie-breaking (earlier in sort
order wins for scalar stats, earlier in the sample for distinct stats), the
same histogram positions after removing the MCVs, the same correlation
formula over sample positions, and avg_width as VARSIZE_ANY of the stored
datum (INV-STATS-2: 1-byte header for varlenas of at most 126 data bytes).

Entry points: compute_stats(values, total_rows, typ, cat) -> ColumnStats;
stored_stats(db, relid, attno) -> ColumnStats | None (what a planner reads);
sort_operators(cat, typ) -> (ltopr, eqopr); datum_width(typ, typlen, value).
"""
from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from decimal import Decimal

from pgref.executor import keys as K
from pgref.types import oids as T

STATS_TARGET = 100                 # default_statistics_target
SAMPLE_ROWS = 300 * STATS_TARGET   # std_typanalyze's minrows
WIDTH_THRESHOLD = 1024             # values wider than this are not sampled for MCVs/histogram

# pg_statistic stakind values
STATISTIC_KIND_MCV = 1
STATISTIC_KIND_HISTOGRAM = 2
STATISTIC_KIND_CORRELATION = 3
TSVECTOROID = 3614
# range type -> (typlen, typalign) of its subtype, for the stored size of bounds
_RANGE_SUBTYPES = {3904: (4, 4), 3926: (8, 8), 3912: (4, 4), 3908: (8, 8), 3910: (8, 8), 3906: (-1, 4)}


@dataclass
class ColumnStats:
    """One pg_statistic row (stainherit = false).

    ``n_distinct``: > 0 a count, < 0 minus a fraction of the rows, 0 unknown.
    ``mcv``/``mcf``: most common values (in decreasing frequency) and their
    frequencies as fractions of all sampled rows.  ``histogram``: bounds of
    equi-depth buckets of the non-MCV values, in ``ltop`` order.
    ``correlation``: between physical order and ``ltop`` order, or None.
    ``eqop``/``ltop``: the operator OIDs the MCV list / histogram were built
    with (pg_statistic.staopN), 0 when none.
    """
    null_frac: float
    avg_width: int
    n_distinct: float
    mcv: list = field(default_factory=list)
    mcf: list = field(default_factory=list)
    histogram: list = field(default_factory=list)
    correlation: float | None = None
    eqop: int = 0
    ltop: int = 0
    typ: int = 0


def _float4(x: float) -> float:
    """Round to float4 precision (pg_statistic's stanumbers are float4[])."""
    return struct.unpack("f", struct.pack("f", x))[0]


# ---------------------------------------------------------------- operators
def _base_type(cat, typ: int) -> int:
    t = cat.typeinfo(typ) if cat is not None else None
    while t is not None and t.typtype == "d" and t.basetype:
        typ = t.basetype
        t = cat.typeinfo(typ)
    return typ


def sort_operators(cat, typ: int) -> tuple[int, int]:
    """get_sort_group_operators: the default btree opclass's "<" and "="
    for ``typ`` (a type without one of its own uses that of a type it is
    binary-coercible to, as varchar uses text's); "=" may come from a hash
    opclass when there is no btree one.  0 means none."""
    from pgref.catalog import builtin
    if cat is None:
        return 0, 0
    typ = _base_type(cat, typ)
    candidates = [typ]
    for (src, dst), c in builtin.casts().items():
        if src == typ and c.method == "b":
            candidates.append(dst)
    t = cat.typeinfo(typ)
    if t is not None and t.category == "A" and t.elem:
        candidates.append(T.ANYARRAYOID)
    if t is not None and t.typtype == "e":
        candidates.append(T.ANYENUMOID)
    if t is not None and t.typtype == "r":
        candidates.append(3831)
    if t is not None and t.typtype == "c":
        candidates.append(T.RECORDOID)
    for c in candidates:
        lt = cat.btree_operator(c, c, 1)
        eq = cat.btree_operator(c, c, 3)
        if eq:
            return lt, eq
    for o in builtin.operators().values():
        if o.name == "=" and o.left == typ and o.right == typ and o.canhash \
                and o.oid in builtin.hash_equality_operators():
            return 0, o.oid
    return 0, 0


def _comparator(cat, typ: int):
    """cmp(a, b) -> -1/0/1 in the type's default btree order (non-NULL values)."""
    base = _base_type(cat, typ) if cat is not None else typ
    norm = K.key_function(base, None)
    if base in K._NATURAL or base in K._SPECIAL:
        if norm is None:
            return lambda a, b: (a > b) - (a < b)
        return lambda a, b: (norm(a) > norm(b)) - (norm(a) < norm(b))
    from pgref.executor.context import ExecContext
    from pgref.executor.expr import function_impl
    from pgref.types.values import DEFAULT_SETTINGS
    proc = cat.btree_cmp_proc(base, base)
    t = cat.typeinfo(base)
    if not proc and t is not None:
        generic = (T.ANYARRAYOID if t.category == "A" and t.elem else T.ANYENUMOID if t.typtype == "e"
                   else 2249 if t.typtype == "c" else 0)
        proc = cat.btree_cmp_proc(generic, generic) if generic else 0
    if not proc:
        return lambda a, b: (a > b) - (a < b)
    ctx = ExecContext(settings=DEFAULT_SETTINGS, cat=cat)
    fn = function_impl(ctx, proc)[1]
    return lambda a, b: (lambda r: (r > 0) - (r < 0))(fn(a, b))


# ---------------------------------------------------------------- widths
def _numeric_ndigits(v: Decimal) -> int:
    """Number of base-10000 digits PostgreSQL's numeric stores for ``v``
    (leading and trailing zero digits stripped)."""
    if not v.is_finite() or v == 0:
        return 0
    sign, digits, exp = v.as_tuple()
    s = "".join(map(str, digits))
    # position the decimal point: integer part s[:len+exp], fraction the rest
    if exp >= 0:
        ip, fp = s + "0" * exp, ""
    else:
        k = len(s) + exp
        ip, fp = (s[:k], s[k:]) if k > 0 else ("", "0" * (-k) + s)
    ip = ip.lstrip("0")
    ip = "0" * ((-len(ip)) % 4) + ip
    fp = fp + "0" * ((-len(fp)) % 4)
    groups = [ip[i:i + 4] for i in range(0, len(ip), 4)] + [fp[i:i + 4] for i in range(0, len(fp), 4)]
    while groups and int(groups[0]) == 0:
        groups.pop(0)
    while groups and int(groups[-1]) == 0:
        groups.pop()
    return len(groups)


def _varlena_size(data_len: int) -> int:
    """VARSIZE_ANY of a stored varlena with ``data_len`` bytes of data
    (INV-STATS-2: a short 1-byte header when it fits in 127 bytes)."""
    return data_len + (1 if data_len + 1 <= 127 else 4)


def datum_width(typ: int, typlen: int, v) -> int:
    """The bytes analyze.c adds to total_width for one non-NULL value."""
    if typlen > 0:
        return typlen
    if typlen == -2:                                   # cstring: strlen + 1
        return len(str(v).encode()) + 1
    if isinstance(v, str):
        return _varlena_size(len(v.encode()))
    if isinstance(v, (bytes, bytearray, memoryview)):
        return _varlena_size(len(v))
    if isinstance(v, Decimal):
        if v.is_nan() or v.is_infinite():
            return _varlena_size(2)
        sign, digits, exp = v.as_tuple()
        dscale = max(0, -exp)
        header = 2 if dscale <= 63 else 4              # NumericShort unless the scale is large
        return _varlena_size(header + 2 * _numeric_ndigits(v))
    from pgref.types.values import PgArray, Range
    if isinstance(v, PgArray):
        return _array_width(v)
    if isinstance(v, Range):
        return _range_width(v)
    from pgref.types.io.network import Inet
    if isinstance(v, Inet):                            # family, bits, address bytes
        return _varlena_size(2 + len(v.addr))
    return _varlena_size(len(str(v).encode()))


def _array_width(v) -> int:
    """VARSIZE_ANY of a stored array (ArrayType: 4-byte length, ndim,
    dataoffset, elemtype, dims and lower bounds, a NULL bitmap if any
    element is NULL, MAXALIGNed, then the elements).  Elements are sized by
    their Python shape (pgref keeps no element type here): ints 4 or 8
    bytes, floats 8, text/bytea/numeric as varlenas with 4-byte alignment."""
    els = list(v.elements)
    n = 16 + 8 * len(v.dims)
    if any(e is None for e in els):
        n += (len(els) + 7) // 8
    n = (n + 7) & ~7
    for e in els:
        if e is None:
            continue
        if isinstance(e, bool):
            n += 1
        elif isinstance(e, int):
            w = 4 if -2 ** 31 <= e < 2 ** 31 else 8
            n = ((n + w - 1) & ~(w - 1)) + w
        elif isinstance(e, float):
            n = ((n + 7) & ~7) + 8
        else:
            n = ((n + 3) & ~3) + datum_width(0, -1, e) + 3    # 4-byte headers inside arrays
    return n - 3 if n - 3 <= 127 else n


def _range_width(v) -> int:
    """VARSIZE_ANY of a stored range: length word, range type OID, the
    present bounds (aligned as the subtype), one flags byte."""
    n = 8
    sublen, align = _RANGE_SUBTYPES.get(getattr(v, "typid", 0), (8, 8))
    if not v.empty:
        for b in (v.lower, v.upper):
            if b is None:
                continue
            n = (n + align - 1) & ~(align - 1)
            n += sublen if sublen > 0 else datum_width(0, -1, b) + 3
    n += 1
    return n - 3 if n - 3 <= 127 else n


# ---------------------------------------------------------------- the algorithms
def compute_stats(values: list, total_rows: float, typ: int = 0, cat=None) -> ColumnStats:
    """std_typanalyze + the chosen compute_*_stats over one column's
    sample (``values`` in sample order, None for NULL).  ``total_rows`` is
    the table's estimated live rows."""
    typlen = -1
    if cat is not None and typ:
        t = cat.typeinfo(typ)
        if t is not None:
            typlen = t.typlen
    elif values:
        typlen = _guess_typlen(values)
    ltop, eqop = sort_operators(cat, typ) if cat is not None and typ else _guess_operators(values)
    from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
    tinfo = cat.typeinfo(_base_type(cat, typ)) if cat is not None and typ else None
    if tinfo is not None and (tinfo.typtype in ("r", "m") or tinfo.oid == TSVECTOROID):
        # range_typanalyze / multirange_typanalyze / ts_typanalyze: PostgreSQL
        # keeps bound or lexeme statistics pgref does not collect, and
        # assumes the non-NULL values are all distinct
        st = compute_trivial_stats(values, total_rows, typlen)
        if st.null_frac < 1.0 and any(v is not None for v in values):
            st.n_distinct = -1.0 * (1.0 - st.null_frac)
        st.typ = typ
        return st
    try:
        if not eqop:
            st = compute_trivial_stats(values, total_rows, typlen)
        elif ltop:
            st = compute_scalar_stats(values, total_rows, typlen, _comparator(cat, typ) if cat is not None
                                      else (lambda a, b: (a > b) - (a < b)), _hasher(typ))
        else:
            st = compute_distinct_stats(values, total_rows, typlen, _hasher(typ))
    except PgError as e:
        if e.sqlstate != FEATURE_NOT_SUPPORTED:
            raise
        # the type's comparison function is not in pgref yet: keep what needs none
        # (a difference from PostgreSQL, spec/07-executor.md "Statistics and selectivity")
        st = compute_trivial_stats(values, total_rows, typlen)
    typed = cat is not None and typ
    st.eqop = eqop if st.mcv and typed else 0
    st.ltop = ltop if (st.histogram or st.correlation is not None) and typed else 0
    st.typ = typ
    return st


def _guess_typlen(values) -> int:
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            return 1
        if isinstance(v, int):
            return 4 if -2 ** 31 <= v < 2 ** 31 else 8
        if isinstance(v, float):
            return 8
        return -1
    return -1


def _guess_operators(values) -> tuple[int, int]:
    """Untyped callers (unit tests): everything sorts as Python orders it."""
    return 1, 1


def _hasher(typ: int):
    f = K.hash_key_function(typ)
    return (lambda v: v) if f is None else f


def compute_trivial_stats(values: list, total_rows: float, typlen: int) -> ColumnStats:
    """compute_trivial_stats: a type with no "=": only null_frac and avg_width."""
    samplerows = len(values)
    null_cnt = sum(1 for v in values if v is None)
    nonnull = [v for v in values if v is not None]
    total_width = sum(datum_width(0, typlen, v) for v in nonnull) if typlen < 0 else 0
    if nonnull:
        width = int(total_width / len(nonnull)) if typlen < 0 else typlen
        return ColumnStats(null_cnt / samplerows, width, 0.0)
    return ColumnStats(1.0 if null_cnt else 0.0, 0 if typlen < 0 else typlen, 0.0)


def _haas_stokes(samplerows: int, null_cnt: int, f1: int, d: int, total_rows: float, null_frac: float) -> float:
    """The Haas-Stokes Duj1 estimator, n*d / (n - f1 + f1*n/N), clamped to
    [d, N] and rounded (analyze.c)."""
    n = float(samplerows - null_cnt)
    N = total_rows * (1.0 - null_frac)
    est = (n * d) / ((n - f1) + f1 * n / N) if N > 0 else 0.0
    if est < d:
        est = float(d)
    if est > N:
        est = N
    return math.floor(est + 0.5)


def analyze_mcv_list(mcv_counts: list[int], num_mcv: int, stadistinct: float, stanullfrac: float,
                     samplerows: int, totalrows: float) -> int:
    """How many of the candidate MCVs are significantly more common than
    the average non-MCV value (analyze.c); all of them when the whole table
    was sampled."""
    if samplerows == totalrows or totalrows <= 1.0:
        return num_mcv
    ndistinct_table = stadistinct
    if ndistinct_table < 0:
        ndistinct_table = -ndistinct_table * totalrows
    sumcount = float(sum(mcv_counts[:num_mcv]))
    while num_mcv > 0:
        selec = 1.0 - sumcount / samplerows - stanullfrac
        selec = min(max(selec, 0.0), 1.0)
        otherdistinct = ndistinct_table - (num_mcv - 1)
        if otherdistinct > 1:
            selec /= otherdistinct
        N = totalrows
        n = float(samplerows)
        K_ = N * mcv_counts[num_mcv - 1] / n
        variance = n * K_ * (N - K_) * (N - n) / (N * N * (N - 1))
        stddev = math.sqrt(variance) if variance > 0 else 0.0
        if mcv_counts[num_mcv - 1] > selec * samplerows + 2 * stddev + 0.5:
            break
        num_mcv -= 1
        sumcount -= mcv_counts[num_mcv]
    return num_mcv


def compute_distinct_stats(values: list, total_rows: float, typlen: int, hasher) -> ColumnStats:
    """compute_distinct_stats: "=" but no ordering -- track the most
    frequent values with PostgreSQL's move-to-front list of 2*target."""
    samplerows = len(values)
    num_mcv = STATS_TARGET
    track_max = 2 * num_mcv
    track: list[list] = []        # [key, value, count]
    null_cnt = nonnull_cnt = toowide_cnt = 0
    total_width = 0
    is_varwidth = typlen < 0
    for v in values:
        if v is None:
            null_cnt += 1
            continue
        nonnull_cnt += 1
        if is_varwidth:
            w = datum_width(0, typlen, v)
            total_width += w
            if typlen == -1 and w > WIDTH_THRESHOLD:
                toowide_cnt += 1
                continue
        key = hasher(v)
        firstcount1 = len(track)
        match = -1
        for j, t in enumerate(track):
            if t[0] == key:
                match = j
                break
            if j < firstcount1 and t[2] == 1:
                firstcount1 = j
        if match >= 0:
            j = match
            track[j][2] += 1
            while j > 0 and track[j][2] > track[j - 1][2]:
                track[j], track[j - 1] = track[j - 1], track[j]
                j -= 1
        else:
            entry = [key, v, 1]
            if len(track) < track_max:
                track.append(None)            # type: ignore[arg-type]
            for j in range(len(track) - 1, firstcount1, -1):
                track[j] = track[j - 1]
            if firstcount1 < len(track):
                track[firstcount1] = entry
    if nonnull_cnt == 0:
        return ColumnStats(1.0 if null_cnt else 0.0, 0 if is_varwidth else typlen, 0.0)
    null_frac = null_cnt / samplerows
    width = int(total_width / nonnull_cnt) if is_varwidth else typlen
    track_cnt = len(track)
    summultiple = 0
    nmultiple = 0
    while nmultiple < track_cnt and track[nmultiple][2] > 1:
        summultiple += track[nmultiple][2]
        nmultiple += 1
    if nmultiple == 0:
        stadistinct = -1.0 * (1.0 - null_frac)
    elif track_cnt < track_max and toowide_cnt == 0 and nmultiple == track_cnt:
        stadistinct = float(track_cnt)
    else:
        f1 = nonnull_cnt - summultiple
        stadistinct = _haas_stokes(samplerows, null_cnt, f1, f1 + nmultiple, total_rows, null_frac)
    if stadistinct > 0.1 * total_rows:
        stadistinct = -(stadistinct / total_rows)
    if track_cnt < track_max and toowide_cnt == 0 and stadistinct > 0 and track_cnt <= num_mcv:
        num_mcv = track_cnt
    else:
        num_mcv = min(num_mcv, track_cnt)
        if num_mcv > 0:
            num_mcv = analyze_mcv_list([t[2] for t in track[:num_mcv]], num_mcv, stadistinct, null_frac,
                                       samplerows, total_rows)
    st = ColumnStats(null_frac, width, stadistinct)
    st.mcv = [t[1] for t in track[:num_mcv]]
    st.mcf = [_float4(t[2] / samplerows) for t in track[:num_mcv]]
    return st


def compute_scalar_stats(values: list, total_rows: float, typlen: int, cmp, hasher) -> ColumnStats:
    """compute_scalar_stats: sort the sample by the type's "<", find the
    duplicate groups (n_distinct, MCV candidates), build the histogram of
    what the MCVs leave, and the physical/logical order correlation."""
    import functools
    samplerows = len(values)
    num_mcv = num_bins = STATS_TARGET
    null_cnt = nonnull_cnt = toowide_cnt = 0
    total_width = 0
    is_varwidth = typlen < 0
    items: list[tuple] = []                    # (value, tupno)
    for v in values:
        if v is None:
            null_cnt += 1
            continue
        nonnull_cnt += 1
        if is_varwidth:
            w = datum_width(0, typlen, v)
            total_width += w
            if typlen == -1 and w > WIDTH_THRESHOLD:
                toowide_cnt += 1
                continue
        items.append((v, len(items)))      # tupno: position among the sampled non-NULL values
    if not items:
        if nonnull_cnt > 0:                    # all too wide: assume a unique column
            nf = null_cnt / samplerows
            return ColumnStats(nf, int(total_width / nonnull_cnt) if is_varwidth else typlen, -1.0 * (1.0 - nf))
        return ColumnStats(1.0 if null_cnt else 0.0, 0 if is_varwidth else typlen, 0.0)

    def compare(a, b):
        c = cmp(a[0], b[0])
        return c if c else a[1] - b[1]
    items.sort(key=functools.cmp_to_key(compare))
    values_cnt = len(items)
    # duplicate groups in sorted order; track the num_mcv largest, earlier wins ties
    ndistinct = nmultiple = 0
    track: list[list[int]] = []                # [count, first]
    corr_xysum = 0.0
    dups_cnt = 0
    for i, (v, tupno) in enumerate(items):
        corr_xysum += float(i) * float(tupno)
        dups_cnt += 1
        last = i + 1 == values_cnt or cmp(v, items[i + 1][0]) != 0
        if not last:
            continue
        ndistinct += 1
        if dups_cnt > 1:
            nmultiple += 1
            if len(track) < num_mcv or dups_cnt > track[-1][0]:
                if len(track) < num_mcv:
                    track.append([0, 0])
                j = len(track) - 1
                while j > 0:
                    if dups_cnt <= track[j - 1][0]:
                        break
                    track[j] = track[j - 1]
                    j -= 1
                track[j] = [dups_cnt, i + 1 - dups_cnt]
        dups_cnt = 0
    null_frac = null_cnt / samplerows
    width = int(total_width / nonnull_cnt) if is_varwidth else typlen
    if nmultiple == 0:
        stadistinct = -1.0 * (1.0 - null_frac)
    elif toowide_cnt == 0 and nmultiple == ndistinct:
        stadistinct = float(ndistinct)
    else:
        f1 = ndistinct - nmultiple
        stadistinct = _haas_stokes(samplerows, null_cnt, f1, f1 + nmultiple, total_rows, null_frac)
    if stadistinct > 0.1 * total_rows:
        stadistinct = -(stadistinct / total_rows)
    track_cnt = len(track)
    if track_cnt == ndistinct and toowide_cnt == 0 and stadistinct > 0 and track_cnt <= num_mcv:
        num_mcv = track_cnt
    else:
        num_mcv = min(num_mcv, track_cnt)
        if num_mcv > 0:
            num_mcv = analyze_mcv_list([t[0] for t in track[:num_mcv]], num_mcv, stadistinct, null_frac,
                                       samplerows, total_rows)
    st = ColumnStats(null_frac, width, stadistinct)
    mcv_items = track[:num_mcv]
    st.mcv = [items[first][0] for _c, first in mcv_items]
    st.mcf = [_float4(c / samplerows) for c, _f in mcv_items]
    # histogram over the values that are not MCVs
    num_hist = ndistinct - num_mcv
    if num_hist > num_bins:
        num_hist = num_bins + 1
    if num_hist >= 2:
        rest: list = []
        src = 0
        for count, first in sorted(mcv_items, key=lambda t: t[1]):
            rest.extend(items[src:first])
            src = first + count
        rest.extend(items[src:])
        nvals = len(rest)
        delta, deltafrac = divmod(nvals - 1, num_hist - 1)
        pos = posfrac = 0
        hist = []
        for _ in range(num_hist):
            hist.append(rest[pos][0])
            pos += delta
            posfrac += deltafrac
            if posfrac >= num_hist - 1:
                pos += 1
                posfrac -= num_hist - 1
        st.histogram = hist
    if values_cnt > 1:
        n = float(values_cnt)
        corr_xsum = (n - 1) * n / 2.0
        corr_x2sum = (n - 1) * n * (2 * n - 1) / 6.0
        st.correlation = _float4((n * corr_xysum - corr_xsum * corr_xsum) /
                                 (n * corr_x2sum - corr_xsum * corr_xsum))
    return st


def stored_stats(db, relid: int, attno: int) -> ColumnStats | None:
    """The pg_statistic row ANALYZE left for column ``attno`` of relation
    ``relid``, or None: never analyzed, the column was dropped, or its type
    changed since (PostgreSQL deletes the row then; pgref ignores it)."""
    st = (getattr(db, "colstats", None) or {}).get((relid, attno))
    if st is None:
        return None
    rel = db.cat.relations.get(relid)
    if rel is None or attno > len(rel.columns):
        return None
    col = rel.columns[attno - 1]
    if col.dropped or (st.typ and st.typ != col.typ):
        return None
    return st

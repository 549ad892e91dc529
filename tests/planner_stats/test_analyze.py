"""ANALYZE's statistics equal PostgreSQL 15's (INV-STATS-1, INV-STATS-2;
spec chapter 07, "Statistics and selectivity"), read back through the
pg_stats view; plus unit checks of engine/analyze.py's algorithms.

PG_STATS was recorded from PostgreSQL 15.18 (2026-11-22) after loading the
regression suite's onek/tenk1 data files and ANALYZE, with

    select tablename, attname, null_frac, avg_width, n_distinct,
      (most_common_vals::text::text[])[1:3], most_common_freqs[1:3],
      coalesce(array_length(most_common_vals::text::text[], 1), 0),
      (histogram_bounds::text::text[])[1:3], (histogram_bounds::text::text[])[101],
      correlation::text
    from pg_stats where tablename in ('tenk1', 'onek') order by tablename, attname
"""
from decimal import Decimal

import pytest

from pgref.engine.analyze import analyze_mcv_list, compute_stats, datum_width
from pgref.types import oids as T

from .statsdb import database

PG_STATS = [
    ('onek', 'even', 0.0, 4, 10.0, ['1', '3', '5'], [0.1, 0.1, 0.1], 10, None, None, '0.060861986'),
    ('onek', 'fivethous', 0.0, 4, -0.5, ['0', '1', '2'], [0.002, 0.002, 0.002], 100, ['100', '103', '107'], '499', '0.024285216'),
    ('onek', 'four', 0.0, 4, 4.0, ['0', '1', '2'], [0.25, 0.25, 0.25], 4, None, None, '0.22885185'),
    ('onek', 'hundred', 0.0, 4, 10.0, ['0', '1', '2'], [0.1, 0.1, 0.1], 10, None, None, '0.060861986'),
    ('onek', 'odd', 0.0, 4, 10.0, ['0', '2', '4'], [0.1, 0.1, 0.1], 10, None, None, '0.060861986'),
    ('onek', 'string4', 0.0, 64, 4.0, ['AAAAxx', 'HHHHxx', 'OOOOxx'], [0.25, 0.25, 0.25], 4, None, None, '0.25374624'),
    ('onek', 'stringu1', 0.0, 64, -0.676, ['AAAAAA', 'ABAAAA', 'ACAAAA'], [0.002, 0.002, 0.002], 100, ['ANAAAA', 'AUAAAA', 'BPAAAA'], 'ZZAAAA', '-0.018928302'),
    ('onek', 'stringu2', 0.0, 64, -1.0, None, None, 0, ['AAAAAA', 'AEBAAA', 'AJBAAA'], 'ZZAAAA', '0.014765571'),
    ('onek', 'ten', 0.0, 4, 10.0, ['0', '1', '2'], [0.1, 0.1, 0.1], 10, None, None, '0.060861986'),
    ('onek', 'tenthous', 0.0, 4, -1.0, None, None, 0, ['0', '9', '19'], '999', '-0.037635025'),
    ('onek', 'thousand', 0.0, 4, 100.0, ['0', '1', '2'], [0.01, 0.01, 0.01], 100, None, None, '-0.018312907'),
    ('onek', 'twenty', 0.0, 4, 20.0, ['0', '1', '2'], [0.05, 0.05, 0.05], 20, None, None, '0.010684582'),
    ('onek', 'two', 0.0, 4, 2.0, ['0', '1'], [0.5, 0.5], 2, None, None, '0.5196132'),
    ('onek', 'twothousand', 0.0, 4, -0.2, ['0', '1', '2'], [0.005, 0.005, 0.005], 100, ['100', '101', '102'], None, '-0.014124074'),
    ('onek', 'unique1', 0.0, 4, -1.0, None, None, 0, ['0', '9', '19'], '999', '-0.037635025'),
    ('onek', 'unique2', 0.0, 4, -1.0, None, None, 0, ['0', '9', '19'], '999', '1'),
    ('tenk1', 'even', 0.0, 4, 100.0, ['1', '3', '5'], [0.01, 0.01, 0.01], 100, None, None, '0.009082272'),
    ('tenk1', 'fivethous', 0.0, 4, -0.5, ['0', '1', '2'], [0.0002, 0.0002, 0.0002], 100, ['100', '148', '197'], '4999', '0.006492796'),
    ('tenk1', 'four', 0.0, 4, 4.0, ['0', '1', '2'], [0.25, 0.25, 0.25], 4, None, None, '0.2494313'),
    ('tenk1', 'hundred', 0.0, 4, 100.0, ['0', '1', '2'], [0.01, 0.01, 0.01], 100, None, None, '0.009082272'),
    ('tenk1', 'odd', 0.0, 4, 100.0, ['0', '2', '4'], [0.01, 0.01, 0.01], 100, None, None, '0.009082272'),
    ('tenk1', 'string4', 0.0, 64, 4.0, ['AAAAxx', 'HHHHxx', 'OOOOxx'], [0.25, 0.25, 0.25], 4, None, None, '0.25037497'),
    ('tenk1', 'stringu1', 0.0, 64, 676.0, ['AAAAAA', 'ABAAAA', 'ACAAAA'], [0.0015, 0.0015, 0.0015], 100, ['AVAAAA', 'BWAAAA', 'CXAAAA'], 'ZZAAAA', '0.0016093453'),
    ('tenk1', 'stringu2', 0.0, 64, -1.0, None, None, 0, ['AAAAAA', 'AGJAAA', 'ANEAAA'], 'ZZNAAA', '0.0035787355'),
    ('tenk1', 'ten', 0.0, 4, 10.0, ['0', '1', '2'], [0.1, 0.1, 0.1], 10, None, None, '0.100886926'),
    ('tenk1', 'tenthous', 0.0, 4, -1.0, None, None, 0, ['0', '99', '199'], '9999', '0.008842574'),
    ('tenk1', 'thousand', 0.0, 4, 1000.0, ['0', '1', '2'], [0.001, 0.001, 0.001], 100, ['100', '108', '117'], '999', '-0.009366246'),
    ('tenk1', 'twenty', 0.0, 4, 20.0, ['0', '1', '2'], [0.05, 0.05, 0.05], 20, None, None, '0.05407835'),
    ('tenk1', 'two', 0.0, 4, 2.0, ['0', '1'], [0.5, 0.5], 2, None, None, '0.50818884'),
    ('tenk1', 'twothousand', 0.0, 4, -0.2, ['0', '1', '2'], [0.0005, 0.0005, 0.0005], 100, ['100', '118', '137'], '1999', '-0.0023625696'),
    ('tenk1', 'unique1', 0.0, 4, -1.0, None, None, 0, ['0', '99', '199'], '9999', '0.008842574'),
    ('tenk1', 'unique2', 0.0, 4, -1.0, None, None, 0, ['0', '99', '199'], '9999', '1'),
]

QUERY = """select tablename, attname, null_frac, avg_width, n_distinct,
  (most_common_vals::text::text[])[1:3], most_common_freqs[1:3],
  coalesce(array_length(most_common_vals::text::text[], 1), 0),
  (histogram_bounds::text::text[])[1:3], (histogram_bounds::text::text[])[101],
  correlation::text
  from pg_stats where tablename in ('tenk1', 'onek') order by tablename, attname"""


def _norm(row):
    out = []
    for v in row:
        if hasattr(v, "elements"):
            v = list(v.elements)
        if isinstance(v, list):
            v = [float(x) if isinstance(x, float) else x for x in v]
        out.append(v)
    return tuple(out)


def test_pg_stats_equal_postgresql():
    cur = database().cursor()
    cur.execute(QUERY)
    got = [_norm(r) for r in cur.fetchall()]
    assert len(got) == len(PG_STATS)
    for mine, theirs in zip(got, PG_STATS):
        assert mine[:2] == theirs[:2]
        assert mine[2] == pytest.approx(theirs[2]) and mine[3] == theirs[3]
        assert mine[4] == pytest.approx(theirs[4], rel=1e-6), mine[:2]
        assert mine[5] == theirs[5] and mine[7] == theirs[7] and mine[8] == theirs[8] and mine[9] == theirs[9], mine[:2]
        if theirs[6] is None:
            assert mine[6] is None
        else:
            assert mine[6] == pytest.approx(theirs[6], rel=1e-6)
        assert mine[10] == theirs[10], mine[:2]


def test_pg_statistic_slots():
    cur = database().cursor()
    cur.execute("select stakind1, staop1, stakind2, staop2, stakind3, stacoll1, array_length(stanumbers1, 1) "
                "from pg_statistic where starelid = 'tenk1'::regclass and staattnum = 8")   # thousand
    # MCV (name = int4eq 96), histogram and correlation (int4lt 97), as PostgreSQL stores them
    assert cur.fetchall() == [(1, 96, 2, 97, 3, 0, 100)]


def test_scalar_stats_small_sample():
    st = compute_stats([3, 1, None, 3, 2, 3, None, 1], 8.0)
    assert st.null_frac == 0.25
    assert st.mcv == [3, 1] and st.mcf == pytest.approx([0.375, 0.25])
    # 3 distinct values are more than 10 % of 8 rows: stored as a fraction
    assert st.n_distinct == -0.375 and st.histogram == [] and st.avg_width == 4


def test_all_distinct_is_negative_one():
    st = compute_stats(list(range(50)), 50.0)
    assert st.n_distinct == -1.0 and st.mcv == [] and st.histogram[0] == 0 and st.histogram[-1] == 49
    assert st.correlation == 1.0


def test_reversed_order_correlation():
    st = compute_stats(list(range(50, 0, -1)), 50.0)
    assert st.correlation == -1.0


def test_haas_stokes_when_sampled():
    # 300 sampled rows of a 3000-row table: 100 values seen twice, 100 once
    vals = [i for i in range(100) for _ in range(2)] + list(range(100, 200))
    st = compute_stats(vals, 3000.0)
    # n*d / (n - f1 + f1*n/N) = 300*200 / (200 + 100*300/3000) = 285.71 -> 286
    assert st.n_distinct == 286.0


def test_analyze_mcv_list_keeps_all_when_table_fully_sampled():
    assert analyze_mcv_list([5, 4, 3], 3, 10.0, 0.0, 100, 100.0) == 3


def test_analyze_mcv_list_drops_insignificant_values():
    # sampled 1000 of 100000 rows; the two rare candidates are not significant
    assert analyze_mcv_list([100, 90, 3, 2], 4, 500.0, 0.0, 1000, 100000.0) == 2


def test_datum_widths():
    assert datum_width(T.TEXTOID, -1, "abc") == 4                 # 1-byte header
    assert datum_width(T.TEXTOID, -1, "x" * 200) == 204           # 4-byte header
    assert datum_width(T.NAMEOID, 64, "abc") == 64
    assert datum_width(T.NUMERICOID, -1, Decimal("12.5")) == 7    # header 1 + 2 + two base-10000 digits
    assert datum_width(T.NUMERICOID, -1, Decimal("0")) == 3


def test_distinct_stats_for_type_without_ordering():
    cur = database().cursor()
    cur.execute("create table xid_stats (x xid, p point)")
    cur.execute("insert into xid_stats select (g % 3)::text::xid, point(g, g) from generate_series(1, 30) g")
    cur.execute("analyze xid_stats")
    cur.execute("select attname, n_distinct, most_common_freqs, histogram_bounds, correlation, avg_width "
                "from pg_stats where tablename = 'xid_stats' order by attname")
    rows = cur.fetchall()
    assert rows[0][0] == "p" and rows[0][1] == 0 and rows[0][2] is None and rows[0][5] == 16  # trivial stats
    assert rows[1][0] == "x" and rows[1][1] == 3 and rows[1][3] is None and rows[1][4] is None
    assert list(rows[1][2].elements) == pytest.approx([0.33333334] * 3)


def test_stale_statistics_are_not_shown_after_type_change():
    import pgref
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    cur.execute("create table st (a int, b int)")
    cur.execute("insert into st select g % 4, g from generate_series(1, 100) g")
    cur.execute("analyze st")
    cur.execute("alter table st alter column a type text")
    cur.execute("select attname from pg_stats where tablename = 'st' order by attname")
    assert cur.fetchall() == [("b",)]
    cur.execute("analyze st")
    cur.execute("select attname, most_common_vals::text from pg_stats where tablename = 'st' and attname = 'a'")
    assert cur.fetchall() == [("a", "{0,1,2,3}")]
    conn.close()


def test_composite_and_array_columns_get_scalar_stats():
    import pgref
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    cur.execute("create type pair as (x int, y text)")
    cur.execute("create table comp (p pair, arr int[])")
    cur.execute("insert into comp select row(g % 5, 'a')::pair, array[g % 2] from generate_series(1, 100) g")
    cur.execute("analyze comp")
    cur.execute("select attname, n_distinct, most_common_vals::text from pg_stats where tablename = 'comp' "
                "order by attname")
    # as PostgreSQL 15 shows them (its array_typanalyze's element statistics aside)
    assert cur.fetchall() == [("arr", 2.0, '{"{0}","{1}"}'), ("p", 5.0, '{"(0,a)","(1,a)","(2,a)","(3,a)","(4,a)"}')]
    conn.close()


def test_special_typanalyze_types_and_widths():
    """Recorded from PostgreSQL 15.18: range and tsvector columns get
    n_distinct -1 and no MCVs; inet/char(n)/money/interval widths."""
    import pgref
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    cur.execute("create table ty (v tsvector, i inet, iv interval, m money, bp char(5), r int4range)")
    cur.execute("insert into ty select to_tsvector('simple', 'w' || (g % 4)), ('10.0.0.' || (g % 5))::inet, "
                "(g % 7) * interval '1 hour', (g % 8)::money, 'x' || (g % 9), int4range(g % 10, 20) "
                "from generate_series(1, 200) g")
    cur.execute("analyze ty")
    cur.execute("select attname, avg_width, n_distinct, most_common_freqs is null "
                "from pg_stats where tablename = 'ty' and attname <> 'v' order by attname")
    assert cur.fetchall() == [("bp", 6, 9.0, False), ("i", 7, 5.0, False), ("iv", 16, 7.0, False),
                              ("m", 8, 8.0, False), ("r", 14, -1.0, True)]
    cur.execute("select n_distinct, most_common_freqs from pg_stats where tablename = 'ty' and attname = 'v'")
    assert cur.fetchall() == [(-1.0, None)]
    conn.close()

"""Window functions (spec/07-executor.md, "Window functions"): the analyzer's
checks, the planner's WindowAgg/Sort stacking and the executor's partitions,
peer groups and frames.  Frame results are checked against a brute-force
model of the SQL standard's frame rules written independently here."""
import random

import pytest

import pgref
from pgref.errors import PgError
from pgref.executor.window import pg_qsort


@pytest.fixture(scope="module")
def cur():
    c = pgref.connect(":memory:", autocommit=True)
    cur = c.cursor()
    cur.execute("create table t (g int, x int, d date)")
    rnd = random.Random(7)
    rows = [(rnd.choice([1, 2, 3]), rnd.choice([None, 1, 2, 2, 3, 5, 8, 8, 9]), None) for _ in range(40)]
    cur.executemany("insert into t (g, x) values (%s, %s)", [r[:2] for r in rows])
    cur.execute("create table e (depname text, empno int, salary int)")
    cur.execute("insert into e values ('develop', 10, 5200), ('sales', 1, 5000), ('personnel', 5, 3500),"
                " ('sales', 4, 4800), ('personnel', 2, 3900), ('develop', 7, 4200), ('develop', 9, 4500),"
                " ('sales', 3, 4800), ('develop', 8, 6000), ('develop', 11, 5200)")
    yield cur
    c.close()


def sqlstate(cur, sql):
    with pytest.raises(Exception) as ei:
        cur.execute(sql)
    err = ei.value
    while err is not None and not isinstance(err, PgError):
        err = err.__cause__ or getattr(err, "pgerror", None)
    return getattr(ei.value, "sqlstate", None) or (err.sqlstate if err else None), str(ei.value)


def test_ranking_functions(cur):
    rows = cur.execute("select depname, empno, salary, row_number() over w, rank() over w, dense_rank() over w,"
                       " percent_rank() over w, cume_dist() over w, ntile(3) over w from e"
                       " window w as (partition by depname order by salary) order by depname, salary, empno"
                       ).fetchall()
    develop = [r for r in rows if r[0] == "develop"]
    assert [r[4] for r in develop] == [1, 2, 3, 3, 5]          # rank skips after ties
    assert [r[5] for r in develop] == [1, 2, 3, 3, 4]          # dense_rank does not
    assert sorted(r[3] for r in develop) == [1, 2, 3, 4, 5]
    assert [r[6] for r in develop] == [0.0, 0.25, 0.5, 0.5, 1.0]
    assert [r[7] for r in develop] == [0.2, 0.4, 0.8, 0.8, 1.0]
    assert [r[8] for r in develop] == [1, 1, 2, 2, 3]          # 5 rows in 3 buckets: 2, 2, 1


def test_lag_lead_first_last_nth(cur):
    rows = cur.execute("select empno, lag(empno) over w, lead(empno, 2, -1) over w, lag(empno, -1) over w,"
                       " first_value(empno) over w, last_value(empno) over w, nth_value(empno, 2) over w"
                       " from e window w as (order by empno rows between 1 preceding and 1 following)").fetchall()
    assert rows[0] == (1, None, 3, 2, 1, 2, 2)
    assert rows[-1] == (11, 10, -1, None, 10, 11, 11)
    assert rows[4] == (5, 4, 8, 7, 4, 7, 5)


def _frame_model(vals, groups_of, i, mode, start, end, exclude):
    """The rows in row i's frame, straight from the definitions."""
    n = len(vals)

    def pos_ok(j, bound, is_start):
        kind, k = bound
        if kind == "unbounded":
            return True
        if mode == "rows":
            ref = i + (k if kind == "following" else -k if kind == "preceding" else 0)
            return j >= ref if is_start else j <= ref
        if mode == "groups":
            ref = groups_of[i] + (k if kind == "following" else -k if kind == "preceding" else 0)
            return groups_of[j] >= ref if is_start else groups_of[j] <= ref
        # range over non-null integers, ascending
        if kind == "current":
            return vals[j] >= vals[i] if is_start else vals[j] <= vals[i]
        ref = vals[i] + (k if kind == "following" else -k)
        return vals[j] >= ref if is_start else vals[j] <= ref

    out = [j for j in range(n) if pos_ok(j, start, True) and pos_ok(j, end, False)]
    if exclude == "current row":
        out = [j for j in out if j != i]
    elif exclude == "group":
        out = [j for j in out if groups_of[j] != groups_of[i]]
    elif exclude == "ties":
        out = [j for j in out if groups_of[j] != groups_of[i] or j == i]
    return out


BOUNDS = [("unbounded", 0), ("preceding", 2), ("preceding", 1), ("current", 0), ("following", 1),
          ("following", 3)]


def _sql_bound(b, is_start):
    kind, k = b
    if kind == "unbounded":
        return "unbounded preceding" if is_start else "unbounded following"
    if kind == "current":
        return "current row"
    return f"{k} {kind}"


@pytest.mark.parametrize("mode", ["rows", "range", "groups"])
def test_frames_match_model(cur, mode):
    cur.execute("select x from t where x is not null order by x")
    vals = [r[0] for r in cur.fetchall()]
    distinct = sorted(set(vals))
    groups_of = [distinct.index(v) for v in vals]
    rnd = random.Random(mode)
    checked = 0
    for si, s in enumerate(BOUNDS):
        for e in BOUNDS[si:]:
            if s[0] == "following" and e[0] in ("preceding", "current"):
                continue
            if s[0] == "current" and e[0] == "preceding":
                continue
            exclude = rnd.choice(["no others", "current row", "group", "ties"])
            sql = (f"select x, sum(x) over w, count(*) over w, first_value(x) over w, last_value(x) over w"
                   f" from (select x from t where x is not null order by x) s"
                   f" window w as (order by x {mode} between {_sql_bound(s, True)} and {_sql_bound(e, False)}"
                   f" exclude {exclude})")
            got = cur.execute(sql).fetchall()
            assert [r[0] for r in got] == vals
            for i, r in enumerate(got):
                frame = _frame_model(vals, groups_of, i, mode, s, e, exclude)
                want_sum = sum(vals[j] for j in frame) if frame else None
                if mode == "rows":
                    # peers may be in any order for ROWS: compare multisets via count only
                    assert r[2] == len(frame), (sql, i)
                    continue
                assert (r[1], r[2]) == (want_sum, len(frame)), (sql, i, r, frame)
                assert r[3] == (vals[frame[0]] if frame else None)
                assert r[4] == (vals[frame[-1]] if frame else None)
            checked += 1
    assert checked > 10


def test_range_offsets_dates_and_numeric(cur):
    rows = cur.execute("select d, count(*) over (order by d range between '1 day'::interval preceding and"
                       " '1 day'::interval following) from (values (date '2024-01-01'), ('2024-01-02'),"
                       " ('2024-01-04'), (null)) v(d)").fetchall()
    assert [r[1] for r in rows] == [2, 2, 1, 1]
    rows = cur.execute("select x, sum(x) over (order by x desc range between 1.5 preceding and current row)"
                       " from (values (1.0), (2.0), (3.5)) v(x)").fetchall()
    assert [(str(a), str(b)) for a, b in rows] == [("3.5", "3.5"), ("2.0", "5.5"), ("1.0", "3.0")]


def test_aggregates_with_grouping_and_filter(cur):
    rows = cur.execute("select depname, sum(salary), rank() over (order by sum(salary) desc),"
                       " sum(sum(salary)) over (), count(*) filter (where depname <> 'sales') over ()"
                       " from e group by depname order by 1").fetchall()
    assert rows == [("develop", 25100, 1, 47100, 2), ("personnel", 7400, 3, 47100, 2),
                    ("sales", 14600, 2, 47100, 2)]


def test_running_sum_is_linear():
    c = pgref.connect(":memory:", autocommit=True)
    rows = c.cursor().execute("select sum(x) over (order by x), avg(x) over (order by x rows unbounded preceding)"
                              " from generate_series(1, 20000) x").fetchall()
    assert rows[-1][0] == 20000 * 20001 // 2
    assert rows[9][0] == 55
    c.close()


@pytest.mark.parametrize("sql,state", [
    ("select * from t where row_number() over () > 1", "42P20"),
    ("select count(*) from t group by g having rank() over () > 0", "42P20"),
    ("select rank() over (order by rank() over ()) from t", "42P20"),
    ("select sum(rank() over ()) from t", "42803"),
    ("select count(*) over w from t", "42704"),
    ("select count(*) over w from t window w as (), w as ()", "42P20"),
    ("select count(*) over (w partition by x) from t window w as (order by g)", "42P20"),
    ("select count(*) over (w order by x) from t window w as (order by g)", "42P20"),
    ("select count(*) over (w) from t window w as (order by g rows unbounded preceding)", "42P20"),
    ("select count(*) over (order by x, g range 1 preceding) from t", "42P20"),
    ("select count(*) over (groups 1 preceding) from t", "42P20"),
    ("select count(*) over (rows x preceding) from t", "42P10"),
    ("select row_number() from t", "42809"),
    ("select abs(x) over () from t", "42809"),
    ("select count(distinct x) over () from t", "0A000"),
    ("select ntile(0) over () from t", "22014"),
    ("select nth_value(x, 0) over () from t", "22016"),
    ("select sum(x) over (order by x rows -1 preceding) from t", "22013"),
    ("select sum(x) over (order by x rows null preceding) from t", "22004"),
    ("select sum(x) over (order by x range between -1 preceding and current row) from t", "22013"),
    ("select sum(x) over (order by x range between 1.5 preceding and current row) from t", "0A000"),
    ("select rank() over (order by 1), count(*) from t group by 1", "42P20"),
])
def test_errors(cur, sql, state):
    got, msg = sqlstate(cur, sql)
    assert got == state, msg


def test_pg_qsort_sorts_and_is_deterministic():
    rnd = random.Random(1)
    for n in (0, 1, 6, 7, 8, 40, 41, 300):
        data = [(rnd.randint(0, 5), k) for k in range(n)]
        a = list(data)
        pg_qsort(a, lambda x, y: (x[0] > y[0]) - (x[0] < y[0]))
        assert [x[0] for x in a] == sorted(x[0] for x in data)
        b = list(data)
        pg_qsort(b, lambda x, y: (x[0] > y[0]) - (x[0] < y[0]))
        assert a == b


def test_peer_order_matches_postgresql(cur):
    # PostgreSQL 15 gives exactly this order (its quicksort is not stable)
    rows = cur.execute("select depname, empno, salary, rank() over w from e window w as (partition by depname"
                       " order by salary) order by rank() over w").fetchall()
    assert [r[1] for r in rows] == [7, 5, 3, 4, 2, 9, 1, 11, 10, 8]


@pytest.mark.parametrize("frame", [
    "rows between 2 preceding and 1 following", "rows between current row and unbounded following",
    "rows between 1 following and 3 following", "range between 2 preceding and 2 following",
    "groups between 1 preceding and current row", "rows between 3 preceding and 1 preceding"])
def test_moving_aggregates_match_recomputation(frame):
    """sum/avg/count with an inverse transition function (moving aggregation)
    give what aggregating each frame afresh gives (string_agg has no inverse)."""
    c = pgref.connect(":memory:", autocommit=True)
    cur = c.cursor()
    cur.execute("create table m (i int, x int, iv interval)")
    rnd = random.Random(frame)
    cur.executemany("insert into m values (%s, %s, %s)",
                    [(i, rnd.choice([None, 1, 2, 5, 10]), rnd.choice([None, "1 day", "2 hours"]))
                     for i in range(60)])
    rows = cur.execute(f"select sum(x) over w, avg(x) over w, count(x) over w, count(*) over w, sum(iv) over w,"
                       f" string_agg(x::text, ',') over w from m window w as (order by i {frame})").fetchall()
    for r in rows:
        parts = [int(p) for p in r[5].split(",")] if r[5] else []
        assert r[0] == (sum(parts) if parts else None)
        assert r[2] == len(parts)
        if parts:
            assert abs(float(r[1]) - sum(parts) / len(parts)) < 1e-9
    c.close()

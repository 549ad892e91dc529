"""Ordered-set and hypothetical-set aggregates, ``agg(direct) WITHIN GROUP
(ORDER BY ...)`` (spec/07-executor.md, "Ordered-set aggregates"): results
and errors as PostgreSQL 15 gives them (values checked against a real
server), deparsing, and property tests of percentile_disc / percentile_cont
/ rank / cume_dist against small Python models."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pgref


@pytest.fixture(scope="module")
def cur():
    c = pgref.connect(":memory:", autocommit=True)
    yield c.cursor()
    c.close()


def rows(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def error(cur, sql):
    with pytest.raises(Exception) as ei:
        cur.execute(sql)
    return ei.value


SEVEN = "(values (1),(1),(2),(2),(3),(3),(4)) v(x)"


def test_percentiles(cur):
    assert rows(cur, "select percentile_cont(0.5) within group (order by x) from generate_series(1,4) x") == [(2.5,)]
    assert rows(cur, "select percentile_disc(0.5) within group (order by x) from generate_series(1,4) x") == [(2,)]
    assert rows(cur, "select p, percentile_cont(p) within group (order by x::float8) from generate_series(1,5) x, "
                     "(values (0::float8),(0.1),(0.25),(1)) v(p) group by p order by p") == \
        [(0.0, 1.0), (0.1, 1.4), (0.25, 2.0), (1.0, 5.0)]
    arr = rows(cur, "select percentile_disc(array[0.25,0.5,0.75]) within group (order by x) from "
                    "unnest('{fred,jim,fred,jack,jill,fred,jill,jim,jim,sheila,jim,sheila}'::text[]) u(x)")[0][0]
    assert arr.elements == ["fred", "jill", "jim"]
    arr = rows(cur, "select percentile_cont(array[0,1,0.25,0.75,0.5]) within group (order by x) "
                    "from generate_series(1,6) x")[0][0]
    assert arr.elements == [1, 6, 2.25, 4.75, 3.5]


def test_interval_and_mode(cur):
    iv = rows(cur, "select percentile_cont(0.25) within group (order by x)::text "
                   "from (values ('1 day'::interval),('3 days')) v(x)")
    assert iv == [("1 day 12:00:00",)]
    assert rows(cur, "select mode() within group (order by x) from (values (1),(2),(2),(null),(null),(null)) v(x)") \
        == [(2,)]


def test_empty_input(cur):
    assert rows(cur, "select percentile_disc(0.5) within group (order by x), "
                     "percent_rank(0) within group (order by x), rank(7) within group (order by x) "
                     "from generate_series(1,0) x") == [(None, 0.0, 1)]


def test_hypothetical(cur):
    assert rows(cur, f"select rank(3) within group (order by x), dense_rank(3) within group (order by x), "
                     f"cume_dist(3) within group (order by x) from {SEVEN}") == [(5, 3, 0.875)]
    assert rows(cur, "select percent_rank(3) within group (order by x) "
                     "from (values (1),(1),(2),(2),(3),(3),(4),(5)) v(x)") == [(0.5,)]
    # NULLs are sorted like any value, per NULLS FIRST / LAST
    assert rows(cur, "select rank(null::int) within group (order by x nulls first), "
                     "rank(null::int) within group (order by x) from (values (1),(null)) v(x)") == [(1, 2)]
    # the unknown literal takes the ordering column's type
    assert rows(cur, "select rank('3') within group (order by x) from generate_series(1,5) x") == [(3,)]


def test_direct_args_use_group_values(cur):
    assert rows(cur, "select grouping(a), a, rank(a) within group (order by b nulls first), "
                     "rank(a) within group (order by b nulls last) "
                     "from (values (1,1),(1,4),(1,5),(3,1),(3,2)) v(a,b) group by rollup (a) order by a") == \
        [(0, 1, 1, 1), (0, 3, 3, 3), (1, None, 1, 6)]


def test_errors(cur):
    e = error(cur, "select percentile_cont(1.5) within group (order by x) from generate_series(1,4) x")
    assert e.sqlstate == "22003" and str(e).startswith("percentile value 1.5 is not between 0 and 1")
    e = error(cur, "select rank(3) within group (order by x) from (values ('fred'),('jim')) v(x)")
    assert e.sqlstate == "42804" and "WITHIN GROUP types text and integer cannot be matched" in str(e)
    e = error(cur, "select rank(3) within group (order by a, b) from (values (1, 2)) v(a, b)")
    assert e.sqlstate == "42883" and "function rank(integer, integer, integer) does not exist" in str(e)
    assert "(here 1) must match the number of ordering columns (here 2)" in e.pgerror.hint
    e = error(cur, "select percentile_disc(0.5, 1) within group (order by x) from generate_series(1,5) x")
    assert e.sqlstate == "42883"
    e = error(cur, "select rank(x) within group (order by x) from generate_series(1,5) x")
    assert e.sqlstate == "42803" and e.pgerror.detail == \
        "Direct arguments of an ordered-set aggregate must use only grouped columns."
    e = error(cur, "select rank(sum(x)) within group (order by x) from generate_series(1,5) x")
    assert e.sqlstate == "42803" and "cannot be nested" in str(e)
    e = error(cur, "select array(select percentile_disc(a) within group (order by x) "
                   "from (values (0.3),(0.7)) v(a) group by a) from generate_series(1,5) g(x)")
    assert "outer-level aggregate cannot contain a lower-level variable in its direct arguments" in str(e)
    e = error(cur, "select sum() within group (order by x) from generate_series(1,5) x")
    assert "sum is not an ordered-set aggregate, so it cannot have WITHIN GROUP" in str(e)
    e = error(cur, "select percentile_cont(0.5, x) from generate_series(1,5) x")
    assert "WITHIN GROUP is required for ordered-set aggregate percentile_cont" in str(e)


def test_deparse_and_explain(cur):
    cur.execute("create table osa_t (a int, b text, c int)")
    cur.execute("insert into osa_t values (1,'x',1),(2,'y',1),(3,'z',2)")
    cur.execute("create view osa_v as select c, percentile_disc(0.5) within group (order by a) as p50, "
                "percentile_disc(0.5) within group (order by a) filter (where a > 1) as px, "
                "rank(5, 'AZZZZ', 50) within group (order by a, b desc, a), mode() within group (order by b) "
                "from osa_t group by c order by c")
    text = rows(cur, "select pg_get_viewdef('osa_v')")[0][0]
    assert "percentile_disc((0.5)::double precision) WITHIN GROUP (ORDER BY osa_t.a) AS p50" in text
    assert "WITHIN GROUP (ORDER BY osa_t.a) FILTER (WHERE (osa_t.a > 1)) AS px" in text
    assert "rank(5, 'AZZZZ'::text, 50) WITHIN GROUP (ORDER BY osa_t.a, osa_t.b DESC, osa_t.a) AS rank" in text
    assert "mode() WITHIN GROUP (ORDER BY osa_t.b) AS mode" in text
    assert rows(cur, "select * from osa_v") == [(1, 1, 2, 3, "x"), (2, 3, 3, 2, "z")]
    plan = [r[0] for r in rows(cur, "explain (verbose, costs off) select c, percentile_cont(0.5) "
                                    "within group (order by a) from osa_t group by c")]
    assert plan[1] == ("  Output: c, percentile_cont('0.5'::double precision) WITHIN GROUP "
                       "(ORDER BY ((a)::double precision))")


def test_user_defined_ordered_set(cur):
    cur.execute("create aggregate my_pdisc(float8 order by anyelement) (stype = internal, "
                "sfunc = ordered_set_transition, finalfunc = percentile_disc_final, finalfunc_extra = true, "
                "finalfunc_modify = read_write)")
    cur.execute('create aggregate my_rank(variadic "any" order by variadic "any") (stype = internal, '
                "sfunc = ordered_set_transition_multi, finalfunc = rank_final, finalfunc_extra = true, "
                "hypothetical)")
    assert rows(cur, "select my_pdisc(0.5) within group (order by x) from generate_series(1,10) x") == [(5,)]
    assert rows(cur, f"select my_rank(3) within group (order by x) from {SEVEN}") == [(5,)]


# ---- properties against Python models --------------------------------------------

def _values_sql(vals):
    return "(values " + ",".join(f"({v}::float8)" if v is not None else "(null::float8)" for v in vals) + ") v(x)"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-50, 50)), min_size=1, max_size=12),
       st.sampled_from([0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]))
def test_percentile_model(cur, vals, p):
    got = rows(cur, f"select percentile_disc({p}) within group (order by x), "
                    f"percentile_cont({p}) within group (order by x) from {_values_sql(vals)}")[0]
    s = sorted(v for v in vals if v is not None)
    if not s:
        assert got == (None, None)
        return
    disc = s[max(math.ceil(p * len(s)), 1) - 1]
    lo, hi = math.floor(p * (len(s) - 1)), math.ceil(p * (len(s) - 1))
    cont = s[lo] + (s[hi] - s[lo]) * (p * (len(s) - 1) - lo)
    assert got[0] == disc
    assert got[1] == pytest.approx(cont)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=12), st.integers(0, 6))
def test_hypothetical_model(cur, vals, h):
    src = "(values " + ",".join(f"({v})" for v in vals) + ") v(x)" if vals else \
        "(select 1 as x where false) v"
    got = rows(cur, f"select rank({h}) within group (order by x), dense_rank({h}) within group (order by x), "
                    f"percent_rank({h}) within group (order by x), cume_dist({h}) within group (order by x) "
                    f"from {src}")[0]
    below = sum(1 for v in vals if v < h)
    rank = below + 1
    dense = len({v for v in vals if v < h}) + 1
    pr = below / len(vals) if vals else 0.0
    cd = (sum(1 for v in vals if v <= h) + 1) / (len(vals) + 1)
    assert got == (rank, dense, pytest.approx(pr), pytest.approx(cd))

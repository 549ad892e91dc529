"""Assignment to array elements, slices and composite fields (spec/07-executor.md,
"Assignment to subscripts and fields"): array_set_element / array_set_slice
semantics checked directly and against a small list model, and the analyzer's
nesting of several assignments to one column, through SQL."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pgref
from pgref.errors import PgError
from pgref.executor.assign import array_set_element, array_set_slice
from pgref.types.values import PgArray


@pytest.fixture()
def cur():
    c = pgref.connect(":memory:", autocommit=True)
    yield c.cursor()
    c.close()


def one(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def sqlstate(cur, sql):
    with pytest.raises(Exception) as ei:
        cur.execute(sql)
    err = ei.value
    while err is not None and not isinstance(err, PgError):
        err = err.__cause__
    return (err.sqlstate if err is not None else getattr(ei.value, "sqlstate", None)), str(ei.value)


# ---------------------------------------------------------------- array_set_element / slice
def arr(items, lb=1):
    return PgArray(list(items), [len(items)] if items else [], [lb] if items else [], 23)


def test_set_element_grows_both_ways():
    a = array_set_element(arr([1, 2]), [4], 9)
    assert (a.elements, a.dims, a.lbounds) == ([1, 2, None, 9], [4], [1])
    b = array_set_element(arr([1, 2]), [-1], 0)
    assert (b.elements, b.dims, b.lbounds) == ([0, None, 1, 2], [4], [-1])


def test_set_element_empty_and_multidim():
    a = array_set_element(arr([]), [2, 3], 4)
    assert (a.elements, a.dims, a.lbounds) == ([4], [1, 1], [2, 3])
    m = PgArray([1, 2, 3, 4], [2, 2], [1, 1], 23)
    assert array_set_element(m, [2, 1], 30).elements == [1, 2, 30, 4]
    assert m.elements == [1, 2, 3, 4]           # the input is never modified
    with pytest.raises(PgError, match="array subscript out of range"):
        array_set_element(m, [3, 1], 0)
    with pytest.raises(PgError, match="wrong number of array subscripts"):
        array_set_element(m, [1], 0)


def test_set_slice_rules():
    assert array_set_slice(arr([1, 2, 3]), [(2, 3, True)], None).elements == [1, 2, 3]
    s = array_set_slice(arr([1, 2, 3]), [(None, 2, True)], arr([7, 8, 9]))
    assert s.elements == [7, 8, 3]
    e = array_set_slice(arr([]), [(2, 3, True)], arr([1, 2, 3]))
    assert (e.elements, e.dims, e.lbounds) == ([1, 2], [2], [2])
    with pytest.raises(PgError, match="must provide both boundaries") as ei:
        array_set_slice(arr([]), [(2, None, True)], arr([1]))
    assert ei.value.detail.startswith("When assigning to a slice of an empty array value")
    with pytest.raises(PgError, match="source array too small"):
        array_set_slice(arr([1, 2, 3]), [(1, 3, True)], arr([1]))
    with pytest.raises(PgError, match="upper bound cannot be less than lower bound"):
        array_set_slice(arr([1, 2, 3]), [(3, 2, True)], arr([1]))
    m = PgArray([1, 2, 3, 4], [2, 2], [1, 1], 23)
    assert array_set_slice(m, [(None, 2, True)], arr([5, 6, 7, 8])).elements == [5, 6, 7, 8]
    assert array_set_slice(m, [(1, 2, True), (None, 2, False)], arr([5, 6, 7, 8])).elements == [5, 6, 7, 8]
    with pytest.raises(PgError, match="array subscript out of range"):
        array_set_slice(m, [(1, 3, True)], arr([0] * 9))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 9), max_size=6), st.integers(-3, 3),
       st.integers(-4, 10), st.integers(0, 4), st.lists(st.integers(10, 19), min_size=5, max_size=5))
def test_one_dim_slice_matches_model(items, lb, lo, width, src):
    """A 1-D slice assignment equals: pad the array with NULLs to cover
    lo..hi, then overwrite lo..hi with the source's leading elements."""
    a = arr(items, lb)
    hi = lo + width
    if not items:
        got = array_set_slice(a, [(lo, hi, True)], arr(src))
        assert (got.elements, got.dims, got.lbounds) == (src[:width + 1], [width + 1], [lo])
        return
    model = {lb + k: v for k, v in enumerate(items)}
    for k in range(width + 1):
        model[lo + k] = src[k]
    first, last = min(model), max(model)
    got = array_set_slice(a, [(lo, hi, True)], arr(src))
    assert got.lbounds == [first] and got.dims == [last - first + 1]
    assert got.elements == [model.get(i) for i in range(first, last + 1)]


# ---------------------------------------------------------------- through SQL
def test_update_elements_slices_and_fields(cur):
    cur.execute("create type cpx as (r float8, i float8)")
    cur.execute("create table t (id int, a int[], c cpx, ca cpx[])")
    cur.execute("insert into t (id, a[2], c.r) values (1, 5, 1.5)")
    assert one(cur, "select a::text, c::text from t") == [("[2:2]={5}", "(1.5,)")]
    cur.execute("update t set a[1] = 1, a[3:4] = '{3,4}', c.i = 2, ca[2].r = 9")
    assert one(cur, "select a::text, c::text, ca::text from t") == [("{1,5,3,4}", "(1.5,2)", '[2:2]={"(9,)"}')]
    # several parts of one column, applied left to right
    cur.execute("update t set a[1] = 10, a[1] = a[1] + 100, ca[2].i = 1, ca[2].r = ca[2].i")
    # right-hand sides see the old row: ca[2].i was NULL
    assert one(cur, "select a::text, ca::text from t") == [("{101,5,3,4}", '[2:2]={"(,1)"}')]


def test_insert_parts_multirow_and_select(cur):
    cur.execute("create table t (a text[], b int)")
    cur.execute("insert into t (a[2], b, a[1]) values ('x', 1, 'y'), ('p', 2, 'q')")
    cur.execute("insert into t (a[3], b) select 'z', 3")
    assert one(cur, "select a::text, b from t order by b") == [("{y,x}", 1), ("{q,p}", 2), ("[3:3]={z}", 3)]


def test_errors(cur):
    cur.execute("create type cpx as (r float8, i float8)")
    cur.execute("create table t (a int[], c cpx, n int)")
    cur.execute("insert into t values ('{1}', null, 1)")
    assert sqlstate(cur, "update t set a[null] = 1") == ("22004", "array subscript in assignment must not be null")
    state, msg = sqlstate(cur, "update t set a[1] = 'x'::text")
    assert state == "42804" and 'subscripted assignment to "a" requires type integer' in msg
    state, msg = sqlstate(cur, "update t set c.r = 'x'::text")
    assert state == "42804" and 'subfield "r" is of type double precision but expression is of type text' in msg
    assert sqlstate(cur, "update t set c.q = 1")[0] == "42703"
    assert sqlstate(cur, "update t set n.q = 1")[0] == "42804"
    assert sqlstate(cur, "update t set n[1] = 1")[0] == "42804"
    assert sqlstate(cur, "update t set a[1] = 1, a = '{}'") == ("42601", 'multiple assignments to same column "a"')
    assert sqlstate(cur, "update t set a[1] = default")[0] == "0A000"
    assert sqlstate(cur, "insert into t (a, a[1]) values ('{}', 1)")[0] == "42701"
    assert sqlstate(cur, "update t set a[1][1] = 1")[0] == "2202E"


def test_domains_checked_after_all_parts(cur):
    cur.execute("create domain short_arr as int[] check (array_length(value, 1) <= 2)")
    cur.execute("create table t (a short_arr)")
    cur.execute("insert into t values ('{1}')")
    cur.execute("update t set a[2] = 2")
    assert sqlstate(cur, "update t set a[3] = 3")[0] == "23514"
    assert one(cur, "select a::text from t") == [("{1,2}",)]


def test_update_set_row_of_star(cur):
    cur.execute("create table t (a int, b int)")
    cur.execute("insert into t values (1, 2)")
    cur.execute("update t set (a, b) = row(v.*) from (values (10, 20)) as v(i, j)")
    assert one(cur, "select a, b from t") == [(10, 20)]
    state, msg = sqlstate(cur, "update t set a = v.* from (values (1, 2)) as v(i, j)")
    assert state == "42804" and "expression is of type record" in msg

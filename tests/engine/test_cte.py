"""WITH queries (spec/07-executor.md, "WITH queries"): recursion order and
well-formedness checks, SEARCH/CYCLE, type rules of recursive items,
data-modifying WITH, and the money type that the regression test sums."""
import pytest

import pgref
from pgref.errors import PgError


@pytest.fixture(scope="module")
def cur():
    c = pgref.connect(":memory:", autocommit=True)
    cur = c.cursor()
    cur.execute("create table graph (f int, t int, label text)")
    cur.execute("insert into graph values (1,2,'arc 1 -> 2'),(1,3,'arc 1 -> 3'),(2,3,'arc 2 -> 3'),"
                "(1,4,'arc 1 -> 4'),(4,5,'arc 4 -> 5'),(5,1,'arc 5 -> 1')")
    yield cur
    c.close()


def error(cur, sql):
    with pytest.raises(Exception) as ei:
        cur.execute(sql)
    err = getattr(ei.value, "pgerror", None)
    assert isinstance(err, PgError), ei.value
    return err


def rows(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def test_union_deduplicates_and_union_all_does_not(cur):
    assert rows(cur, "with recursive t(n) as (values (1) union select n % 3 + 1 from t) "
                     "select n from t order by n") == [(1,), (2,), (3,)]
    assert rows(cur, "with recursive t(n) as (values (1) union all select n + 1 from t where n < 5) "
                     "select sum(n) from t") == [(15,)]


def test_items_are_reordered_and_mutual_recursion_rejected(cur):
    assert rows(cur, "with recursive a(x) as (select y + 1 from b), b(y) as (values (1)) "
                     "select * from a") == [(2,)]
    err = error(cur, "with recursive x(id) as (select 1 union all select id+1 from y where id < 5), "
                     "y(id) as (select 1 union all select id+1 from x where id < 5) select * from x")
    assert err.sqlstate == "0A000"
    assert err.message == "mutual recursion between WITH items is not implemented"


@pytest.mark.parametrize("sql, message", [
    ("with recursive x(n) as (select n from x union select 1) select * from x",
     'recursive reference to query "x" must not appear within its non-recursive term'),
    ("with recursive x(n) as (select 1 union all select n+1 from x where n in (select * from x)) select * from x",
     'recursive reference to query "x" must not appear within a subquery'),
    ("with recursive x(n) as (select 1 union all select x.n+1 from graph left join x on x.n = graph.f) "
     "select * from x", 'recursive reference to query "x" must not appear within an outer join'),
    ("with recursive x(n) as (values (1) union all (select n+1 from x except select n+1 from x)) "
     "select * from x", 'recursive reference to query "x" must not appear within EXCEPT'),
    ("with recursive x(n) as (values (1) union all (select n+1 from x union all select n+1 from x)) "
     "select * from x", 'recursive reference to query "x" must not appear more than once'),
    ("with recursive x(n) as (select 1 union all select n+1 from x order by 1) select * from x",
     "ORDER BY in a recursive query is not implemented"),
    ("with recursive x(n) as (select 1 intersect select n from x) select * from x",
     'recursive query "x" does not have the form non-recursive-term UNION [ALL] recursive-term'),
    ("with recursive x(n) as (select 1 union all select count(*) from x) select * from x",
     "aggregate functions are not allowed in a recursive query's recursive term"),
])
def test_ill_formed_recursion(cur, sql, message):
    assert error(cur, sql).message == message


def test_recursive_column_type_must_match(cur):
    err = error(cur, "with recursive foo(i) as (select i::numeric(3,0) from (values (1)) t(i) union all "
                     "select (i+1)::numeric(10,0) from foo where i < 10) select * from foo")
    assert err.sqlstate == "42804"
    assert err.message == ('recursive query "foo" column 1 has type numeric(3,0) in non-recursive '
                           "term but type numeric overall")
    assert err.position == 34


def test_forward_reference_hint(cur):
    err = error(cur, "with a as (select * from b), b as (select 1) select * from a")
    assert err.sqlstate == "42P01"
    assert err.detail == ('There is a WITH item named "b", but it cannot be referenced from this part '
                          "of the query.")


def test_search_depth_and_breadth_first(cur):
    got = rows(cur, "with recursive s(f, t) as (select f, t from graph where f = 1 union all "
                    "select g.f, g.t from graph g, s where g.f = s.t and g.f <> 1) "
                    "search depth first by f, t set seq select f, t from s order by seq")
    assert got == [(1, 2), (2, 3), (1, 3), (1, 4), (4, 5), (5, 1)]
    got = rows(cur, "with recursive s(f, t) as (select f, t from graph where f = 1 union all "
                    "select g.f, g.t from graph g, s where g.f = s.t and g.f <> 1) "
                    "search breadth first by f, t set seq select f, t, seq::text from s order by seq")
    assert got == [(1, 2, "(0,1,2)"), (1, 3, "(0,1,3)"), (1, 4, "(0,1,4)"), (2, 3, "(1,2,3)"),
                   (4, 5, "(1,4,5)"), (5, 1, "(2,5,1)")]


def test_cycle_marks_and_stops(cur):
    got = rows(cur, "with recursive s(f, t) as (select f, t from graph union all "
                    "select g.f, g.t from graph g, s where g.f = s.t) "
                    "cycle f, t set is_cycle using path select count(*), count(*) filter (where is_cycle) from s")
    assert got == [(25, 3)]
    got = rows(cur, "with recursive s(f, t) as (select f, t from graph union all "
                    "select g.f, g.t from graph g, s where g.f = s.t) "
                    "cycle f, t set c to 'Y' default 'N' using p select distinct c from s order by c")
    assert got == [("N",), ("Y",)]


@pytest.mark.parametrize("clause, message", [
    ("search depth first by foo set seq", 'search column "foo" not in WITH query column list'),
    ("search depth first by f, f set seq", 'search column "f" specified more than once'),
    ("search depth first by f set t", 'search sequence column name "t" already used in WITH query column list'),
    ("cycle f set m to true default 55 using p", "CYCLE types boolean and integer cannot be matched"),
    ("cycle f set m using m", "cycle mark column name and cycle path column name are the same"),
    ("search depth first by f set x cycle f set x using p",
     "search sequence column name and cycle mark column name are the same"),
])
def test_search_cycle_errors(cur, clause, message):
    sql = (f"with recursive s(f, t) as (select f, t from graph union all select g.f, g.t from graph g, s "
           f"where g.f = s.t) {clause} select * from s")
    assert error(cur, sql).message == message


def test_recursive_union_needs_hashable_types(cur):
    err = error(cur, "with recursive t(n) as (values (1::money) union select n + 1::money from t "
                     "where n < 10::money) select * from t")
    assert err.sqlstate == "0A000"
    assert err.message == "could not implement recursive UNION"
    assert rows(cur, "with recursive t(n) as (values (1::money) union all select n + 1::money from t "
                     "where n < 100::money) select sum(n)::text from t") == [("$5,050.00",)]


def test_money_io_and_arithmetic(cur):
    got = rows(cur, "select '(1,234.567)'::money::text, '$12.345'::money::text, (2.5 * '0.01'::money)::text, "
                    "('10'::money / 3)::text, cash_words('1001.01'::money), '10'::money / '4'::money")
    assert got == [("-$1,234.57", "$12.35", "$0.02", "$3.33",
                    "One thousand one dollars and one cent", 2.5)]
    assert error(cur, "select 'abc'::money").sqlstate == "22P02"
    assert error(cur, "select '92233720368547758.08'::money").sqlstate == "22003"
    assert error(cur, "select '1'::money / 0").sqlstate == "22012"


def test_data_modifying_cte_runs_once(cur):
    cur.execute("create table dm (a int)")
    got = rows(cur, "with ins as (insert into dm values (1), (2) returning a) "
                    "select (select count(*) from ins), (select sum(a) from ins)")
    assert got == [(2, 3)]
    assert rows(cur, "select count(*) from dm") == [(2,)]


def test_recursive_view_and_deparse(cur):
    cur.execute("create recursive view nums (n) as values (1) union all select n+1 from nums where n < 5")
    assert rows(cur, "select * from nums") == [(1,), (2,), (3,), (4,), (5,)]
    (text,), = rows(cur, "select pg_get_viewdef('nums'::regclass)")
    assert text.lstrip().startswith("WITH RECURSIVE nums(n) AS (")


def test_with_queries_inside_recursive_term_rerun_each_iteration(cur):
    got = rows(cur, "with recursive t(n) as (select 0 union all (with inner_q as (select n + 1 as m from t) "
                    "select m from inner_q where m < 4)) select n from t")
    assert got == [(0,), (1,), (2,), (3,)]


def test_with_on_recursive_union_is_seen_by_both_terms(cur):
    got = rows(cur, "with recursive t(j) as (with recursive s(i) as (values (1) union all select i+1 from s "
                    "where i < 3) select i from s union all select j+1 from t where j < 3) select * from t")
    assert got == [(1,), (2,), (3,), (2,), (3,), (3,)]


def test_correlated_with_query_is_computed_per_outer_row(cur):
    got = rows(cur, "select (with c(foo) as (values (f1)) select (select foo from c)) "
                    "from (values (1), (2), (3)) v(f1)")
    assert got == [(1,), (2,), (3,)]


def test_main_query_does_not_see_with_modifications(cur):
    cur.execute("create table snap (a int)")
    cur.execute("insert into snap values (1), (2)")
    got = rows(cur, "with ins as (insert into snap select a + 10 from snap returning a) "
                    "select (select count(*) from snap), (select count(*) from ins)")
    assert got == [(2, 2)]
    assert rows(cur, "select count(*) from snap") == [(4,)]
    # a later item may read an earlier one's RETURNING rows, in dependency order
    cur.execute("create table snap2 (a int)")
    cur.execute("with recursive t1 as (insert into snap2 select * from t2 returning *), "
                "t2 as (delete from snap where a > 10 returning *) select 1")
    assert rows(cur, "select a from snap2 order by a") == [(11,), (12,)]


def test_statement_with_visible_in_values_and_on_conflict(cur):
    cur.execute("create table oc (k int primary key, v text)")
    cur.execute("with aa as (select 1 a, 2 b) insert into oc values (1, (select b || ' insert' from aa where a = 1)) "
                "on conflict (k) do update set v = (select b || ' update' from aa where a = 1 limit 1)")
    cur.execute("with aa as (select 1 a, 2 b) insert into oc values (1, 'x') "
                "on conflict (k) do update set v = (select b || ' update' from aa where a = 1 limit 1)")
    assert rows(cur, "select * from oc") == [(1, "2 update")]


def test_deparse_of_recursive_and_search_items(cur):
    cur.execute("create view sums as with recursive t(n) as (values (1) union all select n+1 from t where n < 3) "
                "select sum(n) from t")
    (text,), = rows(cur, "select pg_get_viewdef('sums'::regclass)")
    assert "WITH RECURSIVE t(n) AS (" in text and "VALUES (1)" in text and "FROM t t_1" in text
    assert " AS n" not in text
    cur.execute("create view vs as with recursive s(f, t) as (select f, t from graph union all "
                "select g.f, g.t from graph g, s where g.f = s.t) search depth first by f, t set seq "
                "cycle f, t set c to 'Y' default 'N' using p select f, t from s")
    (text,), = rows(cur, "select pg_get_viewdef('vs'::regclass)")
    assert ") SEARCH DEPTH FIRST BY f, t SET seq CYCLE f, t SET c TO 'Y'::text DEFAULT 'N'::text USING p" in text
    assert "TLOCRN" not in text
    cur.execute("create view arms as select 1 as a union all select 2")
    (text,), = rows(cur, "select pg_get_viewdef('arms'::regclass)")
    assert text.count("AS a") == 2

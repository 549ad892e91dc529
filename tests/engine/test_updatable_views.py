"""Automatically updatable views: INSERT / UPDATE / DELETE through a simple
view reach its base table (analyzer/viewupdate.py, spec/09-engine.md
"Updatable views", INV-ENGINE-UVIEW-1..3)."""
import pytest

import pgref
from .sqlhelp import err, rows


@pytest.fixture
def s():
    s = pgref.connect(":memory:", autocommit=True)._session
    s.execute("create table t (a int primary key, b text default 'dflt', c int)")
    s.execute("create view v as select a, b, c * 2 as c2 from t where a > 0")
    return s


def test_insert_goes_to_base_table_with_base_defaults(s):
    assert rows(s, "insert into v (a) values (2) returning *") == [(2, "dflt", None)]
    s.execute("insert into v values (1, 'one')")
    assert rows(s, "select * from t order by a") == [(1, "one", None), (2, "dflt", None)]


def test_insert_select_and_explicit_default(s):
    s.execute("insert into v (b, a) select 'x' || g, g from generate_series(1, 3) g")
    s.execute("insert into v values (9, default)")
    assert rows(s, "select a, b from t order by a") == [(1, "x1"), (2, "x2"), (3, "x3"), (9, "dflt")]


def test_insert_is_not_filtered_by_view_where(s):
    # without CHECK OPTION a row invisible through the view still goes in
    s.execute("insert into v (a) values (-1)")
    assert rows(s, "select a from t") == [(-1,)]
    assert rows(s, "select * from v") == []


def test_update_delete_see_only_view_rows(s):
    s.execute("insert into t values (-1, 'neg', 1), (1, 'p', 2), (2, 'q', 3)")
    assert rows(s, "update v set b = b || '!' returning a, b, c2") == [(1, "p!", 4), (2, "q!", 6)]
    assert rows(s, "delete from v where a = 2 returning *") == [(2, "q!", 6)]
    s.execute("delete from v")
    assert rows(s, "select a, b from t") == [(-1, "neg")]


def test_update_with_subquery_referencing_view_column(s):
    s.execute("insert into t values (1, 'a', 1), (2, 'b', 5)")
    assert rows(s, "update v set b = (select count(*) from t t2 where t2.c <= v.c2)::text "
                   "returning a, b") == [(1, "1"), (2, "2")]


def test_computed_columns_are_read_only(s):
    e = err(s, "insert into v values (3, 'x', 5)")
    assert (e.sqlstate, e.message) == ("0A000", 'cannot insert into column "c2" of view "v"')
    assert e.detail == "View columns that are not columns of their base relation are not updatable."
    e = err(s, "update v set c2 = 3")
    assert (e.sqlstate, e.message) == ("0A000", 'cannot update column "c2" of view "v"')


@pytest.mark.parametrize("query,detail", [
    ("select a, count(*) from t group by a", "Views containing GROUP BY are not automatically updatable."),
    ("select distinct a from t", "Views containing DISTINCT are not automatically updatable."),
    ("select a from t limit 1", "Views containing LIMIT or OFFSET are not automatically updatable."),
    ("select a from t union select a from t",
     "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable."),
    ("select t1.a from t t1, t t2",
     "Views that do not select from a single table or view are not automatically updatable."),
    ("select 1 as one", "Views that do not select from a single table or view are not automatically updatable."),
    ("select count(*) from t", "Views that return aggregate functions are not automatically updatable."),
    ("select a + 1 as x from t", "Views that have no updatable columns are not automatically updatable."),
])
def test_not_updatable_views(s, query, detail):
    s.execute(f"create view w as {query}")
    e = err(s, "insert into w values (1)")
    assert (e.sqlstate, e.message, e.detail) == ("55000", 'cannot insert into view "w"', detail)
    assert e.hint == ("To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an "
                      "unconditional ON INSERT DO INSTEAD rule.")
    if "+" not in query:
        e = err(s, "delete from w")
        assert (e.sqlstate, e.message, e.detail) == ("55000", 'cannot delete from view "w"', detail)


def test_delete_ignores_column_checks(s):
    # DELETE does not check the columns (view_query_is_auto_updatable(check_cols=false))
    s.execute("insert into t values (1, 'a', 1)")
    s.execute("create view w as select a + 1 as x from t")
    s.execute("delete from w where x = 2")
    assert rows(s, "select count(*) from t") == [(0,)]
    e = err(s, "update w set x = 1")
    assert e.message == 'cannot update view "w"'
    assert e.hint.startswith("To enable updating the view, provide an INSTEAD OF UPDATE trigger")


def test_nested_views(s):
    s.execute("create view vv as select b as bb, a from v where a < 100")
    assert rows(s, "insert into vv values ('n', 5) returning *") == [("n", 5)]
    s.execute("insert into t values (200, 'big', 0)")
    assert rows(s, "update vv set bb = 'z' returning *") == [("z", 5)]
    assert rows(s, "select a, b from t order by a") == [(5, "z"), (200, "big")]


def test_view_column_default_takes_precedence(s):
    s.execute("alter view v alter column b set default 'vdef'")
    assert rows(s, "insert into v (a) values (7) returning b") == [("vdef",)]
    assert rows(s, "insert into t (a) values (8) returning b") == [("dflt",)]


def test_whole_row_reference_returns_view_row(s):
    s.execute("insert into t values (1, 'a', 3)")
    r = rows(s, "update v set b = 'q' returning v")
    assert tuple(r[0][0].values) == (1, "q", 6)


def test_on_conflict_through_view(s):
    s.execute("create view vr as select b as bb, a as aa, c + 1 as c1 from t where a > 0")
    assert rows(s, "insert into vr (aa, bb) values (1, 'x') on conflict (aa) do update "
                   "set bb = excluded.bb || vr.bb returning *") == [("x", 1, None)]
    assert rows(s, "insert into vr (aa, bb) values (1, 'y') on conflict (aa) do update "
                   "set bb = excluded.bb || vr.bb returning *") == [("yx", 1, None)]
    assert rows(s, "insert into vr (aa, bb) values (1, 'z') on conflict (aa) do nothing returning *") == []
    e = err(s, "insert into vr (aa, bb) values (1, 'z') on conflict (bb) do nothing")
    assert e.sqlstate == "42P10"
    e = err(s, "insert into vr (aa) values (1) on conflict (aa) do update set c1 = 1")
    assert e.message == 'cannot insert into column "c1" of view "vr"'


def test_local_check_option(s):
    s.execute("create view vc as select b as bb, a as aa from t where a > 0 with local check option")
    e = err(s, "insert into vc values ('x', -1)")
    assert (e.sqlstate, e.message, e.detail) == ("44000", 'new row violates check option for view "vc"',
                                                 "Failing row contains (-1, x, null).")
    s.execute("insert into vc values ('x', 1)")
    assert err(s, "update vc set aa = -aa").sqlstate == "44000"
    assert err(s, "update vc set aa = (select -1)").sqlstate == "44000"
    assert rows(s, "update vc set bb = 'y' returning *") == [("y", 1)]
    # a view above without its own option: only vc's qual is checked
    s.execute("create view vc2 as select * from vc where aa < 10")
    s.execute("insert into vc2 values ('z', 20)")
    assert err(s, "insert into vc2 values ('z', -2)").message == 'new row violates check option for view "vc"'
    s.execute("delete from vc2")           # DELETE checks nothing
    assert rows(s, "select a from t") == [(20,)]


def test_cascaded_check_option_reaches_views_below(s):
    s.execute("create view v0 as select * from t where a > 0")
    s.execute("create view wl as select * from v0 where a < 10 with local check option")
    s.execute("create view wc as select * from v0 where a < 10 with cascaded check option")
    assert rows(s, "insert into wl values (-5) returning a") == [(-5,)]
    assert err(s, "insert into wl values (50)").message == 'new row violates check option for view "wl"'
    # the innermost failing view is reported
    assert err(s, "insert into wc values (-6)").message == 'new row violates check option for view "v0"'
    assert err(s, "insert into wc values (60)").message == 'new row violates check option for view "wc"'
    s.execute("insert into t values (3)")
    e = err(s, "insert into wc values (3) on conflict (a) do update set a = 70")
    assert e.message == 'new row violates check option for view "wc"'


def test_updatability_in_catalog_functions(s):
    s.execute("create view w as select a + 1 as x from t")
    s.execute("create view g as select count(*) from t")
    assert rows(s, "select pg_relation_is_updatable('v'::regclass, false), "
                   "pg_relation_is_updatable('w'::regclass, false), pg_relation_is_updatable('g'::regclass, true), "
                   "pg_column_is_updatable('v'::regclass, 3::int2, false), "
                   "pg_column_is_updatable('v'::regclass, 1::int2, false)") == [(28, 16, 0, False, True)]
    assert rows(s, "select table_name, is_updatable, is_insertable_into from information_schema.views "
                   "order by 1") == [("g", "NO", "NO"), ("v", "YES", "YES"), ("w", "NO", "NO")]
    assert rows(s, "select column_name, is_updatable from information_schema.columns where table_name = 'v' "
                   "order by ordinal_position") == [("a", "YES"), ("b", "YES"), ("c2", "NO")]


def test_nested_view_over_instead_trigger_view(s):
    s.execute("create table log (a int)")
    s.execute("create view tv as select a from t offset 0")
    s.execute("create function tv_ins() returns trigger language plpgsql as "
              "$$ begin insert into log values (new.a * 10); return new; end $$")
    s.execute("create trigger tv_ins instead of insert on tv for each row execute function tv_ins()")
    s.execute("create view tv2 as select a from tv where a < 100")
    s.execute("insert into tv2 values (4)")
    assert rows(s, "select * from log") == [(40,)]
    assert rows(s, "select count(*) from t") == [(0,)]


def test_own_default_on_computed_column_is_a_write(s):
    s.execute("alter view v alter column c2 set default 0")
    e = err(s, "insert into v (a) values (4)")
    assert e.message == 'cannot insert into column "c2" of view "v"'


def test_on_conflict_set_of_computed_column_message(s):
    e = err(s, "insert into v (a) values (1) on conflict (a) do update set c2 = 1")
    assert e.message == 'cannot insert into column "c2" of view "v"'


def test_update_set_default_on_view_column(s):
    # UPDATE ... SET c = DEFAULT: the view column's own default, else NULL
    # (not the base column's, unlike INSERT) -- rewriteTargetListIU
    s.execute("insert into t values (1, 'one', 1)")
    assert rows(s, "update v set b = default returning b") == [(None,)]
    s.execute("alter view v alter column b set default 'vd'")
    assert rows(s, "update v set b = default returning b") == [("vd",)]
    s.execute("create view v3 as select a, b from v")
    assert rows(s, "update v3 set b = default returning b") == [(None,)]
    assert rows(s, "insert into v3 (a) values (2) returning b") == [("vd",)]

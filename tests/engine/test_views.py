"""Views: the stored analyzed query, dependencies, options and
pg_get_viewdef (engine/viewcmds.py, spec/09-engine.md "Views")."""

import pgref
from .sqlhelp import err, rows


def viewdef(s, name):
    return rows(s, f"select pg_get_viewdef('{name}', true)")[0][0]


def test_rename_table_under_view_keeps_it_working(s):
    s.execute("create table tt1 (f1 int, f2 int, f3 text)")
    s.execute("create table tx1 (x1 int, x2 int, x3 text)")
    s.execute("create view v as select * from tt1 a1 where exists (select 1 from tx1 where a1.f1 = tx1.x1)")
    s.execute("insert into tt1 values (1, 2, 'a')")
    s.execute("insert into tx1 values (1, 2, 'b')")
    s.execute("alter table tx1 rename to a1")
    assert rows(s, "select * from v") == [(1, 2, "a")]
    assert viewdef(s, "v") == (" SELECT a1.f1,\n    a1.f2,\n    a1.f3\n   FROM tt1 a1\n"
                               "  WHERE (EXISTS ( SELECT 1\n           FROM a1 a1_1\n"
                               "          WHERE a1.f1 = a1_1.x1));")


def test_star_is_expanded_once_and_columns_follow_renames(s):
    s.execute("create table t (a int, b int)")
    s.execute("create view v as select * from t")
    s.execute("alter table t add column c int")
    s.execute("alter table t rename column b to bb")
    s.execute("insert into t values (1, 2, 3)")
    assert rows(s, "select * from v") == [(1, 2)]
    assert viewdef(s, "v") == " SELECT t.a,\n    t.bb AS b\n   FROM t;"


def test_column_level_dependencies(s):
    s.execute("create table t (a int, b int, c int)")
    s.execute("create view v as select a, b from t")
    s.execute("alter table t drop column c")            # not used by the view
    e = err(s, "alter table t drop column b")
    assert e.sqlstate == "2BP01"
    assert e.message == "cannot drop column b of table t because other objects depend on it"
    assert e.detail == "view v depends on column b of table t"


def test_primary_key_functional_dependency_is_recorded(s):
    s.execute("create table b (key int primary key, data varchar(20))")
    s.execute("create view kv as select * from b group by key")
    e = err(s, "alter table b drop constraint b_pkey")
    assert e.message == "cannot drop constraint b_pkey on table b because other objects depend on it"
    assert e.detail == "view kv depends on constraint b_pkey on table b"
    s.execute("create view kv2 as select from b group by key having length(data) > 0")


def test_create_or_replace_column_checks(s):
    s.execute("create table t (a int, c numeric(10,1), d text collate \"C\")")
    s.execute("create view v as select * from t")
    assert err(s, "create or replace view v as select a, c from t").message == "cannot drop columns from view"
    e = err(s, "create or replace view v as select a as x, c, d from t")
    assert e.message == 'cannot change name of view column "a" to "x"'
    e = err(s, "create or replace view v as select a, c::numeric(10,2), d from t")
    assert e.message == 'cannot change data type of view column "c" from numeric(10,1) to numeric(10,2)'
    e = err(s, 'create or replace view v as select a, c, d collate "POSIX" from t')
    assert e.message == 'cannot change collation of view column "d" from "C" to "POSIX"'
    s.execute("create or replace view v as select a, c, d, 0 as e from t")
    assert [r[0] for r in rows(s, "select attname from pg_attribute where attrelid = 'v'::regclass "
                                  "and attnum > 0 order by attnum")] == ["a", "c", "d", "e"]


def test_view_options(s):
    s.execute("create table t (a int)")
    s.execute("create view v1 with (security_barrier) as select * from t")
    s.execute("create view v2 with (security_invoker=false, security_barrier=true) as select * from t")
    assert err(s, "create view v3 with (security_barrier=100) as select * from t").message == \
        'invalid value for boolean option "security_barrier": 100'
    assert err(s, "create view v3 with (invalid_option) as select * from t").message == \
        'unrecognized parameter "invalid_option"'
    got = dict(rows(s, "select relname, reloptions from pg_class where relname in ('v1', 'v2')"))
    assert list(got["v1"].elements) == ["security_barrier=true"]
    assert list(got["v2"].elements) == ["security_invoker=false", "security_barrier=true"]
    s.execute("create or replace view v2 as select * from t")      # options are replaced
    assert rows(s, "select reloptions from pg_class where relname = 'v2'") == [(None,)]


def test_temporary_views(s):
    s.execute("create temp sequence sq")
    s.execute("create view v as select sq.is_called from sq")
    assert rows(s, "select relpersistence from pg_class where relname = 'v'") == [("t",)]
    e = err(s, "create schema sch create temp view tv as select 1")
    assert e.message == "cannot create temporary relation in non-temporary schema"


def test_join_alias_columns_print_through_the_join(s):
    s.execute("create table tt2 (a int, b int, c int)")
    s.execute("create table tt3 (ax int8, b int2, c numeric)")
    s.execute("create table tt4 (ay int, b int, q int)")
    s.execute("create view v1a as select * from (tt2 natural join tt3) j")
    s.execute("create view v3 as select * from tt2 join tt3 using (b,c) full join tt4 using (b)")
    assert viewdef(s, "v1a") == (" SELECT j.b,\n    j.c,\n    j.a,\n    j.ax\n"
                                 "   FROM (tt2\n     JOIN tt3 USING (b, c)) j;")
    assert viewdef(s, "v3").startswith(" SELECT b,\n    tt3.c,\n    tt2.a,")
    s.execute("create table tbl1 (a int, b int)")
    s.execute("create table tbl1a (a int, c int)")
    s.execute("create view vx as select * from tbl1 join tbl1a using (a) as x")
    assert viewdef(s, "vx").endswith("JOIN tbl1a USING (a) AS x;")


def test_view_over_view_prints_by_name_and_follows_column_rename(s):
    s.execute("create table t (a int, b int)")
    s.execute("create view v1 as select * from t")
    s.execute("create view v2 as select * from v1")
    s.execute("alter view v1 rename column a to x")
    assert viewdef(s, "v2") == " SELECT v1.x AS a,\n    v1.b\n   FROM v1;"
    s.execute("insert into t values (1, 2)")
    assert rows(s, "select * from v2") == [(1, 2)]


def test_column_aliases_in_from_survive_renames(s):
    s.execute("create table t (a int, b int)")
    s.execute("create view v as select * from t as x(p)")
    s.execute("alter table t rename column b to bb")
    assert viewdef(s, "v") == " SELECT x.p,\n    x.bb AS b\n   FROM t x(p, bb);"


def test_alter_type_of_a_column_a_view_reads(s):
    s.execute("create table q (a int, b int)")
    s.execute("create view qv as select a from q")
    e = err(s, "alter table q alter column a type bigint")
    assert (e.sqlstate, e.message, e.detail) == (
        "0A000", "cannot alter type of a column used by a view or rule",
        'rule _RETURN on view qv depends on column "a"')
    s.execute("alter table q alter column b type bigint")


def test_aliased_join_names_are_unique_across_levels(s):
    for t in ("tbl1 (a int, b int)", "tbl2 (c int, d int)", "tbl3 (e int, f int)", "tbl4 (g int, h int)"):
        s.execute(f"create table {t}")
    s.execute("create view vj as select * from (select * from (tbl1 cross join tbl2) same) ss, "
              "(tbl3 cross join tbl4) same")
    text = viewdef(s, "vj")
    assert "    same.e," in text and "CROSS JOIN tbl2) same_1) ss" in text


def test_using_columns_keep_their_names_after_renames(s):
    s.execute("create table tt2 (a int, b int, c int)")
    s.execute("create table tt3 (ax int8, b int2, c numeric)")
    s.execute("create view v1 as select * from tt2 natural join tt3")
    s.execute("alter table tt3 rename c to d")
    s.execute("alter table tt3 add column c int")
    assert viewdef(s, "v1") == (" SELECT tt2.b,\n    tt3.c,\n    tt2.a,\n    tt3.ax\n   FROM tt2\n"
                                "     JOIN tt3 tt3(ax, b, c, c_1) USING (b, c);")


def test_full_join_using_names_are_unique_in_the_level(s):
    s.execute("create table tt7 (x int, y int)")
    s.execute("create table tt8 (x int, z int)")
    s.execute("create view vv as select tt7.y, tt8x.z from tt7 full join tt8 using (x), "
              "tt7 tt7x full join tt8 tt8x using (x)")
    assert viewdef(s, "vv") == (" SELECT tt7.y,\n    tt8x.z\n   FROM tt7\n     FULL JOIN tt8 USING (x),\n"
                                "    tt7 tt7x(x_1, y)\n     FULL JOIN tt8 tt8x(x_1, z) USING (x_1);")


def test_ruledef_of_a_view_and_natural_join_without_common_columns(s):
    s.execute("create table tt5 (a int, b int)")
    s.execute("create table tt6 (c int, d int)")
    s.execute("create view tt22v as select * from tt5 natural left join tt6")
    assert viewdef(s, "tt22v").endswith("FROM tt5\n     LEFT JOIN tt6 ON TRUE;")
    got = rows(s, "select pg_get_ruledef(oid, true) from pg_rewrite where ev_class = 'tt22v'::regclass")[0][0]
    assert got.startswith('CREATE RULE "_RETURN" AS\n    ON SELECT TO tt22v DO INSTEAD  SELECT tt5.a,')


def test_view_survives_restart_after_renames(tmp_path):
    """The persisted SQL tree of a view is rebuilt after a rename, so the
    view resolves when the data directory is opened again."""
    path = str(tmp_path / "data")
    conn = pgref.connect(path, autocommit=True)
    s = conn._session
    for sql in ["create table t (a int, b text)", "insert into t values (1, 'x')",
                "create view v as select a, b from t where a > 0",
                "alter table t rename column a to aa", "alter table t rename to tt",
                "create schema s2", "alter table tt set schema s2"]:
        s.execute(sql)
    assert rows(s, "select * from v") == [(1, "x")]
    conn.close()
    conn = pgref.connect(path, autocommit=True)
    try:
        s = conn._session
        assert rows(s, "select * from v") == [(1, "x")]
        assert [c for c, in rows(s, "select column_name from information_schema.columns "
                                    "where table_name = 'v' order by ordinal_position")] == ["a", "b"]
    finally:
        conn.close()

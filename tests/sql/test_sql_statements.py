"""Every statement form of spec/02-sql.md parses into the expected AST shape.

Shapes follow PostgreSQL's raw parse trees (gram.y actions); the comments
name the gram.y production that fixes each detail.
"""
from __future__ import annotations

import pytest

from pgref.sql import ast as A
from pgref.sql.parser import parse, parse_one


def one(sql):
    return parse_one(sql)


# --- SELECT ------------------------------------------------------------------

def test_select_all_clauses():
    s = one("select distinct on (a) a, b as x, c y from t1 as u (p, q) "
            "where a > 1 group by a, rollup (b), cube (c), grouping sets ((a), ()), () "
            "having count(*) > 1 window w as (partition by a order by b) "
            "order by a desc nulls last, b using < limit 5 offset 2 for update of t1 nowait")
    assert isinstance(s, A.SelectStmt)
    assert len(s.distinct_clause) == 1
    assert [t.name for t in s.target_list] == [None, "x", "y"]
    rv = s.from_clause[0]
    assert rv.relname == "t1" and rv.alias == A.Alias("u", ("p", "q"))
    assert isinstance(s.where_clause, A.A_Expr) and s.where_clause.name == (">",)
    kinds = [g.kind if isinstance(g, A.GroupingSet) else "expr" for g in s.group_clause]
    assert kinds == ["expr", "rollup", "cube", "sets", "empty"]
    assert s.having_clause.lexpr.agg_star
    w = s.window_clause[0]
    assert w.name == "w" and len(w.partition_clause) == 1 and len(w.order_clause) == 1
    assert s.sort_clause[0].sortby_dir == "desc" and s.sort_clause[0].sortby_nulls == "last"
    assert s.sort_clause[1].sortby_dir == "using" and s.sort_clause[1].use_op == ("<",)
    assert s.limit_count.val == A.Integer(5) and s.limit_offset.val == A.Integer(2)
    lc = s.locking_clause[0]
    assert lc.strength == "for_update" and lc.wait_policy == "error"
    assert lc.locked_rels[0].relname == "t1"


def test_select_plain_distinct_and_all():
    assert one("select distinct a from t").distinct_clause == ()
    assert one("select all a from t").distinct_clause is None
    assert one("select a from t").distinct_clause is None
    assert one("select").target_list == ()


def test_group_by_distinct():
    s = one("select a from t group by distinct a")
    assert s.group_distinct is True
    assert one("select a from t group by all a").group_distinct is False


def test_fetch_first_and_ties():
    s = one("select a from t order by a fetch first 3 rows with ties")
    assert s.limit_option == "with_ties" and s.limit_count.val == A.Integer(3)
    s = one("select a from t fetch next row only")
    assert s.limit_option == "count" and s.limit_count.val == A.Integer(1)
    s = one("select a from t offset 2 rows fetch first -1 rows only")
    assert s.limit_count.val == A.Integer(-1)
    s = one("select 1 limit all")
    assert s.limit_count.isnull


def test_locking_strengths():
    s = one("select 1 from t for no key update for share skip locked for key share")
    assert [l.strength for l in s.locking_clause] == ["for_no_key_update", "for_share",
                                                     "for_key_share"]
    assert s.locking_clause[1].wait_policy == "skip"


def test_joins():
    s = one("select * from a natural left join b cross join c "
            "join d using (x, y) as j full outer join e on true")
    j = s.from_clause[0]
    assert j.jointype == "full" and isinstance(j.quals, A.A_Const)
    j2 = j.larg
    assert j2.jointype == "inner" and j2.using_clause == ("x", "y")
    assert j2.join_using_alias == A.Alias("j")
    j3 = j2.larg
    assert j3.jointype == "inner" and j3.quals is None and not j3.is_natural   # CROSS JOIN
    j4 = j3.larg
    assert j4.jointype == "left" and j4.is_natural


def test_parenthesized_join_with_alias_and_lateral():
    s = one("select * from (a join b on true) as j, lateral (select 1) s, "
            "lateral generate_series(1, 3) with ordinality as g(n, o)")
    assert s.from_clause[0].alias == A.Alias("j")
    assert isinstance(s.from_clause[1], A.RangeSubselect) and s.from_clause[1].lateral
    rf = s.from_clause[2]
    assert isinstance(rf, A.RangeFunction) and rf.lateral and rf.ordinality
    assert rf.alias == A.Alias("g", ("n", "o"))
    assert rf.functions[0][0].funcname == ("generate_series",)


def test_function_in_from_with_coldeflist_and_rows_from():
    s = one("select * from f() as x(a int, b text)")
    rf = s.from_clause[0]
    assert rf.alias.aliasname == "x" and [c.colname for c in rf.coldeflist] == ["a", "b"]
    s = one("select * from rows from (f(), g() as (c int)) with ordinality")
    rf = s.from_clause[0]
    assert rf.is_rowsfrom and rf.ordinality and len(rf.functions) == 2
    assert rf.functions[1][1][0].colname == "c"


def test_only_and_star_relations():
    s = one("select * from only t, u *, only (v)")
    assert [r.inh for r in s.from_clause] == [False, True, False]


def test_qualified_names():
    s = one("select * from c.s.t")
    r = s.from_clause[0]
    assert (r.catalogname, r.schemaname, r.relname) == ("c", "s", "t")


def test_values_and_table():
    s = one("values (1, 2), (3, default)")
    assert len(s.values_lists) == 2 and isinstance(s.values_lists[1][1], A.SetToDefault)
    s = one("table t")
    assert s.from_clause[0].relname == "t"
    assert s.target_list[0].val.fields == (A.A_Star(),)


def test_set_operations_and_intersect_binds_tighter():
    s = one("select 1 union select 2 intersect select 3")
    assert s.op == "union" and s.rarg.op == "intersect"
    s = one("select 1 except all select 2 union distinct select 3")
    assert s.op == "union" and not s.all and s.larg.op == "except" and s.larg.all
    s = one("(select 1 union select 2) order by 1 limit 1")
    assert s.op == "union" and len(s.sort_clause) == 1 and s.limit_count is not None


def test_with_clause():
    s = one("with recursive r (n) as not materialized (select 1 union all select n + 1 "
            "from r), m as materialized (select 2), x as (select 3) select * from r")
    w = s.with_clause
    assert w.recursive
    assert [c.ctematerialized for c in w.ctes] == ["never", "always", "default"]
    assert w.ctes[0].aliascolnames == ("n",)


def test_cte_search_cycle():
    s = one("with recursive r as (select 1) search depth first by a set o "
            "cycle a set c using p select 1")
    cte = s.with_clause.ctes[0]
    assert cte.search_clause.search_seq_column == "o" and not cte.search_clause.search_breadth_first
    assert cte.cycle_clause.cycle_path_column == "p"
    assert cte.cycle_clause.cycle_mark_value.val == A.Boolean(True)


def test_select_into():
    s = one("select a into temp table t2 from t")
    assert s.into_clause.rel.relname == "t2" and s.into_clause.rel.relpersistence == "t"


# --- INSERT / UPDATE / DELETE ----------------------------------------------

def test_insert_forms():
    s = one("insert into s.t as x (a, b[1], c.f) overriding system value values (1, default)")
    assert s.relation.schemaname == "s" and s.relation.alias == A.Alias("x")
    assert [c.name for c in s.cols] == ["a", "b", "c"]
    assert isinstance(s.cols[1].indirection[0], A.A_Indices)
    assert s.cols[2].indirection == ("f",)
    assert s.override == "system"
    assert isinstance(s.select_stmt.values_lists[0][1], A.SetToDefault)
    s = one("insert into t default values")
    assert s.select_stmt is None
    s = one("with w as (select 1) insert into t select * from w returning a, *")
    assert s.with_clause is not None and len(s.returning_list) == 2


def test_insert_on_conflict():
    s = one("insert into t values (1) on conflict (a, (lower(b))) where c do update "
            "set b = excluded.b, (c, d) = (1, 2) where t.a > 0")
    oc = s.on_conflict
    assert oc.action == "update" and oc.infer.index_elems[0].name == "a"
    assert oc.infer.index_elems[1].expr is not None and oc.infer.where_clause is not None
    assert [t.name for t in oc.target_list] == ["b", "c", "d"]
    assert oc.where_clause is not None
    s = one("insert into t values (1) on conflict on constraint t_pkey do nothing")
    assert s.on_conflict.action == "nothing" and s.on_conflict.infer.conname == "t_pkey"
    assert one("insert into t values (1) on conflict do nothing").on_conflict.infer is None


def test_update():
    s = one("update only t as x set a = 1, (b, c) = (select 1, 2), d = default "
            "from u where x.a = u.a returning *")
    assert s.relation.alias == A.Alias("x") and not s.relation.inh
    t = s.target_list
    assert [x.name for x in t] == ["a", "b", "c", "d"]
    assert isinstance(t[1].val, A.MultiAssignRef) and t[1].val.colno == 1 and t[2].val.colno == 2
    assert t[1].val.ncolumns == 2 and isinstance(t[1].val.source, A.SubLink)
    assert isinstance(t[3].val, A.SetToDefault)
    assert s.from_clause[0].relname == "u" and s.returning_list
    s = one("update t set a = 1 where current of c1")
    assert s.where_clause == A.CurrentOfExpr("c1")
    assert one("update t x set a = 1").relation.alias == A.Alias("x")


def test_delete():
    s = one("delete from t as x using u, v where x.a = u.a returning x.a")
    assert s.relation.alias == A.Alias("x") and len(s.using_clause) == 2
    assert s.returning_list[0].val.fields == ("x", "a")


# --- DDL ---------------------------------------------------------------------

def test_create_table_column_constraints():
    s = one("create temp table if not exists t ("
            " a int constraint a_pk primary key,"
            " b varchar(10) not null collate \"C\" default 'x' check (b <> '') unique,"
            " c int null references u (x) match full on delete cascade on update set null,"
            " d bigint generated always as identity (start with 10 increment by 2),"
            " e int generated by default as identity,"
            " f int generated always as (a * 2) stored,"
            " g int references u deferrable initially deferred)")
    assert s.if_not_exists and s.relation.relpersistence == "t"
    a, b, c, d, e, f, g = s.table_elts
    assert a.type_name.names == ("pg_catalog", "int4")
    assert a.constraints[0].contype == "primary" and a.constraints[0].conname == "a_pk"
    assert b.type_name.names == ("pg_catalog", "varchar")
    assert b.type_name.typmods[0].val == A.Integer(10)
    assert b.coll_clause.collname == ("C",)
    assert [x.contype for x in b.constraints] == ["not_null", "default", "check", "unique"]
    fk = c.constraints[1]
    assert (fk.contype, fk.fk_matchtype, fk.fk_del_action, fk.fk_upd_action) == \
        ("foreign", "f", "c", "n")
    assert fk.pktable.relname == "u" and fk.pk_attrs == ("x",)
    ident = d.constraints[0]
    assert ident.contype == "identity" and ident.generated_when == "a"
    assert [o.defname for o in ident.options] == ["start", "increment"]
    assert e.constraints[0].generated_when == "d"
    assert f.constraints[0].contype == "generated" and f.constraints[0].raw_expr is not None
    assert [x.contype for x in g.constraints] == ["foreign", "attr_deferrable", "attr_deferred"]


def test_create_table_table_constraints_like_inherits():
    s = one("create unlogged table t (a int, b int, like s including all excluding indexes,"
            " constraint pk primary key (a, b) include (c), unique nulls not distinct (b),"
            " check (a > 0) no inherit, foreign key (b) references u (x) on delete set null (b)"
            ") inherits (p1, p2)")
    assert s.relation.relpersistence == "u"
    like = s.table_elts[2]
    assert isinstance(like, A.TableLikeClause)
    assert like.options == A.CREATE_TABLE_LIKE_ALL & ~A.CREATE_TABLE_LIKE_INDEXES
    pk, uq, ck, fk = s.table_elts[3:]
    assert pk.conname == "pk" and pk.keys == ("a", "b") and pk.including == ("c",)
    assert uq.nulls_not_distinct
    assert ck.is_no_inherit
    assert fk.fk_del_action == "n" and fk.fk_del_set_cols == ("b",)
    assert [r.relname for r in s.inh_relations] == ["p1", "p2"]


def test_create_table_as():
    s = one("create table t2 (x, y) as select 1, 2 with no data")
    assert isinstance(s, A.CreateTableAsStmt)
    assert s.into.col_names == ("x", "y") and s.into.skip_data
    s = one("create temp table if not exists t2 as select 1")
    assert s.if_not_exists and s.into.rel.relpersistence == "t" and not s.into.skip_data


@pytest.mark.parametrize("sql,rtype,objs,behavior,missing", [
    ("drop table a, s.b cascade", "table", (("a",), ("s", "b")), "cascade", False),
    ("drop view if exists v restrict", "view", (("v",),), "restrict", True),
    ("drop index i", "index", (("i",),), "restrict", False),
    ("drop sequence if exists q", "sequence", (("q",),), "restrict", True),
    ("drop schema s1, s2 cascade", "schema", (("s1",), ("s2",)), "cascade", False),
])
def test_drop(sql, rtype, objs, behavior, missing):
    s = one(sql)
    assert (s.remove_type, s.objects, s.behavior, s.missing_ok) == (rtype, objs, behavior,
                                                                     missing)


def test_drop_type():
    s = one("drop type if exists mood, s.t cascade")
    assert s.remove_type == "type" and s.objects[1].names == ("s", "t")


def test_create_schema():
    s = one("create schema if not exists s authorization joe")
    assert s.schemaname == "s" and s.if_not_exists and s.authrole.rolename == "joe"
    s = one("create schema authorization current_user")
    assert s.schemaname is None and s.authrole.roletype == "current_user"
    s = one("create schema s create table t (a int) create view v as select 1")
    assert len(s.schema_elts) == 2


def test_create_view():
    s = one("create or replace temp view v (a, b) as select 1, 2 with local check option")
    assert s.replace and s.view.relpersistence == "t" and s.aliases == ("a", "b")
    assert s.with_check_option == "local"


def test_create_index():
    s = one("create unique index concurrently if not exists i on only t using hash "
            "(a desc nulls first, (a + b), lower(c) collate \"C\" text_pattern_ops) "
            "include (d) where a > 0")
    assert s.unique and s.concurrent and s.if_not_exists and s.idxname == "i"
    assert s.access_method == "hash" and not s.relation.inh
    e1, e2, e3 = s.index_params
    assert (e1.name, e1.ordering, e1.nulls_ordering) == ("a", "desc", "first")
    assert isinstance(e2.expr, A.A_Expr)
    assert e3.collation == ("C",) and e3.opclass == ("text_pattern_ops",)
    assert s.index_including_params[0].name == "d"
    s = one("create index on t (a)")
    assert s.idxname is None and s.access_method == "btree"


def test_sequences():
    s = one("create sequence if not exists s as bigint increment 2 minvalue 1 no maxvalue "
            "start 5 cache 10 cycle owned by t.a")
    names = [o.defname for o in s.options]
    assert names == ["as", "increment", "minvalue", "maxvalue", "start", "cache", "cycle",
                     "owned_by"]
    assert s.options[3].arg is None and s.options[6].arg == A.Boolean(True)
    s = one("alter sequence if exists s restart with 3 no cycle")
    assert s.missing_ok and s.options[0].arg == A.Integer(3)
    assert s.options[1].arg == A.Boolean(False)
    s = one("create sequence s increment by -1 start with -5")
    assert s.options[0].arg == A.Integer(-1) and s.options[1].arg == A.Integer(-5)


def test_alter_table():
    s = one("alter table if exists only t add column c int not null, add d text, "
            "drop column if exists e cascade, drop f, alter column g type bigint using g::bigint, "
            "alter h set data type text collate \"C\", alter i set default 5, "
            "alter j drop default, alter k set not null, alter l drop not null, "
            "add constraint ck check (a > 0) not valid, drop constraint if exists x, "
            "validate constraint ck")
    assert s.missing_ok and not s.relation.inh
    subs = [c.subtype for c in s.cmds]
    assert subs == ["add_column", "add_column", "drop_column", "drop_column",
                    "alter_column_type", "alter_column_type", "column_default",
                    "column_default", "set_not_null", "drop_not_null", "add_constraint",
                    "drop_constraint", "validate_constraint"]
    assert s.cmds[2].behavior == "cascade" and s.cmds[2].missing_ok
    assert s.cmds[4].def_.raw_default is not None
    assert s.cmds[5].def_.coll_clause.collname == ("C",)
    assert s.cmds[7].def_ is None
    assert s.cmds[10].def_.skip_validation


def test_alter_table_rename_and_schema():
    s = one("alter table t rename to u")
    assert isinstance(s, A.RenameStmt) and s.rename_type == "table" and s.newname == "u"
    s = one("alter table t rename column a to b")
    assert (s.rename_type, s.subname, s.newname) == ("column", "a", "b")
    s = one("alter table t rename a to b")
    assert s.rename_type == "column"
    s = one("alter table t rename constraint c1 to c2")
    assert s.rename_type == "tabconstraint"
    s = one("alter table if exists t set schema s2")
    assert isinstance(s, A.AlterObjectSchemaStmt) and s.newschema == "s2" and s.missing_ok


def test_truncate():
    s = one("truncate table a, only b restart identity cascade")
    assert len(s.relations) == 2 and s.restart_seqs and s.behavior == "cascade"
    assert not one("truncate a").restart_seqs


# --- session / transactions / utilities -------------------------------------

def test_set_reset_show():
    s = one("set search_path to a, 'b', default_x")
    assert s.kind == "value" and s.name == "search_path" and len(s.args) == 3
    s = one("set local work_mem = 64")
    assert s.is_local and s.args[0].val == A.Integer(64)
    s = one("set session x.y to default")
    assert s.kind == "default" and s.name == "x.y"
    s = one("set time zone 'UTC'")
    assert s.name == "timezone" and s.args[0].val == A.String("UTC")
    assert one("set time zone local").kind == "default"
    s = one("set time zone interval '+02:00' hour to minute")
    assert isinstance(s.args[0], A.TypeCast)
    s = one("set transaction isolation level serializable, read only")
    assert s.kind == "multi" and s.name == "TRANSACTION"
    s = one("set x from current")
    assert s.kind == "current"
    assert one("set schema 'foo'").name == "search_path"
    assert one("set names 'UTF8'").name == "client_encoding"
    assert one("set enable_seqscan = off").args[0].val == A.String("off")
    assert one("set a = true").args[0].val == A.String("true")
    assert one("reset all").kind == "reset_all"
    assert one("reset time zone").name == "timezone"
    assert one("reset foo").kind == "reset"
    assert one("show time zone").name == "timezone"
    assert one("show transaction isolation level").name == "transaction_isolation"
    assert one("show all").name == "all"
    assert one("show work_mem").name == "work_mem"


def test_transactions():
    s = one("begin isolation level repeatable read, read write not deferrable")
    assert s.kind == "begin"
    assert [o.defname for o in s.options] == ["transaction_isolation", "transaction_read_only",
                                              "transaction_deferrable"]
    assert s.options[0].arg.val == A.String("repeatable read")
    assert s.options[1].arg.val == A.Integer(0)
    assert one("start transaction read only").kind == "start"
    assert one("begin work").kind == "begin"
    assert one("commit").kind == "commit"
    assert one("end transaction").kind == "commit"
    c = one("commit and chain")
    assert c.chain
    assert not one("rollback and no chain").chain
    assert one("abort").kind == "rollback"
    assert one("savepoint sp").savepoint_name == "sp"
    assert one("release savepoint sp").kind == "release"
    assert one("release sp").savepoint_name == "sp"
    s = one("rollback to savepoint sp")
    assert s.kind == "rollback_to" and s.savepoint_name == "sp"
    assert one("rollback work to sp").kind == "rollback_to"
    assert one("prepare transaction 'g1'").gid == "g1"
    assert one("commit prepared 'g1'").kind == "commit_prepared"
    assert one("rollback prepared 'g1'").kind == "rollback_prepared"


def test_explain():
    s = one("explain select 1")
    assert s.options == () and isinstance(s.query, A.SelectStmt)
    s = one("explain analyze verbose select 1")
    assert [o.defname for o in s.options] == ["analyze", "verbose"]
    s = one("explain (analyze false, costs, format json, buffers 1) insert into t values (1)")
    assert [(o.defname, o.arg) for o in s.options] == [
        ("analyze", A.String("false")), ("costs", None), ("format", A.String("json")),
        ("buffers", A.Integer(1))]
    assert isinstance(s.query, A.InsertStmt)


def test_prepare_execute_deallocate():
    s = one("prepare p (int, text) as select $1, $2")
    assert s.name == "p" and len(s.argtypes) == 2
    assert s.query.target_list[0].val == A.ParamRef(1, location=32)
    s = one("execute p (1, 'x')")
    assert s.name == "p" and len(s.params) == 2
    assert one("deallocate prepare p").name == "p"
    assert one("deallocate all").name is None


# --- Milestone 2 statements --------------------------------------------------

def test_copy():
    s = one("copy t (a, b) from stdin with (format csv, header true, delimiter ';', "
            "force_not_null (a))")
    assert s.is_from and s.filename is None and s.attlist == ("a", "b")
    assert [o.defname for o in s.options] == ["format", "header", "delimiter",
                                              "force_not_null"]
    s = one("copy t to '/tmp/x' csv header delimiter ',' null 'N' force quote *")
    assert not s.is_from and s.filename == "/tmp/x"
    assert [o.defname for o in s.options] == ["format", "header", "delimiter", "null",
                                              "force_quote"]
    s = one("copy binary t from program 'cat x' where a > 1")
    assert s.is_program and s.options[0].arg == A.String("binary")
    assert s.where_clause is not None
    s = one("copy (select 1) to stdout")
    assert isinstance(s.query, A.SelectStmt)


def test_misc_utilities():
    assert one("comment on table s.t is 'hi'").object == ("s", "t")
    assert one("comment on column t.c is null").comment is None
    assert one("create database d with owner = joe encoding 'UTF8'").options[0].defname == "owner"
    assert one("drop database if exists d with (force)").options[0].defname == "force"
    assert one("listen ch").conditionname == "ch"
    assert one("notify ch, 'x'").payload == "x"
    assert one("unlisten *").conditionname is None
    assert one("discard all").target == "all"
    assert one("discard temporary").target == "temp"
    assert isinstance(one("checkpoint"), A.CheckPointStmt)
    v = one("vacuum full verbose analyze t (a), u")
    assert [o.defname for o in v.options] == ["full", "verbose", "analyze"]
    assert v.rels[0].va_cols == ("a",) and v.is_vacuumcmd
    a = one("analyze verbose t")
    assert not a.is_vacuumcmd and a.options[0].defname == "verbose"
    assert one("vacuum (freeze, parallel 2)").options[1].arg == A.Integer(2)
    lk = one("lock table t, u in share row exclusive mode nowait")
    assert lk.mode == 6 and lk.nowait and len(lk.relations) == 2
    assert one("lock t").mode == 8


def test_types_and_domains():
    s = one("create type mood as enum ('sad', 'ok')")
    assert s.type_name == ("mood",) and s.vals == (A.String("sad"), A.String("ok"))
    s = one("create type pair as (a int, b text)")
    assert s.typevar.relname == "pair" and len(s.coldeflist) == 2
    s = one("create domain posint as int not null check (value > 0)")
    assert s.type_name.names == ("pg_catalog", "int4") and len(s.constraints) == 2
    s = one("alter type mood add value if not exists 'happy' after 'ok'")
    assert s.new_val == "happy" and s.new_val_neighbor == "ok" and s.skip_if_new_val_exists


def test_cursors():
    s = one("declare c no scroll cursor with hold for select 1")
    assert s.portalname == "c" and s.options == A.CURSOR_OPT_NO_SCROLL | A.CURSOR_OPT_HOLD
    f = one("fetch forward 5 from c")
    assert (f.direction, f.how_many, f.portalname) == ("forward", 5, "c")
    assert one("fetch all in c").how_many == -1
    assert one("fetch prior c").direction == "backward"
    assert one("fetch c").how_many == 1
    assert one("move absolute -2 c").ismove
    assert one("close c").portalname == "c"
    assert one("close all").portalname is None


# --- multi-statement strings ------------------------------------------------

def test_stmt_location_and_len():
    sql = "select 1; select 2 ;;\n select 3"
    raws = parse(sql)
    assert [(r.stmt_location, r.stmt_len) for r in raws] == [(0, 8), (9, 11), (21, 0)]
    assert parse("") == [] and parse(" ; ; ") == []
    # gram.y updates the previous statement's length at every ';' -- even
    # one that follows an empty statement -- so this length spans both ';'
    raws = parse("select 1;;select 2")
    assert [(r.stmt_location, r.stmt_len) for r in raws] == [(0, 9), (10, 0)]
    raws = parse("select 1;")
    assert [(r.stmt_location, r.stmt_len) for r in raws] == [(0, 8)]


def test_partitioning_and_typed_tables():
    s = one("create table m (a int, b text) partition by range (a, (lower(b)) collate \"C\")")
    assert s.partspec.strategy == "range" and len(s.partspec.part_params) == 2
    assert s.partspec.part_params[1].collation == ("C",)
    s = one("create table m1 partition of m (a not null) for values from (1) to (maxvalue)")
    assert s.inh_relations[0].relname == "m" and s.partbound.strategy == "r"
    assert s.table_elts[0].colname == "a" and s.table_elts[0].constraints[0].contype == "not_null"
    s = one("create table m2 partition of m for values in (1, 2)")
    assert s.partbound.strategy == "l" and len(s.partbound.listdatums) == 2
    s = one("create table m3 partition of m for values with (modulus 4, remainder 1)")
    assert (s.partbound.modulus, s.partbound.remainder) == (4, 1)
    s = one("create table m4 partition of m default")
    assert s.partbound.is_default
    s = one("create table tt of mytype (a with options default 1)")
    assert s.of_typename.names == ("mytype",) and s.table_elts[0].constraints[0].contype == "default"

"""CREATE RULE and the rewriter (spec/17-rewrite.md): NEW / OLD, qualified
and INSTEAD rules, order, recursion, RETURNING, tags, views, DDL."""
import pytest

import pgref
from pgref.errors import PgError


def rows(s, sql):
    return s.execute(sql)[-1].rows


def tag(s, sql):
    return s.execute(sql)[-1].tag


def err(s, sql) -> PgError:
    with pytest.raises(PgError) as e:
        s.execute(sql)
    return e.value


@pytest.fixture
def t(s):
    s.execute("create table t (a int, b text); create table log (a int, b text, what text)")
    return s


def test_insert_also_runs_after_original_once_per_row(t):
    t.execute("create rule r as on insert to t do also insert into log values (new.a, new.b, 'ins')")
    assert tag(t, "insert into t values (1, 'x'), (2, 'y')") == "INSERT 0 2"
    assert rows(t, "select * from log order by a") == [(1, "x", "ins"), (2, "y", "ins")]
    assert rows(t, "select * from t order by a") == [(1, "x"), (2, "y")]


def test_insert_new_of_unlisted_column_is_its_default(t):
    t.execute("create table d (a int, b text default 'dflt');"
              "create rule r as on insert to d do also insert into log values (new.a, new.b, 'd')")
    t.execute("insert into d (a) values (5)")
    assert rows(t, "select * from log") == [(5, "dflt", "d")]


def test_insert_select_source(t):
    t.execute("create rule r as on insert to t do also insert into log select new.a * 10, new.b, 'sel'")
    t.execute("insert into t select g, 'g' || g from generate_series(1, 3) g")
    assert rows(t, "select a, b from log order by a") == [(10, "g1"), (20, "g2"), (30, "g3")]


def test_update_old_and_new(t):
    t.execute("insert into t values (1, 'x'), (2, 'y');"
              "create rule r as on update to t do also insert into log values (old.a, new.b, old.b)")
    assert tag(t, "update t set b = b || '!' where a = 1") == "UPDATE 1"
    assert rows(t, "select * from log") == [(1, "x!", "x")]


def test_update_actions_run_before_original(t):
    # the action sees the rows before the UPDATE changes them
    t.execute("insert into t values (1, 'x');"
              "create rule r as on update to t do also insert into log select a, b, 'seen' from t")
    t.execute("update t set b = 'new'")
    assert rows(t, "select b from log") == [("x",)]


def test_delete_rule_without_references_runs_once(t):
    t.execute("insert into t values (1, 'x'), (2, 'y'), (3, 'z');"
              "create rule r as on delete to t do also insert into log values (0, 'del', 'once')")
    assert tag(t, "delete from t") == "DELETE 3"
    assert rows(t, "select count(*) from log") == [(1,)]


def test_qualified_instead_rule(t):
    t.execute("create rule r as on insert to t where new.a > 1 do instead "
              "insert into log values (new.a, new.b, 'diverted')")
    assert tag(t, "insert into t values (1, 'a'), (2, 'b'), (null, 'c')") == "INSERT 0 2"
    assert rows(t, "select a, b from t order by b") == [(1, "a"), (None, "c")]
    assert rows(t, "select a, what from log") == [(2, "diverted")]


def test_instead_nothing_tag(t):
    t.execute("create rule r as on delete to t do instead nothing; insert into t values (1, 'x')")
    assert tag(t, "delete from t") == "DELETE 0"
    assert rows(t, "select count(*) from t") == [(1,)]


def test_instead_tag_is_last_instead_action_of_same_command(t):
    t.execute("insert into log values (1, 'a', 'w'), (2, 'b', 'w');"
              "create rule r as on update to t do instead "
              "(insert into log values (9, 'i', 'w'); update log set what = 'u' where what = 'w')")
    assert tag(t, "update t set a = 1") == "UPDATE 3"


def test_rules_fire_in_name_order(t):
    t.execute("create rule b_second as on insert to t do also insert into log values (new.a, 'b', null);"
              "create rule a_first as on insert to t do also insert into log values (new.a, 'a', null)")
    t.execute("insert into t values (1, 'x')")
    assert rows(t, "select b from log") == [("a",), ("b",)]


def test_infinite_recursion(t):
    t.execute("create rule r as on insert to t do also insert into t values (new.a, new.b)")
    e = err(t, "insert into t values (1, 'x')")
    assert e.sqlstate == "42P17"
    assert e.message == 'infinite recursion detected in rules for relation "t"'


def test_view_with_instead_rules_and_returning(t):
    t.execute("create view v as select a, b from t;"
              "create rule vi as on insert to v do instead insert into t values (new.a, upper(new.b)) "
              "returning a, b")
    assert rows(t, "insert into v values (1, 'q') returning *") == [(1, "Q")]
    assert rows(t, "select * from t") == [(1, "Q")]


def test_returning_needs_instead_rule_returning(t):
    t.execute("create rule r as on insert to t do instead insert into log values (new.a, new.b, 'x')")
    e = err(t, "insert into t values (1, 'x') returning *")
    assert e.message == 'cannot perform INSERT RETURNING on relation "t"'
    assert e.hint == "You need an unconditional ON INSERT DO INSTEAD rule with a RETURNING clause."


def test_view_with_only_also_rules_is_auto_updated(t):
    t.execute("create view v as select a, b from t;"
              "create rule va as on insert to v do also insert into log values (new.a, new.b, 'v')")
    assert tag(t, "insert into v values (3, 'z')") == "INSERT 0 1"
    assert rows(t, "select * from t") == [(3, "z")]
    assert rows(t, "select a, what from log") == [(3, "v")]


def test_view_with_conditional_instead_rule_only(t):
    t.execute("create view v as select a, b from t;"
              "create rule vq as on insert to v where new.a > 0 do instead insert into t values (new.a, new.b)")
    e = err(t, "insert into v values (1, 'x')")
    assert e.sqlstate == "0A000"
    assert e.detail == "Views with conditional DO INSTEAD rules are not automatically updatable."


@pytest.mark.parametrize("sql, message", [
    ("create rule x as on insert to t do also insert into log values (old.a, null, null)",
     "ON INSERT rule cannot use OLD"),
    ("create rule x as on delete to t do also insert into log values (new.a, null, null)",
     "ON DELETE rule cannot use NEW"),
    ("create rule x as on select to t do also select 1", "rules on SELECT must have action INSTEAD SELECT"),
    ("create rule x as on select to t do instead nothing", "INSTEAD NOTHING rules on SELECT are not implemented"),
    ("create rule \"_RETURN\" as on insert to t do instead nothing", 'non-view rule for "t" must not be named "_RETURN"'),
    ("create rule x as on insert to t do also insert into log values (1, 'a', 'b') returning *",
     "RETURNING lists are not supported in non-INSTEAD rules"),
])
def test_create_rule_errors(t, sql, message):
    assert err(t, sql).message == message


def test_duplicate_replace_rename_drop(t):
    t.execute("create rule r as on insert to t do instead nothing")
    assert err(t, "create rule r as on insert to t do instead nothing").sqlstate == "42710"
    t.execute("create or replace rule r as on insert to t do also nothing")
    assert rows(t, "select is_instead from pg_rewrite where rulename = 'r'") == [(False,)]
    assert tag(t, "alter rule r on t rename to r2") == "ALTER RULE"
    assert rows(t, "select rulename from pg_rules") == [("r2",)]
    assert tag(t, "drop rule r2 on t") == "DROP RULE"
    assert err(t, "drop rule r2 on t").message == 'rule "r2" for relation "t" does not exist'
    t.execute("drop rule if exists r2 on t")


def test_ruledef_text(t):
    t.execute("create rule r as on update to t where old.a <> new.a do instead "
              "insert into log values (old.a, new.b, 'x')")
    (d,), = rows(t, "select definition from pg_rules where rulename = 'r'")
    assert d == ("CREATE RULE r AS\n    ON UPDATE TO public.t\n   WHERE (old.a <> new.a) DO INSTEAD  "
                 "INSERT INTO log (a, b, what)\n  VALUES (old.a, new.b, 'x'::text);")
    (p,), = rows(t, "select pg_get_ruledef(oid, true) from pg_rewrite where rulename = 'r'")
    assert p.startswith("CREATE RULE r AS\n    ON UPDATE TO t\n   WHERE old.a <> new.a DO INSTEAD")


def test_drop_table_dependencies(t):
    t.execute("create rule r as on insert to t do also insert into log values (new.a, new.b, 'x')")
    e = err(t, "drop table log")
    assert e.sqlstate == "2BP01"
    assert e.detail == "rule r on table t depends on table log"
    t.execute("drop table log cascade")
    assert rows(t, "select count(*) from pg_rules") == [(0,)]
    t.execute("insert into t values (1, 'x')")
    t.execute("create table u (a int); create rule ru as on insert to u do instead nothing; drop table u")
    assert rows(t, "select count(*) from pg_rewrite where rulename = 'ru'") == [(0,)]


def test_rules_survive_restart(tmp_path):
    path = str(tmp_path / "data")
    c = pgref.connect(path, autocommit=True)
    c._session.execute("create table t (a int); create table log (a int);"
                       "create rule r as on insert to t where new.a > 1 do instead "
                       "(insert into log values (new.a); insert into log values (-new.a))")
    c.close()
    c = pgref.connect(path, autocommit=True)
    s = c._session
    s.execute("insert into t values (1), (2)")
    assert rows(s, "select a from t") == [(1,)]
    assert rows(s, "select a from log order by a") == [(-2,), (2,)]
    c.close()


def test_with_data_modifying_cte_and_rules(t):
    t.execute("create rule r as on insert to t do also insert into log values (new.a, null, null)")
    e = err(t, "with x as (insert into t values (1, 'a') returning *) select * from x")
    assert e.message == "DO ALSO rules are not supported for data-modifying statements in WITH"


def test_instead_delete_on_view_reads_old_through_the_view(t):
    t.execute("insert into t values (1, 'x'), (2, 'y'); create view v as select a, b from t;"
              "create rule vd as on delete to v do instead delete from t where t.a = old.a")
    assert tag(t, "delete from v where b = 'y'") == "DELETE 1"
    assert rows(t, "select a from t") == [(1,)]


def test_unqualified_columns_in_condition_follow_the_event(t):
    t.execute("create rule q as on insert to t where a > 1 do instead nothing")
    t.execute("insert into t values (1, 'a'), (2, 'b')")
    assert rows(t, "select a from t") == [(1,)]
    e = err(t, "create rule q2 as on update to t where a > 1 do instead nothing")
    assert e.sqlstate == "42702"


def test_enable_disable_and_comment(t):
    t.execute("create rule r as on insert to t do instead nothing; alter table t disable rule r")
    t.execute("insert into t values (1, 'a')")
    assert rows(t, "select ev_enabled from pg_rewrite where rulename = 'r'") == [("D",)]
    t.execute("alter table t enable replica rule r; insert into t values (2, 'b')")
    t.execute("set session_replication_role = replica; insert into t values (3, 'c');"
              "set session_replication_role = origin")
    t.execute("alter table t enable rule r; insert into t values (4, 'd')")
    assert rows(t, "select a from t order by a") == [(1,), (2,)]
    assert tag(t, "comment on rule r on t is 'hi'") == "COMMENT"
    assert err(t, "comment on rule nope on t is 'x'").sqlstate == "42704"


def test_new_star_expands_to_columns(t):
    t.execute("create rule r as on insert to t do instead insert into log values (new.*, 'star')")
    t.execute("insert into t values (7, 'seven')")
    assert rows(t, "select * from log") == [(7, "seven", "star")]


def test_on_conflict_with_rules_is_refused(t):
    t.execute("create rule r as on insert to t do also insert into log values (new.a, new.b, 'x')")
    e = err(t, "insert into t values (1, 'a') on conflict do nothing")
    assert e.message == "INSERT with ON CONFLICT clause cannot be used with table that has INSERT or UPDATE rules"


def test_multirow_values_action_reads_old_and_new(t):
    t.execute("insert into t values (1, 'x');"
              "create rule r as on update to t do also "
              "insert into log values (old.a, old.b, 'old'), (new.a, new.b, 'new')")
    t.execute("update t set b = 'y'")
    assert rows(t, "select * from log order by what desc") == [(1, "x", "old"), (1, "y", "new")]


def test_drop_view_cascade_does_not_report_its_own_rules(t):
    t.execute("create view v as select a, b from t;"
              "create rule vd as on delete to v do instead delete from log where log.a = old.a;"
              "create view w as select * from v")
    t.execute("drop table t cascade")
    assert [n.message for n in t.notices][-1:] == ["drop cascades to 2 other objects"]


def test_old_in_with_query_of_action_is_refused(t):
    e = err(t, "create rule r as on update to t do instead "
               "with w as (select old.a) update log set a = w.a from w")
    assert (e.sqlstate, e.message) == ("0A000", "cannot refer to OLD within WITH query")


def test_instead_notify_in_with_is_refused(t):
    t.execute("create rule r as on insert to t do instead notify chan")
    e = err(t, "with x as (insert into t values (1, 'a')) select 1")
    assert e.message == "DO INSTEAD NOTIFY rules are not supported for data-modifying statements in WITH"

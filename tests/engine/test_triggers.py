"""Triggers (spec/09-engine.md, "Triggers"): catalog rows, firing order,
BEFORE ROW changes and skips, AFTER ROW queueing, WHEN / UPDATE OF,
ENABLE / DISABLE, TRUNCATE triggers, persistence, rollback and errors."""
import pytest

import pgref

LOGIT = """create function logit() returns trigger language plpgsql as $$
begin
  insert into log(msg) values (concat_ws(' ', tg_name, tg_when, tg_level, tg_op, tg_nargs,
    case when tg_level = 'ROW' and tg_op <> 'DELETE' then new.a end,
    case when tg_level = 'ROW' and tg_op <> 'INSERT' then old.a end));
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$"""


@pytest.fixture
def cur():
    conn = pgref.connect(":memory:", autocommit=True)
    c = conn.cursor()
    c.execute("create table t (a int, b text)")
    c.execute("create table log (n serial, msg text)")
    c.execute(LOGIT)
    yield c
    conn.close()


def log(cur):
    rows = cur.execute("select msg from log order by n").fetchall()
    cur.execute("delete from log")
    return [r[0] for r in rows]


def test_before_row_changes_and_skips_rows(cur):
    cur.execute("""create function f() returns trigger language plpgsql as $$
        begin if new.a < 0 then return null; end if; new.b := new.b || tg_argv[0]; return new; end $$""")
    cur.execute("create trigger t_f before insert or update on t for each row execute function f('!')")
    assert cur.execute("insert into t values (1, 'x'), (-1, 'y') returning *").fetchall() == [(1, "x!")]
    assert cur.execute("update t set b = 'z' returning b").fetchall() == [("z!",)]
    assert cur.execute("select * from t").fetchall() == [(1, "z!")]


def test_order_levels_and_after_rows_fire_at_statement_end(cur):
    cur.execute("create trigger zb before insert or delete on t for each row execute function logit()")
    cur.execute("create trigger ab before insert or delete on t for each row execute function logit('x')")
    cur.execute("create trigger aa after insert or delete on t for each row execute function logit()")
    cur.execute("create trigger sb before insert or delete on t execute function logit()")
    cur.execute("create trigger sa after insert or delete on t for each statement execute function logit()")
    cur.execute("insert into t(a) values (1), (2)")
    assert log(cur) == ["sb BEFORE STATEMENT INSERT 0", "ab BEFORE ROW INSERT 1 1", "zb BEFORE ROW INSERT 0 1",
                        "ab BEFORE ROW INSERT 1 2", "zb BEFORE ROW INSERT 0 2", "aa AFTER ROW INSERT 0 1",
                        "aa AFTER ROW INSERT 0 2", "sa AFTER STATEMENT INSERT 0"]
    cur.execute("delete from t where false")       # statement triggers fire for 0 rows
    assert log(cur) == ["sb BEFORE STATEMENT DELETE 0", "sa AFTER STATEMENT DELETE 0"]


def test_when_condition_and_update_of_columns(cur):
    cur.execute("create trigger big after insert or update on t for each row when (new.a > 5) "
                "execute function logit()")
    cur.execute("create trigger ofb after update of b on t for each row execute function logit()")
    cur.execute("insert into t values (1, 'p'), (7, 'q')")
    assert log(cur) == ["big AFTER ROW INSERT 0 7"]
    cur.execute("update t set a = a + 1")
    assert log(cur) == ["big AFTER ROW UPDATE 0 8 7"]
    cur.execute("update t set b = b where a = 2")       # assigned, even unchanged: fires
    assert log(cur) == ["ofb AFTER ROW UPDATE 0 2 2"]


def test_disable_enable_rename_drop(cur):
    cur.execute("create trigger t1 after insert on t for each row execute function logit()")
    cur.execute("alter table t disable trigger t1")
    cur.execute("insert into t(a) values (1)")
    assert log(cur) == []
    assert cur.execute("select tgenabled from pg_trigger where tgname = 't1'").fetchall() == [("D",)]
    cur.execute("alter table t enable trigger all")
    cur.execute("alter trigger t1 on t rename to t2")
    cur.execute("insert into t(a) values (2)")
    assert log(cur) == ["t2 AFTER ROW INSERT 0 2"]
    cur.execute("drop trigger t2 on t")
    with pytest.raises(pgref.Error) as e:
        cur.execute("drop trigger t2 on t")
    assert e.value.sqlstate == "42704"
    assert str(e.value) == 'trigger "t2" for table "t" does not exist'


def test_truncate_triggers(cur):
    cur.execute("create trigger tt before truncate on t execute function logit()")
    cur.execute("truncate t")
    assert log(cur) == ["tt BEFORE STATEMENT TRUNCATE 0"]


def test_catalog_row_and_triggerdef(cur):
    cur.execute("create trigger r1 before update of a, b or delete on t for each row "
                "when (old.a is not null) execute function logit('a', 'it''s', 3)")
    row = cur.execute("select tgtype, tgnargs, tgattr::text, pg_get_triggerdef(oid) from pg_trigger").fetchall()
    # ROW | BEFORE | DELETE | UPDATE
    assert row[0][:3] == (1 | 2 | 8 | 16, 3, "1 2")
    assert row[0][3].startswith("CREATE TRIGGER r1 BEFORE DELETE OR UPDATE OF a, b ON public.t "
                                "FOR EACH ROW WHEN (")
    assert row[0][3].endswith("EXECUTE FUNCTION logit('a', 'it''s', '3')")
    assert cur.execute("select relhastriggers from pg_class where relname = 't'").fetchall() == [(True,)]


def test_rollback_removes_trigger(cur):
    conn = cur.connection
    conn.autocommit = False
    cur.execute("create trigger r1 before insert on t for each row execute function logit()")
    conn.rollback()
    assert cur.execute("select count(*) from pg_trigger").fetchall() == [(0,)]


@pytest.mark.parametrize("sql, state, message", [
    ("create view v as select * from t; create trigger x before insert on v for each row execute function logit()",
     "42809", '"v" is a view'),
    ("create trigger x instead of insert on t for each row execute function logit()", "42809", '"t" is a table'),
    ("create function n() returns int language sql as 'select 1'; "
     "create trigger x before insert on t for each row execute function n()",
     "42P17", "function n must return type trigger"),
    ("create trigger x before insert on t for each row execute function nope()", "42883",
     "function nope() does not exist"),
    ("create trigger x before truncate on t for each row execute function logit()", "0A000",
     "TRUNCATE FOR EACH ROW triggers are not supported"),
    ("create trigger x before insert on t for each row when (old.a > 1) execute function logit()", "42P17",
     "INSERT trigger's WHEN condition cannot reference OLD values"),
    ("create trigger x before insert on t when (new.a > 1) execute function logit()", "42P17",
     "statement trigger's WHEN condition cannot reference column values"),
])
def test_create_errors(cur, sql, state, message):
    *setup, last = sql.split("; ")
    for s in setup:
        cur.execute(s)
    with pytest.raises(pgref.Error) as e:
        cur.execute(last)
    assert (e.value.sqlstate, str(e.value)) == (state, message)


def test_duplicate_and_or_replace(cur):
    cur.execute("create trigger r before insert on t for each row execute function logit()")
    with pytest.raises(pgref.Error) as e:
        cur.execute("create trigger r after insert on t for each row execute function logit()")
    assert e.value.sqlstate == "42710"
    cur.execute("create or replace trigger r after insert on t for each row execute function logit()")
    cur.execute("insert into t(a) values (5)")
    assert log(cur) == ["r AFTER ROW INSERT 0 5"]


def test_triggers_survive_reopen(tmp_path):
    d = str(tmp_path / "data")
    conn = pgref.connect(d, autocommit=True)
    c = conn.cursor()
    c.execute("create table t (a int, b text)")
    c.execute("create table log (n serial, msg text)")
    c.execute(LOGIT)
    c.execute("create trigger k after insert on t for each row when (new.a > 1) execute function logit('z')")
    c.execute("alter table t disable trigger k")
    c.execute("alter table t enable trigger k")
    conn.close()
    conn = pgref.connect(d, autocommit=True)
    c = conn.cursor()
    c.execute("insert into t(a) values (1), (2)")
    assert c.execute("select msg from log").fetchall() == [("k AFTER ROW INSERT 1 2",)]
    conn.close()


def test_copy_from_fires_triggers(cur, tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("1\n-1\n2\n")
    cur.execute("""create function skipneg() returns trigger language plpgsql as $$
        begin if new.a < 0 then return null; end if; return new; end $$""")
    cur.execute("create trigger c before insert on t for each row execute function logit()")
    cur.execute("create trigger n before insert on t for each row execute function skipneg()")
    cur.execute("create trigger s after insert on t execute function logit()")
    cur.execute(f"copy t (a) from '{f}'")
    assert cur.rowcount == 2
    assert log(cur) == ["c BEFORE ROW INSERT 0 1", "c BEFORE ROW INSERT 0 -1", "c BEFORE ROW INSERT 0 2",
                        "s AFTER STATEMENT INSERT 0"]
    assert cur.execute("select a from t order by a").fetchall() == [(1,), (2,)]


def test_when_whole_row_and_trigger_depth(cur):
    cur.execute("""create function d() returns trigger language plpgsql as $$
        begin insert into log(msg) values ('depth ' || pg_trigger_depth()); return new; end $$""")
    cur.execute("create trigger w after update on t for each row when (old.* is distinct from new.*) "
                "execute function d()")
    cur.execute("insert into t values (1, 'x'), (2, 'y')")
    cur.execute("update t set b = 'x'")
    assert log(cur) == ["depth 1"]
    assert cur.execute("select pg_trigger_depth()").fetchall() == [(0,)]


def test_drop_function_used_by_trigger(cur):
    cur.execute("create trigger k after insert on t for each row execute function logit()")
    with pytest.raises(pgref.Error) as e:
        cur.execute("drop function logit()")
    assert e.value.sqlstate == "2BP01"
    assert e.value.pgerror.detail == "trigger k on table t depends on function logit()"
    cur.execute("drop function logit() cascade")
    assert cur.execute("select count(*) from pg_trigger").fetchall() == [(0,)]


def test_statement_update_of_and_whole_row_triggerdef(cur):
    cur.execute("create trigger sb after update of b on t execute function logit()")
    cur.execute("create trigger w before update of a on t for each row when (old.* is distinct from new.*) "
                "execute function logit()")
    cur.execute("update t set a = 1")
    assert log(cur) == []                  # b not assigned: the statement trigger does not fire
    cur.execute("update t set b = 'x'")
    assert log(cur) == ["sb AFTER STATEMENT UPDATE 0"]
    got = cur.execute("select pg_get_triggerdef(oid, true) from pg_trigger where tgname = 'w'").fetchall()
    assert got == [("CREATE TRIGGER w BEFORE UPDATE OF a ON t FOR EACH ROW WHEN (old.* IS DISTINCT FROM new.*) "
                    "EXECUTE FUNCTION logit()",)]


def test_instead_of_insert_on_view(cur):
    cur.execute("create view v as select a, b from t")
    cur.execute("""create function vi() returns trigger language plpgsql as $$
        begin insert into t values (new.a * 10, new.b); if new.a = 2 then return null; end if;
        return new; end $$""")
    cur.execute("create trigger vi instead of insert on v for each row execute function vi()")
    assert cur.execute("insert into v values (1, 'x'), (2, 'y') returning *").fetchall() == [(1, "x")]
    assert cur.rowcount == 1
    assert cur.execute("select * from t order by a").fetchall() == [(10, "x"), (20, "y")]
    # no INSTEAD OF UPDATE trigger: the view is updated automatically (analyzer/viewupdate.py)
    cur.execute("update v set a = a + 1")
    assert cur.execute("select * from t order by a").fetchall() == [(11, "x"), (21, "y")]


def test_drop_column_used_by_trigger(cur):
    cur.execute("create trigger k after update of b on t for each row execute function logit()")
    with pytest.raises(pgref.Error) as e:
        cur.execute("alter table t drop column b")
    assert e.value.sqlstate == "2BP01"
    assert e.value.pgerror.detail == "trigger k on table t depends on column b of table t"
    cur.execute("alter table t drop column b cascade")
    assert cur.execute("select count(*) from pg_trigger").fetchall() == [(0,)]


def test_suppress_redundant_updates_trigger(cur):
    cur.execute("insert into t values (1, 'x'), (2, 'y')")
    cur.execute("create trigger z before update on t for each row execute function suppress_redundant_updates_trigger()")
    cur.execute("update t set b = b")
    assert cur.rowcount == 0
    cur.execute("update t set b = 'x'")
    assert cur.rowcount == 1

"""Stored generated columns (engine/generated.py, spec/09-engine.md
"Generated columns"): INV-GEN-1 (always computed from the written row),
INV-GEN-2 (CREATE-time checks) and INV-GEN-3 (never written explicitly)."""
import pytest

import pgref
from .sqlhelp import err, rows


def test_insert_and_update_compute(s):
    s.execute("create table g (a int primary key, b int generated always as (a * 2) stored)")
    s.execute("insert into g values (1)")
    s.execute("insert into g values (2, default)")
    s.execute("insert into g (a) values (3)")
    assert rows(s, "select * from g order by a") == [(1, 2), (2, 4), (3, 6)]
    assert rows(s, "update g set a = 10 where a = 1 returning *") == [(10, 20)]
    assert rows(s, "update g set a = 11, b = default where a = 2 returning b") == [(22,)]
    assert rows(s, "insert into g values (5) returning b") == [(10,)]


def test_explicit_values_refused(s):
    s.execute("create table g (a int, b int generated always as (a * 2) stored)")
    e = err(s, "insert into g values (1, 2)")
    assert (e.sqlstate, e.message, e.detail) == ("428C9", 'cannot insert a non-DEFAULT value into column "b"',
                                                 'Column "b" is a generated column.')
    assert err(s, "insert into g values (1, default), (2, 3)").sqlstate == "428C9"
    assert err(s, "insert into g select 1, 2").sqlstate == "428C9"
    s.execute("insert into g values (1)")
    e = err(s, "update g set b = 5")
    assert (e.sqlstate, e.message) == ("428C9", 'column "b" can only be updated to DEFAULT')


@pytest.mark.parametrize("sql,state,msg", [
    ("create table e (a int, b int generated always as (b * 2) stored)", "42P17",
     'cannot use generated column "b" in column generation expression'),
    ("create table e (a int, b int generated always as (a) stored, c int generated always as (b) stored)", "42P17",
     'cannot use generated column "b" in column generation expression'),
    ("create table e (a int, b int generated always as (num_nulls(e)) stored)", "42P17",
     "cannot use whole-row variable in column generation expression"),
    ("create table e (a int, b float8 generated always as (random()) stored)", "42P17",
     "generation expression is not immutable"),
    ("create table e (a int, b int default 5 generated always as (a * 2) stored)", "42601",
     'both default and generation expression specified for column "b" of table "e"'),
    ("create table e (a int, b int generated always as identity generated always as (a * 2) stored)", "42601",
     'both identity and generation expression specified for column "b" of table "e"'),
    ("create table e (a int, b int generated always as (a) stored generated always as (a) stored)", "42601",
     'multiple generation clauses specified for column "b" of table "e"'),
    ("create table e (a int, b bool generated always as (xmin <> 37) stored)", "42P10",
     'cannot use system column "xmin" in column generation expression'),
    ("create table e (a int, b int generated always as (avg(a)) stored)", "42803",
     "aggregate functions are not allowed in column generation expressions"),
    ("create table e (a int, b int generated always as ((select a)) stored)", "0A000",
     "cannot use subquery in column generation expression"),
    ("create table e (a int, b int generated always as (generate_series(1, a)) stored)", "0A000",
     "set-returning functions are not allowed in column generation expressions"),
    ("create table e (a int, b int generated always as (a) stored) partition by range (b)", "42P17",
     "cannot use generated column in partition key"),
])
def test_create_checks(s, sql, state, msg):
    e = err(s, sql)
    assert (e.sqlstate, e.message) == (state, msg)


def test_catalog_and_describe(s):
    s.execute("create table g (a int, b int generated always as (a * 2) stored)")
    assert rows(s, "select attname, attgenerated from pg_attribute where attrelid = 'g'::regclass and attnum > 0 "
                   "order by attnum") == [("a", ""), ("b", "s")]
    assert rows(s, "select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'g'::regclass") == \
        [("(a * 2)",)]
    assert rows(s, "select column_name, is_generated, generation_expression, column_default "
                   "from information_schema.columns where table_name = 'g' order by 1") == \
        [("a", "NEVER", None, None), ("b", "ALWAYS", "(a * 2)", None)]
    e = err(s, "alter table g alter column b drop default")
    assert e.message == 'column "b" of relation "g" is a generated column'


def test_before_trigger_then_compute(s):
    s.execute("create table g (a int, b int generated always as (a * 2) stored)")
    s.execute("create function tf() returns trigger language plpgsql as $$ begin new.a := new.a + 1; "
              "new.b := 1000; return new; end $$")
    s.execute("create trigger t before insert or update on g for each row execute function tf()")
    assert rows(s, "insert into g values (1) returning *") == [(2, 4)]
    assert rows(s, "update g set a = 5 returning *") == [(6, 12)]
    e = err(s, "create trigger t2 before insert on g for each row when (new.b > 0) execute function tf()")
    assert e.message == "BEFORE trigger's WHEN condition cannot reference NEW generated columns"


def test_alter_table(s):
    s.execute("create table g (a int, b int)")
    s.execute("insert into g values (1, 2), (3, 4)")
    s.execute("alter table g add column c int generated always as (a + b) stored, add column d int default 7")
    assert rows(s, "select * from g order by a") == [(1, 2, 3, 7), (3, 4, 7, 7)]
    e = err(s, "alter table g alter column a type text")
    assert (e.message, e.detail) == ("cannot alter type of a column used by a generated column",
                                     'Column "a" is used by generated column "c".')
    s.execute("alter table g alter column c type numeric")
    assert rows(s, "select c::text from g order by a") == [("3",), ("7",)]
    e = err(s, "alter table g drop column b")
    assert e.sqlstate == "2BP01"
    s.execute("alter table g alter column c drop expression")
    assert rows(s, "select attgenerated from pg_attribute where attrelid = 'g'::regclass and attname = 'c'") == \
        [("",)]
    s.execute("insert into g values (1, 1, 100)")
    assert rows(s, "select c::int from g where c = 100") == [(100,)]
    e = err(s, "alter table g alter column c drop expression")
    assert e.sqlstate == "55000"
    s.execute("alter table g alter column c drop expression if exists")


def test_drop_column_cascade(s):
    s.execute("create table g (a int, b int, c int generated always as (b * 2) stored)")
    s.execute("alter table g drop column b cascade")
    assert rows(s, "select attname from pg_attribute where attrelid = 'g'::regclass and attnum > 0 "
                   "and not attisdropped") == [("a",)]


def test_inheritance_and_like(s):
    s.execute("create table p (a int, b int generated always as (a * 2) stored)")
    s.execute("create table c () inherits (p)")
    assert rows(s, "insert into c values (4) returning b") == [(8,)]
    e = err(s, "create table c2 (b int default 1) inherits (p)")
    assert e.message == 'column "b" inherits from generated column but specifies default'
    e = err(s, "create table c3 (b int generated always as (a * 3) stored) inherits (p)")
    assert e.message == 'child column "b" specifies generation expression'
    s.execute("create table x (a int, b int)")
    e = err(s, "alter table x inherit p")
    assert e.message == 'column "b" in child table must be a generated column'
    e = err(s, "alter table only p alter column b drop expression")
    assert e.message == "ALTER TABLE / DROP EXPRESSION must be applied to child tables too"
    e = err(s, "alter table c alter column b drop expression")
    assert e.message == "cannot drop generation expression from inherited column"
    s.execute("create table l (like p including generated)")
    assert rows(s, "insert into l values (3) returning *") == [(3, 6)]
    s.execute("create table l2 (like p)")
    assert rows(s, "insert into l2 values (3, 1) returning *") == [(3, 1)]


def test_partitioned_table(s):
    s.execute("create table pt (a int, b int generated always as (a * 10) stored) partition by range (a)")
    s.execute("create table pt1 partition of pt for values from (0) to (100)")
    assert rows(s, "insert into pt values (5) returning *") == [(5, 50)]
    assert rows(s, "select * from pt1") == [(5, 50)]
    e = err(s, "create table pt2 partition of pt (b with options generated always as (a) stored) "
               "for values from (100) to (200)")
    assert e.message == "generated columns are not supported on partitions"


def test_foreign_key_actions(s):
    s.execute("create table r (x int primary key)")
    e = err(s, "create table f (a int, b int generated always as (a) stored references r on update cascade)")
    assert e.message == "invalid ON UPDATE action for foreign key constraint containing generated column"


def test_persist_across_restart(tmp_path):
    d = str(tmp_path / "db")
    c = pgref.connect(d, autocommit=True)
    c._session.execute("create table g (a int, b int generated always as (a + 1) stored)")
    c._session.execute("insert into g values (1)")
    c.close()
    s = pgref.connect(d, autocommit=True)._session
    assert rows(s, "select attgenerated from pg_attribute where attrelid = 'g'::regclass and attname = 'b'") == \
        [("s",)]
    assert rows(s, "insert into g values (5) returning b") == [(6,)]
    assert rows(s, "select * from g order by a") == [(1, 2), (5, 6)]


def test_through_updatable_view(s):
    s.execute("create table g (a int primary key, b int generated always as (a * 2) stored)")
    s.execute("create view v as select * from g")
    assert err(s, "insert into v values (1, 2)").sqlstate == "428C9"
    assert err(s, "insert into v values (1, default), (2, 3)").sqlstate == "428C9"
    s.execute("insert into v values (1, default), (2, default)")
    s.execute("insert into v (a) values (3)")
    assert err(s, "update v set b = 1").message == 'column "b" can only be updated to DEFAULT'
    # as in PostgreSQL: a view column's DEFAULT in UPDATE is NULL, a value for the base column
    assert err(s, "update v set b = default").sqlstate == "428C9"
    assert rows(s, "update v set a = 4 where a = 3 returning *") == [(4, 8)]
    s.execute("alter view v alter column b set default 100")
    assert err(s, "insert into v (a) values (5)").sqlstate == "428C9"
    assert rows(s, "select * from g order by a") == [(1, 2), (2, 4), (4, 8)]


def test_copy_from_computes(s, tmp_path):
    s.execute("create table g (a int, b int generated always as (a + 100) stored)")
    f = tmp_path / "in.txt"
    f.write_text("1\n2\n")
    s.execute(f"copy g from '{f}'")
    assert rows(s, "select * from g order by a") == [(1, 101), (2, 102)]
    assert err(s, f"copy g (a, b) from '{f}'").message == 'column "b" is a generated column'
    assert err(s, f"copy g from '{f}' where b > 0").message == \
        "generated columns are not supported in COPY FROM WHERE conditions"

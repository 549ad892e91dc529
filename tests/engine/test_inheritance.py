"""Table inheritance (spec/09-engine.md, "Inheritance"): CREATE TABLE ...
INHERITS with column merging, scans of a parent covering its descendants,
ONLY, tableoid, UPDATE/DELETE through the parent, the catalog bookkeeping
(pg_inherits, attinhcount/attislocal, coninhcount/conislocal), ALTER TABLE
recursion, INHERIT / NO INHERIT, DROP and TRUNCATE."""

import pgref
from .sqlhelp import err


def q(s, sql):
    return s.execute(sql)[-1].rows


def notices(s):
    out = [(n.message, n.detail) for n in s.notices]
    s.notices.clear()
    return out


def test_parent_scan_covers_descendants_in_order(s):
    s.execute("create table a (aa text)")
    s.execute("create table b (bb text) inherits (a)")
    s.execute("create table c (cc text) inherits (a)")
    s.execute("create table d (dd text) inherits (b, c, a)")
    for t in "abcd":
        s.execute(f"insert into {t}(aa) values ('{t * 3}')")
    # INV-INH-4: breadth first, children by OID, d (reached three times) once
    assert q(s, "select relname, a.* from a, pg_class where a.tableoid = pg_class.oid") == \
        [("a", "aaa"), ("b", "bbb"), ("c", "ccc"), ("d", "ddd")]
    assert q(s, "select aa from only a") == [("aaa",)]
    assert q(s, "select count(*) from a*") == [(4,)]
    assert q(s, "select * from only d") == [("ddd", None, None, None)]


def test_columns_are_mapped_by_name(s):
    # INV-INH-1: c2 stores the parent's columns in another order, plus its own
    s.execute("create table p (a int, b text)")
    s.execute("create table c2 (z int, b text, a int) inherits (p)")
    assert notices(s) == [('merging column "b" with inherited definition', None),
                          ('moving and merging column "a" with inherited definition',
                           "User-specified column moved to the position of the inherited column.")]
    assert q(s, "select attname from pg_attribute where attrelid = 'c2'::regclass and attnum > 0 "
                "order by attnum") == [("a",), ("b",), ("z",)]
    s.execute("alter table p drop column a")
    s.execute("alter table p add column a int")            # now p.a is attnum 3, c2.a keeps attnum 1
    s.execute("insert into c2 values (1, 'x', 9)")
    s.execute("insert into p (a, b) values (2, 'y')")
    assert q(s, "select a, b from p order by a") == [(1, "x"), (2, "y")]
    assert q(s, "select tableoid::regclass::text, a from p where b = 'x'") == [("c2", 1)]


def test_update_and_delete_reach_children(s):
    s.execute("create table p (a int, b text)")
    s.execute("create table c (z int) inherits (p)")
    s.execute("insert into p values (1, 'p')")
    s.execute("insert into c values (2, 'c', 20)")
    r = s.execute("update p set b = b || '!' returning tableoid::regclass::text, a, b")[0]
    assert r.tag == "UPDATE 2" and sorted(r.rows) == [("c", 2, "c!"), ("p", 1, "p!")]
    assert q(s, "select z from c") == [(20,)]                 # the child's own column is kept
    assert s.execute("update only p set a = 10")[0].tag == "UPDATE 1"
    assert s.execute("delete from only c where a = 10")[0].tag == "DELETE 0"
    assert s.execute("delete from p where a = 2")[0].tag == "DELETE 1"
    assert q(s, "select count(*) from c") == [(0,)]
    # INSERT goes to the named table only
    s.execute("insert into p values (3, 'x')")
    assert q(s, "select count(*) from only p") == [(2,)]


def test_child_constraints_apply_through_parent(s):
    s.execute("create table p (a int check (a > 0))")
    s.execute("create table c (b int not null default 0) inherits (p)")
    s.execute("insert into c values (5)")
    e = err(s, "update p set a = -a")
    assert e.sqlstate == "23514" and e.message == 'new row for relation "c" violates check constraint "p_a_check"'


def test_catalog_rows(s):
    s.execute("create table p1 (a int not null, b text default 'x', check (a > 0))")
    s.execute("create table p2 (a int, c int)")
    s.execute("create table k (b text, d int) inherits (p1, p2)")
    assert notices(s)[0] == ('merging multiple inherited definitions of column "a"', None)
    assert q(s, "select inhrelid::regclass::text, inhparent::regclass::text, inhseqno, inhdetachpending "
                "from pg_inherits order by inhseqno") == [("k", "p1", 1, False), ("k", "p2", 2, False)]
    assert q(s, "select attname, attinhcount, attislocal, attnotnull from pg_attribute "
                "where attrelid = 'k'::regclass and attnum > 0 order by attnum") == \
        [("a", 2, False, True), ("b", 1, True, False), ("c", 1, False, False), ("d", 0, True, False)]
    assert q(s, "select conname, coninhcount, conislocal from pg_constraint where conrelid = 'k'::regclass") == \
        [("p1_a_check", 1, False)]
    assert q(s, "select relname, relhassubclass from pg_class where relname in ('p1', 'k') order by 1") == \
        [("k", False), ("p1", True)]


def test_merge_errors(s):
    s.execute("create table p1 (a int)")
    s.execute("create table p3 (a text)")
    e = err(s, "create table k () inherits (p1, p3)")
    assert (e.sqlstate, e.message, e.detail) == ("42804", 'inherited column "a" has a type conflict',
                                                 "integer versus text")
    e = err(s, "create table k (a text) inherits (p1)")
    assert (e.sqlstate, e.message) == ("42804", 'column "a" has a type conflict')
    e = err(s, "create table k () inherits (p1, p1)")
    assert (e.sqlstate, e.message) == ("42P07", 'relation "p1" would be inherited from more than once')
    s.execute("create table d1 (t int default 1)")
    s.execute("create table d2 (t int default 2)")
    e = err(s, "create table k () inherits (d1, d2)")
    assert (e.sqlstate, e.message) == ("42611", 'column "t" inherits conflicting default values')
    s.execute("create table k (t int default 3) inherits (d1, d2)")      # an explicit default resolves it
    s.execute("create temp table tp (a int)")
    e = err(s, "create table k2 () inherits (tp)")
    assert (e.sqlstate, e.message) == ("42809", 'cannot inherit from temporary relation "tp"')


def test_drop_parent(s):
    s.execute("create table p (a int)")
    s.execute("create table c1 () inherits (p)")
    s.execute("create table c2 () inherits (p)")
    s.execute("create table c3 () inherits (c1, c2)")
    e = err(s, "drop table p")
    assert e.sqlstate == "2BP01" and e.message == "cannot drop table p because other objects depend on it"
    assert e.detail == "table c1 depends on table p\ntable c2 depends on table p\ntable c3 depends on table c2"
    notices(s)
    s.execute("drop table p cascade")
    assert notices(s) == [("drop cascades to 3 other objects",
                           "drop cascades to table c1\ndrop cascades to table c2\ndrop cascades to table c3")]
    assert q(s, "select count(*) from pg_inherits") == [(0,)]


def test_drop_child_only(s):
    s.execute("create table p (a int)")
    s.execute("create table c () inherits (p)")
    s.execute("drop table c")
    assert q(s, "select relhassubclass from pg_class where relname = 'p'") == [(False,)]


def test_alter_table_recursion(s):
    s.execute("create table p (a int)")
    s.execute("create table c (f int) inherits (p)")
    s.execute("insert into c values (1, 2)")
    s.execute("alter table p add column e int default 7")
    assert q(s, "select * from c") == [(1, 2, 7)]
    s.execute("alter table c add column g int")
    s.execute("alter table p add column g int")
    assert notices(s) == [('merging definition of column "g" for child "c"', None)]
    assert q(s, "select attinhcount, attislocal from pg_attribute where attrelid = 'c'::regclass "
                "and attname = 'g'") == [(1, True)]
    assert err(s, "alter table only p add column h int").message == "column must be added to child tables too"
    assert err(s, "alter table c drop column a").message == 'cannot drop inherited column "a"'
    assert err(s, "alter table c alter column a type bigint").message == 'cannot alter inherited column "a"'
    assert err(s, "alter table c rename column a to aa").message == 'cannot rename inherited column "a"'
    s.execute("alter table p rename column a to aa")
    assert q(s, "select aa from c") == [(1,)]
    s.execute("alter table p alter column aa type bigint")
    assert q(s, "select atttypid::regtype::text from pg_attribute where attrelid = 'c'::regclass "
                "and attname = 'aa'") == [("bigint",)]
    s.execute("alter table p drop column g")          # c.g was also local: it stays
    s.execute("alter table p drop column e")          # c.e was only inherited: it goes
    assert q(s, "select attname from pg_attribute where attrelid = 'c'::regclass and attnum > 0 "
                "and not attisdropped order by attnum") == [("aa",), ("f",), ("g",)]
    s.execute("alter table p add constraint pos check (aa > 0)")
    assert q(s, "select coninhcount, conislocal from pg_constraint where conrelid = 'c'::regclass") == \
        [(1, False)]
    e = err(s, "alter table c drop constraint pos")
    assert (e.sqlstate, e.message) == ("42P16", 'cannot drop inherited constraint "pos" of relation "c"')
    e = err(s, "insert into c values (-1, 0, 0)")
    assert e.sqlstate == "23514"
    s.execute("alter table p drop constraint pos")
    assert q(s, "select count(*) from pg_constraint where conrelid = 'c'::regclass") == [(0,)]


def test_inherit_and_no_inherit(s):
    s.execute("create table p (a int not null, check (a > 0))")
    s.execute("create table c (a int)")
    assert err(s, "alter table c inherit p").message == 'column "a" in child table must be marked NOT NULL'
    s.execute("alter table c alter a set not null")
    assert err(s, "alter table c inherit p").message == 'child table is missing constraint "p_a_check"'
    s.execute("alter table c add constraint p_a_check check (a > 0)")
    s.execute("insert into c values (4)")
    s.execute("alter table c inherit p")
    assert q(s, "select count(*) from p") == [(1,)]
    e = err(s, "alter table p inherit c")
    assert (e.sqlstate, e.message, e.detail) == ("42P07", "circular inheritance not allowed",
                                                 '"c" is already a child of "p".')
    assert err(s, "alter table c inherit p").message == 'relation "p" would be inherited from more than once'
    s.execute("alter table c no inherit p")
    assert q(s, "select count(*) from p") == [(0,)]
    assert q(s, "select attinhcount, attislocal from pg_attribute where attrelid = 'c'::regclass "
                "and attname = 'a'") == [(0, True)]
    e = err(s, "alter table c no inherit p")
    assert (e.sqlstate, e.message) == ("42P01", 'relation "p" is not a parent of relation "c"')
    s.execute("create table m (b int)")
    assert err(s, "alter table m inherit p").message == 'child table is missing column "a"'


def test_truncate_recurses_unless_only(s):
    s.execute("create table p (a int)")
    s.execute("create table c () inherits (p)")
    s.execute("insert into p values (1)")
    s.execute("insert into c values (2)")
    s.execute("truncate only p")
    assert q(s, "select count(*) from p") == [(1,)]
    s.execute("truncate p")
    assert q(s, "select count(*) from c") == [(0,)]


def test_tableoid_and_system_columns(s):
    s.execute("create table t (a int)")
    s.execute("insert into t values (1)")
    assert q(s, "select tableoid = 't'::regclass from t") == [(True,)]
    assert q(s, "select count(*) from t x where x.tableoid > 0") == [(1,)]
    # the header columns of a parent's rows come from each child's tuples
    s.execute("create table c () inherits (t)")
    s.execute("insert into c values (2)")
    rows = q(s, "select a, ctid, xmin = xmax, tableoid::regclass::text from t order by a")
    assert rows == [(1, (0, 1), False, "t"), (2, (0, 1), False, "c")]
    e = err(s, "select tableoid from (select 1) s")
    assert e.sqlstate == "42703"


def test_inheritance_rolls_back_and_persists(tmp_path):
    d = str(tmp_path / "db")
    c = pgref.connect(d, autocommit=True)
    s = c._session
    s.execute("create table p (a int)")
    s.execute("begin")
    s.execute("create table c (b int) inherits (p)")
    s.execute("rollback")
    assert q(s, "select count(*) from pg_inherits") == [(0,)]
    s.execute("create table c (b int) inherits (p)")
    s.execute("insert into c values (1, 2)")
    c.close()
    s = pgref.connect(d, autocommit=True)._session
    assert q(s, "select inhrelid::regclass::text, inhparent::regclass::text from pg_inherits") == [("c", "p")]
    assert q(s, "select a from p") == [(1,)]
    assert q(s, "select attinhcount, attislocal from pg_attribute where attrelid = 'c'::regclass "
                "and attname = 'a'") == [(1, False)]


def test_children_use_their_own_indexes(s):
    s.execute("create table p (a int primary key, b text)")
    s.execute("create table c (z int, a int) inherits (p)")        # c stores a at attnum 1, z at 3
    s.execute("create index c_a on c (a)")
    s.execute("insert into p values (1, 'p')")
    s.execute("insert into c (a, b, z) select g, 'c', -g from generate_series(2, 50) g")
    from pgref.planner import plan as P
    from pgref.sql.parser import parse_one
    planned = s.plan(parse_one("select tableoid::regclass::text, a, b from p where a = 7"))
    node = planned.plan
    while not isinstance(node, P.Append):
        node = node.children()[0]
    assert [type(n).__name__ for n in node.subplans] == ["IndexScan", "IndexScan"]
    assert q(s, "select tableoid::regclass::text, a, b from p where a = 7") == [("c", 7, "c")]
    assert s.execute("update p set b = 'x' where a = 7")[0].tag == "UPDATE 1"
    assert q(s, "select z, b from c where a = 7") == [(-7, "x")]


def test_drop_schema_reports_each_member_once(s):
    s.execute("create schema sc")
    s.execute("create table sc.p (a int)")
    s.execute("create table sc.c () inherits (sc.p)")
    notices(s)
    s.execute("drop schema sc cascade")
    assert notices(s) == [("drop cascades to 2 other objects",
                           "drop cascades to table sc.p\ndrop cascades to table sc.c")]


def test_rename_constraint_and_primary_key_recursion(s):
    s.execute("create table p (a int constraint con1 check (a > 0), b int)")
    s.execute("create table c () inherits (p)")
    e = err(s, "alter table c rename constraint con1 to x")
    assert (e.sqlstate, e.message) == ("42P16", 'cannot rename inherited constraint "con1"')
    e = err(s, "alter table only p rename constraint con1 to x")
    assert e.message == 'inherited constraint "con1" must be renamed in child tables too'
    s.execute("alter table p rename constraint con1 to con1foo")
    assert q(s, "select conrelid::regclass::text, conname from pg_constraint where contype = 'c' order by 1") == \
        [("c", "con1foo"), ("p", "con1foo")]
    s.execute("alter table p add primary key (a)")
    assert q(s, "select attnotnull from pg_attribute where attrelid = 'c'::regclass and attname = 'a'") == [(True,)]

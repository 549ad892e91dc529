"""User-defined types end to end (engine/typecmds.py, catalog/typedefs.py,
types/enum.py, types/composite.py, types/domain.py): enums, composite
types, domains, shell types, DROP TYPE dependencies, persistence across a
reopen, and rollback of type DDL."""

import pgref
from pgref.types.enum import _f4, add_label_order
from .sqlhelp import err, rows


# ------------------------------------------------------------------ enums
def test_enum_values_are_label_oids_and_print_as_labels(s):
    s.execute("create type rainbow as enum ('red', 'orange', 'yellow')")
    (oid,), = rows(s, "select 'red'::rainbow")
    labels = rows(s, "select oid, enumlabel, enumsortorder from pg_enum order by enumsortorder")
    assert labels[0] == (oid, "red", 1.0)
    assert rows(s, "select 'orange'::rainbow::text, '{red,yellow}'::rainbow[]::text") == [("orange", "{red,yellow}")]


def test_enum_invalid_label(s):
    s.execute("create type rainbow as enum ('red')")
    e = err(s, "select 'mauve'::rainbow")
    assert (e.sqlstate, e.message) == ("22P02", 'invalid input value for enum rainbow: "mauve"')


def test_enum_order_follows_sort_order_not_oid(s):
    s.execute("create type p as enum ('venus', 'earth', 'mars')")
    s.execute("alter type p add value 'mercury' before 'venus'")
    s.execute("alter type p add value 'jupiter' after 'mars'")
    s.execute("alter type p add value 'neptune'")
    s.execute("create table t (x p)")
    s.execute("insert into t values ('mars'), ('mercury'), ('neptune'), ('venus'), ('jupiter'), ('earth')")
    assert [r[0] for r in rows(s, "select x::text as lab from t order by x")] == \
        ["mercury", "venus", "earth", "mars", "jupiter", "neptune"]
    s.execute("create index t_x on t (x)")
    assert [r[0] for r in rows(s, "select x::text as lab from t where x < 'earth' order by x")] == ["mercury", "venus"]
    assert rows(s, "select min(x)::text, max(x)::text from t") == [("mercury", "neptune")]
    assert rows(s, "select enumlabel, enumsortorder from pg_enum where enumlabel in ('mercury', 'jupiter', "
                   "'neptune') order by 2") == [("mercury", 0.0), ("jupiter", 4.0), ("neptune", 5.0)]


def test_add_label_order_halves_then_renumbers():
    labels = [(1, 1.0, "a"), (2, 2.0, "b")]
    order, same = add_label_order(labels, "b", False)
    assert order == 1.5 and same == labels
    # squeeze until float4 cannot split any more: renumber 1..n, as RenumberEnumType
    existing = list(labels)
    for i in range(40):
        order, existing = add_label_order(existing, "b", False)
        existing = existing + [(100 + i, order, f"x{i}")]
    orders = sorted(x[1] for x in existing)
    assert len(set(orders)) == len(orders)
    assert all(_f4(o) == o for o in orders)


def test_enum_add_value_errors_and_if_not_exists(s):
    s.execute("create type p as enum ('a')")
    assert err(s, "alter type p add value 'a'").sqlstate == "42710"
    s.execute("alter type p add value if not exists 'a'")
    assert s.notices[-1].message == 'enum label "a" already exists, skipping'
    e = err(s, "alter type p add value 'b' after 'zeus'")
    assert (e.sqlstate, e.message) == ("22023", '"zeus" is not an existing enum label')
    e = err(s, "alter type p add value '" + "x" * 64 + "'")
    assert e.detail == "Labels must be 63 bytes or less."


def test_enum_value_added_in_open_transaction_is_unsafe(s):
    s.execute("create type p as enum ('a')")
    s.execute("begin")
    s.execute("alter type p add value 'b'")
    e = err(s, "select 'b'::p")
    assert e.sqlstate == "55P04" and e.message == 'unsafe use of new value "b" of enum type p'
    s.execute("rollback")
    s.execute("begin")
    s.execute("alter type p add value 'b'")
    s.execute("commit")
    assert rows(s, "select 'b'::p::text") == [("b",)]


def test_enum_rename_value_and_support_functions(s):
    s.execute("create type c as enum ('red', 'green', 'blue')")
    s.execute("alter type c rename value 'red' to 'crimson'")
    assert rows(s, "select enum_first(null::c)::text, enum_last(null::c)::text, enum_range(null::c)::text, "
                   "enum_range('green'::c, null)::text") == [("crimson", "blue", "{crimson,green,blue}",
                                                              "{green,blue}")]
    assert err(s, "alter type c rename value 'red' to 'x'").message == '"red" is not an existing enum label'
    assert err(s, "alter type c rename value 'blue' to 'green'").sqlstate == "42710"


# ------------------------------------------------------------------ composite types
def test_composite_type_io_field_selection_and_storage(s):
    s.execute("create type pair as (a int, b text)")
    assert rows(s, "select row(1, 'x y')::pair::text, ('(7,zz)'::pair).b") == [('(1,"x y")', "zz")]
    s.execute("create table t (p pair, n int)")
    s.execute("insert into t values (row(2, 'b'), 1), ('(1,z)', 2), (null, 3)")
    assert rows(s, "select (p).a, (p).b from t order by p") == [(1, "z"), (2, "b"), (None, None)]
    e = err(s, "select ('(1,x)'::pair).c")
    assert e.sqlstate == "42703"
    e = err(s, "select '(1,2,3)'::pair")
    assert (e.sqlstate, e.detail) == ("22P02", "Too many columns.")


def test_composite_comparison(s):
    s.execute("create type p1 as (a int, b int)")
    s.execute("create type p2 as (a int, b text)")
    assert rows(s, "select row(1, 2)::p1 < row(1, 3)::p1, row(1, 2)::p1 = row(1, 2)::p1") == [(True, True)]
    e = err(s, "select row(1, 2)::p1 < row(1, 'abc')::p2")
    assert e.message == "cannot compare dissimilar column types integer and text at record column 2"


def test_alter_composite_type_attributes(s):
    s.execute("create type pair as (a int, b text)")
    s.execute("alter type pair add attribute c bool, drop attribute b")
    assert rows(s, "select row(1, true)::pair::text") == [("(1,t)",)]
    s.execute("alter type pair rename attribute c to flag")
    assert rows(s, "select ('(3,f)'::pair).flag") == [(False,)]


# ------------------------------------------------------------------ domains
def test_domain_checks_on_cast_insert_update(s):
    s.execute("create domain posint as int not null default 5 check (value > 0)")
    s.execute("create table t (a posint, b int)")
    s.execute("insert into t (b) values (1)")
    assert rows(s, "select a, a + 1 from t") == [(5, 6)]
    e = err(s, "insert into t values (-1, 2)")
    assert (e.sqlstate, e.message) == ("23514", 'value for domain posint violates check constraint "posint_check"')
    e = err(s, "insert into t values (null, 2)")
    assert (e.sqlstate, e.message) == ("23502", "domain posint does not allow null values")
    assert err(s, "update t set a = 0").sqlstate == "23514"
    assert err(s, "select (-3)::posint").sqlstate == "23514"


def test_alter_domain_checks_existing_data(s):
    s.execute("create domain d as int")
    s.execute("create table t (a d)")
    s.execute("insert into t values (5), (null)")
    e = err(s, "alter domain d add constraint small check (value < 3)")
    assert e.message == 'column "a" of table "t" contains values that violate the new constraint'
    e = err(s, "alter domain d set not null")
    assert e.message == 'column "a" of table "t" contains null values'
    s.execute("alter domain d add constraint big check (value > 1)")
    assert err(s, "insert into t values (0)").message == 'value for domain d violates check constraint "big"'
    s.execute("alter domain d drop constraint big")
    s.execute("insert into t values (0)")
    s.execute("alter domain d set default 42")
    s.execute("create table u (a d, b int)")
    s.execute("insert into u (b) values (1)")
    assert rows(s, "select a from u") == [(42,)]


def test_nested_domains_check_every_level(s):
    s.execute("create domain d1 as int check (value > 0)")
    s.execute("create domain d2 as d1 check (value < 10)")
    assert rows(s, "select 5::d2") == [(5,)]
    assert err(s, "select 0::d2").message == 'value for domain d2 violates check constraint "d1_check"'
    assert err(s, "select 10::d2").message == 'value for domain d2 violates check constraint "d2_check"'


def test_domain_pg_type_row(s):
    s.execute("create domain d as numeric(6,2) not null default 1.5")
    assert rows(s, "select typtype, typbasetype, typtypmod, typnotnull, typdefault, typinput::oid, "
                   "typoutput::oid, format_type(oid, null) from pg_type where typname = 'd'") == \
        [("d", 1700, 393222, True, "1.5", 2597, 1702, "d")]


# ------------------------------------------------------------------ DROP, shells, rollback, persistence
def test_drop_type_dependencies(s):
    s.execute("create type e as enum ('x')")
    s.execute("create domain de as e")
    s.execute("create table t (a int, b e)")
    e = err(s, "drop type e")
    assert e.sqlstate == "2BP01" and e.hint == "Use DROP ... CASCADE to drop the dependent objects too."
    # creation order, as PostgreSQL reports them
    assert e.detail.splitlines() == ["type de depends on type e", "column b of table t depends on type e"]
    s.execute("drop type e cascade")
    assert s.notices[-1].message == "drop cascades to 2 other objects"
    assert rows(s, "select * from t") == []
    assert rows(s, "select count(*) from pg_type where typname in ('e', '_e', 'de', '_de')") == [(0,)]
    assert err(s, "drop type _t").sqlstate == "2BP01"          # the table's array type


def test_shell_type_and_base_type_without_shell(s):
    s.execute("create type sh")
    assert rows(s, "select typtype, typisdefined from pg_type where typname = 'sh'") == [("p", False)]
    e = err(s, "create type nosh (input = int4in, output = int4out)")
    assert e.message == 'type "nosh" does not exist'
    e = err(s, "create type sh (input = array_in, output = array_out)")
    assert e.message == "type input function array_in must return type sh"
    s.execute("drop type sh")


def test_type_ddl_rolls_back(s):
    s.execute("begin")
    s.execute("create type e as enum ('x')")
    s.execute("create domain d as int check (value > 0)")
    s.execute("rollback")
    assert rows(s, "select count(*) from pg_type where typname in ('e', 'd')") == [(0,)]
    assert err(s, "select 'x'::e").sqlstate == "42704"


def test_types_survive_reopen(tmp_path):
    d = str(tmp_path / "db")
    c = pgref.connect(d, autocommit=True)
    s = c._session
    s.execute("create type mood as enum ('sad', 'ok')")
    s.execute("alter type mood add value 'meh' before 'ok'")
    s.execute("create domain pos as int not null check (value > 0)")
    s.execute("create type pt as (x int, y text)")
    s.execute("create table t (m mood, p pos, c pt, a mood[])")
    s.execute("insert into t values ('meh', 3, row(1, 'a b'), '{sad,ok}')")
    c.close()
    c = pgref.connect(d, autocommit=True)
    s = c._session
    assert rows(s, "select m::text, p, c::text, a::text, m < 'ok' from t") == \
        [("meh", 3, '(1,"a b")', "{sad,ok}", True)]
    assert err(s, "insert into t (p) values (0)").sqlstate == "23514"
    assert rows(s, "select enumlabel from pg_enum order by enumsortorder") == [("sad",), ("meh",), ("ok",)]
    c.close()


def test_table_name_clashing_with_a_type(s):
    s.execute("create type comp as (a int)")
    e = err(s, "create table comp (x int)")
    assert (e.sqlstate, e.message) == ("42710", 'type "comp" already exists')


def test_create_cast_without_function_reinterprets_bits(s):
    s.execute("create type xf")
    s.execute("create function xfin(cstring) returns xf immutable strict language internal as 'int4in'")
    s.execute("create function xfout(xf) returns cstring immutable strict language internal as 'int4out'")
    s.execute("create type xf (input = xfin, output = xfout, like = float4)")
    s.execute("create cast (xf as float4) without function")
    s.execute("create cast (integer as xf) without function")
    assert rows(s, "select 1065353216::integer::xf::float4, '7'::xf::text") == [(1.0, "7")]
    assert err(s, "create cast (xf as float4) without function").sqlstate == "42710"
    assert err(s, "create cast (xf as float8) without function").message == \
        "source and target data types are not physically compatible"
    s.execute("drop type xf cascade")
    assert s.notices[-1].detail.splitlines() == [
        "drop cascades to function xfin(cstring)", "drop cascades to function xfout(xf)",
        "drop cascades to cast from xf to real", "drop cascades to cast from integer to xf"]


def test_standalone_composite_in_pg_class_and_constraint_def(s):
    s.execute("create type comp as (a int, b text)")
    assert rows(s, "select c.relkind, a.attname from pg_class c join pg_attribute a on a.attrelid = c.oid "
                   "where c.relname = 'comp' and a.attnum > 0 order by a.attnum") == [("c", "a"), ("c", "b")]
    s.execute("create domain posint as int check (value > 0)")
    assert rows(s, "select pg_get_constraintdef(oid) from pg_constraint where contypid = 'posint'::regtype") == \
        [("CHECK ((VALUE > 0))",)]


def test_drop_table_whose_row_type_is_used(s):
    s.execute("create table fullname (first text, last text)")
    s.execute("create table people (fn fullname, bd date)")
    s.execute("insert into people values (row('Joe', 'Blow'), '1984-01-10')")
    assert rows(s, "select (fn).last from people") == [("Blow",)]
    e = err(s, "drop table fullname")
    assert (e.sqlstate, e.detail) == ("2BP01", "column fn of table people depends on type fullname")
    s.execute("drop table fullname cascade")
    assert s.notices[-1].message == "drop cascades to column fn of table people"
    assert rows(s, "select bd::text from people") == [("1984-01-10",)]

"""Storage options: reloptions, attstorage, TOAST relations and how the
toaster honours them (engine/reloptions.py, access/common/toast.py;
spec/06-access.md, "TOAST")."""
import pytest

import pgref
from pgref.engine import reloptions as R
from pgref.sql import ast as A
from .sqlhelp import err, rows


def opts(s, name):
    v = rows(s, f"select reloptions from pg_class where relname = '{name}'")[0][0]
    return None if v is None else list(v.elements)


# -- reloptions ---------------------------------------------------------------------

def test_create_with_options_are_stored_as_written(s):
    s.execute("create table t (a int) with (fillfactor = 50, autovacuum_enabled, "
              "autovacuum_vacuum_scale_factor = 0.5, vacuum_index_cleanup = ON)")
    assert opts(s, "t") == ["fillfactor=50", "autovacuum_enabled=true",
                            "autovacuum_vacuum_scale_factor=0.5", "vacuum_index_cleanup=on"]


def test_set_appends_and_reset_removes(s):
    s.execute("create table t (a int) with (fillfactor = 50, parallel_workers = 2)")
    s.execute("alter table t set (fillfactor = 60, toast_tuple_target = 4080)")
    assert opts(s, "t") == ["parallel_workers=2", "fillfactor=60", "toast_tuple_target=4080"]
    s.execute("alter table t reset (fillfactor, not_there, parallel_workers)")
    assert opts(s, "t") == ["toast_tuple_target=4080"]
    s.execute("alter table t reset (toast_tuple_target)")
    assert opts(s, "t") is None


@pytest.mark.parametrize("sql, message, detail", [
    ("create table x (a int) with (fillfactor = 2)", 'value 2 out of bounds for option "fillfactor"',
     'Valid values are between "10" and "100".'),
    ('create table x (a int) with ("Fillfactor" = 10)', 'unrecognized parameter "Fillfactor"', None),
    ("create table x (a int) with (fillfactor = 'abc')", 'invalid value for integer option "fillfactor": abc',
     None),
    ("create table x (a int) with (fillfactor)", 'invalid value for integer option "fillfactor": true', None),
    ("create table x (a int) with (autovacuum_enabled = maybe)",
     'invalid value for boolean option "autovacuum_enabled": maybe', None),
    ("create table x (a int) with (autovacuum_vacuum_scale_factor = 200)",
     'value 200 out of bounds for option "autovacuum_vacuum_scale_factor"',
     'Valid values are between "0.000000" and "100.000000".'),
    ("create table x (a int) with (vacuum_index_cleanup = sometimes)",
     'invalid value for enum option "vacuum_index_cleanup": sometimes', 'Valid values are "on", "off", and "auto".'),
    ("create table x (a int) with (fillfactor = 50, fillfactor = 60)",
     'parameter "fillfactor" specified more than once', None),
    ("create table x (a int) with (bar.foo = 1)", 'unrecognized parameter namespace "bar"', None),
    ("create table x (a int) with (toast.fillfactor = 50)", 'unrecognized parameter "fillfactor"', None),
    ("create table x (a int) with (toast_tuple_target = 100)", 'value 100 out of bounds for option '
     '"toast_tuple_target"', 'Valid values are between "128" and "8160".'),
    ("create table x (a int) partition by list (a) with (fillfactor = 10)",
     'unrecognized parameter "fillfactor"', None),
])
def test_invalid_options(s, sql, message, detail):
    e = err(s, sql)
    assert (e.sqlstate, e.message, e.detail) == ("22023", message, detail)


def test_oids_and_reset_values(s):
    e = err(s, "create table x (a int) with (oids = true)")
    assert (e.sqlstate, e.message) == ("0A000", "tables declared WITH OIDS are not supported")
    s.execute("create table w (a int) with (oids = false)")
    assert opts(s, "w") is None
    e = err(s, "alter table w set (oids = false)")
    assert e.message == 'unrecognized parameter "oids"'
    e = err(s, "alter table w reset (fillfactor = 3)")
    assert (e.sqlstate, e.message) == ("42601", "RESET must not include values for parameters")


def test_failed_set_changes_nothing(s):
    s.execute("create table t (a int) with (fillfactor = 50)")
    err(s, "alter table t set (parallel_workers = 3, fillfactor = 5)")
    assert opts(s, "t") == ["fillfactor=50"]


def test_create_table_as_with(s):
    s.execute("create table tas with (fillfactor = 20) as select 1 a")
    assert opts(s, "tas") == ["fillfactor=20"]


def test_toast_namespace_options_go_to_the_toast_relation(s):
    s.execute("create table t (a text) with (toast.autovacuum_enabled = false)")
    got = rows(s, "select c.relname, t.reloptions from pg_class c join pg_class t on t.oid = c.reltoastrelid "
                  "where c.relname = 't'")
    assert got[0][1].elements == ["autovacuum_enabled=false"]


def test_parse_bool_prefixes():
    assert [R.parse_bool(x) for x in ("t", "TRU", "y", "on", "of", "0", "o", "maybe")] == \
        [True, True, True, True, False, False, None, None]


def test_def_string_spellings():
    assert R.def_string(None) == "true"
    assert R.def_string(A.Integer(5)) == "5"
    assert R.def_string(A.Float("0.5")) == "0.5"
    assert R.def_string(A.TypeName(names=("off",))) == "off"


# -- SET STORAGE -------------------------------------------------------------------------

def test_set_storage_and_errors(s):
    s.execute("create table t (a int, b text, c varchar(10), d numeric)")
    s.execute("alter table t alter column b set storage MAIN, alter column c set storage external")
    s.execute("alter table t alter column a set storage plain")
    got = rows(s, "select attname, attstorage from pg_attribute where attrelid = 't'::regclass and attnum > 0 "
                  "order by attnum")
    assert got == [("a", "p"), ("b", "m"), ("c", "e"), ("d", "m")]
    e = err(s, "alter table t alter column a set storage external")
    assert (e.sqlstate, e.message) == ("0A000", "column data type integer can only have storage PLAIN")
    e = err(s, "alter table t alter column b set storage foo")
    assert (e.sqlstate, e.message) == ("22023", 'invalid storage type "foo"')
    e = err(s, "alter table t alter column zz set storage plain")
    assert e.sqlstate == "42703"


def test_set_storage_recurses_to_children(s):
    s.execute("create table p (a text)")
    s.execute("create table c () inherits (p)")
    s.execute("alter table p alter column a set storage external")
    assert rows(s, "select attstorage from pg_attribute where attrelid = 'c'::regclass and attname = 'a'") == \
        [("e",)]


def test_set_compression(s):
    s.execute("create table t (a int, b text)")
    s.execute("alter table t alter column b set compression pglz")
    assert rows(s, "select attcompression from pg_attribute where attrelid = 't'::regclass and attnum = 2") == \
        [("p",)]
    e = err(s, "alter table t alter column a set compression pglz")
    assert e.message == "column data type integer does not support compression"


def test_attribute_options(s):
    s.execute("create table t (a int)")
    s.execute("alter table t alter column a set (n_distinct = -0.5)")
    assert rows(s, "select attoptions from pg_attribute where attrelid = 't'::regclass and attnum = 1")[0][0]\
        .elements == ["n_distinct=-0.5"]
    e = err(s, "alter table t alter column a set (fillfactor = 10)")
    assert e.message == 'unrecognized parameter "fillfactor"'
    s.execute("alter table t alter column a reset (n_distinct)")
    assert rows(s, "select attoptions from pg_attribute where attrelid = 't'::regclass and attnum = 1") == [(None,)]


# -- TOAST relations -------------------------------------------------------------------------

def test_which_tables_get_a_toast_relation(s):
    s.execute("create table t1 (a int, b text)")
    s.execute("create table t2 (a int, c varchar(10))")
    s.execute("create table t3 (a int, c varchar(501))")      # 24 + MAXALIGN(4 + 2008) > 2032
    s.execute("create table t4 (a int, c varchar(500))")
    s.execute("create table t5 (a int)")
    s.execute("create table t6 (a numeric(1000, 2))")         # at most 510 bytes
    s.execute("create table t7 (a bit varying(20000))")
    s.execute("create table p (a text) partition by list (a)")
    got = dict(rows(s, "select relname, reltoastrelid <> 0 from pg_class where relname in "
                       "('t1', 't2', 't3', 't4', 't5', 't6', 't7', 'p')"))
    assert got == {"t1": True, "t2": False, "t3": True, "t4": False, "t5": False, "t6": False, "t7": True,
                   "p": False}


def test_toast_relation_rows(s):
    s.execute("create table t (a text)")
    oid, toast = rows(s, "select oid::int, reltoastrelid::int from pg_class where relname = 't'")[0]
    got = rows(s, f"select relname, relkind, relnamespace::int from pg_class where relname like 'pg_toast_{oid}%' "
                  "order by relname")
    assert got == [(f"pg_toast_{oid}", "t", 99), (f"pg_toast_{oid}_index", "i", 99)]
    assert toast > oid


def test_alter_table_add_column_creates_toast_relation(s):
    s.execute("create table t (a int)")
    assert rows(s, "select reltoastrelid from pg_class where relname = 't'") == [(0,)]
    s.execute("alter table t add column b text")
    assert rows(s, "select reltoastrelid <> 0 from pg_class where relname = 't'") == [(True,)]


def test_drop_table_drops_toast_relation(s):
    s.execute("create table t (a text)")
    oid = rows(s, "select oid::int from pg_class where relname = 't'")[0][0]
    s.execute("drop table t")
    assert rows(s, f"select count(*) from pg_class where relname like 'pg_toast_{oid}%'") == [(0,)]


def toast_size(s, name):
    return rows(s, f"select pg_relation_size(reltoastrelid) from pg_class where relname = '{name}'")[0][0]


def test_external_storage_goes_out_of_line_uncompressed(s):
    s.execute("create table t (f1 text)")
    s.execute("insert into t values (repeat('1234567890', 10000))")
    assert toast_size(s, "t") == 0                      # extended: pglz shrinks it inline
    s.execute("alter table t alter column f1 set storage external")
    s.execute("insert into t values (repeat('1234567890', 10000))")
    assert toast_size(s, "t") == 13 * 8192              # 51 chunks of <= 1996 bytes, four a page (as PostgreSQL)
    assert rows(s, "select pg_column_size(f1) from t order by 1") == [(1167,), (100000,)]
    assert rows(s, "select length(f1), substr(f1, 99991) from t") == [(100000, "1234567890")] * 2
    s.execute("truncate t")
    assert toast_size(s, "t") == 0


def test_toast_tuple_target_decides_when_to_toast(s):
    s.execute("create table t (f1 text)")
    s.execute("alter table t alter column f1 set storage external")
    s.execute("insert into t values (repeat('1234567890', 300))")
    assert toast_size(s, "t") > 0                       # 3000 bytes > the default target 2032
    s.execute("truncate t")
    s.execute("alter table t set (toast_tuple_target = 4080)")
    s.execute("insert into t values (repeat('1234567890', 300))")
    assert toast_size(s, "t") == 0


def test_main_storage_compresses_and_plain_never_toasts(s):
    s.execute("create table t (a int, b text)")
    s.execute("alter table t alter column b set storage main")
    s.execute("insert into t values (1, repeat('x', 5000))")
    assert toast_size(s, "t") == 0
    assert rows(s, "select pg_column_size(b) < 5000 from t") == [(True,)]
    s.execute("alter table t alter column b set storage plain")
    s.execute("insert into t values (2, repeat('a', 8126))")   # fits a page uncompressed
    assert rows(s, "select a, pg_column_size(b) from t where a = 2") == [(2, 8130)]
    assert toast_size(s, "t") == 0


def test_storage_survives_reopen(tmp_path):
    d = str(tmp_path / "data")
    conn = pgref.connect(d, autocommit=True)
    cur = conn.cursor()
    cur.execute("create table t (a int, b text) with (fillfactor = 70)")
    cur.execute("alter table t alter column b set storage external")
    toast = cur.execute("select reltoastrelid from pg_class where relname = 't'").fetchall()
    conn.close()
    conn = pgref.connect(d, autocommit=True)
    cur = conn.cursor()
    assert cur.execute("select reltoastrelid from pg_class where relname = 't'").fetchall() == toast
    got = cur.execute("select reloptions from pg_class where relname = 't'").fetchall()[0][0]
    assert list(got) == ["fillfactor=70"]
    assert cur.execute("select attstorage from pg_attribute where attrelid = 't'::regclass and attnum = 2"
                       ).fetchall() == [("e",)]
    conn.close()


def test_inherited_columns_keep_storage_and_conflicts_fail(s):
    s.execute("create table p1 (a text)")
    s.execute("alter table p1 alter column a set storage main")
    s.execute("create table p2 (a text)")
    s.execute("create table c1 () inherits (p1)")
    assert rows(s, "select attstorage from pg_attribute where attrelid = 'c1'::regclass and attname = 'a'") == \
        [("m",)]
    e = err(s, "create table c2 () inherits (p1, p2)")
    assert (e.sqlstate, e.message, e.detail) == ("42804", 'inherited column "a" has a storage parameter conflict',
                                                 "MAIN versus EXTENDED")
    e = err(s, "create table c3 (like p2 including storage) inherits (p1)")
    assert (e.message, e.detail) == ('column "a" has a storage parameter conflict', "MAIN versus EXTENDED")
    s.execute("create table c4 (like p2) inherits (p1)")       # without STORAGE: the inherited one stays
    assert rows(s, "select attstorage from pg_attribute where attrelid = 'c4'::regclass and attname = 'a'") == \
        [("m",)]


def test_column_compression_clause_and_pg_column_compression(s):
    s.execute("create table t (a text compression pglz, b text)")
    assert rows(s, "select attname, attcompression from pg_attribute where attrelid = 't'::regclass "
                   "and attnum > 0 order by attnum") == [("a", "p"), ("b", "")]
    e = err(s, "create table x (a text compression lz4)")
    assert (e.sqlstate, e.message, e.detail) == (
        "0A000", "compression method lz4 not supported",
        "This functionality requires the server to be built with lz4 support.")
    e = err(s, "create table x (a int compression pglz)")
    assert e.message == "column data type integer does not support compression"
    s.execute("insert into t values (repeat('1234567890', 1004), 'short')")
    assert rows(s, "select pg_column_compression(a), pg_column_compression(b) from t") == [("pglz", None)]
    s.execute("alter table t alter column b set storage external")
    s.execute("insert into t values ('x', repeat('1234567890', 1004))")   # out of line, uncompressed
    assert rows(s, "select pg_column_compression(b) from t where a = 'x'") == [(None,)]
    s.execute("create table l (like t including compression)")
    assert rows(s, "select attcompression from pg_attribute where attrelid = 'l'::regclass and attnum = 1") == \
        [("p",)]
    s.execute("create table c (a text compression pglz) inherits (t)")
    e = err(s, "create table c2 (a text compression lz4) inherits (t)")
    assert (e.message, e.detail) == ('column "a" has a compression method conflict', "pglz versus lz4")


# -- the strings regression test's other needs (types/funcs/regex_funcs.py) ---------------

def test_substring_similar_error_carries_sql_function_context(s):
    e = err(s, "select substring('abcdefg' similar 'a*#\"%#\"g*#\"x' escape '#')")
    assert e.message == "SQL regular expression may not contain more than two escape-double-quote separators"
    assert e.context == 'SQL function "substring" statement 1'
    assert rows(s, "select substring('abcdefg' similar 'a#\"%#\"g' escape '#')") == [("bcdef",)]
    assert rows(s, "select substring('abcdefg' similar '%' escape null)") == [(None,)]


def test_regexp_replace_numeric_flags_hint(s):
    e = err(s, "select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', '1')")
    assert (e.message, e.hint) == ('invalid regular expression option: "1"', "If you meant to use "
                                   "regexp_replace() with a start parameter, cast the fourth argument to "
                                   "integer explicitly.")


def test_similar_escape_bracket_after_escape_closes_class():
    from pgref.types.funcs.regex_funcs import similar_to_are
    assert similar_to_are("[|a]%", "|") == "^(?:[\\a].*)$"
    assert similar_to_are("[]%][^]%][^%]%", "\\") == "^(?:[]%][^]%][^%].*)$"


def test_toast_options_of_a_table_without_toast_relation(s):
    s.execute("create table nt (a int) with (toast.autovacuum_enabled = false)")
    s.execute("alter table nt set (toast.fillfactor = 3)")          # ignored, as in PostgreSQL
    s.execute("alter table nt add column b text")
    got = rows(s, "select t.reloptions from pg_class c join pg_class t on t.oid = c.reltoastrelid "
                  "where c.relname = 'nt'")
    assert got == [(None,)]


def test_alter_column_type_resets_storage_and_may_add_toast(s):
    s.execute("create table t (a varchar(10))")
    s.execute("alter table t alter column a set storage external")
    assert rows(s, "select reltoastrelid from pg_class where relname = 't'") == [(0,)]
    s.execute("alter table t alter column a type text")
    assert rows(s, "select attstorage from pg_attribute where attrelid = 't'::regclass and attnum = 1") == \
        [("x",)]
    assert rows(s, "select reltoastrelid <> 0 from pg_class where relname = 't'") == [(True,)]


def test_rewrite_drops_an_unneeded_toast_relation_and_set_storage_readds_it(s):
    # alter_table.sql, "SET STORAGE may need to add a TOAST table"
    s.execute("create table t (a text)")
    s.execute("alter table t alter a set storage plain")
    s.execute("alter table t add b int default random()::int")      # rewrites the table
    assert rows(s, "select reltoastrelid <> 0 from pg_class where relname = 't'") == [(False,)]
    s.execute("alter table t alter a set storage extended")
    assert rows(s, "select reltoastrelid <> 0 from pg_class where relname = 't'") == [(True,)]


def test_system_catalogs_cannot_be_altered(s):
    e = err(s, "alter table pg_class alter column relname drop not null")
    assert (e.sqlstate, e.message) == ("42501", 'permission denied: "pg_class" is a system catalog')


def test_index_columns_follow_the_table_columns_storage(s):
    s.execute("create table t (a text, b int)")
    s.execute("create index t_idx on t (b, a)")
    s.execute("alter table t alter column a set storage external")
    assert rows(s, "select attname, attstorage from pg_attribute where attrelid = 't_idx'::regclass "
                   "order by attnum") == [("b", "p"), ("a", "e")]

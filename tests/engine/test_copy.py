"""COPY through the embedded engine: server-side files in text and CSV,
escapes, NULLs, headers, errors with PostgreSQL's CONTEXT, atomicity, and the
regression suite's data files (spec/09-engine.md, "COPY")."""
from __future__ import annotations

import re

import pytest

import pgref
from pgref.errors import PgError
from .sqlhelp import rows

DATA = "/work/shared/pg_regress/data"
SETUP = "/work/shared/pg_regress/sql/test_setup.sql"


def err(s, sql) -> PgError:
    with pytest.raises(PgError) as ei:
        s.execute(sql)
    return ei.value


def test_text_round_trip_with_escapes(s, tmp_path):
    f = tmp_path / "t.data"
    f.write_bytes(b"1\tab\\tc\n2\t\\N\n3\t\\x41\\101\\\\z\n4\tline\\nbreak \\b\\f\\r\\v\n5\tesc\\\ttab\n")
    s.execute("create table t(a int not null, b text, c int default 7)")
    assert s.execute(f"copy t(a, b) from '{f}'")[0].tag == "COPY 5"
    assert rows(s, "select a, b, c from t order by a") == [
        (1, "ab\tc", 7), (2, None, 7), (3, "AA\\z", 7), (4, "line\nbreak \b\f\r\v", 7), (5, "esc\ttab", 7)]
    out = tmp_path / "t.out"
    assert s.execute(f"copy t to '{out}'")[0].tag == "COPY 5"
    assert out.read_bytes() == (b"1\tab\\tc\t7\n2\t\\N\t7\n3\tAA\\\\z\t7\n4\tline\\nbreak \\b\\f\\r\\v\t7\n"
                                b"5\tesc\\ttab\t7\n")
    s.execute("create table t2(a int, b text, c int)")
    s.execute(f"copy t2 from '{out}'")
    assert rows(s, "select * from t2 order by a") == rows(s, "select * from t order by a")


def test_text_options_delimiter_null_header(s, tmp_path):
    f = tmp_path / "p.data"
    f.write_text("a|b\n1|\n2|x\\|y\n\\.\n3|ignored after end marker\n")
    s.execute("create table p(a int, b text)")
    assert s.execute(f"copy p from '{f}' with (delimiter '|', null '', header)")[0].tag == "COPY 2"
    assert rows(s, "select * from p order by a") == [(1, None), (2, "x|y")]
    out = tmp_path / "p.out"
    s.execute(f"copy p to '{out}' (delimiter '|', null 'NUL', header true)")
    assert out.read_text() == "a|b\n1|NUL\n2|x\\|y\n"


def test_csv_round_trip(s, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('id,txt,n\n1,"a, ""b""",\n2,"multi\nline",5\n3,"",\n4,plain,"7"\n')
    s.execute("create table c(id int, txt text, n int)")
    assert s.execute(f"copy c from '{f}' (format csv, header match)")[0].tag == "COPY 4"
    assert rows(s, "select * from c order by id") == [
        (1, 'a, "b"', None), (2, "multi\nline", 5), (3, "", None), (4, "plain", 7)]
    out = tmp_path / "c.out"
    s.execute(f"copy c to '{out}' (format csv, header, force_quote (n))")
    assert out.read_text() == 'id,txt,n\n1,"a, ""b""",\n2,"multi\nline","5"\n3,"",\n4,plain,"7"\n'
    s.execute(f"copy (select id, txt from c where id < 3 order by id) to '{out}' csv quote '''' escape '\\'")
    assert out.read_text() == "1,'a, \"b\"'\n2,'multi\nline'\n"


def test_csv_force_null_and_force_not_null(s, tmp_path):
    f = tmp_path / "f.csv"
    f.write_text('1,"",\n')
    s.execute("create table f(a int, b text, c text)")
    s.execute(f"copy f from '{f}' (format csv, force_null (b), force_not_null (c))")
    assert rows(s, "select a, b, c from f") == [(1, None, "")]


def test_errors_carry_copy_context(s, tmp_path):
    s.execute("create table e(a int not null, b text)")
    f = tmp_path / "e.data"
    f.write_text("1\tx\nzz\ty\n")
    e = err(s, f"copy e from '{f}'")
    assert (e.sqlstate, e.message) == ("22P02", 'invalid input syntax for type integer: "zz"')
    assert e.context == 'COPY e, line 2, column a: "zz"'
    f.write_text("1\tx\t5\n")
    e = err(s, f"copy e from '{f}'")
    assert (e.sqlstate, e.message, e.context) == ("22P04", "extra data after last expected column",
                                                  'COPY e, line 1: "1\tx\t5"')
    f.write_text("1\n")
    e = err(s, f"copy e from '{f}'")
    assert (e.message, e.context) == ('missing data for column "b"', 'COPY e, line 1: "1"')
    f.write_text("1\tx\n\\N\ty\n")
    e = err(s, f"copy e from '{f}'")
    assert e.sqlstate == "23502" and e.context == 'COPY e, line 2: "\\N\ty"'
    f.write_text('1,"abc\nde\n')
    e = err(s, f"copy e from '{f}' csv")
    assert (e.sqlstate, e.message, e.context) == ("22P04", "unterminated CSV quoted field",
                                                  'COPY e, line 1: "1,"abc\nde\n"')
    s.execute("create table u(a int primary key)")
    f.write_text("1\n1\n")
    e = err(s, f"copy u from '{f}'")
    assert e.sqlstate == "23505" and e.context == "COPY u, line 2"
    long = "x" * 150
    f.write_text(f"{long}\t1\n")
    e = err(s, f"copy e from '{f}'")
    assert e.context == f'COPY e, line 1, column a: "{"x" * 100}..."'


def test_encoding_and_end_marker_errors(s, tmp_path):
    s.execute("create table m(a int, b text)")
    f = tmp_path / "m.data"
    f.write_bytes(b"1\tab\xe9z\n")
    e = err(s, f"copy m from '{f}'")
    assert (e.sqlstate, e.message, e.context) == (
        "22021", 'invalid byte sequence for encoding "UTF8": 0xe9 0x7a 0x0a', "COPY m, line 1")
    f.write_bytes(b"1\t\\351\n")
    e = err(s, f"copy m from '{f}'")
    assert (e.message, e.context) == ('invalid byte sequence for encoding "UTF8": 0xe9',
                                      'COPY m, line 1: "1\t\\351"')
    f.write_bytes(b"1\tx\n\\.x\n")
    e = err(s, f"copy m from '{f}'")
    assert (e.sqlstate, e.message, e.context) == ("22P04", "end-of-copy marker corrupt", "COPY m, line 2")
    f.write_bytes(b"1\tx\\.\n2\ty\n")
    assert s.execute(f"copy m from '{f}'")[0].tag == "COPY 1"
    assert rows(s, "select a, b from m") == [(1, "x")]


def test_header_match_errors(s, tmp_path):
    s.execute("create table h(a int, b text)")
    f = tmp_path / "h.csv"
    f.write_text("a,b\n1,x\n")
    e = err(s, f"copy h(b, a) from '{f}' (format csv, header match)")
    assert (e.sqlstate, e.message, e.context) == (
        "22P04", 'column name mismatch in header line field 1: got "a", expected "b"', 'COPY h, line 1: "a,b"')
    f.write_text("a,b,c\n")
    e = err(s, f"copy h from '{f}' (format csv, header match)")
    assert e.message == "wrong number of fields in header line: got 3, expected 2"
    f.write_text("\\N,b\n")
    e = err(s, f"copy h from '{f}' (format csv, header match, null '\\N')")
    assert e.message == 'column name mismatch in header line field 1: got null value ("\\N"), expected "a"'


def test_error_leaves_no_rows(s, tmp_path):
    s.execute("create table r(a int)")
    f = tmp_path / "r.data"
    f.write_text("1\n2\n3\nbad\n")
    err(s, f"copy r from '{f}'")
    assert rows(s, "select count(*) from r") == [(0,)]
    s.execute("begin")
    s.execute("insert into r values (100)")
    err(s, f"copy r from '{f}'")
    assert err(s, "select 1").sqlstate == "25P02"
    s.execute("rollback")
    assert rows(s, "select count(*) from r") == [(0,)]


def test_file_and_option_errors(s, tmp_path):
    s.execute("create table o(a int, b text)")
    s.execute("create view ov as select 1 as x")
    e = err(s, "copy o from '/nonexistent/x.data'")
    assert (e.sqlstate, e.message) == ("58P01", 'could not open file "/nonexistent/x.data" for reading: '
                                                "No such file or directory")
    assert e.hint.startswith("COPY FROM instructs the PostgreSQL server process to read a file.")
    cases = {
        "copy o to 'rel.out'": ("42602", "relative path not allowed for COPY to file"),
        "copy o to stdout (format xml)": ("22023", 'COPY format "xml" not recognized'),
        "copy o to stdout (delimiter 'ab')": ("0A000", "COPY delimiter must be a single one-byte character"),
        "copy o to stdout (quote '\"')": ("0A000", "COPY quote available only in CSV mode"),
        "copy o from stdin (format csv, force_quote *)": ("0A000",
                                                          "COPY force quote only available using COPY TO"),
        "copy o to stdout (format csv, force_not_null (a))": (
            "0A000", "COPY force not null only available using COPY FROM"),
        "copy o to stdout (header match)": ("0A000", 'cannot use "match" with HEADER in COPY TO'),
        "copy o to stdout (default 'x')": ("42601", 'option "default" not recognized'),
        "copy o to stdout (format csv, format text)": ("42601", "conflicting or redundant options"),
        "copy o(zz) to stdout": ("42703", 'column "zz" of relation "o" does not exist'),
        "copy o(a, a) from stdin": ("42701", 'column "a" specified more than once'),
        "copy ov to stdout": ("42809", 'cannot copy from view "ov"'),
        "copy ov from stdin": ("42809", 'cannot copy to view "ov"'),
        "copy o to stdout (format binary, header)": ("42601", "cannot specify HEADER in BINARY mode"),
        "copy o from stdin": ("0A000", "COPY FROM STDIN is only available through the wire protocol"),
        "copy o to stdout": ("0A000", "COPY TO STDOUT is only available through the wire protocol"),
    }
    for sql, want in cases.items():
        e = err(s, sql)
        assert (e.sqlstate, e.message) == want, sql


def test_copy_from_where(s, tmp_path):
    s.execute("create table w(a int, b text default 'd')")
    f = tmp_path / "w.data"
    f.write_text("1\n2\n3\n4\n")
    assert s.execute(f"copy w(a) from '{f}' where a % 2 = 0 and b = 'd'")[0].tag == "COPY 2"
    assert rows(s, "select a, b from w order by a") == [(2, "d"), (4, "d")]
    e = err(s, f"copy w from '{f}' where sum(a) > 1")
    assert (e.sqlstate, e.message) == ("42803", "aggregate functions are not allowed in COPY FROM WHERE conditions")
    e = err(s, f"copy w from '{f}' where a > (select 1)")
    assert (e.sqlstate, e.message) == ("0A000", "cannot use subquery in COPY FROM WHERE condition")


def test_freeze_needs_table_from_this_subtransaction(s, tmp_path):
    f = tmp_path / "fz.data"
    f.write_text("1\n")
    s.execute("create table fz(a int)")
    e = err(s, f"copy fz from '{f}' (freeze)")
    assert (e.sqlstate, e.message) == ("55000", "cannot perform COPY FREEZE because the table was not created "
                                                "or truncated in the current subtransaction")
    s.execute("begin")
    s.execute("truncate fz")
    assert s.execute(f"copy fz from '{f}' (freeze)")[0].tag == "COPY 1"
    s.execute("savepoint a")
    assert err(s, f"copy fz from '{f}' (freeze true)").sqlstate == "55000"
    s.execute("rollback to a")
    s.execute("commit")
    assert rows(s, "select a from fz") == [(1,)]


def test_dbapi_cursor_rowcount(tmp_path):
    f = tmp_path / "db.data"
    f.write_text("1\n2\n")
    conn = pgref.connect(":memory:")
    cur = conn.cursor()
    cur.execute("create table dbc(a int)")
    cur.execute(f"copy dbc from '{f}'")
    assert cur.rowcount == 2
    conn.commit()
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute("copy dbc from stdin")
    assert ei.value.sqlstate == "0A000"
    conn.close()


def test_read_only_transaction(s, tmp_path):
    s.execute("create table ro(a int)")
    f = tmp_path / "ro.data"
    f.write_text("1\n")
    s.execute("begin transaction read only")
    e = err(s, f"copy ro from '{f}'")
    assert (e.sqlstate, e.message) == ("25006", "cannot execute COPY FROM in a read-only transaction")
    s.execute("rollback")


def test_copy_query_with_returning(s, tmp_path):
    s.execute("create table q(a serial, b text)")
    out = tmp_path / "q.out"
    assert s.execute(f"copy (insert into q(b) values ('x'), ('y') returning a, b) to '{out}'")[0].tag == "COPY 2"
    assert out.read_text() == "1\tx\n2\ty\n"
    e = err(s, f"copy (delete from q) to '{out}'")
    assert e.message == "COPY query must have a RETURNING clause"


def _create_stmt(name: str) -> str:
    text = open(SETUP).read()
    m = re.search(rf"CREATE TABLE {name} \(.*?\n\);", text, re.S)
    return m.group(0)


def test_regression_onek(s):
    s.execute(_create_stmt("onek"))
    assert s.execute(f"copy onek from '{DATA}/onek.data'")[0].tag == "COPY 1000"
    assert rows(s, "select count(*), sum(unique1), min(stringu1), max(string4) from onek") == [
        (1000, 499500, "AAAAAA", "VVVVxx")]
    assert rows(s, "select unique1, unique2, stringu1, stringu2, string4 from onek where unique2 = 0") == [
        (147, 0, "RFAAAA", "AAAAAA", "AAAAxx")]


def test_regression_tenk1(s):
    s.execute(_create_stmt("tenk1"))
    assert s.execute(f"copy tenk1 from '{DATA}/tenk.data'")[0].tag == "COPY 10000"
    assert rows(s, "select count(distinct unique1), max(unique2) from tenk1") == [(10000, 9999)]

"""to_date / to_timestamp(text, text) (formatting.c DCH_from_char,
do_to_timestamp) and to_char(number) quoting, against outputs recorded from
PostgreSQL 15 (spec/03-types-datetime.md, "Formatting")."""
import pytest

import pgref
from pgref.types.datetime.formatting import do_to_timestamp, parse_from_format


@pytest.fixture(scope="module")
def conn():
    c = pgref.connect(":memory:")
    yield c
    c.close()


def run(conn, sql):
    cur = conn.cursor()
    cur.execute("set timezone = 'PST8PDT'")
    try:
        cur.execute(sql)
        return cur.fetchall()[0][0]
    finally:
        conn.rollback()


OK = [
    ("to_date('2024-03-15', 'YYYY-MM-DD')", "2024-03-15"),
    ("to_timestamp('2024-03-15 13:45:12.345', 'YYYY-MM-DD HH24:MI:SS.MS')",
     "2024-03-15 13:45:12.345-07"),
    ("to_timestamp('05 Dec 2000', 'DD Mon YYYY')", "2000-12-05 00:00:00-08"),
    ("to_date('3 4 21 01', 'W MM CC YY')", "2001-04-15"),
    ("to_timestamp('2011-12-18 11:38 PM', 'YYYY-MM-DD HH12:MI PM')", "2011-12-18 23:38:00-08"),
    ("to_timestamp('2011-12-18 11:38 +05:30', 'YYYY-MM-DD HH12:MI TZH:TZM')",
     "2011-12-17 22:08:00-08"),
    ("to_timestamp('1997 AD 16', 'YYYY BC DD')", "1997-01-16 00:00:00-08"),
    ("to_date('2458872', 'J')", "2020-01-23"),
    ("to_date('1 4 1902', 'Q MM YYYY')", "1902-04-01"),
    ("to_timestamp('15 \"text between quote marks\" 98 54 45', "
     "E'HH24 \"\\\\\"text between quote marks\\\\\"\" YY MI SS')", "1998-01-01 15:54:45-08"),
    ("to_timestamp('2000January09Sunday', 'YYYYFMMonthDDFMDay')", "2000-01-09 00:00:00-08"),
    ("to_date('2015 365', 'YYYY DDD')", "2015-12-31"),
    ("to_date('2016 366', 'IYYY IDDD')", "2017-01-03"),
    ("to_timestamp('  20050302', 'YYYYMMDD')", "2005-03-02 00:00:00-08"),
    ("to_timestamp('2000-01-01 12:00 x', 'YYYY-MM-DD HH24:MI')", "2000-01-01 12:00:00-08"),
    ("to_timestamp('2018-11-02 12:34:56.025', 'YYYY-MM-DD HH24:MI:SS.FF3')",
     "2018-11-02 12:34:56.025-07"),
    ("to_timestamp('19971116', 'FXYYYYMMDD')", "1997-11-16 00:00:00-08"),
    ("to_timestamp('1997 11 16', 'YYYY  MM DD')", "1997-11-16 00:00:00-08"),
    ("to_timestamp('2000 +  10', 'YYYY TZH')", "1999-12-31 06:00:00-08"),
]


@pytest.mark.parametrize("expr,expected", OK)
def test_matches_postgresql(conn, expr, expected):
    assert run(conn, f"select ({expr})::text") == expected


ERRORS = [
    ("to_timestamp('97/Feb/16', 'YYMonDD')", "22007", 'invalid value "/Feb/16" for "Mon"',
     "The given value did not match any of the allowed values for this field."),
    ("to_timestamp('xxxx', 'YYYY')", "22007", 'invalid value "xxxx" for "YYYY"',
     "Value must be an integer."),
    ("to_date('2016-13-10', 'YYYY-MM-DD')", "22008",
     'date/time field value out of range: "2016-13-10"', None),
    ("to_date('2016-02-30', 'YYYY-MM-DD')", "22008",
     'date/time field value out of range: "2016-02-30"', None),
    ("to_timestamp('2016-06-13 25:00:00', 'YYYY-MM-DD HH24:MI:SS')", "22008",
     'date/time field value out of range: "2016-06-13 25:00:00"', None),
    ("to_timestamp('199711xy', 'YYYYMMDD')", "22007", 'invalid value "xy" for "DD"',
     "Value must be an integer."),
    ("to_timestamp('1997-11-Jan-16', 'YYYY-MM-Mon-DD')", "22007",
     'conflicting values for "Mon" field in formatting string',
     "This value contradicts a previous setting for the same field type."),
    ("to_timestamp('10-10-2010 PM', 'MM-DD-YYYY AM')", "22007",
     'hour "0" is invalid for the 12-hour clock', None),
    ("to_date('1 2020 ww', 'IW YYYY')", "22007", "invalid combination of date conventions", None),
    ("to_timestamp('2011-12-18 11:38 20', 'YYYY-MM-DD HH12:MI TZ')", "0A000",
     'formatting field "TZ" is only supported in to_char', None),
    ("to_timestamp('Friday 1-January-1999', 'DY DD MON YYYY')", "22007",
     'invalid value "da" for "DD"', "Value must be an integer."),
]


@pytest.mark.parametrize("expr,sqlstate,message,detail", ERRORS)
def test_errors_match_postgresql(conn, expr, sqlstate, message, detail):
    with pytest.raises(Exception) as e:
        run(conn, f"select {expr}")
    assert e.value.sqlstate == sqlstate
    assert message in str(e.value)


def test_short_fixed_width_field_detail():
    from pgref.errors import PgError
    with pytest.raises(PgError) as e:
        do_to_timestamp("20191", "YYYYMMDD")
    assert e.value.sqlstate == "22007"
    assert e.value.message == 'source string too short for "MM" formatting field'
    assert e.value.detail == "Field requires 2 characters, but only 1 remain."
    assert e.value.hint == 'If your source string is not fixed-width, try using the "FM" modifier.'
    # input that ends early simply stops the template (2019-01-01)
    tm, fsec, _p, _z = do_to_timestamp("2019", "YYYYMMDD")
    assert (tm.year, tm.mon, tm.mday, fsec) == (2019, 1, 1, 0)


def test_parse_from_format_node_kinds():
    nodes = parse_from_format('FMYYYY-"x-" Mon')
    assert nodes[0] == ("kw", "YYYY", "YYYY", True, None)
    assert [n[0] for n in nodes[1:]] == ["sep", "char", "char", "space", "kw"]


NUM = [
    ("to_char(456::int8, E'99999 \"text\" 9999 \"9999\" 999 \"\\\\\"text between quote "
     "marks\\\\\"\" 9999')", '      text      9999     "text between quote marks"   456'),
    ("to_char(4567890123456789::int8, E'99999 \"text\" 9999 \"9999\" 999 \"\\\\\"text between "
     "quote marks\\\\\"\" 9999')", ' 45678 text 9012 9999 345 "text between quote marks" 6789'),
    ("to_char(-4567890123456789::int8, E'99999 \"text\" 9999 \"9999\" 999 \"\\\\\"text between "
     "quote marks\\\\\"\" 9999')", '-45678 text 9012 9999 345 "text between quote marks" 6789'),
]


@pytest.mark.parametrize("expr,expected", NUM)
def test_to_char_quoted_text(conn, expr, expected):
    assert run(conn, f"select {expr}") == expected

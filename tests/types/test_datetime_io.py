"""Text/binary I/O and typmods of the date/time types against outputs
collected from a real PostgreSQL 15 (spec/03-types-datetime.md, "Tests that
pin it down").  The JSON fixtures beside this file were produced once with a
throwaway cluster; no PostgreSQL is needed to run these tests.

test_datetime_io_cases.json rows:  [type, input text, DateStyle, TimeZone,
IntervalStyle, expected output or "ERR <sqlstate> <message>[ HINT <hint>]"].
Inputs come from the regression suite's date/time/timetz/timestamp/
timestamptz/interval/horology scripts plus hand-picked edge cases (DST
gaps and overlaps in America/Los_Angeles, LMT offsets, BC dates, range
limits, infinities, every DateStyle and IntervalStyle).
"""
from __future__ import annotations

import json
import pathlib
import struct

import pytest

from pgref.errors import PgError
from pgref.types.datetime import io as dio
from pgref.types.values import (DATE_NOBEGIN, DATE_NOEND, TIMESTAMP_NOEND, Interval, IOSettings,
                                TimeTz)

HERE = pathlib.Path(__file__).parent
IO_CASES = json.loads((HERE / "test_datetime_io_cases.json").read_text())
TYPMOD_CASES = json.loads((HERE / "test_datetime_typmod_cases.json").read_text())

FUNCS = {
    "date": (dio.date_in, dio.date_out), "time": (dio.time_in, dio.time_out),
    "timetz": (dio.timetz_in, dio.timetz_out),
    "timestamp": (dio.timestamp_in, dio.timestamp_out),
    "timestamptz": (dio.timestamptz_in, dio.timestamptz_out),
    "interval": (dio.interval_in, dio.interval_out),
}


class Ctx:
    def __init__(self, datestyle="ISO, MDY", timezone="America/Los_Angeles",
                 intervalstyle="postgres", now=0):
        self.settings = IOSettings(datestyle=datestyle, timezone=timezone,
                                   intervalstyle=intervalstyle)
        self.now = now


def render(fn):
    try:
        return fn()
    except PgError as e:
        return f"ERR {e.sqlstate} {e.message}" + (f" HINT {e.hint}" if e.hint else "")


@pytest.mark.parametrize("case", IO_CASES, ids=lambda c: f"{c[0]}:{c[1]}:{c[2]}:{c[3]}:{c[4]}")
def test_text_io_matches_postgres(case):
    typ, text, ds, tz, ist, expected = case
    ctx = Ctx(ds, tz, ist)
    fin, fout = FUNCS[typ]
    assert render(lambda: fout(ctx, fin(ctx, text, 0, -1))) == expected


@pytest.mark.parametrize("case", TYPMOD_CASES, ids=lambda c: f"{c[0]}:{c[1]}")
def test_typmod_rounding_matches_postgres(case):
    sqltype, text, typmod, ds, ist, expected = case
    base = sqltype.split("(")[0].split(" ")[0]
    fin, fout = FUNCS[base]
    ctx = Ctx(ds, "America/Los_Angeles", ist)
    assert render(lambda: fout(ctx, fin(ctx, text, 0, typmod))) == expected


def test_regression_settings_examples():
    ctx = Ctx("Postgres, MDY", "America/Los_Angeles", "postgres_verbose")
    assert dio.timestamptz_out(ctx, dio.timestamptz_in(ctx, "1999-01-08 04:05:06", 0, -1)) == \
        "Fri Jan 08 04:05:06 1999 PST"
    assert dio.interval_out(ctx, dio.interval_in(ctx, "-1 days -02:00", 0, -1)) == "@ 1 day 2 hours ago"
    assert dio.date_out(ctx, dio.date_in(ctx, "1999-01-08", 0, -1)) == "01-08-1999"


def test_date_hint_about_datestyle():
    ctx = Ctx("ISO, MDY")
    with pytest.raises(PgError) as ei:
        dio.date_in(ctx, "18/1/1999", 0, -1)
    assert ei.value.sqlstate == "22008"
    assert ei.value.hint == 'Perhaps you need a different "datestyle" setting.'


def test_unknown_zone_is_22023():
    with pytest.raises(PgError) as ei:
        dio.timestamptz_in(Ctx(), "2000-01-01 00:00 Mars/Olympus", 0, -1)
    assert (ei.value.sqlstate, ei.value.message) == ("22023", 'time zone "mars/olympus" not recognized')


def test_now_today_use_transaction_start():
    # 2000-01-02 03:04:05.5 UTC -> LA local 2000-01-01 19:04:05.5
    now = ((1 * 24 + 3) * 3600 + 4 * 60 + 5) * 1_000_000 + 500_000
    ctx = Ctx(now=now)
    assert dio.timestamptz_in(ctx, "now", 0, -1) == now
    assert dio.timestamp_out(ctx, dio.timestamp_in(ctx, "now", 0, -1)) == "2000-01-01 19:04:05.5"
    assert dio.date_out(ctx, dio.date_in(ctx, "today", 0, -1)) == "2000-01-01"
    assert dio.date_out(ctx, dio.date_in(ctx, "tomorrow", 0, -1)) == "2000-01-02"
    assert dio.date_out(ctx, dio.date_in(ctx, "yesterday", 0, -1)) == "1999-12-31"
    assert dio.time_out(ctx, dio.time_in(ctx, "now", 0, -1)) == "19:04:05.5"


# ---------------------------------------------------------------- binary

def test_binary_formats():
    ctx = Ctx()
    assert dio.date_send(ctx, 1) == struct.pack(">i", 1)
    assert dio.date_recv(ctx, struct.pack(">i", DATE_NOEND), 0, -1) == DATE_NOEND
    assert dio.date_recv(ctx, struct.pack(">i", DATE_NOBEGIN), 0, -1) == DATE_NOBEGIN
    assert dio.int64_time_send(ctx, 123456) == struct.pack(">q", 123456)
    assert dio.timestamp_recv(ctx, struct.pack(">q", TIMESTAMP_NOEND), 0, -1) == TIMESTAMP_NOEND
    assert dio.timestamp_recv(ctx, struct.pack(">q", 1_500_000), 0, 0) == 2_000_000
    assert dio.timetz_send(ctx, TimeTz(5, -3600)) == struct.pack(">qi", 5, -3600)
    assert dio.timetz_recv(ctx, struct.pack(">qi", 5, -3600), 0, -1) == TimeTz(5, -3600)
    iv = Interval(14, -3, 7_000_001)
    assert dio.interval_send(ctx, iv) == struct.pack(">qii", 7_000_001, -3, 14)
    assert dio.interval_recv(ctx, dio.interval_send(ctx, iv), 0, -1) == iv


@pytest.mark.parametrize("fn,data,state,msg", [
    (dio.time_recv, struct.pack(">q", -1), "22P03", "time out of range"),
    (dio.timetz_recv, struct.pack(">qi", 0, 57600), "22P03", "time zone displacement out of range"),
    (dio.date_recv, struct.pack(">i", 2_147_483_000), "22008", "date out of range"),
    (dio.timestamp_recv, struct.pack(">q", 2 ** 63 - 2), "22008", "timestamp out of range"),
    (dio.interval_recv, b"\0\0", "08P01", "insufficient data left in message"),
])
def test_binary_errors(fn, data, state, msg):
    with pytest.raises(PgError) as ei:
        fn(Ctx(), data, 0, -1)
    assert (ei.value.sqlstate, ei.value.message) == (state, msg)


# ---------------------------------------------------------------- typmodin/out

def test_typmodin_typmodout():
    ctx = Ctx()
    assert dio.timestamptypmodin(ctx, ["3"]) == 3
    assert dio.timestamptypmodin(ctx, ["9"]) == 6
    assert dio.notz_typmodout(ctx, 3) == "(3) without time zone"
    assert dio.tz_typmodout(ctx, -1) == " with time zone"
    assert dio.tz_typmodout(ctx, 2) == "(2) with time zone"
    with pytest.raises(PgError) as ei:
        dio.timetypmodin(ctx, ["-1"])
    assert ei.value.message == "TIME(-1) precision must not be negative"
    with pytest.raises(PgError) as ei:
        dio.timestamptztypmodin(ctx, ["1", "2"])
    assert ei.value.message == "invalid type modifier"
    ym = (1 << 2) | (1 << 1)
    tm = dio.intervaltypmodin(ctx, [str(ym)])
    assert tm == (ym << 16) | 0xFFFF
    assert dio.intervaltypmodout(ctx, tm) == " year to month"
    ds = (1 << 3) | (1 << 10) | (1 << 11) | (1 << 12)
    assert dio.intervaltypmodout(ctx, dio.intervaltypmodin(ctx, [str(ds), "3"])) == " day to second(3)"
    assert dio.intervaltypmodin(ctx, ["32767"]) == -1
    assert dio.intervaltypmodout(ctx, dio.intervaltypmodin(ctx, ["32767", "2"])) == "(2)"
    with pytest.raises(PgError) as ei:
        dio.intervaltypmodin(ctx, ["5"])
    assert ei.value.message == "invalid INTERVAL type modifier"

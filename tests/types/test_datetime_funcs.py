"""Date/time operators and functions against PostgreSQL 15 results
(spec/03-types-datetime.md, "Tests that pin it down").

test_datetime_func_cases.json holds records {sql, fn, args, rtype, settings,
expected}: ``fn`` is the pg_proc.prosrc name looked up in the function
manager, ``args`` are [type, literal] pairs ('x' = a plain number/text
argument), ``expected`` is what PostgreSQL printed for ``(sql)::text``
(None for NULL, "ERR <sqlstate> <message>" for an error).  Covered:
timestamp(tz)/date +/- interval across DST and month ends, date_trunc
(incl. the zone argument), AT TIME ZONE for names, abbreviations, POSIX and
numeric zones, age(), timestamp - timestamp, interval * / and justify_*,
make_*(), to_timestamp(), extract/date_part for every unit of every type,
cross-type comparisons, casts.
"""
from __future__ import annotations

import json
import math
import pathlib
from decimal import Decimal

import pytest

from pgref.errors import PgError
from pgref.types import fmgr
from pgref.types.datetime import io as dio  # noqa: F401  (registers the package)
from pgref.types.values import (DATE_NOBEGIN, DATE_NOEND, TIMESTAMP_NOBEGIN,
                                TIMESTAMP_NOEND, Interval, IOSettings, TimeTz)

HERE = pathlib.Path(__file__).parent
CASES = json.loads((HERE / "test_datetime_func_cases.json").read_text())

FUNCS = {
    "date": (dio.date_in, dio.date_out), "time": (dio.time_in, dio.time_out),
    "timetz": (dio.timetz_in, dio.timetz_out),
    "timestamp": (dio.timestamp_in, dio.timestamp_out),
    "timestamptz": (dio.timestamptz_in, dio.timestamptz_out),
    "interval": (dio.interval_in, dio.interval_out),
}


class Ctx:
    def __init__(self, ds="ISO, MDY", tz="America/Los_Angeles", ist="postgres", now=0):
        self.settings = IOSettings(datestyle=ds, timezone=tz, intervalstyle=ist)
        self.now = now


def fmt(v, rtype, ctx):
    if v is None:
        return None
    if rtype in FUNCS:
        return FUNCS[rtype][1](ctx, v)
    if rtype == "float8":
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        r = repr(v)
        if r.endswith(".0"):
            r = r[:-2]
        if "e" in r:
            m, e = r.split("e")
            r = f"{m}e{'+' if int(e) > 0 else '-'}{abs(int(e)):02d}"
        return r
    if rtype == "numeric":
        assert isinstance(v, Decimal)
        if v.is_infinite():
            return "Infinity" if v > 0 else "-Infinity"
        return format(v, "f")
    if rtype == "bool":
        return "true" if v else "false"
    return str(v)


def run(case):
    ds, tz, ist = case["settings"]
    ctx = Ctx(ds, tz, ist)
    b = fmgr.lookup(case["fn"])
    assert b is not None, case["fn"]
    try:
        vals = [FUNCS[t][0](ctx, x, 0, -1) if t in FUNCS else x for t, x in case["args"]]
        r = b.fn(ctx, *vals) if b.ctx else b.fn(*vals)
        return fmt(r, case["rtype"], ctx)
    except PgError as e:
        return f"ERR {e.sqlstate} {e.message}" + (f" HINT {e.hint}" if e.hint else "")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["sql"])
def test_function_matches_postgres(case):
    assert run(case) == case["expected"]


def call(name, *args, ctx=None):
    b = fmgr.lookup(name)
    assert b is not None, name
    return b.fn(ctx or Ctx(), *args) if b.ctx else b.fn(*args)


def test_all_datetime_prosrc_that_matter_are_registered():
    for name in ["date_eq", "timestamp_cmp", "timetz_larger", "interval_smaller", "date_pli",
                 "date_mi", "timestamp_mi", "timestamptz_pl_interval", "interval_justify_interval",
                 "timestamp_age", "extract_timestamptz", "timestamptz_trunc_zone", "timestamp_bin",
                 "make_timestamptz_at_timezone", "float8_timestamptz", "timestamptz_zone",
                 "timetz_izone", "now", "clock_timestamp", "overlaps_timestamp",
                 "date_cmp_timestamptz", "timestamptz_lt_timestamp", "in_range_date_interval",
                 "timestamp_scale", "interval_scale", "date_in", "intervaltypmodin"]:
        assert fmgr.lookup(name) is not None, name


def test_dst_day_arithmetic_in_local_time():
    ctx = Ctx()
    t = dio.timestamptz_in(ctx, "2021-03-13 12:00", 0, -1)
    one_day = call("timestamptz_pl_interval", t, Interval(0, 1, 0), ctx=ctx)
    assert dio.timestamptz_out(ctx, one_day) == "2021-03-14 12:00:00-07"
    assert one_day - t == 23 * 3600 * 1_000_000          # a 23-hour day
    h24 = call("timestamptz_pl_interval", t, Interval(0, 0, 24 * 3600 * 1_000_000), ctx=ctx)
    assert dio.timestamptz_out(ctx, h24) == "2021-03-14 13:00:00-07"


def test_month_end_clamping():
    t = dio.timestamp_in(Ctx(), "2000-01-31", 0, -1)
    r = call("timestamp_pl_interval", t, Interval(1, 0, 0))
    assert dio.timestamp_out(Ctx(), r) == "2000-02-29 00:00:00"


def test_infinities_pass_through_arithmetic():
    assert call("timestamp_pl_interval", TIMESTAMP_NOEND, Interval(1, 1, 1)) == TIMESTAMP_NOEND
    assert call("date_pli", DATE_NOBEGIN, 5) == DATE_NOBEGIN
    assert call("timestamp_finite", TIMESTAMP_NOBEGIN) is False
    assert call("date_finite", DATE_NOEND) is False
    with pytest.raises(PgError) as ei:
        call("timestamp_mi", TIMESTAMP_NOEND, 0)
    assert ei.value.message == "cannot subtract infinite timestamps"


def test_overlaps_null_semantics():
    ov = fmgr.lookup("overlaps_timestamp").fn
    assert ov(1, 5, 4, 8) is True
    assert ov(1, 5, 6, 8) is False
    assert ov(1, None, 0, 2) is True
    assert ov(1, None, 2, 3) is None
    assert ov(None, None, 1, 2) is None


def test_now_functions_use_context():
    ctx = Ctx(now=123)
    assert call("now", ctx=ctx) == 123
    assert call("statement_timestamp", ctx=ctx) == 123
    assert call("clock_timestamp", ctx=ctx) > 800_000_000_000_000   # after 2025


def test_timetz_comparison_uses_utc_then_zone():
    a = TimeTz(10 * 3600 * 1_000_000, -3600)   # 10:00+01 == 09:00 UTC
    b = TimeTz(9 * 3600 * 1_000_000, 0)        # 09:00+00
    assert call("timetz_cmp", a, b) == -1      # same instant: larger zone value sorts later
    assert call("timetz_eq", a, a)


def test_generate_series_timestamptz_steps_in_local_days():
    ctx = Ctx()
    start = dio.timestamptz_in(ctx, "2021-03-13", 0, -1)
    stop = dio.timestamptz_in(ctx, "2021-03-16", 0, -1)
    got = [dio.timestamptz_out(ctx, v) for v in
           call("generate_series_timestamptz", start, stop, Interval(0, 1, 0), ctx=ctx)]
    # collected from PostgreSQL 15
    assert got == ["2021-03-13 00:00:00-08", "2021-03-14 00:00:00-08",
                   "2021-03-15 00:00:00-07", "2021-03-16 00:00:00-07"]
    with pytest.raises(PgError) as ei:
        list(call("generate_series_timestamp", 0, 10, Interval(0, 0, 0)))
    assert ei.value.message == "step size cannot equal zero"


def test_interval_avg_aggregate_support():
    ctx = Ctx()
    state = [Interval(0, 0, 0), Interval(0, 0, 0)]
    for text in ["1 day", "2 hours", "1 mon 3 days"]:
        state = call("interval_accum", state, dio.interval_in(ctx, text, 0, -1))
    # PostgreSQL 15: avg(...) = '11 days 08:40:00'
    assert dio.interval_out(ctx, call("interval_avg", state)) == "11 days 08:40:00"
    state = call("interval_accum_inv", state, dio.interval_in(ctx, "2 hours", 0, -1))
    assert dio.interval_out(ctx, call("interval_avg", state)) == "17 days"   # PostgreSQL 15: 17 days
    assert call("interval_avg", [Interval(0, 0, 0), Interval(0, 0, 0)]) is None

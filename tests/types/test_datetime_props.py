"""Property tests: output -> input gives back the same value, for every
DateStyle / IntervalStyle where PostgreSQL's output is re-readable
(spec/03-types-datetime.md, INV-DT-6 and INV-DT-8)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pgref.types.datetime import io as dio
from pgref.types.datetime.core import MIN_TIMESTAMP, END_TIMESTAMP
from pgref.types.values import Interval, IOSettings, TimeTz

DATESTYLES = ["ISO, MDY", "ISO, DMY", "SQL, MDY", "SQL, DMY", "Postgres, MDY",
              "Postgres, DMY", "German", "ISO, YMD"]
ZONES = ["America/Los_Angeles", "Europe/Moscow", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"]


class Ctx:
    def __init__(self, ds="ISO, MDY", tz="UTC", ist="postgres"):
        self.settings = IOSettings(datestyle=ds, timezone=tz, intervalstyle=ist)
        self.now = 0


timestamps = st.integers(MIN_TIMESTAMP, END_TIMESTAMP - 1)
# 1946..2200: every zone abbreviation printed here is in the 'Default' set or
# printed numerically, so text output re-reads unambiguously.  (Los Angeles
# printed "PWT"/"PPT" in 1942-1945; PostgreSQL itself reads "PWT" back 16
# hours off and rejects "PPT", and pgref does the same.)
modern = st.integers(-1704067200 * 10 ** 6, 6311433600 * 10 ** 6)


@settings(max_examples=300, deadline=None)
@given(timestamps, st.sampled_from(DATESTYLES))
def test_timestamp_roundtrip(t, ds):
    ctx = Ctx(ds)
    assert dio.timestamp_in(ctx, dio.timestamp_out(ctx, t), 0, -1) == t


@settings(max_examples=300, deadline=None)
@given(timestamps, st.sampled_from(ZONES))
def test_timestamptz_roundtrip_iso(t, tz):
    ctx = Ctx("ISO, MDY", tz)
    assert dio.timestamptz_in(ctx, dio.timestamptz_out(ctx, t), 0, -1) == t


@settings(max_examples=200, deadline=None)
@given(modern, st.sampled_from(DATESTYLES), st.sampled_from(["America/Los_Angeles", "UTC"]))
def test_timestamptz_roundtrip_styles(t, ds, tz):
    ctx = Ctx(ds, tz)
    assert dio.timestamptz_in(ctx, dio.timestamptz_out(ctx, t), 0, -1) == t


@settings(max_examples=300, deadline=None)
@given(st.integers(-2451545, 2147483494 - 2451545 - 1), st.sampled_from(DATESTYLES))
def test_date_roundtrip(d, ds):
    ctx = Ctx(ds)
    assert dio.date_in(ctx, dio.date_out(ctx, d), 0, -1) == d


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 86_400_000_000), st.integers(-15 * 3600 - 3599, 15 * 3600 + 3599))
def test_time_and_timetz_roundtrip(t, zone):
    ctx = Ctx()
    assert dio.time_in(ctx, dio.time_out(ctx, t), 0, -1) == t
    v = TimeTz(t, zone)
    assert dio.timetz_in(ctx, dio.timetz_out(ctx, v), 0, -1) == v


# INT_MIN fields are excluded: PostgreSQL's verbose output of them ('@ 2147483648
# days ago') cannot be read back by PostgreSQL either
intervals = st.builds(Interval, st.integers(-(2 ** 31) + 1, 2 ** 31 - 1),
                      st.integers(-(2 ** 31) + 1, 2 ** 31 - 1),
                      st.integers(-(2 ** 63) + 1, 2 ** 63 - 1))


@settings(max_examples=400, deadline=None)
@given(intervals, st.sampled_from(["postgres", "postgres_verbose", "iso_8601"]))
def test_interval_roundtrip(iv, ist):
    ctx = Ctx(ist=ist)
    assert dio.interval_in(ctx, dio.interval_out(ctx, iv), 0, -1) == iv


@settings(max_examples=200, deadline=None)
@given(st.builds(Interval, st.integers(-10 ** 6, 10 ** 6), st.just(0), st.just(0)) |
       st.builds(Interval, st.just(0), st.integers(0, 10 ** 6), st.integers(0, 10 ** 15)) |
       st.builds(Interval, st.just(0), st.integers(-10 ** 6, 0), st.integers(-10 ** 15, 0)))
def test_interval_roundtrip_sql_standard_unmixed(iv):
    ctx = Ctx(ist="sql_standard")
    assert dio.interval_in(ctx, dio.interval_out(ctx, iv), 0, -1) == iv

"""Operators and functions of the date/time types, by pg_proc.prosrc name
(PostgreSQL 15's date.c and timestamp.c).

Where it sits: ``pgref/types/funcs/`` (spec/03-types-datetime.md,
"Operators and functions").  Values are the datums of ``types/values.py``;
the calendar helpers come from ``pgref.types.datetime``.

What is here:
  * comparisons (eq/ne/lt/le/gt/ge/cmp/larger/smaller) of all six types and
    the cross-type date/timestamp/timestamptz comparisons;
  * arithmetic: date +/- int4, date - date, date + time, date/timestamp(tz)
    +/- interval (months first with end-of-month clamping, then days -- in
    local time for timestamptz, so a day across a DST change is 23 or 25
    hours -- then microseconds), timestamp - timestamp, time arithmetic,
    interval + - * / and unary minus, justify_*;
  * age(), date_part() (float8) and extract() (numeric), date_trunc(),
    date_bin(), make_*(), to_timestamp(float8), AT TIME ZONE (timezone()),
    now() and friends, isfinite(), overlaps, casts, in_range support.

INV-DT-7: arithmetic on an infinite timestamp returns it unchanged; results
outside the representable range raise 22008 with PostgreSQL's message.
"""
from __future__ import annotations

import math
import time as _time
from decimal import ROUND_HALF_UP, Decimal, localcontext

from pgref.errors import (DATETIME_FIELD_OVERFLOW, DIVISION_BY_ZERO,
                          FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError)
from pgref.types.datetime import parse as P
from pgref.types.datetime import tz as tzmod
from pgref.types.datetime.core import (
    DAY_TAB, DAYS_PER_MONTH, DAYS_PER_YEAR, DTErr, HOURS_PER_DAY, INT32_MAX, INT32_MIN,
    INT64_MAX, INT64_MIN, MINS_PER_HOUR, MONTHS_PER_YEAR, SECS_PER_DAY, SECS_PER_HOUR,
    SECS_PER_MINUTE, TIMESTAMP_END_JULIAN, DATETIME_MIN_JULIAN, END_TIMESTAMP, Tm,
    TimestampRange, USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC,
    cdiv, cmod, date2j, interval_range_error, is_valid_date, is_valid_julian,
    is_valid_timestamp, isleap, j2date, j2day, time2t, timestamp2tm, tm2timestamp,
    ts_not_finite, tz_not_recognized, intervalstyle)
from pgref.types.datetime.encode import encode_interval
from pgref.types.datetime.core import interval2itm
from pgref.types.datetime.io import EPOCH_TIMESTAMP, ts_range_error
from pgref.types.fmgr import builtin
from pgref.types.values import (DATE_NOBEGIN, DATE_NOEND, POSTGRES_EPOCH_JDATE,
                                TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, UNIX_EPOCH_JDATE,
                                Interval, TimeTz)

TYPNAME = {"date": "date", "time": "time without time zone", "timetz": "time with time zone",
           "timestamp": "timestamp without time zone",
           "timestamptz": "timestamp with time zone", "interval": "interval"}


def _date_range_error() -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW, "date out of range")


def _date_ts_range_error() -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW, "date out of range for timestamp")


def _stz(ctx):
    return tzmod.session_tz(ctx.settings)


def _ts2tm(t: int, z=None):
    try:
        return timestamp2tm(t, z, need_tz=z is not None)
    except TimestampRange:
        raise ts_range_error() from None


def _tm2ts(tm: Tm, fsec: int, tz) -> int:
    try:
        return tm2timestamp(tm, fsec, tz)
    except TimestampRange:
        raise ts_range_error() from None


def _local_tz(z, tm: Tm) -> int:
    """DetermineTimeZoneOffset: offset (seconds west) of local time tm in z."""
    off, tm.isdst, _ = z.local_offset(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec)
    return off


# ================================================================ conversions

def date2timestamp(d: int) -> int:
    if d == DATE_NOBEGIN:
        return TIMESTAMP_NOBEGIN
    if d == DATE_NOEND:
        return TIMESTAMP_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise _date_ts_range_error()
    return d * USECS_PER_DAY


def _date2timestamptz_raw(ctx, d: int) -> int:
    y, m, dd = j2date(d + POSTGRES_EPOCH_JDATE)
    tm = Tm(y, m, dd)
    tz = _local_tz(_stz(ctx), tm)
    return d * USECS_PER_DAY + tz * USECS_PER_SEC


def date2timestamptz(ctx, d: int) -> int:
    if d == DATE_NOBEGIN:
        return TIMESTAMP_NOBEGIN
    if d == DATE_NOEND:
        return TIMESTAMP_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise _date_ts_range_error()
    r = _date2timestamptz_raw(ctx, d)
    if not is_valid_timestamp(r):
        raise _date_ts_range_error()
    return r


@builtin("date_timestamp")
def date_timestamp(d: int) -> int:
    return date2timestamp(d)


@builtin("date_timestamptz", ctx=True)
def date_timestamptz(ctx, d: int) -> int:
    return date2timestamptz(ctx, d)


@builtin("timestamp_date")
def timestamp_date(t: int) -> int:
    if t == TIMESTAMP_NOBEGIN:
        return DATE_NOBEGIN
    if t == TIMESTAMP_NOEND:
        return DATE_NOEND
    tm, _, _ = _ts2tm(t)
    return date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE


@builtin("timestamptz_date", ctx=True)
def timestamptz_date(ctx, t: int) -> int:
    if t == TIMESTAMP_NOBEGIN:
        return DATE_NOBEGIN
    if t == TIMESTAMP_NOEND:
        return DATE_NOEND
    tm, _, _ = _ts2tm(t, _stz(ctx))
    return date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE


def timestamp2timestamptz(ctx, t: int) -> int:
    if ts_not_finite(t):
        return t
    tm, fsec, _ = _ts2tm(t)
    tz = _local_tz(_stz(ctx), tm)
    return _tm2ts(tm, fsec, tz)


@builtin("timestamp_timestamptz", ctx=True)
def timestamp_timestamptz(ctx, t: int) -> int:
    return timestamp2timestamptz(ctx, t)


@builtin("timestamptz_timestamp", ctx=True)
def timestamptz_timestamp(ctx, t: int) -> int:
    if ts_not_finite(t):
        return t
    tm, fsec, _ = _ts2tm(t, _stz(ctx))
    return _tm2ts(tm, fsec, None)


@builtin("timestamp_time")
def timestamp_time(t: int) -> int:
    if ts_not_finite(t):
        return None
    tm, fsec, _ = _ts2tm(t)
    return time2t(tm.hour, tm.min, tm.sec, fsec)


@builtin("timestamptz_time", ctx=True)
def timestamptz_time(ctx, t: int) -> int:
    if ts_not_finite(t):
        return None
    tm, fsec, _ = _ts2tm(t, _stz(ctx))
    return time2t(tm.hour, tm.min, tm.sec, fsec)


@builtin("timestamptz_timetz", ctx=True)
def timestamptz_timetz(ctx, t: int) -> TimeTz:
    if ts_not_finite(t):
        return None
    tm, fsec, tz = _ts2tm(t, _stz(ctx))
    return TimeTz(time2t(tm.hour, tm.min, tm.sec, fsec), tz)


@builtin("time_timetz", ctx=True)
def time_timetz(ctx, t: int) -> TimeTz:
    ctm, _, _ = _ts2tm(ctx.now, _stz(ctx))
    tm = Tm(ctm.year, ctm.mon, ctm.mday)
    tm.hour, tm.min, tm.sec, _f = _split_time(t)
    return TimeTz(t, _local_tz(_stz(ctx), tm))


def _split_time(t: int):
    h = t // USECS_PER_HOUR
    t -= h * USECS_PER_HOUR
    m = t // USECS_PER_MINUTE
    t -= m * USECS_PER_MINUTE
    s = t // USECS_PER_SEC
    return h, m, s, t - s * USECS_PER_SEC


@builtin("timetz_time")
def timetz_time(v: TimeTz) -> int:
    return v.micros


@builtin("datetime_timestamp")
def datetime_timestamp(d: int, t: int) -> int:
    result = date2timestamp(d)
    if not ts_not_finite(result):
        result += t
        if not is_valid_timestamp(result):
            raise ts_range_error()
    return result


@builtin("datetimetz_timestamptz")
def datetimetz_timestamptz(d: int, v: TimeTz) -> int:
    if d == DATE_NOBEGIN:
        return TIMESTAMP_NOBEGIN
    if d == DATE_NOEND:
        return TIMESTAMP_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise _date_ts_range_error()
    result = d * USECS_PER_DAY + v.micros + v.zone * USECS_PER_SEC
    if not is_valid_timestamp(result):
        raise ts_range_error()
    return result


@builtin("interval_time")
def interval_time(iv: Interval) -> int:
    r = cmod(iv.micros, USECS_PER_DAY)
    if r < 0:
        r += USECS_PER_DAY
    return r


@builtin("time_interval")
def time_interval(t: int) -> Interval:
    return Interval(0, 0, t)


@builtin("float8_timestamptz")
def float8_timestamptz(seconds: float) -> int:
    if math.isnan(seconds):
        raise PgError(DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN")
    if math.isinf(seconds):
        return TIMESTAMP_NOBEGIN if seconds < 0 else TIMESTAMP_NOEND
    if (seconds < float(SECS_PER_DAY) * (DATETIME_MIN_JULIAN - UNIX_EPOCH_JDATE)
            or seconds >= float(SECS_PER_DAY) * (TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE)):
        raise PgError(DATETIME_FIELD_OVERFLOW, f'timestamp out of range: "{seconds:g}"')
    s = seconds - float((POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)
    result = int(round(s * USECS_PER_SEC))
    if not is_valid_timestamp(result):
        raise PgError(DATETIME_FIELD_OVERFLOW, f'timestamp out of range: "{seconds:g}"')
    return result


# ================================================================ comparisons

def _cmp(a, b) -> int:
    return (a > b) - (a < b)


def _register_cmp(prefix: str, key=None) -> None:
    k = key or (lambda v: v)
    ops = {
        "eq": lambda a, b: k(a) == k(b), "ne": lambda a, b: k(a) != k(b),
        "lt": lambda a, b: k(a) < k(b), "le": lambda a, b: k(a) <= k(b),
        "gt": lambda a, b: k(a) > k(b), "ge": lambda a, b: k(a) >= k(b),
        "cmp": lambda a, b: _cmp(k(a), k(b)),
        "larger": lambda a, b: a if k(a) > k(b) else b,
        "smaller": lambda a, b: a if k(a) < k(b) else b,
    }
    for name, fn in ops.items():
        builtin(f"{prefix}_{name}")(fn)


def timetz_key(v: TimeTz) -> tuple[int, int]:
    """timetz_cmp_internal: UTC-equivalent time first, then the zone."""
    return (v.micros + v.zone * USECS_PER_SEC, v.zone)


def interval_cmp_value(v: Interval) -> int:
    return v.micros + (v.days + v.months * DAYS_PER_MONTH) * USECS_PER_DAY


_register_cmp("date")
_register_cmp("timestamp")
_register_cmp("time")
_register_cmp("timetz", timetz_key)
_register_cmp("interval", interval_cmp_value)


@builtin("timestamptz_larger")
def timestamptz_larger(a: int, b: int) -> int:
    return a if a > b else b


@builtin("timestamptz_smaller")
def timestamptz_smaller(a: int, b: int) -> int:
    return a if a < b else b


def _date_as_ts_key(d: int) -> int:
    """date2timestamp_opt_overflow as a sort key (overflow sorts after every
    finite timestamp and before infinity)."""
    if d == DATE_NOBEGIN:
        return TIMESTAMP_NOBEGIN
    if d == DATE_NOEND:
        return TIMESTAMP_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        return END_TIMESTAMP
    return d * USECS_PER_DAY


def _clamp_key(v: int) -> int:
    from pgref.types.datetime.core import MIN_TIMESTAMP
    if v >= END_TIMESTAMP:
        return END_TIMESTAMP
    if v < MIN_TIMESTAMP:
        return MIN_TIMESTAMP - 1
    return v


def _date_as_tstz_key(ctx, d: int) -> int:
    if d == DATE_NOBEGIN:
        return TIMESTAMP_NOBEGIN
    if d == DATE_NOEND:
        return TIMESTAMP_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        return END_TIMESTAMP
    return _clamp_key(_date2timestamptz_raw(ctx, d))


def _ts_as_tstz_key(ctx, t: int) -> int:
    if ts_not_finite(t):
        return t
    tm, fsec, _ = _ts2tm(t)
    tz = _local_tz(_stz(ctx), tm)
    raw = (date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY + \
        time2t(tm.hour, tm.min, tm.sec, fsec) + tz * USECS_PER_SEC
    return _clamp_key(raw)


_CMPS = {"eq": lambda c: c == 0, "ne": lambda c: c != 0, "lt": lambda c: c < 0,
         "le": lambda c: c <= 0, "gt": lambda c: c > 0, "ge": lambda c: c >= 0,
         "cmp": lambda c: c}


def _register_cross(left: str, right: str, lkey, rkey, needs_ctx: bool) -> None:
    for op, res in _CMPS.items():
        if needs_ctx:
            def fn(ctx, a, b, res=res):
                return res(_cmp(lkey(ctx, a), rkey(ctx, b)))
            builtin(f"{left}_{op}_{right}", ctx=True)(fn)
        else:
            def fn2(a, b, res=res):
                return res(_cmp(lkey(None, a), rkey(None, b)))
            builtin(f"{left}_{op}_{right}")(fn2)


_ident = lambda ctx, v: v  # noqa: E731
_register_cross("date", "timestamp", lambda c, d: _date_as_ts_key(d), _ident, False)
_register_cross("timestamp", "date", _ident, lambda c, d: _date_as_ts_key(d), False)
_register_cross("date", "timestamptz", _date_as_tstz_key, _ident, True)
_register_cross("timestamptz", "date", _ident, _date_as_tstz_key, True)
_register_cross("timestamp", "timestamptz", _ts_as_tstz_key, _ident, True)
_register_cross("timestamptz", "timestamp", _ident, _ts_as_tstz_key, True)


# ================================================================ finite

@builtin("date_finite")
def date_finite(d: int) -> bool:
    return d not in (DATE_NOBEGIN, DATE_NOEND)


@builtin("timestamp_finite")
def timestamp_finite(t: int) -> bool:
    return not ts_not_finite(t)


@builtin("interval_finite")
def interval_finite(iv: Interval) -> bool:
    return True


# ================================================================ date arithmetic

@builtin("date_pli")
def date_pli(d: int, days: int) -> int:
    if d in (DATE_NOBEGIN, DATE_NOEND):
        return d
    r = d + days
    if r < INT32_MIN or r > INT32_MAX or not is_valid_date(r):
        raise _date_range_error()
    return r


@builtin("date_mii")
def date_mii(d: int, days: int) -> int:
    if d in (DATE_NOBEGIN, DATE_NOEND):
        return d
    r = d - days
    if r < INT32_MIN or r > INT32_MAX or not is_valid_date(r):
        raise _date_range_error()
    return r


@builtin("date_mi")
def date_mi(a: int, b: int) -> int:
    if a in (DATE_NOBEGIN, DATE_NOEND) or b in (DATE_NOBEGIN, DATE_NOEND):
        raise PgError(DATETIME_FIELD_OVERFLOW, "cannot subtract infinite dates")
    return a - b


@builtin("date_pl_interval")
def date_pl_interval(d: int, iv: Interval) -> int:
    return timestamp_pl_interval(date2timestamp(d), iv)


@builtin("date_mi_interval")
def date_mi_interval(d: int, iv: Interval) -> int:
    return timestamp_mi_interval(date2timestamp(d), iv)


# ================================================================ timestamp arithmetic

def _add_months(tm: Tm, months: int) -> None:
    tm.mon += months
    if tm.mon > MONTHS_PER_YEAR:
        tm.year += cdiv(tm.mon - 1, MONTHS_PER_YEAR)
        tm.mon = cmod(tm.mon - 1, MONTHS_PER_YEAR) + 1
    elif tm.mon < 1:
        tm.year += cdiv(tm.mon, MONTHS_PER_YEAR) - 1
        tm.mon = cmod(tm.mon, MONTHS_PER_YEAR) + MONTHS_PER_YEAR
    lim = DAY_TAB[isleap(tm.year)][tm.mon - 1]
    if tm.mday > lim:
        tm.mday = lim


def _add_days(tm, days: int) -> tuple[int, int, int]:
    """(year, month, day) ``days`` after ``tm``'s date, through the Julian
    day number; before Julian day 0 (4714-11-24 BC) tm2timestamp fails
    (IS_VALID_JULIAN), so that is "timestamp out of range" too."""
    julian = date2j(tm.year, tm.mon, tm.mday) + days
    if julian < 0:
        raise ts_range_error()
    return j2date(julian)


def _finish_add(t: int, micros: int) -> int:
    t += micros     # INV-DT-2: the result must stay in the timestamp range
    if t < INT64_MIN or t > INT64_MAX or not is_valid_timestamp(t):
        raise ts_range_error()
    return t


@builtin("timestamp_pl_interval")
def timestamp_pl_interval(t: int, iv: Interval) -> int:
    if ts_not_finite(t):       # INV-DT-7
        return t
    if iv.months != 0:
        tm, fsec, _ = _ts2tm(t)
        _add_months(tm, iv.months)
        t = _tm2ts(tm, fsec, None)
    if iv.days != 0:
        tm, fsec, _ = _ts2tm(t)
        tm.year, tm.mon, tm.mday = _add_days(tm, iv.days)
        t = _tm2ts(tm, fsec, None)
    return _finish_add(t, iv.micros)


def _neg(iv: Interval) -> Interval:
    return Interval(-iv.months, -iv.days, -iv.micros)


@builtin("timestamp_mi_interval")
def timestamp_mi_interval(t: int, iv: Interval) -> int:
    return timestamp_pl_interval(t, _neg(iv))


def tstz_pl_interval(ctx, t: int, iv: Interval, z=None) -> int:
    if ts_not_finite(t):
        return t
    z = z or _stz(ctx)
    if iv.months != 0:
        tm, fsec, _ = _ts2tm(t, z)
        _add_months(tm, iv.months)
        t = _tm2ts(tm, fsec, _local_tz(z, tm))
    if iv.days != 0:
        tm, fsec, _ = _ts2tm(t, z)
        tm.year, tm.mon, tm.mday = _add_days(tm, iv.days)
        t = _tm2ts(tm, fsec, _local_tz(z, tm))
    return _finish_add(t, iv.micros)


@builtin("timestamptz_pl_interval", ctx=True)
def timestamptz_pl_interval(ctx, t: int, iv: Interval) -> int:
    return tstz_pl_interval(ctx, t, iv)


@builtin("timestamptz_mi_interval", ctx=True)
def timestamptz_mi_interval(ctx, t: int, iv: Interval) -> int:
    return tstz_pl_interval(ctx, t, _neg(iv))


@builtin("timestamp_mi")
def timestamp_mi(a: int, b: int) -> Interval:
    if ts_not_finite(a) or ts_not_finite(b):
        raise PgError(DATETIME_FIELD_OVERFLOW, "cannot subtract infinite timestamps")
    # PostgreSQL 15 does not check this subtraction: it wraps around in int64
    d = ((a - b + 2 ** 63) % 2 ** 64) - 2 ** 63
    return interval_justify_hours(Interval(0, 0, d))


# ================================================================ time arithmetic

@builtin("time_mi_time")
def time_mi_time(a: int, b: int) -> Interval:
    return Interval(0, 0, a - b)


def _time_wrap(r: int) -> int:
    r -= cdiv(r, USECS_PER_DAY) * USECS_PER_DAY
    if r < 0:
        r += USECS_PER_DAY
    return r


@builtin("time_pl_interval")
def time_pl_interval(t: int, iv: Interval) -> int:
    return _time_wrap(t + iv.micros)


@builtin("time_mi_interval")
def time_mi_interval(t: int, iv: Interval) -> int:
    return _time_wrap(t - iv.micros)


@builtin("timetz_pl_interval")
def timetz_pl_interval(v: TimeTz, iv: Interval) -> TimeTz:
    return TimeTz(_time_wrap(v.micros + iv.micros), v.zone)


@builtin("timetz_mi_interval")
def timetz_mi_interval(v: TimeTz, iv: Interval) -> TimeTz:
    return TimeTz(_time_wrap(v.micros - iv.micros), v.zone)


# ================================================================ interval arithmetic

def _chk32(v: int) -> int:
    if v < INT32_MIN or v > INT32_MAX:
        raise interval_range_error()
    return v


def _chk64(v: int) -> int:
    if v < INT64_MIN or v > INT64_MAX:
        raise interval_range_error()
    return v


@builtin("interval_um")
def interval_um(iv: Interval) -> Interval:
    return Interval(_chk32(-iv.months), _chk32(-iv.days), _chk64(-iv.micros))


@builtin("interval_pl")
def interval_pl(a: Interval, b: Interval) -> Interval:
    return Interval(_chk32(a.months + b.months), _chk32(a.days + b.days),
                    _chk64(a.micros + b.micros))


@builtin("interval_mi")
def interval_mi(a: Interval, b: Interval) -> Interval:
    return Interval(_chk32(a.months - b.months), _chk32(a.days - b.days),
                    _chk64(a.micros - b.micros))


def _tsround(x: float) -> float:
    return round(x * 1000000.0) / 1000000.0


def _fits_int32_double(x: float) -> bool:
    return not math.isnan(x) and INT32_MIN <= x <= INT32_MAX


@builtin("interval_mul")
def interval_mul(iv: Interval, factor: float) -> Interval:
    rd = iv.months * factor
    if not _fits_int32_double(rd):
        raise interval_range_error()
    month = int(rd)
    rd = iv.days * factor
    if not _fits_int32_double(rd):
        raise interval_range_error()
    day = int(rd)
    month_remainder_days = _tsround((iv.months * factor - month) * DAYS_PER_MONTH)
    sec_remainder = _tsround((iv.days * factor - day + month_remainder_days
                              - int(month_remainder_days)) * SECS_PER_DAY)
    if abs(sec_remainder) >= SECS_PER_DAY:
        day += int(sec_remainder / SECS_PER_DAY)
        sec_remainder -= int(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY
    day += int(month_remainder_days)
    rd = iv.micros * factor + sec_remainder * USECS_PER_SEC
    if math.isnan(rd) or math.isinf(rd):
        raise interval_range_error()
    rd = round(rd)
    if not (-9.223372036854775808e18 <= rd < 9.223372036854775808e18):
        raise interval_range_error()
    return Interval(_chk32(month), _chk32(day), int(rd))


@builtin("mul_d_interval")
def mul_d_interval(factor: float, iv: Interval) -> Interval:
    return interval_mul(iv, factor)


def _c_int_cast(x: float) -> int:
    if math.isnan(x) or math.isinf(x) or not (INT32_MIN <= x <= INT32_MAX):
        raise interval_range_error()
    return int(x)


@builtin("interval_div")
def interval_div(iv: Interval, factor: float) -> Interval:
    if factor == 0.0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    month = _c_int_cast(iv.months / factor)
    day = _c_int_cast(iv.days / factor)
    month_remainder_days = _tsround((iv.months / factor - month) * DAYS_PER_MONTH)
    sec_remainder = _tsround((iv.days / factor - day + month_remainder_days
                              - int(month_remainder_days)) * SECS_PER_DAY)
    if abs(sec_remainder) >= SECS_PER_DAY:
        day += int(sec_remainder / SECS_PER_DAY)
        sec_remainder -= int(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY
    day += int(month_remainder_days)
    rd = iv.micros / factor + sec_remainder * USECS_PER_SEC
    if math.isnan(rd) or math.isinf(rd):
        raise interval_range_error()
    return Interval(_chk32(month), _chk32(day), _chk64(int(round(rd))))


@builtin("interval_justify_hours")
def interval_justify_hours(iv: Interval) -> Interval:
    months, days, t = iv
    wholeday = cdiv(t, USECS_PER_DAY)
    t -= wholeday * USECS_PER_DAY
    days = _chk32(days + wholeday)
    if days > 0 and t < 0:
        t += USECS_PER_DAY
        days -= 1
    elif days < 0 and t > 0:
        t -= USECS_PER_DAY
        days += 1
    return Interval(months, days, t)


@builtin("interval_justify_days")
def interval_justify_days(iv: Interval) -> Interval:
    months, days, t = iv
    wholemonth = cdiv(days, DAYS_PER_MONTH)
    days -= wholemonth * DAYS_PER_MONTH
    months = _chk32(months + wholemonth)
    if months > 0 and days < 0:
        days += DAYS_PER_MONTH
        months -= 1
    elif months < 0 and days > 0:
        days -= DAYS_PER_MONTH
        months += 1
    return Interval(months, days, t)


@builtin("interval_justify_interval")
def interval_justify_interval(iv: Interval) -> Interval:
    months, days, t = iv
    if (days > 0 and t > 0) or (days < 0 and t < 0):
        wholemonth = cdiv(days, DAYS_PER_MONTH)
        days -= wholemonth * DAYS_PER_MONTH
        months = _chk32(months + wholemonth)
    wholeday = cdiv(t, USECS_PER_DAY)
    t -= wholeday * USECS_PER_DAY
    days += wholeday
    wholemonth = cdiv(days, DAYS_PER_MONTH)
    days -= wholemonth * DAYS_PER_MONTH
    months = _chk32(months + wholemonth)
    if months > 0 and (days < 0 or (days == 0 and t < 0)):
        days += DAYS_PER_MONTH
        months -= 1
    elif months < 0 and (days > 0 or (days == 0 and t > 0)):
        days -= DAYS_PER_MONTH
        months += 1
    if days > 0 and t < 0:
        t += USECS_PER_DAY
        days -= 1
    elif days < 0 and t > 0:
        t -= USECS_PER_DAY
        days += 1
    return Interval(months, days, t)


# ================================================================ age

def _age(t1: int, t2: int, z) -> Interval:
    tm1, fsec1, _ = _ts2tm(t1, z)
    tm2, fsec2, _ = _ts2tm(t2, z)
    fsec = fsec1 - fsec2
    sec = tm1.sec - tm2.sec
    mn = tm1.min - tm2.min
    hour = tm1.hour - tm2.hour
    mday = tm1.mday - tm2.mday
    mon = tm1.mon - tm2.mon
    year = tm1.year - tm2.year
    neg = t1 < t2
    if neg:
        fsec, sec, mn, hour, mday, mon, year = -fsec, -sec, -mn, -hour, -mday, -mon, -year
    while fsec < 0:
        fsec += USECS_PER_SEC
        sec -= 1
    while sec < 0:
        sec += SECS_PER_MINUTE
        mn -= 1
    while mn < 0:
        mn += MINS_PER_HOUR
        hour -= 1
    while hour < 0:
        hour += HOURS_PER_DAY
        mday -= 1
    while mday < 0:
        if neg:
            mday += DAY_TAB[isleap(tm1.year)][tm1.mon - 1]
        else:
            mday += DAY_TAB[isleap(tm2.year)][tm2.mon - 1]
        mon -= 1
    while mon < 0:
        mon += MONTHS_PER_YEAR
        year -= 1
    if neg:
        fsec, sec, mn, hour, mday, mon, year = -fsec, -sec, -mn, -hour, -mday, -mon, -year
    months = year * MONTHS_PER_YEAR + mon
    micros = (((hour * 60) + mn) * 60 + sec) * USECS_PER_SEC + fsec
    return Interval(_chk32(months), _chk32(mday), _chk64(micros))


@builtin("timestamp_age")
def timestamp_age(a: int, b: int) -> Interval:
    return _age(a, b, None)


@builtin("timestamptz_age", ctx=True)
def timestamptz_age(ctx, a: int, b: int) -> Interval:
    return _age(a, b, _stz(ctx))


# ================================================================ extract / date_part

def _lowunits(units: str) -> str:
    return units.lower()


def _units(low: str) -> tuple[int, int]:
    typ, val = P.decode_units(low)
    if typ == P.UNKNOWN_FIELD:
        typ, val = P.decode_special(low)
    return typ, val


def _not_supported(low: str, typ: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f'unit "{low}" not supported for type {TYPNAME[typ]}')


def _not_recognized(low: str, typ: str) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, f'unit "{low}" not recognized for type {TYPNAME[typ]}')


def _div_fast(val: int, scale: int) -> Decimal:
    """int64_div_fast_to_numeric: val / 10^scale with display scale ``scale``."""
    return Decimal(val).scaleb(-scale)


def date2isoweek(year: int, mon: int, mday: int) -> int:
    dayn = date2j(year, mon, mday)
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    if dayn < day4 - day0:
        day4 = date2j(year - 1, 1, 4)
        day0 = j2day(day4 - 1)
    result = cdiv(dayn - (day4 - day0), 7) + 1
    if result >= 52:
        day4 = date2j(year + 1, 1, 4)
        day0 = j2day(day4 - 1)
        if dayn >= day4 - day0:
            result = cdiv(dayn - (day4 - day0), 7) + 1
    return result


def date2isoyear(year: int, mon: int, mday: int) -> int:
    dayn = date2j(year, mon, mday)
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    if dayn < day4 - day0:
        day4 = date2j(year - 1, 1, 4)
        day0 = j2day(day4 - 1)
        year -= 1
    result = cdiv(dayn - (day4 - day0), 7) + 1
    if result >= 52:
        day4 = date2j(year + 1, 1, 4)
        day0 = j2day(day4 - 1)
        if dayn >= day4 - day0:
            year += 1
    return year


def isoweek2j(year: int, week: int) -> int:
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    return (week - 1) * 7 + (day4 - day0)


def _year_fields(val: int, year: int) -> int | None:
    if val == P.DTK_YEAR:
        return year if year > 0 else year - 1
    if val == P.DTK_DECADE:
        return cdiv(year, 10) if year >= 0 else -cdiv(8 - (year - 1), 10)
    if val == P.DTK_CENTURY:
        return cdiv(year + 99, 100) if year > 0 else -cdiv(99 - (year - 1), 100)
    if val == P.DTK_MILLENNIUM:
        return cdiv(year + 999, 1000) if year > 0 else -cdiv(999 - (year - 1), 1000)
    return None


def _date_fields(val: int, year: int, mon: int, mday: int) -> int | None:
    r = _year_fields(val, year)
    if r is not None:
        return r
    if val == P.DTK_DAY:
        return mday
    if val == P.DTK_MONTH:
        return mon
    if val == P.DTK_QUARTER:
        return cdiv(mon - 1, 3) + 1
    if val == P.DTK_WEEK:
        return date2isoweek(year, mon, mday)
    if val == P.DTK_ISOYEAR:
        r = date2isoyear(year, mon, mday)
        return r - 1 if r <= 0 else r
    if val in (P.DTK_DOW, P.DTK_ISODOW):
        r = j2day(date2j(year, mon, mday))
        return 7 if (val == P.DTK_ISODOW and r == 0) else r
    if val == P.DTK_DOY:
        return date2j(year, mon, mday) - date2j(year, 1, 1) + 1
    return None


_OSCILLATING = {P.DTK_MICROSEC, P.DTK_MILLISEC, P.DTK_SECOND, P.DTK_MINUTE, P.DTK_HOUR,
                P.DTK_DAY, P.DTK_MONTH, P.DTK_QUARTER, P.DTK_WEEK, P.DTK_DOW, P.DTK_ISODOW,
                P.DTK_DOY, P.DTK_TZ, P.DTK_TZ_MINUTE, P.DTK_TZ_HOUR}
_MONOTONIC = {P.DTK_YEAR, P.DTK_DECADE, P.DTK_CENTURY, P.DTK_MILLENNIUM, P.DTK_JULIAN,
              P.DTK_ISOYEAR, P.DTK_EPOCH}


def _select_div_scale_julian(num: int, den: int) -> int:
    """numeric select_div_scale() for int / int with zero input scales."""
    def weight_first(v: int) -> tuple[int, int]:
        if v == 0:
            return 0, 0
        digits = []
        a = abs(v)
        while a:
            digits.append(a % 10000)
            a //= 10000
        return len(digits) - 1, digits[-1]
    w1, f1 = weight_first(num)
    w2, f2 = weight_first(den)
    q = w1 - w2
    if f1 <= f2:
        q -= 1
    rscale = 16 - q * 4
    return max(0, min(rscale, 1000))


def _ts_part(units: str, t: int, retnumeric: bool, with_tz: bool, ctx):
    typname = "timestamptz" if with_tz else "timestamp"
    low = _lowunits(units)
    typ, val = _units(low)
    if ts_not_finite(t):
        if typ not in (P.UNITS, P.RESERV):
            raise _not_recognized(low, typname)
        if val in _OSCILLATING:
            return None
        if val in _MONOTONIC:
            neg = t == TIMESTAMP_NOBEGIN
            if retnumeric:
                return Decimal("-Infinity") if neg else Decimal("Infinity")
            return float("-inf") if neg else float("inf")
        raise _not_supported(low, typname)
    if typ == P.UNITS:
        if with_tz:
            tm, fsec, tz = _ts2tm(t, _stz(ctx))
        else:
            tm, fsec, tz = _ts2tm(t)
        usec = tm.sec * USECS_PER_SEC + fsec
        if val == P.DTK_MICROSEC:
            r = usec
        elif val == P.DTK_MILLISEC:
            return _div_fast(usec, 3) if retnumeric else tm.sec * 1000.0 + fsec / 1000.0
        elif val == P.DTK_SECOND:
            return _div_fast(usec, 6) if retnumeric else tm.sec + fsec / 1000000.0
        elif val == P.DTK_MINUTE:
            r = tm.min
        elif val == P.DTK_HOUR:
            r = tm.hour
        elif val == P.DTK_JULIAN:
            secs = ((tm.hour * MINS_PER_HOUR + tm.min) * SECS_PER_MINUTE + tm.sec)
            jd = date2j(tm.year, tm.mon, tm.mday)
            if retnumeric:
                num = secs * USECS_PER_SEC + fsec
                den = SECS_PER_DAY * USECS_PER_SEC
                rscale = _select_div_scale_julian(num, den)
                with localcontext() as dc:
                    dc.prec = 2000
                    q = (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-rscale),
                                                              rounding=ROUND_HALF_UP)
                    return Decimal(jd) + q
            return jd + (secs + fsec / 1000000.0) / float(SECS_PER_DAY)
        elif with_tz and val == P.DTK_TZ:
            r = -tz
        elif with_tz and val == P.DTK_TZ_MINUTE:
            r = cmod(cdiv(-tz, SECS_PER_MINUTE), MINS_PER_HOUR)
        elif with_tz and val == P.DTK_TZ_HOUR:
            r = cdiv(-tz, SECS_PER_HOUR)
        else:
            r = _date_fields(val, tm.year, tm.mon, tm.mday)
            if r is None:
                raise _not_supported(low, typname)
    elif typ == P.RESERV:
        if val == P.DTK_EPOCH:
            d = t - EPOCH_TIMESTAMP
            return _div_fast(d, 6) if retnumeric else d / 1000000.0
        raise _not_supported(low, typname)
    else:
        raise _not_recognized(low, typname)
    return Decimal(r) if retnumeric else float(r)


@builtin("timestamp_part", ctx=True)
def timestamp_part(ctx, units: str, t: int):
    return _ts_part(units, t, False, False, ctx)


@builtin("extract_timestamp", ctx=True)
def extract_timestamp(ctx, units: str, t: int):
    return _ts_part(units, t, True, False, ctx)


@builtin("timestamptz_part", ctx=True)
def timestamptz_part(ctx, units: str, t: int):
    return _ts_part(units, t, False, True, ctx)


@builtin("extract_timestamptz", ctx=True)
def extract_timestamptz(ctx, units: str, t: int):
    return _ts_part(units, t, True, True, ctx)


@builtin("extract_date")
def extract_date(units: str, d: int):
    low = _lowunits(units)
    typ, val = _units(low)
    if d in (DATE_NOBEGIN, DATE_NOEND) and typ in (P.UNITS, P.RESERV):
        if val in (P.DTK_DAY, P.DTK_MONTH, P.DTK_QUARTER, P.DTK_WEEK, P.DTK_DOW,
                   P.DTK_ISODOW, P.DTK_DOY):
            return None
        if val in _MONOTONIC:
            return Decimal("-Infinity") if d == DATE_NOBEGIN else Decimal("Infinity")
        raise _not_supported(low, "date")
    if typ == P.UNITS:
        y, m, dd = j2date(d + POSTGRES_EPOCH_JDATE)
        if val == P.DTK_JULIAN:
            return Decimal(d + POSTGRES_EPOCH_JDATE)
        r = _date_fields(val, y, m, dd)
        if r is None:
            raise _not_supported(low, "date")
        return Decimal(r)
    if typ == P.RESERV:
        if val == P.DTK_EPOCH:
            return Decimal((d + POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)
        raise _not_supported(low, "date")
    raise _not_recognized(low, "date")


def _time_part(units: str, t: int, zone: int | None, retnumeric: bool):
    typname = "time" if zone is None else "timetz"
    low = _lowunits(units)
    typ, val = _units(low)
    if typ == P.UNITS:
        h, m, s, fsec = _split_time(t)
        usec = s * USECS_PER_SEC + fsec
        if val == P.DTK_MICROSEC:
            r = usec
        elif val == P.DTK_MILLISEC:
            return _div_fast(usec, 3) if retnumeric else s * 1000.0 + fsec / 1000.0
        elif val == P.DTK_SECOND:
            return _div_fast(usec, 6) if retnumeric else s + fsec / 1000000.0
        elif val == P.DTK_MINUTE:
            r = m
        elif val == P.DTK_HOUR:
            r = h
        elif zone is not None and val == P.DTK_TZ:
            r = -zone
        elif zone is not None and val == P.DTK_TZ_MINUTE:
            r = cmod(cdiv(-zone, SECS_PER_MINUTE), MINS_PER_HOUR)
        elif zone is not None and val == P.DTK_TZ_HOUR:
            r = cdiv(-zone, SECS_PER_HOUR)
        else:
            raise _not_supported(low, typname)
    elif typ == P.RESERV and val == P.DTK_EPOCH:
        if zone is None:
            return _div_fast(t, 6) if retnumeric else t / 1000000.0
        return (_div_fast(t + zone * USECS_PER_SEC, 6) if retnumeric
                else t / 1000000.0 + zone)
    else:
        raise _not_recognized(low, typname)
    return Decimal(r) if retnumeric else float(r)


@builtin("time_part")
def time_part(units: str, t: int):
    return _time_part(units, t, None, False)


@builtin("extract_time")
def extract_time(units: str, t: int):
    return _time_part(units, t, None, True)


@builtin("timetz_part")
def timetz_part(units: str, v: TimeTz):
    return _time_part(units, v.micros, v.zone, False)


@builtin("extract_timetz")
def extract_timetz(units: str, v: TimeTz):
    return _time_part(units, v.micros, v.zone, True)


def _interval_part(units: str, iv: Interval, retnumeric: bool):
    low = _lowunits(units)
    typ, val = _units(low)
    if typ == P.UNITS:
        itm = interval2itm(iv)
        usec = itm.sec * USECS_PER_SEC + itm.usec
        if val == P.DTK_MICROSEC:
            r = usec
        elif val == P.DTK_MILLISEC:
            return _div_fast(usec, 3) if retnumeric else itm.sec * 1000.0 + itm.usec / 1000.0
        elif val == P.DTK_SECOND:
            return _div_fast(usec, 6) if retnumeric else itm.sec + itm.usec / 1000000.0
        elif val == P.DTK_MINUTE:
            r = itm.min
        elif val == P.DTK_HOUR:
            r = itm.hour
        elif val == P.DTK_DAY:
            r = itm.mday
        elif val == P.DTK_MONTH:
            r = itm.mon
        elif val == P.DTK_QUARTER:
            r = cdiv(itm.mon, 3) + 1
        elif val == P.DTK_YEAR:
            r = itm.year
        elif val == P.DTK_DECADE:
            r = cdiv(itm.year, 10)
        elif val == P.DTK_CENTURY:
            r = cdiv(itm.year, 100)
        elif val == P.DTK_MILLENNIUM:
            r = cdiv(itm.year, 1000)
        else:
            raise _not_supported(low, "interval")
    elif typ == P.RESERV and val == P.DTK_EPOCH:
        if retnumeric:
            secs = (int(4 * DAYS_PER_YEAR) * cdiv(iv.months, MONTHS_PER_YEAR)
                    + int(4 * DAYS_PER_MONTH) * cmod(iv.months, MONTHS_PER_YEAR)
                    + 4 * iv.days) * (SECS_PER_DAY // 4)
            return _div_fast(secs * 1000000 + iv.micros, 6)
        r = iv.micros / 1000000.0
        r += (DAYS_PER_YEAR * SECS_PER_DAY) * cdiv(iv.months, MONTHS_PER_YEAR)
        r += (float(DAYS_PER_MONTH) * SECS_PER_DAY) * cmod(iv.months, MONTHS_PER_YEAR)
        r += float(SECS_PER_DAY) * iv.days
        return r
    else:
        raise _not_recognized(low, "interval")
    return Decimal(r) if retnumeric else float(r)


@builtin("interval_part")
def interval_part(units: str, iv: Interval):
    return _interval_part(units, iv, False)


@builtin("extract_interval")
def extract_interval(units: str, iv: Interval):
    return _interval_part(units, iv, True)


# ================================================================ date_trunc

def _trunc_tm(val: int, tm: Tm, fsec: int, low: str, typname: str) -> tuple[int, bool]:
    """The field-clearing cascade of timestamp(tz)_trunc; returns (fsec, redotz)."""
    if val == P.DTK_WEEK:
        woy = date2isoweek(tm.year, tm.mon, tm.mday)
        if woy >= 52 and tm.mon == 1:
            tm.year -= 1
        if woy <= 1 and tm.mon == MONTHS_PER_YEAR:
            tm.year += 1
        tm.year, tm.mon, tm.mday = j2date(isoweek2j(tm.year, woy))
        tm.hour = tm.min = tm.sec = 0
        return 0, True
    order = [P.DTK_MILLENNIUM, P.DTK_CENTURY, P.DTK_DECADE, P.DTK_YEAR, P.DTK_QUARTER,
             P.DTK_MONTH, P.DTK_DAY, P.DTK_HOUR, P.DTK_MINUTE, P.DTK_SECOND]
    if val == P.DTK_MILLISEC:
        return cdiv(fsec, 1000) * 1000, False
    if val == P.DTK_MICROSEC:
        return fsec, False
    if val not in order:
        raise _not_supported(low, typname)
    steps = order[order.index(val):]
    redotz = False
    for step in steps:
        if step == P.DTK_MILLENNIUM:
            if tm.year > 0:
                tm.year = cdiv(tm.year + 999, 1000) * 1000 - 999
            else:
                tm.year = -cdiv(999 - (tm.year - 1), 1000) * 1000 + 1
        elif step == P.DTK_CENTURY:
            if tm.year > 0:
                tm.year = cdiv(tm.year + 99, 100) * 100 - 99
            else:
                tm.year = -cdiv(99 - (tm.year - 1), 100) * 100 + 1
        elif step == P.DTK_DECADE:
            if val not in (P.DTK_MILLENNIUM, P.DTK_CENTURY):
                if tm.year > 0:
                    tm.year = cdiv(tm.year, 10) * 10
                else:
                    tm.year = -cdiv(8 - (tm.year - 1), 10) * 10
        elif step == P.DTK_YEAR:
            tm.mon = 1
        elif step == P.DTK_QUARTER:
            tm.mon = 3 * cdiv(tm.mon - 1, 3) + 1
        elif step == P.DTK_MONTH:
            tm.mday = 1
        elif step == P.DTK_DAY:
            tm.hour = 0
            redotz = True
        elif step == P.DTK_HOUR:
            tm.min = 0
        elif step == P.DTK_MINUTE:
            tm.sec = 0
        elif step == P.DTK_SECOND:
            fsec = 0
    return fsec, redotz


@builtin("timestamp_trunc")
def timestamp_trunc(units: str, t: int) -> int:
    if ts_not_finite(t):
        return t
    low = _lowunits(units)
    typ, val = P.decode_units(low)
    if typ != P.UNITS:
        raise _not_recognized(low, "timestamp")
    tm, fsec, _ = _ts2tm(t)
    fsec, _r = _trunc_tm(val, tm, fsec, low, "timestamp")
    return _tm2ts(tm, fsec, None)


def _tstz_trunc(units: str, t: int, z) -> int:
    if ts_not_finite(t):
        return t
    low = _lowunits(units)
    typ, val = P.decode_units(low)
    if typ != P.UNITS:
        raise _not_recognized(low, "timestamptz")
    tm, fsec, tz = _ts2tm(t, z)
    fsec, redotz = _trunc_tm(val, tm, fsec, low, "timestamptz")
    if redotz:
        tz = _local_tz(z, tm)
    return _tm2ts(tm, fsec, tz)


@builtin("timestamptz_trunc", ctx=True)
def timestamptz_trunc(ctx, units: str, t: int) -> int:
    return _tstz_trunc(units, t, _stz(ctx))


def _zone_for_name(tzname: str):
    """Abbreviation first (fixed -> fixed-offset zone, dynamic -> its zone),
    then a full zone name; 22023 if neither (timestamptz_trunc_zone)."""
    low = tzname.lower()
    e = tzmod.lookup_abbrev(low)
    if e is not None:
        off, _dst, zone = e
        if zone is None:
            return tzmod.fixed_offset_tz(off)
        z = tzmod.pg_tzset(zone)
        if z is None:
            raise tz_not_recognized(zone)
        return z
    z = tzmod.pg_tzset(tzname)
    if z is None:
        raise tz_not_recognized(tzname)
    return z


@builtin("timestamptz_trunc_zone")
def timestamptz_trunc_zone(units: str, t: int, zone: str) -> int:
    if ts_not_finite(t):
        return t
    return _tstz_trunc(units, t, _zone_for_name(zone))


@builtin("interval_trunc")
def interval_trunc(units: str, iv: Interval) -> Interval:
    low = _lowunits(units)
    typ, val = P.decode_units(low)
    if typ != P.UNITS:
        raise _not_recognized(low, "interval")
    itm = interval2itm(iv)
    order = [P.DTK_MILLENNIUM, P.DTK_CENTURY, P.DTK_DECADE, P.DTK_YEAR, P.DTK_QUARTER,
             P.DTK_MONTH, P.DTK_DAY, P.DTK_HOUR, P.DTK_MINUTE, P.DTK_SECOND]
    if val == P.DTK_MILLISEC:
        itm.usec = cdiv(itm.usec, 1000) * 1000
    elif val == P.DTK_MICROSEC:
        pass
    elif val in order:
        for step in order[order.index(val):]:
            if step == P.DTK_MILLENNIUM:
                itm.year = cdiv(itm.year, 1000) * 1000
            elif step == P.DTK_CENTURY:
                itm.year = cdiv(itm.year, 100) * 100
            elif step == P.DTK_DECADE:
                itm.year = cdiv(itm.year, 10) * 10
            elif step == P.DTK_YEAR:
                itm.mon = 0
            elif step == P.DTK_QUARTER:
                itm.mon = 3 * cdiv(itm.mon, 3)
            elif step == P.DTK_MONTH:
                itm.mday = 0
            elif step == P.DTK_DAY:
                itm.hour = 0
            elif step == P.DTK_HOUR:
                itm.min = 0
            elif step == P.DTK_MINUTE:
                itm.sec = 0
            elif step == P.DTK_SECOND:
                itm.usec = 0
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f'unit "{low}" not supported for type interval')
    months = _chk32(itm.year * MONTHS_PER_YEAR + itm.mon)
    micros = _chk64(((itm.hour * 60 + itm.min) * 60 + itm.sec) * USECS_PER_SEC + itm.usec)
    return Interval(months, itm.mday, micros)


# ================================================================ date_bin

def _bin(stride: Interval, t: int, origin: int) -> int:
    if ts_not_finite(t):
        return t
    if ts_not_finite(origin):
        raise PgError(DATETIME_FIELD_OVERFLOW, "origin out of range")
    if stride.months != 0:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "timestamps cannot be binned into intervals containing months or years")
    stride_usecs = stride.days * USECS_PER_DAY
    if not INT64_MIN <= stride_usecs <= INT64_MAX:
        raise interval_range_error()
    stride_usecs += stride.micros
    if not INT64_MIN <= stride_usecs <= INT64_MAX:
        raise interval_range_error()
    if stride_usecs <= 0:
        raise PgError(DATETIME_FIELD_OVERFLOW, "stride must be greater than zero")
    diff = t - origin
    if diff < INT64_MIN or diff > INT64_MAX:
        raise interval_range_error()
    # round toward -infinity, not 0, when the timestamp is before the
    # origin and not on a bin boundary (PostgreSQL 15.7's fix)
    modulo = cmod(diff, stride_usecs)
    delta = diff - modulo
    if modulo < 0:
        delta -= stride_usecs
        if delta < INT64_MIN:
            raise ts_range_error()
    result = origin + delta
    if result < INT64_MIN or result > INT64_MAX or not is_valid_timestamp(result):
        raise ts_range_error()
    return result


@builtin("timestamp_bin", "timestamptz_bin")
def timestamp_bin(stride: Interval, t: int, origin: int) -> int:
    return _bin(stride, t, origin)


# ================================================================ make_*

def _float_time_overflows(hour: int, mn: int, sec: float) -> bool:
    if hour < 0 or hour > HOURS_PER_DAY or mn < 0 or mn >= MINS_PER_HOUR:
        return True
    if math.isnan(sec):
        return True
    s = round(sec * USECS_PER_SEC)
    if s < 0 or s > SECS_PER_MINUTE * USECS_PER_SEC:
        return True
    if ((hour * MINS_PER_HOUR + mn) * SECS_PER_MINUTE) * USECS_PER_SEC + int(s) > USECS_PER_DAY:
        return True
    return False


def _g(sec: float) -> str:
    return "%02g" % sec


def _validate_ymd(year: int, month: int, day: int, msg_fields) -> Tm:
    tm = Tm(year, month, day)
    bc = False
    if tm.year < 0:
        bc = True
        tm.year = -tm.year
    try:
        P.validate_date(P.DTK_DATE_M, False, False, bc, tm)
    except DTErr:
        y, m, d = msg_fields(tm)
        raise PgError(DATETIME_FIELD_OVERFLOW,
                      f"date field value out of range: {y}-{m:02d}-{d:02d}") from None
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        y, m, d = msg_fields(tm)
        raise PgError(DATETIME_FIELD_OVERFLOW, f"date out of range: {y}-{m:02d}-{d:02d}")
    return tm


@builtin("make_date")
def make_date(year: int, month: int, day: int) -> int:
    tm = _validate_ymd(year, month, day, lambda tm: (tm.year, tm.mon, tm.mday))
    d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(d):
        raise PgError(DATETIME_FIELD_OVERFLOW,
                      f"date out of range: {tm.year}-{tm.mon:02d}-{tm.mday:02d}")
    return d


@builtin("make_time")
def make_time(hour: int, mn: int, sec: float) -> int:
    if _float_time_overflows(hour, mn, sec):
        raise PgError(DATETIME_FIELD_OVERFLOW,
                      f"time field value out of range: {hour}:{mn:02d}:{_g(sec)}")
    return ((hour * MINS_PER_HOUR + mn) * SECS_PER_MINUTE) * USECS_PER_SEC + int(round(sec * USECS_PER_SEC))


def make_timestamp_internal(year: int, month: int, day: int, hour: int, mn: int, sec: float) -> int:
    tm = _validate_ymd(year, month, day, lambda tm: (year, month, day))
    date = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if _float_time_overflows(hour, mn, sec):
        raise PgError(DATETIME_FIELD_OVERFLOW,
                      f"time field value out of range: {hour}:{mn:02d}:{_g(sec)}")
    t = ((hour * MINS_PER_HOUR + mn) * SECS_PER_MINUTE) * USECS_PER_SEC + int(round(sec * USECS_PER_SEC))
    result = date * USECS_PER_DAY + t
    if not is_valid_timestamp(result):
        raise PgError(DATETIME_FIELD_OVERFLOW,
                      f"timestamp out of range: {year}-{month:02d}-{day:02d} {hour}:{mn:02d}:{_g(sec)}")
    return result


@builtin("make_timestamp")
def make_timestamp(year: int, month: int, day: int, hour: int, mn: int, sec: float) -> int:
    return make_timestamp_internal(year, month, day, hour, mn, sec)


@builtin("make_timestamptz", ctx=True)
def make_timestamptz(ctx, year: int, month: int, day: int, hour: int, mn: int, sec: float) -> int:
    return timestamp2timestamptz(ctx, make_timestamp_internal(year, month, day, hour, mn, sec))


def parse_sane_timezone(tm: Tm, tzname: str) -> int:
    """Zone argument of make_timestamptz: numeric, abbreviation or name ->
    offset in seconds west at local time tm."""
    if tzname[:1].isdigit():
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid input syntax for type numeric time zone: "{tzname}"',
                      hint='Numeric time zones must have "-" or "+" as first character.')
    try:
        return P.decode_timezone(tzname)
    except DTErr as e:
        if e.code == P.DTERR_TZDISP_OVERFLOW:
            raise PgError(INVALID_PARAMETER_VALUE, f'numeric time zone "{tzname}" out of range') from None
        if e.code != P.DTERR_BAD_FORMAT:
            raise tz_not_recognized(tzname) from None
    e2 = tzmod.lookup_abbrev(tzname.lower())
    if e2 is not None:
        off, _dst, zone = e2
        if zone is None:
            return -off
        z = tzmod.pg_tzset(zone)
        if z is None:
            raise tz_not_recognized(zone)
        return P.determine_abbrev_offset(tm.copy(), tzname, z)
    z = tzmod.pg_tzset(tzname)
    if z is None:
        raise tz_not_recognized(tzname)
    return _local_tz(z, tm.copy())


@builtin("make_timestamptz_at_timezone")
def make_timestamptz_at_timezone(year: int, month: int, day: int, hour: int, mn: int,
                                 sec: float, zone: str) -> int:
    t = make_timestamp_internal(year, month, day, hour, mn, sec)
    tm, _, _ = _ts2tm(t)
    tz = parse_sane_timezone(tm, zone)
    result = t + tz * USECS_PER_SEC
    if not is_valid_timestamp(result):
        raise ts_range_error()
    return result


@builtin("make_interval")
def make_interval(years: int, months: int, weeks: int, days: int, hours: int, mins: int,
                  secs: float) -> Interval:
    if math.isinf(secs) or math.isnan(secs):
        raise interval_range_error()
    month = _chk32(_chk32(years * MONTHS_PER_YEAR) + months)
    day = _chk32(_chk32(weeks * 7) + days)
    s = round(secs * USECS_PER_SEC)
    if not (-9.223372036854775808e18 <= s < 9.223372036854775808e18):
        raise interval_range_error()
    t = _chk64(_chk64(hours * SECS_PER_HOUR * USECS_PER_SEC) + _chk64(mins * SECS_PER_MINUTE * USECS_PER_SEC))
    return Interval(month, day, _chk64(t + int(s)))


# ================================================================ AT TIME ZONE

def _abbrev_lookup(tzname: str):
    e = tzmod.lookup_abbrev(tzname.lower())
    if e is None:
        return None
    off, is_dst, zone = e
    if zone is None:
        return ("fixed", off)
    z = tzmod.pg_tzset(zone)
    if z is None:
        raise tz_not_recognized(zone)
    return ("dyn", z)


def _abbrev_offset_ts(t: int, abbrev: str, z) -> int:
    """DetermineTimeZoneAbbrevOffsetTS: seconds west."""
    utime = cdiv(t, USECS_PER_SEC) + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY
    r = z.abbrev_offset(utime, abbrev)
    if r is not None:
        return -r[0]
    tm, _, _ = _ts2tm(t, z)
    return _local_tz(z, tm)


@builtin("timestamp_zone")
def timestamp_zone(zone: str, t: int) -> int:
    if ts_not_finite(t):
        return t
    a = _abbrev_lookup(zone)
    if a is not None and a[0] == "fixed":
        result = t - a[1] * USECS_PER_SEC
    elif a is not None:
        tm, _, _ = _ts2tm(t)
        tz = -P.determine_abbrev_offset(tm, zone, a[1])
        result = t - tz * USECS_PER_SEC
    else:
        z = tzmod.pg_tzset(zone)
        if z is None:
            raise tz_not_recognized(zone)
        tm, fsec, _ = _ts2tm(t)
        result = _tm2ts(tm, fsec, _local_tz(z, tm))
    if not is_valid_timestamp(result):
        raise ts_range_error()
    return result


@builtin("timestamptz_zone")
def timestamptz_zone(zone: str, t: int) -> int:
    if ts_not_finite(t):
        return t
    a = _abbrev_lookup(zone)
    if a is not None and a[0] == "fixed":
        result = t + a[1] * USECS_PER_SEC
    elif a is not None:
        tz = _abbrev_offset_ts(t, zone, a[1])
        result = t - tz * USECS_PER_SEC
    else:
        z = tzmod.pg_tzset(zone)
        if z is None:
            raise tz_not_recognized(zone)
        tm, fsec, _ = _ts2tm(t, z)
        result = _tm2ts(tm, fsec, None)
    if not is_valid_timestamp(result):
        raise ts_range_error()
    return result


def _izone_check(ctx, zone: Interval) -> None:
    if zone.months != 0 or zone.days != 0:
        txt = encode_interval(interval2itm(zone), intervalstyle(ctx.settings))
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'interval time zone "{txt}" must not include months or days')


@builtin("timestamp_izone", ctx=True)
def timestamp_izone(ctx, zone: Interval, t: int) -> int:
    if ts_not_finite(t):
        return t
    _izone_check(ctx, zone)
    tz = cdiv(zone.micros, USECS_PER_SEC)
    result = t - tz * USECS_PER_SEC
    if not is_valid_timestamp(result):
        raise ts_range_error()
    return result


@builtin("timestamptz_izone", ctx=True)
def timestamptz_izone(ctx, zone: Interval, t: int) -> int:
    if ts_not_finite(t):
        return t
    _izone_check(ctx, zone)
    tz = -cdiv(zone.micros, USECS_PER_SEC)
    result = t - tz * USECS_PER_SEC
    if not is_valid_timestamp(result):
        raise ts_range_error()
    return result


def _timetz_rezone(v: TimeTz, tz: int) -> TimeTz:
    t = v.micros + (v.zone - tz) * USECS_PER_SEC
    while t < 0:
        t += USECS_PER_DAY
    while t >= USECS_PER_DAY:
        t -= USECS_PER_DAY
    return TimeTz(t, tz)


@builtin("timetz_zone", ctx=True)
def timetz_zone(ctx, zone: str, v: TimeTz) -> TimeTz:
    a = _abbrev_lookup(zone)
    if a is not None and a[0] == "fixed":
        tz = -a[1]
    elif a is not None:
        tz = _abbrev_offset_ts(ctx.now, zone, a[1])
    else:
        z = tzmod.pg_tzset(zone)
        if z is None:
            raise tz_not_recognized(zone)
        _, _, tz = _ts2tm(ctx.now, z)
    return _timetz_rezone(v, tz)


@builtin("timetz_izone", ctx=True)
def timetz_izone(ctx, zone: Interval, v: TimeTz) -> TimeTz:
    _izone_check(ctx, zone)
    return _timetz_rezone(v, -cdiv(zone.micros, USECS_PER_SEC))


# ================================================================ current time

@builtin("now", ctx=True)
def now(ctx) -> int:
    return ctx.now


@builtin("statement_timestamp", ctx=True)
def statement_timestamp(ctx) -> int:
    return getattr(ctx, "statement_now", None) or ctx.now


@builtin("clock_timestamp", ctx=True)
def clock_timestamp(ctx) -> int:
    ns = _time.time_ns()
    return ns // 1000 - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * USECS_PER_SEC


# ================================================================ overlaps

def _overlaps(ts1, te1, ts2, te2, lt):
    """PostgreSQL's overlaps_timestamp logic, NULL-aware (not strict)."""
    def gt(a, b):
        return lt(b, a)
    if ts1 is None:
        if te1 is None:
            return None
        ts1 = te1
        te1 = None
    elif te1 is not None and gt(ts1, te1):
        ts1, te1 = te1, ts1
    if ts2 is None:
        if te2 is None:
            return None
        ts2 = te2
        te2 = None
    elif te2 is not None and gt(ts2, te2):
        ts2, te2 = te2, ts2
    if gt(ts1, ts2):
        if te2 is None:
            return None
        if lt(ts1, te2):
            return True
        if te1 is None:
            return None
        return False
    if lt(ts1, ts2):
        if te1 is None:
            return None
        if lt(ts2, te1):
            return True
        if te2 is None:
            return None
        return False
    if te1 is None or te2 is None:
        return None
    return True


@builtin("overlaps_timestamp")
def overlaps_timestamp(a, b, c, d):
    return _overlaps(a, b, c, d, lambda x, y: x < y)


@builtin("overlaps_time")
def overlaps_time(a, b, c, d):
    return _overlaps(a, b, c, d, lambda x, y: x < y)


@builtin("overlaps_timetz")
def overlaps_timetz(a, b, c, d):
    return _overlaps(a, b, c, d, lambda x, y: timetz_key(x) < timetz_key(y))


# ================================================================ in_range (window RANGE)

def _offset_check(offset: Interval) -> None:
    if interval_cmp_value(offset) < 0:
        raise PgError("22013", "invalid preceding or following size in window function")


@builtin("in_range_timestamp_interval")
def in_range_timestamp_interval(val: int, base: int, offset: Interval, sub: bool, less: bool) -> bool:
    _offset_check(offset)
    s = timestamp_mi_interval(base, offset) if sub else timestamp_pl_interval(base, offset)
    return val <= s if less else val >= s


@builtin("in_range_timestamptz_interval", ctx=True)
def in_range_timestamptz_interval(ctx, val: int, base: int, offset: Interval, sub: bool,
                                  less: bool) -> bool:
    _offset_check(offset)
    s = tstz_pl_interval(ctx, base, _neg(offset) if sub else offset)
    return val <= s if less else val >= s


@builtin("in_range_date_interval")
def in_range_date_interval(val: int, base: int, offset: Interval, sub: bool, less: bool) -> bool:
    _offset_check(offset)
    b = date2timestamp(base)
    s = timestamp_mi_interval(b, offset) if sub else timestamp_pl_interval(b, offset)
    v = date2timestamp(val)
    return v <= s if less else v >= s


@builtin("in_range_time_interval")
def in_range_time_interval(val: int, base: int, offset: Interval, sub: bool, less: bool) -> bool:
    # only the time field of the offset counts, and there is no wraparound
    if offset.micros < 0:
        raise PgError("22013", "invalid preceding or following size in window function")
    s = base - offset.micros if sub else base + offset.micros
    return val <= s if less else val >= s


@builtin("in_range_timetz_interval")
def in_range_timetz_interval(val: TimeTz, base: TimeTz, offset: Interval, sub: bool,
                             less: bool) -> bool:
    if offset.micros < 0:
        raise PgError("22013", "invalid preceding or following size in window function")
    s = TimeTz(base.micros - offset.micros if sub else base.micros + offset.micros, base.zone)
    return timetz_key(val) <= timetz_key(s) if less else timetz_key(val) >= timetz_key(s)


@builtin("in_range_interval_interval")
def in_range_interval_interval(val: Interval, base: Interval, offset: Interval, sub: bool,
                               less: bool) -> bool:
    _offset_check(offset)
    s = interval_mi(base, offset) if sub else interval_pl(base, offset)
    return (interval_cmp_value(val) <= interval_cmp_value(s) if less
            else interval_cmp_value(val) >= interval_cmp_value(s))


# ================================================================ hashing

def _hashint8(v: int) -> int:
    from pgref.types.funcs.misc_funcs import hashint8  # noqa: PLC0415 (sibling module)
    return hashint8(v)


@builtin("time_hash", "timestamp_hash")
def time_hash(v: int) -> int:
    """PostgreSQL hashes time and timestamp(tz) as int8."""
    return _hashint8(v)


@builtin("timetz_hash")
def timetz_hash(v: TimeTz) -> int:
    from pgref.types.funcs.misc_funcs import hash_uint32  # noqa: PLC0415
    h = (_hashint8(v.micros) & 0xFFFFFFFF) ^ hash_uint32(v.zone & 0xFFFFFFFF)
    return h - (1 << 32) if h >= 1 << 31 else h


@builtin("interval_hash")
def interval_hash(iv: Interval) -> int:
    """Hash of the low 64 bits of interval_cmp_value, so that equal
    intervals ('1 mon' = '30 days') hash alike."""
    span = interval_cmp_value(iv) & 0xFFFFFFFFFFFFFFFF
    if span >= 1 << 63:
        span -= 1 << 64
    return _hashint8(span)


# ================================================================ set-returning / aggregates

def _series(start: int, stop: int, step: Interval, add):
    sign = _cmp(interval_cmp_value(step), 0)
    if sign == 0:
        raise PgError(INVALID_PARAMETER_VALUE, "step size cannot equal zero")
    cur = start
    while (cur <= stop) if sign > 0 else (cur >= stop):
        yield cur
        cur = add(cur, step)


@builtin("generate_series_timestamp")
def generate_series_timestamp(start: int, stop: int, step: Interval):
    """generate_series(timestamp, timestamp, interval): an iterator
    (set-returning convention of the function manager, INV-FUNCS-5)."""
    return _series(start, stop, step, timestamp_pl_interval)


@builtin("generate_series_timestamptz", ctx=True)
def generate_series_timestamptz(ctx, start: int, stop: int, step: Interval):
    return _series(start, stop, step, lambda t, iv: tstz_pl_interval(ctx, t, iv))


def _interval_state(state):
    """The aggregate state {sum, N} (an interval[2]; N counts in .micros),
    accepted as a list or a PgArray; returns (sum, n, rebuild)."""
    from pgref.types.values import PgArray  # noqa: PLC0415
    if isinstance(state, PgArray):
        elems = state.elements
        def rebuild(s, n):
            return PgArray([s, n], [2], [1], state.elemtype)
    else:
        elems = list(state)
        def rebuild(s, n):
            return [s, n]
    if len(elems) != 2:
        raise PgError("XX000", "expected 2-element interval array")
    return elems[0], elems[1], rebuild


@builtin("interval_accum")
def interval_accum(state, newval: Interval):
    s, n, rebuild = _interval_state(state)
    return rebuild(interval_pl(s, newval), Interval(n.months, n.days, n.micros + 1))


@builtin("interval_accum_inv")
def interval_accum_inv(state, newval: Interval):
    s, n, rebuild = _interval_state(state)
    return rebuild(interval_mi(s, newval), Interval(n.months, n.days, n.micros - 1))


@builtin("interval_avg")
def interval_avg(state):
    s, n, _ = _interval_state(state)
    if n.micros == 0:
        return None
    return interval_div(s, float(n.micros))

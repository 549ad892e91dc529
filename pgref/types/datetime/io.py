"""Type I/O of date, time, timetz, timestamp, timestamptz and interval:
text input/output, binary send/receive, typmod in/out and the length
coercions (``timestamp_scale``...), registered with the function manager
under PostgreSQL's pg_proc.prosrc names.

Where it sits: ``pgref.types.datetime`` (spec/03-types-datetime.md,
"Interface").  Signatures follow fmgr.py (INV-TYPES-FMGR-2):

    date_in(ctx, text, typioparam, typmod) -> int       date_out(ctx, int) -> str
    date_recv(ctx, bytes, typioparam, typmod) -> int    date_send(ctx, int) -> bytes
    ... likewise time_*, timetz_*, timestamp_*, timestamptz_*, interval_*
    timestamptypmodin(ctx, ['3']) -> 3                  timestamptypmodout(ctx, 3) -> '(3) without time zone'
    intervaltypmodin(ctx, [str(range_mask), '2'])       intervaltypmodout(ctx, typmod)
    timestamp_scale(ts, typmod) / time_scale / timetz_scale / interval_scale

Binary formats (PostgreSQL's, big-endian):
    date         int32 days since 2000-01-01
    time         int64 microseconds since midnight
    timetz       int64 microseconds, int32 zone seconds west
    timestamp(tz) int64 microseconds since 2000-01-01 (UTC for timestamptz)
    interval     int64 microseconds, int32 days, int32 months

Typmods: time/timestamp carry the fractional-second precision (-1 = none);
interval carries INTERVAL_TYPMOD(precision, range) = range << 16 | precision,
where range is a mask of field bits (YEAR=1<<2, MONTH=1<<1, DAY=1<<3,
HOUR=1<<10, MINUTE=1<<11, SECOND=1<<12; 0x7FFF = all) and precision 0xFFFF
means unspecified.  The grammar builds these for ``INTERVAL '1' YEAR TO MONTH``.
"""
from __future__ import annotations

import struct

from pgref.errors import (DATETIME_FIELD_OVERFLOW, INVALID_BINARY_REPRESENTATION,
                          INVALID_PARAMETER_VALUE, PROTOCOL_VIOLATION, PgError)
from pgref.types.datetime import tz as tzmod
from pgref.types.datetime.core import (
    DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, DTERR_INTERVAL_OVERFLOW, DTErr, Tm,
    TimestampRange, USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, cdiv,
    date2j, datestyle, dt2time, interval2itm, intervalstyle, is_valid_date,
    is_valid_julian, is_valid_timestamp, j2date, parse_error, time2t,
    timestamp2tm, tm2timestamp, ts_not_finite, MONTHS_PER_YEAR)
from pgref.types.datetime.encode import (encode_date_only, encode_datetime,
                                         encode_interval, encode_time_only)
from pgref.types.datetime import parse as P
from pgref.types.fmgr import builtin
from pgref.types.values import (DATE_NOBEGIN, DATE_NOEND, POSTGRES_EPOCH_JDATE,
                                TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, Interval, TimeTz)

MAX_TIME_PRECISION = 6
MAX_TIMESTAMP_PRECISION = 6
MAX_INTERVAL_PRECISION = 6
TZDISP_LIMIT = 16 * 3600
EPOCH_TIMESTAMP = -946684800 * 1_000_000     # 1970-01-01 00:00:00 (UTC)

_SCALES = [1_000_000, 100_000, 10_000, 1000, 100, 10, 1]


def _round_to(value: int, prec: int) -> int:
    scale = _SCALES[prec]
    off = scale // 2
    if value >= 0:
        return ((value + off) // scale) * scale
    return -(((-value + off) // scale) * scale)


def ts_range_error(text: str | None = None) -> PgError:
    if text is None:
        return PgError(DATETIME_FIELD_OVERFLOW, "timestamp out of range")
    return PgError(DATETIME_FIELD_OVERFLOW, f'timestamp out of range: "{text}"')


# ------------------------------------------------------------ typmod adjusters

def adjust_timestamp_for_typmod(t: int, typmod: int) -> int:
    if not ts_not_finite(t) and typmod != -1 and typmod != MAX_TIMESTAMP_PRECISION:
        if typmod < 0 or typmod > MAX_TIMESTAMP_PRECISION:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"timestamp({typmod}) precision must be between 0 and {MAX_TIMESTAMP_PRECISION}")
        t = _round_to(t, typmod)
    return t


def adjust_time_for_typmod(t: int, typmod: int) -> int:
    if 0 <= typmod <= MAX_TIME_PRECISION:
        t = _round_to(t, typmod)
    return t


def interval_range(typmod: int) -> int:
    return (typmod >> 16) & 0x7FFF if typmod >= 0 else P.INTERVAL_FULL_RANGE


def adjust_interval_for_typmod(iv: Interval, typmod: int) -> Interval:
    if typmod < 0:
        return iv
    rng = (typmod >> 16) & 0x7FFF
    precision = typmod & 0xFFFF
    months, days, time = iv
    M = P.INTERVAL_MASK
    if rng == P.INTERVAL_FULL_RANGE:
        pass
    elif rng == M(P.YEAR):
        months = cdiv(months, MONTHS_PER_YEAR) * MONTHS_PER_YEAR
        days = 0
        time = 0
    elif rng in (M(P.MONTH), M(P.YEAR) | M(P.MONTH)):
        days = 0
        time = 0
    elif rng == M(P.DAY):
        time = 0
    elif rng in (M(P.HOUR), M(P.DAY) | M(P.HOUR)):
        time = cdiv(time, USECS_PER_HOUR) * USECS_PER_HOUR
    elif rng in (M(P.MINUTE), M(P.DAY) | M(P.HOUR) | M(P.MINUTE), M(P.HOUR) | M(P.MINUTE)):
        time = cdiv(time, USECS_PER_MINUTE) * USECS_PER_MINUTE
    elif rng in (M(P.SECOND), M(P.DAY) | M(P.HOUR) | M(P.MINUTE) | M(P.SECOND),
                 M(P.HOUR) | M(P.MINUTE) | M(P.SECOND), M(P.MINUTE) | M(P.SECOND)):
        pass
    else:
        raise PgError("XX000", f"unrecognized interval typmod: {typmod}")
    if precision != P.INTERVAL_FULL_PRECISION:
        if precision < 0 or precision > MAX_INTERVAL_PRECISION:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"interval({precision}) precision must be between 0 and {MAX_INTERVAL_PRECISION}")
        time = _round_to(time, precision)
    return Interval(months, days, time)


# ------------------------------------------------------------ text input

def _parse(text: str, typname: str):
    try:
        return P.parse_datetime(text)
    except DTErr as e:
        raise parse_error(e.code, text, typname) from None


@builtin("date_in", ctx=True)
def date_in(ctx, text: str, typioparam: int = 0, typmod: int = -1) -> int:
    fields, ftypes = _parse(text, "date")
    try:
        dtype, tm, fsec, tz = P.decode_datetime(fields, ftypes, ctx, True)
    except DTErr as e:
        raise parse_error(e.code, text, "date") from None
    if dtype == P.DTK_DATE:
        pass
    elif dtype == P.DTK_EPOCH:
        tm = Tm(1970, 1, 1)
    elif dtype == P.DTK_LATE:
        return DATE_NOEND
    elif dtype == P.DTK_EARLY:
        return DATE_NOBEGIN
    else:
        raise parse_error(DTERR_BAD_FORMAT, text, "date")
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        raise PgError(DATETIME_FIELD_OVERFLOW, f'date out of range: "{text}"')
    d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(d):
        raise PgError(DATETIME_FIELD_OVERFLOW, f'date out of range: "{text}"')
    return d


def _timestamp_in(ctx, text: str, typmod: int, with_tz: bool) -> int:
    typname = "timestamp with time zone" if with_tz else "timestamp"
    fields, ftypes = _parse(text, typname)
    try:
        dtype, tm, fsec, tz = P.decode_datetime(fields, ftypes, ctx, True)
    except DTErr as e:
        raise parse_error(e.code, text, typname) from None
    if dtype == P.DTK_DATE:
        try:
            result = tm2timestamp(tm, fsec, tz if with_tz else None)
        except TimestampRange:
            raise ts_range_error(text) from None
    elif dtype == P.DTK_EPOCH:
        result = EPOCH_TIMESTAMP
    elif dtype == P.DTK_LATE:
        result = TIMESTAMP_NOEND
    elif dtype == P.DTK_EARLY:
        result = TIMESTAMP_NOBEGIN
    else:
        raise PgError("XX000", f'unexpected dtype {dtype} while parsing {typname} "{text}"')
    return adjust_timestamp_for_typmod(result, typmod)


@builtin("timestamp_in", ctx=True)
def timestamp_in(ctx, text: str, typioparam: int = 0, typmod: int = -1) -> int:
    return _timestamp_in(ctx, text, typmod, False)


@builtin("timestamptz_in", ctx=True)
def timestamptz_in(ctx, text: str, typioparam: int = 0, typmod: int = -1) -> int:
    return _timestamp_in(ctx, text, typmod, True)


@builtin("time_in", ctx=True)
def time_in(ctx, text: str, typioparam: int = 0, typmod: int = -1) -> int:
    fields, ftypes = _parse(text, "time")
    try:
        dtype, tm, fsec, tz = P.decode_time_only(fields, ftypes, ctx, True)
    except DTErr as e:
        raise parse_error(e.code, text, "time") from None
    return adjust_time_for_typmod(time2t(tm.hour, tm.min, tm.sec, fsec), typmod)


@builtin("timetz_in", ctx=True)
def timetz_in(ctx, text: str, typioparam: int = 0, typmod: int = -1) -> TimeTz:
    typname = "time with time zone"
    fields, ftypes = _parse(text, typname)
    try:
        dtype, tm, fsec, tz = P.decode_time_only(fields, ftypes, ctx, True)
    except DTErr as e:
        raise parse_error(e.code, text, typname) from None
    t = adjust_time_for_typmod(time2t(tm.hour, tm.min, tm.sec, fsec), typmod)
    return TimeTz(t, tz)


@builtin("interval_in", ctx=True)
def interval_in(ctx, text: str, typioparam: int = 0, typmod: int = -1) -> Interval:
    rng = interval_range(typmod)
    istyle = intervalstyle(ctx.settings)
    code = 0
    result = None
    try:
        fields, ftypes = P.parse_datetime(text)
        dtype, months, days, usecs = P.decode_interval(fields, ftypes, rng, istyle)
        result = (dtype, months, days, usecs)
    except DTErr as e:
        code = e.code
    if code == DTERR_BAD_FORMAT:
        try:
            months, days, usecs = P.decode_iso8601_interval(text)
            result = (P.DTK_DELTA, months, days, usecs)
            code = 0
        except DTErr as e:
            code = e.code
    if code != 0:
        if code == DTERR_FIELD_OVERFLOW:
            code = DTERR_INTERVAL_OVERFLOW
        raise parse_error(code, text, "interval")
    assert result is not None
    dtype, months, days, usecs = result
    if dtype != P.DTK_DELTA:
        raise PgError("XX000", f'unexpected dtype {dtype} while parsing interval "{text}"')
    return adjust_interval_for_typmod(Interval(months, days, usecs), typmod)


# ------------------------------------------------------------ text output

def encode_special_date(d: int) -> str:
    return "-infinity" if d == DATE_NOBEGIN else "infinity"


def encode_special_timestamp(t: int) -> str:
    return "-infinity" if t == TIMESTAMP_NOBEGIN else "infinity"


@builtin("date_out", ctx=True)
def date_out(ctx, d: int) -> str:
    if d == DATE_NOBEGIN or d == DATE_NOEND:
        return encode_special_date(d)
    y, m, dd = j2date(d + POSTGRES_EPOCH_JDATE)
    style, order = datestyle(ctx.settings)
    return encode_date_only(Tm(y, m, dd), style, order)


@builtin("timestamp_out", ctx=True)
def timestamp_out(ctx, t: int) -> str:
    if ts_not_finite(t):
        return encode_special_timestamp(t)
    try:
        tm, fsec, _ = timestamp2tm(t)
    except TimestampRange:
        raise ts_range_error() from None
    style, order = datestyle(ctx.settings)
    return encode_datetime(tm, fsec, False, 0, None, style, order)


@builtin("timestamptz_out", ctx=True)
def timestamptz_out(ctx, t: int) -> str:
    if ts_not_finite(t):
        return encode_special_timestamp(t)
    try:
        tm, fsec, tz = timestamp2tm(t, tzmod.session_tz(ctx.settings), need_tz=True)
    except TimestampRange:
        raise ts_range_error() from None
    style, order = datestyle(ctx.settings)
    return encode_datetime(tm, fsec, True, tz, tm.zone, style, order)


def time2tm(t: int) -> tuple[Tm, int]:
    tm = Tm()
    tm.hour, tm.min, tm.sec, fsec = dt2time(t)
    return tm, fsec


@builtin("time_out", ctx=True)
def time_out(ctx, t: int) -> str:
    tm, fsec = time2tm(t)
    style, _ = datestyle(ctx.settings)
    return encode_time_only(tm, fsec, False, 0, style)


@builtin("timetz_out", ctx=True)
def timetz_out(ctx, v: TimeTz) -> str:
    tm, fsec = time2tm(v.micros)
    style, _ = datestyle(ctx.settings)
    return encode_time_only(tm, fsec, True, v.zone, style)


@builtin("interval_out", ctx=True)
def interval_out(ctx, iv: Interval) -> str:
    return encode_interval(interval2itm(iv), intervalstyle(ctx.settings))


# ------------------------------------------------------------ binary I/O

def _unpack(fmt: str, data: bytes):
    if len(data) < struct.calcsize(fmt):
        raise PgError(PROTOCOL_VIOLATION, "insufficient data left in message")
    if len(data) > struct.calcsize(fmt):
        raise PgError(INVALID_BINARY_REPRESENTATION, "incorrect binary data format")
    return struct.unpack(fmt, data)


@builtin("date_recv", ctx=True)
def date_recv(ctx, data: bytes, typioparam: int = 0, typmod: int = -1) -> int:
    (d,) = _unpack(">i", data)
    if d == DATE_NOBEGIN or d == DATE_NOEND:
        return d
    if not is_valid_date(d):
        raise PgError(DATETIME_FIELD_OVERFLOW, "date out of range")
    return d


@builtin("date_send", ctx=True)
def date_send(ctx, d: int) -> bytes:
    return struct.pack(">i", d)


def _ts_recv(data: bytes, typmod: int) -> int:
    (t,) = _unpack(">q", data)
    if not ts_not_finite(t) and not is_valid_timestamp(t):
        raise ts_range_error()
    return adjust_timestamp_for_typmod(t, typmod)


@builtin("timestamp_recv", ctx=True)
def timestamp_recv(ctx, data: bytes, typioparam: int = 0, typmod: int = -1) -> int:
    return _ts_recv(data, typmod)


@builtin("timestamptz_recv", ctx=True)
def timestamptz_recv(ctx, data: bytes, typioparam: int = 0, typmod: int = -1) -> int:
    return _ts_recv(data, typmod)


@builtin("timestamp_send", "timestamptz_send", "time_send", ctx=True)
def int64_time_send(ctx, t: int) -> bytes:
    return struct.pack(">q", t)


@builtin("time_recv", ctx=True)
def time_recv(ctx, data: bytes, typioparam: int = 0, typmod: int = -1) -> int:
    (t,) = _unpack(">q", data)
    if t < 0 or t > USECS_PER_DAY:
        raise PgError(INVALID_BINARY_REPRESENTATION, "time out of range")
    return adjust_time_for_typmod(t, typmod)


@builtin("timetz_recv", ctx=True)
def timetz_recv(ctx, data: bytes, typioparam: int = 0, typmod: int = -1) -> TimeTz:
    t, zone = _unpack(">qi", data)
    if t < 0 or t > USECS_PER_DAY:
        raise PgError(INVALID_BINARY_REPRESENTATION, "time out of range")
    if zone <= -TZDISP_LIMIT or zone >= TZDISP_LIMIT:
        raise PgError(INVALID_BINARY_REPRESENTATION, "time zone displacement out of range")
    return TimeTz(adjust_time_for_typmod(t, typmod), zone)


@builtin("timetz_send", ctx=True)
def timetz_send(ctx, v: TimeTz) -> bytes:
    return struct.pack(">qi", v.micros, v.zone)


@builtin("interval_recv", ctx=True)
def interval_recv(ctx, data: bytes, typioparam: int = 0, typmod: int = -1) -> Interval:
    t, days, months = _unpack(">qii", data)
    return adjust_interval_for_typmod(Interval(months, days, t), typmod)


@builtin("interval_send", ctx=True)
def interval_send(ctx, iv: Interval) -> bytes:
    return struct.pack(">qii", iv.micros, iv.days, iv.months)


# ------------------------------------------------------------ typmods

def _int_typmods(mods: list) -> list[int]:
    out = []
    for m in mods:
        try:
            out.append(int(str(m).strip()))
        except ValueError:
            raise PgError("22P02", f'invalid input syntax for type integer: "{m}"') from None
    return out


def _anytime_typmodin(mods: list, what: str, istz: bool, maxp: int) -> int:
    tl = _int_typmods(mods)
    if len(tl) != 1:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
    suffix = " WITH TIME ZONE" if istz else ""
    if tl[0] < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f"{what}({tl[0]}){suffix} precision must not be negative")
    # PostgreSQL also emits a WARNING "... precision reduced to maximum allowed"
    return min(tl[0], maxp)


def _anytime_typmodout(typmod: int, istz: bool) -> str:
    tz = " with time zone" if istz else " without time zone"
    return f"({typmod}){tz}" if typmod >= 0 else tz


@builtin("timetypmodin", ctx=True)
def timetypmodin(ctx, mods: list) -> int:
    return _anytime_typmodin(mods, "TIME", False, MAX_TIME_PRECISION)


@builtin("timetztypmodin", ctx=True)
def timetztypmodin(ctx, mods: list) -> int:
    return _anytime_typmodin(mods, "TIME", True, MAX_TIME_PRECISION)


@builtin("timestamptypmodin", ctx=True)
def timestamptypmodin(ctx, mods: list) -> int:
    return _anytime_typmodin(mods, "TIMESTAMP", False, MAX_TIMESTAMP_PRECISION)


@builtin("timestamptztypmodin", ctx=True)
def timestamptztypmodin(ctx, mods: list) -> int:
    return _anytime_typmodin(mods, "TIMESTAMP", True, MAX_TIMESTAMP_PRECISION)


@builtin("timetypmodout", "timestamptypmodout", ctx=True)
def notz_typmodout(ctx, typmod: int) -> str:
    return _anytime_typmodout(typmod, False)


@builtin("timetztypmodout", "timestamptztypmodout", ctx=True)
def tz_typmodout(ctx, typmod: int) -> str:
    return _anytime_typmodout(typmod, True)


_M = P.INTERVAL_MASK
_VALID_RANGES = {
    _M(P.YEAR): " year", _M(P.MONTH): " month", _M(P.DAY): " day", _M(P.HOUR): " hour",
    _M(P.MINUTE): " minute", _M(P.SECOND): " second",
    _M(P.YEAR) | _M(P.MONTH): " year to month",
    _M(P.DAY) | _M(P.HOUR): " day to hour",
    _M(P.DAY) | _M(P.HOUR) | _M(P.MINUTE): " day to minute",
    _M(P.DAY) | _M(P.HOUR) | _M(P.MINUTE) | _M(P.SECOND): " day to second",
    _M(P.HOUR) | _M(P.MINUTE): " hour to minute",
    _M(P.HOUR) | _M(P.MINUTE) | _M(P.SECOND): " hour to second",
    _M(P.MINUTE) | _M(P.SECOND): " minute to second",
    P.INTERVAL_FULL_RANGE: "",
}


def interval_typmod(precision: int, rng: int) -> int:
    """INTERVAL_TYPMOD(precision, range)."""
    return ((rng & 0x7FFF) << 16) | (precision & 0xFFFF)


@builtin("intervaltypmodin", ctx=True)
def intervaltypmodin(ctx, mods: list) -> int:
    tl = _int_typmods(mods)
    if tl and tl[0] not in _VALID_RANGES:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid INTERVAL type modifier")
    if len(tl) == 1:
        return interval_typmod(P.INTERVAL_FULL_PRECISION, tl[0]) if tl[0] != P.INTERVAL_FULL_RANGE else -1
    if len(tl) == 2:
        if tl[1] < 0:
            raise PgError(INVALID_PARAMETER_VALUE, f"INTERVAL({tl[1]}) precision must not be negative")
        return interval_typmod(min(tl[1], MAX_INTERVAL_PRECISION), tl[0])
    raise PgError(INVALID_PARAMETER_VALUE, "invalid INTERVAL type modifier")


@builtin("intervaltypmodout", ctx=True)
def intervaltypmodout(ctx, typmod: int) -> str:
    if typmod < 0:
        return ""
    fields = (typmod >> 16) & 0x7FFF
    precision = typmod & 0xFFFF
    if fields not in _VALID_RANGES:
        raise PgError("XX000", f"invalid INTERVAL typmod: 0x{typmod:x}")
    s = _VALID_RANGES[fields]
    if precision != P.INTERVAL_FULL_PRECISION:
        s += f"({precision})"
    return s


# ------------------------------------------------------------ length coercions

@builtin("timestamp_scale", "timestamptz_scale")
def timestamp_scale(t: int, typmod: int) -> int:
    return adjust_timestamp_for_typmod(t, typmod)


@builtin("time_scale")
def time_scale(t: int, typmod: int) -> int:
    return adjust_time_for_typmod(t, typmod)


@builtin("timetz_scale")
def timetz_scale(v: TimeTz, typmod: int) -> TimeTz:
    return TimeTz(adjust_time_for_typmod(v.micros, typmod), v.zone)


@builtin("interval_scale")
def interval_scale(iv: Interval, typmod: int) -> Interval:
    return adjust_interval_for_typmod(iv, typmod)

"""Calendar arithmetic and the broken-down time record shared by all
date/time code (PostgreSQL's datetime.c / timestamp.c helpers).

Where it sits: the bottom of ``pgref.types.datetime`` (spec/03-types-datetime.md,
"Representation" and "Calendar").  Everything above -- parsing, printing,
operators -- converts between the integer datums of ``types/values.py`` and
the :class:`Tm` record here, exactly as PostgreSQL converts between
``Timestamp`` and ``struct pg_tm``.

Guarantees:
  * ``date2j``/``j2date`` are PostgreSQL's Julian-day algorithms (proleptic
    Gregorian calendar, year 0 = 1 BC), valid for every representable date.
  * C integer semantics are reproduced where PostgreSQL relies on them:
    :func:`cdiv` / :func:`cmod` truncate toward zero (INV-DT-1).
  * Range limits are PostgreSQL's: dates from 4714-11-24 BC to 5874897 AD,
    timestamps from 4714-11-24 BC to 294276 AD (INV-DT-2).

Entry points: date2j, j2date, j2day, Tm, timestamp2tm, tm2timestamp,
dt2time, time2tm, interval2itm, itm2interval, DateStyle parsing
(:func:`datestyle`), :class:`DTErr` and :func:`parse_error`.
"""
from __future__ import annotations

from pgref.errors import (DATETIME_FIELD_OVERFLOW, INVALID_DATETIME_FORMAT,
                          INVALID_PARAMETER_VALUE, PgError)
from pgref.types.values import (DATE_NOBEGIN, DATE_NOEND, POSTGRES_EPOCH_JDATE,
                                TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND,
                                UNIX_EPOCH_JDATE, Interval)

USECS_PER_SEC = 1_000_000
USECS_PER_MINUTE = 60_000_000
USECS_PER_HOUR = 3_600_000_000
USECS_PER_DAY = 86_400_000_000
SECS_PER_DAY = 86_400
SECS_PER_HOUR = 3600
SECS_PER_MINUTE = 60
MINS_PER_HOUR = 60
HOURS_PER_DAY = 24
DAYS_PER_MONTH = 30
MONTHS_PER_YEAR = 12
DAYS_PER_YEAR = 365.25
MAX_TZDISP_HOUR = 15

INT32_MIN = -(2 ** 31)
INT32_MAX = 2 ** 31 - 1
INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1

# Julian-day limits (datatype/timestamp.h)
JULIAN_MINYEAR, JULIAN_MINMONTH, JULIAN_MINDAY = -4713, 11, 24
DATETIME_MIN_JULIAN = 0
DATE_END_JULIAN = 2147483494          # date2j(5874898, 1, 1)
TIMESTAMP_END_JULIAN = 109203528      # date2j(294277, 1, 1)
MIN_TIMESTAMP = -211813488000000000   # 4714-11-24 00:00:00 BC
END_TIMESTAMP = 9223371331200000000   # 294277-01-01 00:00:00

DAY_TAB = ((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
           (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec")
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday")


def cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero).  INV-DT-1."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def cmod(a: int, b: int) -> int:
    """C remainder: same sign as the dividend.  INV-DT-1."""
    return a - cdiv(a, b) * b


def isleap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def date2j(y: int, m: int, d: int) -> int:
    if m > 2:
        m += 1
        y += 4800
    else:
        m += 13
        y += 4799
    century = cdiv(y, 100)
    julian = y * 365 - 32167
    julian += cdiv(y, 4) - century + cdiv(century, 4)
    julian += cdiv(7834 * m, 256) + d
    return julian


def j2date(jd: int) -> tuple[int, int, int]:
    julian = (jd + 32044) & 0xFFFFFFFF     # unsigned int arithmetic, as in C
    quad = julian // 146097
    extra = (julian - quad * 146097) * 4 + 3
    julian += 60 + quad * 3 + extra // 146097
    julian &= 0xFFFFFFFF
    quad = julian // 1461
    julian -= quad * 1461
    y = julian * 4 // 1461
    julian = ((julian + 305) % 365 if y != 0 else (julian + 306) % 366) + 123
    y += quad * 4
    year = y - 4800
    quad = julian * 2141 // 65536
    day = julian - 7834 * quad // 256
    month = (quad + 10) % 12 + 1
    return year, month, day


def j2day(jd: int) -> int:
    """Day of week, 0 = Sunday."""
    return (jd + 1) % 7


def is_valid_julian(y: int, m: int, d: int) -> bool:
    """IS_VALID_JULIAN (the day is deliberately not checked, as in PG)."""
    return ((y > JULIAN_MINYEAR or (y == JULIAN_MINYEAR and m >= JULIAN_MINMONTH))
            and (y < 5874898 or (y == 5874898 and m < 6)))


def is_valid_date(d: int) -> bool:
    """INV-DT-2: a finite DateADT lies in [4714-11-24 BC, 5874897-12-31]."""
    return (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE) <= d < (DATE_END_JULIAN - POSTGRES_EPOCH_JDATE)


def is_valid_timestamp(t: int) -> bool:
    """INV-DT-2: a finite Timestamp lies in [4714-11-24 BC, 294277-01-01)."""
    return MIN_TIMESTAMP <= t < END_TIMESTAMP


def date_is_nofinite(d: int) -> bool:
    return d == DATE_NOBEGIN or d == DATE_NOEND


def ts_not_finite(t: int) -> bool:
    return t == TIMESTAMP_NOBEGIN or t == TIMESTAMP_NOEND


class Tm:
    """PostgreSQL's struct pg_tm (year is the real year; 0 = 1 BC)."""
    __slots__ = ("year", "mon", "mday", "hour", "min", "sec", "isdst",
                 "gmtoff", "zone", "yday", "wday")

    def __init__(self, year: int = 0, mon: int = 0, mday: int = 0, hour: int = 0,
                 min: int = 0, sec: int = 0) -> None:
        self.year, self.mon, self.mday = year, mon, mday
        self.hour, self.min, self.sec = hour, min, sec
        self.isdst = -1
        self.gmtoff = 0
        self.zone: str | None = None
        self.yday = 0
        self.wday = 0

    def copy(self) -> "Tm":
        t = Tm(self.year, self.mon, self.mday, self.hour, self.min, self.sec)
        t.isdst, t.gmtoff, t.zone, t.yday, t.wday = (
            self.isdst, self.gmtoff, self.zone, self.yday, self.wday)
        return t

    def __repr__(self) -> str:
        return (f"Tm({self.year}-{self.mon}-{self.mday} {self.hour}:{self.min}:"
                f"{self.sec} isdst={self.isdst} gmtoff={self.gmtoff} zone={self.zone})")


def dt2time(jd: int) -> tuple[int, int, int, int]:
    """Microseconds within a day -> (hour, min, sec, fsec)."""
    hour = cdiv(jd, USECS_PER_HOUR)
    jd -= hour * USECS_PER_HOUR
    mn = cdiv(jd, USECS_PER_MINUTE)
    jd -= mn * USECS_PER_MINUTE
    sec = cdiv(jd, USECS_PER_SEC)
    fsec = jd - sec * USECS_PER_SEC
    return hour, mn, sec, fsec


def time2t(hour: int, mn: int, sec: int, fsec: int) -> int:
    return ((hour * MINS_PER_HOUR + mn) * SECS_PER_MINUTE + sec) * USECS_PER_SEC + fsec


class TimestampRange(Exception):
    """timestamp2tm/tm2timestamp failure (caller reports 'out of range')."""


def timestamp2tm(dt: int, tz=None, need_tz: bool = False) -> tuple[Tm, int, int]:
    """Break a Timestamp into fields.  With ``need_tz`` the value is a UTC
    instant rotated into zone ``tz`` (a :class:`pgref.types.datetime.tz.PgTz`);
    returns (tm, fsec, tzoffset_seconds_west)."""
    time = dt
    date = cdiv(time, USECS_PER_DAY)
    time = time - date * USECS_PER_DAY
    if time < 0:
        time += USECS_PER_DAY
        date -= 1
    date += POSTGRES_EPOCH_JDATE
    if date < 0 or date > INT32_MAX:
        raise TimestampRange()
    tm = Tm()
    tm.year, tm.mon, tm.mday = j2date(date)
    tm.hour, tm.min, tm.sec, fsec = dt2time(time)
    if not need_tz:
        tm.isdst = -1
        return tm, fsec, 0
    utime = cdiv(dt - fsec, USECS_PER_SEC) + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY
    gmtoff, isdst, abbrev = tz.utc_info(utime)
    local = utime + gmtoff
    days, secs = divmod(local, SECS_PER_DAY)
    tm.year, tm.mon, tm.mday = j2date(days + UNIX_EPOCH_JDATE)
    tm.hour, rem = divmod(secs, 3600)
    tm.min, tm.sec = divmod(rem, 60)
    tm.isdst = isdst
    tm.gmtoff = gmtoff
    tm.zone = abbrev
    return tm, fsec, -gmtoff


def tm2timestamp(tm: Tm, fsec: int, tz: int | None) -> int:
    """Fields (+ offset seconds west, or None for a zoneless timestamp) ->
    Timestamp.  Raises TimestampRange."""
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        raise TimestampRange()
    date = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    time = time2t(tm.hour, tm.min, tm.sec, fsec)
    result = date * USECS_PER_DAY + time
    if not (INT64_MIN <= result <= INT64_MAX):
        raise TimestampRange()
    if tz is not None:
        result = result + tz * USECS_PER_SEC
    if not is_valid_timestamp(result):
        raise TimestampRange()
    return result


class Itm:
    """struct pg_itm: a broken-down interval for output."""
    __slots__ = ("year", "mon", "mday", "hour", "min", "sec", "usec")

    def __init__(self) -> None:
        self.year = self.mon = self.mday = self.hour = self.min = self.sec = self.usec = 0


def interval2itm(iv: Interval) -> Itm:
    itm = Itm()
    itm.year = cdiv(iv.months, MONTHS_PER_YEAR)
    itm.mon = cmod(iv.months, MONTHS_PER_YEAR)
    itm.mday = iv.days
    time = iv.micros
    itm.hour = cdiv(time, USECS_PER_HOUR)
    time -= itm.hour * USECS_PER_HOUR
    itm.min = cdiv(time, USECS_PER_MINUTE)
    time -= itm.min * USECS_PER_MINUTE
    itm.sec = cdiv(time, USECS_PER_SEC)
    itm.usec = time - itm.sec * USECS_PER_SEC
    return itm


def interval_range_error() -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")


def make_interval_checked(months: int, days: int, micros: int) -> Interval:
    """Build an Interval, raising 'interval out of range' on int overflow."""
    if not (INT32_MIN <= months <= INT32_MAX and INT32_MIN <= days <= INT32_MAX
            and INT64_MIN <= micros <= INT64_MAX):
        raise interval_range_error()
    return Interval(months, days, micros)


# ---------------------------------------------------------------- DateStyle

USE_POSTGRES_DATES, USE_ISO_DATES, USE_SQL_DATES, USE_GERMAN_DATES, USE_XSD_DATES = 0, 1, 2, 3, 4
DATEORDER_YMD, DATEORDER_DMY, DATEORDER_MDY = 0, 1, 2
INTSTYLE_POSTGRES, INTSTYLE_POSTGRES_VERBOSE, INTSTYLE_SQL_STANDARD, INTSTYLE_ISO_8601 = 0, 1, 2, 3

_datestyle_cache: dict[str, tuple[int, int]] = {}


def datestyle(settings) -> tuple[int, int]:
    """(DateStyle output style, DateOrder) from IOSettings.datestyle, parsed as
    PostgreSQL's check_datestyle does ("ISO, MDY", "German", "SQL, DMY"...)."""
    s = settings.datestyle
    r = _datestyle_cache.get(s)
    if r is not None:
        return r
    style, order = USE_ISO_DATES, DATEORDER_MDY
    have_style = have_order = False
    for tok in (t.strip().lower() for t in s.split(",")):
        if tok == "iso":
            style, have_style = USE_ISO_DATES, True
        elif tok == "sql":
            style, have_style = USE_SQL_DATES, True
        elif tok.startswith("postgres"):
            style, have_style = USE_POSTGRES_DATES, True
        elif tok == "german":
            style, have_style = USE_GERMAN_DATES, True
            if not have_order:
                order = DATEORDER_DMY
        elif tok == "ymd":
            order, have_order = DATEORDER_YMD, True
        elif tok in ("dmy", "euro", "european"):
            order, have_order = DATEORDER_DMY, True
        elif tok in ("mdy", "us", "noneuro", "noneuropean"):
            order, have_order = DATEORDER_MDY, True
    _datestyle_cache[s] = (style, order)
    return style, order


def intervalstyle(settings) -> int:
    return {"postgres": INTSTYLE_POSTGRES, "postgres_verbose": INTSTYLE_POSTGRES_VERBOSE,
            "sql_standard": INTSTYLE_SQL_STANDARD, "iso_8601": INTSTYLE_ISO_8601}.get(
        settings.intervalstyle.strip().lower(), INTSTYLE_POSTGRES)


# ---------------------------------------------------------------- errors

DTERR_BAD_FORMAT = -1
DTERR_FIELD_OVERFLOW = -2
DTERR_MD_FIELD_OVERFLOW = -3
DTERR_INTERVAL_OVERFLOW = -4
DTERR_TZDISP_OVERFLOW = -5


class DTErr(Exception):
    """A datetime.c DTERR_* code raised inside the decoders."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def parse_error(code: int, text: str, typname: str) -> PgError:
    """DateTimeParseError(): the PgError for a decoder failure."""
    if code == DTERR_FIELD_OVERFLOW:
        return PgError(DATETIME_FIELD_OVERFLOW,
                       f'date/time field value out of range: "{text}"')
    if code == DTERR_MD_FIELD_OVERFLOW:
        return PgError(DATETIME_FIELD_OVERFLOW,
                       f'date/time field value out of range: "{text}"',
                       hint='Perhaps you need a different "datestyle" setting.')
    if code == DTERR_INTERVAL_OVERFLOW:
        return PgError("22015", f'interval field value out of range: "{text}"')
    if code == DTERR_TZDISP_OVERFLOW:
        return PgError("22009", f'time zone displacement out of range: "{text}"')
    return PgError(INVALID_DATETIME_FORMAT, f'invalid input syntax for type {typname}: "{text}"')


def tz_not_recognized(name: str) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, f'time zone "{name}" not recognized')


_STYLE_NAMES = {USE_ISO_DATES: "ISO", USE_SQL_DATES: "SQL", USE_POSTGRES_DATES: "Postgres",
                USE_GERMAN_DATES: "German"}
_ORDER_NAMES = {DATEORDER_YMD: "YMD", DATEORDER_DMY: "DMY", DATEORDER_MDY: "MDY"}


def canonical_datestyle(value: str, current: str = "ISO, MDY") -> str:
    """PostgreSQL's check_datestyle() for the GUC layer: merge a SET value
    into the current setting and return the canonical string ('SET datestyle
    TO dmy' keeps the output style: 'ISO, MDY' -> 'ISO, DMY').  Raises 22023
    on unknown or conflicting keywords."""
    class _S:
        datestyle = current
    style, order = datestyle(_S)
    have_style = have_order = False
    bad = None
    for raw in value.split(","):
        tok = raw.strip().strip('"').lower()
        if tok == "iso":
            new, kind = USE_ISO_DATES, "style"
        elif tok == "sql":
            new, kind = USE_SQL_DATES, "style"
        elif tok == "postgres":
            new, kind = USE_POSTGRES_DATES, "style"
        elif tok == "german":
            new, kind = USE_GERMAN_DATES, "style"
        elif tok == "ymd":
            new, kind = DATEORDER_YMD, "order"
        elif tok in ("dmy", "euro", "european"):
            new, kind = DATEORDER_DMY, "order"
        elif tok in ("mdy", "us", "noneuro", "noneuropean"):
            new, kind = DATEORDER_MDY, "order"
        elif tok == "default":
            if not have_style:
                style = USE_ISO_DATES
            if not have_order:
                order = DATEORDER_MDY
            have_style = have_order = True
            continue
        else:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid value for parameter "DateStyle": "{value}"',
                          detail=f'Unrecognized key word: "{raw.strip()}".')
        if kind == "style":
            if have_style and new != style:
                bad = True
            style, have_style = new, True
            if new == USE_GERMAN_DATES and not have_order:
                order = DATEORDER_DMY
        else:
            if have_order and new != order:
                bad = True
            order, have_order = new, True
    if bad:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid value for parameter "DateStyle": "{value}"',
                      detail='Conflicting "datestyle" specifications.')
    return f"{_STYLE_NAMES[style]}, {_ORDER_NAMES[order]}"

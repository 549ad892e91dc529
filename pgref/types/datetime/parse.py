"""Date/time text input: PostgreSQL 15's ParseDateTime + DecodeDateTime /
DecodeTimeOnly / DecodeInterval / DecodeISO8601Interval, field by field.

Where it sits: ``pgref.types.datetime`` (spec/03-types-datetime.md, "Input").
The input functions in ``io.py`` call these; nothing else parses date/time
text.  The structure follows datetime.c on purpose, so that a reader can put
the two side by side: a string is first split into typed fields
(:func:`parse_datetime`), then the fields are interpreted in context, each
one setting bits of a field mask (``fmask``); a field whose bits are already
set is an error (INV-DT-5).

Decoders raise :class:`~pgref.types.datetime.core.DTErr` with a DTERR code;
the caller turns it into the PgError with the input text and type name
(DateTimeParseError).  Unknown full time zone names raise the 22023 error
directly, as PostgreSQL 15 does.

Entry points:
    parse_datetime(text) -> (fields, ftypes)
    decode_datetime(fields, ftypes, ctx, want_tz) -> (dtype, tm, fsec, tz)
    decode_time_only(fields, ftypes, ctx, want_tz) -> (dtype, tm, fsec, tz)
    decode_interval(fields, ftypes, range, intervalstyle) -> (dtype, months, days, usecs)
    decode_iso8601_interval(text) -> (months, days, usecs)
    decode_units(name) / decode_special(name) -> (type, value)
"""
from __future__ import annotations

import math

from pgref.types.datetime import tz as tzmod
from pgref.types.datetime.core import (
    DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, DTERR_MD_FIELD_OVERFLOW,
    DTERR_TZDISP_OVERFLOW, DTErr, DAY_TAB, DAYS_PER_MONTH, HOURS_PER_DAY,
    INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, MAX_TZDISP_HOUR, MINS_PER_HOUR,
    MONTHS_PER_YEAR, SECS_PER_MINUTE, Tm, USECS_PER_DAY, USECS_PER_HOUR,
    USECS_PER_MINUTE, USECS_PER_SEC, DATEORDER_DMY, DATEORDER_YMD, cdiv,
    date2j, datestyle, dt2time, isleap, j2date, timestamp2tm, tz_not_recognized,
    INTSTYLE_SQL_STANDARD, interval_range_error)

# ---- field types produced by ParseDateTime / token values (datetime.h)
DTK_NUMBER, DTK_STRING, DTK_DATE, DTK_TIME, DTK_TZ, DTK_AGO, DTK_SPECIAL = 0, 1, 2, 3, 4, 5, 6
DTK_EARLY, DTK_LATE, DTK_EPOCH, DTK_NOW, DTK_YESTERDAY, DTK_TODAY, DTK_TOMORROW, DTK_ZULU = (
    9, 10, 11, 12, 13, 14, 15, 16)
DTK_DELTA, DTK_SECOND, DTK_MINUTE, DTK_HOUR, DTK_DAY, DTK_WEEK, DTK_MONTH = 17, 18, 19, 20, 21, 22, 23
DTK_QUARTER, DTK_YEAR, DTK_DECADE, DTK_CENTURY, DTK_MILLENNIUM = 24, 25, 26, 27, 28
DTK_MILLISEC, DTK_MICROSEC, DTK_JULIAN, DTK_DOW, DTK_DOY = 29, 30, 31, 32, 33
DTK_TZ_HOUR, DTK_TZ_MINUTE, DTK_ISOYEAR, DTK_ISODOW = 34, 35, 36, 37

# ---- token types (bit numbers of the field masks)
RESERV, MONTH, YEAR, DAY, JULIAN, TZ, DTZ, DYNTZ, IGNORE_DTF, AMPM = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, DOY, DOW, UNITS, ADBC = 10, 11, 12, 13, 14, 15, 16, 17, 18
AGO, ABS_BEFORE, ABS_AFTER, ISODATE, ISOTIME, WEEK, DECADE, CENTURY, MILLENNIUM = (
    19, 20, 21, 22, 23, 24, 25, 26, 27)
DTZMOD = 28
UNKNOWN_FIELD = 31

AM, PM, HR24 = 0, 1, 2
AD, BC = 0, 1


def DTK_M(t: int) -> int:
    return 1 << t


DTK_ALL_SECS_M = DTK_M(SECOND) | DTK_M(MILLISECOND) | DTK_M(MICROSECOND)
DTK_DATE_M = DTK_M(YEAR) | DTK_M(MONTH) | DTK_M(DAY)
DTK_TIME_M = DTK_M(HOUR) | DTK_M(MINUTE) | DTK_ALL_SECS_M

INTERVAL_FULL_RANGE = 0x7FFF
INTERVAL_FULL_PRECISION = 0xFFFF


def INTERVAL_MASK(b: int) -> int:
    return 1 << b


TOKMAXLEN = 10

DATETKTBL: dict[str, tuple[int, int]] = {
    "-infinity": (RESERV, DTK_EARLY), "ad": (ADBC, AD), "allballs": (RESERV, DTK_ZULU),
    "am": (AMPM, AM), "apr": (MONTH, 4), "april": (MONTH, 4), "at": (IGNORE_DTF, 0),
    "aug": (MONTH, 8), "august": (MONTH, 8), "bc": (ADBC, BC), "d": (UNITS, DTK_DAY),
    "dec": (MONTH, 12), "december": (MONTH, 12), "dow": (UNITS, DTK_DOW),
    "doy": (UNITS, DTK_DOY), "dst": (DTZMOD, 3600), "epoch": (RESERV, DTK_EPOCH),
    "feb": (MONTH, 2), "february": (MONTH, 2), "fri": (DOW, 5), "friday": (DOW, 5),
    "h": (UNITS, DTK_HOUR), "infinity": (RESERV, DTK_LATE), "isodow": (UNITS, DTK_ISODOW),
    "isoyear": (UNITS, DTK_ISOYEAR), "j": (UNITS, DTK_JULIAN), "jan": (MONTH, 1),
    "january": (MONTH, 1), "jd": (UNITS, DTK_JULIAN), "jul": (MONTH, 7),
    "julian": (UNITS, DTK_JULIAN), "july": (MONTH, 7), "jun": (MONTH, 6), "june": (MONTH, 6),
    "m": (UNITS, DTK_MONTH), "mar": (MONTH, 3), "march": (MONTH, 3), "may": (MONTH, 5),
    "mm": (UNITS, DTK_MINUTE), "mon": (DOW, 1), "monday": (DOW, 1), "nov": (MONTH, 11),
    "november": (MONTH, 11), "now": (RESERV, DTK_NOW), "oct": (MONTH, 10),
    "october": (MONTH, 10), "on": (IGNORE_DTF, 0), "pm": (AMPM, PM), "s": (UNITS, DTK_SECOND),
    "sat": (DOW, 6), "saturday": (DOW, 6), "sep": (MONTH, 9), "sept": (MONTH, 9),
    "september": (MONTH, 9), "sun": (DOW, 0), "sunday": (DOW, 0), "t": (ISOTIME, DTK_TIME),
    "thu": (DOW, 4), "thur": (DOW, 4), "thurs": (DOW, 4), "thursday": (DOW, 4),
    "today": (RESERV, DTK_TODAY), "tomorrow": (RESERV, DTK_TOMORROW), "tue": (DOW, 2),
    "tues": (DOW, 2), "tuesday": (DOW, 2), "wed": (DOW, 3), "wednesday": (DOW, 3),
    "weds": (DOW, 3), "y": (UNITS, DTK_YEAR), "yesterday": (RESERV, DTK_YESTERDAY),
}

DELTATKTBL: dict[str, tuple[int, int]] = {
    "@": (IGNORE_DTF, 0), "ago": (AGO, 0), "c": (UNITS, DTK_CENTURY),
    "cent": (UNITS, DTK_CENTURY), "centuries": (UNITS, DTK_CENTURY),
    "century": (UNITS, DTK_CENTURY), "d": (UNITS, DTK_DAY), "day": (UNITS, DTK_DAY),
    "days": (UNITS, DTK_DAY), "dec": (UNITS, DTK_DECADE), "decade": (UNITS, DTK_DECADE),
    "decades": (UNITS, DTK_DECADE), "decs": (UNITS, DTK_DECADE), "h": (UNITS, DTK_HOUR),
    "hour": (UNITS, DTK_HOUR), "hours": (UNITS, DTK_HOUR), "hr": (UNITS, DTK_HOUR),
    "hrs": (UNITS, DTK_HOUR), "m": (UNITS, DTK_MINUTE), "microsecon": (UNITS, DTK_MICROSEC),
    "mil": (UNITS, DTK_MILLENNIUM), "millennia": (UNITS, DTK_MILLENNIUM),
    "millennium": (UNITS, DTK_MILLENNIUM), "millisecon": (UNITS, DTK_MILLISEC),
    "mils": (UNITS, DTK_MILLENNIUM), "min": (UNITS, DTK_MINUTE), "mins": (UNITS, DTK_MINUTE),
    "minute": (UNITS, DTK_MINUTE), "minutes": (UNITS, DTK_MINUTE), "mon": (UNITS, DTK_MONTH),
    "mons": (UNITS, DTK_MONTH), "month": (UNITS, DTK_MONTH), "months": (UNITS, DTK_MONTH),
    "ms": (UNITS, DTK_MILLISEC), "msec": (UNITS, DTK_MILLISEC),
    "msecond": (UNITS, DTK_MILLISEC), "mseconds": (UNITS, DTK_MILLISEC),
    "msecs": (UNITS, DTK_MILLISEC), "qtr": (UNITS, DTK_QUARTER),
    "quarter": (UNITS, DTK_QUARTER), "s": (UNITS, DTK_SECOND), "sec": (UNITS, DTK_SECOND),
    "second": (UNITS, DTK_SECOND), "seconds": (UNITS, DTK_SECOND), "secs": (UNITS, DTK_SECOND),
    "timezone": (UNITS, DTK_TZ), "timezone_h": (UNITS, DTK_TZ_HOUR),
    "timezone_m": (UNITS, DTK_TZ_MINUTE), "us": (UNITS, DTK_MICROSEC),
    "usec": (UNITS, DTK_MICROSEC), "usecond": (UNITS, DTK_MICROSEC),
    "useconds": (UNITS, DTK_MICROSEC), "usecs": (UNITS, DTK_MICROSEC),
    "w": (UNITS, DTK_WEEK), "week": (UNITS, DTK_WEEK), "weeks": (UNITS, DTK_WEEK),
    "y": (UNITS, DTK_YEAR), "year": (UNITS, DTK_YEAR), "years": (UNITS, DTK_YEAR),
    "yr": (UNITS, DTK_YEAR), "yrs": (UNITS, DTK_YEAR),
}


def _bsearch(table: dict[str, tuple[int, int]], key: str) -> tuple[int, int] | None:
    # datebsearch compares with strncmp(key, token, TOKMAXLEN)
    return table.get(key[:TOKMAXLEN])


def decode_special(key: str) -> tuple[int, int]:
    r = _bsearch(DATETKTBL, key)
    return r if r is not None else (UNKNOWN_FIELD, 0)


def decode_units(key: str) -> tuple[int, int]:
    r = _bsearch(DELTATKTBL, key)
    return r if r is not None else (UNKNOWN_FIELD, 0)


# ------------------------------------------------------------ ParseDateTime

def _isdigit(c: str) -> bool:
    return "0" <= c <= "9"


def _isalpha(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z")


def _isalnum(c: str) -> bool:
    return _isdigit(c) or _isalpha(c)


def _isspace(c: str) -> bool:
    return c in " \t\n\r\f\v"


_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
MAXDATEFIELDS = 25


def parse_datetime(s: str) -> tuple[list[str], list[int]]:
    """ParseDateTime(): split into lower-cased fields with their types."""
    fields: list[str] = []
    ftypes: list[int] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if _isspace(c):
            i += 1
            continue
        if len(fields) >= MAXDATEFIELDS:
            raise DTErr(DTERR_BAD_FORMAT)
        buf = []
        if _isdigit(c):
            while i < n and _isdigit(s[i]):
                buf.append(s[i]); i += 1
            if i < n and s[i] == ":":
                ft = DTK_TIME
                buf.append(s[i]); i += 1
                while i < n and (_isdigit(s[i]) or s[i] in ":."):
                    buf.append(s[i]); i += 1
            elif i < n and s[i] in "-/.":
                delim = s[i]
                buf.append(s[i]); i += 1
                if i < n and _isdigit(s[i]):
                    ft = DTK_NUMBER if delim == "." else DTK_DATE
                    while i < n and _isdigit(s[i]):
                        buf.append(s[i]); i += 1
                    if i < n and s[i] == delim:
                        ft = DTK_DATE
                        buf.append(s[i]); i += 1
                        while i < n and (_isdigit(s[i]) or s[i] == delim):
                            buf.append(s[i]); i += 1
                else:
                    ft = DTK_DATE
                    while i < n and (_isalnum(s[i]) or s[i] == delim):
                        buf.append(s[i].lower()); i += 1
            else:
                ft = DTK_NUMBER
        elif c == ".":
            buf.append(c); i += 1
            while i < n and _isdigit(s[i]):
                buf.append(s[i]); i += 1
            ft = DTK_NUMBER
        elif _isalpha(c):
            ft = DTK_STRING
            buf.append(c.lower()); i += 1
            while i < n and _isalpha(s[i]):
                buf.append(s[i].lower()); i += 1
            is_date = False
            if i < n and s[i] in "-/.":
                is_date = True
            elif i < n and (s[i] == "+" or _isdigit(s[i])):
                if _bsearch(DATETKTBL, "".join(buf)) is None:
                    is_date = True
            if is_date:
                ft = DTK_DATE
                while True:
                    buf.append(s[i].lower()); i += 1
                    if not (i < n and (s[i] in "+-/_.:" or _isalnum(s[i]))):
                        break
        elif c in "+-":
            buf.append(c); i += 1
            while i < n and _isspace(s[i]):
                i += 1
            if i < n and _isdigit(s[i]):
                ft = DTK_TZ
                buf.append(s[i]); i += 1
                while i < n and (_isdigit(s[i]) or s[i] in ":.-"):
                    buf.append(s[i]); i += 1
            elif i < n and _isalpha(s[i]):
                ft = DTK_SPECIAL
                buf.append(s[i].lower()); i += 1
                while i < n and _isalpha(s[i]):
                    buf.append(s[i].lower()); i += 1
            else:
                raise DTErr(DTERR_BAD_FORMAT)
        elif c in _PUNCT:
            i += 1
            continue
        else:
            raise DTErr(DTERR_BAD_FORMAT)
        fields.append("".join(buf))
        ftypes.append(ft)
    return fields, ftypes


# ------------------------------------------------------------ helpers

def strtoint(s: str, pos: int = 0) -> tuple[int, int]:
    """C strtol on s[pos:] (leading spaces, sign, digits).  Returns (value,
    end position); raises DTErr(FIELD_OVERFLOW) outside int32 (ERANGE)."""
    v, end = strtoi64(s, pos)
    if v < INT32_MIN or v > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    return v, end


def strtoi64(s: str, pos: int = 0) -> tuple[int, int]:
    n = len(s)
    i = pos
    while i < n and _isspace(s[i]):
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    start = i
    while i < n and _isdigit(s[i]):
        i += 1
    if i == start:
        return 0, pos
    v = int(s[start:i])
    if neg:
        v = -v
    if v < INT64_MIN or v > INT64_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    return v, i


def _strtod(s: str) -> float:
    """strtod of an entire fraction string such as '.789'; BAD_FORMAT if
    trailing junk."""
    try:
        return float(s)
    except ValueError:
        raise DTErr(DTERR_BAD_FORMAT) from None


def c_rint(x: float) -> int:
    """rint(): round half to even, as the C library does by default."""
    return int(round(x))


def parse_fraction(s: str) -> float:
    if s == ".":
        return 0.0
    if not s.startswith(".") or not all(_isdigit(c) for c in s[1:]):
        # strtod accepts more (exponents), PostgreSQL then demands end of string
        try:
            v = float(s)
        except ValueError:
            raise DTErr(DTERR_BAD_FORMAT) from None
        return v
    return float(s)


def parse_fractional_second(s: str) -> int:
    return c_rint(parse_fraction(s) * 1000000)


def time_overflows(hour: int, mn: int, sec: int, fsec: int) -> bool:
    if hour < 0 or mn < 0 or mn > 59 or sec < 0 or sec > 60 or hour > 24:
        return True
    if ((hour * 60 + mn) * 60 + sec) * USECS_PER_SEC + fsec > USECS_PER_DAY:
        return True
    return False


# ------------------------------------------------------------ DecodeTimezone

def decode_timezone(s: str) -> int:
    """'+hh[:mm[:ss]]' / '-hhmm' -> offset in seconds WEST (PostgreSQL's tz)."""
    if not s or s[0] not in "+-":
        raise DTErr(DTERR_BAD_FORMAT)
    try:
        hr, cp = strtoint(s, 1)
    except DTErr:
        raise DTErr(DTERR_TZDISP_OVERFLOW) from None
    sec = 0
    n = len(s)
    if cp < n and s[cp] == ":":
        try:
            mn, cp = strtoint(s, cp + 1)
        except DTErr:
            raise DTErr(DTERR_TZDISP_OVERFLOW) from None
        if cp < n and s[cp] == ":":
            try:
                sec, cp = strtoint(s, cp + 1)
            except DTErr:
                raise DTErr(DTERR_TZDISP_OVERFLOW) from None
    elif cp == n and len(s) > 3:
        mn = hr % 100 if hr >= 0 else -((-hr) % 100)
        hr = cdiv(hr, 100)
    else:
        mn = 0
    if hr < 0 or hr > MAX_TZDISP_HOUR:
        raise DTErr(DTERR_TZDISP_OVERFLOW)
    if mn < 0 or mn >= MINS_PER_HOUR:
        raise DTErr(DTERR_TZDISP_OVERFLOW)
    if sec < 0 or sec >= SECS_PER_MINUTE:
        raise DTErr(DTERR_TZDISP_OVERFLOW)
    tz = (hr * MINS_PER_HOUR + mn) * SECS_PER_MINUTE + sec
    if s[0] == "-":
        tz = -tz
    if cp != n:
        raise DTErr(DTERR_BAD_FORMAT)
    return -tz


# ------------------------------------------------------------ Decode helpers

class _State:
    """Mutable parse state shared by the DecodeDate/Number/NumberField helpers."""
    __slots__ = ("tm", "fsec", "is2digits", "dateorder")

    def __init__(self, dateorder: int) -> None:
        self.tm = Tm()
        self.fsec = 0
        self.is2digits = False
        self.dateorder = dateorder


def decode_time(s: str, rng: int) -> tuple[int, int, int, int, int]:
    """DecodeTimeCommon: 'hh:mm[:ss[.fff]]' -> (tmask, hour, min, sec, fsec)."""
    hour, cp = strtoi64(s, 0)
    n = len(s)
    if cp >= n or s[cp] != ":":
        raise DTErr(DTERR_BAD_FORMAT)
    mn, cp = strtoint(s, cp + 1)
    fsec = 0
    if cp == n:
        sec = 0
        if rng == (INTERVAL_MASK(MINUTE) | INTERVAL_MASK(SECOND)):
            if hour > INT32_MAX or hour < INT32_MIN:
                raise DTErr(DTERR_FIELD_OVERFLOW)
            sec, mn, hour = mn, hour, 0
    elif s[cp] == ".":
        fsec = parse_fractional_second(s[cp:])
        if hour > INT32_MAX or hour < INT32_MIN:
            raise DTErr(DTERR_FIELD_OVERFLOW)
        sec, mn, hour = mn, hour, 0
    elif s[cp] == ":":
        sec, cp = strtoint(s, cp + 1)
        if cp < n and s[cp] == ".":
            fsec = parse_fractional_second(s[cp:])
        elif cp != n:
            raise DTErr(DTERR_BAD_FORMAT)
    else:
        raise DTErr(DTERR_BAD_FORMAT)
    if (hour < 0 or mn < 0 or mn > MINS_PER_HOUR - 1 or sec < 0 or sec > SECS_PER_MINUTE
            or fsec < 0 or fsec > USECS_PER_SEC):
        raise DTErr(DTERR_FIELD_OVERFLOW)
    return DTK_TIME_M, hour, mn, sec, fsec


def _decode_time_into(st: _State, s: str, rng: int) -> int:
    tmask, hour, mn, sec, fsec = decode_time(s, rng)
    if hour > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    st.tm.hour, st.tm.min, st.tm.sec = hour, mn, sec
    st.fsec = fsec
    return tmask


def _atoi(s: str) -> int:
    v, _ = strtoi64(s, 0)
    return v


def decode_number_field(st: _State, s: str, fmask: int) -> tuple[int, int]:
    """DecodeNumberField: concatenated date or time.  Returns (dtk, tmask)."""
    tm = st.tm
    tmask = 0
    dot = s.find(".")
    if dot >= 0:
        frac = s[dot:]
        if frac == ".":
            st.fsec = 0
        else:
            try:
                st.fsec = c_rint(float(_strtod_prefix(frac)) * 1000000)
            except ValueError:
                raise DTErr(DTERR_BAD_FORMAT) from None
        s = s[:dot]
    elif (fmask & DTK_DATE_M) != DTK_DATE_M:
        if len(s) >= 6:
            tmask = DTK_DATE_M
            n = len(s)
            tm.mday = _atoi(s[n - 2:])
            tm.mon = _atoi(s[n - 4:n - 2])
            tm.year = _atoi(s[:n - 4])
            if n - 4 == 2:
                st.is2digits = True
            return DTK_DATE, tmask
    n = len(s)
    if (fmask & DTK_TIME_M) != DTK_TIME_M:
        if n == 6:
            tm.sec = _atoi(s[4:]); tm.min = _atoi(s[2:4]); tm.hour = _atoi(s[:2])
            return DTK_TIME, DTK_TIME_M
        if n == 4:
            tm.sec = 0; tm.min = _atoi(s[2:]); tm.hour = _atoi(s[:2])
            return DTK_TIME, DTK_TIME_M
    raise DTErr(DTERR_BAD_FORMAT)


def _strtod_prefix(s: str) -> str:
    """The longest prefix of s that C's strtod would consume."""
    i, n = 0, len(s)
    if i < n and s[i] in "+-":
        i += 1
    while i < n and _isdigit(s[i]):
        i += 1
    if i < n and s[i] == ".":
        i += 1
        while i < n and _isdigit(s[i]):
            i += 1
    if i < n and s[i] in "eE":
        j = i + 1
        if j < n and s[j] in "+-":
            j += 1
        if j < n and _isdigit(s[j]):
            while j < n and _isdigit(s[j]):
                j += 1
            i = j
    return s[:i] if i else "0"


def decode_number(st: _State, s: str, have_text_month: bool, fmask: int) -> int:
    """DecodeNumber: a plain numeric field interpreted in context.  Returns tmask."""
    tm = st.tm
    flen = len(s)
    val, cp = strtoint(s, 0)
    if cp == 0:
        raise DTErr(DTERR_BAD_FORMAT)
    if cp < flen and s[cp] == ".":
        if cp > 2:
            _, tmask = decode_number_field(st, s, fmask | DTK_DATE_M)
            return tmask
        st.fsec = parse_fractional_second(s[cp:])
    elif cp != flen:
        raise DTErr(DTERR_BAD_FORMAT)
    if flen == 3 and (fmask & DTK_DATE_M) == DTK_M(YEAR) and 1 <= val <= 366:
        tm.yday = val
        return DTK_M(DOY) | DTK_M(MONTH) | DTK_M(DAY)
    order = st.dateorder
    m = fmask & DTK_DATE_M
    if m == 0:
        if flen >= 3 or order == DATEORDER_YMD:
            tmask = DTK_M(YEAR); tm.year = val
        elif order == DATEORDER_DMY:
            tmask = DTK_M(DAY); tm.mday = val
        else:
            tmask = DTK_M(MONTH); tm.mon = val
    elif m == DTK_M(YEAR):
        tmask = DTK_M(MONTH); tm.mon = val
    elif m == DTK_M(MONTH):
        if have_text_month:
            if flen >= 3 or order == DATEORDER_YMD:
                tmask = DTK_M(YEAR); tm.year = val
            else:
                tmask = DTK_M(DAY); tm.mday = val
        else:
            tmask = DTK_M(DAY); tm.mday = val
    elif m == DTK_M(YEAR) | DTK_M(MONTH):
        if have_text_month:
            if flen >= 3 and st.is2digits:
                tmask = DTK_M(DAY)
                tm.mday = tm.year
                tm.year = val
                st.is2digits = False
            else:
                tmask = DTK_M(DAY); tm.mday = val
        else:
            tmask = DTK_M(DAY); tm.mday = val
    elif m == DTK_M(DAY):
        tmask = DTK_M(MONTH); tm.mon = val
    elif m == DTK_M(MONTH) | DTK_M(DAY):
        tmask = DTK_M(YEAR); tm.year = val
    elif m == DTK_DATE_M:
        _, tmask = decode_number_field(st, s, fmask)
        return tmask
    else:
        raise DTErr(DTERR_BAD_FORMAT)
    if tmask == DTK_M(YEAR):
        st.is2digits = flen <= 2
    return tmask


def decode_date(st: _State, s: str, fmask: int) -> int:
    """DecodeDate: a date string with delimiters.  Returns tmask."""
    tm = st.tm
    fields: list[str] = []
    i, n = 0, len(s)
    while i < n and len(fields) < MAXDATEFIELDS:
        while i < n and not _isalnum(s[i]):
            i += 1
        if i >= n:
            raise DTErr(DTERR_BAD_FORMAT)
        start = i
        if _isdigit(s[i]):
            while i < n and _isdigit(s[i]):
                i += 1
        elif _isalpha(s[i]):
            while i < n and _isalpha(s[i]):
                i += 1
        fields.append(s[start:i])
        if i < n:
            i += 1      # the delimiter is consumed ("nulled out")
    tmask = 0
    have_text_month = False
    done = [False] * len(fields)
    for k, f in enumerate(fields):
        if f and _isalpha(f[0]):
            typ, val = decode_special(f)
            if typ == IGNORE_DTF:
                continue
            dmask = DTK_M(typ)
            if typ == MONTH:
                tm.mon = val
                have_text_month = True
            else:
                raise DTErr(DTERR_BAD_FORMAT)
            if fmask & dmask:
                raise DTErr(DTERR_BAD_FORMAT)
            fmask |= dmask
            tmask |= dmask
            done[k] = True
    for k, f in enumerate(fields):
        if done[k]:
            continue
        if len(f) <= 0:
            raise DTErr(DTERR_BAD_FORMAT)
        dmask = decode_number(st, f, have_text_month, fmask)
        if fmask & dmask:
            raise DTErr(DTERR_BAD_FORMAT)
        fmask |= dmask
        tmask |= dmask
    if (fmask & ~(DTK_M(DOY) | DTK_M(TZ))) != DTK_DATE_M:
        raise DTErr(DTERR_BAD_FORMAT)
    return tmask


def validate_date(fmask: int, isjulian: bool, is2digits: bool, bc: bool, tm: Tm) -> None:
    if fmask & DTK_M(YEAR):
        if isjulian:
            pass
        elif bc:
            if tm.year <= 0:
                raise DTErr(DTERR_FIELD_OVERFLOW)
            tm.year = -(tm.year - 1)
        elif is2digits:
            if tm.year < 0:
                raise DTErr(DTERR_FIELD_OVERFLOW)
            if tm.year < 70:
                tm.year += 2000
            elif tm.year < 100:
                tm.year += 1900
        else:
            if tm.year <= 0:
                raise DTErr(DTERR_FIELD_OVERFLOW)
    if fmask & DTK_M(DOY):
        tm.year, tm.mon, tm.mday = j2date(date2j(tm.year, 1, 1) + tm.yday - 1)
    if fmask & DTK_M(MONTH):
        if tm.mon < 1 or tm.mon > MONTHS_PER_YEAR:
            raise DTErr(DTERR_MD_FIELD_OVERFLOW)
    if fmask & DTK_M(DAY):
        if tm.mday < 1 or tm.mday > 31:
            raise DTErr(DTERR_MD_FIELD_OVERFLOW)
    if (fmask & DTK_DATE_M) == DTK_DATE_M:
        if tm.mday > DAY_TAB[isleap(tm.year)][tm.mon - 1]:
            raise DTErr(DTERR_FIELD_OVERFLOW)


def current_tm(ctx) -> tuple[Tm, int, int]:
    """GetCurrentTimeUsec: now() broken down in the session zone."""
    return timestamp2tm(ctx.now, tzmod.session_tz(ctx.settings), need_tz=True)


def _abbrev_field(low: str):
    """DecodeTimezoneAbbrev: (type, value seconds east or 0, dynamic zone)."""
    e = tzmod.lookup_abbrev(low)
    if e is None:
        return UNKNOWN_FIELD, 0, None
    off, is_dst, zone = e
    if zone is not None:
        z = tzmod.pg_tzset(zone)
        if z is None:
            raise tz_not_recognized(zone)
        return DYNTZ, 0, z
    return (DTZ if is_dst else TZ), off, None


def determine_abbrev_offset(tm: Tm, abbrev: str, z) -> int:
    """DetermineTimeZoneAbbrevOffset: offset (secs west) of a dynamic abbrev."""
    zone_off, isdst, t = z.local_offset(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec)
    r = z.abbrev_offset(t, abbrev)
    if r is not None:
        tm.isdst = r[1]
        return -r[0]
    tm.isdst = isdst
    return zone_off


# ------------------------------------------------------------ DecodeDateTime

def decode_datetime(fields: list[str], ftypes: list[int], ctx, want_tz: bool):
    """DecodeDateTime.  Returns (dtype, tm, fsec, tz) where tz is the offset
    in seconds west (None when want_tz is False).  Raises DTErr; a result of
    'time only' (PostgreSQL's return 1) is reported as BAD_FORMAT."""
    _, order = datestyle(ctx.settings)
    st = _State(order)
    tm = st.tm
    fmask = 0
    ptype = 0
    dtype = DTK_DATE
    mer = HR24
    have_text_month = False
    isjulian = False
    bc = False
    named_tz = None
    abbrev_tz = None
    abbrev = None
    tz = 0 if want_tz else None
    tm.isdst = -1
    nf = len(fields)
    for i in range(nf):
        f = fields[i]
        ft = ftypes[i]
        tmask = 0
        if ft == DTK_DATE:
            if ptype == DTK_JULIAN:
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                val, cp = strtoint(f, 0)
                if val < 0:
                    raise DTErr(DTERR_FIELD_OVERFLOW)
                tm.year, tm.mon, tm.mday = j2date(val)
                isjulian = True
                tz = decode_timezone(f[cp:])
                tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ)
                ptype = 0
            elif ptype != 0 or (fmask & (DTK_M(MONTH) | DTK_M(DAY))) == (DTK_M(MONTH) | DTK_M(DAY)):
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                if _isdigit(f[0]) or ptype != 0:
                    if ptype != 0:
                        if ptype != DTK_TIME:
                            raise DTErr(DTERR_BAD_FORMAT)
                        ptype = 0
                    if (fmask & DTK_TIME_M) == DTK_TIME_M:
                        raise DTErr(DTERR_BAD_FORMAT)
                    cp = f.find("-")
                    if cp < 0:
                        raise DTErr(DTERR_BAD_FORMAT)
                    tz = decode_timezone(f[cp:])
                    _, tmask = decode_number_field(st, f[:cp], fmask)
                    tmask |= DTK_M(TZ)
                else:
                    if fmask & DTK_M(TZ):
                        # a zone is already known ('infinity', 'epoch'...):
                        # PostgreSQL reports a syntax error, not the name
                        raise DTErr(DTERR_BAD_FORMAT)
                    named_tz = tzmod.pg_tzset(f)
                    if named_tz is None:
                        raise tz_not_recognized(f)
                    tmask = DTK_M(TZ)
            else:
                tmask = decode_date(st, f, fmask)
        elif ft == DTK_TIME:
            if ptype != 0:
                if ptype != DTK_TIME:
                    raise DTErr(DTERR_BAD_FORMAT)
                ptype = 0
            tmask = _decode_time_into(st, f, INTERVAL_FULL_RANGE)
            if time_overflows(tm.hour, tm.min, tm.sec, st.fsec):
                raise DTErr(DTERR_FIELD_OVERFLOW)
        elif ft == DTK_TZ:
            if not want_tz:
                raise DTErr(DTERR_BAD_FORMAT)
            tz = decode_timezone(f)
            tmask = DTK_M(TZ)
        elif ft == DTK_NUMBER:
            if ptype != 0:
                val, cp = strtoint(f, 0)
                if cp < len(f) and f[cp] == ".":
                    if ptype not in (DTK_JULIAN, DTK_TIME, DTK_SECOND):
                        raise DTErr(DTERR_BAD_FORMAT)
                elif cp != len(f):
                    raise DTErr(DTERR_BAD_FORMAT)
                if ptype == DTK_YEAR:
                    tm.year = val; tmask = DTK_M(YEAR)
                elif ptype == DTK_MONTH:
                    if (fmask & DTK_M(MONTH)) and (fmask & DTK_M(HOUR)):
                        tm.min = val; tmask = DTK_M(MINUTE)
                    else:
                        tm.mon = val; tmask = DTK_M(MONTH)
                elif ptype == DTK_DAY:
                    tm.mday = val; tmask = DTK_M(DAY)
                elif ptype == DTK_HOUR:
                    tm.hour = val; tmask = DTK_M(HOUR)
                elif ptype == DTK_MINUTE:
                    tm.min = val; tmask = DTK_M(MINUTE)
                elif ptype == DTK_SECOND:
                    tm.sec = val; tmask = DTK_M(SECOND)
                    if cp < len(f) and f[cp] == ".":
                        st.fsec = parse_fractional_second(f[cp:])
                        tmask = DTK_ALL_SECS_M
                elif ptype == DTK_TZ:
                    tmask = DTK_M(TZ)
                    tz = decode_timezone(f)
                elif ptype == DTK_JULIAN:
                    if val < 0:
                        raise DTErr(DTERR_FIELD_OVERFLOW)
                    tmask = DTK_DATE_M
                    tm.year, tm.mon, tm.mday = j2date(val)
                    isjulian = True
                    if cp < len(f) and f[cp] == ".":
                        t = parse_fraction(f[cp:]) * USECS_PER_DAY
                        tm.hour, tm.min, tm.sec, st.fsec = dt2time(int(t))
                        tmask |= DTK_TIME_M
                elif ptype == DTK_TIME:
                    _, tmask = decode_number_field(st, f, fmask | DTK_DATE_M)
                    if tmask != DTK_TIME_M:
                        raise DTErr(DTERR_BAD_FORMAT)
                else:
                    raise DTErr(DTERR_BAD_FORMAT)
                ptype = 0
                dtype = DTK_DATE
            else:
                flen = len(f)
                cp = f.find(".")
                if cp >= 0 and not (fmask & DTK_DATE_M):
                    tmask = decode_date(st, f, fmask)
                elif cp >= 0 and flen - (flen - cp) > 2:
                    _, tmask = decode_number_field(st, f, fmask)
                elif flen >= 6 and (not (fmask & DTK_DATE_M) or not (fmask & DTK_TIME_M)):
                    _, tmask = decode_number_field(st, f, fmask)
                else:
                    tmask = decode_number(st, f, have_text_month, fmask)
        elif ft in (DTK_STRING, DTK_SPECIAL):
            typ, val, valtz = _abbrev_field(f)
            if typ == UNKNOWN_FIELD:
                typ, val = decode_special(f)
            if typ == IGNORE_DTF:
                continue
            tmask = DTK_M(typ)
            if typ == RESERV:
                if val == DTK_NOW:
                    tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ)
                    dtype = DTK_DATE
                    ctm, cfsec, ctz = current_tm(ctx)
                    st.tm = tm = ctm
                    st.fsec = cfsec
                    if want_tz:
                        tz = ctz
                elif val in (DTK_YESTERDAY, DTK_TODAY, DTK_TOMORROW):
                    tmask = DTK_DATE_M
                    dtype = DTK_DATE
                    ctm, _, _ = current_tm(ctx)
                    delta = {DTK_YESTERDAY: -1, DTK_TODAY: 0, DTK_TOMORROW: 1}[val]
                    tm.year, tm.mon, tm.mday = j2date(date2j(ctm.year, ctm.mon, ctm.mday) + delta)
                elif val == DTK_ZULU:
                    tmask = DTK_TIME_M | DTK_M(TZ)
                    dtype = DTK_DATE
                    tm.hour = tm.min = tm.sec = 0
                    if want_tz:
                        tz = 0
                elif val in (DTK_EPOCH, DTK_LATE, DTK_EARLY):
                    tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ)
                    dtype = val
                else:
                    raise DTErr(DTERR_BAD_FORMAT)
            elif typ == MONTH:
                if ((fmask & DTK_M(MONTH)) and not have_text_month and not (fmask & DTK_M(DAY))
                        and 1 <= tm.mon <= 31):
                    tm.mday = tm.mon
                    tmask = DTK_M(DAY)
                have_text_month = True
                tm.mon = val
            elif typ == DTZMOD:
                tmask |= DTK_M(DTZ)
                tm.isdst = 1
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                tz -= val
            elif typ == DTZ:
                tmask |= DTK_M(TZ)
                tm.isdst = 1
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                tz = -val
            elif typ == TZ:
                tm.isdst = 0
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                tz = -val
            elif typ == DYNTZ:
                tmask |= DTK_M(TZ)
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                abbrev_tz = valtz
                abbrev = f
            elif typ == AMPM:
                mer = val
            elif typ == ADBC:
                bc = val == BC
            elif typ == DOW:
                tm.wday = val
            elif typ == UNITS:
                tmask = 0
                ptype = val
            elif typ == ISOTIME:
                tmask = 0
                if (fmask & DTK_DATE_M) != DTK_DATE_M:
                    raise DTErr(DTERR_BAD_FORMAT)
                if i >= nf - 1 or ftypes[i + 1] not in (DTK_NUMBER, DTK_TIME, DTK_DATE):
                    raise DTErr(DTERR_BAD_FORMAT)
                ptype = val
            elif typ == UNKNOWN_FIELD:
                named_tz = tzmod.pg_tzset(f)
                if named_tz is None:
                    raise DTErr(DTERR_BAD_FORMAT)
                tmask = DTK_M(TZ)
            else:
                raise DTErr(DTERR_BAD_FORMAT)
        else:
            raise DTErr(DTERR_BAD_FORMAT)
        if tmask & fmask:      # INV-DT-5: a field kind may appear only once
            raise DTErr(DTERR_BAD_FORMAT)
        fmask |= tmask

    if dtype == DTK_DATE:
        validate_date(fmask, isjulian, st.is2digits, bc, tm)
        if mer != HR24 and tm.hour > HOURS_PER_DAY // 2:
            raise DTErr(DTERR_FIELD_OVERFLOW)
        if mer == AM and tm.hour == HOURS_PER_DAY // 2:
            tm.hour = 0
        elif mer == PM and tm.hour != HOURS_PER_DAY // 2:
            tm.hour += HOURS_PER_DAY // 2
        if (fmask & DTK_DATE_M) != DTK_DATE_M:
            raise DTErr(DTERR_BAD_FORMAT)
        if named_tz is not None:
            if fmask & DTK_M(DTZMOD):
                raise DTErr(DTERR_BAD_FORMAT)
            tz, tm.isdst, _ = named_tz.local_offset(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec)
        if abbrev_tz is not None:
            if fmask & DTK_M(DTZMOD):
                raise DTErr(DTERR_BAD_FORMAT)
            tz = determine_abbrev_offset(tm, abbrev, abbrev_tz)
        if want_tz and not (fmask & DTK_M(TZ)):
            if fmask & DTK_M(DTZMOD):
                raise DTErr(DTERR_BAD_FORMAT)
            z = tzmod.session_tz(ctx.settings)
            tz, tm.isdst, _ = z.local_offset(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec)
    return dtype, tm, st.fsec, tz


# ------------------------------------------------------------ DecodeTimeOnly

def decode_time_only(fields: list[str], ftypes: list[int], ctx, want_tz: bool):
    """DecodeTimeOnly.  Returns (dtype, tm, fsec, tz)."""
    _, order = datestyle(ctx.settings)
    st = _State(order)
    tm = st.tm
    fmask = 0
    ptype = 0
    dtype = DTK_TIME
    isjulian = False
    bc = False
    mer = HR24
    named_tz = None
    abbrev_tz = None
    abbrev = None
    tz = 0 if want_tz else None
    tm.isdst = -1
    ftypes = list(ftypes)
    nf = len(fields)
    for i in range(nf):
        f = fields[i]
        ft = ftypes[i]
        tmask = 0
        if ft == DTK_DATE:
            if not want_tz:
                raise DTErr(DTERR_BAD_FORMAT)
            if i == 0 and nf >= 2 and (ftypes[nf - 1] == DTK_DATE or ftypes[1] == DTK_TIME):
                tmask = decode_date(st, f, fmask)
            else:
                if _isdigit(f[0]):
                    if (fmask & DTK_TIME_M) == DTK_TIME_M:
                        raise DTErr(DTERR_BAD_FORMAT)
                    cp = f.find("-")
                    if cp < 0:
                        raise DTErr(DTERR_BAD_FORMAT)
                    tz = decode_timezone(f[cp:])
                    dtk, tmask = decode_number_field(st, f[:cp], fmask | DTK_DATE_M)
                    ftypes[i] = dtk
                    tmask |= DTK_M(TZ)
                else:
                    named_tz = tzmod.pg_tzset(f)
                    if named_tz is None:
                        raise tz_not_recognized(f)
                    ftypes[i] = DTK_TZ
                    tmask = DTK_M(TZ)
        elif ft == DTK_TIME:
            if ptype != 0:
                if ptype != DTK_TIME:
                    raise DTErr(DTERR_BAD_FORMAT)
                ptype = 0
            tmask = _decode_time_into(st, f, INTERVAL_FULL_RANGE)
        elif ft == DTK_TZ:
            if not want_tz:
                raise DTErr(DTERR_BAD_FORMAT)
            tz = decode_timezone(f)
            tmask = DTK_M(TZ)
        elif ft == DTK_NUMBER:
            if ptype != 0:
                if ptype in (DTK_JULIAN, DTK_YEAR, DTK_MONTH, DTK_DAY) and not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                val, cp = strtoint(f, 0)
                if cp < len(f) and f[cp] == ".":
                    if ptype not in (DTK_JULIAN, DTK_TIME, DTK_SECOND):
                        raise DTErr(DTERR_BAD_FORMAT)
                elif cp != len(f):
                    raise DTErr(DTERR_BAD_FORMAT)
                if ptype == DTK_YEAR:
                    tm.year = val; tmask = DTK_M(YEAR)
                elif ptype == DTK_MONTH:
                    if (fmask & DTK_M(MONTH)) and (fmask & DTK_M(HOUR)):
                        tm.min = val; tmask = DTK_M(MINUTE)
                    else:
                        tm.mon = val; tmask = DTK_M(MONTH)
                elif ptype == DTK_DAY:
                    tm.mday = val; tmask = DTK_M(DAY)
                elif ptype == DTK_HOUR:
                    tm.hour = val; tmask = DTK_M(HOUR)
                elif ptype == DTK_MINUTE:
                    tm.min = val; tmask = DTK_M(MINUTE)
                elif ptype == DTK_SECOND:
                    tm.sec = val; tmask = DTK_M(SECOND)
                    if cp < len(f) and f[cp] == ".":
                        st.fsec = parse_fractional_second(f[cp:])
                        tmask = DTK_ALL_SECS_M
                elif ptype == DTK_TZ:
                    tmask = DTK_M(TZ)
                    tz = decode_timezone(f)
                elif ptype == DTK_JULIAN:
                    if val < 0:
                        raise DTErr(DTERR_FIELD_OVERFLOW)
                    tmask = DTK_DATE_M
                    tm.year, tm.mon, tm.mday = j2date(val)
                    isjulian = True
                    if cp < len(f) and f[cp] == ".":
                        t = parse_fraction(f[cp:]) * USECS_PER_DAY
                        tm.hour, tm.min, tm.sec, st.fsec = dt2time(int(t))
                        tmask |= DTK_TIME_M
                elif ptype == DTK_TIME:
                    dtk, tmask = decode_number_field(st, f, fmask | DTK_DATE_M)
                    ftypes[i] = dtk
                    if tmask != DTK_TIME_M:
                        raise DTErr(DTERR_BAD_FORMAT)
                else:
                    raise DTErr(DTERR_BAD_FORMAT)
                ptype = 0
                dtype = DTK_DATE
            else:
                flen = len(f)
                cp = f.find(".")
                if cp >= 0:
                    if i == 0 and nf >= 2 and ftypes[nf - 1] == DTK_DATE:
                        tmask = decode_date(st, f, fmask)
                    elif cp > 2:
                        dtk, tmask = decode_number_field(st, f, fmask | DTK_DATE_M)
                        ftypes[i] = dtk
                    else:
                        raise DTErr(DTERR_BAD_FORMAT)
                elif flen > 4:
                    dtk, tmask = decode_number_field(st, f, fmask | DTK_DATE_M)
                    ftypes[i] = dtk
                else:
                    tmask = decode_number(st, f, False, fmask | DTK_DATE_M)
        elif ft in (DTK_STRING, DTK_SPECIAL):
            typ, val, valtz = _abbrev_field(f)
            if typ == UNKNOWN_FIELD:
                typ, val = decode_special(f)
            if typ == IGNORE_DTF:
                continue
            tmask = DTK_M(typ)
            if typ == RESERV:
                if val == DTK_NOW:
                    tmask = DTK_TIME_M
                    dtype = DTK_TIME
                    ctm, cfsec, _ = current_tm(ctx)
                    tm.hour, tm.min, tm.sec = ctm.hour, ctm.min, ctm.sec
                    st.fsec = cfsec
                elif val == DTK_ZULU:
                    tmask = DTK_TIME_M | DTK_M(TZ)
                    dtype = DTK_TIME
                    tm.hour = tm.min = tm.sec = 0
                    tm.isdst = 0
                else:
                    raise DTErr(DTERR_BAD_FORMAT)
            elif typ == DTZMOD:
                tmask |= DTK_M(DTZ)
                tm.isdst = 1
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                tz -= val
            elif typ == DTZ:
                tmask |= DTK_M(TZ)
                tm.isdst = 1
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                tz = -val
                ftypes[i] = DTK_TZ
            elif typ == TZ:
                tm.isdst = 0
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                tz = -val
                ftypes[i] = DTK_TZ
            elif typ == DYNTZ:
                tmask |= DTK_M(TZ)
                if not want_tz:
                    raise DTErr(DTERR_BAD_FORMAT)
                abbrev_tz = valtz
                abbrev = f
                ftypes[i] = DTK_TZ
            elif typ == AMPM:
                mer = val
            elif typ == ADBC:
                bc = val == BC
            elif typ == UNITS:
                tmask = 0
                ptype = val
            elif typ == ISOTIME:
                tmask = 0
                if i >= nf - 1 or ftypes[i + 1] not in (DTK_NUMBER, DTK_TIME, DTK_DATE):
                    raise DTErr(DTERR_BAD_FORMAT)
                ptype = val
            elif typ == UNKNOWN_FIELD:
                named_tz = tzmod.pg_tzset(f)
                if named_tz is None:
                    raise DTErr(DTERR_BAD_FORMAT)
                tmask = DTK_M(TZ)
            else:
                raise DTErr(DTERR_BAD_FORMAT)
        else:
            raise DTErr(DTERR_BAD_FORMAT)
        if tmask & fmask:      # INV-DT-5: a field kind may appear only once
            raise DTErr(DTERR_BAD_FORMAT)
        fmask |= tmask

    validate_date(fmask, isjulian, st.is2digits, bc, tm)
    if mer != HR24 and tm.hour > HOURS_PER_DAY // 2:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    if mer == AM and tm.hour == HOURS_PER_DAY // 2:
        tm.hour = 0
    elif mer == PM and tm.hour != HOURS_PER_DAY // 2:
        tm.hour += HOURS_PER_DAY // 2
    if time_overflows(tm.hour, tm.min, tm.sec, st.fsec):
        raise DTErr(DTERR_FIELD_OVERFLOW)
    if (fmask & DTK_TIME_M) != DTK_TIME_M:
        raise DTErr(DTERR_BAD_FORMAT)
    if named_tz is not None:
        if fmask & DTK_M(DTZMOD):
            raise DTErr(DTERR_BAD_FORMAT)
        fixed = named_tz.fixed_offset()
        if fixed is not None:
            tz = -fixed
        else:
            if (fmask & DTK_DATE_M) != DTK_DATE_M:
                raise DTErr(DTERR_BAD_FORMAT)
            tz, tm.isdst, _ = named_tz.local_offset(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec)
    if abbrev_tz is not None:
        if fmask & DTK_M(DTZMOD):
            raise DTErr(DTERR_BAD_FORMAT)
        tmp = _date_for_zone(ctx, fmask, tm)
        tz = determine_abbrev_offset(tmp, abbrev, abbrev_tz)
        tm.isdst = tmp.isdst
    if want_tz and not (fmask & DTK_M(TZ)):
        if fmask & DTK_M(DTZMOD):
            raise DTErr(DTERR_BAD_FORMAT)
        tmp = _date_for_zone(ctx, fmask, tm)
        z = tzmod.session_tz(ctx.settings)
        tz, tmp.isdst, _ = z.local_offset(tmp.year, tmp.mon, tmp.mday, tmp.hour, tmp.min, tmp.sec)
        tm.isdst = tmp.isdst
    return dtype, tm, st.fsec, tz


def _date_for_zone(ctx, fmask: int, tm: Tm) -> Tm:
    if (fmask & DTK_DATE_M) == 0:
        tmp, _, _ = current_tm(ctx)
        tmp = tmp.copy()
    else:
        if (fmask & DTK_DATE_M) != DTK_DATE_M:
            raise DTErr(DTERR_BAD_FORMAT)
        tmp = Tm(tm.year, tm.mon, tm.mday)
    tmp.hour, tmp.min, tmp.sec = tm.hour, tm.min, tm.sec
    return tmp


# ------------------------------------------------------------ DecodeInterval

class _ItmIn:
    __slots__ = ("usec", "mday", "mon", "year")

    def __init__(self) -> None:
        self.usec = 0
        self.mday = 0
        self.mon = 0
        self.year = 0

    def check(self) -> None:
        if not (INT64_MIN <= self.usec <= INT64_MAX and INT32_MIN <= self.mday <= INT32_MAX
                and INT32_MIN <= self.mon <= INT32_MAX and INT32_MIN <= self.year <= INT32_MAX):
            raise DTErr(DTERR_FIELD_OVERFLOW)


def _ctrunc(x: float) -> int:
    return int(x)   # Python int() truncates toward zero like a C cast


def _adjust_fract_usec(itm: _ItmIn, frac: float, scale: int) -> None:
    if frac == 0:
        return
    frac *= scale
    usec = _ctrunc(frac)
    frac -= usec
    if frac > 0.5:
        usec += 1
    elif frac < -0.5:
        usec -= 1
    itm.usec += usec
    itm.check()


def _adjust_fract_days(itm: _ItmIn, frac: float, scale: int) -> None:
    if frac == 0:
        return
    frac *= scale
    extra = _ctrunc(frac)
    itm.mday += extra
    itm.check()
    frac -= extra
    _adjust_fract_usec(itm, frac, USECS_PER_DAY)


def _adjust_fract_years(itm: _ItmIn, frac: float, scale: int) -> None:
    itm.mon += c_rint(frac * scale * MONTHS_PER_YEAR)
    itm.check()


def _adjust_usec(itm: _ItmIn, val: int, fval: float, scale: int) -> None:
    itm.usec += val * scale
    itm.check()
    _adjust_fract_usec(itm, fval, scale)


def _adjust_days(itm: _ItmIn, val: int, scale: int) -> None:
    if val < INT32_MIN or val > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    d = val * scale
    if d < INT32_MIN or d > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    itm.mday += d
    itm.check()


def _adjust_months(itm: _ItmIn, val: int) -> None:
    if val < INT32_MIN or val > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    itm.mon += val
    itm.check()


def _adjust_years(itm: _ItmIn, val: int, scale: int) -> None:
    if val < INT32_MIN or val > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    y = val * scale
    if y < INT32_MIN or y > INT32_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    itm.year += y
    itm.check()


def _itmin_to_interval(itm: _ItmIn) -> tuple[int, int, int]:
    """itmin2interval: year*12+mon must fit int32."""
    months = itm.year * MONTHS_PER_YEAR + itm.mon
    if months < INT32_MIN or months > INT32_MAX:
        raise interval_range_error()
    return months, itm.mday, itm.usec


def _decode_time_for_interval(s: str, rng: int, itm: _ItmIn) -> int:
    tmask, hour, mn, sec, fsec = decode_time(s, rng)
    usec = fsec + hour * USECS_PER_HOUR + mn * USECS_PER_MINUTE + sec * USECS_PER_SEC
    if usec < INT64_MIN or usec > INT64_MAX:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    itm.usec = usec
    return tmask


def decode_interval(fields: list[str], ftypes: list[int], rng: int, intstyle: int):
    """DecodeInterval (PostgreSQL 15).  Returns (dtype, months, days, usecs)."""
    force_negative = False
    is_before = False
    fmask = 0
    typ = IGNORE_DTF
    dtype = DTK_DELTA
    itm = _ItmIn()
    nf = len(fields)
    if intstyle == INTSTYLE_SQL_STANDARD and nf > 0 and fields[0].startswith("-"):
        force_negative = True
        for k in range(1, nf):
            if fields[k][:1] in ("-", "+"):
                force_negative = False
                break
    for i in range(nf - 1, -1, -1):
        f = fields[i]
        ft = ftypes[i]
        tmask = 0
        if ft == DTK_TIME:
            tmask = _decode_time_for_interval(f, rng, itm)
            if force_negative and itm.usec > 0:
                itm.usec = -itm.usec
            typ = DTK_DAY
        elif ft in (DTK_TZ, DTK_DATE, DTK_NUMBER):
            handled = False
            if ft == DTK_TZ and ":" in f[1:]:
                try:
                    tmask = _decode_time_for_interval(f[1:], rng, itm)
                    ok = True
                except DTErr:
                    ok = False
                if ok:
                    if f[0] == "-":
                        itm.usec = -itm.usec
                    if force_negative and itm.usec > 0:
                        itm.usec = -itm.usec
                    typ = DTK_DAY
                    handled = True
            if not handled:
                if typ == IGNORE_DTF:
                    typ = _range_default_type(rng)
                val, cp = strtoi64(f, 0)
                if cp < len(f) and f[cp] == "-":
                    val2, cp = strtoint(f, cp + 1)
                    if val2 < 0 or val2 >= MONTHS_PER_YEAR:
                        raise DTErr(DTERR_FIELD_OVERFLOW)
                    if cp != len(f):
                        raise DTErr(DTERR_BAD_FORMAT)
                    typ = DTK_MONTH
                    if f[0] == "-":
                        val2 = -val2
                    val = val * MONTHS_PER_YEAR + val2
                    if val < INT64_MIN or val > INT64_MAX:
                        raise DTErr(DTERR_FIELD_OVERFLOW)
                    fval = 0.0
                elif cp < len(f) and f[cp] == ".":
                    fval = parse_fraction(f[cp:])
                    if f[0] == "-":
                        fval = -fval
                elif cp == len(f):
                    fval = 0.0
                else:
                    raise DTErr(DTERR_BAD_FORMAT)
                tmask = 0
                if force_negative:
                    if val > 0:
                        val = -val
                    if fval > 0:
                        fval = -fval
                if typ == DTK_MICROSEC:
                    _adjust_usec(itm, val, fval, 1)
                    tmask = DTK_M(MICROSECOND)
                elif typ == DTK_MILLISEC:
                    _adjust_usec(itm, val, fval, 1000)
                    tmask = DTK_M(MILLISECOND)
                elif typ == DTK_SECOND:
                    _adjust_usec(itm, val, fval, USECS_PER_SEC)
                    tmask = DTK_M(SECOND) if fval == 0 else DTK_ALL_SECS_M
                elif typ == DTK_MINUTE:
                    _adjust_usec(itm, val, fval, USECS_PER_MINUTE)
                    tmask = DTK_M(MINUTE)
                elif typ == DTK_HOUR:
                    _adjust_usec(itm, val, fval, USECS_PER_HOUR)
                    tmask = DTK_M(HOUR)
                    typ = DTK_DAY
                elif typ == DTK_DAY:
                    _adjust_days(itm, val, 1)
                    _adjust_fract_usec(itm, fval, USECS_PER_DAY)
                    tmask = DTK_M(DAY)
                elif typ == DTK_WEEK:
                    _adjust_days(itm, val, 7)
                    _adjust_fract_days(itm, fval, 7)
                    tmask = DTK_M(WEEK)
                elif typ == DTK_MONTH:
                    _adjust_months(itm, val)
                    _adjust_fract_days(itm, fval, DAYS_PER_MONTH)
                    tmask = DTK_M(MONTH)
                elif typ == DTK_YEAR:
                    _adjust_years(itm, val, 1)
                    _adjust_fract_years(itm, fval, 1)
                    tmask = DTK_M(YEAR)
                elif typ == DTK_DECADE:
                    _adjust_years(itm, val, 10)
                    _adjust_fract_years(itm, fval, 10)
                    tmask = DTK_M(DECADE)
                elif typ == DTK_CENTURY:
                    _adjust_years(itm, val, 100)
                    _adjust_fract_years(itm, fval, 100)
                    tmask = DTK_M(CENTURY)
                elif typ == DTK_MILLENNIUM:
                    _adjust_years(itm, val, 1000)
                    _adjust_fract_years(itm, fval, 1000)
                    tmask = DTK_M(MILLENNIUM)
                else:
                    raise DTErr(DTERR_BAD_FORMAT)
        elif ft in (DTK_STRING, DTK_SPECIAL):
            t2, uval = decode_units(f)     # PostgreSQL 15: no DecodeSpecial fallback
            if t2 == IGNORE_DTF:
                continue
            tmask = 0
            if t2 == UNITS:
                typ = uval
            elif t2 == AGO:
                is_before = True
                typ = uval
            elif t2 == RESERV:
                # PostgreSQL 15 has no infinite intervals: 'infinity' etc.
                # end up as a syntax error
                raise DTErr(DTERR_BAD_FORMAT)
            else:
                raise DTErr(DTERR_BAD_FORMAT)
        else:
            raise DTErr(DTERR_BAD_FORMAT)
        if tmask & fmask:      # INV-DT-5: a field kind may appear only once
            raise DTErr(DTERR_BAD_FORMAT)
        fmask |= tmask
    if fmask == 0:
        raise DTErr(DTERR_BAD_FORMAT)
    if is_before:
        itm.usec, itm.mday, itm.mon, itm.year = -itm.usec, -itm.mday, -itm.mon, -itm.year
        itm.check()
    months, days, usecs = _itmin_to_interval(itm)
    return dtype, months, days, usecs


def _range_default_type(rng: int) -> int:
    M = INTERVAL_MASK
    if rng == M(YEAR):
        return DTK_YEAR
    if rng in (M(MONTH), M(YEAR) | M(MONTH)):
        return DTK_MONTH
    if rng == M(DAY):
        return DTK_DAY
    if rng in (M(HOUR), M(DAY) | M(HOUR)):
        return DTK_HOUR
    if rng in (M(MINUTE), M(HOUR) | M(MINUTE), M(DAY) | M(HOUR) | M(MINUTE)):
        return DTK_MINUTE
    return DTK_SECOND


# ------------------------------------------------------------ ISO 8601 intervals

def _parse_iso_number(s: str, pos: int) -> tuple[int, float, int]:
    if pos >= len(s) or not (_isdigit(s[pos]) or s[pos] in "-."):
        raise DTErr(DTERR_BAD_FORMAT)
    pref = _strtod_prefix(s[pos:])
    if pref == "0" and not s[pos:].startswith("0"):
        raise DTErr(DTERR_BAD_FORMAT)
    end = pos + len(pref)
    try:
        val = float(pref)
    except ValueError:
        raise DTErr(DTERR_BAD_FORMAT) from None
    if math.isnan(val) or val < -1.0e15 or val > 1.0e15:
        raise DTErr(DTERR_FIELD_OVERFLOW)
    ipart = math.floor(val) if val >= 0 else -math.floor(-val)
    return int(ipart), val - ipart, end


def _iso_int_width(s: str, pos: int) -> int:
    if pos < len(s) and s[pos] == "-":
        pos += 1
    n = 0
    while pos + n < len(s) and _isdigit(s[pos + n]):
        n += 1
    return n


def decode_iso8601_interval(s: str) -> tuple[int, int, int]:
    """DecodeISO8601Interval: 'P1Y2M3DT4H5M6S' or 'P0001-02-03T04:05:06'."""
    itm = _ItmIn()
    if len(s) < 2 or s[0] != "P":
        raise DTErr(DTERR_BAD_FORMAT)
    pos = 1
    n = len(s)
    datepart = True
    havefield = False

    def done() -> tuple[int, int, int]:
        return _itmin_to_interval(itm)

    while pos < n:
        if s[pos] == "T":
            datepart = False
            havefield = False
            pos += 1
            continue
        fieldstart = pos
        val, fval, pos = _parse_iso_number(s, pos)
        unit = s[pos] if pos < n else "\0"
        pos += 1
        if datepart:
            if unit == "Y":
                _adjust_years(itm, val, 1); _adjust_fract_years(itm, fval, 1)
            elif unit == "M":
                _adjust_months(itm, val); _adjust_fract_days(itm, fval, DAYS_PER_MONTH)
            elif unit == "W":
                _adjust_days(itm, val, 7); _adjust_fract_days(itm, fval, 7)
            elif unit == "D":
                _adjust_days(itm, val, 1); _adjust_fract_usec(itm, fval, USECS_PER_DAY)
            elif unit in ("T", "\0", "-"):
                if unit != "-" and _iso_int_width(s, fieldstart) == 8 and not havefield:
                    _adjust_years(itm, cdiv(val, 10000), 1)
                    _adjust_months(itm, cdiv(val, 100) % 100 if val >= 0 else -((-val // 100) % 100))
                    _adjust_days(itm, val % 100 if val >= 0 else -((-val) % 100), 1)
                    _adjust_fract_usec(itm, fval, USECS_PER_DAY)
                    if unit == "\0":
                        return done()
                    datepart = False
                    havefield = False
                    continue
                if havefield:
                    raise DTErr(DTERR_BAD_FORMAT)
                _adjust_years(itm, val, 1); _adjust_fract_years(itm, fval, 1)
                if unit == "\0":
                    return done()
                if unit == "T":
                    datepart = False
                    havefield = False
                    continue
                val, fval, pos = _parse_iso_number(s, pos)
                _adjust_months(itm, val); _adjust_fract_days(itm, fval, DAYS_PER_MONTH)
                if pos >= n:
                    return done()
                if s[pos] == "T":
                    datepart = False
                    havefield = False
                    pos += 1
                    continue
                if s[pos] != "-":
                    raise DTErr(DTERR_BAD_FORMAT)
                pos += 1
                val, fval, pos = _parse_iso_number(s, pos)
                _adjust_days(itm, val, 1); _adjust_fract_usec(itm, fval, USECS_PER_DAY)
                if pos >= n:
                    return done()
                if s[pos] == "T":
                    datepart = False
                    havefield = False
                    pos += 1
                    continue
                raise DTErr(DTERR_BAD_FORMAT)
            else:
                raise DTErr(DTERR_BAD_FORMAT)
        else:
            if unit == "H":
                _adjust_usec(itm, val, fval, USECS_PER_HOUR)
            elif unit == "M":
                _adjust_usec(itm, val, fval, USECS_PER_MINUTE)
            elif unit == "S":
                _adjust_usec(itm, val, fval, USECS_PER_SEC)
            elif unit in ("\0", ":"):
                if unit == "\0" and _iso_int_width(s, fieldstart) == 6 and not havefield:
                    _adjust_usec(itm, cdiv(val, 10000), 0, USECS_PER_HOUR)
                    _adjust_usec(itm, cdiv(val, 100) % 100 if val >= 0 else -((-val // 100) % 100), 0,
                                 USECS_PER_MINUTE)
                    _adjust_usec(itm, val % 100 if val >= 0 else -((-val) % 100), 0, USECS_PER_SEC)
                    _adjust_fract_usec(itm, fval, 1)
                    return done()
                if havefield:
                    raise DTErr(DTERR_BAD_FORMAT)
                _adjust_usec(itm, val, fval, USECS_PER_HOUR)
                if unit == "\0":
                    return done()
                val, fval, pos = _parse_iso_number(s, pos)
                _adjust_usec(itm, val, fval, USECS_PER_MINUTE)
                if pos >= n:
                    return done()
                if s[pos] != ":":
                    raise DTErr(DTERR_BAD_FORMAT)
                pos += 1
                val, fval, pos = _parse_iso_number(s, pos)
                _adjust_usec(itm, val, fval, USECS_PER_SEC)
                if pos >= n:
                    return done()
                raise DTErr(DTERR_BAD_FORMAT)
            else:
                raise DTErr(DTERR_BAD_FORMAT)
        havefield = True
    return done()

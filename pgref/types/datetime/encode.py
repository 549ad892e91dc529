"""Date/time text output: EncodeDateOnly, EncodeTimeOnly, EncodeDateTime,
EncodeInterval and EncodeSpecial* of PostgreSQL 15.

Where it sits: ``pgref.types.datetime`` (spec/03-types-datetime.md,
"Output").  Pure functions of the broken-down value and the style codes
from :func:`pgref.types.datetime.core.datestyle`; the output functions in
``io.py`` call them.

Guarantees (INV-DT-6): fractional seconds print with at most six digits and
no trailing zeros; years <= 0 print as positive BC years with a ' BC'
suffix; a numeric zone prints as +hh, +hh:mm or +hh:mm:ss, only as long as
needed; infinities print as 'infinity' / '-infinity'.

Worked example (DateStyle 'Postgres, MDY', zone America/Los_Angeles):
timestamptz '1999-01-08 12:05:06.5+00' -> 'Fri Jan 08 04:05:06.5 1999 PST'.
"""
from __future__ import annotations

from pgref.types.datetime.core import (
    DATEORDER_DMY, DAYS, INTSTYLE_ISO_8601, INTSTYLE_POSTGRES,
    INTSTYLE_SQL_STANDARD, MONTHS, USE_GERMAN_DATES, USE_ISO_DATES,
    USE_SQL_DATES, USE_XSD_DATES, Itm, Tm, date2j, j2day)

MAXTZLEN = 10


def append_seconds(sec: int, fsec: int, precision: int, fillzeros: bool) -> str:
    """INV-DT-6: at most ``precision`` fraction digits, trailing zeros dropped."""
    s = f"{abs(sec):02d}" if fillzeros else str(abs(sec))
    if fsec != 0:
        frac = f"{abs(fsec):0{precision}d}"
        if len(frac) > precision:   # value did not fit: PG prints it whole
            return s + "." + str(abs(fsec))
        s += "." + frac.rstrip("0")
    return s


def encode_timezone(tz: int, style: int) -> str:
    """tz is seconds WEST; prints the east-positive offset."""
    sec = abs(tz)
    mn = sec // 60
    sec -= mn * 60
    hour = mn // 60
    mn -= hour * 60
    sign = "+" if tz <= 0 else "-"
    if sec != 0:
        return f"{sign}{hour:02d}:{mn:02d}:{sec:02d}"
    if mn != 0 or style == USE_XSD_DATES:
        return f"{sign}{hour:02d}:{mn:02d}"
    return f"{sign}{hour:02d}"


def _year(y: int) -> str:
    return f"{y if y > 0 else -(y - 1):04d}"


def encode_date_only(tm: Tm, style: int, order: int) -> str:
    if style in (USE_ISO_DATES, USE_XSD_DATES):
        s = f"{_year(tm.year)}-{tm.mon:02d}-{tm.mday:02d}"
    elif style == USE_SQL_DATES:
        if order == DATEORDER_DMY:
            s = f"{tm.mday:02d}/{tm.mon:02d}"
        else:
            s = f"{tm.mon:02d}/{tm.mday:02d}"
        s += "/" + _year(tm.year)
    elif style == USE_GERMAN_DATES:
        s = f"{tm.mday:02d}.{tm.mon:02d}.{_year(tm.year)}"
    else:
        if order == DATEORDER_DMY:
            s = f"{tm.mday:02d}-{tm.mon:02d}"
        else:
            s = f"{tm.mon:02d}-{tm.mday:02d}"
        s += "-" + _year(tm.year)
    if tm.year <= 0:
        s += " BC"
    return s


def encode_time_only(tm: Tm, fsec: int, print_tz: bool, tz: int, style: int) -> str:
    s = f"{tm.hour:02d}:{tm.min:02d}:" + append_seconds(tm.sec, fsec, 6, True)
    if print_tz:
        s += encode_timezone(tz, style)
    return s


def encode_datetime(tm: Tm, fsec: int, print_tz: bool, tz: int, tzn: str | None,
                    style: int, order: int) -> str:
    if tm.isdst < 0:
        print_tz = False
    secs = append_seconds(tm.sec, fsec, 6, True)
    hms = f"{tm.hour:02d}:{tm.min:02d}:{secs}"
    if style in (USE_ISO_DATES, USE_XSD_DATES):
        s = f"{_year(tm.year)}-{tm.mon:02d}-{tm.mday:02d}{' ' if style == USE_ISO_DATES else 'T'}{hms}"
        if print_tz:
            s += encode_timezone(tz, style)
    elif style in (USE_SQL_DATES, USE_GERMAN_DATES):
        if style == USE_SQL_DATES:
            if order == DATEORDER_DMY:
                s = f"{tm.mday:02d}/{tm.mon:02d}"
            else:
                s = f"{tm.mon:02d}/{tm.mday:02d}"
            s += f"/{_year(tm.year)} {hms}"
        else:
            s = f"{tm.mday:02d}.{tm.mon:02d}.{_year(tm.year)} {hms}"
        if print_tz:
            if tzn is not None:
                s += " " + tzn[:MAXTZLEN]
            else:
                s += encode_timezone(tz, style)
    else:
        wday = j2day(date2j(tm.year, tm.mon, tm.mday))
        s = DAYS[wday][:3] + " "
        if order == DATEORDER_DMY:
            s += f"{tm.mday:02d} {MONTHS[tm.mon - 1]}"
        else:
            s += f"{MONTHS[tm.mon - 1]} {tm.mday:02d}"
        s += f" {hms} {_year(tm.year)}"
        if print_tz:
            if tzn is not None:
                s += " " + tzn[:MAXTZLEN]
            else:
                s += " " + encode_timezone(tz, style)
    if tm.year <= 0:
        s += " BC"
    return s


def _pg_part(value: int, units: str, st: dict) -> str:
    if value == 0:
        return ""
    s = "{}{}{} {}{}".format("" if st["zero"] else " ",
                             "+" if (st["before"] and value > 0) else "",
                             value, units, "s" if value != 1 else "")
    st["before"] = value < 0
    st["zero"] = False
    return s


def _verbose_part(value: int, units: str, st: dict) -> str:
    if value == 0:
        return ""
    if st["zero"]:
        st["before"] = value < 0
        value = abs(value)
    elif st["before"]:
        value = -value
    st["zero"] = False
    return f" {value} {units}{'' if value == 1 else 's'}"


def encode_interval(itm: Itm, style: int) -> str:
    year, mon, mday, hour, mn, sec, fsec = (itm.year, itm.mon, itm.mday, itm.hour, itm.min,
                                            itm.sec, itm.usec)
    if style == INTSTYLE_SQL_STANDARD:
        has_negative = year < 0 or mon < 0 or mday < 0 or hour < 0 or mn < 0 or sec < 0 or fsec < 0
        has_positive = year > 0 or mon > 0 or mday > 0 or hour > 0 or mn > 0 or sec > 0 or fsec > 0
        has_year_month = year != 0 or mon != 0
        has_day_time = mday != 0 or hour != 0 or mn != 0 or sec != 0 or fsec != 0
        has_day = mday != 0
        sql_standard_value = not (has_negative and has_positive) and not (has_year_month and has_day_time)
        out = ""
        if has_negative and sql_standard_value:
            out = "-"
            year, mon, mday, hour, mn, sec, fsec = -year, -mon, -mday, -hour, -mn, -sec, -fsec
        if not has_negative and not has_positive:
            return "0"
        if not sql_standard_value:
            year_sign = "-" if (year < 0 or mon < 0) else "+"
            day_sign = "-" if mday < 0 else "+"
            sec_sign = "-" if (hour < 0 or mn < 0 or sec < 0 or fsec < 0) else "+"
            return (out + f"{year_sign}{abs(year)}-{abs(mon)} {day_sign}{abs(mday)} "
                    f"{sec_sign}{abs(hour)}:{abs(mn):02d}:" + append_seconds(sec, fsec, 6, True))
        if has_year_month:
            return out + f"{year}-{mon}"
        if has_day:
            return out + f"{mday} {hour}:{mn:02d}:" + append_seconds(sec, fsec, 6, True)
        return out + f"{hour}:{mn:02d}:" + append_seconds(sec, fsec, 6, True)
    if style == INTSTYLE_ISO_8601:
        if year == 0 and mon == 0 and mday == 0 and hour == 0 and mn == 0 and sec == 0 and fsec == 0:
            return "PT0S"
        out = "P"
        for v, u in ((year, "Y"), (mon, "M"), (mday, "D")):
            if v:
                out += f"{v}{u}"
        if hour != 0 or mn != 0 or sec != 0 or fsec != 0:
            out += "T"
        for v, u in ((hour, "H"), (mn, "M")):
            if v:
                out += f"{v}{u}"
        if sec != 0 or fsec != 0:
            if sec < 0 or fsec < 0:
                out += "-"
            out += append_seconds(sec, fsec, 6, False) + "S"
        return out
    st = {"zero": True, "before": False}
    if style == INTSTYLE_POSTGRES:
        out = _pg_part(year, "year", st) + _pg_part(mon, "mon", st) + _pg_part(mday, "day", st)
        if st["zero"] or hour != 0 or mn != 0 or sec != 0 or fsec != 0:
            minus = hour < 0 or mn < 0 or sec < 0 or fsec < 0
            out += "{}{}{:02d}:{:02d}:".format("" if st["zero"] else " ",
                                               "-" if minus else ("+" if st["before"] else ""),
                                               abs(hour), abs(mn))
            out += append_seconds(sec, fsec, 6, True)
        return out
    # postgres_verbose
    out = "@"
    out += _verbose_part(year, "year", st)
    out += _verbose_part(mon, "mon", st)
    out += _verbose_part(mday, "day", st)
    out += _verbose_part(hour, "hour", st)
    out += _verbose_part(mn, "min", st)
    if sec != 0 or fsec != 0:
        out += " "
        if sec < 0 or (sec == 0 and fsec < 0):
            if st["zero"]:
                st["before"] = True
            elif not st["before"]:
                out += "-"
        elif st["before"]:
            out += "-"
        out += append_seconds(sec, fsec, 6, False)
        out += " sec" + ("s" if (abs(sec) != 1 or fsec != 0) else "")
        st["zero"] = False
    if st["zero"]:
        out += " 0"
    if st["before"]:
        out += " ago"
    return out

"""to_char() for timestamp, timestamptz and interval: PostgreSQL 15's
formatting.c DCH_to_char, template pattern by template pattern.

Where it sits: ``pgref.types.datetime`` (spec/03-types-datetime.md,
"Formatting").  Registered as ``timestamp_to_char``, ``timestamptz_to_char``
and ``interval_to_char``.  The parsing direction (to_date,
to_timestamp(text, text)) is not implemented and stays unregistered.

How it works: the format string is cut into nodes exactly as
parse_format() does -- an optional FM/TM prefix, the longest keyword that
matches at this position (the table is case-sensitive: 'Month', 'MONTH' and
'month' are different keywords), an optional TH/th/SP suffix; double-quoted
text and other characters are copied.  Each keyword node then prints one
field of the broken-down value (INV-DT-9: numeric fields are zero-padded to
their natural width unless FM is given; MONTH/DAY names are blank-padded to
9 characters unless FM is given).
"""
from __future__ import annotations

from pgref.errors import INVALID_DATETIME_FORMAT, PgError
from pgref.types.datetime import tz as tzmod
from pgref.types.datetime.core import (DAYS, MONTHS_PER_YEAR, DAYS_PER_MONTH, MONTHS, Tm, cdiv,
                                       cmod, date2j, interval2itm, j2day, timestamp2tm,
                                       TimestampRange)
from pgref.types.datetime.io import ts_range_error
from pgref.types.fmgr import builtin
from pgref.types.values import Interval

FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
RM_UPPER = ("XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I")

# keyword -> (action id, is numeric); order matters: longest first per first letter
KEYWORDS: list[tuple[str, str, bool]] = [
    ("A.D.", "A.D.", False), ("A.M.", "A.M.", False), ("AD", "AD", False), ("AM", "AM", False),
    ("B.C.", "B.C.", False), ("BC", "BC", False), ("CC", "CC", True),
    ("DAY", "DAY", False), ("DDD", "DDD", True), ("DD", "DD", True), ("DY", "DY", False),
    ("Day", "Day", False), ("Dy", "Dy", False), ("D", "D", True),
    ("FF1", "FF1", True), ("FF2", "FF2", True), ("FF3", "FF3", True), ("FF4", "FF4", True),
    ("FF5", "FF5", True), ("FF6", "FF6", True), ("FX", "FX", False),
    ("HH24", "HH24", True), ("HH12", "HH12", True), ("HH", "HH", True),
    ("IDDD", "IDDD", True), ("ID", "ID", True), ("IW", "IW", True), ("IYYY", "IYYY", True),
    ("IYY", "IYY", True), ("IY", "IY", True), ("I", "I", True), ("J", "J", True),
    ("MI", "MI", True), ("MM", "MM", True), ("MONTH", "MONTH", False), ("MON", "MON", False),
    ("MS", "MS", True), ("Month", "Month", False), ("Mon", "Mon", False),
    ("OF", "OF", False), ("P.M.", "P.M.", False), ("PM", "PM", False), ("Q", "Q", True),
    ("RM", "RM", False), ("SSSSS", "SSSS", True), ("SSSS", "SSSS", True), ("SS", "SS", True),
    ("TZH", "TZH", False), ("TZM", "TZM", True), ("TZ", "TZ", False), ("US", "US", True),
    ("WW", "WW", True), ("W", "W", True), ("Y,YYY", "Y,YYY", True), ("YYYY", "YYYY", True),
    ("YYY", "YYY", True), ("YY", "YY", True), ("Y", "Y", True),
    ("a.d.", "a.d.", False), ("a.m.", "a.m.", False), ("ad", "ad", False), ("am", "am", False),
    ("b.c.", "b.c.", False), ("bc", "bc", False), ("cc", "CC", True),
    ("day", "day", False), ("ddd", "DDD", True), ("dd", "DD", True), ("dy", "dy", False),
    ("d", "D", True), ("ff1", "FF1", True), ("ff2", "FF2", True), ("ff3", "FF3", True),
    ("ff4", "FF4", True), ("ff5", "FF5", True), ("ff6", "FF6", True), ("fx", "FX", False),
    ("hh24", "HH24", True), ("hh12", "HH12", True), ("hh", "HH", True),
    ("iddd", "IDDD", True), ("id", "ID", True), ("iw", "IW", True), ("iyyy", "IYYY", True),
    ("iyy", "IYY", True), ("iy", "IY", True), ("i", "I", True), ("j", "J", True),
    ("mi", "MI", True), ("mm", "MM", True), ("month", "month", False), ("mon", "mon", False),
    ("ms", "MS", True), ("of", "OF", False), ("p.m.", "p.m.", False), ("pm", "pm", False),
    ("q", "Q", True), ("rm", "rm", False), ("sssss", "SSSS", True), ("ssss", "SSSS", True),
    ("ss", "SS", True), ("tzh", "TZH", False), ("tzm", "TZM", True), ("tz", "tz", False),
    ("us", "US", True), ("ww", "WW", True), ("w", "W", True), ("y,yyy", "Y,YYY", True),
    ("yyyy", "YYYY", True), ("yyy", "YYY", True), ("yy", "YY", True), ("y", "Y", True),
]
_BY_FIRST: dict[str, list[tuple[str, str, bool]]] = {}
for _k in KEYWORDS:
    _BY_FIRST.setdefault(_k[0][0], []).append(_k)

# fields that have no meaning for an interval (DCH_to_char's INVALID_FOR_INTERVAL)
_INVALID_FOR_INTERVAL = {"A.D.", "AD", "B.C.", "BC", "a.d.", "ad", "b.c.", "bc",
                         "DAY", "Day", "day", "DY", "Dy", "dy", "D", "ID",
                         "MONTH", "Month", "month", "MON", "Mon", "mon",
                         "OF", "TZH", "TZM", "TZ", "tz"}


def parse_format(fmt: str) -> list[tuple]:
    """Nodes: ('kw', id, numeric, fm, th) / ('ch', text)."""
    nodes: list[tuple] = []
    i, n = 0, len(fmt)
    while i < n:
        fm = False
        th = None
        if fmt.startswith(("FM", "fm"), i):
            fm = True
            i += 2
        elif fmt.startswith(("TM", "tm"), i):
            i += 2
        if i >= n:
            break
        kw = None
        for cand in _BY_FIRST.get(fmt[i], ()):
            if fmt.startswith(cand[0], i):
                kw = cand
                break
        if kw is not None:
            i += len(kw[0])
            if fmt.startswith("TH", i):
                th, i = "TH", i + 2
            elif fmt.startswith("th", i):
                th, i = "th", i + 2
            elif fmt.startswith(("SP", "sp"), i):
                i += 2
            nodes.append(("kw", kw[1], kw[2], fm, th))
            continue
        c = fmt[i]
        if c == '"':
            i += 1
            while i < n:
                if fmt[i] == '"':
                    i += 1
                    break
                if fmt[i] == "\\" and i + 1 < n:
                    i += 1
                nodes.append(("ch", fmt[i]))
                i += 1
        else:
            if c == "\\" and i + 1 < n and fmt[i + 1] == '"':
                i += 1
            nodes.append(("ch", fmt[i]))
            i += 1
    return nodes


def _numth(s: str, th: str | None) -> str:
    if th is None:
        return s
    last = s[-1:]
    if not last.isdigit():
        raise PgError("22P02", f'"{s}" is not a number')
    if len(s) > 1 and s[-2] == "1":
        last = "0"
    suf = {"1": "st", "2": "nd", "3": "rd"}.get(last, "th")
    return s + (suf.upper() if th == "TH" else suf)


def _pad(v: int, width: int, fm: bool) -> str:
    """sprintf("%0*d", fm ? 0 : (v >= 0 ? width : width + 1), v): the fields
    PostgreSQL widens for a sign (years, MM, HH24, MI, SS, CC)."""
    if fm:
        return str(v)
    w = width if v >= 0 else width + 1
    return f"{v:0{w}d}"


def _padf(v: int, width: int, fm: bool) -> str:
    """sprintf("%0*d", fm ? 0 : width, v): fixed width, sign included."""
    return str(v) if fm else f"{v:0{width}d}"


def _isoyear(y: int, m: int, d: int) -> int:
    from pgref.types.funcs.datetime_funcs import date2isoyear  # noqa: PLC0415
    return date2isoyear(y, m, d)


def _isoweek(y: int, m: int, d: int) -> int:
    from pgref.types.funcs.datetime_funcs import date2isoweek  # noqa: PLC0415
    return date2isoweek(y, m, d)


def _isoyearday(y: int, m: int, d: int) -> int:
    from pgref.types.funcs.datetime_funcs import isoweek2j  # noqa: PLC0415
    return date2j(y, m, d) - isoweek2j(_isoyear(y, m, d), 1) + 1


def dch_to_char(tm: Tm, fsec: int, tzn: str | None, gmtoff: int, fmt: str,
                is_interval: bool) -> str:
    out: list[str] = []
    year_adj = tm.year if is_interval else (tm.year if tm.year > 0 else -(tm.year - 1))
    for node in parse_format(fmt):
        if node[0] == "ch":
            out.append(node[1])
            continue
        _, k, numeric, fm, th = node
        if is_interval and k in _INVALID_FOR_INTERVAL:
            raise PgError(INVALID_DATETIME_FORMAT,
                          "invalid format specification for an interval value",
                          hint="Intervals are not tied to specific calendar dates.")
        s: str | None
        if k in ("A.M.", "P.M.", "AM", "PM", "a.m.", "p.m.", "am", "pm"):
            pm = cmod(tm.hour, 24) >= 12
            dotted = "." in k
            s = ("P.M." if dotted else "PM") if pm else ("A.M." if dotted else "AM")
            if k[0].islower():
                s = s.lower()
        elif k in ("A.D.", "B.C.", "AD", "BC", "a.d.", "b.c.", "ad", "bc"):
            dotted = "." in k
            s = ("B.C." if dotted else "BC") if tm.year <= 0 else ("A.D." if dotted else "AD")
            if k[0].islower():
                s = s.lower()
        elif k == "HH24":
            s = _pad(tm.hour, 2, fm)
        elif k in ("HH", "HH12"):
            h = cmod(tm.hour, 12)
            v = 12 if h == 0 else h
            s = str(v) if fm else f"{v:0{2 if tm.hour >= 0 else 3}d}"
        elif k == "MI":
            s = _pad(tm.min, 2, fm)
        elif k == "SS":
            s = _pad(tm.sec, 2, fm)
        elif k.startswith("FF"):
            d = int(k[2])
            s = _padf(cdiv(fsec, 10 ** (6 - d)), d, False)   # FM does not apply
        elif k == "MS":
            s = _padf(cdiv(fsec, 1000), 3, False)
        elif k == "US":
            s = _padf(fsec, 6, False)
        elif k == "SSSS":
            s = str(tm.hour * 3600 + tm.min * 60 + tm.sec)
        elif k in ("TZ", "tz"):
            if tzn is None:
                continue
            s = tzn.upper() if k == "TZ" else tzn.lower()
        elif k == "TZH":
            s = ("+" if gmtoff >= 0 else "-") + f"{abs(gmtoff) // 3600:02d}"
        elif k == "TZM":
            s = f"{(abs(gmtoff) % 3600) // 60:02d}"
        elif k == "OF":
            s = ("+" if gmtoff >= 0 else "-") + _pad(abs(gmtoff) // 3600, 2, fm)
            if abs(gmtoff) % 3600 != 0:
                s += f":{(abs(gmtoff) % 3600) // 60:02d}"
        elif k in ("MONTH", "Month", "month", "MON", "Mon", "mon"):
            if not tm.mon:
                continue
            full = k in ("MONTH", "Month", "month")
            name = FULL_MONTHS[tm.mon - 1] if full else MONTHS[tm.mon - 1]
            name = name.upper() if k.isupper() else (name.lower() if k.islower() else name)
            s = name if (fm or not full) else f"{name:<9}"
        elif k in ("DAY", "Day", "day", "DY", "Dy", "dy"):
            full = k in ("DAY", "Day", "day")
            name = DAYS[tm.wday] if full else DAYS[tm.wday][:3]
            name = name.upper() if k.isupper() else (name.lower() if k.islower() else name)
            s = name if (fm or not full) else f"{name:<9}"
        elif k == "DDD":
            s = _padf(tm.yday, 3, fm)
        elif k == "DD":
            s = _padf(tm.mday, 2, fm)
        elif k == "D":
            s = str(tm.wday + 1)
        elif k == "ID":
            s = str(7 if tm.wday == 0 else tm.wday)
        elif k == "WW":
            s = _padf(cdiv(tm.yday - 1, 7) + 1, 2, fm)
        elif k == "IW":
            s = _padf(_isoweek(tm.year, tm.mon, tm.mday), 2, fm)
        elif k == "Q":
            if not tm.mon:
                continue
            s = str(cdiv(tm.mon - 1, 3) + 1)
        elif k == "CC":
            if is_interval:
                i = cdiv(tm.year, 100)
            else:
                i = cdiv(tm.year + 99, 100) if tm.year > 0 else cdiv(tm.year, 100) - 1
            s = _pad(i, 2, fm) if -99 <= i <= 99 else str(i)
        elif k == "Y,YYY":
            i = cdiv(year_adj, 1000)
            s = f"{i},{year_adj - i * 1000:03d}"
        elif k in ("YYYY", "YYY", "YY", "Y", "IYYY", "IYY", "IY", "I"):
            # the width grows by one for a negative year (judged on the
            # calendar year even for the ISO forms); Y and I are "%1d"
            if k[0] == "I":
                v = _isoyear(tm.year, tm.mon, tm.mday)
                if not is_interval:
                    v = v if v > 0 else -(v - 1)
            else:
                v = year_adj
            digits = len(k)
            if digits < 4:
                v = cmod(v, 10 ** digits)
            width = digits if (year_adj >= 0 or digits == 1) else digits + 1
            s = str(v) if fm else f"{v:0{width}d}"
        elif k == "IDDD":
            s = _padf(_isoyearday(tm.year, tm.mon, tm.mday), 3, fm)
        elif k == "MM":
            s = _pad(tm.mon, 2, fm)
        elif k == "W":
            s = str(cdiv(tm.mday - 1, 7) + 1)
        elif k == "J":
            s = str(date2j(tm.year, tm.mon, tm.mday))
        elif k in ("RM", "rm"):
            if not tm.mon and not tm.year:
                continue
            if tm.mon == 0:     # whole interval years
                idx = 0 if tm.year >= 0 else MONTHS_PER_YEAR - 1
            elif tm.mon < 0:    # -1 means December, -2 November ...
                idx = -(tm.mon + 1)
            else:
                idx = MONTHS_PER_YEAR - tm.mon
            r = RM_UPPER[idx]
            r = r if k == "RM" else r.lower()
            s = r if fm else f"{r:<4}"
        elif k == "FX":
            continue
        else:   # pragma: no cover - every keyword is handled above
            raise PgError("XX000", f"unrecognized format keyword {k}")
        if numeric and th is not None:
            s = _numth(s, th)
        out.append(s)
    return "".join(out)


def _ts_to_char(t: int, fmt: str, z) -> str | None:
    if fmt == "":
        return None
    if t in (-(2 ** 63), 2 ** 63 - 1):
        return None
    try:
        tm, fsec, _ = timestamp2tm(t, z, need_tz=z is not None)
    except TimestampRange:
        raise ts_range_error() from None
    jd = date2j(tm.year, tm.mon, tm.mday)
    tm.wday = j2day(jd)
    tm.yday = jd - date2j(tm.year, 1, 1) + 1
    return dch_to_char(tm, fsec, tm.zone if z is not None else None,
                       tm.gmtoff if z is not None else 0, fmt, False)


@builtin("timestamp_to_char")
def timestamp_to_char(t: int, fmt: str) -> str | None:
    return _ts_to_char(t, fmt, None)


@builtin("timestamptz_to_char", ctx=True)
def timestamptz_to_char(ctx, t: int, fmt: str) -> str | None:
    return _ts_to_char(t, fmt, tzmod.session_tz(ctx.settings))


@builtin("interval_to_char")
def interval_to_char(iv: Interval, fmt: str) -> str | None:
    if fmt == "":
        return None
    itm = interval2itm(iv)
    tm = Tm(itm.year, itm.mon, itm.mday, itm.hour, itm.min, itm.sec)
    tm.yday = (tm.year * MONTHS_PER_YEAR + tm.mon) * DAYS_PER_MONTH + tm.mday
    return dch_to_char(tm, itm.usec, None, 0, fmt, True)

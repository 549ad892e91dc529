"""to_char() for timestamp, timestamptz and interval: PostgreSQL 15's
formatting.c DCH_to_char, template pattern by template pattern.

Where it sits: ``pgref.types.datetime`` (spec/03-types-datetime.md,
"Formatting").  Registered as ``timestamp_to_char``, ``timestamptz_to_char``
and ``interval_to_char``.  The parsing direction -- ``to_date`` and
``to_timestamp(text, text)`` -- is DCH_from_char + do_to_timestamp at the
end of this module: the same keyword table read the other way, with
PostgreSQL's blank/separator skipping (FX turns it off), fixed-width or
FM/separator-delimited numbers, case-insensitive name matching, the
conflicting-field and Gregorian/ISO mixing checks, and the 22007/22008
messages ('invalid value "x" for "YYYY"', 'date/time field value out of
range: "..."').  TZ/OF input is 0A000 as in PostgreSQL 15; TM is read as
the C locale's English names.

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

import re

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


# =====================================================================================
# The parsing direction: to_date(text, text), to_timestamp(text, text)
# (formatting.c DCH_from_char + do_to_timestamp)
# =====================================================================================

_MODE_NONE, _MODE_GREGORIAN, _MODE_ISO = 0, 1, 2
_ISO_KEYS = {"IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I"}
_GREG_KEYS = {"DAY", "Day", "day", "DDD", "DD", "DY", "Dy", "dy", "D", "MM", "MONTH", "Month",
              "month", "MON", "Mon", "mon", "RM", "rm", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY",
              "Y"}
_MONTHS_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS_FULL = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAYS_ABBR = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_AMPM = ("am", "pm", "AM", "PM")
_AMPM_LONG = ("a.m.", "p.m.", "A.M.", "P.M.")
_ADBC = ("ad", "bc", "AD", "BC")
_ADBC_LONG = ("a.d.", "b.c.", "A.D.", "B.C.")
_RM_LOWER = ("xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i")
_C_SPACE = " \t\n\r\f\v"
_INT_MIN, _INT_MAX = -(2 ** 31), 2 ** 31 - 1


def _is_separator_char(c: str) -> bool:
    return "\x20" < c < "\x7f" and not c.isalnum()


def parse_from_format(fmt: str) -> list[tuple]:
    """parse_format() for the parsing direction: ('kw', id, name, fm, th)
    where ``name`` is the keyword as matched (for messages), or
    ('space', c) / ('sep', c) / ('char', c); quoted text is always 'char'."""
    nodes: list[tuple] = []
    i, n = 0, len(fmt)
    while i < n:
        fm = False
        j = i
        if fmt.startswith(("FM", "fm"), j):
            fm, j = True, j + 2
        elif fmt.startswith(("TM", "tm"), j):
            j += 2
        kw = None
        if j < n:
            for cand in _BY_FIRST.get(fmt[j], ()):
                if fmt.startswith(cand[0], j):
                    kw = cand
                    break
        if kw is not None:
            i = j + len(kw[0])
            th = None
            if fmt.startswith(("TH", "th"), i):
                th, i = fmt[i:i + 2], i + 2
            elif fmt.startswith(("SP", "sp"), i):
                i += 2
            nodes.append(("kw", kw[1], kw[0], fm, th))
            continue
        if j > i and j >= n:
            break                            # a dangling FM/TM prefix
        c = fmt[i]
        if c == '"':
            i += 1
            while i < n:
                if fmt[i] == '"':
                    i += 1
                    break
                if fmt[i] == "\\" and i + 1 < n:
                    i += 1
                nodes.append(("char", fmt[i]))
                i += 1
            continue
        if c == "\\" and i + 1 < n and fmt[i + 1] == '"':
            i += 1
            c = '"'
        if _is_separator_char(c):
            nodes.append(("sep", c))
        elif c in _C_SPACE:
            nodes.append(("space", c))
        else:
            nodes.append(("char", c))
        i += 1
    return nodes


class _TmFromChar:
    """TmFromChar: what the template found in the string (0 = unset)."""
    __slots__ = ("mode", "hh", "pm", "mi", "ss", "ssss", "d", "dd", "ddd", "mm", "ms", "year",
                 "bc", "ww", "w", "cc", "j", "us", "yysz", "clock", "tzsign", "tzh", "tzm", "ff")

    def __init__(self) -> None:
        for f in self.__slots__:
            setattr(self, f, 0)


def _fmt_err(msg: str, detail: str | None = None, hint: str | None = None) -> PgError:
    return PgError(INVALID_DATETIME_FORMAT, msg, detail=detail, hint=hint)


def _set_int(out: _TmFromChar, field: str, value: int, name: str) -> None:
    """from_char_set_int: a field may be set twice only to the same value."""
    cur = getattr(out, field)
    if cur != 0 and cur != value:
        raise _fmt_err(f'conflicting values for "{name}" field in formatting string',
                       "This value contradicts a previous setting for the same field type.")
    setattr(out, field, value)


def _strtol(s: str, i: int) -> tuple[int | None, int]:
    """C strtol base 10 from s[i]: (value, end index); (None, i) if no digits."""
    j = i
    while j < len(s) and s[j] in _C_SPACE:
        j += 1
    k = j
    if k < len(s) and s[k] in "+-":
        k += 1
    d = k
    while d < len(s) and s[d].isdigit() and s[d].isascii():
        d += 1
    if d == k:
        return None, i
    return int(s[j:d]), d


class _FromChar:
    """DCH_from_char over one input string."""

    def __init__(self, nodes: list[tuple], text: str):
        self.nodes = nodes
        self.s = text
        self.i = 0
        self.out = _TmFromChar()

    def is_next_separator(self, k: int) -> bool:
        node = self.nodes[k]
        if node[0] == "kw" and node[4]:
            return True
        if k + 1 >= len(self.nodes):
            return True
        nxt = self.nodes[k + 1]
        if nxt[0] == "kw":
            return not _KW_NUMERIC.get(nxt[1], False)
        return not (nxt[1].isdigit() and nxt[1].isascii())

    def parse_int_len(self, field: str | None, length: int, k: int) -> int:
        """from_char_parse_int_len: returns the number of characters used."""
        node = self.nodes[k]
        name = node[2]
        s = self.s
        init = self.i
        while self.i < len(s) and s[self.i] in _C_SPACE:
            self.i += 1
        copy = s[self.i:self.i + length]
        if node[3] or self.is_next_separator(k):
            result, end = _strtol(s, init)
            self.i = end if result is not None else init
        else:
            if len(copy) < length:
                raise _fmt_err(f'source string too short for "{name}" formatting field',
                               f"Field requires {length} characters, but only {len(copy)} remain.",
                               'If your source string is not fixed-width, try using the "FM" modifier.')
            result, end = _strtol(copy, 0)
            used = end if result is not None else 0
            if 0 < used < length:
                raise _fmt_err(f'invalid value "{copy}" for "{name}"',
                               f"Field requires {length} characters, but only {used} could be parsed.",
                               'If your source string is not fixed-width, try using the "FM" modifier.')
            self.i += used
        if self.i == init or result is None:
            raise _fmt_err(f'invalid value "{copy}" for "{name}"', "Value must be an integer.")
        if result < _INT_MIN or result > _INT_MAX:
            raise PgError("22008", f'value for "{name}" in source string is out of range',
                          detail=f"Value must be in the range {_INT_MIN} to {_INT_MAX}.")
        if field is not None:
            _set_int(self.out, field, result, name)
        return self.i - init

    def parse_int(self, field: str | None, k: int) -> int:
        return self.parse_int_len(field, len(self.nodes[k][2]), k)

    def seq_search(self, array, k: int) -> int:
        """from_char_seq_search: case-insensitive prefix match, first entry wins."""
        s = self.s[self.i:]
        low = s.lower()
        for idx, cand in enumerate(array):
            if cand and low.startswith(cand.lower()):
                self.i += len(cand)
                return idx
        copy = s
        for c, ch in enumerate(s):
            if ch in _C_SPACE:
                copy = s[:c]
                break
        raise _fmt_err(f'invalid value "{copy}" for "{self.nodes[k][2]}"',
                       "The given value did not match any of the allowed values for this field.")

    def skip_th(self, th) -> None:
        if th:
            self.i = min(self.i + 2, len(self.s))

    def run(self) -> _TmFromChar:
        s = self.s
        out = self.out
        fx_mode = False
        extra_skip = 0
        for k, node in enumerate(self.nodes):
            if self.i >= len(s):
                break
            kind = node[0]
            if not fx_mode and (kind != "kw" or node[1] != "FX") and (kind == "kw" or k == 0):
                while self.i < len(s) and s[self.i] in _C_SPACE:
                    self.i += 1
                    extra_skip += 1
            if kind in ("space", "sep"):
                if not fx_mode:
                    extra_skip -= 1
                    if self.i < len(s) and (s[self.i] in _C_SPACE or _is_separator_char(s[self.i])):
                        self.i += 1
                        extra_skip += 1
                else:
                    self.i += 1
                continue
            if kind == "char":
                if not fx_mode:
                    if extra_skip > 0:
                        extra_skip -= 1
                    else:
                        self.i += 1
                else:
                    self.i += 1
                continue
            key = node[1]
            name = node[2]
            mode = _MODE_ISO if key in _ISO_KEYS else _MODE_GREGORIAN if key in _GREG_KEYS else 0
            if mode:
                if out.mode == 0:
                    out.mode = mode
                elif out.mode != mode:
                    raise _fmt_err("invalid combination of date conventions",
                                   hint="Do not mix Gregorian and ISO week date conventions in a "
                                   "formatting template.")
            th = node[4]
            if key == "FX":
                fx_mode = True
            elif key in ("A.M.", "P.M.", "a.m.", "p.m."):
                _set_int(out, "pm", self.seq_search(_AMPM_LONG, k) % 2, name)
                out.clock = 12
            elif key in ("AM", "PM", "am", "pm"):
                _set_int(out, "pm", self.seq_search(_AMPM, k) % 2, name)
                out.clock = 12
            elif key in ("HH", "HH12"):
                self.parse_int_len("hh", 2, k)
                out.clock = 12
                self.skip_th(th)
            elif key == "HH24":
                self.parse_int_len("hh", 2, k)
                self.skip_th(th)
            elif key in ("MI", "SS", "SSSS", "MM", "DDD", "DD", "D", "WW", "IW", "CC", "W", "J"):
                field = {"MI": "mi", "SS": "ss", "SSSS": "ssss", "MM": "mm", "DDD": "ddd",
                         "DD": "dd", "D": "d", "WW": "ww", "IW": "ww", "CC": "cc", "W": "w",
                         "J": "j"}[key]
                self.parse_int(field, k)
                self.skip_th(th)
            elif key == "MS":
                n = self.parse_int_len("ms", 3, k)
                out.ms *= 100 if n == 1 else 10 if n == 2 else 1
                self.skip_th(th)
            elif key in ("US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6"):
                if key != "US":
                    out.ff = int(key[2])
                n = self.parse_int_len("us", 6 if key == "US" else out.ff, k)
                out.us *= {1: 100000, 2: 10000, 3: 1000, 4: 100, 5: 10}.get(n, 1)
                self.skip_th(th)
            elif key in ("TZ", "tz", "OF"):
                raise PgError("0A000", f'formatting field "{name}" is only supported in to_char')
            elif key == "TZH":
                c = s[self.i] if self.i < len(s) else ""
                if c in ("+", "-", " ") and c:
                    out.tzsign = -1 if c == "-" else 1
                    self.i += 1
                else:
                    out.tzsign = -1 if extra_skip > 0 and self.i > 0 and s[self.i - 1] == "-" else 1
                self.parse_int_len("tzh", 2, k)
            elif key == "TZM":
                if not out.tzsign:
                    out.tzsign = 1
                self.parse_int_len("tzm", 2, k)
            elif key in ("A.D.", "B.C.", "a.d.", "b.c."):
                _set_int(out, "bc", self.seq_search(_ADBC_LONG, k) % 2, name)
            elif key in ("AD", "BC", "ad", "bc"):
                _set_int(out, "bc", self.seq_search(_ADBC, k) % 2, name)
            elif key in ("MONTH", "Month", "month"):
                _set_int(out, "mm", self.seq_search(FULL_MONTHS, k) + 1, name)
            elif key in ("MON", "Mon", "mon"):
                _set_int(out, "mm", self.seq_search(_MONTHS_ABBR, k) + 1, name)
            elif key in ("DAY", "Day", "day"):
                _set_int(out, "d", self.seq_search(_DAYS_FULL, k), name)
                out.d += 1
            elif key in ("DY", "Dy", "dy"):
                _set_int(out, "d", self.seq_search(_DAYS_ABBR, k), name)
                out.d += 1
            elif key == "IDDD":
                self.parse_int_len("ddd", 3, k)
                self.skip_th(th)
            elif key == "ID":
                self.parse_int_len("d", 1, k)
                out.d += 1
                if out.d > 7:
                    out.d = 1
                self.skip_th(th)
            elif key == "Q":
                self.parse_int(None, k)
                self.skip_th(th)
            elif key == "Y,YYY":
                m = re.match(r"[ \t\n\r\f\v]*([+-]?\d+),[ \t\n\r\f\v]*([+-]?\d{1,3})", s[self.i:])
                if m is None:
                    raise _fmt_err('invalid input string for "Y,YYY"')
                _set_int(out, "year", int(m.group(2)) + int(m.group(1)) * 1000, name)
                out.yysz = 4
                self.i += m.end()
                self.skip_th(th)
            elif key in ("YYYY", "IYYY"):
                self.parse_int("year", k)
                out.yysz = 4
                self.skip_th(th)
            elif key in ("YYY", "IYY", "YY", "IY", "Y", "I"):
                n = self.parse_int("year", k)
                if n < 4:
                    out.year = _adjust_partial_year(out.year)
                out.yysz = len(key)
                self.skip_th(th)
            elif key in ("RM", "rm"):
                _set_int(out, "mm", MONTHS_PER_YEAR - self.seq_search(_RM_LOWER, k), name)
            else:
                raise PgError("0A000", f'formatting field "{name}" is not supported in to_timestamp')
            if not fx_mode:
                extra_skip = 0
                while self.i < len(s) and s[self.i] in _C_SPACE:
                    self.i += 1
                    extra_skip += 1
        return out


_KW_NUMERIC = {k[1]: k[2] for k in KEYWORDS}


def _adjust_partial_year(year: int) -> int:
    if year < 70:
        return year + 2000
    if year < 100:
        return year + 1900
    if year < 520:
        return year + 2000
    if year < 1000:
        return year + 1000
    return year


_YSUM = ((0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365),
         (0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366))
_DAY_TAB = ((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
            (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31))


def _isoweek2j(year: int, week: int) -> int:
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    return (week - 1) * 7 + (day4 - day0)


def do_to_timestamp(text: str, fmt: str) -> tuple[Tm, int, int, str | None]:
    """(fields, fractional microseconds, FFn precision, zone text or None)."""
    from pgref.types.datetime.core import (DTERR_FIELD_OVERFLOW, DTERR_TZDISP_OVERFLOW,
                                           isleap, j2date, parse_error)
    tm = Tm(0, 1, 1, 0, 0, 0)
    fsec = 0
    tmfc = _FromChar(parse_from_format(fmt), text).run() if fmt else _TmFromChar()

    def overflow():
        return parse_error(DTERR_FIELD_OVERFLOW, text, "timestamp")

    if tmfc.ssss:
        x = tmfc.ssss
        tm.hour, x = x // 3600, x % 3600
        tm.min, tm.sec = x // 60, x % 60
    if tmfc.ss:
        tm.sec = tmfc.ss
    if tmfc.mi:
        tm.min = tmfc.mi
    if tmfc.hh:
        tm.hour = tmfc.hh
    if tmfc.clock == 12:
        if tm.hour < 1 or tm.hour > 12:
            raise _fmt_err(f'hour "{tm.hour}" is invalid for the 12-hour clock',
                           hint="Use the 24-hour clock, or give an hour between 1 and 12.")
        if tmfc.pm and tm.hour < 12:
            tm.hour += 12
        elif not tmfc.pm and tm.hour == 12:
            tm.hour = 0
    fmask_date = set()
    if tmfc.year:
        if tmfc.cc and tmfc.yysz <= 2:
            if tmfc.bc:
                tmfc.cc = -tmfc.cc
            tm.year = tmfc.year % 100
            if tm.year:
                if tmfc.cc >= 0:
                    tm.year += (tmfc.cc - 1) * 100
                else:
                    tm.year = (tmfc.cc + 1) * 100 - tm.year + 1
            else:
                tm.year = tmfc.cc * 100 + (0 if tmfc.cc >= 0 else 1)
        else:
            tm.year = tmfc.year
            if tmfc.bc:
                tm.year = -tm.year
            if tm.year < 0:
                tm.year += 1
        fmask_date.add("year")
    elif tmfc.cc:
        if tmfc.bc:
            tmfc.cc = -tmfc.cc
        tm.year = (tmfc.cc - 1) * 100 + 1 if tmfc.cc >= 0 else tmfc.cc * 100 + 1
        fmask_date.add("year")
    if tmfc.j:
        tm.year, tm.mon, tm.mday = j2date(tmfc.j)
        fmask_date |= {"year", "month", "day"}
    if tmfc.ww:
        if tmfc.mode == _MODE_ISO:
            jday = _isoweek2j(tm.year, tmfc.ww)
            if tmfc.d:
                jday += tmfc.d - 2 if tmfc.d > 1 else 6
            tm.year, tm.mon, tm.mday = j2date(jday)
            fmask_date |= {"year", "month", "day"}
        else:
            tmfc.ddd = (tmfc.ww - 1) * 7 + 1
    if tmfc.w:
        tmfc.dd = (tmfc.w - 1) * 7 + 1
    if tmfc.dd:
        tm.mday = tmfc.dd
        fmask_date.add("day")
    if tmfc.mm:
        tm.mon = tmfc.mm
        fmask_date.add("month")
    if tmfc.ddd and (tm.mon <= 1 or tm.mday <= 1):
        if not tm.year and not tmfc.bc:
            raise overflow()
        if tmfc.mode == _MODE_ISO:
            j0 = _isoweek2j(tm.year, 1) - 1
            tm.year, tm.mon, tm.mday = j2date(j0 + tmfc.ddd)
            fmask_date |= {"year", "month", "day"}
        else:
            y = _YSUM[isleap(tm.year)]
            i = 1
            while i <= MONTHS_PER_YEAR and tmfc.ddd > y[i]:
                i += 1
            if tm.mon <= 1:
                tm.mon = i
            if tm.mday <= 1:
                tm.mday = tmfc.ddd - y[i - 1]
            fmask_date |= {"month", "day"}
    if tmfc.ms:
        fsec += tmfc.ms * 1000
    if tmfc.us:
        fsec += tmfc.us
    # ValidateDate (INV-DT: the error is always DTERR_FIELD_OVERFLOW here)
    if "month" in fmask_date and not 1 <= tm.mon <= MONTHS_PER_YEAR:
        raise overflow()
    if "day" in fmask_date and not 1 <= tm.mday <= 31:
        raise overflow()
    if {"year", "month", "day"} <= fmask_date and \
            tm.mday > _DAY_TAB[isleap(tm.year)][tm.mon - 1]:
        raise overflow()
    if not (0 <= tm.hour < 24 and 0 <= tm.min < 60 and 0 <= tm.sec < 60 and 0 <= fsec < 1_000_000):
        raise overflow()
    zone = None
    if tmfc.tzsign:
        if tmfc.tzh < 0 or tmfc.tzh > 15 or tmfc.tzm < 0 or tmfc.tzm >= 60:
            raise parse_error(DTERR_TZDISP_OVERFLOW, text, "timestamp")
        zone = "%s%02d:%02d" % ("+" if tmfc.tzsign > 0 else "-", tmfc.tzh, tmfc.tzm)
    return tm, fsec, tmfc.ff, zone


@builtin("to_timestamp", ctx=True)
def to_timestamp(ctx, text: str, fmt: str) -> int:
    """to_timestamp(text, text) -> timestamptz."""
    from pgref.types.datetime.core import TimestampRange, tm2timestamp
    from pgref.types.datetime.io import adjust_timestamp_for_typmod
    from pgref.types.datetime.parse import decode_timezone
    tm, fsec, fprec, zone = do_to_timestamp(text, fmt)
    if zone is not None:
        tz = decode_timezone(zone)
    else:
        tz = tzmod.session_tz(ctx.settings).local_offset(tm.year, tm.mon, tm.mday, tm.hour,
                                                         tm.min, tm.sec)[0]
    try:
        result = tm2timestamp(tm, fsec, tz)
    except TimestampRange:
        raise ts_range_error() from None
    if fprec:
        result = adjust_timestamp_for_typmod(result, fprec)
    return result


@builtin("to_date")
def to_date(text: str, fmt: str) -> int:
    """to_date(text, text) -> date (days since 2000-01-01)."""
    from pgref.types.datetime.core import is_valid_date, is_valid_julian
    from pgref.types.values import POSTGRES_EPOCH_JDATE
    tm, _fsec, _fprec, _zone = do_to_timestamp(text, fmt)
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        raise PgError("22008", f'date out of range: "{text}"')
    result = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(result):
        raise PgError("22008", f'date out of range: "{text}"')
    return result

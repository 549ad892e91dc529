"""Date/time support for the jsonpath engine: ``.datetime()``,
``.datetime(template)``, comparisons of datetime items and their JSON text.

Where it sits: ``types/funcs/`` beside jsonpath_exec (spec/03-types.md,
"jsonpath").  ``.datetime()`` is PostgreSQL's parse_datetime() in the
*standard* (strict) mode of formatting.c: format separators and quoted
characters must match the input exactly, the whole input must be used,
and the result type follows from the template's fields -- date fields
only give ``date``, time fields ``time``, both ``timestamp``, and TZH/TZM
add "with time zone".  Without a template the ISO formats are tried in
PostgreSQL 15's order.  Converting between types that needs the session
time zone (date or timestamp against timestamptz, time against timetz)
raises "cannot convert value from X to Y without time zone usage" unless
a ``*_tz`` function is running (INV-TYPES-JSONPATH-4).

Template keywords supported: YYYY YYY YY Y MM DD HH24 HH12 HH MI SS MS US
FF1..FF6 TZH TZM AM PM A.M. P.M.; any other keyword raises 0A000.

Entry points: datetime_method(cxt, jsp, jb, found), compare_datetime(cxt,
a, b), datetime_to_json_string(dt).
"""
from __future__ import annotations

from typing import Any

from pgref.errors import (DATETIME_FIELD_OVERFLOW, FEATURE_NOT_SUPPORTED,
                          INVALID_DATETIME_FORMAT, PgError)
from pgref.types.funcs.jsonpath_exec import (DATEOID, INVALID_ARGUMENT_FOR_SQL_JSON_DATETIME_FUNCTION,
                                             NOT_FOUND, TIMEOID, TIMESTAMPOID, TIMESTAMPTZOID,
                                             TIMETZOID, Datetime)
from pgref.types.values import POSTGRES_EPOCH_JDATE, USECS_PER_DAY, TimeTz

ISO_FORMATS = (
    "yyyy-mm-dd",
    "HH24:MI:SS.USTZH:TZM", "HH24:MI:SS.USTZH", "HH24:MI:SSTZH:TZM", "HH24:MI:SSTZH",
    "HH24:MI:SS.US", "HH24:MI:SS",
    "yyyy-mm-dd HH24:MI:SS.USTZH:TZM", "yyyy-mm-dd HH24:MI:SS.USTZH",
    "yyyy-mm-dd HH24:MI:SSTZH:TZM", "yyyy-mm-dd HH24:MI:SSTZH",
    'yyyy-mm-dd"T"HH24:MI:SS.USTZH:TZM', 'yyyy-mm-dd"T"HH24:MI:SS.USTZH',
    'yyyy-mm-dd"T"HH24:MI:SSTZH:TZM', 'yyyy-mm-dd"T"HH24:MI:SSTZH',
    "yyyy-mm-dd HH24:MI:SS.US", "yyyy-mm-dd HH24:MI:SS",
    'yyyy-mm-dd"T"HH24:MI:SS.US', 'yyyy-mm-dd"T"HH24:MI:SS',
)

_C_SPACE = " \t\n\r\f\v"
# keyword -> (field, width, kind); kind: d = date field, t = time field, z = zone
_NUMERIC_KW = {
    "YYYY": ("year", 4, "d"), "YYY": ("year", 3, "d"), "YY": ("year", 2, "d"),
    "Y": ("year", 1, "d"), "MM": ("mon", 2, "d"), "DD": ("mday", 2, "d"),
    "HH24": ("hour", 2, "t"), "HH12": ("hour", 2, "t"), "HH": ("hour", 2, "t"),
    "MI": ("min", 2, "t"), "SS": ("sec", 2, "t"), "MS": ("ms", 3, "t"), "US": ("us", 6, "t"),
    "FF1": ("us", 1, "t"), "FF2": ("us", 2, "t"), "FF3": ("us", 3, "t"),
    "FF4": ("us", 4, "t"), "FF5": ("us", 5, "t"), "FF6": ("us", 6, "t"),
    "TZH": ("tzh", 2, "z"), "TZM": ("tzm", 2, "z"),
}
_AMPM = {"AM", "PM", "am", "pm", "A.M.", "P.M.", "a.m.", "p.m."}


def _err(msg: str, detail: str | None = None, hint: str | None = None) -> PgError:
    return PgError(INVALID_DATETIME_FORMAT, msg, detail=detail, hint=hint)


def _format_nodes(fmt: str) -> list[tuple]:
    """parse_format(..., DCH_FLAG | STD_FLAG): outside double quotes a
    template may hold only keywords, separators and spaces."""
    import re
    from pgref.types.datetime.formatting import parse_from_format
    # every quoted section becomes one space, so the bare characters show
    unquoted = re.sub(r'"(?:\\.|[^"\\])*"?', " ", fmt)
    for node in parse_from_format(unquoted):
        if node[0] == "char":
            raise _err(f'invalid datetime format separator: "{node[1]}"')
    return parse_from_format(fmt)


class _Parsed:
    def __init__(self) -> None:
        self.year = self.mon = self.mday = None
        self.hour = self.min = self.sec = self.ms = self.us = None
        self.tzh = self.tzm = None
        self.tzsign = 0
        self.pm = None
        self.clock12 = False
        self.ff = 0
        self.dated = self.timed = self.zoned = False


def _parse_std(text: str, fmt: str) -> _Parsed:
    """DCH_from_char(std = true)."""
    nodes = _format_nodes(fmt)
    out = _Parsed()
    s, i, n = text, 0, len(text)
    k = 0
    while k < len(nodes) and i < n:
        node = nodes[k]
        kind = node[0]
        if kind in ("space", "sep"):
            if s[i] == node[1]:
                i += 1
            else:
                raise _err(f'unmatched format separator "{node[1]}"')
            k += 1
            continue
        if kind == "char":
            if s[i] == node[1]:
                i += 1
            else:
                raise _err(f'unmatched format character "{node[1]}"')
            k += 1
            continue
        name = node[2]
        key = name.upper()
        if key in _AMPM or name in _AMPM:
            low = s[i:].lower()
            for cand, pm in (("a.m.", False), ("p.m.", True), ("am", False), ("pm", True)):
                if (("." in cand) == ("." in name)) and low.startswith(cand):
                    out.pm = pm
                    out.clock12 = True
                    out.timed = True
                    i += len(cand)
                    break
            else:
                rest = s[i:]
                for c, ch in enumerate(rest):
                    if ch in _C_SPACE:
                        rest = rest[:c]
                        break
                raise _err(f'invalid value "{rest}" for "{name}"',
                           "The given value did not match any of the allowed values for this field.")
            k += 1
            continue
        spec = _NUMERIC_KW.get(key)
        if spec is None:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'formatting field "{name}" is not supported in jsonpath .datetime() by pgref')
        field, width, fkind = spec
        if key == "TZH" and i < n and s[i] in "+- ":
            out.tzsign = -1 if s[i] == "-" else 1
            i += 1
        elif key == "TZH":
            out.tzsign = 1
        elif key == "TZM" and not out.tzsign:
            out.tzsign = 1
        # from_char_parse_int_len
        start = i
        nxt = nodes[k + 1] if k + 1 < len(nodes) else None
        from pgref.types.datetime.formatting import _KW_NUMERIC
        next_is_sep = node[3] or nxt is None or (
            nxt[0] != "kw" and not (nxt[1].isdigit())) or (
            nxt[0] == "kw" and not _KW_NUMERIC.get(nxt[1], False))
        if next_is_sep:
            j = i
            if j < n and s[j] in "+-":
                j += 1
            while j < n and s[j].isdigit() and s[j].isascii():
                j += 1
            digits = s[i:j]
        else:
            chunk = s[i:i + width]
            if len(chunk) < width:
                raise _err(f'source string too short for "{name}" formatting field',
                           f"Field requires {width} characters, but only {len(chunk)} remain.",
                           'If your source string is not fixed-width, try using the "FM" modifier.')
            j = i
            while j < i + width and s[j].isdigit() and s[j].isascii():
                j += 1
            if 0 < j - i < width:
                raise _err(f'invalid value "{chunk}" for "{name}"',
                           f"Field requires {width} characters, but only {j - i} could be parsed.",
                           'If your source string is not fixed-width, try using the "FM" modifier.')
            digits = s[i:j]
        if digits in ("", "+", "-"):
            raise _err(f'invalid value "{s[start:start + width]}" for "{name}"',
                       "Value must be an integer.")
        value = int(digits)
        i = j
        if value < -2 ** 31 or value > 2 ** 31 - 1:
            raise PgError(DATETIME_FIELD_OVERFLOW,
                          f'value for "{name}" in source string is out of range',
                          detail=f"Value must be in the range {-2 ** 31} to {2 ** 31 - 1}.")
        if key == "TZH" and value < 0:      # "-" read by strtol after the sign slot
            out.tzsign, value = -out.tzsign, -value
        # from_char_set_int(): a field may be set again only to the same value
        # (0 counts as unset), compared before any adjustment
        prev = getattr(out, field)
        if prev not in (None, 0) and prev != value:
            raise _err(f'conflicting values for "{name}" field in formatting string',
                       "This value contradicts a previous setting for the same field type.")
        if field == "us":
            nd = len(digits)
            if key.startswith("FF"):
                out.ff = int(key[2])
            value *= 10 ** (6 - nd) if nd < 6 else 1
        elif field == "ms":
            nd = len(digits)
            value = value * (100 if nd == 1 else 10 if nd == 2 else 1)
        elif field == "year" and len(digits) < 4 and width < 4:
            from pgref.types.datetime.formatting import _adjust_partial_year
            value = _adjust_partial_year(value)
        if key in ("HH12", "HH"):
            out.clock12 = True
        setattr(out, field, value)
        if fkind == "d":
            out.dated = True
        elif fkind == "t":
            out.timed = True
        else:
            out.zoned = True
        k += 1
    if k < len(nodes):
        raise _err("input string is too short for datetime format")
    while i < n and s[i] in _C_SPACE:
        i += 1
    if i < n:
        raise _err("trailing characters remain in input string after datetime format")
    return out


def parse_datetime(text: str, fmt: str) -> Datetime:
    """parse_datetime(): a Datetime of the type the template implies."""
    from pgref.types.datetime.core import (DTERR_FIELD_OVERFLOW, DTERR_TZDISP_OVERFLOW, Tm,
                                           date2j, isleap, parse_error, tm2timestamp)
    p = _parse_std(text, fmt)
    hour = p.hour or 0
    if p.clock12:
        if hour < 1 or hour > 12:
            raise _err(f'hour "{hour}" is invalid for the 12-hour clock',
                       hint="Use the 24-hour clock, or give an hour between 1 and 12.")
        if p.pm and hour < 12:
            hour += 12
        elif not p.pm and hour == 12:
            hour = 0
    year = p.year or 0
    if year < 0:                       # -3 is 3 BC, i.e. astronomical year -2
        year += 1
    mon = p.mon if p.mon is not None else 1
    mday = p.mday if p.mday is not None else 1
    mn, sec = p.min or 0, p.sec or 0
    fsec = (p.ms or 0) * 1000 + (p.us or 0)
    days = (31, 29 if isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= mon <= 12 or not 1 <= mday <= 31 or \
            (p.year is not None and p.mon is not None and mday > days[mon - 1]):
        raise parse_error(DTERR_FIELD_OVERFLOW, text, "timestamp")
    if not (0 <= hour < 24 and 0 <= mn < 60 and 0 <= sec < 60 and 0 <= fsec < 1_000_000):
        raise parse_error(DTERR_FIELD_OVERFLOW, text, "timestamp")
    tz = 0
    if p.zoned:
        tzh, tzm = p.tzh or 0, p.tzm or 0
        if tzh < 0 or tzh > 15 or tzm < 0 or tzm >= 60:
            raise parse_error(DTERR_TZDISP_OVERFLOW, text, "timestamp")
        tz = -p.tzsign * (tzh * 3600 + tzm * 60)
    if p.dated and p.timed:
        tm = Tm(year, mon, mday, hour, mn, sec)
        if p.zoned:
            return Datetime(TIMESTAMPTZOID, tm2timestamp(tm, fsec, tz), tz)
        return Datetime(TIMESTAMPOID, tm2timestamp(tm, fsec, 0))
    if p.dated:
        if p.zoned:
            raise _err("datetime format is zoned but not timed")
        return Datetime(DATEOID, date2j(year, mon, mday) - POSTGRES_EPOCH_JDATE)
    if p.timed:
        micros = ((hour * 60 + mn) * 60 + sec) * 1_000_000 + fsec
        if p.zoned:
            return Datetime(TIMETZOID, TimeTz(micros, tz))
        return Datetime(TIMEOID, micros)
    raise _err("datetime format is not dated and not timed")


def datetime_method(cxt: Any, jsp: Any, jb: Any, found: list | None) -> int:
    """executeDateTimeMethod() for .datetime() and .datetime(template)."""
    if not isinstance(jb, str):
        cxt.fail(INVALID_ARGUMENT_FOR_SQL_JSON_DATETIME_FUNCTION,
                 "jsonpath item method .datetime() can only be applied to a string")
    if jsp.arg is not None:
        try:
            value = parse_datetime(jb, jsp.arg.value)
        except PgError:
            if cxt.throw:
                raise
            from pgref.types.funcs.jsonpath_exec import _JperError
            raise _JperError() from None
    else:
        value = None
        for fmt in ISO_FORMATS:
            try:
                value = parse_datetime(jb, fmt)
                break
            except PgError:
                continue
        if value is None:
            cxt.fail(INVALID_ARGUMENT_FOR_SQL_JSON_DATETIME_FUNCTION,
                     f'datetime format is not recognized: "{jb}"',
                     hint="Use a datetime template argument to specify the input data format.")
    if value is None:
        return NOT_FOUND
    return cxt.next_item(jsp, None, value, found)


class _Ctx:
    """Stands in for the execution context when the engine is run directly
    (not through SQL): default settings, transaction time 2000-01-01."""

    def __init__(self, ctx: Any):
        from pgref.types.values import DEFAULT_SETTINGS
        self.settings = getattr(ctx, "settings", None) or DEFAULT_SETTINGS
        self.now = 0


def _need_tz(use_tz: bool, t1: str, t2: str) -> None:
    """checkTimezoneIsUsedForCast()."""
    if not use_tz:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"cannot convert value from {t1} to {t2} without time zone usage",
                      hint="Use *_tz() function for time zone support.")


def _timetz_key(v: TimeTz) -> tuple[int, int]:
    return (v.micros + v.zone * 1_000_000, v.zone)


def compare_datetime(cxt: Any, a: Datetime, b: Datetime) -> int | None:
    """compareDatetime(): None when the types cannot be compared."""
    from pgref.types.funcs import datetime_funcs as df
    ctx = cxt.ctx if hasattr(cxt.ctx, "now") else _Ctx(cxt.ctx)
    t1, t2 = a.typid, b.typid
    v1, v2 = a.value, b.value
    dates = {DATEOID, TIMESTAMPOID, TIMESTAMPTZOID}
    times = {TIMEOID, TIMETZOID}
    if (t1 in dates) != (t2 in dates):
        return None
    if t1 in times:
        if t1 != t2:
            if t1 == TIMEOID:
                _need_tz(cxt.use_tz, "time", "timetz")
                v1 = df.time_timetz(ctx, v1)
            else:
                _need_tz(cxt.use_tz, "time", "timetz")
                v2 = df.time_timetz(ctx, v2)
            k1, k2 = _timetz_key(v1), _timetz_key(v2)
        elif t1 == TIMETZOID:
            k1, k2 = _timetz_key(v1), _timetz_key(v2)
        else:
            k1, k2 = v1, v2
        return (k1 > k2) - (k1 < k2)

    def as_ts(t: int, v: int, other: int) -> int:
        if t == DATEOID:
            if other == TIMESTAMPTZOID:
                _need_tz(cxt.use_tz, "date", "timestamptz")
                return df.date_timestamptz(ctx, v)
            return v * USECS_PER_DAY
        if t == TIMESTAMPOID and other == TIMESTAMPTZOID:
            _need_tz(cxt.use_tz, "timestamp", "timestamptz")
            return df.timestamp_timestamptz(ctx, v)
        return v
    if t1 == t2:
        k1, k2 = v1, v2
    else:
        k1, k2 = as_ts(t1, v1, t2), as_ts(t2, v2, t1)
    return (k1 > k2) - (k1 < k2)


def _frac(fsec: int) -> str:
    return ("." + ("%06d" % fsec).rstrip("0")) if fsec else ""


def _zone_text(tz: int) -> str:
    """EncodeTimezone(USE_XSD_DATES): +HH:MM from seconds west."""
    east = -tz
    sign = "-" if east < 0 else "+"
    east = abs(east)
    h, rem = divmod(east, 3600)
    m, s = divmod(rem, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def datetime_to_json_string(dt: Datetime) -> str:
    """JsonEncodeDateTime(): the ISO 8601 text jsonb stores for a datetime."""
    from pgref.types.datetime.core import j2date, timestamp2tm

    def ymd(y: int, m: int, d: int) -> str:
        return f"{y if y > 0 else 1 - y:04d}-{m:02d}-{d:02d}"

    def hms(micros: int) -> str:
        sec, fsec = divmod(micros, 1_000_000)
        h, rem = divmod(sec, 3600)
        mi, s = divmod(rem, 60)
        return f"{h:02d}:{mi:02d}:{s:02d}{_frac(fsec)}"

    if dt.typid == DATEOID:
        y, m, d = j2date(dt.value + POSTGRES_EPOCH_JDATE)
        return ymd(y, m, d) + (" BC" if y <= 0 else "")
    if dt.typid == TIMEOID:
        return hms(dt.value)
    if dt.typid == TIMETZOID:
        return hms(dt.value.micros) + _zone_text(dt.value.zone)
    local = dt.value - dt.tz * 1_000_000 if dt.typid == TIMESTAMPTZOID else dt.value
    tm, fsec, _ = timestamp2tm(local)
    text = ymd(tm.year, tm.mon, tm.mday) + "T" + \
        f"{tm.hour:02d}:{tm.min:02d}:{tm.sec:02d}{_frac(fsec)}"
    if dt.typid == TIMESTAMPTZOID:
        text += _zone_text(dt.tz)
    return text + (" BC" if tm.year <= 0 else "")

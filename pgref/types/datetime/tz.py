"""Time zones: IANA zones, POSIX-style zone strings, fixed offsets, and the
'Default' abbreviation set -- PostgreSQL's pg_tzset() and friends.

Where it sits: ``pgref.types.datetime`` (spec/03-types-datetime.md, "Time
zones").  The zone rules come from the system tz database through Python's
``zoneinfo`` (PostgreSQL on Debian also reads /usr/share/zoneinfo, so the two
agree).  A POSIX zone string that names no file ('<+03>-03', 'FOO+3') is
turned into an in-memory TZif file whose footer is that string.

Guarantees:
  * :meth:`PgTz.utc_info` gives, for any UTC instant in the timestamp range,
    the offset east of UTC, the DST flag and the abbreviation that
    pg_localtime() would give (INV-DT-3).  Instants beyond Python's datetime
    range are mapped by whole 400-year Gregorian cycles (the calendar and the
    POSIX rules repeat exactly) or, before year 1, take the zone's earliest
    (LMT) offset.
  * :meth:`PgTz.local_offset` is DetermineTimeZoneOffset(): a local wall
    time inside a spring-forward gap takes the offset from before the
    transition, an ambiguous fall-back time takes the offset from after it
    (INV-DT-4).

Entry points: pg_tzset(name) -> PgTz | None, fixed_offset_tz(secs_east),
session_tz(settings), lookup_abbrev(lowername), PgTz.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import os
import io
import re
import struct
import zoneinfo

from pgref.types.datetime.core import SECS_PER_DAY, UNIX_EPOCH_JDATE, date2j
from pgref.types.datetime.tzabbrevs import DEFAULT_ABBREVS

_CYCLE_SECS = 146097 * SECS_PER_DAY          # 400 Gregorian years
_MIN_SAFE = -62135596800 + 2 * SECS_PER_DAY   # 0001-01-03 UTC
_MAX_SAFE = 253402300799 - 2 * SECS_PER_DAY   # 9999-12-29 UTC
_UTC = _dt.timezone.utc
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_UTC)


class PgTz:
    """A time zone as PostgreSQL's pg_tz: a name plus rules."""

    def __init__(self, name: str, zi: zoneinfo.ZoneInfo | None, fixed: int | None = None,
                 fixed_abbrev: str | None = None) -> None:
        self.name = name
        self._zi = zi
        self._fixed = fixed              # seconds east, when a pure fixed offset
        self._fixed_abbrev = fixed_abbrev
        self._cache: dict[int, tuple[int, int, str]] = {}
        self._fixed_checked: int | None | bool = None if fixed is None else fixed
        self._trans: list | None = None
        self.abbrev_map: dict[str, str] | None = None

    def utc_info(self, t: int) -> tuple[int, int, str]:
        """(gmtoff seconds east, isdst 0/1, abbreviation) at UTC second t."""
        if self._fixed is not None:
            return self._fixed, 0, self._fixed_abbrev or ""
        r = self._cache.get(t)
        if r is not None:
            return r
        tt = t
        if tt < _MIN_SAFE:
            tt = _MIN_SAFE
        elif tt > _MAX_SAFE:
            n = (tt - _MAX_SAFE) // _CYCLE_SECS + 1
            tt -= n * _CYCLE_SECS
        d = _EPOCH + _dt.timedelta(seconds=tt)
        loc = d.astimezone(self._zi)
        off = loc.utcoffset()
        dst = loc.dst()
        ab = loc.tzname() or ""
        if self.abbrev_map:
            ab = self.abbrev_map.get(ab, ab)
        r = (int(off.total_seconds()), 1 if dst else 0, ab)
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[t] = r
        return r

    def local_offset(self, year: int, mon: int, mday: int, hour: int, mn: int,
                     sec: int) -> tuple[int, int, int]:
        """DetermineTimeZoneOffsetInternal: local fields -> (offset seconds
        WEST as PostgreSQL's tz, isdst, UTC pg_time_t).  INV-DT-4."""
        from pgref.types.datetime.core import is_valid_julian
        if not is_valid_julian(year, mon, mday):
            return 0, 0, 0
        day = (date2j(year, mon, mday) - UNIX_EPOCH_JDATE) * SECS_PER_DAY
        mytime = day + sec + (mn + hour * 60) * 60
        if self._fixed is not None:
            return -self._fixed, 0, mytime - self._fixed
        b_off, b_dst, _ = self.utc_info(mytime - SECS_PER_DAY)
        a_off, a_dst, _ = self.utc_info(mytime + SECS_PER_DAY)
        if b_off == a_off:
            # no transition near; but check the exact spot too
            o, dst, _ = self.utc_info(mytime - b_off)
            if o == b_off:
                return -b_off, dst, mytime - b_off
            a_off, a_dst = o, dst
        beforetime = mytime - b_off
        aftertime = mytime - a_off
        b_ok = self.utc_info(beforetime)[0] == b_off
        a_ok = self.utc_info(aftertime)[0] == a_off
        if b_ok and not a_ok:
            return -b_off, self.utc_info(beforetime)[1], beforetime
        if a_ok and not b_ok:
            return -a_off, self.utc_info(aftertime)[1], aftertime
        # gap (neither) or ambiguity (both): PG prefers "before" when
        # beforetime > aftertime, else "after"
        if beforetime > aftertime:
            return -b_off, self.utc_info(beforetime)[1], beforetime
        return -a_off, self.utc_info(aftertime)[1], aftertime

    def fixed_offset(self) -> int | None:
        """pg_get_timezone_offset(): the offset east if the zone never
        changes offset, else None."""
        if self._fixed is not None:
            return self._fixed
        if self._fixed_checked is None:
            samples = {self.utc_info(t)[0] for t in (
                -6000000000, -2500000000, -1000000000, 0, 500000000, 1000000000,
                1200000000, 1500000000, 1600000000, 1700000000, 1720000000,
                4000000000)}
            self._fixed_checked = samples.pop() if len(samples) == 1 else False
        return None if self._fixed_checked is False else self._fixed_checked  # type: ignore[return-value]

    def abbrev_offset(self, t: int, abbrev: str) -> tuple[int, int] | None:
        """pg_interpret_timezone_abbrev(): the meaning (secs east, isdst) of
        ``abbrev`` in this zone at UTC second t -- from the nearest
        transition at or before t that uses it, else the first one after."""
        up = abbrev.upper()
        trans = self._transitions()
        if trans:
            idx = bisect.bisect_right([tt for tt, _ in trans], t)
            for k in range(idx - 1, -1, -1):
                off, dst, ab = trans[k][1]
                if ab.upper() == up:
                    return off, dst
            for k in range(idx, len(trans)):
                off, dst, ab = trans[k][1]
                if ab.upper() == up:
                    return off, dst
        # zones given as POSIX strings: probe around t
        for delta in (0, 1, -1, 2, -2, 4, -4, 8, -8, 16, -16, 26, -26):
            off, dst, ab = self.utc_info(t + delta * 15 * SECS_PER_DAY)
            if ab.upper() == up:
                return off, dst
        return None

    def _transitions(self) -> list[tuple[int, tuple[int, int, str]]]:
        """The explicit transitions of the zone's TZif file (64-bit part):
        [(utc second, (gmtoff, isdst, abbrev))], plus the initial type."""
        if self._trans is None:
            self._trans = _read_tzif(self.name) if self._zi is not None else []
        return self._trans

    def __repr__(self) -> str:
        return f"PgTz({self.name!r})"


_tz_cache: dict[str, PgTz | None] = {}
_names_lower: dict[str, str] | None = None


def _zone_names() -> dict[str, str]:
    global _names_lower
    if _names_lower is None:
        names = zoneinfo.available_timezones()
        _names_lower = {n.lower(): n for n in names}
    return _names_lower


def _tzif_bytes(std_abbr: str, std_off: int, footer: str) -> bytes:
    ab = std_abbr.encode() + b"\0"

    def block() -> bytes:
        hdr = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, len(ab))
        return hdr + struct.pack(">lbB", std_off, 0, 0) + ab
    return block() + block() + b"\n" + footer.encode() + b"\n"


def _posix_name(s: str, i: int) -> tuple[str, int] | None:
    """getzname/getqzname of PostgreSQL's tzparse: a <quoted> name, or any
    run of characters up to a digit, ',', '-', '+' (may be empty)."""
    if i < len(s) and s[i] == "<":
        j = s.find(">", i)
        if j < 0:
            return None
        return s[i + 1:j], j + 1
    j = i
    while j < len(s) and not (s[j].isdigit() or s[j] in ",-+"):
        j += 1
    return s[i:j], j


_OFF_RE = re.compile(r"[+-]?(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?")
_RULE_RE = re.compile(r",(?:J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d)(?:/[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?)?"
                      r",(?:J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d)(?:/[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?)?$")


def _posix_offset(s: str, i: int) -> tuple[int, str, int] | None:
    """getoffset: returns (seconds WEST as written, text, end)."""
    m = _OFF_RE.match(s, i)
    if not m:
        return None
    h = int(m.group(1))
    mi = int(m.group(2) or 0)
    se = int(m.group(3) or 0)
    if h > 24 * 7 - 1 or mi > 59 or se > 59:
        return None
    v = h * 3600 + mi * 60 + se
    if s[i] == "-":
        v = -v
    return v, m.group(0), m.end()


def _parse_posix(name: str) -> PgTz | None:
    """tzparse(): 'STDoffset[DST[offset][,rule,rule]]' with PostgreSQL's
    leniency (the std name may be empty or contain punctuation).  The rules
    are handed to zoneinfo as a TZif footer with placeholder names.  Like
    pg_tzset, the whole spec is upper-cased first."""
    name = name.upper()
    r = _posix_name(name, 0)
    if r is None:
        return None
    std, i = r
    o = _posix_offset(name, i)
    if o is None:
        return None
    std_west, std_txt, i = o
    if i == len(name):
        return PgTz(name, None, fixed=-std_west, fixed_abbrev=std)
    r = _posix_name(name, i)
    if r is None or not r[0]:
        return None
    dst, i = r
    dst_txt = ""
    if i < len(name) and name[i] not in ",":
        o = _posix_offset(name, i)
        if o is None:
            return None
        dst_txt, i = o[1], o[2]
    rules = name[i:]
    if rules and not _RULE_RE.match(rules):
        return None
    footer = f"<AAA>{std_txt}<BBB>{dst_txt}" + (rules or ",M3.2.0,M11.1.0")  # posixrules: US
    try:
        zi = zoneinfo.ZoneInfo.from_file(io.BytesIO(_tzif_bytes("AAA", -std_west, footer)), key=name)
    except (ValueError, OSError):
        return None
    tz = PgTz(name, zi)
    tz.abbrev_map = {"AAA": std, "BBB": dst}
    return tz


def pg_tzset(name: str) -> PgTz | None:
    """Look up a zone by name (case-insensitively, like PostgreSQL's
    pg_tzset), falling back to a POSIX zone string.  None if unknown."""
    if name in _tz_cache:
        return _tz_cache[name]
    result: PgTz | None = None
    if len(name) <= 255 and name:
        if name.upper() == "GMT" or name.upper() == "UTC":
            canon = _zone_names().get(name.lower(), name.upper())
            result = PgTz(canon, zoneinfo.ZoneInfo(canon))
        else:
            canon = _zone_names().get(name.lower())
            if canon is not None:
                try:
                    result = PgTz(canon, zoneinfo.ZoneInfo(canon))
                except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                    result = None
            if result is None and not name.startswith(":"):
                result = _parse_posix(name)
    _tz_cache[name] = result
    return result


_fixed_cache: dict[int, PgTz] = {}


def fixed_offset_tz(secs_east: int) -> PgTz:
    """pg_tzset_offset(): a zone with a constant offset (abbreviation as
    PostgreSQL prints it, e.g. '+03' or '-05:30')."""
    tz = _fixed_cache.get(secs_east)
    if tz is None:
        a = abs(secs_east)
        h, rem = divmod(a, 3600)
        m, s = divmod(rem, 60)
        sign = "+" if secs_east >= 0 else "-"
        ab = f"{sign}{h:02d}" + (f":{m:02d}" if m or s else "") + (f":{s:02d}" if s else "")
        tz = PgTz(f"<{ab}>{'-' if secs_east >= 0 else '+'}{h:02d}:{m:02d}:{s:02d}", None,
                  fixed=secs_east, fixed_abbrev=ab)
        _fixed_cache[secs_east] = tz
    return tz


def session_tz(settings) -> PgTz:
    """The session's TimeZone setting as a PgTz, resolved as PostgreSQL's
    check_timezone() does: a plain number is hours EAST of UTC (SQL sign
    convention), anything else a zone name or POSIX string (whose offsets
    use the POSIX convention, hours WEST).  Unknown names fall back to UTC
    (the GUC layer is expected to have rejected them already)."""
    name = settings.timezone
    tz = _session_cache.get(name)
    if tz is not None:
        return tz
    try:
        hours = float(name) if name.strip() == name and name[-1:].isdigit() else None
    except ValueError:
        hours = None
    if hours is not None and not name.lower().startswith(("inf", "nan")):
        tz = fixed_offset_tz(int(round(hours * 3600)))
    else:
        tz = pg_tzset(name) or pg_tzset("UTC")
    assert tz is not None
    _session_cache[name] = tz
    return tz


_session_cache: dict[str, PgTz] = {}


def lookup_abbrev(low: str) -> tuple[int, bool, str | None] | None:
    """A timezone_abbreviations entry: (secs east, is_dst, dynamic zone)."""
    return DEFAULT_ABBREVS.get(low[:10]) if len(low) <= 10 else DEFAULT_ABBREVS.get(low)


def _read_tzif(name: str) -> list[tuple[int, tuple[int, int, str]]]:
    """Parse the v2+ (64-bit) data block of a TZif file from the system tz
    database; [] if the file cannot be found or read."""
    for base in zoneinfo.TZPATH:
        path = os.path.join(base, name)
        if os.path.isfile(path):
            break
    else:
        return []
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    if data[:4] != b"TZif":
        return []

    def counts(off: int) -> tuple[int, ...]:
        return struct.unpack(">6l", data[off + 20:off + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    tsize = 4
    if data[4:5] >= b"2" and data[off:off + 4] == b"TZif":
        isut, isstd, leap, timecnt, typecnt, charcnt = counts(off)
        off += 44
        tsize = 8
    else:
        off = 44
    times = struct.unpack(f">{timecnt}{'q' if tsize == 8 else 'l'}", data[off:off + timecnt * tsize])
    off += timecnt * tsize
    idxs = data[off:off + timecnt]
    off += timecnt
    types = []
    for k in range(typecnt):
        gmtoff, isdst, abbrind = struct.unpack(">lbB", data[off + 6 * k:off + 6 * k + 6])
        types.append((gmtoff, isdst, abbrind))
    off += 6 * typecnt
    chars = data[off:off + charcnt]

    def info(k: int) -> tuple[int, int, str]:
        g, d, a = types[k]
        end = chars.find(b"\0", a)
        return g, d, chars[a:end].decode("ascii", "replace")
    out = [(-(2 ** 62), info(0))] if types else []
    out += [(times[k], info(idxs[k])) for k in range(timecnt)]
    return out

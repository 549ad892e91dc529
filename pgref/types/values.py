"""How SQL values are held in Python: the datum contract every layer shares.

Where it sits: a leaf of ``types/`` (spec/03-types.md, "Datum representation").
Every layer that touches values -- executor, heap tuples, wire protocol,
DB-API -- holds them exactly as this table says, so no layer converts.

    SQL type                     Python value
    ---------------------------  -------------------------------------------
    NULL (any type)              None
    bool                         bool
    int2 int4 int8 oid (reg*)    int
    float4 float8                float (float4 rounded to single precision)
    numeric                      decimal.Decimal; its exponent is the display
                                 scale ('1.50' keeps two digits); NaN and
                                 +/-Infinity are Decimal('NaN') / ('Infinity')
    text varchar bpchar name     str (bpchar holds its blank padding)
    "char"                       str of length 0 or 1
    bytea                        bytes
    date                         int, days since 2000-01-01 (PostgreSQL's
                                 DateADT); DATE_NOBEGIN / DATE_NOEND below
    time                         int, microseconds since midnight
    timetz                       TimeTz(micros, zone) -- zone in seconds WEST
                                 of UTC, as PostgreSQL stores it (+05 -> -18000)
    timestamp                    int, microseconds since 2000-01-01 00:00:00
    timestamptz                  int, microseconds since 2000-01-01 00:00:00 UTC
                                 (TIMESTAMP_NOBEGIN / TIMESTAMP_NOEND below)
    interval                     Interval(months, days, micros)
    uuid                         uuid.UUID
    arrays (int4[] ...)          PgArray: elements (a flat list in row-major
                                 order), dims (lengths), lbounds (lower bounds),
                                 elemtype (the element type's OID)
    unknown (string literal)     str
    record / composite           tuple
    jsonb                        Jsonb(root) (types/io/jsonb.py): root is
                                 None (JSON null), bool, Decimal, str, list,
                                 or dict in jsonb's canonical key order
                                 (length, then bytes); compares and hashes
                                 as jsonb_cmp
    inet cidr                    Inet(family, bits, addr) (types/io/network.py):
                                 family 2 = IPv4 / 3 = IPv6, addr 4 / 16 bytes
    macaddr macaddr8             MacAddr(addr) / MacAddr8(addr) (types/io/mac.py)
    pg_lsn                       int, 0 .. 2**64-1
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

POSTGRES_EPOCH_JDATE = 2451545          # Julian day of 2000-01-01
UNIX_EPOCH_JDATE = 2440588              # Julian day of 1970-01-01
USECS_PER_SEC = 1_000_000
USECS_PER_DAY = 86_400_000_000
SECS_PER_DAY = 86_400

DATE_NOBEGIN = -(2 ** 31)               # date '-infinity'
DATE_NOEND = 2 ** 31 - 1                # date 'infinity'
TIMESTAMP_NOBEGIN = -(2 ** 63)          # timestamp '-infinity'
TIMESTAMP_NOEND = 2 ** 63 - 1           # timestamp 'infinity'


class Interval(NamedTuple):
    """PostgreSQL's Interval: three fields that never borrow from each other
    (a month is not a fixed number of days, a day not always 24 hours)."""
    months: int
    days: int
    micros: int


class TimeTz(NamedTuple):
    """PostgreSQL's TimeTzADT: local time of day and the zone's offset in
    seconds west of Greenwich."""
    micros: int
    zone: int


@dataclass
class PgArray:
    """A PostgreSQL array value: a flat list of elements in row-major order
    plus the length and lower bound of each dimension.  An empty array has
    ``dims == []``."""
    elements: list[Any]
    dims: list[int] = field(default_factory=list)
    lbounds: list[int] = field(default_factory=list)
    elemtype: int = 0

    @classmethod
    def from_list(cls, items: list[Any], elemtype: int) -> "PgArray":
        """A one-dimensional array with lower bound 1."""
        items = list(items)
        return cls(items, [len(items)] if items else [], [1] if items else [], elemtype)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, PgArray) and self.elements == other.elements
                and self.dims == other.dims and self.lbounds == other.lbounds
                and self.elemtype == other.elemtype)

    def __hash__(self) -> int:
        return hash((tuple(self.elements), tuple(self.dims), tuple(self.lbounds)))

    def __iter__(self):
        """Iterating yields the elements in storage order (so a fixed-size
        transition state such as float8[] {N, Sx, Sxx} can be unpacked)."""
        return iter(self.elements)


@dataclass
class IOSettings:
    """The session settings that change how values are read and printed.
    The engine owns the real GUC table and keeps one of these in step with it;
    ``types/`` only reads it."""
    datestyle: str = "ISO, MDY"
    intervalstyle: str = "postgres"
    timezone: str = "UTC"
    extra_float_digits: int = 1
    bytea_output: str = "hex"
    standard_conforming_strings: bool = True


DEFAULT_SETTINGS = IOSettings()


# ---------------------------------------------------------------- ranges
# (appended for range and multirange types; spec/03-types.md, "Range types")
#
#    SQL type                     Python value
#    ---------------------------  -------------------------------------------
#    range (int4range, ...)       Range(typid, empty, lower, upper, lower_inc,
#                                 upper_inc): a bound of None is infinite; an
#                                 infinite bound is never inclusive; an empty
#                                 range has lower = upper = None and both
#                                 flags false; discrete types are held in
#                                 their canonical '[)' form
#    multirange                   Multirange(typid, ranges): a tuple of
#                                 non-empty Ranges, sorted, pairwise neither
#                                 overlapping nor adjacent
#
# Both carry their own type OID (like PgArray.elemtype and PostgreSQL's
# RangeType.rangetypid), so an operator can find the subtype's ordering.

@dataclass(frozen=True, slots=True)
class Range:
    """A range value, as PostgreSQL's deserialized RangeType (range_deserialize)."""
    typid: int
    empty: bool
    lower: Any = None
    upper: Any = None
    lower_inc: bool = False
    upper_inc: bool = False


@dataclass(frozen=True, slots=True)
class Multirange:
    """A multirange value: its type OID and its ranges in canonical form."""
    typid: int
    ranges: tuple = ()

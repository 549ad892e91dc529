"""What pgref knows about each range type: PostgreSQL's typcache range info.

Where it sits: ``types/ranges/`` (spec/03-types.md, "Range types").  Every
range operation needs, for the range's type, the subtype, the subtype's
btree ordering (``rngsubopc``'s comparison support function), the
canonical function of a discrete type and the multirange type -- what
PostgreSQL's ``lookup_type_cache(rngtypid, TYPECACHE_RANGE_INFO)`` gives.
The built-in ranges come from ``pg_range.csv`` (PostgreSQL 15's own rows);
user ranges (CREATE TYPE ... AS RANGE) are pushed here by the catalog with
:func:`set_user_ranges`, because range I/O also runs where no catalog is at
hand (the wire protocol's row encoder).

Entry points:
    RangeTypeInfo                        one pg_range row plus resolved helpers
    range_info(rngtypid) -> RangeTypeInfo    22023-ish internal error if not a range
    multirange_info(mltrngtypid) -> RangeTypeInfo (of its range type)
    is_range(oid) / is_multirange(oid)
    range_of_subtype / multirange_of / range_of_multirange
    set_user_ranges({rngtypid: dict})    the catalog's user ranges
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from pgref.errors import PgError

_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "catalog", "data")

# subtypes whose btree comparison is Python's own ordering of the datum
# (int2/int4/int8, oid, date, time, timestamp(tz)): no fmgr call needed
_NATIVE_ORDER = {20, 21, 23, 26, 1082, 1083, 1114, 1184}


@dataclass
class RangeTypeInfo:
    rngtypid: int
    subtype: int
    multirange: int
    collation: int = 0
    subopc: int = 0
    canonical: int = 0           # pg_proc OID (0 = continuous type)
    subdiff: int = 0
    cmp_proc: int = 0            # the subtype's btree comparison support function
    _cmp: Callable[[Any, Any], int] | None = field(default=None, repr=False)

    def cmp(self, a: Any, b: Any) -> int:
        """The subtype's btree comparison (rng_cmp_proc_finfo)."""
        f = self._cmp
        if f is None:
            f = self._cmp = _make_cmp(self)
        return f(a, b)


class _Ctx:
    from pgref.types.values import DEFAULT_SETTINGS as settings  # noqa: N813
    now = 0
    cat = None


def _make_cmp(info: RangeTypeInfo) -> Callable[[Any, Any], int]:
    if info.subtype in _NATIVE_ORDER:
        return lambda a, b: (a > b) - (a < b)
    if not info.cmp_proc:
        from pgref.types import registry
        raise PgError("42883", "could not identify a comparison function for type "
                      f"{registry.format_type(info.subtype)}")
    from pgref.types import fmgr, registry
    b = fmgr.lookup(registry.proc_src(info.cmp_proc))
    if b is None:
        raise PgError("0A000", f"comparison function {registry.proc_src(info.cmp_proc)} is not implemented")
    fn = b.fn
    if b.ctx:
        def cmp(x, y):
            # comparison functions that take a context (records, enums) may
            # consult the catalog: the one the I/O tables were last synced from
            from pgref.catalog import typedefs  # noqa: PLC0415 (lazy: catalog sits above types)
            ctx = _Ctx()
            ctx.cat = typedefs.last_synced()
            return fn(ctx, x, y)
        return cmp
    return fn


@lru_cache(maxsize=1)
def _btree_support() -> dict[int, int]:
    """opclass OID -> comparison support proc OID (amprocnum 1, same types)."""
    with open(os.path.join(_DATA, "pg_opclass.csv"), newline="") as f:
        opc = {int(r["oid"]): (int(r["opcfamily"]), int(r["opcintype"])) for r in csv.DictReader(f)}
    with open(os.path.join(_DATA, "pg_amproc.csv"), newline="") as f:
        procs = {(int(r["amprocfamily"]), int(r["amproclefttype"]), int(r["amprocrighttype"])): int(r["amproc"])
                 for r in csv.DictReader(f) if r["amprocnum"] == "1"}
    return {oid: procs.get((fam, t, t), 0) for oid, (fam, t) in opc.items()}


@lru_cache(maxsize=1)
def _builtin_ranges() -> dict[int, RangeTypeInfo]:
    out = {}
    with open(os.path.join(_DATA, "pg_range.csv"), newline="") as f:
        for r in csv.DictReader(f):
            info = RangeTypeInfo(int(r["rngtypid"]), int(r["rngsubtype"]), int(r["rngmultitypid"]),
                                 int(r["rngcollation"]), int(r["rngsubopc"]), int(r["rngcanonical"]),
                                 int(r["rngsubdiff"]))
            info.cmp_proc = _btree_support().get(info.subopc, 0)
            out[info.rngtypid] = info
    return out


_USER: dict[int, RangeTypeInfo] = {}
_MULTI: dict[int, int] = {}          # multirange OID -> range OID (user types)


def set_user_ranges(defs: dict[int, dict], forget=frozenset()) -> None:
    """Install a catalog's user range types: rngtypid -> the TypeDef's
    ``range`` dict (subtype, multirange, collation, subopc, canonical,
    subdiff, cmp), replacing those of the same OIDs and dropping the range
    types in ``forget`` (ones that catalog no longer has)."""
    for oid in set(forget) | set(defs):
        info = _USER.pop(oid, None)
        if info is not None:
            _MULTI.pop(info.multirange, None)
    for oid, d in defs.items():
        _USER[oid] = RangeTypeInfo(oid, d["subtype"], d["multirange"], d.get("collation", 0),
                                   d.get("subopc", 0), d.get("canonical", 0), d.get("subdiff", 0),
                                   d.get("cmp", 0))
        _MULTI[d["multirange"]] = oid


def builtin_infos() -> dict[int, RangeTypeInfo]:
    return _builtin_ranges()


def lookup(rngtypid: int) -> RangeTypeInfo | None:
    got = _builtin_ranges().get(rngtypid)
    return got if got is not None else _USER.get(rngtypid)


def range_info(rngtypid: int) -> RangeTypeInfo:
    got = lookup(rngtypid)
    if got is None:
        raise PgError("XX000", f"type {rngtypid} is not a range type")
    return got


def is_range(oid: int) -> bool:
    return lookup(oid) is not None


def range_of_multirange(mltrngtypid: int) -> int:
    for info in _builtin_ranges().values():
        if info.multirange == mltrngtypid:
            return info.rngtypid
    return _MULTI.get(mltrngtypid, 0)


def is_multirange(oid: int) -> bool:
    return range_of_multirange(oid) != 0


def multirange_info(mltrngtypid: int) -> RangeTypeInfo:
    r = range_of_multirange(mltrngtypid)
    if not r:
        raise PgError("XX000", f"type {mltrngtypid} is not a multirange type")
    return range_info(r)

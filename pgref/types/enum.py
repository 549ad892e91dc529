"""Enum types: labels, sort order, I/O, comparison and the enum support
functions (PostgreSQL's utils/adt/enum.c and catalog/pg_enum.c).

Where it sits: ``types/`` (spec/03-types.md, "Enums").  An enum value is held
as PostgreSQL holds it: the OID of its ``pg_enum`` row, a Python ``int``
(INV-TYPES-ENUM-1).  On disk it is that OID as a 4-byte unsigned integer,
exactly PostgreSQL's format.  Text I/O prints and reads the label; binary
I/O sends the label's bytes (enum_send / enum_recv).

Labels are ordered by ``enumsortorder`` (a float4), not by OID, so values
added later with ``ALTER TYPE ... ADD VALUE ... BEFORE/AFTER`` sort where
they were put (INV-TYPES-ENUM-2).  :func:`add_label_order` computes the
new label's sort order as PostgreSQL's AddEnumLabel() does: one more than
the last for a plain ADD VALUE, the float4 midpoint between two
neighbours otherwise, renumbering 1..n when float4 runs out of room.

The labels live in the catalog (``Catalog.enum_labels``: type OID ->
``[(label OID, sortorder, label)]``); the catalog pushes them here with
:func:`set_labels` whenever they change, because type output is also
called where no catalog is at hand (the wire protocol's row encoder).

Entry points:
    set_labels(enum_labels)            the catalog's picture, after each change
    label_of(oid) / lookup(typoid, label) / labels_in_order(typoid)
    add_label_order(existing, neighbor, after) -> (sortorder, renumbered?)
    fmgr builtins: enum_in enum_out enum_recv enum_send enum_eq enum_ne
    enum_lt enum_le enum_gt enum_ge enum_cmp enum_smaller enum_larger
    hashenum enum_first enum_last enum_range_all enum_range_bounds
"""
from __future__ import annotations

import struct
from typing import Any, Callable

from pgref.errors import (INVALID_TEXT_REPRESENTATION, OBJECT_NOT_IN_PREREQUISITE_STATE,
                          PgError)
from pgref.types.fmgr import builtin
from pgref.types.values import PgArray

# label OID -> (enum type OID, sort order, label)
_LABELS: dict[int, tuple[int, float, str]] = {}
# enum type OID -> {label: label OID}
_BY_TYPE: dict[int, dict[str, int]] = {}
# enum type OID -> label OIDs in sort order
_ORDERED: dict[int, list[int]] = {}
# label OIDs added by ALTER TYPE ... ADD VALUE -> "is the adding transaction
# still open?"; such a value may not be used until it has committed
UNSAFE: dict[int, Callable[[], bool]] = {}


def set_labels(enum_labels: dict[int, list[tuple[int, float, str]]], forget: set[int] = frozenset()) -> None:
    """Install a catalog's labels (INV-TYPES-ENUM-2: the order is the sort
    order), replacing those of the same types and dropping those of the
    types in ``forget`` (enums the catalog no longer has)."""
    for typoid in set(forget) | set(enum_labels):
        for oid in _BY_TYPE.pop(typoid, {}).values():
            _LABELS.pop(oid, None)
        _ORDERED.pop(typoid, None)
    for typoid, labels in enum_labels.items():
        _BY_TYPE[typoid] = {lab: oid for oid, _so, lab in labels}
        _ORDERED[typoid] = [oid for oid, _so, _lab in sorted(labels, key=lambda x: x[1])]
        for oid, so, lab in labels:
            _LABELS[oid] = (typoid, so, lab)


def label_of(oid: int) -> str:
    got = _LABELS.get(oid)
    if got is None:
        raise PgError("XX000", f"invalid internal value for enum: {oid}")
    return got[2]


def lookup(typoid: int, label: str) -> int | None:
    return _BY_TYPE.get(typoid, {}).get(label)


def labels_in_order(typoid: int) -> list[int]:
    return list(_ORDERED.get(typoid, []))


def sort_order(oid: int) -> float:
    got = _LABELS.get(oid)
    if got is None:
        raise PgError("XX000", f"invalid internal value for enum: {oid}")
    return got[1]


def _f4(x: float) -> float:
    """Round to float4, as the C code's float arithmetic does."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def add_label_order(existing: list[tuple[int, float, str]], neighbor: str | None,
                    after: bool) -> tuple[float, list[tuple[int, float, str]]]:
    """AddEnumLabel()'s choice of ``enumsortorder`` for a new label.
    Returns (new sort order, the existing labels -- renumbered 1..n if the
    float4 midpoint collapsed onto a neighbour, else unchanged).  The
    caller has checked that ``neighbor`` exists."""
    labels = sorted(existing, key=lambda x: x[1])
    if neighbor is None:
        return (labels[-1][1] + 1 if labels else 1.0), labels
    for _attempt in range(2):
        idx = next(i for i, x in enumerate(labels) if x[2] == neighbor)
        other = idx + 1 if after else idx - 1
        nbr = labels[idx][1]
        if other < 0:
            return nbr - 1, labels
        if other >= len(labels):
            return nbr + 1, labels
        oth = labels[other][1]
        mid = _f4(_f4(nbr + oth) / 2)
        if mid != nbr and mid != oth:
            return mid, labels
        # RenumberEnumType: 1, 2, 3 ... in the current order
        labels = [(oid, float(i + 1), lab) for i, (oid, _so, lab) in enumerate(labels)]
    raise PgError("XX000", "could not assign an enum sort order")


# ----------------------------------------------------------------- fmgr builtins

def _check_safe(oid: int) -> None:
    """check_safe_enum_use(): a value added to an existing enum in a
    transaction that has not committed may not be used yet."""
    still_open = UNSAFE.get(oid)
    if still_open is None:
        return
    if not still_open():
        del UNSAFE[oid]
        return
    if oid in _LABELS:
        typoid, _so, lab = _LABELS[oid]
        from pgref.types.registry import format_type
        raise PgError("55P04", f'unsafe use of new value "{lab}" of enum type {format_type(typoid)}',
                      hint="New enum values must be committed before they can be used.")


@builtin("enum_in", ctx=True)
def enum_in(ctx: Any, text: str, typioparam: int, typmod: int = -1) -> int:
    oid = _BY_TYPE.get(typioparam, {}).get(text)
    if oid is None:
        from pgref.types.registry import format_type
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input value for enum {format_type(typioparam)}: "{text}"')
    _check_safe(oid)
    return oid


@builtin("enum_out", ctx=True)
def enum_out(ctx: Any, value: int) -> str:
    return label_of(value)


@builtin("enum_recv", ctx=True)
def enum_recv(ctx: Any, data: bytes, typioparam: int, typmod: int = -1) -> int:
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise PgError("22021", 'invalid byte sequence for encoding "UTF8"') from None
    oid = _BY_TYPE.get(typioparam, {}).get(text)
    if oid is None:
        from pgref.types.registry import format_type
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input value for enum {format_type(typioparam)}: "{text}"')
    _check_safe(oid)
    return oid


@builtin("enum_send", ctx=True)
def enum_send(ctx: Any, value: int) -> bytes:
    return label_of(value).encode("utf-8")


def enum_cmp_internal(a: int, b: int) -> int:
    if a == b:
        return 0
    x, y = sort_order(a), sort_order(b)
    return (x > y) - (x < y)


@builtin("enum_cmp")
def enum_cmp(a: int, b: int) -> int:
    return enum_cmp_internal(a, b)


@builtin("enum_eq")
def enum_eq(a: int, b: int) -> bool:
    return a == b


@builtin("enum_ne")
def enum_ne(a: int, b: int) -> bool:
    return a != b


@builtin("enum_lt")
def enum_lt(a: int, b: int) -> bool:
    return enum_cmp_internal(a, b) < 0


@builtin("enum_le")
def enum_le(a: int, b: int) -> bool:
    return enum_cmp_internal(a, b) <= 0


@builtin("enum_gt")
def enum_gt(a: int, b: int) -> bool:
    return enum_cmp_internal(a, b) > 0


@builtin("enum_ge")
def enum_ge(a: int, b: int) -> bool:
    return enum_cmp_internal(a, b) >= 0


@builtin("enum_smaller")
def enum_smaller(a: int, b: int) -> int:
    return a if enum_cmp_internal(a, b) < 0 else b


@builtin("enum_larger")
def enum_larger(a: int, b: int) -> int:
    return a if enum_cmp_internal(a, b) > 0 else b


@builtin("hashenum")
def hashenum(a: int) -> int:
    """hashenum(): the OID hashed as hash_uint32 does (PostgreSQL hashes
    the OID, which is stable for a label)."""
    from pgref.types.funcs.misc_funcs import hash_uint32  # noqa: PLC0415 (sibling family)
    return hash_uint32(a)


def _enum_type(ctx: Any, argno: int) -> int:
    """The actual enum type of argument ``argno`` (get_fn_expr_argtype)."""
    types = getattr(ctx, "argtypes", None)
    if not types or argno >= len(types) or types[argno] not in _ORDERED:
        # a domain over an enum: strip it
        typ = types[argno] if types and argno < len(types) else 0
        cat = getattr(ctx, "cat", None)
        if typ and cat is not None:
            from pgref.analyzer.coerce import base_type
            typ = base_type(cat, typ)
            if typ in _ORDERED:
                return typ
        raise PgError("22023", "could not determine actual enum type")
    return types[argno]


def _safe_labels(typoid: int) -> list[int]:
    out = labels_in_order(typoid)
    for oid in out:
        _check_safe(oid)
    return out


@builtin("enum_first", ctx=True)
def enum_first(ctx: Any, _value: Any) -> int:
    typoid = _enum_type(ctx, 0)
    labels = labels_in_order(typoid)
    if not labels:
        from pgref.types.registry import format_type
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, f'enum {format_type(typoid)} contains no values')
    _check_safe(labels[0])
    return labels[0]


@builtin("enum_last", ctx=True)
def enum_last(ctx: Any, _value: Any) -> int:
    typoid = _enum_type(ctx, 0)
    labels = labels_in_order(typoid)
    if not labels:
        from pgref.types.registry import format_type
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, f'enum {format_type(typoid)} contains no values')
    _check_safe(labels[-1])
    return labels[-1]


@builtin("enum_range_all", ctx=True)
def enum_range_all(ctx: Any, _value: Any) -> PgArray:
    typoid = _enum_type(ctx, 0)
    return PgArray.from_list(_safe_labels(typoid), typoid)


@builtin("enum_range_bounds", ctx=True)
def enum_range_bounds(ctx: Any, lower: int | None, upper: int | None) -> PgArray:
    try:
        typoid = _enum_type(ctx, 0)
    except PgError:
        typoid = _enum_type(ctx, 1)
    out = []
    for oid in labels_in_order(typoid):
        if lower is not None and enum_cmp_internal(oid, lower) < 0:
            continue
        if upper is not None and enum_cmp_internal(oid, upper) > 0:
            continue
        _check_safe(oid)
        out.append(oid)
    return PgArray.from_list(out, typoid)

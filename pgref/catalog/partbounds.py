"""Partition keys and partition bounds: how a partitioned table splits its
rows, and the text PostgreSQL prints for it (PostgreSQL's partbounds.c,
partcache.c and the partition parts of ruleutils.c).

Where it sits: ``catalog/`` (spec/09-engine.md, "Declarative
partitioning").  A partitioned table (``pg_class.relkind 'p'``) carries a
:class:`PartitionKey` in ``Relation.partkey``; each partition carries its
:class:`PartitionBound` in ``Relation.partbound`` (``relpartbound``) and
names its parent in ``Relation.parents`` (the pg_inherits row).  Bound
datums are stored as evaluated values of the key columns' types, so that
routing a row (``executor/route.py``), pruning a scan
(``planner/planner.py``) and checking a new bound against its siblings
(``engine/partition.py``) compare values, never text.

Range bounds are lists of ``(kind, value)`` with kind -1 MINVALUE, 0 a
value, 1 MAXVALUE.  Comparison follows partition_rbound_cmp: datum by
datum, MINVALUE below every value below MAXVALUE; two infinite datums of
the same kind end the comparison (what follows is infinite too); equal
datums make a lower bound *greater* than an upper bound, since upper
bounds are exclusive (INV-PART-2: a range partition holds lower <= key <
upper, column by column in row-comparison order).

Entry points:
    key_comparators(ctx, key) -> list[cmp]        btree comparison per key column
    rbound_cmp(cmps, b1, lower1, b2, lower2) -> int
    row_in_bound(cmps, key, bound, key_values) -> bool
    bound_text(ioctx, cat, key, bound) -> str         pg_get_expr(relpartbound): 'FOR VALUES ...'
    partkey_def(cat, rel) -> str                      pg_get_partkeydef()
    constraint_text(session, rel) -> str | None       pg_get_partition_constraintdef()
    hash_row(key, values) -> int                      compute_partition_hash_value
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pgref.types import oids as T

MINVALUE, VALUE, MAXVALUE = -1, 0, 1
HASH_PARTITION_SEED = 0x7A5B22367996DCFD
_M64 = (1 << 64) - 1
_M32 = (1 << 32) - 1


@dataclass
class PartitionKey:
    """pg_partitioned_table: strategy 'r' / 'l' / 'h', one entry per key
    column: its attribute number (0 for an expression, whose raw tree is in
    ``exprs`` in order), type, typmod, collation and operator class."""
    strategy: str
    attnums: list[int]
    exprs: list[Any] = field(default_factory=list)
    types: list[int] = field(default_factory=list)
    typmods: list[int] = field(default_factory=list)
    collations: list[int] = field(default_factory=list)
    opclasses: list[int] = field(default_factory=list)
    opclass_names: list[str | None] = field(default_factory=list)   # written explicitly (shown by partkeydef)
    collation_names: list[str | None] = field(default_factory=list)
    default_oid: int = 0                     # partdefid: the default partition, 0 if none


@dataclass
class PartitionBound:
    """relpartbound: ``strategy`` 'r' / 'l' / 'h' or None with is_default."""
    strategy: str | None
    is_default: bool = False
    modulus: int = 0
    remainder: int = 0
    listdatums: list[Any] = field(default_factory=list)        # values (None = NULL)
    lower: list[tuple[int, Any]] = field(default_factory=list)
    upper: list[tuple[int, Any]] = field(default_factory=list)


def default_opclass(typ: int, am: str) -> int:
    """The default btree (403) / hash (405) operator class of a type (0 if none)."""
    from pgref.catalog import builtin
    method = 405 if am == "hash" else 403
    if typ in (T.VARCHAROID,):
        typ = T.TEXTOID
    for r in builtin.rows("pg_opclass"):
        if int(r["opcmethod"]) == method and int(r["opcintype"]) == typ and r["opcdefault"] == "t":
            return int(r["oid"])
    return 0


# ------------------------------------------------------------------ comparison
def btree_proc(cat, typ: int) -> int:
    """The btree comparison function of a key type: its own, its base
    type's, or the polymorphic array / enum one (0 if none)."""
    from pgref.analyzer import coerce as C
    got = cat.btree_cmp_proc(typ, typ)
    if not got:
        base = C.base_type(cat, typ)
        got = cat.btree_cmp_proc(base, base)
    if not got and C.is_array_type(cat, typ):
        got = cat.btree_cmp_proc(T.ANYARRAYOID, T.ANYARRAYOID)
    if not got and cat.typeinfo(typ) is not None and cat.typeinfo(typ).typtype == "e":
        got = cat.btree_cmp_proc(T.ANYENUMOID, T.ANYENUMOID)
    return got


class _Comparators(list):
    """Per-key-column comparison functions; for a HASH key also the
    per-column extended hash functions (``hashers``)."""
    hashers = None


def key_hashers(ctx, key: PartitionKey) -> list:
    """The extended hash function of each key column: PostgreSQL's own for
    the built-in classes, the class's support function 2 for a user hash
    operator class (CREATE OPERATOR CLASS ... USING hash)."""
    out = []
    opclasses = key.opclasses or [0] * len(key.types)
    for typ, opc in zip(key.types, opclasses):
        uc = ctx.cat.opclasses.get(opc) if opc else None
        if uc is None:
            out.append(lambda v, t=typ: _hash_datum(t, v))
            continue
        fam = ctx.cat.opfamilies.get(uc.family)
        proc = next((p.proc for p in (fam.procs if fam else []) if p.num == 2 and p.lefttype in (typ, uc.intype)),
                    0)
        if not proc:
            from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
            raise PgError(FEATURE_NOT_SUPPORTED, f'operator class "{uc.name}" has no extended hash function')
        from pgref.executor.expr import function_impl
        fn = function_impl(ctx, proc, (typ, T.INT8OID), rettype=T.INT8OID)[1]
        out.append(lambda v, fn=fn: (fn(v, HASH_PARTITION_SEED) or 0) & _M64)
    return out


def key_comparators(ctx, key: PartitionKey, hashers: bool = True) -> list:
    """``hashers=False``: without the hash functions (plan time, where a
    user hash function cannot be called: nothing is pruned by hash then)."""
    from pgref.types import fmgr, registry
    from pgref.types.composite import _field_compare
    out = _Comparators()
    if key.strategy == "h" and hashers:
        out.hashers = key_hashers(ctx, key)
    for t in key.types:
        proc = btree_proc(ctx.cat, t)
        fn = fmgr.lookup(registry.proc_src(proc)) if proc else None
        if fn is None:
            out.append(_field_compare(ctx, t))
        elif fn.ctx:
            out.append(lambda x, y, fn=fn: fn.fn(ctx, x, y))
        else:
            out.append(fn.fn)
    return out


def rbound_cmp(cmps, b1, lower1: bool, b2, lower2: bool) -> int:
    """partition_rbound_cmp: <0, 0, >0 as bound b1 sorts before, with, after b2."""
    result = 0
    for i, ((k1, v1), (k2, v2)) in enumerate(zip(b1, b2)):
        if k1 < k2:
            result = -1
            break
        if k1 > k2:
            result = 1
            break
        if k1 != VALUE:
            break                               # both infinite alike: the rest is infinite too
        c = cmps[i](v1, v2)
        if c:
            result = 1 if c > 0 else -1
            break
    if result == 0 and lower1 != lower2:
        result = 1 if lower1 else -1
    return result


def rbound_datum_cmp(cmps, bound, key_values) -> int:
    """partition_rbound_datum_cmp: a bound against a row's key values."""
    for i, (k, v) in enumerate(bound):
        if k == MINVALUE:
            return -1
        if k == MAXVALUE:
            return 1
        c = cmps[i](v, key_values[i])
        if c:
            return 1 if c > 0 else -1
    return 0


def row_in_bound(cmps, key: PartitionKey, bound: PartitionBound, key_values) -> bool:
    """Does a non-default partition with ``bound`` accept this key?"""
    if bound.strategy == "l":
        v = key_values[0]
        if v is None:
            return any(d is None for d in bound.listdatums)
        return any(d is not None and cmps[0](d, v) == 0 for d in bound.listdatums)
    if bound.strategy == "r":
        if any(v is None for v in key_values):
            return False
        return rbound_datum_cmp(cmps, bound.lower, key_values) <= 0 < rbound_datum_cmp(cmps, bound.upper,
                                                                                       key_values)
    if bound.strategy == "h":
        hs = getattr(cmps, "hashers", None)
        if hs is None and any(key.opclasses) and any(o >= 16384 for o in key.opclasses):
            from pgref.errors import INTERNAL_ERROR, PgError
            raise PgError(INTERNAL_ERROR, "hash partition routing without the operator class's hash functions")
        return hash_row(key, key_values, hs) % bound.modulus == bound.remainder
    return False


# ------------------------------------------------------------------ hashing
def _rot(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M32


def _mix(a, b, c):
    a = (a - c) & _M32; a ^= _rot(c, 4); c = (c + b) & _M32
    b = (b - a) & _M32; b ^= _rot(a, 6); a = (a + c) & _M32
    c = (c - b) & _M32; c ^= _rot(b, 8); b = (b + a) & _M32
    a = (a - c) & _M32; a ^= _rot(c, 16); c = (c + b) & _M32
    b = (b - a) & _M32; b ^= _rot(a, 19); a = (a + c) & _M32
    c = (c - b) & _M32; c ^= _rot(b, 4); b = (b + a) & _M32
    return a, b, c


def _final(a, b, c):
    c ^= b; c = (c - _rot(b, 14)) & _M32
    a ^= c; a = (a - _rot(c, 11)) & _M32
    b ^= a; b = (b - _rot(a, 25)) & _M32
    c ^= b; c = (c - _rot(b, 16)) & _M32
    a ^= c; a = (a - _rot(c, 4)) & _M32
    b ^= a; b = (b - _rot(a, 14)) & _M32
    c ^= b; c = (c - _rot(b, 24)) & _M32
    return a, b, c


def hash_uint32_extended(k: int, seed: int) -> int:
    """hashfn.c's hash_uint32_extended (Bob Jenkins' lookup3, one word)."""
    a = b = c = (0x9e3779b9 + 4 + 3923095) & _M32
    if seed:
        a = (a + (seed >> 32)) & _M32
        b = (b + (seed & _M32)) & _M32
        a, b, c = _mix(a, b, c)
    a = (a + (k & _M32)) & _M32
    a, b, c = _final(a, b, c)
    return (b << 32) | c


def hash_bytes_extended(data: bytes, seed: int) -> int:
    """hashfn.c's hash_bytes_extended (lookup3 over a byte string, read as
    little-endian 32-bit words as on the x86-64 machines PostgreSQL runs on)."""
    n = len(data)
    a = b = c = (0x9e3779b9 + n + 3923095) & _M32
    if seed:
        a = (a + (seed >> 32)) & _M32
        b = (b + (seed & _M32)) & _M32
        a, b, c = _mix(a, b, c)
    i = 0
    while n - i >= 12:
        a = (a + int.from_bytes(data[i:i + 4], "little")) & _M32
        b = (b + int.from_bytes(data[i + 4:i + 8], "little")) & _M32
        c = (c + int.from_bytes(data[i + 8:i + 12], "little")) & _M32
        a, b, c = _mix(a, b, c)
        i += 12
    rest = data[i:]
    r = len(rest)
    # the tail: c's low byte is reserved for the length, so bytes 8..10 go above it
    if r >= 9:
        c = (c + (int.from_bytes(rest[8:11].ljust(3, b"\0"), "little") << 8)) & _M32
    if r >= 5:
        b = (b + int.from_bytes(rest[4:8].ljust(4, b"\0"), "little")) & _M32
    if r >= 1:
        a = (a + int.from_bytes(rest[0:4].ljust(4, b"\0"), "little")) & _M32
    a, b, c = _final(a, b, c)
    return (b << 32) | c


def _hash_datum(typ: int, v) -> int:
    if typ in (T.INT2OID, T.INT4OID):
        return hash_uint32_extended(v & _M32, HASH_PARTITION_SEED)
    if typ == T.INT8OID:
        lo, hi = v & _M32, (v >> 32) & _M32
        lo ^= hi if v >= 0 else (~hi & _M32)
        return hash_uint32_extended(lo, HASH_PARTITION_SEED)
    if typ == T.BOOLOID:
        return hash_uint32_extended(1 if v else 0, HASH_PARTITION_SEED)
    if typ in (T.TEXTOID, T.VARCHAROID, T.NAMEOID):
        return hash_bytes_extended(v.encode(), HASH_PARTITION_SEED)
    if typ == T.BPCHAROID:
        return hash_bytes_extended(v.rstrip(" ").encode(), HASH_PARTITION_SEED)
    from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
    from pgref.types.registry import format_type
    raise PgError(FEATURE_NOT_SUPPORTED, f"hash partitioning on type {format_type(typ)} is not supported yet")


def hash_row(key: PartitionKey, values, hashers=None) -> int:
    """compute_partition_hash_value: the key columns' extended hashes
    (seed HASH_PARTITION_SEED) folded with hash_combine64; NULLs skipped."""
    row = 0
    for i, (typ, v) in enumerate(zip(key.types, values)):
        if v is None:
            continue
        h = hashers[i](v) if hashers is not None else _hash_datum(typ, v)
        row ^= (h + 0x49a0f4dd15e5a8e3 + ((row << 54) & _M64) + (row >> 7)) & _M64
        row &= _M64
    return row


# ------------------------------------------------------------------ text
def const_text(ioctx, cat, typ: int, typmod: int, value, showtype: int) -> str:
    """get_const_expr: bare non-negative int4s, true/false and numerics with
    a point; other values quoted, with a ``::type`` label unless showtype < 0."""
    from pgref.types.registry import type_output
    if value is None:
        return "NULL" if showtype < 0 else f"NULL::{cat.format_type(typ, typmod)}"
    text = type_output(ioctx, typ, value)
    needlabel = True
    if typ == T.INT4OID and not text.startswith("-"):
        out, needlabel = text, False
    elif typ == T.INT4OID:
        out = f"'{text}'"
    elif typ == T.NUMERICOID and text[:1].isdigit() and any(ch in text for ch in "eE."):
        out, needlabel = text, typmod >= 0
    elif typ == T.NUMERICOID:
        out = f"'{text}'"
    elif typ == T.BOOLOID:
        out, needlabel = ("true" if value else "false"), False
    else:
        out = "'" + text.replace("'", "''") + "'"
        if "\\" in text:
            out = "E" + out.replace("\\", "\\\\")
    if showtype < 0 or not needlabel:
        return out
    return f"{out}::{cat.format_type(typ, typmod)}"


def _datum_text(ioctx, cat, key, i, kind_value) -> str:
    kind, v = kind_value
    if kind == MINVALUE:
        return "MINVALUE"
    if kind == MAXVALUE:
        return "MAXVALUE"
    return const_text(ioctx, cat, key.types[i], key.typmods[i], v, -1)


def range_bound_text(ioctx, cat, key, datums) -> str:
    """get_range_partbound_string: ``(1, MAXVALUE)``."""
    return "(" + ", ".join(_datum_text(ioctx, cat, key, i, d) for i, d in enumerate(datums)) + ")"


def bound_text(ioctx, cat, key: PartitionKey, bound: PartitionBound) -> str:
    """pg_get_expr(relpartbound): ``FOR VALUES ...`` or ``DEFAULT``."""
    if bound.is_default:
        return "DEFAULT"
    if bound.strategy == "h":
        return f"FOR VALUES WITH (modulus {bound.modulus}, remainder {bound.remainder})"
    if bound.strategy == "l":
        return "FOR VALUES IN (" + ", ".join(const_text(ioctx, cat, key.types[0], key.typmods[0], v, -1)
                                             for v in bound.listdatums) + ")"
    return (f"FOR VALUES FROM {range_bound_text(ioctx, cat, key, bound.lower)} "
            f"TO {range_bound_text(ioctx, cat, key, bound.upper)}")


def _key_col_text(cat, rel, key: PartitionKey, i: int) -> str:
    """A key column as a partition constraint shows it (a column name, or
    the expression in parentheses)."""
    from pgref.catalog.deparse import deparse_expr
    from pgref.types.registry import quote_identifier
    if key.attnums[i]:
        return quote_identifier(rel.columns[key.attnums[i] - 1].name)
    e = key.exprs[sum(1 for a in key.attnums[:i] if a == 0)]
    return deparse_expr(e, rel)


def partkey_def(cat, rel) -> str:
    """pg_get_partkeydef: ``RANGE (a, ((a + 1)))``."""
    from pgref.catalog.deparse import deparse_expr
    from pgref.types.registry import quote_identifier
    key = rel.partkey
    parts = []
    e_i = 0
    for i, a in enumerate(key.attnums):
        if a:
            s = quote_identifier(rel.columns[a - 1].name)
        else:
            e = key.exprs[e_i]
            e_i += 1
            from pgref.sql import ast as A
            s = deparse_expr(e, rel)
            if not isinstance(e, A.FuncCall):
                s = f"({s})"
        # a collation other than the column's, an operator class other than the type's default
        if key.collation_names and key.collation_names[i] not in (None, "default"):
            s += f' COLLATE "{key.collation_names[i]}"'
        if key.opclass_names and key.opclass_names[i] and key.opclasses[i] != default_opclass(
                key.types[i], "hash" if key.strategy == "h" else "btree"):
            s += " " + key.opclass_names[i]
        parts.append(s)
    word = {"r": "RANGE", "l": "LIST", "h": "HASH"}[key.strategy]
    return f"{word} ({', '.join(parts)})"


def _range_quals(ioctx, cat, parent, key, bound, cmps) -> list[str]:
    """get_qual_for_range for one non-default range partition."""
    cols = [_key_col_text(cat, parent, key, i) for i in range(len(key.attnums))]
    out = [f"({c} IS NOT NULL)" for c in cols]

    def const(i, v):
        return const_text(ioctx, cat, key.types[i], key.typmods[i], v, 0)
    lo, up = bound.lower, bound.upper
    n = len(cols)
    i = 0
    while i < n:
        if lo[i][0] != VALUE or up[i][0] != VALUE or cmps[i](lo[i][1], up[i][1]) != 0:
            break
        out.append(f"({cols[i]} = {const(i, lo[i][1])})")
        i += 1
    lower_arms, upper_arms = [], []
    need_lower = need_upper = True
    arm = 0
    while arm < n - i:
        la, ua = [], []
        j = i
        while j < n:
            lval = lo[j][1] if lo[j][0] == VALUE else None
            uval = up[j][1] if up[j][0] == VALUE else None
            lnext = lo[j + 1] if j + 1 < n else None
            unext = up[j + 1] if j + 1 < n else None
            if need_lower and lo[j][0] == VALUE:
                if j - i < arm:
                    op = "="
                elif j == n - 1 or (lnext is not None and lnext[0] == MINVALUE):
                    op = ">="
                else:
                    op = ">"
                la.append(f"({cols[j]} {op} {const(j, lval)})")
            if need_upper and up[j][0] == VALUE:
                if j - i < arm:
                    op = "="
                elif unext is not None and unext[0] == MAXVALUE:
                    op = "<="
                else:
                    op = "<"
                ua.append(f"({cols[j]} {op} {const(j, uval)})")
            j += 1
            if j - i > arm:
                if lo[j - 1][0] != VALUE or lnext is None or lnext[0] != VALUE:
                    need_lower = False
                if up[j - 1][0] != VALUE or unext is None or unext[0] != VALUE:
                    need_upper = False
                break
        if la:
            lower_arms.append(la[0] if len(la) == 1 else "(" + " AND ".join(la) + ")")
        if ua:
            upper_arms.append(ua[0] if len(ua) == 1 else "(" + " AND ".join(ua) + ")")
        if not need_lower and not need_upper:
            break
        arm += 1
    for arms in (lower_arms, upper_arms):
        if arms:
            out.append(arms[0] if len(arms) == 1 else "(" + " OR ".join(arms) + ")")
    return out


def _list_qual(ioctx, cat, parent, key, datums) -> str:
    """get_qual_for_list's expression for a set of list datums."""
    col = _key_col_text(cat, parent, key, 0)
    has_null = any(d is None for d in datums)
    vals = [const_text(ioctx, cat, key.types[0], key.typmods[0], d, 0) for d in datums if d is not None]
    if not vals:
        return f"({col} IS NULL)"
    from pgref.analyzer.coerce import is_array_type
    if len(vals) > 1 and is_array_type(cat, key.types[0]):
        # an array key: one equality per value (no ANY over an array of arrays)
        test = "(" + " OR ".join(f"({col} = {v})" for v in vals) + ")"
    elif len(vals) == 1:
        test = f"({col} = {vals[0]})"
    else:
        test = f"({col} = ANY (ARRAY[{', '.join(vals)}]))"
    if has_null:
        return f"(({col} IS NULL) OR {test})"
    return f"(({col} IS NOT NULL) AND {test})"


def own_quals(session, rel) -> list[str] | None:
    """The partition constraint ``rel``'s own bound implies (without its
    ancestors'), as implicitly ANDed terms; None when there is none."""
    cat = session.db.cat
    bound = rel.partbound
    parent = cat.relations[rel.parents[0]]
    key = parent.partkey
    ioctx = session.settings.io
    cmps = key_comparators(session.exec_context(), key)
    if bound.strategy == "h":
        args = ", ".join(_key_col_text(cat, parent, key, i) for i in range(len(key.attnums)))
        return [f"satisfies_hash_partition('{parent.oid}'::oid, {bound.modulus}, {bound.remainder}, {args})"]
    if bound.strategy == "l":
        q = _list_qual(ioctx, cat, parent, key, bound.listdatums)
        if q.startswith("((") and " IS NOT NULL) AND " in q and not any(d is None for d in bound.listdatums):
            # get_qual_for_list's two implicitly ANDed terms: the NOT NULL test, then the match
            col_test, rest = q[1:-1].split(" AND ", 1)
            return [col_test, rest]
        return [q]
    if bound.strategy == "r":
        return _range_quals(ioctx, cat, parent, key, bound, cmps)
    # the default partition: none of its siblings' constraints
    siblings = [r for r in cat.relations.values() if r.parents[:1] == [parent.oid] and r.oid != rel.oid
                and getattr(r, "partbound", None) is not None and not r.partbound.is_default]
    if not siblings:
        return None
    if key.strategy == "l":
        datums = [d for s in sorted(siblings, key=lambda r: r.oid) for d in s.partbound.listdatums]
        datums = _sorted_list_datums(cmps, datums)
        return [f"(NOT {_list_qual(ioctx, cat, parent, key, datums)})"]
    arms = []
    for s in sorted_range_partitions(cmps, siblings):
        q = _range_quals(ioctx, cat, parent, key, s.partbound, cmps)
        arms.append(q[0] if len(q) == 1 else "(" + " AND ".join(q) + ")")
    inner = arms[0] if len(arms) == 1 else "(" + " OR ".join(arms) + ")"
    return [f"(NOT {inner})"]


def _sorted_list_datums(cmps, datums):
    import functools
    vals = [d for d in datums if d is not None]
    vals.sort(key=functools.cmp_to_key(cmps[0]))
    return vals + [None] * (len(datums) - len(vals))


def sorted_range_partitions(cmps, parts):
    import functools
    return sorted(parts, key=functools.cmp_to_key(
        lambda a, b: rbound_cmp(cmps, a.partbound.lower, True, b.partbound.lower, True)))


def ordered_partitions(cmps, key: PartitionKey, parts) -> list:
    """A table's partitions in PostgreSQL's PartitionDesc order (the order
    scans visit them): range by lower bound, list by smallest value (a
    NULL-only partition after those), hash by (modulus, remainder); the
    DEFAULT partition last."""
    import functools
    default = [p for p in parts if p.partbound.is_default]
    rest = [p for p in parts if not p.partbound.is_default]
    if key.strategy == "r":
        rest = sorted_range_partitions(cmps, rest)
    elif key.strategy == "h":
        rest = sorted(rest, key=lambda p: (p.partbound.modulus, p.partbound.remainder))
    else:
        with_values = [p for p in rest if any(d is not None for d in p.partbound.listdatums)]
        only_null = [p for p in rest if p not in with_values]

        def smallest(p):
            vals = [d for d in p.partbound.listdatums if d is not None]
            return functools.reduce(lambda a, b: a if cmps[0](a, b) <= 0 else b, vals)
        with_values.sort(key=functools.cmp_to_key(lambda a, b: cmps[0](smallest(a), smallest(b))))
        rest = with_values + only_null
    return rest + default


def constraint_text(session, rel) -> str | None:
    """pg_get_partition_constraintdef: the ancestors' constraints, then the
    partition's own, ANDed (generate_partition_qual)."""
    if getattr(rel, "partbound", None) is None:
        return None
    cat = session.db.cat
    chain = []
    r = rel
    while getattr(r, "partbound", None) is not None:
        chain.append(r)
        r = cat.relations[r.parents[0]]
    terms: list[str] = []
    for r in reversed(chain):
        got = own_quals(session, r)
        if got:
            terms.extend(got)
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    return "(" + " AND ".join(terms) + ")"


__all__ = ["PartitionKey", "PartitionBound", "MINVALUE", "VALUE", "MAXVALUE", "key_comparators", "rbound_cmp",
           "rbound_datum_cmp", "row_in_bound", "hash_row", "const_text", "bound_text", "range_bound_text",
           "partkey_def", "constraint_text", "own_quals", "sorted_range_partitions", "ordered_partitions"]

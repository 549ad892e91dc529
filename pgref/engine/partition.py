"""Declarative partitioning DDL: CREATE TABLE ... PARTITION BY, CREATE
TABLE ... PARTITION OF, ALTER TABLE ... ATTACH / DETACH PARTITION
(PostgreSQL's tablecmds.c: ComputePartitionAttrs, DefineRelation's
partition branch, ATExecAttachPartition, ATExecDetachPartition;
parse_utilcmd.c: transformPartitionSpec, transformPartitionBound;
partbounds.c: check_new_partition_bound, check_default_partition_contents).

Where it sits: ``engine/`` (spec/09-engine.md, "Declarative
partitioning").  A partitioned table is an ordinary ``Relation`` of kind
'r' whose ``partkey`` is set (pg_class shows relkind 'p'); a partition is a
table whose ``partbound`` is set and whose single parent (``parents[0]``,
the pg_inherits row) is the partitioned table.  Partitions get their
parent's columns through the inheritance machinery (engine/inherit.py);
queries reach them through the planner's Append, rows reach them through
``executor/route.py``.

Invariants (spec/09-engine.md):
  INV-PART-1  a partitioned table stores no rows: every row inserted
              through it lands in exactly one leaf partition.
  INV-PART-2  the bounds of a table's partitions never overlap; at most
              one is DEFAULT (none for HASH); a new bound is refused
              (42P17) when it overlaps a sibling's or when rows of the
              DEFAULT partition would belong to it.
  INV-PART-3  every row of a partition satisfies its partition
              constraint (its bound and its ancestors'): direct writes
              are checked, ATTACH validates existing rows.

Entry points:
    partition_key(session, rel, spec) -> PartitionKey          (CREATE TABLE ... PARTITION BY)
    prepare_partition_of(session, parent, rel)                 (CREATE TABLE ... PARTITION OF, before columns)
    column_options(builder, cd)                                (a partition's ``(a NOT NULL, ...)`` list)
    bind_bound(session, parent, rel, spec)                     (transform + check + store the bound)
    attach_partition(session, parent, cmd) / detach_partition(session, parent, cmd)
"""
from __future__ import annotations

from pgref.catalog import partbounds as PB
from pgref.catalog.inheritance import column_map, find_all_inheritors, inheritance_children
from pgref.errors import (CHECK_VIOLATION, DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, INVALID_OBJECT_DEFINITION,
                          INVALID_TABLE_DEFINITION, UNDEFINED_COLUMN, UNDEFINED_OBJECT, WRONG_OBJECT_TYPE,
                          PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

_STRATEGY = {"range": "r", "list": "l", "hash": "h"}
_WORD = {"r": "range", "l": "list", "h": "hash"}


def _raw_nodes(raw):
    """Every node of a raw expression, pre-order (subqueries not entered)."""
    import dataclasses
    stack = [raw]
    while stack:
        n = stack.pop()
        if isinstance(n, A.Node):
            yield n
            if isinstance(n, A.SubLink):
                continue
            kids = [getattr(n, f.name) for f in dataclasses.fields(n)]
            stack.extend(reversed(kids))
        elif isinstance(n, (tuple, list)):
            stack.extend(reversed(n))


def _pos(loc) -> int | None:
    return loc + 1 if loc is not None and loc >= 0 else None


def is_partitioned(rel) -> bool:
    return getattr(rel, "partkey", None) is not None


# ------------------------------------------------------------------ PARTITION BY
def partition_key(session, rel, spec: A.PartitionSpec) -> PB.PartitionKey:
    """ComputePartitionAttrs: resolve each key column or expression of
    ``PARTITION BY`` against the new table's columns."""
    from pgref.analyzer.funcs import _walk
    from pgref.analyzer import nodes as N
    from pgref.analyzer.parse_state import table_parse_state
    cat = session.db.cat
    strategy = _STRATEGY[spec.strategy]
    if strategy == "l" and len(spec.part_params) > 1:
        raise PgError(INVALID_OBJECT_DEFINITION, 'cannot use "list" partition strategy with more than one column')
    key = PB.PartitionKey(strategy, [])
    for elem in spec.part_params:
        if elem.name is not None:
            col = rel.column(elem.name)
            if col is None:
                from pgref.analyzer.parse_state import SYSTEM_COLUMNS
                if elem.name in SYSTEM_COLUMNS:
                    raise PgError(INVALID_OBJECT_DEFINITION, f'cannot use system column "{elem.name}" in '
                                  "partition key", position=_pos(elem.location))
                raise PgError(UNDEFINED_COLUMN, f'column "{elem.name}" named in partition key does not exist',
                              position=_pos(elem.location))
            key.attnums.append(col.attnum)
            typ, typmod = col.typ, col.typmod
        else:
            if any(isinstance(n, A.SubLink) for n in _raw_nodes(elem.expr)):
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in partition key expression")
            ea = session.expr_analyzer()
            ps = table_parse_state(rel)
            ps.agg_allowed = "partition key expressions"
            try:
                e = ea.transform(ps, elem.expr)
            except PgError as err:
                if "not allowed in partition key expressions" in err.message:
                    err.position = None        # PostgreSQL reports these without a position
                raise
            nodes = list(_walk([e]))
            if any(isinstance(x, N.FuncExpr) and getattr(x, "retset", False) for x in nodes):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "set-returning functions are not allowed in partition key expressions")
            if ps.has_sublinks or any(isinstance(x, N.SubLink) for x in nodes):
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in partition key expression")
            from pgref.analyzer.expr import expr_type as _etype
            t0 = _etype(e)
            ti = cat.typeinfo(t0)
            if t0 == T.UNKNOWNOID or (ti is not None and ti.typtype == "p"):
                raise PgError(INVALID_TABLE_DEFINITION, f"partition key column {len(key.attnums) + 1} has pseudo-type "
                              f"{cat.format_type(t0)}")
            if any(isinstance(x, N.Var) and x.varattno < 0 for x in nodes):
                raise PgError(INVALID_OBJECT_DEFINITION,
                              "partition key expressions cannot contain system column references")
            from pgref.analyzer.sqlfuncs import _max_volatility
            if _max_volatility(cat, e) > 0:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              "functions in partition key expression must be marked IMMUTABLE")
            if not any(isinstance(x, N.Var) for x in nodes):
                raise PgError(INVALID_OBJECT_DEFINITION, "cannot use constant expression as partition key")
            if isinstance(elem.expr, A.ColumnRef) and len(elem.expr.fields) == 1:
                # PARTITION BY ((a)): a plain column after all
                key.attnums.append(rel.column(elem.expr.fields[0]).attnum)
                typ, typmod = rel.column(elem.expr.fields[0]).typ, rel.column(elem.expr.fields[0]).typmod
            else:
                key.attnums.append(0)
                key.exprs.append(elem.expr)
                from pgref.analyzer.expr import expr_type, expr_typmod
                typ, typmod = expr_type(e), expr_typmod(e)
        am = "hash" if strategy == "h" else "btree"
        if elem.opclass:
            key.opclass_names.append(".".join(elem.opclass))
            key.opclasses.append(_lookup_opclass(session, elem.opclass[-1], am, typ))
        else:
            key.opclass_names.append(None)
            if am == "btree" and not PB.btree_proc(cat, typ):
                if True:
                    raise PgError(UNDEFINED_OBJECT, f"data type {cat.format_type(typ)} has no default operator "
                                  'class for access method "btree"',
                                  hint="You must specify a btree operator class or define a default btree "
                                       "operator class for the data type.")
            key.opclasses.append(0)
        if elem.collation:
            coll = elem.collation[-1]
            if coll not in ("C", "POSIX", "default", "ucs_basic"):
                raise PgError(FEATURE_NOT_SUPPORTED, f'collation "{coll}" is not supported; pgref compares '
                              'strings in the "C" collation')
            key.collation_names.append(coll)
        else:
            key.collation_names.append(None)
        key.types.append(typ)
        key.typmods.append(typmod)
        key.collations.append(100 if typ in (T.TEXTOID, T.VARCHAROID, T.BPCHAROID, T.NAMEOID) else 0)
    return key


def _lookup_opclass(session, name: str, am: str, typ: int) -> int:
    """A built-in operator class by name for btree (403) or hash (405);
    its type must be the key's (pgref compares with the type's default
    comparison, which every built-in btree class of a type agrees with
    in the "C" collation)."""
    from pgref.catalog import builtin
    method = 405 if am == "hash" else 403
    cat = session.db.cat
    for r in builtin.rows("pg_opclass"):
        if r["opcname"] == name and int(r["opcmethod"]) == method:
            if int(r["opcintype"]) != typ and not _binary_coercible(cat, typ, int(r["opcintype"])):
                raise PgError(DATATYPE_MISMATCH, f'operator class "{name}" of access method {am} does not '
                              f"accept data type {cat.format_type(typ)}")
            return int(r["oid"])
    for oc in cat.opclasses.values():
        if oc.name == name and oc.method == method:
            if method == 405:
                return oc.oid        # a user hash class: its support function 2 hashes (catalog/partbounds.py)
            # a user btree class would order the bounds by its own comparison -- not done yet
            raise PgError(FEATURE_NOT_SUPPORTED, f'operator class "{name}" in a partition key is not supported yet')
    raise PgError(UNDEFINED_OBJECT, f'operator class "{name}" does not exist for access method "{am}"')


def _binary_coercible(cat, source: int, target: int) -> bool:
    from pgref.analyzer.coerce import IMPLICIT, RELABEL, find_coercion_pathway
    try:
        return find_coercion_pathway(cat, target, source, IMPLICIT)[0] == RELABEL
    except PgError:
        return False


def check_alter_command(rel, cmd) -> None:
    """ALTER TABLE commands a partition or partitioned table refuses (42809)."""
    if rel.partbound is not None and cmd.subtype == "add_column":
        raise PgError(WRONG_OBJECT_TYPE, "cannot add column to a partition")
    if cmd.subtype in ("add_inherit", "drop_inherit"):
        if rel.partbound is not None:
            raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of a partition")
        if rel.partkey is not None:
            raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of partitioned table")
    check_alter_column(rel, cmd)


def check_alter_column(rel, cmd) -> None:
    """A partition key column cannot be dropped or retyped (42P16)."""
    if rel.partkey is None or cmd.subtype not in ("drop_column", "alter_column_type"):
        return
    col = rel.column(cmd.name)
    if col is None:
        return
    used = col.attnum in rel.partkey.attnums
    if not used and rel.partkey.exprs:
        from pgref.engine.ddl import _referenced_columns
        used = any(col.name in _referenced_columns(e) for e in rel.partkey.exprs)
    if used:
        verb = "drop" if cmd.subtype == "drop_column" else "alter"
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot {verb} column "{col.name}" because it is part of the '
                      f'partition key of relation "{rel.name}"')


def check_no_inherit(rel, constraints) -> None:
    for con in constraints:
        if getattr(con, "contype", None) == "check" and con.is_no_inherit:
            raise PgError(INVALID_TABLE_DEFINITION, f'cannot add NO INHERIT constraint to partitioned table '
                          f'"{rel.name}"')


def check_unique_covers_key(rel, con_kind: str, attnums: list[int]) -> None:
    """A unique constraint or primary key on a partitioned table must
    include every partition key column (0A000)."""
    key = rel.partkey
    what = "PRIMARY KEY" if con_kind == "p" else "UNIQUE"
    for a in key.attnums:
        if a == 0:
            raise PgError(FEATURE_NOT_SUPPORTED, f"unsupported {what} constraint with partition key definition",
                          detail=f"{what} constraints cannot be used when partition keys include expressions.")
        if a not in attnums:
            raise PgError(FEATURE_NOT_SUPPORTED, "unique constraint on partitioned table must include all "
                          "partitioning columns",
                          detail=f'{what} constraint on table "{rel.name}" lacks column '
                                 f'"{rel.columns[a - 1].name}" which is part of the partition key.')


# ------------------------------------------------------------------ PARTITION OF
def prepare_partition_of(session, parent, rel) -> None:
    """Checks DefineRelation makes before a partition takes its parent's columns."""
    if not is_partitioned(parent):
        raise PgError(INVALID_OBJECT_DEFINITION, f'"{parent.name}" is not partitioned')
    if parent.persistence == "t" and rel.persistence != "t":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot create a permanent relation as partition of temporary relation '
                      f'"{parent.name}"')
    if parent.persistence != "t" and rel.persistence == "t":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot create a temporary relation as partition of permanent relation '
                      f'"{parent.name}"')


def column_options(builder, cd: A.ColumnDef) -> None:
    """``CREATE TABLE p PARTITION OF t (a NOT NULL, b DEFAULT 1, ...)``: the
    options apply to the inherited column of that name."""
    col = builder.rel.column(cd.colname)
    if col is None:
        raise PgError(UNDEFINED_COLUMN, f'column "{cd.colname}" does not exist')
    if col.islocal:
        raise PgError("42701", f'column "{cd.colname}" specified more than once')
    col.islocal = True
    if any(c.contype == "default" for c in cd.constraints):
        col.default = None
    for con in cd.constraints:
        builder.column_constraint(col, con)


def inherit_unique_constraints(builder, parent) -> None:
    """A new partition gets its own copy of each primary key and unique
    constraint of its parent (the partition's index of PostgreSQL's
    partitioned index): with the partition key inside every such key,
    uniqueness per partition is uniqueness of the whole table."""
    rel = builder.rel
    for pc in parent.constraints:
        if pc.kind not in ("p", "u"):
            continue
        names = tuple(parent.columns[a - 1].name for a in pc.columns)
        if pc.kind == "p" and any(c.kind == "p" for c in rel.constraints):
            continue
        builder.table_constraint(A.Constraint(contype="primary" if pc.kind == "p" else "unique", keys=names))


def index_on_partitions(session, rel, idx) -> None:
    """CREATE INDEX on a partitioned table (DefineIndex's recursion): each
    partition gets a matching index -- an existing one with the same
    columns is used as it is -- and sub-partitioned tables recurse."""
    cat = session.db.cat
    for oid in inheritance_children(cat, rel.oid):
        ensure_index(session, rel, idx, cat.relations[oid])


def ensure_index(session, rel, idx, part) -> None:
    """``part`` (a partition of ``rel``) gets an index matching ``idx``."""
    from pgref.catalog.catalog import Index
    from pgref.engine.ddl import _new_storage, choose_name, fill_index
    cat = session.db.cat
    names = [rel.columns[a - 1].name for a in idx.columns]
    cols = [part.column(n).attnum for n in names]
    if any(i.columns == cols and i.unique == idx.unique and i.descending == idx.descending and i.am == idx.am
           for i in part.indexes):
        return
    name = choose_name(session, part.namespace, part.name, "_".join(names), "key" if idx.unique else "idx", set())
    pidx = Index(cat.new_oid(), name, part.oid, cols, unique=idx.unique, descending=list(idx.descending),
                 nulls_first=list(idx.nulls_first), nulls_not_distinct=idx.nulls_not_distinct,
                 am=idx.am, reloptions=idx.reloptions)
    pidx.relfilenode = pidx.oid
    _new_storage(session, pidx.relfilenode)
    part.indexes.append(pidx)
    cat.changed()
    fill_index(session, part, pidx)
    if part.partkey is not None:
        index_on_partitions(session, part, pidx)


def inherit_indexes(builder, parent) -> None:
    """A new partition gets the plain indexes of its parent (constraint
    indexes come with ``inherit_unique_constraints``)."""
    from pgref.engine.ddl import choose_name
    from pgref.catalog.catalog import Index
    rel, cat = builder.rel, builder.cat
    for idx in parent.indexes:
        if idx.constraint_oid:
            continue
        names = [parent.columns[a - 1].name for a in idx.columns]
        name = choose_name(builder.session, rel.namespace, rel.name, "_".join(names),
                           "key" if idx.unique else "idx", builder.taken)
        builder.pending_indexes.append((None, Index(cat.new_oid(), name, rel.oid,
                                                    [rel.column(n).attnum for n in names], unique=idx.unique,
                                                    descending=list(idx.descending),
                                                    nulls_first=list(idx.nulls_first),
                                                    nulls_not_distinct=idx.nulls_not_distinct,
                                                    am=idx.am, reloptions=idx.reloptions)))


# ------------------------------------------------------------------ bounds
def _bound_value(session, parent, i: int, raw, allow_infinite: bool):
    """transformPartitionBoundValue: one datum of FOR VALUES, evaluated
    and coerced to the key column's type; (kind, value) for range bounds."""
    from pgref.analyzer.coerce import ASSIGNMENT
    from pgref.analyzer.expr import expr_location
    from pgref.analyzer.parse_state import ParseState
    from pgref.executor.expr import Layout, compile_expr
    key = parent.partkey
    loc = expr_location(raw)
    if isinstance(raw, A.ColumnRef):
        if allow_infinite and len(raw.fields) == 1 and raw.fields[0] in ("minvalue", "maxvalue"):
            return (PB.MINVALUE if raw.fields[0] == "minvalue" else PB.MAXVALUE), None
        raise PgError(INVALID_OBJECT_DEFINITION, "cannot use column reference in partition bound expression",
                      position=_pos(loc))
    for n in _raw_nodes(raw):
        if isinstance(n, A.ColumnRef):
            raise PgError(INVALID_OBJECT_DEFINITION, "cannot use column reference in partition bound expression",
                          position=_pos(n.location))
        if isinstance(n, A.SubLink):
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in partition bound",
                          position=_pos(expr_location(n)))
    ea = session.expr_analyzer()
    ps = ParseState()
    ps.agg_allowed = "partition bound"
    e = ea.transform(ps, raw)
    from pgref.analyzer import nodes as _N
    from pgref.analyzer.funcs import _walk as _w
    if any(isinstance(x, _N.FuncExpr) and getattr(x, "retset", False) for x in _w([e])):
        raise PgError(FEATURE_NOT_SUPPORTED, "set-returning functions are not allowed in partition bound",
                      position=_pos(next((n.location for n in _raw_nodes(raw) if isinstance(n, A.FuncCall)), loc)))
    from pgref.analyzer import nodes as N
    from pgref.analyzer.funcs import _walk
    if any(isinstance(x, N.Var) for x in _walk([e])):
        raise PgError(INVALID_OBJECT_DEFINITION, "cannot use column reference in partition bound expression",
                      position=_pos(loc))
    typ, typmod = key.types[i], key.typmods[i]
    try:
        e = ea.coerce(e, typ, typmod, ASSIGNMENT, loc)
    except PgError as err:
        if err.sqlstate not in ("42846", "42804"):
            raise
        colname = parent.columns[key.attnums[i] - 1].name if key.attnums[i] else None
        raise PgError(DATATYPE_MISMATCH, f"specified value cannot be cast to type {session.db.cat.format_type(typ)} "
                      f'for column "{colname}"' if colname else
                      f"specified value cannot be cast to type {session.db.cat.format_type(typ)}",
                      position=_pos(loc))
    value = compile_expr(e, Layout(()), session.exec_context())(())
    return PB.VALUE, value


def transform_bound(session, parent, spec: A.PartitionBoundSpec) -> PB.PartitionBound:
    """transformPartitionBound: check the bound's form against the
    parent's strategy and evaluate its datums."""
    key = parent.partkey
    st = key.strategy
    if spec.is_default:
        if st == "h":
            raise PgError(INVALID_TABLE_DEFINITION, "a hash-partitioned table may not have a default partition")
        return PB.PartitionBound(None, is_default=True)
    if spec.strategy != st:
        raise PgError(INVALID_TABLE_DEFINITION, f"invalid bound specification for a {_WORD[st]} partition",
                      position=_pos(spec.location))
    if st == "h":
        if spec.modulus <= 0:
            raise PgError(INVALID_TABLE_DEFINITION,
                          "modulus for hash partition must be an integer value greater than zero")
        if spec.remainder >= spec.modulus:
            raise PgError(INVALID_TABLE_DEFINITION, "remainder for hash partition must be less than modulus")
        return PB.PartitionBound("h", modulus=spec.modulus, remainder=spec.remainder)
    if st == "l":
        import functools
        vals = []
        cmp = PB.key_comparators(session.exec_context(), key)[0]
        for raw in spec.listdatums:
            _k, v = _bound_value(session, parent, 0, raw, False)
            # duplicates are dropped (transformPartitionBound keeps the first)
            if any((v is None and w is None) or (v is not None and w is not None and cmp(v, w) == 0)
                   for w in vals):
                continue
            vals.append(v)
        del functools
        return PB.PartitionBound("l", listdatums=vals)
    n = len(key.attnums)
    if len(spec.lowerdatums) != n:
        raise PgError(INVALID_TABLE_DEFINITION, "FROM must specify exactly one value per partitioning column")
    if len(spec.upperdatums) != n:
        raise PgError(INVALID_TABLE_DEFINITION, "TO must specify exactly one value per partitioning column")
    lower = [_range_datum(session, parent, i, raw) for i, raw in enumerate(spec.lowerdatums)]
    upper = [_range_datum(session, parent, i, raw) for i, raw in enumerate(spec.upperdatums)]
    _validate_infinite(lower, spec.lowerdatums)
    _validate_infinite(upper, spec.upperdatums)
    b = PB.PartitionBound("r", lower=lower, upper=upper)
    b.lower_locations = [_loc(r) for r in spec.lowerdatums]  # type: ignore[attr-defined]
    b.upper_locations = [_loc(r) for r in spec.upperdatums]  # type: ignore[attr-defined]
    return b


def _loc(raw) -> int:
    from pgref.analyzer.expr import expr_location
    return expr_location(raw)


def _range_datum(session, parent, i, raw):
    kind, v = _bound_value(session, parent, i, raw, True)
    if kind == PB.VALUE and v is None:
        raise PgError(INVALID_TABLE_DEFINITION, "cannot specify NULL in range bound")
    return kind, v


def _validate_infinite(datums, raws) -> None:
    """validateInfiniteBounds: after MAXVALUE only MAXVALUE, after MINVALUE only MINVALUE."""
    kind = PB.VALUE
    for (k, _v), raw in zip(datums, raws):
        if kind == k:
            continue
        if kind == PB.MAXVALUE:
            raise PgError(INVALID_OBJECT_DEFINITION, "every bound following MAXVALUE must also be MAXVALUE",
                          position=_pos(_loc(raw)))
        if kind == PB.MINVALUE:
            raise PgError(INVALID_OBJECT_DEFINITION, "every bound following MINVALUE must also be MINVALUE",
                          position=_pos(_loc(raw)))
        kind = k


def _siblings(cat, parent, exclude: int = 0) -> list:
    return [cat.relations[o] for o in inheritance_children(cat, parent.oid) if o != exclude]


def check_new_bound(session, parent, relname: str, bound: PB.PartitionBound, spec) -> None:
    """check_new_partition_bound: INV-PART-2."""
    cat = session.db.cat
    key = parent.partkey
    sibs = _siblings(cat, parent)
    default = next((s for s in sibs if s.partbound.is_default), None)
    loc = spec.location if spec is not None else -1
    if bound.is_default:
        if default is not None:
            raise PgError(INVALID_OBJECT_DEFINITION, f'partition "{relname}" conflicts with existing default '
                          f'partition "{default.name}"', position=_pos(loc))
        return
    cmps = PB.key_comparators(session.exec_context(), key)
    others = [s for s in sibs if not s.partbound.is_default]
    if bound.strategy == "h":
        greater = [s for s in others if s.partbound.modulus > bound.modulus]
        lesser = [s for s in others if s.partbound.modulus <= bound.modulus]
        if greater:
            nxt = min(greater, key=lambda s: (s.partbound.modulus, s.partbound.remainder))
            if nxt.partbound.modulus % bound.modulus:
                raise PgError(INVALID_OBJECT_DEFINITION, "every hash partition modulus must be a factor of the "
                              "next larger modulus",
                              detail=f"The new modulus {bound.modulus} is not a factor of {nxt.partbound.modulus}, "
                                     f'the modulus of existing partition "{nxt.name}".')
        if lesser:
            prv = max(lesser, key=lambda s: (s.partbound.modulus, s.partbound.remainder))
            if bound.modulus % prv.partbound.modulus:
                raise PgError(INVALID_OBJECT_DEFINITION, "every hash partition modulus must be a factor of the "
                              "next larger modulus",
                              detail=f"The new modulus {bound.modulus} is not divisible by {prv.partbound.modulus}, "
                                     f'the modulus of existing partition "{prv.name}".')
        for s in sorted(others, key=lambda s: (s.partbound.modulus, s.partbound.remainder)):
            m = min(s.partbound.modulus, bound.modulus)
            if s.partbound.remainder % m == bound.remainder % m:
                raise PgError(INVALID_OBJECT_DEFINITION, f'partition "{relname}" would overlap partition '
                              f'"{s.name}"', position=_pos(loc))
        return
    if bound.strategy == "l":
        for raw, v in zip(spec.listdatums if spec is not None else [None] * len(bound.listdatums),
                          bound.listdatums):
            for s in others:
                if PB.row_in_bound(cmps, key, s.partbound, (v,)):
                    raise PgError(INVALID_OBJECT_DEFINITION, f'partition "{relname}" would overlap partition '
                                  f'"{s.name}"', position=_pos(_loc(raw)) if raw is not None else None)
        return
    lower_locs = getattr(bound, "lower_locations", None) or [-1] * len(bound.lower)
    upper_locs = getattr(bound, "upper_locations", None) or [-1] * len(bound.upper)
    lower_loc = lower_locs[0]
    if PB.rbound_cmp(cmps, bound.lower, True, bound.upper, False) >= 0:
        ioctx = session.settings.io
        raise PgError(INVALID_OBJECT_DEFINITION, f'empty range bound specified for partition "{relname}"',
                      detail=f"Specified lower bound {PB.range_bound_text(ioctx, cat, key, bound.lower)} is "
                             f"greater than or equal to upper bound "
                             f"{PB.range_bound_text(ioctx, cat, key, bound.upper)}.",
                      position=_pos(lower_loc))
    for s in PB.sorted_range_partitions(cmps, others):
        sb = s.partbound
        if PB.rbound_cmp(cmps, bound.lower, True, sb.upper, False) < 0 and \
                PB.rbound_cmp(cmps, sb.lower, True, bound.upper, False) < 0:
            # the datum that decided it: of the new lower bound when it lies
            # inside the existing partition, else of the new upper bound
            if PB.rbound_cmp(cmps, sb.lower, True, bound.lower, True) <= 0:
                k = _first_difference(cmps, bound.lower, sb.lower)
                loc = lower_locs[k]
            else:
                k = _first_difference(cmps, bound.upper, sb.lower)
                loc = upper_locs[k]
            raise PgError(INVALID_OBJECT_DEFINITION, f'partition "{relname}" would overlap partition "{s.name}"',
                          position=_pos(loc))


def _first_difference(cmps, b1, b2) -> int:
    for i, ((k1, v1), (k2, v2)) in enumerate(zip(b1, b2)):
        if k1 != k2 or (k1 == PB.VALUE and cmps[i](v1, v2) != 0):
            return i
    return 0


def leaf_rows(session, rel):
    """Every visible row of ``rel`` and its descendants, in ``rel``'s column order."""
    from pgref.engine.alter import _visible_rows
    cat = session.db.cat
    for oid in find_all_inheritors(cat, rel.oid):
        member = cat.relations[oid]
        if is_partitioned(member):
            continue
        if oid == rel.oid:
            yield from (row for _tid, row in _visible_rows(session, member))
            continue
        cmap = column_map(cat, rel.oid, oid)
        for _tid, row in _visible_rows(session, member):
            yield tuple(row[a - 1] if a else None for a in cmap)


def check_default_contents(session, parent, bound: PB.PartitionBound) -> None:
    """check_default_partition_contents: no row of the default partition
    may belong to the new partition."""
    cat = session.db.cat
    default = next((s for s in _siblings(cat, parent) if s.partbound.is_default), None)
    if default is None or bound.is_default:
        return
    from pgref.executor.route import Router
    router = Router(session.exec_context())
    cmps = router.cmps(parent)
    for row in leaf_rows(session, default):
        prow = router.to_parent(parent, default, row)
        if PB.row_in_bound(cmps, parent.partkey, bound, router.key_values(parent, prow)):
            raise PgError(CHECK_VIOLATION, f'updated partition constraint for default partition "{default.name}" '
                          "would be violated by some row")


def bind_bound(session, parent, rel, spec: A.PartitionBoundSpec) -> None:
    """Transform ``spec``, check it against the siblings and the default
    partition, and make ``rel`` a partition of ``parent`` with it."""
    bound = transform_bound(session, parent, spec)
    check_new_bound(session, parent, rel.name, bound, spec)
    check_default_contents(session, parent, bound)
    _forget_locations(bound)
    rel.partbound = bound
    if bound.is_default:
        parent.partkey.default_oid = rel.oid
    # a partition's constraints merged with inherited ones stay inherited-only
    # (MergeWithExistingConstraint: conislocal false for partitions)
    for c in rel.constraints:
        if c.inhcount:
            c.islocal = False


def _forget_locations(bound) -> None:
    for name in ("lower_locations", "upper_locations"):
        bound.__dict__.pop(name, None)


# ------------------------------------------------------------------ ATTACH / DETACH
def attach_partition(session, parent, cmd) -> None:
    """ALTER TABLE parent ATTACH PARTITION name FOR VALUES ... (ATExecAttachPartition)."""
    from pgref.engine.ddl import lookup_rel
    from pgref.engine.inherit import add_inherit
    cat = session.db.cat
    if not is_partitioned(parent):
        raise PgError(INVALID_OBJECT_DEFINITION, f'table "{parent.name}" is not partitioned')
    part_rv, spec = cmd.def_
    rel = lookup_rel(session, part_rv)
    if rel.kind != "r":
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a table')
    if rel.partbound is not None:
        raise PgError(INVALID_OBJECT_DEFINITION, f'"{rel.name}" is already a partition')
    if rel.parents:
        raise PgError(INVALID_OBJECT_DEFINITION, "cannot attach inheritance child as partition")
    if inheritance_children(cat, rel.oid) and not is_partitioned(rel):
        raise PgError(INVALID_OBJECT_DEFINITION, "cannot attach inheritance parent as partition")
    if rel.oid == parent.oid or rel.oid in _ancestors(cat, parent):
        raise PgError("42P07", "circular inheritance not allowed",
                      detail=f'"{rel.name}" is already a child of "{parent.name}".')
    if rel.persistence == "t" and parent.persistence != "t":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot attach a temporary relation as partition of permanent relation '
                      f'"{parent.name}"')
    if rel.persistence != "t" and parent.persistence == "t":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot attach a permanent relation as partition of temporary relation '
                      f'"{parent.name}"')
    for c in rel.live_columns():
        if parent.column(c.name) is None:
            raise PgError(DATATYPE_MISMATCH, f'table "{rel.name}" contains column "{c.name}" not found in parent '
                          f'"{parent.name}"',
                          detail="The new partition may contain only the columns present in parent.")
    bound = transform_bound(session, parent, spec)
    check_new_bound(session, parent, rel.name, bound, spec)
    add_inherit(session, rel, part_rv.__class__(relname=parent.name,
                                                 schemaname=cat.namespace_name(parent.namespace)))
    # every existing row must satisfy the new partition constraint (INV-PART-3)
    rel.partbound = bound
    _forget_locations(bound)
    from pgref.executor.route import Router
    router = Router(session.exec_context())
    for row in leaf_rows(session, rel):
        if not router.partition_ok(rel, row):
            raise PgError(CHECK_VIOLATION, f'partition constraint of relation "{_first_violator(session, rel)}" '
                          "is violated by some row")
    check_default_contents(session, parent, bound)
    if bound.is_default:
        parent.partkey.default_oid = rel.oid
    for idx in parent.indexes:
        ensure_index(session, parent, idx, rel)
    for c in rel.columns:
        pc = parent.column(c.name) if not c.dropped else None
        if pc is not None:
            c.islocal = False if c.inhcount else c.islocal
    cat.changed()


def _first_violator(session, rel) -> str:
    """The leaf whose rows break the constraint (PostgreSQL names the
    partition being scanned)."""
    return rel.name


def _ancestors(cat, rel) -> list[int]:
    out = []
    r = rel
    while r.parents:
        out.append(r.parents[0])
        r = cat.relations[r.parents[0]]
    return out


def detach_partition(session, parent, cmd) -> None:
    """ALTER TABLE parent DETACH PARTITION name (ATExecDetachPartition)."""
    from pgref.engine.ddl import lookup_rel
    from pgref.engine.inherit import drop_inherit
    cat = session.db.cat
    if not is_partitioned(parent):
        raise PgError(INVALID_OBJECT_DEFINITION, f'table "{parent.name}" is not partitioned')
    part_rv = cmd.def_[0]
    if cmd.def_[1] in ("concurrently", "finalize"):
        raise PgError(FEATURE_NOT_SUPPORTED, f"DETACH PARTITION {cmd.def_[1].upper()} is not supported yet")
    rel = lookup_rel(session, part_rv)
    if rel.partbound is None or rel.parents[:1] != [parent.oid]:
        raise PgError("42P01", f'relation "{rel.name}" is not a partition of relation "{parent.name}"')
    drop_inherit(session, rel, part_rv.__class__(relname=parent.name,
                                                 schemaname=cat.namespace_name(parent.namespace)))
    if rel.partbound.is_default:
        parent.partkey.default_oid = 0
    rel.partbound = None
    for c in rel.constraints:
        if c.kind == "c" and c.inhcount:
            c.inhcount = 0
            c.islocal = True
    cat.changed()


def forget_partition(cat, rel) -> None:
    """A partition is dropped: its parent's partdefid forgets it."""
    if getattr(rel, "partbound", None) is not None and rel.partbound.is_default and rel.parents:
        parent = cat.relations.get(rel.parents[0])
        if parent is not None and parent.partkey is not None and parent.partkey.default_oid == rel.oid:
            parent.partkey.default_oid = 0


__all__ = ["is_partitioned", "partition_key", "check_alter_command", "check_alter_column", "check_no_inherit", "check_unique_covers_key", "prepare_partition_of", "column_options",
           "inherit_unique_constraints", "index_on_partitions", "ensure_index", "inherit_indexes", "transform_bound", "check_new_bound", "check_default_contents", "bind_bound", "attach_partition",
           "detach_partition", "leaf_rows", "forget_partition"]

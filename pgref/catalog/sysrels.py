"""System catalogs and information_schema views as relations you can query.

Where it sits: ``catalog/`` (spec/04-catalog.md, "Queryable catalogs").
PostgreSQL's catalogs are tables; pgref's live in memory (builtin rows from
``catalog/data``, user objects in ``Catalog``).  This module presents them
as read-only relations with PostgreSQL's own OIDs and column lists (dumped
from PostgreSQL 15 into ``data/system_relations.csv``): a scan of
``pg_class`` produces one row per relation, built from the catalog at that
moment.  Columns pgref has no notion of get PostgreSQL's value for an
ordinary object (``relpersistence 'p'``, ``relam`` heap, ACLs NULL ...).

Columns of type pg_node_tree (``pg_attrdef.adbin``, ``pg_constraint.conbin``,
``pg_index.indpred``) hold references that ``catalog/ruleutils.py`` resolves
for pg_get_expr(); catalogs of objects pgref cannot have (triggers,
policies, publications, inheritance ...) are present and empty.

Invariant INV-CAT-6: system relations cannot be written; DML on them
raises 42501 like PostgreSQL's "permission denied" for catalogs.
"""
from __future__ import annotations

import functools
from pgref.catalog import builtin, inheritance, ruleutils
from pgref.catalog.catalog import INFORMATION_SCHEMA, PG_CATALOG, Column, Relation
from pgref.types import oids as T
from pgref.types.values import PgArray

NSP = {"pg_catalog": PG_CATALOG, "information_schema": INFORMATION_SCHEMA}


@functools.cache
def system_relations() -> dict[int, Relation]:
    rels: dict[int, Relation] = {}
    for r in builtin.rows("system_relations"):
        oid = int(r["relid"])
        rel = rels.get(oid)
        if rel is None:
            rel = rels[oid] = Relation(oid, r["relname"], NSP[r["nspname"]], "r")
            rel.system = True  # type: ignore[attr-defined]
        rel.columns.append(Column(int(r["attnum"]), r["attname"], int(r["atttypid"]), int(r["atttypmod"]),
                                  notnull=r["attnotnull"] == "t"))
    return rels


@functools.cache
def by_name() -> dict[tuple[int, str], Relation]:
    return {(r.namespace, r.name): r for r in system_relations().values()}


def _default(typ: int):
    if typ == T.BOOLOID:
        return False
    if typ in (T.INT2OID, T.INT4OID, T.INT8OID, T.OIDOID, T.REGPROCOID, T.REGCLASSOID, T.REGTYPEOID, T.XIDOID):
        return 0
    if typ in (T.FLOAT4OID, T.FLOAT8OID):
        return 0.0
    return None


def _shape(rel: Relation, rows_as_dicts):
    cols = [(c.name, _default(c.typ) if c.notnull else None) for c in rel.columns]
    for d in rows_as_dicts:
        yield tuple(d.get(name, dflt) for name, dflt in cols)


@functools.cache
def _builtin_rows(table: str) -> list[dict]:
    """The dumped rows of a builtin catalog, values parsed by their types."""
    from pgref.types.registry import type_input
    rel = by_name()[(PG_CATALOG, table)]
    types = {c.name: c.typ for c in rel.columns}
    out = []
    for r in builtin.rows(table):
        d = {}
        for k, v in r.items():
            if k not in types:
                continue
            t = types[k]
            if v == "":
                d[k] = None if t not in (T.TEXTOID, T.NAMEOID) else ""
            elif t in (T.REGPROCOID,):
                d[k] = int(v) if v.isdigit() else 0
            elif t == T.PG_NODE_TREEOID:
                d[k] = v                     # node-tree text is kept as it was dumped
            else:
                d[k] = type_input(None, t, v, -1)
        out.append(d)
    return out


def rows(session, relid: int):
    rel = system_relations()[relid]
    fn = _GENERATORS.get(rel.name if rel.namespace == PG_CATALOG else "is_" + rel.name)
    if fn is None:
        from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
        raise PgError(FEATURE_NOT_SUPPORTED, f'system relation "{rel.name}" cannot be scanned yet')
    return list(_shape(rel, fn(session)))


# ---------------------------------------------------------------- pg_catalog
SYSTEM_VIEWS = frozenset(("pg_roles", "pg_settings", "pg_tables", "pg_views", "pg_rules", "pg_indexes", "pg_sequences", "pg_stats",
                          "pg_user", "pg_locks"))

def _relkind(r) -> str:
    if r.partkey is not None:
        return "p"                                 # a partitioned table (catalog/partbounds.py)
    return {"r": "r", "v": "v", "S": "S", "i": "i"}[r.kind]


def _user_relations(session):
    return list(session.db.cat.relations.values())


def g_pg_namespace(session):
    for ns in session.db.cat.namespaces.values():
        yield {"oid": ns.oid, "nspname": ns.name, "nspowner": ns.owner, "nspacl": _acl(ns.acl)}


def g_pg_class(session):
    cat = session.db.cat
    stats = getattr(session.db, "relstats", None) or {}      # VACUUM / ANALYZE (engine/vacuum.py)
    with_children = inheritance.parents_with_children(cat)
    for r in _user_relations(session):
        yield {"oid": r.oid, "relname": r.name, "relnamespace": r.namespace, "reltype": r.rowtype,
               "relowner": r.owner, "relam": 2 if r.kind in ("r", "S") and r.partkey is None else 0,
               "relfilenode": 0 if r.partkey is not None else r.relfilenode,
               "relpages": stats.get(r.oid, (0, -1.0, 0))[0], "reltuples": stats.get(r.oid, (0, -1.0, 0))[1],
               "relallvisible": stats.get(r.oid, (0, -1.0, 0))[2], "relhasindex": bool(r.indexes), "relisshared": False,
               "relpersistence": r.persistence, "relkind": _relkind(r), "relnatts": len(r.columns),
               "relchecks": sum(1 for c in r.constraints if c.kind == "c"), "relhasrules": r.kind == "v" or bool(r.rules),
               "relhastriggers": bool(r.triggers) or any(c.kind == "f" for c in r.constraints) or any(
                   c.kind == "f" and c.ref_relid == r.oid for o in cat.relations.values() for c in o.constraints),
               "relhassubclass": r.oid in with_children, "relacl": _acl(r.acl),
               "relrowsecurity": False, "relforcerowsecurity": False,
               "relispopulated": True, "relreplident": "d" if r.kind == "r" else "n",
               "relispartition": r.partbound is not None,
               "relpartbound": None if r.partbound is None else ruleutils.partbound_ref(r.oid),
               "relfrozenxid": 0, "relminmxid": 0, "reltoastrelid": r.toast_oid,
               "reloptions": PgArray.from_list(r.reloptions, T.TEXTOID) if r.reloptions else None}
        if r.toast_oid:
            yield from _toast_class_rows(r)
        for idx in r.indexes:
            yield {"oid": idx.oid, "relname": idx.name, "relnamespace": r.namespace, "reltype": 0,
                   "relowner": r.owner, "relam": 405 if idx.am == "hash" else 403,
                   "relfilenode": idx.relfilenode,
                   "relpages": stats.get(idx.oid, (0, -1.0, 0))[0], "reltuples": stats.get(idx.oid, (0, -1.0, 0))[1],
                   "relpersistence": r.persistence, "relkind": "I" if r.partkey is not None else "i",
                   "relnatts": len(idx.columns),
                   "relispopulated": True, "relreplident": "n",
                   "reloptions": PgArray.from_list(idx.reloptions, T.TEXTOID) if idx.reloptions else None}
    from pgref.catalog.typedefs import composite_class_rows
    for t, td in composite_class_rows(cat):        # CREATE TYPE ... AS (...): relkind 'c'
        yield {"oid": t.relid, "relname": t.name, "relnamespace": t.namespace, "reltype": t.oid,
               "relowner": td.owner, "relam": 0, "relfilenode": 0, "reltuples": -1.0, "relpersistence": "p",
               "relkind": "c", "relnatts": len(td.attributes), "relispopulated": True, "relreplident": "n"}
    for r in system_relations().values():
        yield {"oid": r.oid, "relname": r.name, "relnamespace": r.namespace, "relowner": 10,
               "relam": 2, "relfilenode": 0, "reltuples": -1.0, "relpersistence": "p",
               "relkind": "r" if r.name.startswith("pg_") and r.name not in SYSTEM_VIEWS else "v",
               "relnatts": len(r.columns), "relispopulated": True, "relreplident": "n"}


def _toast_class_rows(r):
    """The pg_class rows of a table's TOAST relation and its index
    (engine/reloptions.py, spec/06-access.md "TOAST"): pg_toast.pg_toast_<oid>
    with relkind 't' and no row type, and pg_toast.pg_toast_<oid>_index."""
    from pgref.catalog.catalog import PG_TOAST
    name = f"pg_toast_{r.oid}"
    yield {"oid": r.toast_oid, "relname": name, "relnamespace": PG_TOAST, "reltype": 0,
           "relowner": r.owner, "relam": 2, "relfilenode": r.toast_oid, "relpages": 0, "reltuples": -1.0,
           "relhasindex": True, "relpersistence": r.persistence, "relkind": "t", "relnatts": 3,
           "relispopulated": True, "relreplident": "n",
           "reloptions": PgArray.from_list(r.toast_reloptions, T.TEXTOID) if r.toast_reloptions else None}
    yield {"oid": r.toast_index_oid, "relname": name + "_index", "relnamespace": PG_TOAST, "reltype": 0,
           "relowner": r.owner, "relam": 403, "relfilenode": r.toast_index_oid, "relpages": 1,
           "reltuples": 0.0, "relpersistence": r.persistence, "relkind": "i", "relnatts": 2,
           "relispopulated": True, "relreplident": "n"}


def _attstorage(cat, c, t) -> str:
    from pgref.engine.reloptions import column_storage
    return column_storage(cat, c) if t is None or t.typlen == -1 else "p"


def g_pg_attribute(session):
    for r in _user_relations(session):
        for c in r.columns:
            t = session.db.cat.typeinfo(c.typ)
            yield {"attrelid": r.oid, "attname": c.name, "atttypid": 0 if c.dropped else c.typ, "attnum": c.attnum,
                   "attlen": t.typlen if t else -1, "atttypmod": c.typmod, "attndims": 0,
                   "attbyval": bool(t and t.typbyval), "attalign": t.align if t else "i",
                   "attstorage": _attstorage(session.db.cat, c, t), "attnotnull": c.notnull,
                   "atthasdef": _has_default(c), "attidentity": c.identity, "attgenerated": c.generated,
                   "attisdropped": c.dropped, "attislocal": c.islocal, "attinhcount": c.inhcount,
                   "attacl": _acl(c.acl), "attcollation": c.collation or (t.collation if t else 0),
                   "attstattarget": -1, "attcompression": c.compression,
                   "attoptions": PgArray.from_list(c.options, T.TEXTOID) if c.options else None}
        for idx in r.indexes:
            # an index's attributes are its key columns, numbered from 1,
            # named and typed as the table columns they index
            for i, a in enumerate(idx.columns, 1):
                c = r.columns[a - 1]
                t = session.db.cat.typeinfo(c.typ)
                yield {"attrelid": idx.oid, "attname": c.name, "atttypid": c.typ, "attnum": i,
                       "attlen": t.typlen if t else -1, "atttypmod": c.typmod, "attndims": 0,
                       "attbyval": bool(t and t.typbyval), "attalign": t.align if t else "i",
                       "attstorage": _attstorage(session.db.cat, c, t), "attnotnull": False,
                       "attislocal": True, "attcollation": c.collation or (t.collation if t else 0),
                       "attstattarget": -1, "attidentity": "", "attgenerated": "", "attcompression": ""}
    for r in system_relations().values():
        for c in r.columns:
            t = session.db.cat.typeinfo(c.typ)
            yield {"attrelid": r.oid, "attname": c.name, "atttypid": c.typ, "attnum": c.attnum,
                   "attlen": t.typlen if t else -1, "atttypmod": c.typmod, "attnotnull": c.notnull,
                   "attbyval": bool(t and t.typbyval), "attalign": t.align if t else "i",
                   "attstorage": "p", "attislocal": True, "attstattarget": -1, "attidentity": "",
                   "attgenerated": "", "attcompression": ""}
    from pgref.catalog.typedefs import composite_class_rows
    cat = session.db.cat
    for ct, td in composite_class_rows(cat):       # attributes of CREATE TYPE ... AS (...)
        for i, (name, typ, typmod) in enumerate(td.attributes, 1):
            dropped = i in td.dropped_attributes
            t = cat.typeinfo(typ)
            yield {"attrelid": ct.relid, "attname": f"........pg.dropped.{i}........" if dropped else name,
                   "atttypid": 0 if dropped else typ, "attnum": i, "attlen": t.typlen if t else -1,
                   "atttypmod": typmod, "attndims": 0, "attbyval": bool(t and t.typbyval),
                   "attalign": t.align if t else "i", "attstorage": "p" if t and t.typlen > 0 else "x",
                   "attnotnull": False, "atthasdef": False, "attisdropped": dropped, "attislocal": True,
                   "attinhcount": 0, "attcollation": t.collation if t else 0, "attstattarget": -1,
                   "attidentity": "", "attgenerated": "", "attcompression": ""}


def g_pg_type(session):
    yield from _builtin_rows("pg_type")
    from pgref.catalog.typedefs import pg_type_row
    cat = session.db.cat
    for t in cat.user_types.values():
        yield pg_type_row(cat, t)          # every column, as the registry knows the type


def g_pg_proc(session):
    yield from _builtin_rows("pg_proc")
    if session.db.cat.user_procs:
        from pgref.catalog.userprocs import pg_proc_rows   # user routines (spec/12-functions.md)
        yield from pg_proc_rows(session.db.cat)


def g_pg_operator(session):
    yield from _builtin_rows("pg_operator")
    from pgref.engine.operatorcmds import pg_operator_rows   # CREATE OPERATOR (engine/operatorcmds.py)
    yield from pg_operator_rows(session.db.cat)


def g_pg_cast(session):
    yield from _builtin_rows("pg_cast")
    for c in session.db.cat.user_casts.values():      # CREATE CAST (engine/typecmds.py)
        yield {"oid": c.oid, "castsource": c.source, "casttarget": c.target, "castfunc": c.func,
               "castcontext": c.context, "castmethod": c.method}


def g_pg_aggregate(session):
    yield from _builtin_rows("pg_aggregate")
    for p in session.db.cat.user_procs.values():     # CREATE AGGREGATE (engine/aggregatecmds.py)
        if getattr(p, "agg", None):
            yield {**{k: v for k, v in p.agg.items() if k != "comment"}, "aggfnoid": p.oid}


def g_pg_am(session):
    return _builtin_rows("pg_am")


def g_pg_language(session):
    return _builtin_rows("pg_language")


def _fk_index(cat, c) -> int:
    """conindid of a foreign key: the unique index of the referenced table
    whose columns are the referenced ones (transformFkeyCheckAttrs; the
    first such index in OID order)."""
    ref = cat.relations.get(c.ref_relid)
    if ref is None:
        return 0
    for idx in sorted(ref.indexes, key=lambda i: i.oid):
        if idx.unique and idx.predicate is None and sorted(idx.columns) == sorted(c.ref_columns):
            return idx.oid
    return 0


def g_pg_constraint(session):
    cat = session.db.cat
    for r in _user_relations(session):
        for c in r.constraints:
            indid = c.index_oid
            if c.kind == "f" and not indid:
                indid = _fk_index(cat, c)
            yield {"oid": c.oid, "conname": c.name, "connamespace": r.namespace, "contype": c.kind,
                   "condeferrable": c.deferrable, "condeferred": c.deferred, "convalidated": c.validated,
                   "conrelid": r.oid, "contypid": 0, "conindid": indid, "conparentid": 0,
                   "confrelid": c.ref_relid, "confupdtype": c.on_update if c.kind == "f" else " ",
                   "confdeltype": c.on_delete if c.kind == "f" else " ",
                   "confmatchtype": c.match if c.kind == "f" else " ", "conislocal": c.islocal, "coninhcount": c.inhcount,
                   "connoinherit": c.no_inherit,
                   "conkey": PgArray.from_list(list(c.columns), T.INT2OID) if c.columns else None,
                   "confkey": PgArray.from_list(list(c.ref_columns), T.INT2OID) if c.kind == "f" else None,
                   "conbin": ruleutils.check_ref(c.oid) if c.kind == "c" else None}
    from pgref.catalog.typedefs import domain_constraints
    for t, c in domain_constraints(cat):            # a domain's CHECK constraints (contypid)
        yield {"oid": c.oid, "conname": c.name, "connamespace": t.namespace, "contype": "c",
               "condeferrable": False, "condeferred": False, "convalidated": c.validated, "conrelid": 0,
               "contypid": t.oid, "conindid": 0, "conparentid": 0, "confrelid": 0, "confupdtype": " ",
               "confdeltype": " ", "confmatchtype": " ", "conislocal": True, "coninhcount": 0,
               "connoinherit": False}


def g_pg_index(session):
    for r in _user_relations(session):
        for idx in r.indexes:
            yield {"indexrelid": idx.oid, "indrelid": r.oid, "indnatts": len(idx.columns),
                   "indnkeyatts": len(idx.columns), "indisunique": idx.unique,
                   "indnullsnotdistinct": idx.nulls_not_distinct, "indisprimary": idx.primary,
                   "indisexclusion": False, "indimmediate": True, "indisclustered": False, "indisvalid": True,
                   "indcheckxmin": False, "indisready": True, "indislive": True, "indisreplident": False,
                   "indkey": PgArray(list(idx.columns), [len(idx.columns)], [0], T.INT2OID),
                   "indcollation": PgArray([0] * len(idx.columns), [len(idx.columns)], [0], T.OIDOID),
                   "indclass": PgArray([0] * len(idx.columns), [len(idx.columns)], [0], T.OIDOID),
                   "indoption": PgArray([(1 if d else 0) | (2 if n else 0) for d, n in
                                         zip(idx.descending or [False] * len(idx.columns),
                                             idx.nulls_first or [False] * len(idx.columns))],
                                        [len(idx.columns)], [0], T.INT2OID),
                   "indpred": ruleutils.indpred_ref(idx.oid) if idx.predicate is not None else None}


def _has_default(c: Column) -> bool:
    """A plain DEFAULT NULL makes no pg_attrdef entry (cookDefault)."""
    from pgref.sql import ast as A
    return c.default is not None and not c.dropped and not (isinstance(c.default, A.A_Const) and c.default.isnull)


def g_pg_attrdef(session):
    for r in _user_relations(session):
        for c in r.columns:
            if _has_default(c):
                # the default's own oid is not kept; PostgreSQL's are fresh
                # oids too, and nothing psql shows depends on their value
                yield {"oid": r.oid * 1000 + c.attnum, "adrelid": r.oid, "adnum": c.attnum,
                       "adbin": ruleutils.default_ref(r.oid, c.attnum)}


def g_pg_rewrite(session):
    # every view has its ON SELECT rule "_RETURN" (PostgreSQL's view
    # representation); pgref has no other rules
    for r in _user_relations(session):
        if r.kind == "v":
            yield {"oid": r.oid + 1, "rulename": "_RETURN", "ev_class": r.oid, "ev_type": "1",
                   "ev_enabled": "O", "is_instead": True, "ev_qual": "<>", "ev_action": None}
        for ru in r.rules:                   # CREATE RULE (engine/rulecmds.py, spec/17-rewrite.md)
            yield {"oid": ru.oid, "rulename": ru.name, "ev_class": r.oid,
                   "ev_type": {"select": "1", "update": "2", "insert": "3", "delete": "4"}[ru.event],
                   "ev_enabled": ru.enabled, "is_instead": ru.instead,
                   "ev_qual": "<>" if ru.qual is None else f"{{PGREF_RULEQUAL :ruleid {ru.oid}}}",
                   "ev_action": f"({{PGREF_RULEACTIONS :ruleid {ru.oid}}})"}


def _roles(session):
    """pg_authid rows in OID order (auth/roles.py, spec/16-auth.md)."""
    from pgref.auth.roles import rolecat
    return sorted(rolecat(session).roles.values(), key=lambda r: r.oid)


def _role_config(session, oid):
    conf = session.db.cluster.role_settings.get((0, oid)) if hasattr(session.db, "cluster") else None
    return PgArray.from_list(conf, T.TEXTOID) if conf else None


def g_pg_authid(session):
    for r in _roles(session):
        yield {"oid": r.oid, "rolname": r.rolname, "rolsuper": r.rolsuper, "rolinherit": r.rolinherit,
               "rolcreaterole": r.rolcreaterole, "rolcreatedb": r.rolcreatedb, "rolcanlogin": r.rolcanlogin,
               "rolreplication": r.rolreplication, "rolbypassrls": r.rolbypassrls,
               "rolconnlimit": r.rolconnlimit, "rolpassword": r.rolpassword, "rolvaliduntil": r.rolvaliduntil}


def g_pg_user(session):
    for r in _roles(session):
        if r.rolcanlogin:
            yield {"usename": r.rolname, "usesysid": r.oid, "usecreatedb": r.rolcreatedb, "usesuper": r.rolsuper,
                   "userepl": r.rolreplication, "usebypassrls": r.rolbypassrls, "passwd": "********",
                   "valuntil": r.rolvaliduntil, "useconfig": _role_config(session, r.oid)}


def g_pg_auth_members(session):
    from pgref.auth.roles import rolecat
    for m in rolecat(session).members:
        yield {"roleid": m.roleid, "member": m.member, "grantor": m.grantor, "admin_option": m.admin_option}


def g_pg_tablespace(session):
    yield {"oid": 1663, "spcname": "pg_default", "spcowner": 10}
    yield {"oid": 1664, "spcname": "pg_global", "spcowner": 10}


def g_pg_collation(session):
    return _builtin_rows("pg_collation")


def g_pg_opclass(session):
    from pgref.catalog.opclasses import user_rows
    return list(_builtin_rows("pg_opclass")) + list(user_rows(session.db.cat, "pg_opclass"))


def g_pg_shdescription(session):
    # initdb's comment on the postgres database (PostgreSQL's
    # system_constraints.sql / setup_description)
    if 5 in session.db.cluster.databases:
        yield {"objoid": 5, "classoid": 1262,
               "description": "default administrative connection database"}
    for r in _roles(session):                      # COMMENT ON ROLE (auth/roles.py)
        if r.comment is not None:
            yield {"objoid": r.oid, "classoid": 1260, "description": r.comment}


def g_pg_depend(session):
    # only the dependencies psql shows: a sequence OWNED BY a column ('a')
    # and an identity column's sequence ('i')
    for r in _user_relations(session):
        if r.kind == "S" and r.sequence.owned_by is not None:
            relid, attnum = r.sequence.owned_by
            ident = any(c.identity_seq == r.oid for c in session.db.cat.relations[relid].columns) \
                if relid in session.db.cat.relations else False
            yield {"classid": 1259, "objid": r.oid, "objsubid": 0, "refclassid": 1259, "refobjid": relid,
                   "refobjsubid": attnum, "deptype": "i" if ident else "a"}


def _no_rows(session):
    """Catalogs of objects pgref cannot have (triggers, policies,
    inheritance, partitioning, publications, extended statistics, foreign
    tables, role memberships, per-role settings, encoding conversions --
    pgref speaks only UTF8; materialized views, planner statistics):
    always empty."""
    return iter(())


def g_pg_inherits(session):
    """pg_inherits: one row per (child, parent), inhseqno from 1 in the
    order of the child's INHERITS list (spec/09-engine.md, "Inheritance")."""
    for r in _user_relations(session):
        for seq, parent in enumerate(r.parents, 1):
            yield {"inhrelid": r.oid, "inhparent": parent, "inhseqno": seq, "inhdetachpending": False}


def _owner_name(oid: int) -> str:
    """pg_get_userbyid() of an owner (ALTER ... OWNER TO can change it)."""
    from pgref.engine.sessionfuncs import ROLE_NAMES
    return ROLE_NAMES.get(oid, f"unknown (OID={oid})")


def _acl(items):
    """An aclitem[] column from a stored ACL (None: the default, shown NULL)."""
    return None if items is None else PgArray.from_list(list(items), 1033)


g_pg_policy = g_pg_statistic_ext = _no_rows


def g_pg_trigger(session):
    """pg_trigger: the user triggers (engine/triggercmds.py, spec/09-engine.md "Triggers")."""
    from pgref.engine.triggercmds import pg_trigger_rows
    return pg_trigger_rows(session)
g_pg_publication = g_pg_publication_rel = g_pg_publication_namespace = _no_rows


def g_pg_partitioned_table(session):
    """pg_partitioned_table: one row per partitioned table (spec/09-engine.md,
    "Declarative partitioning"); partexprs is a reference pg_get_expr cannot print."""
    from pgref.catalog.partbounds import default_opclass
    for r in _user_relations(session):
        key = r.partkey
        if key is None:
            continue
        n = len(key.attnums)
        am = "hash" if key.strategy == "h" else "btree"
        classes = [c or default_opclass(t, am) for c, t in zip(key.opclasses, key.types)]
        yield {"partrelid": r.oid, "partstrat": key.strategy, "partnatts": n, "partdefid": key.default_oid,
               "partattrs": PgArray(list(key.attnums), [n], [0], T.INT2OID),
               "partclass": PgArray(classes, [n], [0], T.OIDOID),
               "partcollation": PgArray(list(key.collations), [n], [0], T.OIDOID),
               "partexprs": None if not key.exprs else f"{{PGREF_PARTEXPRS :relid {r.oid}}}"}
g_pg_foreign_table = g_pg_foreign_server = g_pg_foreign_data_wrapper = _no_rows


def g_pg_extension(session):
    # initdb installs PL/pgSQL as an extension
    return _builtin_rows("pg_extension")
g_pg_event_trigger = g_pg_conversion = _no_rows


def g_pg_range(session):
    # built-in rows plus those of CREATE TYPE ... AS RANGE (engine/rangecmds.py)
    cat = session.db.cat
    user = [{"rngtypid": oid, "rngsubtype": td.range["subtype"], "rngmultitypid": td.range["multirange"],
             "rngcollation": td.range["collation"], "rngsubopc": td.range["subopc"],
             "rngcanonical": td.range["canonical"], "rngsubdiff": td.range["subdiff"]}
            for oid, td in cat.type_defs.items() if td.range and "subtype" in td.range]
    return list(_builtin_rows("pg_range")) + user


def g_pg_opfamily(session):
    from pgref.catalog.opclasses import user_rows
    return list(_builtin_rows("pg_opfamily")) + list(user_rows(session.db.cat, "pg_opfamily"))


def g_pg_amop(session):
    from pgref.catalog.opclasses import user_rows
    return list(_builtin_rows("pg_amop")) + list(user_rows(session.db.cat, "pg_amop"))


def g_pg_amproc(session):
    from pgref.catalog.opclasses import user_rows
    return list(_builtin_rows("pg_amproc")) + list(user_rows(session.db.cat, "pg_amproc"))


def g_pg_enum(session):
    for typ, labels in session.db.cat.enum_labels.items():
        for oid, sortorder, label in labels:
            yield {"oid": oid, "enumtypid": typ, "enumsortorder": float(sortorder), "enumlabel": label}


def g_pg_shadow(session):
    for r in _roles(session):
        if r.rolcanlogin:
            yield {"usename": r.rolname, "usesysid": r.oid, "usecreatedb": r.rolcreatedb, "usesuper": r.rolsuper,
                   "userepl": r.rolreplication, "usebypassrls": r.rolbypassrls, "passwd": r.rolpassword,
                   "valuntil": r.rolvaliduntil, "useconfig": _role_config(session, r.oid)}


def g_pg_stat_user_tables(session):
    # pgref keeps no statistics counters: every counter reads zero, as in a
    # freshly started PostgreSQL whose tables were never scanned
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind == "r":
            yield {"relid": r.oid, "schemaname": cat.namespace_name(r.namespace), "relname": r.name,
                   "seq_scan": 0, "seq_tup_read": 0, "idx_scan": 0 if r.indexes else None,
                   "idx_tup_fetch": 0 if r.indexes else None, "n_tup_ins": 0, "n_tup_upd": 0,
                   "n_tup_del": 0, "n_tup_hot_upd": 0, "n_live_tup": 0, "n_dead_tup": 0,
                   "n_mod_since_analyze": 0, "n_ins_since_vacuum": 0, "vacuum_count": 0,
                   "autovacuum_count": 0, "analyze_count": 0, "autoanalyze_count": 0}


g_pg_matviews = _no_rows


def _stat_slots(st):
    """pg_statistic's stakindN slots in analyze.c's order: MCV, histogram,
    correlation (engine/analyze.py)."""
    slots = []
    if st.mcv:
        slots.append((1, st.eqop, st.mcf, PgArray.from_list(st.mcv, st.typ)))
    if st.histogram:
        slots.append((2, st.ltop, None, PgArray.from_list(st.histogram, st.typ)))
    if st.correlation is not None:
        slots.append((3, st.ltop, [st.correlation], None))
    return slots


def _colstats(session):
    """(relation, attnum, ColumnStats) for every analyzed column, in order."""
    st = getattr(session.db, "colstats", None) or {}
    rels = session.db.cat.relations
    for (relid, attnum), cs in sorted(st.items(), key=lambda kv: kv[0]):
        r = rels.get(relid)
        if r is not None and 0 < attnum <= len(r.columns) and not r.columns[attnum - 1].dropped \
                and (not cs.typ or cs.typ == r.columns[attnum - 1].typ):     # a type change voids them
            yield r, attnum, cs


def g_pg_statistic(session):
    """pg_statistic from ANALYZE's statistics (engine/analyze.py)."""
    for r, attnum, cs in _colstats(session):
        row = {"starelid": r.oid, "staattnum": attnum, "stainherit": False, "stanullfrac": cs.null_frac,
               "stawidth": cs.avg_width, "stadistinct": cs.n_distinct}
        for i in range(1, 6):
            row[f"stakind{i}"] = 0
            row[f"staop{i}"] = 0
            row[f"stacoll{i}"] = 0
        for i, (kind, op, numbers, values) in enumerate(_stat_slots(cs), 1):
            row[f"stakind{i}"] = kind
            row[f"staop{i}"] = op
            row[f"stacoll{i}"] = 950 if cs.typ == T.NAMEOID else \
                100 if cs.typ in (T.TEXTOID, T.VARCHAROID, T.BPCHAROID) else 0      # "C" / default
            row[f"stanumbers{i}"] = PgArray.from_list(numbers, T.FLOAT4OID) if numbers is not None else None
            row[f"stavalues{i}"] = values
        yield row


def g_pg_stats(session):
    """The pg_stats view over pg_statistic (system_views.sql)."""
    cat = session.db.cat
    for r, attnum, cs in _colstats(session):
        yield {"schemaname": cat.namespace_name(r.namespace), "tablename": r.name,
               "attname": r.columns[attnum - 1].name, "inherited": False, "null_frac": cs.null_frac,
               "avg_width": cs.avg_width, "n_distinct": cs.n_distinct,
               "most_common_vals": PgArray.from_list(cs.mcv, cs.typ) if cs.mcv else None,
               "most_common_freqs": PgArray.from_list(cs.mcf, T.FLOAT4OID) if cs.mcf else None,
               "histogram_bounds": PgArray.from_list(cs.histogram, cs.typ) if cs.histogram else None,
               "correlation": cs.correlation}


def g_pg_group(session):
    """pg_group: the roles that cannot log in, with their direct members."""
    from pgref.auth.roles import rolecat
    rc = rolecat(session)
    for r in _roles(session):
        if not r.rolcanlogin:
            members = [m.member for m in rc.members if m.roleid == r.oid]
            yield {"groname": r.rolname, "grosysid": r.oid, "grolist": PgArray.from_list(members, T.OIDOID)}


def g_pg_sequence(session):
    for r in _user_relations(session):
        if r.kind == "S":
            s = r.sequence
            yield {"seqrelid": r.oid, "seqtypid": s.typ, "seqstart": s.start, "seqincrement": s.increment,
                   "seqmax": s.maxvalue, "seqmin": s.minvalue, "seqcache": s.cache, "seqcycle": s.cycle}


def g_pg_database(session):
    # a shared catalog: the cluster's rows, the same from every database
    # (engine/cluster.py, spec/09-engine.md "Databases and the cluster")
    import dataclasses
    for e in list(session.db.cluster.databases.values()):
        row = dataclasses.asdict(e)
        if e.datacl is not None:
            row["datacl"] = PgArray.from_list(e.datacl, 1033)
        yield row


def g_pg_db_role_setting(session):
    for (db, role), conf in list(session.db.cluster.role_settings.items()):
        yield {"setdatabase": db, "setrole": role, "setconfig": PgArray.from_list(conf, T.TEXTOID)}


def g_pg_roles(session):
    for r in _roles(session):
        yield {"rolname": r.rolname, "rolsuper": r.rolsuper, "rolinherit": r.rolinherit,
               "rolcreaterole": r.rolcreaterole, "rolcreatedb": r.rolcreatedb, "rolcanlogin": r.rolcanlogin,
               "rolreplication": r.rolreplication, "rolconnlimit": r.rolconnlimit, "rolpassword": "********",
               "rolvaliduntil": r.rolvaliduntil, "rolbypassrls": r.rolbypassrls,
               "rolconfig": _role_config(session, r.oid), "oid": r.oid}


def g_pg_locks(session):
    """pg_locks: the relation locks taken by LOCK TABLE (mvcc/tablelock.py),
    one row per held mode; pgref has no other heavyweight locks to show."""
    from pgref.engine.lockcmds import held_locks
    for relid, mode, holder in held_locks(session):
        pid = getattr(holder, "pid", 0)
        yield {"locktype": "relation", "database": session.db.dboid, "relation": relid,
               "virtualtransaction": f"{pid % 1000}/1", "pid": pid, "mode": mode, "granted": True,
               "fastpath": False}


def g_pg_settings(session):
    from pgref.engine.guc import SETTINGS
    for key, st in sorted(SETTINGS.items()):
        if st.name == "datestyle_unused":
            continue
        yield {"name": st.name, "setting": session.settings.values[key], "category": st.category,
               "short_desc": st.description, "context": st.context, "vartype": "string",
               "source": "default", "boot_val": st.default, "reset_val": st.default, "pending_restart": False}


@functools.cache
def builtin_descriptions() -> dict[tuple[int, int, int], str]:
    """initdb's comments on built-in objects: (objoid, classoid, objsubid)
    -> description (data/pg_description.csv)."""
    return {(int(r["objoid"]), int(r["classoid"]), int(r["objsubid"])): r["description"]
            for r in builtin.rows("pg_description")}


def g_pg_description(session):
    for (objoid, classoid, objsubid), text in builtin_descriptions().items():
        yield {"objoid": objoid, "classoid": classoid, "objsubid": objsubid, "description": text}
    for r in _user_relations(session):
        if r.comment is not None:
            yield {"objoid": r.oid, "classoid": 1259, "objsubid": 0, "description": r.comment}
        for c in r.columns:
            if getattr(c, "comment", None) is not None:
                yield {"objoid": r.oid, "classoid": 1259, "objsubid": c.attnum, "description": c.comment}
    cat = session.db.cat
    for p in cat.user_procs.values():              # COMMENT ON AGGREGATE (engine/aggregatecmds.py)
        if getattr(p, "agg", None) and p.agg.get("comment") is not None:
            yield {"objoid": p.oid, "classoid": 1255, "objsubid": 0, "description": p.agg["comment"]}
    for o in cat.user_operators.values():          # COMMENT ON OPERATOR (engine/operatorcmds.py)
        if o.comment is not None:
            yield {"objoid": o.oid, "classoid": 2617, "objsubid": 0, "description": o.comment}
    for oid, td in cat.type_defs.items():          # COMMENT ON TYPE / DOMAIN / COLUMN of a composite type
        if td.comment is not None:
            yield {"objoid": oid, "classoid": 1247, "objsubid": 0, "description": td.comment}
        row = cat.user_types.get(oid)
        for attnum, text in td.attribute_comments.items():
            if row is not None:
                yield {"objoid": row.relid, "classoid": 1259, "objsubid": attnum, "description": text}


def g_pg_tables(session):
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind == "r":
            yield {"schemaname": cat.namespace_name(r.namespace), "tablename": r.name, "tableowner": _owner_name(r.owner),
                   "tablespace": None, "hasindexes": bool(r.indexes), "hasrules": bool(r.rules), "hastriggers": False,
                   "rowsecurity": False}


def _view_definition(session, rel):
    """pg_get_viewdef(oid) for pg_views.definition.  Views whose text
    ruleutils cannot rebuild yet show NULL here rather than making every
    scan of pg_views fail; pg_get_viewdef() itself raises 0A000 for them."""
    from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
    try:
        from pgref.catalog.querydeparse import view_definition
        return view_definition(session, rel.oid, False)
    except PgError as e:
        if e.sqlstate != FEATURE_NOT_SUPPORTED:
            raise
        return None


def g_pg_views(session):
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind == "v":
            yield {"schemaname": cat.namespace_name(r.namespace), "viewname": r.name, "viewowner": _owner_name(r.owner),
                   "definition": _view_definition(session, r)}


def g_pg_rules(session):
    """pg_rules: every rule but a view's "_RETURN" (spec/17-rewrite.md)."""
    from pgref.planner.rewrite_deparse import rule_definition
    cat = session.db.cat
    for r in _user_relations(session):
        for ru in sorted(r.rules, key=lambda x: x.name):
            yield {"schemaname": cat.namespace_name(r.namespace), "tablename": r.name, "rulename": ru.name,
                   "definition": rule_definition(session, r, ru, False)}


def g_pg_indexes(session):
    cat = session.db.cat
    for r in _user_relations(session):
        for idx in r.indexes:
            cols = ", ".join(r.columns[a - 1].name + (" DESC" if d else "")
                             for a, d in zip(idx.columns, idx.descending or [False] * len(idx.columns)))
            nsp = cat.namespace_name(r.namespace)
            yield {"schemaname": nsp, "tablename": r.name, "indexname": idx.name, "tablespace": None,
                   "indexdef": f"CREATE {'UNIQUE ' if idx.unique else ''}INDEX {idx.name} ON {nsp}.{r.name} "
                               f"USING {idx.am} ({cols})"}


def g_pg_sequences(session):
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind == "S":
            s = r.sequence
            st = session.db.seq_state.get(r.oid, [s.start, False])
            yield {"schemaname": cat.namespace_name(r.namespace), "sequencename": r.name,
                   "sequenceowner": _owner_name(r.owner), "data_type": s.typ, "start_value": s.start,
                   "min_value": s.minvalue, "max_value": s.maxvalue, "increment_by": s.increment,
                   "cycle": s.cycle, "cache_size": s.cache, "last_value": st[0] if st[1] else None}


# ---------------------------------------------------------------- information_schema
def _is_type_name(cat, typ: int) -> str:
    t = cat.typeinfo(typ)
    if t is None:
        return "USER-DEFINED"
    if t.category == "A":
        return "ARRAY"
    if t.namespace != PG_CATALOG:
        return "USER-DEFINED"
    return cat.format_type(typ)


def _view_events(session, r) -> int:
    """pg_relation_is_updatable(view, false) (analyzer/viewupdate.py)."""
    if r.kind != "v":
        return 0
    from pgref.analyzer.viewupdate import relation_events
    return relation_events(session, r.oid, False)


def _column_updatable(session, r, attnum: int) -> bool:
    from pgref.analyzer.viewupdate import column_updatable
    return column_updatable(session, r.oid, attnum, False)


def is_tables(session):
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind in ("r", "v"):
            yield {"table_catalog": session.database, "table_schema": cat.namespace_name(r.namespace),
                   "table_name": r.name, "table_type": "BASE TABLE" if r.kind == "r" else "VIEW",
                   "is_insertable_into": "YES" if r.kind == "r" or _view_events(session, r) & 8 else "NO",
                   "is_typed": "NO"}


def is_schemata(session):
    for ns in session.db.cat.namespaces.values():
        yield {"catalog_name": session.database, "schema_name": ns.name,
               "schema_owner": _owner_name(ns.owner)}


def is_columns(session):
    cat = session.db.cat
    from pgref.types import oids
    for r in _user_relations(session):
        if r.kind not in ("r", "v"):
            continue
        for c in r.columns:
            if c.dropped:
                continue
            d = {"table_catalog": session.database, "table_schema": cat.namespace_name(r.namespace),
                 "table_name": r.name, "column_name": c.name, "ordinal_position": c.attnum,
                 "is_nullable": "NO" if c.notnull else "YES", "data_type": _is_type_name(cat, c.typ),
                 "udt_catalog": session.database, "udt_schema": "pg_catalog",
                 "udt_name": cat.typeinfo(c.typ).name if cat.typeinfo(c.typ) else None,
                 "is_identity": "YES" if c.identity else "NO", "is_generated": "NEVER",
                 "is_self_referencing": "NO", "is_updatable": "YES" if r.kind == "r" or (
                     r.kind == "v" and _column_updatable(session, r, c.attnum)) else "NO",
                 "dtd_identifier": str(c.attnum)}
            if c.identity:
                d["identity_generation"] = "ALWAYS" if c.identity == "a" else "BY DEFAULT"
            if c.typ in (oids.VARCHAROID, oids.BPCHAROID) and c.typmod >= 4:
                d["character_maximum_length"] = c.typmod - 4
                d["character_octet_length"] = (c.typmod - 4) * 4
            elif c.typ in (oids.VARCHAROID, oids.BPCHAROID, oids.TEXTOID):
                d["character_octet_length"] = 1073741824
            if c.typ in (oids.INT2OID, oids.INT4OID, oids.INT8OID):
                d["numeric_precision"] = {oids.INT2OID: 16, oids.INT4OID: 32, oids.INT8OID: 64}[c.typ]
                d["numeric_precision_radix"] = 2
                d["numeric_scale"] = 0
            elif c.typ in (oids.FLOAT4OID, oids.FLOAT8OID):
                d["numeric_precision"] = 24 if c.typ == oids.FLOAT4OID else 53
                d["numeric_precision_radix"] = 2
            elif c.typ == oids.NUMERICOID:
                d["numeric_precision_radix"] = 10
                if c.typmod >= 4:
                    m = c.typmod - 4
                    d["numeric_precision"] = (m >> 16) & 0xFFFF
                    d["numeric_scale"] = m & 0xFFFF
            if _has_default(c):
                # pg_get_expr(adbin, adrelid), as information_schema.columns has it
                from pgref.catalog.deparse import deparse_default
                from pgref.executor.context import ExecContext
                text = deparse_default(c.default, c.typ, False, ExecContext(settings=session.settings.io, cat=cat))
                if c.generated:          # a generation expression (engine/generated.py)
                    d["is_generated"], d["generation_expression"] = "ALWAYS", text
                else:
                    d["column_default"] = text
            yield d


def is_table_constraints(session):
    cat = session.db.cat
    kinds = {"p": "PRIMARY KEY", "u": "UNIQUE", "f": "FOREIGN KEY", "c": "CHECK"}
    for r in _user_relations(session):
        nsp = cat.namespace_name(r.namespace)
        for c in r.constraints:
            yield {"constraint_catalog": session.database, "constraint_schema": nsp, "constraint_name": c.name,
                   "table_catalog": session.database, "table_schema": nsp, "table_name": r.name,
                   "constraint_type": kinds[c.kind], "is_deferrable": "YES" if c.deferrable else "NO",
                   "initially_deferred": "YES" if c.deferred else "NO", "enforced": "YES", "nulls_distinct": None
                   if c.kind != "u" else "YES"}
        for col in r.columns:
            if col.notnull and not col.dropped:
                yield {"constraint_catalog": session.database, "constraint_schema": nsp,
                       "constraint_name": f"{r.namespace}_{r.oid}_{col.attnum}_not_null",
                       "table_catalog": session.database, "table_schema": nsp, "table_name": r.name,
                       "constraint_type": "CHECK", "is_deferrable": "NO", "initially_deferred": "NO",
                       "enforced": "YES"}


def is_key_column_usage(session):
    cat = session.db.cat
    for r in _user_relations(session):
        nsp = cat.namespace_name(r.namespace)
        for c in r.constraints:
            if c.kind not in ("p", "u", "f"):
                continue
            for i, a in enumerate(c.columns, 1):
                d = {"constraint_catalog": session.database, "constraint_schema": nsp, "constraint_name": c.name,
                     "table_catalog": session.database, "table_schema": nsp, "table_name": r.name,
                     "column_name": r.columns[a - 1].name, "ordinal_position": i}
                if c.kind == "f":
                    d["position_in_unique_constraint"] = i
                yield d


_RULES = {"c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT", "r": "RESTRICT", "a": "NO ACTION"}


def is_referential_constraints(session):
    cat = session.db.cat
    for r in _user_relations(session):
        for c in r.constraints:
            if c.kind != "f":
                continue
            # the referenced table's primary key or unique constraint whose
            # index the foreign key uses (NULL for a bare unique index)
            indid = c.index_oid or _fk_index(cat, c)
            ref = cat.relations.get(c.ref_relid)
            uc = next((u for u in (ref.constraints if ref else ()) if u.kind in ("p", "u") and indid
                       and u.index_oid == indid), None)
            nsp = cat.namespace_name(r.namespace)
            yield {"constraint_catalog": session.database, "constraint_schema": nsp, "constraint_name": c.name,
                   "unique_constraint_catalog": session.database if uc else None,
                   "unique_constraint_schema": cat.namespace_name(ref.namespace) if uc else None,
                   "unique_constraint_name": uc.name if uc else None,
                   "match_option": {"f": "FULL", "p": "PARTIAL", "s": "NONE"}[c.match],
                   "update_rule": _RULES[c.on_update], "delete_rule": _RULES[c.on_delete]}


def is_views(session):
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind == "v":
            # automatically updatable views (analyzer/viewupdate.py)
            from pgref.executor.triggers import has_instead_trigger
            ev = _view_events(session, r)
            opt = next((o.split("=", 1)[1].upper() for o in (r.reloptions or ()) if o.startswith("check_option=")),
                       "NONE")
            yn = lambda b: "YES" if b else "NO"  # noqa: E731
            yield {"table_catalog": session.database, "table_schema": cat.namespace_name(r.namespace),
                   "table_name": r.name, "check_option": opt, "is_updatable": yn(ev & 20 == 20),
                   "is_insertable_into": yn(ev & 8), "is_trigger_updatable": yn(has_instead_trigger(r, "UPDATE")),
                   "is_trigger_deletable": yn(has_instead_trigger(r, "DELETE")),
                   "is_trigger_insertable_into": yn(has_instead_trigger(r, "INSERT"))}


def is_sequences(session):
    cat = session.db.cat
    for r in _user_relations(session):
        if r.kind == "S":
            s = r.sequence
            yield {"sequence_catalog": session.database, "sequence_schema": cat.namespace_name(r.namespace),
                   "sequence_name": r.name, "data_type": cat.format_type(s.typ),
                   "numeric_precision": {T.INT2OID: 16, T.INT4OID: 32, T.INT8OID: 64}[s.typ],
                   "numeric_precision_radix": 2, "numeric_scale": 0, "start_value": str(s.start),
                   "minimum_value": str(s.minvalue), "maximum_value": str(s.maxvalue),
                   "increment": str(s.increment), "cycle_option": "YES" if s.cycle else "NO"}


_GENERATORS = {name[2:]: fn for name, fn in list(globals().items()) if name.startswith("g_pg_")}
_GENERATORS.update({name: fn for name, fn in list(globals().items()) if name.startswith("is_")})


def g_pg_cursors(session):
    from pgref.engine.cursors import pg_cursors_rows
    for name, stmt, hold, binary, scroll, ts in pg_cursors_rows(session):
        yield {"name": name, "statement": stmt, "is_holdable": hold, "is_binary": binary,
               "is_scrollable": scroll, "creation_time": ts}


_GENERATORS["pg_cursors"] = g_pg_cursors


# text search catalogs: pg_ts_parser, pg_ts_template, pg_ts_dict, pg_ts_config,
# pg_ts_config_map (rows from pgref/tsearch/catalog.py, spec/14-tsearch.md)
from pgref.tsearch.catalog import GENERATORS as _TS_GENERATORS  # noqa: E402
_GENERATORS.update(_TS_GENERATORS)

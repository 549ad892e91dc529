"""Saving and loading a database's user catalog as catalog relations.

Where it sits: ``engine/`` (spec/04-catalog.md, "Persistence").  The user
catalog is written into heap relations named like PostgreSQL's catalogs --
``pg_namespace``, ``pg_class``, ``pg_attribute``, ``pg_attrdef``,
``pg_constraint``, ``pg_index``, ``pg_sequence``, ``pg_depend``,
``pg_rewrite``, ``pg_type``, ``pg_description`` -- in 8 KB heap pages under
``DATA/base/<dboid>/``, each row frozen (xmin 2, always visible).  Their
columns are the subset of PostgreSQL's that pgref's catalog model needs
(table below); expressions (defaults, CHECK constraints, view queries) are
stored in the ``pg_node_tree``-like text columns as serialized raw parse
trees (``{"_": "A_Const", ...}``).

Which relation file holds each catalog is recorded in
``DATA/base/<dboid>/pg_filenode.map``, like PostgreSQL's relation mapper,
which keeps one map per database for its mapped catalogs (and one in
``global/`` for the shared ones, written by ``engine/cluster.py``).  A
database without a map has no user objects yet (a fresh cluster's three
databases, spec/09-engine.md "Databases and the cluster").  A save writes every catalog into *new* relation files,
syncs them, then replaces the map atomically (write, fsync, rename), then
deletes the old files (INV-CAT-4: the map always names a complete,
committed catalog; a crash in between leaves the previous one).
"""
from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

from pgref.access.heap.heapam import HeapRelation
from pgref.catalog import catalog as C
from pgref.catalog.builtin import TypeRow, types as builtin_types
from pgref.sql import ast as A
from pgref.types import oids as T

FORMAT_VERSION = 2
FROZEN_XID = 2
OID, NAME, CHAR, BOOL, INT2, INT4, INT8, TEXT = (T.OIDOID, T.NAMEOID, T.CHAROID, T.BOOLOID, T.INT2OID,
                                                 T.INT4OID, T.INT8OID, T.TEXTOID)

# catalog -> columns (a subset of PostgreSQL's, same names)
CATALOGS: dict[str, list[tuple[str, int]]] = {
    "pg_proc": [("oid", OID), ("proname", NAME), ("pronamespace", OID), ("proowner", OID), ("prolang", OID),
                ("prokind", CHAR), ("prorettype", OID), ("proretset", BOOL), ("provariadic", OID),
                ("proargtypes", TEXT), ("prosrc", TEXT), ("probin", TEXT), ("prodef", TEXT)],
    "pg_namespace": [("oid", OID), ("nspname", NAME), ("nspowner", OID), ("nspacl", TEXT)],
    "pg_class": [("oid", OID), ("relname", NAME), ("relnamespace", OID), ("reltype", OID), ("relowner", OID),
                 ("relfilenode", OID), ("relpersistence", CHAR), ("relkind", CHAR), ("relnatts", INT2),
                 ("relacl", TEXT), ("relam", OID), ("reltoastrelid", OID), ("reltoastidxid", OID),
                 ("reloptions", TEXT), ("reltoastoptions", TEXT)],
    "pg_attribute": [("attrelid", OID), ("attname", NAME), ("atttypid", OID), ("attnum", INT2),
                     ("atttypmod", INT4), ("attnotnull", BOOL), ("attidentity", CHAR), ("attgenerated", CHAR),
                     ("attisdropped", BOOL), ("attcollation", OID), ("attinhcount", INT4), ("attislocal", BOOL),
                     ("attacl", TEXT), ("attstorage", CHAR), ("attcompression", CHAR), ("attoptions", TEXT)],
    "pg_attrdef": [("adrelid", OID), ("adnum", INT2), ("adbin", TEXT)],
    "pg_constraint": [("oid", OID), ("conname", NAME), ("contype", CHAR), ("condeferrable", BOOL),
                      ("condeferred", BOOL), ("convalidated", BOOL), ("conrelid", OID), ("conindid", OID),
                      ("confrelid", OID), ("confupdtype", CHAR), ("confdeltype", CHAR), ("confmatchtype", CHAR),
                      ("connoinherit", BOOL), ("conkey", TEXT), ("confkey", TEXT), ("conbin", TEXT),
                      ("coninhcount", INT4), ("conislocal", BOOL)],
    "pg_inherits": [("inhrelid", OID), ("inhparent", OID), ("inhseqno", INT4)],
    "pg_opfamily": [("oid", OID), ("opfmethod", OID), ("opfname", NAME), ("opfnamespace", OID), ("opfowner", OID)],
    "pg_opclass": [("oid", OID), ("opcmethod", OID), ("opcname", NAME), ("opcnamespace", OID), ("opcowner", OID),
                   ("opcfamily", OID), ("opcintype", OID), ("opcdefault", BOOL), ("opckeytype", OID)],
    "pg_amop": [("oid", OID), ("amopfamily", OID), ("amoplefttype", OID), ("amoprighttype", OID),
                ("amopstrategy", INT2), ("amoppurpose", CHAR), ("amopopr", OID), ("amopsortfamily", OID)],
    "pg_amproc": [("oid", OID), ("amprocfamily", OID), ("amproclefttype", OID), ("amprocrighttype", OID),
                  ("amprocnum", INT2), ("amproc", OID)],
    "pg_index": [("indexrelid", OID), ("indrelid", OID), ("indisunique", BOOL), ("indisprimary", BOOL),
                 ("indnullsnotdistinct", BOOL), ("indkey", TEXT), ("indoption", TEXT), ("indconstraint", OID),
                 ("indpred", TEXT)],
    "pg_sequence": [("seqrelid", OID), ("seqtypid", OID), ("seqstart", INT8), ("seqincrement", INT8),
                    ("seqmax", INT8), ("seqmin", INT8), ("seqcache", INT8), ("seqcycle", BOOL),
                    ("last_value", INT8), ("is_called", BOOL)],
    "pg_depend": [("objid", OID), ("refobjid", OID), ("refobjsubid", INT4), ("deptype", CHAR)],
    "pg_rewrite": [("ev_class", OID), ("ev_action", TEXT)],
    # CREATE RULE rules (engine/rulecmds.py, spec/17-rewrite.md): pg_rewrite's
    # columns, kept apart from the views' rows above so that older data
    # directories still load; ev_qual / ev_action hold the raw trees
    "pg_rewrite_rules": [("oid", OID), ("rulename", NAME), ("ev_class", OID), ("ev_type", CHAR),
                         ("ev_enabled", CHAR), ("is_instead", BOOL), ("ev_qual", TEXT), ("ev_action", TEXT),
                         ("description", TEXT)],
    "pg_type": [("oid", OID), ("typname", NAME), ("typnamespace", OID), ("typlen", INT2), ("typtype", CHAR),
                ("typcategory", CHAR), ("typrelid", OID), ("typelem", OID), ("typarray", OID),
                ("typalign", CHAR), ("typbyval", BOOL), ("typbasetype", OID), ("typtypmod", INT4),
                ("typcollation", OID), ("typdelim", CHAR), ("typdef", TEXT)],
    # typdef: pgref's own column, the JSON of catalog/typedefs.py's TypeDef (I/O
    # procedures, a domain's NOT NULL / DEFAULT / CHECK constraints as raw
    # trees, a composite type's attributes)
    "pg_enum": [("oid", OID), ("enumtypid", OID), ("enumsortorder", T.FLOAT4OID), ("enumlabel", NAME)],
    "pg_cast": [("oid", OID), ("castsource", OID), ("casttarget", OID), ("castfunc", OID), ("castcontext", CHAR),
                ("castmethod", CHAR)],
    "pg_description": [("objoid", OID), ("objsubid", INT4), ("description", TEXT)],
    # CREATE OPERATOR (engine/operatorcmds.py); oprcomment: pgref's own column (COMMENT ON OPERATOR)
    "pg_operator": [("oid", OID), ("oprname", NAME), ("oprnamespace", OID), ("oprowner", OID), ("oprkind", CHAR),
                    ("oprcanmerge", BOOL), ("oprcanhash", BOOL), ("oprleft", OID), ("oprright", OID),
                    ("oprresult", OID), ("oprcom", OID), ("oprnegate", OID), ("oprcode", OID), ("oprrest", OID),
                    ("oprjoin", OID), ("oprcomment", TEXT)],
    # tgdef: pgref's own column, JSON of the rest of catalog.Trigger (spec/09-engine.md, "Triggers")
    "pg_trigger": [("oid", OID), ("tgrelid", OID), ("tgname", NAME), ("tgfoid", OID), ("tgtype", INT2),
                   ("tgenabled", CHAR), ("tgisinternal", BOOL), ("tgattr", TEXT), ("tgargs", TEXT),
                   ("tgqual", TEXT), ("tgdef", TEXT)],
}


# ---------------------------------------------------------------- AST <-> text
def node_to_json(v: Any) -> Any:
    if isinstance(v, A.Node):
        out = {"_": type(v).__name__}
        for f in dataclasses.fields(v):
            x = getattr(v, f.name)
            if f.default is not dataclasses.MISSING and x == f.default and type(x) is type(f.default):
                continue
            out[f.name] = node_to_json(x)
        return out
    if isinstance(v, tuple):
        return {"t": [node_to_json(x) for x in v]}
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    raise TypeError(f"cannot serialize {type(v).__name__}")


def node_from_json(v: Any) -> Any:
    if isinstance(v, dict):
        if "_" in v:
            cls = getattr(A, v["_"])
            return cls(**{k: node_from_json(x) for k, x in v.items() if k != "_"})
        if "t" in v:
            return tuple(node_from_json(x) for x in v["t"])
    return v


def _tree(node) -> str | None:
    return None if node is None else json.dumps(node_to_json(node))


def _untree(text: str | None):
    return None if text is None else node_from_json(json.loads(text))


def _acl(items) -> str | None:
    """An ACL (list of aclitem texts, None = default) as stored text."""
    return None if items is None else json.dumps(list(items))


def _unacl(text: str | None) -> list[str] | None:
    return None if text is None else json.loads(text)


def _vec(ints) -> str:
    return " ".join(str(i) for i in ints)


def _unvec(text: str | None) -> list[int]:
    return [int(x) for x in text.split()] if text else []


# ---------------------------------------------------------------- catalog -> rows
def catalog_rows(db) -> dict[str, list[tuple]]:
    cat = db.cat
    out: dict[str, list[tuple]] = {name: [] for name in CATALOGS}
    builtin_ns = {C.PG_CATALOG, C.PG_TOAST, C.INFORMATION_SCHEMA}
    for ns in cat.namespaces.values():
        if ns.oid not in builtin_ns and not ns.name.startswith("pg_temp_"):
            out["pg_namespace"].append((ns.oid, ns.name, ns.owner, _acl(ns.acl)))
    if C.PUBLIC not in cat.namespaces:
        out["pg_namespace"].append((C.PUBLIC, "", -1, None))     # marks public as dropped
    seq_state = db.seq_logged_state()
    for r in cat.relations.values():
        if r.persistence == "t":
            continue                                        # temporary: never persisted
        out["pg_class"].append((r.oid, r.name, r.namespace, r.rowtype, r.owner, r.relfilenode,
                                r.persistence, r.kind, len(r.columns), _acl(r.acl), 0,
                                r.toast_oid, r.toast_index_oid, _json_list(r.reloptions),
                                _json_list(r.toast_reloptions)))
        for seq, parent in enumerate(r.parents, 1):
            out["pg_inherits"].append((r.oid, parent, seq))
        for c in r.columns:
            out["pg_attribute"].append((r.oid, c.name, c.typ, c.attnum, c.typmod, c.notnull, c.identity or "",
                                        c.generated or "", c.dropped, c.collation, c.inhcount, c.islocal,
                                        _acl(c.acl), c.storage, c.compression, _json_list(c.options)))
            if c.default is not None:
                out["pg_attrdef"].append((r.oid, c.attnum, _tree(c.default)))
            if c.identity_seq:
                out["pg_depend"].append((c.identity_seq, r.oid, c.attnum, "i"))
            if getattr(c, "comment", None) is not None:
                out["pg_description"].append((r.oid, c.attnum, c.comment))
        if r.comment is not None:
            out["pg_description"].append((r.oid, 0, r.comment))
        for con in r.constraints:
            out["pg_constraint"].append((con.oid, con.name, con.kind, con.deferrable, con.deferred, con.validated,
                                         r.oid, con.index_oid, con.ref_relid, con.on_update, con.on_delete,
                                         con.match, con.no_inherit, _vec(con.columns), _vec(con.ref_columns),
                                         _tree(con.check), con.inhcount, con.islocal))
        for idx in r.indexes:
            out["pg_class"].append((idx.oid, idx.name, r.namespace, 0, r.owner, idx.relfilenode,
                                    r.persistence, "i", len(idx.columns), None,
                                    405 if idx.am == "hash" else 403, 0, 0, None, None))
            opts = [(1 if d else 0) | (2 if n else 0) for d, n in
                    zip(idx.descending or [False] * len(idx.columns), idx.nulls_first or [False] * len(idx.columns))]
            out["pg_index"].append((idx.oid, r.oid, idx.unique, idx.primary, idx.nulls_not_distinct,
                                    _vec(idx.columns), _vec(opts), idx.constraint_oid, _tree(idx.predicate)))
        if r.kind == "S":
            s = r.sequence
            last, called = seq_state.get(r.oid, [s.start, False])
            out["pg_sequence"].append((r.oid, s.typ, s.start, s.increment, s.maxvalue, s.minvalue, s.cache,
                                       s.cycle, last, called))
            if s.owned_by:
                out["pg_depend"].append((r.oid, s.owned_by[0], s.owned_by[1], "a"))
        if r.kind == "v":
            out["pg_rewrite"].append((r.oid, _tree(r.view_query)))
        for ru in r.rules:
            out["pg_rewrite_rules"].append((ru.oid, ru.name, r.oid, ru.event[0], ru.enabled, ru.instead,
                                            _tree(ru.qual), json.dumps([node_to_json(a) for a in ru.actions]), ru.comment))
        for tg in r.triggers:
            out["pg_trigger"].append((tg.oid, r.oid, tg.name, tg.funcoid, tg.tgtype, tg.enabled, tg.internal,
                                      _vec(tg.attrs), json.dumps(list(tg.args)), _tree(tg.qual),
                                      json.dumps({k: getattr(tg, k) for k in _TRIGGER_EXTRA})))
    for f in cat.opfamilies.values():
        out["pg_opfamily"].append((f.oid, f.method, f.name, f.namespace, f.owner))
        for o in f.operators:
            out["pg_amop"].append((o.oid, f.oid, o.lefttype, o.righttype, o.strategy, o.purpose, o.opr,
                                   o.sortfamily))
        for pr in f.procs:
            out["pg_amproc"].append((pr.oid, f.oid, pr.lefttype, pr.righttype, pr.num, pr.proc))
    for c in cat.opclasses.values():
        out["pg_opclass"].append((c.oid, c.method, c.name, c.namespace, c.owner, c.family, c.intype,
                                  c.is_default, c.keytype))
    for t in cat.user_types.values():
        td = cat.type_defs.get(t.oid)
        out["pg_type"].append((t.oid, t.name, t.namespace, t.typlen, t.typtype, t.category, t.relid, t.elem,
                               t.array, t.align, t.typbyval, t.basetype, t.typmod, t.collation, t.delim,
                               None if td is None else _typedef_json(td)))
    for typoid, labels in cat.enum_labels.items():
        for oid, order, label in labels:
            out["pg_enum"].append((oid, typoid, order, label))
    for c in getattr(cat, "user_casts", {}).values():
        out["pg_cast"].append((c.oid, c.source, c.target, c.func, c.context, c.method))
    for p in cat.user_procs.values():
        out["pg_proc"].append((p.oid, p.name, p.namespace, p.owner, p.lang, p.kind, p.rettype, p.retset, p.variadic,
                               _vec(p.argtypes), p.prosrc, p.probin, _userproc_json(p)))
    for o in cat.user_operators.values():
        out["pg_operator"].append((o.oid, o.name, o.namespace, o.owner, o.kind, o.canmerge, o.canhash, o.left,
                                   o.right, o.result, o.commutator, o.negator, o.code, o.rest, o.join, o.comment))
    return out


_TRIGGER_EXTRA = ("qual_text", "constraint", "deferrable", "initdeferred", "constrrelid", "oldtable", "newtable")


# user routines (spec/12-functions.md): the columns not stored on their own
# go into ``prodef`` as JSON; SQL-standard bodies and DEFAULT expressions are
# serialized raw parse trees, like column defaults
_PROC_SCALARS = ("strict", "volatile", "nargs", "nargdefaults", "allargtypes", "argmodes", "argnames", "secdef",
                 "leakproof", "parallel", "cost", "rows", "support", "config", "text", "depends", "agg", "acl")


def _userproc_json(p) -> str:
    d = {k: getattr(p, k) for k in _PROC_SCALARS}
    d["sqlbody"] = node_to_json(p.sqlbody) if p.sqlbody is not None else None
    d["defaults"] = [node_to_json(x) for x in p.defaults]
    return json.dumps(d)


def _userproc_from_row(r: dict):
    from pgref.catalog.userprocs import UserProc
    d = json.loads(r["prodef"])
    tup = lambda v: tuple(v) if v is not None else None  # noqa: E731
    return UserProc(
        oid=r["oid"], name=r["proname"], namespace=r["pronamespace"], lang=r["prolang"], kind=r["prokind"],
        strict=d["strict"], retset=r["proretset"], volatile=d["volatile"], nargs=d["nargs"],
        nargdefaults=d["nargdefaults"], rettype=r["prorettype"], argtypes=tuple(_unvec(r["proargtypes"])),
        allargtypes=tup(d["allargtypes"]), argmodes=tup(d["argmodes"]), argnames=tup(d["argnames"]),
        argdefaults="", variadic=r["provariadic"], prosrc=r["prosrc"], owner=r["proowner"], probin=r["probin"],
        sqlbody=node_from_json(d["sqlbody"]) if d["sqlbody"] is not None else None,
        defaults=tuple(node_from_json(x) for x in d["defaults"]), secdef=d["secdef"], leakproof=d["leakproof"],
        parallel=d["parallel"], cost=d["cost"], rows=d["rows"], support=d["support"], config=tuple(d["config"]),
        text=d["text"], depends=tuple(tuple(x) for x in d.get("depends", ())), agg=d.get("agg"),
        acl=tup(d.get("acl")))


def _typedef_json(td) -> str:
    d = dataclasses.asdict(td)
    d["default"] = node_to_json(td.default) if td.default is not None else None
    d["constraints"] = [{**dataclasses.asdict(c), "check": node_to_json(c.check) if c.check is not None else None}
                        for c in td.constraints]
    return json.dumps(d)


def _typedef_from_json(text: str):
    from pgref.catalog.typedefs import DomainConstraint, TypeDef
    d = json.loads(text)
    d["default"] = node_from_json(d["default"]) if d.get("default") is not None else None
    d["constraints"] = [DomainConstraint(**{**c, "check": node_from_json(c["check"]) if c.get("check") else None})
                        for c in d.get("constraints", [])]
    d["attributes"] = [tuple(a) for a in d.get("attributes", [])]
    d["attribute_comments"] = {int(k): v for k, v in d.get("attribute_comments", {}).items()}
    known = {f.name for f in dataclasses.fields(TypeDef)}
    return TypeDef(**{k: v for k, v in d.items() if k in known})


# ---------------------------------------------------------------- storage
def _map_path(db) -> str:
    return os.path.join(db.path, "base", str(db.dboid), "pg_filenode.map")


def _attrs(columns):
    bt = builtin_types()
    return [(typ, bt[typ].typlen, bt[typ].align, bt[typ].typbyval) for _name, typ in columns]


def save_catalog(db) -> None:
    rows = catalog_rows(db)
    old = _read_map(db)
    new_map: dict[str, Any] = {"version": FORMAT_VERSION, "next_oid": db.cat.next_oid, "files": {}}
    written = []
    for name, cols in CATALOGS.items():
        node = db.cat.new_oid()
        rf = db.relfile(node)
        heap = HeapRelation.create(db.bm, rf, _attrs(cols), name=name)
        for r in rows[name]:
            heap.insert(r, FROZEN_XID, 0)
        written.append(rf)
        new_map["files"][name] = node
    new_map["next_oid"] = db.cat.next_oid
    for rf in written:
        db.bm.flush(rf)
        db.bm.sync(rf)
    tmp = _map_path(db) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(new_map, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, _map_path(db))
    for node in (old or {}).get("files", {}).values():
        db.drop_storage(node)


def _read_map(db) -> dict | None:
    path = _map_path(db)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def _json_list(items: list[str] | None) -> str | None:
    """A list of option texts (reloptions, attoptions) as a JSON column."""
    return None if not items else json.dumps(list(items))


def _unjson_list(text: str | None) -> list[str] | None:
    return None if not text else list(json.loads(text))


def load_catalog(db) -> None:
    m = _read_map(db)
    if m is None:
        return
    tables: dict[str, list[dict]] = {}
    for name, cols in CATALOGS.items():
        if name not in m["files"]:                  # a catalog added after this map was written
            tables[name] = []
            continue
        heap = HeapRelation(db.bm, db.relfile(m["files"][name]), _attrs(cols), name=name)
        names = [c for c, _ in cols]
        tables[name] = [dict(zip(names, vals)) for _tid, _hdr, vals in heap.scan()]
    cat = db.cat
    cat.next_oid = m["next_oid"]
    for r in tables["pg_namespace"]:
        if r["nspowner"] == -1 and r["nspname"] == "":
            cat.namespaces.pop(r["oid"], None)
        else:
            cat.namespaces[r["oid"]] = C.Namespace(r["oid"], r["nspname"], r["nspowner"],
                                                   acl=_unacl(r.get("nspacl")))
    attrs: dict[int, list[dict]] = {}
    for a in tables["pg_attribute"]:
        attrs.setdefault(a["attrelid"], []).append(a)
    defaults = {(d["adrelid"], d["adnum"]): _untree(d["adbin"]) for d in tables["pg_attrdef"]}
    comments = {(d["objoid"], d["objsubid"]): d["description"] for d in tables["pg_description"]}
    identity = {(d["refobjid"], d["refobjsubid"]): d["objid"] for d in tables["pg_depend"] if d["deptype"] == "i"}
    owned = {d["objid"]: (d["refobjid"], d["refobjsubid"]) for d in tables["pg_depend"] if d["deptype"] == "a"}
    indexes_by_oid = {i["indexrelid"]: i for i in tables["pg_index"]}
    classes = {c["oid"]: c for c in tables["pg_class"]}
    for c in tables["pg_class"]:
        if c["relkind"] == "i":
            continue
        rel = C.Relation(c["oid"], c["relname"], c["relnamespace"], c["relkind"], relfilenode=c["relfilenode"],
                         persistence=c["relpersistence"], rowtype=c["reltype"], owner=c["relowner"],
                         comment=comments.get((c["oid"], 0)), acl=_unacl(c.get("relacl")))
        # storage options and the TOAST relation (engine/reloptions.py)
        rel.toast_oid, rel.toast_index_oid = c.get("reltoastrelid") or 0, c.get("reltoastidxid") or 0
        rel.reloptions = _unjson_list(c.get("reloptions"))
        rel.toast_reloptions = _unjson_list(c.get("reltoastoptions"))
        for a in sorted(attrs.get(rel.oid, []), key=lambda a: a["attnum"]):
            col = C.Column(a["attnum"], a["attname"], a["atttypid"], a["atttypmod"], notnull=a["attnotnull"],
                           default=defaults.get((rel.oid, a["attnum"])), identity=a["attidentity"],
                           identity_seq=identity.get((rel.oid, a["attnum"]), 0), generated=a["attgenerated"],
                           dropped=a["attisdropped"], collation=a["attcollation"],
                           inhcount=a.get("attinhcount") or 0, islocal=a.get("attislocal", True) is not False,
                           acl=_unacl(a.get("attacl")), storage=a.get("attstorage") or "",
                           compression=a.get("attcompression") or "", options=_unjson_list(a.get("attoptions")))
            if (rel.oid, a["attnum"]) in comments:
                col.comment = comments[(rel.oid, a["attnum"])]  # type: ignore[attr-defined]
            rel.columns.append(col)
        cat.relations[rel.oid] = rel
    for con in tables["pg_constraint"]:
        rel = cat.relations[con["conrelid"]]
        rel.constraints.append(C.Constraint(
            con["oid"], con["conname"], con["contype"], rel.oid, _unvec(con["conkey"]), check=_untree(con["conbin"]),
            index_oid=con["conindid"], ref_relid=con["confrelid"], ref_columns=_unvec(con["confkey"]),
            on_update=con["confupdtype"], on_delete=con["confdeltype"], match=con["confmatchtype"],
            deferrable=con["condeferrable"], deferred=con["condeferred"], validated=con["convalidated"],
            no_inherit=con["connoinherit"], inhcount=con.get("coninhcount") or 0,
            islocal=con.get("conislocal", True) is not False))
    from pgref.catalog.opclasses import AmOp, AmProc, UserOpClass, UserOpFamily
    for f in tables["pg_opfamily"]:
        cat.opfamilies[f["oid"]] = UserOpFamily(f["oid"], f["opfname"], f["opfnamespace"], f["opfowner"],
                                                f["opfmethod"])
    for o in tables["pg_amop"]:
        cat.opfamilies[o["amopfamily"]].operators.append(AmOp(o["oid"], o["amoplefttype"], o["amoprighttype"],
                                                              o["amopstrategy"], o["amoppurpose"], o["amopopr"],
                                                              o["amopsortfamily"]))
    for pr in tables["pg_amproc"]:
        cat.opfamilies[pr["amprocfamily"]].procs.append(AmProc(pr["oid"], pr["amproclefttype"],
                                                               pr["amprocrighttype"], pr["amprocnum"], pr["amproc"]))
    for c in tables["pg_opclass"]:
        cat.opclasses[c["oid"]] = UserOpClass(c["oid"], c["opcname"], c["opcnamespace"], c["opcowner"],
                                              c["opcmethod"], c["opcfamily"], c["opcintype"], c["opcdefault"],
                                              c["opckeytype"])
    for inh in sorted(tables["pg_inherits"], key=lambda r: r["inhseqno"]):
        if inh["inhrelid"] in cat.relations:
            cat.relations[inh["inhrelid"]].parents.append(inh["inhparent"])
    for oid, i in indexes_by_oid.items():
        rel = cat.relations[i["indrelid"]]
        cls = classes[oid]
        opts = _unvec(i["indoption"])
        rel.indexes.append(C.Index(oid, cls["relname"], rel.oid, _unvec(i["indkey"]), unique=i["indisunique"],
                                   primary=i["indisprimary"], descending=[bool(o & 1) for o in opts],
                                   nulls_first=[bool(o & 2) for o in opts], relfilenode=cls["relfilenode"],
                                   nulls_not_distinct=i["indnullsnotdistinct"], constraint_oid=i["indconstraint"],
                                   am="hash" if cls.get("relam") == 405 else "btree",
                                   predicate=_untree(i.get("indpred"))))
    for s in tables["pg_sequence"]:
        rel = cat.relations[s["seqrelid"]]
        rel.sequence = C.SequenceDef(s["seqtypid"], s["seqstart"], s["seqincrement"], s["seqmin"], s["seqmax"],
                                     s["seqcache"], s["seqcycle"], owned.get(rel.oid))
        db.seq_state[rel.oid] = [s["last_value"], s["is_called"]]
        db.seq_logged[rel.oid] = s["last_value"]
    for tg in tables["pg_trigger"]:
        extra = json.loads(tg["tgdef"] or "{}")
        cat.relations[tg["tgrelid"]].triggers.append(C.Trigger(
            tg["oid"], tg["tgname"], tg["tgrelid"], tg["tgfoid"], tg["tgtype"], enabled=tg["tgenabled"],
            internal=tg["tgisinternal"], args=json.loads(tg["tgargs"] or "[]"), attrs=_unvec(tg["tgattr"]),
            qual=_untree(tg["tgqual"]), **{k: v for k, v in extra.items() if k in _TRIGGER_EXTRA}))
    for v in tables["pg_rewrite"]:
        cat.relations[v["ev_class"]].view_query = _untree(v["ev_action"])
    for ru in tables["pg_rewrite_rules"]:
        event = {"s": "select", "i": "insert", "u": "update", "d": "delete"}[ru["ev_type"]]
        cat.relations[ru["ev_class"]].rules.append(C.Rule(
            ru["oid"], ru["rulename"], ru["ev_class"], event, ru["is_instead"], qual=_untree(ru["ev_qual"]),
            actions=tuple(node_from_json(a) for a in json.loads(ru["ev_action"] or "[]")),
            enabled=ru["ev_enabled"] or "O", comment=ru.get("description")))
    for t in tables["pg_type"]:
        cat.user_types[t["oid"]] = TypeRow(t["oid"], t["typname"], t["typnamespace"], t["typlen"],
                                           bool(t.get("typbyval")), t["typtype"], t["typcategory"], False,
                                           t.get("typdelim") or ",", t["typrelid"], t["typelem"], t["typarray"],
                                           t["typalign"], t.get("typbasetype") or 0,
                                           -1 if t.get("typtypmod") is None else t["typtypmod"],
                                           t.get("typcollation") or 0, 1 if t["typcategory"] == "A" else 0)
        if t.get("typdef"):
            cat.type_defs[t["oid"]] = _typedef_from_json(t["typdef"])
    for e in tables["pg_enum"]:
        cat.enum_labels.setdefault(e["enumtypid"], []).append((e["oid"], e["enumsortorder"], e["enumlabel"]))
    from pgref.catalog.typedefs import UserCast
    for c in tables["pg_cast"]:
        cat.user_casts[(c["castsource"], c["casttarget"])] = UserCast(
            c["oid"], c["castsource"], c["casttarget"], c["castfunc"], c["castcontext"], c["castmethod"])
    for r in tables["pg_proc"]:
        cat.user_procs[r["oid"]] = _userproc_from_row(r)
    for o in tables["pg_operator"]:
        cat.user_operators[o["oid"]] = C.UserOperator(
            oid=o["oid"], name=o["oprname"], namespace=o["oprnamespace"], kind=o["oprkind"],
            canmerge=o["oprcanmerge"], canhash=o["oprcanhash"], left=o["oprleft"], right=o["oprright"],
            result=o["oprresult"], commutator=o["oprcom"], negator=o["oprnegate"], code=o["oprcode"],
            owner=o["oprowner"], rest=o["oprrest"], join=o["oprjoin"], comment=o["oprcomment"])
    cat.sync_types()

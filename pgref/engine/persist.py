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
``DATA/global/pg_filenode.map``, like PostgreSQL's relation mapper for its
mapped catalogs.  A save writes every catalog into *new* relation files,
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
    "pg_namespace": [("oid", OID), ("nspname", NAME), ("nspowner", OID)],
    "pg_class": [("oid", OID), ("relname", NAME), ("relnamespace", OID), ("reltype", OID), ("relowner", OID),
                 ("relfilenode", OID), ("relpersistence", CHAR), ("relkind", CHAR), ("relnatts", INT2)],
    "pg_attribute": [("attrelid", OID), ("attname", NAME), ("atttypid", OID), ("attnum", INT2),
                     ("atttypmod", INT4), ("attnotnull", BOOL), ("attidentity", CHAR), ("attgenerated", CHAR),
                     ("attisdropped", BOOL), ("attcollation", OID)],
    "pg_attrdef": [("adrelid", OID), ("adnum", INT2), ("adbin", TEXT)],
    "pg_constraint": [("oid", OID), ("conname", NAME), ("contype", CHAR), ("condeferrable", BOOL),
                      ("condeferred", BOOL), ("convalidated", BOOL), ("conrelid", OID), ("conindid", OID),
                      ("confrelid", OID), ("confupdtype", CHAR), ("confdeltype", CHAR), ("confmatchtype", CHAR),
                      ("connoinherit", BOOL), ("conkey", TEXT), ("confkey", TEXT), ("conbin", TEXT)],
    "pg_index": [("indexrelid", OID), ("indrelid", OID), ("indisunique", BOOL), ("indisprimary", BOOL),
                 ("indnullsnotdistinct", BOOL), ("indkey", TEXT), ("indoption", TEXT), ("indconstraint", OID)],
    "pg_sequence": [("seqrelid", OID), ("seqtypid", OID), ("seqstart", INT8), ("seqincrement", INT8),
                    ("seqmax", INT8), ("seqmin", INT8), ("seqcache", INT8), ("seqcycle", BOOL),
                    ("last_value", INT8), ("is_called", BOOL)],
    "pg_depend": [("objid", OID), ("refobjid", OID), ("refobjsubid", INT4), ("deptype", CHAR)],
    "pg_rewrite": [("ev_class", OID), ("ev_action", TEXT)],
    "pg_type": [("oid", OID), ("typname", NAME), ("typnamespace", OID), ("typlen", INT2), ("typtype", CHAR),
                ("typcategory", CHAR), ("typrelid", OID), ("typelem", OID), ("typarray", OID),
                ("typalign", CHAR)],
    "pg_description": [("objoid", OID), ("objsubid", INT4), ("description", TEXT)],
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
            out["pg_namespace"].append((ns.oid, ns.name, ns.owner))
    if C.PUBLIC not in cat.namespaces:
        out["pg_namespace"].append((C.PUBLIC, "", -1))     # marks public as dropped
    seq_state = db.seq_logged_state()
    for r in cat.relations.values():
        if r.persistence == "t":
            continue                                        # temporary: never persisted
        out["pg_class"].append((r.oid, r.name, r.namespace, r.rowtype, r.owner, r.relfilenode,
                                r.persistence, r.kind, len(r.columns)))
        for c in r.columns:
            out["pg_attribute"].append((r.oid, c.name, c.typ, c.attnum, c.typmod, c.notnull, c.identity or "",
                                        c.generated or "", c.dropped, c.collation))
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
                                         _tree(con.check)))
        for idx in r.indexes:
            out["pg_class"].append((idx.oid, idx.name, r.namespace, 0, r.owner, idx.relfilenode,
                                    r.persistence, "i", len(idx.columns)))
            opts = [(1 if d else 0) | (2 if n else 0) for d, n in
                    zip(idx.descending or [False] * len(idx.columns), idx.nulls_first or [False] * len(idx.columns))]
            out["pg_index"].append((idx.oid, r.oid, idx.unique, idx.primary, idx.nulls_not_distinct,
                                    _vec(idx.columns), _vec(opts), idx.constraint_oid))
        if r.kind == "S":
            s = r.sequence
            last, called = seq_state.get(r.oid, [s.start, False])
            out["pg_sequence"].append((r.oid, s.typ, s.start, s.increment, s.maxvalue, s.minvalue, s.cache,
                                       s.cycle, last, called))
            if s.owned_by:
                out["pg_depend"].append((r.oid, s.owned_by[0], s.owned_by[1], "a"))
        if r.kind == "v":
            out["pg_rewrite"].append((r.oid, _tree(r.view_query)))
    for t in cat.user_types.values():
        out["pg_type"].append((t.oid, t.name, t.namespace, t.typlen, t.typtype, t.category, t.relid, t.elem,
                               t.array, t.align))
    return out


# ---------------------------------------------------------------- storage
def _map_path(db) -> str:
    return os.path.join(db.path, "global", "pg_filenode.map")


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


def load_catalog(db) -> None:
    m = _read_map(db)
    if m is None:
        return
    tables: dict[str, list[dict]] = {}
    for name, cols in CATALOGS.items():
        heap = HeapRelation(db.bm, db.relfile(m["files"][name]), _attrs(cols), name=name)
        names = [c for c, _ in cols]
        tables[name] = [dict(zip(names, vals)) for _tid, _hdr, vals in heap.scan()]
    cat = db.cat
    cat.next_oid = m["next_oid"]
    for r in tables["pg_namespace"]:
        if r["nspowner"] == -1 and r["nspname"] == "":
            cat.namespaces.pop(r["oid"], None)
        else:
            cat.namespaces[r["oid"]] = C.Namespace(r["oid"], r["nspname"], r["nspowner"])
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
                         comment=comments.get((c["oid"], 0)))
        for a in sorted(attrs.get(rel.oid, []), key=lambda a: a["attnum"]):
            col = C.Column(a["attnum"], a["attname"], a["atttypid"], a["atttypmod"], notnull=a["attnotnull"],
                           default=defaults.get((rel.oid, a["attnum"])), identity=a["attidentity"],
                           identity_seq=identity.get((rel.oid, a["attnum"]), 0), generated=a["attgenerated"],
                           dropped=a["attisdropped"], collation=a["attcollation"])
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
            no_inherit=con["connoinherit"]))
    for oid, i in indexes_by_oid.items():
        rel = cat.relations[i["indrelid"]]
        cls = classes[oid]
        opts = _unvec(i["indoption"])
        rel.indexes.append(C.Index(oid, cls["relname"], rel.oid, _unvec(i["indkey"]), unique=i["indisunique"],
                                   primary=i["indisprimary"], descending=[bool(o & 1) for o in opts],
                                   nulls_first=[bool(o & 2) for o in opts], relfilenode=cls["relfilenode"],
                                   nulls_not_distinct=i["indnullsnotdistinct"], constraint_oid=i["indconstraint"]))
    for s in tables["pg_sequence"]:
        rel = cat.relations[s["seqrelid"]]
        rel.sequence = C.SequenceDef(s["seqtypid"], s["seqstart"], s["seqincrement"], s["seqmin"], s["seqmax"],
                                     s["seqcache"], s["seqcycle"], owned.get(rel.oid))
        db.seq_state[rel.oid] = [s["last_value"], s["is_called"]]
        db.seq_logged[rel.oid] = s["last_value"]
    for v in tables["pg_rewrite"]:
        cat.relations[v["ev_class"]].view_query = _untree(v["ev_action"])
    for t in tables["pg_type"]:
        cat.user_types[t["oid"]] = TypeRow(t["oid"], t["typname"], t["typnamespace"], t["typlen"], False,
                                           t["typtype"], t["typcategory"], False, ",", t["typrelid"], t["typelem"],
                                           t["typarray"], t["typalign"], 0, -1, 0, 1 if t["typcategory"] == "A" else 0)

"""Saving and loading a database's user catalog.

Where it sits: ``engine/`` (spec/04-catalog.md, "Persistence").  Until the
``pg_*`` catalogs become heap relations of their own (the catalog chapter's
next step), the user catalog -- namespaces, relations with their columns,
constraints, indexes and view definitions, user types, sequence state -- is
written as one JSON document, ``DATA/global/catalog.json``, replaced
atomically (write, fsync, rename) whenever a transaction that changed the
catalog commits (INV-CAT-4: the file on disk always describes the relation
files of committed transactions only).

Expressions (defaults, CHECK constraints, view queries) are stored as their
raw parse trees, serialized node by node: ``{"_": "A_Const", ...fields}``.
"""
from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

from pgref.catalog import catalog as C
from pgref.catalog.builtin import TypeRow
from pgref.sql import ast as A

FORMAT_VERSION = 1


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


def _dc_to_json(obj) -> dict:
    out = {}
    for f in dataclasses.fields(obj):
        x = getattr(obj, f.name)
        if f.name in ("default", "check", "view_query", "predicate"):
            out[f.name] = node_to_json(x) if x is not None else None
        elif isinstance(x, list) and x and dataclasses.is_dataclass(x[0]):
            out[f.name] = [_dc_to_json(y) for y in x]
        elif dataclasses.is_dataclass(x):
            out[f.name] = _dc_to_json(x)
        elif isinstance(x, tuple):
            out[f.name] = list(x)
        else:
            out[f.name] = x
    return out


def save_catalog(db) -> None:
    cat = db.cat
    doc = {
        "version": FORMAT_VERSION,
        "next_oid": cat.next_oid,
        "namespaces": [dataclasses.asdict(ns) for ns in cat.namespaces.values()],
        "relations": [_dc_to_json(r) for r in cat.relations.values()],
        "user_types": [list(dataclasses.astuple(t)) for t in cat.user_types.values()],
        "enum_labels": {str(k): v for k, v in cat.enum_labels.items()},
        "sequences": {str(k): v for k, v in db.seq_logged_state().items()},
    }
    path = os.path.join(db.path, "global", "catalog.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_catalog(db) -> None:
    path = os.path.join(db.path, "global", "catalog.json")
    if not os.path.exists(path):
        return
    with open(path) as f:
        doc = json.load(f)
    cat = db.cat
    cat.next_oid = doc["next_oid"]
    cat.namespaces = {ns["oid"]: C.Namespace(**ns) for ns in doc["namespaces"]}
    for r in doc["relations"]:
        rel = C.Relation(**{k: v for k, v in r.items()
                            if k not in ("columns", "constraints", "indexes", "sequence", "view_query")})
        rel.columns = [C.Column(**{**c, "default": node_from_json(c["default"])}) for c in r["columns"]]
        rel.constraints = [C.Constraint(**{**c, "check": node_from_json(c["check"])}) for c in r["constraints"]]
        rel.indexes = [C.Index(**{**i, "predicate": node_from_json(i["predicate"])}) for i in r["indexes"]]
        rel.sequence = C.SequenceDef(**{**r["sequence"], "owned_by": tuple(r["sequence"]["owned_by"])
                                        if r["sequence"]["owned_by"] else None}) if r["sequence"] else None
        rel.view_query = node_from_json(r["view_query"])
        cat.relations[rel.oid] = rel
    cat.user_types = {t[0]: TypeRow(*t) for t in doc["user_types"]}
    cat.enum_labels = {int(k): [tuple(x) for x in v] for k, v in doc["enum_labels"].items()}
    for k, v in doc.get("sequences", {}).items():
        db.seq_state[int(k)] = list(v)
        db.seq_logged[int(k)] = v[0]

"""The catalog of one database: namespaces, relations, columns, constraints,
indexes, sequences, and the built-in types, functions and operators.

Where it sits: ``catalog/`` (spec/04-catalog.md).  The analyzer asks it to
resolve names; DDL asks it to create and drop objects; the executor asks it
for a relation's storage.  It plays the part of PostgreSQL's syscache and
relcache: an in-memory picture of the ``pg_*`` rows.  Built-in objects come
from PostgreSQL's own bootstrap rows (``catalog/builtin.py``); user objects
are held here and persisted by ``catalog/persist.py``.

Invariants (spec/04-catalog.md):
  INV-CAT-1  OIDs below 16384 are PostgreSQL's; user objects get OIDs from
             16384 up, never reused within a database.
  INV-CAT-2  A relation's ``columns`` list keeps dropped columns (flagged),
             so attribute numbers never change: stored tuples stay readable.
  INV-CAT-3  Every change made inside a transaction can be undone: the engine
             snapshots the catalog at BEGIN/SAVEPOINT (``snapshot()``) and
             restores it on rollback (``restore()``).

Entry points:
    Catalog.lookup_relation(schema, name, search_path) -> Relation | None
    Catalog.typeinfo(oid) / type_oid(names) / format_type(oid, typmod)
    Catalog.procs_named(name, schema) / operators_named(name) / cast(s, t)
    Catalog.create_relation(...), drop_relation(...), new_oid()
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from pgref.catalog import builtin, typedefs
from pgref.catalog.builtin import TypeRow
from pgref.errors import UNDEFINED_OBJECT, PgError

PG_CATALOG = 11
PG_TOAST = 99
PUBLIC = 2200
INFORMATION_SCHEMA = 13207  # assigned by initdb; the OID of the dumped PostgreSQL 15.18
FIRST_NORMAL_OID = 16384
BOOTSTRAP_SUPERUSER = 10


@dataclass
class Column:
    attnum: int
    name: str
    typ: int
    typmod: int = -1
    notnull: bool = False
    default: Any = None          # raw AST of the DEFAULT expression
    default_text: str | None = None
    identity: str = ""           # '' | 'a' (ALWAYS) | 'd' (BY DEFAULT)
    identity_seq: int = 0        # sequence oid behind an identity column
    generated: str = ""          # '' | 's' (STORED)
    dropped: bool = False
    collation: int = 0
    inhcount: int = 0            # pg_attribute.attinhcount: how many parents define it
    islocal: bool = True         # pg_attribute.attislocal: defined by the table itself
    acl: list[str] | None = None # pg_attribute.attacl (column privileges, aclitem texts)
    storage: str = ""            # pg_attribute.attstorage ('' = the type's typstorage; engine/reloptions.py)
    compression: str = ""        # pg_attribute.attcompression ('' default, 'p' pglz)
    options: list[str] | None = None   # pg_attribute.attoptions ("name=value" texts)


@dataclass
class Constraint:
    oid: int
    name: str
    kind: str                    # p primary, u unique, f foreign, c check, n not null (PG 15 has no 'n' rows)
    relid: int
    columns: list[int] = field(default_factory=list)
    check: Any = None            # raw AST of a CHECK expression
    check_text: str | None = None
    index_oid: int = 0
    ref_relid: int = 0
    ref_columns: list[int] = field(default_factory=list)
    on_update: str = "a"         # a no action, r restrict, c cascade, n set null, d set default
    on_delete: str = "a"
    match: str = "s"
    deferrable: bool = False
    deferred: bool = False
    validated: bool = True
    no_inherit: bool = False
    inhcount: int = 0            # pg_constraint.coninhcount
    islocal: bool = True         # pg_constraint.conislocal


@dataclass
class Trigger:
    """One pg_trigger row (spec/09-engine.md, "Triggers"); ``tgtype`` holds
    PostgreSQL's TRIGGER_TYPE_* bits (executor/triggers.py)."""
    oid: int
    name: str
    relid: int
    funcoid: int
    tgtype: int
    enabled: str = "O"           # O origin/local, D disabled, R replica, A always
    internal: bool = False
    args: list[str] = field(default_factory=list)
    attrs: list[int] = field(default_factory=list)   # UPDATE OF columns (attnums)
    qual: Any = None             # raw AST of the WHEN condition (NEW / OLD as range vars)
    qual_text: str | None = None # the WHEN condition as pg_get_triggerdef prints it
    constraint: bool = False     # CREATE CONSTRAINT TRIGGER
    deferrable: bool = False
    initdeferred: bool = False
    constrrelid: int = 0
    oldtable: str | None = None  # REFERENCING OLD TABLE AS name
    newtable: str | None = None


@dataclass
class Rule:
    """One pg_rewrite row of a rule made by CREATE RULE (engine/rulecmds.py,
    spec/17-rewrite.md).  ``event`` is 'insert' / 'update' / 'delete' /
    'select'; ``qual`` and ``actions`` are the raw parse trees of the WHERE
    condition and of the action statements (NEW / OLD as range names),
    analyzed again where the rule is applied (planner/rewrite.py)."""
    oid: int
    name: str
    relid: int
    event: str
    instead: bool
    qual: Any = None
    actions: tuple = ()
    enabled: str = "O"           # ev_enabled: O origin/local, D disabled, R replica, A always
    comment: str | None = None   # COMMENT ON RULE


@dataclass
class Index:
    oid: int
    name: str
    relid: int
    columns: list[int]           # attnums
    unique: bool = False
    primary: bool = False
    descending: list[bool] = field(default_factory=list)
    nulls_first: list[bool] = field(default_factory=list)
    relfilenode: int = 0
    predicate: Any = None
    nulls_not_distinct: bool = False
    constraint_oid: int = 0
    am: str = "btree"            # pg_class.relam: "btree" (403) or "hash" (405; access/hash)
    reloptions: list[str] | None = None   # WITH (...) of CREATE INDEX ("name=value"; hash: fillfactor)


@dataclass
class SequenceDef:
    typ: int = 20
    start: int = 1
    increment: int = 1
    minvalue: int = 1
    maxvalue: int = 2 ** 63 - 1
    cache: int = 1
    cycle: bool = False
    owned_by: tuple[int, int] | None = None   # (relid, attnum)


@dataclass
class Relation:
    oid: int
    name: str
    namespace: int
    kind: str                    # r table, v view, S sequence, i index
    columns: list[Column] = field(default_factory=list)
    relfilenode: int = 0
    persistence: str = "p"
    constraints: list[Constraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    view_query: Any = None       # raw AST of a view's SELECT
    view_tree: Any = None        # its analyzed Query (engine/viewcmds.py; None: analyze view_query when needed)
    view_text: str | None = None
    rowtype: int = 0
    sequence: SequenceDef | None = None
    owner: int = BOOTSTRAP_SUPERUSER
    comment: str | None = None
    parents: list[int] = field(default_factory=list)   # pg_inherits.inhparent in inhseqno order
    acl: list[str] | None = None                         # pg_class.relacl (aclitem texts); None = default
    partkey: Any = None          # catalog/partbounds.PartitionKey: a partitioned table (relkind 'p')
    partbound: Any = None        # catalog/partbounds.PartitionBound: a partition (relispartition, relpartbound)
    triggers: list[Trigger] = field(default_factory=list)   # pg_trigger rows, by name order on use
    rules: list[Rule] = field(default_factory=list)         # pg_rewrite rows of CREATE RULE (planner/rewrite.py)
    reloptions: list[str] | None = None        # pg_class.reloptions ("name=value"; engine/reloptions.py)
    toast_oid: int = 0           # pg_class.reltoastrelid: the TOAST relation pg_toast.pg_toast_<oid>
    toast_index_oid: int = 0     # its index pg_toast.pg_toast_<oid>_index
    toast_reloptions: list[str] | None = None  # the TOAST relation's reloptions (WITH (toast.x = ...))

    def live_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.dropped]

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if not c.dropped and c.name == name:
                return c
        return None


@dataclass
class Namespace:
    oid: int
    name: str
    owner: int = BOOTSTRAP_SUPERUSER
    acl: list[str] | None = None          # pg_namespace.nspacl (aclitem texts); None = default


@dataclass(frozen=True, slots=True)
class UserOperator:
    """A ``pg_operator`` row made by CREATE OPERATOR (engine/operatorcmds.py,
    spec/09-engine.md "User-defined operators").  The first fields are those
    of builtin.OperRow, so code reading an operator needs not care which it
    has.  ``code`` 0 marks a shell operator, made by a COMMUTATOR or NEGATOR
    reference and filled in by a later CREATE OPERATOR.  ``rest``/``join``
    are the selectivity estimators' pg_proc OIDs (0: none); ``comment`` the
    COMMENT ON OPERATOR text.  Rows are immutable: a change replaces them."""
    oid: int
    name: str
    namespace: int
    kind: str              # b infix, l prefix
    canmerge: bool
    canhash: bool
    left: int
    right: int
    result: int
    commutator: int
    negator: int
    code: int
    owner: int = BOOTSTRAP_SUPERUSER
    rest: int = 0
    join: int = 0
    comment: str | None = None


class Catalog:
    """One database's catalog.  Built-in rows are shared (read-only);
    everything in ``self.state`` belongs to this database."""

    def __init__(self, dboid: int = 5, dbname: str = "postgres"):
        self.dboid = dboid
        self.dbname = dbname
        self.next_oid = FIRST_NORMAL_OID
        self.namespaces: dict[int, Namespace] = {
            PG_CATALOG: Namespace(PG_CATALOG, "pg_catalog"),
            PG_TOAST: Namespace(PG_TOAST, "pg_toast"),
            PUBLIC: Namespace(PUBLIC, "public", owner=6171,  # pg_database_owner
                              acl=["pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"]),
            INFORMATION_SCHEMA: Namespace(INFORMATION_SCHEMA, "information_schema"),
        }
        self.relations: dict[int, Relation] = {}
        self.user_types: dict[int, TypeRow] = {}
        self.enum_labels: dict[int, list[tuple[int, float, str]]] = {}
        self.type_defs: dict[int, Any] = {}   # catalog/typedefs.py TypeDef, by type OID
        self.user_casts: dict[tuple[int, int], Any] = {}   # CREATE CAST: (source, target) -> typedefs.UserCast
        self.user_procs: dict[int, Any] = {}  # catalog/userprocs.py UserProc, by pg_proc OID
        self.opfamilies: dict[int, Any] = {}  # catalog/opclasses.py UserOpFamily (pg_opfamily + pg_amop/amproc)
        self.opclasses: dict[int, Any] = {}   # catalog/opclasses.py UserOpClass (pg_opclass)
        self.user_operators: dict[int, UserOperator] = {}  # CREATE OPERATOR (engine/operatorcmds.py)
        self.version = 0          # bumped on every change: plan caches compare it

    # ------------------------------------------------------------ snapshots
    def snapshot(self) -> dict:
        """INV-CAT-3: a copy of everything a rollback must restore."""
        return {
            "next_oid": self.next_oid,
            "namespaces": copy.deepcopy(self.namespaces),
            "relations": copy.deepcopy(self.relations),
            "user_types": dict(self.user_types),
            "enum_labels": copy.deepcopy(self.enum_labels),
            "opfamilies": copy.deepcopy(self.opfamilies),
            "opclasses": copy.deepcopy(self.opclasses),
            "type_defs": copy.deepcopy(self.type_defs),
            "user_casts": dict(self.user_casts),
            "user_procs": dict(self.user_procs),
            "user_operators": dict(self.user_operators),   # rows are frozen: a shallow copy suffices
        }

    def restore(self, snap: dict) -> None:
        self.next_oid = max(self.next_oid, snap["next_oid"])  # INV-CAT-1: never reuse
        self.namespaces = snap["namespaces"]
        self.relations = snap["relations"]
        self.user_types = snap["user_types"]
        self.enum_labels = snap["enum_labels"]
        self.opfamilies = snap.get("opfamilies", {})
        self.opclasses = snap.get("opclasses", {})
        self.type_defs = snap.get("type_defs", {})
        self.user_casts = snap.get("user_casts", {})
        self.user_procs = snap.get("user_procs", {})
        self.user_operators = snap.get("user_operators", {})
        self.version += 1
        self.sync_types()

    def changed(self) -> None:
        self.version += 1
        self.sync_types()

    def sync_types(self) -> None:
        """Push user types to the process-wide type I/O tables
        (catalog/typedefs.py, INV-CAT-TYPES-1)."""
        if self.user_types or self.type_defs or self.enum_labels or typedefs.has_registered(self):
            typedefs.sync(self)

    def new_oid(self) -> int:
        oid = self.next_oid
        self.next_oid += 1
        return oid

    # ------------------------------------------------------------ namespaces
    def namespace_oid(self, name: str) -> int | None:
        for ns in self.namespaces.values():
            if ns.name == name:
                return ns.oid
        return None

    def namespace_name(self, oid: int) -> str:
        ns = self.namespaces.get(oid)
        return ns.name if ns else str(oid)

    # ------------------------------------------------------------ relations
    def lookup_relation(self, schema: str | None, name: str, search_path: list[int]) -> Relation | None:
        if schema is not None:
            if schema == "pg_temp" and search_path and self.namespaces.get(search_path[0]) is not None \
                    and self.namespaces[search_path[0]].name.startswith("pg_temp_"):
                return self._relation_in(search_path[0], name)
            nsp = self.namespace_oid(schema)
            if nsp is None:
                return None
            return self._relation_in(nsp, name)
        # pg_catalog is searched first unless the path names it (PostgreSQL's rule)
        # (after the session's temporary schema, which comes first of all)
        spaces = list(search_path)
        if PG_CATALOG not in spaces:
            first_temp = bool(spaces) and self.namespaces.get(spaces[0]) is not None and \
                self.namespaces[spaces[0]].name.startswith("pg_temp_")
            spaces.insert(1 if first_temp else 0, PG_CATALOG)
        for nsp in spaces:
            rel = self._relation_in(nsp, name)
            if rel is not None:
                return rel
        return None

    def _relation_in(self, nsp: int, name: str) -> Relation | None:
        if nsp in (PG_CATALOG, INFORMATION_SCHEMA):
            from pgref.catalog.sysrels import by_name
            rel = by_name().get((nsp, name))
            if rel is not None:
                return rel
        for rel in self.relations.values():
            if rel.namespace == nsp and rel.name == name:
                return rel
        return None

    def relation(self, oid: int) -> Relation:
        rel = self.relations.get(oid)
        if rel is None:
            from pgref.catalog.sysrels import system_relations
            return system_relations()[oid]
        return rel

    def relation_in(self, nsp: int, name: str) -> Relation | None:
        return self._relation_in(nsp, name)

    def add_relation(self, rel: Relation) -> None:
        self.relations[rel.oid] = rel
        self.changed()

    def remove_relation(self, oid: int) -> Relation:
        rel = self.relations.pop(oid)
        if rel.rowtype:
            self.user_types.pop(rel.rowtype, None)
            self.user_types.pop(self._array_of_rowtype.get(rel.rowtype, 0), None)
        self.changed()
        return rel

    _array_of_rowtype: dict[int, int] = {}

    def add_rowtype(self, rel: Relation) -> None:
        """A table's composite row type (and its array type), as pg_type rows."""
        toid, aoid = self.new_oid(), self.new_oid()
        rel.rowtype = toid
        self.user_types[toid] = TypeRow(toid, rel.name, rel.namespace, -1, False, "c", "C",
                                        False, ",", rel.oid, 0, aoid, "d", 0, -1, 0, 0)
        self.user_types[aoid] = TypeRow(aoid, "_" + rel.name, rel.namespace, -1, False, "b", "A",
                                        False, ",", 0, toid, 0, "d", 0, -1, 0, 1)

    # ------------------------------------------------------------ types
    def typeinfo(self, oid: int) -> TypeRow | None:
        t = builtin.types().get(oid)
        if t is None:
            t = self.user_types.get(oid)
        return t

    def type_oid(self, schema: str | None, name: str, search_path: list[int]) -> int | None:
        if schema is not None:
            nsp = self.namespace_oid(schema)
            if nsp is None:
                return None
            spaces = [nsp]
        else:
            spaces = ([PG_CATALOG] if PG_CATALOG not in search_path else []) + list(search_path)
        for nsp in spaces:
            if nsp == PG_CATALOG:
                t = builtin.types_by_name().get(name)
                if t is not None and t.namespace == PG_CATALOG:
                    return t.oid
            for t in self.user_types.values():
                if t.namespace == nsp and t.name == name:
                    return t.oid
        return None

    def format_type(self, oid: int, typmod: int | None = None) -> str:
        """PostgreSQL's format_type(): ``typmod`` None means "not given"
        (bpchar prints as "character"), -1 means "given, none" ("bpchar")."""
        if oid in self.user_types:
            from pgref.types import registry
            if oid not in registry.TYPES:
                typedefs.sync(self)
            return registry.format_type(oid, typmod)
        from pgref.types.registry import format_type
        return format_type(oid, typmod)

    # ------------------------------------------------------------ functions, operators, casts
    def procs_named(self, name: str, schema: str | None = None, search_path: list[int] | None = None):
        """Built-in and user routines named ``name`` (user ones: those the
        search path makes visible, catalog/userprocs.py)."""
        builtins = builtin.procs_by_name().get(name, [])
        # initdb's functions outside pg_catalog (information_schema's
        # _pg_expandarray & co) are found only by a qualified name
        others: list = []
        if any(p.namespace != PG_CATALOG for p in builtins):
            if schema is not None and schema != "pg_catalog":
                nsp = self.namespace_oid(schema)
                others = [p for p in builtins if p.namespace == nsp]
            builtins = [p for p in builtins if p.namespace == PG_CATALOG]
        if not self.user_procs:
            if schema is not None and schema != "pg_catalog":
                return others
            return builtins
        from pgref.catalog.userprocs import visible_procs
        return others + visible_procs(self, name, schema, search_path, builtins)

    def proc(self, oid: int):
        p = builtin.procs().get(oid)
        if p is None:
            p = self.user_procs.get(oid)
        if p is None:
            raise PgError(UNDEFINED_OBJECT, f"cache lookup failed for function {oid}")
        return p

    def operators_named(self, name: str, schema: str | None = None, search_path: list[int] | None = None):
        """The operators an expression ``left name right`` can mean
        (OpernameGetCandidates): with a schema, those in it; otherwise those
        in the search path (pg_catalog first unless the path names it), one
        hiding any later one with the same argument types.  Without a
        search path every operator of that name is a candidate.  Shell
        operators (no function yet) are included; the analyzer rejects them."""
        builtins = builtin.operators_by_name().get(name, [])
        if schema is not None:
            nsp = self.namespace_oid(schema)
            if nsp is None:
                raise PgError("3F000", f'schema "{schema}" does not exist')
            mine = [o for o in self.user_operators.values() if o.name == name and o.namespace == nsp]
            return (list(builtins) + mine) if nsp == PG_CATALOG else mine
        users = [o for o in self.user_operators.values() if o.name == name]
        if not users:
            return builtins
        if search_path is None:
            return list(builtins) + users
        spaces = [n for n in search_path
                  if not (self.namespaces.get(n) is not None and self.namespaces[n].name.startswith("pg_temp_"))]
        if PG_CATALOG not in spaces:
            spaces.insert(0, PG_CATALOG)
        out, seen = [], set()
        for nsp in spaces:
            here = (list(builtins) if nsp == PG_CATALOG else []) + [o for o in users if o.namespace == nsp]
            out.extend(o for o in here if (o.left, o.right) not in seen)
            seen.update((o.left, o.right) for o in here)
        return out

    def operator(self, oid: int):
        op = builtin.operators().get(oid)
        if op is None:
            op = self.user_operators.get(oid)
        if op is None:
            raise PgError(UNDEFINED_OBJECT, f"cache lookup failed for operator {oid}")
        return op

    def cast(self, source: int, target: int):
        c = builtin.casts().get((source, target))
        if c is None and self.user_casts:
            c = self.user_casts.get((source, target))
        if c is None:
            ts, tt = self.user_types.get(source), self.user_types.get(target)
            # enums and composite types cast to/from text via I/O like PG's
            # automatic I/O conversion; nothing else is registered for them.
            if ts is None and tt is None:
                return None
        return c

    def aggregate(self, fnoid: int):
        user = self.user_procs.get(fnoid)
        if user is not None and getattr(user, "agg", None):
            # CREATE AGGREGATE (engine/aggregatecmds.py, spec/12-functions.md)
            a = user.agg
            return builtin.AggRow(fnoid, a["aggkind"], a["aggtransfn"], a["aggfinalfn"], a["aggtranstype"],
                                  a["agginitval"], a["aggsortop"])
        return builtin.aggregates().get(fnoid)

    def btree_cmp_proc(self, left: int, right: int) -> int:
        """The btree comparison function for (left, right); a type without
        an opclass of its own uses the one of a type it is binary-coercible
        to (varchar sorts with text_ops, as in PostgreSQL)."""
        got = builtin.btree_opfamily_support().get((left, right), 0)
        if got or left != right:
            return got
        rt = self.typeinfo(left)
        if rt is not None and rt.typtype in ("r", "m"):
            # range_ops / multirange_ops are declared on anyrange / anymultirange
            return builtin.btree_opfamily_support().get((3831, 3831) if rt.typtype == "r" else (4537, 4537), 0)
        ut = self.user_types.get(left)
        if ut is not None:
            # user types: enums sort with enum_ops, composites with record_ops,
            # arrays with array_ops, domains as their base type
            if ut.typtype == "e":
                return builtin.btree_opfamily_support().get((3500, 3500), 0)
            if ut.typtype == "c":
                return builtin.btree_opfamily_support().get((2249, 2249), 0)
            if ut.category == "A" and ut.elem:
                return builtin.btree_opfamily_support().get((2277, 2277), 0)
            if ut.typtype == "d":
                return self.btree_cmp_proc(ut.basetype, ut.basetype)
        for (src, dst), c in builtin.casts().items():
            if src == left and c.method == "b":
                got = builtin.btree_opfamily_support().get((dst, dst), 0)
                if got:
                    return got
        return 0

    def btree_operator(self, left: int, right: int, strategy: int) -> int:
        return builtin.btree_operators().get((left, right, strategy), 0)

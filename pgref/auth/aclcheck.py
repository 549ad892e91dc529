"""Privilege checks (PostgreSQL's aclchk.c pg_*_aclmask, acl.c aclmask,
execMain.c ExecCheckRTPerms).  spec/16-auth.md, "Privilege checks".

Where it sits: ``auth/``, called where a statement starts to run: by
``Session.run_planned`` for SELECT / INSERT / UPDATE / DELETE (the analyzed
Query's range table, INV-AUTH-6), by ``engine/utility.py`` before a utility
statement (TRUNCATE, LOCK, COPY, DROP, ALTER, CREATE INDEX, CREATE in a
schema, COMMENT), and by the sequence functions.

An ACL is the list of aclitem texts ``grantee=letters/grantor`` that
``engine/grant.py`` maintains (None: the object's default ACL, acldefault).
The privileges role R holds on an object (aclmask) are the union of the
letters of the items whose grantee is PUBLIC or a role R has the
privileges of (has_privs_of_role, INV-AUTH-3); superusers hold all
(INV-AUTH-4).  pg_read_all_data adds SELECT on every table and USAGE on
every schema, pg_write_all_data INSERT / UPDATE / DELETE and USAGE.

The range-table walk (ExecCheckRTPerms): every relation entry of the
statement, of its sub-queries, CTEs and SubLinks is checked for what the
statement does with it -- SELECT on the columns it reads, INSERT / UPDATE
on the columns it writes, DELETE, and UPDATE for FOR UPDATE / SHARE.  A
view's entry is checked as the current user, the relations inside the view
as the *view owner* (INV-AUTH-7).  Table-level privilege passes at once;
otherwise every column used needs the column-level privilege (and a
statement that reads no column needs it on some column).  A failure is
42501 "permission denied for table|view|sequence NAME".

Entry points:
    relation_mask(session, rel, roleid) -> set[str]
    column_mask(session, rel, col, roleid) -> set[str]
    namespace_mask(session, ns, roleid) -> set[str]
    check_plan(session, planned)                   the executor-start check
    check_utility(session, stmt)                   utility statements
    check_sequence(session, rel, letters_any)      nextval / currval / setval
    check_relation_owner(session, rel)             "must be owner of ..."
    relation_objtype(rel) -> str                   'table' | 'view' | ...
"""
from __future__ import annotations

import dataclasses

from pgref.errors import PgError
from pgref.sql import ast as A

INSUFFICIENT_PRIVILEGE = "42501"


def _roles(session):
    from pgref.auth.roles import rolecat
    return rolecat(session)


def has_user_roles(session) -> bool:
    """Fast path: while the cluster has no roles but the bootstrap superuser
    and the predefined ones, every session is the superuser."""
    from pgref.auth.roles import BOOTSTRAP_SUPERUSER, PREDEFINED
    return any(oid != BOOTSTRAP_SUPERUSER and oid not in PREDEFINED for oid in _roles(session).roles)


def _super(session, roleid: int) -> bool:
    from pgref.auth.roles import is_superuser
    return is_superuser(session, roleid)


def _names_with_privs(session, roleid: int) -> set[str]:
    from pgref.auth.roles import roles_with_privs_of
    rc = _roles(session)
    return {rc.name(r) for r in roles_with_privs_of(session, roleid)} | {""}


def acl_mask(session, acl: list[str] | None, default: list[str], roleid: int,
             grant_options: bool = False) -> set[str]:
    from pgref.engine.grant import parse_aclitem
    names = _names_with_privs(session, roleid)
    out: set[str] = set()
    for item in (acl if acl is not None else default):
        g, letters, options, _gr = parse_aclitem(item)
        if g in names:
            out |= set(options if grant_options else letters)
    return out


def relation_objtype(rel) -> str:
    return {"v": "view", "S": "sequence", "m": "materialized view", "f": "foreign table",
            "i": "index", "I": "index"}.get(rel.kind, "table")


def relation_mask(session, rel, roleid: int) -> set[str]:
    from pgref.engine.grant import ALL_RIGHTS, ACL_ALL_RIGHTS_STR, acldefault
    from pgref.auth.roles import PG_READ_ALL_DATA, PG_WRITE_ALL_DATA, has_privs_of_role
    if _super(session, roleid):
        return set(ACL_ALL_RIGHTS_STR)
    kind = "sequence" if rel.kind == "S" else "table"
    if getattr(rel, "system", False) and rel.acl is None:
        default = acldefault(kind, "postgres") + ["=r/postgres"]
    else:
        default = acldefault(kind, _roles(session).name(rel.owner))
    mask = acl_mask(session, rel.acl, default, roleid)
    if "r" not in mask and has_privs_of_role(session, roleid, PG_READ_ALL_DATA):
        mask.add("r")
    if has_privs_of_role(session, roleid, PG_WRITE_ALL_DATA):
        mask |= {"a", "w", "d"} & set(ALL_RIGHTS[kind])
    return mask


def column_mask(session, rel, col, roleid: int) -> set[str]:
    if _super(session, roleid):
        return set("arwx")
    return acl_mask(session, col.acl, [], roleid)


def namespace_mask(session, ns, roleid: int) -> set[str]:
    from pgref.engine.grant import acldefault
    from pgref.auth.roles import PG_READ_ALL_DATA, PG_WRITE_ALL_DATA, has_privs_of_role
    if _super(session, roleid):
        return {"U", "C"}
    mask = acl_mask(session, ns.acl, acldefault("schema", _roles(session).name(ns.owner)), roleid)
    if "U" not in mask and (has_privs_of_role(session, roleid, PG_READ_ALL_DATA)
                            or has_privs_of_role(session, roleid, PG_WRITE_ALL_DATA)):
        mask.add("U")
    return mask


def _denied(what: str, name: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, f"permission denied for {what} {name}")


def _not_owner(what: str, name: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of {what} {name}")


def current_user(session) -> int:
    from pgref.auth.identity import current_user_oid
    return current_user_oid(session)


# ------------------------------------------------------------------ ExecCheckRTPerms
def _rel_perms_ok(session, rel, roleid: int, letter: str, cols: set[int] | None) -> bool:
    """ExecCheckRTEPerms for one privilege: table-level, else column-level
    on every column in ``cols`` (or on any column when ``cols`` is empty)."""
    if letter in relation_mask(session, rel, roleid):
        return True
    if letter not in "arwx" or cols is None:
        return False
    live = [c for c in rel.columns if not c.dropped]
    if not cols:
        return any(letter in column_mask(session, rel, c, roleid) for c in live)
    if 0 in cols:                 # a whole-row reference reads every column
        cols = set(cols) | {c.attnum for c in live}
    for attno in cols:
        if attno <= 0:
            continue              # system columns and whole-row: table-level only (handled above)
        col = next((c for c in rel.columns if c.attnum == attno), None)
        if col is None or letter not in column_mask(session, rel, col, roleid):
            return False
    return True


def _check_rte(session, rel, roleid: int, perms: list[tuple[str, set[int] | None]]) -> None:
    for letter, cols in perms:
        if not _rel_perms_ok(session, rel, roleid, letter, cols):
            raise _denied(relation_objtype(rel), rel.name)


class _Walker:
    def __init__(self, session):
        self.session = session
        self.cat = session.db.cat
        self.seen: set[int] = set()
        self.used: dict[int, dict[int, set[int]]] = {}   # id(Query) -> rtindex -> attnos read

    def relation(self, relid: int):
        from pgref.catalog import sysrels
        return self.cat.relations.get(relid) or sysrels.system_relations().get(relid)

    def query(self, q, roleid: int) -> None:
        if id(q) in self.seen:
            return
        self.seen.add(id(q))
        if id(q) not in self.used:
            _collect_columns(q, [], self.used)
        used = self.used[id(q)]
        cmd = getattr(q, "command", "select")
        for idx, rte in enumerate(q.rtable, 1):
            if rte.relid and rte.kind in ("relation", "subquery"):
                rel = self.relation(rte.relid)
                if rel is not None:
                    perms: list[tuple[str, set[int] | None]] = []
                    reads = used.get(idx, set())
                    if idx == q.result_relation:
                        if cmd == "insert":
                            perms.append(("a", set(q.insert_columns)))
                        elif cmd == "update":
                            perms.append(("w", set(q.update_columns)))
                        elif cmd == "delete":
                            perms.append(("d", None))
                        elif cmd == "merge":
                            for act in getattr(q, "merge_actions", None) or []:
                                if act.command == "update":
                                    perms.append(("w", {te.resno for te in act.target_list}))
                                elif act.command == "delete":
                                    perms.append(("d", None))
                                elif act.command == "insert":
                                    perms.append(("a", set(act.insert_columns) or
                                                  {te.resno for te in act.target_list}))
                        if reads:
                            perms.append(("r", reads))
                    else:
                        perms.append(("r", reads))
                        if q.locking:
                            perms.append(("w", set()))
                    oc = q.on_conflict
                    if oc is not None and idx == q.result_relation:
                        # the arbiter index columns are read; DO UPDATE SET writes
                        arb = set()
                        for ix in getattr(rel, "indexes", []):
                            if ix.oid in oc.arbiter_indexes:
                                arb |= {a for a in ix.columns if a > 0}
                        if arb:
                            perms.append(("r", arb))
                        if oc.action == "update":
                            perms.append(("w", {te.resno for te in oc.set_list if not te.resjunk}))
                    _check_rte(self.session, rel, roleid, perms)
                    if rte.kind == "subquery" and rte.subquery is not None:
                        # INV-AUTH-7: a view's relations are checked as its owner
                        self.query(rte.subquery, rel.owner)
                        continue
            self.any(rte, roleid, skip_subquery=False)
        for f in dataclasses.fields(q):
            if f.name != "rtable":
                self.any(getattr(q, f.name), roleid)
        self.any(getattr(q, "merge_actions", None), roleid)

    def any(self, obj, roleid: int, skip_subquery: bool = False) -> None:
        from pgref.analyzer.nodes import Query
        stack = [obj]
        while stack:
            o = stack.pop()
            if o is None or isinstance(o, (str, int, float, bool, bytes)):
                continue
            if isinstance(o, Query):
                self.query(o, roleid)
                continue
            if isinstance(o, (list, tuple, set, frozenset)):
                stack.extend(o)
                continue
            if isinstance(o, dict):
                stack.extend(o.values())
                continue
            if dataclasses.is_dataclass(o) and not isinstance(o, type):
                if id(o) in self.seen:
                    continue
                self.seen.add(id(o))
                for attr in ("funcid", "aggfnoid", "winfnoid"):
                    fid = getattr(o, attr, None)
                    if isinstance(fid, int) and fid >= 16384:
                        check_function(self.session, fid, roleid)
                for f in dataclasses.fields(o):
                    stack.append(getattr(o, f.name, None))


def _collect_columns(q, stack: list, used: dict) -> None:
    """The columns each range-table entry of ``q`` (and of every query
    nested in it) is read through: the Vars of its expressions, a Var of
    a join resolved to the join's input columns, a Var of an outer level
    counted for the query it belongs to (markVarForSelectPriv)."""
    from pgref.analyzer.nodes import Query, RangeTblEntry, Var
    if id(q) in used:
        return
    used[id(q)] = {}
    stack = stack + [q]

    def mark(e, level: int) -> None:
        todo = [(e, level)]
        while todo:
            o, lvl = todo.pop()
            if o is None or isinstance(o, (str, int, float, bool, bytes)):
                continue
            if isinstance(o, Var):
                depth = lvl - o.levelsup
                if depth < 0:
                    continue
                owner = stack[depth]
                if not (0 < o.varno <= len(owner.rtable)):
                    continue
                rte = owner.rtable[o.varno - 1]
                if rte.kind == "join" and rte.joinvars is not None:
                    jv = rte.joinvars if o.varattno == 0 else rte.joinvars[o.varattno - 1:o.varattno]
                    for x in jv:
                        todo.append((_shift(x, o.levelsup) if o.levelsup else x, lvl))
                    continue
                used[id(owner)].setdefault(o.varno, set()).add(o.varattno)
                continue
            if isinstance(o, Query):
                if id(o) not in used:
                    _collect_columns_nested(o)
                continue
            if isinstance(o, RangeTblEntry):
                # a join's columns count only when referenced; a subquery is its own level
                if o.subquery is not None and id(o.subquery) not in used:
                    _collect_columns_nested(o.subquery)
                todo.append((o.func, lvl))
                todo.append((o.values_lists, lvl))
                continue
            if isinstance(o, (list, tuple, set, frozenset)):
                todo.extend((x, lvl) for x in o)
                continue
            if isinstance(o, dict):
                todo.extend((x, lvl) for x in o.values())
                continue
            if dataclasses.is_dataclass(o) and not isinstance(o, type):
                todo.extend((getattr(o, f.name, None), lvl) for f in dataclasses.fields(o))

    def _collect_columns_nested(sub) -> None:
        _collect_columns(sub, stack, used)

    level = len(stack) - 1
    for f in dataclasses.fields(q):
        mark(getattr(q, f.name), level)
    if "merge_actions" not in {f.name for f in dataclasses.fields(q)}:
        mark(getattr(q, "merge_actions", None), level)       # MERGE's WHEN clauses


def _shift(e, levels: int):
    """A join alias expression seen from ``levels`` queries further in."""
    from pgref.analyzer.nodes import Var
    if isinstance(e, Var):
        return dataclasses.replace(e, levelsup=e.levelsup + levels)
    if dataclasses.is_dataclass(e) and not isinstance(e, type):
        changes = {}
        for f in dataclasses.fields(e):
            v = getattr(e, f.name)
            if isinstance(v, list):
                changes[f.name] = [_shift(x, levels) for x in v]
            elif isinstance(v, tuple):
                changes[f.name] = tuple(_shift(x, levels) for x in v)
            elif dataclasses.is_dataclass(v) and not isinstance(v, type):
                changes[f.name] = _shift(v, levels)
        return dataclasses.replace(e, **changes) if changes else e
    return e


def check_function(session, funcid: int, roleid: int | None = None) -> None:
    """EXECUTE on a user routine (pg_proc_aclcheck); built-ins keep
    PostgreSQL's default, EXECUTE for PUBLIC."""
    from pgref.engine.grant import acldefault
    proc = session.db.cat.user_procs.get(funcid)
    if proc is None or proc.acl is None:
        return
    roleid = current_user(session) if roleid is None else roleid
    if _super(session, roleid):
        return
    if "X" not in acl_mask(session, list(proc.acl), acldefault("function", _roles(session).name(proc.owner)),
                           roleid):
        raise _denied({"a": "aggregate", "p": "procedure"}.get(proc.kind, "function"), proc.name)


def check_plan(session, planned) -> None:
    """ExecCheckRTPerms for a planned SELECT / INSERT / UPDATE / DELETE."""
    if not has_user_roles(session):
        return
    q = getattr(planned, "query", None)
    if q is None:
        return
    _Walker(session).query(q, current_user(session))


def check_query(session, q) -> None:
    """The same check for an analyzed Query (COPY (query), cursors)."""
    if has_user_roles(session):
        _Walker(session).query(q, current_user(session))


# ------------------------------------------------------------------ owners, schemas, sequences
def is_owner(session, owner: int, roleid: int | None = None) -> bool:
    from pgref.auth.roles import has_privs_of_role
    roleid = current_user(session) if roleid is None else roleid
    return has_privs_of_role(session, roleid, owner)


def check_relation_owner(session, rel) -> None:
    if not has_user_roles(session) or getattr(rel, "system", False):
        return
    if not is_owner(session, rel.owner):
        raise _not_owner(relation_objtype(rel), rel.name)


def check_relation_priv(session, rel, letters: str) -> None:
    """Some privilege of ``letters`` on the relation (table level)."""
    if not has_user_roles(session):
        return
    if not set(letters) & relation_mask(session, rel, current_user(session)):
        raise _denied(relation_objtype(rel), rel.name)


def check_namespace_create(session, nspoid: int) -> None:
    if not has_user_roles(session):
        return
    ns = session.db.cat.namespaces.get(nspoid)
    if ns is None or "C" in namespace_mask(session, ns, current_user(session)):
        return
    raise _denied("schema", ns.name)


def check_namespace_usage(session, nspoid: int) -> None:
    if not has_user_roles(session):
        return
    ns = session.db.cat.namespaces.get(nspoid)
    if ns is None or "U" in namespace_mask(session, ns, current_user(session)):
        return
    raise _denied("schema", ns.name)


def check_sequence(session, rel, letters_any: str) -> None:
    """nextval: USAGE or UPDATE; currval / lastval: SELECT or USAGE;
    setval: UPDATE (sequence.c)."""
    if not has_user_roles(session) or rel is None:
        return
    if not set(letters_any) & relation_mask(session, rel, current_user(session)):
        raise _denied("sequence", rel.name)


# ------------------------------------------------------------------ utility statements
def _lookup(session, rv):
    cat = session.db.cat
    return cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())


# LockTableAclCheck (lockcmds.c): the privileges that allow each lock mode
_LOCK_ACCESS_SHARE = 1
_LOCK_ROW_EXCLUSIVE = 3


def check_utility(session, stmt) -> None:
    """The privilege / ownership checks PostgreSQL makes before running a
    utility statement (each command's own aclcheck call)."""
    if (isinstance(stmt, A.AlterOwnerStmt) and stmt.object_type == "database") or \
            (isinstance(stmt, A.GrantStmt) and stmt.objtype == "database"):
        if session.xact is not None:
            from pgref.auth.roles import before_role_change
            before_role_change(session)      # the database's owner / ACL roll back (INV-AUTH-2)
    if not has_user_roles(session):
        return
    if isinstance(stmt, A.TruncateStmt):
        for rv in stmt.relations:
            rel = _lookup(session, rv)
            if rel is not None:
                check_relation_priv(session, rel, "D")
    elif isinstance(stmt, A.LockStmt):
        for rv in stmt.relations:
            rel = _lookup(session, rv)
            if rel is None:
                continue
            mode = stmt.mode
            if mode == _LOCK_ACCESS_SHARE:
                need = "r"
            elif mode == _LOCK_ROW_EXCLUSIVE:
                need = "awdD"
            else:
                need = "wdD"
            check_relation_priv(session, rel, need)
    elif isinstance(stmt, A.CopyStmt):
        if stmt.relation is not None:
            rel = _lookup(session, stmt.relation)
            if rel is not None:
                # DoCopy: the privilege on every column copied (all, without a list)
                names = [a if isinstance(a, str) else getattr(a, "sval", a) for a in stmt.attlist]
                cols = [c for c in rel.columns if not c.dropped and (not names or c.name in names)]
                _check_rte(session, rel, current_user(session),
                           [("a" if stmt.is_from else "r", {c.attnum for c in cols})])
    elif isinstance(stmt, A.IndexStmt):
        rel = _lookup(session, stmt.relation)
        if rel is not None:
            check_relation_owner(session, rel)
    elif isinstance(stmt, A.AlterTableStmt):
        rel = _lookup(session, stmt.relation)
        if rel is not None:
            check_relation_owner(session, rel)
    elif isinstance(stmt, A.CallStmt):
        from pgref.engine.functions import analyze_call
        _e, proc = analyze_call(session, stmt)
        check_function(session, proc.oid)
    elif isinstance(stmt, A.DropStmt) and stmt.remove_type in ("function", "procedure", "routine", "aggregate"):
        from pgref.engine.functions import lookup_routine
        for owa in stmt.objects:
            if not isinstance(owa, A.ObjectWithArgs):
                continue
            proc = lookup_routine(session, owa, stmt.remove_type if stmt.remove_type != "aggregate" else "routine",
                                  missing_ok=True)
            _check_routine_owner(session, proc)
    elif isinstance(stmt, A.AlterFunctionStmt):
        from pgref.engine.functions import lookup_routine
        _check_routine_owner(session, lookup_routine(session, stmt.func, stmt.objtype, missing_ok=True))
    elif isinstance(stmt, A.CreatedbStmt):
        from pgref.auth.roles import rolecat
        role = rolecat(session).get(current_user(session))
        if role is not None and not (role.rolsuper or role.rolcreatedb):
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to create database")
    elif isinstance(stmt, A.DropStmt) and stmt.remove_type in ("table", "view", "sequence", "index",
                                                                 "materialized_view"):
        for names in stmt.objects:
            names = list(names) if isinstance(names, (list, tuple)) else [names]
            schema = names[-2] if len(names) > 1 else None
            if stmt.remove_type == "index":
                table = _index_table(session, schema, names[-1])
                if table is not None and not is_owner(session, table.owner):
                    raise _not_owner("index", names[-1])
                continue
            rel = session.db.cat.lookup_relation(schema, names[-1], session.search_path())
            if rel is None:
                continue
            ns = session.db.cat.namespaces.get(rel.namespace)
            if ns is not None and is_owner(session, ns.owner):
                continue          # the schema's owner may drop what is in it
            check_relation_owner(session, rel)
    elif isinstance(stmt, (A.CreateStmt, A.CreateSeqStmt)):
        rv = stmt.relation if isinstance(stmt, A.CreateStmt) else stmt.sequence
        _check_create_in(session, rv)
    elif isinstance(stmt, A.ViewStmt):
        _check_create_in(session, stmt.view)


def _check_routine_owner(session, proc) -> None:
    if proc is None or getattr(proc, "owner", None) is None or proc.oid < 16384:
        return
    if not is_owner(session, proc.owner):
        raise _not_owner({"a": "aggregate", "p": "procedure"}.get(proc.kind, "function"), proc.name)


def _index_table(session, schema: str | None, name: str):
    """The table of the index ``name`` (first in the search path)."""
    cat = session.db.cat
    if schema is not None:
        nsps = [cat.namespace_oid(schema)]
    else:
        nsps = session.search_path()
    for nsp in nsps:
        for rel in cat.relations.values():
            if rel.namespace == nsp and any(ix.name == name for ix in rel.indexes):
                return rel
    return None


def _check_create_in(session, rv) -> None:
    if rv is None or getattr(rv, "relpersistence", "p") == "t":
        return
    try:
        nsp = session.creation_namespace(rv.schemaname)
    except PgError:
        return                    # the command itself reports a missing schema
    try:
        check_namespace_create(session, nsp)
    except PgError as e:
        if getattr(rv, "location", -1) >= 0:
            e.position = rv.location + 1
        raise


# ------------------------------------------------------------------ owners of new objects
def adopt_new_objects(session, first_oid: int) -> None:
    """The objects a statement made (OIDs from ``first_oid`` on) belong to
    the current user (INV-AUTH-8): the commands that create them leave
    the bootstrap superuser as owner, this gives them to whoever ran the
    statement, as PostgreSQL's GetUserId() at creation.  An index belongs
    to its table's owner."""
    import dataclasses as dc
    from pgref.auth.defacl import apply_defaults
    from pgref.auth.roles import BOOTSTRAP_SUPERUSER
    cat = session.db.cat
    if cat.next_oid <= first_oid:
        return
    me = current_user(session)
    if me == BOOTSTRAP_SUPERUSER:
        apply_defaults(session, first_oid)        # ALTER DEFAULT PRIVILEGES (auth/defacl.py)
        return
    changed = False
    for rel in cat.relations.values():
        if rel.oid >= first_oid and rel.owner == BOOTSTRAP_SUPERUSER:
            rel.owner = me
            changed = True
    for ns in cat.namespaces.values():
        if ns.oid >= first_oid and ns.owner == BOOTSTRAP_SUPERUSER:
            ns.owner = me
            changed = True
    for oid, p in list(getattr(cat, "user_procs", {}).items()):
        if oid >= first_oid and p.owner == BOOTSTRAP_SUPERUSER:
            cat.user_procs[oid] = dc.replace(p, owner=me)
            changed = True
    for oid, td in getattr(cat, "type_defs", {}).items():
        if oid >= first_oid and getattr(td, "owner", None) == BOOTSTRAP_SUPERUSER:
            td.owner = me
            changed = True
    if changed:
        cat.changed()
    apply_defaults(session, first_oid)


def check_namespace_owner(session, ns) -> None:
    if has_user_roles(session) and not is_owner(session, ns.owner):
        raise _not_owner("schema", ns.name)

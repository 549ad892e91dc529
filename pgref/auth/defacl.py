"""Default privileges: ALTER DEFAULT PRIVILEGES and the ACL a new object
starts with (PostgreSQL's aclchk.c SetDefaultACL, get_user_default_acl).
spec/16-auth.md, "Default privileges".

Where it sits: ``auth/``.  An entry is PostgreSQL's pg_default_acl row:
(database, role, schema or 0, object kind) -> an ACL.  A schema-less
entry *replaces* the hard-wired default (acldefault) for that role's new
objects of the kind; a schema entry is *added* to it for objects created
in that schema.  An entry that comes back to the plain default is removed
(INV-AUTH-10).  Entries live in the RoleCatalog, so they follow its
transactions and persistence (INV-AUTH-2).

Kinds, as pg_default_acl.defaclobjtype: 'r' tables (and views), 'S'
sequences, 'f' functions and procedures, 'T' types, 'n' schemas.

Entry points:
    alter_default_privileges(session, stmt, text) -> Result
    default_acl(session, kind, owner_oid, nspoid) -> list[str] | None
    apply_defaults(session, first_oid)          new objects of a statement
"""
from __future__ import annotations

from pgref.engine.session import Result
from pgref.errors import PgError
from pgref.sql import ast as A

KIND_CHAR = {"table": "r", "sequence": "S", "function": "f", "type": "T", "schema": "n"}
CHAR_KIND = {v: k for k, v in KIND_CHAR.items()}


def _entries(session) -> dict:
    from pgref.auth.roles import rolecat
    return rolecat(session).default_acls


def _dboid(session) -> int:
    return getattr(session.db, "dboid", 0)


def alter_default_privileges(session, s: A.AlterDefaultPrivilegesStmt, text: str) -> Result:
    from pgref.auth.identity import current_user_oid
    from pgref.auth.roles import before_role_change, has_privs_of_role, rolecat, rolespec_oid
    from pgref.engine.grant import _letters, acl_update, acldefault, resolve_role
    act = s.action
    schemas: list[str] = []
    roles: list = []
    for d in s.options:
        if d.defname == "schemas":
            if schemas:
                raise PgError("42601", "conflicting or redundant options")
            schemas = list(d.arg)
        else:
            if roles:
                raise PgError("42601", "conflicting or redundant options")
            roles = list(d.arg)
    kind = act.objtype
    if kind == "schema" and schemas:
        raise PgError("0LP01", "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS")
    me = current_user_oid(session)
    role_ids = []
    for spec in roles or [None]:
        rid = me if spec is None else rolespec_oid(session, spec)
        if not has_privs_of_role(session, me, rid):
            raise PgError("42501", "permission denied to change default privileges")
        if rid not in role_ids:
            role_ids.append(rid)
    nsps = []
    cat = session.db.cat
    for name in schemas:
        oid = cat.namespace_oid(name)
        if oid is None:
            raise PgError("3F000", f'schema "{name}" does not exist')
        if oid not in nsps:
            nsps.append(oid)
    grantees = []
    for g in act.grantees:
        name = resolve_role(session, g, allow_public=True)
        if name not in grantees:
            grantees.append(name)
    if act.is_grant and act.grant_option and "" in grantees:
        raise PgError("0LP01", "grant options can only be granted to roles")
    shown = {"table": "table", "sequence": "sequence", "function": "function", "type": "type",
             "schema": "schema"}[kind]
    letters, cols = _letters(session, act.privileges, kind if kind != "type" else "type", shown)
    if cols:
        raise PgError("0LP01", "column privileges are only valid for relations")
    before_role_change(session)
    entries = _entries(session)
    rc = rolecat(session)
    ch = KIND_CHAR[kind]
    for rid in role_ids:
        owner = rc.name(rid)
        for nsp in nsps or [0]:
            key = (_dboid(session), rid, nsp, ch)
            old = entries.get(key)
            if old is not None:
                acl = list(old[1])
            else:
                acl = acldefault(kind, owner) if nsp == 0 else []
            for g in grantees:
                if act.is_grant:
                    acl = acl_update(acl, g, owner, letters, True, act.grant_option)
                else:
                    acl = acl_update(acl, g, owner, letters, False, False, options_only=act.grant_option)
            plain = acldefault(kind, owner) if nsp == 0 else []
            if sorted(acl) == sorted(plain):
                entries.pop(key, None)                  # INV-AUTH-10
            else:
                entries[key] = (old[0] if old is not None else cat.new_oid(), acl)
    return Result("ALTER DEFAULT PRIVILEGES")


def default_acl(session, kind: str, owner: int, nspoid: int) -> list[str] | None:
    """get_user_default_acl: the ACL a new object of ``kind`` owned by
    ``owner`` in schema ``nspoid`` gets; None when that is the default."""
    from pgref.auth.roles import rolecat
    from pgref.engine.grant import acldefault, format_aclitem, parse_aclitem
    entries = _entries(session)
    if not entries:
        return None
    ch = KIND_CHAR[kind]
    db = _dboid(session)
    owner_name = rolecat(session).name(owner)
    glob = entries.get((db, owner, 0, ch))
    sch = entries.get((db, owner, nspoid, ch)) if nspoid else None
    if glob is None and sch is None:
        return None
    acl = list(glob[1]) if glob is not None else acldefault(kind, owner_name)
    for item in (sch[1] if sch is not None else []):
        g, letters, opts, gr = parse_aclitem(item)
        for i, cur in enumerate(acl):                 # aclmerge: same grantee and grantor combine
            cg, cl, co, cgr = parse_aclitem(cur)
            if cg == g and cgr == gr:
                acl[i] = format_aclitem(g, cl + letters, co + opts, gr)
                break
        else:
            acl.append(item)
    if sorted(acl) == sorted(acldefault(kind, owner_name)):
        return None
    return acl


def apply_defaults(session, first_oid: int) -> None:
    """The ACLs the objects a statement made start with (INV-AUTH-10)."""
    import dataclasses
    if not _entries(session):
        return
    cat = session.db.cat
    changed = False
    for rel in cat.relations.values():
        if rel.oid >= first_oid and rel.acl is None and rel.kind in ("r", "v", "p", "m", "f", "S"):
            acl = default_acl(session, "sequence" if rel.kind == "S" else "table", rel.owner, rel.namespace)
            if acl is not None:
                rel.acl = acl
                changed = True
    for ns in cat.namespaces.values():
        if ns.oid >= first_oid and ns.acl is None:
            acl = default_acl(session, "schema", ns.owner, 0)
            if acl is not None:
                ns.acl = acl
                changed = True
    for oid, p in list(getattr(cat, "user_procs", {}).items()):
        if oid >= first_oid and getattr(p, "acl", None) is None:
            acl = default_acl(session, "function", p.owner, p.namespace)
            if acl is not None:
                cat.user_procs[oid] = dataclasses.replace(p, acl=tuple(acl))
                changed = True
    if changed:
        cat.changed()


def describe_entries(session, roleid: int) -> list[tuple[int, str]]:
    """DROP ROLE's dependency lines for the role's default-privilege entries."""
    cat = session.db.cat
    out = []
    what = {"r": "relations", "S": "sequences", "f": "functions", "T": "types", "n": "schemas"}
    for (db, rid, nsp, ch), (oid, _acl) in _entries(session).items():
        if db != _dboid(session) or rid != roleid:
            continue
        from pgref.auth.roles import rolecat
        text = f"owner of default privileges on new {what[ch]} belonging to role {rolecat(session).name(rid)}"
        if nsp:
            text += f" in schema {cat.namespace_name(nsp)}"
        out.append((oid, text))
    return out


def drop_entries(session, role_ids) -> None:
    entries = _entries(session)
    for key in [k for k in entries if k[0] == _dboid(session) and k[1] in role_ids]:
        del entries[key]

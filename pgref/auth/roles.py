"""The role catalog (pg_authid, pg_auth_members), role membership, and the
role commands (PostgreSQL's commands/user.c, utils/adt/acl.c membership
functions).  spec/16-auth.md, "Roles" and "Membership".

Where it sits: ``auth/``, over the Cluster (``engine/cluster.py``): roles
are *shared* -- one RoleCatalog per cluster, the same from every database
(INV-AUTH-1), written into ``global/`` with ``pg_database`` by
``Cluster.save_shared``.  A new cluster holds the bootstrap superuser
``postgres`` (OID 10) and PostgreSQL 15's predefined roles with their
fixed OIDs (pg_authid.dat).

Changes are transactional: the first role change of a (sub)transaction
keeps a copy of the RoleCatalog in its savepoint (``before_role_change``);
rollback puts it back, commit writes the shared catalogs (INV-AUTH-2).
OIDs come from the database's OID counter, like every other object's.

Membership (acl.c's roles_is_member_of): role M is a member of role R when
a chain of pg_auth_members rows leads from M to R.  M *has the privileges*
of R when every role on the chain before R has ``rolinherit``
(INV-AUTH-3).  Superusers are members of everything (is_member_of_role),
but not for loop detection (is_member_of_role_nosuper).

Entry points:
    role_catalog(cluster) -> RoleCatalog
    RoleCatalog.by_name(name) / .get(oid) / .snapshot() / .restore()
    is_member_of_role(cat, member, role) / has_privs_of_role / is_admin_of_role
    roles_with_privs_of(session, roleid) -> set[int]     (for ACL masks)
    create_role / alter_role / alter_role_set / drop_role / grant_role /
    drop_owned / reassign_owned / rename_role(session, stmt, text) -> Result
    install(handlers)                                    registers the handlers
    scram_verifier(password) -> str                      what PASSWORD stores
"""
from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import os
from dataclasses import dataclass, field

from pgref.engine.session import Result
from pgref.errors import DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, UNDEFINED_OBJECT, PgError
from pgref.sql import ast as A

INSUFFICIENT_PRIVILEGE = "42501"
INVALID_GRANT_OPERATION = "0LP01"
OBJECT_IN_USE = "55006"
DEPENDENT_OBJECTS_STILL_EXIST = "2BP01"
RESERVED_NAME = "42939"

BOOTSTRAP_SUPERUSER = 10
PG_DATABASE_OWNER = 6171
PG_READ_ALL_DATA = 6181
PG_WRITE_ALL_DATA = 6182

# PostgreSQL 15's predefined roles (pg_authid.dat): NOLOGIN, INHERIT
PREDEFINED = {6171: "pg_database_owner", 6181: "pg_read_all_data", 6182: "pg_write_all_data",
              3373: "pg_monitor", 3374: "pg_read_all_settings", 3375: "pg_read_all_stats",
              3377: "pg_stat_scan_tables", 4569: "pg_read_server_files", 4570: "pg_write_server_files",
              4571: "pg_execute_server_program", 4200: "pg_signal_backend", 4544: "pg_checkpoint"}
# initdb's system_functions.sql: GRANT pg_read_all_settings, pg_read_all_stats,
# pg_stat_scan_tables TO pg_monitor
PREDEFINED_MEMBERS = [(3374, 3373), (3375, 3373), (3377, 3373)]


@dataclass
class Role:
    """One pg_authid row (attribute names are PostgreSQL's columns)."""
    oid: int
    rolname: str
    rolsuper: bool = False
    rolinherit: bool = True
    rolcreaterole: bool = False
    rolcreatedb: bool = False
    rolcanlogin: bool = False
    rolreplication: bool = False
    rolbypassrls: bool = False
    rolconnlimit: int = -1
    rolpassword: str | None = None
    rolvaliduntil: int | None = None        # timestamptz, microseconds since 2000-01-01 UTC
    comment: str | None = None              # COMMENT ON ROLE (pg_shdescription)


@dataclass
class Member:
    """One pg_auth_members row."""
    roleid: int
    member: int
    grantor: int
    admin_option: bool = False


@dataclass
class RoleCatalog:
    roles: dict[int, Role] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    # pg_default_acl: (dboid, role, namespace or 0, objtype) -> (oid, acl) (auth/defacl.py)
    default_acls: dict = field(default_factory=dict)

    @classmethod
    def bootstrap(cls) -> "RoleCatalog":
        cat = cls()
        cat.roles[BOOTSTRAP_SUPERUSER] = Role(BOOTSTRAP_SUPERUSER, "postgres", rolsuper=True, rolcreaterole=True,
                                              rolcreatedb=True, rolcanlogin=True, rolreplication=True,
                                              rolbypassrls=True)
        for oid, name in PREDEFINED.items():
            cat.roles[oid] = Role(oid, name)
        cat.members = [Member(r, m, BOOTSTRAP_SUPERUSER) for r, m in PREDEFINED_MEMBERS]
        return cat

    def by_name(self, name: str) -> Role | None:
        for r in self.roles.values():
            if r.rolname == name:
                return r
        return None

    def get(self, oid: int) -> Role | None:
        return self.roles.get(oid)

    def name(self, oid: int) -> str:
        r = self.roles.get(oid)
        return r.rolname if r is not None else f"unknown (OID={oid})"

    def membership(self, roleid: int, member: int) -> Member | None:
        for m in self.members:
            if m.roleid == roleid and m.member == member:
                return m
        return None

    def snapshot(self, cluster=None) -> "RoleCatalog":
        """A copy for rollback; with ``cluster``, also the databases'
        owners and ACLs (ALTER DATABASE OWNER and GRANT ON DATABASE
        roll back with the roles they name)."""
        snap = copy.deepcopy(self)
        if cluster is not None and hasattr(cluster, "databases"):
            snap.db_state = {oid: (e.datdba, None if e.datacl is None else list(e.datacl))
                             for oid, e in cluster.databases.items()}
            snap.db_cluster = cluster
        return snap

    def restore(self, snap: "RoleCatalog") -> None:
        self.roles = snap.roles
        self.members = snap.members
        self.default_acls = snap.default_acls
        cluster = snap.__dict__.get("db_cluster")
        if cluster is not None:
            for oid, (dba, acl) in snap.db_state.items():
                e = cluster.databases.get(oid)
                if e is not None:
                    e.datdba, e.datacl = dba, acl

    # -------------------------------------------------------- persistence
    def authid_rows(self) -> list[tuple]:
        return [(r.oid, r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
                 r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolpassword,
                 None if r.rolvaliduntil is None else str(r.rolvaliduntil), r.comment)
                for r in self.roles.values()]

    def member_rows(self) -> list[tuple]:
        return [(m.roleid, m.member, m.grantor, m.admin_option) for m in self.members]

    def shared_rows(self) -> dict[str, list[tuple]]:
        """The rows Cluster.save_shared writes (INV-AUTH-1)."""
        import json
        return {"pg_authid": self.authid_rows(), "pg_auth_members": self.member_rows(),
                "pg_default_acl": [(oid, db, role, nsp, ch, json.dumps(acl))
                                   for (db, role, nsp, ch), (oid, acl) in self.default_acls.items()]}

    @classmethod
    def from_rows(cls, authid: list[dict], members: list[dict], defacls: list[dict] = ()) -> "RoleCatalog":
        import json
        cat = cls()
        for r in authid:
            r = dict(r)
            vu = r.pop("rolvaliduntil")
            cat.roles[r["oid"]] = Role(**r, rolvaliduntil=None if vu is None else int(vu))
        cat.members = [Member(**m) for m in members]
        for d in defacls:
            cat.default_acls[(d["dboid"], d["defaclrole"], d["defaclnamespace"], d["defaclobjtype"])] = \
                (d["oid"], json.loads(d["defaclacl"]))
        return cat


# how Cluster.save_shared stores them (engine/cluster.py SHARED_CATALOGS)
def shared_catalog_columns() -> dict[str, list[tuple[str, int]]]:
    from pgref.types import oids as T
    return {
        "pg_authid": [("oid", T.OIDOID), ("rolname", T.NAMEOID), ("rolsuper", T.BOOLOID),
                      ("rolinherit", T.BOOLOID), ("rolcreaterole", T.BOOLOID), ("rolcreatedb", T.BOOLOID),
                      ("rolcanlogin", T.BOOLOID), ("rolreplication", T.BOOLOID), ("rolbypassrls", T.BOOLOID),
                      ("rolconnlimit", T.INT4OID), ("rolpassword", T.TEXTOID), ("rolvaliduntil", T.TEXTOID),
                      ("comment", T.TEXTOID)],
        "pg_auth_members": [("roleid", T.OIDOID), ("member", T.OIDOID), ("grantor", T.OIDOID),
                            ("admin_option", T.BOOLOID)],
        "pg_default_acl": [("oid", T.OIDOID), ("dboid", T.OIDOID), ("defaclrole", T.OIDOID),
                           ("defaclnamespace", T.OIDOID), ("defaclobjtype", T.TEXTOID), ("defaclacl", T.TEXTOID)],
    }


def role_catalog(cluster) -> RoleCatalog:
    """The cluster's RoleCatalog (made at first use for a cluster that
    has none yet: a new one, or one written before roles existed)."""
    rc = getattr(cluster, "rolecat", None)
    if rc is None:
        rc = RoleCatalog.bootstrap()
        cluster.rolecat = rc
    return rc


def _cluster(session):
    return getattr(session.db, "cluster", session.db)


def rolecat(session) -> RoleCatalog:
    return role_catalog(_cluster(session))


def before_role_change(session) -> RoleCatalog:
    """INV-AUTH-2: keep the catalog as it was for rollback, once per savepoint."""
    rc = rolecat(session)
    x = session.xact
    if x is not None:
        sp = x.savepoints[-1]
        if getattr(sp, "auth_snap", None) is None:
            sp.auth_snap = rc.snapshot(_cluster(session))
        x.wrote_roles = True
    return rc


# ------------------------------------------------------------------ membership (acl.c)
def _database_owner(session) -> int | None:
    db = session.db
    cluster = _cluster(session)
    entry = getattr(cluster, "databases", {}).get(getattr(db, "dboid", None))
    return getattr(entry, "datdba", None)


def roles_is_member_of(session, roleid: int, privs: bool) -> set[int]:
    """Every role ``roleid`` is a member of, itself included; with
    ``privs``, only through roles that inherit (INV-AUTH-3)."""
    rc = rolecat(session)
    out = {roleid}
    todo = [roleid]
    dba = _database_owner(session)
    while todo:
        r = todo.pop()
        if privs:
            role = rc.get(r)
            if role is not None and not role.rolinherit:
                continue
        found = [m.roleid for m in rc.members if m.member == r]
        if r == dba:
            found.append(PG_DATABASE_OWNER)       # the owner of the current database
        for g in found:
            if g not in out:
                out.add(g)
                todo.append(g)
    return out


def is_superuser(session, roleid: int) -> bool:
    role = rolecat(session).get(roleid)
    return role is not None and role.rolsuper


def has_privs_of_role(session, member: int, role: int) -> bool:
    if member == role or is_superuser(session, member):
        return True
    return role in roles_is_member_of(session, member, privs=True)


def is_member_of_role(session, member: int, role: int) -> bool:
    if member == role or is_superuser(session, member):
        return True
    return role in roles_is_member_of(session, member, privs=False)


def is_member_of_role_nosuper(session, member: int, role: int) -> bool:
    return member == role or role in roles_is_member_of(session, member, privs=False)


def is_admin_of_role(session, member: int, role: int) -> bool:
    """PostgreSQL 15's is_admin_of_role: superusers; never a role for
    itself; else some role ``member`` is a member of holds ``role`` WITH
    ADMIN OPTION."""
    if is_superuser(session, member):
        return True
    if member == role:
        return False            # a role never administers itself (PostgreSQL 15.2 and later)
    rc = rolecat(session)
    for r in roles_is_member_of(session, member, privs=False):
        m = rc.membership(role, r)
        if m is not None and m.admin_option:
            return True
    return False


def roles_with_privs_of(session, roleid: int) -> set[int]:
    return roles_is_member_of(session, roleid, privs=True)


# ------------------------------------------------------------------ lookups
def get_role_oid(session, name: str) -> int:
    r = rolecat(session).by_name(name)
    if r is None:
        raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')
    return r.oid


def rolespec_oid(session, spec: A.RoleSpec) -> int:
    """get_rolespec_oid: CURRENT_USER / SESSION_USER / a name; PUBLIC is
    no role (42704)."""
    from pgref.auth.identity import current_user_oid, session_user_oid
    if spec.roletype in ("current_user", "current_role"):
        return current_user_oid(session)
    if spec.roletype == "session_user":
        return session_user_oid(session)
    if spec.roletype == "public":
        raise PgError(UNDEFINED_OBJECT, 'role "public" does not exist')
    return get_role_oid(session, spec.rolename)


def rolespec_name(session, spec: A.RoleSpec) -> str:
    if spec.roletype == "cstring":
        return spec.rolename
    if spec.roletype == "public":
        return "public"
    return rolecat(session).name(rolespec_oid(session, spec))


def _check_reserved(name: str, location: int = -1) -> None:
    if name.startswith("pg_"):
        raise PgError(RESERVED_NAME, f'role name "{name}" is reserved',
                      detail='Role names starting with "pg_" are reserved.')


def _have_createrole(session) -> bool:
    from pgref.auth.identity import current_user_oid
    role = rolecat(session).get(current_user_oid(session))
    return role is not None and (role.rolsuper or role.rolcreaterole)


def _current_is_super(session) -> bool:
    from pgref.auth.identity import current_user_oid
    return is_superuser(session, current_user_oid(session))


# ------------------------------------------------------------------ passwords
def scram_verifier(password: str, salt: bytes | None = None, iterations: int = 4096) -> str:
    """A SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802/7677,
    scram_build_secret): SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode()   # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _encrypt_password(session, rolname: str, password: str | None) -> str | None:
    if password is None:
        return None
    if password == "":
        session.notices.append(PgError("00000", "empty string is not a valid password, clearing password",
                                       severity="NOTICE"))
        return None
    if password.startswith("SCRAM-SHA-256$") or (password.startswith("md5") and len(password) == 35):
        return password                      # already a verifier: stored as given
    method = session.settings.get("password_encryption") if _has_setting("password_encryption") else "scram-sha-256"
    if method == "md5":
        return "md5" + hashlib.md5((password + rolname).encode()).hexdigest()
    return scram_verifier(password)


def _has_setting(name: str) -> bool:
    from pgref.engine.guc import SETTINGS
    return name.lower() in SETTINGS


def _valid_until(session, text: str) -> int:
    from pgref.types.datetime.io import timestamptz_in
    return timestamptz_in(session.exec_context(), text)


# ------------------------------------------------------------------ CREATE ROLE
_BOOL_OPTIONS = {"superuser": "rolsuper", "inherit": "rolinherit", "createrole": "rolcreaterole",
                 "createdb": "rolcreatedb", "canlogin": "rolcanlogin", "isreplication": "rolreplication",
                 "bypassrls": "rolbypassrls"}


def _options(options) -> dict:
    seen: dict = {}
    for d in options:
        if d.defname in seen:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options")
        seen[d.defname] = d.arg
    return seen


def _value(arg):
    if isinstance(arg, (A.Boolean,)):
        return arg.boolval
    if isinstance(arg, A.Integer):
        return arg.ival
    if isinstance(arg, A.String):
        return arg.sval
    return arg


def create_role(session, s: A.CreateRoleStmt, text: str) -> Result:
    from pgref.auth.identity import current_user_oid
    rc = before_role_change(session)
    opts = {k: _value(v) for k, v in _options(s.options).items()}
    if "sysid" in opts:
        session.notices.append(PgError("00000", "SYSID can no longer be specified", severity="NOTICE"))
    issuper = bool(opts.get("superuser", False))
    # CreateRole's permission checks (user.c)
    if issuper:
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to create superusers")
    elif opts.get("isreplication"):
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to create replication users")
    elif opts.get("bypassrls"):
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to create bypassrls users")
    elif not _have_createrole(session):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to create role")
    _check_reserved(s.role)
    if rc.by_name(s.role) is not None:
        raise PgError(DUPLICATE_OBJECT, f'role "{s.role}" already exists')
    limit = opts.get("connectionlimit", -1)
    if limit < -1:
        raise PgError("22023", f"invalid connection limit: {limit}")
    oid = session.db.cat.new_oid()
    while oid in rc.roles:
        oid = session.db.cat.new_oid()
    role = Role(oid, s.role, rolsuper=issuper, rolinherit=opts.get("inherit", True),
                rolcreaterole=bool(opts.get("createrole", False)), rolcreatedb=bool(opts.get("createdb", False)),
                rolcanlogin=bool(opts.get("canlogin", s.stmt_type == "user")),
                rolreplication=bool(opts.get("isreplication", False)), rolbypassrls=bool(opts.get("bypassrls", False)),
                rolconnlimit=limit)
    if "password" in opts:
        role.rolpassword = _encrypt_password(session, s.role, opts["password"])
    if "validUntil" in opts:
        role.rolvaliduntil = _valid_until(session, opts["validUntil"])
    rc.roles[oid] = role
    me = current_user_oid(session)
    # IN ROLE: the new role becomes a member of each; ROLE / ADMIN: each becomes a member of the new role
    for spec in opts.get("addroleto", ()):
        target = rolespec_oid(session, spec)
        add_role_member(session, rolecat(session).name(target), target, [(spec, oid)], me, False)
    if opts.get("rolemembers"):
        add_role_member(session, s.role, oid, [(sp, rolespec_oid(session, sp)) for sp in opts["rolemembers"]],
                        me, False)
    if opts.get("adminmembers"):
        add_role_member(session, s.role, oid, [(sp, rolespec_oid(session, sp)) for sp in opts["adminmembers"]],
                        me, True)
    return Result("CREATE ROLE")


# ------------------------------------------------------------------ membership changes
def add_role_member(session, rolename: str, roleid: int, members, grantor: int, admin_opt: bool) -> None:
    """AddRoleMems (user.c)."""
    from pgref.auth.identity import current_user_oid
    rc = before_role_change(session)
    if not members:
        return
    if is_superuser(session, roleid):
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to alter superusers")
    elif not _have_createrole(session) and not is_admin_of_role(session, grantor, roleid):
        raise PgError(INSUFFICIENT_PRIVILEGE, f'must have admin option on role "{rolename}"')
    if roleid == PG_DATABASE_OWNER:
        raise PgError(INVALID_GRANT_OPERATION, f'role "{rolename}" cannot have explicit members')
    if grantor != current_user_oid(session) and not _current_is_super(session):
        raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to set grantor")
    for spec, memberid in members:
        mname = rc.name(memberid)
        if memberid == PG_DATABASE_OWNER:
            raise PgError(INVALID_GRANT_OPERATION, f'role "{mname}" cannot be a member of any role')
        if is_member_of_role_nosuper(session, roleid, memberid):
            raise PgError(INVALID_GRANT_OPERATION, f'role "{rolename}" is a member of role "{mname}"')
        existing = rc.membership(roleid, memberid)
        if existing is not None and (not admin_opt or existing.admin_option):
            session.notices.append(PgError("00000", f'role "{mname}" is already a member of role "{rolename}"',
                                           severity="NOTICE"))
            continue
        if existing is not None:
            existing.admin_option = True
            existing.grantor = grantor
        else:
            rc.members.append(Member(roleid, memberid, grantor, admin_opt))


def del_role_member(session, rolename: str, roleid: int, members, admin_opt: bool) -> None:
    """DelRoleMems (user.c)."""
    from pgref.auth.identity import current_user_oid
    rc = before_role_change(session)
    if not members:
        return
    if is_superuser(session, roleid):
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to alter superusers")
    elif not _have_createrole(session) and not is_admin_of_role(session, current_user_oid(session), roleid):
        raise PgError(INSUFFICIENT_PRIVILEGE, f'must have admin option on role "{rolename}"')
    for spec, memberid in members:
        existing = rc.membership(roleid, memberid)
        if existing is None:
            session.notices.append(PgError("01000", f'role "{rc.name(memberid)}" is not a member of role '
                                           f'"{rolename}"', severity="WARNING"))
            continue
        if admin_opt:
            existing.admin_option = False
        else:
            rc.members.remove(existing)


def grant_role(session, s: A.GrantRoleStmt, text: str) -> Result:
    """GrantRole: each granted role to (or from) each grantee."""
    from pgref.auth.identity import current_user_oid
    session.before_ddl()
    grantor = rolespec_oid(session, s.grantor) if (s.grantor is not None and s.is_grant) \
        else current_user_oid(session)
    grantees = [(g, rolespec_oid(session, g)) for g in s.grantee_roles]
    for priv in s.granted_roles:
        if priv.cols:
            raise PgError(INVALID_GRANT_OPERATION, "column names cannot be included in GRANT/REVOKE ROLE")
        if priv.priv_name is None:
            raise PgError(SYNTAX_ERROR, "syntax error")
        roleid = get_role_oid(session, priv.priv_name)
        if s.is_grant:
            add_role_member(session, priv.priv_name, roleid, grantees, grantor, s.admin_opt)
        else:
            del_role_member(session, priv.priv_name, roleid, grantees, s.admin_opt)
    return Result("GRANT ROLE" if s.is_grant else "REVOKE ROLE")


# ------------------------------------------------------------------ ALTER ROLE
def alter_role(session, s: A.AlterRoleStmt, text: str) -> Result:
    """AlterRole (user.c), and ALTER GROUP ... ADD / DROP USER."""
    from pgref.auth.identity import current_user_oid
    rc = before_role_change(session)
    session.before_ddl()
    if s.role.roletype == "public":
        raise PgError(UNDEFINED_OBJECT, 'role "public" does not exist')
    roleid = rolespec_oid(session, s.role)
    role = rc.get(roleid)
    opts = {k: _value(v) for k, v in _options(s.options).items()}
    if "sysid" in opts:
        opts.pop("sysid")
    me = current_user_oid(session)
    # permission checks (AlterRole)
    if role.rolsuper or "superuser" in opts:
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to alter superuser roles or change "
                          "superuser attribute")
    elif role.rolreplication or "isreplication" in opts:
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to alter replication roles or change "
                          "replication attribute")
    elif "bypassrls" in opts:
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to change bypassrls attribute")
    elif not _have_createrole(session):
        only_password = set(opts) <= {"password"}
        if not (only_password and roleid == me) and not (set(opts) <= {"rolemembers"} and "rolemembers" in opts):
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied")
    limit = opts.get("connectionlimit")
    if limit is not None and limit < -1:
        raise PgError("22023", f"invalid connection limit: {limit}")
    for key, attr in _BOOL_OPTIONS.items():
        if key in opts:
            setattr(role, attr, bool(opts[key]))
    if limit is not None:
        role.rolconnlimit = limit
    if "password" in opts:
        role.rolpassword = _encrypt_password(session, role.rolname, opts["password"])
    if "validUntil" in opts:
        role.rolvaliduntil = _valid_until(session, opts["validUntil"])
    if "rolemembers" in opts:
        members = [(sp, rolespec_oid(session, sp)) for sp in opts["rolemembers"]]
        if s.action > 0:
            add_role_member(session, role.rolname, roleid, members, me, False)
        else:
            del_role_member(session, role.rolname, roleid, members, False)
    return Result("ALTER ROLE")


def alter_role_set(session, s: A.AlterRoleSetStmt, text: str) -> Result:
    """ALTER ROLE name | ALL [IN DATABASE d] SET / RESET: pg_db_role_setting."""
    from pgref.engine.dbcommands import setting_text
    cluster = _cluster(session)
    roleid = 0
    if s.role is not None:
        roleid = rolespec_oid(session, s.role)
        role = rolecat(session).get(roleid)
        if role.rolsuper and not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to alter superusers")
        from pgref.auth.identity import current_user_oid
        if roleid != current_user_oid(session) and not _have_createrole(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied")
    elif not _current_is_super(session):
        raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to alter settings globally")
    dboid = 0
    if s.database is not None:
        e = cluster.entry(s.database)
        if e is None:
            raise PgError("3D000", f'database "{s.database}" does not exist')
        dboid = e.oid
    st = s.setstmt
    conf = list(cluster.role_settings.get((dboid, roleid), []))
    if st.kind == "reset_all":
        conf = []
    elif st.kind in ("reset", "default"):
        conf = [c for c in conf if c.partition("=")[0].lower() != st.name.lower()]
    else:
        from pgref.engine.guc import lookup
        name = lookup(st.name).name if _has_setting(st.name) else st.name
        value = setting_text(session, st)
        conf = [c for c in conf if c.partition("=")[0].lower() != name.lower()] + [f"{name}={value}"]
    with cluster.lock:
        if conf:
            cluster.role_settings[(dboid, roleid)] = conf
        else:
            cluster.role_settings.pop((dboid, roleid), None)
        cluster.save_shared()
    return Result("ALTER ROLE")


def rename_role(session, s: A.RenameStmt, text: str) -> Result:
    """RenameRole (user.c)."""
    from pgref.auth.identity import current_user_oid, session_user_oid
    rc = before_role_change(session)
    role = rc.by_name(s.subname)
    if role is None:
        raise PgError(UNDEFINED_OBJECT, f'role "{s.subname}" does not exist')
    if role.oid == session_user_oid(session):
        raise PgError(FEATURE_NOT_SUPPORTED, "session user cannot be renamed")
    if role.oid == current_user_oid(session):
        raise PgError(FEATURE_NOT_SUPPORTED, "current user cannot be renamed")
    if role.oid in PREDEFINED:
        raise PgError(RESERVED_NAME, f'role name "{role.rolname}" is reserved',
                      detail='Role names starting with "pg_" are reserved.')
    if rc.by_name(s.newname) is not None:
        raise PgError(DUPLICATE_OBJECT, f'role "{s.newname}" already exists')
    _check_reserved(s.newname)
    if role.rolsuper:
        if not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to rename superusers")
    elif not _have_createrole(session):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to rename role")
    _rename_in_acls(session, role.rolname, s.newname)
    role.rolname = s.newname
    if role.rolpassword is not None and role.rolpassword.startswith("md5"):
        role.rolpassword = None
        session.notices.append(PgError("00000", "MD5 password cleared because of role rename", severity="NOTICE"))
    return Result("ALTER ROLE")


def _rename_in_acls(session, old: str, new: str) -> None:
    """ACLs hold role names as text (engine/grant.py): a rename rewrites them."""
    from pgref.engine.grant import acl_new_owner
    session.before_ddl()
    cat = session.db.cat
    for rel in cat.relations.values():
        rel.acl = acl_new_owner(rel.acl, old, new)
        for c in rel.columns:
            c.acl = acl_new_owner(c.acl, old, new)
    for ns in cat.namespaces.values():
        ns.acl = acl_new_owner(ns.acl, old, new)
    cat.changed()


# ------------------------------------------------------------------ DROP ROLE
def _dependents(session, roleid: int, name: str) -> list[str]:
    """What depends on role ``roleid`` (checkSharedDependencies' lines):
    the databases it owns or holds privileges on, and in the current
    database its objects and the ACL entries naming it, in OID order
    (shared_dependency_comparator)."""
    from pgref.engine.grant import parse_aclitem
    cat = session.db.cat
    found: list[tuple[int, str]] = []

    def names_role(acl) -> bool:
        return any(name in (parse_aclitem(i)[0], parse_aclitem(i)[3]) for i in (acl or []))

    cluster = _cluster(session)
    for e in getattr(cluster, "databases", {}).values():
        if e.datdba == roleid:
            found.append((e.oid, f"owner of database {e.datname}"))
        elif names_role(e.datacl):
            found.append((e.oid, f"privileges for database {e.datname}"))
    for ns in cat.namespaces.values():
        if ns.owner == roleid:
            found.append((ns.oid, f"owner of schema {ns.name}"))
        elif names_role(ns.acl):
            found.append((ns.oid, f"privileges for schema {ns.name}"))
    for rel in cat.relations.values():
        what = _relkind_word(rel)
        if rel.owner == roleid:
            found.append((rel.oid, f"owner of {what} {_relname(session, rel)}"))
        elif names_role(rel.acl):
            found.append((rel.oid, f"privileges for {what} {_relname(session, rel)}"))
        for c in rel.columns:
            if rel.owner != roleid and names_role(c.acl):
                found.append((rel.oid, f"privileges for column {c.name} of {what} {_relname(session, rel)}"))
    for p in getattr(cat, "user_procs", {}).values():
        if p.prosrc in _TYPE_CONSTRUCTORS:
            continue                      # made by CREATE TYPE: they go with the type
        what = {"a": "aggregate", "p": "procedure"}.get(p.kind, "function")
        if getattr(p, "owner", None) == roleid:
            found.append((p.oid, f"owner of {what} {_proc_sig(session, p)}"))
        elif names_role(getattr(p, "acl", None)):
            found.append((p.oid, f"privileges for {what} {_proc_sig(session, p)}"))
    for oid, td in getattr(cat, "type_defs", {}).items():
        if getattr(td, "owner", None) == roleid:
            found.append((oid, f"owner of type {cat.format_type(oid)}"))
    from pgref.auth.defacl import describe_entries
    found += describe_entries(session, roleid)
    found.sort(key=lambda x: x[0])
    return [text for _oid, text in found]


_TYPE_CONSTRUCTORS = frozenset(("range_constructor2", "range_constructor3", "multirange_constructor0",
                                "multirange_constructor1", "multirange_constructor2"))


def _owned_sequence(rel) -> bool:
    return rel.kind == "S" and rel.sequence is not None and rel.sequence.owned_by is not None


def _relkind_word(rel) -> str:
    return {"r": "table", "v": "view", "S": "sequence", "i": "index", "m": "materialized view",
            "p": "table", "f": "foreign table", "c": "type"}.get(rel.kind, "table")


def _relname(session, rel) -> str:
    cat = session.db.cat
    nsp = cat.namespace_name(rel.namespace)
    if rel.namespace in session.search_path() and nsp != "pg_catalog":
        vis = cat.lookup_relation(None, rel.name, session.search_path())
        if vis is rel:
            return rel.name
    return f"{nsp}.{rel.name}"


def _proc_sig(session, p) -> str:
    cat = session.db.cat
    args = ", ".join(cat.format_type(t) for t in getattr(p, "argtypes", ()) or ())
    return f"{p.name}({args})"


def drop_role(session, s: A.DropRoleStmt, text: str) -> Result:
    """DropRole (user.c)."""
    from pgref.auth.identity import current_user_oid, session_user_oid
    rc = before_role_change(session)
    if not _have_createrole(session):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to drop role")
    for spec in s.roles:
        if spec.roletype != "cstring":
            raise PgError(INSUFFICIENT_PRIVILEGE, "cannot use special role specifier in DROP ROLE")
        role = rc.by_name(spec.rolename)
        if role is None:
            if not s.missing_ok:
                raise PgError(UNDEFINED_OBJECT, f'role "{spec.rolename}" does not exist')
            session.notices.append(PgError("00000", f'role "{spec.rolename}" does not exist, skipping',
                                           severity="NOTICE"))
            continue
        if role.oid == current_user_oid(session):
            raise PgError(OBJECT_IN_USE, "current user cannot be dropped")
        if role.oid == session_user_oid(session):
            raise PgError(OBJECT_IN_USE, "session user cannot be dropped")
        if role.oid == BOOTSTRAP_SUPERUSER or role.oid in PREDEFINED:
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST, f"cannot drop role {role.rolname} because it is "
                          "required by the database system")
        if role.rolsuper and not _current_is_super(session):
            raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser to drop superusers")
        deps = _dependents(session, role.oid, role.rolname)
        if deps:
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f'role "{role.rolname}" cannot be dropped because some objects depend on it',
                          detail="\n".join(deps))
        rc.members = [m for m in rc.members if m.roleid != role.oid and m.member != role.oid]
        del rc.roles[role.oid]
        cluster = _cluster(session)
        for key in [k for k in cluster.role_settings if k[1] == role.oid]:
            del cluster.role_settings[key]
    return Result("DROP ROLE")


# ------------------------------------------------------------------ DROP OWNED / REASSIGN OWNED
def _role_ids_for_owned(session, specs, what: str) -> list[int]:
    from pgref.auth.identity import current_user_oid
    ids = []
    me = current_user_oid(session)
    for spec in specs:
        oid = rolespec_oid(session, spec)
        if not has_privs_of_role(session, me, oid):
            raise PgError(INSUFFICIENT_PRIVILEGE, f"permission denied to {what} objects")
        ids.append(oid)
    return ids


def drop_owned(session, s: A.DropOwnedStmt, text: str) -> Result:
    """DROP OWNED BY: drop the roles' objects in this database and revoke
    their privileges (shdepDropOwned)."""
    from pgref.engine.ddl import drop_relation
    from pgref.engine.grant import parse_aclitem
    ids = _role_ids_for_owned(session, s.roles, "drop")
    from pgref.auth.defacl import drop_entries
    before_role_change(session)
    drop_entries(session, ids)
    rc = rolecat(session)
    names = {rc.name(i) for i in ids}
    session.before_ddl()
    cat = session.db.cat
    # revoke the privileges granted to the roles, and (CASCADE, as
    # RemoveRoleFromObjectACL does) what they granted onward with them
    def keep(item) -> bool:
        g, _letters, _opts, gr = parse_aclitem(item)
        return g not in names and gr not in names

    import dataclasses
    for rel in cat.relations.values():
        if rel.acl is not None and rel.owner not in ids:
            rel.acl = [i for i in rel.acl if keep(i)]
        for c in rel.columns:
            if c.acl is not None:
                c.acl = [i for i in c.acl if keep(i)] or None
    for ns in cat.namespaces.values():
        if ns.acl is not None and ns.owner not in ids:
            ns.acl = [i for i in ns.acl if keep(i)]
    for oid, p in list(getattr(cat, "user_procs", {}).items()):
        if getattr(p, "acl", None) is not None and p.owner not in ids:
            cat.user_procs[oid] = dataclasses.replace(p, acl=tuple(i for i in p.acl if keep(i)))
    cluster = _cluster(session)
    for e in getattr(cluster, "databases", {}).values():
        if e.datacl is not None and e.datdba not in ids:
            e.datacl = [i for i in e.datacl if keep(i)]
    # drop owned relations (tables first drop their owned sequences and indexes)
    for rel in sorted(list(cat.relations.values()), key=lambda r: -r.oid):
        if rel.owner in ids and rel.oid in cat.relations and rel.kind in ("r", "v", "S", "p", "m"):
            if _owned_sequence(rel) and rel.sequence.owned_by[0] in cat.relations:
                continue
            drop_relation(session, rel, s.behavior == "cascade", _relkind_word(rel))
    for oid, p in list(getattr(cat, "user_procs", {}).items()):
        if getattr(p, "owner", None) in ids:
            del cat.user_procs[oid]
    for oid, ns in list(cat.namespaces.items()):
        if ns.owner in ids and not any(r.namespace == oid for r in cat.relations.values()):
            del cat.namespaces[oid]
    cat.changed()
    return Result("DROP OWNED")


def reassign_owned(session, s: A.ReassignOwnedStmt, text: str) -> Result:
    """REASSIGN OWNED BY old TO new: every object of this database owned by
    an old role, and the databases it owns, pass to the new role."""
    import dataclasses
    from pgref.engine.grant import acl_new_owner
    ids = _role_ids_for_owned(session, s.roles, "reassign")
    newid = rolespec_oid(session, s.newrole)
    from pgref.auth.identity import current_user_oid
    if not has_privs_of_role(session, current_user_oid(session), newid):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to reassign objects")
    rc = rolecat(session)
    new = rc.name(newid)
    session.before_ddl()
    cat = session.db.cat
    for rel in cat.relations.values():
        if rel.owner in ids:
            old = rc.name(rel.owner)
            rel.acl = acl_new_owner(rel.acl, old, new)
            for c in rel.columns:
                c.acl = acl_new_owner(c.acl, old, new)
            rel.owner = newid
    for ns in cat.namespaces.values():
        if ns.owner in ids:
            ns.acl = acl_new_owner(ns.acl, rc.name(ns.owner), new)
            ns.owner = newid
    for oid, p in list(getattr(cat, "user_procs", {}).items()):
        if getattr(p, "owner", None) in ids:
            cat.user_procs[oid] = dataclasses.replace(p, owner=newid)
    for td in getattr(cat, "type_defs", {}).values():
        if getattr(td, "owner", None) in ids:
            td.owner = newid
    cluster = _cluster(session)
    for e in getattr(cluster, "databases", {}).values():
        if e.datdba in ids:
            e.datdba = newid
    cat.changed()
    return Result("REASSIGN OWNED")


def comment_on_role(session, s, text) -> Result:
    """COMMENT ON ROLE: a shared comment (pg_shdescription); '' removes it.
    The caller needs CREATEROLE or the privileges of the role
    (CheckObjectOwnership for OBJECT_ROLE)."""
    from pgref.auth.identity import current_user_oid
    rc = before_role_change(session)
    name = s.object[-1] if isinstance(s.object, (tuple, list)) else s.object
    role = rc.by_name(name)
    if role is None:
        raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')
    if not _have_createrole(session) and not has_privs_of_role(session, current_user_oid(session), role.oid):
        raise PgError(INSUFFICIENT_PRIVILEGE, f'must have CREATEROLE privilege')
    role.comment = s.comment or None
    return Result("COMMENT")


def install(handlers: dict) -> None:
    handlers[A.CreateRoleStmt] = create_role
    handlers[A.AlterRoleStmt] = alter_role
    handlers[A.AlterRoleSetStmt] = alter_role_set
    handlers[A.DropRoleStmt] = drop_role
    handlers[A.GrantRoleStmt] = grant_role
    handlers[A.DropOwnedStmt] = drop_owned
    handlers[A.ReassignOwnedStmt] = reassign_owned
    from pgref.auth.defacl import alter_default_privileges
    handlers[A.AlterDefaultPrivilegesStmt] = alter_default_privileges
    prev_rename = handlers.get(A.RenameStmt)

    def _rename(session, s, text):
        if s.rename_type == "role":
            return rename_role(session, s, text)
        if prev_rename is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "ALTER ... RENAME is not supported yet")
        return prev_rename(session, s, text)
    handlers[A.RenameStmt] = _rename
    prev_comment = handlers.get(A.CommentStmt)

    def _comment(session, s, text):
        if s.objtype == "role":
            return comment_on_role(session, s, text)
        return prev_comment(session, s, text)
    if prev_comment is not None:
        handlers[A.CommentStmt] = _comment

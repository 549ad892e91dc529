"""GRANT / REVOKE and ALTER ... OWNER TO: privileges stored as PostgreSQL
stores them (PostgreSQL's aclchk.c, acl.c); checked by auth/aclcheck.py.

Where it sits: ``engine/`` (spec/16-auth.md, "ACLs and GRANT").  An object's access control list is a list of *aclitems*,
kept in the catalog in their text form -- exactly what ``pg_class.relacl``,
``pg_attribute.attacl``, ``pg_namespace.nspacl`` and ``pg_database.datacl``
show, what psql's ``\\dp`` prints and what ``has_table_privilege()`` reads:

    grantee=privileges/grantor      postgres=arwdDxt/postgres   =r/postgres
                                    (empty grantee = PUBLIC; a '*' after a
                                    letter = WITH GRANT OPTION)

Letters, in the order PostgreSQL prints them (ACL_ALL_RIGHTS_STR):
a INSERT, r SELECT, w UPDATE, d DELETE, D TRUNCATE, x REFERENCES,
t TRIGGER, X EXECUTE, U USAGE, C CREATE, T TEMPORARY, c CONNECT,
s SET, A ALTER SYSTEM.

An ACL of None is the object's *default* ACL (``acldefault``: the owner has
every privilege the object kind has, PUBLIC some for databases, functions,
languages and types).  The first GRANT or REVOKE materializes the default
and edits it (INV-ACL-1: an edit never loses the owner's implicit rights
that were not revoked); ``aclupdate`` semantics: an existing (grantee,
grantor) entry is changed in place, a new one is appended, an entry left
with no privileges is removed.

The grantor is chosen as PostgreSQL's select_best_grantor does: the
object's owner when the current user has the owner's privileges (a
superuser, the owner, a member of the owning role), else the role among
those whose privileges the current user has that holds the most of the
needed grant options.  Privileges the grantor holds no grant option for
are dropped with PostgreSQL's WARNINGs ("no privileges were granted for
...", "not all privileges were granted for ..."); a grantor with no
privilege at all gets 42501.  Roles are the cluster's (auth/roles.py).

Entry points:
    grant_stmt(session, stmt, text) -> Result            GRANT / REVOKE
    alter_relation_owner(session, rel, rolespec)         ALTER TABLE/VIEW/SEQUENCE ... OWNER TO
    install(handlers)                                    adds GRANT/REVOKE and ALTER SCHEMA ... OWNER TO
    acl_mask(acl, role) -> set[str]                      privileges an ACL gives a role (for has_*_privilege)
"""
from __future__ import annotations

from pgref.engine.session import Result
from pgref.errors import FEATURE_NOT_SUPPORTED, UNDEFINED_COLUMN, UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, PgError
from pgref.sql import ast as A
from pgref.types.fmgr import builtin

INVALID_GRANT_OPERATION = "0LP01"
SYNTAX_ERROR = "42601"
ACL_ALL_RIGHTS_STR = "arwdDxtXUCTcsA"
SUPERUSER = "postgres"          # the bootstrap superuser every session is (until the auth issue)

# privilege keyword -> letter
PRIVILEGE_LETTER = {"insert": "a", "select": "r", "update": "w", "delete": "d", "truncate": "D",
                    "references": "x", "trigger": "t", "execute": "X", "usage": "U", "create": "C",
                    "temporary": "T", "temp": "T", "connect": "c", "set": "s", "alter system": "A"}

# object kind -> the letters it can carry (ACL_ALL_RIGHTS_*) and how errors name it
ALL_RIGHTS = {"table": "arwdDxt", "column": "arwx", "sequence": "rwU", "database": "CTc", "function": "X",
              "schema": "UC", "language": "U", "type": "U"}


# ------------------------------------------------------------------ aclitems
def parse_aclitem(text: str) -> tuple[str, str, str, str]:
    """'grantee=privs/grantor' -> (grantee, letters, grant-option letters, grantor)."""
    grantee, rest = text.split("=", 1)
    privs, grantor = rest.rsplit("/", 1)
    letters, options = [], []
    for ch in privs:
        if ch == "*":
            options.append(letters[-1])
        else:
            letters.append(ch)
    return _unquote(grantee), "".join(letters), "".join(options), _unquote(grantor)


def format_aclitem(grantee: str, letters: str, options: str, grantor: str) -> str:
    privs = "".join(ch + ("*" if ch in options else "") for ch in ACL_ALL_RIGHTS_STR if ch in letters)
    return f"{_quote(grantee)}={privs}/{_quote(grantor)}"


def _quote(name: str) -> str:
    """putid(): role names are double-quoted unless made of alphanumerics and '_'."""
    if name == "" or all(ch.isalnum() or ch == "_" for ch in name):
        return name
    return '"' + name.replace('"', '""') + '"'


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name


def acldefault(kind: str, owner: str) -> list[str]:
    """PostgreSQL's acldefault(): the ACL an object has before any GRANT."""
    own = format_aclitem(owner, ALL_RIGHTS[kind], "", owner)
    if kind == "database":
        return [format_aclitem("", "Tc", "", owner), own]
    if kind in ("function", "language", "type"):
        return [format_aclitem("", ALL_RIGHTS[kind], "", owner), own]
    if kind == "column":
        return []
    return [own]


def acl_update(acl: list[str], grantee: str, grantor: str, letters: str, grant: bool,
               grant_option: bool, options_only: bool = False) -> list[str]:
    """aclupdate(): add (GRANT) or remove (REVOKE) ``letters`` for
    ``grantee`` as granted by ``grantor``; returns the new list."""
    out = list(acl)
    for i, item in enumerate(out):
        g, have, opts, gr = parse_aclitem(item)
        if g == grantee and gr == grantor:
            if grant:
                have = "".join(sorted(set(have) | set(letters), key=ACL_ALL_RIGHTS_STR.index))
                if grant_option:
                    opts = "".join(sorted(set(opts) | set(letters), key=ACL_ALL_RIGHTS_STR.index))
            else:
                opts = "".join(ch for ch in opts if ch not in letters)
                if not options_only:
                    have = "".join(ch for ch in have if ch not in letters)
            if have:
                out[i] = format_aclitem(g, have, opts, gr)
            else:
                del out[i]
            return out
    if grant and letters:
        out.append(format_aclitem(grantee, letters, letters if grant_option else "", grantor))
    return out


def acl_new_owner(acl: list[str] | None, old: str, new: str) -> list[str] | None:
    """aclnewowner(): the old owner's entries (as grantee or grantor) now
    name the new owner; entries that become duplicates are merged."""
    if acl is None:
        return None
    out: list[str] = []
    for item in acl:
        g, have, opts, gr = parse_aclitem(item)
        g = new if g == old else g
        gr = new if gr == old else gr
        for j, prev in enumerate(out):
            pg, phave, popts, pgr = parse_aclitem(prev)
            if pg == g and pgr == gr:
                out[j] = format_aclitem(g, "".join(set(phave) | set(have)), "".join(set(popts) | set(opts)), gr)
                break
        else:
            out.append(format_aclitem(g, have, opts, gr))
    return out


def acl_mask(acl: list[str], role: str | None) -> tuple[set[str], set[str]]:
    """The privileges (and grant options) ``acl`` gives ``role`` -- PUBLIC's
    entries included; ``role`` None asks about PUBLIC alone."""
    have: set[str] = set()
    opts: set[str] = set()
    for item in acl:
        g, letters, options, _gr = parse_aclitem(item)
        if g == "" or (role is not None and g == role):
            have |= set(letters)
            opts |= set(options)
    return have, opts


# ------------------------------------------------------------------ roles
def known_roles(session) -> dict[int, str]:
    """The cluster's roles, oid -> name (auth/roles.py)."""
    from pgref.auth.roles import rolecat
    return {oid: r.rolname for oid, r in rolecat(session).roles.items()}


def role_name(session, oid: int) -> str:
    from pgref.auth.roles import rolecat
    return rolecat(session).name(oid)


def role_oid(session, name: str) -> int:
    from pgref.auth.roles import get_role_oid
    return get_role_oid(session, name)


def resolve_role(session, spec: A.RoleSpec, allow_public: bool) -> str:
    """A grantee / new owner: '' for PUBLIC, else an existing role's name."""
    from pgref.auth.roles import rolecat, rolespec_oid
    if spec.roletype == "public":
        if not allow_public:
            raise PgError(UNDEFINED_OBJECT, 'role "public" does not exist')
        return ""
    return rolecat(session).name(rolespec_oid(session, spec))


def _me(session) -> int:
    from pgref.auth.identity import current_user_oid
    return current_user_oid(session)


def select_best_grantor(session, acl: list[str], owner_oid: int, needed: str) -> tuple[str, set[str]]:
    """(grantor name, grant options it has among ``needed``): PostgreSQL's
    select_best_grantor (aclchk.c)."""
    from pgref.auth.roles import has_privs_of_role, rolecat, roles_with_privs_of
    rc = rolecat(session)
    me = _me(session)
    if has_privs_of_role(session, me, owner_oid):
        return rc.name(owner_oid), set(needed)
    best, best_opts = rc.name(me), set()
    for r in sorted(roles_with_privs_of(session, me), key=lambda x: (x != me, x)):
        name = rc.name(r)
        opts: set[str] = set()
        for item in acl:
            g, _letters, options, _gr = parse_aclitem(item)
            if g == name:
                opts |= set(options)
        opts &= set(needed)
        if opts == set(needed):
            return name, opts
        if len(opts) > len(best_opts):
            best, best_opts = name, opts
    return best, best_opts


def _restrict(session, s: A.GrantStmt, acl: list[str], owner_oid: int, letters: str, kind: str,
              objname: str, shown: str) -> tuple[str, str]:
    """restrict_and_check_grant: the grantor and the letters it may grant
    or revoke, with PostgreSQL's WARNINGs and errors."""
    grantor, avail = select_best_grantor(session, acl, owner_oid, letters or ALL_RIGHTS[kind])
    if not avail:
        from pgref.auth.roles import rolecat
        rc = rolecat(session)
        gid = rc.by_name(grantor).oid if rc.by_name(grantor) else _me(session)
        from pgref.auth.aclcheck import acl_mask as _mask
        if not _mask(session, acl, acl, gid) and not _mask(session, acl, acl, gid, grant_options=True):
            raise PgError("42501", f"permission denied for {shown} {objname}")
    this = "".join(ch for ch in letters if ch in avail)
    all_privs = not s.privileges
    verb = "granted" if s.is_grant else "revoked"
    if not this:
        session.notices.append(PgError("01007", f'no privileges {"were" if s.is_grant else "could be"} '
                                       f'{verb} for "{objname}"', severity="WARNING"))
    elif not all_privs and this != letters:
        session.notices.append(PgError("01007", f'not all privileges {"were" if s.is_grant else "could be"} '
                                       f'{verb} for "{objname}"', severity="WARNING"))
    return grantor, this


# ------------------------------------------------------------------ GRANT / REVOKE
def _letters(session, privs: tuple, kind: str, shown: str) -> tuple[str, dict[str, str]]:
    """(object letters, {column: letters}) named by a privilege list;
    ``shown`` is how errors name the object kind."""
    if not privs:
        return ALL_RIGHTS[kind], {}
    letters = ""
    columns: dict[str, str] = {}
    for p in privs:
        if p.priv_name is None:            # ALL (cols)
            for c in p.cols:
                columns[c] = ALL_RIGHTS["column"]
            continue
        ch = PRIVILEGE_LETTER.get(p.priv_name)
        if ch is None:
            raise PgError(SYNTAX_ERROR, f'unrecognized privilege type "{p.priv_name}"')
        if p.cols:
            if kind != "table":
                raise PgError(INVALID_GRANT_OPERATION, f"invalid privilege type {p.priv_name.upper()} for {shown}")
            if ch not in ALL_RIGHTS["column"]:
                raise PgError(INVALID_GRANT_OPERATION, f"invalid privilege type {p.priv_name.upper()} for column")
            for c in p.cols:
                columns[c] = columns.get(c, "") + ch
            continue
        if ch not in ALL_RIGHTS[kind]:
            if kind == "table" and shown == "sequence":
                if ch in ALL_RIGHTS["sequence"]:
                    letters += ch               # GRANT USAGE ON TABLE seq: a sequence privilege
                continue                        # the others: filtered with a WARNING by the caller
            raise PgError(INVALID_GRANT_OPERATION, f"invalid privilege type {p.priv_name.upper()} for {shown}")
        letters += ch
    return letters, columns


def grant_stmt(session, s: A.GrantStmt, text: str) -> Result:
    session.before_ddl()
    tag = "GRANT" if s.is_grant else "REVOKE"
    grantees = [resolve_role(session, g, allow_public=True) for g in s.grantees]
    if s.grantor is not None:
        from pgref.auth.roles import rolespec_oid
        if rolespec_oid(session, s.grantor) != _me(session):
            raise PgError(FEATURE_NOT_SUPPORTED, "grantor must be current user")
    if s.is_grant and s.grant_option and "" in grantees:
        raise PgError(INVALID_GRANT_OPERATION, "grant options can only be granted to roles")
    objtype = s.objtype
    if objtype in ("table", "sequence"):
        for rel in _relations(session, s):
            _grant_relation(session, s, rel, grantees)
    elif objtype == "schema":
        cat = session.db.cat
        for name in s.objects:
            oid = cat.namespace_oid(name)
            if oid is None:
                raise PgError("3F000", f'schema "{name}" does not exist')
            ns = cat.namespaces[oid]
            letters, _ = _letters(session, s.privileges, "schema", "schema")
            owner = role_name(session, ns.owner)
            acl = ns.acl if ns.acl is not None else acldefault("schema", owner)
            grantor, letters = _restrict(session, s, acl, ns.owner, letters, "schema", ns.name, "schema")
            ns.acl = _apply(acl, s, grantees, letters, grantor, owner)
        cat.changed()
    elif objtype == "database":
        _grant_database(session, s, grantees)
    elif objtype in ("function", "procedure", "routine"):
        _grant_routines(session, s, grantees)
    else:
        what = {"fdw": "foreign-data wrappers", "foreign_server": "foreign servers", "largeobject": "large objects",
                "language": "languages", "tablespace": "tablespaces", "type": "types", "domain": "domains"}
        raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} on {what.get(objtype, objtype)} is not supported yet")
    return Result(tag)


def _grant_routines(session, s: A.GrantStmt, grantees: list[str]) -> None:
    """GRANT / REVOKE EXECUTE on user routines (pg_proc.proacl)."""
    import dataclasses
    from pgref.catalog.userprocs import UserProc
    from pgref.engine.functions import lookup_routine
    cat = session.db.cat
    shown = {"function": "function", "procedure": "procedure", "routine": "routine"}[s.objtype]
    if s.targtype == "all_in_schema":
        procs = []
        for name in s.objects:
            nsp = cat.namespace_oid(name)
            if nsp is None:
                raise PgError("3F000", f'schema "{name}" does not exist')
            procs += sorted((p for p in cat.user_procs.values() if p.namespace == nsp and
                             (s.objtype == "routine" or (p.kind == "p") == (s.objtype == "procedure"))),
                            key=lambda p: p.oid)
    else:
        procs = [lookup_routine(session, owa, s.objtype) for owa in s.objects]
    letters, _ = _letters(session, s.privileges, "function", shown)
    for proc in procs:
        if not isinstance(proc, UserProc):
            raise PgError(FEATURE_NOT_SUPPORTED, f'privileges of built-in function "{proc.name}" cannot be '
                          "changed yet")
        proc = cat.user_procs[proc.oid]
        owner = role_name(session, proc.owner)
        acl = list(proc.acl) if proc.acl is not None else acldefault("function", owner)
        what = {"a": "aggregate", "p": "procedure"}.get(proc.kind, "function")
        grantor, this = _restrict(session, s, acl, proc.owner, letters, "function", proc.name, what)
        cat.user_procs[proc.oid] = dataclasses.replace(proc, acl=tuple(_apply(acl, s, grantees, this, grantor, owner)))
    cat.changed()


def _relations(session, s: A.GrantStmt) -> list:
    from pgref.engine.ddl import lookup_rel
    cat = session.db.cat
    if s.targtype == "all_in_schema":
        kinds = ("S",) if s.objtype == "sequence" else ("r", "v")
        out = []
        for name in s.objects:
            nsp = cat.namespace_oid(name)
            if nsp is None:
                raise PgError("3F000", f'schema "{name}" does not exist')
            out.extend(sorted((r for r in cat.relations.values() if r.namespace == nsp and r.kind in kinds),
                              key=lambda r: r.oid))
        return out
    out = []
    for rv in s.objects:
        rel = lookup_rel(session, rv)
        if getattr(rel, "system", False):
            raise PgError(FEATURE_NOT_SUPPORTED, f'privileges on system catalog "{rel.name}" cannot be changed yet')
        if s.objtype == "sequence" and rel.kind != "S":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a sequence')
        out.append(rel)
    return out


def _grant_relation(session, s: A.GrantStmt, rel, grantees: list[str]) -> None:
    kind = "sequence" if rel.kind == "S" else "table"
    shown = "sequence" if rel.kind == "S" else "table"
    if s.objtype == "table" and rel.kind == "S":
        # GRANT ... ON TABLE naming a sequence: table privileges are
        # accepted and those a sequence cannot have dropped with a WARNING
        letters, columns = _letters(session, s.privileges, "table", "sequence")
        if s.privileges and any(PRIVILEGE_LETTER.get(p.priv_name or "") not in ALL_RIGHTS["sequence"]
                                for p in s.privileges):
            session.notices.append(PgError("01007", f'sequence "{rel.name}" only supports USAGE, SELECT, and '
                                           "UPDATE privileges", severity="WARNING"))
        letters = "".join(ch for ch in letters if ch in ALL_RIGHTS["sequence"]) if s.privileges \
            else ALL_RIGHTS["sequence"]
    else:
        letters, columns = _letters(session, s.privileges, kind, shown)
    owner = role_name(session, rel.owner)
    from pgref.auth.aclcheck import relation_objtype
    shown_kind = relation_objtype(rel)
    acl = rel.acl if rel.acl is not None else acldefault(kind, owner)
    if letters or not columns:
        grantor, this = _restrict(session, s, acl, rel.owner, letters, kind, rel.name, shown_kind)
        rel.acl = _apply(acl, s, grantees, this, grantor, owner)
    for cname, cletters in columns.items():
        col = rel.column(cname)
        if col is None and cname in ("ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"):
            continue                 # system columns carry no ACL in pgref (spec/16-auth.md, Differences)
        if col is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{cname}" of relation "{rel.name}" does not exist')
        grantor, this = _restrict(session, s, acl + (col.acl or []), rel.owner, cletters, "column", cname,
                                  shown_kind)
        col.acl = _apply(col.acl if col.acl is not None else [], s, grantees, this, grantor, owner) or None
    session.db.cat.changed()


def _apply(acl: list[str], s: A.GrantStmt, grantees: list[str], letters: str, grantor: str,
           owner: str | None = None) -> list[str]:
    for g in grantees:
        if s.is_grant:
            acl = acl_update(acl, g, grantor, letters, True, s.grant_option)
        else:
            lost = set()
            for item in acl:
                ig, _have, opts, igr = parse_aclitem(item)
                if ig == g and igr == grantor:
                    lost = set(opts) & set(letters)
            acl = acl_update(acl, g, grantor, letters, False, False, options_only=s.grant_option)
            if lost:
                acl = _revoke_dependents(acl, g, "".join(lost), s.behavior == "cascade", owner)
    return acl


def _revoke_dependents(acl: list[str], grantee: str, letters: str, cascade: bool, owner: str) -> list[str]:
    """recursive_revoke (acl.c): when ``grantee`` loses grant options it
    still needs for privileges it granted onward, those grants go too
    (CASCADE) or the REVOKE fails.  The owner never loses grant options."""
    if grantee in ("", owner):
        return acl
    still = set()
    for item in acl:
        g, _have, opts, _gr = parse_aclitem(item)
        if g == grantee:
            still |= set(opts)
    letters = "".join(ch for ch in letters if ch not in still)
    if not letters:
        return acl
    for item in list(acl):
        g, have, opts, gr = parse_aclitem(item)
        if gr == grantee and set(have) & set(letters):
            if not cascade:
                raise PgError("2BP01", "dependent privileges exist", hint="Use CASCADE to revoke them too.")
            lost = set(opts) & set(letters)
            acl = acl_update(acl, g, grantee, letters, False, False)
            if lost:
                acl = _revoke_dependents(acl, g, "".join(lost), cascade, owner)
    return acl


def _grant_database(session, s: A.GrantStmt, grantees: list[str]) -> None:
    cluster = getattr(session.db, "cluster", None)
    if cluster is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "GRANT on databases needs the cluster catalog")
    letters, _ = _letters(session, s.privileges, "database", "database")
    with cluster.lock:
        for name in s.objects:
            entry = next((e for e in cluster.databases.values() if e.datname == name), None)
            if entry is None:
                raise PgError("3D000", f'database "{name}" does not exist')
            owner = role_name(session, entry.datdba)
            acl = entry.datacl if entry.datacl is not None else acldefault("database", owner)
            entry.datacl = _apply(acl, s, grantees, letters, owner, owner)
        cluster.save_shared()


# ------------------------------------------------------------------ OWNER TO
def alter_relation_owner(session, rel, spec: A.RoleSpec) -> None:
    """ALTER TABLE / VIEW / SEQUENCE ... OWNER TO: the new owner must exist;
    the ACL's entries for the old owner move to the new one, and a table's
    owned sequences follow it."""
    new = resolve_role(session, spec, allow_public=False)
    new_oid = role_oid(session, new)
    old = role_name(session, rel.owner)
    _check_new_owner(session, new_oid, new, rel.namespace)
    for r in [rel] + [o for o in session.db.cat.relations.values()
                      if o.kind == "S" and o.sequence is not None and o.sequence.owned_by
                      and o.sequence.owned_by[0] == rel.oid]:
        r.acl = acl_new_owner(r.acl, old, new)
        for c in r.columns:
            c.acl = acl_new_owner(c.acl, old, new)
        r.owner = new_oid
    session.db.cat.changed()


def _check_new_owner(session, new_oid: int, new: str, nspoid: int | None) -> None:
    """ALTER ... OWNER TO by a non-superuser (ATExecChangeOwner): the caller
    must be able to become the new owner and may create in the schema."""
    from pgref.auth.roles import is_member_of_role, is_superuser
    me = _me(session)
    if is_superuser(session, me):
        return
    if not is_member_of_role(session, me, new_oid):
        raise PgError("42501", f'must be member of role "{new}"')
    if nspoid is not None:
        from pgref.auth.aclcheck import check_namespace_create
        check_namespace_create(session, nspoid)


def alter_schema_owner(session, s, text) -> Result:
    session.before_ddl()
    cat = session.db.cat
    oid = cat.namespace_oid(s.object)
    if oid is None:
        raise PgError("3F000", f'schema "{s.object}" does not exist')
    ns = cat.namespaces[oid]
    new = resolve_role(session, s.newowner, allow_public=False)
    from pgref.auth.aclcheck import check_namespace_owner
    check_namespace_owner(session, ns)
    _check_new_owner(session, role_oid(session, new), new, None)
    ns.acl = acl_new_owner(ns.acl, role_name(session, ns.owner), new)
    ns.owner = role_oid(session, new)
    cat.changed()
    return Result("ALTER SCHEMA")


def install(handlers: dict) -> None:
    """Register GRANT/REVOKE, and the schema form of ALTER ... OWNER TO in
    front of whatever handles the other forms."""
    handlers[A.GrantStmt] = grant_stmt
    from pgref.auth.roles import install as install_roles       # CREATE ROLE ... (auth/roles.py)
    install_roles(handlers)
    prev_owner = handlers.get(A.AlterOwnerStmt)

    def _owner(session, s, text):
        if s.object_type == "schema":
            return alter_schema_owner(session, s, text)
        if prev_owner is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "ALTER ... OWNER TO is not supported yet")
        return prev_owner(session, s, text)
    handlers[A.AlterOwnerStmt] = _owner


# ------------------------------------------------------------------ has_*_privilege
def _privilege_letters(text: str, allowed: dict[str, str]) -> list[tuple[str, bool]]:
    """'SELECT, UPDATE WITH GRANT OPTION' -> [(letter, with_grant_option)]
    (convert_any_priv_string: case and surrounding spaces ignored)."""
    out = []
    for part in text.split(","):
        word = " ".join(part.split()).lower()
        opt = word.endswith(" with grant option")
        if opt:
            word = word[: -len(" with grant option")]
        if word not in allowed:
            raise PgError("22023", f'unrecognized privilege type: "{part.strip()}"')
        out.append((allowed[word], opt))
    return out


_TABLE_PRIVS = {"rule": "", "select": "r", "insert": "a", "update": "w", "delete": "d", "truncate": "D",
                "references": "x", "trigger": "t"}
_SCHEMA_PRIVS = {"create": "C", "usage": "U"}
_DATABASE_PRIVS = {"create": "C", "connect": "c", "temporary": "T", "temp": "T"}
_SEQUENCE_PRIVS = {"usage": "U", "select": "r", "update": "w"}


def _check(session, role: str | None, acl: list[str], owner_oid: int, privs, extra: set[str] = frozenset()) -> bool:
    """Does ``role`` hold any privilege of ``privs`` (has_*_privilege: any
    of a comma list)?  Superusers hold all; role membership counts
    (auth/aclcheck.py)."""
    from pgref.auth.aclcheck import acl_mask as role_mask
    from pgref.auth.roles import has_privs_of_role, is_superuser, rolecat
    privs = [(ch, opt) for ch, opt in privs if ch]      # 'RULE' names no privilege: FALSE
    if not privs:
        return False
    if role is None:
        have, opts = acl_mask(acl if acl is not None else [], None)
    else:
        r = rolecat(session).by_name(role)
        rid = r.oid if r is not None else -1               # a role OID that names no role
        if is_superuser(session, rid):
            return True
        default = acl if acl is not None else []
        have = role_mask(session, acl, default, rid) | set(extra)
        opts = role_mask(session, acl, default, rid, grant_options=True)
        if has_privs_of_role(session, rid, owner_oid):
            opts |= set(ACL_ALL_RIGHTS_STR)            # the owner implicitly has every grant option
    return any((ch in opts) if opt else (ch in have) for ch, opt in privs)


def _user_arg(ctx, user) -> str | None:
    """A role given by name ('public' = PUBLIC) or OID."""
    if isinstance(user, int):
        return role_name(ctx.session, user)
    if user == "public":
        return None
    role_oid(ctx.session, user)
    return user


def _table(ctx, table):
    from pgref.catalog import sysrels
    cat = ctx.session.db.cat
    if isinstance(table, int):
        rel = cat.relations.get(table) or sysrels.system_relations().get(table)
        return rel
    from pgref.engine.regresolve import split_qualified
    names = split_qualified(table)
    rel = cat.lookup_relation(names[-2] if len(names) > 1 else None, names[-1], ctx.session.search_path())
    if rel is None:
        raise PgError("42P01", f'relation "{table}" does not exist')
    return rel


def _table_privilege(ctx, user, table, priv):
    if table is None or priv is None:
        return None
    rel = _table(ctx, table)
    if rel is None:
        return None
    privs = _privilege_letters(priv, _TABLE_PRIVS if rel.kind != "S" else {**_TABLE_PRIVS, **_SEQUENCE_PRIVS})
    kind = "sequence" if rel.kind == "S" else "table"
    acl = rel.acl if rel.acl is not None else (None if getattr(rel, "system", False)
                                                else acldefault(kind, role_name(ctx.session, rel.owner)))
    if getattr(rel, "system", False) and acl is None:
        acl = acldefault(kind, "postgres") + ["=r/postgres"]   # catalogs are readable by everyone
    extra: set[str] = set()
    if user is not None:
        from pgref.auth.aclcheck import relation_mask
        from pgref.auth.roles import rolecat
        r = rolecat(ctx.session).by_name(user)
        extra = relation_mask(ctx.session, rel, r.oid if r else -1)          # pg_read/write_all_data
    return _check(ctx.session, user, acl, rel.owner, privs, extra)


@builtin("has_table_privilege_name_name", ctx=True)
def has_table_privilege_name_name(ctx, user, table, priv):
    return None if user is None else _table_privilege(ctx, _user_arg(ctx, user), table, priv)


@builtin("has_table_privilege_name_id", ctx=True)
def has_table_privilege_name_id(ctx, user, table, priv):
    return None if user is None else _table_privilege(ctx, _user_arg(ctx, user), table, priv)


@builtin("has_table_privilege_id_name", ctx=True)
def has_table_privilege_id_name(ctx, user, table, priv):
    return None if user is None else _table_privilege(ctx, _user_arg(ctx, user), table, priv)


@builtin("has_table_privilege_id_id", ctx=True)
def has_table_privilege_id_id(ctx, user, table, priv):
    return None if user is None else _table_privilege(ctx, _user_arg(ctx, user), table, priv)


@builtin("has_table_privilege_name", ctx=True)
def has_table_privilege_name(ctx, table, priv):
    return _table_privilege(ctx, ctx.session.user, table, priv)


@builtin("has_table_privilege_id", ctx=True)
def has_table_privilege_id(ctx, table, priv):
    return _table_privilege(ctx, ctx.session.user, table, priv)


def _schema_privilege(ctx, user, schema, priv):
    if schema is None or priv is None:
        return None
    cat = ctx.session.db.cat
    oid = schema if isinstance(schema, int) else cat.namespace_oid(schema)
    if oid is None:
        raise PgError("3F000", f'schema "{schema}" does not exist')
    ns = cat.namespaces.get(oid)
    if ns is None:
        return None
    acl = ns.acl if ns.acl is not None else acldefault("schema", role_name(ctx.session, ns.owner))
    return _check(ctx.session, user, acl, ns.owner, _privilege_letters(priv, _SCHEMA_PRIVS))


@builtin("has_schema_privilege_name_name", ctx=True)
def has_schema_privilege_name_name(ctx, user, schema, priv):
    return None if user is None else _schema_privilege(ctx, _user_arg(ctx, user), schema, priv)


@builtin("has_schema_privilege_name_id", ctx=True)
def has_schema_privilege_name_id(ctx, user, schema, priv):
    return None if user is None else _schema_privilege(ctx, _user_arg(ctx, user), schema, priv)


@builtin("has_schema_privilege_id_name", ctx=True)
def has_schema_privilege_id_name(ctx, user, schema, priv):
    return None if user is None else _schema_privilege(ctx, _user_arg(ctx, user), schema, priv)


@builtin("has_schema_privilege_id_id", ctx=True)
def has_schema_privilege_id_id(ctx, user, schema, priv):
    return None if user is None else _schema_privilege(ctx, _user_arg(ctx, user), schema, priv)


@builtin("has_schema_privilege_name", ctx=True)
def has_schema_privilege_name(ctx, schema, priv):
    return _schema_privilege(ctx, ctx.session.user, schema, priv)


@builtin("has_schema_privilege_id", ctx=True)
def has_schema_privilege_id(ctx, schema, priv):
    return _schema_privilege(ctx, ctx.session.user, schema, priv)


@builtin("acldefault", ctx=True)
def acldefault_sql(ctx, objtype, owner):
    """acldefault('r' | 's' | 'd' | 'f' | 'l' | 'n' | 'T' | 'c', owner oid) as aclitem[]."""
    from pgref.types.values import PgArray
    kind = {"r": "table", "s": "sequence", "d": "database", "f": "function", "l": "language", "n": "schema",
            "T": "type", "c": "column"}.get(objtype)
    if kind is None:
        raise PgError("XX000", f'unrecognized objtype abbreviation: {objtype}')
    return PgArray.from_list(acldefault(kind, role_name(ctx.session, owner)), 1033)


# ------------------------------------------------------------------ columns, sequences, roles
def _column_privilege(ctx, user, table, column, priv):
    if table is None or column is None or priv is None:
        return None
    rel = _table(ctx, table)
    if rel is None:
        return None
    if isinstance(column, int):
        col = next((c for c in rel.columns if c.attnum == column and not c.dropped), None)
        if col is None:
            return None
    else:
        col = rel.column(column)
        if col is None and any(c.dropped and c.name == column for c in rel.columns):
            return None
        if col is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{column}" of relation "{rel.name}" does not exist')
    privs = _privilege_letters(priv, {"select": "r", "insert": "a", "update": "w", "references": "x"})
    if _table_privilege(ctx, user, rel.oid, priv):
        return True
    return _check(ctx.session, user, col.acl or [], rel.owner, privs)


def _any_column_privilege(ctx, user, table, priv):
    if table is None or priv is None:
        return None
    rel = _table(ctx, table)
    if rel is None:
        return None
    _privilege_letters(priv, {"select": "r", "insert": "a", "update": "w", "references": "x"})
    if _table_privilege(ctx, user, rel.oid, priv):
        return True
    return any(_column_privilege(ctx, user, rel.oid, c.attnum, priv) for c in rel.columns if not c.dropped)


def _sequence_privilege(ctx, user, seq, priv):
    if seq is None or priv is None:
        return None
    rel = _table(ctx, seq)
    if rel is None:
        return None
    if rel.kind != "S":
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a sequence')
    _privilege_letters(priv, _SEQUENCE_PRIVS)
    return _table_privilege(ctx, user, rel.oid, priv)


def _register(prefix: str, impl, shapes: dict[str, int]) -> None:
    """Register has_X_privilege variants: suffix -> number of arguments
    before the privilege text that name the object (with the user first
    when the suffix has one more part)."""
    for sfx, with_user in shapes.items():
        def fn(ctx, *args, _with_user=with_user):
            if _with_user:
                if args[0] is None:
                    return None
                return impl(ctx, _user_arg(ctx, args[0]), *args[1:])
            return impl(ctx, ctx.session.user, *args)
        builtin(f"{prefix}{sfx}", ctx=True)(fn)


_register("has_column_privilege", _column_privilege,
          {"_name_name_name": True, "_name_name_attnum": True, "_name_id_name": True, "_name_id_attnum": True,
           "_id_name_name": True, "_id_name_attnum": True, "_id_id_name": True, "_id_id_attnum": True,
           "_name_name": False, "_name_attnum": False, "_id_name": False, "_id_attnum": False})
_register("has_any_column_privilege", _any_column_privilege,
          {"_name_name": True, "_name_id": True, "_id_name": True, "_id_id": True, "_name": False, "_id": False})
_register("has_sequence_privilege", _sequence_privilege,
          {"_name_name": True, "_name_id": True, "_id_name": True, "_id_id": True, "_name": False, "_id": False})


def _pg_has_role(ctx, user, role, priv):
    """pg_has_role: MEMBER (is a member), USAGE (has the privileges of),
    either WITH ADMIN OPTION / WITH GRANT OPTION (may administer it)."""
    from pgref.auth.roles import has_privs_of_role, is_admin_of_role, is_member_of_role
    if role is None or priv is None or user is None:
        return None
    s = ctx.session
    uid = user if isinstance(user, int) else role_oid(s, user)
    rid = role if isinstance(role, int) else role_oid(s, role)
    result = False
    for part in priv.split(","):
        word = " ".join(part.split()).lower()
        if word in ("member with admin option", "member with grant option", "usage with admin option",
                    "usage with grant option"):
            result = result or is_admin_of_role(s, uid, rid)
        elif word == "member":
            result = result or is_member_of_role(s, uid, rid)
        elif word == "usage":
            result = result or has_privs_of_role(s, uid, rid)
        else:
            raise PgError("22023", f'unrecognized privilege type: "{part.strip()}"')
    return result


@builtin("pg_has_role_name_name", "pg_has_role_name_id", "pg_has_role_id_name", "pg_has_role_id_id", ctx=True)
def pg_has_role_user(ctx, user, role, priv):
    return _pg_has_role(ctx, user, role, priv)


@builtin("pg_has_role_name", "pg_has_role_id", ctx=True)
def pg_has_role_current(ctx, role, priv):
    from pgref.auth.identity import current_user_oid
    return _pg_has_role(ctx, current_user_oid(ctx.session), role, priv)


def _function_privilege(ctx, user, func, priv):
    if func is None or priv is None:
        return None
    from pgref.catalog.userprocs import UserProc
    cat = ctx.session.db.cat
    if not isinstance(func, int):
        from pgref.engine.functions import _regprocedure_in
        func = _regprocedure_in(func)
    try:
        proc = cat.proc(func)
    except PgError:
        return None
    privs = _privilege_letters(priv, {"execute": "X"})
    if not isinstance(proc, UserProc) or proc.acl is None:
        acl = acldefault("function", role_name(ctx.session, getattr(proc, "owner", 10)))
    else:
        acl = list(proc.acl)
    return _check(ctx.session, user, acl, getattr(proc, "owner", 10), privs)


_register("has_function_privilege", _function_privilege,
          {"_name_name": True, "_name_id": True, "_id_name": True, "_id_id": True, "_name": False, "_id": False})

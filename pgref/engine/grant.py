"""GRANT / REVOKE and ALTER ... OWNER TO: privileges stored as PostgreSQL
stores them, not yet enforced (PostgreSQL's aclchk.c, acl.c).

Where it sits: ``engine/`` (spec/09-engine.md, "Privileges (stored, not
enforced)").  An object's access control list is a list of *aclitems*,
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
with no privileges is removed.  Every grant is made by the object's owner
(a superuser grants as the owner, select_best_grantor), so the grantor
is always the owner.

Privileges are recorded, never checked: every session is the bootstrap
superuser until the roles-and-authentication issue (which will consult
these same ACLs).  Roles other than the existing ones (the bootstrap
superuser and PostgreSQL's predefined roles) are refused with 42704.

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
    """The roles that exist: the bootstrap superuser and the predefined
    roles (CREATE ROLE comes with the authentication issue)."""
    from pgref.engine.sessionfuncs import ROLE_NAMES
    return dict(ROLE_NAMES)


def role_name(session, oid: int) -> str:
    return known_roles(session).get(oid, f"unknown (OID={oid})")


def role_oid(session, name: str) -> int:
    for oid, n in known_roles(session).items():
        if n == name:
            return oid
    raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')


def resolve_role(session, spec: A.RoleSpec, allow_public: bool) -> str:
    """A grantee / new owner: '' for PUBLIC, else an existing role's name."""
    if spec.roletype == "public":
        if not allow_public:
            raise PgError(UNDEFINED_OBJECT, 'role "public" does not exist')
        return ""
    if spec.roletype != "cstring":
        return SUPERUSER                     # every session acts as the bootstrap superuser for now
    role_oid(session, spec.rolename)
    return spec.rolename


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
                continue                        # filtered with a WARNING by the caller
            raise PgError(INVALID_GRANT_OPERATION, f"invalid privilege type {p.priv_name.upper()} for {shown}")
        letters += ch
    return letters, columns


def grant_stmt(session, s: A.GrantStmt, text: str) -> Result:
    session.before_ddl()
    tag = "GRANT" if s.is_grant else "REVOKE"
    grantees = [resolve_role(session, g, allow_public=True) for g in s.grantees]
    if s.grantor is not None:
        resolve_role(session, s.grantor, allow_public=False)
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
            ns.acl = _apply(ns.acl if ns.acl is not None else acldefault("schema", owner), s, grantees, letters,
                            owner)
        cat.changed()
    elif objtype == "database":
        _grant_database(session, s, grantees)
    elif objtype in ("function", "procedure", "routine"):
        raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} on {'functions' if objtype == 'function' else objtype + 's'} "
                      "is not supported yet")
    else:
        what = {"fdw": "foreign-data wrappers", "foreign_server": "foreign servers", "largeobject": "large objects",
                "language": "languages", "tablespace": "tablespaces", "type": "types", "domain": "domains"}
        raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} on {what.get(objtype, objtype)} is not supported yet")
    return Result(tag)


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
    if letters or not columns:
        rel.acl = _apply(rel.acl if rel.acl is not None else acldefault(kind, owner), s, grantees, letters, owner)
    for cname, cletters in columns.items():
        col = rel.column(cname)
        if col is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{cname}" of relation "{rel.name}" does not exist')
        col.acl = _apply(col.acl if col.acl is not None else [], s, grantees, cletters, owner) or None
    session.db.cat.changed()


def _apply(acl: list[str], s: A.GrantStmt, grantees: list[str], letters: str, grantor: str) -> list[str]:
    for g in grantees:
        if s.is_grant:
            acl = acl_update(acl, g, grantor, letters, True, s.grant_option)
        else:
            acl = acl_update(acl, g, grantor, letters, False, False, options_only=s.grant_option)
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
            entry.datacl = _apply(acl, s, grantees, letters, owner)
        cluster.save_shared()


# ------------------------------------------------------------------ OWNER TO
def alter_relation_owner(session, rel, spec: A.RoleSpec) -> None:
    """ALTER TABLE / VIEW / SEQUENCE ... OWNER TO: the new owner must exist;
    the ACL's entries for the old owner move to the new one, and a table's
    owned sequences follow it."""
    new = resolve_role(session, spec, allow_public=False)
    new_oid = role_oid(session, new)
    old = role_name(session, rel.owner)
    for r in [rel] + [o for o in session.db.cat.relations.values()
                      if o.kind == "S" and o.sequence is not None and o.sequence.owned_by
                      and o.sequence.owned_by[0] == rel.oid]:
        r.acl = acl_new_owner(r.acl, old, new)
        for c in r.columns:
            c.acl = acl_new_owner(c.acl, old, new)
        r.owner = new_oid
    session.db.cat.changed()


def alter_schema_owner(session, s, text) -> Result:
    session.before_ddl()
    cat = session.db.cat
    oid = cat.namespace_oid(s.object)
    if oid is None:
        raise PgError("3F000", f'schema "{s.object}" does not exist')
    ns = cat.namespaces[oid]
    new = resolve_role(session, s.newowner, allow_public=False)
    ns.acl = acl_new_owner(ns.acl, role_name(session, ns.owner), new)
    ns.owner = role_oid(session, new)
    cat.changed()
    return Result("ALTER SCHEMA")


def install(handlers: dict) -> None:
    """Register GRANT/REVOKE, and the schema form of ALTER ... OWNER TO in
    front of whatever handles the other forms."""
    handlers[A.GrantStmt] = grant_stmt
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


_TABLE_PRIVS = {"select": "r", "insert": "a", "update": "w", "delete": "d", "truncate": "D",
                "references": "x", "trigger": "t"}
_SCHEMA_PRIVS = {"create": "C", "usage": "U"}
_DATABASE_PRIVS = {"create": "C", "connect": "c", "temporary": "T", "temp": "T"}
_SEQUENCE_PRIVS = {"usage": "U", "select": "r", "update": "w"}


def _check(session, role: str | None, acl: list[str], owner_oid: int, privs) -> bool:
    """Does ``role`` hold every privilege of ``privs``?  The bootstrap
    superuser holds all (as superusers do in PostgreSQL)."""
    if role is not None and role_oid(session, role) == 10:
        return True
    if role is not None and role_oid(session, role) == owner_oid and acl is None:
        return True
    have, opts = acl_mask(acl if acl is not None else [], role)
    return all((ch in opts) if opt else (ch in have) for ch, opt in privs)


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
    return _check(ctx.session, user, acl, rel.owner, privs)


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
    return _table_privilege(ctx, SUPERUSER, table, priv)


@builtin("has_table_privilege_id", ctx=True)
def has_table_privilege_id(ctx, table, priv):
    return _table_privilege(ctx, SUPERUSER, table, priv)


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
    return _schema_privilege(ctx, SUPERUSER, schema, priv)


@builtin("has_schema_privilege_id", ctx=True)
def has_schema_privilege_id(ctx, schema, priv):
    return _schema_privilege(ctx, SUPERUSER, schema, priv)


@builtin("acldefault", ctx=True)
def acldefault_sql(ctx, objtype, owner):
    """acldefault('r' | 's' | 'd' | 'f' | 'l' | 'n' | 'T' | 'c', owner oid) as aclitem[]."""
    from pgref.types.values import PgArray
    kind = {"r": "table", "s": "sequence", "d": "database", "f": "function", "l": "language", "n": "schema",
            "T": "type", "c": "column"}.get(objtype)
    if kind is None:
        raise PgError("XX000", f'unrecognized objtype abbreviation: {objtype}')
    return PgArray.from_list(acldefault(kind, role_name(ctx.session, owner)), 1033)

"""CREATE DATABASE, DROP DATABASE, ALTER DATABASE (PostgreSQL's dbcommands.c).

Where it sits: ``engine/``, called from ``utility.run_utility``
(spec/09-engine.md, "Databases and the cluster").  Each command changes the
cluster's shared catalog (``Cluster.databases`` = pg_database,
``Cluster.role_settings`` = pg_db_role_setting) and, for CREATE and DROP, a
database directory ``base/<dboid>/``.

CREATE DATABASE copies a template (template1 unless TEMPLATE says
otherwise) the way PostgreSQL does:

  1. the template must have no other sessions (55006) -- nobody may be
     changing what is being copied;
  2. every relation file of the template is copied: ``STRATEGY wal_log``
     (PostgreSQL 15's default) reads the blocks through the shared buffer
     pool and writes them to the new database's files; ``file_copy``
     flushes the template's buffers and copies the files themselves;
  3. the template's catalog is copied (its in-memory image, which is what
     the template's ``pg_filenode.map`` files describe) and saved under the
     new directory;
  4. last, the pg_database row is written (``Cluster.save_shared``): a
     crash before that leaves an orphan directory and no database
     (INV-CLUSTER-4), never a database with missing files.

None of the three can run inside a transaction block (25001), as in
PostgreSQL, so their effects need no undo.

Entry points: ``createdb(session, stmt)``, ``dropdb(session, stmt)``,
``alterdb(session, stmt)``, ``alterdb_set(session, stmt)``,
``renamedb(session, old, new)``, ``alterdb_owner(session, name, role)``;
SQL functions ``pg_database_size(name | oid)``.
"""
from __future__ import annotations

import os
import shutil

from pgref.engine.cluster import (BOOTSTRAP_SUPERUSER, FIRST_NORMAL_OID, UTF8, DbEntry, busy_detail)
from pgref.engine.session import Result
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.sql import ast as A
from pgref.storage.smgr import RelFile
from pgref.types.fmgr import builtin

# pg_wchar.h's server and client encodings, by number (pg_enc2name_tbl)
ENCODINGS = ["SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
             "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9",
             "LATIN10", "WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252",
             "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254",
             "WIN1255", "WIN1257", "KOI8U"]
# the locales pgref implements (it sorts and classifies characters as C does)
LOCALES = {"c", "posix", "c.utf8", "c.utf-8"}
CREATEDB_OPTIONS = ("tablespace", "owner", "template", "encoding", "locale", "lc_collate", "lc_ctype",
                    "icu_locale", "locale_provider", "collation_version", "connection_limit",
                    "allow_connections", "is_template", "oid", "strategy", "location")


# ---------------------------------------------------------------- helpers
def _prevent_in_block(session, what: str) -> None:
    """PreventInTransactionBlock."""
    if session.xact is not None and not session.implicit:
        raise PgError("25001", f"{what} cannot run inside a transaction block")


def _pos(d: A.DefElem):
    return d.location + 1 if d.location is not None and d.location >= 0 else None


def _text(d: A.DefElem) -> str | None:
    a = d.arg
    if a is None:
        return None
    if isinstance(a, A.String):
        return a.sval
    if isinstance(a, A.Integer):
        return str(a.ival)
    if isinstance(a, A.Float):
        return a.fval
    if isinstance(a, A.Boolean):
        return "true" if a.boolval else "false"
    if isinstance(a, A.RoleSpec):
        return a.rolename
    return str(a)


def _int(d: A.DefElem) -> int:
    a = d.arg
    if isinstance(a, A.Integer):
        return a.ival
    t = _text(d)
    try:
        return int(t)
    except (TypeError, ValueError):
        raise PgError("42601", f"{d.defname} requires an integer value") from None


def _bool(d: A.DefElem) -> bool:
    """defGetBoolean."""
    a = d.arg
    if a is None:
        return True
    if isinstance(a, A.Integer) and a.ival in (0, 1):
        return bool(a.ival)
    t = (_text(d) or "").lower()
    if t in ("true", "on"):
        return True
    if t in ("false", "off"):
        return False
    raise PgError("22023", f"{d.defname} requires a Boolean value")


def _options(stmt_options, allowed) -> dict[str, A.DefElem]:
    out: dict[str, A.DefElem] = {}
    for d in stmt_options:
        name = d.defname.lower()
        if name not in allowed:
            raise PgError("42601", f'option "{d.defname}" not recognized', position=_pos(d))
        if name in out:
            raise PgError("42601", "conflicting or redundant options", position=_pos(d))
        out[name] = d
    return out


def _role_oid(session, name: str | None) -> int:
    from pgref.engine.sessionfuncs import ROLE_NAMES
    if name is None:
        return BOOTSTRAP_SUPERUSER
    for oid, n in ROLE_NAMES.items():
        if n == name:
            return oid
    raise PgError("42704", f'role "{name}" does not exist')


def _role_spec_oid(session, spec) -> int:
    if isinstance(spec, A.RoleSpec) and spec.roletype != "cstring":
        if spec.roletype == "public":
            raise PgError("42704", 'role "public" does not exist')
        from pgref.auth.roles import rolespec_oid
        return rolespec_oid(session, spec)
    return _role_oid(session, spec.rolename if isinstance(spec, A.RoleSpec) else spec)


def _encoding(d: A.DefElem) -> int:
    a = d.arg
    if isinstance(a, A.Integer):
        if not 0 <= a.ival < len(ENCODINGS):
            raise PgError("42704", f"{a.ival} is not a valid encoding code", position=_pos(d))
        return a.ival
    name = _text(d) or ""
    norm = name.upper().replace("-", "").replace("_", "")
    aliases = {"UNICODE": "UTF8", "UTF8": "UTF8", "SQLASCII": "SQL_ASCII"}
    for i, e in enumerate(ENCODINGS):
        if e.replace("_", "") == norm or aliases.get(norm) == e:
            return i
    raise PgError("42704", f"{name} is not a valid encoding name", position=_pos(d))


def _check_locale(value: str) -> str:
    if value.lower() not in LOCALES:
        raise PgError("42809", f'invalid locale name: "{value}"')
    return value


def _entry(session, name: str, what: str = "database") -> DbEntry:
    e = session.db.cluster.entry(name)
    if e is None:
        raise PgError("3D000", f'{what} "{name}" does not exist')
    return e


def _terminate(session, db) -> None:
    """DROP DATABASE ... WITH (FORCE): end the other sessions' work in the
    database; each of them fails from then on with 57P01 (FATAL)."""
    for s in db.other_sessions(session):
        if s.xact is not None:
            s._abort()
        s.terminated = True
        s.cancel_requested = True
        db.detach(s)


# ---------------------------------------------------------------- CREATE DATABASE
def createdb(session, stmt: A.CreatedbStmt) -> Result:
    _prevent_in_block(session, "CREATE DATABASE")
    cluster = session.db.cluster
    opts = _options(stmt.options, CREATEDB_OPTIONS)
    if "location" in opts:
        session.notices.append(PgError(FEATURE_NOT_SUPPORTED, "LOCATION is not supported anymore",
                                       hint="Consider using tablespaces instead.", severity="WARNING",
                                       position=_pos(opts["location"])))
    if "locale" in opts and ("lc_collate" in opts or "lc_ctype" in opts):
        raise PgError("42601", "conflicting or redundant options",
                      detail="LOCALE cannot be specified together with LC_COLLATE or LC_CTYPE.")
    dboid = 0
    if "oid" in opts:
        dboid = _int(opts["oid"])
        if dboid < FIRST_NORMAL_OID:
            raise PgError("22023", f"OIDs less than {FIRST_NORMAL_OID} are reserved for system objects")
    connlimit = _int(opts["connection_limit"]) if "connection_limit" in opts and opts["connection_limit"].arg \
        is not None else -1
    if connlimit < -1:
        raise PgError("22023", f"invalid connection limit: {connlimit}")
    encoding = _encoding(opts["encoding"]) if "encoding" in opts and opts["encoding"].arg is not None else None
    strategy = (_text(opts["strategy"]) or "wal_log").lower() if "strategy" in opts else "wal_log"
    if strategy not in ("wal_log", "file_copy"):
        raise PgError("22023", f'invalid create database strategy "{_text(opts["strategy"])}"',
                      hint='Valid strategies are "wal_log" and "file_copy".')
    provider = (_text(opts["locale_provider"]) or "libc").lower() if "locale_provider" in opts else None
    if provider not in (None, "libc", "icu"):
        raise PgError("22023", f'unrecognized locale provider: {provider}')
    if "icu_locale" in opts and provider != "icu":
        raise PgError("42P17", "ICU locale cannot be specified unless locale provider is ICU")
    if provider == "icu":
        if "icu_locale" not in opts and "locale" not in opts:
            raise PgError("22023", "ICU locale must be specified")
        raise PgError(FEATURE_NOT_SUPPORTED, "pgref supports only the libc locale provider with the C locale")
    owner = _role_oid(session, _text(opts["owner"])) if "owner" in opts and opts["owner"].arg is not None \
        else BOOTSTRAP_SUPERUSER
    if "tablespace" in opts and opts["tablespace"].arg is not None:
        space = _text(opts["tablespace"])
        if space != "pg_default":
            raise PgError("42704", f'tablespace "{space}" does not exist')
    tname = _text(opts["template"]) if "template" in opts and opts["template"].arg is not None else "template1"
    template = cluster.entry(tname)
    if template is None:
        raise PgError("3D000", f'template database "{tname}" does not exist')
    if encoding is not None and encoding != template.encoding and template.datname != "template0":
        raise PgError("22023", f"new encoding ({ENCODINGS[encoding]}) is incompatible with the encoding of the "
                      f"template database ({ENCODINGS[template.encoding]})",
                      hint="Use the same encoding as in the template database, or use template0 as template.")
    if encoding is not None and encoding != UTF8:
        raise PgError(FEATURE_NOT_SUPPORTED, f"pgref supports only the UTF8 encoding, not {ENCODINGS[encoding]}")
    collate = ctype = None
    if "locale" in opts and opts["locale"].arg is not None:
        collate = ctype = _check_locale(_text(opts["locale"]))
    if "lc_collate" in opts and opts["lc_collate"].arg is not None:
        collate = _check_locale(_text(opts["lc_collate"]))
    if "lc_ctype" in opts and opts["lc_ctype"].arg is not None:
        ctype = _check_locale(_text(opts["lc_ctype"]))
    for new, old, what in ((collate, template.datcollate, "collation"), (ctype, template.datctype, "LC_CTYPE")):
        if new is not None and new != old and template.datname != "template0":
            raise PgError("22023", f"new {what} ({new}) is incompatible with the {what} of the template "
                          f"database ({old})",
                          hint="Use the same " + what + " as in the template database, or use template0 as template.")
    with cluster.lock:
        if cluster.entry(stmt.dbname) is not None:
            raise PgError("42P04", f'database "{stmt.dbname}" already exists')
        if dboid and dboid in cluster.databases:
            raise PgError("22023", f'database OID {dboid} is already in use by database '
                          f'"{cluster.databases[dboid].datname}"')
        busy = cluster.wait_for_others(template.oid, besides=session)
        if busy:
            raise PgError("55006", f'source database "{template.datname}" is being accessed by other users',
                          detail=busy_detail(busy))
        # the lock was let go while waiting: look again
        if cluster.entry(stmt.dbname) is not None:
            raise PgError("42P04", f'database "{stmt.dbname}" already exists')
        if cluster.databases.get(template.oid) is not template:
            raise PgError("3D000", f'template database "{tname}" does not exist')
        entry = DbEntry(dboid or cluster.new_oid(), stmt.dbname, datdba=owner,
                        encoding=template.encoding if encoding is None else encoding,
                        datcollate=collate or template.datcollate, datctype=ctype or template.datctype,
                        datistemplate=_bool(opts["is_template"]) if "is_template" in opts else False,
                        datallowconn=_bool(opts["allow_connections"]) if "allow_connections" in opts else True,
                        datconnlimit=connlimit,
                        datcollversion=_text(opts["collation_version"]) if "collation_version" in opts else None)
        copy_database(cluster, template.oid, entry, strategy)
    return Result("CREATE DATABASE")


def copy_database(cluster, src_oid: int, entry: DbEntry, strategy: str = "wal_log") -> None:
    """Make database ``entry`` a copy of database ``src_oid`` (steps 2-4 of
    the module docstring)."""
    from pgref.engine.database import Database
    src = cluster.database_by_oid(src_oid)
    if cluster.path:
        d = cluster.db_dir(entry.oid)
        if os.path.exists(d):
            shutil.rmtree(d)                 # an orphan of a crashed CREATE DATABASE (INV-CLUSTER-4)
        os.makedirs(d)
    nodes = src.relfilenodes()
    try:
        for node in nodes:
            _copy_relation(cluster, RelFile(src_oid, node), RelFile(entry.oid, node), strategy)
        cluster.databases[entry.oid] = entry
        db = Database(cluster, dboid=entry.oid)
        snap = src.cat.snapshot()
        # temporary objects belong to their session, not to the database
        temp = {oid for oid, ns in snap["namespaces"].items() if ns.name.startswith("pg_temp_")}
        for oid in temp:
            del snap["namespaces"][oid]
        for oid in [o for o, r in snap["relations"].items() if r.persistence == "t" or r.namespace in temp]:
            del snap["relations"][oid]
        db.cat.restore(snap)
        db.cat.dboid, db.cat.dbname = entry.oid, entry.datname
        db.seq_state = {oid: list(st) for oid, st in src.seq_state.items() if oid in db.cat.relations}
        cluster.open_dbs[entry.oid] = db
        if cluster.path:
            from pgref.engine.persist import save_catalog
            save_catalog(db)
        cluster.save_shared()                # INV-CLUSTER-4: the row comes last
    except BaseException:
        cluster.databases.pop(entry.oid, None)
        cluster.open_dbs.pop(entry.oid, None)
        _remove_files(cluster, entry.oid, [RelFile(entry.oid, n) for n in nodes])
        raise


def _copy_relation(cluster, src: RelFile, dst: RelFile, strategy: str) -> None:
    bm = cluster.bm
    if not bm.exists(src):
        return
    if strategy == "file_copy" and cluster.path:
        # CHECKPOINT-then-copydir, one relation at a time
        bm.flush(src)
        smgr = bm.smgr
        seg = 0
        while os.path.exists(smgr.relpath(src, seg)):
            shutil.copyfile(smgr.relpath(src, seg), smgr.relpath(dst, seg))
            seg += 1
        bm.sync(dst)                         # durable before the pg_database row (INV-CLUSTER-4)
        return
    bm.create(dst)
    for blkno in range(bm.nblocks(src)):
        sbuf = bm.pin(src, blkno)
        try:
            data = bytes(bm.page(sbuf))
        finally:
            bm.unpin(sbuf)
        _blk, dbuf = bm.extend(dst)
        try:
            bm.page(dbuf)[:] = data
            bm.mark_dirty(dbuf)
        finally:
            bm.unpin(dbuf)
    bm.flush(dst)
    if cluster.path:
        bm.sync(dst)                         # durable before the pg_database row (INV-CLUSTER-4)


def _remove_files(cluster, dboid: int, known: list[RelFile]) -> None:
    """Discard a database's buffers and files (DROP, or a failed CREATE)."""
    bm = cluster.bm
    rels = set(known)
    if cluster.path:
        d = cluster.db_dir(dboid)
        if os.path.isdir(d):
            for name in os.listdir(d):
                stem = name.split(".")[0].split("_")[0]
                if stem.isdigit():
                    rels.add(RelFile(dboid, int(stem)))
    for rf in rels:
        bm.drop_buffers(rf)
        if bm.exists(rf):
            bm.unlink(rf)
    if cluster.path and os.path.isdir(cluster.db_dir(dboid)):
        shutil.rmtree(cluster.db_dir(dboid))


# ---------------------------------------------------------------- DROP DATABASE
def dropdb(session, stmt: A.DropdbStmt) -> Result:
    force = False
    for d in stmt.options:
        if d.defname.lower() != "force":
            raise PgError("42601", f'unrecognized DROP DATABASE option "{d.defname}"', position=_pos(d))
        force = True
    _prevent_in_block(session, "DROP DATABASE")
    cluster = session.db.cluster
    with cluster.lock:
        e = cluster.entry(stmt.dbname)
        if e is None:
            if stmt.missing_ok:
                session.notices.append(PgError("00000", f'database "{stmt.dbname}" does not exist, skipping',
                                               severity="NOTICE"))
                return Result("DROP DATABASE")
            raise PgError("3D000", f'database "{stmt.dbname}" does not exist')
        if e.datistemplate:
            raise PgError("42809", "cannot drop a template database")
        if e.oid == session.db.dboid:
            raise PgError("55006", "cannot drop the currently open database")
        db = cluster.open_dbs.get(e.oid)
        busy = cluster.sessions_in(e.oid, besides=session) if force else \
            cluster.wait_for_others(e.oid, besides=session)
        if busy:
            if not force:
                raise PgError("55006", f'database "{e.datname}" is being accessed by other users',
                              detail=busy_detail(busy))
            _terminate(session, db)
        if cluster.databases.get(e.oid) is not e:          # dropped while we waited
            raise PgError("3D000", f'database "{stmt.dbname}" does not exist')
        known = [RelFile(e.oid, n) for n in db.relfilenodes()] if db is not None else []
        del cluster.databases[e.oid]
        for key in [k for k in cluster.role_settings if k[0] == e.oid]:
            del cluster.role_settings[key]
        cluster.open_dbs.pop(e.oid, None)
        if db is not None:
            db.closed = True
        cluster.save_shared()                # the row goes first, then the files
        _remove_files(cluster, e.oid, known)
    return Result("DROP DATABASE")


# ---------------------------------------------------------------- ALTER DATABASE
def renamedb(session, old: str, new: str) -> Result:
    cluster = session.db.cluster
    with cluster.lock:
        e = _entry(session, old)
        if cluster.entry(new) is not None:
            raise PgError("42P04", f'database "{new}" already exists')
        if e.oid == session.db.dboid:
            raise PgError(FEATURE_NOT_SUPPORTED, "current database cannot be renamed")
        busy = cluster.wait_for_others(e.oid, besides=session)
        if busy:
            raise PgError("55006", f'database "{old}" is being accessed by other users', detail=busy_detail(busy))
        # the lock was let go while waiting: look again
        e = _entry(session, old)
        if cluster.entry(new) is not None:
            raise PgError("42P04", f'database "{new}" already exists')
        e.datname = new
        db = cluster.open_dbs.get(e.oid)
        if db is not None:
            db.cat.dbname = new
        cluster.save_shared()
    return Result("ALTER DATABASE")


def alterdb(session, stmt) -> Result:
    """ALTER DATABASE name [WITH] ALLOW_CONNECTIONS / CONNECTION LIMIT /
    IS_TEMPLATE, and ALTER DATABASE name SET TABLESPACE."""
    cluster = session.db.cluster
    opts = _options(stmt.options, ("allow_connections", "connection_limit", "is_template", "tablespace"))
    if "tablespace" in opts:
        if len(opts) > 1:
            raise PgError("42601", "option \"tablespace\" cannot be specified with other options",
                          position=_pos(opts["tablespace"]))
        _entry(session, stmt.dbname)
        space = _text(opts["tablespace"])
        if space != "pg_default":
            raise PgError("42704", f'tablespace "{space}" does not exist')
        return Result("ALTER DATABASE")           # every database is in pg_default already
    connlimit = None
    if "connection_limit" in opts:
        connlimit = _int(opts["connection_limit"])
        if connlimit < -1:
            raise PgError("22023", f"invalid connection limit: {connlimit}")
    with cluster.lock:
        e = _entry(session, stmt.dbname)
        if "allow_connections" in opts:
            allow = _bool(opts["allow_connections"])
            if not allow and e.oid == session.db.dboid:
                raise PgError("55006", "cannot disallow connections for current database")
            e.datallowconn = allow
        if "is_template" in opts:
            e.datistemplate = _bool(opts["is_template"])
        if connlimit is not None:
            e.datconnlimit = connlimit
        cluster.save_shared()
    return Result("ALTER DATABASE")


def alterdb_owner(session, name: str, newowner) -> Result:
    cluster = session.db.cluster
    with cluster.lock:
        e = _entry(session, name)
        e.datdba = _role_spec_oid(session, newowner)
        cluster.save_shared()
    return Result("ALTER DATABASE")


def setting_text(session, s: A.VariableSetStmt) -> str:
    """The value ALTER ... SET stores: ExtractSetVariableArgs's flattening
    (list items joined with ", ", search_path elements quoted as needed)."""
    from pgref.engine.utility import _const_text, _quote_ident
    name = s.name.lower()
    if name == "search_path" or len(s.args) > 1:
        parts = []
        for a in s.args:
            t = _const_text(a)
            parts.append(_quote_ident(t) if name == "search_path" else t)
        return ", ".join(parts)
    return _const_text(s.args[0])


def alterdb_set(session, stmt) -> Result:
    """ALTER DATABASE name SET param {TO value | FROM CURRENT | TO DEFAULT}
    | RESET param | RESET ALL: the database's row of pg_db_role_setting
    (role 0), applied to every new session of the database."""
    from pgref.engine.guc import Settings, lookup as guc_lookup
    cluster = session.db.cluster
    s = stmt.setstmt
    if s.kind == "multi":
        raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER DATABASE ... SET {s.name} is not supported")
    with cluster.lock:
        e = _entry(session, stmt.dbname)
        key = (e.oid, 0)
        conf = list(cluster.role_settings.get(key, []))
        if s.kind == "reset_all":
            conf = []
        else:
            st = guc_lookup(s.name)               # 42704 for an unknown parameter
            at = next((i for i, c in enumerate(conf) if c.partition("=")[0].lower() == st.name.lower()), None)
            if s.kind in ("value", "current"):
                value = session.settings.get(s.name) if s.kind == "current" else setting_text(session, s)
                if s.name.lower() == "timezone" and s.args and isinstance(s.args[0], A.TypeCast):
                    raise PgError(FEATURE_NOT_SUPPORTED, "SET TIME ZONE INTERVAL is not supported yet")
                Settings().set(st.name, value)    # validates the value as SET would
                item = f"{st.name}={value}"       # the parameter's own spelling, as PostgreSQL
                if at is None:
                    conf.append(item)             # GUCArrayAdd: replace in place, else append
                else:
                    conf[at] = item
            elif at is not None:
                del conf[at]
        if conf:
            cluster.role_settings[key] = conf
        else:
            cluster.role_settings.pop(key, None)
        cluster.save_shared()
    return Result("ALTER DATABASE")


# ---------------------------------------------------------------- pg_database_size
def database_size(cluster, dboid: int) -> int:
    """calculate_database_size: the bytes of the database's files."""
    if cluster.path:
        d = cluster.db_dir(dboid)
        if not os.path.isdir(d):
            return 0
        cluster.bm.flush_all()                 # extended blocks are on disk at once; dirty ones now too
        return sum(os.path.getsize(os.path.join(d, n)) for n in os.listdir(d))
    db = cluster.open_dbs.get(dboid)
    if db is None:
        return 0
    return sum(cluster.bm.nblocks(RelFile(dboid, n)) * 8192 for n in db.relfilenodes()
               if cluster.bm.exists(RelFile(dboid, n)))


@builtin("pg_database_size_name", ctx=True)
def pg_database_size_name(ctx, name):
    cluster = ctx.session.db.cluster
    with cluster.lock:
        return database_size(cluster, _entry(ctx.session, name).oid)


@builtin("pg_database_size_oid", ctx=True)
def pg_database_size_oid(ctx, dboid):
    cluster = ctx.session.db.cluster
    with cluster.lock:
        size = database_size(cluster, dboid) if dboid in cluster.databases else 0
    return size or None                        # PostgreSQL: NULL for no such database


def run_dbcommand(session, stmt) -> Result:
    """utility.run_utility's entry for the database commands."""
    if isinstance(stmt, A.CreatedbStmt):
        return createdb(session, stmt)
    if isinstance(stmt, A.DropdbStmt):
        return dropdb(session, stmt)
    if isinstance(stmt, A.AlterDatabaseStmt):
        return alterdb(session, stmt)
    if isinstance(stmt, A.AlterDatabaseSetStmt):
        return alterdb_set(session, stmt)
    if isinstance(stmt, A.RenameStmt):
        return renamedb(session, stmt.subname, stmt.newname)
    return alterdb_owner(session, stmt.object, stmt.newowner)

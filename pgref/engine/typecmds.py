"""CREATE / ALTER / DROP of user-defined types: enums, composite types,
domains, shell and base types (PostgreSQL's typecmds.c, pg_enum.c,
pg_type.c and the type parts of dependency.c).

Where it sits: ``engine/`` (spec/09-engine.md, "DDL"; the catalog side is
catalog/typedefs.py, spec/04-catalog.md "User types").  Every handler calls
``session.before_ddl()`` first, so a rollback restores the catalog
(INV-CAT-3), and ``cat.changed()`` last, which pushes the new picture to the
type I/O tables (INV-CAT-TYPES-1).

What PostgreSQL does and this module does too:
* every type but a shell gets an array type ``_name`` (``typarray``);
* enum labels are at most 63 bytes; ``ADD VALUE`` places the label by a
  float4 sort order (types/enum.py add_label_order); a value added to an
  enum that existed before the transaction may not be used until commit
  (55P04 "unsafe use of new value");
* a domain's constraints are checked on every coercion to the domain
  (the analyzer's CoerceToDomain node), on input (domain_in) and, for ALTER
  DOMAIN ADD CONSTRAINT / SET NOT NULL, against the data already stored in
  columns of the domain;
* DROP TYPE / DROP DOMAIN refuse while columns, domains or composite types
  use the type (2BP01, DETAIL one line per dependent, HINT "Use DROP ...
  CASCADE ..."); CASCADE drops them, with PostgreSQL's NOTICEs.

Entry points (all ``handler(session, stmt, text) -> Result``, see HANDLERS):
    create_enum, alter_enum, create_composite, create_domain, alter_domain,
    define_type (shell and base types), create_range, drop_types,
    rename_type, alter_type_schema, alter_type_owner, alter_composite
    domain_check(ctx, domain_oid) -> check(value)   (installed in types/domain.py)
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgref.catalog.builtin import TypeRow
from pgref.catalog.typedefs import DomainConstraint, TypeDef, array_row, composite_columns
from pgref.engine.session import Result
from pgref.errors import (CHECK_VIOLATION, DATATYPE_MISMATCH, DEPENDENT_OBJECTS_STILL_EXIST, DUPLICATE_OBJECT,
                          FEATURE_NOT_SUPPORTED, INVALID_OBJECT_DEFINITION, INVALID_PARAMETER_VALUE,
                          NOT_NULL_VIOLATION, SYNTAX_ERROR, UNDEFINED_COLUMN, UNDEFINED_OBJECT,
                          WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

NAMEDATALEN = 64


def _notice(session, message: str, detail: str | None = None) -> None:
    session.notices.append(PgError("00000", message, detail=detail, severity="NOTICE"))


def _names(obj) -> tuple[str, ...]:
    if isinstance(obj, A.TypeName):
        return tuple(obj.names)
    if isinstance(obj, (tuple, list)):
        return tuple(obj)
    return (obj,)


def _split(names: tuple[str, ...]) -> tuple[str | None, str]:
    if len(names) > 2:
        raise PgError(SYNTAX_ERROR, f"improper qualified name (too many dotted names): {'.'.join(names)}")
    return (names[0] if len(names) == 2 else None), names[-1]


def _qualname(names) -> str:
    return ".".join(names)


def lookup_type(session, names, missing_ok: bool = False) -> int | None:
    """A type by (possibly qualified) name, as typenameTypeId."""
    cat = session.db.cat
    schema, name = _split(_names(names))
    if schema is not None and cat.namespace_oid(schema) is None:
        if missing_ok:
            return None
        raise PgError("3F000", f'schema "{schema}" does not exist')
    oid = cat.type_oid(schema, name, session.search_path())
    if oid is None and not missing_ok:
        raise PgError(UNDEFINED_OBJECT, f'type "{_qualname(_names(names))}" does not exist')
    return oid


def _fmt(session, oid: int) -> str:
    return session.db.cat.format_type(oid)


def _check_new_name(session, nsp: int, name: str) -> None:
    """A new type's name must be free in its schema (42710), and fit."""
    cat = session.db.cat
    for t in cat.user_types.values():
        if t.namespace == nsp and t.name == name:
            if t.typtype == "p" and not _is_defined(cat, t.oid):
                return                 # a shell type: the definition replaces it
            raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists')
    if nsp == 11:
        from pgref.catalog import builtin
        bt = builtin.types_by_name().get(name)
        if bt is not None and bt.namespace == 11:
            raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists')


def _is_defined(cat, oid: int) -> bool:
    td = cat.type_defs.get(oid)
    return td.isdefined if td is not None else True


def _shell_oid(cat, nsp: int, name: str) -> int | None:
    for t in cat.user_types.values():
        if t.namespace == nsp and t.name == name and t.typtype == "p" and not _is_defined(cat, t.oid):
            return t.oid
    return None


def _add_type(session, row: TypeRow, td: TypeDef | None, with_array: bool = True,
              array_oid: int | None = None) -> TypeRow:
    """Enter a type (and its array type) in the catalog."""
    cat = session.db.cat
    if with_array:
        aoid = array_oid or cat.new_oid()
        row = dataclasses.replace(row, array=aoid)
        cat.user_types[aoid] = array_row(row, aoid)
    cat.user_types[row.oid] = row
    if td is not None:
        cat.type_defs[row.oid] = td
    return row


def _array_name_free(cat, nsp: int, name: str, own: int = 0) -> str:
    """makeArrayTypeName: '_' + name, prefixed with more '_' on collision
    (with any type but the array ``own`` itself)."""
    base = name
    for i in range(1, NAMEDATALEN):
        cand = "_" * i + base
        cand = cand.encode()[:NAMEDATALEN - 1].decode("utf-8", "ignore")
        if not any(t.namespace == nsp and t.name == cand and t.oid != own for t in cat.user_types.values()):
            return cand
    raise PgError(DUPLICATE_OBJECT, f'could not form array type name for type "{name}"')


def _creation(session, names) -> tuple[int, str]:
    schema, name = _split(_names(names))
    nsp = session.creation_namespace(schema)
    if len(name.encode()) >= NAMEDATALEN:
        name = name.encode()[:NAMEDATALEN - 1].decode("utf-8", "ignore")
    return nsp, name


# ------------------------------------------------------------------ enums
def _check_label(label: str) -> None:
    if len(label.encode()) > NAMEDATALEN - 1:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid enum label "{label}"',
                      detail=f"Labels must be {NAMEDATALEN - 1} bytes or less.")


def create_enum(session, s: A.CreateEnumStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    nsp, name = _creation(session, s.type_name)
    _check_new_name(session, nsp, name)
    labels = [v.sval if isinstance(v, A.String) else v for v in s.vals]
    seen = set()
    for lab in labels:
        _check_label(lab)
        if lab in seen:
            raise PgError(DUPLICATE_OBJECT, f'enum label "{lab}" already exists')
        seen.add(lab)
    aoid = cat.new_oid()
    oid = _shell_oid(cat, nsp, name) or cat.new_oid()
    row = TypeRow(oid, name, nsp, 4, True, "e", "E", False, ",", 0, 0, 0, "i", 0, -1, 0, 0)
    _add_type(session, row, TypeDef(oid), array_oid=aoid)
    cat.user_types[aoid] = dataclasses.replace(cat.user_types[aoid], name=_array_name_free(cat, nsp, name, aoid))
    cat.enum_labels[oid] = [(cat.new_oid(), float(i + 1), lab) for i, lab in enumerate(labels)]
    cat.changed()
    return Result("CREATE TYPE")


def _enum_type(session, names) -> int:
    oid = lookup_type(session, names)
    t = session.db.cat.typeinfo(oid)
    if t is None or t.typtype != "e":
        raise PgError(WRONG_OBJECT_TYPE, f"{_fmt(session, oid)} is not an enum")
    return oid


def alter_enum(session, s: A.AlterEnumStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    oid = _enum_type(session, s.type_name)
    labels = cat.enum_labels.setdefault(oid, [])
    if s.old_val is not None:
        # RENAME VALUE
        idx = next((i for i, x in enumerate(labels) if x[2] == s.old_val), None)
        if idx is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'"{s.old_val}" is not an existing enum label')
        _check_label(s.new_val)
        if any(x[2] == s.new_val for x in labels):
            raise PgError(DUPLICATE_OBJECT, f'enum label "{s.new_val}" already exists')
        lab_oid, so, _ = labels[idx]
        labels[idx] = (lab_oid, so, s.new_val)
        cat.changed()
        return Result("ALTER TYPE")
    from pgref.types.enum import UNSAFE, add_label_order
    _check_label(s.new_val)
    if any(x[2] == s.new_val for x in labels):
        if s.skip_if_new_val_exists:
            _notice(session, f'enum label "{s.new_val}" already exists, skipping')
            return Result("ALTER TYPE")
        raise PgError(DUPLICATE_OBJECT, f'enum label "{s.new_val}" already exists')
    if s.new_val_neighbor is not None and not any(x[2] == s.new_val_neighbor for x in labels):
        raise PgError(INVALID_PARAMETER_VALUE, f'"{s.new_val_neighbor}" is not an existing enum label')
    order, existing = add_label_order(labels, s.new_val_neighbor, s.new_val_is_after)
    new_oid = cat.new_oid()
    cat.enum_labels[oid] = existing + [(new_oid, order, s.new_val)]
    # usable only once the adding transaction has committed (PostgreSQL's
    # uncommitted_enums); values made by CREATE TYPE are always safe
    xact = session.xact
    UNSAFE[new_oid] = lambda: session.xact is xact
    cat.changed()
    return Result("ALTER TYPE")


# ------------------------------------------------------------------ composite types
def _column_type(session, cd: A.ColumnDef) -> tuple[int, int]:
    from pgref.engine.ddl import resolve_type
    typ, typmod = resolve_type(session, cd.type_name)
    t = session.db.cat.typeinfo(typ)
    if t is not None and t.typtype == "p" and typ != T.RECORDOID:
        raise PgError(DATATYPE_MISMATCH, f'column "{cd.colname}" has pseudo-type {_fmt(session, typ)}')
    return typ, typmod


def create_composite(session, s: A.CompositeTypeStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    rv = s.typevar
    nsp, name = _creation(session, (rv.schemaname, rv.relname) if rv.schemaname else (rv.relname,))
    _check_new_name(session, nsp, name)
    if cat.relation_in(nsp, name) is not None:
        raise PgError("42P07", f'relation "{name}" already exists')
    attrs = []
    for cd in s.coldeflist:
        if any(a[0] == cd.colname for a in attrs):
            raise PgError("42701", f'column "{cd.colname}" specified more than once')
        typ, typmod = _column_type(session, cd)
        attrs.append((cd.colname, typ, typmod))
    aoid = cat.new_oid()
    oid = _shell_oid(cat, nsp, name) or cat.new_oid()
    relid = cat.new_oid()          # the pg_class row a composite type has (relkind 'c')
    row = TypeRow(oid, name, nsp, -1, False, "c", "C", False, ",", relid, 0, 0, "d", 0, -1, 0, 0)
    _add_type(session, row, TypeDef(oid, storage="x", attributes=attrs), array_oid=aoid)
    cat.user_types[aoid] = dataclasses.replace(cat.user_types[aoid], name=_array_name_free(cat, nsp, name, aoid),
                                               align="d")
    cat.changed()
    return Result("CREATE TYPE")


def alter_composite(session, s: A.AlterTableStmt, text: str) -> Result:
    """ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE of a standalone composite type."""
    session.before_ddl()
    cat = session.db.cat
    rv = s.relation
    oid = lookup_type(session, (rv.schemaname, rv.relname) if rv.schemaname else (rv.relname,))
    row = cat.user_types[oid] if oid in cat.user_types else None
    td = cat.type_defs.get(oid)
    if row is None or row.typtype != "c" or td is None or not td.attributes and row.relid in cat.relations:
        if row is not None and row.typtype == "c" and row.relid in cat.relations:
            raise PgError(WRONG_OBJECT_TYPE, f'"{row.name}" is a table',
                          hint="Use ALTER TABLE instead.")
        raise PgError(WRONG_OBJECT_TYPE, f'"{_fmt(session, oid)}" is not a composite type')
    for cmd in s.cmds:
        live = {a[0]: i for i, a in enumerate(td.attributes, 1) if i not in td.dropped_attributes}
        if cmd.subtype == "add_column":
            cd = cmd.def_
            if cd.colname in live:
                raise PgError("42701", f'column "{cd.colname}" of relation "{row.name}" already exists')
            typ, typmod = _column_type(session, cd)
            from pgref.engine import rangecmds
            rangecmds.check_not_member_of_itself(session, oid, typ)
            td.attributes.append((cd.colname, typ, typmod))
        elif cmd.subtype == "drop_column":
            if cmd.name not in live:
                if cmd.missing_ok:
                    _notice(session, f'column "{cmd.name}" of relation "{row.name}" does not exist, skipping')
                    continue
                raise PgError(UNDEFINED_COLUMN, f'column "{cmd.name}" of relation "{row.name}" does not exist')
            _refuse_if_used_in_tables(session, oid, "drop")
            td.dropped_attributes.append(live[cmd.name])
        elif cmd.subtype == "alter_column_type":
            if cmd.name not in live:
                raise PgError(UNDEFINED_COLUMN, f'column "{cmd.name}" of relation "{row.name}" does not exist')
            _refuse_if_used_in_tables(session, oid, "alter")
            typ, typmod = _column_type(session, cmd.def_)
            i = live[cmd.name]
            td.attributes[i - 1] = (cmd.name, typ, typmod)
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER TYPE {cmd.subtype} is not supported")
    cat.changed()
    return Result("ALTER TYPE")


def _refuse_if_used_in_tables(session, typoid: int, what: str) -> None:
    for rel, col in _columns_using(session.db.cat, {typoid}):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'cannot {what} attribute of type "{_fmt(session, typoid)}" because column '
                      f'"{rel.name}.{col.name}" uses it')


# ------------------------------------------------------------------ domains
def create_domain(session, s: A.CreateDomainStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    nsp, name = _creation(session, s.domainname)
    _check_new_name(session, nsp, name)
    from pgref.engine.ddl import resolve_type
    base, basemod = resolve_type(session, s.type_name)
    bt = cat.typeinfo(base)
    if bt is None or bt.typtype not in ("b", "c", "d", "e", "r", "m") or \
            (bt.typtype == "p") or not _is_defined(cat, base):
        raise PgError(DATATYPE_MISMATCH, f'"{_fmt(session, base)}" is not a valid base type for a domain')
    if s.coll_clause is not None and s.coll_clause.collname[-1] not in ("C", "POSIX", "default", "ucs_basic"):
        raise PgError(FEATURE_NOT_SUPPORTED, f'collation "{s.coll_clause.collname[-1]}" is not supported; '
                      'pgref compares strings in the "C" collation')
    aoid = cat.new_oid()
    oid = cat.new_oid()
    td = TypeDef(oid, typmod=basemod, storage="p")
    row = TypeRow(oid, name, nsp, bt.typlen, bt.typbyval, "d", bt.category, False, bt.delim, 0, 0, 0,
                  bt.align, base, basemod, bt.collation, 0)
    saw_null = saw_notnull = False
    pending_checks = []
    for con in s.constraints:
        k = con.contype
        if k == "not_null":
            if saw_null:
                raise PgError(SYNTAX_ERROR, "conflicting NULL/NOT NULL constraints")
            saw_notnull = True
            td.notnull = True
        elif k == "null":
            if saw_notnull:
                raise PgError(SYNTAX_ERROR, "conflicting NULL/NOT NULL constraints")
            saw_null = True
        elif k == "default":
            if td.default is not None:
                raise PgError(SYNTAX_ERROR, "multiple default expressions")
            td.default = con.raw_expr
        elif k == "check":
            if con.is_no_inherit:
                raise PgError(INVALID_OBJECT_DEFINITION, "check constraints for domains cannot be marked NO INHERIT")
            pending_checks.append(con)
        elif k in ("unique", "primary"):
            raise PgError(SYNTAX_ERROR, "unique constraints not possible for domains")
        elif k == "foreign":
            raise PgError(SYNTAX_ERROR, "foreign key constraints not possible for domains")
        elif k in ("exclusion",):
            raise PgError(SYNTAX_ERROR, "exclusion constraints not possible for domains")
        elif k.startswith("attr_"):
            raise PgError(FEATURE_NOT_SUPPORTED, "specifying constraint deferrability not supported for domains")
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, f"{k} constraints are not supported for domains")
    row = _add_type(session, row, td, array_oid=aoid)
    cat.user_types[aoid] = dataclasses.replace(cat.user_types[aoid], name=_array_name_free(cat, nsp, name, aoid))
    cat.changed()
    if td.default is not None:
        td.default_text = _analyze_domain_default(session, oid, td.default)
    for con in pending_checks:
        td.constraints.append(_make_domain_check(session, oid, name, con, td.constraints))
    cat.changed()
    return Result("CREATE DOMAIN")


def _analyze_domain_default(session, oid: int, raw) -> str:
    """Analyze a DEFAULT for the domain (coerced to it, no column
    references, no subqueries) and return its pg_type.typdefault text."""
    from pgref.analyzer import coerce as C
    from pgref.analyzer.expr import expr_location
    from pgref.analyzer.funcs import _walk
    from pgref.analyzer import nodes as N
    from pgref.analyzer.parse_state import ParseState
    ea = session.expr_analyzer()
    ps = ParseState()
    ps.agg_allowed = "DEFAULT expressions"
    e = ea.transform(ps, raw)
    for x in _walk([e]):
        if isinstance(x, N.Var):
            raise PgError("0A000", "cannot use column reference in DEFAULT expression")
        if isinstance(x, N.SubLink):
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in DEFAULT expression")
    ea.coerce(e, oid, -1, C.ASSIGNMENT, expr_location(raw))
    return _deparse(session, raw)


def _deparse(session, raw) -> str:
    from pgref.catalog.deparse import deparse_expr
    try:
        return deparse_expr(raw)
    except PgError:
        return ""


def _constraint_name_taken(cat, domoid: int, name: str) -> bool:
    td = cat.type_defs.get(domoid)
    return bool(td and any(c.name == name for c in td.constraints))


def _make_domain_check(session, domoid: int, domname: str, con: A.Constraint,
                       existing: list[DomainConstraint]) -> DomainConstraint:
    cat = session.db.cat
    if con.conname and any(c.name == con.conname for c in existing):
        raise PgError(DUPLICATE_OBJECT, f'constraint "{con.conname}" for domain "{domname}" already exists')
    name = con.conname
    if name is None:
        from pgref.engine.ddl import make_object_name
        base = make_object_name(domname, None, "check")
        name, n = base, 0
        taken = {c.name for c in existing}
        while name in taken:
            n += 1
            name = make_object_name(domname, None, f"check{n}")
    _analyze_domain_check(session, domoid, con.raw_expr)
    return DomainConstraint(cat.new_oid(), name, "c", con.raw_expr, _deparse(session, con.raw_expr),
                            validated=not con.skip_validation)


def _value_to_param(raw):
    """``VALUE`` in a domain CHECK is the value being checked: $1 here."""
    if isinstance(raw, A.ColumnRef) and len(raw.fields) == 1 and raw.fields[0] == "value":
        return A.ParamRef(number=1, location=raw.location)
    if isinstance(raw, A.Node):
        changes = {}
        for f in dataclasses.fields(raw):
            v = getattr(raw, f.name)
            nv = _value_to_param(v)
            if nv is not v:
                changes[f.name] = nv
        return dataclasses.replace(raw, **changes) if changes else raw
    if isinstance(raw, tuple):
        items = tuple(_value_to_param(x) for x in raw)
        return items if any(a is not b for a, b in zip(items, raw)) else raw
    return raw


def _analyze_domain_check(session_or_ea, domoid: int, raw, ea=None):
    """The CHECK expression as a boolean expression over $1 (VALUE) of the
    domain's base type."""
    from pgref.analyzer import nodes as N
    from pgref.analyzer.expr import ExprAnalyzer, expr_location
    from pgref.analyzer.funcs import _walk
    from pgref.analyzer.parse_state import ParseState
    if ea is None:
        ea = session_or_ea.expr_analyzer()
    cat = ea.cat
    row = cat.typeinfo(domoid)
    ea2 = ExprAnalyzer(cat, ea.search_path, ea.ioctx, [row.basetype])
    ps = ParseState()
    ps.agg_allowed = "check constraints"
    try:
        e = ea2.transform(ps, _value_to_param(raw))
    except PgError as err:
        if err.sqlstate == UNDEFINED_COLUMN:
            raise PgError(SYNTAX_ERROR, "cannot use table references in domain check constraint") from None
        raise
    e = ea2.coerce_to_boolean(e, "CHECK", expr_location(raw))
    for x in _walk([e]):
        if isinstance(x, N.SubLink):
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in check constraint")
        if isinstance(x, N.Aggref):
            raise PgError("42803", "aggregate functions are not allowed in check constraints")
    return e


# ------------------------------------------------------------------ domain checks at run time
_CHECK_CACHE: dict[tuple[int, int, int], list] = {}


def _domain_chain(cat, domoid: int) -> list[int]:
    out = []
    t = cat.typeinfo(domoid)
    oid = domoid
    while t is not None and t.typtype == "d":
        out.append(oid)
        oid = t.basetype
        t = cat.typeinfo(oid)
    return out


def domain_check(ctx, domoid: int):
    """check(value) for a domain: NOT NULL of any level first, then the
    CHECK constraints, innermost domain first, each level's by name
    (PostgreSQL's DomainConstraintCache order).  Errors name the domain
    being coerced to."""
    cat = getattr(ctx, "cat", None)
    session = getattr(ctx, "session", None)
    if cat is None and session is not None:
        cat = session.db.cat
    if cat is None:
        from pgref.catalog import typedefs
        cat = typedefs.last_synced()
    if cat is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "domain constraints cannot be checked without a catalog")
    key = (id(cat), cat.version, domoid)
    checks = _CHECK_CACHE.get(key)
    if checks is None:
        checks = _compile_checks(ctx, cat, session, domoid)
        if len(_CHECK_CACHE) > 512:
            _CHECK_CACHE.clear()
        _CHECK_CACHE[key] = checks
    name = cat.format_type(domoid)
    notnull = checks[0]
    items = checks[1:]

    def check(value):
        if value is None and notnull:
            raise PgError(NOT_NULL_VIOLATION, f"domain {name} does not allow null values")
        for cname, fn, params in items:
            params[0] = value
            if fn(()) is False:
                raise PgError(CHECK_VIOLATION, f'value for domain {name} violates check constraint "{cname}"')
    return check


def _compile_checks(ctx, cat, session, domoid: int) -> list:
    from pgref.analyzer.expr import ExprAnalyzer
    from pgref.executor.context import ExecContext
    from pgref.executor.expr import Layout, compile_expr
    from pgref.types.values import DEFAULT_SETTINGS
    chain = _domain_chain(cat, domoid)
    notnull = any(cat.type_defs.get(d) is not None and cat.type_defs[d].notnull for d in chain)
    out: list = [notnull]
    if session is not None:
        ea = session.expr_analyzer()
    else:
        ea = ExprAnalyzer(cat, [2200], None, [])
    for d in reversed(chain):
        td = cat.type_defs.get(d)
        if td is None:
            continue
        for con in sorted(td.constraints, key=lambda c: c.name):
            if con.kind != "c":
                continue
            e = _analyze_domain_check(None, d, con.check, ea=ea)
            params = [None]
            base = ctx if ctx is not None and hasattr(ctx, "settings") else None
            if base is not None and isinstance(base, ExecContext):
                ectx = dataclasses.replace(base, params=params)
            else:
                ectx = ExecContext(settings=getattr(ctx, "settings", None) or DEFAULT_SETTINGS, cat=cat,
                                   session=session, params=params)
            out.append((con.name, compile_expr(e, Layout(()), ectx), params))
    return out


# ------------------------------------------------------------------ ALTER DOMAIN
def _domain(session, names) -> int:
    oid = lookup_type(session, names)
    t = session.db.cat.typeinfo(oid)
    if t is None or t.typtype != "d":
        raise PgError(WRONG_OBJECT_TYPE, f'"{_fmt(session, oid)}" is not a domain')
    return oid


def _columns_using(cat, typoids: set[int]):
    """(relation, column) of every live table column whose type is one of
    ``typoids`` or an array of one."""
    arrays = {t.array for o in typoids if (t := cat.typeinfo(o)) is not None and t.array}
    for rel in cat.relations.values():
        for col in rel.columns:
            if not col.dropped and (col.typ in typoids or col.typ in arrays):
                yield rel, col


def _stored_values(session, rel, col):
    """The values of one column in every live row of a table."""
    if rel.kind != "r":
        return
    heap = session.db.heap(rel.oid)
    live = session.tuple_is_live
    for _tid, hdr, row in heap.scan():
        if live(hdr):
            yield row[col.attnum - 1] if col.attnum - 1 < len(row) else None


def alter_domain(session, s: A.AlterDomainStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    oid = _domain(session, s.type_name)
    row = cat.user_types[oid]
    td = cat.type_defs.setdefault(oid, TypeDef(oid))
    k = s.subtype
    if k == "T":
        if s.def_ is None:
            td.default, td.default_text = None, None
        else:
            td.default_text = _analyze_domain_default(session, oid, s.def_)
            td.default = s.def_
    elif k == "N":
        td.notnull = False
    elif k == "O":
        if not td.notnull:
            _refuse_if_in_containers(session, oid)
            for rel, col in _columns_using(cat, _domains_over(cat, oid)):
                if col.typ not in _domains_over(cat, oid):
                    continue
                if any(v is None for v in _stored_values(session, rel, col)):
                    raise PgError(NOT_NULL_VIOLATION,
                                  f'column "{col.name}" of table "{rel.name}" contains null values')
            td.notnull = True
    elif k == "C":
        con = s.def_
        if con.contype != "check":
            if con.contype == "not_null":
                raise PgError(SYNTAX_ERROR, "use ALTER DOMAIN .. SET NOT NULL instead")
            what = {"unique": "unique", "primary": "primary key", "foreign": "foreign key",
                    "exclusion": "exclusion"}.get(con.contype, con.contype)
            raise PgError(SYNTAX_ERROR, f"{what} constraints not possible for domains")
        dc = _make_domain_check(session, oid, row.name, con, td.constraints)
        if dc.validated:
            _refuse_if_in_containers(session, oid)
            _validate_existing(session, oid, dc)
        td.constraints.append(dc)
    elif k == "X":
        got = next((c for c in td.constraints if c.name == s.name), None)
        if got is None:
            if s.missing_ok:
                _notice(session, f'constraint "{s.name}" of domain "{row.name}" does not exist, skipping')
                return Result("ALTER DOMAIN")
            raise PgError(UNDEFINED_OBJECT, f'constraint "{s.name}" of domain "{row.name}" does not exist')
        td.constraints = [c for c in td.constraints if c is not got]
    elif k == "V":
        got = next((c for c in td.constraints if c.name == s.name), None)
        if got is None:
            raise PgError(UNDEFINED_OBJECT, f'constraint "{s.name}" of domain "{row.name}" does not exist')
        if not got.validated:
            _validate_existing(session, oid, got)
            got.validated = True
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER DOMAIN {k} is not supported")
    cat.changed()
    return Result("ALTER DOMAIN")


def _contains(cat, typ: int, doms: set[int], depth: int = 0) -> bool:
    """Does a value of ``typ`` hold values of one of ``doms`` inside it
    (as a composite attribute, an array element, or deeper)?"""
    if depth > 32:
        return False
    t = cat.typeinfo(typ)
    if t is None:
        return False
    if typ in doms and depth > 0:
        return True
    if t.category == "A" and t.elem:
        return _contains(cat, t.elem, doms, depth + 1)
    if t.typtype == "d":
        return _contains(cat, t.basetype, doms, depth + 1)
    if t.typtype == "c":
        cols = composite_columns(cat, typ) or []
        return any(_contains(cat, ct, doms, depth + 1) for _n, ct, _m in cols)
    if t.typtype in ("r", "m"):
        # a range's bounds are values of its subtype (a multirange: of its range)
        rd = cat.type_defs.get(typ)
        inner = (rd.range.get("subtype") or rd.range.get("of")) if rd is not None and rd.range else 0
        return bool(inner) and _contains(cat, inner, doms, depth + 1)
    return False


def _refuse_if_in_containers(session, domoid: int) -> None:
    """find_composite_type_dependencies: a domain whose values sit inside
    composite values stored in tables cannot get a new constraint (the
    stored values are not re-checked)."""
    cat = session.db.cat
    doms = _domains_over(cat, domoid)
    for rel in cat.relations.values():
        if rel.kind != "r":
            continue
        for col in rel.columns:
            if col.dropped or col.typ in doms:
                continue
            t = cat.typeinfo(col.typ)
            if t is not None and t.category == "A" and t.elem in doms:
                continue
            if _contains(cat, col.typ, doms):
                raise PgError(FEATURE_NOT_SUPPORTED, f'cannot alter type "{cat.user_types[domoid].name}" '
                              f'because column "{rel.name}.{col.name}" uses it')


def _domains_over(cat, oid: int) -> set[int]:
    """``oid`` and every domain built on it, at any depth."""
    out = {oid}
    changed = True
    while changed:
        changed = False
        for t in cat.user_types.values():
            if t.typtype == "d" and t.basetype in out and t.oid not in out:
                out.add(t.oid)
                changed = True
    return out


def _validate_existing(session, domoid: int, dc: DomainConstraint) -> None:
    """validateDomainConstraint: every stored value of the domain (or of a
    domain over it) must pass the new CHECK."""
    from pgref.executor.expr import Layout, compile_expr
    cat = session.db.cat
    e = _analyze_domain_check(session, domoid, dc.check)
    ectx = session.exec_context(params=[None])
    fn = compile_expr(e, Layout(()), ectx)
    doms = _domains_over(cat, domoid)
    for rel, col in _columns_using(cat, doms):
        if col.typ not in doms:
            continue
        for v in _stored_values(session, rel, col):
            ectx.params[0] = v
            if fn(()) is False:
                raise PgError(CHECK_VIOLATION,
                              f'column "{col.name}" of table "{rel.name}" contains values that violate the '
                              "new constraint")


# ------------------------------------------------------------------ shell and base types
def _defname_value(d: A.DefElem):
    a = d.arg
    if isinstance(a, A.TypeName):
        return ".".join(a.names)
    if isinstance(a, A.String):
        return a.sval
    if isinstance(a, (A.Integer, A.Float)):
        return a.ival if isinstance(a, A.Integer) else a.fval
    if isinstance(a, tuple):
        return ".".join(str(x) for x in a)
    return a


def define_type(session, s: A.DefineStmt, text: str) -> Result:
    if s.kind != "type":
        raise PgError(FEATURE_NOT_SUPPORTED, f"CREATE {s.kind.upper()} is not supported yet")
    session.before_ddl()
    cat = session.db.cat
    nsp, name = _creation(session, s.defnames)
    if s.definition is None:
        # a shell type (TypeShellMake): a placeholder the I/O functions can name
        _check_new_name(session, nsp, name)
        if _shell_oid(cat, nsp, name) is not None:
            raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists')
        oid = cat.new_oid()
        cat.user_types[oid] = TypeRow(oid, name, nsp, 4, True, "p", "P", False, ",", 0, 0, 0, "i", 0, -1, 0, 0)
        cat.type_defs[oid] = TypeDef(oid, isdefined=False)
        cat.changed()
        return Result("CREATE TYPE")
    return _define_base_type(session, nsp, name, s.definition)


_ALIGN = {"char": "c", "int2": "s", "int4": "i", "double": "d", "float8": "d", "pg_catalog.float8": "d",
          "integer": "i", "smallint": "s", "pg_catalog.int4": "i", "pg_catalog.int2": "s"}
_STORAGE = {"plain": "p", "external": "e", "extended": "x", "main": "m"}


def _define_base_type(session, nsp: int, name: str, definition) -> Result:
    cat = session.db.cat
    shell = _shell_oid(cat, nsp, name)
    if shell is None:
        _check_new_name(session, nsp, name)
        # PostgreSQL 15 no longer makes the shell implicitly
        raise PgError(UNDEFINED_OBJECT, f'type "{name}" does not exist',
                      hint="Create the type as a shell type, then create its I/O functions, then do a full "
                           "CREATE TYPE.")
    opts: dict[str, Any] = {}
    for d in definition:
        key = d.defname             # case matters: "Input" is not input
        if key in opts:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options",
                          position=d.location + 1 if d.location >= 0 else None)
        opts[key] = d
    known = {"input", "output", "receive", "send", "typmod_in", "typmod_out", "analyze", "analyse",
             "subscript", "internallength", "passedbyvalue", "alignment", "storage", "like", "category",
             "preferred", "default", "element", "delimiter", "collatable"}
    for key, d in list(opts.items()):
        if key not in known:
            session.notices.append(PgError("01000", f'type attribute "{key}" not recognized',
                                           severity="WARNING",
                                           position=d.location + 1 if d.location >= 0 else None))
            del opts[key]
    if "input" not in opts:
        raise PgError(INVALID_OBJECT_DEFINITION, "type input function must be specified")
    if "output" not in opts:
        raise PgError(INVALID_OBJECT_DEFINITION, "type output function must be specified")
    typlen, byval, align, storage, category, preferred = -1, False, "i", "p", "U", False
    like = 0
    if "like" in opts:
        like = lookup_type(session, _names(opts["like"].arg))
        lt = cat.typeinfo(like)
        from pgref.types.registry import TYPES
        li = TYPES.get(like)
        typlen, byval, align = lt.typlen, lt.typbyval, lt.align
        storage = li.typstorage if li is not None else "p"
    if "internallength" in opts:
        v = _defname_value(opts["internallength"])
        typlen = -1 if str(v).lower() == "variable" else int(v)
    if "passedbyvalue" in opts:
        byval = True
    if "alignment" in opts:
        a = str(_defname_value(opts["alignment"])).lower()
        if a not in _ALIGN:
            raise PgError(INVALID_PARAMETER_VALUE, f'alignment "{a}" not recognized')
        align = _ALIGN[a]
    if "storage" in opts:
        st = str(_defname_value(opts["storage"])).lower()
        if st not in _STORAGE:
            raise PgError(INVALID_PARAMETER_VALUE, f'storage "{st}" not recognized')
        storage = _STORAGE[st]
    if "category" in opts:
        category = str(_defname_value(opts["category"]))[:1]
    if "preferred" in opts:
        preferred = opts["preferred"].arg is None or str(_defname_value(opts["preferred"])).lower() in (
            "true", "on", "1", "t", "yes")
    delim = str(_defname_value(opts["delimiter"]))[:1] if "delimiter" in opts else ","
    elem = lookup_type(session, _names(opts["element"].arg)) if "element" in opts else 0
    if typlen > 0 and byval and typlen not in (1, 2, 4, 8):
        raise PgError(INVALID_OBJECT_DEFINITION, f"internal size {typlen} is invalid for passed-by-value type")
    if typlen == -1 and byval:
        raise PgError(INVALID_OBJECT_DEFINITION, "passed-by-value type cannot be variable-length")
    oid = shell or cat.new_oid()
    procs = {}
    for role, nargs in (("input", (1, 3)), ("output", (1,)), ("receive", (1, 3)), ("send", (1,)),
                        ("typmod_in", (1,)), ("typmod_out", (1,)), ("analyze", (1,))):
        if role in opts or (role == "analyze" and "analyse" in opts):
            d = opts.get(role) or opts["analyse"]
            procs[role] = _find_io_proc(session, role, _names(d.arg) if not isinstance(d.arg, A.String)
                                        else (d.arg.sval,), oid, nargs)
    td = TypeDef(oid, typinput=procs.get("input", 0), typoutput=procs.get("output", 0),
                 typreceive=procs.get("receive", 0), typsend=procs.get("send", 0),
                 typmodin=procs.get("typmod_in", 0), typmodout=procs.get("typmod_out", 0),
                 typanalyze=procs.get("analyze", 0), storage=storage, like=like)
    if "default" in opts:
        td.default_text = str(_defname_value(opts["default"]))
    # values are held (and stored) like those of the built-in type whose
    # input function this is: LANGUAGE internal AS 'int4in' makes int4-shaped
    # values, whatever LIKE says about length and alignment
    td.like = _builtin_type_with_input(cat, procs.get("input", 0)) or like
    row = TypeRow(oid, name, nsp, typlen, byval, "b", category, preferred, delim, 0, elem, 0, align, 0, -1, 0,
                  0)
    if shell is not None:
        cat.user_types.pop(shell, None)
    aoid = cat.new_oid()
    _add_type(session, row, td, array_oid=aoid)
    cat.user_types[aoid] = dataclasses.replace(cat.user_types[aoid], name=_array_name_free(cat, nsp, name, aoid))
    cat.changed()
    return Result("CREATE TYPE")


def _find_io_proc(session, role: str, names: tuple[str, ...], typoid: int, nargs: tuple[int, ...]) -> int:
    """findTypeInputFunction & co: the function named for a type I/O role."""
    cat = session.db.cat
    schema, name = _split(names)
    cands = [p for p in cat.procs_named(name, schema) if len(p.argtypes) in nargs]
    want_first = {"input": (T.CSTRINGOID,), "receive": (T.INTERNALOID,), "output": (typoid,),
                  "send": (typoid,), "typmod_in": (T.CSTRINGARRAYOID,), "typmod_out": (T.INT4OID,),
                  "analyze": (T.INTERNALOID,), "subscript": (T.INTERNALOID,)}[role]
    for p in cands:
        if tuple(p.argtypes[:1]) == want_first:
            if role == "input" and p.rettype != typoid:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f"type input function {'.'.join(names)} must return type {_fmt(session, typoid)}")
            if role == "output" and p.rettype != T.CSTRINGOID:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f"type output function {'.'.join(names)} must return type cstring")
            if role == "receive" and p.rettype != typoid:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f"type receive function {'.'.join(names)} must return type {_fmt(session, typoid)}")
            if role == "send" and p.rettype != T.BYTEAOID:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f"type send function {'.'.join(names)} must return type bytea")
            return p.oid
    sig = {"input": "cstring", "receive": "internal", "output": _fmt(session, typoid),
           "send": _fmt(session, typoid), "typmod_in": "cstring[]", "typmod_out": "integer",
           "analyze": "internal", "subscript": "internal"}[role]
    raise PgError("42883", f"function {'.'.join(names)}({sig}) does not exist")


def _builtin_type_with_input(cat, procoid: int) -> int:
    """The built-in type whose typinput has the same C function (prosrc)."""
    from pgref.types import registry
    try:
        src = cat.proc(procoid).prosrc
    except PgError:
        return 0
    for t in registry.TYPES.values():
        if t.oid < 16384 and t.typinput and t.typtype == "b":
            try:
                if registry.proc_src(t.typinput) == src:
                    return t.oid
            except PgError:
                continue
    return 0


_SET_OPTIONS = {"storage", "receive", "send", "typmod_in", "typmod_out", "analyze", "analyse", "subscript"}


def alter_type_set(session, s: A.AlterTypeStmt, text: str) -> Result:
    """ALTER TYPE name SET (...) (AlterType): storage and the optional
    support functions of a base type; array types follow their element,
    domains over it follow for storage."""
    session.before_ddl()
    cat = session.db.cat
    oid = lookup_type(session, s.type_name)
    row = cat.user_types.get(oid)
    td = cat.type_defs.get(oid)
    if row is not None and row.typtype == "p" and td is not None and not td.isdefined:
        raise PgError(UNDEFINED_OBJECT, f'type "{row.name}" is only a shell')
    if row is None or row.typtype != "b" or td is None or (row.category == "A" and row.elem):
        raise PgError(WRONG_OBJECT_TYPE, f"{_fmt(session, oid)} is not a base type")
    changes: dict[str, Any] = {}
    for d in s.options:
        key = d.defname
        if key not in _SET_OPTIONS:
            raise PgError(SYNTAX_ERROR, f'type attribute "{key}" not recognized')
        none = isinstance(d.arg, A.String) and d.arg.sval.lower() == "none"
        if key == "storage":
            st = str(_defname_value(d)).lower()
            if st not in _STORAGE:
                raise PgError(INVALID_PARAMETER_VALUE, f'storage "{st}" not recognized')
            if _STORAGE[st] == "p" and td.storage != "p":
                raise PgError(INVALID_PARAMETER_VALUE, "cannot change type's storage to PLAIN")
            if row.typlen != -1 and _STORAGE[st] != "p":
                raise PgError(INVALID_PARAMETER_VALUE, "fixed-size types must have storage PLAIN")
            changes["storage"] = _STORAGE[st]
            continue
        role = {"analyse": "analyze"}.get(key, key)
        if none:
            changes[role] = 0
            continue
        names = _names(d.arg) if not isinstance(d.arg, A.String) else (d.arg.sval,)
        nargs = {"receive": (1, 3), "send": (1,), "typmod_in": (1,), "typmod_out": (1,), "analyze": (1,),
                 "subscript": (1,)}[role]
        changes[role] = _find_io_proc(session, role, names, oid, nargs)
    attr = {"receive": "typreceive", "send": "typsend", "typmod_in": "typmodin", "typmod_out": "typmodout",
            "analyze": "typanalyze", "subscript": "typsubscript"}
    for role, v in changes.items():
        if role == "storage":
            td.storage = v
            for t in cat.user_types.values():           # domains over it share its storage
                if t.typtype == "d" and t.basetype == oid and t.oid in cat.type_defs:
                    cat.type_defs[t.oid].storage = v
        elif role == "subscript":
            td.subscript = v
        else:
            setattr(td, attr[role], v)
    cat.changed()
    return Result("ALTER TYPE")


def create_range(session, s: A.CreateRangeStmt, text: str) -> Result:
    from pgref.engine import rangecmds
    return rangecmds.create_range(session, s, text)


# ------------------------------------------------------------------ DROP TYPE / DOMAIN
def _dependents(session, oid: int) -> list[tuple[str, Any]]:
    """What depends on type ``oid`` (findDependentObjects, for types):
    table columns, composite-type attributes and domains using it or its
    array type."""
    cat = session.db.cat
    row = cat.user_types.get(oid)
    related = {oid}
    if row is not None and row.array:
        related.add(row.array)
    from pgref.engine import rangecmds          # a range type's own multirange and constructors
    owned_types, owned_procs = rangecmds.internal_objects(cat, oid)
    related.update(owned_types)
    internal = set(owned_procs) | set(owned_types) | rangecmds.constructor_oids(cat)
    out: list[tuple[tuple, str, Any]] = []      # (report order key, kind, object)
    for t in cat.user_types.values():            # range types over this type
        rd = cat.type_defs.get(t.oid)
        if t.typtype == "r" and rd is not None and rd.range and rd.range.get("subtype") in related:
            out.append(((t.oid, 0), "domain", t))
    for t in cat.user_types.values():
        if t.typtype == "d" and t.basetype in related and t.oid != oid:
            out.append(((t.oid, 0), "domain", t))
    for t in cat.user_types.values():
        td = cat.type_defs.get(t.oid)
        if t.typtype == "c" and td is not None and td.attributes and t.oid != oid:
            for i, (aname, atyp, _m) in enumerate(td.attributes, 1):
                if i not in td.dropped_attributes and atyp in related:
                    out.append(((t.oid, -i), "attribute", (t, aname)))
    for rel in cat.relations.values():
        if rel.rowtype == oid:
            continue
        for col in rel.columns:
            if not col.dropped and col.typ in related:
                out.append(((rel.oid, -col.attnum), "column", (rel, col)))
    for p in getattr(cat, "user_procs", {}).values():
        if p.oid in internal:
            continue
        if p.rettype in related or any(a in related for a in p.argtypes) or \
                any(a in related for a in (p.allargtypes or ())):
            out.append(((p.oid, 0), "function", p))
    for c in getattr(cat, "user_casts", {}).values():
        if (c.source in related or c.target in related) and c.func not in internal:
            out.append(((c.oid, 0), "cast", c))
    # reported in creation order, several columns of one table last-first
    # (as PostgreSQL's pg_depend scan and reportDependentObjects come out)
    out.sort(key=lambda x: x[0])
    return [(k, o) for _key, k, o in out]


def _describe(session, kind: str, obj) -> str:
    if kind == "domain":
        return f"type {_fmt(session, obj.oid)}"
    if kind == "function":
        return f"function {_proc_signature(session, obj)}"
    if kind == "cast":
        return f"cast from {_fmt(session, obj.source)} to {_fmt(session, obj.target)}"
    if kind == "attribute":
        t, aname = obj
        return f"column {aname} of composite type {_fmt(session, t.oid)}"
    rel, col = obj
    what = {"r": "table", "v": "view", "S": "sequence"}.get(rel.kind, "table")
    return f"column {col.name} of {what} {rel.name}"


def _proc_signature(session, p) -> str:
    """name(argtypes) as getObjectDescription prints a function."""
    from pgref.types.registry import quote_identifier
    cat = session.db.cat
    nsp = "" if p.namespace in session.search_path() or p.namespace == 11 else \
        quote_identifier(cat.namespace_name(p.namespace)) + "."
    return f"{nsp}{quote_identifier(p.name)}({','.join(_fmt(session, a) for a in p.argtypes)})"


def _remove_type(session, oid: int) -> None:
    cat = session.db.cat
    from pgref.engine import rangecmds          # a range type takes its multirange and constructors along
    owned_types, owned_procs = rangecmds.internal_objects(cat, oid)
    for p in owned_procs:
        cat.user_procs.pop(p, None)
    if owned_types:
        cat.user_casts.pop((oid, owned_types[0]), None)
    for t in owned_types:
        cat.user_types.pop(t, None)
        cat.type_defs.pop(t, None)
    row = cat.user_types.pop(oid, None)
    if row is not None and row.array and row.array in cat.user_types:
        cat.user_types.pop(row.array, None)
        cat.type_defs.pop(row.array, None)
    cat.type_defs.pop(oid, None)
    cat.enum_labels.pop(oid, None)


def drop_types(session, s: A.DropStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    is_domain = s.remove_type == "domain"
    tag = "DROP DOMAIN" if is_domain else "DROP TYPE"
    for obj in s.objects:
        names = _names(obj)
        oid = lookup_type(session, names, missing_ok=True)
        if oid is None:
            if s.missing_ok:
                _notice(session, f'type "{_qualname(names)}" does not exist, skipping')
                continue
            schema, _n = _split(names)
            if schema is not None and cat.namespace_oid(schema) is None:
                raise PgError("3F000", f'schema "{schema}" does not exist')
            raise PgError(UNDEFINED_OBJECT, f'type "{_qualname(names)}" does not exist')
        row = cat.typeinfo(oid)
        if oid not in cat.user_types:
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {_fmt(session, oid)} because it is required by the database system")
        if is_domain and row.typtype != "d":
            raise PgError(WRONG_OBJECT_TYPE, f'"{_fmt(session, oid)}" is not a domain')
        from pgref.engine import rangecmds
        if rangecmds.owner_range(cat, oid):
            rng_name = _fmt(session, rangecmds.owner_range(cat, oid))
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {_fmt(session, oid)} because type {rng_name} requires it",
                          hint=f"You can drop type {rng_name} instead.")
        if row.category == "A" and row.elem:
            elem_name = _fmt(session, row.elem)
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {_fmt(session, oid)} because type {elem_name} requires it",
                          hint=f"You can drop type {elem_name} instead.")
        if row.typtype == "c" and row.relid in cat.relations:
            rel = cat.relations[row.relid]
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {_fmt(session, oid)} because table {rel.name} requires it",
                          hint=f"You can drop table {rel.name} instead.")
        name = _fmt(session, oid)
        deps = _all_dependents(session, oid)
        if deps and s.behavior != "cascade":
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {name} because other objects depend on it",
                          detail="\n".join(f"{_describe(session, k, o)} depends on {by}" for k, o, by in deps),
                          hint="Use DROP ... CASCADE to drop the dependent objects too.")
        if deps:
            lines = [_describe(session, k, o) for k, o, _by in deps]
            if len(lines) == 1:
                _notice(session, f"drop cascades to {lines[0]}")
            else:
                _notice(session, f"drop cascades to {len(lines)} other objects",
                        detail="\n".join(f"drop cascades to {ln}" for ln in lines))
            for k, o, _by in deps:
                if k == "column":
                    rel, col = o
                    _drop_column(session, rel, col)
                elif k == "attribute":
                    t, aname = o
                    td = cat.type_defs[t.oid]
                    for i, a in enumerate(td.attributes, 1):
                        if a[0] == aname and i not in td.dropped_attributes:
                            td.dropped_attributes.append(i)
                elif k == "domain":
                    _remove_type(session, o.oid)
                elif k == "function":
                    cat.user_procs.pop(o.oid, None)
                elif k == "cast":
                    cat.user_casts.pop((o.source, o.target), None)
        _remove_type(session, oid)
        cat.changed()
    return Result(tag)


def _all_dependents(session, oid: int) -> list[tuple[str, Any, str]]:
    """Dependents of ``oid`` and, through domains, theirs, depth first (a
    domain, then what depends on it): (kind, object, 'type X' it depends on)."""
    out: list[tuple[str, Any, str]] = []
    seen: set = set()

    def visit(cur: int) -> None:
        by = f"type {_fmt(session, cur)}"
        for k, o in _dependents(session, cur):
            key = (k, o.oid) if k in ("domain", "function", "cast") else \
                (k, id(o[0]), o[1] if k == "attribute" else o[1].attnum)
            if key in seen:
                continue
            seen.add(key)
            out.append((k, o, by))
            if k == "domain":
                visit(o.oid)
    visit(oid)
    return out


def _drop_rowtype_dependents(session, s: A.DropStmt) -> None:
    """DROP TABLE: columns (and domains, functions ...) of the table's row
    type elsewhere depend on the table -- refuse, or drop them first with
    CASCADE (the rest of DROP TABLE is ddl.py's)."""
    cat = session.db.cat
    for obj in s.objects:
        names = list(obj) if isinstance(obj, tuple) else [obj]
        rel = cat.lookup_relation(names[-2] if len(names) > 1 else None, names[-1], session.search_path())
        if rel is None or rel.kind != "r" or not rel.rowtype or getattr(rel, "system", False):
            continue
        deps = [d for d in _all_dependents(session, rel.rowtype)
                if not (d[0] == "column" and d[1][0].oid == rel.oid)]
        if not deps:
            continue
        if s.behavior != "cascade":
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop table {rel.name} because other objects depend on it",
                          detail="\n".join(f"{_describe(session, k, o)} depends on {by}" for k, o, by in deps),
                          hint="Use DROP ... CASCADE to drop the dependent objects too.")
        session.before_ddl()
        lines = [_describe(session, k, o) for k, o, _by in deps]
        if len(lines) == 1:
            _notice(session, f"drop cascades to {lines[0]}")
        else:
            _notice(session, f"drop cascades to {len(lines)} other objects",
                    detail="\n".join(f"drop cascades to {ln}" for ln in lines))
        for k, o, _by in deps:
            if k == "column":
                _drop_column(session, *o)
            elif k == "attribute":
                t, aname = o
                td = cat.type_defs[t.oid]
                td.dropped_attributes.extend(i for i, a in enumerate(td.attributes, 1)
                                             if a[0] == aname and i not in td.dropped_attributes)
            elif k == "domain":
                _remove_type(session, o.oid)
            elif k == "function":
                cat.user_procs.pop(o.oid, None)
            elif k == "cast":
                cat.user_casts.pop((o.source, o.target), None)
        cat.changed()


def _drop_column(session, rel, col) -> None:
    """Drop a table column whose type is being dropped (INV-CAT-2: the
    column stays, flagged dropped; indexes and constraints on it go)."""
    col.dropped = True
    col.name = f"........pg.dropped.{col.attnum}........"
    rel.indexes = [i for i in rel.indexes if col.attnum not in i.columns]
    for idx in [i for i in rel.indexes if col.attnum in i.columns]:
        session.note_dropped_file(idx.relfilenode)
    rel.constraints = [c for c in rel.constraints if col.attnum not in c.columns]


# ------------------------------------------------------------------ RENAME / SET SCHEMA / OWNER
def rename_type(session, s: A.RenameStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    if s.rename_type == "domconstraint":
        oid = _domain(session, s.object)
        td = cat.type_defs.setdefault(oid, TypeDef(oid))
        got = next((c for c in td.constraints if c.name == s.subname), None)
        if got is None:
            raise PgError(UNDEFINED_OBJECT, f'constraint "{s.subname}" for domain "{cat.user_types[oid].name}" '
                          "does not exist")
        if any(c.name == s.newname for c in td.constraints):
            raise PgError(DUPLICATE_OBJECT, f'constraint "{s.newname}" for domain '
                          f'"{cat.user_types[oid].name}" already exists')
        got.name = s.newname
        cat.changed()
        return Result("ALTER DOMAIN")
    if s.rename_type == "attribute":
        oid = lookup_type(session, s.object)
        td = cat.type_defs.get(oid)
        row = cat.user_types.get(oid)
        if row is None or row.typtype != "c" or td is None:
            raise PgError(WRONG_OBJECT_TYPE, f'"{_fmt(session, oid)}" is not a composite type')
        live = {a[0]: i for i, a in enumerate(td.attributes, 1) if i not in td.dropped_attributes}
        if s.subname not in live:
            raise PgError(UNDEFINED_COLUMN, f'column "{s.subname}" does not exist')
        if s.newname in live:
            raise PgError("42701", f'column "{s.newname}" of relation "{row.name}" already exists')
        i = live[s.subname]
        _n, t, m = td.attributes[i - 1]
        td.attributes[i - 1] = (s.newname, t, m)
        cat.changed()
        return Result("ALTER TYPE")
    oid = lookup_type(session, s.object) if s.rename_type == "type" else _domain(session, s.object)
    row = cat.user_types.get(oid)
    if row is None:
        raise PgError("42501", f"permission denied: \"{_fmt(session, oid)}\" is a system type")
    if row.category == "A" and row.elem:
        raise PgError(WRONG_OBJECT_TYPE, f"cannot alter array type {_fmt(session, oid)}",
                      hint=f"You can alter type {_fmt(session, row.elem)}, which will alter the array type as well.")
    if row.typtype == "c" and row.relid in cat.relations:
        rel = cat.relations[row.relid]
        raise PgError(WRONG_OBJECT_TYPE, f"{_fmt(session, oid)} is a table's row type",
                      hint="Use ALTER TABLE instead.") if rel.kind == "r" else PgError(
            WRONG_OBJECT_TYPE, f"{_fmt(session, oid)} is a table's row type")
    if any(t.namespace == row.namespace and t.name == s.newname for t in cat.user_types.values()):
        raise PgError(DUPLICATE_OBJECT, f'type "{s.newname}" already exists')
    cat.user_types[oid] = dataclasses.replace(row, name=s.newname)
    if row.array in cat.user_types:
        cat.user_types[row.array] = dataclasses.replace(cat.user_types[row.array],
                                                        name=_array_name_free(cat, row.namespace, s.newname,
                                                                                  row.array))
    cat.changed()
    return Result("ALTER DOMAIN" if s.rename_type == "domain" else "ALTER TYPE")


def alter_type_schema(session, s: A.AlterObjectSchemaStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    oid = lookup_type(session, s.object) if s.object_type == "type" else _domain(session, s.object)
    row = cat.user_types.get(oid)
    nsp = cat.namespace_oid(s.newschema)
    if nsp is None:
        raise PgError("3F000", f'schema "{s.newschema}" does not exist')
    if row is None:
        raise PgError("42501", f"permission denied: \"{_fmt(session, oid)}\" is a system type")
    if any(t.namespace == nsp and t.name == row.name for t in cat.user_types.values()):
        raise PgError(DUPLICATE_OBJECT, f'type "{row.name}" already exists in schema "{s.newschema}"')
    cat.user_types[oid] = dataclasses.replace(row, namespace=nsp)
    if row.array in cat.user_types:
        cat.user_types[row.array] = dataclasses.replace(cat.user_types[row.array], namespace=nsp)
    cat.changed()
    return Result("ALTER DOMAIN" if s.object_type == "domain" else "ALTER TYPE")


def alter_type_owner(session, s, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    oid = lookup_type(session, s.object) if s.object_type == "type" else _domain(session, s.object)
    role = getattr(s.newowner, "rolename", None) or "postgres"
    owner = _role_oid(session, role)
    td = cat.type_defs.setdefault(oid, TypeDef(oid))
    td.owner = owner
    cat.changed()
    return Result("ALTER DOMAIN" if s.object_type == "domain" else "ALTER TYPE")


def _role_oid(session, name: str) -> int:
    if name in ("postgres", "current_user", "session_user", "current_role"):
        return 10
    roles = getattr(session.db, "roles", None)
    if isinstance(roles, dict):
        for oid, r in roles.items():
            if getattr(r, "name", None) == name:
                return oid
    raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')


# ------------------------------------------------------------------ CREATE / DROP CAST
def create_cast(session, s: A.CreateCastStmt, text: str) -> Result:
    """CreateCast: a pg_cast row; WITHOUT FUNCTION requires physically
    compatible types, WITH FUNCTION a function from the source (or a type
    binary-coercible to it) returning the target."""
    from pgref.catalog.typedefs import UserCast
    from pgref.engine.ddl import resolve_type
    session.before_ddl()
    cat = session.db.cat
    src, _m = resolve_type(session, s.sourcetype)
    dst, _m = resolve_type(session, s.targettype)
    if src == dst and s.func is None:
        raise PgError(INVALID_OBJECT_DEFINITION, "source data type and target data type are the same")
    func, method = 0, "b"
    if s.inout:
        method = "i"
    elif s.func is not None:
        p = _find_cast_function(session, s.func)
        func, method = p.oid, "f"
        if not 1 <= len(p.argtypes) <= 3:
            raise PgError(INVALID_OBJECT_DEFINITION, "cast function must take one to three arguments")
        if p.rettype != dst:
            raise PgError(INVALID_OBJECT_DEFINITION,
                          "return data type of cast function must match or be binary-coercible to target data type")
        if p.retset:
            raise PgError(INVALID_OBJECT_DEFINITION, "cast function must not return a set")
    else:
        a, b = cat.typeinfo(src), cat.typeinfo(dst)
        if a is None or b is None or a.typlen != b.typlen or a.typbyval != b.typbyval or a.align != b.align:
            raise PgError(INVALID_OBJECT_DEFINITION, "source and target data types are not physically compatible")
        if a.typtype == "c" or b.typtype == "c":
            raise PgError(INVALID_OBJECT_DEFINITION, "composite data types are not binary-compatible")
    from pgref.catalog import builtin
    if (src, dst) in cat.user_casts or (src, dst) in builtin.casts():
        raise PgError(DUPLICATE_OBJECT, f"cast from type {_fmt(session, src)} to type {_fmt(session, dst)} "
                      "already exists")
    cat.user_casts[(src, dst)] = UserCast(cat.new_oid(), src, dst, func, s.context, method)
    cat.changed()
    return Result("CREATE CAST")


def _find_cast_function(session, owa):
    """The function named by ``f(args)`` in CREATE CAST ... WITH FUNCTION."""
    from pgref.engine.ddl import resolve_type
    cat = session.db.cat
    names = tuple(owa.objname)
    schema, name = _split(names)
    argtypes = tuple(resolve_type(session, t)[0] for t in (owa.objargs or ()))
    for p in cat.procs_named(name, schema):
        if tuple(p.argtypes) == argtypes:
            return p
    raise PgError("42883", f"function {'.'.join(names)}({', '.join(_fmt(session, t) for t in argtypes)}) "
                  "does not exist")


def drop_cast(session, s: A.DropCastStmt, text: str) -> Result:
    from pgref.engine.ddl import resolve_type
    session.before_ddl()
    cat = session.db.cat
    src, _m = resolve_type(session, s.sourcetype)
    dst, _m = resolve_type(session, s.targettype)
    if (src, dst) not in cat.user_casts:
        from pgref.catalog import builtin
        if (src, dst) in builtin.casts():
            raise PgError("2BP01", f"cannot drop cast from {_fmt(session, src)} to {_fmt(session, dst)} because "
                          "it is required by the database system")
        if s.missing_ok:
            _notice(session, f"cast from type {_fmt(session, src)} to type {_fmt(session, dst)} does not exist, "
                             "skipping")
            return Result("DROP CAST")
        raise PgError(UNDEFINED_OBJECT, f"cast from type {_fmt(session, src)} to type {_fmt(session, dst)} "
                      "does not exist")
    del cat.user_casts[(src, dst)]
    cat.changed()
    return Result("DROP CAST")


# ------------------------------------------------------------------ COMMENT
def _composite_column_target(session, s) -> bool:
    """COMMENT ON COLUMN x.y where x names a standalone composite type."""
    names = list(s.object)
    if len(names) < 2:
        return False
    schema = names[-3] if len(names) > 2 else None
    cat = session.db.cat
    if cat.lookup_relation(schema, names[-2], session.search_path()) is not None:
        return False
    oid = lookup_type(session, tuple(names[:-1]), missing_ok=True)
    row = cat.user_types.get(oid) if oid else None
    return bool(row and row.typtype == "c" and oid in cat.type_defs and cat.type_defs[oid].attributes)


def comment_on_type(session, s, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    if s.objtype == "column":
        names = tuple(s.object)
        oid = lookup_type(session, names[:-1])
        td = cat.type_defs[oid]
        live = {a[0]: i for i, a in enumerate(td.attributes, 1) if i not in td.dropped_attributes}
        if names[-1] not in live:
            raise PgError(UNDEFINED_COLUMN, f'column "{names[-1]}" of relation "{cat.user_types[oid].name}" '
                          "does not exist")
        if s.comment is None:
            td.attribute_comments.pop(live[names[-1]], None)
        else:
            td.attribute_comments[live[names[-1]]] = s.comment
    else:
        oid = lookup_type(session, s.object) if s.objtype == "type" else _domain(session, s.object)
        if oid not in cat.user_types:
            raise PgError("42501", f"must be owner of type {_fmt(session, oid)}")
        td = cat.type_defs.setdefault(oid, TypeDef(oid))
        td.comment = s.comment
    cat.changed()
    return Result("COMMENT")


# ------------------------------------------------------------------ dispatch
HANDLERS = {
    A.CreateEnumStmt: create_enum,
    A.AlterEnumStmt: alter_enum,
    A.CompositeTypeStmt: create_composite,
    A.CreateDomainStmt: create_domain,
    A.AlterDomainStmt: alter_domain,
    A.DefineStmt: define_type,
    A.CreateRangeStmt: create_range,
    A.AlterTypeStmt: alter_type_set,
    A.CreateCastStmt: create_cast,
    A.DropCastStmt: drop_cast,
}


def install(handlers: dict) -> None:
    """Add the type statements to the DDL dispatch table, routing the
    type/domain forms of shared statements (DROP, RENAME, SET SCHEMA,
    OWNER TO, ALTER TYPE ... ATTRIBUTE) here and the rest to their
    previous handlers."""
    handlers.update(HANDLERS)
    prev_drop = handlers.get(A.DropStmt)
    prev_rename = handlers.get(A.RenameStmt)
    prev_schema = handlers.get(A.AlterObjectSchemaStmt)
    prev_owner = handlers.get(A.AlterOwnerStmt)
    prev_alter = handlers.get(A.AlterTableStmt)

    def _drop(session, s, text):
        if s.remove_type in ("type", "domain"):
            return drop_types(session, s, text)
        if s.remove_type == "table":
            _drop_rowtype_dependents(session, s)
        return prev_drop(session, s, text)

    def _rename(session, s, text):
        if s.rename_type in ("type", "domain", "domconstraint", "attribute") and \
                (s.rename_type != "attribute" or s.relation_type == "type"):
            return rename_type(session, s, text)
        return prev_rename(session, s, text)

    def _schema(session, s, text):
        if s.object_type in ("type", "domain"):
            return alter_type_schema(session, s, text)
        return prev_schema(session, s, text)

    def _owner(session, s, text):
        if s.object_type in ("type", "domain"):
            return alter_type_owner(session, s, text)
        if prev_owner is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "ALTER ... OWNER TO is not supported yet")
        return prev_owner(session, s, text)

    def _alter(session, s, text):
        if s.objtype == "type":
            return alter_composite(session, s, text)
        return prev_alter(session, s, text)

    prev_comment = handlers.get(A.CommentStmt)

    def _comment(session, s, text):
        if s.objtype in ("type", "domain") or (s.objtype == "column" and _composite_column_target(session, s)):
            return comment_on_type(session, s, text)
        return prev_comment(session, s, text)

    prev_create = handlers.get(A.CreateStmt)

    def _create_table(session, s, text):
        # a table's row type takes its name: an existing type of that name
        # (other than an array type) is a conflict (heap_create_with_catalog)
        rv = s.relation
        if rv is not None and rv.relpersistence != "t":
            cat = session.db.cat
            nsp = cat.namespace_oid(rv.schemaname) if rv.schemaname else None
            if nsp is None and rv.schemaname is None:
                try:
                    nsp = session.creation_namespace(None)
                except PgError:
                    nsp = None
            clash = nsp is not None and cat.relation_in(nsp, rv.relname) is None and any(
                t.namespace == nsp and t.name == rv.relname and not (t.category == "A" and t.elem)
                for t in cat.user_types.values())
            if clash:
                raise PgError(DUPLICATE_OBJECT, f'type "{rv.relname}" already exists',
                              hint="A relation has an associated type of the same name, so you must use a name "
                                   "that doesn't conflict with any existing type.")
        return prev_create(session, s, text)

    handlers[A.DropStmt] = _drop
    if prev_create is not None:
        handlers[A.CreateStmt] = _create_table
    if prev_comment is not None:
        handlers[A.CommentStmt] = _comment
    if prev_rename is not None:
        handlers[A.RenameStmt] = _rename
    if prev_schema is not None:
        handlers[A.AlterObjectSchemaStmt] = _schema
    handlers[A.AlterOwnerStmt] = _owner
    if prev_alter is not None:
        handlers[A.AlterTableStmt] = _alter


def _install_checker() -> None:
    from pgref.types import domain
    domain.set_checker(domain_check)


_install_checker()

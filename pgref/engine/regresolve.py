"""Name lookup for the reg* types (regclass, regtype ...) against the
catalog of the session that is running (spec/04-catalog.md, "OID alias
types").

Where it sits: ``engine/``.  ``types/io/reg.py`` cannot see the catalog (it
sits below it), so it asks resolvers installed here; they find the current
session through a context variable set for the duration of each statement.
"""
from __future__ import annotations

import contextvars

from pgref.errors import UNDEFINED_OBJECT, UNDEFINED_TABLE, PgError

current_session: contextvars.ContextVar = contextvars.ContextVar("pgref_session", default=None)


def split_qualified(text: str) -> list[str]:
    """'a."B".c' -> ['a', 'B', 'c'] with PostgreSQL's identifier rules."""
    parts, cur, i, quoted = [], [], 0, False
    s = text.strip()
    while i < len(s):
        ch = s[i]
        if quoted:
            if ch == '"':
                if i + 1 < len(s) and s[i + 1] == '"':
                    cur.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                cur.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ".":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch.lower() if "A" <= ch <= "Z" else ch)
        i += 1
    parts.append("".join(cur).strip() if not quoted else "".join(cur))
    return parts


def _fallback(kind: str, which: int):
    """Outside any session (types used on their own) the built-in rows answer."""
    from pgref.types.io.reg import _FALLBACKS
    pair = _FALLBACKS.get(kind)
    return pair[which] if pair else None


def _type_name_of(text: str):
    """The TypeName a string denotes, parsed by the SQL grammar."""
    from pgref.sql import ast as A
    from pgref.sql.parser import parse_one
    try:
        stmt = parse_one(f"SELECT NULL::{text}")
        tc = stmt.target_list[0].val
        if len(stmt.target_list) != 1 or not isinstance(tc, A.TypeCast) or stmt.from_clause:
            raise PgError("42601", f'invalid type name "{text}"')
    except PgError:
        raise PgError("42601", f'invalid type name "{text}"') from None
    return tc.type_name


def _regclass_in(text: str) -> int:
    s = current_session.get()
    if s is None:
        from pgref.errors import FEATURE_NOT_SUPPORTED
        raise PgError(FEATURE_NOT_SUPPORTED, "regclass name lookup is not available without the catalog")
    parts = split_qualified(text)
    schema, name = (parts[-2], parts[-1]) if len(parts) > 1 else (None, parts[-1])
    rel = s.db.cat.lookup_relation(schema, name, s.search_path())
    if rel is None:
        # an index: found in the first schema of the path that has it
        spaces = [s.db.cat.namespace_oid(schema)] if schema is not None else s.search_path()
        for nsp in spaces:
            for r in s.db.cat.relations.values():
                if r.namespace == nsp:
                    for idx in r.indexes:
                        if idx.name == name:
                            return idx.oid
        raise PgError(UNDEFINED_TABLE, f'relation "{text}" does not exist')
    return rel.oid


def _regclass_out(oid: int) -> str | None:
    s = current_session.get()
    if s is None:
        from pgref.errors import FEATURE_NOT_SUPPORTED
        raise PgError(FEATURE_NOT_SUPPORTED, "regclass name lookup is not available without the catalog")
    rel = s.db.cat.relations.get(oid)
    if rel is None:
        from pgref.catalog.sysrels import system_relations
        rel = system_relations().get(oid)      # pg_class, information_schema.tables ...
    if rel is None:
        return _index_name(s, oid)
    from pgref.types.registry import quote_identifier
    visible = s.db.cat.lookup_relation(None, rel.name, s.search_path())
    if visible is not None and visible.oid == oid:
        return quote_identifier(rel.name)
    return quote_identifier(s.db.cat.namespace_name(rel.namespace)) + "." + quote_identifier(rel.name)


def _index_name(s, oid: int) -> str | None:
    """regclass output of an index: its name, schema-qualified when its
    schema is not in the search path."""
    from pgref.types.registry import quote_identifier
    for rel in s.db.cat.relations.values():
        for idx in rel.indexes:
            if idx.oid == oid:
                if rel.namespace in s.search_path():
                    return quote_identifier(idx.name)
                return quote_identifier(s.db.cat.namespace_name(rel.namespace)) + "." + quote_identifier(idx.name)
    return None


def _regtype_in(text: str) -> int:
    s = current_session.get()
    if s is None:
        return _fallback("regtype", 0)(text)
    return s.expr_analyzer().type_from_name(_type_name_of(text))[0]


def _regtype_out(oid: int) -> str | None:
    s = current_session.get()
    if s is None:
        return _fallback("regtype", 1)(oid)
    return s.db.cat.format_type(oid)


def _regnamespace_in(text: str) -> int:
    s = current_session.get()
    if s is None:
        return _fallback("regnamespace", 0)(text)
    name = split_qualified(text)[-1]
    oid = s.db.cat.namespace_oid(name) if s else None
    if oid is None:
        raise PgError("3F000", f'schema "{text}" does not exist')
    return oid


def _regnamespace_out(oid: int) -> str | None:
    s = current_session.get()
    if s is None:
        return _fallback("regnamespace", 1)(oid)
    if oid not in s.db.cat.namespaces:
        return None
    from pgref.types.registry import quote_identifier
    return quote_identifier(s.db.cat.namespace_name(oid))


def _session():
    s = current_session.get()
    if s is None:
        from pgref.errors import FEATURE_NOT_SUPPORTED
        raise PgError(FEATURE_NOT_SUPPORTED, "name lookup is not available without the catalog")
    return s


def _regoper_in(text: str) -> int:
    """regoperin: an operator name that only one operator has."""
    s = _session()
    parts = split_qualified(text)
    # user operators too (engine/operatorcmds.py), by the search path
    ops = s.db.cat.operators_named(parts[-1], parts[-2] if len(parts) > 1 else None, s.search_path())
    if not ops:
        raise PgError("42883", f"operator does not exist: {text}")
    if len(ops) > 1:
        raise PgError("42725", f"more than one operator named {text}")
    return ops[0].oid


def _find_operator(oid: int):
    from pgref.catalog import builtin
    op = builtin.operators().get(oid)
    if op is None:
        s = current_session.get()
        op = None if s is None else s.db.cat.user_operators.get(oid)
    return op


def _regoper_out(oid: int) -> str | None:
    op = _find_operator(oid)
    return None if op is None else op.name


def _regoperator_in(text: str) -> int:
    """regoperatorin: 'name(lefttype,righttype)', NONE for a prefix operator's left."""
    s = _session()
    k = text.find("(")
    if k <= 0 or not text.rstrip().endswith(")"):
        raise PgError("22P02", "expected a left parenthesis")
    name = split_qualified(text[:k])[-1]
    args = [a.strip() for a in text.rstrip()[k + 1:-1].split(",")]
    if len(args) != 2:
        raise PgError("42601", "expected two type names" if len(args) == 1 else "too many arguments",
                      hint="Provide two argument types for operator.")
    types = [0 if a.lower() == "none" else s.expr_analyzer().type_from_name(_type_name_of(a))[0] for a in args]
    parts = split_qualified(text[:k])
    for op in s.db.cat.operators_named(name, parts[-2] if len(parts) > 1 else None, s.search_path()):
        if (op.left, op.right) == tuple(types):
            return op.oid
    raise PgError("42883", f"operator does not exist: {text}")


def _regoperator_out(oid: int) -> str | None:
    op = _find_operator(oid)
    if op is None:
        return None
    cat = _session().db.cat
    left = "NONE" if op.left == 0 else cat.format_type(op.left)
    return f"{op.name}({left},{cat.format_type(op.right)})"


def _roles(s):
    from pgref.catalog import sysrels
    return [(r["oid"], r["rolname"]) for r in sysrels.g_pg_authid(s)]


def _regrole_in(text: str) -> int:
    s = _session()
    name = split_qualified(text)[-1]
    for oid, rolname in _roles(s):
        if rolname == name:
            return oid
    raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')


def _regrole_out(oid: int) -> str | None:
    from pgref.types.registry import quote_identifier
    for roid, rolname in _roles(_session()):
        if roid == oid:
            return quote_identifier(rolname)
    return None


def _collations():
    from pgref.catalog import builtin
    return [(int(r["oid"]), r["collname"]) for r in builtin.rows("pg_collation")
            if r["collencoding"] in ("-1", "6")]


def _regcollation_in(text: str) -> int:
    _session()
    name = split_qualified(text)[-1]
    for oid, collname in _collations():
        if collname == name:
            return oid
    raise PgError(UNDEFINED_OBJECT, f'collation "{name}" for encoding "UTF8" does not exist')


def _regcollation_out(oid: int) -> str | None:
    from pgref.types.registry import quote_identifier
    for coid, collname in _collations():
        if coid == oid:
            return quote_identifier(collname)
    return None


def install() -> None:
    """(Re)install the resolvers; the session calls this before each query
    string, so a hook replaced by someone else is put back."""
    from pgref.types.io.reg import set_reg_resolver
    set_reg_resolver("regclass", _regclass_in, _regclass_out)
    set_reg_resolver("regnamespace", _regnamespace_in, _regnamespace_out)
    set_reg_resolver("regtype", _regtype_in, _regtype_out)
    set_reg_resolver("regoper", _regoper_in, _regoper_out)
    set_reg_resolver("regoperator", _regoperator_in, _regoperator_out)
    set_reg_resolver("regrole", _regrole_in, _regrole_out)
    set_reg_resolver("regcollation", _regcollation_in, _regcollation_out)

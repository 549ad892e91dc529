"""Showing stored definitions as SQL: pg_get_expr, pg_get_constraintdef,
pg_get_indexdef (a small part of PostgreSQL's ruleutils.c; views are printed
from their analyzed query by ``catalog/querydeparse.py``).

Where it sits: ``catalog/`` (spec/04-catalog.md, "Queryable catalogs"),
called by the session functions of ``engine/sessionfuncs.py`` that psql's
describe commands (``\\d t``) use.  PostgreSQL stores analyzed node trees
(``pg_attrdef.adbin``, ``pg_constraint.conbin``) and prints them back;
pgref keeps the raw parse tree of a default or CHECK expression on the
catalog object, so the catalog columns of type ``pg_node_tree`` carry a
*reference* to it instead of a node dump:

    {PGREF_DEFAULT :relid R :attnum N}     a column default
    {PGREF_CHECK :conid C}                 a CHECK constraint's expression
    {PGREF_INDPRED :indexid I}             a partial index's predicate

:func:`node_tree_expr` resolves such a reference to the raw tree and
:func:`deparse_expr` (``catalog/deparse.py``) prints it.  Because the tree
is raw, only the implicit casts deparse.py reconstructs from column types
are shown; other expressions may print differently from PostgreSQL or
raise 0A000.

Entry points: expr_def, node_tree_expr, constraint_def, index_def.
"""
from __future__ import annotations

import re

from pgref.catalog.deparse import deparse_expr
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError

_REF = re.compile(r"\{PGREF_(DEFAULT|CHECK|INDPRED) ((?::\w+ \d+ ?)+)\}")


def default_ref(relid: int, attnum: int) -> str:
    return f"{{PGREF_DEFAULT :relid {relid} :attnum {attnum}}}"


def check_ref(conid: int) -> str:
    return f"{{PGREF_CHECK :conid {conid}}}"


def partbound_ref(relid: int) -> str:
    """pg_class.relpartbound of a partition (catalog/partbounds.py)."""
    return f"{{PGREF_PARTBOUND :relid {relid}}}"


def indpred_ref(indexid: int) -> str:
    return f"{{PGREF_INDPRED :indexid {indexid}}}"


def _quote_ident(name: str) -> str:
    from pgref.types.registry import quote_identifier
    return quote_identifier(name)


def _find_constraint(cat, conid: int):
    for r in cat.relations.values():
        for c in r.constraints:
            if c.oid == conid:
                return r, c
    return None, None


def _find_index(cat, indexid: int):
    for r in cat.relations.values():
        for i in r.indexes:
            if i.oid == indexid:
                return r, i
    return None, None


def expr_def(cat, tree: str, relid: int, pretty: bool, ioctx=None) -> str | None:
    """pg_get_expr(): the expression a pg_node_tree reference names, its
    column references resolved against relation ``relid``."""
    from pgref.catalog.deparse import deparse_default
    if tree.startswith("{PGREF_PARTBOUND "):
        # a partition bound prints as FOR VALUES ... (get_rule_expr's PartitionBoundSpec)
        from pgref.catalog.partbounds import bound_text
        rel = cat.relations.get(int(re.search(r":relid (\d+)", tree).group(1)))
        if rel is None or rel.partbound is None:
            return None
        return bound_text(ioctx, cat, cat.relations[rel.parents[0]].partkey, rel.partbound)
    expr = node_tree_expr(cat, tree)
    if expr is None:
        return None
    m = _REF.fullmatch(tree.strip())
    if m.group(1) == "DEFAULT":
        attnum = int(re.search(r":attnum (\d+)", tree).group(1))
        col = next(c for c in cat.relations[int(re.search(r":relid (\d+)", tree).group(1))].columns
                   if c.attnum == attnum)
        return deparse_default(expr, col.typ, pretty, ioctx)
    return deparse_expr(expr, cat.relations.get(relid), pretty, ioctx)


def node_tree_expr(cat, tree: str):
    """The raw expression a pg_node_tree reference names (None if its
    object is gone, as pg_get_expr returns NULL for a dropped object)."""
    m = _REF.fullmatch(tree.strip())
    if m is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "pg_get_expr() of this node tree is not supported")
    kind = m.group(1)
    fields = dict((k, int(v)) for k, v in re.findall(r":(\w+) (\d+)", m.group(2)))
    if kind == "DEFAULT":
        rel = cat.relations.get(fields["relid"])
        if rel is None:
            return None
        for c in rel.columns:
            if c.attnum == fields["attnum"]:
                return c.default
        return None
    if kind == "CHECK":
        return _find_constraint(cat, fields["conid"])[1].check
    return _find_index(cat, fields["indexid"])[1].predicate


def _colnames(rel, attnums) -> str:
    names = {c.attnum: c.name for c in rel.columns}
    return ", ".join(_quote_ident(names[a]) for a in attnums)


_FK_ACTION = {"r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def constraint_def(cat, conid: int, search_path: list[int], pretty: bool = False) -> str | None:
    """pg_get_constraintdef(): the constraint as ALTER TABLE ADD would
    write it (PostgreSQL's pg_get_constraintdef_worker)."""
    rel, c = _find_constraint(cat, conid)
    if c is None:
        from pgref.catalog.typedefs import domain_constraint_def   # a domain's CHECK
        return domain_constraint_def(cat, conid, pretty)
    if c.kind in ("p", "u"):
        out = ("PRIMARY KEY" if c.kind == "p" else "UNIQUE")
        idx = next((i for i in rel.indexes if i.oid == c.index_oid), None)
        if c.kind == "u" and idx is not None and idx.nulls_not_distinct:
            out += " NULLS NOT DISTINCT"
        out += f" ({_colnames(rel, c.columns)})"
    elif c.kind == "f":
        ref = cat.relations[c.ref_relid]
        nsp = cat.namespace_name(ref.namespace)
        refname = _quote_ident(ref.name) if _visible(cat, ref, search_path) else \
            _quote_ident(nsp) + "." + _quote_ident(ref.name)
        out = f"FOREIGN KEY ({_colnames(rel, c.columns)}) REFERENCES {refname}({_colnames(ref, c.ref_columns)})"
        if c.match == "f":
            out += " MATCH FULL"
        if c.on_update in _FK_ACTION:
            out += " ON UPDATE " + _FK_ACTION[c.on_update]
        if c.on_delete in _FK_ACTION:
            out += " ON DELETE " + _FK_ACTION[c.on_delete]
    elif c.kind == "c":
        out = f"CHECK ({deparse_expr(c.check, rel, pretty)})"
        if c.no_inherit:
            out += " NO INHERIT"
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f"constraint kind {c.kind!r} cannot be displayed")
    if c.deferrable:
        out += " DEFERRABLE"
    if c.deferred:
        out += " INITIALLY DEFERRED"
    if not c.validated:
        out += " NOT VALID"
    return out


def _visible(cat, rel, search_path: list[int]) -> bool:
    """Whether ``rel`` is found unqualified on ``search_path`` (PostgreSQL's
    RelationIsVisible, used to decide whether to schema-qualify)."""
    for nsp in search_path:
        found = cat.relation_in(nsp, rel.name)
        if found is not None:
            return found.oid == rel.oid
    return False


def index_def(cat, indexid: int, search_path: list[int], column: int = 0, pretty: bool = False) -> str | None:
    """pg_get_indexdef(): ``CREATE [UNIQUE] INDEX name ON schema.table
    USING btree (cols)``; with ``column`` > 0 only that key column.  Pretty
    mode leaves the table unqualified when it is visible (PRETTYFLAG_SCHEMA)."""
    rel, idx = _find_index(cat, indexid)
    if idx is None:
        return None
    names = {c.attnum: c.name for c in rel.columns}
    keys = []
    for i, a in enumerate(idx.columns):
        k = _quote_ident(names[a])
        desc = bool(idx.descending and idx.descending[i])
        nf = bool(idx.nulls_first and idx.nulls_first[i])
        if desc:
            k += " DESC"
            if not nf:
                k += " NULLS LAST"
        elif nf:
            k += " NULLS FIRST"
        keys.append(k)
    if column:
        # one column alone: its name without ordering options (attrsOnly)
        return _quote_ident(names[idx.columns[column - 1]]) if 0 < column <= len(keys) else ""
    table = _quote_ident(rel.name)
    if not (pretty and _visible(cat, rel, search_path)):
        table = _quote_ident(cat.namespace_name(rel.namespace)) + "." + table
    out = (f"CREATE {'UNIQUE ' if idx.unique else ''}INDEX {_quote_ident(idx.name)} ON {table} "
           f"USING {idx.am} ({', '.join(keys)})")
    if idx.unique and idx.nulls_not_distinct:
        out += " NULLS NOT DISTINCT"
    if getattr(idx, "reloptions", None):
        # flatten_reloptions: name='value'
        out += " WITH (" + ", ".join(f"{n}='{v}'" for n, _, v in (o.partition("=") for o in idx.reloptions)) + ")"
    if idx.predicate is not None:
        out += f" WHERE {deparse_expr(idx.predicate, rel, pretty)}"
    return out


# ---------------------------------------------------------------- built-ins' argument defaults
# pg_proc.proargdefaults of the built-ins is PostgreSQL's node-tree text
# (a list of CONST nodes, some under an implicit-cast FUNCEXPR).  The
# constants PostgreSQL 15's catalog uses are decoded from their datum
# bytes; any other shape raises 0A000.

_NODE = re.compile(r"\{(CONST|FUNCEXPR) ")


def _datum_bytes(node: str) -> list[int]:
    m = re.search(r":constvalue \d+ \[([^\]]*)\]", node)
    return [int(b) & 0xFF for b in m.group(1).split()]


def _const_text(node: str) -> str:
    typ = int(re.search(r":consttype (\d+)", node).group(1))
    if ":constisnull true" in node:
        return "NULL"
    b = _datum_bytes(node)
    if typ == 16:
        return "true" if b[0] else "false"
    if typ in (21, 23, 20):
        n = {21: 2, 23: 4, 20: 8}[typ]
        v = int.from_bytes(bytes(b[:n]), "little", signed=True)
        name = {21: "smallint", 23: "integer", 20: "bigint"}[typ]
        return str(v) if typ == 23 and v >= 0 else f"'{v}'::{name}"
    size = int.from_bytes(bytes(b[:4]), "little") >> 2       # 4-byte varlena header
    data = bytes(b[4:size])
    if typ == 25:
        return "'" + data.decode("utf-8").replace("'", "''") + "'::text"
    if typ == 3802 and data == b"\x00\x00\x00\x20":          # jsonb container: empty object
        return "'{}'::jsonb"
    if typ == 1009 and data[:4] == b"\x00\x00\x00\x00":       # ndim 0: an empty text[]
        return "'{}'::text[]"
    if typ == 1700 and len(data) == 2 and data[1] & 0x80 and not data[0] & 0x40:
        # NUMERIC_SHORT with no digits: zero, printed with its display scale
        dscale = ((data[1] << 8 | data[0]) & 0x1F80) >> 7
        return "0" + ("." + "0" * dscale if dscale else "")
    raise PgError(FEATURE_NOT_SUPPORTED, "displaying this argument default is not supported yet")


def builtin_arg_defaults(tree: str) -> list[str]:
    """The default expressions of a built-in's trailing arguments, as
    pg_get_function_arguments() shows them (implicit casts hidden)."""
    out = []
    depth = 0
    start = None
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                node = tree[start:i + 1]
                kind = _NODE.match(node).group(1)
                if kind == "FUNCEXPR":
                    if ":funcformat 2 " not in node:
                        raise PgError(FEATURE_NOT_SUPPORTED, "displaying this argument default is not supported yet")
                    node = node[node.index(":args (") + 7:]
                out.append(_const_text(node))
    return out

"""User-defined types in the catalog: enums, composite types, domains,
shell and base types, and the array type each of them gets.

Where it sits: ``catalog/`` (spec/04-catalog.md, "User types"; the type
rules are spec/03-types.md, "User-defined types").  The catalog keeps a
``TypeRow`` per user ``pg_type`` row in ``Catalog.user_types`` (what the
analyzer reads: type, category, element, base type) and, for the columns a
``TypeRow`` does not carry, a :class:`TypeDef` in ``Catalog.type_defs``
(I/O procedures, storage, a domain's NOT NULL, DEFAULT and constraints, a
composite type's attributes).  Enum labels are ``Catalog.enum_labels``.

Type I/O and on-disk storage are looked up by type OID in process-wide
tables (``types.registry``, ``access.common.datum``, ``types.enum``,
``types.composite``), because they are called where no catalog is at hand
(the wire protocol's row encoder).  :func:`sync` pushes the catalog's
picture into them; the catalog calls it after every change and after a
rollback restores an older picture (INV-CAT-TYPES-1: after ``sync(cat)``
every user type of ``cat`` can be read, printed and stored).

Entry points:
    TypeDef, DomainConstraint             the extra pg_type / pg_constraint data
    make_rows(...) -> (TypeRow, TypeDef)  a new type's catalog entries
    array_row(cat, elem_row, oid)         the ``_name`` array type of a type
    composite_columns(cat, typoid)        [(name, type, typmod)] or None
    registry_info(cat, row) -> TypeInfo   the registry's view of a user type
    sync(cat)                             push everything to the I/O tables
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pgref.catalog import builtin
from pgref.catalog.builtin import TypeRow
from pgref.types import composite, domain, enum  # noqa: F401  (register their fmgr builtins)

F_ARRAY_IN, F_ARRAY_OUT, F_ARRAY_RECV, F_ARRAY_SEND = 750, 751, 2400, 2401
F_ARRAY_TYPANALYZE, F_ARRAY_SUBSCRIPT_HANDLER = 3816, 6179
F_RECORD_IN, F_RECORD_OUT, F_RECORD_RECV, F_RECORD_SEND = 2290, 2291, 2402, 2403
F_ENUM_IN, F_ENUM_OUT, F_ENUM_RECV, F_ENUM_SEND = 3506, 3507, 3532, 3533
F_DOMAIN_IN, F_DOMAIN_RECV = 2597, 2598


@dataclass
class DomainConstraint:
    """One pg_constraint row of a domain (contypid): a CHECK ('c') with its
    raw expression, where ``VALUE`` stands for the value being checked."""
    oid: int
    name: str
    kind: str = "c"
    check: Any = None              # raw AST
    check_text: str | None = None  # as pg_get_constraintdef prints it
    validated: bool = True


@dataclass
class TypeDef:
    """The pg_type columns of a user type that ``TypeRow`` lacks."""
    oid: int
    owner: int = 10
    typinput: int = 0
    typoutput: int = 0
    typreceive: int = 0
    typsend: int = 0
    typmodin: int = 0
    typmodout: int = 0
    typanalyze: int = 0
    storage: str = "p"
    isdefined: bool = True
    notnull: bool = False              # domains: NOT NULL
    default: Any = None                # domains: raw AST of DEFAULT
    default_text: str | None = None    # pg_type.typdefault
    typmod: int = -1                   # domains: the base type's typmod
    ndims: int = 0
    constraints: list[DomainConstraint] = field(default_factory=list)
    attributes: list[tuple[str, int, int]] = field(default_factory=list)   # composite: (name, type, typmod)
    dropped_attributes: list[int] = field(default_factory=list)            # attnums (1-based) of dropped ones
    like: int = 0                      # base types: the built-in type whose storage they share
    subscript: int = 0                 # base types: typsubscript
    comment: str | None = None         # COMMENT ON TYPE / DOMAIN
    attribute_comments: dict = field(default_factory=dict)   # composite: attnum -> comment
    range: dict | None = None          # range types: the pg_range row (subtype, multirange, collation,
                                       # subopc, canonical, subdiff, cmp, constructors); multiranges: {"of": range}


@dataclass(frozen=True)
class UserCast:
    """A pg_cast row made by CREATE CAST (the fields of builtin.CastRow,
    plus its own OID)."""
    oid: int
    source: int
    target: int
    func: int
    context: str           # i implicit, a assignment, e explicit
    method: str            # f function, i I/O, b binary coercible


def array_row(elem: TypeRow, oid: int, align: str | None = None) -> TypeRow:
    """The array type PostgreSQL creates with every type: ``_name``,
    category 'A', aligned 'd' when the element is, else 'i'."""
    name = "_" + elem.name
    if len(name.encode()) > 63:
        name = name.encode()[:63].decode("utf-8", "ignore")
    return TypeRow(oid, name, elem.namespace, -1, False, "b", "A", False, elem.delim, 0, elem.oid, 0,
                   align or ("d" if elem.align == "d" else "i"), 0, -1, elem.collation,
                   F_ARRAY_SUBSCRIPT_HANDLER)


def composite_columns(cat, typoid: int) -> list[tuple[str, int, int]] | None:
    """The live columns of a composite type: a table's row type (from the
    relation) or a standalone CREATE TYPE ... AS (...)."""
    row = cat.user_types.get(typoid)
    if row is None or row.typtype != "c":
        return None
    td = cat.type_defs.get(typoid)
    if td is not None and td.attributes:
        return [a for i, a in enumerate(td.attributes, 1) if i not in td.dropped_attributes]
    rel = cat.relations.get(row.relid)
    if rel is None:
        return [] if td is not None else None
    return [(c.name, c.typ, c.typmod) for c in rel.columns if not c.dropped]


def _base_info(cat, oid: int):
    from pgref.types import registry
    t = cat.user_types.get(oid)
    if t is not None:
        return registry_info(cat, t)
    return registry.TYPES.get(oid)


def registry_info(cat, row: TypeRow):
    """The registry's TypeInfo (every pg_type column) for a user type."""
    from pgref.types.registry import TypeInfo
    td = cat.type_defs.get(row.oid)
    typinput = typoutput = typreceive = typsend = typmodin = typmodout = typanalyze = 0
    storage = "p"
    subscript = 0
    byval = row.typbyval
    if row.category == "A" and row.elem:
        typinput, typoutput, typreceive, typsend = F_ARRAY_IN, F_ARRAY_OUT, F_ARRAY_RECV, F_ARRAY_SEND
        typanalyze, storage = F_ARRAY_TYPANALYZE, "x"
        etd = cat.type_defs.get(row.elem)
        if etd is not None:            # an array takes its element's typmod functions
            typmodin, typmodout = etd.typmodin, etd.typmodout
    elif row.typtype == "c":
        typinput, typoutput, typreceive, typsend = F_RECORD_IN, F_RECORD_OUT, F_RECORD_RECV, F_RECORD_SEND
        storage = "x"
    elif row.typtype == "e":
        typinput, typoutput, typreceive, typsend = F_ENUM_IN, F_ENUM_OUT, F_ENUM_RECV, F_ENUM_SEND
    elif row.typtype == "r":
        typinput, typoutput, typreceive, typsend, typanalyze = 3834, 3835, 3836, 3837, 3916
        storage = "x"
    elif row.typtype == "m":
        typinput, typoutput, typreceive, typsend, typanalyze = 4231, 4232, 4233, 4234, 4242
        storage = "x"
    elif row.typtype == "d":
        base = _base_info(cat, row.basetype)
        typinput, typreceive = F_DOMAIN_IN, F_DOMAIN_RECV
        if base is not None:
            typoutput, typsend, storage = base.typoutput, base.typsend, base.typstorage
            typanalyze = base.typanalyze
    if td is not None and row.typtype in ("b", "p") and row.category != "A":
        typinput, typoutput, typreceive, typsend = td.typinput, td.typoutput, td.typreceive, td.typsend
        typmodin, typmodout, typanalyze, storage = td.typmodin, td.typmodout, td.typanalyze, td.storage
        subscript = td.subscript
    elif td is not None and row.typtype not in ("d", "c"):
        storage = td.storage or storage
    return TypeInfo(
        oid=row.oid, typname=row.name, typnamespace=row.namespace, typowner=td.owner if td else 10,
        typlen=row.typlen, typbyval=byval, typtype=row.typtype, typcategory=row.category,
        typispreferred=row.preferred, typisdefined=td.isdefined if td else True, typdelim=row.delim,
        typrelid=row.relid,
        typsubscript=F_ARRAY_SUBSCRIPT_HANDLER if row.category == "A" and row.elem else subscript,
        typelem=row.elem, typarray=row.array, typinput=typinput, typoutput=typoutput,
        typreceive=typreceive, typsend=typsend, typmodin=typmodin, typmodout=typmodout,
        typanalyze=typanalyze, typalign=row.align, typstorage=storage,
        typnotnull=td.notnull if td else False, typbasetype=row.basetype,
        typtypmod=td.typmod if td and row.typtype == "d" else -1, typndims=td.ndims if td else 0,
        typcollation=row.collation, typdefault=td.default_text if td else None)


def pg_type_row(cat, row: TypeRow) -> dict:
    """The pg_type row of a user type, every column (sysrels' pg_type)."""
    info = registry_info(cat, row)
    d = {f: getattr(info, f) for f in info.__slots__}
    return d


def _deparse_check(raw, pretty: bool) -> str:
    """A domain CHECK's text, with VALUE for the checked value."""
    import dataclasses as dc
    from pgref.catalog.deparse import deparse_expr
    from pgref.sql import ast as A
    marker = "pgref_domain_value_marker"

    def swap(n):
        if isinstance(n, A.ColumnRef) and n.fields == ("value",):
            return dc.replace(n, fields=(marker,))
        if isinstance(n, A.Node):
            ch = {f.name: swap(getattr(n, f.name)) for f in dc.fields(n)}
            return dc.replace(n, **ch)
        if isinstance(n, tuple):
            return tuple(swap(x) for x in n)
        return n
    return deparse_expr(swap(raw), None, pretty).replace(marker, "VALUE")


def domain_constraints(cat):
    """(domain TypeRow, DomainConstraint) for every domain CHECK."""
    for oid, td in cat.type_defs.items():
        row = cat.user_types.get(oid)
        if row is not None and row.typtype == "d":
            for c in td.constraints:
                yield row, c


def domain_constraint_def(cat, conid: int, pretty: bool = False) -> str | None:
    """pg_get_constraintdef() of a domain constraint (None: not one)."""
    for _row, c in domain_constraints(cat):
        if c.oid == conid:
            try:
                text = _deparse_check(c.check, pretty)
            except Exception as e:                  # noqa: BLE001 -- re-raised below as 0A000
                from pgref.errors import PgError
                raise PgError("0A000", f"displaying domain constraint \"{c.name}\" is not supported yet") from e
            out = f"CHECK ({text})"
            if not c.validated:
                out += " NOT VALID"
            return out
    return None


def composite_class_rows(cat):
    """pg_class rows (relkind 'c') of standalone composite types."""
    for oid, td in cat.type_defs.items():
        row = cat.user_types.get(oid)
        if row is not None and row.typtype == "c" and td.attributes and row.relid not in cat.relations:
            yield row, td


_registered: dict[int, set[int]] = {}      # id(catalog) -> the type OIDs it registered
_ranges: dict[int, set[int]] = {}          # id(catalog) -> its range type OIDs
_enums: dict[int, set[int]] = {}          # id(catalog) -> its enum type OIDs
_last: list = []


def last_synced():
    """The catalog most recently pushed to the I/O tables (for checks that
    run where no catalog is passed, e.g. binary input of a domain)."""
    return _last[0] if _last else None


def has_registered(cat=None) -> bool:
    if cat is None:
        return any(_registered.values())
    return bool(_registered.get(id(cat)))


def sync(cat) -> None:
    """Push the catalog's user types into the process-wide I/O tables
    (INV-CAT-TYPES-1)."""
    from pgref.access.common import datum
    from pgref.types import composite, enum, registry
    _last[:] = [cat]
    for ns in cat.namespaces.values():
        registry.NAMESPACE_NAMES.setdefault(ns.oid, ns.name)
        if registry.NAMESPACE_NAMES[ns.oid] != ns.name:
            registry.NAMESPACE_NAMES[ns.oid] = ns.name
    mine = _registered.setdefault(id(cat), set())
    gone = mine - set(cat.user_types)
    for oid in gone:
        # storage keeps a dropped type's layout: dropped columns of it stay
        # readable (INV-CAT-2); OIDs are never reused (INV-CAT-1)
        registry.unregister_type(oid)
        mine.discard(oid)
    procs = getattr(cat, "user_procs", {})
    for td in cat.type_defs.values():
        for procoid in (td.typinput, td.typoutput, td.typreceive, td.typsend, td.typmodin, td.typmodout,
                        td.typanalyze):
            p = procs.get(procoid)
            if p is not None:
                from pgref.regresslib import fmgr_key      # C stand-ins (spec/12-functions.md)
                registry.register_proc(procoid, p.name, fmgr_key(p))
    infos = {}
    for oid, row in cat.user_types.items():
        info = registry_info(cat, row)
        infos[oid] = info
        registry.register_type(info)
        mine.add(oid)
    # storage: enums are their label OID (uint32); a domain is stored as its
    # base type; arrays as arrays; composites as PostgreSQL's HeapTupleHeader
    for oid, row in cat.user_types.items():
        info = infos[oid]
        if row.category == "A" and row.elem:
            datum.register_user_type(oid, -1, False, row.align, row.elem, True)
        elif row.typtype == "e":
            datum.register_user_type(oid, 4, True, "i", 0, False, fixed_format="I")
        elif row.typtype == "d":
            base = cat.user_types.get(row.basetype)
            datum.register_user_type(oid, info.typlen, info.typbyval, info.typalign, 0, False,
                                     like=row.basetype, like_is_array=bool(base and base.category == "A")
                                     or _builtin_is_array(row.basetype))
        elif row.typtype == "c":
            datum.register_user_type(oid, -1, False, "d", 0, False,
                                     encode=composite.encode_for(oid), decode=composite.decode_for(oid))
        elif row.typtype == "b" and oid in cat.type_defs and cat.type_defs[oid].like:
            # a base type stores its values as the type it was modelled on
            # (LIKE = ...): the same length, alignment and Python value
            datum.register_user_type(oid, info.typlen, info.typbyval, info.typalign, 0, False,
                                     like=cat.type_defs[oid].like)
    _sync_ranges(cat)
    composite.set_columns({oid: cols for oid in cat.user_types
                           if (cols := composite_columns(cat, oid)) is not None})
    had = _enums.get(id(cat), set())
    enum.set_labels(cat.enum_labels, forget=had - set(cat.enum_labels))
    _enums[id(cat)] = set(cat.enum_labels)


def _sync_ranges(cat) -> None:
    """User range and multirange types: their pg_range rows to the range
    typcache, their storage to datum.py (spec/03-types.md, "Range types")."""
    from pgref.access.common import datum
    from pgref.types.ranges import storage, typcache
    ranges = {oid: td.range for oid, td in cat.type_defs.items()
              if td.range and "subtype" in td.range and oid in cat.user_types}
    had = _ranges.get(id(cat), set())
    typcache.set_user_ranges(ranges, forget=had - set(ranges))
    storage.clear_cache()
    _ranges[id(cat)] = set(ranges)
    # a range codec left at an OID that (in this catalog) is no range type
    # any more must not encode that OID's new type's values
    mine = set(ranges) | {d["multirange"] for d in ranges.values()}
    for oid, codec in list(datum._VARLENA.items()):
        if oid >= 16384 and oid not in mine and codec[0] in (storage.encode_range, storage.encode_multirange) \
                and oid in cat.user_types:
            del datum._VARLENA[oid]
    for oid, d in ranges.items():
        row = cat.user_types[oid]
        datum.register_user_type(oid, -1, False, row.align, 0, False,
                                 encode=storage.encode_range, decode=storage.decode_range)
        if d["multirange"] in cat.user_types:
            datum.register_user_type(d["multirange"], -1, False, row.align, 0, False,
                                     encode=storage.encode_multirange, decode=storage.decode_multirange)


def _builtin_is_array(oid: int) -> bool:
    t = builtin.types().get(oid)
    return bool(t and t.category == "A" and t.elem and t.typlen == -1)

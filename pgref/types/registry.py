"""The type registry: every built-in ``pg_type`` row, and I/O by type OID.

Where it sits: ``types/`` (spec/03-types.md, "The type registry").  Below it
is only the function manager (:mod:`pgref.types.fmgr`); above it the catalog,
the analyzer, the executor and the wire protocol all ask it two kinds of
question: *what is type 1043?* (length, alignment, category, element type,
I/O functions...) and *turn this text/these bytes into a value of type 1043,
or back*.

What it guarantees:

* The rows are PostgreSQL 15's own, read from ``pgref/catalog/data/pg_type.csv``
  (dumped from a real initdb; see ``tools/dump_catalog_data.py``) once, on
  first use, into frozen :class:`TypeInfo` records (INV-TYPES-1).
* Type I/O goes through the function manager by the ``prosrc`` of the row's
  ``typinput``/``typoutput``/``typreceive``/``typsend``/``typmodin``/
  ``typmodout`` procedure, exactly as PostgreSQL's ``InputFunctionCall``
  does; a procedure without a Python implementation raises 0A000
  feature_not_supported, never a wrong answer (INV-TYPES-2).
* ``typioparam`` is computed as PostgreSQL's ``getTypeIOParam()``: the
  element type when ``typelem`` is set, else the type itself (INV-TYPES-3).
* :func:`format_type` prints a type as PostgreSQL's ``format_type()`` does
  ('character varying(10)', 'numeric(10,2)', 'integer[]', '"char"').

Types created later (tables' row types, domains, enums) are added by the
catalog with :func:`register_type`.

Entry points:
    TYPES                      Mapping[int, TypeInfo] (lazy)
    get_type(oid)              -> TypeInfo (42704 if unknown)
    type_by_name(name, namespace='pg_catalog') -> TypeInfo | None
    type_input(ctx, oid, text, typmod=-1)      text -> value
    type_output(ctx, oid, value) -> str
    type_receive(ctx, oid, data, typmod=-1)    bytes -> value
    type_send(ctx, oid, value) -> bytes
    typmod_in(ctx, oid, mods) -> int ; typmod_out(ctx, oid, typmod) -> str
    input_caller(oid) / output_caller / receive_caller / send_caller
                               resolve once, call per value (loops)
    format_type(oid, typmod=None) -> str
    register_type(info), proc_src(procoid), quote_identifier(name)
"""
from __future__ import annotations

import csv
import importlib
import pathlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pgref.errors import FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, UNDEFINED_OBJECT, PgError
from pgref.types import fmgr
from pgref.types.oids import (
    BITOID, BOOLOID, BPCHAROID, F_ARRAY_SUBSCRIPT_HANDLER, FLOAT4OID, FLOAT8OID,
    INT2OID, INT4OID, INT8OID, INTERVALOID, NUMERICOID, PG_CATALOG_NAMESPACE,
    PG_PUBLIC_NAMESPACE, PG_TOAST_NAMESPACE, TIMEOID, TIMESTAMPOID,
    TIMESTAMPTZOID, TIMETZOID, VARBITOID, VARCHAROID)
from pgref.types.values import DEFAULT_SETTINGS, IOSettings

_DATA_DIR = pathlib.Path(__file__).resolve().parent.parent / "catalog" / "data"


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """One ``pg_type`` row.  Procedure columns hold the ``pg_proc`` OID (0 for
    none), as the catalog stores a ``regproc``; :func:`proc_src` turns one
    into the C symbol the function manager is keyed by."""
    oid: int
    typname: str
    typnamespace: int
    typowner: int
    typlen: int
    typbyval: bool
    typtype: str            # b base, c composite, d domain, e enum, p pseudo, r range, m multirange
    typcategory: str        # A array, B boolean, N numeric, S string, D datetime, U user...
    typispreferred: bool
    typisdefined: bool
    typdelim: str
    typrelid: int
    typsubscript: int
    typelem: int
    typarray: int
    typinput: int
    typoutput: int
    typreceive: int
    typsend: int
    typmodin: int
    typmodout: int
    typanalyze: int
    typalign: str           # c char, s short, i int, d double
    typstorage: str         # p plain, e external, m main, x extended
    typnotnull: bool
    typbasetype: int
    typtypmod: int
    typndims: int
    typcollation: int
    typdefault: str | None = None

    @property
    def name(self) -> str:
        return self.typname

    @property
    def is_array(self) -> bool:
        """PostgreSQL's IsTrueArrayType(): a varlena with an element type and
        the generic array subscript handler (so not int2vector/oidvector
        once they are plain-stored, nor point/name)."""
        return self.typelem != 0 and self.typsubscript == F_ARRAY_SUBSCRIPT_HANDLER

    @property
    def typioparam(self) -> int:
        """getTypeIOParam() (INV-TYPES-3)."""
        return self.typelem if self.typelem else self.oid


# -- loading -----------------------------------------------------------------

_types: dict[int, TypeInfo] | None = None
_by_name: dict[tuple[str, int], int] | None = None
_procs: dict[int, tuple[str, str]] | None = None   # oid -> (proname, prosrc)
_proname_to_oid: dict[str, int] | None = None

NAMESPACE_NAMES: dict[int, str] = {
    PG_CATALOG_NAMESPACE: "pg_catalog",
    PG_TOAST_NAMESPACE: "pg_toast",
    PG_PUBLIC_NAMESPACE: "public",
}
"""Names of the namespaces built-in types live in.  information_schema's OID
is assigned by initdb; it is learned from the rows below (the one namespace
that owns the ``cardinal_number`` domain).  The catalog may add entries."""


def _regproc(text: str) -> int:
    # The dump stores regproc columns as OIDs; older dumps held names.
    if text == "-" or text == "0" or text == "":
        return 0
    if text.isdigit():
        return int(text)
    _load_procs()
    assert _proname_to_oid is not None
    return _proname_to_oid[text]


def _load_procs() -> dict[int, tuple[str, str]]:
    global _procs, _proname_to_oid
    if _procs is None:
        procs: dict[int, tuple[str, str]] = {}
        by_name: dict[str, int] = {}
        with (_DATA_DIR / "pg_proc.csv").open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            i_oid, i_name, i_src = header.index("oid"), header.index("proname"), header.index("prosrc")
            for row in reader:
                oid = int(row[i_oid])
                procs[oid] = (row[i_name], row[i_src])
                by_name.setdefault(row[i_name], oid)
        _procs, _proname_to_oid = procs, by_name
    return _procs


def _load() -> dict[int, TypeInfo]:
    global _types, _by_name
    if _types is not None:
        return _types
    types: dict[int, TypeInfo] = {}
    with (_DATA_DIR / "pg_type.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        ix = {name: i for i, name in enumerate(header)}
        for r in reader:
            def g(col: str) -> str:
                return r[ix[col]]
            info = TypeInfo(
                oid=int(g("oid")), typname=g("typname"), typnamespace=int(g("typnamespace")),
                typowner=int(g("typowner")), typlen=int(g("typlen")), typbyval=g("typbyval") == "t",
                typtype=g("typtype"), typcategory=g("typcategory"),
                typispreferred=g("typispreferred") == "t", typisdefined=g("typisdefined") == "t",
                typdelim=g("typdelim"), typrelid=int(g("typrelid")),
                typsubscript=_regproc(g("typsubscript")), typelem=int(g("typelem")),
                typarray=int(g("typarray")), typinput=_regproc(g("typinput")),
                typoutput=_regproc(g("typoutput")), typreceive=_regproc(g("typreceive")),
                typsend=_regproc(g("typsend")), typmodin=_regproc(g("typmodin")),
                typmodout=_regproc(g("typmodout")), typanalyze=_regproc(g("typanalyze")),
                typalign=g("typalign"), typstorage=g("typstorage"), typnotnull=g("typnotnull") == "t",
                typbasetype=int(g("typbasetype")), typtypmod=int(g("typtypmod")),
                typndims=int(g("typndims")), typcollation=int(g("typcollation")),
                typdefault=g("typdefault") or None)
            types[info.oid] = info
    by_name = {(t.typname, t.typnamespace): t.oid for t in types.values()}
    for t in types.values():
        if t.typname == "cardinal_number" and t.typnamespace not in NAMESPACE_NAMES:
            NAMESPACE_NAMES[t.typnamespace] = "information_schema"
    _types, _by_name = types, by_name
    return types


class _TypesView(Mapping[int, TypeInfo]):
    """``TYPES[oid]``: a read-only mapping that loads the CSV on first use."""

    def __getitem__(self, oid: int) -> TypeInfo:
        return _load()[oid]

    def __iter__(self) -> Iterator[int]:
        return iter(_load())

    def __len__(self) -> int:
        return len(_load())

    def __contains__(self, oid: object) -> bool:
        return oid in _load()


TYPES: Mapping[int, TypeInfo] = _TypesView()


def get_type(oid: int) -> TypeInfo:
    try:
        return _load()[oid]
    except KeyError:
        raise PgError(UNDEFINED_OBJECT, f"cache lookup failed for type {oid}") from None


def type_by_name(name: str, namespace: str = "pg_catalog") -> TypeInfo | None:
    _load()
    assert _by_name is not None
    for nsoid, nsname in NAMESPACE_NAMES.items():
        if nsname == namespace:
            oid = _by_name.get((name, nsoid))
            return None if oid is None else _load()[oid]
    return None


def register_type(info: TypeInfo) -> None:
    """Add (or replace) a type created after bootstrap: a table's row type,
    a domain, an enum.  Called by the catalog."""
    types = _load()
    assert _by_name is not None
    old = types.get(info.oid)
    if old is not None:
        _by_name.pop((old.typname, old.typnamespace), None)
    types[info.oid] = info
    _by_name[(info.typname, info.typnamespace)] = info.oid


def unregister_type(oid: int) -> None:
    types = _load()
    assert _by_name is not None
    old = types.pop(oid, None)
    if old is not None:
        _by_name.pop((old.typname, old.typnamespace), None)


def register_proc(procoid: int, proname: str, prosrc: str) -> None:
    """Make a user-defined function (CREATE FUNCTION ... LANGUAGE internal)
    known by OID, so a user type's I/O procedures resolve through fmgr by
    its ``prosrc`` like the built-in ones (catalog/typedefs.py)."""
    _load_procs()[procoid] = (proname, prosrc)


def proc_src(procoid: int) -> str:
    """``pg_proc.prosrc`` of a built-in procedure (the fmgr key)."""
    entry = _load_procs().get(procoid)
    if entry is None:
        raise PgError(UNDEFINED_OBJECT, f"cache lookup failed for function {procoid}")
    return entry[1]


def proc_name(procoid: int) -> str:
    entry = _load_procs().get(procoid)
    if entry is None:
        raise PgError(UNDEFINED_OBJECT, f"cache lookup failed for function {procoid}")
    return entry[0]


# -- I/O dispatch ---------------------------------------------------------------

@dataclass
class IOContext:
    """The smallest context an I/O function accepts: session settings and
    the statement's timestamp.  The executor passes its own richer object."""
    settings: IOSettings = field(default_factory=lambda: DEFAULT_SETTINGS)
    now: int = 0


DEFAULT_CONTEXT = IOContext()

_io_loaded = False


def _ensure_io_loaded() -> None:
    """Import the modules that register type I/O functions with fmgr."""
    global _io_loaded
    if _io_loaded:
        return
    _io_loaded = True
    importlib.import_module("pgref.types.io")
    for optional in ("pgref.types.datetime", "pgref.types.funcs", "pgref.types.geometric",
                     "pgref.tsearch"):
        try:
            importlib.import_module(optional)
        except ModuleNotFoundError as e:   # that part of types/ is not written yet
            if e.name is None or not optional.startswith(e.name):
                raise


def _function(procoid: int, role: str, info: TypeInfo) -> fmgr.Builtin:
    """Resolve one of a type's I/O procedures (INV-TYPES-2)."""
    _ensure_io_loaded()
    if procoid == 0:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"type {format_type(info.oid)} has no {role} function")
    src = proc_src(procoid)
    fn = fmgr.lookup(src)
    if fn is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"{role} function {src} for type {format_type(info.oid)} is not implemented")
    return fn


def _call(b: fmgr.Builtin, ctx: Any, *args: Any) -> Any:
    if b.ctx:
        return b.fn(ctx if ctx is not None else DEFAULT_CONTEXT, *args)
    return b.fn(*args)


def type_input(ctx: Any, oid: int, text: str | None, typmod: int = -1) -> Any:
    """InputFunctionCall(): text -> value; None stays None (NULL)."""
    if text is None:
        return None
    info = get_type(oid)
    return _call(_function(info.typinput, "input", info), ctx, text, info.typioparam, typmod)


def type_output(ctx: Any, oid: int, value: Any) -> str | None:
    """OutputFunctionCall(): value -> text; None stays None (NULL)."""
    if value is None:
        return None
    info = get_type(oid)
    return _call(_function(info.typoutput, "output", info), ctx, value)


def type_receive(ctx: Any, oid: int, data: bytes | None, typmod: int = -1) -> Any:
    """ReceiveFunctionCall(): PostgreSQL's binary format -> value."""
    if data is None:
        return None
    info = get_type(oid)
    return _call(_function(info.typreceive, "receive", info), ctx, bytes(data),
                 info.typioparam, typmod)


def type_send(ctx: Any, oid: int, value: Any) -> bytes | None:
    """SendFunctionCall(): value -> PostgreSQL's binary format."""
    if value is None:
        return None
    info = get_type(oid)
    return _call(_function(info.typsend, "send", info), ctx, value)


def input_caller(oid: int) -> Callable[[Any, str | None, int], Any]:
    """Resolve a type's input function once: ``f(ctx, text, typmod)``.
    For loops over many values (array elements, COPY, result rows)."""
    info = get_type(oid)
    b = _function(info.typinput, "input", info)
    ioparam = info.typioparam

    def call(ctx: Any, text: str | None, typmod: int = -1) -> Any:
        if text is None:
            return None
        return _call(b, ctx, text, ioparam, typmod)
    return call


def output_caller(oid: int) -> Callable[[Any, Any], str | None]:
    """Resolve a type's output function once: ``f(ctx, value)``."""
    info = get_type(oid)
    b = _function(info.typoutput, "output", info)

    def call(ctx: Any, value: Any) -> str | None:
        return None if value is None else _call(b, ctx, value)
    return call


def receive_caller(oid: int) -> Callable[[Any, bytes | None, int], Any]:
    """Resolve a type's receive function once: ``f(ctx, data, typmod)``."""
    info = get_type(oid)
    b = _function(info.typreceive, "receive", info)
    ioparam = info.typioparam

    def call(ctx: Any, data: bytes | None, typmod: int = -1) -> Any:
        return None if data is None else _call(b, ctx, bytes(data), ioparam, typmod)
    return call


def send_caller(oid: int) -> Callable[[Any, Any], bytes | None]:
    """Resolve a type's send function once: ``f(ctx, value)``."""
    info = get_type(oid)
    b = _function(info.typsend, "send", info)

    def call(ctx: Any, value: Any) -> bytes | None:
        return None if value is None else _call(b, ctx, value)
    return call


def typmod_in(ctx: Any, oid: int, mods: list[str]) -> int:
    """The type's typmodin: ['10', '2'] -> 655366 for numeric.  A type
    without one rejects modifiers as PostgreSQL's typenameTypeMod() does."""
    info = get_type(oid)
    if info.typmodin == 0:
        raise PgError(SYNTAX_ERROR,
                      f"type modifier is not allowed for type \"{info.typname}\"")
    return _call(_function(info.typmodin, "typmodin", info), ctx, [str(m) for m in mods])


def typmod_out(ctx: Any, oid: int, typmod: int) -> str:
    info = get_type(oid)
    if info.typmodout == 0:
        return f"({typmod})"
    return _call(_function(info.typmodout, "typmodout", info), ctx, typmod)


# -- format_type --------------------------------------------------------------

# PostgreSQL 15's keywords that are not UNRESERVED (kwlist.h): an identifier
# equal to one of these must be double-quoted.  The SQL layer may replace this
# set with the one its keyword table holds.
NON_UNRESERVED_KEYWORDS: frozenset[str] = frozenset("""
all analyse analyze and any array as asc asymmetric both case cast check collate
column constraint create current_catalog current_date current_role current_time
current_timestamp current_user default deferrable desc distinct do else end except
false fetch for foreign from grant group having in initially intersect into
lateral leading limit localtime localtimestamp not null offset on only or order
placing primary references returning select session_user some symmetric table
then to trailing true union unique user using variadic when where window with
authorization binary collation concurrently cross current_schema freeze full
ilike inner is isnull join left like natural notnull outer overlaps right similar
tablesample verbose
between bigint bit boolean char character coalesce dec decimal exists extract
float greatest grouping inout int integer interval least national nchar none
normalize nullif numeric out overlay position precision real row setof smallint
substring time timestamp treat trim values varchar xmlattributes xmlconcat
xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize
xmltable
""".split())


def quote_identifier(ident: str) -> str:
    """PostgreSQL's quote_identifier(): quote unless the name is lower-case
    letters, digits and underscores, starts with a letter or underscore and
    is not a (non-unreserved) keyword."""
    safe = bool(ident) and (ident[0] == "_" or "a" <= ident[0] <= "z")
    if safe:
        for ch in ident:
            if not ("a" <= ch <= "z" or "0" <= ch <= "9" or ch == "_"):
                safe = False
                break
    if safe and ident in NON_UNRESERVED_KEYWORDS:
        safe = False
    if safe:
        return ident
    return '"' + ident.replace('"', '""') + '"'


def quote_qualified_identifier(qualifier: str | None, ident: str) -> str:
    if qualifier:
        return quote_identifier(qualifier) + "." + quote_identifier(ident)
    return quote_identifier(ident)


SEARCH_PATH_NAMESPACES: set[int] = {PG_CATALOG_NAMESPACE, PG_PUBLIC_NAMESPACE}
"""Namespaces whose types print unqualified (TypeIsVisible() under the default
search_path).  The catalog may keep this in step with the session."""


def _print_typmod(name: str, typmod: int, info: TypeInfo) -> str:
    if info.typmodout == 0:
        return f"{name}({typmod})"
    return name + typmod_out(None, info.oid, typmod)


def format_type(oid: int | None, typmod: int | None = None) -> str:
    """PostgreSQL's format_type(oid, typmod): the SQL-standard spelling of a
    type, with its modifier.  ``typmod=None`` is SQL's NULL (no modifier
    given); ``-1`` is 'given but none', which matters for bpchar and bit."""
    if oid is None or oid == 0:
        return "-"
    types = _load()
    info = types.get(oid)
    if info is None:
        return "???"
    given = typmod is not None
    with_typemod = given and typmod >= 0
    is_array = False
    if info.is_array and info.typstorage != "p":
        elem = types.get(info.typelem)
        if elem is None:
            return "???[]"
        info, is_array = elem, True
    t = info.oid
    buf: str | None = None
    if t == BITOID:
        if with_typemod:
            buf = _print_typmod("bit", typmod, info)   # type: ignore[arg-type]
        elif not given:
            buf = "bit"
    elif t == BOOLOID:
        buf = "boolean"
    elif t == BPCHAROID:
        if with_typemod:
            buf = _print_typmod("character", typmod, info)   # type: ignore[arg-type]
        elif not given:
            buf = "character"
    elif t == FLOAT4OID:
        buf = "real"
    elif t == FLOAT8OID:
        buf = "double precision"
    elif t == INT2OID:
        buf = "smallint"
    elif t == INT4OID:
        buf = "integer"
    elif t == INT8OID:
        buf = "bigint"
    elif t in _PLAIN_WITH_TYPMOD:
        name, plain = _PLAIN_WITH_TYPMOD[t]
        buf = _print_typmod(name, typmod, info) if with_typemod else plain  # type: ignore[arg-type]
    if buf is None:
        nsp = None if info.typnamespace in SEARCH_PATH_NAMESPACES else \
            NAMESPACE_NAMES.get(info.typnamespace, f"pg_namespace_{info.typnamespace}")
        buf = quote_qualified_identifier(nsp, info.typname)
        if with_typemod:
            buf = _print_typmod(buf, typmod, info)   # type: ignore[arg-type]
    return buf + "[]" if is_array else buf


_PLAIN_WITH_TYPMOD: dict[int, tuple[str, str]] = {
    NUMERICOID: ("numeric", "numeric"),
    INTERVALOID: ("interval", "interval"),
    TIMEOID: ("time", "time without time zone"),
    TIMETZOID: ("time", "time with time zone"),
    TIMESTAMPOID: ("timestamp", "timestamp without time zone"),
    TIMESTAMPTZOID: ("timestamp", "timestamp with time zone"),
    VARBITOID: ("bit varying", "bit varying"),
    VARCHAROID: ("character varying", "character varying"),
}

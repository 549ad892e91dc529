"""Storage options of tables and columns: reloptions, attstorage, and the
TOAST relation a table owns (PostgreSQL's reloptions.c, the SET STORAGE part
of tablecmds.c, and toasting.c).

Where it sits: ``engine/`` (spec/06-access.md, "TOAST"; spec/09-engine.md,
"DDL").  ``CREATE TABLE ... WITH (...)``, ``CREATE TABLE AS ... WITH``,
``ALTER TABLE ... SET (...) / RESET (...)`` and ``ALTER COLUMN ... SET
STORAGE / SET COMPRESSION / SET (...)`` call in here; the result is kept in
the catalog (``Relation.reloptions``, ``Relation.toast_reloptions``,
``Column.storage``, ``Column.compression``, ``Column.options``) and shown by
``pg_class.reloptions``, ``pg_attribute.attstorage`` /
``attcompression`` / ``attoptions``.  The heap reads two of them back
through :func:`heap_storage`: each attribute's storage strategy and
``toast_tuple_target``, which is what access/common/toast.py honours.

What it guarantees:

* An option list is validated as PostgreSQL's parseRelOptions does, with
  its messages (INV-ACCESS-TOAST-4): unknown names ('unrecognized parameter
  "Fillfactor"' -- names are case-sensitive, a quoted mixed-case name is
  never lower-cased), repeated names, values that do not parse for the
  option's type, and values out of the option's range ('value 2 out of
  bounds for option "fillfactor"', DETAIL 'Valid values are between "10"
  and "100".').  Validation runs over the whole resulting list, old
  entries included, before anything is stored.
* ``pg_class.reloptions`` holds ``name=value`` texts in PostgreSQL's order:
  the entries SET did not name keep their places, the named ones are
  appended in the order written; the value is the text as written
  (``autovacuum_enabled`` alone is stored as ``autovacuum_enabled=true``).
  ``toast.``-qualified options go to the TOAST relation's own list.
* A table has a TOAST relation exactly when PostgreSQL's needs_toast_table
  says so (INV-ACCESS-TOAST-5): some varlena column has a storage other
  than plain and the widest possible row exceeds TOAST_TUPLE_THRESHOLD (or
  some varlena column has no maximum size).  It is created with the table
  or by the first ALTER TABLE after which it is needed, never removed
  before the table is, and gets two OIDs of its own -- ``pg_toast_<oid>``
  (relkind 't') and ``pg_toast_<oid>_index`` -- as PostgreSQL's do.

Entry points:
    table_reloptions(defs, relkind, existing=None, reset=False, create=False)
        -> (heap options, toast options)   validated lists of "name=value"
    set_rel_options(session, rel, defs, reset)      ALTER TABLE SET/RESET (...)
    set_storage(session, rel, colname, mode)        ALTER COLUMN SET STORAGE
    set_compression(session, rel, colname, method)  ALTER COLUMN SET COMPRESSION
    compression_code(cat, typoid, method) -> '' | 'p'  COMPRESSION of CREATE TABLE
    set_attribute_options(session, rel, colname, defs, reset)
    column_storage(cat, col) -> 'p' | 'e' | 'm' | 'x'  (pg_attribute.attstorage)
    check_storage_merge / check_compression_merge  (MergeAttributes conflicts)
    needs_toast_table(cat, rel) -> bool
    ensure_toast_table(cat, rel) -> bool          (AlterTableCreateToastTable)
    heap_storage(cat, rel) -> (storages, toast_tuple_target)
    reloption_value(options, name) -> str | None
"""
from __future__ import annotations

from dataclasses import dataclass

from pgref.errors import (DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                          SYNTAX_ERROR, UNDEFINED_COLUMN, PgError)
from pgref.sql import ast as A

INT_MAX = 2 ** 31 - 1
DBL_MAX = 1.7976931348623157e308

HEAP = "heap"
TOAST = "toast"
ATTRIBUTE = "attribute"


@dataclass(frozen=True)
class RelOpt:
    """One entry of PostgreSQL's boolRelOpts / intRelOpts / realRelOpts /
    enumRelOpts tables, reduced to the kinds pgref has."""
    name: str
    type: str                    # 'bool' | 'int' | 'real' | 'enum'
    kinds: frozenset
    lo: float = 0
    hi: float = 0
    values: tuple = ()           # enum: accepted spellings
    detail: str = ""             # enum: the DETAIL of an invalid value


_HT = frozenset((HEAP, TOAST))
_H = frozenset((HEAP,))
_A = frozenset((ATTRIBUTE,))

# reloptions.c, PostgreSQL 15 (only the table, TOAST and attribute kinds)
RELOPTS: dict[str, RelOpt] = {o.name: o for o in (
    RelOpt("autovacuum_enabled", "bool", _HT),
    RelOpt("user_catalog_table", "bool", _H),
    RelOpt("vacuum_truncate", "bool", _HT),
    RelOpt("fillfactor", "int", _H, 10, 100),
    RelOpt("autovacuum_vacuum_threshold", "int", _HT, 0, INT_MAX),
    RelOpt("autovacuum_vacuum_insert_threshold", "int", _HT, -1, INT_MAX),
    RelOpt("autovacuum_analyze_threshold", "int", _H, 0, INT_MAX),
    RelOpt("autovacuum_vacuum_cost_limit", "int", _HT, 1, 10000),
    RelOpt("autovacuum_freeze_min_age", "int", _HT, 0, 1000000000),
    RelOpt("autovacuum_multixact_freeze_min_age", "int", _HT, 0, 1000000000),
    RelOpt("autovacuum_freeze_max_age", "int", _HT, 100000, 2000000000),
    RelOpt("autovacuum_multixact_freeze_max_age", "int", _HT, 10000, 2000000000),
    RelOpt("autovacuum_freeze_table_age", "int", _HT, 0, 2000000000),
    RelOpt("autovacuum_multixact_freeze_table_age", "int", _HT, 0, 2000000000),
    RelOpt("log_autovacuum_min_duration", "int", _HT, -1, INT_MAX),
    RelOpt("toast_tuple_target", "int", _H, 128, 8160),
    RelOpt("parallel_workers", "int", _H, 0, 1024),
    RelOpt("autovacuum_vacuum_cost_delay", "real", _HT, 0.0, 100.0),
    RelOpt("autovacuum_vacuum_scale_factor", "real", _HT, 0.0, 100.0),
    RelOpt("autovacuum_vacuum_insert_scale_factor", "real", _HT, 0.0, 100.0),
    RelOpt("autovacuum_analyze_scale_factor", "real", _H, 0.0, 100.0),
    RelOpt("n_distinct", "real", _A, -1.0, DBL_MAX),
    RelOpt("n_distinct_inherited", "real", _A, -1.0, DBL_MAX),
    RelOpt("vacuum_index_cleanup", "enum", _HT,
           values=("auto", "on", "off", "true", "false", "yes", "no", "1", "0"),
           detail='Valid values are "on", "off", and "auto".'),
)}

VALID_NAMESPACES = (TOAST,)

# the options of each index access method (btoptions / hashoptions, reloptions.c);
# validated by engine/reindex.py index_reloptions
INDEX_RELOPTS: dict[str, dict[str, RelOpt]] = {
    "btree": {o.name: o for o in (RelOpt("fillfactor", "int", frozenset(("btree",)), 10, 100),
                                  RelOpt("deduplicate_items", "bool", frozenset(("btree",))))},
    "hash": {o.name: o for o in (RelOpt("fillfactor", "int", frozenset(("hash",)), 10, 100),)},
}


# -- values -------------------------------------------------------------------------

def def_string(arg) -> str:
    """defGetString: the text of an option's value as written."""
    if arg is None:
        return "true"
    if isinstance(arg, A.String):
        return arg.sval
    if isinstance(arg, A.Integer):
        return str(arg.ival)
    if isinstance(arg, A.Float):
        return arg.fval
    if isinstance(arg, A.Boolean):
        return "true" if arg.boolval else "false"
    if isinstance(arg, A.TypeName):
        return ".".join(arg.names)
    if isinstance(arg, tuple):                    # an operator name
        return ".".join(str(x) for x in arg)
    raise PgError(FEATURE_NOT_SUPPORTED, f"option value {type(arg).__name__} is not supported")


def parse_bool(text: str) -> bool | None:
    """parse_bool: true/false/yes/no/on/off/1/0 and their unique prefixes,
    case-insensitively, surrounding blanks allowed; None if not a boolean."""
    s = text.strip().lower()
    if not s:
        return None
    for word, val in (("true", True), ("false", False), ("yes", True), ("no", False)):
        if word.startswith(s):
            return val
    if len(s) >= 2 and "on".startswith(s):
        return True
    if len(s) >= 2 and "off".startswith(s):
        return False
    if s == "1":
        return True
    if s == "0":
        return False
    return None


def _parse_int(text: str) -> int | None:
    """parse_int without units: strtol with base 0 (decimal, 0x hex, 0
    octal), else a number with a fraction or exponent rounded half to even
    (rint); None if it is neither or falls outside int4."""
    s = text.strip()
    if not s or "_" in s:
        return None
    digits = s.lstrip("+-")
    try:
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            v = int(s, 8)
        else:
            v = int(s, 0)
    except ValueError:
        try:
            f = float(s)
        except ValueError:
            return None
        if f != f or f in (float("inf"), float("-inf")):
            return None
        v = round(f)
    if v < -2 ** 31 or v > INT_MAX:
        return None
    return v


def _parse_real(text: str) -> float | None:
    try:
        f = float(text.strip())
    except ValueError:
        return None
    return f


def validate_value(opt: RelOpt, text: str) -> None:
    """parse_one_reloption: raise PostgreSQL's error for a value that does
    not parse for the option's type or is out of its range."""
    name = opt.name
    if opt.type == "bool":
        if parse_bool(text) is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for boolean option "{name}": {text}')
    elif opt.type == "int":
        v = _parse_int(text)
        if v is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for integer option "{name}": {text}')
        if v < opt.lo or v > opt.hi:
            raise PgError(INVALID_PARAMETER_VALUE, f'value {text} out of bounds for option "{name}"',
                          detail=f'Valid values are between "{int(opt.lo)}" and "{int(opt.hi)}".')
    elif opt.type == "real":
        v = _parse_real(text)
        if v is None:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid value for floating point option "{name}": {text}')
        if v < opt.lo or v > opt.hi:
            raise PgError(INVALID_PARAMETER_VALUE, f'value {text} out of bounds for option "{name}"',
                          detail=f'Valid values are between "{opt.lo:f}" and "{opt.hi:f}".')
    elif text.lower() not in opt.values:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for enum option "{name}": {text}',
                      detail=opt.detail)


def validate(options: list[str], kind: str) -> None:
    """parseRelOptions(validate=true) for one relation kind: every entry
    must name an option of that kind, once, with a valid value."""
    seen = set()
    for item in options:
        name, _, text = item.partition("=")
        opt = RELOPTS.get(name)
        if opt is None or kind not in opt.kinds:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{name}"')
        if name in seen:
            raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{name}" specified more than once')
        seen.add(name)
        validate_value(opt, text)


def transform(existing: list[str] | None, defs, namespace: str | None, reset: bool,
              accept_oids_off: bool) -> list[str]:
    """transformRelOptions: the new text list for one namespace (None for
    the relation's own options, 'toast' for its TOAST relation's)."""
    out: list[str] = []
    named = {d.defname for d in defs if d.defnamespace == namespace}
    for item in existing or []:
        if item.partition("=")[0] not in named:
            out.append(item)
    for d in defs:
        if reset:
            if d.arg is not None:
                raise PgError(SYNTAX_ERROR, "RESET must not include values for parameters")
            continue
        if d.defnamespace is not None and d.defnamespace not in VALID_NAMESPACES:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter namespace "{d.defnamespace}"')
        if accept_oids_off and d.defnamespace is None and d.defname == "oids":
            on = parse_bool(def_string(d.arg))
            if on is None:
                raise PgError(SYNTAX_ERROR, "oids requires a Boolean value")
            if on:
                raise PgError(FEATURE_NOT_SUPPORTED, "tables declared WITH OIDS are not supported")
            continue
        if d.defnamespace != namespace:
            continue
        if "=" in d.defname:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid option name "{d.defname}": must not contain "="')
        out.append(f"{d.defname}={def_string(d.arg)}")
    return out


def table_reloptions(defs, relkind: str, existing: list[str] | None = None,
                     existing_toast: list[str] | None = None, reset: bool = False,
                     create: bool = False) -> tuple[list[str], list[str]]:
    """The validated (heap, toast) option lists of a table after applying
    ``defs`` (CREATE TABLE WITH / ALTER TABLE SET / RESET).  A partitioned
    table (relkind 'p') accepts no option at all, as in PostgreSQL 15."""
    defs = tuple(defs or ())
    heap = transform(existing, defs, None, reset, create)
    validate(heap, HEAP if relkind != "p" else "partitioned")
    toast = transform(existing_toast, defs, TOAST, reset, create)
    validate(toast, TOAST)
    return heap, toast


def reloption_value(options: list[str] | None, name: str) -> str | None:
    """The text of option ``name`` in a reloptions list, or None."""
    for item in options or ():
        k, _, v = item.partition("=")
        if k == name:
            return v
    return None


# -- ALTER TABLE ------------------------------------------------------------------------

def set_rel_options(session, rel, defs, reset: bool) -> None:
    """ATExecSetRelOptions: ALTER TABLE ... SET (...) / RESET (...)."""
    if rel.kind != "r":
        raise PgError(FEATURE_NOT_SUPPORTED, "storage parameters of views, sequences and indexes are "
                      "not supported yet")
    relkind = "p" if rel.partkey is not None else "r"
    defs = tuple(defs)
    heap = transform(rel.reloptions, defs, None, reset, False)
    validate(heap, HEAP if relkind != "p" else "partitioned")
    toast = None
    if rel.toast_oid:                  # toast.* options of a table without one are ignored
        toast = transform(rel.toast_reloptions, defs, TOAST, reset, False)
        validate(toast, TOAST)
    rel.reloptions = heap or None
    if rel.toast_oid:
        rel.toast_reloptions = toast or None
    session.db.cat.changed()


STORAGE_CODES = {"plain": "p", "external": "e", "extended": "x", "main": "m"}


def _column(rel, name: str):
    c = rel.column(name)
    if c is None:
        raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation "{rel.name}" does not exist')
    return c


def type_default_storage(cat, typoid: int) -> str:
    """pg_type.typstorage: the builtin value, 'x' for user arrays and
    composite types, 'p' for other user types of fixed length."""
    from pgref.access.common.datum import _load_types, type_storage
    if typoid in _load_types():
        return type_storage(typoid)
    t = cat.typeinfo(typoid)
    if t is None:
        return "p"
    if t.typtype == "d" and t.basetype:           # a domain stores as its base type
        return type_default_storage(cat, t.basetype)
    return "x" if t.typlen == -1 else "p"


def column_storage(cat, col) -> str:
    """pg_attribute.attstorage of a column."""
    return col.storage or type_default_storage(cat, col.typ)


def storage_name(code: str) -> str:
    """storage_name(): how messages spell a storage strategy."""
    return {"p": "PLAIN", "e": "EXTERNAL", "x": "EXTENDED", "m": "MAIN"}.get(code, "???")


def check_storage_merge(cat, inherited, like) -> None:
    """MergeAttributes: a LIKE ... INCLUDING STORAGE column merged into an
    inherited one must agree on the storage strategy (which it then keeps)."""
    mine, theirs = column_storage(cat, inherited), column_storage(cat, like)
    if mine != theirs:
        raise PgError(DATATYPE_MISMATCH, f'column "{inherited.name}" has a storage parameter conflict',
                      detail=f"{storage_name(mine)} versus {storage_name(theirs)}")


def set_storage(session, rel, colname: str, mode: str) -> None:
    """ATExecSetStorage: a toastable strategy only for a type that is
    TOAST-aware (typstorage other than plain)."""
    code = STORAGE_CODES.get(mode.lower())
    if code is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid storage type "{mode}"')
    cat = session.db.cat
    col = _column(rel, colname)
    if code != "p" and type_default_storage(cat, col.typ) == "p":
        raise PgError(FEATURE_NOT_SUPPORTED, f"column data type {cat.format_type(col.typ)} can only have "
                      "storage PLAIN")
    col.storage = code
    cat.changed()


def compression_code(cat, typoid: int, method: str) -> str:
    """GetAttributeCompression: the attcompression code of ``COMPRESSION
    method`` on a column of type ``typoid`` -- '' for default, 'p' for
    pglz; lz4 needs a server built with it, which pgref is not."""
    if type_default_storage(cat, typoid) == "p":
        raise PgError(FEATURE_NOT_SUPPORTED, f"column data type {cat.format_type(typoid)} does not "
                      "support compression")
    method = method.lower()
    if method == "default":
        return ""
    if method == "pglz":
        return "p"
    if method == "lz4":
        raise PgError(FEATURE_NOT_SUPPORTED, "compression method lz4 not supported",
                      detail="This functionality requires the server to be built with lz4 support.")
    raise PgError(INVALID_PARAMETER_VALUE, f'invalid compression method "{method}"')


_COMPRESSION_NAMES = {"p": "pglz", "l": "lz4"}


def check_compression_merge(cat, inherited, method: str) -> None:
    """MergeAttributes: ``COMPRESSION method`` written on a column that is
    also inherited must name the inherited column's method, if it has one;
    the column then takes it."""
    method = method.lower()
    have = _COMPRESSION_NAMES.get(inherited.compression)
    if have is not None and method != "default" and have != method:
        raise PgError(DATATYPE_MISMATCH, f'column "{inherited.name}" has a compression method conflict',
                      detail=f"{have} versus {method}")
    inherited.compression = compression_code(cat, inherited.typ, method)


def set_compression(session, rel, colname: str, method: str) -> None:
    """ATExecSetCompression: ALTER COLUMN ... SET COMPRESSION."""
    cat = session.db.cat
    col = _column(rel, colname)
    col.compression = compression_code(cat, col.typ, method)
    cat.changed()


def set_attribute_options(session, rel, colname: str, defs, reset: bool) -> None:
    """ATExecSetOptions: ALTER COLUMN ... SET (n_distinct = ...) / RESET."""
    col = _column(rel, colname)
    opts = transform(col.options, tuple(defs), None, reset, False)
    validate(opts, ATTRIBUTE)
    col.options = opts or None
    session.db.cat.changed()


# -- the TOAST relation ----------------------------------------------------------------------

TOAST_TUPLE_THRESHOLD = 2032
UTF8_MAX_LEN = 4


def _type_maximum_size(typoid: int, typmod: int) -> int:
    """type_maximum_size (format_type.c): the widest stored value of a
    varlena type with this typmod, or -1 when it has no limit."""
    from pgref.types import oids as T
    if typmod < 0:
        return -1
    if typoid in (T.BPCHAROID, T.VARCHAROID):
        return (typmod - 4) * UTF8_MAX_LEN + 4
    if typoid == T.NUMERICOID:
        if typmod < 4:
            return -1
        precision = ((typmod - 4) >> 16) & 0xFFFF
        return 8 + ((precision + 2 * 3) // 4) * 2
    if typoid in (T.BITOID, T.VARBITOID):
        return 4 + 4 + (typmod + 7) // 8
    return -1


def needs_toast_table(cat, rel) -> bool:
    """needs_toast_table (toasting.c): an ordinary table whose rows may
    hold a toastable value or can grow past TOAST_TUPLE_THRESHOLD
    (INV-ACCESS-TOAST-5)."""
    if rel.kind != "r" or rel.partkey is not None:
        return False
    from pgref.access.common.datum import attr_for_type
    data_length = 0
    undefined = False
    toastable = False
    for c in rel.columns:
        if c.dropped:
            continue
        t = cat.typeinfo(c.typ)
        if t is not None:
            typlen, align = t.typlen, t.align
        else:
            _o, typlen, align, _b = attr_for_type(c.typ)
        a = {"c": 1, "s": 2, "i": 4, "d": 8}.get(align, 4)
        data_length += -data_length % a
        if typlen > 0:
            data_length += typlen
            continue
        maxlen = _type_maximum_size(c.typ, c.typmod) if typlen == -1 else -1
        if maxlen < 0:
            undefined = True
        else:
            data_length += maxlen
        if column_storage(cat, c) != "p":
            toastable = True
    if not toastable:
        return False
    if undefined:
        return True
    hdr = 23 + (len(rel.columns) + 7) // 8
    tuple_length = ((hdr + 7) & ~7) + ((data_length + 7) & ~7)
    return tuple_length > TOAST_TUPLE_THRESHOLD


def ensure_toast_table(cat, rel) -> bool:
    """AlterTableCreateToastTable: give ``rel`` its TOAST relation (and
    the relation's index) if it needs one and has none; True if created."""
    if rel.toast_oid:
        return False
    if not needs_toast_table(cat, rel):
        rel.toast_reloptions = None    # WITH (toast.x = ...) of a table that gets none is dropped
        return False
    rel.toast_oid = cat.new_oid()
    rel.toast_index_oid = cat.new_oid()
    cat.changed()
    return True


def heap_storage(cat, rel) -> tuple[list[str], int | None]:
    """What the heap needs to toast a row of ``rel``: each attribute's
    attstorage (dropped columns keep theirs; 'p' for fixed-length ones)
    and toast_tuple_target (None for the default).  Called whenever the
    executor opens the table, so built-in types' answers are cached."""
    storages = []
    for c in rel.columns:
        st = c.storage or _BUILTIN_STORAGE.get(c.typ)
        if not st:
            st = _varlena_storage(cat, c.typ)
        storages.append(st)
    target = reloption_value(rel.reloptions, "toast_tuple_target") if rel.reloptions else None
    return storages, (_parse_int(target) if target is not None else None)


_BUILTIN_STORAGE: dict[int, str] = {}      # typoid -> storage the heap uses (built-in types only)


def _varlena_storage(cat, typoid: int) -> str:
    from pgref.access.common.datum import _load_types
    t = cat.typeinfo(typoid)
    if t is None:
        from pgref.access.common.datum import type_storage
        st = type_storage(typoid)             # a dropped type: storage still knows it (INV-CAT-2)
    else:
        st = type_default_storage(cat, typoid) if t.typlen == -1 else "p"
    if typoid in _load_types() and typoid < 16384:
        _BUILTIN_STORAGE[typoid] = st
    return st

"""User-defined functions and procedures: CREATE / ALTER / DROP FUNCTION and
PROCEDURE, CALL, DO, LOAD, and running SQL-language functions
(PostgreSQL's functioncmds.c, pg_proc.c, functions.c, fmgr validators).

Where it sits: ``engine/`` (spec/12-functions.md).  ``install(HANDLERS)``
adds the statement handlers to ``ddl.HANDLERS`` (chaining the handlers of
statements other object kinds share, such as DROP and ALTER ... RENAME);
importing the module also installs the executor's caller for user routines
(``executor/userfunc.py``).

What it guarantees:

* CREATE FUNCTION / PROCEDURE checks what PostgreSQL checks, in the same
  order and with the same messages: options (42601 conflicting or redundant
  options, 42P13 invalid attribute in procedure definition), language
  (42704; plpgsql is handed to pgref/plpgsql, spec/13-plpgsql.md), parameters
  (interpret_function_parameter_list), result type (compute_return_type,
  shell types: NOTICE or 42P13 for SQL), polymorphic signatures, OR REPLACE
  compatibility, and the language validator: internal functions must name a
  built-in C function (42883), C functions a library and symbol pgref knows
  (``pgref/regresslib``; 58P01 / 42883 otherwise), SQL bodies are parsed and
  analyzed and their result checked (check_sql_fn_retval) when
  ``check_function_bodies`` is on (INV-FUNC-3).
* A SQL function runs its statements in the calling session and
  transaction, each seeing the effects of the ones before (the command id
  advances before each statement); the result is the last statement's first
  row (or all rows for SETOF), coerced to the declared result type by
  assignment rules (INV-FUNC-5).  Errors carry PostgreSQL's CONTEXT line
  ``SQL function "f" statement n``.

Entry points:
    install(handlers)
    create_function(session, stmt, text) / drop_routines / alter_function
    call_procedure(session, stmt, text) / do_block / load_library
    lookup_routine(session, owa, kind, missing_ok) -> ProcRow | None
    sql_function_caller(ectx, proc, argtypes, rettype) -> f(*args)
"""
from __future__ import annotations

import dataclasses
import sys

from pgref.analyzer import coerce as C
from pgref.catalog.builtin import procs as builtin_procs
from pgref.catalog.catalog import PG_CATALOG
from pgref.catalog.userprocs import LANG_C, LANG_INTERNAL, LANG_SQL, UserProc
from pgref.engine.session import Column, Result
from pgref.errors import (AMBIGUOUS_FUNCTION, FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, UNDEFINED_FUNCTION,
                          UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

INVALID_FUNCTION_DEFINITION = "42P13"
DUPLICATE_FUNCTION = "42723"
UNDEFINED_FILE = "58P01"

LANGUAGES = {"internal": LANG_INTERNAL, "c": LANG_C, "sql": LANG_SQL}
# nested SQL function calls: each level costs a few hundred Python frames,
# so the interpreter's limit is raised once and the nesting itself is bounded
# (PostgreSQL's max_stack_depth check, 54001)
MAX_DEPTH = 200
RECURSION_LIMIT = 60000
PLPGSQL = 13563          # pg_language.oid of plpgsql in a fresh PostgreSQL 15 cluster (pg_language.csv)


def _notice(session, message: str, sqlstate: str = "00000", detail: str | None = None) -> None:
    session.notices.append(PgError(sqlstate, message, detail=detail, severity="NOTICE"))


def _pos(loc: int | None) -> int | None:
    return loc + 1 if loc is not None and loc >= 0 else None


def _kind_word(kind: str) -> str:
    return "procedure" if kind == "p" else "function"


# ======================================================================= types
def _is_shell(cat, oid: int) -> bool:
    td = getattr(cat, "type_defs", {}).get(oid)
    return td is not None and not getattr(td, "isdefined", True)


def _type_name(tn: A.TypeName) -> str:
    """TypeNameToString."""
    names = [n for n in tn.names if n != "pg_catalog"] if len(tn.names) == 2 and tn.names[0] == "pg_catalog" \
        else list(tn.names)
    s = ".".join(names)
    if tn.pct_type:
        s += "%TYPE"
    return s + "[]" * len(tn.array_bounds)


def _resolve_type(session, tn: A.TypeName) -> tuple[int, int]:
    """LookupTypeName for function signatures: ``x%TYPE`` names a column's
    type (with PostgreSQL's NOTICE); SETOF is the caller's business."""
    ea = session.expr_analyzer()
    if tn.pct_type:
        names = tn.names
        if len(names) < 2:
            raise PgError(SYNTAX_ERROR, f"improper %TYPE reference (too few dotted names): {'.'.join(names)}",
                          position=_pos(tn.location))
        rv = A.RangeVar(schemaname=names[-3] if len(names) > 2 else None, relname=names[-2])
        rel = session.db.cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())
        if rel is None:
            raise PgError("42P01", f'relation "{".".join(names[:-1])}" does not exist', position=_pos(tn.location))
        col = rel.column(names[-1])
        if col is None:
            raise PgError("42703", f'column "{names[-1]}" of relation "{rel.name}" does not exist',
                          position=_pos(tn.location))
        typ = col.typ
        if tn.array_bounds:
            typ = session.db.cat.typeinfo(typ).array
        _notice(session, f"type reference {_type_name(tn)} converted to {session.db.cat.format_type(typ)}")
        return typ, col.typmod
    return ea.type_from_name(dataclasses.replace(tn, setof=False))


def _make_shell(session, tn: A.TypeName) -> int:
    """TypeShellMake for the result type of a C or internal function."""
    from pgref.catalog.builtin import TypeRow
    from pgref.catalog.typedefs import TypeDef
    cat = session.db.cat
    schema = tn.names[-2] if len(tn.names) > 1 else None
    nsp = session.creation_namespace(schema)
    oid = cat.new_oid()
    cat.user_types[oid] = TypeRow(oid, tn.names[-1], nsp, 4, True, "p", "P", False, ",", 0, 0, 0, "i", 0, -1, 0, 0)
    cat.type_defs[oid] = TypeDef(oid, isdefined=False)
    cat.changed()
    return oid


# ======================================================================= options
@dataclasses.dataclass
class Attributes:
    language: str | None = None
    as_items: tuple | None = None
    volatile: str = "v"
    strict: bool = False
    secdef: bool = False
    leakproof: bool = False
    cost: float | None = None
    rows: float | None = None
    support: tuple | None = None
    parallel: str = "u"
    config: list = dataclasses.field(default_factory=list)
    window: bool = False


_PROC_INVALID = ("volatility", "strict", "leakproof", "cost", "rows", "support", "parallel")


def _number(v) -> float:
    if isinstance(v, A.Integer):
        return float(v.ival)
    if isinstance(v, A.Float):
        return float(v.fval)
    return float(v)


def _config_item(session, st: A.VariableSetStmt, config: list) -> list:
    """ProcessSetResetClause into proconfig ('name=value' strings)."""
    from pgref.engine.guc import lookup
    if st.kind == "reset_all":
        return []
    name = st.name
    if st.kind in ("reset", "default"):
        return [c for c in config if c.split("=", 1)[0] != lookup(name).name]
    if st.kind == "current":
        value = session.settings.get(name)
    else:
        from pgref.engine.utility import _const_text
        parts = [_const_text(a) for a in st.args]
        value = ", ".join(parts)
    canon = lookup(name).name
    return [c for c in config if c.split("=", 1)[0] != canon] + [f"{canon}={value}"]


def compute_attributes(session, options, is_procedure: bool, attrs: Attributes | None = None,
                       creating: bool = True) -> Attributes:
    """compute_function_attributes / compute_common_attribute."""
    a = attrs or Attributes()
    seen: set[str] = set()
    for d in options:
        name = d.defname
        if name in seen and name != "set":
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options", position=_pos(d.location))
        seen.add(name)
        if is_procedure and (name in _PROC_INVALID or name == "window"):
            raise PgError(INVALID_FUNCTION_DEFINITION, "invalid attribute in procedure definition",
                          position=_pos(d.location))
        v = d.arg
        if name == "as":
            a.as_items = tuple(x.sval for x in v)
        elif name == "language":
            a.language = v.sval
        elif name == "transform":
            raise PgError(FEATURE_NOT_SUPPORTED, "TRANSFORM FOR TYPE is not supported", position=_pos(d.location))
        elif name == "window":
            a.window = True
        elif name == "volatility":
            a.volatile = v.sval[0]
        elif name == "strict":
            a.strict = v.boolval
        elif name == "security":
            a.secdef = v.boolval
        elif name == "leakproof":
            a.leakproof = v.boolval
        elif name == "cost":
            a.cost = _number(v)
            if a.cost <= 0:
                raise PgError("22023", "COST must be positive")
        elif name == "rows":
            a.rows = _number(v)
            if a.rows <= 0:
                raise PgError("22023", "ROWS must be positive")
        elif name == "support":
            a.support = v
        elif name == "parallel":
            p = v.sval
            if p not in ("safe", "restricted", "unsafe"):
                raise PgError(SYNTAX_ERROR, 'parameter "parallel" must be SAFE, RESTRICTED, or UNSAFE',
                              position=_pos(d.location))
            a.parallel = p[0]
        elif name == "set":
            a.config = _config_item(session, v, a.config)
    return a


# ======================================================================= CREATE
@dataclasses.dataclass
class Signature:
    intypes: list
    alltypes: list
    modes: list
    names: list
    defaults: list                # raw ASTs, for the trailing inputs
    variadic: int = 0
    required: int = 0             # result type required by OUT parameters (0: none)
    shells: list = dataclasses.field(default_factory=list)


def interpret_parameters(session, params, is_procedure: bool, lang: int) -> Signature:
    """interpret_function_parameter_list."""
    cat = session.db.cat
    sig = Signature([], [], [], [], [])
    out_count = 0
    var_count = 0
    have_defaults = False
    have_names = False
    outtypes = []
    for i, fp in enumerate(params):
        mode = "i" if fp.mode == "d" else fp.mode
        tn = fp.arg_type
        typ, _mod = _resolve_type(session, tn)
        if _is_shell(cat, typ):
            if lang == LANG_SQL:
                raise PgError(INVALID_FUNCTION_DEFINITION, f"SQL function cannot accept shell type {_type_name(tn)}")
            _notice(session, f"argument type {_type_name(tn)} is only a shell", WRONG_OBJECT_TYPE)
        if tn.setof:
            what = "procedures" if is_procedure else "functions"
            raise PgError(INVALID_FUNCTION_DEFINITION, f"{what} cannot accept set arguments")
        isinput = False
        if mode not in ("o", "t"):
            if var_count > 0:
                raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be the last input parameter")
            sig.intypes.append(typ)
            isinput = True
        if mode not in ("i", "v"):
            if is_procedure:
                if var_count > 0:
                    raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be the last parameter")
                sig.required = T.RECORDOID
            elif out_count == 0:
                sig.required = typ
            out_count += 1
            outtypes.append(typ)
        if mode == "v":
            sig.variadic = typ
            var_count += 1
            if typ not in (C.ANYARRAY, C.ANYCOMPATIBLEARRAY, C.ANY):
                t = cat.typeinfo(typ)
                if t is None or not (t.category == "A" and t.elem):
                    raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be an array")
        sig.alltypes.append(typ)
        sig.modes.append(mode)
        if fp.name:
            for prev in params[:i]:
                pm = "i" if prev.mode == "d" else prev.mode
                if mode in ("i", "v") and pm in ("o", "t"):
                    continue
                if pm in ("i", "v") and mode in ("o", "t"):
                    continue
                if prev.name and prev.name == fp.name:
                    raise PgError(INVALID_FUNCTION_DEFINITION, f'parameter name "{fp.name}" used more than once')
            have_names = True
        sig.names.append(fp.name or "")
        if fp.defexpr is not None:
            if not isinput:
                raise PgError(INVALID_FUNCTION_DEFINITION, "only input parameters can have default values")
            _check_default(session, fp.defexpr, typ)
            sig.defaults.append(fp.defexpr)
            have_defaults = True
        else:
            if isinput and have_defaults:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              "input parameters after one with a default value must also have defaults")
            if is_procedure and have_defaults:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              "procedure OUT parameters cannot appear after one with a default value")
    if out_count > 1 and not is_procedure:
        sig.required = T.RECORDOID
    if not have_names:
        sig.names = []
    return sig


def _check_default(session, node, typ: int) -> None:
    """transformExpr(EXPR_KIND_FUNCTION_DEFAULT) + coerce_to_specific_type."""
    from pgref.analyzer.parse_state import ParseState
    for x in A.walk(node):
        if isinstance(x, A.SubLink):
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in DEFAULT expression",
                          position=_pos(x.location))
    ea = session.expr_analyzer()
    e = ea.transform(ParseState(), node)
    if typ in C.POLYMORPHIC or typ == C.ANY:
        return
    if e.typ != typ and e.typ != C.UNKNOWN:
        kind, _ = C.find_coercion_pathway(session.db.cat, typ, e.typ, C.ASSIGNMENT)
        if kind == C.NONE and C.base_type(session.db.cat, e.typ) != C.base_type(session.db.cat, typ):
            from pgref.analyzer.expr import expr_location
            raise PgError("42804", f"argument of DEFAULT must be type {session.db.cat.format_type(typ)}, "
                          f"not type {session.db.cat.format_type(e.typ)}", position=_pos(expr_location(node)))
    ea.coerce(e, typ, -1, C.ASSIGNMENT, -1)


def _poly_family1(t):
    return t in (C.ANYELEMENT, C.ANYARRAY, C.ANYNONARRAY, C.ANYENUM, C.ANYRANGE, C.ANYMULTIRANGE)


def _poly_family2(t):
    return t in (C.ANYCOMPATIBLE, C.ANYCOMPATIBLEARRAY, C.ANYCOMPATIBLENONARRAY, C.ANYCOMPATIBLERANGE,
                 C.ANYCOMPATIBLEMULTIRANGE)


def check_polymorphic_signature(cat, rettype: int, intypes) -> str | None:
    """funcapi.c's check_valid_polymorphic_signature: the DETAIL, or None."""
    if rettype in (C.ANYRANGE, C.ANYMULTIRANGE):
        if any(t in (C.ANYRANGE, C.ANYMULTIRANGE) for t in intypes):
            return None
        return (f"A result of type {cat.format_type(rettype)} requires at least one input of type anyrange "
                "or anymultirange.")
    if rettype in (C.ANYCOMPATIBLERANGE, C.ANYCOMPATIBLEMULTIRANGE):
        if any(t in (C.ANYCOMPATIBLERANGE, C.ANYCOMPATIBLEMULTIRANGE) for t in intypes):
            return None
        return (f"A result of type {cat.format_type(rettype)} requires at least one input of type "
                "anycompatiblerange or anycompatiblemultirange.")
    if _poly_family1(rettype):
        if any(_poly_family1(t) for t in intypes):
            return None
        return (f"A result of type {cat.format_type(rettype)} requires at least one input of type anyelement, "
                "anyarray, anynonarray, anyenum, anyrange, or anymultirange.")
    if _poly_family2(rettype):
        if any(_poly_family2(t) for t in intypes):
            return None
        return (f"A result of type {cat.format_type(rettype)} requires at least one input of type anycompatible, "
                "anycompatiblearray, anycompatiblenonarray, anycompatiblerange, or anycompatiblemultirange.")
    return None


def _check_internal_signature(rettype: int, intypes) -> None:
    if rettype == T.INTERNALOID and T.INTERNALOID not in intypes:
        raise PgError(INVALID_FUNCTION_DEFINITION, 'unsafe use of pseudo-type "internal"',
                      detail="A result of type internal requires at least one input of type internal.")


def _language(session, attrs: Attributes, has_sql_body: bool) -> int:
    lang = attrs.language
    if lang is None:
        if has_sql_body:
            return LANG_SQL
        raise PgError(INVALID_FUNCTION_DEFINITION, "no language specified")
    key = lang.lower() if lang.lower() == lang or lang.lower() in LANGUAGES else lang
    if key in LANGUAGES:
        return LANGUAGES[key]
    if key == "plpgsql":
        return PLPGSQL                      # pgref/plpgsql (spec/13-plpgsql.md)
    hint = "Use CREATE EXTENSION to load the language into the database." if key in (
        "plperl", "plperlu", "plpython3u", "pltcl", "pltclu") else None
    raise PgError(UNDEFINED_OBJECT, f'language "{lang}" does not exist', hint=hint)


def format_procedure(cat, proc, search_path=None) -> str:
    """format_procedure: ``name(argtypes)``, schema-qualified if not visible."""
    name = proc.name
    if proc.namespace not in (PG_CATALOG,) and search_path is not None and proc.namespace not in search_path:
        name = f"{cat.namespace_name(proc.namespace)}.{name}"
    from pgref.types.registry import quote_identifier
    if "." not in name:
        name = quote_identifier(name)
    return f"{name}({','.join(cat.format_type(t) for t in proc.argtypes)})"


def _signature_text(cat, name: str, argtypes) -> str:
    return f"{name}({', '.join(cat.format_type(t) for t in argtypes)})"


def create_function(session, s: A.CreateFunctionStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    names = s.funcname
    schema = names[-2] if len(names) > 1 else None
    fname = names[-1]
    nsp = session.creation_namespace(schema)
    attrs = compute_attributes(session, s.options, s.is_procedure)
    lang = _language(session, attrs, s.sql_body is not None)
    sig = interpret_parameters(session, s.parameters, s.is_procedure, lang)
    if s.is_procedure:
        rettype, retset = (sig.required or T.VOIDOID), False
    elif s.return_type is not None:
        rettype, retset = _return_type(session, s.return_type, lang)
        if sig.required and rettype != sig.required:
            raise PgError(INVALID_FUNCTION_DEFINITION, f"function result type must be "
                          f"{cat.format_type(sig.required)} because of OUT parameters")
    elif sig.required:
        rettype, retset = sig.required, False
    else:
        raise PgError(INVALID_FUNCTION_DEFINITION, "function result type must be specified")
    prosrc, probin = _interpret_as(session, s, attrs, lang, fname, text)
    # ProcedureCreate
    detail = check_polymorphic_signature(cat, rettype, sig.intypes)
    if detail:
        raise PgError(INVALID_FUNCTION_DEFINITION, "cannot determine result data type", detail=detail)
    _check_internal_signature(rettype, sig.intypes)
    if sig.modes and any(m not in ("i", "v") for m in sig.modes):
        for t, m in zip(sig.alltypes, sig.modes):
            if m in ("i", "v"):
                continue
            detail = check_polymorphic_signature(cat, t, sig.intypes)
            if detail:
                raise PgError(INVALID_FUNCTION_DEFINITION, "cannot determine result data type", detail=detail)
            _check_internal_signature(t, sig.intypes)
    variadic = 0
    if sig.variadic:
        v = sig.variadic
        variadic = {C.ANY: C.ANY, C.ANYARRAY: C.ANYELEMENT, C.ANYCOMPATIBLEARRAY: C.ANYCOMPATIBLE}.get(v) \
            or cat.typeinfo(v).elem
    nonin = any(m != "i" for m in sig.modes)
    kind = "p" if s.is_procedure else ("w" if attrs.window else "f")
    support = 0
    if attrs.support is not None:
        support = _support_function(session, attrs.support)
    cost = attrs.cost if attrs.cost is not None else (1.0 if lang in (LANG_INTERNAL, LANG_C) else 100.0)
    rows = attrs.rows if attrs.rows is not None else (1000.0 if retset else 0.0)
    if attrs.rows is not None and not retset:
        raise PgError("22023", "ROWS is not applicable when function does not return a set")
    proc = UserProc(
        oid=0, name=fname, namespace=nsp, lang=lang, kind=kind, strict=attrs.strict, retset=retset,
        volatile=attrs.volatile, nargs=len(sig.intypes), nargdefaults=len(sig.defaults), rettype=rettype,
        argtypes=tuple(sig.intypes), allargtypes=tuple(sig.alltypes) if nonin else None,
        argmodes=tuple(sig.modes) if nonin else None, argnames=tuple(sig.names) if sig.names else None,
        argdefaults="", variadic=variadic, prosrc=prosrc, probin=probin,
        sqlbody=s.sql_body, defaults=tuple(sig.defaults), secdef=attrs.secdef, leakproof=attrs.leakproof,
        parallel=attrs.parallel, cost=cost, rows=rows, support=support, config=tuple(attrs.config), text=text)
    old = _same_signature(cat, nsp, fname, proc.argtypes)
    if old is not None:
        if not s.replace:
            raise PgError(DUPLICATE_FUNCTION, f'function "{fname}" already exists with same argument types')
        _check_replace(session, old, proc)
        oid = old.oid
    else:
        oid = cat.new_oid()
    proc = dataclasses.replace(proc, oid=oid, depends=_dependencies(session, s, oid))
    # the row exists before the validator runs, so a body may call itself
    # (ProcedureCreate inserts, then CommandCounterIncrement, then validates)
    cat.user_procs[oid] = proc
    cat.changed()
    try:
        _validate(session, proc, s, text)
    except PgError:
        if old is not None:
            cat.user_procs[oid] = old
        else:
            cat.user_procs.pop(oid, None)
        cat.changed()
        raise
    return Result("CREATE PROCEDURE" if s.is_procedure else "CREATE FUNCTION")


def _return_type(session, tn: A.TypeName, lang: int) -> tuple[int, bool]:
    """compute_return_type: C and internal functions may name a type that
    does not exist yet (a shell type is made, with a NOTICE)."""
    cat = session.db.cat
    try:
        typ, _ = _resolve_type(session, tn)
    except PgError as e:
        if e.sqlstate != UNDEFINED_OBJECT or tn.pct_type:
            raise
        if lang not in (LANG_INTERNAL, LANG_C):
            raise PgError(UNDEFINED_OBJECT, f'type "{_type_name(tn)}" does not exist')
        if tn.typmods:
            raise PgError(SYNTAX_ERROR, f'type modifier cannot be specified for shell type "{_type_name(tn)}"')
        _notice(session, f'type "{_type_name(tn)}" is not yet defined', UNDEFINED_OBJECT,
                detail="Creating a shell type definition.")
        return _make_shell(session, tn), tn.setof
    if _is_shell(cat, typ):
        if lang == LANG_SQL:
            raise PgError(INVALID_FUNCTION_DEFINITION, f"SQL function cannot return shell type {_type_name(tn)}")
        _notice(session, f"return type {_type_name(tn)} is only a shell", WRONG_OBJECT_TYPE)
    return typ, tn.setof


def _interpret_as(session, s, attrs: Attributes, lang: int, fname: str, text: str) -> tuple[str, str | None]:
    """interpret_AS_clause: (prosrc, probin)."""
    items = attrs.as_items
    if items is None and s.sql_body is None:
        if lang == LANG_SQL:
            raise PgError(INVALID_FUNCTION_DEFINITION, "no function body specified")
        raise PgError(INVALID_FUNCTION_DEFINITION, "no function body specified")
    if items is not None and s.sql_body is not None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "duplicate function body specified")
    if s.sql_body is not None and lang != LANG_SQL:
        raise PgError(INVALID_FUNCTION_DEFINITION, "inline SQL function body only valid for language SQL")
    if lang == LANG_C:
        probin = items[0]
        prosrc = fname if len(items) == 1 or items[1] == "-" else items[1]
        return prosrc, probin
    if s.sql_body is not None:
        return text, None
    if len(items) != 1:
        langname = {LANG_SQL: "sql", LANG_INTERNAL: "internal"}.get(lang, attrs.language)
        raise PgError(INVALID_FUNCTION_DEFINITION, f'only one AS item needed for language "{langname}"')
    prosrc = items[0]
    if lang == LANG_INTERNAL and prosrc == "":
        prosrc = fname
    return prosrc, None


def _support_function(session, names: tuple) -> int:
    cat = session.db.cat
    schema = names[-2] if len(names) > 1 else None
    for p in cat.procs_named(names[-1], schema, session.search_path()):
        if p.argtypes == (T.INTERNALOID,):
            if p.rettype != T.INTERNALOID:
                raise PgError(WRONG_OBJECT_TYPE, f"support function {'.'.join(names)} must return type internal")
            return p.oid
    raise PgError(UNDEFINED_FUNCTION, f"function {'.'.join(names)}(internal) does not exist")


def _same_signature(cat, nsp: int, name: str, argtypes) -> object | None:
    for p in cat.procs_named(name, cat.namespace_name(nsp)):
        if p.namespace == nsp and p.argtypes == tuple(argtypes):
            return p
    return None


def _out_desc(proc):
    if not proc.argmodes:
        return None
    return [(proc.argnames[i] if proc.argnames and i < len(proc.argnames) else "", t)
            for i, (t, m) in enumerate(zip(proc.allargtypes, proc.argmodes)) if m in ("o", "b", "t")]


def _check_replace(session, old, new) -> None:
    """ProcedureCreate's checks for CREATE OR REPLACE."""
    cat = session.db.cat
    if not isinstance(old, UserProc):
        raise PgError("42501", f"must be owner of function {old.name}")
    fname = new.name
    if old.kind != new.kind:
        what = {"a": "an aggregate function", "f": "a function", "p": "a procedure",
                "w": "a window function"}[old.kind]
        raise PgError(WRONG_OBJECT_TYPE, "cannot change routine kind", detail=f'"{fname}" is {what}.')
    dropcmd = "DROP PROCEDURE" if new.kind == "p" else "DROP FUNCTION"
    hint = f"Use {dropcmd} {format_procedure(cat, old, session.search_path())} first."
    if old.rettype != new.rettype or old.retset != new.retset:
        msg = ("cannot change whether a procedure has output parameters" if new.kind == "p"
               else "cannot change return type of existing function")
        raise PgError(INVALID_FUNCTION_DEFINITION, msg, hint=hint)
    if new.rettype == T.RECORDOID:
        od, nd = _out_desc(old), _out_desc(new)
        if (od is None) != (nd is None) or (od is not None and od != nd):
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot change return type of existing function",
                          detail="Row type defined by OUT parameters is different.", hint=hint)
    if old.argnames:
        oldin = _input_names(old)
        newin = _input_names(new)
        for o, n in zip(oldin, newin):
            if o and o != n:
                raise PgError(INVALID_FUNCTION_DEFINITION, f'cannot change name of input parameter "{o}"',
                              hint=hint)
    if old.nargdefaults:
        if new.nargdefaults < old.nargdefaults:
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot remove parameter defaults from existing function",
                          hint=hint)


def _input_names(proc) -> list[str]:
    from pgref.analyzer.sqlfuncs import _input_names as names
    return [n or "" for n in names(proc)]


# ----------------------------------------------------------------------- validators
def _validate(session, proc: UserProc, s, text: str) -> None:
    if proc.lang == LANG_INTERNAL:
        if not _builtin_exists(proc.prosrc):
            raise PgError(UNDEFINED_FUNCTION, f'there is no built-in function named "{proc.prosrc}"')
    elif proc.lang == LANG_C:
        from pgref import regresslib
        regresslib.check_symbol(proc.probin, proc.prosrc)
    elif proc.lang == LANG_SQL:
        _validate_sql(session, proc, s, text)
    elif proc.lang == PLPGSQL:
        from pgref import plpgsql
        plpgsql.validate(session, proc, text)


def _builtin_exists(prosrc: str) -> bool:
    from pgref.types import fmgr
    if fmgr.lookup(prosrc) is not None:
        return True
    return any(p.prosrc == prosrc and p.lang == LANG_INTERNAL for p in builtin_procs().values())


def _validate_sql(session, proc: UserProc, s, text: str) -> None:
    """fmgr_sql_validator."""
    cat = session.db.cat
    rt = cat.typeinfo(proc.rettype)
    if rt is not None and rt.typtype == "p" and proc.rettype not in (T.RECORDOID, T.VOIDOID) \
            and proc.rettype not in C.POLYMORPHIC and not _is_shell(cat, proc.rettype):
        raise PgError(INVALID_FUNCTION_DEFINITION, f"SQL functions cannot return type {cat.format_type(proc.rettype)}")
    haspoly = False
    for t in proc.argtypes:
        ti = cat.typeinfo(t)
        if ti is not None and ti.typtype == "p" and not _is_shell(cat, t):
            if t in C.POLYMORPHIC:
                haspoly = True
            else:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              f"SQL functions cannot have arguments of type {cat.format_type(t)}")
    if proc.sqlbody is not None and haspoly:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "SQL function with unquoted function body cannot have polymorphic arguments")
    if session.settings.get("check_function_bodies") != "on" and proc.sqlbody is None:
        return
    if proc.sqlbody is not None:
        stmts = [_return_select(x) for x in (proc.sqlbody if isinstance(proc.sqlbody, tuple) else (proc.sqlbody,))]
        for x in stmts:
            if not isinstance(x, _PLANNABLE + (A.CallStmt,)):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f"{_command_tag(x)} is not yet supported in unquoted SQL function body")
        body_text = None
    else:
        from pgref.sql.parser import parse
        try:
            stmts = [r.stmt for r in parse(proc.prosrc)]
        except PgError as e:
            raise _transpose(e, proc, text) from None
        body_text = proc.prosrc
        if haspoly:
            return
    try:
        runner = SqlFunctionBody(session, proc, list(proc.argtypes), proc.rettype, stmts, body_text)
        runner.check(validate=True)
    except PgError as e:
        if body_text is None:
            raise
        raise _transpose(e, proc, text) from None


_TAGS = {"CreateStmt": "CREATE TABLE", "ViewStmt": "CREATE VIEW", "IndexStmt": "CREATE INDEX",
         "CreateSeqStmt": "CREATE SEQUENCE", "CreateSchemaStmt": "CREATE SCHEMA", "CreateFunctionStmt":
         "CREATE FUNCTION", "VariableSetStmt": "SET", "TruncateStmt": "TRUNCATE TABLE", "DropStmt": "DROP",
         "AlterTableStmt": "ALTER TABLE", "CommentStmt": "COMMENT", "CopyStmt": "COPY"}


def _command_tag(stmt) -> str:
    from pgref.engine.utility import _statement_name
    return _TAGS.get(type(stmt).__name__) or _statement_name(stmt)


def _transpose(e: PgError, proc, text: str) -> PgError:
    """sql_function_parse_error_callback: an error with a position points
    into the CREATE statement where the body's text is; others get the
    CONTEXT line ``SQL function "f"``."""
    if e.position:
        off = text.find(proc.prosrc) if text else -1
        if off >= 0:
            e.position = off + e.position
        else:
            e.internal_position, e.internal_query, e.position = e.position, proc.prosrc, None
        return e
    _add_context(e, f'SQL function "{proc.name}"')
    return e


def _add_context(e: PgError, line: str) -> None:
    e.context = f"{e.context}\n{line}" if e.context else line


def _return_select(s):
    from pgref.analyzer.sqlfuncs import return_as_select
    return return_as_select(s)


# ======================================================================= running SQL functions
_PLANNABLE = (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt, A.MergeStmt)


class SqlFunctionBody:
    """The statements of one SQL function, analyzed for one set of actual
    argument types (functions.c's SQLFunctionCache)."""

    def __init__(self, session, proc, argtypes: list[int], rettype: int, stmts, body_text: str | None):
        self.session = session
        self.proc = proc
        self.argtypes = argtypes
        self.rettype = rettype
        self.stmts = stmts
        self.body_text = body_text
        self.plans: list = [None] * len(stmts)
        self.version = -1
        self.converters = None

    # --------------------------------------------------------------- analysis
    def _analyzer(self):
        from pgref.analyzer.sqlfuncs import ParamScope, _input_names
        ea = self.session.expr_analyzer(list(self.argtypes))
        ea.post_columnref_hook = ParamScope(self.proc.name, _input_names(self.proc), list(self.argtypes))
        ea.max_params = len(self.argtypes)          # sql_fn_param_ref: no $n beyond the arguments
        return ea

    def plan(self, i: int):
        from pgref.analyzer.modify import ModifyAnalyzer
        from pgref.planner.planner import Planner
        stmt = self.stmts[i]
        if not isinstance(stmt, _PLANNABLE) or (isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None):
            return None
        ea = self._analyzer()
        qa = ModifyAnalyzer(ea)
        if isinstance(stmt, A.SelectStmt):
            q = qa.analyze_select(stmt)
        elif isinstance(stmt, A.InsertStmt):
            q = qa.analyze_insert(stmt)
        elif isinstance(stmt, A.UpdateStmt):
            q = qa.analyze_update(stmt)
        elif isinstance(stmt, A.MergeStmt):
            from pgref.analyzer.merge import analyze_merge
            q = analyze_merge(ea, stmt)
        else:
            q = qa.analyze_delete(stmt)
        planner = Planner(self.session.db.cat, self.session.settings, self.session.db)
        ps = planner.plan(q)
        ps.planner = planner
        ps.param_types = list(self.argtypes)
        return ps

    def check(self, validate: bool = False) -> None:
        """Analyze every statement (check_sql_fn_statements) and the result
        (check_sql_fn_retval)."""
        last = None
        for i, stmt in enumerate(self.stmts):
            if isinstance(stmt, A.TransactionStmt):
                raise PgError(FEATURE_NOT_SUPPORTED, f"{stmt.kind.upper()} is not allowed in an SQL function")
            if isinstance(stmt, A.CallStmt):
                _, proc = analyze_call(self.session, stmt, self._analyzer())
                if proc.argmodes and any(m in ("o", "b") for m in proc.argmodes):
                    raise PgError(FEATURE_NOT_SUPPORTED,
                                  "calling procedures with output arguments is not supported in SQL functions")
                last = None
                continue
            if isinstance(stmt, _PLANNABLE):
                last = self.plan(i)
                self.plans[i] = last
            else:
                last = None
        self.version = self.session.db.cat.version
        self.converters = self.result_converters(last, self.stmts[-1] if self.stmts else None)

    # --------------------------------------------------------------- result shape
    def result_columns(self) -> list[int] | None:
        """The column types a composite / record result must have, or None
        for a scalar result (or a RECORD without OUT parameters)."""
        from pgref.catalog.typedefs import composite_columns
        cat = self.session.db.cat
        cols = composite_columns(cat, C.base_type(cat, self.rettype))
        if cols is not None:
            return [(c[1], c[2]) for c in cols]
        if self.rettype == T.RECORDOID and self.proc.argmodes:
            return [(typ, -1) for typ, m in zip(self._resolved_all(), self.proc.argmodes) if m in ("o", "b", "t")]
        return None

    def _resolved_all(self) -> list[int]:
        """All parameter types with polymorphic OUT types resolved from the
        actual input types."""
        proc = self.proc
        out = []
        for t in proc.allargtypes:
            if t in C.POLYMORPHIC:
                _, t = C.resolve_polymorphic(self.session.db.cat, list(self.argtypes), proc.argtypes, t)
            out.append(t)
        return out

    def result_converters(self, planned, last_stmt):
        """check_sql_fn_retval: validate the final statement against the
        declared result and build per-column coercions."""
        cat = self.session.db.cat
        rettype = self.rettype
        if rettype == T.VOIDOID or (self.proc.kind == "p" and rettype == T.VOIDOID):
            return ("void",)
        fmt = cat.format_type(rettype)
        if planned is None or (planned.command != "select" and not planned.query.returning):
            raise PgError(INVALID_FUNCTION_DEFINITION, f"return type mismatch in function declared to return {fmt}",
                          detail="Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
        coltypes = list(planned.coltypes)
        want = self.result_columns()
        if want is None:
            if rettype == T.RECORDOID:
                if len(coltypes) == 1 and (coltypes[0] == T.RECORDOID or _is_composite(cat, coltypes[0])):
                    return ("whole", None)
                return ("row", [None] * len(coltypes), tuple(coltypes))
            if len(coltypes) != 1:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              f"return type mismatch in function declared to return {fmt}",
                              detail="Final statement must return exactly one column.")
            return ("scalar", self._converter(coltypes[0], rettype, -1, lambda: PgError(
                INVALID_FUNCTION_DEFINITION, f"return type mismatch in function declared to return {fmt}",
                detail=f"Actual return type is {cat.format_type(coltypes[0])}.")))
        if len(coltypes) == 1 and len(want) != 1 and (coltypes[0] == rettype or coltypes[0] == T.RECORDOID):
            return ("whole", None)
        if len(coltypes) == 1 and coltypes[0] == rettype and rettype != T.RECORDOID:
            return ("whole", None)
        convs = []
        for i, (w, wmod) in enumerate(want):
            if i >= len(coltypes):
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              f"return type mismatch in function declared to return {fmt}",
                              detail="Final statement returns too few columns.")
            src = coltypes[i]
            convs.append(self._converter(src, w, wmod, lambda src=src, w=w, i=i: PgError(
                INVALID_FUNCTION_DEFINITION, f"return type mismatch in function declared to return {fmt}",
                detail=f"Final statement returns {cat.format_type(src)} instead of {cat.format_type(w)} "
                       f"at column {i + 1}.")))
        if len(coltypes) > len(want):
            raise PgError(INVALID_FUNCTION_DEFINITION, f"return type mismatch in function declared to return {fmt}",
                          detail="Final statement returns too many columns.")
        return ("row", convs, tuple(w for w, _m in want))

    def _converter(self, src: int, dst: int, typmod: int, error):
        """A coercion of one result value from ``src`` to ``dst`` (and the
        typmod) by assignment rules (coerce_fn_result_column), or None."""
        if (src == dst and typmod == -1) or dst in C.POLYMORPHIC or dst == T.RECORDOID:
            return None
        cat = self.session.db.cat
        if src == C.UNKNOWN:
            src = T.TEXTOID
            if dst == T.TEXTOID:
                return None
        if src == T.RECORDOID:
            from pgref.catalog.typedefs import composite_columns
            fields = composite_columns(cat, C.base_type(cat, dst))
            if fields is not None:
                return self._record_to_composite(fields, error)
        kind, _ = C.find_coercion_pathway(cat, dst, src, C.ASSIGNMENT)
        if kind == C.NONE:
            raise error()
        from pgref.analyzer import nodes as N
        from pgref.executor.expr import Layout, compile_expr
        ea = self.session.expr_analyzer()
        e = ea.coerce(N.Var(-1, 1, src), dst, typmod, C.ASSIGNMENT, -1)
        ectx = self.session.exec_context()
        return compile_expr(e, Layout(()), ectx)

    def _record_to_composite(self, fields, error):
        """coerce_record_to_complex at run time: a ROW(...) value becomes the
        declared composite type field by field (assignment coercions)."""
        from pgref.types.io.record import TypedRecord
        convs: dict = {}

        def conv(row):
            v = row[0]
            if v is None:
                return None
            vals = tuple(getattr(v, "values", v))
            types = tuple(getattr(v, "types", ()))
            if len(vals) != len(fields):
                raise error()
            out = []
            for i, (x, (_n, ft, fm)) in enumerate(zip(vals, fields)):
                st = types[i] if i < len(types) else ft
                key = (i, st)
                if key not in convs:
                    convs[key] = self._converter(st, ft, fm, error)
                c = convs[key]
                out.append(x if c is None or x is None else c((x,)))
            return TypedRecord(tuple(out), tuple(f[1] for f in fields))
        return conv

    # --------------------------------------------------------------- execution
    def run(self, values: list):
        """Run the statements; the last one's rows."""
        session = self.session
        cat = session.db.cat
        fresh = self.version != cat.version
        rows = []
        for i, stmt in enumerate(self.stmts):
            try:
                if session.__dict__.get("pinned_snapshot") is not None:
                    if isinstance(stmt, (A.InsertStmt, A.UpdateStmt, A.DeleteStmt, A.MergeStmt)):
                        raise PgError(FEATURE_NOT_SUPPORTED, f"{type(stmt).__name__[:-4].upper()} is not "
                                                             "allowed in a non-volatile function")
                elif session.xact is not None:
                    session.xact.cid += 1
                if isinstance(stmt, _PLANNABLE) and not (isinstance(stmt, A.SelectStmt) and stmt.into_clause):
                    planned = self.plans[i]
                    if planned is None or fresh or self.version != cat.version:
                        planned = self.plans[i] = self.plan(i)
                    saved = getattr(session, "_rowcount", 0)
                    try:
                        res = session.run_planned(planned, values=list(values))
                    finally:
                        session._rowcount = saved
                    rows = res.rows
                    if i == len(self.stmts) - 1 and (self.converters is None or fresh):
                        self.converters = self.result_converters(planned, stmt)
                else:
                    rows = []
                    self._utility(stmt, values)
                    if i == len(self.stmts) - 1:
                        self.converters = self.result_converters(None, stmt)
            except PgError as e:
                if e.position and self.body_text is not None:
                    e.internal_position, e.internal_query, e.position = e.position, self.body_text, None
                _add_context(e, f'SQL function "{self.proc.name}" statement {i + 1}')
                raise
        self.version = cat.version
        if not self.stmts:
            self.converters = self.result_converters(None, None)
        return rows

    def _utility(self, stmt, values) -> None:
        session = self.session
        if isinstance(stmt, A.CallStmt):
            call_procedure(session, stmt, "", self._analyzer(), values)
            return
        from pgref.engine.utility import run_utility
        run_utility(session, stmt, "", None)

    def shape(self, rows):
        """The function's value(s) from the last statement's rows."""
        conv = self.converters
        kind = conv[0]
        if kind == "void":
            # the last statement's rows are discarded: NULL (a SETOF void yields no rows)
            return [] if self.proc.retset else None
        if kind == "scalar":
            f = conv[1]
            vals = [r[0] if f is None else f((r[0],)) for r in rows]
        elif kind == "whole":
            vals = [r[0] for r in rows]
        else:
            from pgref.executor.userfunc import columns_record
            convs, types = conv[1], conv[2]
            vals = [columns_record(tuple(v if c is None else c((v,)) for v, c in zip(r, convs)), types)
                    for r in rows]
        if self.proc.retset:
            return vals
        return vals[0] if vals else None


def _is_composite(cat, typ: int) -> bool:
    t = cat.typeinfo(typ)
    return t is not None and t.typtype == "c"


def _body_for(session, proc, argtypes, rettype) -> SqlFunctionBody:
    cache = session.__dict__.setdefault("_sqlfunc_cache", {})
    key = (proc.oid, tuple(argtypes), rettype, id(proc))
    body = cache.get(key)
    if body is None or body.proc is not proc:
        from pgref.analyzer.sqlfuncs import body_statements
        if proc.sqlbody is not None:
            stmts, text = body_statements(proc), None
        else:
            from pgref.sql.parser import parse
            try:
                stmts = [r.stmt for r in parse(proc.prosrc)]
            except PgError as e:
                if e.position:
                    e.internal_position, e.internal_query, e.position = e.position, proc.prosrc, None
                _add_context(e, f'SQL function "{proc.name}" during startup')
                raise
            text = proc.prosrc
        body = SqlFunctionBody(session, proc, list(argtypes), rettype, stmts, text)
        if len(cache) > 512:
            cache.clear()
        cache[key] = body
    return body


def sql_function_caller(ectx, proc, argtypes, rettype):
    """The executor's callable for a user SQL or C routine."""
    if proc.lang == LANG_C:
        from pgref import regresslib
        return regresslib.callable_for(ectx, proc, argtypes, rettype)
    if proc.lang == PLPGSQL:
        from pgref import plpgsql
        return plpgsql.caller(ectx, proc, argtypes, rettype)
    session = ectx.session
    if session is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"SQL function {proc.name}() needs a session")
    if argtypes is None:
        argtypes = proc.argtypes
    argtypes = tuple(_concrete_argtypes(session.db.cat, proc, argtypes))
    if rettype is None or rettype in C.POLYMORPHIC:
        rettype = proc.rettype
        if rettype in C.POLYMORPHIC:
            _, rettype = C.resolve_polymorphic(session.db.cat, list(argtypes), proc.argtypes, rettype)

    def call(*args):
        body = _body_for(session, proc, argtypes, rettype)
        values = list(args)
        if len(values) < len(body.argtypes):
            values += [None] * (len(body.argtypes) - len(values))
        depth = session.__dict__.get("_sqlfunc_depth", 0)
        if depth >= MAX_DEPTH:
            raise PgError("54001", "stack depth limit exceeded",
                          hint='Increase the configuration parameter "max_stack_depth" (currently 2048kB), '
                               "after ensuring the platform's stack depth limit is adequate.")
        if depth == 0 and sys.getrecursionlimit() < RECURSION_LIMIT:
            sys.setrecursionlimit(RECURSION_LIMIT)
        session._sqlfunc_depth = depth + 1
        saved_config = _apply_config(session, proc)
        # a STABLE or IMMUTABLE function sees its caller's snapshot and
        # command id; a VOLATILE one takes a new snapshot per statement after
        # advancing the command id, so it sees what the caller already wrote
        # (fmgr_sql's readonly_func)
        saved_pin = session.__dict__.get("pinned_snapshot")
        if proc.volatile != "v" and ectx.snapshot is not None:
            session.pinned_snapshot = (ectx.snapshot, ectx.cid)
        elif proc.volatile == "v":
            session.pinned_snapshot = None
        from pgref.auth.identity import security_definer
        try:
            with security_definer(session, proc):         # spec/16-auth.md
                rows = body.run(values)
            return body.shape(rows)
        finally:
            session._sqlfunc_depth = depth
            session.pinned_snapshot = saved_pin
            _restore_config(session, saved_config)
    return call


def _concrete_argtypes(cat, proc, argtypes) -> list[int]:
    out = []
    for i, t in enumerate(argtypes):
        out.append(t if t != C.UNKNOWN else (proc.argtypes[i] if i < len(proc.argtypes) else T.TEXTOID))
    return out


def _apply_config(session, proc):
    if not proc.config:
        return None
    saved = {}
    for item in proc.config:
        name, value = item.split("=", 1)
        saved[name] = session.settings.get(name)
        session.settings.set(name, value, local=True, in_xact=True)
    return saved


def _restore_config(session, saved) -> None:
    if saved:
        for name, value in saved.items():
            session.settings.set(name, value, local=True, in_xact=True)


# ======================================================================= lookup by signature
def _routine_kind_ok(proc, objtype: str) -> bool:
    if objtype == "routine":
        return True
    if objtype == "procedure":
        return proc.kind == "p"
    return proc.kind != "p"


def lookup_routine(session, owa: A.ObjectWithArgs, objtype: str, missing_ok: bool = False):
    """LookupFuncWithArgs: the routine ``name(argtypes)`` names (or, with no
    argument list, the only routine of that name)."""
    cat = session.db.cat
    names = owa.objname
    schema = names[-2] if len(names) > 1 else None
    name = names[-1]
    if schema is not None and cat.namespace_oid(schema) is None:
        if missing_ok:
            return None
        raise PgError("3F000", f'schema "{schema}" does not exist')
    cands = list(cat.procs_named(name, schema, session.search_path()))
    what = {"procedure": "procedure", "routine": "routine"}.get(objtype, "function")
    if owa.args_unspecified:
        cands = [p for p in cands if p.kind != "a" or objtype in ("aggregate", "routine")]
        if objtype in ("function", "procedure"):
            kinded = [p for p in cands if _routine_kind_ok(p, objtype)]
        else:
            kinded = cands
        if len(kinded) > 1 or (not kinded and len(cands) > 1):
            raise PgError(AMBIGUOUS_FUNCTION, f'{what} name "{".".join(names)}" is not unique',
                          hint=f"Specify the argument list to select the {what} unambiguously.")
        if not cands:
            if missing_ok:
                return None
            raise PgError(UNDEFINED_FUNCTION, f'could not find a {what} named "{".".join(names)}"')
        found = kinded[0] if kinded else cands[0]
    else:
        from pgref.analyzer.resolve import call_argtypes
        argtypes = tuple(_resolve_type(session, tn)[0] for tn in owa.objargs)
        modes = [fp.mode for fp in owa.objfuncargs] if owa.objfuncargs else ["d"] * len(argtypes)
        if "o" in modes:
            # named with its OUT arguments: the full argument list of a procedure
            full = tuple((_resolve_type(session, fp.arg_type)[0], fp.mode == "o") for fp in owa.objfuncargs)
            matches = [p for p in cands if p.kind == "p" and _typed_modes(p) == full]
            matches += [p for p in cands if p.kind != "p" and p.argtypes == argtypes]
        else:
            matches = [p for p in cands if p.argtypes == argtypes]
            if objtype in ("procedure", "routine") and all(m == "d" for m in modes):
                # no modes written: the list may also be all of a procedure's arguments
                matches += [p for p in cands if p.kind == "p" and p not in matches and call_argtypes(p) == argtypes]
        if len(matches) > 1:
            raise PgError(AMBIGUOUS_FUNCTION, f'{what} name "{".".join(names)}" is not unique')
        found = matches[0] if matches else None
        if found is None:
            if missing_ok:
                return None
            raise PgError(UNDEFINED_FUNCTION, f"{what} {_signature_text(cat, '.'.join(names), argtypes)} "
                          "does not exist")
    if objtype == "function" and found.kind == "p":
        raise PgError(WRONG_OBJECT_TYPE, f"{format_procedure(cat, found, session.search_path())} is not a function")
    if objtype == "procedure" and found.kind != "p":
        raise PgError(WRONG_OBJECT_TYPE, f"{format_procedure(cat, found, session.search_path())} is not a procedure")
    return found


def _typed_modes(p) -> tuple:
    """(type, is OUT) for each argument a CALL passes."""
    if not p.argmodes:
        return tuple((t, False) for t in p.argtypes)
    return tuple((t, m == "o") for t, m in zip(p.allargtypes, p.argmodes) if m != "t")


def _missing_message(session, owa, objtype: str) -> str:
    cat = session.db.cat
    what = {"procedure": "procedure", "routine": "routine"}.get(objtype, "function")
    names = ".".join(owa.objname)
    if owa.args_unspecified:
        return f'{what} {names}() does not exist, skipping'
    types = []
    for tn in owa.objargs:
        try:
            types.append(cat.format_type(_resolve_type(session, tn)[0]))
        except PgError:
            types.append(_type_name(tn))
    return f"{what} {names}({','.join(types)}) does not exist, skipping"


# ======================================================================= DROP / ALTER
def drop_routines(session, s: A.DropStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    for owa in s.objects:
        try:
            proc = lookup_routine(session, owa, s.remove_type, missing_ok=s.missing_ok)
        except PgError as e:
            if s.missing_ok and e.sqlstate in ("3F000", UNDEFINED_OBJECT):
                _notice(session, _missing_message(session, owa, s.remove_type))
                continue
            raise
        if proc is None:
            _notice(session, _missing_message(session, owa, s.remove_type))
            continue
        if proc.kind == "a" and s.remove_type == "function":      # RemoveObjects
            raise PgError(WRONG_OBJECT_TYPE, f'"{proc.name}" is an aggregate function',
                          hint="Use DROP AGGREGATE to drop aggregate functions.")
        if not isinstance(proc, UserProc):
            raise PgError("2BP01", f"cannot drop {_kind_word(proc.kind)} "
                          f"{format_procedure(cat, proc, session.search_path())} because it is required by the "
                          "database system")
        from pgref.engine.triggercmds import drop_function_triggers   # triggers using it (spec/09-engine.md)
        drop_function_triggers(session, proc, format_procedure(cat, proc, session.search_path()),
                               _kind_word(proc.kind), s.behavior == "cascade")
        _check_dependents(session, proc, s.behavior == "cascade")
        from pgref.engine.ddl import drop_relations
        drop_relations(session, [(proc, "func")], s.behavior == "cascade")
    return Result(f"DROP {s.remove_type.upper()}")


def _check_dependents(session, proc, cascade: bool) -> None:
    """Views whose query calls the routine depend on it (pg_depend 'n')."""
    from pgref.engine.ddl import _kind_name, drop_relation
    cat = session.db.cat
    users = [r for r in cat.relations.values() if r.kind == "v" and r.view_query is not None
             and _calls(r.view_query, proc.name)]
    if not users:
        return
    sig = format_procedure(cat, proc, session.search_path())
    what = _kind_word(proc.kind)
    if not cascade:
        raise PgError("2BP01", f"cannot drop {what} {sig} because other objects depend on it",
                      detail="\n".join(f"{_kind_name(r)} {r.name} depends on {what} {sig}" for r in users),
                      hint="Use DROP ... CASCADE to drop the dependent objects too.")
    for r in users:
        _notice(session, f"drop cascades to {_kind_name(r)} {r.name}")
        drop_relation(session, r, True, _kind_name(r))


def _calls(tree, name: str) -> bool:
    return any(isinstance(x, A.FuncCall) and x.funcname[-1] == name for x in A.walk(tree))


def alter_function(session, s: A.AlterFunctionStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    proc = lookup_routine(session, s.func, s.objtype)
    if not isinstance(proc, UserProc):
        raise PgError("42501", f"must be owner of function {proc.name}")
    attrs = Attributes(volatile=proc.volatile, strict=proc.strict, secdef=proc.secdef, leakproof=proc.leakproof,
                       cost=proc.cost, rows=proc.rows, parallel=proc.parallel, config=list(proc.config))
    attrs = compute_attributes(session, s.actions, proc.kind == "p", attrs, creating=False)
    if attrs.rows is not None and attrs.rows != proc.rows and not proc.retset:
        raise PgError("22023", "ROWS is not applicable when function does not return a set")
    support = _support_function(session, attrs.support) if attrs.support is not None else proc.support
    cat.user_procs[proc.oid] = dataclasses.replace(
        proc, volatile=attrs.volatile, strict=attrs.strict, secdef=attrs.secdef, leakproof=attrs.leakproof,
        cost=attrs.cost, rows=attrs.rows, parallel=attrs.parallel, config=tuple(attrs.config), support=support)
    cat.changed()
    return Result(f"ALTER {s.objtype.upper()}")


def rename_routine(session, s: A.RenameStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    proc = lookup_routine(session, s.object, s.rename_type)
    if not isinstance(proc, UserProc):
        raise PgError("42501", f"must be owner of function {proc.name}")
    other = _same_signature(cat, proc.namespace, s.newname, proc.argtypes)
    if other is not None:
        raise PgError(DUPLICATE_FUNCTION, f"function {_signature_text(cat, s.newname, proc.argtypes)} already "
                      f'exists in schema "{cat.namespace_name(proc.namespace)}"')
    cat.user_procs[proc.oid] = dataclasses.replace(proc, name=s.newname)
    cat.changed()
    return Result(f"ALTER {s.rename_type.upper()}")


def set_schema_routine(session, s: A.AlterObjectSchemaStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    proc = lookup_routine(session, s.object, s.object_type)
    nsp = cat.namespace_oid(s.newschema)
    if nsp is None:
        raise PgError("3F000", f'schema "{s.newschema}" does not exist')
    if _same_signature(cat, nsp, proc.name, proc.argtypes) is not None:
        raise PgError(DUPLICATE_FUNCTION, f"function {_signature_text(cat, proc.name, proc.argtypes)} already "
                      f'exists in schema "{s.newschema}"')
    cat.user_procs[proc.oid] = dataclasses.replace(proc, namespace=nsp)
    cat.changed()
    return Result(f"ALTER {s.object_type.upper()}")


def owner_routine(session, s: A.AlterOwnerStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    proc = lookup_routine(session, s.object, s.object_type)
    role = _role_oid(session, s.newowner)
    cat.user_procs[proc.oid] = dataclasses.replace(proc, owner=role)
    cat.changed()
    return Result(f"ALTER {s.object_type.upper()}")


def _role_oid(session, spec) -> int:
    """The OID of a role named in OWNER TO (the cluster's roles, auth/roles.py)."""
    from pgref.auth.roles import rolespec_oid
    return rolespec_oid(session, spec)


# ======================================================================= CALL, DO, LOAD
def analyze_call(session, s: A.CallStmt, ea=None):
    """transformCallStmt: the procedure call as a FuncExpr (OUT arguments
    included) and the procedure."""
    from pgref.analyzer.funcs import transform_func_call
    from pgref.analyzer.parse_state import ParseState
    fc = s.funccall
    ea = ea or session.expr_analyzer()
    for a in fc.args:
        for x in A.walk(a):
            if isinstance(x, A.SubLink):
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in CALL argument",
                              position=_pos(getattr(x, "location", -1)))
    e = transform_func_call(ea, ParseState(), fc, include_out=True)
    return e, session.db.cat.proc(e.funcid)


def call_procedure(session, s: A.CallStmt, text: str, ea=None, params=None) -> Result:
    """ExecuteCallStmt: resolve like a function call that also passes OUT
    arguments; run; a procedure with output parameters returns one row.
    ``ea``/``params``: a CALL inside a SQL function (its parameters)."""
    from pgref.executor.expr import Layout, compile_expr
    e, proc = analyze_call(session, s, ea)
    modes = [m for m in (proc.argmodes or ()) if m != "t"] if proc.argmodes else None
    args = list(e.args)
    out_positions: list[int] = []
    if modes:
        out_positions = [i for i, m in enumerate(modes) if m in ("o", "b")]
        inargs = [a for a, m in zip(args, modes) if m != "o"]
    else:
        inargs = args
    ectx = session.exec_context(params)
    values = [compile_expr(a, Layout(()), ectx)(()) for a in inargs]
    if proc.strict and any(v is None for v in values):
        result = None
    elif isinstance(proc, UserProc) and proc.lang != LANG_INTERNAL:
        fn = sql_function_caller(ectx, proc, tuple(a.typ for a in inargs), e.typ)
        result = fn(*values)
    else:
        from pgref.executor.expr import function_impl
        _, fn = function_impl(ectx, proc.oid, tuple(a.typ for a in inargs))
        result = fn(*values)
    if not out_positions:
        return Result("CALL")
    names = proc.argnames or ()
    outs = [i for i, m in enumerate(proc.argmodes) if m in ("o", "b")]
    types = [args[k].typ for k in out_positions]
    cols = [Column(names[i] if i < len(names) and names[i] else "column" + str(j + 1), t)
            for j, (i, t) in enumerate(zip(outs, types))]
    if result is None:
        row = (None,) * len(cols)
    elif len(cols) == 1 and not (proc.rettype == T.RECORDOID and hasattr(result, "values")):
        row = (result,)
    else:
        row = tuple(getattr(result, "values", result))
    return Result("CALL", cols, [row], 1)


def do_block(session, s: A.DoStmt, text: str) -> Result:
    lang = "plpgsql"
    for d in s.args:
        if d.defname == "language":
            lang = d.arg.sval
    if lang.lower() in ("sql", "internal", "c"):
        raise PgError(FEATURE_NOT_SUPPORTED, f'language "{lang}" does not support inline code execution')
    if lang.lower() == "plpgsql":
        from pgref import plpgsql
        code = next(d.arg.sval for d in s.args if d.defname == "as")
        plpgsql.run_inline(session, code, text)
        return Result("DO")
    raise PgError(UNDEFINED_OBJECT, f'language "{lang}" does not exist')


def load_library(session, s: A.LoadStmt, text: str) -> Result:
    from pgref import regresslib
    regresslib.load(s.filename)
    return Result("LOAD")


# ======================================================================= dispatch
def install(handlers: dict) -> None:
    """Add this module's statements to ddl.HANDLERS; statements shared with
    other object kinds dispatch on the object kind and fall back to the
    handler that was there before."""
    handlers[A.CreateFunctionStmt] = create_function
    handlers[A.AlterFunctionStmt] = alter_function
    handlers[A.CallStmt] = call_procedure
    handlers[A.DoStmt] = do_block
    handlers[A.LoadStmt] = load_library
    _chain(handlers, A.DropStmt, lambda st: st.remove_type in ("function", "procedure", "routine"), drop_routines)
    _chain(handlers, A.RenameStmt, lambda st: st.rename_type in ("function", "procedure", "routine"),
           rename_routine)
    _chain(handlers, A.AlterObjectSchemaStmt,
           lambda st: st.object_type in ("function", "procedure", "routine"), set_schema_routine)
    _chain(handlers, A.AlterOwnerStmt, lambda st: st.object_type in ("function", "procedure", "routine"),
           owner_routine)


def _chain(handlers: dict, cls, mine, fn) -> None:
    prev = handlers.get(cls)

    def handler(session, st, text):
        if mine(st):
            return fn(session, st, text)
        if prev is None:
            raise PgError(FEATURE_NOT_SUPPORTED, f"{type(st).__name__} is not supported yet")
        return prev(session, st, text)
    handler.__name__ = f"{getattr(prev, '__name__', 'none')}_or_{fn.__name__}"
    handlers[cls] = handler


def _install_caller() -> None:
    from pgref.executor import userfunc
    userfunc.install(sql_function_caller)


_install_caller()


# ======================================================================= regproc / regprocedure
def _session():
    from pgref.engine.regresolve import current_session
    return current_session.get()


def _regproc_in(text: str) -> int:
    from pgref.engine.regresolve import split_qualified
    s = _session()
    if s is None:
        from pgref.types.io.reg import _FALLBACKS
        return _FALLBACKS["regproc"][0](text)
    parts = split_qualified(text)
    if len(parts) > 2:
        raise PgError("42601", f"improper qualified name (too many dotted names): {text}")
    schema = parts[0] if len(parts) == 2 else None
    cands = s.db.cat.procs_named(parts[-1], schema, s.search_path())
    if not cands:
        raise PgError(UNDEFINED_FUNCTION, f'function "{text}" does not exist')
    if len(cands) > 1:
        raise PgError(AMBIGUOUS_FUNCTION, f'more than one function named "{text}"')
    return cands[0].oid


def _proc_or_none(cat, oid: int):
    try:
        return cat.proc(oid)
    except PgError:
        return None


def _qualified_name(s, proc) -> str:
    from pgref.types.registry import quote_identifier
    cat = s.db.cat
    visible = cat.procs_named(proc.name, None, s.search_path())
    name = quote_identifier(proc.name)
    if any(p.oid == proc.oid for p in visible):
        return name
    return f"{quote_identifier(cat.namespace_name(proc.namespace))}.{name}"


def _regproc_out(oid: int) -> str | None:
    s = _session()
    if s is None:
        from pgref.types.io.reg import _FALLBACKS
        return _FALLBACKS["regproc"][1](oid)
    proc = _proc_or_none(s.db.cat, oid)
    if proc is None:
        return None
    cat = s.db.cat
    from pgref.types.registry import quote_identifier
    visible = cat.procs_named(proc.name, None, s.search_path())
    if len(visible) == 1 and visible[0].oid == oid:
        return quote_identifier(proc.name)
    return f"{quote_identifier(cat.namespace_name(proc.namespace))}.{quote_identifier(proc.name)}"


def _regprocedure_in(text: str) -> int:
    from pgref.sql.parser import parse_one
    s = _session()
    if s is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "regprocedure name lookup is not available without the catalog")
    try:
        stmt = parse_one(f"DROP ROUTINE {text}")
    except PgError:
        raise PgError("22P02", f'invalid input syntax for type regprocedure: "{text}"') from None
    owa = stmt.objects[0]
    if owa.args_unspecified:
        raise PgError("42601", "expected a left parenthesis")
    proc = lookup_routine(s, owa, "routine", missing_ok=True)
    if proc is None:
        raise PgError(UNDEFINED_FUNCTION, f'function "{text}" does not exist')
    return proc.oid


def _regprocedure_out(oid: int) -> str | None:
    s = _session()
    if s is None:
        return None
    proc = _proc_or_none(s.db.cat, oid)
    if proc is None:
        return None
    cat = s.db.cat
    return f"{_qualified_name(s, proc)}({','.join(cat.format_type(t) for t in proc.argtypes)})"


def _install_reg() -> None:
    from pgref.types.io.reg import set_reg_resolver
    set_reg_resolver("regproc", _regproc_in, _regproc_out)
    set_reg_resolver("regprocedure", _regprocedure_in, _regprocedure_out)


_install_reg()



# ======================================================================= pg_get_functiondef
def default_texts(session, proc) -> list[str]:
    """The DEFAULT expressions of a user routine as ruleutils prints
    analyzed constants (``100``, ``'x'::text``)."""
    from pgref.analyzer import nodes as N
    from pgref.analyzer.sqlfuncs import default_exprs
    ea = session.expr_analyzer()
    out = []
    for e in default_exprs(ea, proc, len(proc.defaults)):
        out.append(_const_text(session, e) if isinstance(e, N.Const) else _expr_text(session, e))
    return out


def _const_text(session, e) -> str:
    """get_const_expr: numbers and booleans bare, other values quoted with
    their type (``'x'::text``)."""
    from pgref.types.registry import IOContext, type_output
    if e.value is None:
        return "NULL" if e.typ == C.UNKNOWN else f"NULL::{session.db.cat.format_type(e.typ)}"
    text = type_output(IOContext(session.settings.io), e.typ, e.value)
    if e.typ in (T.INT4OID,) or (e.typ == T.NUMERICOID and text.replace(".", "").lstrip("-").isdigit()):
        return text if not text.startswith("-") else f"'{text}'::{session.db.cat.format_type(e.typ)}" \
            if e.typ != T.INT4OID else text
    if e.typ == T.BOOLOID:
        return "true" if e.value else "false"
    quoted = "'" + text.replace("'", "''") + "'"
    if "\\" in text:
        quoted = "E" + quoted.replace("\\", "\\\\")
    return f"{quoted}::{session.db.cat.format_type(e.typ)}"


def _expr_text(session, e) -> str:
    raise PgError(FEATURE_NOT_SUPPORTED, "displaying this argument default is not supported yet")


def _register_builtins() -> None:
    from pgref.types.fmgr import BUILTINS, builtin
    if "pg_get_functiondef" in BUILTINS:
        return

    @builtin("pg_get_functiondef", ctx=True)
    def pg_get_functiondef(ctx, funcid):
        return functiondef(ctx.session, funcid)


def functiondef(session, funcid: int) -> str | None:
    """ruleutils.c's pg_get_functiondef."""
    from pgref.engine.sessionfuncs import _function_arguments, pg_get_function_result
    from pgref.types.registry import quote_identifier
    cat = session.db.cat
    try:
        p = cat.proc(funcid)
    except PgError:
        return None
    if p.kind == "a":
        raise PgError(WRONG_OBJECT_TYPE, f'"{p.name}" is an aggregate function')
    isfunction = p.kind != "p"
    ctx = session.exec_context()
    out = [f"CREATE OR REPLACE {'FUNCTION' if isfunction else 'PROCEDURE'} "
           f"{quote_identifier(cat.namespace_name(p.namespace))}.{quote_identifier(p.name)}("
           f"{_function_arguments(ctx, p, with_defaults=True)})\n"]
    if isfunction:
        out.append(f" RETURNS {pg_get_function_result(ctx, funcid)}\n")
    langname = {LANG_INTERNAL: "internal", LANG_C: "c", LANG_SQL: "sql"}.get(p.lang, "plpgsql")
    out.append(f" LANGUAGE {langname}\n")
    opts = ""
    if p.kind == "w":
        opts += " WINDOW"
    opts += {"i": " IMMUTABLE", "s": " STABLE"}.get(p.volatile, "")
    parallel = getattr(p, "parallel", "u")
    opts += {"s": " PARALLEL SAFE", "r": " PARALLEL RESTRICTED"}.get(parallel, "")
    if p.strict:
        opts += " STRICT"
    if getattr(p, "secdef", False):
        opts += " SECURITY DEFINER"
    if getattr(p, "leakproof", False):
        opts += " LEAKPROOF"
    default_cost = 1.0 if p.lang in (LANG_INTERNAL, LANG_C) else 100.0
    cost = getattr(p, "cost", default_cost)
    if cost != default_cost:
        opts += f" COST {'%g' % cost}"
    rows = getattr(p, "rows", 0.0)
    if rows > 0 and rows != 1000:
        opts += f" ROWS {'%g' % rows}"
    if getattr(p, "support", 0):
        opts += f" SUPPORT {cat.proc(p.support).name}"
    if opts:
        out.append(opts + "\n")
    for item in getattr(p, "config", ()):
        name, value = item.split("=", 1)
        out.append(f" SET {quote_identifier(name)} TO '{value.replace(chr(39), chr(39) * 2)}'\n")
    if getattr(p, "sqlbody", None) is not None:
        if p.sqlbody == ():
            out.append("BEGIN ATOMIC\nEND\n")          # print_function_sqlbody of an empty body
            return "".join(out)
        raise PgError(FEATURE_NOT_SUPPORTED, "pg_get_functiondef of a SQL-standard function body is not "
                      "supported yet")
    body = "AS "
    if p.lang == LANG_C and getattr(p, "probin", None) is not None:
        body += "'" + p.probin.replace("'", "''") + "', "
    dq = "$" + ("function" if isfunction else "procedure")
    while dq in p.prosrc:
        dq += "x"
    dq += "$"
    body += dq + p.prosrc + dq
    out.append(body + "\n")
    return "".join(out)


_register_builtins()


# ======================================================================= dependencies
def _dependencies(session, s: A.CreateFunctionStmt, self_oid: int) -> tuple:
    """What a routine depends on (recordDependencyOnExpr): the relations and
    routines a SQL-standard body names, and routines its DEFAULT expressions
    call (a body given as a string records nothing, as in PostgreSQL)."""
    cat = session.db.cat
    deps: list = []
    trees = [fp.defexpr for fp in s.parameters if fp.defexpr is not None]
    if s.sql_body is not None:
        trees.append(s.sql_body)
    for tree in trees:
        for x in A.walk(tree):
            if isinstance(x, A.RangeVar):
                rel = cat.lookup_relation(x.schemaname, x.relname, session.search_path())
                if rel is not None and not getattr(rel, "system", False):
                    deps.append(("rel", rel.oid))
            elif isinstance(x, A.FuncCall):
                schema = x.funcname[-2] if len(x.funcname) > 1 else None
                for p in cat.procs_named(x.funcname[-1], schema, session.search_path()):
                    if isinstance(p, UserProc) and p.oid != self_oid and len(p.argtypes) >= len(x.args):
                        deps.append(("func", p.oid))
                if x.funcname[-1] in ("nextval", "currval", "setval") and x.args and \
                        isinstance(x.args[0], A.A_Const) and isinstance(x.args[0].val, A.String):
                    from pgref.engine.regresolve import split_qualified
                    parts = split_qualified(x.args[0].val.sval)
                    rel = cat.lookup_relation(parts[-2] if len(parts) > 1 else None, parts[-1],
                                              session.search_path())
                    if rel is not None:
                        deps.append(("rel", rel.oid))
    out = []
    for d in deps:
        if d not in out:
            out.append(d)
    return tuple(out)


def routine_dependents(session, kind: str, oid: int) -> list:
    """User routines that depend on relation / routine ``oid``
    (for ddl.drop_relations' dependency walk)."""
    return [("func", p) for p in session.db.cat.user_procs.values() if (kind, oid) in p.depends]


def describe_routine(proc) -> str:
    """getObjectDescription of a routine: ``function f(integer)``."""
    from pgref.engine.regresolve import current_session
    session = current_session.get()
    if session is None:
        return f"{_kind_word(proc.kind)} {proc.name}"
    return f"{_kind_word(proc.kind)} {format_procedure(session.db.cat, proc, session.search_path())}"

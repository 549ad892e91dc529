"""CREATE / DROP / ALTER AGGREGATE: user-defined aggregates.

Where it sits: ``engine/`` (spec/12-functions.md, "User-defined
aggregates").  PostgreSQL splits this between ``aggregatecmds.c``
(DefineAggregate: read the definition list, resolve the types) and
``pg_aggregate.c`` (AggregateCreate: find the support functions, check
they fit together, insert the ``pg_proc`` and ``pg_aggregate`` rows); this
module follows both, check for check and message for message.

The result is a :class:`~pgref.catalog.userprocs.UserProc` with ``kind``
'a', ``lang`` internal and ``prosrc`` 'aggregate_dummy', whose ``agg``
field holds the ``pg_aggregate`` columns (INV-UAGG-1).  Nothing else is
needed at run time: ``pgref.types.aggregates.get_aggregate`` builds the
transition machine from that row exactly as it does for a built-in, the
support functions being built-ins or user SQL / PL/pgSQL / C routines
called through the executor's function manager.  The row lives in
``Catalog.user_procs``, so it is persisted and rolled back with the other
user routines.

Entry points:
    define_aggregate(session, stmt, text)   CREATE [OR REPLACE] AGGREGATE
    drop_aggregates(session, stmt, text)    DROP AGGREGATE [IF EXISTS]
    lookup_aggregate(session, owa, missing_ok) -> UserProc | ProcRow | None
    install(handlers)                       adds the statements to ddl.HANDLERS
"""
from __future__ import annotations

import dataclasses

from pgref.analyzer import coerce as C
from pgref.catalog.userprocs import LANG_INTERNAL, UserProc
from pgref.engine.session import Result
from pgref.errors import (AMBIGUOUS_FUNCTION, DATATYPE_MISMATCH, DUPLICATE_FUNCTION, FEATURE_NOT_SUPPORTED,
                          INVALID_FUNCTION_DEFINITION, SYNTAX_ERROR, UNDEFINED_FUNCTION, WRONG_OBJECT_TYPE,
                          PgError)
from pgref.sql import ast as A
from pgref.engine.define import (  # commands/define.c
    def_boolean as _boolean,
    def_qualified_name as _qualified_name,
    def_string as _string,
    def_type_name as _type_name,
)

INTERNAL = 2281
BYTEA = 17
_PSEUDO_OK = C.POLYMORPHIC

# definition-list keywords and the obsolete spellings DefineAggregate accepts
_ALIASES = {"sfunc1": "sfunc", "stype1": "stype", "initcond1": "initcond"}
_KNOWN = {"sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc",
          "mfinalfunc", "finalfunc_extra", "mfinalfunc_extra", "finalfunc_modify", "mfinalfunc_modify",
          "sortop", "basetype", "hypothetical", "stype", "sspace", "mstype", "msspace", "initcond",
          "minitcond", "parallel"}


# ======================================================================= definition list


def _int32(d: A.DefElem) -> int:
    try:
        return int(_string(d))
    except ValueError:
        raise PgError(SYNTAX_ERROR, f"{d.defname} requires an integer value") from None


def _modify(d: A.DefElem) -> str:
    """extractModify."""
    val = _string(d).lower()
    if val == "read_only":
        return "r"
    if val == "shareable":
        return "s"
    if val == "read_write":
        return "w"
    raise PgError(SYNTAX_ERROR, f"parameter \"{d.defname}\" must be READ_ONLY, SHAREABLE, or READ_WRITE")


# ======================================================================= CREATE AGGREGATE
def define_aggregate(session, s: A.DefineStmt, text: str) -> Result:
    """DefineAggregate + AggregateCreate."""
    from pgref.engine.functions import _resolve_type, interpret_parameters
    session.before_ddl()
    cat = session.db.cat
    names = s.defnames
    schema = names[-2] if len(names) > 1 else None
    aggname = names[-1]
    nsp = session.creation_namespace(schema)
    oldstyle = s.args is None
    kind = "n" if oldstyle or s.ndirect < 0 else "o"
    opts: dict = {}
    basetype = None
    for d in s.definition:
        name = _ALIASES.get(d.defname, d.defname)          # strcmp: "Sfunc" is not sfunc
        if name not in _KNOWN:
            session.notices.append(PgError(SYNTAX_ERROR, f'aggregate attribute "{d.defname}" not recognized',
                                           severity="WARNING"))
            continue
        if name == "hypothetical":
            if _boolean(d):
                if kind == "n":
                    raise PgError(INVALID_FUNCTION_DEFINITION, "only ordered-set aggregates can be hypothetical")
                kind = "h"
            continue
        if name == "basetype":
            basetype = _type_name(d)
            continue
        opts[name] = d
    g = opts.get
    if g("stype") is None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate stype must be specified")
    if g("sfunc") is None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate sfunc must be specified")
    if g("mstype") is not None:
        if g("msfunc") is None:
            raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate msfunc must be specified when mstype is specified")
        if g("minvfunc") is None:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "aggregate minvfunc must be specified when mstype is specified")
    else:
        for opt in ("msfunc", "minvfunc", "mfinalfunc", "msspace", "minitcond"):
            if g(opt) is not None:
                raise PgError(INVALID_FUNCTION_DEFINITION, f"aggregate {opt} must not be specified without mstype")
    default_modify = "r" if kind == "n" else "w"
    finalmodify = _modify(g("finalfunc_modify")) if g("finalfunc_modify") else default_modify
    mfinalmodify = _modify(g("mfinalfunc_modify")) if g("mfinalfunc_modify") else default_modify

    # the aggregate's input types
    argnames = None
    variadic_type = 0
    if oldstyle:
        if basetype is None:
            raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate input type must be specified")
        if ".".join(basetype.names).lower() == "any" and not basetype.array_bounds:
            argtypes: tuple = ()
        else:
            argtypes = (_resolve_type(session, basetype)[0],)
        ndirect = 0
    else:
        if basetype is not None:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "basetype is redundant with aggregate input type specification")
        for fp in s.args:
            if fp.mode not in ("d", "i", "v"):
                raise PgError(FEATURE_NOT_SUPPORTED, "aggregates cannot have output arguments")
        sig = interpret_parameters(session, list(s.args), False, LANG_INTERNAL)
        argtypes = tuple(sig.intypes)
        argnames = tuple(sig.names) if sig.names else None
        variadic_type = sig.variadic
        ndirect = max(s.ndirect, 0)

    transtype = _resolve_type(session, _type_name(g("stype")))[0]
    _check_transtype(cat, transtype)
    if g("serialfunc") is not None and g("deserialfunc") is not None:
        if transtype != INTERNAL:
            raise PgError(INVALID_FUNCTION_DEFINITION, "serialization functions may be specified only when the "
                          "aggregate transition data type is internal")
    elif g("serialfunc") is not None or g("deserialfunc") is not None:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "must specify both or neither of serialization and deserialization functions")
    mtranstype = 0
    if g("mstype") is not None:
        mtranstype = _resolve_type(session, _type_name(g("mstype")))[0]
        _check_transtype(cat, mtranstype)
    initval = _string(g("initcond")) if g("initcond") else None
    minitval = _string(g("minitcond")) if g("minitcond") else None
    ctx = session.exec_context()
    from pgref.types.registry import type_input
    for val, typ in ((initval, transtype), (minitval, mtranstype)):
        if val is not None and cat.typeinfo(typ).typtype != "p":
            type_input(ctx, typ, val, -1)          # is it acceptable to the type's input function?
    parallel = "u"
    if g("parallel") is not None:
        word = _string(g("parallel")).lower()
        parallel = {"safe": "s", "restricted": "r", "unsafe": "u"}.get(word)
        if parallel is None:
            raise PgError(SYNTAX_ERROR, 'parameter "parallel" must be SAFE, RESTRICTED, or UNSAFE')
    transspace = _int32(g("sspace")) if g("sspace") else 0
    mtransspace = _int32(g("msspace")) if g("msspace") else 0

    agg = _aggregate_create(session, aggname, argtypes, variadic_type, ndirect, kind, opts, transtype,
                            mtranstype, initval, minitval, finalmodify, mfinalmodify, transspace, mtransspace)
    finaltype = agg.pop("_finaltype")
    variadic = 0
    if variadic_type:
        variadic = {C.ANY: C.ANY, C.ANYARRAY: C.ANYELEMENT, C.ANYCOMPATIBLEARRAY: C.ANYCOMPATIBLE}.get(
            variadic_type) or cat.typeinfo(variadic_type).elem
    modes = None
    if variadic_type:
        modes = tuple("v" if i == len(argtypes) - 1 else "i" for i in range(len(argtypes)))
    depends = tuple(("func", agg[k]) for k in ("aggtransfn", "aggfinalfn", "aggcombinefn", "aggserialfn",
                                               "aggdeserialfn", "aggmtransfn", "aggminvtransfn", "aggmfinalfn")
                    if agg[k] and agg[k] in cat.user_procs)
    proc = UserProc(
        oid=0, name=aggname, namespace=nsp, lang=LANG_INTERNAL, kind="a", strict=False, retset=False,
        volatile="i", nargs=len(argtypes), nargdefaults=0, rettype=finaltype, argtypes=argtypes,
        allargtypes=argtypes if modes else None, argmodes=modes, argnames=argnames, argdefaults="",
        variadic=variadic, prosrc="aggregate_dummy", parallel=parallel, cost=1.0, text=text,
        depends=depends, agg=agg)
    from pgref.engine.functions import _check_replace, _same_signature
    old = _same_signature(cat, nsp, aggname, argtypes)
    if old is not None:
        if not s.replace:
            raise PgError(DUPLICATE_FUNCTION, f'function "{aggname}" already exists with same argument types')
        if old.kind != "a":
            what = "a procedure" if old.kind == "p" else ("a window function" if old.kind == "w" else "a function")
            raise PgError(WRONG_OBJECT_TYPE, "cannot change routine kind", detail=f'"{aggname}" is {what}.')
        oldkind = old.agg["aggkind"]
        if oldkind != kind:
            what = {"n": "an ordinary aggregate function", "o": "an ordered-set aggregate",
                    "h": "a hypothetical-set aggregate"}[oldkind]
            raise PgError(WRONG_OBJECT_TYPE, "cannot change routine kind", detail=f'"{aggname}" is {what}.')
        if old.agg["aggnumdirectargs"] != agg["aggnumdirectargs"]:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "cannot change number of direct args of an aggregate function")
        try:
            _check_replace(session, old, proc)
        except PgError as e:
            if e.hint and e.hint.startswith("Use DROP FUNCTION"):
                e.hint = e.hint.replace("DROP FUNCTION", "DROP AGGREGATE", 1)
            raise
        oid = old.oid
    else:
        oid = cat.new_oid()
    agg["aggfnoid"] = oid
    cat.user_procs[oid] = dataclasses.replace(proc, oid=oid)
    cat.changed()
    return Result("CREATE AGGREGATE")


def _check_transtype(cat, typ: int) -> None:
    t = cat.typeinfo(typ)
    if t is not None and t.typtype == "p" and typ not in _PSEUDO_OK and typ != INTERNAL:
        raise PgError(INVALID_FUNCTION_DEFINITION, f"aggregate transition data type cannot be {cat.format_type(typ)}")


def _aggregate_create(session, aggname, argtypes, variadic_type, ndirect, kind, opts, transtype, mtranstype,
                      initval, minitval, finalmodify, mfinalmodify, transspace, mtransspace) -> dict:
    """AggregateCreate's checks; returns the pg_aggregate columns (plus the
    result type under '_finaltype')."""
    from pgref.regresslib.regress import binary_coercible
    cat = session.db.cat
    fmt = cat.format_type
    if len(argtypes) > 99:
        raise PgError("54023", "aggregates cannot have more than 99 arguments")
    from pgref.engine.functions import _check_internal_signature, check_polymorphic_signature
    for t in (transtype, mtranstype):
        detail = check_polymorphic_signature(cat, t, argtypes) if t else None
        if detail:
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot determine transition data type", detail=detail)
    if kind != "n" and variadic_type and variadic_type != C.ANY:
        raise PgError(FEATURE_NOT_SUPPORTED, "a variadic ordered-set aggregate must use VARIADIC type ANY")
    if kind == "h" and ndirect < len(argtypes):
        naggregated = len(argtypes) - ndirect
        if variadic_type or ndirect < naggregated or \
                argtypes[ndirect - naggregated:ndirect] != argtypes[ndirect:]:
            raise PgError(INVALID_FUNCTION_DEFINITION, "a hypothetical-set aggregate must have direct arguments "
                          "matching its aggregated arguments")
    g = opts.get

    def bc(a, b):
        return binary_coercible(_Ctx(cat), a, b)

    if kind == "n":
        fnargs = (transtype,) + tuple(argtypes)
    elif ndirect < len(argtypes):
        fnargs = (transtype,) + tuple(argtypes[ndirect:])
    else:
        fnargs = (transtype,) + tuple(argtypes[-1:])          # VARIADIC covering both lists
    transfn, rettype = _lookup_agg_function(session, _qualified_name(g("sfunc")), fnargs, variadic_type)
    if rettype != transtype:
        raise PgError(DATATYPE_MISMATCH, f"return type of transition function "
                      f"{'.'.join(_qualified_name(g('sfunc')))} is not {fmt(transtype)}")
    if transfn.strict and initval is None:
        if not argtypes or not bc(argtypes[0], transtype):
            raise PgError(INVALID_FUNCTION_DEFINITION, "must not omit initial value when transition function is "
                          "strict and transition type is not compatible with input type")
    mtransfn = minvtransfn = mfinalfn = None
    if g("msfunc") is not None:
        margs = (mtranstype,) + fnargs[1:]
        mtransfn, rettype = _lookup_agg_function(session, _qualified_name(g("msfunc")), margs, variadic_type)
        if rettype != mtranstype:
            raise PgError(DATATYPE_MISMATCH, f"return type of transition function "
                          f"{'.'.join(_qualified_name(g('msfunc')))} is not {fmt(mtranstype)}")
        if mtransfn.strict and minitval is None:
            if not argtypes or not bc(argtypes[0], mtranstype):
                raise PgError(INVALID_FUNCTION_DEFINITION, "must not omit initial value when transition function "
                              "is strict and transition type is not compatible with input type")
        minvtransfn, rettype = _lookup_agg_function(session, _qualified_name(g("minvfunc")), margs,
                                                    variadic_type)
        if rettype != mtranstype:
            raise PgError(DATATYPE_MISMATCH, f"return type of inverse transition function "
                          f"{'.'.join(_qualified_name(g('minvfunc')))} is not {fmt(mtranstype)}")
        if minvtransfn.strict != mtransfn.strict:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "strictness of aggregate's forward and inverse transition functions must match")
    finalextra = _boolean(g("finalfunc_extra")) if g("finalfunc_extra") else False
    mfinalextra = _boolean(g("mfinalfunc_extra")) if g("mfinalfunc_extra") else False
    finalfn = None
    if g("finalfunc") is not None:
        fargs = (transtype,) + (tuple(argtypes) if finalextra else tuple(argtypes[:ndirect]))
        fvar = variadic_type if finalextra or ndirect >= len(argtypes) else 0
        finalfn, finaltype = _lookup_agg_function(session, _qualified_name(g("finalfunc")), fargs, fvar)
        if finalextra and finalfn.strict:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "final function with extra arguments must not be declared STRICT")
    else:
        finaltype = transtype
    combinefn = serialfn = deserialfn = None
    if g("combinefunc") is not None:
        combinefn, ctype = _lookup_agg_function(session, _qualified_name(g("combinefunc")),
                                                (transtype, transtype), 0)
        if ctype != transtype:
            raise PgError(DATATYPE_MISMATCH, f"return type of combine function "
                          f"{'.'.join(_qualified_name(g('combinefunc')))} is not {fmt(transtype)}")
        if transtype == INTERNAL and combinefn.strict:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "combine function with transition type internal must not be declared STRICT")
    if g("serialfunc") is not None:
        serialfn, stype = _lookup_agg_function(session, _qualified_name(g("serialfunc")), (INTERNAL,), 0)
        if stype != BYTEA:
            raise PgError(DATATYPE_MISMATCH, f"return type of serialization function "
                          f"{'.'.join(_qualified_name(g('serialfunc')))} is not bytea")
    if g("deserialfunc") is not None:
        deserialfn, dtype = _lookup_agg_function(session, _qualified_name(g("deserialfunc")),
                                                 (BYTEA, INTERNAL), 0)
        if dtype != INTERNAL:
            raise PgError(DATATYPE_MISMATCH, f"return type of deserialization function "
                          f"{'.'.join(_qualified_name(g('deserialfunc')))} is not internal")
    detail = check_polymorphic_signature(cat, finaltype, argtypes)
    if detail:
        raise PgError(DATATYPE_MISMATCH, "cannot determine result data type", detail=detail)
    _check_internal_signature(finaltype, argtypes)
    if mtranstype:
        if g("mfinalfunc") is not None:
            fargs = (mtranstype,) + (tuple(argtypes) if mfinalextra else tuple(argtypes[:ndirect]))
            fvar = variadic_type if mfinalextra or ndirect >= len(argtypes) else 0
            mfinalfn, rettype = _lookup_agg_function(session, _qualified_name(g("mfinalfunc")), fargs, fvar)
            if mfinalextra and mfinalfn.strict:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              "final function with extra arguments must not be declared STRICT")
        else:
            rettype = mtranstype
        if rettype != finaltype:
            raise PgError(INVALID_FUNCTION_DEFINITION, f"moving-aggregate implementation returns type "
                          f"{fmt(mtranstype)}, but plain implementation returns type {fmt(transtype)}")
    sortop = 0
    if g("sortop") is not None:
        if len(argtypes) != 1:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "sort operator can only be specified for single-argument aggregates")
        from pgref.analyzer.resolve import resolve_operator
        opname = _qualified_name(g("sortop"))[-1]
        sortop = resolve_operator(cat, opname, argtypes[0], argtypes[0]).oid
    oid = lambda p: p.oid if p is not None else 0  # noqa: E731
    return {
        "aggfnoid": 0, "aggkind": kind, "aggnumdirectargs": ndirect if kind != "n" else 0,
        "aggtransfn": transfn.oid, "aggfinalfn": oid(finalfn), "aggcombinefn": oid(combinefn),
        "aggserialfn": oid(serialfn), "aggdeserialfn": oid(deserialfn), "aggmtransfn": oid(mtransfn),
        "aggminvtransfn": oid(minvtransfn), "aggmfinalfn": oid(mfinalfn), "aggfinalextra": finalextra,
        "aggmfinalextra": mfinalextra, "aggfinalmodify": finalmodify, "aggmfinalmodify": mfinalmodify,
        "aggsortop": sortop, "aggtranstype": transtype, "aggtransspace": transspace,
        "aggmtranstype": mtranstype, "aggmtransspace": mtransspace, "agginitval": initval,
        "aggminitval": minitval, "_finaltype": finaltype}


class _Ctx:
    def __init__(self, cat):
        self.cat = cat


def _lookup_agg_function(session, fnname: tuple, input_types: tuple, variadic_type: int):
    """lookup_agg_function: the support function ``fnname(input_types)``
    (no VARIADIC expansion, exact or implicitly coercible arguments) and its
    return type, refined by the polymorphic arguments."""
    from pgref.analyzer.resolve import resolve_function
    from pgref.regresslib.regress import binary_coercible
    cat = session.db.cat
    schema = fnname[-2] if len(fnname) > 1 else None
    name = fnname[-1]

    def sig(types):
        return f"{'.'.join(fnname)}({', '.join(cat.format_type(t) for t in types)})"
    try:
        cand = resolve_function(cat, name, schema, tuple(input_types), search_path=session.search_path(),
                                expand_variadic=False)
    except PgError as e:
        if e.sqlstate != AMBIGUOUS_FUNCTION:
            raise
        cand = None
    if cand is None or cand.row.kind != "f" or cand.ndefaults or cand.nvargs:
        raise PgError(UNDEFINED_FUNCTION, f"function {sig(input_types)} does not exist")
    proc = cand.row
    if proc.retset:
        raise PgError(DATATYPE_MISMATCH, f"function {sig(input_types)} returns a set")
    if variadic_type == C.ANY and proc.variadic != C.ANY:
        raise PgError(DATATYPE_MISMATCH,
                      f"function {sig(input_types)} must accept VARIADIC ANY to be used in this aggregate")
    declared, rettype = refine_polymorphic(cat, input_types, tuple(cand.argtypes), proc.rettype)
    for a, d in zip(input_types, declared):
        if not binary_coercible(_Ctx(cat), a, d):
            raise PgError(DATATYPE_MISMATCH, f"function {sig(declared)} requires run-time type coercion")
    return proc, rettype


def refine_polymorphic(cat, actual, declared, rettype: int) -> tuple[tuple, int]:
    """enforce_generic_type_consistency with allow_poly: the declared
    argument types with their polymorphic ones replaced by what the actual
    types make them, and the refined result type.  An actual argument that
    is itself the declared polymorphic type says nothing, so the result may
    stay polymorphic."""
    idx = [i for i, (a, d) in enumerate(zip(actual, declared))
           if d in C.POLYMORPHIC and not (a == d or a in C.POLYMORPHIC)]
    if not idx:
        return tuple(declared), rettype
    keep = [i for i, a in enumerate(actual[:len(declared)]) if a not in C.POLYMORPHIC]
    resolved, ret = C.resolve_polymorphic(cat, [actual[i] for i in keep], tuple(declared[i] for i in keep),
                                          rettype, allow_unresolved=True)
    out = list(declared)
    for i, t in zip(keep, resolved):
        out[i] = t
    return tuple(out), ret


# ======================================================================= lookup / DROP / ALTER
def _arg_text(session, owa) -> str:
    from pgref.engine.functions import _resolve_type
    if not owa.objargs:
        return "*"
    return ", ".join(session.db.cat.format_type(_resolve_type(session, tn)[0]) for tn in owa.objargs)


def lookup_aggregate(session, owa: A.ObjectWithArgs, missing_ok: bool = False):
    """LookupFuncWithArgs(OBJECT_AGGREGATE)."""
    from pgref.engine.functions import _resolve_type
    cat = session.db.cat
    names = owa.objname
    schema = names[-2] if len(names) > 1 else None
    if schema is not None and cat.namespace_oid(schema) is None:
        if missing_ok:
            return None
        raise PgError("3F000", f'schema "{schema}" does not exist')
    try:
        argtypes = tuple(_resolve_type(session, tn)[0] for tn in owa.objargs)
    except PgError as e:
        e.position = None           # LookupTypeName without a parse state: no error cursor
        raise
    found = [p for p in cat.procs_named(names[-1], schema, session.search_path()) if p.argtypes == argtypes]
    if not found:
        if missing_ok:
            return None
        raise PgError(UNDEFINED_FUNCTION, f"aggregate {'.'.join(names)}({_arg_text(session, owa)}) does not exist")
    proc = found[0]
    if proc.kind != "a":
        raise PgError(WRONG_OBJECT_TYPE,
                      f"function {'.'.join(names)}({_arg_text(session, owa)}) is not an aggregate")
    return proc


def drop_aggregates(session, s: A.DropStmt, text: str) -> Result:
    from pgref.engine.ddl import drop_relations
    from pgref.engine.functions import _notice, format_procedure
    session.before_ddl()
    cat = session.db.cat
    for owa in s.objects:
        proc = lookup_aggregate(session, owa, missing_ok=s.missing_ok)
        if proc is None:
            names = ".".join(owa.objname)
            # TypeNameListToString: the names as written (int is pg_catalog.int4)
            args = ",".join(".".join(tn.names) + "[]" * len(tn.array_bounds) for tn in owa.objargs)
            _notice(session, f"aggregate {names}({args}) does not exist, skipping")
            continue
        if not isinstance(proc, UserProc):
            raise PgError("2BP01", f"cannot drop function {format_procedure(cat, proc, session.search_path())} "
                          "because it is required by the database system")
        drop_relations(session, [(proc, "func")], s.behavior == "cascade")
    return Result("DROP AGGREGATE")


def _owned(session, owa) -> UserProc:
    proc = lookup_aggregate(session, owa)
    if not isinstance(proc, UserProc):
        raise PgError("42501", f"must be owner of function {proc.name}")
    return proc


def rename_aggregate(session, s: A.RenameStmt, text: str) -> Result:
    from pgref.engine.functions import _same_signature, _signature_text
    session.before_ddl()
    cat = session.db.cat
    proc = _owned(session, s.object)
    if _same_signature(cat, proc.namespace, s.newname, proc.argtypes) is not None:
        raise PgError(DUPLICATE_FUNCTION, f"function {_signature_text(cat, s.newname, proc.argtypes)} already "
                      f'exists in schema "{cat.namespace_name(proc.namespace)}"')
    cat.user_procs[proc.oid] = dataclasses.replace(proc, name=s.newname)
    cat.changed()
    return Result("ALTER AGGREGATE")


def set_schema_aggregate(session, s: A.AlterObjectSchemaStmt, text: str) -> Result:
    from pgref.engine.functions import _same_signature, _signature_text
    session.before_ddl()
    cat = session.db.cat
    proc = _owned(session, s.object)
    nsp = cat.namespace_oid(s.newschema)
    if nsp is None:
        raise PgError("3F000", f'schema "{s.newschema}" does not exist')
    if _same_signature(cat, nsp, proc.name, proc.argtypes) is not None:
        raise PgError(DUPLICATE_FUNCTION, f"function {_signature_text(cat, proc.name, proc.argtypes)} already "
                      f'exists in schema "{s.newschema}"')
    cat.user_procs[proc.oid] = dataclasses.replace(proc, namespace=nsp)
    cat.changed()
    return Result("ALTER AGGREGATE")


def owner_aggregate(session, s: A.AlterOwnerStmt, text: str) -> Result:
    from pgref.engine.functions import _role_oid
    session.before_ddl()
    cat = session.db.cat
    proc = _owned(session, s.object)
    cat.user_procs[proc.oid] = dataclasses.replace(proc, owner=_role_oid(session, s.newowner))
    cat.changed()
    return Result("ALTER AGGREGATE")


def install(handlers: dict) -> None:
    """Add the aggregate statements to ddl.HANDLERS (chained in front of
    the handlers already there, as engine/functions.py does)."""
    from pgref.engine.functions import _chain
    _chain(handlers, A.DefineStmt, lambda st: st.kind == "aggregate", define_aggregate)
    _chain(handlers, A.DropStmt, lambda st: st.remove_type == "aggregate", drop_aggregates)
    _chain(handlers, A.RenameStmt, lambda st: st.rename_type == "aggregate", rename_aggregate)
    _chain(handlers, A.AlterObjectSchemaStmt, lambda st: st.object_type == "aggregate", set_schema_aggregate)
    _chain(handlers, A.AlterOwnerStmt, lambda st: st.object_type == "aggregate", owner_aggregate)
    prev_comment = handlers.get(A.CommentStmt)

    def comment(session, st, text):
        if st.objtype != "aggregate":
            return prev_comment(session, st, text)
        return comment_aggregate(session, st, text)
    handlers[A.CommentStmt] = comment


def comment_aggregate(session, s: A.CommentStmt, text: str) -> Result:
    """COMMENT ON AGGREGATE: the description is kept with the pg_aggregate
    columns (key 'comment'; pg_description shows it, classoid pg_proc)."""
    session.before_ddl()
    cat = session.db.cat
    proc = _owned(session, s.object)
    comment = s.comment if s.comment else None       # '' and NULL drop the comment
    cat.user_procs[proc.oid] = dataclasses.replace(proc, agg={**proc.agg, "comment": comment})
    cat.changed()
    return Result("COMMENT")


__all__ = ["define_aggregate", "drop_aggregates", "lookup_aggregate", "install", "refine_polymorphic"]

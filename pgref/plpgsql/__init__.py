"""PL/pgSQL: the procedural language of CREATE FUNCTION ... LANGUAGE plpgsql and DO.

Where it sits: between ``engine/functions.py`` (which owns CREATE FUNCTION,
DO and the executor's callable for user routines) and the rest of the engine
(spec/13-plpgsql.md).  A body is scanned (``scanner.py``), parsed into a
statement tree (``parser.py``, ``ast.py``) and run by the interpreter
(``interp.py``) in the calling session and transaction; every expression is
a SQL query planned by pgref's own analyzer and planner with the variables
as parameters, as PostgreSQL's pl_exec.c does through SPI.

Entry points (called from ``engine/functions.py``):
    validate(session, proc, text)          plpgsql_validator at CREATE FUNCTION
    caller(ectx, proc, argtypes, rettype)  the executor's f(*args) for a call
    run_inline(session, code, text)        DO $$ ... $$

Compiled functions are cached per session by (pg_proc oid, the row object,
actual argument types, catalog version): INV-PLPGSQL-5.
"""
from __future__ import annotations

import sys

from pgref.analyzer import coerce as C
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.plpgsql import ast as P
from pgref.plpgsql.interp import Compiled
from pgref.plpgsql.parser import parse_block
from pgref.types import oids as T

TRIGGEROID = 2279
EVENT_TRIGGEROID = 3838
MAX_DEPTH = 200


class _Ctx:
    """What the parser needs to know about the routine and the catalog."""

    def __init__(self, session, rettype: int, retset: bool, has_out: bool):
        self.session = session
        self.rettype = rettype
        self.retset = retset
        self.has_out = has_out
        self.vars: list[P.Var] = []
        self.print_strict_params: bool | None = None     # #print_strict_params
        self.warnings: list[PgError] = []                # extra_warnings found while parsing

    def declared_type(self, text: str, scope: P.Scope, offset: int) -> tuple[int, int, str]:
        """(type oid, typmod, 'scalar' | 'row' | 'record') of a DECLARE type."""
        cat = self.session.db.cat
        low = text.strip()
        lw = low.lower()
        if lw == "record":
            return T.RECORDOID, -1, "record"
        if lw.endswith("%rowtype"):
            name = low[:-len("%rowtype")].strip()
            rel = self._relation(".".join(_names(name)))
            if rel is None:
                raise PgError("42P01", f'relation "{name}" does not exist')
            return rel.rowtype, -1, "row"
        if lw.endswith("%type"):
            ref = low[:-len("%type")].strip()
            parts = _names(ref)
            v = scope.lookup(parts[0])
            if v is not None:
                if len(parts) == 1:
                    kind = "record" if v.is_record else ("row" if v.is_row else "scalar")
                    return v.typ, v.typmod, kind
                from pgref.catalog.typedefs import composite_columns
                for n, t, m in composite_columns(cat, v.typ) or ():
                    if n == parts[1]:
                        return t, m, self._kind(t)
            if len(parts) >= 2:
                rel = self._relation(".".join(parts[:-1]))
                if rel is not None:
                    for c in rel.columns:
                        if c.name == parts[-1] and not c.dropped:
                            return c.typ, c.typmod, self._kind(c.typ)
                    raise PgError("42703", f'column "{parts[-1]}" of relation "{rel.name}" does not exist')
            raise PgError("42704", f'variable "{ref}" does not exist') if len(parts) == 1 else \
                PgError("42P01", f'relation "{".".join(parts[:-1])}" does not exist')
        from pgref.engine.functions import _resolve_type
        from pgref.sql.parser import parse
        try:
            stmt = parse("SELECT NULL::" + low)[0].stmt
            tn = stmt.target_list[0].val.type_name
        except (PgError, AttributeError, IndexError):
            raise PgError("42601", f'syntax error at or near "{low.split()[0] if low.split() else low}"',
                          position=offset + 1) from None
        typ, typmod = _resolve_type(self.session, tn)
        return typ, typmod, self._kind(typ)

    def _kind(self, typ: int) -> str:
        if typ == T.RECORDOID:
            return "record"
        t = self.session.db.cat.typeinfo(typ)
        return "row" if t is not None and t.typtype == "c" else "scalar"

    def _relation(self, name: str):
        parts = name.split(".")
        schema = parts[-2] if len(parts) > 1 else None
        return self.session.db.cat.lookup_relation(schema, parts[-1], self.session.search_path())


def _names(text: str) -> list[str]:
    """A dotted name as identifiers: unquoted parts downcased."""
    from pgref.plpgsql.scanner import scan
    return [t.value for t in scan(text) if t.kind in ("ident", "qident")]


def _signature(session, proc) -> str:
    from pgref.engine.functions import format_procedure
    return format_procedure(session.db.cat, proc, session.search_path())


def compile_function(session, proc, argtypes=None, rettype=None) -> Compiled:
    """do_compile: the function's namespace (parameters under the function's
    name as a label, FOUND), then its body."""
    argtypes = list(argtypes if argtypes is not None else proc.argtypes)
    rettype = rettype if rettype is not None else proc.rettype
    modes = proc.argmodes or tuple("i" for _ in proc.argtypes)
    alltypes = proc.allargtypes or proc.argtypes
    names = proc.argnames or ()
    has_out = any(m in ("o", "b", "t") for m in modes)
    ctx = _Ctx(session, rettype, proc.retset, has_out)
    top = P.Scope(None, proc.name)
    p = _ParserVars(ctx)
    params, outs = [], []
    k_in = 0
    for i, (t, m) in enumerate(zip(alltypes, modes)):
        name = names[i] if i < len(names) and names[i] else None
        kind = ctx._kind(t) if t not in C.POLYMORPHIC else "scalar"
        v = p.new(top, name or f"${i + 1}", t, kind)
        if m in ("i", "b", "v"):
            k_in += 1
            top.names[f"${k_in}"] = v
            params.append(v)
        if m in ("o", "b", "t"):
            outs.append(v)
    found = p.new(top, "found", T.BOOLOID, "scalar")
    if rettype == TRIGGEROID:
        raise PgError(FEATURE_NOT_SUPPORTED, "trigger functions can only be called as triggers")
    block = _parse(session, proc.prosrc, ctx, top, proc.name)
    fn = Compiled(session, _signature(session, proc), block, ctx.vars, params, outs, found, rettype,
                  proc.retset, proc, argtypes)
    fn.print_strict_params = ctx.print_strict_params
    fn.warnings = ctx.warnings
    return fn


class _ParserVars:
    def __init__(self, ctx):
        self.ctx = ctx

    def new(self, scope, name, typ, kind):
        v = P.Var(name, typ, -1, slot=len(self.ctx.vars), is_record=(kind == "record"), is_row=(kind == "row"))
        self.ctx.vars.append(v)
        scope.names[name] = v
        return v


def _parse(session, body: str, ctx, top, fname: str):
    blk, _ = parse_block(body, ctx, top)
    _check_fragments(blk, body)
    return blk


def _check_fragments(blk, body: str) -> None:
    """check_sql_expr: every SQL fragment must parse (syntax only)."""
    from pgref.sql.parser import parse

    def check(e: P.Expr | None):
        if e is None:
            return
        text = e.text if e.is_stmt else "SELECT " + e.text
        try:
            parse(text)
        except PgError as err:
            if err.position:
                rel = err.position - (0 if e.is_stmt else 7)
                err.position = e.offset + max(rel, 1)
            raise

    def walk(stmts):
        for s in stmts:
            for name in ("expr", "cond", "lower", "upper", "step", "query", "dynamic", "message"):
                x = getattr(s, name, None)
                if isinstance(x, P.Expr):
                    check(x)
            if isinstance(s, P.ExecSql) and s.command != "utility":
                check(s.sql)
            for name in ("body", "else_body"):
                x = getattr(s, name, None)
                if isinstance(x, list):
                    walk(x)
            if isinstance(s, P.If):
                for c, b in s.branches:
                    check(c)
                    walk(b)
            if isinstance(s, P.Case):
                for c, b in s.whens:
                    walk(b)
            if isinstance(s, P.Raise):
                for x in s.params:
                    check(x)
            if isinstance(s, P.Block):
                for v in s.decls:
                    check(v.default)
                for h in s.handlers or ():
                    walk(h.body)
    walk([blk])


# ======================================================================= entry points
def validate(session, proc, text: str) -> None:
    """plpgsql_validator: result and argument types, then (if
    check_function_bodies) a full parse of the body."""
    cat = session.db.cat
    rt = cat.typeinfo(proc.rettype)
    if rt is not None and rt.typtype == "p" and proc.rettype not in (T.RECORDOID, T.VOIDOID, TRIGGEROID,
                                                                     EVENT_TRIGGEROID) \
            and proc.rettype not in C.POLYMORPHIC:
        raise PgError("0A000", f"PL/pgSQL functions cannot return type {cat.format_type(proc.rettype)}")
    for t in (proc.allargtypes or proc.argtypes):
        ti = cat.typeinfo(t)
        if ti is not None and ti.typtype == "p" and t not in C.POLYMORPHIC and t != T.RECORDOID:
            raise PgError("0A000", f"PL/pgSQL functions cannot accept type {cat.format_type(t)}")
    if session.settings.get("check_function_bodies") != "on":
        return
    if proc.rettype in (TRIGGEROID, EVENT_TRIGGEROID):
        ctx = _Ctx(session, proc.rettype, False, False)
        top = P.Scope(None, proc.name)
        _trigger_scope(ctx, top)
        _transposed(lambda: _parse(session, proc.prosrc, ctx, top, proc.name), proc, text)
        _warn(session, ctx.warnings, proc.prosrc, text)
        return
    fn = _transposed(lambda: compile_function(session, proc), proc, text)
    _warn(session, fn.warnings, proc.prosrc, text)


def _warn(session, warnings, body: str, text: str) -> None:
    """The extra_warnings found while compiling, positioned in the CREATE
    statement like syntax errors."""
    off = text.find(body) if text else -1
    for w in warnings:
        if w.position and off >= 0:
            w.position += off
        session.notices.append(w)


def _trigger_scope(ctx, top):
    p = _ParserVars(ctx)
    p.new(top, "new", T.RECORDOID, "record")
    p.new(top, "old", T.RECORDOID, "record")
    for n, t in (("tg_name", T.NAMEOID), ("tg_when", T.TEXTOID), ("tg_level", T.TEXTOID), ("tg_op", T.TEXTOID),
                 ("tg_relid", T.OIDOID), ("tg_relname", T.NAMEOID), ("tg_table_name", T.NAMEOID),
                 ("tg_table_schema", T.NAMEOID), ("tg_nargs", T.INT4OID), ("tg_argv", 1009),
                 ("found", T.BOOLOID), ("tg_event", T.TEXTOID), ("tg_tag", T.TEXTOID)):
        p.new(top, n, t, "scalar")


def _transposed(fn, proc, text: str):
    """function_parse_error_transpose: a syntax error's position in the body
    becomes a position in the CREATE statement; other compile errors get
    the CONTEXT ``compilation of PL/pgSQL function "f" near line N``."""
    try:
        return fn()
    except PgError as e:
        if e.position:
            off = text.find(proc.prosrc) if text else -1
            if off >= 0:
                e.position = off + e.position
            else:
                e.internal_position, e.internal_query, e.position = e.position, proc.prosrc, None
        else:
            line = getattr(e, "plpgsql_line", None)
            ctx = f'compilation of PL/pgSQL function "{proc.name}"' + (f" near line {line}" if line else "")
            e.context = f"{e.context}\n{ctx}" if e.context else ctx
        raise


def _cached(session, proc, argtypes, rettype) -> Compiled:
    cache = session.__dict__.setdefault("_plpgsql_cache", {})
    key = (proc.oid, tuple(argtypes), rettype)
    cat = session.db.cat
    fn = cache.get(key)
    if fn is None or fn.proc is not proc or fn.cat_version != cat.version:
        fn = _transposed(lambda: compile_function(session, proc, argtypes, rettype), proc, "")
        if len(cache) > 256:
            cache.clear()
        cache[key] = fn
    return fn


def caller(ectx, proc, argtypes, rettype):
    """The executor's callable for a PL/pgSQL function (plpgsql_call_handler)."""
    from pgref.engine.functions import RECURSION_LIMIT, _apply_config, _concrete_argtypes, _restore_config
    session = ectx.session
    if session is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"PL/pgSQL function {proc.name}() needs a session")
    if proc.rettype == TRIGGEROID:
        raise PgError(FEATURE_NOT_SUPPORTED, "trigger functions can only be called as triggers",
                      context=f'compilation of PL/pgSQL function "{proc.name}" near line 1')
    if argtypes is None:
        argtypes = proc.argtypes
    argtypes = tuple(_concrete_argtypes(session.db.cat, proc, argtypes))
    if rettype is None or rettype in C.POLYMORPHIC:
        rettype = proc.rettype
        if rettype in C.POLYMORPHIC:
            _, rettype = C.resolve_polymorphic(session.db.cat, list(argtypes), proc.argtypes, rettype)

    def call(*args):
        depth = session.__dict__.get("_sqlfunc_depth", 0)
        if depth >= MAX_DEPTH:
            raise PgError("54001", "stack depth limit exceeded",
                          hint='Increase the configuration parameter "max_stack_depth" (currently 2048kB), '
                               "after ensuring the platform's stack depth limit is adequate.")
        if depth == 0 and sys.getrecursionlimit() < RECURSION_LIMIT:
            sys.setrecursionlimit(RECURSION_LIMIT)
        session._sqlfunc_depth = depth + 1
        saved = _apply_config(session, proc)
        # a STABLE or IMMUTABLE function's statements run in the caller's
        # snapshot and command id (plpgsql's read_only SPI calls); a VOLATILE
        # one's see what was written before each of them
        saved_pin = session.__dict__.get("pinned_snapshot")
        if proc.volatile != "v" and ectx.snapshot is not None:
            session.pinned_snapshot = (ectx.snapshot, ectx.cid)
        elif proc.volatile == "v":
            session.pinned_snapshot = None
        try:
            fn = _cached(session, proc, argtypes, rettype)
            return fn.call(session, list(args), rettype)
        finally:
            session._sqlfunc_depth = depth
            session.pinned_snapshot = saved_pin
            _restore_config(session, saved)
    return call


def compile_trigger(session, proc) -> tuple[Compiled, dict]:
    """A trigger function compiled with NEW, OLD and the TG_* variables
    (plpgsql_compile for a trigger call); the second value maps those
    names to their variables."""
    cache = session.__dict__.setdefault("_plpgsql_cache", {})
    key = (proc.oid, "trigger")
    hit = cache.get(key)
    if hit is not None and hit[0].proc is proc and hit[0].cat_version == session.db.cat.version:
        return hit
    ctx = _Ctx(session, TRIGGEROID, False, False)
    top = P.Scope(None, proc.name)
    _trigger_scope(ctx, top)
    block = _transposed(lambda: _parse(session, proc.prosrc, ctx, top, proc.name), proc, "")
    fn = Compiled(session, _signature(session, proc), block, ctx.vars, [], [], top.names["found"], TRIGGEROID,
                  False, proc, [])
    fn.is_trigger = True
    fn.print_strict_params = ctx.print_strict_params
    hit = (fn, dict(top.names))
    cache[key] = hit
    return hit


def call_trigger(session, proc, *, name: str, when: str, level: str, op: str, relid: int, relname: str,
                 schema: str, args: tuple = (), new=None, old=None):
    """Run a PL/pgSQL trigger function (plpgsql_exec_trigger) for the
    engine's trigger machinery (spec/13-plpgsql.md, "Trigger functions").

    ``when`` is BEFORE / AFTER / INSTEAD OF, ``level`` ROW / STATEMENT,
    ``op`` INSERT / UPDATE / DELETE / TRUNCATE; ``new`` and ``old`` are the
    row tuples (in the relation's column order) or None.  Returns the row
    the function returned, as a tuple coerced to the table's row type, or
    None (RETURN NULL: skip the operation)."""
    from pgref.catalog.typedefs import composite_columns
    from pgref.types.values import PgArray
    fn, names = compile_trigger(session, proc)
    cat = session.db.cat
    rel = cat.relations.get(relid)
    rowtype = rel.rowtype if rel is not None else T.RECORDOID
    cols = composite_columns(cat, rowtype) or []
    desc = (rowtype, tuple(c[0] for c in cols), tuple(c[1] for c in cols))
    preset = {
        # both records get the table's row type even when one is NULL, so a
        # function shared by several trigger events can name fields of both
        names["new"]: (tuple(new) if new is not None else None, desc),
        names["old"]: (tuple(old) if old is not None else None, desc),
        names["tg_name"]: (name, None), names["tg_when"]: (when, None), names["tg_level"]: (level, None),
        names["tg_op"]: (op, None), names["tg_relid"]: (relid, None), names["tg_relname"]: (relname, None),
        names["tg_table_name"]: (relname, None), names["tg_table_schema"]: (schema, None),
        names["tg_nargs"]: (len(args), None),
        # TG_ARGV subscripts start at 0
        names["tg_argv"]: (PgArray(list(args), [len(args)], [0], T.TEXTOID) if args else PgArray([], [], [], T.TEXTOID),
                           None),
    }
    depth = session.__dict__.get("_sqlfunc_depth", 0)
    if depth >= MAX_DEPTH:
        raise PgError("54001", "stack depth limit exceeded")
    session._sqlfunc_depth = depth + 1
    try:
        out = fn.call(session, [], TRIGGEROID, preset=preset)
    finally:
        session._sqlfunc_depth = depth
    if out is None:
        return None
    vals = tuple(getattr(out, "values", out))
    types = tuple(getattr(out, "types", ())) or desc[2]
    if len(vals) != len(cols):
        raise PgError("42804", "returned row structure does not match the structure of the triggering table",
                      detail="Number of returned columns (%d) does not match expected column count (%d)."
                      % (len(vals), len(cols)),
                      context=f"PL/pgSQL function {fn.signature} during function exit")
    from pgref.plpgsql.interp import Frame
    fr = Frame(fn, session)
    return tuple(fn.cast(fr, v, t, c[1], c[2]) for v, t, c in zip(vals, types, cols))


def run_inline(session, code: str, text: str) -> None:
    """DO: compile and run an anonymous block (plpgsql_inline_handler); its
    CONTEXT lines name ``inline_code_block``."""
    ctx = _Ctx(session, T.VOIDOID, False, False)
    top = P.Scope(None, None)
    p = _ParserVars(ctx)
    found = p.new(top, "found", T.BOOLOID, "scalar")
    try:
        block = _parse(session, code, ctx, top, "inline_code_block")
    except PgError as e:
        if e.position:
            off = text.find(code) if text else -1
            if off >= 0:
                e.position = off + e.position
            else:
                e.internal_position, e.internal_query, e.position = e.position, code, None
        else:
            line = getattr(e, "plpgsql_line", None)
            c = "compilation of PL/pgSQL function \"inline_code_block\"" + (f" near line {line}" if line else "")
            e.context = f"{e.context}\n{c}" if e.context else c
        raise
    fn = Compiled(session, "inline_code_block", block, ctx.vars, [], [], found, T.VOIDOID, False, None, [])
    fn.print_strict_params = ctx.print_strict_params
    _warn(session, ctx.warnings, code, text)
    fn.call(session, [], T.VOIDOID)

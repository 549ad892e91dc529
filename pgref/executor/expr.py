"""Compiling analyzed expressions into Python closures (PostgreSQL's
execExpr.c / execExprInterp.c, in closure form).

Where it sits: ``executor/`` (spec/07-executor.md, "Expression
evaluation").  ``compile_expr(expr, layout, ectx)`` walks the tree once
and returns ``f(row) -> value``; evaluating a row then costs one Python call
per node and no dispatch on node kinds (INV-EXEC-1: compilation happens once
per statement execution, never per row).

``layout`` maps what the input row holds to positions: ``("v", varno,
attno)`` keys for columns, or whole expressions (group keys and aggregates
above an Agg).  Columns of enclosing queries (``levelsup > 0``) are read
from ``ectx.outer``, the stack of (layout, row) pairs pushed by subquery
evaluation.

NULL handling: strict functions and operators return NULL without being
called when any argument is NULL; AND/OR/NOT follow SQL's three-valued
logic.
"""
from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable

from pgref.analyzer import nodes as N
from pgref.errors import (CARDINALITY_VIOLATION, FEATURE_NOT_SUPPORTED, INTERNAL_ERROR,
                          ARRAY_SUBSCRIPT_ERROR, PgError)
from pgref.types import fmgr
from pgref.types import oids as T
from pgref.types.values import PgArray

Fn = Callable[[tuple], Any]


# OIDs below this are PostgreSQL's own objects (catalog.FIRST_NORMAL_OID,
# INV-CAT-1); the executor's hashing shortcuts trust only built-in "="
_FIRST_NORMAL_OID = 16384


class Layout:
    """Position lookup for one input row shape."""

    def __init__(self, keys):
        self.keys = tuple(keys)
        self.index: dict = {}
        for i, k in enumerate(self.keys):
            self.index.setdefault(k, i)
            if isinstance(k, N.Var) and k.levelsup == 0:
                self.index.setdefault(("v", k.varno, k.varattno), i)

    def find(self, e) -> int | None:
        try:
            return self.index.get(e)
        except TypeError:
            return None


class CallContext:
    """The context handed to one call site of a function that takes
    ``"any"`` arguments: the statement's context plus the actual argument
    types (PostgreSQL's get_fn_expr_argtype) and whether it was called with
    VARIADIC (get_fn_expr_variadic)."""

    def __init__(self, ectx, argtypes: tuple[int, ...], funcvariadic: bool, rettype: int = 0):
        self._ectx = ectx
        self.argtypes = argtypes
        self.funcvariadic = funcvariadic
        self.rettype = rettype          # get_fn_expr_rettype (range constructors)

    def __getattr__(self, name):
        return getattr(self._ectx, name)


def function_impl(ectx, funcid: int, argtypes: tuple[int, ...] | None = None, funcvariadic: bool = False,
                  rettype: int | None = None):
    """The Python implementation of pg_proc row ``funcid`` (fmgr lookup).
    With ``argtypes``, context-taking functions get a CallContext;
    ``rettype`` is the call's resolved result type (user SQL functions
    coerce their result to it)."""
    proc = ectx.cat.proc(funcid)
    if proc.lang != 12 and hasattr(proc, "sqlbody"):
        # a user-defined SQL or C routine (spec/12-functions.md, "Calling")
        from pgref.executor import userfunc
        return proc, userfunc.callable_for(ectx, proc, argtypes, rettype)
    if proc.lang == 14:
        b = fmgr.lookup(f"sql:{proc.oid}")       # a native stand-in for a SQL built-in
        if b is None:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f"SQL-language built-in function {proc.name}() is not supported yet")
    else:
        b = fmgr.lookup(proc.prosrc)
    if b is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"function {proc.name}() ({proc.prosrc}) is not implemented in pgref yet")
    if b.ctx:
        fn = b.fn
        ctx = CallContext(ectx, argtypes, funcvariadic, rettype or proc.rettype) if argtypes is not None else ectx
        return proc, (lambda *a: fn(ctx, *a))
    return proc, b.fn


def _has_ctes(q: N.Query) -> bool:
    """Does this query, or any subquery inside it, have WITH queries?"""
    from pgref.planner.planner import walk_query
    if q.ctes:
        return True
    if any(rte.subquery is not None and rte.kind == "subquery" and _has_ctes(rte.subquery) for rte in q.rtable):
        return True
    return any(isinstance(x, N.SubLink) and _has_ctes(x.subquery) for x, _d in walk_query(q, 0))


def compare_function(ectx, cmpfunc: int) -> Callable[[Any, Any], int]:
    _, fn = function_impl(ectx, cmpfunc)
    return fn


_NAMED_RECORDS: dict = {}


def _named_record_class(names: tuple):
    """A TypedRecord subclass whose ``names`` class attribute holds a row's
    column names (one class per distinct name list; the value is still a
    plain TypedRecord to everything else)."""
    cls = _NAMED_RECORDS.get(names)
    if cls is None:
        from pgref.types.io.record import TypedRecord
        cls = type("NamedRecord", (TypedRecord,), {"__slots__": (), "names": names})
        if len(_NAMED_RECORDS) < 4096:
            _NAMED_RECORDS[names] = cls
    return cls


class Compiler:
    def __init__(self, ectx, layout: Layout, planner=None):
        self.ectx = ectx
        self.layout = layout
        self.case_stack: list[list] = []
        self.planner = planner

    def compile(self, e: N.Expr) -> Fn:
        pos = self.layout.find(e)
        if pos is not None and not isinstance(e, N.Const):
            return itemgetter(pos)
        method = getattr(self, "c_" + type(e).__name__, None)
        if method is None:
            raise PgError(FEATURE_NOT_SUPPORTED, f"cannot evaluate {type(e).__name__} yet")
        return method(e)

    # -------------------------------------------------------------- leaves
    def c_Const(self, e: N.Const) -> Fn:
        return constant(e.value)

    def c_Param(self, e: N.Param) -> Fn:
        ectx = self.ectx
        k = e.number - 1
        return lambda row: ectx.params[k]

    def c_Var(self, e: N.Var) -> Fn:
        if e.levelsup == 0:
            if e.varno == -1:                     # positional reference (Project over a Project)
                return itemgetter(e.varattno - 1)
            pos = self.layout.find(("v", e.varno, e.varattno))
            if pos is None:
                raise PgError(INTERNAL_ERROR, f"variable ({e.varno}, {e.varattno}) not found in input row")
            return itemgetter(pos)
        ectx = self.ectx
        k = e.levelsup
        key = ("v", e.varno, e.varattno)
        expr = e.__class__(e.varno, e.varattno, e.typ, e.typmod, 0)

        def outer(row):
            layout, orow = ectx.outer[-k]
            p = layout.find(key)
            if p is None:
                p = layout.find(expr)
                if p is None:
                    raise PgError("42803", "subquery uses ungrouped column from outer query")
            return orow[p]
        return outer

    def c_CaseTestExpr(self, e) -> Fn:
        box = self.case_stack[-1]
        if len(box) > 1:
            return constant(box[1])    # the CASE's argument is a constant
        return lambda row: box[0]

    # -------------------------------------------------------------- calls
    def _call(self, funcid: int, args: tuple[N.Expr, ...], funcvariadic: bool = False,
              rettype: int | None = None) -> Fn:
        proc, fn = function_impl(self.ectx, funcid, tuple(a.typ for a in args), funcvariadic, rettype)
        rt = self.ectx.cat.typeinfo(proc.rettype)
        if rt is not None and rt.category == "A" and rt.elem:
            # aggregate support functions keep array states as Python lists
            inner, elem = fn, rt.elem

            def fn(*a):
                v = inner(*a)
                return PgArray.from_list(v, elem) if isinstance(v, list) else v
        argf = [self.compile(a) for a in args]
        strict = proc.strict
        if proc.retset:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "set-returning functions are only supported at the top of a SELECT list or in FROM")
        if proc.volatile == "i" and all(is_constant(a) for a in argf):
            # PostgreSQL folds immutable functions of constants while
            # planning: the value (or the error, e.g. 1/0) comes before any row
            vals = [a.pgref_const for a in argf]
            if strict and any(v is None for v in vals):
                return constant(None)
            return constant(fn(*vals))
        if len(argf) == 1:
            a0 = argf[0]
            if strict:
                def f1(row):
                    x = a0(row)
                    return None if x is None else fn(x)
                return f1
            return lambda row: fn(a0(row))
        if len(argf) == 2:
            a0, a1 = argf
            if strict:
                def f2(row):
                    x = a0(row)
                    if x is None:
                        return None
                    y = a1(row)
                    if y is None:
                        return None
                    return fn(x, y)
                return f2
            return lambda row: fn(a0(row), a1(row))
        if len(argf) == 0:
            return lambda row: fn()
        if strict:
            def fn_n(row):
                vals = [a(row) for a in argf]
                if None in vals:
                    return None
                return fn(*vals)
            return fn_n
        return lambda row: fn(*[a(row) for a in argf])

    def c_FuncExpr(self, e: N.FuncExpr) -> Fn:
        return self._call(e.funcid, e.args, e.variadic, e.typ)

    def c_OpExpr(self, e: N.OpExpr) -> Fn:
        return self._call(e.funcid, e.args)

    def c_SessionFunc(self, e: N.SessionFunc) -> Fn:
        session = self.ectx.session
        argf = [self.compile(a) for a in e.args]
        name = e.name
        ectx = self.ectx
        return lambda row: session.call_function(name, ectx, [a(row) for a in argf])

    def c_SQLValueFunction(self, e: N.SQLValueFunction) -> Fn:
        ectx = self.ectx
        session = ectx.session
        op = e.op
        if op == "session_user":
            return lambda row: session.session_user
        if op in ("current_user", "user", "current_role"):
            return lambda row: session.user
        if op == "current_catalog":
            return lambda row: session.database
        if op == "current_schema":
            return lambda row: session.current_schema()
        from pgref.executor.sqlvalue import sql_value_function
        return sql_value_function(ectx, op, e.typmod)

    def c_DistinctExpr(self, e: N.DistinctExpr) -> Fn:
        _, fn = function_impl(self.ectx, e.funcid)
        a0, a1 = (self.compile(a) for a in e.args)
        neg = e.negated

        def f(row):
            x, y = a0(row), a1(row)
            if x is None or y is None:
                d = (x is None) != (y is None)
            else:
                d = not fn(x, y)
            return (not d) if neg else d
        return f

    def c_NullIfExpr(self, e: N.NullIfExpr) -> Fn:
        _, fn = function_impl(self.ectx, e.funcid)
        a0, a1 = (self.compile(a) for a in e.args)

        def f(row):
            x = a0(row)
            if x is None:
                return None
            y = a1(row)
            if y is not None and fn(x, y):
                return None
            return x
        return f

    def c_ScalarArrayOpExpr(self, e: N.ScalarArrayOpExpr) -> Fn:
        proc, fn = function_impl(self.ectx, e.funcid)
        a0, a1 = (self.compile(a) for a in e.args)
        use_or = e.use_or
        strict = proc.strict

        def f(row):
            x = a0(row)
            arr = a1(row)
            if arr is None:
                return None
            elems = arr.elements
            if not elems:
                return not use_or
            if x is None and strict:
                return None
            saw_null = False
            for y in elems:
                if y is None and strict:
                    saw_null = True
                    continue
                r = fn(x, y)
                if r is None:
                    saw_null = True
                elif use_or and r:
                    return True
                elif not use_or and not r:
                    return False
            return None if saw_null else (not use_or)
        return f

    # -------------------------------------------------------------- boolean
    def c_BoolExpr(self, e: N.BoolExpr) -> Fn:
        # as simplify_and/or_arguments: arguments are folded in order and a
        # constant FALSE (AND) / TRUE (OR) decides without folding the rest
        decisive = {"and": False, "or": True}.get(e.op)
        argf = []
        for a in e.args:
            f = self.compile(a)
            if decisive is not None and is_constant(f) and f.pgref_const is decisive:
                return constant(decisive)
            if decisive is not None and is_constant(f) and f.pgref_const is (not decisive):
                continue                      # TRUE in AND / FALSE in OR drops out
            argf.append(f)
        if decisive is not None and not argf:
            return constant(not decisive)
        if e.op == "not" and is_constant(argf[0]):
            v = argf[0].pgref_const
            return constant(None if v is None else not v)
        if e.op == "not":
            a0 = argf[0]

            def fnot(row):
                v = a0(row)
                return None if v is None else not v
            return fnot
        if e.op == "and":
            def fand(row):
                null = False
                for a in argf:
                    v = a(row)
                    if v is False:
                        return False
                    if v is None:
                        null = True
                return None if null else True
            return fand

        def forr(row):
            null = False
            for a in argf:
                v = a(row)
                if v is True:
                    return True
                if v is None:
                    null = True
            return None if null else False
        return forr

    def c_NullTest(self, e: N.NullTest) -> Fn:
        a = self.compile(e.arg)
        if e.is_null:
            return lambda row: a(row) is None
        return lambda row: a(row) is not None

    def c_BooleanTest(self, e: N.BooleanTest) -> Fn:
        a = self.compile(e.arg)
        k = e.kind
        table = {
            "is_true": lambda v: v is True, "is_not_true": lambda v: v is not True,
            "is_false": lambda v: v is False, "is_not_false": lambda v: v is not False,
            "is_unknown": lambda v: v is None, "is_not_unknown": lambda v: v is not None,
        }[k]
        return lambda row: table(a(row))

    # -------------------------------------------------------------- conditionals
    def c_CaseExpr(self, e: N.CaseExpr) -> Fn:
        box = [None]
        argf = self.compile(e.arg) if e.arg is not None else None
        if argf is not None and is_constant(argf):
            # eval_const_expressions substitutes a constant CASE argument
            # into the WHEN comparisons, so they fold and unreachable arms
            # are never evaluated
            box.append(argf.pgref_const)
            argf = None
        self.case_stack.append(box)
        whens = []
        default_expr = e.default
        try:
            for c, r in e.whens:
                cf = self.compile(c)
                if is_constant(cf) and cf.pgref_const is not True:
                    continue                   # a WHEN that can never hold: its result is not folded
                if is_constant(cf):
                    default_expr = r           # WHEN true: later arms are unreachable
                    break
                whens.append((cf, self.compile(r)))
        finally:
            self.case_stack.pop()
        default = self.compile(default_expr)
        if not whens and argf is None:
            return default

        def f(row):
            if argf is not None:
                box[0] = argf(row)
            for c, r in whens:
                if c(row) is True:
                    return r(row)
            return default(row)
        return f

    def c_CoalesceExpr(self, e: N.CoalesceExpr) -> Fn:
        argf = []
        for a in e.args:
            f = self.compile(a)
            if is_constant(f) and f.pgref_const is None:
                continue                       # a NULL constant can never be the result
            argf.append(f)
            if is_constant(f):
                break                          # later arguments are never reached
        if not argf:
            return constant(None)
        if len(argf) == 1:
            return argf[0]

        def f(row):
            for a in argf:
                v = a(row)
                if v is not None:
                    return v
            return None
        return f

    def c_MinMaxExpr(self, e: N.MinMaxExpr) -> Fn:
        cmp = compare_function(self.ectx, e.cmpfunc)
        argf = [self.compile(a) for a in e.args]
        greatest = e.op == "greatest"

        def f(row):
            best = None
            for a in argf:
                v = a(row)
                if v is None:
                    continue
                if best is None:
                    best = v
                else:
                    c = cmp(v, best)
                    if (c > 0) if greatest else (c < 0):
                        best = v
            return best
        return f

    def c_RowCompareExpr(self, e: N.RowCompareExpr) -> Fn:
        cmps = [compare_function(self.ectx, c) for c in e.cmpfuncs]
        lf = [self.compile(a) for a in e.largs]
        rf = [self.compile(a) for a in e.rargs]
        op = e.op

        def f(row):
            for cmp, l, r in zip(cmps, lf, rf):
                x, y = l(row), r(row)
                if x is None or y is None:
                    return None
                c = cmp(x, y)
                if c != 0:
                    break
            else:
                c = 0
            return {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]
        return f

    # -------------------------------------------------------------- coercions
    def c_RelabelType(self, e: N.RelabelType) -> Fn:
        if getattr(e, "reinterpret", False):
            from pgref.access.common.datum import reinterpret
            a = self.compile(e.arg)
            src, dst = e.arg.typ, e.typ
            return lambda row: reinterpret(a(row), src, dst)
        return self.compile(e.arg)

    def c_CoerceToDomain(self, e: N.CoerceToDomain) -> Fn:
        from pgref.types.domain import checker
        a = self.compile(e.arg)
        check = checker(self.ectx, e.typ)

        def f(row):
            v = a(row)
            check(v)
            return v
        return f

    def c_CoerceViaIO(self, e: N.CoerceViaIO) -> Fn:
        from pgref.types.registry import type_input, type_output
        a = self.compile(e.arg)
        src, dst, mod = e.arg.typ, e.typ, e.typmod
        ectx = self.ectx
        if src == T.UNKNOWNOID:
            src = T.TEXTOID

        def f(row):
            v = a(row)
            if v is None:
                return None
            return type_input(ectx, dst, type_output(ectx, src, v), mod)
        if is_constant(a):
            return constant(f(()))
        return f

    def c_ArrayCoerceExpr(self, e: N.ArrayCoerceExpr) -> Fn:
        a = self.compile(e.arg)
        box = [None]
        self.case_stack.append(box)
        try:
            elem = self.compile(e.elemexpr)
        finally:
            self.case_stack.pop()
        from pgref.analyzer.coerce import elem_of
        target_elem = elem_of(self.ectx.cat, e.typ)

        def f(row):
            arr = a(row)
            if arr is None:
                return None
            out = []
            for x in arr.elements:
                if x is None:
                    out.append(None)
                else:
                    box[0] = x
                    out.append(elem(row))
            return PgArray(out, list(arr.dims), list(arr.lbounds), target_elem)
        return f

    # -------------------------------------------------------------- arrays & rows
    def c_ArrayExpr(self, e: N.ArrayExpr) -> Fn:
        argf = [self.compile(a) for a in e.elements]
        elemtype = e.elemtype
        if not e.multidims:
            def f(row):
                items = [a(row) for a in argf]
                return PgArray(items, [len(items)] if items else [], [1] if items else [], elemtype)
            return f

        def fm(row):
            subs = [a(row) for a in argf]
            subs = [s for s in subs if s is not None]
            if not subs or all(not s.dims for s in subs):
                return PgArray([], [], [], elemtype)
            dims0 = subs[0].dims
            for s in subs:
                if s.dims != dims0:
                    raise PgError("2202E", "multidimensional arrays must have array expressions "
                                  "with matching dimensions")
            elems = [x for s in subs for x in s.elements]
            return PgArray(elems, [len(subs)] + list(dims0), [1] + list(subs[0].lbounds), elemtype)
        return fm

    def c_ArraySubscript(self, e: N.ArraySubscript) -> Fn:
        a = self.compile(e.arg)
        subs = [(self.compile(lo) if lo is not None else None,
                 self.compile(hi) if hi is not None else None, sl) for lo, hi, sl in e.indexes]
        is_slice = any(s[2] for s in e.indexes)

        def f(row):
            arr = a(row)
            if arr is None:
                return None
            if isinstance(arr, tuple) and hasattr(arr, "_fields"):
                # point/lseg/box/line: a 0-based fixed-length "array" (geometric)
                k = (subs[0][1] or subs[0][0])(row)
                return arr[k] if k is not None and 0 <= k < len(arr) else None
            idx = []
            for lo, hi, sl in subs:
                lv = lo(row) if lo is not None else None
                hv = hi(row) if hi is not None else None
                if (lo is not None and lv is None) or (hi is not None and hv is None):
                    return None
                idx.append((lv, hv, sl))
            return _subscript(arr, idx, is_slice)
        return f

    # assignment to subscripts and fields (executor/assign.py)
    def c_ArrayAssign(self, e) -> Fn:
        from pgref.executor import assign
        return assign.compile_array_assign(self, e)

    def c_FieldStore(self, e) -> Fn:
        from pgref.executor import assign
        return assign.compile_field_store(self, e)

    def c_AssignCurrent(self, e) -> Fn:
        from pgref.executor import assign
        return assign.compile_assign_current(self, e)

    def c_FieldSelect(self, e: N.FieldSelect) -> Fn:
        a = self.compile(e.arg)
        k = e.fieldnum - 1

        def f(row):
            v = a(row)
            return None if v is None else v.values[k]
        return f

    def c_RowExpr(self, e: N.RowExpr) -> Fn:
        """A row value carries its column types, so it can be printed
        (record_out) and compared field by field; with the RowExpr's column
        names it also knows those (row_to_json, to_jsonb print them)."""
        from pgref.types.io.record import TypedRecord
        argf = [self.compile(a) for a in e.args]
        types = tuple(T.TEXTOID if a.typ == T.UNKNOWNOID else a.typ for a in e.args)
        cls = _named_record_class(tuple(e.colnames)) if len(e.colnames) == len(types) else TypedRecord
        return lambda row: cls(tuple(a(row) for a in argf), types)

    # -------------------------------------------------------------- aggregates & subqueries
    def c_Aggref(self, e: N.Aggref) -> Fn:
        if e.levelsup > 0:
            return self._upper_level_value(e)
        raise PgError("42803", "aggregate function calls are not allowed here")

    def c_GroupingFunc(self, e: N.GroupingFunc) -> Fn:
        if e.levelsup > 0:
            return self._upper_level_value(e)
        raise PgError("42803", "grouping operations are not allowed here")

    def _upper_level_value(self, e) -> Fn:
        """An aggregate or GROUPING() of the query ``levelsup`` levels up:
        its Agg computed it; read it from that level's current row.  The
        analyzer recorded the outer level's copy as ``upper_ref``
        (analyzer/grouping.py, INV-GSET-5)."""
        ectx = self.ectx
        k = e.levelsup
        inner = getattr(e, "upper_ref", None)
        if inner is None:
            from pgref.analyzer.grouping import adjust_levels
            inner = adjust_levels(e, -k)

        def outer(row):
            layout, orow = ectx.outer[-k]
            p = layout.find(inner)
            if p is None:
                raise PgError(INTERNAL_ERROR, "upper-level aggregate not found in the outer query's row")
            return orow[p]
        return outer

    def _hashed_exists(self, e: N.SubLink, planner):
        """A correlated ``EXISTS (SELECT ... FROM ... WHERE inner = outer AND
        ...)`` whose only references to the outer row are such equalities is
        PostgreSQL's semi join: the subquery runs once without them, its
        inner key values go into a hash set, and each outer row probes the
        set with its own values (NULL never matches, as '=' would not)."""
        from dataclasses import replace as dc_replace

        from pgref.executor import keys as K
        from pgref.executor.run import run_plan_rows
        from pgref.planner.planner import split_and, walk_expr, walk_query
        q = e.subquery
        if (q.set_op is not None or q.group_by or q.has_aggs or q.having is not None or q.sort
                or q.limit_count is not None or q.limit_offset is not None or q.distinct is not None
                or q.distinct_on is not None or q.ctes or getattr(q, "windows", None)
                or any(rte.kind != "relation" for rte in q.rtable)):
            return None
        inner_keys, outer_keys, rest, lifted = [], [], [], []
        cat = self.ectx.cat
        for c in split_and(q.where):
            nodes = list(walk_expr(c, 0))
            outer = [x for x, d in nodes if isinstance(x, (N.Var, N.Aggref)) and x.levelsup > d]
            if not outer:
                rest.append(c)
                continue
            if not any(isinstance(x, N.Var) and x.levelsup == d for x, d in nodes) and not any(
                    isinstance(x, (N.FuncExpr, N.OpExpr)) and cat.proc(x.funcid).volatile == "v"
                    for x, _ in nodes) and not any(isinstance(x, N.Aggref) for x, _ in nodes):
                # a stable test of the outer row alone (a nested NOT EXISTS
                # that reads only outer columns, say): EXISTS(q AND p) is
                # p AND EXISTS(q), so p runs once per outer row, not per
                # inner row (PostgreSQL pulls such quals up with the join)
                lifted.append(c)
                continue
            if not (isinstance(c, N.OpExpr) and len(c.args) == 2):
                return None
            op = self.ectx.cat.operator(c.opno)
            a, b = c.args
            if isinstance(b, N.Var) and b.levelsup >= 1 and not any(
                    isinstance(x, N.Var) and x.levelsup > d for x, d in walk_expr(a, 0)):
                inner, outer_v = a, b
            elif isinstance(a, N.Var) and a.levelsup >= 1 and not any(
                    isinstance(x, N.Var) and x.levelsup > d for x, d in walk_expr(b, 0)):
                inner, outer_v = b, a
            else:
                return None
            typ = inner.typ
            # only a built-in "=" is known to agree with Python equality of
            # the normalized keys (a user's hashable "=" has its own function)
            if not op.canhash or op.name != "=" or c.opno >= _FIRST_NORMAL_OID or outer_v.typ != typ or (
                    typ not in K._NATURAL and typ not in K._SPECIAL):
                return None
            inner_keys.append(inner)
            # seen from the level the EXISTS sits in: one level nearer
            outer_keys.append(dc_replace(outer_v, levelsup=outer_v.levelsup - 1))
        if not inner_keys:
            return None
        # any other outer reference (in the target list, a nested sublink ...)
        # keeps the plain per-row evaluation
        reduced = dc_replace(q, where=_and_all(rest),
                             target_list=[N.TargetEntry(k, i + 1, f"k{i}") for i, k in enumerate(inner_keys)])
        for x, d in walk_query(reduced, 0):
            if isinstance(x, (N.Var, N.Aggref)) and x.levelsup > d:
                return None
        from pgref.planner.planner import Planner
        sub_planner = Planner(self.ectx.cat, getattr(planner, "settings", None), getattr(planner, "db", None))
        if planner is not None:
            sub_planner.cte_plans = planner.cte_plans
        plan = sub_planner.plan_select(reduced)
        norms = [K.hash_key_function(k.typ) or (lambda v: v) for k in inner_keys]
        probes = [self.compile(k) for k in outer_keys]
        ectx = self.ectx
        cache = ("semi", id(e))

        def table():
            got = ectx.initplan_cache.get(cache)
            if got is None:
                got = set()
                for r in run_plan_rows(plan, ectx, sub_planner):
                    if all(v is not None for v in r[:len(norms)]):
                        got.add(tuple(n(v) for n, v in zip(norms, r)))
                ectx.initplan_cache[cache] = got
            return got

        # lifted tests are compiled at the subquery's level (they read the
        # outer row through ectx.outer, as inside the subquery) over no row
        level = Compiler(ectx, Layout(()), sub_planner)
        tests = [level.compile(c) for c in lifted]
        layout = self.layout

        def outer_tests(row) -> bool:
            ectx.outer.append((layout, row))
            try:
                return all(t(None) is True for t in tests)
            finally:
                ectx.outer.pop()

        def probe(row):
            vals = [p(row) for p in probes]
            if any(v is None for v in vals):
                return False
            if tuple(n(v) for n, v in zip(norms, vals)) not in table():
                return False
            return not tests or outer_tests(row)
        return probe

    def _hashed_any(self, e: N.SubLink, tests, rows_for, correlated: bool):
        """``x IN (uncorrelated subquery)`` with a hashable equality: the
        subquery's values go into a hash set once (PostgreSQL's hashed
        SubPlan) and each row probes it, keeping IN's NULL rules: NULL when x
        is NULL or x is missing from a set that holds a NULL."""
        from pgref.executor import keys as K
        if correlated or len(tests) != 1 or len(e.operators) != 1:
            return None
        opno = e.operators[0][0]
        op = self.ectx.cat.operator(opno)
        ltyp = e.testexprs[0].typ
        rtyp = next(te.expr.typ for te in e.subquery.target_list if not te.resjunk)
        if not op.canhash or op.name != "=" or opno >= _FIRST_NORMAL_OID or ltyp != rtyp:
            return None
        if ltyp not in K._NATURAL and ltyp not in K._SPECIAL:
            return None
        norm = K.hash_key_function(ltyp) or (lambda v: v)
        test = tests[0]
        ectx = self.ectx
        key = ("hashed", id(e))

        def table(row):
            got = ectx.initplan_cache.get(key)
            if got is None:
                values, has_null, rows = set(), False, rows_for(row)
                for r in rows:
                    if r[0] is None:
                        has_null = True
                    else:
                        values.add(norm(r[0]))
                got = ectx.initplan_cache[key] = (values, has_null, bool(rows))
            return got

        def probe(row):
            values, has_null, nonempty = table(row)
            if not nonempty:
                return False
            x = test(row)
            if x is None:
                return None
            if norm(x) in values:
                return True
            return None if has_null else False
        return probe

    def c_SubLink(self, e: N.SubLink) -> Fn:
        from pgref.executor.run import run_plan_rows
        from pgref.planner.planner import Planner, is_correlated
        planner = Planner(self.ectx.cat, getattr(self.planner, "settings", None), getattr(self.planner, "db", None))
        if self.planner is not None:
            planner.cte_plans = self.planner.cte_plans
        plan = planner.plan_select(e.subquery)
        if getattr(self.ectx, "instrument", None) is not None:
            self.ectx.instrument.subplans[id(e)] = plan     # EXPLAIN ANALYZE shows this plan
        correlated = is_correlated(e.subquery)
        own_ctes = correlated and _has_ctes(e.subquery)
        ectx = self.ectx
        layout = self.layout
        tests = [self.compile(t) for t in e.testexprs]
        ops = [function_impl(ectx, fid) for _, fid in e.operators]
        kind = e.kind
        ncols = len([te for te in e.subquery.target_list if not te.resjunk])
        cache_key = id(e)

        def rows_for(row):
            if not correlated:
                cached = ectx.initplan_cache.get(cache_key)
                if cached is not None:
                    return cached
            ectx.outer.append((layout, row))
            # a correlated subquery's own WITH queries are computed afresh for
            # each outer row; the enclosing query's stay shared
            # (and so are the uncorrelated sub-selects inside it, which may
            # read those WITH queries)
            saved_ctes, saved_init = ectx.cte_cache, ectx.initplan_cache
            if own_ctes:
                ectx.cte_cache = dict(saved_ctes)
                ectx.initplan_cache = {}
            try:
                if kind == "exists":
                    rows = list(_first(run_plan_rows(plan, ectx, planner)))
                elif kind in ("expr", "row"):
                    rows = list(_take(run_plan_rows(plan, ectx, planner), 2))
                else:
                    rows = list(run_plan_rows(plan, ectx, planner))
            finally:
                ectx.outer.pop()
                ectx.cte_cache, ectx.initplan_cache = saved_ctes, saved_init
            if not correlated:
                ectx.initplan_cache[cache_key] = rows
            return rows

        if kind == "exists":
            hashed = self._hashed_exists(e, planner) if correlated else None
            if hashed is not None:
                return hashed
            return lambda row: bool(rows_for(row))
        if kind == "expr":
            def scalar(row):
                rows = rows_for(row)
                if len(rows) > 1:
                    raise PgError(CARDINALITY_VIOLATION, "more than one row returned by a subquery used as an expression")
                return rows[0][0] if rows else None
            return scalar
        if kind == "row":
            from pgref.types.io.record import TypedRecord
            types = tuple(te.expr.typ for te in e.subquery.target_list if not te.resjunk)

            def whole_row(row):
                rows = rows_for(row)
                if len(rows) > 1:
                    raise PgError(CARDINALITY_VIOLATION, "more than one row returned by a subquery used as an expression")
                return TypedRecord(tuple(rows[0][:len(types)]), types) if rows else None
            return whole_row
        if kind == "array":
            from pgref.analyzer.coerce import elem_of
            et = elem_of(ectx.cat, e.typ)

            def arr(row):
                vals = [r[0] for r in rows_for(row)]
                return PgArray(vals, [len(vals)] if vals else [], [1] if vals else [], et)
            return arr
        use_or = kind == "any"
        hashed = self._hashed_any(e, tests, rows_for, correlated) if use_or else None
        if hashed is not None:
            return hashed

        def quantified(row):
            lefts = [t(row) for t in tests]
            result: bool | None = not use_or
            for r in rows_for(row):
                val: bool | None = True
                for (proc, fn), x, y in zip(ops, lefts, r[:ncols]):
                    if (x is None or y is None) and proc.strict:
                        c = None
                    else:
                        c = fn(x, y)
                    if c is None:
                        val = None if val is not False else False
                    elif not c:
                        val = False
                if use_or:
                    if val is True:
                        return True
                    if val is None:
                        result = None
                else:
                    if val is False:
                        return False
                    if val is None:
                        result = None
            return result
        return quantified


def constant(value) -> Fn:
    """A compiled expression that is a known constant: the closure carries
    its value, so callers can fold over it (see Compiler._call)."""
    def f(row):
        return value
    f.pgref_const = value
    return f


def is_constant(f) -> bool:
    return hasattr(f, "pgref_const")


def _first(it):
    for x in it:
        yield x
        return


def _take(it, n):
    for i, x in enumerate(it):
        yield x
        if i + 1 >= n:
            return


def _subscript(arr: PgArray, idx, is_slice: bool):
    nd = len(arr.dims)
    if not is_slice:
        if len(idx) != nd or nd == 0:
            return None
        off = 0
        for d, (lo, hi, _) in enumerate(idx):
            i = hi if lo is None else lo      # gram.y puts a plain subscript in uidx
            k = i - arr.lbounds[d]
            if k < 0 or k >= arr.dims[d]:
                return None
            off = off * arr.dims[d] + k
        return arr.elements[off]
    if nd != 1 or len(idx) != 1:
        from pgref.executor.assign import array_get_slice
        return array_get_slice(arr, idx)
    lo, hi, sl = idx[0]
    lb = arr.lbounds[0]
    ub = lb + arr.dims[0] - 1
    if not sl:
        lo, hi = 1, (hi if lo is None else lo)
    lo = lb if lo is None else max(lo, lb)
    hi = ub if hi is None else min(hi, ub)
    if lo > hi:
        return PgArray([], [], [], arr.elemtype)
    items = arr.elements[lo - lb:hi - lb + 1]
    return PgArray(list(items), [len(items)], [1], arr.elemtype)


def compile_expr(e: N.Expr, layout: Layout, ectx, planner=None) -> Fn:
    return Compiler(ectx, layout, planner).compile(e)


def compile_quals(quals, layout: Layout, ectx, planner=None) -> Callable[[tuple], bool] | None:
    if not quals:
        return None
    fs = [compile_expr(q, layout, ectx, planner) for q in quals]
    if len(fs) == 1:
        f0 = fs[0]
        return lambda row: f0(row) is True
    return lambda row: all(f(row) is True for f in fs)


def _and_all(conjuncts: list):
    if not conjuncts:
        return None
    if len(conjuncts) == 1:
        return conjuncts[0]
    return N.BoolExpr("and", tuple(conjuncts))

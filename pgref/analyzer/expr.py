"""Expressions: raw AST in, typed expression trees out (transformExpr).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Expressions").  The
counterpart of PostgreSQL's parse_expr.c, parse_oper.c (make_op),
parse_func.c (ParseFuncOrColumn) and parse_coerce.c (coerce_type).

Rules worth knowing before reading:
* A string literal is of type ``unknown`` until context gives it a type; then
  its text is run through the target type's input function *at analysis
  time*, so ``'abc'::int`` fails with the literal's position (INV-AN-4).
* Integer literals that fit int4 are int4, larger ones int8, then numeric;
  literals with a point or exponent are numeric.
* ``x IN (a, b)`` becomes ``x = ANY(ARRAY[a, b])`` when all values share a
  type, else an OR of comparisons -- as transformAExprIn does.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.parse_state import ParseState, resolve_column, resolve_qualified
from pgref.analyzer.resolve import _operator_signature, resolve_function, resolve_operator
from pgref.errors import (DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, GROUPING_ERROR,
                          INDETERMINATE_DATATYPE, SYNTAX_ERROR, UNDEFINED_COLUMN,
                          UNDEFINED_FUNCTION, UNDEFINED_OBJECT, WRONG_OBJECT_TYPE,
                          CANNOT_COERCE, UNDEFINED_PARAMETER, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

INT4_MIN, INT4_MAX = -(2 ** 31), 2 ** 31 - 1
INT8_MIN, INT8_MAX = -(2 ** 63), 2 ** 63 - 1


def pos(location: int) -> int | None:
    return location + 1 if location is not None and location >= 0 else None


def expr_type(e: N.Expr) -> int:
    return e.typ


def expr_typmod(e: N.Expr) -> int:
    return getattr(e, "typmod", -1)


def expr_location(e: Any) -> int:
    """PostgreSQL's exprLocation() for raw nodes: the leftmost known location
    of the node and, for operators, casts and the like, its first operand."""
    loc = getattr(e, "location", -1)
    inner = None
    if isinstance(e, A.A_Expr):
        inner = e.lexpr
    elif isinstance(e, (A.TypeCast, A.CollateClause)):
        inner = e.arg
    elif isinstance(e, A.BoolExpr) and e.args:
        inner = e.args[0]
    elif isinstance(e, (A.NullTest, A.BooleanTest)):
        inner = e.arg
    elif isinstance(e, A.A_Indirection):
        inner = e.arg
    elif isinstance(e, A.SubLink) and e.testexpr is not None:
        inner = e.testexpr
    if inner is not None:
        il = expr_location(inner)
        if il >= 0 and (loc < 0 or il < loc):
            return il
    return loc


class ExprAnalyzer:
    """Holds what expression analysis needs from the session: the catalog,
    the search path, an I/O context (for parsing literals) and the types of
    $n parameters (``param_types[n-1]``; 0 = not yet known, inferred from
    context as PostgreSQL does for Parse without types)."""

    def __init__(self, cat, search_path: list[int], ioctx, param_types: list[int] | None = None):
        self.cat = cat
        self.search_path = search_path
        self.ioctx = ioctx
        self.param_types = param_types if param_types is not None else []

    # ------------------------------------------------------------------ entry
    def transform(self, ps: ParseState, node: Any) -> N.Expr:
        method = getattr(self, "t_" + type(node).__name__, None)
        if method is None:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f"expression of kind {type(node).__name__} is not supported",
                          position=pos(expr_location(node)))
        return method(ps, node)

    # ------------------------------------------------------------------ leaves
    def t_A_Const(self, ps, n: A.A_Const) -> N.Expr:
        loc = n.location
        if n.isnull:
            return N.Const(T.UNKNOWNOID, None, location=loc)
        v = n.val
        if isinstance(v, A.Integer):
            return N.Const(T.INT4OID, v.ival, location=loc)
        if isinstance(v, A.Float):
            s = v.fval
            if s.lstrip("-").isdigit():
                i = int(s)
                if INT8_MIN <= i <= INT8_MAX:
                    return N.Const(T.INT8OID, i, location=loc)
            return N.Const(T.NUMERICOID, self.input_value(T.NUMERICOID, s, -1, loc), location=loc)
        if isinstance(v, A.String):
            return N.Const(T.UNKNOWNOID, v.sval, location=loc)
        if isinstance(v, A.Boolean):
            return N.Const(T.BOOLOID, v.boolval, location=loc)
        if isinstance(v, A.BitString):
            return N.Const(T.BITOID, self.input_value(T.BITOID, v.bsval[1:] if v.bsval[0] == "b"
                                                      else _hex_to_bits(v.bsval[1:]), -1, loc),
                           location=loc)
        raise PgError(FEATURE_NOT_SUPPORTED, f"constant {v!r} is not supported", position=pos(loc))

    def input_value(self, typ: int, text: str, typmod: int, location: int) -> Any:
        from pgref.types.registry import type_input
        try:
            return type_input(self.ioctx, typ, text, typmod)
        except PgError as e:
            if e.position is None and location >= 0:
                e.position = location + 1
            raise

    max_params = None       # a fixed parameter list (a SQL function's arguments)

    def t_ParamRef(self, ps, n: A.ParamRef) -> N.Expr:
        k = n.number
        if k <= 0 or k > 65535 or (self.max_params is not None and k > self.max_params):
            raise PgError(UNDEFINED_PARAMETER, f"there is no parameter ${k}", position=pos(n.location))
        while len(self.param_types) < k:
            self.param_types.append(0)
        typ = self.param_types[k - 1] or T.UNKNOWNOID
        return N.Param(k, typ)

    # PostgreSQL's p_post_columnref_hook: consulted when a column reference
    # names no column (SQL function parameter names, analyzer/sqlfuncs.py)
    post_columnref_hook = None

    def t_ColumnRef(self, ps, n: A.ColumnRef) -> N.Expr:
        if self.post_columnref_hook is None:
            return self._column_ref(ps, n)
        try:
            return self._column_ref(ps, n)
        except PgError as e:
            if e.sqlstate not in (UNDEFINED_COLUMN, "42P01"):
                raise
            got = self.post_columnref_hook(self, ps, n)
            if got is None:
                raise
            return got

    def _column_ref(self, ps, n: A.ColumnRef) -> N.Expr:
        f = n.fields
        if any(isinstance(x, A.A_Star) for x in f):
            if len(f) == 2 and isinstance(f[0], str) and isinstance(f[1], A.A_Star):
                # foo.* used as a value: a whole-row reference (transformWholeRowRef)
                from pgref.analyzer.parse_state import find_relation_item
                hit = find_relation_item(ps, f[0], None, n.location)
                if hit is not None:
                    return self.whole_row(hit[0], hit[1].rtindex, hit[2])
            raise PgError(FEATURE_NOT_SUPPORTED, "row expansion via \"*\" is not supported here",
                          position=pos(n.location))
        if len(f) == 1:
            try:
                return resolve_column(ps, f[0], n.location)
            except PgError as e:
                if e.sqlstate != UNDEFINED_COLUMN:
                    raise
                # a bare table name used as a whole-row value
                from pgref.analyzer.parse_state import find_relation_item
                hit = find_relation_item(ps, f[0], None, n.location)
                if hit is None:
                    raise
                cur, item, level = hit
                return self.whole_row(cur, item.rtindex, level)
        if len(f) == 2:
            return resolve_qualified(ps, f[0], f[1], n.location)
        if len(f) == 3:
            rel = self.cat.lookup_relation(f[0], f[1], self.search_path)
            return resolve_qualified(ps, f[1], f[2], n.location, schema=f[0],
                                     relid=rel.oid if rel is not None else None)
        raise PgError(FEATURE_NOT_SUPPORTED, "improper qualified name (too many dotted names): "
                      + ".".join(x for x in f if isinstance(x, str)), position=pos(n.location))

    def whole_row(self, ps: ParseState, rtindex: int, level: int) -> N.Expr:
        from pgref.analyzer.parse_state import make_var
        rte = ps.rte(rtindex)
        rowtype = T.RECORDOID
        if rte.kind == "relation" and rte.relid:
            # a table's whole row is a value of its composite row type
            rel = self.cat.relations.get(rte.relid)
            if rel is not None and rel.rowtype:
                rowtype = rel.rowtype
        live = [i for i, n in enumerate(rte.colnames) if n != "" or rowtype == T.RECORDOID]
        args = tuple(make_var(ps, rtindex, i + 1, level) for i in live)
        return N.RowExpr(args, typ=rowtype, colnames=tuple(rte.colnames[i] for i in live))

    # ------------------------------------------------------------------ operators
    def t_A_Expr(self, ps, n: A.A_Expr) -> N.Expr:
        k = n.kind
        if k == "op":
            left = None if n.lexpr is None else self.transform(ps, n.lexpr)
            right = self.transform(ps, n.rexpr)
            return self.make_op(n.name, left, right, n.location)
        if k in ("op_any", "op_all"):
            left = self.transform(ps, n.lexpr)
            right = self.transform(ps, n.rexpr)
            return self.make_scalar_array_op(n.name, k == "op_any", left, right, n.location)
        if k in ("distinct", "not_distinct"):
            left = self.transform(ps, n.lexpr)
            right = self.transform(ps, n.rexpr)
            if isinstance(left, N.RowExpr) or isinstance(right, N.RowExpr):
                return self.row_distinct(left, right, k == "not_distinct", n.location)
            op = self.make_op(("=",), left, right, n.location)
            if not isinstance(op, N.OpExpr) or op.typ != T.BOOLOID:
                raise PgError(DATATYPE_MISMATCH, "IS DISTINCT FROM requires = operator to yield boolean",
                              position=pos(n.location))
            return N.DistinctExpr(op.opno, op.funcid, op.args, negated=(k == "not_distinct"))
        if k == "nullif":
            left = self.transform(ps, n.lexpr)
            right = self.transform(ps, n.rexpr)
            op = self.make_op(("=",), left, right, n.location)
            if op.typ != T.BOOLOID:
                raise PgError(DATATYPE_MISMATCH, "NULLIF requires = operator to yield boolean",
                              position=pos(n.location))
            return N.NullIfExpr(op.opno, op.funcid, expr_type(op.args[0]), op.args,
                                expr_typmod(op.args[0]))
        if k == "in":
            return self.transform_in(ps, n)
        if k in ("like", "ilike", "similar"):
            left = self.transform(ps, n.lexpr)
            right = self.transform(ps, n.rexpr)
            return self.make_op(n.name, left, right, n.location)
        if k in ("between", "not_between", "between_sym", "not_between_sym"):
            return self.transform_between(ps, n)
        raise PgError(FEATURE_NOT_SUPPORTED, f"operator kind {k} is not supported", position=pos(n.location))

    def transform_between(self, ps, n: A.A_Expr) -> N.Expr:
        lo, hi = n.rexpr
        x = n.lexpr
        neg = n.kind.startswith("not_")
        sym = n.kind.endswith("_sym")

        def rng(a, b):
            if not neg:
                return A.BoolExpr("and", (A.A_Expr("op", (">=",), x, a, n.location),
                                          A.A_Expr("op", ("<=",), x, b, n.location)), n.location)
            return A.BoolExpr("or", (A.A_Expr("op", ("<",), x, a, n.location),
                                     A.A_Expr("op", (">",), x, b, n.location)), n.location)
        if not sym:
            return self.transform(ps, rng(lo, hi))
        both = A.BoolExpr("and" if neg else "or", (rng(lo, hi), rng(hi, lo)), n.location)
        return self.transform(ps, both)

    def transform_in(self, ps, n: A.A_Expr) -> N.Expr:
        negate = n.name == ("<>",)
        left = self.transform(ps, n.lexpr)
        rights = [self.transform(ps, r) for r in n.rexpr]
        # scalar array op when possible: all non-Var right values, common type
        if not isinstance(left, N.RowExpr) and not any(isinstance(r, N.RowExpr) for r in rights):
            try:
                common = C.select_common_type(self.cat, [expr_type(left)] + [expr_type(r) for r in rights], None)
            except PgError:
                common = 0
            arr = self.cat.typeinfo(common).array if common and self.cat.typeinfo(common) else 0
            if common and arr and common != T.UNKNOWNOID:
                elems = tuple(self.coerce(r, common, -1, C.IMPLICIT, expr_location(r)) for r in rights)
                left2 = self.coerce(left, common, -1, C.IMPLICIT, n.location)
                array = N.ArrayExpr(arr, common, elems)
                return self.make_scalar_array_op(n.name, not negate, left2, array, n.location)
        # else: OR of = (AND of <>)
        parts = []
        for r in rights:
            if isinstance(left, N.RowExpr) or isinstance(r, N.RowExpr):
                parts.append(self.row_compare(n.name[-1], left, r, n.location))
            else:
                parts.append(self.make_op(n.name, left, r, n.location))
        if len(parts) == 1:
            return parts[0]
        return N.BoolExpr("and" if negate else "or", tuple(parts))

    def make_op(self, name: tuple, left: N.Expr | None, right: N.Expr, location: int) -> N.Expr:
        opname = name[-1]
        schema = name[0] if len(name) > 1 else None
        if left is not None and _is_row_constructor(left) and _is_row_constructor(right):
            # ROW(...) op ROW(...): compared field by field (make_row_comparison_op);
            # any other row-valued operand goes through the record operators
            return self.row_compare(opname, left, right, location)
        if isinstance(right, N.SubLink) and False:
            pass
        ltype = None if left is None else expr_type(left)
        rtype = expr_type(right)
        # $n of unknown type next to a known type takes that type
        if left is not None:
            left, right = self._infer_params(left, right)
            ltype, rtype = expr_type(left), expr_type(right)
        else:
            right = self._default_param(right)
            rtype = expr_type(right)
        op = resolve_operator(self.cat, opname, ltype, rtype, pos(location), schema, self.search_path)
        if not op.code:
            # a shell made by a COMMUTATOR/NEGATOR reference (engine/operatorcmds.py)
            raise PgError(UNDEFINED_FUNCTION, "operator is only a shell: "
                          f"{_operator_signature(self.cat, '.'.join(name), ltype, rtype)}",
                          position=pos(location))
        proc = self.cat.proc(op.code)
        args: tuple[N.Expr, ...]
        decl = (op.right,) if left is None else (op.left, op.right)
        actual = [rtype] if left is None else [ltype, rtype]
        rettype = op.result
        if any(d in C.POLYMORPHIC for d in decl) or rettype in C.POLYMORPHIC:
            decl_l, rettype = C.resolve_polymorphic(self.cat, actual, decl, rettype)
            decl = tuple(decl_l)
        if left is None:
            args = (self.coerce(right, decl[0], -1, C.IMPLICIT, location),)
        else:
            args = (self.coerce(left, decl[0], -1, C.IMPLICIT, location),
                    self.coerce(right, decl[1], -1, C.IMPLICIT, location))
        if proc.retset:
            raise PgError(FEATURE_NOT_SUPPORTED, "set-returning operators are not supported",
                          position=pos(location))
        if proc.lang == 14 and hasattr(proc, "sqlbody"):
            # a user SQL function behind a user operator (engine/operatorcmds.py):
            # inlined when its body is one expression, else called
            from pgref.analyzer.sqlfuncs import _try_inline
            # not when an argument is a CASE's test placeholder: a CASE in the
            # body would capture it (CASE x WHEN y with a user = operator)
            inlined = None if any(_has_case_test(a) for a in args) else _try_inline(self, proc, args, rettype)
            return inlined if inlined is not None else N.OpExpr(op.oid, op.code, rettype, args)
        if proc.lang == 14:
            from pgref.analyzer.funcs import inline_sql_function
            return inline_sql_function(self, proc, args, rettype, location)
        return N.OpExpr(op.oid, op.code, rettype, args)

    def _infer_params(self, left: N.Expr, right: N.Expr) -> tuple[N.Expr, N.Expr]:
        if isinstance(left, N.Param) and left.typ == T.UNKNOWNOID and expr_type(right) != T.UNKNOWNOID:
            left = self.set_param_type(left, expr_type(right))
        if isinstance(right, N.Param) and right.typ == T.UNKNOWNOID and expr_type(left) != T.UNKNOWNOID:
            right = self.set_param_type(right, expr_type(left))
        return left, right

    def _default_param(self, e: N.Expr) -> N.Expr:
        return e

    def set_param_type(self, p: N.Param, typ: int) -> N.Param:
        cur = self.param_types[p.number - 1]
        if cur and cur != T.UNKNOWNOID and cur != typ:
            raise PgError("42P08", f"inconsistent types deduced for parameter ${p.number}",
                          detail=f"{self.cat.format_type(cur)} versus {self.cat.format_type(typ)}")
        self.param_types[p.number - 1] = typ
        return N.Param(p.number, typ)

    def make_scalar_array_op(self, name: tuple, use_or: bool, left: N.Expr, right: N.Expr,
                             location: int) -> N.Expr:
        rtype = expr_type(right)
        if rtype == T.UNKNOWNOID:
            elem = T.UNKNOWNOID
        else:
            elem = C.elem_of(self.cat, C.base_type(self.cat, rtype))
            if not elem:
                raise PgError(DATATYPE_MISMATCH, "op ANY/ALL (array) requires array on right side",
                              position=pos(location))
        op = resolve_operator(self.cat, name[-1], expr_type(left), elem, pos(location),
                              name[0] if len(name) > 1 else None, self.search_path)
        if op.result != T.BOOLOID:
            raise PgError(DATATYPE_MISMATCH, "op ANY/ALL (array) requires operator to yield boolean",
                          position=pos(location))
        lt = op.left
        if op.left in C.POLYMORPHIC and elem and elem != T.UNKNOWNOID:
            lt = C.resolve_polymorphic(self.cat, [expr_type(left), elem], (op.left, op.right), op.result)[0][0]
        larg = self.coerce(left, lt, -1, C.IMPLICIT, location)
        if op.right in C.POLYMORPHIC:
            # e.g. anyenum = anyenum: the array keeps its own (or the left's) type
            arrtype = rtype if rtype != T.UNKNOWNOID else C.array_of(self.cat, expr_type(larg))
        else:
            arrtype = self.cat.typeinfo(op.right).array if rtype == T.UNKNOWNOID or elem != op.right else rtype
        rarg = self.coerce(right, arrtype, -1, C.IMPLICIT, location)
        return N.ScalarArrayOpExpr(op.oid, op.code, use_or, (larg, rarg))

    def row_compare(self, opname: str, left: N.Expr, right: N.Expr, location: int) -> N.Expr:
        if not (isinstance(left, N.RowExpr) and isinstance(right, N.RowExpr)):
            raise PgError(FEATURE_NOT_SUPPORTED, "row comparison with a non-row value is not supported",
                          position=pos(location))
        if len(left.args) != len(right.args):
            raise PgError(SYNTAX_ERROR, "unequal number of entries in row expressions",
                          position=pos(location))
        if not left.args:
            raise PgError(FEATURE_NOT_SUPPORTED, "cannot compare rows of zero length", position=pos(location))
        ops = [self.make_op((opname,), l, r, location) for l, r in zip(left.args, right.args)]
        if opname == "=":
            return ops[0] if len(ops) == 1 else N.BoolExpr("and", tuple(ops))
        if opname == "<>":
            return ops[0] if len(ops) == 1 else N.BoolExpr("or", tuple(ops))
        if opname not in ("<", "<=", ">", ">="):
            # another operator name: what its btree strategy says (~<~ is a
            # "<" of text_pattern_ops); all columns must agree
            strategies = {_btree_strategy(getattr(o, "opno", 0)) for o in ops}
            strategy = strategies.pop() if len(strategies) == 1 else 0
            if strategy not in (1, 2, 4, 5):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f"could not determine interpretation of row comparison operator {opname}",
                              hint="Row comparison operators must be associated with btree operator families.",
                              position=pos(location))
            opname = {1: "<", 2: "<=", 4: ">=", 5: ">"}[strategy]
        cmpfuncs = tuple(self.cat.btree_cmp_proc(expr_type(o.args[0]), expr_type(o.args[1])) for o in ops)
        if not all(cmpfuncs):
            raise PgError(FEATURE_NOT_SUPPORTED, "could not determine interpretation of row comparison operator "
                          + opname, position=pos(location))
        return N.RowCompareExpr(opname, tuple(o.opno for o in ops), tuple(o.funcid for o in ops),
                                cmpfuncs, tuple(o.args[0] for o in ops), tuple(o.args[1] for o in ops))

    def row_distinct(self, left, right, negated: bool, location: int) -> N.Expr:
        if not (isinstance(left, N.RowExpr) and isinstance(right, N.RowExpr)) or len(left.args) != len(right.args):
            raise PgError(SYNTAX_ERROR, "unequal number of entries in row expressions", position=pos(location))
        parts = []
        for l, r in zip(left.args, right.args):
            op = self.make_op(("=",), l, r, location)
            parts.append(N.DistinctExpr(op.opno, op.funcid, op.args, negated=False))
        any_distinct = parts[0] if len(parts) == 1 else N.BoolExpr("or", tuple(parts))
        return N.BoolExpr("not", (any_distinct,)) if negated else any_distinct

    # ------------------------------------------------------------------ boolean & tests
    def t_BoolExpr(self, ps, n: A.BoolExpr) -> N.Expr:
        name = n.boolop.upper()
        args = tuple(self.coerce_to_boolean(self.transform(ps, a), name, expr_location(a)) for a in n.args)
        return N.BoolExpr(n.boolop, args)

    def t_NullTest(self, ps, n: A.NullTest) -> N.Expr:
        arg = self.transform(ps, n.arg)
        if isinstance(arg, N.RowExpr):
            tests = tuple(N.NullTest(a, n.nulltesttype == "is_null") for a in arg.args)
            if not tests:
                return N.Const(T.BOOLOID, True)     # ROW() IS [NOT] NULL: vacuously true
            return N.BoolExpr("and", tests) if len(tests) > 1 else tests[0]
        return N.NullTest(arg, n.nulltesttype == "is_null")

    def t_BooleanTest(self, ps, n: A.BooleanTest) -> N.Expr:
        arg = self.coerce_to_boolean(self.transform(ps, n.arg), "IS " + n.booltesttype[3:].upper().replace("_", " "),
                                     expr_location(n.arg))
        return N.BooleanTest(arg, n.booltesttype)

    def coerce_to_boolean(self, e: N.Expr, what: str, location: int) -> N.Expr:
        if expr_type(e) == T.BOOLOID:
            return e
        if expr_type(e) == T.UNKNOWNOID or (isinstance(e, N.Param) and e.typ == T.UNKNOWNOID):
            return self.coerce(e, T.BOOLOID, -1, C.ASSIGNMENT, location)
        kind, _ = C.find_coercion_pathway(self.cat, T.BOOLOID, expr_type(e), C.IMPLICIT)
        if kind == C.NONE:
            raise PgError(DATATYPE_MISMATCH,
                          f"argument of {what} must be type boolean, not type {self.cat.format_type(expr_type(e))}",
                          position=pos(location))
        return self.coerce(e, T.BOOLOID, -1, C.IMPLICIT, location)

    # ------------------------------------------------------------------ CASE & friends
    def _no_srf_in(self, ps, last_srf: int, what: str) -> None:
        """check_srf_call_placement for CASE and COALESCE: a set-returning
        call inside them would run for rows the condition does not pick."""
        if ps.last_srf != last_srf:
            from pgref.analyzer.funcs import SRF_HINT
            raise PgError(FEATURE_NOT_SUPPORTED, f"set-returning functions are not allowed in {what}",
                          hint=SRF_HINT, position=ps.last_srf + 1 if ps.last_srf >= 0 else None)

    def t_CaseExpr(self, ps, n: A.CaseExpr) -> N.Expr:
        last_srf = ps.last_srf
        e = self._t_case(ps, n)
        self._no_srf_in(ps, last_srf, "CASE")
        return e

    def _t_case(self, ps, n: A.CaseExpr) -> N.Expr:
        arg = self.transform(ps, n.arg) if n.arg is not None else None
        conds, results = [], []
        test = None
        if arg is not None:
            if expr_type(arg) == T.UNKNOWNOID:
                arg = self.coerce(arg, T.TEXTOID, -1, C.IMPLICIT, expr_location(n.arg))
            test = N.CaseTestExpr(expr_type(arg), expr_typmod(arg))
        for w in n.args:
            if test is not None:
                c = self.make_op(("=",), test, self.transform(ps, w.expr), w.location)
                c = self.coerce_to_boolean(c, "CASE/WHEN", w.location)
            else:
                c = self.coerce_to_boolean(self.transform(ps, w.expr), "CASE/WHEN", expr_location(w.expr))
            conds.append(c)
            results.append(self.transform(ps, w.result))
        default = self.transform(ps, n.defresult) if n.defresult is not None else N.Const(T.UNKNOWNOID, None)
        locs = [expr_location(w.result) for w in n.args]
        dloc = expr_location(n.defresult) if n.defresult is not None else -1
        typ = C.select_common_type(self.cat, [expr_type(default)] + [expr_type(r) for r in results],
                                   "CASE", [dloc] + locs)
        results = [self.coerce(r, typ, -1, C.IMPLICIT, l, what="CASE") for r, l in zip(results, locs)]
        default = self.coerce(default, typ, -1, C.IMPLICIT, dloc, what="CASE")
        return N.CaseExpr(typ, arg, tuple(zip(conds, results)), default)

    def t_CoalesceExpr(self, ps, n: A.CoalesceExpr) -> N.Expr:
        last_srf = ps.last_srf
        args = [self.transform(ps, a) for a in n.args]
        self._no_srf_in(ps, last_srf, "COALESCE")
        locs = [expr_location(a) for a in n.args]
        typ = C.select_common_type(self.cat, [expr_type(a) for a in args], "COALESCE", locs)
        return N.CoalesceExpr(typ, tuple(self.coerce(a, typ, -1, C.IMPLICIT, l, what="COALESCE")
                                         for a, l in zip(args, locs)))

    def t_MinMaxExpr(self, ps, n: A.MinMaxExpr) -> N.Expr:
        args = [self.transform(ps, a) for a in n.args]
        locs = [expr_location(a) for a in n.args]
        what = n.op.upper()
        typ = C.select_common_type(self.cat, [expr_type(a) for a in args], what, locs)
        cmp = self.cat.btree_cmp_proc(typ, typ)
        if not cmp:
            raise PgError(UNDEFINED_FUNCTION, f"could not identify a comparison function for type "
                          f"{self.cat.format_type(typ)}", position=pos(n.location))
        return N.MinMaxExpr(typ, n.op, tuple(self.coerce(a, typ, -1, C.IMPLICIT, l, what=what)
                                             for a, l in zip(args, locs)), cmp)

    # ------------------------------------------------------------------ casts
    def t_TypeCast(self, ps, n: A.TypeCast) -> N.Expr:
        typ, typmod = self.type_from_name(n.type_name)
        arg_node = n.arg
        want = C.elem_of(self.cat, C.base_type(self.cat, typ))     # a domain over an array too
        if isinstance(arg_node, A.A_ArrayExpr) and want:
            arg = self.t_A_ArrayExpr(ps, arg_node, want_elem=want)
        else:
            arg = self.transform(ps, arg_node)
        loc = n.location if n.location >= 0 else expr_location(arg_node)
        return self.coerce(arg, typ, typmod, C.EXPLICIT, loc, explicit=True,
                           literal_location=expr_location(arg_node))

    def type_from_name(self, tn: A.TypeName) -> tuple[int, int]:
        names = tn.names
        schema = names[-2] if len(names) >= 2 else None
        name = names[-1]
        typ = self.cat.type_oid(schema, name, self.search_path)
        if typ is None:
            raise PgError(UNDEFINED_OBJECT, f'type "{".".join(names)}" does not exist',
                          position=pos(tn.location))
        typmod = tn.typemod
        if tn.typmods:
            mods = []
            for m in tn.typmods:
                if isinstance(m, A.A_Const) and isinstance(m.val, A.Integer):
                    mods.append(str(m.val.ival))
                elif isinstance(m, A.A_Const) and isinstance(m.val, (A.Float, A.String)):
                    mods.append(m.val.fval if isinstance(m.val, A.Float) else m.val.sval)
                elif isinstance(m, A.ColumnRef) and len(m.fields) == 1:
                    mods.append(m.fields[0])
                else:
                    raise PgError(SYNTAX_ERROR, "type modifiers must be simple constants or identifiers",
                                  position=pos(tn.location))
            from pgref.types.registry import typmod_in
            info = self.cat.typeinfo(typ)
            try:
                typmod = typmod_in(self.ioctx, typ, mods)
            except PgError as e:
                if e.position is None:
                    e.position = pos(tn.location)
                raise
            del info
        if tn.array_bounds:
            arr = self.cat.typeinfo(typ).array if self.cat.typeinfo(typ) else 0
            if not arr:
                raise PgError(UNDEFINED_OBJECT, f"could not find array type for data type "
                              f"{self.cat.format_type(typ)}", position=pos(tn.location))
            typ = arr
        if tn.setof:
            raise PgError(FEATURE_NOT_SUPPORTED, "SETOF type is not supported here", position=pos(tn.location))
        return typ, typmod

    def coerce(self, e: N.Expr, target: int, typmod: int, context: int, location: int,
               explicit: bool = False, what: str | None = None,
               literal_location: int | None = None) -> N.Expr:
        """coerce_to_target_type: turn ``e`` into ``target``/``typmod`` or fail
        with 42846 'cannot cast type X to Y' / 42804 for implicit contexts."""
        src = expr_type(e)
        if target in (C.ANY,) or (target in C.POLYMORPHIC and src != T.UNKNOWNOID):
            return e
        if src == target and not (isinstance(e, N.Const) and src == T.UNKNOWNOID):
            # coerce_type is a no-op; coerce_type_typmod applies the length
            # coercion, or -- typmod -1 in an explicit cast -- a RelabelType
            # that shows the cast and the intended typmod (f1::numeric)
            if typmod is None or typmod == expr_typmod(e):
                return e
            if typmod < 0:
                return N.RelabelType(e, target, -1, explicit=True) if explicit or context == C.EXPLICIT else e
            return self.coerce_typmod(e, target, typmod, explicit or context == C.EXPLICIT, location)
        if isinstance(e, N.Param) and src == T.UNKNOWNOID:
            p = self.set_param_type(e, target)
            return self.coerce_typmod(p, target, typmod, explicit, location)
        tinfo = self.cat.typeinfo(target)
        if tinfo is not None and tinfo.typtype == "d":
            # a domain: coerce to its base type, then check its constraints
            # (coerce_to_domain; types/domain.py)
            base, basemod = self._domain_base(target)
            inner = self.coerce(e, base, typmod if typmod is not None and typmod >= 0 else basemod, context,
                                location, explicit=explicit, what=what, literal_location=literal_location)
            return N.CoerceToDomain(inner, target, typmod if typmod is not None else -1)
        if tinfo is not None and tinfo.typtype == "c" and isinstance(e, N.RowExpr) and src != target:
            return self._row_to_composite(e, target, context, location)
        if isinstance(e, N.Const) and src == T.UNKNOWNOID:
            if target in C.POLYMORPHIC:
                target = T.TEXTOID
            lloc = literal_location if literal_location is not None and literal_location >= 0 else location
            if e.value is None:
                return N.Const(target, None, typmod, location=e.location)
            base = C.base_type(self.cat, target)
            mod = typmod if typmod is not None else -1
            # as coerce_type: the input routine gets typmod -1 (except for
            # interval, whose input needs it); the length check follows
            value = self.input_value(base, e.value, mod if base == T.INTERVALOID else -1,
                                     e.location if e.location >= 0 else lloc)
            c = N.Const(target, value, -1 if base != T.INTERVALOID else mod, location=e.location)
            if base == T.INTERVALOID or mod < 0:
                return c
            return self.coerce_typmod(c, target, mod, explicit or context == C.EXPLICIT, location)
        if src == T.UNKNOWNOID:
            # an unknown-typed non-constant (e.g. a subquery's unknown column): via text
            e = N.RelabelType(e, T.TEXTOID)
            src = T.TEXTOID
            if target == T.TEXTOID:
                return e
        kind, func = C.find_coercion_pathway(self.cat, target, src, context)
        if kind == C.NONE:
            if target == T.RECORDOID and isinstance(e, N.RowExpr):
                return e
            if context == C.EXPLICIT or explicit:
                raise PgError(CANNOT_COERCE, f"cannot cast type {self.cat.format_type(src)} to "
                              f"{self.cat.format_type(target)}", position=pos(location))
            if what:
                raise PgError(DATATYPE_MISMATCH, f"{what} could not convert type "
                              f"{self.cat.format_type(src)} to {self.cat.format_type(target)}",
                              position=pos(location))
            raise PgError(DATATYPE_MISMATCH, f"cannot cast type {self.cat.format_type(src)} to "
                          f"{self.cat.format_type(target)}", position=pos(location))
        if kind == C.RELABEL:
            out: N.Expr = N.RelabelType(e, target, -1, reinterpret=self._reinterprets(src, target),
                                        explicit=explicit)
        elif kind == C.FUNC:
            proc = self.cat.proc(func)
            args: list[N.Expr] = [e]
            if proc.nargs >= 2:
                args.append(N.Const(T.INT4OID, typmod if typmod is not None else -1))
            if proc.nargs >= 3:
                args.append(N.Const(T.BOOLOID, explicit or context == C.EXPLICIT))
            out = N.FuncExpr(func, target, tuple(args), funcformat="cast" if explicit else "implicit")
            if proc.nargs >= 2:
                return self._fold(out)
        elif kind == C.COERCEVIAIO:
            out = N.CoerceViaIO(e, target, explicit=explicit)
        else:  # ARRAYCOERCE
            src_elem = C.elem_of(self.cat, src)
            tgt_elem = C.elem_of(self.cat, target)
            elemexpr = self.coerce(N.CaseTestExpr(src_elem), tgt_elem, -1, context, location,
                                   explicit=explicit)
            out = N.ArrayCoerceExpr(e, elemexpr, target)
        out = self.coerce_typmod(out, target, typmod, explicit or context == C.EXPLICIT, location)
        return self._fold(out)

    def _reinterprets(self, src: int, target: int) -> bool:
        """A user's binary-coercible cast between types whose values have
        different Python forms (INV-TYPES: values follow the datum contract)."""
        if not getattr(self.cat, "user_casts", None) or (src, target) not in self.cat.user_casts:
            return False
        from pgref.access.common.datum import same_representation
        return not same_representation(src, target)

    def _domain_base(self, typ: int) -> tuple[int, int]:
        """getBaseTypeAndTypmod: the type under all domain levels, and the
        typmod the innermost domain declared for it."""
        typmod = -1
        t = self.cat.typeinfo(typ)
        while t is not None and t.typtype == "d":
            typmod = t.typmod
            typ = t.basetype
            t = self.cat.typeinfo(typ)
        return typ, typmod

    def _row_to_composite(self, e: N.RowExpr, target: int, context: int, location: int) -> N.Expr:
        """coerce_record_to_complex: ROW(...)::type, field by field."""
        from pgref.catalog.typedefs import composite_columns
        cols = composite_columns(self.cat, target) or []
        src_name, dst_name = self.cat.format_type(expr_type(e)), self.cat.format_type(target)
        if len(e.args) != len(cols):
            raise PgError(CANNOT_COERCE, f"cannot cast type {src_name} to {dst_name}",
                          detail="Input has too few columns." if len(e.args) < len(cols)
                          else "Input has too many columns.", position=pos(location))
        args = []
        for i, (a, (_n, ct, cm)) in enumerate(zip(e.args, cols), 1):
            try:
                args.append(self.coerce(a, ct, cm, context, location))
            except PgError as err:
                if err.sqlstate not in (CANNOT_COERCE, DATATYPE_MISMATCH):
                    raise
                raise PgError(CANNOT_COERCE, f"cannot cast type {src_name} to {dst_name}",
                              detail=f"Cannot cast type {self.cat.format_type(expr_type(a))} to "
                                     f"{self.cat.format_type(ct)} in column {i}.",
                              position=pos(location)) from None
        return N.RowExpr(tuple(args), typ=target, colnames=tuple(c[0] for c in cols))

    def coerce_typmod(self, e: N.Expr, target: int, typmod: int, explicit: bool, location: int) -> N.Expr:
        if typmod is None or typmod < 0:
            return e
        cast = self.cat.cast(target, target)
        if cast is None and C.is_array_type(self.cat, target):
            # varchar(4)[]: the element's length coercion, element by element
            elem = C.elem_of(self.cat, target)
            ecast = self.cat.cast(elem, elem)
            if ecast is None or ecast.method != "f":
                return e
            inner = self.coerce_typmod(N.CaseTestExpr(elem), elem, typmod, explicit, location)
            return N.ArrayCoerceExpr(e, inner, target, typmod)
        if cast is None or cast.method != "f":
            return e
        proc = self.cat.proc(cast.func)
        args: list[N.Expr] = [e, N.Const(T.INT4OID, typmod)]
        if proc.nargs >= 3:
            args.append(N.Const(T.BOOLOID, explicit))
        return N.FuncExpr(cast.func, target, tuple(args), typmod=typmod,
                          funcformat="cast" if explicit else "implicit")

    def _fold(self, e: N.Expr) -> N.Expr:
        """Fold a cast of a constant now, as eval_const_expressions would,
        so errors in literals surface at analysis with a position."""
        return e

    # ------------------------------------------------------------------ functions
    def t_FuncCall(self, ps, n: A.FuncCall) -> N.Expr:
        from pgref.analyzer.funcs import transform_func_call
        return transform_func_call(self, ps, n)

    def t_SQLValueFunction(self, ps, n: A.SQLValueFunction) -> N.Expr:
        typ = {
            "current_date": T.DATEOID, "current_time": T.TIMETZOID, "current_time_n": T.TIMETZOID,
            "current_timestamp": T.TIMESTAMPTZOID, "current_timestamp_n": T.TIMESTAMPTZOID,
            "localtime": T.TIMEOID, "localtime_n": T.TIMEOID, "localtimestamp": T.TIMESTAMPOID,
            "localtimestamp_n": T.TIMESTAMPOID,
        }.get(n.op, T.NAMEOID)
        return N.SQLValueFunction(n.op, typ, n.typmod)

    # ------------------------------------------------------------------ arrays, rows
    def t_A_ArrayExpr(self, ps, n: A.A_ArrayExpr, want_elem: int = 0) -> N.Expr:
        elems = []
        for e in n.elements:
            if isinstance(e, A.A_ArrayExpr):
                elems.append(self.t_A_ArrayExpr(ps, e, want_elem))
            else:
                elems.append(self.transform(ps, e))
        if not elems:
            if not want_elem:
                raise PgError(INDETERMINATE_DATATYPE, "cannot determine type of empty array",
                              hint="Explicitly cast to the desired type, for example ARRAY[]::integer[].",
                              position=pos(n.location))
            return N.ArrayExpr(self.cat.typeinfo(want_elem).array, want_elem, ())
        multidims = all(isinstance(e, N.ArrayExpr) for e in elems)
        if multidims:
            typ = C.select_common_type(self.cat, [e.typ for e in elems], "ARRAY")
            elems = [self.coerce(e, typ, -1, C.IMPLICIT, -1) for e in elems]
            return N.ArrayExpr(typ, C.elem_of(self.cat, typ), tuple(elems), multidims=True)
        locs = [expr_location(e) for e in n.elements]
        if want_elem:
            typ = want_elem
        else:
            typ = C.select_common_type(self.cat, [expr_type(e) for e in elems], "ARRAY", locs)
        arr = self.cat.typeinfo(typ).array if self.cat.typeinfo(typ) else 0
        if not arr:
            raise PgError(UNDEFINED_OBJECT, f"could not find array type for data type {self.cat.format_type(typ)}",
                          position=pos(n.location))
        elems = [self.coerce(e, typ, -1, C.IMPLICIT if not want_elem else C.EXPLICIT, l, what="ARRAY")
                 for e, l in zip(elems, locs)]
        return N.ArrayExpr(arr, typ, tuple(elems))

    def t_RowExpr(self, ps, n: A.RowExpr) -> N.Expr:
        args = tuple(self.row_args(ps, n.args))
        return N.RowExpr(args, colnames=tuple(f"f{i + 1}" for i in range(len(args))))

    def row_args(self, ps, nodes, default_ok: bool = False) -> list:
        """transformExpressionList: ``foo.*`` among ROW()'s arguments expands
        to foo's columns; ``default_ok`` keeps DEFAULT as None (UPDATE's
        ``SET (a, b) = ROW(...)``)."""
        out = []
        for a in nodes:
            if isinstance(a, A.ColumnRef) and len(a.fields) == 2 and isinstance(a.fields[1], A.A_Star):
                whole = self.transform(ps, a)
                if isinstance(whole, N.RowExpr):
                    out.extend(whole.args)
                    continue
            out.append(None if default_ok and isinstance(a, A.SetToDefault) else self.transform(ps, a))
        return out

    def resolve_unknown(self, e: N.Expr) -> N.Expr:
        if expr_type(e) == T.UNKNOWNOID:
            return self.coerce(e, T.TEXTOID, -1, C.IMPLICIT, expr_location(e))
        return e

    def t_A_Indirection(self, ps, n: A.A_Indirection) -> N.Expr:
        arg = self.transform(ps, n.arg)
        subs = []
        for ind in n.indirection:
            if isinstance(ind, A.A_Indices):
                lo = self.coerce(self.transform(ps, ind.lidx), T.INT4OID, -1, C.ASSIGNMENT, -1) if ind.lidx is not None else None
                hi = self.coerce(self.transform(ps, ind.uidx), T.INT4OID, -1, C.ASSIGNMENT, -1) if ind.uidx is not None else None
                subs.append((lo, hi, ind.is_slice))
            else:
                if subs:
                    arg = self._subscript(arg, subs)
                    subs = []
                if isinstance(ind, str) and isinstance(arg, N.RowExpr) and ind in arg.colnames:
                    arg = arg.args[arg.colnames.index(ind)]
                    continue
                if isinstance(ind, str):
                    arg = self._field_select(arg, ind, expr_location(n.arg), ps)
                    continue
                raise PgError(FEATURE_NOT_SUPPORTED, "field selection is not supported here")
        if subs:
            arg = self._subscript(arg, subs)
        return arg

    def _record_var_columns(self, ps, var: N.Var) -> list | None:
        """expandRecordVariable() for a RECORD column of a subquery or WITH
        query in FROM: the fields of the expression that column is -- a
        ROW(...) or a call of a function with OUT parameters."""
        level = ps
        for _ in range(var.levelsup):
            level = level.parent if level is not None else None
        if level is None or var.varno < 1 or var.varno > len(level.rtable):
            return None
        rte = level.rte(var.varno)
        if rte.kind not in ("subquery", "cte") or rte.subquery is None:
            return None
        tl = [te for te in rte.subquery.target_list if not te.resjunk]
        if not 0 < var.varattno <= len(tl):
            return None
        e = tl[var.varattno - 1].expr
        if isinstance(e, N.RowExpr) and e.colnames:
            return [(name, expr_type(a), expr_typmod(a)) for name, a in zip(e.colnames, e.args)]
        if isinstance(e, N.FuncExpr):
            from pgref.analyzer.sqlfuncs import out_columns
            return out_columns(self.cat, e)
        return None

    def _field_select(self, arg: N.Expr, field: str, location: int = -1, ps=None) -> N.Expr:
        """(composite).field (ParseFuncOrColumn's column projection)."""
        from pgref.catalog.typedefs import composite_columns
        typ = C.base_type(self.cat, expr_type(arg))
        cols = composite_columns(self.cat, typ)
        if cols is None and typ == T.RECORDOID:
            if isinstance(arg, N.RowExpr):
                cols = [(n, expr_type(a), expr_typmod(a)) for n, a in zip(arg.colnames, arg.args)]
                for i, (name, _ct, _cm) in enumerate(cols):
                    if name == field:
                        return arg.args[i]
            if isinstance(arg, N.FuncExpr):
                # a function's OUT parameters describe its record (analyzer/sqlfuncs.py)
                from pgref.analyzer.sqlfuncs import out_columns
                for i, (name, ct, cm) in enumerate(out_columns(self.cat, arg) or (), 1):
                    if name == field:
                        return N.FieldSelect(arg, i, ct, cm)
            if isinstance(arg, N.Var) and ps is not None:
                # (sub.col).field where sub.col is a record-valued column
                for i, (name, ct, cm) in enumerate(self._record_var_columns(ps, arg) or (), 1):
                    if name == field:
                        return N.FieldSelect(arg, i, ct, cm)
            raise PgError(UNDEFINED_COLUMN, f'could not identify column "{field}" in record data type',
                          position=pos(location))
        if cols is None:
            raise PgError(WRONG_OBJECT_TYPE, f"column notation .{field} applied to type "
                          f"{self.cat.format_type(expr_type(arg))}, which is not a composite type")
        for i, (name, ct, cm) in enumerate(cols, 1):
            if name == field:
                return N.FieldSelect(arg, i, ct, cm)
        raise PgError(UNDEFINED_COLUMN, f'column "{field}" not found in data type {self.cat.format_type(typ)}',
                      position=pos(location))

    def _subscript(self, arg: N.Expr, subs) -> N.Expr:
        typ = expr_type(arg)
        elem = C.elem_of(self.cat, C.base_type(self.cat, typ))
        is_slice = any(s[2] for s in subs)
        if not elem:
            # raw_array_subscript_handler: point, lseg, box, line are fixed-length
            # 0-based "arrays" of their typelem (pgref/types/geometric)
            t = self.cat.typeinfo(C.base_type(self.cat, typ))
            if t is not None and t.elem and t.typlen > 0 and not is_slice and len(subs) == 1:
                return N.ArraySubscript(t.elem, arg, tuple(subs))
            if t is not None and t.elem and t.typlen > 0 and is_slice:
                raise PgError(FEATURE_NOT_SUPPORTED, "slices of fixed-length arrays not implemented")
            raise PgError(DATATYPE_MISMATCH, f"cannot subscript type {self.cat.format_type(typ)} "
                          "because it does not support subscripting")
        return N.ArraySubscript(typ if is_slice else elem, arg, tuple(subs))

    def t_CollateClause(self, ps, n: A.CollateClause) -> N.Expr:
        arg = self.transform(ps, n.arg)
        if n.collname[-1] not in ("C", "POSIX", "default", "ucs_basic"):
            raise PgError(FEATURE_NOT_SUPPORTED, f'collation "{n.collname[-1]}" is not supported; '
                          'pgref compares strings in the "C" collation', position=pos(n.location))
        return arg

    def t_SubLink(self, ps: ParseState, n: A.SubLink) -> N.Expr:
        from pgref.analyzer.query import QueryAnalyzer
        qa = QueryAnalyzer(self)
        sub = qa.analyze_select(n.subselect, parent=ps)
        ps.has_sublinks = True
        cols = [te for te in sub.target_list if not te.resjunk]
        kind = n.sub_link_type
        if kind == "exists":
            return N.SubLink("exists", sub, T.BOOLOID)
        if kind == "expr":
            if len(cols) != 1:
                raise PgError(SYNTAX_ERROR, "subquery must return only one column", position=pos(n.location))
            return N.SubLink("expr", sub, expr_type(cols[0].expr), typmod=expr_typmod(cols[0].expr))
        if kind == "array":
            if len(cols) != 1:
                raise PgError(SYNTAX_ERROR, "subquery must return only one column", position=pos(n.location))
            et = expr_type(cols[0].expr)
            arr = self.cat.typeinfo(et).array if self.cat.typeinfo(et) else 0
            if not arr:
                raise PgError(UNDEFINED_OBJECT, f"could not find array type for data type {self.cat.format_type(et)}",
                              position=pos(n.location))
            return N.SubLink("array", sub, arr)
        if kind in ("any", "all"):
            left = self.transform(ps, n.testexpr)
            lefts = list(left.args) if isinstance(left, N.RowExpr) else [left]
            if len(lefts) != len(cols):
                raise PgError(SYNTAX_ERROR, "subquery has too many columns" if len(cols) > len(lefts)
                              else "subquery has too few columns", position=pos(n.location))
            opname = n.oper_name[-1] if n.oper_name else "="
            tests, ops = [], []
            for l, te in zip(lefts, cols):
                probe = N.Param(0, expr_type(te.expr))  # placeholder for the subquery column
                op = resolve_operator(self.cat, opname, expr_type(l), expr_type(te.expr), pos(n.location),
                                      search_path=self.search_path)
                if op.result != T.BOOLOID:
                    raise PgError(DATATYPE_MISMATCH, f"operator {opname} must return type boolean, not type "
                                  f"{self.cat.format_type(op.result)}", position=pos(n.location))
                tests.append(self.coerce(l, op.left, -1, C.IMPLICIT, n.location))
                if op.right != expr_type(te.expr):
                    te.expr = self.coerce(te.expr, op.right, -1, C.IMPLICIT, n.location)
                ops.append((op.oid, op.code))
                del probe
            return N.SubLink(kind, sub, T.BOOLOID, tuple(tests), tuple(ops))
        raise PgError(FEATURE_NOT_SUPPORTED, f"{kind} sublinks are not supported", position=pos(n.location))

    def t_GroupingFunc(self, ps, n):
        from pgref.analyzer.grouping import transform_grouping_func
        return transform_grouping_func(self, ps, n)

    def t_SetToDefault(self, ps, n):
        raise PgError(SYNTAX_ERROR,
                      "DEFAULT is not allowed in this context", position=pos(n.location))


def _btree_strategy(opno: int) -> int:
    """The strategy number of an operator in a btree operator family
    (0 if it is in none), from pg_amop."""
    from pgref.catalog import builtin
    fam_am = {int(r["oid"]): int(r["opfmethod"]) for r in builtin.rows("pg_opfamily")}
    for r in builtin.rows("pg_amop"):
        if int(r["amopopr"]) == opno and fam_am.get(int(r["amopfamily"])) == 403:
            return int(r["amopstrategy"])
    return 0


def _has_case_test(e) -> bool:
    """Whether an expression holds a CaseTestExpr (outside sub-queries)."""
    import dataclasses
    if isinstance(e, N.CaseTestExpr):
        return True
    if isinstance(e, N.SubLink) or not dataclasses.is_dataclass(e):
        return False
    for f in dataclasses.fields(e):
        v = getattr(e, f.name)
        if isinstance(v, N.Expr) and _has_case_test(v):
            return True
        if isinstance(v, tuple) and any(isinstance(x, N.Expr) and _has_case_test(x) for x in v):
            return True
    return False


def _is_row_constructor(e) -> bool:
    """An untyped ROW(...) (not one cast to a composite type)."""
    return isinstance(e, N.RowExpr) and e.typ == T.RECORDOID


def _hex_to_bits(h: str) -> str:
    return "".join(f"{int(c, 16):04b}" for c in h)

"""Assignment to array elements, array slices and composite fields
(parse_target.c's transformAssignmentIndirection and
transformAssignmentSubscripts, plus the merging of several assignments to
one column that rewriteHandler.c's process_matched_tle does).

Where it sits: ``analyzer/`` (spec/07-executor.md, "Assignment to
subscripts and fields").  ``UPDATE t SET a[2] = x, c.f.g = y`` and
``INSERT INTO t (a[1], c.f) VALUES (...)`` name a column followed by an
indirection list; the new value of the column is the old value (the
column's Var for UPDATE, a typed NULL for INSERT) with one part replaced.
That is an expression tree of two node kinds defined here:

* :class:`ArrayAssign` -- PostgreSQL's SubscriptingRef with a
  ``refassgnexpr``: ``arg`` with the element or slice at ``indexes``
  replaced by ``value``.
* :class:`FieldStore` -- ``arg`` with fields ``fieldnums`` replaced by
  ``newvals``.

A nested indirection (``a[1].f = x``, ``c.f[2] = x``) makes the replacement
value itself an assignment whose base is :class:`AssignCurrent`
(PostgreSQL's CaseTestExpr): the current value of the element or field
being replaced, which the executor supplies (executor/assign.py).

Entry points:
    AssignmentBuilder(ea).build(ps, base, colname, coltype, coltypmod,
                                indirection, rhs_expr, location) -> Expr
    AssignmentBuilder.merge(prior, new, colname, location) -> Expr
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.analyzer.expr import expr_location, expr_type, pos
from pgref.errors import DATATYPE_MISMATCH, SYNTAX_ERROR, UNDEFINED_COLUMN, PgError
from pgref.sql import ast as A
from pgref.types import oids as T


@dataclass(frozen=True)
class AssignCurrent(N.Expr):
    """The current value of the element or field an inner assignment
    modifies (PostgreSQL's CaseTestExpr under a SubscriptingRef or
    FieldStore)."""
    typ: int
    typmod: int = -1


@dataclass(frozen=True)
class ArrayAssign(N.Expr):
    """``arg`` with the element (or slice) at ``indexes`` replaced by
    ``value`` (SubscriptingRef with refassgnexpr; array_set_element /
    array_set_slice).  ``typ`` is the array type (a domain's base type)."""
    typ: int
    arg: N.Expr
    indexes: tuple[tuple[N.Expr | None, N.Expr | None, bool], ...]
    value: N.Expr
    elemtype: int
    is_slice: bool
    typmod: int = -1
    fixed_length: bool = False      # point, lseg, box, line (a NULL stays NULL)


@dataclass(frozen=True)
class FieldStore(N.Expr):
    """``arg`` (a composite value, NULL meaning all fields NULL) with fields
    ``fieldnums`` (1-based) replaced, in order, by ``newvals``."""
    typ: int
    arg: N.Expr
    fieldnums: tuple[int, ...]
    newvals: tuple[N.Expr, ...]
    ncols: int
    fieldtypes: tuple[int, ...] = ()
    typmod: int = -1


def _assignment_input(e: N.Expr) -> N.Expr | None:
    """get_assignment_input: the container an assignment modifies."""
    if isinstance(e, (ArrayAssign, FieldStore)):
        return e.arg
    return None


class AssignmentBuilder:
    """Builds assignment trees with the analyzer's coercion rules."""

    def __init__(self, ea):
        self.ea = ea
        self.cat = ea.cat

    # ------------------------------------------------------------------ entry
    def build(self, ps, base: N.Expr, colname: str, coltype: int, coltypmod: int,
              indirection, rhs: N.Expr, location: int) -> N.Expr:
        """transformAssignedExpr's indirection branch: the new value of
        column ``colname`` after assigning ``rhs`` through ``indirection``."""
        return self._indirection(ps, base, colname, False, coltype, coltypmod, list(indirection), rhs, location)

    def merge(self, prior: N.Expr, new: N.Expr, colname: str, location: int) -> N.Expr:
        """process_matched_tle: ``SET c.f = x, c.g = y`` (or two INSERT
        targets on one column) nest, the earlier assignment innermost.  A
        domain coercion on top is stripped from both and put back once, so
        the domain is checked after all the parts are assigned."""
        dom = None
        if isinstance(prior, N.CoerceToDomain) and isinstance(new, N.CoerceToDomain) and prior.typ == new.typ:
            dom, prior, new = prior, prior.arg, new.arg
        src_in, prior_in = _assignment_input(new), _assignment_input(prior)
        if src_in is None or prior_in is None or expr_type(prior) != expr_type(new):
            raise PgError(SYNTAX_ERROR, f'multiple assignments to same column "{colname}"')
        bottom = prior_in
        while _assignment_input(bottom) is not None:
            bottom = _assignment_input(bottom)
        if bottom != src_in:
            raise PgError(SYNTAX_ERROR, f'multiple assignments to same column "{colname}"')
        if isinstance(prior, FieldStore) and isinstance(new, FieldStore):
            out: N.Expr = replace(prior, fieldnums=prior.fieldnums + new.fieldnums,
                                  newvals=prior.newvals + new.newvals)
        else:
            out = replace(new, arg=prior)
        return replace(dom, arg=out) if dom is not None else out

    # ------------------------------------------------------------------ recursion
    def _indirection(self, ps, base: N.Expr | None, name: str, is_subscripting: bool, typ: int, typmod: int,
                     ind: list, rhs: N.Expr, location: int) -> N.Expr:
        if ind and base is None:
            base = AssignCurrent(typ, typmod)
        subs: list = []
        for k, item in enumerate(ind):
            if isinstance(item, A.A_Indices):
                subs.append(item)
                continue
            if subs:
                return self._subscripts(ps, base, name, typ, typmod, subs, ind[k:], rhs, location)
            if not isinstance(item, str):
                raise PgError(SYNTAX_ERROR, "row expansion via \"*\" is not supported here", position=pos(location))
            return self._field(ps, base, name, typ, typmod, item, ind[k + 1:], rhs, location)
        if subs:
            return self._subscripts(ps, base, name, typ, typmod, subs, [], rhs, location)
        # the base case: the value itself, coerced to the target's type
        src = expr_type(rhs)
        try:
            return self.ea.coerce(rhs, typ, typmod, C.ASSIGNMENT, expr_location(rhs))
        except PgError as err:
            if err.sqlstate != DATATYPE_MISMATCH or not err.message.startswith("cannot cast"):
                raise
        if is_subscripting:
            msg = (f'subscripted assignment to "{name}" requires type {self.cat.format_type(typ, -1)}'
                   f" but expression is of type {self.cat.format_type(src)}")
        else:
            msg = (f'subfield "{name}" is of type {self.cat.format_type(typ, -1)}'
                   f" but expression is of type {self.cat.format_type(src)}")
        raise PgError(DATATYPE_MISMATCH, msg, hint="You will need to rewrite or cast the expression.",
                      position=pos(location))

    def _field(self, ps, base, name, typ, typmod, field: str, rest, rhs, location) -> N.Expr:
        from pgref.catalog.typedefs import composite_columns
        btyp = C.base_type(self.cat, typ)
        cols = composite_columns(self.cat, btyp)
        if cols is None:
            raise PgError(DATATYPE_MISMATCH, f'cannot assign to field "{field}" of column "{name}" because its '
                          f"type {self.cat.format_type(typ)} is not a composite type", position=pos(location))
        for i, (fname, ftyp, fmod) in enumerate(cols, 1):
            if fname == field:
                break
        else:
            raise PgError(UNDEFINED_COLUMN, f'cannot assign to field "{field}" of column "{name}" because there '
                          f"is no such column in data type {self.cat.format_type(typ)}", position=pos(location))
        val = self._indirection(ps, None, field, False, ftyp, fmod, rest, rhs, location)
        out: N.Expr = FieldStore(btyp, base, (i,), (val,), len(cols), tuple(c[1] for c in cols))
        if btyp != typ:
            out = N.CoerceToDomain(out, typ, typmod)
        return out

    def _subscripts(self, ps, base, name, typ, typmod, subs, rest, rhs, location) -> N.Expr:
        btyp = C.base_type(self.cat, typ)
        elem = C.elem_of(self.cat, btyp)
        t = self.cat.typeinfo(btyp)
        fixed = not elem and t is not None and bool(t.elem) and t.typlen > 0
        if fixed:
            elem = t.elem           # point, lseg, box, line: fixed-length 0-based "arrays" (geometric)
        if not elem:
            raise PgError(DATATYPE_MISMATCH, f"cannot subscript type {self.cat.format_type(typ)} "
                          "because it does not support subscripting", position=pos(location))
        idx = []
        is_slice = any(s.is_slice for s in subs)
        for s in subs:
            lo = self._subscript_expr(ps, s.lidx)
            hi = self._subscript_expr(ps, s.uidx)
            idx.append((lo, hi, s.is_slice))
        need = btyp if is_slice else elem
        # an array's typmod applies to its elements too (varchar(3)[])
        val = self._indirection(ps, None, name, True, need, typmod, rest, rhs, location)
        out: N.Expr = ArrayAssign(btyp, base, tuple(idx), val, elem, is_slice, fixed_length=fixed)
        if btyp != typ:
            out = N.CoerceToDomain(out, typ, typmod)
        return out

    def _subscript_expr(self, ps, node) -> N.Expr | None:
        if node is None:
            return None
        e = self.ea.transform(ps, node)
        if expr_type(e) == T.INT4OID:
            return e
        try:
            return self.ea.coerce(e, T.INT4OID, -1, C.ASSIGNMENT, expr_location(node))
        except PgError as err:
            if err.sqlstate != DATATYPE_MISMATCH:
                raise
            raise PgError(DATATYPE_MISMATCH, "array subscript must have type integer",
                          position=pos(expr_location(node)))


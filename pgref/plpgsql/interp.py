"""The PL/pgSQL interpreter: runs a parsed function in the calling session.

Where it sits: ``plpgsql/`` (spec/13-plpgsql.md, "Execution").  PostgreSQL's
pl_exec.c, in the small.  A :class:`Compiled` function (the parse tree plus
its variables) is run by :meth:`Compiled.call` with a fresh :class:`Frame`
holding one value per variable.  Every expression and SQL statement is a
fragment analyzed by pgref's own analyzer with a column-reference hook that
turns the function's variables into ``$n`` parameters of their current types
(INV-PLPGSQL-2), planned once per catalog version and parameter-type
signature, and executed with ``Session.run_planned`` in the caller's
transaction.

Invariants (spec/13-plpgsql.md):
  INV-PLPGSQL-3  A block with an EXCEPTION clause runs in a subtransaction:
                 when a handler catches an error, every change the block
                 made (rows, catalog, files) is rolled back; when the block
                 ends normally, the subtransaction's work is folded into the
                 enclosing one.  Variables keep their values (they are not
                 transactional).
  INV-PLPGSQL-4  An error leaving a statement gets exactly one CONTEXT line
                 per PL/pgSQL frame: ``PL/pgSQL function SIG line N at WHAT``
                 for the innermost statement running, preceded by the SQL
                 fragment's line (``SQL expression "..."`` / ``SQL statement
                 "..."`` / ``PL/pgSQL assignment "..."``) when the error came
                 from running a fragment without a cursor position; an error
                 with a position instead carries the fragment as its internal
                 query.
"""
from __future__ import annotations

import dataclasses

from pgref.analyzer import coerce as C
from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.plpgsql import ast as P
from pgref.plpgsql.conditions import CONDITIONS, matches
from pgref.sql import ast as A
from pgref.types import oids as T
from pgref.types.io.record import TypedRecord


class _Exit(Exception):
    def __init__(self, is_exit: bool, label: str | None):
        self.is_exit = is_exit
        self.label = label


class _Return(Exception):
    pass


# ======================================================================= frames
class Frame:
    """One activation: variable values and run-time types, FOUND, the row
    count of the last SQL statement, the result being built."""

    def __init__(self, fn: "Compiled", session):
        self.fn = fn
        self.session = session
        n = len(fn.vars)
        self.values: list = [None] * n
        self.types: list = [v.typ for v in fn.vars]
        self.recdesc: list = [None] * n         # record vars: (typoid, names, types)
        self.rowcount = 0
        self.stmt: P.Stmt | None = None         # the statement running (CONTEXT, PG_CONTEXT)
        self.last_params: list = []             # (name, value, type) of the last fragment run
        self.results: list = []
        self.retval = None
        self.rettype_actual = None
        self.errors: list[PgError] = []         # active handlers' errors (innermost last)


# ======================================================================= compiled function
class Compiled:
    def __init__(self, session, signature: str, block: P.Block, vars_: list[P.Var], params: list[P.Var],
                 out_vars: list[P.Var], found: P.Var, rettype: int, retset: bool, proc=None, argtypes=None):
        self.signature = signature
        self.block = block
        self.vars = vars_
        self.params = params
        self.out_vars = out_vars
        self.found = found
        self.rettype = rettype
        self.retset = retset
        self.proc = proc
        self.argtypes = argtypes
        self.casts: dict = {}
        self.cat_version = session.db.cat.version
        self.print_strict_params: bool | None = None
        self.warnings: list = []
        self.is_trigger = False

    # --------------------------------------------------------------- entry
    def call(self, session, args: list, rettype: int | None = None, preset=None):
        fr = Frame(self, session)
        for v, (val, desc) in (preset or {}).items():
            fr.values[v.slot] = val
            fr.recdesc[v.slot] = desc
        for i, v in enumerate(self.params):
            if i < len(args):
                fr.values[v.slot] = args[i]
                if self.argtypes is not None and i < len(self.argtypes) and v.typ in C.POLYMORPHIC:
                    fr.types[v.slot] = self.argtypes[i]
                if v.is_row:
                    fr.recdesc[v.slot] = None
        for v in self.out_vars:
            if v.typ in C.POLYMORPHIC and self.argtypes is not None:
                _, t = C.resolve_polymorphic(session.db.cat, list(self.argtypes), self.proc.argtypes, v.typ)
                fr.types[v.slot] = t
        fr.rettype_actual = rettype if rettype is not None else self.rettype
        fr.values[self.found.slot] = False
        stack = session.__dict__.setdefault("_plpgsql_stack", [])
        stack.append(fr)
        try:
            self.exec_block(fr, self.block)
        except _Return:
            pass
        except _Exit as ex:
            raise PgError("42601", "CONTINUE cannot be used outside a loop" if not ex.is_exit else
                          "EXIT cannot be used outside a loop, unless it has a label") from None
        else:
            if self.is_trigger:
                raise PgError("2F005", "control reached end of trigger procedure without RETURN",
                              context=f"PL/pgSQL function {self.signature}")
            if not self.retset and not (self.proc is None or self.rettype == T.VOIDOID or self.out_vars):
                raise PgError("2F005", "control reached end of function without RETURN",
                              context=f"PL/pgSQL function {self.signature}")
            if self.out_vars and not self.retset:
                fr.retval = self.out_value(fr)
        finally:
            stack.pop()
        if self.retset:
            return fr.results
        if self.proc is None:
            return None
        if self.rettype == T.VOIDOID:
            return ""
        return fr.retval

    # --------------------------------------------------------------- statements
    def exec_stmts(self, fr: Frame, stmts: list[P.Stmt]) -> None:
        for s in stmts:
            fr.stmt = s
            try:
                getattr(self, "x_" + type(s).__name__)(fr, s)
            except PgError as e:
                if getattr(e, "_plframe", None) is not fr:
                    e._plframe = fr
                    _add_context(e, f"PL/pgSQL function {self.signature} line {s.lineno} at {P.stmt_typename(s)}")
                raise

    def exec_block(self, fr: Frame, b: P.Block) -> None:
        try:
            for v in b.decls:
                self.init_var(fr, v)
        except PgError as e:
            if getattr(e, "_plframe", None) is not fr:
                e._plframe = fr
                _add_context(e, f"PL/pgSQL function {self.signature} line {b.lineno} during statement block "
                                f"local variable initialization")
            raise
        if b.handlers is None:
            self.exec_stmts(fr, b.body)
            return
        session = fr.session
        level = _sub_begin(session)
        try:
            self.exec_stmts(fr, b.body)
        except PgError as e:
            if e.sqlstate in ("57014",) and not any(matches(h.conditions, e.sqlstate) for h in b.handlers):
                _sub_rollback(session, level)
                raise
            _sub_rollback(session, level)
            for h in b.handlers:
                if matches(h.conditions, e.sqlstate):
                    fr.values[b.sqlstate_var.slot] = e.sqlstate
                    fr.values[b.sqlerrm_var.slot] = e.message
                    fr.errors.append(e)
                    try:
                        self.exec_stmts(fr, h.body)
                    finally:
                        fr.errors.pop()
                    return
            raise
        except (_Exit, _Return):
            _sub_release(session, level)
            raise
        _sub_release(session, level)

    def x_Block(self, fr, s: P.Block):
        try:
            self.exec_block(fr, s)
        except _Exit as ex:
            if ex.label is not None and ex.label == s.label and ex.is_exit:
                return
            raise

    def init_var(self, fr: Frame, v: P.Var) -> None:
        fr.recdesc[v.slot] = None
        if v.cursor_query is not None and v.default is None:
            fr.values[v.slot] = v.name        # a bound cursor's portal is named after it
            return
        if v.default is not None:
            val, typ = self.eval_scalar(fr, v.default, want=(fr.types[v.slot], v.typmod) if not v.is_record else None)
            self.assign_var(fr, v, val, typ)
        else:
            fr.values[v.slot] = None
            cat = fr.session.db.cat
            if not v.is_row and not v.is_record and _is_domain(cat, fr.types[v.slot]):
                # the implicit NULL goes through the domain's constraints
                fr.values[v.slot] = self.cast(fr, None, C.base_type(cat, fr.types[v.slot]), fr.types[v.slot],
                                              v.typmod)

    def x_Assign(self, fr, s: P.Assign):
        tgt = s.target
        if tgt.field is None and not tgt.subscripts and not tgt.var.is_record and not tgt.var.is_row:
            val, typ = self.eval_scalar(fr, s.expr, want=(fr.types[tgt.var.slot], tgt.var.typmod))
        else:
            val, typ = self.eval_scalar(fr, s.expr)
        self.assign_target(fr, tgt, val, typ)

    def x_If(self, fr, s: P.If):
        for cond, body in s.branches:
            if self.eval_bool(fr, cond):
                self.exec_stmts(fr, body)
                return
        if s.else_body is not None:
            self.exec_stmts(fr, s.else_body)

    def x_Case(self, fr, s: P.Case):
        if s.expr is not None:
            val, typ = self.eval_scalar(fr, s.expr)
            fr.values[s.tmp.slot] = val
            fr.types[s.tmp.slot] = typ if typ != C.UNKNOWN else T.TEXTOID
        for cond, body in s.whens:
            if self.eval_bool(fr, cond):
                self.exec_stmts(fr, body)
                return
        if s.else_body is not None:
            self.exec_stmts(fr, s.else_body)
            return
        raise PgError("20000", "case not found", hint="CASE statement is missing ELSE part.")

    def _loop_iter(self, fr, label, body) -> bool:
        """Run a loop body once; False when the loop must end."""
        try:
            self.exec_stmts(fr, body)
        except _Exit as ex:
            if ex.label is None or ex.label == label:
                return not ex.is_exit
            raise
        return True

    def x_Loop(self, fr, s: P.Loop):
        while self._loop_iter(fr, s.label, s.body):
            pass

    def x_While(self, fr, s: P.While):
        while self.eval_bool(fr, s.cond):
            if not self._loop_iter(fr, s.label, s.body):
                break

    def x_ForInt(self, fr, s: P.ForInt):
        lo, lt = self.eval_scalar(fr, s.lower, want=(T.INT4OID, -1))
        hi, ht = self.eval_scalar(fr, s.upper, want=(T.INT4OID, -1))
        if lo is None:
            raise PgError("22004", "lower bound of FOR loop cannot be null")
        if hi is None:
            raise PgError("22004", "upper bound of FOR loop cannot be null")
        step = 1
        if s.step is not None:
            step, _ = self.eval_scalar(fr, s.step, want=(T.INT4OID, -1))
            if step is None:
                raise PgError("22004", "BY value of FOR loop cannot be null")
            if step <= 0:
                raise PgError("22023", "BY value of FOR loop must be greater than zero")
        i = lo
        found = False
        while (i >= hi) if s.reverse else (i <= hi):
            found = True
            fr.values[s.var.slot] = i
            if not self._loop_iter(fr, s.label, s.body):
                break
            i = i - step if s.reverse else i + step
            if not -2147483648 <= i <= 2147483647:
                break
        fr.values[self.found.slot] = found

    def x_ForQuery(self, fr, s: P.ForQuery):
        if s.dynamic is not None:
            rows, names, types = self.run_dynamic(fr, s.dynamic, s.using)
        elif s.query.is_stmt and s.query.text.lstrip()[:7].lower() == "explain":
            rows, names, types = self.run_explain(fr, s.query)
        else:
            res, planned = self.run_sql(fr, s.query, kind="SQL statement")
            rows, names, types = res.rows, list(planned.colnames), list(planned.coltypes)
        found = False
        for row in rows:
            found = True
            self.assign_row(fr, s.targets, row, names, types)
            if not self._loop_iter(fr, s.label, s.body):
                break
        fr.values[self.found.slot] = found

    def x_ForEach(self, fr, s: P.ForEach):
        arr, typ = self.eval_scalar(fr, s.expr)
        if arr is None:
            raise PgError("22004", "FOREACH expression must not be null")
        cat = fr.session.db.cat
        if not C.is_array_type(cat, C.base_type(cat, typ)):
            raise PgError("42804", f"FOREACH expression must yield an array, not type {cat.format_type(typ)}")
        elem = C.elem_of(cat, C.base_type(cat, typ))
        if s.slice < 0:
            raise PgError("22023", f"slice dimension ({s.slice}) is out of the valid range 0..{len(arr.dims)}")
        if s.slice > len(arr.dims):
            raise PgError("2202E", f"slice dimension ({s.slice}) is out of the valid range 0..{len(arr.dims)}")
        found = False
        if s.slice == 0:
            for x in arr.elements:
                found = True
                if len(s.targets) == 1 and not (s.targets[0].var.is_row or s.targets[0].var.is_record):
                    self.assign_target(fr, s.targets[0], x, elem)
                else:
                    self.assign_composite(fr, s.targets, x, elem)
                if not self._loop_iter(fr, s.label, s.body):
                    break
        else:
            from pgref.types.values import PgArray
            tv = s.targets[0].var
            if tv.is_row or tv.is_record or not C.is_array_type(cat, C.base_type(cat, fr.types[tv.slot])):
                raise PgError("42804", "FOREACH ... SLICE loop variable must be of an array type")
            inner = arr.dims[len(arr.dims) - s.slice:]
            size = 1
            for d in inner:
                size *= d
            for k in range(0, len(arr.elements), size or 1):
                found = True
                sub = PgArray(arr.elements[k:k + size], list(inner), [1] * len(inner), arr.elemtype)
                self.assign_target(fr, s.targets[0], sub, typ)
                if not self._loop_iter(fr, s.label, s.body):
                    break
        fr.values[self.found.slot] = found

    def x_Exit(self, fr, s: P.Exit):
        if s.cond is None or self.eval_bool(fr, s.cond):
            raise _Exit(s.is_exit, s.label)

    def x_Return(self, fr, s: P.Return):
        if s.expr is None:
            if self.out_vars:
                fr.retval = self.out_value(fr)
            else:
                fr.retval = None if self.rettype != T.VOIDOID else ""
            raise _Return()
        if s.var is not None:
            val, typ = self.var_value(fr, s.var)
        else:
            val, typ = self.eval_scalar(fr, s.expr)
        if self.is_trigger:
            # a trigger returns a row (or NULL); the caller matches it to the table
            if val is not None and not isinstance(val, (tuple, TypedRecord)):
                raise PgError("42804", "cannot return non-composite value from function returning composite type")
            fr.retval = val
            raise _Return()
        self.check_composite(fr, val)
        fr.retval = self.cast_result(fr, val, typ)
        raise _Return()

    def check_composite(self, fr, val) -> None:
        if val is not None and not self.out_vars and not isinstance(val, (tuple, TypedRecord)) \
                and self.result_columns(fr) is not None:
            raise PgError("42804", "cannot return non-composite value from function returning composite type")

    def x_ReturnNext(self, fr, s: P.ReturnNext):
        if s.expr is None:
            fr.results.append(self.out_value(fr))
            return
        if s.var is not None:
            val, typ = self.var_value(fr, s.var)
        else:
            val, typ = self.eval_scalar(fr, s.expr)
        fr.results.append(self.cast_result(fr, val, typ))

    def x_ReturnQuery(self, fr, s: P.ReturnQuery):
        if s.dynamic is not None:
            rows, names, types = self.run_dynamic(fr, s.dynamic, s.using)
        else:
            res, planned = self.run_sql(fr, s.query, kind="SQL statement")
            rows, types = res.rows, list(planned.coltypes)
        want = self.result_columns(fr)
        for r in rows:
            if want is None:
                if len(r) != 1:
                    raise PgError("42804", "structure of query does not match function result type",
                                  detail="Number of returned columns (%d) does not match expected column count (1)."
                                  % len(r))
                fr.results.append(self.cast(fr, r[0], types[0], fr.rettype_actual, -1))
            else:
                if len(r) != len(want):
                    raise PgError("42804", "structure of query does not match function result type",
                                  detail=f"Number of returned columns ({len(r)}) does not match expected "
                                         f"column count ({len(want)}).")
                vals = tuple(self.cast(fr, x, t, w, -1) for x, t, (w, _m) in zip(r, types, want))
                fr.results.append(self.make_result_row(fr, vals, want))
        fr.rowcount = len(rows)
        fr.values[self.found.slot] = bool(rows)

    def x_Perform(self, fr, s: P.Perform):
        # PERFORM e runs ``SELECT e`` as a statement (its CONTEXT line says so);
        # that statement Expr lives in the expression's cache slot
        if not isinstance(s.expr.cache, P.Expr):
            s.expr.cache = P.Expr("SELECT " + s.expr.text, s.expr.scope, s.expr.offset, is_stmt=True)
        res, _ = self.run_sql(fr, s.expr.cache, kind="SQL statement")
        fr.rowcount = len(res.rows)
        fr.values[self.found.slot] = bool(res.rows)

    def x_ExecSql(self, fr, s: P.ExecSql):
        if s.command == "utility":
            self.run_utility_stmt(fr, s.sql)
            fr.rowcount = 0
            return
        res, planned = self.run_sql(fr, s.sql, kind="SQL statement")
        n = res.rowcount if planned.command != "select" else len(res.rows)
        fr.rowcount = n
        if s.into is None:
            if planned.command == "select":
                raise PgError("42601", "query has no destination for result data",
                              hint="If you want to discard the results of a SELECT, use PERFORM instead.")
            fr.values[self.found.slot] = n > 0
            return
        if planned.command != "select" and not planned.query.returning:
            raise PgError("42601", "INTO used with a command that cannot return data")
        self.store_into(fr, s.into, s.strict, res.rows, list(planned.colnames), list(planned.coltypes),
                        planned.command != "select")

    def strict_detail(self, fr) -> str | None:
        on = self.print_strict_params
        if on is None:
            on = fr.session.settings.get("plpgsql.print_strict_params") == "on"
        if not on or not fr.last_params:
            return None
        parts = []
        for name, v, t in fr.last_params:
            txt = "NULL" if v is None else "'" + self.to_text(fr, v, t).replace("'", "''") + "'"
            parts.append(f"{name} = {txt}")
        return "parameters: " + ", ".join(parts)

    def store_into(self, fr, into, strict, rows, names, types, dml: bool, dynamic: bool = False) -> None:
        hint = None if dynamic else "Make sure the query returns a single row, or use LIMIT 1."
        if strict:
            if not rows:
                raise PgError("P0002", "query returned no rows", detail=self.strict_detail(fr))
            if len(rows) > 1:
                raise PgError("P0003", "query returned more than one row", detail=self.strict_detail(fr),
                              hint=hint)
        elif dml and len(rows) > 1:
            raise PgError("P0003", "query returned more than one row", detail=self.strict_detail(fr),
                          hint="Make sure the query returns a single row, or use LIMIT 1.")
        elif len(rows) > 1:
            level = _extra(fr.session, "too_many_rows")
            if level == "ERROR":
                raise PgError("P0003", "query returned more than one row",
                              hint="Make sure the query returns a single row, or use LIMIT 1.")
            if level == "WARNING":
                fr.session.notices.append(PgError("P0003", "query returned more than one row", severity="WARNING",
                                                  hint="Make sure the query returns a single row, or use LIMIT 1."))
        row = rows[0] if rows else tuple([None] * len(types))
        self.assign_row(fr, into, row, names, types)
        fr.values[self.found.slot] = bool(rows)

    def x_DynExecute(self, fr, s: P.DynExecute):
        rows, names, types, n, returns = self.run_dynamic(fr, s.query, s.using, with_count=True, need_rows=False)
        fr.rowcount = n
        if s.into is not None:
            if not returns:
                raise PgError("42601", "INTO used with a command that cannot return data")
            self.store_into(fr, s.into, s.strict, rows, names, types, False, dynamic=True)

    def x_GetDiag(self, fr, s: P.GetDiag):
        for tgt, item in s.items:
            if s.stacked:
                if not fr.errors:
                    raise PgError("0Z002", "GET STACKED DIAGNOSTICS cannot be used outside an exception handler")
                e = fr.errors[-1]
                val = {"returned_sqlstate": e.sqlstate, "message_text": e.message,
                       "pg_exception_detail": e.detail or "", "pg_exception_hint": e.hint or "",
                       "pg_exception_context": e.context or "", "column_name": e.column or "",
                       "constraint_name": e.constraint or "", "pg_datatype_name": e.datatype or "",
                       "table_name": e.table or "", "schema_name": e.schema or ""}[item]
                self.assign_target(fr, tgt, val, T.TEXTOID)
            elif item == "row_count":
                self.assign_target(fr, tgt, fr.rowcount, T.INT8OID)
            elif item == "pg_routine_oid":
                self.assign_target(fr, tgt, self.proc.oid if self.proc else 0, T.OIDOID)
            else:
                # PG_CONTEXT: the call stack, innermost first
                lines = []
                for f in reversed(fr.session.__dict__.get("_plpgsql_stack", [fr])):
                    st = f.stmt
                    lines.append(f"PL/pgSQL function {f.fn.signature} line {st.lineno} at {P.stmt_typename(st)}"
                                 if st is not None else f"PL/pgSQL function {f.fn.signature}")
                self.assign_target(fr, tgt, "\n".join(lines), T.TEXTOID)

    def x_Null(self, fr, s):
        return

    # --------------------------------------------------------------- cursors
    def portal_name(self, fr, v: P.Var) -> str:
        name = fr.values[v.slot]
        session = fr.session
        if name is None:
            if v.constant:
                raise PgError("22005", f'variable "{v.name}" is declared CONSTANT')
            n = session.__dict__.get("_plpgsql_portal_no", 0)
            while True:
                n += 1
                name = f"<unnamed portal {n}>"
                if name not in session.cursors:
                    break
            session._plpgsql_portal_no = n
            fr.values[v.slot] = name
        if name in session.cursors:
            raise PgError("42P03", f'cursor "{name}" already in use')
        return name

    def open_cursor(self, fr, v: P.Var, scroll, query, dynamic, using, args) -> str:
        from pgref.engine.cursors import Cursor, supports_backward
        from pgref.executor.run import run_plan
        session = fr.session
        name = self.portal_name(fr, v)
        if dynamic is not None:
            q, qt = self.eval_scalar(fr, dynamic)
            if q is None:
                raise PgError("22004", "query string argument of EXECUTE is null")
            q = self.to_text(fr, q, qt)
            vals, types = [], []
            for u in using:
                x, t = self.eval_scalar(fr, u)
                vals.append(x)
                types.append(T.TEXTOID if t == C.UNKNOWN else t)
            from pgref.sql.parser import parse
            try:
                stmt = parse(q)[0].stmt
                planned = _plan(session, stmt, session.expr_analyzer(list(types)), None)
            except PgError as err:
                self.fragment_error(err, q, "SQL statement")
                raise
            values, text = vals, q
        else:
            if query is None:
                query = v.cursor_query
                if args:
                    res, planned = self.run_sql(fr, args[0][1], kind="SQL expression")
                    row = res.rows[0] if res.rows else (None,) * len(v.cursor_args)
                    for a, x, t in zip(v.cursor_args, row, planned.coltypes):
                        self.assign_var(fr, a, x, t)
            try:
                planned, refs = self.plan_fragment(fr, query)
            except PgError as err:
                self.fragment_error(err, query, "SQL statement")
                raise
            values = [self.ref_value(fr, r) for r in refs]
            text = query.text
        if planned.command != "select":
            raise PgError("42P11", f"cannot open {planned.command.upper()} query as cursor")
        if session.xact is not None:
            session.xact.cid += 1
        ectx = session.exec_context(values)

        def rows():
            for batch in run_plan(planned.plan, ectx, planned.planner):
                yield from batch
        x = session.xact
        session.cursors[name] = Cursor(name=name, statement=text, planned=planned, columns=session.describe(planned),
                                       rows_iter=rows(), scroll=scroll if scroll is not None else
                                       supports_backward(planned.plan), holdable=False, binary=False,
                                       level=len(x.savepoints), xact=x)
        return name

    def x_Open(self, fr, s: P.Open):
        self.open_cursor(fr, s.var, s.scroll, s.query, s.dynamic, s.using, s.args)

    def find_cursor(self, fr, v: P.Var):
        name = fr.values[v.slot]
        if name is None:
            raise PgError("22004", f'cursor variable "{v.name}" is null')
        cur = fr.session.cursors.get(name)
        if cur is None:
            raise PgError("34000", f'cursor "{name}" does not exist')
        return cur

    def x_Fetch(self, fr, s: P.Fetch):
        from pgref.engine.cursors import FETCH_ALL
        cur = self.find_cursor(fr, s.var)
        count = s.count
        if not isinstance(count, int):
            count, _ = self.eval_scalar(fr, count, want=(T.INT8OID, -1))
            if count is None:
                raise PgError("22004", "relative or absolute cursor position is null")
        elif count == -1 and s.direction in ("forward", "backward"):
            count = FETCH_ALL
        out = None if s.is_move else []
        n = cur.fetch(s.direction, count, out)
        if s.is_move:
            fr.rowcount = n
            fr.values[self.found.slot] = n > 0
            return
        names = [c.name for c in cur.columns]
        types = [c.type_oid for c in cur.columns]
        row = out[0] if out else tuple([None] * len(types))
        self.assign_row(fr, s.into, row, names, types)
        fr.rowcount = len(out)
        fr.values[self.found.slot] = bool(out)

    def x_Close(self, fr, s: P.Close):
        cur = self.find_cursor(fr, s.var)
        fr.session.cursors.pop(cur.name, None)

    def x_ForCursor(self, fr, s: P.ForCursor):
        if fr.values[s.cursor.slot] is not None and fr.values[s.cursor.slot] in fr.session.cursors:
            raise PgError("42P03", f'cursor "{fr.values[s.cursor.slot]}" already in use')
        name = self.open_cursor(fr, s.cursor, s.cursor.cursor_scroll, None, None, [], s.args)
        cur = fr.session.cursors[name]
        names = [c.name for c in cur.columns]
        types = [c.type_oid for c in cur.columns]
        found = False
        try:
            while True:
                out: list = []
                cur.fetch("forward", 1, out)
                if not out:
                    break
                found = True
                self.assign_row(fr, [s.target], out[0], names, types)
                if not self._loop_iter(fr, s.label, s.body):
                    break
        finally:
            fr.session.cursors.pop(name, None)
        fr.values[self.found.slot] = found

    def x_Call(self, fr, s: P.Call):
        from pgref.engine.functions import call_procedure
        from pgref.sql.parser import parse
        stmt = parse(s.sql.text)[0].stmt
        values: list = []
        ea = fr.session.expr_analyzer([])
        ea.post_columnref_hook = _Hook(self, fr, s.sql.scope, [], values, ea)
        try:
            call_procedure(fr.session, stmt, s.sql.text, ea, values)
        except PgError as e:
            self.fragment_error(e, s.sql.text, "SQL statement")
            raise

    def x_Assert(self, fr, s: P.Assert):
        if fr.session.settings.get("plpgsql.check_asserts") == "off":
            return
        ok = self.eval_bool(fr, s.cond, null_true=False)
        if not ok:
            msg = "assertion failed"
            if s.message is not None:
                v, t = self.eval_scalar(fr, s.message)
                if v is not None:
                    msg = self.to_text(fr, v, t)
            raise PgError("P0004", msg)

    def x_Raise(self, fr, s: P.Raise):
        if s.message is None and s.condname is None and s.sqlstate is None and not s.options:
            if not fr.errors:
                raise PgError("0Z002", "RAISE without parameters cannot be used outside an exception handler")
            raise fr.errors[-1]
        sqlstate = None
        if s.condname is not None:
            sqlstate = CONDITIONS[s.condname]
            message = s.condname
        elif s.sqlstate is not None:
            sqlstate = s.sqlstate
            message = s.sqlstate
        else:
            message = None
        if s.message is not None:
            args = []
            for e in s.params:
                v, t = self.eval_scalar(fr, e)
                args.append("<NULL>" if v is None else self.to_text(fr, v, t))
            message = _format(s.message, args)
        detail = hint = None
        extra = {}
        seen = set()
        if sqlstate is not None:
            seen.add("errcode")
        if s.message is not None:
            seen.add("message")
        for opt, e in s.options:
            if opt in seen:
                raise PgError("42601", f"RAISE option already specified: {opt.upper()}")
            seen.add(opt)
            v, t = self.eval_scalar(fr, e)
            if v is None:
                raise PgError("22004", f"RAISE statement option cannot be null")
            txt = self.to_text(fr, v, t)
            if opt == "errcode":
                sqlstate = CONDITIONS.get(txt) if txt in CONDITIONS else txt
                if txt not in CONDITIONS and (len(txt) != 5 or not all(c.isdigit() or "A" <= c <= "Z" for c in txt)):
                    raise PgError("42704", f'unrecognized exception condition "{txt}"')
            elif opt == "message":
                message = txt
            elif opt == "detail":
                detail = txt
            elif opt == "hint":
                hint = txt
            else:
                extra[opt] = txt
        if message is None:
            message = sqlstate if sqlstate else "P0001"
            if s.level == "exception" and sqlstate is None:
                message = "P0001"
        if s.level == "exception":
            err = PgError(sqlstate or "P0001", message, detail=detail, hint=hint,
                          column=extra.get("column"), constraint=extra.get("constraint"),
                          datatype=extra.get("datatype"), table=extra.get("table"), schema=extra.get("schema"))
            raise err
        severity = {"debug": "DEBUG", "log": "LOG", "info": "INFO", "notice": "NOTICE",
                    "warning": "WARNING"}[s.level]
        if not _level_shown(fr.session, s.level):
            return
        note = PgError(sqlstate or ("01000" if s.level == "warning" else "00000"), message, detail=detail,
                       hint=hint, severity=severity)
        note.context = f"PL/pgSQL function {self.signature} line {s.lineno} at RAISE"
        fr.session.notices.append(note)

    # --------------------------------------------------------------- values
    def var_value(self, fr, v: P.Var):
        """(value, type) of a whole variable as SQL sees it."""
        val = fr.values[v.slot]
        if v.is_record:
            d = fr.recdesc[v.slot]
            if d is None:
                raise PgError("55000", f'record "{v.name}" is not assigned yet',
                              detail="The tuple structure of a not-yet-assigned record is indeterminate.")
            return (None if val is None else TypedRecord(tuple(val), tuple(d[2]))), d[0]
        if v.is_row and val is not None:
            return TypedRecord(tuple(val), tuple(f[1] for f in self.row_fields(fr, v))), fr.types[v.slot]
        return val, fr.types[v.slot]

    def out_value(self, fr):
        if len(self.out_vars) == 1:
            v = self.out_vars[0]
            return fr.values[v.slot]
        vals = tuple(fr.values[v.slot] for v in self.out_vars)
        return TypedRecord(vals, tuple(fr.types[v.slot] for v in self.out_vars))

    def result_columns(self, fr):
        from pgref.catalog.typedefs import composite_columns
        cat = fr.session.db.cat
        if self.out_vars:
            if len(self.out_vars) == 1:
                return None
            return [(fr.types[v.slot], -1) for v in self.out_vars]
        cols = composite_columns(cat, C.base_type(cat, fr.rettype_actual))
        if cols is not None:
            return [(c[1], c[2]) for c in cols]
        return None

    def make_result_row(self, fr, vals, want):
        return TypedRecord(tuple(vals), tuple(w for w, _ in want))

    def cast_result(self, fr, val, typ):
        """The RETURN value as the function's result type."""
        try:
            want = self.result_columns(fr)
            if want is not None and not self.out_vars:
                if val is None:
                    return None
                if fr.rettype_actual == T.RECORDOID:
                    return val
                if not isinstance(val, (tuple, TypedRecord)):
                    raise PgError("42804", "cannot return non-composite value from function returning "
                                  "composite type")
                vals = tuple(getattr(val, "values", val))
                types = tuple(getattr(val, "types", ())) or tuple(w for w, _ in want)
                if typ == fr.rettype_actual:
                    return TypedRecord(vals, tuple(w for w, _ in want))
                if len(vals) != len(want):
                    raise PgError("42804", "returned record type does not match expected record type",
                                  detail=f"Number of returned columns ({len(vals)}) does not match expected column "
                                         f"count ({len(want)}).")
                return TypedRecord(tuple(self.cast(fr, x, t, w, m) for x, t, (w, m) in zip(vals, types, want)),
                                   tuple(w for w, _ in want))
            if fr.rettype_actual == T.RECORDOID:
                if val is not None and typ != T.RECORDOID and not isinstance(val, TypedRecord):
                    from pgref.catalog.typedefs import composite_columns
                    cols = composite_columns(fr.session.db.cat, typ)
                    if cols is None:
                        raise PgError("42804", "cannot return non-composite value from function returning "
                                      "composite type")
                    return TypedRecord(tuple(val), tuple(c[1] for c in cols))
                return val
            if fr.rettype_actual == T.VOIDOID:
                return ""
            return self.cast(fr, val, typ, fr.rettype_actual, -1)
        except PgError as e:
            if getattr(e, "_plframe", None) is not fr:
                e._plframe = fr
                _add_context(e, f"PL/pgSQL function {self.signature} while casting return value to function's "
                                f"return type")
            raise

    def to_text(self, fr, v, t) -> str:
        if isinstance(v, str) and t in (T.TEXTOID, T.VARCHAROID, C.UNKNOWN, T.BPCHAROID, T.NAMEOID):
            return v
        return self.cast(fr, v, t, T.TEXTOID, -1, io=True)

    def cast(self, fr, val, src: int, dst: int, typmod: int, io: bool = False):
        """exec_cast_value: assignment coercion, else through text."""
        if val is None and not _is_domain(fr.session.db.cat, dst):
            return None
        if src == dst and typmod < 0:
            return val
        cat = fr.session.db.cat
        key = (src, dst, typmod, cat.version, io)
        f = self.casts.get(key)
        if f is None:
            f = self.casts[key] = self._build_cast(fr, src, dst, typmod, io)
        return f(val)

    def _build_cast(self, fr, src, dst, typmod, io):
        from pgref.executor.expr import Layout, compile_expr
        session = fr.session
        ea = session.expr_analyzer()
        srcx = T.TEXTOID if src == C.UNKNOWN else src
        arg = N.Var(-1, 1, srcx)
        e = None
        if not io:
            try:
                e = ea.coerce(arg, dst, typmod, C.ASSIGNMENT, -1)
            except PgError:
                e = None
        if e is None:
            if srcx == T.TEXTOID or srcx == T.VARCHAROID or srcx == T.BPCHAROID:
                e = ea.coerce(N.CoerceViaIO(arg, dst, typmod), dst, typmod, C.ASSIGNMENT, -1) \
                    if typmod >= 0 else N.CoerceViaIO(arg, dst, typmod)
            else:
                e = N.CoerceViaIO(arg, dst, typmod)
        f = compile_expr(e, Layout(()), session.exec_context())
        return lambda v: f((v,))

    # --------------------------------------------------------------- assignment
    def assign_var(self, fr, v: P.Var, val, typ) -> None:
        if v.is_record:
            self.assign_record(fr, v, val, typ)
            return
        if v.is_row:
            self.assign_rowvar(fr, v, val, typ)
            return
        dst = fr.types[v.slot]
        if dst == 0:
            fr.types[v.slot] = typ
            dst = typ
        newval = self.cast(fr, val, typ, dst, v.typmod)
        if newval is None and v.notnull:
            raise PgError("22004", f'null value cannot be assigned to variable "{v.name}" declared NOT NULL')
        fr.values[v.slot] = newval

    def assign_record(self, fr, v, val, typ):
        from pgref.catalog.typedefs import composite_columns
        cat = fr.session.db.cat
        if isinstance(val, TypedRecord) and composite_columns(cat, C.base_type(cat, typ)) is None:
            names = tuple(f"f{i + 1}" for i in range(len(val.values)))
            fr.recdesc[v.slot] = (T.RECORDOID, names, tuple(val.types))
            fr.values[v.slot] = tuple(val.values)
            return
        cols = composite_columns(cat, C.base_type(cat, typ))
        if cols is None:
            if val is None and typ in (T.RECORDOID, C.UNKNOWN):
                fr.recdesc[v.slot] = (T.RECORDOID, (), ())
                fr.values[v.slot] = None
                return
            raise PgError("42804", "cannot assign non-composite value to a record variable")
        fr.recdesc[v.slot] = (typ, tuple(c[0] for c in cols), tuple(c[1] for c in cols))
        fr.values[v.slot] = None if val is None else tuple(getattr(val, "values", val))

    def row_fields(self, fr, v):
        from pgref.catalog.typedefs import composite_columns
        if v.is_record:
            d = fr.recdesc[v.slot]
            if d is None:
                raise PgError("55000", f'record "{v.name}" is not assigned yet',
                              detail="The tuple structure of a not-yet-assigned record is indeterminate.")
            return [(n, t, -1) for n, t in zip(d[1], d[2])]
        return composite_columns(fr.session.db.cat, C.base_type(fr.session.db.cat, fr.types[v.slot])) or []

    def assign_rowvar(self, fr, v, val, typ):
        fields = self.row_fields(fr, v)
        if val is None:
            fr.values[v.slot] = None
            return
        vals = tuple(getattr(val, "values", val))
        types = tuple(getattr(val, "types", ()))
        if not types:
            from pgref.catalog.typedefs import composite_columns
            cols = composite_columns(fr.session.db.cat, C.base_type(fr.session.db.cat, typ)) or []
            types = tuple(c[1] for c in cols)
        out = []
        for i, (name, ft, fm) in enumerate(fields):
            x = vals[i] if i < len(vals) else None
            st = types[i] if i < len(types) else ft
            out.append(self.cast(fr, x, st, ft, fm))
        fr.values[v.slot] = tuple(out)

    def assign_target(self, fr, tgt: P.Target, val, typ) -> None:
        v = tgt.var
        if tgt.field is None and not tgt.subscripts:
            self.assign_var(fr, v, val, typ)
            return
        if tgt.field is not None:
            fields = self.row_fields(fr, v)
            for i, (name, ft, fm) in enumerate(fields):
                if name == tgt.field:
                    cur = list(fr.values[v.slot] or [None] * len(fields))
                    if tgt.subscripts:
                        cur[i] = self.array_assign(fr, tgt, cur[i], ft, val, typ)
                    else:
                        cur[i] = self.cast(fr, val, typ, ft, fm)
                    fr.values[v.slot] = tuple(cur)
                    return
            raise PgError("42703", f'record "{v.name}" has no field "{tgt.field}"')
        fr.values[v.slot] = self.array_assign(fr, tgt, fr.values[v.slot], fr.types[v.slot], val, typ)

    def array_assign(self, fr, tgt, arr, arrtype, val, typ):
        """a[i] := x: the new array value (a domain over an array is checked)."""
        subs = []
        for e in tgt.subscripts:
            s, _ = self.eval_scalar(fr, e, want=(T.INT4OID, -1))
            if s is None:
                raise PgError("22004", "array subscript in assignment must not be null")
            subs.append(s)
        cat = fr.session.db.cat
        base = C.base_type(cat, arrtype)
        elem = C.elem_of(cat, base)
        if not elem:
            raise PgError("42804", "subscripted object is not an array")
        x = self.cast(fr, val, typ, elem, -1)
        new = _array_set(arr, subs, x, elem)
        if base != arrtype:
            new = self.cast(fr, new, base, arrtype, -1)
        return new

    def assign_row(self, fr, targets: list[P.Target], row, names, types) -> None:
        """exec_move_row: a query's row into a record / row variable or a
        list of scalar targets."""
        if len(targets) == 1 and (targets[0].var.is_record or targets[0].var.is_row) and targets[0].field is None:
            v = targets[0].var
            if v.is_record:
                if len(row) == 1 and types and _is_composite(fr.session.db.cat, types[0]) and False:
                    self.assign_record(fr, v, row[0], types[0])
                    return
                fr.recdesc[v.slot] = (T.RECORDOID, tuple(names), tuple(types))
                fr.values[v.slot] = tuple(row)
                return
            fields = self.row_fields(fr, v)
            if len(row) == 1 and len(fields) != 1 and types and (types[0] == fr.types[v.slot]
                                                                   or types[0] == T.RECORDOID):
                self.assign_rowvar(fr, v, row[0], types[0])
                return
            if len(row) != len(fields):
                self.multi_assignment_check(fr)
            out = []
            for i, (name, ft, fm) in enumerate(fields):
                x = row[i] if i < len(row) else None
                out.append(self.cast(fr, x, types[i] if i < len(types) else ft, ft, fm))
            fr.values[v.slot] = tuple(out)
            return
        if len(row) != len(targets):
            self.multi_assignment_check(fr)
        for i, tgt in enumerate(targets):
            x = row[i] if i < len(row) else None
            t = types[i] if i < len(types) else T.TEXTOID
            self.assign_target(fr, tgt, x, t)

    def multi_assignment_check(self, fr) -> None:
        level = _extra(fr.session, "strict_multi_assignment")
        if level is None:
            return
        which = "extra_errors" if level == "ERROR" else "extra_warnings"
        e = PgError("42804", "number of source and target fields in assignment does not match",
                    detail=f"strict_multi_assignment check of {which} is active.",
                    hint="Make sure the query returns the exact list of columns.", severity=level)
        if level == "ERROR":
            raise e
        fr.session.notices.append(e)

    def assign_composite(self, fr, targets, val, typ):
        vals = tuple(getattr(val, "values", val)) if val is not None else ()
        from pgref.catalog.typedefs import composite_columns
        cols = composite_columns(fr.session.db.cat, typ) or []
        self.assign_row(fr, targets, vals, [c[0] for c in cols], [c[1] for c in cols])

    # --------------------------------------------------------------- SQL fragments
    def eval_bool(self, fr, e: P.Expr, null_true: bool = False) -> bool:
        v, _ = self.eval_scalar(fr, e, want=(T.BOOLOID, -1))
        return bool(v) if v is not None else null_true

    def eval_scalar(self, fr, e: P.Expr, want=None):
        """Run ``SELECT <expr>``: (value, type).  With ``want`` the value is
        coerced to that type in the query itself (assignment rules)."""
        res, planned = self.run_sql(fr, e, kind="SQL expression", want=want)
        if len(planned.coltypes) != 1:
            raise PgError("42601", f"query returned {len(planned.coltypes)} columns",
                          context=f'SQL expression "{e.text}"')
        if len(res.rows) > 1:
            raise PgError("21000", "query returned more than one row", context=f'SQL expression "{e.text}"')
        typ = planned.coltypes[0]
        return (res.rows[0][0] if res.rows else None), typ

    def plan_fragment(self, fr, e: P.Expr, want=None):
        """The cached plan of a fragment for the current parameter types."""
        session = fr.session
        cat = session.db.cat
        cache = e.cache if isinstance(e.cache, dict) else None
        if cache is None:
            cache = e.cache = {}
        key = (cat.version, want, session.settings.get("search_path"))
        entry = cache.get(key)
        if entry is not None:
            planned, refs, types = entry
            if all(self.ref_type(fr, r) == t for r, t in zip(refs, types)):
                return planned, refs
        from pgref.sql.parser import parse
        text = e.text if e.is_stmt else "SELECT " + e.text
        try:
            raws = parse(text)
        except PgError as err:
            if err.position:
                err.position -= 0 if e.is_stmt else 7
            raise
        stmt = raws[0].stmt
        refs: list = []
        ea = session.expr_analyzer([])
        ea.post_columnref_hook = _Hook(self, fr, e.scope, refs, None, ea)
        planned = _plan(session, stmt, ea, want)
        planned.param_types = list(ea.param_types)
        types = [self.ref_type(fr, r) for r in refs]
        if len(cache) > 8:
            cache.clear()
        cache[key] = (planned, refs, types)
        return planned, refs

    def ref_type(self, fr, r):
        v, field = r
        if field is None:
            if v.is_record:
                d = fr.recdesc[v.slot]
                return d[0] if d is not None else T.RECORDOID
            return fr.types[v.slot]
        for name, ft, fm in self.row_fields(fr, v):
            if name == field:
                return ft
        raise PgError("42703", f'record "{v.name}" has no field "{field}"')

    def ref_value(self, fr, r):
        v, field = r
        if field is None:
            return self.var_value(fr, v)[0]
        val = fr.values[v.slot]
        if val is None:
            return None
        for i, (name, ft, fm) in enumerate(self.row_fields(fr, v)):
            if name == field:
                vals = getattr(val, "values", val)
                return vals[i] if i < len(vals) else None
        raise PgError("42703", f'record "{v.name}" has no field "{field}"')

    def run_sql(self, fr, e: P.Expr, kind: str, want=None):
        session = fr.session
        planned = refs = None
        try:
            planned, refs = self.plan_fragment(fr, e, want)
            values = [self.ref_value(fr, r) for r in refs]
            fr.last_params = [(_refname(r), v, self.ref_type(fr, r)) for r, v in zip(refs, values)]
            if session.xact is not None:
                session.xact.cid += 1
            fast = None if e.is_stmt else _fast_path(session, planned)
            if fast is not None:
                # exec_eval_simple_expr: the expression is compiled once per
                # plan and evaluated directly, with a fresh snapshot each time
                f, ectx = fast
                ectx.__dict__.update(session.exec_context(values).__dict__)
                session.xact.ran_query = True
                res = _ONE_ROW([(f(()),)])
            else:
                saved = session._rowcount       # the calling statement's count is not ours
                try:
                    res = session.run_planned(planned, values=values)
                finally:
                    session._rowcount = saved
        except PgError as err:
            # a simple expression (no FROM, no subquery) runs outside SPI in
            # PostgreSQL: its run-time errors get no fragment CONTEXT line
            # (PostgreSQL folds a constant expression while planning, so an
            # expression without variables fails under the callback)
            if planned is None or e.is_stmt or not _simple(planned) or err.position or \
                    _foldable(session.db.cat, planned):
                self.fragment_error(err, e, kind)
            raise
        return res, planned

    def run_explain(self, fr, e: P.Expr):
        """``FOR row IN EXPLAIN ... LOOP``: EXPLAIN is a utility statement
        that returns rows, run as such (the regression suite's explain
        filters read plans this way).  Variables of the function are not
        bound inside it: the explained query is planned on its own."""
        from pgref.engine.utility import run_utility
        from pgref.sql.parser import parse
        session = fr.session
        try:
            stmt = parse(e.text)[0].stmt
            if session.xact is not None:
                session.xact.cid += 1
            res = run_utility(session, stmt, e.text, None)
        except PgError as err:
            self.fragment_error(err, e, "SQL statement")
            raise
        cols = res.columns or []
        return res.rows, [c.name for c in cols], [c.type_oid for c in cols]

    def fragment_error(self, err: PgError, e: "P.Expr | str", kind: str) -> None:
        """_SPI_error_callback: a position points into the fragment (as
        QUERY), otherwise the fragment is a CONTEXT line."""
        if getattr(err, "_plfrag", None) is self:
            return
        err._plfrag = self
        if isinstance(e, str):
            text, shown, off = e, e, 0
        else:
            text = e.text
            shown = e.query if e.query is not None else e.text
            off = e.qoff - (0 if e.is_stmt else 7)
            kind = e.kind if not e.is_stmt else "SQL statement"
        if err.position:
            err.internal_position, err.internal_query, err.position = err.position + off, shown, None
        else:
            _add_context(err, f'{kind} "{shown}"')

    def run_utility_stmt(self, fr, e: P.Expr) -> None:
        from pgref.engine.utility import run_utility
        from pgref.sql.parser import parse
        session = fr.session
        try:
            stmt = parse(e.text)[0].stmt
            if isinstance(stmt, A.TransactionStmt):
                raise PgError(FEATURE_NOT_SUPPORTED, "transaction control in PL/pgSQL is not supported")
            if session.xact is not None:
                session.xact.cid += 1
            run_utility(session, stmt, e.text, None)
        except PgError as err:
            self.fragment_error(err, e.text, "SQL statement")
            raise

    def run_dynamic(self, fr, qexpr: P.Expr, using: list[P.Expr], with_count: bool = False,
                    need_rows: bool = True):
        """EXECUTE: the query string is evaluated, then parsed, planned and
        run with the USING values as $1..$n (never cached)."""
        from pgref.engine.utility import run_utility
        from pgref.sql.parser import parse
        q, qt = self.eval_scalar(fr, qexpr)
        if q is None:
            raise PgError("22004", "query string argument of EXECUTE is null")
        q = self.to_text(fr, q, qt)
        vals, types = [], []
        for u in using:
            v, t = self.eval_scalar(fr, u)
            if t == C.UNKNOWN:
                t = T.TEXTOID
            vals.append(v)
            types.append(t)
        fr.last_params = [(f"${i + 1}", v, t) for i, (v, t) in enumerate(zip(vals, types))]
        session = fr.session
        try:
            raws = parse(q)
            if len(raws) != 1:
                raise PgError("42601", "cannot insert multiple commands into a prepared statement")
            stmt = raws[0].stmt
            if session.xact is not None:
                session.xact.cid += 1
            if isinstance(stmt, (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt, A.MergeStmt)) and \
                    not (isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None and not need_rows):
                ea = session.expr_analyzer(list(types))
                planned = _plan(session, stmt, ea, None)
                planned.param_types = list(types)
                saved = session._rowcount
                try:
                    res = session.run_planned(planned, values=vals)
                finally:
                    session._rowcount = saved
                n = res.rowcount if planned.command != "select" else len(res.rows)
                returns = planned.command == "select" or bool(planned.query.returning)
                out = (res.rows, list(planned.colnames), list(planned.coltypes))
            else:
                if isinstance(stmt, A.TransactionStmt):
                    raise PgError(FEATURE_NOT_SUPPORTED, "EXECUTE of transaction commands is not implemented")
                res = run_utility(session, stmt, q, None)
                n = max(res.rowcount, 0) if res.rowcount is not None else 0
                cols = res.columns or []
                returns = res.columns is not None
                out = (res.rows, [c.name for c in cols], [c.type_oid for c in cols])
        except PgError as err:
            self.fragment_error(err, q, "SQL statement")
            raise
        if with_count:
            return out + (n, returns)
        return out


class _ONE_ROW:
    """The result of a simple expression (rows, rowcount)."""
    __slots__ = ("rows", "rowcount")

    def __init__(self, rows):
        self.rows = rows
        self.rowcount = len(rows)


def _fast_path(session, planned):
    """(compiled expression, its ExecContext) for a plan that is a single
    expression over no table, or None."""
    fast = getattr(planned, "_plpgsql_fast", False)
    if fast is not False:
        return fast
    fast = None
    plan = planned.plan
    if type(plan).__name__ == "Project" and len(plan.exprs) == 1 and not getattr(plan, "positional", False):
        child = plan.child
        e = plan.exprs[0]
        if type(child).__name__ == "Result" and not getattr(child, "quals", ()) and _simple(planned) and \
                not (isinstance(e, N.FuncExpr) and e.retset) and not getattr(planned.planner, "modifying_ctes", None):
            from pgref.executor.expr import Layout, compile_expr
            ectx = session.exec_context([])
            fast = (compile_expr(e, Layout(()), ectx, planned.planner), ectx)
    planned._plpgsql_fast = fast
    return fast


def _refname(r) -> str:
    v, field = r
    return v.name if field is None else f"{v.name}.{field}"


def _extra(session, check: str) -> str | None:
    for name, level in (("plpgsql.extra_errors", "ERROR"), ("plpgsql.extra_warnings", "WARNING")):
        items = [x.strip() for x in (session.settings.get(name) or "none").split(",")]
        if check in items or "all" in items:
            return level
    return None


def _foldable(cat, planned) -> bool:
    """Would PostgreSQL's planner have evaluated this expression already
    (eval_const_expressions: only immutable functions, no parameters)?"""
    tl = [te.expr for te in planned.query.target_list if not te.resjunk]

    def ok(x) -> bool:
        if isinstance(x, (N.Param, N.Var, N.CoerceToDomain)):
            return False
        if isinstance(x, (N.FuncExpr, N.OpExpr)):
            p = cat.proc(x.funcid)
            if p is None or p.volatile != "i":
                return False
        if dataclasses.is_dataclass(x):
            for f in dataclasses.fields(x):
                v = getattr(x, f.name)
                if isinstance(v, (tuple, list)):
                    if not all(ok(y) for y in v):
                        return False
                elif dataclasses.is_dataclass(v) and not ok(v):
                    return False
        return True
    return all(ok(x) for x in tl)


def _simple(planned) -> bool:
    """exec_simple_check_plan: a bare ``SELECT expr`` (no FROM, WHERE,
    aggregates, subqueries, set operations)."""
    q = getattr(planned, "query", None)
    if q is None or q.command != "select":
        return False
    return not (q.rtable or q.has_sublinks or q.has_aggs or q.set_op or q.where is not None or q.ctes
                or q.sort or q.limit_count is not None or q.has_window_funcs or q.group_by)


def _is_composite(cat, typ):
    t = cat.typeinfo(typ)
    return t is not None and t.typtype == "c"


def _is_domain(cat, typ):
    t = cat.typeinfo(typ)
    return t is not None and t.typtype == "d"


def _array_set(arr, subs, x, elem):
    """array_set_element (executor/assign.py): a NULL array becomes empty
    first; 1-D arrays grow, multi-dimensional ones do not."""
    from pgref.executor.assign import array_set_element
    from pgref.types.values import PgArray
    if arr is None:
        arr = PgArray([], [], [], elem)
    new = array_set_element(arr, list(subs), x)
    new.elemtype = new.elemtype or elem
    return new


def _format(fmt: str, args: list[str]) -> str:
    out, k, i = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%":
            if i + 1 < len(fmt) and fmt[i + 1] == "%":
                out.append("%")
                i += 2
                continue
            out.append(args[k] if k < len(args) else "")
            k += 1
        else:
            out.append(c)
        i += 1
    return "".join(out)


_LEVELS = {"debug5": 0, "debug4": 0, "debug3": 0, "debug2": 0, "debug1": 0, "debug": 0, "log": 1, "info": 3,
           "notice": 2, "warning": 3, "error": 4}


def _level_shown(session, level: str) -> bool:
    if level == "info":
        return True
    cm = (session.settings.get("client_min_messages") or "notice").lower()
    order = ["debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"]
    lv = {"debug": "debug1", "log": "log", "notice": "notice", "warning": "warning"}[level]
    try:
        return order.index(lv) >= order.index(cm)
    except ValueError:
        return True


def _add_context(e: PgError, line: str) -> None:
    e.context = f"{e.context}\n{line}" if e.context else line


# ======================================================================= variable references
class _Hook:
    """The analyzer's column-reference hook (plpgsql_post_column_ref): a
    name that is no column is looked up among the variables in scope."""

    def __init__(self, fn: Compiled, fr: Frame, scope: P.Scope, refs: list, values: list | None, ea):
        self.fn, self.fr, self.scope, self.refs, self.values, self.ea = fn, fr, scope, refs, values, ea

    def param(self, v: P.Var, field: str | None) -> N.Expr:
        r = (v, field)
        typ = self.fn.ref_type(self.fr, r)
        for k, old in enumerate(self.refs):
            if old[0] is v and old[1] == field:
                return N.Param(k + 1, typ)
        self.refs.append(r)
        self.ea.param_types.append(typ)
        if self.values is not None:
            self.values.append(self.fn.ref_value(self.fr, r))
        return N.Param(len(self.refs), typ, v.typmod if field is None else -1)

    def __call__(self, ea, ps, cref: A.ColumnRef):
        f = cref.fields
        if not all(isinstance(x, str) for x in f):
            return None
        sc = self.scope
        if len(f) == 1:
            v = sc.lookup(f[0])
            return self.param(v, None) if v is not None else None
        if len(f) >= 2:
            v = sc.lookup(f[0])
            if v is not None and (v.is_row or v.is_record) and len(f) == 2:
                return self.param(v, f[1])
            lab = sc.lookup_label(f[0])
            if lab is not None:
                v = lab.names.get(f[1])
                if v is not None:
                    if len(f) == 2:
                        return self.param(v, None)
                    if len(f) == 3 and (v.is_row or v.is_record):
                        return self.param(v, f[2])
        return None


def _plan(session, stmt, ea, want):
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.planner.planner import Planner
    qa = ModifyAnalyzer(ea)
    if isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None:
        raise PgError("42601", "SELECT INTO query does not return tuples")
    if isinstance(stmt, A.SelectStmt):
        q = qa.analyze_select(stmt)
    elif isinstance(stmt, A.InsertStmt):
        q = qa.analyze_insert(stmt)
    elif isinstance(stmt, A.UpdateStmt):
        q = qa.analyze_update(stmt)
    elif isinstance(stmt, A.DeleteStmt):
        q = qa.analyze_delete(stmt)
    elif isinstance(stmt, A.MergeStmt):
        from pgref.analyzer.merge import analyze_merge
        q = analyze_merge(ea, stmt)
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{type(stmt).__name__} is not supported in PL/pgSQL here")
    if want is not None and q.command == "select":
        tl = [te for te in q.target_list if not te.resjunk]
        if len(tl) == 1:
            te = tl[0]
            typ, typmod = want
            try:
                te.expr = ea.coerce(te.expr, typ, typmod, C.ASSIGNMENT, -1)
            except PgError as err:
                if err.sqlstate not in ("42846", "42804"):
                    raise
                te.expr = N.CoerceViaIO(te.expr, typ, typmod)
    planner = Planner(session.db.cat, session.settings, session.db)
    planner.const_value = session._const_value
    ps = planner.plan(q)
    ps.planner = planner
    return ps


# ======================================================================= subtransactions
_SP_NAME = "\x00plpgsql"


def _sub_begin(session) -> int:
    """BeginInternalSubTransaction (spec/13-plpgsql.md, INV-PLPGSQL-3)."""
    from pgref.engine.session import Savepoint
    x = session.xact
    sub = session.db.assign_xid()
    x.mine.add(sub)
    x.all_xids.append(sub)
    x.savepoints.append(Savepoint(_SP_NAME, sub, prev_read_only=x.read_only))
    return len(x.savepoints) - 1


def _sub_release(session, i: int) -> None:
    """ReleaseCurrentSubTransaction: the work joins the parent."""
    x = session.xact
    released = x.savepoints[i:]
    parent = x.savepoints[i - 1]
    for sp in released:
        if sp.catalog_snap is not None and parent.catalog_snap is None:
            parent.catalog_snap = sp.catalog_snap
        parent.created_files += sp.created_files
        parent.dropped_files += sp.dropped_files
        parent.child_xids += [sp.xid] + sp.child_xids
    x.read_only = released[0].prev_read_only
    del x.savepoints[i:]


def _sub_rollback(session, i: int) -> None:
    """RollbackAndReleaseCurrentSubTransaction."""
    x = session.xact
    if session.cursors:
        from pgref.engine.cursors import at_rollback_to
        at_rollback_to(session, i)
    with session.db.lock:
        for sp in reversed(x.savepoints[i:]):
            session._undo_savepoint(sp)
            for xid in [sp.xid] + sp.child_xids:
                x.mine.discard(xid)
            session.db.finish_xids([sp.xid] + sp.child_xids, committed=False)
    x.read_only = x.savepoints[i].prev_read_only
    del x.savepoints[i:]

"""EXPLAIN: print the plan pgref will run, in PostgreSQL's text format.

Where it sits: ``planner/`` (spec/07-executor.md, "EXPLAIN"); called by
engine/utility.py for ``EXPLAIN (COSTS OFF) statement``.  It walks the
plan tree of planner/plan.py and prints each node the way explain.c prints
PostgreSQL's node of the same algorithm ("Seq Scan on t", "Hash Join",
"HashAggregate", ...), with the node's properties (Filter, Sort Key, Hash
Cond, Group Key, One-Time Filter, ...) deparsed as ruleutils.c would print
them: ``(a > 1)``, ``'abc'::text``, ``'-1'::integer``.

What it guarantees (INV-EXPLAIN-1): the output describes pgref's own plan,
never a plan pgref would not run.  Where pgref's rule-based planner makes
the same choice PostgreSQL's cost-based one does (single-table scans,
sorts, simple aggregates), the text is PostgreSQL's byte for byte; where
the planners differ the shape differs, and that is the truth about pgref.

What it refuses (0A000): costs (pgref has no cost model: EXPLAIN needs
COSTS OFF), ANALYZE, VERBOSE, formats other than text, and plans whose
expressions hold sub-selects (PostgreSQL prints those as SubPlan/InitPlan
sections pgref does not build).

Text layout (explain.c, ExplainNode): the root node at column 0, each child
as ``->  Name`` indented 6 columns deeper than its parent's name, and each
node's properties 2 columns right of its name.
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.catalog.querydeparse import Deparser, assign_names
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError
from pgref.planner import plan as P
from pgref.types import oids as T

_SCANS = ("SeqScan", "IndexScan", "ValuesScan", "CteScan", "FunctionScan", "WorkTableScan")

_JOIN_WORDS = {"inner": "", "left": " Left", "right": " Right", "full": " Full",
               "semi": " Semi", "anti": " Anti"}


def unsupported(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f"EXPLAIN {what} is not supported yet")


# ====================================================================== names
class _Names:
    """Reference names of every range-table entry of every query level
    (querydeparse.assign_names: a second ``t`` becomes ``t_1``), and whether
    columns need them: EXPLAIN prefixes column names once the statement has
    more than one range-table entry in all."""

    def __init__(self, top: N.Query):
        self.refname = assign_names(top)
        seen: set[int] = set()

        def count(q: N.Query) -> int:
            if id(q) in seen:
                return 0
            seen.add(id(q))
            n = len(q.rtable)
            n += sum(count(rte.subquery) for rte in q.rtable if rte.subquery is not None)
            return n + sum(count(c) for c in q.ctes.values())
        self.useprefix = count(top) > 1


# ====================================================================== expressions
class _Deparser(Deparser):
    """Plan expressions as EXPLAIN prints them: deparse_expression without
    pretty flags (every operator parenthesized, one line), columns prefixed
    when the statement has more than one range-table entry, and immutable
    calls of constants shown folded, as the executor's compiler folds them
    (eval_const_expressions)."""

    def __init__(self, session, names: _Names):
        super().__init__(session, pretty=False, names=names.refname, varprefix=names.useprefix,
                         indent_mode=False)

    def quals(self, q: N.Query, quals, scan: bool = False) -> str:
        """A qual list as one expression.  ``scan``: the quals of a scan
        node, which explain.c's show_scan_qual prints without table prefixes
        (upper quals -- joins, HAVING -- get them when the statement has
        more than one range-table entry)."""
        quals = list(quals)
        if len(quals) == 1:
            return self.at(q, quals[0], scan)
        return "(" + " AND ".join(self.at(q, e, scan) for e in quals) + ")"

    def at(self, q: N.Query, e, scan: bool = False) -> str:
        """Print ``e`` whose Vars belong to query level ``q``."""
        saved, self.stack = self.stack, [q]
        saved_prefix = self.varprefix
        if scan:
            self.varprefix = False
        try:
            return self.expr(e)
        finally:
            self.stack = saved
            self.varprefix = saved_prefix

    def expr(self, e, parent=None, top: bool = False, implicit: bool = False) -> str:
        return super().expr(self.fold(e), parent, top, implicit)

    def fold(self, e):
        if isinstance(e, (N.FuncExpr, N.OpExpr)) and not getattr(e, "retset", False) and e.args:
            args = [self.fold(a) for a in e.args]
            if all(isinstance(a, N.Const) for a in args):
                proc = self.cat.proc(e.funcid) if e.funcid else None
                if proc is not None and proc.volatile == "i" and not (
                        isinstance(e, N.FuncExpr) and e.funcformat in ("cast", "implicit")
                        and args[0].typ == e.typ):
                    from pgref.executor.expr import Layout, compile_expr
                    value = compile_expr(e, Layout(()), self.session.exec_context())(())
                    return N.Const(e.typ, value, getattr(e, "typmod", -1))
        return e

    def sort_key_at(self, q: N.Query, k: N.SortKey) -> str:
        """A Sort node's key.  A key that is not a plain column is computed
        by the node below, and ruleutils prints such a reference to a
        subplan's expression in an extra pair of parentheses."""
        saved, self.stack = self.stack, [q]
        try:
            text = self.expr(k.expr)
            if not isinstance(self.fold(k.expr), N.Var):
                text = "(" + text + ")"
            if k.descending:
                text += " DESC" + ("" if k.nulls_first else " NULLS LAST")
            elif k.nulls_first:
                text += " NULLS FIRST"
            return text
        finally:
            self.stack = saved


# ====================================================================== plan tree
class Explainer:
    def __init__(self, session, planned):
        self.session = session
        self.planned = planned
        self.cat = session.db.cat
        self.names = _Names(planned.query)
        self.dp = _Deparser(session, self.names)
        self.lines: list[str] = []

    def run(self) -> list[str]:
        q = self.planned.query
        for sub in _walk_exprs_of_query(q):
            if isinstance(sub, N.SubLink):
                raise unsupported("of a plan with sub-selects")
        self.node(self.planned.plan, q, 0, [])
        return self.lines

    # ---------------------------------------------------------------- output
    def _emit(self, depth: int, name: str, props: list[tuple[str, str]]) -> None:
        if depth == 0:
            self.lines.append(name)
            pad = 2
        else:
            arrow = 2 + 6 * (depth - 1)
            self.lines.append(" " * arrow + "->  " + name)
            pad = arrow + 6
        for k, v in props:
            self.lines.append(" " * pad + f"{k}: {v}")

    def _rte(self, q: N.Query, rtindex: int):
        return q.rtable[rtindex - 1]

    def _scan_target(self, q, rtindex: int, relid: int = 0, member: int = 0) -> str:
        rte = self._rte(q, rtindex)
        from pgref.types.registry import quote_identifier
        ref = self.names.refname.get(id(rte), rte.alias)
        relname = rte.relname or (self.cat.relation(relid).name if relid else ref)
        if relid and getattr(rte, "relid", None) and relid != rte.relid:
            # an inheritance child or partition scanned for its parent: its
            # own name, the parent's alias numbered by Append position
            relname = self.cat.relation(relid).name
        if member:
            ref = f"{ref}_{member}"
        out = quote_identifier(relname)
        if ref != relname:
            out += " " + quote_identifier(ref)
        return out

    # ---------------------------------------------------------------- nodes
    def node(self, plan: P.Plan, q: N.Query, depth: int, extra: list[tuple[str, str]]) -> None:
        q = getattr(plan, "query_level", None) or q
        dp = self.dp
        kind = type(plan).__name__
        if kind == "Project":
            return self.node(plan.child, q, depth, extra)
        if kind == "Filter":
            scan = type(plan.child).__name__ in _SCANS
            return self.node(plan.child, q, depth, extra + [("Filter", dp.quals(q, plan.quals, scan))])
        props: list[tuple[str, str]] = []
        children: list[P.Plan] = []
        if kind == "Result":
            name = "Result"
            if plan.quals:
                props.append(("One-Time Filter", dp.quals(q, plan.quals)))
        elif kind == "SeqScan":
            name = "Seq Scan on " + self._scan_target(q, plan.rtindex, plan.relid, getattr(plan, "append_member", 0))
            if plan.quals:
                props.append(("Filter", dp.quals(q, plan.quals, scan=True)))
        elif kind == "IndexScan":
            idx = self._index(plan).name
            name = f"Index Scan using {idx} on " + self._scan_target(q, plan.rtindex, plan.relid,
                                                                     getattr(plan, "append_member", 0))
            conds = self._index_conds(q, plan)
            if conds:
                props.append(("Index Cond", conds))
            used = {id(c) for c in getattr(plan, "index_quals", ())}
            rest = [c for c in plan.quals if id(c) not in used]
            if rest:
                props.append(("Filter", dp.quals(q, rest, scan=True)))
        elif kind == "Append":
            name = "Append"
            children = list(plan.subplans)
            for i, sub in enumerate(children, 1):
                if getattr(sub, "rtindex", None) == plan.rtindex:
                    sub.append_member = i       # "Seq Scan on child parent_i"
        elif kind == "ValuesScan":
            # INSERT ... VALUES (one row) computes its row in a Result
            # (transformInsertStmt never makes a VALUES entry for one row)
            one_row_insert = len(plan.rows) == 1 and q.command == "insert"
            name = "Result" if one_row_insert else 'Values Scan on "*VALUES*"'
        elif kind in ("SubqueryScan", "CteScan", "FunctionScan", "WorkTableScan"):
            rte = self._rte(q, plan.rtindex)
            ref = self.names.refname.get(id(rte), rte.alias)
            if kind == "SubqueryScan":
                name = f"Subquery Scan on {ref}"
                children = [plan.subplan]
            elif kind == "CteScan":
                name = f"CTE Scan on {plan.ctename}" + (f" {ref}" if ref != plan.ctename else "")
            elif kind == "FunctionScan":
                fname = self.cat.proc(plan.func.funcid).name if isinstance(plan.func, N.FuncExpr) else "function"
                name = f"Function Scan on {fname}" + (f" {ref}" if ref != fname else "")
            else:
                name = f"WorkTable Scan on {ref}"
            if plan.quals:
                # a SubqueryScan's quals keep their prefixes (explain.c)
                props.append(("Filter", dp.quals(q, plan.quals, scan=kind != "SubqueryScan")))
        elif kind == "NestLoop":
            name = "Nested Loop" + _JOIN_WORDS.get(plan.jointype, "") + (
                " Join" if plan.jointype != "inner" else "")
            if plan.quals:
                props.append(("Join Filter", dp.quals(q, plan.quals)))
            children = [plan.left, plan.right]
        elif kind == "HashJoin":
            name = "Hash" + _JOIN_WORDS.get(plan.jointype, "") + " Join"
            conds = [N.OpExpr(_eq_opno(self.cat, lk.typ, rk.typ), 0, T.BOOLOID, (lk, rk))
                     for lk, rk in zip(plan.left_keys, plan.right_keys)]
            props.append(("Hash Cond", dp.quals(q, conds)))
            if plan.quals:
                props.append(("Join Filter", dp.quals(q, plan.quals)))
            self._emit(depth, name, props + extra)
            self.node(plan.left, q, depth + 1, [])
            self._emit(depth + 1, "Hash", [])
            self.node(plan.right, q, depth + 2, [])
            return
        elif kind == "Agg":
            if not plan.group_exprs:
                name = "Aggregate"
            else:
                name = "HashAggregate" if plan.strategy == "hashed" else "GroupAggregate"
                props.append(("Group Key", ", ".join(dp.at(q, g) for g in plan.group_exprs)))
            for k, v in extra:
                props.append((k, v))
            extra = []
            children = [plan.child]
        elif kind == "Sort":
            name = "Sort"
            props.append(("Sort Key", ", ".join(dp.sort_key_at(q, k) for k in plan.keys)))
            children = [plan.child]
        elif kind == "Distinct":
            if getattr(plan, "first_only_sorted", False):
                name = "Unique"
            else:
                name = "HashAggregate"
                keys = self._output_exprs(q, plan.child, plan.positions)
                props.append(("Group Key", ", ".join(dp.at(q, k) for k in keys)))
            children = [plan.child]
        elif kind == "WindowAgg":
            name = "WindowAgg"
            children = [plan.child]
        elif kind == "Limit":
            name = "Limit"
            children = [plan.child]
        elif kind == "SetOp":
            if plan.op == "union":
                if plan.all:
                    name = "Append"
                else:
                    name = "HashSetOp Union"
            else:
                name = "HashSetOp " + plan.op.capitalize() + (" All" if plan.all else "")
            children = [plan.left, plan.right]
        elif kind == "RecursiveUnion":
            name = "Recursive Union"
            children = [plan.left, plan.right]
        elif kind == "ModifyTable":
            verb = {"insert": "Insert", "update": "Update", "delete": "Delete"}[plan.command]
            name = f"{verb} on " + self._scan_target(q, plan.rtindex, plan.relid)
            children = [plan.child]
            # an inherited / partitioned target: one line per result relation
            # ("Update on r1 r_1"), members numbered as the Append numbers them
            members = _result_scans(plan.child, plan.rtindex, plan.relid) if plan.command != "insert" else []
            if members:
                for i, m in enumerate(members, 1):
                    m.append_member = i
                result_lines = [f"{verb} on " + self._scan_target(q, plan.rtindex, m.relid, i)
                                for i, m in enumerate(members, 1)]
                self._emit(depth, name, [])
                pad = 2 if depth == 0 else 2 + 6 * (depth - 1) + 6
                self.lines.extend(" " * pad + line for line in result_lines)
                if props or extra:
                    n = len(self.lines)
                    self._emit(depth, "", props + extra)
                    del self.lines[n]          # the props only, under the lines above
                for c in children:
                    self.node(c, q, depth + 1, [])
                return
        else:
            raise unsupported(f"of a {kind} plan node")
        self._emit(depth, name, props + extra)
        for c in children:
            self.node(c, q, depth + 1, [])

    def _output_exprs(self, q, child: P.Plan, positions) -> list:
        while type(child).__name__ in ("Filter", "Sort", "Limit"):
            child = child.child
        if type(child).__name__ != "Project":
            raise unsupported("of DISTINCT over this plan")
        return [child.exprs[i] for i in positions]

    def _index_conds(self, q, plan: P.IndexScan) -> str:
        rel = self.cat.relation(plan.relid)
        cols = self._index(plan).columns
        conds = []
        rtindex = plan.rtindex

        def var(attno):
            c = rel.columns[attno - 1]
            return N.Var(rtindex, attno, c.typ, c.typmod)

        def cmp(attno, op, value):
            left = var(attno)
            opno = _cmp_opno(self.cat, left.typ, value.typ, op)
            return N.OpExpr(opno, 0, T.BOOLOID, (left, value))

        for i, v in enumerate(plan.eq_values):
            conds.append(cmp(cols[i], "=", v))
        n = len(plan.eq_values)
        if plan.lower is not None:
            conds.append(cmp(cols[n], ">=" if plan.lower[1] else ">", plan.lower[0]))
        if plan.upper is not None:
            conds.append(cmp(cols[n], "<=" if plan.upper[1] else "<", plan.upper[0]))
        return self.dp.quals(q, conds, scan=True) if conds else ""

    def _index(self, plan: P.IndexScan):
        for idx in self.cat.relation(plan.relid).indexes:
            if idx.oid == plan.index_oid:
                return idx
        raise unsupported("of a scan of a dropped index")


def _eq_opno(cat, left: int, right: int) -> int:
    return _cmp_opno(cat, left, right, "=")


def _cmp_opno(cat, left: int, right: int, op: str) -> int:
    for o in cat.operators_named(op):
        if o.left == left and o.right == right:
            return o.oid
    strategy = {"<": 1, "<=": 2, "=": 3, ">=": 4, ">": 5}[op]
    oid = cat.btree_operator(left, right, strategy)
    if not oid:
        raise unsupported("of a comparison between these types")
    return oid


def _walk_exprs_of_query(q: N.Query):
    from pgref.planner.planner import walk_expr
    roots = [te.expr for te in q.target_list] + [q.where, q.having] + [te.expr for te in q.returning]
    for r in roots:
        if r is not None:
            for x, _ in walk_expr(r, 0):
                yield x
    for rte in q.rtable:
        if rte.subquery is not None:
            yield from _walk_exprs_of_query(rte.subquery)
    for cte in q.ctes.values():
        yield from _walk_exprs_of_query(cte)


# ====================================================================== statement
def explain(session, s, text: str):
    from pgref.engine.session import Column, Result
    from pgref.sql import ast as A
    costs = True
    for opt in s.options:
        name = opt.defname.lower()
        if name == "format":
            fmt = _opt_text(opt)
            if fmt != "text":
                raise unsupported(f"FORMAT {fmt.upper()}")
        elif name == "costs":
            costs = _opt_bool(opt)
        elif name in ("analyze", "verbose", "buffers", "wal", "settings"):
            if _opt_bool(opt):
                raise unsupported(name.upper())
        elif name in ("timing", "summary"):
            _opt_bool(opt)
        else:
            raise PgError("42601", f'unrecognized EXPLAIN option "{opt.defname}"')
    if costs:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "EXPLAIN with costs is not supported yet: pgref has no cost model",
                      hint="Use EXPLAIN (COSTS OFF).")
    stmt = s.query
    if isinstance(stmt, A.ExecuteStmt):
        raise unsupported("EXECUTE")
    if not isinstance(stmt, (A.SelectStmt, A.InsertStmt, A.UpdateStmt, A.DeleteStmt)) or \
            (isinstance(stmt, A.SelectStmt) and stmt.into_clause is not None):
        raise unsupported(f"of {type(stmt).__name__}")
    planned = session.plan(stmt, [])
    lines = Explainer(session, planned).run()
    return Result("EXPLAIN", [Column("QUERY PLAN", T.TEXTOID)], [(ln,) for ln in lines], len(lines))


def _opt_bool(opt) -> bool:
    from pgref.sql import ast as A
    a = opt.arg
    if a is None:
        return True
    v = a.val if isinstance(a, A.A_Const) else a
    for attr in ("boolval", "ival", "sval"):
        if hasattr(v, attr):
            x = getattr(v, attr)
            if isinstance(x, str):
                lx = x.lower()
                if lx in ("true", "on", "1", "yes"):
                    return True
                if lx in ("false", "off", "0", "no"):
                    return False
                raise PgError("22023", f'{opt.defname} requires a Boolean value')
            return bool(x)
    if isinstance(v, str):
        return v.lower() in ("true", "on", "1", "yes")
    return bool(v)


def _opt_text(opt) -> str:
    from pgref.sql import ast as A
    a = opt.arg
    v = a.val if isinstance(a, A.A_Const) else a
    return str(getattr(v, "sval", v)).lower()


def _result_scans(plan, rtindex: int, relid: int) -> list:
    """The scans of an UPDATE/DELETE target's inheritance members (the
    Append's members, or the one partition left after pruning); empty for
    a plain table."""
    def find(p):
        if type(p).__name__ == "Append" and p.rtindex == rtindex:
            return list(p.subplans)
        if type(p).__name__ in ("SeqScan", "IndexScan") and p.rtindex == rtindex:
            return [p] if p.relid != relid else []
        for ch in p.children():
            if ch is not None:
                got = find(ch)
                if got is not None:
                    return got
        return None
    return find(plan) or []

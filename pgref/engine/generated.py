"""Stored generated columns (``GENERATED ALWAYS AS (expr) STORED``).

Where it sits: ``engine/`` (spec/09-engine.md, "Generated columns").  A
generated column is an ordinary catalog ``Column`` with ``generated = 's'``
whose generation expression is kept where a default is kept
(``Column.default``, shown through pg_attrdef exactly as PostgreSQL does:
psql's ``\\d`` reads ``pg_get_expr(adbin)`` and ``attgenerated`` and prints
``generated always as (expr) stored``).  Because it lives in the default
slot, persistence (engine/persist.py), pg_attrdef and CREATE TABLE LIKE
INCLUDING GENERATED need no separate storage.

What it guarantees:

* INV-GEN-1: the stored value of a generated column is always its
  expression evaluated on the row being written -- on INSERT, on UPDATE
  (after BEFORE ROW triggers, from the new row) and on COPY FROM.  The
  executor calls ``compute_generated`` at the one place rows reach the heap
  (executor/modify.py, ``TableModifier.insert`` / ``update``), so no path
  can store a stale or user-supplied value.
* INV-GEN-2: a generation expression references only the table's own
  non-generated, non-system columns (tableoid excepted), calls only
  IMMUTABLE functions and contains no subquery, aggregate, window function
  or set-returning function (``check_generation_expr``, run when the table
  is created or the column added, as PostgreSQL's cookDefault does).
* INV-GEN-3: no statement writes a generated column explicitly: INSERT
  takes only DEFAULT for it, UPDATE only ``SET col = DEFAULT`` (the
  analyzer, analyzer/modify.py, raises 428C9 otherwise).

Entry points: ``check_generation_expr(session, rel, col)``,
``analyze_generation_expr(session, rel, col)``, ``compute_generated(ectx,
rel, row)``, ``drop_expression(session, rel, col, missing_ok)``.
"""
from __future__ import annotations

from pgref.analyzer import nodes as N
from pgref.errors import FEATURE_NOT_SUPPORTED, PgError

INVALID_COLUMN_REFERENCE = "42P10"
INVALID_OBJECT_DEFINITION = "42P17"
SYNTAX_ERROR = "42601"
INVALID_COLUMN_DEFINITION = "42611"
OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"


def _pos(loc) -> int | None:
    return loc + 1 if loc is not None and loc >= 0 else None


def generated_columns(rel) -> list:
    return [c for c in rel.columns if c.generated and not c.dropped]


def analyze_generation_expr(session, rel, col) -> N.Expr:
    """The generation expression of ``col`` analyzed against ``rel``'s
    columns (range-table entry 1) and coerced to the column's type."""
    from pgref.analyzer.expr import expr_location
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.analyzer.parse_state import table_parse_state
    ea = session.expr_analyzer()
    ps = table_parse_state(rel)
    ps.agg_allowed = "column generation expressions"
    raw = col.default
    e = ea.transform(ps, raw)
    if ps.has_sublinks:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in column generation expression",
                      position=_pos(expr_location(raw)))
    return ModifyAnalyzer(ea).assign_coerce(e, col, expr_location(raw))


def check_generation_expr(session, rel, col) -> N.Expr:
    """INV-GEN-2: the checks of PostgreSQL's cookDefault and
    check_nested_generated for a generated column."""
    from pgref.analyzer.expr import expr_location
    from pgref.analyzer.funcs import _walk
    e = analyze_generation_expr(session, rel, col)
    cat = session.db.cat
    for x in _walk([e]):
        # a whole-row reference arrives expanded into a RowExpr of the table's row type
        if isinstance(x, N.RowExpr) and ((rel.rowtype and x.typ == rel.rowtype) or _is_whole_row(rel, x)):
            raise PgError(INVALID_OBJECT_DEFINITION, "cannot use whole-row variable in column generation expression",
                          detail="This would cause the generated column to depend on its own value.",
                          position=_pos(_whole_row_location(col.default, rel.name)))
    for x in _walk([e]):
        if isinstance(x, N.Var) and x.levelsup == 0:
            loc = x.location if x.location is not None and x.location >= 0 else expr_location(col.default)
            if x.varattno == 0:
                raise PgError(INVALID_OBJECT_DEFINITION, "cannot use whole-row variable in column generation expression",
                              detail="This would cause the generated column to depend on its own value.",
                              position=_pos(loc))
            if x.varattno < 0 and x.varattno != -6:
                raise PgError(INVALID_COLUMN_REFERENCE,
                              f'cannot use system column "{_sysname(x.varattno)}" in column generation expression',
                              position=_pos(loc))
            if x.varattno > 0 and rel.columns[x.varattno - 1].generated:
                raise PgError(INVALID_OBJECT_DEFINITION,
                              f'cannot use generated column "{rel.columns[x.varattno - 1].name}" in column '
                              'generation expression',
                              detail="A generated column cannot reference another generated column.",
                              position=_pos(loc))
        if isinstance(x, N.FuncExpr) and x.retset:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "set-returning functions are not allowed in column generation expressions",
                          position=_pos(expr_location(col.default)))
        if isinstance(x, (N.SessionFunc, N.SubLink)):
            raise PgError(INVALID_OBJECT_DEFINITION, "generation expression is not immutable")
        fid = getattr(x, "funcid", None)
        if isinstance(fid, int) and fid and cat.proc(fid).volatile != "i":
            raise PgError(INVALID_OBJECT_DEFINITION, "generation expression is not immutable")
    return e


def _is_whole_row(rel, x) -> bool:
    live = [c for c in rel.columns if not c.dropped]
    return bool(live) and len(x.args) == len(live) and all(
        isinstance(a, N.Var) and a.varno == 1 and a.levelsup == 0 and a.varattno == c.attnum
        for a, c in zip(x.args, live)) and tuple(x.colnames) == tuple(c.name for c in live)


def _whole_row_location(raw, relname: str) -> int:
    """Where the raw expression names the table as a whole row."""
    from dataclasses import fields, is_dataclass
    from pgref.sql import ast as A
    stack = [raw]
    while stack:
        n = stack.pop()
        if isinstance(n, A.ColumnRef):
            names = [f.sval if isinstance(f, A.String) else f for f in n.fields]
            if names and (names[-1] == relname or (len(names) > 1 and names[-2] == relname)):
                return n.location
        if isinstance(n, (list, tuple)):
            stack.extend(n)
        elif is_dataclass(n):
            stack.extend(getattr(n, f.name) for f in fields(n))
    return expr_location_raw(raw)


def expr_location_raw(raw) -> int:
    from pgref.analyzer.expr import expr_location
    return expr_location(raw)


_SYSNAMES = {-1: "ctid", -2: "xmin", -3: "cmin", -4: "xmax", -5: "cmax", -6: "tableoid"}


def _sysname(attno: int) -> str:
    return _SYSNAMES.get(attno, str(attno))


def column_constraint(builder, col, con) -> None:
    """``GENERATED ALWAYS AS (expr) STORED`` on a column being defined
    (transformColumnDefinition's checks; the expression itself is checked
    once all columns exist, ``check_table``)."""
    rel = builder.rel
    if col.generated:
        raise PgError(SYNTAX_ERROR, f'multiple generation clauses specified for column "{col.name}" of table '
                      f'"{rel.name}"', position=_pos(con.location))
    if col.identity:
        raise PgError(SYNTAX_ERROR, f'both identity and generation expression specified for column "{col.name}" '
                      f'of table "{rel.name}"', position=_pos(con.location))
    if col.default is not None and col.islocal and not col.inhcount:
        raise PgError(SYNTAX_ERROR, f'both default and generation expression specified for column "{col.name}" '
                      f'of table "{rel.name}"', position=_pos(con.location))
    col.generated = "s"
    col.default = con.raw_expr


def check_default_after_generated(builder, col, con) -> None:
    """DEFAULT or identity after GENERATED on the same column."""
    rel = builder.rel
    if col.generated and con.contype == "default":
        raise PgError(SYNTAX_ERROR, f'both default and generation expression specified for column "{col.name}" '
                      f'of table "{rel.name}"', position=_pos(con.location))
    if col.generated and con.contype == "identity":
        raise PgError(SYNTAX_ERROR, f'both identity and generation expression specified for column "{col.name}" '
                      f'of table "{rel.name}"', position=_pos(con.location))


def check_table(session, rel) -> None:
    """Every generated column's expression, once all columns are defined."""
    for col in generated_columns(rel):
        check_generation_expr(session, rel, col)


def merge_local(col, cd) -> None:
    """A CREATE TABLE column merged with an inherited generated column
    (MergeAttributes, PostgreSQL 15): it may not bring its own generation
    expression, default or identity."""
    if not col.generated:
        return          # a child may generate a column its parent stores plainly
    for c in cd.constraints:
        if c.contype == "generated":
            raise PgError(INVALID_COLUMN_DEFINITION, f'child column "{col.name}" specifies generation expression',
                          hint="Omit the generation expression in the definition of the child table column to "
                               "inherit the generation expression from the parent table.")
        if c.contype == "default":
            raise PgError(INVALID_COLUMN_DEFINITION,
                          f'column "{col.name}" inherits from generated column but specifies default')
        if c.contype == "identity":
            raise PgError(INVALID_COLUMN_DEFINITION,
                          f'column "{col.name}" inherits from generated column but specifies identity')


# ------------------------------------------------------------------ executor
def _compiled(ectx, rel):
    """[(index, fn(row))] for rel's generated columns, cached per executor
    context and table definition."""
    cache = ectx.__dict__.setdefault("_generated_fns", {})
    key = (rel.oid, id(rel), tuple((c.attnum, id(c.default)) for c in generated_columns(rel)))
    got = cache.get(rel.oid)
    if got is not None and got[0] == key:
        return got[1]
    from pgref.executor.expr import Layout, compile_expr
    layout = Layout(tuple(("v", 1, i + 1) for i in range(len(rel.columns))) + (("v", 1, -6),))
    fns = [(c.attnum - 1, compile_expr(analyze_generation_expr(ectx.session, rel, c), layout, ectx))
           for c in generated_columns(rel)]
    cache[rel.oid] = (key, fns)
    return fns


def compute_generated(ectx, rel, row: tuple) -> tuple:
    """INV-GEN-1: ``row`` with every generated column recomputed from the
    other columns (ExecComputeStoredGenerated)."""
    if not any(c.generated for c in rel.columns):
        return row
    fns = _compiled(ectx, rel)
    src = tuple(row) + (rel.oid,)
    out = list(row)
    for i, fn in fns:
        out[i] = fn(src)
    return tuple(out)


# ------------------------------------------------------------------ ALTER TABLE
def drop_expression(session, rel, colname: str, missing_ok: bool, recurse: bool = True) -> None:
    """ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION [IF EXISTS]: the
    column keeps its stored values and becomes an ordinary column."""
    from pgref.catalog.inheritance import inheritance_children
    from pgref.errors import UNDEFINED_COLUMN
    col = rel.column(colname)
    if col is None:
        raise PgError(UNDEFINED_COLUMN, f'column "{colname}" of relation "{rel.name}" does not exist')
    if col.attnum <= 0:
        raise PgError(FEATURE_NOT_SUPPORTED, f'cannot alter system column "{colname}"')
    if not col.generated:
        if missing_ok:
            from pgref.engine.ddl import notice
            notice(session, f'column "{colname}" of relation "{rel.name}" is not a stored generated column, '
                   'skipping')
            return
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'column "{colname}" of relation "{rel.name}" is not a stored generated column')
    if col.inhcount:
        raise PgError("42P16", "cannot drop generation expression from inherited column")
    children = inheritance_children(session.db.cat, rel.oid)
    if children and not recurse:
        raise PgError("42P16", "ALTER TABLE / DROP EXPRESSION must be applied to child tables too")
    col.generated = ""
    col.default = None
    col.default_text = None
    for child in children:
        ccol = session.db.cat.relations[child].column(colname)
        if ccol is not None and ccol.generated:
            ccol.generated = ""
            ccol.default = None
            ccol.default_text = None
    session.db.cat.changed()




def check_alter_type(session, rel, col, has_using: bool) -> None:
    """ALTER COLUMN ... TYPE on or under a generated column
    (ATPrepAlterColumnType / ATExecAlterColumnType)."""
    if col.generated and has_using:
        raise PgError(INVALID_COLUMN_DEFINITION, "cannot specify USING when altering type of generated column",
                      detail=f'Column "{col.name}" is a generated column.')
    for g in dependent_generated(session, rel, col):
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot alter type of a column used by a generated column",
                      detail=f'Column "{col.name}" is used by generated column "{g.name}".')


def dependent_generated(session, rel, col) -> list:
    """The generated columns of ``rel`` whose expression reads ``col``
    (their pg_depend entries on it, DEPENDENCY_AUTO)."""
    from pgref.analyzer.funcs import _walk
    out = []
    for g in generated_columns(rel):
        if g is col:
            continue
        e = analyze_generation_expr(session, rel, g)
        if any(isinstance(x, N.Var) and x.levelsup == 0 and x.varattno in (col.attnum, 0) for x in _walk([e])):
            out.append(g)
    return out



def check_partition_key(rel, spec) -> None:
    """ComputePartitionAttrs: no generated column in PARTITION BY, named
    directly, inside an expression, or through a whole-row reference."""
    from dataclasses import fields, is_dataclass
    from pgref.sql import ast as A
    gen = generated_columns(rel)
    if not gen:
        return
    for elem in spec.part_params:
        hit = None
        if elem.name is not None:
            c = rel.column(elem.name)
            hit = c if c is not None and c.generated else None
        else:
            stack = [elem.expr]
            while stack and hit is None:
                n = stack.pop()
                if isinstance(n, A.ColumnRef):
                    names = [f for f in n.fields if isinstance(f, str)]
                    if len(names) == 1 and names[0] == rel.name:
                        hit = gen[0]
                    elif names:
                        c = rel.column(names[-1])
                        hit = c if c is not None and c.generated else None
                elif isinstance(n, (list, tuple)):
                    stack.extend(n)
                elif is_dataclass(n):
                    stack.extend(getattr(n, f.name) for f in fields(n))
        if hit is not None:
            raise PgError(INVALID_OBJECT_DEFINITION, "cannot use generated column in partition key",
                          detail=f'Column "{hit.name}" is a generated column.', position=_pos(elem.location))



# ------------------------------------------------------------------ the DEFAULT marker
_DEFAULTS: dict = {}


def generated_default(col) -> N.Const:
    """The placeholder an INSERT or UPDATE target list carries for a
    generated column (the executor computes the value, INV-GEN-1).  One
    shared object per type, so a rewritten statement can tell a DEFAULT
    from a user-supplied NULL (``is_generated_default``)."""
    key = (col.typ, col.typmod)
    got = _DEFAULTS.get(key)
    if got is None:
        got = _DEFAULTS[key] = N.Const(col.typ, None, col.typmod)
    return got


def is_generated_default(e) -> bool:
    return any(e is v for v in _DEFAULTS.values())


def check_view_insert(q, inner, given: dict) -> None:
    """INSERT through an updatable view (analyzer/viewupdate.py): a view
    column over a generated base column takes only DEFAULT (INV-GEN-3).
    ``given`` maps base attnums to the values the statement supplies."""
    for attno, e in given.items():
        col = inner.columns[attno - 1]
        if not col.generated:
            continue
        exprs = [e]
        if isinstance(e, N.Var) and e.levelsup == 0 and 0 < e.varno <= len(q.rtable):
            rte = q.rtable[e.varno - 1]
            exprs = [row[e.varattno - 1] for row in rte.values_lists] if rte.kind == "values" and \
                rte.values_lists else [None]
        if not all(x is not None and is_generated_default(x) for x in exprs):
            raise PgError("428C9", f'cannot insert a non-DEFAULT value into column "{col.name}"',
                          detail=f'Column "{col.name}" is a generated column.')


__all__ = ["analyze_generation_expr", "check_generation_expr", "column_constraint", "check_table",
           "merge_local", "compute_generated", "drop_expression", "generated_columns", "check_alter_type",
           "dependent_generated", "check_partition_key",
           "generated_default", "is_generated_default", "check_view_insert"]


def function_users(session, funcoid: int) -> list[tuple[str, str]]:
    """("gencol", "column b of table t") for each generated column whose
    expression calls ``funcoid`` (directly or through an operator): its
    pg_depend 'n' entry on the function, for DROP FUNCTION."""
    from pgref.planner.planner import walk_expr
    from pgref.sql import ast as A
    out = []
    cat = session.db.cat
    proc = cat.proc(funcoid)
    for rel in sorted(cat.relations.values(), key=lambda r: r.oid):
        for col in rel.columns:
            if getattr(col, "generated", "") != "s" or col.dropped or col.default is None:
                continue
            e = analyze_generation_expr(session, rel, col)
            used = any(getattr(x, "funcid", None) == funcoid for x, _ in walk_expr(e, 0))
            # a SQL function is inlined into the analyzed expression, so its
            # call is looked for in the parse tree too (same name, arity)
            used = used or any(isinstance(x, A.FuncCall) and x.funcname[-1] == proc.name
                               and len(x.args) == len(proc.argtypes) for x in A.walk(col.default))
            if used:
                out.append(("gencol", f"column {col.name} of table {rel.name}"))
    return out

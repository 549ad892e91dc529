"""Expression grammar: PostgreSQL 15 precedence and the raw node shapes of
every expression form (gram.y's a_expr / b_expr / c_expr)."""
from __future__ import annotations

import pytest

from pgref.sql import ast as A
from pgref.sql.parser import parse_one


def expr(sql):
    return parse_one("select " + sql).target_list[0].val


def show(n):
    """Compact fully-parenthesized rendering for precedence checks."""
    if isinstance(n, A.A_Const):
        return "NULL" if n.isnull else str(getattr(n.val, n.val.__slots__[0]))
    if isinstance(n, A.ColumnRef):
        return ".".join(f if isinstance(f, str) else "*" for f in n.fields)
    if isinstance(n, A.A_Expr):
        op = ".".join(n.name)
        if n.kind in ("between", "not_between", "between_sym", "not_between_sym"):
            return f"({show(n.lexpr)} {op} {show(n.rexpr[0])} AND {show(n.rexpr[1])})"
        if n.kind == "in":
            return f"({show(n.lexpr)} IN{op} [{', '.join(show(x) for x in n.rexpr)}])"
        if n.kind in ("like", "ilike", "similar", "distinct", "not_distinct", "op_any",
                      "op_all"):
            op = n.kind + ":" + op
        if n.lexpr is None:
            return f"({op} {show(n.rexpr)})"
        return f"({show(n.lexpr)} {op} {show(n.rexpr)})"
    if isinstance(n, A.BoolExpr):
        if n.boolop == "not":
            return f"(NOT {show(n.args[0])})"
        return "(" + f" {n.boolop.upper()} ".join(show(a) for a in n.args) + ")"
    if isinstance(n, A.NullTest):
        return f"({show(n.arg)} {n.nulltesttype})"
    if isinstance(n, A.BooleanTest):
        return f"({show(n.arg)} {n.booltesttype})"
    if isinstance(n, A.TypeCast):
        return f"({show(n.arg)}::{'.'.join(n.type_name.names)})"
    if isinstance(n, A.CollateClause):
        return f"({show(n.arg)} COLLATE {'.'.join(n.collname)})"
    if isinstance(n, A.FuncCall):
        return f"{'.'.join(n.funcname)}({', '.join(show(a) for a in n.args)})"
    return n.tag


@pytest.mark.parametrize("sql,expected", [
    ("1 + 2 * 3", "(1 + (2 * 3))"),
    ("1 - 2 - 3", "((1 - 2) - 3)"),
    ("2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)"),                 # ^ is left-associative in PG
    ("-2 ^ 2", "(-2 ^ 2)"),                         # constant folded by doNegate
    ("- a ^ 2", "((- a) ^ 2)"),                     # UMINUS binds tighter than ^
    ("a * -b", "(a * (- b))"),
    ("a + b || c", "((a + b) || c)"),               # generic Op below + -
    ("a || b * c", "(a || (b * c))"),
    ("a < b = c", None),                            # nonassoc comparison: error
    ("a = b and c or d", "(((a = b) AND c) OR d)"),
    ("a or b and c", "(a OR (b AND c))"),
    ("a and b and c", "(a AND b AND c)"),           # makeAndExpr flattens
    ("a or b or c", "(a OR b OR c)"),
    ("not a = b", "(NOT (a = b))"),
    ("not a and b", "((NOT a) AND b)"),
    ("a is null and b", "((a is_null) AND b)"),
    ("a isnull", "(a is_null)"),
    ("a notnull", "(a is_not_null)"),
    ("a = b is true", "((a = b) is_true)"),          # IS binds looser than =
    ("a is not unknown", "(a is_not_unknown)"),
    ("a + 1 is distinct from b", "((a + 1) distinct:= b)"),
    ("a is not distinct from b", "(a not_distinct:= b)"),
    ("a between 1 and 2 + 3", "(a BETWEEN 1 AND (2 + 3))"),
    ("a not between symmetric 1 and 2", "(a NOT BETWEEN SYMMETRIC 1 AND 2)"),
    ("a between 1 and 2 and c", "((a BETWEEN 1 AND 2) AND c)"),
    ("a in (1, 2)", "(a IN= [1, 2])"),
    ("a not in (1, 2)", "(a IN<> [1, 2])"),
    ("a like 'x%' escape '!'", "(a like:~~ pg_catalog.like_escape(x%, !))"),
    ("a not ilike b", "(a ilike:!~~* b)"),
    ("a similar to 'x'", "(a similar:~ pg_catalog.similar_to_escape(x))"),
    ("a not similar to 'x' escape 'y'", "(a similar:!~ pg_catalog.similar_to_escape(x, y))"),
    ("a || b like c", "((a || b) like:~~ c)"),
    ("a = any(b)", "(a op_any:= b)"),
    ("a < all (array[1])", "(a op_all:< A_ArrayExpr)"),
    ("a like any (b)", "(a op_any:~~ b)"),
    ("a::int + 1", "((a::pg_catalog.int4) + 1)"),
    ("-a::int", "(- (a::pg_catalog.int4))"),
    ("a collate \"C\" || b", "((a COLLATE C) || b)"),
    ("a at time zone 'UTC' + b", "(pg_catalog.timezone(UTC, a) + b)"),
    ("a operator(pg_catalog.+) b * c", "(a pg_catalog.+ (b * c))"),
    ("@ a", "(@ a)"),
    ("a = b = c", None),
])
def test_precedence(sql, expected):
    from pgref.errors import PgError
    if expected is None:
        with pytest.raises(PgError):
            expr(sql)
    else:
        assert show(expr(sql)) == expected


def test_like_escape_is_not_schema_qualified():
    # gram.y: like_escape is SystemFuncName -> pg_catalog.like_escape
    e = expr("a like b escape c")
    assert e.rexpr.funcname == ("pg_catalog", "like_escape")


def test_negative_constants():
    assert expr("-1").val == A.Integer(-1)
    assert expr("-2147483648").val == A.Float("-2147483648")
    assert expr("- 1.5").val == A.Float("-1.5")
    # '(' a_expr ')' yields the constant itself, so doNegate still folds it
    assert expr("-(1)").val == A.Integer(-1)
    assert expr("-a") == A.A_Expr(kind="op", name=("-",), rexpr=expr(" a"), location=7)
    assert expr("- -1").val == A.Integer(1)
    assert expr("-1").location == 7


def test_constants():
    assert expr("'x'").val == A.String("x")
    assert expr("true").val == A.Boolean(True)
    assert expr("null").isnull
    assert expr("b'101'").val == A.BitString("b101")
    assert expr("x'1F'").val == A.BitString("x1F")
    assert expr("3000000000").val == A.Float("3000000000")
    assert expr("1e3").val == A.Float("1e3")


def test_typed_literals():
    e = expr("date '2020-01-01'")
    assert isinstance(e, A.TypeCast) and e.type_name.names == ("date",)
    assert e.arg.val == A.String("2020-01-01") and e.arg.location == 12
    e = expr("interval '1' day")
    assert e.type_name.names == ("pg_catalog", "interval")
    assert e.type_name.typmods[0].val == A.Integer(8)
    e = expr("interval '1' hour to second(3)")
    assert [m.val.ival for m in e.type_name.typmods] == [1024 | 2048 | 4096, 3]
    e = expr("interval(2) '1'")
    assert [m.val.ival for m in e.type_name.typmods] == [0x7FFF, 2]
    e = expr("timestamp with time zone '2020-01-01'")
    assert e.type_name.names == ("pg_catalog", "timestamptz")
    e = expr("time(3) '10:00'")
    assert e.type_name.names == ("pg_catalog", "time")
    e = expr("char '0'")
    assert e.type_name.names == ("pg_catalog", "bpchar") and e.type_name.typmods == ()
    e = expr("pg_catalog.varchar(5) 'x'")
    assert e.type_name.names == ("pg_catalog", "varchar") and len(e.type_name.typmods) == 1


@pytest.mark.parametrize("typ,names,mods", [
    ("int", ("pg_catalog", "int4"), ()),
    ("integer", ("pg_catalog", "int4"), ()),
    ("smallint", ("pg_catalog", "int2"), ()),
    ("bigint", ("pg_catalog", "int8"), ()),
    ("real", ("pg_catalog", "float4"), ()),
    ("float", ("pg_catalog", "float8"), ()),
    ("float(24)", ("pg_catalog", "float4"), ()),
    ("float(25)", ("pg_catalog", "float8"), ()),
    ("double precision", ("pg_catalog", "float8"), ()),
    ("numeric(10, 2)", ("pg_catalog", "numeric"), (10, 2)),
    ("decimal", ("pg_catalog", "numeric"), ()),
    ("boolean", ("pg_catalog", "bool"), ()),
    ("char", ("pg_catalog", "bpchar"), (1,)),
    ("character(5)", ("pg_catalog", "bpchar"), (5,)),
    ("character varying", ("pg_catalog", "varchar"), ()),
    ("varchar(3)", ("pg_catalog", "varchar"), (3,)),
    ("bit", ("pg_catalog", "bit"), (1,)),
    ("bit varying(4)", ("pg_catalog", "varbit"), (4,)),
    ("timestamp", ("pg_catalog", "timestamp"), ()),
    ("timestamp(3) without time zone", ("pg_catalog", "timestamp"), (3,)),
    ("timestamptz", ("timestamptz",), ()),
    ("time with time zone", ("pg_catalog", "timetz"), ()),
    ("interval", ("pg_catalog", "interval"), ()),
    ("text", ("text",), ()),
    ("public.mytype", ("public", "mytype"), ()),
])
def test_type_names(typ, names, mods):
    tc = expr(f"x::{typ}")
    assert tc.type_name.names == names
    assert tuple(m.val.ival for m in tc.type_name.typmods) == mods


def test_array_types():
    assert expr("x::int[]").type_name.array_bounds == (-1,)
    assert expr("x::int[3][]").type_name.array_bounds == (3, -1)
    assert expr("cast(x as text array[2])").type_name.array_bounds == (2,)
    assert expr("cast(x as text array)").type_name.array_bounds == (-1,)


def test_subscripts_and_fields():
    e = expr("a[1]")
    assert isinstance(e, A.A_Indirection) and e.arg.fields == ("a",)
    assert e.indirection[0] == A.A_Indices(is_slice=False, uidx=A.A_Const(A.Integer(1), location=9))
    e = expr("t.a[1:][:2].f")
    assert e.arg.fields == ("t", "a") and e.indirection[0].is_slice
    assert e.indirection[0].uidx is None and e.indirection[2] == "f"
    e = expr("(x).f")
    assert e.indirection == ("f",)
    assert expr("t.*").fields == ("t", A.A_Star())
    assert isinstance(expr("$1[2]"), A.A_Indirection)
    assert expr("$3") == A.ParamRef(3, location=7)


def test_case_coalesce_minmax_nullif_cast():
    e = expr("case a when 1 then 'x' when 2 then 'y' else 'z' end")
    assert isinstance(e, A.CaseExpr) and e.arg is not None and len(e.args) == 2
    assert e.defresult is not None
    assert expr("case when a then 1 end").defresult is None
    assert isinstance(expr("coalesce(a, b)"), A.CoalesceExpr)
    assert expr("greatest(1, 2)").op == "greatest"
    assert expr("least(1, 2)").op == "least"
    n = expr("nullif(a, b)")
    assert n.kind == "nullif" and n.name == ("=",)
    c = expr("cast(a as varchar(3))")
    assert isinstance(c, A.TypeCast) and c.location == 7


def test_arrays_rows_sublinks():
    e = expr("array[[1, 2], [3]]")
    assert isinstance(e, A.A_ArrayExpr) and isinstance(e.elements[0], A.A_ArrayExpr)
    assert e.location == 7
    assert expr("array[]").elements == ()
    s = expr("array(select 1)")
    assert isinstance(s, A.SubLink) and s.sub_link_type == "array"
    r = expr("row(1, 2)")
    assert r.row_format == "explicit_call" and len(r.args) == 2
    r = expr("(1, 2)")
    assert r.row_format == "implicit_cast"
    assert expr("row()").args == ()
    assert expr("exists (select 1)").sub_link_type == "exists"
    assert expr("(select 1)").sub_link_type == "expr"
    s = expr("a in (select b from t)")
    assert s.sub_link_type == "any" and s.oper_name == () and s.testexpr.fields == ("a",)
    n = expr("a not in (select b from t)")
    assert n.boolop == "not" and n.args[0].sub_link_type == "any"
    s = expr("a > all (select 1)")
    assert s.sub_link_type == "all" and s.oper_name == (">",)
    s = expr("(a, b) = any (select 1, 2)")
    assert isinstance(s.testexpr, A.RowExpr)


def test_function_calls():
    f = expr("count(*)")
    assert f.agg_star and f.funcname == ("count",)
    f = expr("count(distinct a order by a) filter (where a > 0) over w")
    assert f.agg_distinct and len(f.agg_order) == 1 and f.agg_filter is not None
    assert f.over.name == "w"
    f = expr("percentile_cont(0.5) within group (order by x)")
    assert f.agg_within_group and len(f.agg_order) == 1
    f = expr("concat(variadic array['a'])")
    assert f.func_variadic
    f = expr("f(1, variadic b)")
    assert f.func_variadic and len(f.args) == 2
    f = expr("s.f(a => 1, b := 2)")
    assert f.funcname == ("s", "f")
    assert [a.name for a in f.args] == ["a", "b"]
    f = expr("sum(x) over (partition by a order by b rows between 1 preceding and current row)")
    w = f.over
    assert w.frame_options == (A.FRAMEOPTION_NONDEFAULT | A.FRAMEOPTION_ROWS
                               | A.FRAMEOPTION_BETWEEN | A.FRAMEOPTION_START_OFFSET_PRECEDING
                               | A.FRAMEOPTION_END_CURRENT_ROW)
    assert w.start_offset.val == A.Integer(1)
    f = expr("sum(x) over (w range unbounded preceding exclude ties)")
    assert f.over.refname == "w"
    assert f.over.frame_options & A.FRAMEOPTION_EXCLUDE_TIES
    assert expr("sum(x) over ()").over.frame_options == A.FRAMEOPTION_DEFAULTS
    assert isinstance(expr("grouping(a, b)"), A.GroupingFunc)


def test_special_functions():
    e = expr("extract(year from d)")
    assert e.funcname == ("pg_catalog", "extract") and e.funcformat == "sql_syntax"
    assert e.args[0].val == A.String("year")
    e = expr("position('a' in 'abc')")
    assert e.funcname == ("pg_catalog", "position")
    assert [a.val.sval for a in e.args] == ["abc", "a"]
    e = expr("substring('abc' from 2 for 1)")
    assert e.funcname == ("pg_catalog", "substring") and len(e.args) == 3
    e = expr("substring('abc', 2)")
    assert e.funcname == ("substring",) and e.funcformat == "explicit_call"
    e = expr("trim(leading 'x' from 'xxa')")
    assert e.funcname == ("pg_catalog", "ltrim")
    assert [a.val.sval for a in e.args] == ["xxa", "x"]
    assert expr("trim(both from ' a ')").funcname == ("pg_catalog", "btrim")
    e = expr("overlay('abc' placing 'x' from 2 for 1)")
    assert e.funcname == ("pg_catalog", "overlay") and len(e.args) == 4
    e = expr("current_timestamp(3)")
    assert e == A.SQLValueFunction(op="current_timestamp_n", typmod=3, location=7)
    for kw in ("current_date", "current_time", "localtime", "localtimestamp",
               "current_user", "current_role", "session_user", "user",
               "current_catalog", "current_schema"):
        assert expr(kw).op == kw
    e = expr("a overlaps b") if False else expr("(a, b) overlaps (c, d)")
    assert e.funcname == ("pg_catalog", "overlaps") and len(e.args) == 4
    e = expr("collation for (a)")
    assert e.funcname == ("pg_catalog", "pg_collation_for")


def test_locations():
    s = parse_one("select a + 1, f(x) from t where b")
    a = s.target_list[0]
    assert a.location == 7 and a.val.location == 9 and a.val.lexpr.location == 7
    assert s.target_list[1].val.location == 14
    assert s.from_clause[0].location == 24

"""The SQL grammar: PostgreSQL 15's ``gram.y`` as PLY productions.

Where it sits: ``sql/`` (spec/02-sql.md, "Grammar").  ``parser.py`` builds
an LALR parser from the ``p_*`` functions of this module and feeds it the
tokens of ``lexer.Lexer``; the actions build the nodes of ``ast.py`` and do
nothing else (no catalog access, no name resolution -- INV-SQL-7).

Layout (INV-SQL-8): as gram.y.  The precedence table comes first and is
gram.y's, line for line (including the pseudo-precedences ``SET``,
``UNBOUNDED``, ``IDENT PARTITION RANGE ...`` and ``UMINUS``).  Then the
productions, in gram.y order, each nonterminal under a ``# nonterminal:``
comment and implemented by functions named ``p_<nonterminal>_<n>``; PLY reads
the production from the docstring, so this module must never be imported
under ``python -OO``.  Semantic checks are only those gram.y itself makes
(``insertSelectOptions``, ``processCASbits``, ``SplitColQualList``,
``makeRangeVarFromAnyName`` ...), with gram.y's messages and positions.

The keyword-category nonterminals (``unreserved_keyword``,
``col_name_keyword``, ``type_func_name_keyword``, ``reserved_keyword``,
``bare_label_keyword``) are generated at the bottom from ``keywords.py`` so
that every unreserved keyword is a valid identifier exactly where gram.y
allows one (``select 1 as year``, ``create table t (type int)``).

Locations: ``p.lexpos(n)`` is the 0-based character offset of the n-th
symbol's first token (the parser runs PLY with ``tracking=True``); gram.y's
``@n`` becomes ``p.lexpos(n)``.

Entry points: none directly -- use ``parser.parse()``.  ``tokens``,
``precedence`` and ``start`` are what PLY needs.
"""
from __future__ import annotations

import dataclasses

from pgref.errors import (PgError, SYNTAX_ERROR, FEATURE_NOT_SUPPORTED, WINDOWING_ERROR,
                          INVALID_PARAMETER_VALUE)
from pgref.sql import ast as A
from pgref.sql.keywords import KEYWORDS, TOKEN_OF, UNRESERVED, COL_NAME, TYPE_FUNC_NAME, RESERVED
from pgref.sql.lexer import tokens  # noqa: F401  (PLY reads it from this module)

start = "parse_toplevel"

# Precedence: lowest to highest (gram.y, PostgreSQL 15, verbatim).
precedence = (
    ("nonassoc", "SET"),                     # see relation_expr_opt_alias
    ("left", "UNION", "EXCEPT"),
    ("left", "INTERSECT"),
    ("left", "OR"),
    ("left", "AND"),
    ("right", "NOT"),
    ("nonassoc", "IS", "ISNULL", "NOTNULL"),  # IS sets precedence for IS NULL, etc
    ("nonassoc", "<", ">", "=", "LESS_EQUALS", "GREATER_EQUALS", "NOT_EQUALS"),
    ("nonassoc", "BETWEEN", "IN_P", "LIKE", "ILIKE", "SIMILAR", "NOT_LA"),
    ("nonassoc", "ESCAPE"),                  # ESCAPE must be just above LIKE/ILIKE/SIMILAR
    ("nonassoc", "UNBOUNDED"),               # ideally would have same precedence as IDENT
    ("nonassoc", "IDENT", "PARTITION", "RANGE", "ROWS", "GROUPS", "PRECEDING", "FOLLOWING",
     "CUBE", "ROLLUP"),
    ("left", "Op", "OPERATOR"),              # multi-character ops and user-defined operators
    ("left", "+", "-"),
    ("left", "*", "/", "%"),
    ("left", "^"),
    ("left", "AT"),                          # sets precedence for AT TIME ZONE
    ("left", "COLLATE"),
    ("right", "UMINUS"),
    ("left", "[", "]"),
    ("left", "(", ")"),
    ("left", "TYPECAST"),
    ("left", "."),
    ("left", "JOIN", "CROSS", "LEFT", "FULL", "RIGHT", "INNER_P", "NATURAL"),
)


# ---------------------------------------------------------------------------
# Helpers (gram.y's static functions and makefuncs.c)
# ---------------------------------------------------------------------------

replace = dataclasses.replace


def _syntax(msg, loc, hint=None, detail=None):
    return PgError(SYNTAX_ERROR, msg, hint=hint, detail=detail,
                   position=loc + 1 if loc is not None and loc >= 0 else None)


def _unsupported(msg, loc, hint=None):
    return PgError(FEATURE_NOT_SUPPORTED, msg, hint=hint,
                   position=loc + 1 if loc is not None and loc >= 0 else None)


def int_const(v, loc=-1):
    return A.A_Const(val=A.Integer(v), location=loc)


def str_const(s, loc=-1):
    return A.A_Const(val=A.String(s), location=loc)


def float_const(s, loc=-1):
    return A.A_Const(val=A.Float(s), location=loc)


def bool_const(b, loc=-1):
    return A.A_Const(val=A.Boolean(b), location=loc)


def null_const(loc=-1):
    return A.A_Const(isnull=True, location=loc)


def system_func_name(name):
    return ("pg_catalog", name)


def system_type_name(name, loc=-1):
    return A.TypeName(names=("pg_catalog", name), location=loc)


def make_a_expr(kind, name, l, r, loc):
    return A.A_Expr(kind=kind, name=(name,) if isinstance(name, str) else name,
                    lexpr=l, rexpr=r, location=loc)


def make_and(l, r, loc):
    # makeAndExpr: flatten a left-deep AND chain into one BoolExpr
    if isinstance(l, A.BoolExpr) and l.boolop == "and":
        return replace(l, args=l.args + (r,))
    return A.BoolExpr(boolop="and", args=(l, r), location=loc)


def make_or(l, r, loc):
    if isinstance(l, A.BoolExpr) and l.boolop == "or":
        return replace(l, args=l.args + (r,))
    return A.BoolExpr(boolop="or", args=(l, r), location=loc)


def make_not(e, loc):
    return A.BoolExpr(boolop="not", args=(e,), location=loc)


def do_negate(n, loc):
    """gram.y's doNegate: fold a minus sign into a numeric constant."""
    if isinstance(n, A.A_Const) and n.val is not None:
        v = n.val
        if isinstance(v, A.Integer):
            return A.A_Const(val=A.Integer(-v.ival), location=loc)
        if isinstance(v, A.Float):
            s = v.fval[1:] if v.fval.startswith("-") else "-" + v.fval
            return A.A_Const(val=A.Float(s), location=loc)
    return make_a_expr("op", "-", None, n, loc)


def make_func(name, args, loc, fmt="explicit_call"):
    return A.FuncCall(funcname=tuple(name), args=tuple(args), funcformat=fmt, location=loc)


def make_type_cast(arg, typ, loc):
    return A.TypeCast(arg=arg, type_name=typ, location=loc)


def string_const_cast(s, sloc, typ):
    return A.TypeCast(arg=str_const(s, sloc), type_name=typ, location=-1)


def check_qualified(names, loc):
    """makeRangeVarFromQualifiedName / check for too many dotted names."""
    if len(names) > 3:
        raise _syntax("improper qualified name (too many dotted names): %s"
                      % ".".join(names), loc)


def range_var(names, loc, inh=True, persistence="p"):
    check_qualified(names, loc)
    if len(names) == 1:
        return A.RangeVar(relname=names[0], inh=inh, relpersistence=persistence, location=loc)
    if len(names) == 2:
        return A.RangeVar(schemaname=names[0], relname=names[1], inh=inh,
                          relpersistence=persistence, location=loc)
    return A.RangeVar(catalogname=names[0], schemaname=names[1], relname=names[2], inh=inh,
                      relpersistence=persistence, location=loc)


def make_column_ref(colname, indirection, loc):
    """makeColumnRef: leading field names go to ColumnRef.fields; from the
    first subscript on, the rest becomes an A_Indirection."""
    fields = [colname]
    for i, el in enumerate(indirection):
        if isinstance(el, A.A_Indices):
            ref = A.ColumnRef(fields=tuple(fields), location=loc)
            return A.A_Indirection(arg=ref, indirection=tuple(check_indirection(indirection[i:])))
        if isinstance(el, A.A_Star):
            if i != len(indirection) - 1:
                raise YYError('improper use of "*"')
        fields.append(el)
    return A.ColumnRef(fields=tuple(fields), location=loc)


def check_indirection(ind):
    for i, el in enumerate(ind):
        if isinstance(el, A.A_Star) and i != len(ind) - 1:
            raise YYError('improper use of "*"')
    return tuple(ind)


def insert_select_options(stmt, sort_clause, locking, limit, with_clause):
    """gram.y's insertSelectOptions."""
    changes = {}
    if sort_clause:
        if stmt.sort_clause:
            raise _syntax("multiple ORDER BY clauses not allowed", expr_location(sort_clause[0]))
        changes["sort_clause"] = tuple(sort_clause)
    if locking:
        changes["locking_clause"] = stmt.locking_clause + tuple(locking)
    if limit is not None:
        offset, count, option, offloc, countloc, optloc = limit
        if offset is not None:
            if stmt.limit_offset is not None:
                raise _syntax("multiple OFFSET clauses not allowed", offloc)
            changes["limit_offset"] = offset
        if count is not None:
            if stmt.limit_count is not None:
                raise _syntax("multiple LIMIT clauses not allowed", countloc)
            changes["limit_count"] = count
        if option is not None:
            changes["limit_option"] = option
            if option == "with_ties":
                if not (sort_clause or stmt.sort_clause):
                    # gram.y reports this one without a position
                    raise _syntax("WITH TIES cannot be specified without ORDER BY clause", None)
                for lc in changes.get("locking_clause", stmt.locking_clause):
                    if lc.wait_policy == "skip":
                        raise _syntax("SKIP LOCKED and WITH TIES options cannot be used "
                                      "together", None)
    if with_clause is not None:
        if stmt.with_clause is not None:
            raise _syntax("multiple WITH clauses not allowed", with_clause.location)
        changes["with_clause"] = with_clause
    return replace(stmt, **changes) if changes else stmt


def expr_location(n):
    """A simplified nodeFuncs.c exprLocation: the leftmost known location."""
    if isinstance(n, A.SortBy):
        locs = [l for l in (n.location, expr_location(n.node)) if l >= 0]
        return min(locs) if locs else -1
    if isinstance(n, (A.A_Expr,)) and n.lexpr is not None:
        locs = [l for l in (n.location, expr_location(n.lexpr)) if l >= 0]
        return min(locs) if locs else -1
    if isinstance(n, A.TypeCast) or isinstance(n, A.CollateClause):
        locs = [l for l in (n.location, expr_location(n.arg)) if l >= 0]
        return min(locs) if locs else -1
    if isinstance(n, A.A_Indirection):
        return expr_location(n.arg)
    return getattr(n, "location", -1)


def make_set_op(op, all_, larg, rarg):
    return A.SelectStmt(op=op, all=all_, larg=larg, rarg=rarg)


# ConstraintAttributeSpec bits (gram.y CAS_*)
CAS_NOT_DEFERRABLE = 0x01
CAS_DEFERRABLE = 0x02
CAS_INITIALLY_IMMEDIATE = 0x04
CAS_INITIALLY_DEFERRED = 0x08
CAS_NOT_VALID = 0x10
CAS_NO_INHERIT = 0x20


def process_cas_bits(bits, loc, contype, con, deferrable_ok=True, not_valid_ok=False,
                     no_inherit_ok=False):
    """gram.y's processCASbits: fold the attribute bits into a Constraint."""
    changes = {}
    if bits & (CAS_DEFERRABLE | CAS_INITIALLY_DEFERRED):
        if not deferrable_ok:
            raise _unsupported("%s constraints cannot be marked DEFERRABLE" % contype, loc)
        changes["deferrable"] = True
    if bits & CAS_INITIALLY_DEFERRED:
        changes["initdeferred"] = True
    if bits & CAS_NOT_VALID:
        if not not_valid_ok:
            raise _unsupported("%s constraints cannot be marked NOT VALID" % contype, loc)
        changes["skip_validation"] = True
        changes["initially_valid"] = False
    if bits & CAS_NO_INHERIT:
        if not no_inherit_ok:
            raise _unsupported("%s constraints cannot be marked NO INHERIT" % contype, loc)
        changes["is_no_inherit"] = True
    return replace(con, **changes) if changes else con


def split_col_qual_list(quals):
    """SplitColQualList: separate the COLLATE clause from the constraints."""
    cons, coll = [], None
    for q in quals:
        if isinstance(q, A.CollateClause):
            if coll is not None:
                raise _syntax("multiple COLLATE clauses not allowed", q.location)
            coll = q
        else:
            cons.append(q)
    return tuple(cons), coll


def _window_frame_error(msg, loc):
    return PgError(WINDOWING_ERROR, msg, position=loc + 1 if loc >= 0 else None)


# INTERVAL_MASK bits (datetime.h)
_MONTH, _YEAR, _DAY, _HOUR, _MINUTE, _SECOND = 1 << 1, 1 << 2, 1 << 3, 1 << 10, 1 << 11, 1 << 12
INTERVAL_FULL_RANGE = 0x7FFF


# ===========================================================================
# The grammar
# ===========================================================================

# nonterminal: parse_toplevel
def p_parse_toplevel_1(p):
    """parse_toplevel : stmtmulti"""
    p[0] = p[1]


# nonterminal: stmtmulti
# A list of [stmt, stmt_location, stmt_len]; the lengths are fixed exactly as
# gram.y's updateRawStmtEnd does (INV-SQL-4).
def p_stmtmulti_1(p):
    """stmtmulti : stmtmulti ';' toplevel_stmt"""
    lst = p[1]
    semi = p.lexpos(2)
    if lst:
        last = lst[-1]
        last[2] = semi - last[1]
    if p[3] is not None:
        lst.append([p[3], semi + 1, 0])
    p[0] = lst


def p_stmtmulti_2(p):
    """stmtmulti : toplevel_stmt"""
    p[0] = [[p[1], 0, 0]] if p[1] is not None else []


# nonterminal: toplevel_stmt
def p_toplevel_stmt_1(p):
    """toplevel_stmt : stmt
                     | TransactionStmtLegacy"""
    p[0] = p[1]


# nonterminal: stmt
def p_stmt_1(p):
    """stmt : AlterEnumStmt
            | AlterDatabaseStmt
            | AlterDatabaseSetStmt
            | AlterDomainStmt
            | AlterTypeStmt
            | AlterOperatorStmt
            | CreateCastStmt
            | CreateOpClassStmt
            | DropCastStmt
            | AlterCompositeTypeStmt
            | AlterFunctionStmt
            | AlterOwnerStmt
            | CallStmt
            | CreateFunctionStmt
            | CreateTrigStmt
            | DoStmt
            | LoadStmt
            | RemoveFuncStmt
            | AlterObjectSchemaStmt
            | AlterSeqStmt
            | AlterTableStmt
            | AnalyzeStmt
            | CheckPointStmt
            | ClosePortalStmt
            | CommentStmt
            | CopyStmt
            | CreateAsStmt
            | CreateDomainStmt
            | CreateSchemaStmt
            | CreateSeqStmt
            | CreateStmt
            | CreatedbStmt
            | DeallocateStmt
            | DeclareCursorStmt
            | DefineStmt
            | DeleteStmt
            | MergeStmt
            | DiscardStmt
            | DropStmt
            | DropdbStmt
            | ExecuteStmt
            | ExplainStmt
            | FetchStmt
            | GrantStmt
            | IndexStmt
            | InsertStmt
            | ListenStmt
            | LockStmt
            | ReindexStmt
            | NotifyStmt
            | PrepareStmt
            | RenameStmt
            | RuleStmt
            | RevokeStmt
            | SelectStmt
            | TransactionStmt
            | TruncateStmt
            | UnlistenStmt
            | UpdateStmt
            | VacuumStmt
            | VariableResetStmt
            | VariableSetStmt
            | VariableShowStmt
            | ViewStmt"""
    p[0] = p[1]


def p_stmt_2(p):
    """stmt : """
    p[0] = None


# nonterminal: CreateSchemaStmt
def p_CreateSchemaStmt_1(p):
    """CreateSchemaStmt : CREATE SCHEMA OptSchemaName AUTHORIZATION RoleSpec OptSchemaEltList"""
    p[0] = A.CreateSchemaStmt(schemaname=p[3], authrole=p[5], schema_elts=tuple(p[6]))


def p_CreateSchemaStmt_2(p):
    """CreateSchemaStmt : CREATE SCHEMA ColId OptSchemaEltList"""
    p[0] = A.CreateSchemaStmt(schemaname=p[3], schema_elts=tuple(p[4]))


def p_CreateSchemaStmt_3(p):
    """CreateSchemaStmt : CREATE SCHEMA IF_P NOT EXISTS OptSchemaName AUTHORIZATION RoleSpec OptSchemaEltList"""
    if p[9]:
        raise _unsupported("CREATE SCHEMA IF NOT EXISTS cannot include schema elements",
                           p.lexpos(9))
    p[0] = A.CreateSchemaStmt(schemaname=p[6], authrole=p[8], if_not_exists=True)


def p_CreateSchemaStmt_4(p):
    """CreateSchemaStmt : CREATE SCHEMA IF_P NOT EXISTS ColId OptSchemaEltList"""
    if p[7]:
        raise _unsupported("CREATE SCHEMA IF NOT EXISTS cannot include schema elements",
                           p.lexpos(7))
    p[0] = A.CreateSchemaStmt(schemaname=p[6], if_not_exists=True)


# nonterminal: OptSchemaName
def p_OptSchemaName_1(p):
    """OptSchemaName : ColId"""
    p[0] = p[1]


def p_OptSchemaName_2(p):
    """OptSchemaName : """
    p[0] = None


# nonterminal: OptSchemaEltList
def p_OptSchemaEltList_1(p):
    """OptSchemaEltList : OptSchemaEltList schema_stmt"""
    p[0] = p[1] + [p[2]]


def p_OptSchemaEltList_2(p):
    """OptSchemaEltList : """
    p[0] = []


# nonterminal: schema_stmt
def p_schema_stmt_1(p):
    """schema_stmt : CreateStmt
                   | IndexStmt
                   | CreateSeqStmt
                   | ViewStmt"""
    p[0] = p[1]


# nonterminal: VariableSetStmt
def p_VariableSetStmt_1(p):
    """VariableSetStmt : SET set_rest"""
    p[0] = p[2]


def p_VariableSetStmt_2(p):
    """VariableSetStmt : SET LOCAL set_rest"""
    p[0] = replace(p[3], is_local=True)


def p_VariableSetStmt_3(p):
    """VariableSetStmt : SET SESSION set_rest"""
    p[0] = p[3]


# nonterminal: set_rest
def p_set_rest_1(p):
    """set_rest : TRANSACTION transaction_mode_list"""
    p[0] = A.VariableSetStmt(kind="multi", name="TRANSACTION", args=tuple(p[2]))


def p_set_rest_2(p):
    """set_rest : SESSION CHARACTERISTICS AS TRANSACTION transaction_mode_list"""
    p[0] = A.VariableSetStmt(kind="multi", name="SESSION CHARACTERISTICS", args=tuple(p[5]))


def p_set_rest_3(p):
    """set_rest : set_rest_more"""
    p[0] = p[1]


# nonterminal: generic_set
def p_generic_set_1(p):
    """generic_set : var_name TO var_list
                   | var_name '=' var_list"""
    p[0] = A.VariableSetStmt(kind="value", name=p[1], args=tuple(p[3]))


def p_generic_set_2(p):
    """generic_set : var_name TO DEFAULT
                   | var_name '=' DEFAULT"""
    p[0] = A.VariableSetStmt(kind="default", name=p[1])


# nonterminal: set_rest_more
def p_set_rest_more_1(p):
    """set_rest_more : generic_set"""
    p[0] = p[1]


def p_set_rest_more_2(p):
    """set_rest_more : var_name FROM CURRENT_P"""
    p[0] = A.VariableSetStmt(kind="current", name=p[1])


def p_set_rest_more_3(p):
    """set_rest_more : TIME ZONE zone_value"""
    if p[3] is None:
        p[0] = A.VariableSetStmt(kind="default", name="timezone")
    else:
        p[0] = A.VariableSetStmt(kind="value", name="timezone", args=(p[3],))


def p_set_rest_more_4(p):
    """set_rest_more : CATALOG_P Sconst"""
    raise _unsupported("current database cannot be changed", p.lexpos(2))


def p_set_rest_more_5(p):
    """set_rest_more : SCHEMA Sconst"""
    p[0] = A.VariableSetStmt(kind="value", name="search_path",
                             args=(str_const(p[2], p.lexpos(2)),))


def p_set_rest_more_6(p):
    """set_rest_more : NAMES opt_encoding"""
    if p[2] is not None:
        p[0] = A.VariableSetStmt(kind="value", name="client_encoding",
                                 args=(str_const(p[2], p.lexpos(2)),))
    else:
        p[0] = A.VariableSetStmt(kind="default", name="client_encoding")


def p_set_rest_more_7(p):
    """set_rest_more : ROLE NonReservedWord_or_Sconst"""
    p[0] = A.VariableSetStmt(kind="value", name="role", args=(str_const(p[2], p.lexpos(2)),))


def p_set_rest_more_8(p):
    """set_rest_more : SESSION AUTHORIZATION NonReservedWord_or_Sconst"""
    p[0] = A.VariableSetStmt(kind="value", name="session_authorization",
                             args=(str_const(p[3], p.lexpos(3)),))


def p_set_rest_more_9(p):
    """set_rest_more : SESSION AUTHORIZATION DEFAULT"""
    p[0] = A.VariableSetStmt(kind="default", name="session_authorization")


def p_set_rest_more_10(p):
    """set_rest_more : TRANSACTION SNAPSHOT Sconst"""
    p[0] = A.VariableSetStmt(kind="multi", name="TRANSACTION SNAPSHOT",
                             args=(str_const(p[3], p.lexpos(3)),))


# nonterminal: var_name
def p_var_name_1(p):
    """var_name : ColId"""
    p[0] = p[1]


def p_var_name_2(p):
    """var_name : var_name '.' ColId"""
    p[0] = p[1] + "." + p[3]


# nonterminal: var_list
def p_var_list_1(p):
    """var_list : var_value"""
    p[0] = [p[1]]


def p_var_list_2(p):
    """var_list : var_list ',' var_value"""
    p[0] = p[1] + [p[3]]


# nonterminal: var_value
def p_var_value_1(p):
    """var_value : opt_boolean_or_string"""
    p[0] = str_const(p[1], p.lexpos(1))


def p_var_value_2(p):
    """var_value : NumericOnly"""
    p[0] = A.A_Const(val=p[1], location=p.lexpos(1))


# nonterminal: iso_level
def p_iso_level_1(p):
    """iso_level : READ UNCOMMITTED
                 | READ COMMITTED
                 | REPEATABLE READ"""
    p[0] = p[1] + " " + p[2]


def p_iso_level_2(p):
    """iso_level : SERIALIZABLE"""
    p[0] = "serializable"


# nonterminal: opt_boolean_or_string
def p_opt_boolean_or_string_1(p):
    """opt_boolean_or_string : TRUE_P
                             | FALSE_P
                             | ON
                             | NonReservedWord_or_Sconst"""
    p[0] = p[1]


# nonterminal: zone_value
def p_zone_value_1(p):
    """zone_value : Sconst
                  | IDENT"""
    p[0] = str_const(p[1], p.lexpos(1))


def p_zone_value_2(p):
    """zone_value : ConstInterval Sconst opt_interval"""
    t = p[1]
    if p[3]:
        mask = p[3][0].val.ival
        if mask & ~(_HOUR | _MINUTE):
            raise _syntax("time zone interval must be HOUR or HOUR TO MINUTE", p.lexpos(3))
        t = replace(t, typmods=tuple(p[3]))
    p[0] = string_const_cast(p[2], p.lexpos(2), t)


def p_zone_value_3(p):
    """zone_value : ConstInterval '(' Iconst ')' Sconst"""
    t = replace(p[1], typmods=(int_const(INTERVAL_FULL_RANGE), int_const(p[3])))
    p[0] = string_const_cast(p[5], p.lexpos(5), t)


def p_zone_value_4(p):
    """zone_value : NumericOnly"""
    p[0] = A.A_Const(val=p[1], location=p.lexpos(1))


def p_zone_value_5(p):
    """zone_value : DEFAULT
                  | LOCAL"""
    p[0] = None


# nonterminal: opt_encoding
def p_opt_encoding_1(p):
    """opt_encoding : Sconst"""
    p[0] = p[1]


def p_opt_encoding_2(p):
    """opt_encoding : DEFAULT
                    | """
    p[0] = None


# nonterminal: NonReservedWord_or_Sconst
def p_NonReservedWord_or_Sconst_1(p):
    """NonReservedWord_or_Sconst : NonReservedWord
                                 | Sconst"""
    p[0] = p[1]


# nonterminal: VariableResetStmt
def p_VariableResetStmt_1(p):
    """VariableResetStmt : RESET reset_rest"""
    p[0] = p[2]


# nonterminal: reset_rest
def p_reset_rest_1(p):
    """reset_rest : generic_reset"""
    p[0] = p[1]


def p_reset_rest_2(p):
    """reset_rest : TIME ZONE"""
    p[0] = A.VariableSetStmt(kind="reset", name="timezone")


def p_reset_rest_3(p):
    """reset_rest : TRANSACTION ISOLATION LEVEL"""
    p[0] = A.VariableSetStmt(kind="reset", name="transaction_isolation")


def p_reset_rest_4(p):
    """reset_rest : SESSION AUTHORIZATION"""
    p[0] = A.VariableSetStmt(kind="reset", name="session_authorization")


# nonterminal: generic_reset
def p_generic_reset_1(p):
    """generic_reset : var_name"""
    p[0] = A.VariableSetStmt(kind="reset", name=p[1])


def p_generic_reset_2(p):
    """generic_reset : ALL"""
    p[0] = A.VariableSetStmt(kind="reset_all")


# nonterminal: VariableShowStmt
def p_VariableShowStmt_1(p):
    """VariableShowStmt : SHOW var_name"""
    p[0] = A.VariableShowStmt(name=p[2])


def p_VariableShowStmt_2(p):
    """VariableShowStmt : SHOW TIME ZONE"""
    p[0] = A.VariableShowStmt(name="timezone")


def p_VariableShowStmt_3(p):
    """VariableShowStmt : SHOW TRANSACTION ISOLATION LEVEL"""
    p[0] = A.VariableShowStmt(name="transaction_isolation")


def p_VariableShowStmt_4(p):
    """VariableShowStmt : SHOW SESSION AUTHORIZATION"""
    p[0] = A.VariableShowStmt(name="session_authorization")


def p_VariableShowStmt_5(p):
    """VariableShowStmt : SHOW ALL"""
    p[0] = A.VariableShowStmt(name="all")


# nonterminal: CheckPointStmt
def p_CheckPointStmt_1(p):
    """CheckPointStmt : CHECKPOINT"""
    p[0] = A.CheckPointStmt()


# nonterminal: DiscardStmt
def p_DiscardStmt_1(p):
    """DiscardStmt : DISCARD ALL
                   | DISCARD TEMP
                   | DISCARD TEMPORARY
                   | DISCARD PLANS
                   | DISCARD SEQUENCES"""
    p[0] = A.DiscardStmt(target="temp" if p[2] == "temporary" else p[2])


# nonterminal: AlterTableStmt
def p_AlterTableStmt_1(p):
    """AlterTableStmt : ALTER TABLE relation_expr alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[3], cmds=tuple(p[4]), objtype="table")


def p_AlterTableStmt_2(p):
    """AlterTableStmt : ALTER TABLE IF_P EXISTS relation_expr alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[5], cmds=tuple(p[6]), objtype="table", missing_ok=True)


def p_AlterTableStmt_9(p):
    """AlterTableStmt : ALTER TABLE relation_expr partition_cmd"""
    p[0] = A.AlterTableStmt(relation=p[3], cmds=(p[4],), objtype="table")


def p_AlterTableStmt_10(p):
    """AlterTableStmt : ALTER TABLE IF_P EXISTS relation_expr partition_cmd"""
    p[0] = A.AlterTableStmt(relation=p[5], cmds=(p[6],), objtype="table", missing_ok=True)


def p_AlterTableStmt_11(p):
    """AlterTableStmt : ALTER INDEX qualified_name index_partition_cmd"""
    p[0] = A.AlterTableStmt(relation=p[3], cmds=(p[4],), objtype="index")


# nonterminal: partition_cmd (def_ is (RangeVar, PartitionBoundSpec | 'concurrently' | 'finalize' | None))
def p_partition_cmd_1(p):
    """partition_cmd : ATTACH PARTITION qualified_name PartitionBoundSpec"""
    p[0] = A.AlterTableCmd(subtype="attach_partition", def_=(p[3], p[4]))


def p_partition_cmd_2(p):
    """partition_cmd : DETACH PARTITION qualified_name opt_concurrently"""
    p[0] = A.AlterTableCmd(subtype="detach_partition", def_=(p[3], "concurrently" if p[4] else None))


def p_partition_cmd_3(p):
    """partition_cmd : DETACH PARTITION qualified_name FINALIZE"""
    p[0] = A.AlterTableCmd(subtype="detach_partition", def_=(p[3], "finalize"))


def p_index_partition_cmd_1(p):
    """index_partition_cmd : ATTACH PARTITION qualified_name"""
    p[0] = A.AlterTableCmd(subtype="attach_index_partition", def_=(p[3], None))


def p_AlterTableStmt_3(p):
    """AlterTableStmt : ALTER INDEX qualified_name alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[3], cmds=tuple(p[4]), objtype="index")


def p_AlterTableStmt_4(p):
    """AlterTableStmt : ALTER INDEX IF_P EXISTS qualified_name alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[5], cmds=tuple(p[6]), objtype="index", missing_ok=True)


def p_AlterTableStmt_5(p):
    """AlterTableStmt : ALTER SEQUENCE qualified_name alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[3], cmds=tuple(p[4]), objtype="sequence")


def p_AlterTableStmt_6(p):
    """AlterTableStmt : ALTER SEQUENCE IF_P EXISTS qualified_name alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[5], cmds=tuple(p[6]), objtype="sequence",
                            missing_ok=True)


def p_AlterTableStmt_7(p):
    """AlterTableStmt : ALTER VIEW qualified_name alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[3], cmds=tuple(p[4]), objtype="view")


def p_AlterTableStmt_8(p):
    """AlterTableStmt : ALTER VIEW IF_P EXISTS qualified_name alter_table_cmds"""
    p[0] = A.AlterTableStmt(relation=p[5], cmds=tuple(p[6]), objtype="view", missing_ok=True)


# nonterminal: alter_table_cmds
def p_alter_table_cmds_1(p):
    """alter_table_cmds : alter_table_cmd"""
    p[0] = [p[1]]


def p_alter_table_cmds_2(p):
    """alter_table_cmds : alter_table_cmds ',' alter_table_cmd"""
    p[0] = p[1] + [p[3]]


# nonterminal: alter_table_cmd
def p_alter_table_cmd_1(p):
    """alter_table_cmd : ADD_P columnDef
                       | ADD_P COLUMN columnDef"""
    p[0] = A.AlterTableCmd(subtype="add_column", def_=p[len(p) - 1])


def p_alter_table_cmd_2(p):
    """alter_table_cmd : ADD_P IF_P NOT EXISTS columnDef
                       | ADD_P COLUMN IF_P NOT EXISTS columnDef"""
    p[0] = A.AlterTableCmd(subtype="add_column", def_=p[len(p) - 1], missing_ok=True)


def p_alter_table_cmd_3(p):
    """alter_table_cmd : ALTER opt_column ColId alter_column_default"""
    p[0] = A.AlterTableCmd(subtype="column_default", name=p[3], def_=p[4])


def p_alter_table_cmd_4(p):
    """alter_table_cmd : ALTER opt_column ColId DROP NOT NULL_P"""
    p[0] = A.AlterTableCmd(subtype="drop_not_null", name=p[3])


def p_alter_table_cmd_5(p):
    """alter_table_cmd : ALTER opt_column ColId SET NOT NULL_P"""
    p[0] = A.AlterTableCmd(subtype="set_not_null", name=p[3])


def p_alter_table_cmd_6(p):
    """alter_table_cmd : ALTER opt_column ColId DROP EXPRESSION"""
    p[0] = A.AlterTableCmd(subtype="drop_expression", name=p[3])


def p_alter_table_cmd_7(p):
    """alter_table_cmd : ALTER opt_column ColId DROP EXPRESSION IF_P EXISTS"""
    p[0] = A.AlterTableCmd(subtype="drop_expression", name=p[3], missing_ok=True)


def p_alter_table_cmd_8(p):
    """alter_table_cmd : ALTER opt_column ColId SET STATISTICS SignedIconst"""
    p[0] = A.AlterTableCmd(subtype="set_statistics", name=p[3], def_=A.Integer(p[6]))


def p_alter_table_cmd_9(p):
    """alter_table_cmd : ALTER opt_column ColId ADD_P GENERATED generated_when AS IDENTITY_P OptParenthesizedSeqOptList"""
    c = A.Constraint(contype="identity", generated_when=p[6], options=tuple(p[9]),
                     location=p.lexpos(5))
    p[0] = A.AlterTableCmd(subtype="add_identity", name=p[3], def_=c)


def p_alter_table_cmd_10(p):
    """alter_table_cmd : ALTER opt_column ColId DROP IDENTITY_P"""
    p[0] = A.AlterTableCmd(subtype="drop_identity", name=p[3])


def p_alter_table_cmd_11(p):
    """alter_table_cmd : ALTER opt_column ColId DROP IDENTITY_P IF_P EXISTS"""
    p[0] = A.AlterTableCmd(subtype="drop_identity", name=p[3], missing_ok=True)


def p_alter_table_cmd_12(p):
    """alter_table_cmd : DROP opt_column IF_P EXISTS ColId opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="drop_column", name=p[5], behavior=p[6], missing_ok=True)


def p_alter_table_cmd_13(p):
    """alter_table_cmd : DROP opt_column ColId opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="drop_column", name=p[3], behavior=p[4])


def p_alter_table_cmd_14(p):
    """alter_table_cmd : ALTER opt_column ColId opt_set_data TYPE_P Typename opt_collate_clause alter_using"""
    cd = A.ColumnDef(type_name=p[6], coll_clause=p[7], raw_default=p[8],
                     location=p.lexpos(3))
    p[0] = A.AlterTableCmd(subtype="alter_column_type", name=p[3], def_=cd)


def p_alter_table_cmd_15(p):
    """alter_table_cmd : ADD_P TableConstraint"""
    p[0] = A.AlterTableCmd(subtype="add_constraint", def_=p[2])


def p_alter_table_cmd_16(p):
    """alter_table_cmd : VALIDATE CONSTRAINT name"""
    p[0] = A.AlterTableCmd(subtype="validate_constraint", name=p[3])


def p_alter_table_cmd_17(p):
    """alter_table_cmd : DROP CONSTRAINT IF_P EXISTS name opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="drop_constraint", name=p[5], behavior=p[6],
                           missing_ok=True)


def p_alter_table_cmd_18(p):
    """alter_table_cmd : DROP CONSTRAINT name opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="drop_constraint", name=p[3], behavior=p[4])


def p_alter_table_cmd_19(p):
    """alter_table_cmd : SET LOGGED"""
    p[0] = A.AlterTableCmd(subtype="set_logged")


def p_alter_table_cmd_20(p):
    """alter_table_cmd : SET UNLOGGED"""
    p[0] = A.AlterTableCmd(subtype="set_unlogged")


def p_alter_table_cmd_21(p):
    """alter_table_cmd : OWNER TO RoleSpec"""
    p[0] = A.AlterTableCmd(subtype="change_owner", newowner=p[3])


def p_alter_table_cmd_40(p):
    """alter_table_cmd : INHERIT qualified_name"""
    p[0] = A.AlterTableCmd(subtype="add_inherit", def_=p[2])


def p_alter_table_cmd_41(p):
    """alter_table_cmd : NO INHERIT qualified_name"""
    p[0] = A.AlterTableCmd(subtype="drop_inherit", def_=p[3])


def p_alter_table_cmd_42(p):
    """alter_table_cmd : ALTER opt_column ColId SET STORAGE ColId"""
    p[0] = A.AlterTableCmd(subtype="set_storage", name=p[3], def_=A.String(p[6]))


def p_alter_table_cmd_43(p):
    """alter_table_cmd : ALTER opt_column ColId SET COMPRESSION ColId
                       | ALTER opt_column ColId SET COMPRESSION DEFAULT"""
    p[0] = A.AlterTableCmd(subtype="set_compression", name=p[3], def_=A.String(p[6].lower()))


def p_alter_table_cmd_44(p):
    """alter_table_cmd : ALTER opt_column ColId SET reloptions"""
    p[0] = A.AlterTableCmd(subtype="set_options", name=p[3], def_=tuple(p[5]))


def p_alter_table_cmd_45(p):
    """alter_table_cmd : ALTER opt_column ColId RESET reloptions"""
    p[0] = A.AlterTableCmd(subtype="reset_options", name=p[3], def_=tuple(p[5]))


def p_alter_table_cmd_46(p):
    """alter_table_cmd : SET reloptions"""
    p[0] = A.AlterTableCmd(subtype="set_rel_options", def_=tuple(p[2]))


def p_alter_table_cmd_47(p):
    """alter_table_cmd : RESET reloptions"""
    p[0] = A.AlterTableCmd(subtype="reset_rel_options", def_=tuple(p[2]))


# nonterminal: alter_column_default
def p_alter_column_default_1(p):
    """alter_column_default : SET DEFAULT a_expr"""
    p[0] = p[3]


def p_alter_column_default_2(p):
    """alter_column_default : DROP DEFAULT"""
    p[0] = None


# nonterminal: opt_drop_behavior
def p_opt_drop_behavior_1(p):
    """opt_drop_behavior : CASCADE
                         | RESTRICT"""
    p[0] = p[1]


def p_opt_drop_behavior_2(p):
    """opt_drop_behavior : """
    p[0] = "restrict"


# nonterminal: opt_collate_clause
def p_opt_collate_clause_1(p):
    """opt_collate_clause : COLLATE any_name"""
    p[0] = A.CollateClause(collname=p[2], location=p.lexpos(1))


def p_opt_collate_clause_2(p):
    """opt_collate_clause : """
    p[0] = None


# nonterminal: alter_using
def p_alter_using_1(p):
    """alter_using : USING a_expr"""
    p[0] = p[2]


def p_alter_using_2(p):
    """alter_using : """
    p[0] = None


# nonterminal: ClosePortalStmt
def p_ClosePortalStmt_1(p):
    """ClosePortalStmt : CLOSE cursor_name"""
    p[0] = A.ClosePortalStmt(portalname=p[2])


def p_ClosePortalStmt_2(p):
    """ClosePortalStmt : CLOSE ALL"""
    p[0] = A.ClosePortalStmt(portalname=None)


# nonterminal: CopyStmt
def p_CopyStmt_1(p):
    """CopyStmt : COPY opt_binary qualified_name opt_column_list copy_from opt_program copy_file_name copy_delimiter opt_with copy_options where_clause"""
    is_from, is_program, filename = p[5], p[6], p[7]
    if p[11] is not None and not is_from:
        raise _unsupported("WHERE clause not allowed with COPY TO", p.lexpos(11))
    if is_program and filename is None:
        raise _syntax("STDIN/STDOUT not allowed with PROGRAM", p.lexpos(7))
    opts = list(p[2]) + list(p[8]) + list(p[10])
    p[0] = A.CopyStmt(relation=p[3], attlist=tuple(p[4]), is_from=is_from,
                      is_program=is_program, filename=filename, options=tuple(opts),
                      where_clause=p[11])


def p_CopyStmt_2(p):
    """CopyStmt : COPY '(' PreparableStmt ')' TO opt_program copy_file_name opt_with copy_options"""
    if p[6] and p[7] is None:
        raise _syntax("STDIN/STDOUT not allowed with PROGRAM", p.lexpos(7))
    p[0] = A.CopyStmt(query=p[3], is_from=False, is_program=p[6], filename=p[7],
                      options=tuple(p[9]))


# nonterminal: copy_from
def p_copy_from_1(p):
    """copy_from : FROM"""
    p[0] = True


def p_copy_from_2(p):
    """copy_from : TO"""
    p[0] = False


# nonterminal: opt_program
def p_opt_program_1(p):
    """opt_program : PROGRAM"""
    p[0] = True


def p_opt_program_2(p):
    """opt_program : """
    p[0] = False


# nonterminal: copy_file_name
def p_copy_file_name_1(p):
    """copy_file_name : Sconst"""
    p[0] = p[1]


def p_copy_file_name_2(p):
    """copy_file_name : STDIN
                      | STDOUT"""
    p[0] = None


# nonterminal: copy_options
def p_copy_options_1(p):
    """copy_options : copy_opt_list"""
    p[0] = p[1]


def p_copy_options_2(p):
    """copy_options : '(' copy_generic_opt_list ')'"""
    p[0] = p[2]


# nonterminal: copy_opt_list
def p_copy_opt_list_1(p):
    """copy_opt_list : copy_opt_list copy_opt_item"""
    p[0] = p[1] + [p[2]]


def p_copy_opt_list_2(p):
    """copy_opt_list : """
    p[0] = []


# nonterminal: copy_opt_item
def p_copy_opt_item_1(p):
    """copy_opt_item : BINARY"""
    p[0] = A.DefElem(defname="format", arg=A.String("binary"), location=p.lexpos(1))


def p_copy_opt_item_2(p):
    """copy_opt_item : FREEZE"""
    p[0] = A.DefElem(defname="freeze", arg=A.Boolean(True), location=p.lexpos(1))


def p_copy_opt_item_3(p):
    """copy_opt_item : DELIMITER opt_as Sconst"""
    p[0] = A.DefElem(defname="delimiter", arg=A.String(p[3]), location=p.lexpos(1))


def p_copy_opt_item_4(p):
    """copy_opt_item : NULL_P opt_as Sconst"""
    p[0] = A.DefElem(defname="null", arg=A.String(p[3]), location=p.lexpos(1))


def p_copy_opt_item_5(p):
    """copy_opt_item : CSV"""
    p[0] = A.DefElem(defname="format", arg=A.String("csv"), location=p.lexpos(1))


def p_copy_opt_item_6(p):
    """copy_opt_item : HEADER_P"""
    p[0] = A.DefElem(defname="header", arg=A.Boolean(True), location=p.lexpos(1))


def p_copy_opt_item_7(p):
    """copy_opt_item : QUOTE opt_as Sconst"""
    p[0] = A.DefElem(defname="quote", arg=A.String(p[3]), location=p.lexpos(1))


def p_copy_opt_item_8(p):
    """copy_opt_item : ESCAPE opt_as Sconst"""
    p[0] = A.DefElem(defname="escape", arg=A.String(p[3]), location=p.lexpos(1))


def p_copy_opt_item_9(p):
    """copy_opt_item : FORCE QUOTE columnList"""
    p[0] = A.DefElem(defname="force_quote", arg=tuple(A.String(c) for c in p[3]),
                     location=p.lexpos(1))


def p_copy_opt_item_10(p):
    """copy_opt_item : FORCE QUOTE '*'"""
    p[0] = A.DefElem(defname="force_quote", arg=A.A_Star(), location=p.lexpos(1))


def p_copy_opt_item_11(p):
    """copy_opt_item : FORCE NOT NULL_P columnList"""
    p[0] = A.DefElem(defname="force_not_null", arg=tuple(A.String(c) for c in p[4]),
                     location=p.lexpos(1))


def p_copy_opt_item_12(p):
    """copy_opt_item : FORCE NULL_P columnList"""
    p[0] = A.DefElem(defname="force_null", arg=tuple(A.String(c) for c in p[3]),
                     location=p.lexpos(1))


def p_copy_opt_item_13(p):
    """copy_opt_item : ENCODING Sconst"""
    p[0] = A.DefElem(defname="encoding", arg=A.String(p[2]), location=p.lexpos(1))


# nonterminal: opt_binary
def p_opt_binary_1(p):
    """opt_binary : BINARY"""
    p[0] = [A.DefElem(defname="format", arg=A.String("binary"), location=p.lexpos(1))]


def p_opt_binary_2(p):
    """opt_binary : """
    p[0] = []


# nonterminal: copy_delimiter
def p_copy_delimiter_1(p):
    """copy_delimiter : opt_using DELIMITERS Sconst"""
    p[0] = [A.DefElem(defname="delimiter", arg=A.String(p[3]), location=p.lexpos(2))]


def p_copy_delimiter_2(p):
    """copy_delimiter : """
    p[0] = []


# nonterminal: opt_using
def p_opt_using_1(p):
    """opt_using : USING
                 | """
    p[0] = None


# nonterminal: copy_generic_opt_list
def p_copy_generic_opt_list_1(p):
    """copy_generic_opt_list : copy_generic_opt_elem"""
    p[0] = [p[1]]


def p_copy_generic_opt_list_2(p):
    """copy_generic_opt_list : copy_generic_opt_list ',' copy_generic_opt_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: copy_generic_opt_elem
def p_copy_generic_opt_elem_1(p):
    """copy_generic_opt_elem : ColLabel copy_generic_opt_arg"""
    p[0] = A.DefElem(defname=p[1], arg=p[2], location=p.lexpos(1))


# nonterminal: copy_generic_opt_arg
def p_copy_generic_opt_arg_1(p):
    """copy_generic_opt_arg : opt_boolean_or_string"""
    p[0] = A.String(p[1])


def p_copy_generic_opt_arg_2(p):
    """copy_generic_opt_arg : NumericOnly"""
    p[0] = p[1]


def p_copy_generic_opt_arg_3(p):
    """copy_generic_opt_arg : '*'"""
    p[0] = A.A_Star()


def p_copy_generic_opt_arg_4(p):
    """copy_generic_opt_arg : '(' copy_generic_opt_arg_list ')'"""
    p[0] = tuple(p[2])


def p_copy_generic_opt_arg_5(p):
    """copy_generic_opt_arg : """
    p[0] = None


# nonterminal: copy_generic_opt_arg_list
def p_copy_generic_opt_arg_list_1(p):
    """copy_generic_opt_arg_list : copy_generic_opt_arg_list_item"""
    p[0] = [p[1]]


def p_copy_generic_opt_arg_list_2(p):
    """copy_generic_opt_arg_list : copy_generic_opt_arg_list ',' copy_generic_opt_arg_list_item"""
    p[0] = p[1] + [p[3]]


# nonterminal: copy_generic_opt_arg_list_item
def p_copy_generic_opt_arg_list_item_1(p):
    """copy_generic_opt_arg_list_item : opt_boolean_or_string"""
    p[0] = A.String(p[1])


# nonterminal: CreateStmt
def p_CreateStmt_1(p):
    """CreateStmt : CREATE OptTemp TABLE qualified_name '(' OptTableElementList ')' OptInherit OptPartitionSpec table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    rel = replace(p[4], relpersistence=p[2])
    p[0] = A.CreateStmt(relation=rel, table_elts=tuple(p[6]), inh_relations=tuple(p[8]),
                        partspec=p[9], access_method=p[10], options=tuple(p[11]),
                        oncommit=p[12], tablespacename=p[13])


def p_CreateStmt_2(p):
    """CreateStmt : CREATE OptTemp TABLE IF_P NOT EXISTS qualified_name '(' OptTableElementList ')' OptInherit OptPartitionSpec table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    rel = replace(p[7], relpersistence=p[2])
    p[0] = A.CreateStmt(relation=rel, table_elts=tuple(p[9]), inh_relations=tuple(p[11]),
                        partspec=p[12], access_method=p[13], options=tuple(p[14]),
                        oncommit=p[15], tablespacename=p[16], if_not_exists=True)


def p_CreateStmt_3(p):
    """CreateStmt : CREATE OptTemp TABLE qualified_name OF any_name OptTypedTableElementList OptPartitionSpec table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    rel = replace(p[4], relpersistence=p[2])
    p[0] = A.CreateStmt(relation=rel, table_elts=tuple(p[7]),
                        of_typename=A.TypeName(names=tuple(p[6]), location=p.lexpos(6)),
                        partspec=p[8], access_method=p[9], options=tuple(p[10]),
                        oncommit=p[11], tablespacename=p[12])


def p_CreateStmt_4(p):
    """CreateStmt : CREATE OptTemp TABLE IF_P NOT EXISTS qualified_name OF any_name OptTypedTableElementList OptPartitionSpec table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    rel = replace(p[7], relpersistence=p[2])
    p[0] = A.CreateStmt(relation=rel, table_elts=tuple(p[10]),
                        of_typename=A.TypeName(names=tuple(p[9]), location=p.lexpos(9)),
                        partspec=p[11], access_method=p[12], options=tuple(p[13]),
                        oncommit=p[14], tablespacename=p[15], if_not_exists=True)


def p_CreateStmt_5(p):
    """CreateStmt : CREATE OptTemp TABLE qualified_name PARTITION OF qualified_name OptTypedTableElementList PartitionBoundSpec OptPartitionSpec table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    rel = replace(p[4], relpersistence=p[2])
    p[0] = A.CreateStmt(relation=rel, table_elts=tuple(p[8]), inh_relations=(p[7],),
                        partbound=p[9], partspec=p[10], access_method=p[11],
                        options=tuple(p[12]), oncommit=p[13], tablespacename=p[14])


def p_CreateStmt_6(p):
    """CreateStmt : CREATE OptTemp TABLE IF_P NOT EXISTS qualified_name PARTITION OF qualified_name OptTypedTableElementList PartitionBoundSpec OptPartitionSpec table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    rel = replace(p[7], relpersistence=p[2])
    p[0] = A.CreateStmt(relation=rel, table_elts=tuple(p[11]), inh_relations=(p[10],),
                        partbound=p[12], partspec=p[13], access_method=p[14],
                        options=tuple(p[15]), oncommit=p[16], tablespacename=p[17],
                        if_not_exists=True)


# nonterminal: OptTemp
def p_OptTemp_1(p):
    """OptTemp : TEMPORARY
               | TEMP
               | LOCAL TEMPORARY
               | LOCAL TEMP"""
    p[0] = "t"


def p_OptTemp_2(p):
    """OptTemp : GLOBAL TEMPORARY
               | GLOBAL TEMP"""
    # gram.y: WARNING "GLOBAL is deprecated in temporary table creation"
    p[0] = "t"


def p_OptTemp_3(p):
    """OptTemp : UNLOGGED"""
    p[0] = "u"


def p_OptTemp_4(p):
    """OptTemp : """
    p[0] = "p"


# nonterminal: OptTableElementList
def p_OptTableElementList_1(p):
    """OptTableElementList : TableElementList"""
    p[0] = p[1]


def p_OptTableElementList_2(p):
    """OptTableElementList : """
    p[0] = []


# nonterminal: TableElementList
def p_TableElementList_1(p):
    """TableElementList : TableElement"""
    p[0] = [p[1]]


def p_TableElementList_2(p):
    """TableElementList : TableElementList ',' TableElement"""
    p[0] = p[1] + [p[3]]


# nonterminal: TableElement
def p_TableElement_1(p):
    """TableElement : columnDef
                    | TableLikeClause
                    | TableConstraint"""
    p[0] = p[1]


# nonterminal: OptTypedTableElementList
def p_OptTypedTableElementList_1(p):
    """OptTypedTableElementList : '(' TypedTableElementList ')'"""
    p[0] = p[2]


def p_OptTypedTableElementList_2(p):
    """OptTypedTableElementList : """
    p[0] = []


# nonterminal: TypedTableElementList
def p_TypedTableElementList_1(p):
    """TypedTableElementList : TypedTableElement"""
    p[0] = [p[1]]


def p_TypedTableElementList_2(p):
    """TypedTableElementList : TypedTableElementList ',' TypedTableElement"""
    p[0] = p[1] + [p[3]]


# nonterminal: TypedTableElement
def p_TypedTableElement_1(p):
    """TypedTableElement : columnOptions
                         | TableConstraint"""
    p[0] = p[1]


# nonterminal: columnOptions
def p_columnOptions_1(p):
    """columnOptions : ColId ColQualList"""
    cons, coll = split_col_qual_list(p[2])
    p[0] = A.ColumnDef(colname=p[1], constraints=cons, coll_clause=coll, location=p.lexpos(1))


def p_columnOptions_2(p):
    """columnOptions : ColId WITH OPTIONS ColQualList"""
    cons, coll = split_col_qual_list(p[4])
    p[0] = A.ColumnDef(colname=p[1], constraints=cons, coll_clause=coll, location=p.lexpos(1))


# nonterminal: columnDef
def p_columnDef_1(p):
    """columnDef : ColId Typename opt_column_compression ColQualList"""
    cons, coll = split_col_qual_list(p[4])
    p[0] = A.ColumnDef(colname=p[1], type_name=p[2], compression=p[3], constraints=cons,
                       coll_clause=coll, location=p.lexpos(1))


# nonterminal: opt_column_compression
def p_opt_column_compression_1(p):
    """opt_column_compression : COMPRESSION ColId"""
    p[0] = p[2]


def p_opt_column_compression_2(p):
    """opt_column_compression : COMPRESSION DEFAULT"""
    p[0] = "default"


def p_opt_column_compression_3(p):
    """opt_column_compression : """
    p[0] = None


# nonterminal: ColQualList
def p_ColQualList_1(p):
    """ColQualList : ColQualList ColConstraint"""
    p[0] = p[1] + [p[2]]


def p_ColQualList_2(p):
    """ColQualList : """
    p[0] = []


# nonterminal: ColConstraint
def p_ColConstraint_1(p):
    """ColConstraint : CONSTRAINT name ColConstraintElem"""
    p[0] = replace(p[3], conname=p[2], location=p.lexpos(1))


def p_ColConstraint_2(p):
    """ColConstraint : ColConstraintElem
                     | ConstraintAttr"""
    p[0] = p[1]


def p_ColConstraint_3(p):
    """ColConstraint : COLLATE any_name"""
    p[0] = A.CollateClause(collname=p[2], location=p.lexpos(1))


# nonterminal: ColConstraintElem
def p_ColConstraintElem_1(p):
    """ColConstraintElem : NOT NULL_P"""
    p[0] = A.Constraint(contype="not_null", location=p.lexpos(1))


def p_ColConstraintElem_2(p):
    """ColConstraintElem : NULL_P"""
    p[0] = A.Constraint(contype="null", location=p.lexpos(1))


def p_ColConstraintElem_3(p):
    """ColConstraintElem : UNIQUE opt_unique_null_treatment opt_definition OptConsTableSpace"""
    p[0] = A.Constraint(contype="unique", nulls_not_distinct=not p[2], options=tuple(p[3]),
                        indexspace=p[4], location=p.lexpos(1))


def p_ColConstraintElem_4(p):
    """ColConstraintElem : PRIMARY KEY opt_definition OptConsTableSpace"""
    p[0] = A.Constraint(contype="primary", options=tuple(p[3]), indexspace=p[4],
                        location=p.lexpos(1))


def p_ColConstraintElem_5(p):
    """ColConstraintElem : CHECK '(' a_expr ')' opt_no_inherit"""
    p[0] = A.Constraint(contype="check", raw_expr=p[3], is_no_inherit=p[5],
                        location=p.lexpos(1))


def p_ColConstraintElem_6(p):
    """ColConstraintElem : DEFAULT b_expr"""
    p[0] = A.Constraint(contype="default", raw_expr=p[2], location=p.lexpos(1))


def p_ColConstraintElem_7(p):
    """ColConstraintElem : GENERATED generated_when AS IDENTITY_P OptParenthesizedSeqOptList"""
    p[0] = A.Constraint(contype="identity", generated_when=p[2], options=tuple(p[5]),
                        location=p.lexpos(1))


def p_ColConstraintElem_8(p):
    """ColConstraintElem : GENERATED generated_when AS '(' a_expr ')' STORED"""
    if p[2] != "a":
        raise _syntax("for a generated column, GENERATED ALWAYS must be specified",
                      p.lexpos(2))
    p[0] = A.Constraint(contype="generated", generated_when="a", raw_expr=p[5],
                        location=p.lexpos(1))


def p_ColConstraintElem_9(p):
    """ColConstraintElem : REFERENCES qualified_name opt_column_list key_match key_actions"""
    upd, dele, delcols = p[5]
    p[0] = A.Constraint(contype="foreign", pktable=p[2], pk_attrs=tuple(p[3]),
                        fk_matchtype=p[4], fk_upd_action=upd, fk_del_action=dele,
                        fk_del_set_cols=delcols, location=p.lexpos(1))


# nonterminal: opt_unique_null_treatment
def p_opt_unique_null_treatment_1(p):
    """opt_unique_null_treatment : NULLS_P DISTINCT"""
    p[0] = True


def p_opt_unique_null_treatment_2(p):
    """opt_unique_null_treatment : NULLS_P NOT DISTINCT"""
    p[0] = False


def p_opt_unique_null_treatment_3(p):
    """opt_unique_null_treatment : """
    p[0] = True


# nonterminal: generated_when
def p_generated_when_1(p):
    """generated_when : ALWAYS"""
    p[0] = "a"


def p_generated_when_2(p):
    """generated_when : BY DEFAULT"""
    p[0] = "d"


# nonterminal: ConstraintAttr
def p_ConstraintAttr_1(p):
    """ConstraintAttr : DEFERRABLE"""
    p[0] = A.Constraint(contype="attr_deferrable", location=p.lexpos(1))


def p_ConstraintAttr_2(p):
    """ConstraintAttr : NOT DEFERRABLE"""
    p[0] = A.Constraint(contype="attr_not_deferrable", location=p.lexpos(1))


def p_ConstraintAttr_3(p):
    """ConstraintAttr : INITIALLY DEFERRED"""
    p[0] = A.Constraint(contype="attr_deferred", location=p.lexpos(1))


def p_ConstraintAttr_4(p):
    """ConstraintAttr : INITIALLY IMMEDIATE"""
    p[0] = A.Constraint(contype="attr_immediate", location=p.lexpos(1))


# nonterminal: TableLikeClause
def p_TableLikeClause_1(p):
    """TableLikeClause : LIKE qualified_name TableLikeOptionList"""
    p[0] = A.TableLikeClause(relation=p[2], options=p[3])


# nonterminal: TableLikeOptionList
def p_TableLikeOptionList_1(p):
    """TableLikeOptionList : TableLikeOptionList INCLUDING TableLikeOption"""
    p[0] = p[1] | p[3]


def p_TableLikeOptionList_2(p):
    """TableLikeOptionList : TableLikeOptionList EXCLUDING TableLikeOption"""
    p[0] = p[1] & ~p[3]


def p_TableLikeOptionList_3(p):
    """TableLikeOptionList : """
    p[0] = 0


# nonterminal: TableLikeOption
_LIKE_OPTS = {
    "comments": A.CREATE_TABLE_LIKE_COMMENTS, "compression": A.CREATE_TABLE_LIKE_COMPRESSION,
    "constraints": A.CREATE_TABLE_LIKE_CONSTRAINTS, "defaults": A.CREATE_TABLE_LIKE_DEFAULTS,
    "identity": A.CREATE_TABLE_LIKE_IDENTITY, "generated": A.CREATE_TABLE_LIKE_GENERATED,
    "indexes": A.CREATE_TABLE_LIKE_INDEXES, "statistics": A.CREATE_TABLE_LIKE_STATISTICS,
    "storage": A.CREATE_TABLE_LIKE_STORAGE, "all": A.CREATE_TABLE_LIKE_ALL,
}


def p_TableLikeOption_1(p):
    """TableLikeOption : COMMENTS
                       | COMPRESSION
                       | CONSTRAINTS
                       | DEFAULTS
                       | IDENTITY_P
                       | GENERATED
                       | INDEXES
                       | STATISTICS
                       | STORAGE
                       | ALL"""
    p[0] = _LIKE_OPTS[p[1]]


# nonterminal: TableConstraint
def p_TableConstraint_1(p):
    """TableConstraint : CONSTRAINT name ConstraintElem"""
    p[0] = replace(p[3], conname=p[2], location=p.lexpos(1))


def p_TableConstraint_2(p):
    """TableConstraint : ConstraintElem"""
    p[0] = p[1]


# nonterminal: ConstraintElem
def p_ConstraintElem_1(p):
    """ConstraintElem : CHECK '(' a_expr ')' ConstraintAttributeSpec"""
    c = A.Constraint(contype="check", raw_expr=p[3], location=p.lexpos(1))
    p[0] = process_cas_bits(p[5], -1, "CHECK", c, deferrable_ok=False,
                            not_valid_ok=True, no_inherit_ok=True)


def p_ConstraintElem_2(p):
    """ConstraintElem : UNIQUE opt_unique_null_treatment '(' columnList ')' opt_c_include opt_definition OptConsTableSpace ConstraintAttributeSpec"""
    c = A.Constraint(contype="unique", nulls_not_distinct=not p[2], keys=tuple(p[4]),
                     including=tuple(p[6]), options=tuple(p[7]), indexspace=p[8],
                     location=p.lexpos(1))
    p[0] = process_cas_bits(p[9], -1, "UNIQUE", c)


def p_ConstraintElem_3(p):
    """ConstraintElem : UNIQUE ExistingIndex ConstraintAttributeSpec"""
    c = A.Constraint(contype="unique", indexname=p[2], location=p.lexpos(1))
    p[0] = process_cas_bits(p[3], -1, "UNIQUE", c)


def p_ConstraintElem_4(p):
    """ConstraintElem : PRIMARY KEY '(' columnList ')' opt_c_include opt_definition OptConsTableSpace ConstraintAttributeSpec"""
    c = A.Constraint(contype="primary", keys=tuple(p[4]), including=tuple(p[6]),
                     options=tuple(p[7]), indexspace=p[8], location=p.lexpos(1))
    p[0] = process_cas_bits(p[9], -1, "PRIMARY KEY", c)


def p_ConstraintElem_5(p):
    """ConstraintElem : PRIMARY KEY ExistingIndex ConstraintAttributeSpec"""
    c = A.Constraint(contype="primary", indexname=p[3], location=p.lexpos(1))
    p[0] = process_cas_bits(p[4], -1, "PRIMARY KEY", c)


def p_ConstraintElem_6(p):
    """ConstraintElem : FOREIGN KEY '(' columnList ')' REFERENCES qualified_name opt_column_list key_match key_actions ConstraintAttributeSpec"""
    upd, dele, delcols = p[10]
    c = A.Constraint(contype="foreign", fk_attrs=tuple(p[4]), pktable=p[7],
                     pk_attrs=tuple(p[8]), fk_matchtype=p[9], fk_upd_action=upd,
                     fk_del_action=dele, fk_del_set_cols=delcols, location=p.lexpos(1))
    c = process_cas_bits(p[11], -1, "FOREIGN KEY", c, not_valid_ok=True)
    p[0] = c


# nonterminal: opt_no_inherit
def p_opt_no_inherit_1(p):
    """opt_no_inherit : NO INHERIT"""
    p[0] = True


def p_opt_no_inherit_2(p):
    """opt_no_inherit : """
    p[0] = False


# nonterminal: opt_column_list
def p_opt_column_list_1(p):
    """opt_column_list : '(' columnList ')'"""
    p[0] = p[2]


def p_opt_column_list_2(p):
    """opt_column_list : """
    p[0] = []


# nonterminal: columnList
def p_columnList_1(p):
    """columnList : columnElem"""
    p[0] = [p[1]]


def p_columnList_2(p):
    """columnList : columnList ',' columnElem"""
    p[0] = p[1] + [p[3]]


# nonterminal: columnElem
def p_columnElem_1(p):
    """columnElem : ColId"""
    p[0] = p[1]


# nonterminal: opt_c_include
def p_opt_c_include_1(p):
    """opt_c_include : INCLUDE '(' columnList ')'"""
    p[0] = p[3]


def p_opt_c_include_2(p):
    """opt_c_include : """
    p[0] = []


# nonterminal: key_match
def p_key_match_1(p):
    """key_match : MATCH FULL"""
    p[0] = "f"


def p_key_match_2(p):
    """key_match : MATCH PARTIAL"""
    raise _unsupported("MATCH PARTIAL not yet implemented", p.lexpos(1))


def p_key_match_3(p):
    """key_match : MATCH SIMPLE
                 | """
    p[0] = "s"


# nonterminal: key_actions  -- (update action, delete action, delete set cols)
def p_key_actions_1(p):
    """key_actions : key_update"""
    if p[1][1]:
        raise _unsupported("a column list with %s is only supported for ON DELETE actions"
                           % ("SET NULL" if p[1][0] == "n" else "SET DEFAULT"), p.lexpos(1))
    p[0] = (p[1][0], "a", ())


def p_key_actions_2(p):
    """key_actions : key_delete"""
    p[0] = ("a", p[1][0], tuple(p[1][1]))


def p_key_actions_3(p):
    """key_actions : key_update key_delete"""
    if p[1][1]:
        raise _unsupported("a column list with %s is only supported for ON DELETE actions"
                           % ("SET NULL" if p[1][0] == "n" else "SET DEFAULT"), p.lexpos(1))
    p[0] = (p[1][0], p[2][0], tuple(p[2][1]))


def p_key_actions_4(p):
    """key_actions : key_delete key_update"""
    if p[2][1]:
        raise _unsupported("a column list with %s is only supported for ON DELETE actions"
                           % ("SET NULL" if p[2][0] == "n" else "SET DEFAULT"), p.lexpos(2))
    p[0] = (p[2][0], p[1][0], tuple(p[1][1]))


def p_key_actions_5(p):
    """key_actions : """
    p[0] = ("a", "a", ())


# nonterminal: key_update
def p_key_update_1(p):
    """key_update : ON UPDATE key_action"""
    p[0] = p[3]


# nonterminal: key_delete
def p_key_delete_1(p):
    """key_delete : ON DELETE_P key_action"""
    p[0] = p[3]


# nonterminal: key_action  -- (action char, column list)
def p_key_action_1(p):
    """key_action : NO ACTION"""
    p[0] = ("a", [])


def p_key_action_2(p):
    """key_action : RESTRICT"""
    p[0] = ("r", [])


def p_key_action_3(p):
    """key_action : CASCADE"""
    p[0] = ("c", [])


def p_key_action_4(p):
    """key_action : SET NULL_P opt_column_list"""
    p[0] = ("n", p[3])


def p_key_action_5(p):
    """key_action : SET DEFAULT opt_column_list"""
    p[0] = ("d", p[3])


# nonterminal: OptInherit
def p_OptInherit_1(p):
    """OptInherit : INHERITS '(' qualified_name_list ')'"""
    p[0] = p[3]


def p_OptInherit_2(p):
    """OptInherit : """
    p[0] = []


# nonterminal: OptPartitionSpec
def p_OptPartitionSpec_1(p):
    """OptPartitionSpec : PartitionSpec"""
    p[0] = p[1]


def p_OptPartitionSpec_2(p):
    """OptPartitionSpec : """
    p[0] = None


# nonterminal: PartitionSpec
def p_PartitionSpec_1(p):
    """PartitionSpec : PARTITION BY ColId '(' part_params ')'"""
    strategy = p[3]
    if strategy not in ("list", "range", "hash"):
        # (transformPartitionSpec reports it without a position)
        raise PgError(INVALID_PARAMETER_VALUE,
                      'unrecognized partitioning strategy "%s"' % strategy)
    p[0] = A.PartitionSpec(strategy=strategy, part_params=tuple(p[5]), location=p.lexpos(1))


# nonterminal: part_params
def p_part_params_1(p):
    """part_params : part_elem"""
    p[0] = [p[1]]


def p_part_params_2(p):
    """part_params : part_params ',' part_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: part_elem
def p_part_elem_1(p):
    """part_elem : ColId opt_collate opt_qualified_name"""
    p[0] = A.PartitionElem(name=p[1], collation=tuple(p[2]), opclass=tuple(p[3]),
                           location=p.lexpos(1))


def p_part_elem_2(p):
    """part_elem : func_expr_windowless opt_collate opt_qualified_name"""
    p[0] = A.PartitionElem(expr=p[1], collation=tuple(p[2]), opclass=tuple(p[3]),
                           location=p.lexpos(1))


def p_part_elem_3(p):
    """part_elem : '(' a_expr ')' opt_collate opt_qualified_name"""
    p[0] = A.PartitionElem(expr=p[2], collation=tuple(p[4]), opclass=tuple(p[5]),
                           location=p.lexpos(1))


# nonterminal: PartitionBoundSpec
def p_PartitionBoundSpec_1(p):
    """PartitionBoundSpec : FOR VALUES WITH '(' hash_partbound ')'"""
    modulus = remainder = -1
    for name, value, loc in p[5]:
        if name == "modulus":
            if modulus != -1:
                raise _syntax("modulus for hash partition provided more than once", loc)
            modulus = value
        elif name == "remainder":
            if remainder != -1:
                raise _syntax("remainder for hash partition provided more than once", loc)
            remainder = value
        else:
            raise _syntax('unrecognized hash partition bound specification "%s"' % name, loc)
    if modulus == -1:
        raise _syntax("modulus for hash partition must be specified", -1)
    if remainder == -1:
        raise _syntax("remainder for hash partition must be specified", -1)
    p[0] = A.PartitionBoundSpec(strategy="h", modulus=modulus, remainder=remainder,
                                location=p.lexpos(3))


def p_PartitionBoundSpec_2(p):
    """PartitionBoundSpec : FOR VALUES IN_P '(' expr_list ')'"""
    p[0] = A.PartitionBoundSpec(strategy="l", listdatums=tuple(p[5]), location=p.lexpos(3))


def p_PartitionBoundSpec_3(p):
    """PartitionBoundSpec : FOR VALUES FROM '(' expr_list ')' TO '(' expr_list ')'"""
    p[0] = A.PartitionBoundSpec(strategy="r", lowerdatums=tuple(p[5]), upperdatums=tuple(p[9]),
                                location=p.lexpos(3))


def p_PartitionBoundSpec_4(p):
    """PartitionBoundSpec : DEFAULT"""
    p[0] = A.PartitionBoundSpec(is_default=True, location=p.lexpos(1))


# nonterminal: hash_partbound_elem
def p_hash_partbound_elem_1(p):
    """hash_partbound_elem : NonReservedWord Iconst"""
    p[0] = (p[1], p[2], p.lexpos(1))


# nonterminal: hash_partbound
def p_hash_partbound_1(p):
    """hash_partbound : hash_partbound_elem"""
    p[0] = [p[1]]


def p_hash_partbound_2(p):
    """hash_partbound : hash_partbound ',' hash_partbound_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: table_access_method_clause
def p_table_access_method_clause_1(p):
    """table_access_method_clause : USING name"""
    p[0] = p[2]


def p_table_access_method_clause_2(p):
    """table_access_method_clause : """
    p[0] = None


# nonterminal: OptWith
def p_OptWith_1(p):
    """OptWith : WITH reloptions"""
    p[0] = p[2]


def p_OptWith_2(p):
    """OptWith : WITHOUT OIDS
               | """
    p[0] = []


# nonterminal: OnCommitOption
def p_OnCommitOption_1(p):
    """OnCommitOption : ON COMMIT DROP"""
    p[0] = "drop"


def p_OnCommitOption_2(p):
    """OnCommitOption : ON COMMIT DELETE_P ROWS"""
    p[0] = "delete_rows"


def p_OnCommitOption_3(p):
    """OnCommitOption : ON COMMIT PRESERVE ROWS"""
    p[0] = "preserve_rows"


def p_OnCommitOption_4(p):
    """OnCommitOption : """
    p[0] = "noop"


# nonterminal: OptTableSpace
def p_OptTableSpace_1(p):
    """OptTableSpace : TABLESPACE name"""
    p[0] = p[2]


def p_OptTableSpace_2(p):
    """OptTableSpace : """
    p[0] = None


# nonterminal: OptConsTableSpace
def p_OptConsTableSpace_1(p):
    """OptConsTableSpace : USING INDEX TABLESPACE name"""
    p[0] = p[4]


def p_OptConsTableSpace_2(p):
    """OptConsTableSpace : """
    p[0] = None


# nonterminal: ExistingIndex
def p_ExistingIndex_1(p):
    """ExistingIndex : USING INDEX name"""
    p[0] = p[3]


# nonterminal: CreateAsStmt
def p_CreateAsStmt_1(p):
    """CreateAsStmt : CREATE OptTemp TABLE create_as_target AS SelectStmt opt_with_data"""
    into = replace(p[4], rel=replace(p[4].rel, relpersistence=p[2]), skip_data=not p[7])
    p[0] = A.CreateTableAsStmt(query=p[6], into=into, objtype="table")


def p_CreateAsStmt_2(p):
    """CreateAsStmt : CREATE OptTemp TABLE IF_P NOT EXISTS create_as_target AS SelectStmt opt_with_data"""
    into = replace(p[7], rel=replace(p[7].rel, relpersistence=p[2]), skip_data=not p[10])
    p[0] = A.CreateTableAsStmt(query=p[9], into=into, objtype="table", if_not_exists=True)


# nonterminal: create_as_target
def p_create_as_target_1(p):
    """create_as_target : qualified_name opt_column_list table_access_method_clause OptWith OnCommitOption OptTableSpace"""
    p[0] = A.IntoClause(rel=p[1], col_names=tuple(p[2]), access_method=p[3],
                        options=tuple(p[4]), on_commit=p[5], table_space_name=p[6])


# nonterminal: opt_with_data
def p_opt_with_data_1(p):
    """opt_with_data : WITH DATA_P
                     | """
    p[0] = True


def p_opt_with_data_2(p):
    """opt_with_data : WITH NO DATA_P"""
    p[0] = False


# nonterminal: CreateSeqStmt
def p_CreateSeqStmt_1(p):
    """CreateSeqStmt : CREATE OptTemp SEQUENCE qualified_name OptSeqOptList"""
    p[0] = A.CreateSeqStmt(sequence=replace(p[4], relpersistence=p[2]), options=tuple(p[5]))


def p_CreateSeqStmt_2(p):
    """CreateSeqStmt : CREATE OptTemp SEQUENCE IF_P NOT EXISTS qualified_name OptSeqOptList"""
    p[0] = A.CreateSeqStmt(sequence=replace(p[7], relpersistence=p[2]), options=tuple(p[8]),
                           if_not_exists=True)


# nonterminal: AlterSeqStmt
def p_AlterSeqStmt_1(p):
    """AlterSeqStmt : ALTER SEQUENCE qualified_name SeqOptList"""
    p[0] = A.AlterSeqStmt(sequence=p[3], options=tuple(p[4]))


def p_AlterSeqStmt_2(p):
    """AlterSeqStmt : ALTER SEQUENCE IF_P EXISTS qualified_name SeqOptList"""
    p[0] = A.AlterSeqStmt(sequence=p[5], options=tuple(p[6]), missing_ok=True)


# nonterminal: OptSeqOptList
def p_OptSeqOptList_1(p):
    """OptSeqOptList : SeqOptList"""
    p[0] = p[1]


def p_OptSeqOptList_2(p):
    """OptSeqOptList : """
    p[0] = []


# nonterminal: OptParenthesizedSeqOptList
def p_OptParenthesizedSeqOptList_1(p):
    """OptParenthesizedSeqOptList : '(' SeqOptList ')'"""
    p[0] = p[2]


def p_OptParenthesizedSeqOptList_2(p):
    """OptParenthesizedSeqOptList : """
    p[0] = []


# nonterminal: SeqOptList
def p_SeqOptList_1(p):
    """SeqOptList : SeqOptElem"""
    p[0] = [p[1]]


def p_SeqOptList_2(p):
    """SeqOptList : SeqOptList SeqOptElem"""
    p[0] = p[1] + [p[2]]


# nonterminal: SeqOptElem
def p_SeqOptElem_1(p):
    """SeqOptElem : AS SimpleTypename"""
    p[0] = A.DefElem(defname="as", arg=p[2], location=p.lexpos(1))


def p_SeqOptElem_2(p):
    """SeqOptElem : CACHE NumericOnly"""
    p[0] = A.DefElem(defname="cache", arg=p[2], location=p.lexpos(1))


def p_SeqOptElem_3(p):
    """SeqOptElem : CYCLE"""
    p[0] = A.DefElem(defname="cycle", arg=A.Boolean(True), location=p.lexpos(1))


def p_SeqOptElem_4(p):
    """SeqOptElem : NO CYCLE"""
    p[0] = A.DefElem(defname="cycle", arg=A.Boolean(False), location=p.lexpos(1))


def p_SeqOptElem_5(p):
    """SeqOptElem : INCREMENT opt_by NumericOnly"""
    p[0] = A.DefElem(defname="increment", arg=p[3], location=p.lexpos(1))


def p_SeqOptElem_6(p):
    """SeqOptElem : MAXVALUE NumericOnly"""
    p[0] = A.DefElem(defname="maxvalue", arg=p[2], location=p.lexpos(1))


def p_SeqOptElem_7(p):
    """SeqOptElem : MINVALUE NumericOnly"""
    p[0] = A.DefElem(defname="minvalue", arg=p[2], location=p.lexpos(1))


def p_SeqOptElem_8(p):
    """SeqOptElem : NO MAXVALUE"""
    p[0] = A.DefElem(defname="maxvalue", arg=None, location=p.lexpos(1))


def p_SeqOptElem_9(p):
    """SeqOptElem : NO MINVALUE"""
    p[0] = A.DefElem(defname="minvalue", arg=None, location=p.lexpos(1))


def p_SeqOptElem_10(p):
    """SeqOptElem : OWNED BY any_name"""
    p[0] = A.DefElem(defname="owned_by", arg=tuple(A.String(s) for s in p[3]),
                     location=p.lexpos(1))


def p_SeqOptElem_11(p):
    """SeqOptElem : SEQUENCE NAME_P any_name"""
    p[0] = A.DefElem(defname="sequence_name", arg=tuple(A.String(s) for s in p[3]),
                     location=p.lexpos(1))


def p_SeqOptElem_12(p):
    """SeqOptElem : START opt_with NumericOnly"""
    p[0] = A.DefElem(defname="start", arg=p[3], location=p.lexpos(1))


def p_SeqOptElem_13(p):
    """SeqOptElem : RESTART"""
    p[0] = A.DefElem(defname="restart", arg=None, location=p.lexpos(1))


def p_SeqOptElem_14(p):
    """SeqOptElem : RESTART opt_with NumericOnly"""
    p[0] = A.DefElem(defname="restart", arg=p[3], location=p.lexpos(1))


# nonterminal: opt_by
def p_opt_by_1(p):
    """opt_by : BY
              | """
    p[0] = None


# nonterminal: NumericOnly
def p_NumericOnly_1(p):
    """NumericOnly : FCONST"""
    p[0] = A.Float(p[1])


def p_NumericOnly_2(p):
    """NumericOnly : '+' FCONST"""
    p[0] = A.Float(p[2])


def p_NumericOnly_3(p):
    """NumericOnly : '-' FCONST"""
    s = p[2]
    p[0] = A.Float(s[1:] if s.startswith("-") else "-" + s)


def p_NumericOnly_4(p):
    """NumericOnly : SignedIconst"""
    p[0] = A.Integer(p[1])


# nonterminal: NumericOnly_list
def p_NumericOnly_list_1(p):
    """NumericOnly_list : NumericOnly"""
    p[0] = [p[1]]


def p_NumericOnly_list_2(p):
    """NumericOnly_list : NumericOnly_list ',' NumericOnly"""
    p[0] = p[1] + [p[3]]


# nonterminal: DefineStmt  (CREATE TYPE ... AS (...) / AS ENUM (...))
def p_DefineStmt_1(p):
    """DefineStmt : CREATE TYPE_P any_name AS '(' OptTableFuncElementList ')'"""
    p[0] = A.CompositeTypeStmt(typevar=range_var(p[3], p.lexpos(3)), coldeflist=tuple(p[6]))


def p_DefineStmt_2(p):
    """DefineStmt : CREATE TYPE_P any_name AS ENUM_P '(' opt_enum_val_list ')'"""
    p[0] = A.CreateEnumStmt(type_name=tuple(p[3]), vals=tuple(A.String(v) for v in p[7]))


def p_DefineStmt_3(p):
    """DefineStmt : CREATE TYPE_P any_name definition"""
    p[0] = A.DefineStmt(kind="type", defnames=tuple(p[3]), definition=tuple(p[4]))


def p_DefineStmt_4(p):
    """DefineStmt : CREATE TYPE_P any_name"""
    p[0] = A.DefineStmt(kind="type", defnames=tuple(p[3]), definition=None)


def p_DefineStmt_5(p):
    """DefineStmt : CREATE TYPE_P any_name AS RANGE definition"""
    p[0] = A.CreateRangeStmt(type_name=tuple(p[3]), params=tuple(p[6]))


# CREATE [OR REPLACE] AGGREGATE (spec/12-functions.md, "User-defined aggregates")
def p_DefineStmt_80(p):
    """DefineStmt : CREATE opt_or_replace AGGREGATE func_name aggr_args definition"""
    args, ndirect = p[5]
    p[0] = A.DefineStmt(kind="aggregate", defnames=tuple(p[4]), args=tuple(args), ndirect=ndirect,
                        definition=tuple(p[6]), replace=p[2])


def p_DefineStmt_81(p):
    """DefineStmt : CREATE opt_or_replace AGGREGATE func_name old_aggr_definition"""
    p[0] = A.DefineStmt(kind="aggregate", defnames=tuple(p[4]), args=None, definition=tuple(p[5]),
                        replace=p[2])


# nonterminal: aggr_args  -> (FunctionParameters, number of direct args or -1)
def p_aggr_args_1(p):
    """aggr_args : '(' '*' ')'"""
    p[0] = ([], -1)


def p_aggr_args_2(p):
    """aggr_args : '(' aggr_args_list ')'"""
    p[0] = (p[2], -1)


def p_aggr_args_3(p):
    """aggr_args : '(' ORDER BY aggr_args_list ')'"""
    p[0] = (p[4], 0)


def p_aggr_args_4(p):
    """aggr_args : '(' aggr_args_list ORDER BY aggr_args_list ')'"""
    # makeOrderedSetArgs: a trailing VARIADIC direct argument identical to a
    # lone VARIADIC ordered argument covers both lists
    direct, ordered = p[2], p[5]
    last = direct[-1]
    other = ordered[0].arg_type
    if last.mode == "v" and len(ordered) == 1 and ordered[0].mode == "v" \
            and (other.names, other.array_bounds) == (last.arg_type.names, last.arg_type.array_bounds):
        p[0] = (direct, len(direct))
    else:
        p[0] = (direct + ordered, len(direct))


def p_aggr_args_list_1(p):
    """aggr_args_list : func_arg"""
    p[0] = [p[1]]


def p_aggr_args_list_2(p):
    """aggr_args_list : aggr_args_list ',' func_arg"""
    p[0] = p[1] + [p[3]]


# nonterminal: aggregate_with_argtypes
def p_aggregate_with_argtypes_1(p):
    """aggregate_with_argtypes : func_name aggr_args"""
    args = p[2][0]
    p[0] = A.ObjectWithArgs(objname=tuple(p[1]), objargs=tuple(fp.arg_type for fp in args),
                            objfuncargs=tuple(args))


def p_aggregate_with_argtypes_list_1(p):
    """aggregate_with_argtypes_list : aggregate_with_argtypes"""
    p[0] = [p[1]]


def p_aggregate_with_argtypes_list_2(p):
    """aggregate_with_argtypes_list : aggregate_with_argtypes_list ',' aggregate_with_argtypes"""
    p[0] = p[1] + [p[3]]


# nonterminal: old_aggr_definition (CREATE AGGREGATE name (BASETYPE = t, ...))
def p_old_aggr_definition_1(p):
    """old_aggr_definition : '(' old_aggr_list ')'"""
    p[0] = p[2]


def p_old_aggr_list_1(p):
    """old_aggr_list : old_aggr_elem"""
    p[0] = [p[1]]


def p_old_aggr_list_2(p):
    """old_aggr_list : old_aggr_list ',' old_aggr_elem"""
    p[0] = p[1] + [p[3]]


def p_old_aggr_elem_1(p):
    """old_aggr_elem : IDENT '=' def_arg"""
    p[0] = A.DefElem(defname=p[1], arg=p[3], location=p.lexpos(1))


def p_RemoveFuncStmt_80(p):
    """RemoveFuncStmt : DROP AGGREGATE aggregate_with_argtypes_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="aggregate", objects=tuple(p[3]), behavior=p[4])


def p_RemoveFuncStmt_81(p):
    """RemoveFuncStmt : DROP AGGREGATE IF_P EXISTS aggregate_with_argtypes_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="aggregate", objects=tuple(p[5]), behavior=p[6], missing_ok=True)


def p_RenameStmt_80(p):
    """RenameStmt : ALTER AGGREGATE aggregate_with_argtypes RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="aggregate", object=p[3], newname=p[6])


def p_AlterObjectSchemaStmt_80(p):
    """AlterObjectSchemaStmt : ALTER AGGREGATE aggregate_with_argtypes SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type="aggregate", object=p[3], newschema=p[6])


def p_AlterOwnerStmt_80(p):
    """AlterOwnerStmt : ALTER AGGREGATE aggregate_with_argtypes OWNER TO RoleSpec"""
    p[0] = A.AlterOwnerStmt(object_type="aggregate", object=p[3], newowner=p[6])


def p_CommentStmt_80(p):
    """CommentStmt : COMMENT ON AGGREGATE aggregate_with_argtypes IS comment_text"""
    p[0] = A.CommentStmt(objtype="aggregate", object=p[4], comment=p[6])


# nonterminal: AlterCompositeTypeStmt (ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE)
def p_AlterCompositeTypeStmt_1(p):
    """AlterCompositeTypeStmt : ALTER TYPE_P any_name alter_type_cmds"""
    names = tuple(p[3])
    rv = A.RangeVar(schemaname=names[-2] if len(names) > 1 else None, relname=names[-1],
                    location=p.lexpos(3))
    p[0] = A.AlterTableStmt(relation=rv, cmds=tuple(p[4]), objtype="type")


def p_alter_type_cmds_1(p):
    """alter_type_cmds : alter_type_cmd"""
    p[0] = [p[1]]


def p_alter_type_cmds_2(p):
    """alter_type_cmds : alter_type_cmds ',' alter_type_cmd"""
    p[0] = p[1] + [p[3]]


def p_alter_type_cmd_1(p):
    """alter_type_cmd : ADD_P ATTRIBUTE TableFuncElement opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="add_column", def_=p[3], behavior=p[4])


def p_alter_type_cmd_2(p):
    """alter_type_cmd : DROP ATTRIBUTE IF_P EXISTS ColId opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="drop_column", name=p[5], behavior=p[6], missing_ok=True)


def p_alter_type_cmd_3(p):
    """alter_type_cmd : DROP ATTRIBUTE ColId opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="drop_column", name=p[3], behavior=p[4])


def p_alter_type_cmd_4(p):
    """alter_type_cmd : ALTER ATTRIBUTE ColId opt_set_data TYPE_P Typename opt_collate_clause opt_drop_behavior"""
    p[0] = A.AlterTableCmd(subtype="alter_column_type", name=p[3],
                           def_=A.ColumnDef(colname=p[3], type_name=p[6], coll_clause=p[7]),
                           behavior=p[8])


# nonterminal: CreateCastStmt
def p_CreateCastStmt_1(p):
    """CreateCastStmt : CREATE CAST '(' Typename AS Typename ')' WITH FUNCTION function_with_argtypes cast_context"""
    p[0] = A.CreateCastStmt(sourcetype=p[4], targettype=p[6], func=p[10], context=p[11])


def p_CreateCastStmt_2(p):
    """CreateCastStmt : CREATE CAST '(' Typename AS Typename ')' WITHOUT FUNCTION cast_context"""
    p[0] = A.CreateCastStmt(sourcetype=p[4], targettype=p[6], context=p[10])


def p_CreateCastStmt_3(p):
    """CreateCastStmt : CREATE CAST '(' Typename AS Typename ')' WITH INOUT cast_context"""
    p[0] = A.CreateCastStmt(sourcetype=p[4], targettype=p[6], context=p[10], inout=True)


def p_cast_context_1(p):
    """cast_context : AS IMPLICIT"""
    p[0] = "i"


def p_cast_context_2(p):
    """cast_context : AS ASSIGNMENT"""
    p[0] = "a"


def p_cast_context_3(p):
    """cast_context : """
    p[0] = "e"


# nonterminal: DropCastStmt
def p_DropCastStmt_1(p):
    """DropCastStmt : DROP CAST '(' Typename AS Typename ')' opt_drop_behavior"""
    p[0] = A.DropCastStmt(sourcetype=p[4], targettype=p[6], behavior=p[8])


def p_DropCastStmt_2(p):
    """DropCastStmt : DROP CAST IF_P EXISTS '(' Typename AS Typename ')' opt_drop_behavior"""
    p[0] = A.DropCastStmt(sourcetype=p[6], targettype=p[8], missing_ok=True, behavior=p[10])


# nonterminal: AlterTypeStmt (ALTER TYPE ... SET (storage = ..., send = ..., ...))
def p_AlterTypeStmt_1(p):
    """AlterTypeStmt : ALTER TYPE_P any_name SET '(' type_set_def_list ')'"""
    p[0] = A.AlterTypeStmt(type_name=tuple(p[3]), options=tuple(p[6]))


def p_type_set_def_list_1(p):
    """type_set_def_list : type_set_def_elem"""
    p[0] = [p[1]]


def p_type_set_def_list_2(p):
    """type_set_def_list : type_set_def_list ',' type_set_def_elem"""
    p[0] = p[1] + [p[3]]


def p_type_set_def_elem_1(p):
    """type_set_def_elem : ColLabel '=' def_arg"""
    # "= NONE" arrives as def_arg's String('none'): no procedure
    p[0] = A.DefElem(defname=p[1], arg=p[3], location=p.lexpos(1))


# nonterminal: AlterDomainStmt
def p_AlterDomainStmt_1(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name alter_column_default"""
    p[0] = A.AlterDomainStmt(subtype="T", type_name=tuple(p[3]), def_=p[4])


def p_AlterDomainStmt_2(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name DROP NOT NULL_P"""
    p[0] = A.AlterDomainStmt(subtype="N", type_name=tuple(p[3]))


def p_AlterDomainStmt_3(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name SET NOT NULL_P"""
    p[0] = A.AlterDomainStmt(subtype="O", type_name=tuple(p[3]))


def p_AlterDomainStmt_4(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name ADD_P TableConstraint"""
    p[0] = A.AlterDomainStmt(subtype="C", type_name=tuple(p[3]), def_=p[5])


def p_AlterDomainStmt_5(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name DROP CONSTRAINT name opt_drop_behavior"""
    p[0] = A.AlterDomainStmt(subtype="X", type_name=tuple(p[3]), name=p[6], behavior=p[7])


def p_AlterDomainStmt_6(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name DROP CONSTRAINT IF_P EXISTS name opt_drop_behavior"""
    p[0] = A.AlterDomainStmt(subtype="X", type_name=tuple(p[3]), name=p[8], behavior=p[9],
                             missing_ok=True)


def p_AlterDomainStmt_7(p):
    """AlterDomainStmt : ALTER DOMAIN_P any_name VALIDATE CONSTRAINT name"""
    p[0] = A.AlterDomainStmt(subtype="V", type_name=tuple(p[3]), name=p[6])


# ALTER TYPE / DOMAIN ... OWNER TO, RENAME, SET SCHEMA
def p_AlterOwnerStmt_90(p):
    """AlterOwnerStmt : ALTER TYPE_P any_name OWNER TO RoleSpec
                      | ALTER DOMAIN_P any_name OWNER TO RoleSpec"""
    p[0] = A.AlterOwnerStmt(object_type=p[2].lower(), object=tuple(p[3]), newowner=p[6])


def p_RenameStmt_90(p):
    """RenameStmt : ALTER DOMAIN_P any_name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="domain", object=tuple(p[3]), newname=p[6])


def p_RenameStmt_91(p):
    """RenameStmt : ALTER DOMAIN_P any_name RENAME CONSTRAINT name TO name"""
    p[0] = A.RenameStmt(rename_type="domconstraint", object=tuple(p[3]), subname=p[6], newname=p[8])


def p_RenameStmt_92(p):
    """RenameStmt : ALTER TYPE_P any_name RENAME ATTRIBUTE name TO name opt_drop_behavior"""
    p[0] = A.RenameStmt(rename_type="attribute", relation_type="type", object=tuple(p[3]),
                        subname=p[6], newname=p[8], behavior=p[9])


def p_AlterObjectSchemaStmt_90(p):
    """AlterObjectSchemaStmt : ALTER DOMAIN_P any_name SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type="domain", object=tuple(p[3]), newschema=p[6])


# nonterminal: definition
def p_definition_1(p):
    """definition : '(' def_list ')'"""
    p[0] = p[2]


# nonterminal: def_list
def p_def_list_1(p):
    """def_list : def_elem"""
    p[0] = [p[1]]


def p_def_list_2(p):
    """def_list : def_list ',' def_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: def_elem
def p_def_elem_1(p):
    """def_elem : ColLabel '=' def_arg"""
    p[0] = A.DefElem(defname=p[1], arg=p[3], location=p.lexpos(1))


def p_def_elem_2(p):
    """def_elem : ColLabel"""
    p[0] = A.DefElem(defname=p[1], location=p.lexpos(1))


# nonterminal: def_arg
def p_def_arg_1(p):
    """def_arg : func_type"""
    p[0] = p[1]


def p_def_arg_2(p):
    """def_arg : reserved_keyword
               | Sconst"""
    p[0] = A.String(p[1])


def p_def_arg_3(p):
    """def_arg : qual_all_Op"""
    p[0] = tuple(p[1])


def p_def_arg_4(p):
    """def_arg : NumericOnly"""
    p[0] = p[1]


def p_def_arg_5(p):
    """def_arg : NONE"""
    p[0] = A.String("none")


# nonterminal: AlterEnumStmt
def p_AlterEnumStmt_1(p):
    """AlterEnumStmt : ALTER TYPE_P any_name ADD_P VALUE_P opt_if_not_exists Sconst"""
    p[0] = A.AlterEnumStmt(type_name=tuple(p[3]), new_val=p[7], skip_if_new_val_exists=p[6])


def p_AlterEnumStmt_2(p):
    """AlterEnumStmt : ALTER TYPE_P any_name ADD_P VALUE_P opt_if_not_exists Sconst BEFORE Sconst"""
    p[0] = A.AlterEnumStmt(type_name=tuple(p[3]), new_val=p[7], new_val_neighbor=p[9],
                           new_val_is_after=False, skip_if_new_val_exists=p[6])


def p_AlterEnumStmt_3(p):
    """AlterEnumStmt : ALTER TYPE_P any_name ADD_P VALUE_P opt_if_not_exists Sconst AFTER Sconst"""
    p[0] = A.AlterEnumStmt(type_name=tuple(p[3]), new_val=p[7], new_val_neighbor=p[9],
                           new_val_is_after=True, skip_if_new_val_exists=p[6])


def p_AlterEnumStmt_4(p):
    """AlterEnumStmt : ALTER TYPE_P any_name RENAME VALUE_P Sconst TO Sconst"""
    p[0] = A.AlterEnumStmt(type_name=tuple(p[3]), old_val=p[6], new_val=p[8])


# nonterminal: opt_if_not_exists
def p_opt_if_not_exists_1(p):
    """opt_if_not_exists : IF_P NOT EXISTS"""
    p[0] = True


def p_opt_if_not_exists_2(p):
    """opt_if_not_exists : """
    p[0] = False


# nonterminal: opt_enum_val_list
def p_opt_enum_val_list_1(p):
    """opt_enum_val_list : enum_val_list"""
    p[0] = p[1]


def p_opt_enum_val_list_2(p):
    """opt_enum_val_list : """
    p[0] = []


# nonterminal: enum_val_list
def p_enum_val_list_1(p):
    """enum_val_list : Sconst"""
    p[0] = [p[1]]


def p_enum_val_list_2(p):
    """enum_val_list : enum_val_list ',' Sconst"""
    p[0] = p[1] + [p[3]]


# nonterminal: DropStmt
def p_DropStmt_1(p):
    """DropStmt : DROP object_type_any_name IF_P EXISTS any_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type=p[2], objects=tuple(p[5]), behavior=p[6], missing_ok=True)


def p_DropStmt_2(p):
    """DropStmt : DROP object_type_any_name any_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type=p[2], objects=tuple(p[3]), behavior=p[4])


def p_DropStmt_3(p):
    """DropStmt : DROP drop_type_name IF_P EXISTS name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type=p[2], objects=tuple((n,) for n in p[5]), behavior=p[6],
                      missing_ok=True)


def p_DropStmt_4(p):
    """DropStmt : DROP drop_type_name name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type=p[2], objects=tuple((n,) for n in p[3]), behavior=p[4])


def p_DropStmt_5(p):
    """DropStmt : DROP TYPE_P type_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="type", objects=tuple(p[3]), behavior=p[4])


def p_DropStmt_6(p):
    """DropStmt : DROP TYPE_P IF_P EXISTS type_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="type", objects=tuple(p[5]), behavior=p[6], missing_ok=True)


def p_DropStmt_7(p):
    """DropStmt : DROP DOMAIN_P type_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="domain", objects=tuple(p[3]), behavior=p[4])


def p_DropStmt_8(p):
    """DropStmt : DROP DOMAIN_P IF_P EXISTS type_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="domain", objects=tuple(p[5]), behavior=p[6],
                      missing_ok=True)


def p_DropStmt_9(p):
    """DropStmt : DROP INDEX CONCURRENTLY any_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="index", objects=tuple(p[4]), behavior=p[5],
                      concurrent=True)


def p_DropStmt_10(p):
    """DropStmt : DROP INDEX CONCURRENTLY IF_P EXISTS any_name_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="index", objects=tuple(p[6]), behavior=p[7],
                      concurrent=True, missing_ok=True)


# nonterminal: object_type_any_name
def p_object_type_any_name_1(p):
    """object_type_any_name : TABLE
                            | SEQUENCE
                            | VIEW
                            | INDEX
                            | COLLATION"""
    p[0] = p[1]


def p_object_type_any_name_2(p):
    """object_type_any_name : MATERIALIZED VIEW"""
    p[0] = "materialized_view"


def p_object_type_any_name_3(p):
    """object_type_any_name : FOREIGN TABLE"""
    p[0] = "foreign_table"


# nonterminal: drop_type_name
def p_drop_type_name_1(p):
    """drop_type_name : EXTENSION
                      | SCHEMA
                      | SERVER
                      | PUBLICATION"""
    p[0] = p[1]


# nonterminal: any_name_list
def p_any_name_list_1(p):
    """any_name_list : any_name"""
    p[0] = [p[1]]


def p_any_name_list_2(p):
    """any_name_list : any_name_list ',' any_name"""
    p[0] = p[1] + [p[3]]


# nonterminal: any_name
def p_any_name_1(p):
    """any_name : ColId"""
    p[0] = (p[1],)


def p_any_name_2(p):
    """any_name : ColId attrs"""
    p[0] = (p[1],) + tuple(p[2])


# nonterminal: attrs
def p_attrs_1(p):
    """attrs : '.' attr_name"""
    p[0] = [p[2]]


def p_attrs_2(p):
    """attrs : attrs '.' attr_name"""
    p[0] = p[1] + [p[3]]


# nonterminal: type_name_list
def p_type_name_list_1(p):
    """type_name_list : Typename"""
    p[0] = [p[1]]


def p_type_name_list_2(p):
    """type_name_list : type_name_list ',' Typename"""
    p[0] = p[1] + [p[3]]


# nonterminal: GrantStmt
def p_GrantStmt_1(p):
    """GrantStmt : GRANT privileges ON privilege_target TO grantee_list opt_grant_grant_option opt_granted_by"""
    targtype, objtype, objects = p[4]
    p[0] = A.GrantStmt(is_grant=True, targtype=targtype, objtype=objtype, objects=tuple(objects),
                       privileges=tuple(p[2]), grantees=tuple(p[6]), grant_option=p[7], grantor=p[8],
                       location=p.lexpos(1))


# nonterminal: RevokeStmt
def p_RevokeStmt_1(p):
    """RevokeStmt : REVOKE privileges ON privilege_target FROM grantee_list opt_granted_by opt_drop_behavior"""
    targtype, objtype, objects = p[4]
    p[0] = A.GrantStmt(is_grant=False, targtype=targtype, objtype=objtype, objects=tuple(objects),
                       privileges=tuple(p[2]), grantees=tuple(p[6]), grantor=p[7], behavior=p[8],
                       location=p.lexpos(1))


def p_RevokeStmt_2(p):
    """RevokeStmt : REVOKE GRANT OPTION FOR privileges ON privilege_target FROM grantee_list opt_granted_by opt_drop_behavior"""
    targtype, objtype, objects = p[7]
    p[0] = A.GrantStmt(is_grant=False, targtype=targtype, objtype=objtype, objects=tuple(objects),
                       privileges=tuple(p[5]), grantees=tuple(p[9]), grant_option=True, grantor=p[10],
                       behavior=p[11], location=p.lexpos(1))


# nonterminal: privileges  -- list of AccessPriv; [] means ALL PRIVILEGES
def p_privileges_1(p):
    """privileges : privilege_list"""
    p[0] = p[1]


def p_privileges_2(p):
    """privileges : ALL
                  | ALL PRIVILEGES"""
    p[0] = []


def p_privileges_3(p):
    """privileges : ALL '(' columnList ')'"""
    p[0] = [A.AccessPriv(priv_name=None, cols=tuple(p[3]))]


def p_privileges_4(p):
    """privileges : ALL PRIVILEGES '(' columnList ')'"""
    p[0] = [A.AccessPriv(priv_name=None, cols=tuple(p[4]))]


# nonterminal: privilege_list
def p_privilege_list_1(p):
    """privilege_list : privilege"""
    p[0] = [p[1]]


def p_privilege_list_2(p):
    """privilege_list : privilege_list ',' privilege"""
    p[0] = p[1] + [p[3]]


# nonterminal: privilege
def p_privilege_1(p):
    """privilege : SELECT opt_column_list
                 | REFERENCES opt_column_list
                 | CREATE opt_column_list
                 | ColId opt_column_list"""
    p[0] = A.AccessPriv(priv_name=p[1].lower(), cols=tuple(p[2]))


def p_privilege_2(p):
    """privilege : ALTER SYSTEM_P"""
    p[0] = A.AccessPriv(priv_name="alter system")


# nonterminal: privilege_target  -- (targtype, objtype, objects)
def p_privilege_target_1(p):
    """privilege_target : qualified_name_list"""
    p[0] = ("object", "table", p[1])


def p_privilege_target_2(p):
    """privilege_target : TABLE qualified_name_list"""
    p[0] = ("object", "table", p[2])


def p_privilege_target_3(p):
    """privilege_target : SEQUENCE qualified_name_list"""
    p[0] = ("object", "sequence", p[2])


def p_privilege_target_4(p):
    """privilege_target : FOREIGN DATA_P WRAPPER name_list"""
    p[0] = ("object", "fdw", p[4])


def p_privilege_target_5(p):
    """privilege_target : FOREIGN SERVER name_list"""
    p[0] = ("object", "foreign_server", p[3])


def p_privilege_target_6(p):
    """privilege_target : FUNCTION function_with_argtypes_list
                        | PROCEDURE function_with_argtypes_list
                        | ROUTINE function_with_argtypes_list"""
    p[0] = ("object", p[1].lower(), p[2])


def p_privilege_target_7(p):
    """privilege_target : DATABASE name_list
                        | LANGUAGE name_list
                        | SCHEMA name_list
                        | TABLESPACE name_list"""
    p[0] = ("object", p[1].lower(), p[2])


def p_privilege_target_8(p):
    """privilege_target : DOMAIN_P any_name_list
                        | TYPE_P any_name_list"""
    p[0] = ("object", p[1].lower(), [tuple(n) for n in p[2]])


def p_privilege_target_9(p):
    """privilege_target : LARGE OBJECT_P NumericOnly_list"""
    p[0] = ("object", "largeobject", p[3])


def p_privilege_target_10(p):
    """privilege_target : ALL TABLES IN_P SCHEMA name_list"""
    p[0] = ("all_in_schema", "table", p[5])


def p_privilege_target_11(p):
    """privilege_target : ALL SEQUENCES IN_P SCHEMA name_list"""
    p[0] = ("all_in_schema", "sequence", p[5])


def p_privilege_target_12(p):
    """privilege_target : ALL FUNCTIONS IN_P SCHEMA name_list"""
    p[0] = ("all_in_schema", "function", p[5])


def p_privilege_target_13(p):
    """privilege_target : ALL PROCEDURES IN_P SCHEMA name_list"""
    p[0] = ("all_in_schema", "procedure", p[5])


def p_privilege_target_14(p):
    """privilege_target : ALL ROUTINES IN_P SCHEMA name_list"""
    p[0] = ("all_in_schema", "routine", p[5])


# nonterminal: grantee_list
def p_grantee_list_1(p):
    """grantee_list : grantee"""
    p[0] = [p[1]]


def p_grantee_list_2(p):
    """grantee_list : grantee_list ',' grantee"""
    p[0] = p[1] + [p[3]]


# nonterminal: grantee
def p_grantee_1(p):
    """grantee : RoleSpec"""
    p[0] = p[1]


def p_grantee_2(p):
    """grantee : GROUP_P RoleSpec"""
    p[0] = p[2]


# nonterminal: opt_grant_grant_option
def p_opt_grant_grant_option_1(p):
    """opt_grant_grant_option : WITH GRANT OPTION"""
    p[0] = True


def p_opt_grant_grant_option_2(p):
    """opt_grant_grant_option : """
    p[0] = False


# nonterminal: opt_granted_by
def p_opt_granted_by_1(p):
    """opt_granted_by : GRANTED BY RoleSpec"""
    p[0] = p[3]


def p_opt_granted_by_2(p):
    """opt_granted_by : """
    p[0] = None


# nonterminal: AlterOwnerStmt  (the schema form)
def p_AlterOwnerStmt_70(p):
    """AlterOwnerStmt : ALTER SCHEMA name OWNER TO RoleSpec"""
    p[0] = A.AlterOwnerStmt(object_type="schema", object=p[3], newowner=p[6])


# nonterminal: CreateOpClassStmt
def p_CreateOpClassStmt_1(p):
    """CreateOpClassStmt : CREATE OPERATOR CLASS any_name opt_default FOR TYPE_P Typename USING name opt_opfamily AS opclass_item_list"""
    p[0] = A.CreateOpClassStmt(opclassname=tuple(p[4]), is_default=p[5], datatype=p[8], amname=p[10],
                               opfamilyname=tuple(p[11]), items=tuple(p[13]))


# nonterminal: opclass_item_list
def p_opclass_item_list_1(p):
    """opclass_item_list : opclass_item"""
    p[0] = [p[1]]


def p_opclass_item_list_2(p):
    """opclass_item_list : opclass_item_list ',' opclass_item"""
    p[0] = p[1] + [p[3]]


# nonterminal: opclass_item
def p_opclass_item_1(p):
    """opclass_item : OPERATOR Iconst any_operator opclass_purpose opt_recheck"""
    p[0] = A.CreateOpClassItem(itemtype="operator", name=A.ObjectWithArgs(objname=tuple(p[3])), number=p[2],
                               order_family=tuple(p[4]))


def p_opclass_item_2(p):
    """opclass_item : OPERATOR Iconst operator_with_argtypes opclass_purpose opt_recheck"""
    p[0] = A.CreateOpClassItem(itemtype="operator", name=p[3], number=p[2], order_family=tuple(p[4]))


def p_opclass_item_3(p):
    """opclass_item : FUNCTION Iconst function_with_argtypes"""
    p[0] = A.CreateOpClassItem(itemtype="function", name=p[3], number=p[2])


def p_opclass_item_4(p):
    """opclass_item : FUNCTION Iconst '(' type_list ')' function_with_argtypes"""
    p[0] = A.CreateOpClassItem(itemtype="function", name=p[6], number=p[2], class_args=tuple(p[4]))


def p_opclass_item_5(p):
    """opclass_item : STORAGE Typename"""
    p[0] = A.CreateOpClassItem(itemtype="storage", storedtype=p[2])


# nonterminal: opt_default
def p_opt_default_1(p):
    """opt_default : DEFAULT"""
    p[0] = True


def p_opt_default_2(p):
    """opt_default : """
    p[0] = False


# nonterminal: opt_opfamily
def p_opt_opfamily_1(p):
    """opt_opfamily : FAMILY any_name"""
    p[0] = p[2]


def p_opt_opfamily_2(p):
    """opt_opfamily : """
    p[0] = []


# nonterminal: opclass_purpose  -- the FOR ORDER BY family name, or []
def p_opclass_purpose_1(p):
    """opclass_purpose : FOR SEARCH"""
    p[0] = []


def p_opclass_purpose_2(p):
    """opclass_purpose : FOR ORDER BY any_name"""
    p[0] = p[4]


def p_opclass_purpose_3(p):
    """opclass_purpose : """
    p[0] = []


# nonterminal: opt_recheck
def p_opt_recheck_1(p):
    """opt_recheck : RECHECK"""
    raise PgError(FEATURE_NOT_SUPPORTED, "RECHECK is no longer required",
                  hint="Update your data type.", position=p.lexpos(1) + 1)


def p_opt_recheck_2(p):
    """opt_recheck : """
    p[0] = None


# nonterminal: operator_with_argtypes
def p_operator_with_argtypes_1(p):
    """operator_with_argtypes : any_operator oper_argtypes"""
    p[0] = A.ObjectWithArgs(objname=tuple(p[1]), objargs=tuple(p[2]))


# nonterminal: oper_argtypes  -- [left, right]; None for NONE
def p_oper_argtypes_1(p):
    """oper_argtypes : '(' Typename ')'"""
    raise PgError(SYNTAX_ERROR, "missing argument", hint="Use NONE to denote the missing argument of a "
                  "unary operator.", position=p.lexpos(3) + 1)


def p_oper_argtypes_2(p):
    """oper_argtypes : '(' Typename ',' Typename ')'"""
    p[0] = [p[2], p[4]]


def p_oper_argtypes_3(p):
    """oper_argtypes : '(' NONE ',' Typename ')'"""
    p[0] = [None, p[4]]


def p_oper_argtypes_4(p):
    """oper_argtypes : '(' Typename ',' NONE ')'"""
    p[0] = [p[2], None]


# ---- user-defined operators (engine/operatorcmds.py, spec/09-engine.md "User-defined operators")
def p_DefineStmt_60(p):
    """DefineStmt : CREATE OPERATOR any_operator definition"""
    p[0] = A.DefineStmt(kind="operator", defnames=tuple(p[3]), definition=tuple(p[4]))


def p_operator_with_argtypes_list_1(p):
    """operator_with_argtypes_list : operator_with_argtypes"""
    p[0] = [p[1]]


def p_operator_with_argtypes_list_2(p):
    """operator_with_argtypes_list : operator_with_argtypes_list ',' operator_with_argtypes"""
    p[0] = p[1] + [p[3]]


def p_RemoveFuncStmt_60(p):
    """RemoveFuncStmt : DROP OPERATOR operator_with_argtypes_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="operator", objects=tuple(p[3]), behavior=p[4])


def p_RemoveFuncStmt_61(p):
    """RemoveFuncStmt : DROP OPERATOR IF_P EXISTS operator_with_argtypes_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="operator", objects=tuple(p[5]), behavior=p[6], missing_ok=True)


def p_AlterOperatorStmt_1(p):
    """AlterOperatorStmt : ALTER OPERATOR operator_with_argtypes SET '(' operator_def_list ')'"""
    p[0] = A.AlterOperatorStmt(opername=p[3], options=tuple(p[6]))


def p_operator_def_list_1(p):
    """operator_def_list : operator_def_elem"""
    p[0] = [p[1]]


def p_operator_def_list_2(p):
    """operator_def_list : operator_def_list ',' operator_def_elem"""
    p[0] = p[1] + [p[3]]


def p_operator_def_elem_1(p):
    """operator_def_elem : ColLabel '=' NONE"""
    p[0] = A.DefElem(defname=p[1], arg=None, location=p.lexpos(1))


def p_operator_def_elem_2(p):
    """operator_def_elem : ColLabel '=' operator_def_arg"""
    p[0] = A.DefElem(defname=p[1], arg=p[3], location=p.lexpos(1))


def p_operator_def_arg_1(p):
    """operator_def_arg : func_type"""
    p[0] = p[1]


def p_operator_def_arg_2(p):
    """operator_def_arg : reserved_keyword
                        | Sconst"""
    p[0] = A.String(p[1])


def p_operator_def_arg_3(p):
    """operator_def_arg : qual_all_Op"""
    p[0] = tuple(p[1])


def p_operator_def_arg_4(p):
    """operator_def_arg : NumericOnly"""
    p[0] = p[1]


def p_AlterOwnerStmt_60(p):
    """AlterOwnerStmt : ALTER OPERATOR operator_with_argtypes OWNER TO RoleSpec"""
    p[0] = A.AlterOwnerStmt(object_type="operator", object=p[3], newowner=p[6])


def p_AlterObjectSchemaStmt_60(p):
    """AlterObjectSchemaStmt : ALTER OPERATOR operator_with_argtypes SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type="operator", object=p[3], newschema=p[6])


def p_CommentStmt_60(p):
    """CommentStmt : COMMENT ON OPERATOR operator_with_argtypes IS comment_text"""
    p[0] = A.CommentStmt(objtype="operator", object=p[4], comment=p[6])


# nonterminal: TruncateStmt
def p_TruncateStmt_1(p):
    """TruncateStmt : TRUNCATE opt_table relation_expr_list opt_restart_seqs opt_drop_behavior"""
    p[0] = A.TruncateStmt(relations=tuple(p[3]), restart_seqs=p[4], behavior=p[5])


# nonterminal: opt_restart_seqs
def p_opt_restart_seqs_1(p):
    """opt_restart_seqs : CONTINUE_P IDENTITY_P
                        | """
    p[0] = False


def p_opt_restart_seqs_2(p):
    """opt_restart_seqs : RESTART IDENTITY_P"""
    p[0] = True


# nonterminal: CommentStmt
def p_CommentStmt_1(p):
    """CommentStmt : COMMENT ON object_type_any_name any_name IS comment_text"""
    p[0] = A.CommentStmt(objtype=p[3], object=p[4], comment=p[6])


def p_CommentStmt_2(p):
    """CommentStmt : COMMENT ON COLUMN any_name IS comment_text"""
    p[0] = A.CommentStmt(objtype="column", object=p[4], comment=p[6])


def p_CommentStmt_3(p):
    """CommentStmt : COMMENT ON object_type_name name IS comment_text"""
    p[0] = A.CommentStmt(objtype=p[3], object=(p[4],), comment=p[6])


def p_CommentStmt_4(p):
    """CommentStmt : COMMENT ON TYPE_P Typename IS comment_text"""
    p[0] = A.CommentStmt(objtype="type", object=p[4], comment=p[6])


def p_CommentStmt_5(p):
    """CommentStmt : COMMENT ON DOMAIN_P Typename IS comment_text"""
    p[0] = A.CommentStmt(objtype="domain", object=p[4], comment=p[6])


def p_CommentStmt_6(p):
    """CommentStmt : COMMENT ON FUNCTION function_with_argtypes IS comment_text"""
    p[0] = A.CommentStmt(objtype="function", object=p[4], comment=p[6])


def p_CommentStmt_7(p):
    """CommentStmt : COMMENT ON CONSTRAINT name ON any_name IS comment_text"""
    p[0] = A.CommentStmt(objtype="tabconstraint", object=tuple(p[6]) + (p[4],),
                         comment=p[8])


def p_CommentStmt_90(p):
    """CommentStmt : COMMENT ON RULE name ON any_name IS comment_text"""
    p[0] = A.CommentStmt(objtype="rule", object=tuple(p[6]) + (p[4],), comment=p[8])


# nonterminal: object_type_name
def p_object_type_name_1(p):
    """object_type_name : drop_type_name
                        | DATABASE
                        | ROLE
                        | TABLESPACE"""
    p[0] = p[1]


# nonterminal: comment_text
def p_comment_text_1(p):
    """comment_text : Sconst"""
    p[0] = p[1]


def p_comment_text_2(p):
    """comment_text : NULL_P"""
    p[0] = None


# nonterminal: function_with_argtypes
def p_function_with_argtypes_1(p):
    """function_with_argtypes : func_name func_args"""
    # extractArgTypes: OUT and TABLE parameters are not part of the signature
    p[0] = A.ObjectWithArgs(objname=tuple(p[1]),
                            objargs=tuple(fp.arg_type for fp in p[2] if fp.mode not in ("o", "t")),
                            objfuncargs=tuple(p[2]))


def p_function_with_argtypes_2(p):
    """function_with_argtypes : type_func_name_keyword"""
    p[0] = A.ObjectWithArgs(objname=(p[1],), args_unspecified=True)


def p_function_with_argtypes_3(p):
    """function_with_argtypes : ColId"""
    p[0] = A.ObjectWithArgs(objname=(p[1],), args_unspecified=True)


def p_function_with_argtypes_4(p):
    """function_with_argtypes : ColId indirection"""
    names = (p[1],) + tuple(p[2])
    if not all(isinstance(x, str) for x in names):
        raise YYError()
    p[0] = A.ObjectWithArgs(objname=names, args_unspecified=True)


# nonterminal: func_args
def p_func_args_1(p):
    """func_args : '(' func_args_list ')'"""
    p[0] = p[2]


def p_func_args_2(p):
    """func_args : '(' ')'"""
    p[0] = []


# nonterminal: func_args_list
def p_func_args_list_1(p):
    """func_args_list : func_arg"""
    p[0] = [p[1]]


def p_func_args_list_2(p):
    """func_args_list : func_args_list ',' func_arg"""
    p[0] = p[1] + [p[3]]


# nonterminal: func_type
def p_func_type_1(p):
    """func_type : Typename"""
    p[0] = p[1]


def p_func_type_2(p):
    """func_type : type_function_name attrs '%' TYPE_P"""
    p[0] = A.TypeName(names=(p[1],) + tuple(p[2]), pct_type=True, location=p.lexpos(1))


def p_func_type_3(p):
    """func_type : SETOF type_function_name attrs '%' TYPE_P"""
    p[0] = A.TypeName(names=(p[2],) + tuple(p[3]), pct_type=True, setof=True,
                      location=p.lexpos(2))


# nonterminal: CreateTrigStmt  (gram.y CreateTrigStmt; engine in pgref/engine/triggercmds.py)
def p_CreateTrigStmt_1(p):
    """CreateTrigStmt : CREATE opt_or_replace TRIGGER name TriggerActionTime TriggerEvents ON qualified_name TriggerReferencing TriggerForSpec TriggerWhen EXECUTE FUNCTION_or_PROCEDURE func_name '(' TriggerFuncArgs ')'"""
    events, cols = p[6]
    p[0] = A.CreateTrigStmt(replace=p[2], trigname=p[4], timing=p[5], events=events,
                            columns=cols, relation=p[8], transition_rels=tuple(p[9]),
                            row=p[10], when_clause=p[11], funcname=tuple(p[14]),
                            args=tuple(p[16]), location=p.lexpos(1))


def p_CreateTrigStmt_2(p):
    """CreateTrigStmt : CREATE opt_or_replace CONSTRAINT TRIGGER name AFTER TriggerEvents ON qualified_name OptConstrFromTable ConstraintAttributeSpec FOR EACH ROW TriggerWhen EXECUTE FUNCTION_or_PROCEDURE func_name '(' TriggerFuncArgs ')'"""
    if p[2]:
        raise _syntax("CREATE OR REPLACE CONSTRAINT TRIGGER is not supported", p.lexpos(1))
    events, cols = p[7]
    bits = p[11]
    if bits & (CAS_NOT_VALID | CAS_NO_INHERIT):
        raise _syntax("constraint triggers cannot be marked %s"
                      % ("NOT VALID" if bits & CAS_NOT_VALID else "NO INHERIT"), p.lexpos(11))
    p[0] = A.CreateTrigStmt(isconstraint=True, trigname=p[5], timing="after", events=events,
                            columns=cols, relation=p[9], constrrel=p[10], row=True,
                            when_clause=p[15], funcname=tuple(p[18]), args=tuple(p[20]),
                            deferrable=bool(bits & (CAS_DEFERRABLE | CAS_INITIALLY_DEFERRED)),
                            initdeferred=bool(bits & CAS_INITIALLY_DEFERRED),
                            location=p.lexpos(1))


# nonterminal: TriggerActionTime
def p_TriggerActionTime_1(p):
    """TriggerActionTime : BEFORE
                         | AFTER"""
    p[0] = p[1].lower()


def p_TriggerActionTime_2(p):
    """TriggerActionTime : INSTEAD OF"""
    p[0] = "instead"


# nonterminal: TriggerEvents  -- (events tuple, UPDATE OF columns tuple)
def p_TriggerEvents_1(p):
    """TriggerEvents : TriggerOneEvent"""
    p[0] = p[1]


def p_TriggerEvents_2(p):
    """TriggerEvents : TriggerEvents OR TriggerOneEvent"""
    (ev1, c1), (ev2, c2) = p[1], p[3]
    if ev2[0] in ev1:
        raise _syntax("duplicate trigger events specified", p.lexpos(3))
    p[0] = (ev1 + ev2, c1 + c2)


# nonterminal: TriggerOneEvent
def p_TriggerOneEvent_1(p):
    """TriggerOneEvent : INSERT
                       | DELETE_P
                       | UPDATE
                       | TRUNCATE"""
    p[0] = ((p[1].lower(),), ())


def p_TriggerOneEvent_2(p):
    """TriggerOneEvent : UPDATE OF columnList"""
    p[0] = (("update",), tuple(p[3]))


# nonterminal: TriggerReferencing
def p_TriggerReferencing_1(p):
    """TriggerReferencing : REFERENCING TriggerTransitions"""
    p[0] = p[2]


def p_TriggerReferencing_2(p):
    """TriggerReferencing : """
    p[0] = []


# nonterminal: TriggerTransitions
def p_TriggerTransitions_1(p):
    """TriggerTransitions : TriggerTransition"""
    p[0] = [p[1]]


def p_TriggerTransitions_2(p):
    """TriggerTransitions : TriggerTransitions TriggerTransition"""
    p[0] = p[1] + [p[2]]


# nonterminal: TriggerTransition  -- (is_new, is_table, name)
def p_TriggerTransition_1(p):
    """TriggerTransition : TransitionOldOrNew TransitionRowOrTable opt_as ColId"""
    p[0] = (p[1], p[2], p[4])


# nonterminal: TransitionOldOrNew
def p_TransitionOldOrNew_1(p):
    """TransitionOldOrNew : NEW"""
    p[0] = True


def p_TransitionOldOrNew_2(p):
    """TransitionOldOrNew : OLD"""
    p[0] = False


# nonterminal: TransitionRowOrTable
def p_TransitionRowOrTable_1(p):
    """TransitionRowOrTable : TABLE"""
    p[0] = True


def p_TransitionRowOrTable_2(p):
    """TransitionRowOrTable : ROW"""
    p[0] = False


# nonterminal: TriggerForSpec  -- True for FOR EACH ROW
def p_TriggerForSpec_1(p):
    """TriggerForSpec : FOR TriggerForOptEach TriggerForType"""
    p[0] = p[3]


def p_TriggerForSpec_2(p):
    """TriggerForSpec : """
    p[0] = False


# nonterminal: TriggerForOptEach
def p_TriggerForOptEach_1(p):
    """TriggerForOptEach : EACH
                         | """
    p[0] = None


# nonterminal: TriggerForType
def p_TriggerForType_1(p):
    """TriggerForType : ROW"""
    p[0] = True


def p_TriggerForType_2(p):
    """TriggerForType : STATEMENT"""
    p[0] = False


# nonterminal: TriggerWhen
def p_TriggerWhen_1(p):
    """TriggerWhen : WHEN '(' a_expr ')'"""
    p[0] = p[3]


def p_TriggerWhen_2(p):
    """TriggerWhen : """
    p[0] = None


# nonterminal: FUNCTION_or_PROCEDURE
def p_FUNCTION_or_PROCEDURE_1(p):
    """FUNCTION_or_PROCEDURE : FUNCTION
                             | PROCEDURE"""
    p[0] = None


# nonterminal: TriggerFuncArgs
def p_TriggerFuncArgs_1(p):
    """TriggerFuncArgs : TriggerFuncArg"""
    p[0] = [p[1]]


def p_TriggerFuncArgs_2(p):
    """TriggerFuncArgs : TriggerFuncArgs ',' TriggerFuncArg"""
    p[0] = p[1] + [p[3]]


def p_TriggerFuncArgs_3(p):
    """TriggerFuncArgs : """
    p[0] = []


# nonterminal: TriggerFuncArg  -- every argument is kept as a string
def p_TriggerFuncArg_1(p):
    """TriggerFuncArg : Iconst"""
    p[0] = str(p[1])


def p_TriggerFuncArg_2(p):
    """TriggerFuncArg : FCONST
                      | Sconst
                      | ColLabel"""
    p[0] = p[1]


# nonterminal: OptConstrFromTable
def p_OptConstrFromTable_1(p):
    """OptConstrFromTable : FROM qualified_name"""
    p[0] = p[2]


def p_OptConstrFromTable_2(p):
    """OptConstrFromTable : """
    p[0] = None


# DROP TRIGGER [IF EXISTS] name ON table: objects = ((*table_name, trigger_name),)
def p_DropStmt_60(p):
    """DropStmt : DROP TRIGGER name ON any_name opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="trigger", objects=(tuple(p[5]) + (p[3],),), behavior=p[6])


def p_DropStmt_61(p):
    """DropStmt : DROP TRIGGER IF_P EXISTS name ON any_name opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="trigger", objects=(tuple(p[7]) + (p[5],),), behavior=p[8],
                      missing_ok=True)


# DROP RULE [IF EXISTS] name ON table (rules themselves are not supported:
# engine/ddl.py reports the missing relation or rule as PostgreSQL would)
def p_DropStmt_62(p):
    """DropStmt : DROP RULE name ON any_name opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="rule", objects=(tuple(p[5]) + (p[3],),), behavior=p[6])


def p_DropStmt_63(p):
    """DropStmt : DROP RULE IF_P EXISTS name ON any_name opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type="rule", objects=(tuple(p[7]) + (p[5],),), behavior=p[8],
                      missing_ok=True)


# nonterminal: RuleStmt  (gram.y RuleStmt; engine in pgref/engine/rulecmds.py)
def p_RuleStmt_1(p):
    """RuleStmt : CREATE opt_or_replace RULE name AS ON event TO qualified_name where_clause DO opt_instead RuleActionList"""
    p[0] = A.RuleStmt(replace=p[2], rulename=p[4], event=p[7], relation=p[9], where_clause=p[10],
                      instead=p[12], actions=tuple(p[13]))


# nonterminal: RuleActionList
def p_RuleActionList_1(p):
    """RuleActionList : NOTHING"""
    p[0] = []


def p_RuleActionList_2(p):
    """RuleActionList : RuleActionStmt"""
    p[0] = [p[1]]


def p_RuleActionList_3(p):
    """RuleActionList : '(' RuleActionMulti ')'"""
    p[0] = p[2]


# nonterminal: RuleActionMulti (empty statements between semicolons dropped)
def p_RuleActionMulti_1(p):
    """RuleActionMulti : RuleActionMulti ';' RuleActionStmtOrEmpty"""
    p[0] = p[1] + ([p[3]] if p[3] is not None else [])


def p_RuleActionMulti_2(p):
    """RuleActionMulti : RuleActionStmtOrEmpty"""
    p[0] = [p[1]] if p[1] is not None else []


# nonterminal: RuleActionStmt
def p_RuleActionStmt_1(p):
    """RuleActionStmt : SelectStmt
                      | InsertStmt
                      | UpdateStmt
                      | DeleteStmt
                      | NotifyStmt"""
    p[0] = p[1]


# nonterminal: RuleActionStmtOrEmpty
def p_RuleActionStmtOrEmpty_1(p):
    """RuleActionStmtOrEmpty : RuleActionStmt"""
    p[0] = p[1]


def p_RuleActionStmtOrEmpty_2(p):
    """RuleActionStmtOrEmpty : """
    p[0] = None


# nonterminal: event
def p_event_1(p):
    """event : SELECT
             | UPDATE
             | DELETE_P
             | INSERT"""
    word = str(p[1]).lower()
    p[0] = "delete" if word.startswith("delete") else word


# nonterminal: opt_instead
def p_opt_instead_1(p):
    """opt_instead : INSTEAD"""
    p[0] = True


def p_opt_instead_2(p):
    """opt_instead : ALSO
                   | """
    p[0] = False


# ALTER RULE name ON table RENAME TO name
def p_RenameStmt_61(p):
    """RenameStmt : ALTER RULE name ON qualified_name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="rule", relation=p[5], subname=p[3], newname=p[8])


# ALTER TRIGGER name ON table RENAME TO name
def p_RenameStmt_60(p):
    """RenameStmt : ALTER TRIGGER name ON qualified_name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="trigger", relation=p[5], subname=p[3], newname=p[8])


# ALTER TABLE ... ENABLE / DISABLE TRIGGER; name None = ALL, "\x00user" marker via subtype
def p_alter_table_cmd_60(p):
    """alter_table_cmd : ENABLE_P TRIGGER name
                       | DISABLE_P TRIGGER name"""
    p[0] = A.AlterTableCmd(subtype=("enable_trig" if p[1].upper() == "ENABLE" else "disable_trig"),
                           name=p[3])


# ALTER TABLE ... ENABLE [ALWAYS | REPLICA] / DISABLE RULE name (engine/rulecmds.py)
def p_alter_table_cmd_90(p):
    """alter_table_cmd : ENABLE_P RULE name
                       | DISABLE_P RULE name"""
    p[0] = A.AlterTableCmd(subtype=("enable_rule" if p[1].upper() == "ENABLE" else "disable_rule"), name=p[3])


def p_alter_table_cmd_91(p):
    """alter_table_cmd : ENABLE_P ALWAYS RULE name
                       | ENABLE_P REPLICA RULE name"""
    p[0] = A.AlterTableCmd(subtype="enable_%s_rule" % p[2].lower(), name=p[4])


def p_alter_table_cmd_61(p):
    """alter_table_cmd : ENABLE_P ALWAYS TRIGGER name
                       | ENABLE_P REPLICA TRIGGER name"""
    p[0] = A.AlterTableCmd(subtype="enable_%s_trig" % p[2].lower(), name=p[4])


def p_alter_table_cmd_62(p):
    """alter_table_cmd : ENABLE_P TRIGGER ALL
                       | DISABLE_P TRIGGER ALL
                       | ENABLE_P TRIGGER USER
                       | DISABLE_P TRIGGER USER"""
    act = "enable" if p[1].upper() == "ENABLE" else "disable"
    p[0] = A.AlterTableCmd(subtype="%s_trig_%s" % (act, p[3].lower()))


# nonterminal: CreateFunctionStmt
def p_CreateFunctionStmt_1(p):
    """CreateFunctionStmt : CREATE opt_or_replace FUNCTION func_name func_args_with_defaults RETURNS func_return opt_createfunc_opt_list opt_routine_body"""
    p[0] = A.CreateFunctionStmt(replace=p[2], funcname=tuple(p[4]), parameters=tuple(p[5]),
                                return_type=p[7], options=tuple(p[8]), sql_body=p[9],
                                location=p.lexpos(1))


def p_CreateFunctionStmt_2(p):
    """CreateFunctionStmt : CREATE opt_or_replace FUNCTION func_name func_args_with_defaults RETURNS TABLE '(' table_func_column_list ')' opt_createfunc_opt_list opt_routine_body"""
    # mergeTableFuncParameters: the TABLE columns become mode-'t' parameters
    for fp in p[5]:
        if fp.mode not in ("i", "d"):
            raise _syntax("OUT and INOUT arguments aren't allowed in TABLE functions",
                                fp.location)
    rt = p[9][0].arg_type if len(p[9]) == 1 else A.TypeName(names=("pg_catalog", "record"),
                                                            location=p.lexpos(7))
    rt = dataclasses.replace(rt, setof=True, location=p.lexpos(7))
    p[0] = A.CreateFunctionStmt(replace=p[2], funcname=tuple(p[4]), parameters=tuple(p[5]) + tuple(p[9]),
                                return_type=rt, options=tuple(p[11]), sql_body=p[12],
                                location=p.lexpos(1))


def p_CreateFunctionStmt_3(p):
    """CreateFunctionStmt : CREATE opt_or_replace FUNCTION func_name func_args_with_defaults opt_createfunc_opt_list opt_routine_body"""
    p[0] = A.CreateFunctionStmt(replace=p[2], funcname=tuple(p[4]), parameters=tuple(p[5]),
                                options=tuple(p[6]), sql_body=p[7], location=p.lexpos(1))


def p_CreateFunctionStmt_4(p):
    """CreateFunctionStmt : CREATE opt_or_replace PROCEDURE func_name func_args_with_defaults opt_createfunc_opt_list opt_routine_body"""
    p[0] = A.CreateFunctionStmt(is_procedure=True, replace=p[2], funcname=tuple(p[4]),
                                parameters=tuple(p[5]), options=tuple(p[6]), sql_body=p[7],
                                location=p.lexpos(1))


# nonterminal: opt_or_replace
def p_opt_or_replace_1(p):
    """opt_or_replace : OR REPLACE"""
    p[0] = True


def p_opt_or_replace_2(p):
    """opt_or_replace : """
    p[0] = False


# nonterminal: func_args_with_defaults
def p_func_args_with_defaults_1(p):
    """func_args_with_defaults : '(' func_args_with_defaults_list ')'"""
    p[0] = p[2]


def p_func_args_with_defaults_2(p):
    """func_args_with_defaults : '(' ')'"""
    p[0] = []


# nonterminal: func_args_with_defaults_list
def p_func_args_with_defaults_list_1(p):
    """func_args_with_defaults_list : func_arg_with_default"""
    p[0] = [p[1]]


def p_func_args_with_defaults_list_2(p):
    """func_args_with_defaults_list : func_args_with_defaults_list ',' func_arg_with_default"""
    p[0] = p[1] + [p[3]]


# nonterminal: func_arg
def p_func_arg_1(p):
    """func_arg : arg_class param_name func_type"""
    p[0] = A.FunctionParameter(name=p[2], arg_type=p[3], mode=p[1], location=p.lexpos(1))


def p_func_arg_2(p):
    """func_arg : param_name arg_class func_type"""
    p[0] = A.FunctionParameter(name=p[1], arg_type=p[3], mode=p[2], location=p.lexpos(1))


def p_func_arg_3(p):
    """func_arg : param_name func_type"""
    p[0] = A.FunctionParameter(name=p[1], arg_type=p[2], mode="d", location=p.lexpos(1))


def p_func_arg_4(p):
    """func_arg : arg_class func_type"""
    p[0] = A.FunctionParameter(arg_type=p[2], mode=p[1], location=p.lexpos(1))


def p_func_arg_5(p):
    """func_arg : func_type"""
    p[0] = A.FunctionParameter(arg_type=p[1], mode="d", location=p.lexpos(1))


# nonterminal: arg_class
def p_arg_class_1(p):
    """arg_class : IN_P"""
    p[0] = "i"


def p_arg_class_2(p):
    """arg_class : OUT_P"""
    p[0] = "o"


def p_arg_class_3(p):
    """arg_class : INOUT
                 | IN_P OUT_P"""
    p[0] = "b"


def p_arg_class_4(p):
    """arg_class : VARIADIC"""
    p[0] = "v"


# nonterminal: func_return
def p_func_return_1(p):
    """func_return : func_type"""
    p[0] = p[1]


# nonterminal: func_arg_with_default
def p_func_arg_with_default_1(p):
    """func_arg_with_default : func_arg"""
    p[0] = p[1]


def p_func_arg_with_default_2(p):
    """func_arg_with_default : func_arg DEFAULT a_expr
                             | func_arg '=' a_expr"""
    p[0] = dataclasses.replace(p[1], defexpr=p[3])


# nonterminal: opt_createfunc_opt_list
def p_opt_createfunc_opt_list_1(p):
    """opt_createfunc_opt_list : createfunc_opt_list"""
    p[0] = p[1]


def p_opt_createfunc_opt_list_2(p):
    """opt_createfunc_opt_list : """
    p[0] = []


# nonterminal: createfunc_opt_list
def p_createfunc_opt_list_1(p):
    """createfunc_opt_list : createfunc_opt_item"""
    p[0] = [p[1]]


def p_createfunc_opt_list_2(p):
    """createfunc_opt_list : createfunc_opt_list createfunc_opt_item"""
    p[0] = p[1] + [p[2]]


# nonterminal: common_func_opt_item
def _fopt(p, name, arg):
    return A.DefElem(defname=name, arg=arg, location=p.lexpos(1))


def p_common_func_opt_item_1(p):
    """common_func_opt_item : CALLED ON NULL_P INPUT"""
    p[0] = _fopt(p, "strict", A.Boolean(False))


def p_common_func_opt_item_2(p):
    """common_func_opt_item : RETURNS NULL_P ON NULL_P INPUT
                            | STRICT"""
    p[0] = _fopt(p, "strict", A.Boolean(True))


def p_common_func_opt_item_3(p):
    """common_func_opt_item : IMMUTABLE
                            | STABLE
                            | VOLATILE"""
    p[0] = _fopt(p, "volatility", A.String(p[1].lower()))


def p_common_func_opt_item_4(p):
    """common_func_opt_item : EXTERNAL SECURITY DEFINER
                            | EXTERNAL SECURITY INVOKER"""
    p[0] = _fopt(p, "security", A.Boolean(p[3].lower() == "definer"))


def p_common_func_opt_item_5(p):
    """common_func_opt_item : SECURITY DEFINER
                            | SECURITY INVOKER"""
    p[0] = _fopt(p, "security", A.Boolean(p[2].lower() == "definer"))


def p_common_func_opt_item_6(p):
    """common_func_opt_item : LEAKPROOF"""
    p[0] = _fopt(p, "leakproof", A.Boolean(True))


def p_common_func_opt_item_7(p):
    """common_func_opt_item : NOT LEAKPROOF"""
    p[0] = _fopt(p, "leakproof", A.Boolean(False))


def p_common_func_opt_item_8(p):
    """common_func_opt_item : COST NumericOnly"""
    p[0] = _fopt(p, "cost", p[2])


def p_common_func_opt_item_9(p):
    """common_func_opt_item : ROWS NumericOnly"""
    p[0] = _fopt(p, "rows", p[2])


def p_common_func_opt_item_10(p):
    """common_func_opt_item : SUPPORT any_name"""
    p[0] = _fopt(p, "support", tuple(p[2]))


def p_common_func_opt_item_11(p):
    """common_func_opt_item : FunctionSetResetClause"""
    p[0] = _fopt(p, "set", p[1])


def p_common_func_opt_item_12(p):
    """common_func_opt_item : PARALLEL ColId"""
    p[0] = _fopt(p, "parallel", A.String(p[2]))


# nonterminal: createfunc_opt_item
def p_createfunc_opt_item_1(p):
    """createfunc_opt_item : AS func_as"""
    p[0] = _fopt(p, "as", p[2])


def p_createfunc_opt_item_2(p):
    """createfunc_opt_item : LANGUAGE NonReservedWord_or_Sconst"""
    p[0] = _fopt(p, "language", A.String(p[2]))


def p_createfunc_opt_item_3(p):
    """createfunc_opt_item : TRANSFORM transform_type_list"""
    p[0] = _fopt(p, "transform", tuple(p[2]))


def p_createfunc_opt_item_4(p):
    """createfunc_opt_item : WINDOW"""
    p[0] = _fopt(p, "window", A.Boolean(True))


def p_createfunc_opt_item_5(p):
    """createfunc_opt_item : common_func_opt_item"""
    p[0] = p[1]


# nonterminal: func_as
def p_func_as_1(p):
    """func_as : Sconst"""
    p[0] = (A.String(p[1]),)


def p_func_as_2(p):
    """func_as : Sconst ',' Sconst"""
    p[0] = (A.String(p[1]), A.String(p[3]))


# nonterminal: ReturnStmt
def p_ReturnStmt_1(p):
    """ReturnStmt : RETURN a_expr"""
    p[0] = A.ReturnStmt(returnval=p[2])


# nonterminal: opt_routine_body
def p_opt_routine_body_1(p):
    """opt_routine_body : ReturnStmt"""
    p[0] = p[1]


def p_opt_routine_body_2(p):
    """opt_routine_body : BEGIN_P ATOMIC routine_body_stmt_list END_P"""
    p[0] = tuple(p[3])


def p_opt_routine_body_3(p):
    """opt_routine_body : """
    p[0] = None


# nonterminal: routine_body_stmt_list
def p_routine_body_stmt_list_1(p):
    """routine_body_stmt_list : routine_body_stmt_list routine_body_stmt ';'"""
    p[0] = p[1] + [p[2]] if p[2] is not None else p[1]


def p_routine_body_stmt_list_2(p):
    """routine_body_stmt_list : """
    p[0] = []


# nonterminal: routine_body_stmt
def p_routine_body_stmt_1(p):
    """routine_body_stmt : stmt
                         | ReturnStmt"""
    p[0] = p[1]


# nonterminal: transform_type_list
def p_transform_type_list_1(p):
    """transform_type_list : FOR TYPE_P Typename"""
    p[0] = [p[3]]


def p_transform_type_list_2(p):
    """transform_type_list : transform_type_list ',' FOR TYPE_P Typename"""
    p[0] = p[1] + [p[5]]


# nonterminal: table_func_column
def p_table_func_column_1(p):
    """table_func_column : param_name func_type"""
    p[0] = A.FunctionParameter(name=p[1], arg_type=p[2], mode="t", location=p.lexpos(1))


# nonterminal: table_func_column_list
def p_table_func_column_list_1(p):
    """table_func_column_list : table_func_column"""
    p[0] = [p[1]]


def p_table_func_column_list_2(p):
    """table_func_column_list : table_func_column_list ',' table_func_column"""
    p[0] = p[1] + [p[3]]


# nonterminal: FunctionSetResetClause
def p_FunctionSetResetClause_1(p):
    """FunctionSetResetClause : SET set_rest_more"""
    p[0] = p[2]


def p_FunctionSetResetClause_2(p):
    """FunctionSetResetClause : VariableResetStmt"""
    p[0] = p[1]


# nonterminal: AlterFunctionStmt
def p_AlterFunctionStmt_1(p):
    """AlterFunctionStmt : ALTER FUNCTION function_with_argtypes alterfunc_opt_list opt_restrict
                         | ALTER PROCEDURE function_with_argtypes alterfunc_opt_list opt_restrict
                         | ALTER ROUTINE function_with_argtypes alterfunc_opt_list opt_restrict"""
    p[0] = A.AlterFunctionStmt(objtype=p[2].lower(), func=p[3], actions=tuple(p[4]))


# nonterminal: alterfunc_opt_list
def p_alterfunc_opt_list_1(p):
    """alterfunc_opt_list : common_func_opt_item"""
    p[0] = [p[1]]


def p_alterfunc_opt_list_2(p):
    """alterfunc_opt_list : alterfunc_opt_list common_func_opt_item"""
    p[0] = p[1] + [p[2]]


# nonterminal: opt_restrict
def p_opt_restrict_1(p):
    """opt_restrict : RESTRICT
                    | """
    p[0] = None


# nonterminal: RemoveFuncStmt
def p_RemoveFuncStmt_1(p):
    """RemoveFuncStmt : DROP FUNCTION function_with_argtypes_list opt_drop_behavior
                      | DROP PROCEDURE function_with_argtypes_list opt_drop_behavior
                      | DROP ROUTINE function_with_argtypes_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type=p[2].lower(), objects=tuple(p[3]), behavior=p[4])


def p_RemoveFuncStmt_2(p):
    """RemoveFuncStmt : DROP FUNCTION IF_P EXISTS function_with_argtypes_list opt_drop_behavior
                      | DROP PROCEDURE IF_P EXISTS function_with_argtypes_list opt_drop_behavior
                      | DROP ROUTINE IF_P EXISTS function_with_argtypes_list opt_drop_behavior"""
    p[0] = A.DropStmt(remove_type=p[2].lower(), objects=tuple(p[5]), behavior=p[6], missing_ok=True)


# nonterminal: function_with_argtypes_list
def p_function_with_argtypes_list_1(p):
    """function_with_argtypes_list : function_with_argtypes"""
    p[0] = [p[1]]


def p_function_with_argtypes_list_2(p):
    """function_with_argtypes_list : function_with_argtypes_list ',' function_with_argtypes"""
    p[0] = p[1] + [p[3]]


# nonterminal: DoStmt
def p_DoStmt_1(p):
    """DoStmt : DO dostmt_opt_list"""
    p[0] = A.DoStmt(args=tuple(p[2]))


# nonterminal: dostmt_opt_list
def p_dostmt_opt_list_1(p):
    """dostmt_opt_list : dostmt_opt_item"""
    p[0] = [p[1]]


def p_dostmt_opt_list_2(p):
    """dostmt_opt_list : dostmt_opt_list dostmt_opt_item"""
    p[0] = p[1] + [p[2]]


# nonterminal: dostmt_opt_item
def p_dostmt_opt_item_1(p):
    """dostmt_opt_item : Sconst"""
    p[0] = A.DefElem(defname="as", arg=A.String(p[1]), location=p.lexpos(1))


def p_dostmt_opt_item_2(p):
    """dostmt_opt_item : LANGUAGE NonReservedWord_or_Sconst"""
    p[0] = A.DefElem(defname="language", arg=A.String(p[2]), location=p.lexpos(1))


# nonterminal: CallStmt
def p_CallStmt_1(p):
    """CallStmt : CALL func_application"""
    p[0] = A.CallStmt(funccall=p[2])


# nonterminal: LoadStmt
def p_LoadStmt_1(p):
    """LoadStmt : LOAD file_name"""
    p[0] = A.LoadStmt(filename=p[2])


# nonterminal: file_name
def p_file_name_1(p):
    """file_name : Sconst"""
    p[0] = p[1]


# nonterminal: AlterOwnerStmt
def p_AlterOwnerStmt_1(p):
    """AlterOwnerStmt : ALTER FUNCTION function_with_argtypes OWNER TO RoleSpec
                      | ALTER PROCEDURE function_with_argtypes OWNER TO RoleSpec
                      | ALTER ROUTINE function_with_argtypes OWNER TO RoleSpec"""
    p[0] = A.AlterOwnerStmt(object_type=p[2].lower(), object=p[3], newowner=p[6])


# nonterminal: FetchStmt
def p_FetchStmt_1(p):
    """FetchStmt : FETCH fetch_args"""
    p[0] = p[2]


def p_FetchStmt_2(p):
    """FetchStmt : MOVE fetch_args"""
    p[0] = replace(p[2], ismove=True)


# nonterminal: fetch_args
def p_fetch_args_1(p):
    """fetch_args : cursor_name"""
    p[0] = A.FetchStmt(portalname=p[1], direction="forward", how_many=1)


def p_fetch_args_2(p):
    """fetch_args : from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[2], direction="forward", how_many=1)


def p_fetch_args_3(p):
    """fetch_args : NEXT opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="forward", how_many=1)


def p_fetch_args_4(p):
    """fetch_args : PRIOR opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="backward", how_many=1)


def p_fetch_args_5(p):
    """fetch_args : FIRST_P opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="absolute", how_many=1)


def p_fetch_args_6(p):
    """fetch_args : LAST_P opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="absolute", how_many=-1)


def p_fetch_args_7(p):
    """fetch_args : ABSOLUTE_P SignedIconst opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[4], direction="absolute", how_many=p[2])


def p_fetch_args_8(p):
    """fetch_args : RELATIVE_P SignedIconst opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[4], direction="relative", how_many=p[2])


def p_fetch_args_9(p):
    """fetch_args : SignedIconst opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="forward", how_many=p[1])


def p_fetch_args_10(p):
    """fetch_args : ALL opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="forward", how_many=-1)


def p_fetch_args_11(p):
    """fetch_args : FORWARD opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="forward", how_many=1)


def p_fetch_args_12(p):
    """fetch_args : FORWARD SignedIconst opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[4], direction="forward", how_many=p[2])


def p_fetch_args_13(p):
    """fetch_args : FORWARD ALL opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[4], direction="forward", how_many=-1)


def p_fetch_args_14(p):
    """fetch_args : BACKWARD opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[3], direction="backward", how_many=1)


def p_fetch_args_15(p):
    """fetch_args : BACKWARD SignedIconst opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[4], direction="backward", how_many=p[2])


def p_fetch_args_16(p):
    """fetch_args : BACKWARD ALL opt_from_in cursor_name"""
    p[0] = A.FetchStmt(portalname=p[4], direction="backward", how_many=-1)


# nonterminal: from_in
def p_from_in_1(p):
    """from_in : FROM
               | IN_P"""
    p[0] = None


# nonterminal: opt_from_in
def p_opt_from_in_1(p):
    """opt_from_in : from_in
                   | """
    p[0] = None


# nonterminal: IndexStmt
def p_IndexStmt_1(p):
    """IndexStmt : CREATE opt_unique INDEX opt_concurrently opt_index_name ON relation_expr access_method_clause '(' index_params ')' opt_include opt_unique_null_treatment opt_reloptions OptTableSpace where_clause"""
    p[0] = A.IndexStmt(unique=p[2], concurrent=p[4], idxname=p[5], relation=p[7],
                       access_method=p[8], index_params=tuple(p[10]),
                       index_including_params=tuple(p[12]), nulls_not_distinct=not p[13],
                       options=tuple(p[14]), table_space=p[15], where_clause=p[16])


def p_IndexStmt_2(p):
    """IndexStmt : CREATE opt_unique INDEX opt_concurrently IF_P NOT EXISTS name ON relation_expr access_method_clause '(' index_params ')' opt_include opt_unique_null_treatment opt_reloptions OptTableSpace where_clause"""
    p[0] = A.IndexStmt(unique=p[2], concurrent=p[4], idxname=p[8], relation=p[10],
                       access_method=p[11], index_params=tuple(p[13]),
                       index_including_params=tuple(p[15]), nulls_not_distinct=not p[16],
                       options=tuple(p[17]), table_space=p[18], where_clause=p[19],
                       if_not_exists=True)


# nonterminal: opt_unique
def p_opt_unique_1(p):
    """opt_unique : UNIQUE"""
    p[0] = True


def p_opt_unique_2(p):
    """opt_unique : """
    p[0] = False


# nonterminal: opt_concurrently
def p_opt_concurrently_1(p):
    """opt_concurrently : CONCURRENTLY"""
    p[0] = True


def p_opt_concurrently_2(p):
    """opt_concurrently : """
    p[0] = False


# nonterminal: opt_index_name
def p_opt_index_name_1(p):
    """opt_index_name : name"""
    p[0] = p[1]


def p_opt_index_name_2(p):
    """opt_index_name : """
    p[0] = None


# nonterminal: access_method_clause
def p_access_method_clause_1(p):
    """access_method_clause : USING name"""
    p[0] = p[2]


def p_access_method_clause_2(p):
    """access_method_clause : """
    p[0] = "btree"


# nonterminal: index_params
def p_index_params_1(p):
    """index_params : index_elem"""
    p[0] = [p[1]]


def p_index_params_2(p):
    """index_params : index_params ',' index_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: index_elem_options  -- dict of IndexElem fields
def p_index_elem_options_1(p):
    """index_elem_options : opt_collate opt_qualified_name opt_asc_desc opt_nulls_order"""
    p[0] = dict(collation=tuple(p[1]), opclass=tuple(p[2]), ordering=p[3],
                nulls_ordering=p[4])


def p_index_elem_options_2(p):
    """index_elem_options : opt_collate any_name reloptions opt_asc_desc opt_nulls_order"""
    p[0] = dict(collation=tuple(p[1]), opclass=tuple(p[2]), opclassopts=tuple(p[3]),
                ordering=p[4], nulls_ordering=p[5])


# nonterminal: index_elem
def p_index_elem_1(p):
    """index_elem : ColId index_elem_options"""
    p[0] = A.IndexElem(name=p[1], **p[2])


def p_index_elem_2(p):
    """index_elem : func_expr_windowless index_elem_options"""
    p[0] = A.IndexElem(expr=p[1], **p[2])


def p_index_elem_3(p):
    """index_elem : '(' a_expr ')' index_elem_options"""
    p[0] = A.IndexElem(expr=p[2], **p[4])


# nonterminal: opt_include
def p_opt_include_1(p):
    """opt_include : INCLUDE '(' index_including_params ')'"""
    p[0] = p[3]


def p_opt_include_2(p):
    """opt_include : """
    p[0] = []


# nonterminal: index_including_params
def p_index_including_params_1(p):
    """index_including_params : index_elem"""
    p[0] = [p[1]]


def p_index_including_params_2(p):
    """index_including_params : index_including_params ',' index_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: opt_collate
def p_opt_collate_1(p):
    """opt_collate : COLLATE any_name"""
    p[0] = p[2]


def p_opt_collate_2(p):
    """opt_collate : """
    p[0] = ()


# nonterminal: opt_asc_desc
def p_opt_asc_desc_1(p):
    """opt_asc_desc : ASC
                    | DESC"""
    p[0] = p[1]


def p_opt_asc_desc_2(p):
    """opt_asc_desc : """
    p[0] = "default"


# nonterminal: opt_nulls_order
def p_opt_nulls_order_1(p):
    """opt_nulls_order : NULLS_LA FIRST_P"""
    p[0] = "first"


def p_opt_nulls_order_2(p):
    """opt_nulls_order : NULLS_LA LAST_P"""
    p[0] = "last"


def p_opt_nulls_order_3(p):
    """opt_nulls_order : """
    p[0] = "default"


# nonterminal: opt_reloptions
def p_opt_reloptions_1(p):
    """opt_reloptions : WITH reloptions"""
    p[0] = p[2]


def p_opt_reloptions_2(p):
    """opt_reloptions : """
    p[0] = []


# nonterminal: reloptions
def p_reloptions_1(p):
    """reloptions : '(' reloption_list ')'"""
    p[0] = p[2]


# nonterminal: reloption_list
def p_reloption_list_1(p):
    """reloption_list : reloption_elem"""
    p[0] = [p[1]]


def p_reloption_list_2(p):
    """reloption_list : reloption_list ',' reloption_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: reloption_elem
def p_reloption_elem_1(p):
    """reloption_elem : ColLabel '=' def_arg"""
    p[0] = A.DefElem(defname=p[1], arg=p[3], location=p.lexpos(1))


def p_reloption_elem_2(p):
    """reloption_elem : ColLabel"""
    p[0] = A.DefElem(defname=p[1], location=p.lexpos(1))


def p_reloption_elem_3(p):
    """reloption_elem : ColLabel '.' ColLabel '=' def_arg"""
    p[0] = A.DefElem(defnamespace=p[1], defname=p[3], arg=p[5], location=p.lexpos(1))


def p_reloption_elem_4(p):
    """reloption_elem : ColLabel '.' ColLabel"""
    p[0] = A.DefElem(defnamespace=p[1], defname=p[3], location=p.lexpos(1))


# nonterminal: opt_definition
def p_opt_definition_1(p):
    """opt_definition : WITH definition"""
    p[0] = p[2]


def p_opt_definition_2(p):
    """opt_definition : """
    p[0] = []


# nonterminal: RenameStmt
def p_RenameStmt_1(p):
    """RenameStmt : ALTER TABLE relation_expr RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="table", relation=p[3], newname=p[6])


def p_RenameStmt_2(p):
    """RenameStmt : ALTER TABLE IF_P EXISTS relation_expr RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="table", relation=p[5], newname=p[8], missing_ok=True)


def p_RenameStmt_3(p):
    """RenameStmt : ALTER SEQUENCE qualified_name RENAME TO name
                  | ALTER VIEW qualified_name RENAME TO name
                  | ALTER INDEX qualified_name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type=p[2], relation=p[3], newname=p[6])


def p_RenameStmt_4(p):
    """RenameStmt : ALTER SEQUENCE IF_P EXISTS qualified_name RENAME TO name
                  | ALTER VIEW IF_P EXISTS qualified_name RENAME TO name
                  | ALTER INDEX IF_P EXISTS qualified_name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type=p[2], relation=p[5], newname=p[8], missing_ok=True)


def p_RenameStmt_5(p):
    """RenameStmt : ALTER TABLE relation_expr RENAME opt_column name TO name"""
    p[0] = A.RenameStmt(rename_type="column", relation_type="table", relation=p[3],
                        subname=p[6], newname=p[8])


def p_RenameStmt_6(p):
    """RenameStmt : ALTER TABLE IF_P EXISTS relation_expr RENAME opt_column name TO name"""
    p[0] = A.RenameStmt(rename_type="column", relation_type="table", relation=p[5],
                        subname=p[8], newname=p[10], missing_ok=True)


def p_RenameStmt_7(p):
    """RenameStmt : ALTER TABLE relation_expr RENAME CONSTRAINT name TO name"""
    p[0] = A.RenameStmt(rename_type="tabconstraint", relation=p[3], subname=p[6],
                        newname=p[8])


def p_RenameStmt_8(p):
    """RenameStmt : ALTER TABLE IF_P EXISTS relation_expr RENAME CONSTRAINT name TO name"""
    p[0] = A.RenameStmt(rename_type="tabconstraint", relation=p[5], subname=p[8],
                        newname=p[10], missing_ok=True)


def p_RenameStmt_9(p):
    """RenameStmt : ALTER SCHEMA name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="schema", subname=p[3], newname=p[6])


def p_RenameStmt_10(p):
    """RenameStmt : ALTER TYPE_P any_name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="type", object=tuple(p[3]), newname=p[6])


def p_RenameStmt_11(p):
    """RenameStmt : ALTER VIEW qualified_name RENAME opt_column name TO name"""
    p[0] = A.RenameStmt(rename_type="column", relation_type="view", relation=p[3],
                        subname=p[6], newname=p[8])


def p_RenameStmt_12(p):
    """RenameStmt : ALTER DATABASE name RENAME TO name"""
    p[0] = A.RenameStmt(rename_type="database", subname=p[3], newname=p[6])


# nonterminal: opt_column
def p_opt_column_1(p):
    """opt_column : COLUMN
                  | """
    p[0] = None


# nonterminal: opt_set_data
def p_opt_set_data_1(p):
    """opt_set_data : SET DATA_P
                    | """
    p[0] = None


def p_RenameStmt_40(p):
    """RenameStmt : ALTER FUNCTION function_with_argtypes RENAME TO name
                  | ALTER ROUTINE function_with_argtypes RENAME TO name
                  | ALTER PROCEDURE function_with_argtypes RENAME TO name"""
    p[0] = A.RenameStmt(rename_type=p[2].lower(), object=p[3], newname=p[6])


# nonterminal: AlterObjectSchemaStmt
def p_AlterObjectSchemaStmt_40(p):
    """AlterObjectSchemaStmt : ALTER FUNCTION function_with_argtypes SET SCHEMA name
                             | ALTER PROCEDURE function_with_argtypes SET SCHEMA name
                             | ALTER ROUTINE function_with_argtypes SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type=p[2].lower(), object=p[3], newschema=p[6])


def p_AlterObjectSchemaStmt_1(p):
    """AlterObjectSchemaStmt : ALTER TABLE relation_expr SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type="table", relation=p[3], newschema=p[6])


def p_AlterObjectSchemaStmt_2(p):
    """AlterObjectSchemaStmt : ALTER TABLE IF_P EXISTS relation_expr SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type="table", relation=p[5], newschema=p[8],
                                   missing_ok=True)


def p_AlterObjectSchemaStmt_3(p):
    """AlterObjectSchemaStmt : ALTER SEQUENCE qualified_name SET SCHEMA name
                             | ALTER VIEW qualified_name SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type=p[2], relation=p[3], newschema=p[6])


def p_AlterObjectSchemaStmt_4(p):
    """AlterObjectSchemaStmt : ALTER SEQUENCE IF_P EXISTS qualified_name SET SCHEMA name
                             | ALTER VIEW IF_P EXISTS qualified_name SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type=p[2], relation=p[5], newschema=p[8],
                                   missing_ok=True)


def p_AlterObjectSchemaStmt_5(p):
    """AlterObjectSchemaStmt : ALTER TYPE_P any_name SET SCHEMA name"""
    p[0] = A.AlterObjectSchemaStmt(object_type="type", object=tuple(p[3]), newschema=p[6])


# nonterminal: NotifyStmt
def p_NotifyStmt_1(p):
    """NotifyStmt : NOTIFY ColId notify_payload"""
    p[0] = A.NotifyStmt(conditionname=p[2], payload=p[3])


# nonterminal: notify_payload
def p_notify_payload_1(p):
    """notify_payload : ',' Sconst"""
    p[0] = p[2]


def p_notify_payload_2(p):
    """notify_payload : """
    p[0] = None


# nonterminal: ListenStmt
def p_ListenStmt_1(p):
    """ListenStmt : LISTEN ColId"""
    p[0] = A.ListenStmt(conditionname=p[2])


# nonterminal: UnlistenStmt
def p_UnlistenStmt_1(p):
    """UnlistenStmt : UNLISTEN ColId"""
    p[0] = A.UnlistenStmt(conditionname=p[2])


def p_UnlistenStmt_2(p):
    """UnlistenStmt : UNLISTEN '*'"""
    p[0] = A.UnlistenStmt(conditionname=None)


# nonterminal: TransactionStmt
def p_TransactionStmt_1(p):
    """TransactionStmt : ABORT_P opt_transaction opt_transaction_chain
                       | ROLLBACK opt_transaction opt_transaction_chain"""
    p[0] = A.TransactionStmt(kind="rollback", chain=p[3])


def p_TransactionStmt_2(p):
    """TransactionStmt : START TRANSACTION transaction_mode_list_or_empty"""
    p[0] = A.TransactionStmt(kind="start", options=tuple(p[3]))


def p_TransactionStmt_3(p):
    """TransactionStmt : COMMIT opt_transaction opt_transaction_chain"""
    p[0] = A.TransactionStmt(kind="commit", chain=p[3])


def p_TransactionStmt_4(p):
    """TransactionStmt : SAVEPOINT ColId"""
    p[0] = A.TransactionStmt(kind="savepoint", savepoint_name=p[2])


def p_TransactionStmt_5(p):
    """TransactionStmt : RELEASE SAVEPOINT ColId"""
    p[0] = A.TransactionStmt(kind="release", savepoint_name=p[3])


def p_TransactionStmt_6(p):
    """TransactionStmt : RELEASE ColId"""
    p[0] = A.TransactionStmt(kind="release", savepoint_name=p[2])


def p_TransactionStmt_7(p):
    """TransactionStmt : ROLLBACK opt_transaction TO SAVEPOINT ColId"""
    p[0] = A.TransactionStmt(kind="rollback_to", savepoint_name=p[5])


def p_TransactionStmt_8(p):
    """TransactionStmt : ROLLBACK opt_transaction TO ColId"""
    p[0] = A.TransactionStmt(kind="rollback_to", savepoint_name=p[4])


def p_TransactionStmt_9(p):
    """TransactionStmt : PREPARE TRANSACTION Sconst"""
    p[0] = A.TransactionStmt(kind="prepare", gid=p[3])


def p_TransactionStmt_10(p):
    """TransactionStmt : COMMIT PREPARED Sconst"""
    p[0] = A.TransactionStmt(kind="commit_prepared", gid=p[3])


def p_TransactionStmt_11(p):
    """TransactionStmt : ROLLBACK PREPARED Sconst"""
    p[0] = A.TransactionStmt(kind="rollback_prepared", gid=p[3])


# nonterminal: TransactionStmtLegacy
def p_TransactionStmtLegacy_1(p):
    """TransactionStmtLegacy : BEGIN_P opt_transaction transaction_mode_list_or_empty"""
    p[0] = A.TransactionStmt(kind="begin", options=tuple(p[3]))


def p_TransactionStmtLegacy_2(p):
    """TransactionStmtLegacy : END_P opt_transaction opt_transaction_chain"""
    p[0] = A.TransactionStmt(kind="commit", chain=p[3])


# nonterminal: opt_transaction
def p_opt_transaction_1(p):
    """opt_transaction : WORK
                       | TRANSACTION
                       | """
    p[0] = None


# nonterminal: transaction_mode_item
def p_transaction_mode_item_1(p):
    """transaction_mode_item : ISOLATION LEVEL iso_level"""
    p[0] = A.DefElem(defname="transaction_isolation", arg=str_const(p[3], p.lexpos(3)),
                     location=p.lexpos(1))


def p_transaction_mode_item_2(p):
    """transaction_mode_item : READ ONLY"""
    p[0] = A.DefElem(defname="transaction_read_only", arg=int_const(1, p.lexpos(1)),
                     location=p.lexpos(1))


def p_transaction_mode_item_3(p):
    """transaction_mode_item : READ WRITE"""
    p[0] = A.DefElem(defname="transaction_read_only", arg=int_const(0, p.lexpos(1)),
                     location=p.lexpos(1))


def p_transaction_mode_item_4(p):
    """transaction_mode_item : DEFERRABLE"""
    p[0] = A.DefElem(defname="transaction_deferrable", arg=int_const(1, p.lexpos(1)),
                     location=p.lexpos(1))


def p_transaction_mode_item_5(p):
    """transaction_mode_item : NOT DEFERRABLE"""
    p[0] = A.DefElem(defname="transaction_deferrable", arg=int_const(0, p.lexpos(1)),
                     location=p.lexpos(1))


# nonterminal: transaction_mode_list
def p_transaction_mode_list_1(p):
    """transaction_mode_list : transaction_mode_item"""
    p[0] = [p[1]]


def p_transaction_mode_list_2(p):
    """transaction_mode_list : transaction_mode_list ',' transaction_mode_item"""
    p[0] = p[1] + [p[3]]


def p_transaction_mode_list_3(p):
    """transaction_mode_list : transaction_mode_list transaction_mode_item"""
    p[0] = p[1] + [p[2]]


# nonterminal: transaction_mode_list_or_empty
def p_transaction_mode_list_or_empty_1(p):
    """transaction_mode_list_or_empty : transaction_mode_list"""
    p[0] = p[1]


def p_transaction_mode_list_or_empty_2(p):
    """transaction_mode_list_or_empty : """
    p[0] = []


# nonterminal: opt_transaction_chain
def p_opt_transaction_chain_1(p):
    """opt_transaction_chain : AND CHAIN"""
    p[0] = True


def p_opt_transaction_chain_2(p):
    """opt_transaction_chain : AND NO CHAIN
                             | """
    p[0] = False


# nonterminal: ViewStmt
def p_ViewStmt_1(p):
    """ViewStmt : CREATE OptTemp VIEW qualified_name opt_column_list opt_reloptions AS SelectStmt opt_check_option"""
    p[0] = A.ViewStmt(view=replace(p[4], relpersistence=p[2]), aliases=tuple(p[5]),
                      options=tuple(p[6]), query=p[8], with_check_option=p[9])


def p_ViewStmt_2(p):
    """ViewStmt : CREATE OR REPLACE OptTemp VIEW qualified_name opt_column_list opt_reloptions AS SelectStmt opt_check_option"""
    p[0] = A.ViewStmt(view=replace(p[6], relpersistence=p[4]), aliases=tuple(p[7]),
                      options=tuple(p[8]), query=p[10], with_check_option=p[11],
                      replace=True)


def _recursive_view_select(relname, aliases, query):
    """makeRecursiveViewSelect: CREATE RECURSIVE VIEW v (cols) AS q is
    CREATE VIEW v AS WITH RECURSIVE v (cols) AS (q) SELECT cols FROM v."""
    cte = A.CommonTableExpr(ctename=relname, aliascolnames=tuple(aliases), ctequery=query, location=-1)
    return A.SelectStmt(with_clause=A.WithClause(ctes=(cte,), recursive=True, location=-1),
                        target_list=tuple(A.ResTarget(val=A.ColumnRef(fields=(c,), location=-1), location=-1)
                                          for c in aliases),
                        from_clause=(A.RangeVar(relname=relname, location=-1),))


def p_ViewStmt_3(p):
    """ViewStmt : CREATE OptTemp RECURSIVE VIEW qualified_name '(' columnList ')' opt_reloptions AS SelectStmt opt_check_option"""
    if p[12] != "no":
        raise _unsupported("WITH CHECK OPTION not supported on recursive views", p.lexpos(1))
    p[0] = A.ViewStmt(view=replace(p[5], relpersistence=p[2]), aliases=tuple(p[7]), options=tuple(p[9]),
                      query=_recursive_view_select(p[5].relname, p[7], p[11]))


def p_ViewStmt_4(p):
    """ViewStmt : CREATE OR REPLACE OptTemp RECURSIVE VIEW qualified_name '(' columnList ')' opt_reloptions AS SelectStmt opt_check_option"""
    if p[14] != "no":
        raise _unsupported("WITH CHECK OPTION not supported on recursive views", p.lexpos(1))
    p[0] = A.ViewStmt(view=replace(p[7], relpersistence=p[4]), aliases=tuple(p[9]), options=tuple(p[11]),
                      query=_recursive_view_select(p[7].relname, p[9], p[13]), replace=True)


# nonterminal: opt_check_option
def p_opt_check_option_1(p):
    """opt_check_option : WITH CHECK OPTION
                        | WITH CASCADED CHECK OPTION"""
    p[0] = "cascaded"


def p_opt_check_option_2(p):
    """opt_check_option : WITH LOCAL CHECK OPTION"""
    p[0] = "local"


def p_opt_check_option_3(p):
    """opt_check_option : """
    p[0] = "no"


# nonterminal: CreatedbStmt
def p_CreatedbStmt_1(p):
    """CreatedbStmt : CREATE DATABASE name opt_with createdb_opt_list"""
    p[0] = A.CreatedbStmt(dbname=p[3], options=tuple(p[5]))


# nonterminal: createdb_opt_list
def p_createdb_opt_list_1(p):
    """createdb_opt_list : createdb_opt_items"""
    p[0] = p[1]


def p_createdb_opt_list_2(p):
    """createdb_opt_list : """
    p[0] = []


# nonterminal: createdb_opt_items
def p_createdb_opt_items_1(p):
    """createdb_opt_items : createdb_opt_item"""
    p[0] = [p[1]]


def p_createdb_opt_items_2(p):
    """createdb_opt_items : createdb_opt_items createdb_opt_item"""
    p[0] = p[1] + [p[2]]


# nonterminal: createdb_opt_item
def p_createdb_opt_item_1(p):
    """createdb_opt_item : createdb_opt_name opt_equal NumericOnly"""
    p[0] = A.DefElem(defname=p[1], arg=p[3], location=p.lexpos(1))


def p_createdb_opt_item_2(p):
    """createdb_opt_item : createdb_opt_name opt_equal opt_boolean_or_string"""
    p[0] = A.DefElem(defname=p[1], arg=A.String(p[3]), location=p.lexpos(1))


def p_createdb_opt_item_3(p):
    """createdb_opt_item : createdb_opt_name opt_equal DEFAULT"""
    p[0] = A.DefElem(defname=p[1], arg=None, location=p.lexpos(1))


# nonterminal: createdb_opt_name
def p_createdb_opt_name_1(p):
    """createdb_opt_name : IDENT"""
    p[0] = p[1]


def p_createdb_opt_name_2(p):
    """createdb_opt_name : CONNECTION LIMIT"""
    p[0] = "connection_limit"


def p_createdb_opt_name_3(p):
    """createdb_opt_name : ENCODING
                         | LOCATION
                         | OWNER
                         | TABLESPACE
                         | TEMPLATE"""
    p[0] = p[1]


# nonterminal: opt_equal
def p_opt_equal_1(p):
    """opt_equal : '='
                 | """
    p[0] = None


# nonterminal: AlterDatabaseStmt
def p_AlterDatabaseStmt_1(p):
    """AlterDatabaseStmt : ALTER DATABASE name WITH createdb_opt_list"""
    p[0] = A.AlterDatabaseStmt(dbname=p[3], options=tuple(p[5]))


def p_AlterDatabaseStmt_2(p):
    """AlterDatabaseStmt : ALTER DATABASE name createdb_opt_list"""
    p[0] = A.AlterDatabaseStmt(dbname=p[3], options=tuple(p[4]))


def p_AlterDatabaseStmt_3(p):
    """AlterDatabaseStmt : ALTER DATABASE name SET TABLESPACE name"""
    p[0] = A.AlterDatabaseStmt(dbname=p[3], options=(A.DefElem(defname="tablespace", arg=A.String(p[6]),
                                                               location=p.lexpos(4)),))


# nonterminal: AlterDatabaseSetStmt
def p_AlterDatabaseSetStmt_1(p):
    """AlterDatabaseSetStmt : ALTER DATABASE name SetResetClause"""
    p[0] = A.AlterDatabaseSetStmt(dbname=p[3], setstmt=p[4])


# nonterminal: SetResetClause
def p_SetResetClause_1(p):
    """SetResetClause : SET set_rest"""
    p[0] = p[2]


def p_SetResetClause_2(p):
    """SetResetClause : VariableResetStmt"""
    p[0] = p[1]


# nonterminal: AlterOwnerStmt  (the database form)
def p_AlterOwnerStmt_97(p):
    """AlterOwnerStmt : ALTER DATABASE name OWNER TO RoleSpec
    """
    p[0] = A.AlterOwnerStmt(object_type="database", object=p[3], newowner=p[6])


# nonterminal: DropdbStmt
def p_DropdbStmt_1(p):
    """DropdbStmt : DROP DATABASE name"""
    p[0] = A.DropdbStmt(dbname=p[3])


def p_DropdbStmt_2(p):
    """DropdbStmt : DROP DATABASE IF_P EXISTS name"""
    p[0] = A.DropdbStmt(dbname=p[5], missing_ok=True)


def p_DropdbStmt_3(p):
    """DropdbStmt : DROP DATABASE name opt_with '(' drop_option_list ')'"""
    p[0] = A.DropdbStmt(dbname=p[3], options=tuple(p[6]))


def p_DropdbStmt_4(p):
    """DropdbStmt : DROP DATABASE IF_P EXISTS name opt_with '(' drop_option_list ')'"""
    p[0] = A.DropdbStmt(dbname=p[5], missing_ok=True, options=tuple(p[8]))


# nonterminal: drop_option_list
def p_drop_option_list_1(p):
    """drop_option_list : drop_option"""
    p[0] = [p[1]]


def p_drop_option_list_2(p):
    """drop_option_list : drop_option_list ',' drop_option"""
    p[0] = p[1] + [p[3]]


# nonterminal: drop_option
def p_drop_option_1(p):
    """drop_option : FORCE"""
    p[0] = A.DefElem(defname="force", location=p.lexpos(1))


# nonterminal: CreateDomainStmt
def p_CreateDomainStmt_1(p):
    """CreateDomainStmt : CREATE DOMAIN_P any_name opt_as Typename ColQualList"""
    cons, coll = split_col_qual_list(p[6])
    p[0] = A.CreateDomainStmt(domainname=tuple(p[3]), type_name=p[5], constraints=cons,
                              coll_clause=coll)


# nonterminal: opt_as
def p_opt_as_1(p):
    """opt_as : AS
              | """
    p[0] = None


# nonterminal: VacuumStmt
def p_VacuumStmt_1(p):
    """VacuumStmt : VACUUM opt_full opt_freeze opt_verbose opt_analyze opt_vacuum_relation_list"""
    opts = []
    if p[2]:
        opts.append(A.DefElem(defname="full", location=p.lexpos(2)))
    if p[3]:
        opts.append(A.DefElem(defname="freeze", location=p.lexpos(3)))
    if p[4]:
        opts.append(A.DefElem(defname="verbose", location=p.lexpos(4)))
    if p[5]:
        opts.append(A.DefElem(defname="analyze", location=p.lexpos(5)))
    p[0] = A.VacuumStmt(options=tuple(opts), rels=tuple(p[6]), is_vacuumcmd=True)


def p_VacuumStmt_2(p):
    """VacuumStmt : VACUUM '(' utility_option_list ')' opt_vacuum_relation_list"""
    p[0] = A.VacuumStmt(options=tuple(p[3]), rels=tuple(p[5]), is_vacuumcmd=True)


# nonterminal: AnalyzeStmt
def p_AnalyzeStmt_1(p):
    """AnalyzeStmt : analyze_keyword opt_verbose opt_vacuum_relation_list"""
    opts = [A.DefElem(defname="verbose", location=p.lexpos(2))] if p[2] else []
    p[0] = A.VacuumStmt(options=tuple(opts), rels=tuple(p[3]), is_vacuumcmd=False)


def p_AnalyzeStmt_2(p):
    """AnalyzeStmt : analyze_keyword '(' utility_option_list ')' opt_vacuum_relation_list"""
    p[0] = A.VacuumStmt(options=tuple(p[3]), rels=tuple(p[5]), is_vacuumcmd=False)


# nonterminal: utility_option_list
def p_utility_option_list_1(p):
    """utility_option_list : utility_option_elem"""
    p[0] = [p[1]]


def p_utility_option_list_2(p):
    """utility_option_list : utility_option_list ',' utility_option_elem"""
    p[0] = p[1] + [p[3]]


# nonterminal: analyze_keyword
def p_analyze_keyword_1(p):
    """analyze_keyword : ANALYZE
                       | ANALYSE"""
    p[0] = p[1]


# nonterminal: utility_option_elem
def p_utility_option_elem_1(p):
    """utility_option_elem : utility_option_name utility_option_arg"""
    p[0] = A.DefElem(defname=p[1], arg=p[2], location=p.lexpos(1))


# nonterminal: utility_option_name
def p_utility_option_name_1(p):
    """utility_option_name : NonReservedWord"""
    p[0] = p[1]


def p_utility_option_name_2(p):
    """utility_option_name : analyze_keyword"""
    p[0] = "analyze"


# nonterminal: utility_option_arg
def p_utility_option_arg_1(p):
    """utility_option_arg : opt_boolean_or_string"""
    p[0] = A.String(p[1])


def p_utility_option_arg_2(p):
    """utility_option_arg : NumericOnly"""
    p[0] = p[1]


def p_utility_option_arg_3(p):
    """utility_option_arg : """
    p[0] = None


# nonterminal: opt_analyze
def p_opt_analyze_1(p):
    """opt_analyze : analyze_keyword"""
    p[0] = True


def p_opt_analyze_2(p):
    """opt_analyze : """
    p[0] = False


# nonterminal: opt_verbose
def p_opt_verbose_1(p):
    """opt_verbose : VERBOSE"""
    p[0] = True


def p_opt_verbose_2(p):
    """opt_verbose : """
    p[0] = False


# nonterminal: opt_full
def p_opt_full_1(p):
    """opt_full : FULL"""
    p[0] = True


def p_opt_full_2(p):
    """opt_full : """
    p[0] = False


# nonterminal: opt_freeze
def p_opt_freeze_1(p):
    """opt_freeze : FREEZE"""
    p[0] = True


def p_opt_freeze_2(p):
    """opt_freeze : """
    p[0] = False


# nonterminal: opt_name_list
def p_opt_name_list_1(p):
    """opt_name_list : '(' name_list ')'"""
    p[0] = p[2]


def p_opt_name_list_2(p):
    """opt_name_list : """
    p[0] = []


# nonterminal: vacuum_relation
def p_vacuum_relation_1(p):
    """vacuum_relation : qualified_name opt_name_list"""
    p[0] = A.VacuumRelation(relation=p[1], va_cols=tuple(p[2]))


# nonterminal: vacuum_relation_list
def p_vacuum_relation_list_1(p):
    """vacuum_relation_list : vacuum_relation"""
    p[0] = [p[1]]


def p_vacuum_relation_list_2(p):
    """vacuum_relation_list : vacuum_relation_list ',' vacuum_relation"""
    p[0] = p[1] + [p[3]]


# nonterminal: opt_vacuum_relation_list
def p_opt_vacuum_relation_list_1(p):
    """opt_vacuum_relation_list : vacuum_relation_list"""
    p[0] = p[1]


def p_opt_vacuum_relation_list_2(p):
    """opt_vacuum_relation_list : """
    p[0] = []


# nonterminal: ExplainStmt
def p_ExplainStmt_1(p):
    """ExplainStmt : EXPLAIN ExplainableStmt"""
    p[0] = A.ExplainStmt(query=p[2])


def p_ExplainStmt_2(p):
    """ExplainStmt : EXPLAIN analyze_keyword opt_verbose ExplainableStmt"""
    opts = [A.DefElem(defname="analyze", location=p.lexpos(2))]
    if p[3]:
        opts.append(A.DefElem(defname="verbose", location=p.lexpos(3)))
    p[0] = A.ExplainStmt(query=p[4], options=tuple(opts))


def p_ExplainStmt_3(p):
    """ExplainStmt : EXPLAIN VERBOSE ExplainableStmt"""
    p[0] = A.ExplainStmt(query=p[3], options=(A.DefElem(defname="verbose",
                                                         location=p.lexpos(2)),))


def p_ExplainStmt_4(p):
    """ExplainStmt : EXPLAIN '(' utility_option_list ')' ExplainableStmt"""
    p[0] = A.ExplainStmt(query=p[5], options=tuple(p[3]))


# nonterminal: ExplainableStmt
def p_ExplainableStmt_1(p):
    """ExplainableStmt : SelectStmt
                       | InsertStmt
                       | UpdateStmt
                       | DeleteStmt
                       | MergeStmt
                       | DeclareCursorStmt
                       | CreateAsStmt
                       | ExecuteStmt"""
    p[0] = p[1]


# nonterminal: PrepareStmt
def p_PrepareStmt_1(p):
    """PrepareStmt : PREPARE name prep_type_clause AS PreparableStmt"""
    p[0] = A.PrepareStmt(name=p[2], argtypes=tuple(p[3]), query=p[5])


# nonterminal: prep_type_clause
def p_prep_type_clause_1(p):
    """prep_type_clause : '(' type_list ')'"""
    p[0] = p[2]


def p_prep_type_clause_2(p):
    """prep_type_clause : """
    p[0] = []


# nonterminal: PreparableStmt
def p_PreparableStmt_1(p):
    """PreparableStmt : SelectStmt
                      | InsertStmt
                      | UpdateStmt
                      | DeleteStmt
                      | MergeStmt"""
    p[0] = p[1]


# nonterminal: ExecuteStmt
def p_ExecuteStmt_1(p):
    """ExecuteStmt : EXECUTE name execute_param_clause"""
    p[0] = A.ExecuteStmt(name=p[2], params=tuple(p[3]))


def p_ExecuteStmt_2(p):
    """ExecuteStmt : CREATE OptTemp TABLE create_as_target AS EXECUTE name execute_param_clause opt_with_data"""
    into = replace(p[4], rel=replace(p[4].rel, relpersistence=p[2]), skip_data=not p[9])
    p[0] = A.CreateTableAsStmt(query=A.ExecuteStmt(name=p[7], params=tuple(p[8])),
                               into=into, objtype="table")


# nonterminal: execute_param_clause
def p_execute_param_clause_1(p):
    """execute_param_clause : '(' expr_list ')'"""
    p[0] = p[2]


def p_execute_param_clause_2(p):
    """execute_param_clause : """
    p[0] = []


# nonterminal: DeallocateStmt
def p_DeallocateStmt_1(p):
    """DeallocateStmt : DEALLOCATE name"""
    p[0] = A.DeallocateStmt(name=p[2])


def p_DeallocateStmt_2(p):
    """DeallocateStmt : DEALLOCATE PREPARE name"""
    p[0] = A.DeallocateStmt(name=p[3])


def p_DeallocateStmt_3(p):
    """DeallocateStmt : DEALLOCATE ALL
                      | DEALLOCATE PREPARE ALL"""
    p[0] = A.DeallocateStmt(name=None)


# nonterminal: InsertStmt
def p_InsertStmt_1(p):
    """InsertStmt : opt_with_clause INSERT INTO insert_target insert_rest opt_on_conflict returning_clause"""
    cols, sel, override = p[5]
    p[0] = A.InsertStmt(relation=p[4], cols=cols, select_stmt=sel, override=override,
                        on_conflict=p[6], returning_list=tuple(p[7]), with_clause=p[1])


# nonterminal: insert_target
def p_insert_target_1(p):
    """insert_target : qualified_name"""
    p[0] = p[1]


def p_insert_target_2(p):
    """insert_target : qualified_name AS ColId"""
    p[0] = replace(p[1], alias=A.Alias(aliasname=p[3]))


# nonterminal: insert_rest  -- (cols, select, override)
def p_insert_rest_1(p):
    """insert_rest : SelectStmt"""
    p[0] = ((), p[1], None)


def p_insert_rest_2(p):
    """insert_rest : OVERRIDING override_kind VALUE_P SelectStmt"""
    p[0] = ((), p[4], p[2])


def p_insert_rest_3(p):
    """insert_rest : '(' insert_column_list ')' SelectStmt"""
    p[0] = (tuple(p[2]), p[4], None)


def p_insert_rest_4(p):
    """insert_rest : '(' insert_column_list ')' OVERRIDING override_kind VALUE_P SelectStmt"""
    p[0] = (tuple(p[2]), p[7], p[5])


def p_insert_rest_5(p):
    """insert_rest : DEFAULT VALUES"""
    p[0] = ((), None, None)


# nonterminal: override_kind
def p_override_kind_1(p):
    """override_kind : USER"""
    p[0] = "user"


def p_override_kind_2(p):
    """override_kind : SYSTEM_P"""
    p[0] = "system"


# nonterminal: insert_column_list
def p_insert_column_list_1(p):
    """insert_column_list : insert_column_item"""
    p[0] = [p[1]]


def p_insert_column_list_2(p):
    """insert_column_list : insert_column_list ',' insert_column_item"""
    p[0] = p[1] + [p[3]]


# nonterminal: insert_column_item
def p_insert_column_item_1(p):
    """insert_column_item : ColId opt_indirection"""
    p[0] = A.ResTarget(name=p[1], indirection=check_indirection(p[2]), location=p.lexpos(1))


# nonterminal: opt_on_conflict
def p_opt_on_conflict_1(p):
    """opt_on_conflict : ON CONFLICT opt_conf_expr DO UPDATE SET set_clause_list where_clause"""
    p[0] = A.OnConflictClause(action="update", infer=p[3], target_list=tuple(p[7]),
                              where_clause=p[8], location=p.lexpos(1))


def p_opt_on_conflict_2(p):
    """opt_on_conflict : ON CONFLICT opt_conf_expr DO NOTHING"""
    p[0] = A.OnConflictClause(action="nothing", infer=p[3], location=p.lexpos(1))


def p_opt_on_conflict_3(p):
    """opt_on_conflict : """
    p[0] = None


# nonterminal: opt_conf_expr
def p_opt_conf_expr_1(p):
    """opt_conf_expr : '(' index_params ')' where_clause"""
    p[0] = A.InferClause(index_elems=tuple(p[2]), where_clause=p[4], location=p.lexpos(1))


def p_opt_conf_expr_2(p):
    """opt_conf_expr : ON CONSTRAINT name"""
    p[0] = A.InferClause(conname=p[3], location=p.lexpos(1))


def p_opt_conf_expr_3(p):
    """opt_conf_expr : """
    p[0] = None


# nonterminal: returning_clause
def p_returning_clause_1(p):
    """returning_clause : RETURNING target_list"""
    p[0] = p[2]


def p_returning_clause_2(p):
    """returning_clause : """
    p[0] = []


# nonterminal: DeleteStmt
def p_DeleteStmt_1(p):
    """DeleteStmt : opt_with_clause DELETE_P FROM relation_expr_opt_alias using_clause where_or_current_clause returning_clause"""
    p[0] = A.DeleteStmt(relation=p[4], using_clause=tuple(p[5]), where_clause=p[6],
                        returning_list=tuple(p[7]), with_clause=p[1])


# nonterminal: using_clause
def p_using_clause_1(p):
    """using_clause : USING from_list"""
    p[0] = p[2]


def p_using_clause_2(p):
    """using_clause : """
    p[0] = []


# nonterminal: ReindexStmt (engine/reindex.py)
def p_ReindexStmt_1(p):
    """ReindexStmt : REINDEX opt_reindex_option_list reindex_target_relation opt_concurrently qualified_name"""
    params = list(p[2]) + ([A.DefElem(defname="concurrently", location=p.lexpos(4))] if p[4] else [])
    p[0] = A.ReindexStmt(kind=p[3], relation=p[5], params=tuple(params))


def p_ReindexStmt_2(p):
    """ReindexStmt : REINDEX opt_reindex_option_list reindex_target_multitable opt_concurrently name"""
    params = list(p[2]) + ([A.DefElem(defname="concurrently", location=p.lexpos(4))] if p[4] else [])
    p[0] = A.ReindexStmt(kind=p[3], name=p[5], params=tuple(params))


def p_reindex_target_relation_1(p):
    """reindex_target_relation : INDEX
                               | TABLE"""
    p[0] = p[1].lower()


def p_reindex_target_multitable_1(p):
    """reindex_target_multitable : SCHEMA
                                 | SYSTEM_P
                                 | DATABASE"""
    p[0] = p[1].lower()


def p_opt_reindex_option_list_1(p):
    """opt_reindex_option_list : '(' utility_option_list ')'"""
    p[0] = p[2]


def p_opt_reindex_option_list_2(p):
    """opt_reindex_option_list : """
    p[0] = []


# nonterminal: LockStmt
def p_LockStmt_1(p):
    """LockStmt : LOCK_P opt_table relation_expr_list opt_lock opt_nowait"""
    p[0] = A.LockStmt(relations=tuple(p[3]), mode=p[4], nowait=p[5])


# nonterminal: opt_lock
def p_opt_lock_1(p):
    """opt_lock : IN_P lock_type MODE"""
    p[0] = p[2]


def p_opt_lock_2(p):
    """opt_lock : """
    p[0] = 8


# nonterminal: lock_type
def p_lock_type_1(p):
    """lock_type : ACCESS SHARE"""
    p[0] = 1


def p_lock_type_2(p):
    """lock_type : ROW SHARE"""
    p[0] = 2


def p_lock_type_3(p):
    """lock_type : ROW EXCLUSIVE"""
    p[0] = 3


def p_lock_type_4(p):
    """lock_type : SHARE UPDATE EXCLUSIVE"""
    p[0] = 4


def p_lock_type_5(p):
    """lock_type : SHARE"""
    p[0] = 5


def p_lock_type_6(p):
    """lock_type : SHARE ROW EXCLUSIVE"""
    p[0] = 6


def p_lock_type_7(p):
    """lock_type : EXCLUSIVE"""
    p[0] = 7


def p_lock_type_8(p):
    """lock_type : ACCESS EXCLUSIVE"""
    p[0] = 8


# nonterminal: opt_nowait
def p_opt_nowait_1(p):
    """opt_nowait : NOWAIT"""
    p[0] = True


def p_opt_nowait_2(p):
    """opt_nowait : """
    p[0] = False


# nonterminal: opt_nowait_or_skip
def p_opt_nowait_or_skip_1(p):
    """opt_nowait_or_skip : NOWAIT"""
    p[0] = "error"


def p_opt_nowait_or_skip_2(p):
    """opt_nowait_or_skip : SKIP LOCKED"""
    p[0] = "skip"


def p_opt_nowait_or_skip_3(p):
    """opt_nowait_or_skip : """
    p[0] = "block"


# nonterminal: MergeStmt  (PostgreSQL 15; analyzer/merge.py)
def p_MergeStmt_1(p):
    """MergeStmt : opt_with_clause MERGE INTO relation_expr_opt_alias USING table_ref ON a_expr merge_when_list"""
    p[0] = A.MergeStmt(relation=p[4], source_relation=p[6], join_condition=p[8], when_clauses=tuple(p[9]),
                       with_clause=p[1], location=p.lexpos(2))


# nonterminal: merge_when_list
def p_merge_when_list_1(p):
    """merge_when_list : merge_when_clause"""
    p[0] = [p[1]]


def p_merge_when_list_2(p):
    """merge_when_list : merge_when_list merge_when_clause"""
    p[0] = p[1] + [p[2]]


# nonterminal: merge_when_clause
def p_merge_when_clause_1(p):
    """merge_when_clause : WHEN MATCHED opt_merge_when_condition THEN merge_update
                         | WHEN MATCHED opt_merge_when_condition THEN merge_delete"""
    p[0] = replace(p[5], matched=True, condition=p[3], location=p.lexpos(1))


def p_merge_when_clause_2(p):
    """merge_when_clause : WHEN NOT MATCHED opt_merge_when_condition THEN merge_insert"""
    p[0] = replace(p[6], matched=False, condition=p[4], location=p.lexpos(1))


def p_merge_when_clause_3(p):
    """merge_when_clause : WHEN MATCHED opt_merge_when_condition THEN DO NOTHING"""
    p[0] = A.MergeWhenClause(matched=True, command="nothing", condition=p[3], location=p.lexpos(1))


def p_merge_when_clause_4(p):
    """merge_when_clause : WHEN NOT MATCHED opt_merge_when_condition THEN DO NOTHING"""
    p[0] = A.MergeWhenClause(matched=False, command="nothing", condition=p[4], location=p.lexpos(1))


# nonterminal: opt_merge_when_condition
def p_opt_merge_when_condition_1(p):
    """opt_merge_when_condition : AND a_expr"""
    p[0] = p[2]


def p_opt_merge_when_condition_2(p):
    """opt_merge_when_condition : """
    p[0] = None


# nonterminal: merge_update
def p_merge_update_1(p):
    """merge_update : UPDATE SET set_clause_list"""
    p[0] = A.MergeWhenClause(command="update", target_list=tuple(p[3]))


# nonterminal: merge_delete
def p_merge_delete_1(p):
    """merge_delete : DELETE_P"""
    p[0] = A.MergeWhenClause(command="delete")


# nonterminal: merge_insert
def p_merge_insert_1(p):
    """merge_insert : INSERT merge_values_clause"""
    p[0] = A.MergeWhenClause(command="insert", values=tuple(p[2]))


def p_merge_insert_2(p):
    """merge_insert : INSERT OVERRIDING override_kind VALUE_P merge_values_clause"""
    p[0] = A.MergeWhenClause(command="insert", values=tuple(p[5]), override=p[3])


def p_merge_insert_3(p):
    """merge_insert : INSERT '(' insert_column_list ')' merge_values_clause"""
    p[0] = A.MergeWhenClause(command="insert", target_list=tuple(p[3]), values=tuple(p[5]))


def p_merge_insert_4(p):
    """merge_insert : INSERT '(' insert_column_list ')' OVERRIDING override_kind VALUE_P merge_values_clause"""
    p[0] = A.MergeWhenClause(command="insert", target_list=tuple(p[3]), values=tuple(p[8]), override=p[6])


def p_merge_insert_5(p):
    """merge_insert : INSERT DEFAULT VALUES"""
    p[0] = A.MergeWhenClause(command="insert", values=None)


# nonterminal: merge_values_clause
def p_merge_values_clause_1(p):
    """merge_values_clause : VALUES '(' expr_list ')'"""
    p[0] = p[3]


# nonterminal: UpdateStmt
def p_UpdateStmt_1(p):
    """UpdateStmt : opt_with_clause UPDATE relation_expr_opt_alias SET set_clause_list from_clause where_or_current_clause returning_clause"""
    p[0] = A.UpdateStmt(relation=p[3], target_list=tuple(p[5]), from_clause=tuple(p[6]),
                        where_clause=p[7], returning_list=tuple(p[8]), with_clause=p[1])


# nonterminal: set_clause_list
def p_set_clause_list_1(p):
    """set_clause_list : set_clause"""
    p[0] = list(p[1])


def p_set_clause_list_2(p):
    """set_clause_list : set_clause_list ',' set_clause"""
    p[0] = p[1] + list(p[3])


# nonterminal: set_clause
def p_set_clause_1(p):
    """set_clause : set_target '=' a_expr"""
    p[0] = [replace(p[1], val=p[3])]


def p_set_clause_2(p):
    """set_clause : '(' set_target_list ')' '=' a_expr"""
    targets = p[2]
    n = len(targets)
    p[0] = [replace(t, val=A.MultiAssignRef(source=p[5], colno=i + 1, ncolumns=n))
            for i, t in enumerate(targets)]


# nonterminal: set_target
def p_set_target_1(p):
    """set_target : ColId opt_indirection"""
    p[0] = A.ResTarget(name=p[1], indirection=check_indirection(p[2]), location=p.lexpos(1))


# nonterminal: set_target_list
def p_set_target_list_1(p):
    """set_target_list : set_target"""
    p[0] = [p[1]]


def p_set_target_list_2(p):
    """set_target_list : set_target_list ',' set_target"""
    p[0] = p[1] + [p[3]]


# nonterminal: DeclareCursorStmt
def p_DeclareCursorStmt_1(p):
    """DeclareCursorStmt : DECLARE cursor_name cursor_options CURSOR opt_hold FOR SelectStmt"""
    # gram.y also sets CURSOR_OPT_FAST_PLAN, a planner hint pgref has no use for
    p[0] = A.DeclareCursorStmt(portalname=p[2], options=p[3] | p[5], query=p[7])


# nonterminal: cursor_name
def p_cursor_name_1(p):
    """cursor_name : name"""
    p[0] = p[1]


# nonterminal: cursor_options
def p_cursor_options_1(p):
    """cursor_options : """
    p[0] = 0


def p_cursor_options_2(p):
    """cursor_options : cursor_options NO SCROLL"""
    p[0] = p[1] | A.CURSOR_OPT_NO_SCROLL


def p_cursor_options_3(p):
    """cursor_options : cursor_options SCROLL"""
    p[0] = p[1] | A.CURSOR_OPT_SCROLL


def p_cursor_options_4(p):
    """cursor_options : cursor_options BINARY"""
    p[0] = p[1] | A.CURSOR_OPT_BINARY


def p_cursor_options_5(p):
    """cursor_options : cursor_options ASENSITIVE"""
    p[0] = p[1] | A.CURSOR_OPT_ASENSITIVE


def p_cursor_options_6(p):
    """cursor_options : cursor_options INSENSITIVE"""
    p[0] = p[1] | A.CURSOR_OPT_INSENSITIVE


# nonterminal: opt_hold
def p_opt_hold_1(p):
    """opt_hold : """
    p[0] = 0


def p_opt_hold_2(p):
    """opt_hold : WITH HOLD"""
    p[0] = A.CURSOR_OPT_HOLD


def p_opt_hold_3(p):
    """opt_hold : WITHOUT HOLD"""
    p[0] = 0


# ---------------------------------------------------------------------------
# SELECT
# ---------------------------------------------------------------------------

# nonterminal: SelectStmt
def p_SelectStmt_1(p):
    """SelectStmt : select_no_parens %prec UMINUS
                  | select_with_parens %prec UMINUS"""
    p[0] = p[1]


# nonterminal: select_with_parens
def p_select_with_parens_1(p):
    """select_with_parens : '(' select_no_parens ')'
                          | '(' select_with_parens ')'"""
    p[0] = p[2]


# nonterminal: select_no_parens
def p_select_no_parens_1(p):
    """select_no_parens : simple_select"""
    p[0] = p[1]


def p_select_no_parens_2(p):
    """select_no_parens : select_clause sort_clause"""
    p[0] = insert_select_options(p[1], p[2], None, None, None)


def p_select_no_parens_3(p):
    """select_no_parens : select_clause opt_sort_clause for_locking_clause opt_select_limit"""
    p[0] = insert_select_options(p[1], p[2], p[3], p[4], None)


def p_select_no_parens_4(p):
    """select_no_parens : select_clause opt_sort_clause select_limit opt_for_locking_clause"""
    p[0] = insert_select_options(p[1], p[2], p[4], p[3], None)


def p_select_no_parens_5(p):
    """select_no_parens : with_clause select_clause"""
    p[0] = insert_select_options(p[2], None, None, None, p[1])


def p_select_no_parens_6(p):
    """select_no_parens : with_clause select_clause sort_clause"""
    p[0] = insert_select_options(p[2], p[3], None, None, p[1])


def p_select_no_parens_7(p):
    """select_no_parens : with_clause select_clause opt_sort_clause for_locking_clause opt_select_limit"""
    p[0] = insert_select_options(p[2], p[3], p[4], p[5], p[1])


def p_select_no_parens_8(p):
    """select_no_parens : with_clause select_clause opt_sort_clause select_limit opt_for_locking_clause"""
    p[0] = insert_select_options(p[2], p[3], p[5], p[4], p[1])


# nonterminal: select_clause
def p_select_clause_1(p):
    """select_clause : simple_select
                     | select_with_parens"""
    p[0] = p[1]


# nonterminal: simple_select
def p_simple_select_1(p):
    """simple_select : SELECT opt_all_clause opt_target_list into_clause from_clause where_clause group_clause having_clause window_clause"""
    gdistinct, glist = p[7]
    p[0] = A.SelectStmt(target_list=tuple(p[3]), into_clause=p[4], from_clause=tuple(p[5]),
                        where_clause=p[6], group_clause=glist, group_distinct=gdistinct,
                        having_clause=p[8], window_clause=tuple(p[9]))


def p_simple_select_2(p):
    """simple_select : SELECT distinct_clause target_list into_clause from_clause where_clause group_clause having_clause window_clause"""
    gdistinct, glist = p[7]
    p[0] = A.SelectStmt(distinct_clause=p[2], target_list=tuple(p[3]), into_clause=p[4],
                        from_clause=tuple(p[5]), where_clause=p[6], group_clause=glist,
                        group_distinct=gdistinct, having_clause=p[8],
                        window_clause=tuple(p[9]))


def p_simple_select_3(p):
    """simple_select : values_clause"""
    p[0] = A.SelectStmt(values_lists=tuple(p[1]))


def p_simple_select_4(p):
    """simple_select : TABLE relation_expr"""
    star = A.ResTarget(val=A.ColumnRef(fields=(A.A_Star(),), location=-1), location=-1)
    p[0] = A.SelectStmt(target_list=(star,), from_clause=(p[2],))


def p_simple_select_5(p):
    """simple_select : select_clause UNION set_quantifier select_clause"""
    p[0] = make_set_op("union", p[3] == "all", p[1], p[4])


def p_simple_select_6(p):
    """simple_select : select_clause INTERSECT set_quantifier select_clause"""
    p[0] = make_set_op("intersect", p[3] == "all", p[1], p[4])


def p_simple_select_7(p):
    """simple_select : select_clause EXCEPT set_quantifier select_clause"""
    p[0] = make_set_op("except", p[3] == "all", p[1], p[4])


# nonterminal: with_clause
def p_with_clause_1(p):
    """with_clause : WITH cte_list
                   | WITH_LA cte_list"""
    p[0] = A.WithClause(ctes=tuple(p[2]), recursive=False, location=p.lexpos(1))


def p_with_clause_2(p):
    """with_clause : WITH RECURSIVE cte_list"""
    p[0] = A.WithClause(ctes=tuple(p[3]), recursive=True, location=p.lexpos(1))


# nonterminal: cte_list
def p_cte_list_1(p):
    """cte_list : common_table_expr"""
    p[0] = [p[1]]


def p_cte_list_2(p):
    """cte_list : cte_list ',' common_table_expr"""
    p[0] = p[1] + [p[3]]


# nonterminal: common_table_expr
def p_common_table_expr_1(p):
    """common_table_expr : name opt_name_list AS opt_materialized '(' PreparableStmt ')' opt_search_clause opt_cycle_clause"""
    p[0] = A.CommonTableExpr(ctename=p[1], aliascolnames=tuple(p[2]), ctematerialized=p[4],
                             ctequery=p[6], search_clause=p[8], cycle_clause=p[9],
                             location=p.lexpos(1))


# nonterminal: opt_materialized
def p_opt_materialized_1(p):
    """opt_materialized : MATERIALIZED"""
    p[0] = "always"


def p_opt_materialized_2(p):
    """opt_materialized : NOT MATERIALIZED"""
    p[0] = "never"


def p_opt_materialized_3(p):
    """opt_materialized : """
    p[0] = "default"


# nonterminal: opt_search_clause
def p_opt_search_clause_1(p):
    """opt_search_clause : SEARCH DEPTH FIRST_P BY columnList SET ColId"""
    p[0] = A.CTESearchClause(search_col_list=tuple(p[5]), search_breadth_first=False,
                             search_seq_column=p[7], location=p.lexpos(1))


def p_opt_search_clause_2(p):
    """opt_search_clause : SEARCH BREADTH FIRST_P BY columnList SET ColId"""
    p[0] = A.CTESearchClause(search_col_list=tuple(p[5]), search_breadth_first=True,
                             search_seq_column=p[7], location=p.lexpos(1))


def p_opt_search_clause_3(p):
    """opt_search_clause : """
    p[0] = None


# nonterminal: opt_cycle_clause
def p_opt_cycle_clause_1(p):
    """opt_cycle_clause : CYCLE columnList SET ColId TO AexprConst DEFAULT AexprConst USING ColId"""
    p[0] = A.CTECycleClause(cycle_col_list=tuple(p[2]), cycle_mark_column=p[4],
                            cycle_mark_value=p[6], cycle_mark_default=p[8],
                            cycle_path_column=p[10], location=p.lexpos(1))


def p_opt_cycle_clause_2(p):
    """opt_cycle_clause : CYCLE columnList SET ColId USING ColId"""
    p[0] = A.CTECycleClause(cycle_col_list=tuple(p[2]), cycle_mark_column=p[4],
                            cycle_mark_value=bool_const(True), cycle_mark_default=bool_const(False),
                            cycle_path_column=p[6], location=p.lexpos(1))


def p_opt_cycle_clause_3(p):
    """opt_cycle_clause : """
    p[0] = None


# nonterminal: opt_with_clause
def p_opt_with_clause_1(p):
    """opt_with_clause : with_clause"""
    p[0] = p[1]


def p_opt_with_clause_2(p):
    """opt_with_clause : """
    p[0] = None


# nonterminal: into_clause
def p_into_clause_1(p):
    """into_clause : INTO OptTempTableName"""
    p[0] = A.IntoClause(rel=p[2])


def p_into_clause_2(p):
    """into_clause : """
    p[0] = None


# nonterminal: OptTempTableName
def p_OptTempTableName_1(p):
    """OptTempTableName : TEMPORARY opt_table qualified_name
                        | TEMP opt_table qualified_name"""
    p[0] = replace(p[3], relpersistence="t")


def p_OptTempTableName_2(p):
    """OptTempTableName : LOCAL TEMPORARY opt_table qualified_name
                        | LOCAL TEMP opt_table qualified_name
                        | GLOBAL TEMPORARY opt_table qualified_name
                        | GLOBAL TEMP opt_table qualified_name"""
    p[0] = replace(p[4], relpersistence="t")


def p_OptTempTableName_3(p):
    """OptTempTableName : UNLOGGED opt_table qualified_name"""
    p[0] = replace(p[3], relpersistence="u")


def p_OptTempTableName_4(p):
    """OptTempTableName : TABLE qualified_name"""
    p[0] = p[2]


def p_OptTempTableName_5(p):
    """OptTempTableName : qualified_name"""
    p[0] = p[1]


# nonterminal: opt_table
def p_opt_table_1(p):
    """opt_table : TABLE
                 | """
    p[0] = None


# nonterminal: set_quantifier
def p_set_quantifier_1(p):
    """set_quantifier : ALL
                      | DISTINCT"""
    p[0] = p[1]


def p_set_quantifier_2(p):
    """set_quantifier : """
    p[0] = None


# nonterminal: distinct_clause
def p_distinct_clause_1(p):
    """distinct_clause : DISTINCT"""
    p[0] = ()


def p_distinct_clause_2(p):
    """distinct_clause : DISTINCT ON '(' expr_list ')'"""
    p[0] = tuple(p[4])


# nonterminal: opt_all_clause
def p_opt_all_clause_1(p):
    """opt_all_clause : ALL
                      | """
    p[0] = None


# nonterminal: opt_sort_clause
def p_opt_sort_clause_1(p):
    """opt_sort_clause : sort_clause"""
    p[0] = p[1]


def p_opt_sort_clause_2(p):
    """opt_sort_clause : """
    p[0] = []


# nonterminal: sort_clause
def p_sort_clause_1(p):
    """sort_clause : ORDER BY sortby_list"""
    p[0] = p[3]


# nonterminal: sortby_list
def p_sortby_list_1(p):
    """sortby_list : sortby"""
    p[0] = [p[1]]


def p_sortby_list_2(p):
    """sortby_list : sortby_list ',' sortby"""
    p[0] = p[1] + [p[3]]


# nonterminal: sortby
def p_sortby_1(p):
    """sortby : a_expr USING qual_all_Op opt_nulls_order"""
    p[0] = A.SortBy(node=p[1], sortby_dir="using", sortby_nulls=p[4], use_op=tuple(p[3]),
                    location=p.lexpos(3))


def p_sortby_2(p):
    """sortby : a_expr opt_asc_desc opt_nulls_order"""
    p[0] = A.SortBy(node=p[1], sortby_dir=p[2], sortby_nulls=p[3], location=-1)


# nonterminal: select_limit  -- (offset, count, option, offset loc, count loc, option loc)
def p_select_limit_1(p):
    """select_limit : limit_clause offset_clause"""
    lim, off = p[1], p[2]
    p[0] = (off[0], lim[1], lim[2], off[3], lim[4], lim[5])


def p_select_limit_2(p):
    """select_limit : offset_clause limit_clause"""
    off, lim = p[1], p[2]
    p[0] = (off[0], lim[1], lim[2], off[3], lim[4], lim[5])


def p_select_limit_3(p):
    """select_limit : limit_clause
                    | offset_clause"""
    p[0] = p[1]


# nonterminal: opt_select_limit
def p_opt_select_limit_1(p):
    """opt_select_limit : select_limit"""
    p[0] = p[1]


def p_opt_select_limit_2(p):
    """opt_select_limit : """
    p[0] = None


# nonterminal: limit_clause
def p_limit_clause_1(p):
    """limit_clause : LIMIT select_limit_value"""
    p[0] = (None, p[2], "count", -1, p.lexpos(1), -1)


def p_limit_clause_2(p):
    """limit_clause : LIMIT select_limit_value ',' select_offset_value"""
    raise _syntax("LIMIT #,# syntax is not supported", p.lexpos(1),
                  hint="Use separate LIMIT and OFFSET clauses.")


def p_limit_clause_3(p):
    """limit_clause : FETCH first_or_next select_fetch_first_value row_or_rows ONLY"""
    p[0] = (None, p[3], "count", -1, p.lexpos(1), -1)


def p_limit_clause_4(p):
    """limit_clause : FETCH first_or_next select_fetch_first_value row_or_rows WITH TIES"""
    p[0] = (None, p[3], "with_ties", -1, p.lexpos(1), p.lexpos(5))


def p_limit_clause_5(p):
    """limit_clause : FETCH first_or_next row_or_rows ONLY"""
    p[0] = (None, int_const(1), "count", -1, p.lexpos(1), -1)


def p_limit_clause_6(p):
    """limit_clause : FETCH first_or_next row_or_rows WITH TIES"""
    p[0] = (None, int_const(1), "with_ties", -1, p.lexpos(1), p.lexpos(4))


# nonterminal: offset_clause
def p_offset_clause_1(p):
    """offset_clause : OFFSET select_offset_value"""
    p[0] = (p[2], None, None, p.lexpos(1), -1, -1)


def p_offset_clause_2(p):
    """offset_clause : OFFSET select_fetch_first_value row_or_rows"""
    p[0] = (p[2], None, None, p.lexpos(1), -1, -1)


# nonterminal: select_limit_value
def p_select_limit_value_1(p):
    """select_limit_value : a_expr"""
    p[0] = p[1]


def p_select_limit_value_2(p):
    """select_limit_value : ALL"""
    p[0] = null_const(p.lexpos(1))


# nonterminal: select_offset_value
def p_select_offset_value_1(p):
    """select_offset_value : a_expr"""
    p[0] = p[1]


# nonterminal: select_fetch_first_value
def p_select_fetch_first_value_1(p):
    """select_fetch_first_value : c_expr"""
    p[0] = p[1]


def p_select_fetch_first_value_2(p):
    """select_fetch_first_value : '+' I_or_F_const"""
    p[0] = make_a_expr("op", "+", None, p[2], p.lexpos(1))


def p_select_fetch_first_value_3(p):
    """select_fetch_first_value : '-' I_or_F_const"""
    p[0] = do_negate(p[2], p.lexpos(1))


# nonterminal: I_or_F_const
def p_I_or_F_const_1(p):
    """I_or_F_const : Iconst"""
    p[0] = int_const(p[1], p.lexpos(1))


def p_I_or_F_const_2(p):
    """I_or_F_const : FCONST"""
    p[0] = float_const(p[1], p.lexpos(1))


# nonterminal: row_or_rows
def p_row_or_rows_1(p):
    """row_or_rows : ROW
                   | ROWS"""
    p[0] = None


# nonterminal: first_or_next
def p_first_or_next_1(p):
    """first_or_next : FIRST_P
                     | NEXT"""
    p[0] = None


# nonterminal: group_clause  -- (distinct, items)
def p_group_clause_1(p):
    """group_clause : GROUP_P BY set_quantifier group_by_list"""
    p[0] = (p[3] == "distinct", tuple(p[4]))


def p_group_clause_2(p):
    """group_clause : """
    p[0] = (False, ())


# nonterminal: group_by_list
def p_group_by_list_1(p):
    """group_by_list : group_by_item"""
    p[0] = [p[1]]


def p_group_by_list_2(p):
    """group_by_list : group_by_list ',' group_by_item"""
    p[0] = p[1] + [p[3]]


# nonterminal: group_by_item
def p_group_by_item_1(p):
    """group_by_item : a_expr
                     | empty_grouping_set
                     | cube_clause
                     | rollup_clause
                     | grouping_sets_clause"""
    p[0] = p[1]


# nonterminal: empty_grouping_set
def p_empty_grouping_set_1(p):
    """empty_grouping_set : '(' ')'"""
    p[0] = A.GroupingSet(kind="empty", location=p.lexpos(1))


# nonterminal: rollup_clause
def p_rollup_clause_1(p):
    """rollup_clause : ROLLUP '(' expr_list ')'"""
    p[0] = A.GroupingSet(kind="rollup", content=tuple(p[3]), location=p.lexpos(1))


# nonterminal: cube_clause
def p_cube_clause_1(p):
    """cube_clause : CUBE '(' expr_list ')'"""
    p[0] = A.GroupingSet(kind="cube", content=tuple(p[3]), location=p.lexpos(1))


# nonterminal: grouping_sets_clause
def p_grouping_sets_clause_1(p):
    """grouping_sets_clause : GROUPING SETS '(' group_by_list ')'"""
    p[0] = A.GroupingSet(kind="sets", content=tuple(p[4]), location=p.lexpos(1))


# nonterminal: having_clause
def p_having_clause_1(p):
    """having_clause : HAVING a_expr"""
    p[0] = p[2]


def p_having_clause_2(p):
    """having_clause : """
    p[0] = None


# nonterminal: for_locking_clause
def p_for_locking_clause_1(p):
    """for_locking_clause : for_locking_items"""
    p[0] = p[1]


def p_for_locking_clause_2(p):
    """for_locking_clause : FOR READ ONLY"""
    p[0] = []


# nonterminal: opt_for_locking_clause
def p_opt_for_locking_clause_1(p):
    """opt_for_locking_clause : for_locking_clause"""
    p[0] = p[1]


def p_opt_for_locking_clause_2(p):
    """opt_for_locking_clause : """
    p[0] = []


# nonterminal: for_locking_items
def p_for_locking_items_1(p):
    """for_locking_items : for_locking_item"""
    p[0] = [p[1]]


def p_for_locking_items_2(p):
    """for_locking_items : for_locking_items for_locking_item"""
    p[0] = p[1] + [p[2]]


# nonterminal: for_locking_item
def p_for_locking_item_1(p):
    """for_locking_item : for_locking_strength locked_rels_list opt_nowait_or_skip"""
    p[0] = A.LockingClause(strength=p[1], locked_rels=tuple(p[2]), wait_policy=p[3])


# nonterminal: for_locking_strength
def p_for_locking_strength_1(p):
    """for_locking_strength : FOR UPDATE"""
    p[0] = "for_update"


def p_for_locking_strength_2(p):
    """for_locking_strength : FOR NO KEY UPDATE"""
    p[0] = "for_no_key_update"


def p_for_locking_strength_3(p):
    """for_locking_strength : FOR SHARE"""
    p[0] = "for_share"


def p_for_locking_strength_4(p):
    """for_locking_strength : FOR KEY SHARE"""
    p[0] = "for_key_share"


# nonterminal: locked_rels_list
def p_locked_rels_list_1(p):
    """locked_rels_list : OF qualified_name_list"""
    p[0] = p[2]


def p_locked_rels_list_2(p):
    """locked_rels_list : """
    p[0] = []


# nonterminal: values_clause
def p_values_clause_1(p):
    """values_clause : VALUES '(' expr_list ')'"""
    p[0] = [tuple(p[3])]


def p_values_clause_2(p):
    """values_clause : values_clause ',' '(' expr_list ')'"""
    p[0] = p[1] + [tuple(p[4])]


# nonterminal: from_clause
def p_from_clause_1(p):
    """from_clause : FROM from_list"""
    p[0] = p[2]


def p_from_clause_2(p):
    """from_clause : """
    p[0] = []


# nonterminal: from_list
def p_from_list_1(p):
    """from_list : table_ref"""
    p[0] = [p[1]]


def p_from_list_2(p):
    """from_list : from_list ',' table_ref"""
    p[0] = p[1] + [p[3]]


# nonterminal: table_ref
def p_table_ref_1(p):
    """table_ref : relation_expr opt_alias_clause"""
    p[0] = replace(p[1], alias=p[2]) if p[2] is not None else p[1]


def p_table_ref_2(p):
    """table_ref : func_table func_alias_clause"""
    alias, coldefs = p[2]
    p[0] = replace(p[1], alias=alias, coldeflist=tuple(coldefs))


def p_table_ref_3(p):
    """table_ref : LATERAL_P func_table func_alias_clause"""
    alias, coldefs = p[3]
    p[0] = replace(p[2], lateral=True, alias=alias, coldeflist=tuple(coldefs))


def _subselect_alias_check(sub, alias, loc):
    if alias is None:
        if isinstance(sub, A.SelectStmt) and sub.values_lists:
            raise _syntax("VALUES in FROM must have an alias", loc,
                          hint="For example, FROM (VALUES ...) [AS] foo.")
        raise _syntax("subquery in FROM must have an alias", loc,
                      hint="For example, FROM (SELECT ...) [AS] foo.")


def p_table_ref_4(p):
    """table_ref : select_with_parens opt_alias_clause"""
    _subselect_alias_check(p[1], p[2], p.lexpos(1))
    p[0] = A.RangeSubselect(subquery=p[1], alias=p[2])


def p_table_ref_5(p):
    """table_ref : LATERAL_P select_with_parens opt_alias_clause"""
    _subselect_alias_check(p[2], p[3], p.lexpos(2))
    p[0] = A.RangeSubselect(lateral=True, subquery=p[2], alias=p[3])


def p_table_ref_6(p):
    """table_ref : joined_table"""
    p[0] = p[1]


def p_table_ref_7(p):
    """table_ref : '(' joined_table ')' alias_clause"""
    p[0] = replace(p[2], alias=p[4])


# nonterminal: joined_table
def p_joined_table_1(p):
    """joined_table : '(' joined_table ')'"""
    p[0] = p[2]


def p_joined_table_2(p):
    """joined_table : table_ref CROSS JOIN table_ref"""
    p[0] = A.JoinExpr(jointype="inner", larg=p[1], rarg=p[4])


def _join(jointype, larg, rarg, qual):
    if qual[0] == "using":
        return A.JoinExpr(jointype=jointype, larg=larg, rarg=rarg, using_clause=tuple(qual[1]),
                          join_using_alias=qual[2])
    return A.JoinExpr(jointype=jointype, larg=larg, rarg=rarg, quals=qual[1])


def p_joined_table_3(p):
    """joined_table : table_ref join_type JOIN table_ref join_qual"""
    p[0] = _join(p[2], p[1], p[4], p[5])


def p_joined_table_4(p):
    """joined_table : table_ref JOIN table_ref join_qual"""
    p[0] = _join("inner", p[1], p[3], p[4])


def p_joined_table_5(p):
    """joined_table : table_ref NATURAL join_type JOIN table_ref"""
    p[0] = A.JoinExpr(jointype=p[3], is_natural=True, larg=p[1], rarg=p[5])


def p_joined_table_6(p):
    """joined_table : table_ref NATURAL JOIN table_ref"""
    p[0] = A.JoinExpr(jointype="inner", is_natural=True, larg=p[1], rarg=p[4])


# nonterminal: alias_clause
def p_alias_clause_1(p):
    """alias_clause : AS ColId '(' name_list ')'"""
    p[0] = A.Alias(aliasname=p[2], colnames=tuple(p[4]))


def p_alias_clause_2(p):
    """alias_clause : AS ColId"""
    p[0] = A.Alias(aliasname=p[2])


def p_alias_clause_3(p):
    """alias_clause : ColId '(' name_list ')'"""
    p[0] = A.Alias(aliasname=p[1], colnames=tuple(p[3]))


def p_alias_clause_4(p):
    """alias_clause : ColId"""
    p[0] = A.Alias(aliasname=p[1])


# nonterminal: opt_alias_clause
def p_opt_alias_clause_1(p):
    """opt_alias_clause : alias_clause"""
    p[0] = p[1]


def p_opt_alias_clause_2(p):
    """opt_alias_clause : """
    p[0] = None


# nonterminal: opt_alias_clause_for_join_using
def p_opt_alias_clause_for_join_using_1(p):
    """opt_alias_clause_for_join_using : AS ColId"""
    p[0] = A.Alias(aliasname=p[2])


def p_opt_alias_clause_for_join_using_2(p):
    """opt_alias_clause_for_join_using : """
    p[0] = None


# nonterminal: func_alias_clause  -- (alias, coldeflist)
def p_func_alias_clause_1(p):
    """func_alias_clause : alias_clause"""
    p[0] = (p[1], [])


def p_func_alias_clause_2(p):
    """func_alias_clause : AS '(' TableFuncElementList ')'"""
    p[0] = (None, p[3])


def p_func_alias_clause_3(p):
    """func_alias_clause : AS ColId '(' TableFuncElementList ')'"""
    p[0] = (A.Alias(aliasname=p[2]), p[4])


def p_func_alias_clause_4(p):
    """func_alias_clause : ColId '(' TableFuncElementList ')'"""
    p[0] = (A.Alias(aliasname=p[1]), p[3])


def p_func_alias_clause_5(p):
    """func_alias_clause : """
    p[0] = (None, [])


# nonterminal: join_type
def p_join_type_1(p):
    """join_type : FULL opt_outer
                 | LEFT opt_outer
                 | RIGHT opt_outer"""
    p[0] = p[1]


def p_join_type_2(p):
    """join_type : INNER_P"""
    p[0] = "inner"


# nonterminal: opt_outer
def p_opt_outer_1(p):
    """opt_outer : OUTER_P
                 | """
    p[0] = None


# nonterminal: join_qual
def p_join_qual_1(p):
    """join_qual : USING '(' name_list ')' opt_alias_clause_for_join_using"""
    p[0] = ("using", p[3], p[5])


def p_join_qual_2(p):
    """join_qual : ON a_expr"""
    p[0] = ("on", p[2])


# nonterminal: relation_expr
def p_relation_expr_1(p):
    """relation_expr : qualified_name"""
    p[0] = p[1]


def p_relation_expr_2(p):
    """relation_expr : qualified_name '*'"""
    p[0] = p[1]


def p_relation_expr_3(p):
    """relation_expr : ONLY qualified_name"""
    p[0] = replace(p[2], inh=False)


def p_relation_expr_4(p):
    """relation_expr : ONLY '(' qualified_name ')'"""
    p[0] = replace(p[3], inh=False)


# nonterminal: relation_expr_list
def p_relation_expr_list_1(p):
    """relation_expr_list : relation_expr"""
    p[0] = [p[1]]


def p_relation_expr_list_2(p):
    """relation_expr_list : relation_expr_list ',' relation_expr"""
    p[0] = p[1] + [p[3]]


# nonterminal: relation_expr_opt_alias
def p_relation_expr_opt_alias_1(p):
    """relation_expr_opt_alias : relation_expr %prec UMINUS"""
    p[0] = p[1]


def p_relation_expr_opt_alias_2(p):
    """relation_expr_opt_alias : relation_expr ColId"""
    p[0] = replace(p[1], alias=A.Alias(aliasname=p[2]))


def p_relation_expr_opt_alias_3(p):
    """relation_expr_opt_alias : relation_expr AS ColId"""
    p[0] = replace(p[1], alias=A.Alias(aliasname=p[3]))


# nonterminal: func_table
def p_func_table_1(p):
    """func_table : func_expr_windowless opt_ordinality"""
    p[0] = A.RangeFunction(ordinality=p[2], functions=((p[1], ()),))


def p_func_table_2(p):
    """func_table : ROWS FROM '(' rowsfrom_list ')' opt_ordinality"""
    p[0] = A.RangeFunction(ordinality=p[6], is_rowsfrom=True, functions=tuple(p[4]))


# nonterminal: rowsfrom_item
def p_rowsfrom_item_1(p):
    """rowsfrom_item : func_expr_windowless opt_col_def_list"""
    p[0] = (p[1], tuple(p[2]))


# nonterminal: rowsfrom_list
def p_rowsfrom_list_1(p):
    """rowsfrom_list : rowsfrom_item"""
    p[0] = [p[1]]


def p_rowsfrom_list_2(p):
    """rowsfrom_list : rowsfrom_list ',' rowsfrom_item"""
    p[0] = p[1] + [p[3]]


# nonterminal: opt_col_def_list
def p_opt_col_def_list_1(p):
    """opt_col_def_list : AS '(' TableFuncElementList ')'"""
    p[0] = p[3]


def p_opt_col_def_list_2(p):
    """opt_col_def_list : """
    p[0] = []


# nonterminal: opt_ordinality
def p_opt_ordinality_1(p):
    """opt_ordinality : WITH_LA ORDINALITY"""
    p[0] = True


def p_opt_ordinality_2(p):
    """opt_ordinality : """
    p[0] = False


# nonterminal: where_clause
def p_where_clause_1(p):
    """where_clause : WHERE a_expr"""
    p[0] = p[2]


def p_where_clause_2(p):
    """where_clause : """
    p[0] = None


# nonterminal: where_or_current_clause
def p_where_or_current_clause_1(p):
    """where_or_current_clause : WHERE a_expr"""
    p[0] = p[2]


def p_where_or_current_clause_2(p):
    """where_or_current_clause : WHERE CURRENT_P OF cursor_name"""
    p[0] = A.CurrentOfExpr(cursor_name=p[4])


def p_where_or_current_clause_3(p):
    """where_or_current_clause : """
    p[0] = None


# nonterminal: OptTableFuncElementList
def p_OptTableFuncElementList_1(p):
    """OptTableFuncElementList : TableFuncElementList"""
    p[0] = p[1]


def p_OptTableFuncElementList_2(p):
    """OptTableFuncElementList : """
    p[0] = []


# nonterminal: TableFuncElementList
def p_TableFuncElementList_1(p):
    """TableFuncElementList : TableFuncElement"""
    p[0] = [p[1]]


def p_TableFuncElementList_2(p):
    """TableFuncElementList : TableFuncElementList ',' TableFuncElement"""
    p[0] = p[1] + [p[3]]


# nonterminal: TableFuncElement
def p_TableFuncElement_1(p):
    """TableFuncElement : ColId Typename opt_collate_clause"""
    p[0] = A.ColumnDef(colname=p[1], type_name=p[2], coll_clause=p[3], location=p.lexpos(1))


# ---------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------

# nonterminal: Typename
def p_Typename_1(p):
    """Typename : SimpleTypename opt_array_bounds"""
    p[0] = replace(p[1], array_bounds=tuple(p[2])) if p[2] else p[1]


def p_Typename_2(p):
    """Typename : SETOF SimpleTypename opt_array_bounds"""
    p[0] = replace(p[2], array_bounds=tuple(p[3]), setof=True)


def p_Typename_3(p):
    """Typename : SimpleTypename ARRAY '[' Iconst ']'"""
    p[0] = replace(p[1], array_bounds=(p[4],))


def p_Typename_4(p):
    """Typename : SETOF SimpleTypename ARRAY '[' Iconst ']'"""
    p[0] = replace(p[2], array_bounds=(p[5],), setof=True)


def p_Typename_5(p):
    """Typename : SimpleTypename ARRAY"""
    p[0] = replace(p[1], array_bounds=(-1,))


def p_Typename_6(p):
    """Typename : SETOF SimpleTypename ARRAY"""
    p[0] = replace(p[2], array_bounds=(-1,), setof=True)


# nonterminal: opt_array_bounds
def p_opt_array_bounds_1(p):
    """opt_array_bounds : opt_array_bounds '[' ']'"""
    p[0] = p[1] + [-1]


def p_opt_array_bounds_2(p):
    """opt_array_bounds : opt_array_bounds '[' Iconst ']'"""
    p[0] = p[1] + [p[3]]


def p_opt_array_bounds_3(p):
    """opt_array_bounds : """
    p[0] = []


# nonterminal: SimpleTypename
def p_SimpleTypename_1(p):
    """SimpleTypename : GenericType
                      | Numeric
                      | Bit
                      | Character
                      | ConstDatetime"""
    p[0] = p[1]


def p_SimpleTypename_2(p):
    """SimpleTypename : ConstInterval opt_interval"""
    p[0] = replace(p[1], typmods=tuple(p[2])) if p[2] else p[1]


def p_SimpleTypename_3(p):
    """SimpleTypename : ConstInterval '(' Iconst ')'"""
    p[0] = replace(p[1], typmods=(int_const(INTERVAL_FULL_RANGE), int_const(p[3], p.lexpos(3))))


# nonterminal: ConstTypename
def p_ConstTypename_1(p):
    """ConstTypename : Numeric
                     | ConstBit
                     | ConstCharacter
                     | ConstDatetime"""
    p[0] = p[1]


# nonterminal: GenericType
def p_GenericType_1(p):
    """GenericType : type_function_name opt_type_modifiers"""
    p[0] = A.TypeName(names=(p[1],), typmods=tuple(p[2]), location=p.lexpos(1))


def p_GenericType_2(p):
    """GenericType : type_function_name attrs opt_type_modifiers"""
    p[0] = A.TypeName(names=(p[1],) + tuple(p[2]), typmods=tuple(p[3]), location=p.lexpos(1))


# nonterminal: opt_type_modifiers
def p_opt_type_modifiers_1(p):
    """opt_type_modifiers : '(' expr_list ')'"""
    p[0] = p[2]


def p_opt_type_modifiers_2(p):
    """opt_type_modifiers : """
    p[0] = []


# nonterminal: Numeric
_NUMERIC_TYPES = {"int": "int4", "integer": "int4", "smallint": "int2", "bigint": "int8",
                  "real": "float4", "boolean": "bool"}


def p_Numeric_1(p):
    """Numeric : INT_P
               | INTEGER
               | SMALLINT
               | BIGINT
               | REAL
               | BOOLEAN_P"""
    p[0] = system_type_name(_NUMERIC_TYPES[p[1]], p.lexpos(1))


def p_Numeric_2(p):
    """Numeric : FLOAT_P opt_float"""
    p[0] = replace(p[2], location=p.lexpos(1))


def p_Numeric_3(p):
    """Numeric : DOUBLE_P PRECISION"""
    p[0] = system_type_name("float8", p.lexpos(1))


def p_Numeric_4(p):
    """Numeric : DECIMAL_P opt_type_modifiers
               | DEC opt_type_modifiers
               | NUMERIC opt_type_modifiers"""
    p[0] = A.TypeName(names=("pg_catalog", "numeric"), typmods=tuple(p[2]), location=p.lexpos(1))


# nonterminal: opt_float
def p_opt_float_1(p):
    """opt_float : '(' Iconst ')'"""
    # precision is given in binary digits (SQL standard)
    if p[2] < 1:
        raise PgError(INVALID_PARAMETER_VALUE, "precision for type float must be at least 1 bit",
                      position=p.lexpos(2) + 1)
    if p[2] <= 24:
        p[0] = system_type_name("float4")
    elif p[2] <= 53:
        p[0] = system_type_name("float8")
    else:
        raise PgError(INVALID_PARAMETER_VALUE, "precision for type float must be less than 54 bits",
                      position=p.lexpos(2) + 1)


def p_opt_float_2(p):
    """opt_float : """
    p[0] = system_type_name("float8")


# nonterminal: Bit
def p_Bit_1(p):
    """Bit : BitWithLength
           | BitWithoutLength"""
    p[0] = p[1]


# nonterminal: ConstBit
def p_ConstBit_1(p):
    """ConstBit : BitWithLength"""
    p[0] = p[1]


def p_ConstBit_2(p):
    """ConstBit : BitWithoutLength"""
    p[0] = replace(p[1], typmods=())


# nonterminal: BitWithLength
def p_BitWithLength_1(p):
    """BitWithLength : BIT opt_varying '(' expr_list ')'"""
    p[0] = system_type_name("varbit" if p[2] else "bit", p.lexpos(1))
    p[0] = replace(p[0], typmods=tuple(p[4]))


# nonterminal: BitWithoutLength
def p_BitWithoutLength_1(p):
    """BitWithoutLength : BIT opt_varying"""
    if p[2]:
        p[0] = system_type_name("varbit", p.lexpos(1))
    else:
        p[0] = replace(system_type_name("bit", p.lexpos(1)), typmods=(int_const(1),))


# nonterminal: Character
def p_Character_1(p):
    """Character : CharacterWithLength
                 | CharacterWithoutLength"""
    p[0] = p[1]


# nonterminal: ConstCharacter
def p_ConstCharacter_1(p):
    """ConstCharacter : CharacterWithLength"""
    p[0] = p[1]


def p_ConstCharacter_2(p):
    """ConstCharacter : CharacterWithoutLength"""
    p[0] = replace(p[1], typmods=())


# nonterminal: CharacterWithLength
def p_CharacterWithLength_1(p):
    """CharacterWithLength : character '(' Iconst ')'"""
    p[0] = A.TypeName(names=("pg_catalog", p[1]), typmods=(int_const(p[3], p.lexpos(3)),),
                      location=p.lexpos(1))


# nonterminal: CharacterWithoutLength
def p_CharacterWithoutLength_1(p):
    """CharacterWithoutLength : character"""
    mods = (int_const(1),) if p[1] == "bpchar" else ()
    p[0] = A.TypeName(names=("pg_catalog", p[1]), typmods=mods, location=p.lexpos(1))


# nonterminal: character  -- the pg_catalog type name
def p_character_1(p):
    """character : CHARACTER opt_varying
                 | CHAR_P opt_varying
                 | NCHAR opt_varying"""
    p[0] = "varchar" if p[2] else "bpchar"


def p_character_2(p):
    """character : VARCHAR"""
    p[0] = "varchar"


def p_character_3(p):
    """character : NATIONAL CHARACTER opt_varying
                 | NATIONAL CHAR_P opt_varying"""
    p[0] = "varchar" if p[3] else "bpchar"


# nonterminal: opt_varying
def p_opt_varying_1(p):
    """opt_varying : VARYING"""
    p[0] = True


def p_opt_varying_2(p):
    """opt_varying : """
    p[0] = False


# nonterminal: ConstDatetime
def p_ConstDatetime_1(p):
    """ConstDatetime : TIMESTAMP '(' Iconst ')' opt_timezone"""
    p[0] = A.TypeName(names=("pg_catalog", "timestamptz" if p[5] else "timestamp"),
                      typmods=(int_const(p[3], p.lexpos(3)),), location=p.lexpos(1))


def p_ConstDatetime_2(p):
    """ConstDatetime : TIMESTAMP opt_timezone"""
    p[0] = system_type_name("timestamptz" if p[2] else "timestamp", p.lexpos(1))


def p_ConstDatetime_3(p):
    """ConstDatetime : TIME '(' Iconst ')' opt_timezone"""
    p[0] = A.TypeName(names=("pg_catalog", "timetz" if p[5] else "time"),
                      typmods=(int_const(p[3], p.lexpos(3)),), location=p.lexpos(1))


def p_ConstDatetime_4(p):
    """ConstDatetime : TIME opt_timezone"""
    p[0] = system_type_name("timetz" if p[2] else "time", p.lexpos(1))


# nonterminal: ConstInterval
def p_ConstInterval_1(p):
    """ConstInterval : INTERVAL"""
    p[0] = system_type_name("interval", p.lexpos(1))


# nonterminal: opt_timezone
def p_opt_timezone_1(p):
    """opt_timezone : WITH_LA TIME ZONE"""
    p[0] = True


def p_opt_timezone_2(p):
    """opt_timezone : WITHOUT TIME ZONE
                    | """
    p[0] = False


# nonterminal: opt_interval  -- list of A_Const typmods
def p_opt_interval_1(p):
    """opt_interval : YEAR_P"""
    p[0] = [int_const(_YEAR, p.lexpos(1))]


def p_opt_interval_2(p):
    """opt_interval : MONTH_P"""
    p[0] = [int_const(_MONTH, p.lexpos(1))]


def p_opt_interval_3(p):
    """opt_interval : DAY_P"""
    p[0] = [int_const(_DAY, p.lexpos(1))]


def p_opt_interval_4(p):
    """opt_interval : HOUR_P"""
    p[0] = [int_const(_HOUR, p.lexpos(1))]


def p_opt_interval_5(p):
    """opt_interval : MINUTE_P"""
    p[0] = [int_const(_MINUTE, p.lexpos(1))]


def p_opt_interval_6(p):
    """opt_interval : interval_second"""
    p[0] = p[1]


def p_opt_interval_7(p):
    """opt_interval : YEAR_P TO MONTH_P"""
    p[0] = [int_const(_YEAR | _MONTH, p.lexpos(1))]


def p_opt_interval_8(p):
    """opt_interval : DAY_P TO HOUR_P"""
    p[0] = [int_const(_DAY | _HOUR, p.lexpos(1))]


def p_opt_interval_9(p):
    """opt_interval : DAY_P TO MINUTE_P"""
    p[0] = [int_const(_DAY | _HOUR | _MINUTE, p.lexpos(1))]


def p_opt_interval_10(p):
    """opt_interval : DAY_P TO interval_second"""
    p[0] = [int_const(_DAY | _HOUR | _MINUTE | _SECOND, p.lexpos(1))] + p[3][1:]


def p_opt_interval_11(p):
    """opt_interval : HOUR_P TO MINUTE_P"""
    p[0] = [int_const(_HOUR | _MINUTE, p.lexpos(1))]


def p_opt_interval_12(p):
    """opt_interval : HOUR_P TO interval_second"""
    p[0] = [int_const(_HOUR | _MINUTE | _SECOND, p.lexpos(1))] + p[3][1:]


def p_opt_interval_13(p):
    """opt_interval : MINUTE_P TO interval_second"""
    p[0] = [int_const(_MINUTE | _SECOND, p.lexpos(1))] + p[3][1:]


def p_opt_interval_14(p):
    """opt_interval : """
    p[0] = []


# nonterminal: interval_second
def p_interval_second_1(p):
    """interval_second : SECOND_P"""
    p[0] = [int_const(_SECOND, p.lexpos(1))]


def p_interval_second_2(p):
    """interval_second : SECOND_P '(' Iconst ')'"""
    p[0] = [int_const(_SECOND, p.lexpos(1)), int_const(p[3], p.lexpos(3))]


# ---------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------

# nonterminal: a_expr
def p_a_expr_1(p):
    """a_expr : c_expr"""
    p[0] = p[1]


def p_a_expr_2(p):
    """a_expr : a_expr TYPECAST Typename"""
    p[0] = make_type_cast(p[1], p[3], p.lexpos(2))


def p_a_expr_3(p):
    """a_expr : a_expr COLLATE any_name"""
    p[0] = A.CollateClause(arg=p[1], collname=p[3], location=p.lexpos(2))


def p_a_expr_4(p):
    """a_expr : a_expr AT TIME ZONE a_expr %prec AT"""
    p[0] = make_func(system_func_name("timezone"), (p[5], p[1]), p.lexpos(2), "sql_syntax")


def p_a_expr_5(p):
    """a_expr : '+' a_expr %prec UMINUS"""
    p[0] = make_a_expr("op", "+", None, p[2], p.lexpos(1))


def p_a_expr_6(p):
    """a_expr : '-' a_expr %prec UMINUS"""
    p[0] = do_negate(p[2], p.lexpos(1))


def p_a_expr_7(p):
    """a_expr : a_expr '+' a_expr
              | a_expr '-' a_expr
              | a_expr '*' a_expr
              | a_expr '/' a_expr
              | a_expr '%' a_expr
              | a_expr '^' a_expr
              | a_expr '<' a_expr
              | a_expr '>' a_expr
              | a_expr '=' a_expr
              | a_expr LESS_EQUALS a_expr
              | a_expr GREATER_EQUALS a_expr
              | a_expr NOT_EQUALS a_expr"""
    p[0] = A.A_Expr(kind="op", name=(p[2],), lexpr=p[1], rexpr=p[3], location=p.lexpos(2))


def p_a_expr_8(p):
    """a_expr : a_expr qual_Op a_expr %prec Op"""
    p[0] = A.A_Expr(kind="op", name=tuple(p[2]), lexpr=p[1], rexpr=p[3], location=p.lexpos(2))


def p_a_expr_9(p):
    """a_expr : qual_Op a_expr %prec Op"""
    p[0] = A.A_Expr(kind="op", name=tuple(p[1]), lexpr=None, rexpr=p[2], location=p.lexpos(1))


def p_a_expr_10(p):
    """a_expr : a_expr AND a_expr"""
    p[0] = make_and(p[1], p[3], p.lexpos(2))


def p_a_expr_11(p):
    """a_expr : a_expr OR a_expr"""
    p[0] = make_or(p[1], p[3], p.lexpos(2))


def p_a_expr_12(p):
    """a_expr : NOT a_expr
              | NOT_LA a_expr %prec NOT"""
    p[0] = make_not(p[2], p.lexpos(1))


def p_a_expr_13(p):
    """a_expr : a_expr LIKE a_expr"""
    p[0] = make_a_expr("like", "~~", p[1], p[3], p.lexpos(2))


def p_a_expr_14(p):
    """a_expr : a_expr LIKE a_expr ESCAPE a_expr %prec LIKE"""
    esc = make_func(system_func_name("like_escape"), (p[3], p[5]), p.lexpos(2))
    p[0] = make_a_expr("like", "~~", p[1], esc, p.lexpos(2))


def p_a_expr_15(p):
    """a_expr : a_expr NOT_LA LIKE a_expr %prec NOT_LA"""
    p[0] = make_a_expr("like", "!~~", p[1], p[4], p.lexpos(2))


def p_a_expr_16(p):
    """a_expr : a_expr NOT_LA LIKE a_expr ESCAPE a_expr %prec NOT_LA"""
    esc = make_func(system_func_name("like_escape"), (p[4], p[6]), p.lexpos(2))
    p[0] = make_a_expr("like", "!~~", p[1], esc, p.lexpos(2))


def p_a_expr_17(p):
    """a_expr : a_expr ILIKE a_expr"""
    p[0] = make_a_expr("ilike", "~~*", p[1], p[3], p.lexpos(2))


def p_a_expr_18(p):
    """a_expr : a_expr ILIKE a_expr ESCAPE a_expr %prec ILIKE"""
    esc = make_func(system_func_name("like_escape"), (p[3], p[5]), p.lexpos(2))
    p[0] = make_a_expr("ilike", "~~*", p[1], esc, p.lexpos(2))


def p_a_expr_19(p):
    """a_expr : a_expr NOT_LA ILIKE a_expr %prec NOT_LA"""
    p[0] = make_a_expr("ilike", "!~~*", p[1], p[4], p.lexpos(2))


def p_a_expr_20(p):
    """a_expr : a_expr NOT_LA ILIKE a_expr ESCAPE a_expr %prec NOT_LA"""
    esc = make_func(system_func_name("like_escape"), (p[4], p[6]), p.lexpos(2))
    p[0] = make_a_expr("ilike", "!~~*", p[1], esc, p.lexpos(2))


def p_a_expr_21(p):
    """a_expr : a_expr SIMILAR TO a_expr %prec SIMILAR"""
    esc = make_func(system_func_name("similar_to_escape"), (p[4],), p.lexpos(2))
    p[0] = make_a_expr("similar", "~", p[1], esc, p.lexpos(2))


def p_a_expr_22(p):
    """a_expr : a_expr SIMILAR TO a_expr ESCAPE a_expr %prec SIMILAR"""
    esc = make_func(system_func_name("similar_to_escape"), (p[4], p[6]), p.lexpos(2))
    p[0] = make_a_expr("similar", "~", p[1], esc, p.lexpos(2))


def p_a_expr_23(p):
    """a_expr : a_expr NOT_LA SIMILAR TO a_expr %prec NOT_LA"""
    esc = make_func(system_func_name("similar_to_escape"), (p[5],), p.lexpos(2))
    p[0] = make_a_expr("similar", "!~", p[1], esc, p.lexpos(2))


def p_a_expr_24(p):
    """a_expr : a_expr NOT_LA SIMILAR TO a_expr ESCAPE a_expr %prec NOT_LA"""
    esc = make_func(system_func_name("similar_to_escape"), (p[5], p[7]), p.lexpos(2))
    p[0] = make_a_expr("similar", "!~", p[1], esc, p.lexpos(2))


def p_a_expr_25(p):
    """a_expr : a_expr IS NULL_P %prec IS
              | a_expr ISNULL"""
    p[0] = A.NullTest(arg=p[1], nulltesttype="is_null", location=p.lexpos(2))


def p_a_expr_26(p):
    """a_expr : a_expr IS NOT NULL_P %prec IS
              | a_expr NOTNULL"""
    p[0] = A.NullTest(arg=p[1], nulltesttype="is_not_null", location=p.lexpos(2))


def p_a_expr_27(p):
    """a_expr : row OVERLAPS row"""
    if len(p[1]) != 2:
        raise _syntax("wrong number of parameters on left side of OVERLAPS expression",
                      p.lexpos(1))
    if len(p[3]) != 2:
        raise _syntax("wrong number of parameters on right side of OVERLAPS expression",
                      p.lexpos(3))
    p[0] = make_func(system_func_name("overlaps"), tuple(p[1]) + tuple(p[3]), p.lexpos(2),
                     "sql_syntax")


def p_a_expr_28(p):
    """a_expr : a_expr IS TRUE_P %prec IS"""
    p[0] = A.BooleanTest(arg=p[1], booltesttype="is_true", location=p.lexpos(2))


def p_a_expr_29(p):
    """a_expr : a_expr IS NOT TRUE_P %prec IS"""
    p[0] = A.BooleanTest(arg=p[1], booltesttype="is_not_true", location=p.lexpos(2))


def p_a_expr_30(p):
    """a_expr : a_expr IS FALSE_P %prec IS"""
    p[0] = A.BooleanTest(arg=p[1], booltesttype="is_false", location=p.lexpos(2))


def p_a_expr_31(p):
    """a_expr : a_expr IS NOT FALSE_P %prec IS"""
    p[0] = A.BooleanTest(arg=p[1], booltesttype="is_not_false", location=p.lexpos(2))


def p_a_expr_32(p):
    """a_expr : a_expr IS UNKNOWN %prec IS"""
    p[0] = A.BooleanTest(arg=p[1], booltesttype="is_unknown", location=p.lexpos(2))


def p_a_expr_33(p):
    """a_expr : a_expr IS NOT UNKNOWN %prec IS"""
    p[0] = A.BooleanTest(arg=p[1], booltesttype="is_not_unknown", location=p.lexpos(2))


def p_a_expr_34(p):
    """a_expr : a_expr IS DISTINCT FROM a_expr %prec IS"""
    p[0] = make_a_expr("distinct", "=", p[1], p[5], p.lexpos(2))


def p_a_expr_35(p):
    """a_expr : a_expr IS NOT DISTINCT FROM a_expr %prec IS"""
    p[0] = make_a_expr("not_distinct", "=", p[1], p[6], p.lexpos(2))


# a_expr IS [NOT] [form] NORMALIZED: is_normalized(a[, 'form']) in SQL syntax
def p_a_expr_90(p):
    """a_expr : a_expr IS NORMALIZED %prec IS
              | a_expr IS unicode_normal_form NORMALIZED %prec IS"""
    args = (p[1],) if len(p) == 4 else (p[1], str_const(p[3], p.lexpos(3)))
    p[0] = make_func(system_func_name("is_normalized"), args, p.lexpos(2), "sql_syntax")


def p_a_expr_91(p):
    """a_expr : a_expr IS NOT NORMALIZED %prec IS
              | a_expr IS NOT unicode_normal_form NORMALIZED %prec IS"""
    args = (p[1],) if len(p) == 5 else (p[1], str_const(p[4], p.lexpos(4)))
    p[0] = make_not(make_func(system_func_name("is_normalized"), args, p.lexpos(2), "sql_syntax"), p.lexpos(2))


def p_a_expr_36(p):
    """a_expr : a_expr BETWEEN opt_asymmetric b_expr AND a_expr %prec BETWEEN"""
    p[0] = A.A_Expr(kind="between", name=("BETWEEN",), lexpr=p[1], rexpr=(p[4], p[6]),
                    location=p.lexpos(2))


def p_a_expr_37(p):
    """a_expr : a_expr NOT_LA BETWEEN opt_asymmetric b_expr AND a_expr %prec NOT_LA"""
    p[0] = A.A_Expr(kind="not_between", name=("NOT BETWEEN",), lexpr=p[1], rexpr=(p[5], p[7]),
                    location=p.lexpos(2))


def p_a_expr_38(p):
    """a_expr : a_expr BETWEEN SYMMETRIC b_expr AND a_expr %prec BETWEEN"""
    p[0] = A.A_Expr(kind="between_sym", name=("BETWEEN SYMMETRIC",), lexpr=p[1],
                    rexpr=(p[4], p[6]), location=p.lexpos(2))


def p_a_expr_39(p):
    """a_expr : a_expr NOT_LA BETWEEN SYMMETRIC b_expr AND a_expr %prec NOT_LA"""
    p[0] = A.A_Expr(kind="not_between_sym", name=("NOT BETWEEN SYMMETRIC",), lexpr=p[1],
                    rexpr=(p[5], p[7]), location=p.lexpos(2))


def p_a_expr_40(p):
    """a_expr : a_expr IN_P in_expr"""
    if isinstance(p[3], A.SubLink):
        p[0] = replace(p[3], sub_link_type="any", testexpr=p[1], oper_name=(),
                       location=p.lexpos(2))
    else:
        p[0] = A.A_Expr(kind="in", name=("=",), lexpr=p[1], rexpr=tuple(p[3]),
                        location=p.lexpos(2))


def p_a_expr_41(p):
    """a_expr : a_expr NOT_LA IN_P in_expr %prec NOT_LA"""
    if isinstance(p[4], A.SubLink):
        n = replace(p[4], sub_link_type="any", testexpr=p[1], oper_name=(),
                    location=p.lexpos(2))
        p[0] = make_not(n, p.lexpos(2))
    else:
        p[0] = A.A_Expr(kind="in", name=("<>",), lexpr=p[1], rexpr=tuple(p[4]),
                        location=p.lexpos(2))


def p_a_expr_42(p):
    """a_expr : a_expr subquery_Op sub_type select_with_parens %prec Op"""
    p[0] = A.SubLink(sub_link_type=p[3], testexpr=p[1], oper_name=tuple(p[2]),
                     subselect=p[4], location=p.lexpos(2))


def p_a_expr_43(p):
    """a_expr : a_expr subquery_Op sub_type '(' a_expr ')' %prec Op"""
    kind = "op_any" if p[3] == "any" else "op_all"
    p[0] = A.A_Expr(kind=kind, name=tuple(p[2]), lexpr=p[1], rexpr=p[5], location=p.lexpos(2))


def p_a_expr_44(p):
    """a_expr : UNIQUE opt_unique_null_treatment select_with_parens"""
    raise _unsupported("UNIQUE predicate is not yet implemented", p.lexpos(1))


def p_a_expr_45(p):
    """a_expr : DEFAULT"""
    p[0] = A.SetToDefault(location=p.lexpos(1))


# nonterminal: b_expr
def p_b_expr_1(p):
    """b_expr : c_expr"""
    p[0] = p[1]


def p_b_expr_2(p):
    """b_expr : b_expr TYPECAST Typename"""
    p[0] = make_type_cast(p[1], p[3], p.lexpos(2))


def p_b_expr_3(p):
    """b_expr : '+' b_expr %prec UMINUS"""
    p[0] = make_a_expr("op", "+", None, p[2], p.lexpos(1))


def p_b_expr_4(p):
    """b_expr : '-' b_expr %prec UMINUS"""
    p[0] = do_negate(p[2], p.lexpos(1))


def p_b_expr_5(p):
    """b_expr : b_expr '+' b_expr
              | b_expr '-' b_expr
              | b_expr '*' b_expr
              | b_expr '/' b_expr
              | b_expr '%' b_expr
              | b_expr '^' b_expr
              | b_expr '<' b_expr
              | b_expr '>' b_expr
              | b_expr '=' b_expr
              | b_expr LESS_EQUALS b_expr
              | b_expr GREATER_EQUALS b_expr
              | b_expr NOT_EQUALS b_expr"""
    p[0] = A.A_Expr(kind="op", name=(p[2],), lexpr=p[1], rexpr=p[3], location=p.lexpos(2))


def p_b_expr_6(p):
    """b_expr : b_expr qual_Op b_expr %prec Op"""
    p[0] = A.A_Expr(kind="op", name=tuple(p[2]), lexpr=p[1], rexpr=p[3], location=p.lexpos(2))


def p_b_expr_7(p):
    """b_expr : qual_Op b_expr %prec Op"""
    p[0] = A.A_Expr(kind="op", name=tuple(p[1]), lexpr=None, rexpr=p[2], location=p.lexpos(1))


def p_b_expr_8(p):
    """b_expr : b_expr IS DISTINCT FROM b_expr %prec IS"""
    p[0] = make_a_expr("distinct", "=", p[1], p[5], p.lexpos(2))


def p_b_expr_9(p):
    """b_expr : b_expr IS NOT DISTINCT FROM b_expr %prec IS"""
    p[0] = make_a_expr("not_distinct", "=", p[1], p[6], p.lexpos(2))


# nonterminal: c_expr
def p_c_expr_1(p):
    """c_expr : columnref
              | AexprConst
              | case_expr
              | func_expr
              | explicit_row
              | implicit_row"""
    p[0] = p[1]


def p_c_expr_2(p):
    """c_expr : PARAM opt_indirection"""
    ref = A.ParamRef(number=p[1], location=p.lexpos(1))
    p[0] = A.A_Indirection(arg=ref, indirection=check_indirection(p[2])) if p[2] else ref


def p_c_expr_3(p):
    """c_expr : '(' a_expr ')' opt_indirection"""
    p[0] = A.A_Indirection(arg=p[2], indirection=check_indirection(p[4])) if p[4] else p[2]


def p_c_expr_4(p):
    """c_expr : select_with_parens %prec UMINUS"""
    p[0] = A.SubLink(sub_link_type="expr", subselect=p[1], location=p.lexpos(1))


def p_c_expr_5(p):
    """c_expr : select_with_parens indirection"""
    sub = A.SubLink(sub_link_type="expr", subselect=p[1], location=p.lexpos(1))
    p[0] = A.A_Indirection(arg=sub, indirection=check_indirection(p[2]))


def p_c_expr_6(p):
    """c_expr : EXISTS select_with_parens"""
    p[0] = A.SubLink(sub_link_type="exists", subselect=p[2], location=p.lexpos(1))


def p_c_expr_7(p):
    """c_expr : ARRAY select_with_parens"""
    p[0] = A.SubLink(sub_link_type="array", subselect=p[2], location=p.lexpos(1))


def p_c_expr_8(p):
    """c_expr : ARRAY array_expr"""
    p[0] = replace(p[2], location=p.lexpos(1))


def p_c_expr_9(p):
    """c_expr : GROUPING '(' expr_list ')'"""
    p[0] = A.GroupingFunc(args=tuple(p[3]), location=p.lexpos(1))


# nonterminal: func_application
def p_func_application_1(p):
    """func_application : func_name '(' ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), location=p.lexpos(1))


def p_func_application_2(p):
    """func_application : func_name '(' func_arg_list opt_sort_clause ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), args=tuple(p[3]), agg_order=tuple(p[4]),
                      location=p.lexpos(1))


def p_func_application_3(p):
    """func_application : func_name '(' VARIADIC func_arg_expr opt_sort_clause ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), args=(p[4],), agg_order=tuple(p[5]),
                      func_variadic=True, location=p.lexpos(1))


def p_func_application_4(p):
    """func_application : func_name '(' func_arg_list ',' VARIADIC func_arg_expr opt_sort_clause ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), args=tuple(p[3]) + (p[6],), agg_order=tuple(p[7]),
                      func_variadic=True, location=p.lexpos(1))


def p_func_application_5(p):
    """func_application : func_name '(' ALL func_arg_list opt_sort_clause ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), args=tuple(p[4]), agg_order=tuple(p[5]),
                      location=p.lexpos(1))


def p_func_application_6(p):
    """func_application : func_name '(' DISTINCT func_arg_list opt_sort_clause ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), args=tuple(p[4]), agg_order=tuple(p[5]),
                      agg_distinct=True, location=p.lexpos(1))


def p_func_application_7(p):
    """func_application : func_name '(' '*' ')'"""
    p[0] = A.FuncCall(funcname=tuple(p[1]), agg_star=True, location=p.lexpos(1))


# nonterminal: func_expr
def p_func_expr_1(p):
    """func_expr : func_application within_group_clause filter_clause over_clause"""
    n = p[1]
    changes = {}
    if p[2]:
        if n.agg_order:
            raise _syntax("cannot use multiple ORDER BY clauses with WITHIN GROUP", p.lexpos(2))
        if n.agg_distinct:
            raise _syntax("cannot use DISTINCT with WITHIN GROUP", p.lexpos(2))
        if n.func_variadic:
            raise _syntax("cannot use VARIADIC with WITHIN GROUP", p.lexpos(2))
        changes["agg_order"] = tuple(p[2])
        changes["agg_within_group"] = True
    if p[3] is not None:
        changes["agg_filter"] = p[3]
    if p[4] is not None:
        changes["over"] = p[4]
    p[0] = replace(n, **changes) if changes else n


def p_func_expr_2(p):
    """func_expr : func_expr_common_subexpr"""
    p[0] = p[1]


# nonterminal: func_expr_windowless
def p_func_expr_windowless_1(p):
    """func_expr_windowless : func_application
                            | func_expr_common_subexpr"""
    p[0] = p[1]


# nonterminal: func_expr_common_subexpr
def p_func_expr_common_subexpr_1(p):
    """func_expr_common_subexpr : COLLATION FOR '(' a_expr ')'"""
    p[0] = make_func(system_func_name("pg_collation_for"), (p[4],), p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_2(p):
    """func_expr_common_subexpr : CURRENT_DATE
                                | CURRENT_TIME
                                | CURRENT_TIMESTAMP
                                | LOCALTIME
                                | LOCALTIMESTAMP
                                | CURRENT_ROLE
                                | CURRENT_USER
                                | SESSION_USER
                                | USER
                                | CURRENT_CATALOG
                                | CURRENT_SCHEMA"""
    # the keyword is the SQLValueFunctionOp name ('current_date', 'user' ...)
    p[0] = A.SQLValueFunction(op=p[1], typmod=-1, location=p.lexpos(1))


def p_func_expr_common_subexpr_3(p):
    """func_expr_common_subexpr : CURRENT_TIME '(' Iconst ')'
                                | CURRENT_TIMESTAMP '(' Iconst ')'
                                | LOCALTIME '(' Iconst ')'
                                | LOCALTIMESTAMP '(' Iconst ')'"""
    p[0] = A.SQLValueFunction(op=p[1] + "_n", typmod=p[3], location=p.lexpos(1))


def p_func_expr_common_subexpr_4(p):
    """func_expr_common_subexpr : CAST '(' a_expr AS Typename ')'"""
    p[0] = make_type_cast(p[3], p[5], p.lexpos(1))


def p_func_expr_common_subexpr_5(p):
    """func_expr_common_subexpr : EXTRACT '(' extract_list ')'"""
    p[0] = make_func(system_func_name("extract"), p[3], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_6(p):
    """func_expr_common_subexpr : NORMALIZE '(' a_expr ')'"""
    p[0] = make_func(system_func_name("normalize"), (p[3],), p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_7(p):
    """func_expr_common_subexpr : NORMALIZE '(' a_expr ',' unicode_normal_form ')'"""
    p[0] = make_func(system_func_name("normalize"), (p[3], str_const(p[5], p.lexpos(5))),
                     p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_8(p):
    """func_expr_common_subexpr : OVERLAY '(' overlay_list ')'"""
    p[0] = make_func(system_func_name("overlay"), p[3], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_9(p):
    """func_expr_common_subexpr : OVERLAY '(' func_arg_list_opt ')'"""
    p[0] = make_func(("overlay",), p[3], p.lexpos(1))


def p_func_expr_common_subexpr_10(p):
    """func_expr_common_subexpr : POSITION '(' position_list ')'"""
    # position(A in B) is converted to position(B, A)
    p[0] = make_func(system_func_name("position"), p[3], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_11(p):
    """func_expr_common_subexpr : SUBSTRING '(' substr_list ')'"""
    p[0] = make_func(system_func_name("substring"), p[3], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_12(p):
    """func_expr_common_subexpr : SUBSTRING '(' func_arg_list_opt ')'"""
    p[0] = make_func(("substring",), p[3], p.lexpos(1))


def p_func_expr_common_subexpr_13(p):
    """func_expr_common_subexpr : TREAT '(' a_expr AS Typename ')'"""
    # gram.y converts TREAT(x AS t) into a call of the type's name
    p[0] = make_func(system_func_name(p[5].names[-1]), (p[3],), p.lexpos(1))


def p_func_expr_common_subexpr_14(p):
    """func_expr_common_subexpr : TRIM '(' BOTH trim_list ')'"""
    p[0] = make_func(system_func_name("btrim"), p[4], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_15(p):
    """func_expr_common_subexpr : TRIM '(' LEADING trim_list ')'"""
    p[0] = make_func(system_func_name("ltrim"), p[4], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_16(p):
    """func_expr_common_subexpr : TRIM '(' TRAILING trim_list ')'"""
    p[0] = make_func(system_func_name("rtrim"), p[4], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_17(p):
    """func_expr_common_subexpr : TRIM '(' trim_list ')'"""
    p[0] = make_func(system_func_name("btrim"), p[3], p.lexpos(1), "sql_syntax")


def p_func_expr_common_subexpr_18(p):
    """func_expr_common_subexpr : NULLIF '(' a_expr ',' a_expr ')'"""
    p[0] = make_a_expr("nullif", "=", p[3], p[5], p.lexpos(1))


def p_func_expr_common_subexpr_19(p):
    """func_expr_common_subexpr : COALESCE '(' expr_list ')'"""
    p[0] = A.CoalesceExpr(args=tuple(p[3]), location=p.lexpos(1))


def p_func_expr_common_subexpr_20(p):
    """func_expr_common_subexpr : GREATEST '(' expr_list ')'"""
    p[0] = A.MinMaxExpr(op="greatest", args=tuple(p[3]), location=p.lexpos(1))


def p_func_expr_common_subexpr_21(p):
    """func_expr_common_subexpr : LEAST '(' expr_list ')'"""
    p[0] = A.MinMaxExpr(op="least", args=tuple(p[3]), location=p.lexpos(1))


# nonterminal: within_group_clause
def p_within_group_clause_1(p):
    """within_group_clause : WITHIN GROUP_P '(' sort_clause ')'"""
    p[0] = p[4]


def p_within_group_clause_2(p):
    """within_group_clause : """
    p[0] = []


# nonterminal: filter_clause
def p_filter_clause_1(p):
    """filter_clause : FILTER '(' WHERE a_expr ')'"""
    p[0] = p[4]


def p_filter_clause_2(p):
    """filter_clause : """
    p[0] = None


# nonterminal: window_clause
def p_window_clause_1(p):
    """window_clause : WINDOW window_definition_list"""
    p[0] = p[2]


def p_window_clause_2(p):
    """window_clause : """
    p[0] = []


# nonterminal: window_definition_list
def p_window_definition_list_1(p):
    """window_definition_list : window_definition"""
    p[0] = [p[1]]


def p_window_definition_list_2(p):
    """window_definition_list : window_definition_list ',' window_definition"""
    p[0] = p[1] + [p[3]]


# nonterminal: window_definition
def p_window_definition_1(p):
    """window_definition : ColId AS window_specification"""
    p[0] = replace(p[3], name=p[1])            # keeps the location of its "(" (gram.y)


# nonterminal: over_clause
def p_over_clause_1(p):
    """over_clause : OVER window_specification"""
    p[0] = p[2]


def p_over_clause_2(p):
    """over_clause : OVER ColId"""
    p[0] = A.WindowDef(name=p[2], location=p.lexpos(2))


def p_over_clause_3(p):
    """over_clause : """
    p[0] = None


# nonterminal: window_specification
def p_window_specification_1(p):
    """window_specification : '(' opt_existing_window_name opt_partition_clause opt_sort_clause opt_frame_clause ')'"""
    opts, start_off, end_off = p[5]
    p[0] = A.WindowDef(refname=p[2], partition_clause=tuple(p[3]), order_clause=tuple(p[4]),
                       frame_options=opts, start_offset=start_off, end_offset=end_off,
                       location=p.lexpos(1))


# nonterminal: opt_existing_window_name
def p_opt_existing_window_name_1(p):
    """opt_existing_window_name : ColId"""
    p[0] = p[1]


def p_opt_existing_window_name_2(p):
    """opt_existing_window_name : %prec Op"""
    p[0] = None


# nonterminal: opt_partition_clause
def p_opt_partition_clause_1(p):
    """opt_partition_clause : PARTITION BY expr_list"""
    p[0] = p[3]


def p_opt_partition_clause_2(p):
    """opt_partition_clause : """
    p[0] = []


# nonterminal: opt_frame_clause  -- (frame options, start offset, end offset)
def p_opt_frame_clause_1(p):
    """opt_frame_clause : RANGE frame_extent opt_window_exclusion_clause
                        | ROWS frame_extent opt_window_exclusion_clause
                        | GROUPS frame_extent opt_window_exclusion_clause"""
    kind = {"range": A.FRAMEOPTION_RANGE, "rows": A.FRAMEOPTION_ROWS,
            "groups": A.FRAMEOPTION_GROUPS}[p[1]]
    opts, s, e = p[2]
    p[0] = (opts | A.FRAMEOPTION_NONDEFAULT | kind | p[3], s, e)


def p_opt_frame_clause_2(p):
    """opt_frame_clause : """
    p[0] = (A.FRAMEOPTION_DEFAULTS, None, None)


# nonterminal: frame_extent
def p_frame_extent_1(p):
    """frame_extent : frame_bound"""
    opts, off = p[1]
    if opts & A.FRAMEOPTION_START_UNBOUNDED_FOLLOWING:
        raise _window_frame_error("frame start cannot be UNBOUNDED FOLLOWING", p.lexpos(1))
    if opts & A.FRAMEOPTION_START_OFFSET_FOLLOWING:
        raise _window_frame_error("frame starting from following row cannot end with current row",
                                  p.lexpos(1))
    p[0] = (opts | A.FRAMEOPTION_END_CURRENT_ROW, off, None)


def p_frame_extent_2(p):
    """frame_extent : BETWEEN frame_bound AND frame_bound"""
    o1, off1 = p[2]
    o2, off2 = p[4]
    # shifting converts START_ options to END_ options
    opts = o1 | (o2 << 1)
    if o1 & A.FRAMEOPTION_START_UNBOUNDED_FOLLOWING:
        raise _window_frame_error("frame start cannot be UNBOUNDED FOLLOWING", p.lexpos(2))
    if opts & A.FRAMEOPTION_END_UNBOUNDED_PRECEDING:
        raise _window_frame_error("frame end cannot be UNBOUNDED PRECEDING", p.lexpos(4))
    if (opts & A.FRAMEOPTION_START_CURRENT_ROW) and (opts & A.FRAMEOPTION_END_OFFSET_PRECEDING):
        raise _window_frame_error("frame starting from current row cannot have preceding rows",
                                  p.lexpos(4))
    if (opts & A.FRAMEOPTION_START_OFFSET_FOLLOWING) and (
            opts & (A.FRAMEOPTION_END_OFFSET_PRECEDING | A.FRAMEOPTION_END_CURRENT_ROW)):
        raise _window_frame_error("frame starting from following row cannot have preceding rows",
                                  p.lexpos(4))
    p[0] = (opts | A.FRAMEOPTION_BETWEEN, off1, off2)


# nonterminal: frame_bound  -- (START_* option, offset)
def p_frame_bound_1(p):
    """frame_bound : UNBOUNDED PRECEDING"""
    p[0] = (A.FRAMEOPTION_START_UNBOUNDED_PRECEDING, None)


def p_frame_bound_2(p):
    """frame_bound : UNBOUNDED FOLLOWING"""
    p[0] = (A.FRAMEOPTION_START_UNBOUNDED_FOLLOWING, None)


def p_frame_bound_3(p):
    """frame_bound : CURRENT_P ROW"""
    p[0] = (A.FRAMEOPTION_START_CURRENT_ROW, None)


def p_frame_bound_4(p):
    """frame_bound : a_expr PRECEDING"""
    p[0] = (A.FRAMEOPTION_START_OFFSET_PRECEDING, p[1])


def p_frame_bound_5(p):
    """frame_bound : a_expr FOLLOWING"""
    p[0] = (A.FRAMEOPTION_START_OFFSET_FOLLOWING, p[1])


# nonterminal: opt_window_exclusion_clause
def p_opt_window_exclusion_clause_1(p):
    """opt_window_exclusion_clause : EXCLUDE CURRENT_P ROW"""
    p[0] = A.FRAMEOPTION_EXCLUDE_CURRENT_ROW


def p_opt_window_exclusion_clause_2(p):
    """opt_window_exclusion_clause : EXCLUDE GROUP_P"""
    p[0] = A.FRAMEOPTION_EXCLUDE_GROUP


def p_opt_window_exclusion_clause_3(p):
    """opt_window_exclusion_clause : EXCLUDE TIES"""
    p[0] = A.FRAMEOPTION_EXCLUDE_TIES


def p_opt_window_exclusion_clause_4(p):
    """opt_window_exclusion_clause : EXCLUDE NO OTHERS
                                   | """
    p[0] = 0


# nonterminal: row  -- a list of expressions
def p_row_1(p):
    """row : ROW '(' expr_list ')'"""
    p[0] = p[3]


def p_row_2(p):
    """row : ROW '(' ')'"""
    p[0] = []


def p_row_3(p):
    """row : '(' expr_list ',' a_expr ')'"""
    p[0] = p[2] + [p[4]]


# nonterminal: explicit_row
def p_explicit_row_1(p):
    """explicit_row : ROW '(' expr_list ')'"""
    p[0] = A.RowExpr(args=tuple(p[3]), row_format="explicit_call", location=p.lexpos(1))


def p_explicit_row_2(p):
    """explicit_row : ROW '(' ')'"""
    p[0] = A.RowExpr(args=(), row_format="explicit_call", location=p.lexpos(1))


# nonterminal: implicit_row
def p_implicit_row_1(p):
    """implicit_row : '(' expr_list ',' a_expr ')'"""
    p[0] = A.RowExpr(args=tuple(p[2]) + (p[4],), row_format="implicit_cast",
                     location=p.lexpos(1))


# nonterminal: sub_type
def p_sub_type_1(p):
    """sub_type : ANY
                | SOME"""
    p[0] = "any"


def p_sub_type_2(p):
    """sub_type : ALL"""
    p[0] = "all"


# nonterminal: all_Op
def p_all_Op_1(p):
    """all_Op : Op
              | MathOp"""
    p[0] = p[1]


# nonterminal: MathOp
def p_MathOp_1(p):
    """MathOp : '+'
              | '-'
              | '*'
              | '/'
              | '%'
              | '^'
              | '<'
              | '>'
              | '='
              | LESS_EQUALS
              | GREATER_EQUALS
              | NOT_EQUALS"""
    p[0] = p[1]


# nonterminal: qual_Op  -- operator name as a list
def p_qual_Op_1(p):
    """qual_Op : Op"""
    p[0] = [p[1]]


def p_qual_Op_2(p):
    """qual_Op : OPERATOR '(' any_operator ')'"""
    p[0] = p[3]


# nonterminal: qual_all_Op
def p_qual_all_Op_1(p):
    """qual_all_Op : all_Op"""
    p[0] = [p[1]]


def p_qual_all_Op_2(p):
    """qual_all_Op : OPERATOR '(' any_operator ')'"""
    p[0] = p[3]


# nonterminal: subquery_Op
def p_subquery_Op_1(p):
    """subquery_Op : all_Op"""
    p[0] = [p[1]]


def p_subquery_Op_2(p):
    """subquery_Op : OPERATOR '(' any_operator ')'"""
    p[0] = p[3]


def p_subquery_Op_3(p):
    """subquery_Op : LIKE"""
    p[0] = ["~~"]


def p_subquery_Op_4(p):
    """subquery_Op : NOT_LA LIKE"""
    p[0] = ["!~~"]


def p_subquery_Op_5(p):
    """subquery_Op : ILIKE"""
    p[0] = ["~~*"]


def p_subquery_Op_6(p):
    """subquery_Op : NOT_LA ILIKE"""
    p[0] = ["!~~*"]


# nonterminal: expr_list
def p_expr_list_1(p):
    """expr_list : a_expr"""
    p[0] = [p[1]]


def p_expr_list_2(p):
    """expr_list : expr_list ',' a_expr"""
    p[1].append(p[3])
    p[0] = p[1]


# nonterminal: func_arg_list
def p_func_arg_list_1(p):
    """func_arg_list : func_arg_expr"""
    p[0] = [p[1]]


def p_func_arg_list_2(p):
    """func_arg_list : func_arg_list ',' func_arg_expr"""
    p[1].append(p[3])
    p[0] = p[1]


# nonterminal: func_arg_expr
def p_func_arg_expr_1(p):
    """func_arg_expr : a_expr"""
    p[0] = p[1]


def p_func_arg_expr_2(p):
    """func_arg_expr : param_name COLON_EQUALS a_expr
                     | param_name EQUALS_GREATER a_expr"""
    p[0] = A.NamedArgExpr(arg=p[3], name=p[1], argnumber=-1, location=p.lexpos(1))


# nonterminal: func_arg_list_opt
def p_func_arg_list_opt_1(p):
    """func_arg_list_opt : func_arg_list"""
    p[0] = p[1]


def p_func_arg_list_opt_2(p):
    """func_arg_list_opt : """
    p[0] = []


# nonterminal: type_list
def p_type_list_1(p):
    """type_list : Typename"""
    p[0] = [p[1]]


def p_type_list_2(p):
    """type_list : type_list ',' Typename"""
    p[0] = p[1] + [p[3]]


# nonterminal: array_expr
def p_array_expr_1(p):
    """array_expr : '[' expr_list ']'
                  | '[' array_expr_list ']'"""
    p[0] = A.A_ArrayExpr(elements=tuple(p[2]), location=p.lexpos(1))


def p_array_expr_2(p):
    """array_expr : '[' ']'"""
    p[0] = A.A_ArrayExpr(elements=(), location=p.lexpos(1))


# nonterminal: array_expr_list
def p_array_expr_list_1(p):
    """array_expr_list : array_expr"""
    p[0] = [p[1]]


def p_array_expr_list_2(p):
    """array_expr_list : array_expr_list ',' array_expr"""
    p[0] = p[1] + [p[3]]


# nonterminal: extract_list
def p_extract_list_1(p):
    """extract_list : extract_arg FROM a_expr"""
    p[0] = (str_const(p[1], p.lexpos(1)), p[3])


# nonterminal: extract_arg
def p_extract_arg_1(p):
    """extract_arg : IDENT
                   | YEAR_P
                   | MONTH_P
                   | DAY_P
                   | HOUR_P
                   | MINUTE_P
                   | SECOND_P
                   | Sconst"""
    p[0] = p[1]


# nonterminal: unicode_normal_form
def p_unicode_normal_form_1(p):
    """unicode_normal_form : NFC
                           | NFD
                           | NFKC
                           | NFKD"""
    p[0] = p[1].upper()


# nonterminal: overlay_list
def p_overlay_list_1(p):
    """overlay_list : a_expr PLACING a_expr FROM a_expr FOR a_expr"""
    p[0] = (p[1], p[3], p[5], p[7])


def p_overlay_list_2(p):
    """overlay_list : a_expr PLACING a_expr FROM a_expr"""
    p[0] = (p[1], p[3], p[5])


# nonterminal: position_list
def p_position_list_1(p):
    """position_list : b_expr IN_P b_expr"""
    p[0] = (p[3], p[1])


# nonterminal: substr_list
def p_substr_list_1(p):
    """substr_list : a_expr FROM a_expr FOR a_expr"""
    p[0] = (p[1], p[3], p[5])


def p_substr_list_2(p):
    """substr_list : a_expr FOR a_expr FROM a_expr"""
    p[0] = (p[1], p[5], p[3])


def p_substr_list_3(p):
    """substr_list : a_expr FROM a_expr"""
    p[0] = (p[1], p[3])


def p_substr_list_4(p):
    """substr_list : a_expr FOR a_expr"""
    # not legal per SQL, but might as well allow it
    p[0] = (p[1], int_const(1), p[3])


def p_substr_list_5(p):
    """substr_list : a_expr SIMILAR a_expr ESCAPE a_expr"""
    p[0] = (p[1], p[3], p[5])


# nonterminal: trim_list
def p_trim_list_1(p):
    """trim_list : a_expr FROM expr_list"""
    p[0] = tuple(p[3]) + (p[1],)


def p_trim_list_2(p):
    """trim_list : FROM expr_list"""
    p[0] = tuple(p[2])


def p_trim_list_3(p):
    """trim_list : expr_list"""
    p[0] = tuple(p[1])


# nonterminal: in_expr
def p_in_expr_1(p):
    """in_expr : select_with_parens"""
    p[0] = A.SubLink(sub_link_type="any", subselect=p[1], location=p.lexpos(1))


def p_in_expr_2(p):
    """in_expr : '(' expr_list ')'"""
    p[0] = p[2]


# nonterminal: case_expr
def p_case_expr_1(p):
    """case_expr : CASE case_arg when_clause_list case_default END_P"""
    p[0] = A.CaseExpr(arg=p[2], args=tuple(p[3]), defresult=p[4], location=p.lexpos(1))


# nonterminal: when_clause_list
def p_when_clause_list_1(p):
    """when_clause_list : when_clause"""
    p[0] = [p[1]]


def p_when_clause_list_2(p):
    """when_clause_list : when_clause_list when_clause"""
    p[0] = p[1] + [p[2]]


# nonterminal: when_clause
def p_when_clause_1(p):
    """when_clause : WHEN a_expr THEN a_expr"""
    p[0] = A.CaseWhen(expr=p[2], result=p[4], location=p.lexpos(1))


# nonterminal: case_default
def p_case_default_1(p):
    """case_default : ELSE a_expr"""
    p[0] = p[2]


def p_case_default_2(p):
    """case_default : """
    p[0] = None


# nonterminal: case_arg
def p_case_arg_1(p):
    """case_arg : a_expr"""
    p[0] = p[1]


def p_case_arg_2(p):
    """case_arg : """
    p[0] = None


# nonterminal: columnref
def p_columnref_1(p):
    """columnref : ColId"""
    p[0] = A.ColumnRef(fields=(p[1],), location=p.lexpos(1))


def p_columnref_2(p):
    """columnref : ColId indirection"""
    p[0] = make_column_ref(p[1], p[2], p.lexpos(1))


# nonterminal: indirection_el
def p_indirection_el_1(p):
    """indirection_el : '.' attr_name"""
    p[0] = p[2]


def p_indirection_el_2(p):
    """indirection_el : '.' '*'"""
    p[0] = A.A_Star()


def p_indirection_el_3(p):
    """indirection_el : '[' a_expr ']'"""
    p[0] = A.A_Indices(is_slice=False, uidx=p[2])


def p_indirection_el_4(p):
    """indirection_el : '[' opt_slice_bound ':' opt_slice_bound ']'"""
    p[0] = A.A_Indices(is_slice=True, lidx=p[2], uidx=p[4])


# nonterminal: opt_slice_bound
def p_opt_slice_bound_1(p):
    """opt_slice_bound : a_expr"""
    p[0] = p[1]


def p_opt_slice_bound_2(p):
    """opt_slice_bound : """
    p[0] = None


# nonterminal: indirection
def p_indirection_1(p):
    """indirection : indirection_el"""
    p[0] = [p[1]]


def p_indirection_2(p):
    """indirection : indirection indirection_el"""
    p[0] = p[1] + [p[2]]


# nonterminal: opt_indirection
def p_opt_indirection_1(p):
    """opt_indirection : """
    p[0] = []


def p_opt_indirection_2(p):
    """opt_indirection : opt_indirection indirection_el"""
    p[0] = p[1] + [p[2]]


# nonterminal: opt_target_list
def p_opt_target_list_1(p):
    """opt_target_list : target_list"""
    p[0] = p[1]


def p_opt_target_list_2(p):
    """opt_target_list : """
    p[0] = []


# nonterminal: target_list
def p_target_list_1(p):
    """target_list : target_el"""
    p[0] = [p[1]]


def p_target_list_2(p):
    """target_list : target_list ',' target_el"""
    p[1].append(p[3])
    p[0] = p[1]


# nonterminal: target_el
def p_target_el_1(p):
    """target_el : a_expr AS ColLabel
                 | a_expr BareColLabel"""
    p[0] = A.ResTarget(name=p[len(p) - 1], val=p[1], location=p.lexpos(1))


def p_target_el_2(p):
    """target_el : a_expr"""
    p[0] = A.ResTarget(val=p[1], location=p.lexpos(1))


def p_target_el_3(p):
    """target_el : '*'"""
    p[0] = A.ResTarget(val=A.ColumnRef(fields=(A.A_Star(),), location=p.lexpos(1)),
                       location=p.lexpos(1))


# ---------------------------------------------------------------------------
# Names and constants
# ---------------------------------------------------------------------------

# nonterminal: qualified_name_list
def p_qualified_name_list_1(p):
    """qualified_name_list : qualified_name"""
    p[0] = [p[1]]


def p_qualified_name_list_2(p):
    """qualified_name_list : qualified_name_list ',' qualified_name"""
    p[0] = p[1] + [p[3]]


# nonterminal: qualified_name
def p_qualified_name_1(p):
    """qualified_name : ColId"""
    p[0] = A.RangeVar(relname=p[1], location=p.lexpos(1))


def p_qualified_name_2(p):
    """qualified_name : ColId indirection"""
    names = [p[1]]
    for el in p[2]:
        if not isinstance(el, str):
            raise YYError()
        names.append(el)
    p[0] = range_var(names, p.lexpos(1))


# nonterminal: name_list
def p_name_list_1(p):
    """name_list : name"""
    p[0] = [p[1]]


def p_name_list_2(p):
    """name_list : name_list ',' name"""
    p[0] = p[1] + [p[3]]


# nonterminal: name
def p_name_1(p):
    """name : ColId"""
    p[0] = p[1]


# nonterminal: attr_name
def p_attr_name_1(p):
    """attr_name : ColLabel"""
    p[0] = p[1]


# nonterminal: func_name
def p_func_name_1(p):
    """func_name : type_function_name"""
    p[0] = [p[1]]


def p_func_name_2(p):
    """func_name : ColId indirection"""
    names = [p[1]]
    for el in p[2]:
        if not isinstance(el, str):
            raise YYError()
        names.append(el)
    p[0] = names


# nonterminal: AexprConst
def p_AexprConst_1(p):
    """AexprConst : Iconst"""
    p[0] = A.A_Const(val=A.Integer(p[1]), location=p.lexpos(1))


def p_AexprConst_2(p):
    """AexprConst : FCONST"""
    p[0] = A.A_Const(val=A.Float(p[1]), location=p.lexpos(1))


def p_AexprConst_3(p):
    """AexprConst : Sconst"""
    p[0] = A.A_Const(val=A.String(p[1]), location=p.lexpos(1))


def p_AexprConst_4(p):
    """AexprConst : BCONST
                  | XCONST"""
    p[0] = A.A_Const(val=A.BitString(p[1]), location=p.lexpos(1))


def p_AexprConst_5(p):
    """AexprConst : func_name Sconst"""
    t = A.TypeName(names=tuple(p[1]), location=p.lexpos(1))
    p[0] = string_const_cast(p[2], p.lexpos(2), t)


def p_AexprConst_6(p):
    """AexprConst : func_name '(' func_arg_list opt_sort_clause ')' Sconst"""
    for arg in p[3]:
        if isinstance(arg, A.NamedArgExpr):
            raise _syntax("type modifier cannot have parameter name", arg.location)
    if p[4]:
        raise _syntax("type modifier cannot have ORDER BY", p[4][0].location)
    t = A.TypeName(names=tuple(p[1]), typmods=tuple(p[3]), location=p.lexpos(1))
    p[0] = string_const_cast(p[6], p.lexpos(6), t)


def p_AexprConst_7(p):
    """AexprConst : ConstTypename Sconst"""
    p[0] = string_const_cast(p[2], p.lexpos(2), p[1])


def p_AexprConst_8(p):
    """AexprConst : ConstInterval Sconst opt_interval"""
    t = replace(p[1], typmods=tuple(p[3])) if p[3] else p[1]
    p[0] = string_const_cast(p[2], p.lexpos(2), t)


def p_AexprConst_9(p):
    """AexprConst : ConstInterval '(' Iconst ')' Sconst"""
    t = replace(p[1], typmods=(int_const(INTERVAL_FULL_RANGE), int_const(p[3], p.lexpos(3))))
    p[0] = string_const_cast(p[5], p.lexpos(5), t)


def p_AexprConst_10(p):
    """AexprConst : TRUE_P"""
    p[0] = A.A_Const(val=A.Boolean(True), location=p.lexpos(1))


def p_AexprConst_11(p):
    """AexprConst : FALSE_P"""
    p[0] = A.A_Const(val=A.Boolean(False), location=p.lexpos(1))


def p_AexprConst_12(p):
    """AexprConst : NULL_P"""
    p[0] = A.A_Const(isnull=True, location=p.lexpos(1))


# nonterminal: Iconst
def p_Iconst_1(p):
    """Iconst : ICONST"""
    p[0] = p[1]


# nonterminal: Sconst
def p_Sconst_1(p):
    """Sconst : SCONST"""
    p[0] = p[1]


# nonterminal: SignedIconst
def p_SignedIconst_1(p):
    """SignedIconst : Iconst
                    | '+' Iconst"""
    p[0] = p[len(p) - 1]


def p_SignedIconst_2(p):
    """SignedIconst : '-' Iconst"""
    p[0] = -p[2]


# nonterminal: RoleSpec
def p_RoleSpec_1(p):
    """RoleSpec : NonReservedWord"""
    if p[1] == "public":
        p[0] = A.RoleSpec(roletype="public", location=p.lexpos(1))
    elif p[1] == "none":
        raise PgError("42939", 'role name "none" is reserved', position=p.lexpos(1) + 1)
    else:
        p[0] = A.RoleSpec(roletype="cstring", rolename=p[1], location=p.lexpos(1))


def p_RoleSpec_2(p):
    """RoleSpec : CURRENT_ROLE
                | CURRENT_USER
                | SESSION_USER"""
    p[0] = A.RoleSpec(roletype=p[1], location=p.lexpos(1))


# nonterminal: ColId
def p_ColId_1(p):
    """ColId : IDENT
             | unreserved_keyword
             | col_name_keyword"""
    p[0] = p[1]


# nonterminal: type_function_name
def p_type_function_name_1(p):
    """type_function_name : IDENT
                          | unreserved_keyword
                          | type_func_name_keyword"""
    p[0] = p[1]


# nonterminal: NonReservedWord
def p_NonReservedWord_1(p):
    """NonReservedWord : IDENT
                       | unreserved_keyword
                       | col_name_keyword
                       | type_func_name_keyword"""
    p[0] = p[1]


# nonterminal: ColLabel
def p_ColLabel_1(p):
    """ColLabel : IDENT
                | unreserved_keyword
                | col_name_keyword
                | type_func_name_keyword
                | reserved_keyword"""
    p[0] = p[1]


# nonterminal: BareColLabel
def p_BareColLabel_1(p):
    """BareColLabel : IDENT
                    | bare_label_keyword"""
    p[0] = p[1]


# nonterminal: opt_qualified_name
def p_opt_qualified_name_1(p):
    """opt_qualified_name : any_name"""
    p[0] = p[1]


def p_opt_qualified_name_2(p):
    """opt_qualified_name : """
    p[0] = ()


# nonterminal: opt_with
def p_opt_with_1(p):
    """opt_with : WITH
                | """
    p[0] = None


# ---------------------------------------------------------------------------
# Roles (gram.y's CreateRoleStmt, AlterRoleStmt, AlterRoleSetStmt,
# DropRoleStmt, GrantRoleStmt, RevokeRoleStmt, DropOwnedStmt,
# ReassignOwnedStmt; executed by pgref/auth/roles.py, spec/16-auth.md)
# ---------------------------------------------------------------------------

def p_stmt_16(p):
    """stmt : CreateRoleStmt
            | AlterRoleStmt
            | AlterRoleSetStmt
            | DropRoleStmt
            | GrantRoleStmt
            | RevokeRoleStmt
            | DropOwnedStmt
            | ReassignOwnedStmt"""
    p[0] = p[1]


# nonterminal: CreateRoleStmt
def p_CreateRoleStmt_1(p):
    """CreateRoleStmt : CREATE ROLE RoleId opt_with OptRoleList
                      | CREATE USER RoleId opt_with OptRoleList
                      | CREATE GROUP_P RoleId opt_with OptRoleList"""
    p[0] = A.CreateRoleStmt(stmt_type=p[2].lower(), role=p[3], options=tuple(p[5]), location=p.lexpos(1))


# nonterminal: RoleId
def p_RoleId_1(p):
    """RoleId : RoleSpec"""
    spec = p[1]
    if spec.roletype == "cstring":
        p[0] = spec.rolename
    elif spec.roletype == "public":
        raise PgError("42939", 'role name "public" is reserved', position=spec.location + 1)
    else:
        raise PgError("42939", f"{spec.roletype.upper()} cannot be used as a role name here",
                      position=spec.location + 1)


# nonterminal: role_list
def p_role_list_1(p):
    """role_list : RoleSpec"""
    p[0] = [p[1]]


def p_role_list_2(p):
    """role_list : role_list ',' RoleSpec"""
    p[0] = p[1] + [p[3]]


# nonterminal: OptRoleList
def p_OptRoleList_1(p):
    """OptRoleList : OptRoleList CreateOptRoleElem"""
    p[0] = p[1] + [p[2]]


def p_OptRoleList_2(p):
    """OptRoleList : """
    p[0] = []


# nonterminal: AlterOptRoleList
def p_AlterOptRoleList_1(p):
    """AlterOptRoleList : AlterOptRoleList AlterOptRoleElem"""
    p[0] = p[1] + [p[2]]


def p_AlterOptRoleList_2(p):
    """AlterOptRoleList : """
    p[0] = []


# nonterminal: AlterOptRoleElem
def p_AlterOptRoleElem_1(p):
    """AlterOptRoleElem : PASSWORD Sconst
                        | ENCRYPTED PASSWORD Sconst"""
    p[0] = A.DefElem(defname="password", arg=A.String(p[len(p) - 1]), location=p.lexpos(1))


def p_AlterOptRoleElem_2(p):
    """AlterOptRoleElem : PASSWORD NULL_P"""
    p[0] = A.DefElem(defname="password", arg=None, location=p.lexpos(1))


def p_AlterOptRoleElem_3(p):
    """AlterOptRoleElem : UNENCRYPTED PASSWORD Sconst"""
    raise PgError("0A000", "UNENCRYPTED PASSWORD is no longer supported",
                  hint="Remove UNENCRYPTED to store the password in encrypted form instead.",
                  position=p.lexpos(1) + 1)


def p_AlterOptRoleElem_4(p):
    """AlterOptRoleElem : INHERIT"""
    p[0] = A.DefElem(defname="inherit", arg=A.Boolean(True), location=p.lexpos(1))


def p_AlterOptRoleElem_5(p):
    """AlterOptRoleElem : CONNECTION LIMIT SignedIconst"""
    p[0] = A.DefElem(defname="connectionlimit", arg=A.Integer(p[3]), location=p.lexpos(1))


def p_AlterOptRoleElem_6(p):
    """AlterOptRoleElem : VALID UNTIL Sconst"""
    p[0] = A.DefElem(defname="validUntil", arg=A.String(p[3]), location=p.lexpos(1))


def p_AlterOptRoleElem_7(p):
    """AlterOptRoleElem : USER role_list"""
    p[0] = A.DefElem(defname="rolemembers", arg=tuple(p[2]), location=p.lexpos(1))


_ROLE_OPTION_WORDS = {"superuser": ("superuser", True), "nosuperuser": ("superuser", False),
                      "createrole": ("createrole", True), "nocreaterole": ("createrole", False),
                      "replication": ("isreplication", True), "noreplication": ("isreplication", False),
                      "createdb": ("createdb", True), "nocreatedb": ("createdb", False),
                      "login": ("canlogin", True), "nologin": ("canlogin", False),
                      "bypassrls": ("bypassrls", True), "nobypassrls": ("bypassrls", False),
                      "noinherit": ("inherit", False)}


def p_AlterOptRoleElem_8(p):
    """AlterOptRoleElem : IDENT"""
    opt = _ROLE_OPTION_WORDS.get(p[1])
    if opt is None:
        raise PgError("42601", f'unrecognized role option "{p[1]}"', position=p.lexpos(1) + 1)
    p[0] = A.DefElem(defname=opt[0], arg=A.Boolean(opt[1]), location=p.lexpos(1))


# nonterminal: CreateOptRoleElem
def p_CreateOptRoleElem_1(p):
    """CreateOptRoleElem : AlterOptRoleElem"""
    p[0] = p[1]


def p_CreateOptRoleElem_2(p):
    """CreateOptRoleElem : SYSID Iconst"""
    p[0] = A.DefElem(defname="sysid", arg=A.Integer(p[2]), location=p.lexpos(1))


def p_CreateOptRoleElem_3(p):
    """CreateOptRoleElem : ADMIN role_list"""
    p[0] = A.DefElem(defname="adminmembers", arg=tuple(p[2]), location=p.lexpos(1))


def p_CreateOptRoleElem_4(p):
    """CreateOptRoleElem : ROLE role_list"""
    p[0] = A.DefElem(defname="rolemembers", arg=tuple(p[2]), location=p.lexpos(1))


def p_CreateOptRoleElem_5(p):
    """CreateOptRoleElem : IN_P ROLE role_list
                         | IN_P GROUP_P role_list"""
    p[0] = A.DefElem(defname="addroleto", arg=tuple(p[3]), location=p.lexpos(1))


# nonterminal: AlterRoleStmt
def p_AlterRoleStmt_1(p):
    """AlterRoleStmt : ALTER ROLE RoleSpec opt_with AlterOptRoleList
                     | ALTER USER RoleSpec opt_with AlterOptRoleList"""
    p[0] = A.AlterRoleStmt(role=p[3], options=tuple(p[5]), stmt_type=p[2].lower())


def p_AlterRoleStmt_2(p):
    """AlterRoleStmt : ALTER GROUP_P RoleSpec add_drop USER role_list"""
    p[0] = A.AlterRoleStmt(role=p[3], options=(A.DefElem(defname="rolemembers", arg=tuple(p[6])),),
                           action=p[4], stmt_type="group")


def p_AlterRoleStmt_3(p):
    """AlterRoleStmt : ALTER ROLE RoleId RENAME TO RoleId
                     | ALTER USER RoleId RENAME TO RoleId
                     | ALTER GROUP_P RoleId RENAME TO RoleId"""
    p[0] = A.RenameStmt(rename_type="role", subname=p[3], newname=p[6])


# nonterminal: add_drop
def p_add_drop_1(p):
    """add_drop : ADD_P"""
    p[0] = 1


def p_add_drop_2(p):
    """add_drop : DROP"""
    p[0] = -1


# nonterminal: AlterRoleSetStmt
def p_AlterRoleSetStmt_1(p):
    """AlterRoleSetStmt : ALTER ROLE RoleSpec opt_in_database SetResetClause
                        | ALTER USER RoleSpec opt_in_database SetResetClause"""
    p[0] = A.AlterRoleSetStmt(role=p[3], database=p[4], setstmt=p[5])


def p_AlterRoleSetStmt_2(p):
    """AlterRoleSetStmt : ALTER ROLE ALL opt_in_database SetResetClause
                        | ALTER USER ALL opt_in_database SetResetClause"""
    p[0] = A.AlterRoleSetStmt(role=None, database=p[4], setstmt=p[5])


# nonterminal: opt_in_database
def p_opt_in_database_1(p):
    """opt_in_database : IN_P DATABASE name"""
    p[0] = p[3]


def p_opt_in_database_2(p):
    """opt_in_database : """
    p[0] = None


# nonterminal: DropRoleStmt
def p_DropRoleStmt_1(p):
    """DropRoleStmt : DROP ROLE role_list
                    | DROP USER role_list
                    | DROP GROUP_P role_list"""
    p[0] = A.DropRoleStmt(roles=tuple(p[3]))


def p_DropRoleStmt_2(p):
    """DropRoleStmt : DROP ROLE IF_P EXISTS role_list
                    | DROP USER IF_P EXISTS role_list
                    | DROP GROUP_P IF_P EXISTS role_list"""
    p[0] = A.DropRoleStmt(roles=tuple(p[5]), missing_ok=True)


# nonterminal: GrantRoleStmt
def p_GrantRoleStmt_1(p):
    """GrantRoleStmt : GRANT privilege_list TO role_list opt_grant_admin_option opt_granted_by"""
    p[0] = A.GrantRoleStmt(granted_roles=tuple(p[2]), grantee_roles=tuple(p[4]), is_grant=True,
                           admin_opt=p[5], grantor=p[6], location=p.lexpos(1))


# nonterminal: RevokeRoleStmt
def p_RevokeRoleStmt_1(p):
    """RevokeRoleStmt : REVOKE privilege_list FROM role_list opt_granted_by opt_drop_behavior"""
    p[0] = A.GrantRoleStmt(granted_roles=tuple(p[2]), grantee_roles=tuple(p[4]), is_grant=False,
                           grantor=p[5], behavior=p[6], location=p.lexpos(1))


def p_RevokeRoleStmt_2(p):
    """RevokeRoleStmt : REVOKE ADMIN OPTION FOR privilege_list FROM role_list opt_granted_by opt_drop_behavior"""
    p[0] = A.GrantRoleStmt(granted_roles=tuple(p[5]), grantee_roles=tuple(p[7]), is_grant=False,
                           admin_opt=True, grantor=p[8], behavior=p[9], location=p.lexpos(1))


# nonterminal: opt_grant_admin_option
def p_opt_grant_admin_option_1(p):
    """opt_grant_admin_option : WITH ADMIN OPTION"""
    p[0] = True


def p_opt_grant_admin_option_2(p):
    """opt_grant_admin_option : """
    p[0] = False


# nonterminal: DropOwnedStmt
def p_DropOwnedStmt_1(p):
    """DropOwnedStmt : DROP OWNED BY role_list opt_drop_behavior"""
    p[0] = A.DropOwnedStmt(roles=tuple(p[4]), behavior=p[5])


# nonterminal: ReassignOwnedStmt
def p_ReassignOwnedStmt_1(p):
    """ReassignOwnedStmt : REASSIGN OWNED BY role_list TO RoleSpec"""
    p[0] = A.ReassignOwnedStmt(roles=tuple(p[4]), newrole=p[6])


# nonterminal: AlterDefaultPrivilegesStmt  (pgref/auth/defacl.py)
def p_stmt_17(p):
    """stmt : AlterDefaultPrivilegesStmt"""
    p[0] = p[1]


def p_AlterDefaultPrivilegesStmt_1(p):
    """AlterDefaultPrivilegesStmt : ALTER DEFAULT PRIVILEGES DefACLOptionList DefACLAction"""
    p[0] = A.AlterDefaultPrivilegesStmt(options=tuple(p[4]), action=p[5])


# nonterminal: DefACLOptionList
def p_DefACLOptionList_1(p):
    """DefACLOptionList : DefACLOptionList DefACLOption"""
    p[0] = p[1] + [p[2]]


def p_DefACLOptionList_2(p):
    """DefACLOptionList : """
    p[0] = []


# nonterminal: DefACLOption
def p_DefACLOption_1(p):
    """DefACLOption : IN_P SCHEMA name_list"""
    p[0] = A.DefElem(defname="schemas", arg=tuple(p[3]), location=p.lexpos(1))


def p_DefACLOption_2(p):
    """DefACLOption : FOR ROLE role_list
                    | FOR USER role_list"""
    p[0] = A.DefElem(defname="roles", arg=tuple(p[3]), location=p.lexpos(1))


# nonterminal: DefACLAction
def p_DefACLAction_1(p):
    """DefACLAction : GRANT privileges ON defacl_privilege_target TO grantee_list opt_grant_grant_option"""
    p[0] = A.GrantStmt(is_grant=True, targtype="defaults", objtype=p[4], privileges=tuple(p[2]),
                       grantees=tuple(p[6]), grant_option=p[7], location=p.lexpos(1))


def p_DefACLAction_2(p):
    """DefACLAction : REVOKE privileges ON defacl_privilege_target FROM grantee_list opt_drop_behavior"""
    p[0] = A.GrantStmt(is_grant=False, targtype="defaults", objtype=p[4], privileges=tuple(p[2]),
                       grantees=tuple(p[6]), behavior=p[7], location=p.lexpos(1))


def p_DefACLAction_3(p):
    """DefACLAction : REVOKE GRANT OPTION FOR privileges ON defacl_privilege_target FROM grantee_list opt_drop_behavior"""
    p[0] = A.GrantStmt(is_grant=False, targtype="defaults", objtype=p[7], privileges=tuple(p[5]),
                       grantees=tuple(p[9]), grant_option=True, behavior=p[10], location=p.lexpos(1))


# nonterminal: defacl_privilege_target
def p_defacl_privilege_target_1(p):
    """defacl_privilege_target : TABLES
                               | FUNCTIONS
                               | ROUTINES
                               | SEQUENCES
                               | TYPES
                               | SCHEMAS"""
    p[0] = {"tables": "table", "functions": "function", "routines": "function", "sequences": "sequence",
            "types": "type", "schemas": "schema"}[p[1].lower()]


# ---------------------------------------------------------------------------
# Keyword categories (kwlist.h via keywords.py).  gram.y lists them by hand;
# we generate the same productions so they cannot drift (INV-SQL-5).
# ---------------------------------------------------------------------------

def _keyword_rule(nonterminal, words):
    toks = sorted(TOKEN_OF[w] for w in words)
    doc = f"{nonterminal} : " + f"\n{' ' * len(nonterminal)} | ".join(toks)

    def rule(p):
        p[0] = p[1]
    rule.__doc__ = doc
    rule.__name__ = f"p_{nonterminal}_1"
    return rule


# nonterminal: unreserved_keyword
p_unreserved_keyword_1 = _keyword_rule("unreserved_keyword", UNRESERVED)
# nonterminal: col_name_keyword
p_col_name_keyword_1 = _keyword_rule("col_name_keyword", COL_NAME)
# nonterminal: type_func_name_keyword
p_type_func_name_keyword_1 = _keyword_rule("type_func_name_keyword", TYPE_FUNC_NAME)
# nonterminal: reserved_keyword
p_reserved_keyword_1 = _keyword_rule("reserved_keyword", RESERVED)
# nonterminal: bare_label_keyword
p_bare_label_keyword_1 = _keyword_rule(
    "bare_label_keyword", [w for w, (_, bare) in KEYWORDS.items() if bare])


def p_error(tok):
    """Called by PLY on a syntax error; parser.py turns it into PgError."""
    raise SyntaxErrorAt(tok)


class SyntaxErrorAt(Exception):
    """Raised from p_error with the offending token (None at end of input)."""

    def __init__(self, tok):
        super().__init__("syntax error")
        self.tok = tok


class YYError(Exception):
    """gram.y's ``parser_yyerror(msg)`` from inside an action: reported like
    a syntax error, "<msg> at or near" the last token the parser read."""

    def __init__(self, msg="syntax error"):
        super().__init__(msg)
        self.msg = msg


# ---------------------------------------------------------------------------
# Productions that gram.y keeps next to their users; collected here because
# several statements share them.
# ---------------------------------------------------------------------------

# nonterminal: ConstraintAttributeSpec  -- CAS_* bit mask
def p_ConstraintAttributeSpec_1(p):
    """ConstraintAttributeSpec : """
    p[0] = 0


def p_ConstraintAttributeSpec_2(p):
    """ConstraintAttributeSpec : ConstraintAttributeSpec ConstraintAttributeElem"""
    # gram.y checks for contradictory combinations here
    old, new = p[1], p[2]
    if (new & CAS_DEFERRABLE) and (old & CAS_NOT_DEFERRABLE) or \
            (new & CAS_NOT_DEFERRABLE) and (old & CAS_DEFERRABLE):
        raise _syntax("conflicting constraint properties", p.lexpos(2))
    if (new & CAS_INITIALLY_IMMEDIATE) and (old & CAS_INITIALLY_DEFERRED) or \
            (new & CAS_INITIALLY_DEFERRED) and (old & CAS_INITIALLY_IMMEDIATE):
        raise _syntax("conflicting constraint properties", p.lexpos(2))
    bits = old | new
    if (bits & CAS_NOT_DEFERRABLE) and (bits & CAS_INITIALLY_DEFERRED):
        raise _syntax("constraint declared INITIALLY DEFERRED must be DEFERRABLE", p.lexpos(2))
    p[0] = bits


# nonterminal: ConstraintAttributeElem
def p_ConstraintAttributeElem_1(p):
    """ConstraintAttributeElem : NOT DEFERRABLE"""
    p[0] = CAS_NOT_DEFERRABLE


def p_ConstraintAttributeElem_2(p):
    """ConstraintAttributeElem : DEFERRABLE"""
    p[0] = CAS_DEFERRABLE


def p_ConstraintAttributeElem_3(p):
    """ConstraintAttributeElem : INITIALLY IMMEDIATE"""
    p[0] = CAS_INITIALLY_IMMEDIATE


def p_ConstraintAttributeElem_4(p):
    """ConstraintAttributeElem : INITIALLY DEFERRED"""
    p[0] = CAS_INITIALLY_DEFERRED


def p_ConstraintAttributeElem_5(p):
    """ConstraintAttributeElem : NOT VALID"""
    p[0] = CAS_NOT_VALID


def p_ConstraintAttributeElem_6(p):
    """ConstraintAttributeElem : NO INHERIT"""
    p[0] = CAS_NO_INHERIT


# nonterminal: any_operator  -- list of names ending in the operator
def p_any_operator_1(p):
    """any_operator : all_Op"""
    p[0] = [p[1]]


def p_any_operator_2(p):
    """any_operator : ColId '.' any_operator"""
    p[0] = [p[1]] + p[3]


# nonterminal: opt_asymmetric
def p_opt_asymmetric_1(p):
    """opt_asymmetric : ASYMMETRIC
                      | """
    p[0] = None


# nonterminal: param_name
def p_param_name_1(p):
    """param_name : type_function_name"""
    p[0] = p[1]

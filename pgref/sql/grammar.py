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


def any_name_check(names, loc):
    check_qualified(names, loc)
    return tuple(names)


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
                raise _syntax("improper use of \"*\"", loc)
        fields.append(el)
    return A.ColumnRef(fields=tuple(fields), location=loc)


def check_indirection(ind):
    for i, el in enumerate(ind):
        if isinstance(el, A.A_Star) and i != len(ind) - 1:
            raise _syntax("improper use of \"*\"", -1)
    return tuple(ind)


def insert_select_options(stmt, sort_clause, locking, limit, with_clause):
    """gram.y's insertSelectOptions."""
    changes = {}
    if sort_clause:
        if stmt.sort_clause:
            raise _syntax("multiple ORDER BY clauses not allowed", sort_clause[0].location)
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
                    raise _syntax("WITH TIES cannot be specified without ORDER BY clause",
                                  optloc)
                for lc in changes.get("locking_clause", stmt.locking_clause):
                    if lc.wait_policy == "skip":
                        raise _syntax("SKIP LOCKED and WITH TIES options cannot be used "
                                      "together", optloc)
    if with_clause is not None:
        if stmt.with_clause is not None:
            raise _syntax("multiple WITH clauses not allowed", with_clause.location)
        changes["with_clause"] = with_clause
    return replace(stmt, **changes) if changes else stmt


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
    """stmt : AlterObjectSchemaStmt
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
            | DiscardStmt
            | DropStmt
            | DropdbStmt
            | ExecuteStmt
            | ExplainStmt
            | FetchStmt
            | IndexStmt
            | InsertStmt
            | ListenStmt
            | LockStmt
            | NotifyStmt
            | PrepareStmt
            | RenameStmt
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
    p[0] = process_cas_bits(p[5], p.lexpos(5), "CHECK", c, deferrable_ok=False,
                            not_valid_ok=True, no_inherit_ok=True)


def p_ConstraintElem_2(p):
    """ConstraintElem : UNIQUE opt_unique_null_treatment '(' columnList ')' opt_c_include opt_definition OptConsTableSpace ConstraintAttributeSpec"""
    c = A.Constraint(contype="unique", nulls_not_distinct=not p[2], keys=tuple(p[4]),
                     including=tuple(p[6]), options=tuple(p[7]), indexspace=p[8],
                     location=p.lexpos(1))
    p[0] = process_cas_bits(p[9], p.lexpos(9), "UNIQUE", c)


def p_ConstraintElem_3(p):
    """ConstraintElem : UNIQUE ExistingIndex ConstraintAttributeSpec"""
    c = A.Constraint(contype="unique", indexname=p[2], location=p.lexpos(1))
    p[0] = process_cas_bits(p[3], p.lexpos(3), "UNIQUE", c)


def p_ConstraintElem_4(p):
    """ConstraintElem : PRIMARY KEY '(' columnList ')' opt_c_include opt_definition OptConsTableSpace ConstraintAttributeSpec"""
    c = A.Constraint(contype="primary", keys=tuple(p[4]), including=tuple(p[6]),
                     options=tuple(p[7]), indexspace=p[8], location=p.lexpos(1))
    p[0] = process_cas_bits(p[9], p.lexpos(9), "PRIMARY KEY", c)


def p_ConstraintElem_5(p):
    """ConstraintElem : PRIMARY KEY ExistingIndex ConstraintAttributeSpec"""
    c = A.Constraint(contype="primary", indexname=p[3], location=p.lexpos(1))
    p[0] = process_cas_bits(p[4], p.lexpos(4), "PRIMARY KEY", c)


def p_ConstraintElem_6(p):
    """ConstraintElem : FOREIGN KEY '(' columnList ')' REFERENCES qualified_name opt_column_list key_match key_actions ConstraintAttributeSpec"""
    upd, dele, delcols = p[10]
    c = A.Constraint(contype="foreign", fk_attrs=tuple(p[4]), pktable=p[7],
                     pk_attrs=tuple(p[8]), fk_matchtype=p[9], fk_upd_action=upd,
                     fk_del_action=dele, fk_del_set_cols=delcols, location=p.lexpos(1))
    c = process_cas_bits(p[11], p.lexpos(11), "FOREIGN KEY", c, not_valid_ok=True)
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
        raise PgError(INVALID_PARAMETER_VALUE,
                      'unrecognized partitioning strategy "%s"' % strategy,
                      position=p.lexpos(3) + 1)
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
_DROP_ANY_NAME = {"table": "table", "sequence": "sequence", "view": "view",
                  "index": "index", "collation": "collation"}


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
    p[0] = A.ObjectWithArgs(objname=tuple(p[1]), objargs=tuple(p[2]))


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
        raise _syntax("syntax error", p.lexpos(2))
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
    """func_args_list : func_type"""
    p[0] = [p[1]]


def p_func_args_list_2(p):
    """func_args_list : func_args_list ',' func_type"""
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

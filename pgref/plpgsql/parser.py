"""The PL/pgSQL parser: body text -> :mod:`pgref.plpgsql.ast` (pl_gram.y).

Where it sits: ``plpgsql/`` (spec/13-plpgsql.md, "Parsing").  A recursive
descent over the tokens of ``scanner.scan``.  Like PostgreSQL's grammar it
owns only the procedural statements; every expression and SQL statement is a
fragment of the body text (``read_sql``: tokens up to a terminator at
parenthesis depth 0) that the interpreter hands to the SQL analyzer later.
Names are resolved here against the block namespace (INV-PLPGSQL-1): a
statement that starts with a variable's name is an assignment, anything else
unknown is a SQL statement; ``$n`` in a fragment becomes the quoted
identifier ``"$n"`` so the analyzer's column-reference hook finds the
parameter.

Entry point: ``parse_function(text, ctx) -> Function``; ``ctx`` resolves
type names (``ctx.resolve_type(text) -> (oid, typmod)``,
``ctx.rowtype(name)``) and describes the routine (parameters, result).
Syntax errors are 42601 ``syntax error at or near "x"`` with a position in
the body, which the caller transposes into the CREATE statement.
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, PgError
from pgref.plpgsql import ast as P
from pgref.plpgsql.conditions import CONDITIONS
from pgref.plpgsql.scanner import Token, scan
from pgref.types import oids as T

REFCURSOROID = 1790

_BLOCK_END = ("end", "elsif", "elseif", "else", "when", "exception")
_UNRESERVED_STMT = ("if", "case", "loop", "while", "for", "foreach", "exit", "continue", "return", "raise",
                    "assert", "perform", "execute", "get", "null", "declare", "begin", "open", "fetch",
                    "move", "close", "commit", "rollback", "call")


class Parser:
    def __init__(self, text: str, ctx):
        self.text = text
        self.toks = scan(text)
        self.i = 0
        self.ctx = ctx
        self.vars: list[P.Var] = []
        self.case_no = 0

    # ------------------------------------------------------------------ tokens
    def peek(self, k: int = 0) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Token:
        t = self.toks[self.i]
        if t.kind != "EOF":
            self.i += 1
        return t

    def line(self, tok: Token) -> int:
        return self.text.count("\n", 0, tok.start) + 1

    def error(self, tok: Token | None = None, msg: str | None = None) -> PgError:
        tok = tok or self.peek()
        if msg is None:
            msg = "syntax error at end of input" if tok.kind == "EOF" else \
                f'syntax error at or near "{self.text[tok.start:tok.end]}"'
        e = PgError(SYNTAX_ERROR, msg, position=tok.start + 1)
        e.plpgsql_line = self.line(tok)
        return e

    def accept_kw(self, *words: str) -> Token | None:
        t = self.peek()
        if t.is_kw(*words):
            return self.next()
        return None

    def expect_kw(self, word: str) -> Token:
        t = self.peek()
        if not t.is_kw(word):
            raise self.error(t)
        return self.next()

    def accept_op(self, op: str) -> Token | None:
        t = self.peek()
        if t.kind == "op" and t.value == op:
            return self.next()
        return None

    def expect_op(self, op: str) -> Token:
        t = self.accept_op(op)
        if t is None:
            raise self.error()
        return t

    def ident(self) -> str:
        t = self.peek()
        if t.kind not in ("ident", "qident"):
            raise self.error(t)
        self.next()
        return t.value

    # ------------------------------------------------------------------ variables
    def new_var(self, scope: P.Scope, name: str, typ: int, typmod: int = -1, **kw) -> P.Var:
        v = P.Var(name, typ, typmod, slot=len(self.vars), **kw)
        self.vars.append(v)
        scope.names[name] = v
        return v

    # ------------------------------------------------------------------ SQL fragments
    def read_sql(self, scope: P.Scope, until_kw=(), until_op=(";",), what: str = "") -> tuple[P.Expr, Token]:
        """Tokens up to a terminator at depth 0 -> Expr (terminator not consumed)."""
        depth = 0
        start = self.peek()
        i0 = self.i
        parts: list[str] = []
        last = start.start
        while True:
            t = self.peek()
            if t.kind == "EOF":
                raise self.error(t)
            if depth == 0 and ((t.kind == "ident" and t.value in until_kw) or (t.kind == "op" and t.value in until_op)):
                break
            if t.kind == "op" and t.value in ("(", "["):
                depth += 1
            elif t.kind == "op" and t.value in (")", "]"):
                depth -= 1
                if depth < 0:
                    raise self.error(t)
            elif t.kind == "op" and t.value == ";":
                raise self.error(t)
            if t.kind == "param":
                parts.append(self.text[last:t.start])
                parts.append(f'"{t.value}"')
                last = t.end
            self.next()
        if self.i == i0:
            raise self.error(t)
        end = self.toks[self.i - 1].end
        parts.append(self.text[last:end])
        body = "".join(parts).strip() if parts else ""
        return P.Expr(body, scope, start.start), t

    def expr_until(self, scope, *kws, ops=(";",)) -> P.Expr:
        e, _ = self.read_sql(scope, until_kw=kws, until_op=ops)
        return e

    # ------------------------------------------------------------------ top level
    def pragmas(self) -> None:
        """Compiler options: #print_strict_params on|off, #variable_conflict
        error|use_variable|use_column, #option dump."""
        while self.peek().kind == "op" and self.peek().value == "#":
            self.next()
            w = self.ident()
            if w == "print_strict_params":
                v = self.ident()
                if v not in ("on", "off"):
                    raise self.error(self.toks[self.i - 1])
                self.ctx.print_strict_params = v == "on"
            elif w == "variable_conflict":
                v = self.ident()
                if v not in ("error", "use_variable", "use_column"):
                    raise self.error(self.toks[self.i - 1])
            elif w == "option":
                self.expect_kw("dump")
            else:
                raise self.error(self.toks[self.i - 1])

    def extra(self, check: str) -> str | None:
        """'ERROR' / 'WARNING' when plpgsql.extra_errors / extra_warnings
        enables ``check``."""
        settings = self.ctx.session.settings
        for name, level in (("plpgsql.extra_errors", "ERROR"), ("plpgsql.extra_warnings", "WARNING")):
            items = [x.strip() for x in (settings.get(name) or "none").split(",")]
            if check in items or "all" in items:
                return level
        return None

    def parse(self, top: P.Scope) -> P.Block:
        self.pragmas()
        label = None
        if self.accept_op("<<"):
            label = self.ident()
            self.expect_op(">>")
        t = self.peek()
        if not t.is_kw("declare", "begin"):
            raise self.error(t)
        blk = self.block(top, label, self.line(t))
        self.accept_op(";")
        if self.peek().kind != "EOF":
            raise self.error()
        return blk

    def block(self, outer: P.Scope, label: str | None, lineno: int) -> P.Block:
        scope = P.Scope(outer, label)
        decls: list[P.Var] = []
        if self.accept_kw("declare"):
            while not self.peek().is_kw("begin"):
                if self.accept_kw("declare"):
                    continue
                if self.peek().kind == "EOF":
                    raise self.error()
                if self.accept_op("<<"):          # a label in the DECLARE section is an error
                    raise self.error(self.toks[self.i - 1])
                decls.extend(self.declaration(scope))
        self.expect_kw("begin")
        body = self.stmts(scope)
        handlers = None
        blk = P.Block(lineno, label, decls, body, None, scope)
        if self.accept_kw("exception"):
            hscope = P.Scope(scope)
            blk.sqlstate_var = self.new_var(hscope, "sqlstate", T.TEXTOID)
            blk.sqlerrm_var = self.new_var(hscope, "sqlerrm", T.TEXTOID)
            handlers = []
            while self.accept_kw("when"):
                conds = [self.condition()]
                while self.accept_kw("or"):
                    conds.append(self.condition())
                self.expect_kw("then")
                handlers.append(P.Handler(conds, self.stmts(hscope)))
            if not handlers:
                raise self.error()
            blk.handlers = handlers
        self.expect_kw("end")
        self.end_label(label)
        return blk

    def end_label(self, label: str | None) -> None:
        t = self.peek()
        if t.kind in ("ident", "qident") and not (t.kind == "ident" and t.value in ("if", "loop", "case")):
            name = t.value
            if label is None:
                raise PgError(SYNTAX_ERROR, f'end label "{name}" specified for unlabeled block',
                              position=t.start + 1)
            if name != label:
                raise PgError(SYNTAX_ERROR, f'end label "{name}" differs from block\'s label "{label}"',
                              position=t.start + 1)
            self.next()

    def condition(self) -> tuple[str, str]:
        t = self.peek()
        if t.is_kw("sqlstate"):
            self.next()
            s = self.next()
            if s.kind != "str":
                raise self.error(s)
            code = _string_value(s.value)
            if len(code) != 5 or not all(c.isdigit() or "A" <= c <= "Z" for c in code):
                raise PgError("42601", "invalid SQLSTATE code", position=s.start + 1)
            return ("state", code)
        name = self.ident()
        if name == "others":
            return ("name", "others")
        if name not in CONDITIONS:
            raise PgError("42704", f'unrecognized exception condition "{name}"')
        return ("name", name)

    # ------------------------------------------------------------------ declarations
    def declaration(self, scope: P.Scope) -> list[P.Var]:
        nt = self.peek()
        name = self.ident()
        lineno = self.line(nt)
        if name in scope.names:
            raise PgError("42701", f'duplicate declaration at or near "{self.text[nt.start:nt.end]}"',
                          position=nt.start + 1)
        self.check_shadow(scope, name, nt)
        if self.accept_kw("alias"):
            self.expect_kw("for")
            t = self.next()
            target = scope.lookup(t.value if t.kind != "param" else t.value)
            if target is None:
                raise PgError("42704", f'variable "{t.value}" does not exist', position=t.start + 1)
            scope.names[name] = target
            self.expect_op(";")
            return []
        constant = bool(self.accept_kw("constant"))
        if self.peek().is_kw("cursor") or (self.peek().is_kw("no", "scroll") and
                                           self.peek(1).is_kw("scroll", "cursor")):
            return [self.cursor_decl(scope, name, lineno)]
        tstart = self.peek()
        depth = 0
        while True:
            t = self.peek()
            if t.kind == "EOF":
                raise self.error(t)
            if depth == 0 and (t.kind == "op" and t.value in (";", ":=", "=") or
                               t.is_kw("default", "not", "collate")):
                break
            if t.kind == "op" and t.value == "(":
                depth += 1
            elif t.kind == "op" and t.value == ")":
                depth -= 1
            self.next()
        if t is tstart:
            raise self.error(t)
        typetext = self.text[tstart.start:self.toks[self.i - 1].end]
        typ, typmod, kind = self.ctx.declared_type(typetext, scope, tstart.start)
        if self.accept_kw("collate"):
            self.ident()
        notnull = False
        if self.accept_kw("not"):
            self.expect_kw("null")
            notnull = True
        default = None
        if self.accept_kw("default") or self.accept_op(":=") or self.accept_op("="):
            # the default sees only what is declared before it (INV-PLPGSQL-1)
            snap = P.Scope(scope.parent, scope.label, dict(scope.names))
            default = self.expr_until(snap)
        self.expect_op(";")
        if notnull and default is None:
            raise PgError("22004", f'variable "{name}" must have a default value, since it\'s declared NOT NULL',
                          position=nt.start + 1)
        v = self.new_var(scope, name, typ, typmod, constant=constant, notnull=notnull, default=default,
                         is_record=(kind == "record"), is_row=(kind == "row"), lineno=lineno)
        return [v]

    def check_shadow(self, scope: P.Scope, name: str, tok: Token) -> None:
        """extra_warnings / extra_errors 'shadowed_variables'."""
        level = self.extra("shadowed_variables")
        if level is not None and scope.parent is not None and scope.parent.lookup(name) is not None:
            w = PgError("42712", f'variable "{name}" shadows a previously defined variable',
                        position=tok.start + 1, severity=level)
            if level == "ERROR":
                raise w
            self.ctx.warnings.append(w)

    def cursor_decl(self, scope, name: str, lineno: int) -> P.Var:
        """name [NO] SCROLL CURSOR [(arg type, ...)] FOR|IS query;"""
        scroll = None
        if self.accept_kw("no"):
            self.expect_kw("scroll")
            scroll = False
        elif self.accept_kw("scroll"):
            scroll = True
        self.expect_kw("cursor")
        inner = P.Scope(scope)
        args = []
        if self.accept_op("("):
            while True:
                at = self.peek()
                aname = self.ident()
                self.check_shadow(inner, aname, at)
                tstart = self.peek()
                depth = 0
                while True:
                    t = self.peek()
                    if t.kind == "EOF":
                        raise self.error(t)
                    if depth == 0 and t.kind == "op" and t.value in (",", ")"):
                        break
                    if t.kind == "op" and t.value == "(":
                        depth += 1
                    elif t.kind == "op" and t.value == ")":
                        depth -= 1
                    self.next()
                typ, typmod, kind = self.ctx.declared_type(self.text[tstart.start:self.toks[self.i - 1].end],
                                                           scope, tstart.start)
                args.append(self.new_var(inner, aname, typ, typmod, is_row=(kind == "row"),
                                         is_record=(kind == "record")))
                if self.accept_op(")"):
                    break
                self.expect_op(",")
        if not self.accept_kw("for"):
            self.expect_kw("is")
        q = self.expr_until(inner)
        self.expect_op(";")
        q = P.Expr(q.text, inner, q.offset, is_stmt=True, kind="SQL statement")
        return self.new_var(scope, name, REFCURSOROID, -1, lineno=lineno, cursor_query=q, cursor_args=args,
                            cursor_scroll=scroll)

    def cursor_var(self, scope) -> P.Var:
        t = self.peek()
        name = self.ident()
        v = scope.lookup(name)
        if v is None:
            raise PgError(SYNTAX_ERROR, f'"{name}" is not a known variable', position=t.start + 1)
        if v.typ != REFCURSOROID:
            raise PgError("42804", f'variable "{name}" must be of type cursor or refcursor', position=t.start + 1)
        return v

    def cursor_args(self, scope, v: P.Var, at: Token) -> list:
        args = []
        if not v.cursor_args:
            if self.peek().kind == "op" and self.peek().value == "(":
                raise PgError(SYNTAX_ERROR, f'cursor "{v.name}" has no arguments', position=self.peek().start + 1)
            return args
        if not self.accept_op("("):
            raise PgError(SYNTAX_ERROR, f'cursor "{v.name}" has arguments', position=self.peek().start + 1)
        given: set[str] = set()
        while True:
            name = None
            t, t1 = self.peek(), self.peek(1)
            if t.kind in ("ident", "qident") and t1.kind == "op" and t1.value in (":=", "=>"):
                name = t.value
                if not any(a.name == name for a in v.cursor_args):
                    raise PgError(SYNTAX_ERROR, f'cursor "{v.name}" has no argument named "{name}"',
                                  position=t.start + 1)
                if name in given:
                    raise PgError(SYNTAX_ERROR, f'value for parameter "{name}" of cursor "{v.name}" specified '
                                  f'more than once', position=t.start + 1)
                self.next()
                self.next()
                given.add(name)
            else:
                k = len(args)
                if k < len(v.cursor_args):
                    name = v.cursor_args[k].name
                    if name in given:
                        raise PgError(SYNTAX_ERROR, f'value for parameter "{name}" of cursor "{v.name}" specified '
                                      f'more than once', position=t.start + 1)
                    given.add(name)
            e, term = self.read_sql(scope, until_op=(",", ")"))
            args.append((name, e))
            if self.accept_op(")"):
                break
            self.expect_op(",")
            if len(args) >= len(v.cursor_args):
                raise PgError(SYNTAX_ERROR, f'too many arguments for cursor "{v.name}"', position=t.start + 1)
        if len(given) < len(v.cursor_args):
            raise PgError(SYNTAX_ERROR, f'not enough arguments for cursor "{v.name}"',
                          position=self.toks[self.i - 1].start + 1)
        # read_cursor_args: one query computes them all, in parameter order
        byname = dict(args)
        ordered = [f"{byname[a.name].text} AS {a.name}" for a in v.cursor_args]
        return [(None, P.Expr(", ".join(ordered), scope, args[0][1].offset if args else 0))]

    def s_open(self, scope, lineno) -> P.Stmt:
        self.next()
        at = self.peek()
        v = self.cursor_var(scope)
        if v.cursor_query is None:
            scroll = None
            if self.accept_kw("no"):
                self.expect_kw("scroll")
                scroll = False
            elif self.accept_kw("scroll"):
                scroll = True
            self.expect_kw("for")
            if self.accept_kw("execute"):
                q, _ = self.read_sql(scope, until_kw=("using",))
                using = self.using_list(scope, ())
                self.expect_op(";")
                return P.Open(lineno, v, scroll, None, q, using, [])
            q = self.expr_until(scope)
            self.expect_op(";")
            return P.Open(lineno, v, scroll, P.Expr(q.text, scope, q.offset, is_stmt=True, kind="SQL statement"),
                          None, [], [])
        args = self.cursor_args(scope, v, at)
        self.expect_op(";")
        return P.Open(lineno, v, v.cursor_scroll, None, None, [], args)

    _DIRS = ("next", "prior", "first", "last", "absolute", "relative", "forward", "backward")

    def s_fetch(self, scope, lineno, is_move=False) -> P.Stmt:
        self.next()
        direction, count = "forward", 1
        t = self.peek()
        if t.is_kw(*self._DIRS) and not (self.peek(1).kind == "ident" and self.peek(1).value == "into"):
            w = self.next().value
            if w == "prior":
                direction = "backward"
            elif w == "first":
                direction, count = "absolute", 1
            elif w == "last":
                direction, count = "absolute", -1
            elif w in ("absolute", "relative"):
                direction = w
                count, _ = self.read_sql(scope, until_kw=("from", "in"))
            elif w in ("forward", "backward"):
                direction = w
                if self.accept_kw("all"):
                    count = -1
                elif not self.peek().is_kw("from", "in"):
                    count, _ = self.read_sql(scope, until_kw=("from", "in"))
            if not self.accept_kw("from"):
                self.expect_kw("in")
        elif t.is_kw("all") and is_move:
            self.next()
            count = -1
            if not self.accept_kw("from"):
                self.expect_kw("in")
        elif t.is_kw("from", "in"):
            self.next()
        v = self.cursor_var(scope)
        into = None
        if not is_move:
            if direction in ("forward", "backward") and (count == -1 or not isinstance(count, int)):
                raise PgError(SYNTAX_ERROR, "FETCH statement cannot return multiple rows", position=t.start + 1)
            self.expect_kw("into")
            into = self.into_targets(scope)
        self.expect_op(";")
        return P.Fetch(lineno, v, direction, count, into, is_move)

    def s_move(self, scope, lineno) -> P.Stmt:
        return self.s_fetch(scope, lineno, is_move=True)

    def s_close(self, scope, lineno) -> P.Stmt:
        self.next()
        v = self.cursor_var(scope)
        self.expect_op(";")
        return P.Close(lineno, v)

    # ------------------------------------------------------------------ statements
    def stmts(self, scope: P.Scope) -> list[P.Stmt]:
        out = []
        while True:
            t = self.peek()
            if t.kind == "EOF":
                raise self.error(t)
            if t.kind == "ident" and t.value in _BLOCK_END:
                return out
            s = self.stmt(scope)
            if s is not None:
                out.append(s)

    def stmt(self, scope: P.Scope) -> P.Stmt | None:
        t = self.peek()
        lineno = self.line(t)
        label = None
        if t.kind == "op" and t.value == "<<":
            self.next()
            label = self.ident()
            self.expect_op(">>")
            t = self.peek()
            lineno = self.line(t)
            if not t.is_kw("declare", "begin", "loop", "while", "for", "foreach"):
                raise self.error(t)
        if t.kind == "op" and t.value == ";":
            raise self.error(t)
        if t.kind == "ident":
            w = t.value
            if w in ("declare", "begin"):
                blk = self.block(scope, label, lineno)
                self.expect_op(";")
                return blk
            if w in ("loop", "while", "for", "foreach"):
                return getattr(self, "s_" + w)(scope, label, lineno)
            nxt = self.peek(1)
            var = scope.lookup(w)
            is_assign = nxt.kind == "op" and nxt.value in (":=", "=", "[", ".")
            if is_assign and var is not None:
                return self.s_assign(scope, lineno)
            if is_assign and scope.lookup_label(w) is not None and self.peek(2).kind in ("ident", "qident") \
                    and self.peek(3).kind == "op" and self.peek(3).value in (":=", "=", "["):
                return self.s_assign(scope, lineno)
            if is_assign and w not in _UNRESERVED_STMT:
                # word_is_not_variable
                raise PgError(SYNTAX_ERROR, f'"{w}" is not a known variable', position=t.start + 1)
            if w in ("if", "case", "exit", "continue", "return", "raise", "assert", "perform", "execute",
                     "get", "null", "open", "fetch", "move", "close", "commit", "rollback", "call"):
                return getattr(self, "s_" + w)(scope, lineno)
        if t.kind in ("qident", "param") and scope.lookup(t.value) is not None:
            return self.s_assign(scope, lineno)
        return self.s_sql(scope, lineno)

    def target(self, scope: P.Scope) -> P.Target:
        t = self.peek()
        if t.kind == "param":
            self.next()
            name = t.value
        else:
            name = self.ident()
        var = scope.lookup(name)
        if var is None:
            # a label-qualified name: label.var
            lab = scope.lookup_label(name)
            if lab is not None and self.accept_op("."):
                inner = self.ident()
                var = lab.names.get(inner)
            if var is None:
                raise PgError(SYNTAX_ERROR, f'"{name}" is not a known variable', position=t.start + 1)
        tgt = P.Target(var)
        if self.peek().kind == "op" and self.peek().value == "." and self.peek(1).kind in ("ident", "qident"):
            self.next()
            tgt.field = self.ident()
        while self.accept_op("["):
            e, _ = self.read_sql(scope, until_op=("]",))
            self.expect_op("]")
            tgt.subscripts.append(e)
        if var.constant:
            raise PgError(SYNTAX_ERROR, f'variable "{var.name}" is declared CONSTANT', position=t.start + 1)
        return tgt

    def s_assign(self, scope, lineno) -> P.Stmt:
        first = self.peek()
        tgt = self.target(scope)
        if not (self.accept_op(":=") or self.accept_op("=")):
            raise self.error()
        e = self.expr_until(scope)
        self.expect_op(";")
        e.query = self.text[first.start:self.toks[self.i - 2].end]
        e.qoff = e.offset - first.start
        e.kind = "PL/pgSQL assignment"
        return P.Assign(lineno, tgt, e)

    def s_if(self, scope, lineno) -> P.Stmt:
        self.next()
        branches = []
        cond = self.expr_until(scope, "then")
        self.expect_kw("then")
        branches.append((cond, self.stmts(scope)))
        else_body = None
        while True:
            if self.accept_kw("elsif", "elseif"):
                cond = self.expr_until(scope, "then")
                self.expect_kw("then")
                branches.append((cond, self.stmts(scope)))
                continue
            if self.accept_kw("else"):
                else_body = self.stmts(scope)
            self.expect_kw("end")
            self.expect_kw("if")
            self.expect_op(";")
            return P.If(lineno, branches, else_body)

    def s_case(self, scope, lineno) -> P.Stmt:
        self.next()
        expr = None
        tmp = None
        inner = scope
        if not self.peek().is_kw("when"):
            expr = self.expr_until(scope, "when")
            self.case_no += 1
            inner = P.Scope(scope)
            tmp = self.new_var(inner, f"__case__variable_{self.case_no}__", 0)
        whens = []
        while self.accept_kw("when"):
            e = self.expr_until(scope, "then")
            if tmp is not None:
                e = P.Expr(f'"{tmp.name}" IN ({e.text})', inner, e.offset)
            self.expect_kw("then")
            whens.append((e, self.stmts(scope)))
        if not whens:
            raise self.error()
        else_body = None
        if self.accept_kw("else"):
            else_body = self.stmts(scope)
        self.expect_kw("end")
        self.expect_kw("case")
        self.expect_op(";")
        return P.Case(lineno, expr, whens, else_body, tmp)

    def loop_body(self, scope, label) -> list[P.Stmt]:
        self.expect_kw("loop")
        body = self.stmts(scope)
        self.expect_kw("end")
        self.expect_kw("loop")
        self.end_label(label)
        self.expect_op(";")
        return body

    def s_loop(self, scope, label, lineno) -> P.Stmt:
        return P.Loop(lineno, label, self.loop_body(P.Scope(scope, label), label))

    def s_while(self, scope, label, lineno) -> P.Stmt:
        self.next()
        cond = self.expr_until(scope, "loop")
        return P.While(lineno, label, cond, self.loop_body(P.Scope(scope, label), label))

    def s_for(self, scope, label, lineno) -> P.Stmt:
        self.next()
        names = []
        first = self.peek()
        names.append(first)
        self.next()
        while self.accept_op(","):
            names.append(self.next())
        self.expect_kw("in")
        inner = P.Scope(scope, label)
        t = self.peek()
        cv = scope.lookup(t.value) if t.kind in ("ident", "qident") else None
        if cv is not None and cv.typ == REFCURSOROID and len(names) == 1 and \
                (self.peek(1).kind == "ident" and self.peek(1).value == "loop" or
                 self.peek(1).kind == "op" and self.peek(1).value == "("):
            self.next()
            if cv.cursor_query is None:
                raise PgError(SYNTAX_ERROR, "cursor FOR loop must use a bound cursor variable",
                              position=t.start + 1)
            args = self.cursor_args(scope, cv, t)
            rec = self.new_var(inner, names[0].value, T.RECORDOID, is_record=True)
            return P.ForCursor(lineno, label, P.Target(rec), cv, args, self.loop_body(inner, label))
        if self.accept_kw("reverse"):
            reverse = True
        else:
            reverse = False
        if self.peek().is_kw("execute"):
            self.next()
            q, _ = self.read_sql(scope, until_kw=("loop", "using"))
            using = self.using_list(scope, ("loop",))
            targets = self.for_targets(scope, names)
            return P.ForQuery(lineno, label, targets, None, q, using, self.loop_body(inner, label))
        e, term = self.read_sql(scope, until_kw=("loop",), until_op=("..", ";"))
        if term.kind == "op" and term.value == "..":
            self.next()
            if len(names) != 1:
                raise self.error(names[1])
            upper = self.expr_until(scope, "loop", "by")
            step = None
            if self.accept_kw("by"):
                step = self.expr_until(scope, "loop")
            var = self.new_var(inner, names[0].value, T.INT4OID)
            return P.ForInt(lineno, label, var, e, upper, step, reverse, self.loop_body(inner, label))
        if reverse:
            raise self.error(term)
        targets = self.for_targets(scope, names)
        q = P.Expr(e.text, scope, e.offset, is_stmt=True)
        return P.ForQuery(lineno, label, targets, q, None, [], self.loop_body(inner, label))

    def for_targets(self, scope, names: list[Token]) -> list[P.Target]:
        out = []
        for t in names:
            v = scope.lookup(t.value)
            if v is None:
                if len(names) == 1:
                    raise PgError(SYNTAX_ERROR, "loop variable of loop over rows must be a record variable "
                                  "or list of scalar variables", position=t.start + 1)
                raise PgError(SYNTAX_ERROR, f'"{t.value}" is not a known variable', position=t.start + 1)
            out.append(P.Target(v))
        return out

    def s_foreach(self, scope, label, lineno) -> P.Stmt:
        self.next()
        names = [self.next()]
        while self.accept_op(","):
            names.append(self.next())
        slice_ = 0
        if self.accept_kw("slice"):
            n = self.next()
            if n.kind != "num":
                raise self.error(n)
            slice_ = int(n.value)
        self.expect_kw("in")
        self.expect_kw("array")
        e = self.expr_until(scope, "loop")
        targets = self.for_targets(scope, names)
        return P.ForEach(lineno, label, targets, slice_, e, self.loop_body(P.Scope(scope, label), label))

    def s_exit(self, scope, lineno, is_exit=True) -> P.Stmt:
        kw = self.next()
        label = None
        t = self.peek()
        if t.kind in ("ident", "qident") and not t.is_kw("when"):
            label = self.ident()
            if scope.lookup_label(label) is None:
                raise PgError(SYNTAX_ERROR, f'there is no label "{label}" attached to any block or loop '
                              f'enclosing this statement', position=t.start + 1)
        cond = None
        if self.accept_kw("when"):
            cond = self.expr_until(scope)
        self.expect_op(";")
        return P.Exit(lineno, is_exit, label, cond)

    def s_continue(self, scope, lineno) -> P.Stmt:
        return self.s_exit(scope, lineno, is_exit=False)

    def s_return(self, scope, lineno) -> P.Stmt:
        self.next()
        if self.accept_kw("next"):
            if not self.ctx.retset:
                raise PgError("42804", "cannot use RETURN NEXT in a non-SETOF function",
                              position=self.toks[self.i - 1].start + 1)
            if self.accept_op(";"):
                if not self.ctx.has_out:
                    raise self.error(self.toks[self.i - 1])
                return P.ReturnNext(lineno, None)
            if self.ctx.has_out:
                raise PgError("42804", "RETURN NEXT cannot have a parameter in function with OUT parameters",
                              position=self.peek().start + 1)
            e = self.expr_until(scope)
            self.expect_op(";")
            return P.ReturnNext(lineno, e, self.single_var(e))
        if self.accept_kw("query"):
            if not self.ctx.retset:
                raise PgError("42804", "cannot use RETURN QUERY in a non-SETOF function",
                              position=self.toks[self.i - 1].start + 1)
            if self.accept_kw("execute"):
                q, _ = self.read_sql(scope, until_kw=("using",))
                using = self.using_list(scope, ())
                self.expect_op(";")
                return P.ReturnQuery(lineno, None, q, using)
            q = self.expr_until(scope)
            self.expect_op(";")
            return P.ReturnQuery(lineno, P.Expr(q.text, scope, q.offset, is_stmt=True), None, [])
        t = self.peek()
        if t.kind == "op" and t.value == ";":
            if not (self.ctx.retset or self.ctx.has_out or self.ctx.rettype in (T.VOIDOID, 2279, 3838)):
                raise PgError(SYNTAX_ERROR, 'missing expression at or near ";"', position=t.start + 1)
            self.next()
            return P.Return(lineno, None)
        if self.ctx.retset:
            raise PgError("42804", "RETURN cannot have a parameter in function returning set",
                          position=self.peek().start + 1, hint="Use RETURN NEXT or RETURN QUERY.")
        if self.ctx.has_out:
            raise PgError("42804", "RETURN cannot have a parameter in function with OUT parameters",
                          position=self.peek().start + 1)
        if self.ctx.rettype == T.VOIDOID:
            raise PgError("42804", "RETURN cannot have a parameter in function returning void",
                          position=self.peek().start + 1)
        e = self.expr_until(scope)
        self.expect_op(";")
        return P.Return(lineno, e, self.single_var(e))

    def single_var(self, e: P.Expr) -> P.Var | None:
        toks = scan(e.text)
        if len(toks) == 2 and toks[0].kind in ("ident", "qident"):
            v = e.scope.lookup(toks[0].value)
            if v is not None and (v.is_row or v.is_record):
                return v
        return None

    def using_list(self, scope, until_kw) -> list[P.Expr]:
        out = []
        if self.accept_kw("using"):
            while True:
                e, t = self.read_sql(scope, until_kw=until_kw + ("into",), until_op=(",", ";"))
                out.append(e)
                if not self.accept_op(","):
                    break
        return out

    def s_raise(self, scope, lineno) -> P.Stmt:
        self.next()
        level = "exception"
        t = self.peek()
        if t.is_kw("debug", "log", "info", "notice", "warning", "exception"):
            level = self.next().value
        if self.accept_op(";"):
            return P.Raise(lineno, level, None, None, None, [], [])
        condname = sqlstate = message = None
        params: list[P.Expr] = []
        t = self.peek()
        if t.kind == "str":
            self.next()
            message = _string_value(t.value)
            while self.accept_op(","):
                e, _ = self.read_sql(scope, until_kw=("using",), until_op=(",", ";"))
                params.append(e)
            # placeholders vs parameters (checked at compile time, as PostgreSQL)
            n = _count_placeholders(message)
            if n > len(params):
                raise PgError(SYNTAX_ERROR, "too few parameters specified for RAISE")
            if n < len(params):
                raise PgError(SYNTAX_ERROR, "too many parameters specified for RAISE")
        elif t.is_kw("sqlstate"):
            self.next()
            s = self.next()
            sqlstate = _string_value(s.value)
            if len(sqlstate) != 5 or not all(c.isdigit() or "A" <= c <= "Z" for c in sqlstate):
                raise PgError(SYNTAX_ERROR, "invalid SQLSTATE code", position=s.start + 1)
        elif t.kind in ("ident", "qident") and not t.is_kw("using"):
            condname = self.ident()
            if condname not in CONDITIONS:
                raise PgError("42704", f'unrecognized exception condition "{condname}"')
        options = []
        if self.accept_kw("using"):
            while True:
                ot = self.next()
                opt = ot.value
                if opt not in ("errcode", "message", "detail", "hint", "column", "constraint", "datatype",
                               "table", "schema"):
                    raise PgError(SYNTAX_ERROR, f'unrecognized RAISE statement option "{self.text[ot.start:ot.end]}"',
                                  position=ot.start + 1)
                if not (self.accept_op("=") or self.accept_op(":=")):
                    raise self.error()
                e, _ = self.read_sql(scope, until_op=(",", ";"))
                options.append((opt, e))
                if not self.accept_op(","):
                    break
        self.expect_op(";")
        return P.Raise(lineno, level, condname, sqlstate, message, params, options)

    def s_assert(self, scope, lineno) -> P.Stmt:
        self.next()
        cond, _ = self.read_sql(scope, until_op=(",", ";"))
        msg = None
        if self.accept_op(","):
            msg = self.expr_until(scope)
        self.expect_op(";")
        return P.Assert(lineno, cond, msg)

    def s_perform(self, scope, lineno) -> P.Stmt:
        self.next()
        e = self.expr_until(scope)
        self.expect_op(";")
        return P.Perform(lineno, e)

    def s_execute(self, scope, lineno) -> P.Stmt:
        self.next()
        q, _ = self.read_sql(scope, until_kw=("into", "using"))
        into, strict, using = None, False, []
        for _ in range(2):
            if self.peek().is_kw("into") and into is None:
                self.next()
                strict = bool(self.accept_kw("strict"))
                into = self.into_targets(scope)
            elif self.peek().is_kw("using") and not using:
                using = self.using_list(scope, ())
        self.expect_op(";")
        return P.DynExecute(lineno, q, into, strict, using)

    def into_targets(self, scope) -> list[P.Target]:
        out = [self.target(scope)]
        while self.accept_op(","):
            out.append(self.target(scope))
        return out

    def s_get(self, scope, lineno) -> P.Stmt:
        self.next()
        stacked = False
        if self.accept_kw("stacked"):
            stacked = True
        else:
            self.accept_kw("current")
        self.expect_kw("diagnostics")
        items = []
        while True:
            tt = self.peek()
            tgt = self.target(scope)
            if (tgt.var.is_row or tgt.var.is_record) and tgt.field is None:
                raise PgError(SYNTAX_ERROR, f'"{self.text[tt.start:tt.end]}" is not a scalar variable',
                              position=tt.start + 1)
            if not (self.accept_op("=") or self.accept_op(":=")):
                raise self.error()
            it = self.next()
            item = it.value
            allowed = ("returned_sqlstate", "message_text", "pg_exception_detail", "pg_exception_hint",
                       "pg_exception_context", "column_name", "constraint_name", "pg_datatype_name",
                       "table_name", "schema_name") if stacked else ("row_count", "pg_context", "pg_routine_oid")
            if item not in allowed:
                what = "STACKED" if not stacked else "CURRENT"
                if item in ("row_count", "pg_context", "returned_sqlstate", "message_text", "pg_exception_detail",
                            "pg_exception_hint", "pg_exception_context", "column_name", "constraint_name",
                            "pg_datatype_name", "table_name", "schema_name"):
                    raise PgError(SYNTAX_ERROR, f'diagnostics item {item.upper()} is not allowed in GET {what} '
                                  f'DIAGNOSTICS', position=it.start + 1)
                raise PgError(SYNTAX_ERROR, "unrecognized GET DIAGNOSTICS item", position=it.start + 1)
            items.append((tgt, item))
            if not self.accept_op(","):
                break
        self.expect_op(";")
        return P.GetDiag(lineno, stacked, items)

    def s_null(self, scope, lineno) -> P.Stmt:
        self.next()
        self.expect_op(";")
        return P.Null(lineno)

    def _unsupported(self, what: str):
        raise PgError(FEATURE_NOT_SUPPORTED, f"PL/pgSQL {what} is not supported")

    def s_commit(self, scope, lineno):
        self._unsupported("transaction control (COMMIT)")

    def s_rollback(self, scope, lineno):
        self._unsupported("transaction control (ROLLBACK)")

    def s_call(self, scope, lineno) -> P.Stmt:
        e = self.expr_until(scope)
        self.expect_op(";")
        return P.Call(lineno, P.Expr(e.text, scope, e.offset, is_stmt=True))

    def s_sql(self, scope, lineno) -> P.Stmt:
        """make_execsql_stmt: a SQL statement, with an INTO clause cut out."""
        first = self.peek()
        start = first.start
        depth = 0
        into = None
        strict = False
        parts: list[str] = []
        last = start
        prev: Token | None = None
        while True:
            t = self.peek()
            if t.kind == "EOF":
                raise self.error(t)
            if t.kind == "op" and t.value == ";" and depth == 0:
                break
            if t.kind == "op" and t.value == "(":
                depth += 1
            elif t.kind == "op" and t.value == ")":
                depth -= 1
            if t.is_kw("into") and into is None and not (prev is not None and prev.is_kw("insert", "merge")) \
                    and not first.is_kw("import"):
                parts.append(self.text[last:t.start])
                self.next()
                strict = bool(self.accept_kw("strict"))
                into = self.into_targets(scope)
                last = self.toks[self.i - 1].end
                prev = t
                continue
            if t.kind == "param":
                parts.append(self.text[last:t.start])
                parts.append(f'"{t.value}"')
                last = t.end
            prev = t
            self.next()
        end = self.toks[self.i - 1].end
        parts.append(self.text[last:end])
        self.expect_op(";")
        w = first.value if first.kind == "ident" else ""
        if first.kind != "ident" or w not in _SQL_START:
            raise self.error(first)
        command = {"select": "select", "with": "select", "values": "select", "table": "select", "insert": "insert",
                   "update": "update", "delete": "delete", "merge": "merge"}.get(w, "utility")
        text = "".join(parts).strip()
        return P.ExecSql(lineno, P.Expr(text, scope, start, is_stmt=True, kind="SQL statement"), into, strict,
                         command)


_SQL_START = {"select", "with", "values", "table", "insert", "update", "delete", "merge", "create", "drop",
              "alter", "truncate", "grant", "revoke", "comment", "set", "reset", "lock", "analyze", "vacuum",
              "notify", "listen", "unlisten", "refresh", "reindex", "cluster", "discard", "security", "copy",
              "explain", "savepoint", "release", "start", "show", "import", "do", "prepare", "deallocate",
              "checkpoint", "load", "declare", "abort", "end", "begin"}


def _string_value(lit: str) -> str:
    if lit.startswith("$"):
        tag = lit[:lit.index("$", 1) + 1]
        return lit[len(tag):-len(tag)]
    if lit[0] in "eE":
        body = lit[2:-1].replace("''", "'")
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    return lit[1:-1].replace("''", "'")


def _count_placeholders(fmt: str) -> int:
    n, i = 0, 0
    while i < len(fmt):
        if fmt[i] == "%":
            if i + 1 < len(fmt) and fmt[i + 1] == "%":
                i += 2
                continue
            n += 1
        i += 1
    return n


def parse_block(text: str, ctx, top: P.Scope) -> tuple[P.Block, list[P.Var]]:
    p = Parser(text, ctx)
    p.vars = ctx.vars
    try:
        blk = p.parse(top)
    except PgError as e:
        if getattr(e, "plpgsql_line", None) is None:
            e.plpgsql_line = p.line(p.peek())     # plpgsql_error_lineno
        raise
    return blk, p.vars

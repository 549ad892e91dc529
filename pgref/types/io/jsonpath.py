"""jsonpath: the SQL/JSON path language's text form (PostgreSQL's jsonpath.c,
jsonpath_scan.l, jsonpath_gram.y).

Where it sits: ``types/io/`` (spec/03-types.md, "jsonpath").  A jsonpath
datum is a :class:`JsonPath`: the mode (``lax``, the default, or
``strict``) and the root :class:`Item` of a tree of path items.  Items
are chained through ``next`` exactly like PostgreSQL's flattened binary
form, so ``$.a[*] ? (@ > 1)`` is the chain

    $  ->  ."a"  ->  [*]  ->  ?( > (@, 1) )

and arithmetic, predicates and subscripts hold their operands in
``left``/``right``/``arg``/``elems``.  The executor
(``types/funcs/jsonpath_exec.py``) walks this tree.

Guarantees:
  * ``jsonpath_in`` accepts exactly PostgreSQL 15's language: the scanner
    mirrors jsonpath_scan.l token for token (keywords, quoted and unquoted
    names, ``\\uXXXX``/``\\u{X}``/``\\xHH`` escapes, numeric literals and
    their "trailing junk" rule, C comments), the recursive-descent parser
    accepts the same strings as the LALR grammar, and a syntax error names
    the token bison would have named (``syntax error at or near "x" of
    jsonpath input`` / ``... at end of jsonpath input``) -- INV-TYPES-JSONPATH-1.
  * The checks of flattenJsonPathParseItem() follow parsing: ``@`` only
    inside a filter, ``last`` only inside an array subscript.
  * ``jsonpath_out`` prints printJsonPathItem()'s canonical text
    (``$."a"[*]?(@ > 1)``): keys always quoted, operators parenthesised by
    priority, unary minus of a literal folded at parse time -- so
    ``out(in(out(x))) == out(x)`` (INV-TYPES-JSONPATH-2).
  * The binary format is PostgreSQL's: version byte 1, then the text.

Entry points: parse_jsonpath(text) -> JsonPath, to_text(JsonPath) -> str,
Item, JsonPath, and the fmgr builtins jsonpath_in/out/recv/send.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pgref.errors import (FEATURE_NOT_SUPPORTED, INVALID_TEXT_REPRESENTATION, SYNTAX_ERROR,
                          UNTRANSLATABLE_CHARACTER, PgError)
from pgref.types.fmgr import builtin

ANY_LAST = 0xFFFFFFFF            # PG_UINT32_MAX: "last" in .**{n to last}

# like_regex flag bits (JSP_REGEX_*)
REGEX_ICASE, REGEX_DOTALL, REGEX_MLINE, REGEX_WSPACE, REGEX_QUOTE = 1, 2, 4, 8, 16

# kinds whose result is a boolean (predicates)
PREDICATE_KINDS = frozenset({"and", "or", "not", "is_unknown", "eq", "ne", "lt", "gt", "le",
                             "ge", "exists", "starts_with", "like_regex"})
COMPARISON_KINDS = {"==": "eq", "!=": "ne", "<>": "ne", "<": "lt", ">": "gt", "<=": "le",
                    ">=": "ge"}
OPERATION_NAME = {"and": "&&", "or": "||", "eq": "==", "ne": "!=", "lt": "<", "gt": ">",
                  "le": "<=", "ge": ">=", "add": "+", "plus": "+", "sub": "-", "minus": "-",
                  "mul": "*", "div": "/", "mod": "%", "type": "type", "size": "size",
                  "abs": "abs", "floor": "floor", "ceiling": "ceiling", "double": "double",
                  "datetime": "datetime", "keyvalue": "keyvalue", "starts_with": "starts with",
                  "like_regex": "like_regex"}
METHODS = ("abs", "size", "type", "floor", "double", "ceiling", "keyvalue")


class Item:
    """One path item (JsonPathParseItem).  Fields used per kind:

        null root current last any_array any_key and methods   (none)
        string key var     value: str
        numeric            value: Decimal
        bool               value: bool
        binary operators   left, right      (starts_with: right is string/var)
        not is_unknown exists plus minus filter datetime   arg (datetime: may be None)
        index_array        elems: list of (from_item, to_item or None)
        any                first, last      (ANY_LAST means "last")
        like_regex         arg (the operand), pattern: str, flags: int
    """
    __slots__ = ("kind", "value", "left", "right", "arg", "elems", "first", "last",
                 "pattern", "flags", "next")

    def __init__(self, kind: str, value: Any = None, *, left: "Item | None" = None,
                 right: "Item | None" = None, arg: "Item | None" = None,
                 elems: list | None = None, first: int = 0, last: int = 0,
                 pattern: str = "", flags: int = 0):
        self.kind = kind
        self.value = value
        self.left = left
        self.right = right
        self.arg = arg
        self.elems = elems
        self.first = first
        self.last = last
        self.pattern = pattern
        self.flags = flags
        self.next: Item | None = None

    def __repr__(self) -> str:
        return f"Item({self.kind}, {self.value!r})"


class JsonPath:
    """A jsonpath datum: mode plus root item."""
    __slots__ = ("lax", "expr")

    def __init__(self, lax: bool, expr: Item):
        self.lax = lax
        self.expr = expr

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonPath) and to_text(self) == to_text(other)

    def __hash__(self) -> int:
        return hash(to_text(self))

    def __repr__(self) -> str:
        return f"JsonPath({to_text(self)!r})"


# ================================================================= scanner

_SPECIAL = set("?%$.[]{}()|&!=<>@#,*:-+/")
_BLANK = set(" \t\n\r\f")
_HEX = set("0123456789abcdefABCDEF")

# keyword -> (token, must be lowercase)
_KEYWORDS = {"is": ("IS", False), "to": ("TO", False), "abs": ("ABS", False),
             "lax": ("LAX", False), "flag": ("FLAG", False), "last": ("LAST", False),
             "null": ("NULL", True), "size": ("SIZE", False), "true": ("TRUE", True),
             "type": ("TYPE", False), "with": ("WITH", False), "false": ("FALSE", True),
             "floor": ("FLOOR", False), "double": ("DOUBLE", False),
             "exists": ("EXISTS", False), "starts": ("STARTS", False),
             "strict": ("STRICT", False), "ceiling": ("CEILING", False),
             "unknown": ("UNKNOWN", False), "datetime": ("DATETIME", False),
             "keyvalue": ("KEYVALUE", False), "like_regex": ("LIKE_REGEX", False)}
_KEYWORD_TOKENS = {t for t, _ in _KEYWORDS.values()}
_METHOD_TOKENS = {"ABS": "abs", "SIZE": "size", "TYPE": "type", "FLOOR": "floor",
                  "DOUBLE": "double", "CEILING": "ceiling", "KEYVALUE": "keyvalue"}


def _is_other(c: str) -> bool:
    return c not in _SPECIAL and c not in _BLANK and c not in '\\"'


def _yyerror(message: str, text: str) -> PgError:
    """jsonpath_yyerror(): an empty token text means the end of the input."""
    if text == "":
        return PgError(SYNTAX_ERROR, f"{message} at end of jsonpath input")
    return PgError(SYNTAX_ERROR, f'{message} at or near "{text}" of jsonpath input')


def _surrogate_error(detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, "invalid input syntax for type jsonpath",
                   detail=detail)


class Token:
    __slots__ = ("type", "value", "text")

    def __init__(self, type_: str, value: Any, text: str):
        self.type = type_      # token name or the special character itself
        self.value = value     # decoded string / numeric text
        self.text = text       # what flex's yytext holds when bison reports an error


class Lexer:
    """jsonpath_scan.l as a pull scanner: next() returns one Token (type
    'EOF' at the end).  States: INITIAL, xq/xvq (quoted string/variable),
    xnq (unquoted name), xc (comment)."""

    def __init__(self, s: str):
        self.s = s
        self.i = 0

    # -- escapes shared by xq, xvq and xnq
    def _escape(self, buf: list[str]) -> None:
        """Consume one backslash sequence at self.i into buf."""
        s, i = self.s, self.i
        n = len(s)
        if i + 1 >= n:
            raise _yyerror("unexpected end after backslash", "")
        c = s[i + 1]
        simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
        if c in simple:
            buf.append(simple[c])
            self.i = i + 2
            return
        if c == "u":
            self._unicode(buf)
            return
        if c == "x":
            j = i + 2
            while j < n and j < i + 4 and s[j] in _HEX:
                j += 1
            if j - (i + 2) < 2:
                raise _yyerror("invalid hex character sequence", s[i:j])
            buf.append(_unicode_char(int(s[i + 2:i + 4], 16)))
            self.i = i + 4
            return
        buf.append(c)
        self.i = i + 2

    def _unicode(self, buf: list[str]) -> None:
        """{unicode}+ (with surrogate pairing), or {unicode}*{unicodefail}."""
        s, n = self.s, len(self.s)
        start = self.i
        codes: list[int] = []
        i = start
        while i + 1 < n and s[i] == "\\" and s[i + 1] == "u":
            j = i + 2
            if j < n and s[j] == "{":
                k = j + 1
                while k < n and k < j + 7 and s[k] in _HEX:
                    k += 1
                if k > j + 1 and k < n and s[k] == "}":
                    codes.append(int(s[j + 1:k], 16))
                    i = k + 1
                    continue
                raise _yyerror("invalid unicode sequence", s[start:k])
            k = j
            while k < n and k < j + 4 and s[k] in _HEX:
                k += 1
            if k - j == 4:
                codes.append(int(s[j:k], 16))
                i = k
                continue
            raise _yyerror("invalid unicode sequence", s[start:k])
        self.i = i
        hi = -1
        for ch in codes:
            if 0xD800 <= ch <= 0xDBFF:
                if hi != -1:
                    raise _surrogate_error("Unicode high surrogate must not follow a high surrogate.")
                hi = ch
                continue
            if 0xDC00 <= ch <= 0xDFFF:
                if hi == -1:
                    raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")
                ch = 0x10000 + ((hi - 0xD800) << 10) + (ch - 0xDC00)
                hi = -1
            elif hi != -1:
                raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")
            buf.append(_unicode_char(ch))
        if hi != -1:
            raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")

    def _quoted(self) -> str:
        """Body of a double-quoted string; self.i is just past the opening quote."""
        s, n = self.s, len(self.s)
        buf: list[str] = []
        while True:
            if self.i >= n:
                raise _yyerror("unexpected end of quoted string", "")
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(buf)
            if c == "\\":
                self._escape(buf)
            else:
                buf.append(c)
                self.i += 1

    def _comment(self) -> None:
        end = self.s.find("*/", self.i)
        if end < 0:
            raise _yyerror("unexpected end of comment", "")
        self.i = end + 2

    def _unquoted(self, buf: list[str]) -> Token:
        """The xnq state: an unquoted name, possibly with escapes."""
        s, n = self.s, len(self.s)
        while True:
            if self.i >= n:
                return _keyword("".join(buf), "")
            c = s[self.i]
            if c == "\\":
                self._escape(buf)
            elif c in _BLANK:
                j = self.i
                while j < n and s[j] in _BLANK:
                    j += 1
                blanks = s[self.i:j]
                self.i = j
                return _keyword("".join(buf), blanks)
            elif s.startswith("/*", self.i):
                # flex enters the comment and drops the name (jsonpath_scan.l)
                self.i += 2
                self._comment()
                return self.next()
            elif c in _SPECIAL or c == '"':
                return _keyword("".join(buf), "")
            else:
                buf.append(c)
                self.i += 1

    def _number(self) -> tuple[int, str, str | None] | None:
        """The longest match among integer/decimal/real and their junk and
        fail rules at self.i: (length, token type, error message or None);
        None when no numeric rule matches."""
        s, n, i = self.s, len(self.s), self.i
        j = i
        if j < n and s[j].isdigit() and s[j].isascii():
            if s[j] == "0":
                j += 1
            else:
                while j < n and s[j].isdigit() and s[j].isascii():
                    j += 1
            kind = "INT"
            if j < n and s[j] == ".":
                j += 1
                while j < n and s[j].isdigit() and s[j].isascii():
                    j += 1
                kind = "NUMERIC"
        elif j + 1 < n and s[j] == "." and s[j + 1].isdigit() and s[j + 1].isascii():
            j += 1
            while j < n and s[j].isdigit() and s[j].isascii():
                j += 1
            kind = "NUMERIC"
        else:
            return None
        if j < n and s[j] in "eE":
            k = j + 1
            if k < n and s[k] in "+-":
                k += 1
                if k < n and s[k].isdigit() and s[k].isascii():
                    while k < n and s[k].isdigit() and s[k].isascii():
                        k += 1
                    j, kind = k, "NUMERIC"
                else:
                    return (k - i, kind, "invalid numeric literal")
            elif k < n and s[k].isdigit() and s[k].isascii():
                while k < n and s[k].isdigit() and s[k].isascii():
                    k += 1
                j, kind = k, "NUMERIC"
        if j < n and _is_other(s[j]):
            return (j + 1 - i, kind, "trailing junk after numeric literal")
        return (j - i, kind, None)

    def next(self) -> Token:
        s, n = self.s, len(self.s)
        while True:
            while self.i < n and s[self.i] in _BLANK:
                self.i += 1
            if s.startswith("/*", self.i):
                self.i += 2
                self._comment()
                continue
            break
        if self.i >= n:
            return Token("EOF", None, "")
        i = self.i
        two = s[i:i + 2]
        if two in ("&&", "||", "**", "<=", "==", "<>", "!=", ">="):
            self.i += 2
            tok = {"&&": "AND", "||": "OR", "**": "ANY"}.get(two, two)
            return Token(tok, two, two)
        c = s[i]
        if c == "$":
            if i + 1 < n and s[i + 1] == '"':
                self.i = i + 2
                return Token("VARIABLE", self._quoted(), '"')
            j = i + 1
            while j < n and _is_other(s[j]):
                j += 1
            if j > i + 1:
                self.i = j
                return Token("VARIABLE", s[i + 1:j], s[i:j])
            self.i += 1
            return Token("$", "$", "$")
        num = self._number() if c == "." or c.isdigit() else None
        if num is not None:
            # flex takes the longest match; on a tie the numeric rules,
            # listed first, win over {other}+ (so "1a" is junk, "1ab" a name)
            length, kind, error = num
            j = i
            while j < n and _is_other(s[j]):
                j += 1
            if j - i <= length:
                text = s[i:i + length]
                if error is not None:
                    raise _yyerror(error, text)
                self.i = i + length
                return Token(kind, text, text)
        if c in _SPECIAL:
            self.i += 1
            return Token(c, c, c)
        if c == '"':
            self.i += 1
            return Token("STRING", self._quoted(), '"')
        if c == "\\":
            return self._unquoted([])
        j = i
        while j < n and _is_other(s[j]):
            j += 1
        self.i = j
        return self._unquoted([s[i:j]])


def _unicode_char(ch: int) -> str:
    if ch == 0:
        raise PgError(UNTRANSLATABLE_CHARACTER, "unsupported Unicode escape sequence",
                      detail="\\u0000 cannot be converted to text.")
    return chr(ch)


def _keyword(word: str, text: str) -> Token:
    """checkKeyword(): IDENT unless the word is a keyword (null/true/false
    only in lower case, the others in any case)."""
    kw = _KEYWORDS.get(word.lower())
    if kw is not None and (not kw[1] or word == word.lower()):
        return Token(kw[0], word, text)
    return Token("IDENT", word, text)


# ================================================================= parser

class _Parser:
    """Recursive descent over jsonpath_gram.y.  Every parse function returns
    an Item; ``is_pred(item)`` tells a predicate from an expression, which
    is how the grammar's expr/predicate split is enforced."""

    def __init__(self, text: str):
        self.lex = Lexer(text)
        self.tok = self.lex.next()

    def advance(self) -> Token:
        t = self.tok
        self.tok = self.lex.next()
        return t

    def error(self) -> PgError:
        return _yyerror("syntax error", self.tok.text)

    def expect(self, type_: str) -> Token:
        if self.tok.type != type_:
            raise self.error()
        return self.advance()

    # result: mode expr_or_predicate | EMPTY
    def parse(self) -> JsonPath | None:
        if self.tok.type == "EOF":
            return None
        lax = True
        if self.tok.type in ("STRICT", "LAX"):
            lax = self.advance().type == "LAX"
        item = self.parse_or()
        if self.tok.type != "EOF":
            raise self.error()
        return JsonPath(lax, item)

    # predicate OR predicate / predicate AND predicate
    def parse_or(self) -> Item:
        left = self.parse_and()
        while self.tok.type == "OR":
            if not is_pred(left):
                raise self.error()
            self.advance()
            right = self.parse_and()
            if not is_pred(right):
                raise self.error()
            left = Item("or", left=left, right=right)
        return left

    def parse_and(self) -> Item:
        left = self.parse_predicate()
        while self.tok.type == "AND":
            if not is_pred(left):
                raise self.error()
            self.advance()
            right = self.parse_predicate()
            if not is_pred(right):
                raise self.error()
            left = Item("and", left=left, right=right)
        return left

    def parse_delimited(self) -> Item:
        """delimited_predicate: '(' predicate ')' | EXISTS '(' expr ')'."""
        if self.tok.type == "EXISTS":
            self.advance()
            self.expect("(")
            e = self.parse_expr()
            if is_pred(e):
                raise self.error()
            self.expect(")")
            return Item("exists", arg=e)
        self.expect("(")
        p = self.parse_or()
        if not is_pred(p):
            raise self.error()
        self.expect(")")
        return p

    def parse_predicate(self) -> Item:
        t = self.tok.type
        if t == "!":
            self.advance()
            if self.tok.type not in ("(", "EXISTS"):
                raise self.error()
            return Item("not", arg=self.parse_delimited())
        if t == "EXISTS":
            return self.parse_delimited()
        e = self.parse_expr()
        if is_pred(e):
            return e
        t = self.tok.type
        if t in COMPARISON_KINDS:
            self.advance()
            r = self.parse_expr()
            if is_pred(r):
                raise self.error()
            return Item(COMPARISON_KINDS[t], left=e, right=r)
        if t == "STARTS":
            self.advance()
            self.expect("WITH")
            if self.tok.type == "STRING":
                init = Item("string", self.advance().value)
            elif self.tok.type == "VARIABLE":
                init = Item("var", self.advance().value)
            else:
                raise self.error()
            return Item("starts_with", left=e, right=init)
        if t == "LIKE_REGEX":
            self.advance()
            pattern = self.expect("STRING").value
            flags = None
            if self.tok.type == "FLAG":
                self.advance()
                flags = self.expect("STRING").value
            return _make_like_regex(e, pattern, flags)
        return e

    # expr: additive / multiplicative / unary, operands must be expressions
    def parse_expr(self) -> Item:
        left = self.parse_term()
        while self.tok.type in ("+", "-"):
            if is_pred(left):
                raise self.error()
            kind = "add" if self.advance().type == "+" else "sub"
            right = self.parse_term()
            if is_pred(right):
                raise self.error()
            left = Item(kind, left=left, right=right)
        return left

    def parse_term(self) -> Item:
        left = self.parse_unary()
        while self.tok.type in ("*", "/", "%"):
            if is_pred(left):
                raise self.error()
            kind = {"*": "mul", "/": "div", "%": "mod"}[self.advance().type]
            right = self.parse_unary()
            if is_pred(right):
                raise self.error()
            left = Item(kind, left=left, right=right)
        return left

    def parse_unary(self) -> Item:
        if self.tok.type in ("+", "-"):
            kind = "plus" if self.advance().type == "+" else "minus"
            operand = self.parse_unary()
            if is_pred(operand):
                raise self.error()
            return _make_unary(kind, operand)
        return self.parse_accessor_expr()

    def parse_accessor_expr(self) -> Item:
        """accessor_expr: path_primary | '(' expr ')' accessor_op |
        '(' predicate ')' accessor_op | accessor_expr accessor_op; also
        expr: '(' expr ')' and predicate: '(' predicate ')' IS UNKNOWN."""
        t = self.tok.type
        if t == "(":
            self.advance()
            inner = self.parse_or()
            self.expect(")")
            if self.tok.type in (".", "[", "?"):
                chain = [inner]
                while self.tok.type in (".", "[", "?"):
                    chain.append(self.parse_accessor_op())
                return _make_list(chain)
            if is_pred(inner) and self.tok.type == "IS":
                self.advance()
                self.expect("UNKNOWN")
                return Item("is_unknown", arg=inner)
            if is_pred(inner):
                return _Delimited(inner)
            return inner
        primary = self.parse_primary()
        chain = [primary]
        while self.tok.type in (".", "[", "?"):
            chain.append(self.parse_accessor_op())
        return _make_list(chain)

    def parse_primary(self) -> Item:
        t = self.tok.type
        if t == "STRING":
            return Item("string", self.advance().value)
        if t == "NULL":
            self.advance()
            return Item("null")
        if t in ("TRUE", "FALSE"):
            return Item("bool", self.advance().type == "TRUE")
        if t in ("NUMERIC", "INT"):
            return Item("numeric", _numeric(self.advance().value))
        if t == "VARIABLE":
            return Item("var", self.advance().value)
        if t == "$":
            self.advance()
            return Item("root")
        if t == "@":
            self.advance()
            return Item("current")
        if t == "LAST":
            self.advance()
            return Item("last")
        raise self.error()

    def parse_accessor_op(self) -> Item:
        t = self.advance().type
        if t == "?":
            self.expect("(")
            p = self.parse_or()
            if not is_pred(p):
                raise self.error()
            self.expect(")")
            return Item("filter", arg=_undelimit(p))
        if t == "[":
            if self.tok.type == "*":
                self.advance()
                self.expect("]")
                return Item("any_array")
            elems = [self.parse_index_elem()]
            while self.tok.type == ",":
                self.advance()
                elems.append(self.parse_index_elem())
            self.expect("]")
            return Item("index_array", elems=elems)
        # '.'
        t = self.tok.type
        if t == "*":
            self.advance()
            return Item("any_key")
        if t == "ANY":
            self.advance()
            if self.tok.type != "{":
                return Item("any", first=0, last=ANY_LAST)
            self.advance()
            first = self.parse_any_level()
            last = first
            if self.tok.type == "TO":
                self.advance()
                last = self.parse_any_level()
            self.expect("}")
            return Item("any", first=first, last=last)
        if t == "DATETIME":
            tok = self.advance()
            if self.tok.type != "(":
                return Item("key", tok.value)
            self.advance()
            template = None
            if self.tok.type == "STRING":
                template = Item("string", self.advance().value)
            self.expect(")")
            return Item("datetime", arg=template)
        if t in _METHOD_TOKENS:
            tok = self.advance()
            if self.tok.type != "(":
                return Item("key", tok.value)
            self.advance()
            self.expect(")")
            return Item(_METHOD_TOKENS[t])
        if t in ("IDENT", "STRING") or t in _KEYWORD_TOKENS:
            return Item("key", self.advance().value)
        raise self.error()

    def parse_any_level(self) -> int:
        if self.tok.type == "LAST":
            self.advance()
            return ANY_LAST
        tok = self.expect("INT")
        value = int(tok.value)
        if value > 2 ** 31 - 1:
            raise PgError("22003", f'value "{tok.value}" is out of range for type integer')
        return value

    def parse_index_elem(self) -> tuple[Item, Item | None]:
        frm = self.parse_expr()
        if is_pred(frm):
            raise self.error()
        to = None
        if self.tok.type == "TO":
            self.advance()
            to = self.parse_expr()
            if is_pred(to):
                raise self.error()
        return (frm, to)


class _Delimited(Item):
    """A parenthesised predicate with nothing after it: still a predicate,
    but no longer a valid operand for an accessor chain of its own."""
    __slots__ = ()

    def __init__(self, inner: Item):  # noqa: D401 - wrapper
        super().__init__("delimited", arg=inner)


def is_pred(item: Item) -> bool:
    """A predicate; '(' predicate ')' followed by accessors is an expression."""
    return (item.kind in PREDICATE_KINDS and item.next is None) or item.kind == "delimited"


def _undelimit(item: Item) -> Item:
    """Remove the parse-time _Delimited wrappers from a finished tree."""
    while item.kind == "delimited":
        item = item.arg
    for attr in ("left", "right", "arg"):
        sub = getattr(item, attr)
        if sub is not None:
            setattr(item, attr, _undelimit(sub))
    if item.elems:
        item.elems = [(_undelimit(f), _undelimit(t) if t is not None else None)
                      for f, t in item.elems]
    if item.next is not None:
        item.next = _undelimit(item.next)
    return item


def _numeric(text: str) -> Decimal:
    from pgref.types.io.numeric import numeric_in_text
    return numeric_in_text(text)


def _make_unary(kind: str, a: Item) -> Item:
    """makeItemUnary(): +literal is the literal, -literal is folded."""
    if kind == "plus" and a.kind == "numeric" and a.next is None:
        return a
    if kind == "minus" and a.kind == "numeric" and a.next is None:
        return Item("numeric", -a.value if a.value != 0 else a.value.copy_abs())
    return Item(kind, arg=_undelimit(a))


def _make_list(chain: list[Item]) -> Item:
    """makeItemList(): append the accessors to the end of the head's chain."""
    head = _undelimit(chain[0]) if chain[0].kind == "delimited" else chain[0]
    if len(chain) == 1:
        return head
    end = head
    while end.next is not None:
        end = end.next
    for c in chain[1:]:
        end.next = c
        end = c
    return head


def _make_like_regex(expr: Item, pattern: str, flags: str | None) -> Item:
    """makeItemLikeRegex(): parse the flags and check the pattern compiles."""
    bits = 0
    for ch in flags or "":
        if ch == "i":
            bits |= REGEX_ICASE
        elif ch == "s":
            bits |= REGEX_DOTALL
        elif ch == "m":
            bits |= REGEX_MLINE
        elif ch == "x":
            bits |= REGEX_WSPACE
        elif ch == "q":
            bits |= REGEX_QUOTE
        else:
            raise PgError(SYNTAX_ERROR, "invalid input syntax for type jsonpath",
                          detail=f'Unrecognized flag character "{ch}" in LIKE_REGEX predicate.')
    compile_like_regex(pattern, bits)
    return Item("like_regex", arg=expr, pattern=pattern, flags=bits)


def compile_like_regex(pattern: str, bits: int):
    """jspConvertRegexFlags() + RE_compile_and_cache(): XQuery flags onto
    PostgreSQL's ARE options (default: '.' stops at newline)."""
    from pgref.types.funcs.regex_funcs import _Flags, get_re
    f = _Flags()
    f.icase = bool(bits & REGEX_ICASE)
    if bits & REGEX_QUOTE:
        f.literal = True
    else:
        f.newline_dot = not bits & REGEX_DOTALL
        f.newline_anchor = bool(bits & REGEX_MLINE)
        if bits & REGEX_WSPACE:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          'XQuery "x" flag (expanded regular expressions) is not implemented')
    return get_re(pattern, f)


def _check(item: Item | None, nesting: int, in_subscript: bool) -> None:
    """flattenJsonPathParseItem()'s checks: @ needs a filter, last a subscript."""
    while item is not None:
        k = item.kind
        if k == "current" and nesting <= 0:
            raise PgError(SYNTAX_ERROR, "@ is not allowed in root expressions")
        if k == "last" and not in_subscript:
            raise PgError(SYNTAX_ERROR, "LAST is allowed only in array subscripts")
        if item.left is not None:
            _check(item.left, nesting, in_subscript)
        if item.right is not None:
            _check(item.right, nesting, in_subscript)
        if item.arg is not None:
            _check(item.arg, nesting + (1 if k == "filter" else 0), in_subscript)
        for frm, to in item.elems or ():
            _check(frm, nesting, True)
            if to is not None:
                _check(to, nesting, True)
        item = item.next


def parse_jsonpath(text: str) -> JsonPath:
    """jsonPathFromCstring(): text -> JsonPath, raising PostgreSQL's errors."""
    result = _Parser(text).parse()
    if result is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type jsonpath: "{text}"')
    result.expr = _undelimit(result.expr)
    _check(result.expr, 0, False)
    return result


# ================================================================= printer

def _priority(kind: str) -> int:
    if kind == "or":
        return 0
    if kind == "and":
        return 1
    if kind in ("eq", "ne", "lt", "gt", "le", "ge", "starts_with"):
        return 2
    if kind in ("add", "sub"):
        return 3
    if kind in ("mul", "div", "mod"):
        return 4
    if kind in ("plus", "minus"):
        return 5
    return 6


_BINARY = frozenset({"and", "or", "eq", "ne", "lt", "gt", "le", "ge", "add", "sub", "mul",
                     "div", "mod", "starts_with"})


def _print(out: list[str], v: Item, in_key: bool, brackets: bool) -> None:
    """printJsonPathItem()."""
    from pgref.types.funcs.json_funcs import escape_json
    from pgref.types.io.numeric import numeric_out_text
    k = v.kind
    if k == "null":
        out.append("null")
    elif k == "string":
        out.append(escape_json(v.value))
    elif k == "numeric":
        if v.next is not None:
            out.append("(")
        out.append(numeric_out_text(v.value))
        if v.next is not None:
            out.append(")")
    elif k == "bool":
        out.append("true" if v.value else "false")
    elif k in _BINARY:
        if brackets:
            out.append("(")
        _print(out, v.left, False, _priority(v.left.kind) <= _priority(k))
        out.append(" " + OPERATION_NAME[k] + " ")
        _print(out, v.right, False, _priority(v.right.kind) <= _priority(k))
        if brackets:
            out.append(")")
    elif k == "not":
        out.append("!(")
        _print(out, v.arg, False, False)
        out.append(")")
    elif k == "is_unknown":
        out.append("(")
        _print(out, v.arg, False, False)
        out.append(") is unknown")
    elif k in ("plus", "minus"):
        if brackets:
            out.append("(")
        out.append("+" if k == "plus" else "-")
        _print(out, v.arg, False, _priority(v.arg.kind) <= _priority(k))
        if brackets:
            out.append(")")
    elif k == "any_array":
        out.append("[*]")
    elif k == "any_key":
        if in_key:
            out.append(".")
        out.append("*")
    elif k == "index_array":
        out.append("[")
        for i, (frm, to) in enumerate(v.elems):
            if i:
                out.append(",")
            _print(out, frm, False, False)
            if to is not None:
                out.append(" to ")
                _print(out, to, False, False)
        out.append("]")
    elif k == "any":
        if in_key:
            out.append(".")
        f, la = v.first, v.last
        if f == 0 and la == ANY_LAST:
            out.append("**")
        elif f == la:
            out.append("**{last}" if f == ANY_LAST else "**{%d}" % f)
        elif f == ANY_LAST:
            out.append("**{last to %d}" % la)
        elif la == ANY_LAST:
            out.append("**{%d to last}" % f)
        else:
            out.append("**{%d to %d}" % (f, la))
    elif k == "key":
        if in_key:
            out.append(".")
        out.append(escape_json(v.value))
    elif k == "current":
        out.append("@")
    elif k == "root":
        out.append("$")
    elif k == "var":
        out.append("$" + escape_json(v.value))
    elif k == "filter":
        out.append("?(")
        _print(out, v.arg, False, False)
        out.append(")")
    elif k == "exists":
        out.append("exists (")
        _print(out, v.arg, False, False)
        out.append(")")
    elif k in METHODS:
        out.append(f".{k}()")
    elif k == "datetime":
        out.append(".datetime(")
        if v.arg is not None:
            _print(out, v.arg, False, False)
        out.append(")")
    elif k == "last":
        out.append("last")
    elif k == "like_regex":
        if brackets:
            out.append("(")
        _print(out, v.arg, False, _priority(v.arg.kind) <= _priority(k))
        out.append(" like_regex ")
        out.append(escape_json(v.pattern))
        if v.flags:
            out.append(' flag "')
            for bit, ch in ((REGEX_ICASE, "i"), (REGEX_DOTALL, "s"), (REGEX_MLINE, "m"),
                            (REGEX_WSPACE, "x"), (REGEX_QUOTE, "q")):
                if v.flags & bit:
                    out.append(ch)
            out.append('"')
        if brackets:
            out.append(")")
    else:
        raise PgError("XX000", f"unrecognized jsonpath item type: {k}")
    if v.next is not None:
        _print(out, v.next, True, True)


def to_text(jp: JsonPath) -> str:
    """jsonPathToCstring()."""
    out: list[str] = [] if jp.lax else ["strict "]
    _print(out, jp.expr, False, True)
    return "".join(out)


# ================================================================= fmgr

@builtin("jsonpath_in", ctx=True)
def jsonpath_in(ctx: Any, text: str, typioparam: int = 4072, typmod: int = -1) -> JsonPath:
    return parse_jsonpath(text)


@builtin("jsonpath_out", ctx=True)
def jsonpath_out(ctx: Any, value: JsonPath) -> str:
    return to_text(value)


@builtin("jsonpath_recv", ctx=True)
def jsonpath_recv(ctx: Any, data: bytes, typioparam: int = 4072, typmod: int = -1) -> JsonPath:
    if not data or data[0] != 1:
        raise PgError("XX000", f"unsupported jsonpath version number: {data[0] if data else 0}")
    from pgref.types.io.common import decode_utf8
    return parse_jsonpath(decode_utf8(data[1:]))


@builtin("jsonpath_send", ctx=True)
def jsonpath_send(ctx: Any, value: JsonPath) -> bytes:
    return b"\x01" + to_text(value).encode("utf-8")

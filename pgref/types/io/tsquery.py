"""tsquery: a boolean/phrase query over lexemes (PostgreSQL's tsquery.c,
tsquery_cleanup.c, tsquery_util.c).

Where it sits: ``types/io/`` (spec/14-tsearch.md, "tsquery").  A tsquery
datum is a :class:`TSQuery` holding the root of an expression tree, or None
for the empty query (which prints as the empty string):

    QOperand(word, weight, prefix)   'word':*AB   weight is a bit mask,
                                     A = 8, B = 4, C = 2, D = 1; 0 = any
    QOperator(OP_NOT, (arg,))        !arg
    QOperator(OP_AND/OP_OR, (left, right))
    QOperator(OP_PHRASE, (left, right), distance)   left <N> right

PostgreSQL stores the tree flattened in prefix ("polish") order -- each
operator followed by its right operand, then its left -- and several
behaviours follow that order: numnode(), the binary format, and the btree
ordering (CompareTSQ: number of nodes, then the value's size, then the trees
node by node, right child first, operands by their legacy CRC32 -- a signed
int -- then by bytes).  :meth:`TSQuery.items` yields that order.

Input (tsqueryin, :func:`parse_tsquery`) is PostgreSQL's makepol(): a
shift-reduce over ``! & | <-> <N> ( )`` with priorities ! 4, <-> 3, & 2,
| 1 (``!`` right-associative); operands are read by the tsvector scanner
(:func:`pgref.types.io.tsvector.gettoken_tsvector`) and may carry ``:*``
and weight letters.  A *pushval* callback may replace each operand by a
sub-expression or by a stop-word placeholder -- that is how to_tsquery()
runs operands through a text search configuration -- and placeholders are
then removed with phrase-distance fix-ups (clean_stopwords_intree,
:func:`clean_stopwords`).  Output (:func:`tsquery_to_text`) parenthesizes
by priority exactly as PostgreSQL's infix().

Entry points: TSQuery, QOperand, QOperator, OP_* codes, parse_tsquery(),
QueryBuilder, clean_stopwords(), tsquery_to_text(), tsquery_compare(),
legacy_crc32(), and the fmgr builtins tsqueryin/out/recv/send and the
comparison functions tsquery_lt ... tsquery_cmp.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Union

from pgref.errors import (INVALID_BINARY_REPRESENTATION, INVALID_PARAMETER_VALUE,
                          PROGRAM_LIMIT_EXCEEDED, SYNTAX_ERROR, PgError)
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader
from pgref.types.io.tsvector import (MAXENTRYPOS, MAXSTRLEN, MAXSTRPOS, gettoken_tsvector,
                                     t_isdigit, t_isspace)

QI_VAL, QI_OPR, QI_VALSTOP = 1, 2, 3
OP_NOT, OP_AND, OP_OR, OP_PHRASE = 1, 2, 3, 4
OP_PRIORITY = {OP_NOT: 4, OP_AND: 2, OP_OR: 1, OP_PHRASE: 3}


@dataclass(frozen=True, slots=True)
class QOperand:
    word: str
    weight: int = 0          # bit mask: A 8, B 4, C 2, D 1
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class QOperator:
    oper: int
    args: tuple              # (arg,) for OP_NOT, else (left, right)
    distance: int = 0        # OP_PHRASE only

    @property
    def left(self) -> "Node":
        return self.args[0]

    @property
    def right(self) -> "Node":
        return self.args[-1]


@dataclass(frozen=True, slots=True)
class QStop:
    """A stop-word placeholder (QI_VALSTOP); never left in a finished query."""


Node = Union[QOperand, QOperator]


def polish(node: Node) -> Iterator[Node]:
    """The nodes in PostgreSQL's storage order: operator, right, left."""
    yield node
    if isinstance(node, QOperator):
        yield from polish(node.right)
        if node.oper != OP_NOT:
            yield from polish(node.left)


class TSQuery:
    """A tsquery value; ``root`` is None for the empty query."""
    __slots__ = ("root",)

    def __init__(self, root: Node | None):
        self.root = root

    def items(self) -> list[Node]:
        return list(polish(self.root)) if self.root is not None else []

    def size(self) -> int:
        return len(self.items())

    def varsize(self) -> int:
        """VARSIZE: 8-byte header, 12 bytes per item, then each operand's
        string NUL-terminated."""
        items = self.items()
        sumlen = sum(len(i.word.encode("utf-8")) + 1 for i in items if isinstance(i, QOperand))
        return 8 + 12 * len(items) + sumlen

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TSQuery) and tsquery_compare(self, other) == 0

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(("tsquery", self.root))

    def __lt__(self, other: "TSQuery") -> bool:
        return tsquery_compare(self, other) < 0

    def __le__(self, other: "TSQuery") -> bool:
        return tsquery_compare(self, other) <= 0

    def __gt__(self, other: "TSQuery") -> bool:
        return tsquery_compare(self, other) > 0

    def __ge__(self, other: "TSQuery") -> bool:
        return tsquery_compare(self, other) >= 0

    def __repr__(self) -> str:
        return f"TSQuery({tsquery_to_text(self)!r})"


EMPTY_TSQUERY = TSQuery(None)


# ------------------------------------------------------------------ legacy CRC32

def _make_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else (c >> 1)
        table.append(c)
    return table


_CRC_TABLE = _make_table()


def legacy_crc32(data: bytes) -> int:
    """PostgreSQL's LEGACY_CRC32 (the reflected table driven MSB-first), as
    the signed int32 a QueryOperand's valcrc holds."""
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC_TABLE[((crc >> 24) ^ b) & 0xFF] ^ ((crc << 8) & 0xFFFFFFFF)
    crc ^= 0xFFFFFFFF
    return crc - (1 << 32) if crc & 0x80000000 else crc


# ------------------------------------------------------------------ parsing

PT_END, PT_ERR, PT_VAL, PT_OPR, PT_OPEN, PT_CLOSE = range(6)
WAITOPERAND, WAITOPERATOR, WAITFIRSTOPERAND, WAITSINGLEOPERAND = 1, 2, 3, 4


class QueryBuilder:
    """The parser state a pushval callback writes to (TSQueryParserState's
    polstr): operands, operators and stop placeholders in reverse postfix
    order, as pushValue/pushOperator/pushStop build it."""

    def __init__(self, text: str):
        self.text = text
        self.polstr: list[Any] = []        # appended; reversed at the end
        self.sumlen = 0

    def push_value(self, word: str, weight: int = 0, prefix: bool = False) -> None:
        blen = len(word.encode("utf-8"))
        if blen >= MAXSTRLEN:
            raise PgError(PROGRAM_LIMIT_EXCEEDED, f'word is too long in tsquery: "{self.text}"')
        if self.sumlen >= MAXSTRPOS:
            raise PgError(PROGRAM_LIMIT_EXCEEDED, f'value is too big in tsquery: "{self.text}"')
        self.polstr.append(QOperand(word, weight, prefix))
        self.sumlen += blen + 1

    def push_operator(self, oper: int, distance: int = 0) -> None:
        self.polstr.append(("op", oper, distance if oper == OP_PHRASE else 0))

    def push_stop(self) -> None:
        self.polstr.append(QStop())


PushVal = Callable[[QueryBuilder, str, int, bool], None]


def _pushval_asis(b: QueryBuilder, word: str, weight: int, prefix: bool) -> None:
    b.push_value(word, weight, prefix)


def _syntax(text: str) -> PgError:
    return PgError(SYNTAX_ERROR, f'syntax error in tsquery: "{text}"')


def get_modifiers(text: str, i: int) -> tuple[int, int, bool]:
    """get_modifiers(): after ``:``, weight letters and ``*``."""
    weight, prefix = 0, False
    if i >= len(text) or text[i] != ":":
        return i, weight, prefix
    i += 1
    while i < len(text):
        c = text[i]
        if c in "aA":
            weight |= 8
        elif c in "bB":
            weight |= 4
        elif c in "cC":
            weight |= 2
        elif c in "dD":
            weight |= 1
        elif c == "*":
            prefix = True
        else:
            break
        i += 1
    return i, weight, prefix


def parse_phrase_operator(text: str, i: int) -> tuple[int, int]:
    """parse_phrase_operator(): ``<->`` or ``<N>`` at text[i]; returns
    (end, distance) or (i, -1) when malformed."""
    n = len(text)
    p = i + 1
    if p >= n:
        return i, -1
    if text[p] == "-":
        dist, p = 1, p + 1
    elif t_isdigit(text[p]):
        q = p
        while q < n and t_isdigit(text[q]):
            q += 1
        dist = int(text[p:q])
        if dist > MAXENTRYPOS:
            raise PgError(INVALID_PARAMETER_VALUE,
                          "distance in phrase operator must be an integer value between zero "
                          f"and {MAXENTRYPOS} inclusive")
        p = q
    else:
        return i, -1
    if p >= n or text[p] != ">":
        return i, -1
    p += 1
    if p >= n:              # PostgreSQL's loop stops at the terminator first
        return i, -1
    return p, dist


class _Scanner:
    def __init__(self, text: str, plain: bool):
        self.text = text
        self.i = 0
        self.state = WAITSINGLEOPERAND if plain else WAITFIRSTOPERAND
        self.count = 0

    def gettoken(self):
        """gettoken_query_standard(): returns (type, operator/distance,
        word, weight, prefix)."""
        text, n = self.text, len(self.text)
        while True:
            c = text[self.i] if self.i < n else "\0"
            if self.state in (WAITFIRSTOPERAND, WAITOPERAND):
                if c == "!":
                    self.i += 1
                    self.state = WAITOPERAND
                    return PT_OPR, (OP_NOT, 0), None, 0, False
                if c == "(":
                    self.count += 1
                    self.i += 1
                    self.state = WAITOPERAND
                    return PT_OPEN, None, None, 0, False
                if c == ":":
                    raise _syntax(text)
                if not t_isspace(c):
                    tok = gettoken_tsvector(text, self.i, oprisdelim=True, is_tsquery=True)
                    if tok is not None:
                        word, _pos, end = tok
                        self.i, weight, prefix = get_modifiers(text, end)
                        self.state = WAITOPERATOR
                        return PT_VAL, None, word, weight, prefix
                    if self.state == WAITFIRSTOPERAND:
                        return PT_END, None, None, 0, False
                    raise PgError(SYNTAX_ERROR, f'no operand in tsquery: "{text}"')
            elif self.state == WAITOPERATOR:
                if c == "&":
                    self.state = WAITOPERAND
                    self.i += 1
                    return PT_OPR, (OP_AND, 0), None, 0, False
                if c == "|":
                    self.state = WAITOPERAND
                    self.i += 1
                    return PT_OPR, (OP_OR, 0), None, 0, False
                if c == "<":
                    self.state = WAITOPERAND
                    self.i, dist = parse_phrase_operator(text, self.i)
                    if dist < 0:
                        return PT_ERR, None, None, 0, False
                    return PT_OPR, (OP_PHRASE, dist), None, 0, False
                if c == ")":
                    self.i += 1
                    self.count -= 1
                    return (PT_ERR if self.count < 0 else PT_CLOSE), None, None, 0, False
                if c == "\0":
                    return (PT_ERR if self.count else PT_END), None, None, 0, False
                if not t_isspace(c):
                    return PT_ERR, None, None, 0, False
            elif self.state == WAITSINGLEOPERAND:
                if c == "\0":
                    return PT_END, None, None, 0, False
                word = text[self.i:]
                self.i = n
                self.count += 1
                return PT_VAL, None, word, 0, False
            else:
                return PT_ERR, None, None, 0, False
            self.i += 1


def parse_or_operator(text: str, i: int) -> bool:
    """parse_or_operator(): an ``or`` (any case) that is a whole word and
    has some operand after it."""
    if text[i:i + 2].lower() != "or":
        return False
    p = i + 2
    if p >= len(text):
        return False
    c = text[p]
    if c in "-_" or c.isalnum():
        return False
    while True:
        p += 1
        if p >= len(text):
            return False
        if not t_isspace(text[p]):
            return True


class WebScanner:
    """gettoken_query_websearch(): free text where ``-word`` negates,
    ``or`` is OR, ``"quoted text"`` is one operand (which the
    configuration turns into a phrase), other operator characters are
    ignored, and juxtaposition is AND."""

    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.state = WAITFIRSTOPERAND
        self.count = 0
        self.builder: QueryBuilder | None = None

    def gettoken(self):
        text, n = self.text, len(self.text)
        while True:
            c = text[self.i] if self.i < n else "\0"
            if self.state in (WAITFIRSTOPERAND, WAITOPERAND):
                if c == "-":
                    self.i += 1
                    self.state = WAITOPERAND
                    return PT_OPR, (OP_NOT, 0), None, 0, False
                if c == '"':
                    # everything up to the closing quote is one operand
                    start = self.i + 1
                    end = text.find('"', start)
                    if end < 0:
                        end = n
                    self.i = min(end + 1, n)
                    self.state = WAITOPERATOR
                    self.count += 1
                    return PT_VAL, None, text[start:end], 0, False
                if c in "!&|()<":
                    self.i += 1
                    self.state = WAITOPERAND
                    continue
                if not t_isspace(c):
                    tok = gettoken_tsvector(text, self.i, oprisdelim=True, is_tsquery=True,
                                            is_web=True)
                    if tok is not None:
                        self.i = tok[2]
                        self.state = WAITOPERATOR
                        return PT_VAL, None, tok[0], 0, False
                    if self.state == WAITFIRSTOPERAND:
                        return PT_END, None, None, 0, False
                    assert self.builder is not None
                    self.builder.push_stop()        # an operator still needs an operand
                    return PT_END, None, None, 0, False
            elif self.state == WAITOPERATOR:
                if c == "\0":
                    return PT_END, None, None, 0, False
                if c == '"':
                    self.state = WAITOPERAND      # implicit AND; the quote is read next
                    return PT_OPR, (OP_AND, 0), None, 0, False
                if parse_or_operator(text, self.i):
                    self.i += 2
                    self.state = WAITOPERAND
                    return PT_OPR, (OP_OR, 0), None, 0, False
                if c in "!&|()<:":
                    self.i += 1                     # other operators are ignored here too
                    continue
                if not t_isspace(c):
                    self.state = WAITOPERAND
                    return PT_OPR, (OP_AND, 0), None, 0, False
            self.i += 1


def _clean_op_stack(b: QueryBuilder, stack: list[tuple[int, int]], op: int) -> None:
    prio = OP_PRIORITY[op]
    while stack:
        top = stack[-1][0]
        # NOT is right-associative unlike the others
        if (op != OP_NOT and prio > OP_PRIORITY[top]) or (op == OP_NOT and prio >= OP_PRIORITY[top]):
            break
        o, d = stack.pop()
        b.push_operator(o, d)


def _makepol(sc: Any, b: QueryBuilder, pushval: PushVal, depth: int = 0) -> None:
    stack: list[tuple[int, int]] = []
    while True:
        typ, opr, word, weight, prefix = sc.gettoken()
        if typ == PT_END:
            break
        if typ == PT_VAL:
            pushval(b, word, weight, prefix)
        elif typ == PT_OPR:
            _clean_op_stack(b, stack, opr[0])
            stack.append(opr)
        elif typ == PT_OPEN:
            _makepol(sc, b, pushval, depth + 1)
        elif typ == PT_CLOSE:
            _clean_op_stack(b, stack, OP_OR)
            return
        else:
            raise _syntax(b.text)
    _clean_op_stack(b, stack, OP_OR)


def _tree_from_polish(items: list[Any], text: str) -> tuple[Any, bool]:
    """findoprnd() + QT2QTN: rebuild the tree from prefix order.  Returns
    (root, has_stopwords)."""
    pos = 0
    stops = False

    def walk() -> Any:
        nonlocal pos, stops
        if pos >= len(items):
            raise PgError("XX000", "malformed tsquery: operand not found")
        it = items[pos]
        pos += 1
        if isinstance(it, QOperand):
            return it
        if isinstance(it, QStop):
            stops = True
            return it
        _tag, oper, dist = it
        if oper == OP_NOT:
            return QOperator(OP_NOT, (walk(),))
        right = walk()
        left = walk()
        return QOperator(oper, (left, right), dist)

    root = walk()
    if pos != len(items):
        raise PgError("XX000", "malformed tsquery: extra nodes")
    return root, stops


def clean_stopwords(node: Any) -> tuple[Node | None, int, int]:
    """clean_stopwords_intree(): drop QStop placeholders; returns (node or
    None, ladd, radd) -- the phrase distance still to add on the left and
    right of this subtree, so that 'b <-> a <-> c' with stop word a becomes
    'b <2> c'."""
    if isinstance(node, QOperand):
        return node, 0, 0
    if isinstance(node, QStop):
        return None, 0, 0
    if node.oper == OP_NOT:
        child, ladd, radd = clean_stopwords(node.args[0])
        if child is None:
            return None, ladd, radd
        return QOperator(OP_NOT, (child,)), ladd, radd
    left, lladd, lradd = clean_stopwords(node.left)
    right, rladd, rradd = clean_stopwords(node.right)
    isphrase = node.oper == OP_PHRASE
    nd = node.distance if isphrase else 0
    if left is None and right is None:
        if isphrase:
            s = lladd + nd + rladd
            return None, s, s
        m = max(lladd, rladd)
        return None, m, m
    if left is None:
        if isphrase:
            return right, lladd + nd + rladd, rradd
        return right, rladd, rradd
    if right is None:
        if isphrase:
            return left, lladd, lradd + nd + rradd
        return left, lladd, lradd
    if isphrase:
        return QOperator(OP_PHRASE, (left, right), nd + lradd + rladd), lladd, rradd
    return QOperator(node.oper, (left, right), 0), 0, 0


def parse_tsquery(text: str, pushval: PushVal | None = None, *, plain: bool = False,
                  scanner: Any = None, noisy: bool = True, notices: list[str] | None = None,
                  ) -> TSQuery:
    """parse_tsquery(): the text (or, with ``plain``, the whole string as
    one operand) through pushval into a query.  NOTICE texts are appended
    to ``notices`` (PostgreSQL reports them with ereport(NOTICE))."""
    b = QueryBuilder(text)
    sc = scanner if scanner is not None else _Scanner(text, plain)
    if isinstance(sc, WebScanner):
        sc.builder = b
    _makepol(sc, b, pushval or _pushval_asis)
    if not b.polstr:
        if notices is not None:
            notices.append(f'text-search query doesn\'t contain lexemes: "{text}"')
        return EMPTY_TSQUERY
    items = list(reversed(b.polstr))
    root, stops = _tree_from_polish(items, text)
    if stops:
        root, _l, _r = clean_stopwords(root)
        if root is None:
            if noisy and notices is not None:
                notices.append("text-search query contains only stop words or doesn't "
                               "contain lexemes, ignored")
            return EMPTY_TSQUERY
    return TSQuery(root)


# ------------------------------------------------------------------ output

def _quote_operand(op: QOperand) -> str:
    s = "'" + op.word.replace("'", "''").replace("\\", "\\\\") + "'"
    if op.weight or op.prefix:
        s += ":"
        if op.prefix:
            s += "*"
        for bit, letter in ((8, "A"), (4, "B"), (2, "C"), (1, "D")):
            if op.weight & bit:
                s += letter
    return s


def _infix(node: Node, parent_priority: int, right_phrase_op: bool) -> str:
    if isinstance(node, QOperand):
        return _quote_operand(node)
    prio = OP_PRIORITY[node.oper]
    if node.oper == OP_NOT:
        s = "!" + _infix(node.args[0], prio, False)
        return f"( {s} )" if prio < parent_priority else s
    need = prio < parent_priority or (node.oper == OP_PHRASE and right_phrase_op)
    right = _infix(node.right, prio, node.oper == OP_PHRASE)
    left = _infix(node.left, prio, False)
    if node.oper == OP_OR:
        s = f"{left} | {right}"
    elif node.oper == OP_AND:
        s = f"{left} & {right}"
    else:
        s = f"{left} <-> {right}" if node.distance == 1 else f"{left} <{node.distance}> {right}"
    return f"( {s} )" if need else s


def tsquery_to_text(q: TSQuery) -> str:
    """tsqueryout()."""
    if q.root is None:
        return ""
    return _infix(q.root, -1, False)


# ------------------------------------------------------------------ ordering

def node_compare(a: Node, b: Node) -> int:
    """QTNodeCompare()."""
    ta = QI_OPR if isinstance(a, QOperator) else QI_VAL
    tb = QI_OPR if isinstance(b, QOperator) else QI_VAL
    if ta != tb:
        return -1 if ta > tb else 1
    if isinstance(a, QOperator):
        assert isinstance(b, QOperator)
        if a.oper != b.oper:
            return -1 if a.oper > b.oper else 1
        if len(a.args) != len(b.args):
            return -1 if len(a.args) > len(b.args) else 1
        for x, y in zip(reversed(a.args), reversed(b.args)):   # child[0] is the right operand
            r = node_compare(x, y)
            if r:
                return r
        if a.oper == OP_PHRASE and a.distance != b.distance:
            return -1 if a.distance > b.distance else 1
        return 0
    assert isinstance(a, QOperand) and isinstance(b, QOperand)
    ba, bb = a.word.encode("utf-8"), b.word.encode("utf-8")
    ca, cb = legacy_crc32(ba), legacy_crc32(bb)
    if ca != cb:
        return -1 if ca > cb else 1
    return -1 if ba < bb else (1 if ba > bb else 0)


def tsquery_compare(a: TSQuery, b: TSQuery) -> int:
    """CompareTSQ()."""
    na, nb = a.size(), b.size()
    if na != nb:
        return -1 if na < nb else 1
    sa, sb = a.varsize(), b.varsize()
    if sa != sb:
        return -1 if sa < sb else 1
    if a.root is not None and b.root is not None:
        return node_compare(a.root, b.root)
    return 0


# ------------------------------------------------------------------ fmgr builtins

def _notice(ctx: Any, message: str, detail: str | None = None) -> None:
    session = getattr(ctx, "session", None)
    notices = getattr(session, "notices", None)
    if notices is not None:
        notices.append(PgError("00000", message, detail=detail, severity="NOTICE"))


def emit_notices(ctx: Any, messages: list) -> None:
    """Report collected NOTICEs: each a message or a (message, detail) pair."""
    for m in messages:
        if isinstance(m, tuple):
            _notice(ctx, m[0], m[1])
        else:
            _notice(ctx, m)


@builtin("tsqueryin", ctx=True)
def tsqueryin(ctx: Any, text: str, typioparam: int = 3615, typmod: int = -1) -> TSQuery:
    notices: list[str] = []
    q = parse_tsquery(text, notices=notices)
    emit_notices(ctx, notices)
    return q


@builtin("tsqueryout", ctx=True)
def tsqueryout(ctx: Any, value: TSQuery) -> str:
    return tsquery_to_text(value)


@builtin("tsquerysend", ctx=True)
def tsquerysend(ctx: Any, value: TSQuery) -> bytes:
    items = value.items()
    out = bytearray(struct.pack("!i", len(items)))
    for it in items:
        if isinstance(it, QOperand):
            out += struct.pack("!bbb", QI_VAL, it.weight, 1 if it.prefix else 0)
            out += it.word.encode("utf-8") + b"\0"
        else:
            out += struct.pack("!bb", QI_OPR, it.oper)
            if it.oper == OP_PHRASE:
                out += struct.pack("!h", it.distance)
    return bytes(out)


@builtin("tsqueryrecv", ctx=True)
def tsqueryrecv(ctx: Any, data: bytes, typioparam: int = 3615, typmod: int = -1) -> TSQuery:
    r = Reader(data)
    (size,) = struct.unpack("!i", r.take(4))
    if size < 0 or size > (1 << 28):
        raise PgError(INVALID_BINARY_REPRESENTATION, "invalid size of tsquery")
    items: list[Any] = []
    for _ in range(size):
        typ = r.int8()
        if typ == QI_VAL:
            weight = r.int8()
            prefix = r.int8()
            if weight < 0 or weight > 0xF:
                raise PgError(INVALID_BINARY_REPRESENTATION, "invalid tsquery: invalid weight bitmap")
            end = data.find(b"\0", r.pos)
            if end < 0:
                raise PgError(INVALID_BINARY_REPRESENTATION, "invalid tsquery: operand not terminated")
            raw = data[r.pos:end]
            r.take(end - r.pos + 1)
            if len(raw) >= MAXSTRLEN:
                raise PgError(INVALID_BINARY_REPRESENTATION, "invalid tsquery: operand too long")
            items.append(QOperand(raw.decode("utf-8"), weight, bool(prefix)))
        elif typ == QI_OPR:
            oper = r.int8()
            if oper not in (OP_NOT, OP_AND, OP_OR, OP_PHRASE):
                raise PgError(INVALID_BINARY_REPRESENTATION, f"unrecognized operator type in tsquery: {oper}")
            dist = struct.unpack("!h", r.take(2))[0] if oper == OP_PHRASE else 0
            items.append(("op", oper, dist))
        else:
            raise PgError(INVALID_BINARY_REPRESENTATION, f"unrecognized tsquery node type: {typ}")
    r.end()
    if not items:
        return EMPTY_TSQUERY
    root, _stops = _tree_from_polish(items, "")
    return TSQuery(root)


@builtin("tsquery_cmp")
def tsquery_cmp(a: TSQuery, b: TSQuery) -> int:
    return tsquery_compare(a, b)


@builtin("tsquery_lt")
def tsquery_lt(a: TSQuery, b: TSQuery) -> bool:
    return tsquery_compare(a, b) < 0


@builtin("tsquery_le")
def tsquery_le(a: TSQuery, b: TSQuery) -> bool:
    return tsquery_compare(a, b) <= 0


@builtin("tsquery_eq")
def tsquery_eq(a: TSQuery, b: TSQuery) -> bool:
    return tsquery_compare(a, b) == 0


@builtin("tsquery_ne")
def tsquery_ne(a: TSQuery, b: TSQuery) -> bool:
    return tsquery_compare(a, b) != 0


@builtin("tsquery_ge")
def tsquery_ge(a: TSQuery, b: TSQuery) -> bool:
    return tsquery_compare(a, b) >= 0


@builtin("tsquery_gt")
def tsquery_gt(a: TSQuery, b: TSQuery) -> bool:
    return tsquery_compare(a, b) > 0


# ------------------------------------------------------------------ on-disk form

def tsquery_encode(q: TSQuery) -> bytes:
    """PostgreSQL's TSQueryData after the varlena header (little-endian):
    int32 size; size 12-byte QueryItems in prefix order -- an operand is
    int8 type 1, uint8 weight, bool prefix, pad, int32 valcrc, uint32
    (length | offset << 12); an operator is int8 type 2, int8 oper, int16
    distance, uint32 left -- then the operand strings, NUL-terminated."""
    items = q.items()
    sizes = [0] * len(items)
    for i in range(len(items) - 1, -1, -1):
        it = items[i]
        if isinstance(it, QOperator):
            r = sizes[i + 1]
            sizes[i] = 1 + r + (0 if it.oper == OP_NOT else sizes[i + 1 + r])
        else:
            sizes[i] = 1
    out = bytearray(struct.pack("<i", len(items)))
    ops = bytearray()
    for i, it in enumerate(items):
        if isinstance(it, QOperand):
            w = it.word.encode("utf-8")
            out += struct.pack("<BBBxiI", QI_VAL, it.weight, 1 if it.prefix else 0,
                               legacy_crc32(w), len(w) | (len(ops) << 12))
            ops += w + b"\0"
        else:
            left = 1 if it.oper == OP_NOT else 1 + sizes[i + 1]
            out += struct.pack("<BbhI4x", QI_OPR, it.oper, it.distance, left)
    return bytes(out + ops)


def tsquery_decode(b: bytes) -> TSQuery:
    (size,) = struct.unpack_from("<i", b, 0)
    if size == 0:
        return EMPTY_TSQUERY
    base = 4 + 12 * size
    items: list[Any] = []
    for i in range(size):
        off = 4 + 12 * i
        typ = b[off]
        if typ == QI_VAL:
            weight, prefix = b[off + 1], b[off + 2]
            (lendist,) = struct.unpack_from("<I", b, off + 8)
            length, dist = lendist & 0xFFF, lendist >> 12
            word = bytes(b[base + dist:base + dist + length]).decode("utf-8")
            items.append(QOperand(word, weight, bool(prefix)))
        else:
            oper, distance = struct.unpack_from("<bh", b, off + 1)
            items.append(("op", oper, distance))
    root, _stops = _tree_from_polish(items, "")
    return TSQuery(root)

"""ts_rewrite and ts_stat (PostgreSQL's tsquery_rewrite.c, tsquery_util.c,
tsvector_op.c ts_stat*).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Functions").  ts_rewrite
works on PostgreSQL's QTNode form of a query (:class:`QTN`): AND and OR
chains are flattened into n-ary nodes (QTNTernary) and every node's
children sorted by QTNodeCompare (QTNSort), so that the pattern ``b & c``
is found inside ``a & c & b`` as a subset of the children (findeq).  A
match is replaced by a copy of the substitute, marked so it is not searched
again; an operator left with no children disappears, one left with one
child is replaced by it (dofindsubquery).  The result is made binary again
(QTNBinary: the first two children pair up, repeatedly).

The query forms (``ts_rewrite(q, 'SELECT ex, subs FROM ...')`` and
``ts_stat('SELECT v FROM ...')``) run their SQL inside the current
statement, as PostgreSQL does through SPI (:func:`run_query`).

Entry points: rewrite(query, ex, subs) -> TSQuery, ts_stat rows.
"""
from __future__ import annotations

from typing import Any

from pgref.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.record import TypedRecord
from pgref.types.io.tsquery import (EMPTY_TSQUERY, OP_AND, OP_NOT, OP_OR, OP_PHRASE, QI_OPR,
                                    QI_VAL, QOperand, QOperator, TSQuery, legacy_crc32)
from pgref.types.io.tsvector import TSVector, wep_weight

TSQUERYOID, TSVECTOROID = 3615, 3614


class QTN:
    """QTNode: an operand, or an operator with a list of children where
    children[0] is the right operand of a binary operator (QT2QTN)."""
    __slots__ = ("operand", "oper", "distance", "children", "nochange")

    def __init__(self, operand: QOperand | None = None, oper: int = 0, distance: int = 0,
                 children: list["QTN"] | None = None):
        self.operand = operand
        self.oper = oper
        self.distance = distance
        self.children = children if children is not None else []
        self.nochange = False

    @property
    def type(self) -> int:
        return QI_VAL if self.operand is not None else QI_OPR

    def copy(self) -> "QTN":
        n = QTN(self.operand, self.oper, self.distance, [c.copy() for c in self.children])
        n.nochange = self.nochange
        return n


def to_qtn(node: Any) -> QTN:
    if isinstance(node, QOperand):
        return QTN(node)
    if node.oper == OP_NOT:
        return QTN(None, OP_NOT, 0, [to_qtn(node.args[0])])
    return QTN(None, node.oper, node.distance, [to_qtn(node.right), to_qtn(node.left)])


def from_qtn(n: QTN) -> Any:
    if n.operand is not None:
        return n.operand
    if n.oper == OP_NOT:
        return QOperator(OP_NOT, (from_qtn(n.children[0]),))
    return QOperator(n.oper, (from_qtn(n.children[1]), from_qtn(n.children[0])), n.distance)


def qtn_compare(a: QTN, b: QTN) -> int:
    """QTNodeCompare() on n-ary nodes."""
    if a.type != b.type:
        return -1 if a.type > b.type else 1
    if a.operand is None:
        if a.oper != b.oper:
            return -1 if a.oper > b.oper else 1
        if len(a.children) != len(b.children):
            return -1 if len(a.children) > len(b.children) else 1
        for x, y in zip(a.children, b.children):
            r = qtn_compare(x, y)
            if r:
                return r
        if a.oper == OP_PHRASE and a.distance != b.distance:
            return -1 if a.distance > b.distance else 1
        return 0
    wa, wb = a.operand.word.encode("utf-8"), b.operand.word.encode("utf-8")
    ca, cb = legacy_crc32(wa), legacy_crc32(wb)
    if ca != cb:
        return -1 if ca > cb else 1
    return -1 if wa < wb else (1 if wa > wb else 0)


def qtn_eq(a: QTN, b: QTN) -> bool:
    """QTNEq(): equal trees (operands also by weight and prefix)."""
    if qtn_compare(a, b) != 0:
        return False
    if a.operand is not None:
        return (a.operand.weight, a.operand.prefix) == (b.operand.weight, b.operand.prefix)
    return all(qtn_eq(x, y) for x, y in zip(a.children, b.children))


def ternary(n: QTN) -> None:
    """QTNTernary(): flatten nested AND/AND and OR/OR."""
    if n.operand is not None:
        return
    for c in n.children:
        ternary(c)
    if n.oper not in (OP_AND, OP_OR):
        return
    flat: list[QTN] = []
    for c in n.children:
        if c.operand is None and c.oper == n.oper:
            flat.extend(c.children)
        else:
            flat.append(c)
    n.children = flat


def qsort_tree(n: QTN) -> None:
    """QTNSort()."""
    if n.operand is not None:
        return
    for c in n.children:
        qsort_tree(c)
    if len(n.children) > 1 and n.oper != OP_PHRASE:
        import functools
        n.children.sort(key=functools.cmp_to_key(qtn_compare))


def binary(n: QTN) -> None:
    """QTNBinary()."""
    if n.operand is not None:
        return
    for c in n.children:
        binary(c)
    while len(n.children) > 2:
        nn = QTN(None, n.oper, 0, [n.children[0], n.children[1]])
        n.children = [nn, n.children[-1]] + n.children[2:-1]


def _findeq(node: QTN, ex: QTN, subs: QTN | None, found: list[bool]) -> QTN | None:
    if node.type != ex.type or node.nochange:
        return node
    if node.operand is None:
        if node.oper != ex.oper:
            return node
        if len(node.children) == len(ex.children):
            if qtn_eq(node, ex):
                found[0] = True
                if subs is None:
                    return None
                c = subs.copy()
                c.nochange = True
                return c
        elif len(node.children) > len(ex.children) > 0:
            matched = [False] * len(node.children)
            nmatched = i = j = 0
            while i < len(node.children) and j < len(ex.children):
                cmp = qtn_compare(node.children[i], ex.children[j])
                if cmp == 0:
                    matched[i] = True
                    nmatched += 1
                    i += 1
                    j += 1
                elif cmp < 0:
                    i += 1
                else:
                    break
            if nmatched == len(ex.children):
                kids = [c for k, c in enumerate(node.children) if not matched[k]]
                if subs is not None:
                    c = subs.copy()
                    c.nochange = True
                    kids.append(c)
                node.children = kids
                qsort_tree(node)
                found[0] = True
        return node
    if qtn_eq(node, ex):
        found[0] = True
        if subs is None:
            return None
        c = subs.copy()
        c.nochange = True
        return c
    return node


def findsubquery(root: QTN, ex: QTN, subs: QTN | None, found: list[bool]) -> QTN | None:
    """dofindsubquery()."""
    root = _findeq(root, ex, subs, found)
    if root is not None and not root.nochange and root.operand is None:
        kids = []
        for c in root.children:
            r = findsubquery(c, ex, subs, found)
            if r is not None:
                kids.append(r)
        root.children = kids
        if not kids:
            return None
        if len(kids) == 1 and root.oper != OP_NOT:
            return kids[0]
    return root


def _prepared(q: TSQuery) -> QTN:
    t = to_qtn(q.root)
    ternary(t)
    qsort_tree(t)
    return t


def _finish(tree: QTN | None) -> TSQuery:
    if tree is None:
        return EMPTY_TSQUERY
    binary(tree)
    return TSQuery(from_qtn(tree))


def rewrite(query: TSQuery, ex: TSQuery, subst: TSQuery) -> TSQuery:
    """tsquery_rewrite(): every occurrence of ex in query replaced by subst."""
    if query.root is None or ex.root is None:
        return query
    tree = _prepared(query)
    subs = to_qtn(subst.root) if subst.root is not None else None
    tree = findsubquery(tree, _prepared(ex), subs, [False])
    return _finish(tree)


def run_query(ctx: Any, sql: str) -> tuple[list[tuple], list[int]]:
    """Run a query inside the current statement (PostgreSQL's SPI): rows
    and column type OIDs."""
    session = getattr(ctx, "session", None)
    if session is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "running a query here needs a session")
    stmts = session.parse(sql)
    if len(stmts) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "the query must be a single statement")
    stmt = getattr(stmts[0], "stmt", stmts[0])
    planned = session.plan(stmt, [])
    if session.xact is not None:
        session.xact.cid += 1
    saved = session._rowcount
    try:
        res = session.run_planned(planned, values=[])
    finally:
        session._rowcount = saved
    return list(res.rows or []), [c.type_oid for c in (res.columns or [])]


@builtin("tsquery_rewrite")
def tsquery_rewrite(query: TSQuery, ex: TSQuery, subst: TSQuery) -> TSQuery:
    return rewrite(query, ex, subst)


@builtin("tsquery_rewrite_query", ctx=True)
def tsquery_rewrite_query(ctx: Any, query: TSQuery, sql: str) -> TSQuery:
    if query.root is None:
        return query
    rows, types = run_query(ctx, sql)
    if len(types) != 2 or types[0] != TSQUERYOID or types[1] != TSQUERYOID:
        raise PgError(INVALID_PARAMETER_VALUE, "ts_rewrite query must return two tsquery columns")
    tree: QTN | None = _prepared(query)
    for ex, subst in rows:
        if tree is None:
            break
        if ex is None or ex.root is None:
            continue
        subs = to_qtn(subst.root) if subst is not None and subst.root is not None else None
        tree = findsubquery(tree, _prepared(ex), subs, [False])
        if tree is not None:
            _clear_nochange(tree)
            ternary(tree)
            qsort_tree(tree)
    return _finish(tree)


def _clear_nochange(n: QTN) -> None:
    n.nochange = False
    for c in n.children:
        _clear_nochange(c)


# ------------------------------------------------------------------ ts_stat

def _stat(ctx: Any, sql: str, weights: str | None):
    mask = 0
    for ch in weights or "":
        bit = {"a": 8, "b": 4, "c": 2, "d": 1}.get(ch.lower())
        if bit is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized weight: "{ch}"')
        mask |= bit
    rows, types = run_query(ctx, sql)
    if len(types) != 1 or types[0] != TSVECTOROID:
        raise PgError(INVALID_PARAMETER_VALUE, "ts_stat query must return one tsvector column")
    stats: dict[str, list[int]] = {}
    for (v,) in rows:
        if v is None:
            continue
        assert isinstance(v, TSVector)
        for word, pos in v.entries:
            if mask:
                n = sum(1 for p in pos if mask & (1 << wep_weight(p)))
                if n == 0:
                    continue
            else:
                n = len(pos) if pos else 1
            s = stats.setdefault(word, [0, 0])
            s[0] += 1
            s[1] += n
    return iter([TypedRecord((w, s[0], s[1]), (25, 23, 23))
                 for w, s in sorted(stats.items(), key=lambda kv: kv[0].encode("utf-8"))])


@builtin("ts_stat1", ctx=True)
def ts_stat1(ctx: Any, sql: str):
    return _stat(ctx, sql, None)


@builtin("ts_stat2", ctx=True)
def ts_stat2(ctx: Any, sql: str, weights: str):
    return _stat(ctx, sql, weights)

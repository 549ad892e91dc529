"""Functions and operators on tsvector and tsquery values (PostgreSQL's
tsvector_op.c, tsquery_op.c, tsquery_cleanup.c).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Functions").  Every
function here is registered with the function manager under PostgreSQL's
``prosrc`` name and keeps INV-TS-1 (sorted, unique lexemes; sorted, unique
positions) on what it returns.

    tsvector   strip length setweight (all, by lexeme filter) ts_delete
               (one, array) ts_filter unnest tsvector_to_array
               array_to_tsvector ||(tsvector_concat) @@(ts_match_vq/qv)
    tsquery    &&(tsquery_and) ||(tsquery_or) !!(tsquery_not)
               <->(tsquery_phrase[_distance]) numnode querytree @> <@
"""
from __future__ import annotations

from typing import Any

from pgref.errors import (INVALID_PARAMETER_VALUE, NULL_VALUE_NOT_ALLOWED, PgError)
from pgref.types.fmgr import builtin
from pgref.types.io.record import TypedRecord
from pgref.types.io.tsquery import (OP_AND, OP_NOT, OP_OR, OP_PHRASE, QOperand, QOperator, TSQuery,
                                    tsquery_to_text)
from pgref.types.io.tsvector import (MAXENTRYPOS, MAXNUMPOS, TSVector, WEIGHT_LETTERS, limitpos,
                                     make_tsvector, make_wep, wep_pos, wep_weight)
from pgref.types.values import PgArray
from pgref.tsearch.match import match_vq

TEXTOID, TEXTARRAYOID, INT2ARRAYOID = 25, 1009, 1005
ZERO_LENGTH_CHARACTER_STRING = "2200F"


def weight_code(ch: str) -> int:
    """A weight letter to its code (A 3 .. D 0); anything else is an error,
    as PostgreSQL's elog(ERROR, "unrecognized weight: %d")."""
    m = {"a": 3, "A": 3, "b": 2, "B": 2, "c": 1, "C": 1, "d": 0, "D": 0}
    if ch not in m:
        raise PgError("XX000", f"unrecognized weight: {ord(ch) if ch else 0}")
    return m[ch]


# ------------------------------------------------------------------ tsvector

@builtin("tsvector_strip")
def tsvector_strip(v: TSVector) -> TSVector:
    return TSVector((w, ()) for w, _p in v.entries)


@builtin("tsvector_length")
def tsvector_length(v: TSVector) -> int:
    return len(v.entries)


@builtin("tsvector_setweight")
def tsvector_setweight(v: TSVector, ch: str) -> TSVector:
    w = weight_code(ch)
    return TSVector((word, tuple(make_wep(wep_pos(p), w) for p in pos)) for word, pos in v.entries)


@builtin("tsvector_setweight_by_filter")
def tsvector_setweight_by_filter(v: TSVector, ch: str, lexemes: PgArray) -> TSVector:
    w = weight_code(ch)
    wanted = {x for x in lexemes.elements if x is not None}
    return TSVector((word, tuple(make_wep(wep_pos(p), w) for p in pos) if word in wanted else pos)
                    for word, pos in v.entries)


@builtin("tsvector_delete_str")
def tsvector_delete_str(v: TSVector, lexeme: str) -> TSVector:
    return TSVector(e for e in v.entries if e[0] != lexeme)


@builtin("tsvector_delete_arr")
def tsvector_delete_arr(v: TSVector, lexemes: PgArray) -> TSVector:
    gone = {x for x in lexemes.elements if x is not None}
    return TSVector(e for e in v.entries if e[0] not in gone)


@builtin("tsvector_filter")
def tsvector_filter(v: TSVector, weights: PgArray) -> TSVector:
    mask = 0
    for ch in weights.elements:
        if ch is None:
            raise PgError(NULL_VALUE_NOT_ALLOWED, "weight array may not contain nulls")
        m = {"a": 3, "A": 3, "b": 2, "B": 2, "c": 1, "C": 1, "d": 0, "D": 0}
        if ch not in m:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized weight: "{ch}"')
        mask |= 1 << m[ch]
    out = []
    for word, pos in v.entries:
        kept = tuple(p for p in pos if mask & (1 << wep_weight(p)))
        if kept:
            out.append((word, kept))
    return TSVector(out)


@builtin("tsvector_unnest")
def tsvector_unnest(v: TSVector):
    rows = []
    for word, pos in v.entries:
        if pos:
            positions = PgArray.from_list([wep_pos(p) for p in pos], 21)
            weights = PgArray.from_list([WEIGHT_LETTERS[wep_weight(p)] for p in pos], 25)
        else:
            positions = weights = None
        rows.append(TypedRecord((word, positions, weights), (TEXTOID, INT2ARRAYOID, TEXTARRAYOID)))
    return iter(rows)


@builtin("tsvector_to_array")
def tsvector_to_array(v: TSVector) -> PgArray:
    return PgArray.from_list(v.lexemes(), TEXTOID)


@builtin("array_to_tsvector")
def array_to_tsvector(arr: PgArray) -> TSVector:
    for x in arr.elements:
        if x is None:
            raise PgError(NULL_VALUE_NOT_ALLOWED, "lexeme array may not contain nulls")
        if x == "":
            raise PgError(ZERO_LENGTH_CHARACTER_STRING, "lexeme array may not contain empty strings")
    return make_tsvector((x, None) for x in arr.elements)


def _shift(pos: tuple[int, ...], maxpos: int, start: list[int]) -> list[int]:
    """add_pos(): append positions shifted by maxpos, respecting the
    256-position and 16383 limits."""
    out = list(start)
    for p in pos:
        if len(out) >= MAXNUMPOS or (out and wep_pos(out[-1]) == MAXENTRYPOS - 1):
            break
        out.append(make_wep(limitpos(wep_pos(p) + maxpos), wep_weight(p)))
    return out


@builtin("tsvector_concat")
def tsvector_concat(a: TSVector, b: TSVector) -> TSVector:
    """tsvector || tsvector: b's positions move past a's largest one."""
    maxpos = max((wep_pos(p) for _w, pos in a.entries for p in pos), default=0)
    left = dict(a.entries)
    right = dict(b.entries)
    out = []
    for word in sorted(set(left) | set(right), key=lambda w: w.encode("utf-8")):
        if word in left and word in right:
            pos = list(left[word])
            if right[word]:
                pos = _shift(right[word], maxpos, pos)
            out.append((word, tuple(pos)))
        elif word in left:
            out.append((word, left[word]))
        else:
            out.append((word, tuple(_shift(right[word], maxpos, []))))
    return TSVector(out)


@builtin("ts_match_vq")
def ts_match_vq(v: TSVector, q: TSQuery) -> bool:
    return match_vq(v, q)


@builtin("ts_match_qv")
def ts_match_qv(q: TSQuery, v: TSVector) -> bool:
    return match_vq(v, q)


# ------------------------------------------------------------------ tsquery

def _combine(a: TSQuery, b: TSQuery, oper: int, distance: int = 0) -> TSQuery:
    if a.root is None:
        return b
    if b.root is None:
        return a
    return TSQuery(QOperator(oper, (a.root, b.root), distance))


@builtin("tsquery_and")
def tsquery_and(a: TSQuery, b: TSQuery) -> TSQuery:
    return _combine(a, b, OP_AND)


@builtin("tsquery_or")
def tsquery_or(a: TSQuery, b: TSQuery) -> TSQuery:
    return _combine(a, b, OP_OR)


@builtin("tsquery_phrase")
def tsquery_phrase(a: TSQuery, b: TSQuery) -> TSQuery:
    return _combine(a, b, OP_PHRASE, 1)


@builtin("tsquery_phrase_distance")
def tsquery_phrase_distance(a: TSQuery, b: TSQuery, distance: int) -> TSQuery:
    if distance < 0 or distance > MAXENTRYPOS:
        raise PgError(INVALID_PARAMETER_VALUE,
                      "distance in phrase operator must be an integer value between zero "
                      f"and {MAXENTRYPOS} inclusive")
    return _combine(a, b, OP_PHRASE, distance)


@builtin("tsquery_not")
def tsquery_not(a: TSQuery) -> TSQuery:
    if a.root is None:
        return a
    return TSQuery(QOperator(OP_NOT, (a.root,)))


@builtin("tsquery_numnode")
def tsquery_numnode(q: TSQuery) -> int:
    return q.size()


def clean_not(node: Any) -> Any:
    """clean_NOT_intree(): drop negated branches (what an index can use)."""
    if isinstance(node, QOperand):
        return node
    if node.oper == OP_NOT:
        return None
    left, right = clean_not(node.left), clean_not(node.right)
    if node.oper == OP_OR:
        if left is None or right is None:
            return None
        return QOperator(OP_OR, (left, right))
    if left is None and right is None:
        return None
    if left is None:
        return right
    if right is None:
        return left
    return QOperator(node.oper, (left, right), node.distance)


@builtin("tsquerytree")
def tsquerytree(q: TSQuery) -> str:
    if q.root is None:
        return ""
    root = clean_not(q.root)
    if root is None:
        return "T"
    return tsquery_to_text(TSQuery(root))


def _operand_words(q: TSQuery) -> set[str]:
    return {it.word for it in q.items() if isinstance(it, QOperand)}


@builtin("tsq_mcontains")
def tsq_mcontains(a: TSQuery, b: TSQuery) -> bool:
    wa, wb = _operand_words(a), _operand_words(b)
    return len(wb) <= len(wa) and wb <= wa


@builtin("tsq_mcontained")
def tsq_mcontained(a: TSQuery, b: TSQuery) -> bool:
    return tsq_mcontains(b, a)


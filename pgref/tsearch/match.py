"""Query evaluation: TS_execute() with phrase semantics (PostgreSQL's
tsvector_op.c).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Matching").  A query is
evaluated over its items in PostgreSQL's prefix order (:class:`FlatQuery`),
asking a *check condition* about each operand.  Results are three-valued
(INV-TS-3): YES, NO, or MAYBE when a phrase operator needs positions the
tsvector does not have (a stripped vector).  Under a phrase operator every
operand reports its match positions; ``<N>`` and ``&``/``|`` combine the
position lists by a merge (TS_phrase_output), and a negated operand reports
the positions where it does *not* match (``negate``).  At the top, a
phrase's MAYBE counts as NO unless the caller allows it (the rule that makes
``strip(v) @@ 'a <-> b'`` false while ``strip(v) @@ 'a & b'`` is true).

Entry points:
    FlatQuery(query)                    items + left offsets, like GETQUERY()
    ts_execute(fq, chkcond, phrase_no_pos=False) -> bool
    ts_execute_ternary(...)             the raw three-valued result
    tsvector_chkcond(vector)            checkcondition_str for tsvector @@ tsquery
    match_vq(vector, query) -> bool     the @@ operator
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from pgref.types.io.tsquery import OP_AND, OP_NOT, OP_OR, OP_PHRASE, QOperand, TSQuery
from pgref.types.io.tsvector import TSVector, wep_pos, wep_weight

TS_NO, TS_YES, TS_MAYBE = 0, 1, 2
INT_MAX = 2 ** 31 - 1

TSPO_L_ONLY, TSPO_R_ONLY, TSPO_BOTH = 0x01, 0x02, 0x04


class FlatQuery:
    """A query's items in prefix order with each operator's left offset."""

    def __init__(self, query: TSQuery):
        self.items = query.items()
        n = len(self.items)
        self.left = [0] * n
        self.size = [1] * n
        for i in range(n - 1, -1, -1):
            it = self.items[i]
            if isinstance(it, QOperand):
                continue
            rsize = self.size[i + 1]
            if it.oper == OP_NOT:
                self.left[i] = 1
                self.size[i] = 1 + rsize
            else:
                self.left[i] = 1 + rsize
                self.size[i] = 1 + rsize + self.size[i + 1 + rsize]


@dataclass
class PhraseData:
    """ExecPhraseData: match positions (plain ints), whether they are where
    the operand does NOT match, and the match width less one."""
    pos: list[int] = field(default_factory=list)
    negate: bool = False
    width: int = 0


# chkcond(index, operand, data or None) -> TS_NO / TS_YES / TS_MAYBE; with
# ``data`` it fills data.pos with the matching positions
CheckCond = Callable[[int, QOperand, "PhraseData | None"], int]


def _phrase_output(data: PhraseData | None, L: PhraseData, R: PhraseData, emit: int,
                   loff: int, roff: int) -> int:
    li = ri = 0
    while li < len(L.pos) or ri < len(R.pos):
        if li < len(L.pos):
            lpos = wep_pos(L.pos[li]) + loff
        else:
            if not emit & TSPO_R_ONLY:
                break
            lpos = INT_MAX
        if ri < len(R.pos):
            rpos = wep_pos(R.pos[ri]) + roff
        else:
            if not emit & TSPO_L_ONLY:
                break
            rpos = INT_MAX
        out = 0
        if lpos < rpos:
            if emit & TSPO_L_ONLY:
                out = lpos
            li += 1
        elif lpos == rpos:
            if emit & TSPO_BOTH:
                out = rpos
            li += 1
            ri += 1
        else:
            if emit & TSPO_R_ONLY:
                out = rpos
            ri += 1
        if out > 0:
            if data is None:
                return TS_YES
            data.pos.append(out)
    if data is not None and data.pos:
        return TS_YES
    return TS_NO


def _phrase_execute(fq: FlatQuery, i: int, chkcond: CheckCond, data: PhraseData | None) -> int:
    """TS_phrase_execute()."""
    it = fq.items[i]
    if isinstance(it, QOperand):
        return chkcond(i, it, data)
    if it.oper == OP_NOT:
        assert data is not None
        r = _phrase_execute(fq, i + 1, chkcond, data)
        if r == TS_NO:
            data.negate = True
            return TS_YES
        if r == TS_YES:
            if data.pos:
                data.negate = not data.negate
                return TS_YES
            if data.negate:
                data.negate = False
                return TS_NO
            return TS_NO
        return TS_MAYBE
    L, R = PhraseData(), PhraseData()
    if it.oper in (OP_PHRASE, OP_AND):
        lm = _phrase_execute(fq, i + fq.left[i], chkcond, L)
        if lm == TS_NO:
            return TS_NO
        rm = _phrase_execute(fq, i + 1, chkcond, R)
        if rm == TS_NO:
            return TS_NO
        if lm == TS_MAYBE or rm == TS_MAYBE:
            return TS_MAYBE
        if it.oper == OP_PHRASE:
            loff, roff = it.distance + R.width, 0
            if data is not None:
                data.width = it.distance + L.width + R.width
        else:
            mw = max(L.width, R.width)
            loff, roff = mw - L.width, mw - R.width
            if data is not None:
                data.width = mw
        if L.negate and R.negate:
            _phrase_output(data, L, R, TSPO_BOTH | TSPO_L_ONLY | TSPO_R_ONLY, loff, roff)
            if data is not None:
                data.negate = True
            return TS_YES
        if L.negate:
            return _phrase_output(data, L, R, TSPO_R_ONLY, loff, roff)
        if R.negate:
            return _phrase_output(data, L, R, TSPO_L_ONLY, loff, roff)
        return _phrase_output(data, L, R, TSPO_BOTH, loff, roff)
    # OP_OR
    assert data is not None
    lm = _phrase_execute(fq, i + fq.left[i], chkcond, L)
    rm = _phrase_execute(fq, i + 1, chkcond, R)
    if lm == TS_NO and rm == TS_NO:
        return TS_NO
    if lm == TS_MAYBE or rm == TS_MAYBE:
        return TS_MAYBE
    if lm == TS_NO:
        L.width = 0
    if rm == TS_NO:
        R.width = 0
    mw = max(L.width, R.width)
    loff, roff = mw - L.width, mw - R.width
    data.width = mw
    if L.negate and R.negate:
        _phrase_output(data, L, R, TSPO_BOTH, loff, roff)
        data.negate = True
        return TS_YES
    if L.negate:
        _phrase_output(data, L, R, TSPO_L_ONLY, loff, roff)
        data.negate = True
        return TS_YES
    if R.negate:
        _phrase_output(data, L, R, TSPO_R_ONLY, loff, roff)
        data.negate = True
        return TS_YES
    return _phrase_output(data, L, R, TSPO_BOTH | TSPO_L_ONLY | TSPO_R_ONLY, loff, roff)


def _execute(fq: FlatQuery, i: int, chkcond: CheckCond, phrase_no_pos: bool) -> int:
    """TS_execute_recurse()."""
    it = fq.items[i]
    if isinstance(it, QOperand):
        return chkcond(i, it, None)
    if it.oper == OP_NOT:
        r = _execute(fq, i + 1, chkcond, phrase_no_pos)
        return TS_YES if r == TS_NO else (TS_NO if r == TS_YES else TS_MAYBE)
    if it.oper == OP_AND:
        lm = _execute(fq, i + fq.left[i], chkcond, phrase_no_pos)
        if lm == TS_NO:
            return TS_NO
        r = _execute(fq, i + 1, chkcond, phrase_no_pos)
        return TS_NO if r == TS_NO else (lm if r == TS_YES else TS_MAYBE)
    if it.oper == OP_OR:
        lm = _execute(fq, i + fq.left[i], chkcond, phrase_no_pos)
        if lm == TS_YES:
            return TS_YES
        r = _execute(fq, i + 1, chkcond, phrase_no_pos)
        return lm if r == TS_NO else (TS_YES if r == TS_YES else TS_MAYBE)
    r = _phrase_execute(fq, i, chkcond, None)
    if r == TS_MAYBE:
        return TS_MAYBE if phrase_no_pos else TS_NO
    return r


def ts_execute_ternary(fq: FlatQuery, chkcond: CheckCond, phrase_no_pos: bool = False) -> int:
    return _execute(fq, 0, chkcond, phrase_no_pos)


def ts_execute(fq: FlatQuery, chkcond: CheckCond, phrase_no_pos: bool = False) -> bool:
    """TS_execute(): true unless the result is a definite NO."""
    if not fq.items:
        return False
    return _execute(fq, 0, chkcond, phrase_no_pos) != TS_NO


def _checkclass(pos: tuple[int, ...], val: QOperand, data: PhraseData | None) -> int:
    """checkclass_str()."""
    if pos:
        if val.weight and data is not None:
            data.pos = [wep_pos(p) for p in pos if val.weight & (1 << wep_weight(p))]
            return TS_YES if data.pos else TS_NO
        if val.weight:
            return TS_YES if any(val.weight & (1 << wep_weight(p)) for p in pos) else TS_NO
        if data is not None:
            data.pos = list(pos)
        return TS_YES
    # stripped lexemes match whatever the weight restriction (historical)
    return TS_MAYBE if data is not None else TS_YES


def find_entries(vector: TSVector, val: QOperand) -> list[int]:
    """Indexes of the lexemes an operand matches: the equal one, or with
    ``:*`` every lexeme it is a byte prefix of (find_wordentry())."""
    key = val.word.encode("utf-8")
    out = []
    for k, (w, _p) in enumerate(vector.entries):
        wb = w.encode("utf-8")
        if (wb.startswith(key) if val.prefix else wb == key):
            out.append(k)
    return out


def tsvector_chkcond(vector: TSVector) -> CheckCond:
    """checkcondition_str() over one tsvector."""
    index = {w: k for k, (w, _p) in enumerate(vector.entries)}

    def check(_i: int, val: QOperand, data: PhraseData | None) -> int:
        res = TS_NO
        k = index.get(val.word)
        if k is not None:
            res = _checkclass(vector.entries[k][1], val, data)
        if val.prefix and (res != TS_YES or data is not None):
            if data is not None:
                data.pos = []
            res = TS_NO
            allpos: list[int] = []
            for k in find_entries(vector, val):
                sub = PhraseData() if data is not None else None
                subres = _checkclass(vector.entries[k][1], val, sub)
                if subres == TS_NO:
                    continue
                if data is not None:
                    if subres == TS_MAYBE:
                        res = TS_MAYBE
                        allpos = []
                        break
                    allpos.extend(sub.pos)
                else:
                    if subres == TS_YES or res == TS_NO:
                        res = subres
                    if res == TS_YES:
                        break
            if data is not None and allpos:
                data.pos = sorted(set(wep_pos(p) for p in allpos))
                res = TS_YES
        return res
    return check


def match_vq(vector: TSVector, query: TSQuery) -> bool:
    """ts_match_vq(): tsvector @@ tsquery; the empty query matches nothing."""
    if query.root is None:
        return False
    return ts_execute(FlatQuery(query), tsvector_chkcond(vector))

"""Ranking: ts_rank and ts_rank_cd (PostgreSQL's tsrank.c).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Ranking").  Results must
equal PostgreSQL's float4 to the last bit (INV-TS-4), so arithmetic that C
does in ``float`` is rounded to single precision after every operation
(:func:`f32`), and arithmetic C does in ``double`` is left in Python floats.

* ts_rank (calc_rank): for a query whose top operator is & or <->,
  calc_rank_and sums word-pair proximity ``sqrt(w1*w2*word_distance(d))``
  over every pair of distinct operands' positions; otherwise calc_rank_or
  sums, per operand, the weights of its positions damped by 1/i^2.
* ts_rank_cd (calc_rank_cd): cover density -- the document is reduced to
  the positions of query operands (get_docrep), minimal covers that satisfy
  the query are found left to right (Cover), each contributes its inverse
  weight density divided by 1 + the number of noise words in it.

Weights come as float4[4] in the order {D, C, B, A}, default {0.1, 0.2,
0.4, 1.0}; the normalization bit mask is PostgreSQL's (1 log length, 2
length, 4 extent distance -- ts_rank_cd only --, 8 unique words, 16 log
unique words, 32 rank/(rank+1)).
"""
from __future__ import annotations

import math
import struct

from pgref.errors import INVALID_PARAMETER_VALUE, NULL_VALUE_NOT_ALLOWED, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.tsquery import OP_AND, OP_PHRASE, QOperand, QOperator, TSQuery
from pgref.types.io.tsvector import MAXENTRYPOS, TSVector, wep_pos, wep_weight
from pgref.types.values import PgArray
from pgref.tsearch.match import TS_NO, FlatQuery, PhraseData, ts_execute

DEFAULT_WEIGHTS = (0.1, 0.2, 0.4, 1.0)
RANK_NORM_LOGLENGTH, RANK_NORM_LENGTH, RANK_NORM_EXTDIST = 0x01, 0x02, 0x04
RANK_NORM_UNIQ, RANK_NORM_LOGUNIQ, RANK_NORM_RDIVRPLUS1 = 0x08, 0x10, 0x20


def f32(x: float) -> float:
    """Round to IEEE single precision, as a C ``float`` variable holds it."""
    return struct.unpack("f", struct.pack("f", x))[0]


_DEFAULT_F32 = tuple(f32(w) for w in DEFAULT_WEIGHTS)


def get_weights(arr: PgArray | None) -> tuple[float, ...]:
    """getWeights(): a float4[4] of D, C, B, A; negative entries mean the
    default."""
    if arr is None:
        return _DEFAULT_F32
    if len(arr.dims) != 1:
        raise PgError("2202E", "array of weight must be one-dimensional")
    if len(arr.elements) < 4:
        raise PgError("2202E", "array of weight is too short")
    if any(x is None for x in arr.elements):
        raise PgError(NULL_VALUE_NOT_ALLOWED, "array of weight must not contain nulls")
    out = []
    for i in range(4):
        w = arr.elements[i]
        w = w if w >= 0 else _DEFAULT_F32[i]
        if w > 1.0:
            raise PgError(INVALID_PARAMETER_VALUE, "weight out of range")
        out.append(f32(w))
    return tuple(out)


def word_distance(w: int) -> float:
    if w > 100:
        return f32(1e-30)
    return f32(1.0 / (1.005 + 0.05 * math.exp(f32(float(w)) / 1.5 - 2)))


def cnt_length(v: TSVector) -> int:
    return sum(len(pos) if pos else 1 for _w, pos in v.entries)


def _operands_sorted_unique(q: TSQuery) -> list[QOperand]:
    """SortAndUniqItems(): operands by bytes, duplicates removed."""
    seen: dict[bytes, QOperand] = {}
    for it in q.items():
        if isinstance(it, QOperand):
            seen.setdefault(it.word.encode("utf-8"), it)
    return [seen[k] for k in sorted(seen)]


def _find(v: TSVector, item: QOperand) -> list[int]:
    key = item.word.encode("utf-8")
    out = []
    for k, (w, _p) in enumerate(v.entries):
        wb = w.encode("utf-8")
        if (wb.startswith(key) if item.prefix else wb == key):
            out.append(k)
    return out


_POSNULL_AND = (MAXENTRYPOS - 1,)     # the dummy position of a stripped lexeme
_POSNULL_OR = (0,)


def calc_rank_and(w: tuple[float, ...], v: TSVector, q: TSQuery) -> float:
    items = _operands_sorted_unique(q)
    if len(items) < 2:
        return calc_rank_or(w, v, q)
    pos: list[tuple[int, ...] | None] = [None] * len(items)
    res = -1.0
    for i, item in enumerate(items):
        for k_entry in _find(v, item):
            p_i = v.entries[k_entry][1] or _POSNULL_AND
            pos[i] = p_i
            null_i = not v.entries[k_entry][1]
            for k in range(i):
                p_k = pos[k]
                if p_k is None:
                    continue
                null_k = p_k is _POSNULL_AND
                for a in p_i:
                    for b in p_k:
                        dist = abs(wep_pos(a) - wep_pos(b))
                        if dist or null_i or null_k:
                            if not dist:
                                dist = MAXENTRYPOS
                            curw = f32(math.sqrt(f32(f32(w[wep_weight(a)] * w[wep_weight(b)])
                                                     * word_distance(dist))))
                            res = curw if res < 0 else f32(1.0 - (1.0 - res) * (1.0 - curw))
    return res


def calc_rank_or(w: tuple[float, ...], v: TSVector, q: TSQuery) -> float:
    items = _operands_sorted_unique(q)
    res = 0.0
    for item in items:
        for k_entry in _find(v, item):
            post = v.entries[k_entry][1] or _POSNULL_OR
            resj = 0.0
            wjm = -1.0
            jm = 0
            for j, p in enumerate(post):
                wp = w[wep_weight(p)]
                resj = f32(resj + f32(wp / float((j + 1) * (j + 1))))
                if wp > wjm:
                    wjm, jm = wp, j
            res = f32(res + (wjm + resj - wjm / ((jm + 1) * (jm + 1))) / 1.64493406685)
    if items:
        res = f32(res / len(items))
    return res


def calc_rank(w: tuple[float, ...], v: TSVector, q: TSQuery, method: int) -> float:
    if not v.entries or q.root is None:
        return 0.0
    root = q.root
    if isinstance(root, QOperator) and root.oper in (OP_AND, OP_PHRASE):
        res = calc_rank_and(w, v, q)
    else:
        res = calc_rank_or(w, v, q)
    if res < 0:
        res = f32(1e-20)
    if method & RANK_NORM_LOGLENGTH and v.entries:
        res = f32(res / (math.log(cnt_length(v) + 1) / math.log(2.0)))
    if method & RANK_NORM_LENGTH:
        n = cnt_length(v)
        if n > 0:
            res = f32(res / f32(float(n)))
    if method & RANK_NORM_UNIQ and v.entries:
        res = f32(res / f32(float(len(v.entries))))
    if method & RANK_NORM_LOGUNIQ and v.entries:
        res = f32(res / (math.log(len(v.entries) + 1) / math.log(2.0)))
    if method & RANK_NORM_RDIVRPLUS1:
        res = f32(res / f32(res + 1))
    return res


# ------------------------------------------------------------------ cover density

class _DocEntry:
    __slots__ = ("pos", "items")

    def __init__(self, pos: int, items: list[int]):
        self.pos = pos            # WordEntryPos (with weight)
        self.items = items        # indexes of query operand items


def _get_docrep(v: TSVector, fq: FlatQuery) -> list[_DocEntry]:
    raw = []        # (pos, entry index, item index)
    for i, it in enumerate(fq.items):
        if not isinstance(it, QOperand):
            continue
        for k in _find(v, it):
            post = v.entries[k][1]
            if not post:
                continue          # words without positions are ignored
            for p in post:
                if it.weight == 0 or it.weight & (1 << wep_weight(p)):
                    raw.append((p, k, i))
    if not raw:
        return []
    raw.sort(key=lambda r: (wep_pos(r[0]), wep_weight(r[0]), r[1]))
    doc = [_DocEntry(raw[0][0], [raw[0][2]])]
    for n in range(1, len(raw)):
        if raw[n][0] == raw[n - 1][0] and raw[n][1] == raw[n - 1][1]:
            doc[-1].items.append(raw[n][2])
        else:
            doc.append(_DocEntry(raw[n][0], [raw[n][2]]))
    return doc


class _QR:
    """QueryRepresentation: per operand item, the positions seen so far."""

    def __init__(self, size: int):
        self.exists = [False] * size
        self.pos: list[list[int]] = [[] for _ in range(size)]
        self.reverse = False

    def reset(self, reverse: bool) -> None:
        for i in range(len(self.exists)):
            self.exists[i] = False
            self.pos[i] = []
        self.reverse = reverse

    def fill(self, entry: _DocEntry) -> None:
        for i in entry.items:
            self.exists[i] = True
            lst = self.pos[i]
            if not lst:
                lst.append(entry.pos)
                continue
            last = lst[0] if self.reverse else lst[-1]
            if wep_pos(last) != wep_pos(entry.pos):
                if self.reverse:
                    lst.insert(0, entry.pos)
                else:
                    lst.append(entry.pos)

    def chkcond(self, i: int, _val: QOperand, data: PhraseData | None) -> int:
        if not self.exists[i]:
            return TS_NO
        if data is not None:
            data.pos = list(self.pos[i])
        return 1


def _cover(doc: list[_DocEntry], qr: _QR, fq: FlatQuery, ext: dict) -> bool:
    while True:
        lastpos = ext["pos"]
        found = False
        qr.reset(False)
        ext["p"], ext["q"] = 2 ** 31 - 1, 0
        k = ext["pos"]
        while k < len(doc):
            qr.fill(doc[k])
            if ts_execute(fq, qr.chkcond):
                if wep_pos(doc[k].pos) > ext["q"]:
                    ext["q"] = wep_pos(doc[k].pos)
                    ext["end"] = k
                    lastpos = k
                    found = True
                break
            k += 1
        if not found:
            return False
        qr.reset(True)
        k = lastpos
        while k >= ext["pos"]:
            qr.fill(doc[k])
            if ts_execute(fq, qr.chkcond):
                if wep_pos(doc[k].pos) < ext["p"]:
                    ext["begin"] = k
                    ext["p"] = wep_pos(doc[k].pos)
                break
            k -= 1
        if ext["p"] <= ext["q"]:
            ext["pos"] = k + 1
            return True
        ext["pos"] += 1


def calc_rank_cd(w: tuple[float, ...], v: TSVector, q: TSQuery, method: int) -> float:
    invws = []
    for x in w:
        if x > 1.0:
            raise PgError(INVALID_PARAMETER_VALUE, "weight out of range")
        invws.append(1.0 / x)
    if q.root is None:
        return 0.0
    fq = FlatQuery(q)
    doc = _get_docrep(v, fq)
    if not doc:
        return 0.0
    qr = _QR(len(fq.items))
    ext = {"pos": 0, "p": 0, "q": 0, "begin": 0, "end": 0}
    wdoc = 0.0
    sumdist = 0.0
    prev_ext_pos = 0.0
    nextent = 0
    while _cover(doc, qr, fq, ext):
        invsum = sum(invws[wep_weight(doc[k].pos)] for k in range(ext["begin"], ext["end"] + 1))
        cpos = float(ext["end"] - ext["begin"] + 1) / invsum
        nnoise = (ext["q"] - ext["p"]) - (ext["end"] - ext["begin"])
        if nnoise < 0:
            nnoise = (ext["end"] - ext["begin"]) // 2
        wdoc += cpos / float(1 + nnoise)
        cur_ext_pos = float(ext["q"] + ext["p"]) / 2.0
        if nextent > 0 and cur_ext_pos > prev_ext_pos:
            sumdist += 1.0 / (cur_ext_pos - prev_ext_pos)
        prev_ext_pos = cur_ext_pos
        nextent += 1
    if method & RANK_NORM_LOGLENGTH and v.entries:
        wdoc /= math.log(cnt_length(v) + 1)
    if method & RANK_NORM_LENGTH:
        n = cnt_length(v)
        if n > 0:
            wdoc /= float(n)
    if method & RANK_NORM_EXTDIST and nextent > 0 and sumdist > 0:
        wdoc /= float(nextent) / sumdist
    if method & RANK_NORM_UNIQ and v.entries:
        wdoc /= float(len(v.entries))
    if method & RANK_NORM_LOGUNIQ and v.entries:
        wdoc /= math.log(len(v.entries) + 1) / math.log(2.0)
    if method & RANK_NORM_RDIVRPLUS1:
        wdoc /= (wdoc + 1)
    return f32(wdoc)


# ------------------------------------------------------------------ fmgr

@builtin("ts_rank_wttf")
def ts_rank_wttf(w: PgArray, v: TSVector, q: TSQuery, method: int) -> float:
    return calc_rank(get_weights(w), v, q, method)


@builtin("ts_rank_wtt")
def ts_rank_wtt(w: PgArray, v: TSVector, q: TSQuery) -> float:
    return calc_rank(get_weights(w), v, q, 0)


@builtin("ts_rank_ttf")
def ts_rank_ttf(v: TSVector, q: TSQuery, method: int) -> float:
    return calc_rank(_DEFAULT_F32, v, q, method)


@builtin("ts_rank_tt")
def ts_rank_tt(v: TSVector, q: TSQuery) -> float:
    return calc_rank(_DEFAULT_F32, v, q, 0)


@builtin("ts_rankcd_wttf")
def ts_rankcd_wttf(w: PgArray, v: TSVector, q: TSQuery, method: int) -> float:
    return calc_rank_cd(get_weights(w), v, q, method)


@builtin("ts_rankcd_wtt")
def ts_rankcd_wtt(w: PgArray, v: TSVector, q: TSQuery) -> float:
    return calc_rank_cd(get_weights(w), v, q, 0)


@builtin("ts_rankcd_ttf")
def ts_rankcd_ttf(v: TSVector, q: TSQuery, method: int) -> float:
    return calc_rank_cd(_DEFAULT_F32, v, q, method)


@builtin("ts_rankcd_tt")
def ts_rankcd_tt(v: TSVector, q: TSQuery) -> float:
    return calc_rank_cd(_DEFAULT_F32, v, q, 0)

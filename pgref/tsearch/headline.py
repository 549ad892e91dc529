"""ts_headline: a document excerpt with the query's words highlighted
(PostgreSQL's hlparsetext in ts_parse.c, prsd_headline and its selectors
in wparser_def.c, generateHeadline).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Headlines").  Three steps:

1. :func:`hlparsetext` -- every token of the document becomes a word
   entry (blanks and tags too); tokens the configuration maps get the next
   position, and an entry whose lexeme equals a query operand (or has it as
   prefix, for ``:*``) points at that operand; a token matching several
   operands gets extra *repeated* entries, never printed.
2. A selector marks what to show: :func:`mark_hl_words` (the default)
   finds covers -- shortest runs of entries that satisfy the query, by
   TS_execute with positions (:func:`hl_cover`) -- and grows the best one
   to between MinWords and MaxWords words, avoiding short or non-word
   endpoints; :func:`mark_hl_fragments` (MaxFragments > 0) cuts covers
   into fragments of at most MaxWords and stretches the ones with most
   query words.  HighlightAll shows the whole document.
3. :func:`generate_headline` prints the marked entries, wrapping query
   words in StartSel/StopSel, replacing tags by a blank, skipping compound
   tokens (whose parts follow), and joining fragments with
   FragmentDelimiter.

Entry points: headline(cfg, text, query, options) -> str, and the fmgr
builtins ts_headline* for text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, SYNTAX_ERROR, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.tsquery import QOperand, TSQuery
from pgref.types.io.tsvector import MAXSTRLEN, limitpos
from pgref.tsearch import parser as P
from pgref.tsearch.config import Config, current_config, get_config
from pgref.tsearch.dicts import DICTIONARIES
from pgref.tsearch.match import TS_NO, TS_YES, FlatQuery, PhraseData, ts_execute


@dataclass
class HLWord:
    type: int
    word: str
    pos: int = 0
    item: int | None = None         # index of the matched operand in FlatQuery.items
    repeated: bool = False
    selected: bool = False
    replace: bool = False
    skip: bool = False
    inside: bool = False

    def copy(self) -> "HLWord":
        return HLWord(self.type, self.word, self.pos, self.item, self.repeated)


def hlparsetext(cfg: Config, fq: FlatQuery, text: str) -> list[HLWord]:
    words: list[HLWord] = []
    vectorpos = 0
    operands = [(i, it) for i, it in enumerate(fq.items) if isinstance(it, QOperand)]
    for ttype, tok in P.parse_text(text):
        if len(tok.encode("utf-8")) >= MAXSTRLEN:
            raise PgError("54000", "word is too long to be indexed",
                          detail=f"Words longer than {MAXSTRLEN - 1} characters are ignored.")
        words.append(HLWord(ttype, tok))
        dicts = cfg.mapping.get(ttype)
        if not dicts:
            continue
        norms = None
        for doid in dicts:
            norms = DICTIONARIES[doid].lexize(tok)
            if norms is not None:
                break
        if norms is None:
            continue
        vectorpos += 1
        for lexeme in norms:
            _hlfinditem(words, operands, vectorpos, lexeme)
    return words


def _hlfinditem(words: list[HLWord], operands, pos: int, lexeme: str) -> None:
    word = words[-1]
    word.pos = limitpos(pos)
    lb = lexeme.encode("utf-8")
    for i, op in operands:
        ob = op.word.encode("utf-8")
        if (lb.startswith(ob) if op.prefix else lb == ob):
            if word.item is not None:
                extra = word.copy()
                extra.item = i
                extra.repeated = True
                words.append(extra)
            else:
                word.item = i


# token classes (wparser_def.c)
def _nonword(t: int) -> bool:
    return t == P.BLANK or t == P.TAG or t in (P.URL, P.NUMHWORD, P.ASCIIHWORD, P.HWORD)


def _noend(t: int) -> bool:
    return _nonword(t) or t in (P.SFLOAT, P.VERSION, P.FLOAT, P.INT, P.UINT, P.TAG, P.PROTOCOL,
                                P.BLANK, P.ENTITY)


class _Selector:
    def __init__(self, words: list[HLWord], fq: FlatQuery, shortword: int):
        self.w = words
        self.fq = fq
        self.shortword = shortword

    def interesting(self, j: int) -> bool:
        return self.w[j].item is not None and not self.w[j].repeated

    def badendpoint(self, j: int) -> bool:
        w = self.w[j]
        return (_noend(w.type) or len(w.word.encode("utf-8")) <= self.shortword) and \
            not self.interesting(j)

    def first_index(self, pos: int) -> int:
        for i in range(pos, len(self.w)):
            if self.w[i].item is not None:
                return i
        return -1

    def cover(self, max_cover: int, p: int) -> tuple[int, int] | None:
        """hlCover(): the earliest, shortest run from p on satisfying the query."""
        pmin = self.first_index(p)
        while pmin >= 0:
            nextpmin = -1
            pmax = pmin
            while True:
                sub = self.w[pmin:pmax + 1]

                def check(i: int, _val: QOperand, data: PhraseData | None) -> int:
                    for w in sub:
                        if w.item == i:
                            if data is None:
                                return TS_YES
                            if not data.pos or data.pos[-1] < w.pos:
                                data.pos.append(w.pos)
                    return TS_YES if data is not None and data.pos else TS_NO

                if ts_execute(self.fq, check):
                    return pmin, pmax
                nextpmax = self.first_index(pmax + 1)
                if pmax == pmin:
                    nextpmin = nextpmax
                pmax = nextpmax
                if not (pmax >= 0 and pmax - pmin < max_cover):
                    break
            pmin = nextpmin
        return None

    def mark(self, highlightall: bool, start: int, end: int) -> None:
        for i in range(start, min(end, len(self.w) - 1) + 1):
            w = self.w[i]
            if w.item is not None:
                w.selected = True
            if not highlightall:
                if w.type == P.TAG:
                    w.replace = True
                elif w.type in (P.URL, P.NUMHWORD, P.ASCIIHWORD, P.HWORD):
                    w.skip = True
            elif w.type in (P.URL, P.NUMHWORD, P.ASCIIHWORD, P.HWORD):
                w.skip = True
            w.inside = not w.repeated


def mark_hl_words(sel: _Selector, highlightall: bool, min_words: int, max_words: int,
                  max_cover: int) -> None:
    w = sel.w
    n = len(w)
    bestb = beste = -1
    bestlen = -1
    bestcover = False
    if not highlightall:
        p = 0
        while True:
            found = sel.cover(max_cover, p)
            if found is None:
                break
            p, q = found
            curlen = poslen = 0
            posb = pose = p
            i = p
            while i <= q and curlen < max_words:
                if not _nonword(w[i].type):
                    curlen += 1
                if sel.interesting(i):
                    poslen += 1
                pose = i
                i += 1
            if curlen < max_words:
                i -= 1
                while i < n and curlen < max_words:
                    if i > q:
                        if not _nonword(w[i].type):
                            curlen += 1
                        if sel.interesting(i):
                            poslen += 1
                    pose = i
                    if sel.badendpoint(i):
                        i += 1
                        continue
                    if curlen >= min_words:
                        break
                    i += 1
                if curlen < min_words:
                    i = p - 1
                    while i >= 0:
                        if not _nonword(w[i].type):
                            curlen += 1
                        if sel.interesting(i):
                            poslen += 1
                        if curlen >= max_words:
                            break
                        if sel.badendpoint(i):
                            i -= 1
                            continue
                        if curlen >= min_words:
                            break
                        i -= 1
                    posb = i if i >= 0 else 0
            else:
                if i > q:
                    i = q
                while curlen > min_words:
                    if not sel.badendpoint(i):
                        break
                    if not _nonword(w[i].type):
                        curlen -= 1
                    if sel.interesting(i):
                        poslen -= 1
                    pose = i - 1
                    i -= 1
            poscover = posb <= p and pose >= q
            if (poscover > bestcover or (poscover == bestcover and poslen > bestlen) or
                    (poscover == bestcover and poslen == bestlen and not sel.badendpoint(pose)
                     and sel.badendpoint(beste))):
                bestb, beste, bestlen, bestcover = posb, pose, poslen, poscover
            p += 1
        if bestlen < 0:
            curlen = 0
            pose = 0
            i = 0
            while i < n and curlen < min_words:
                if not _nonword(w[i].type):
                    curlen += 1
                pose = i
                i += 1
            bestb, beste = 0, pose
    else:
        bestb, beste = 0, n - 1
    sel.mark(highlightall, bestb, beste)


def _next_fragment(sel: _Selector, startpos: int, endpos: int, max_words: int):
    """get_next_fragment()."""
    w = sel.w
    i = startpos
    while i <= endpos:
        startpos = i
        if sel.interesting(i):
            break
        i += 1
    curlen = poslen = 0
    i = startpos
    while i <= endpos and curlen < max_words:
        if not _nonword(w[i].type):
            curlen += 1
        if sel.interesting(i):
            poslen += 1
        i += 1
    if endpos > i:
        endpos = i
        i = endpos
        while i >= startpos:
            endpos = i
            if sel.interesting(i):
                break
            if not _nonword(w[i].type):
                curlen -= 1
            i -= 1
    return startpos, endpos, curlen, poslen


def mark_hl_fragments(sel: _Selector, highlightall: bool, min_words: int, max_words: int,
                      max_fragments: int, max_cover: int) -> None:
    w = sel.w
    n = len(w)
    covers: list[dict] = []
    p = 0
    while True:
        found = sel.cover(max_cover, p)
        if found is None:
            break
        p, q = found
        startpos, endpos = p, q
        while startpos <= endpos:
            startpos, endpos, curlen, poslen = _next_fragment(sel, startpos, endpos, max_words)
            covers.append({"start": startpos, "end": endpos, "curlen": curlen, "poslen": poslen,
                           "chosen": False, "excluded": False})
            startpos = endpos + 1
            endpos = q
        p += 1
    num_f = 0
    for _f in range(max_fragments):
        maxitems, minwords, mini = 0, 2 ** 31 - 1, -1
        for k, c in enumerate(covers):
            if not c["chosen"] and not c["excluded"] and (
                    maxitems < c["poslen"] or (maxitems == c["poslen"] and minwords > c["curlen"])):
                maxitems, minwords, mini = c["poslen"], c["curlen"], k
        if mini < 0:
            break
        c = covers[mini]
        c["chosen"] = True
        startpos, endpos, curlen = c["start"], c["end"], c["curlen"]
        if curlen < max_words:
            maxstretch = (max_words - curlen) // 2
            stretch = 0
            posmarker = startpos
            i = startpos - 1
            while i >= 0 and stretch < maxstretch and not w[i].inside:
                if not _nonword(w[i].type):
                    curlen += 1
                    stretch += 1
                posmarker = i
                i -= 1
            i = posmarker
            while i < startpos and sel.badendpoint(i):
                if not _nonword(w[i].type):
                    curlen -= 1
                i += 1
            startpos = i
            posmarker = endpos
            i = endpos + 1
            while i < n and curlen < max_words and not w[i].inside:
                if not _nonword(w[i].type):
                    curlen += 1
                posmarker = i
                i += 1
            i = posmarker
            while i > endpos and sel.badendpoint(i):
                if not _nonword(w[i].type):
                    curlen -= 1
                i -= 1
            endpos = i
        c["start"], c["end"], c["curlen"] = startpos, endpos, curlen
        sel.mark(highlightall, startpos, endpos)
        num_f += 1
        for k, o in enumerate(covers):
            if k != mini and ((startpos <= o["start"] <= endpos) or (startpos <= o["end"] <= endpos)
                              or (o["start"] < startpos and o["end"] > endpos)):
                o["excluded"] = True
    if num_f <= 0:
        curlen = endpos = 0
        i = 0
        while i < n and curlen < min_words:
            if not _nonword(w[i].type):
                curlen += 1
            endpos = i
            i += 1
        sel.mark(highlightall, 0, endpos)


def generate_headline(words: list[HLWord], startsel: str, stopsel: str, fragdelim: str) -> str:
    out: list[str] = []
    infrag = False
    numfragments = 0
    for w in words:
        if w.inside and not w.repeated:
            if not infrag:
                infrag = True
                numfragments += 1
                if numfragments > 1:
                    out.append(fragdelim)
            if w.replace:
                out.append(" ")
            elif not w.skip:
                out.append(f"{startsel}{w.word}{stopsel}" if w.selected else w.word)
        elif not w.repeated:
            infrag = False
    return "".join(out)


def parse_options(opt: str) -> list[tuple[str, str]]:
    """deserialize_deflist(): ``name = value`` pairs separated by commas or
    blanks; a value may be quoted with ' or "."""
    out = []
    i, n = 0, len(opt)
    while True:
        while i < n and (opt[i].isspace() or opt[i] == ","):
            i += 1
        if i >= n:
            return out
        j = i
        while j < n and not opt[j].isspace() and opt[j] not in "=,":
            j += 1
        name = opt[i:j]
        while j < n and opt[j].isspace():
            j += 1
        if not name or j >= n or opt[j] != "=":
            raise PgError(SYNTAX_ERROR, f'invalid parameter list format: "{opt}"')
        j += 1
        while j < n and opt[j].isspace():
            j += 1
        if j < n and opt[j] in "'\"":
            quote = opt[j]
            k = j + 1
            val = []
            while k < n:
                if opt[k] == quote:
                    if k + 1 < n and opt[k + 1] == quote:
                        val.append(quote)
                        k += 2
                        continue
                    break
                val.append(opt[k])
                k += 1
            if k >= n:
                raise PgError(SYNTAX_ERROR, f'invalid parameter list format: "{opt}"')
            value = "".join(val)
            i = k + 1
        else:
            k = j
            while k < n and not opt[k].isspace() and opt[k] != ",":
                k += 1
            value = opt[j:k]
            i = k
        out.append((name, value))


def _int_option(name: str, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise PgError("22P02", f'invalid input syntax for type integer: "{value}"') from None


def headline(cfg: Config, text: str, query: TSQuery, options: str | None) -> str:
    fq = FlatQuery(query)
    words = hlparsetext(cfg, fq, text)
    min_words, max_words, shortword, max_fragments = 15, 35, 3, 0
    highlightall = False
    startsel, stopsel, fragdelim = "<b>", "</b>", " ... "
    for name, value in parse_options(options or ""):
        key = name.lower()
        if key == "maxwords":
            max_words = _int_option(name, value)
        elif key == "minwords":
            min_words = _int_option(name, value)
        elif key == "shortword":
            shortword = _int_option(name, value)
        elif key == "maxfragments":
            max_fragments = _int_option(name, value)
        elif key in ("startsel", "stopsel", "fragmentdelimiter"):
            if len(value.encode("utf-8")) > 32767:        # the lengths are int16 in PostgreSQL
                label = {"startsel": "StartSel", "stopsel": "StopSel",
                         "fragmentdelimiter": "FragmentDelimiter"}[key]
                raise PgError(INVALID_PARAMETER_VALUE, f'value for "{label}" is too long')
            if key == "startsel":
                startsel = value
            elif key == "stopsel":
                stopsel = value
            else:
                fragdelim = value
        elif key == "highlightall":
            highlightall = value.lower() in ("1", "on", "true", "t", "y", "yes")
        else:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized headline parameter: "{name}"')
    max_cover = max(max_words * 10, 100)
    if max_fragments > 0:
        max_cover *= max_fragments
    if not highlightall:
        if min_words >= max_words:
            raise PgError(INVALID_PARAMETER_VALUE, "MinWords should be less than MaxWords")
        if min_words <= 0:
            raise PgError(INVALID_PARAMETER_VALUE, "MinWords should be positive")
        if shortword < 0:
            raise PgError(INVALID_PARAMETER_VALUE, "ShortWord should be >= 0")
        if max_fragments < 0:
            raise PgError(INVALID_PARAMETER_VALUE, "MaxFragments should be >= 0")
    sel = _Selector(words, fq, shortword)
    if max_fragments == 0:
        mark_hl_words(sel, highlightall, min_words, max_words, max_cover)
    else:
        mark_hl_fragments(sel, highlightall, min_words, max_words, max_fragments, max_cover)
    return generate_headline(words, startsel, stopsel, fragdelim)


@builtin("ts_headline_byid_opt")
def ts_headline_byid_opt(cfgoid: int, text: str, query: TSQuery, options: str) -> str:
    return headline(get_config(cfgoid), text, query, options)


@builtin("ts_headline_byid")
def ts_headline_byid(cfgoid: int, text: str, query: TSQuery) -> str:
    return headline(get_config(cfgoid), text, query, None)


@builtin("ts_headline_opt", ctx=True)
def ts_headline_opt(ctx: Any, text: str, query: TSQuery, options: str) -> str:
    return headline(current_config(ctx), text, query, options)


@builtin("ts_headline", ctx=True)
def ts_headline_cur(ctx: Any, text: str, query: TSQuery) -> str:
    return headline(current_config(ctx), text, query, None)

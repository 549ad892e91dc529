"""tsvector: a sorted set of lexemes with positions (PostgreSQL's tsvector.c,
tsvector_parser.c).

Where it sits: ``types/io/`` (spec/14-tsearch.md, "tsvector").  A tsvector
datum is a :class:`TSVector`: a tuple of ``(lexeme, positions)`` pairs,

    lexeme      str, never empty, at most 2047 bytes in UTF-8 (MAXSTRLEN-1)
    positions   tuple of WordEntryPos ints, ``weight << 14 | pos``, sorted by
                pos, pos in 1..16383, at most 256 of them; () = no positions
    weight      3 = A, 2 = B, 1 = C, 0 = D (the default, never printed)

Invariants (INV-TS-1): entries are sorted by the lexeme's UTF-8 bytes
(PostgreSQL's tsCompareString, which for str is code point order), no lexeme
appears twice, and a lexeme's positions are sorted and distinct (a repeated
position keeps the highest weight; PostgreSQL's uniquePos()).  Every producer
builds values through :func:`make_tsvector` or keeps these properties itself.

Text input (tsvectorin) reads words separated by blanks; a word may be
quoted with ``'`` (``''`` is a quote inside), and ``\\`` escapes any
character.  ``word:1A,2,3B`` gives positions and weights.  Output quotes
every lexeme, doubling ``'`` and ``\\``.  Ordering is tsvector_cmp
(silly_cmp_tsvector: by the value's on-disk size first, then the number of
lexemes, then lexeme by lexeme); :meth:`TSVector.varsize` computes that size
exactly as PostgreSQL lays the value out.

The word scanner :func:`gettoken_tsvector` is shared with tsquery input,
which reads operands with it (with ``oprisdelim``: ``! & | ( ) <`` end a
word and ``:`` starts the operand's modifiers instead of positions).

Entry points: TSVector, make_tsvector(), parse_tsvector(), tsvector_to_text(),
gettoken_tsvector(), and the fmgr builtins tsvectorin/out/recv/send and the
comparison functions tsvector_lt ... tsvector_cmp.
"""
from __future__ import annotations

import struct
from typing import Any, Iterable

from pgref.errors import (INVALID_BINARY_REPRESENTATION, PROGRAM_LIMIT_EXCEEDED, SYNTAX_ERROR,
                          PgError)
from pgref.types.fmgr import builtin
from pgref.types.io.common import Reader

MAXSTRLEN = (1 << 11)          # a lexeme is shorter than this many bytes
MAXSTRPOS = (1 << 20)          # all lexemes together at most this many bytes
MAXENTRYPOS = (1 << 14)        # positions are 1 .. MAXENTRYPOS-1
MAXNUMPOS = 256                # positions kept per lexeme
WEIGHT_LETTERS = "DCBA"        # weight code -> letter


def wep_pos(p: int) -> int:
    return p & 0x3FFF


def wep_weight(p: int) -> int:
    return p >> 14


def make_wep(pos: int, weight: int) -> int:
    return (weight << 14) | pos


def limitpos(x: int) -> int:
    """LIMITPOS(): positions beyond the maximum are clamped to it."""
    return MAXENTRYPOS - 1 if x >= MAXENTRYPOS else x


class TSVector:
    """A tsvector value (INV-TS-1).  Equality and hashing are by content;
    ordering is tsvector_cmp."""
    __slots__ = ("entries",)

    def __init__(self, entries: Iterable[tuple[str, tuple[int, ...]]] = ()):
        self.entries: tuple[tuple[str, tuple[int, ...]], ...] = tuple(entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TSVector) and self.entries == other.entries

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(("tsvector", self.entries))

    def __lt__(self, other: "TSVector") -> bool:
        return tsvector_compare(self, other) < 0

    def __le__(self, other: "TSVector") -> bool:
        return tsvector_compare(self, other) <= 0

    def __gt__(self, other: "TSVector") -> bool:
        return tsvector_compare(self, other) > 0

    def __ge__(self, other: "TSVector") -> bool:
        return tsvector_compare(self, other) >= 0

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"TSVector({tsvector_to_text(self)!r})"

    def lexemes(self) -> list[str]:
        return [w for w, _ in self.entries]

    def varsize(self) -> int:
        """VARSIZE of PostgreSQL's layout: header (8 bytes), one 4-byte
        WordEntry per lexeme, then the lexeme strings, each one with positions
        followed (at a 2-byte aligned offset) by a uint16 count and the
        uint16 positions."""
        buflen = 0
        for word, pos in self.entries:
            buflen += len(word.encode("utf-8"))
            if pos:
                buflen += buflen & 1
                buflen += 2 + 2 * len(pos)
        return 8 + 4 * len(self.entries) + buflen


EMPTY_TSVECTOR = TSVector(())


def unique_pos(positions: list[int]) -> tuple[int, ...]:
    """uniquePos(): sort by position, merge duplicates keeping the highest
    weight, and keep at most MAXNUMPOS positions (stopping early at the
    maximum position)."""
    if len(positions) <= 1:
        return tuple(positions)
    a = sorted(positions, key=wep_pos)
    res = [a[0]]
    for p in a[1:]:
        last = res[-1]
        if wep_pos(p) != wep_pos(last):
            res.append(p)
            if len(res) >= MAXNUMPOS or wep_pos(p) == MAXENTRYPOS - 1:
                break
        elif wep_weight(p) > wep_weight(last):
            res[-1] = make_wep(wep_pos(last), wep_weight(p))
    return tuple(res)


def make_tsvector(items: Iterable[tuple[str, Iterable[int] | None]]) -> TSVector:
    """Build a tsvector from (lexeme, positions-or-None) pairs in any order:
    sort, merge duplicate lexemes and their positions (uniqueentry()),
    establishing INV-TS-1.  A lexeme with positions in one occurrence keeps
    them even if another occurrence had none."""
    merged: dict[str, list[int] | None] = {}
    for word, pos in items:
        plist = list(pos) if pos else None
        if word in merged:
            cur = merged[word]
            if plist:
                if cur is None:
                    merged[word] = plist
                else:
                    cur.extend(plist)
        else:
            merged[word] = plist
    entries = []
    for word in sorted(merged, key=lambda w: w.encode("utf-8")):
        pos = merged[word]
        entries.append((word, unique_pos(pos) if pos else ()))
    return TSVector(entries)


# --------------------------------------------------------------- the scanner

def t_isspace(ch: str) -> bool:
    if ch < "\x80":
        return ch in " \t\n\r\v\f"
    return ch.isspace()


def t_isdigit(ch: str) -> bool:
    return "0" <= ch <= "9"


_OPERATOR_CHARS = "!&|()<"

# gettoken_tsvector's states
WAITWORD, WAITENDWORD, WAITNEXTCHAR, WAITENDCMPLX, WAITPOSINFO, INPOSINFO, WAITPOSDELIM, \
    WAITCHARCMPLX = range(1, 9)


def _syntax_error(text: str, is_tsquery: bool) -> PgError:
    kind = "tsquery" if is_tsquery else "tsvector"
    return PgError(SYNTAX_ERROR, f'syntax error in {kind}: "{text}"')


def gettoken_tsvector(text: str, start: int, *, oprisdelim: bool = False,
                      is_tsquery: bool = False, is_web: bool = False,
                      want_pos: bool = True) -> tuple[str, list[int] | None, int] | None:
    """Read one word starting at ``text[start:]`` (gettoken_tsvector()).

    Returns ``(word, positions or None, end)`` where ``end`` is the index to
    resume at, or None at the end of input.  ``oprisdelim`` is tsquery mode:
    operator characters end a word and a ``:`` ends it too (the caller reads
    the modifiers); ``is_web`` also makes ``"`` a delimiter."""
    n = len(text)
    i = start
    word: list[str] = []
    pos: list[int] = []
    state = WAITWORD
    oldstate = 0

    def ch_at(k: int) -> str:
        return text[k] if k < n else "\0"

    def isop(c: str) -> bool:
        return oprisdelim and c in _OPERATOR_CHARS

    while True:
        c = ch_at(i)
        if state == WAITWORD:
            if c == "\0":
                return None
            if c == "'" and not is_web:          # websearch: quotes and \ are ordinary
                state = WAITENDCMPLX
            elif c == "\\" and not is_web:
                state, oldstate = WAITNEXTCHAR, WAITENDWORD
            elif isop(c) or (is_web and c == '"'):
                raise _syntax_error(text, is_tsquery)
            elif not t_isspace(c):
                word.append(c)
                state = WAITENDWORD
        elif state == WAITNEXTCHAR:
            if c == "\0":
                raise PgError(SYNTAX_ERROR, f'there is no escaped character: "{text}"')
            word.append(c)
            state = oldstate
        elif state == WAITENDWORD:
            if c == "\\" and not is_web:
                state, oldstate = WAITNEXTCHAR, WAITENDWORD
            elif t_isspace(c) or c == "\0" or isop(c) or (is_web and c == '"'):
                if not word:
                    raise _syntax_error(text, is_tsquery)
                return "".join(word), (pos or None), i
            elif c == ":":
                if not word:
                    raise _syntax_error(text, is_tsquery)
                if oprisdelim:
                    return "".join(word), None, i
                state = INPOSINFO
            else:
                word.append(c)
        elif state == WAITENDCMPLX:
            if c == "'":
                state = WAITCHARCMPLX
            elif c == "\\":
                state, oldstate = WAITNEXTCHAR, WAITENDCMPLX
            elif c == "\0":
                raise _syntax_error(text, is_tsquery)
            else:
                word.append(c)
        elif state == WAITCHARCMPLX:
            if c == "'":
                word.append(c)
                state = WAITENDCMPLX
            else:
                if not word:
                    raise _syntax_error(text, is_tsquery)
                if oprisdelim:
                    return "".join(word), None, i
                state = WAITPOSINFO
                continue                      # recheck the current character
        elif state == WAITPOSINFO:
            if c == ":":
                state = INPOSINFO
            else:
                return "".join(word), (pos or None), i
        elif state == INPOSINFO:
            if t_isdigit(c):
                j = i
                while j < n and t_isdigit(text[j]):
                    j += 1
                p = limitpos(int(text[i:j]))
                if p == 0:
                    raise PgError(SYNTAX_ERROR, f'wrong position info in tsvector: "{text}"')
                pos.append(make_wep(p, 0))
                state = WAITPOSDELIM
            else:
                raise _syntax_error(text, is_tsquery)
        elif state == WAITPOSDELIM:
            if c == ",":
                state = INPOSINFO
            elif c in "aAbBcCdD*":
                w = {"a": 3, "A": 3, "*": 3, "b": 2, "B": 2, "c": 1, "C": 1, "d": 0, "D": 0}[c]
                if wep_weight(pos[-1]):
                    raise _syntax_error(text, is_tsquery)
                pos[-1] = make_wep(wep_pos(pos[-1]), w)
            elif t_isspace(c) or c == "\0":
                return "".join(word), pos, i
            elif not t_isdigit(c):
                raise _syntax_error(text, is_tsquery)
        i += 1


def parse_tsvector(text: str) -> TSVector:
    """tsvectorin()."""
    items: list[tuple[str, list[int] | None]] = []
    i = 0
    total = 0
    while True:
        tok = gettoken_tsvector(text, i)
        if tok is None:
            break
        word, pos, i = tok
        blen = len(word.encode("utf-8"))
        if blen >= MAXSTRLEN:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"word is too long ({blen} bytes, max {MAXSTRLEN - 1} bytes)")
        total += blen
        if total > MAXSTRPOS:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"string is too long for tsvector ({total} bytes, max {MAXSTRPOS} bytes)")
        items.append((word, pos))
    return make_tsvector(items)


def quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def positions_to_text(pos: tuple[int, ...]) -> str:
    return ",".join(f"{wep_pos(p)}{'' if wep_weight(p) == 0 else WEIGHT_LETTERS[wep_weight(p)]}"
                    for p in pos)


def tsvector_to_text(v: TSVector) -> str:
    """tsvectorout()."""
    parts = []
    for word, pos in v.entries:
        s = quote_lexeme(word)
        if pos:
            s += ":" + positions_to_text(pos)
        parts.append(s)
    return " ".join(parts)


def tsvector_compare(a: TSVector, b: TSVector) -> int:
    """silly_cmp_tsvector(): size, count, then lexeme by lexeme."""
    sa, sb = a.varsize(), b.varsize()
    if sa != sb:
        return -1 if sa < sb else 1
    if len(a.entries) != len(b.entries):
        return -1 if len(a.entries) < len(b.entries) else 1
    for (wa, pa), (wb, pb) in zip(a.entries, b.entries):
        ha, hb = bool(pa), bool(pb)
        if ha != hb:
            return -1 if ha > hb else 1
        ba, bb = wa.encode("utf-8"), wb.encode("utf-8")
        if ba != bb:
            return -1 if ba < bb else 1
        if ha:
            if len(pa) != len(pb):
                return -1 if len(pa) > len(pb) else 1
            for x, y in zip(pa, pb):
                if wep_pos(x) != wep_pos(y):
                    return -1 if wep_pos(x) > wep_pos(y) else 1
                if wep_weight(x) != wep_weight(y):
                    return -1 if wep_weight(x) > wep_weight(y) else 1
    return 0


# --------------------------------------------------------------- fmgr builtins

@builtin("tsvectorin", ctx=True)
def tsvectorin(ctx: Any, text: str, typioparam: int = 3614, typmod: int = -1) -> TSVector:
    return parse_tsvector(text)


@builtin("tsvectorout", ctx=True)
def tsvectorout(ctx: Any, value: TSVector) -> str:
    return tsvector_to_text(value)


@builtin("tsvectorsend", ctx=True)
def tsvectorsend(ctx: Any, value: TSVector) -> bytes:
    out = bytearray(struct.pack("!i", len(value.entries)))
    for word, pos in value.entries:
        out += word.encode("utf-8") + b"\0"
        out += struct.pack("!H", len(pos))
        for p in pos:
            out += struct.pack("!H", p)
    return bytes(out)


@builtin("tsvectorrecv", ctx=True)
def tsvectorrecv(ctx: Any, data: bytes, typioparam: int = 3614, typmod: int = -1) -> TSVector:
    """tsvectorrecv(): the checks are PostgreSQL's elog()s (XX000).  An
    unsorted vector is sorted, as PostgreSQL does; a repeated lexeme is
    merged (PostgreSQL would keep both copies, breaking its own invariant)."""
    r = Reader(data)
    (nentries,) = struct.unpack("!i", r.take(4))
    if nentries < 0 or nentries > (1 << 28):
        raise PgError("XX000", f"invalid size of tsvector: {nentries}")
    entries = []
    total = 0
    for _ in range(nentries):
        end = data.find(b"\0", r.pos)
        if end < 0:
            raise PgError(INVALID_BINARY_REPRESENTATION, "invalid string in message")
        raw = data[r.pos:end]
        r.take(end - r.pos + 1)
        if len(raw) > MAXSTRLEN:
            raise PgError("XX000", "invalid tsvector: lexeme too long")
        total += len(raw)
        if total > MAXSTRPOS:
            raise PgError("XX000", "invalid tsvector: maximum total lexeme length exceeded")
        (npos,) = struct.unpack("!H", r.take(2))
        if npos > MAXNUMPOS:
            raise PgError("XX000", "unexpected number of tsvector positions")
        pos = [struct.unpack("!H", r.take(2))[0] for _ in range(npos)]
        for k in range(1, len(pos)):
            if wep_pos(pos[k]) <= wep_pos(pos[k - 1]):
                raise PgError("XX000", "position information is misordered")
        entries.append((raw.decode("utf-8"), pos))
    r.end()
    return make_tsvector(entries)


def _cmp(a: TSVector, b: TSVector) -> int:
    return tsvector_compare(a, b)


@builtin("tsvector_cmp")
def tsvector_cmp(a: TSVector, b: TSVector) -> int:
    return _cmp(a, b)


@builtin("tsvector_lt")
def tsvector_lt(a: TSVector, b: TSVector) -> bool:
    return _cmp(a, b) < 0


@builtin("tsvector_le")
def tsvector_le(a: TSVector, b: TSVector) -> bool:
    return _cmp(a, b) <= 0


@builtin("tsvector_eq")
def tsvector_eq(a: TSVector, b: TSVector) -> bool:
    return _cmp(a, b) == 0


@builtin("tsvector_ne")
def tsvector_ne(a: TSVector, b: TSVector) -> bool:
    return _cmp(a, b) != 0


@builtin("tsvector_ge")
def tsvector_ge(a: TSVector, b: TSVector) -> bool:
    return _cmp(a, b) >= 0


@builtin("tsvector_gt")
def tsvector_gt(a: TSVector, b: TSVector) -> bool:
    return _cmp(a, b) > 0


# --------------------------------------------------------------- on-disk form

def tsvector_encode(v: TSVector) -> bytes:
    """PostgreSQL's TSVectorData after the varlena header (little-endian):
    int32 size; one uint32 WordEntry per lexeme (haspos bit 0, len bits
    1-11, offset bits 12-31); then the lexeme bytes, each lexeme with
    positions followed at a 2-byte aligned offset by uint16 npos and the
    uint16 WordEntryPos values."""
    heads = []
    data = bytearray()
    for word, pos in v.entries:
        b = word.encode("utf-8")
        heads.append((1 if pos else 0) | (len(b) << 1) | (len(data) << 12))
        data += b
        if pos:
            if len(data) & 1:
                data += b"\0"
            data += struct.pack(f"<H{len(pos)}H", len(pos), *pos)
    return struct.pack(f"<i{len(heads)}I", len(heads), *heads) + bytes(data)


def tsvector_decode(b: bytes) -> TSVector:
    (size,) = struct.unpack_from("<i", b, 0)
    heads = struct.unpack_from(f"<{size}I", b, 4)
    base = 4 + 4 * size
    entries = []
    for h in heads:
        haspos, length, off = h & 1, (h >> 1) & 0x7FF, h >> 12
        word = bytes(b[base + off:base + off + length]).decode("utf-8")
        pos: tuple[int, ...] = ()
        if haspos:
            p = off + length
            p += p & 1
            (npos,) = struct.unpack_from("<H", b, base + p)
            pos = struct.unpack_from(f"<{npos}H", b, base + p + 2)
        entries.append((word, tuple(pos)))
    return TSVector(entries)

"""PostgreSQL's pglz compression (src/common/pg_lzcompress.c), bit for bit.

Where it sits: ``access/common`` (spec/06-access.md, "TOAST").  The TOAST
code (toast.py) compresses large varlena values with it before a heap tuple
is stored, and datum.py decompresses them on read.  Because the output is
byte-identical to PostgreSQL's, a compressed datum written by pgref has the
size and bytes PostgreSQL would write (``pg_column_size`` agrees).

The format.  The output is a stream of items, each announced by one bit of a
control byte (least significant bit first; a control byte is written before
every group of eight items)::

    bit 0   literal: one byte copied as is
    bit 1   tag: 2 or 3 bytes  [oooo llll] [oooooooo] ([llllllll])
            offset = 12 bits (1..4095) back into the *output*,
            length = llll + 3 (3..17); llll = 15 means "18 + third byte"
            (so 18..273).  The copy may overlap itself (offset < length
            repeats a pattern, e.g. offset 1 = run of one byte).

The compressor.  A history table of the last 4096 input positions, chained
per hash of the next four bytes (8192 hash lists at most, fewer for small
inputs), finds the longest earlier match within 4095 bytes; the first list
entries are tried first and the "good enough" length drops by
``match_size_drop`` percent per entry visited.  Everything -- the hash
(computed on *signed* chars as x86 C does), the order of list entries, the
recycling of the oldest entry, the give-up rules (``first_success_by``
bytes with no match, or output reaching ``100 - min_comp_rate`` percent of
the input) -- follows the C code, because any difference changes the
output bytes.

Entry points:
    pglz_compress(data, strategy=STRATEGY_DEFAULT) -> bytes | None
    pglz_decompress(data, rawsize, check_complete=True) -> bytes
    Strategy, STRATEGY_DEFAULT, STRATEGY_ALWAYS
"""
from __future__ import annotations

from typing import NamedTuple

from pgref.errors import PgError, DATA_CORRUPTED

PGLZ_MAX_HISTORY_LISTS = 8192
PGLZ_HISTORY_SIZE = 4096
PGLZ_MAX_MATCH = 273
INT_MAX = 2 ** 31 - 1


class Strategy(NamedTuple):
    """PGLZ_Strategy."""
    min_input_size: int
    max_input_size: int
    min_comp_rate: int
    first_success_by: int
    match_size_good: int
    match_size_drop: int


STRATEGY_DEFAULT = Strategy(32, INT_MAX, 25, 1024, 128, 10)
STRATEGY_ALWAYS = Strategy(0, INT_MAX, 0, INT_MAX, 128, 6)

# a byte as C's (signed) char, for the hash
_SCHAR = [b - 256 if b >= 128 else b for b in range(256)]


def pglz_compress(source: bytes, strategy: Strategy = STRATEGY_DEFAULT) -> bytes | None:
    """pglz_compress: the compressed bytes, or None when the strategy says
    the input is not worth it (too small, or not compressible enough)."""
    slen = len(source)
    if strategy.match_size_good <= 0 or slen < strategy.min_input_size or \
            slen > strategy.max_input_size:
        return None
    good_match_init = min(max(strategy.match_size_good, 17), PGLZ_MAX_MATCH)
    good_drop = min(max(strategy.match_size_drop, 0), 100)
    need_rate = min(max(strategy.min_comp_rate, 0), 99)
    if slen > INT_MAX // 100:
        result_max = (slen // 100) * (100 - need_rate)
    else:
        result_max = (slen * (100 - need_rate)) // 100
    if slen < 128:
        hashsz = 512
    elif slen < 256:
        hashsz = 1024
    elif slen < 512:
        hashsz = 2048
    elif slen < 1024:
        hashsz = 4096
    else:
        hashsz = 8192
    mask = hashsz - 1
    first_success_by = strategy.first_success_by

    src = bytes(source)
    sc = [_SCHAR[b] for b in src]
    # hash of the 4 bytes at each position (the last 3 positions hash 1 byte)
    hidx = [((sc[i] << 6) ^ (sc[i + 1] << 4) ^ (sc[i + 2] << 2) ^ sc[i + 3]) & mask
            for i in range(slen - 3)]
    hidx.extend(sc[i] & mask for i in range(max(slen - 3, 0), slen))

    hist_start = [0] * hashsz
    # history entries 1..4096; index 0 = INVALID; prev -1 = NULL
    h_next = [0] * (PGLZ_HISTORY_SIZE + 1)
    h_prev = [-1] * (PGLZ_HISTORY_SIZE + 1)
    h_hindex = [0] * (PGLZ_HISTORY_SIZE + 1)
    h_pos = [0] * (PGLZ_HISTORY_SIZE + 1)
    hist_next = 1
    hist_recycle = False

    out = bytearray()
    ctrl_pos = -1            # -1: the dummy control byte before the first
    ctrlb = 0
    ctrl = 0
    found_match = False
    dp = 0

    while dp < slen:
        if len(out) >= result_max:
            return None
        if not found_match and len(out) >= first_success_by:
            return None
        # -- pglz_find_match
        match_len = 0
        match_off = 0
        good_match = good_match_init
        hent = hist_start[hidx[dp]]
        while hent != 0:
            hp = h_pos[hent]
            thisoff = dp - hp
            if thisoff >= 0x0FFF:
                break
            thislen = 0
            if match_len >= 16:
                if src[dp:dp + match_len] == src[hp:hp + match_len]:
                    thislen = match_len
                    ip = dp + match_len
                    hq = hp + match_len
                    while ip < slen and thislen < PGLZ_MAX_MATCH and src[ip] == src[hq]:
                        thislen += 1
                        ip += 1
                        hq += 1
            else:
                ip = dp
                hq = hp
                while ip < slen and thislen < PGLZ_MAX_MATCH and src[ip] == src[hq]:
                    thislen += 1
                    ip += 1
                    hq += 1
            if thislen > match_len:
                match_len = thislen
                match_off = thisoff
            hent = h_next[hent]
            if hent != 0:
                if match_len >= good_match:
                    break
                good_match -= (good_match * good_drop) // 100
        # -- pglz_out_ctrl
        if ctrl & 0xFF == 0:
            if ctrl_pos >= 0:
                out[ctrl_pos] = ctrlb
            ctrl_pos = len(out)
            out.append(0)
            ctrlb = 0
            ctrl = 1
        if match_len > 2:
            ctrlb |= ctrl
            ctrl <<= 1
            if match_len > 17:
                out += bytes((((match_off & 0xF00) >> 4) | 0x0F, match_off & 0xFF,
                              match_len - 18))
            else:
                out += bytes((((match_off & 0xF00) >> 4) | (match_len - 3), match_off & 0xFF))
            n = match_len
            found_match = True
        else:
            out.append(src[dp])
            ctrl <<= 1
            n = 1
        # -- pglz_hist_add for each consumed byte
        for p in range(dp, dp + n):
            hi = hidx[p]
            me = hist_next
            if hist_recycle:
                pv = h_prev[me]
                nx = h_next[me]
                if pv == -1:
                    hist_start[h_hindex[me]] = nx
                else:
                    h_next[pv] = nx
                h_prev[nx] = pv           # scribbles on entry 0 when nx is 0: harmless
            head = hist_start[hi]
            h_next[me] = head
            h_prev[me] = -1
            h_hindex[me] = hi
            h_pos[me] = p
            h_prev[head] = me             # entry 0 when the list was empty: harmless
            hist_start[hi] = me
            hist_next += 1
            if hist_next >= PGLZ_HISTORY_SIZE + 1:
                hist_next = 1
                hist_recycle = True
        dp += n

    if ctrl_pos >= 0:
        out[ctrl_pos] = ctrlb
    if len(out) >= result_max:
        return None
    return bytes(out)


def pglz_decompress(source: bytes, rawsize: int, check_complete: bool = True) -> bytes:
    """pglz_decompress: ``rawsize`` bytes from the compressed stream.  A
    stream that does not decode to exactly ``rawsize`` bytes (with
    ``check_complete``) raises XX001 as PostgreSQL's detoasting does."""
    sp = 0
    srcend = len(source)
    out = bytearray()
    while sp < srcend and len(out) < rawsize:
        ctrl = source[sp]
        sp += 1
        ctrlc = 0
        while ctrlc < 8 and sp < srcend and len(out) < rawsize:
            if ctrl & 1:
                if sp + 1 >= srcend:
                    raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
                b0 = source[sp]
                length = (b0 & 0x0F) + 3
                off = ((b0 & 0xF0) << 4) | source[sp + 1]
                sp += 2
                if length == 18:
                    if sp >= srcend:
                        raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
                    length += source[sp]
                    sp += 1
                length = min(length, rawsize - len(out))
                if off == 0 or off > len(out):
                    raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
                start = len(out) - off
                if off >= length:
                    out += out[start:start + length]
                else:                      # overlapping copy: repeat the pattern
                    pattern = bytes(out[start:])
                    reps = -(-length // off)
                    out += (pattern * reps)[:length]
            else:
                out.append(source[sp])
                sp += 1
            ctrl >>= 1
            ctrlc += 1
    if check_complete and (len(out) != rawsize or sp != srcend):
        raise PgError(DATA_CORRUPTED, "compressed pglz data is corrupt")
    return bytes(out)

"""Slotted 8 KB pages in PostgreSQL's exact layout (bufpage.h / bufpage.c).

Where it sits: the lowest layer that knows what is *inside* a block
(spec/05-storage.md, "Page layout").  The buffer manager hands out pages as
``memoryview`` slices of its mmap'd pool; the functions here read and write
those slices in place -- nothing copies a whole page on the hot paths.  Only
``access/`` (heap, btree) calls this module; nothing above ``access/`` knows
a page layout.

Layout of one page (all integers little-endian, as PostgreSQL on x86-64)::

    offset  size  field                 meaning
    ------  ----  --------------------  ----------------------------------------
         0     8  pd_lsn                LSN of the last WAL record touching the
                                        page: xlogid (u32) then xrecoff (u32)
         8     2  pd_checksum           0 (data checksums are off)
        10     2  pd_flags              PD_HAS_FREE_LINES 1, PD_PAGE_FULL 2,
                                        PD_ALL_VISIBLE 4
        12     2  pd_lower              end of the line pointer array
        14     2  pd_upper              start of tuple space (tuples grow down)
        16     2  pd_special            start of the special space
        18     2  pd_pagesize_version   8192 | 4  (0x2004)
        20     4  pd_prune_xid          oldest prunable xid, 0 = none
        24   4*n  ItemIdData[n]         line pointers, offset numbers 1..n
         ...      free space            pd_lower .. pd_upper
    pd_upper      tuples                each MAXALIGNed (8), newest lowest
    pd_special    special space         e.g. BTPageOpaqueData (16 bytes)
      8192

    ItemIdData (one u32): lp_off = bits 0..14, lp_flags = bits 15..16,
    lp_len = bits 17..31   (GCC's bit-field order on little-endian), i.e.
    word = lp_off | lp_flags << 15 | lp_len << 17.
    lp_flags: LP_UNUSED 0, LP_NORMAL 1, LP_REDIRECT 2, LP_DEAD 3.

Entry points:
    page_init(page, special_size=0)
    page_add_item(page, item, offnum=None, is_heap=True) -> offnum | 0
    page_get_item(page, offnum) -> (lp_off, lp_len)  /  page_item_bytes(...)
    page_replace_item(page, offnum, item) -> bool   (PageIndexTupleOverwrite)
    page_mark_dead / page_mark_unused / page_index_delete (PageIndexTupleDelete)
    page_free_space / page_heap_free_space / page_max_offset
    page_repair_fragmentation(page)                 (PageRepairFragmentation)
    page_get_lsn / page_set_lsn, page_is_new

Invariants enforced here: INV-STORAGE-1 (24 <= pd_lower <= pd_upper <=
pd_special <= 8192), INV-STORAGE-2 (every LP_NORMAL item lies inside
[pd_upper, pd_special) at a MAXALIGNed offset), INV-STORAGE-3 (offset
numbers are 1-based and stable for heap items until compaction frees a dead
line pointer).
"""
from __future__ import annotations

import struct

from pgref.errors import PgError, DATA_CORRUPTED, INTERNAL_ERROR

BLCKSZ = 8192
MAXIMUM_ALIGNOF = 8
PG_PAGE_LAYOUT_VERSION = 4
SIZE_OF_PAGE_HEADER = 24
SIZE_OF_ITEMID = 4

PD_HAS_FREE_LINES = 0x0001
PD_PAGE_FULL = 0x0002
PD_ALL_VISIBLE = 0x0004

LP_UNUSED = 0
LP_NORMAL = 1
LP_REDIRECT = 2
LP_DEAD = 3

INVALID_OFFSET_NUMBER = 0
FIRST_OFFSET_NUMBER = 1
# MaxHeapTuplesPerPage: (BLCKSZ - 24) / (MAXALIGN(23) + 4) = 291
MAX_HEAP_TUPLES_PER_PAGE = (BLCKSZ - SIZE_OF_PAGE_HEADER) // (24 + SIZE_OF_ITEMID)
# MaxHeapTupleSize: BLCKSZ - MAXALIGN(SizeOfPageHeaderData + sizeof(ItemIdData))
MAX_HEAP_TUPLE_SIZE = BLCKSZ - 32

HEADER = struct.Struct("<IIHHHHHHI")     # the whole 24-byte header
_LSN = struct.Struct("<II")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_LOWER_UPPER = struct.Struct("<HH")      # pd_lower, pd_upper at offset 12
_LOWER_UPPER_SPECIAL = struct.Struct("<HHH")

_u16_from = _U16.unpack_from
_u16_into = _U16.pack_into
_u32_from = _U32.unpack_from
_u32_into = _U32.pack_into
_lu_from = _LOWER_UPPER.unpack_from
_lu_into = _LOWER_UPPER.pack_into
_lus_from = _LOWER_UPPER_SPECIAL.unpack_from

OFF_FLAGS = 10
OFF_LOWER = 12
OFF_UPPER = 14
OFF_SPECIAL = 16
OFF_PRUNE_XID = 20


def maxalign(n: int) -> int:
    return (n + 7) & ~7


def make_itemid(off: int, flags: int, length: int) -> int:
    """Pack one line pointer word (see the table in the module docstring)."""
    return off | (flags << 15) | (length << 17)


def split_itemid(word: int) -> tuple[int, int, int]:
    """(lp_off, lp_flags, lp_len) of a line pointer word."""
    return word & 0x7FFF, (word >> 15) & 3, word >> 17


# -- header -----------------------------------------------------------------

def page_init(page, special_size: int = 0) -> None:
    """PageInit: zero the page and set an empty header; the special space is
    MAXALIGN(special_size) bytes at the end."""
    special_size = maxalign(special_size)
    page[:] = bytes(BLCKSZ)
    special = BLCKSZ - special_size
    HEADER.pack_into(page, 0, 0, 0, 0, 0, SIZE_OF_PAGE_HEADER, special, special,
                     BLCKSZ | PG_PAGE_LAYOUT_VERSION, 0)


def page_is_new(page) -> bool:
    """A page never initialised (all zero header): PageIsNew tests pd_upper."""
    return _u16_from(page, OFF_UPPER)[0] == 0


def page_header(page) -> tuple:
    """All header fields: (lsn, checksum, flags, lower, upper, special,
    pagesize_version, prune_xid); lsn as one 64-bit int."""
    hi, lo, cks, flags, lower, upper, special, psv, prune = HEADER.unpack_from(page, 0)
    return ((hi << 32) | lo, cks, flags, lower, upper, special, psv, prune)


def page_get_lsn(page) -> int:
    hi, lo = _LSN.unpack_from(page, 0)
    return (hi << 32) | lo


def page_set_lsn(page, lsn: int) -> None:
    _LSN.pack_into(page, 0, lsn >> 32, lsn & 0xFFFFFFFF)


def page_get_flags(page) -> int:
    return _u16_from(page, OFF_FLAGS)[0]


def page_set_flags(page, flags: int) -> None:
    _u16_into(page, OFF_FLAGS, flags)


def page_special_offset(page) -> int:
    return _u16_from(page, OFF_SPECIAL)[0]


def page_max_offset(page) -> int:
    """PageGetMaxOffsetNumber: number of line pointers."""
    lower = _u16_from(page, OFF_LOWER)[0]
    return (lower - SIZE_OF_PAGE_HEADER) >> 2 if lower > SIZE_OF_PAGE_HEADER else 0


def page_free_space(page) -> int:
    """PageGetFreeSpace: bytes free for one more item *and* its line pointer."""
    lower, upper = _lu_from(page, OFF_LOWER)
    space = upper - lower
    return space - SIZE_OF_ITEMID if space >= SIZE_OF_ITEMID else 0


def page_heap_free_space(page) -> int:
    """PageGetHeapFreeSpace: like page_free_space, but 0 when the page
    already holds MaxHeapTuplesPerPage line pointers none of which is free."""
    lower, upper = _lu_from(page, OFF_LOWER)
    space = upper - lower
    if space < SIZE_OF_ITEMID:
        return 0
    space -= SIZE_OF_ITEMID
    nline = (lower - SIZE_OF_PAGE_HEADER) >> 2
    if nline >= MAX_HEAP_TUPLES_PER_PAGE:
        if not (_u16_from(page, OFF_FLAGS)[0] & PD_HAS_FREE_LINES):
            return 0
        for i in range(nline):
            if (_u32_from(page, SIZE_OF_PAGE_HEADER + 4 * i)[0] >> 15) & 3 == LP_UNUSED:
                return space
        return 0
    return space


# -- line pointers ------------------------------------------------------------

def page_get_itemid(page, offnum: int) -> tuple[int, int, int]:
    """(lp_off, lp_flags, lp_len) of line pointer ``offnum`` (1-based)."""
    w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (offnum - 1))[0]
    return w & 0x7FFF, (w >> 15) & 3, w >> 17


def page_set_itemid(page, offnum: int, off: int, flags: int, length: int) -> None:
    _u32_into(page, SIZE_OF_PAGE_HEADER + 4 * (offnum - 1), off | (flags << 15) | (length << 17))


def page_get_item(page, offnum: int) -> tuple[int, int]:
    """(lp_off, lp_len) of a LP_NORMAL item; (0, 0) for any other state or
    an offset number past the end."""
    lower = _u16_from(page, OFF_LOWER)[0]
    pos = SIZE_OF_PAGE_HEADER + 4 * (offnum - 1)
    if offnum < 1 or pos >= lower:
        return 0, 0
    w = _u32_from(page, pos)[0]
    if (w >> 15) & 3 != LP_NORMAL:
        return 0, 0
    return w & 0x7FFF, w >> 17


def page_item_bytes(page, offnum: int) -> bytes:
    """A copy of item ``offnum`` (must be LP_NORMAL)."""
    w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (offnum - 1))[0]
    off = w & 0x7FFF
    return bytes(page[off:off + (w >> 17)])


def page_add_item(page, item, offnum: int | None = None, is_heap: bool = True) -> int:
    """PageAddItemExtended.  Store ``item`` (bytes-like) and return its
    offset number, or 0 (InvalidOffsetNumber) when it does not fit.

    Heap pages (``offnum`` None, ``is_heap``): reuse the first LP_UNUSED line
    pointer when PD_HAS_FREE_LINES says there is one, else append.  Index
    pages (``offnum`` given): insert at ``offnum`` and shift the line
    pointers from there up by one (order of line pointers = key order).
    """
    size = len(item)
    lower, upper, special = _lus_from(page, OFF_LOWER)
    # INV-STORAGE-1
    if not (SIZE_OF_PAGE_HEADER <= lower <= upper <= special <= BLCKSZ):
        raise PgError(DATA_CORRUPTED, f"corrupted page pointers: lower = {lower}, "
                      f"upper = {upper}, special = {special}")
    nline = (lower - SIZE_OF_PAGE_HEADER) >> 2
    need_shuffle = False
    reuse = False
    if offnum is None:
        offnum = nline + 1
        if is_heap and (_u16_from(page, OFF_FLAGS)[0] & PD_HAS_FREE_LINES):
            for i in range(nline):
                w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * i)[0]
                if (w >> 15) & 3 == LP_UNUSED and (w >> 17) == 0:
                    offnum = i + 1
                    reuse = True
                    break
            else:
                # hint was stale: clear it (PageClearHasFreeLinePointers)
                _u16_into(page, OFF_FLAGS, _u16_from(page, OFF_FLAGS)[0] & ~PD_HAS_FREE_LINES)
    else:
        if offnum < 1 or offnum > nline + 1:
            raise PgError(INTERNAL_ERROR, f"invalid offset number {offnum} to add item")
        need_shuffle = offnum <= nline
    if is_heap and offnum > MAX_HEAP_TUPLES_PER_PAGE:
        return INVALID_OFFSET_NUMBER
    new_lower = lower if reuse else lower + SIZE_OF_ITEMID
    aligned = (size + 7) & ~7
    new_upper = upper - aligned
    if new_lower > new_upper:
        return INVALID_OFFSET_NUMBER
    if need_shuffle:
        start = SIZE_OF_PAGE_HEADER + 4 * (offnum - 1)
        page[start + 4:lower + 4] = page[start:lower]
    page[new_upper:new_upper + size] = item
    if aligned != size:
        page[new_upper + size:new_upper + aligned] = bytes(aligned - size)
    _u32_into(page, SIZE_OF_PAGE_HEADER + 4 * (offnum - 1),
              new_upper | (LP_NORMAL << 15) | (size << 17))
    _lu_into(page, OFF_LOWER, new_lower, new_upper)
    return offnum


def page_mark_dead(page, offnum: int) -> None:
    """ItemIdMarkDead: keep lp_off/lp_len (storage reclaimed on compaction)."""
    off, _flags, length = page_get_itemid(page, offnum)
    page_set_itemid(page, offnum, off, LP_DEAD, length)


def page_mark_unused(page, offnum: int) -> None:
    """ItemIdSetUnused, and remember there is a free line pointer."""
    page_set_itemid(page, offnum, 0, LP_UNUSED, 0)
    _u16_into(page, OFF_FLAGS, _u16_from(page, OFF_FLAGS)[0] | PD_HAS_FREE_LINES)


def page_replace_item(page, offnum: int, item) -> bool:
    """PageIndexTupleOverwrite: replace item ``offnum`` by ``item`` keeping
    its offset number; returns False when the page lacks room.  Other items'
    storage moves to close or open the gap (line pointers are adjusted)."""
    off, flags, oldlen = page_get_itemid(page, offnum)
    lower, upper = _lu_from(page, OFF_LOWER)
    old_al = (oldlen + 7) & ~7
    new_al = (len(item) + 7) & ~7
    if new_al - old_al > upper - lower:
        return False
    delta = old_al - new_al            # > 0: item shrinks, data below moves up
    if delta:
        page[upper + delta:off + delta] = page[upper:off]
        nline = (lower - SIZE_OF_PAGE_HEADER) >> 2
        for i in range(nline):
            pos = SIZE_OF_PAGE_HEADER + 4 * i
            w = _u32_from(page, pos)[0]
            o = w & 0x7FFF
            if (w >> 17) and o < off:
                _u32_into(page, pos, (w & ~0x7FFF) | (o + delta))
        upper += delta
        off += delta
        _lu_into(page, OFF_LOWER, lower, upper)
    page[off:off + len(item)] = item
    if new_al != len(item):
        page[off + len(item):off + new_al] = bytes(new_al - len(item))
    page_set_itemid(page, offnum, off, LP_NORMAL, len(item))
    return True


def page_index_delete(page, offnum: int) -> None:
    """PageIndexTupleDelete: remove item ``offnum`` entirely -- its storage
    is reclaimed at once and later line pointers shift down by one (index
    pages only: heap offset numbers must stay stable, INV-STORAGE-3)."""
    off, _flags, length = page_get_itemid(page, offnum)
    lower, upper = _lu_from(page, OFF_LOWER)
    size = (length + 7) & ~7
    if size:
        page[upper + size:off + size] = page[upper:off]
        page[upper:upper + size] = bytes(size)
    start = SIZE_OF_PAGE_HEADER + 4 * (offnum - 1)
    page[start:lower - 4] = page[start + 4:lower]
    page[lower - 4:lower] = b"\0\0\0\0"
    lower -= 4
    if size:
        nline = (lower - SIZE_OF_PAGE_HEADER) >> 2
        for i in range(nline):
            pos = SIZE_OF_PAGE_HEADER + 4 * i
            w = _u32_from(page, pos)[0]
            o = w & 0x7FFF
            if (w >> 17) and o < off:
                _u32_into(page, pos, (w & ~0x7FFF) | (o + size))
        upper += size
    _lu_into(page, OFF_LOWER, lower, upper)


def page_truncate_items(page, keep: int) -> None:
    """Drop every line pointer after ``keep`` and rebuild tuple space so that
    only items 1..keep remain (used by btree page splits)."""
    lower = _u16_from(page, OFF_LOWER)[0]
    new_lower = SIZE_OF_PAGE_HEADER + 4 * keep
    page[new_lower:lower] = bytes(lower - new_lower)
    _u16_into(page, OFF_LOWER, new_lower)
    page_repair_fragmentation(page)


def page_repair_fragmentation(page) -> int:
    """PageRepairFragmentation: pack the storage of every LP_NORMAL item
    against pd_special (keeping line pointer numbers -- INV-STORAGE-3),
    release the storage of LP_DEAD items (lp_len 0), drop trailing unused
    line pointers, and set/clear PD_HAS_FREE_LINES.  Returns the new
    free space (page_free_space)."""
    lower, upper, special = _lus_from(page, OFF_LOWER)
    nline = (lower - SIZE_OF_PAGE_HEADER) >> 2
    items = []
    has_free = False
    for i in range(nline):
        pos = SIZE_OF_PAGE_HEADER + 4 * i
        w = _u32_from(page, pos)[0]
        flags = (w >> 15) & 3
        if flags == LP_NORMAL:
            items.append((w & 0x7FFF, w >> 17, i))
        elif flags == LP_DEAD:
            _u32_into(page, pos, LP_DEAD << 15)
        else:
            _u32_into(page, pos, 0)
            has_free = True
    # copy all items out first: moves may overlap
    items.sort(reverse=True)                     # highest offset first
    datas = [(bytes(page[o:o + ln]), ln, i) for o, ln, i in items]
    pos = special
    for data, ln, i in datas:
        pos -= (ln + 7) & ~7
        page[pos:pos + ln] = data
        _u32_into(page, SIZE_OF_PAGE_HEADER + 4 * i, pos | (LP_NORMAL << 15) | (ln << 17))
    if pos > lower:
        page[lower:pos] = bytes(pos - lower)
    # trailing unused line pointers go away entirely
    while nline and _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (nline - 1))[0] == 0:
        nline -= 1
    lower = SIZE_OF_PAGE_HEADER + 4 * nline
    has_free = any(_u32_from(page, SIZE_OF_PAGE_HEADER + 4 * i)[0] == 0 for i in range(nline))
    flags = _u16_from(page, OFF_FLAGS)[0]
    flags = (flags | PD_HAS_FREE_LINES) if has_free else (flags & ~PD_HAS_FREE_LINES)
    _u16_into(page, OFF_FLAGS, flags & ~PD_PAGE_FULL)
    _lu_into(page, OFF_LOWER, lower, pos)
    return page_free_space(page)

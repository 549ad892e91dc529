"""B+tree index access method on 8 KB pages (PostgreSQL's nbtree, simplified).

Where it sits: the executor finds rows by key through :class:`BTree`
(spec/06-access.md, "B-tree").  Keys are tuples of Python values ordered by
a caller-supplied ``compare(a, b) -> -1/0/1`` (column-wise, with each
column's ASC/DESC and NULLS FIRST/LAST already folded in -- see
:func:`make_compare`); entries are (key, heap TID) pairs.  Equal keys are
allowed; the heap TID breaks ties (PostgreSQL 12+), so every entry has a
unique position and ``delete(key, tid)`` finds exactly one.

Pages (all with PageHeaderData and a 16-byte special area)::

    block 0: metapage  BTMetaPageData at offset 24:
             btm_magic 0x053162, btm_version 4, btm_root, btm_level,
             btm_fastroot, btm_fastlevel, btm_last_cleanup_num_delpages,
             (pad), btm_last_cleanup_num_heap_tuples f8, btm_allequalimage
    others:  offset 1 = high key (absent on the rightmost page of a level),
             then the data items in key order.
    special (BTPageOpaqueData, at 8176): btpo_prev u32, btpo_next u32,
             btpo_level u32, btpo_flags u16 (LEAF 1, ROOT 2, META 8),
             btpo_cycleid u16

    leaf item:   IndexTuple, t_tid = heap TID, key attributes
    pivot item:  IndexTuple with INDEX_ALT_TID_MASK; t_tid block = child
                 (downlink; 0 in high keys), t_tid offset = nkeyatts |
                 0x1000 (BT_PIVOT_HEAP_TID_ATTR); the heap TID tie-breaker
                 in the last 6 bytes.  The first item of an internal page
                 is "minus infinity": no attributes at all.

The tree invariant (INV-ACCESS-5): a pivot P_i with downlink c_i on an
internal page, followed by P_{i+1}, means every entry under c_i is in
(P_i, P_{i+1}] ordered by (key, heap TID); a page's high key is an inclusive
upper bound of its entries.  On a split the new pivot is a copy of the last
entry of the left half (PostgreSQL's "lastleft" heap TID rule, without
suffix truncation).

Search (``_descend``) follows PostgreSQL's _bt_search/_bt_binsrch: on
internal pages take the last pivot < scankey (``nextkey`` False) or <=
scankey (``nextkey`` True); on the leaf, the first entry >= (>) the scankey.
A scankey may be a prefix of the index columns and may omit the heap TID.
Scans read a whole leaf page at a time into a list and remember its right
(left) link, so inserting into the index while a scan is suspended never
makes it return an entry twice.

Entry points:
    BTree.create(bufmgr, relfile, attrs, compare, name) / BTree(...)
    insert(key, tid)                delete(key, tid) -> bool
    scan(lower, lower_inclusive, upper, upper_inclusive, backward)
        -> iterator of (key, tid)
    find_equal(key) -> iterator of tid
    build(sorted_entries)           truncate()       check() (debug)
    make_compare(ncols, descending, nulls_first)
"""
from __future__ import annotations

import struct
from decimal import Decimal

from pgref.access.common.datum import TupleDesc
from pgref.access.common.itup import (
    INDEX_AM_RESERVED_BIT, INDEX_NULL_MASK, INDEX_SIZE_MASK, ITUP, form_index_tuple,
)
from pgref.errors import PgError, PROGRAM_LIMIT_EXCEEDED, INTERNAL_ERROR, DATA_CORRUPTED
from pgref.storage.page import (
    BLCKSZ, SIZE_OF_PAGE_HEADER, page_add_item, page_free_space, page_get_itemid,
    page_index_delete, page_init, page_max_offset,
)

BTREE_MAGIC = 0x053162
BTREE_VERSION = 4
P_NONE = 0
BTP_LEAF = 1
BTP_ROOT = 2
BTP_DELETED = 4
BTP_META = 8
BT_OFFSET_MASK = 0x0FFF
BT_PIVOT_HEAP_TID_ATTR = 0x1000
BTREE_METAPAGE = 0
BTREE_DEFAULT_FILLFACTOR = 90
BTREE_NONLEAF_FILLFACTOR = 70
# BTMaxItemSize: MAXALIGN_DOWN((8192 - MAXALIGN(24 + 3*4) - MAXALIGN(16)) / 3) - MAXALIGN(6)
BT_MAX_ITEM_SIZE = ((BLCKSZ - 40 - 16) // 3 & ~7) - 8          # 2704
SPECIAL_SIZE = 16
SPECIAL_OFF = BLCKSZ - SPECIAL_SIZE

OPAQUE = struct.Struct("<IIIHH")
META = struct.Struct("<IIIIIII4xd?")
_opaque_from = OPAQUE.unpack_from
_itup_from = ITUP.unpack_from
_u32_from = struct.Struct("<I").unpack_from
_TID = struct.Struct("<HHH")
_tid_from = _TID.unpack_from

MINUS_INF = None     # the key of an internal page's first item


# -- comparison -----------------------------------------------------------------

def _cmp_values(a, b) -> int:
    """Default per-column order for Python values; NaN sorts above
    everything and equals itself, as in PostgreSQL's float and numeric."""
    ta = type(a)
    if ta is float or ta is Decimal or type(b) is float or type(b) is Decimal:
        a_nan = (a != a) if ta is float else (a.is_nan() if ta is Decimal else False)
        b_nan = (b != b) if type(b) is float else (b.is_nan() if type(b) is Decimal else False)
        if a_nan or b_nan:
            return (a_nan > b_nan) - (a_nan < b_nan)
    if a < b:
        return -1
    return 1 if b < a else 0


def make_compare(ncols: int, descending=None, nulls_first=None, column_cmps=None):
    """A ``compare(a, b)`` for key tuples (of any prefix length <= ncols).
    Defaults follow PostgreSQL: ASC NULLS LAST, and DESC implies NULLS
    FIRST.  ``column_cmps`` are optional per-column value comparators
    (e.g. from the btree support functions in fmgr)."""
    desc = list(descending or [False] * ncols)
    nf = list(nulls_first) if nulls_first is not None else list(desc)
    cmps = list(column_cmps or [_cmp_values] * ncols)
    cols = list(zip(desc, nf, cmps))

    def compare(a, b) -> int:
        for (d, nfirst, cmp), x, y in zip(cols, a, b):
            if x is None or y is None:
                if x is None and y is None:
                    continue
                # a NULL comes first iff nulls_first (independent of DESC)
                if x is None:
                    return -1 if nfirst else 1
                return 1 if nfirst else -1
            c = cmp(x, y)
            if c:
                return -c if d else c
        return 0
    return compare


class BTree:
    """One B-tree index over a relation file (see module docstring)."""

    def __init__(self, bufmgr, relfile, attrs, compare=None, name: str = ""):
        self.bm = bufmgr
        self.rel = relfile
        self.desc = TupleDesc(attrs)
        self.natts = self.desc.natts
        self.compare = compare or make_compare(self.natts)
        self.name = name
        self._descs = {self.natts: self.desc}
        if bufmgr.nblocks(relfile) == 0:
            self._init_meta()

    @classmethod
    def create(cls, bufmgr, relfile, attrs, compare=None, name: str = "") -> "BTree":
        bufmgr.create(relfile)
        return cls(bufmgr, relfile, attrs, compare, name)

    # -- page helpers ---------------------------------------------------------------
    def _init_meta(self) -> None:
        blk, buf = self.bm.extend(self.rel)
        if blk != BTREE_METAPAGE:
            raise PgError(INTERNAL_ERROR, f'index "{self.name}" metapage is not block 0')
        try:
            page = self.bm.page(buf)
            page_init(page, SPECIAL_SIZE)
            META.pack_into(page, SIZE_OF_PAGE_HEADER, BTREE_MAGIC, BTREE_VERSION, P_NONE, 0,
                           P_NONE, 0, 0, -1.0, False)
            struct.pack_into("<H", page, 12, SIZE_OF_PAGE_HEADER + 48)     # pd_lower
            OPAQUE.pack_into(page, SPECIAL_OFF, P_NONE, P_NONE, 0, BTP_META, 0)
            self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)

    def _meta(self) -> tuple[int, int]:
        """(root block or P_NONE, root level)."""
        buf = self.bm.pin(self.rel, BTREE_METAPAGE)
        try:
            page = self.bm.page(buf)
            magic, version, root, level = struct.unpack_from("<IIII", page, SIZE_OF_PAGE_HEADER)
            if magic != BTREE_MAGIC:
                raise PgError(DATA_CORRUPTED, f'index "{self.name}" is not a btree')
            return root, level
        finally:
            self.bm.unpin(buf)

    def _set_meta_root(self, root: int, level: int) -> None:
        buf = self.bm.pin(self.rel, BTREE_METAPAGE)
        try:
            page = self.bm.page(buf)
            struct.pack_into("<IIII", page, SIZE_OF_PAGE_HEADER + 8, root, level, root, level)
            self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)

    def _new_page(self, flags: int, level: int) -> tuple[int, int]:
        blk, buf = self.bm.extend(self.rel)
        page = self.bm.page(buf)
        page_init(page, SPECIAL_SIZE)
        OPAQUE.pack_into(page, SPECIAL_OFF, P_NONE, P_NONE, level, flags, 0)
        self.bm.mark_dirty(buf)
        return blk, buf

    def _desc_n(self, n: int) -> TupleDesc:
        d = self._descs.get(n)
        if d is None:
            d = self._descs[n] = TupleDesc(self.desc.attrs[:n])
        return d

    # -- item decoding ----------------------------------------------------------------
    def _item(self, page, offnum: int):
        """(key or MINUS_INF, heap tid or None, downlink) of item ``offnum``."""
        w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (offnum - 1))[0]
        off = w & 0x7FFF
        hi, lo, pos, info = _itup_from(page, off)
        if info & INDEX_AM_RESERVED_BIT:                 # pivot tuple
            natts = pos & BT_OFFSET_MASK
            if natts == 0:
                return MINUS_INF, None, (hi << 16) | lo
            size = info & INDEX_SIZE_MASK
            thi, tlo, tpos = _tid_from(page, off + size - 6)
            desc = self._desc_n(natts)
            if info & INDEX_NULL_MASK:
                key = desc.deform(page, off + 16, bytes(page[off + 8:off + 8 + desc.bitmap_len]))
            else:
                key = desc.deform(page, off + 8, None)
            return tuple(key), ((thi << 16) | tlo, tpos), (hi << 16) | lo
        desc = self.desc
        if info & INDEX_NULL_MASK:
            key = desc.deform(page, off + 16, bytes(page[off + 8:off + 8 + desc.bitmap_len]))
        else:
            key = desc.deform(page, off + 8, None)
        return tuple(key), ((hi << 16) | lo, pos), P_NONE

    def _item_bytes(self, page, offnum: int) -> bytes:
        off, _flags, length = page_get_itemid(page, offnum)
        return bytes(page[off:off + length])

    @staticmethod
    def _make_pivot(item: bytes, downlink: int) -> bytearray:
        """A pivot from a leaf item (key + heap TID at the end) or from a
        pivot (re-pointed to ``downlink``)."""
        hi, lo, pos, info = _itup_from(item, 0)
        if info & INDEX_AM_RESERVED_BIT:
            piv = bytearray(item)
            _TID.pack_into(piv, 0, downlink >> 16, downlink & 0xFFFF, pos)
            return piv
        size = info & INDEX_SIZE_MASK
        piv = bytearray(size + 8)
        piv[:size] = item
        natts_bits = BT_PIVOT_HEAP_TID_ATTR
        ITUP.pack_into(piv, 0, downlink >> 16, downlink & 0xFFFF, natts_bits, 0)
        # natts goes in the offset field; filled by the caller-independent rule below
        struct.pack_into("<H", piv, 6, ((size + 8) & INDEX_SIZE_MASK) | (info & ~INDEX_SIZE_MASK)
                         | INDEX_AM_RESERVED_BIT)
        _TID.pack_into(piv, size + 8 - 6, hi, lo, pos)
        return piv

    def _pivot_from_leaf(self, item: bytes, downlink: int) -> bytearray:
        piv = self._make_pivot(item, downlink)
        if not _itup_from(item, 0)[3] & INDEX_AM_RESERVED_BIT:
            struct.pack_into("<H", piv, 4, self.natts | BT_PIVOT_HEAP_TID_ATTR)
        return piv

    @staticmethod
    def _minus_inf(downlink: int) -> bytes:
        t = bytearray(8)
        ITUP.pack_into(t, 0, downlink >> 16, downlink & 0xFFFF, 0, 8 | INDEX_AM_RESERVED_BIT)
        return bytes(t)

    # -- comparing ------------------------------------------------------------------------
    def _cmp(self, key, tid, skey, stid) -> int:
        """Sign of item (key, tid) against scankey (skey, stid); skey may be
        a prefix, stid may be None (then equal keys compare equal)."""
        if key is MINUS_INF:
            return -1
        n = len(skey)
        c = self.compare(key if n == self.natts else key[:n], skey)
        if c or stid is None or n < self.natts:
            return c
        if tid is None:
            return -1
        return (tid > stid) - (tid < stid)

    def _binsrch(self, page, skey, stid, nextkey: bool) -> int:
        """_bt_binsrch: on a leaf, the first data offset whose item is >=
        (nextkey: >) the scankey (may be max+1); on an internal page, the
        last item < (nextkey: <=) the scankey."""
        opaque = _opaque_from(page, SPECIAL_OFF)
        low = 1 if opaque[1] == P_NONE else 2           # P_FIRSTDATAKEY
        high = page_max_offset(page) + 1
        isleaf = opaque[3] & BTP_LEAF
        if not isleaf:
            low += 1          # the first data item is minus infinity: always < scankey
        cond = 1 if nextkey else 0   # first item with cmp >= cond
        while low < high:
            mid = (low + high) >> 1
            key, tid, _down = self._item(page, mid)
            c = self._cmp(key, tid, skey, stid)
            if c >= cond:
                high = mid
            else:
                low = mid + 1
        # here: first item with cmp >= 1 (nextkey) or >= 0
        if isleaf:
            return low
        return low - 1

    def _move_right_needed(self, page, skey, stid, nextkey: bool) -> bool:
        """L&Y: the scankey is beyond this page's high key."""
        opaque = _opaque_from(page, SPECIAL_OFF)
        if opaque[1] == P_NONE:
            return False
        key, tid, _down = self._item(page, 1)
        c = self._cmp(key, tid, skey, stid)
        return c <= 0 if nextkey else c < 0

    def _descend(self, skey, stid, nextkey: bool):
        """_bt_search: (leaf block, pinned buffer, stack of (block, offnum))
        or (P_NONE, None, []) for an empty tree."""
        root, _level = self._meta()
        if root == P_NONE:
            return P_NONE, None, []
        bm = self.bm
        stack = []
        blk = root
        while True:
            buf = bm.pin(self.rel, blk)
            page = bm.page(buf)
            while self._move_right_needed(page, skey, stid, nextkey):
                nxt = _opaque_from(page, SPECIAL_OFF)[1]
                bm.unpin(buf)
                blk = nxt
                buf = bm.pin(self.rel, blk)
                page = bm.page(buf)
            if _opaque_from(page, SPECIAL_OFF)[3] & BTP_LEAF:
                return blk, buf, stack
            off = self._binsrch(page, skey, stid, nextkey)
            child = self._item(page, off)[2]
            stack.append((blk, off))
            bm.unpin(buf)
            blk = child

    def _descend_edge(self, rightmost: bool):
        """The leftmost or rightmost leaf: (block, pinned buffer) or (P_NONE, None)."""
        root, _level = self._meta()
        if root == P_NONE:
            return P_NONE, None
        bm = self.bm
        blk = root
        while True:
            buf = bm.pin(self.rel, blk)
            page = bm.page(buf)
            if rightmost:
                while _opaque_from(page, SPECIAL_OFF)[1] != P_NONE:
                    nxt = _opaque_from(page, SPECIAL_OFF)[1]
                    bm.unpin(buf)
                    blk = nxt
                    buf = bm.pin(self.rel, blk)
                    page = bm.page(buf)
            opaque = _opaque_from(page, SPECIAL_OFF)
            if opaque[3] & BTP_LEAF:
                return blk, buf
            off = page_max_offset(page) if rightmost else (1 if opaque[1] == P_NONE else 2)
            child = self._item(page, off)[2]
            bm.unpin(buf)
            blk = child

    # -- insert -------------------------------------------------------------------------------
    def _form_leaf(self, key, tid) -> bytearray:
        itup = form_index_tuple(self.desc, key, tid)
        if len(itup) > BT_MAX_ITEM_SIZE:          # INV-ACCESS-6
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"index row size {len(itup)} exceeds btree version {BTREE_VERSION} "
                          f"maximum {BT_MAX_ITEM_SIZE} for index \"{self.name}\"",
                          detail=f"Index row references tuple ({tid[0]},{tid[1]}) in relation "
                                 f"\"{self.name}\".",
                          hint="Values larger than 1/3 of a buffer page cannot be indexed.\n"
                               "Consider a function index of an MD5 hash of the value, "
                               "or use full text indexing.")
        return itup

    def insert(self, key, tid) -> None:
        """_bt_doinsert: add entry (key, heap tid); splits pages as needed,
        up to a new root."""
        key = tuple(key)
        tid = tuple(tid)
        itup = self._form_leaf(key, tid)
        blk, buf, stack = self._descend(key, tid, False)
        if blk == P_NONE:
            root, rbuf = self._new_page(BTP_LEAF | BTP_ROOT, 0)
            try:
                page_add_item(self.bm.page(rbuf), itup, 1, is_heap=False)
            finally:
                self.bm.unpin(rbuf)
            self._set_meta_root(root, 0)
            return
        try:
            page = self.bm.page(buf)
            off = self._binsrch(page, key, tid, False)
            self._insert_on_page(blk, buf, off, itup, stack)
        finally:
            self.bm.unpin(buf)

    def _insert_on_page(self, blk: int, buf: int, off: int, itup, stack) -> None:
        """_bt_insertonpg: put ``itup`` at ``off``; split if it does not fit
        and insert the new downlink into the parent (recursively)."""
        page = self.bm.page(buf)
        if page_add_item(page, itup, off, is_heap=False):
            self.bm.mark_dirty(buf)
            return
        rblk, pivot = self._split(blk, buf, off, itup)
        if not stack:
            self._new_root(blk, rblk, pivot)
            return
        pblk, poff = stack.pop()
        pbuf = self.bm.pin(self.rel, pblk)
        try:
            self._insert_on_page(pblk, pbuf, poff + 1, pivot, stack)
        finally:
            self.bm.unpin(pbuf)

    def _split(self, blk: int, buf: int, off: int, itup) -> tuple[int, bytearray]:
        """_bt_split: move the upper part of the page (with the new item
        placed at ``off``) to a new right sibling.  Returns (right block,
        pivot for the parent, pointing at the right block)."""
        bm = self.bm
        page = bm.page(buf)
        prev, nxt, level, flags, cycle = _opaque_from(page, SPECIAL_OFF)
        isleaf = flags & BTP_LEAF
        first = 1 if nxt == P_NONE else 2
        nmax = page_max_offset(page)
        hikey = self._item_bytes(page, 1) if nxt != P_NONE else None
        items = [self._item_bytes(page, i) for i in range(first, nmax + 1)]
        pos = off - first
        items.insert(pos, bytes(itup))
        sizes = [((len(it) + 7) & ~7) + 4 for it in items]
        total = sum(sizes)
        if isleaf and nxt == P_NONE and pos == len(items) - 1:
            target = total * BTREE_DEFAULT_FILLFACTOR // 100     # rightmost: pack left
        else:
            target = total // 2
        # _bt_findsplitloc: the candidate closest to the target where both
        # halves fit with their high keys (left: a pivot of its last item, or
        # on internal pages of the first right item; right: the old high key)
        room = BLCKSZ - SIZE_OF_PAGE_HEADER - SPECIAL_SIZE
        old_hk = ((len(hikey) + 7) & ~7) + 4 if hikey is not None else 0
        prefix = [0]
        for sz in sizes:
            prefix.append(prefix[-1] + sz)
        best = None
        for cand in range(1, len(items)):
            left = prefix[cand]
            right = total - left
            if isleaf:
                left += ((len(items[cand - 1]) + 8 + 7) & ~7) + 4
            else:
                left += sizes[cand]
                right += 12 - sizes[cand]            # first right item -> minus infinity
            if left > room or right + old_hk > room:
                continue
            dist = abs(prefix[cand] - target)
            if best is None or dist < best[0]:
                best = (dist, cand)
        if best is None:
            raise PgError(INTERNAL_ERROR, f'could not find a feasible split point for index "{self.name}"')
        split = best[1]
        left_items, right_items = items[:split], items[split:]
        rblk, rbuf = self._new_page(flags & ~BTP_ROOT, level)
        try:
            if isleaf:
                sep = self._pivot_from_leaf(left_items[-1], rblk)
                left_hikey = self._pivot_from_leaf(left_items[-1], P_NONE)
            else:
                # the first right item's key becomes the separator; the item
                # itself stays as the right page's minus-infinity downlink
                down = _itup_from(right_items[0], 0)
                sep = self._make_pivot(right_items[0], rblk)
                left_hikey = self._make_pivot(right_items[0], P_NONE)
                right_items[0] = self._minus_inf((down[0] << 16) | down[1])
            rpage = bm.page(rbuf)
            self._fill_page(rpage, hikey, right_items)
            OPAQUE.pack_into(rpage, SPECIAL_OFF, blk, nxt, level, flags & ~BTP_ROOT, 0)
            tmp = bytearray(BLCKSZ)
            page_init(tmp, SPECIAL_SIZE)
            self._fill_page(tmp, left_hikey, left_items)
            OPAQUE.pack_into(tmp, SPECIAL_OFF, prev, rblk, level, flags, cycle)
            page[:] = tmp
            bm.mark_dirty(buf)
            bm.mark_dirty(rbuf)
        finally:
            bm.unpin(rbuf)
        if nxt != P_NONE:
            nbuf = bm.pin(self.rel, nxt)
            try:
                npage = bm.page(nbuf)
                o = list(_opaque_from(npage, SPECIAL_OFF))
                o[0] = rblk
                OPAQUE.pack_into(npage, SPECIAL_OFF, *o)
                bm.mark_dirty(nbuf)
            finally:
                bm.unpin(nbuf)
        return rblk, sep

    @staticmethod
    def _fill_page(page, hikey, items) -> None:
        n = 1
        if hikey is not None:
            if not page_add_item(page, hikey, n, is_heap=False):
                raise PgError(INTERNAL_ERROR, "failed to add high key to btree page")
            n += 1
        for it in items:
            if not page_add_item(page, it, n, is_heap=False):
                raise PgError(INTERNAL_ERROR, "failed to add item to btree page during split")
            n += 1

    def _new_root(self, lblk: int, rblk: int, pivot) -> None:
        """_bt_newroot: the old root split; a new root one level up points
        at both halves."""
        bm = self.bm
        lbuf = bm.pin(self.rel, lblk)
        try:
            lpage = bm.page(lbuf)
            o = list(_opaque_from(lpage, SPECIAL_OFF))
            level = o[2]
            o[3] &= ~BTP_ROOT
            OPAQUE.pack_into(lpage, SPECIAL_OFF, *o)
            bm.mark_dirty(lbuf)
        finally:
            bm.unpin(lbuf)
        rbuf = bm.pin(self.rel, rblk)
        try:
            rpage = bm.page(rbuf)
            o = list(_opaque_from(rpage, SPECIAL_OFF))
            o[3] &= ~BTP_ROOT
            OPAQUE.pack_into(rpage, SPECIAL_OFF, *o)
            bm.mark_dirty(rbuf)
        finally:
            bm.unpin(rbuf)
        root, buf = self._new_page(BTP_ROOT, level + 1)
        try:
            page = bm.page(buf)
            page_add_item(page, self._minus_inf(lblk), 1, is_heap=False)
            page_add_item(page, pivot, 2, is_heap=False)
        finally:
            bm.unpin(buf)
        self._set_meta_root(root, level + 1)

    # -- delete ------------------------------------------------------------------------------
    def delete(self, key, tid) -> bool:
        """Remove entry (key, tid); False if it is not there.  Pages are
        never merged or freed (no page deletion yet)."""
        key = tuple(key)
        tid = tuple(tid)
        blk, buf, _stack = self._descend(key, tid, False)
        if blk == P_NONE:
            return False
        try:
            page = self.bm.page(buf)
            off = self._binsrch(page, key, tid, False)
            if off > page_max_offset(page):
                return False
            k, t, _d = self._item(page, off)
            if t != tid or self.compare(k, key) != 0:
                return False
            page_index_delete(page, off)
            self.bm.mark_dirty(buf)
            return True
        finally:
            self.bm.unpin(buf)

    def bulk_delete(self, is_dead) -> tuple[int, int]:
        """btbulkdelete: walk the leaf level left to right and remove every
        entry whose heap TID ``is_dead(tid)`` accepts (VACUUM, after the heap
        pass marked those TIDs LP_DEAD -- spec/08-mvcc.md, INV-MVCC-8).
        Returns (entries removed, entries left).  High keys stay, pages are
        never freed (no page deletion), so the tree's shape and every pivot
        remain valid (INV-ACCESS-5)."""
        blk, buf = self._descend_edge(False)
        removed = kept = 0
        bm = self.bm
        while blk != P_NONE:
            try:
                page = bm.page(buf)
                nxt = _opaque_from(page, SPECIAL_OFF)[1]
                first = 1 if nxt == P_NONE else 2        # item 1 is the high key
                dead = []
                for off in range(first, page_max_offset(page) + 1):
                    w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (off - 1))[0]
                    hi, lo, pos = _tid_from(page, w & 0x7FFF)
                    if is_dead(((hi << 16) | lo, pos)):
                        dead.append(off)
                    else:
                        kept += 1
                for off in reversed(dead):                # later offsets first: numbers stay valid
                    page_index_delete(page, off)
                if dead:
                    bm.mark_dirty(buf)
                    removed += len(dead)
            finally:
                bm.unpin(buf)
            blk = nxt
            if blk != P_NONE:
                buf = bm.pin(self.rel, blk)
        return removed, kept

    # -- scans -----------------------------------------------------------------------------
    def _read_leaf(self, buf, start: int, stop: int, step: int, bound, inclusive: bool):
        """_bt_readpage: copy out the entries from ``start`` towards
        ``stop`` that are within ``bound`` (upper bound going forward, lower
        going backward).  Returns (entries, reached_bound)."""
        page = self.bm.page(buf)
        item = self._item
        out = []
        if bound is None:
            for i in range(start, stop, step):
                out.append(item(page, i)[:2])
            return out, False
        beyond = self._past_upper if step > 0 else self._before_lower
        for i in range(start, stop, step):
            key, tid, _d = item(page, i)
            if beyond(key, bound, inclusive):
                return out, True
            out.append((key, tid))
        return out, False

    def scan(self, lower=None, lower_inclusive: bool = True, upper=None,
             upper_inclusive: bool = True, backward: bool = False):
        """Entries (key, tid) with lower <(=) key <(=) upper in index order
        (or reverse with ``backward``); bounds may be prefixes of the key
        columns, None for unbounded."""
        if lower is not None:
            lower = tuple(lower)
        if upper is not None:
            upper = tuple(upper)
        if backward:
            yield from self._scan_backward(lower, lower_inclusive, upper, upper_inclusive)
        else:
            yield from self._scan_forward(lower, lower_inclusive, upper, upper_inclusive)

    def _past_upper(self, key, upper, inclusive: bool) -> bool:
        n = len(upper)
        c = self.compare(key if n == self.natts else key[:n], upper)
        return c > 0 if inclusive else c >= 0

    def _before_lower(self, key, lower, inclusive: bool) -> bool:
        n = len(lower)
        c = self.compare(key if n == self.natts else key[:n], lower)
        return c < 0 if inclusive else c <= 0

    def _scan_forward(self, lower, lower_inc, upper, upper_inc):
        bm = self.bm
        if lower is None:
            blk, buf = self._descend_edge(False)
            if blk == P_NONE:
                return
            page = bm.page(buf)
            opaque = _opaque_from(page, SPECIAL_OFF)
            start = 1 if opaque[1] == P_NONE else 2
        else:
            blk, buf, _stack = self._descend(lower, None, not lower_inc)
            if blk == P_NONE:
                return
            start = self._binsrch(bm.page(buf), lower, None, not lower_inc)
        while True:
            try:
                page = bm.page(buf)
                nxt = _opaque_from(page, SPECIAL_OFF)[1]
                items, done = self._read_leaf(buf, start, page_max_offset(page) + 1, 1,
                                              upper, upper_inc)
            finally:
                bm.unpin(buf)
            yield from items
            if done or nxt == P_NONE:
                return
            blk = nxt
            buf = bm.pin(self.rel, blk)
            start = 2 if _opaque_from(bm.page(buf), SPECIAL_OFF)[1] != P_NONE else 1

    def _scan_backward(self, lower, lower_inc, upper, upper_inc):
        bm = self.bm
        if upper is None:
            blk, buf = self._descend_edge(True)
            if blk == P_NONE:
                return
            start = page_max_offset(bm.page(buf))
        else:
            blk, buf, _stack = self._descend(upper, None, upper_inc)
            if blk == P_NONE:
                return
            start = self._binsrch(bm.page(buf), upper, None, upper_inc) - 1
        while True:
            try:
                page = bm.page(buf)
                prev = _opaque_from(page, SPECIAL_OFF)[0]
                first = 1 if _opaque_from(page, SPECIAL_OFF)[1] == P_NONE else 2
                items, done = self._read_leaf(buf, start, first - 1, -1, lower, lower_inc)
            finally:
                bm.unpin(buf)
            yield from items
            if done or prev == P_NONE:
                return
            # _bt_walk_left: the left page may have split since we read it;
            # walk right from it to the page whose right-link is ``blk``
            cur = blk
            blk = prev
            buf = bm.pin(self.rel, blk)
            while True:
                nxt = _opaque_from(bm.page(buf), SPECIAL_OFF)[1]
                if nxt == cur or nxt == P_NONE:
                    break
                bm.unpin(buf)
                blk = nxt
                buf = bm.pin(self.rel, blk)
            start = page_max_offset(bm.page(buf))

    def find_equal(self, key):
        """Heap TIDs of every entry whose key equals ``key`` (a full key or a
        prefix) -- the executor's uniqueness check reads these."""
        for _k, tid in self.scan(key, True, key, True):
            yield tid

    # -- bulk build / truncate ----------------------------------------------------------------
    def build(self, entries) -> int:
        """_bt_load: fill an empty index from entries sorted by (key, tid),
        bottom-up, leaves 90 % full and internal pages 70 %, like CREATE
        INDEX.  Returns the number of entries."""
        root, _level = self._meta()
        if root != P_NONE or self.bm.nblocks(self.rel) != 1:
            raise PgError(INTERNAL_ERROR, f'index "{self.name}" already contains data')
        bm = self.bm
        levels: list[list] = []      # per level: [current blk, last item, leftmost blk]
        count = 0
        prev_key = prev_tid = None
        # Pages are pinned only while one item is added, so even a pool of a
        # few buffers can build a tall tree (dirty pages are evicted normally).

        def start_page(lvl: int, prev_blk: int) -> int:
            blk, buf = self._new_page(BTP_LEAF if lvl == 0 else 0, lvl)
            try:
                page = bm.page(buf)
                OPAQUE.pack_into(page, SPECIAL_OFF, prev_blk, P_NONE, lvl,
                                 BTP_LEAF if lvl == 0 else 0, 0)
                if lvl > 0 and prev_blk == P_NONE:   # minus infinity -> leftmost child
                    page_add_item(page, self._minus_inf(levels[lvl - 1][2]), 1, is_heap=False)
            finally:
                bm.unpin(buf)
            return blk

        def add(lvl: int, itup) -> None:
            if lvl == len(levels):
                blk = start_page(lvl, P_NONE)
                levels.append([blk, None, blk])
            st = levels[lvl]
            fill = BTREE_DEFAULT_FILLFACTOR if lvl == 0 else BTREE_NONLEAF_FILLFACTOR
            slack = BLCKSZ * (100 - fill) // 100
            need = ((len(itup) + 7) & ~7) + 4
            reserve = ((max(len(itup), len(st[1]) if st[1] else 0) + 8 + 7) & ~7) + 4
            buf = bm.pin(self.rel, st[0])
            try:
                page = bm.page(buf)
                full = page_max_offset(page) >= 1 and \
                    page_free_space(page) - need < max(reserve, slack)
                if full:
                    # finish this page: high key, right sibling, downlink above
                    if lvl == 0:
                        hikey = self._pivot_from_leaf(st[1], P_NONE)
                    else:
                        hikey = self._make_pivot(itup, P_NONE)
                    nblk = start_page(lvl, st[0])
                    o = list(_opaque_from(page, SPECIAL_OFF))
                    o[1] = nblk
                    OPAQUE.pack_into(page, SPECIAL_OFF, *o)
                    if not page_add_item(page, hikey, 1, is_heap=False):
                        raise PgError(INTERNAL_ERROR, "no room for high key in btree build")
                    bm.mark_dirty(buf)
            finally:
                bm.unpin(buf)
            if full:
                st[0] = nblk
                if lvl == 0:
                    add(lvl + 1, self._pivot_from_leaf(st[1], nblk))
                else:
                    down = _itup_from(itup, 0)
                    add(lvl + 1, self._make_pivot(itup, nblk))
                    itup = self._minus_inf((down[0] << 16) | down[1])
            buf = bm.pin(self.rel, st[0])
            try:
                if not page_add_item(bm.page(buf), itup, page_max_offset(bm.page(buf)) + 1,
                                     is_heap=False):
                    raise PgError(INTERNAL_ERROR, "no room for item in btree build")
                bm.mark_dirty(buf)
            finally:
                bm.unpin(buf)
            st[1] = bytes(itup)

        for key, tid in entries:
            key = tuple(key)
            tid = tuple(tid)
            if prev_key is not None:
                c = self.compare(prev_key, key)
                if c > 0 or (c == 0 and prev_tid >= tid):
                    raise PgError(INTERNAL_ERROR, "btree build input is not sorted")
            prev_key, prev_tid = key, tid
            add(0, self._form_leaf(key, tid))
            count += 1
        if levels:
            top = levels[-1]
            buf = bm.pin(self.rel, top[0])
            try:
                page = bm.page(buf)
                o = list(_opaque_from(page, SPECIAL_OFF))
                o[3] |= BTP_ROOT
                OPAQUE.pack_into(page, SPECIAL_OFF, *o)
                bm.mark_dirty(buf)
            finally:
                bm.unpin(buf)
            self._set_meta_root(top[0], len(levels) - 1)
        return count

    def truncate(self) -> None:
        """TRUNCATE / REINDEX: back to just a metapage."""
        self.bm.truncate(self.rel, 0)
        self._init_meta()

    # -- verification (amcheck-like, for tests) -----------------------------------------------
    def check(self) -> int:
        """Walk every level left to right and verify order, high keys, sibling
        links and downlinks (INV-ACCESS-5).  Returns the number of leaf
        entries."""
        root, level = self._meta()
        if root == P_NONE:
            return 0
        bm = self.bm

        def full_cmp(a, b):
            ka, ta = a
            kb, tb = b
            c = self.compare(ka, kb)
            if c:
                return c
            return (ta > tb) - (ta < tb)

        # leftmost page of each level by following first downlinks
        blk = root
        nleaf = 0
        while True:
            prev_blk = P_NONE
            cur = blk
            last = None
            first_child = None
            while cur != P_NONE:
                buf = bm.pin(self.rel, cur)
                try:
                    page = bm.page(buf)
                    p, n, lvl, flags, _c = _opaque_from(page, SPECIAL_OFF)
                    if p != prev_blk:
                        raise AssertionError(f"block {cur}: btpo_prev {p} != {prev_blk}")
                    first = 1 if n == P_NONE else 2
                    hk = self._item(page, 1)[:2] if n != P_NONE else None
                    for i in range(first, page_max_offset(page) + 1):
                        k, t, d = self._item(page, i)
                        if first_child is None and not flags & BTP_LEAF:
                            first_child = d
                        if k is MINUS_INF:
                            if i != first or flags & BTP_LEAF:
                                raise AssertionError(f"block {cur}: misplaced minus infinity")
                            continue
                        if last is not None and full_cmp(last, (k, t)) >= 0:
                            raise AssertionError(f"block {cur} item {i}: out of order")
                        if hk is not None and full_cmp((k, t), hk) > 0:
                            raise AssertionError(f"block {cur} item {i}: above high key")
                        last = (k, t)
                        if flags & BTP_LEAF:
                            nleaf += 1
                    if hk is not None:
                        last = hk
                    prev_blk = cur
                    cur = n
                finally:
                    bm.unpin(buf)
            if first_child is None:
                return nleaf
            blk = first_child

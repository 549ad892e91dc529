"""Hash index access method on 8 KB pages (PostgreSQL's access/hash, simplified).

Where it sits: the executor finds rows by ``column = value`` through
:class:`HashIndex` (spec/06-access.md, "Hash indexes").  An entry is the
32-bit hash code of the key (computed by a caller-supplied ``hashfn`` -- the
hash support function of the column type's hash operator class, ``hashint4``,
``hashtext``, ``uuid_hash`` ...) and the heap TID; the key itself is not
stored, so every hit is a *candidate* the executor must recheck (hash codes
collide).  NULL keys are not indexed (PostgreSQL's hashinsert skips them, and
``=`` never matches NULL).

Linear hashing (Litwin): the table has buckets 0..maxbucket.  A hash code h
goes to bucket ``h & highmask``, or ``h & lowmask`` when that bucket does not
exist yet (_hash_hashkey2bucket).  When the index holds more than
``ffactor * (maxbucket + 1)`` tuples, one more bucket is added: bucket
``new = maxbucket + 1`` splits off from ``new & lowmask``, and the entries of
the old bucket whose code now maps to ``new`` move (INV-ACCESS-HASH-1).  Each
bucket is a primary page plus a chain of overflow pages.

File layout (PostgreSQL's, byte for byte in the parts pgref uses)::

    block 0            metapage: HashMetaPageData at offset 24
                         magic 0x6440640, version 4, ntuples f8, ffactor u16,
                         bsize u16, bmsize u16, bmshift u16, maxbucket u32,
                         highmask u32, lowmask u32, ovflpoint u32,
                         firstfree u32, nmaps u32, procid u32,
                         spares[98] u32, mapp[1024] u32
    then, per split point (a batch of bucket pages allocated at once), the
    bucket pages of that split point followed by the overflow (and bitmap)
    pages allocated while it was the last one:
        BUCKET_TO_BLKNO(B) = B + (B ? spares[spareindex(B+1) - 1] : 0) + 1
        overflow bit n    -> block totalbuckets(i) + n + 1 for the first
                             split point i with n + 1 <= spares[i]
    special area (HashPageOpaqueData, 16 bytes): prevblkno u32, nextblkno
        u32, bucket u32, flag u16 (OVERFLOW 1, BUCKET 2, BITMAP 4, META 8),
        page_id u16 0xFF80
    item: IndexTupleData (heap TID, t_info = 16) + the hash code u32,
        MAXALIGNed to 16 bytes; items of a page are sorted by hash code.
    bitmap page: bmsize bytes of bits at offset 24, one per overflow page
        (including bitmap pages); 1 = in use.

Entry points:
    HashIndex(bufmgr, relfile, hashfn, name, fillfactor) -- creates the
        metapage, two buckets and the first bitmap page on an empty file
    insert(key, tid)              delete(key, tid) -> bool
    scan_equal(key) -> list of heap TIDs whose hash code matches
    build(entries) -> count       bulk_delete(is_dead) -> (removed, kept)
    truncate()                    check() (structural verification, tests)
"""
from __future__ import annotations

import struct

from pgref.errors import PgError, PROGRAM_LIMIT_EXCEEDED, INTERNAL_ERROR, DATA_CORRUPTED
from pgref.storage.page import (
    BLCKSZ, SIZE_OF_PAGE_HEADER, page_add_item, page_free_space, page_index_delete, page_init,
    page_is_new, page_max_offset,
)

HASH_MAGIC = 0x6440640
HASH_VERSION = 4
HASH_METAPAGE = 0
LH_UNUSED_PAGE = 0
LH_OVERFLOW_PAGE = 1
LH_BUCKET_PAGE = 2
LH_BITMAP_PAGE = 4
LH_META_PAGE = 8
HASHO_PAGE_ID = 0xFF80
INVALID_BLOCK = 0xFFFFFFFF
HASH_DEFAULT_FILLFACTOR = 75
HASH_MIN_FILLFACTOR = 10
HASH_MAX_BITMAPS = 1024
HASH_SPLITPOINT_PHASE_BITS = 2
HASH_SPLITPOINT_PHASES_PER_GRP = 1 << HASH_SPLITPOINT_PHASE_BITS
HASH_SPLITPOINT_PHASE_MASK = HASH_SPLITPOINT_PHASES_PER_GRP - 1
HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE = 10
HASH_MAX_SPLITPOINT_GROUP = 32
HASH_MAX_SPLITPOINTS = ((HASH_MAX_SPLITPOINT_GROUP - HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE)
                        * HASH_SPLITPOINT_PHASES_PER_GRP + HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE)   # 98
SPECIAL_SIZE = 16
SPECIAL_OFF = BLCKSZ - SPECIAL_SIZE
ITEM_SIZE = 16                       # MAXALIGN(sizeof(IndexTupleData) + sizeof(uint32))
_M32 = 0xFFFFFFFF

OPAQUE = struct.Struct("<IIIHH")
META = struct.Struct("<IIdHHHHIIIIIII")
SPARES = struct.Struct(f"<{HASH_MAX_SPLITPOINTS}I")
MAPP = struct.Struct(f"<{HASH_MAX_BITMAPS}I")
META_OFF = SIZE_OF_PAGE_HEADER
SPARES_OFF = META_OFF + META.size
MAPP_OFF = SPARES_OFF + SPARES.size
META_END = MAPP_OFF + MAPP.size
ITEM = struct.Struct("<HHHHI4x")       # bi_hi, bi_lo, posid, t_info, hash code
_item_from = ITEM.unpack_from
_opaque_from = OPAQUE.unpack_from
_u32_from = struct.Struct("<I").unpack_from
_lp_from = struct.Struct("<I").unpack_from
# HashGetMaxBitmapSize: the page minus header and special space; bmsize is the
# largest power of two that fits
BSIZE = BLCKSZ - SIZE_OF_PAGE_HEADER - SPECIAL_SIZE
BMSIZE = 1 << (BSIZE.bit_length() - 1)                       # 4096 bytes
BMSHIFT = (BSIZE.bit_length() - 1) + 3                       # 15: 32768 bits a page


# -- split points (hashutil.c) ----------------------------------------------------

def _ceil_log2(n: int) -> int:
    return 0 if n <= 1 else (n - 1).bit_length()


def spareindex(num_bucket: int) -> int:
    """_hash_spareindex: the split point phase that holds bucket count
    ``num_bucket``.  Groups 0..9 have one phase (doubling at once); later
    groups are allocated in four phases of a quarter each."""
    group = _ceil_log2(num_bucket)
    if group < HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE:
        return group
    phases = HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE
    phases += (group - HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE) << HASH_SPLITPOINT_PHASE_BITS
    phases += ((num_bucket - 1) >> (group - (HASH_SPLITPOINT_PHASE_BITS + 1))) & HASH_SPLITPOINT_PHASE_MASK
    return phases


def totalbuckets(phase: int) -> int:
    """_hash_get_totalbuckets: buckets that exist once split point phase
    ``phase`` is allocated."""
    if phase < HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE:
        return 1 << phase
    group = HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE + (
        (phase - HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE) >> HASH_SPLITPOINT_PHASE_BITS)
    total = 1 << (group - 1)
    within = ((phase - HASH_SPLITPOINT_GROUPS_WITH_ONE_PHASE) & HASH_SPLITPOINT_PHASE_MASK) + 1
    return total + ((1 << (group - 1)) >> HASH_SPLITPOINT_PHASE_BITS) * within


def hashkey2bucket(h: int, maxbucket: int, highmask: int, lowmask: int) -> int:
    """_hash_hashkey2bucket."""
    b = h & highmask
    if b > maxbucket:
        b &= lowmask
    return b


class Meta:
    """The metapage's fields, read into Python for one operation."""
    __slots__ = ("magic", "version", "ntuples", "ffactor", "bsize", "bmsize", "bmshift", "maxbucket",
                 "highmask", "lowmask", "ovflpoint", "firstfree", "nmaps", "procid", "spares", "mapp")

    @classmethod
    def read(cls, page) -> "Meta":
        m = cls()
        (m.magic, m.version, m.ntuples, m.ffactor, m.bsize, m.bmsize, m.bmshift, m.maxbucket, m.highmask,
         m.lowmask, m.ovflpoint, m.firstfree, m.nmaps, m.procid) = META.unpack_from(page, META_OFF)
        m.spares = list(SPARES.unpack_from(page, SPARES_OFF))
        m.mapp = list(MAPP.unpack_from(page, MAPP_OFF))
        return m

    def write(self, page) -> None:
        META.pack_into(page, META_OFF, self.magic, self.version, self.ntuples, self.ffactor, self.bsize,
                       self.bmsize, self.bmshift, self.maxbucket, self.highmask, self.lowmask,
                       self.ovflpoint, self.firstfree, self.nmaps, self.procid)
        SPARES.pack_into(page, SPARES_OFF, *self.spares)
        MAPP.pack_into(page, MAPP_OFF, *self.mapp)

    def bucket_blkno(self, b: int) -> int:
        """BUCKET_TO_BLKNO."""
        return b + (self.spares[spareindex(b + 1) - 1] if b else 0) + 1

    def bitno_blkno(self, bit: int) -> int:
        """bitno_to_blkno: overflow page number ``bit`` (0-based) -> block."""
        n = bit + 1
        i = 1
        while i < self.ovflpoint and n > self.spares[i]:
            i += 1
        return totalbuckets(i) + n

    def blkno_bitno(self, blk: int, name: str) -> int:
        """_hash_ovflblkno_to_bitno."""
        for i in range(1, self.ovflpoint + 1):
            if blk <= totalbuckets(i):
                break
            bitnum = blk - totalbuckets(i)
            if bitnum <= self.spares[i]:
                return bitnum - 1
        raise PgError(DATA_CORRUPTED, f'invalid overflow block number {blk} in hash index "{name}"')

    def bucket_of(self, h: int) -> int:
        return hashkey2bucket(h, self.maxbucket, self.highmask, self.lowmask)


class HashIndex:
    """One hash index over a relation file (see module docstring)."""

    def __init__(self, bufmgr, relfile, hashfn, name: str = "", fillfactor: int = HASH_DEFAULT_FILLFACTOR):
        self.bm = bufmgr
        self.rel = relfile
        self.hashfn = hashfn
        self.name = name
        self.fillfactor = fillfactor or HASH_DEFAULT_FILLFACTOR
        if bufmgr.nblocks(relfile) == 0:
            self._init(0)

    @classmethod
    def create(cls, bufmgr, relfile, hashfn, name: str = "",
               fillfactor: int = HASH_DEFAULT_FILLFACTOR) -> "HashIndex":
        bufmgr.create(relfile)
        return cls(bufmgr, relfile, hashfn, name, fillfactor)

    def hashkey(self, value) -> int:
        return self.hashfn(value) & _M32

    # -- metapage -----------------------------------------------------------------
    def _init(self, num_tuples: int) -> None:
        """_hash_init: metapage, the initial buckets (enough for
        ``num_tuples`` at the fill factor, at least 2) and the first bitmap
        page, in blocks 0, 1..N, N+1."""
        bm = self.bm
        if bm.nblocks(self.rel) != 0:
            raise PgError(INTERNAL_ERROR, f'cannot initialize non-empty hash index "{self.name}"')
        # tuples per bucket: target page usage / (item + its line pointer)
        ffactor = max(BLCKSZ * self.fillfactor // 100 // (ITEM_SIZE + 4), 10)
        dnum = num_tuples / ffactor
        if dnum <= 2.0:
            nbuckets = 2
        else:
            nbuckets = totalbuckets(spareindex(int(dnum)))
        spare = spareindex(nbuckets)
        m = Meta()
        m.magic, m.version, m.ntuples, m.ffactor = HASH_MAGIC, HASH_VERSION, 0.0, ffactor
        m.bsize, m.bmsize, m.bmshift, m.procid = BSIZE, BMSIZE, BMSHIFT, 0
        m.maxbucket = nbuckets - 1
        m.highmask = (1 << (nbuckets + 1 - 1).bit_length()) - 1      # pg_nextpower2_32(n + 1) - 1
        m.lowmask = m.highmask >> 1
        m.spares = [0] * HASH_MAX_SPLITPOINTS
        m.mapp = [0] * HASH_MAX_BITMAPS
        m.spares[spare] = 1                 # the first bitmap page is the only overflow page
        m.ovflpoint = spare
        m.firstfree = 0
        m.nmaps = 0
        blk, buf = bm.extend(self.rel)
        try:
            page = bm.page(buf)
            page_init(page, SPECIAL_SIZE)
            OPAQUE.pack_into(page, SPECIAL_OFF, INVALID_BLOCK, INVALID_BLOCK, INVALID_BLOCK, LH_META_PAGE,
                             HASHO_PAGE_ID)
            struct.pack_into("<H", page, 12, META_END)          # pd_lower past the metadata
            bm.mark_dirty(buf)
        finally:
            bm.unpin(buf)
        for b in range(nbuckets):
            blk, buf = bm.extend(self.rel)
            try:
                if blk != m.bucket_blkno(b):
                    raise PgError(INTERNAL_ERROR, f'hash index "{self.name}": bucket {b} not at its block')
                self._init_page(bm.page(buf), LH_BUCKET_PAGE, b, INVALID_BLOCK)
                bm.mark_dirty(buf)
            finally:
                bm.unpin(buf)
        blk, buf = bm.extend(self.rel)
        try:
            self._init_bitmap(bm.page(buf))
            bm.mark_dirty(buf)
        finally:
            bm.unpin(buf)
        m.mapp[0] = blk
        m.nmaps = 1
        self._put_meta(m)

    def _get_meta(self) -> Meta:
        buf = self.bm.pin(self.rel, HASH_METAPAGE)
        try:
            m = Meta.read(self.bm.page(buf))
        finally:
            self.bm.unpin(buf)
        if m.magic != HASH_MAGIC:
            raise PgError(DATA_CORRUPTED, f'index "{self.name}" is not a hash index')
        return m

    def _put_meta(self, m: Meta) -> None:
        buf = self.bm.pin(self.rel, HASH_METAPAGE)
        try:
            m.write(self.bm.page(buf))
            self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)

    # -- pages ---------------------------------------------------------------------
    @staticmethod
    def _init_page(page, flag: int, bucket: int, prev: int) -> None:
        page_init(page, SPECIAL_SIZE)
        OPAQUE.pack_into(page, SPECIAL_OFF, prev, INVALID_BLOCK, bucket, flag, HASHO_PAGE_ID)

    @staticmethod
    def _init_bitmap(page) -> None:
        """_hash_initbitmapbuffer: every bit 1 ("in use"); pages past the
        last allocated one are pre-marked, as in PostgreSQL."""
        page_init(page, SPECIAL_SIZE)
        OPAQUE.pack_into(page, SPECIAL_OFF, INVALID_BLOCK, INVALID_BLOCK, INVALID_BLOCK, LH_BITMAP_PAGE,
                         HASHO_PAGE_ID)
        page[SIZE_OF_PAGE_HEADER:SIZE_OF_PAGE_HEADER + BMSIZE] = b"\xff" * BMSIZE
        struct.pack_into("<H", page, 12, SIZE_OF_PAGE_HEADER + BMSIZE)

    def _set_next(self, blk: int, nxt: int) -> None:
        buf = self.bm.pin(self.rel, blk)
        try:
            page = self.bm.page(buf)
            o = list(_opaque_from(page, SPECIAL_OFF))
            o[1] = nxt
            OPAQUE.pack_into(page, SPECIAL_OFF, *o)
            self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)

    def _extend_to(self, blk: int) -> None:
        """Extend the file so that block ``blk`` exists (new pages are zero,
        like _hash_alloc_buckets' hole)."""
        bm = self.bm
        n = bm.nblocks(self.rel)
        if n > blk:
            return
        while n <= blk:
            got, buf = bm.extend(self.rel)
            bm.unpin(buf)
            n = got + 1

    def _bitmap_bit(self, m: Meta, bit: int, value: int | None = None) -> int:
        """Read (value None) or set the in-use bit of overflow page ``bit``."""
        mapblk = m.mapp[bit >> BMSHIFT]
        inpage = bit & ((1 << BMSHIFT) - 1)
        off = SIZE_OF_PAGE_HEADER + (inpage >> 3)
        mask = 1 << (inpage & 7)
        buf = self.bm.pin(self.rel, mapblk)
        try:
            page = self.bm.page(buf)
            old = 1 if page[off] & mask else 0
            if value is not None and value != old:
                page[off] = (page[off] | mask) if value else (page[off] & ~mask & 0xFF)
                self.bm.mark_dirty(buf)
            return old
        finally:
            self.bm.unpin(buf)

    def _alloc_ovfl(self, m: Meta) -> int:
        """_hash_addovflpage's allocation: the first free overflow page at or
        after ``firstfree``, else a new page at the end of the file (and a
        new bitmap page first when the last one is full).  Returns its block,
        not yet initialized."""
        max_ovflpg = m.spares[m.ovflpoint] - 1
        bit = m.firstfree
        per_map = 1 << BMSHIFT
        while bit <= max_ovflpg:
            mapidx = bit >> BMSHIFT
            buf = self.bm.pin(self.rel, m.mapp[mapidx])
            try:
                page = self.bm.page(buf)
                end = min(max_ovflpg, (mapidx + 1) * per_map - 1)
                found = None
                while bit <= end:
                    inpage = bit & (per_map - 1)
                    byte = page[SIZE_OF_PAGE_HEADER + (inpage >> 3)]
                    if byte == 0xFF and inpage & 7 == 0:
                        bit += 8
                        continue
                    if not byte & (1 << (inpage & 7)):
                        found = bit
                        break
                    bit += 1
                if found is not None:
                    off = SIZE_OF_PAGE_HEADER + ((found & (per_map - 1)) >> 3)
                    page[off] |= 1 << (found & 7)
                    self.bm.mark_dirty(buf)
            finally:
                self.bm.unpin(buf)
            if found is not None:
                m.firstfree = found + 1
                return m.bitno_blkno(found)
            bit = (mapidx + 1) * per_map
        # no free overflow page: a new one at the end of the file
        bit = m.spares[m.ovflpoint]
        if max_ovflpg & (per_map - 1) == per_map - 1:
            if m.nmaps >= HASH_MAX_BITMAPS:
                raise PgError(PROGRAM_LIMIT_EXCEEDED, f'out of overflow pages in hash index "{self.name}"')
            mapblk = m.bitno_blkno(bit)
            self._extend_to(mapblk)
            buf = self.bm.pin(self.rel, mapblk)
            try:
                self._init_bitmap(self.bm.page(buf))
                self.bm.mark_dirty(buf)
            finally:
                self.bm.unpin(buf)
            m.mapp[m.nmaps] = mapblk
            m.nmaps += 1
            m.spares[m.ovflpoint] += 1
            bit += 1
        blk = m.bitno_blkno(bit)
        if blk != self.bm.nblocks(self.rel):
            raise PgError(INTERNAL_ERROR, f'unexpected hash relation size: {self.bm.nblocks(self.rel)}, '
                                          f'should be {blk}')
        m.spares[m.ovflpoint] += 1
        self._extend_to(blk)
        self._bitmap_bit(m, bit, 1)                          # INV-ACCESS-HASH-3
        m.firstfree = bit + 1
        return blk

    def _free_ovfl(self, m: Meta, blk: int) -> None:
        """_hash_freeovflpage (the unlinking is the caller's): clear the
        page's bit and make it an unused page (INV-ACCESS-HASH-3)."""
        bit = m.blkno_bitno(blk, self.name)
        self._bitmap_bit(m, bit, 0)
        if bit < m.firstfree:
            m.firstfree = bit
        buf = self.bm.pin(self.rel, blk)
        try:
            self._init_page(self.bm.page(buf), LH_UNUSED_PAGE, INVALID_BLOCK, INVALID_BLOCK)
            self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)

    # -- items ---------------------------------------------------------------------
    @staticmethod
    def _pack(h: int, tid) -> bytes:
        blk, pos = tid
        return ITEM.pack(blk >> 16, blk & 0xFFFF, pos, ITEM_SIZE, h)

    @staticmethod
    def _items(page) -> list[tuple[int, tuple[int, int]]]:
        """(hash code, heap tid) of every item, in page order."""
        out = []
        for i in range(page_max_offset(page)):
            off = _lp_from(page, SIZE_OF_PAGE_HEADER + 4 * i)[0] & 0x7FFF
            hi, lo, pos, _info, h = _item_from(page, off)
            out.append((h, ((hi << 16) | lo, pos)))
        return out

    @staticmethod
    def _hash_at(page, offnum: int) -> int:
        off = _lp_from(page, SIZE_OF_PAGE_HEADER + 4 * (offnum - 1))[0] & 0x7FFF
        return _u32_from(page, off + 8)[0]

    def _binsearch(self, page, h: int) -> int:
        """_hash_binsearch: the first offset whose hash code is >= ``h``
        (max + 1 if none)."""
        lo, hi = 1, page_max_offset(page) + 1
        while lo < hi:
            mid = (lo + hi) >> 1
            if self._hash_at(page, mid) < h:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _chain(self, first: int) -> list[int]:
        """The blocks of a bucket: primary page, then its overflow chain."""
        out = []
        blk = first
        while blk != INVALID_BLOCK:
            out.append(blk)
            buf = self.bm.pin(self.rel, blk)
            try:
                blk = _opaque_from(self.bm.page(buf), SPECIAL_OFF)[1]
            finally:
                self.bm.unpin(buf)
            if len(out) > 1 << 24:
                raise PgError(DATA_CORRUPTED, f'hash index "{self.name}" has a cyclic bucket chain')
        return out

    def _chain_items(self, chain: list[int]) -> list:
        out = []
        for blk in chain:
            buf = self.bm.pin(self.rel, blk)
            try:
                out.extend(self._items(self.bm.page(buf)))
            finally:
                self.bm.unpin(buf)
        return out

    def _write_chain(self, m: Meta, chain: list[int], bucket: int, items: list) -> None:
        """Rewrite a bucket's pages with ``items`` (sorted here by hash
        code), packing them from the primary page on, adding overflow pages
        as needed and freeing those left empty (the effect of
        _hash_squeezebucket)."""
        items = sorted(items, key=lambda e: e[0])          # INV-ACCESS-HASH-2
        bm = self.bm
        chain = list(chain)
        i = 0
        used = 0
        n = len(items)
        while True:
            if used == len(chain):
                blk = self._alloc_ovfl(m)
                prev = chain[-1]
                buf = bm.pin(self.rel, blk)
                try:
                    self._init_page(bm.page(buf), LH_OVERFLOW_PAGE, bucket, prev)
                    bm.mark_dirty(buf)
                finally:
                    bm.unpin(buf)
                self._set_next(prev, blk)
                chain.append(blk)
            blk = chain[used]
            buf = bm.pin(self.rel, blk)
            try:
                page = bm.page(buf)
                prev, nxt, _b, flag, pid = _opaque_from(page, SPECIAL_OFF)
                page_init(page, SPECIAL_SIZE)
                OPAQUE.pack_into(page, SPECIAL_OFF, prev, nxt, bucket, flag, pid)
                off = 1
                while i < n:
                    h, tid = items[i]
                    if not page_add_item(page, self._pack(h, tid), off, is_heap=False):
                        break
                    off += 1
                    i += 1
                bm.mark_dirty(buf)
            finally:
                bm.unpin(buf)
            used += 1
            if i >= n:
                break
        if used < len(chain):
            self._set_next(chain[used - 1], INVALID_BLOCK)
            for blk in chain[used:]:
                self._free_ovfl(m, blk)

    # -- insert ----------------------------------------------------------------------
    def insert(self, key, tid) -> None:
        """_hash_doinsert: put (hash(key), tid) on the first page of its
        bucket's chain with room, at its place in hash order; add an
        overflow page if none has room; then split a bucket if the index is
        over its fill factor.  A NULL key is not indexed."""
        value = key[0] if isinstance(key, tuple) else key
        if value is None:
            return
        h = self.hashkey(value)
        tid = tuple(tid)
        m = self._get_meta()
        bucket = m.bucket_of(h)
        self._insert_item(m, m.bucket_blkno(bucket), bucket, h, tid)
        m.ntuples += 1
        if m.ntuples > m.ffactor * (m.maxbucket + 1):        # INV-ACCESS-HASH-4
            self._expand(m)
        self._put_meta(m)

    def _insert_item(self, m: Meta, blk: int, bucket: int, h: int, tid) -> None:
        bm = self.bm
        itup = self._pack(h, tid)
        while True:
            buf = bm.pin(self.rel, blk)
            try:
                page = bm.page(buf)
                if page_free_space(page) >= ITEM_SIZE:
                    # INV-ACCESS-HASH-2: at its place in hash-code order
                    if not page_add_item(page, itup, self._binsearch(page, h), is_heap=False):
                        raise PgError(INTERNAL_ERROR, f'failed to add index item to "{self.name}"')
                    bm.mark_dirty(buf)
                    return
                nxt = _opaque_from(page, SPECIAL_OFF)[1]
            finally:
                bm.unpin(buf)
            if nxt == INVALID_BLOCK:
                new = self._alloc_ovfl(m)
                nbuf = bm.pin(self.rel, new)
                try:
                    self._init_page(bm.page(nbuf), LH_OVERFLOW_PAGE, bucket, blk)
                    bm.mark_dirty(nbuf)
                finally:
                    bm.unpin(nbuf)
                self._set_next(blk, new)
                nxt = new
            blk = nxt

    def _expand(self, m: Meta) -> None:
        """_hash_expandtable + _hash_splitbucket: add bucket maxbucket+1,
        allocating the next split point's bucket pages when it starts one,
        and move the entries of its parent bucket that now map to it."""
        if m.maxbucket >= 0x7FFFFFFE:
            return
        new_bucket = m.maxbucket + 1
        old_bucket = new_bucket & m.lowmask
        start_nblkno = m.bucket_blkno(new_bucket)
        spare_ndx = spareindex(new_bucket + 1)
        if spare_ndx > m.ovflpoint:
            if self.bm.nblocks(self.rel) != start_nblkno:
                raise PgError(INTERNAL_ERROR, f'unexpected hash relation size: {self.bm.nblocks(self.rel)}, '
                                              f'should be {start_nblkno}')
            self._extend_to(start_nblkno + totalbuckets(spare_ndx) - new_bucket - 1)
        m.maxbucket = new_bucket
        if new_bucket > m.highmask:                    # starting a new doubling
            m.lowmask = m.highmask
            m.highmask = new_bucket | m.lowmask
        if spare_ndx > m.ovflpoint:
            m.spares[spare_ndx] = m.spares[m.ovflpoint]
            m.ovflpoint = spare_ndx
        buf = self.bm.pin(self.rel, start_nblkno)
        try:
            page = self.bm.page(buf)
            if not page_is_new(page):
                raise PgError(INTERNAL_ERROR, f'hash index "{self.name}": new bucket page {start_nblkno} in use')
            self._init_page(page, LH_BUCKET_PAGE, new_bucket, INVALID_BLOCK)
            self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)
        old_chain = self._chain(m.bucket_blkno(old_bucket))
        items = self._chain_items(old_chain)
        keep, move = [], []
        for e in items:                                  # INV-ACCESS-HASH-1
            (move if m.bucket_of(e[0]) == new_bucket else keep).append(e)
        if move:
            self._write_chain(m, old_chain, old_bucket, keep)
            self._write_chain(m, [start_nblkno], new_bucket, move)

    # -- delete / vacuum -------------------------------------------------------------
    def delete(self, key, tid) -> bool:
        """Remove the entry (hash(key), tid); False if it is not there."""
        value = key[0] if isinstance(key, tuple) else key
        if value is None:
            return False
        h = self.hashkey(value)
        tid = tuple(tid)
        m = self._get_meta()
        for blk in self._chain(m.bucket_blkno(m.bucket_of(h))):
            buf = self.bm.pin(self.rel, blk)
            try:
                page = self.bm.page(buf)
                off = self._binsearch(page, h)
                while off <= page_max_offset(page) and self._hash_at(page, off) == h:
                    o = _lp_from(page, SIZE_OF_PAGE_HEADER + 4 * (off - 1))[0] & 0x7FFF
                    hi, lo, pos = _item_from(page, o)[:3]
                    if ((hi << 16) | lo, pos) == tid:
                        page_index_delete(page, off)
                        self.bm.mark_dirty(buf)
                        m.ntuples = max(m.ntuples - 1, 0.0)
                        self._put_meta(m)
                        return True
                    off += 1
            finally:
                self.bm.unpin(buf)
        return False

    def bulk_delete(self, is_dead) -> tuple[int, int]:
        """hashbulkdelete: remove every entry whose heap TID ``is_dead(tid)``
        accepts (VACUUM; spec/08-mvcc.md, INV-MVCC-8), squeezing each bucket
        it changed so emptied overflow pages return to the bitmap.  Updates
        ntuples; returns (removed, kept)."""
        m = self._get_meta()
        removed = kept = 0
        for b in range(m.maxbucket + 1):
            chain = self._chain(m.bucket_blkno(b))
            items = self._chain_items(chain)
            live = [e for e in items if not is_dead(e[1])]
            kept += len(live)
            if len(live) != len(items):
                removed += len(items) - len(live)
                self._write_chain(m, chain, b, live)
        m.ntuples = float(kept)
        self._put_meta(m)
        return removed, kept

    # -- scans -------------------------------------------------------------------------
    def scan_equal(self, key) -> list:
        """hashgettuple for ``col = key``: the heap TIDs of entries with
        key's hash code, in chain order.  The whole bucket is read before
        anything is returned, so a split or insert while the caller holds
        the list cannot make it miss or repeat an entry.  Callers recheck
        the qual (codes collide)."""
        value = key[0] if isinstance(key, tuple) else key
        if value is None:
            return []
        h = self.hashkey(value)
        m = self._get_meta()
        out = []
        for blk in self._chain(m.bucket_blkno(m.bucket_of(h))):
            buf = self.bm.pin(self.rel, blk)
            try:
                page = self.bm.page(buf)
                off = self._binsearch(page, h)
                nmax = page_max_offset(page)
                while off <= nmax:
                    o = _lp_from(page, SIZE_OF_PAGE_HEADER + 4 * (off - 1))[0] & 0x7FFF
                    hi, lo, pos, _info, hh = _item_from(page, o)
                    if hh != h:
                        break
                    out.append(((hi << 16) | lo, pos))
                    off += 1
            finally:
                self.bm.unpin(buf)
        return out

    def find_equal(self, key):
        return iter(self.scan_equal(key))

    # -- build / truncate --------------------------------------------------------------
    def build(self, entries) -> int:
        """hashbuild: size the initial bucket count for the number of
        entries (so no split is needed), then load each bucket's entries in
        hash order (what _h_indexbuild's sorted load produces).  NULL keys
        are skipped.  Returns the number of entries indexed."""
        items = []
        for key, tid in entries:
            value = key[0] if isinstance(key, tuple) else key
            if value is not None:
                items.append((self.hashkey(value), tuple(tid)))
        m = self._get_meta()
        if m.ntuples or self.bm.nblocks(self.rel) != m.maxbucket + 3:
            raise PgError(INTERNAL_ERROR, f'index "{self.name}" already contains data')
        self.bm.truncate(self.rel, 0)
        self._init(len(items))
        m = self._get_meta()
        per_bucket: dict[int, list] = {}
        for e in items:
            per_bucket.setdefault(m.bucket_of(e[0]), []).append(e)
        for b in sorted(per_bucket):
            self._write_chain(m, [m.bucket_blkno(b)], b, per_bucket[b])
        m.ntuples = float(len(items))
        self._put_meta(m)
        return len(items)

    def truncate(self) -> None:
        """TRUNCATE: back to an empty index (metapage, 2 buckets, bitmap)."""
        self.bm.truncate(self.rel, 0)
        self._init(0)

    def stats(self) -> dict:
        """pgstathashindex-like numbers (tests, debugging)."""
        m = self._get_meta()
        overflow = 0
        for b in range(m.maxbucket + 1):
            overflow += len(self._chain(m.bucket_blkno(b))) - 1
        return {"buckets": m.maxbucket + 1, "overflow_pages": overflow, "bitmap_pages": m.nmaps,
                "ntuples": m.ntuples, "ffactor": m.ffactor, "nblocks": self.bm.nblocks(self.rel),
                "highmask": m.highmask, "lowmask": m.lowmask, "ovflpoint": m.ovflpoint}

    # -- verification -------------------------------------------------------------------
    def check(self) -> int:
        """Verify the structure: every entry is in the bucket its hash code
        maps to (INV-ACCESS-HASH-1), pages are sorted by hash code, chain links
        agree in both directions, every chained overflow page's bitmap bit
        is set, and ntuples matches.  Returns the number of entries."""
        m = self._get_meta()
        if not m.lowmask < m.maxbucket + 1 <= m.highmask + 1 or m.highmask != (m.lowmask << 1) | 1:
            raise AssertionError(f"bad masks: maxbucket {m.maxbucket} high {m.highmask:#x} low {m.lowmask:#x}")
        total = 0
        seen = set()
        for b in range(m.maxbucket + 1):
            prev = INVALID_BLOCK
            for i, blk in enumerate(self._chain(m.bucket_blkno(b))):
                if blk in seen:
                    raise AssertionError(f"block {blk} in two chains")
                seen.add(blk)
                buf = self.bm.pin(self.rel, blk)
                try:
                    page = self.bm.page(buf)
                    p, _n, bucket, flag, pid = _opaque_from(page, SPECIAL_OFF)
                    items = self._items(page)
                finally:
                    self.bm.unpin(buf)
                want = LH_BUCKET_PAGE if i == 0 else LH_OVERFLOW_PAGE
                if flag != want or bucket != b or pid != HASHO_PAGE_ID:
                    raise AssertionError(f"block {blk}: flag {flag} bucket {bucket}, want {want} bucket {b}")
                if i and p != prev:
                    raise AssertionError(f"block {blk}: prev {p} != {prev}")
                if i and not self._bitmap_bit(m, m.blkno_bitno(blk, self.name)):
                    raise AssertionError(f"overflow block {blk} in use but free in the bitmap")
                hs = [h for h, _t in items]
                if hs != sorted(hs):
                    raise AssertionError(f"block {blk}: items not in hash order")
                for h, _t in items:
                    if m.bucket_of(h) != b:
                        raise AssertionError(f"block {blk}: hash {h:#x} belongs to bucket {m.bucket_of(h)}, not {b}")
                total += len(items)
                prev = blk
        if int(m.ntuples) != total:
            raise AssertionError(f"ntuples {m.ntuples} != {total} entries")
        return total

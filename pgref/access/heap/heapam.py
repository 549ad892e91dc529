"""The heap table access method (PostgreSQL's heapam.c, heapam_handler.c).

Where it sits: the executor and MVCC layer reach table rows only through
:class:`HeapRelation` (spec/06-access.md, "Heap access method").  Rows go
in as tuples of Python values (pgref/types/values.py) and come out the same
way; pages, line pointers and tuple headers stay inside ``access/``.

What it guarantees, and what it leaves to the caller:

* Every stored version of a row has PostgreSQL's header (tuple.py): xmin,
  xmax, cid, ctid chain, infomask bits.  INSERT stamps xmin/cid; DELETE
  and UPDATE stamp xmax on the old version after a concurrent-update check
  that returns PostgreSQL's TM_Result codes (INV-ACCESS-3); UPDATE writes a
  new version and points the old one's t_ctid at it (INV-ACCESS-4).
* *Visibility is not decided here.*  ``scan`` and ``fetch`` return every
  stored version unless the caller passes ``visible(header) -> bool``; the
  fast path calls it before decoding, so invisible rows cost a header read.
  ``xid_status(xid) -> CURRENT | IN_PROGRESS | COMMITTED | ABORTED`` is the
  MVCC layer's answer to "what happened to this transaction" (default:
  the acting xid is CURRENT, every other xid COMMITTED).
* A tuple longer than TOAST_TUPLE_THRESHOLD (2032 bytes) goes through
  TOAST first (toast.py): large varlena values are compressed with pglz
  and/or moved to the relation's TOAST companion, and HEAP_HASEXTERNAL is
  set when a value is out of line.  Reads detoast transparently.  A tuple
  still too big for a page raises 54000 "row is too big".

Entry points:
    HeapRelation.create(bufmgr, relfile, attrs) / HeapRelation(bufmgr, relfile, attrs)
    insert(values, xid, cid) -> tid
    fetch(tid, visible=None) -> (HeapTupleHeader, values) | None
    delete(tid, xid, cid, ...) -> TMResult
    update(tid, values, xid, cid, ...) -> (TMResult, new_tid | None)
    lock_tuple(tid, xid, cid, mode, ...) -> TMResult
    scan(visible=None, set_hints=None) -> iterator of (tid, header, values)
    scan_batches(visible=None, with_tids=False, batch_pages=8) -> iterator of lists
    set_hint_bits(tid, bits), truncate(), nblocks()
    toast_delete(page, lp_off)   (VACUUM: drop a dead tuple's TOAST chunks)
"""
from __future__ import annotations

import struct
from enum import IntEnum

from pgref.access.common.datum import TupleDesc, type_storage
from pgref.access.common.toast import (
    TOAST_TUPLE_THRESHOLD, ToastRelation, external_value_ids, toast_values,
)
from pgref.access.heap.combocid import ComboCids, header_cmin
from pgref.access.heap.tuple import (
    HEAP_COMBOCID, HEAP_HASEXTERNAL, HEAP_HASNULL, HEAP_KEYS_UPDATED, HEAP_NATTS_MASK, HEAP_UPDATED,
    HEAP_XMAX_COMMITTED, HEAP_XMAX_EXCL_LOCK, HEAP_XMAX_INVALID, HEAP_XMAX_IS_MULTI,
    HEAP_XMAX_KEYSHR_LOCK, HEAP_XMAX_LOCK_ONLY, HEAP_XMIN_COMMITTED, HEAP_XMIN_INVALID,
    HeapTupleHeader, OFF_INFOMASK, OFF_INFOMASK2, OFF_XMAX,
    form_heap_tuple, header_of, set_ctid,
)
from pgref.errors import PgError, FEATURE_NOT_SUPPORTED, PROGRAM_LIMIT_EXCEEDED, DATA_CORRUPTED
from pgref.storage.fsm import FreeSpaceMap
from pgref.storage.page import (
    LP_NORMAL, MAX_HEAP_TUPLE_SIZE, SIZE_OF_PAGE_HEADER,
    page_add_item, page_get_item, page_heap_free_space, page_init, page_is_new,
    page_max_offset,
)

TID = tuple  # (block number, offset number)


class TMResult(IntEnum):
    """PostgreSQL's TM_Result (tableam.h)."""
    Ok = 0
    Invisible = 1
    SelfModified = 2
    Updated = 3
    Deleted = 4
    BeingModified = 5
    WouldBlock = 6


# answers of the xid_status callback
CURRENT = "current"
IN_PROGRESS = "in_progress"
COMMITTED = "committed"
ABORTED = "aborted"

_HINT_BITS = HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID | HEAP_XMAX_COMMITTED | HEAP_XMAX_INVALID
_XMAX_BITS = (HEAP_XMAX_COMMITTED | HEAP_XMAX_INVALID | HEAP_XMAX_IS_MULTI | HEAP_XMAX_LOCK_ONLY
              | HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK)
LOCK_MODES = {
    "update": HEAP_XMAX_EXCL_LOCK,
    "no key update": HEAP_XMAX_EXCL_LOCK,
    "share": HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK,
    "key share": HEAP_XMAX_KEYSHR_LOCK,
}

_U32 = struct.Struct("<I")
_u32_from = _U32.unpack_from
_MASKS_HOFF = struct.Struct("<HHB")        # t_infomask2, t_infomask, t_hoff at +18
_masks_from = _MASKS_HOFF.unpack_from
_U16 = struct.Struct("<H")


class HeapRelation:
    """One heap relation: a relation file of heap pages plus its tuple
    descriptor.  Cheap to construct; all state lives in the buffer manager
    (pages, free space map)."""

    def __init__(self, bufmgr, relfile, attrs, name: str = "", toast: bool = True,
                 storages=None):
        self.bm = bufmgr
        self.rel = relfile
        self.desc = TupleDesc(attrs)
        self.name = name
        self._descs = {self.desc.natts: self.desc}
        self._last_block = 0
        # attstorage per attribute (pg_type.typstorage unless given); a TOAST
        # relation's own attributes are all plain, and it has no TOAST itself
        self.storages = list(storages) if storages is not None else \
            [type_storage(a[0]) if a[1] == -1 else "p" for a in self.desc.attrs]
        self.toastable = toast and any(s != "p" for s in self.storages)
        self.toast_rel = ToastRelation(bufmgr, relfile) if toast else None
        if self.toast_rel is not None:
            self.desc.toast_fetch = self.toast_rel.fetch

    @classmethod
    def create(cls, bufmgr, relfile, attrs, name: str = "", toast: bool = True) -> "HeapRelation":
        """heap_create: a new empty relation file, then the relation."""
        bufmgr.create(relfile)
        return cls(bufmgr, relfile, attrs, name, toast)

    def nblocks(self) -> int:
        return self.bm.nblocks(self.rel)

    # -- free space ---------------------------------------------------------------
    def _fsm(self) -> FreeSpaceMap:
        maps = self.bm.fsm
        m = maps.cached(self.rel)
        if m is None:
            n = self.bm.nblocks(self.rel)
            m = maps.get(self.rel, n)
            if m is None:                  # rebuild from the pages themselves
                m = FreeSpaceMap()
                for blk in range(n):
                    buf = self.bm.pin(self.rel, blk)
                    try:
                        page = self.bm.page(buf)
                        m.record(blk, 8192 if page_is_new(page) else page_heap_free_space(page))
                    finally:
                        self.bm.unpin(buf)
                maps.put(self.rel, m)
        return m

    # -- insert ---------------------------------------------------------------------
    def insert(self, values, xid: int, cid: int) -> TID:
        """heap_insert: store a new tuple; returns its TID."""
        tup = form_heap_tuple(self.desc, values, xid, cid)
        if len(tup) > TOAST_TUPLE_THRESHOLD and self.toastable:
            tup = self._toast_form(values, xid, cid, 0)
        return self._put(tup)

    def _toast_form(self, values, xid: int, cid: int, infomask_extra: int) -> bytearray:
        """heap_toast_insert_or_update, then heap_form_tuple again."""
        values, has_external = toast_values(self.desc, values, self.storages, self.toast_rel,
                                            xid, cid)
        tup = form_heap_tuple(self.desc, values, xid, cid, infomask_extra)
        if has_external:
            m = _U16.unpack_from(tup, OFF_INFOMASK)[0]
            _U16.pack_into(tup, OFF_INFOMASK, m | HEAP_HASEXTERNAL)
        return tup

    def _put(self, tup: bytearray, prefer_block: int | None = None) -> TID:
        """RelationGetBufferForTuple + RelationPutHeapTuple."""
        size = len(tup)
        if size > MAX_HEAP_TUPLE_SIZE:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"row is too big: size {size}, maximum size {MAX_HEAP_TUPLE_SIZE}")
        need = (size + 7) & ~7
        bm, rel = self.bm, self.rel
        fsm = self._fsm()
        blk = prefer_block if prefer_block is not None else fsm.search(need, self._last_block)
        while blk is not None:
            buf = bm.pin(rel, blk)
            try:
                page = bm.page(buf)
                if page_is_new(page):
                    page_init(page)
                    bm.mark_dirty(buf)
                free = page_heap_free_space(page)
                if free >= need:
                    off = page_add_item(page, tup)
                    if off:
                        lp_off = page_get_item(page, off)[0]
                        set_ctid(page, lp_off, (blk, off))
                        bm.mark_dirty(buf)
                        fsm.record(blk, page_heap_free_space(page))
                        self._last_block = blk
                        return (blk, off)
                    free = 0
                fsm.record(blk, free)          # INV-STORAGE-7: the map was stale
            finally:
                bm.unpin(buf)
            blk = fsm.search(need, self._last_block)
        blk, buf = bm.extend(rel)
        try:
            page = bm.page(buf)
            page_init(page)
            off = page_add_item(page, tup)
            lp_off = page_get_item(page, off)[0]
            set_ctid(page, lp_off, (blk, off))
            bm.mark_dirty(buf)
            fsm.record(blk, page_heap_free_space(page))
        finally:
            bm.unpin(buf)
        self._last_block = blk
        return (blk, off)

    # -- reading ------------------------------------------------------------------------
    def _desc_for(self, natts: int) -> TupleDesc:
        d = self._descs.get(natts)
        if d is None:
            if natts > self.desc.natts:
                raise PgError(DATA_CORRUPTED, f"tuple has {natts} attributes, relation "
                              f"\"{self.name}\" has {self.desc.natts}")
            d = self._descs[natts] = TupleDesc(self.desc.attrs[:natts])
            d.toast_fetch = self.desc.toast_fetch
        return d

    def _values(self, page, lp_off: int) -> tuple:
        m2, m, hoff = _masks_from(page, lp_off + 18)
        natts = m2 & HEAP_NATTS_MASK
        desc = self.desc if natts == self.desc.natts else self._desc_for(natts)
        bitmap = bytes(page[lp_off + 23:lp_off + 23 + desc.bitmap_len]) if m & HEAP_HASNULL else None
        vals = desc.deform(page, lp_off + hoff, bitmap)
        if natts < self.desc.natts:          # attributes added after this tuple
            vals.extend([None] * (self.desc.natts - natts))
        return tuple(vals)

    def fetch(self, tid: TID, visible=None):
        """heap_fetch: (header, values) of the tuple at ``tid``, or None when
        there is none (or ``visible(header)`` says no)."""
        blk, off = tid
        if blk >= self.bm.nblocks(self.rel):
            return None
        bm = self.bm
        buf = bm.pin(self.rel, blk)
        try:
            page = bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            if not lp_len:
                return None
            hdr = header_of(page, lp_off)
            if visible is not None and not visible(hdr):
                return None
            return hdr, self._values(page, lp_off)
        finally:
            bm.unpin(buf)

    def fetch_header(self, tid: TID) -> HeapTupleHeader | None:
        """Only the header of the tuple at ``tid`` (for ctid chain walks)."""
        blk, off = tid
        if blk >= self.bm.nblocks(self.rel):
            return None
        buf = self.bm.pin(self.rel, blk)
        try:
            page = self.bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            return header_of(page, lp_off) if lp_len else None
        finally:
            self.bm.unpin(buf)

    def scan(self, visible=None, set_hints=None):
        """heap_getnext over every stored tuple: yields (tid, header, values)
        for the tuples ``visible(header)`` accepts (all when None).  If
        ``set_hints(header) -> bits`` is given, the returned hint bits are
        ORed into the tuple's t_infomask in place.  The block count is taken
        at the start, so tuples added to new blocks during the scan are not
        returned (like PostgreSQL's rs_nblocks)."""
        bm, rel = self.bm, self.rel
        nblocks = bm.nblocks(rel)
        for blk in range(nblocks):
            buf = bm.pin(rel, blk)
            out = []
            try:
                page = bm.page(buf)
                nline = page_max_offset(page)
                dirty = False
                for off in range(1, nline + 1):
                    w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (off - 1))[0]
                    if (w >> 15) & 3 != LP_NORMAL:
                        continue
                    lp_off = w & 0x7FFF
                    hdr = header_of(page, lp_off)
                    if set_hints is not None:
                        bits = set_hints(hdr) & _HINT_BITS
                        if bits and (hdr.infomask | bits) != hdr.infomask:
                            _U16.pack_into(page, lp_off + OFF_INFOMASK, hdr.infomask | bits)
                            hdr = hdr._replace(infomask=hdr.infomask | bits)
                            dirty = True
                    if visible is not None and not visible(hdr):
                        continue
                    out.append(((blk, off), hdr, self._values(page, lp_off)))
                if dirty:
                    bm.mark_dirty(buf)
            finally:
                bm.unpin(buf)
            yield from out

    def scan_batches(self, visible=None, with_tids: bool = False, batch_pages: int = 8,
                     with_headers: bool = False):
        """The executor's scan: yields lists of rows (value tuples, or
        (tid, values) pairs with ``with_tids``, or (tid, values, header)
        triples with ``with_headers``), one list per ``batch_pages`` pages.
        Without ``visible`` or ``with_headers`` no header object is built."""
        bm, rel = self.bm, self.rel
        nblocks = bm.nblocks(rel)
        values_of = self._values
        batch: list = []
        for blk in range(nblocks):
            buf = bm.pin(rel, blk)
            try:
                page = bm.page(buf)
                nline = page_max_offset(page)
                for off in range(1, nline + 1):
                    w = _u32_from(page, SIZE_OF_PAGE_HEADER + 4 * (off - 1))[0]
                    if (w >> 15) & 3 != LP_NORMAL:
                        continue
                    lp_off = w & 0x7FFF
                    if visible is not None and not visible(header_of(page, lp_off)):
                        continue
                    if with_headers:
                        batch.append(((blk, off), values_of(page, lp_off), header_of(page, lp_off)))
                    elif with_tids:
                        batch.append(((blk, off), values_of(page, lp_off)))
                    else:
                        batch.append(values_of(page, lp_off))
            finally:
                bm.unpin(buf)
            if (blk + 1) % batch_pages == 0 and batch:
                yield batch
                batch = []
        if batch:
            yield batch

    # -- delete / update / lock ------------------------------------------------------------
    def _check_update(self, page, lp_off: int, tid: TID, xid: int, cid: int, xid_status,
                      combocids=None):
        """HeapTupleSatisfiesUpdate, reduced to what the header can tell with
        the caller's ``xid_status``.  Returns (TMResult, xmin_status)."""
        hdr = header_of(page, lp_off)
        status = xid_status or (lambda x: CURRENT if x == xid else COMMITTED)
        m = hdr.infomask
        if m & HEAP_XMIN_COMMITTED and not m & HEAP_XMIN_INVALID:
            xmin_st = COMMITTED
        elif m & HEAP_XMIN_INVALID and not m & HEAP_XMIN_COMMITTED:
            return TMResult.Invisible, ABORTED
        else:
            xmin_st = status(hdr.xmin)
            if xmin_st == ABORTED or xmin_st == IN_PROGRESS:
                return TMResult.Invisible, xmin_st
            if xmin_st == CURRENT:
                if m & HEAP_COMBOCID:
                    cmin = combocids.cmin(hdr.cid) if combocids is not None else None
                elif m & HEAP_XMAX_INVALID or hdr.xmax == 0:
                    cmin = hdr.cid
                else:
                    cmin = None                # t_cid holds cmax: cmin unknown
                if cmin is not None and cmin >= cid:
                    return TMResult.Invisible, xmin_st   # inserted after our command began
        if m & HEAP_XMAX_INVALID or hdr.xmax == 0:
            return TMResult.Ok, xmin_st
        if m & HEAP_XMAX_IS_MULTI:
            raise PgError(FEATURE_NOT_SUPPORTED, "multixact tuple locks are not supported")
        xmax_st = COMMITTED if m & HEAP_XMAX_COMMITTED else status(hdr.xmax)
        if xmax_st == ABORTED:
            _U16.pack_into(page, lp_off + OFF_INFOMASK, m | HEAP_XMAX_INVALID)
            return TMResult.Ok, xmin_st
        if m & HEAP_XMAX_LOCK_ONLY:
            if xmax_st == IN_PROGRESS:
                return TMResult.BeingModified, xmin_st
            return TMResult.Ok, xmin_st         # our own lock, or a finished locker
        if xmax_st == CURRENT:
            if m & HEAP_COMBOCID:
                cmax = combocids.cmax(hdr.cid) if combocids is not None else cid
            else:
                cmax = hdr.cid
            # deleted by an earlier command of ours: we cannot see it at all
            return (TMResult.SelfModified if cmax >= cid else TMResult.Invisible), xmin_st
        if xmax_st == IN_PROGRESS:
            return TMResult.BeingModified, xmin_st
        if hdr.ctid != tuple(tid):
            return TMResult.Updated, xmin_st
        return TMResult.Deleted, xmin_st

    def _stamp_xmax(self, page, lp_off: int, xid: int, cid: int, xmin_st, combocids,
                    extra_mask: int, extra_mask2: int) -> None:
        """Set t_xmax / cmax (combo cid when the inserter is this transaction)."""
        hdr = header_of(page, lp_off)
        m = hdr.infomask & ~_XMAX_BITS
        if xmin_st == CURRENT and not (hdr.infomask & HEAP_XMIN_COMMITTED) and combocids is not None:
            cmin = header_cmin(hdr, combocids) if hdr.infomask & HEAP_COMBOCID else hdr.cid
            if cmin != cid:
                newcid = combocids.get_combo(cmin, cid)
                m |= HEAP_COMBOCID
            else:
                newcid = cid
                m &= ~HEAP_COMBOCID
        else:
            newcid = cid
            m &= ~HEAP_COMBOCID
        struct.pack_into("<II", page, lp_off + OFF_XMAX, xid, newcid)
        _U16.pack_into(page, lp_off + OFF_INFOMASK, m | extra_mask)
        m2 = _U16.unpack_from(page, lp_off + OFF_INFOMASK2)[0]
        _U16.pack_into(page, lp_off + OFF_INFOMASK2, m2 | extra_mask2)

    def delete(self, tid: TID, xid: int, cid: int, combocids: ComboCids | None = None,
               xid_status=None) -> TMResult:
        """heap_delete: stamp xmax on the tuple at ``tid`` if the concurrent-
        update check allows (INV-ACCESS-3); otherwise return why not."""
        blk, off = tid
        bm = self.bm
        buf = bm.pin(self.rel, blk)
        try:
            page = bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            if not lp_len:
                return TMResult.Invisible
            res, xmin_st = self._check_update(page, lp_off, tid, xid, cid, xid_status, combocids)
            if res != TMResult.Ok:            # INV-ACCESS-3: leave the tuple alone
                bm.mark_dirty(buf)             # (a hint bit may have been set)
                return res
            self._stamp_xmax(page, lp_off, xid, cid, xmin_st, combocids, 0, HEAP_KEYS_UPDATED)
            bm.mark_dirty(buf)
            return TMResult.Ok
        finally:
            bm.unpin(buf)

    def update(self, tid: TID, values, xid: int, cid: int, combocids: ComboCids | None = None,
               xid_status=None, key_updated: bool = True) -> tuple[TMResult, TID | None]:
        """heap_update: write a new version (same page if it fits, like
        PostgreSQL; no HOT chains yet) and link the old one to it through
        t_ctid (INV-ACCESS-4).  Returns (TMResult, new tid or None)."""
        blk, off = tid
        bm = self.bm
        buf = bm.pin(self.rel, blk)
        try:
            page = bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            if not lp_len:
                return TMResult.Invisible, None
            res, xmin_st = self._check_update(page, lp_off, tid, xid, cid, xid_status,
                                               combocids)
            if res != TMResult.Ok:
                bm.mark_dirty(buf)
                return res, None
        finally:
            bm.unpin(buf)
        newtup = form_heap_tuple(self.desc, values, xid, cid, HEAP_UPDATED)
        if len(newtup) > TOAST_TUPLE_THRESHOLD and self.toastable:
            newtup = self._toast_form(values, xid, cid, HEAP_UPDATED)   # re-toasts every value
        new_tid = self._put(newtup, prefer_block=blk)
        buf = bm.pin(self.rel, blk)
        try:
            page = bm.page(buf)
            lp_off, _len = page_get_item(page, off)
            self._stamp_xmax(page, lp_off, xid, cid, xmin_st, combocids, 0,
                             HEAP_KEYS_UPDATED if key_updated else 0)
            set_ctid(page, lp_off, new_tid)      # INV-ACCESS-4
            bm.mark_dirty(buf)
        finally:
            bm.unpin(buf)
        return TMResult.Ok, new_tid

    def lock_tuple(self, tid: TID, xid: int, cid: int, mode: str = "update",
                   xid_status=None) -> TMResult:
        """heap_lock_tuple (SELECT ... FOR UPDATE/SHARE): xmax = xid with
        HEAP_XMAX_LOCK_ONLY and the mode's lock bits.  One locker at a time
        (no MultiXacts yet)."""
        lockbits = LOCK_MODES[mode]
        blk, off = tid
        bm = self.bm
        buf = bm.pin(self.rel, blk)
        try:
            page = bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            if not lp_len:
                return TMResult.Invisible
            res, _xmin_st = self._check_update(page, lp_off, tid, xid, cid, xid_status)
            if res != TMResult.Ok:
                bm.mark_dirty(buf)
                return res
            hdr = header_of(page, lp_off)
            m = (hdr.infomask & ~_XMAX_BITS) | HEAP_XMAX_LOCK_ONLY | lockbits
            struct.pack_into("<I", page, lp_off + OFF_XMAX, xid)
            _U16.pack_into(page, lp_off + OFF_INFOMASK, m)
            bm.mark_dirty(buf)
            return TMResult.Ok
        finally:
            bm.unpin(buf)

    def set_hint_bits(self, tid: TID, bits: int) -> None:
        """SetHintBits: cache commit status in t_infomask (only the four
        XMIN/XMAX COMMITTED/INVALID bits are accepted)."""
        if bits & ~_HINT_BITS:
            raise PgError(DATA_CORRUPTED, f"not a hint bit: {bits:#06x}")
        blk, off = tid
        buf = self.bm.pin(self.rel, blk)
        try:
            page = self.bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            if lp_len:
                m = _U16.unpack_from(page, lp_off + OFF_INFOMASK)[0]
                if m | bits != m:
                    _U16.pack_into(page, lp_off + OFF_INFOMASK, m | bits)
                    self.bm.mark_dirty(buf)
        finally:
            self.bm.unpin(buf)

    def truncate(self) -> None:
        """TRUNCATE: every block goes, buffers are dropped unwritten."""
        self.bm.truncate(self.rel, 0)
        self.bm.fsm.put(self.rel, FreeSpaceMap())
        self._last_block = 0
        if self.toast_rel is not None:
            self.toast_rel.drop()

    def toast_delete(self, page, lp_off: int) -> int:
        """heap_toast_delete for a tuple VACUUM is removing: delete the
        chunks of its out-of-line values (HEAP_HASEXTERNAL tuples only).
        Returns the number of chunks removed."""
        m2, m, hoff = _masks_from(page, lp_off + 18)
        if not m & HEAP_HASEXTERNAL or self.toast_rel is None:
            return 0
        desc = self._desc_for(m2 & HEAP_NATTS_MASK)
        bitmap = bytes(page[lp_off + 23:lp_off + 23 + desc.bitmap_len]) if m & HEAP_HASNULL else None
        return sum(self.toast_rel.delete_value(v)
                   for v in external_value_ids(desc, page, lp_off + hoff, bitmap))

    def item_bytes(self, tid: TID) -> bytes | None:
        """The raw stored tuple (header + data) -- for tests and debugging."""
        blk, off = tid
        buf = self.bm.pin(self.rel, blk)
        try:
            page = self.bm.page(buf)
            lp_off, lp_len = page_get_item(page, off)
            return bytes(page[lp_off:lp_off + lp_len]) if lp_len else None
        finally:
            self.bm.unpin(buf)

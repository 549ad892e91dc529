"""TOAST: compressing and moving out of line the large values of a heap row
(PostgreSQL's heaptoast.c, toast_internals.c, detoast.c, toast_compression.c).

Where it sits: ``access/`` (spec/06-access.md, "TOAST").  The heap calls
:func:`toast_values` when a tuple it is about to store is larger than
TOAST_TUPLE_THRESHOLD; datum.py calls :func:`decompress_inline` and
:meth:`ToastRelation.fetch` when it meets a compressed or external varlena
while deforming a tuple.  Above ``access/`` every value is plain again:
detoasting is transparent and eager.

What it guarantees:

* The decision which attributes to compress and which to move out of line
  is PostgreSQL's (heap_toast_insert_or_update): four rounds over the
  varlena attributes, biggest first, against ``maxDataLen`` =
  TOAST_TUPLE_TARGET (2032) - t_hoff, then TOAST_TUPLE_TARGET_MAIN (8160)
  for ``main`` attributes (INV-ACCESS-TOAST-1).
* Every byte written is PostgreSQL's: a compressed inline value is a
  4-byte varlena header with bits ``10`` ((size << 2) | 2), then
  ``va_tcinfo`` = raw size | method << 30 (pglz = 0), then the pglz stream
  (pglz.py); an external value is the 18-byte ``varattrib_1b_e``::

      offset size field
           0    1 va_header      0x01 (1-byte header, length 0 = external)
           1    1 va_tag         18 = VARTAG_ONDISK
           2    4 va_rawsize     raw size + 4 (the uncompressed VARSIZE)
           6    4 va_extinfo     stored size | compression method << 30
          10    4 va_valueid     chunk_id of the value's chunks
          14    4 va_toastrelid  the owning relation's relfilenode (pgref)

  and its chunks are rows (chunk_id oid, chunk_seq int4, chunk_data bytea)
  of at most TOAST_MAX_CHUNK_SIZE = 1996 data bytes -- four 2032-byte
  tuples to a page, exactly as PostgreSQL's pg_toast tables
  (INV-ACCESS-TOAST-2).
* A value is found again through a B-tree on (chunk_id, chunk_seq); every
  chunk must be there, in order, with the expected sizes, or the read
  fails with XX000 "missing chunk number ..." (INV-ACCESS-TOAST-3).

* The owner's storage options are honoured (INV-ACCESS-TOAST-4): each
  attribute's attstorage (``storages``) and the ``toast_tuple_target``
  reloption (:attr:`ToastRelation.tuple_target`, set by engine/database.py
  from engine/reloptions.py), which replaces TOAST_TUPLE_TARGET as the
  budget of the first three rounds.

Where the TOAST relation lives (a difference from PostgreSQL): catalog-wise
it is ``pg_toast.pg_toast_<oid>`` with an OID of its own
(engine/reloptions.py, INV-ACCESS-TOAST-5), but its storage is a companion
of the owning relation's file -- relfilenode + 2**32 (heap) and
relfilenode + 2**33 (index), so ``DATA/base/5/4294983680`` holds the TOAST
chunks of relation file 16384 -- like a fork.  It therefore follows its owner: TRUNCATE and the rewrite
commands give the owner a new relfilenode and so a new, empty TOAST
relation; DROP and the commit of TRUNCATE remove the old files through
:func:`drop_toast_storage`.  DELETE and UPDATE leave the old chunks in place
(PostgreSQL marks them deleted and VACUUM reclaims them; pgref reclaims
them only with the owner's file).  UPDATE re-toasts every value of the new
version, unchanged or not.

Entry points:
    Toasted                        a varlena on-disk image (bytes) fill() copies
    toast_values(desc, values, storages, toastrel, xid, cid) -> (values, has_external)
    decompress_inline(image) -> payload bytes
    ToastRelation(bufmgr, relfile)  .save(data, xid, cid) -> valueid
                                    .fetch(pointer) -> (payload, stored size)
    drop_toast_storage(bufmgr, relfile)
    ToastRelation.delete_value(valueid)          chunks of a pruned tuple's value
    external_value_ids(desc, buf, base, bitmap)  chunk ids referenced by a tuple
    compress_datum(payload) -> image | None      (toast_compress_datum)
    compress_index_values(desc, values)          (index_form_tuple's compression)
    pg_column_size (builtin)
"""
from __future__ import annotations

import struct

from pgref.access.common.pglz import pglz_compress, pglz_decompress
from pgref.errors import PgError, DATA_CORRUPTED, FEATURE_NOT_SUPPORTED
from pgref.types.fmgr import builtin

TOAST_TUPLE_THRESHOLD = 2032          # MaximumBytesPerTuple(TOAST_TUPLES_PER_PAGE = 4)
TOAST_TUPLE_TARGET = 2032
TOAST_TUPLE_TARGET_MAIN = 8160        # MaxHeapTupleSize
TOAST_MAX_CHUNK_SIZE = 1996           # 2032 - 24 - 4 - 4 - 4
TOAST_POINTER_SIZE = 18
VARTAG_ONDISK = 18
TOAST_PGLZ_COMPRESSION_ID = 0
TOAST_LZ4_COMPRESSION_ID = 1
VARLENA_EXTSIZE_MASK = 0x3FFFFFFF
FIRST_VALUE_ID = 16384                # chunk ids start where user OIDs do

TOASTCOL_IGNORE = 1
TOASTCOL_INCOMPRESSIBLE = 2

_EXTERNAL = struct.Struct("<BBiIII")
_U32 = struct.Struct("<I")

TOAST_ATTRS = [(26, 4, "i", True), (23, 4, "i", True), (17, -1, "i", False)]


class Toasted(bytes):
    """A complete on-disk varlena (header included): compressed inline
    (first byte & 3 == 2) or an external pointer (first byte 0x01).
    ``TupleDesc.fill`` copies it verbatim, aligned only in the first case."""
    __slots__ = ()


class StoredText(str):
    """A text-like value read from a compressed or external varlena; it
    remembers the stored size for pg_column_size()."""
    pg_stored_size: int


class StoredBytes(bytes):
    """A bytea value read from a compressed or external varlena."""
    pg_stored_size: int


def with_stored_size(value, size: int):
    """Tag a detoasted value with its stored size (str and bytes values;
    others are returned unchanged)."""
    if isinstance(value, str):
        value = StoredText(value)
    elif isinstance(value, bytes):
        value = StoredBytes(value)
    else:
        return value
    value.pg_stored_size = size
    return value


# -- compression --------------------------------------------------------------------

def compress_datum(payload: bytes) -> Toasted | None:
    """toast_compress_datum with pglz: the compressed image, or None when
    pglz declines or saves no more than 2 bytes (header and padding would
    eat the gain)."""
    n = len(payload)
    c = pglz_compress(payload)
    if c is None:
        return None
    size = len(c) + 8                                 # VARHDRSZ_COMPRESSED
    if size >= n - 2:
        return None
    return Toasted(_U32.pack(size << 2 | 2) + _U32.pack(n | TOAST_PGLZ_COMPRESSION_ID << 30) + c)


def decompress_inline(image) -> bytes:
    """The payload of a compressed inline varlena (4-byte header, tcinfo,
    compressed stream)."""
    size = _U32.unpack_from(image, 0)[0] >> 2
    tcinfo = _U32.unpack_from(image, 4)[0]
    return _decompress(bytes(image[8:size]), tcinfo)


def _decompress(stream: bytes, tcinfo: int) -> bytes:
    method = tcinfo >> 30
    rawsize = tcinfo & VARLENA_EXTSIZE_MASK
    if method == TOAST_PGLZ_COMPRESSION_ID:
        return pglz_decompress(stream, rawsize)
    if method == TOAST_LZ4_COMPRESSION_ID:
        raise PgError(FEATURE_NOT_SUPPORTED, "compression method lz4 not supported",
                      detail="This functionality requires the server to be built with lz4 support.")
    raise PgError(DATA_CORRUPTED, f"invalid compression method id {method}")


# -- the TOAST relation ---------------------------------------------------------------

TOAST_HEAP_FILE = 1 << 32        # companion relfilenode = owner's + this (no OID reaches it)
TOAST_INDEX_FILE = 2 << 32


def _companions(relfile):
    """The relation files of the TOAST heap and index of ``relfile``:
    relfilenode + 2**32 and + 2**33, numbers no 32-bit OID can take."""
    from pgref.storage.smgr import RelFile
    return (RelFile(relfile.dboid, relfile.relfilenode + TOAST_HEAP_FILE),
            RelFile(relfile.dboid, relfile.relfilenode + TOAST_INDEX_FILE))


def drop_toast_storage(bufmgr, relfile) -> None:
    """Remove the TOAST companions of ``relfile`` if they exist (DROP,
    the commit of TRUNCATE, a catalog rewrite)."""
    for rf in _companions(relfile):
        bufmgr.drop_buffers(rf)
        if bufmgr.exists(rf):
            bufmgr.unlink(rf)


class ToastRelation:
    """The TOAST heap and its (chunk_id, chunk_seq) index of one relation;
    the files are created on the first value that goes out of line."""

    def __init__(self, bufmgr, relfile):
        self.bm = bufmgr
        self.owner = relfile
        self.heap_rf, self.index_rf = _companions(relfile)
        self._heap = None
        self._index = None
        # the owner's toast_tuple_target reloption (engine/reloptions.py sets it)
        self.tuple_target = TOAST_TUPLE_TARGET

    @property
    def toastrelid(self) -> int:
        try:
            return int(self.owner.relfilenode) & 0xFFFFFFFF
        except (TypeError, ValueError):
            return 0

    def _open(self, create: bool) -> bool:
        if self._heap is not None:
            return True
        from pgref.access.btree.nbtree import BTree
        from pgref.access.heap.heapam import HeapRelation
        if not self.bm.exists(self.heap_rf):
            if not create:
                return False
            self.bm.create(self.heap_rf)
            self.bm.create(self.index_rf)
        name = f"pg_toast_{self.toastrelid}"
        self._heap = HeapRelation(self.bm, self.heap_rf, TOAST_ATTRS, name=name, toast=False)
        self._index = BTree(self.bm, self.index_rf, TOAST_ATTRS[:2], name=name + "_index")
        return True

    def drop(self) -> None:
        """Forget every out-of-line value (the owner was truncated)."""
        drop_toast_storage(self.bm, self.owner)
        self._heap = None
        self._index = None

    def delete_value(self, valueid: int) -> int:
        """Physically remove every chunk of one value (its owner tuple is
        dead and being pruned): index entries first, then the heap line
        pointers become unused.  Returns the number of chunks removed."""
        if not self._open(False):
            return 0
        from pgref.storage.page import page_heap_free_space, page_mark_unused, \
            page_repair_fragmentation
        found = list(self._index.scan((valueid,), True, (valueid,), True))
        for key, tid in found:
            self._index.delete(key, tid)
        by_block: dict[int, list[int]] = {}
        for _key, (blk, off) in found:
            by_block.setdefault(blk, []).append(off)
        bm = self.bm
        for blk, offs in by_block.items():
            buf = bm.pin(self.heap_rf, blk)
            try:
                page = bm.page(buf)
                for off in offs:
                    page_mark_unused(page, off)
                page_repair_fragmentation(page)
                bm.mark_dirty(buf)
                free = page_heap_free_space(page)
            finally:
                bm.unpin(buf)
            self._heap._fsm().record(blk, free)
        return len(found)

    def _next_valueid(self) -> int:
        for key, _tid in self._index.scan(backward=True):
            return max(key[0] + 1, FIRST_VALUE_ID)
        return FIRST_VALUE_ID

    def save(self, data: bytes, xid: int, cid: int) -> int:
        """toast_save_datum: store ``data`` as chunks; returns the chunk_id."""
        self._open(True)
        valueid = self._next_valueid()
        seq = 0
        for start in range(0, max(len(data), 1), TOAST_MAX_CHUNK_SIZE):
            chunk = data[start:start + TOAST_MAX_CHUNK_SIZE]
            tid = self._heap.insert((valueid, seq, bytes(chunk)), xid, cid)
            self._index.insert((valueid, seq), tid)
            seq += 1
        return valueid

    def fetch(self, pointer) -> tuple[bytes, int]:
        """toast_fetch_datum (+ decompression): the raw payload of the value
        an 18-byte external pointer names, and its stored (external) size."""
        _h, tag, rawsize, extinfo, valueid, _rel = _EXTERNAL.unpack_from(pointer, 0)
        if tag != VARTAG_ONDISK:
            raise PgError(DATA_CORRUPTED, f"unrecognized vartag {tag}")
        extsize = extinfo & VARLENA_EXTSIZE_MASK
        name = f"pg_toast_{self.toastrelid}"
        if not self._open(False):
            raise PgError(DATA_CORRUPTED, f"missing chunk number 0 for toast value {valueid} in {name}")
        expected = (extsize + TOAST_MAX_CHUNK_SIZE - 1) // TOAST_MAX_CHUNK_SIZE
        parts = []
        seq = 0
        for tid in self._index.find_equal((valueid,)):
            got = self._heap.fetch(tid)
            if got is None:
                continue
            _cid, cseq, chunk = got[1]
            if cseq != seq:              # INV-ACCESS-TOAST-3
                raise PgError(DATA_CORRUPTED, f"missing chunk number {seq} for toast value "
                              f"{valueid} in {name}")
            want = TOAST_MAX_CHUNK_SIZE if seq < expected - 1 else \
                extsize - seq * TOAST_MAX_CHUNK_SIZE
            if len(chunk) != want:
                raise PgError(DATA_CORRUPTED, f"unexpected chunk size {len(chunk)} (expected "
                              f"{want}) in chunk {seq} of {expected} for toast value {valueid} "
                              f"in {name}")
            parts.append(chunk)
            seq += 1
        if seq < expected:
            raise PgError(DATA_CORRUPTED, f"missing chunk number {seq} for toast value "
                          f"{valueid} in {name}")
        data = b"".join(parts)
        if extsize < rawsize - 4:        # VARATT_EXTERNAL_IS_COMPRESSED
            tcinfo = _U32.unpack_from(data, 0)[0]
            return _decompress(data[4:], tcinfo), extsize
        return data, extsize


def external_value_ids(desc, buf, base: int, bitmap: bytes | None) -> list[int]:
    """The chunk ids of the external values in a tuple's data area (walks
    the attributes as deform does, without detoasting anything)."""
    ids = []
    off = 0
    for i, p in enumerate(desc.plan):
        if bitmap is not None and not bitmap[i >> 3] & (1 << (i & 7)):
            continue
        a = p[1]
        if p[0] != 2:                                      # fixed length
            off += -off % a
            off += p[2]
            continue
        b = buf[base + off]
        if b == 1:
            ids.append(_EXTERNAL.unpack_from(buf, base + off)[4])
            off += TOAST_POINTER_SIZE
        elif b & 1:
            off += b >> 1
        else:
            off += -off % a
            off += _U32.unpack_from(buf, base + off)[0] >> 2
    return ids


TOAST_INDEX_TARGET = 510             # MaxHeapTupleSize / 16


def compress_index_values(desc, values):
    """index_form_tuple's in-line compression: an extended/main varlena key
    over TOAST_INDEX_TARGET bytes is stored pglz-compressed when that
    pays (never out of line).  Returns ``values`` itself when nothing
    changes."""
    from pgref.access.common.datum import type_storage
    out = None
    for i, (p, v) in enumerate(zip(desc.plan, values)):
        if p[0] != 2 or v is None or type(v) is Toasted:
            continue
        if type_storage(desc.attrs[i][0]) not in ("x", "m"):
            continue
        payload = p[4](v)
        if len(payload) + 4 <= TOAST_INDEX_TARGET:
            continue
        image = compress_datum(payload)
        if image is not None:
            if out is None:
                out = list(values)
            out[i] = image
    return values if out is None else out


# -- heap_toast_insert_or_update -----------------------------------------------------------

def toast_values(desc, values, storages, toastrel: ToastRelation | None, xid: int, cid: int):
    """Compress and/or move out of line the varlena attributes of a row
    that is too big, as heap_toast_insert_or_update does
    (INV-ACCESS-TOAST-1).  ``storages`` holds each attribute's attstorage
    ('p', 'e', 'm', 'x').  Returns (new values, has_external): toasted
    attributes become :class:`Toasted` images, the others are unchanged."""
    plan = desc.plan
    n = len(plan)
    has_nulls = any(v is None for v in values)
    hoff = (23 + (desc.bitmap_len if has_nulls else 0) + 7) & ~7
    form = [None] * n          # None: fixed/NULL; 'p' plain payload; 'c'/'e' Toasted image
    data = [None] * n          # payload bytes ('p') or the Toasted image
    size = [0] * n             # tai_size: VARSIZE_ANY of the current form
    flags = [0] * n
    for i, (p, v) in enumerate(zip(plan, values)):
        if v is None or p[0] != 2:                      # 2: datum._K_VARLENA
            flags[i] = TOASTCOL_IGNORE
            continue
        if type(v) is Toasted:
            form[i] = "e" if v[0] == 1 else "c"
            data[i] = v
            size[i] = len(v)
            flags[i] = TOASTCOL_IGNORE if form[i] == "e" else 0
        else:
            payload = p[4](v)
            form[i] = "p"
            data[i] = payload
            size[i] = len(payload) + 4
        if storages[i] == "p":
            flags[i] |= TOASTCOL_IGNORE

    def data_size() -> int:                            # heap_compute_data_size
        off = 0
        for i, p in enumerate(plan):
            if values[i] is None:
                continue
            a = p[1]
            f = form[i]
            if f is None:
                off += -off % a
                off += p[2]
            elif f == "p":
                ln = len(data[i])
                if ln + 1 <= 127:                       # VARATT_CAN_MAKE_SHORT
                    off += ln + 1
                else:
                    off += -off % a
                    off += ln + 4
            elif f == "c":
                off += -off % a
                off += len(data[i])
            else:
                off += TOAST_POINTER_SIZE
        return off

    def biggest(for_compression: bool, check_main: bool) -> int:
        skip = TOASTCOL_IGNORE | (TOASTCOL_INCOMPRESSIBLE if for_compression else 0)
        best = -1
        best_size = (TOAST_POINTER_SIZE + 7) & ~7
        for i in range(n):
            if flags[i] & skip or form[i] is None or form[i] == "e":
                continue
            if for_compression and form[i] == "c":
                continue
            st = storages[i]
            if check_main and st != "m":
                continue
            if not check_main and st not in ("x", "e"):
                continue
            if size[i] > best_size:
                best, best_size = i, size[i]
        return best

    def try_compression(i: int) -> None:
        image = compress_datum(data[i])
        if image is None:
            flags[i] |= TOASTCOL_INCOMPRESSIBLE
        else:
            form[i] = "c"
            data[i] = image
            size[i] = len(image)

    def externalize(i: int) -> None:
        flags[i] |= TOASTCOL_IGNORE
        if form[i] == "c":
            image = data[i]
            stored = bytes(image[4:])                  # tcinfo + stream
            tcinfo = _U32.unpack_from(image, 4)[0]
            rawsize = (tcinfo & VARLENA_EXTSIZE_MASK) + 4
            extinfo = len(stored) | (tcinfo >> 30) << 30
        else:
            stored = data[i]
            rawsize = len(stored) + 4
            extinfo = len(stored)
        valueid = toastrel.save(stored, xid, cid)
        form[i] = "e"
        data[i] = Toasted(_EXTERNAL.pack(1, VARTAG_ONDISK, rawsize, extinfo, valueid,
                                         toastrel.toastrelid))
        size[i] = TOAST_POINTER_SIZE

    # maxDataLen: the owner's toast_tuple_target (INV-ACCESS-TOAST-4), else TOAST_TUPLE_TARGET
    target = toastrel.tuple_target if toastrel is not None else TOAST_TUPLE_TARGET
    max_data = target - hoff
    # round 1: compress EXTENDED attributes, biggest first; push out at once
    # one that is still bigger than the whole budget
    while data_size() > max_data:
        i = biggest(True, False)
        if i < 0:
            break
        if storages[i] == "x":
            try_compression(i)
        else:
            flags[i] |= TOASTCOL_INCOMPRESSIBLE
        if size[i] > max_data and toastrel is not None:
            externalize(i)
    # round 2: move EXTENDED / EXTERNAL attributes out of line
    while toastrel is not None and data_size() > max_data:
        i = biggest(False, False)
        if i < 0:
            break
        externalize(i)
    # round 3: compress MAIN attributes
    while data_size() > max_data:
        i = biggest(True, True)
        if i < 0:
            break
        try_compression(i)
    # round 4: MAIN attributes out of line, only if the row still overflows a page
    max_data = TOAST_TUPLE_TARGET_MAIN - hoff
    while toastrel is not None and data_size() > max_data:
        i = biggest(False, True)
        if i < 0:
            break
        externalize(i)

    out = list(values)
    has_external = False
    for i in range(n):
        if form[i] in ("c", "e"):
            out[i] = data[i]
            has_external = has_external or form[i] == "e"
    return out, has_external


# -- pg_column_size, pg_column_compression ---------------------------------------------------

@builtin("pg_column_compression")
def pg_column_compression(value):
    """pg_column_compression(any): the method of a value stored compressed
    (inline or out of line), else NULL.  A value read from a compressed
    varlena is exactly one whose stored size is below its payload size
    (toast_compress_datum keeps a compression only if it saves bytes;
    an uncompressed external value stores the whole payload), and pgref
    compresses with pglz only."""
    stored = getattr(value, "pg_stored_size", None)
    if stored is None:
        return None
    payload = len(value.encode("utf-8")) if isinstance(value, str) else len(value)
    return "pglz" if stored < payload else None


@builtin("pg_column_size", ctx=True)
def pg_column_size(ctx, value):
    """pg_column_size(any): the stored size of a value read from a
    compressed or external varlena, else the size of the datum as
    computed (a 4-byte varlena header for variable-length types)."""
    stored = getattr(value, "pg_stored_size", None)
    if stored is not None:
        return stored
    from pgref.access.common.datum import _load_types, _varlena_codec
    typoid = ctx.argtypes[0] if getattr(ctx, "argtypes", None) else 0
    info = _load_types().get(typoid)
    if info is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"pg_column_size of a value of type with OID "
                      f"{typoid} is not supported")
    typlen = info[0]
    if typlen > 0:
        return typlen
    if typlen == -2:
        return len(str(value).encode("utf-8")) + 1
    return len(_varlena_codec(typoid)[0](value)) + 4

"""Storage manager: relation files of 8 KB blocks (PostgreSQL's smgr/md.c).

Where it sits: below the buffer manager (spec/05-storage.md, "Storage
manager").  It knows file names and byte offsets, nothing about what a page
holds.  Only :mod:`pgref.storage.buffer` reads or writes blocks through it;
the free space map also stores its small side file here.

Files (mirroring PostgreSQL's data directory)::

    DATA/base/<dboid>/<relfilenode>        segment 0: blocks 0 .. RELSEG_SIZE-1
    DATA/base/<dboid>/<relfilenode>.1      segment 1: the next RELSEG_SIZE blocks
    DATA/base/<dboid>/<relfilenode>_fsm    free space map side file (fsm.py)
    DATA/global/<relfilenode>              when dboid == 0 (shared catalogs)

RELSEG_SIZE is 131072 blocks (1 GB) as in PostgreSQL; tests shrink it to
exercise segment boundaries.  A relation grows one block at a time
(``extend`` writes the new block, like smgrextend), so ``nblocks`` is always
the file length / 8192 summed over segments -- INV-STORAGE-4.

Two implementations share one interface:

* :class:`FileStorage` -- files under a data directory, ``os.preadv`` into
  the caller's buffer (which is a slice of the buffer pool's mmap, so a
  read lands directly in shared memory), ``os.pwrite`` out, ``os.fsync`` on
  ``sync``.
* :class:`MemoryStorage` -- for ``pgref.connect(":memory:")``: each relation
  is a list of ``bytearray`` blocks; ``sync`` does nothing; nothing touches
  the file system.

Entry points (both classes): create(rel), exists(rel), unlink(rel),
nblocks(rel), read(rel, blkno, dst), write(rel, blkno, src),
extend(rel, blkno, src), truncate(rel, nblocks), sync(rel), sync_all(),
read_side(rel, suffix) / write_side(rel, suffix, data), close().
"""
from __future__ import annotations

import os
from typing import NamedTuple

from pgref.errors import PgError, DATA_CORRUPTED, IO_ERROR, UNDEFINED_FILE, DUPLICATE_OBJECT
from pgref.storage.page import BLCKSZ

RELSEG_SIZE = 131072          # blocks per 1 GB segment


class RelFile(NamedTuple):
    """Which relation file: PostgreSQL's RelFileLocator without the
    tablespace (pgref has only the default tablespace)."""
    dboid: int
    relfilenode: int


class FileStorage:
    """Relation files under ``datadir`` (see module docstring)."""

    in_memory = False

    def __init__(self, datadir: str, relseg_size: int = RELSEG_SIZE):
        self.datadir = os.path.abspath(datadir)
        self.relseg_size = relseg_size
        self._fds: dict[tuple[RelFile, int], int] = {}
        self._nblocks: dict[RelFile, int] = {}

    # -- naming -------------------------------------------------------------
    def relpath(self, rel: RelFile, segno: int = 0) -> str:
        if rel.dboid == 0:
            base = os.path.join(self.datadir, "global", str(rel.relfilenode))
        else:
            base = os.path.join(self.datadir, "base", str(rel.dboid), str(rel.relfilenode))
        return base if segno == 0 else f"{base}.{segno}"

    def _display(self, rel: RelFile, segno: int = 0) -> str:
        return os.path.relpath(self.relpath(rel, segno), self.datadir)

    def _fd(self, rel: RelFile, segno: int, create: bool = False) -> int:
        fd = self._fds.get((rel, segno))
        if fd is None:
            path = self.relpath(rel, segno)
            flags = os.O_RDWR | (os.O_CREAT if create else 0)
            try:
                fd = os.open(path, flags, 0o600)
            except FileNotFoundError:
                raise PgError(UNDEFINED_FILE, f'could not open file "{self._display(rel, segno)}": '
                              "No such file or directory") from None
            self._fds[(rel, segno)] = fd
        return fd

    # -- relation lifetime --------------------------------------------------
    def exists(self, rel: RelFile) -> bool:
        return rel in self._nblocks or os.path.exists(self.relpath(rel))

    def create(self, rel: RelFile) -> None:
        path = self.relpath(rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.exists(path):
            raise PgError(DUPLICATE_OBJECT, f'could not create file "{self._display(rel)}": File exists')
        self._fd(rel, 0, create=True)
        self._nblocks[rel] = 0

    def unlink(self, rel: RelFile) -> None:
        self._close_rel(rel)
        self._nblocks.pop(rel, None)
        segno = 0
        while True:
            path = self.relpath(rel, segno)
            if not os.path.exists(path):
                break
            os.unlink(path)
            segno += 1
        side = self.relpath(rel) + "_fsm"
        if os.path.exists(side):
            os.unlink(side)

    def _close_rel(self, rel: RelFile) -> None:
        for key in [k for k in self._fds if k[0] == rel]:
            os.close(self._fds.pop(key))

    # -- size -----------------------------------------------------------------
    def nblocks(self, rel: RelFile) -> int:
        n = self._nblocks.get(rel)
        if n is None:
            n = 0
            segno = 0
            while True:
                path = self.relpath(rel, segno)
                if not os.path.exists(path):
                    if segno == 0:
                        raise PgError(UNDEFINED_FILE, f'could not open file "{self._display(rel)}": '
                                      "No such file or directory")
                    break
                size = os.path.getsize(path) // BLCKSZ
                n += size
                if size < self.relseg_size:
                    break
                segno += 1
            self._nblocks[rel] = n
        return n

    # -- block I/O ------------------------------------------------------------
    def read(self, rel: RelFile, blkno: int, dst) -> None:
        """Read block ``blkno`` into the writable buffer ``dst`` (8192 bytes)."""
        segno, segblk = divmod(blkno, self.relseg_size)
        if blkno >= self.nblocks(rel):
            raise PgError(DATA_CORRUPTED, f'could not read block {blkno} in file '
                          f'"{self._display(rel, segno)}": read only 0 of {BLCKSZ} bytes')
        n = os.preadv(self._fd(rel, segno), [dst], segblk * BLCKSZ)
        if n != BLCKSZ:
            raise PgError(DATA_CORRUPTED, f'could not read block {blkno} in file '
                          f'"{self._display(rel, segno)}": read only {n} of {BLCKSZ} bytes')

    def write(self, rel: RelFile, blkno: int, src) -> None:
        segno, segblk = divmod(blkno, self.relseg_size)
        n = os.pwrite(self._fd(rel, segno, create=True), src, segblk * BLCKSZ)
        if n != BLCKSZ:
            raise PgError(IO_ERROR, f'could not write block {blkno} in file '
                          f'"{self._display(rel, segno)}": wrote only {n} of {BLCKSZ} bytes')

    def extend(self, rel: RelFile, blkno: int, src) -> None:
        """smgrextend: add block ``blkno`` == nblocks(rel) with contents ``src``."""
        n = self.nblocks(rel)
        if blkno != n:
            raise PgError(IO_ERROR, f"cannot extend relation {rel.relfilenode} to block "
                          f"{blkno}: it has {n} blocks")
        self.write(rel, blkno, src)
        self._nblocks[rel] = n + 1          # INV-STORAGE-4

    def truncate(self, rel: RelFile, nblocks: int) -> None:
        """Cut the relation to ``nblocks`` blocks (later segments removed)."""
        old = self.nblocks(rel)
        if nblocks >= old:
            return
        last_seg = (old - 1) // self.relseg_size if old else 0
        for segno in range(last_seg, -1, -1):
            first = segno * self.relseg_size
            keep = max(0, min(nblocks - first, self.relseg_size))
            if keep == 0 and segno > 0:
                fd = self._fds.pop((rel, segno), None)
                if fd is not None:
                    os.close(fd)
                path = self.relpath(rel, segno)
                if os.path.exists(path):
                    os.unlink(path)
            else:
                os.ftruncate(self._fd(rel, segno), keep * BLCKSZ)
        self._nblocks[rel] = nblocks

    def sync(self, rel: RelFile) -> None:
        for (r, _seg), fd in list(self._fds.items()):
            if r == rel:
                os.fsync(fd)

    def sync_all(self) -> None:
        for fd in self._fds.values():
            os.fsync(fd)

    # -- small side files (the FSM) ----------------------------------------------
    def read_side(self, rel: RelFile, suffix: str) -> bytes | None:
        try:
            with open(self.relpath(rel) + "_" + suffix, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def write_side(self, rel: RelFile, suffix: str, data: bytes) -> None:
        path = self.relpath(rel) + "_" + suffix
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        self._nblocks.clear()


class MemoryStorage:
    """The same interface with no files: each relation is a list of
    ``bytearray`` blocks (``pgref.connect(":memory:")``)."""

    in_memory = True

    def __init__(self):
        self._rels: dict[RelFile, list[bytearray]] = {}
        self._side: dict[tuple[RelFile, str], bytes] = {}

    def _blocks(self, rel: RelFile) -> list[bytearray]:
        try:
            return self._rels[rel]
        except KeyError:
            raise PgError(UNDEFINED_FILE, f'could not open file "base/{rel.dboid}/'
                          f'{rel.relfilenode}": No such file or directory') from None

    def exists(self, rel: RelFile) -> bool:
        return rel in self._rels

    def create(self, rel: RelFile) -> None:
        if rel in self._rels:
            raise PgError(DUPLICATE_OBJECT, f'could not create file "base/{rel.dboid}/'
                          f'{rel.relfilenode}": File exists')
        self._rels[rel] = []

    def unlink(self, rel: RelFile) -> None:
        self._rels.pop(rel, None)
        for key in [k for k in self._side if k[0] == rel]:
            del self._side[key]

    def nblocks(self, rel: RelFile) -> int:
        return len(self._blocks(rel))

    def read(self, rel: RelFile, blkno: int, dst) -> None:
        blocks = self._blocks(rel)
        if blkno >= len(blocks):
            raise PgError(DATA_CORRUPTED, f'could not read block {blkno} in file "base/'
                          f'{rel.dboid}/{rel.relfilenode}": read only 0 of {BLCKSZ} bytes')
        dst[:] = blocks[blkno]

    def write(self, rel: RelFile, blkno: int, src) -> None:
        self._blocks(rel)[blkno][:] = src

    def extend(self, rel: RelFile, blkno: int, src) -> None:
        blocks = self._blocks(rel)
        if blkno != len(blocks):
            raise PgError(IO_ERROR, f"cannot extend relation {rel.relfilenode} to block "
                          f"{blkno}: it has {len(blocks)} blocks")
        blocks.append(bytearray(src))

    def truncate(self, rel: RelFile, nblocks: int) -> None:
        del self._blocks(rel)[nblocks:]

    def sync(self, rel: RelFile) -> None:
        """Nothing to make durable in memory."""

    def sync_all(self) -> None:
        """Nothing to make durable in memory."""

    def read_side(self, rel: RelFile, suffix: str) -> bytes | None:
        return self._side.get((rel, suffix))

    def write_side(self, rel: RelFile, suffix: str, data: bytes) -> None:
        self._side[(rel, suffix)] = bytes(data)

    def close(self) -> None:
        self._rels.clear()
        self._side.clear()

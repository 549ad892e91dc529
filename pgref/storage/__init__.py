"""Storage: relation files, the mmap-backed buffer pool, the free space map.

spec/05-storage.md.  Modules, bottom up: ``page`` (the 8 KB page layout),
``smgr`` (files of blocks, or memory), ``buffer`` (the pool: pin/unpin,
dirty, clock sweep, flush, the WAL-before-data hook), ``fsm`` (free space
per block).  Only ``pgref.access`` uses this package.
"""

"""Sorting rows, in memory or spilling sorted runs to disk past work_mem
(PostgreSQL's tuplesort.c, in miniature).

Where it sits: ``executor/`` (spec/07-executor.md, "Sorting").  Rows are
collected until their estimated size passes ``work_mem``; each such batch
is sorted and written to a temporary file as a *run*; at the end the runs
are merged (``heapq.merge``, which is stable, so equal keys keep their
input order exactly as an in-memory stable sort would).  Small inputs never
touch the disk.

The in-memory sort is one stable pass per key, last key first, each pass
honouring ASC/DESC and NULLS FIRST/LAST; the merge needs one total order
and uses the same per-key rules through a comparison function.
"""
from __future__ import annotations

import functools
import heapq
import os
import pickle
import sys
import tempfile

from pgref.executor import keys as K

ROW_OVERHEAD = 56


def work_mem_bytes(settings_value: str) -> int:
    """'4MB' / '64kB' / '1GB' / '4096' (kB) -> bytes, as guc.c reads memory units."""
    s = settings_value.strip()
    units = {"kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}
    for u, mult in units.items():
        if s.endswith(u):
            return int(s[: -len(u)].strip()) * mult
    return int(s) * 1024


def _row_size(row: tuple) -> int:
    return ROW_OVERHEAD + sum(sys.getsizeof(v) for v in row)


class Sorter:
    def __init__(self, positions, keys, compare_function, work_mem: int):
        self.positions = list(positions)
        self.keys = list(keys)
        self.cmp_of = compare_function
        self.work_mem = work_mem
        self.rows: list[tuple] = []
        self.used = 0
        self.runs: list[str] = []

    # -------------------------------------------------------------- in memory
    def sort_in_memory(self, rows: list) -> list:
        for p, k in reversed(list(zip(self.positions, self.keys))):
            cmp = self.cmp_of(k.cmpfunc) if k.cmpfunc else None
            norm = K.key_function(k.typ, cmp)
            nulls = [r for r in rows if r[p] is None]
            vals = [r for r in rows if r[p] is not None]
            if norm is None:
                vals.sort(key=lambda r: r[p], reverse=k.descending)
            else:
                vals.sort(key=lambda r: norm(r[p]), reverse=k.descending)
            rows = nulls + vals if k.nulls_first else vals + nulls
        return rows

    # -------------------------------------------------------------- spilling
    def add(self, row: tuple) -> None:
        self.rows.append(row)
        self.used += _row_size(row)
        if self.used > self.work_mem:
            self._spill()

    def _spill(self) -> None:
        fd, path = tempfile.mkstemp(prefix="pgref_sort_", suffix=".run")
        with os.fdopen(fd, "wb") as f:
            for row in self.sort_in_memory(self.rows):
                pickle.dump(row, f, protocol=pickle.HIGHEST_PROTOCOL)
        self.runs.append(path)
        self.rows = []
        self.used = 0

    @staticmethod
    def _read_run(path: str):
        with open(path, "rb") as f:
            while True:
                try:
                    yield pickle.load(f)
                except EOFError:
                    return

    def _compare(self):
        parts = []
        for p, k in zip(self.positions, self.keys):
            cmp = self.cmp_of(k.cmpfunc) if k.cmpfunc else None
            norm = K.key_function(k.typ, cmp)
            parts.append((p, k.descending, k.nulls_first, norm))

        def compare(a, b) -> int:
            for p, desc, nfirst, norm in parts:
                x, y = a[p], b[p]
                if x is None or y is None:
                    if x is None and y is None:
                        continue
                    return (-1 if nfirst else 1) if x is None else (1 if nfirst else -1)
                if norm is not None:
                    x, y = norm(x), norm(y)
                c = (x > y) - (x < y)
                if c:
                    return -c if desc else c
            return 0
        return compare

    def finish(self):
        """Iterate over all rows in order; removes the run files."""
        if not self.runs:
            yield from self.sort_in_memory(self.rows)
            return
        if self.rows:
            self._spill()
        try:
            key = functools.cmp_to_key(self._compare())
            yield from heapq.merge(*(self._read_run(p) for p in self.runs), key=key)
        finally:
            for p in self.runs:
                try:
                    os.unlink(p)
                except FileNotFoundError:
                    continue
            self.runs = []

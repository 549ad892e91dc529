"""PostgreSQL's in-memory sort orders: the quicksort and the bounded heap
sort of tuplesort.c, so rows with equal sort keys come out in PostgreSQL's
order.

Where it sits: ``executor/`` (spec/07-executor.md, "Sort"); run_Sort uses
these for ORDER BY and the sorts below window aggregates.  Neither is
stable: the order of peers is a property of the algorithm, which is why it
is reproduced step for step rather than replaced by Python's sorted()
(INV-WIN-1).  Both take ``cmp(x, y)`` returning <0, 0 or >0.

* :func:`pg_qsort` -- src/include/lib/sort_template.h: Bentley & McIlroy's
  quicksort with insertion sort below 7 elements, a presorted check,
  median-of-three / ninther pivots and a three-way partition.
* :func:`pg_bounded_heapsort` -- tuplesort's TSS_BOUNDED path for ``ORDER
  BY ... LIMIT n`` once more than ``2 * n`` rows have arrived: a max-heap of
  the best ``n`` rows (make_bounded_heap, tuplesort_heap_replace_top), then
  unheapified in place (sort_bounded_heap).
"""
from __future__ import annotations


def pg_bounded_heapsort(rows: list, bound: int, cmp) -> list:
    """The first ``bound`` rows of ``rows`` in the order PostgreSQL's
    bounded tuplesort returns them.  ``rows`` are in arrival order and
    there are more than ``2 * bound`` of them."""
    def rcmp(x, y):                      # reversedirection(): largest at the root
        return -cmp(x, y)

    heap: list = []

    def insert(t) -> None:               # tuplesort_heap_insert
        heap.append(t)
        j = len(heap) - 1
        while j > 0:
            i = (j - 1) >> 1
            if rcmp(t, heap[i]) >= 0:
                break
            heap[j] = heap[i]
            j = i
        heap[j] = t

    def replace_top(t, n: int) -> None:  # tuplesort_heap_replace_top over heap[:n]
        i = 0
        while True:
            j = 2 * i + 1
            if j >= n:
                break
            if j + 1 < n and rcmp(heap[j], heap[j + 1]) > 0:
                j += 1
            if rcmp(t, heap[j]) <= 0:
                break
            heap[i] = heap[j]
            i = j
        heap[i] = t

    for t in rows:                       # make_bounded_heap, then TSS_BOUNDED puts
        if len(heap) < bound:
            insert(t)
        elif rcmp(t, heap[0]) <= 0:
            continue                     # no better than the worst kept row
        else:
            replace_top(t, len(heap))
    n = len(heap)                        # sort_bounded_heap: unheapify in place
    while n > 1:
        top = heap[0]
        n -= 1
        replace_top(heap[n], n)
        heap[n] = top
    return heap


def pg_qsort(a: list, cmp) -> None:
    """Sort ``a`` in place exactly as PostgreSQL's in-memory tuplesort does
    (src/include/lib/sort_template.h: Bentley & McIlroy's quicksort with
    insertion sort below 7 elements, a presorted check, median-of-three /
    ninther pivots and a three-way partition).  It is not stable; using the
    same algorithm on the same input order puts rows with equal sort keys
    in the same order as PostgreSQL, which window results depend on (the
    rows of a peer group reach ROWS frames, row_number, first_value ... in
    this order).  ``cmp(x, y)`` returns <0, 0 or >0.  INV-WIN-1."""
    def med3(i, j, k):
        if cmp(a[i], a[j]) < 0:
            if cmp(a[j], a[k]) < 0:
                return j
            return k if cmp(a[i], a[k]) < 0 else i
        if cmp(a[j], a[k]) > 0:
            return j
        return i if cmp(a[i], a[k]) < 0 else k

    def swapn(i, j, n):
        for t in range(n):
            a[i + t], a[j + t] = a[j + t], a[i + t]

    def sort(lo, n):
        while True:
            if n < 7:
                for m in range(lo + 1, lo + n):
                    p = m
                    while p > lo and cmp(a[p - 1], a[p]) > 0:
                        a[p], a[p - 1] = a[p - 1], a[p]
                        p -= 1
                return
            presorted = True
            for m in range(lo + 1, lo + n):
                if cmp(a[m - 1], a[m]) > 0:
                    presorted = False
                    break
            if presorted:
                return
            pm = lo + n // 2
            if n > 7:
                pl = lo
                pn = lo + n - 1
                if n > 40:
                    d = n // 8
                    pl = med3(pl, pl + d, pl + 2 * d)
                    pm = med3(pm - d, pm, pm + d)
                    pn = med3(pn - 2 * d, pn - d, pn)
                pm = med3(pl, pm, pn)
            a[lo], a[pm] = a[pm], a[lo]
            pa = pb = lo + 1
            pc = pd = lo + n - 1
            pivot = a[lo]
            while True:
                while pb <= pc:
                    r = cmp(a[pb], pivot)
                    if r > 0:
                        break
                    if r == 0:
                        a[pa], a[pb] = a[pb], a[pa]
                        pa += 1
                    pb += 1
                while pb <= pc:
                    r = cmp(a[pc], pivot)
                    if r < 0:
                        break
                    if r == 0:
                        a[pc], a[pd] = a[pd], a[pc]
                        pd -= 1
                    pc -= 1
                if pb > pc:
                    break
                a[pb], a[pc] = a[pc], a[pb]
                pb += 1
                pc -= 1
            pn = lo + n
            d1 = min(pa - lo, pb - pa)
            swapn(lo, pb - d1, d1)
            d1 = min(pd - pc, pn - pd - 1)
            swapn(pb, pn - d1, d1)
            d1 = pb - pa
            d2 = pd - pc
            if d1 <= d2:
                if d1 > 1:
                    sort(lo, d1)
                if d2 > 1:
                    lo, n = pn - d2, d2
                    continue
                return
            if d2 > 1:
                sort(pn - d2, d2)
            if d1 > 1:
                n = d1
                continue
            return

    sort(0, len(a))

"""Opening a btree index for the executor: key layout, per-column order,
and the scan shapes the planner produces (spec/07-executor.md, "Index
scans").

Where it sits: ``engine/``, between the catalog's ``Index`` description and
``access/btree`` (or ``access/hash`` for ``USING hash``, whose handle offers
equality scans only).  The comparison of each key column is PostgreSQL's btree
support function for its type (``btint4cmp``, ``bttextcmp`` ...), except for
types whose Python values already order exactly like it (integers, text in
the C collation, dates and timestamps), where Python's own comparison is
used (the same list as ``executor/keys.py``).
"""
from __future__ import annotations

from pgref.access.btree.nbtree import BTree, make_compare
from pgref.access.hash.hashindex import HashIndex
from pgref.errors import INTERNAL_ERROR, PgError
from pgref.executor import keys as K


class IndexHandle:
    def __init__(self, btree: BTree, ncols: int):
        self.bt = btree
        self.ncols = ncols

    def insert(self, key: tuple, tid) -> None:
        self.bt.insert(key, tid)

    def find_equal(self, key: tuple):
        return self.bt.find_equal(key)

    def scan_tids(self, eq: tuple, lower, upper):
        """Tuple ids whose key starts with ``eq`` and whose next column lies
        within ``lower``/``upper`` ((value, inclusive) or None).  Callers
        recheck their quals, so NULLs at the range edges do no harm."""
        lo, lo_inc = (eq + (lower[0],), lower[1]) if lower is not None else (eq or None, True)
        hi, hi_inc = (eq + (upper[0],), upper[1]) if upper is not None else (eq or None, True)
        for _key, tid in self.bt.scan(lo, lo_inc, hi, hi_inc):
            yield tid

    def build(self, entries) -> int:
        return self.bt.build(entries)


def index_attrs(db, rel, idx) -> list[tuple]:
    out = []
    for a in idx.columns:
        c = rel.columns[a - 1]
        t = db.cat.typeinfo(c.typ)
        out.append((c.typ, t.typlen, t.align, t.typbyval))
    return out


def column_comparators(db, rel, idx) -> list:
    from pgref.executor.expr import function_impl
    from pgref.executor.context import ExecContext
    from pgref.types.values import DEFAULT_SETTINGS
    from pgref.access.btree.nbtree import _cmp_values
    ctx = ExecContext(settings=DEFAULT_SETTINGS, cat=db.cat)
    out = []
    for a in idx.columns:
        typ = rel.columns[a - 1].typ
        if typ in K._NATURAL or typ in K._SPECIAL:
            norm = K._SPECIAL.get(typ)
            if norm is None:
                out.append(_cmp_values)
            else:
                out.append(lambda x, y, n=norm: (n(x) > n(y)) - (n(x) < n(y)))
            continue
        cmpfunc = db.cat.btree_cmp_proc(typ, typ)
        if not cmpfunc:
            out.append(_cmp_values)
        else:
            out.append(function_impl(ctx, cmpfunc)[1])
    return out


class HashIndexHandle:
    """The executor's view of a hash index (access/hash): equality lookups
    only.  ``bt`` is the access-method object, named like the btree
    handle's so VACUUM (``bt.bulk_delete``) and kill_prior_tuple
    (``bt.delete``) work on either kind."""

    def __init__(self, hidx: HashIndex, ncols: int):
        self.bt = hidx
        self.ncols = ncols

    def insert(self, key: tuple, tid) -> None:
        self.bt.insert(key, tid)

    def find_equal(self, key: tuple):
        return self.bt.find_equal(key)

    def scan_tids(self, eq: tuple, lower, upper):
        """Candidate tuple ids for ``col = eq[0]`` (the planner gives a hash
        index nothing else); callers recheck their quals."""
        if lower is not None or upper is not None or len(eq) != 1:
            raise PgError(INTERNAL_ERROR, f'hash index "{self.bt.name}" supports only equality scans')
        return iter(self.bt.scan_equal(eq))

    def build(self, entries) -> int:
        return self.bt.build(entries)


def open_hash_index(db, rel, idx) -> HashIndexHandle:
    """The column's hash support function (its hash operator class's
    amproc 1, access/hash/support.py) drives the index."""
    from pgref.access.hash.support import fillfactor_of, hash_support_proc
    from pgref.executor.context import ExecContext
    from pgref.executor.expr import function_impl
    from pgref.types.values import DEFAULT_SETTINGS
    typ = rel.columns[idx.columns[0] - 1].typ
    ctx = ExecContext(settings=DEFAULT_SETTINGS, cat=db.cat)
    hashfn = function_impl(ctx, hash_support_proc(db.cat, typ), (typ,))[1]
    hidx = HashIndex(db.bm, db.relfile(idx.relfilenode), hashfn, name=idx.name,
                     fillfactor=fillfactor_of(idx.reloptions))
    return HashIndexHandle(hidx, len(idx.columns))


def open_index(db, rel, idx) -> IndexHandle:
    if idx.am == "hash":
        return open_hash_index(db, rel, idx)
    compare = make_compare(len(idx.columns), idx.descending or None, idx.nulls_first or None,
                           column_comparators(db, rel, idx))
    bt = BTree(db.bm, db.relfile(idx.relfilenode), index_attrs(db, rel, idx), compare, name=idx.name)
    return IndexHandle(bt, len(idx.columns))

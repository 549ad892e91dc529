"""Access methods: how rows and index entries are laid out on pages.

spec/06-access.md.  ``common.datum`` (per-type on-disk encodings and the
tuple data area), ``common.itup`` (IndexTupleData), ``heap`` (the heap table
access method with PostgreSQL's tuple headers), ``btree`` (the B+tree index
access method).  Everything above this package sees tuples of Python values
and TIDs, never page bytes.
"""

"""Range and multirange types (spec/03-types.md, "Range types").

    typcache    the pg_range rows: subtype, ordering, canonical function
    rangetypes  Range I/O, constructors, operators (rangetypes.c)
    multirange  Multirange I/O, operators, range_agg (multirangetypes.c)
    storage     the on-disk varlena payloads (PostgreSQL's layouts)

Importing the package registers every function with the function manager.
"""
from pgref.types.ranges import multirange, rangetypes, typcache  # noqa: F401

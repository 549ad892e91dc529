"""PostgreSQL's built-in functions, operators and casts, by pg_proc.prosrc.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md).
Importing this package registers every implementation with the function
manager (``pgref.types.fmgr``); nothing else needs to be called.

    int_funcs       int2/int4/int8/oid arithmetic, comparison, bit operations
    float_funcs     float4/float8 arithmetic, math library, float aggregates
    numeric_funcs   numeric arithmetic with PostgreSQL's scale rules, casts,
                    numeric aggregates
    cast_funcs      casts among integers, floats, bool, "char", name, bpchar
    string_funcs    text/varchar/bpchar/name/"char"/bytea functions, format()
    num_format      to_char() for numbers
    regex_funcs     LIKE, SIMILAR TO, POSIX regular expressions
    misc_funcs      bool, uuid, PostgreSQL's hash functions
    datetime_funcs  date/time/timestamp/interval functions (the datetime helper's)
    window_support  in_range for window frames, inverse/combine transition
                    functions, normalize/unistr/parse_ident, bytea trims
    jsonpath_exec   the SQL/JSON path engine: jsonb_path_*(), @? and @@
"""
from . import (cast_funcs, float_funcs, int_funcs, misc_funcs, numeric_funcs,  # noqa: F401
               num_format, regex_funcs, string_funcs, window_support)

# ---- datetime functions (owned by the datetime helper) ----
from . import datetime_funcs  # noqa: E402,F401
from . import array_funcs  # noqa: E402,F401
from . import json_funcs  # noqa: E402,F401
from . import bit_funcs  # noqa: E402,F401
from pgref.types import ranges as _ranges  # noqa: E402,F401  (range/multirange I/O and operators)
from . import network_funcs  # noqa: E402,F401  (inet/cidr, macaddr/macaddr8, pg_lsn)
from . import snapshot_funcs  # noqa: E402,F401  (pg_snapshot/txid_snapshot, xid8 comparisons)
from . import jsonpath_exec  # noqa: E402,F401  (SQL/JSON path engine)

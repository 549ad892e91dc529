"""Type I/O for PostgreSQL's non-datetime built-in types, one module per family.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  Importing
this package registers every text and binary I/O function below with the
function manager under PostgreSQL's ``prosrc`` names (``int4in``,
``numeric_send``, ``array_out`` ...); :mod:`pgref.types.registry` imports it
on first use and dispatches by a type's ``pg_type`` row.  Date/time I/O lives
in ``pgref.types.datetime``.

    boolean   bool
    integer   int2 int4 int8 oid xid cid xid8 int2vector oidvector
    floats    float4 float8 (extra_float_digits, shortest round-trip)
    numeric   numeric (typmod rounding/overflow, base-10000 wire format)
    text      text varchar bpchar name "char" cstring unknown void
    bytea     bytea (hex / escape)
    uuid      uuid
    json      json (validated text)
    reg       regproc regclass regtype regnamespace ... (name hooks)
    bit       bit varbit
    array     array_in/out/recv/send for any element type
    record    record_out / record_in for anonymous rows
    tid       tid (ctid values) and the tid/xid/cid comparisons
    money     money (C-locale cash.c: I/O, arithmetic, casts, cash_words)
    network   inet cidr;  mac  macaddr macaddr8;  pg_lsn  pg_lsn
    snapshot  pg_snapshot txid_snapshot
    tsvector  tsvector;  tsquery  tsquery (text search, spec/14-tsearch.md)
    jsonpath  jsonpath (SQL/JSON path language: parser and printer)
"""
from __future__ import annotations

from pgref.types.io import (  # noqa: F401  (imported to register functions)
    array, bit, boolean, bytea, floats, integer, json, mac, money, network, numeric, pg_lsn, record,
    reg, snapshot, text, tid, uuid)
from pgref.types.io import tsquery, tsvector  # noqa: F401,E402  (text search types, spec/14-tsearch.md)
from pgref.types.io import jsonpath  # noqa: E402,F401  (SQL/JSON path type)

"""Differential: random rows stored by PostgreSQL 15 (read back with
pageinspect) and by pgref must have identical tuple bytes.
spec/06-access.md, "Heap tuple format"; INV-ACCESS-1, INV-ACCESS-2."""
import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

from pgref.access.common.datum import attr_for_type
from pgref.access.heap.heapam import HeapRelation
from pgref.storage.buffer import BufferManager
from pgref.storage.smgr import RelFile

from .access_strategies import VALUES

# type OID -> SQL type name; values psycopg can send as text parameters
SQL = {21: "int2", 23: "int4", 20: "int8", 701: "float8", 16: "bool", 25: "text",
       1700: "numeric", 17: "bytea", 2950: "uuid", 1043: "varchar"}


@pytest.fixture(scope="module")
def pg(pg_cluster):
    conn = pg_cluster.connect()
    conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    yield conn
    conn.close()


@pytest.mark.oracle
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(SQL)), min_size=1, max_size=6).flatmap(
    lambda cols: st.tuples(st.just(cols), st.lists(
        st.tuples(*[st.one_of(st.none(), VALUES[t]) for t in cols]), min_size=1, max_size=8))))
def test_random_rows_match_pageinspect(pg, data):
    cols, rows = data
    pg.execute("DROP TABLE IF EXISTS hd")
    pg.execute("CREATE TABLE hd (" + ", ".join(f"c{i} {SQL[t]}" for i, t in enumerate(cols)) + ")")
    ph = ", ".join(f"%s::{SQL[t]}" for t in cols)
    for r in rows:
        pg.execute(f"INSERT INTO hd VALUES ({ph})", [str(v) if t == 2950 and v is not None else v
                                                      for t, v in zip(cols, r)])
    want = pg.execute("SELECT lp_off, lp_len, t_infomask2, t_infomask & x'0807'::int, t_hoff, "
                      "t_bits, t_data FROM heap_page_items(get_raw_page('hd', 0))").fetchall()
    bm = BufferManager.open(None, 8)
    rel = HeapRelation.create(bm, RelFile(5, 1), [attr_for_type(t) for t in cols])
    for r, (lp_off, lp_len, m2, m, hoff, bits, tdata) in zip(rows, want):
        tid = rel.insert(r, 740, 0)
        raw = rel.item_bytes(tid)
        assert len(raw) == lp_len
        assert raw[hoff:] == bytes(tdata)
        assert (raw[18] | raw[19] << 8, (raw[20] | raw[21] << 8) & 0x0807, raw[22]) == (m2, m, hoff)
    assert len(want) == len(rows)

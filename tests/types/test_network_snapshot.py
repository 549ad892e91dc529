"""pg_snapshot / txid_snapshot and the xid8 helpers (spec/03-types.md,
"Network address types" and neighbours).  Expected values recorded from
PostgreSQL 15."""
from __future__ import annotations

import pytest

import pgref
from pgref.errors import PgError
from pgref.types import fmgr
from pgref.types.io.snapshot import PgSnapshot
from pgref.types.registry import type_input, type_output, type_receive, type_send

OK = [("12:13:", "12:13:"), ("12:18:14,16", "12:18:14,16"), (" 1:5:", "1:5:"), ("1: 5:", "1:5:"),
      ("1:5: 3", "1:5:3"), ("+1:5:", "1:5:"), ("1:5:3,", "1:5:3"), ("3:3:", "3:3:"),
      ("1:5:2,2,3", "1:5:2,3"), ("1:99999999999999999999:", "1:18446744073709551615:"),
      ("1:-1:", "1:18446744073709551615:"), ("1:9223372036854775807:3", "1:9223372036854775807:3"),
      ("1:9223372036854775809:", "1:9223372036854775809:")]
BAD = ["31:12:", "0:1:", "12:13:0", "12:16:14,13", "1:5:,3", "1:5:3,,4", "5:1:",
       "1:9223372036854775808:3", "9223372036854775808:9223372036854775809:", "12:13:x", ""]


@pytest.mark.parametrize("oid", [5038, 2970])
@pytest.mark.parametrize("text,out", OK)
def test_snapshot_io(oid: int, text: str, out: str) -> None:
    v = type_input(None, oid, text)
    assert type_output(None, oid, v) == out
    assert type_receive(None, oid, type_send(None, oid, v)) == v


@pytest.mark.parametrize("oid", [5038, 2970])
@pytest.mark.parametrize("text", BAD)
def test_snapshot_io_errors(oid: int, text: str) -> None:
    with pytest.raises(PgError) as ei:
        type_input(None, oid, text)
    # PostgreSQL names pg_snapshot even for txid_snapshot
    assert (ei.value.sqlstate, ei.value.message) == \
        ("22P02", f'invalid input syntax for type pg_snapshot: "{text}"')


def test_snapshot_binary_layout_and_errors() -> None:
    v = type_input(None, 5038, "12:18:14,16")
    # pg_snapshot_send('12:18:14,16') in PostgreSQL 15
    assert type_send(None, 5038, v).hex() == ("00000002" "000000000000000c" "0000000000000012"
                                              "000000000000000e" "0000000000000010")
    bad = bytes.fromhex("00000001" "000000000000000c" "0000000000000012" "0000000000000013")
    with pytest.raises(PgError) as ei:
        type_receive(None, 5038, bad)
    assert (ei.value.sqlstate, ei.value.message) == ("22P03", "invalid external pg_snapshot data")


def test_visibility_and_accessors() -> None:
    import pgref.types.funcs  # noqa: F401
    vis = fmgr.lookup("pg_visible_in_snapshot").fn
    s = PgSnapshot(12, 20, (13, 15, 18))
    assert [vis(x, s) for x in (11, 12, 13, 14, 18, 19, 20, 21)] == \
        [True, True, False, True, False, True, False, False]
    assert list(fmgr.lookup("pg_snapshot_xip").fn(s)) == [13, 15, 18]
    assert fmgr.lookup("xid8toxid").fn(2 ** 32 + 5) == 5
    assert fmgr.lookup("xid8cmp").fn(2 ** 63, 1) == 1


def test_snapshot_storage_and_current_functions() -> None:
    c = pgref.connect(":memory:", autocommit=True)
    cur = c.cursor()
    cur.execute("create table s (a pg_snapshot, b txid_snapshot, x xid8)")
    cur.execute("insert into s values ('12:18:14,16', '1:5:2,3', '42')")
    cur.execute("select a::text, b::text, x::text from s")
    assert cur.fetchall() == [("12:18:14,16", "1:5:2,3", "42")]
    cur.execute("select pg_current_xact_id() >= pg_snapshot_xmin(pg_current_snapshot()),"
                " pg_visible_in_snapshot(pg_current_xact_id(), pg_current_snapshot()),"
                " pg_xact_status(pg_current_xact_id()), pg_xact_status('1'::xid8)")
    assert cur.fetchall() == [(True, False, "in progress", "committed")]
    with pytest.raises(pgref.Error) as ei:
        cur.execute("select pg_xact_status('1000000'::xid8)")
    assert ei.value.sqlstate == "22023" and "is in the future" in str(ei.value)
    c.close()

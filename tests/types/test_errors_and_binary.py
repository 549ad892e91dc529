"""Error paths the fixtures cannot reach through SQL: invalid UTF-8 and NUL
in received text, malformed binary values, and direct checks of a few
PostgreSQL messages (values taken from PostgreSQL 15)."""
from __future__ import annotations

import struct
from decimal import Decimal

import pytest

from pgref.errors import PgError
from pgref.types import oids
from pgref.types.io.common import check_text, decode_utf8
from pgref.types.io.numeric import numeric_recv_bytes, numeric_send_bytes
from pgref.types.registry import type_input, type_output, type_receive, type_send
from pgref.types.values import PgArray


@pytest.mark.parametrize("data,shown", [
    (b"ab\xc3(", "0xc3 0x28"),          # 2-byte lead + bad continuation
    (b"\xff", "0xff"),
    (b"a\x00b", "0x00"),
    (b"\xe2\x82", "0xe2 0x82"),         # truncated 3-byte sequence: what remains
    (b"\xed\xa0\x80", "0xed 0xa0 0x80"),  # UTF-8-encoded surrogate
])
def test_invalid_utf8(data: bytes, shown: str) -> None:
    with pytest.raises(PgError) as ei:
        decode_utf8(data)
    assert ei.value.sqlstate == "22021"
    assert ei.value.message == f'invalid byte sequence for encoding "UTF8": {shown}'
    with pytest.raises(PgError):
        type_receive(None, oids.TEXTOID, data)


def test_text_rejects_nul_and_surrogates() -> None:
    with pytest.raises(PgError) as ei:
        type_input(None, oids.TEXTOID, "a\x00b")
    assert ei.value.message == 'invalid byte sequence for encoding "UTF8": 0x00'
    with pytest.raises(PgError) as ei:
        check_text("a\udc80")
    assert ei.value.sqlstate == "22021"
    assert type_receive(None, oids.TEXTOID, "é€😀".encode()) == "é€😀"


def test_short_binary_values() -> None:
    with pytest.raises(PgError) as ei:
        type_receive(None, oids.INT4OID, b"\x00\x01")
    assert (ei.value.sqlstate, ei.value.message) == ("08P01", "insufficient data left in message")
    with pytest.raises(PgError) as ei:
        type_receive(None, oids.INT4OID, b"\x00\x00\x00\x01\x00")
    assert (ei.value.sqlstate, ei.value.message) == ("22P03", "incorrect binary data format")


def test_numeric_binary_validation() -> None:
    bad_sign = struct.pack("!hhHH", 0, 0, 0x1234, 0)
    with pytest.raises(PgError) as ei:
        numeric_recv_bytes(bad_sign)
    assert ei.value.message == 'invalid sign in external "numeric" value'
    bad_digit = struct.pack("!hhHHh", 1, 0, 0, 0, 10000)
    with pytest.raises(PgError) as ei:
        numeric_recv_bytes(bad_digit)
    assert ei.value.message == 'invalid digit in external "numeric" value'
    bad_scale = struct.pack("!hhHH", 0, 0, 0, 0x4000)
    with pytest.raises(PgError) as ei:
        numeric_recv_bytes(bad_scale)
    assert ei.value.message == 'invalid scale in external "numeric" value'
    # digits hidden by dscale are truncated (trunc_var), not rounded
    hidden = struct.pack("!hhHHhh", 2, 0, 0, 1, 1, 9999)     # 1.9999 with dscale 1
    assert numeric_recv_bytes(hidden) == Decimal("1.9")
    assert str(numeric_recv_bytes(hidden)) == "1.9"


@pytest.mark.parametrize("text,hexed", [
    ("0", "0000000000000000"),
    ("1.50", "000200000000000200011388"),
    ("-12345678.9", "000300014000000104d2162e2328"),
    ("0.00001", "0001fffe0000000503e8"),
    ("10000", "00010001000000000001"),
])
def test_numeric_wire_format(text: str, hexed: str) -> None:
    v = type_input(None, oids.NUMERICOID, text)
    assert numeric_send_bytes(v).hex() == hexed
    assert type_output(None, oids.NUMERICOID, numeric_recv_bytes(bytes.fromhex(hexed))) == text


def test_array_binary_errors() -> None:
    good = type_send(None, oids.INT4ARRAYOID, PgArray.from_list([1, None, 3], oids.INT4OID))
    assert good.hex() == ("00000001" "00000001" "00000017" "00000003" "00000001"
                          "00000004" "00000001" "ffffffff" "00000004" "00000003")
    with pytest.raises(PgError) as ei:
        type_receive(None, oids.INT8ARRAYOID, good)
    assert ei.value.sqlstate == "42804"
    assert ei.value.message == ("binary data has array element type 23 (integer) instead of "
                                "expected 20 (bigint)")
    bad_elem = bytes.fromhex("00000001" "00000000" "00000017" "00000001" "00000001"
                             "00000005" "0000000100")
    with pytest.raises(PgError) as ei:
        type_receive(None, oids.INT4ARRAYOID, bad_elem)
    assert ei.value.message == "improper binary format in array element 1"
    with pytest.raises(PgError) as ei:
        type_receive(None, oids.INT4ARRAYOID, bytes.fromhex("00000001" "00000002" "00000017"))
    assert ei.value.message == "invalid array flags"
    with pytest.raises(PgError) as ei:
        type_receive(None, oids.INT4ARRAYOID, bytes.fromhex("00000007" "00000000" "00000017"))
    assert ei.value.message == "number of array dimensions (7) exceeds the maximum allowed (6)"


def test_array_output_quoting() -> None:
    arr = PgArray.from_list(["a b", "", "NULL", None, 'q"x', "b\\s", "{x}", "a,b", "plain"],
                            oids.TEXTOID)
    assert type_output(None, oids.TEXTARRAYOID, arr) == \
        '{"a b","","NULL",NULL,"q\\"x","b\\\\s","{x}","a,b",plain}'
    two = PgArray([1, 2, 3, 4, 5, 6], [2, 3], [1, 1], oids.INT4OID)
    assert type_output(None, oids.INT4ARRAYOID, two) == "{{1,2,3},{4,5,6}}"
    shifted = PgArray([1, 2], [2], [-1], oids.INT4OID)
    assert type_output(None, oids.INT4ARRAYOID, shifted) == "[-1:0]={1,2}"


def test_reg_types_need_resolver_for_catalog_objects() -> None:
    assert type_input(None, oids.REGCLASSOID, "1259") == 1259
    assert type_output(None, oids.REGCLASSOID, 0) == "-"
    with pytest.raises(PgError) as ei:
        type_input(None, oids.REGCLASSOID, "pg_class")
    assert ei.value.sqlstate == "0A000"
    with pytest.raises(PgError) as ei:
        type_output(None, oids.REGCLASSOID, 1259)
    assert ei.value.sqlstate == "0A000"


def test_reg_resolver_hook() -> None:
    from pgref.types.io.reg import set_reg_resolver
    names = {1259: "pg_class"}
    set_reg_resolver("regclass", lambda s: {v: k for k, v in names.items()}[s],
                     lambda oid: names.get(oid))
    try:
        assert type_input(None, oids.REGCLASSOID, "pg_class") == 1259
        assert type_output(None, oids.REGCLASSOID, 1259) == "pg_class"
        assert type_output(None, oids.REGCLASSOID, 424242) == "424242"
    finally:
        set_reg_resolver("regclass", None)


def test_json_error_context() -> None:
    with pytest.raises(PgError) as ei:
        type_input(None, oids.JSONOID, '{"a" 1}')
    e = ei.value
    assert (e.sqlstate, e.message, e.detail, e.context) == (
        "22P02", "invalid input syntax for type json", 'Expected ":", but found "1".',
        'JSON data, line 1: {"a" 1...')
    with pytest.raises(PgError) as ei:
        type_input(None, oids.JSONOID, "[1,\n2,\n  @]")
    assert ei.value.context == "JSON data, line 3:   @..."


def test_bytea_escape_output_setting() -> None:
    from dataclasses import replace

    from pgref.types.registry import IOContext
    from pgref.types.values import DEFAULT_SETTINGS
    ctx = IOContext(settings=replace(DEFAULT_SETTINGS, bytea_output="escape"))
    assert type_output(ctx, oids.BYTEAOID, b"\x00\x01\x7f\x80\xff\\A") == "\\000\\001\\177\\200\\377\\\\A"


def test_char_type_high_bytes() -> None:
    v = type_input(None, oids.CHAROID, "é")
    assert v == "\xc3"
    assert type_output(None, oids.CHAROID, v) == "\\303"
    assert type_send(None, oids.CHAROID, v) == b"\xc3"


def test_very_long_digit_strings() -> None:
    """Inputs longer than Python's int-conversion limit behave as in PostgreSQL."""
    assert type_input(None, oids.INT4OID, "0" * 5000 + "5") == 5
    with pytest.raises(PgError) as ei:
        type_input(None, oids.INT4OID, "1" * 5000)
    assert ei.value.sqlstate == "22003"
    with pytest.raises(PgError) as ei:
        type_input(None, oids.OIDOID, "9" * 5000)
    assert ei.value.sqlstate == "22003"
    big = "1" * 5000 + ".5"
    v = type_input(None, oids.NUMERICOID, big)
    assert type_output(None, oids.NUMERICOID, v) == big
    assert type_output(None, oids.NUMERICOID,
                       type_receive(None, oids.NUMERICOID, type_send(None, oids.NUMERICOID, v))) == big
    with pytest.raises(PgError) as ei:
        type_input(None, oids.NUMERICOID, "1e" + "9" * 5000)
    assert ei.value.message == "value overflows numeric format"

"""float4/float8 output against PostgreSQL 15 for ~16000 random values
(random bit patterns and random decimals) at several extra_float_digits
settings (fixtures/float_out.json, from gen_fixtures.py)."""
from __future__ import annotations

import json
import pathlib
import struct

import pytest

from pgref.types.io.floats import float4_out, float8_out

ROWS = json.loads((pathlib.Path(__file__).parent / "fixtures" / "float_out.json").read_text())


@pytest.mark.parametrize("typ", ["float8", "float4"])
def test_float_output_matches_postgres(typ: str) -> None:
    mismatches = []
    for t, bits, efd, expected in ROWS:
        if t != typ:
            continue
        if typ == "float8":
            x = struct.unpack("!d", bytes.fromhex(bits))[0]
            got = float8_out(x, efd)
        else:
            x = struct.unpack("!f", bytes.fromhex(bits))[0]
            got = float4_out(x, efd)
        if got != expected:
            mismatches.append((bits, efd, got, expected))
    assert mismatches == []


@pytest.mark.parametrize("x,expected", [
    (1e16, "1e+16"), (123456789012345680000.0, "1.2345678901234568e+20"), (0.1, "0.1"),
    (100.0, "100"), (1.5e-7, "1.5e-07"), (1e15, "1e+15"), (123456789012345.6, "123456789012345.6"),
    (1e23, "9.999999999999999e+22"), (-0.0, "-0"), (float("nan"), "NaN"),
    (float("inf"), "Infinity"), (float("-inf"), "-Infinity"), (5e-324, "5e-324"),
])
def test_float8_shortest_examples(x: float, expected: str) -> None:
    assert float8_out(x, 1) == expected

"""Replay text-input / text-output / binary-send cases recorded from
PostgreSQL 15 (tests/types/gen_fixtures.py): every case must give the same
output text and bytes, or the same SQLSTATE, message and detail."""
from __future__ import annotations

import json
import pathlib
from dataclasses import replace

import pytest

from pgref.errors import PgError
from pgref.types.registry import IOContext, type_input, type_output, type_receive, type_send
from pgref.types.values import DEFAULT_SETTINGS

CASES = json.loads((pathlib.Path(__file__).parent / "fixtures" / "io_cases.json")
                   .read_text(encoding="utf-8"))

# Types whose I/O is knowingly out of scope here (box is a geometric type).
UNSUPPORTED = {"_box"}


def _ctx(settings: dict) -> IOContext:
    s = DEFAULT_SETTINGS
    for k, v in settings.items():
        s = replace(s, **{k: int(v) if k == "extra_float_digits" else v})
    return IOContext(settings=s)


def _id(case: dict) -> str:
    extra = "".join(f",{k}={v}" for k, v in case["settings"].items())
    tm = f"({case['typmod']})" if case["typmod"] != -1 else ""
    return f"{case['type']}{tm}{extra}:{case['input']!r}"


@pytest.mark.parametrize("case", [c for c in CASES if c["type"] not in UNSUPPORTED], ids=_id)
def test_io_case(case: dict) -> None:
    ctx = _ctx(case["settings"])
    if "error" in case:
        with pytest.raises(PgError) as ei:
            value = type_input(ctx, case["oid"], case["input"], case["typmod"])
            type_output(ctx, case["oid"], value)
        err = case["error"]
        assert (ei.value.sqlstate, ei.value.message) == (err["sqlstate"], err["message"])
        assert ei.value.detail == err["detail"]
        return
    value = type_input(ctx, case["oid"], case["input"], case["typmod"])
    assert type_output(ctx, case["oid"], value) == case["output"]
    data = type_send(ctx, case["oid"], value)
    assert data.hex() == case["send"]
    # the binary form reads back to a value with the same text form
    again = type_receive(ctx, case["oid"], data, case["typmod"])
    assert type_output(ctx, case["oid"], again) == case["output"]
    # and the text output reads back to the same value (INV-TYPES-4)
    if case["type"] not in ("name",):
        reparsed = type_input(ctx, case["oid"], case["output"], case["typmod"])
        assert type_output(ctx, case["oid"], reparsed) == case["output"]


def test_box_array_uses_semicolon_delimiter() -> None:
    # box is the one type whose typdelim is ';' (pgref/types/geometric)
    case = next(c for c in CASES if c["type"] == "_box")
    value = type_input(None, case["oid"], case["input"])
    assert type_output(None, case["oid"], value) == case["output"]
    assert type_send(None, case["oid"], value).hex() == case["send"]

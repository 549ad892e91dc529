"""The type registry: pg_type rows, format_type(), I/O dispatch."""
from __future__ import annotations

import json
import pathlib

import pytest

from pgref.errors import PgError
from pgref.types import oids, registry
from pgref.types.registry import (
    TYPES, format_type, get_type, type_by_name, type_input, type_output, typmod_in, typmod_out)

FORMAT_ROWS = json.loads((pathlib.Path(__file__).parent / "fixtures" / "format_type.json").read_text())


def test_rows_are_postgres_rows() -> None:
    t = TYPES[oids.INT4OID]
    assert (t.typname, t.typlen, t.typbyval, t.typalign, t.typcategory, t.typarray) == \
        ("int4", 4, True, "i", "N", oids.INT4ARRAYOID)
    assert registry.proc_src(t.typinput) == "int4in"
    assert TYPES[oids.INT4ARRAYOID].is_array and TYPES[oids.INT4ARRAYOID].typioparam == 23
    assert not TYPES[oids.INT2VECTOROID].is_array or TYPES[oids.INT2VECTOROID].typstorage == "p"
    assert TYPES[oids.NAMEOID].typioparam == oids.CHAROID      # getTypeIOParam: typelem
    assert TYPES[603].typdelim == ";"
    assert len(TYPES) > 600


def test_type_by_name() -> None:
    assert type_by_name("varchar").oid == oids.VARCHAROID
    assert type_by_name("nosuch") is None
    assert type_by_name("cardinal_number", "information_schema") is not None


def test_unknown_oid() -> None:
    with pytest.raises(PgError) as ei:
        get_type(999999)
    assert ei.value.sqlstate == "42704"


def test_constant_oids_match_rows() -> None:
    for name in dir(oids):
        if name.endswith("OID") and name not in ("INVALIDOID",) and not name.startswith(("F_", "DEFAULT", "C_")):
            oid = getattr(oids, name)
            assert oid in TYPES, name


@pytest.mark.parametrize("oid,typmod,expected", FORMAT_ROWS)
def test_format_type_matches_postgres(oid: int, typmod: int | None, expected: str) -> None:
    assert format_type(oid, typmod) == expected


def test_typmods() -> None:
    assert typmod_in(None, oids.NUMERICOID, ["10", "2"]) == 655366
    assert typmod_out(None, oids.NUMERICOID, 655366) == "(10,2)"
    assert typmod_in(None, oids.VARCHAROID, ["10"]) == 14
    assert typmod_in(None, oids.BITOID, ["8"]) == 8
    with pytest.raises(PgError) as ei:
        typmod_in(None, oids.NUMERICOID, ["1001"])
    assert (ei.value.sqlstate, ei.value.message) == \
        ("22023", "NUMERIC precision 1001 must be between 1 and 1000")
    with pytest.raises(PgError) as ei:
        typmod_in(None, oids.NUMERICOID, ["3", "-1001"])
    assert ei.value.message == "NUMERIC scale -1001 must be between -1000 and 1000"
    with pytest.raises(PgError) as ei:
        typmod_in(None, oids.VARCHAROID, ["0"])
    assert ei.value.message == "length for type varchar must be at least 1"
    with pytest.raises(PgError) as ei:
        typmod_in(None, oids.BPCHAROID, ["10485761"])
    assert ei.value.message == "length for type char cannot exceed 10485760"
    with pytest.raises(PgError) as ei:
        typmod_in(None, oids.INT4OID, ["1"])
    assert ei.value.sqlstate == "42601"


def test_null_passes_through() -> None:
    assert type_input(None, oids.INT4OID, None) is None
    assert type_output(None, oids.INT4OID, None) is None


def test_unimplemented_io_is_0A000() -> None:
    with pytest.raises(PgError) as ei:
        type_input(None, 3642, "a b")                  # gtsvector (GiST's internal type)
    assert ei.value.sqlstate == "0A000"
    assert "gtsvectorin" in ei.value.message


def test_reloads_from_scratch() -> None:
    registry._types = None
    registry._load()
    assert registry._types is not None and len(registry._types) > 100


def test_quote_identifier() -> None:
    q = registry.quote_identifier
    assert q("abc") == "abc"
    assert q("char") == '"char"'
    assert q("Abc") == '"Abc"'
    assert q('a"b') == '"a""b"'
    assert q("a b") == '"a b"'
    assert q("_x1") == "_x1"
    assert q("1x") == '"1x"'

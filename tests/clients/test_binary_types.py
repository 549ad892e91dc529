"""Binary send/receive of every type pgref has, checked byte for byte
against PostgreSQL 15 (spec/03-types.md, "I/O conventions"; the issue's
requirement that every type's binary format is PostgreSQL's).

For each sample value both servers are asked, over libpq's extended
protocol (psycopg's ``pgconn.exec_params``), for:

1. the value in binary (result format 1): the bytes must be equal;
2. the value in text (result format 0): the text must be equal;
3. the binary bytes sent back as a binary parameter of that type and
   printed as text: pgref's receive function must read PostgreSQL's bytes
   to the same value.

Binary COPY (FORMAT binary) out of a table of many types is compared the
same way, and read back in.
"""
from __future__ import annotations

import psycopg
import pytest

pytestmark = pytest.mark.oracle

# type -> sample literals (text input); every base type with send/receive
SAMPLES: dict[str, list[str]] = {
    "bool": ["t", "f"],
    "bytea": ["\\x", "\\x00ff10", "abc"],
    '"char"': ["a", ""],
    "name": ["pg_class", "a b"],
    "int2": ["0", "-32768", "32767"],
    "int4": ["1", "-2147483648", "2147483647"],
    "int8": ["-9223372036854775808", "42"],
    "oid": ["0", "4294967295", "1259"],
    "xid": ["0", "4294967295"],
    "cid": ["7"],
    "xid8": ["18446744073709551615", "0"],
    "text": ["", "héllo wörld", "tab\there"],
    "varchar": ["v"],
    "bpchar": ["ab  ", "x"],
    "varchar(3)": ["abc"],
    "char(4)": ["ab"],
    "refcursor": ["c1"],
    "json": ['{"a": [1, 2.5, null], "b": "x"}', "  3 "],
    "float4": ["1.5", "-0", "NaN", "Infinity", "-Infinity", "3.4028235e+38", "1e-45"],
    "float8": ["2.25", "-0", "NaN", "-Infinity", "1.7976931348623157e+308", "5e-324", "0.1"],
    "numeric": ["0", "1.50", "-123456789012345678901234567890.000123", "NaN", "Infinity", "-Infinity",
                "0.0000001", "10000", "99999999", "1e-20", "-0.5"],
    "numeric(10,2)": ["3.14159"],
    "date": ["2000-01-01", "1999-12-31", "4713-01-01 BC", "5874897-12-31", "infinity", "-infinity"],
    "time": ["00:00", "23:59:59.999999", "24:00", "12:34:56.5"],
    "timetz": ["12:34:56+05:30", "00:00:00-14:59", "23:59:59.25+00"],
    "timestamp": ["2000-01-01 00:00", "1970-01-01 00:00:00.000001", "294276-12-31 23:59:59.999999",
                  "4713-01-01 00:00 BC", "infinity", "-infinity"],
    "timestamptz": ["2000-01-01 00:00+00", "2021-06-30 12:00:00.123456-07", "infinity", "-infinity"],
    "interval": ["0", "1 year 2 mons 3 days 04:05:06.789", "-1 days +02:00", "-178000000 years",
                 "1 mon -1 day", "00:00:00.000001"],
    "bit": ["1"],
    "bit(10)": ["1010101010"],
    "varbit": ["", "1", "101010101010101011"],
    "uuid": ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"],
    "regproc": ["now", "-"],
    "regprocedure": ["abs(integer)"],
    "regoper": ["||/"],
    "regoperator": ["+(integer,integer)"],
    "regclass": ["pg_class", "pg_type"],
    "regtype": ["integer", "character varying"],
    "regnamespace": ["pg_catalog"],
    "regrole": ["postgres"],
    "regcollation": ['"C"'],
    "int2vector": ["1 2 3", ""],
    "oidvector": ["23 25", ""],
    "point": ["(1,2)", "(-1.5,1e300)"],
    "lseg": ["[(0,0),(1,1)]"],
    "path": ["[(0,0),(1,1),(2,0)]", "((0,0),(1,1))"],
    "box": ["(2,2),(0,0)"],
    "polygon": ["((0,0),(1,0),(1,1))"],
    "line": ["{1,-1,0}"],
    "circle": ["<(1,2),3>"],
    # arrays: NULLs, several dimensions, explicit lower bounds, empty
    "int4[]": ["{}", "{1,NULL,3}", "{{1,2},{3,4}}", "[0:1]={7,8}", "[-2:-1][3:4]={{1,2},{3,4}}"],
    "text[]": ['{"a b",NULL,"",x}', "{}"],
    "int8[]": ["{1,-9223372036854775808}"],
    "numeric[]": ["{1.5,NaN,NULL}"],
    "float8[]": ["{1.5,-Infinity}"],
    "bool[]": ["{t,f,NULL}"],
    "bytea[]": ['{"\\\\x00",NULL}'],
    "date[]": ["{2000-01-01,infinity}"],
    "timestamptz[]": ['{"2020-01-01 00:00:00+00"}'],
    "interval[]": ['{"1 day","-00:00:01"}'],
    "uuid[]": ["{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"],
    "varchar[]": ["{a,b}"],
    "name[]": ["{a,b}"],
    "oid[]": ["{1,2}"],
    "char[]": ["{a,b}"],
    "json[]": ['{"{}","[1]"}'],
    "regtype[]": ["{integer,text}"],
    "point[]": ['{"(1,2)"}'],
    "box[]": ["{(1,1),(0,0);(2,2),(1,1)}"],
    "varbit[]": ["{1,01}"],
    "time[]": ["{00:00:01}"],
    "timetz[]": ['{"00:00:01+02"}'],
    "int2vector[]": ['{"1 2"}'],
}


def _fetch(conn: psycopg.Connection, sql: str, params=(), types=(), formats=(), result_format=0):
    params = list(params)
    types = list(types) or [0] * len(params)          # 0: the server infers it
    formats = list(formats) or [0] * len(params)
    res = conn.pgconn.exec_params(sql.encode(), params, types, formats, result_format)
    if res.status != 2:    # PGRES_TUPLES_OK
        msg = res.error_field(ord("M"))
        return ("error", res.error_field(ord("C")), msg.decode() if msg else "")
    return res.get_value(0, 0), res.ftype(0)


@pytest.fixture(scope="module")
def connections(server, pg_cluster):
    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres",
                         autocommit=True) as ref, psycopg.connect(pg_cluster.conninfo(), autocommit=True) as pg:
        for c in (ref, pg):
            c.execute("set timezone = 'UTC'")
        yield ref, pg


CASES = [(t, v) for t, vs in SAMPLES.items() for v in vs]


@pytest.mark.parametrize("typ", list(SAMPLES))
def test_binary_format_is_postgresqls(connections, typ):
    ref, pg = connections
    failures = []
    for literal in SAMPLES[typ]:
        lit = literal.encode()
        q = f"select $1::{typ}"
        want_bin = _fetch(pg, q, [lit], result_format=1)
        want_txt = _fetch(pg, q, [lit], result_format=0)
        got_bin = _fetch(ref, q, [lit], result_format=1)
        got_txt = _fetch(ref, q, [lit], result_format=0)
        if got_bin != want_bin:
            failures.append(f"{typ} {literal!r}: binary {got_bin!r} != {want_bin!r}")
        if got_txt != want_txt:
            failures.append(f"{typ} {literal!r}: text {got_txt!r} != {want_txt!r}")
        if isinstance(want_bin[0], bytes) and want_bin[1]:
            # PostgreSQL's bytes, received by pgref as a binary parameter
            oid = want_bin[1]
            back = _fetch(ref, "select $1", [want_bin[0]], [oid], [1], result_format=0)
            if back[0] != want_txt[0]:
                failures.append(f"{typ} {literal!r}: receive gave {back!r}, want {want_txt[0]!r}")
    assert failures == []


COPY_TABLE = """create table bcopy (
    i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric, t text, vc varchar(5), c char(3),
    b bool, by bytea, d date, tm time, tz timetz, ts timestamp, tstz timestamptz, iv interval,
    u uuid, j json, bits varbit, ia int4[], ta text[])"""
COPY_ROWS = """insert into bcopy values
    (1, 2, 3, 1.5, 2.5, 12.345, 'héllo', 'ab', 'x', true, '\\x0001', '2020-02-29', '12:00', '01:02+03',
     '2001-01-01 01:01:01.5', '2001-01-01 01:01:01+00', '1 mon 2 days 00:00:03', gen_random_uuid(),
     '{"k": 1}', '101', '{1,NULL}', '{a,"b c"}'),
    (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
     null, null, null, null, null)"""


def test_binary_copy_matches_postgresql(connections):
    ref, pg = connections
    outs = []
    for c in (ref, pg):
        c.execute("drop table if exists bcopy")
        c.execute(COPY_TABLE)
        c.execute(COPY_ROWS.replace("gen_random_uuid()", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"))
        with c.cursor().copy("copy bcopy to stdout (format binary)") as cp:
            outs.append(b"".join(bytes(chunk) for chunk in cp))
    assert outs[0] == outs[1]
    # PostgreSQL's binary COPY data read into pgref gives the same rows
    ref.execute("create table bcopy2 (like bcopy)")
    with ref.cursor().copy("copy bcopy2 from stdin (format binary)") as cp:
        cp.write(outs[1])
    assert ref.execute("select count(*) from bcopy2").fetchone() == (2,)
    assert ref.execute("select * from bcopy except select * from bcopy2").fetchall() == []
    with pytest.raises(psycopg.errors.BadCopyFileFormat, match="COPY file signature not recognized"):
        with ref.cursor().copy("copy bcopy2 from stdin (format binary)") as cp:
            cp.write(b"PGCOPY\n\xff\r\n\x01" + outs[1][11:])
    with pytest.raises(psycopg.errors.BadCopyFileFormat, match="row field count is 1, expected 22"):
        with ref.cursor().copy("copy bcopy2 from stdin (format binary)") as cp:
            cp.write(outs[1][:19] + b"\x00\x01\x00\x00\x00\x01\x05\xff\xff")
    for c in (ref, pg):
        c.execute("drop table bcopy")
    ref.execute("drop table bcopy2")

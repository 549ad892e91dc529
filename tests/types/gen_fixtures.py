"""Regenerate tests/types/fixtures/io_cases.json from a real PostgreSQL 15.

Not a test: a tool.  For every (type, typmod, settings, input) case below it
asks PostgreSQL to run the type's own input, output and send functions --
``typoutput(typinput('<input>'::cstring, typioparam, typmod))`` -- and records
the text output, the binary form (hex) or the error (SQLSTATE, message,
detail).  The pytest suite replays the file without PostgreSQL.

Usage: .venv/bin/python tests/types/gen_fixtures.py "host=/tmp/pg_types port=55412 user=postgres"
"""
from __future__ import annotations

import json
import pathlib
import random
import struct
import sys

import psycopg

OUT = pathlib.Path(__file__).resolve().parent / "fixtures" / "io_cases.json"

WS = ["", " ", "  \t", "\n"]


REGRESS_SQL = pathlib.Path(__file__).resolve().parents[3] / "shared" / "pg_regress" / "sql"


def regress_literals() -> list[tuple[str, str]]:
    """String literals the regression suite feeds to these types: '...'::type
    casts and INSERTs into the suite's typed tables."""
    import re
    if not REGRESS_SQL.is_dir():
        return []
    alias = {"boolean": "bool", "real": "float4", "double precision": "float8",
             "smallint": "int2", "integer": "int4", "bigint": "int8"}
    tblmap = {"INT2_TBL": "int2", "INT4_TBL": "int4", "INT8_TBL": "int8", "FLOAT4_TBL": "float4",
              "FLOAT8_TBL": "float8", "BOOLTBL1": "bool", "BOOLTBL2": "bool", "OID_TBL": "oid",
              "GUID1": "uuid", "NAME_TBL": "name", "TEXT_TBL": "text", "NUM_INPUT_TEST": "numeric"}
    out = set()
    cast = re.compile(r"(?<![A-Za-z])'((?:[^']|'')*)'::(int2|int4|int8|float4|float8|numeric|bool|"
                      r"boolean|uuid|bytea|name|json|oid|text|real|double precision|smallint|integer|"
                      r"bigint)\b(?!\s*\()(?!\[)")
    arr = re.compile(r"(?<![A-Za-z])'((?:[^']|'')*)'::(int|int2|int4|int8|integer|text|float8|float4|"
                     r"numeric|bool|boolean|varchar|name|char|bytea|oid|real)\[\](?!\[)")
    insert = re.compile(r"INSERT INTO (\w+)\s*(?:\([^)]*\))?\s*VALUES\s*\('((?:[^']|'')*)'\)", re.I)
    for f in ["boolean", "int2", "int4", "int8", "float4", "float8", "numeric", "uuid", "strings",
              "oid", "json", "name", "text", "varchar", "char", "bit", "arrays"]:
        s = (REGRESS_SQL / f"{f}.sql").read_text(encoding="utf-8")
        for m in cast.finditer(s):
            v = m.group(1).replace("''", "'")
            if len(v) < 200:
                out.add((alias.get(m.group(2), m.group(2)), v))
        for m in arr.finditer(s):
            t = alias.get(m.group(2), m.group(2))
            out.add(("_" + {"int": "int4", "integer": "int4", "bool": "bool"}.get(t, t),
                     m.group(1).replace("''", "'")))
        for m in insert.finditer(s):
            t = tblmap.get(m.group(1).upper())
            if t:
                out.add((t, m.group(2).replace("''", "'")))
    return sorted(out)


def cases() -> list[tuple[str, int, dict, str]]:
    """(type name, typmod, settings, input) tuples."""
    rnd = random.Random(15)
    out: list[tuple[str, int, dict, str]] = []

    def add(typ: str, inputs: list[str], typmod: int = -1, settings: dict | None = None) -> None:
        for s in inputs:
            out.append((typ, typmod, settings or {}, s))

    add("bool", ["t", "true", "TRUE", " tr ", "y", "yes", "on", "1", "f", "false", "fa",
                 "n", "no", "off", "of", "0", "o", "", "  ", "tru e", "truex", "yess",
                 "onn", "2", "-1", "nay", "\ttrue\n", "T", "F"])
    ints = ["0", "1", "-1", " 12 ", "+5", "-0", "32767", "-32768", "32768", "-32769",
            "2147483647", "-2147483648", "2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999999", "abc", "", " ", "1 2", "12a",
            "1.5", "0x10", "1e3", "- 1", "+", "-", "1_000", "\t42\n", "００"]
    for t in ("int2", "int4", "int8"):
        add(t, ints)
    add("oid", ints + ["4294967295", "4294967296", "-4294967295", "-2147483648"])
    floats = ["0", "-0", "1", "-1", "0.1", "1.5", "100", "1e16", "1e15", "1e-4", "1e-5",
              "1.5e-7", "123456789012345680000", "123456789012345.6", "3.4028235e38",
              "1e38", "1e39", "1e308", "1e309", "1e400", "-1e400", "1e-400", "4e-310",
              "1e-40", "1e-45", "1e-46", "1.4e-45", "NaN", "nan", "-nan", "Infinity",
              "-Infinity", "inf", "-inf", "+inf", " infinity ", "infx", "", " ", "1e",
              ".5", "5.", "1.5 x", "0x10", "0x1p-3", "1,5", "abc", "  -1.25e+02  ",
              "3.14159265358979323846", "2.718281828459045", "1e22", "1e21", "1e23",
              "0.30000000000000004", "9007199254740993", "1.7976931348623157e308",
              "2.2250738585072014e-308", "5e-324", "123456", "1234567", "12345678",
              "0.000123456789", "99999.99", "7.038531e-26", "1.17549435e-38",
              "16777217", "0.1e1", "1.000001"]
    for _ in range(60):
        x = rnd.uniform(-1, 1) * 10 ** rnd.randint(-30, 30)
        floats.append(repr(x))
    for _ in range(20):
        floats.append(f"{rnd.randint(1, 10**9)}e{rnd.randint(-50, 50)}")
    for t in ("float4", "float8"):
        add(t, floats)
        for efd in (0, -15, 3, 2, -4):
            add(t, floats[:40], settings={"extra_float_digits": str(efd)})
    nums = ["0", "-0", "-0.00", "1", "-1", "1.50", " .5 ", "5.", "1.5e3", "1.50e-3", "1e 5",
            "1E+2", "1e-2", "0.0000000001", "123456789012345678901234567890.123456789",
            "-9999999999.9999999999", "NaN", "nan", " NaN ", "Infinity", "-Infinity", "inf",
            "+inf", "-inf", "+Infinity", "infinite", "nanx", ".", "1..2", "1e", "", " ",
            "abc", "1 2", "+", "-", "1e131072", "1e-16384", "1e2147483647", "1.2.3", "e5",
            "0.1e-1", "12.3400", "00012", "-000.0010", "1e-16383"]
    for _ in range(40):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 30)))
        pos = rnd.randint(0, len(digits))
        nums.append(rnd.choice(["", "-"]) + digits[:pos] + "." + digits[pos:])
    add("numeric", nums)
    for p, s in [(10, 2), (4, 2), (2, 5), (3, 1), (5, -2), (1, 0), (2, 0), (1000, 0), (3, 3)]:
        tm = ((p << 16) | (s & 0x7FF)) + 4
        add("numeric", ["0", "1", "-1", "0.0001", "0.00001", "0.001", "123.456", "99.5",
                        "9.99", "0.5", "-0.5", "1.45", "-1.45", "12345", "99999", "NaN",
                        "Infinity", "-inf", "0.995", "999.995"], typmod=tm)
    texts = ["", "abc", "a b", " lead", "trail ", "é€😀", "a\\b", "quote'd", 'dq"x', "x" * 70]
    add("text", texts)
    add("varchar", texts)
    add("bpchar", texts)
    for n in (1, 3, 5):
        add("varchar", ["", "ab", "abc", "abcd", "abc  ", "ab   c", "é€😀x", "😀😀😀 "], typmod=n + 4)
        add("bpchar", ["", "ab", "abc", "abcd", "abc  ", "ab   c", "é€😀x", "😀😀😀 "], typmod=n + 4)
    add("name", ["", "abc", "x" * 63, "x" * 64, "x" * 100, "é" * 40, "a" + "é" * 40, "A B"])
    add("char", ["", "a", "ab", "é", "\\101", "\\377", "\\400", "\\12", "\\", " "])
    add("bytea", ["", "abc", "\\x", "\\x0102ff", "\\x41 42\n43", "\\X41", "\\x4", "\\xzz",
                  "\\xg1", "a\\\\b", "\\101\\000", "a\\b", "\\1", "\\400", "é", "\\x 4 1"])
    add("bytea", ["", "abc", "\\x00017f80ff5c41", "é", "a\\\\b"], settings={"bytea_output": "escape"})
    add("uuid", ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
                 "A0EEBC999C0B4EF8BB6D6BB9BD380A11", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
                 "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a1",
                 " a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",
                 "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
                 "g0eebc999c0b4ef8bb6d6bb9bd380a11", "", "a0eebc999c0b4ef8bb6d6bb9bd380a11a",
                 "-a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a1-1"])
    add("int2vector", ["", "1 2 3", " 1  2 ", "1,2", "1 x", "99999", "-5", "1\t2"])
    add("oidvector", ["", "1 2 3", " 1  2 ", "12a", "1 -", "abc", "-1 4294967295"])
    add("json", ["1", " [1 , {\"x\" : [true,false,null]} , \"\\u00e9\" , -1.5e+3] ", "[1,",
                 "\"abc", "{\"a\" 1}", "[1 2]", "tru", "{\"a\":1}x", "\"\\u12\"", "\"\\q\"",
                 "\"\\ud800\\ud800\"", "01", "-", "1.e5", "[1,\n2,\n  @]", "{1:2}", "", "  ",
                 "[,]", "{\"a\":1,2}", "{\"a\":}", "1 2", "\"a\tb\"", "[1,]", "éé",
                 "{\"a\":1 \"b\"}", "{}", "[]", "null", "\"\"", "-0", "1E5", "0.5e-3",
                 "[" * 3 + "]" * 3, "{\"a\":{\"b\":[1,2,{\"c\":null}]}}",
                 "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,x]"])
    add("bit", ["101", "B101", "x1F", "X1f", "", "102", "xg", "b"])
    add("bit", ["101", "1010", "x1", "10"], typmod=4)
    add("varbit", ["101", "B101", "x1F", "", "102"])
    add("varbit", ["1", "10", "101", "x1"], typmod=2)
    add("regtype", ["integer", "int4", "integer[]", "varchar(10)", "character varying",
                    "\"char\"", "pg_catalog.int4", "1043", "-", "0", "nosuch", "double precision",
                    "timestamp with time zone", "12345678"])
    add("regproc", ["int4pl", "-", "42", "0", "abs", "nosuch", "pg_catalog.int4in"])
    add("regnamespace", ["pg_catalog", "public", "11", "nosuch", "99999"])
    arrays_int = ["{}", "{1,2,3}", "{ 1 , 2 }", "{{1,2},{3,4}}", "[0:1]={7,8}", "[1:2][3:4]={{1,2},{3,4}}",
                  "{1,NULL,null,3}", "{1,2", "{1,2}}", "{1,2}x", "1,2", "{{1,2},{3}}",
                  "{{1},2}", "{1,{2}}", "[2:1]={}", "[1:2]={1}", "[1:2]={1,2,3}", "[a]={1}",
                  "[1:2]{1,2}", "[1:2]=1", "{1 2}", "{,}", "{1,,2}", "{\"1\",\"2\"}",
                  "{{},{}}", "{{{{{{{1}}}}}}}", "[1:1][1:1][1:1][1:1][1:1][1:1][1:1]={{{{{{{1}}}}}}}",
                  "{abc}", "{99999999999}", "", " {1} ", "{1}  \n", "[-2:-1]={1,2}",
                  "{\"1\" 2}", "{1\\,2}", "{{1,2},{3,4},{5,6}}", "{{{1,2}},{{3,4}}}",
                  "[1]={5}", "[3]={1,2,3}"]
    add("_int4", arrays_int)
    add("_text", ["{}", "{a,b}", "{\"a b\",NULL,\"NULL\",\"\",x}", "{a\\,b,\"c\\\"d\"}",
                  "{  a  b  ,  \"c\"  }", "{\"{}\",\"a,b\",\"\\\\\"}", "{NULL}", "{nULl,\"null\"}",
                  "{é€,😀}", "{{a,b},{c,d}}", "{a\"b}", "{\"a\"b}", "{\\}", "{a\\}", "{\"\"}",
                  "{ \" x \" }", "{a b}", "{\ta\t}", "{x,\"y\",\"\"}", "{\"\"\"}"])
    add("_varchar", ["{abc,abcd}", "{ab}", "{\"abcd \"}"], typmod=7)
    add("_numeric", ["{1.5,NaN,-2.00}", "{{1},{2.5}}", "{1e400000}"])
    add("_numeric", ["{1.555,2}", "{123}"], typmod=((4 << 16) | 2) + 4)
    add("_float8", ["{1.5,NaN,-Infinity,1e16,0.1}"])
    add("_bool", ["{t,f,NULL,yes}", "{x}"])
    add("_bytea", ["{\"\\\\x0102\",abc}"])
    add("_uuid", ["{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}"])
    add("_box", ["{(1,2),(3,4);(5,6),(7,8)}"])  # ';' delimiter; box I/O itself unsupported
    add("_char", ["{a,b,\"\"}"])
    add("_name", ["{abc,\"x y\"}"])
    add("_json", ["{\"[1,2]\",\"{\\\"a\\\":1}\"}"])
    add("_oid", ["{1,4294967295}"])
    add("_int2", ["{1,-32768}"])
    add("_int8", ["{1,-9223372036854775808}"])
    seen = {(t, s) for t, tm, st, s in out if tm == -1 and not st}
    for typ, text in regress_literals():
        if (typ, text) not in seen:
            out.append((typ, -1, {}, text))
    return out


def main(dsn: str) -> None:
    results = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        typrows = {}
        for typ, *_ in cases():
            if typ not in typrows:
                typrows[typ] = conn.execute(
                    "SELECT t.oid, typinput::regproc::text, typoutput::regproc::text, "
                    "typsend::regproc::text, CASE WHEN typelem <> 0 THEN typelem ELSE t.oid END, "
                    "p.pronargs FROM pg_type t JOIN pg_proc p ON p.oid = t.typinput "
                    "WHERE typname = %s AND typnamespace = 11", (typ,)).fetchone()
        for typ, typmod, settings, text in cases():
            oid, fin, fout, fsend, ioparam, nargs = typrows[typ]
            conn.execute("RESET ALL")
            for k, v in settings.items():
                conn.execute(f"SET {k} = {v}")
            case = {"type": typ, "oid": oid, "typmod": typmod, "settings": settings, "input": text}
            val = (f"{fin}(%s::cstring, {ioparam}::oid, {typmod})" if nargs == 3
                   else f"{fin}(%s::cstring)")
            try:
                row = conn.execute(f"SELECT {fout}({val})::text, {fsend}({val})", (text, text)).fetchone()
                case["output"] = row[0]
                case["send"] = bytes(row[1]).hex()
            except psycopg.Error as e:
                d = e.diag
                case["error"] = {"sqlstate": d.sqlstate, "message": d.message_primary,
                                 "detail": d.message_detail}
            results.append(case)
    OUT.write_text(json.dumps(results, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(results)} cases -> {OUT}")
    floats(dsn)
    format_types(dsn)


def floats(dsn: str) -> None:
    """float8/float4 output for random bit patterns, at several
    extra_float_digits settings: [bits-hex, efd, output]."""
    rnd = random.Random(8)
    rows = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        d_inputs = [struct.unpack("!d", rnd.getrandbits(64).to_bytes(8, "big"))[0] for _ in range(1500)]
        d_inputs += [rnd.randint(1, 10 ** rnd.randint(1, 22)) * 10.0 ** rnd.randint(-30, 30)
                     for _ in range(500)]
        f_inputs = [struct.unpack("!f", rnd.getrandbits(32).to_bytes(4, "big"))[0] for _ in range(1500)]
        f_inputs += [struct.unpack("!f", struct.pack("!f", rnd.randint(1, 10 ** 8) * 10.0 ** rnd.randint(-20, 20)))[0]
                     for _ in range(500)]
        for efd in (1, 0, -3, 3):
            conn.execute(f"SET extra_float_digits = {efd}")
            for typ, xs, fmt in (("float8", d_inputs, "!d"), ("float4", f_inputs, "!f")):
                xs = [x for x in xs if x == x]
                out = conn.execute(
                    f"SELECT x::{typ}::text FROM unnest(%s::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n",
                    ([repr(x) for x in xs],)).fetchall()
                for x, (o,) in zip(xs, out):
                    rows.append([typ, struct.pack(fmt, x).hex(), efd, o])
    path = OUT.parent / "float_out.json"
    path.write_text(json.dumps(rows, indent=0) + "\n", encoding="utf-8")
    print(f"{len(rows)} float outputs -> {path}")


def format_types(dsn: str) -> None:
    """format_type(oid, typmod) for every built-in type, typmod NULL and -1,
    plus valid typmods for the types that take them: [oid, typmod, text]."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT t.oid, m.typmod, format_type(t.oid, m.typmod) FROM pg_type t, "
            "(VALUES (NULL::int), (-1)) m(typmod) WHERE t.oid < 16384 ORDER BY 1, 2").fetchall()
        mods = {"varchar": [5, 14], "bpchar": [5, 14], "numeric": [655366, 65540, 131081, 327682 + 0xFF8],
                "bit": [1, 8], "varbit": [3], "timestamp": [3, 0], "timestamptz": [6],
                "time": [2], "timetz": [2], "interval": [2147418115, 32767 << 16 | 0xFFFF & 3]}
        for name, tms in mods.items():
            for tm in tms:
                for arr in ("", "_"):
                    r = conn.execute("SELECT oid, %s, format_type(oid, %s) FROM pg_type "
                                     "WHERE typname = %s AND typnamespace = 11",
                                     (tm, tm, arr + name)).fetchone()
                    rows.append(r)
        rows.append((0, None, conn.execute("SELECT format_type(0, NULL)").fetchone()[0]))
        rows.append((99999, None, conn.execute("SELECT format_type(99999, NULL)").fetchone()[0]))
    path = OUT.parent / "format_type.json"
    path.write_text(json.dumps([list(r) for r in rows], indent=0) + "\n", encoding="utf-8")
    print(f"{len(rows)} format_type rows -> {path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "host=/tmp/pg_types port=55412 user=postgres")

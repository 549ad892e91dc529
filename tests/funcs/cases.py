"""The table of function calls checked against PostgreSQL 15.

Each case is (prosrc, sql_template, args): ``args`` are (type name, text)
pairs; ``gen_fixtures.py`` substitutes them as ``'text'::type`` into the
template ({0}, {1}, ...), runs the statement on a real PostgreSQL 15 and
records the result text, its type, or the SQLSTATE and message of the error
in fixtures/expected.json.  test_pg_fixtures.py then calls the pgref
implementation registered for ``prosrc`` on the same arguments (parsed with
the types' input functions) and compares.
"""
from __future__ import annotations

I2, I4, I8, F4, F8, N, T, B, BP, NM, BY, CH, VC = (
    "int2", "int4", "int8", "float4", "float8", "numeric", "text", "bool",
    "bpchar", "name", "bytea", '"char"', "varchar")


def c(prosrc, tmpl, *args):
    return (prosrc, tmpl, list(args))


CASES = []
add = CASES.append

# ---- integers ----------------------------------------------------------------
for t, mx, mn in ((I2, "32767", "-32768"), (I4, "2147483647", "-2147483648"),
                  (I8, "9223372036854775807", "-9223372036854775808")):
    s = {"int2": "int2", "int4": "int4", "int8": "int8"}[t]
    add(c(s + "pl", "{0} + {1}", (t, mx), (t, "1")))
    add(c(s + "pl", "{0} + {1}", (t, "100"), (t, "-7")))
    add(c(s + "mi", "{0} - {1}", (t, mn), (t, "1")))
    add(c(s + "mul", "{0} * {1}", (t, mx), (t, "2")))
    add(c(s + "mul", "{0} * {1}", (t, "-12"), (t, "11")))
    add(c(s + "div", "{0} / {1}", (t, "-7"), (t, "2")))
    add(c(s + "div", "{0} / {1}", (t, "7"), (t, "-2")))
    add(c(s + "div", "{0} / {1}", (t, "7"), (t, "0")))
    add(c(s + "div", "{0} / {1}", (t, mn), (t, "-1")))
    add(c(s + "mod", "{0} % {1}", (t, "-7"), (t, "3")))
    add(c(s + "mod", "{0} % {1}", (t, mn), (t, "-1")))
    add(c(s + "mod", "{0} % {1}", (t, "5"), (t, "0")))
    add(c(s + "um", "- {0}", (t, mn)))
    add(c(s + "abs", "@ {0}", (t, mn)))
    add(c(s + "abs", "@ {0}", (t, "-5")))
    add(c(s + "shl", "{0} << {1}", (t, "1"), (I4, "3")))
    add(c(s + "shl", "{0} << {1}", (t, "1"), (I4, "40")))
    add(c(s + "shl", "{0} << {1}", (t, "-3"), (I4, "70")))
    add(c(s + "shr", "{0} >> {1}", (t, "-17"), (I4, "2")))
    add(c(s + "and", "{0} & {1}", (t, "12"), (t, "10")))
    add(c(s + "or", "{0} | {1}", (t, "12"), (t, "10")))
    add(c(s + "xor", "{0} # {1}", (t, "12"), (t, "10")))
    add(c(s + "not", "~ {0}", (t, "12")))
    add(c(s + "lt", "{0} < {1}", (t, "1"), (t, "2")))
    add(c("bt" + s + "cmp", "btint%scmp({0}, {1})" % s[3:], (t, "3"), (t, "2")))
for a, b in (("2", "4"), ("4", "2"), ("4", "8"), ("8", "4"), ("2", "8"), ("8", "2")):
    ta, tb = "int" + a, "int" + b
    add(c(f"int{a}{b}pl", "{0} + {1}", (ta, "32767"), (tb, "2147483647")))
    add(c(f"int{a}{b}mul", "{0} * {1}", (ta, "-300"), (tb, "30000")))
    add(c(f"int{a}{b}div", "{0} / {1}", (ta, "-7"), (tb, "2")))
    add(c(f"int{a}{b}div", "{0} / {1}", (ta, "7"), (tb, "0")))
    add(c(f"int{a}{b}mi", "{0} - {1}", (ta, "5"), (tb, "-32768")))
    add(c(f"int{a}{b}ge", "{0} >= {1}", (ta, "5"), (tb, "5")))
    add(c(f"btint{a}{b}cmp", f"btint{a}{b}cmp({{0}}, {{1}})", (ta, "5"), (tb, "6")))
add(c("int4gcd", "gcd({0}, {1})", (I4, "-2147483648"), (I4, "0")))
add(c("int4gcd", "gcd({0}, {1})", (I4, "12"), (I4, "-18")))
add(c("int8gcd", "gcd({0}, {1})", (I8, "-9223372036854775808"), (I8, "6")))
add(c("int4lcm", "lcm({0}, {1})", (I4, "12"), (I4, "-18")))
add(c("int4lcm", "lcm({0}, {1})", (I4, "2147483647"), (I4, "2")))
add(c("int8lcm", "lcm({0}, {1})", (I8, "0"), (I8, "5")))
add(c("oidlt", "{0} < {1}", ("oid", "4294967295"), ("oid", "1")))
add(c("i8tooid", "{0}::oid", (I8, "-1")))

# ---- float ------------------------------------------------------------------------
for v1, v2 in (("1.5", "2.25"), ("1e308", "10"), ("1e-300", "1e-300"), ("Infinity", "-Infinity"),
               ("NaN", "1"), ("0", "0"), ("-0", "5"), ("3", "0")):
    add(c("float8pl", "{0} + {1}", (F8, v1), (F8, v2)))
    add(c("float8mul", "{0} * {1}", (F8, v1), (F8, v2)))
    add(c("float8div", "{0} / {1}", (F8, v1), (F8, v2)))
    add(c("float8lt", "{0} < {1}", (F8, v1), (F8, v2)))
    add(c("btfloat8cmp", "btfloat8cmp({0}, {1})", (F8, v1), (F8, v2)))
for v1, v2 in (("1.1", "2.2"), ("3e38", "10"), ("1e-30", "1e-30"), ("1", "3"), ("NaN", "NaN")):
    add(c("float4pl", "{0} + {1}", (F4, v1), (F4, v2)))
    add(c("float4mul", "{0} * {1}", (F4, v1), (F4, v2)))
    add(c("float4div", "{0} / {1}", (F4, v1), (F4, v2)))
    add(c("float4eq", "{0} = {1}", (F4, v1), (F4, v2)))
    add(c("float48mul", "{0} * {1}", (F4, v1), (F8, v2)))
for fn, sqlf, vals in (
        ("dsqrt", "sqrt({0})", ("2", "-1", "0", "Infinity", "1e-310")),
        ("dcbrt", "cbrt({0})", ("27", "-8", "2")),
        ("dexp", "exp({0})", ("1", "710", "-1000", "-Infinity", "0.5")),
        ("dlog1", "ln({0})", ("2", "0", "-1", "Infinity", "1")),
        ("dlog10", "log({0})", ("1000", "0.001", "-5")),
        ("dround", "round({0})", ("2.5", "3.5", "-2.5", "-0.4", "1e300")),
        ("dtrunc", "trunc({0})", ("2.7", "-2.7", "-0.5")),
        ("dceil", "ceil({0})", ("2.1", "-2.1", "-0.5")),
        ("dfloor", "floor({0})", ("2.9", "-2.1")),
        ("dsign", "sign({0})", ("-3", "0", "NaN")),
        ("dsin", "sin({0})", ("1", "Infinity")),
        ("dcos", "cos({0})", ("1",)),
        ("dtan", "tan({0})", ("1",)),
        ("dasin", "asin({0})", ("0.5", "2")),
        ("dacos", "acos({0})", ("0.5",)),
        ("datan", "atan({0})", ("1", "Infinity")),
        ("dcot", "cot({0})", ("1", "0")),
        ("dsind", "sind({0})", ("30", "-30", "90", "180", "210", "360", "45", "1e20")),
        ("dcosd", "cosd({0})", ("60", "90", "120", "240", "45")),
        ("dtand", "tand({0})", ("45", "90", "135", "180", "-45", "30")),
        ("dcotd", "cotd({0})", ("45", "90", "0", "135")),
        ("dasind", "asind({0})", ("0.5", "1", "-0.5", "0")),
        ("dacosd", "acosd({0})", ("0.5", "-0.5", "1", "-1")),
        ("datand", "atand({0})", ("1", "-1", "Infinity")),
        ("degrees", "degrees({0})", ("1",)),
        ("radians", "radians({0})", ("180",)),
        ("dsinh", "sinh({0})", ("1",)),
        ("dacosh", "acosh({0})", ("2", "0.5")),
        ("datanh", "atanh({0})", ("0.5", "1", "2")),
):
    for v in vals:
        add(c(fn, sqlf, (F8, v)))
for x, y in (("2", "10"), ("0", "-1"), ("-8", "0.5"), ("-8", "3"), ("10", "400"), ("10", "-400"),
             ("NaN", "0"), ("1", "NaN"), ("-1", "Infinity"), ("0.5", "-Infinity"), ("-Infinity", "3"),
             ("-Infinity", "-3"), ("Infinity", "-2"), ("2", "0.5")):
    add(c("dpow", "power({0}, {1})", (F8, x), (F8, y)))
add(c("datan2", "atan2({0}, {1})", (F8, "1"), (F8, "-1")))
add(c("datan2d", "atan2d({0}, {1})", (F8, "1"), (F8, "-1")))
for args in (("5.35", "0.024", "10.06", "5"), ("10", "1", "10", "4"), ("0", "1", "10", "4"),
             ("-1", "10", "0", "5"), ("5", "10", "0", "5"), ("5", "1", "1", "3"), ("5", "1", "2", "0"),
             ("NaN", "1", "2", "3"), ("1", "-Infinity", "2", "3")):
    add(c("width_bucket_float8", "width_bucket({0}, {1}, {2}, {3})",
          (F8, args[0]), (F8, args[1]), (F8, args[2]), (I4, args[3])))

# ---- numeric --------------------------------------------------------------------------
NUM_PAIRS = [("1", "3"), ("10", "3.00"), ("1", "7000"), ("12345678901234567890", "3"),
             ("0.000001", "3"), ("2", "0.0003"), ("-7", "2"), ("9999", "10000"), ("1.50", "2.000"),
             ("0", "5.5"), ("5", "0"), ("NaN", "1"), ("Infinity", "-Infinity"), ("Infinity", "2"),
             ("-3", "Infinity"), ("Infinity", "0"), ("NaN", "NaN"), ("123.456", "-0.001")]
for a, b in NUM_PAIRS:
    for fn, op in (("numeric_add", "+"), ("numeric_sub", "-"), ("numeric_mul", "*"),
                   ("numeric_div", "/"), ("numeric_mod", "%"), ("numeric_lt", "<"),
                   ("numeric_eq", "=")):
        add(c(fn, "{0} %s {1}" % op, (N, a), (N, b)))
    add(c("numeric_div_trunc", "div({0}, {1})", (N, a), (N, b)))
    add(c("numeric_cmp", "numeric_cmp({0}, {1})", (N, a), (N, b)))
    add(c("numeric_gcd", "gcd({0}, {1})", (N, a), (N, b)))
    add(c("numeric_lcm", "lcm({0}, {1})", (N, a), (N, b)))
    add(c("numeric_power", "power({0}, {1})", (N, a), (N, b)))
    add(c("numeric_log", "log({0}, {1})", (N, a), (N, b)))
for v in ("2", "0.0002", "12345678901234567890", "1.000", "0", "-4", "Infinity", "NaN", "1e-20",
          "0.5", "100", "1.0001", "7.2e10"):
    add(c("numeric_sqrt", "sqrt({0})", (N, v)))
    add(c("numeric_ln", "ln({0})", (N, v)))
    add(c("numeric_exp", "exp({0})", (N, v)))
    add(c("numeric_abs", "abs({0})", (N, v)))
    add(c("numeric_sign", "sign({0})", (N, v)))
    add(c("numeric_ceil", "ceil({0})", (N, v)))
    add(c("numeric_floor", "floor({0})", (N, v)))
    add(c("numeric_uminus", "- {0}", (N, v)))
    add(c("numeric_scale", "scale({0})", (N, v)))
    add(c("numeric_min_scale", "min_scale({0})", (N, v)))
    add(c("numeric_trim_scale", "trim_scale({0})", (N, v)))
    add(c("numeric_int4", "{0}::int4", (N, v)))
    add(c("numeric_float8", "{0}::float8", (N, v)))
for v in ("-300", "-1.5", "8000", "-8000", "2.5"):
    add(c("numeric_exp", "exp({0})", (N, v)))
for x, y in (("2", "10"), ("2", "-3"), ("1.5", "2.5"), ("-2", "3"), ("10", "-20"), ("0.5", "0.5"),
             ("2.00", "3"), ("3", "0.000"), ("0", "0"), ("0", "-1"), ("-8", "0.5"), ("1.000001", "1000000"),
             ("8", "0.3333333333"), ("123.456", "-2.5"), ("10", "1000000"), ("0.1", "1000000"),
             ("NaN", "0"), ("1", "NaN"), ("-Infinity", "3"), ("-Infinity", "2"), ("0.5", "Infinity"),
             ("-1", "Infinity"), ("Infinity", "-2"), ("4", "0.5")):
    add(c("numeric_power", "power({0}, {1})", (N, x), (N, y)))
for b, x in (("2", "1024"), ("10", "0.001"), ("3.5", "1000.25"), ("1", "10"), ("0", "10"),
             ("Infinity", "10"), ("10", "Infinity"), ("-2", "4")):
    add(c("numeric_log", "log({0}, {1})", (N, b), (N, x)))
for v, s in (("123.456", "-1"), ("-2.5", "0"), ("123.456", "2"), ("9.5", "-1"), ("0.5", "5"),
             ("-0.4", "0"), ("12345", "-10"), ("NaN", "2"), ("Infinity", "1")):
    add(c("numeric_round", "round({0}, {1})", (N, v), (I4, s)))
    add(c("numeric_trunc", "trunc({0}, {1})", (N, v), (I4, s)))
for v, tm in (("123.456", "numeric(5,2)"), ("999.995", "numeric(5,2)"), ("12345", "numeric(3,0)"),
              ("0.5", "numeric(1,0)"), ("Infinity", "numeric(5,2)"), ("NaN", "numeric(3,1)"),
              ("123456", "numeric(3,-3)"), ("0.00123", "numeric(3,5)"), ("1.5", "numeric(1,0)")):
    add(c("numeric", "{0}::" + tm, (N, v)))
for n in ("0", "1", "5", "20", "-1", "40000"):
    add(c("numeric_fac", "factorial({0})", (I8, n)))
for args in (("5.35", "0.024", "10.06", "5"), ("10", "1", "10", "4"), ("-1", "10", "0", "5"),
             ("5", "10", "0", "5"), ("5", "1", "1", "3"), ("5", "1", "2", "0"), ("NaN", "1", "2", "3"),
             ("1", "-Infinity", "2", "3"), ("Infinity", "1", "2", "3")):
    add(c("width_bucket_numeric", "width_bucket({0}, {1}, {2}, {3})",
          (N, args[0]), (N, args[1]), (N, args[2]), (I4, args[3])))

# ---- casts ---------------------------------------------------------------------------
for v in ("2.5", "3.5", "-2.5", "2147483647.4", "2147483647.5", "-2147483648.5", "NaN", "Infinity"):
    add(c("dtoi4", "{0}::int4", (F8, v)))
    add(c("numeric_int4", "{0}::int4", (N, v)))
    add(c("numeric_int8", "{0}::int8", (N, v)))
    add(c("numeric_int2", "{0}::int2", (N, v)))
for v in ("32767.5", "-32768.4", "1e10"):
    add(c("dtoi2", "{0}::int2", (F8, v)))
    add(c("ftoi2", "{0}::int2", (F4, v)))
for v in ("9223372036854775807", "-9223372036854775808", "1e19", "4.5"):
    add(c("dtoi8", "{0}::int8", (F8, v)))
for v in ("1.1", "1e300", "1e-300", "NaN", "-Infinity", "123456789.123456789", "0.1"):
    add(c("dtof", "{0}::float4", (F8, v)))
    add(c("float8_numeric", "{0}::numeric", (F8, v)))
for v in ("1.1", "3.4e38", "NaN", "123456789", "0.1"):
    add(c("float4_numeric", "{0}::numeric", (F4, v)))
    add(c("ftod", "{0}::float8", (F4, v)))
for v in ("1e-50", "1e50", "3.4e39", "0.1"):
    add(c("numeric_float4", "{0}::float4", (N, v)))
add(c("i4toi2", "{0}::int2", (I4, "32768")))
add(c("int84", "{0}::int4", (I8, "2147483648")))
add(c("int82", "{0}::int2", (I8, "-32769")))
add(c("i8tof", "{0}::float4", (I8, "9223372036854775807")))
add(c("i4tof", "{0}::float4", (I4, "16777217")))
add(c("i8tod", "{0}::float8", (I8, "9007199254740993")))
add(c("int4_bool", "{0}::bool", (I4, "-3")))
add(c("bool_int4", "{0}::int4", (B, "true")))
add(c("booltext", "{0}::text", (B, "false")))
add(c("i4tochar", '{0}::"char"', (I4, "65")))
add(c("i4tochar", '{0}::"char"', (I4, "200")))
add(c("chartoi4", "{0}::int4", (CH, "A")))
add(c("text_char", '{0}::"char"', (T, "hello")))
add(c("text_char", '{0}::"char"', (T, "")))
add(c("char_text", "{0}::text", (CH, "x")))
add(c("rtrim1", "{0}::text", (BP, "ab   ")))
add(c("text_name", "{0}::name", (T, "x" * 70)))
add(c("text_name", "{0}::name", (T, "é" * 40)))
add(c("bpchar_name", "{0}::name", (BP, "ab   ")))
add(c("varchar", "{0}::varchar(3)", (VC, "abcdef")))
add(c("varchar", "{0}::varchar(5)", (VC, "ab")))
add(c("bpchar", "{0}::char(5)", (BP, "ab")))
add(c("bpchar", "{0}::char(2)", (BP, "abcdef")))

# ---- strings ---------------------------------------------------------------------------
S = "{0}"
for fn, tmpl, args in [
    ("textcat", "{0} || {1}", [(T, "ab"), (T, "cd")]),
    ("textlen", "length({0})", [(T, "héllo")]),
    ("textoctetlen", "octet_length({0})", [(T, "héllo")]),
    ("bpcharlen", "length({0})", [(BP, "ab   ")]),
    ("bpcharoctetlen", "octet_length({0})", [("char(5)", "ab")]),
    ("lower", "lower({0})", [(T, "HeLLo ÀÉ")]),
    ("upper", "upper({0})", [(T, "HeLLo àé")]),
    ("initcap", "initcap({0})", [(T, "hi THOMAS o'neil x2y foo_bar")]),
    ("text_substr", "substr({0}, {1}, {2})", [(T, "abcdef"), (I4, "2"), (I4, "3")]),
    ("text_substr", "substr({0}, {1}, {2})", [(T, "abcdef"), (I4, "-1"), (I4, "3")]),
    ("text_substr", "substr({0}, {1}, {2})", [(T, "abcdef"), (I4, "2"), (I4, "-1")]),
    ("text_substr", "substr({0}, {1}, {2})", [(T, "abcdef"), (I4, "-5"), (I4, "3")]),
    ("text_substr_no_len", "substr({0}, {1})", [(T, "abcdef"), (I4, "3")]),
    ("text_substr_no_len", "substr({0}, {1})", [(T, "abcdef"), (I4, "-3")]),
    ("textpos", "position({1} in {0})", [(T, "hello"), (T, "ll")]),
    ("textpos", "strpos({0}, {1})", [(T, "hello"), (T, "")]),
    ("textoverlay", "overlay({0} placing {1} from {2} for {3})", [(T, "Txxxxas"), (T, "hom"), (I4, "2"), (I4, "4")]),
    ("textoverlay_no_len", "overlay({0} placing {1} from {2})", [(T, "abcdef"), (T, "XY"), (I4, "3")]),
    ("textoverlay", "overlay({0} placing {1} from {2} for {3})", [(T, "abc"), (T, "X"), (I4, "0"), (I4, "1")]),
    ("btrim", "btrim({0}, {1})", [(T, "xxabcxyx"), (T, "xy")]),
    ("btrim1", "btrim({0})", [(T, "  ab c  ")]),
    ("ltrim", "ltrim({0}, {1})", [(T, "zzzytrim"), (T, "xyz")]),
    ("rtrim", "rtrim({0}, {1})", [(T, "trimxxxx"), (T, "x")]),
    ("lpad", "lpad({0}, {1}, {2})", [(T, "hi"), (I4, "5"), (T, "xy")]),
    ("lpad", "lpad({0}, {1}, {2})", [(T, "hello"), (I4, "2"), (T, "xy")]),
    ("rpad", "rpad({0}, {1}, {2})", [(T, "hi"), (I4, "5"), (T, "")]),
    ("rpad", "rpad({0}, {1}, {2})", [(T, "hi"), (I4, "-5"), (T, "x")]),
    ("text_left", "left({0}, {1})", [(T, "abcde"), (I4, "2")]),
    ("text_left", "left({0}, {1})", [(T, "abcde"), (I4, "-2")]),
    ("text_right", "right({0}, {1})", [(T, "abcde"), (I4, "2")]),
    ("text_right", "right({0}, {1})", [(T, "abcde"), (I4, "-2")]),
    ("repeat", "repeat({0}, {1})", [(T, "Pg"), (I4, "4")]),
    ("repeat", "repeat({0}, {1})", [(T, "Pg"), (I4, "-1")]),
    ("replace_text", "replace({0}, {1}, {2})", [(T, "abcdefabcdef"), (T, "cd"), (T, "XX")]),
    ("text_reverse", "reverse({0})", [(T, "abcdé")]),
    ("split_part", "split_part({0}, {1}, {2})", [(T, "abc~@~def~@~ghi"), (T, "~@~"), (I4, "2")]),
    ("split_part", "split_part({0}, {1}, {2})", [(T, "abc,def,ghi"), (T, ","), (I4, "-1")]),
    ("split_part", "split_part({0}, {1}, {2})", [(T, "abc,def"), (T, ","), (I4, "0")]),
    ("split_part", "split_part({0}, {1}, {2})", [(T, "abc"), (T, ""), (I4, "1")]),
    ("translate", "translate({0}, {1}, {2})", [(T, "12345"), (T, "143"), (T, "ax")]),
    ("ascii", "ascii({0})", [(T, "x")]),
    ("ascii", "ascii({0})", [(T, "é")]),
    ("chr", "chr({0})", [(I4, "65")]),
    ("chr", "chr({0})", [(I4, "0")]),
    ("chr", "chr({0})", [(I4, "1114112")]),
    ("chr", "chr({0})", [(I4, "55296")]),
    ("md5_text", "md5({0})", [(T, "abc")]),
    ("md5_bytea", "md5({0})", [(BY, "\\x616263")]),
    ("sha256_bytea", "sha256({0})", [(BY, "abc")]),
    ("binary_encode", "encode({0}, {1})", [(BY, "\\x00ff5c41"), (T, "escape")]),
    ("binary_encode", "encode({0}, {1})", [(BY, "\\x00ff5c41"), (T, "hex")]),
    ("binary_encode", "encode({0}, {1})", [(BY, "\\x" + "ab" * 60), (T, "base64")]),
    ("binary_encode", "encode({0}, {1})", [(BY, "abc"), (T, "foo")]),
    ("binary_decode", "decode({0}, {1})", [(T, "YWJj"), (T, "base64")]),
    ("binary_decode", "decode({0}, {1})", [(T, "YWJ"), (T, "base64")]),
    ("binary_decode", "decode({0}, {1})", [(T, "YW=j"), (T, "base64")]),
    ("binary_decode", "decode({0}, {1})", [(T, "616g"), (T, "hex")]),
    ("binary_decode", "decode({0}, {1})", [(T, "616"), (T, "hex")]),
    ("binary_decode", "decode({0}, {1})", [(T, "a\\\\b\\001"), (T, "escape")]),
    ("to_hex32", "to_hex({0})", [(I4, "-1")]),
    ("to_hex64", "to_hex({0})", [(I8, "255")]),
    ("quote_ident", "quote_ident({0})", [(T, "select")]),
    ("quote_ident", "quote_ident({0})", [(T, "Foo bar")]),
    ("quote_ident", "quote_ident({0})", [(T, "abc_1")]),
    ("quote_ident", "quote_ident({0})", [(T, "name")]),
    ("quote_literal", "quote_literal({0})", [(T, "O'Reilly\\x")]),
    ("text_starts_with", "starts_with({0}, {1})", [(T, "alphabet"), (T, "alph")]),
    ("text_to_array", "string_to_array({0}, {1})", [(T, "1,2,,3"), (T, ",")]),
    ("text_to_array", "string_to_array({0}, {1})", [(T, "abc"), (T, "")]),
    ("text_to_array", "string_to_array({0}, {1})", [(T, ""), (T, ",")]),
    ("text_to_array_null", "string_to_array({0}, {1}, {2})", [(T, "1,*,3"), (T, ","), (T, "*")]),
    ("array_to_text", "array_to_string({0}, {1})", [("int4[]", "{1,NULL,3}"), (T, "-")]),
    ("array_to_text_null", "array_to_string({0}, {1}, {2})", [("text[]", "{a,NULL,c}"), (T, ","), (T, "*")]),
    ("texteq", "{0} = {1}", [(T, "abc"), (T, "abc ")]),
    ("text_lt", "{0} < {1}", [(T, "Z"), (T, "a")]),
    ("text_lt", "{0} < {1}", [(T, "é"), (T, "z")]),
    ("bttextcmp", "bttextcmp({0}, {1})", [(T, "abc"), (T, "abd")]),
    ("bpchareq", "{0} = {1}", [(BP, "abc  "), (BP, "abc")]),
    ("bpcharlt", "{0} < {1}", [(BP, "ab "), (BP, "ab\t")]),
    ("nameeq", "{0} = {1}", [(NM, "abc"), (NM, "abc")]),
    ("namelttext", "{0} < {1}", [(NM, "abc"), (T, "abd")]),
    ("chareq", "{0} = {1}", [(CH, "a"), (CH, "a")]),
    ("byteacat", "{0} || {1}", [(BY, "\\x0102"), (BY, "\\x03")]),
    ("bytealt", "{0} < {1}", [(BY, "\\x01"), (BY, "\\x0100")]),
    ("byteaoctetlen", "length({0})", [(BY, "\\x010203")]),
    ("bytea_substr", "substring({0} from {1} for {2})", [(BY, "\\x0102030405"), (I4, "2"), (I4, "2")]),
    ("byteapos", "position({1} in {0})", [(BY, "\\x0102030405"), (BY, "\\x0304")]),
    ("byteaGetByte", "get_byte({0}, {1})", [(BY, "\\x0102ff"), (I4, "2")]),
    ("byteaGetByte", "get_byte({0}, {1})", [(BY, "\\x0102ff"), (I4, "3")]),
    ("byteaSetByte", "set_byte({0}, {1}, {2})", [(BY, "\\x0102ff"), (I4, "0"), (I4, "64")]),
    ("byteaGetBit", "get_bit({0}, {1})", [(BY, "\\x0102"), (I8, "9")]),
    ("byteaSetBit", "set_bit({0}, {1}, {2})", [(BY, "\\x0102"), (I8, "15"), (I4, "1")]),
    ("byteaSetBit", "set_bit({0}, {1}, {2})", [(BY, "\\x0102"), (I8, "15"), (I4, "2")]),
    ("byteatrim", "btrim({0}, {1})", [(BY, "\\x0001020100"), (BY, "\\x00")]),
    ("byteaoverlay", "overlay({0} placing {1} from {2} for {3})", [(BY, "\\x0102030405"), (BY, "\\xaabb"), (I4, "2"), (I4, "3")]),
]:
    add(c(fn, tmpl, *args))

# ---- pattern matching ---------------------------------------------------------------------
for s, p in (("abc", "a%"), ("abc", "_b_"), ("abc", "a\\%"), ("a%c", "a\\%c"), ("ABC", "a%"),
             ("abc", "%c%"), ("", "%"), ("abc", "abc\\"), ("ab", "a\\"), ("xyz", "%\\"),
             ("a_c", "a\\_c"), ("abc", "%%%c")):
    add(c("textlike", "{0} LIKE {1}", (T, s), (T, p)))
    add(c("texticlike", "{0} ILIKE {1}", (T, s), (T, p)))
for p, e in (("a#%b\\c", "#"), ("a%", ""), ("ab", "##"), ("a#", "#"), ("a\\b", "\\")):
    add(c("like_escape", "like_escape({0}, {1})", (T, p), (T, e)))
for p, e in (("a%b_(c|d)*\"x", "\\"), ("%#\"o_b#\"%", "#"), ("[a-c]%", "\\"), ("a.b$^", "\\"),
             ("a#\"b#\"c#\"d#\"", "#"), ("abc", "ab")):
    add(c("similar_to_escape_2", "similar_to_escape({0}, {1})", (T, p), (T, e)))
for s, p in (("abc", "^a.c$"), ("abc", "B"), ("a\nb", "a.b"), ("a\nb", "a$"), ("foo bar", "\\mbar"),
             ("foobar", "bar\\M"), ("abc", "[[:alpha:]]+$"), ("a1", "^[[:alpha:]][[:digit:]]$"),
             ("abc", "(a)\\1"), ("aa", "(a)\\1"), ("x", "a{"), ("abc", "a|ab"), ("tab\t", "\\t$"),
             ("ab", "(?i)AB"), ("a.c", "***=a.c"), ("abc", "***=a.c"), ("a]b", "[]]"), ("a-b", "[a\\-]b"),
             ("Ab", "[^a-z]b")):
    add(c("textregexeq", "{0} ~ {1}", (T, s), (T, p)))
    add(c("texticregexeq", "{0} ~* {1}", (T, s), (T, p)))
for s, p in (("abc", "(b"), ("abc", "[b"), ("abc", "*a"), ("abc", "\\q"), ("abc", "a{3,2}")):
    add(c("textregexeq", "{0} ~ {1}", (T, s), (T, p)))
for s, p in (("foobar", "o.b"), ("foobar", "o(.)b"), ("foobar", "x"), ("Thomas", "...$"),
             ("foobarfoobar", "^(?:.*){1,1}?(o.b){1,1}(?:.*)$"), ("abc", "(x)?b")):
    add(c("textregexsubstr", "substring({0} from {1})", (T, s), (T, p)))
for s, p, r, f in (("abcabc", "b", "X", ""), ("abcabc", "b", "X", "g"), ("abc", "(b)", "[\\1\\&\\\\]", "g"),
                   ("ABC", "b", "x", "gi"), ("abc", "", "X", "g"), ("a\nb\nc", "^", "> ", "gn"),
                   ("abc", "b", "x", "z"), ("hello world", "(\\w+) (\\w+)", "\\2 \\1", "")):
    add(c("textregexreplace", "regexp_replace({0}, {1}, {2}, {3})", (T, s), (T, p), (T, r), (T, f)))
for s, p, r, st, n in (("abcabcabc", "b", "X", "2", "2"), ("abcabcabc", "b", "X", "1", "0"),
                       ("abcabc", "b", "X", "0", "1"), ("abcabc", "b", "X", "5", "1")):
    add(c("textregexreplace_extended_no_flags", "regexp_replace({0}, {1}, {2}, {3}, {4})",
          (T, s), (T, p), (T, r), (I4, st), (I4, n)))
for s, p, f in (("foobarbequebaz", "(bar)(beque)", ""), ("abc", "x", ""), ("abc", "b", "g"),
                ("aXbx", "x", "i"), ("abc", "(a)|(z)", "")):
    add(c("regexp_match", "regexp_match({0}, {1}, {2})", (T, s), (T, p), (T, f)))
for s, p, f in (("a b  c", "\\s+", ""), ("abc", "", ""), ("a b  c", "\\s*", ""), ("abc", "b", "g"),
                (",a,", ",", "")):
    add(c("regexp_split_to_array", "regexp_split_to_array({0}, {1}, {2})", (T, s), (T, p), (T, f)))
for s, p, st, f in (("ABCABCAXYaxy", "A.", "1", "i"), ("abcabc", "b", "3", ""), ("abc", "b", "0", "")):
    add(c("regexp_count", "regexp_count({0}, {1}, {2}, {3})", (T, s), (T, p), (I4, st), (T, f)))
add(c("regexp_instr", "regexp_instr({0}, {1}, {2}, {3}, {4}, {5}, {6})", (T, "ABCDEFGHI"),
      (T, "(c..)(...)"), (I4, "1"), (I4, "1"), (I4, "0"), (T, "i"), (I4, "2")))
add(c("regexp_substr", "regexp_substr({0}, {1}, {2}, {3}, {4}, {5})", (T, "ABCDEFGHI"),
      (T, "(c..)(...)"), (I4, "1"), (I4, "1"), (T, "i"), (I4, "2")))
add(c("regexp_like", "regexp_like({0}, {1}, {2})", (T, "Hello"), (T, "hel"), (T, "i")))

# ---- bool / uuid / hashes ----------------------------------------------------------------------
add(c("boollt", "{0} < {1}", (B, "false"), (B, "true")))
add(c("btboolcmp", "btboolcmp({0}, {1})", (B, "true"), (B, "false")))
add(c("uuid_lt", "{0} < {1}", ("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
      ("uuid", "b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")))
for fn, t, v in (("hashint4", I4, "42"), ("hashint8", I8, "-42"), ("hashint2", I2, "-1"),
                 ("hashtext", T, "hello"), ("hashbpchar", BP, "hi  "), ("hashfloat8", F8, "2.5"),
                 ("hashfloat4", F4, "2.5"), ("hashfloat8", F8, "-0"), ("hashoid", "oid", "3000000000"),
                 ("hashname", NM, "pg_class"), ("uuid_hash", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                 ("hashchar", CH, "z")):
    add(c(fn, f"{fn}({{0}})", (t, v)))

# ---- functions over "any" (need ctx.argtypes) ----------------------------------------------
for tmpl, args in [
    ("format({0}, {1}, {2})", [(T, "Hello %s, %I and %L"), (T, "World"), (T, "Tab le")]),
    ("format({0}, {1}, {2}, {3})", [(T, "%s %I %L"), (I4, "42"), (T, "x"), (N, "1.50")]),
    ("format({0}, {1}, {2})", [(T, "%2$s %1$s %s"), (T, "a"), (T, "b")]),
    ("format({0}, {1})", [(T, "|%10s|%-10s|"), (T, "x")]),
    ("format({0}, {1}, {2})", [(T, "|%*s|"), (I4, "-6"), (T, "ab")]),
    ("format({0}, {1})", [(T, "%L %s"), (T, "O'x")]),
    ("format({0}, {1})", [(T, "%s %s"), (T, "one")]),
    ("format({0}, {1})", [(T, "%z"), (T, "one")]),
    ("format({0}, {1})", [(T, "%0$s"), (T, "one")]),
    ("format({0}, {1})", [(T, "abc %"), (T, "one")]),
    ("format({0}, {1})", [(T, "%I"), ("text", "select")]),
    ("format({0}, {1}, {2})", [(T, "%s|%L"), (F8, "1.5"), (B, "true")]),
    ("format({0}, {1})", [(T, "%s"), ("int4[]", "{1,2}")]),
]:
    add(c("text_format", tmpl, *args))
add(c("text_format_nv", "format({0})", (T, "100%% sure")))
add(c("text_concat", "concat({0}, {1}, {2})", (T, "a"), (I4, "1"), (N, "2.50")))
add(c("text_concat", "concat({0}, {1})", (B, "t"), (F4, "1.1")))
add(c("text_concat_ws", "concat_ws({0}, {1}, {2}, {3})", (T, ","), (T, "a"), (I8, "12"), (BY, "\\x01")))
add(c("text_format", "format({0}, {1}, {2})", (T, "%L|%s|"), (T, None), (I4, None)))
add(c("text_format", "format({0}, {1})", (T, "%I"), (T, None)))
add(c("text_concat", "concat({0}, {1}, {2})", (T, "a"), (T, None), (T, "b")))
add(c("text_concat_ws", "concat_ws({0}, {1}, {2})", (T, None), (T, "a"), (T, "b")))
add(c("quote_nullable", "quote_nullable({0})", (T, None)))
add(c("text_to_array", "string_to_array({0}, {1})", (T, "abc"), (T, None)))
add(c("text_to_array_null", "string_to_array({0}, {1}, {2})", (T, "a,b"), (T, ","), (T, None)))
add(c("array_to_text_null", "array_to_string({0}, {1}, {2})", ("text[]", "{a,NULL}"), (T, "-"), (T, None)))
add(c("similar_escape", "similar_escape({0}, {1})", (T, "a%"), (T, None)))

# ---- aggregates: (name, argument types, rows of argument texts) ----------------------------
INTS = [["1"], ["2"], [None], ["4"], ["7"]]
NUMS = [["1.5"], ["2.25"], [None], ["7"], ["-0.125"]]
FLTS = [["1.5"], ["2.25"], [None], ["7"], ["-0.125"]]
AGG_CASES = []
for name in ("count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "variance", "var_pop",
             "var_samp", "stddev_samp", "bit_and", "bit_or", "bit_xor"):
    for t, rows in ((I2, INTS), (I4, INTS), (I8, INTS), (N, NUMS), (F4, FLTS), (F8, FLTS)):
        if name.startswith("bit_") and t in (N, F4, F8):
            continue
        AGG_CASES.append((name, [t], rows))
        AGG_CASES.append((name, [t], []))
        AGG_CASES.append((name, [t], rows[:1]))
AGG_CASES += [
    ("sum", [I8], [["9223372036854775807"], ["1"]]),
    ("sum", [I4], [["2147483647"], ["1"]]),
    ("sum", [F8], [["1e308"], ["1e308"]]),
    ("sum", [N], [["NaN"], ["1"]]),
    ("sum", [N], [["Infinity"], ["-Infinity"]]),
    ("avg", [N], [["Infinity"], ["1"]]),
    ("stddev", [N], [["Infinity"], ["1"]]),
    ("avg", [F8], [["Infinity"], ["1"]]),
    ("variance", [F8], [["Infinity"], ["1"]]),
    ("min", [T], [["b"], ["a"], [None], ["é"]]),
    ("max", [T], [["b"], ["a"], [None], ["é"]]),
    ("max", [BP], [["b "], ["a"]]),
    ("min", ["oid"], [["3"], ["4000000000"]]),
    ("max", [F8], [["NaN"], ["Infinity"]]),
    ("min", [N], [["NaN"], ["1.0"], ["1"]]),
    ("count", ["text"], [["a"], [None], [None]]),
    ("bool_and", [B], [["t"], [None], ["f"]]),
    ("bool_or", [B], [["f"], [None], ["f"]]),
    ("every", [B], []),
    ("array_agg", [I4], [["3"], [None], ["1"]]),
    ("array_agg", [T], []),
    ("array_agg", ["int4[]"], [["{1,2}"], ["{3,4}"]]),
    ("array_agg", ["int4[]"], [["{1,2}"], ["{3}"]]),
    ("string_agg", [T, T], [["a", ","], ["b", ";"], [None, "-"], ["c", None]]),
    ("string_agg", [T, T], [[None, ","]]),
    ("string_agg", [BY, BY], [["\\x01", "\\xff"], ["\\x02", "\\xff"]]),
    ("regr_count", [F8, F8], [["1", "2"], ["2", "4"], [None, "1"], ["3", "7"]]),
    ("regr_slope", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
    ("regr_intercept", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
    ("corr", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
    ("covar_pop", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
    ("covar_samp", [F8, F8], [["1", "2"]]),
    ("regr_r2", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
    ("regr_avgx", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
    ("regr_sxx", [F8, F8], [["1", "2"], ["2", "4"], ["3", "7"]]),
]

# ---- support functions --------------------------------------------------------------------
for fn, tmpl, args in [
    ("in_range_int4_int4", "in_range({0}, {1}, {2}, {3}, {4})", [(I4, "5"), (I4, "2147483647"), (I4, "10"), (B, "f"), (B, "t")]),
    ("in_range_int4_int4", "in_range({0}, {1}, {2}, {3}, {4})", [(I4, "5"), (I4, "3"), (I4, "-1"), (B, "f"), (B, "t")]),
    ("in_range_int8_int8", "in_range({0}, {1}, {2}, {3}, {4})", [(I8, "5"), (I8, "8"), (I8, "2"), (B, "t"), (B, "f")]),
    ("in_range_float8_float8", "in_range({0}, {1}, {2}, {3}, {4})", [(F8, "NaN"), (F8, "1"), (F8, "2"), (B, "t"), (B, "t")]),
    ("in_range_float8_float8", "in_range({0}, {1}, {2}, {3}, {4})", [(F8, "1"), (F8, "Infinity"), (F8, "Infinity"), (B, "t"), (B, "t")]),
    ("in_range_numeric_numeric", "in_range({0}, {1}, {2}, {3}, {4})", [(N, "1.5"), (N, "1"), (N, "0.5"), (B, "f"), (B, "t")]),
    ("in_range_numeric_numeric", "in_range({0}, {1}, {2}, {3}, {4})", [(N, "1.5"), (N, "1"), (N, "NaN"), (B, "f"), (B, "t")]),
    ("unicode_normalize_func", "pg_catalog.normalize({0}, {1})", [(T, "e\u0301"), (T, "NFC")]),
    ("unicode_normalize_func", "pg_catalog.normalize({0}, {1})", [(T, "x"), (T, "foo")]),
    ("unistr", "unistr({0})", [(T, "\\D800x")]),
    ("unistr", "unistr({0})", [(T, "\\0000")]),
    ("unistr", "unistr({0})", [(T, "d\\0061t\\+000061 \\u00e9\\\\")]),
    ("unistr", "unistr({0})", [(T, "\\zz")]),
    ("bytea_bit_count", "bit_count({0})", [(BY, "\\x0f01")]),
    ("bytealtrim", "ltrim({0}, {1})", [(BY, "\\x000102"), (BY, "\\x00")]),
    ("parse_ident", "parse_ident({0})", [(T, 'a."B c".d')]),
    ("parse_ident", "parse_ident({0})", [(T, "a.b c")]),
    ("parse_ident", "parse_ident({0}, {1})", [(T, "a.b c"), (B, "f")]),
    ("nameconcatoid", "nameconcatoid({0}, {1})", [(NM, "x" * 63), ("oid", "12345")]),
]:
    add(c(fn, tmpl, *args))

# ---- to_char for numbers -------------------------------------------------------------------
for v in ("0", "-1", "0.5", "-12.345", "485", "1234567.89", "0.0001", "148.5", "-99999", "4000"):
    for f in ("999", "999.9", "9.99", "0999.90", "FM999.99", "FM9990.00", "9G999D99", "S999", "999MI",
              "PL999", "SG999", "999PR", "FMRN", "9.99EEEE", "FM0.999", '"Val: "999', "9999V99",
              "FM.999", "B999"):
        add(c("numeric_to_char", "to_char({0}, {1})", (N, v), (T, f)))
        add(c("float8_to_char", "to_char({0}, {1})", (F8, v), (T, f)))
        if "." not in v:
            add(c("int8_to_char", "to_char({0}, {1})", (I8, v), (T, f)))
            add(c("int4_to_char", "to_char({0}, {1})", (I4, v), (T, f)))
add(c("float4_to_char", "to_char({0}, {1})", (F4, "123.456789"), (T, "999.9999")))
add(c("numeric_to_char", "to_char({0}, {1})", (N, "NaN"), (T, "999.99")))
add(c("numeric_to_char", "to_char({0}, {1})", (N, "1"), (T, "9.9.9")))
add(c("numeric_to_char", "to_char({0}, {1})", (N, "1"), (T, "S9S")))
for fn, t, v in (("hashint4extended", I4, "42"), ("hashint8extended", I8, "-42"), ("hashint2extended", I2, "-1"),
                 ("hashtextextended", T, "hello world, long enough"), ("hashbpcharextended", BP, "hi  "),
                 ("hashfloat8extended", F8, "2.5"), ("hashfloat4extended", F4, "2.5"), ("hashfloat8extended", F8, "0"),
                 ("hashoidextended", "oid", "3000000000"), ("hashnameextended", NM, "pg_class"),
                 ("uuid_hash_extended", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), ("hashcharextended", CH, "z")):
    for seed in ("0", "1", "-8816678312871386365"):
        add(c(fn, f"{fn}({{0}}, {{1}})", (t, v), (I8, seed)))
for v in ("0", "1", "1.5", "12345.678", "-0.00012", "100000000", "NaN", "1e-30", "1.000", "-Infinity"):
    add(c("hash_numeric", "hash_numeric({0})", (N, v)))
    add(c("hash_numeric_extended", "hash_numeric_extended({0}, {1})", (N, v), (I8, "5")))
for s, p in (("foo bar", "[[:<:]]bar"), ("foobar", "[[:<:]]bar"), ("a\u00e9", "\\w\\w"), ("\u00e9", "[[:alpha:]]"),
             ("abcabc", "(a)(b)(c)\\1"), ("xyz", "(?<=x)y"), ("aBc", "(?c)abc"), ("a\nb", "(?n)^b"),
             ("a\nb", "(?n)a.b"), ("a b", "(?x) a \\  b"), ("abc", "[[.a.]]bc"), ("^a", "[\\^]a")):
    add(c("textregexeq", "{0} ~ {1}", (T, s), (T, p)))
    add(c("texticregexeq", "{0} ~* {1}", (T, s), (T, p)))
for t, f in (("-34,338,492", "99G999G999"), ("-34,338,492.654,878", "99G999G999D999G999"),
             ("<564646.654564>", "999999.999999PR"), ("0.00001-", "9.999999S"), ("5.01-", "FM9.999999S"),
             ("5.01-", "FM9.999999MI"), ("5 4 4 4 4 8 . 7 8", "9 9 9 9 9 9 . 9 9"), (".01", "FM9.99"),
             (".0", "99999999.99999999"), ("0", "99.99"), (".-01", "S99.99"), (".01-", "99.99S"),
             (" . 0 1-", " 9 9 . 9 9 S"), ("34,50", "999,99"), ("123,000", "999G"), ("123456", "999G999"),
             ("$1234.56", "L9,999.99"), ("$1,234.56", "L99,999.99"), ("1234.56", "L99,999.99"),
             ("42nd", "99th"), ("1x2", "9,9"), ("1x2", "9x9"), ("", "99"), ("12.5", "99V9"), ("1e3", "9EEEE"),
             ("1234", "99"), ("12", "9.9"), ("1.2.3", "9.9.9")):
    add(c("numeric_to_number", "to_number({0}, {1})", (T, t), (T, f)))
for v, f in (("1", "999th"), ("2", "FM999TH"), ("11", "999th"), ("23", "FM999th"), ("-1", "999th"),
             ("1.5", "9.9th"), ("12", "L99"), ("-12.5", "99L.9")):
    add(c("numeric_to_char", "to_char({0}, {1})", (N, v), (T, f)))

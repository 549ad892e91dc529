"""Stand-ins for the C functions of PostgreSQL 15's src/test/regress/regress.c
(library ``regress``), keyed by their C symbol (spec/12-functions.md,
"LANGUAGE C").

Reproduced: binary_coercible, reverse_name, overpaid, widget_in/widget_out,
int44in/int44out, test_canonicalize_path, test_atomic_ops, test_enc_setup,
test_valid_server_encoding, test_bytea_to_text, test_text_to_bytea,
get_columns_length.  The other symbols regress.c exports are declared, so
CREATE FUNCTION accepts them as PostgreSQL does, and raise 0A000 if called
(triggers, TOAST indirection, pglz, wide-character conversion, the support
function and FDW handler, environment and process helpers).
"""
from __future__ import annotations

import re
import threading

from pgref.errors import INVALID_TEXT_REPRESENTATION, PgError
from pgref.regresslib import declare_unsupported, symbol

LIB = "regress"


@symbol(LIB, "binary_coercible", ctx=True)
def binary_coercible(ctx, source: int, target: int) -> bool:
    """IsBinaryCoercible(srctype, targettype)."""
    cat = ctx.cat
    if source == target:
        return True
    from pgref.analyzer import coerce as C
    if target == C.ANY:
        return True
    src = C.base_type(cat, source)
    if src == target:
        return True
    t = cat.typeinfo(src)
    if target == C.ANYARRAY and t is not None and t.category == "A" and t.elem:
        return True
    if target == C.ANYNONARRAY and not (t is not None and t.category == "A" and t.elem):
        return True
    if target == C.ANYENUM and t is not None and t.typtype == "e":
        return True
    if target == C.RECORD and t is not None and t.typtype == "c":
        return True
    if target == 2287 and t is not None and t.category == "A":      # record[] from composite arrays
        et = cat.typeinfo(t.elem)
        return et is not None and et.typtype == "c"
    c = cat.cast(src, target)
    return c is not None and c.method == "b" and c.context == "i"


@symbol(LIB, "reverse_name")
def reverse_name(s: str) -> str:
    return s[:63][::-1]


@symbol(LIB, "overpaid", ctx=True)
def overpaid(ctx, row) -> bool | None:
    """overpaid(emp): salary > 699 (GetAttributeByName(tuple, "salary"))."""
    names = getattr(row, "colnames", None)
    salary = None
    if names is not None and "salary" in names:
        salary = row[list(names).index("salary")]
    else:
        cat = ctx.cat
        rel = next((r for r in cat.relations.values() if r.name == "emp"), None)
        if rel is None:
            raise PgError("42703", 'attribute "salary" does not exist')
        cols = [c.name for c in rel.live_columns()]
        salary = row[cols.index("salary")]
    if salary is None:
        return None
    return salary > 699


_WIDGET_ERROR = 'invalid input syntax for type {}: "{}"'


@symbol(LIB, "widget_in", ctx=True)
def widget_in(ctx, text: str, typioparam: int = 0, typmod: int = -1):
    """'(x,y,r)': the three coordinates after '(' and each ','."""
    coords = []
    for k, ch in enumerate(text):
        if len(coords) >= 3 or ch == ")":
            break
        if ch == "," or (ch == "(" and len(coords) == 0):
            coords.append(k + 1)
    if len(coords) < 3:
        raise PgError(INVALID_TEXT_REPRESENTATION, _WIDGET_ERROR.format("widget", text))
    return tuple(_atof(text[p:]) for p in coords)


def _atof(s: str) -> float:
    m = re.match(r"\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf(inity)?|nan)", s, re.I)
    return float(m.group(0)) if m else 0.0


def _g(x: float) -> str:
    """C's %g."""
    return "%g" % x


@symbol(LIB, "widget_out", ctx=True)
def widget_out(ctx, w) -> str:
    x, y, r = w
    return f"({_g(x)},{_g(y)},{_g(r)})"


@symbol(LIB, "int44in", ctx=True)
def int44in(ctx, text: str, typioparam: int = 0, typmod: int = -1):
    """sscanf(str, "%d, %d, %d, %d"); missing fields are 0."""
    out = []
    rest = text
    for k in range(4):
        m = re.match(r"\s*([+-]?\d+)", rest)
        if m is None:
            break
        out.append(_int32(int(m.group(1))))
        rest = rest[m.end():]
        if k < 3:
            m2 = re.match(r"\s*,", rest)
            if m2 is None:
                break
            rest = rest[m2.end():]
    while len(out) < 4:
        out.append(0)
    return tuple(out)


def _int32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


@symbol(LIB, "int44out", ctx=True)
def int44out(ctx, v) -> str:
    return ",".join(str(x) for x in v)


@symbol(LIB, "test_canonicalize_path")
def test_canonicalize_path(path: str) -> str:
    """canonicalize_path (src/port/path.c) on a Unix path."""
    absolute = path.startswith("/")
    parts: list[str] = []
    for comp in path.split("/"):
        if comp in ("", "."):
            continue
        if comp == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not absolute:
                parts.append("..")
            continue
        parts.append(comp)
    if absolute:
        return "/" + "/".join(parts)
    return "/".join(parts) or "."


@symbol(LIB, "test_atomic_ops")
def test_atomic_ops() -> bool:
    """regress.c checks PostgreSQL's C atomics (flags, 32/64-bit
    fetch-add, compare-exchange).  pgref has no C atomics; it checks the
    same arithmetic contracts on its own lock-protected counters, which
    is what its shared state uses, and reports true only if they hold."""
    lock = threading.Lock()
    state = {"flag": False, "u32": 0, "u64": 0}

    def test_and_set():
        with lock:
            was = state["flag"]
            state["flag"] = True
            return not was

    def fetch_add(key, add, bits):
        with lock:
            old = state[key]
            state[key] = (old + add) % (1 << bits)
            return old

    def cas(key, expected, new):
        with lock:
            if state[key] == expected:
                state[key] = new
                return True, expected
            return False, state[key]

    ok = test_and_set() and not test_and_set()
    state["flag"] = False
    ok = ok and test_and_set()
    ok = ok and fetch_add("u32", 10, 32) == 0 and fetch_add("u32", 2 ** 32 - 10, 32) == 10 and state["u32"] == 0
    ok = ok and fetch_add("u64", 2 ** 63, 64) == 0 and fetch_add("u64", 2 ** 63, 64) == 2 ** 63 \
        and state["u64"] == 0
    swapped, _ = cas("u32", 0, 5)
    not_swapped, seen = cas("u32", 0, 7)
    ok = ok and swapped and not not_swapped and seen == 5
    if not ok:
        raise PgError("XX000", "atomic operation tests failed")
    return True


@symbol(LIB, "test_enc_setup")
def test_enc_setup() -> str:
    """regress.c checks its encoding-conversion tables; pgref's only
    server encoding is UTF8, whose checks hold trivially."""
    return ""


_ENCODINGS = {"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
              "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9",
              "LATIN10", "WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252",
              "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254",
              "WIN1255", "WIN1257", "KOI8U"}


@symbol(LIB, "test_valid_server_encoding")
def test_valid_server_encoding(name: str) -> bool:
    """pg_valid_server_encoding(name) >= 0."""
    return name.upper().replace("-", "").replace("_", "") in {e.replace("_", "") for e in _ENCODINGS}


@symbol(LIB, "test_bytea_to_text")
def test_bytea_to_text(b: bytes) -> str:
    return b.decode("utf-8")


@symbol(LIB, "test_text_to_bytea")
def test_text_to_bytea(s: str) -> bytes:
    return s.encode("utf-8")


@symbol(LIB, "get_columns_length", ctx=True)
def get_columns_length(ctx, oids) -> int:
    """The sum of the typlen of the given types (all must be fixed-length)."""
    total = 0
    for oid in oids.elements:
        t = ctx.cat.typeinfo(oid)
        if t is None or t.typlen < 0:
            raise PgError("XX000", f"type {oid} is not fixed-length")
        total += t.typlen
    return total


declare_unsupported(
    LIB, "interpt_pp", "pt_in_widget", "ttdummy", "set_ttdummy", "trigger_return_old", "make_tuple_indirect",
    "regress_setenv", "wait_pid", "test_support_func", "test_opclass_options_func", "test_enc_conversion",
    "test_fdw_handler", "test_pglz_compress", "test_pglz_decompress", "test_mblen_func", "test_text_to_wchars",
    "test_wchars_to_text", "test_relpath", "get_environ", "is_catalog_text_unique_index_oid")

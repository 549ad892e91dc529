"""jsonb: parsed, canonical JSON (PostgreSQL's utils/adt/jsonb.c, jsonb_util.c).

Where it sits: ``types/io/`` (spec/03-types.md, "json and jsonb").  A jsonb
datum is a :class:`Jsonb` wrapping its root value (the wrapper tells the
JSON ``null`` document apart from SQL NULL, which is Python ``None``):

    JSON          Python inside Jsonb.root
    ------------  ---------------------------------------------------------
    null          None
    true/false    bool
    number        decimal.Decimal, as numeric_in() reads the token (its
                  exponent is the display scale: 1.50 stays 1.50, 1e2 is 100)
    string        str (escapes decoded; never contains U+0000)
    array         list
    object        dict whose insertion order is jsonb's canonical key order:
                  by UTF-8 length, then bytes (INV-TYPES-JSONB-1); a
                  duplicated key keeps its last value

Guarantees: ``jsonb_out`` prints exactly as JsonbToCString (``{"a": 1, "b":
[1, 2]}``); ``Jsonb`` objects compare, sort and hash as jsonb's btree and
hash opclasses do (:func:`compare`, INV-TYPES-JSONB-2); the binary wire
format is version byte 1 + text; on disk a jsonb is PostgreSQL's own
JsonbContainer tree (:func:`encode_container` / :func:`decode_container`).

Entry points: Jsonb, from_parsed(), to_text(), to_pretty(), compare(),
jsonb_type_name(), the fmgr builtins jsonb_in/out/recv/send, jsonb_cmp and
friends, jsonb_hash(_extended), and the casts jsonb_bool/numeric/int2/
int4/int8/float4/float8.
"""
from __future__ import annotations

import struct
from decimal import Decimal
from typing import Any

from pgref.errors import INTERNAL_ERROR, INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.common import check_text, decode_utf8

JB_FSCALAR = 0x10000000
JB_FOBJECT = 0x20000000
JB_FARRAY = 0x40000000
JB_CMASK = 0x0FFFFFFF

JENTRY_OFFLENMASK = 0x0FFFFFFF
JENTRY_TYPEMASK = 0x70000000
JENTRY_HAS_OFF = 0x80000000
JENTRY_ISSTRING = 0x00000000
JENTRY_ISNUMERIC = 0x10000000
JENTRY_ISBOOL_FALSE = 0x20000000
JENTRY_ISBOOL_TRUE = 0x30000000
JENTRY_ISNULL = 0x40000000
JENTRY_ISCONTAINER = 0x50000000
JB_OFFSET_STRIDE = 32


def key_order(k: str) -> tuple[int, bytes]:
    """lengthCompareJsonbString(): shorter keys first, then by bytes."""
    b = k.encode("utf-8")
    return (len(b), b)


def canonical_object(pairs) -> dict:
    """A dict in canonical key order; for duplicate keys the last wins."""
    d = {}
    for k, v in pairs:
        d[k] = v
    return {k: d[k] for k in sorted(d, key=key_order)}


class Jsonb:
    """A jsonb value.  Equality, ordering and hashing are jsonb's own."""
    __slots__ = ("root",)

    def __init__(self, root: Any):
        self.root = root

    def is_scalar(self) -> bool:
        return not isinstance(self.root, (list, dict))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Jsonb) and compare(self, other) == 0

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __lt__(self, other: "Jsonb") -> bool:
        return compare(self, other) < 0

    def __le__(self, other: "Jsonb") -> bool:
        return compare(self, other) <= 0

    def __gt__(self, other: "Jsonb") -> bool:
        return compare(self, other) > 0

    def __ge__(self, other: "Jsonb") -> bool:
        return compare(self, other) >= 0

    def __hash__(self) -> int:
        return hash(_hashable(self.root))

    def __repr__(self) -> str:
        return f"Jsonb({to_text(self.root)})"


def _hashable(v: Any) -> Any:
    if isinstance(v, dict):
        return ("o",) + tuple((k, _hashable(x)) for k, x in v.items())
    if isinstance(v, list):
        return ("a",) + tuple(_hashable(x) for x in v)
    if isinstance(v, bool):
        return ("b", v)
    return v


# ---------------------------------------------------------------- building

def _number(text: str) -> Decimal:
    from pgref.types.io.numeric import numeric_in_text
    return numeric_in_text(text)


def from_parsed(v: Any) -> Any:
    """The canonical root value of a document produced by json_parse()."""
    from pgref.types.io.json import JsonNumber, JsonPairs
    if isinstance(v, JsonPairs):
        return canonical_object((k, from_parsed(x)) for k, x in v)
    if isinstance(v, list):
        return [from_parsed(x) for x in v]
    if isinstance(v, JsonNumber):
        return _number(v)
    return v


def parse(text: str) -> Jsonb:
    from pgref.types.io.json import json_parse
    return Jsonb(from_parsed(json_parse(text)))


# ---------------------------------------------------------------- printing

def _scalar_text(v: Any) -> str:
    from pgref.types.funcs.json_funcs import escape_json
    from pgref.types.io.numeric import numeric_out_text
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return escape_json(v)
    return numeric_out_text(v)


def to_text(v: Any) -> str:
    """JsonbToCString(): ', ' between items, ': ' after keys."""
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            out.append("{")
            first = True
            for k, y in x.items():
                if not first:
                    out.append(", ")
                first = False
                out.append(_scalar_text(k))
                out.append(": ")
                walk(y)
            out.append("}")
        elif isinstance(x, list):
            out.append("[")
            for i, y in enumerate(x):
                if i:
                    out.append(", ")
                walk(y)
            out.append("]")
        else:
            out.append(_scalar_text(x))
    walk(v)
    return "".join(out)


def to_pretty(v: Any) -> str:
    """JsonbToCStringIndent(): four spaces per level, one item per line
    (an empty container still opens and closes on two lines)."""
    out: list[str] = []

    def walk(x: Any, level: int) -> None:
        pad = "    " * (level + 1)
        if isinstance(x, dict):
            out.append("{")
            for i, (k, y) in enumerate(x.items()):
                out.append(("," if i else "") + "\n" + pad + _scalar_text(k) + ": ")
                walk(y, level + 1)
            out.append("\n" + "    " * level + "}")
        elif isinstance(x, list):
            out.append("[")
            for i, y in enumerate(x):
                out.append(("," if i else "") + "\n" + pad)
                walk(y, level + 1)
            out.append("\n" + "    " * level + "]")
        else:
            out.append(_scalar_text(x))
    walk(v, 0)
    return "".join(out)


# ---------------------------------------------------------------- comparison

def _rank(v: Any) -> int:
    """JsonbValue type order: null < string < numeric < bool < array < object."""
    if v is None:
        return 0
    if isinstance(v, bool):
        return 3
    if isinstance(v, str):
        return 1
    if isinstance(v, Decimal):
        return 2
    if isinstance(v, list):
        return 4
    return 5


def _cmp(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


def compare_values(a: Any, b: Any) -> int:
    """compareJsonbContainers() below the root: containers by their size
    first, then item by item (object pairs in canonical key order, keys
    compared as text in the C collation)."""
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 0:
        return 0
    if ra in (1, 3):
        return _cmp(a, b)
    if ra == 2:
        return _cmp(a, b)
    if len(a) != len(b):
        return -1 if len(a) < len(b) else 1
    if ra == 4:
        for x, y in zip(a, b):
            c = compare_values(x, y)
            if c:
                return c
        return 0
    for (ka, va), (kb, vb) in zip(a.items(), b.items()):
        c = _cmp(ka, kb)
        if c:
            return c
        c = compare_values(va, vb)
        if c:
            return c
    return 0


def compare(a: Jsonb, b: Jsonb) -> int:
    """jsonb_cmp() (INV-TYPES-JSONB-2).  A scalar document is PostgreSQL's
    one-element "raw scalar" array: against a real array the element counts
    decide first, then the scalar sorts lower; against an object it is an
    array, so lower."""
    sa, sb = a.is_scalar(), b.is_scalar()
    if sa and sb:
        return compare_values(a.root, b.root)
    if sa or sb:
        other = b.root if sa else a.root
        if isinstance(other, list):
            if len(other) != 1:
                res = 1 if len(other) < 1 else -1
            else:
                res = -1
            return res if sa else -res
        return -1 if sa else 1
    return compare_values(a.root, b.root)


@builtin("jsonb_cmp")
def jsonb_cmp(a: Jsonb, b: Jsonb) -> int:
    return compare(a, b)


builtin("jsonb_eq")(lambda a, b: compare(a, b) == 0)
builtin("jsonb_ne")(lambda a, b: compare(a, b) != 0)
builtin("jsonb_lt")(lambda a, b: compare(a, b) < 0)
builtin("jsonb_le")(lambda a, b: compare(a, b) <= 0)
builtin("jsonb_gt")(lambda a, b: compare(a, b) > 0)
builtin("jsonb_ge")(lambda a, b: compare(a, b) >= 0)


def _walk_tokens(v: Any):
    """JsonbIteratorNext() over the whole tree: ('A'|'O') at each container
    start, ('S', scalar) for every key and scalar value."""
    if isinstance(v, dict):
        yield ("O", None)
        for k, x in v.items():
            yield ("S", k)
            yield from _walk_tokens(x)
    elif isinstance(v, list):
        yield ("A", None)
        for x in v:
            yield from _walk_tokens(x)
    else:
        yield ("S", v)


def _root_tokens(j: Jsonb):
    if j.is_scalar():
        yield ("A", None)          # the raw-scalar pseudo array
        yield ("S", j.root)
    else:
        yield from _walk_tokens(j.root)


@builtin("jsonb_hash")
def jsonb_hash(j: Jsonb) -> int:
    from pgref.types.funcs.misc_funcs import hash_bytes, hash_numeric
    if j.root == [] or j.root == {}:
        return 0                   # JB_ROOT_COUNT(jb) == 0
    h = 0
    for kind, v in _root_tokens(j):
        if kind == "A":
            h ^= JB_FARRAY
            continue
        if kind == "O":
            h ^= JB_FOBJECT
            continue
        if v is None:
            tmp = 0x01
        elif isinstance(v, bool):
            tmp = 0x02 if v else 0x04
        elif isinstance(v, str):
            tmp = hash_bytes(v.encode("utf-8"))
        else:
            tmp = hash_numeric(v) & 0xFFFFFFFF
        h = ((h << 1) | (h >> 31)) & 0xFFFFFFFF
        h ^= tmp
    return h - (1 << 32) if h >= 1 << 31 else h


@builtin("jsonb_hash_extended")
def jsonb_hash_extended(j: Jsonb, seed: int) -> int:
    from pgref.types.funcs.misc_funcs import hash_bytes_extended, hash_numeric_extended, hash_uint32_extended
    m64 = (1 << 64) - 1
    if j.root == [] or j.root == {}:
        return seed
    h = 0
    for kind, v in _root_tokens(j):
        if kind == "A":
            h ^= (JB_FARRAY << 32) | JB_FARRAY
            continue
        if kind == "O":
            h ^= (JB_FOBJECT << 32) | JB_FOBJECT
            continue
        if v is None:
            tmp = (seed + 0x01) & m64
        elif isinstance(v, bool):
            tmp = (hash_uint32_extended(int(v), seed) & m64) if seed else (0x02 if v else 0x04)
        elif isinstance(v, str):
            tmp = hash_bytes_extended(v.encode("utf-8"), seed) & m64
        else:
            tmp = hash_numeric_extended(v, seed) & m64
        h = ((h << 1) & 0xFFFFFFFEFFFFFFFE) | ((h >> 31) & 0x100000001)
        h ^= tmp
    return h - (1 << 64) if h >= 1 << 63 else h


# ---------------------------------------------------------------- I/O

@builtin("jsonb_in", ctx=True)
def jsonb_in(ctx: Any, text: str, typioparam: int = 3802, typmod: int = -1) -> Jsonb:
    return parse(check_text(text))


@builtin("jsonb_out", ctx=True)
def jsonb_out(ctx: Any, value: Jsonb) -> str:
    return to_text(value.root)


@builtin("jsonb_recv", ctx=True)
def jsonb_recv(ctx: Any, data: bytes, typioparam: int = 3802, typmod: int = -1) -> Jsonb:
    if not data or data[0] != 1:
        raise PgError(INTERNAL_ERROR, f"unsupported jsonb version number {data[0] if data else 0}")
    return parse(decode_utf8(data[1:]))


@builtin("jsonb_send", ctx=True)
def jsonb_send(ctx: Any, value: Jsonb) -> bytes:
    return b"\x01" + to_text(value.root).encode("utf-8")


# ---------------------------------------------------------------- casts

def jsonb_type_name(v: Any) -> str:
    """JsonbTypeName() of a value inside a document."""
    return ("null", "string", "number", "boolean", "array", "object")[_rank(v)]


def _scalar_for_cast(j: Jsonb, kind: type, sqltype: str) -> Any:
    v = j.root
    if not isinstance(v, kind):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"cannot cast jsonb {jsonb_type_name(v)} to type {sqltype}")
    return v


@builtin("jsonb_bool")
def jsonb_bool(j: Jsonb) -> bool:
    return _scalar_for_cast(j, bool, "boolean")


@builtin("jsonb_numeric")
def jsonb_numeric(j: Jsonb) -> Decimal:
    return _scalar_for_cast(j, Decimal, "numeric")


def _via_numeric(prosrc: str, sqltype: str):
    def cast(j: Jsonb) -> Any:
        from pgref.types import fmgr
        return fmgr.lookup(prosrc).fn(_scalar_for_cast(j, Decimal, sqltype))
    return cast


builtin("jsonb_int2")(_via_numeric("numeric_int2", "smallint"))
builtin("jsonb_int4")(_via_numeric("numeric_int4", "integer"))
builtin("jsonb_int8")(_via_numeric("numeric_int8", "bigint"))
builtin("jsonb_float4")(_via_numeric("numeric_float4", "real"))
builtin("jsonb_float8")(_via_numeric("numeric_float8", "double precision"))


# ---------------------------------------------------------------- on disk

_U32 = struct.Struct("<I")


def _numeric_datum(d: Decimal) -> bytes:
    """A numeric as numeric_in() returns it: 4-byte varlena header + payload."""
    from pgref.access.common.datum import numeric_encode
    payload = numeric_encode(d)
    return _U32.pack((len(payload) + 4) << 2) + payload


def encode_container(v: Any, scalar: bool = False) -> bytes:
    """convertJsonbValue(): a JsonbContainer (header, JEntries, data)."""
    if isinstance(v, dict):
        items = list(v.keys()) + list(v.values())
        header = len(v) | JB_FOBJECT
    else:
        items = [v] if scalar else v
        header = len(items) | JB_FARRAY | (JB_FSCALAR if scalar else 0)
    data = bytearray()
    entries = []
    for i, x in enumerate(items):
        start = len(data)
        if isinstance(x, (dict, list)):
            data += b"\0" * (-len(data) % 4)
            data += encode_container(x)
            kind = JENTRY_ISCONTAINER
        elif x is None:
            kind = JENTRY_ISNULL
        elif x is True:
            kind = JENTRY_ISBOOL_TRUE
        elif x is False:
            kind = JENTRY_ISBOOL_FALSE
        elif isinstance(x, str):
            data += x.encode("utf-8")
            kind = JENTRY_ISSTRING
        else:
            data += b"\0" * (-len(data) % 4)
            data += _numeric_datum(x)
            kind = JENTRY_ISNUMERIC
        if len(data) > JENTRY_OFFLENMASK:
            from pgref.errors import PROGRAM_LIMIT_EXCEEDED
            raise PgError(PROGRAM_LIMIT_EXCEEDED, "total size of jsonb array elements exceeds the "
                          f"maximum of {JENTRY_OFFLENMASK} bytes")
        if i % JB_OFFSET_STRIDE == 0:
            entries.append(kind | JENTRY_HAS_OFF | len(data))
        else:
            entries.append(kind | (len(data) - start))
    return _U32.pack(header) + b"".join(_U32.pack(e) for e in entries) + bytes(data)


def decode_container(b: bytes, base: int = 0) -> Any:
    """The inverse of encode_container (a top-level raw scalar comes back
    as the bare scalar)."""
    from pgref.access.common.datum import numeric_decode
    (header,) = _U32.unpack_from(b, base)
    count = header & JB_CMASK
    n = count * 2 if header & JB_FOBJECT else count
    entries = [_U32.unpack_from(b, base + 4 + 4 * i)[0] for i in range(n)]
    data = base + 4 + 4 * n
    items = []
    end = 0
    for e in entries:
        start = end
        end = (e & JENTRY_OFFLENMASK) if e & JENTRY_HAS_OFF else start + (e & JENTRY_OFFLENMASK)
        kind = e & JENTRY_TYPEMASK
        if kind == JENTRY_ISSTRING:
            items.append(b[data + start:data + end].decode("utf-8"))
        elif kind == JENTRY_ISNULL:
            items.append(None)
        elif kind == JENTRY_ISBOOL_TRUE:
            items.append(True)
        elif kind == JENTRY_ISBOOL_FALSE:
            items.append(False)
        else:
            p = data + start + (-start % 4)
            if kind == JENTRY_ISNUMERIC:
                (hdr,) = _U32.unpack_from(b, p)
                items.append(numeric_decode(bytes(b[p + 4:p + (hdr >> 2)])))
            else:
                items.append(decode_container(b, p))
    if header & JB_FOBJECT:
        return dict(zip(items[:count], items[count:]))
    if header & JB_FSCALAR:
        return items[0]
    return items


def jsonb_encode(j: Jsonb) -> bytes:
    return encode_container(j.root, scalar=j.is_scalar())


def jsonb_decode(b: bytes) -> Jsonb:
    return Jsonb(decode_container(bytes(b)))

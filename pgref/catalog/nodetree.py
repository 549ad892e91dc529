"""Reading the few pg_node_tree values pgref needs from PostgreSQL's catalog
rows: the default-argument lists of built-in functions (pg_proc.proargdefaults).

Where it sits: ``catalog/`` (spec/04-catalog.md, "Bootstrap data").  The
text is PostgreSQL's nodeToString() output, e.g.
``({CONST :consttype 25 :consttypmod -1 ... :constisnull false :constvalue 5 [ 20 0 0 0 ... ]})``.
Only CONST nodes of a few types are decoded (the datum bytes are little-endian
on the x86-64 machine the dump came from); anything else yields None and the
caller reports 0A000.  ``parse_default_tree`` also reads FUNCEXPR nodes whose
arguments are such constants (``make_interval``'s ``secs => 0.0::float8`` is a
numeric constant under a cast call), returning a small tuple tree the analyzer
turns into expressions.
"""
from __future__ import annotations

import re
import struct

_CONST = re.compile(r"\{CONST :consttype (\d+) .*?:constisnull (true|false) (?::location -?\d+ )?"
                    r":constvalue (?:<>|(\d+) \[([-\d ]+)\])")


_FUNC = re.compile(r"\{FUNCEXPR :funcid (\d+) :funcresulttype (\d+) ")


def _decode(typ: int, raw: bytes):
    """One datum's bytes as the value pgref uses, or raise KeyError."""
    if typ == 16:
        return raw[0] != 0
    if typ in (23, 26):
        return struct.unpack_from("<i", raw)[0]
    if typ == 20:
        return struct.unpack_from("<q", raw)[0]
    if typ == 701:
        return struct.unpack_from("<d", raw)[0]
    if typ in (25, 1043, 1700):
        # varlena with a 4-byte header (length << 2) or a 1-byte header
        if raw[0] & 1:
            body = raw[1:raw[0] >> 1]
        else:
            body = raw[4:struct.unpack_from("<I", raw)[0] >> 2]
        if typ != 1700:
            return body.decode()
        return _numeric(body)
    if typ == 3802:                      # jsonb: a varlena holding a JsonbContainer
        from pgref.types.io.jsonb import jsonb_decode
        return jsonb_decode(raw[4:struct.unpack_from("<I", raw)[0] >> 2])
    raise KeyError(typ)


def _numeric(body: bytes):
    """PostgreSQL's on-disk numeric (numeric.c, NUMERIC_SHORT or long form)
    as a Decimal; only plain finite values occur in proargdefaults."""
    from decimal import Decimal
    head = struct.unpack_from("<H", body)[0]
    if head & 0xC000 == 0x8000:          # short form
        neg = bool(head & 0x2000)
        weight = head & 0x3F
        if head & 0x40:
            weight |= ~0x3F
        dscale = (head >> 7) & 0x3F
        digits = body[2:]
    else:
        neg = head & 0xC000 == 0x4000
        dscale = head & 0x3FFF
        weight = struct.unpack_from("<h", body, 2)[0]
        digits = body[4:]
    ds = struct.unpack("<%dH" % (len(digits) // 2), digits)
    v = Decimal(0)
    for k, d in enumerate(ds):
        v += Decimal(d).scaleb(4 * (weight - k))
    v = v.quantize(Decimal(1).scaleb(-dscale))
    return -v if neg else v


def _node(text: str, i: int):
    """Parse one node starting at text[i] == '{'; return (tree, end)."""
    m = _FUNC.match(text, i)
    if m:
        a = text.index(":args (", m.end()) + len(":args (")
        args = []
        while text[a] == "{":
            sub, a = _node(text, a)
            args.append(sub)
            while text[a] == " ":
                a += 1
        if text[a] != ")":
            raise KeyError("args")
        end = text.index("}", a) + 1
        return ("func", int(m.group(1)), int(m.group(2)), args), end
    m = _CONST.match(text, i)
    if not m:
        raise KeyError("node")
    typ_s, isnull, _length, data = m.groups()
    end = text.index("}", m.end()) + 1
    if isnull == "true":
        return ("const", int(typ_s), None), end
    raw = bytes(int(b) & 0xFF for b in data.split())
    return ("const", int(typ_s), _decode(int(typ_s), raw)), end


def parse_default_tree(text: str) -> list[tuple] | None:
    """proargdefaults as ('const', type, value) / ('func', funcid, rettype,
    args) trees, or None when a node kind is not understood."""
    if not text or not text.startswith("("):
        return None
    out = []
    i = 1
    try:
        while text[i] == "{":
            node, i = _node(text, i)
            out.append(node)
            while text[i] == " ":
                i += 1
    except (KeyError, ValueError, IndexError, struct.error):
        return None
    return out if text[i] == ")" else None

"""Reading the few pg_node_tree values pgref needs from PostgreSQL's catalog
rows: the default-argument lists of built-in functions (pg_proc.proargdefaults).

Where it sits: ``catalog/`` (spec/04-catalog.md, "Bootstrap data").  The
text is PostgreSQL's nodeToString() output, e.g.
``({CONST :consttype 25 :consttypmod -1 ... :constisnull false :constvalue 5 [ 20 0 0 0 ... ]})``.
Only CONST nodes of a few types are decoded (the datum bytes are little-endian
on the x86-64 machine the dump came from); anything else yields None and the
caller reports 0A000.
"""
from __future__ import annotations

import re
import struct

_CONST = re.compile(r"\{CONST :consttype (\d+) .*?:constisnull (true|false) (?::location -?\d+ )?"
                    r":constvalue (?:<>|(\d+) \[([-\d ]+)\])")


def parse_default_consts(text: str) -> list[tuple[int, object]] | None:
    if not text:
        return None
    out: list[tuple[int, object]] = []
    items = _CONST.findall(text)
    if text.count("{") != len(items):
        return None
    for typ_s, isnull, _length, data in items:
        typ = int(typ_s)
        if isnull == "true":
            out.append((typ, None))
            continue
        raw = bytes(int(b) & 0xFF for b in data.split())
        if typ in (16,):
            out.append((typ, raw[0] != 0))
        elif typ in (23, 26):
            out.append((typ, struct.unpack_from("<i", raw)[0]))
        elif typ == 20:
            out.append((typ, struct.unpack_from("<q", raw)[0]))
        elif typ == 701:
            out.append((typ, struct.unpack_from("<d", raw)[0]))
        elif typ in (25, 1043):
            # varlena with a 4-byte header (length << 2) or a 1-byte header
            if raw[0] & 1:
                n = raw[0] >> 1
                out.append((typ, raw[1:n].decode()))
            else:
                n = struct.unpack_from("<I", raw)[0] >> 2
                out.append((typ, raw[4:n].decode()))
        else:
            return None
    return out

"""PostgreSQL 15's built-in catalog rows, read once per process.

Where it sits: ``catalog/`` (spec/04-catalog.md, "Bootstrap data").  The CSV
files in ``catalog/data`` are PostgreSQL's own rows for pg_proc, pg_operator,
pg_cast, pg_aggregate, pg_type, pg_am, pg_opclass... (dumped from a real
PostgreSQL 15 by ``tools/dump_catalog_data.py``).  They never change while
pgref runs, so they are parsed once, held in immutable records, and shared by
every database and session.  User objects live in the per-database catalog
(``catalog/catalog.py``), which consults this module for everything built in.

Entry points:
    procs() -> dict[oid, ProcRow]          procs_by_name() -> dict[name, list]
    operators() -> dict[oid, OperRow]       operators_by_name() -> dict[name, list]
    casts() -> dict[(source, target), CastRow]
    aggregates() -> dict[fnoid, AggRow]
    rows(table) -> list[dict[str, str]]     raw text rows of any dumped table
"""
from __future__ import annotations

import csv
import functools
import pathlib
from dataclasses import dataclass

DATA_DIR = pathlib.Path(__file__).resolve().parent / "data"
PG_CATALOG_NAMESPACE = 11


@functools.cache
def rows(table: str) -> list[dict[str, str]]:
    """The raw rows of one dumped catalog, values in PostgreSQL's text form
    (an empty string is NULL: the dump writes NULL as an unquoted empty field)."""
    with (DATA_DIR / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _oids(text: str) -> tuple[int, ...]:
    """oidvector text ('23 23') -> tuple of ints."""
    return tuple(int(x) for x in text.split()) if text else ()


def _oid_array(text: str) -> tuple[int, ...] | None:
    """oid[] text ('{23,25}') -> tuple of ints."""
    if not text:
        return None
    return tuple(int(x) for x in text.strip("{}").split(",") if x)


def _text_array(text: str) -> tuple[str, ...] | None:
    if not text:
        return None
    inner = text[1:-1]
    out, cur, quoted, i = [], [], False, 0
    while i < len(inner):
        ch = inner[i]
        if quoted:
            if ch == "\\":
                i += 1
                cur.append(inner[i])
            elif ch == '"':
                quoted = False
            else:
                cur.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ProcRow:
    oid: int
    name: str
    namespace: int
    lang: int              # 12 internal, 13 c, 14 sql
    kind: str              # f function, a aggregate, w window, p procedure
    strict: bool
    retset: bool
    volatile: str          # i, s, v
    nargs: int
    nargdefaults: int
    rettype: int
    argtypes: tuple[int, ...]
    allargtypes: tuple[int, ...] | None
    argmodes: tuple[str, ...] | None
    argnames: tuple[str, ...] | None
    argdefaults: str       # pg_node_tree text, '' if none
    variadic: int          # element type of a VARIADIC argument, 0 if none
    prosrc: str
    cost: float = 1.0      # procost, in units of cpu_operator_cost (planner/costsize.py)
    rows: float = 0.0      # prorows: estimated rows of a set-returning function


@dataclass(frozen=True, slots=True)
class OperRow:
    oid: int
    name: str
    namespace: int
    kind: str              # b infix, l prefix
    canmerge: bool
    canhash: bool
    left: int
    right: int
    result: int
    commutator: int
    negator: int
    code: int              # pg_proc oid of the implementing function


@dataclass(frozen=True, slots=True)
class CastRow:
    source: int
    target: int
    func: int
    context: str           # i implicit, a assignment, e explicit
    method: str            # f function, i I/O, b binary coercible


@dataclass(frozen=True, slots=True)
class AggRow:
    fnoid: int
    kind: str
    transfn: int
    finalfn: int
    transtype: int
    initval: str | None
    sortop: int


def _bool(s: str) -> bool:
    return s == "t"


@functools.cache
def procs() -> dict[int, ProcRow]:
    out: dict[int, ProcRow] = {}
    for r in rows("pg_proc"):
        argmodes = _text_array(r["proargmodes"])
        out[int(r["oid"])] = ProcRow(
            oid=int(r["oid"]), name=r["proname"], namespace=int(r["pronamespace"]),
            lang=int(r["prolang"]), kind=r["prokind"], strict=_bool(r["proisstrict"]),
            retset=_bool(r["proretset"]), volatile=r["provolatile"],
            nargs=int(r["pronargs"]), nargdefaults=int(r["pronargdefaults"]),
            rettype=int(r["prorettype"]), argtypes=_oids(r["proargtypes"]),
            allargtypes=_oid_array(r["proallargtypes"]), argmodes=argmodes,
            argnames=_text_array(r["proargnames"]), argdefaults=r["proargdefaults"],
            variadic=int(r["provariadic"]), prosrc=r["prosrc"],
            cost=float(r["procost"]), rows=float(r["prorows"]))
    return out


@functools.cache
def procs_by_name() -> dict[str, list[ProcRow]]:
    out: dict[str, list[ProcRow]] = {}
    for p in procs().values():
        out.setdefault(p.name, []).append(p)
    return out


@functools.cache
def operators() -> dict[int, OperRow]:
    out: dict[int, OperRow] = {}
    for r in rows("pg_operator"):
        out[int(r["oid"])] = OperRow(
            oid=int(r["oid"]), name=r["oprname"], namespace=int(r["oprnamespace"]),
            kind=r["oprkind"], canmerge=_bool(r["oprcanmerge"]), canhash=_bool(r["oprcanhash"]),
            left=int(r["oprleft"]), right=int(r["oprright"]), result=int(r["oprresult"]),
            commutator=int(r["oprcom"]), negator=int(r["oprnegate"]), code=int(r["oprcode"]))
    return out


@functools.cache
def operators_by_name() -> dict[str, list[OperRow]]:
    out: dict[str, list[OperRow]] = {}
    for o in operators().values():
        out.setdefault(o.name, []).append(o)
    return out


@functools.cache
def casts() -> dict[tuple[int, int], CastRow]:
    return {(int(r["castsource"]), int(r["casttarget"])): CastRow(
        int(r["castsource"]), int(r["casttarget"]), int(r["castfunc"]),
        r["castcontext"], r["castmethod"]) for r in rows("pg_cast")}


@functools.cache
def aggregates() -> dict[int, AggRow]:
    return {int(r["aggfnoid"]): AggRow(
        int(r["aggfnoid"]), r["aggkind"], int(r["aggtransfn"]), int(r["aggfinalfn"]),
        int(r["aggtranstype"]), r["agginitval"] if r["agginitval"] != "" else None,
        int(r["aggsortop"])) for r in rows("pg_aggregate")}


@dataclass(frozen=True, slots=True)
class TypeRow:
    oid: int
    name: str
    namespace: int
    typlen: int
    typbyval: bool
    typtype: str           # b base, c composite, d domain, e enum, p pseudo, r range, m multirange
    category: str
    preferred: bool
    delim: str
    relid: int
    elem: int
    array: int
    align: str
    basetype: int
    typmod: int
    collation: int
    subscript: int


@functools.cache
def types() -> dict[int, TypeRow]:
    return {int(r["oid"]): TypeRow(
        int(r["oid"]), r["typname"], int(r["typnamespace"]), int(r["typlen"]),
        _bool(r["typbyval"]), r["typtype"], r["typcategory"], _bool(r["typispreferred"]),
        r["typdelim"], int(r["typrelid"]), int(r["typelem"]), int(r["typarray"]),
        r["typalign"], int(r["typbasetype"]), int(r["typtypmod"]), int(r["typcollation"]),
        int(r["typsubscript"])) for r in rows("pg_type")}


@functools.cache
def types_by_name() -> dict[str, TypeRow]:
    return {t.name: t for t in types().values()}


@functools.cache
def btree_opfamily_support() -> dict[tuple[int, int], int]:
    """(lefttype, righttype) -> btree comparison proc (amproc 1) over every
    btree operator family: what ORDER BY and index keys compare with."""
    fam_am = {int(r["oid"]): int(r["opfmethod"]) for r in rows("pg_opfamily")}
    out: dict[tuple[int, int], int] = {}
    for r in rows("pg_amproc"):
        if fam_am.get(int(r["amprocfamily"])) == 403 and r["amprocnum"] == "1":
            out.setdefault((int(r["amproclefttype"]), int(r["amprocrighttype"])), int(r["amproc"]))
    return out


@functools.cache
def btree_operators() -> dict[tuple[int, int, int], int]:
    """(lefttype, righttype, strategy 1..5) -> operator oid, from btree families."""
    fam_am = {int(r["oid"]): int(r["opfmethod"]) for r in rows("pg_opfamily")}
    out: dict[tuple[int, int, int], int] = {}
    for r in rows("pg_amop"):
        if fam_am.get(int(r["amopfamily"])) == 403:
            out.setdefault((int(r["amoplefttype"]), int(r["amoprighttype"]),
                            int(r["amopstrategy"])), int(r["amopopr"]))
    return out


@functools.cache
def hash_equality_operators() -> set[int]:
    """Operators that are the equality member of some hash operator family."""
    fam_am = {int(r["oid"]): int(r["opfmethod"]) for r in rows("pg_opfamily")}
    return {int(r["amopopr"]) for r in rows("pg_amop")
            if fam_am.get(int(r["amopfamily"])) == 405}


@functools.cache
def sql_function_bodies() -> dict[int, str]:
    """SQL-language built-ins (``lpad(text, int)``, ``date_part(text, date)``
    ...): their bodies as SQL text, from pg_get_function_sqlbody()."""
    return {int(r["oid"]): r["body"] for r in rows("pg_proc_sql")}

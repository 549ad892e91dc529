"""User-defined operator classes and families as pg_opclass, pg_opfamily,
pg_amop and pg_amproc rows (PostgreSQL's opclasscmds.c catalog side).

Where it sits: ``catalog/`` (spec/04-catalog.md).  ``CREATE OPERATOR
CLASS`` (engine/opclasscmds.py) adds a :class:`UserOpClass` to
``Catalog.opclasses`` and, unless it names an existing one, a
:class:`UserOpFamily` to ``Catalog.opfamilies``; the family holds the
operators (pg_amop) and support functions (pg_amproc), as in PostgreSQL.
The rows are catalog entries only: pgref's index access methods use their
built-in operator classes, so a user class is recorded and shown (psql
``\\dAc``, the catalogs) but no index can be built with it yet.

Entry points: the dataclasses; ``user_rows(cat, catalog_name)`` -> dict
rows for the queryable catalogs (catalog/sysrels.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AmOp:
    oid: int
    lefttype: int
    righttype: int
    strategy: int
    purpose: str                 # 's' search, 'o' ordering
    opr: int
    sortfamily: int = 0


@dataclass
class AmProc:
    oid: int
    lefttype: int
    righttype: int
    num: int
    proc: int


@dataclass
class UserOpFamily:
    oid: int
    name: str
    namespace: int
    owner: int
    method: int                  # pg_am oid
    operators: list[AmOp] = field(default_factory=list)
    procs: list[AmProc] = field(default_factory=list)


@dataclass
class UserOpClass:
    oid: int
    name: str
    namespace: int
    owner: int
    method: int
    family: int
    intype: int
    is_default: bool = False
    keytype: int = 0


def user_rows(cat, catalog: str):
    """The rows ``catalog`` (pg_opclass, pg_opfamily, pg_amop, pg_amproc)
    gets from the user's operator classes and families."""
    if catalog == "pg_opclass":
        for c in cat.opclasses.values():
            yield {"oid": c.oid, "opcmethod": c.method, "opcname": c.name, "opcnamespace": c.namespace,
                   "opcowner": c.owner, "opcfamily": c.family, "opcintype": c.intype, "opcdefault": c.is_default,
                   "opckeytype": c.keytype}
    elif catalog == "pg_opfamily":
        for f in cat.opfamilies.values():
            yield {"oid": f.oid, "opfmethod": f.method, "opfname": f.name, "opfnamespace": f.namespace,
                   "opfowner": f.owner}
    elif catalog == "pg_amop":
        for f in cat.opfamilies.values():
            for o in f.operators:
                yield {"oid": o.oid, "amopfamily": f.oid, "amoplefttype": o.lefttype, "amoprighttype": o.righttype,
                       "amopstrategy": o.strategy, "amoppurpose": o.purpose, "amopopr": o.opr,
                       "amopmethod": f.method, "amopsortfamily": o.sortfamily}
    elif catalog == "pg_amproc":
        for f in cat.opfamilies.values():
            for p in f.procs:
                yield {"oid": p.oid, "amprocfamily": f.oid, "amproclefttype": p.lefttype,
                       "amprocrighttype": p.righttype, "amprocnum": p.num, "amproc": p.proc}

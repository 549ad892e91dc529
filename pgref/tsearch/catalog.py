"""The text search catalogs: pg_ts_parser, pg_ts_template, pg_ts_dict,
pg_ts_config, pg_ts_config_map (spec/14-tsearch.md, "Catalogs").

Where it sits: ``tsearch/``; ``catalog/sysrels.py`` presents these rows as
the read-only system relations of the same names (their column lists are in
``catalog/data/system_relations.csv``, dumped from PostgreSQL 15).  The
rows are PostgreSQL 15's own for what pgref implements: the default parser,
the six built-in templates, the ``simple`` and ``english_stem``
dictionaries and the ``simple`` and ``english`` configurations with their
token mappings (:data:`pgref.tsearch.config.CONFIGS`).

Entry point: GENERATORS (catalog name -> rows(session) -> list of dicts).
"""
from __future__ import annotations

from pgref.tsearch.config import CONFIGS, DEFAULT_PARSER_OID
from pgref.tsearch.dicts import DICTIONARIES

PG_CATALOG_NAMESPACE = 11
BOOTSTRAP_SUPERUSER = 10

# template OID -> (name, init function OID, lexize function OID)
TEMPLATES = {
    3727: ("simple", 3725, 3726),
    3730: ("synonym", 3728, 3729),
    3733: ("ispell", 3731, 3732),
    3742: ("thesaurus", 3740, 3741),
    13150: ("snowball", 13148, 13149),
}
_TEMPLATE_OF = {"simple": 3727, "snowball": 13150}


def pg_ts_parser(session) -> list[dict]:
    return [{"oid": DEFAULT_PARSER_OID, "prsname": "default", "prsnamespace": PG_CATALOG_NAMESPACE,
             "prsstart": 3717, "prstoken": 3718, "prsend": 3719, "prsheadline": 3720,
             "prslextype": 3721}]


def pg_ts_template(session) -> list[dict]:
    return [{"oid": oid, "tmplname": name, "tmplnamespace": PG_CATALOG_NAMESPACE,
             "tmplinit": init, "tmpllexize": lexize}
            for oid, (name, init, lexize) in sorted(TEMPLATES.items())]


def pg_ts_dict(session) -> list[dict]:
    return [{"oid": d.oid, "dictname": d.name, "dictnamespace": PG_CATALOG_NAMESPACE,
             "dictowner": BOOTSTRAP_SUPERUSER, "dicttemplate": _TEMPLATE_OF[d.template],
             "dictinitoption": d.init_option}
            for d in sorted(DICTIONARIES.values(), key=lambda d: d.oid)]


def pg_ts_config(session) -> list[dict]:
    return [{"oid": c.oid, "cfgname": c.name, "cfgnamespace": PG_CATALOG_NAMESPACE,
             "cfgowner": BOOTSTRAP_SUPERUSER, "cfgparser": c.parser}
            for c in sorted(CONFIGS.values(), key=lambda c: c.oid)]


def pg_ts_config_map(session) -> list[dict]:
    out = []
    for c in sorted(CONFIGS.values(), key=lambda c: c.oid):
        for ttype in sorted(c.mapping):
            for seq, d in enumerate(c.mapping[ttype], start=1):
                out.append({"mapcfg": c.oid, "maptokentype": ttype, "mapseqno": seq, "mapdict": d})
    return out


GENERATORS = {
    "pg_ts_parser": pg_ts_parser,
    "pg_ts_template": pg_ts_template,
    "pg_ts_dict": pg_ts_dict,
    "pg_ts_config": pg_ts_config,
    "pg_ts_config_map": pg_ts_config_map,
}

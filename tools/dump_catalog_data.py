"""Dump PostgreSQL 15's bootstrap catalog rows into pgref/catalog/data/.

PostgreSQL builds its initial catalogs from ``src/include/catalog/*.dat``.
pgref takes the same rows from a freshly initdb'd PostgreSQL 15 cluster, so
built-in types, functions, operators, casts and aggregates have PostgreSQL's
own OIDs and attributes (spec/04-catalog.md, "Bootstrap data").  The output is
committed; this script is only re-run when moving to a new PostgreSQL release.

Usage: python tools/dump_catalog_data.py "host=/tmp/pg port=5432 user=postgres"
Each table becomes ``<name>.csv``: a header row of column names (``oid`` first
where the catalog has one), then rows in PostgreSQL's text output format,
written by ``COPY ... TO STDOUT WITH (FORMAT csv, HEADER)``.
"""
from __future__ import annotations

import pathlib
import sys

import psycopg

# Only the objects initdb creates from the .dat files (OID < 10000
# FirstGenbkiObjectId ... plus a few made later by initdb with OIDs below
# FirstNormalObjectId 16384) belong in the bootstrap data.
TABLES = {
    "pg_type": "oid < 16384",
    "pg_proc": "oid < 16384",
    "pg_operator": "oid < 16384",
    "pg_cast": "oid < 16384",
    "pg_aggregate": "aggfnoid < 16384",
    "pg_am": "oid < 16384",
    "pg_opclass": "oid < 16384",
    "pg_opfamily": "oid < 16384",
    "pg_amop": "oid < 16384",
    "pg_amproc": "oid < 16384",
    "pg_language": "oid < 16384",
    "pg_collation": "oid < 16384",
    "pg_range": "rngtypid < 16384",
    # comments on built-in objects (psql's \df, \dT, \do, \dx show them)
    "pg_description": "objoid < 16384",
    "pg_extension": "oid < 16384",
}

SYSTEM_RELATIONS = [
    "pg_catalog.pg_namespace", "pg_catalog.pg_class", "pg_catalog.pg_attribute", "pg_catalog.pg_type",
    "pg_catalog.pg_proc", "pg_catalog.pg_constraint", "pg_catalog.pg_index", "pg_catalog.pg_attrdef",
    "pg_catalog.pg_sequence", "pg_catalog.pg_database", "pg_catalog.pg_roles", "pg_catalog.pg_settings",
    "pg_catalog.pg_description", "pg_catalog.pg_am", "pg_catalog.pg_operator", "pg_catalog.pg_cast",
    "pg_catalog.pg_aggregate", "pg_catalog.pg_language", "pg_catalog.pg_tables", "pg_catalog.pg_views",
    "pg_catalog.pg_indexes", "pg_catalog.pg_sequences",
    # consulted by psql's describe commands (\d, \du, \l ...)
    "pg_catalog.pg_auth_members", "pg_catalog.pg_authid", "pg_catalog.pg_inherits", "pg_catalog.pg_trigger",
    "pg_catalog.pg_policy", "pg_catalog.pg_statistic_ext", "pg_catalog.pg_publication",
    "pg_catalog.pg_publication_rel", "pg_catalog.pg_publication_namespace", "pg_catalog.pg_partitioned_table",
    "pg_catalog.pg_tablespace", "pg_catalog.pg_collation", "pg_catalog.pg_rewrite",
    "pg_catalog.pg_foreign_table", "pg_catalog.pg_foreign_server", "pg_catalog.pg_foreign_data_wrapper",
    "pg_catalog.pg_shdescription", "pg_catalog.pg_extension", "pg_catalog.pg_opclass",
    "pg_catalog.pg_event_trigger", "pg_catalog.pg_user", "pg_catalog.pg_depend", "pg_catalog.pg_conversion",
    "pg_catalog.pg_db_role_setting",
    # consulted by client drivers and ORMs (asyncpg's type introspection,
    # SQLAlchemy's and JDBC's reflection)
    "pg_catalog.pg_range", "pg_catalog.pg_enum", "pg_catalog.pg_opfamily", "pg_catalog.pg_amop",
    "pg_catalog.pg_amproc", "pg_catalog.pg_matviews", "pg_catalog.pg_shadow", "pg_catalog.pg_group",
    "pg_catalog.pg_statistic", "pg_catalog.pg_stat_user_tables", "pg_catalog.pg_cursors",
    "information_schema.referential_constraints",
    "information_schema.tables", "information_schema.columns", "information_schema.schemata",
    "information_schema.table_constraints", "information_schema.key_column_usage",
    "information_schema.views", "information_schema.sequences",
]

OUT = pathlib.Path(__file__).resolve().parent.parent / "pgref" / "catalog" / "data"


def main(dsn: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(dsn) as conn:
        for table, where in TABLES.items():
            rows = conn.execute(
                "SELECT attname, atttypid::regtype::text FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
                "ORDER BY attnum", (table,)).fetchall()
            cols = [name for name, _ in rows]
            # regproc columns print as (possibly ambiguous) names; store the
            # OID itself, as the .dat files' compiled form does.
            select = [f"{name}::oid AS {name}" if typ == "regproc" else name
                      for name, typ in rows]
            order = "oid" if "oid" in cols else ", ".join(cols[:3])
            sql = (f"COPY (SELECT {', '.join(select)} FROM pg_catalog.{table} "
                   f"WHERE {where} ORDER BY {order}) TO STDOUT WITH (FORMAT csv, HEADER)")
            path = OUT / f"{table}.csv"
            with path.open("wb") as f, conn.cursor().copy(sql) as copy:
                for chunk in copy:
                    f.write(chunk)
            print(f"{table}: {sum(1 for _ in path.open()) - 1} rows -> {path}")
        # the column lists of the system catalogs and views pgref serves
        rels = ", ".join(f"'{r}'" for r in SYSTEM_RELATIONS)
        sql = ("COPY (SELECT c.oid AS relid, n.nspname, c.relname, c.relkind, a.attnum, a.attname, "
               "a.atttypid, a.atttypmod, a.attnotnull FROM pg_catalog.pg_class c "
               "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
               "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
               f"WHERE n.nspname || '.' || c.relname IN ({rels}) ORDER BY c.oid, a.attnum) "
               "TO STDOUT WITH (FORMAT csv, HEADER)")
        path = OUT / "system_relations.csv"
        with path.open("wb") as f, conn.cursor().copy(sql) as copy:
            for chunk in copy:
                f.write(chunk)
        # SQL-language built-ins keep their bodies as analyzed node trees
        # (prosqlbody); their SQL text is what pgref inlines.
        sql = ("COPY (SELECT oid, coalesce(pg_get_function_sqlbody(oid), prosrc) AS body "
               "FROM pg_catalog.pg_proc WHERE prolang = 14 AND oid < 16384 ORDER BY oid) "
               "TO STDOUT WITH (FORMAT csv, HEADER)")
        path = OUT / "pg_proc_sql.csv"
        with path.open("wb") as f, conn.cursor().copy(sql) as copy:
            for chunk in copy:
                f.write(chunk)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "host=/tmp/pg_lead port=55400 user=postgres")

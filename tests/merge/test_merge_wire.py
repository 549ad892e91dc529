"""MERGE over the wire (spec/07-executor.md, "MERGE"; spec/10-wire-protocol.md):
psycopg 3 sends a parameterized MERGE through the extended protocol; the
command tag is "MERGE n" and no row description is sent (MERGE has no
RETURNING in PostgreSQL 15)."""
import psycopg


def test_psycopg_extended_protocol(server):
    dsn = f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres connect_timeout=10"
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS mw; CREATE TABLE mw (k int PRIMARY KEY, v text)")
        cur.execute("INSERT INTO mw VALUES (1, 'a')")
        sql = ("MERGE INTO mw USING (SELECT %s::int AS k, %s::text AS v) s ON mw.k = s.k "
               "WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v)")
        cur.execute(sql, (1, "b"))
        assert cur.statusmessage == "MERGE 1" and cur.rowcount == 1 and cur.description is None
        cur.execute(sql, (2, "c"))
        assert cur.statusmessage == "MERGE 1"
        cur.execute("SELECT * FROM mw ORDER BY k")
        assert cur.fetchall() == [(1, "b"), (2, "c")]

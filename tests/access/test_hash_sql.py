"""CREATE INDEX ... USING hash end to end (spec/06-access.md, "Hash
indexes"): DDL checks and messages as PostgreSQL's, the planner using a hash
index for ``col = const`` only, maintenance on INSERT / UPDATE / DELETE /
VACUUM / TRUNCATE, and the index surviving a reopen of the data directory."""
import pytest

import pgref
from pgref.errors import PgError


@pytest.fixture
def s():
    conn = pgref.connect(":memory:", autocommit=True)
    # these tests read the hash index through plain index scans; by cost
    # PostgreSQL (and pgref) would often read it as a bitmap instead
    conn._session.execute("set enable_bitmapscan = off")
    conn._session.execute("set enable_seqscan = off")
    yield conn._session
    conn.close()


def rows(s, sql):
    return s.execute(sql)[-1].rows


def plan(s, sql):
    return [r[0] for r in rows(s, "explain (costs off) " + sql)]


def hash_index(s, name):
    for rel in s.db.cat.relations.values():
        for idx in rel.indexes:
            if idx.name == name:
                return s.db.index(idx.oid).bt
    raise KeyError(name)


def fill(s, n=3000):
    s.execute("create table t (a int, b text, u uuid, f float8)")
    s.execute(f"insert into t select i, 'x' || (i % 500), md5(i::text)::uuid, i / 4.0 "
              f"from generate_series(1, {n}) i")


def test_equality_uses_hash_index(s):
    fill(s)
    s.execute("create index t_a on t using hash (a)")
    # by cost a bitmap scan of the hash index, as PostgreSQL 15 plans it
    s.execute("set enable_bitmapscan = on")
    assert plan(s, "select * from t where a = 42") == [
        "Bitmap Heap Scan on t", "  Recheck Cond: (a = 42)", "  ->  Bitmap Index Scan on t_a",
        "        Index Cond: (a = 42)"]
    s.execute("set enable_bitmapscan = off")
    assert plan(s, "select * from t where a = 42") == ["Index Scan using t_a on t", "  Index Cond: (a = 42)"]
    assert rows(s, "select a, b from t where a = 42") == [(42, "x42")]
    assert rows(s, "select a from t where a = 4242424") == []
    # ranges cannot use it
    assert plan(s, "select * from t where a < 42")[0] == "Seq Scan on t"


def test_btree_preferred_over_hash_on_ties(s):
    fill(s, 200)
    s.execute("create index t_a_h on t using hash (a)")
    s.execute("create index t_a_b on t (a)")
    assert plan(s, "select * from t where a = 4")[0] == "Index Scan using t_a_b on t"


@pytest.mark.parametrize("col, value, opclass", [
    ("b", "'x77'", "text_ops"), ("u", "md5('99')::uuid", ""), ("f", "2.5", "float8_ops")])
def test_other_types(s, col, value, opclass):
    fill(s)
    s.execute(f"create index t_i on t using hash ({col} {opclass})")
    got = rows(s, f"select a from t where {col} = {value} order by a")
    s.execute("drop index t_i")
    assert got == rows(s, f"select a from t where {col} = {value} order by a")
    assert got


def test_enum_and_varchar(s):
    s.execute("create type mood as enum ('sad', 'ok', 'happy')")
    s.execute("create table e (m mood, v varchar(10))")
    s.execute("insert into e select (array['sad','ok','happy'])[i % 3 + 1]::mood, 'v' || i "
              "from generate_series(1, 300) i")
    s.execute("create index e_m on e using hash (m)")
    s.execute("create index e_v on e using hash (v)")
    assert rows(s, "select count(*) from e where m = 'ok'") == [(100,)]
    assert plan(s, "select * from e where m = 'ok'")[0] == "Index Scan using e_m on e"
    assert rows(s, "select count(*) from e where v = 'v7'") == [(1,)]


def test_maintenance_insert_update_delete_vacuum_truncate(s):
    fill(s)
    s.execute("create index t_a on t using hash (a)")
    s.execute("update t set a = -1 where a = 100")
    assert rows(s, "select b from t where a = -1") == [("x100",)]
    assert rows(s, "select b from t where a = 100") == []
    s.execute("insert into t select 5, 'new' from generate_series(1, 1000)")
    assert rows(s, "select count(*) from t where a = 5") == [(1001,)]
    s.execute("delete from t where a = 5")
    s.execute("vacuum t")
    idx = hash_index(s, "t_a")
    assert idx.check() == 3000 - 1
    assert rows(s, "select count(*) from t where a = 5") == [(0,)]
    s.execute("truncate t")
    s.execute("insert into t values (7, 'q')")
    assert rows(s, "select b from t where a = 7") == [("q",)]
    assert hash_index(s, "t_a").check() == 1


def test_rolled_back_and_null_rows(s):
    s.execute("create table n (a int)")
    s.execute("create index n_a on n using hash (a)")
    s.execute("insert into n values (null), (1)")
    s.execute("begin")
    s.execute("insert into n values (2)")
    s.execute("rollback")
    assert rows(s, "select count(*) from n where a = 2") == [(0,)]
    assert rows(s, "select count(*) from n where a is null") == [(1,)]
    assert hash_index(s, "n_a").check() == 2        # the NULL is not indexed


@pytest.mark.parametrize("sql, message", [
    ("create unique index x on t using hash (a)", 'access method "hash" does not support unique indexes'),
    ("create index x on t using hash (a, b)", 'access method "hash" does not support multicolumn indexes'),
    ("create index x on t using hash (a desc)", 'access method "hash" does not support ASC/DESC options'),
    ("create index x on t using hash (a) with (fillfactor=9)", 'value 9 out of bounds for option "fillfactor"'),
    ("create index x on t using hash (a) with (fillfactor=101)",
     'value 101 out of bounds for option "fillfactor"'),
    ("create index x on t using hash (a) with (pages_per_range=1)", 'unrecognized parameter "pages_per_range"'),
    ("create index x on t using hash (a int8_ops)", 'operator class "int8_ops" does not accept data type integer'),
    ("create index x on t using hash (a nosuch_ops)",
     'operator class "nosuch_ops" does not exist for access method "hash"'),
    ("create index x on p using hash (pt)", 'data type point has no default operator class for access method "hash"'),
])
def test_errors(s, sql, message):
    fill(s, 10)
    s.execute("create table p (pt point)")
    with pytest.raises(PgError) as e:
        s.execute(sql)
    assert e.value.message == message


def test_catalog_views(s):
    fill(s, 10)
    s.execute("create index t_a on t using hash (a) with (fillfactor = 60)")
    assert rows(s, "select pg_get_indexdef('t_a'::regclass)") == [
        ("CREATE INDEX t_a ON public.t USING hash (a) WITH (fillfactor='60')",)]
    assert rows(s, "select a.amname from pg_class c join pg_am a on a.oid = c.relam "
                   "where c.relname = 't_a'") == [("hash",)]
    assert hash_index(s, "t_a").stats()["ffactor"] == 8192 * 60 // 100 // 20


def test_survives_reopen(tmp_path):
    d = str(tmp_path / "data")
    conn = pgref.connect(d, autocommit=True)
    cur = conn.cursor()
    cur.execute("create table t (a int, b text)")
    cur.execute("insert into t select i % 400, 'v' || i from generate_series(1, 4000) i")
    cur.execute("create index t_b on t using hash (b)")
    cur.execute("create index t_a on t using hash (a)")
    conn.close()
    conn = pgref.connect(d, autocommit=True)
    cur = conn.cursor()
    cur.execute("set enable_bitmapscan = off")    # by cost a bitmap scan (as in PostgreSQL)
    cur.execute("explain (costs off) select * from t where a = 3")
    assert cur.fetchall()[0] == ("Index Scan using t_a on t",)
    cur.execute("select count(*) from t where a = 3")
    assert cur.fetchall() == [(10,)]
    cur.execute("insert into t values (3, 'new')")
    cur.execute("select a from t where b = 'new'")
    assert cur.fetchall() == [(3,)]
    conn.close()

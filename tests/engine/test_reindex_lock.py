"""REINDEX, ALTER INDEX SET/RESET and LOCK TABLE (spec/09-engine.md,
"REINDEX" and "LOCK"; spec/08-mvcc.md, "Table locks").  REINDEX gives an
index a new relfilenode built from the table's rows (partial and hash
indexes included) and a rollback keeps the old one; LOCK takes PostgreSQL's
eight table lock modes with its conflict table, NOWAIT and waiting."""
import threading

import pytest

import pgref
from pgref.engine.session import Session
from pgref.errors import PgError
from pgref.mvcc.tablelock import CONFLICTS
from .sqlhelp import rows


def err(s, sql):
    with pytest.raises(PgError) as e:
        s.execute(sql)
    return e.value


def relfilenode(s, name):
    return rows(s, f"select relfilenode from pg_class where relname = '{name}'")[0][0]


def index_of(s, name):
    for rel in s.db.cat.relations.values():
        for idx in rel.indexes:
            if idx.name == name:
                return rel, idx
    raise KeyError(name)


@pytest.fixture
def t(s):
    s.execute("create table t (a int primary key, b text)")
    s.execute("insert into t select g, 'x' || (g % 7) from generate_series(1, 60) g")
    s.execute("create index t_part on t (a) where a > 50")
    s.execute("create index t_hash on t using hash (b)")
    return s


# ------------------------------------------------------------------ REINDEX

def test_reindex_table_gives_new_files_and_same_answers(t):
    s = t
    before = {n: relfilenode(s, n) for n in ("t_pkey", "t_part", "t_hash")}
    s.execute("delete from t where a % 2 = 0")
    s.execute("reindex table t")
    for n, fn in before.items():
        assert relfilenode(s, n) != fn
    s.execute("set enable_seqscan = off")
    assert rows(s, "select count(*) from t where a > 50") == [(5,)]
    assert rows(s, "select count(*) from t where b = 'x3'") == [(5,)]      # 3, 17, 31, 45, 59
    assert rows(s, "select a from t where a = 7") == [(7,)]


def test_reindex_partial_index_holds_only_accepted_rows(t):
    s = t
    s.execute("reindex index t_part")
    rel, idx = index_of(s, "t_part")
    heap_rows = rows(s, "select count(*) from t where a > 50")[0][0]
    h = s.db.index(idx.oid)
    keys = sorted(k for k, _ in h.bt.scan(None, True, None, True))
    assert len(keys) == heap_rows == 10
    assert keys == [(a,) for a in range(51, 61)]


def test_reindex_rollback_keeps_old_file(t):
    s = t
    old = relfilenode(s, "t_pkey")
    s.execute("begin")
    s.execute("reindex index t_pkey")
    assert relfilenode(s, "t_pkey") != old
    s.execute("rollback")
    assert relfilenode(s, "t_pkey") == old
    s.execute("set enable_seqscan = off")
    assert rows(s, "select b from t where a = 3") == [("x3",)]


def test_reindex_verbose_and_notices(s):
    s.execute("create table e (a int)")
    s.notices.clear()
    s.execute("reindex table e")
    assert [str(n) for n in s.notices] == ['table "e" has no indexes to reindex']
    s.notices.clear()
    s.execute("reindex (concurrently) table e")
    assert [str(n) for n in s.notices] == ['table "e" has no indexes that can be reindexed concurrently']
    s.execute("create index e_a on e (a)")
    s.notices.clear()
    s.execute("reindex (verbose) table e")
    assert [(n.severity, str(n)) for n in s.notices] == [("INFO", 'index "e_a" was reindexed')]


def test_reindex_errors(t):
    s = t
    assert err(s, "reindex table nosuch").sqlstate == "42P01"
    e = err(s, "reindex index t")
    assert (e.sqlstate, str(e)) == ("42809", '"t" is not an index')
    e = err(s, "reindex table t_pkey")
    assert (e.sqlstate, str(e)) == ("42809", '"t_pkey" is not a table or materialized view')
    e = err(s, "reindex (bogus) table t")
    assert (e.sqlstate, str(e)) == ("42601", 'unrecognized REINDEX option "bogus"')
    for sql in ("reindex table concurrently pg_class", "reindex index concurrently pg_class_oid_index",
                "reindex system concurrently memory"):
        e = err(s, sql)
        assert (e.sqlstate, str(e)) == ("0A000", "cannot reindex system catalogs concurrently")
    s.execute("reindex table pg_class")           # catalogs: accepted, nothing stored to rebuild
    assert err(s, "reindex schema nosuch").sqlstate == "3F000"
    s.execute("begin")
    e = err(s, "reindex table concurrently t")
    assert (e.sqlstate, str(e)) == ("25001", "REINDEX CONCURRENTLY cannot run inside a transaction block")
    s.execute("rollback")
    s.execute("begin")
    e = err(s, "reindex schema public")
    assert str(e) == "REINDEX SCHEMA cannot run inside a transaction block"
    s.execute("rollback")


def test_reindex_unique_violation_keeps_index(s):
    s.execute("create table u (a int)")
    s.execute("insert into u values (1), (2)")
    s.execute("create unique index u_a on u (a)")
    old = relfilenode(s, "u_a")
    s.execute("reindex schema public")
    assert relfilenode(s, "u_a") != old


# ------------------------------------------------------------- index options

def test_index_reloptions(t):
    s = t
    s.execute("create index t_ff on t (b) with (fillfactor = 30)")
    assert rows(s, "select reloptions from pg_class where relname = 't_ff'")[0][0].elements == ["fillfactor=30"]
    s.execute("alter index t_ff set (fillfactor = 40, deduplicate_items = off)")
    assert rows(s, "select reloptions from pg_class where relname = 't_ff'")[0][0].elements == \
        ["fillfactor=40", "deduplicate_items=off"]
    s.execute("alter index t_ff reset (fillfactor, deduplicate_items)")
    assert rows(s, "select reloptions from pg_class where relname = 't_ff'") == [(None,)]
    e = err(s, "create index t_ff2 on t (b) with (fillfactor = 1)")
    assert (str(e), e.detail) == ('value 1 out of bounds for option "fillfactor"',
                                  'Valid values are between "10" and "100".')
    assert str(err(s, "create index t_ff on t (b) with (nope = 2)")) == 'unrecognized parameter "nope"'
    assert str(err(s, "create index t_x on t (b) with (ns.fillfactor = 2)")) == \
        'unrecognized parameter namespace "ns"'
    assert str(err(s, "alter index t_hash set (deduplicate_items = on)")) == \
        'unrecognized parameter "deduplicate_items"'
    assert str(err(s, "alter index t set (fillfactor = 50)")) == '"t" is not an index'
    assert err(s, "alter index nosuch set (fillfactor = 50)").sqlstate == "42P01"


# ------------------------------------------------------------------- LOCK

def test_conflict_table_is_symmetric():
    for a in range(1, 9):
        for b in range(1, 9):
            assert (b in CONFLICTS[a]) == (a in CONFLICTS[b])
    assert CONFLICTS[1] == {8}


def test_lock_requires_block_and_kinds(s):
    s.execute("create table lt (a int)")
    s.execute("create index lt_a on lt (a)")
    s.execute("create sequence lseq")
    e = err(s, "lock lt")
    assert (e.sqlstate, str(e)) == ("25P01", "LOCK TABLE can only be used in transaction blocks")
    s.execute("begin")
    e = err(s, "lock lseq")
    assert (e.sqlstate, str(e), e.detail) == ("42809", 'cannot lock relation "lseq"',
                                              "This operation is not supported for sequences.")
    s.execute("rollback")
    s.execute("begin")
    assert err(s, "lock lt_a").detail == "This operation is not supported for indexes."
    s.execute("rollback")
    s.execute("begin")
    assert err(s, "lock nosuch").sqlstate == "42P01"
    s.execute("rollback")


def test_lock_views_and_children_show_in_pg_locks(s):
    s.execute("create table p (a int)")
    s.execute("create table c () inherits (p)")
    s.execute("create view v as select * from p")
    s.execute("create view v2 as select * from v")
    s.execute("begin")
    s.execute("lock table v2 in share mode")
    got = rows(s, "select c.relname, l.mode from pg_locks l join pg_class c on c.oid = l.relation "
                  "order by 1")
    assert got == [("c", "ShareLock"), ("p", "ShareLock"), ("v", "ShareLock"), ("v2", "ShareLock")]
    s.execute("commit")
    assert rows(s, "select count(*) from pg_locks") == [(0,)]
    s.execute("begin")
    s.execute("lock only p")
    assert rows(s, "select count(*) from pg_locks") == [(1,)]
    s.execute("rollback")


class Bg:
    def __init__(self, session, sql):
        self.result = None
        self.thread = threading.Thread(target=self._run, args=(session, sql), daemon=True)
        self.thread.start()

    def _run(self, session, sql):
        try:
            self.result = session.execute(sql)[-1]
        except PgError as e:
            self.result = e

    def blocked(self, wait=0.3) -> bool:
        self.thread.join(wait)
        return self.thread.is_alive()

    def join(self):
        self.thread.join(10)
        assert not self.thread.is_alive()
        return self.result


@pytest.fixture
def pair():
    conn = pgref.connect(":memory:", autocommit=True)
    a = conn._session
    b = Session(a.db)
    a.execute("create table lt (a int)")
    yield a, b
    b.close()
    conn.close()


def test_lock_conflicts_between_sessions(pair):
    a, b = pair
    a.execute("begin")
    a.execute("lock lt in share mode")
    b.execute("begin")
    b.execute("lock lt in share mode nowait")          # share does not conflict with share
    e = err(b, "lock lt in row exclusive mode nowait")
    assert (e.sqlstate, str(e)) == ("55P03", 'could not obtain lock on relation "lt"')
    b.execute("rollback")
    b.execute("begin")
    bg = Bg(b, "lock lt in exclusive mode")
    assert bg.blocked()
    a.execute("commit")
    assert bg.join().tag == "LOCK TABLE"
    b.execute("commit")


def test_lock_wait_is_cancellable_and_deadlock_detected(pair):
    a, b = pair
    a.execute("create table lt2 (a int)")
    a.execute("begin")
    a.execute("lock lt")
    b.execute("begin")
    bg = Bg(b, "lock lt in access share mode")
    assert bg.blocked()
    b.cancel_requested = True
    assert bg.join().sqlstate == "57014"
    b.execute("rollback")
    b.execute("begin")
    b.execute("lock lt2")
    bg = Bg(b, "lock lt")
    assert bg.blocked()
    e = err(a, "lock lt2")
    assert e.sqlstate == "40P01"
    a.execute("rollback")
    assert bg.join().tag == "LOCK TABLE"
    b.execute("commit")

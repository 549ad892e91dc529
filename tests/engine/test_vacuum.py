"""VACUUM and ANALYZE (spec/08-mvcc.md, "VACUUM and ANALYZE"): dead
versions go, versions some snapshot may still see stay (INV-MVCC-4), index
entries of removed tuples go before their line pointers are reused
(INV-MVCC-8), pg_class statistics, options and errors as PostgreSQL's."""
import pytest

import pgref
from pgref.access.heap.prune import DEAD, LIVE, RECENTLY_DEAD
from pgref.engine.session import Session
from pgref.engine.vacuum import column_stats
from pgref.errors import PgError
from pgref.mvcc.horizon import removal_horizon
from .sqlhelp import rows


def stored_versions(s, table):
    rel = s.db.cat.lookup_relation(None, table, s.search_path())
    return sum(1 for _ in s.db.heap(rel.oid).scan())


def btree(s, index):
    for rel in s.db.cat.relations.values():
        for idx in rel.indexes:
            if idx.name == index:
                return s.db.index(idx.oid).bt
    raise KeyError(index)


def fill(s, n=1000):
    s.execute("create table t (id int primary key, v text)")
    s.execute(f"insert into t select g, repeat('x', 100) from generate_series(1, {n}) g")


def test_vacuum_removes_dead_versions_and_index_entries(s):
    fill(s)
    s.execute("update t set v = 'y' where id <= 500")
    s.execute("delete from t where id > 900")
    assert stored_versions(s, "t") == 1500
    assert btree(s, "t_pkey").check() == 1500
    assert s.execute("vacuum t")[0].tag == "VACUUM"
    assert stored_versions(s, "t") == 900
    assert btree(s, "t_pkey").check() == 900
    assert rows(s, "select count(*), sum(length(v)) from t") == [(900, 500 + 400 * 100)]
    assert rows(s, "select v from t where id = 3") == [("y",)]
    assert rows(s, "select count(*) from t where id = 950") == [(0,)]


def test_freed_space_is_reused_and_index_stays_right(s):
    fill(s)
    rel = s.db.cat.lookup_relation(None, "t", s.search_path())
    before = s.db.heap(rel.oid).nblocks()
    s.execute("delete from t where id % 2 = 0")
    s.execute("vacuum t")
    s.execute("insert into t select g, repeat('z', 100) from generate_series(1001, 1400) g")
    assert s.db.heap(rel.oid).nblocks() == before          # the new rows went into freed space
    assert rows(s, "select count(*) from t") == [(900,)]
    assert rows(s, "select v from t where id = 1200") == [("z" * 100,)]
    assert rows(s, "select count(*) from t where id = 2") == [(0,)]
    assert btree(s, "t_pkey").check() == 900


def test_repeatable_read_snapshot_keeps_old_versions(s):
    fill(s, 200)
    other = Session(s.db)
    other.execute("begin isolation level repeatable read")
    assert rows(other, "select count(*), sum(length(v)) from t") == [(200, 20000)]
    s.execute("update t set v = 'y'")
    s.execute("delete from t where id > 100")
    s.execute("vacuum t")
    # nothing the old snapshot can see was removed
    assert rows(other, "select count(*), sum(length(v)) from t") == [(200, 20000)]
    assert rows(other, "select v from t where id = 150") == [("x" * 100,)]
    assert stored_versions(s, "t") == 400
    other.execute("commit")
    s.execute("vacuum t")
    assert stored_versions(s, "t") == 100
    other.close()


def test_snapshot_older_than_every_running_xid_is_honoured(s):
    """The horizon includes snapshot xmins, not only running xids."""
    fill(s, 50)
    old = Session(s.db)
    writer = Session(s.db)
    writer.execute("begin")
    writer.execute("update t set v = 'w' where id = 1")
    old.execute("begin isolation level repeatable read")
    assert rows(old, "select v from t where id = 1") == [("x" * 100,)]   # writer still running
    writer.execute("commit")
    s.execute("vacuum t")
    assert rows(old, "select v from t where id = 1") == [("x" * 100,)]
    old.execute("commit")
    old.close()
    writer.close()


def test_running_delete_and_insert_are_kept(s):
    fill(s, 10)
    other = Session(s.db)
    other.execute("begin")
    other.execute("delete from t where id = 1")
    other.execute("insert into t values (11, 'n')")
    s.execute("vacuum t")
    assert stored_versions(s, "t") == 11
    other.execute("rollback")
    s.execute("vacuum t")
    assert stored_versions(s, "t") == 10                   # the aborted insert is dead
    assert rows(s, "select count(*) from t") == [(10,)]
    other.close()


def test_horizon_and_classification(s):
    fill(s, 1)
    db = s.db
    h = removal_horizon(db)
    from pgref.mvcc.horizon import classify_for_vacuum
    classify = classify_for_vacuum(db, h)
    rel = db.cat.lookup_relation(None, "t", s.search_path())
    (_, hdr, _), = list(db.heap(rel.oid).scan())
    assert classify(hdr) == LIVE
    s.execute("update t set v = 'q'")
    classify = classify_for_vacuum(db, removal_horizon(db))
    states = sorted(classify(h) for _, h, _ in db.heap(rel.oid).scan())
    assert states == sorted([DEAD, LIVE])
    assert RECENTLY_DEAD == "recently dead"


def test_pg_class_statistics(s):
    fill(s, 1000)
    assert rows(s, "select relpages, reltuples from pg_class where relname = 't'") == [(0, -1.0)]
    s.execute("delete from t where id <= 100")
    s.execute("vacuum t")
    relpages, reltuples, allvis = rows(s, "select relpages, reltuples, relallvisible from pg_class "
                                          "where relname = 't'")[0]
    rel = s.db.cat.lookup_relation(None, "t", s.search_path())
    assert relpages == s.db.heap(rel.oid).nblocks() and reltuples == 900.0 and 0 < allvis <= relpages
    assert rows(s, "select reltuples from pg_class where relname = 't_pkey'") == [(900.0,)]
    s.execute("insert into t select g, 'a' from generate_series(2001, 2100) g")
    s.execute("analyze t")
    assert rows(s, "select reltuples from pg_class where relname = 't'") == [(1000.0,)]


def test_analyze_column_statistics(s):
    s.execute("create table a (id int, grp text, n int)")
    s.execute("insert into a select g, case when g % 4 = 0 then 'four' else 'other' end, "
              "case when g % 10 = 0 then null else 1 end from generate_series(1, 400) g")
    assert s.execute("analyze a (grp, n)")[0].tag == "ANALYZE"
    rel = s.db.cat.lookup_relation(None, "a", s.search_path())
    st = s.db.colstats
    assert (rel.oid, 1) not in st
    grp = st[(rel.oid, 2)]
    assert grp.null_frac == 0 and grp.n_distinct == 2.0 and grp.mcv == ["other", "four"]
    assert grp.mcf == [0.75, 0.25]
    n = st[(rel.oid, 3)]
    assert n.null_frac == pytest.approx(0.1) and n.n_distinct == 1.0 and n.avg_width == 4
    s.execute("analyze a")
    assert st[(rel.oid, 1)].n_distinct == -1.0                # unique column


def test_column_stats_unit():
    cs = column_stats(["a", "b", None, "a"], 4)
    assert cs.null_frac == 0.25 and cs.mcv == ["a"] and cs.avg_width == 2
    assert column_stats([], 0).n_distinct == 0.0


def test_vacuum_full_truncates_empty_tail(s):
    fill(s, 1000)
    rel = s.db.cat.lookup_relation(None, "t", s.search_path())
    before = s.db.heap(rel.oid).nblocks()
    s.execute("delete from t where id > 100")
    s.execute("vacuum full t")
    after = s.db.heap(rel.oid).nblocks()
    assert after < before
    assert rows(s, "select count(*) from t") == [(100,)]
    s.execute("insert into t select g, 'b' from generate_series(101, 300) g")
    assert rows(s, "select count(*) from t") == [(300,)]
    assert btree(s, "t_pkey").check() == 300


def test_vacuum_all_tables_and_analyze_variants(s):
    fill(s, 10)
    s.execute("create table u (a int)")
    s.execute("insert into u values (1), (2)")
    s.execute("delete from u where a = 1")
    for sql in ("vacuum", "analyze", "vacuum analyze", "vacuum (analyze, verbose false) t (id)",
                "vacuum freeze t", "vacuum full verbose analyze u", "analyze verbose t (v)",
                "vacuum (index_cleanup auto, truncate off, parallel 2, skip_locked) t, u"):
        s.execute(sql)
    assert stored_versions(s, "u") == 1
    assert rows(s, "select relname, reltuples from pg_class where relname in ('t', 'u') order by 1") == \
        [("t", 10.0), ("u", 1.0)]


def test_verbose_reports_info(s):
    fill(s, 5)
    s.notices.clear()
    s.execute("vacuum verbose t")
    msgs = [(n.severity, n.message) for n in s.notices]
    assert msgs[0] == ("INFO", 'vacuuming "postgres.public.t"')
    assert msgs[1][0] == "INFO" and msgs[1][1].startswith('finished vacuuming "postgres.public.t"')
    s.notices.clear()
    s.execute("analyze verbose t")
    assert s.notices[0].message == 'analyzing "public.t"'


@pytest.mark.parametrize("sql, state, message", [
    ("vacuum nosuch", "42P01", 'relation "nosuch" does not exist'),
    ("analyze nosuch", "42P01", 'relation "nosuch" does not exist'),
    ("vacuum (foo) t", "42601", 'unrecognized VACUUM option "foo"'),
    ("analyze (full) t", "42601", 'unrecognized ANALYZE option "full"'),
    ("vacuum t (id)", "0A000", "ANALYZE option must be specified when a column list is provided"),
    ("analyze t (nope)", "42703", 'column "nope" of relation "t" does not exist'),
    ("analyze t (id, id)", "42701", 'column "id" of relation "t" appears more than once'),
    ("vacuum (verbose maybe) t", "42601", "verbose requires a Boolean value"),
])
def test_errors(s, sql, state, message):
    fill(s, 1)
    with pytest.raises(PgError) as e:
        s.execute(sql)
    assert (e.value.sqlstate, e.value.message) == (state, message)


def test_vacuum_not_in_transaction_block_but_analyze_is(s):
    fill(s, 1)
    s.execute("begin")
    s.execute("analyze t")
    with pytest.raises(PgError) as e:
        s.execute("vacuum t")
    assert (e.value.sqlstate, e.value.message) == ("25001", "VACUUM cannot run inside a transaction block")
    s.execute("rollback")


def test_non_tables_are_skipped_with_warning(s):
    fill(s, 1)
    s.execute("create view v as select 1 as x")
    s.execute("create sequence q")
    s.notices.clear()
    s.execute("vacuum v, q, t")
    assert [(n.severity, n.message) for n in s.notices] == [
        ("WARNING", 'skipping "v" --- cannot vacuum non-tables or special system tables'),
        ("WARNING", 'skipping "q" --- cannot vacuum non-tables or special system tables')]
    s.notices.clear()
    s.execute("analyze v")
    assert s.notices[0].message == 'skipping "v" --- cannot analyze non-tables or special system tables'


def test_vacuum_survives_reopen(tmp_path):
    conn = pgref.connect(str(tmp_path / "d"), autocommit=True)
    s = conn._session
    fill(s, 300)
    s.execute("delete from t where id % 3 = 0")
    s.execute("vacuum t")
    conn.close()
    conn = pgref.connect(str(tmp_path / "d"), autocommit=True)
    s = conn._session
    assert rows(s, "select count(*) from t") == [(200,)]
    s.execute("insert into t select g, 'r' from generate_series(301, 400) g")
    assert rows(s, "select count(*) from t where id between 290 and 310") == [(17,)]
    assert btree(s, "t_pkey").check() == 300
    conn.close()


def test_vacuum_not_in_multi_statement_string(s):
    fill(s, 1)
    with pytest.raises(PgError) as e:
        s.execute("select 1; vacuum t")
    assert e.value.sqlstate == "25001"
    s.execute("vacuum t")                        # alone it runs
    s.execute("select 1; analyze t")             # ANALYZE may run in a block


def test_lazy_vacuum_truncates_only_when_alone(s):
    fill(s, 300)
    rel = s.db.cat.lookup_relation(None, "t", s.search_path())
    heap = s.db.heap(rel.oid)
    s.execute("delete from t")
    other = Session(s.db)
    other.execute("begin")
    rows(other, "select 1")
    s.execute("vacuum t")
    assert heap.nblocks() > 0                    # another transaction is open: no truncation
    other.execute("commit")
    s.execute("vacuum (truncate false) t")
    assert heap.nblocks() > 0
    s.execute("vacuum t")
    assert heap.nblocks() == 0
    s.execute("insert into t values (1, 'a')")
    assert rows(s, "select * from t") == [(1, "a")]
    other.close()


def test_system_catalogs_are_passed_over(s):
    s.execute("vacuum pg_catalog.pg_class")
    s.execute("analyze pg_class")
    s.execute("vacuum full pg_am")


@pytest.mark.parametrize("sql, state, message", [
    ("vacuum (parallel) t", "42601", "parallel option requires a value between 0 and 1024"),
    ("vacuum (parallel -1) t", "42601", "parallel workers for vacuum must be between 0 and 1024"),
    ("vacuum (full, parallel 2) t", "0A000", "VACUUM FULL cannot be performed in parallel"),
    ("vacuum (full, process_toast false) t", "0A000", "PROCESS_TOAST required with VACUUM FULL"),
    ("vacuum (full, disable_page_skipping) t", "0A000",
     "VACUUM option DISABLE_PAGE_SKIPPING cannot be used with FULL"),
])
def test_option_conflicts(s, sql, state, message):
    fill(s, 1)
    with pytest.raises(PgError) as e:
        s.execute(sql)
    assert (e.value.sqlstate, e.value.message) == (state, message)


def test_index_scan_removes_entries_of_dead_versions(s):
    """kill_prior_tuple: a hot row's index does not keep its whole history."""
    s.execute("create table h (id int primary key, v int)")
    s.execute("insert into h values (1, 0)")
    for _ in range(50):
        s.execute("update h set v = v + 1 where id = 1")
    assert btree(s, "h_pkey").check() <= 3
    assert stored_versions(s, "h") == 51            # the heap keeps them until VACUUM
    s.execute("vacuum h")
    assert stored_versions(s, "h") == 1 and rows(s, "select v from h where id = 1") == [(50,)]


def test_index_scan_keeps_entries_an_open_cursor_needs(s):
    s.execute("create table c (id int primary key)")
    s.execute("insert into c select generate_series(1, 2000)")
    other = Session(s.db)
    s.execute("begin")
    s.execute("declare cur cursor for select id from c where id > 0 order by id")
    assert rows(s, "fetch 10 from cur") == [(i,) for i in range(1, 11)]
    other.execute("delete from c where id > 1000")
    assert rows(s, "select count(*) from c where id > 1500") == [(0,)]   # new snapshot: gone
    assert len(rows(s, "fetch all from cur")) == 1990                    # the cursor still sees them
    s.execute("commit")
    other.close()


def test_concurrent_vacuum_never_loses_visible_rows(s):
    """Transfers between accounts keep the total constant; repeatable read
    readers, read committed writers (waiting on each other) and a session
    vacuuming in a loop run at once: every reader always sees the total."""
    import random
    import threading
    s.execute("create table acct (id int primary key, bal int)")
    s.execute("insert into acct select g, 100 from generate_series(1, 20) g")
    stop = threading.Event()
    problems = []

    def writer(seed):
        rnd = random.Random(seed)
        w = Session(s.db)
        for _ in range(40):
            a, b = sorted(rnd.sample(range(1, 21), 2))      # same lock order everywhere
            try:
                w.execute("begin")
                w.execute(f"update acct set bal = bal - 1 where id = {a}")
                w.execute(f"update acct set bal = bal + 1 where id = {b}")
                w.execute("commit")
            except PgError as e:
                problems.append(("writer", e.sqlstate, e.message))
                w.execute("rollback")
        w.close()

    def reader():
        r = Session(s.db)
        while not stop.is_set():
            r.execute("begin isolation level repeatable read")
            first = rows(r, "select sum(bal), count(*) from acct")
            for _ in range(3):
                if rows(r, "select sum(bal), count(*) from acct where id > 0") != first:
                    problems.append(("reader changed", first))
            r.execute("commit")
            if first != [(2000, 20)]:
                problems.append(("reader", first))
        r.close()

    def vacuumer():
        v = Session(s.db)
        while not stop.is_set():
            v.execute("vacuum acct")
        v.close()

    writers = [threading.Thread(target=writer, args=(i,)) for i in range(3)]
    others = [threading.Thread(target=reader), threading.Thread(target=vacuumer)]
    for t in writers + others:
        t.start()
    for t in writers:
        t.join(120)
    stop.set()
    for t in others:
        t.join(60)
    assert not problems
    assert rows(s, "select sum(bal), count(*) from acct") == [(2000, 20)]
    s.execute("vacuum acct")
    assert stored_versions(s, "acct") == 20
    assert btree(s, "acct_pkey").check() == 20

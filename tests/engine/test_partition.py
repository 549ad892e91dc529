"""Declarative partitioning (spec/09-engine.md, "Declarative partitioning"):
PARTITION BY / PARTITION OF, bound validation, tuple routing, partition
constraints, row movement, pruning, ATTACH / DETACH, catalogs, hashing."""

import pgref
from pgref.catalog import partbounds as PB
from .sqlhelp import err


def q(s, sql):
    return s.execute(sql)[-1].rows


def where(s, table):
    return q(s, f"select tableoid::regclass::text, * from {table} order by 2")


def make_range(s):
    s.execute("create table r (a int, b text) partition by range (a)")
    s.execute("create table r1 partition of r for values from (minvalue) to (10)")
    s.execute("create table r2 partition of r for values from (10) to (20)")


def test_routing_and_direct_insert(s):
    make_range(s)
    s.execute("insert into r values (1, 'a'), (15, 'b'), (10, 'c')")
    assert where(s, "r") == [("r1", 1, "a"), ("r2", 10, "c"), ("r2", 15, "b")]
    assert q(s, "select count(*) from only r") == [(0,)]       # INV-PART-1
    e = err(s, "insert into r values (25)")
    assert (e.sqlstate, e.message, e.detail) == ("23514", 'no partition of relation "r" found for row',
                                                 "Partition key of the failing row contains (a) = (25).")
    e = err(s, "insert into r1 values (15)")
    assert (e.message, e.detail) == ('new row for relation "r1" violates partition constraint',
                                     "Failing row contains (15, null).")


def test_bound_errors(s):
    make_range(s)
    e = err(s, "create table r3 partition of r for values from (5) to (15)")
    assert (e.sqlstate, e.message, e.position) == ("42P17", 'partition "r3" would overlap partition "r1"', 49)
    e = err(s, "create table r4 partition of r for values from (25) to (15)")
    assert e.message == 'empty range bound specified for partition "r4"'
    assert e.detail == "Specified lower bound (25) is greater than or equal to upper bound (15)."
    assert err(s, "create table r5 partition of r for values in (1)").message == \
        "invalid bound specification for a range partition"
    assert err(s, "create table r6 partition of r for values from (maxvalue) to (1)").sqlstate == "42P17"
    s.execute("create table t (a int)")
    assert err(s, "create table t1 partition of t for values in (1)").message == '"t" is not partitioned'


def test_list_default_and_nulls(s):
    s.execute("create table l (a text) partition by list (a)")
    s.execute("create table l1 partition of l for values in ('a', null)")
    s.execute("create table ld partition of l default")
    s.execute("insert into l values ('a'), (null), ('z')")
    assert q(s, "select tableoid::regclass::text, a from l order by a nulls first") == [
        ("l1", None), ("l1", "a"), ("ld", "z")]
    assert err(s, "create table l2 partition of l default").message == \
        'partition "l2" conflicts with existing default partition "ld"'
    e = err(s, "create table lz partition of l for values in ('z')")
    assert e.message == 'updated partition constraint for default partition "ld" would be violated by some row'
    assert q(s, "select pg_get_partition_constraintdef('ld'::regclass)") == [
        ("(NOT ((a IS NULL) OR (a = 'a'::text)))",)]


def test_hash_matches_postgresql():
    # values PostgreSQL 15 returns for hashint4extended / hashtextextended with the partition seed
    def signed(x):
        return x - (1 << 64) if x >= 1 << 63 else x
    assert signed(PB._hash_datum(23, 5)) == -2840406021921404358
    assert signed(PB._hash_datum(20, -123456789012)) == -764151986433661186
    assert signed(PB._hash_datum(25, "hello world, longer text!")) == -2621780074815169378
    key = PB.PartitionKey("h", [1], types=[23])
    assert [PB.hash_row(key, [v]) % 3 for v in (1, 2, 3)] == [2, 0, 1]


def test_hash_partition_checks(s):
    s.execute("create table h (a int) partition by hash (a)")
    s.execute("create table h0 partition of h for values with (modulus 2, remainder 0)")
    e = err(s, "create table h1 partition of h for values with (modulus 3, remainder 1)")
    assert e.detail == 'The new modulus 3 is not divisible by 2, the modulus of existing partition "h0".'
    assert err(s, "create table h2 partition of h for values with (modulus 4, remainder 2)").message == \
        'partition "h2" would overlap partition "h0"'
    assert err(s, "create table hd partition of h default").message == \
        "a hash-partitioned table may not have a default partition"


def test_catalog_texts(s):
    s.execute("create table m (a int, b bigint, c numeric) partition by range (a, b, c)")
    s.execute("create table m1 partition of m for values from (-1, 2, 3) to (5, maxvalue, maxvalue)")
    assert q(s, "select relkind, relispartition, pg_get_partkeydef(oid) from pg_class where relname = 'm'") == [
        ("p", False, "RANGE (a, b, c)")]
    assert q(s, "select relkind, relispartition, pg_get_expr(relpartbound, oid), "
                "pg_get_partition_constraintdef(oid) from pg_class where relname = 'm1'") == [
        ("r", True, "FOR VALUES FROM ('-1', '2', '3') TO (5, MAXVALUE, MAXVALUE)",
         "((a IS NOT NULL) AND (b IS NOT NULL) AND (c IS NOT NULL) AND ((a > '-1'::integer) OR "
         "((a = '-1'::integer) AND (b > '2'::bigint)) OR ((a = '-1'::integer) AND (b = '2'::bigint) AND "
         "(c >= '3'::numeric))) AND (a <= 5))")]
    assert q(s, "select partstrat, partnatts, partattrs::text, partclass::text from pg_partitioned_table") == [
        ("r", 3, "1 2 3", "1978 3124 3125")]
    assert q(s, "select inhparent::regclass::text from pg_inherits where inhrelid = 'm1'::regclass") == [("m",)]


def test_update_moves_rows_and_returning(s):
    make_range(s)
    s.execute("insert into r values (1, 'a'), (2, 'b')")
    assert q(s, "update r set a = a + 10 where a = 1 returning tableoid::regclass::text, a") == [("r2", 11)]
    assert where(s, "r") == [("r1", 2, "b"), ("r2", 11, "a")]
    e = err(s, "update r1 set a = 12")
    assert e.message == 'new row for relation "r1" violates partition constraint'
    assert err(s, "update r set a = 30").message == 'no partition of relation "r" found for row'


def test_subpartitions_and_pruning(s):
    make_range(s)
    s.execute("create table r3 partition of r for values from (20) to (30) partition by list (b)")
    s.execute("create table r3x partition of r3 for values in ('x')")
    s.execute("create table r3d partition of r3 default")
    s.execute("insert into r values (25, 'x'), (26, 'y'), (5, 'q')")
    assert where(s, "r") == [("r1", 5, "q"), ("r3x", 25, "x"), ("r3d", 26, "y")]
    plan = [r[0] for r in q(s, "explain (costs off) select * from r where a > 22 and b = 'x'")]
    assert plan[0] == "Seq Scan on r3x r"
    plan = [r[0] for r in q(s, "explain (costs off) select * from r where a < 12")]
    assert plan[:3] == ["Append", "  ->  Seq Scan on r1 r_1", "        Filter: (a < 12)"]
    assert [r[0] for r in q(s, "explain (costs off) select * from r where a = 99")] == [
        "Result", "  One-Time Filter: false"]
    assert q(s, "select a from r where a = 99") == []
    assert q(s, "select count(*) from r where a in (5, 26)") == [(2,)]
    s.execute("update r set b = 'z' where a = 99")
    assert s.execute("delete from r where a = 99")[-1].tag == "DELETE 0"
    assert q(s, "select relid::text, level from pg_partition_tree('r') order by level, relid::text") == [
        ("r", 0), ("r1", 1), ("r2", 1), ("r3", 1), ("r3d", 2), ("r3x", 2)]


def test_attach_detach_drop(s):
    make_range(s)
    s.execute("create table q (a int, b text)")
    s.execute("insert into q values (30, 'q')")
    e = err(s, "alter table r attach partition q for values from (20) to (25)")
    assert e.message == 'partition constraint of relation "q" is violated by some row'
    s.execute("alter table r attach partition q for values from (20) to (40)")
    assert where(s, "r") == [("q", 30, "q")]
    s.execute("alter table r detach partition q")
    assert where(s, "r") == [] and q(s, "select relispartition from pg_class where relname = 'q'") == [(False,)]
    s.execute("drop table r")
    assert q(s, "select count(*) from pg_class where relname in ('r', 'r1', 'r2')") == [(0,)]


def test_unique_and_on_conflict(s):
    s.execute("create table u (a int primary key, b text) partition by range (a)")
    s.execute("create table u1 partition of u for values from (1) to (10)")
    s.execute("insert into u values (1, 'a')")
    assert err(s, "insert into u values (1, 'b')").sqlstate == "23505"
    s.execute("insert into u values (1, 'x'), (2, 'y') on conflict do nothing")
    s.execute("insert into u values (2, 'z') on conflict (a) do update set b = excluded.b")
    assert where(s, "u") == [("u1", 1, "a"), ("u1", 2, "z")]
    e = err(s, "create table v (a int primary key, b int) partition by range (b)")
    assert (e.sqlstate, e.detail) == ("0A000", 'PRIMARY KEY constraint on table "v" lacks column "b" which is '
                                               "part of the partition key.")


def test_copy_routes_rows(s, tmp_path):
    make_range(s)
    path = tmp_path / "rows.txt"
    path.write_text("1\tx\n15\ty\n")
    s.execute(f"copy r from '{path}'")
    assert where(s, "r") == [("r1", 1, "x"), ("r2", 15, "y")]
    path.write_text("99\tz\n")
    assert err(s, f"copy r from '{path}'").message == 'no partition of relation "r" found for row'


def test_index_on_partitioned_table(s):
    make_range(s)
    s.execute("insert into r values (1, 'a'), (15, 'b')")
    s.execute("create index on r (b)")
    s.execute("create table r3 partition of r for values from (20) to (30)")
    s.execute("create table q (a int, b text)")
    s.execute("alter table r attach partition q for values from (30) to (40)")
    assert q(s, "select c.relname, i.relname from pg_index x join pg_class c on c.oid = x.indrelid "
                "join pg_class i on i.oid = x.indexrelid order by 1") == [
        ("q", "q_b_idx"), ("r", "r_b_idx"), ("r1", "r1_b_idx"), ("r2", "r2_b_idx"), ("r3", "r3_b_idx")]
    assert q(s, "select a from r where b = 'b'") == [(15,)]
    e = err(s, "create unique index on r (b)")
    assert e.detail == 'UNIQUE constraint on table "r" lacks column "a" which is part of the partition key.'

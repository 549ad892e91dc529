"""CREATE OPERATOR CLASS (engine/opclasscmds.py): rows in pg_opclass,
pg_opfamily, pg_amop and pg_amproc as PostgreSQL writes them, and
PostgreSQL's errors."""
import pytest

import pgref
from .sqlhelp import err


@pytest.fixture
def s():
    s = pgref.connect(":memory:", autocommit=True)._session
    s.execute("create function part_hashint4_noop(value int4, seed int8) returns int8 as "
              "$$ select value + seed; $$ language sql strict immutable parallel safe")
    return s


def q(s, sql):
    return s.execute(sql)[-1].rows


def test_test_setup_hash_opclass(s):
    r = s.execute("create operator class part_test_int4_ops for type int4 using hash as "
                  "operator 1 =, function 2 part_hashint4_noop(int4, int8)")
    assert r[0].tag == "CREATE OPERATOR CLASS"
    assert q(s, "select opcname, opcmethod, opcintype::regtype::text, opcdefault, opckeytype from pg_opclass "
                "where opcname = 'part_test_int4_ops'") == [("part_test_int4_ops", 405, "integer", False, 0)]
    assert q(s, "select f.opfname, o.amopstrategy, o.amopopr::regoperator::text, o.amoppurpose "
                "from pg_opfamily f join pg_amop o on o.amopfamily = f.oid join pg_opclass c on c.opcfamily = f.oid "
                "where c.opcname = 'part_test_int4_ops'") == [("part_test_int4_ops", 1, "=(integer,integer)", "s")]
    assert q(s, "select p.amprocnum, p.amproc::regproc::text, p.amproclefttype::regtype::text from pg_amproc p "
                "join pg_opclass c on c.opcfamily = p.amprocfamily where c.opcname = 'part_test_int4_ops'") == \
        [(2, "part_hashint4_noop", "integer")]


def test_errors(s):
    cases = [("create operator class c for type int4 using nosuch as operator 1 =", "42704",
              'access method "nosuch" does not exist'),
             ("create operator class c for type int4 using hash as operator 2 =", "42P17",
              "invalid operator number 2, must be between 1 and 1"),
             ("create operator class c for type int4 using hash as operator 1 ===", "42883",
              "operator does not exist: integer === integer"),
             ("create operator class c for type int4 using hash as function 2 nosuch(int4, int8)", "42883", None),
             ("create operator class c for type int4 using hash as function 1 part_hashint4_noop(int4, int8)",
              "42P17", "hash function 1 must have one argument"),
             ("create operator class c for type int4 using hash family nofam as operator 1 =", "42704",
              'operator family "nofam" does not exist for access method "hash"'),
             ("create operator class c default for type int4 using hash as operator 1 =", "42710",
              'could not make operator class "c" be default for type int4')]
    for sql, state, message in cases:
        e = err(s, sql)
        assert e.sqlstate == state, sql
        if message:
            assert e.message == message, sql
    s.execute("create operator class c for type int4 using hash as operator 1 =")
    e = err(s, "create operator class c for type int4 using hash as operator 1 =")
    assert (e.sqlstate, e.message) == ("42710", 'operator class "c" for access method "hash" already exists')


def test_rollback_and_persistence(tmp_path):
    d = str(tmp_path / "db")
    c = pgref.connect(d, autocommit=True)
    s = c._session
    s.execute("begin")
    s.execute("create operator class c1 for type int4 using hash as operator 1 =")
    s.execute("rollback")
    assert q(s, "select count(*) from pg_opclass where opcname = 'c1'") == [(0,)]
    s.execute("create operator class c2 for type int4 using hash as operator 1 =")
    c.close()
    s = pgref.connect(d, autocommit=True)._session
    assert q(s, "select count(*) from pg_opclass c join pg_opfamily f on f.oid = c.opcfamily "
                "join pg_amop o on o.amopfamily = f.oid where c.opcname = 'c2'") == [(1,)]

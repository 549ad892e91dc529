"""jsonb through SQL: storage, ordering, grouping, aggregates, populate_record
(spec/03-types.md, "json and jsonb").  Expected values are PostgreSQL 15's."""
import pytest

import pgref.dbapi as dbapi


@pytest.fixture(scope="module")
def cur():
    c = dbapi.connect(autocommit=True)
    cur = c.cursor()
    cur.execute("create table tj (id int, j jsonb)")
    cur.execute("""insert into tj values (1, '{"b": 1, "a": [1, 2]}'), (2, '[]'), (3, '1'),
                   (4, '"a"'), (5, 'null'), (6, '{"a": 1.0}'), (7, '[1, 2]'), (8, '{}')""")
    return cur


def q(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def test_stored_values_and_order(cur):
    assert q(cur, "select j::text as t from tj order by j, id") == [
        ("[]",), ("null",), ('"a"',), ("1",), ("[1, 2]",), ("{}",), ('{"a": 1.0}',), ('{"a": [1, 2], "b": 1}',)]


def test_btree_index_and_grouping(cur):
    cur.execute("create index tj_j on tj (j)")
    assert q(cur, """select id from tj where j = '{"a": 1}' """) == [(6,)]
    assert q(cur, "select count(*) from (select j from tj union select j from tj) s") == [(8,)]


def test_operators_in_sql(cur):
    assert q(cur, """select j->'a'->>1, j ? 'b', j @> '{"b":1}' from tj where id = 1""") == [("2", True, True)]
    assert q(cur, "select jsonb_agg(id order by id)::text from tj where id < 4") == [("[1, 2, 3]",)]
    assert q(cur, "select jsonb_object_agg(id, j)::text from tj where id in (3, 5)") == [('{"3": 1, "5": null}',)]
    assert q(cur, "select json_agg(x)::text from (values (array[1]), (array[2])) v(x)") == [("[[1], \n [2]]",)]


def test_populate_record(cur):
    cur.execute("create type jpop as (a text, b int, c int[])")
    assert q(cur, """select a, b, c::text from jsonb_populate_record(null::jpop, '{"a": "x", "c": [[1, 2], [3, 4]]}')""") == \
        [("x", None, "{{1,2},{3,4}}")]
    assert q(cur, """select * from json_populate_record(row('q', 7, null)::jpop, '{"b": "8"}')""") == \
        [("q", 8, None)]
    with pytest.raises(dbapi.Error, match="expected JSON array"):
        q(cur, """select * from jsonb_populate_record(null::jpop, '{"c": [[1], 2]}')""")

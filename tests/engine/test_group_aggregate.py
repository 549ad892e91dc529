"""Hash and sort aggregation give the same groups; GroupAggregate returns
them in key order (enable_hashagg = off selects it, as in PostgreSQL)."""
import random

import pgref


def test_hashed_and_sorted_aggregation_agree():
    c = pgref.connect(":memory:", autocommit=True)
    cur = c.cursor()
    cur.execute("create table t (a int, b text, c numeric)")
    rnd = random.Random(3)
    cur.executemany("insert into t values (%s, %s, %s)",
                    [(rnd.choice([1, 2, 3, None]), rnd.choice(["x", "y", None]), rnd.randint(0, 9))
                     for _ in range(400)])
    q = ("select a, b, count(*), sum(c), count(distinct c), string_agg(c::text, ',' order by c) "
         "from t group by a, b")
    hashed = cur.execute(q).fetchall()
    cur.execute("set enable_hashagg = off")
    ordered = cur.execute(q).fetchall()
    assert sorted(map(repr, hashed)) == sorted(map(repr, ordered))
    keys = [(r[0] is None, r[0] or 0, r[1] is None, r[1] or "") for r in ordered]
    assert keys == sorted(keys)                       # ASC NULLS LAST per key
    cur.execute("select count(*) from t where false group by a")
    assert cur.fetchall() == []
    c.close()

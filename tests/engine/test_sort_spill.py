"""ORDER BY past work_mem spills sorted runs to disk and merges them, with
the same result as an in-memory sort (spec/07-executor.md, "Sorting")."""
import glob
import random
import tempfile

import pgref


def test_spilling_sort_matches_in_memory_sort():
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    cur.execute("create table t (a int, b text, c float8)")
    rnd = random.Random(7)
    rows = [(rnd.randint(-50, 50) if rnd.random() > 0.1 else None, rnd.choice(["x", "y", "z", None]),
             rnd.choice([1.5, -0.0, float("nan"), float("inf"), None, 2.25])) for _ in range(3000)]
    cur.executemany("insert into t values (%s, %s, %s)", rows)
    q = "select a, b, c from t order by a desc nulls last, b nulls first, c"
    cur.execute("set work_mem = '64MB'")
    expected = cur.execute(q).fetchall()
    before = set(glob.glob(tempfile.gettempdir() + "/pgref_sort_*"))
    cur.execute("set work_mem = '64kB'")
    got = cur.execute(q).fetchall()
    assert [repr(r) for r in got] == [repr(r) for r in expected]
    assert set(glob.glob(tempfile.gettempdir() + "/pgref_sort_*")) == before   # runs removed
    conn.close()


def test_spill_happens(monkeypatch):
    from pgref.executor import sort as S
    spilled = []
    original = S.Sorter._spill

    def spy(self):
        spilled.append(len(self.rows))
        return original(self)
    monkeypatch.setattr(S.Sorter, "_spill", spy)
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    cur.execute("set work_mem = '64kB'")
    cur.execute("select g from generate_series(1, 5000) g order by g desc")
    assert cur.fetchall()[:3] == [(5000,), (4999,), (4998,)]
    assert len(spilled) >= 2
    conn.close()

"""A pgref database holding the regression suite's onek / tenk1 (the data
files copied from PostgreSQL's src/test/regress/data) and a table of mixed
types, analyzed, plus a StatsSource over it -- what the planner will
implement -- so the tests can estimate row counts the way PostgreSQL's
set_baserel_size_estimates / calc_joinrel_size_estimate do."""
from __future__ import annotations

import functools
import os

import pgref
from pgref.analyzer import nodes as N
from pgref.planner.clausesel import SemiJoinInfo, clauselist_selectivity
from pgref.planner.selfuncs import clamp_row_est, estimate_num_groups

DATA = os.path.join(os.path.dirname(__file__), "data")

TENK_COLS = """unique1 int4, unique2 int4, two int4, four int4, ten int4, twenty int4, hundred int4,
 thousand int4, twothousand int4, fivethous int4, tenthous int4, odd int4, even int4,
 stringu1 name, stringu2 name, string4 name"""

# Run identically in PostgreSQL 15 to record the expected row counts.
SETUP_SQL = [
    f"create table onek ({TENK_COLS})",
    f"create table tenk1 ({TENK_COLS})",
    "create index onek_unique1 on onek using btree (unique1)",
    "create index onek_unique2 on onek using btree (unique2)",
    "create index onek_hundred on onek using btree (hundred)",
    "create index onek_stringu1 on onek using btree (stringu1)",
    "create index tenk1_unique1 on tenk1 using btree (unique1)",
    "create index tenk1_unique2 on tenk1 using btree (unique2)",
    "create index tenk1_hundred on tenk1 using btree (hundred)",
    "create index tenk1_thous_tenthous on tenk1 (thousand, tenthous)",
    "create table int4_tbl (f1 int4)",
    "insert into int4_tbl values (0), (123456), (-123456), (2147483647), (-2147483647)",
    "create table mixed (id int4 primary key, n int4, b bool, t text, d date, x numeric, f float8)",
    "insert into mixed select g, case when g % 10 = 0 then null else g % 37 end, "
    "case when g % 7 = 0 then null else g % 3 = 0 end, 'k' || (g % 50), "
    "date '2020-01-01' + (g % 400), (g % 1000) / 8.0, g * 1.5 "
    "from generate_series(1, 3000) g",
    "analyze mixed",
    "create table words (w text)",
    "insert into words select chr(97 + (g % 150) % 26) || chr(97 + ((g % 150) / 26) % 26) || (g % 150) "
    "from generate_series(1, 3000) g",
    "analyze words",
    "vacuum int4_tbl",
    "create table arrs2 (a int[]) with (autovacuum_enabled = false)",      # never analyzed
    "insert into arrs2 select array[g] from generate_series(1, 2000) g",
    "vacuum arrs2",
]


@functools.lru_cache(maxsize=1)
def database():
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    for stmt in SETUP_SQL[:2]:
        cur.execute(stmt)
    cur.execute(f"copy onek from '{DATA}/onek.data'")
    cur.execute(f"copy tenk1 from '{DATA}/tenk.data'")
    cur.execute("vacuum analyze onek")
    cur.execute("vacuum analyze tenk1")
    for stmt in SETUP_SQL[2:]:
        cur.execute(stmt)
    return conn


class DbStatsSource:
    """StatsSource over one analyzed query's range table."""

    def __init__(self, session, query: N.Query):
        self.session = session
        self.db = session.db
        self.catalog = session.db.cat
        self.rtable = query.rtable
        self.rows: dict[int, float] = {}

    def _rel(self, varno: int):
        rte = self.rtable[varno - 1]
        if rte.kind != "relation":
            return None
        return self.catalog.relations.get(rte.relid)

    def column_stats(self, varno: int, attno: int):
        from pgref.engine.analyze import stored_stats
        rel = self._rel(varno)
        return None if rel is None else stored_stats(self.db, rel.oid, attno)

    def rel_tuples(self, varno: int) -> float:
        rel = self._rel(varno)
        st = (getattr(self.db, "relstats", None) or {}).get(rel.oid) if rel is not None else None
        if st is None or st[1] < 0:
            return 0.0
        return float(st[1])

    def rel_rows(self, varno: int) -> float:
        return self.rows.get(varno, self.rel_tuples(varno))

    def has_unique_index(self, varno: int, attnos) -> bool:
        rel = self._rel(varno)
        return rel is not None and any(
            idx.unique and tuple(idx.columns) == tuple(attnos) and getattr(idx, "predicate", None) is None
            for idx in rel.indexes)

    def actual_variable_range(self, varno: int, attno: int):
        from pgref.planner.selfuncs import get_actual_variable_range
        rel = self._rel(varno)
        return None if rel is None else get_actual_variable_range(self.db, rel, attno)


def _analyze(conn, sql: str):
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.sql.parser import parse
    s = conn._session
    stmt = parse(sql)[0]
    stmt = getattr(stmt, "stmt", stmt)
    return s, ModifyAnalyzer(s.expr_analyzer()).analyze_select(stmt)


def split_and(e) -> list:
    if e is None:
        return []
    if isinstance(e, N.BoolExpr) and e.op == "and":
        out = []
        for a in e.args:
            out.extend(split_and(a))
        return out
    return [e]


def _quals_of(node, join_quals: list):
    if isinstance(node, N.JoinTree):
        _quals_of(node.larg, join_quals)
        _quals_of(node.rarg, join_quals)
        join_quals.extend(split_and(node.quals))


def estimate_rows(sql: str, jointype: str = "inner") -> float:
    """rows of ``SELECT ... FROM t WHERE quals`` (one table) or of a join of
    two tables, written as an inner join: ``jointype`` semi / anti estimate
    it as ``a WHERE [NOT] EXISTS (SELECT FROM b WHERE ...)`` instead, as
    PostgreSQL's set_baserel_size_estimates / calc_joinrel_size_estimate do."""
    from pgref.planner.selfuncs import varnos
    conn = database()
    s, q = _analyze(conn, sql)
    src = DbStatsSource(s, q)
    quals = split_and(q.where)
    extra: list = []
    for it in q.jointree:
        _quals_of(it, extra)
    allq = quals + extra
    base = [i + 1 for i, rte in enumerate(q.rtable) if rte.kind == "relation"]
    restrict = {v: [c for c in allq if varnos(c) == frozenset((v,))] for v in base}
    for v in base:
        src.rows[v] = clamp_row_est(src.rel_tuples(v) * clauselist_selectivity(src, restrict[v], 0))
    joinq = [c for c in allq if len(varnos(c)) > 1]
    if len(base) == 1:
        return src.rows[base[0]]
    a, b = base[:2]
    sj = SemiJoinInfo(jointype, frozenset((a,)), frozenset((b,)), src.rows[b])
    sel = clauselist_selectivity(src, joinq, 0, jointype, sj)
    if jointype == "semi":
        return clamp_row_est(src.rows[a] * sel)
    if jointype == "anti":
        return clamp_row_est(src.rows[a] * (1.0 - sel))
    return clamp_row_est(src.rows[a] * src.rows[b] * sel)


def estimate_groups(sql: str) -> float:
    """rows of ``SELECT ... FROM t [WHERE ...] GROUP BY exprs``."""
    conn = database()
    s, q = _analyze(conn, sql)
    src = DbStatsSource(s, q)
    quals = split_and(q.where)
    rows = clamp_row_est(src.rel_tuples(1) * clauselist_selectivity(src, quals, 0))
    src.rows[1] = rows
    return estimate_num_groups(src, list(q.group_by), rows)

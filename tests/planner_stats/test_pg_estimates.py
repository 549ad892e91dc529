"""Row estimates equal PostgreSQL 15's (INV-STATS-1, INV-STATS-3; spec
chapter 07, "Statistics and selectivity").

Each case is a query over the regression suite's onek / tenk1 (data files
copied into data/), the five-row int4_tbl and a generated table ``mixed``
(statsdb.SETUP_SQL).  The expected numbers are the top plan node's
``rows=`` of ``EXPLAIN`` in PostgreSQL 15.18 after the same setup (test_setup
+ create_index's tenk1/onek indexes, ANALYZE), recorded 2026-11-22 from a
throwaway cluster.  pgref's number is clamp_row_est(tuples * selectivity)
from engine/analyze.py's statistics and planner/clausesel.py /
planner/selfuncs.py, computed by statsdb.py the way PostgreSQL's
set_baserel_size_estimates and calc_joinrel_size_estimate do.

Not here, because a planner step precedes estimation in PostgreSQL:
``WHERE b = false`` / ``WHERE (n > 5) = true`` (eval_const_expressions
rewrites them to ``NOT b`` / ``n > 5``),
``WHERE ten = 1 AND ten = 1`` (equivalence classes keep one copy) and
``WHERE x IN (SELECT ...)`` (pulled up into a join).
"""
import pytest

from .statsdb import estimate_groups, estimate_rows

# (query, PostgreSQL's EXPLAIN rows)
RESTRICTIONS_AND_JOINS = [
    ('select * from tenk1 where unique1 = 5', 1),
    ('select * from tenk1 where unique1 = -5', 1),
    ('select * from tenk1 where unique1 <> 5', 9999),
    ('select * from tenk1 where unique1 < 100', 100),
    ('select * from tenk1 where unique1 <= 100', 101),
    ('select * from tenk1 where unique1 > 9000', 999),
    ('select * from tenk1 where unique1 >= 9990', 10),
    ('select * from tenk1 where unique1 < 0', 1),
    ('select * from tenk1 where unique1 > 20000', 1),
    ('select * from tenk1 where unique1 between 100 and 200', 101),
    ('select * from tenk1 where unique1 > 100 and unique1 < 101', 1),
    ('select * from tenk1 where unique2 < 42', 42),
    ('select * from tenk1 where hundred = 5', 100),
    ('select * from tenk1 where hundred <> 5', 9900),
    ('select * from tenk1 where hundred < 50', 5000),
    ('select * from tenk1 where hundred >= 95', 500),
    ('select * from tenk1 where hundred = 500', 1),
    ('select * from tenk1 where thousand = 5', 10),
    ('select * from tenk1 where thousand = 500', 10),
    ('select * from tenk1 where thousand < 50', 537),
    ('select * from tenk1 where thousand < 150', 1500),
    ('select * from tenk1 where thousand > 990', 90),
    ('select * from tenk1 where thousand between 200 and 300', 1010),
    ('select * from tenk1 where twothousand = 1500', 5),
    ('select * from tenk1 where fivethous < 10', 21),
    ('select * from tenk1 where tenthous = 42', 1),
    ('select * from tenk1 where four = 1', 2500),
    ('select * from tenk1 where two = 1 and four = 1', 1250),
    ('select * from tenk1 where ten = 3 or ten = 4', 1900),
    ('select * from tenk1 where not (ten = 3)', 9000),
    ('select * from tenk1 where ten in (1, 2, 3)', 3000),
    ('select * from tenk1 where ten not in (1, 2, 3)', 7000),
    ('select * from tenk1 where unique1 in (1, 2, 3, 4, 5)', 5),
    ('select * from tenk1 where thousand in (5, 500, 900)', 30),
    ('select * from tenk1 where hundred = any (array[1, 2])', 200),
    ('select * from tenk1 where unique1 is null', 1),
    ('select * from tenk1 where unique1 is not null', 10000),
    ("select * from tenk1 where stringu1 = 'AAAAAA'", 15),
    ("select * from tenk1 where stringu1 = 'ZZZZZZ'", 15),
    ("select * from tenk1 where stringu1 < 'B'", 328),
    ("select * from tenk1 where stringu1 > 'T'", 2677),
    ("select * from tenk1 where string4 = 'HHHHxx'", 2500),
    ("select * from tenk1 where string4 <> 'HHHHxx'", 7500),
    ("select * from tenk1 where stringu1 like 'A%'", 316),
    ("select * from tenk1 where stringu1 like 'AB%'", 16),
    ("select * from tenk1 where stringu2 like '%AA'", 9999),
    ("select * from tenk1 where string4 like 'HH%'", 2500),
    ("select * from tenk1 where stringu1 not like 'A%'", 9684),
    ('select * from tenk1 where unique1 < 100 and unique2 < 100', 1),
    ('select * from tenk1 where unique1 < 100 or unique2 < 100', 199),
    ('select * from tenk1 where unique1 > 10 and unique1 < 20 and hundred = 3', 1),
    ('select * from tenk1 where (unique1 < 10 or unique1 > 9990) and two = 0', 9),
    ('select * from tenk1 where unique1 = unique2', 50),
    ('select * from tenk1 where unique1 < unique2', 3333),
    ('select * from tenk1 where unique1 + 1 = 5', 50),
    ('select * from tenk1 where unique1 = 5 + 1', 1),
    ('select * from tenk1 where 5 > unique1', 5),
    ('select * from tenk1 where thousand = 42 and tenthous < 5000', 5),
    ('select * from onek where unique1 < 10', 10),
    ("select * from onek where stringu1 < 'C'", 76),
    ('select * from onek where hundred in (1, 50, 99) and unique2 > 500', 50),
    ('select * from int4_tbl where f1 = 0', 1),
    ('select * from int4_tbl where f1 < 0', 2),
    ('select * from int4_tbl where f1 is null', 1),
    ('select * from mixed where n = 5', 73),
    ('select * from mixed where n is null', 300),
    ('select * from mixed where n is not null', 2700),
    ('select * from mixed where n < 10', 732),
    ('select * from mixed where n > 30 and n < 35', 292),
    ('select * from mixed where b', 858),
    ('select * from mixed where not b', 2142),
    ('select * from mixed where b is true', 858),
    ('select * from mixed where b is not true', 2142),
    ('select * from mixed where b is false', 1714),
    ('select * from mixed where b is unknown', 428),
    ("select * from mixed where t = 'k7'", 60),
    ("select * from mixed where t < 'k3'", 1380),
    ("select * from mixed where t like 'k1%'", 660),
    ("select * from mixed where t in ('k1', 'k2', 'zz')", 120),
    ("select * from mixed where d < date '2020-03-01'", 481),
    ("select * from mixed where d between date '2020-02-01' and date '2020-02-10'", 89),
    ('select * from mixed where x > 100.5', 585),
    ('select * from mixed where x = 12.5', 3),
    ('select * from mixed where f < 300', 199),
    ('select * from mixed where f >= 4000.5', 334),
    ('select * from mixed where id = 7', 1),
    ('select * from mixed where id in (1, 2, 3)', 3),
    ('select * from mixed where n = 3 or b', 910),
    ('select * from mixed where n is distinct from 3', 2927),
    ('select * from tenk1 a join tenk1 b on a.unique1 = b.unique2', 10000),
    ('select * from tenk1 a join tenk1 b on a.hundred = b.hundred', 1000000),
    ('select * from tenk1 a join tenk1 b on a.thousand = b.unique1', 10000),
    ('select * from tenk1 a join onek b on a.unique1 = b.unique1', 1000),
    ('select * from tenk1 a join onek b on a.ten = b.hundred', 1000000),
    ('select * from tenk1 a join tenk1 b on a.unique1 = b.unique2 where a.hundred = 4', 100),
    ('select * from tenk1 a join int4_tbl b on a.unique1 = b.f1', 5),
    ('select * from tenk1 a join mixed b on a.hundred = b.n', 270000),
    ('select * from tenk1 a join tenk1 b on a.unique1 < b.unique2', 33333333),
    ('select * from tenk1 a join tenk1 b on a.unique1 <> b.unique2', 99990000),
    ('select * from tenk1 a join onek b on a.stringu1 = b.stringu1', 14782),
    ("select * from tenk1 where stringu1 ilike 'a%'", 316),
    ("select * from tenk1 where stringu1 ~ '^AB'", 16),
    ("select * from tenk1 where stringu1 !~ '^AB'", 9984),
    ("select * from tenk1 where string4 not like 'HHHHxx'", 7500),
    ("select * from tenk1 where string4 like 'HHHHxx'", 2500),
    ('select * from tenk1 where unique1 = 5::int8', 1),
    ('select * from tenk1 where thousand < 100::int8', 1074),
    ('select * from tenk1 where unique1 < 100.5', 3333),
    ("select * from tenk1 where stringu1 = 'AAAAAA'::text", 15),
    ("select * from tenk1 where stringu1 >= 'AB'::text", 9984),
    ('select * from int4_tbl where f1 > 0', 2),
    ("select * from mixed where t like '%1'", 300),
    ("select * from mixed where t not like 'k1%'", 2340),
    ("select * from mixed where t ilike 'K1%'", 660),
    ('select * from mixed where n is not distinct from 3', 73),
    ('select * from mixed where n = any (array[1, null])', 74),
    ('select * from mixed where n <> all (array[1, 2])', 2252),
    ("select * from mixed where d > '2020-06-01'", 1782),
    ('select * from mixed where x < 3', 72),
    ('select * from mixed where f between 10 and 20', 8),
    ('select * from tenk1 where (unique1, unique2) < (10, 20)', 10),
    ('select * from tenk1 where unique1 < 10 and unique1 < 20 and unique1 > 5', 4),
    ('select * from tenk1 where unique1 > 10 and unique1 > 500', 9499),
    ('select * from tenk1 where hundred < 10 and thousand > 990', 9),
    ('select * from tenk1 where unique1 = 1 or unique1 = 2 or unique1 = 3', 3),
    ('select * from tenk1 where abs(unique1) = 5', 50),
    ('select * from tenk1 where true', 10000),
    ('select * from tenk1 a join tenk1 b on a.unique1 = b.unique2 and a.ten = b.ten', 1000),
    ('select * from tenk1 a join tenk1 b on a.unique1 + 1 = b.unique2', 10000),
    ('select * from tenk1 a join tenk1 b on a.hundred = b.hundred where b.unique1 < 10', 1000),
    ("select * from mixed where t ~ '^k1'", 660),
    ("select * from mixed where t ~ 'k1$'", 60),
    ("select * from mixed where t ~* '^K1'", 660),
    ("select * from mixed where t ~ '^k1$'", 60),
    ("select * from mixed where t ~ '^k(1|2)'", 1320),
    ("select * from tenk1 where stringu1 ~ '^A.A'", 316),
    ("select * from tenk1 where stringu1 ~ '^AAAAAA$'", 15),
    ("select * from onek where stringu1 ~ '[A-C]'", 1000),
    ("select * from tenk1 where string4 ~ '^O'", 2500),
    ("select * from words where w like 'b%'", 123),
    ("select * from words where w like 'bi%'", 3),
    ("select * from words where w like 'b_1%'", 63),
    ("select * from words where w like '%1'", 352),
    ("select * from words where w ~ '^c'", 123),
    ("select * from words where w ~ '^c.*9$'", 1),
    ("select * from words where w ~ 'x'", 552),
    ("select * from words where w ilike 'B%'", 620),
    ("select * from words where w not like 'b%'", 2877),
    ("select * from words where w < 'm'", 1440),
    ("select * from words where w = 'bi1'", 20),
    ("select * from words where w like 'bi1'", 20),
    ('select * from arrs2 where 5 = any (a)', 10),
    ('select * from arrs2 where 5 <> all (a)', 1990),
    ('select * from arrs2 where a @> array[1, 2]', 1),
    ('select * from arrs2 where a @> array[1, null]', 1),
    ('select * from arrs2 where a && array[1, 2, 3]', 30),
    ('select * from arrs2 where a <@ array[1, 2]', 10),
    ('select * from arrs2 where a = array[1]', 10),
    ('select * from arrs2 where 5 = all (a)', 10),
    ('select * from mixed where isfinite(d)', 1000),
    ('select * from mixed where not isfinite(d)', 2000),
    ('select * from mixed where (n > 5) is true', 2260),
    ('select * from mixed where coalesce(b, false)', 1500),
    ("select * from tenk1 where unique1 = 1 and stringu1 like 'A%' and ten in (1, 2)", 1),
]

# (inner-join form for pgref, the EXISTS form PostgreSQL planned, rows)
SEMI_JOINS = [
    ('select * from tenk1 a join onek b on b.unique1 = a.hundred',
     'select * from tenk1 a where exists (select 1 from onek b where b.unique1 = a.hundred)', 10000),
    ('select * from tenk1 a join int4_tbl b on b.f1 = a.unique1',
     'select * from tenk1 a where exists (select 1 from int4_tbl b where b.f1 = a.unique1)', 5),
    ('select * from onek a join tenk1 b on b.thousand = a.unique1 where b.hundred < 10',
     'select * from onek a where exists (select 1 from tenk1 b where b.thousand = a.unique1 and b.hundred < 10)', 1000),
    ('select * from mixed a join tenk1 b on b.hundred = a.n',
     'select * from mixed a where exists (select 1 from tenk1 b where b.hundred = a.n)', 2700),
    ('select * from tenk1 a join mixed b on b.n = a.thousand where b.id < 100',
     'select * from tenk1 a where exists (select 1 from mixed b where b.n = a.thousand and b.id < 100)', 370),
    ('select * from tenk1 a join onek b on b.stringu1 = a.stringu1',
     'select * from tenk1 a where exists (select 1 from onek b where b.stringu1 = a.stringu1)', 10000),
]

ANTI_JOINS = [
    ('select * from tenk1 a join onek b on b.unique1 = a.hundred',
     'select * from tenk1 a where not exists (select 1 from onek b where b.unique1 = a.hundred)', 1),
    ('select * from tenk1 a join tenk1 b on b.unique2 = a.unique1',
     'select * from tenk1 a where not exists (select 1 from tenk1 b where b.unique2 = a.unique1)', 1),
    ('select * from tenk1 a join mixed b on b.n = a.hundred',
     'select * from tenk1 a where not exists (select 1 from mixed b where b.n = a.hundred)', 6300),
]

# GROUP BY: estimate_num_groups
GROUPS = [
    ('select hundred from tenk1 group by hundred', 100),
    ('select thousand, hundred from tenk1 group by thousand, hundred', 1000),
    ('select unique1 from tenk1 group by unique1', 10000),
    ('select two, four from tenk1 group by two, four', 8),
    ('select hundred from tenk1 where unique1 < 500 group by hundred', 99),
    ('select ten, stringu1 from tenk1 group by ten, stringu1', 1000),
    ('select n from mixed group by n', 37),
    ('select b from mixed group by b', 2),
    ('select unique1 % 10 from tenk1 group by unique1 % 10', 10000),
    ('select f1 from int4_tbl group by f1', 5),
    ('select ten, four from tenk1 where unique1 < 100 group by ten, four', 37),
    ('select stringu1 from tenk1 group by stringu1', 676),
    ('select t, n from mixed group by t, n', 300),
    ('select d from mixed where x < 3 group by d', 67),
    ('select n, b from mixed group by n, b', 74),
    ('select t, d from mixed where n < 5 group by t, d', 250),
    ('select unique1 % 7, unique2 from tenk1 group by unique1 % 7, unique2', 10000),
]


def test_enough_cases():
    assert len(RESTRICTIONS_AND_JOINS) + len(SEMI_JOINS) + len(ANTI_JOINS) + len(GROUPS) >= 60


@pytest.mark.parametrize("sql,expected", RESTRICTIONS_AND_JOINS)
def test_rows_match_postgresql(sql, expected):
    assert estimate_rows(sql) == expected


@pytest.mark.parametrize("sql,pg_sql,expected", SEMI_JOINS)
def test_semi_join_rows_match_postgresql(sql, pg_sql, expected):
    assert estimate_rows(sql, "semi") == expected


@pytest.mark.parametrize("sql,pg_sql,expected", ANTI_JOINS)
def test_anti_join_rows_match_postgresql(sql, pg_sql, expected):
    assert estimate_rows(sql, "anti") == expected


@pytest.mark.parametrize("sql,expected", GROUPS)
def test_group_count_matches_postgresql(sql, expected):
    assert estimate_groups(sql) == expected


def test_actual_variable_range_reads_the_index_ends():
    from pgref.planner.selfuncs import get_actual_variable_range
    from .statsdb import database
    s = database()._session
    rel = s.db.cat.lookup_relation(None, "tenk1", s.search_path())
    attno = [c.name for c in rel.columns].index("thousand") + 1
    assert get_actual_variable_range(s.db, rel, attno) == (0, 999)
    two = [c.name for c in rel.columns].index("two") + 1
    assert get_actual_variable_range(s.db, rel, two) is None          # no index on it

"""Text search functions through SQL, against answers recorded from
PostgreSQL 15 (sql_cases.json: each expression's ``::text`` result; the
file was produced by running the same SELECTs on a real server).

Covers matching with phrase and negation (spec/14-tsearch.md, INV-TS-3),
ranking (INV-TS-4), ||, setweight, ts_filter, ts_delete, query operators,
the parser's token stream (INV-TS-5), to_tsvector positions (INV-TS-6),
the query constructors and the websearch syntax."""
import json
import pathlib

import pytest

import pgref
import pgref.dbapi

CASES = json.loads((pathlib.Path(__file__).parent / "sql_cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cur():
    conn = pgref.connect(":memory:", autocommit=True)
    yield conn.cursor()
    conn.close()


def one(cur, sql):
    cur.execute(sql)
    return cur.fetchone()[0]


@pytest.mark.parametrize("case", CASES, ids=[c["expr"][:60] for c in CASES])
def test_matches_postgresql(cur, case):
    assert one(cur, f"select ({case['expr']})::text") == case["expected"]


def test_tsvector_column_round_trips_through_the_heap(cur):
    cur.execute("create table docs (id int, v tsvector, q tsquery)")
    cur.execute("insert into docs values (1, 'a:1A b:2,3 c', 'a & !b'), (2, '', ''), (3, 'zz:7', 'zz:*')")
    cur.execute("select id, v::text as vt, q::text from docs order by v")     # tsvector_cmp: size first
    assert cur.fetchall() == [(2, "", ""), (3, "'zz':7", "'zz':*"), (1, "'a':1A 'b':2,3 'c'", "'a' & !'b'")]
    cur.execute("select id from docs order by q desc")
    assert cur.fetchall() == [(1,), (3,), (2,)]
    cur.execute("select id from docs where v @@ 'zz'::tsquery")
    assert cur.fetchall() == [(3,)]
    cur.execute("select count(*) from docs where v @@ q")
    assert cur.fetchone()[0] == 1
    cur.execute("drop table docs")


def test_unnest_rows(cur):
    cur.execute("select lexeme, positions::text, weights::text, positions[2] "
                "from unnest('a:1A,2 b'::tsvector)")
    assert cur.fetchall() == [("a", "{1,2}", "{A,D}", 2), ("b", None, None, None)]


def test_default_text_search_config(cur):
    assert one(cur, "select get_current_ts_config()::text") == "english"
    assert one(cur, "select to_tsvector('The cats')::text") == "'cat':2"
    cur.execute("set default_text_search_config = 'pg_catalog.simple'")
    try:
        assert one(cur, "select to_tsvector('The cats')::text") == "'cats':2 'the':1"
        assert one(cur, "select 'The cats' @@ 'cats'::tsquery") is True
    finally:
        cur.execute("reset default_text_search_config")


@pytest.mark.parametrize("sql,sqlstate,message", [
    ("select array_to_tsvector(ARRAY['a', NULL])", "22004", "lexeme array may not contain nulls"),
    ("select array_to_tsvector(ARRAY['a', ''])", "2200F", "lexeme array may not contain empty strings"),
    ("select ts_filter('a:1'::tsvector, '{a,NULL}')", "22004", "weight array may not contain nulls"),
    ("select tsquery_phrase('a', 'b', -1)", "22023",
     "distance in phrase operator must be an integer value between zero and 16384 inclusive"),
    ("select to_tsvector('nosuch', 'x')", "42704", 'text search configuration "nosuch" does not exist'),
    ("select ts_rank('{1,1,1}', 'a'::tsvector, 'a')", "2202E", "array of weight is too short"),
    ("select ts_rank('{1,1,1,2}', 'a'::tsvector, 'a')", "22023", "weight out of range"),
])
def test_errors(cur, sql, sqlstate, message):
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute(sql)
    assert (ei.value.sqlstate, str(ei.value)) == (sqlstate, message)


def test_notices():
    conn = pgref.connect(":memory:", autocommit=True)
    cur = conn.cursor()
    assert one(cur, "select to_tsquery('english', 'the & a')::text") == ""
    assert one(cur, "select to_tsvector('simple', 'a ' || repeat('x', 3000) || ' b')::text") \
        == "'a':1 'b':2"
    assert one(cur, "select ''::tsquery::text") == ""
    got = [(n.message, n.detail) for n in conn.notices]
    conn.close()
    assert got == [
        ("text-search query contains only stop words or doesn't contain lexemes, ignored", None),
        ("word is too long to be indexed", "Words longer than 2047 characters are ignored."),
        ("text-search query doesn't contain lexemes: \"\"", None)]


def test_ts_stat_and_query_rewrite(cur):
    cur.execute("create table tv (a tsvector)")
    cur.execute("insert into tv values ('a:1A b:2 c'), ('a:3B,4 d'), (NULL)")
    cur.execute("select * from ts_stat('select a from tv') order by word")
    assert cur.fetchall() == [("a", 2, 3), ("b", 1, 1), ("c", 1, 1), ("d", 1, 1)]
    cur.execute("select * from ts_stat('select a from tv', 'ab') order by word")
    assert cur.fetchall() == [("a", 2, 2)]
    cur.execute("create table rw (keyword tsquery, sample tsquery)")
    cur.execute("insert into rw values ('new & york', 'big & apple | nyc'), ('moscow', 'moskva | moscow')")
    assert one(cur, "select ts_rewrite('new & york & hotel'::tsquery, 'select keyword, sample from rw')::text") \
        == "'hotel' & ( 'nyc' | 'big' & 'apple' )"
    assert one(cur, "select ts_rewrite('moscow'::tsquery, 'select keyword, sample from rw')::text") \
        == "'moskva' | 'moscow'"
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute("select ts_rewrite('a'::tsquery, 'select keyword from rw')")
    assert str(ei.value) == "ts_rewrite query must return two tsquery columns"
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute("select * from ts_stat('select 1')")
    assert str(ei.value) == "ts_stat query must return one tsvector column"
    cur.execute("drop table tv")
    cur.execute("drop table rw")


@pytest.mark.parametrize("options,sqlstate,message", [
    ("MaxWords=x", "22P02", 'invalid input syntax for type integer: "x"'),
    ("MaxWords", "42601", 'invalid parameter list format: "MaxWords"'),
    ("Foo=1", "22023", 'unrecognized headline parameter: "Foo"'),
    ("MinWords=5, MaxWords=5", "22023", "MinWords should be less than MaxWords"),
    ("MinWords=0", "22023", "MinWords should be positive"),
    ("ShortWord=-1", "22023", "ShortWord should be >= 0"),
    ("MaxFragments=-1", "22023", "MaxFragments should be >= 0"),
])
def test_headline_option_errors(cur, options, sqlstate, message):
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute(f"select ts_headline('english', 'foo barbar', to_tsquery('english', 'foo'), '{options}')")
    assert (ei.value.sqlstate, str(ei.value)) == (sqlstate, message)


def test_headline_selector_too_long(cur):
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute("select ts_headline('english', 'foo', 'foo'::tsquery, 'StartSel=' || repeat('x', 32768))")
    assert str(ei.value) == 'value for "StartSel" is too long'
    assert one(cur, "select length(ts_headline('english', 'foo barbar', 'foo'::tsquery, "
                    "'StartSel=' || repeat('x', 32767)))") == 32781


def test_tsvector_update_trigger(cur):
    cur.execute("create table tt (id int, t text, u varchar, a tsvector)")
    cur.execute("create trigger t1 before insert or update on tt for each row "
                "execute procedure tsvector_update_trigger(a, 'pg_catalog.english', t, u)")
    cur.execute("insert into tt values (1, 'The cats sat', 'on mats'), (2, null, 'dogs run'), "
                "(4, 'cats the', 'mats')")
    cur.execute("update tt set u = 'big mats' where id = 1")
    cur.execute("select id, a::text from tt order by id")
    # answers of PostgreSQL 15; positions continue from one column to the next
    assert cur.fetchall() == [(1, "'big':4 'cat':2 'mat':5 'sat':3"), (2, "'dog':1 'run':2"),
                              (4, "'cat':1 'mat':3")]
    cur.execute("create table te (t text, a tsvector)")
    cur.execute("create trigger t3 before insert on te for each row "
                "execute procedure tsvector_update_trigger(a, 'english', t)")
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute("insert into te values ('x')")
    assert str(ei.value) == 'text search configuration name "english" must be schema-qualified'
    cur.execute("drop table tt")
    cur.execute("drop table te")


def test_catalogs_describe_what_exists(cur):
    cur.execute("select oid::int, cfgname::text, cfgparser::int from pg_ts_config order by oid")
    assert cur.fetchall() == [(3748, "simple", 3722), (13164, "english", 3722)]
    cur.execute("select dictname::text, dictinitoption from pg_ts_dict order by oid")
    assert cur.fetchall() == [("simple", None),
                              ("english_stem", "language = 'english', stopwords = 'english'")]
    # every mapped token type is one the parser knows, and every dictionary exists
    cur.execute("select count(*) from pg_ts_config_map m left join pg_ts_dict d on d.oid = m.mapdict "
                "where d.oid is null or m.maptokentype not in (select tokid from ts_token_type('default'))")
    assert cur.fetchone()[0] == 0
    cur.execute("select count(*) from pg_ts_config_map where mapcfg = 13164")
    assert cur.fetchone()[0] == 19


@pytest.mark.parametrize("flt,message,hint", [
    ("{}", "wrong flag type, only arrays and scalars are allowed", None),
    ('""', 'wrong flag in flag array: ""',
     'Possible values are: "string", "numeric", "boolean", "key", and "all".'),
    ('["all", null]', "flag array element is not a string",
     'Possible values are: "string", "numeric", "boolean", "key", and "all".'),
])
def test_json_filter_errors(cur, flt, message, hint):
    with pytest.raises(pgref.dbapi.Error) as ei:
        cur.execute(f"""select jsonb_to_tsvector('english', '{{"a": 1}}'::jsonb, '{flt}')""")
    assert (ei.value.sqlstate, str(ei.value)) == ("22023", message)
    assert ei.value.pgerror.hint == hint


@pytest.mark.parametrize("word,stem", [
    # words Snowball 3 stems differently from PostgreSQL 15's Snowball 2.2
    ("added", "ad"), ("internal", "intern"), ("pasted", "past"), ("interval", "interv"),
    ("generously", "generous"), ("skies", "sky"), ("the", None),
])
def test_english_stem_is_postgresql_15s(cur, word, stem):
    got = one(cur, f"select array_to_string(ts_lexize('english_stem', '{word}'), ',')")
    assert got == ("" if stem is None else stem)

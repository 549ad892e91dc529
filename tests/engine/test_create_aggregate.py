"""CREATE / DROP / ALTER AGGREGATE end to end (engine/aggregatecmds.py,
types/aggregates.py user aggregates, catalog pg_aggregate rows).  Expected
texts are PostgreSQL 15's (spec/12-functions.md, "User-defined aggregates")."""

import pgref
from .sqlhelp import err, rows


def test_builtin_support_functions_old_and_new_syntax(s):
    s.execute("create aggregate newavg (sfunc = int4_avg_accum, basetype = int4, stype = _int8, "
              "finalfunc = int8_avg, initcond1 = '{0,0}')")
    s.execute("create aggregate newsum (sfunc1 = int4pl, basetype = int4, stype1 = int4, initcond1 = '0')")
    s.execute("create aggregate newcnt (*) (sfunc = int8inc, stype = int8, initcond = '0', parallel = safe)")
    s.execute("create aggregate oldcnt (sfunc = int8inc, basetype = 'ANY', stype = int8, initcond = '0')")
    s.execute("create aggregate newcnt (\"any\") (sfunc = int8inc_any, stype = int8, initcond = '0')")
    s.execute("create table t (x int)")
    s.execute("insert into t values (1), (2), (null), (6)")
    assert rows(s, "select newavg(x)::text, newsum(x), newcnt(*), oldcnt(*), newcnt(x) from t") == \
        [("3.0000000000000000", 9, 4, 4, 3)]
    assert rows(s, "select newavg(x), newsum(x), newcnt(*), newcnt(x) from t where false") == [(None, 0, 0, 0)]
    r = rows(s, "select aggkind, aggtransfn::text, aggfinalfn::text, aggtranstype::regtype::text, agginitval "
                "from pg_aggregate where aggfnoid = 'newavg'::regproc")
    assert r == [("n", "int4_avg_accum", "int8_avg", "bigint[]", "{0,0}")]
    assert rows(s, "select prokind, proparallel, pronargs from pg_proc where proname = 'newcnt' "
                   "order by pronargs") == [("a", "s", 0), ("a", "u", 1)]


def test_user_sql_transition_strict_semantics(s):
    s.execute("create function sum3(int8,int8,int8) returns int8 as 'select $1 + $2 + $3' "
              "language sql strict immutable")
    s.execute("create aggregate sum2(int8,int8) (sfunc = sum3, stype = int8, initcond = '0')")
    assert rows(s, "select sum2(q1, q2) from (values (1::int8, 2::int8), (3, null), (10, 20)) v(q1, q2)") == [(33,)]
    # strict transition function with no initcond: the first non-null input is the state
    s.execute("create function mymax(int, int) returns int language sql strict as "
              "'select greatest($1, $2)'")
    s.execute("create aggregate mmax(int) (sfunc = mymax, stype = int)")
    assert rows(s, "select mmax(x) from (values (null::int), (3), (7), (null), (5)) v(x)") == [(7,)]
    assert rows(s, "select mmax(x) from (values (null::int)) v(x)") == [(None,)]


def test_polymorphic_and_final_extra(s):
    s.execute("create function acc(anyarray, anyelement) returns anyarray language sql immutable "
              "as 'select $1 || $2'")
    s.execute("create aggregate collect(anyelement) (sfunc = acc, stype = anyarray, initcond = '{}')")
    assert rows(s, "select collect(x)::text from (values (1), (2), (null)) v(x)") == [("{1,2,NULL}",)]
    assert rows(s, "select collect(x)::text from (values ('a'::text), ('b')) v(x)") == [("{a,b}",)]
    s.execute("create function fin(int8, int) returns text language sql as "
              "'select ''n='' || $1 || '' extra='' || coalesce($2::text, ''null'')'")
    s.execute("create aggregate cnt_extra(int) (sfunc = int8inc_any, stype = int8, initcond = '0', "
              "finalfunc = fin, finalfunc_extra)")
    assert rows(s, "select cnt_extra(x) from (values (1), (2)) v(x)") == [("n=2 extra=null",)]


def test_validation_errors(s):
    e = err(s, "create aggregate newavg2 (sfunc = int4pl, basetype = int4, stype = int4, "
               "finalfunc = int2um, initcond = '0')")
    assert (e.sqlstate, e.message) == ("42883", "function int2um(integer) does not exist")
    e = err(s, "create aggregate newcnt1 (sfunc = int4inc, stype = int4, initcond = '0')")
    assert (e.sqlstate, e.message) == ("42P13", "aggregate input type must be specified")
    e = err(s, "create aggregate a1 (int) (sfunc = int4pl)")
    assert (e.sqlstate, e.message) == ("42P13", "aggregate stype must be specified")
    e = err(s, "create aggregate a1 (int) (stype = int)")
    assert (e.sqlstate, e.message) == ("42P13", "aggregate sfunc must be specified")
    e = err(s, "create aggregate a1 (int) (sfunc = int4pl, stype = int, basetype = int)")
    assert e.message == "basetype is redundant with aggregate input type specification"
    s.execute("create function least_accum(int8, int8) returns int8 language sql as 'select least($1, $2)'")
    e = err(s, "create aggregate least_agg(int4) (stype = int8, sfunc = least_accum)")
    assert (e.sqlstate, e.message) == ("42804", "function least_accum(bigint, bigint) requires run-time type "
                                                "coercion")
    e = err(s, "create aggregate a2 (int) (sfunc = int4pl, stype = int8)")
    assert (e.sqlstate, e.message) == ("42883", "function int4pl(bigint, integer) does not exist")
    e = err(s, "create aggregate a3 (int8) (sfunc = int8inc_any, stype = int4, initcond = '0')")
    assert (e.sqlstate, e.message) == ("42804", 'function int8inc_any(bigint, "any") requires run-time type '
                                                'coercion')
    e = err(s, "create aggregate a4 (int4) (sfunc = int4pl, stype = int4, mstype = int4)")
    assert e.message == "aggregate msfunc must be specified when mstype is specified"
    e = err(s, "create aggregate a5 (int4) (sfunc = int4pl, stype = int4, initcond = 'x')")
    assert e.sqlstate == "22P02"
    e = err(s, "create aggregate a6 (int8) (sfunc = int8inc, stype = int8)")
    assert e.message == "function int8inc(bigint, bigint) does not exist"


def test_drop_alter_and_rollback(s):
    s.execute("create aggregate mysum (int4) (sfunc = int4pl, stype = int4)")
    e = err(s, "drop aggregate nonesuch (int4)")
    assert (e.sqlstate, e.message) == ("42883", "aggregate nonesuch(integer) does not exist")
    e = err(s, "drop aggregate mysum (float4)")
    assert e.message == "aggregate mysum(real) does not exist"
    e = err(s, "drop aggregate int4pl (int4, int4)")
    assert (e.sqlstate, e.message) == ("42809", "function int4pl(integer, integer) is not an aggregate")
    e = err(s, "drop aggregate mysum")
    assert e.sqlstate == "42601"
    s.execute("alter aggregate mysum(int4) rename to mysum2")
    assert rows(s, "select mysum2(x) from (values (1), (2)) v(x)") == [(3,)]
    s.execute("begin")
    s.execute("drop aggregate mysum2(int)")
    s.execute("rollback")
    assert rows(s, "select mysum2(x) from (values (4)) v(x)") == [(4,)]
    s.execute("begin")
    s.execute("create aggregate gone (int4) (sfunc = int4pl, stype = int4)")
    s.execute("rollback")
    assert err(s, "select gone(1)").sqlstate == "42883"
    s.execute("drop aggregate if exists nonesuch(int)")
    s.execute("drop aggregate mysum2(int4)")
    assert err(s, "select mysum2(1)").sqlstate == "42883"


def test_cascade_from_support_function_and_replace(s):
    s.execute("create function f_acc(int, int) returns int language sql as 'select coalesce($1,0) + $2'")
    s.execute("create aggregate f_agg(int) (sfunc = f_acc, stype = int)")
    e = err(s, "drop function f_acc(int, int)")
    assert e.sqlstate == "2BP01"
    s.execute("create or replace aggregate f_agg(int) (sfunc = f_acc, stype = int, initcond = '100')")
    assert rows(s, "select f_agg(x) from (values (1), (2)) v(x)") == [(103,)]
    e = err(s, "create aggregate f_agg(int) (sfunc = f_acc, stype = int)")
    assert e.sqlstate == "42723"
    s.execute("drop function f_acc(int, int) cascade")
    assert err(s, "select f_agg(1)").sqlstate == "42883"


def test_window_and_group_by(s):
    s.execute("create function acc(int8, int) returns int8 language sql strict as 'select $1 + $2'")
    s.execute("create aggregate s8(int) (sfunc = acc, stype = int8, initcond = '0')")
    assert rows(s, "select g, s8(x) from (values (1, 1), (1, 2), (2, 5)) v(g, x) group by g order by g") == \
        [(1, 3), (2, 5)]
    assert rows(s, "select x, s8(x) over (order by x rows between 1 preceding and current row) "
                   "from (values (1), (2), (3)) v(x) order by x") == [(1, 1), (2, 3), (3, 5)]


def test_persistence(tmp_path):
    path = str(tmp_path / "db")
    c = pgref.connect(path, autocommit=True)
    c._session.execute("create function acc(int8, int) returns int8 language sql strict as 'select $1 + $2'")
    c._session.execute("create aggregate s8(int) (sfunc = acc, stype = int8, initcond = '10')")
    c.close()
    c = pgref.connect(path, autocommit=True)
    assert c._session.execute("select s8(x) from (values (1), (2)) v(x)")[-1].rows == [(13,)]
    c.close()


def test_moving_aggregate_in_window_frames(s):
    s.execute("create function madd(int8, int) returns int8 language sql strict as 'select $1 + $2'")
    s.execute("create function msub(int8, int) returns int8 language sql strict as 'select $1 - $2'")
    s.execute("create aggregate msum(int) (sfunc = madd, stype = int8, initcond = '0', "
              "msfunc = madd, minvfunc = msub, mstype = int8, minitcond = '0')")
    r = rows(s, "select x, msum(x) over (order by x rows between 1 preceding and current row) "
                "from (values (1), (2), (null), (4), (8)) v(x) order by x")
    assert r == [(1, 1), (2, 3), (4, 6), (8, 12), (None, 8)]
    assert rows(s, "select aggmtransfn::text, aggminvtransfn::text, aggmtranstype::regtype::text, aggminitval "
                   "from pg_aggregate where aggfnoid = 'msum'::regproc") == [("madd", "msub", "bigint", "0")]


def test_comment_drop_function_and_polymorphic_checks(s):
    s.execute("create aggregate mysum (int4) (sfunc = int4pl, stype = int4)")
    s.execute("comment on aggregate mysum (int4) is 'a sum'")
    assert rows(s, "select obj_description('mysum'::regproc, 'pg_proc')") == [("a sum",)]
    e = err(s, "comment on aggregate nosuchagg (*) is 'x'")
    assert e.message == "aggregate nosuchagg(*) does not exist"
    e = err(s, "drop function mysum(int4)")
    assert (e.sqlstate, e.message, e.hint) == ("42809", '"mysum" is an aggregate function',
                                               "Use DROP AGGREGATE to drop aggregate functions.")
    e = err(s, "create aggregate bad_poly (int4) (sfunc = array_append, stype = anyarray)")
    assert (e.sqlstate, e.message) == ("42P13", "cannot determine transition data type")
    e = err(s, "create aggregate a7 (int4) (\"Sfunc\" = int4pl, stype = int4)")
    assert e.message == "aggregate sfunc must be specified"
    assert [n.message for n in s.notices][-1] == 'aggregate attribute "Sfunc" not recognized'


def test_transition_state_sharing(s):
    s.execute("create function noisy(int8, int) returns int8 language plpgsql strict as $$ "
              "begin raise notice 'noisy %', $2; return $1 + $2; end $$")
    s.execute("create function half(int8) returns int8 language sql as 'select $1 / 2'")
    s.execute("create aggregate nsum(int) (sfunc = noisy, stype = int8, initcond = '0')")
    s.execute("create aggregate nhalf(int) (sfunc = noisy, stype = int8, initcond = '0', finalfunc = half)")
    s.notices.clear()
    assert rows(s, "select nsum(x), nhalf(x) from (values (2), (4)) v(x)") == [(6, 3)]
    assert [n.message for n in s.notices] == ["noisy 2", "noisy 4"]
    s.notices.clear()
    assert rows(s, "select nsum(x), nhalf(x) filter (where x > 2) from (values (2), (4)) v(x)") == [(6, 2)]
    assert len(s.notices) == 3

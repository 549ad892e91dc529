"""CREATE / DROP / ALTER OPERATOR end to end (engine/operatorcmds.py,
catalog user_operators, analyzer operator resolution, persistence).
Expected texts are PostgreSQL 15's (spec/09-engine.md, "User-defined
operators"); each was checked against a real PostgreSQL 15."""

import pgref
from pgref.engine.operatorcmds import valid_operator_name
from .sqlhelp import err, rows


def test_valid_operator_names():
    for ok in ("~", "===", "!=-", "@#@", "?-", "<<>>", "#%#"):
        assert valid_operator_name(ok), ok
    for bad in ("", "!=", "+-", "=-", "a", "/*", "<--", "x" * 64):
        assert not valid_operator_name(bad), bad


def test_infix_and_prefix_operators(s):
    s.execute("create operator ## (leftarg = path, rightarg = path, function = path_inter, commutator = ##)")
    s.execute("create operator @#@ (rightarg = int8, procedure = factorial)")
    assert [str(r[0]) for r in rows(s, "select @#@ 24")] == ["620448401733239439360000"]
    s.execute("create operator !=- (rightarg = int8, procedure = factorial)")
    assert rows(s, "select !=- 10")[0][0] == 3628800
    assert rows(s, "select oprkind, oprleft, oprcom = oid from pg_operator where oprname = '##' "
                   "and oid >= 16384") == [("b", 602, True)]
    assert rows(s, "select oprkind, oprleft from pg_operator where oprname = '@#@' "
                   "and oid >= 16384") == [("l", 0)]


def test_definition_errors(s):
    e = err(s, "create operator #%# (leftarg = int8, procedure = factorial)")
    assert (e.message, e.detail) == ("operator right argument type must be specified",
                                     "Postfix operators are not supported.")
    assert err(s, "create operator #@%# (procedure = factorial)").message == \
        "operator argument types must be specified"
    assert err(s, "create operator #@%# (rightarg = int8)").message == "operator function must be specified"
    assert err(s, "create operator #*# (leftarg = setof int8, procedure = factorial)").message == \
        "SETOF type not allowed for operator argument"
    assert err(s, "create operator @@@+ (procedure = nosuch, leftarg = int4, rightarg = int4)").message == \
        "function nosuch(integer, integer) does not exist"
    assert err(s, "create operator @+- (procedure = int4pl, leftarg = int4, rightarg = int4, negator = !!!)"
               ).message == "only boolean operators can have negators"
    assert err(s, "create operator @+ (procedure = int4pl, leftarg = int4, rightarg = int4, hashes)").message == \
        "only boolean operators can hash"
    assert err(s, "create operator @@+ (procedure = int4eq, leftarg = int4, rightarg = int4, negator = @@+)"
               ).message == "operator cannot be its own negator or sort operator"
    assert err(s, "create operator @@@+ (procedure = int4up, rightarg = int4, commutator = @@@+)").message == \
        "only binary operators can have commutators"
    assert err(s, "create operator ### (procedure = int4pl, leftarg = int4, rightarg = int4, restrict = int4pl)"
               ).message == "function int4pl(internal, oid, internal, integer) does not exist"
    s.execute("create operator @+ (procedure = int4pl, leftarg = int4, rightarg = int4)")
    e = err(s, "create operator @+ (procedure = int4pl, leftarg = int4, rightarg = int4)")
    assert (e.sqlstate, e.message) == ("42723", "operator @+ already exists")
    e = err(s, "create operator => (rightarg = int8, procedure = factorial)")
    assert e.message == 'syntax error at or near "=>"'


def test_unrecognized_attributes_warn(s):
    s.notices.clear()
    e = err(s, 'create operator === ("Leftarg" = box, "Procedure" = area_equal_function, "Hashes")')
    assert e.message == "operator function must be specified"
    assert [(n.severity, n.message) for n in s.notices] == [
        ("WARNING", 'operator attribute "Leftarg" not recognized'),
        ("WARNING", 'operator attribute "Procedure" not recognized'),
        ("WARNING", 'operator attribute "Hashes" not recognized')]


def test_shells_links_and_drop(s):
    s.execute("create operator <<>> (procedure = int4eq, leftarg = int4, rightarg = int4, "
              "commutator = <<>>, negator = >><<, hashes)")
    e = err(s, "select 1 >><< 1")
    assert e.message == "operator is only a shell: integer >><< integer"
    assert rows(s, "select oprname, oprresult, oprcode::oid = 0, oprnegate = '<<>>'::regoper from pg_operator "
                   "where oprname = '>><<'") == [(">><<", 0, True, True)]
    # filling the shell in keeps its OID
    shell = rows(s, "select oid from pg_operator where oprname = '>><<'")[0][0]
    s.execute("create operator >><< (procedure = int4ne, leftarg = int4, rightarg = int4, negator = <<>>)")
    assert rows(s, "select oid, oprcode::text from pg_operator where oprname = '>><<'") == [(shell, "int4ne")]
    assert rows(s, "select 1 <<>> 1, 1 >><< 1") == [(True, False)]
    s.execute("drop operator >><<(int4, int4)")
    assert rows(s, "select oprnegate, oprcom = oid from pg_operator where oprname = '<<>>'") == [(0, True)]
    assert rows(s, "select count(*) from pg_operator fk where oprnegate != 0 and not exists "
                   "(select 1 from pg_operator pk where pk.oid = fk.oprnegate)") == [(0,)]


def test_drop_errors_and_if_exists(s):
    assert err(s, "drop operator ###### (none, int4)").message == "operator does not exist: ###### integer"
    assert err(s, "drop operator ###### (int4, none)").message == "postfix operators are not supported"
    assert err(s, "drop operator ###### (int4, int8)").message == "operator does not exist: integer ###### bigint"
    assert err(s, "comment on operator ###### (int4, int8) is 'x'").message == \
        "operator does not exist: integer ###### bigint"
    e = err(s, "drop operator +(int, int)")
    assert (e.sqlstate, e.message) == ("2BP01", "cannot drop operator +(integer,integer) because it is "
                                                "required by the database system")
    s.notices.clear()
    s.execute("drop operator if exists ####(int, int)")
    s.execute("drop operator if exists nosuch.###(int, int)")
    s.execute("drop operator if exists ###(nosuchtype, int)")
    assert [n.message for n in s.notices] == ["operator #### does not exist, skipping",
                                              'schema "nosuch" does not exist, skipping',
                                              'type "nosuchtype" does not exist, skipping']


def test_alter_operator_set_restrict_join(s):
    s.execute("create function alter_op_test_fn(boolean, boolean) returns boolean as "
              "$$ select null::boolean; $$ language sql immutable")
    s.execute("create function customcontsel(internal, oid, internal, integer) returns float8 as 'contsel' "
              "language internal stable strict")
    s.execute("create operator === (leftarg = boolean, rightarg = boolean, procedure = alter_op_test_fn, "
              "commutator = ===, negator = !==, restrict = customcontsel, join = contjoinsel, hashes, merges)")
    q = "select oprrest::text, oprjoin::text from pg_operator where oprname = '==='"
    assert rows(s, q) == [("customcontsel", "contjoinsel")]
    s.execute("alter operator === (boolean, boolean) set (restrict = none, join = none)")
    assert rows(s, q) == [("-", "-")]
    s.execute("alter operator === (boolean, boolean) set (restrict = contsel)")
    assert rows(s, q) == [("contsel", "-")]
    for opt in ("commutator", "negator"):
        assert err(s, f"alter operator === (boolean, boolean) set ({opt} = ====)").message == \
            f'operator attribute "{opt}" cannot be changed'
    assert err(s, "alter operator === (boolean, boolean) set (restrict = non_existent_func)").message == \
        "function non_existent_func(internal, oid, internal, integer) does not exist"
    assert err(s, "alter operator === (boolean, boolean) set (join = non_existent_func)").message == \
        "function non_existent_func(internal, oid, internal, smallint, internal) does not exist"
    assert err(s, 'alter operator & (bit, bit) set ("Restrict" = _int_contsel)').message == \
        'operator attribute "Restrict" not recognized'


def test_domain_operator_in_case(s):
    s.execute("create domain foodomain as text")
    s.execute("create function volfoo(text) returns foodomain as 'begin return $1::foodomain; end' "
              "language plpgsql volatile")
    s.execute("create function inline_eq(foodomain, foodomain) returns boolean as "
              "'SELECT CASE $2::text WHEN $1::text THEN true ELSE false END' language sql")
    s.execute("create operator = (procedure = inline_eq, leftarg = foodomain, rightarg = foodomain)")
    q = "select case volfoo('{}') when 'foo'::foodomain then 'is foo' else 'is not foo' end"
    assert rows(s, q.format("bar")) == [("is not foo",)]
    assert rows(s, q.format("foo")) == [("is foo",)]


def test_schemas_visibility_and_deparse(s):
    s.execute("create schema s2")
    s.execute("create operator s2.### (procedure = int4pl, leftarg = int4, rightarg = int4)")
    assert err(s, "select 1 ### 2").message == "operator does not exist: integer ### integer"
    assert rows(s, "select 1 operator(s2.###) 2") == [(3,)]
    s.execute("create view v2 as select 1 operator(s2.###) 2 as y")
    assert rows(s, "select pg_get_viewdef('v2')") == [(" SELECT (1 OPERATOR(s2.###) 2) AS y;",)]
    plan = rows(s, "explain (costs off, verbose) select x operator(s2.###) 2 from generate_series(1, 2) x")
    assert plan[-1] == ("  Output: (x OPERATOR(s2.###) 2)",)
    s.execute("set search_path = s2, public")
    assert rows(s, "select 1 ### 2") == [(3,)]
    assert rows(s, "select pg_get_viewdef('v2')") == [(" SELECT (1 ### 2) AS y;",)]
    s.execute("reset search_path")
    s.execute("alter operator s2.### (int, int) set schema public")
    assert rows(s, "select 1 ### 2, '###(int4,int4)'::regoperator::text") == [(3, "###(integer,integer)")]
    s.execute("comment on operator ### (int, int) is 'plus'")
    assert rows(s, "select obj_description('###(int4,int4)'::regoperator, 'pg_operator')") == [("plus",)]


def test_rollback_undoes_create(s):
    s.execute("begin")
    s.execute("create operator <=> (procedure = int4eq, leftarg = int4, rightarg = int4)")
    assert rows(s, "select 2 <=> 2") == [(True,)]
    s.execute("rollback")
    assert err(s, "select 2 <=> 2").message == "operator does not exist: integer <=> integer"


def test_operator_survives_reopen(tmp_path):
    d = str(tmp_path / "data")
    c = pgref.connect(d, autocommit=True)
    c._session.execute("create operator <<>> (procedure = int4eq, leftarg = int4, rightarg = int4, "
                       "commutator = <<>>, negator = >><<, hashes)")
    c._session.execute("comment on operator <<>>(int4, int4) is 'kept'")
    c.close()
    c = pgref.connect(d, autocommit=True)
    s = c._session
    assert rows(s, "select 1 <<>> 1, 2 <<>> 1") == [(True, False)]
    assert rows(s, "select oprname, oprcanhash, oprcom = oid, obj_description(oid, 'pg_operator') "
                   "from pg_operator where oid >= 16384 and oprcode::oid <> 0") == [("<<>>", True, True, "kept")]
    assert err(s, "select 1 >><< 1").message == "operator is only a shell: integer >><< integer"
    c.close()


def test_drop_function_and_schema_reach_operators(s):
    s.execute("create function f2(int4, int4) returns int4 as 'select $1 + $2' language sql")
    s.execute("create operator #### (procedure = f2, leftarg = int4, rightarg = int4)")
    e = err(s, "drop function f2(int4, int4)")
    assert (e.message, e.detail) == ("cannot drop function f2(integer,integer) because other objects depend on it",
                                     "operator ####(integer,integer) depends on function f2(integer,integer)")
    s.execute("drop function f2(int4, int4) cascade")
    assert rows(s, "select count(*) from pg_operator where oprname = '####'") == [(0,)]
    s.execute("create schema s2")
    s.execute("create operator s2.### (procedure = int4pl, leftarg = int4, rightarg = int4)")
    e = err(s, "drop schema s2")
    assert e.detail == "operator s2.###(integer,integer) depends on schema s2"
    s.notices.clear()
    s.execute("drop schema s2 cascade")
    assert [n.message for n in s.notices] == ["drop cascades to operator s2.###(integer,integer)"]
    assert rows(s, "select count(*) from pg_operator where oid >= 16384") == [(0,)]

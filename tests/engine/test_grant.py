"""GRANT / REVOKE and OWNER TO (spec/09-engine.md, "Privileges (stored, not
enforced)"): ACLs stored in PostgreSQL's aclitem text form, read back
through pg_class.relacl, pg_attribute.attacl, pg_namespace.nspacl,
pg_database.datacl and has_table_privilege()."""

import pgref
from pgref.engine.grant import acl_update, acldefault, format_aclitem, parse_aclitem
from .sqlhelp import err


def q(s, sql):
    return s.execute(sql)[-1].rows


def acl(s, sql):
    v = q(s, sql)[0][0]
    return None if v is None else list(v.elements)


def test_aclitem_text_round_trip():
    assert parse_aclitem("postgres=a*r*w/postgres") == ("postgres", "arw", "ar", "postgres")
    assert parse_aclitem("=r/postgres") == ("", "r", "", "postgres")
    assert format_aclitem("", "ra", "", "postgres") == "=ar/postgres"          # INV-ACL-2: canonical order
    assert format_aclitem("Odd Name", "r", "r", "postgres") == '"Odd Name"=r*/postgres'
    assert parse_aclitem('"Odd Name"=r*/postgres')[0] == "Odd Name"
    assert acldefault("database", "postgres") == ["=Tc/postgres", "postgres=CTc/postgres"]
    assert acldefault("table", "o") == ["o=arwdDxt/o"]


def test_acl_update_rules():
    a = acl_update(["o=arwdDxt/o"], "", "o", "r", True, False)
    assert a == ["o=arwdDxt/o", "=r/o"]                               # new entry appended
    a = acl_update(a, "", "o", "a", True, False)
    assert a == ["o=arwdDxt/o", "=ar/o"]                              # existing entry changed in place
    a = acl_update(a, "", "o", "ar", False, False)
    assert a == ["o=arwdDxt/o"]                                       # emptied entry removed
    a = acl_update(["o=arwdDxt/o"], "o", "o", "r", True, True)
    assert a == ["o=ar*wdDxt/o"]
    assert acl_update(a, "o", "o", "r", False, False, options_only=True) == ["o=arwdDxt/o"]


def test_grant_and_revoke_on_table(s):
    s.execute("create table g (a int)")
    assert acl(s, "select relacl from pg_class where relname = 'g'") is None        # INV-ACL-1: default
    s.execute("grant select, insert on g to public")
    assert acl(s, "select relacl from pg_class where relname = 'g'") == ["postgres=arwdDxt/postgres",
                                                                         "=ar/postgres"]
    assert s.execute("revoke insert on g from public")[0].tag == "REVOKE"
    s.execute("grant all on table g to postgres with grant option")
    assert acl(s, "select relacl from pg_class where relname = 'g'") == ["postgres=a*r*w*d*D*x*t*/postgres",
                                                                         "=r/postgres"]
    s.execute("revoke grant option for select on g from postgres")
    assert acl(s, "select relacl from pg_class where relname = 'g'")[0] == "postgres=a*rw*d*D*x*t*/postgres"
    assert q(s, "select has_table_privilege('public', 'g', 'select'), has_table_privilege('public', 'g', "
                "'insert'), has_table_privilege('g', 'truncate'), has_table_privilege('postgres', 'g', "
                "'select with grant option')") == [(True, False, True, True)]


def test_column_privileges(s):
    s.execute("create table g (a int, b int)")
    s.execute("grant update (a), select (a, b) on g to public")
    rows = q(s, "select attname, attacl from pg_attribute where attrelid = 'g'::regclass and attnum > 0 "
                "order by attnum")
    assert [(n, list(v.elements)) for n, v in rows] == [("a", ["=rw/postgres"]), ("b", ["=r/postgres"])]
    assert acl(s, "select relacl from pg_class where relname = 'g'") is None
    assert err(s, "grant select (zz) on g to public").sqlstate == "42703"
    assert err(s, "grant delete (a) on g to public").sqlstate == "0LP01"


def test_schema_database_and_all_tables(s):
    s.execute("grant all on schema public to public")
    assert acl(s, "select nspacl from pg_namespace where nspname = 'public'") == [
        "pg_database_owner=UC/pg_database_owner", "=UC/pg_database_owner"]
    s.execute("create schema sch")
    s.execute("create table sch.t1 (a int)")
    s.execute("create view sch.v as select 1 as x")
    s.execute("create sequence sch.sq")
    s.execute("grant select on all tables in schema sch to public")
    assert q(s, "select relname, relacl is not null from pg_class c join pg_namespace n "
                "on n.oid = c.relnamespace where nspname = 'sch' order by 1") == \
        [("sq", False), ("t1", True), ("v", True)]
    s.execute("grant usage on all sequences in schema sch to public")
    assert acl(s, "select relacl from pg_class where relname = 'sq'") == ["postgres=rwU/postgres", "=U/postgres"]
    s.execute("grant usage on schema sch to public")
    assert acl(s, "select nspacl from pg_namespace where nspname = 'sch'") == ["postgres=UC/postgres",
                                                                               "=U/postgres"]
    assert q(s, "select has_schema_privilege('public', 'sch', 'usage'), "
                "has_schema_privilege('public', 'sch', 'create')") == [(True, False)]
    s.execute("grant create on database postgres to public")
    assert acl(s, "select datacl from pg_database where datname = 'postgres'") == ["=CTc/postgres",
                                                                                   "postgres=CTc/postgres"]


def test_errors(s):
    s.execute("create table g (a int)")
    s.execute("create sequence sq")
    cases = [("grant select on g to regress_nobody", "42704", 'role "regress_nobody" does not exist'),
             ("grant usage on g to public", "0LP01", "invalid privilege type USAGE for table"),
             ("grant frob on g to public", "42601", 'unrecognized privilege type "frob"'),
             ("grant usage on sequence g to public", "42809", '"g" is not a sequence'),
             ("grant select on g to public with grant option", "0LP01",
              "grant options can only be granted to roles"),
             ("grant usage on schema nosuch to public", "3F000", 'schema "nosuch" does not exist'),
             ("grant select on nosuch to public", "42P01", 'relation "nosuch" does not exist'),
             ("grant execute on function f(int) to public", "42883", "function f(integer) does not exist")]
    for sql, state, message in cases:
        e = err(s, sql)
        assert e.sqlstate == state, sql
        if message:
            assert e.message == message, sql
    # table privileges on a sequence: a WARNING, the rest kept
    s.execute("grant select, insert on sq to public")
    assert [n.message for n in s.notices] == ['sequence "sq" only supports USAGE, SELECT, and UPDATE privileges']
    assert acl(s, "select relacl from pg_class where relname = 'sq'") == ["postgres=rwU/postgres", "=r/postgres"]


def test_grant_rolls_back(s):
    s.execute("create table g (a int)")
    s.execute("begin")
    s.execute("grant select on g to public")
    s.execute("rollback")
    assert acl(s, "select relacl from pg_class where relname = 'g'") is None


def test_owner_to(s):
    s.execute("create table g (a serial)")
    s.execute("grant select on g to public")
    s.execute("alter table g owner to pg_monitor")
    assert q(s, "select relname, pg_get_userbyid(relowner) from pg_class where relname in ('g', 'g_a_seq') "
                "order by 1") == [("g", "pg_monitor"), ("g_a_seq", "pg_monitor")]
    assert acl(s, "select relacl from pg_class where relname = 'g'") == ["pg_monitor=arwdDxt/pg_monitor",
                                                                         "=r/pg_monitor"]
    assert err(s, "alter table g owner to regress_nobody").sqlstate == "42704"
    s.execute("create schema sch")
    s.execute("alter schema sch owner to pg_monitor")
    assert q(s, "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'sch'") == [("pg_monitor",)]
    assert err(s, "alter schema nosuch owner to postgres").sqlstate == "3F000"


def test_acls_persist(tmp_path):
    d = str(tmp_path / "db")
    c = pgref.connect(d, autocommit=True)
    c._session.execute("create table g (a int)")
    c._session.execute("grant select on g to public")
    c._session.execute("grant update (a) on g to public")
    c.close()
    s = pgref.connect(d, autocommit=True)._session
    assert acl(s, "select relacl from pg_class where relname = 'g'") == ["postgres=arwdDxt/postgres",
                                                                         "=r/postgres"]
    assert acl(s, "select attacl from pg_attribute where attrelid = 'g'::regclass and attname = 'a'") == \
        ["=w/postgres"]


def test_owner_to_on_views_and_sequences_shows_in_system_views(s):
    s.execute("create table g (a int)")
    s.execute("create view gv as select * from g")
    s.execute("create sequence gs")
    s.execute("alter table gv owner to pg_monitor")          # ALTER TABLE serves views and sequences too
    s.execute("alter sequence gs owner to pg_monitor")
    s.execute("alter table g owner to pg_monitor")
    assert q(s, "select tableowner from pg_tables where tablename = 'g'") == [("pg_monitor",)]
    assert q(s, "select viewowner from pg_views where viewname = 'gv'") == [("pg_monitor",)]
    assert q(s, "select sequenceowner from pg_sequences where sequencename = 'gs'") == [("pg_monitor",)]
    assert err(s, "alter table gv add column b int").sqlstate == "42809"

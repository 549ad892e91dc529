"""asyncpg against ``pgref serve``: asyncpg speaks only the extended
protocol with binary parameters and results, and introspects every type it
does not know with recursive queries over pg_type, pg_range, pg_attribute
(spec/10-wire-protocol.md, "Tests that pin it down")."""
from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import io
import uuid

import pytest

asyncpg = pytest.importorskip("asyncpg", reason="asyncpg is in the test extras (pip install asyncpg)")


def run(server, body):
    async def main():
        conn = await asyncpg.connect(host="127.0.0.1", port=server.port, user="postgres",
                                     database="postgres", timeout=10)
        try:
            return await body(conn)
        finally:
            await conn.close()
    return asyncio.run(main())


def test_connect_and_fetch(server):
    async def body(conn):
        assert conn.get_server_version().major == 15
        rows = await conn.fetch("select 1 as a, 'x'::text as b union all select 2, null order by a")
        assert [tuple(r) for r in rows] == [(1, "x"), (2, None)]
        assert rows[0]["b"] == "x"
        assert await conn.fetchval("select $1::int8 * 2", 21) == 42
        assert await conn.fetchval("select current_database()") == "postgres"
    run(server, body)


UTC = dt.timezone.utc
VALUES = [
    ("int2", 1, -32768),
    ("int4", 2, 2147483647),
    ("int8", 3, -(2 ** 63)),
    ("float4", 1.5, float("inf")),
    ("float8", 2.25, -0.0),
    ("numeric", decimal.Decimal("12345678901234567890.123456789"), decimal.Decimal("-0.000001")),
    ("text", "héllo", ""),
    ("varchar", "v", "w" * 100),
    ("bpchar", "c   ", "d"),
    ("bytea", b"\x00\xff\x10", b""),
    ("bool", True, False),
    ("date", dt.date(2020, 2, 29), dt.date(1, 1, 1)),
    ("time", dt.time(23, 59, 59, 999999), dt.time(0, 0)),
    ("timetz", dt.time(1, 2, 3, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
     dt.time(4, 5, 6, tzinfo=UTC)),
    ("timestamp", dt.datetime(2001, 2, 3, 4, 5, 6, 789), dt.datetime(1999, 12, 31, 23, 59, 59)),
    ("timestamptz", dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC), dt.datetime(1970, 1, 1, tzinfo=UTC)),
    ("interval", dt.timedelta(days=3, seconds=7, microseconds=5), dt.timedelta(0)),
    ("uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), uuid.UUID(int=0)),
    ("json", '{"a": [1, 2.5, null]}', "[]"),
    ("oid", 16384, 0),
    ("name", "a_name", "x"),
    ("int4[]", [1, None, 3], []),
    ("text[]", ["a", "b c", None, "{"], ["x"]),
    ("float8[]", [1.5, -2.0], [0.0]),
    ("numeric[]", [decimal.Decimal("1.10"), None], []),
    ("date[]", [dt.date(2000, 1, 1)], []),
    ("bool[]", [True, False, None], []),
    ("bytea[]", [b"\x01", b""], []),
    ("uuid[]", [uuid.UUID(int=1)], []),
    ("timestamptz[]", [dt.datetime(2020, 5, 6, 7, 8, 9, tzinfo=UTC)], []),
]


def test_parameter_round_trip(server):
    """Every value sent as a binary parameter comes back equal, directly and
    through a table column, and its text form (the server's output function
    applied to what asyncpg sent) reads back to the same text.  One
    connection: asyncpg introspects the array types once, in one query."""
    async def body(conn):
        casts = ", ".join(f"${i}::{typ}" for i, (typ, _a, _b) in enumerate(VALUES, 1))
        warm = await conn.fetchrow(f"select {casts}", *[a for _t, a, _b in VALUES])
        failures = []
        for (typ, a, b), got in zip(VALUES, warm):
            try:
                assert got == a
                assert await conn.fetchval(f"select $1::{typ}", None) is None
                table = "rt_" + typ.replace("[]", "_arr")
                await conn.execute(f"create temp table {table} (k int, v {typ})")
                await conn.executemany(f"insert into {table} values ($1, $2)", [(1, a), (2, b)])
                rows = await conn.fetch(f"select k, v from {table} order by k")
                assert [(r["k"], r["v"]) for r in rows] == [(1, a), (2, b)]
                t1 = await conn.fetchval(f"select v::text from {table} where k = 1")
                t2 = await conn.fetchval(f"select ($1::text)::{typ}::text", t1)
                assert t1 == t2
            except (AssertionError, asyncpg.PostgresError) as e:
                failures.append(f"{typ}: {e!r}")
        assert failures == []
    run(server, body)


def test_executemany_transactions_and_errors(server):
    async def body(conn):
        await conn.execute("create table am (id serial primary key, name text unique, qty int default 0)")
        await conn.executemany("insert into am (name, qty) values ($1, $2)", [(f"n{i}", i) for i in range(50)])
        assert await conn.fetchval("select count(*) from am") == 50
        assert await conn.fetchval("select sum(qty) from am") == sum(range(50))
        with pytest.raises(asyncpg.UniqueViolationError) as ei:
            await conn.execute("insert into am (name) values ('n1')")
        assert ei.value.sqlstate == "23505"
        assert ei.value.constraint_name == "am_name_key"
        async with conn.transaction():
            await conn.execute("update am set qty = qty + 100 where id <= 10")
        assert await conn.fetchval("select sum(qty) from am") == sum(range(50)) + 1000
        with pytest.raises(ZeroDivisionError):
            async with conn.transaction():
                await conn.execute("delete from am")
                raise ZeroDivisionError
        assert await conn.fetchval("select count(*) from am") == 50
        async with conn.transaction():
            await conn.execute("insert into am (name) values ('sp')")
            with pytest.raises(asyncpg.DivisionByZeroError):
                async with conn.transaction():          # a savepoint
                    await conn.execute("insert into am (name) values ('gone')")
                    await conn.fetchval("select 1 / $1::int", 0)
        assert await conn.fetchval("select count(*) from am where name in ('sp', 'gone')") == 1
        with pytest.raises(asyncpg.UndefinedTableError) as ei:
            await conn.fetch("select * from no_such_table")
        assert ei.value.position == "15"
    run(server, body)


def test_prepared_statements_and_cursor(server):
    async def body(conn):
        await conn.execute("create table ap as select g as id, g * 1.5 as f, 'r' || g as s "
                           "from generate_series(1, 100) g")
        stmt = await conn.prepare("select id, f, s from ap where id between $1 and $2 order by id")
        assert [a.name for a in stmt.get_attributes()] == ["id", "f", "s"]
        assert [t.name for t in stmt.get_parameters()] == ["int4", "int4"]
        rows = await stmt.fetch(3, 5)
        assert [tuple(r) for r in rows] == [(3, decimal.Decimal("4.5"), "r3"), (4, decimal.Decimal("6.0"), "r4"),
                                            (5, decimal.Decimal("7.5"), "r5")]
        assert await stmt.fetchval(10, 10) == 10
        async with conn.transaction():
            got = [r["id"] async for r in stmt.cursor(1, 100, prefetch=7)]
            assert got == list(range(1, 101))
            cur = await stmt.cursor(1, 100)
            assert [r["id"] for r in await cur.fetch(3)] == [1, 2, 3]
            assert [r["id"] for r in await cur.fetch(2)] == [4, 5]
            assert (await cur.fetchrow())["id"] == 6
    run(server, body)


def test_composite_enum_and_domain_introspection(server):
    """asyncpg's introspection of a table row type (composite) and an array
    of it: the recursive pg_type query with correlated WITH RECURSIVE."""
    async def body(conn):
        await conn.execute("create table comp (a int, b text)")
        await conn.execute("insert into comp values (1, 'x'), (2, null)")
        rows = await conn.fetch("select c from comp c order by a")
        assert [tuple(r["c"]) for r in rows] == [(1, "x"), (2, None)]
        arr = await conn.fetchval("select array_agg(c order by a) from comp c")
        assert [tuple(x) for x in arr] == [(1, "x"), (2, None)]
        # an enum (kind 'e') and a domain over a domain (the recursive
        # typebases query finds int4 at the bottom)
        await conn.execute("create type mood as enum ('sad', 'ok', 'happy')")
        await conn.execute("create domain posint as int check (value > 0)")
        await conn.execute("create domain smallpos as posint check (value < 100)")
        await conn.execute("create table moods (m mood, p smallpos, ms mood[])")
        await conn.execute("insert into moods values ($1, $2, $3)", "happy", 7, ["sad", "ok"])
        row = await conn.fetchrow("select m, p, ms from moods")
        assert tuple(row) == ("happy", 7, ["sad", "ok"])
        assert await conn.fetchval("select count(*) from moods where m > $1", "sad") == 1
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute("insert into moods (p) values ($1)", 100)
        with pytest.raises(asyncpg.InvalidTextRepresentationError):
            await conn.execute("insert into moods (m) values ($1)", "angry")
    run(server, body)


def test_copy(server):
    async def body(conn):
        await conn.execute("create table acp (id int, name text, amount numeric)")
        await conn.copy_records_to_table("acp", records=[(1, "a", decimal.Decimal("1.5")), (2, None, None)])
        buf = io.BytesIO()
        await conn.copy_from_query("select * from acp order by id", output=buf)
        assert buf.getvalue() == b"1\ta\t1.5\n2\t\\N\t\\N\n"
        buf = io.BytesIO()
        await conn.copy_from_table("acp", output=buf, format="csv")
        assert buf.getvalue() == b"1,a,1.5\n2,,\n"
        await conn.copy_to_table("acp", source=io.BytesIO(b"3\tc\t7\n"))
        assert await conn.fetchval("select count(*) from acp") == 3
    run(server, body)

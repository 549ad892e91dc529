"""psycopg 3 server-side (named) cursors against ``pgref serve``: psycopg
drives them with DECLARE ... CURSOR / FETCH FORWARD n / MOVE / CLOSE
(engine/cursors.py, spec/09-engine.md "Cursors")."""
import psycopg


def test_named_cursor_streams_rows(psycopg_dsn):
    with psycopg.connect(psycopg_dsn) as conn:
        with conn.cursor() as setup:
            setup.execute("create table nc (i int)")
            setup.execute("insert into nc select g from generate_series(1, 2500) g")
        with conn.cursor(name="big") as cur:
            cur.itersize = 100
            cur.execute("select i from nc order by i")
            assert cur.fetchone() == (1,)
            assert [r[0] for r in cur.fetchmany(3)] == [2, 3, 4]
            rest = [r[0] for r in cur]
            assert rest[0] == 5 and rest[-1] == 2500 and len(rest) == 2496
        with conn.cursor(name="scrolly", scrollable=True) as cur:
            cur.execute("select i from nc where i <= 10 order by i")
            cur.scroll(5, mode="absolute")
            assert cur.fetchone() == (6,)
            cur.scroll(-3)
            assert cur.fetchone() == (4,)
        with conn.cursor(name="held", withhold=True) as cur:
            cur.execute("select count(*) from nc")
            conn.commit()
            assert cur.fetchone() == (2500,)
        conn.rollback()
        with conn.cursor() as c:
            c.execute("drop table nc")
        conn.commit()

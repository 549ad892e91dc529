"""SQLAlchemy 2 (Core and ORM) on psycopg 3 against ``pgref serve``.

SQLAlchemy's PostgreSQL dialect asks the server many pg_catalog questions:
on connect (version, standard_conforming_strings, current_schema), for
``create_all``/``drop_all`` (does the table exist?) and for reflection
(columns with their types and defaults, primary keys, foreign keys,
indexes, unique constraints).  Every answer here must be PostgreSQL's
(spec/04-catalog.md, "Queryable catalogs"; spec/10-wire-protocol.md).
"""
from __future__ import annotations

import datetime as dt
import decimal

import pytest

sa = pytest.importorskip("sqlalchemy", reason="SQLAlchemy is in the test extras (pip install sqlalchemy)")
from sqlalchemy import orm  # noqa: E402


@pytest.fixture(scope="module")
def engine(server):
    eng = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/postgres")
    yield eng
    eng.dispose()


class Base(orm.DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "sa_author"
    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)            # serial
    name: orm.Mapped[str] = orm.mapped_column(sa.String(80), unique=True)
    born: orm.Mapped[dt.date | None]
    created: orm.Mapped[dt.datetime] = orm.mapped_column(server_default=sa.func.now())
    books: orm.Mapped[list["Book"]] = orm.relationship(back_populates="author", order_by="Book.id",
                                                       cascade="all, delete-orphan")


class Book(Base):
    __tablename__ = "sa_book"
    __table_args__ = (sa.UniqueConstraint("author_id", "title", name="sa_book_author_title"),
                      sa.Index("sa_book_price_idx", "price"))
    id: orm.Mapped[int] = orm.mapped_column(sa.Identity(start=100), primary_key=True)
    author_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("sa_author.id", ondelete="CASCADE"))
    title: orm.Mapped[str] = orm.mapped_column(sa.Text)
    price: orm.Mapped[decimal.Decimal] = orm.mapped_column(sa.Numeric(8, 2), server_default="0")
    in_print: orm.Mapped[bool] = orm.mapped_column(server_default=sa.true())
    status: orm.Mapped[str] = orm.mapped_column(sa.Enum("draft", "out", name="sa_status"), default="draft")
    author: orm.Mapped[Author] = orm.relationship(back_populates="books")


tag_seq = sa.Sequence("sa_tag_seq", start=10, increment=5, metadata=Base.metadata)
tags = sa.Table("sa_tag", Base.metadata,
                sa.Column("id", sa.Integer, tag_seq, server_default=tag_seq.next_value(), primary_key=True),
                sa.Column("book_id", sa.ForeignKey("sa_book.id"), nullable=False, index=True),
                sa.Column("label", sa.String(20), nullable=False))


def test_create_all_crud_relationships_and_drop_all(engine):
    Base.metadata.create_all(engine)
    insp = sa.inspect(engine)
    assert set(insp.get_table_names()) >= {"sa_author", "sa_book", "sa_tag"}
    assert insp.has_table("sa_book") and not insp.has_table("sa_nosuch")
    assert "sa_tag_seq" in insp.get_sequence_names()

    with orm.Session(engine) as s:
        a1 = Author(name="Le Guin", born=dt.date(1929, 10, 21),
                    books=[Book(title="The Dispossessed", price=decimal.Decimal("9.99")),
                           Book(title="Lathe of Heaven")])
        a2 = Author(name="Lem", books=[Book(title="Solaris", price=decimal.Decimal("12.50"))])
        s.add_all([a1, a2])
        s.commit()
        assert a1.id == 1 and a2.id == 2
        assert sorted(b.id for b in a1.books + a2.books) == [100, 101, 102]
        assert a1.created is not None and a1.books[1].price == decimal.Decimal("0.00")
        assert a1.books[1].in_print is True and a1.books[1].status == "draft"
        assert [e["labels"] for e in sa.inspect(engine).get_enums()] == [["draft", "out"]]

    with orm.Session(engine) as s:
        authors = s.scalars(sa.select(Author).options(orm.selectinload(Author.books)).order_by(Author.id)).all()
        assert [(a.name, [b.title for b in a.books]) for a in authors] == \
            [("Le Guin", ["The Dispossessed", "Lathe of Heaven"]), ("Lem", ["Solaris"])]
        books = s.scalars(sa.select(Book).options(orm.joinedload(Book.author)).order_by(Book.price.desc())).all()
        assert [(b.title, b.author.name) for b in books] == \
            [("Solaris", "Lem"), ("The Dispossessed", "Le Guin"), ("Lathe of Heaven", "Le Guin")]
        joined = s.execute(sa.select(Author.name, sa.func.count(Book.id), sa.func.sum(Book.price))
                           .join(Author.books).group_by(Author.name).order_by(Author.name)).all()
        assert joined == [("Le Guin", 2, decimal.Decimal("9.99")), ("Lem", 1, decimal.Decimal("12.50"))]
        lem = s.scalars(sa.select(Author).where(Author.name == "Lem")).one()
        lem.books[0].price += 1
        lem.born = dt.date(1921, 9, 12)
        s.commit()
        assert s.get(Book, 102).price == decimal.Decimal("13.50")

    with engine.begin() as conn:
        conn.execute(tags.insert(), [{"book_id": 100, "label": "sf"}, {"book_id": 102, "label": "classic"}])
        assert conn.execute(sa.select(tags.c.id).order_by(tags.c.id)).scalars().all() == [10, 15]
        n = conn.execute(sa.update(Book).where(Book.price > 10).values(in_print=False)).rowcount
        assert n == 1
        with pytest.raises(sa.exc.IntegrityError) as ei:
            with conn.begin_nested():
                conn.execute(sa.insert(Book).values(author_id=99, title="orphan"))
        assert ei.value.orig.sqlstate == "23503"

    with orm.Session(engine) as s:
        s.execute(tags.delete().where(tags.c.book_id == 100))
        s.delete(s.get(Author, 1))
        s.commit()
        assert s.scalar(sa.select(sa.func.count()).select_from(Book)) == 1

    Base.metadata.drop_all(engine)
    assert not sa.inspect(engine).has_table("sa_book")
    assert "sa_tag_seq" not in sa.inspect(engine).get_sequence_names()


REFLECT_DDL = """
create type rf_color as enum ('red', 'green');
create table rf_parent (
    id serial primary key,
    code varchar(10) not null unique,
    name text default 'x',
    score numeric(6, 2),
    made timestamp with time zone default now(),
    flags boolean[] ,
    color rf_color default 'green',
    big bigint generated always as identity
);
create table rf_child (
    pid int not null references rf_parent(id) on delete cascade,
    seq smallint not null,
    note character(3),
    ratio double precision check (ratio >= 0),
    primary key (pid, seq),
    constraint rf_child_note_key unique (note, seq)
);
create index rf_child_ratio_idx on rf_child (ratio desc);
create unique index rf_parent_name_score on rf_parent (name, score);
"""


def _normalize_reflection(insp):
    out = {}
    for t in ("rf_parent", "rf_child"):
        cols = []
        for c in insp.get_columns(t):
            d = {k: c.get(k) for k in ("name", "nullable", "default", "autoincrement")}
            d["type"] = str(c["type"])
            if c.get("identity"):
                d["identity"] = {k: c["identity"][k] for k in ("always", "start", "increment")}
            cols.append(d)
        out[t] = {
            "columns": cols,
            "pk": insp.get_pk_constraint(t),
            "fks": insp.get_foreign_keys(t),
            "indexes": sorted(insp.get_indexes(t), key=lambda i: i["name"]),
            "uniques": sorted(insp.get_unique_constraints(t), key=lambda u: u["name"]),
            "checks": insp.get_check_constraints(t),
        }
    out["enums"] = insp.get_enums()
    return out


@pytest.mark.oracle
def test_reflection_matches_postgresql(engine, pg_cluster):
    """inspect() of the same tables gives the same answers as on PostgreSQL."""
    pg_cluster.create_database("sa_reflect")
    try:
        pg_engine = sa.create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{pg_cluster.port}/sa_reflect")
        for eng in (engine, pg_engine):
            with eng.begin() as conn:
                conn.exec_driver_sql(REFLECT_DDL)
        try:
            got = _normalize_reflection(sa.inspect(engine))
            want = _normalize_reflection(sa.inspect(pg_engine))
            assert got["enums"] == want["enums"]
            for table in ("rf_parent", "rf_child"):
                for key in want[table]:
                    assert got[table][key] == want[table][key], (table, key)
            md = sa.MetaData()
            md.reflect(engine)
            assert set(md.tables) >= {"rf_parent", "rf_child"}
            child = md.tables["rf_child"]
            assert [c.name for c in child.primary_key] == ["pid", "seq"]
            assert list(child.c.pid.foreign_keys)[0].target_fullname == "rf_parent.id"
        finally:
            pg_engine.dispose()
            with engine.begin() as conn:
                conn.exec_driver_sql("drop table rf_child; drop table rf_parent; drop type rf_color")
    finally:
        pg_cluster.drop_database("sa_reflect")

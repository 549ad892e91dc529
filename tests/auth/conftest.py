"""Fixtures for the roles and privileges tests (spec/16-auth.md)."""
from __future__ import annotations

import pytest

import pgref
from pgref.errors import PgError


class Sql:
    """One embedded session: ``run(sql)`` returns the last result's rows,
    ``err(sql)`` the PgError it raises, ``notices()`` drains the notices."""

    def __init__(self, conn):
        self.conn = conn
        self.s = conn._session

    def run(self, sql):
        res = self.s.execute(sql)
        return res[-1].rows if res else []

    def one(self, sql):
        return self.run(sql)[0][0]

    def err(self, sql) -> PgError:
        with pytest.raises(PgError) as ei:
            self.s.execute(sql)
        return ei.value

    def notices(self):
        out = [(n.severity, n.message) for n in self.s.notices]
        self.s.notices.clear()
        return out


@pytest.fixture
def db():
    conn = pgref.connect(":memory:")
    yield Sql(conn)
    conn.close()

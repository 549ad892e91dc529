"""The rule tests' fixture: a session of a fresh in-memory database in
autocommit mode (spec/17-rewrite.md, "Tests that pin it down")."""
import pytest

import pgref


@pytest.fixture
def s():
    conn = pgref.connect(":memory:", autocommit=True)
    yield conn._session
    conn.close()

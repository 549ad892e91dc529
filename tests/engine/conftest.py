"""The engine tests' shared fixture: a session of a fresh in-memory
database in autocommit mode, closed after the test (helpers in sqlhelp.py)."""
import pytest

import pgref


@pytest.fixture
def s():
    conn = pgref.connect(":memory:", autocommit=True)
    yield conn._session
    conn.close()

"""Helpers the engine tests share: the last result's rows of a statement,
and the PgError a statement raises.  The in-memory session fixture ``s``
they take is in tests/engine/conftest.py."""
import pytest

from pgref.errors import PgError


def rows(s, sql):
    """The rows of the last statement in ``sql``."""
    return s.execute(sql)[-1].rows


def err(s, sql) -> PgError:
    """The error ``sql`` raises (the test fails if it raises none)."""
    with pytest.raises(PgError) as e:
        s.execute(sql)
    return e.value

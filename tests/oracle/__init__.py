"""The PostgreSQL oracle and the differential harness of pgref's tests.

pgref's correctness is defined by PostgreSQL 15 (DESIGN.md, "How correctness
is known").  This package starts a private PostgreSQL cluster and runs the
same SQL there and on pgref, comparing column names, type OIDs, values in
their text form, row counts, and errors (SQLSTATE, message, position).
docs/guide/testing.md is the user guide.

Modules, bottom up:

    cluster.py      PostgresCluster: initdb/pg_ctl a throwaway server
    outcome.py      ResultSet / Command / Failure; diff_outcomes; side-by-side rendering
    sqlsplit.py     split scripts into statements; top-level ORDER BY detection
    pg_side.py      PostgresTarget: a fresh database per session, text results
    pgref_side.py   PgrefTarget and pgref_text_rows: the same outcomes from pgref
    differential.py Differential: run a script on both, raise DifferentialMismatch
    corpus.py       read tests/differential/corpus/*.sql into Case objects

The pytest fixtures (``pg_cluster``, ``pg_target``, ``differential``,
``pg_self_differential``) live in tests/conftest.py.
"""
from .cluster import OracleUnavailable, PostgresCluster, find_bindir
from .differential import Differential, DifferentialMismatch
from .outcome import Command, Failure, Outcome, ResultSet, diff_outcomes, render_side_by_side
from .pg_side import PostgresTarget
from .pgref_side import PgrefTarget, pgref_text_rows

__all__ = [
    "OracleUnavailable", "PostgresCluster", "find_bindir", "Differential",
    "DifferentialMismatch", "Command", "Failure", "Outcome", "ResultSet", "diff_outcomes",
    "render_side_by_side", "PostgresTarget", "PgrefTarget", "pgref_text_rows",
]

"""pgref's runner for PostgreSQL 15's core regression suite.

Where it sits: outside the ``pgref`` package, next to the tests; it drives a
running server through the real ``psql`` 15 client exactly as ``pg_regress``
does (spec/11-regress.md).  Modules:

* :mod:`regress.runner` -- environment, server lifecycle, one psql per test,
  byte-for-byte comparison, ``regression.diffs``;
* :mod:`regress.blocks` -- statement-level parity and the cascade heuristic;
* :mod:`regress.status` -- ``STATUS.md`` / ``passing.txt``;
* ``python -m regress`` -- the command line (:mod:`regress.__main__`).
"""

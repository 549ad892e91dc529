"""pg_snapshot / txid_snapshot accessors and xid8 comparisons (xid8funcs.c, xid.c).

Where it sits: ``pgref/types/funcs/`` (spec/03-types.md, "Network address
types" and neighbours).  Values: :class:`PgSnapshot` from
``types/io/snapshot.py``; xid8 is a Python int.

pg_visible_in_snapshot(x, s) is is_visible_fxid: true below xmin, false at
or above xmax, otherwise true unless x is in xip.  pg_snapshot_xip is a
set-returning function (an iterator).  The txid_* aliases share prosrc.
pg_current_snapshot and pg_xact_status read the
engine's transaction state through the execution context (below).
pg_current_xact_id_if_assigned is not provided: pgref assigns every
transaction an xid at its start, so it could not answer NULL as PostgreSQL
does for a transaction that has not written.
"""
from __future__ import annotations

from pgref.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError
from pgref.mvcc.clog import ABORTED, COMMITTED
from pgref.types.fmgr import builtin
from pgref.types.io.snapshot import PgSnapshot


@builtin("pg_snapshot_xmin")
def pg_snapshot_xmin(s: PgSnapshot) -> int:
    return s.xmin


@builtin("pg_snapshot_xmax")
def pg_snapshot_xmax(s: PgSnapshot) -> int:
    return s.xmax


@builtin("pg_snapshot_xip")
def pg_snapshot_xip(s: PgSnapshot):
    return iter(s.xip)


@builtin("pg_visible_in_snapshot")
def pg_visible_in_snapshot(xid: int, s: PgSnapshot) -> bool:
    if xid < s.xmin:
        return True
    if xid >= s.xmax:
        return False
    return xid not in s.xip


def _cmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


builtin("xid8cmp")(_cmp)
builtin("xid8eq")(lambda a, b: a == b)
builtin("xid8ne")(lambda a, b: a != b)
builtin("xid8lt")(lambda a, b: a < b)
builtin("xid8le")(lambda a, b: a <= b)
builtin("xid8gt")(lambda a, b: a > b)
builtin("xid8ge")(lambda a, b: a >= b)
builtin("xid8_larger")(lambda a, b: a if a > b else b)
builtin("xid8_smaller")(lambda a, b: a if a < b else b)


@builtin("xid8toxid")
def xid8toxid(v: int) -> int:
    return v & 0xFFFFFFFF



# ---------------------------------------------------------------- the running transaction
# These read the engine's state through the execution context: ctx.session
# (its open transaction), ctx.snapshot (pgref.mvcc.visibility.Snapshot) and
# the cluster's commit log.  Xids have epoch 0, so an xid8 equals the xid.
# (pg_current_xact_id itself is in pgref/engine/sessionfuncs.py.)

def _session_xact(ctx):
    sess = getattr(ctx, "session", None)
    xact = getattr(sess, "xact", None) if sess is not None else None
    if xact is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "transaction ID functions need a session with an open transaction")
    return sess, xact


@builtin("pg_current_snapshot", ctx=True)
def pg_current_snapshot(ctx) -> PgSnapshot:
    """The statement's snapshot in PostgreSQL's shape (GetSnapshotData):
    xmax is latestCompletedXid + 1 -- pgref's xmax (the next xid) less the
    trailing run of still-running xids, this transaction's own included --;
    xip lists the other running xids below it; xmin is the least of xmax,
    xip and this transaction's own xids below xmax."""
    snap = getattr(ctx, "snapshot", None)
    if snap is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "pg_current_snapshot() needs a statement snapshot")
    running = set(snap.xip) | set(snap.mine)
    xmax = snap.xmax
    while xmax - 1 in running:
        xmax -= 1
    xip = sorted(x for x in snap.xip if x < xmax)
    xmin = min([xmax, *xip, *(m for m in snap.mine if m < xmax)])
    return PgSnapshot(xmin, xmax, tuple(xip))


@builtin("pg_xact_status", ctx=True)
def pg_xact_status(ctx, xid: int) -> str | None:
    sess, xact = _session_xact(ctx)
    cluster = sess.db.cluster
    if xid >= cluster.next_xid:
        raise PgError(INVALID_PARAMETER_VALUE, f"transaction ID {xid} is in the future")
    if xid == 0:
        return None
    if xid in getattr(xact, "all_xids", ()) and cluster.clog.status(xid) not in (COMMITTED, ABORTED):
        return "in progress"
    status = cluster.clog.status(xid)
    if status == COMMITTED:
        return "committed"
    if xid in cluster.running:
        return "in progress"
    return "aborted"

"""The commit log writes changed bytes in place at COMMIT (spec/08-mvcc.md,
Commit log): every status survives a reopen, including statuses set after
the file grew, and a fresh file is created whole."""
from pgref.mvcc.clog import ABORTED, COMMITTED, IN_PROGRESS, CommitLog


def test_in_place_flush_round_trip(tmp_path):
    path = str(tmp_path / "0000")
    c = CommitLog(path)
    c.set(3, COMMITTED)
    c.flush()
    c.set(4, ABORTED)
    c.set(9000, COMMITTED)          # grows the buffer past the file's end
    c.flush()
    c.set(5, COMMITTED)
    c.flush(fsync=True)
    c.flush(fsync=True)             # nothing dirty: only fsync
    d = CommitLog(path)
    assert [d.status(x) for x in (3, 4, 5, 6, 9000, 9001)] == \
        [COMMITTED, ABORTED, COMMITTED, IN_PROGRESS, COMMITTED, IN_PROGRESS]
    assert len(d.bits) == len(c.bits)

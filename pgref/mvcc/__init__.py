"""Multi-version concurrency control: transaction ids, the commit log,
snapshots and tuple visibility (spec/08-mvcc.md)."""

"""Hash index access method (PostgreSQL's src/backend/access/hash); see
:mod:`pgref.access.hash.hashindex` and spec/06-access.md, "Hash indexes"."""

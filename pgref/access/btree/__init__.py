"""The B-tree index access method (spec/06-access.md, "B-tree")."""

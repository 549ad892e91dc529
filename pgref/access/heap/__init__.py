"""The heap table access method (spec/06-access.md, "Heap access method")."""

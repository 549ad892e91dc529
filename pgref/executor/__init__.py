"""The executor: runs plan trees (spec/07-executor.md)."""

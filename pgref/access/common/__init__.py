"""Datum and tuple formats shared by every access method (spec/06-access.md)."""

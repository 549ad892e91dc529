"""Run-time settings: SET, SHOW, RESET and current_setting()
(PostgreSQL's guc.c, with the checks of variable.c for DateStyle and
TimeZone).

Where it sits: ``engine/`` (spec/09-engine.md, "Settings").  Each setting
has a canonical name (what SHOW ALL prints), a default, and a function that
validates and normalizes a new value the way PostgreSQL does, so that
``SET datestyle = 'postgres,mdy'`` then ``SHOW DateStyle`` prints
``Postgres, MDY``.  A session keeps its own values; SET LOCAL values are
undone at transaction end; SET inside a transaction that rolls back is
undone too (INV-GUC-1).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pgref.errors import (CANT_CHANGE_RUNTIME_PARAM, INVALID_PARAMETER_VALUE, UNDEFINED_OBJECT,
                          PgError)


def _bool(name: str, v: str) -> str:
    s = v.strip().lower()
    if s in ("on", "true", "yes", "1", "t", "y") or (len(s) >= 2 and "true".startswith(s)):
        return "on"
    if s in ("off", "false", "no", "0", "f", "n") or (len(s) >= 2 and "false".startswith(s)) \
            or (len(s) >= 2 and "off".startswith(s) and s != "o"):
        return "off"
    raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{name}" requires a Boolean value')


def _int(lo: int, hi: int) -> Callable[[str, str], str]:
    def check(name: str, v: str) -> str:
        try:
            n = int(v.strip())
        except ValueError:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": "{v}"')
        if n < lo or n > hi:
            raise PgError(INVALID_PARAMETER_VALUE, f"{n} is outside the valid range for parameter "
                          f'"{name}" ({lo} .. {hi})')
        return str(n)
    return check


def _enum(*choices: str) -> Callable[[str, str], str]:
    def check(name: str, v: str) -> str:
        s = v.strip().lower()
        for c in choices:
            if c.lower() == s:
                return c
        if "on" in choices and "off" in choices:
            # PostgreSQL's on/off enums take the boolean spellings as hidden values
            if s in ("true", "yes", "1"):
                return "on"
            if s in ("false", "no", "0"):
                return "off"
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": "{v}"',
                      hint="Available values: " + ", ".join(choices) + ".")
    return check


def _datestyle(name: str, v: str, current: str = "ISO, MDY") -> str:
    """check_datestyle: the datetime layer merges the new value into the
    current one ('SET datestyle TO dmy' keeps the output style)."""
    from pgref.types.datetime.core import canonical_datestyle
    return canonical_datestyle(v, current)


def _timezone(name: str, v: str) -> str:
    """check_timezone: an IANA / POSIX zone name (shown canonically) or a
    number of hours east of Greenwich (SET TIME ZONE -8)."""
    from pgref.types.datetime.tz import pg_tzset
    try:
        hours = float(v)
    except ValueError:
        tz = pg_tzset(v.strip())
        if tz is not None:
            return tz.name
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "TimeZone": "{v}"')
    if abs(hours) > 15:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "TimeZone": "{v}"')
    # SET TIME ZONE 2 shows as the POSIX zone PostgreSQL makes of it: <+02>-02
    secs = int(round(hours * 3600))
    h, rem = divmod(abs(secs), 3600)
    m, sec = divmod(rem, 60)
    east = "+" if secs >= 0 else "-"
    west = "-" if secs >= 0 else "+"
    # pg_tzset_offset: the same "hh[:mm[:ss]]" text in the name and the offset
    off = f"{h:02d}" + (f":{m:02d}" if m or sec else "") + (f":{sec:02d}" if sec else "")
    return f"<{east}{off}>{west}{off}"


def _search_path(name: str, v: str) -> str:
    return v


def _text(name: str, v: str) -> str:
    return v


def _encoding(name: str, v: str) -> str:
    # PostgreSQL's clean_encoding_name(): only letters and digits count
    # ("'utf-8'", as asyncpg sends it, is UTF8).
    s = "".join(ch for ch in v if ch.isascii() and ch.isalnum()).upper()
    if s in ("UTF8", "UNICODE"):
        return "UTF8"
    if s in ("SQLASCII",):
        return "SQL_ASCII"
    if s in ("LATIN1", "ISO88591"):
        raise PgError("0A000", f'conversion between LATIN1 and UTF8 is not supported yet')
    raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": "{v}"')


@dataclass(frozen=True)
class Setting:
    name: str                 # canonical spelling
    default: str
    check: Callable[[str, str], str]
    context: str = "user"     # internal: read-only; user: SET-able
    category: str = "Client Connection Defaults"
    description: str = ""


SETTINGS: dict[str, Setting] = {}


def _add(name, default, check=_text, context="user", description=""):
    SETTINGS[name.lower()] = Setting(name, default, check, context, description=description)


_add("DateStyle", "ISO, MDY", _datestyle, description="Sets the display format for date and time values.")
_add("IntervalStyle", "postgres", _enum("postgres", "postgres_verbose", "sql_standard", "iso_8601"))
_add("TimeZone", "UTC", _timezone)
_add("timezone_abbreviations", "Default", _enum("Default"))
_add("extra_float_digits", "1", _int(-15, 3))
_add("search_path", '"$user", public', _search_path)
_add("client_encoding", "UTF8", _encoding)
_add("server_encoding", "UTF8", context="internal")
_add("server_version", "15.18", context="internal")
_add("server_version_num", "150018", context="internal")
_add("integer_datetimes", "on", context="internal")
_add("standard_conforming_strings", "on", _bool)
_add("application_name", "", _text)
_add("bytea_output", "hex", _enum("escape", "hex"))
_add("client_min_messages", "notice", _enum("debug5", "debug4", "debug3", "debug2", "debug1", "log",
                                             "notice", "warning", "error"))
_add("lc_messages", "C")
_add("lc_monetary", "C")
_add("lc_numeric", "C")
_add("lc_time", "C")
_add("lc_collate", "C", context="internal")
_add("lc_ctype", "C", context="internal")
_add("default_transaction_isolation", "read committed",
     _enum("serializable", "repeatable read", "read committed", "read uncommitted"))
_add("default_transaction_read_only", "off", _bool)
_add("transaction_isolation", "read committed",
     _enum("serializable", "repeatable read", "read committed", "read uncommitted"))
_add("transaction_read_only", "off", _bool)
_add("default_transaction_deferrable", "off", _bool)
_add("transaction_deferrable", "off", _bool)
_add("statement_timeout", "0", _int(0, 2 ** 31 - 1))
_add("lock_timeout", "0", _int(0, 2 ** 31 - 1))
_add("idle_in_transaction_session_timeout", "0", _int(0, 2 ** 31 - 1))
_add("work_mem", "4MB")
_add("maintenance_work_mem", "64MB")
_add("max_connections", "100", context="internal")
_add("max_prepared_transactions", "0", context="internal")
_add("max_identifier_length", "63", context="internal")
_add("block_size", "8192", context="internal")
# compile-time limits clients read from pg_settings (JDBC's DatabaseMetaData)
_add("max_index_keys", "32", context="internal")
_add("max_function_args", "100", context="internal")
_add("data_checksums", "off", context="internal")
_add("wal_block_size", "8192", context="internal")
_add("is_superuser", "on", context="internal")
_add("session_authorization", "postgres", context="internal")
_add("role", "none", context="internal")      # SET ROLE (auth/identity.py)
_add("enable_seqscan", "on", _bool)
_add("enable_indexscan", "on", _bool)
_add("enable_hashjoin", "on", _bool)
_add("enable_nestloop", "on", _bool)
_add("enable_sort", "on", _bool)
_add("enable_hashagg", "on", _bool)
_add("enable_bitmapscan", "on", _bool)
_add("enable_mergejoin", "on", _bool)
_add("jit", "off", _bool)
# planner settings: accepted and shown like PostgreSQL's; pgref's rule-based
# planner does not consult them (its plans do not change results)
for _name in ("enable_memoize", "enable_indexonlyscan", "enable_material", "enable_tidscan",
              "enable_gathermerge", "enable_parallel_append", "enable_parallel_hash",
              "enable_partition_pruning", "enable_incremental_sort", "enable_async_append",
              "geqo", "enable_presorted_aggregate"):
    _add(_name, "on", _bool)
for _name in ("enable_partitionwise_join", "enable_partitionwise_aggregate"):
    _add(_name, "off", _bool)
_add("jit_above_cost", "100000")
_add("jit_inline_above_cost", "500000")
_add("jit_optimize_above_cost", "500000")
_add("max_parallel_workers_per_gather", "2", _int(0, 1024))
_add("max_parallel_workers", "8", _int(0, 1024))
_add("parallel_setup_cost", "1000")
_add("parallel_tuple_cost", "0.1")
_add("min_parallel_table_scan_size", "8MB")
_add("min_parallel_index_scan_size", "512kB")
_add("random_page_cost", "4")
_add("seq_page_cost", "1")
_add("cpu_tuple_cost", "0.01")
_add("cpu_operator_cost", "0.0025")
_add("effective_cache_size", "4GB")
_add("from_collapse_limit", "8", _int(1, 2 ** 31 - 1))
_add("join_collapse_limit", "8", _int(1, 2 ** 31 - 1))
_add("geqo_threshold", "12", _int(2, 2 ** 31 - 1))
_add("constraint_exclusion", "partition", _enum("partition", "on", "off"))
_add("plan_cache_mode", "auto", _enum("auto", "force_generic_plan", "force_custom_plan"))
_add("force_parallel_mode", "off", _enum("off", "on", "regress"))
_add("max_parallel_maintenance_workers", "2", _int(0, 1024))
_add("parallel_leader_participation", "on", _bool)
_add("hash_mem_multiplier", "2")
_add("vacuum_cost_delay", "0")
_add("track_counts", "on", _bool)
_add("default_tablespace", "")
_add("temp_tablespaces", "")
_add("password_encryption", "scram-sha-256", _enum("md5", "scram-sha-256"))
_add("session_replication_role", "origin", _enum("origin", "replica", "local"))
_add("max_stack_depth", "2MB")
_add("allow_in_place_tablespaces", "off", _bool)
_add("enable_group_by_reordering", "on", _bool)
_add("lo_compat_privileges", "off", _bool)

_add("row_security", "on", _bool)
_add("check_function_bodies", "on", _bool)
# PL/pgSQL's own settings (pgref/plpgsql, spec/13-plpgsql.md)
_add("plpgsql.variable_conflict", "error", _enum("error", "use_variable", "use_column"))
_add("plpgsql.print_strict_params", "off", _bool)
_add("plpgsql.check_asserts", "on", _bool)
_add("plpgsql.extra_warnings", "none")
_add("plpgsql.extra_errors", "none")
_add("default_table_access_method", "heap")
_add("default_toast_compression", "pglz", _enum("pglz"))     # pgref is a server built without lz4
_add("synchronous_commit", "on", _enum("local", "remote_write", "remote_apply", "on", "off"))
_add("fsync", "on", context="internal")
_add("log_statement", "none", _enum("none", "ddl", "mod", "all"))
_add("escape_string_warning", "on", _bool)
_add("array_nulls", "on", _bool)
_add("xmloption", "content", _enum("content", "document"))
_add("datestyle_unused", "", context="internal")
_add("default_text_search_config", "pg_catalog.english")   # text search (spec/14-tsearch.md)


def lookup(name: str) -> Setting:
    s = SETTINGS.get(name.lower())
    if s is None:
        raise PgError(UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    return s


class Settings:
    """One session's values.  ``io`` is the IOSettings the types layer reads,
    kept in step on every change."""

    def __init__(self, overrides: dict[str, str] | None = None):
        from pgref.types.values import IOSettings
        self.values: dict[str, str] = {k: s.default for k, s in SETTINGS.items()}
        self.session_values: dict[str, str] = dict(self.values)  # value before SET LOCAL
        self.io = IOSettings()
        self.local_saved: dict[str, str] = {}
        self.xact_saved: dict[str, str] | None = None
        for k, v in (overrides or {}).items():
            self.set(k, v)
        self.reset_values = dict(self.values)
        self._sync()

    def get(self, name: str) -> str:
        s = lookup(name)
        return self.values[s.name.lower()]

    def set(self, name: str, value: str | None, local: bool = False, in_xact: bool = False) -> None:
        s = lookup(name)
        if s.context == "internal":
            raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{s.name}" cannot be changed')
        key = s.name.lower()
        if value is None:
            new = s.default
        elif s.check is _datestyle:
            new = _datestyle(s.name, value, self.values[key])
        else:
            new = s.check(s.name, value)
        if in_xact and self.xact_saved is not None and key not in self.xact_saved:
            self.xact_saved[key] = self.values[key]
        if local:
            if not in_xact:
                return  # SET LOCAL outside a transaction block has no effect (PG warns)
            self.local_saved.setdefault(key, self.values[key])
        self.values[key] = new
        self._sync()

    def reset(self, name: str, in_xact: bool = False) -> None:
        s = lookup(name)
        key = s.name.lower()
        self.set(s.name, self.reset_values.get(key, s.default), in_xact=in_xact)

    def begin(self) -> None:
        self.xact_saved = {}
        self.local_saved = {}

    def end(self, committed: bool) -> None:
        if not committed and self.xact_saved:
            self.values.update(self.xact_saved)
        self.values.update(self.local_saved)
        self.xact_saved = None
        self.local_saved = {}
        self._sync()

    def _sync(self) -> None:
        io = self.io
        io.datestyle = self.values["datestyle"]
        io.intervalstyle = self.values["intervalstyle"]
        io.timezone = self.values["timezone"]
        io.extra_float_digits = int(self.values["extra_float_digits"])
        io.bytea_output = self.values["bytea_output"]
        io.standard_conforming_strings = self.values["standard_conforming_strings"] == "on"

    def show_all(self) -> list[tuple[str, str, str]]:
        return [(s.name, self.values[k], s.description) for k, s in sorted(SETTINGS.items())
                if s.name != "datestyle_unused"]

"""COPY: rows between a table (or a query) and a file or the client, in
PostgreSQL's text and CSV formats (PostgreSQL's commands/copy.c,
copyfrom.c, copyfromparse.c, copyto.c; spec/09-engine.md, "COPY").

Where it sits: ``engine/``, reached from ``utility.run_utility`` for an
``ast.CopyStmt``.  Entry point::

    run_copy(session, stmt, text, params) -> Result

* ``COPY t [(cols)] FROM '/abs/file' [WHERE cond]`` reads the whole file,
  parses it (``text_lines``/``text_fields`` or ``csv_records``), skips rows
  for which ``cond`` is not true, and inserts each row through
  ``executor.modify.TableModifier`` -- NOT NULL, CHECK, unique and foreign
  keys are enforced exactly as for INSERT; columns not listed get their
  defaults.  Tag ``COPY n``.
* ``COPY t|(query) TO '/abs/file'`` runs ``SELECT cols FROM ONLY t`` (or the
  query) and writes the formatted lines.
* ``COPY ... FROM STDIN`` returns a :class:`CopyInResult` whose ``copy``
  (:class:`CopyIn`) the wire protocol drives: ``feed(bytes)`` for each
  CopyData, then ``done() -> Result`` (run as a statement) or
  ``fail(message)``.  Nothing is read or inserted before ``done()``.
* ``COPY ... TO STDOUT`` returns a :class:`CopyOutResult`: the formatted
  lines (``data``, one bytes object per row) and the tag.

Without a wire-protocol driver (``session.wire_copy`` unset: the embedded
DB-API) STDIN/STDOUT raise 0A000 (INV-COPY-4).

Invariants (spec/09-engine.md, "COPY"):
  INV-COPY-1  A COPY FROM is one statement: an error on any line leaves no
              row of it behind (the statement's transaction is rolled back
              or the block is marked failed, as for INSERT).
  INV-COPY-2  Every error raised while a line is processed carries PostgreSQL's
              CONTEXT: ``COPY t, line N, column c: "value"`` for a value
              that does not parse, ``COPY t, line N: "line"`` otherwise.
  INV-COPY-3  Output of COPY TO read back by COPY FROM with the same options
              gives the same values (text escapes and CSV quoting are
              inverse to the parsers here).
  INV-COPY-4  STDIN/STDOUT work only through the wire protocol.
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field

from pgref.engine.session import Result
from pgref.errors import (BAD_COPY_FILE_FORMAT, FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, QUERY_CANCELED,
                          SYNTAX_ERROR, UNDEFINED_COLUMN, DUPLICATE_COLUMN, WRONG_OBJECT_TYPE, PgError)
from pgref.sql import ast as A

MAX_COPY_DATA_DISPLAY = 100          # PostgreSQL's limit_printout_length
_TEXT_ESCAPES = {ord("b"): 8, ord("f"): 12, ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("v"): 11}
_TEXT_OUT = {8: b"\\b", 12: b"\\f", 10: b"\\n", 13: b"\\r", 9: b"\\t", 11: b"\\v"}
_HEX = b"0123456789abcdefABCDEF"


# ====================================================================== options

@dataclass
class CopyOptions:
    """ProcessCopyOptions' result; strings are single bytes here."""
    csv: bool = False
    binary: bool = False
    delim: bytes = b"\t"
    null: bytes = b"\\N"
    header: bool | str = False          # False, True, or "match"
    quote: bytes = b'"'
    escape: bytes = b'"'
    force_quote: list | bool = field(default_factory=list)   # True = *
    force_not_null: list = field(default_factory=list)
    force_null: list = field(default_factory=list)
    freeze: bool = False


def _loc(d: A.DefElem):
    return d.location + 1 if d.location is not None and d.location >= 0 else None


def _def_string(d: A.DefElem) -> str:
    a = d.arg
    if a is None:
        raise PgError(SYNTAX_ERROR, f"{d.defname} requires a parameter", position=_loc(d))
    if isinstance(a, A.String):
        return a.sval
    if isinstance(a, A.Integer):
        return str(a.ival)
    if isinstance(a, A.Float):
        return a.fval
    if isinstance(a, A.Boolean):
        return "true" if a.boolval else "false"
    if isinstance(a, A.A_Const):
        return _def_string(A.DefElem(defname=d.defname, arg=a.val, location=d.location))
    raise PgError(SYNTAX_ERROR, f"{d.defname} requires a parameter", position=_loc(d))


def _def_boolean(d: A.DefElem) -> bool:
    a = d.arg
    if a is None:
        return True
    if isinstance(a, A.Boolean):
        return a.boolval
    if isinstance(a, A.Integer) and a.ival in (0, 1):
        return bool(a.ival)
    s = _def_string(d).lower()
    if s in ("true", "on", "yes", "t", "y", "1"):
        return True
    if s in ("false", "off", "no", "f", "n", "0"):
        return False
    raise PgError(SYNTAX_ERROR, f"{d.defname} requires a Boolean value", position=_loc(d))


def _def_header(d: A.DefElem, is_from: bool) -> bool | str:
    a = d.arg
    if a is None or isinstance(a, A.Boolean):
        return True if a is None else a.boolval
    if isinstance(a, A.Integer):
        if a.ival in (0, 1):
            return bool(a.ival)
    else:
        s = _def_string(d).lower()
        if s in ("true", "on", "yes", "t", "y", "1"):
            return True
        if s in ("false", "off", "no", "f", "n", "0"):
            return False
        if s == "match":
            if not is_from:
                raise PgError(FEATURE_NOT_SUPPORTED, 'cannot use "match" with HEADER in COPY TO',
                              position=_loc(d))
            return "match"
    raise PgError(SYNTAX_ERROR, f'{d.defname} requires a Boolean value or "match"', position=_loc(d))


def _def_columns(d: A.DefElem, allow_star: bool):
    a = d.arg
    if allow_star and isinstance(a, A.A_Star):
        return True
    if isinstance(a, (tuple, list)) and all(isinstance(x, A.String) for x in a):
        return [x.sval for x in a]
    raise PgError(INVALID_PARAMETER_VALUE, f'argument to option "{d.defname}" must be a list of column names',
                  position=_loc(d))


def _one_byte(s: str) -> bytes:
    return s.encode("utf-8")


def process_options(stmt: A.CopyStmt) -> CopyOptions:
    """ProcessCopyOptions: every check and message of PostgreSQL 15."""
    o = CopyOptions()
    is_from = stmt.is_from
    seen: set[str] = set()
    delim = null = quote = escape = None
    fmt = None
    for d in stmt.options:
        name = d.defname
        if name in seen:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options", position=_loc(d))
        if name == "format":
            fmt = _def_string(d)
            if fmt not in ("text", "csv", "binary"):
                raise PgError(INVALID_PARAMETER_VALUE, f'COPY format "{fmt}" not recognized', position=_loc(d))
        elif name == "freeze":
            o.freeze = _def_boolean(d)
        elif name == "delimiter":
            delim = _def_string(d)
        elif name == "null":
            null = _def_string(d)
        elif name == "header":
            o.header = _def_header(d, is_from)
        elif name == "quote":
            quote = _def_string(d)
        elif name == "escape":
            escape = _def_string(d)
        elif name == "force_quote":
            o.force_quote = _def_columns(d, True)
        elif name == "force_not_null":
            o.force_not_null = _def_columns(d, False)
        elif name == "force_null":
            o.force_null = _def_columns(d, False)
        elif name == "encoding":
            enc = _def_string(d)
            if enc.replace("-", "").replace("_", "").lower() not in ("utf8", "unicode", "sqlascii"):
                raise PgError(FEATURE_NOT_SUPPORTED, f'COPY encoding "{enc}" is not supported by pgref '
                              "(only UTF8)", position=_loc(d))
        else:
            raise PgError(SYNTAX_ERROR, f'option "{name}" not recognized', position=_loc(d))
        seen.add(name)
    o.csv = fmt == "csv"
    o.binary = fmt == "binary"
    if o.binary and delim is not None:
        raise PgError(SYNTAX_ERROR, "cannot specify DELIMITER in BINARY mode")
    if o.binary and null is not None:
        raise PgError(SYNTAX_ERROR, "cannot specify NULL in BINARY mode")
    delim = delim if delim is not None else ("," if o.csv else "\t")
    null = null if null is not None else ("" if o.csv else "\\N")
    if o.csv:
        quote = quote if quote is not None else '"'
        escape = escape if escape is not None else quote
    if len(_one_byte(delim)) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY delimiter must be a single one-byte character")
    if delim in ("\r", "\n"):
        raise PgError(INVALID_PARAMETER_VALUE, "COPY delimiter cannot be newline or carriage return")
    if "\r" in null or "\n" in null:
        raise PgError(INVALID_PARAMETER_VALUE, "COPY null representation cannot use newline or carriage return")
    if not o.csv and delim in "\\.abcdefghijklmnopqrstuvwxyz0123456789":
        raise PgError(INVALID_PARAMETER_VALUE, f'COPY delimiter cannot be "{delim}"')
    if o.binary and o.header:
        raise PgError(SYNTAX_ERROR, "cannot specify HEADER in BINARY mode")
    if not o.csv and quote is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY quote available only in CSV mode")
    if o.csv and len(_one_byte(quote)) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY quote must be a single one-byte character")
    if o.csv and delim == quote:
        raise PgError(INVALID_PARAMETER_VALUE, "COPY delimiter and quote must be different")
    if not o.csv and escape is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY escape available only in CSV mode")
    if o.csv and len(_one_byte(escape)) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY escape must be a single one-byte character")
    if not o.csv and o.force_quote:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force quote available only in CSV mode")
    if o.force_quote and is_from:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force quote only available using COPY TO")
    if not o.csv and o.force_not_null:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force not null available only in CSV mode")
    if o.force_not_null and not is_from:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force not null only available using COPY FROM")
    if not o.csv and o.force_null:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force null available only in CSV mode")
    if o.force_null and not is_from:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force null only available using COPY FROM")
    if delim in null:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY delimiter must not appear in the NULL specification")
    if o.csv and quote in null:
        raise PgError(FEATURE_NOT_SUPPORTED, "CSV quote character must not appear in the NULL specification")
    o.delim, o.null = _one_byte(delim), null.encode("utf-8")
    if o.csv:
        o.quote, o.escape = _one_byte(quote), _one_byte(escape)
    return o


# ====================================================================== results for the wire protocol

@dataclass
class CopyOutResult(Result):
    """COPY TO STDOUT: ``data`` holds one bytes object per row (with its
    newline); the server sends CopyOutResponse, a CopyData per item,
    CopyDone, then CommandComplete(tag)."""
    data: list = field(default_factory=list)
    ncolumns: int = 0
    binary: bool = False      # FORMAT binary: CopyOutResponse says format 1


@dataclass
class CopyInResult(Result):
    """COPY FROM STDIN, before any data: the server answers CopyInResponse
    and drives ``copy`` (feed / done / fail)."""
    copy: object = None
    ncolumns: int = 0
    binary: bool = False      # FORMAT binary: CopyInResponse says format 1


class CopyIn:
    """The consumer of COPY FROM STDIN data.  ``done()`` must run as a
    statement (Session.run_as_statement): it parses the buffered data and
    inserts the rows, returning Result('COPY n')."""

    def __init__(self, session, stmt: A.CopyStmt, opts: CopyOptions, relid: int, attnums: list[int]):
        self.session = session
        self.stmt = stmt
        self.opts = opts
        self.relid = relid
        self.attnums = attnums
        self.buf = bytearray()
        self.finished = False

    def feed(self, data: bytes) -> None:
        self.buf += data

    def done(self) -> Result:
        self.finished = True
        rel = self.session.db.cat.relations.get(self.relid)
        if rel is None:   # dropped meanwhile (another session)
            raise PgError("42P01", f'relation with OID {self.relid} does not exist')
        n = copy_from_bytes(self.session, rel, self.attnums, self.opts, bytes(self.buf),
                            where=self.stmt.where_clause)
        return Result(f"COPY {n}", rowcount=n)

    def fail(self, message: str) -> None:
        self.finished = True
        raise PgError(QUERY_CANCELED, f"COPY from stdin failed: {message}")


# ====================================================================== entry point

def run_copy(session, stmt: A.CopyStmt, text: str, params=None) -> Result:
    """DoCopy: check the statement, then copy from/to a file, or hand the
    client side to the wire protocol."""
    if stmt.is_program:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY TO/FROM PROGRAM is not supported by pgref")
    opts = process_options(stmt)
    if stmt.where_clause is not None and not stmt.is_from:
        raise PgError(FEATURE_NOT_SUPPORTED, "WHERE clause not allowed with COPY TO")
    if isinstance(stmt.query, A.SelectStmt) and stmt.query.into_clause is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY (SELECT INTO) is not supported")
    session.xact.ran_query = True
    if stmt.is_from:
        return _copy_from(session, stmt, opts)
    return _copy_to(session, stmt, opts)


def _wire(session) -> bool:
    return bool(getattr(session, "wire_copy", False))


def _attnums(session, rel, attlist) -> list[int]:
    """CopyGetAttnums: the listed columns' attnums, or every live column."""
    if not attlist:
        return [c.attnum for c in rel.columns if not c.dropped and not c.generated]
    out = []
    for name in attlist:
        col = rel.column(name)
        if col is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation "{rel.name}" does not exist')
        if col.generated:
            raise PgError("42P10", f'column "{name}" is a generated column',
                          detail="Generated columns cannot be used in COPY.")
        if col.attnum in out:
            raise PgError(DUPLICATE_COLUMN, f'column "{name}" specified more than once')
        out.append(col.attnum)
    return out


def _check_force(rel, attnums, names, what: str) -> set[int]:
    if names is True:
        return set(attnums)
    out = set()
    for name in names:
        col = rel.column(name)
        if col is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation "{rel.name}" does not exist')
        if col.attnum not in attnums:
            raise PgError("42P10", f'{what} column "{name}" not referenced by COPY')
        out.add(col.attnum)
    return out


def _copy_from(session, stmt: A.CopyStmt, opts: CopyOptions) -> Result:
    from pgref.engine.ddl import lookup_rel
    rel = lookup_rel(session, stmt.relation)
    if rel.kind != "r":
        if rel.kind == "v":
            raise PgError(WRONG_OBJECT_TYPE, f'cannot copy to view "{rel.name}"',
                          hint="To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
        if rel.kind == "m":
            raise PgError(WRONG_OBJECT_TYPE, f'cannot copy to materialized view "{rel.name}"')
        if rel.kind == "S":
            raise PgError(WRONG_OBJECT_TYPE, f'cannot copy to sequence "{rel.name}"')
        raise PgError(WRONG_OBJECT_TYPE, f'cannot copy to non-table relation "{rel.name}"')
    session.note_write(rel, "COPY FROM")
    if opts.freeze and rel.partkey is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot perform COPY FREEZE on a partitioned table")
    if opts.freeze and rel.relfilenode not in session.xact.savepoints[-1].created_files:
        # pgref has no hint bits to set, but the precondition is PostgreSQL's
        raise PgError("55000", "cannot perform COPY FREEZE because the table was not created or truncated "
                      "in the current subtransaction")
    attnums = _attnums(session, rel, stmt.attlist)
    _check_force(rel, attnums, opts.force_not_null, "FORCE_NOT_NULL")
    _check_force(rel, attnums, opts.force_null, "FORCE_NULL")
    if stmt.where_clause is not None:
        _where_filter(session, rel, stmt.where_clause, session.exec_context())   # errors before any data
    if stmt.filename is None:
        if not _wire(session):
            raise PgError(FEATURE_NOT_SUPPORTED, "COPY FROM STDIN is only available through the wire protocol")
        return CopyInResult("COPY", copy=CopyIn(session, stmt, opts, rel.oid, attnums), ncolumns=len(attnums),
                            binary=opts.binary)
    data = _read_file(stmt.filename)
    n = copy_from_bytes(session, rel, attnums, opts, data, where=stmt.where_clause)
    return Result(f"COPY {n}", rowcount=n)


def _file_error(e: OSError, filename: str, verb: str) -> PgError:
    import errno
    state = {errno.ENOENT: "58P01", errno.EACCES: "42501", errno.EPERM: "42501",
             errno.ENOTDIR: "58P01"}.get(e.errno, "58030")
    hint = None
    if e.errno in (errno.ENOENT, errno.EACCES):
        what = "read" if verb == "reading" else "write"
        hint = (f"COPY {'FROM' if verb == 'reading' else 'TO'} instructs the PostgreSQL server process to "
                f"{what} a file. You may want a client-side facility such as psql's \\copy.")
    return PgError(state, f'could not open file "{filename}" for {verb}: {e.strerror}', hint=hint)


def _read_file(filename: str) -> bytes:
    if os.path.isdir(filename):
        raise PgError(WRONG_OBJECT_TYPE, f'"{filename}" is a directory')
    try:
        with open(filename, "rb") as f:
            return f.read()
    except OSError as e:
        raise _file_error(e, filename, "reading") from None


# ====================================================================== COPY FROM: parsing

def _display(raw: bytes) -> str:
    """limit_printout_length: at most 100 bytes (whole characters) + '...'."""
    if len(raw) > MAX_COPY_DATA_DISPLAY:
        cut = MAX_COPY_DATA_DISPLAY
        while cut > 0 and (raw[cut] & 0xC0) == 0x80:
            cut -= 1
        return raw[:cut].decode("utf-8", "replace") + "..."
    return raw.decode("utf-8", "replace")


def _decode(value: bytes) -> str:
    try:
        s = value.decode("utf-8")
    except UnicodeDecodeError as e:
        b = value[e.start]
        n = 2 if 0xC0 <= b < 0xE0 else 3 if 0xE0 <= b < 0xF0 else 4 if 0xF0 <= b < 0xF8 else 1
        shown = " ".join(f"0x{x:02x}" for x in value[e.start:e.start + n])
        raise PgError("22021", f'invalid byte sequence for encoding "UTF8": {shown}') from None
    if "\x00" in s:
        raise PgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00')
    return s


def text_lines(data: bytes):
    """CopyReadLineText: (line number, raw line) pairs.  The end of line is
    the first line's (\\n, \\r\\n or \\r); a backslash quotes the next byte,
    newline included; a line ``\\.`` ends the data."""
    nl = data.find(b"\n")
    cr = data.find(b"\r")
    if cr != -1 and (nl == -1 or cr < nl):
        eol = b"\r\n" if data[cr + 1:cr + 2] == b"\n" else b"\r"
    else:
        eol = b"\n"
    pieces = data.split(eol)
    if pieces and pieces[-1] == b"":
        pieces.pop()
    lineno = 0
    i = 0
    while i < len(pieces):
        line = pieces[i]
        i += 1
        lineno += 1
        # an odd run of backslashes before the break escapes the newline
        while line.endswith(b"\\") and (len(line) - len(line.rstrip(b"\\"))) % 2 == 1 and i < len(pieces):
            line = line + eol + pieces[i]
            i += 1
            lineno += 1
        if b"\\." in line:
            j = _end_marker(line)
            if j is not None:
                if j + 2 != len(line):
                    err = PgError(BAD_COPY_FILE_FORMAT, "end-of-copy marker corrupt")
                    err.no_line_text = True
                    yield lineno, line, err
                    return
                if j > 0:                   # data before the marker is the last line
                    yield lineno, line[:j], None
                return
        if eol == b"\n" and b"\r" in line:
            yield lineno, line, PgError(BAD_COPY_FILE_FORMAT, "literal carriage return found in data",
                                        hint='Use "\\r" to represent carriage return.')
            return
        if eol != b"\n" and b"\n" in line:
            yield lineno, line, PgError(BAD_COPY_FILE_FORMAT, "literal newline found in data",
                                        hint='Use "\\n" to represent newline.')
            return
        yield lineno, line, None


def _end_marker(line: bytes) -> int | None:
    """Where an unescaped backslash-period starts in ``line``, or None."""
    i, n = 0, len(line)
    while i < n - 1:
        if line[i] == 0x5C:
            if line[i + 1] == 0x2E:
                return i
            i += 2
        else:
            i += 1
    return None


def _check_encoding(raw: bytes) -> None:
    """The raw line must be valid UTF-8 (PostgreSQL checks it before
    splitting; the error shows the bytes from the bad one on, newline
    included, and no line text)."""
    try:
        raw.decode("utf-8")
        bad = b"\x00" in raw
    except UnicodeDecodeError:
        bad = True
    if bad:
        try:
            _decode(raw + b"\n")
        except PgError as e:
            e.no_line_text = True
            raise


def text_fields(line: bytes, delim: int, null: bytes) -> list[bytes | None]:
    """CopyReadAttributesText: split at unescaped delimiters, undo the
    backslash escapes; a field whose raw text is the NULL string is None."""
    d = bytes([delim])
    if b"\\" not in line:
        return [None if f == null else f for f in line.split(d)]
    fields: list[bytes | None] = []
    i, n = 0, len(line)
    while True:
        start = i
        out = bytearray()
        while i < n:
            c = line[i]
            if c == delim:
                break
            if c == 0x5C:
                i += 1
                if i >= n:
                    break
                c = line[i]
                i += 1
                if 0x30 <= c <= 0x37:
                    val = c - 0x30
                    for _ in range(2):
                        if i < n and 0x30 <= line[i] <= 0x37:
                            val = (val << 3) + line[i] - 0x30
                            i += 1
                        else:
                            break
                    out.append(val & 0xFF)
                elif c == 0x78 and i < n and line[i] in _HEX:
                    val = int(chr(line[i]), 16)
                    i += 1
                    if i < n and line[i] in _HEX:
                        val = (val << 4) + int(chr(line[i]), 16)
                        i += 1
                    out.append(val)
                else:
                    out.append(_TEXT_ESCAPES.get(c, c))
                continue
            out.append(c)
            i += 1
        raw = line[start:i]
        fields.append(None if raw == null else bytes(out))
        if i >= n:
            break
        i += 1
    return fields


def csv_records(data: bytes, o: CopyOptions):
    """CopyReadLineCSV + CopyReadAttributesCSV: (line number, raw record,
    fields, error) where a field is (value bytes, was quoted, raw bytes)."""
    delim, quote, escape = o.delim[0], o.quote[0], o.escape[0]
    pos, n = 0, len(data)
    lineno = 0
    # PostgreSQL counts a quoted field's embedded line ends as lines, but
    # only once the first record has shown which end-of-line the data uses
    eol_char = None
    while pos < n:
        lineno += 1
        rec_start = pos
        fields = []
        err = None
        while True:
            fstart = pos
            out = bytearray()
            saw_quote = False
            while pos < n:
                c = data[pos]
                if c == delim or c == 10 or c == 13:
                    break
                if c == quote:
                    saw_quote = True
                    pos += 1
                    while True:
                        if pos >= n:
                            err = PgError(BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field")
                            break
                        c = data[pos]
                        if c == escape and pos + 1 < n and data[pos + 1] in (quote, escape) \
                                and not (escape == quote and data[pos + 1] != quote):
                            out.append(data[pos + 1])
                            pos += 2
                            continue
                        if c == quote:
                            pos += 1
                            break
                        if c == eol_char:
                            lineno += 1
                        out.append(c)
                        pos += 1
                    if err is not None:
                        break
                    continue
                out.append(c)
                pos += 1
            fields.append((bytes(out), saw_quote, data[fstart:pos]))
            if err is None and pos < n and data[pos] == delim:
                pos += 1
                continue
            break
        rec = data[rec_start:pos]
        if pos < n:
            if eol_char is None:
                eol_char = data[pos]          # CR for \r and \r\n, as EOL_NL ? "\n" : "\r"
            pos += 2 if data[pos] == 13 and data[pos + 1:pos + 2] == b"\n" else 1
        if err is None and len(fields) == 1 and not fields[0][1] and rec == b"\\.":
            return
        yield lineno, rec, fields, err
        if err is not None:
            return


def _where_filter(session, rel, where, ectx):
    """COPY FROM ... WHERE: the condition over the table's columns,
    compiled to ``f(row) -> bool | None`` (rows for which it is not true are
    skipped).  Subqueries are not allowed, nor aggregates."""
    from pgref.analyzer import nodes as N
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.analyzer.parse_state import NamespaceItem, ParseState
    from pgref.analyzer.expr import expr_location
    from pgref.executor.expr import Layout, compile_expr
    qa = ModifyAnalyzer(session.expr_analyzer())
    ps = ParseState()
    rte = N.RangeTblEntry("relation", rel.name, [c.name if not c.dropped else "" for c in rel.columns],
                          [c.typ for c in rel.columns], [c.typmod for c in rel.columns],
                          relid=rel.oid, relkind="r")
    rtindex = ps.add_rte(rte)
    ps.namespace.append(NamespaceItem(rtindex, rel.name))
    ps.agg_allowed = "COPY FROM WHERE conditions"
    e = qa.ea.coerce_to_boolean(qa.ea.transform(ps, where), "WHERE", expr_location(where))
    if ps.has_sublinks:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in COPY FROM WHERE condition")
    from pgref.analyzer.funcs import _walk
    for x in _walk([e]):
        if isinstance(x, N.Var) and x.varattno > 0 and rel.columns[x.varattno - 1].generated:
            # generated values do not exist yet when WHERE runs (engine/generated.py)
            raise PgError(FEATURE_NOT_SUPPORTED, "generated columns are not supported in COPY FROM WHERE conditions",
                          detail=f'Column "{rel.columns[x.varattno - 1].name}" is a generated column.')
    return compile_expr(e, Layout(tuple(("v", rtindex, i + 1) for i in range(len(rel.columns)))), ectx)


def copy_from_bytes(session, rel, attnums: list[int], o: CopyOptions, data: bytes,
                    where=None) -> int:
    """CopyFrom: parse ``data`` and insert every row that passes ``where``
    (an ast expression or None); returns the count."""
    from pgref.analyzer.modify import ModifyAnalyzer
    from pgref.executor.expr import Layout, compile_expr
    from pgref.executor.modify import TableModifier
    from pgref.types.registry import type_input, type_receive
    ectx = session.exec_context()
    tm = TableModifier(ectx, rel)
    insert_row = tm.insert
    from pgref.executor.triggers import StatementTriggers     # spec/09-engine.md, "Triggers"
    trig = StatementTriggers.for_table(ectx, rel, "INSERT")
    if trig is not None:
        trig.before_statement()
    if rel.partkey is not None:
        # a partitioned table: each row goes to its leaf partition (executor/route.py)
        from pgref.executor.modify import PartitionInserter
        inserter = PartitionInserter(ectx, rel, None)

        def insert_row(row):
            inserter.insert(row, None, None, None, set())
    cols = {c.attnum: c for c in rel.columns}
    listed = set(attnums)
    qa = ModifyAnalyzer(session.expr_analyzer())
    defaults = []
    for c in rel.columns:
        if c.dropped or c.attnum in listed:
            continue
        if c.default is None and not c.identity:
            continue                    # no default: NULL
        e = qa.default_expr(rel, c)
        if e is not None:
            defaults.append((c.attnum - 1, compile_expr(e, Layout(()), ectx)))
    where_fn = _where_filter(session, rel, where, ectx) if where is not None else None
    force_not_null = _check_force(rel, attnums, o.force_not_null, "FORCE_NOT_NULL")
    force_null = _check_force(rel, attnums, o.force_null, "FORCE_NULL")
    ncols = len(rel.columns)
    names = [cols[a].name for a in attnums]
    targets = [(a - 1, cols[a].typ, cols[a].typmod, cols[a].name) for a in attnums]
    count = 0

    def context(lineno, raw, colname=None, value=None):
        if o.binary:
            # binary data has no line text to show (CopyFromErrorCallback)
            return f"COPY {rel.name}, line {lineno}" + (f", column {colname}" if colname is not None else "")
        if colname is not None:
            return f'COPY {rel.name}, line {lineno}, column {colname}: "{_display(value)}"'
        return f'COPY {rel.name}, line {lineno}: "{_display(raw)}"'

    if o.binary:
        def records():
            yield from binary_records(data, len(targets))
    elif o.csv:
        def records():
            for lineno, raw, fields, err in csv_records(data, o):
                if err is not None:
                    yield lineno, raw, None, err
                    return
                try:
                    _check_encoding(raw)
                except PgError as e:
                    yield lineno, raw, None, e
                    return
                vals = []
                for i, (val, quoted, fraw) in enumerate(fields):
                    attnum = attnums[i] if i < len(attnums) else None
                    if not quoted and fraw == o.null and attnum not in force_not_null:
                        vals.append(None)
                    elif quoted and attnum in force_null and val == o.null:
                        vals.append(None)
                    else:
                        vals.append(val)
                yield lineno, raw, vals, None
    else:
        def records():
            delim = o.delim[0]
            for lineno, raw, err in text_lines(data):
                if err is None:
                    try:
                        _check_encoding(raw)
                    except PgError as e:
                        err = e
                yield lineno, raw, (None if err else text_fields(raw, delim, o.null)), err
                if err is not None:
                    return

    first = True
    for lineno, raw, vals, err in records():
        if err is not None:
            err.context = (f"COPY {rel.name}, line {lineno}" if getattr(err, "no_line_text", False)
                           else context(lineno, raw))
            raise err
        if first and o.header:
            first = False
            if o.header == "match":
                _match_header(vals, names, lineno, raw, context, o.null)
            continue
        first = False
        if ectx.check_cancel is not None:
            ectx.check_cancel()
        try:
            if len(vals) > len(targets) and not (not targets and vals == [b""]):
                raise PgError(BAD_COPY_FILE_FORMAT, "extra data after last expected column")
            if len(vals) < len(targets):
                raise PgError(BAD_COPY_FILE_FORMAT, f'missing data for column "{targets[len(vals)][3]}"')
        except PgError as e:
            e.context = context(lineno, raw)
            raise
        row = [None] * ncols
        for (idx, typ, typmod, name), v in zip(targets, vals):
            if v is None:
                continue
            if o.binary:
                try:
                    row[idx] = type_receive(ectx, typ, v, typmod)
                except PgError as e:
                    if e.context is None:
                        e.context = context(lineno, raw, name)
                    raise
                continue
            try:
                text = _decode(v)        # escapes may have made invalid UTF-8
            except PgError as e:
                e.context = context(lineno, raw)
                raise
            try:
                row[idx] = type_input(ectx, typ, text, typmod)
            except PgError as e:
                if e.context is None:
                    e.context = context(lineno, raw, name, v)
                raise
        try:
            for idx, f in defaults:
                row[idx] = f(())
            row = tuple(row)
            if where_fn is not None and where_fn(row) is not True:
                continue
            if trig is not None and trig.before_rows:
                row = trig.before_row(None, row)
                if row is None:
                    continue
            insert_row(row)
            if trig is not None:
                trig.after_row(None, row)
        except PgError as e:
            if e.context is None:
                # a unique violation is found when PostgreSQL flushes its
                # multi-insert buffer, where the line's text is gone
                e.context = (f"COPY {rel.name}, line {lineno}" if e.sqlstate == "23505"
                             else context(lineno, raw))
            raise
        count += 1
    if trig is not None:
        trig.finish()
    session.set_rowcount(count)
    return count


def _match_header(vals, names, lineno, raw, context, null: bytes) -> None:
    """HEADER MATCH: the header line's fields must be the column names."""
    try:
        if len(vals) != len(names):
            raise PgError(BAD_COPY_FILE_FORMAT, f"wrong number of fields in header line: got {len(vals)}, "
                          f"expected {len(names)}")
        for i, (v, name) in enumerate(zip(vals, names), 1):
            got = None if v is None else _decode(v)
            if got != name:
                raise PgError(BAD_COPY_FILE_FORMAT, f'column name mismatch in header line field {i}: got '
                              f'{_null_value(null) if got is None else chr(34) + got + chr(34)}, expected "{name}"')
    except PgError as e:
        e.context = context(lineno, raw)
        raise


def _null_value(null: bytes) -> str:
    return f'null value ("{null.decode("utf-8", "replace")}")'


# ====================================================================== COPY TO

def _copy_to(session, stmt: A.CopyStmt, opts: CopyOptions) -> Result:
    from pgref.sql.parser import parse
    from pgref.types.registry import quote_identifier
    if stmt.relation is not None:
        from pgref.engine.ddl import lookup_rel
        rel = lookup_rel(session, stmt.relation)
        if rel.kind != "r":
            what = {"v": "view", "m": "materialized view", "S": "sequence"}.get(rel.kind)
            if rel.kind == "v":
                raise PgError(WRONG_OBJECT_TYPE, f'cannot copy from view "{rel.name}"',
                              hint="Try the COPY (SELECT ...) TO variant.")
            if what is not None:
                raise PgError(WRONG_OBJECT_TYPE, f'cannot copy from {what} "{rel.name}"',
                              hint="Try the COPY (SELECT ...) TO variant." if rel.kind == "m" else None)
            raise PgError(WRONG_OBJECT_TYPE, f'cannot copy from non-table relation "{rel.name}"')
        attnums = _attnums(session, rel, stmt.attlist)
        cols = {c.attnum: c for c in rel.columns}
        names = [cols[a].name for a in attnums]
        force = _check_force(rel, attnums, opts.force_quote, "FORCE_QUOTE")
        force_idx = {i for i, a in enumerate(attnums) if a in force}
        nsp = session.db.cat.namespace_name(rel.namespace)
        select = (f"SELECT {', '.join(quote_identifier(n) for n in names)} FROM ONLY "
                  f"{quote_identifier(nsp)}.{quote_identifier(rel.name)}")
        query = parse(select)[0].stmt
    else:
        query = stmt.query
        if isinstance(query, A.MergeStmt):
            raise PgError(FEATURE_NOT_SUPPORTED, "MERGE not supported in COPY")
        if isinstance(query, (A.InsertStmt, A.UpdateStmt, A.DeleteStmt)) and not query.returning_list:
            raise PgError(FEATURE_NOT_SUPPORTED, "COPY query must have a RETURNING clause")
        names = None
        force_idx = None
    planned = session.plan(query, [])
    result = session.run_planned(planned)
    columns = result.columns or []
    if names is None:
        names = [c.name for c in columns]
        if opts.force_quote is True:
            force_idx = set(range(len(columns)))
        else:
            force_idx = set()
            for n in opts.force_quote:
                if n not in names:
                    raise PgError("42P10", f'FORCE_QUOTE column "{n}" not referenced by COPY')
                force_idx.add(names.index(n))
    lines = format_rows(session, opts, columns, names, result.rows, force_idx)
    tag = f"COPY {len(result.rows)}"
    if stmt.filename is None:
        if not _wire(session):
            raise PgError(FEATURE_NOT_SUPPORTED, "COPY TO STDOUT is only available through the wire protocol")
        return CopyOutResult(tag, rowcount=len(result.rows), data=lines, ncolumns=len(columns),
                             binary=opts.binary)
    filename = stmt.filename
    if not os.path.isabs(filename):
        raise PgError("42602", "relative path not allowed for COPY to file")
    if os.path.isdir(filename):
        raise PgError(WRONG_OBJECT_TYPE, f'"{filename}" is a directory')
    try:
        with open(filename, "wb") as f:
            f.write(b"".join(lines))
    except OSError as e:
        raise _file_error(e, filename, "writing") from None
    return Result(tag, rowcount=len(result.rows))


def format_rows(session, o: CopyOptions, columns, names, rows, force_idx) -> list[bytes]:
    """CopyOneRowTo for every row (and the header): one bytes line each."""
    from pgref.types.registry import output_caller
    ectx = session.exec_context()
    if o.binary:
        return binary_rows(ectx, columns, rows)
    outs = [output_caller(c.type_oid) for c in columns]
    delim = o.delim
    out: list[bytes] = []
    single = len(columns) == 1
    if o.header:
        if o.csv:
            out.append(delim.join(_csv_out(n.encode("utf-8"), o, False, single) for n in names) + b"\n")
        else:
            out.append(delim.join(_text_out(n.encode("utf-8"), delim[0]) for n in names) + b"\n")
    for row in rows:
        parts = []
        for i, (f, v) in enumerate(zip(outs, row)):
            if v is None:
                parts.append(o.null)
                continue
            s = f(ectx, v).encode("utf-8")
            parts.append(_csv_out(s, o, i in force_idx, single) if o.csv else _text_out(s, delim[0]))
        out.append(delim.join(parts) + b"\n")
    return out


# ---------------------------------------------------------------------- binary format
#
#   signature  "PGCOPY\n\377\r\n\0" (11 bytes)
#   flags      int32 (bit 16: OIDs included -- refused; bits 17-31 must be 0)
#   extension  int32 length, then that many bytes (skipped)
#   tuples     int16 field count, then per field int32 length (-1 NULL) and
#              the value in its type's binary (send/receive) format
#   trailer    int16 -1
# All integers are big-endian (PostgreSQL's copyfromparse.c / copyto.c).

BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def binary_records(data: bytes, nfields: int):
    """CopyReadBinaryData: (lineno, raw, field bytes, error) per tuple, as
    the text readers yield them; ``raw`` is None (binary has no line text)."""
    def bad(msg: str) -> PgError:
        return PgError(BAD_COPY_FILE_FORMAT, msg)

    if data[:11] != BINARY_SIGNATURE:
        raise bad("COPY file signature not recognized")
    if len(data) < 15:
        raise bad("invalid COPY file header (missing flags)")
    flags = struct.unpack_from("!i", data, 11)[0]
    if flags & (1 << 16):
        raise bad("COPY with OIDs is not supported anymore")
    if flags & ~(1 << 16) & 0xFFFF0000:
        raise bad("unrecognized critical flags in COPY file header")
    if len(data) < 19:
        raise bad("invalid COPY file header (missing length)")
    extlen = struct.unpack_from("!i", data, 15)[0]
    if extlen < 0 or len(data) < 19 + extlen:
        raise bad("invalid COPY file header (wrong length)")
    pos = 19 + extlen
    lineno = 0
    while True:
        lineno += 1
        if pos == len(data):
            return                                  # EOF without the trailer is accepted
        if pos + 2 > len(data):
            yield lineno, None, None, bad("unexpected EOF in COPY data")
            return
        count = struct.unpack_from("!h", data, pos)[0]
        pos += 2
        if count == -1:
            if pos != len(data):
                yield lineno, None, None, bad("received copy data after EOF marker")
            return
        if count != nfields:
            yield lineno, None, None, bad(f"row field count is {count}, expected {nfields}")
            return
        vals: list[bytes | None] = []
        for _ in range(count):
            if pos + 4 > len(data):
                yield lineno, None, None, bad("unexpected EOF in COPY data")
                return
            size = struct.unpack_from("!i", data, pos)[0]
            pos += 4
            if size == -1:
                vals.append(None)
                continue
            if size < 0:
                yield lineno, None, None, bad("invalid field size")
                return
            if pos + size > len(data):
                yield lineno, None, None, bad("unexpected EOF in COPY data")
                return
            vals.append(data[pos:pos + size])
            pos += size
        yield lineno, None, vals, None


def binary_rows(ectx, columns, rows) -> list[bytes]:
    """CopyTo in binary: the header, one item per row, the trailer."""
    from pgref.types.registry import send_caller
    sends = [send_caller(c.type_oid) for c in columns]
    out = [BINARY_SIGNATURE + struct.pack("!ii", 0, 0)]
    for row in rows:
        parts = [struct.pack("!h", len(sends))]
        for f, v in zip(sends, row):
            if v is None:
                parts.append(b"\xff\xff\xff\xff")
            else:
                b = f(ectx, v)
                parts.append(struct.pack("!i", len(b)) + b)
        out.append(b"".join(parts))
    out.append(struct.pack("!h", -1))
    return out


def _text_out(s: bytes, delim: int) -> bytes:
    """CopyAttributeOutText: backslash, the delimiter and the control
    characters \\b \\f \\n \\r \\t \\v are backslash-escaped."""
    if not any(b < 0x20 or b == 0x5C or b == delim for b in s):
        return s
    out = bytearray()
    for b in s:
        if b < 0x20:
            esc = _TEXT_OUT.get(b)
            if esc is not None:
                out += esc
            elif b == delim:
                out += b"\\" + bytes([b])
            else:
                out.append(b)
        elif b == 0x5C or b == delim:
            out += b"\\" + bytes([b])
        else:
            out.append(b)
    return bytes(out)


def _csv_out(s: bytes, o: CopyOptions, force: bool, single: bool) -> bytes:
    """CopyAttributeOutCSV: quote when forced, when the value equals the
    NULL string, when it holds the delimiter, quote, CR or LF, or when it is
    a lone ``\\.`` of a one-column row; double quote/escape inside."""
    q, e = o.quote, o.escape
    use_quote = force or s == o.null or (single and s == b"\\.")
    if not use_quote and (o.delim in s or q in s or b"\n" in s or b"\r" in s):
        use_quote = True
    if not use_quote:
        return s
    out = bytearray(q)
    for b in s:
        if b == q[0] or b == e[0]:
            out += e
        out.append(b)
    out += q
    return bytes(out)

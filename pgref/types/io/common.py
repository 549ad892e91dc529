"""Helpers every type I/O module shares: PostgreSQL's error texts, C-locale
whitespace, UTF-8 validation, and the binary-format integer packers.

Where it sits: ``types/io/`` (spec/03-types.md, "I/O conventions").  Nothing
here registers a function; the sibling modules do.

* :func:`invalid_syntax` / :func:`out_of_range` build the two errors nearly
  every input function raises, worded as PostgreSQL's
  ``invalid input syntax for type %s: "%s"`` (22P02) and
  ``value "%s" is out of range for type %s`` (22003).
* :func:`check_text` / :func:`decode_utf8` enforce INV-TYPES-5: a text value
  never holds NUL or a byte sequence that is not UTF-8, and the error quotes
  the offending bytes as PostgreSQL's ``report_invalid_encoding()`` does.
* :class:`Reader` reads a binary value the way ``pq_getmsg*`` does and
  raises PostgreSQL's errors for short or over-long data.
"""
from __future__ import annotations

import struct

from pgref.errors import (
    CHARACTER_NOT_IN_REPERTOIRE, INVALID_BINARY_REPRESENTATION,
    INVALID_TEXT_REPRESENTATION, NUMERIC_VALUE_OUT_OF_RANGE, PROTOCOL_VIOLATION,
    PgError)

# isspace() in the C locale
C_SPACE = " \t\n\r\v\f"


def invalid_syntax(typename: str, text: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION,
                   f'invalid input syntax for type {typename}: "{text}"')


def out_of_range(typename: str, text: str) -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                   f'value "{text}" is out of range for type {typename}')


def _invalid_encoding(data: bytes, pos: int) -> PgError:
    """report_invalid_encoding(): quote the bad character's bytes, as many
    as its first byte announces (pg_utf_mblen), at most what remains."""
    c = data[pos]
    if c < 0x80:
        length = 1
    elif c & 0xE0 == 0xC0:
        length = 2
    elif c & 0xF0 == 0xE0:
        length = 3
    elif c & 0xF8 == 0xF0:
        length = 4
    else:
        length = 1
    chunk = data[pos:pos + min(length, len(data) - pos, 8)]
    shown = " ".join(f"0x{b:02x}" for b in chunk)
    return PgError(CHARACTER_NOT_IN_REPERTOIRE,
                   f'invalid byte sequence for encoding "UTF8": {shown}')


def decode_utf8(data: bytes) -> str:
    """Bytes from a client or a file -> str, with PostgreSQL's verdict on
    invalid UTF-8 and on NUL (INV-TYPES-5)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _invalid_encoding(data, e.start) from None
    if "\x00" in text:
        raise _invalid_encoding(data, data.index(0))
    return text


def check_text(text: str) -> str:
    """A str that will become a text datum: reject NUL and lone surrogates
    (which no UTF-8 byte sequence decodes to) with PostgreSQL's message."""
    if "\x00" in text:
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      'invalid byte sequence for encoding "UTF8": 0x00')
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = text[e.start].encode("utf-8", "surrogatepass")
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      'invalid byte sequence for encoding "UTF8": '
                      + " ".join(f"0x{b:02x}" for b in bad)) from None
    return text


def encode_utf8(text: str) -> bytes:
    return text.encode("utf-8")


class Reader:
    """A cursor over a binary value, as PostgreSQL's StringInfo + pq_getmsg*.

    Running past the end raises 08P01 "insufficient data left in message";
    :meth:`end` raises 22P03 "incorrect binary data format" if bytes remain
    (what ReceiveFunctionCall reports when a receive function did not
    consume its whole input)."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise PgError(PROTOCOL_VIOLATION, "insufficient data left in message")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def rest(self) -> bytes:
        b = self.data[self.pos:]
        self.pos = len(self.data)
        return b

    def remaining(self) -> int:
        return len(self.data) - self.pos

    def int8(self) -> int:
        return struct.unpack("!b", self.take(1))[0]

    def uint8(self) -> int:
        return self.take(1)[0]

    def int16(self) -> int:
        return struct.unpack("!h", self.take(2))[0]

    def uint16(self) -> int:
        return struct.unpack("!H", self.take(2))[0]

    def int32(self) -> int:
        return struct.unpack("!i", self.take(4))[0]

    def uint32(self) -> int:
        return struct.unpack("!I", self.take(4))[0]

    def int64(self) -> int:
        return struct.unpack("!q", self.take(8))[0]

    def end(self) -> None:
        """ReceiveFunctionCall's check that the whole value was consumed."""
        if self.pos != len(self.data):
            raise PgError(INVALID_BINARY_REPRESENTATION, "incorrect binary data format")

"""Every message of the PostgreSQL frontend/backend protocol v3 that pgref
speaks, as plain dataclasses (spec/10-wire-protocol.md, "Messages").

Where it sits: the bottom of ``wire/``.  ``codec.py`` turns bytes into the
frontend classes and the backend classes into bytes; ``connection.py``
moves them through the protocol's state machine; ``server/backend.py``
decides which backend messages answer which frontend message.  Nothing
here does I/O or knows SQL.

Frontend messages (client -> server)::

    startup phase (no type byte)      SSLRequest  GSSENCRequest  CancelRequest  StartupMessage
    'Q' Query        'P' Parse        'B' Bind     'D' Describe   'E' Execute
    'C' Close        'S' Sync         'H' Flush    'X' Terminate  'p' PasswordMessage
    'F' FunctionCall 'd' CopyData     'c' CopyDone 'f' CopyFail

Backend messages (server -> client)::

    'R' AuthenticationOk   'S' ParameterStatus  'K' BackendKeyData  'Z' ReadyForQuery
    'T' RowDescription     'D' DataRow          'C' CommandComplete 'I' EmptyQueryResponse
    'E' ErrorResponse      'N' NoticeResponse   '1' ParseComplete   '2' BindComplete
    '3' CloseComplete      'n' NoData           't' ParameterDescription
    's' PortalSuspended    'v' NegotiateProtocolVersion  'A' NotificationResponse
    'G' CopyInResponse     'H' CopyOutResponse  'd' CopyData        'c' CopyDone
    (CopyData and CopyDone are the frontend classes: the format is the same both ways)
    (no type byte) SSLRefused -- the single byte 'N' answering SSLRequest/GSSENCRequest
"""
from __future__ import annotations

from dataclasses import dataclass, field

PROTOCOL_3_0 = 3 << 16           # 196608
SSL_REQUEST_CODE = 80877103      # 1234 << 16 | 5679
GSSENC_REQUEST_CODE = 80877104   # 1234 << 16 | 5680
CANCEL_REQUEST_CODE = 80877102   # 1234 << 16 | 5678


# ---------------------------------------------------------------- frontend: startup phase

@dataclass(frozen=True)
class SSLRequest:
    pass


@dataclass(frozen=True)
class GSSENCRequest:
    pass


@dataclass(frozen=True)
class CancelRequest:
    pid: int
    secret: int


@dataclass(frozen=True)
class StartupMessage:
    """``protocol`` is major << 16 | minor; ``params`` in packet order."""
    protocol: int
    params: dict[str, str] = field(default_factory=dict)

    @property
    def major(self) -> int:
        return self.protocol >> 16

    @property
    def minor(self) -> int:
        return self.protocol & 0xFFFF


# ---------------------------------------------------------------- frontend: normal phase

@dataclass(frozen=True)
class Query:
    sql: str


@dataclass(frozen=True)
class Parse:
    name: str
    query: str
    param_types: tuple[int, ...] = ()


@dataclass(frozen=True)
class Bind:
    portal: str
    statement: str
    param_formats: tuple[int, ...] = ()
    params: tuple[bytes | None, ...] = ()
    result_formats: tuple[int, ...] = ()


@dataclass(frozen=True)
class Describe:
    kind: str          # 'S' statement or 'P' portal
    name: str


@dataclass(frozen=True)
class Execute:
    portal: str
    max_rows: int = 0  # 0 = no limit


@dataclass(frozen=True)
class Close:
    kind: str          # 'S' or 'P'
    name: str


@dataclass(frozen=True)
class Sync:
    pass


@dataclass(frozen=True)
class Flush:
    pass


@dataclass(frozen=True)
class Terminate:
    pass


@dataclass(frozen=True)
class PasswordMessage:
    data: bytes


@dataclass(frozen=True)
class FunctionCall:
    data: bytes


@dataclass(frozen=True)
class CopyData:
    data: bytes


@dataclass(frozen=True)
class CopyDone:
    pass


@dataclass(frozen=True)
class CopyFail:
    message: str


FrontendMessage = (SSLRequest | GSSENCRequest | CancelRequest | StartupMessage | Query | Parse | Bind
                   | Describe | Execute | Close | Sync | Flush | Terminate | PasswordMessage | FunctionCall
                   | CopyData | CopyDone | CopyFail)

# messages that belong to the extended query protocol: an error while one of
# them is processed makes the server skip everything up to the next Sync
EXTENDED = (Parse, Bind, Describe, Execute, Close, Flush)


# ---------------------------------------------------------------- backend

@dataclass(frozen=True)
class SSLRefused:
    pass


@dataclass(frozen=True)
class AuthenticationOk:
    pass


@dataclass(frozen=True)
class ParameterStatus:
    name: str
    value: str


@dataclass(frozen=True)
class BackendKeyData:
    pid: int
    secret: int


@dataclass(frozen=True)
class ReadyForQuery:
    status: str        # 'I' idle, 'T' in a transaction block, 'E' failed block


@dataclass(frozen=True)
class FieldDescription:
    name: str
    table_oid: int = 0
    column_number: int = 0
    type_oid: int = 0
    type_size: int = -1
    typmod: int = -1
    format: int = 0


@dataclass(frozen=True)
class RowDescription:
    fields: tuple[FieldDescription, ...]


@dataclass(frozen=True)
class DataRow:
    values: tuple[bytes | None, ...]


@dataclass(frozen=True)
class CommandComplete:
    tag: str


@dataclass(frozen=True)
class EmptyQueryResponse:
    pass


@dataclass(frozen=True)
class ErrorResponse:
    """``fields`` maps the one-letter field codes (S V C M D H P ...) to text."""
    fields: tuple[tuple[str, str], ...]

    def get(self, code: str) -> str | None:
        for k, v in self.fields:
            if k == code:
                return v
        return None

    @property
    def is_fatal(self) -> bool:
        return self.get("V") in ("FATAL", "PANIC")


@dataclass(frozen=True)
class NoticeResponse:
    fields: tuple[tuple[str, str], ...]

    def get(self, code: str) -> str | None:
        for k, v in self.fields:
            if k == code:
                return v
        return None


@dataclass(frozen=True)
class ParseComplete:
    pass


@dataclass(frozen=True)
class BindComplete:
    pass


@dataclass(frozen=True)
class CloseComplete:
    pass


@dataclass(frozen=True)
class NoData:
    pass


@dataclass(frozen=True)
class ParameterDescription:
    type_oids: tuple[int, ...]


@dataclass(frozen=True)
class PortalSuspended:
    pass


@dataclass(frozen=True)
class NegotiateProtocolVersion:
    newest_minor: int
    unrecognized: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotificationResponse:
    """'A': a NOTIFY on a channel this session listens on (LISTEN); sent
    between transactions, also without a request."""
    pid: int
    channel: str
    payload: str = ""


@dataclass(frozen=True)
class CopyInResponse:
    """'G': the server is ready for COPY FROM STDIN data.  ``format`` 0 is
    text (the only one pgref speaks); one format code per column."""
    format: int = 0
    column_formats: tuple[int, ...] = ()


@dataclass(frozen=True)
class CopyOutResponse:
    """'H': COPY TO STDOUT data follows (CopyData*, CopyDone)."""
    format: int = 0
    column_formats: tuple[int, ...] = ()


BackendMessage = (SSLRefused | AuthenticationOk | ParameterStatus | BackendKeyData | ReadyForQuery
                  | RowDescription | DataRow | CommandComplete | EmptyQueryResponse | ErrorResponse
                  | NoticeResponse | ParseComplete | BindComplete | CloseComplete | NoData
                  | ParameterDescription | PortalSuspended | NegotiateProtocolVersion
                  | CopyInResponse | CopyOutResponse | CopyData | CopyDone | NotificationResponse)

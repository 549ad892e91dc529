"""The protocol's state machine as data (spec/10-wire-protocol.md, "State
machine").  ``connection.py`` is the only reader; keeping the table apart
makes the whole machine visible at once, as h11's ``_state.py`` does.

    (state, message class) -> next state

Left half: messages the server receives; right half: messages it sends.
A received pair not in the table is a protocol error, a sent one a
LocalProtocolError.  In READY every normal-phase message keeps READY
(READY_RECEIVED) except Terminate; extended-query error recovery
(INV-WIRE-4) is a flag beside the state, not a state.
"""
from __future__ import annotations

from pgref.wire import messages as M

STARTUP, AUTH, READY, CLOSED, ERROR = "STARTUP", "AUTH", "READY", "CLOSED", "ERROR"

# (state, event class) -> next state.  Received events on the left half,
# sent messages on the right; a pair not in the table is a protocol error
# (received) or a LocalProtocolError (sent).
TRANSITIONS: dict[tuple[str, type], str] = {
    # received
    (STARTUP, M.SSLRequest): STARTUP,
    (STARTUP, M.GSSENCRequest): STARTUP,
    (STARTUP, M.CancelRequest): CLOSED,
    (STARTUP, M.StartupMessage): AUTH,
    (READY, M.Terminate): CLOSED,
    # sent
    (STARTUP, M.SSLRefused): STARTUP,
    (AUTH, M.AuthenticationOk): AUTH,
    (AUTH, M.NegotiateProtocolVersion): AUTH,
    (AUTH, M.ParameterStatus): AUTH,
    (AUTH, M.BackendKeyData): AUTH,
    (AUTH, M.NoticeResponse): AUTH,
    (AUTH, M.ReadyForQuery): READY,
}
# every other normal-phase message keeps READY
READY_RECEIVED = (M.Query, M.Parse, M.Bind, M.Describe, M.Execute, M.Close, M.Sync, M.Flush,
                  M.PasswordMessage, M.FunctionCall, M.CopyData, M.CopyDone, M.CopyFail)


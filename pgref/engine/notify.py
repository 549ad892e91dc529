"""LISTEN, NOTIFY and UNLISTEN: asynchronous notifications between sessions
of one database (PostgreSQL's commands/async.c; spec/10-wire-protocol.md,
"Notifications").

Where it sits: ``engine/``, beside the session.  A :class:`Hub` is shared
by all sessions of one :class:`~pgref.engine.database.Database` (found with
:func:`hub_for`); every session that has used LISTEN or NOTIFY owns a
:class:`SessionNotify`, kept as ``session.notify``.  The engine knows
nothing about sockets: the wire server takes notifications out with
:meth:`SessionNotify.take` and sends them as NotificationResponse ('A')
messages; the hub only calls the session's ``async_wake`` (if the server
set one) to say "there is something for you".

PostgreSQL's semantics, which this module keeps:

  INV-NOTIFY-1  A notification is delivered only if the notifying
                transaction commits, and only after the commit: NOTIFY
                (and pg_notify) queue it in the transaction, commit hands it
                to the listeners, rollback (or ROLLBACK TO a savepoint taken
                before it) discards it.
  INV-NOTIFY-2  Within one transaction, notifications with the same channel
                and payload are folded into one; the others keep their order.
  INV-NOTIFY-3  LISTEN and UNLISTEN take effect at commit.  A committed
                transaction's notifications go to every session listening
                on the channel after that commit's LISTEN/UNLISTEN actions
                are applied -- the notifier itself included ("BEGIN; LISTEN
                c; NOTIFY c; COMMIT" notifies yourself).  A session that
                stops listening before a queued notification is read does
                not get it (PostgreSQL filters when reading the queue).
  INV-NOTIFY-4  A listener receives notifications only between
                transactions; those arriving while it is inside a
                transaction are kept until the transaction ends.  (The
                wire server enforces the timing: see Backend.async_messages.)

Entry points:
    hub_for(db) -> Hub
    notify(session, channel, payload)      NOTIFY / pg_notify
    listen(session, channel) / unlisten(session, channel | None)
    at_commit(session) / at_abort(session) called by Session._commit/_abort
    at_close(session)                      the session ends: unlisten everything
    SessionNotify.take() -> [(pid, channel, payload)]
    listening_channels(session) -> [channel]   (pg_listening_channels)
    Built-ins: pg_notify, pg_listening_channels, pg_notification_queue_usage.
"""
from __future__ import annotations

import threading
import weakref
from collections import deque

from pgref.errors import INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin

NAMEDATALEN = 64                    # channel names are at most 63 bytes
NOTIFY_PAYLOAD_MAX_LENGTH = 8000    # a payload must be shorter than this (bytes)

_hubs: "weakref.WeakKeyDictionary[object, Hub]" = weakref.WeakKeyDictionary()
_hubs_lock = threading.Lock()


def hub_for(db) -> "Hub":
    """The notification hub of ``db`` (one per Database object)."""
    with _hubs_lock:
        hub = _hubs.get(db)
        if hub is None:
            hub = _hubs[db] = Hub()
        return hub


class Hub:
    """Who listens on which channel, for one database.  ``lock`` guards
    ``channels`` and every listener's ``incoming`` queue; it is never held
    while anything else is waited for."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.channels: dict[str, set[SessionNotify]] = {}

    def deliver(self, pid: int, notes: list[tuple[str, str]]) -> None:
        """Hand one committed transaction's notifications to the listeners."""
        woken: list[SessionNotify] = []
        with self.lock:
            for channel, payload in notes:
                for sn in self.channels.get(channel, ()):
                    sn.incoming.append((pid, channel, payload))
                    if sn not in woken:
                        woken.append(sn)
        for sn in woken:
            sn.wake()

    def set_listening(self, sn: "SessionNotify", channels: list[str]) -> None:
        with self.lock:
            for ch in sn.listening:
                if ch not in channels:
                    members = self.channels.get(ch)
                    if members is not None:
                        members.discard(sn)
                        if not members:
                            del self.channels[ch]
            for ch in channels:
                self.channels.setdefault(ch, set()).add(sn)
            sn.listening = list(channels)


class SessionNotify:
    """One session's LISTEN/NOTIFY state.

    ``listening``   committed channels, in LISTEN order (pg_listening_channels)
    ``actions``     this transaction's LISTEN/UNLISTEN: (xid, "listen"|"unlisten"|"unlisten_all", channel)
    ``pending``     this transaction's notifications: (xid, channel, payload)
    ``incoming``    notifications committed by anyone, not yet sent to the client
    The xid tags are the (sub)transaction that issued the command, so a
    ROLLBACK TO discards exactly the work of the rolled-back subtransactions
    (they leave ``Transaction.mine``).
    """

    def __init__(self, session) -> None:
        self.session = session
        self.hub = hub_for(session.db)
        self.listening: list[str] = []
        self.actions: list[tuple[int, str, str | None]] = []
        self.pending: list[tuple[int, str, str]] = []
        self.incoming: deque[tuple[int, str, str]] = deque()

    def wake(self) -> None:
        fn = getattr(self.session, "async_wake", None)
        if fn is not None:
            fn()

    def take(self) -> list[tuple[int, str, str]]:
        """The notifications to send now, for channels still listened on
        (INV-NOTIFY-3: filtered when read)."""
        with self.hub.lock:
            if not self.incoming:
                return []
            got = list(self.incoming)
            self.incoming.clear()
            listening = set(self.listening)
        return [n for n in got if n[1] in listening]

    def has_incoming(self) -> bool:
        return bool(self.incoming)


def state(session, create: bool = True) -> SessionNotify | None:
    sn = getattr(session, "notify", None)
    if sn is None and create:
        sn = SessionNotify(session)
        session.notify = sn
    return sn


def _current_xid(session) -> int:
    x = session.xact
    return x.current_xid if x is not None else 0


def notify(session, channel: str | None, payload: str | None) -> None:
    """NOTIFY channel, 'payload' / pg_notify(channel, payload) (Async_Notify)."""
    channel = channel or ""
    payload = payload or ""
    if not channel:
        raise PgError(INVALID_PARAMETER_VALUE, "channel name cannot be empty")
    if len(channel.encode("utf-8")) >= NAMEDATALEN:
        raise PgError(INVALID_PARAMETER_VALUE, "channel name too long")
    if len(payload.encode("utf-8")) >= NOTIFY_PAYLOAD_MAX_LENGTH:
        raise PgError(INVALID_PARAMETER_VALUE, "payload string too long")
    state(session).pending.append((_current_xid(session), channel, payload))


def listen(session, channel: str) -> None:
    state(session).actions.append((_current_xid(session), "listen", channel))


def unlisten(session, channel: str | None) -> None:
    sn = state(session, create=False)
    if sn is None:
        return                      # never listened: nothing to undo (Async_Unlisten's shortcut)
    sn.actions.append((_current_xid(session), "unlisten" if channel is not None else "unlisten_all", channel))


def at_commit(session, xids) -> None:
    """The transaction whose surviving (sub)transaction ids are ``xids``
    committed: apply LISTEN/UNLISTEN, then deliver (INV-NOTIFY-1..3)."""
    sn = getattr(session, "notify", None)
    if sn is None or (not sn.actions and not sn.pending):
        return
    actions, pending = sn.actions, sn.pending
    sn.actions, sn.pending = [], []
    if actions:
        channels = list(sn.listening)
        for xid, kind, ch in actions:
            if xid not in xids:
                continue
            if kind == "listen":
                if ch not in channels:
                    channels.append(ch)
            elif kind == "unlisten":
                if ch in channels:
                    channels.remove(ch)
            else:
                channels = []
        sn.hub.set_listening(sn, channels)
    notes: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for xid, ch, payload in pending:
        if xid in xids and (ch, payload) not in seen:       # INV-NOTIFY-2
            seen.add((ch, payload))
            notes.append((ch, payload))
    if notes:
        sn.hub.deliver(session.pid, notes)


def at_abort(session) -> None:
    sn = getattr(session, "notify", None)
    if sn is not None:
        sn.actions, sn.pending = [], []


def at_close(session) -> None:
    """The session ends: it listens on nothing any more (Async_UnlistenOnExit)."""
    sn = getattr(session, "notify", None)
    if sn is not None:
        sn.actions, sn.pending = [], []
        sn.hub.set_listening(sn, [])
        with sn.hub.lock:
            sn.incoming.clear()


def listening_channels(session) -> list[str]:
    sn = getattr(session, "notify", None)
    return list(sn.listening) if sn is not None else []


# ---------------------------------------------------------------- built-ins
@builtin("pg_notify", ctx=True)
def pg_notify(ctx, channel, payload):
    notify(ctx.session, channel, payload)
    return None


@builtin("pg_listening_channels", ctx=True)
def pg_listening_channels(ctx):
    return iter(listening_channels(ctx.session))


@builtin("pg_notification_queue_usage", ctx=True)
def pg_notification_queue_usage(ctx):
    """The fraction of the queue in use: pgref keeps no shared queue file,
    so a notification is either delivered or waiting in its listener's own
    list, and the shared queue is always empty."""
    return 0.0

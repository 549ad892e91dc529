"""LISTEN / NOTIFY / UNLISTEN over the wire: NotificationResponse ('A')
timing and PostgreSQL's semantics (spec/10-wire-protocol.md,
"Notifications"; engine/notify.py INV-NOTIFY-1..4).

Raw-socket clients pin the exact message order; psycopg's
``Connection.notifies()`` shows a real driver receiving notifications
while it waits, without sending anything.
"""
from __future__ import annotations

import socket
import threading
import time

import psycopg
import pytest

from pgref.wire import messages as M
from tests.server.wireclient import RawClient, errors, rows


def raw(server) -> RawClient:
    return RawClient(server.port)


def notes(msgs) -> list[tuple[str, str]]:
    return [(m.channel, m.payload) for m in msgs if isinstance(m, M.NotificationResponse)]


def kinds(msgs) -> list[str]:
    return [type(m).__name__ for m in msgs]


def pid_of(c: RawClient) -> int:
    return next(m.pid for m in c.startup if isinstance(m, M.BackendKeyData))


def recv_notifications(c: RawClient, n: int, timeout: float = 5.0) -> list:
    """Read ``n`` unsolicited messages from an idle connection."""
    c.sock.settimeout(timeout)
    got = [c.recv_message() for _ in range(n)]
    c.sock.settimeout(30)
    return got


def nothing_pending(c: RawClient, wait: float = 0.3) -> bool:
    c.sock.settimeout(wait)
    try:
        c.sock.recv(1, socket.MSG_PEEK)            # anything (or EOF) means something happened
        return False
    except TimeoutError:
        return True
    finally:
        c.sock.settimeout(30)


def test_self_notify_comes_before_ready_for_query(server):
    c = raw(server)
    assert kinds(c.query("listen self_ch")) == ["CommandComplete", "ReadyForQuery"]
    got = c.query("notify self_ch, 'hello'")
    assert kinds(got) == ["CommandComplete", "NotificationResponse", "ReadyForQuery"]
    assert got[1] == M.NotificationResponse(pid_of(c), "self_ch", "hello")
    got = c.query("select pg_notify('self_ch', 'via function')")
    assert notes(got) == [("self_ch", "via function")]
    assert kinds(got)[-2:] == ["NotificationResponse", "ReadyForQuery"]
    c.close()


def test_idle_listener_gets_it_without_asking(server):
    listener, sender = raw(server), raw(server)
    listener.query("listen idle_ch")
    sender.query("notify idle_ch, 'p1'")
    (m,) = recv_notifications(listener, 1)
    assert m == M.NotificationResponse(pid_of(sender), "idle_ch", "p1")
    sender.query("notify other_ch, 'not for you'")
    assert nothing_pending(listener)
    listener.close()
    sender.close()


def test_delivered_at_commit_only_and_folded(server):
    listener, sender = raw(server), raw(server)
    listener.query("listen tx_ch")
    sender.query("begin")
    sender.query("notify tx_ch, 'a'")
    sender.query("notify tx_ch, 'a'")            # folded into the first (INV-NOTIFY-2)
    sender.query("select pg_notify('tx_ch', 'b')")
    sender.query("notify tx_ch")                 # empty payload
    assert nothing_pending(listener)             # nothing before COMMIT (INV-NOTIFY-1)
    sender.query("commit")
    got = recv_notifications(listener, 3)
    assert notes(got) == [("tx_ch", "a"), ("tx_ch", "b"), ("tx_ch", "")]
    sender.query("begin; notify tx_ch, 'rolled back'; rollback")
    sender.query("begin; savepoint s; notify tx_ch, 'sub'; rollback to s; notify tx_ch, 'kept'; commit")
    (m,) = recv_notifications(listener, 1)
    assert (m.channel, m.payload) == ("tx_ch", "kept")
    assert nothing_pending(listener)
    listener.close()
    sender.close()


def test_listener_inside_a_transaction_gets_them_after_it(server):
    listener, sender = raw(server), raw(server)
    listener.query("listen busy_ch")
    assert kinds(listener.query("begin")) == ["CommandComplete", "ReadyForQuery"]
    sender.query("notify busy_ch, 'later'")
    assert nothing_pending(listener)             # INV-NOTIFY-4
    got = listener.query("select 1")
    assert notes(got) == []
    got = listener.query("commit")
    assert kinds(got) == ["CommandComplete", "NotificationResponse", "ReadyForQuery"]
    assert notes(got) == [("busy_ch", "later")]
    listener.close()
    sender.close()


def test_listen_and_unlisten_take_effect_at_commit(server):
    c, sender = raw(server), raw(server)
    c.query("begin")
    c.query("listen late_ch")
    assert rows(c.query("select pg_listening_channels()")) == []
    sender.query("notify late_ch, 'before my listen committed'")
    got = c.query("commit")
    assert notes(got) == []                      # it committed before the LISTEN did
    assert rows(c.query("select * from pg_listening_channels()")) == [("late_ch",)]
    got = c.query("begin; listen late_ch; notify late_ch, 'x'; unlisten late_ch; commit")
    assert notes(got) == []                      # UNLISTEN applied before delivery
    got = c.query("begin; listen z1; listen z2; listen z1; notify z2, 'mine'; commit")
    assert notes(got) == [("z2", "mine")]
    assert rows(c.query("select pg_listening_channels()")) == [("z1",), ("z2",)]
    c.query("unlisten z1")
    assert rows(c.query("select pg_listening_channels()")) == [("z2",)]
    c.query("begin; unlisten *; rollback")
    assert rows(c.query("select pg_listening_channels()")) == [("z2",)]
    assert kinds(c.query("unlisten *")) == ["CommandComplete", "ReadyForQuery"]
    assert rows(c.query("select pg_listening_channels()")) == []
    assert rows(c.query("select pg_notification_queue_usage()")) == [("0",)]
    c.query("listen q1")
    assert [type(m).__name__ for m in c.query("discard all")] == ["CommandComplete", "ReadyForQuery"]
    assert rows(c.query("select pg_listening_channels()")) == []      # DISCARD ALL unlistens
    c.close()
    sender.close()


def test_errors_and_name_truncation(server):
    c = raw(server)
    assert errors(c.query("select pg_notify('c', repeat('x', 8000))")) == [("22023", "payload string too long")]
    assert not errors(c.query("select pg_notify('c', repeat('x', 7999))"))
    assert errors(c.query("select pg_notify('', 'x')")) == [("22023", "channel name cannot be empty")]
    assert errors(c.query("select pg_notify(NULL, 'x')")) == [("22023", "channel name cannot be empty")]
    assert errors(c.query("select pg_notify(repeat('c', 64), 'x')")) == [("22023", "channel name too long")]
    assert errors(c.query("notify c, '" + "x" * 8000 + "'")) == [("22023", "payload string too long")]
    long = "a" * 70
    c.query(f"listen {long}")
    assert rows(c.query("select pg_listening_channels()")) == [("a" * 63,)]   # identifier truncation
    got = c.query(f"notify {long}, 'big'")
    assert notes(got) == [("a" * 63, "big")]
    got = c.query(f"select pg_notify('{'a' * 63}', repeat('y', 7999))")
    assert notes(got) == [("a" * 63, "y" * 7999)]
    c.close()


def test_extended_protocol_and_disconnect(server):
    """Notifications wait for the end of an extended-protocol batch (its
    implicit transaction), and a closed listener is forgotten."""
    listener, sender = raw(server), raw(server)
    listener.query("listen ext_ch")
    listener.send(M.Parse("", "select 1", ()), M.Bind("", "", (), (), ()), M.Execute("", 0))
    listener.send(M.Flush())
    time.sleep(0.2)
    sender.query("notify ext_ch, 'x'")
    listener.send(M.Sync())
    got = listener.until_ready()
    assert kinds(got)[-2:] == ["NotificationResponse", "ReadyForQuery"]
    listener.close()
    time.sleep(0.2)
    got = sender.query("notify ext_ch, 'nobody listens'")
    assert not errors(got)
    sender.close()


def test_psycopg_notifies(server):
    dsn = f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres connect_timeout=10"
    with psycopg.connect(dsn, autocommit=True) as listener, psycopg.connect(dsn, autocommit=True) as sender:
        listener.execute("LISTEN ps_ch")

        def send():
            time.sleep(0.3)
            sender.execute("NOTIFY ps_ch, 'one'")
            sender.execute("SELECT pg_notify('ps_ch', 'two')")

        t = threading.Thread(target=send)
        t.start()
        got = []
        for n in listener.notifies(timeout=10):
            got.append((n.channel, n.payload, n.pid))
            if len(got) == 2:
                break
        t.join()
        spid = sender.info.backend_pid
        assert got == [("ps_ch", "one", spid), ("ps_ch", "two", spid)]
        # a notification that arrives with a query's answer goes to the same queue
        listener.execute("NOTIFY ps_ch, 'self'")
        got = [(n.channel, n.payload) for n in listener.notifies(timeout=2, stop_after=1)]
        assert got == [("ps_ch", "self")]


@pytest.mark.parametrize("n_listeners", [5])
def test_many_listeners(server, n_listeners):
    ls = [raw(server) for _ in range(n_listeners)]
    for c in ls:
        c.query("listen fan")
    sender = raw(server)
    sender.query("notify fan, 'all'")
    for c in ls:
        (m,) = recv_notifications(c, 1)
        assert (m.channel, m.payload, m.pid) == ("fan", "all", pid_of(sender))
        c.close()
    sender.close()


def _scenario(connect) -> list:
    """One conversation of two sessions, as message kinds and payloads."""
    def k(msgs):
        return [type(m).__name__ + (f"({m.channel},{m.payload})" if isinstance(m, M.NotificationResponse) else "")
                for m in msgs]
    a, b = connect(), connect()
    out = [k(a.query("listen c")), k(a.query("notify c, 'x'")), k(a.query("notify c, 'y'; select 1")),
           k(a.query("begin; listen d; notify d, 'z'; commit")),
           k(a.query("begin; listen e; unlisten e; notify e, 'gone'; commit"))]
    a.send(M.Parse("", "select 1", ()), M.Bind("", "", (), (), ()), M.Execute("", 0), M.Flush())
    time.sleep(0.2)
    b.query("notify c, 'ext'")
    a.send(M.Sync())
    out.append(k(a.until_ready()))
    out.append(k(a.query("begin")))
    b.query("notify c, 'intx'")
    out += [k(a.query("select 1")), k(a.query("commit"))]
    b.query("notify c, 'a'; notify c, 'a'; notify c, 'b'; notify c, 'a'")
    out.append(k(recv_notifications(a, 2)))
    out.append(errors(b.query("select pg_notify('c', repeat('x', 8000))")))
    out.append(errors(b.query("select pg_notify('', 'x')")))
    out.append(rows(a.query("select pg_listening_channels() order by 1")))
    a.close()
    b.close()
    return out


def test_same_conversation_as_postgresql(server, pg_cluster):
    ours = _scenario(lambda: raw(server))
    theirs = _scenario(lambda: RawClient(pg_cluster.port, host=pg_cluster.sockdir))
    assert ours == theirs

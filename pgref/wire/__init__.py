"""The PostgreSQL frontend/backend protocol v3, sans I/O (spec/10-wire-protocol.md).

``messages`` (dataclasses), ``codec`` (bytes <-> messages), ``connection``
(the state machine: receive_data / next_event / send).  No sockets here;
``pgref.server`` owns them.
"""

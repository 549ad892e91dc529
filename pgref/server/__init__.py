"""``pgref serve``: the network server (spec/10-wire-protocol.md, "Server").

``backend`` turns frontend messages into engine calls and backend messages
(no I/O); ``main`` owns the sockets and threads.
"""

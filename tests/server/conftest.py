"""A pgref server in this process for the server tests, one per test module."""
import pytest

from pgref.engine import boot
from pgref.engine.database import Database
from pgref.server.main import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    boot.ensure_loaded()
    base = tmp_path_factory.mktemp("pgref_serve")
    db = Database(str(base / "data"))
    srv = Server(db, "127.0.0.1", 0, socket_dir=str(base))
    srv.start()
    yield srv
    srv.stop()
    db.close()

"""On the embedded default the server runs the worker loop in its own process."""

import threading
import time

from fastapi.testclient import TestClient

from aftersales.app import create_app
from aftersales.settings import Settings


def _worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "aftersales-worker"]


def test_the_worker_loop_starts_with_the_app_and_stops_with_it(sqlite_engine):
    settings = Settings(
        database_url=str(sqlite_engine.url), secret_key="x", env="test", run_worker_in_process=True
    )
    with TestClient(create_app(settings)):
        assert len(_worker_threads()) == 1
    for _ in range(50):
        if not _worker_threads():
            break
        time.sleep(0.1)
    assert _worker_threads() == []

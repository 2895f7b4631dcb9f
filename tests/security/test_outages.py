"""When the database is down or locked, every request answers 503 with Retry-After."""

import re
import sqlite3
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from aftersales import db as db_module
from aftersales import migrate
from aftersales.app import create_app
from aftersales.auth.service import issue_token
from aftersales.settings import Settings
from tests.complaints.factories import complaint_body
from tests.sales.factories import sale_body
from tests.support.postgres import PostgresServer, free_port

SECRET = "outage-test-secret-" + "x" * 20


def _client(url: str, tmp_path) -> TestClient:  # noqa: ANN001
    settings = Settings(database_url=url, secret_key=SECRET, env="test", attachments_dir=tmp_path)
    return TestClient(create_app(settings), raise_server_exceptions=False)


def _bearer(settings: Settings, user_id: int = 1) -> dict[str, str]:
    token = issue_token(SimpleNamespace(id=user_id, session_epoch=0), settings)
    return {"Authorization": f"Bearer {token}"}


def _assert_unavailable(answer, reason: str) -> None:  # noqa: ANN001
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "5"
    assert answer.json() == {
        "code": reason,
        "message": answer.json()["message"],
        "field": None,
        "errors": [],
    }


def test_postgresql_refusing_connections_answers_503_everywhere(tmp_path):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere"
    with _client(url, tmp_path) as client:
        auth = _bearer(client.app.state.settings)
        calls = [
            client.post("/api/v1/auth/token", json={"username": "admin", "password": "demo"}),
            client.get("/api/v1/complaints", headers=auth),
            client.post("/api/v1/complaints", json=complaint_body(), headers=auth),
            # A well-formed sale: a malformed one is refused before the database is asked.
            client.post("/api/v1/sales", json=sale_body(), headers=auth),
            client.post(
                "/api/v1/public/complaints/track",
                json={"code": "ABCDEFGHJK", "phone": "13700007777"},
            ),
        ]
        for answer in calls:
            _assert_unavailable(answer, "database_unreachable")
        english = client.get("/api/v1/complaints", headers=auth | {"Accept-Language": "en"})
        assert "cannot be reached" in english.json()["message"]

        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        login = client.post(
            "/login", data={"username": "admin", "password": "demo", "csrf_token": token}
        )
        assert login.status_code == 503 and login.headers["retry-after"] == "5"
        assert "text/html" in login.headers["content-type"] and "数据库" in login.text

        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.headers["retry-after"] == "5"
        assert ready.json()["reason"].startswith("database_unreachable")
        assert client.get("/healthz").status_code == 200


@pytest.mark.pg
def test_a_postgresql_that_stops_and_comes_back(tmp_path):
    server = PostgresServer().start()
    try:
        url = server.create_database("outage")
        migrate.upgrade(url)
        with _client(url, tmp_path) as client:
            track = {"code": "ABCDEFGHJK", "phone": "13700007777"}
            assert client.get("/readyz").json() == {"status": "ready"}
            assert client.post("/api/v1/public/complaints/track", json=track).status_code == 404

            server.pause()
            _assert_unavailable(
                client.post("/api/v1/public/complaints/track", json=track), "database_unreachable"
            )
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["reason"].startswith("database_unreachable")

            server.resume()
            assert client.get("/readyz").json() == {"status": "ready"}
            assert client.post("/api/v1/public/complaints/track", json=track).status_code == 404
    finally:
        server.stop()


def test_sqlite_locked_past_the_wait_answers_503_and_writes_nothing(
    sqlite_engine, tmp_path, monkeypatch
):
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = sqlite_engine.url.database
    before = _complaints(path)
    with _client(str(sqlite_engine.url), tmp_path) as client:
        auth = _login(client)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a writer outside the app: a backup, the shell
        try:
            answer = client.post("/api/v1/complaints", json=complaint_body(), headers=auth)
            _assert_unavailable(answer, "database_locked")
            # Reads still work beside the writer (WAL).
            assert client.get("/api/v1/complaints", headers=auth).status_code == 200
        finally:
            other.rollback()
            other.close()
        assert _complaints(path) == before
        assert (
            client.post("/api/v1/complaints", json=complaint_body(), headers=auth).status_code
            == 201
        )


def _login(client: TestClient) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": "staff", "password": "demo"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _complaints(path: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM complaint").fetchone()[0]


def _backend_pid(engine) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()


@pytest.mark.pg
def test_a_pooled_connection_lost_while_idle_is_replaced_unseen(pg_engine, monkeypatch):
    """Pinged only after being idle (db.PING_AFTER_IDLE_SECONDS): a connection whose server
    process went away meanwhile is replaced before the request uses it."""
    with pg_engine.connect() as idle, pg_engine.connect() as other:
        pid = idle.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        idle.close()  # back in the pool
        other.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert _backend_pid(pg_engine) != pid


@pytest.mark.pg
def test_a_connection_back_in_use_at_once_is_not_pinged(pg_engine, monkeypatch):
    pings = []
    real = pg_engine.dialect.do_ping
    monkeypatch.setattr(pg_engine.dialect, "do_ping", lambda c: pings.append(1) or real(c))
    first = _backend_pid(pg_engine)
    assert _backend_pid(pg_engine) == first and pings == []
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert _backend_pid(pg_engine) == first and pings == [1]

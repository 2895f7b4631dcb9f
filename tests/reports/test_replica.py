"""Reports served from a real streaming replica (AFTERSALES_REPORTS_DATABASE_URL): with the
replica's replay paused a new complaint is not in the figures; once replayed, it is."""

import time
from collections.abc import Iterator

import psycopg
import pytest

from aftersales.complaints import service
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.supervision.reports import readdb
from tests.complaints.factories import cst, form
from tests.conftest import make_client, token_for
from tests.reports.replica import Replica

pytestmark = pytest.mark.pg
URL = "/api/v1/reports/complaints?from=2025-02-01&to=2025-02-28&by=store"


@pytest.fixture
def replica(postgres, pg_engine) -> Iterator[tuple[Replica, str]]:
    standby = Replica(postgres).start()
    try:
        yield standby, standby.url(pg_engine.url.database)
    finally:
        standby.stop()
        readdb._factories.clear()


def _count(client, headers) -> int:
    answer = client.get(URL, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["total"]["count"]


def _replay(standby: Replica, *, paused: bool) -> None:
    with psycopg.connect(
        f"host=127.0.0.1 port={standby.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def test_a_report_from_the_replica_sees_a_change_once_replicated(replica, pg_engine, monkeypatch):
    standby, url = replica
    monkeypatch.setenv("AFTERSALES_REPORTS_DATABASE_URL", url)  # read by Settings
    with make_client(pg_engine.url.render_as_string(hide_password=False)) as client:
        assert client.app.state.settings.reports_database_url == url
        headers = token_for(client, "dept_manager")
        before = _count(client, headers)
        _replay(standby, paused=True)
        with transaction(make_session_factory(pg_engine)) as db:
            service.register_complaint(db, data=form(), actor=None, now=cst(2025, 2, 14, 10))
        time.sleep(0.5)
        assert _count(client, headers) == before  # served by the paused replica
        _replay(standby, paused=False)
        for _ in range(50):
            if _count(client, headers) == before + 1:
                break
            time.sleep(0.1)
        assert _count(client, headers) == before + 1
    assert make_engine(url).dialect.name == "postgresql"

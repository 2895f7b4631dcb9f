"""The notifications page: the outbox as staff at level 3 and above (and the admin) see it,
recipients masked for roles without the need, and a retry that is audited."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.db import make_session_factory, transaction
from aftersales.notify import service
from aftersales.notify.models import OutboxMessage, OutboxStatus
from tests.support.pages import login, page_client


@pytest.fixture
def web(engine, tmp_path) -> Iterator[TestClient]:
    with page_client(engine, tmp_path) as client:
        yield client


def _message(engine, *, status: OutboxStatus, recipient: str = "13912345678") -> int:
    with transaction(make_session_factory(engine)) as db:
        m = service.enqueue(
            db, channel="sms", recipient=recipient, subject="投诉已受理", body="您的投诉已受理"
        )
        db.flush()
        m.status, m.attempts, m.last_error = status, 5, "gateway refused: 503"
        db.flush()
        return m.id


def test_the_supervisor_sees_the_failed_message_and_why(web, engine):
    _message(engine, status=OutboxStatus.failed)
    login(web, "floor_supervisor")
    page = web.get("/notifications", params={"status": "failed"})
    assert page.status_code == 200
    assert "gateway refused: 503" in page.text and "13912345678" in page.text
    assert "发送失败" in page.text


def test_the_admin_sees_recipients_masked(web, engine):
    _message(engine, status=OutboxStatus.failed, recipient="13955556666")
    login(web, "admin")
    page = web.get("/notifications", params={"status": "failed"})
    assert "139****6666" in page.text and "13955556666" not in page.text


@pytest.mark.parametrize("username", ["staff", "counter_manager", "inspector", "warehouse"])
def test_the_counter_and_the_back_office_do_not_see_the_outbox(web, username):
    login(web, username)
    assert web.get("/notifications").status_code == 403
    assert 'href="/notifications"' not in web.get("/home").text


def test_a_retry_queues_the_message_again_and_is_audited(web, engine):
    message_id = _message(engine, status=OutboxStatus.failed)
    token = login(web, "admin", then="/notifications")
    answer = web.post(
        f"/notifications/{message_id}/retry", data={"csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    with make_session_factory(engine)() as db:
        m = db.get(OutboxMessage, message_id)
        assert (m.status, m.attempts) == (OutboxStatus.pending, 0)
        actions = db.scalars(
            select(Event.action).where(Event.entity == "outbox", Event.entity_id == message_id)
        ).all()
        assert actions == ["retried"]


def test_a_sent_message_is_not_sent_twice(web, engine):
    message_id = _message(engine, status=OutboxStatus.sent)
    token = login(web, "admin", then="/notifications")
    answer = web.post(f"/notifications/{message_id}/retry", data={"csrf_token": token})
    assert answer.status_code == 409
    assert "该消息已发送" in answer.text
    with make_session_factory(engine)() as db:
        assert db.get(OutboxMessage, message_id).status == OutboxStatus.sent

"""/suggest without a login, and the triage pages at level 3 and above, through the app."""

import itertools
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from aftersales.app import create_app
from aftersales.complaints.models import Complaint
from aftersales.db import make_session_factory, transaction
from aftersales.feedback.models import Suggestion
from aftersales.notify.models import OutboxMessage
from aftersales.settings import Settings
from tests.customers.factories import new_phone
from tests.customers.test_directory_scope import login

_ip = itertools.count(1)


@pytest.fixture
def web(sqlite_engine) -> Iterator[TestClient]:
    settings = Settings(database_url=str(sqlite_engine.url), secret_key="test-secret", env="test")
    with TestClient(create_app(settings), client=(f"10.7.0.{next(_ip)}", 5000)) as client:
        yield client


def _csrf(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


def _suggest(web: TestClient, text: str, phone: str = "") -> str:
    page = web.get("/suggest")
    answer = web.post(
        "/suggest",
        data={"csrf_token": _csrf(page.text), "store": "S1", "text": text, "phone": phone},
    )
    assert answer.status_code == 200, answer.text
    return re.search(r'id="suggestion-ref">(SG\w+)<', answer.text).group(1)


def _row(engine, reference: str) -> Suggestion:  # noqa: ANN001
    with transaction(make_session_factory(engine)) as db:
        return db.scalars(select(Suggestion).where(Suggestion.reference == reference)).one()


def test_a_customer_suggests_and_a_supervisor_answers_with_the_reply_queued(web, sqlite_engine):
    phone = new_phone()
    ref = _suggest(web, "收银台排队太久，希望周末多开一个收银台", phone)
    row = _row(sqlite_engine, ref)
    assert (row.channel, row.status, row.phone) == ("online", "received", phone)
    csrf = login(web, "floor_supervisor")
    queue = web.get("/suggestions")
    assert ref in queue.text
    page = web.get(f"/suggestions/{row.id}")
    assert 'value="service" selected' in page.text  # jieba keywords suggest the category
    answer = web.post(
        f"/suggestions/{row.id}/decide",
        data={
            "csrf_token": csrf,
            "decision": "adopted",
            "reply": "周末起增开一个收银台",
            "version": str(row.version),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with transaction(make_session_factory(sqlite_engine)) as db:
        sms = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient == phone)).one()
    assert sms.channel == "sms" and "周末起增开一个收银台" in sms.body
    shown = web.get(f"/suggestions/{row.id}")
    assert "周末起增开一个收银台" in shown.text and 'id="notified">是<' in shown.text


def test_the_public_page_refuses_a_flood_from_one_address(web):
    for i in range(5):
        _suggest(web, f"建议增加儿童游乐区 {i}")
    page = web.get("/suggest")
    refused = web.post(
        "/suggest", data={"csrf_token": _csrf(page.text), "store": "S1", "text": "再来一条"}
    )
    assert refused.status_code == 429


def test_bad_input_on_the_public_page_names_the_field(web):
    page = web.get("/suggest")
    answer = web.post(
        "/suggest",
        data={"csrf_token": _csrf(page.text), "store": "S1", "text": "", "phone": "12345"},
    )
    assert answer.status_code == 422
    assert 'data-field="text"' in answer.text and 'data-field="phone"' in answer.text


def test_a_clerk_records_a_slip_but_may_not_decide(web, sqlite_engine):
    csrf = login(web, "staff")
    answer = web.post(
        "/suggestions/new",
        data={
            "csrf_token": csrf,
            "channel": "opinion_box",
            "store": "S1",
            "counter": "S1-F1-C01",
            "text": "试衣间的镜子太小",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with transaction(make_session_factory(sqlite_engine)) as db:
        row = db.scalars(select(Suggestion).where(Suggestion.text == "试衣间的镜子太小")).one()
    refused = web.post(
        f"/suggestions/{row.id}/decide",
        data={"csrf_token": csrf, "decision": "declined", "reply": "x", "version": "1"},
    )
    assert refused.status_code == 403
    assert _row(sqlite_engine, row.reference).status == "received"


def test_a_suggestion_that_is_really_a_complaint_converts_in_one_click(web, sqlite_engine):
    ref = _suggest(web, "导购态度恶劣，还骂人", new_phone())
    row = _row(sqlite_engine, ref)
    csrf = login(web, "floor_supervisor")
    answer = web.post(
        f"/suggestions/{row.id}/convert",
        data={"csrf_token": csrf, "version": str(row.version)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    row = _row(sqlite_engine, ref)
    assert row.status == "converted" and row.complaint_id
    with transaction(make_session_factory(sqlite_engine)) as db:
        complaint = db.get(Complaint, row.complaint_id)
        assert ref in complaint.description and complaint.customer_id is not None

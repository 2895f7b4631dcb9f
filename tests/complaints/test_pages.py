"""The complaint console pages and the customer's self-service pages, through the real app
on SQLite, logged in through the real /login form."""

import itertools
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from aftersales.app import create_app
from aftersales.complaints import service
from aftersales.complaints.models import Complaint
from aftersales.db import make_session_factory, transaction, utcnow
from aftersales.settings import Settings
from tests.complaints.factories import form, person

_ip = itertools.count(1)


def _client(engine, tmp_path) -> TestClient:  # noqa: ANN001
    # Each test its own client address: the public pages throttle misses per address, and
    # the database is shared by the whole session.
    settings = Settings(
        database_url=str(engine.url), secret_key="test-secret", env="test", attachments_dir=tmp_path
    )
    return TestClient(create_app(settings), client=(f"10.9.0.{next(_ip)}", 50000))


@pytest.fixture
def web(sqlite_engine, tmp_path) -> Iterator[TestClient]:
    with _client(sqlite_engine, tmp_path) as client:
        yield client


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _login(web: TestClient, username: str) -> str:
    answer = web.post(
        "/login",
        data={
            "username": username,
            "password": "demo",
            "csrf_token": _csrf(web.get("/login").text),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return _csrf(web.get("/complaints").text)


def _registered(sqlite_engine, **overrides):  # noqa: ANN001, ANN202
    """A complaint at staff's counter (S1-F1-C01), committed; returns (id, code, phone)."""
    data = form(**overrides)
    with transaction(make_session_factory(sqlite_engine)) as db:
        c = service.register_complaint(db, data=data, actor=person(db, "staff"), now=utcnow())
        return c.id, c.tracking_code, data.customer.phone


def test_the_queue_shows_my_levels_open_cases_with_due_colours(web, sqlite_engine):
    cid, code, _ = _registered(sqlite_engine)
    _login(web, "staff")
    page = web.get("/complaints")
    assert page.status_code == 200
    assert "本层级待办" in page.text and code in page.text
    assert 'class="due-ok"' in page.text or 'class="due-soon"' in page.text
    found = web.get("/complaints", params={"q": "态度"})
    assert found.status_code == 200 and "查询结果" in found.text


def test_registration_errors_are_shown_next_to_the_field_with_422(web, sqlite_engine):
    token = _login(web, "staff")
    with make_session_factory(sqlite_engine)() as db:
        before = db.scalar(select(Complaint.id).order_by(Complaint.id.desc()))
    answer = web.post(
        "/complaints/new",
        data={
            "csrf_token": token,
            "channel": "walk_in",
            "title": "",
            "customer_name": "李四",
            "customer_phone": "12",
            "counter": "S1-F1-C01",
            "register": "1",
        },
    )
    assert answer.status_code == 422
    assert 'data-field="title"' in answer.text and 'data-field="customer_phone"' in answer.text
    assert "不是有效的中国电话号码" in answer.text
    with make_session_factory(sqlite_engine)() as db:  # nothing was registered
        assert db.scalar(select(Complaint.id).order_by(Complaint.id.desc())) == before


def test_another_counters_complaint_is_refused_next_to_the_counter(web):
    token = _login(web, "staff")
    answer = web.post(
        "/complaints/new",
        data={
            "csrf_token": token,
            "channel": "walk_in",
            "title": "别的专柜",
            "counter": "S2-F1-C01",
        },
    )
    assert answer.status_code == 403 and 'data-field="counter"' in answer.text


def test_the_suggestion_round_trip_fills_type_and_cause(web):
    _login(web, "staff")
    page = web.get("/complaints/new", params={"suggest": "1", "title": "导购态度很不耐烦"})
    assert page.status_code == 200
    assert 'value="service" selected' in page.text


def test_registration_redirects_to_the_case_with_its_deadlines(web):
    token = _login(web, "staff")
    answer = web.post(
        "/complaints/new",
        data={
            "csrf_token": token,
            "channel": "walk_in",
            "type": "product",
            "title": "靴子开胶",
            "description": "穿了三天就开胶",
            "customer_name": "赵女士",
            "customer_phone": "13900001111",
            "counter": "S1-F1-C01",
            "occurred_at": "2026-11-20T10:00",
            "register": "1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert re.fullmatch(r"/complaints/\d+", answer.headers["location"])
    case = web.get(answer.headers["location"])
    assert case.status_code == 200
    assert "投诉已登记" in case.text and 'id="respond-by"' in case.text
    assert "赵女士" in case.text and "已登记" in case.text


def test_the_case_page_for_the_holder_and_404_for_another_store(web, sqlite_engine, tmp_path):
    cid, code, _ = _registered(sqlite_engine)
    _login(web, "staff")
    page = web.get(f"/complaints/{cid}")
    assert page.status_code == 200 and code in page.text and 'id="acknowledge"' in page.text
    with _client(sqlite_engine, tmp_path) as other:
        _login(other, "staff2")
        assert other.get(f"/complaints/{cid}").status_code == 404


def test_acknowledge_then_a_stale_form_shows_the_newer_version(web, sqlite_engine):
    cid, _, _ = _registered(sqlite_engine)
    token = _login(web, "staff")
    done = web.post(
        f"/complaints/{cid}/acknowledge",
        data={"csrf_token": token, "version": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    stale = web.post(
        f"/complaints/{cid}/pause", data={"csrf_token": token, "version": "1", "reason": "等顾客"}
    )
    assert stale.status_code == 409 and "记录已被他人修改" in stale.text and "（2）" in stale.text


def test_a_wrong_code_or_phone_shows_only_the_neutral_message(web, sqlite_engine):
    _, code, _ = _registered(sqlite_engine)
    token = _csrf(web.get("/track").text)
    answer = web.post("/track", data={"csrf_token": token, "code": code, "phone": "13000000000"})
    assert answer.status_code == 404 and 'id="not-found"' in answer.text
    assert code not in answer.text.replace(f'value="{code}"', "")  # only echoed in the form


def test_repeated_misses_are_throttled(web):
    token = _csrf(web.get("/track").text)
    for _ in range(10):
        web.post("/track", data={"csrf_token": token, "code": "FORGED0000", "phone": "1300000"})
    # Ten misses on one code lock that code for this address (other codes still work).
    locked = web.post("/track", data={"csrf_token": token, "code": "FORGED0000", "phone": "1"})
    assert locked.status_code == 429 and "尝试次数过多" in locked.text


def test_the_track_form_needs_its_csrf_token(web):
    web.get("/track")
    assert web.post("/track", data={"code": "X", "phone": "1"}).status_code == 403


def test_rating_after_close_shows_on_the_console(web, sqlite_engine):
    cid, code, phone = _registered(sqlite_engine)
    with transaction(make_session_factory(sqlite_engine)) as db:
        staff = person(db, "staff")
        for to in ("in_progress", "proposed", "agreed", "follow_up", "closed"):
            service.transition(db, complaint_id=cid, to=to, actor=staff, now=utcnow())
    token = _csrf(web.get("/track").text)
    found = web.post("/track", data={"csrf_token": token, "code": code, "phone": phone})
    assert found.status_code == 200 and "已结案" in found.text and 'id="rate"' in found.text
    rated = web.post(
        "/track/rate",
        data={
            "csrf_token": token,
            "code": code,
            "phone": phone,
            "rating": "5",
            "comment": "处理得很好",
        },
    )
    assert rated.status_code == 200 and 'id="thanks"' in rated.text
    again = web.post(
        "/track/rate",
        data={"csrf_token": token, "code": code, "phone": phone, "rating": "1", "comment": ""},
    )
    assert again.status_code == 409  # rated once only
    _login(web, "staff")
    assert "处理得很好" in web.get(f"/complaints/{cid}").text


def test_the_public_complaint_form_gives_a_tracking_code(web):
    token = _csrf(web.get("/complain").text)
    bad = web.post(
        "/complain", data={"csrf_token": token, "name": "", "phone": "1", "title": "电梯坏了"}
    )
    assert bad.status_code == 422 and 'data-field="name"' in bad.text
    done = web.post(
        "/complain",
        data={
            "csrf_token": token,
            "name": "王五",
            "phone": "13700007777",
            "store": "S1",
            "title": "电梯坏了",
            "description": "扶梯停了",
        },
    )
    assert done.status_code == 200 and "请保存此查询码" in done.text
    assert re.search(r'id="tracking-code">[2-9A-Z]{10}<', done.text)


def test_the_home_page_shows_my_complaint_queue(web, sqlite_engine):
    _registered(sqlite_engine)
    _login(web, "staff")
    home = web.get("/home")
    assert home.status_code == 200 and 'id="my-complaints"' in home.text


def test_the_case_page_forms_move_the_case_or_show_the_message_next_to_the_form(web, sqlite_engine):
    cid, _, _ = _registered(sqlite_engine)
    token = _login(web, "staff")
    url = f"/complaints/{cid}"

    def post(action: str, **fields: str):  # noqa: ANN202
        return web.post(f"{url}/{action}", data={"csrf_token": token, **fields})

    assert post("steps", step="listen", note="听完了").status_code == 200
    assert post("acknowledge", version="1").status_code == 200
    blank = post("pause", reason=" ", version="2")
    assert blank.status_code == 422 and 'data-field="reason"' in blank.text
    bad = post("status", to="closed", version="2", reason="x")
    assert bad.status_code == 422 and 'data-field="to"' in bad.text
    assert post("notes", kind="media_enquiry", note="记者来电").status_code == 200
    empty = post("notes", kind="note", note="")
    assert empty.status_code == 422 and 'data-field="note"' in empty.text
    assert post("classify", type="service", severity="high", version="2").status_code == 200
    assert post("escalate", reason="顾客要求", to_level="", version="3").status_code == 200
    with make_session_factory(sqlite_engine)() as db:
        c = db.get(Complaint, cid)
        assert (c.level, c.severity, c.status) == (2, "high", "in_progress")
        actions = [
            e.action
            for e in service.get_complaint(db, user=person(db, "admin"), complaint_id=cid).history
        ]
    assert actions[1:] == [
        "step_done",
        "status_changed",
        "media_enquiry",
        "classified",
        "escalated",
    ]

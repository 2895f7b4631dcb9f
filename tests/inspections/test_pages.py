"""The inspector's tablet sheet, the inspection page and the action forms, through the real
app on SQLite, logged in through the real /login form."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from aftersales.app import create_app
from aftersales.db import make_session_factory
from aftersales.settings import Settings
from aftersales.supervision.inspections.models import Inspection, InspectionPhoto
from tests.inspections.factories import STORE_ITEMS

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def web(sqlite_engine, tmp_path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=str(sqlite_engine.url),
        secret_key="test-secret",
        env="test",
        attachments_dir=tmp_path,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def login(web: TestClient, username: str) -> str:
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
    return _csrf(web.get("/inspections").text)


def _fields(token: str, **scores: int) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "template": "store_inspection",
        "counter": "S1-F1-C01",
        "visited_at": "2026-11-20T10:00",
        "on_duty": "staff",
        "finding_text_0": "价格标签与结账价格不一致",
        "finding_owner_0": "counter_manager",
        "finding_due_0": "2026-11-23",
    }
    for item in STORE_ITEMS:
        data[f"score_{item['key']}"] = str(scores.get(item["key"], item["max"]))
    return data


def test_the_inspector_fills_the_sheet_with_a_photo_and_sees_the_total(web, sqlite_engine):
    token = login(web, "inspector")
    sheet = web.get(
        "/inspections/new", params={"template": "store_inspection", "counter": "S1-F1-C01"}
    )
    assert sheet.status_code == 200
    assert 'name="score_greeting"' in sheet.text and "王小明" in sheet.text
    answer = web.post(
        "/inspections/attachments",
        data=_fields(token, labels=4),
        files={"photos": ("price-tag.png", PNG, "image/png")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = web.get(answer.headers["location"])
    assert "94 / 100" in page.text and "94.0%" in page.text
    with make_session_factory(sqlite_engine)() as db:
        iid = int(answer.headers["location"].rsplit("/", 1)[1])
        (photo,) = db.scalars(
            select(InspectionPhoto).where(InspectionPhoto.inspection_id == iid)
        ).all()
    served = web.get(f"/inspections/{iid}/photos/{photo.id}")
    assert served.status_code == 200 and served.content == PNG


def test_a_score_above_the_maximum_is_shown_next_to_the_item_and_nothing_saved(web, sqlite_engine):
    token = login(web, "inspector")
    with make_session_factory(sqlite_engine)() as db:
        before = db.scalar(select(Inspection.id).order_by(Inspection.id.desc()))
    answer = web.post("/inspections/attachments", data=_fields(token, labels=12))
    assert answer.status_code == 422
    assert "该项最多10分" in answer.text
    half = _fields(token) | {"finding_owner_0": ""}
    assert "请指定责任人" in web.post("/inspections/attachments", data=half).text
    with make_session_factory(sqlite_engine)() as db:
        assert db.scalar(select(Inspection.id).order_by(Inspection.id.desc())) == before


def test_a_clerk_cannot_open_the_sheet(web):
    login(web, "staff")
    assert web.get("/inspections/new").status_code == 403


def test_the_action_list_filters_by_status_and_the_owner_marks_done(web):
    token = login(web, "inspector")
    made = web.post("/inspections/attachments", data=_fields(token), follow_redirects=False)
    iid = int(made.headers["location"].rsplit("/", 1)[1])
    token = login(web, "counter_manager")
    assert 'id="action-work"' in web.get("/home").text  # the owner finds it on their home page
    listing = web.get("/corrective-actions", params={"status": "open"})
    assert listing.status_code == 200 and "价格标签与结账价格不一致" in listing.text
    page = web.get(f"/inspections/{iid}")
    action = re.search(r'action="/corrective-actions/(\d+)/done"', page.text).group(1)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    empty = web.post(
        f"/corrective-actions/{action}/done",
        data={"csrf_token": token, "version": version, "note": ""},
    )
    assert empty.status_code == 422 and "请说明整改情况" in empty.text
    for bad in ({"version": "v2", "note": "已更换"}, {"version": version, "note": "长" * 501}):
        refused = web.post(f"/corrective-actions/{action}/done", data={"csrf_token": token, **bad})
        assert refused.status_code == 422 and "价格标签与结账价格不一致" in refused.text
    done = web.post(
        f"/corrective-actions/{action}/done",
        data={"csrf_token": token, "version": version, "note": "已更换"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "已整改待验证" in web.get("/corrective-actions", params={"status": "done"}).text

"""Discipline against a colleague and the counter's management points are decided at level 3
and above, on the API as on the page: the rule lives in complaints.access, the service
enforces it."""

import pytest
from sqlalchemy import func, select

from aftersales.complaints import access
from aftersales.staff.models import DisciplineRecord, ManagementPoints
from tests.complaints.factories import complaint_body


def _count(client, model) -> int:
    with client.app.state.session_factory() as db:
        return db.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def case(client, as_user):
    answer = client.post(
        "/api/v1/complaints", json=complaint_body(counter="S1-F1-C01"), headers=as_user("staff")
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


@pytest.mark.parametrize("username", ["staff", "counter_manager"])
def test_the_counter_cannot_judge_itself(client, as_user, case, username):
    before = (_count(client, DisciplineRecord), _count(client, ManagementPoints))
    fault = client.post(
        f"/api/v1/complaints/{case}/staff-fault",
        json={"staff": "staff", "reason": "态度差"},
        headers=as_user(username),
    )
    outside = client.post(
        f"/api/v1/complaints/{case}/outside-process",
        json={"reason": "私下处理"},
        headers=as_user(username),
    )
    assert (fault.status_code, outside.status_code) == (403, 403)
    assert (_count(client, DisciplineRecord), _count(client, ManagementPoints)) == before


def test_the_floor_supervisor_records_both(client, as_user, case):
    fault = client.post(
        f"/api/v1/complaints/{case}/staff-fault",
        json={"staff": "staff", "reason": "态度差"},
        headers=as_user("floor_supervisor"),
    )
    outside = client.post(
        f"/api/v1/complaints/{case}/outside-process",
        json={"reason": "私下处理"},
        headers=as_user("floor_supervisor"),
    )
    assert (fault.status_code, outside.status_code) == (201, 201), fault.text
    assert outside.json()["points"] == -5


@pytest.mark.parametrize(
    ("role_level", "case_level", "admin", "verify"),
    [
        (1, 1, False, False),
        (2, 1, False, False),
        (3, 1, False, True),
        (3, 4, False, False),
        (5, 3, False, True),
        (0, 6, True, True),
    ],
)
def test_the_page_asks_the_same_rule(role_level, case_level, admin, verify):
    from types import SimpleNamespace

    from aftersales.auth.models import Role

    role = Role.admin if admin else access.LEVEL_ROLE[role_level]
    user = SimpleNamespace(role=role)
    c = SimpleNamespace(level=case_level, counter_id=1, store_id=1)
    assert access.can_verify(user, c) is verify  # type: ignore[arg-type]
    assert access.powers(user, c)["verify"] is verify  # type: ignore[arg-type]


def test_the_case_page_shows_the_discipline_it_caused(client, as_user, case, tmp_path):
    from tests.support.pages import login, page_client

    assert (
        client.post(
            f"/api/v1/complaints/{case}/staff-fault",
            json={"staff": "staff", "reason": "当面顶撞顾客"},
            headers=as_user("floor_supervisor"),
        ).status_code
        == 201
    )
    engine = client.app.state.session_factory.kw["bind"]
    with page_client(engine, tmp_path) as web:
        login(web, "floor_supervisor")
        page = web.get(f"/complaints/{case}")
    assert page.status_code == 200
    assert 'id="case-discipline"' in page.text and "当面顶撞顾客" in page.text

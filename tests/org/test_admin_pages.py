"""The admin pages for stores, counters and users: anonymous, wrong role, right role; bad
input answered next to the form in Chinese with nothing written."""

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from aftersales.auth.models import User
from aftersales.db import make_session_factory
from aftersales.org.models import Counter, Store
from tests.support.pages import login, page_client


@pytest.fixture
def web(engine, tmp_path) -> Iterator[TestClient]:
    with page_client(engine, tmp_path) as client:
        yield client


def _count(engine, model) -> int:
    with make_session_factory(engine)() as db:
        return db.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize("path", ["/admin/stores", "/admin/users"])
def test_only_the_admin_opens_them(web, path):
    assert web.get(path, follow_redirects=False).status_code in (303, 401)
    login(web, "dept_manager")
    assert web.get(path).status_code == 403
    web.cookies.clear()
    login(web, "admin")
    assert web.get(path).status_code == 200


def test_a_new_counter_is_created_and_a_duplicate_code_refused(web, engine):
    token = login(web, "admin", then="/admin/stores")
    code = f"S1-F3-X{uuid.uuid4().hex[:4].upper()}"
    form = {"csrf_token": token, "code": code, "name": "鞋履新柜", "store": "S1", "floor": "F3"}
    assert web.post("/admin/counters", data=form, follow_redirects=False).status_code == 303
    before = _count(engine, Counter)
    again = web.post("/admin/counters", data=form)
    assert again.status_code == 409 and "专柜代码已存在" in again.text
    assert _count(engine, Counter) == before


def test_a_store_without_a_name_is_refused_in_chinese(web, engine):
    token = login(web, "admin", then="/admin/stores")
    before = _count(engine, Store)
    answer = web.post("/admin/stores", data={"csrf_token": token, "code": "S9", "name": ""})
    assert answer.status_code == 422
    assert "必填" in answer.text and "String should" not in answer.text
    assert _count(engine, Store) == before


def test_a_user_is_created_and_a_bad_username_refused(web, engine):
    token = login(web, "admin", then="/admin/users")
    name = f"clerk{uuid.uuid4().hex[:6]}"
    made = web.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": name,
            "display_name": "新店员",
            "role": "staff",
            "store": "S1",
            "counter": "S1-F1-C01",
            "password": "a-long-password",
            "active": "on",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    with make_session_factory(engine)() as db:
        assert db.scalars(select(User).where(User.username == name)).one().display_name == "新店员"
    bad = web.post(
        "/admin/users",
        data={"csrf_token": token, "username": "坏 名字", "display_name": "x", "role": "staff"},
    )
    assert bad.status_code == 422 and "用户名" in bad.text

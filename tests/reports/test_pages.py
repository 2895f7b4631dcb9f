"""The statistics console pages through the real app on SQLite, logged in by the form."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from aftersales.app import create_app
from aftersales.complaints import service
from aftersales.db import make_session_factory, transaction
from aftersales.settings import Settings
from tests.complaints.factories import cst, form

RANGE = "period=range&from=2025-07-01&to=2025-07-31"


@pytest.fixture
def web(sqlite_engine) -> Iterator[TestClient]:
    settings = Settings(database_url=str(sqlite_engine.url), secret_key="test-secret", env="test")
    with TestClient(create_app(settings)) as client:
        yield client


def _login(web: TestClient, username: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/login").text).group(1)
    answer = web.post(
        "/login",
        data={"username": username, "password": "demo", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303


@pytest.fixture
def sqlite_engine(shared_sqlite_engine):  # noqa: ANN001, ANN201
    """This module's tests read what its module fixture wrote: they share one database."""
    return shared_sqlite_engine


@pytest.fixture(scope="module")
def july(shared_sqlite_engine) -> None:
    with transaction(make_session_factory(shared_sqlite_engine)) as db:
        for counter in ("S1-F1-C01", "S1-F1-C01", "S2-F1-C01"):
            service.register_complaint(
                db,
                data=form(store=counter[:2], counter=counter),
                actor=None,
                now=cst(2025, 7, 15, 10, 0),
            )


def test_the_statistics_page_shows_figures_charts_and_drill_down_links(web, july):
    _login(web, "dept_manager")
    page = web.get(f"/reports?{RANGE}")
    assert page.status_code == 200
    html = page.text
    assert "投诉按类型" in html and "<svg" in html and "服务性投诉" in html
    assert "@page{size:A4" in html  # the print stylesheet
    link = re.search(
        r'href="(/reports/cases\?[^"]*counter=S1-F1-C01[^"]*flag=count)"',
        html.replace("&amp;", "&"),
    )
    assert link, "a counter's count links to its cases"
    cases = web.get(link.group(1))
    assert cases.status_code == 200 and cases.text.count('href="/complaints/') == 2
    workbook = web.get(f"/reports/export.xlsx?{RANGE}")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert 'href="/reports"' in web.get("/home").text


def test_a_store_manager_sees_only_the_store_and_a_bad_pick_is_shown_by_the_field(web, july):
    _login(web, "floor_supervisor")
    html = web.get(f"/reports?{RANGE}").text
    assert "S2-F1-C01" not in html and "二号店" not in html
    refused = web.get(f"/reports?{RANGE}&store=S2")
    assert refused.status_code == 403 and "您无权查看该范围的统计" in refused.text
    backwards = web.get("/reports?period=range&from=2025-07-31&to=2025-07-01")
    assert backwards.status_code == 422 and 'class="error"' in backwards.text


def test_roles_without_the_statistics_get_nothing(web, july):
    _login(web, "staff")
    assert web.get("/reports").status_code == 403
    assert web.get(f"/reports/export.xlsx?{RANGE}").status_code == 403
    assert web.get("/reports/monthly/2025-07").status_code == 403
    assert web.get("/api/v1/reports/monthly/2025-07.xlsx").status_code == 403
    assert 'href="/reports"' not in web.get("/home").text


def test_the_monthly_page_archives_and_lists_the_month(web, july):
    _login(web, "dept_manager")
    page = web.get("/reports/monthly/2025-07")
    assert page.status_code == 200 and "未归档" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    done = web.post(
        "/reports/monthly/2025-07/archive", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    assert "dept_manager" in web.get("/reports/monthly/2025-07").text
    assert "2025-07" in web.get("/reports/monthly").text
    again = web.post("/reports/monthly/2025-07/archive", data={"csrf_token": token})
    assert again.status_code == 409

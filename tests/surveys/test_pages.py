"""The customer's survey page: answer once, then the link says it was used; a forged link
gets a plain refusal; the JSON twin answers the same way."""

import re

from aftersales.db import make_session_factory, transaction
from aftersales.feedback.surveys import tasks
from aftersales.feedback.surveys.models import SurveyInvitation
from tests.inspections.test_pages import web  # noqa: F401 - the fixture
from tests.surveys.test_surveys import BASE, NOW, closed_complaint, link_of


def _token(sqlite_engine):
    with transaction(make_session_factory(sqlite_engine)) as db:
        c = closed_complaint(db)
        tasks.invite_batch(db, now=NOW, base_url=BASE)
        inv = db.query(SurveyInvitation).filter_by(source="complaint", source_id=c.id).one()
        # valid from now on: the real clock is later than the test's NOW
        inv.expires_at = inv.expires_at.replace(year=2999)
        return link_of(db, inv.id)[1]


def test_the_customer_answers_once_from_the_public_page(web, sqlite_engine):  # noqa: F811
    token = _token(sqlite_engine)
    page = web.get(f"/survey/{token}")
    assert page.status_code == 200 and 'name="score"' in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    bad = web.post(f"/survey/{token}", data={"csrf_token": csrf, "score": "9"})
    assert bad.status_code == 422 and "请选择1到5分" in bad.text
    done = web.post(
        f"/survey/{token}",
        data={"csrf_token": csrf, "score": "5", "polite": "yes", "comment": "很满意"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/survey/thanks"
    again = web.get(f"/survey/{token}")
    assert again.status_code == 409 and "已经提交过" in again.text
    forged = web.get("/survey/not-a-real-token")
    assert forged.status_code == 404 and "调查链接无效" in forged.text


def test_the_public_api_answers_once(web, sqlite_engine):  # noqa: F811
    token = _token(sqlite_engine)
    first = web.post(f"/api/v1/public/surveys/{token}", json={"score": 4})
    assert first.status_code == 201
    second = web.post(f"/api/v1/public/surveys/{token}", json={"score": 4})
    assert (second.status_code, second.json()["code"]) == (409, "survey_already_answered")
    out = web.post(f"/api/v1/public/surveys/{token}", json={"score": 6})
    assert out.status_code == 422


def test_the_managers_page_shows_the_months_figures_and_sends_a_campaign(web):  # noqa: F811
    from tests.inspections.test_pages import login

    token = login(web, "dept_manager")
    page = web.get("/surveys")
    assert page.status_code == 200 and 'id="survey-answers"' in page.text
    bad = web.post(
        "/surveys/campaigns",
        data={
            "csrf_token": token,
            "title": "回访",
            "store": "S9",
            "period_from": "2026-11-01",
            "period_to": "2026-11-02",
        },
    )
    assert bad.status_code == 422 and "未知的门店" in bad.text
    ok = web.post(
        "/surveys/campaigns",
        data={
            "csrf_token": token,
            "title": "十一月回访",
            "store": "S1",
            "period_from": "2026-11-01",
            "period_to": "2026-11-02",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303 and "十一月回访" in web.get("/surveys").text
    login(web, "staff")
    assert web.get("/surveys").status_code == 403

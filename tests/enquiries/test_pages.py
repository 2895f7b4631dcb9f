"""The console's hotline pages: the list, the new-question form, the question's page with
its answer form, for the roles that take calls; refused for the others."""

import re

import pytest
from sqlalchemy import select

from aftersales.db import make_session_factory, transaction
from aftersales.feedback.enquiries.models import Enquiry
from tests.support.pages import csrf, login, page_client


@pytest.fixture
def web(sqlite_engine, tmp_path):
    with page_client(sqlite_engine, tmp_path) as client:
        yield client


def _new(web, token, **fields):
    form = {
        "csrf_token": token,
        "store": "S1",
        "counter": "",
        "topic": "store_info",
        "question": "周日几点关门？",
        "caller_name": "陈先生",
        "phone": "13512340000",
        "email": "",
    }
    return web.post("/enquiries/new", data=form | fields, follow_redirects=False)


def _latest(engine) -> Enquiry:
    with transaction(make_session_factory(engine)) as db:
        return db.scalars(select(Enquiry).order_by(Enquiry.id.desc()).limit(1)).one()


def test_the_desk_records_a_call_answers_it_and_sees_the_history(web, sqlite_engine):
    token = login(web, "manager_assistant", then="/enquiries/new")
    assert _new(web, token).status_code == 303
    row = _latest(sqlite_engine)
    listed = web.get("/enquiries")
    assert listed.status_code == 200 and row.reference in listed.text
    assert "135****0000" in listed.text and "13512340000" not in listed.text  # masked in lists
    page = web.get(f"/enquiries/{row.id}")
    assert (
        page.status_code == 200 and "13512340000" in page.text and 'id="answer-form"' in page.text
    )
    answer = web.post(
        f"/enquiries/{row.id}/answer",
        data={
            "csrf_token": csrf(page.text),
            "answer": "周日营业到22:00",
            "send": "yes",
            "version": str(row.version),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    shown = web.get(f"/enquiries/{row.id}")
    assert "周日营业到22:00" in shown.text and 'id="notified">是<' in shown.text
    assert "答复人" in shown.text and "登记来电" in shown.text  # the history, readable
    assert 'id="answer-form"' not in shown.text


def test_the_form_names_the_field_at_fault_in_the_callers_language(web, sqlite_engine):
    token = login(web, "manager_assistant", then="/enquiries/new")
    bad = _new(web, token, question="", phone="12")
    assert bad.status_code == 422
    fields = set(re.findall(r'data-field="(\w+)"', bad.text))
    assert {"question", "phone"} <= fields
    wrong = _new(web, token, store="S9")
    assert wrong.status_code == 422 and "未知的门店或专柜代码" in wrong.text


def test_a_stale_answer_form_is_refused_with_409(web, sqlite_engine):
    token = login(web, "manager_assistant", then="/enquiries/new")
    _new(web, token)
    row = _latest(sqlite_engine)
    stale = web.post(
        f"/enquiries/{row.id}/answer",
        data={"csrf_token": token, "answer": "好的", "version": str(row.version + 1)},
    )
    assert stale.status_code == 409
    assert _latest(sqlite_engine).status == "open"


def test_an_overdue_question_is_marked_and_listed_first(web, sqlite_engine):
    login(web, "floor_supervisor")
    listed = web.get("/enquiries").text
    table = listed.split('id="open-enquiries"')[1].split("</table>")[0]
    assert 'class="overdue"' in table  # the demo's forgotten question
    assert table.index('class="overdue"') < table.index("<tr>", table.index("<tbody>"))


@pytest.mark.parametrize(
    "username",
    [
        "staff",
        "counter_manager",
        "floor_supervisor",
        "dept_manager",
        "complaint_station",
        "inspector",
        "admin",
    ],
)
def test_the_pages_render_for_the_roles_that_take_or_read_calls(web, username):
    login(web, username)
    home = web.get("/home").text
    assert 'href="/enquiries"' in home
    assert web.get("/enquiries").status_code == 200
    new = web.get("/enquiries/new").status_code
    assert new == (403 if username == "inspector" else 200)


@pytest.mark.parametrize("username", ["technician", "warehouse"])
def test_the_pages_are_refused_and_hidden_for_the_others(web, sqlite_engine, username):
    login(web, username)
    assert 'href="/enquiries"' not in web.get("/home").text
    assert web.get("/enquiries").status_code == 403
    assert web.get("/enquiries/new").status_code == 403
    assert web.get(f"/enquiries/{_latest(sqlite_engine).id}").status_code == 403


def test_english_pages(web):
    login(web, "floor_supervisor")
    web.get("/lang/en?back=/enquiries")
    page = web.get("/enquiries").text
    assert "Hotline questions" in page and "Waiting for an answer" in page

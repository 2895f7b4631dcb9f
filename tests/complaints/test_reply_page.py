"""The case page shows the reply to the customer beside respond and resolve, in both
languages: due, replied, late."""

from datetime import timedelta

from aftersales.complaints import service
from aftersales.complaints.schemas import OutcomeIn
from aftersales.db import make_session_factory, transaction, utcnow
from tests.complaints.factories import form, person
from tests.support.pages import login, page_client


def _case(sqlite_engine, *, days_ago: int, replied: bool) -> int:  # noqa: ANN001
    with transaction(make_session_factory(sqlite_engine)) as db:
        staff = person(db, "staff")
        at = utcnow() - timedelta(days=days_ago)
        c = service.register_complaint(db, data=form(), actor=staff, now=at)
        if replied:
            service.acknowledge(db, complaint_id=c.id, actor=staff, now=at)
            service.propose(
                db,
                complaint_id=c.id,
                outcomes=[OutcomeIn(kind="apology", cost="0")],
                actor=staff,
                now=at + timedelta(hours=1),
            )
        return c.id


def _reply_cell(page: str) -> str:
    start = page.index('id="reply-by"')
    return page[start : page.index("</dd>", start)]


def test_the_case_page_shows_the_reply_due_and_when_it_was_given(sqlite_engine, tmp_path):
    replied = _case(sqlite_engine, days_ago=1, replied=True)
    late = _case(sqlite_engine, days_ago=10, replied=False)
    with page_client(sqlite_engine, tmp_path) as web:
        login(web, "staff")
        page = web.get(f"/complaints/{replied}")
        assert page.status_code == 200
        assert "答复顾客期限" in page.text and "已答复" in _reply_cell(page.text)
        assert 'class="due-ok" id="reply-by"' in page.text
        assert page.text.index('id="respond-by"') < page.text.index('id="reply-by"')
        assert page.text.index('id="reply-by"') < page.text.index('id="resolve-by"')
        overdue = web.get(f"/complaints/{late}").text
        assert 'class="due-late" id="reply-by"' in overdue
        assert "已答复" not in _reply_cell(overdue)
        english = web.get(f"/complaints/{replied}?lang=en").text
        assert "Reply to the customer by" in english and "replied" in _reply_cell(english)
        login(web, "staff2")
        assert web.get(f"/complaints/{replied}").status_code == 404

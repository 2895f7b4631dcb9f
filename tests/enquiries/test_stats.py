"""Hotline compliance for the monthly report, and the standards editor's preview."""

from datetime import date, timedelta

from sqlalchemy import select

from aftersales.feedback.enquiries import service
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn
from aftersales.feedback.enquiries.stats import hotline_compliance
from aftersales.org.models import Store
from aftersales.supervision.reports.period import make_period
from aftersales.supervision.reports.places import Scope
from tests.complaints.factories import person
from tests.enquiries.factories import cst, take

# A day nobody else's test uses: the figures count exactly what this file takes.
AUG_10 = cst(2026, 8, 10, 9, 0)


def _answer(session, row, actor, hours):
    service.answer_enquiry(
        session,
        enquiry_id=row.id,
        actor=actor,
        now=row.asked_at + timedelta(hours=hours),
        data=AnswerIn(answer="已答复", send=False, version=row.version),
    )


def test_hotline_compliance_counts_on_time_late_and_open_in_the_callers_scope(session):
    desk = person(session, "manager_assistant")
    now = AUG_10 + timedelta(hours=12)
    rows = [take(session, desk, now=now, asked_at=AUG_10.isoformat()) for _ in range(6)]
    for row, hours in zip(rows[:3], (1, 3, 4), strict=True):  # 4 h exactly is in time
        _answer(session, row, desk, hours)
    _answer(session, rows[3], desk, 7)
    service.convert_to_complaint(
        session, enquiry_id=rows[4].id, data=ConvertIn(version=rows[4].version), actor=desk, now=now
    )
    other = person(session, "dept_manager")
    take(session, other, now=now, asked_at=AUG_10.isoformat(), store="S2")
    take(session, desk, now=now, asked_at=(AUG_10 - timedelta(days=1)).isoformat())  # before
    period = make_period(date(2026, 8, 10), date(2026, 8, 10), "Asia/Shanghai")
    figures = hotline_compliance(session, user=desk, period=period, scope=Scope())
    assert figures == {"kind": "hotline_answer", "due": 5, "on_time": 3, "late": 1, "open": 1}
    group = hotline_compliance(session, user=other, period=period, scope=Scope())
    assert (group["due"], group["open"]) == (6, 2)
    s2_id = session.scalar(select(Store.id).where(Store.code == "S2"))
    s2 = hotline_compliance(session, user=other, period=period, scope=Scope(store_id=s2_id))
    assert s2["due"] == 1
    counter = person(session, "staff")  # a counter sees its own counter's questions only
    assert hotline_compliance(session, user=counter, period=period, scope=Scope())["due"] == 0


def test_the_standards_editor_previews_and_moves_the_open_questions(session):
    from aftersales.deadlines import ServiceStandard
    from aftersales.supervision.standards.measures import measured
    from aftersales.supervision.standards.preview import preview_change
    from aftersales.supervision.standards.service import save_and_apply

    assert measured("hotline_answer") == "enquiry"
    desk = person(session, "manager_assistant")
    row = take(session, desk, now=AUG_10, asked_at=AUG_10.isoformat())
    done = take(session, desk, now=AUG_10, asked_at=AUG_10.isoformat())
    _answer(session, done, desk, 1)
    two_hours = ServiceStandard(
        "hotline question answered within 2 hours", "hotline_answer", 2, "hours", "calendar"
    )  # type: ignore[arg-type]
    preview = preview_change(session, proposed=two_hours, now=AUG_10)
    mine = {c.id: c for c in preview.cases if c.entity == "enquiry"}
    assert done.id not in mine
    assert (mine[row.id].due_now, mine[row.id].due_then) == (
        AUG_10 + timedelta(hours=4),
        AUG_10 + timedelta(hours=2),
    )
    save_and_apply(session, proposed=two_hours, actor=person(session, "admin"), now=AUG_10)
    session.refresh(row)
    assert row.answer_by == AUG_10 + timedelta(hours=2)

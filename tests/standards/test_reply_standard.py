"""The reply standard (答复顾客) in the standards editor: it measures complaints, the preview
lists the open cases not yet replied to, and saving moves their reply_by."""

from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.complaints import service as complaints
from aftersales.complaints.schemas import OutcomeIn
from aftersales.deadlines import ServiceStandard
from aftersales.supervision.standards.measures import label, measured
from aftersales.supervision.standards.preview import preview_change
from aftersales.supervision.standards.service import save_and_apply
from tests.claims.factories import person
from tests.complaints.factories import cst, form

FRIDAY_3PM = cst(2026, 11, 20, 15, 0)
REPLY_16 = ServiceStandard("reply to the customer within 16 hours", "reply", 16, "hours", "working")


def test_the_reply_standard_measures_complaints():
    assert measured("reply") == "complaint"
    assert label("reply", "zh").startswith("答复顾客")
    assert label("reply", "en").startswith("a reply to the customer")


def test_a_shorter_reply_standard_moves_only_the_cases_still_waiting_for_a_reply(session):
    staff = person(session, "staff")
    waiting = complaints.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    replied = complaints.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    complaints.acknowledge(session, complaint_id=replied.id, actor=staff, now=FRIDAY_3PM)
    complaints.propose(
        session,
        complaint_id=replied.id,
        outcomes=[OutcomeIn(kind="apology", cost="0")],
        actor=staff,
        now=FRIDAY_3PM,
    )
    before = waiting.reply_by
    preview = preview_change(session, proposed=REPLY_16, now=FRIDAY_3PM)
    assert preview.measured == "complaint"
    assert waiting.id in preview.ids and replied.id not in preview.ids
    shown = next(a for a in preview.cases if a.id == waiting.id)
    # Fri 3 h + Mon 9 h + Tue 4 h
    assert (shown.due_now, shown.due_then) == (before, cst(2026, 11, 24, 13, 0))
    assert waiting.reply_by == before  # a preview changes nothing
    save_and_apply(session, proposed=REPLY_16, actor=person(session, "admin"), now=FRIDAY_3PM)
    session.refresh(waiting)
    assert waiting.reply_by == cst(2026, 11, 24, 13, 0)
    event = session.scalars(
        select(Event).where(Event.entity_id == waiting.id, Event.action == "deadlines_recomputed")
    ).one()
    assert event.after["reply_by"].startswith("2026-11-24T05:00")

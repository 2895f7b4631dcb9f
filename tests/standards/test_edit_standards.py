"""An admin edits a service standard: the open cases it would move are shown first, and
saving moves them (and only them)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from aftersales.db import utcnow
from aftersales.deadlines import ServiceStandard
from aftersales.parts import tasks
from aftersales.parts.models import RepairWatch
from aftersales.supervision.standards.preview import preview_change
from aftersales.supervision.standards.service import save_and_apply
from tests.claims.factories import person
from tests.complaints.factories import form
from tests.parts.factories import work_order
from tests.support.pages import login, page_client

RESOLVE_20 = ServiceStandard("complaint resolved within 20 days", "resolve", 20, "days", "calendar")
REWORK_15 = ServiceStandard("repair done within 15 days", "rework", 15, "days", "calendar")


def test_a_shorter_resolve_standard_moves_the_open_complaints_it_measures(session):
    now = utcnow()
    c = complaints.register_complaint(session, data=form(), actor=person(session, "staff"), now=now)
    before = c.resolve_by
    preview = preview_change(session, proposed=RESOLVE_20, now=now)
    assert c.id in preview.ids
    shown = next(a for a in preview.cases if a.id == c.id)
    assert (shown.due_now, shown.due_then) == (before, c.created_at + timedelta(days=20))
    assert session.get(Complaint, c.id).resolve_by == before  # a preview changes nothing
    save_and_apply(session, proposed=RESOLVE_20, actor=person(session, "admin"), now=now)
    session.refresh(c)
    assert c.resolve_by == c.created_at + timedelta(days=20)
    actions = session.scalars(
        select(Event.action).where(Event.entity == "complaint", Event.entity_id == c.id)
    ).all()
    assert actions.count("deadlines_recomputed") == 1
    later = complaints.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=now
    )
    assert later.resolve_by == later.created_at + timedelta(days=20)  # new cases too


def test_the_rework_standard_moves_the_open_repairs_without_their_own_promise(session):
    order = work_order(session, days_ago=2)
    tasks.enrol(session, now=utcnow())
    preview = preview_change(session, proposed=REWORK_15, now=utcnow())
    assert order.id in preview.ids
    save_and_apply(session, proposed=REWORK_15, actor=person(session, "admin"), now=utcnow())
    watch = session.scalars(select(RepairWatch).where(RepairWatch.work_order_id == order.id)).one()
    assert (watch.promise_days, watch.due_at) == (15, order.opened_at + timedelta(days=15))


def test_only_the_admin_saves(session):
    from aftersales.errors import Forbidden

    with pytest.raises(Forbidden):
        save_and_apply(
            session, proposed=RESOLVE_20, actor=person(session, "floor_supervisor"), now=utcnow()
        )


def test_the_page_shows_the_cases_before_saving(sqlite_engine, tmp_path):
    with page_client(sqlite_engine, tmp_path) as web:
        token = login(web, "admin", then="/service-standards")
        page = web.get("/service-standards").text
        assert "repair (rework) done within 18 days" in page
        shown = web.post(
            "/service-standards/preview",
            data={
                "csrf_token": token,
                "kind": "resolve",
                "name": "complaint resolved within one month",
                "amount": "20",
                "unit": "days",
                "clock_name": "calendar",
            },
        )
        assert shown.status_code == 200 and 'id="preview"' in shown.text
        bad = web.post(
            "/service-standards/preview",
            data={
                "csrf_token": token,
                "kind": "resolve",
                "amount": "0",
                "unit": "days",
                "clock_name": "calendar",
            },
        )
        assert bad.status_code == 422
        login(web, "staff")
        assert web.get("/service-standards").status_code == 403

"""Registration from every channel: the starting level and the deadlines it gets."""

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.complaints import service
from aftersales.complaints.models import Status
from aftersales.notify.models import OutboxMessage
from aftersales.sales.errors import UnknownCode
from tests.complaints.factories import cst, form, person

FRIDAY_3PM = cst(2026, 11, 20, 15, 0)


@pytest.mark.parametrize(
    ("channel", "ctype", "level"),
    [
        ("phone", "service", 1),
        ("hotline", "product", 1),
        ("letter", "product", 1),
        ("walk_in", "service", 1),
        ("email", "product", 1),
        ("online", "service", 1),
        ("opinion_box", "facilities", 1),
        ("media", "product", 6),
        ("consumer_association", "product", 6),
        ("gm_letter", "service", 6),
        ("walk_in", "special", 6),
    ],
)
def test_a_complaint_starts_at_the_counter_or_the_station(session, channel, ctype, level):
    c = service.register_complaint(
        session,
        data=form(channel=channel, type=ctype),
        actor=person(session, "admin"),
        now=FRIDAY_3PM,
    )
    assert (c.level, c.status, c.channel) == (level, Status.registered, channel)
    assert len(c.tracking_code) == 10


def test_without_a_counter_it_starts_with_the_floor_supervisor_or_the_station(session):
    admin = person(session, "admin")
    store_only = service.register_complaint(
        session, data=form(counter=None), actor=admin, now=FRIDAY_3PM
    )
    nowhere = service.register_complaint(
        session, data=form(counter=None, store=None), actor=admin, now=FRIDAY_3PM
    )
    assert (store_only.level, nowhere.level) == (3, 6)


def test_twelve_working_hours_from_a_friday_afternoon_end_on_monday_evening(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    assert c.respond_by == cst(2026, 11, 23, 18, 0)  # 3 h on Friday + 9 h on Monday
    assert c.warn_at == cst(2026, 11, 23, 15, 0)  # three quarters of the time
    assert c.resolve_by == cst(2026, 12, 20, 15, 0)  # 30 calendar days
    assert c.next_check_at == c.warn_at


def test_the_hotline_answers_within_four_hours_day_and_night(session):
    # A 24-hour service (seed 004): Friday 15:00 plus four calendar hours.
    c = service.register_complaint(
        session, data=form(channel="hotline"), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    assert c.respond_by == cst(2026, 11, 20, 19, 0)


def test_national_day_2025_does_not_count(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=cst(2025, 9, 30, 16, 0)
    )
    # 2 h on 30 Sep; 1-8 Oct are holidays; 9 h on 9 Oct; 1 h on 10 Oct.
    assert c.respond_by == cst(2025, 10, 10, 10, 0)


def test_the_make_up_saturday_after_national_day_is_a_workday(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=cst(2025, 10, 10, 12, 0)
    )
    assert c.respond_by == cst(2025, 10, 11, 15, 0)  # Saturday 11 Oct 2025 was worked


def test_registration_is_audited_and_tells_the_level_and_the_customer(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    events = session.scalars(
        select(Event.action).where(Event.entity == "complaint", Event.entity_id == c.id)
    ).all()
    assert events == ["registered"]
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.id > 0)).all()
    mine = [m for m in messages if (m.meta or {}).get("complaint_id") == c.id]
    assert {(m.channel, m.meta["event"]) for m in mine} == {
        ("email", "registered"),
        ("sms", "tracking_code"),
    }
    assert c.tracking_code in next(m.body for m in mine if m.channel == "sms")


def test_a_receipt_links_the_complaint_and_its_counter(session):
    from aftersales.sales.models import Receipt

    receipt = session.scalars(select(Receipt).order_by(Receipt.id)).first()
    c = service.register_complaint(
        session,
        data=form(counter=None, store=None, receipt_no=receipt.receipt_no),
        actor=person(session, "admin"),
        now=FRIDAY_3PM,
    )
    assert (c.receipt_id, c.counter_id, c.store_id, c.level) == (
        receipt.id,
        receipt.counter_id,
        receipt.store_id,
        1,
    )


def test_an_unknown_counter_is_refused_naming_the_field(session):
    before = session.execute(select(func.count()).select_from(Event)).scalar_one()
    with pytest.raises(UnknownCode) as refused:
        service.register_complaint(
            session, data=form(counter="S9-F9-C99"), actor=person(session, "admin"), now=FRIDAY_3PM
        )
    assert refused.value.field == "counter"
    assert session.execute(select(func.count()).select_from(Event)).scalar_one() == before


def test_the_holiday_table_overrides_the_library(session):
    from datetime import date

    from aftersales.deadlines import store as admin

    admin.set_calendar_day(session, day=date(2026, 11, 23), kind="holiday", note="test", actor=None)
    try:
        c = service.register_complaint(
            session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
        )
        assert c.respond_by == cst(2026, 11, 24, 18, 0)
    finally:
        admin.delete_calendar_day(session, day=date(2026, 11, 23), actor=None)

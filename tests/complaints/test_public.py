"""The customer's self-service: submit, track by code and phone, rate; guessing is throttled."""

import pytest

from aftersales.complaints import service
from aftersales.complaints.schemas import PublicComplaintCreate
from aftersales.errors import TooManyAttempts
from tests.complaints.factories import cst, form, person

NOW = cst(2026, 11, 20, 15, 0)


def test_submit_and_track_with_code_and_phone(session):
    code = service.submit_public_complaint(
        session,
        now=NOW,
        data=PublicComplaintCreate(
            name="王五", phone="13700007777", store="S1", title="电梯坏了", description="扶梯停了"
        ),
    )
    found = service.track(session, code=code, phone="137 0000 7777", client_key="t1", now=NOW)
    assert (found.status, found.level, found.holder) == ("registered", 3, "现场主管")


def test_a_wrong_phone_or_forged_code_shows_nothing_and_gets_locked_out(session):
    c = service.register_complaint(session, data=form(), actor=person(session, "staff"), now=NOW)
    assert (
        service.track(
            session, code=c.tracking_code, phone="13000000000", client_key="guess", now=NOW
        )
        is None
    )
    assert service.track(session, code="NOPE", phone="x", client_key="guess", now=NOW) is None
    for _ in range(9):  # ten misses on this code from this address
        assert (
            service.track(
                session,
                code=c.tracking_code.lower(),
                phone="13000000000",
                client_key="guess",
                now=NOW,
            )
            is None
        )
    with pytest.raises(TooManyAttempts):  # even the right pair, once locked
        service.track(
            session, code=c.tracking_code, phone=form().customer.phone, client_key="guess", now=NOW
        )


def test_rating_after_the_case_closes(session):
    staff = person(session, "staff")
    data = form()
    c = service.register_complaint(session, data=data, actor=staff, now=NOW)
    phone = data.customer.phone
    assert (
        service.rate(
            session,
            code=c.tracking_code,
            phone=phone,
            rating=5,
            comment="好",
            client_key="r",
            now=NOW,
        )
        is None
    )  # not closed yet
    service.transition(session, complaint_id=c.id, to="withdrawn", actor=staff, now=NOW)
    assert (
        service.rate(
            session,
            code=c.tracking_code,
            phone=phone,
            rating=5,
            comment="好",
            client_key="r",
            now=NOW,
        )
        is None
    )  # withdrawn cases are not rated


def test_the_customer_still_rates_after_staff_recorded_a_rating_on_the_call(session):
    from aftersales.complaints import followup

    staff = person(session, "staff")
    data = form()
    c = service.register_complaint(session, data=data, actor=staff, now=NOW)
    for to in ("in_progress", "proposed", "agreed", "follow_up"):
        service.transition(session, complaint_id=c.id, to=to, actor=staff, now=NOW)
    followup.follow_up(
        session, complaint_id=c.id, actor=staff, now=NOW, satisfied=True, rating=3, note="电话回访"
    )
    phone = data.customer.phone
    seen = service.track(session, code=c.tracking_code, phone=phone, client_key="r2", now=NOW)
    assert (seen.status, seen.call_rating, seen.customer_rating) == ("closed", 3, None)
    rated = service.rate(
        session,
        code=c.tracking_code,
        phone=phone,
        rating=5,
        comment="满意",
        client_key="r2",
        now=NOW,
    )
    assert (rated.customer_rating, rated.call_rating, rated.satisfaction) == (5, 3, 5)

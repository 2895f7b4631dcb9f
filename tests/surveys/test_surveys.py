"""Satisfaction surveys: a closed case with a phone gets one invitation with a one-time link;
the link works once and then never, is refused when forged or expired; campaigns respect
marketing consent; the figures count answers and the response rate."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from aftersales.claims import fulfil
from aftersales.claims.open import open_claim
from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from aftersales.customers.models import Customer
from aftersales.errors import Forbidden
from aftersales.feedback.surveys import campaigns, service, stats, tasks
from aftersales.feedback.surveys.errors import (
    SurveyAlreadyAnswered,
    SurveyExpired,
    SurveyLinkInvalid,
)
from aftersales.feedback.surveys.models import SurveyInvitation
from aftersales.feedback.surveys.schemas import CampaignIn, SurveyAnswerIn
from aftersales.notify.models import OutboxMessage
from aftersales.sales.models import Receipt
from tests.claims.factories import claim_in, sale
from tests.claims.factories import person as claims_person
from tests.complaints.factories import form, person

CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CST)
BASE = "http://127.0.0.1:8000"


def closed_complaint(session, *, at=NOW):
    c = complaints.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=at - timedelta(days=2)
    )
    session.execute(
        update(Complaint)
        .where(Complaint.id == c.id)
        .values(status="closed", closed_at=at - timedelta(hours=1))
    )
    return c


def link_of(session, invitation_id):
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200))
    (msg,) = [m for m in rows if (m.meta or {}).get("survey_invitation_id") == invitation_id]
    return msg, re.search(r"/survey/([A-Za-z0-9_\-]+)", msg.body).group(1)


def test_closing_a_complaint_with_a_phone_invites_the_customer_once(session):
    c = closed_complaint(session)
    assert tasks.invite_batch(session, now=NOW, base_url=BASE) >= 1
    assert tasks.invite_batch(session, now=NOW + timedelta(minutes=5), base_url=BASE) == 0
    (inv,) = session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.source == "complaint", SurveyInvitation.source_id == c.id
        )
    ).all()
    msg, token = link_of(session, inv.id)
    assert msg.channel == "sms" and msg.recipient.startswith("139")
    assert inv.token_hash == service.token_hash(token) and token not in inv.token_hash
    assert inv.expires_at == NOW + timedelta(days=30)


def test_a_survey_link_works_once_and_then_never(session):
    c = closed_complaint(session)
    tasks.invite_batch(session, now=NOW, base_url=BASE)
    inv = session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.source_id == c.id, SurveyInvitation.source == "complaint"
        )
    ).one()
    _, token = link_of(session, inv.id)
    row = service.answer(
        session,
        token=token,
        data=SurveyAnswerIn(score=4, polite=True, comment="店长处理得很快"),
        now=NOW + timedelta(days=1),
    )
    assert (row.score, row.counter_id) == (4, c.counter_id)
    with pytest.raises(SurveyAlreadyAnswered):
        service.answer(
            session, token=token, data=SurveyAnswerIn(score=1), now=NOW + timedelta(days=2)
        )
    with pytest.raises(SurveyLinkInvalid):
        service.answer(session, token=token[:-2] + "xx", data=SurveyAnswerIn(score=5), now=NOW)


def test_a_link_expires_after_thirty_days(session):
    c = closed_complaint(session)
    tasks.invite_batch(session, now=NOW, base_url=BASE)
    inv = session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.source_id == c.id, SurveyInvitation.source == "complaint"
        )
    ).one()
    _, token = link_of(session, inv.id)
    with pytest.raises(SurveyExpired):
        service.answer(
            session,
            token=token,
            data=SurveyAnswerIn(score=5),
            now=NOW + timedelta(days=30, seconds=1),
        )
    assert inv.answered_at is None


def test_the_figures_count_answers_and_the_response_rate(session):
    start, end = NOW - timedelta(hours=3), NOW + timedelta(days=3)
    before = stats.survey_figures(session, start=start, end=end, store_id=None)
    ids = []
    for score in (5, 3):
        c = closed_complaint(session)
        tasks.invite_batch(session, now=NOW, base_url=BASE)
        ids.append((c.id, score))
    for cid, score in ids:
        inv = session.scalars(
            select(SurveyInvitation).where(
                SurveyInvitation.source_id == cid, SurveyInvitation.source == "complaint"
            )
        ).one()
        service.answer(
            session,
            token=link_of(session, inv.id)[1],
            data=SurveyAnswerIn(score=score, come_back=score > 3),
            now=NOW,
        )
    after = stats.survey_figures(session, start=start, end=end, store_id=None)
    assert after["answered"] == before["answered"] + 2
    assert after["distribution"]["5"] == before["distribution"]["5"] + 1
    assert after["invited"] >= 2 and after["response_rate"] is not None


def test_a_campaign_invites_only_customers_who_agreed_to_marketing(session):
    receipts = session.scalars(
        select(Receipt)
        .where(Receipt.customer_id.is_not(None), Receipt.store_id == 1)
        .order_by(Receipt.sold_at.desc())
        .limit(5)
    ).all()
    day = receipts[0].sold_at.astimezone(CST).date()
    customers = {r.customer_id for r in receipts if r.sold_at.astimezone(CST).date() == day}
    agreed = sorted(customers)[:1]
    session.execute(
        update(Customer).where(Customer.id.in_(customers)).values(marketing_consent=False)
    )
    session.execute(update(Customer).where(Customer.id.in_(agreed)).values(marketing_consent=True))
    data = CampaignIn(title="十一月回访", store="S1", period_from=day, period_to=day)
    with pytest.raises(Forbidden):
        campaigns.send_campaign(
            session,
            data=data,
            actor=person(session, "staff"),
            base_url="http://x",
            now=datetime.now(CST),
        )
    row = campaigns.send_campaign(
        session,
        data=data,
        actor=person(session, "dept_manager"),
        base_url="http://x",
        now=datetime.now(CST),
    )
    sent = session.scalars(
        select(SurveyInvitation.customer_id).where(SurveyInvitation.campaign_id == row.id)
    ).all()
    assert set(sent) <= set(_consenting(session, day)) and set(agreed) <= set(sent)
    assert row.invited == len(sent)
    figures = stats.survey_figures(session, start=NOW, end=NOW, campaign_id=row.id)
    assert (figures["invited"], figures["response_rate"]) == (row.invited, "0.0")


def _consenting(session, day: date):
    return session.scalars(select(Customer.id).where(Customer.marketing_consent.is_(True)))


def test_a_complaint_with_only_an_email_is_invited_by_email_and_none_without_contact(session):
    c = complaints.register_complaint(
        session,
        data=form(customer=None, contact_email="li@example.com"),
        actor=person(session, "staff"),
        now=NOW,
    )
    session.execute(
        update(Complaint).where(Complaint.id == c.id).values(status="closed", closed_at=NOW)
    )
    tasks.invite_batch(session, now=NOW + timedelta(minutes=1), base_url=BASE)
    inv = session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.source == "complaint", SurveyInvitation.source_id == c.id
        )
    ).one()
    msg, _ = link_of(session, inv.id)
    assert (inv.channel, msg.channel, msg.recipient) == ("email", "email", "li@example.com")


def test_closing_a_claim_invites_its_customer_once_by_sms(session):
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    staff = claims_person(session, "staff")
    claim = open_claim(
        session,
        data=claim_in(
            sale(session, days_ago=10),
            problem="sole_broken",
            part="sole",
            condition=[],
            material="leather",
        ),
        actor=staff,
        now=now,
    )
    tasks.invite_batch(session, now=now, base_url=BASE)  # an open claim: no invitation
    assert not session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.source == "claim", SurveyInvitation.source_id == claim.id
        )
    ).all()
    fulfil.close_claim(session, claim_id=claim.id, note="顾客满意", actor=staff, now=now)
    assert tasks.invite_batch(session, now=now + timedelta(minutes=1), base_url=BASE) >= 1
    assert tasks.invite_batch(session, now=now + timedelta(minutes=2), base_url=BASE) == 0
    (inv,) = session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.source == "claim", SurveyInvitation.source_id == claim.id
        )
    ).all()
    msg, token = link_of(session, inv.id)
    assert msg.channel == "sms" and msg.recipient.replace(" ", "").startswith("138")
    assert msg.body.count(f"{BASE}/survey/{token}") == 1
    assert (inv.store_id, inv.counter_id) == (claim.store_id, claim.counter_id)
    assert inv.expires_at == now + timedelta(minutes=1) + timedelta(days=30)
    row = service.answer(session, token=token, data=SurveyAnswerIn(score=5), now=now)
    assert row.score == 5

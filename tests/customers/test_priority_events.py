"""Priority purchase events (优先购买): members of the chosen tiers are invited by the
worker, a message through the outbox only to those who agreed to marketing."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.customers import priority, profile
from aftersales.customers.member_models import PriorityEvent, PriorityInvitation
from aftersales.customers.models import Customer, Member
from aftersales.customers.schemas import ConsentIn
from aftersales.errors import Forbidden, InvalidInput
from aftersales.notify.models import OutboxMessage
from tests.claims.factories import person
from tests.customers.factories import line, member, member_sale, new_member_no, new_phone

NOW = datetime.now(UTC)


def _gold(session, *, agreed: bool) -> Member:
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("21000.00")])
    if agreed:
        customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
        profile.record_consent(
            session,
            customer_id=customer.id,
            data=ConsentIn(granted=True, channel="in_person"),
            actor=person(session, "staff"),
            now=NOW,
        )
    return member(session, no)


def _event(session, **overrides):
    store = person(session, "staff").store_id
    fields = {
        "title": "金卡会员新品优先购",
        "store_id": store,
        "tier_codes": ["gold"],
        "starts_on": date(2026, 12, 10),
        "ends_on": date(2026, 12, 12),
        "message": "冬季新款皮靴到店，金卡会员可提前选购。",
        "actor": person(session, "admin"),
        "now": NOW,
    } | overrides
    return priority.create_event(session, **fields)


def _run(session) -> int:
    total = 0
    while True:
        count, more = priority.send_invitations(session, now=NOW, batch=2)
        total += count
        if more is None:
            return total


def test_gold_members_are_invited_and_only_those_who_agreed_get_a_message(session):
    agreed, silent = _gold(session, agreed=True), _gold(session, agreed=False)
    event = _event(session)
    _run(session)
    rows = {
        i.member_id: i.sent
        for i in session.scalars(
            select(PriorityInvitation).where(PriorityInvitation.event_id == event.id)
        )
    }
    assert rows[agreed.id] is True and rows[silent.id] is False
    assert all(session.get(Member, m).tier == "gold" for m in rows)
    messages = list(
        session.scalars(select(OutboxMessage).where(OutboxMessage.subject == "金卡会员新品优先购"))
    )
    phones = {m.recipient for m in messages}
    agreed_phone = session.get(Customer, agreed.customer_id).phone
    silent_phone = session.get(Customer, silent.customer_id).phone
    assert agreed_phone in phones and silent_phone not in phones
    session.refresh(event)
    assert (event.status, event.invited) == ("sent", len(rows))
    assert _run(session) == 0  # nothing left: no second invitation or message
    sent_events = session.scalars(
        select(Event.action).where(Event.entity == "priority_event", Event.entity_id == event.id)
    ).all()
    assert sent_events == ["created", "invitations_sent"]


def test_a_standard_member_is_not_invited_to_a_gold_event(session):
    no = new_member_no()
    member_sale(session, member_no=no, phone=new_phone(), lines=[line("100.00")])
    event = _event(session)
    _run(session)
    invited = session.scalars(
        select(PriorityInvitation.member_id).where(PriorityInvitation.event_id == event.id)
    ).all()
    assert member(session, no).id not in invited


def test_bad_events_are_refused_naming_the_field_and_nothing_is_written(session):
    before = session.scalars(select(PriorityEvent.id)).all()
    for overrides, field in (
        ({"title": " "}, "title"),
        ({"tier_codes": ["platinum"]}, "tiers"),
        ({"tier_codes": []}, "tiers"),
        ({"ends_on": date(2026, 12, 1)}, "ends_on"),
    ):
        with pytest.raises(InvalidInput) as caught:
            _event(session, **overrides)
        assert caught.value.field == field
    with pytest.raises(Forbidden):
        _event(session, actor=person(session, "staff"))
    assert session.scalars(select(PriorityEvent.id)).all() == before

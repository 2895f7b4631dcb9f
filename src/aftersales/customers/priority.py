"""Priority purchase events (优先购买): a manager names the event, its store, its dates and
the tiers invited; the worker writes the list of members invited, a batch at a time, and
sends each one who agreed to marketing messages an SMS through the outbox. Members who did
not agree are on the list (the counter recognises them) but get no message."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import covers, level_of, scope_of
from aftersales.customers.errors import EventNotFound
from aftersales.customers.member_models import PriorityEvent, PriorityInvitation
from aftersales.customers.messages import Purpose, tell_customer
from aftersales.customers.models import Customer, Member
from aftersales.customers.tiers import tiers
from aftersales.errors import Forbidden, InvalidInput
from aftersales.org.models import Store

ORGANISER_LEVEL = 4  # a manager's assistant (经理助理) and above run events


def may_organise(user: Principal) -> bool:
    return user.role == Role.admin or level_of(user) >= ORGANISER_LEVEL  # type: ignore[arg-type]


def visible_events(user: Principal) -> Any:
    """Group roles see every event; the others their own store's (counters included)."""
    stmt = select(PriorityEvent)
    if scope_of(user.role) == "group" or user.role == Role.admin:  # type: ignore[arg-type]
        return stmt
    return stmt.where(PriorityEvent.store_id == user.store_id)


def events(session: Session, *, user: Principal, limit: int = 50) -> list[PriorityEvent]:
    stmt = visible_events(user).order_by(PriorityEvent.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def _check(
    session: Session, *, title: str, store_id: int, tier_codes: list[str], starts: date, ends: date
) -> None:
    if not title.strip():
        raise InvalidInput("A title is needed", field="title")
    if session.get(Store, store_id) is None:
        raise InvalidInput("Unknown store", field="store_id")
    known = {t.code for t in tiers(session)}
    if not tier_codes or not set(tier_codes) <= known:
        raise InvalidInput("Choose one or more tiers", field="tiers")
    if ends < starts:
        raise InvalidInput(
            "The event ends before it starts",
            field="ends_on",
        )


def create_event(
    session: Session,
    *,
    title: str,
    store_id: int,
    tier_codes: list[str],
    starts_on: date,
    ends_on: date,
    message: str,
    actor: Principal,
    now: datetime,
) -> PriorityEvent:
    if not may_organise(actor):
        raise Forbidden()
    _check(
        session,
        title=title,
        store_id=store_id,
        tier_codes=tier_codes,
        starts=starts_on,
        ends=ends_on,
    )
    if covers(actor, store_id=store_id, counter_id=None) == "store":
        raise Forbidden()
    event = PriorityEvent(
        title=title.strip(),
        store_id=store_id,
        tiers=sorted(set(tier_codes)),
        starts_on=starts_on,
        ends_on=ends_on,
        message=message.strip(),
        status="pending",
        invited=0,
        created_by_id=actor.id,
        created_at=now,
        version=1,
    )
    after = {"title": event.title, "tiers": event.tiers, "store_id": store_id}
    audit.record_added(session, event, actor=actor, action="created", after=after)
    return event


def _claim_event(session: Session) -> PriorityEvent | None:
    stmt = select(PriorityEvent).where(PriorityEvent.status == "pending").order_by(PriorityEvent.id)
    if session.get_bind().dialect.name == "postgresql":  # workers take different events
        stmt = stmt.with_for_update(skip_locked=True)
    return session.scalars(stmt.limit(1)).first()


def _text(event: PriorityEvent, customer: Customer) -> str:
    body = event.message or f"诚邀您参加{event.title}"
    return (
        f"尊敬的{customer.name}：{body}（{event.starts_on:%m月%d日}至{event.ends_on:%m月%d日}，"
        "会员优先购买）"
    )


def send_invitations(
    session: Session, *, now: datetime, batch: int = 1000
) -> tuple[int, int | None]:
    """One batch of one pending event: members of its tiers not yet invited get their row
    and, with consent, an SMS; the event is marked sent when nobody is left. Answers
    (invited now, 0 to call again or None when there is nothing to do)."""
    event = _claim_event(session)
    if event is None:
        return 0, None
    invited = select(PriorityInvitation.member_id).where(
        PriorityInvitation.event_id == event.id, PriorityInvitation.member_id == Member.id
    )
    rows = list(
        session.execute(
            select(Member.id, Customer)
            .join(Customer, Customer.id == Member.customer_id)
            .where(
                Member.tier.in_(event.tiers),
                Member.merged_into_id.is_(None),
                Customer.erased_at.is_(None),
                ~invited.exists(),
            )
            .order_by(Member.id)
            .limit(batch)
        )
    )
    for member_id, customer in rows:
        sent = tell_customer(
            session,
            customer=customer,
            purpose=Purpose.marketing,
            subject=event.title,
            body=_text(event, customer),
            meta={"priority_event_id": event.id},
        )
        session.add(
            PriorityInvitation(
                event_id=event.id, member_id=member_id, at=now, sent=sent is not None
            )
        )
    session.flush()
    if len(rows) < batch:
        total = session.scalar(select(func.count()).where(PriorityInvitation.event_id == event.id))
        session.execute(
            update(PriorityEvent)
            .where(PriorityEvent.id == event.id)
            .values(status="sent", invited=total, version=PriorityEvent.version + 1)
        )
        audit.record_on(session, event, "invitations_sent", actor=None, after={"invited": total})
    return len(rows), 0


def invitations(
    session: Session, *, event_id: int, user: Principal, limit: int = 500
) -> tuple[PriorityEvent, list[tuple[PriorityInvitation, Member, Customer]]]:
    event = session.scalars(visible_events(user).where(PriorityEvent.id == event_id)).first()
    if event is None:
        raise EventNotFound(field="id")
    rows = session.execute(
        select(PriorityInvitation, Member, Customer)
        .join(Member, Member.id == PriorityInvitation.member_id)
        .join(Customer, Customer.id == Member.customer_id)
        .where(PriorityInvitation.event_id == event.id)
        .order_by(Member.id)
        .limit(limit)
    )
    return event, [(i, m, c) for i, m, c in rows]

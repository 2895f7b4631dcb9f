"""Membership: enrolment (at the counter, or by a sale with a new member number), reading a
member as the point of sale sees it, and the member row lock."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access, directory
from aftersales.customers.errors import (
    AlreadyMember,
    MemberNotFound,
    MemberNumberTaken,
    ReferralLoop,
)
from aftersales.customers.models import Customer, Member
from aftersales.customers.schemas import EnrolIn
from aftersales.org.models import Counter

M = Member.__table__.c
_ADD_MEMBER = insert(Member.__table__).returning(M.id)


def counter_brand(session: Session, counter_id: int) -> int | None:
    return session.scalar(select(Counter.brand_id).where(Counter.id == counter_id))


def member_for_sale(
    session: Session,
    *,
    customer_id: int,
    customer_member_no: str | None,
    member_no: str,
    since: date,
    actor: Principal | None,
) -> int:
    """The id of the member a sale's member number names, enrolling the sale's customer when
    nobody holds the number yet."""
    if customer_member_no not in (None, member_no):
        raise AlreadyMember(field="customer.member_no", extra={"member_no": customer_member_no})
    row = session.execute(select(M.id, M.customer_id).where(M.member_no == member_no)).first()
    if row is not None:
        if row.customer_id != customer_id:
            raise MemberNumberTaken(field="customer.member_no")
        return row.id
    return _insert_member(
        session,
        customer_id=customer_id,
        member_no=member_no,
        since=since,
        actor=actor,
        set_customer=customer_member_no is None,
    )


def _insert_member(
    session: Session,
    *,
    customer_id: int,
    member_no: str,
    since: date,
    actor: Principal | None,
    set_customer: bool,
    referred_by_id: int | None = None,
) -> int:
    if set_customer:
        taken = session.scalar(select(Customer.id).where(Customer.member_no == member_no))
        if taken is not None and taken != customer_id:
            raise MemberNumberTaken(field="member_no")
        session.connection().execute(
            update(Customer.__table__)
            .where(Customer.__table__.c.id == customer_id)
            .values(member_no=member_no)
        )
    member_id = (
        session.connection()
        .execute(
            _ADD_MEMBER,
            {
                "customer_id": customer_id,
                "member_no": member_no,
                "tier": "standard",
                "since": since,
                "points": 0,
                "referred_by_id": referred_by_id,
                "version": 1,
                "created_at": datetime.now(ZoneInfo("UTC")),
            },
        )
        .scalar_one()
    )
    after = {"member_no": member_no}
    audit.record_now(session, "customer", customer_id, "member_enrolled", actor=actor, after=after)
    return member_id


def enrol(
    session: Session, *, customer_id: int, data: EnrolIn, actor: Principal, today: date
) -> Member:
    """Enrolment at the counter for a customer the user can see."""
    access.require(actor, "enrol")
    member_no, referred_by = data.member_no, data.referred_by
    customer = directory.get_customer(session, user=actor, customer_id=customer_id, for_update=True)
    if session.scalar(select(M.id).where(M.customer_id == customer.id)) is not None:
        raise AlreadyMember(field="member_no")
    if session.scalar(select(M.id).where(M.member_no == member_no)) is not None:
        raise MemberNumberTaken(field="member_no")
    referrer = get_member(session, member_no=referred_by) if referred_by else None
    if referrer is not None and referrer.customer_id == customer.id:
        raise ReferralLoop(field="referred_by")
    member_id = _insert_member(
        session,
        customer_id=customer.id,
        member_no=member_no,
        since=today,
        actor=actor,
        set_customer=True,
        referred_by_id=referrer.id if referrer else None,
    )
    if data.birthday is not None and customer.birthday is None:
        customer.birthday = data.birthday
    customer.member_no = member_no
    session.flush()
    return session.get_one(Member, member_id)


def get_member(session: Session, *, member_no: str) -> Member:
    found = session.scalars(
        select(Member)
        .where(Member.member_no == member_no)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise MemberNotFound(field="member_no")
    return found


def member_of(session: Session, customer_id: int) -> Member | None:
    return session.scalars(select(Member).where(Member.customer_id == customer_id)).one_or_none()


def lock(session: Session, member_id: int) -> None:
    session.execute(select(M.id).where(M.id == member_id).with_for_update())


def bump_version(
    session: Session, member_id: int, *, actor: Principal, action: str, after: dict[str, Any]
) -> None:
    session.connection().execute(
        update(Member.__table__).where(M.id == member_id).values(version=M.version + 1)
    )
    audit.record(session, "member", member_id, action, actor=actor, after=after)


def active_id(session: Session, member_id: int) -> int:
    """The membership that holds the points now: a merged one points at the one kept."""
    for _ in range(10):  # merges chain rarely; never loop forever on bad data
        nxt = session.scalar(select(M.merged_into_id).where(M.id == member_id))
        if nxt is None:
            return member_id
        member_id = nxt
    return member_id

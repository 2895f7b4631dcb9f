"""Change a customer's record: the profile (audited before/after) and marketing consent
(PIPL: when, how and by whom, honoured by every care or marketing message)."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access, directory
from aftersales.customers.errors import ChannelRequired, PhoneTaken
from aftersales.customers.models import Customer, CustomerConsent
from aftersales.customers.schemas import ConsentIn, CustomerUpdate
from aftersales.errors import check_version

PROFILE = ["name", "phone", "birthday", "gender", "address", "tags", "notes"]


def update_profile(
    session: Session, *, customer_id: int, data: CustomerUpdate, actor: Principal
) -> Customer:
    access.require(actor, "edit")
    customer = directory.get_customer(session, user=actor, customer_id=customer_id, for_update=True)
    check_version(customer.version, data.version)
    if (
        data.phone != customer.phone
        and session.scalar(select(Customer.id).where(Customer.phone == data.phone)) is not None
    ):
        raise PhoneTaken(field="phone")
    before = audit.snapshot(customer, PROFILE)
    for name in PROFILE:
        setattr(customer, name, getattr(data, name) if name != "tags" else list(data.tags))
    after = audit.snapshot(customer, PROFILE)
    if before == after:
        return customer
    session.flush()
    changed = [k for k in PROFILE if before[k] != after[k]]
    audit.record_on(
        session,
        customer,
        "profile_changed",
        actor=actor,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return customer


def record_consent(
    session: Session, *, customer_id: int, data: ConsentIn, actor: Principal, now: datetime
) -> CustomerConsent:
    access.require(actor, "consent")
    if data.channel is None:
        raise ChannelRequired(field="channel")
    customer = directory.get_customer(session, user=actor, customer_id=customer_id, for_update=True)
    row = CustomerConsent(
        customer_id=customer.id,
        granted=data.granted,
        channel=str(data.channel),
        at=now,
        recorded_by_id=actor.id,
        note=data.note,
    )
    session.add(row)
    customer.marketing_consent = data.granted
    session.flush()
    after = {"channel": str(data.channel), "note": data.note}
    audit.record_on(
        session,
        customer,
        "consent_granted" if data.granted else "consent_withdrawn",
        actor=actor,
        after=after,
    )
    return row


def consents(session: Session, *, customer_id: int) -> list[CustomerConsent]:
    return list(
        session.scalars(
            select(CustomerConsent)
            .where(CustomerConsent.customer_id == customer_id)
            .order_by(CustomerConsent.id.desc())
        )
    )


def log_personal_data_view(
    session: Session, *, user: Principal, customer_id: int, where: str
) -> None:
    """PIPL: every view of unmasked personal data is recorded for an administrator."""
    if access.shows_pii(user):
        after = {"where": where}
        audit.record(
            session, "customer", customer_id, "personal_data_viewed", actor=user, after=after
        )

"""Messages about complaints, written to the outbox in the same transaction as the change:
to the people of a level (e-mail and SMS) and to the customer."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aftersales.auth.people import Person, active_people
from aftersales.auth.scope import scope_of
from aftersales.complaints.access import LEVEL_ROLE
from aftersales.complaints.models import Complaint
from aftersales.customers.models import Customer
from aftersales.deadlines import DEFAULT_TZ
from aftersales.notify import service as notify
from aftersales.shared_cache import ORG, SharedCache


def local(moment: datetime | None) -> str:
    """A deadline as people read it: the store's wall-clock time."""
    return moment.astimezone(ZoneInfo(DEFAULT_TZ)).strftime("%Y-%m-%d %H:%M") if moment else ""


def ladder_people(session: Session) -> list[Person]:
    """Everyone active on the ladder: a few hundred rows, read once per sweep pass."""
    return active_people(session, roles=LEVEL_ROLE.values())


_PEOPLE = SharedCache(ORG, ladder_people)


def ladder_people_cached(session: Session) -> list[Person]:
    """`ladder_people`, kept per process until a user changes anywhere: every
    registration and move tells a level, and users change rarely."""
    return _PEOPLE.get(session)


def holders(
    people: list[Person], *, level: int, store_id: int | None, counter_id: int | None
) -> list[Person]:
    role = LEVEL_ROLE[level]
    scope = scope_of(role)
    return [
        p
        for p in people
        if p.role == role
        and (
            scope == "group"
            or (scope == "store" and p.store_id == store_id)
            or (scope == "counter" and p.counter_id == counter_id)
        )
    ]


def staffed_levels(
    people: list[Person], *, store_id: int | None, counter_id: int | None
) -> set[int]:
    """The ladder levels that have somebody for a case of this store and counter."""
    return {
        level
        for level in LEVEL_ROLE
        if holders(people, level=level, store_id=store_id, counter_id=counter_id)
    }


def tell_station_of_gap(session: Session, complaint: Complaint, *, subject: str, body: str) -> int:
    """The complaint station hears of an escalation that found nobody at some levels."""
    people = holders(
        ladder_people_cached(session), level=max(LEVEL_ROLE), store_id=None, counter_id=None
    )
    rows = notify.messages_to(
        people,
        subject=subject,
        body=body,
        meta={"complaint_id": complaint.id, "event": "ladder_gap"},
    )
    notify.enqueue_now(session, rows)
    return len(rows)


def level_messages(
    session: Session, complaint: Complaint, *, event: str, subject: str, body: str
) -> list[dict[str, object]]:
    """Outbox rows for the people of the complaint's level (see `tell_level`)."""
    people = holders(
        ladder_people_cached(session),
        level=complaint.level,
        store_id=complaint.store_id,
        counter_id=complaint.counter_id,
    )
    return notify.messages_to(
        people, subject=subject, body=body, meta={"complaint_id": complaint.id, "event": event}
    )


def tell_level(
    session: Session, complaint: Complaint, *, event: str, subject: str, body: str
) -> int:
    rows = level_messages(session, complaint, event=event, subject=subject, body=body)
    notify.enqueue_now(session, rows)
    return len(rows)


def _phone_of(session: Session, customer_id: int) -> str | None:
    return session.get(Customer, customer_id).phone  # type: ignore[union-attr]


def customer_message(
    session: Session,
    complaint: Complaint,
    *,
    event: str,
    subject: str,
    body: str,
    via: str = "sms",
    phone: str | None = None,
) -> dict[str, object] | None:
    """The outbox row for the customer (see `tell_customer`); None when there is no address.

    A caller that has just looked the customer up passes their `phone` and spares a read.
    """
    address = complaint.contact_email if via == "email" else None
    if via == "sms" and complaint.customer_id:
        address = phone or _phone_of(session, complaint.customer_id)
    if not address:
        return None
    return {
        "channel": via,
        "recipient": address,
        "subject": subject,
        "body": body,
        "meta": {"complaint_id": complaint.id, "event": event},
    }


def tell_customer(
    session: Session, complaint: Complaint, *, event: str, subject: str, body: str, via: str = "sms"
) -> str | None:
    """SMS to the customer's phone (or e-mail to the address the complaint came from)."""
    row = customer_message(session, complaint, event=event, subject=subject, body=body, via=via)
    if row is None:
        return None
    notify.enqueue_now(session, [row])
    return str(row["recipient"])

"""Registration (投诉登记): every channel comes in here — the API, the console form, the
customer's own page and the complaints mailbox.

It is the busiest write of the domain, so, like `sales.record`, it speaks SQL Core: the
complaint, its search postings, the audit event and the outbox rows are one INSERT each (an
executemany for the many), with prebuilt statements, and no ORM flush.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, make_transient_to_detached

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.auth.scope import covers, scoped
from aftersales.claims import fulfil as claims_fulfil
from aftersales.claims.models import Claim
from aftersales.complaints import clock, notices, search
from aftersales.complaints.access import TOP_LEVEL
from aftersales.complaints.models import Channel, Complaint, ComplaintType, Status
from aftersales.complaints.reference import ComplaintCause
from aftersales.complaints.schemas import ComplaintCreate
from aftersales.customers import service as customers
from aftersales.db import FastInsert
from aftersales.errors import Forbidden
from aftersales.notify import service as notify
from aftersales.random_codes import random_code
from aftersales.sales.errors import UnknownCode
from aftersales.sales.models import Receipt
from aftersales.sales.record import lookup_code

# These go straight to the complaint station (投诉站): the store speaks with one voice.
STATION_CHANNELS = {Channel.media, Channel.consumer_association, Channel.gm_letter}
FIRST_STORE_LEVEL = 3  # the floor supervisor: the first level that sees a whole store
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone
FIELDS = [
    "tracking_code",
    "channel",
    "type",
    "cause",
    "severity",
    "status",
    "level",
    "store_id",
    "counter_id",
    "receipt_id",
    "respond_by",
    "resolve_by",
]


@dataclass(frozen=True)
class Place:
    store_id: int | None
    counter_id: int | None
    receipt: Receipt | None


def tracking_code() -> str:
    return random_code(10, _ALPHABET)


def starting_level(channel: Channel, ctype: ComplaintType, place: Place) -> int:
    """At the counter, unless the channel or the kind of case belongs to the station.

    A case that names no counter cannot sit in a counter's queue: it starts with the store's
    floor supervisor, or at the station when no store is known either.
    """
    if channel in STATION_CHANNELS or ctype == ComplaintType.special:
        return TOP_LEVEL
    if place.counter_id is not None:
        return 1
    return FIRST_STORE_LEVEL if place.store_id is not None else TOP_LEVEL


def _code(session: Session, pick, code: str, field: str):  # noqa: ANN001, ANN202
    return lookup_code(session, pick, code, field, field)


def resolve_place(
    session: Session, *, store: str | None, counter: str | None, receipt_no: str | None
) -> Place:
    receipt = None
    if receipt_no:
        receipt = session.scalars(select(Receipt).where(Receipt.receipt_no == receipt_no)).first()
        if receipt is None:
            raise UnknownCode("Unknown receipt", field="receipt_no")
    store_id = _code(session, lambda r: r.stores, store, "store") if store else None
    counter_id = None
    if counter:
        counter_id, counter_store = _code(session, lambda r: r.counters, counter, "counter")
        if store_id is not None and counter_store != store_id:
            raise UnknownCode("The counter is not in this store", field="counter")
        store_id = counter_store
    if receipt is not None:
        store_id = store_id or receipt.store_id
        counter_id = counter_id or receipt.counter_id
    return Place(store_id, counter_id, receipt)


def check_may_register(actor: Principal | None, place: Place) -> None:
    """Counter staff register for their counter, store staff for their store."""
    if actor is None:
        return
    outside = covers(actor, store_id=place.store_id, counter_id=place.counter_id)
    if outside == "counter":
        raise Forbidden(
            "You can register complaints only for your own counter",
            field="counter",
        )
    if outside == "store":
        raise Forbidden(
            "You can register complaints only for your own store",
            field="store",
        )


def _check_cause(session: Session, cause: str | None) -> None:
    if cause and session.get(ComplaintCause, cause) is None:
        raise UnknownCode("Unknown cause", field="cause")


def check_claim(session: Session, actor: Principal | None, claim_id: int | None) -> None:
    """A complaint links only a claim that exists and that the person linking it may see."""
    if claim_id is None:
        return
    stmt = select(Claim.id).where(Claim.id == claim_id)
    if actor is not None:
        stmt = scoped(stmt, actor, store=Claim.store_id, counter=Claim.counter_id)
    if session.scalar(stmt) is None:
        raise UnknownCode("Unknown claim", field="claim_id")


def _customer(
    session: Session, data: ComplaintCreate, place: Place
) -> tuple[int | None, str | None]:
    """The customer's id, and their phone when the form gave it (for the tracking-code SMS)."""
    if data.customer is None:
        return (place.receipt.customer_id if place.receipt else None), None
    c = data.customer
    found = customers.find_customer_row(session, phone=c.phone)  # one prebuilt read
    if found is not None:
        return found.id, found.phone
    return customers.find_or_create_customer(
        session, name=c.name, phone=c.phone, member_no=c.member_no
    ), c.phone


_COLUMNS = tuple(col.key for col in Complaint.__table__.columns if col.key != "id")
_EMPTY = dict.fromkeys(_COLUMNS)
_INSERT = FastInsert(Complaint.__table__, returning_id=True)


def _new_complaint(**fields: object) -> Complaint:
    # Every column set (None where the form leaves it empty): nothing to load back later.
    return Complaint(**(_EMPTY | fields))


def _insert(session: Session, complaint: Complaint) -> None:
    """One INSERT of the complaint as built; the session then holds it as a flush would."""
    row = {key: getattr(complaint, key) for key in _COLUMNS}
    complaint.id = _INSERT.run(session, row)
    make_transient_to_detached(complaint)
    session.add(complaint)


@dataclass(frozen=True)
class Draft:
    """A complaint checked and built, not yet written (`register_draft` writes it)."""

    complaint: Complaint
    data: ComplaintCreate
    actor: Principal | None
    place: Place


def draft_complaint(
    session: Session, *, data: ComplaintCreate, actor: Principal | None, now: datetime
) -> Draft:
    """The checks and look-ups of a registration: reads only, so the intake door runs them
    before its group's write transaction (group_commit)."""
    place = resolve_place(
        session, store=data.store, counter=data.counter, receipt_no=data.receipt_no
    )
    check_may_register(actor, place)
    staff_id = _code(session, lambda r: r.staff, data.staff, "staff") if data.staff else None
    complaint = _new_complaint(
        tracking_code=tracking_code(),
        channel=data.channel,
        type=data.type,
        cause=data.cause,
        seeks=data.seeks,
        severity=data.severity,
        status=Status.registered,
        level=starting_level(data.channel, data.type, place),
        store_id=place.store_id,
        counter_id=place.counter_id,
        staff_id=staff_id,
        receipt_id=place.receipt.id if place.receipt else None,
        claim_id=data.claim_id,
        contact_email=data.contact_email,
        title=data.title,
        description=data.description,
        wants=data.wants,
        occurred_at=data.occurred_at,
        place=data.place,
        product=data.product,
        batch=data.batch,
        recorded_by_id=actor.id if actor else None,
        created_at=now,
        level_since=now,
        version=1,
    )
    clock.set_deadlines(
        complaint, calendar=clock.calendar_for(session), in_force=clock.standards_for(session)
    )
    _check_cause(session, data.cause)
    check_claim(session, actor, data.claim_id)
    return Draft(complaint, data, actor, place)


def register_draft(session: Session, draft: Draft) -> Complaint:
    """Write a drafted complaint: its customer (found, or added), the case, the claim's link
    back, the search postings, the audit event and the messages."""
    complaint, data, actor = draft.complaint, draft.data, draft.actor
    # The customer is looked up here, in the writing transaction: a merge of customers
    # committed meanwhile must not leave the case on the customer merged away.
    complaint.customer_id, phone = _customer(session, data, draft.place)
    _insert(session, complaint)
    if data.claim_id is not None:  # turned from a claim: the claim points back
        claims_fulfil.link_complaint(
            session, claim_id=data.claim_id, complaint_id=complaint.id, actor=actor
        )
    search.queue(session, complaint.id)
    after = audit.snapshot(complaint, FIELDS)
    audit.record_now(session, "complaint", complaint.id, "registered", actor=actor, after=after)
    _announce(session, complaint, phone)
    return complaint


def register_complaint(
    session: Session, *, data: ComplaintCreate, actor: Principal | None, now: datetime
) -> Complaint:
    return register_draft(session, draft_complaint(session, data=data, actor=actor, now=now))


def _announce(session: Session, complaint: Complaint, phone: str | None) -> None:
    """Tell the level and the customer, in one INSERT (see notices.tell_level/tell_customer)."""
    rows = notices.level_messages(
        session,
        complaint,
        event="registered",
        subject=f"新投诉 {complaint.tracking_code}",
        body=f"新投诉“{complaint.title}”，请于 {notices.local(complaint.respond_by)} 前给予反馈。",
    )
    customer = notices.customer_message(
        session,
        complaint,
        event="tracking_code",
        subject="投诉已受理",
        body=f"您的投诉已受理，查询码 {complaint.tracking_code}，可凭查询码和手机号查询处理进度。",
        phone=phone,
    )
    notify.enqueue_now(session, rows + [customer] if customer else rows)

"""The customer's own pages, without a login: submit a complaint, track it by code and
phone, rate the service. A wrong code or phone shows nothing (the same answer as a missing
case) and counts against the client; repeated misses lock the client out for a while."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.complaints import history, intake
from aftersales.complaints.models import Channel, Complaint, ComplaintContact, Status
from aftersales.complaints.reference import PublicAttempt
from aftersales.complaints.schemas import ComplaintCreate, PublicComplaintCreate
from aftersales.customers.models import Customer
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.errors import Conflict, TooManyAttempts
from aftersales.sales.schemas import CustomerIn

MAX_MISSES = 10  # per client address and tracking code
MAX_CODE_MISSES = 20  # per tracking code, from any address
MAX_ADDRESS_MISSES = 100  # per client address, over all codes
WINDOW = timedelta(minutes=15)
LEVEL_NAMES = {1: "专柜", 2: "专柜店长", 3: "现场主管", 4: "经理助理", 5: "商品部经理", 6: "投诉站"}


@dataclass(frozen=True)
class Tracking:
    tracking_code: str
    status: str
    level: int
    holder: str  # the name of the level that holds the case
    respond_by: datetime | None
    resolve_by: datetime | None
    closed_at: datetime | None
    satisfaction: int | None
    # Both kept, labelled by who gave them: the customer's own, and one staff heard on a call.
    customer_rating: int | None
    call_rating: int | None


class AlreadyRated(Conflict):
    code = "already_rated"
    message_en = "You have already rated this case"


def submit_public_complaint(session: Session, *, data: PublicComplaintCreate, now: datetime) -> str:
    """Register a complaint from the self-service page; the tracking code goes back."""
    form = ComplaintCreate(
        channel=Channel.online,
        customer=CustomerIn(name=data.name, phone=data.phone),
        **data.model_dump(exclude={"name", "phone"}),  # the rest has the staff form's names
    )
    return intake.register_complaint(session, data=form, actor=None, now=now).tracking_code


def _limits(client_key: str, code: str) -> list[tuple[str, int]]:
    """The keys a miss counts on, with the misses each allows in WINDOW. Customers behind one
    address (a mall's Wi-Fi, a carrier's NAT) must not be locked out by another's guesses,
    so the tight limit is per address *and* code; guessing one case's phone from many
    addresses is caught per code, and trying many codes from one address per address."""
    return [
        (f"{client_key}|{code}"[:100], MAX_MISSES),
        (f"code:{code}"[:100], MAX_CODE_MISSES),
        (client_key[:100], MAX_ADDRESS_MISSES),
    ]


def _check_client(
    session: Session, limits: list[tuple[str, int]], now: datetime
) -> list[PublicAttempt | None]:
    rows = [session.get(PublicAttempt, key) for key, _ in limits]
    if any(r is not None and r.locked_until is not None and r.locked_until > now for r in rows):
        raise TooManyAttempts(field="code")
    return rows


def _miss(
    session: Session, rows: list[PublicAttempt | None], limits: list[tuple[str, int]], now: datetime
) -> None:
    for row, (key, allowed) in zip(rows, limits, strict=True):
        if row is None:
            row = PublicAttempt(client_key=key, count=0, first_at=now)
            session.add(row)
        if now - row.first_at > WINDOW:
            row.count, row.first_at, row.locked_until = 0, now, None
        row.count += 1
        if row.count >= allowed:
            row.locked_until = now + WINDOW
    session.flush()


def _find(
    session: Session, code: str, phone: str, client_key: str, now: datetime
) -> Complaint | None:
    """The case when code and phone match; otherwise None, and the miss is counted (the
    caller commits either way)."""
    code = code.strip().upper()
    limits = _limits(client_key, code)
    attempts = _check_client(session, limits, now)
    try:
        phone = normalize_phone(phone)
    except InvalidPhone:
        phone = ""
    found = session.scalars(
        select(Complaint)
        .join(Customer, Customer.id == Complaint.customer_id)
        .where(Complaint.tracking_code == code, Customer.phone == phone)
    ).first()
    if found is None:
        _miss(session, attempts, limits, now)
    return found


def _call_rating(session: Session, complaint_id: int) -> int | None:
    """The latest rating staff heard on a follow-up call, kept beside the customer's own."""
    return session.scalars(
        select(ComplaintContact.rating)
        .where(
            ComplaintContact.complaint_id == complaint_id,
            ComplaintContact.kind == "follow_up",
            ComplaintContact.rating.is_not(None),
        )
        .order_by(ComplaintContact.id.desc())
        .limit(1)
    ).first()


def track(
    session: Session, *, code: str, phone: str, client_key: str, now: datetime
) -> Tracking | None:
    c = _find(session, code, phone, client_key, now)
    if c is None:
        return None
    # The customer learns which desk holds the case, never a member of staff's name.
    return Tracking(
        c.tracking_code,
        str(c.status),
        c.level,
        LEVEL_NAMES[c.level],
        c.respond_by,
        c.resolve_by,
        c.closed_at,
        c.satisfaction,
        c.satisfaction if c.rated_at is not None else None,
        _call_rating(session, c.id),
    )


def rate(
    session: Session,
    *,
    code: str,
    phone: str,
    rating: int,
    comment: str,
    client_key: str,
    now: datetime,
) -> Tracking | None:
    """The customer's own satisfaction (1..5), once the case is closed; it stands beside (and
    in the figures, over) a rating staff recorded on a follow-up call."""
    c = _find(session, code, phone, client_key, now)
    if c is None or c.status != Status.closed:
        return None
    if c.rated_at is not None:
        raise AlreadyRated(field="rating")
    c.satisfaction, c.rating_comment, c.rated_at = rating, comment, now
    session.add(
        ComplaintContact(complaint_id=c.id, kind="rating", at=now, note=comment, rating=rating)
    )
    history.record(session, c.id, actor=None, action="rated", after={"rating": rating})
    return track(session, code=code, phone=phone, client_key=client_key, now=now)

"""Take a suggestion in: typed by staff (opinion-box slips, calls, letters, survey comments,
pasted social-media posts) or sent by the customer through the public page, rate-limited
per client address like the public complaint door."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import service as customers
from aftersales.feedback import access
from aftersales.feedback.errors import TooManySuggestions, UnknownPlace
from aftersales.feedback.models import Suggestion, SuggestionAttempt, SuggestionStatus
from aftersales.feedback.schemas import PublicSuggestionCreate, SuggestionCreate
from aftersales.random_codes import random_code
from aftersales.refs import refs

PUBLIC_LIMIT = 5  # submissions per client address per window
WINDOW = timedelta(minutes=15)
FIELDS = ["reference", "channel", "store_id", "counter_id", "status", "category"]


def new_reference() -> str:
    return "SG" + random_code(8)


def _place(session: Session, store: str, counter: str | None) -> tuple[int, int | None]:
    r = refs(session)
    store_id = r.stores.get(store)
    if store_id is None:
        raise UnknownPlace(field="store")
    if counter is None:
        return store_id, None
    found = r.counters.get(counter)
    if found is None or found[1] != store_id:
        raise UnknownPlace(field="counter")
    return store_id, found[0]


def _insert(session: Session, row: Suggestion, actor: Principal | None) -> Suggestion:
    after = audit.snapshot(row, FIELDS)
    audit.record_added(session, row, actor=actor, action="received", after=after)
    return row


def record_suggestion(
    session: Session, *, data: SuggestionCreate, actor: Principal, now: datetime
) -> Suggestion:
    store_id, counter_id = _place(session, data.store, data.counter)
    access.require(actor, "record", (store_id, counter_id))
    customer_id, phone = None, None
    if data.customer is not None:
        phone = data.customer.phone
        customer_id = customers.find_or_create_customer(
            session, name=data.customer.name, phone=phone
        )
    text = data.text if not data.link else f"{data.text}\n{data.link}"
    return _insert(
        session,
        Suggestion(
            reference=new_reference(),
            channel=str(data.channel),
            store_id=store_id,
            counter_id=counter_id,
            text=text,
            customer_id=customer_id,
            phone=phone,
            contact_email=data.contact_email,
            status=SuggestionStatus.received,
            recorded_by_id=actor.id,
            created_at=now,
            version=1,
        ),
        actor,
    )


def _count_submission(session: Session, client_key: str, now: datetime) -> None:
    key = client_key[:100]
    row = session.get(SuggestionAttempt, key, with_for_update=True)
    if row is None:
        row = SuggestionAttempt(client_key=key, count=0, first_at=now)
        session.add(row)
    if now - row.first_at > WINDOW:
        row.count, row.first_at = 0, now
    if row.count >= PUBLIC_LIMIT:
        raise TooManySuggestions(field="text")
    row.count += 1
    session.flush()


def submit_public(
    session: Session, *, data: PublicSuggestionCreate, client_key: str, now: datetime
) -> Suggestion:
    """No login. The customer's phone, when given, links an existing customer record; an
    anonymous suggestion creates no customer."""
    _count_submission(session, client_key, now)
    store_id, _ = _place(session, data.store, None)
    found = customers.find_customer_row(session, phone=data.phone) if data.phone else None
    return _insert(
        session,
        Suggestion(
            reference=new_reference(),
            channel="online",
            store_id=store_id,
            text=data.text,
            customer_id=found.id if found else None,
            phone=data.phone,
            status=SuggestionStatus.received,
            created_at=now,
            version=1,
        ),
        None,
    )

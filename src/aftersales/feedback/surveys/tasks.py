"""Invite the customer of every complaint or claim closed in the last week that has a phone
or e-mail and no invitation yet. The worker does it rather than the closing code so that
closing a case needs nothing from this domain; the invitation follows within one pass.

Several workers may run: an invitation is unique per case, so a racing worker's batch fails
on the index, rolls back whole, and the next pass picks up what is left."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aftersales.claims.models import Claim, ClaimStatus
from aftersales.complaints.models import Complaint, Status
from aftersales.customers.models import Customer
from aftersales.db import transaction, utcnow
from aftersales.feedback.surveys import service
from aftersales.feedback.surveys.models import SurveyInvitation, SurveySource
from aftersales.settings import Settings, get_settings

LOOK_BACK = timedelta(days=7)
BATCH = 200
INV = SurveyInvitation


def _not_invited(source: SurveySource, case_id: Any) -> Any:
    return ~exists().where(and_(INV.source == source, INV.source_id == case_id))


def _closed_complaints(session: Session, since: datetime) -> list[Any]:
    c = Complaint
    return list(
        session.execute(
            select(c.id, c.store_id, c.counter_id, c.customer_id, Customer.phone, c.contact_email)
            .outerjoin(Customer, Customer.id == c.customer_id)
            .where(
                c.status == Status.closed,
                c.closed_at >= since,
                (Customer.phone.is_not(None)) | (c.contact_email.is_not(None)),
                _not_invited(SurveySource.complaint, c.id),
            )
            .order_by(c.closed_at)
            .limit(BATCH)
        )
    )


def _closed_claims(session: Session, since: datetime) -> list[Any]:
    c = Claim
    return list(
        session.execute(
            select(c.id, c.store_id, c.counter_id, c.customer_id, Customer.phone)
            .join(Customer, Customer.id == c.customer_id)
            .where(
                c.status == ClaimStatus.closed,
                c.closed_at >= since,
                _not_invited(SurveySource.claim, c.id),
            )
            .order_by(c.closed_at)
            .limit(BATCH)
        )
    )


def invite_batch(session: Session, *, now: datetime, base_url: str) -> int:
    since, made = now - LOOK_BACK, 0
    cases = [
        (SurveySource.complaint, r, r.contact_email) for r in _closed_complaints(session, since)
    ]
    cases += [(SurveySource.claim, r, None) for r in _closed_claims(session, since)]
    for source, r, email in cases:
        invited = service.invite(
            session,
            source=source,
            source_id=r.id,
            store_id=r.store_id,
            counter_id=r.counter_id,
            customer_id=r.customer_id,
            phone=r.phone,
            email=email,
            base_url=base_url,
            now=now,
        )
        made += invited is not None
    return made


def invite_closed(
    factory: sessionmaker[Session], settings: Settings | None = None, now: datetime | None = None
) -> int:
    try:
        with transaction(factory) as session:
            return invite_batch(
                session, now=now or utcnow(), base_url=(settings or get_settings()).public_url
            )
    except IntegrityError:
        return 0

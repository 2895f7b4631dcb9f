"""The customer's history in one timeline: purchases, claims, complaints, suggestions,
points, consent and care, newest first, each part within the reader's scope."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers.care_models import CareTask
from aftersales.customers.models import CustomerConsent, Member, PointEntry
from aftersales.feedback.models import Suggestion
from aftersales.sales.models import Receipt

LIMIT = 100


@dataclass(frozen=True, slots=True)
class Item:
    at: datetime
    kind: str  # purchase, claim, complaint, suggestion, points, consent, care
    title: str
    detail: str
    href: str | None


def _scoped(stmt, user: Principal, model):  # noqa: ANN001, ANN202
    return scoped(stmt, user, store=model.store_id, counter=model.counter_id)


def purchases(session: Session, user: Principal, customer_id: int) -> list[Item]:
    stmt = _scoped(select(Receipt).where(Receipt.customer_id == customer_id), user, Receipt)
    return [
        Item(r.sold_at, "purchase", r.receipt_no, f"¥{r.total_paid:,.2f}", f"/receipts/{r.id}")
        for r in session.scalars(stmt.order_by(Receipt.sold_at.desc()).limit(LIMIT))
    ]


def _cases(session: Session, user: Principal, customer_id: int) -> list[Item]:
    claims = _scoped(select(Claim).where(Claim.customer_id == customer_id), user, Claim)
    complaints = _scoped(
        select(Complaint).where(Complaint.customer_id == customer_id), user, Complaint
    )
    suggestions = _scoped(
        select(Suggestion).where(Suggestion.customer_id == customer_id), user, Suggestion
    )
    return [
        *(
            Item(c.opened_at, "claim", f"{c.item_name}", str(c.status), f"/claims/{c.id}")
            for c in session.scalars(claims.order_by(Claim.id.desc()).limit(LIMIT))
        ),
        *(
            Item(c.created_at, "complaint", c.title, str(c.status), f"/complaints/{c.id}")
            for c in session.scalars(complaints.order_by(Complaint.id.desc()).limit(LIMIT))
        ),
        *(
            Item(s.created_at, "suggestion", s.text[:60], str(s.status), f"/suggestions/{s.id}")
            for s in session.scalars(suggestions.order_by(Suggestion.id.desc()).limit(LIMIT))
        ),
    ]


def _points(session: Session, customer_id: int) -> list[Item]:
    stmt = (
        select(PointEntry)
        .join(Member, Member.id == PointEntry.member_id)
        .where(Member.customer_id == customer_id)
        .order_by(PointEntry.at.desc(), PointEntry.id.desc())
        .limit(LIMIT)
    )
    return [Item(e.at, "points", f"{e.delta:+d}", e.reason, None) for e in session.scalars(stmt)]


def _consents(session: Session, customer_id: int) -> list[Item]:
    stmt = select(CustomerConsent).where(CustomerConsent.customer_id == customer_id)
    return [
        Item(c.at, "consent", "granted" if c.granted else "withdrawn", c.channel, None)
        for c in session.scalars(stmt.order_by(CustomerConsent.id.desc()).limit(LIMIT))
    ]


def _care(session: Session, user: Principal, customer_id: int) -> list[Item]:
    stmt = _scoped(select(CareTask).where(CareTask.customer_id == customer_id), user, CareTask)
    return [
        Item(t.done_at or t.created_at, "care", t.text[:60], t.outcome or "open", "/care")
        for t in session.scalars(stmt.order_by(CareTask.id.desc()).limit(LIMIT))
    ]


def timeline(session: Session, *, user: Principal, customer_id: int) -> list[Item]:
    items = [
        *purchases(session, user, customer_id),
        *_cases(session, user, customer_id),
        *_points(session, customer_id),
        *_consents(session, customer_id),
        *_care(session, user, customer_id),
    ]
    return sorted(items, key=lambda i: i.at, reverse=True)[: LIMIT * 2]

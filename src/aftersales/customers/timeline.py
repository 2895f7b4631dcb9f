"""The customer's history in one timeline: purchases, claims, complaints, suggestions,
points, consent and care, newest first, each part within the reader's scope.

The cases, purchases and care tasks come in one UNION ALL statement (each part its newest
LIMIT rows, by its own index), and the points and consents from the rows the page loads for
its ledger and consent cards: the page's cost is its round trips, not the database's work
(docs/benchmarks.md, member page)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Numeric, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers.care_models import CareTask
from aftersales.customers.models import CustomerConsent, PointEntry
from aftersales.feedback.models import Suggestion
from aftersales.sales.models import Receipt

LIMIT = 100
HREF = {
    "purchase": "/receipts/{}",
    "claim": "/claims/{}",
    "complaint": "/complaints/{}",
    "suggestion": "/suggestions/{}",
    "care": "/care",
}


@dataclass(frozen=True, slots=True)
class Item:
    at: datetime
    kind: str  # purchase, claim, complaint, suggestion, points, consent, care
    title: str
    detail: str
    href: str | None


def _part(model: Any, user: Principal, customer_id: int, at: Any, kind: str, *cols: Any) -> Any:
    """One part: (at, kind, id, title, detail, amount), its newest LIMIT rows in scope."""
    stmt = select(at.label("at"), literal(kind).label("kind"), model.id.label("id"), *cols)
    stmt = scoped(
        stmt.where(model.customer_id == customer_id),
        user,
        store=model.store_id,
        counter=model.counter_id,
    )
    part = stmt.order_by(at.desc()).limit(LIMIT).subquery()
    return select(*part.c)


def _events(session: Session, user: Principal, customer_id: int) -> list[Item]:
    text = String()
    no_amount = cast(null(), Numeric(12, 2))  # PostgreSQL types a bare NULL as text
    parts = [
        # First: the compound statement takes its column types (Money, UTC times) from here.
        _part(
            Receipt,
            user,
            customer_id,
            Receipt.sold_at,
            "purchase",
            Receipt.receipt_no.label("title"),
            literal("", text).label("detail"),
            Receipt.total_paid.label("amount"),
        ),
        _part(
            Claim,
            user,
            customer_id,
            Claim.opened_at,
            "claim",
            Claim.item_name,
            Claim.status,
            no_amount,
        ),
        _part(
            Complaint,
            user,
            customer_id,
            Complaint.created_at,
            "complaint",
            Complaint.title,
            Complaint.status,
            no_amount,
        ),
        _part(
            Suggestion,
            user,
            customer_id,
            Suggestion.created_at,
            "suggestion",
            func.substr(Suggestion.text, 1, 60),
            Suggestion.status,
            no_amount,
        ),
        _part(
            CareTask,
            user,
            customer_id,
            func.coalesce(CareTask.done_at, CareTask.created_at),
            "care",
            func.substr(CareTask.text, 1, 60),
            func.coalesce(CareTask.outcome, "open"),
            no_amount,
        ),
    ]
    rows = session.execute(union_all(*parts))
    return [
        Item(
            r.at,
            r.kind,
            r.title,
            f"¥{r.amount:,.2f}" if r.kind == "purchase" else str(r.detail),
            HREF[r.kind].format(r.id),
        )
        for r in rows
    ]


def timeline(
    session: Session,
    *,
    user: Principal,
    customer_id: int,
    ledger: Iterable[PointEntry] = (),
    consents: Iterable[CustomerConsent] = (),
) -> list[Item]:
    """`ledger` and `consents` are the newest rows the page already loaded."""
    items = [
        *_events(session, user, customer_id),
        *(Item(e.at, "points", f"{e.delta:+d}", e.reason, None) for e in list(ledger)[:LIMIT]),
        *(
            Item(c.at, "consent", "granted" if c.granted else "withdrawn", c.channel, None)
            for c in list(consents)[:LIMIT]
        ),
    ]
    return sorted(items, key=lambda i: i.at, reverse=True)[: LIMIT * 2]

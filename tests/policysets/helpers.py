"""Claims with a given stored request, and drafts, for the policy version tests."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.claims.models import Claim, ClaimStatus
from aftersales.org.models import Counter
from aftersales.policysets import service
from aftersales.policysets.demo import demo_draft_files

# Far in the future, so that a replay's window holds only the claims a test adds.
FUTURE = datetime.fromisoformat("2035-06-15T12:00:00+00:00")


def rubber_draft(session: Session, actor: Any, note: str = "rubber 3 months") -> int:
    active = service.active_row(session)
    assert active is not None
    return service.save_draft(
        session, files=demo_draft_files(active.files), note=note, actor=actor
    ).id


def stored_claim(
    session: Session, request: dict[str, Any], *, opened_at: datetime = FUTURE
) -> Claim:
    counter = session.scalars(select(Counter).order_by(Counter.id)).first()
    assert counter is not None
    claim = Claim(
        proof="receipt",
        store_id=counter.store_id,
        counter_id=counter.id,
        sku="FW-T",
        item_name="胶底运动鞋",
        category=request["category"],
        problem=request["problem"],
        requested_on=datetime.fromisoformat(request["requested_on"]).date(),
        remedy_asked=request.get("remedy"),
        policy_request=request,
        decision={},
        policy_version="test",
        outcome="refused",
        status=ClaimStatus.open,
        overridden=False,
        opened_at=opened_at,
        due_at=opened_at + timedelta(days=7),
        version=1,
    )
    session.add(claim)
    session.flush()
    return claim


def shoe(material: str, days: int, remedy: str | None, paid: str = "399.00") -> dict[str, Any]:
    sold = FUTURE.date() - timedelta(days=days)
    request: dict[str, Any] = {
        "category": "footwear",
        "material": material,
        "problem": "sole_broken",
        "sold_on": sold.isoformat(),
        "requested_on": FUTURE.date().isoformat(),
        "paid": paid,
        "evidence": ["receipt", "pos_record"],
    }
    if remedy:
        request["remedy"] = remedy
    return request


def money(value: str) -> Decimal:
    return Decimal(value)

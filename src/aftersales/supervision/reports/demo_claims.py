"""Demo claims on the demo's own receipts: broken soles refunded or exchanged, glue and
seams repaired (some sent to the factory, some past the 18-day promise), opened a few
days after each sale, through the claims and repairs services."""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.claims import fulfil
from aftersales.claims import open as claims
from aftersales.claims.schemas import ClaimCreate
from aftersales.errors import DomainError
from aftersales.repairs import service as repairs
from aftersales.sales.models import Category, Receipt, ReceiptLine

CLAIMS = 60
PROBLEMS = {
    "footwear": [("sole_broken", "sole", ["return", "exchange"]), ("glue_open", None, ["repair"])],
    "apparel": [("seam_open", None, ["repair"])],
}


def _lines(session: Session, now: datetime) -> list[tuple[str, str, str, datetime]]:
    stmt = (
        select(Receipt.receipt_no, ReceiptLine.sku, Category.code, Receipt.sold_at)
        .join(ReceiptLine, ReceiptLine.receipt_id == Receipt.id)
        .join(Category, Category.id == ReceiptLine.category_id)
        .where(
            Category.code.in_(list(PROBLEMS)),
            Receipt.sold_at < now - timedelta(days=8),
            Receipt.sold_at > now - timedelta(days=140),
        )
        .order_by(Receipt.id)
        .limit(CLAIMS * 3)
    )
    return [tuple(r) for r in session.execute(stmt)]


def _repair(
    session: Session,
    rng: random.Random,
    claim_id: int,
    actor: Principal,
    at: datetime,
    now: datetime,
) -> None:
    from aftersales.repairs.models import WorkOrder

    order = session.scalars(select(WorkOrder).where(WorkOrder.claim_id == claim_id)).one()
    days = rng.choice([3, 5, 7, 9, 12, 15, 17, 21, 26])
    done = at + timedelta(days=days)

    def step(action: Callable[..., Any], when: datetime, **fields: Any) -> None:
        """One step of the repair, on this work order by the demo's actor."""
        action(session, work_order_id=order.id, actor=actor, now=when, **fields)

    step(repairs.diagnose, at + timedelta(hours=3), diagnosis="胶水开裂，需重新粘合")
    if rng.random() < 0.3:
        step(repairs.send_to_factory, at + timedelta(days=1), factory="品牌工厂维修中心")
    if done > now:
        return
    step(repairs.mark_repaired, done - timedelta(hours=2), parts_used=[])
    step(fulfil.finish_repair, done, fixed=True)


def _fulfil(
    session: Session,
    rng: random.Random,
    claim_id: int,
    remedy: str,
    sku: str,
    actor: Principal,
    at: datetime,
    now: datetime,
) -> None:
    from aftersales.claims.grants import allowed_amount
    from aftersales.claims.models import Claim

    fulfil.choose_remedy(session, claim_id=claim_id, remedy=remedy, actor=actor, now=at)
    if remedy == "repair":
        _repair(session, rng, claim_id, actor, at, now)
    elif remedy == "exchange":
        fulfil.record_exchange(
            session, claim_id=claim_id, sku=sku, actor=actor, now=at + timedelta(hours=1)
        )
    else:
        claim = session.get(Claim, claim_id)
        amount = allowed_amount(claim, remedy) if claim else None
        if amount:
            fulfil.record_refund(
                session,
                claim_id=claim_id,
                amount=amount,
                method="原路退回",
                actor=actor,
                now=at + timedelta(hours=1),
            )


def add_claims(session: Session, *, rng: random.Random, actor: Principal, now: datetime) -> int:
    made = 0
    for receipt_no, sku, category, sold_at in _lines(session, now):
        if made >= CLAIMS:
            break
        problem, part, remedies = rng.choice(PROBLEMS[category])
        at = sold_at + timedelta(days=rng.randrange(1, 6), hours=2)
        data = ClaimCreate.model_validate(
            {
                "receipt_no": receipt_no,
                "sku": sku,
                "problem": problem,
                "part": part,
                "condition": [],
                "evidence": ["receipt"],
                "remedy": remedies[0],
            }
        )
        try:
            with session.begin_nested():
                claim = claims.open_claim(session, data=data, actor=actor, now=at)
                _fulfil(
                    session,
                    rng,
                    claim.id,
                    rng.choice(remedies),
                    sku,
                    actor,
                    at + timedelta(hours=1),
                    now,
                )
        except DomainError:
            continue
        made += 1
    return made

"""Referrals (老顾客介绍): the referrer earns points once the new member's first purchase
has passed the return period without a return. One entry per referred member, ever (the
ledger's unique period `R<member id>`)."""

from datetime import datetime, timedelta

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session, aliased

from aftersales.customers.models import Member, PointEntry
from aftersales.customers.points import _append
from aftersales.sales.models import Receipt

REFERRAL_POINTS = 200
RETURN_PERIOD = timedelta(days=7)


def reward_referrers(session: Session, *, now: datetime, batch: int = 1000) -> int:
    new = aliased(Member)
    first = (
        select(
            Receipt.customer_id,
            func.min(Receipt.sold_at).label("first_at"),
            func.min(Receipt.id).label("receipt_id"),
        )
        .group_by(Receipt.customer_id)
        .subquery()
    )
    paid = (
        select(PointEntry.id)
        .where(
            PointEntry.member_id == new.referred_by_id,
            PointEntry.reason == "referral",
            PointEntry.period == literal("R", String) + cast(new.id, String),
        )
        .correlate(new)
        .exists()
    )
    returned = (
        select(PointEntry.id)
        .where(PointEntry.receipt_id == first.c.receipt_id, PointEntry.reason == "return")
        .exists()
    )
    rows = session.execute(
        select(new.id, new.referred_by_id)
        .join(first, first.c.customer_id == new.customer_id)
        .where(
            new.referred_by_id.is_not(None),
            first.c.first_at < now - RETURN_PERIOD,
            ~paid,
            ~returned,
        )
        .limit(batch)
    ).all()
    for member_id, referrer_id in rows:
        _append(
            session,
            referrer_id,
            [
                {
                    "delta": REFERRAL_POINTS,
                    "reason": "referral",
                    "period": f"R{member_id}",
                    "note": f"介绍新会员 #{member_id}",
                }
            ],
            at=now,
        )
    return len(rows)

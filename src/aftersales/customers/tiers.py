"""Tiers by rolling 12-month spend (defaults: standard, silver from 5,000 yuan, gold from
20,000 yuan), recomputed set-based by the worker and for one member on each sale, with the
history of changes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from aftersales.customers.models import Member, TierChange, TierRule
from aftersales.sales.models import Receipt
from aftersales.shared_cache import SharedCache, bump

TIERS = "tier_rules"


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    min_spend: Decimal
    discount_percent: int


DEFAULT_TIERS = [
    Tier("gold", Decimal("20000"), 10),
    Tier("silver", Decimal("5000"), 5),
    Tier("standard", Decimal("0"), 0),
]


def _load(session: Session) -> list[Tier]:
    rows = [
        Tier(r.code, r.min_spend, r.discount_percent) for r in session.scalars(select(TierRule))
    ]
    return sorted(rows or DEFAULT_TIERS, key=lambda t: t.min_spend, reverse=True)


# Every member's sale reads the table; an administrator's change bumps its version.
_TIERS = SharedCache(TIERS, _load)


def tiers(session: Session) -> list[Tier]:
    """Highest first; the administrator's table when it has rows, else the defaults."""
    return _TIERS.get(session)


def tiers_changed(session: Session) -> None:
    bump(session, TIERS)


def recompute_member(
    session: Session, *, member_id: int, customer_id: int, old_tier: str, now: datetime
) -> str:
    """One member's tier after a sale, in the sale's transaction: one indexed sum over the
    customer's receipts of the last 365 days (ix_receipt_customer_sold), never the ledger;
    a change is written with its history row. Answers the tier."""
    spend = session.scalar(
        select(func.coalesce(func.sum(Receipt.total_paid), 0)).where(
            Receipt.customer_id == customer_id, Receipt.sold_at >= now - timedelta(days=365)
        )
    )
    total = Decimal(spend or 0)
    new = tier_for(total, tiers(session))
    if new != old_tier:
        session.connection().execute(_SET_TIER, {"m_id": member_id, "m_tier": new})
        session.execute(
            insert(TierChange),
            [
                {
                    "member_id": member_id,
                    "at": now,
                    "old_tier": old_tier,
                    "new_tier": new,
                    "spend": total,
                }
            ],
        )
    return new


def tier_for(spend: Decimal, table: list[Tier]) -> str:
    return next((t.code for t in table if spend >= t.min_spend), table[-1].code)


def _spend(session: Session, customer_ids: list[int], since: datetime) -> dict[int, Decimal]:
    stmt = (
        select(Receipt.customer_id, func.sum(Receipt.total_paid))
        .where(Receipt.customer_id.in_(customer_ids), Receipt.sold_at >= since)
        .group_by(Receipt.customer_id)
    )
    return {cid: total or Decimal(0) for cid, total in session.execute(stmt)}


_PG_TIERS = """
WITH spend AS MATERIALIZED (
  SELECT m.id, m.tier AS old, COALESCE(SUM(r.total_paid), 0) AS spend
  FROM member m LEFT JOIN receipt r ON r.customer_id = m.customer_id AND r.sold_at >= :since
  WHERE m.id > :after AND m.id <= :upto
  GROUP BY m.id, m.tier
), target AS (
  SELECT id, old, spend, CASE {cases} ELSE :last END AS new FROM spend
), moved AS (
  UPDATE member SET tier = target.new, version = member.version + 1 FROM target
  WHERE member.id = target.id AND target.new <> target.old
  RETURNING member.id, target.old, target.new, target.spend
)
INSERT INTO tier_change (member_id, at, old_tier, new_tier, spend)
SELECT id, :now, old, new, spend FROM moved
"""


def _recompute_range_pg(
    session: Session, *, now: datetime, after_id: int, batch: int
) -> tuple[int, int | None]:
    """PostgreSQL: one id range per statement, set-based (the 1,000,000-member run)."""
    table = tiers(session)
    cases = " ".join(f"WHEN spend >= :min{i} THEN :code{i}" for i in range(len(table) - 1))
    params: dict = {
        "since": now - timedelta(days=365),
        "after": after_id,
        "upto": after_id + batch,
        "now": now,
        "last": table[-1].code,
    }
    for i, tier in enumerate(table[:-1]):
        params |= {f"min{i}": tier.min_spend, f"code{i}": tier.code}
    done = session.execute(text(_PG_TIERS.format(cases=cases)), params).rowcount
    more = session.scalar(select(Member.id).where(Member.id > after_id + batch).limit(1))
    return done, after_id + batch if more is not None else None


def recompute_tiers(
    session: Session, *, now: datetime, batch: int = 5000, after_id: int = 0
) -> tuple[int, int | None]:
    """One batch of members by id: their spend over the last 365 days (one grouped query on
    the receipts' customer index), the changed ones updated and their changes recorded.
    Answers (changed, the id to continue after, or None at the end)."""
    if session.get_bind().dialect.name == "postgresql":
        return _recompute_range_pg(session, now=now, after_id=after_id, batch=batch * 4)
    table = tiers(session)
    rows = session.execute(
        select(Member.id, Member.customer_id, Member.tier)
        .where(Member.id > after_id)
        .order_by(Member.id)
        .limit(batch)
    ).all()
    spend = _spend(session, [r.customer_id for r in rows], now - timedelta(days=365))
    changes = []
    for member_id, customer_id, old in rows:
        total = spend.get(customer_id, Decimal(0))
        new = tier_for(total, table)
        if new != old:
            changes.append(
                {
                    "member_id": member_id,
                    "at": now,
                    "old_tier": old,
                    "new_tier": new,
                    "spend": total,
                }
            )
    if changes:  # one executemany each, whatever the batch size
        session.connection().execute(
            _SET_TIER, [{"m_id": c["member_id"], "m_tier": c["new_tier"]} for c in changes]
        )
        session.execute(insert(TierChange), changes)
    return len(changes), rows[-1].id if len(rows) == batch else None


_T = Member.__table__.c
_SET_TIER = (
    update(Member.__table__)
    .where(_T.id == bindparam("m_id"))
    .values(tier=bindparam("m_tier"), version=_T.version + 1)
)

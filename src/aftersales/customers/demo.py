"""Demo members: every demo customer with a member number gets a membership, a points
ledger built from their receipts (1 point per yuan), some redemptions, a birthday, a tier
by the last 12 months' spend and, for about half, consent to marketing messages; a
priority purchase event with its invitations, and one store that deducts spent points
from refunds."""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from aftersales.customers import care, priority
from aftersales.customers.care_models import CareTask
from aftersales.customers.member_models import PointsRefundSetting, PriorityEvent
from aftersales.customers.models import Customer, CustomerConsent, EarnRule, Member, PointEntry
from aftersales.org.models import Store
from aftersales.sales.models import Receipt, ReceiptLine

SEED = 20261202
TIERS = [("gold", Decimal("20000")), ("silver", Decimal("5000"))]


def _tier(spend: Decimal) -> str:
    return next((name for name, floor in TIERS if spend >= floor), "standard")


def _lines(session: Session) -> list:
    return list(
        session.execute(
            select(
                Customer.id,
                Receipt.id,
                Receipt.receipt_no,
                Receipt.sold_at,
                ReceiptLine.line_no,
                ReceiptLine.paid,
            )
            .join(Receipt, Receipt.customer_id == Customer.id)
            .join(ReceiptLine, ReceiptLine.receipt_id == Receipt.id)
            .where(Customer.member_no.is_not(None))
            .order_by(Receipt.sold_at, Receipt.id, ReceiptLine.line_no)
        )
    )


def _members(session: Session, rng: random.Random, now: datetime) -> dict[int, int]:
    rows = list(
        session.execute(
            select(Customer.id, Customer.member_no)
            .where(Customer.member_no.is_not(None))
            .order_by(Customer.id)
        )
    )
    session.execute(
        insert(Member),
        [
            {
                "customer_id": cid,
                "member_no": no,
                "tier": "standard",
                "points": 0,
                "version": 1,
                "since": (now - timedelta(days=rng.randrange(30, 1800))).date(),
                "created_at": now,
            }
            for cid, no in rows
        ],
    )
    for cid, _ in rows:
        if rng.random() < 0.7:
            birthday = date(rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
            session.execute(update(Customer).where(Customer.id == cid).values(birthday=birthday))
    return dict(session.execute(select(Member.customer_id, Member.id)).tuples().all())


def _ledger(
    lines: list, ids: dict[int, int], rng: random.Random, now: datetime
) -> tuple[list[dict], dict[int, int], dict[int, Decimal]]:
    entries, balance = [], defaultdict(int)
    spend: dict[int, Decimal] = defaultdict(Decimal)
    for cid, receipt_id, receipt_no, sold_at, line_no, paid in lines:
        member_id, points = ids[cid], int(paid)
        if sold_at > now - timedelta(days=365):
            spend[member_id] += paid
        if points <= 0:
            continue
        balance[member_id] += points
        entries.append(
            {
                "member_id": member_id,
                "at": sold_at,
                "delta": points,
                "balance": balance[member_id],
                "reason": "sale",
                "receipt_id": receipt_id,
                "line_no": line_no,
                "receipt_no": receipt_no,
            }
        )
        if balance[member_id] >= 2000 and rng.random() < 0.15:  # spent at the next visit
            balance[member_id] -= 1000
            entries.append(
                {
                    "member_id": member_id,
                    "at": sold_at + timedelta(minutes=3),
                    "delta": -1000,
                    "balance": balance[member_id],
                    "reason": "redeem",
                    "note": "积分抵现 10 元",
                }
            )
    return entries, balance, spend


def _consents(session: Session, rng: random.Random, customer_ids: list[int], now: datetime) -> None:
    agreed = [cid for cid in customer_ids if rng.random() < 0.5]
    if not agreed:
        return
    session.execute(
        insert(CustomerConsent),
        [
            {
                "customer_id": cid,
                "granted": True,
                "channel": rng.choice(["paper_form", "in_person"]),
                "at": now - timedelta(days=rng.randrange(1, 300)),
                "note": "入会登记表勾选",
            }
            for cid in agreed
        ],
    )
    session.execute(update(Customer).where(Customer.id.in_(agreed)).values(marketing_consent=True))


def load_members(session: Session, *, now: datetime) -> None:
    rng = random.Random(SEED)
    ids = _members(session, rng, now)
    entries, balance, spend = _ledger(_lines(session), ids, rng, now)
    for entry in entries:
        for name in ("receipt_id", "line_no", "receipt_no", "note", "period"):
            entry.setdefault(name, None)
    if entries:
        session.execute(insert(PointEntry), entries)
    for member_id in ids.values():
        session.execute(
            update(Member)
            .where(Member.id == member_id)
            .values(points=balance[member_id], tier=_tier(spend[member_id]))
        )
    _consents(session, rng, list(ids), now)
    # A past promotion, to show a rule with dates: double points on footwear for a week.
    footwear = session.scalar(
        select(ReceiptLine.category_id).where(ReceiptLine.sku.like("FO-%")).limit(1)
    )
    session.add(
        EarnRule(
            kind="promotion",
            percent=200,
            category_id=footwear,
            starts_on=(now - timedelta(days=60)).date(),
            ends_on=(now - timedelta(days=53)).date(),
            note="鞋类双倍积分周",
            active=True,
            version=1,
        )
    )
    session.flush()
    care.create_due_tasks(session, now=now)  # calls after appliance sales, thank-you letters
    _past_outcomes(session, rng, now)
    _priority_and_refunds(session, now)


def _priority_and_refunds(session: Session, now: datetime) -> None:
    """A priority purchase event for gold and silver members at the first store, its
    invitations sent (SMS to those who agreed), and the second store's rule that spent
    points are paid for out of a refund (100 points = 1 yuan)."""
    stores = list(session.scalars(select(Store.id).order_by(Store.code)))
    if not stores:
        return
    today = now.date()
    session.add(
        PriorityEvent(
            title="金卡银卡会员冬季新款皮靴优先购",
            store_id=stores[0],
            tiers=["gold", "silver"],
            starts_on=today + timedelta(days=5),
            ends_on=today + timedelta(days=7),
            message="冬季新款皮靴到店，开售前三天会员凭会员卡优先选购，另享等级折扣。",
            status="pending",
            invited=0,
            created_at=now,
            version=1,
        )
    )
    session.flush()
    while priority.send_invitations(session, now=now)[0]:
        pass
    if len(stores) > 1:
        session.add(
            PointsRefundSetting(
                store_id=stores[1],
                rule="deduct",
                point_value=Decimal("0.01"),
                version=1,
                updated_at=now,
            )
        )


def _past_outcomes(session: Session, rng: random.Random, now: datetime) -> None:
    """Tasks due before the last two days were worked through: a believable mix of outcomes."""
    outcomes = ["satisfied"] * 6 + ["reached"] * 2 + ["callback", "unreachable"]
    rows = list(
        session.execute(
            select(CareTask.id, CareTask.due_on, CareTask.channel).where(
                CareTask.due_on < (now - timedelta(days=2)).date()
            )
        )
    )
    for task_id, due_on, channel in rows:
        outcome = "sent" if channel == "letter" else rng.choice(outcomes)
        done = datetime.combine(due_on, datetime.min.time(), tzinfo=now.tzinfo) + timedelta(
            hours=rng.randrange(9, 18)
        )
        session.execute(
            update(CareTask)
            .where(CareTask.id == task_id)
            .values(outcome=outcome, done_at=done, version=2)
        )

"""The points ledger: append-only, each entry carrying the balance after it.

Every change goes through `_append`, which moves the member's balance with one conditional
UPDATE (the row lock that orders concurrent writers) and inserts the entries with their
running balances in the same transaction. Nothing here updates or deletes an entry."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.customers import access, members, refund_points, tiers
from aftersales.customers.errors import (
    AlreadyMember,
    MemberNumberTaken,
    NotEnoughPoints,
    ReasonRequired,
)
from aftersales.customers.models import Member, PointEntry, PointReason
from aftersales.customers.rules import active_rules, line_points, needs_brand
from aftersales.customers.schemas import AdjustIn, RedeemIn
from aftersales.deadlines import DEFAULT_TZ
from aftersales.errors import check_version
from aftersales.refs import refs
from aftersales.sales.models import ReceiptLine

_INSERT = insert(PointEntry.__table__)
M = Member.__table__.c


@dataclass(frozen=True, slots=True)
class SaleLine:
    line_no: int
    category_id: int
    paid: Decimal


def _append(
    session: Session,
    member_id: int,
    entries: list[dict[str, Any]],
    *,
    at: datetime,
    floor: int | None = None,
) -> int | None:
    """Add the entries' deltas to the balance and write them; answer the new balance, or
    None when `floor` is given and the balance would fall below it (nothing written)."""
    total = sum(e["delta"] for e in entries)
    stmt = update(Member.__table__).where(M.id == member_id)
    if floor is not None:
        stmt = stmt.where(M.points + total >= floor)
    row = (
        session.connection()
        .execute(stmt.values(points=M.points + total).returning(M.points))
        .first()
    )
    if row is None:
        return None
    balance = row.points - total
    for entry in entries:
        balance += entry["delta"]
        entry.update(member_id=member_id, balance=balance, at=at)
        entry.setdefault("actor_id", None)
        for name in ("receipt_id", "line_no", "receipt_no", "claim_id", "note", "period"):
            entry.setdefault(name, None)
    session.connection().execute(_INSERT, entries)
    return row.points


def _sale_zone(session: Session, counter_id: int) -> str:
    """The zone of the counter's store: a sale's local day (a rule's dates) is counted in it."""
    r = refs(session)
    code = r.counter_codes.get(counter_id)
    return r.zone(r.counters[code][1] if code is not None else None)


def accrue_sale(
    session: Session,
    *,
    customer_id: int,
    customer_member_no: str | None,
    member_no: str,
    receipt_id: int,
    receipt_no: str,
    counter_id: int,
    sold_at: datetime,
    now: datetime,
    lines: list[SaleLine],
    actor: Principal | None,
) -> int:
    """Points for each line of a member's sale, in the sale's transaction; a member number
    nobody holds yet enrols the customer. Answers the points earned.

    The busiest write of the domain: two statements for a known member, the balance moved
    by an UPDATE that also finds the member and locks its row, then the entries in one
    INSERT. A refusal raises and the caller rolls the whole sale back."""
    if customer_member_no not in (None, member_no):
        raise AlreadyMember(field="customer.member_no", extra={"member_no": customer_member_no})
    rules = active_rules(session)
    brand = members.counter_brand(session, counter_id) if needs_brand(rules) else None
    day = sold_at.astimezone(ZoneInfo(_sale_zone(session, counter_id))).date()
    actor_id = actor.id if actor else None
    entries = [
        {
            "delta": n,
            "reason": "sale",
            "receipt_id": receipt_id,
            "line_no": ln.line_no,
            "receipt_no": receipt_no,
            "claim_id": None,
            "note": None,
            "actor_id": actor_id,
            "period": None,
            "at": now,
        }
        for ln in lines
        if (
            n := line_points(
                rules, paid=ln.paid, category_id=ln.category_id, brand_id=brand, day=day
            )
        )
        > 0
    ]
    total = sum(e["delta"] for e in entries)
    row = session.connection().execute(_EARN, {"m_no": member_no, "n": total}).first()
    if row is None:  # nobody holds the number: enrol, then move the new member's balance
        members.member_for_sale(
            session,
            customer_id=customer_id,
            customer_member_no=customer_member_no,
            member_no=member_no,
            since=day,
            actor=actor,
        )
        row = session.connection().execute(_EARN, {"m_no": member_no, "n": total}).first()
    elif row.customer_id != customer_id:
        raise MemberNumberTaken(field="customer.member_no")
    balance = row.points - total
    for entry in entries:
        balance += entry["delta"]
        entry.update(member_id=row.id, balance=balance)
    if entries:  # entered at posting time: the ledger's order by time is its order of entry
        session.connection().execute(_INSERT, entries)
    tiers.recompute_member(
        session, member_id=row.id, customer_id=customer_id, old_tier=row.tier, now=now
    )
    return total


_EARN = (
    update(Member.__table__)
    .where(M.member_no == bindparam("m_no"))
    .values(points=M.points + bindparam("n", type_=Integer()))
    .returning(M.id, M.points, M.customer_id, M.tier)
)


@dataclass(frozen=True, slots=True)
class Reversal:
    member_id: int
    receipt_id: int
    line_no: int
    receipt_no: str | None
    points: int


def _plan(
    session: Session,
    *,
    claim_id: int | None,
    receipt_line_id: int | None,
    amount: Decimal,
    lock: bool,
) -> Reversal | None:
    """The points a refund of `amount` on the line takes back, or None for none."""
    if receipt_line_id is None:
        return None
    line = session.execute(
        select(ReceiptLine.receipt_id, ReceiptLine.line_no, ReceiptLine.paid).where(
            ReceiptLine.id == receipt_line_id
        )
    ).first()
    if line is None or line.paid <= 0:
        return None
    earned = session.execute(
        select(PointEntry.member_id, PointEntry.delta, PointEntry.receipt_no).where(
            PointEntry.receipt_id == line.receipt_id,
            PointEntry.line_no == line.line_no,
            PointEntry.reason == PointReason.sale.value,
        )
    ).first()
    if earned is None:
        return None
    member_id = members.active_id(session, earned.member_id)  # after a merge: the kept one
    if lock:
        members.lock(session, member_id)  # orders two refunds of the same line
    done = _reversed(session, line.receipt_id, line.line_no, claim_id)
    if done is None:  # this claim already took its points back
        return None
    share = Decimal(earned.delta) * min(amount, line.paid) / line.paid
    points = min(int(share.to_integral_value(rounding=ROUND_FLOOR)), earned.delta - done)
    if points <= 0:
        return None
    return Reversal(member_id, line.receipt_id, line.line_no, earned.receipt_no, points)


def refund_preview(
    session: Session, *, receipt_line_id: int | None, amount: Decimal
) -> tuple[int, refund_points.Deduction | None]:
    """What paying `amount` back would do, for the clerk before paying: (points taken
    back, the deduction for spent points under the store's rule or None)."""
    plan = _plan(session, claim_id=None, receipt_line_id=receipt_line_id, amount=amount, lock=False)
    if plan is None:
        return 0, None
    rule, value = refund_points.setting(
        session, refund_points.receipt_store(session, plan.receipt_id)
    )
    balance = refund_points.member_balance(session, plan.member_id)
    return plan.points, refund_points.deduction_for(
        rule=rule, point_value=value, points=plan.points, balance=balance, amount=amount
    )


def take_back(
    session: Session,
    *,
    claim_id: int,
    receipt_line_id: int | None,
    amount: Decimal,
    actor: Principal | None,
    now: datetime,
) -> int:
    """A refund of a receipt line reverses the points that line earned, in proportion to the
    money refunded (floor), never more than the line earned over all its claims, and never
    twice for one claim. Points already spent follow the store's rule (refund_points.py).
    Answers the points taken back (0 when there were none)."""
    plan = _plan(
        session, claim_id=claim_id, receipt_line_id=receipt_line_id, amount=amount, lock=True
    )
    if plan is None:
        return 0
    entries = [
        {
            "delta": -plan.points,
            "reason": PointReason.return_.value,
            "receipt_id": plan.receipt_id,
            "line_no": plan.line_no,
            "receipt_no": plan.receipt_no,
            "claim_id": claim_id,
            "actor_id": actor.id if actor else None,
        }
    ]
    rule, value = refund_points.setting(
        session, refund_points.receipt_store(session, plan.receipt_id)
    )
    deduction = refund_points.deduction_for(
        rule=rule,
        point_value=value,
        points=plan.points,
        balance=refund_points.member_balance(session, plan.member_id),
        amount=amount,
    )
    if deduction is not None:
        entries.append(
            refund_points.settle(
                session,
                claim_id=claim_id,
                member_id=plan.member_id,
                deduction=deduction,
                actor=actor,
                now=now,
            )
            | {"receipt_no": plan.receipt_no}
        )
    _append(session, plan.member_id, entries, at=now)
    return plan.points


def _reversed(session: Session, receipt_id: int, line_no: int, claim_id: int | None) -> int | None:
    """Points of this line already reversed; None when this claim reversed some already."""
    rows = session.execute(
        select(PointEntry.claim_id, PointEntry.delta).where(
            PointEntry.receipt_id == receipt_id,
            PointEntry.line_no == line_no,
            PointEntry.reason == PointReason.return_.value,
        )
    ).all()
    if any(r.claim_id == claim_id for r in rows):
        return None
    return -sum(r.delta for r in rows)


def redeem(
    session: Session, *, member_no: str, data: RedeemIn, actor: Principal, now: datetime
) -> dict[str, Any]:
    access.require(actor, "redeem")
    member = members.get_member(session, member_no=member_no)
    entry = {
        "delta": -data.points,
        "reason": PointReason.redeem.value,
        "receipt_no": data.receipt_no,
        "note": data.note,
        "actor_id": actor.id,
    }
    if _append(session, member.id, [entry], at=now, floor=0) is None:
        raise NotEnoughPoints(field="points", extra={"balance": member.points})
    return _newest(session, member.id)


def adjust(
    session: Session, *, member_no: str, data: AdjustIn, actor: Principal, now: datetime
) -> dict[str, Any]:
    """A supervisor's correction with its reason; it may not take the balance below zero."""
    access.require(actor, "adjust")
    if not data.reason.strip():
        raise ReasonRequired(field="reason")
    member = members.get_member(session, member_no=member_no)
    check_version(member.version, data.version)
    entry = {
        "delta": data.delta,
        "reason": PointReason.adjust.value,
        "note": data.reason.strip(),
        "actor_id": actor.id,
    }
    if _append(session, member.id, [entry], at=now, floor=0) is None:
        raise NotEnoughPoints(field="delta", extra={"balance": member.points})
    members.bump_version(
        session,
        member.id,
        actor=actor,
        action="points_adjusted",
        after={"delta": data.delta, "reason": data.reason.strip()},
    )
    return _newest(session, member.id)


def _newest(session: Session, member_id: int) -> dict[str, Any]:
    entry = session.scalars(
        select(PointEntry)
        .where(PointEntry.member_id == member_id)
        .order_by(PointEntry.id.desc())
        .limit(1)
    ).one()
    return entry_json(entry)


def entry_json(entry: PointEntry) -> dict[str, Any]:
    """A ledger entry; the member programme is the group's, so its times are in the default
    zone wherever the points were earned."""
    return {
        "id": entry.id,
        "at": entry.at.astimezone(ZoneInfo(DEFAULT_TZ)).isoformat(),
        "delta": entry.delta,
        "balance": entry.balance,
        "reason": entry.reason,
        "receipt_no": entry.receipt_no,
        "claim_id": entry.claim_id,
    }


def ledger_sum(session: Session, member_id: int) -> int:
    return (
        session.scalar(
            select(func.coalesce(func.sum(PointEntry.delta), 0)).where(
                PointEntry.member_id == member_id
            )
        )
        or 0
    )


def accrue_for_sale(
    session: Session,
    *,
    customer: Any,
    data: Any,
    receipt_id: int,
    counter_id: int,
    category_ids: list[int],
    now: datetime,
    actor: Principal | None,
) -> int:
    """The sale recorder's one call (sales/record.py): `data` is its SaleCreate."""
    member_no = data.customer.member_no
    lines = [
        SaleLine(i, cat, ln.paid)
        for i, (ln, cat) in enumerate(zip(data.lines, category_ids, strict=True), start=1)
    ]
    earned = accrue_sale(
        session,
        customer_id=customer.id,
        customer_member_no=customer.member_no,
        member_no=member_no,
        receipt_id=receipt_id,
        receipt_no=data.receipt_no,
        counter_id=counter_id,
        sold_at=data.sold_at,
        now=now,
        lines=lines,
        actor=actor,
    )
    customer.member_no = member_no  # the answer shows the number just enrolled
    return earned

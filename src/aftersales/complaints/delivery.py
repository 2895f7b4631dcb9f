"""Money owed for a late delivery (seed 004, standard 5: a day of delay is compensated in
money), written in the outcome ledger beside the outcomes of complaints: one compensation
row per delivery, naming the work order. The amount comes from the delivery promise rules
(repairs.delivery); the customer is told by SMS in the same transaction."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.complaints.models import ComplaintOutcome, OutcomeKind
from aftersales.errors import Conflict, Forbidden
from aftersales.notify import service as notify
from aftersales.refs import zone_of
from aftersales.repairs import delivery
from aftersales.repairs.access import lock_work_order
from aftersales.repairs.scheduling import BOOKERS

# Not a proposal of a complaint: owed by the store's own delivery promise.
PROMISE = 0


class AlreadyCompensated(Conflict):
    code = "already_compensated"
    message_en = "The compensation for this late delivery is already recorded"


def compensation_of(session: Session, work_order_id: int) -> ComplaintOutcome | None:
    return session.scalars(
        select(ComplaintOutcome).where(ComplaintOutcome.work_order_id == work_order_id)
    ).one_or_none()


def compensate_late_delivery(
    session: Session, *, work_order_id: int, actor: Principal, now: datetime
) -> ComplaintOutcome:
    if actor.role not in BOOKERS:
        raise Forbidden()
    order = lock_work_order(session, user=actor, work_order_id=work_order_id)
    tz = zone_of(session, order.store_id)
    late = delivery.lateness(session, order, now=now, tz=tz)  # refuses one not late
    if compensation_of(session, order.id) is not None:
        raise AlreadyCompensated(field="id")
    unit = "个工作日" if late.rule.clock == "working" else "天"
    note = (
        f"送货单 {order.id} 约定 {late.promised_on} 送达，{late.delivered_on} 送达，"
        f"延误 {late.days} {unit}，每{unit.removeprefix('个')}补偿 {late.rule.per_day} 元"
    )
    row = ComplaintOutcome(
        complaint_id=None,
        work_order_id=order.id,
        proposal_no=PROMISE,
        kind=OutcomeKind.compensation,
        cost=late.amount,
        note=note[:500],
        proposed_by_id=actor.id,
        proposed_at=now,
    )
    session.add(row)
    session.flush()
    after = {
        "promised_on": late.promised_on,
        "delivered_on": late.delivered_on,
        "days_late": late.days,
        "amount": late.amount,
        "outcome_id": row.id,
    }
    audit.record_on(session, order, "delivery_compensated", actor=actor, after=after)
    if order.contact_phone:
        day = now.astimezone(ZoneInfo(tz)).date()
        notify.enqueue_now(
            session,
            [
                {
                    "channel": "sms",
                    "recipient": order.contact_phone,
                    "subject": "送货延误补偿",
                    "body": (
                        f"很抱歉，您的送货（服务单号 {order.id}）比约定的 {late.promised_on} "
                        f"晚了 {late.days} {unit}。按本店承诺补偿您 {late.amount} 元，"
                        f"{day} 起可到服务台领取。"
                    ),
                    "meta": {"work_order_id": order.id, "event": "compensated"},
                }
            ],
        )
    return row

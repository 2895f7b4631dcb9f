"""Work-order use cases: open, each step, and the repair records a decision reads."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.refs import zone_of
from aftersales.repairs.access import get_work_order, require_step_role
from aftersales.repairs.errors import QuoteInvalid
from aftersales.repairs.models import WorkKind, WorkOrder, WorkStatus
from aftersales.repairs.queries import ITEM_REPAIRS
from aftersales.repairs.state import transition

# The store's turnaround promise for a repair (the source documents' 18-day rework promise).
TURNAROUND_DAYS = 18
SOON = timedelta(days=3)


@dataclass(frozen=True)
class RepairItem:
    """What a work order repairs and for whom: taken from the claim that opens it."""

    claim_id: int | None
    receipt_line_id: int | None
    store_id: int
    counter_id: int
    sku: str
    item_name: str
    problem: str
    part: str | None


def local_day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def open_work_order(
    session: Session,
    *,
    item: RepairItem,
    kind: WorkKind,
    actor: Principal,
    now: datetime,
) -> WorkOrder:
    order = WorkOrder(
        claim_id=item.claim_id,
        receipt_line_id=item.receipt_line_id,
        store_id=item.store_id,
        counter_id=item.counter_id,
        kind=kind,
        status=WorkStatus.intake,
        sku=item.sku,
        item_name=item.item_name,
        problem=item.problem,
        part=item.part,
        parts_used=[],
        taken_in_on=local_day(now, zone_of(session, item.store_id)),
        opened_at=now,
        due_at=now + timedelta(days=TURNAROUND_DAYS),
    )
    after = {"kind": kind, "claim_id": item.claim_id, "part": item.part, "due_at": order.due_at}
    audit.record_added(session, order, actor=actor, action="work_opened", after=after)
    return order


def repair_records(session: Session, *, receipt_line_id: int) -> list[dict[str, Any]]:
    """Earlier repairs of this item in the engine's shape (policy-decide.md `repairs`).

    Quotes the customer declined were never repairs; a repair still open counts its days
    under repair up to the request day and is not (yet) a failed one."""
    rows = session.scalars(
        select(WorkOrder)
        .where(WorkOrder.receipt_line_id == receipt_line_id, ITEM_REPAIRS)
        .order_by(WorkOrder.id)
    )
    return [
        {
            "part": o.part,
            "on": o.taken_in_on.isoformat(),
            "back_on": o.back_on.isoformat() if o.back_on else None,
            "fixed": o.fixed is not False,
        }
        for o in rows
        if not (o.status == WorkStatus.handed_back and o.fixed is None)
    ]


def _step(
    session: Session,
    step: str,
    to: WorkStatus,
    work_order_id: int,
    actor: Principal,
    now: datetime,
    version: int | None,
    changes: dict[str, Any] | None = None,
) -> WorkOrder:
    """A step the actor's role must allow, then the move to its status."""
    require_step_role(actor, step)
    return transition(
        session,
        work_order_id=work_order_id,
        to=to,
        actor=actor,
        now=now,
        version=version,
        changes=changes,
    )


def diagnose(
    session: Session,
    *,
    work_order_id: int,
    diagnosis: str,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    return _step(
        session,
        "diagnose",
        WorkStatus.diagnosed,
        work_order_id,
        actor,
        now,
        version,
        {"diagnosis": diagnosis, "technician_id": actor.id},
    )


def quote(
    session: Session,
    *,
    work_order_id: int,
    amount: Decimal,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    require_step_role(actor, "quote")
    if amount <= 0:
        raise QuoteInvalid(field="amount")
    changes = {"quote_amount": amount}
    return _step(session, "quote", WorkStatus.quoted, work_order_id, actor, now, version, changes)


def accept_quote(
    session: Session,
    *,
    work_order_id: int,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    return _step(session, "accept-quote", WorkStatus.accepted, work_order_id, actor, now, version)


def send_to_factory(
    session: Session,
    *,
    work_order_id: int,
    factory: str,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    return _step(
        session,
        "send-to-factory",
        WorkStatus.at_factory,
        work_order_id,
        actor,
        now,
        version,
        {"factory": factory},
    )


def mark_repaired(
    session: Session,
    *,
    work_order_id: int,
    parts_used: list[dict[str, Any]],
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    return _step(
        session,
        "repaired",
        WorkStatus.repaired,
        work_order_id,
        actor,
        now,
        version,
        {"parts_used": parts_used},
    )


def hand_back(
    session: Session,
    *,
    work_order_id: int,
    fixed: bool,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    """The item goes back to the customer. From `quoted` it is a declined quote: no repair
    was done, so no repair record (fixed stays empty)."""
    require_step_role(actor, "hand-back")
    current = get_work_order(session, user=actor, work_order_id=work_order_id)
    declined = current.status == WorkStatus.quoted
    changes: dict[str, Any] = {"back_on": local_day(now, zone_of(session, current.store_id))}
    changes["fixed"] = None if declined else fixed
    to = WorkStatus.handed_back
    return _step(session, "hand-back", to, work_order_id, actor, now, version, changes)


def due_state(due_at: datetime, now: datetime, done: bool = False) -> str:
    """The colour of a due date: ok, soon (within three days) or late."""
    if done:
        return "ok"
    if now > due_at:
        return "late"
    return "soon" if due_at - now <= SOON else "ok"

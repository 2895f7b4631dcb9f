"""Work-order use cases: open, each step, and the repair records a decision reads."""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.refs import zone_of
from aftersales.repairs.access import get_work_order
from aftersales.repairs.errors import QuoteInvalid
from aftersales.repairs.models import WorkKind, WorkOrder, WorkStatus
from aftersales.repairs.queries import ITEM_REPAIRS
from aftersales.repairs.state import Changes, StepCall, work_step

# The store's turnaround promise for a repair (the source documents' 18-day rework promise).
TURNAROUND_DAYS = 18
SOON = timedelta(days=3)


@dataclass(frozen=True)
class RepairItem:
    """What a work order repairs and for whom: taken from the claim that opens it. The
    fields are the work order's columns of the same names."""

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
        **asdict(item),
        kind=kind,
        status=WorkStatus.intake,
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


@work_step(WorkStatus.diagnosed, role_of="diagnose")
def diagnose(call: StepCall, *, diagnosis: str) -> Changes:
    return {"diagnosis": diagnosis, "technician_id": call.actor.id}


@work_step(WorkStatus.quoted, role_of="quote")
def quote(call: StepCall, *, amount: Decimal) -> Changes:
    if amount <= 0:
        raise QuoteInvalid(field="amount")
    return {"quote_amount": amount}


@work_step(WorkStatus.accepted, role_of="accept-quote")
def accept_quote(call: StepCall) -> Changes:
    return {}


@work_step(WorkStatus.at_factory, role_of="send-to-factory")
def send_to_factory(call: StepCall, *, factory: str) -> Changes:
    return {"factory": factory}


@work_step(WorkStatus.repaired, role_of="repaired")
def mark_repaired(call: StepCall, *, parts_used: list[dict[str, Any]]) -> Changes:
    return {"parts_used": parts_used}


@work_step(WorkStatus.handed_back, role_of="hand-back")
def hand_back(call: StepCall, *, fixed: bool) -> Changes:
    """The item goes back to the customer. From `quoted` it is a declined quote: no repair
    was done, so no repair record (fixed stays empty)."""
    current = get_work_order(call.session, user=call.actor, work_order_id=call.work_order_id)
    declined = current.status == WorkStatus.quoted
    back_on = local_day(call.now, zone_of(call.session, current.store_id))
    return {"back_on": back_on, "fixed": None if declined else fixed}


def due_state(due_at: datetime, now: datetime, done: bool = False) -> str:
    """The colour of a due date: ok, soon (within three days) or late."""
    if done:
        return "ok"
    if now > due_at:
        return "late"
    return "soon" if due_at - now <= SOON else "ok"

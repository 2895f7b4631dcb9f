"""The repair facts a 三包 decision needs from spare parts: for each earlier repair of a
receipt line, the days it waited for parts and why it took long (policy-decide.md, the
`waiting_parts_days` and `delay` of a `repairs` entry). The claim desk adds them to the
policy request, so that a repair past the legal limits (SB1995 Art. 12) earns the exchange.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.deadlines import DEFAULT_TZ
from aftersales.parts.waits import wait_days_by_order
from aftersales.repairs import promises
from aftersales.repairs import service as repairs
from aftersales.repairs.models import WorkOrder
from aftersales.repairs.queries import ITEM_REPAIRS
from aftersales.sales.models import Category, ReceiptLine


@dataclass(frozen=True)
class LineFacts:
    """One receipt line's repair time, as the legal limits count it."""

    repair_days_repairer_fault: int
    parts_wait_days: int
    limit_passed: str | None  # "repairer" | "parts" | None


def _category(session: Session, receipt_line_id: int) -> str:
    code = session.scalar(
        select(Category.code)
        .join(ReceiptLine, ReceiptLine.category_id == Category.id)
        .where(ReceiptLine.id == receipt_line_id)
    )
    return code or "general"


def _orders(session: Session, receipt_line_id: int) -> list[Any]:
    return list(
        session.execute(
            select(WorkOrder.id, WorkOrder.taken_in_on, WorkOrder.back_on, WorkOrder.part)
            .where(WorkOrder.receipt_line_id == receipt_line_id, ITEM_REPAIRS)
            .order_by(WorkOrder.id)
        )
    )


def repair_records(
    session: Session, *, receipt_line_id: int, now: datetime, tz: str = DEFAULT_TZ
) -> list[dict[str, Any]]:
    """The line's repair records (repairs.repair_records) with the waiting facts added to
    each repair that waited for parts; the others stay as they are (the engine then takes
    the delay as the repairer's, who bears the burden of showing a wait)."""
    records = repairs.repair_records(session, receipt_line_id=receipt_line_id)
    orders = _orders(session, receipt_line_id)
    waited = wait_days_by_order(session, [o.id for o in orders], now, tz)
    today = now.astimezone(ZoneInfo(tz)).date()
    limits = promises.legal_limits(_category(session, receipt_line_id))
    # Records and orders meet on (day in, day back, part): the records leave some orders
    # out (a declined quote is no repair), so they are matched, not zipped.
    by_key: dict[tuple[str, str | None, str | None], list[Any]] = defaultdict(list)
    for o in orders:
        key = (o.taken_in_on.isoformat(), o.back_on.isoformat() if o.back_on else None, o.part)
        by_key[key].append(o)
    for record in records:
        matches = by_key[(record["on"], record["back_on"], record["part"])]
        if not matches:
            continue
        order = matches.pop(0)
        days = waited.get(order.id, 0)
        if days > 0:
            time = promises.repair_time(order.taken_in_on, order.back_on or today, days)
            record["waiting_parts_days"] = time.waiting_parts_days
            record["delay"] = promises.delay_of(time, limits)
    return records


def line_facts(
    session: Session, *, receipt_line_id: int, now: datetime, tz: str = DEFAULT_TZ
) -> LineFacts:
    """The longest repair of the line: days by the repairer's fault, days waiting for parts,
    and which legal limit it passed (shown at the desk beside the decision)."""
    orders = _orders(session, receipt_line_id)
    waited = wait_days_by_order(session, [o.id for o in orders], now, tz)
    today = now.astimezone(ZoneInfo(tz)).date()
    limits = promises.legal_limits(_category(session, receipt_line_id))
    best = LineFacts(0, 0, None)
    for o in orders:
        time = promises.repair_time(o.taken_in_on, o.back_on or today, waited.get(o.id, 0))
        passed = promises.limit_passed(time, limits)
        if (passed is not None, time.days) > (best.limit_passed is not None, _days(best)):
            best = LineFacts(time.repairer_days, time.waiting_parts_days, passed)
    return best


def _days(facts: LineFacts) -> int:
    return facts.repair_days_repairer_fault + facts.parts_wait_days

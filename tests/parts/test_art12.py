"""SB1995 Art. 12: a repair open 91 days waiting for parts earns the exchange at the desk.

The parts side supplies the facts (`waiting_parts_days`, `delay` on the repair record,
policy-decide.md); the engine turns them into the exchange."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from aftersales.claims import open as claims_open
from aftersales.parts import facts, tasks, waits
from aftersales.parts.models import RepairWatch
from aftersales.policy import RequestInvalid, parse_request
from aftersales.sales.models import Receipt, ReceiptLine
from tests.claims.factories import claim_in, person
from tests.parts.factories import FRIDGE, NOW, part, work_order


def _waiting_91_days(session):
    order = work_order(session, days_ago=91, sold_days_ago=100)
    p = part(session)
    waits.start_wait(
        session,
        work_order_id=order.id,
        part_id=p.id,
        note="压缩机缺货，厂家未供货",
        actor=person(session, "technician"),
        now=NOW - timedelta(days=91),
    )
    return order


def test_the_parts_wait_reaches_the_policy_request(session):
    order = _waiting_91_days(session)
    records = facts.repair_records(session, receipt_line_id=order.receipt_line_id, now=NOW)
    assert records == [
        {
            "part": "compressor",
            "on": order.taken_in_on.isoformat(),
            "back_on": None,
            "fixed": True,
            "waiting_parts_days": 91,
            "delay": "parts",
        }
    ]
    line = facts.line_facts(session, receipt_line_id=order.receipt_line_id, now=NOW)
    assert line == facts.LineFacts(0, 91, "parts")
    data = claim_in("R-1", sku=FRIDGE["sku"], problem="performance_fault", condition=[])
    item = claims_open.Item(
        None,
        None,
        1,
        1,
        None,
        FRIDGE["sku"],
        FRIDGE["name"],
        "appliance",
        Decimal(FRIDGE["paid"]),
        None,
        order.taken_in_on - timedelta(days=9),
        "receipt",
        frozenset(),
    )
    body = claims_open.policy_request(item, data, records, NOW.date())
    assert body["repairs"][0]["waiting_parts_days"] == 91
    assert body["repairs"][0]["delay"] == "parts"


def test_the_sweep_flags_the_ninety_day_parts_limit(session):
    order = _waiting_91_days(session)
    tasks.enrol(session, now=NOW)
    tasks.sweep_batch(session, now=NOW)
    watch = session.scalars(select(RepairWatch).where(RepairWatch.work_order_id == order.id)).one()
    assert (watch.limit_reason, watch.limit_passed_at is not None) == ("parts", True)


def _engine_reads_parts_waits() -> bool:
    probe = {
        "category": "general",
        "problem": "performance_fault",
        "sold_on": "2026-01-01",
        "requested_on": "2026-01-02",
        "paid": "1.00",
        "repairs": [
            {
                "part": None,
                "on": "2026-01-01",
                "back_on": None,
                "fixed": True,
                "waiting_parts_days": 1,
                "delay": "parts",
            }
        ],
    }
    try:
        parse_request(probe)
    except RequestInvalid:
        return False
    return True


@pytest.mark.skipif(
    not _engine_reads_parts_waits(),
    reason="the policy engine does not read waiting_parts_days/delay on repairs yet",
)
def test_a_repair_open_91_days_waiting_for_parts_makes_the_desk_offer_an_exchange(session):
    order = _waiting_91_days(session)
    receipt_no = session.scalar(
        select(Receipt.receipt_no).join(ReceiptLine).where(ReceiptLine.id == order.receipt_line_id)
    )
    data = claim_in(
        receipt_no,
        sku=FRIDGE["sku"],
        problem="performance_fault",
        condition=[],
        product_type="refrigerator",
        remedy="exchange",
    )
    _item, decision = claims_open.preview_decision(
        session, data=data, actor=person(session, "staff"), now=NOW
    )
    assert "exchange" in [a["remedy"] for a in decision["zh"]["allowed"]]

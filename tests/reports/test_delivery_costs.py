"""Late deliveries in the monthly figures: their compensation in the cost ledger (counted on
the day it was recorded, by kind, store and counter), and how the ship and deliver standards
were kept."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from aftersales.complaints import delivery as compensation
from aftersales.repairs import scheduling, visits
from aftersales.repairs.schemas import ServiceOrderCreate
from aftersales.supervision.reports import places
from aftersales.supervision.reports.costs import cost_ledger
from aftersales.supervision.reports.deadlines import deliver_compliance, ship_compliance
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.tables import report_tables
from tests.claims.factories import person, sale

CST = ZoneInfo("Asia/Shanghai")
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
SEPTEMBER = Period(date(2026, 9, 1), date(2026, 9, 30))
FRIDGE = {
    "sku": "AP-7002",
    "name": "海尔电冰箱",
    "category": "appliance",
    "qty": 1,
    "tag_price": "4599.00",
    "paid": "4599.00",
}


def _delivery(session, *, day: str, hour: int, paid_at=None):
    data = ServiceOrderCreate.model_validate(
        {
            "service": "delivery",
            "receipt_no": sale(session, days_ago=1, lines=[FRIDGE]),
            "line_no": 1,
            "address": "威海路 88 号 602 室",
            "technician": "driver",
            "slot_start": datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=CST),
            "slot_end": datetime.fromisoformat(f"{day}T{hour:02d}:50").replace(tzinfo=CST),
            "paid_at": paid_at,
        }
    )
    booked = datetime(2026, 9, 20, 10, 0, tzinfo=CST)
    return scheduling.book_service(session, data=data, actor=person(session, "staff"), now=booked)


def _came(session, order, *, left: datetime, came: datetime) -> None:
    driver = person(session, "driver")
    visits.dispatch(session, work_order_id=order.id, actor=driver, now=left, version=None)
    visits.arrive(session, work_order_id=order.id, actor=driver, now=came, version=None)


def _kind(ledger, key):
    return next((r for r in ledger["by_kind"] if r["key"] == key), None)


def test_a_late_deliverys_compensation_across_national_day_is_in_octobers_ledger(session):
    # Agreed for Wed 30 September, it came on Mon 12 October: 4 working days late (1-7
    # October are the holiday, Sat 10 October a make-up workday), 4 x 50 = 200.00 owed,
    # recorded on 12 October.
    order = _delivery(session, day="2026-09-30", hour=9)
    _came(
        session,
        order,
        left=datetime(2026, 9, 30, 8, 0, tzinfo=CST),
        came=datetime(2026, 10, 12, 15, 0, tzinfo=CST),
    )
    admin = person(session, "admin")
    scope = places.Scope()
    before = cost_ledger(session, user=admin, period=OCTOBER, scope=scope, lang="zh")
    september = cost_ledger(session, user=admin, period=SEPTEMBER, scope=scope, lang="zh")
    compensation.compensate_late_delivery(
        session,
        work_order_id=order.id,
        actor=person(session, "staff"),
        now=datetime(2026, 10, 12, 16, 0, tzinfo=CST),
    )
    ledger = cost_ledger(session, user=admin, period=OCTOBER, scope=scope, lang="zh")
    late = _kind(ledger, "late_delivery")
    was = _kind(before, "late_delivery") or {"count": 0, "cost": "0.00"}
    assert (late["count"] - was["count"], Decimal(late["cost"]) - Decimal(was["cost"])) == (
        1,
        Decimal("200.00"),
    )
    assert late["label"] == "送货延误补偿"
    assert Decimal(ledger["total"]["cost"]) - Decimal(before["total"]["cost"]) == Decimal("200")
    s1 = next(r for r in ledger["by_store"] if r["key"] == "S1")
    assert Decimal(s1["cost"]) >= Decimal("200.00")
    assert any(r["key"] == "S1-F1-C01" for r in ledger["by_counter"])
    # counted on the day recorded, not the agreed day
    assert cost_ledger(session, user=admin, period=SEPTEMBER, scope=scope, lang="zh") == september
    other_store = cost_ledger(
        session, user=person(session, "staff2"), period=OCTOBER, scope=scope, lang="zh"
    )
    assert _kind(other_store, "late_delivery") is None  # another store's counter sees none
    titles = [t.title for t in report_tables(_report(ledger))]
    assert {"处理成本按方式（含送货延误补偿）", "处理成本按门店", "处理成本按专柜"} <= set(titles)


def _report(costs):
    empty = {"total": {"count": 0}, "by_counter": [], "by_staff": []}
    return {
        "complaints": {"total": {}},
        "claims": {"total": {"count": 0, "refunded": "0", "compensated": "0"}},
        "costs": costs,
        "repairs": dict.fromkeys(
            [
                "opened",
                "closed",
                "median_days",
                "p90_days",
                "within_promise",
                "within_promise_share",
                "factory_returns",
                "came_back",
                "promise_escalated",
                "legal_limit_passed",
                "waited_for_parts",
                "loaners_owed",
                "loaners_given",
            ],
            0,
        ),
        "satisfaction": {"ratings": 0, "average": None, "distribution": {}} | empty,
        "inspection_ranking": [],
    }


def test_ship_and_deliver_compliance_count_the_orders_due_in_the_period(session):
    admin, scope = person(session, "admin"), places.Scope()
    before = (
        ship_compliance(session, user=admin, period=OCTOBER, scope=scope),
        deliver_compliance(session, user=admin, period=OCTOBER, scope=scope),
    )
    paid = datetime(2026, 10, 9, 10, 0, tzinfo=CST)  # ship by 11 October 10:00
    on_time = _delivery(session, day="2026-10-14", hour=9, paid_at=paid)
    late = _delivery(session, day="2026-10-14", hour=11, paid_at=paid)
    waiting = _delivery(session, day="2026-10-14", hour=13, paid_at=paid)
    _came(
        session,
        on_time,
        left=paid + timedelta(days=1),
        came=datetime(2026, 10, 14, 9, 30, tzinfo=CST),
    )
    _came(
        session, late, left=paid + timedelta(days=3), came=datetime(2026, 10, 15, 0, 30, tzinfo=CST)
    )
    assert waiting.dispatched_at is None
    ship = ship_compliance(session, user=admin, period=OCTOBER, scope=scope)
    deliver = deliver_compliance(session, user=admin, period=OCTOBER, scope=scope)
    delta = {k: ship[k] - before[0][k] for k in ("due", "on_time", "late", "open")}
    assert ship["kind"] == "ship" and delta == {"due": 3, "on_time": 1, "late": 1, "open": 1}
    delta = {k: deliver[k] - before[1][k] for k in ("due", "on_time", "late", "open")}
    # arrived 00:30 on the 15th, Beijing time: a day late (16:30 UTC on the 14th)
    assert deliver["kind"] == "deliver" and delta == {"due": 3, "on_time": 1, "late": 1, "open": 1}
    other = ship_compliance(session, user=person(session, "staff2"), period=OCTOBER, scope=scope)
    assert other["due"] == 0

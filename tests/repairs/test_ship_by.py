"""The ship-by time of online delivery orders: counted on the `ship` standard in force (the
admin's edit), moved by the standards editor with its preview, and when the customer asks for
a later day the store is not blamed for the wait: the goods need leave only by the end of the
day before it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.deadlines import ServiceStandard
from aftersales.deadlines.settings_store import save_standard
from aftersales.repairs import scheduling, tasks
from aftersales.repairs.models import WorkOrder
from aftersales.repairs.schemas import RescheduleIn, ServiceOrderCreate
from aftersales.supervision.standards.preview import preview_change
from aftersales.supervision.standards.service import save_and_apply
from tests.claims.factories import person, sale

CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=CST)
PAID = NOW - timedelta(hours=1)
SHIP_3 = ServiceStandard("goods shipped within 3 days of payment", "ship", 3, "days", "calendar")
TV = {
    "sku": "AP-7004",
    "name": "海尔彩色电视机",
    "category": "appliance",
    "qty": 1,
    "tag_price": "5299.00",
    "paid": "5299.00",
}


def _at(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=CST)


def _online(session, day="2027-03-03", hour="14"):
    data = ServiceOrderCreate.model_validate(
        {
            "service": "delivery",
            "receipt_no": sale(session, days_ago=1, lines=[TV]),
            "line_no": 1,
            "address": "北京西路 1399 号 1703 室",
            "technician": "driver",
            "slot_start": _at(day, f"{hour}:00"),
            "slot_end": _at(day, f"{hour}:50"),
            "paid_at": PAID,
        }
    )
    return scheduling.book_service(session, data=data, actor=person(session, "staff"), now=NOW)


def _move(session, order, day, asked_by):
    data = RescheduleIn(
        slot_start=_at(day, "14:00"),
        slot_end=_at(day, "15:00"),
        asked_by=asked_by,
        version=session.get(WorkOrder, order.id).version,
    )
    return scheduling.reschedule(
        session, work_order_id=order.id, data=data, actor=person(session, "staff"), now=NOW
    )


def test_ship_by_counts_on_the_standard_as_the_admin_edited_it(session):
    assert _online(session).ship_by == PAID + timedelta(days=2)  # shipped: 2 days
    save_standard(session, standard=SHIP_3, actor=person(session, "admin"))
    order = _online(session, hour="16")
    assert order.ship_by == PAID + timedelta(days=3)
    assert order.ship_warn_at == PAID + timedelta(hours=54)  # 3/4 of the time


def test_the_editor_previews_and_moves_the_orders_not_shipped(session):
    order = _online(session)
    preview = preview_change(session, proposed=SHIP_3, now=NOW)
    assert preview.measured == "service_order"
    shown = next(c for c in preview.cases if c.id == order.id)
    assert (shown.due_now, shown.due_then) == (PAID + timedelta(days=2), PAID + timedelta(days=3))
    assert session.get(WorkOrder, order.id).ship_by == PAID + timedelta(days=2)
    save_and_apply(session, proposed=SHIP_3, actor=person(session, "admin"), now=NOW)
    session.refresh(order)
    assert (order.ship_by, order.ship_check_at) == (
        PAID + timedelta(days=3),
        PAID + timedelta(hours=54),
    )
    actions = session.scalars(
        select(Event.action).where(Event.entity == "work_order", Event.entity_id == order.id)
    ).all()
    assert actions.count("ship_by_recomputed") == 1


def test_a_later_day_the_customer_asks_for_moves_ship_by_and_the_stores_move_does_not(session):
    order = _online(session)  # due 3 March 08:00 (2 days after payment)
    moved = _move(session, order, "2027-03-10", "customer")
    # The goods need leave by the end of 9 March; the warning moves by as much.
    assert moved.ship_by == _at("2027-03-10", "00:00")
    assert moved.ship_warn_at == _at("2027-03-10", "00:00") - timedelta(hours=12)
    assert moved.ship_check_at == moved.ship_warn_at
    kept = _move(session, order, "2027-03-12", "store")  # the store's own delay is its own
    assert (kept.promised_on.isoformat(), kept.ship_by) == (
        "2027-03-10",
        _at("2027-03-10", "00:00"),
    )
    for day in ("2027-03-04", "2027-03-06"):  # past the old deadline: nobody is blamed
        tasks.ship_batch(session, now=_at(day, "12:00"))
    actions = session.scalars(
        select(Event.action).where(Event.entity == "work_order", Event.entity_id == order.id)
    ).all()
    assert "ship_warned" not in actions and "ship_escalated" not in actions
    tasks.ship_batch(session, now=_at("2027-03-10", "01:00"))
    after = session.scalars(
        select(Event.action).where(Event.entity == "work_order", Event.entity_id == order.id)
    ).all()
    assert after[-1] == "ship_escalated"
    changed = session.scalars(
        select(Event)
        .where(Event.entity_id == order.id, Event.action == "service_rescheduled")
        .order_by(Event.id)
    ).first()
    assert changed.before["ship_by"] != changed.after["ship_by"]  # the move is on record


def test_a_customer_asking_for_an_earlier_day_keeps_the_standard(session):
    order = _online(session, day="2027-03-05")
    assert _move(session, order, "2027-03-02", "customer").ship_by == PAID + timedelta(days=2)

"""Service orders: booking and its conflicts, the visit with the customer's signature, the
installation day feeding later claims, the reminder and the shipping standard swept once,
and the late-delivery compensation counted on China's calendar."""

import base64
import threading
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.claims.open import open_claim
from aftersales.complaints import delivery as compensation
from aftersales.complaints.models import ComplaintOutcome
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.errors import DomainError
from aftersales.notify.models import OutboxMessage
from aftersales.repairs import scheduling, tasks, visits
from aftersales.repairs.models import SlotChange, WorkOrder, WorkOrderFile, WorkStatus
from aftersales.repairs.schemas import CompleteIn, RescheduleIn, ServiceOrderCreate
from aftersales.sales.models import ReceiptLine
from tests.claims.factories import claim_in, person, sale

CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=CST)
AIRCON = {
    "sku": "AP-7101",
    "name": "格力空调",
    "category": "appliance",
    "qty": 1,
    "tag_price": "3999.00",
    "paid": "3599.00",
}
# A real (tiny) PNG, as the signature pad sends it.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SIGNATURE = "data:image/png;base64," + base64.b64encode(PNG).decode()


def _at(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=CST)


def _book(session, receipt_no, *, service="installation", tech="technician", day="2027-03-03",
          start="09:00", end="11:00", now=NOW, **extra):  # fmt: skip
    data = ServiceOrderCreate.model_validate(
        {
            "service": service,
            "receipt_no": receipt_no,
            "line_no": 1,
            "address": "南京西路 1266 弄 5 号 1201 室",
            "technician": tech,
            "slot_start": _at(day, start),
            "slot_end": _at(day, end),
            **extra,
        }
    )
    return scheduling.book_service(session, data=data, actor=person(session, "staff"), now=now)


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def _refused(session, code, field, work):
    before = (_count(session, WorkOrder), _count(session, OutboxMessage), _count(session, Event))
    with pytest.raises(DomainError) as refused:
        with session.begin_nested():
            work()
    assert (refused.value.code, refused.value.field, refused.value.status) == (code, field, 422)
    after = (_count(session, WorkOrder), _count(session, OutboxMessage), _count(session, Event))
    assert after == before
    return refused.value


def test_a_booking_tells_the_customer_and_a_clashing_one_is_refused(session):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    order = _book(session, receipt_no)
    assert (order.status, order.service, order.source) == ("scheduled", "installation", "receipt")
    assert order.remind_at == _at("2027-03-02", "10:00")
    (told,) = session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == order.contact_phone)
    ).all()[-1:]
    assert told.meta == {"work_order_id": order.id, "event": "booked"}
    assert "2027-03-03 09:00-11:00" in told.body
    # The same technician, overlapping by half an hour: refused, nothing written.
    _refused(
        session,
        "technician_busy",
        "technician",
        lambda: _book(session, receipt_no, start="10:30", end="12:00"),
    )
    # Right after it, or another technician at the same time: fine.
    assert (
        _book(session, receipt_no, start="11:00", end="12:00").technician_id == order.technician_id
    )
    assert _book(session, receipt_no, tech="technician2").status == "scheduled"


def test_bad_slots_and_assignees_are_refused_naming_the_field(session):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    _refused(
        session,
        "slot_in_past",
        "slot_start",
        lambda: _book(session, receipt_no, day="2027-02-28"),
    )
    _refused(
        session,
        "slot_invalid",
        "slot_end",
        lambda: _book(session, receipt_no, start="11:00", end="10:00"),
    )
    _refused(
        session,
        "not_assignable",
        "technician",
        lambda: _book(session, receipt_no, tech="driver"),
    )


def test_rescheduling_records_who_asked_and_refuses_a_clash(session):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    first = _book(session, receipt_no)
    other = _book(session, receipt_no, start="14:00", end="16:00")
    staff = person(session, "staff")

    def move(order, start, end):
        data = RescheduleIn(
            slot_start=_at("2027-03-04", start),
            slot_end=_at("2027-03-04", end),
            asked_by="customer",
            reason="顾客周三不在家",
            version=session.get(WorkOrder, order.id).version,
        )
        return scheduling.reschedule(
            session, work_order_id=order.id, data=data, actor=staff, now=NOW
        )

    moved = move(first, "14:00", "16:00")
    assert moved.slot_start == _at("2027-03-04", "14:00") and moved.reminded_at is None
    (change,) = session.scalars(select(SlotChange).where(SlotChange.work_order_id == first.id))
    assert (change.asked_by, change.old_start) == ("customer", _at("2027-03-03", "09:00"))
    _refused(session, "technician_busy", "technician", lambda: move(other, "15:00", "17:00"))


def test_the_technician_completes_an_installation_and_a_later_claim_counts_from_it(
    session, tmp_path
):
    receipt_no = sale(session, days_ago=40, lines=[AIRCON])
    booked = datetime.now(CST) - timedelta(days=30)
    order = _book(
        session,
        receipt_no,
        day=(booked + timedelta(days=1)).date().isoformat(),
        now=booked,
    )
    tech = person(session, "technician")

    def complete(at):
        done = CompleteIn(
            work_done="挂机安装，试机制冷正常",
            parts_used=["铜管 3 米"],
            signature=SIGNATURE,
            rating=5,
            version=session.get(WorkOrder, order.id).version,
        )
        return visits.complete(
            session,
            work_order_id=order.id,
            data=done,
            photos=[],
            actor=tech,
            now=at,
            root=tmp_path,
        )

    # Not on site yet: the customer cannot sign for it.
    arrive_at = booked + timedelta(days=1, hours=1)
    _refused(session, "not_on_site", "signature", lambda: complete(arrive_at))
    assert not session.scalars(
        select(WorkOrderFile).where(WorkOrderFile.work_order_id == order.id)
    ).all()
    visits.arrive(session, work_order_id=order.id, actor=tech, now=arrive_at, version=None)
    finished = complete(arrive_at + timedelta(hours=2))
    assert (finished.status, finished.rating) == (WorkStatus.completed, 5)
    (signature,) = session.scalars(
        select(WorkOrderFile).where(WorkOrderFile.work_order_id == order.id)
    )
    assert signature.kind == "signature" and (tmp_path / signature.path).read_bytes() == PNG
    line = session.get(ReceiptLine, order.receipt_line_id)
    installed = (arrive_at + timedelta(hours=2)).astimezone(CST).date()
    assert line.installed_on == installed
    claim = open_claim(
        session,
        data=claim_in(
            receipt_no,
            sku=AIRCON["sku"],
            problem="performance_fault",
            condition=[],
            product_type="air_conditioner",
        ),
        actor=person(session, "staff"),
        now=datetime.now(CST),
    )
    assert claim.policy_request["received_on"] == installed.isoformat()


def _late_delivery(session, *, arrive_on):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    booked = datetime(2026, 9, 20, 10, 0, tzinfo=CST)
    order = _book(
        session, receipt_no, service="delivery", tech="driver", day="2026-09-30", now=booked
    )
    driver = person(session, "driver")
    visits.dispatch(session, work_order_id=order.id, actor=driver, now=booked, version=None)
    visits.arrive(session, work_order_id=order.id, actor=driver, now=arrive_on, version=None)
    return order


def test_a_delivery_late_across_national_day_owes_only_its_working_days(session):
    # Agreed for Wed 30 September 2026; it came on Mon 12 October. 1-7 October are the
    # National Day holiday, Sat 10 October a make-up workday: 8, 9, 10 and 12 October late.
    order = _late_delivery(session, arrive_on=datetime(2026, 10, 12, 15, 0, tzinfo=CST))
    assert order.promised_on.isoformat() == "2026-09-30"
    row = compensation.compensate_late_delivery(
        session,
        work_order_id=order.id,
        actor=person(session, "staff"),
        now=datetime(2026, 10, 12, 16, 0, tzinfo=CST),
    )
    assert (row.kind, row.cost, row.complaint_id) == ("compensation", Decimal("200.00"), None)
    assert "延误 4 个工作日" in row.note
    told = session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == order.contact_phone)
    ).all()
    assert [m.meta["event"] for m in told][-1] == "compensated"
    assert "200.00 元" in told[-1].body
    with pytest.raises(compensation.AlreadyCompensated):
        compensation.compensate_late_delivery(
            session, work_order_id=order.id, actor=person(session, "staff"), now=NOW
        )


def test_no_compensation_for_a_delivery_on_time(session):
    order = _late_delivery(session, arrive_on=datetime(2026, 9, 30, 11, 0, tzinfo=CST))
    _refused(
        session,
        "delivery_not_late",
        "promised_on",
        lambda: compensation.compensate_late_delivery(
            session,
            work_order_id=order.id,
            actor=person(session, "staff"),
            now=datetime(2026, 9, 30, 12, 0, tzinfo=CST),
        ),
    )
    assert (
        session.scalars(
            select(ComplaintOutcome).where(ComplaintOutcome.work_order_id == order.id)
        ).all()
        == []
    )


def test_an_online_order_not_shipped_is_warned_then_escalated_once(session):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    paid = NOW - timedelta(hours=1)
    order = _book(
        session, receipt_no, service="delivery", tech="driver", day="2027-03-05", paid_at=paid
    )
    assert order.ship_by == paid + timedelta(days=2)
    for hours in (37, 38, 49, 60):  # warned at 36 h (3/4 of 2 days), due at 48 h
        tasks.ship_batch(session, now=paid + timedelta(hours=hours))
    actions = session.scalars(
        select(Event.action)
        .where(Event.entity == "work_order", Event.entity_id == order.id)
        .order_by(Event.id)
    ).all()
    assert actions == ["service_booked", "ship_warned", "ship_escalated"]
    session.refresh(order)
    assert order.ship_warned_at and order.ship_escalated_at and order.ship_check_at is None


@pytest.mark.pg
def test_two_workers_on_postgresql_send_each_reminder_exactly_once(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        receipt_no = sale(s, days_ago=1, lines=[AIRCON])
        ids = [
            _book(
                s, receipt_no, day="2027-04-06", start=f"{8 + i:02d}:00", end=f"{8 + i:02d}:30"
            ).id
            for i in range(10)
        ] + [
            _book(
                s,
                receipt_no,
                tech="technician2",
                day="2027-04-06",
                start=f"{8 + i:02d}:00",
                end=f"{8 + i:02d}:30",
            ).id
            for i in range(10)
        ]
    now = datetime(2027, 4, 5, 10, 5, tzinfo=CST)
    engines = [make_engine(url) for _ in range(2)]
    start = threading.Barrier(2)

    def work(engine):
        start.wait()
        tasks.service_work(make_session_factory(engine), None, now=now, batch=3)

    threads = [threading.Thread(target=work, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    with factory() as s:
        reminders = [
            m.meta["work_order_id"]
            for m in s.scalars(select(OutboxMessage))
            if (m.meta or {}).get("event") == "reminder" and m.meta["work_order_id"] in set(ids)
        ]
        assert sorted(reminders) == sorted(ids)
        events = s.scalars(
            select(Event.entity_id).where(
                Event.entity == "work_order",
                Event.action == "customer_reminded",
                Event.entity_id.in_(ids),
            )
        ).all()
        assert sorted(events) == sorted(ids)


@pytest.mark.pg
def test_two_clerks_booking_one_technician_at_once_on_postgresql_get_one_slot(pg_engine):
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        receipt_no = sale(s, days_ago=1, lines=[AIRCON])
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def book():
        start.wait()
        try:
            with transaction(factory) as s:
                _book(s, receipt_no, tech="technician2", day="2027-05-11")
            outcomes.append("booked")
        except DomainError as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=book) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "technician_busy"]


def test_a_delivery_moved_by_the_store_keeps_its_promise_and_by_the_customer_moves_it(session):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    order = _book(session, receipt_no, service="delivery", tech="driver", day="2027-03-03")
    staff = person(session, "staff")

    def move(day, asked_by):
        data = RescheduleIn(
            slot_start=_at(day, "09:00"),
            slot_end=_at(day, "10:00"),
            asked_by=asked_by,
            version=session.get(WorkOrder, order.id).version,
        )
        return scheduling.reschedule(
            session, work_order_id=order.id, data=data, actor=staff, now=NOW
        )

    assert move("2027-03-05", "store").promised_on.isoformat() == "2027-03-03"
    assert move("2027-03-08", "customer").promised_on.isoformat() == "2027-03-08"
    asked = session.scalars(
        select(SlotChange.asked_by).where(SlotChange.work_order_id == order.id)
    ).all()
    assert asked == ["store", "customer"]


def test_an_installation_booked_for_later_is_not_a_repair_of_the_item(session):
    # Booked for next week: a claim on the line today must not see a "repair after the
    # request day" (it once refused every claim on such a line).
    receipt_no = sale(session, days_ago=3, lines=[AIRCON])
    now = datetime.now(CST)
    _book(session, receipt_no, day=(now + timedelta(days=7)).date().isoformat(), now=now)
    claim = open_claim(
        session,
        data=claim_in(
            receipt_no,
            sku=AIRCON["sku"],
            problem="performance_fault",
            condition=[],
            product_type="air_conditioner",
        ),
        actor=person(session, "staff"),
        now=now,
    )
    assert claim.policy_request.get("repairs", []) == []

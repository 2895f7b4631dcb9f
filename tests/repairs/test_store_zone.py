"""A work order's times and local days are its store's."""

from datetime import date, timedelta

import pytest

from aftersales.refs import refs
from aftersales.repairs import service as repairs
from aftersales.repairs.models import WorkKind, WorkOrder, WorkStatus
from aftersales.repairs.present import work_order_json
from tests.claims.factories import person
from tests.support.zones import AT, STORE_ID, ZONES, move_store, refs_in


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_work_order_times_are_the_stores(zone: str, shown: str, day: str) -> None:
    order = WorkOrder(
        id=5,
        store_id=STORE_ID,
        counter_id=1,
        kind=WorkKind.free,
        status=WorkStatus.intake,
        taken_in_on=AT.date(),
        opened_at=AT,
        due_at=AT,
        quote_accepted_at=AT,
    )
    body = work_order_json(order, refs_in(zone))
    assert [body["opened_at"], body["due_at"], body["quote_accepted_at"]] == [shown] * 3


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_an_item_is_taken_in_and_back_on_its_stores_day(
    session, zone: str, shown: str, day: str
) -> None:
    store_id = move_store(session, "S1", zone)
    counter = next(i for i, s in refs(session).counters.values() if s == store_id)
    staff = person(session, "admin")
    item = repairs.RepairItem(
        None, None, store_id, counter, "FW-2001", "女士短靴", "glue_open", None
    )
    order = repairs.open_work_order(session, item=item, kind=WorkKind.free, actor=staff, now=AT)
    assert order.taken_in_on.isoformat() == day
    order.status = WorkStatus.repaired
    session.flush()
    back = repairs.hand_back(
        session, work_order_id=order.id, fixed=True, actor=staff, now=AT + timedelta(days=1)
    )
    assert back.back_on == date.fromisoformat(day) + timedelta(days=1)

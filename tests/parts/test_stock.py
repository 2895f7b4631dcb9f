"""Parts for a work order: reserve, consume, give back, take back; stock never below zero."""

import threading

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.errors import DomainError
from aftersales.parts import reserve, stock
from aftersales.parts.errors import (
    MoreThanConsumed,
    MoreThanReserved,
    NegativeStock,
    NotEnoughStock,
)
from aftersales.parts.models import PartStock
from tests.claims.factories import person
from tests.parts.factories import NOW, part, work_order


def _stock(session, part_id):
    row = session.scalars(
        select(PartStock).where(PartStock.part_id == part_id, PartStock.location == "S1")
    ).one()
    session.refresh(row)
    return row


def test_a_reserved_part_is_consumed_on_completion_and_the_rest_freed(session):
    p, order, tech = part(session, on_hand=5), work_order(session), person(session, "technician")
    held = reserve.reserve(
        session, work_order_id=order.id, part_id=p.id, location="S1", qty=2, actor=tech, now=NOW
    )
    assert (_stock(session, p.id).on_hand, _stock(session, p.id).reserved) == (5, 2)
    reserve.consume(session, reservation_id=held.id, qty=1, actor=tech, now=NOW)
    assert (_stock(session, p.id).on_hand, _stock(session, p.id).reserved) == (4, 0)
    reserve.return_to_stock(session, reservation_id=held.id, qty=1, actor=tech, now=NOW)
    assert _stock(session, p.id).on_hand == 5


def test_consuming_more_than_reserved_is_refused_naming_the_field(session):
    p, order, tech = part(session, on_hand=5), work_order(session), person(session, "technician")
    held = reserve.reserve(
        session, work_order_id=order.id, part_id=p.id, location="S1", qty=1, actor=tech, now=NOW
    )
    events = session.scalar(select(func.count()).select_from(Event))
    with pytest.raises(MoreThanReserved) as refused:
        reserve.consume(session, reservation_id=held.id, qty=2, actor=tech, now=NOW)
    assert (refused.value.status, refused.value.field) == (422, "qty")
    assert (_stock(session, p.id).on_hand, _stock(session, p.id).reserved) == (5, 1)
    assert session.scalar(select(func.count()).select_from(Event)) == events
    with pytest.raises(MoreThanConsumed):
        reserve.return_to_stock(session, reservation_id=held.id, qty=1, actor=tech, now=NOW)


def test_reserving_more_than_is_free_and_counting_below_zero_are_refused(session):
    p, order, tech = part(session, on_hand=2), work_order(session), person(session, "technician")
    with pytest.raises(NotEnoughStock) as refused:
        reserve.reserve(
            session, work_order_id=order.id, part_id=p.id, location="S1", qty=3, actor=tech, now=NOW
        )
    assert (refused.value.status, refused.value.field) == (422, "qty")
    assert refused.value.extra == {"available": 2}
    keeper = person(session, "warehouse")
    with pytest.raises(NegativeStock) as negative:
        stock.count_stock(session, part_id=p.id, location="S1", on_hand=-1, actor=keeper)
    assert (negative.value.status, negative.value.field) == (422, "on_hand")
    reserve.reserve(
        session, work_order_id=order.id, part_id=p.id, location="S1", qty=2, actor=tech, now=NOW
    )
    with pytest.raises(NegativeStock):  # the shelf cannot hold less than is promised
        stock.count_stock(session, part_id=p.id, location="S1", on_hand=1, actor=keeper)
    assert _stock(session, p.id).on_hand == 2


@pytest.mark.pg
def test_concurrent_reservations_on_postgresql_never_take_stock_below_zero(pg_engine):
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        p = part(s, on_hand=5)
        orders = [work_order(s).id for _ in range(12)]
        part_id = p.id
    url = pg_engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(4)]
    start = threading.Barrier(len(orders))
    results: list[str] = []

    def take(i: int, order_id: int) -> None:
        session_factory = make_session_factory(engines[i % len(engines)])
        start.wait()
        try:
            with transaction(session_factory) as s:
                reserve.reserve(
                    s,
                    work_order_id=order_id,
                    part_id=part_id,
                    location="S1",
                    qty=1,
                    actor=person(s, "technician"),
                    now=NOW,
                )
            results.append("reserved")
        except DomainError as refused:
            results.append(refused.code)

    threads = [threading.Thread(target=take, args=(i, o)) for i, o in enumerate(orders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    assert sorted(results) == ["not_enough_stock"] * 7 + ["reserved"] * 5
    with factory() as s:
        row = _stock(s, part_id)
        assert (row.on_hand, row.reserved) == (5, 5)

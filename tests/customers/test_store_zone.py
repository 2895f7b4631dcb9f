"""A sale's local day is its store's; the member programme's ledger is the group's."""

import pytest

from aftersales.customers import points
from aftersales.sales import service as sales
from aftersales.sales.schemas import SaleCreate
from tests.claims.factories import person
from tests.customers.factories import ledger, line, member, new_member_no, new_phone
from tests.sales.factories import sale_body
from tests.support.zones import AT, ZONES, move_store


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_a_member_enrolled_at_a_sale_joins_on_the_stores_day(
    session, zone: str, shown: str, day: str
) -> None:
    move_store(session, "S1", zone)
    no = new_member_no()
    body = sale_body(
        lines=[line("813.59")],
        customer={"name": "钱多多", "phone": new_phone(), "member_no": no},
        sold_at=AT.isoformat(),
    )
    sales.record_sale(session, data=SaleCreate.model_validate(body), actor=person(session, "admin"))
    m = member(session, no)
    assert m.since.isoformat() == day
    entry = ledger(session, m.id)[0]
    entry.at = AT
    # the group's default zone (Shanghai's), wherever the points were earned
    assert points.entry_json(entry)["at"] == ZONES[0][1]

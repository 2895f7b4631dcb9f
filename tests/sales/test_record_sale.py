"""Recording a sale and finding receipts, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.refs import refs
from aftersales.sales import service
from aftersales.sales.errors import ReceiptNumberTaken, SoldInFuture, UnknownCode
from aftersales.sales.models import Product, Receipt
from aftersales.sales.schemas import SaleCreate
from tests.sales.factories import sale_body


def principal(session, role: Role, counter: str | None = None, store: str | None = None):
    r = refs(session)
    counter_id, store_id = r.counters[counter] if counter else (None, None)
    if store:
        store_id = r.stores[store]
    return Principal(1, "admin", "x", role, store_id, counter_id, 1)


def test_a_sale_is_stored_whole_with_its_audit_event(session):
    admin = principal(session, Role.admin)
    body = sale_body(
        lines=[
            {
                "sku": "NEW-SKU-1",
                "name": "新款羊绒衫",
                "category": "knitwear",
                "qty": 1,
                "tag_price": "999.00",
                "paid": "799.20",
            },
            {
                "sku": "JK-1001",
                "name": "男士棉袄",
                "category": "apparel",
                "qty": 2,
                "tag_price": "1437.00",
                "paid": "2012.00",
            },
        ]
    )
    receipt = service.record_sale(session, data=SaleCreate.model_validate(body), actor=admin)
    assert receipt.total_paid == Decimal("2811.20")
    stored = service.get_receipt(session, user=admin, receipt_id=receipt.id)
    assert [ln.paid for ln in stored.lines] == [Decimal("799.20"), Decimal("2012.00")]
    learned = session.scalars(select(Product).where(Product.sku == "NEW-SKU-1")).one()
    assert (learned.name, learned.tag_price) == ("新款羊绒衫", Decimal("999.00"))
    events = session.scalars(
        select(Event).where(Event.entity == "receipt", Event.entity_id == receipt.id)
    ).all()
    assert [e.action for e in events] == ["created"]


def test_the_same_receipt_number_twice_is_refused_and_nothing_is_added(session):
    admin = principal(session, Role.admin)
    body = sale_body()
    service.record_sale(session, data=SaleCreate.model_validate(body), actor=admin)
    before = session.execute(select(func.count()).select_from(Receipt)).scalar_one()
    with pytest.raises(ReceiptNumberTaken), session.begin_nested():
        service.record_sale(session, data=SaleCreate.model_validate(body), actor=admin)
    assert session.execute(select(func.count()).select_from(Receipt)).scalar_one() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"store": "S9"}, "store"),
        ({"counter": "S2-F1-C01"}, "counter"),
        ({"counter": "NOPE"}, "counter"),
        ({"staff": "ghost"}, "staff"),
    ],
)
def test_unknown_codes_name_the_field(session, change, field):
    with pytest.raises(UnknownCode) as err:
        service.record_sale(
            session,
            data=SaleCreate.model_validate(sale_body(**change)),
            actor=principal(session, Role.admin),
        )
    assert err.value.field == field


def test_an_unknown_category_names_the_line(session):
    body = sale_body()
    body["lines"][0]["category"] = "spaceships"
    with pytest.raises(UnknownCode) as err:
        service.record_sale(
            session, data=SaleCreate.model_validate(body), actor=principal(session, Role.admin)
        )
    assert err.value.field == "lines[0].category"


def test_a_sale_in_the_future_is_refused(session):
    body = sale_body(sold_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    with pytest.raises(SoldInFuture):
        service.record_sale(
            session, data=SaleCreate.model_validate(body), actor=principal(session, Role.admin)
        )


def test_a_counter_clerk_finds_only_their_counters_receipts_by_phone(session):
    admin = principal(session, Role.admin)
    mine = service.record_sale(
        session,
        data=SaleCreate.model_validate(
            sale_body(customer={"name": "李四", "phone": "13900001111"})
        ),
        actor=admin,
    )
    other = service.record_sale(
        session,
        data=SaleCreate.model_validate(
            sale_body(
                store="S2", counter="S2-F1-C01", customer={"name": "李四", "phone": "13900001111"}
            )
        ),
        actor=admin,
    )
    clerk = principal(session, Role.staff, counter="S1-F1-C01")
    found = service.search_receipts(session, user=clerk, phone="13900001111")
    assert [r.id for r in found] == [mine.id]
    everyone = service.search_receipts(session, user=admin, phone="13900001111")
    assert {r.id for r in everyone} == {mine.id, other.id}


def test_receipts_page_by_keyset_newest_first(session):
    admin = principal(session, Role.admin)
    now = datetime.now(UTC)
    made = [
        service.record_sale(
            session,
            data=SaleCreate.model_validate(
                sale_body(
                    sold_at=(now - timedelta(hours=h)).isoformat(),
                    customer={"name": "王五", "phone": "13700007777"},
                )
            ),
            actor=admin,
        )
        for h in range(5)
    ]
    first = service.search_receipts(session, user=admin, phone="13700007777", limit=3)
    rest = service.search_receipts(
        session, user=admin, phone="13700007777", limit=3, after=(first[-1].sold_at, first[-1].id)
    )
    assert [r.id for r in first + rest] == [m.id for m in made]


def test_date_range_is_in_the_stores_days(session):
    admin = principal(session, Role.admin)
    # 23:30 in Shanghai on 1 March is 15:30 UTC: it belongs to 1 March, not 2 March.
    late = service.record_sale(
        session,
        data=SaleCreate.model_validate(
            sale_body(
                sold_at="2026-03-01T23:30:00+08:00",
                customer={"name": "赵六", "phone": "13600006666"},
            )
        ),
        actor=admin,
    )
    day = date(2026, 3, 1)
    found = service.search_receipts(
        session, user=admin, phone="13600006666", date_from=day, date_to=day
    )
    assert [r.id for r in found] == [late.id]


def test_the_start_of_a_receipt_number_finds_it_and_wildcards_are_plain(session):
    admin = principal(session, Role.admin)
    made = [
        service.record_sale(
            session,
            data=SaleCreate.model_validate(
                sale_body(receipt_no=no, customer={"name": "钱七", "phone": "13500005555"})
            ),
            actor=admin,
        )
        for no in ("PFX-2026-0001", "PFX-2026-0002", "PFX_2027-0001")
    ]
    found = service.search_receipts(session, user=admin, receipt_no="PFX-2026")
    assert sorted(r.receipt_no for r in found) == ["PFX-2026-0001", "PFX-2026-0002"]
    assert [r.id for r in service.search_receipts(session, user=admin, receipt_no="PFX_")] == [
        made[2].id
    ]
    assert service.search_receipts(session, user=admin, receipt_no="PFX%") == []


def test_a_product_learned_in_a_rolled_back_sale_is_learned_again(factory):
    import uuid

    sku = f"NEW-{uuid.uuid4().hex[:8]}"
    line = {
        "sku": sku,
        "name": "新款短靴",
        "category": "footwear",
        "qty": 1,
        "tag_price": "699.00",
        "paid": "599.00",
    }
    with factory() as db:
        admin = principal(db, Role.admin)
        body = sale_body(lines=[line, line | {"name": "新款短靴（另一只）"}])
        service.record_sale(db, data=SaleCreate.model_validate(body), actor=admin)
        db.rollback()  # the whole sale, and the product it taught us, are gone
        again = service.record_sale(
            db, data=SaleCreate.model_validate(sale_body(lines=[line])), actor=admin
        )
        db.commit()
        assert again.id

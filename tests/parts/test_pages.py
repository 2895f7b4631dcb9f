"""The warehouse's to-do page and the parts pages, through the real app and its forms."""

import pytest
from sqlalchemy import select

from aftersales.complaints import service as complaints
from aftersales.complaints.models import ComplaintTask
from aftersales.db import make_session_factory, transaction
from aftersales.parts.models import PartStock
from tests.claims.factories import person
from tests.complaints.factories import form
from tests.parts.factories import NOW, part, work_order
from tests.support.pages import login, page_client


@pytest.fixture
def web(sqlite_engine, tmp_path):
    with page_client(sqlite_engine, tmp_path) as client:
        yield client


@pytest.fixture
def factory(sqlite_engine):
    return make_session_factory(sqlite_engine)


def _low_part_and_task(factory):
    with transaction(factory) as s:
        p = part(s, on_hand=1)  # reorder point 2
        c = complaints.register_complaint(s, data=form(), actor=person(s, "staff"), now=NOW)
        task = ComplaintTask(
            complaint_id=c.id,
            role="warehouse",
            store_id=c.store_id,
            title="寄送换货：同款短靴一双",
            created_at=NOW,
        )
        s.add(task)
        s.flush()
        return p.id, p.code, task.id


def test_the_warehouse_sees_its_to_do_and_closes_a_shipping_task(web, factory):
    part_id, code, task_id = _low_part_and_task(factory)
    token = login(web, "warehouse", then="/warehouse")
    page = web.get("/warehouse").text
    assert "寄送换货：同款短靴一双" in page and code in page
    done = web.post(
        f"/warehouse/tasks/{task_id}/done", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    with factory() as s:
        assert s.get(ComplaintTask, task_id).done_at is not None
        row = s.scalars(select(PartStock).where(PartStock.part_id == part_id)).one()
    ordered = web.post(
        f"/warehouse/reorder/{row.id}", data={"csrf_token": token}, follow_redirects=False
    )
    assert ordered.status_code == 303
    with factory() as s:
        assert s.get(PartStock, row.id).ordered_qty == 5
    assert "寄送换货：同款短靴一双" not in web.get("/warehouse").text


def test_the_to_do_page_is_the_warehouses_only(web):
    assert web.get("/warehouse", follow_redirects=False).status_code in (303, 401)
    login(web, "staff")
    assert web.get("/warehouse").status_code == 403


def test_a_technician_reserving_more_than_is_free_reads_why_next_to_the_field(web, factory):
    with transaction(factory) as s:
        p = part(s, on_hand=2)
        order = work_order(s)
        stock_id = s.scalars(select(PartStock.id).where(PartStock.part_id == p.id)).one()
        order_id = order.id
    token = login(web, "technician", then=f"/work-orders/{order_id}/parts")
    refused = web.post(
        f"/work-orders/{order_id}/parts/reserve",
        data={"csrf_token": token, "stock_id": str(stock_id), "qty": "3"},
    )
    assert refused.status_code == 422
    assert "可用库存不足" in refused.text
    done = web.post(
        f"/work-orders/{order_id}/parts/reserve",
        data={"csrf_token": token, "stock_id": str(stock_id), "qty": "2"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with factory() as s:
        assert s.get(PartStock, stock_id).reserved == 2
    assert web.get("/parts").status_code == 200


def test_the_admin_sets_a_category_promise(web, factory):
    token = login(web, "admin", then="/turnaround-promises")
    saved = web.post(
        "/turnaround-promises",
        data={"csrf_token": token, "category": "general", "days": "400"},
    )
    assert saved.status_code == 422 and "天数须在1到365之间" in saved.text


def test_the_warehouse_adds_a_part_from_the_catalogue_form(web, factory):
    from aftersales.org.models import Brand
    from aftersales.parts.models import SparePart

    with factory() as s:
        brand_id = s.scalars(select(Brand.id).where(Brand.name == "海尔")).one()
    token = login(web, "warehouse", then="/parts")
    form = {"csrf_token": token, "code": "HX-01", "brand": str(brand_id), "model": "BCD-1"}
    missing = web.post("/parts", data=form | {"unit_cost": "12.5"})
    assert missing.status_code == 422 and 'class="error"' in missing.text  # by the code field
    added = web.post(
        "/parts", data=form | {"name": "门封条", "unit_cost": "12.5"}, follow_redirects=False
    )
    assert added.status_code == 303
    with factory() as s:
        row = s.scalars(select(SparePart).where(SparePart.code == "HX-01")).one()
        assert (row.brand_id, row.kind, row.reorder_point, row.reorder_qty) == (
            brand_id,
            "part",
            0,
            1,
        )

"""A clerk enters a sale on the console: stored like an API sale; mistakes shown by field."""

import re
import uuid

from sqlalchemy import func, select

from aftersales.sales.models import Receipt
from tests.conftest import make_client


def _logged_in(engine, username: str):
    web = make_client(str(engine.url))
    token = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/login").text).group(1)
    web.post("/login", data={"username": username, "password": "demo", "csrf_token": token})
    return web


def _form(web, **fields) -> dict:
    page = web.get("/receipts/new")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    base = {
        "csrf_token": token,
        "receipt_no": f"M-{uuid.uuid4().hex[:10]}",
        "counter": "S1-F1-C01",
        "sold_at": "2026-11-01T10:30",
        "staff": "staff",
        "customer_name": "王五",
        "customer_phone": "13700009999",
        "lines-0-sku": "SH-77",
        "lines-0-name": "真皮短靴",
        "lines-0-category": "footwear",
        "lines-0-qty": "1",
        "lines-0-tag_price": "999.00",
        "lines-0-paid": "799.00",
    }
    return base | fields


def _count(engine, number: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(Receipt).where(Receipt.receipt_no == number)
        ).scalar_one()


def test_a_clerk_enters_a_sale_and_lands_on_the_receipt(sqlite_engine):
    with _logged_in(sqlite_engine, "staff") as web:
        form = _form(web)
        answer = web.post("/receipts/new", data=form, follow_redirects=False)
        assert answer.status_code == 303
        page = web.get(answer.headers["location"])
        assert form["receipt_no"] in page.text and "真皮短靴" in page.text
        assert "2026-11-01 10:30" in page.text  # the store's local time, as typed
    assert _count(sqlite_engine, form["receipt_no"]) == 1


def test_mistakes_are_shown_next_to_the_field_and_nothing_is_stored(sqlite_engine):
    with _logged_in(sqlite_engine, "staff") as web:
        form = _form(web, **{"lines-0-paid": "-3", "customer_phone": "12"})
        answer = web.post("/receipts/new", data=form)
        assert answer.status_code == 422
        assert 'data-field="lines[0].paid"' in answer.text
        assert 'data-field="customer.phone"' in answer.text
        assert 'value="真皮短靴"' in answer.text  # what was typed is kept
    assert _count(sqlite_engine, form["receipt_no"]) == 0


def test_a_clerk_cannot_enter_a_sale_for_another_counter(sqlite_engine):
    with _logged_in(sqlite_engine, "staff") as web:
        form = _form(web, counter="S1-F2-C03")
        answer = web.post("/receipts/new", data=form)
        assert answer.status_code == 403
        assert 'data-field="counter"' in answer.text
    assert _count(sqlite_engine, form["receipt_no"]) == 0

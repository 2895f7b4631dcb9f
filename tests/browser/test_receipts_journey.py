"""At the counter: `staff` finds a sale by the customer's phone and opens it."""

from sqlalchemy import select

from aftersales.org.models import Store
from aftersales.sales.models import Receipt
from tests.browser.conftest import log_in


def test_staff_finds_a_demo_receipt_by_phone_and_opens_it(page, live_server):
    log_in(page, live_server, "staff")
    page.click("text=小票查询")
    page.fill("input[name=phone]", "138 1234 5678")
    page.click("button:has-text('查询')")
    first = page.locator("table tbody tr td a").first
    number = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == f"小票 {number}"
    assert "张三" in page.content()
    assert "S1-F1-C01" in page.content()


def test_staff_cannot_open_the_other_stores_receipt(page, live_server, sqlite_engine):
    with sqlite_engine.connect() as conn:
        other = conn.execute(
            select(Receipt.id)
            .join(Store, Store.id == Receipt.store_id)
            .where(Store.code == "S2")
            .limit(1)
        ).scalar_one()
    log_in(page, live_server, "staff")
    answer = page.goto(f"{live_server}/receipts/{other}")
    assert answer is not None and answer.status == 404
    assert "未找到该小票" in page.content()

"""The members journey in a real browser: enrol a customer at the counter, sell to the
member, take the boots back within 7 days and see the points go back; then a customer's
suggestion from /suggest is answered and the reply queued."""

import random
from datetime import UTC, datetime, timedelta

import httpx

from tests.browser.conftest import log_in

BOOTS = {
    "sku": "FW-2001",
    "name": "女士短靴",
    "category": "footwear",
    "qty": 1,
    "tag_price": "1299.00",
    "paid": "813.59",
}


def _post_sale(base: str, *, phone: str, member_no: str | None, days_ago: int) -> str:
    token = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": "admin", "password": "demo"}
    ).json()["access_token"]
    customer = {"name": "钱女士", "phone": phone} | ({"member_no": member_no} if member_no else {})
    receipt_no = f"MJ-{random.randrange(10**9)}"
    body = {
        "receipt_no": receipt_no,
        "store": "S1",
        "counter": "S1-F1-C01",
        "staff": "staff",
        "sold_at": (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
        "customer": customer,
        "lines": [BOOTS],
    }
    answer = httpx.post(
        f"{base}/api/v1/sales", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 201, answer.text
    return receipt_no


def _enrol(page, base: str, phone: str, member_no: str) -> None:
    page.goto(f"{base}/customers?q={phone}")
    page.click("table a[href^='/customers/']")
    page.fill("#member input[name=member_no]", member_no)
    page.click("#member button")
    page.locator(".flash").wait_for()  # the page after the click may still be loading
    assert member_no in page.locator("#member").inner_text()


def _return_boots(page, base: str, receipt_no: str) -> None:
    page.goto(f"{base}/claims/desk")
    page.fill("#find input[name=q]", receipt_no)
    page.click("#find button[type=submit]")
    page.click(f"a[href*='q={receipt_no}']")
    page.select_option("select[name=problem]", "sole_broken")
    page.select_option("select[name=part]", "sole")
    page.click("button[name=decide]")
    page.locator(
        "form[action='/claims/desk/open']:has(input[name=remedy][value=return]) button"
    ).click()
    page.wait_for_url(f"{base}/claims/*")
    page.fill("input[name=amount]", "813.59")
    page.click("form[action$='/refund'] button[type=submit]")
    page.wait_for_url(f"{base}/claims/*")


def test_enrol_sell_return_and_the_points_go_back(live_server, page):
    phone, member_no = f"147{random.randrange(10**8):08d}", f"MJ{random.randrange(10**8)}"
    _post_sale(live_server, phone=phone, member_no=None, days_ago=30)  # a walk-in before
    log_in(page, live_server, "staff")
    _enrol(page, live_server, phone, member_no)
    receipt_no = _post_sale(live_server, phone=phone, member_no=member_no, days_ago=2)
    page.reload()
    assert page.locator("#points-balance").inner_text() == "813"
    customer_page = page.url
    _return_boots(page, live_server, receipt_no)
    page.goto(customer_page)
    assert page.locator("#points-balance").inner_text() == "0"
    ledger = page.locator("#ledger").inner_text()
    assert "退货" in ledger and "-813" in ledger
    page.screenshot(path="/tmp/members_journey_customer.png", full_page=True)


def test_a_suggestion_from_suggest_is_answered_and_the_reply_queued(live_server, browser, page):
    phone = f"147{random.randrange(10**8):08d}"
    visitor = browser.new_context(locale="zh-CN", viewport={"width": 768, "height": 1024})
    public = visitor.new_page()
    public.goto(f"{live_server}/suggest")
    public.select_option("select[name=store]", "S1")
    public.fill("textarea[name=text]", "周末收银台排队太久，希望多开一个收银台")
    public.fill("input[name=phone]", phone)
    public.click("#suggest button[type=submit]")
    reference = public.locator("#suggestion-ref").inner_text()
    public.screenshot(path="/tmp/members_journey_suggest.png", full_page=True)
    visitor.close()

    log_in(page, live_server, "floor_supervisor")
    page.goto(f"{live_server}/suggestions")
    page.click(f"text={reference}")
    page.select_option("#decide select[name=decision]", "adopted")
    page.fill("#decide textarea[name=reply]", "感谢建议，周末起增开一个收银台。")
    page.click("#decide button")
    assert page.locator("#status").inner_text() == "已采纳"
    assert page.locator("#notified").inner_text() == "是"
    page.screenshot(path="/tmp/members_journey_reply.png", full_page=True)

"""An air conditioner is sold, its installation booked from the receipt page, the
technician completes it on a tablet with the customer's signature, and a later claim on
that line counts its 三包 periods from the installation day, in real Chromium."""

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from tests.browser.conftest import log_in

AIRCON = {
    "sku": "AP-7201",
    "name": "格力空调",
    "category": "appliance",
    "qty": 1,
    "tag_price": "3999.00",
    "paid": "3599.00",
}


def _sale(base: str, *, days_ago: int, phone: str) -> tuple[int, str]:
    token = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": "admin", "password": "demo"}
    ).json()["access_token"]
    receipt_no = f"AC-{random.randrange(10**9)}"
    body = {
        "receipt_no": receipt_no,
        "store": "S1",
        "counter": "S1-F1-C01",
        "sold_at": (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
        "customer": {"name": "钱先生", "phone": phone},
        "lines": [AIRCON],
    }
    answer = httpx.post(
        f"{base}/api/v1/sales", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"], receipt_no


def _desk_offers_return(page, base: str, receipt_no: str) -> bool:
    page.goto(f"{base}/claims/desk")
    page.fill("#find input[name=q]", receipt_no)
    page.click("#find button[type=submit]")
    page.click(f"a[href*='q={receipt_no}']")
    page.select_option("select[name=problem]", "performance_fault")
    page.click("button[name=decide]")
    page.locator(".decision").first.wait_for()
    offer = "form[action='/claims/desk/open']:has(input[name=remedy][value=return])"
    return page.locator(offer).count() > 0


def test_an_air_conditioner_installed_on_a_tablet_counts_its_periods_from_installation(
    live_server, page, browser
):
    # Sold three weeks ago: counted from the sale, the 7-day return is long gone.
    receipt_id, receipt_no = _sale(
        live_server, days_ago=22, phone=f"139{random.randrange(10**8):08d}"
    )
    log_in(page, live_server, "staff")
    assert not _desk_offers_return(page, live_server, receipt_no)

    # The receipt page offers the installation; the clerk books it with the customer.
    page.goto(f"{live_server}/receipts/{receipt_id}")
    page.click("a.book-installation")
    page.wait_for_url("**/service-orders/new?**")
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=4)).date().isoformat()
    page.fill("input[name=address]", "南京西路 1266 弄 5 号 1201 室")
    page.select_option("select[name=technician]", "technician")
    page.fill("input[name=day]", day)
    page.fill("input[name=start]", "13:00")
    page.fill("input[name=end]", "15:00")
    page.click("#book button[type=submit]")
    page.wait_for_url(f"{live_server}/work-orders/*")
    order_url = page.url
    assert page.locator("#work-status").inner_text() == "已预约"

    # The technician, on a tablet: arrives, records the work, the customer signs.
    tablet = browser.new_context(locale="zh-CN", viewport={"width": 768, "height": 1024})
    tech = tablet.new_page()
    tech.set_default_timeout(10_000)
    log_in(tech, live_server, "technician")
    tech.goto(f"{order_url}/visit")
    tech.click("#arrive button[type=submit]")
    tech.wait_for_url(order_url)
    tech.goto(f"{order_url}/visit")
    assert tech.locator("#work-status").inner_text() == "已到现场"
    tech.fill("textarea[name=work_done]", "挂机安装完成，抽真空，试机制冷正常")
    tech.fill("textarea[name=parts_used]", "铜管 3 米\n排水管 2 米")
    tech.select_option("select[name=rating]", "5")
    pad = tech.locator("#signature-pad").bounding_box()
    tech.mouse.move(pad["x"] + 40, pad["y"] + 60)
    tech.mouse.down()
    for step in range(1, 12):
        tech.mouse.move(pad["x"] + 40 + step * 30, pad["y"] + 60 + (step % 3) * 25)
    tech.mouse.up()
    tech.click("#complete button[type=submit]")
    tech.wait_for_url(order_url)
    assert tech.locator("#work-status").inner_text() == "已完成"
    assert tech.locator("#visit img[alt='签名']").count() == 1
    tablet.close()

    # A claim on that line now: its periods run from today's installation.
    assert _desk_offers_return(page, live_server, receipt_no)

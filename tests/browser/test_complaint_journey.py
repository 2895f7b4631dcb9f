"""Journeys 2 and 3 in a real browser: a walk-in complaint registered at the counter goes up
the ladder when nobody answers in time, is agreed and confirmed with a code sent by SMS,
followed up and closed; the customer tracks it from home and rates the service."""

import random
import re
from datetime import timedelta

from sqlalchemy import select

from aftersales.complaints.models import Complaint
from aftersales.complaints.tasks import sweep_deadlines
from aftersales.db import make_session_factory
from aftersales.notify.models import OutboxMessage
from tests.browser.conftest import log_in


def _register(page, base: str, phone: str) -> int:
    page.goto(f"{base}/complaints/new")
    page.select_option("select[name=type]", "service")
    page.fill("input[name=title]", "导购态度差")
    page.fill("textarea[name=description]", "试鞋时导购很不耐烦，还顶撞顾客")
    page.fill("input[name=customer_name]", "钱女士")
    page.fill("input[name=customer_phone]", phone)
    page.fill("input[name=wants]", "道歉")
    page.click("button[name=register]")
    page.wait_for_url(re.compile(r".*/complaints/\d+$"))
    assert page.locator("#complaint-status").inner_text() == "已登记"
    return int(page.url.rsplit("/", 1)[1])


def _escalate_by_the_clock(factory, complaint_id: int) -> None:
    """The worker's sweep, run with a clock just past the counter's respond_by."""
    with factory() as db:
        respond_by = db.get(Complaint, complaint_id).respond_by
    sweep_deadlines(factory, now=respond_by + timedelta(minutes=1))


def _sent_code(factory, complaint_id: int) -> str:
    with factory() as db:
        bodies = db.scalars(
            select(OutboxMessage.body)
            .where(OutboxMessage.channel == "sms")
            .order_by(OutboxMessage.id.desc())
            .limit(50)
        ).all()
    for body in bodies:  # the newest confirmation code; the complaint's phone is unique here
        if "确认码" in body and (found := re.search(r"(\d{6})", body)):
            return found.group(1)
    raise AssertionError(f"no confirmation code sent for complaint {complaint_id}")


def _agree_and_close(page, factory, complaint_id: int) -> None:
    page.click("#acknowledge button")
    kinds, costs = (
        page.locator("#propose select[name=kind]"),
        page.locator("#propose input[name=cost]"),
    )
    kinds.nth(0).select_option("apology")
    kinds.nth(1).select_option("gift")
    costs.nth(1).fill("50")
    page.click("#propose button[type=submit]")
    assert page.locator("#complaint-status").inner_text() == "已提出方案"
    page.click("#send-code button")
    assert page.locator(".flash").inner_text() == "确认码已发送"
    page.fill("#confirm-code input[name=code]", _sent_code(factory, complaint_id))
    page.click("#confirm-code button")
    assert page.locator("#complaint-status").inner_text() == "已达成协议"
    page.fill("#task input[name=title]", "寄送赠品")
    page.click("#task button")
    assert page.locator("#complaint-status").inner_text() == "执行中"
    page.select_option("#follow-up select[name=satisfied]", "yes")
    page.click("#follow-up button")
    assert page.locator("#complaint-status").inner_text() == "已结案"


def _customer_rates(browser, base: str, code: str, phone: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(f"{base}/track")
    tab.fill("#track input[name=code]", code)
    tab.fill("#track input[name=phone]", phone)
    tab.click("#track button")
    assert tab.locator("#public-status").inner_text() == "已结案"
    tab.check("#rate input[name=rating][value='5']")
    tab.fill("#rate textarea[name=comment]", "店长处理及时，很满意")
    tab.click("#rate button")
    tab.locator("#thanks").wait_for()  # the page after the click may still be loading
    assert "5/5" in tab.locator("#public-rating").inner_text()
    context.close()


def test_a_walk_in_complaint_goes_up_the_ladder_and_the_customer_rates_it(
    live_server, page, browser, sqlite_engine
):
    factory = make_session_factory(sqlite_engine)
    phone = f"136{random.randrange(10**8):08d}"
    log_in(page, live_server, "staff")
    complaint_id = _register(page, live_server, phone)
    code = page.locator("h1").inner_text().split()[1]
    assert "1 · 专柜员工" in page.locator("#complaint-level").inner_text()

    _escalate_by_the_clock(factory, complaint_id)
    page.reload()
    assert "2 · 专柜店长" in page.locator("#complaint-level").inner_text()

    page.click("header form button")  # log out; the counter manager now holds the case
    log_in(page, live_server, "counter_manager")
    page.goto(f"{live_server}/complaints/{complaint_id}")
    _agree_and_close(page, factory, complaint_id)

    _customer_rates(browser, live_server, code, phone)
    page.reload()
    assert "店长处理及时，很满意" in page.locator("#rating").inner_text()

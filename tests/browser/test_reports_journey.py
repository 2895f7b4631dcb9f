"""Journey 4 in a real browser: the merchandise manager opens last month, drills into a
counter's figure, exports the month to Excel and archives it. Screenshots of the page and
of the cases behind a figure are kept under /tmp for a look at the layout."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from aftersales.complaints import service
from aftersales.db import make_session_factory, transaction, utcnow
from aftersales.supervision.reports.period import local_today
from tests.browser.conftest import log_in
from tests.complaints.factories import cst, form

pytestmark = pytest.mark.browser
COUNTER = "S1-F2-C04"


def _last_month_cases(engine) -> str:
    first = local_today("Asia/Shanghai", utcnow()).replace(day=1)
    last = first - timedelta(days=1)
    with transaction(make_session_factory(engine)) as db:
        for hour in (10, 11, 12):
            service.register_complaint(
                db,
                data=form(store="S1", counter=COUNTER),
                actor=None,
                now=cst(last.year, last.month, 10, hour),
            )
    return last.strftime("%Y-%m")


def test_the_manager_opens_last_month_drills_exports_and_archives(page, live_server, sqlite_engine):
    month = _last_month_cases(sqlite_engine)
    log_in(page, live_server, "dept_manager")
    page.click("header nav >> text=统计报表")
    page.wait_for_url(f"{live_server}/reports")
    assert "投诉按专柜" in page.content() and page.locator("svg.pygal-chart").count() >= 5
    page.screenshot(path="/tmp/reports_page.png", full_page=False)
    page.locator(f'#by-counter a[href*="counter={COUNTER}"][href*="flag=count"]').click()
    page.wait_for_url(f"{live_server}/reports/cases?**")
    assert page.locator('table a[href^="/complaints/"]').count() == 3
    page.screenshot(path="/tmp/reports_cases.png")
    page.goto(f"{live_server}/reports/monthly/{month}")
    with page.expect_download() as download:
        page.click("text=Excel")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    counters = {row[0]: row[2] for row in book["投诉按专柜"].iter_rows(min_row=3, values_only=True)}
    assert counters[COUNTER] >= 3
    page.click("text=归档本月报告")
    page.wait_for_url(f"{live_server}/reports/monthly/{month}")
    assert "月报已归档" in page.content() and "dept_manager" in page.content()
    page.screenshot(path="/tmp/reports_monthly.png", full_page=True)
    pdf = page.request.get(f"{live_server}/api/v1/reports/monthly/{month}.pdf")
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    open("/tmp/reports_monthly.pdf", "wb").write(pdf.body())

"""The inspector's journey at tablet width in a real browser: a store inspection with a
photo and a finding; the counter manager puts it right; a colleague verifies it; then a
customer answers a satisfaction survey from the public page and it counts in the figures."""

import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path

from aftersales.db import make_session_factory, transaction, utcnow
from aftersales.feedback.surveys import tasks as survey_tasks
from aftersales.feedback.surveys.models import SurveyInvitation
from tests.browser.conftest import log_in
from tests.surveys.test_surveys import closed_complaint, link_of

SHOTS = Path("/tmp/inspection-journey")


def _png(width: int = 160, height: int = 100) -> bytes:
    """A small striped PNG, big enough to see in the screenshots: a photo of the shelf."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\x00" + bytes((200, 60 + (y // 10) * 15 % 180, 60) * width) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _tablet(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 768, "height": 1024})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


def _fill_sheet(page, base: str, tmp_path: Path) -> int:
    page.goto(f"{base}/inspections/new?template=store_inspection&counter=S1-F1-C01")
    for field in page.locator("table.sheet input[type=number]").all():
        field.fill(field.get_attribute("max"))
    page.fill("input[name=score_labels]", "4")
    page.fill("input[name=note_labels]", "三双鞋价签与收银价格不一致")
    page.check("input[name=on_duty][value=staff]")
    page.fill("input[name=finding_text_0]", "价格标签与结账价格不一致，需全部核对更换")
    page.select_option("select[name=finding_owner_0]", "counter_manager")
    page.fill("input[name=finding_due_0]", (utcnow() + timedelta(days=3)).date().isoformat())
    photo = tmp_path / "price-tag.png"
    photo.write_bytes(_png())
    page.set_input_files("input[name=photos]", str(photo))
    page.screenshot(path=str(SHOTS / "1-sheet.png"), full_page=True)
    page.click("#sheet button[type=submit]")
    page.wait_for_url(re.compile(r".*/inspections/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_inspection_finding_fixed_verified_then_a_survey_answered(
    live_server, browser, sqlite_engine, tmp_path
):
    SHOTS.mkdir(exist_ok=True)
    context, page = _tablet(browser)
    log_in(page, live_server, "inspector")
    inspection_id = _fill_sheet(page, live_server, tmp_path)
    assert "94 / 100" in page.locator("#total").inner_text()
    assert page.locator("#photos img").count() == 1
    page.screenshot(path=str(SHOTS / "2-inspection.png"), full_page=True)
    page.click("header form button")

    log_in(page, live_server, "counter_manager")
    page.goto(f"{live_server}/inspections")
    page.click(f"#action-work a[href^='/inspections/{inspection_id}#']")
    page.fill("#actions input[name=note]", "已核对全部价签并更换三处")
    page.click("#actions button[type=submit]")
    assert "已整改待验证" in page.locator("#actions").inner_text()
    assert page.locator("#actions form").count() == 0  # the owner may not verify
    page.click("header form button")

    log_in(page, live_server, "floor_supervisor")
    page.goto(f"{live_server}/inspections/{inspection_id}")
    page.fill("#actions input[name=note]", "复查合格")
    page.click("#actions button[value=yes]")
    assert "已验证" in page.locator("#actions").inner_text()
    page.screenshot(path=str(SHOTS / "3-verified.png"), full_page=True)
    context.close()

    token = _invitation(sqlite_engine)
    before = _answers_this_month(sqlite_engine)
    context, page = _tablet(browser)
    log_in(page, live_server, "dept_manager")
    reported = _reported_answers(page, live_server)
    page.goto(f"{live_server}/survey/{token}")
    page.check("input[name=score][value='4']")
    page.check("input[name=polite][value=yes]")
    page.fill("textarea[name=comment]", "复查后价签都对了，店长很负责")
    page.screenshot(path=str(SHOTS / "4-survey.png"), full_page=True)
    page.click("#survey button[type=submit]")
    assert "已记录" in page.locator("#survey-thanks").inner_text()
    page.goto(f"{live_server}/survey/{token}")
    assert "已经提交过" in page.locator("#survey-closed").inner_text()
    log_in(page, live_server, "dept_manager")
    page.goto(f"{live_server}/surveys")
    assert int(page.locator("#survey-answers").inner_text()) == before + 1
    page.screenshot(path=str(SHOTS / "5-survey-figures.png"), full_page=True)
    # The statistics page of this month counts the answer in its survey figures.
    assert _reported_answers(page, live_server) == reported + 1
    page.locator("#report-surveys").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "6-reports-surveys.png"), full_page=True)
    context.close()


def _reported_answers(page, base: str) -> int:
    page.goto(f"{base}/reports?period=this_month")
    assert page.locator("#report-survey-invited").count() == 1
    return int(page.locator("#report-survey-answered").inner_text())


def _answers_this_month(sqlite_engine) -> int:
    from zoneinfo import ZoneInfo

    from aftersales.feedback.surveys.stats import survey_figures
    from aftersales.staff.monthly import bounds

    month = utcnow().astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    start, end = bounds(month, "Asia/Shanghai")
    with make_session_factory(sqlite_engine)() as db:
        return survey_figures(db, start=start, end=end)["answered"]


def _invitation(sqlite_engine) -> str:
    """A complaint closed just now: the worker's pass invites its customer by SMS."""
    with transaction(make_session_factory(sqlite_engine)) as db:
        c = closed_complaint(db, at=utcnow())
        survey_tasks.invite_batch(db, now=utcnow(), base_url="http://127.0.0.1")
        inv = db.query(SurveyInvitation).filter_by(source="complaint", source_id=c.id).one()
        return link_of(db, inv.id)[1]

"""The monthly report: its figures, archiving (frozen, 409 twice, 422 not over), and the
Excel and PDF files read back."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update

from aftersales.complaints.models import Complaint
from aftersales.supervision.reports import monthly, pdf, places, xlsx
from aftersales.supervision.reports.errors import (
    AlreadyArchived,
    BadMonth,
    MonthNotOver,
    NotAllowed,
)
from tests.complaints.factories import person
from tests.reports.claim_fixtures import build_claims
from tests.reports.fixtures import NOW, build_week

LATER = NOW + timedelta(days=30)  # April 2025: March is over


def report(session, username, month="2025-03", now=LATER, **picked):
    user = person(session, username)
    scope = places.resolve(session, user, **picked)
    return monthly.monthly_report(
        session, user=user, month=month, scope=scope, now=now, lang="zh", tz="Asia/Shanghai"
    )


def archive(session, username, month="2025-03", now=LATER):
    user = person(session, username)
    return monthly.archive_month(
        session,
        user=user,
        month=month,
        scope=places.resolve(session, user),
        now=now,
        tz="Asia/Shanghai",
    )


def test_the_month_has_the_contract_keys_and_the_weeks_figures(session):
    build_week(session)
    build_claims(session)
    r = report(session, "dept_manager")
    assert r["month"] == "2025-03" and r["archived"] is None
    for key in ("by_type", "by_cause", "by_store", "by_counter", "by_brand", "by_staff"):
        assert isinstance(r["complaints"][key], list), key
    # the week's nine plus the two just outside it, both still in March
    assert r["complaints"]["total"]["count"] == 11
    assert r["claims"]["total"]["compensated"] == "3000.00"
    assert r["claims"]["by_remedy"]
    assert set(r["repairs"]) >= {"count", "median_days", "within_promise"}
    assert set(r["satisfaction"]) >= {"ratings", "average"}
    s1 = report(session, "floor_supervisor")
    assert {row["key"] for row in s1["complaints"]["by_store"]} == {"S1"}
    assert s1["claims"]["total"]["count"] == 4


def test_archived_figures_stay_frozen_and_twice_is_refused(session):
    build_week(session)
    row = archive(session, "dept_manager")
    assert row.scope == "group" and row.archived_by == "dept_manager"
    session.execute(
        update(Complaint).where(Complaint.counter_id.is_not(None)).values(type="facilities")
    )
    r = report(session, "dept_manager")
    assert r["archived"]["by"] == "dept_manager"
    assert {x["key"] for x in r["complaints"]["by_type"]} >= {"service", "product"}
    # the store's people read the store's frozen figures, never the group's
    s1 = report(session, "floor_supervisor")
    assert s1["archived"] is not None and s1["complaints"]["total"]["count"] == 10
    with pytest.raises(AlreadyArchived):
        archive(session, "dept_manager")


def test_archiving_refusals(session):
    with pytest.raises(MonthNotOver):
        archive(session, "dept_manager", month="2025-03", now=NOW)
    with pytest.raises(NotAllowed):
        archive(session, "floor_supervisor")
    with pytest.raises(BadMonth):
        report(session, "dept_manager", month="2025-05")
    with pytest.raises(BadMonth):
        report(session, "dept_manager", month="2025-13")


def test_the_workbook_and_the_pdf_carry_the_figures(session):
    build_week(session)
    build_claims(session)
    r = report(session, "dept_manager")
    book = load_workbook(io.BytesIO(xlsx.workbook_bytes(r, title="售后服务月报 2025-03")))
    assert "投诉按类型" in book.sheetnames and "售后按处理方式" in book.sheetnames
    sheet = book["投诉按类型"]
    assert [c.value for c in sheet[2]][:4] == ["代码", "名称", "投诉数", "按时反馈"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["service"][1] == "服务性投诉" and rows["service"][2] == 8
    assert isinstance(rows["service"][2], int)
    claims = {row[0]: row for row in book["售后按处理方式"].iter_rows(min_row=3, values_only=True)}
    assert float(claims["compensation"][4]) == 3000.0
    summary = list(book["汇总"].iter_rows(min_row=3, values_only=True))
    assert summary[0][0] == "本期" and summary[0][1] == 11
    text = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(pdf.pdf_bytes(r, title="售后服务月报 2025-03"))).pages
    )
    for heading in ("售后服务月报", "投诉按类型", "投诉按门店", "巡查排名", "服务性投诉"):
        assert heading in text, heading

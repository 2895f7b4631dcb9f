"""Service-standard compliance (服务时限达标): a hand-counted April 2024 of complaints and
repairs, the figures per kind in the caller's scope, and the table in the monthly report,
its workbook and its PDF."""

import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import update

from aftersales.complaints import service
from aftersales.complaints.models import Complaint
from aftersales.complaints.schemas import OutcomeIn
from aftersales.parts import tasks as parts_tasks
from aftersales.parts.models import RepairWatch
from aftersales.repairs.models import WorkOrder, WorkStatus
from aftersales.supervision.reports import deadlines
from aftersales.supervision.reports.overview import build_overview
from aftersales.supervision.reports.pdf import pdf_bytes
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.xlsx import workbook_bytes
from tests.complaints.factories import cst, form, person
from tests.parts.factories import work_order

APRIL = Period(date(2024, 4, 1), date(2024, 4, 30))
MONDAY = cst(2024, 4, 8, 10, 0)  # reply_by Wednesday 10 April 16:00 (8 + 9 + 7 hours)
GROUP = Scope()
MAY = cst(2024, 5, 20, 9, 0)


def _case(session, *, counter="S1-F1-C01", at=MONDAY, reply_after=None):
    staff = person(session, "staff" if counter.startswith("S1") else "staff2")
    c = service.register_complaint(
        session, data=form(store=counter[:2], counter=counter), actor=staff, now=at
    )
    if reply_after is not None:
        service.acknowledge(session, complaint_id=c.id, actor=staff, now=at)
        service.propose(
            session,
            complaint_id=c.id,
            outcomes=[OutcomeIn(kind="apology", cost="0")],
            actor=staff,
            now=at + reply_after,
        )
    return c


def _april(session):
    on_time = _case(session, reply_after=timedelta(hours=20))
    assert on_time.reply_by == cst(2024, 4, 10, 16, 0)
    _case(session, reply_after=timedelta(days=4))  # replied late
    lapsed = _case(session)  # the worker stamped the lapse, no reply yet
    session.execute(
        update(Complaint).where(Complaint.id == lapsed.id).values(reply_overdue_at=MONDAY)
    )
    _case(session)  # still within its time
    gone = _case(session)  # withdrawn before any reply: not measured
    service.transition(
        session, complaint_id=gone.id, to="withdrawn", actor=person(session, "staff"), now=MONDAY
    )
    _case(session, counter="S2-F1-C01", reply_after=timedelta(hours=1))  # another store
    _case(session, at=cst(2024, 5, 2, 10, 0))  # the next month
    session.flush()


def _kind(session, kind, user, now=MAY):
    rows = deadlines.complaint_compliance(session, user=user, period=APRIL, scope=GROUP, now=now)
    return next(r for r in rows if r["kind"] == kind)


def test_reply_compliance_counts_the_months_cases_in_the_callers_scope(session):
    _april(session)
    group = _kind(session, "reply", person(session, "dept_manager"))
    assert group == {"kind": "reply", "due": 5, "on_time": 2, "late": 2, "open": 1}
    s1 = _kind(session, "reply", person(session, "floor_supervisor"))
    assert s1 == {"kind": "reply", "due": 4, "on_time": 1, "late": 2, "open": 1}


def test_respond_and_resolve_of_the_same_cases(session):
    _april(session)
    user = person(session, "dept_manager")
    respond = _kind(session, "respond", user)
    # three answered at once, the withdrawn one answered by its withdrawal, two waiting
    assert respond == {"kind": "respond", "due": 6, "on_time": 4, "late": 0, "open": 2}
    resolve = _kind(session, "resolve", user)
    assert resolve == {"kind": "resolve", "due": 5, "on_time": 0, "late": 0, "open": 5}


def test_rework_compliance_by_the_repair_watch(session):
    user = person(session, "dept_manager")
    before = deadlines.rework_compliance(session, user=user, period=APRIL, scope=GROUP)
    opened = cst(2024, 4, 10, 10, 0)
    orders = [work_order(session, days_ago=1) for _ in range(3)]
    ids = [o.id for o in orders]
    session.execute(update(WorkOrder).where(WorkOrder.id.in_(ids)).values(opened_at=opened))
    parts_tasks.enrol(session, now=opened + timedelta(days=30))
    for order_id, days in ((ids[0], 5), (ids[1], 20)):
        session.execute(
            update(WorkOrder)
            .where(WorkOrder.id == order_id)
            .values(status=WorkStatus.handed_back, handed_back_at=opened + timedelta(days=days))
        )
    session.execute(
        update(RepairWatch)
        .where(RepairWatch.work_order_id == ids[2])
        .values(escalated_at=opened + timedelta(days=19))
    )
    after = deadlines.rework_compliance(session, user=user, period=APRIL, scope=GROUP)
    assert {k: after[k] - before[k] for k in deadlines.FIGURES} == {
        "due": 3,
        "on_time": 1,
        "late": 2,
        "open": 0,
    }


def test_the_monthly_report_lists_every_kind_and_exports_the_table(session):
    _april(session)
    user = person(session, "dept_manager")
    report = build_overview(
        session, user=user, period=APRIL, scope=GROUP, now=cst(2024, 5, 20, 9, 0), lang="zh"
    )
    rows = report["deadlines"]
    assert [r["kind"] for r in rows] == [
        "hotline_answer",
        "respond",
        "reply",
        "resolve",
        "rework",
        "ship",
        "deliver",
    ]
    reply = rows[2]
    assert reply == {
        "kind": "reply",
        "label": "答复顾客",
        "due": 5,
        "on_time": 2,
        "late": 2,
        "open": 1,
    }
    english = deadlines.deadline_compliance(
        session, user=user, period=APRIL, scope=GROUP, lang="en"
    )
    assert english[2]["label"] == "a reply to the customer"
    sheet = load_workbook(io.BytesIO(workbook_bytes(report, title="2024-04")))["服务时限达标"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["时限代码", "服务时限", "应达标数", "按时", "超时", "未到期"]
    assert values[3] == ["reply", "答复顾客", 5, 2, 2, 1]
    assert pdf_bytes(report, title="2024-04").startswith(b"%PDF")


def test_a_month_filed_before_the_table_existed_still_exports(session):
    report = build_overview(
        session,
        user=person(session, "dept_manager"),
        period=APRIL,
        scope=GROUP,
        now=cst(2024, 5, 20, 9, 0),
        lang="zh",
    )
    del report["deadlines"]
    book = load_workbook(io.BytesIO(workbook_bytes(report, title="2024-04")))
    assert "服务时限达标" not in book.sheetnames


def test_the_monthly_page_shows_the_table_to_managers_only(sqlite_engine, tmp_path):
    from tests.support.pages import login, page_client

    with page_client(sqlite_engine, tmp_path) as web:
        login(web, "dept_manager")
        page = web.get("/reports/monthly/2024-04")
        assert page.status_code == 200
        assert 'id="deadlines"' in page.text and "服务时限达标" in page.text
        assert "答复顾客" in page.text and "未到期" in page.text
        english = web.get("/reports/monthly/2024-04?lang=en").text
        assert "Service standards met" in english and "a reply to the customer" in english
        login(web, "staff")
        assert web.get("/reports/monthly/2024-04").status_code == 403

"""A counter's inspection scores by month beside its complaints."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from aftersales.complaints import service as complaints
from aftersales.errors import NotFound
from aftersales.org.models import Counter
from aftersales.supervision.inspections import service, trends
from aftersales.supervision.inspections.schemas import InspectionCreate
from tests.complaints.factories import form, person
from tests.inspections.factories import sheet
from tests.inspections.test_pages import login, web  # noqa: F401 - the fixture

CST = ZoneInfo("Asia/Shanghai")
COUNTER = "S1-F3-C08"  # no demo inspections there


def _visit(session, at, **scores):
    body = sheet(counter=COUNTER, on_duty=[], scores=scores, visited_at=at.isoformat())
    service.record_inspection(
        session,
        data=InspectionCreate.model_validate(body),
        actor=person(session, "inspector"),
        now=at,
    )


def test_the_trend_shows_monthly_percent_beside_complaints(session):
    _visit(session, datetime(2026, 9, 30, 23, 30, tzinfo=CST), labels=0)  # Sept in Shanghai
    _visit(session, datetime(2026, 10, 10, 10, tzinfo=CST), labels=0, greeting=0)
    _visit(session, datetime(2026, 10, 20, 10, tzinfo=CST))
    complaints.register_complaint(
        session,
        data=form(counter=COUNTER),
        actor=person(session, "floor_supervisor"),
        now=datetime(2026, 10, 5, tzinfo=CST),
    )
    counter_id = session.scalars(select(Counter.id).where(Counter.code == COUNTER)).one()
    rows = trends.trend(
        session,
        user=person(session, "inspector"),
        store_id=1,
        counter_id=counter_id,
        now=datetime(2026, 11, 20, tzinfo=CST),
        tz="Asia/Shanghai",
        months=3,
    )
    assert [r["month"] for r in rows] == ["2026-09", "2026-10", "2026-11"]
    assert (rows[0]["inspections"], rows[0]["percent"]) == (1, 90.0)
    assert (rows[1]["inspections"], rows[1]["percent"]) == (2, 90.0)
    assert rows[1]["complaints"] >= 1 and rows[2]["inspections"] == 0
    with pytest.raises(NotFound):  # another store's clerk
        trends.trend(
            session,
            user=person(session, "staff2"),
            store_id=1,
            counter_id=counter_id,
            now=datetime(2026, 11, 20, tzinfo=CST),
            tz="Asia/Shanghai",
        )


def test_the_trend_page_draws_the_chart(web):  # noqa: F811
    login(web, "dept_manager")
    page = web.get("/inspections/trends", params={"counter": "S1-F1-C01"})
    assert page.status_code == 200 and 'id="trend-chart"' in page.text
    assert "<polyline" in page.text  # the demo's inspections make a line

"""Each role finds its own work on the home page: the ladder its complaints, the bench its
repairs, the field its appointments, the warehouse its to-do."""

import re

import pytest
from sqlalchemy import func, select

from aftersales.auth.models import User
from aftersales.db import make_session_factory
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from tests.parts.factories import work_order
from tests.support.pages import login, page_client

BOXES = ("my-complaints", "bench-work", "my-visits", "warehouse-work")


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("staff", {"my-complaints"}),
        ("complaint_station", {"my-complaints"}),
        ("technician", {"bench-work", "my-visits"}),
        ("warehouse", {"warehouse-work"}),
        ("inspector", set()),
    ],
)
def test_the_home_page_shows_the_boxes_of_the_users_work(sqlite_engine, tmp_path, username, shown):
    with page_client(sqlite_engine, tmp_path) as web:
        login(web, username)
        page = web.get("/home")
    assert page.status_code == 200
    assert {box for box in BOXES if f'id="{box}"' in page.text} == shown


def test_the_bench_counts_the_workshop_repairs_waiting_for_a_technician(sqlite_engine, tmp_path):
    with make_session_factory(sqlite_engine)() as session:
        for days_ago in (3, 1):  # two fridges taken in at the desk, not yet diagnosed
            work_order(session, days_ago=days_ago)
        session.commit()
    with sqlite_engine.connect() as db:
        store_id = db.scalar(select(User.store_id).where(User.username == "technician"))
        waiting = db.scalar(
            select(func.count()).where(
                WorkOrder.store_id == store_id,
                WorkOrder.service == ServiceKind.repair,
                WorkOrder.status.in_(["intake", "accepted", "at_factory"]),
            )
        )
    assert waiting >= 2
    with page_client(sqlite_engine, tmp_path) as web:
        login(web, "technician")
        page = web.get("/home").text
    box = page[page.index('id="bench-work"') :]
    assert re.search(r'<span class="tag">(\d+)</span>', box).group(1) == str(waiting)
    assert box.count('<a href="/work-orders/') == min(waiting, 5)
    assert str(WorkStatus.intake) not in box.split("</div>")[0]  # states in the reader's words

"""Staff pages: a warning recorded on a complaint shows on the person's page and in the
list; a clerk sees only their own page; a superior fines from the page."""

from sqlalchemy import select

from aftersales.auth.models import User
from aftersales.complaints import service as complaints
from aftersales.db import make_session_factory, transaction, utcnow
from aftersales.staff import discipline
from aftersales.staff.models import DisciplineRecord
from tests.complaints.factories import form, person
from tests.inspections.test_pages import login, web  # noqa: F401 - the fixture
from tests.staff.factories import new_clerk


def _warned(sqlite_engine):
    with transaction(make_session_factory(sqlite_engine)) as db:
        c = complaints.register_complaint(db, data=form(), actor=person(db, "staff"), now=utcnow())
        staff = new_clerk(db)
        row = discipline.record_verified_complaint(
            db,
            staff_id=staff.id,
            complaint_id=c.id,
            reason="导购态度冷淡（页面测试）",
            actor=person(db, "floor_supervisor"),
            now=utcnow(),
        )
        return staff.id, c.id, row.id


def test_a_warning_on_a_case_shows_on_the_persons_page_and_in_the_list(web, sqlite_engine):  # noqa: F811
    staff_id, complaint_id, record_id = _warned(sqlite_engine)
    login(web, "floor_supervisor")
    page = web.get(f"/staff/{staff_id}")
    assert page.status_code == 200
    assert "导购态度冷淡（页面测试）" in page.text
    assert f'href="/complaints/{complaint_id}"' in page.text
    assert 'id="ladder-step"' in page.text
    listing = web.get("/staff")
    assert listing.status_code == 200 and f'href="/staff/{staff_id}"' in listing.text


def test_a_superior_fines_from_the_page_and_bad_amounts_show_an_error(web, sqlite_engine):  # noqa: F811
    staff_id, _, record_id = _warned(sqlite_engine)
    token = login(web, "floor_supervisor")
    bad = web.post(f"/staff/discipline/{record_id}/fine", data={"csrf_token": token, "fine": "-20"})
    assert bad.status_code == 422 and "罚款金额应为大于0的金额" in bad.text
    ok = web.post(
        f"/staff/discipline/{record_id}/fine",
        data={"csrf_token": token, "fine": "50"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    with make_session_factory(sqlite_engine)() as db:
        assert str(db.get(DisciplineRecord, record_id).fine) == "50.00"


def test_a_clerk_sees_only_their_own_page(web, sqlite_engine):  # noqa: F811
    login(web, "staff")
    mine = web.get("/staff/me")
    assert mine.status_code == 200 and "王小明" in mine.text
    with make_session_factory(sqlite_engine)() as db:
        boss = db.scalars(select(User).where(User.username == "counter_manager")).one()
    assert web.get(f"/staff/{boss.id}").status_code == 404
    assert web.get("/staff").status_code == 403


def test_the_admin_records_that_a_clerk_is_employed_by_the_brand(web, sqlite_engine):  # noqa: F811
    with transaction(make_session_factory(sqlite_engine)) as db:
        clerk_id = new_clerk(db).id
    token = login(web, "admin")
    answer = web.post(
        f"/staff/{clerk_id}/employer",
        data={"csrf_token": token, "employer": "brand"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "品牌方（联营专柜）" in web.get(f"/staff/{clerk_id}").text
    bad = web.post(f"/staff/{clerk_id}/employer", data={"csrf_token": token, "employer": "agency"})
    assert bad.status_code == 422

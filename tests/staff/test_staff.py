"""Staff: the discipline ladder with fines and retraining, training with certificates, each
person's monthly record, and who may see whose record."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from aftersales.auth.models import User
from aftersales.errors import Forbidden, InvalidInput, NotFound
from aftersales.staff import access, discipline, fines, monthly, training
from aftersales.staff.models import Attendance, DisciplineKind, MonthlyRecord
from aftersales.supervision.inspections import service as inspections
from aftersales.supervision.inspections.schemas import InspectionCreate
from tests.complaints.factories import person
from tests.inspections.factories import sheet
from tests.staff.factories import new_clerk

CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CST)


def _user(session, username):
    return session.scalars(select(User).where(User.username == username)).one()


@pytest.fixture
def clerk(session):
    return new_clerk(session)


def _warn(session, staff: User, actor="floor_supervisor"):
    return discipline.record_verified_complaint(
        session,
        staff_id=staff.id,
        complaint_id=None,
        reason="接待冷淡",
        actor=person(session, actor),
        now=NOW,
    )


def test_the_ladder_warning_penalty_dismissal_with_retraining_and_fines(session, clerk):
    staff = clerk
    first = _warn(session, clerk)
    assert first.kind == DisciplineKind.warning
    assert discipline.current_step(session, staff.id)[1] == DisciplineKind.penalty
    (assigned,) = session.scalars(
        select(Attendance).where(Attendance.discipline_record_id == first.id)
    ).all()
    assert assigned.session_id is None
    second = _warn(session, clerk)
    fines.set_fine(
        session,
        record_id=second.id,
        amount="50.00",
        actor=person(session, "floor_supervisor"),
        now=NOW,
    )
    assert second.kind == DisciplineKind.penalty and second.fine == Decimal("50.00")
    assert _warn(session, clerk).kind == DisciplineKind.dismissal_proposed


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "12.345", "NaN", ""])
def test_a_fine_that_is_negative_or_not_money_is_refused(session, clerk, amount):
    row = _warn(session, clerk)
    with pytest.raises(fines.FineNotMoney) as refused:
        fines.set_fine(
            session,
            record_id=row.id,
            amount=amount,
            actor=person(session, "floor_supervisor"),
            now=NOW,
        )
    assert refused.value.field == "fine" and row.fine is None


def test_an_inspector_records_inspections_but_does_not_fine(session, clerk):
    row = _warn(session, clerk)
    with pytest.raises(Forbidden):
        fines.set_fine(
            session, record_id=row.id, amount="20", actor=person(session, "inspector"), now=NOW
        )


def test_a_clerk_sees_their_own_record_only(session):
    me = person(session, "staff")
    assert access.get_person(session, user=me, person_id=me.id).username == "staff"
    for other in ("counter_manager", "staff2"):
        with pytest.raises(NotFound):
            access.get_person(session, user=me, person_id=_user(session, other).id)
    boss = person(session, "counter_manager")
    assert access.can(boss, "see", _user(session, "staff"))
    assert not access.can(boss, "see", _user(session, "staff2"))
    assert not access.can(person(session, "staff2"), "see", _user(session, "staff"))


def test_a_session_in_the_past_cannot_be_scheduled_as_upcoming(session):
    with pytest.raises(InvalidInput) as refused:
        training.schedule_session(
            session,
            course="selling",
            trainer="培训部 陈老师",
            starts_at=NOW - timedelta(hours=1),
            place="",
            store_id=None,
            actor=person(session, "floor_supervisor"),
            now=NOW,
        )
    assert refused.value.field == "starts_at"


def test_training_books_the_retraining_and_a_pass_gives_a_certificate(session, clerk):
    _warn(session, clerk)
    ts = training.schedule_session(
        session,
        course="complaint_handling",
        trainer="陈老师",
        starts_at=NOW + timedelta(days=2),
        place="三楼会议室",
        store_id=None,
        actor=person(session, "floor_supervisor"),
        now=NOW,
    )
    booked = training.enroll(
        session,
        session_id=ts.id,
        username=clerk.username,
        actor=person(session, "floor_supervisor"),
        now=NOW,
    )
    assert booked.discipline_record_id is not None  # the assignment was booked, not doubled
    with pytest.raises(InvalidInput):  # not held yet
        training.record_result(
            session,
            attendance_id=booked.id,
            attended=True,
            score=80,
            actor=person(session, "floor_supervisor"),
            now=NOW,
        )
    training.record_result(
        session,
        attendance_id=booked.id,
        attended=True,
        score=85,
        actor=person(session, "floor_supervisor"),
        now=NOW + timedelta(3),
    )
    assert booked.certificate_expires_on.isoformat() == "2027-11-22"


def test_the_monthly_record_counts_inspections_discipline_and_training(session):
    inspections.record_inspection(
        session,
        data=InspectionCreate.model_validate(sheet(scores={"labels": 5})),
        actor=person(session, "inspector"),
        now=NOW,
    )
    row = _warn(session, _user(session, "staff"))
    fines.set_fine(
        session, record_id=row.id, amount="30", actor=person(session, "floor_supervisor"), now=NOW
    )
    session.query(MonthlyRecord).filter(MonthlyRecord.month == "2026-11").delete()
    made = monthly.generate(
        session, month="2026-11", tz="Asia/Shanghai", now=datetime(2026, 12, 1, 1, tzinfo=CST)
    )
    assert made >= 2
    mine = session.scalars(
        select(MonthlyRecord).where(
            MonthlyRecord.month == "2026-11", MonthlyRecord.user_id == _user(session, "staff").id
        )
    ).one()
    f = mine.figures
    assert f["complaints_against"] >= 1 and Decimal(f["fines"]) >= Decimal("30.00")
    assert f["inspections"] >= 1 and f["inspection_percent"] is not None
    assert (
        monthly.generate(
            session, month="2026-11", tz="Asia/Shanghai", now=datetime(2026, 12, 1, 2, tzinfo=CST)
        )
        == 0
    )
    with pytest.raises(Forbidden):
        monthly.review(
            session,
            record_id=mine.id,
            note="ok",
            version=None,
            actor=person(session, "staff"),
            now=NOW,
        )
    monthly.review(
        session,
        record_id=mine.id,
        note="注意接待态度",
        version=mine.version,
        actor=person(session, "counter_manager"),
        now=NOW,
    )
    assert mine.reviewed_by_id == _user(session, "counter_manager").id
    with pytest.raises(InvalidInput):  # a month that is not over
        monthly.generate(session, month="2026-12", tz="Asia/Shanghai", now=NOW)


def test_the_worker_reminds_a_month_before_a_certificate_lapses_once(factory):
    from aftersales.audit.models import Event
    from aftersales.db import transaction
    from aftersales.staff import tasks

    with transaction(factory) as s:
        clerk = new_clerk(s)
        ts = training.schedule_session(
            s,
            course="selling",
            trainer="林老师",
            starts_at=NOW + timedelta(days=1),
            place="",
            store_id=None,
            actor=person(s, "floor_supervisor"),
            now=NOW,
        )
        row = training.enroll(
            s,
            session_id=ts.id,
            username=clerk.username,
            actor=person(s, "floor_supervisor"),
            now=NOW,
        )
        training.record_result(
            s,
            attendance_id=row.id,
            attended=True,
            score=75,
            actor=person(s, "floor_supervisor"),
            now=NOW + timedelta(2),
        )
        expires, aid = row.certificate_expires_on, row.id
    assert expires.isoformat() == "2027-11-21"
    early = datetime(2027, 10, 1, tzinfo=CST)
    tasks.remind_certificates(factory, None, now=early)
    due = datetime(2027, 10, 25, tzinfo=CST)
    tasks.remind_certificates(factory, None, now=due)
    tasks.remind_certificates(factory, None, now=due + timedelta(days=1))
    with factory() as s:
        events = s.scalars(
            select(Event.at).where(
                Event.entity == "training_attendance",
                Event.entity_id == aid,
                Event.action == "certificate_reminded",
            )
        ).all()
        assert len(events) == 1
        assert s.get(Attendance, aid).expiry_reminded_at == due

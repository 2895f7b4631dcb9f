"""Demo staff data: who employs whom (the S1-F1-C01 clerk is sent by the brand: 联营专柜),
past training with scores and certificates (one lapsing within the month, so the worker
reminds), an upcoming session, last month's service records, and, in the full demo, a
warning with a fine."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.org.models import Counter
from aftersales.staff import discipline, fines, monthly, training
from aftersales.staff.models import Employer, StaffProfile

CST = ZoneInfo("Asia/Shanghai")
# (course, days ago, trainer, [(username, score)])
PAST = [
    (
        "product_knowledge",
        60,
        "品牌培训师 林老师",
        [("staff", 88), ("staff2", 76), ("counter_manager", 92)],
    ),
    ("complaint_handling", 350, "客服部 刘老师", [("counter_manager", 81)]),
    ("teamwork", 25, "人事部 黄老师", [("staff", 90), ("staff2", 72)]),
]


def _user(session: Session, name: str) -> User:
    return session.scalars(select(User).where(User.username == name)).one()


def _at(now: datetime, days: int) -> datetime:
    day = now.astimezone(CST).date() + timedelta(days=days)
    return datetime.combine(day, time(9, 30), tzinfo=CST)


def _training(session: Session, now: datetime, trainer: Principal) -> None:
    for course, ago, who, people in PAST:
        # Scheduled back then as upcoming, so "now" for scheduling is the day before.
        ts = training.schedule_session(
            session,
            course=course,
            trainer=who,
            starts_at=_at(now, -ago),
            place="一号店三楼培训室",
            store_id=None,
            actor=trainer,
            now=_at(now, -ago - 7),
        )
        for username, score in people:
            row = training.enroll(
                session, session_id=ts.id, username=username, actor=trainer, now=_at(now, -ago - 7)
            )
            training.record_result(
                session,
                attendance_id=row.id,
                attended=True,
                score=score,
                actor=trainer,
                now=_at(now, -ago),
            )
    upcoming = training.schedule_session(
        session,
        course="communication",
        trainer="林老师",
        starts_at=_at(now, 6),
        place="一号店三楼培训室",
        store_id=None,
        actor=trainer,
        now=now,
    )
    training.enroll(session, session_id=upcoming.id, username="staff", actor=trainer, now=now)


def load_staff_demo(session: Session, *, now: datetime, full: bool) -> None:
    clerk = _user(session, "staff")
    counter = session.get(Counter, clerk.counter_id)
    session.add(
        StaffProfile(
            user_id=clerk.id,
            employer=Employer.brand,
            brand_id=counter.brand_id if counter else None,
        )
    )
    supervisor = Principal.of(_user(session, "floor_supervisor"))
    _training(session, now, supervisor)
    if full:
        row = discipline.record_verified_complaint(
            session,
            staff_id=_user(session, "staff2").id,
            complaint_id=None,
            reason="顾客反映导购接待冷淡、不愿试穿（现场核实）",
            actor=supervisor,
            now=_at(now, -40),
        )
        fines.set_fine(
            session,
            record_id=row.id,
            amount="50.00",
            actor=Principal.of(_user(session, "dept_manager")),
            now=_at(now, -39),
        )
    # Last month's records, filed as the worker would at month end, awaiting review.
    session.flush()
    monthly.generate(
        session, month=monthly.previous_month(now, "Asia/Shanghai"), tz="Asia/Shanghai", now=now
    )

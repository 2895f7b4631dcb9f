"""A person's service figures over a period (seed 004: 服务人员每一次服务完之后都要做工作记录，
并一个月一次向领导汇报): cases handled and kept on time, ratings, inspections on duty,
complaints verified against them, fines, training. Set-based: one query per figure.

It reads the tables of complaints, claims and inspections through their models only
(models import nothing of staff), so no domain's rules are imported here."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.staff.models import Attendance, DisciplineRecord, TrainingSession
from aftersales.supervision.inspections.models import Inspection, InspectionStaff


def _cases(session: Session, user_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    c = Complaint
    in_period = and_(c.recorded_by_id == user_id, c.created_at >= start, c.created_at < end)
    late = (c.respond_overdue_at.is_not(None)) | (c.resolve_overdue_at.is_not(None))
    handled, overdue, rated, rating = session.execute(
        select(
            func.count(),
            func.count().filter(late),
            func.count(c.satisfaction),
            func.avg(c.satisfaction),
        ).where(in_period)
    ).one()
    claims = session.scalar(
        select(func.count())
        .select_from(Claim)
        .where(Claim.opened_by_id == user_id, Claim.opened_at >= start, Claim.opened_at < end)
    )
    return {
        "complaints_handled": handled,
        "complaints_on_time": handled - overdue,
        "claims_handled": claims or 0,
        "ratings": rated,
        "rating_avg": None if rating is None else round(float(rating), 2),
    }


def _inspections(session: Session, user_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    i = Inspection
    count, total, top = session.execute(
        select(func.count(), func.sum(i.total), func.sum(i.max_total))
        .join(InspectionStaff, InspectionStaff.inspection_id == i.id)
        .where(InspectionStaff.user_id == user_id, i.visited_at >= start, i.visited_at < end)
    ).one()
    percent = round(100 * total / top, 1) if top else None
    return {"inspections": count, "inspection_percent": percent}


def _discipline(session: Session, user_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    d = DisciplineRecord
    count, fines = session.execute(
        select(func.count(), func.sum(d.fine)).where(
            d.staff_id == user_id,
            d.reversed_at.is_(None),
            d.created_at >= start,
            d.created_at < end,
        )
    ).one()
    return {"complaints_against": count, "fines": f"{Decimal(fines or 0):.2f}"}


def _training(session: Session, user_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    a, s = Attendance, TrainingSession
    attended, avg = session.execute(
        select(func.count().filter(a.attended.is_(True)), func.avg(a.score))
        .join(s, s.id == a.session_id)
        .where(a.user_id == user_id, s.starts_at >= start, s.starts_at < end)
    ).one()
    return {
        "training_attended": attended,
        "training_score_avg": None if avg is None else round(float(avg), 1),
    }


def figures(session: Session, *, user_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    return (
        _cases(session, user_id, start, end)
        | _inspections(session, user_id, start, end)
        | _discipline(session, user_id, start, end)
        | _training(session, user_id, start, end)
    )


def inspections_on_duty(session: Session, user_id: int, limit: int = 10) -> list[Inspection]:
    return list(
        session.scalars(
            select(Inspection)
            .join(InspectionStaff, InspectionStaff.inspection_id == Inspection.id)
            .where(InspectionStaff.user_id == user_id)
            .order_by(Inspection.visited_at.desc())
            .limit(limit)
        )
    )


def discipline_summary(session: Session, user_ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """user id -> (records standing, fines in total), for a list page in one query."""
    d = DisciplineRecord
    rows = session.execute(
        select(d.staff_id, func.count(), func.sum(d.fine))
        .where(d.staff_id.in_(user_ids), d.reversed_at.is_(None))
        .group_by(d.staff_id)
    )
    return {uid: (n, Decimal(f or 0)) for uid, n, f in rows}

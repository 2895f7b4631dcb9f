"""Discipline tied to verified complaints, the departments' management-point ledger,
each person's employment, training (courses, sessions, attendance, certificates) and the
monthly service record."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class DisciplineKind(StrEnum):
    warning = "warning"
    penalty = "penalty"
    dismissal_proposed = "dismissal_proposed"


class Reversible:
    """A record a reviewer may reverse with a reason (discipline.py): it stays, marked as
    reversed, and no longer counts."""

    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reversal_reason: Mapped[str | None] = mapped_column(String(500))


class DisciplineRecord(Reversible, Base):
    __tablename__ = "discipline_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    kind: Mapped[DisciplineKind] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # A money penalty for poor reception (seed 004 §7), set by a reviewer after the record.
    fine: Mapped[Decimal | None] = mapped_column(Money)
    fined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (Index("ix_discipline_record_staff", "staff_id", "created_at"),)
    __mapper_args__ = {"version_id_col": version}


class ManagementPoints(Reversible, Base):
    """A ledger: each row takes points from (negative) or gives back to a counter."""

    __tablename__ = "management_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    points: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    __table_args__ = (Index("ix_management_points_counter", "counter_id", "created_at"),)


class Employer(StrEnum):
    store = "store"  # on the store's payroll
    brand = "brand"  # sent by the brand to a concession counter (联营专柜)


class StaffProfile(Base):
    """What the user account does not say about a person: who employs them."""

    __tablename__ = "staff_profile"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    employer: Mapped[Employer] = mapped_column(String(10), default=Employer.store)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"))
    hired_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class CourseArea(StrEnum):
    skills = "skills"  # seed 001 §7.1
    attitude = "attitude"  # seed 001 §7.2


class Course(Base):
    __tablename__ = "training_course"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    area: Mapped[CourseArea] = mapped_column(String(10))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    # How long a passed assessment's certificate lasts; None: no certificate.
    certificate_months: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)


class TrainingSession(Base):
    __tablename__ = "training_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id"), index=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    trainer: Mapped[str] = mapped_column(String(60))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class Attendance(Base):
    """A person on a course: assigned (a retraining after a warning), booked on a session,
    then attended or not, with the assessment score and, when passed, the certificate's
    expiry the worker reminds about."""

    __tablename__ = "training_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id"))
    # None: assigned (a retraining after a warning) but not yet booked on a session
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_session.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attended: Mapped[bool | None]
    score: Mapped[int | None]
    certificate_expires_on: Mapped[date | None] = mapped_column(Date)
    expiry_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    discipline_record_id: Mapped[int | None] = mapped_column(ForeignKey("discipline_record.id"))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        Index("ix_training_attendance_user", "user_id"),
        Index("ix_training_attendance_expiry", "certificate_expires_on"),
    )


class MonthlyRecord(Base):
    """A person's service record for one month (seed 004: 每月向领导汇报): figures frozen by the
    worker at month end, then reviewed by the superior; archived with the month."""

    __tablename__ = "staff_monthly_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    month: Mapped[str] = mapped_column(String(7))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    review_note: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        UniqueConstraint("user_id", "month"),
        Index("ix_staff_monthly_record_month", "month"),
    )

"""Discipline tied to verified complaints, and the departments' management-point ledger."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime


class DisciplineKind(StrEnum):
    warning = "warning"
    penalty = "penalty"
    dismissal_proposed = "dismissal_proposed"


class DisciplineRecord(Base):
    __tablename__ = "discipline_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    kind: Mapped[DisciplineKind] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reversal_reason: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_discipline_record_staff", "staff_id", "created_at"),)


class ManagementPoints(Base):
    """A ledger: each row takes points from (negative) or gives back to a counter."""

    __tablename__ = "management_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    points: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reversal_reason: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_management_points_counter", "counter_id", "created_at"),)

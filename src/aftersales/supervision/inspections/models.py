"""Inspection templates (versioned data), inspections with their scores, the staff on duty,
photos, and the corrective actions their findings become."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime, utcnow
from aftersales.files import StoredFileColumns


class InspectionKind(StrEnum):
    inspection = "inspection"
    mystery_shopper = "mystery_shopper"
    test_call = "test_call"


class ActionStatus(StrEnum):
    open = "open"
    done = "done"
    verified = "verified"


class InspectionTemplate(Base):
    """One version of a template. Editing makes a new row with version + 1; an inspection
    points at the row it was made with, so its items and maxima never change under it."""

    __tablename__ = "inspection_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    kind: Mapped[InspectionKind] = mapped_column(String(20))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    # [{"key", "section", "text_zh", "text_en", "max"}], in the order the sheet shows them
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    current: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    __table_args__ = (UniqueConstraint("code", "version"),)


class Inspection(Base):
    __tablename__ = "inspection"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InspectionKind] = mapped_column(String(20))
    template_id: Mapped[int] = mapped_column(ForeignKey("inspection_template.id"))
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    inspector_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    total: Mapped[int]
    max_total: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_inspection_counter_visited", "counter_id", "visited_at"),
        Index("ix_inspection_store_visited", "store_id", "visited_at"),
        Index("ix_inspection_created", "created_at", "id"),
    )


class InspectionScore(Base):
    __tablename__ = "inspection_score"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    section: Mapped[str] = mapped_column(String(40))
    score: Mapped[int]
    max: Mapped[int]
    note: Mapped[str] = mapped_column(String(500), default="")


class InspectionStaff(Base):
    """Who was on duty at the counter during the visit."""

    __tablename__ = "inspection_staff"
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True, index=True)


class InspectionPhoto(StoredFileColumns, Base):
    """A photo taken on the visit: the file on disk under attachments_dir, never in the DB."""

    __tablename__ = "inspection_photo"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))


class CorrectiveAction(Base):
    """A finding to put right: an owner, a due date, done by the owner, verified by someone
    else. `next_check_at` is the one column the worker scans (reminder, then escalation)."""

    __tablename__ = "corrective_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    text: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(String(20), default=ActionStatus.open)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_note: Mapped[str | None] = mapped_column(String(500))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    verify_note: Mapped[str | None] = mapped_column(String(500))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_corrective_action_next_check", "next_check_at"),
        Index("ix_corrective_action_owner", "owner_id", "status"),
        Index("ix_corrective_action_store", "store_id", "status", "created_at", "id"),
    )

"""Work orders and the repair records that later decide "repaired twice"."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class WorkKind(StrEnum):
    free = "free"  # in warranty
    paid = "paid"  # at cost, after the customer accepts a quote


class WorkStatus(StrEnum):
    intake = "intake"
    diagnosed = "diagnosed"
    quoted = "quoted"
    accepted = "accepted"
    at_factory = "at_factory"
    repaired = "repaired"
    handed_back = "handed_back"


class WorkOrder(Base):
    __tablename__ = "work_order"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    receipt_line_id: Mapped[int | None] = mapped_column(ForeignKey("receipt_line.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    kind: Mapped[WorkKind] = mapped_column(String(10))
    status: Mapped[WorkStatus] = mapped_column(String(20))
    sku: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(120))
    problem: Mapped[str] = mapped_column(String(40))
    part: Mapped[str | None] = mapped_column(String(40))
    diagnosis: Mapped[str | None] = mapped_column(Text)
    quote_amount: Mapped[Decimal | None] = mapped_column(Money)
    quote_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    factory: Mapped[str | None] = mapped_column(String(120))
    sent_to_factory_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    parts_used: Mapped[list[Any]] = mapped_column(JSON, default=list)
    repaired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The repair record: local days in and out, and whether the fault was fixed.
    taken_in_on: Mapped[date] = mapped_column(Date)
    back_on: Mapped[date | None] = mapped_column(Date)
    fixed: Mapped[bool | None]
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    # SQLAlchemy bumps it on every UPDATE and refuses a write over a newer one.
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_work_order_store_status", "store_id", "status", "due_at"),
        Index("ix_work_order_status_due", "status", "due_at"),
    )

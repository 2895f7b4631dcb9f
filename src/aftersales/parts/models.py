"""Spare parts, their stock per place, reservations for work orders, time spent waiting for
parts, and the repair promise watched on each open work order."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow

CENTRAL = "central"  # the group's central warehouse; a store's stock carries its code


class SparePart(Base):
    """A part in the catalogue: for one brand's model (e.g. 百丽 BL-8821 heel, 海尔 BCD-470
    compressor), with the stock level that asks the warehouse to reorder."""

    __tablename__ = "spare_part"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    model: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30))  # the policy's part word: heel, compressor
    name: Mapped[str] = mapped_column(String(120))
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    reorder_point: Mapped[int] = mapped_column(default=0)
    reorder_qty: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_spare_part_brand_model", "brand_id", "model"),
        Index("ix_spare_part_created", "created_at", "id"),
        CheckConstraint("reorder_point >= 0", name="reorder_point_not_negative"),
        CheckConstraint("reorder_qty >= 1", name="reorder_qty_positive"),
    )


class PartStock(Base):
    """What one place holds of one part: on hand, and how much of it is promised to work
    orders. Changed only by conditional UPDATEs (see parts.stock), never read-modify-write."""

    __tablename__ = "part_stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("spare_part.id"))
    location: Mapped[str] = mapped_column(String(20))  # "central" or the store's code
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"), index=True)
    on_hand: Mapped[int] = mapped_column(default=0)
    reserved: Mapped[int] = mapped_column(default=0)
    # A reorder the warehouse placed and has not yet received.
    ordered_qty: Mapped[int] = mapped_column(default=0)
    ordered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("part_id", "location", name="uq_part_stock_place"),
        # The database refuses negative stock even if a code path forgot the condition.
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("on_hand >= reserved", name="on_hand_covers_reserved"),
    )


class ReservationStatus(StrEnum):
    reserved = "reserved"  # held for the work order
    consumed = "consumed"  # used in the repair (what was not used went back)
    released = "released"  # given back unused


class PartReservation(Base):
    """Parts held for one work order from one place's stock."""

    __tablename__ = "part_reservation"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("spare_part.id"))
    stock_id: Mapped[int] = mapped_column(ForeignKey("part_stock.id"), index=True)
    qty: Mapped[int]
    consumed: Mapped[int] = mapped_column(default=0)
    returned: Mapped[int] = mapped_column(default=0)
    status: Mapped[ReservationStatus] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (CheckConstraint("qty >= 1", name="qty_positive"),)


class PartsWait(Base):
    """A span a work order waited for a part (无零配件待修): it counts toward the legal repair
    limits (SB1995 Art. 12) and is left out of the 三包 periods. Open while ended_at is empty."""

    __tablename__ = "parts_wait"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    part_id: Mapped[int | None] = mapped_column(ForeignKey("spare_part.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class TurnaroundPromise(Base):
    """The store's turnaround promise for repairs of one category, in calendar days (the
    `rework` standard gives the default: 18 days)."""

    __tablename__ = "turnaround_promise"
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), unique=True)
    days: Mapped[int]

    __table_args__ = (CheckConstraint("days >= 1", name="days_positive"),)


class RepairWatch(Base):
    """The promises of one open work order as the worker watches them: the turnaround due
    and warning times, the legal limits, the phone rules' loaner. Each *_at stamp is set once
    by a conditional UPDATE, so two workers never warn or escalate twice."""

    __tablename__ = "repair_watch"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    category: Mapped[str] = mapped_column(String(30))
    promise_days: Mapped[int]
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    loaner_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    loaner_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    loaner_given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    loaner_note: Mapped[str] = mapped_column(String(200), default="")
    limit_passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    limit_reason: Mapped[str | None] = mapped_column(String(20))  # repairer | parts
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_repair_watch_next_check", "next_check_at"),)

"""Work orders: repairs (and the repair records that later decide "repaired twice") and the
service orders beside them (installation, adjustment, technical guidance, on-site repair,
delivery), one table and one state machine per kind of service."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow
from aftersales.files import StoredFileColumns


class WorkKind(StrEnum):
    free = "free"  # in warranty
    paid = "paid"  # at cost, after the customer accepts a quote


class ServiceKind(StrEnum):
    """What the work is: a repair taken in at the desk, or a service order carried out at the
    customer's (DOMAIN §3: installation, adjustment 调试, technical guidance, on-site visits,
    delivery)."""

    repair = "repair"
    installation = "installation"
    adjustment = "adjustment"
    guidance = "guidance"
    onsite_repair = "onsite_repair"
    delivery = "delivery"


class Source(StrEnum):
    """Where a service order came from."""

    receipt = "receipt"
    claim = "claim"
    complaint = "complaint"
    manual = "manual"


class WorkStatus(StrEnum):
    # service orders (visits and deliveries)
    scheduled = "scheduled"
    dispatched = "dispatched"  # delivery: the goods left the warehouse
    on_site = "on_site"
    completed = "completed"
    cancelled = "cancelled"
    # repairs
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
    kind: Mapped[WorkKind] = mapped_column(String(10))  # who pays: free or paid
    service: Mapped[ServiceKind] = mapped_column(
        String(20), default=ServiceKind.repair, server_default=ServiceKind.repair.value
    )
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
    # Service orders: where from, for whom and where, the slot agreed with the customer.
    source: Mapped[Source | None] = mapped_column(String(10))
    complaint_id: Mapped[int | None]  # complaints live in a higher domain: a plain id
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    contact_name: Mapped[str | None] = mapped_column(String(60))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    slot_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The reminder the day before: due at remind_at, sent once (reminded_at).
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    work_done: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None]
    rating_comment: Mapped[str | None] = mapped_column(String(500))
    # Deliveries: the day agreed with the customer and, for online orders, the payment the
    # "ship within 2 days of payment" standard counts from.
    promised_on: Mapped[date | None] = mapped_column(Date)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The one column the shipping sweep scans: the next warning or escalation.
    ship_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    # SQLAlchemy bumps it on every UPDATE and refuses a write over a newer one.
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_work_order_store_status", "store_id", "status", "due_at"),
        Index("ix_work_order_status_due", "status", "due_at"),
        Index("ix_work_order_technician_slot", "technician_id", "slot_start"),
        Index("ix_work_order_remind", "remind_at"),
        Index("ix_work_order_ship_check", "ship_check_at"),
        # The statistics read a period's orders by when they were opened, shipped, delivered.
        Index("ix_work_order_opened", "opened_at"),
        Index("ix_work_order_ship_by", "ship_by"),
        Index("ix_work_order_promised", "promised_on"),
    )


class SlotChange(Base):
    """A rescheduled appointment: the old and new slot, who asked and why (改约记录)."""

    __tablename__ = "work_order_slot_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    old_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    old_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    old_technician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    new_start: Mapped[datetime] = mapped_column(UTCDateTime)
    new_end: Mapped[datetime] = mapped_column(UTCDateTime)
    new_technician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    asked_by: Mapped[str] = mapped_column(String(10))  # customer | store
    reason: Mapped[str] = mapped_column(String(300), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorkOrderFile(StoredFileColumns, Base):
    """A photo taken on site or the customer's signature: the file on disk under
    settings.attachments_dir, the row says where and what."""

    __tablename__ = "work_order_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # photo | signature


class DeliveryRule(Base):
    """A store's compensation for a late delivery (seed 004, standard 5: 耽誤一天即給予金錢
    補償): an amount per day of delay, counted in working or calendar days, up to a cap.
    A store without a row uses the shipped default (repairs/delivery.toml)."""

    __tablename__ = "delivery_rule"
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    per_day: Mapped[Decimal] = mapped_column(Money)
    cap: Mapped[Decimal | None] = mapped_column(Money)
    clock: Mapped[str] = mapped_column(String(10))  # working | calendar
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

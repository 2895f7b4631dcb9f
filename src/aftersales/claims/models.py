"""Claims (after-sales requests) and the goods they bring back into stock."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class ClaimStatus(StrEnum):
    open = "open"  # decided; no remedy chosen yet
    refund_pending = "refund_pending"  # return chosen: the refund is owed
    payment_pending = "payment_pending"  # price difference or compensation owed
    exchange_pending = "exchange_pending"  # exchange chosen: the item is owed
    repairing = "repairing"  # a work order is open
    fulfilled = "fulfilled"  # the remedy was delivered
    closed = "closed"


class Claim(Base):
    __tablename__ = "claim"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Proof: a receipt line of ours, or (receipt lost) a staff attestation or member record.
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipt.id"))
    receipt_line_id: Mapped[int | None] = mapped_column(ForeignKey("receipt_line.id"), index=True)
    receipt_no: Mapped[str | None] = mapped_column(String(40))
    proof: Mapped[str] = mapped_column(String(20))  # receipt, staff_attestation, member_record
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    sku: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(30))
    problem: Mapped[str] = mapped_column(String(40))
    part: Mapped[str | None] = mapped_column(String(40))
    requested_on: Mapped[date] = mapped_column(Date)
    remedy_asked: Mapped[str | None] = mapped_column(String(30))
    # The request sent to the policy engine and what it answered, in both languages, so an
    # old claim still shows the decision it got under the policy version it got it from.
    policy_request: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_version: Mapped[str] = mapped_column(String(30))
    # The stored policy set version that decided it (policysets); None before versions
    # were kept in the database.
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_set_version.id"))
    outcome: Mapped[str] = mapped_column(String(10))
    status: Mapped[ClaimStatus] = mapped_column(String(20))
    remedy: Mapped[str | None] = mapped_column(String(30))
    # A supervisor's override: a remedy the decision did not grant, with the reason.
    overridden: Mapped[bool] = mapped_column(default=False)
    override_remedy: Mapped[str | None] = mapped_column(String(30))
    override_amount: Mapped[Decimal | None] = mapped_column(Money)
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What was delivered.
    refund_amount: Mapped[Decimal | None] = mapped_column(Money)
    refund_method: Mapped[str | None] = mapped_column(String(20))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    exchange_sku: Mapped[str | None] = mapped_column(String(40))
    close_note: Mapped[str | None] = mapped_column(Text)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The complaint this claim was turned into (complaints are a higher layer: a plain id).
    complaint_id: Mapped[int | None] = mapped_column(Integer, default=None)
    version: Mapped[int] = mapped_column(default=1)
    # SQLAlchemy bumps it on every UPDATE and refuses a write over a newer one.
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_claim_status_store", "status", "store_id", "opened_at", "id"),
        Index("ix_claim_counter_opened", "counter_id", "opened_at", "id"),
        Index("ix_claim_store_opened", "store_id", "opened_at", "id"),
        Index("ix_claim_opened", "opened_at", "id"),
        Index("ix_claim_overridden", "overridden", "overridden_at"),
    )


class ReturnedStock(Base):
    """An item taken back on a return, waiting for the warehouse to confirm it."""

    __tablename__ = "returned_stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    sku: Mapped[str] = mapped_column(String(40))
    qty: Mapped[int] = mapped_column(default=1)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""The archived monthly report (按月汇总归档): the month's figures frozen as JSON, with who
filed them and when. One row per month and scope ("group", "store:S1")."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.db import Base, Money, UTCDateTime


class MonthlyReport(Base):
    __tablename__ = "monthly_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    scope: Mapped[str] = mapped_column(String(120))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    archived_by: Mapped[str] = mapped_column(String(60))

    __table_args__ = (UniqueConstraint("month", "scope"),)


class MonthlyReportNotice(Base):
    """Last month's report was prepared and the managers told: one row per month, so any
    number of workers prepare and send it once (the primary key refuses a second)."""

    __tablename__ = "monthly_report_notice"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recipients: Mapped[int] = mapped_column(default=0)


# Covering indexes for the statistics: a period's cases are found by their registration
# (opening) time and every column a figure reads sits in the index, so a month is read
# from one contiguous stretch of the index instead of one table page per case (SQLite,
# 100,000 complaints: a grouping of a month from about 20-45 ms down to 2-8 ms). They are
# declared here, beside the report that needs them, on the other domains' tables.
COMPLAINT_REPORT_INDEX = Index(
    "ix_complaint_report",
    Complaint.created_at,
    Complaint.type,
    Complaint.cause,
    Complaint.channel,
    Complaint.store_id,
    Complaint.counter_id,
    Complaint.staff_id,
    Complaint.level,
    Complaint.status,
    Complaint.first_response_at,
    Complaint.respond_by,
    Complaint.respond_overdue_at,
    Complaint.paused_at,
    Complaint.closed_at,
    Complaint.resolve_by,
    Complaint.satisfaction,
    Complaint.id,
)
CLAIM_REPORT_INDEX = Index(
    "ix_claim_report",
    Claim.opened_at,
    Claim.remedy,
    Claim.store_id,
    Claim.counter_id,
    Claim.category,
    Claim.outcome,
    Claim.overridden,
    Claim.refund_amount,
    Claim.id,
)


class ComplaintMonthSummary(Base):
    """Summary rows of a closed month's complaints, one set per grouping (`dim`: type, cause,
    channel, staff, level, status, rating, or "place" for store, counter, floor, brand and
    month), each row a key at one counter with the figures summed (the place rows also the
    service standards'). Kept by the worker (supervision/reports/summary_build.py); the
    current month is always counted live, so the rows plus the live part equal the raw
    query."""

    __tablename__ = "complaint_month_summary"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, local
    dim: Mapped[str] = mapped_column(String(10))
    key: Mapped[str | None] = mapped_column(String(40))  # the key as text; None for place
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    count: Mapped[int]
    responded_on_time: Mapped[int]
    responded_late: Mapped[int]
    resolved_on_time: Mapped[int]
    resolved_late: Mapped[int]
    open: Mapped[int]
    escalated: Mapped[int]
    # The service standards' figures (deadlines.py), on the "place" rows only (0 elsewhere).
    respond_due: Mapped[int] = mapped_column(default=0)
    respond_on_time: Mapped[int] = mapped_column(default=0)
    respond_late: Mapped[int] = mapped_column(default=0)
    reply_due: Mapped[int] = mapped_column(default=0)
    reply_on_time: Mapped[int] = mapped_column(default=0)
    reply_late: Mapped[int] = mapped_column(default=0)
    resolve_due: Mapped[int] = mapped_column(default=0)
    resolve_on_time: Mapped[int] = mapped_column(default=0)
    resolve_late: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_complaint_month_summary_dim", "dim", "month"),)


class ComplaintSummaryMonth(Base):
    """Which months have summary rows, and up to which audit event they were checked: a
    month is used only while no complaint of it has an event after `checked_event_id` and
    `now` is before `valid_until` (the first moment a case of it turns late with the clock:
    an unanswered one at its respond time, an open one at its resolve time)."""

    __tablename__ = "complaint_summary_month"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checked_event_id: Mapped[int] = mapped_column(default=0)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cases: Mapped[int] = mapped_column(default=0)


class ClaimMonthSummary(Base):
    """Summary rows of a closed month's claims, one set per grouping (`dim`: remedy,
    category, outcome, or "place" for store, counter and brand), each row a key at one
    counter with the figures summed. Claim figures do not move with the clock, so every
    claim of the month is in them; a month whose claims changed is read live."""

    __tablename__ = "claim_month_summary"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, local
    dim: Mapped[str] = mapped_column(String(10))
    key: Mapped[str | None] = mapped_column(String(40))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    count: Mapped[int]
    refunded: Mapped[Decimal | None] = mapped_column(Money)
    compensated: Mapped[Decimal | None] = mapped_column(Money)
    overridden: Mapped[int]

    __table_args__ = (Index("ix_claim_month_summary_dim", "dim", "month"),)


class ClaimSummaryMonth(Base):
    """Which months have claim summary rows, checked up to which audit event."""

    __tablename__ = "claim_summary_month"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checked_event_id: Mapped[int] = mapped_column(default=0)
    claims: Mapped[int] = mapped_column(default=0)

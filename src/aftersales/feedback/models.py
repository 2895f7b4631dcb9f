"""Suggestions (建议反馈): what a customer proposed, how it was classified and decided, and
the reply that went back. Surveys live beside this in feedback/surveys/."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime, utcnow


class SuggestionChannel(StrEnum):
    opinion_box = "opinion_box"
    online = "online"
    survey = "survey"
    social_media = "social_media"
    phone = "phone"
    letter = "letter"
    in_person = "in_person"


class SuggestionCategory(StrEnum):
    service = "service"
    goods = "goods"
    environment = "environment"
    price = "price"
    other = "other"


class SuggestionStatus(StrEnum):
    received = "received"
    adopted = "adopted"
    declined = "declined"
    implemented = "implemented"
    converted = "converted"  # it was really a complaint: see complaint_id


class Suggestion(Base):
    __tablename__ = "suggestion"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    text: Mapped[str] = mapped_column(Text)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[SuggestionStatus] = mapped_column(String(20))
    decision: Mapped[str | None] = mapped_column(String(10))
    reply: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    implemented_note: Mapped[str | None] = mapped_column(Text)
    implemented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    notified: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_suggestion_store_status", "store_id", "status", "created_at", "id"),
        Index("ix_suggestion_status", "status", "created_at", "id"),
        Index("ix_suggestion_created", "created_at", "id"),
    )


class SuggestionAttempt(Base):
    """Submissions through the public door per client address, so a flood is refused across
    processes (the public complaint door's counter works the same way)."""

    __tablename__ = "suggestion_attempt"
    client_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)

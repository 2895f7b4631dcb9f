"""Survey invitations (one-time links), the answers, and campaigns to a store's customers.

The invitation keeps only a hash of its link's token: the token itself lives in the message
sent to the customer, so a leaked database cannot be used to answer for them."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime, utcnow


class SurveySource(StrEnum):
    complaint = "complaint"
    claim = "claim"
    campaign = "campaign"


class SurveyCampaign(Base):
    __tablename__ = "survey_campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    invited: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class SurveyInvitation(Base):
    __tablename__ = "survey_invitation"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[SurveySource] = mapped_column(String(20))
    source_id: Mapped[int | None]  # the complaint's or claim's id; None for a campaign
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("survey_campaign.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # A case is invited once, however many workers sweep it.
        UniqueConstraint("source", "source_id"),
        Index("ix_survey_invitation_campaign", "campaign_id"),
        Index("ix_survey_invitation_created", "created_at"),
    )


class SurveyAnswer(Base):
    __tablename__ = "survey_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("survey_invitation.id"), unique=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    score: Mapped[int]
    polite: Mapped[bool | None]
    fast: Mapped[bool | None]
    come_back: Mapped[bool | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_survey_answer_store_at", "store_id", "answered_at"),
        Index("ix_survey_answer_counter_at", "counter_id", "answered_at"),
    )

"""More of the members' tables: the store's rule for refunds whose points were already
spent, the deductions it made, and priority purchase events (优先购买) with their
invitations."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class PointsRefundSetting(Base):
    """A store's rule when a refund takes back points the member already spent: `negative`
    (the default: the balance may go below zero and the member sees it) or `deduct` (the
    spent points' value comes off the refund money, at `point_value` yuan a point)."""

    __tablename__ = "points_refund_setting"
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(10), default="negative")
    point_value: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.01"))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PointRefundDeduction(Base):
    """What a refund kept back for spent points: one per claim, in the refund's
    transaction; the claim page and the slip show it."""

    __tablename__ = "point_refund_deduction"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    points: Mapped[int]
    value: Mapped[Decimal] = mapped_column(Money)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PriorityEvent(Base):
    """A priority purchase event: members of the chosen tiers are invited (the invitations
    are written and sent by the worker, through the outbox, to those who agreed)."""

    __tablename__ = "priority_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    tiers: Mapped[list[str]] = mapped_column(JSON)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sent
    invited: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (Index("ix_priority_event_status", "status", "id"),)


class PriorityInvitation(Base):
    """One member invited to one event, once, whatever retries happen; `sent` says whether
    a message went (consent given and a mobile to send to)."""

    __tablename__ = "priority_invitation"
    event_id: Mapped[int] = mapped_column(ForeignKey("priority_event.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent: Mapped[bool] = mapped_column(default=False)

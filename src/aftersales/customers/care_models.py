"""Care tasks (回访, 感谢函, 贺卡): the rules that create them, as data, and the tasks."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class Trigger(StrEnum):
    appliance_sale = "appliance_sale"  # a follow-up call after an appliance is delivered
    large_purchase = "large_purchase"  # a thank-you letter above an amount
    claim_closed = "claim_closed"  # a call after a claim closes
    birthday = "birthday"  # a greeting card before the member's birthday
    complaint_closed = "complaint_closed"  # a call after a complaint closes
    spring_festival = "spring_festival"  # greeting cards before Spring Festival (春节贺卡)


class Outcome(StrEnum):
    reached = "reached"
    satisfied = "satisfied"
    callback = "callback"  # wants a callback
    complaint = "complaint"  # a complaint was raised
    unreachable = "unreachable"
    sent = "sent"  # a letter or card went out


class CareRule(Base):
    __tablename__ = "care_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    trigger: Mapped[str] = mapped_column(String(20))
    delay_days: Mapped[int] = mapped_column(default=3)  # negative: before the event
    channel: Mapped[str] = mapped_column(String(10))  # call | sms | email | letter
    template: Mapped[str] = mapped_column(Text)
    min_amount: Mapped[Decimal | None] = mapped_column(Money)
    # Letters, cards and greetings are care messages: only for customers who agreed.
    needs_consent: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class CareTask(Base):
    __tablename__ = "care_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("care_rule.id"))
    # What caused it: a receipt, a claim, or a member's birthday year.
    source: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int]
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    channel: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        UniqueConstraint("rule_id", "source", "source_id", name="uq_care_task_source"),
        Index("ix_care_task_open_store", "store_id", "done_at", "due_on"),
        Index("ix_care_task_open_counter", "counter_id", "done_at", "due_on"),
    )

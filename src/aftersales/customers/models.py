"""Customers and members (顾客/会员): the person, their consent, their membership and the
append-only points ledger with the rules that earn points."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    # Normalised: 11-digit mobile, or landline as area code + "-" + number.
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    member_no: Mapped[str | None] = mapped_column(String(30), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    birthday: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(200))
    # Preferences and sizes as free tags ("42码", "喜欢深色").
    tags: Mapped[list[str] | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
    # The latest recorded answer; the history is in customer_consent.
    marketing_consent: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Set when the person was erased on request: the record stays, anonymised, for the
    # receipts, cases and statistics that point at it.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsentChannel(StrEnum):
    in_person = "in_person"
    paper_form = "paper_form"
    phone = "phone"
    sms = "sms"
    online = "online"


class CustomerConsent(Base):
    """Each change of the customer's consent to marketing messages (PIPL): when, how, by whom."""

    __tablename__ = "customer_consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    granted: Mapped[bool]
    channel: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str | None] = mapped_column(String(200))


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), unique=True)
    member_no: Mapped[str] = mapped_column(String(30), unique=True)
    tier: Mapped[str] = mapped_column(String(20), default="standard")
    since: Mapped[date] = mapped_column(Date)
    # The balance after the newest ledger entry, kept in the same transaction as each entry
    # (tests prove it equals the ledger's sum).
    points: Mapped[int] = mapped_column(default=0)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    # Set when this membership was merged into another (its balance moved there).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)


class PointReason(StrEnum):
    sale = "sale"
    return_ = "return"
    redeem = "redeem"
    expire = "expire"
    adjust = "adjust"
    referral = "referral"
    merge = "merge"
    # Spent points paid for out of a refund (the store's `deduct` rule): brings the balance
    # the reversal took below zero back to where it stood.
    refund_deduction = "refund_deduction"


class PointEntry(Base):
    """One line of the append-only ledger; `balance` is the member's balance after it."""

    __tablename__ = "point_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delta: Mapped[int]
    balance: Mapped[int]
    reason: Mapped[str] = mapped_column(String(20))
    # A sale's line is (receipt_id, line_no): the hot path knows it without reading back ids.
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipt.id"))
    line_no: Mapped[int | None]
    receipt_no: Mapped[str | None] = mapped_column(String(40))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    actor_id: Mapped[int | None]
    # The year whose points an `expire` entry took: one expiry per member and year.
    period: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (
        Index("ix_point_entry_member_at", "member_id", "at", "id"),
        Index("ix_point_entry_receipt", "receipt_id", "line_no"),
        # One reversal per claim and line, whatever retries or races happen.
        UniqueConstraint("claim_id", "receipt_id", "line_no", name="uq_point_entry_claim_line"),
        UniqueConstraint("member_id", "reason", "period", name="uq_point_entry_period"),
    )


class EarnRule(Base):
    """How many points a yuan earns: one `base` rule (percent 100 = 1 point per yuan) and
    multipliers by category, by the counter's brand, or for a promotion's dates."""

    __tablename__ = "earn_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # base | category | brand | promotion
    percent: Mapped[int] = mapped_column(default=100)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class TierRule(Base):
    """A tier by rolling 12-month spend, and the discount the point of sale reads."""

    __tablename__ = "tier_rule"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(30))
    name_en: Mapped[str] = mapped_column(String(30))
    min_spend: Mapped[Decimal] = mapped_column(Money)
    discount_percent: Mapped[int] = mapped_column(default=0)  # 5 = 5 % off
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class TierChange(Base):
    __tablename__ = "tier_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    old_tier: Mapped[str] = mapped_column(String(20))
    new_tier: Mapped[str] = mapped_column(String(20))
    spend: Mapped[Decimal] = mapped_column(Money)


class Voucher(Base):
    """A one-time benefit (the birthday voucher): issued once per member, kind and year,
    redeemed once."""

    __tablename__ = "voucher"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    value: Mapped[Decimal] = mapped_column(Money)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_on: Mapped[date] = mapped_column(Date)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redeemed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    receipt_no: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        UniqueConstraint("member_id", "kind", "year", name="uq_voucher_member_kind_year"),
    )


class MemberNotice(Base):
    """A message told once per member, kind and period (the warning before points expire)."""

    __tablename__ = "member_notice"
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MemberJobRun(Base):
    """The period a timed job last ran for: a worker claims a day's run with a conditional
    UPDATE, so several workers never run it twice."""

    __tablename__ = "member_job_run"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(10))


class CustomerMerge(Base):
    """Two records of one person made one: what moved, so an administrator can undo it."""

    __tablename__ = "customer_merge"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    moved: Mapped[dict[str, Any]] = mapped_column(JSON)  # table name -> row ids
    points_moved: Mapped[int] = mapped_column(default=0)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


# The care tables live beside these in care_models.py; importing them here puts them in the
# metadata whenever the customers' tables are.
from aftersales.customers import care_models as _care  # noqa: E402, F401
from aftersales.customers import member_models as _more  # noqa: E402, F401

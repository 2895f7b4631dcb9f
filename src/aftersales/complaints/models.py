"""Complaint cases (投诉) and what hangs off them: pauses, steps, outcomes, tasks, contacts."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow
from aftersales.files import StoredFileColumns


class Channel(StrEnum):
    phone = "phone"
    hotline = "hotline"
    letter = "letter"
    walk_in = "walk_in"
    media = "media"
    consumer_association = "consumer_association"
    email = "email"
    online = "online"
    opinion_box = "opinion_box"
    gm_letter = "gm_letter"


class ComplaintType(StrEnum):
    product = "product"
    service = "service"
    facilities = "facilities"
    special = "special"


class Seeks(StrEnum):
    vent = "vent"
    respect = "respect"
    compensation = "compensation"


class Severity(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class Status(StrEnum):
    registered = "registered"
    in_progress = "in_progress"
    proposed = "proposed"
    agreed = "agreed"
    carrying_out = "carrying_out"
    follow_up = "follow_up"
    closed = "closed"
    referred = "referred"
    withdrawn = "withdrawn"


class Step(StrEnum):
    """The handling checklist (处理投诉程序)."""

    receive = "receive"
    listen = "listen"
    empathise = "empathise"
    confirm = "confirm"
    propose = "propose"
    agree = "agree"
    thank = "thank"


class OutcomeKind(StrEnum):
    return_goods = "return"
    exchange = "exchange"
    price_adjustment = "price_adjustment"
    service_change = "service_change"
    apology = "apology"
    compensation = "compensation"
    gift = "gift"


class Complaint(Base):
    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[Channel] = mapped_column(String(30))
    type: Mapped[ComplaintType] = mapped_column(String(20))
    cause: Mapped[str | None] = mapped_column(String(40))
    seeks: Mapped[Seeks | None] = mapped_column(String(20))
    severity: Mapped[Severity] = mapped_column(String(10), default=Severity.normal)
    status: Mapped[Status] = mapped_column(String(20), default=Status.registered)
    level: Mapped[int]
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))  # staff concerned
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipt.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    contact_email: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    wants: Mapped[str] = mapped_column(String(200), default="")
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    product: Mapped[str] = mapped_column(String(200), default="")
    batch: Mapped[str] = mapped_column(String(60), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The respond clock of the level holding the case starts when it arrives there.
    level_since: Mapped[datetime] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The reply to the customer (答复顾客, the `reply` standard) runs from registration, like
    # resolve; replied_at is the first proposal put to the customer (handling.propose).
    reply_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The one column the deadline sweep scans: the earliest instant something is due.
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    satisfaction: Mapped[int | None]
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    # SQLAlchemy bumps it on every UPDATE and refuses a write over a newer one.
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_complaint_next_check", "next_check_at"),
        Index("ix_complaint_store_level", "store_id", "level", "created_at", "id"),
        Index("ix_complaint_counter_level", "counter_id", "level", "created_at", "id"),
        Index("ix_complaint_level", "level", "created_at", "id"),
        Index("ix_complaint_status", "status", "created_at", "id"),
        Index("ix_complaint_holder", "holder_id", "created_at"),
        Index("ix_complaint_created", "created_at", "id"),
    )


class ComplaintTerm(Base):
    """Search postings: one row per distinct term (CJK bigram, word) of a complaint's text."""

    __tablename__ = "complaint_term"
    term: Mapped[str] = mapped_column(String(40), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), primary_key=True)


class ComplaintToIndex(Base):
    """A registered complaint whose search postings the worker has still to write: intake
    queues it in its own transaction (one row) instead of cutting the text there."""

    __tablename__ = "complaint_to_index"
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), primary_key=True)


class ComplaintPause(Base):
    __tablename__ = "complaint_pause"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")


class ComplaintStep(Base):
    __tablename__ = "complaint_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"))
    step: Mapped[Step] = mapped_column(String(20))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(500), default="")

    __table_args__ = (UniqueConstraint("complaint_id", "step"),)


class ComplaintOutcome(Base):
    """One item of a proposal; the agreed proposal's items are the 处理协议's outcomes."""

    __tablename__ = "complaint_outcome"
    id: Mapped[int] = mapped_column(primary_key=True)
    # A late delivery's compensation is owed by the store's own promise, not agreed in a
    # complaint: its row names the work order instead (proposal_no 0).
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"), unique=True)
    proposal_no: Mapped[int]
    kind: Mapped[OutcomeKind] = mapped_column(String(20))
    cost: Mapped[Decimal] = mapped_column(Money)
    note: Mapped[str] = mapped_column(String(500), default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ComplaintAgreement(Base):
    """The customer's confirmation of a proposal: by a code sent to them, or a signature."""

    __tablename__ = "complaint_agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    proposal_no: Mapped[int]
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_sent_to: Mapped[str | None] = mapped_column(String(120))
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_attempts: Mapped[int] = mapped_column(default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by: Mapped[str | None] = mapped_column(String(20))  # code | signature
    signature_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint_attachment.id")
    )
    total_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))


class ComplaintTask(Base):
    """Work to carry out an agreement, e.g. the warehouse ships a replacement."""

    __tablename__ = "complaint_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (Index("ix_complaint_task_open", "role", "store_id", "done_at"),)
    __mapper_args__ = {"version_id_col": version}


class ComplaintContact(Base):
    """Follow-up calls, goods taken back, media enquiries, arbitration notes: 详细记录备查."""

    __tablename__ = "complaint_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    satisfied: Mapped[bool | None]
    rating: Mapped[int | None]


class ComplaintAttachment(StoredFileColumns, Base):
    """A file kept on disk under settings.attachments_dir; the row says where and what."""

    __tablename__ = "complaint_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))

"""Tables an administrator edits: the cause taxonomy and keyword rules, and the counter
behind the public pages' rate limit."""

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime


class ComplaintCause(Base):
    __tablename__ = "complaint_cause"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(default=True)


class ClassificationRule(Base):
    """A keyword found in a complaint's words votes for a type (and a cause)."""

    __tablename__ = "classification_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    keyword: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(20))
    cause: Mapped[str | None] = mapped_column(String(40))
    weight: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (UniqueConstraint("keyword", "type", "cause"),)


class PublicAttempt(Base):
    """Failed look-ups on the public tracking pages per client, so guessing is throttled
    across processes (like auth's LoginThrottle)."""

    __tablename__ = "public_attempt"
    client_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""Policy set versions and the replays run over them."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, Money, UTCDateTime, utcnow


class VersionStatus(StrEnum):
    draft = "draft"  # being edited; decides nothing
    active = "active"  # the one set in force
    retired = "retired"  # was active once; kept so old claims name what decided them


class PolicySetVersion(Base):
    """One version of the whole policy set: every TOML file's text, as `policy validate`
    reads a folder of them. Never edited once it has been active."""

    __tablename__ = "policy_set_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)  # v1, v2, ... as the console shows
    status: Mapped[VersionStatus] = mapped_column(String(10))
    # file name -> TOML text ("policyset.toml", "footwear.toml", ...)
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    # The set's own `version` line (policyset.toml), the string a decision carries.
    label: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(10))  # shipped (the release's files), console
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("policy_set_version.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_policy_set_version_status", "status", "id"),)


class PolicyReplay(Base):
    """What a draft would have decided differently over the claims of a period, against the
    set active when the replay ran: totals over every claim read, and the first changes."""

    __tablename__ = "policy_replay"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("policy_set_version.id"))
    against_id: Mapped[int | None] = mapped_column(ForeignKey("policy_set_version.id"))
    months: Mapped[int] = mapped_column(Integer)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    claims_read: Mapped[int] = mapped_column(Integer)  # claims of the period
    claims_decided: Mapped[int] = mapped_column(Integer)  # those the draft could change
    claims_changed: Mapped[int] = mapped_column(Integer)
    money_before: Mapped[Decimal] = mapped_column(Money)  # owed on the changed claims
    money_after: Mapped[Decimal] = mapped_column(Money)
    # [{"claim_id", "opened_at", "category", "problem", "remedy", "before", "after",
    #   "money_before", "money_after"}], claim id order, at most CHANGES_KEPT of them
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    milliseconds: Mapped[int] = mapped_column(Integer)
    workers: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_policy_replay_draft", "draft_id", "id"),)

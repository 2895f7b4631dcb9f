"""Users, their role and scope, API tokens and login throttling."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base, UTCDateTime, utcnow


class Role(StrEnum):
    staff = "staff"
    counter_manager = "counter_manager"
    floor_supervisor = "floor_supervisor"
    manager_assistant = "manager_assistant"
    dept_manager = "dept_manager"
    complaint_station = "complaint_station"
    technician = "technician"
    driver = "driver"  # delivers goods to the customer's door
    warehouse = "warehouse"
    inspector = "inspector"
    admin = "admin"


class User(Base):
    __tablename__ = "app_user"
    audit_entity = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(30))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout-everywhere or password change: old tokens and sessions stop working.
    session_epoch: Mapped[int] = mapped_column(default=1)
    version: Mapped[int] = mapped_column(default=1)
    # SQLAlchemy bumps it on every UPDATE and refuses a write over a newer one.
    __mapper_args__ = {"version_id_col": version}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed log-ins per account name (known or not) and per client address, kept in the
    database so that every app process throttles alike. Each failure past the free ones
    makes the next attempt wait longer; nothing locks an account outright."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)  # "account:…", "address:…"
    failures: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

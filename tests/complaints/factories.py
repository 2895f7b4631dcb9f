"""Complaints in the shape of the contract, and the personas as service-level principals."""

import itertools
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.complaints.schemas import ComplaintCreate

CST = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def cst(*args: int) -> datetime:
    return datetime(*args, tzinfo=CST)  # type: ignore[misc]


def complaint_body(**overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    body: dict[str, Any] = {
        "channel": "phone",
        "type": "service",
        "store": "S1",
        "counter": "S1-F1-C01",
        "customer": {"name": "李四", "phone": f"139{n % 100_000_000:08d}"},
        "title": f"店员态度差 {n}",
        "description": "导购态度很不耐烦，还顶撞顾客",
        "wants": "apology",
        "receipt_no": None,
        "occurred_at": "2026-11-20T10:00:00+08:00",
    }
    body.update(overrides)
    return body


def form(**overrides: Any) -> ComplaintCreate:
    return ComplaintCreate.model_validate(complaint_body(**overrides))


def person(session: Session, username: str) -> Principal:
    return Principal.of(session.scalars(select(User).where(User.username == username)).one())

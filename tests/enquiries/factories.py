"""Hotline questions in the shape of the API, and the clock the tests run on."""

import itertools
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.feedback.enquiries import service
from aftersales.feedback.enquiries.models import Enquiry
from aftersales.feedback.enquiries.schemas import EnquiryCreate

CST = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def cst(*args: int) -> datetime:
    return datetime(*args, tzinfo=CST)  # type: ignore[misc]


# A Thursday in October, before the demo's month: no demo question is open then.
THURSDAY_10AM = cst(2026, 10, 15, 10, 0)


def enquiry_body(**overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    body: dict[str, Any] = {
        "store": "S1",
        "counter": None,
        "topic": "installation",
        "question": f"空调什么时候上门安装？ {n}",
        "caller_name": "周女士",
        "phone": f"137{n % 100_000_000:08d}",
    }
    return body | overrides


def take(
    session: Session, actor: Principal, *, now: datetime = THURSDAY_10AM, **overrides: Any
) -> Enquiry:
    data = EnquiryCreate.model_validate(enquiry_body(**overrides))
    return service.record_enquiry(session, data=data, actor=actor, now=now)

"""Customers and members in and out (Pydantic)."""

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, field_validator

from aftersales.customers.models import ConsentChannel
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.validation import MoneyIn, Version

Points = Annotated[StrictInt, Field(gt=0, le=10_000_000)]
MemberNo = Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9_\-]+$")]


def _phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except InvalidPhone as exc:
        raise ValueError(str(exc)) from exc


PhoneIn = Annotated[str, AfterValidator(_phone)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CustomerUpdate(_In):
    name: str = Field(min_length=1, max_length=60)
    phone: PhoneIn
    birthday: date | None = None
    gender: str | None = Field(default=None, pattern=r"^(female|male|other)$")
    address: str | None = Field(default=None, max_length=200)
    tags: list[Annotated[str, Field(min_length=1, max_length=30)]] = Field(
        default_factory=list, max_length=30
    )
    notes: str | None = Field(default=None, max_length=2000)
    version: Version

    @field_validator("birthday")
    @classmethod
    def _past(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= date(2100, 1, 1):
            raise ValueError("not a plausible birthday")
        return value


class ConsentIn(_In):
    granted: bool
    channel: ConsentChannel | None = None
    note: str | None = Field(default=None, max_length=200)


class EnrolIn(_In):
    member_no: MemberNo
    birthday: date | None = None
    referred_by: MemberNo | None = None


class RedeemIn(_In):
    points: Points
    receipt_no: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=200)


class AdjustIn(_In):
    delta: Annotated[StrictInt, Field(ge=-10_000_000, le=10_000_000)]
    reason: str = Field(min_length=1, max_length=200)
    version: int | None = None

    @field_validator("delta")
    @classmethod
    def _nonzero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("must not be zero")
        return value


class EarnRuleIn(_In):
    kind: str = Field(pattern=r"^(base|category|brand|promotion)$")
    percent: Annotated[StrictInt, Field(ge=0, le=10_000)]
    category: str | None = Field(default=None, max_length=30)
    brand: str | None = Field(default=None, max_length=20)
    starts_on: date | None = None
    ends_on: date | None = None
    note: str = Field(default="", max_length=200)


class VoucherRedeemIn(_In):
    receipt_no: str | None = Field(default=None, max_length=40)


class MergeIn(_In):
    target_id: Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]
    version: Version  # of the record merged away (the one in the path)


class VersionIn(_In):
    version: Version


class TierIn(_In):
    code: str = Field(min_length=1, max_length=20, pattern=r"^[a-z_]+$")
    name_zh: str = Field(min_length=1, max_length=30)
    name_en: str = Field(min_length=1, max_length=30)
    min_spend: MoneyIn
    discount_percent: Annotated[StrictInt, Field(ge=0, le=90)]
    version: int | None = None


class CareRuleIn(_In):
    trigger: str = Field(
        pattern=r"^(appliance_sale|large_purchase|claim_closed|complaint_closed|birthday"
        r"|spring_festival)$"
    )
    delay_days: Annotated[StrictInt, Field(ge=-60, le=60)]
    channel: str = Field(pattern=r"^(call|sms|email|letter)$")
    template: str = Field(min_length=1, max_length=500)
    min_amount: MoneyIn | None = None
    needs_consent: bool = False
    active: bool = True
    version: int | None = None


class PriorityEventIn(_In):
    title: str = Field(min_length=1, max_length=100)
    store_id: Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]
    tiers: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(max_length=10)
    starts_on: date
    ends_on: date
    message: str = Field(default="", max_length=300)


class RefundRuleIn(_In):
    store_id: Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]
    rule: str = Field(pattern=r"^(negative|deduct)$")
    point_value: MoneyIn
    version: int | None = None


class MemberImportRow(_In):
    member_no: MemberNo
    name: str = Field(min_length=1, max_length=60)
    phone: PhoneIn
    birthday: date | None = None

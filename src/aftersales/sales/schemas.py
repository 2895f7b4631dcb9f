"""Sales in and out of the API (contract: POST /api/v1/sales)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from aftersales.customers.phones import InvalidPhone, normalize_phone


def _money(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite amount")
    if value < 0:
        raise ValueError("must not be negative")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("at most two decimal places")
    return value.quantize(Decimal("0.01"))


MoneyIn = Annotated[Decimal, Field(max_digits=12), AfterValidator(_money)]


def _phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except InvalidPhone as exc:
        raise ValueError(str(exc)) from exc


PhoneIn = Annotated[str, AfterValidator(_phone)]


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=60)
    phone: PhoneIn
    member_no: str | None = Field(default=None, max_length=30)


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    sku: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    category: str = Field(min_length=1, max_length=30)
    qty: int = Field(ge=1, le=10_000)
    tag_price: MoneyIn
    paid: MoneyIn


class SaleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    receipt_no: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")
    store: str = Field(min_length=1, max_length=20)
    counter: str = Field(min_length=1, max_length=30)
    sold_at: datetime
    staff: str | None = Field(default=None, max_length=60)
    customer: CustomerIn | None = None
    lines: list[LineIn] = Field(min_length=1, max_length=200)

    @field_validator("sold_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. 2026-01-31T15:20:00+08:00")
        return value

"""Sales in and out of the API (contract: POST /api/v1/sales)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aftersales.customers.schemas import PhoneIn
from aftersales.validation import Moment, MoneyIn


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
    sold_at: Moment
    staff: str | None = Field(default=None, max_length=60)
    customer: CustomerIn | None = None
    lines: list[LineIn] = Field(min_length=1, max_length=200)

    @field_validator("sold_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. 2026-01-31T15:20:00+08:00")
        return value

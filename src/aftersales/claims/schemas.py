"""Claims in and out of the API. Values the policy engine understands (problem, condition,
evidence, dates) stay loosely typed here so that the engine names the wrong field itself."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aftersales.validation import Day, Id, MoneyIn, Version

Remedy = Literal[
    "return",
    "exchange",
    "free_repair",
    "paid_repair",
    "repair",
    "refund_difference",
    "compensation",
]
RefundMethod = Literal["cash", "card", "original", "wechat", "alipay"]


class ItemIn(BaseModel):
    """The item when there is no receipt in our records (staff attestation, member record)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    sku: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    category: str = Field(min_length=1, max_length=30)
    paid: MoneyIn
    tag_price: MoneyIn | None = None
    sold_on: Day
    counter: str | None = Field(default=None, max_length=30)


class ClaimCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    receipt_no: str | None = Field(default=None, max_length=40)
    sku: str | None = Field(default=None, max_length=40)
    line_no: Id | None = None
    remedy: Any = None
    problem: Any = None
    part: str | None = Field(default=None, max_length=40)
    condition: Any = None
    evidence: Any = None
    requested_on: Any = None
    item_flags: Any = None
    product_type: str | None = Field(default=None, max_length=40)
    material: str | None = Field(default=None, max_length=40)
    channel: Any = None
    received_on: Any = None
    current_price: Any = None
    true_tag_price: Any = None
    replacement_available: Any = None
    exchanged_on: Any = None
    exchanges: Any = None
    produced_on: Any = None
    warranty: Any = None
    item: ItemIn | None = None


class ChooseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    remedy: Remedy
    version: Version


class OverrideIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    remedy: Remedy
    amount: MoneyIn | None = None
    reason: str = Field(default="", max_length=2000)
    version: Version


class RefundIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    amount: MoneyIn
    method: RefundMethod
    legal_basis: str | None = Field(default=None, max_length=500)
    version: Version


class ExchangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    sku: str = Field(min_length=1, max_length=40)
    version: Version


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str = Field(default="", max_length=2000)
    version: Version

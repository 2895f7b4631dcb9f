"""Work-order request bodies."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aftersales.validation import Day, Id, Moment, MoneyIn, Version


class StepIn(BaseModel):
    """One body for every work-order step; each step reads the fields it needs."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    diagnosis: str | None = Field(default=None, max_length=2000)
    amount: MoneyIn | None = None
    factory: str | None = Field(default=None, max_length=120)
    parts_used: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    fixed: bool = True
    version: Version


# Service orders.

Visit = Literal["installation", "adjustment", "guidance", "onsite_repair", "delivery"]
Phone = Annotated[str, Field(pattern=r"^1\d{10}$")]


class ServiceOrderCreate(BaseModel):
    """Book a service order. Where from: a receipt line, a claim, a complaint, or by hand
    (then store, counter, item and contact are given)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    service: Visit
    receipt_no: str | None = Field(default=None, max_length=40)
    line_no: Id | None = None
    claim_id: Id | None = None
    complaint_id: Id | None = None
    counter: str | None = Field(default=None, max_length=30)
    sku: str | None = Field(default=None, max_length=40)
    item_name: str | None = Field(default=None, max_length=120)
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: Phone | None = None
    address: str = Field(min_length=2, max_length=300)
    technician: str = Field(min_length=1, max_length=60)  # username: technician or driver
    slot_start: Moment
    slot_end: Moment
    promised_on: Day | None = None  # delivery: the agreed day (the slot's day by default)
    paid_at: Moment | None = None  # an online order's payment: shipping is due 2 days on
    paid: bool = False  # at cost (a paid visit) rather than free with the sale
    note: str | None = Field(default=None, max_length=2000)


class RescheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    slot_start: Moment
    slot_end: Moment
    technician: str | None = Field(default=None, max_length=60)
    asked_by: Literal["customer", "store"]
    reason: str = Field(default="", max_length=300)
    version: Version


class VisitStepIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    version: Version


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=300)
    version: Version


class CompleteIn(BaseModel):
    """The end of the visit, on the technician's tablet: what was done, with the customer's
    signature and rating."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    work_done: str = Field(min_length=1, max_length=2000)
    parts_used: list[str] = Field(default_factory=list, max_length=50)
    signature: str = Field(min_length=1, max_length=2_000_000)  # data:image/png;base64,
    rating: int | None = Field(default=None, ge=1, le=5)
    rating_comment: str | None = Field(default=None, max_length=500)
    version: Version

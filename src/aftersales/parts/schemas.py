"""Request and answer shapes of the spare-parts API."""

from pydantic import BaseModel, ConfigDict, Field

from aftersales.validation import Id, MoneyIn

Code = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")


class PartCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Code
    brand: str = Field(min_length=1, max_length=30)  # the brand's code (B04) or name (百丽)
    model: str = Field(min_length=1, max_length=60)
    kind: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=120)
    unit_cost: MoneyIn
    reorder_point: int = Field(default=0, ge=0, le=100_000)
    reorder_qty: int = Field(default=1, ge=1, le=100_000)


class StockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    location: str = Field(min_length=1, max_length=20)
    qty: int = Field(le=100_000)
    note: str = Field(default="", max_length=200)


class CountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    location: str = Field(min_length=1, max_length=20)
    on_hand: int = Field(le=1_000_000)


class ReorderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qty: int | None = Field(default=None, le=100_000)


class ReserveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    part_id: Id
    location: str = Field(min_length=1, max_length=20)
    qty: int = Field(le=100_000)


class QtyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qty: int = Field(le=100_000)


class WaitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    part_id: Id | None = None
    note: str = Field(default="", max_length=200)


class LoanerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=200)


class PromiseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str = Field(min_length=1, max_length=30)
    days: int | None = Field(default=None, ge=1, le=365)

"""The delivery compensation rule as the API reads and writes it."""

from decimal import Decimal
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, field_validator

from aftersales.validation import MAX_ID

# The version read: 0 while the store had no rule of its own (the default was shown).
RuleVersion = Annotated[int, Ge(0), Le(MAX_ID)]


class DeliveryRuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_day: Decimal
    cap: Decimal | None = None
    clock: str
    version: RuleVersion

    @field_validator("cap", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

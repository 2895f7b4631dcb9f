"""Work-order request bodies."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales.validation import MoneyIn, Version


class StepIn(BaseModel):
    """One body for every work-order step; each step reads the fields it needs."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    diagnosis: str | None = Field(default=None, max_length=2000)
    amount: MoneyIn | None = None
    factory: str | None = Field(default=None, max_length=120)
    parts_used: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    fixed: bool = True
    version: Version

"""Inspections in and out, on the doors of contracts/feedback.md."""

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from aftersales.supervision.inspections.models import InspectionKind
from aftersales.validation import Version


class ScoreIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    item: str = Field(min_length=1, max_length=40)
    score: int = Field(ge=0)
    max: int | None = Field(default=None, ge=1)
    note: str = Field(default="", max_length=500)


class FindingIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=500)
    owner: str = Field(min_length=1, max_length=60)
    due: date


class InspectionCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    kind: InspectionKind = InspectionKind.inspection
    store: str = Field(min_length=1, max_length=20)
    counter: str | None = Field(default=None, max_length=30)
    template: str = Field(min_length=1, max_length=40)
    visited_at: AwareDatetime
    scores: list[ScoreIn] = Field(min_length=1, max_length=100)
    findings: list[FindingIn] = Field(default_factory=list, max_length=30)
    on_duty: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field(default="", max_length=2000)


class ActionStep(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    note: str = Field(default="", max_length=500)
    version: Version


class VerifyIn(BaseModel):
    """The verification door's body is the contract's (feedback.md), which names no
    version: the step is one-way (done -> verified/open) under the action's row lock."""

    model_config = ConfigDict(str_strip_whitespace=True)
    note: str = Field(default="", max_length=500)
    version: int | None = None
    accepted: bool = True


class TemplateIn(BaseModel):
    items: list[dict] = Field(min_length=1, max_length=100)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None

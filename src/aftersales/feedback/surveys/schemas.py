"""Survey answers and campaigns in."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class SurveyAnswerIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    score: int = Field(ge=1, le=5)
    polite: bool | None = None
    fast: bool | None = None
    come_back: bool | None = None
    comment: str = Field(default="", max_length=1000)


class CampaignIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    title: str = Field(min_length=1, max_length=100)
    store: str = Field(min_length=1, max_length=20)
    counter: str | None = Field(default=None, max_length=30)
    period_from: date
    period_to: date

"""Suggestions in and out (contract: feedback.md, suggestions part)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aftersales.feedback.models import SuggestionCategory, SuggestionChannel
from aftersales.sales.schemas import CustomerIn, PhoneIn
from aftersales.validation import Version

Email = Field(default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SuggestionCreate(_In):
    channel: SuggestionChannel
    store: str = Field(min_length=1, max_length=20)
    counter: str | None = Field(default=None, max_length=30)
    text: str = Field(min_length=1, max_length=5000)
    customer: CustomerIn | None = None
    contact_email: str | None = Email
    link: str | None = Field(default=None, max_length=300)  # a pasted social-media post


class PublicSuggestionCreate(_In):
    store: str = Field(min_length=1, max_length=20)
    text: str = Field(min_length=1, max_length=5000)
    phone: PhoneIn | None = None


class DecideIn(_In):
    decision: Literal["adopted", "declined"]
    reply: str = Field(min_length=1, max_length=2000)
    version: int = Field(ge=1)  # the version read: a stale decision is refused


class ImplementedIn(_In):
    note: str = Field(min_length=1, max_length=2000)
    version: int = Field(ge=1)


class ClassifyIn(_In):
    category: SuggestionCategory
    version: Version


class ConvertIn(_In):
    version: Version

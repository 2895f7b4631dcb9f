"""Hotline questions in (the API's bodies and the console's forms)."""

from pydantic import BaseModel, ConfigDict, Field

from aftersales.customers.schemas import PhoneIn
from aftersales.feedback.enquiries.models import EnquiryTopic
from aftersales.validation import Moment, Version

Email = Field(default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EnquiryCreate(_In):
    store: str = Field(min_length=1, max_length=20)
    counter: str | None = Field(default=None, max_length=30)
    topic: EnquiryTopic
    question: str = Field(min_length=1, max_length=5000)
    caller_name: str | None = Field(default=None, max_length=60)
    phone: PhoneIn | None = None
    contact_email: str | None = Email
    asked_at: Moment | None = None  # when the call came in; now when left out


class AnswerIn(_In):
    answer: str = Field(min_length=1, max_length=5000)
    send: bool = True  # text or mail the answer to the caller when they left a contact
    version: Version


class ConvertIn(_In):
    version: Version

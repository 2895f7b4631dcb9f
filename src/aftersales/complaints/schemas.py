"""Complaints in and out of the API (contract: POST /api/v1/complaints)."""

from pydantic import BaseModel, ConfigDict, Field

from aftersales.complaints.models import (
    Channel,
    ComplaintType,
    OutcomeKind,
    Seeks,
    Severity,
    Status,
    Step,
)
from aftersales.sales.schemas import CustomerIn, MoneyIn, PhoneIn
from aftersales.validation import Id, Moment, Version

AwareTime = Moment  # aware, and within the years the calendar knows


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ComplaintCreate(_In):
    """The registration form (投诉登记表): the 5 W, the product, what the customer wants."""

    channel: Channel
    type: ComplaintType = ComplaintType.product
    store: str | None = Field(default=None, max_length=20)
    counter: str | None = Field(default=None, max_length=30)
    customer: CustomerIn | None = None
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    wants: str = Field(default="", max_length=200)
    receipt_no: str | None = Field(default=None, max_length=40)
    occurred_at: AwareTime | None = None
    place: str = Field(default="", max_length=200)
    product: str = Field(default="", max_length=200)
    batch: str = Field(default="", max_length=60)
    cause: str | None = Field(default=None, max_length=40)
    seeks: Seeks | None = None
    severity: Severity = Severity.normal
    staff: str | None = Field(default=None, max_length=60)
    claim_id: Id | None = None
    contact_email: str | None = Field(default=None, max_length=120)


class PublicComplaintCreate(_In):
    """What a customer types on the self-service page: no staff fields."""

    name: str = Field(min_length=1, max_length=60)
    phone: PhoneIn
    store: str | None = Field(default=None, max_length=20)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    wants: str = Field(default="", max_length=200)
    receipt_no: str | None = Field(default=None, max_length=40)
    occurred_at: AwareTime | None = None


class Versioned(_In):
    version: Version


class ClassifyIn(Versioned):
    type: ComplaintType | None = None
    cause: str | None = Field(default=None, max_length=40)
    seeks: Seeks | None = None
    severity: Severity | None = None
    staff: str | None = Field(default=None, max_length=60)
    counter: str | None = Field(default=None, max_length=30)
    receipt_no: str | None = Field(default=None, max_length=40)
    claim_id: Id | None = None


class ReasonIn(Versioned):
    reason: str = Field(min_length=1, max_length=500)


class MoveIn(ReasonIn):
    to_level: int | None = Field(default=None, ge=1, le=6)


class ReassignIn(ReasonIn):
    holder: str = Field(min_length=1, max_length=60)


class StatusIn(Versioned):
    to: Status
    reason: str = Field(default="", max_length=500)


class StepIn(_In):
    step: Step
    note: str = Field(default="", max_length=500)


class OutcomeIn(_In):
    kind: OutcomeKind
    cost: MoneyIn
    note: str = Field(default="", max_length=500)


class ProposalIn(Versioned):
    outcomes: list[OutcomeIn] = Field(min_length=1, max_length=20)


class ConfirmIn(Versioned):
    code: str | None = Field(default=None, min_length=4, max_length=12)
    signature: str | None = Field(default=None, max_length=2_000_000)  # data:image/png;base64,


class CodeIn(_In):
    via: str = Field(default="sms", pattern="^(sms|email)$")


class TaskIn(_In):
    title: str = Field(min_length=1, max_length=200)
    role: str = Field(default="warehouse", pattern="^(warehouse|technician)$")


class ContactIn(_In):
    kind: str = Field(
        default="follow_up",
        pattern="^(follow_up|goods_retrieved|media_enquiry|note|call_recording)$",
    )
    note: str = Field(default="", max_length=5_000)
    satisfied: bool | None = None
    rating: int | None = Field(default=None, ge=1, le=5)


class StaffFaultIn(_In):
    staff: str = Field(min_length=1, max_length=60)
    reason: str = Field(min_length=1, max_length=500)


class OutsideProcessIn(_In):
    reason: str = Field(min_length=1, max_length=500)


class TrackIn(_In):
    code: str = Field(min_length=1, max_length=16)
    phone: str = Field(min_length=1, max_length=30)


class RateIn(TrackIn):
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=2_000)


class RuleIn(_In):
    keyword: str = Field(min_length=1, max_length=40)
    type: ComplaintType
    cause: str | None = Field(default=None, max_length=40)
    weight: int = Field(default=1, ge=1, le=10)
    active: bool = True

"""Request bodies of the policy version routes."""

from pydantic import BaseModel, Field

from aftersales.validation import Version


class DraftIn(BaseModel):
    files: dict[str, str] = Field(description="file name -> TOML text, as `policy validate` reads")
    note: str = Field(max_length=2000, description="what the draft changes")
    based_on: int | None = Field(None, description="the version it was edited from")


class ActivateIn(BaseModel):
    version: Version = Field(description="the row version read (optimistic lock)")


class ReplayIn(BaseModel):
    months: int = Field(6, ge=1, le=120, description="claims opened in the last N months")
    workers: int | None = Field(None, ge=1, le=64, description="worker processes; None: decide")

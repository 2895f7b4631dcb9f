from pydantic import BaseModel, ConfigDict, Field

from aftersales.auth.models import Role


class UserForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    username: str = Field(min_length=2, max_length=60, pattern=r"^[A-Za-z0-9_.\-]+$")
    display_name: str = Field(min_length=1, max_length=60)
    role: Role
    store: str | None = None
    counter: str | None = None
    email: str | None = Field(default=None, max_length=120)
    password: str | None = Field(default=None, max_length=200)
    active: bool = True
    version: int | None = None

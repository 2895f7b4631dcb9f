from pydantic import BaseModel, ConfigDict, Field

CODE = r"^[A-Za-z0-9\-_]+$"


class StoreForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    code: str = Field(min_length=1, max_length=20, pattern=CODE)
    name: str = Field(min_length=1, max_length=100)


class CounterForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    code: str = Field(min_length=1, max_length=30, pattern=CODE)
    name: str = Field(min_length=1, max_length=100)
    store: str = Field(min_length=1)
    floor: str = Field(min_length=1, max_length=10)
    brand: str | None = None
    active: bool = True
    version: int | None = None

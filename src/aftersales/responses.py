"""A JSON response rendered by orjson (fast, and Decimal-free by construction: money is str)."""

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from fastapi.responses import Response


def money_or_none(value: Decimal | None) -> str | None:
    """Money in JSON: a decimal string with two places."""
    return None if value is None else f"{value:.2f}"


def local_iso(value: Any, tz: str) -> str | None:  # noqa: ANN401 - a datetime or None
    """An instant in JSON: ISO 8601 in the store's zone."""
    return value.astimezone(ZoneInfo(tz)).isoformat() if value else None


class JSONBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def fields_json(row: Any, names: tuple[str, ...]) -> dict[str, Any]:  # noqa: ANN401
    """A row's plain fields as they are (orjson writes enums, dates and numbers itself);
    a presenter adds what needs converting (money, local times, names) beside them."""
    return {name: getattr(row, name) for name in names}

"""A JSON response rendered by orjson (fast, and Decimal-free by construction: money is str)."""

from typing import Any

import orjson
from fastapi.responses import Response


class JSONBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)

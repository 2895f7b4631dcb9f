"""Routes declared from a table: an endpoint made by a factory carries the body's model and
the route's own name, so the OpenAPI document reads it as a handler written out alone."""

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])


def as_handler(endpoint: F, name: str, body_type: type[BaseModel]) -> F:
    endpoint.__annotations__["body"] = body_type
    endpoint.__name__ = endpoint.__qualname__ = name
    return endpoint

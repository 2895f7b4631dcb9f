"""The app's routes as (method, full path, route), walked through included routers."""

from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute


def api_routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute):
            for method in sorted(route.methods):
                yield method, prefix + route.path, route
        elif hasattr(route, "original_router"):  # FastAPI's included router
            inner = prefix + (getattr(route.include_context, "prefix", "") or "")
            yield from api_routes(route.original_router.routes, inner)


def path_params(route: APIRoute) -> list[Any]:
    found = []
    todo = [route.dependant]
    while todo:
        dependant = todo.pop()
        found.extend(dependant.path_params)
        todo.extend(dependant.dependencies)
    return found

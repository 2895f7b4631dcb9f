"""The door of the busiest writes (sales and complaints from the points of sale and the
counters): declared like any route, so the OpenAPI document is FastAPI's own, but a valid
JSON request is served by a handler that knows its four parameters (body, session, caller,
Idempotency-Key) instead of FastAPI's general dependency solving, a tenth of a sale's CPU
(docs/benchmarks.md), and written by the process's group writer (group_commit), so that
requests arriving together share one transaction. Anything else (another content type, a
body the model refuses, a key too long) goes to FastAPI's own handler, so its errors are
the same as on every route."""

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, get_type_hints

from fastapi.routing import APIRoute, APIRouter
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from aftersales.auth.deps import caller_of
from aftersales.group_commit import GroupWriter
from aftersales.idempotency import KEY_MAX_LENGTH

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
F = TypeVar("F", bound=Callable[..., Any])


def _valid_body(model: type[BaseModel], request: Request, raw: bytes) -> BaseModel | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        return model.model_validate_json(raw)
    except ValidationError:
        return None


class IntakeRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        general = super().get_route_handler()
        endpoint = self.endpoint
        model = get_type_hints(endpoint)["body"]

        async def handle(request: Request) -> Response:
            body = _valid_body(model, request, await request.body())
            key = request.headers.get("idempotency-key")
            if body is None or (key is not None and len(key) > KEY_MAX_LENGTH):
                return await general(request)
            caller = await caller_of(request)
            writer: GroupWriter = request.app.state.group_writer
            return await writer.write(
                lambda db: endpoint(body=body, db=db, caller=caller, idempotency_key=key)
            )

        return handle


def intake_post(router: APIRouter, path: str) -> Callable[[F], F]:
    """`@router.post(path, status_code=201)` served by an IntakeRoute."""

    def declare(endpoint: F) -> F:
        router.add_api_route(
            path, endpoint, methods=["POST"], status_code=201, route_class_override=IntakeRoute
        )
        return endpoint

    return declare

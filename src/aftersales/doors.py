"""The REST doors every domain has, each kind declared in one place: a create that
integrations retry (`idempotent_create`) and a change posted to one record (`add_action`).
Each endpoint is made with the route's own name and parameters, so the OpenAPI document reads
it as a handler written out alone."""

import inspect
import re
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aftersales import idempotency
from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.validation import Id

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
_PARAM = inspect.Parameter.POSITIONAL_OR_KEYWORD


def idempotent_create(
    router: APIRouter,
    path: str,
    *,
    route: str,
    scope: str = "",
    on_collision: Callable[[], Exception] | None = None,
) -> Callable[[F], F]:
    """`@router.post(path, status_code=201)` for a create that integrations retry: the
    decorated function takes the route's parameters (`body` and `db` among them), records the
    new row and returns its JSON. The door adds the `Idempotency-Key` header: a retry with the
    same key and body (and path parameter `scope`, where it has one) gets the first answer
    again. `route` names the door among the stored answers; `on_collision` is the refusal for
    a unique index hit that is not a retry."""

    def declare(make: F) -> F:
        def endpoint(idempotency_key: str | None = None, **given: Any) -> Any:
            return idempotency.answer_once(
                given["db"],
                key=idempotency_key,
                route=route,
                body=given["body"],
                create=lambda: make(**given),
                on_collision=on_collision,
                scope=given[scope] if scope else "",
            )

        own = inspect.signature(make)
        key = inspect.Parameter(
            "idempotency_key", _PARAM, default=None, annotation=idempotency.IdempotencyKey
        )
        endpoint.__signature__ = own.replace(  # type: ignore[attr-defined]
            parameters=[*own.parameters.values(), key], return_annotation=Any
        )
        endpoint.__name__ = endpoint.__qualname__ = make.__name__
        endpoint.__doc__ = make.__doc__
        router.add_api_route(path, endpoint, methods=["POST"], status_code=201)
        return make

    return declare


# A change to one record: (db, actor, the record's id, the parsed body) -> what it answers of.
Act = Callable[[Session, Principal, int, Any], T]


def as_data(body: BaseModel) -> dict[str, Any]:
    """The whole body, as `data`."""
    return {"data": body}


def fields(*names: str) -> Callable[[BaseModel], dict[str, Any]]:
    """The body's fields `names`, each as its own keyword."""
    return lambda body: {name: getattr(body, name) for name in names}


def service_step(
    step: Callable[..., T], key: str, given: Callable[[BaseModel], dict[str, Any]] = as_data
) -> Act[T]:
    """The act of a service function of the house shape: `step(db, <key>=the record's id,
    actor=…, now=…, **given(body))`."""

    def act(db: Session, user: Principal, record_id: int, body: BaseModel) -> T:
        return step(db, **{key: record_id}, actor=user, now=utcnow(), **given(body))

    return act


# The answer after the commit: (db, the caller, what the act returned, request) -> the
# response (the caller decides what of a customer is shown); its return annotation is the
# response's schema.
Answer = Callable[[Session, Principal, T, Request], Any]


def add_action(
    router: APIRouter,
    path: str,
    name: str,
    body_type: type[BaseModel],
    act: Act[T],
    answer: Answer[T],
    *,
    status_code: int = 200,
    doc: str | None = None,
) -> None:
    """POST `path`, whose one `{…}` is the record's id: `act` makes the change with the body
    read into `body_type`, the boundary commits it, and `answer` is the response."""
    key = re.findall(r"\{(\w+)\}", path)[0]

    def endpoint(body: Any, db: Db, user: CurrentUser, request: Request, **ids: int) -> Any:
        done = act(db, user, ids[key], body)
        db.commit()
        return answer(db, user, done, request)

    params = [
        inspect.Parameter(key, _PARAM, annotation=Id),
        inspect.Parameter("body", _PARAM, annotation=body_type),
        inspect.Parameter("db", _PARAM, annotation=Db),
        inspect.Parameter("user", _PARAM, annotation=CurrentUser),
        inspect.Parameter("request", _PARAM, annotation=Request),
    ]
    returns = inspect.signature(answer).return_annotation
    endpoint.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = doc
    router.add_api_route(path, endpoint, methods=["POST"], status_code=status_code, name=name)

"""A record's actions through both doors, as suggestions and hotline questions have them:
the console page (GET shows the record; each action reads its form into the schema the API
door takes, calls the one service function, and goes back to the page, or shows the page
again with each message next to its field); the API's action routes are `doors.add_action`
calling the same service functions."""

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_model, form_on_page, posted_text
from aftersales.web.render import render

F = TypeVar("F", bound=Callable[..., Any])
# What the record's template shows: (db, user, record id) -> its variables; a record out of
# the user's sight raises its NotFound.
Context = Callable[[Session, Principal, int], dict[str, Any]]


def _nothing(posted: FormData) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Action:
    """A form on the page, posted to `<page>/<path>` and read into `schema` (`given` reads
    what the schema's own fields cannot, a checkbox); `step` is the service function doing it,
    called as `step(db, <key>=record id, data=…, actor=…, now=…)`; `done` is flashed."""

    path: str
    schema: type[BaseModel]
    done: str
    step: Callable[..., object]
    given: Callable[[FormData], dict[str, Any]] = field(default=_nothing)


def _keyed(endpoint: F, key: str) -> F:
    """The record's id first, as the path names it (`suggestion_id`) and validated as an id
    (the endpoint takes it in `**ids`): the route reads as one written out alone."""
    signature = inspect.signature(endpoint)
    params = [p for p in signature.parameters.values() if p.kind != p.VAR_KEYWORD]
    the_id = inspect.Parameter(key, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Id)
    keyed = signature.replace(parameters=[the_id, *params])
    endpoint.__signature__ = keyed  # type: ignore[attr-defined]
    return endpoint


def add_record_page(
    router: APIRouter,
    page: str,
    key: str,
    *,
    template: str,
    context: Context,
    actions: Sequence[Action],
) -> None:
    """GET `page/{key}` shows the record (`template` with `context(db, user, record id)`);
    POST `page/{key}/<path>` does each action."""

    def detail(request: Request, db: Db, user: PageUser, **ids: int) -> Response:
        return render(request, template, errors={}, **context(db, user, ids[key]))

    router.add_api_route(f"{page}/{{{key}}}", _keyed(detail, key), methods=["GET"])
    for action in actions:
        router.add_api_route(
            f"{page}/{{{key}}}/{action.path}",
            _keyed(_action_endpoint(page, key, template, context, action), key),
            methods=["POST"],
            name=action.path,
        )


def _action_endpoint(
    page: str, key: str, template: str, context: Context, action: Action
) -> Callable[..., Response]:
    def endpoint(request: Request, db: Db, user: PageUser, posted: Posted, **ids: int) -> Response:
        record_id = ids[key]

        def work() -> None:
            data = form_model(posted, action.schema, **action.given(posted))
            action.step(db, **{key: record_id}, data=data, actor=user, now=utcnow())

        return form_on_page(
            request,
            db,
            work=work,
            done=action.done,
            redirect=f"{page}/{record_id}",
            template=template,
            context=lambda: context(db, user, record_id),
        )

    return endpoint


def add_new_page(
    router: APIRouter,
    page: str,
    *,
    template: str,
    fields: tuple[str, ...],
    choices: dict[str, Any],
    blank: Callable[[Session, Principal], dict[str, str]],
    take: Callable[[Session, Principal, FormData, dict[str, str]], object],
    done: str,
    rename: dict[str, str],
) -> None:
    """GET `page/new` shows the empty form (`blank(db, user)` fills some fields, or refuses); POST
    `page/new` hands the posted form, and its `fields` trimmed, to `take(db, user, posted,
    form)` and goes back to `page`, or shows the form again with each message next to its
    field (`rename` maps the schema's paths to the form's names)."""

    def new_form(request: Request, db: Db, user: PageUser) -> Response:
        form = dict.fromkeys(fields, "") | blank(db, user)
        return render(request, template, form=form, errors={}, **choices)

    def new(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
        form = {k: posted_text(posted, k) for k in fields}
        return form_on_page(
            request,
            db,
            work=lambda: take(db, user, posted, form),
            done=done,
            redirect=page,
            template=template,
            context=lambda: {"form": form, **choices},
            fields=rename,
        )

    router.add_api_route(f"{page}/new", new_form, methods=["GET"])
    router.add_api_route(f"{page}/new", new, methods=["POST"])

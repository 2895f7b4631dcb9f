"""The two reading doors of a kind of feedback record (suggestions, hotline questions), made
one way for both: the list, and one record with its history. Each endpoint gets the route's
own name and parameters, so the OpenAPI document reads it as a handler written out alone."""

import inspect
import re
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query

from aftersales.audit import service as audit
from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.feedback.listing import RecordList
from aftersales.feedback.present import history_json
from aftersales.refs import Refs, refs
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageCursor, PageLimit

_PARAM = inspect.Parameter.POSITIONAL_OR_KEYWORD

# A record as JSON: (the row, the code look-ups, the caller, now).
RowJson = Callable[[Any, Refs, Principal, datetime], dict[str, Any]]


def add_list_door(
    router: APIRouter,
    path: str,
    records: RecordList[Any],
    *,
    statuses: type[StrEnum],
    row_json: RowJson,
) -> None:
    """GET `path`: a page of the records the caller sees, filtered by a status of `statuses`
    and a store code (an unknown code lists nothing)."""

    def list_all(
        db: Db,
        user: CurrentUser,
        status: Any = None,
        store: Annotated[str | None, Query(max_length=20)] = None,
        cursor: PageCursor = None,
        limit: PageLimit = 50,
    ) -> JSONBytes:
        r, now = refs(db), utcnow()
        page = records.page(
            db,
            user=user,
            status=status,
            store_id=r.stores.get(store, -1) if store else None,
            cursor=cursor,
            limit=limit,
        )
        return JSONBytes(page.as_json([row_json(row, r, user, now) for row in page.items]))

    own = inspect.signature(list_all)
    params = [
        p.replace(annotation=statuses | None) if p.name == "status" else p
        for p in own.parameters.values()
    ]
    list_all.__signature__ = own.replace(parameters=params)  # type: ignore[attr-defined]
    router.add_api_route(path, list_all, methods=["GET"])


def add_read_door(
    router: APIRouter,
    path: str,
    *,
    entity: str,
    get: Callable[..., Any],
    row_json: RowJson,
) -> None:
    """GET `path`, whose one `{…}` is the record's id: the record as `get(db, user=…, <id>=…)`
    finds it in the caller's scope, with its history (audit events of `entity`)."""
    key = re.findall(r"\{(\w+)\}", path)[0]

    def read(db: Db, user: CurrentUser, **ids: int) -> JSONBytes:
        row = get(db, user=user, **ids)
        events = audit.history(db, entity=entity, entity_id=row.id)
        r = refs(db)
        return JSONBytes(
            row_json(row, r, user, utcnow())
            | {"history": history_json(events, r.zone(row.store_id))}
        )

    params = [
        inspect.Parameter(key, _PARAM, annotation=Id),
        inspect.Parameter("db", _PARAM, annotation=Db),
        inspect.Parameter("user", _PARAM, annotation=CurrentUser),
    ]
    read.__signature__ = inspect.Signature(params, return_annotation=JSONBytes)  # type: ignore[attr-defined]
    router.add_api_route(path, read, methods=["GET"])

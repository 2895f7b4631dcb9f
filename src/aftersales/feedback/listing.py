"""The list of one kind of feedback record (suggestions, hotline questions), read one way for
both: the rows the caller sees, filtered by status and store, keyset paged newest first."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.paging import Page, keyset_page, matching

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class RecordList(Generic[R]):
    """How a kind of record is listed: `visible` is the caller's scope on it, `model` its
    table (with `status` and `store_id` columns) and `at` the time column the list is paged
    on."""

    visible: Callable[[Principal], Select[tuple[R]]]
    model: Any
    at: Any

    def page(
        self,
        session: Session,
        *,
        user: Principal,
        status: str | None = None,
        store_id: int | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page[R]:
        m = self.model
        stmt = matching(self.visible(user), (m.status, status), (m.store_id, store_id))
        return keyset_page(session, stmt, at=self.at, id_=m.id, cursor=cursor, limit=limit)

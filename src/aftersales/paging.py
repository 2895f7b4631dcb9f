"""Lists, one way for every list: the filters a caller gave, and keyset paging newest first
on (time, id) with an opaque cursor."""

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import Session

from aftersales.errors import InvalidInput

T = TypeVar("T")


def encode_cursor(at: datetime, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{row_id}".encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        at, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(at), int(row_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Malformed cursor", field="cursor") from exc


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of rows and the cursor of the next one (None on the last page)."""

    items: list[T]
    next_cursor: str | None

    @classmethod
    def of(cls, rows: list[T], limit: int, *, at: str) -> "Page[T]":
        """A page of rows read newest first with `limit`: a full page says where the next
        one starts (from the last row's `at` and id)."""
        if len(rows) < limit or not rows:
            return cls(rows, None)
        last = rows[-1]
        return cls(rows, encode_cursor(getattr(last, at), last.id))  # type: ignore[attr-defined]

    def as_json(self, rows: list[Any]) -> dict[str, Any]:
        return {"items": rows, "next": self.next_cursor}  # the contract calls it `next`


def matching(stmt: Select[Any], *filters: tuple[Any, Any]) -> Select[Any]:
    """`stmt` narrowed to the rows whose column equals each value given: (column, value)
    pairs, where None or "" is a filter the caller left empty."""
    for column, value in filters:
        if value is not None and value != "":
            stmt = stmt.where(column == value)
    return stmt


def newest_first(
    stmt: Select[Any], *, at: Any, id_: Any, after: tuple[datetime, int] | None
) -> Select[Any]:
    """Order by (at, id) descending and start after the cursor's row."""
    if after is not None:
        stmt = stmt.where(or_(at < after[0], and_(at == after[0], id_ < after[1])))
    return stmt.order_by(at.desc(), id_.desc())


def oldest_first(
    stmt: Select[Any], *, at: Any, id_: Any, after: tuple[datetime, int] | None
) -> Select[Any]:
    """Order by (at, id) ascending (a queue: the longest-waiting first) after the cursor."""
    if after is not None:
        stmt = stmt.where(or_(at > after[0], and_(at == after[0], id_ > after[1])))
    return stmt.order_by(at, id_)


def keyset_page(
    session: Session, stmt: Select[Any], *, at: Any, id_: Any, cursor: str | None, limit: int
) -> Page[Any]:
    """Run `stmt` newest first from `cursor`, `limit` rows, and say where the next page starts.

    One extra row is read to know whether there is a next page, so the last page never
    offers an empty one."""
    stmt = newest_first(stmt, at=at, id_=id_, after=decode_cursor(cursor)).limit(limit + 1)
    rows = list(session.scalars(stmt))
    if len(rows) <= limit:
        return Page(rows, None)
    rows = rows[:limit]
    last = rows[-1]
    return Page(rows, encode_cursor(getattr(last, at.key), last.id))

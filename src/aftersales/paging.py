"""Keyset cursors: opaque strings carrying the last row's sort key."""

import base64
from datetime import datetime

from aftersales.errors import InvalidInput


def encode_cursor(at: datetime, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{row_id}".encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        at, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(at), int(row_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Malformed cursor", message_zh="分页游标无效", field="cursor") from exc

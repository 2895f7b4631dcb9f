"""One validation layer for what arrives from outside: ids, years, dates and text.

Bad input must be refused with a 422 naming the field, before it reaches the database:
PostgreSQL refuses a NUL byte in text and an id above its integer column, SQLite an
integer over 2^63, and either may overflow on a date near year 1 or 9999. Ids, years and
dates are typed here and used by the schemas and routes; text is checked once, for every
route, by `ControlCharacterGuard`, so a new route cannot forget it.
"""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import parse_qsl

import orjson
from annotated_types import Ge, Le
from fastapi import Query
from pydantic import AfterValidator, Field

from aftersales.i18n import gettext

# Pydantic's error types in words (msgids of the catalog): a zh-CN reader never meets
# Pydantic's English, on a page or in an API answer.
_REASONS = {
    "missing": "Required",
    "string_too_short": "Required",
    "string_too_long": "Too long",
    "enum": "Choose one of the options",
    "literal_error": "Choose one of the options",
    "less_than_equal": "Too large",
    "less_than": "Too large",
    "greater_than_equal": "Too small",
    "greater_than": "Too small",
    "int_parsing": "Enter a whole number",
    "decimal_parsing": "Enter a number",
    "date_from_datetime_parsing": "Not a date",
    "date_parsing": "Not a date",
    "datetime_parsing": "Not a date and time",
    "datetime_from_date_parsing": "Not a date and time",
    "json_invalid": "Not valid JSON",
    "model_attributes_type": "Send a JSON object",
    "model_type": "Send a JSON object",
    "dict_type": "Send a JSON object",
    "list_type": "Send a list",
    "string_type": "Enter text",
    "int_type": "Enter a whole number",
    "bool_parsing": "Choose yes or no",
    "bool_type": "Choose yes or no",
}


def reason(error: Mapping[str, Any], lang: str) -> str:
    """A validation error (one of Pydantic's) in the reader's words."""
    kind = error.get("type", "")
    if kind in _REASONS:
        return gettext(lang, _REASONS[kind])
    if "phone" in str(error.get("loc", ())):
        return gettext(lang, "Not a valid Chinese phone number")
    if lang == "en":  # our own validators' words (a value_error) say more than its type
        return str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return gettext(lang, "Not a valid value")


# Row ids are INTEGER columns: 32-bit on PostgreSQL, the smaller of the two databases.
MAX_ID = 2**31 - 1
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)

Id = Annotated[int, Ge(1), Le(MAX_ID)]
# A list's page size and the cursor of its next page, as every list door takes them.
PageLimit = Annotated[int, Query(ge=1, le=200)]
PageCursor = Annotated[str | None, Query(max_length=200)]
# The version of the record the caller read, sent back with every change to that record:
# required (422 naming `version` when absent), a stale one is refused with 409.
Version = Annotated[int, Ge(1), Le(MAX_ID)]
Year = Annotated[int, Ge(FIRST_DAY.year), Le(LAST_DAY.year)]


def _day_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return value


def _moment_in_range(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-11-20T10:00:00+08:00")
    # Within these years converting to UTC cannot overflow (it would at 9999-12-31).
    _day_in_range(value.date())
    return value


Day = Annotated[date, AfterValidator(_day_in_range)]
Moment = Annotated[datetime, AfterValidator(_moment_in_range)]

# Tab, line feed and carriage return (browsers send CRLF in textareas) are text; the other
# C0 controls and DEL are not, and NUL breaks PostgreSQL.
_REFUSED = frozenset(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127])


def has_control_character(value: str) -> bool:
    return not _REFUSED.isdisjoint(value)


def bad_text_field(value: Any, path: str = "") -> str | None:
    """The path (`customer.name`, `lines[0].sku`) of the first string holding a control
    character, in a decoded JSON value; None when all text is clean."""
    if isinstance(value, str):
        return (path or "body") if has_control_character(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = bad_text_field(str(key), path) or bad_text_field(
                item, f"{path}.{key}" if path else str(key)
            )
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = bad_text_field(item, f"{path}[{index}]")
            if found:
                return found
    return None


def bad_form_field(raw: bytes) -> str | None:
    for key, item in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if has_control_character(key) or has_control_character(item):
            return key
    return None


def bad_query_field(query: bytes) -> str | None:
    return bad_form_field(query)


def bad_json_field(raw: bytes) -> str | None:
    # Inside JSON text a control character can only be written escaped (\u0000 to \u001f),
    # except DEL, which may stand as it is: without either there is nothing to look for,
    # and the body need not be decoded here (most bodies, and all the busy ones).
    if b"\\u00" not in raw and b"\x7f" not in raw:
        return None
    try:
        decoded = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # not JSON: the route's own parsing answers it
    return bad_text_field(decoded)


def control_character_json(field: str, lang: str) -> bytes:
    message = gettext(lang, "%(field)s: control characters are not allowed in text", field=field)
    return orjson.dumps(
        {
            "code": "invalid",
            "message": message,
            "field": field,
            "errors": [{"field": field, "message": message, "type": "control_character"}],
        }
    )


def _replay(body: bytes, receive: Any) -> Any:
    """A receive channel that hands the buffered body to the app, then the real one."""
    sent = False

    async def again() -> Any:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _bad_multipart_field(scope: Any, body: bytes, receive: Any) -> str | None:
    from starlette.requests import Request

    form = await Request(scope, _replay(body, receive)).form()
    try:
        for key, item in form.multi_items():
            if isinstance(item, str) and (
                has_control_character(key) or has_control_character(item)
            ):
                return key
        return None
    finally:
        await form.close()


class ControlCharacterGuard:
    """Refuses control characters in the query string and in JSON, form and multipart text,
    for every route (uploaded files themselves are binary and not looked at)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        field = "path" if has_control_character(scope["path"]) else None
        field = field or bad_query_field(scope.get("query_string", b""))
        kind = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
        if field is None and kind in _BODY_CHECKS:
            body = await _read_body(receive)
            if kind == b"multipart/form-data":
                field = await _bad_multipart_field(scope, body, receive)
            else:
                field = _BODY_CHECKS[kind](body)
            receive = _replay(body, receive)
        if field is None:
            return await self.app(scope, receive, send)
        await _refuse(scope, receive, send, field)


_BODY_CHECKS: dict[bytes, Any] = {
    b"application/json": bad_json_field,
    b"application/x-www-form-urlencoded": bad_form_field,
    b"multipart/form-data": None,
}


async def _refuse(scope: Any, receive: Any, send: Any, field: str) -> None:
    from starlette.requests import Request
    from starlette.responses import Response

    from aftersales.i18n import request_lang

    request = Request(scope, receive)
    lang = request_lang(request)
    if scope["path"].startswith("/api/"):
        response = Response(
            control_character_json(field, lang), status_code=422, media_type="application/json"
        )
    else:
        message = gettext(lang, "%(field)s: control characters are not allowed", field=field)
        response = request.app.state.render_error(request, 422, message)
    await response(scope, receive, send)


# Money as it arrives: a finite, non-negative amount with at most two places.
def _money(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite amount")
    if value < 0:
        raise ValueError("must not be negative")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("at most two decimal places")
    return value.quantize(Decimal("0.01"))


MoneyIn = Annotated[Decimal, Field(max_digits=12), AfterValidator(_money)]

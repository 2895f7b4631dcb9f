"""Reading the complaint pages' form fields: validation messages next to their field, local
times typed into a datetime-local box, version numbers."""

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from pydantic import ValidationError
from starlette.datastructures import FormData

from aftersales.errors import DomainError, InvalidInput


async def _form(request: Request) -> FormData:
    # Parsed on the event loop (Starlette caches it), so the page routes can stay sync.
    return await request.form()


Posted = Annotated[FormData, Depends(_form)]

# Form field names of the registration form that differ from the schema's path.
_FIELD = {"customer.name": "customer_name", "customer.phone": "customer_phone",
          "customer.member_no": "member_no", "customer": "customer_name"}
_WORDS = {
    "missing": ("必填", "Required"),
    "string_too_short": ("必填", "Required"),
    "string_too_long": ("内容太长", "Too long"),
    "enum": ("请选择有效的选项", "Choose one of the options"),
    "less_than_equal": ("数值太大", "Too large"),
    "greater_than_equal": ("数值太小", "Too small"),
}


def _path(loc: tuple) -> str:
    name = ".".join(str(p) for p in loc if not isinstance(p, int))
    return _FIELD.get(name, name)


def _words(error: dict, lang: str) -> str:
    found = _WORDS.get(error.get("type", ""))
    if found:
        return found[1] if lang == "en" else found[0]
    if "phone" in str(error.get("loc", ())):
        return "Not a valid Chinese phone number" if lang == "en" else "不是有效的中国电话号码"
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return message if lang == "en" else f"输入有误：{message}"


def validation_messages(exc: ValidationError, lang: str) -> dict[str, str]:
    """Field name -> message, the first error of each field."""
    out: dict[str, str] = {}
    for error in exc.errors():
        out.setdefault(_path(tuple(error.get("loc", ()))), _words(error, lang))
    return out


def domain_messages(exc: DomainError, lang: str) -> dict[str, str]:
    message = exc.message(lang)
    current = exc.extra.get("current_version")
    if current is not None:  # a stale edit: say which version is now the newest
        message += f"（{current}）" if lang != "en" else f" (now version {current})"
    return {exc.field or "form": message}


def local_time(raw: str, tz: str, field: str = "occurred_at") -> datetime | None:
    """A datetime-local value ("2026-11-20T10:00") read in the store's time zone."""
    if not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput("Not a date and time", message_zh="日期时间格式不正确",
                           field=field) from None
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))


def version(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


def blank_none(raw: str) -> str | None:
    return raw.strip() or None

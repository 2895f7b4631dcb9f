"""Typed domain errors: each carries an HTTP status, a stable code and the field at fault."""

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"
    message_zh = "请求有误"
    message_en = "Bad request"

    def __init__(
        self,
        message_en: str | None = None,
        *,
        message_zh: str | None = None,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message_en = message_en or type(self).message_en
        self.message_zh = message_zh or (
            type(self).message_zh if message_en is None else self.message_en
        )
        self.field = field
        self.errors = errors or []
        self.extra = extra or {}
        super().__init__(self.message_en)

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh

    def as_json(self, lang: str) -> dict[str, Any]:
        body = {
            "code": self.code,
            "message": self.message(lang),
            "field": self.field,
            "errors": self.errors,
        }
        body.update(self.extra)
        return body


class InvalidInput(DomainError):
    status = 422
    code = "invalid"
    message_zh = "输入有误"
    message_en = "Invalid input"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    message_zh = "未找到"
    message_en = "Not found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    message_zh = "与现有记录冲突"
    message_en = "Conflicts with an existing record"


class StaleVersion(Conflict):
    code = "stale_version"
    message_zh = "记录已被他人修改，请刷新后重试"
    message_en = "The record was changed by someone else; reload and try again"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    message_zh = "请先登录"
    message_en = "Log in first"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    message_zh = "无权访问"
    message_en = "You may not do this"


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"
    message_zh = "尝试次数过多，请稍后再试"
    message_en = "Too many attempts; try again later"


def check_version(current: int, sent: int | None) -> None:
    """The optimistic-lock check every edit makes: a stale form gets 409 with the newer
    version; no version sent means the caller did not read one (an integration's POST)."""
    if sent is not None and sent != current:
        raise StaleVersion(field="version", extra={"current_version": current})

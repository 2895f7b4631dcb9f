"""Typed domain errors: each carries an HTTP status, a stable code and the field at fault."""

from typing import Any

from aftersales.i18n import gettext, worded


class DomainError(Exception):
    """`message_en` is the catalog's message id: the English text, with `%(name)s` for the
    values in `params`, so one sentence is one entry whatever it names. A param that is an
    i18n.Word (a state's name) is worded in the caller's language too."""

    status = 400
    code = "bad_request"
    message_en = "Bad request"

    def __init__(
        self,
        message_en: str | None = None,
        *,
        params: dict[str, Any] | None = None,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message_en = message_en or type(self).message_en
        self.params = params or {}
        self.field = field
        self.errors = errors or []
        self.extra = extra or {}
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return gettext(lang, self.message_en, **worded(lang, self.params))

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
    message_en = "Invalid input"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    message_en = "Not found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    message_en = "Conflicts with an existing record"


class StaleVersion(Conflict):
    code = "stale_version"
    message_en = "The record was changed by someone else; reload and try again"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    message_en = "Log in first"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    message_en = "You may not do this"


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"
    message_en = "Too many attempts; try again later"


def check_version(current: int, sent: int | None) -> None:
    """The optimistic-lock check every edit makes: a stale form gets 409 with the newer
    version; no version sent means the caller did not read one (an integration's POST)."""
    if sent is not None and sent != current:
        raise StaleVersion(field="version", extra={"current_version": current})

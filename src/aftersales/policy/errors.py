"""Errors of the policy engine, named for what went wrong."""

from __future__ import annotations

# Field errors stay plain dicts: the API doors and the CLI build and read them as such.
FieldErrors = list[dict[str, str]]


class PolicyFileError(Exception):
    """A policy file cannot be used: which file, which clause (or None), why."""

    def __init__(self, file: str, clause: str | None, message: str) -> None:
        self.file = file
        self.clause = clause
        self.message = message
        where = f"{file}: {clause}" if clause else file
        super().__init__(f"{where}: {message}")


class RequestInvalid(ValueError):
    """A decision request is malformed. `errors` names every wrong field:
    [{"field": "sold_on", "message": "..."}, ...] (field paths like
    "repairs[0].on" or "condition[2])."""

    code = "request_invalid"

    def __init__(self, errors: FieldErrors) -> None:
        self.errors = errors
        first = errors[0] if errors else {"field": "", "message": "invalid request"}
        super().__init__(f"{first['field']}: {first['message']}")

    def to_dict(self) -> dict[str, object]:
        """The API's error shape (shared/contracts/api-basics.md); callers may add keys."""
        first = self.errors[0] if self.errors else {"field": None, "message": str(self)}
        return {
            "code": self.code,
            "message": first["message"],
            "field": first["field"] or None,
            "errors": self.errors,
        }

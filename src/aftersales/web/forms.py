"""Console forms, one way for every page: read the posted fields, do the work in one
transaction, then Post/Redirect/Get, or show the page again with each message next to its
field, in the reader's language. An error path never commits."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from aftersales.errors import DomainError, InvalidInput, StaleVersion
from aftersales.i18n import gettext, request_lang, translator
from aftersales.validation import reason
from aftersales.web.render import flash, render


async def _form(request: Request) -> FormData:
    # Parsed on the event loop (Starlette caches it), so the page routes can stay sync.
    return await request.form()


Posted = Annotated[FormData, Depends(_form)]


def _path(loc: tuple[Any, ...], fields: Mapping[str, str]) -> str:
    name = ".".join(str(p) for p in loc if not isinstance(p, int) and p != "body")
    return fields.get(name, name)


def validation_messages(
    exc: ValidationError, lang: str, fields: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Field name -> message, the first error of each field; `fields` renames schema paths
    to the form's field names."""
    out: dict[str, str] = {}
    for error in exc.errors():
        out.setdefault(_path(tuple(error.get("loc", ())), fields or {}), reason(error, lang))
    return out


def domain_messages(exc: DomainError, lang: str) -> dict[str, str]:
    message = exc.message(lang)
    current = exc.extra.get("current_version")
    if current is not None:  # a stale edit: say which version is now the newest
        message += gettext(lang, " (now version %(current)s)", current=current)
    return {exc.field or "form": message}


def form_action(
    request: Request,
    db: Session,
    *,
    work: Callable[[], Any],
    done: str,
    redirect: str,
    again: Callable[[dict[str, str], int], Response],
    fields: Mapping[str, str] | None = None,
    counted_refusal: type[DomainError] | None = None,
) -> Response:
    """Do the work and commit, flash `done` and redirect; on a refusal roll back and call
    `again(errors, status)` to show the page with the messages. A 404 stays a 404.
    `counted_refusal` names the one refusal whose writes are the point of it and are kept
    (a wrong confirmation code counts as an attempt)."""
    lang = request_lang(request)
    try:
        work()
        db.commit()
    except ValidationError as exc:
        db.rollback()
        return again(validation_messages(exc, lang, fields), 422)
    except StaleDataError:
        db.rollback()  # a version column refused the write: someone saved first
        return again(domain_messages(StaleVersion(field="version"), lang), 409)
    except DomainError as exc:
        if counted_refusal is not None and isinstance(exc, counted_refusal):
            db.commit()
        else:
            db.rollback()
        if exc.status == 404:
            raise
        return again(domain_messages(exc, lang), exc.status)
    flash(request, done)
    return RedirectResponse(redirect, status_code=303)


# Form fields as their labels read (msgids of the catalog).
FIELD_LABELS = {
    "username": "Username",
    "display_name": "Display name",
    "role": "Role",
    "store": "Store",
    "counter": "Counter",
    "email": "E-mail",
    "code": "Code",
    "password": "Password",
    "name": "Name",
    "floor": "Floor",
    "brand": "Brand",
}


def form_on_page(
    request: Request,
    db: Session,
    *,
    work: Callable[[], Any],
    done: str,
    redirect: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    fields: Mapping[str, str] | None = None,
    counted_refusal: type[DomainError] | None = None,
) -> Response:
    """`form_action` for a form posted from a page: when refused, the page again, `template`
    rendered from a fresh `context()` with the messages added to its `errors`."""

    def again(errors: dict[str, str], status: int) -> Response:
        shown = context()
        shown["errors"] = shown.get("errors", {}) | errors
        return render(request, template, status=status, **shown)

    return form_action(
        request,
        db,
        work=work,
        done=done,
        redirect=redirect,
        again=again,
        fields=fields,
        counted_refusal=counted_refusal,
    )


@dataclass(frozen=True, slots=True)
class FormPage:
    """A console page drawn from one template, and the forms posted from it. `context` is
    called as `context(request, db, user, *ids)` (the ids the page's path names) both to
    show the page and to show it again with the messages of a refused form."""

    template: str
    context: Callable[..., dict[str, Any]]

    def show(self, request: Request, db: Session, user: Any, *ids: Any) -> Response:
        return render(request, self.template, **self.context(request, db, user, *ids))

    def post(
        self,
        request: Request,
        db: Session,
        user: Any,
        *ids: Any,
        work: Callable[[], Any],
        done: str,
        redirect: str,
        fields: Mapping[str, str] | None = None,
    ) -> Response:
        """A form posted from the page: done, to `redirect`; refused, the page again."""
        return form_on_page(
            request,
            db,
            work=work,
            done=done,
            redirect=redirect,
            template=self.template,
            context=lambda: self.context(request, db, user, *ids),
            fields=fields,
        )


M = TypeVar("M", bound=BaseModel)


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, UnionType):
        return any(_is_list(arg) for arg in get_args(annotation))
    return get_origin(annotation) is list


def form_model(posted: FormData, model: type[M], **given: Any) -> M:
    """The posted form read into the schema the API door takes, so both doors validate alike:
    each field the schema declares, trimmed; a blank one left out (its default applies, or it
    is reported missing); list fields from every value posted; `given` fills the rest."""
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if _is_list(field.annotation):
            values = [str(v).strip() for v in posted.getlist(name) if str(v).strip()]
            if values:
                data[name] = values
        elif text := posted_text(posted, name):
            data[name] = text
    return model.model_validate(data | given)


def posted_text(posted: FormData, name: str) -> str:
    """A posted field, trimmed; "" when the form did not send it."""
    return str(posted.get(name, "")).strip()


def first_error(
    request: Request, errors: Mapping[str, str] | None
) -> tuple[str | None, str] | None:
    """A one-alert form's error: the field as its label reads in the reader's language, and
    the message; None when there is no error."""
    if not errors:
        return None
    field, message = next(iter(errors.items()))
    label = FIELD_LABELS.get(field)
    return (translator(request_lang(request))(label) if label else None), message


def local_time(raw: str, tz: str, field: str = "occurred_at") -> datetime | None:
    """A datetime-local value ("2026-11-20T10:00") read in the store's time zone."""
    if not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput("Not a date and time", field=field) from None
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))


def row_id(raw: str, field: str) -> int | None:
    """A hidden id field: empty for a new record, else a whole number."""
    if not raw.strip():
        return None
    if not raw.strip().isdigit():
        raise InvalidInput("Not a record number", field=field)
    return int(raw)


def version(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None

"""Console pages: the versions, the TOML editor, the diff against the active set, replays
and activation. Thin: read the form, call one service function, render."""

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.errors import DomainError, InvalidInput
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.policysets import access, service
from aftersales.policysets.errors import DraftInvalid
from aftersales.policysets.models import PolicySetVersion
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, posted_text, version
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
NEW_FILE = "__new__"  # the editor's empty slot for a file of a new name


@router.get("/policy/versions")
def versions_page(request: Request, db: Db, user: PageUser) -> Response:
    rows = service.list_versions(db, user=user)
    return render(
        request,
        "policysets/list.html",
        rows=rows,
        active=service.active_set(db),
        can_edit=access.can(user, "edit"),
    )


def _editor(
    request: Request,
    db: Db,
    *,
    files: dict[str, str],
    note: str = "",
    based_on: PolicySetVersion | None,
    status: int = 200,
    errors: list[dict[str, str]] | None = None,
    message: str | None = None,
) -> Response:
    return render(
        request,
        "policysets/edit.html",
        status=status,
        files=files,
        note=note,
        based_on=based_on,
        errors=errors or [],
        message=message,
        new_file=NEW_FILE,
    )


@router.get("/policy/versions/new")
def new_draft(request: Request, db: Db, user: PageUser, start: int | None = None) -> Response:
    access.require(user, "edit")
    row = service.get_version(db, user=user, version_id=start) if start else service.active_row(db)
    files = row.files if row is not None else service.shipped_files()
    return _editor(request, db, files=files, based_on=row)


@router.post("/policy/versions")
def save_draft(request: Request, db: Db, user: PageUser, form: Posted) -> Response:
    access.require(user, "edit")
    files: dict[str, str] = {}
    for key, value in form.multi_items():
        if key.startswith("file:") and key != f"file:{NEW_FILE}" and str(value).strip():
            files[key.removeprefix("file:")] = str(value)  # an emptied file is left out
    new_name = str(form.get("new_name", "")).strip()
    if new_name and str(form.get(f"file:{NEW_FILE}", "")).strip():
        files[new_name] = str(form.get(f"file:{NEW_FILE}"))
    note = str(form.get("note", ""))
    raw_base = str(form.get("based_on", ""))
    based_id = int(raw_base) if raw_base.isdigit() else None
    based_on = db.get(PolicySetVersion, based_id) if based_id else None
    lang = request_lang(request)
    try:
        row = service.save_draft(db, files=files, note=note, actor=user, based_on_id=based_id)
        db.commit()
    except InvalidInput as exc:  # a draft that does not validate lists its errors
        db.rollback()
        return _editor(
            request,
            db,
            files=files,
            note=note,
            based_on=based_on,
            status=422,
            errors=exc.errors if isinstance(exc, DraftInvalid) else None,
            message=exc.message(lang),
        )
    flash(request, "Draft saved")
    return RedirectResponse(f"/policy/versions/{row.id}", status_code=303)


def _version_page(
    request: Request,
    db: Db,
    user: PageUser,
    version_id: Id,
    status: int = 200,
    error: str | None = None,
) -> Response:
    row = service.get_version(db, user=user, version_id=version_id)
    active = service.active_row(db)
    try:
        _set, warnings = service.check_files(row.files)
        problem = None
    except DomainError as exc:  # an old version this release's engine no longer reads
        warnings, problem = [], exc.message(request_lang(request))
    return render(
        request,
        "policysets/version.html",
        status=status,
        row=row,
        active=active,
        diff=service.diff(active.files, row.files) if active and active.id != row.id else [],
        warnings=warnings,
        problem=problem,
        replays=service.replays_of(db, user=user, draft_id=row.id),
        can_edit=access.can(user, "edit"),
        can_activate=access.can(user, "activate"),
        can_replay=access.can(user, "replay"),
        error=error,
    )


@router.get("/policy/versions/{version_id}")
def version_page(request: Request, version_id: Id, db: Db, user: PageUser) -> Response:
    return _version_page(request, db, user, version_id)


def _on_version(
    request: Request,
    db: Db,
    user: PageUser,
    version_id: Id,
    *,
    work: Callable[[], Any],
    done: str,
    redirect: str,
) -> Response:
    """An action on a version's page; refused, the page again with the messages in its one
    alert."""
    return form_action(
        request,
        db,
        work=work,
        done=done,
        redirect=redirect,
        again=lambda errors, status: _version_page(
            request, db, user, version_id, status, " ".join(errors.values())
        ),
    )


def _at_version_read(
    request: Request,
    db: Db,
    user: PageUser,
    version_id: Id,
    form: Posted,
    step: Callable[..., Any],
    done: str,
    redirect: str,
) -> Response:
    """`step(db, version_id=, actor=, expected_version=)` on a version's page, refused when
    the version changed since the form was read."""
    read = version(posted_text(form, "version"))
    return _on_version(
        request,
        db,
        user,
        version_id,
        work=lambda: step(db, version_id=version_id, actor=user, expected_version=read),
        done=done,
        redirect=redirect,
    )


@router.post("/policy/versions/{version_id}/activate")
def activate(request: Request, version_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    step = partial(service.activate, now=utcnow())
    done, back = "Policy version activated", f"/policy/versions/{version_id}"
    return _at_version_read(request, db, user, version_id, form, step, done, back)


@router.post("/policy/versions/{version_id}/discard")
def discard(request: Request, version_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    done, back = "Draft set aside", "/policy/versions"
    return _at_version_read(request, db, user, version_id, form, service.discard, done, back)


@router.post("/policy/versions/{version_id}/replays")
def replay(request: Request, version_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    raw = str(form.get("months", "")).strip()
    made: list[int] = []
    db.rollback()  # nothing written yet: no writer lock held while the replay reads

    def work() -> None:
        if not raw.isdigit():
            raise InvalidInput("Enter a whole number", field="months")
        row = service.run_replay(db, draft_id=version_id, months=int(raw), actor=user, now=utcnow())
        made.append(row.id)

    answer = _on_version(
        request,
        db,
        user,
        version_id,
        work=work,
        done="Replay finished",
        redirect=f"/policy/versions/{version_id}",
    )
    if made and answer.status_code == 303:
        return RedirectResponse(f"/policy/replays/{made[0]}", status_code=303)
    return answer


@router.get("/policy/replays/{replay_id}")
def replay_page(request: Request, replay_id: Id, db: Db, user: PageUser) -> Response:
    row = service.get_replay(db, user=user, replay_id=replay_id)
    return render(
        request,
        "policysets/replay.html",
        row=row,
        label=labels.labeller(request_lang(request)),
        draft=db.get(PolicySetVersion, row.draft_id),
        against=db.get(PolicySetVersion, row.against_id) if row.against_id else None,
    )
